import type { ReactNode } from 'react'
import type { Selection } from '../../store/sim-store'
import { useSim, useSimStore } from '../context'

function sameSelection(a: Selection | null, b: Selection): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The name of a thing in the picture, as a button that opens it in the inspector; plain text where
 * there is no inspector (an embed with fewer than full controls).
 */
export function SelectButton({ target, children, label }: { target: Selection; children: ReactNode; label?: string }) {
  const store = useSimStore()
  const selected = useSim((s) => sameSelection(s.selection, target))
  const inspectable = useSim((s) => s.layout.controls === 'full')
  if (!inspectable) {
    return (
      <span className="select-button" aria-label={label}>
        {children}
      </span>
    )
  }
  return (
    <button
      type="button"
      className={`select-button${selected ? ' selected' : ''}`}
      aria-pressed={selected}
      aria-label={label}
      onClick={() => store.getState().select(selected ? null : target)}
    >
      {children}
    </button>
  )
}
