/**
 * The inspector over a real in-thread simulation: each kind of selection shows its details, each
 * control sends its command and the view shows the result after frames, Kafka's refusals appear
 * next to the control that caused them, bad input is stopped before anything is sent.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { parseScenario } from '../../src/engine'
import type { Scenario } from '../../src/engine'
import { builtInScenario } from '../../src/scenarios'
import { createSimStore } from '../../src/store/sim-store'
import type { Selection } from '../../src/store/sim-store'
import { SimProvider } from '../../src/ui/context'
import { Inspector } from '../../src/ui/inspector/Inspector'
import { parseKeyList, parseNumberField } from '../../src/ui/inspector/validate'
import { SimClient } from '../../src/worker/client'
import { inThreadTransport } from '../../src/worker/in-thread'
import { manualFrames } from './harness'

/** Like renderApp in harness.tsx, but renders only the inspector (the app does not mount it yet). */
async function renderInspector(scenario: Scenario = builtInScenario('hello-kafka')!, options: { playing?: boolean; speed?: number } = {}) {
  const store = createSimStore({ reducedMotion: true })
  const transport = inThreadTransport()
  const frames = manualFrames()
  const client = new SimClient(transport, store, frames.scheduler)
  let wall = 0
  await act(async () => {
    client.load(scenario, { playing: options.playing ?? true })
    client.start()
    if (options.speed) client.setSpeed(options.speed)
    await Promise.resolve()
  })
  const utils = render(
    <SimProvider store={store} client={client}>
      <Inspector />
    </SimProvider>,
  )
  const user = userEvent.setup()
  /** Advances wall time by `ms` in frames of at most 250 ms (the host's catch-up limit). */
  const advance = async (ms: number) => {
    const target = wall + ms
    while (wall < target) {
      wall = Math.min(target, wall + 250)
      await frames.frame(wall)
    }
  }
  const select = (selection: Selection | null) => act(() => store.getState().select(selection))
  const inspector = () => screen.getByRole('region', { name: 'Inspector' })
  /** The setting group (a number field with its Apply button) named `label`. */
  const setting = (label: string) => within(inspector()).getByRole('group', { name: label })
  await frames.frame(wall)
  return { ...utils, store, client, host: transport.host, user, advance, select, inspector, setting }
}

type App = Awaited<ReturnType<typeof renderInspector>>

/** Types `text` into the number field `label` and presses its Apply button. */
async function applyNumber(app: App, label: string, text: string) {
  const group = app.setting(label)
  const input = within(group).getByRole('textbox', { name: label })
  await app.user.clear(input)
  if (text !== '') await app.user.type(input, text)
  await app.user.click(within(group).getByRole('button', { name: 'Apply' }))
}

/** Three brokers, a topic replicated three times, a keyed producer and one consumer group. */
function replicatedScenario(): Scenario {
  return parseScenario({
    version: 1,
    id: 'replicated',
    seed: 7,
    cluster: { brokers: 3, networkLatencyMs: 5 },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, config: { 'min.insync.replicas': 2 } }],
    producers: [{ id: 'producer-1', topic: 'orders', rate: 20, keys: { mode: 'user-id' }, value: { kind: 'click-event', users: 6 } }],
    consumers: [{ id: 'consumer-1', group: 'g1', topics: ['orders'], config: { 'auto.offset.reset': 'earliest' } }],
  })
}

describe('number fields', () => {
  const rule = { min: 0, max: 100, integer: true }
  it('accept plain decimal numbers in range and refuse the rest with the field name and the range', () => {
    expect(parseNumberField(' 42 ', 'max.poll.records', rule)).toEqual({ ok: true, value: 42 })
    for (const bad of ['', ' ', 'abc', '4x', '0x10', '1e2', '-1', '101', '2.5', 'Infinity', 'NaN']) {
      expect(parseNumberField(bad, 'max.poll.records', rule)).toEqual({ ok: false, message: 'max.poll.records must be a whole number from 0 to 100.' })
    }
    expect(parseNumberField('.5', 'Rate', { min: 0, max: 10, integer: false })).toEqual({ ok: true, value: 0.5 })
    expect(parseKeyList(' a, ,b ,, c')).toEqual(['a', 'b', 'c'])
  })
})

describe('inspector shell', () => {
  it('asks for a selection when nothing is selected, without a close button', async () => {
    const app = await renderInspector()
    expect(app.inspector()).toHaveTextContent('Select a producer, partition, record, group, member or broker to see it here.')
    expect(within(app.inspector()).queryByRole('button', { name: 'Close inspector' })).toBeNull()
  })

  it('"Close inspector" clears the selection', async () => {
    const app = await renderInspector()
    app.select({ kind: 'producer', id: 'producer-1' })
    await app.user.click(screen.getByRole('button', { name: 'Close inspector' }))
    expect(app.store.getState().selection).toBeNull()
    expect(app.inspector()).toHaveTextContent('Select a producer')
  })

  it('says when the selected thing no longer exists, and offers to clear the selection', async () => {
    const app = await renderInspector()
    app.select({ kind: 'member', groupId: 'my-consumer-group', id: 'consumer-9' })
    expect(within(app.inspector()).getByRole('status')).toHaveTextContent('Member consumer-9 of my-consumer-group no longer exists.')
    await app.user.click(screen.getByRole('button', { name: 'Clear selection' }))
    expect(app.store.getState().selection).toBeNull()
  })
})

