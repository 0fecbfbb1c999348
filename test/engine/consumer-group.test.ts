/**
 * Specification: consumer groups under the classic protocol. The coordinator's states and
 * generations (GroupMetadataManager / ClassicGroup), the leader running the assignor, the initial
 * rebalance delay, the triggers of a rebalance (join, leave, crash, poll timeout, partition count,
 * subscription) and the fencing of members that are no longer in the group.
 */
import { describe, expect, it } from 'vitest'
import { assignPartitions, CONSUMER_DEFAULTS } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { eventsOf, processedOffsets, sim } from './helpers'
import { consumerOf, consumerSpec, eventsOfGroup, groupOf, partitionsProcessed, processedBetween, producerSpec, runSampled, transitions } from './spec-helpers'

/** One topic `t` with `partitions`, a round-robin producer at `rate`, and the given consumers. */
function groupSim(partitions: number, consumers: Record<string, unknown>[], rate = 40, extra: Record<string, unknown> = {}): Simulation {
  return sim({
    topics: [{ name: 't', partitions }],
    producers: [producerSpec('p', 't', { rate, partitioner: 'round-robin' })],
    consumers,
    ...extra,
  })
}

const c = (id: string, opts: Parameters<typeof consumerSpec>[1] = {}) => consumerSpec(id, { topics: ['t'], ...opts })

describe('consumer groups: every group gets every record', () => {
  it('several groups on one topic each receive every record, each exactly once', () => {
    const s = sim({
      topics: [{ name: 't', partitions: 3 }],
      producers: [producerSpec('p', 't', { rate: 60, maxRecords: 300, partitioner: 'round-robin' })],
      consumers: [c('a1', { group: 'A' }), c('a2', { group: 'A' }), c('b1', { group: 'B' }), c('x1', { group: 'C', config: { 'partition.assignment.strategy': ['cooperative-sticky'] } })],
    })
    s.runUntil(20_000)
    const all = { 't-0': range(100), 't-1': range(100), 't-2': range(100) }
    for (const group of ['A', 'B', 'C']) {
      const got = processedOffsets(s, group)
      for (const list of Object.values(got)) list.sort((x, y) => x - y)
      expect(got, `group ${group}`).toEqual(all)
      expect(groupOf(s, group).committed).toEqual({ 't-0': 100, 't-1': 100, 't-2': 100 })
    }
    expect(s.s.counters).toMatchObject({ produced: 300, consumed: 900, duplicates: 0 })
  })

  it('a member subscribed to several topics is assigned partitions of each; range assigns each topic on its own', () => {
    const s = sim({
      topics: [
        { name: 'a', partitions: 2 },
        { name: 'b', partitions: 3 },
      ],
      producers: [producerSpec('pa', 'a', { rate: 20, partitioner: 'round-robin' }), producerSpec('pb', 'b', { rate: 30, partitioner: 'round-robin' })],
      consumers: [consumerSpec('c1', { topics: ['a', 'b'] }), consumerSpec('c2', { topics: ['a'] })],
    })
    s.runUntil(10_000)
    const synced = eventsOf(s, 'assignmentSynced').at(-1)!
    // c1 sorts before c2 by member id; topic a: 1 each; topic b: only c1 subscribes.
    expect(synced.assignment).toEqual({ c1: ['a-0', 'b-0', 'b-1', 'b-2'], c2: ['a-1'] })
    const c1 = partitionsProcessed(processedBetween(s, 0, 10_000, { consumer: 'c1' }))
    expect([...c1].sort()).toEqual(['a-0', 'b-0', 'b-1', 'b-2'])
    expect([...partitionsProcessed(processedBetween(s, 0, 10_000, { consumer: 'c2' }))]).toEqual(['a-1'])
  })
})

