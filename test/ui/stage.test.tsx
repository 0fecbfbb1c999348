/**
 * The picture (ClusterStage) over a real in-thread simulation: producers, brokers holding partition
 * replicas and consumer groups in three columns; leaders, followers, the ISR and the high watermark
 * drawn the way Kafka defines them; who reads what; selection into the inspector; and the buttons on
 * the cards, which send their commands and show the result after frames.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { parseScenario } from '../../src/engine'
import type { Scenario } from '../../src/engine'
import { renderApp } from './harness'

type App = Awaited<ReturnType<typeof renderApp>>

interface ReplicatedOptions {
  acks?: 'all' | '1'
  minIsr?: number
  unclean?: boolean
  strategy?: ('range' | 'roundrobin' | 'sticky' | 'cooperative-sticky')[]
  consumers?: number
  partitions?: number
  /** The producer's records per second (20 unless given). */
  rate?: number
}

/**
 * Three brokers and a topic `orders` with replication factor 3, a keyed producer and a group `g1`.
 * Short timings so that failures play out in a few simulated seconds: the controller fences a dead
 * broker after 1 s, a follower leaves the ISR after 2 s behind, a crashed member is noticed after 6 s.
 */
function replicated(o: ReplicatedOptions = {}): Scenario {
  return parseScenario({
    version: 1,
    id: 'replicated',
    seed: 7,
    cluster: {
      brokers: 3,
      networkLatencyMs: 20,
      config: { 'replica.lag.time.max.ms': 2000, 'broker.session.timeout.ms': 1000, 'group.initial.rebalance.delay.ms': 0 },
    },
    topics: [
      {
        name: 'orders',
        partitions: o.partitions ?? 3,
        replicationFactor: 3,
        config: { 'min.insync.replicas': o.minIsr ?? 2, 'unclean.leader.election.enable': o.unclean ?? false },
      },
    ],
    producers: [
      {
        id: 'producer-1',
        topic: 'orders',
        rate: o.rate ?? 20,
        keys: { mode: 'user-id' },
        value: { kind: 'click-event', users: 6 },
        config: { acks: o.acks ?? 'all', 'linger.ms': 0, 'enable.idempotence': o.acks !== '1' },
      },
    ],
    consumers: Array.from({ length: o.consumers ?? 1 }, (_, i) => ({
      id: `consumer-${i + 1}`,
      group: 'g1',
      topics: ['orders'],
      config: {
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 6000,
        'heartbeat.interval.ms': 1000,
        ...(o.strategy ? { 'partition.assignment.strategy': o.strategy } : {}),
      },
    })),
  })
}

/** One broker, `partitions` partitions of user-activity, `members` members in my-consumer-group. */
function singleBroker(partitions: number, members: number): Scenario {
  return parseScenario({
    version: 1,
    id: 'single-broker',
    seed: 3,
    cluster: { brokers: 1, networkLatencyMs: 20, config: { 'group.initial.rebalance.delay.ms': 0 } },
    topics: [{ name: 'user-activity', partitions }],
    producers: [{ id: 'producer-1', topic: 'user-activity', rate: 10, partitioner: 'round-robin', config: { 'linger.ms': 0 } }],
    consumers: Array.from({ length: members }, (_, i) => ({
      id: `consumer-${i + 1}`,
      group: 'my-consumer-group',
      topics: ['user-activity'],
      config: { 'auto.offset.reset': 'earliest', 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 },
    })),
  })
}

// The inspector's articles share these names: look for the cards in their columns of the picture.
const brokerCard = (id: number) => within(screen.getByRole('region', { name: 'Brokers and topics' })).getByRole('article', { name: `broker ${id}` })
const groupCard = (id = 'g1') => within(screen.getByRole('region', { name: 'Consumer groups' })).getByRole('article', { name: `consumer group ${id}` })
const member = (id: string, group = 'g1') => within(groupCard(group)).getByRole('listitem', { name: id })
/** The leader's log of a partition: a region named "orders-0: ..." (the summary of its offsets). */
const leaderLog = (tp: string) => screen.getByRole('region', { name: new RegExp(`^${tp}: `) })
/** The copy bar of a follower replica of `tp` on `broker`. */
const followerRow = (tp: string, broker: number) => screen.getByRole('region', { name: new RegExp(`^${tp} follower on broker ${broker}: `) })
const partitionView = (app: App, topic: string, partition: number) => app.store.getState().view!.topics.find((t) => t.name === topic)!.partitions[partition]!
/** The inspector beside the picture: the App mounts it only while something is selected. */
const inspectorAside = () => screen.queryByRole('complementary', { name: 'Inspector' })