describe('record', () => {
  it('shows key, value, timestamp, place, producer, acknowledgement, and which groups consumed and committed past it', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    await app.advance(1000)
    app.select({ kind: 'record', topic: 'user-activity', partition: 0, offset: 0 })
    // The record's details are asked of the simulation: let the answer arrive.
    await app.advance(16)
    const record = screen.getByRole('article', { name: 'record at offset 0 of user-activity-0' })
    const facts = (term: string) => {
      const dt = within(record).getAllByText(term, { selector: 'dt' })[0] as HTMLElement
      return dt.nextElementSibling as HTMLElement
    }
    expect(facts('key')).toHaveTextContent('no key')
    expect(record.querySelector('pre')).toHaveTextContent('"user_id": "user_0"')
    expect(facts('timestamp')).toHaveTextContent(/^\d+ \(CreateTime/)
    expect(facts('topic')).toHaveTextContent('user-activity')
    expect(facts('partition')).toHaveTextContent('0')
    expect(facts('offset')).toHaveTextContent('0')
    expect(facts('producer')).toHaveTextContent('producer-1')
    expect(facts('acked')).toHaveTextContent('yes: its producer was told it is written')
    expect(facts('consumed by')).toHaveTextContent('my-consumer-group')
    expect(facts('committed past it')).toHaveTextContent(/my-consumer-group \(committed offset \d+\)/)
  })

  it('shows a value full of HTML as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    const scenario = parseScenario({
      version: 1,
      id: 'evil',
      topics: [{ name: 't' }],
      producers: [{ id: 'producer-1', topic: 't', rate: 5, maxRecords: 1, keys: { mode: 'custom', keys: ['<i>k</i>'] }, value: { kind: 'text', text: evil } }],
    })
    const app = await renderInspector(scenario, { speed: 20 })
    await app.advance(500)
    app.select({ kind: 'record', topic: 't', partition: 0, offset: 0 })
    await app.advance(16)
    const record = screen.getByRole('article', { name: 'record at offset 0 of t-0' })
    expect(record.querySelector('pre')?.textContent).toBe(evil)
    expect(record).toHaveTextContent('<i>k</i>')
    expect(record.querySelector('img, b, i')).toBeNull()
  })
})

describe('partition', () => {
  it('shows leader, epoch, replicas with their log end offsets and ISR membership, offsets, and each group', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    await app.advance(1000)
    app.select({ kind: 'partition', topic: 'user-activity', partition: 0 })
    const article = screen.getByRole('article', { name: 'partition user-activity-0' })
    const view = app.store.getState().view!.topics[0]!.partitions[0]!
    expect(article).toHaveTextContent(`leaderbroker 1`)
    expect(article).toHaveTextContent(`leader epoch${view.leaderEpoch}`)
    expect(article).toHaveTextContent(`log start offset${view.logStartOffset}`)
    expect(article).toHaveTextContent(`high watermark${view.highWatermark}`)
    expect(article).toHaveTextContent(`log end offset${view.logEndOffset}`)
    const replicas = within(article).getByRole('table', { name: 'Replicas of user-activity-0' })
    const row = within(replicas).getAllByRole('row')[1] as HTMLElement
    expect(row).toHaveTextContent(`broker 1 (preferred leader)leader${view.logEndOffset}in syncup`)
    const groups = within(article).getByRole('table', { name: 'Consumer groups reading user-activity-0' })
    const committed = view.committed['my-consumer-group']!
    expect(within(groups).getAllByRole('row')[1]).toHaveTextContent(
      `my-consumer-group${committed}${view.highWatermark - committed} record${view.highWatermark - committed === 1 ? '' : 's'}consumer-1`,
    )
  })

  it('says plainly when a partition is offline', async () => {
    const app = await renderInspector(replicatedScenario(), { speed: 20 })
    await app.advance(250)
    for (const broker of [1, 2, 3]) await act(() => app.client.command({ type: 'killBroker', broker }))
    await app.advance(16)
    app.select({ kind: 'partition', topic: 'orders', partition: 0 })
    expect(screen.getByRole('article', { name: 'partition orders-0' })).toHaveTextContent('(down: the controller has not noticed yet')
    // broker.session.timeout.ms (9 s) later the controller fences the brokers.
    await app.advance(1000)
    app.select({ kind: 'partition', topic: 'orders', partition: 0 })
    const article = screen.getByRole('article', { name: 'partition orders-0' })
    expect(article).toHaveTextContent('Offline: no live in-sync replica can lead it')
    expect(article).toHaveTextContent('leadernone (offline)')
    expect(within(article).getAllByText('down')).toHaveLength(3)
  })
})

