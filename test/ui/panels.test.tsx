/** The console shows what consumer.py prints; the event log tells the story in sentences. Text is always text. */
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './harness'

describe('console panel', () => {
  it('prints one consumer.py line per record, with topic, partition, offset, key and the decoded value', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.advance(1000)
    const out = screen.getByLabelText('Console output')
    // The console redraws at most ten times a second.
    await waitFor(() =>
      expect(out).toHaveTextContent("Received: Topic=user-activity, Partition=0, Offset=0, Key=None, Value={'user_id': 'user_0', 'action': 'click', 'timestamp': 0}"),
    )
    expect(out.textContent?.match(/Received: /g)?.length).toBe(app.store.getState().console.filter((l) => (l.kind ?? 'record') === 'record').length)
  })

  it('starts each consumer.py session with its command line, as a terminal shows it, and notes where it starts reading', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.advance(1000)
    const out = screen.getByLabelText('Console output')
    await waitFor(() => expect(out.textContent).toMatch(/^\$ python consumer\.py {2}# group_id='my-consumer-group'\n\(user-activity-0: no committed offset, so auto_offset_reset='earliest' starts at offset 0\)\nReceived: /))
  })

  it('renders keys and values as text, never as HTML', async () => {
    const app = await renderApp(undefined, { playing: false })
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    act(() =>
      app.store.getState().applyFrame({
        simTime: 1,
        playing: false,
        speed: 1,
        view: null,
        flights: [],
        flows: [],
        events: [{ seq: 999, t: 1, type: 'consumerStarted', text: evil }],
        console: [{ seq: 1, t: 1, consumer: 'consumer-1', group: 'g', text: `Received: Value=${evil}` }],
        consoleSkipped: 0,
        samples: [],
        eventLogHash: '',
        lesson: null,
        rewoundTo: null,
        canUndoReset: false,
      }),
    )
    expect(screen.getByLabelText('Console output')).toHaveTextContent(`Received: Value=${evil}`)
    expect(screen.getByRole('log', { name: 'Event log' })).toHaveTextContent(evil)
    expect(document.querySelector('img')).toBeNull()
    expect(document.querySelector('b')).toBeNull()
  })
})

describe('event log', () => {
  it('is a log region named "Event log", filterable by text and by record traffic', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.advance(1000)
    const log = screen.getByRole('log', { name: 'Event log' })
    // Not live itself: the story is announced from its own region (event-log.test.tsx), the traffic never.
    expect(log).toHaveAttribute('aria-live', 'off')
    expect(log).toHaveTextContent('my-consumer-group: Empty -> PreparingRebalance')
    expect(log).toHaveTextContent('appended 1 record')
    await app.user.click(screen.getByRole('checkbox', { name: 'record traffic' }))
    expect(log).not.toHaveTextContent('appended 1 record')
    expect(log).toHaveTextContent('PreparingRebalance')
    await app.user.type(screen.getByRole('searchbox', { name: 'Filter events' }), 'generation')
    for (const item of log.querySelectorAll('li')) expect(item.textContent).toMatch(/generation/)
  })
})
