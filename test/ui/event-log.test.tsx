/**
 * The event log keeps the group's story: record traffic (appends, acknowledgements, records
 * processed, commits) fills the newest-lines buffer within a minute, so every other line is also
 * kept in a much longer story buffer, which the traffic-off view, the filter and the screen-reader
 * announcements read.
 */
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { builtInScenario } from '../../src/scenarios'
import { createSimStore, MAX_EVENT_LINES } from '../../src/store/sim-store'
import { isTraffic } from '../../src/worker/protocol'
import type { SimStore } from '../../src/store/sim-store'
import { SimProvider } from '../../src/ui/context'
import { EventLog } from '../../src/ui/EventLog'
import type { EventLine, Frame } from '../../src/worker/protocol'
import { renderApp } from './harness'

function frame(events: EventLine[], rewoundTo: number | null = null, simTime = events.at(-1)?.t ?? 0): Frame {
  return { simTime, playing: true, speed: 1, view: null, flights: [], flows: [], events, console: [], consoleSkipped: 0, samples: [], eventLogHash: '', lesson: null, rewoundTo, canUndoReset: false }
}

/** A long run in lines: a join and a generation, then `traffic` record lines, a second generation among them. */
function longRun(traffic: number): EventLine[] {
  const lines: EventLine[] = [
    { seq: 0, t: 100, type: 'memberJoined', text: 'consumer-1 joined my-consumer-group as member consumer-1-a.' },
    { seq: 1, t: 200, type: 'generationStarted', text: 'my-consumer-group generation 1: 1 member (consumer-1), leader consumer-1, assignor range.' },
  ]
  const kinds = ['recordsAppended', 'produceAcked', 'recordsProcessed', 'offsetsCommitted'] as const
  for (let i = 0; i < traffic; i++) {
    const seq = lines.length
    const t = 300 + i * 25
    if (i === Math.floor(traffic / 2)) lines.push({ seq, t, type: 'generationStarted', text: 'my-consumer-group generation 2: 2 members (consumer-1, consumer-2), leader consumer-1, assignor range.' })
    else lines.push({ seq, t, type: kinds[i % kinds.length] as string, text: `traffic line ${i}: consumer-${i % 10} and user-activity-0 at offset ${i}.` })
  }
  return lines
}

function feed(store: SimStore, lines: EventLine[], perFrame = 40) {
  for (let i = 0; i < lines.length; i += perFrame) store.getState().applyFrame(frame(lines.slice(i, i + perFrame)))
}

function renderLog(store: SimStore) {
  const user = userEvent.setup()
  const utils = render(
    <SimProvider store={store} client={{} as never}>
      <EventLog />
    </SimProvider>,
  )
  return { ...utils, user, log: () => screen.getByRole('log', { name: 'Event log' }), announcer: () => screen.getByTestId('event-announcer') }
}

describe('the store keeps the story apart from record traffic', () => {
  it('keeps every story line of a run whose traffic overflows the newest lines', () => {
    const store = createSimStore()
    feed(store, longRun(3 * MAX_EVENT_LINES))
    const s = store.getState()
    expect(s.events).toHaveLength(MAX_EVENT_LINES)
    expect(s.events[0]?.seq).toBeGreaterThan(1)
    expect(s.story.map((e) => e.type)).toEqual(['memberJoined', 'generationStarted', 'generationStarted'])
    expect(s.story.some(isTraffic)).toBe(false)
  })

  it('counts appends, acknowledgements, records processed and commits as traffic, and config changes and refusals as story', () => {
    for (const type of ['recordsAppended', 'produceAcked', 'recordsProcessed', 'offsetsCommitted']) expect(isTraffic({ type })).toBe(true)
    for (const type of ['memberJoined', 'generationStarted', 'leaderElected', 'brokerKilled', 'topicConfigChanged', 'consumerChanged', 'commandRefused', 'commitFailed']) expect(isTraffic({ type })).toBe(false)
  })

  it('a rewind ("Show me", "Restart step") drops what came after it from both buffers', () => {
    const store = createSimStore()
    const run = longRun(20)
    feed(store, run)
    // Rewound to seq 5: lines 5 and after never happened; the replay brings a new line 5.
    store.getState().applyFrame(frame([{ seq: 5, t: 400, type: 'consumerStarted', text: 'consumer-2 started in group my-consumer-group.' }], 5))
    const s = store.getState()
    expect(s.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5])
    expect(s.events.at(-1)?.type).toBe('consumerStarted')
    expect(s.story.map((e) => e.seq)).toEqual([0, 1, 5])
    expect(s.story.some((e) => e.text.includes('generation 2'))).toBe(false)
  })

  it('a reset empties both', () => {
    const store = createSimStore()
    feed(store, longRun(10))
    store.getState().resetLogs()
    expect(store.getState().events).toEqual([])
    expect(store.getState().story).toEqual([])
  })
})