describe('topic', () => {
  it('shows the partition count and the replication factor, fixed at creation', async () => {
    const app = await renderInspector(replicatedScenario())
    app.select({ kind: 'topic', topic: 'orders' })
    const topic = screen.getByRole('article', { name: 'topic orders' })
    expect(topic).toHaveTextContent('partitions3')
    expect(topic).toHaveTextContent('replication factor3 (fixed when the topic was created')
    expect(within(app.setting('min.insync.replicas')).getByRole('textbox')).toHaveValue('2')
    expect(app.setting('min.insync.replicas')).toHaveTextContent('Kafka’s default: 1')
  })

  it('"Add partition" adds one partition', async () => {
    const app = await renderInspector()
    app.select({ kind: 'topic', topic: 'user-activity' })
    await app.user.click(screen.getByRole('button', { name: 'Add partition' }))
    await app.advance(16)
    expect(app.store.getState().view!.topics[0]!.partitions).toHaveLength(2)
    expect(screen.getByRole('article', { name: 'topic user-activity' })).toHaveTextContent('partitions2')
    expect(within(app.setting('Partitions')).getByRole('textbox')).toHaveValue('2')
  })

  it('"Partitions" sends the typed total; Kafka\'s INVALID_PARTITIONS refusal of a decrease shows next to that control', async () => {
    const app = await renderInspector()
    app.select({ kind: 'topic', topic: 'user-activity' })
    await applyNumber(app, 'Partitions', '3')
    await app.advance(16)
    expect(app.store.getState().view!.topics[0]!.partitions).toHaveLength(3)
    await applyNumber(app, 'Partitions', '2')
    await app.advance(16)
    const alert = within(app.setting('Partitions')).getByRole('alert')
    expect(alert).toHaveTextContent('Kafka refused: The topic user-activity currently has 3 partition(s); 2 would not be an increase. (INVALID_PARTITIONS)')
    expect(app.store.getState().notice?.source).toBe('topic:user-activity:partitions')
    expect(app.store.getState().view!.topics[0]!.partitions).toHaveLength(3)
    // Only next to its own control.
    expect(within(app.inspector()).getAllByRole('alert')).toHaveLength(1)
  })

  it('min.insync.replicas and unclean.leader.election.enable change the topic config', async () => {
    const app = await renderInspector(replicatedScenario())
    app.select({ kind: 'topic', topic: 'orders' })
    const spy = vi.spyOn(app.client, 'command')
    await applyNumber(app, 'min.insync.replicas', '3')
    expect(spy).toHaveBeenLastCalledWith({ type: 'setTopicConfig', topic: 'orders', key: 'min.insync.replicas', value: 3 }, 'topic:orders:min.insync.replicas')
    await app.user.click(screen.getByRole('checkbox', { name: 'unclean.leader.election.enable' }))
    expect(spy).toHaveBeenLastCalledWith({ type: 'setTopicConfig', topic: 'orders', key: 'unclean.leader.election.enable', value: true }, 'topic:orders:unclean.leader.election.enable')
    await app.advance(16)
    const config = app.store.getState().view!.topics.find((t) => t.name === 'orders')!.config
    expect(config['min.insync.replicas']).toBe(3)
    expect(config['unclean.leader.election.enable']).toBe(true)
    expect(within(app.setting('min.insync.replicas')).getByRole('textbox')).toHaveValue('3')
    expect(screen.getByRole('checkbox', { name: 'unclean.leader.election.enable' })).toBeChecked()
    expect(screen.getByRole('checkbox', { name: 'unclean.leader.election.enable' })).toHaveAccessibleDescription(/Kafka’s default: false/)
    await applyNumber(app, 'min.insync.replicas', '4')
    await app.advance(16)
    expect(app.setting('min.insync.replicas')).toHaveTextContent('Higher than the replication factor (3): every acks=all write will be refused.')
  })

  it('retention.ms takes -1 for no limit and refuses less', async () => {
    const app = await renderInspector()
    app.select({ kind: 'topic', topic: 'user-activity' })
    const spy = vi.spyOn(app.client, 'command')
    await applyNumber(app, 'retention.ms', '-2')
    expect(within(app.setting('retention.ms')).getByRole('alert')).toHaveTextContent(
      'retention.ms must be a whole number from -1 to 9007199254740991 (-1 means no limit).',
    )
    expect(spy).not.toHaveBeenCalled()
    await applyNumber(app, 'retention.ms', '-1')
    await app.advance(16)
    expect(app.store.getState().view!.topics[0]!.config['retention.ms']).toBe(-1)
    expect(app.setting('retention.ms')).toHaveTextContent('Kafka’s default: 604800000 ms (7 days)')
  })

  it('refuses letters in a number field inline and sends nothing', async () => {
    const app = await renderInspector(replicatedScenario())
    app.select({ kind: 'topic', topic: 'orders' })
    const spy = vi.spyOn(app.client, 'command')
    await applyNumber(app, 'min.insync.replicas', 'two')
    const input = within(app.setting('min.insync.replicas')).getByRole('textbox')
    expect(within(app.setting('min.insync.replicas')).getByRole('alert')).toHaveTextContent('min.insync.replicas must be a whole number from 1 to 2147483647.')
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input).toHaveAccessibleDescription(/min.insync.replicas must be a whole number/)
    expect(spy).not.toHaveBeenCalled()
    await app.user.type(input, '{Backspace}')
    expect(within(app.setting('min.insync.replicas')).queryByRole('alert')).toBeNull()
  })
})

