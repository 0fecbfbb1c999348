/**
 * The inspector in an embed: a drawer over the right of the picture instead of a column below it
 * (an 800 x 500 frame has no room beside the picture, and below it the inspector opened out of
 * sight, so a click on a producer or a partition seemed to do nothing).
 *
 * It opens when something is selected and takes the focus; Escape or the inspector's own "Close
 * inspector" button clear the selection, which closes it, and the focus goes back to where it was
 * (the thing that was clicked). It is not modal: the picture stays live beside it, and selecting
 * something else there shows that instead.
 */
import { useEffect, useLayoutEffect, useRef } from 'react'
import type { ReactNode } from 'react'
import { useSimStore } from '../ui/context'

/** Keys typed into these belong to them (a setting being edited reverts on Escape), not to the drawer. */
const TEXT_ENTRY = 'input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]), textarea, [contenteditable="true"]'

export function InspectorDrawer({ children }: { children: ReactNode }) {
  const store = useSimStore()
  const ref = useRef<HTMLElement>(null)
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null
    const drawer = ref.current
    drawer?.focus({ preventScroll: true })
    return () => {
      // Back to the opener, unless the focus has already gone somewhere else on purpose.
      const now = document.activeElement
      const lost = now === null || now === document.body || !now.isConnected || drawer?.contains(now)
      if (lost && opener?.isConnected) opener.focus({ preventScroll: true })
    }
  }, [])
  // Escape in the drawer or in the picture beside it (where the focus is after picking something
  // else there) closes it; panels and menus elsewhere keep their own Escape.
  useEffect(() => {
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      const target = e.target instanceof Element ? e.target : null
      if (target && (target.matches(TEXT_ENTRY) || !(target === document.body || target.closest('.workspace')))) return
      e.preventDefault()
      store.getState().select(null)
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [store])
  return (
    <aside ref={ref} className="side embed-inspector" aria-label="Inspector" tabIndex={-1}>
      {children}
    </aside>
  )
}
