import { memo, useEffect, useRef, useState } from 'react'
import type { EventLine } from '../worker/protocol'
import { formatSimTime } from './format'
import { useThrottledSim } from './use-throttled-sim'

const QUIET_TYPES = new Set(['recordsAppended', 'produceAcked', 'recordsProcessed'])
/** Sentences on screen (the newest that match the filters). */
const SHOWN = 200

/** Every engine event as a sentence; record traffic can be hidden to follow the group's story. */
export function EventLog() {
  const events = useThrottledSim((s) => s.events, 100)
  const [showRecords, setShowRecords] = useState(true)
  const [filter, setFilter] = useState('')
  const ref = useRef<HTMLOListElement>(null)
  const needle = filter.trim().toLowerCase()
  const shown: EventLine[] = []
  for (let i = events.length - 1; i >= 0 && shown.length < SHOWN; i--) {
    const e = events[i] as EventLine
    if ((showRecords || !QUIET_TYPES.has(e.type)) && (!needle || e.text.toLowerCase().includes(needle))) shown.push(e)
  }
  shown.reverse()
  const newest = shown[shown.length - 1]?.seq

  useEffect(() => {
    const el = ref.current
    if (el) el.scrollTop = el.scrollHeight
  }, [newest])

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
          <EventItem key={e.seq} event={e} />
        ))}
      </ol>
    </section>
  )
}

const EventItem = memo(function EventItem({ event: e }: { event: EventLine }) {
  return (
    <li className={`event event-${e.type}`}>
      <time className="event-time">{formatSimTime(e.t)}</time> {e.text}
    </li>
  )
})