describe('producer', () => {
  it('shows its counters', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    await app.advance(1000)
    app.select({ kind: 'producer', id: 'producer-1' })
    const p = app.store.getState().view!.producers[0]!
    const article = screen.getByRole('article', { name: 'producer producer-1' })
    expect(article).toHaveTextContent(`sent${p.sent} of 10`)
    expect(article).toHaveTextContent(`acked${p.acked}`)
    expect(article).toHaveTextContent('failed0')
    expect(article).toHaveTextContent(`average ack latency${p.avgAckMs} ms`)
    expect(article).toHaveTextContent('last errornone')
  })

  it('Rate sends setProducerRate and the view shows the new rate', async () => {
    const app = await renderInspector()
    app.select({ kind: 'producer', id: 'producer-1' })
    const spy = vi.spyOn(app.client, 'command')
    await applyNumber(app, 'Rate', '2.5')
    expect(spy).toHaveBeenCalledWith({ type: 'setProducerRate', producer: 'producer-1', rate: 2.5 }, 'producer:producer-1:rate')
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.rate).toBe(2.5)
    expect(screen.getByRole('article', { name: 'producer producer-1' })).toHaveTextContent('sending 2.5 records/s')
  })

  it('a negative rate or letters get an inline message naming the field and its range, and nothing is sent', async () => {
    const app = await renderInspector()
    app.select({ kind: 'producer', id: 'producer-1' })
    const spy = vi.spyOn(app.client, 'command')
    await applyNumber(app, 'Rate', '-3')
    expect(within(app.setting('Rate')).getByRole('alert')).toHaveTextContent('Rate must be a number from 0 to 1000000.')
    await applyNumber(app, 'Rate', '10abc')
    expect(within(app.setting('Rate')).getByRole('alert')).toHaveTextContent('Rate must be a number from 0 to 1000000.')
    await applyNumber(app, 'Rate', '')
    expect(within(app.setting('Rate')).getByRole('alert')).toHaveTextContent('Rate must be a number from 0 to 1000000.')
    expect(spy).not.toHaveBeenCalled()
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.rate).toBe(1)
  })

  it('key mode: user ids at once; a custom list after Apply; an empty list is refused inline', async () => {
    const app = await renderInspector()
    app.select({ kind: 'producer', id: 'producer-1' })
    const keys = screen.getByRole('group', { name: 'Key' })
    expect(within(keys).getByRole('radio', { name: 'no key' })).toBeChecked()
    await app.user.click(within(keys).getByRole('radio', { name: 'user ids' }))
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.keys).toEqual({ mode: 'user-id' })
    expect(within(keys).getByRole('radio', { name: 'user ids' })).toBeChecked()

    const spy = vi.spyOn(app.client, 'command')
    await app.user.click(within(keys).getByRole('radio', { name: 'custom list' }))
    expect(spy).not.toHaveBeenCalled()
    await applyNumber(app, 'Custom keys (comma-separated)', ' , ')
    expect(within(app.setting('Custom keys (comma-separated)')).getByRole('alert')).toHaveTextContent('Custom keys must list from 1 to 1000 keys')
    expect(spy).not.toHaveBeenCalled()
    await applyNumber(app, 'Custom keys (comma-separated)', 'alice, bob,carol')
    expect(spy).toHaveBeenCalledWith({ type: 'setProducerKeys', producer: 'producer-1', keys: { mode: 'custom', keys: ['alice', 'bob', 'carol'] } }, 'producer:producer-1:keys')
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.keys).toEqual({ mode: 'custom', keys: ['alice', 'bob', 'carol'] })
    expect(screen.getByRole('article', { name: 'producer producer-1' })).toHaveTextContent('Now: custom: alice, bob, carol.')
  })

  it('with user ids as keys, one user can be made hot (a share of every event); 0 % turns it off; a bad share is refused by field', async () => {
    const app = await renderInspector()
    app.select({ kind: 'producer', id: 'producer-1' })
    const keys = screen.getByRole('group', { name: 'Key' })
    expect(screen.queryByRole('group', { name: 'Hot user (a skewed workload)' })).toBeNull()
    await app.user.click(within(keys).getByRole('radio', { name: 'user ids' }))
    await app.advance(16)
    const hot = screen.getByRole('group', { name: 'Hot user (a skewed workload)' })
    const share = within(hot).getByRole('textbox', { name: "Hot user's share of events, in percent" })
    await app.user.clear(share)
    await app.user.type(share, '120')
    await app.user.click(within(hot).getByRole('button', { name: 'Apply' }))
    expect(share).toHaveAttribute('aria-invalid', 'true')
    expect(share).toHaveAccessibleDescription('The share is a percentage from 0 to 100.')
    await app.user.clear(share)
    await app.user.type(share, '80')
    await app.user.click(within(hot).getByRole('button', { name: 'Apply' }))
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.keys).toEqual({ mode: 'user-id', skew: { user: 42, percent: 80 } })
    expect(screen.getByRole('article', { name: 'producer producer-1' })).toHaveTextContent('80% are user_42: a hot key')
    await app.user.clear(share)
    await app.user.type(share, '0')
    await app.user.click(within(hot).getByRole('button', { name: 'Apply' }))
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.keys).toEqual({ mode: 'user-id' })
  })

  it('acks, the partitioner and linger.ms change the producer, and Kafka\'s defaults show where they differ', async () => {
    const app = await renderInspector()
    app.select({ kind: 'producer', id: 'producer-1' })
    const acks = screen.getByRole('combobox', { name: 'acks' })
    expect(acks).toHaveValue('all')
    expect(acks).not.toHaveAccessibleDescription(/Kafka’s default/)
    await app.user.selectOptions(acks, '1')
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.acks).toBe('1')
    expect(acks).toHaveValue('1')
    expect(acks).toHaveAccessibleDescription(/Kafka’s default: all/)

    const partitioner = screen.getByRole('combobox', { name: 'Partitioner for records without a key' })
    expect(partitioner).toHaveValue('random')
    expect(partitioner).toHaveAccessibleDescription(/Kafka’s default: sticky \(Java default\)/)
    await app.user.selectOptions(partitioner, 'round-robin')
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.partitioner).toBe('round-robin')

    // hello-kafka sets linger.ms to 0 for teaching; Kafka's default is 5.
    expect(app.setting('linger.ms')).toHaveTextContent('Kafka’s default: 5')
    await applyNumber(app, 'linger.ms', '5')
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.lingerMs).toBe(5)
    expect(app.setting('linger.ms')).not.toHaveTextContent('Kafka’s default')
  })

  it('"Send 10 now" sends ten more records and "Stop" stops the producer', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    app.select({ kind: 'producer', id: 'producer-1' })
    await app.user.click(screen.getByRole('button', { name: 'Send 10 now' }))
    await app.advance(250)
    expect(app.store.getState().view!.producers[0]!.sent).toBeGreaterThanOrEqual(10)
    await app.user.click(screen.getByRole('button', { name: 'Stop' }))
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.rate).toBe(0)
    expect(screen.getByRole('article', { name: 'producer producer-1' })).toHaveTextContent('stopped (rate 0)')
  })
})

