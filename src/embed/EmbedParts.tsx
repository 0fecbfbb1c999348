/**
 * The parts of the compact view a course page embeds (`?embed`, `?controls=`): the playback
 * controls each controls level allows, the brand as a link to the full app, and a bottom bar with
 * the newest event that opens the console and event log on demand.
 */
import { useId, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import type { EventLine } from '../worker/protocol'
import { useClient, useSim } from '../ui/context'
import { formatSimTime } from '../ui/format'
import { useThrottledSim } from '../ui/use-throttled-sim'
import './embed.css'

/** Parameters that only make sense inside an iframe: the full app is opened without them. */
const EMBED_ONLY = ['embed', 'controls', 'origins', 'autoplay']

/** The address of this page as a full app, in a new tab. */
export function fullAppHref(location: { origin: string; pathname: string; search: string }): string {
  const params = new URLSearchParams(location.search)
  for (const p of EMBED_ONLY) params.delete(p)
  const query = params.toString().replace(/=(?=&|$)/g, '')
  return `${location.origin}${location.pathname}${query ? `?${query}` : ''}`
}

/** "kafka-sim" in an embed: a link that opens the same lesson or scenario in the full app. */
export function EmbedBrand() {
  const href = typeof window === 'undefined' ? './' : fullAppHref(window.location)
  return (
    <a className="embed-brand" href={href} target="_blank" rel="noopener noreferrer" title="Open the full app in a new tab">
      kafka-sim<span aria-hidden="true"> ↗</span>
      <span className="visually-hidden"> (opens the full app in a new tab)</span>
    </a>
  )
}

/** Play/pause and reset (controls=basic), or only the simulated clock (controls=none). */
export function LimitedPlayback({ level }: { level: 'basic' | 'none' }) {
  const client = useClient()
  const playing = useSim((s) => s.playing)
  const simTime = useSim((s) => s.simTime)
  return (
    <div className="playback" role="group" aria-label="Playback">
      {level === 'basic' && (
        <>
          <button type="button" className="primary" onClick={() => client.togglePlay()}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <button type="button" onClick={() => client.reset()} title="Start again from the beginning">
            Reset
          </button>
        </>
      )}
      <div className="clock" aria-label="Simulated time">
        <span className="clock-label">sim time</span> <span className="clock-value">{formatSimTime(simTime)}</span>
      </div>
    </div>
  )
}

/** Record traffic is left out of the one-line ticker, so the cluster's story stays readable. */
function newestStoryEvent(story: EventLine[]): EventLine | null {
  return story[story.length - 1] ?? null
}

/**
 * The bottom of the embed: the newest event in one line and, unless controls=none, a button that
 * opens the panels (console, charts, code, event log) above it.
 */
export function EmbedPanels({ canOpen, children }: { canOpen: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const toggle = useRef<HTMLButtonElement>(null)
  const newest = useThrottledSim((s) => newestStoryEvent(s.story), 250)
  return (
    <>
      {canOpen && open && (
        // Escape closes the drawer, as it does the Share menu and dialogs.
        <div
          id={id}
          className="embed-drawer"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false)
              toggle.current?.focus()
            }
          }}
        >
          {children}
        </div>
      )}
      <div className="embed-bar">
        {canOpen && (
          <button type="button" className="small" ref={toggle} aria-expanded={open} aria-controls={open ? id : undefined} onClick={() => setOpen(!open)}>
            {open ? 'Hide panels' : 'Console and event log'}
          </button>
        )}
        <p className="embed-ticker" aria-label="Newest event">
          {newest ? (
            <>
              <time className="event-time">{formatSimTime(newest.t)}</time> {newest.text}
            </>
          ) : (
            <span className="muted">Nothing has happened yet.</span>
          )}
        </p>
      </div>
    </>
  )
}
