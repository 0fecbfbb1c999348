import { useClient, useSim } from './context'

/**
 * After Reset (a button, or R on a projector, easy to press by mistake), a moment to take it back:
 * the run it replaced comes back as it was, until the learner acts again.
 */
export function UndoReset() {
  const client = useClient()
  const offered = useSim((s) => s.canUndoReset)
  if (!offered) return null
  return (
    <div className="undo-reset" role="status">
      <span>Started again from the beginning.</span>
      <button type="button" className="small" onClick={() => client.undoReset()}>
        Undo reset
      </button>
    </div>
  )
}