describe('group', () => {
  it('shows state, generation, assignor and protocol, leader, coordinator and lag', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    await app.advance(1000)
    app.select({ kind: 'group', groupId: 'my-consumer-group' })
    const g = app.store.getState().view!.groups[0]!
    const article = screen.getByRole('article', { name: 'consumer group my-consumer-group' })
    expect(article).toHaveTextContent('stateStable — every partition has its reader')
    expect(article).toHaveTextContent(`generation${g.generation}`)
    expect(article).toHaveTextContent('assignorrange')
    expect(article).toHaveTextContent('protocoleager')
    expect(article).toHaveTextContent('leaderconsumer-1')
    expect(article).toHaveTextContent('coordinatorbroker 1')
    expect(article).toHaveTextContent(`lag${g.totalLag} record`)
  })

  it('the assignor changes every member, and the derived protocol follows it', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    await app.advance(500)
    app.select({ kind: 'group', groupId: 'my-consumer-group' })
    const assignor = screen.getByRole('combobox', { name: 'Assignor (partition.assignment.strategy)' })
    expect(assignor).toHaveValue('range,cooperative-sticky')
    expect(screen.getByRole('article', { name: 'consumer group my-consumer-group' })).toHaveTextContent('Rebalance protocol: eager')
    const spy = vi.spyOn(app.client, 'command')
    await app.user.selectOptions(assignor, 'cooperative-sticky')
    expect(spy).toHaveBeenCalledWith(
      { type: 'setGroupConfig', group: 'my-consumer-group', key: 'partition.assignment.strategy', value: ['cooperative-sticky'] },
      'group:my-consumer-group:partition.assignment.strategy',
    )
    await app.advance(500)
    expect(app.store.getState().view!.groups[0]!.config.strategy).toEqual(['cooperative-sticky'])
    const article = screen.getByRole('article', { name: 'consumer group my-consumer-group' })
    expect(article).toHaveTextContent('Rebalance protocol: cooperative')
    expect(article).toHaveTextContent('only the partitions that move pause')
    expect(assignor).toHaveAccessibleDescription(/Kafka’s default: range, cooperative-sticky/)
  })

  it('arrow keys on the assignor send nothing (no rebalance per option): Enter applies the choice, Escape goes back', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    await app.advance(500)
    app.select({ kind: 'group', groupId: 'my-consumer-group' })
    const assignor = screen.getByRole('combobox', { name: 'Assignor (partition.assignment.strategy)' }) as HTMLSelectElement
    const spy = vi.spyOn(app.client, 'command')
    /** What a browser does on an arrow key in a closed select: the next option, and a change event. */
    const arrowTo = (value: string) => {
      fireEvent.keyDown(assignor, { key: 'ArrowDown' })
      fireEvent.change(assignor, { target: { value } })
    }
    act(() => assignor.focus())
    arrowTo('range')
    arrowTo('roundrobin')
    arrowTo('sticky')
    await app.advance(250)
    expect(spy).not.toHaveBeenCalled()
    expect(assignor).toHaveValue('sticky')
    expect(app.store.getState().view!.groups[0]!.config.strategy).toEqual(['range', 'cooperative-sticky'])
    expect(assignor).toHaveAccessibleDescription(/^Not applied yet: Enter or Apply applies it; Escape keeps range, cooperative-sticky \(uses range\)\./)
    const setting = assignor.closest('.setting') as HTMLElement
    expect(within(setting).getByRole('status')).toHaveTextContent('Not applied yet')
    expect(within(setting).getByRole('button', { name: 'Apply' })).toBeInTheDocument()

    await app.user.keyboard('{Escape}')
    expect(assignor).toHaveValue('range,cooperative-sticky')
    expect(within(setting).queryByRole('button', { name: 'Apply' })).toBeNull()
    expect(within(setting).getByRole('status')).toHaveTextContent('')
    expect(spy).not.toHaveBeenCalled()

    arrowTo('cooperative-sticky')
    await app.user.keyboard('{Enter}')
    expect(spy).toHaveBeenCalledTimes(1)
    expect(spy).toHaveBeenCalledWith(
      { type: 'setGroupConfig', group: 'my-consumer-group', key: 'partition.assignment.strategy', value: ['cooperative-sticky'] },
      'group:my-consumer-group:partition.assignment.strategy',
    )
    await app.advance(250)
    expect(app.store.getState().view!.groups[0]!.config.strategy).toEqual(['cooperative-sticky'])
    expect(assignor).not.toHaveAccessibleDescription(/Not applied yet/)
  })

  it('a choice made with the keys can also be applied with the Apply button, which hands the focus back to the select', async () => {
    const app = await renderInspector()
    app.select({ kind: 'producer', id: 'producer-1' })
    const acks = screen.getByRole('combobox', { name: 'acks' })
    const spy = vi.spyOn(app.client, 'command')
    act(() => acks.focus())
    fireEvent.keyDown(acks, { key: 'ArrowUp' })
    fireEvent.change(acks, { target: { value: '1' } })
    const setting = acks.closest('.setting') as HTMLElement
    expect(spy).not.toHaveBeenCalled()
    await app.user.click(within(setting).getByRole('button', { name: 'Apply' }))
    expect(spy).toHaveBeenCalledTimes(1)
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.acks).toBe('1')
    expect(within(setting).queryByRole('button', { name: 'Apply' })).toBeNull()
    expect(acks).toHaveFocus()
  })

  it('a choice made with the mouse in the open list applies at once, with no extra click', async () => {
    const app = await renderInspector()
    app.select({ kind: 'producer', id: 'producer-1' })
    const acks = screen.getByRole('combobox', { name: 'acks' })
    const spy = vi.spyOn(app.client, 'command')
    // Even after the keys were used on it: the pointer starts afresh.
    act(() => acks.focus())
    fireEvent.keyDown(acks, { key: 'ArrowDown' })
    await app.user.selectOptions(acks, '0')
    expect(spy).toHaveBeenCalledWith({ type: 'setProducerConfig', producer: 'producer-1', key: 'acks', value: '0' }, 'producer:producer-1:acks')
    await app.advance(16)
    expect(app.store.getState().view!.producers[0]!.acks).toBe('0')
  })

  it('auto-commit, its interval and auto.offset.reset change the group config', async () => {
    const app = await renderInspector()
    app.select({ kind: 'group', groupId: 'my-consumer-group' })
    const box = screen.getByRole('checkbox', { name: 'enable.auto.commit' })
    expect(box).toBeChecked()
    await app.user.click(box)
    await app.advance(16)
    expect(app.store.getState().view!.groups[0]!.config.autoCommit).toBe(false)
    expect(box).not.toBeChecked()
    expect(box).toHaveAccessibleDescription(/Kafka’s default: true/)
    await applyNumber(app, 'auto.commit.interval.ms', '1000')
    await app.advance(16)
    expect(app.store.getState().view!.groups[0]!.config.autoCommitIntervalMs).toBe(1000)
    const reset = screen.getByRole('combobox', { name: 'auto.offset.reset' })
    expect(reset).toHaveValue('earliest')
    await app.user.selectOptions(reset, 'latest')
    await app.advance(16)
    expect(app.store.getState().view!.groups[0]!.config.autoOffsetReset).toBe('latest')
  })

  it('session.timeout.ms must exceed heartbeat.interval.ms; max.poll settings apply', async () => {
    const app = await renderInspector()
    app.select({ kind: 'group', groupId: 'my-consumer-group' })
    const spy = vi.spyOn(app.client, 'command')
    await applyNumber(app, 'session.timeout.ms', '2000')
    expect(within(app.setting('session.timeout.ms')).getByRole('alert')).toHaveTextContent('session.timeout.ms must be a whole number from 3001 to 2147483647.')
    expect(spy).not.toHaveBeenCalled()
    await applyNumber(app, 'session.timeout.ms', '10000')
    await applyNumber(app, 'max.poll.interval.ms', '60000')
    await applyNumber(app, 'max.poll.records', '50')
    await app.advance(16)
    const config = app.store.getState().view!.groups[0]!.config
    expect([config.sessionTimeoutMs, config.maxPollIntervalMs, config.maxPollRecords]).toEqual([10000, 60000, 50])
    expect(app.setting('max.poll.records')).toHaveTextContent('Kafka’s default: 500')
  })
})

