import { useEffect, useRef, useState } from 'react'
import { useClient, useSim, useSimStore } from '../context'
import { FocusOrigin, handleShortcut, SHORTCUTS } from './shortcuts'

/** Presenter mode and the keyboard shortcuts (listed behind "?"). */
export function ViewMenu() {
  const store = useSimStore()
  const client = useClient()
  const presenter = useSim((s) => s.presenter)
  const dialog = useRef<HTMLDialogElement>(null)
  const [open, setOpen] = useState(false)

  useEffect(() => {
    const origin = new FocusOrigin()
    const detach = origin.attach(window)
    const onKey = (e: KeyboardEvent) => {
      const handled = handleShortcut(
        e,
        store,
        client,
        {
          togglePresenter: () => store.getState().setPresenter(!store.getState().presenter),
          openHelp: () => setOpen(true),
        },
        origin,
      )
      if (handled) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
      detach()
    }
  }, [store, client])

  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal()
      else d.setAttribute('open', '')
    } else if (!open && d.open) {
      if (typeof d.close === 'function') d.close()
      else d.removeAttribute('open')
    }
  }, [open])

  return (
    <div className="view-menu">
      <button type="button" aria-pressed={presenter} onClick={() => store.getState().setPresenter(!presenter)} title="Large type and high contrast for a projector (P)">
        Presenter mode
      </button>
      <button type="button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setOpen(true)}>
        ?
      </button>
      <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" onClose={() => setOpen(false)}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Shortcuts work whenever the focus is not in a text field, a drop-down list or a menu. On the Speed slider the arrow keys move the slider.</p>
        <button type="button" className="primary" onClick={() => setOpen(false)}>
          Close
        </button>
      </dialog>
    </div>
  )
}
