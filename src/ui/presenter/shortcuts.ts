/**
 * Keyboard shortcuts for classroom demos: Space play/pause, Right arrow step, + and - speed,
 * R reset, ? the list of shortcuts. They apply only when the focus is not in a control that uses
 * the key itself (a text field, a select, a button for Space).
 */
import type { SimStore } from '../../store/sim-store'
import type { SimClient } from '../../worker/client'
import { nextSpeed } from '../speed'

export interface Shortcut {
  keys: string
  does: string
}

export const SHORTCUTS: Shortcut[] = [
  { keys: 'Space', does: 'Play or pause' },
  { keys: '→ (Right arrow)', does: 'Step to the next thing that happens' },
  { keys: '+', does: 'Faster' },
  { keys: '−', does: 'Slower' },
  { keys: 'R', does: 'Reset: start again from the beginning ("Undo reset" brings the run back)' },
  { keys: 'P', does: 'Presenter mode on or off' },
  { keys: '?', does: 'Show these shortcuts' },
]

function usesKeys(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true
  // Buttons, links and summaries act on Space and Enter themselves; arrows move within tab lists and sliders.
  if ((key === ' ' || key === 'Enter') && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY')) return true
  if (key.startsWith('Arrow') && target.closest('[role="tablist"], [role="radiogroup"], [role="slider"], ol.log')) return true
  return false
}

export function handleShortcut(
  e: KeyboardEvent,
  store: SimStore,
  client: SimClient,
  actions: { togglePresenter(): void; openHelp(): void },
): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || usesKeys(e.target, e.key)) return false
  switch (e.key) {
    case ' ':
      client.togglePlay()
      return true
    case 'ArrowRight':
      client.step()
      return true
    case '+':
    case '=':
      client.setSpeed(nextSpeed(store.getState().speed, 1))
      return true
    case '-':
    case '_':
      client.setSpeed(nextSpeed(store.getState().speed, -1))
      return true
    case 'r':
    case 'R':
      client.reset()
      return true
    case 'p':
    case 'P':
      actions.togglePresenter()
      return true
    case '?':
      actions.openHelp()
      return true
  }
  return false
}