describe('the picture', () => {
  it('draws producers on the left, brokers holding the partitions in the middle, consumer groups on the right', async () => {
    await renderApp(replicated())
    const columns = [screen.getByRole('region', { name: 'Producers' }), screen.getByRole('region', { name: 'Brokers and topics' }), screen.getByRole('region', { name: 'Consumer groups' })]
    // In reading order, left to right.
    expect(columns[0]!.compareDocumentPosition(columns[1]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(columns[1]!.compareDocumentPosition(columns[2]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(within(columns[0]!).getByRole('article', { name: 'producer-1' })).toBeInTheDocument()
    expect(within(columns[1]!).getByRole('article', { name: 'topic orders' })).toHaveTextContent('3 partitions on 3 brokers')
    expect(within(columns[1]!).getAllByRole('article', { name: /^broker \d$/ })).toHaveLength(3)
    expect(within(columns[2]!).getByRole('article', { name: 'consumer group g1' })).toBeInTheDocument()
  })

  it('draws each partition\'s log on its leader\'s broker, marked "★ leader", and a copy bar in the ISR on each follower\'s broker', async () => {
    const app = await renderApp(replicated())
    await app.advance(1000)
    for (const p of [0, 1, 2]) {
      const tp = `orders-${p}`
      const view = partitionView(app, 'orders', p)
      expect(view.replicas).toHaveLength(3)
      const log = within(brokerCard(view.leader)).getByRole('region', { name: new RegExp(`^${tp}: `) })
      expect(log).toHaveTextContent('★ leader')
      expect(log).toHaveTextContent('ISR ')
      // Exactly one leader log per partition in the whole picture.
      expect(screen.getAllByRole('region', { name: new RegExp(`^${tp}: `) })).toHaveLength(1)
      for (const b of view.replicas.filter((r) => r !== view.leader)) {
        const row = within(brokerCard(b)).getByRole('region', { name: new RegExp(`^${tp} follower on broker ${b}: in sync`) })
        expect(row).toHaveTextContent('follower')
        expect(row).toHaveTextContent('in ISR')
        expect(row).not.toHaveTextContent('not in ISR')
        expect(within(row).getByRole('img', { name: /^copied \d+ of \d+ records; log end \d+, high watermark \d+, leader's log end \d+$/ })).toBeInTheDocument()
      }
    }
    // Leaders are spread over the brokers (Kafka's striped replica placement).
    expect(new Set([0, 1, 2].map((p) => partitionView(app, 'orders', p).leader)).size).toBe(3)
  })

  it('a slow follower holds the high watermark back (the HW marker sits below the log end), then leaves the ISR after replica.lag.time.max.ms and reads "not in ISR"', async () => {
    const app = await renderApp(replicated({ partitions: 1 }))
    await app.advance(1000)
    const view = partitionView(app, 'orders', 0)
    const slow = view.replicas.find((b) => b !== view.leader)!
    await app.user.click(within(brokerCard(slow)).getByRole('button', { name: 'Slow broker' }))
    await app.advance(1000)
    // Still in the ISR, but behind: the high watermark is its log end, below the leader's.
    const behind = partitionView(app, 'orders', 0)
    expect(behind.isr).toContain(slow)
    const slowLeo = behind.replicaStates.find((r) => r.broker === slow)!.leo
    expect(slowLeo).toBeLessThan(behind.logEndOffset)
    expect(behind.highWatermark).toBeLessThanOrEqual(slowLeo)
    const log = leaderLog('orders-0')
    expect(within(log).getByText('HW')).toBeInTheDocument()
    expect(log.querySelector('.hw-here')).toHaveAttribute('data-anchor', `offset:orders-0:${behind.highWatermark}`)
    expect(within(log).getAllByRole('button', { name: /, not yet on every in-sync replica$/ }).length).toBe(behind.logEndOffset - behind.highWatermark)
    expect(followerRow('orders-0', slow)).toHaveTextContent('in ISR')
    expect(followerRow('orders-0', slow)).toHaveTextContent(`${behind.logEndOffset - slowLeo} behind the leader`)
    expect(followerRow('orders-0', slow)).toHaveTextContent(`log end ${slowLeo} / leader ${behind.logEndOffset}`)
    // replica.lag.time.max.ms (2 s here) later, the leader shrinks the ISR.
    await app.advance(2500)
    expect(followerRow('orders-0', slow)).toHaveTextContent('not in ISR')
    expect(followerRow('orders-0', slow)).toHaveAccessibleName(new RegExp(`^orders-0 follower on broker ${slow}: out of sync`))
    expect(partitionView(app, 'orders', 0).isr).not.toContain(slow)
    expect(leaderLog('orders-0')).not.toHaveTextContent(new RegExp(`ISR .*\\b${slow}\\b`))
  })

  it('with the high watermark behind every record the strip shows (acks=1, a slow follower still in the ISR), puts the HW marker, with its offset, on the older-records item', async () => {
    const app = await renderApp(replicated({ acks: '1', minIsr: 1, partitions: 1 }))
    await app.advance(1000)
    const view = partitionView(app, 'orders', 0)
    const slow = view.replicas.find((b) => b !== view.leader)!
    await app.user.click(within(brokerCard(slow)).getByRole('button', { name: 'Slow broker' }))
    // acks=1 does not wait for followers: the log runs ahead while the slow follower holds the high watermark.
    await app.advance(1500)
    const behind = partitionView(app, 'orders', 0)
    expect(behind.isr).toContain(slow)
    const firstShown = behind.records[0]!.offset
    expect(behind.highWatermark).toBeLessThan(firstShown)
    const log = leaderLog('orders-0')
    const older = within(log).getByRole('listitem', { name: `${firstShown - behind.logStartOffset} older records not shown` })
    expect(within(older).getByText(`HW ${behind.highWatermark}`)).toHaveAttribute('title', `high watermark ${behind.highWatermark}: consumers read only offsets before it`)
    expect(within(log).getAllByText(/^HW/)).toHaveLength(1)
    // Every record shown is above it: not yet on every in-sync replica.
    expect(within(log).getAllByRole('button', { name: /^offset \d+, key / }).every((b) => b.getAttribute('aria-label')!.endsWith(', not yet on every in-sync replica'))).toBe(true)
  })

  it('draws no high watermark marker on a partition without followers: its high watermark is its log end', async () => {
    const app = await renderApp(singleBroker(1, 1))
    await app.advance(1000)
    const log = leaderLog('user-activity-0')
    expect(log).toHaveTextContent('★ leader')
    expect(within(log).queryByText('HW')).toBeNull()
    expect(screen.queryAllByRole('region', { name: /follower on broker/ })).toHaveLength(0)
  })

  it('names each partition\'s reader on its log (owner chips), and marks a member without a partition idle, saying why', async () => {
    const app = await renderApp(singleBroker(2, 3))
    app.client.setSpeed(5)
    await app.advance(1500)
    const group = groupCard('my-consumer-group')
    expect(within(group).getByRole('status')).toHaveTextContent('Stable')
    const owners = new Map<string, string>()
    for (const m of app.store.getState().view!.groups[0]!.members) for (const tp of m.owned) owners.set(tp, m.id)
    expect([...owners.keys()].sort()).toEqual(['user-activity-0', 'user-activity-1'])
    for (const [tp, id] of owners) {
      expect(leaderLog(tp)).toHaveTextContent(`→ ${id}`)
      expect(within(within(group).getByRole('list', { name: `${id} owns` })).getByRole('listitem')).toHaveTextContent(tp)
    }
    const idle = app.store.getState().view!.groups[0]!.members.find((m) => m.owned.length === 0)!
    const idleCard = within(group).getByRole('listitem', { name: idle.id })
    expect(idleCard).toHaveTextContent('idle: no partition assigned')
    expect(within(idleCard).getByText('idle', { selector: '.badge' })).toBeInTheDocument()
    expect(within(group).getByRole('note')).toHaveTextContent(
      `${idle.id} is idle: a partition is read by only one member of a group, so a group can use at most as many consumers as its topics have partitions.`,
    )
  })
})

describe('selection', () => {
  const targets: [string, (app: App) => HTMLElement, string][] = [
    ['a producer', () => within(screen.getByRole('article', { name: 'producer-1' })).getByRole('button', { name: 'producer-1' }), 'producer producer-1'],
    ['a partition', () => within(leaderLog('orders-0')).getByRole('button', { name: 'orders-0' }), 'partition orders-0'],
    // The strip shows the newest records: offset 5 is on it after a second.
    ['a record cell', () => within(leaderLog('orders-0')).getByRole('button', { name: /^offset 5, key / }), 'record at offset 5 of orders-0'],
    ['a group', () => within(groupCard()).getByRole('button', { name: 'g1' }), 'consumer group g1'],
    ['a member', () => within(member('consumer-1')).getByRole('button', { name: 'consumer-1' }), 'member consumer-1'],
    ['a broker', () => within(brokerCard(2)).getByRole('button', { name: 'Broker 2' }), 'broker 2'],
  ]

  it.each(targets)('clicking %s opens it in the inspector beside the picture; clicking it again closes the inspector', async (_what, find, article) => {
    const app = await renderApp(replicated())
    await app.advance(1000)
    expect(inspectorAside()).toBeNull()
    await app.user.click(find(app))
    // A record's details are asked of the simulation: let the answer arrive.
    await app.advance(16)
    const aside = inspectorAside()
    expect(aside).not.toBeNull()
    expect(within(aside!).getByRole('article', { name: article })).toBeInTheDocument()
    expect(find(app)).toHaveAttribute('aria-pressed', 'true')
    await app.user.click(find(app))
    await app.advance(16)
    expect(inspectorAside()).toBeNull()
    expect(find(app)).toHaveAttribute('aria-pressed', 'false')
    expect(app.store.getState().selection).toBeNull()
  })

  it('selecting another thing switches the inspector to it without closing', async () => {
    const app = await renderApp(replicated())
    await app.advance(500)
    await app.user.click(within(brokerCard(1)).getByRole('button', { name: 'Broker 1' }))
    await app.user.click(within(groupCard()).getByRole('button', { name: 'g1' }))
    expect(within(inspectorAside()!).getByRole('article', { name: 'consumer group g1' })).toBeInTheDocument()
    expect(within(brokerCard(1)).getByRole('button', { name: 'Broker 1' })).toHaveAttribute('aria-pressed', 'false')
  })
})

describe('group card', () => {
  it('shows the group\'s state, generation, assignor and eager protocol (range, Kafka\'s first default)', async () => {
    const app = await renderApp(replicated())
    await app.advance(1000)
    const card = groupCard()
    const g = app.store.getState().view!.groups[0]!
    expect(within(card).getByRole('status')).toHaveTextContent(`Stable · generation ${g.generation} — every partition has its reader`)
    expect(g.generation).toBeGreaterThanOrEqual(1)
    expect(card).toHaveTextContent('range assignor · eager rebalancing')
  })

  it('shows cooperative rebalancing with the cooperative-sticky assignor', async () => {
    const app = await renderApp(replicated({ strategy: ['cooperative-sticky'] }))
    await app.advance(1000)
    expect(groupCard()).toHaveTextContent('cooperative-sticky assignor · cooperative rebalancing')
  })

  it('goes through a rebalance when a member joins (PreparingRebalance), and is Stable again at the next generation', async () => {
    const app = await renderApp(replicated())
    await app.advance(1000)
    const before = app.store.getState().view!.groups[0]!.generation
    await app.user.click(within(groupCard()).getByRole('button', { name: 'Add consumer' }))
    const seen = new Set<string>()
    for (let i = 0; i < 200 && !(seen.has('PreparingRebalance') && app.store.getState().view!.groups[0]!.state === 'Stable'); i++) {
      await app.advance(20)
      seen.add(app.store.getState().view!.groups[0]!.state)
      if (app.store.getState().view!.groups[0]!.state === 'PreparingRebalance') {
        expect(within(groupCard()).getByRole('status')).toHaveTextContent('PreparingRebalance')
        expect(within(groupCard()).getByRole('status')).toHaveTextContent('rebalancing: waiting for every member to rejoin (JoinGroup)')
      }
    }
    expect(seen).toContain('PreparingRebalance')
    expect(within(groupCard()).getByRole('status')).toHaveTextContent(`Stable · generation ${before + 1}`)
    expect(within(groupCard()).getAllByRole('listitem', { name: /^consumer-\d+$/ })).toHaveLength(2)
    expect(groupCard()).toHaveTextContent('rebalances')
  })
})

describe('member buttons', () => {
  it('Crash stops the member without leaving (the group waits for session.timeout.ms); Restart starts it again and it rejoins', async () => {
    const app = await renderApp(replicated())
    await app.advance(1000)
    const command = vi.spyOn(app.client, 'command')
    await app.user.click(within(member('consumer-1')).getByRole('button', { name: 'Crash' }))
    expect(command).toHaveBeenCalledWith({ type: 'crashConsumer', consumer: 'consumer-1' }, 'member:consumer-1')
    await app.advance(100)
    expect(member('consumer-1')).toHaveTextContent('crashed: the group notices only after session.timeout.ms')
    expect(within(member('consumer-1')).queryByRole('button', { name: 'Crash' })).toBeNull()
    // The crashed member no longer reads: its partitions lose their owner chip.
    expect(leaderLog('orders-0')).not.toHaveTextContent('→ consumer-1')
    await app.user.click(within(member('consumer-1')).getByRole('button', { name: 'Restart' }))
    expect(command).toHaveBeenCalledWith({ type: 'restartConsumer', consumer: 'consumer-1' }, 'member:consumer-1')
    app.client.setSpeed(5)
    await app.advance(2000)
    await waitFor(() => expect(member('consumer-1')).toHaveTextContent('reading orders-0, orders-1, orders-2'))
    expect(leaderLog('orders-0')).toHaveTextContent('→ consumer-1')
  })

  it('Leave makes the member leave the group at once, its partitions going to the others; Restart brings it back', async () => {
    const app = await renderApp(replicated({ consumers: 2 }))
    app.client.setSpeed(5)
    await app.advance(1000)
    await app.user.click(within(member('consumer-2')).getByRole('button', { name: 'Leave' }))
    await app.advance(600)
    expect(member('consumer-2')).toHaveTextContent('left the group')
    expect(member('consumer-1')).toHaveTextContent('reading orders-0, orders-1, orders-2')
    await app.user.click(within(member('consumer-2')).getByRole('button', { name: 'Restart' }))
    await app.advance(1000)
    expect(member('consumer-2')).toHaveTextContent(/reading orders-\d/)
  })
})

describe('broker buttons', () => {
  it('Kill broker sends killBroker; the card says down, then fenced once the controller notices; Restart broker brings it back', async () => {
    const app = await renderApp(replicated())
    await app.advance(500)
    const command = vi.spyOn(app.client, 'command')
    await app.user.click(within(brokerCard(2)).getByRole('button', { name: 'Kill broker' }))
    expect(command).toHaveBeenCalledWith({ type: 'killBroker', broker: 2 }, 'broker:2')
    await app.advance(100)
    expect(brokerCard(2)).toHaveTextContent('down (the controller has not noticed yet)')
    expect(within(brokerCard(2)).queryByRole('button', { name: 'Kill broker' })).toBeNull()
    expect(within(brokerCard(2)).queryByRole('button', { name: 'Slow broker' })).toBeNull()
    // broker.session.timeout.ms (1 s here) later, the controller fences it and moves leadership away.
    await app.advance(1500)
    expect(brokerCard(2)).toHaveTextContent('down (fenced by the controller)')
    for (const p of [0, 1, 2]) expect(partitionView(app, 'orders', p).leader).not.toBe(2)
    expect(within(brokerCard(2)).queryAllByText('★ leader')).toHaveLength(0)
    await app.user.click(within(brokerCard(2)).getByRole('button', { name: 'Restart broker' }))
    expect(command).toHaveBeenCalledWith({ type: 'restartBroker', broker: 2 }, 'broker:2')
    await app.advance(100)
    expect(within(brokerCard(2)).getByText('up', { selector: '.badge' })).toBeInTheDocument()
    expect(within(brokerCard(2)).getByRole('button', { name: 'Kill broker' })).toBeInTheDocument()
  })

  it('Slow broker is a toggle: the card says "up, slow" while pressed and "up" again when released', async () => {
    const app = await renderApp(replicated())
    await app.advance(500)
    const command = vi.spyOn(app.client, 'command')
    const slow = () => within(brokerCard(3)).getByRole('button', { name: 'Slow broker' })
    expect(slow()).toHaveAttribute('aria-pressed', 'false')
    await app.user.click(slow())
    expect(command).toHaveBeenCalledWith({ type: 'slowBroker', broker: 3, slow: true }, 'broker:3')
    await app.advance(100)
    expect(within(brokerCard(3)).getByText('up, slow', { selector: '.badge' })).toBeInTheDocument()
    expect(slow()).toHaveAttribute('aria-pressed', 'true')
    await app.user.click(slow())
    expect(command).toHaveBeenCalledWith({ type: 'slowBroker', broker: 3, slow: false }, 'broker:3')
    await app.advance(100)
    expect(within(brokerCard(3)).getByText('up', { selector: '.badge' })).toBeInTheDocument()
    expect(slow()).toHaveAttribute('aria-pressed', 'false')
  })

  it('shows no broker buttons in a one-broker lesson without replication', async () => {
    await renderApp(singleBroker(1, 1))
    expect(within(brokerCard(1)).queryByRole('button', { name: 'Kill broker' })).toBeNull()
  })
})

describe('lost records', () => {
  const lostWere = (n: number) => `${n} acknowledged record${n === 1 ? ' was' : 's were'}`

  /** Slows every follower of orders-0, kills its leader, lets the followers catch up again: the leader's unreplicated tail is gone. */
  async function killLeaderAheadOfFollowers(app: App) {
    await app.advance(1000)
    const view = partitionView(app, 'orders', 0)
    const followers = view.replicas.filter((b) => b !== view.leader)
    for (const f of followers) await app.client.command({ type: 'slowBroker', broker: f })
    await app.advance(500)
    await app.client.command({ type: 'killBroker', broker: view.leader })
    for (const f of followers) await app.client.command({ type: 'slowBroker', broker: f, slow: false })
    return view.leader
  }

  it('acks=1: records the leader acknowledged before its followers copied them are lost when it dies, and are listed on their topic', async () => {
    const app = await renderApp(replicated({ acks: '1', minIsr: 1, partitions: 1 }))
    await killLeaderAheadOfFollowers(app)
    await app.advance(2500)
    const view = app.store.getState().view!
    const loss = view.counters.lostByTopic.orders!
    // The engine's own count: every acknowledged record lost, all topics together.
    expect(loss).toEqual({ acked: app.host.simulation!.s.counters.lost, unacked: expect.any(Number) })
    expect(loss.acked).toBeGreaterThan(0)
    const topic = screen.getByRole('article', { name: 'topic orders' })
    expect(topic).toHaveTextContent(`${lostWere(loss.acked)} lost in a leader change`)
    // Fewer than LOST_SHOWN: the list has them all, and says nothing about the newest.
    expect(loss.acked + loss.unacked).toBeLessThanOrEqual(20)
    expect(within(topic).getAllByRole('listitem')).toHaveLength(loss.acked + loss.unacked)
    expect(topic).not.toHaveTextContent('Showing the newest')
    const first = view.lostRecords.find((r) => r.acked)!
    expect(topic).toHaveTextContent(`orders-0 offset ${first.offset}, key ${first.key}: its producer had been told it was written`)
  })

  it('more acknowledged records lost than the list shows: the topic card counts them all (the engine\'s total), and lists the newest 20 of them', async () => {
    // A fast producer and acks=1: the leader runs ~100 records ahead of its slowed followers before it dies.
    const app = await renderApp(replicated({ acks: '1', minIsr: 1, partitions: 1, rate: 200 }))
    await killLeaderAheadOfFollowers(app)
    await app.advance(2500)
    const engineLost = app.host.simulation!.s.counters.lost
    expect(engineLost).toBeGreaterThan(20)
    const loss = app.store.getState().view!.counters.lostByTopic.orders!
    expect(loss.acked).toBe(engineLost)
    const topic = screen.getByRole('article', { name: 'topic orders' })
    const summary = within(topic).getByText(/lost in a leader change/)
    expect(summary).toHaveTextContent(new RegExp(`^${lostWere(engineLost)} lost in a leader change`))
    const total = loss.acked + loss.unacked
    expect(topic).toHaveTextContent(`Showing the newest 20 of ${total} records:`)
    expect(within(topic).getAllByRole('listitem')).toHaveLength(20)
    // The list is the newest: its last item is the last record lost.
    const newest = app.store.getState().view!.lostRecords.at(-1)!
    expect(within(topic).getAllByRole('listitem').at(-1)).toHaveTextContent(`orders-0 offset ${newest.offset}, key ${newest.key}:`)
  })

  it('unclean leader election: an out-of-sync replica leads, the acknowledged records only the others had are lost and listed', async () => {
    const app = await renderApp(replicated({ acks: 'all', minIsr: 1, unclean: true, partitions: 1 }))
    await app.advance(1000)
    const view = partitionView(app, 'orders', 0)
    const [a, b, c] = view.replicas as [number, number, number]
    await app.client.command({ type: 'slowBroker', broker: c })
    // replica.lag.time.max.ms later c is out of the ISR; acks=all now waits only for a and b.
    await app.advance(3000)
    expect(followerRow('orders-0', c)).toHaveTextContent('not in ISR')
    await app.client.command({ type: 'killBroker', broker: a })
    await app.client.command({ type: 'killBroker', broker: b })
    await app.client.command({ type: 'slowBroker', broker: c, slow: false })
    await app.advance(2000)
    expect(partitionView(app, 'orders', 0).leader).toBe(c)
    expect(within(brokerCard(c)).getByRole('region', { name: /^orders-0: / })).toHaveTextContent('★ leader')
    const loss = app.store.getState().view!.counters.lostByTopic.orders!
    expect(loss.acked).toBeGreaterThan(0)
    expect(loss.acked).toBe(app.host.simulation!.s.counters.lost)
    const topic = screen.getByRole('article', { name: 'topic orders' })
    expect(topic).toHaveTextContent(`${lostWere(loss.acked)} lost in a leader change`)
    await waitFor(() => expect(screen.getByRole('log', { name: 'Event log' })).toHaveTextContent(/unclean/i))
  })

  it('acks=all with min.insync.replicas=2 and clean election: killing the leader lists no lost record', async () => {
    const app = await renderApp(replicated({ partitions: 1 }))
    await app.advance(1000)
    const old = partitionView(app, 'orders', 0).leader
    await app.user.click(within(brokerCard(old)).getByRole('button', { name: 'Kill broker' }))
    await app.advance(3000)
    expect(partitionView(app, 'orders', 0).leader).not.toBe(old)
    expect(app.store.getState().view!.counters.lostByTopic.orders?.acked ?? 0).toBe(0)
    expect(app.store.getState().view!.lostRecords.filter((r) => r.acked)).toEqual([])
    expect(screen.getByRole('article', { name: 'topic orders' })).not.toHaveTextContent('acknowledged record')
  })

  it('a partition with fewer in-sync replicas than min.insync.replicas is flagged on its topic, in words, until the ISR grows back', async () => {
    const app = await renderApp(replicated({ partitions: 1 }))
    await app.advance(1000)
    const topic = () => screen.getByRole('article', { name: 'topic orders' })
    expect(topic()).not.toHaveTextContent('below min.insync.replicas')
    const [, b, c] = partitionView(app, 'orders', 0).replicas as [number, number, number]
    await app.client.command({ type: 'killBroker', broker: b })
    await app.client.command({ type: 'killBroker', broker: c })
    await app.advance(3000)
    expect(partitionView(app, 'orders', 0).isr).toHaveLength(1)
    expect(topic()).toHaveTextContent('⚠ below min.insync.replicas: orders-0 (ISR 1)')
    await app.client.command({ type: 'restartBroker', broker: b })
    await app.advance(5000)
    expect(partitionView(app, 'orders', 0).isr.length).toBeGreaterThanOrEqual(2)
    expect(topic()).not.toHaveTextContent('below min.insync.replicas')
  })

  it('a partition with no leader (every replica down) is flagged offline on its topic, in words, until a replica leads again', async () => {
    const app = await renderApp(replicated({ partitions: 1 }))
    await app.advance(1000)
    const topic = () => screen.getByRole('article', { name: 'topic orders' })
    const replicas = partitionView(app, 'orders', 0).replicas
    for (const b of replicas) await app.client.command({ type: 'killBroker', broker: b })
    await app.advance(3000)
    expect(partitionView(app, 'orders', 0).leader).toBe(-1)
    expect(topic()).toHaveTextContent('⚠ offline: orders-0')
    for (const b of replicas) await app.client.command({ type: 'restartBroker', broker: b })
    await app.advance(3000)
    expect(partitionView(app, 'orders', 0).leader).toBeGreaterThan(0)
    expect(topic()).not.toHaveTextContent('offline')
  })
})

describe('the high watermark on followers\' copy bars', () => {
  /** Where a copy bar's piece starts, as a fraction of the bar (its inline `left` or `width`, "calc(x% - ...)" or "x%"). */
  const along = (el: Element | null, prop: 'left' | 'width') => Number(/([\d.]+)%/.exec((el as HTMLElement).style[prop])![1]) / 100

  it('marks the partition\'s high watermark on every follower: a slow follower in the ISR holds it back at its log end; once out of the ISR its log end falls below it', async () => {
    const app = await renderApp(replicated({ partitions: 1 }))
    await app.advance(1000)
    const start = partitionView(app, 'orders', 0)
    const [slow, fast] = start.replicas.filter((b) => b !== start.leader) as [number, number]
    await app.user.click(within(brokerCard(slow)).getByRole('button', { name: 'Slow broker' }))
    await app.advance(1000)
    let p = partitionView(app, 'orders', 0)
    const leo = (b: number) => p.replicaStates.find((r) => r.broker === b)!.leo
    // The high watermark is the lowest log end offset in the ISR: the slow follower's, below the leader's.
    expect(p.isr).toContain(slow)
    expect(p.highWatermark).toBeLessThanOrEqual(leo(slow))
    expect(p.highWatermark).toBeLessThan(p.logEndOffset)
    for (const b of [slow, fast]) {
      const row = followerRow('orders-0', b)
      expect(within(row).getByText(`HW ${p.highWatermark}`)).toHaveAttribute('title', `high watermark ${p.highWatermark}: consumers read only offsets before it`)
      expect(within(row).getByRole('img', { name: new RegExp(`; log end ${leo(b)}, high watermark ${p.highWatermark}, leader's log end ${p.logEndOffset}$`) })).toBeInTheDocument()
      expect(row).toHaveAccessibleName(new RegExp(`, high watermark ${p.highWatermark}$`))
      // In the ISR, a follower is at or past the high watermark: the tick is within its filled part.
      expect(along(row.querySelector('.copy-hw'), 'left')).toBeLessThanOrEqual(along(row.querySelector('.copy-fill'), 'width'))
      expect(row).not.toHaveTextContent('below the HW')
    }
    // replica.lag.time.max.ms later it is out of the ISR; the high watermark moves on without it.
    await app.advance(2500)
    p = partitionView(app, 'orders', 0)
    expect(p.isr).not.toContain(slow)
    expect(leo(slow)).toBeLessThan(p.highWatermark)
    const row = followerRow('orders-0', slow)
    expect(row).toHaveTextContent('not in ISR')
    expect(within(row).getByText(`HW ${p.highWatermark}`)).toBeInTheDocument()
    expect(row).toHaveTextContent(`${p.highWatermark - leo(slow)} below the HW`)
    expect(within(row).getByRole('img', { name: new RegExp(`; log end ${leo(slow)}, high watermark ${p.highWatermark}, `) })).toBeInTheDocument()
    // The tick sits past the end of what it has copied.
    expect(along(row.querySelector('.copy-hw'), 'left')).toBeGreaterThan(along(row.querySelector('.copy-fill'), 'width'))
  })
})

describe('reduced motion: new records are highlighted in place', () => {
  it('a cell is marked new for a moment after the leader appends it, however long the record took to arrive', async () => {
    // 1.5 s of network latency: the record's own timestamp is long past when it lands in the log.
    const slow = parseScenario({
      version: 1,
      id: 'slow-network',
      seed: 3,
      cluster: { brokers: 1, networkLatencyMs: 1500 },
      topics: [{ name: 't', partitions: 1 }],
      producers: [{ id: 'producer-1', topic: 't', rate: 1, config: { 'linger.ms': 0 } }],
      consumers: [],
    })
    const app = await renderApp(slow)
    await app.advance(1600)
    const log = document.querySelector('[data-anchor^="offset:t-0:0"]')?.closest('li')
    expect(log).not.toBeNull()
    expect(log).toHaveClass('fresh')
    await app.advance(3000)
    expect(document.querySelector('[data-anchor="offset:t-0:0"]')).not.toHaveClass('fresh')
  })
})

describe('member status under the eager protocol', () => {
  it('a brand-new member is "joining"; a member that owned partitions and gave them up for a rebalance is "paused"', async () => {
    const app = await renderApp()
    await app.advance(2000)
    const card = () => screen.getByRole('listitem', { name: 'consumer-1' })
    expect(card()).toHaveTextContent('joining the group (JoinGroup)')
    expect(card()).not.toHaveTextContent('gave up its partitions')
    await waitFor(async () => {
      await app.advance(250)
      expect(card()).toHaveTextContent(/reading user-activity-0/)
    })
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    // It learns of the rebalance from its next heartbeat, then revokes everything (eager) and rejoins.
    let seen = false
    for (let t = 0; t < 15_000 && !seen; t += 100) {
      await app.advance(100)
      seen = (card().textContent ?? '').includes('paused: gave up its partitions, rejoining (JoinGroup)')
    }
    expect(seen).toBe(true)
  })
})

describe('record cells and the keyboard', () => {
  it('each log is one tab stop (its newest record); arrow keys, Home and End move along it without stepping the simulation', async () => {
    const app = await renderApp()
    await app.advance(6000)
    const log = screen.getByRole('list', { name: 'user-activity-0 log' })
    const cells = within(log).getAllByRole('button', { name: /^offset \d+/ })
    expect(cells.length).toBeGreaterThan(2)
    expect(cells.filter((c) => c.tabIndex === 0)).toEqual([cells.at(-1)])
    cells.at(-1)!.focus()
    const playing = app.store.getState().playing
    await app.user.keyboard('{ArrowLeft}')
    expect(document.activeElement).toBe(cells.at(-2))
    await app.user.keyboard('{Home}')
    expect(document.activeElement).toBe(cells[0])
    await app.user.keyboard('{ArrowRight}')
    expect(document.activeElement).toBe(cells[1])
    expect(app.store.getState().playing).toBe(playing)
    // The cell last focused is the one Tab comes back to.
    expect(cells[1]!.tabIndex).toBe(0)
    expect(cells.at(-1)!.tabIndex).toBe(-1)
  })
})