describe('member', () => {
  it('shows its status, and Crash then Restart stop and start it again', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    await app.advance(1000)
    app.select({ kind: 'member', groupId: 'my-consumer-group', id: 'consumer-1' })
    const article = () => screen.getByRole('article', { name: 'member consumer-1' })
    expect(article()).toHaveTextContent('statusstable: consuming its assignment')
    expect(article()).toHaveTextContent('owned partitionsuser-activity-0')
    expect(article()).toHaveTextContent('group leaderyes')
    expect(article()).toHaveTextContent('static memberno (dynamic membership)')
    expect(article()).toHaveTextContent('auto.offset.reset = "earliest" Kafka’s default: "latest"')
    expect(within(article()).queryByRole('button', { name: 'Restart' })).toBeNull()

    await app.user.click(within(article()).getByRole('button', { name: 'Crash' }))
    await app.advance(16)
    expect(article()).toHaveTextContent('statuscrashed')
    expect(article()).toHaveTextContent('why it stopped')
    const restart = within(article()).getByRole('button', { name: 'Restart' })
    // The pressed button is gone: keyboard focus lands on the one that replaced it.
    expect(restart).toHaveFocus()
    expect(within(article()).queryByRole('button', { name: 'Crash' })).toBeNull()

    await app.user.click(restart)
    await app.advance(16)
    expect(app.store.getState().view!.groups[0]!.members[0]!.phase).not.toMatch(/crashed|closed/)
    expect(within(article()).getByRole('button', { name: 'Crash' })).toBeInTheDocument()
  })

  it('Leave closes the member: it leaves the group', async () => {
    const app = await renderInspector(undefined, { speed: 20 })
    await app.advance(500)
    app.select({ kind: 'member', groupId: 'my-consumer-group', id: 'consumer-1' })
    await app.user.click(screen.getByRole('button', { name: 'Leave' }))
    await app.advance(16)
    expect(app.store.getState().view!.groups[0]!.members[0]!.phase).toBe('closed')
    expect(screen.getByRole('article', { name: 'member consumer-1' })).toHaveTextContent('closed: it left the group')
  })

  it('processing time is set per record in ms', async () => {
    const app = await renderInspector()
    app.select({ kind: 'member', groupId: 'my-consumer-group', id: 'consumer-1' })
    const spy = vi.spyOn(app.client, 'command')
    await applyNumber(app, 'Processing time (ms per record)', '1.5')
    expect(within(app.setting('Processing time (ms per record)')).getByRole('alert')).toHaveTextContent(
      'Processing time (ms per record) must be a whole number from 0 to 3600000.',
    )
    expect(spy).not.toHaveBeenCalled()
    await applyNumber(app, 'Processing time (ms per record)', '250')
    expect(spy).toHaveBeenCalledWith({ type: 'setProcessingTime', consumer: 'consumer-1', ms: 250 }, 'member:my-consumer-group:consumer-1:processing-time')
    await app.advance(16)
    expect(app.store.getState().view!.groups[0]!.members[0]!.processingMs).toBe(250)
    expect(screen.getByRole('article', { name: 'member consumer-1' })).toHaveTextContent('processing time250 ms per record')
  })
})

