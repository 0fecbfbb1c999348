import { useThrottledSim } from '../use-throttled-sim'

/** Story lines too small for a caption (record traffic never reaches the story). */
const QUIET = new Set(['metadataUpdated', 'positionSet'])

/** Presenter mode: the story so far as captions, large, in a strip under the picture. */
export function Captions() {
  const events = useThrottledSim((s) => s.story, 250)
  const shown = []
  for (let i = events.length - 1; i >= 0 && shown.length < 2; i--) {
    const e = events[i]
    // A repeated sentence (a retry, say) is shown once.
    if (e && !QUIET.has(e.type) && e.text !== shown[0]?.text) shown.unshift(e)
  }
  return (
    <div className="captions" role="log" aria-label="Captions" aria-live="polite">
      {shown.map((e) => (
        <p key={e.seq}>{e.text}</p>
      ))}
    </div>
  )
}
