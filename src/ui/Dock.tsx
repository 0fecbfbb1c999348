import type { KeyboardEvent, ReactNode } from 'react'
import { useRef } from 'react'
import type { PanelTab } from '../store/sim-store'
import { useSim, useSimStore } from './context'

export interface DockTab {
  id: PanelTab
  label: string
  render: () => ReactNode
}

/** The panels under the picture, as tabs (arrow keys move between tabs, as the ARIA pattern says). */
export function Dock({ tabs }: { tabs: DockTab[] }) {
  const store = useSimStore()
  const current = useSim((s) => s.panel)
  const refs = useRef<(HTMLButtonElement | null)[]>([])
  const active = tabs.find((t) => t.id === current) ?? tabs[0]
  const onKey = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null
    if (next === null) return
    e.preventDefault()
    const j = (next + tabs.length) % tabs.length
    store.getState().setPanel((tabs[j] as DockTab).id)
    refs.current[j]?.focus()
  }
  if (!active) return null
  return (
    <section className="dock" aria-label="Panels">
      <div role="tablist" aria-label="Panels" className="tabs">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === active.id}
            aria-controls={`tabpanel-${t.id}`}
            tabIndex={t.id === active.id ? 0 : -1}
            onClick={() => store.getState().setPanel(t.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${active.id}`} aria-labelledby={`tab-${active.id}`} className="tab-panel">
        {active.render()}
      </div>
    </section>
  )
}
