import { memo, useEffect, useId, useRef, useState } from 'react'
import type { EventLine } from '../worker/protocol'
import { isTraffic } from '../worker/protocol'
import { formatSimTime } from './format'
import { useThrottledSim } from './use-throttled-sim'
import './stage/stage.css'

/** Sentences on screen (the newest that match the filters). */
const SHOWN = 200
/** Story lines the announcer holds: the newest few that arrived while the log was on screen. */
const ANNOUNCED = 3

/**
 * Every engine event as a sentence; record traffic can be hidden to follow the group's story.
 *
 * Two buffers feed it (see the store): `events`, the newest lines with record traffic, and `story`,
 * every other line of a much longer run. With traffic shown, the list is the story lines older than
 * the traffic window followed by that window; without, it is the story alone. The text filter
 * searches the same lines, so "generation" finds every generation of a long run.
 *
 * Screen readers hear the story, not the traffic: the visible list is a log region that is not
 * live (at 40 records a second it would be dozens of announcements a second), and a separate,
 * visually hidden live region receives the new story lines.
 */
export function EventLog() {
  const events = useThrottledSim((s) => s.events, 100)
  const story = useThrottledSim((s) => s.story, 100)
  const [showRecords, setShowRecords] = useState(true)
  const [filter, setFilter] = useState('')
  const ref = useRef<HTMLOListElement>(null)
  const needle = filter.trim().toLowerCase()
  const { shown, gapBefore } = linesToShow(events, story, showRecords, needle)
  const newest = shown[shown.length - 1]?.seq
  const hintId = useId()

  useEffect(() => {
    const el = ref.current
    if (el) el.scrollTop = el.scrollHeight
  }, [newest])

  return (
    <section className="panel events" aria-labelledby="events-title">
      <div className="panel-head">
        <h2 id="events-title">Event log</h2>
        <label className="inline" title="Appends, acknowledgements, records processed and offset commits">
          <input type="checkbox" checked={showRecords} onChange={(e) => setShowRecords(e.target.checked)} aria-describedby={hintId} /> record traffic
        </label>
        <span id={hintId} className="visually-hidden">
          appends, acknowledgements, records processed and offset commits
        </span>
        <input type="search" placeholder="Filter" aria-label="Filter events" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <ol ref={ref} className="event-list" role="log" aria-label="Event log" aria-live="off" tabIndex={0}>
        {shown.map((e) => (
          <EventItem key={e.seq} event={e} gap={e.seq === gapBefore ? events[0] : undefined} />
        ))}
        {shown.length === 0 && needle !== '' && <li className="event muted">No event matches “{filter.trim()}”.</li>}
      </ol>
      <StoryAnnouncer story={story} />
    </section>
  )
}

/**
 * The newest SHOWN lines that pass the filters, oldest first. `gapBefore`: the seq of the first
 * line after which record traffic is shown (the list reaches back past the traffic window), if so.
 */
function linesToShow(events: EventLine[], story: EventLine[], showRecords: boolean, needle: string): { shown: EventLine[]; gapBefore: number | null } {
  const shown: EventLine[] = []
  const matches = (e: EventLine) => !needle || e.text.toLowerCase().includes(needle)
  // Both buffers are in seq order; a rewind drops what came after it from both.
  const windowStart = events[0]?.seq ?? Infinity
  let gapBefore: number | null = null
  if (showRecords) {
    for (let i = events.length - 1; i >= 0 && shown.length < SHOWN; i--) {
      const e = events[i] as EventLine
      if (matches(e)) shown.push(e)
    }
  }
  const lastWindowLine = shown.length > 0 ? (shown[shown.length - 1] as EventLine) : null
  let j = story.length - 1
  // With traffic shown, the story lines inside the window are already in it.
  if (showRecords) while (j >= 0 && (story[j] as EventLine).seq >= windowStart) j--
  let crossed = false
  for (; j >= 0 && shown.length < SHOWN; j--) {
    const e = story[j] as EventLine
    if (!matches(e)) continue
    if (showRecords && !crossed) {
      crossed = true
      gapBefore = lastWindowLine?.seq ?? null
    }
    shown.push(e)
  }
  shown.reverse()
  // Only worth saying when traffic is shown and there was some to lose.
  return { shown, gapBefore: showRecords && events.length > 0 && crossed && gapBefore !== null ? gapBefore : null }
}

const EventItem = memo(function EventItem({ event: e, gap }: { event: EventLine; gap: EventLine | undefined }) {
  return (
    <>
      {gap && (
        <li className="event event-gap">
          Record traffic before {formatSimTime(gap.t)} is no longer kept; above this line, only the story.
        </li>
      )}
      <li className={`event event-${e.type}${isTraffic(e) ? ' event-traffic' : ''}`}>
        <time className="event-time">{formatSimTime(e.t)}</time> {e.text}
      </li>
    </>
  )
})

/**
 * A visually hidden live region with the newest story lines that arrived while the log is on
 * screen. Lines are added (and old ones dropped, which is not announced), so each is read once;
 * record traffic never reaches it. A line is new when it was not in the story the log started with:
 * lines keep their identity from frame to frame, and a rewind or a reset brings new ones.
 */
/** A key per line object: after a rewind the same seq can come again as a new line, to be read again. */
const lineKeys = new WeakMap<EventLine, number>()
let nextLineKey = 1
function lineKey(e: EventLine): number {
  let k = lineKeys.get(e)
  if (k === undefined) lineKeys.set(e, (k = nextLineKey++))
  return k
}

function StoryAnnouncer({ story }: { story: EventLine[] }) {
  const [before] = useState(() => new WeakSet<EventLine>(story))
  const lines: EventLine[] = []
  for (let i = story.length - 1; i >= 0 && lines.length < ANNOUNCED; i--) {
    const e = story[i] as EventLine
    if (before.has(e)) break
    lines.push(e)
  }
  lines.reverse()
  return (
    <div className="visually-hidden" aria-live="polite" aria-relevant="additions" data-testid="event-announcer">
      {lines.map((e) => (
        <p key={lineKey(e)}>{e.text}</p>
      ))}
    </div>
  )
}