describe('broker', () => {
  it('shows what it leads, holds and coordinates', async () => {
    const app = await renderInspector(replicatedScenario(), { speed: 20 })
    await app.advance(500)
    app.select({ kind: 'broker', id: 1 })
    const b = app.store.getState().view!.brokers[0]!
    const article = screen.getByRole('article', { name: 'broker 1' })
    expect(article).toHaveTextContent('stateup')
    expect(article).toHaveTextContent(`leads${b.leaderCount} partition`)
    expect(article).toHaveTextContent('holds3 replicas')
    expect(within(article).getByRole('table', { name: 'Replicas on broker 1' })).toHaveTextContent('orders-0')
  })

  it('Kill broker moves leadership away, Restart broker brings it back, Elect preferred leaders returns leadership', async () => {
    const app = await renderInspector(replicatedScenario(), { speed: 20 })
    await app.advance(500)
    const leaderOf0 = () => app.store.getState().view!.topics[0]!.partitions[0]!
    const before = leaderOf0()
    app.select({ kind: 'broker', id: before.leader })
    const article = () => screen.getByRole('article', { name: `broker ${before.leader}` })
    await app.user.click(within(article()).getByRole('button', { name: 'Kill broker' }))
    await app.advance(16)
    expect(article()).toHaveTextContent('statedown')
    expect(within(article()).getByRole('button', { name: 'Restart broker' })).toHaveFocus()
    await app.advance(1000)
    expect(leaderOf0().leader).not.toBe(before.leader)
    expect(leaderOf0().leaderEpoch).toBeGreaterThan(before.leaderEpoch)
    expect(article()).toHaveTextContent('down, fenced')

    await app.user.click(within(article()).getByRole('button', { name: 'Restart broker' }))
    await app.advance(1000)
    expect(app.store.getState().view!.brokers.find((b) => b.id === before.leader)!.alive).toBe(true)
    expect(leaderOf0().isr).toContain(before.leader)
    await app.user.click(within(article()).getByRole('button', { name: 'Elect preferred leaders' }))
    await app.advance(16)
    expect(leaderOf0().leader).toBe(leaderOf0().replicas[0])
  })

  it('Slow broker is a toggle', async () => {
    const app = await renderInspector(replicatedScenario(), { speed: 20 })
    app.select({ kind: 'broker', id: 2 })
    const slow = screen.getByRole('button', { name: 'Slow broker' })
    expect(slow).toHaveAttribute('aria-pressed', 'false')
    await app.user.click(slow)
    await app.advance(16)
    expect(app.store.getState().view!.brokers[1]!.slow).toBe(true)
    expect(slow).toHaveAttribute('aria-pressed', 'true')
    expect(screen.getByRole('article', { name: 'broker 2' })).toHaveTextContent('up, slow')
    await app.user.click(slow)
    await app.advance(16)
    expect(app.store.getState().view!.brokers[1]!.slow).toBe(false)
  })

  it('shows Kafka\'s refusal next to the control that caused it', async () => {
    const app = await renderInspector(replicatedScenario())
    app.select({ kind: 'broker', id: 3 })
    await act(() => app.client.command({ type: 'killBroker', broker: 3 }))
    await app.advance(16)
    await app.user.click(screen.getByRole('button', { name: 'Slow broker' }))
    await app.advance(16)
    const action = screen.getByRole('button', { name: 'Slow broker' }).parentElement as HTMLElement
    expect(within(action).getByRole('alert')).toHaveTextContent('Kafka refused: Broker 3 is down. (BROKER_NOT_AVAILABLE)')
  })
})

