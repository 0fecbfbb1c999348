import { useEffect, useRef, useState } from 'react'
import { useSim } from './context'
import { formatSimTime } from './format'

const QUIET_TYPES = new Set(['recordsAppended', 'produceAcked', 'recordsProcessed'])

/** Every engine event as a sentence; record traffic can be hidden to follow the group's story. */
export function EventLog() {
  const events = useSim((s) => s.events)
  const [showRecords, setShowRecords] = useState(true)
  const [filter, setFilter] = useState('')
  const ref = useRef<HTMLOListElement>(null)
  const needle = filter.trim().toLowerCase()
  const shown = events.filter((e) => (showRecords || !QUIET_TYPES.has(e.type)) && (!needle || e.text.toLowerCase().includes(needle)))

  useEffect(() => {
    const el = ref.current
    if (el) el.scrollTop = el.scrollHeight
  }, [shown.length])

  return (
    <section className="panel events" aria-labelledby="events-title">
      <div className="panel-head">
        <h2 id="events-title">Event log</h2>
        <label className="inline">
          <input type="checkbox" checked={showRecords} onChange={(e) => setShowRecords(e.target.checked)} /> record traffic
        </label>
        <input type="search" placeholder="Filter" aria-label="Filter events" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <ol ref={ref} className="event-list" role="log" aria-label="Event log" aria-live="polite" tabIndex={0}>
        {shown.map((e) => (
          <li key={e.seq} className={`event event-${e.type}`}>
            <time className="event-time">{formatSimTime(e.t)}</time> {e.text}
          </li>
        ))}
      </ol>
    </section>
  )
}