describe('the event log shows the whole story of a long run', () => {
  it('without record traffic, lists every story line, the oldest too', async () => {
    const store = createSimStore()
    feed(store, longRun(3 * MAX_EVENT_LINES))
    const { user, log } = renderLog(store)
    expect(log()).not.toHaveTextContent('generation 1')
    await user.click(screen.getByRole('checkbox', { name: 'record traffic' }))
    const items = [...log().querySelectorAll('li')].map((li) => li.textContent)
    expect(items).toHaveLength(3)
    expect(items[0]).toMatch(/^0\.1 ?s/)
    expect(items[0]).toContain('consumer-1 joined my-consumer-group')
    expect(items[1]).toContain('generation 1')
    expect(items[2]).toContain('generation 2')
  })

  it('a filter that matches nothing says so instead of leaving the log blank', async () => {
    const store = createSimStore()
    feed(store, longRun(100))
    const { user, log } = renderLog(store)
    await user.type(screen.getByRole('searchbox', { name: 'Filter events' }), 'zzzz')
    expect(log()).toHaveTextContent('No event matches “zzzz”.')
  })

  it('the filter finds story lines older than the traffic kept', async () => {
    const store = createSimStore()
    feed(store, longRun(3 * MAX_EVENT_LINES))
    const { user, log } = renderLog(store)
    await user.type(screen.getByRole('searchbox', { name: 'Filter events' }), 'generation')
    const items = [...log().querySelectorAll('li')].map((li) => li.textContent ?? '')
    expect(items.filter((t) => t.includes('generation'))).toHaveLength(2)
    expect(items[0]).toContain('generation 1')
    // Nothing kept of the traffic matches: no note about where it stops, only the story.
    await user.clear(screen.getByRole('searchbox', { name: 'Filter events' }))
    await user.type(screen.getByRole('searchbox', { name: 'Filter events' }), 'my-consumer-group')
    const texts = [...log().querySelectorAll('li')].map((li) => li.textContent ?? '')
    expect(texts[0]).toContain('joined my-consumer-group')
    expect(texts).toHaveLength(3)
    expect(texts.some((t) => /^Record traffic before .* is no longer kept/.test(t))).toBe(false)
  })

  it('with traffic on and no filter, the newest lines come first to mind: the newest 200 of them', () => {
    const store = createSimStore()
    feed(store, longRun(3 * MAX_EVENT_LINES))
    const { log } = renderLog(store)
    const items = log().querySelectorAll('li')
    expect(items).toHaveLength(200)
    expect(items[items.length - 1]?.textContent).toContain(`traffic line ${3 * MAX_EVENT_LINES - 1}`)
  })

  it('marks where kept traffic stops when the list reaches back into the story alone', async () => {
    const store = createSimStore()
    // Few enough lines on screen that the list reaches past the traffic window: a filter matching a tenth of the traffic, and the story.
    const run = longRun(3 * MAX_EVENT_LINES)
    feed(store, run)
    const { user, log } = renderLog(store)
    await user.type(screen.getByRole('searchbox', { name: 'Filter events' }), 'consumer-1')
    const texts = [...log().querySelectorAll('li')].map((li) => li.textContent ?? '')
    const gap = texts.findIndex((t) => t.startsWith('Record traffic before'))
    expect(gap).toBeGreaterThan(0)
    expect(texts.slice(0, gap).every((t) => !t.includes('traffic line'))).toBe(true)
  })
})

describe('screen readers hear the story, not the traffic', () => {
  it('keeps the role log and the name "Event log", and announces new story lines from a live region of their own', () => {
    const store = createSimStore()
    feed(store, longRun(10))
    const { log, announcer } = renderLog(store)
    expect(log()).toHaveAttribute('aria-live', 'off')
    expect(announcer()).toHaveAttribute('aria-live', 'polite')
    // What was there when the log appeared is not news.
    expect(announcer()).toBeEmptyDOMElement()
    act(() => {
      store.getState().applyFrame(
        frame([
          { seq: 12, t: 900, type: 'recordsAppended', text: 'user-activity-0 appended 1 record from producer-1 at offset 99.' },
          { seq: 13, t: 900, type: 'consumerCrashed', text: 'consumer-2 crashed: it stops heartbeating.' },
          { seq: 14, t: 950, type: 'produceAcked', text: 'producer-1 got the acknowledgement for user-activity-0 offset 99 after 600 ms.' },
        ]),
      )
    })
    return waitFor(() => {
      expect(announcer()).toHaveTextContent('consumer-2 crashed')
      expect(announcer()).not.toHaveTextContent('appended')
      expect(announcer()).not.toHaveTextContent('acknowledgement')
      expect(log()).toHaveTextContent('appended 1 record from producer-1 at offset 99')
    })
  })

  it('holds only the newest few story lines, and a rewind\'s replayed lines are news again', async () => {
    const store = createSimStore()
    const { announcer } = renderLog(store)
    const story = (seq: number, text: string): EventLine => ({ seq, t: seq * 10, type: 'groupStateChanged', text })
    act(() => store.getState().applyFrame(frame([story(0, 'a: one'), story(1, 'a: two'), story(2, 'a: three'), story(3, 'a: four')])))
    await waitFor(() => expect([...announcer().querySelectorAll('p')].map((p) => p.textContent)).toEqual(['a: two', 'a: three', 'a: four']))
    act(() => store.getState().applyFrame(frame([story(2, 'a: three again')], 2)))
    await waitFor(() => expect([...announcer().querySelectorAll('p')].map((p) => p.textContent)).toEqual(['a: one', 'a: two', 'a: three again']))
  })
})

describe('in a real run', () => {
  it('after 90 s at 40 records a second, unticking record traffic still shows the first generation', { timeout: 60_000 }, async () => {
    const base = builtInScenario('hello-kafka')!
    const busy = { ...base, id: 'busy', lesson: undefined, producers: base.producers.map((p) => ({ ...p, rate: 40, maxRecords: null })) }
    const app = await renderApp(busy)
    await app.advance(90_000)
    const s = app.store.getState()
    expect(s.simTime).toBeGreaterThanOrEqual(89_000)
    // The traffic pushed the start of the run out of the newest lines...
    expect(s.events.some((e) => e.type === 'generationStarted')).toBe(false)
    const log = screen.getByRole('log', { name: 'Event log' })
    await app.user.click(screen.getByRole('checkbox', { name: 'record traffic' }))
    await app.user.type(screen.getByRole('searchbox', { name: 'Filter events' }), 'generation')
    // ...but not out of the story.
    await waitFor(() => expect(log).toHaveTextContent('my-consumer-group generation 1: 1 member (consumer-1)'))
  })
})
