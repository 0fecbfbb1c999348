import { useEffect, useRef } from 'react'
import { useSim } from './context'

/** What each consumer's consumer.py prints, one line per record it processes. */
export function ConsolePanel() {
  const lines = useSim((s) => s.console)
  const skipped = useSim((s) => s.consoleSkipped)
  const ref = useRef<HTMLPreElement>(null)
  const members = new Set(lines.map((l) => l.consumer))
  const prefix = members.size > 1

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
        {skipped > 0 && <span className="muted">({skipped} earlier lines not shown){'\n'}</span>}
        {lines.map((l) => (
          <span key={l.seq} className="console-line">
            {prefix && <span className="console-who">[{l.consumer}] </span>}
            {l.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </section>
  )
}
