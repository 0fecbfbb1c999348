/**
 * Keyboard shortcuts for classroom demos: Space play/pause, Right arrow step, + and - speed,
 * R reset, ? the list of shortcuts. They apply whenever the focus is not in a control that uses
 * the key itself:
 * - a text field, a select or a menu keeps every key;
 * - a slider (the Speed slider) keeps only its own keys: arrows, Home, End, Page Up and Page Down;
 * - a button, link, summary, checkbox or radio keeps Space and Enter when the keyboard put the
 *   focus there, but not when a mouse click did: a teacher who clicks "Presenter mode" and then
 *   presses Space means play/pause, not "press Presenter mode again". (Chromium starts matching
 *   :focus-visible on the keydown itself, so the app tracks how the focus arrived: FocusOrigin.)
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

/**
 * Remembers which elements took the focus from a pointer (mouse, pen, touch) rather than from the
 * keyboard, the way browsers decide :focus-visible: after a pointer down, every focus change (a
 * click's, or a script's in answer to the click) is a pointer's, until the next key press.
 */
export class FocusOrigin {
  private pointer = false
  private readonly byPointer = new WeakSet<EventTarget>()

  private readonly onPointerDown = () => {
    this.pointer = true
  }
  private readonly onKeyDown = () => {
    this.pointer = false
  }
  private readonly onFocusIn = (e: FocusEvent) => {
    if (!e.target) return
    if (this.pointer) this.byPointer.add(e.target)
    else this.byPointer.delete(e.target)
  }

  /** Starts listening on `win` (capture phase, before any handler can stop the event); returns the way to stop. */
  attach(win: Window): () => void {
    win.addEventListener('pointerdown', this.onPointerDown, true)
    win.addEventListener('mousedown', this.onPointerDown, true)
    win.addEventListener('keydown', this.onKeyDown, true)
    win.addEventListener('focusin', this.onFocusIn, true)
    return () => {
      win.removeEventListener('pointerdown', this.onPointerDown, true)
      win.removeEventListener('mousedown', this.onPointerDown, true)
      win.removeEventListener('keydown', this.onKeyDown, true)
      win.removeEventListener('focusin', this.onFocusIn, true)
    }
  }

  /** True when `el` has the focus because of a pointer. */
  fromPointer(el: EventTarget): boolean {
    return this.byPointer.has(el)
  }
}

const BUTTON_INPUTS = new Set(['button', 'submit', 'reset', 'image', 'checkbox', 'radio'])
/** A slider's own keys (WAI-ARIA slider pattern); every other key reaches the shortcuts. */
const SLIDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'])
const MENUS = '[role="menu"], [role="menubar"], [role="listbox"], [role="combobox"], [role="grid"], [role="tree"]'

/** Does the focused `target` use `key` itself (so the shortcut must not act on it)? */
export function usesKeys(target: EventTarget | null, key: string, fromPointer: (el: Element) => boolean = () => false): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  const type = target instanceof HTMLInputElement ? target.type : ''
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.closest(MENUS)) return true
  // Every other input (text, number, date...) is a text field.
  if (tag === 'INPUT' && type !== 'range' && !BUTTON_INPUTS.has(type)) return true
  if (type === 'range' || target.getAttribute('role') === 'slider') return SLIDER_KEYS.has(key)
  // Buttons, links, summaries, checkboxes and radios act on Space and Enter themselves, when the
  // keyboard brought the focus to them.
  const activates = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || BUTTON_INPUTS.has(type) || target.getAttribute('role') === 'button'
  if ((key === ' ' || key === 'Enter') && activates && !fromPointer(target)) return true
  // Arrows move within tab lists, radio groups and the event log.
  if (key.startsWith('Arrow') && (type === 'radio' || target.closest('[role="tablist"], [role="radiogroup"], ol.log'))) return true
  return false
}

export function handleShortcut(
  e: KeyboardEvent,
  store: SimStore,
  client: SimClient,
  actions: { togglePresenter(): void; openHelp(): void },
  focusOrigin?: FocusOrigin,
): boolean {
  const fromPointer = (el: Element) => focusOrigin?.fromPointer(el) ?? false
  if (e.ctrlKey || e.metaKey || e.altKey || usesKeys(e.target, e.key, fromPointer)) return false
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
