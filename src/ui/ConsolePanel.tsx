import { memo, useEffect, useRef } from 'react'
import type { ConsoleLine } from '../worker/protocol'
import { useThrottledSim } from './use-throttled-sim'

/** Lines on screen; the store keeps more, the page does not need them all drawn. */
const SHOWN = 200

/** What each consumer's consumer.py prints, one line per record it processes. */
export function ConsolePanel() {
  // A stream of lines is redrawn ten times a second at most: fast enough to read, cheap to draw.
  const lines = useThrottledSim((s) => s.console, 100)
  const skipped = useThrottledSim((s) => s.consoleSkipped, 100)
  const ref = useRef<HTMLPreElement>(null)
  const shown = lines.length > SHOWN ? lines.slice(lines.length - SHOWN) : lines
  const prefix = new Set(shown.map((l) => l.consumer)).size > 1
  const hidden = skipped + (lines.length - shown.length)

  useEffect(() => {
    const el = ref.current
    if (el) el.scrollTop = el.scrollHeight
  }, [lines])

  return (
    <section className="panel console" aria-labelledby="console-title">
      <h2 id="console-title">
        Console <span className="muted">— what consumer.py prints</span>
      </h2>
      <pre ref={ref} className="console-output" tabIndex={0} aria-label="Console output">
        {lines.length === 0 && <span className="muted">$ python consumer.py{'\n'}(waiting for records…)</span>}
        {hidden > 0 && <span className="muted">({hidden} earlier lines not shown){'\n'}</span>}
        {shown.map((l) => (
          <Line key={l.seq} line={l} prefix={prefix} />
        ))}
      </pre>
    </section>
  )
}

const Line = memo(function Line({ line, prefix }: { line: ConsoleLine; prefix: boolean }) {
  return (
    <span className="console-line">
      {prefix && <span className="console-who">[{line.consumer}] </span>}
      {line.kind === 'command' || line.kind === 'note' ? <span className={`muted console-${line.kind}`}>{line.text}</span> : line.text}
      {'\n'}
    </span>
  )
})