describe('keyboard and names', () => {
  const selections: Selection[] = [
    { kind: 'producer', id: 'producer-1' },
    { kind: 'topic', topic: 'orders' },
    { kind: 'partition', topic: 'orders', partition: 0 },
    { kind: 'record', topic: 'orders', partition: 0, offset: 0 },
    { kind: 'group', groupId: 'g1' },
    { kind: 'member', groupId: 'g1', id: 'consumer-1' },
    { kind: 'broker', id: 1 },
  ]

  it.each(selections.map((s) => [s.kind, s] as const))('every %s control has an accessible name and is reachable by Tab', async (_kind, selection) => {
    const app = await renderInspector(replicatedScenario(), { speed: 20 })
    await app.advance(500)
    app.select(selection)
    const controls = [...app.inspector().querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]')]
    expect(controls.length).toBeGreaterThan(1)
    for (const c of controls) expect(c).toHaveAccessibleName()
    // Tab through the panel once, from the top.
    ;(document.activeElement as HTMLElement | null)?.blur()
    const reached = new Set<Element>()
    for (let i = 0; i < controls.length + 2; i++) {
      await app.user.tab()
      if (document.activeElement && document.activeElement !== document.body) reached.add(document.activeElement)
    }
    for (const c of controls) {
      // A radio group is one Tab stop: its checked radio.
      if (c instanceof HTMLInputElement && c.type === 'radio' && !c.checked) continue
      expect(reached, `${c.tagName} "${c.getAttribute('aria-label') ?? c.textContent}"`).toContain(c)
    }
  })
})