describe('the group coordinator (classic protocol)', () => {
  it('walks Empty -> PreparingRebalance -> CompletingRebalance -> Stable for a new group, at generation 1', () => {
    const s = groupSim(4, [c('c1'), c('c2')])
    s.runUntil(8_000)
    expect(transitions(s, 'g')).toEqual(['Empty->PreparingRebalance', 'PreparingRebalance->CompletingRebalance', 'CompletingRebalance->Stable'])
    expect(groupOf(s, 'g')).toMatchObject({ state: 'Stable', generation: 1, protocol: 'range' })
    expect(eventsOf(s, 'generationStarted').map((e) => [e.generation, e.members])).toEqual([[1, ['c1', 'c2']]])
  })

  it('bumps the generation by exactly one every time a join phase completes', () => {
    const s = groupSim(4, [c('c1'), c('c2')])
    s.runUntil(8_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(16_000)
    s.dispatch({ type: 'closeConsumer', consumer: 'c2' })
    s.runUntil(24_000)
    const gens = eventsOf(s, 'generationStarted').map((e) => e.generation)
    expect(gens).toEqual([1, 2, 3])
    expect(eventsOf(s, 'assignmentSynced').map((e) => e.generation)).toEqual([1, 2, 3])
    expect(groupOf(s, 'g').generation).toBe(3)
    for (const id of ['c1', 'c3']) expect(consumerOf(s, id).generation).toBe(3)
  })

  it('goes Stable -> PreparingRebalance -> Empty when the last member leaves, and the generation still increments', () => {
    const s = groupSim(2, [c('c1')])
    s.runUntil(8_000)
    s.dispatch({ type: 'closeConsumer', consumer: 'c1' })
    s.runUntil(9_000)
    expect(transitions(s, 'g').slice(-2)).toEqual(['Stable->PreparingRebalance', 'PreparingRebalance->Empty'])
    expect(groupOf(s, 'g')).toMatchObject({ state: 'Empty', generation: 2, protocol: null, members: [] })
  })

  it('makes the first member to join the leader; the leader runs the group\'s assignor over every member\'s subscription and the coordinator hands out exactly that', () => {
    const s = sim({
      topics: [
        { name: 'a', partitions: 3 },
        { name: 'b', partitions: 2 },
      ],
      consumers: [consumerSpec('c1', { topics: ['a', 'b'] }), consumerSpec('c2', { topics: ['a'], startAt: 1_000 }), consumerSpec('c3', { topics: ['b'], startAt: 1_500 })],
    })
    s.runUntil(10_000)
    const gen = eventsOf(s, 'generationStarted').at(-1)!
    expect(gen.leader).toBe('c1')
    expect(consumerOf(s, 'c1').isLeader).toBe(true)
    const g = groupOf(s, 'g')
    const expected = assignPartitions(
      'range',
      { a: 3, b: 2 },
      g.members.map((m) => ({ memberId: m.memberId, topics: m.topics })),
    )
    const byClient = Object.fromEntries(g.members.map((m) => [m.clientId, (expected[m.memberId] ?? []).map((x) => `${x.topic}-${x.partition}`)]))
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual(byClient)
  })

  it('keeps the leader across rebalances while it stays in the group, and picks another member when it leaves', () => {
    const s = groupSim(4, [c('c1'), c('c2')])
    s.runUntil(8_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(16_000)
    expect(eventsOf(s, 'generationStarted').map((e) => e.leader)).toEqual(['c1', 'c1'])
    s.dispatch({ type: 'closeConsumer', consumer: 'c1' })
    s.runUntil(24_000)
    const last = eventsOf(s, 'generationStarted').at(-1)!
    expect(last.members.sort()).toEqual(['c2', 'c3'])
    expect(['c2', 'c3']).toContain(last.leader)
  })

  it('group.initial.rebalance.delay.ms: the first rebalance of an empty group waits 3000 ms although its only member has joined', () => {
    const s = groupSim(4, [c('c1')])
    s.runUntil(8_000)
    const [prepare, complete] = eventsOfGroup(s, 'groupStateChanged', 'g')
    expect(eventsOf(s, 'memberJoined')[0]!.t).toBe(prepare!.t)
    expect(complete!.t - prepare!.t).toBe(3_000)
  })

  it('group.initial.rebalance.delay.ms: each new member that arrives during the delay extends it by another delay (members joining together count too)', () => {
    // c2 joins in the same millisecond as c1, but after the group entered PreparingRebalance: a new member during the delay.
    const together = groupSim(4, [c('c1'), c('c2')])
    together.runUntil(10_000)
    const [p1, c1] = eventsOfGroup(together, 'groupStateChanged', 'g')
    expect(c1!.t - p1!.t).toBe(6_000)
    const later = groupSim(4, [c('c1'), c('c2', { startAt: 2_000 }), c('c3', { startAt: 4_000 })])
    later.runUntil(15_000)
    const [p2, c2] = eventsOfGroup(later, 'groupStateChanged', 'g')
    expect(c2!.t - p2!.t).toBe(9_000)
    expect(eventsOf(later, 'generationStarted')[0]!.members).toEqual(['c1', 'c2', 'c3'])
  })

  it('group.initial.rebalance.delay.ms: without new members in a window the join completes at the end of that window', () => {
    const s = groupSim(4, [c('c1'), c('c2', { startAt: 3_500 })])
    s.runUntil(15_000)
    // c2 arrives after the first 3 s window closed: generation 1 has c1 alone, then c2's join rebalances (no delay: not Empty).
    const gens = eventsOf(s, 'generationStarted')
    expect(gens.map((e) => e.members)).toEqual([['c1'], ['c1', 'c2']])
    expect(gens[0]!.t).toBe(eventsOf(s, 'memberJoined')[0]!.t + 3_000)
  })

  it('the initial delay applies only to a rebalance that starts from Empty: a later rebalance completes once everyone has rejoined', () => {
    const s = groupSim(4, [c('c1')], 40, { cluster: { brokers: 1, networkLatencyMs: 1, config: { 'group.initial.rebalance.delay.ms': 20_000 } } })
    s.runUntil(30_000)
    expect(groupOf(s, 'g').state).toBe('Stable')
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(40_000)
    const changes = eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.t > 30_000)
    const prepare = changes.find((e) => e.to === 'PreparingRebalance')!
    const complete = changes.find((e) => e.to === 'CompletingRebalance')!
    // The others learn of it from their next heartbeat (heartbeat.interval.ms), not 20 s later.
    expect(complete.t - prepare.t).toBeLessThanOrEqual(CONSUMER_DEFAULTS['heartbeat.interval.ms'] + 10)
  })
})

describe('rebalance triggers', () => {
  it('join: a new member puts the group in PreparingRebalance as soon as its JoinGroup arrives; the others learn it from REBALANCE_IN_PROGRESS heartbeats and rejoin', () => {
    const s = groupSim(4, [c('c1'), c('c2')])
    s.runUntil(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(20_000)
    const joined = eventsOf(s, 'memberJoined').find((e) => e.consumer === 'c3')!
    const changes = eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.t >= 10_000)
    expect(changes[0]).toMatchObject({ t: joined.t, from: 'Stable', to: 'PreparingRebalance' })
    expect(changes[1]!.t - changes[0]!.t).toBeLessThanOrEqual(3_000 + 10)
    expect(eventsOf(s, 'generationStarted').at(-1)!.members.sort()).toEqual(['c1', 'c2', 'c3'])
  })

  it('graceful leave: closeConsumer sends LeaveGroup, so the group rebalances at once, not after session.timeout.ms', () => {
    const s = groupSim(4, [c('c1'), c('c2')])
    s.runUntil(10_000)
    const owned = consumerOf(s, 'c2').owned.map((x) => `${x.topic}-${x.partition}`)
    s.dispatch({ type: 'closeConsumer', consumer: 'c2' })
    s.runUntil(20_000)
    const removed = eventsOf(s, 'memberRemoved').find((e) => e.consumer === 'c2')!
    // close() commits first (auto-commit), then LeaveGroup: a few network hops.
    expect(removed.t - 10_000).toBeLessThan(20)
    const prepare = eventsOfGroup(s, 'groupStateChanged', 'g').find((e) => e.t >= 10_000)!
    expect(prepare).toMatchObject({ t: removed.t, to: 'PreparingRebalance' })
    expect(eventsOf(s, 'partitionsRevoked').find((e) => e.consumer === 'c2' && e.t >= 10_000)!.partitions).toEqual(owned)
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ c1: ['t-0', 't-1', 't-2', 't-3'] })
  })

  it('crash: no LeaveGroup; the member is removed only once session.timeout.ms passes without a heartbeat, and its partitions are consumed by nobody meanwhile', () => {
    const s = groupSim(4, [c('c1'), c('c2')])
    s.runUntil(10_000)
    const lost = consumerOf(s, 'c2').owned.map((x) => `${x.topic}-${x.partition}`)
    expect(lost.length).toBe(2)
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    s.runUntil(70_000)
    const removed = eventsOf(s, 'memberRemoved').find((e) => e.consumer === 'c2')!
    const session = CONSUMER_DEFAULTS['session.timeout.ms']
    const hb = CONSUMER_DEFAULTS['heartbeat.interval.ms']
    // The session timer restarts with each heartbeat: it expires session.timeout.ms after the last one.
    expect(removed.t).toBeGreaterThan(10_000 + session - hb - 5)
    expect(removed.t).toBeLessThanOrEqual(10_000 + session + 5)
    expect(removed.reason).toMatch(/session\.timeout\.ms/)
    const prepare = eventsOfGroup(s, 'groupStateChanged', 'g').find((e) => e.t > 10_000)!
    expect(prepare).toMatchObject({ t: removed.t, to: 'PreparingRebalance' })
    const meanwhile = processedBetween(s, 10_000, removed.t)
    expect(meanwhile.length).toBeGreaterThan(0)
    expect([...partitionsProcessed(meanwhile)].filter((k) => lost.includes(k))).toEqual([])
    // Afterwards c1 owns and consumes them.
    const after = partitionsProcessed(processedBetween(s, removed.t, 70_000, { consumer: 'c1' }))
    for (const k of lost) expect(after.has(k)).toBe(true)
  })

  describe('a slow member exceeding max.poll.interval.ms', () => {
    const slowConfig = { 'max.poll.interval.ms': 10_000, 'max.poll.records': 50, 'enable.auto.commit': false }
    // From t=8 s c2 needs 500 ms per record; its backlog soon fills a poll of 50 records: 25 s between two poll() calls.
    const build = () => {
      const s = groupSim(2, [c('c1', { config: slowConfig }), c('c2', { config: slowConfig })])
      s.runUntil(8_000)
      expect(s.dispatch({ type: 'setProcessingTime', consumer: 'c2', ms: 500 })).toEqual({ ok: true })
      return s
    }

    it('leaves the group when its poll timeout expires (LeaveGroup), and the group rebalances without it', () => {
      const s = build()
      s.runUntil(40_000)
      const expired = eventsOf(s, 'pollTimeoutExpired').find((e) => e.consumer === 'c2')!
      expect(expired).toMatchObject({ group: 'g', maxPollIntervalMs: 10_000 })
      const removed = eventsOf(s, 'memberRemoved').find((e) => e.consumer === 'c2')!
      expect(removed.t - expired.t).toBeLessThanOrEqual(2)
      const gen2 = eventsOf(s, 'generationStarted').find((e) => e.generation === 2)!
      expect(gen2.members).toEqual(['c1'])
      expect(eventsOf(s, 'assignmentSynced').find((e) => e.generation === 2)!.assignment).toEqual({ c1: ['t-0', 't-1'] })
    })

    it("the heartbeat thread notices the expired poll timeout within retry.backoff.ms of max.poll.interval.ms after the last poll()", () => {
      const s = build()
      let lastPoll = -1
      runSampled(s, 40_000, 50, () => {
        if (eventsOf(s, 'pollTimeoutExpired').length === 0) lastPoll = consumerOf(s, 'c2').lastPollAt
      })
      const expired = eventsOf(s, 'pollTimeoutExpired').find((e) => e.consumer === 'c2')!
      expect(expired.t).toBeGreaterThan(lastPoll + 10_000)
      expect(expired.t).toBeLessThanOrEqual(lastPoll + 10_000 + CONSUMER_DEFAULTS['retry.backoff.ms'])
    })

    it('its commit after the batch fails with CommitFailedException, and the group keeps the committed offsets it had', () => {
      const s = build()
      // The poll that overran ends 50 records x 500 ms after it began, at about 43.6 s.
      s.runUntil(50_000)
      const expired = eventsOf(s, 'pollTimeoutExpired').find((e) => e.consumer === 'c2')!
      const failed = eventsOf(s, 'commitFailed').filter((e) => e.consumer === 'c2' && e.t > expired.t)
      expect(failed.length).toBeGreaterThan(0)
      expect(failed[0]!.error).toMatch(/CommitFailedException|ILLEGAL_GENERATION|UNKNOWN_MEMBER_ID/)
      // Nothing c2 sends after it was kicked out is committed.
      expect(eventsOf(s, 'offsetsCommitted').filter((e) => e.consumer === 'c2' && e.t > expired.t && e.t < failed[0]!.t + 5)).toEqual([])
    })

    it('its records are processed again by the new owner, and the engine counts them as duplicates (counters.duplicates and group.duplicates)', () => {
      const s = build()
      s.runUntil(40_000)
      const expired = eventsOf(s, 'pollTimeoutExpired').find((e) => e.consumer === 'c2')!
      const committedBefore = eventsOf(s, 'offsetsCommitted').filter((e) => e.consumer === 'c2' && e.t < expired.t && e.offsets['t-1'] !== undefined).at(-1)!.offsets['t-1']!
      // The new owner starts t-1 at the last offset c2 committed, below what c2 had processed.
      const takeover = eventsOf(s, 'recordsProcessed').find((e) => e.partition === 1 && e.consumer === 'c1')!
      expect(takeover.from).toBe(committedBefore)
      expect(takeover.t).toBeGreaterThan(expired.t)
      const perEvent = eventsOf(s, 'recordsProcessed').reduce((n, e) => n + e.duplicates, 0)
      expect(perEvent).toBeGreaterThan(0)
      expect(s.s.counters.duplicates).toBe(perEvent)
      expect(groupOf(s, 'g').duplicates).toBe(perEvent)
      // Every offset of t-1 that was processed twice was counted once as a duplicate.
      const seen = new Map<number, number>()
      for (const e of eventsOf(s, 'recordsProcessed').filter((x) => x.partition === 1)) for (let o = e.from; o <= e.to; o++) seen.set(o, (seen.get(o) ?? 0) + 1)
      const twice = [...seen.values()].reduce((n, k) => n + k - 1, 0)
      expect(perEvent).toBe(twice)
    })
  })

  it('partition count change: the leader notices at its next metadata refresh (metadata.max.age.ms) and rejoins; nothing happens before that', () => {
    const cfg = { 'metadata.max.age.ms': 10_000 }
    // The follower refreshes more often: only the leader's refresh counts (ConsumerCoordinator: assignmentSnapshot is the leader's).
    const s = sim({
      topics: [{ name: 't', partitions: 2 }],
      producers: [producerSpec('p', 't', { rate: 40, partitioner: 'round-robin', config: { 'metadata.max.age.ms': 1_000 } })],
      consumers: [c('c1', { config: cfg }), c('c2', { config: { 'metadata.max.age.ms': 3_000 } })],
    })
    s.runUntil(12_000)
    expect(groupOf(s, 'g').state).toBe('Stable')
    s.dispatch({ type: 'addPartitions', topic: 't', count: 4 })
    s.runUntil(40_000)
    const followerSaw = eventsOf(s, 'metadataUpdated').find((e) => e.client === 'c2' && e.partitions === 4)!
    const leaderSaw = eventsOf(s, 'metadataUpdated').find((e) => e.client === 'c1' && e.partitions === 4)!
    expect(followerSaw.t).toBe(15_000)
    expect(leaderSaw.t).toBe(20_000)
    const prepare = eventsOfGroup(s, 'groupStateChanged', 'g').find((e) => e.t > 12_000 && e.to === 'PreparingRebalance')!
    expect(prepare.t).toBeGreaterThanOrEqual(20_000)
    expect(prepare.t).toBeLessThan(20_010)
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ c1: ['t-0', 't-1'], c2: ['t-2', 't-3'] })
    const later = partitionsProcessed(processedBetween(s, 21_000, 40_000))
    expect(later.has('t-2') && later.has('t-3')).toBe(true)
  })

  it('partition count change of a topic only a follower consumes: the leader watches every topic the group subscribes to (onLeaderElected: updateGroupSubscription)', () => {
    const s = sim({
      topics: [
        { name: 'a', partitions: 2 },
        { name: 'b', partitions: 1 },
      ],
      producers: [producerSpec('pb', 'b', { rate: 20, partitioner: 'round-robin', config: { 'metadata.max.age.ms': 1_000 } })],
      // c1 joins first (the leader) and reads only a; c2 reads only b.
      consumers: [consumerSpec('c1', { topics: ['a'], config: { 'metadata.max.age.ms': 5_000 } }), consumerSpec('c2', { topics: ['b'], startAt: 500, config: { 'metadata.max.age.ms': 5_000 } })],
    })
    s.runUntil(12_000)
    expect(eventsOf(s, 'generationStarted').at(-1)!.leader).toBe('c1')
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ c1: ['a-0', 'a-1'], c2: ['b-0'] })
    s.dispatch({ type: 'addPartitions', topic: 'b', count: 3 })
    s.runUntil(40_000)
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ c1: ['a-0', 'a-1'], c2: ['b-0', 'b-1', 'b-2'] })
    const prepare = eventsOfGroup(s, 'groupStateChanged', 'g').find((e) => e.t > 12_000 && e.to === 'PreparingRebalance')!
    // Within two of the leader's metadata refreshes.
    expect(prepare.t).toBeLessThanOrEqual(12_000 + 2 * 5_000 + 50)
  })

  it('subscription change: subscribe() makes the member rejoin with its new topics, and the rebalance assigns them', () => {
    const s = sim({
      topics: [
        { name: 'a', partitions: 2 },
        { name: 'b', partitions: 2 },
      ],
      producers: [producerSpec('pa', 'a', { rate: 20 }), producerSpec('pb', 'b', { rate: 20, partitioner: 'round-robin' })],
      consumers: [consumerSpec('c1', { topics: ['a'] }), consumerSpec('c2', { topics: ['a'] })],
    })
    s.runUntil(10_000)
    expect(s.dispatch({ type: 'subscribe', consumer: 'c2', topics: ['a', 'b'] })).toEqual({ ok: true })
    s.runUntil(20_000)
    const prepare = eventsOfGroup(s, 'groupStateChanged', 'g').find((e) => e.t >= 10_000)!
    expect(prepare.to).toBe('PreparingRebalance')
    expect(prepare.t - 10_000).toBeLessThan(10)
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ c1: ['a-0'], c2: ['a-1', 'b-0', 'b-1'] })
    const b = partitionsProcessed(processedBetween(s, 10_000, 20_000, { consumer: 'c2' }))
    expect(b.has('b-0') && b.has('b-1')).toBe(true)
  })
})

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}
