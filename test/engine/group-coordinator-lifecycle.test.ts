/**
 * Specification: the group coordinator's own lifecycle (GroupMetadataManager).
 * - A member id handed out with MEMBER_ID_REQUIRED (KIP-394) is pending until the member joins with
 *   it; it expires after the request's session timeout (classicGroupJoinNewDynamicMember schedules
 *   expireClassicGroupMemberHeartbeat, removePendingMemberAndUpdateClassicGroup drops it).
 * - When the coordinator goes away it answers the JoinGroup and SyncGroup requests it holds with
 *   NOT_COORDINATOR (onUnloaded); the client marks the coordinator unknown, looks it up again and
 *   rejoins. The new coordinator loads the group as it was last written to __consumer_offsets.
 * - While no broker coordinates the group no session expires; the coordinator that loads it restarts
 *   every member's session timer from the load (onLoaded -> rescheduleClassicGroupMemberHeartbeat).
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../src/engine'
import { eventsOf, sim } from './helpers'
import { consumerOf, consumerSpec, COOPERATIVE, eventsOfGroup, groupOf, producerSpec, runUntilTrue } from './spec-helpers'

const c = (id: string, opts: Parameters<typeof consumerSpec>[1] = {}) => consumerSpec(id, { topics: ['t'], ...opts })

describe('KIP-394: a pending member id (MEMBER_ID_REQUIRED) expires after session.timeout.ms', () => {
  const LATENCY = 200
  const SESSION = 45_000

  /** c1 alone; c2 starts at 20 s and crashes after the coordinator handed it a member id but before it joined with it. */
  function build(): Simulation {
    const s = sim({
      cluster: { brokers: 1, networkLatencyMs: LATENCY },
      topics: [{ name: 't', partitions: 2 }],
      producers: [producerSpec('p', 't', { rate: 2 })],
      consumers: [c('c1')],
    })
    s.runUntil(20_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c2' })
    // FindCoordinator takes two hops, JoinGroup arrives after the third: 20.6 s. The MEMBER_ID_REQUIRED
    // answer would reach c2 at 20.8 s; it crashes first.
    s.runUntil(20_000 + 3 * LATENCY + 100)
    expect(groupOf(s, 'g').pending).toHaveLength(1)
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    return s
  }

  it('removePendingMemberAndUpdateClassicGroup: the id is dropped a session timeout after it was handed out', () => {
    const s = build()
    const handedOut = 20_000 + 3 * LATENCY
    s.runUntil(handedOut + SESSION - 1)
    expect(groupOf(s, 'g').pending).toHaveLength(1)
    s.runUntil(handedOut + SESSION)
    expect(groupOf(s, 'g').pending).toEqual([])
    const removed = eventsOf(s, 'memberRemoved').filter((e) => e.consumer === 'c2')
    expect(removed).toHaveLength(1)
    expect(removed[0]!.t).toBe(handedOut + SESSION)
    expect(removed[0]!.reason).toMatch(/MEMBER_ID_REQUIRED/)
  })

  it('a join phase held up only by an expired pending id completes when it expires, not at the rebalance timeout', () => {
    const s = build()
    // c3 joins at 40 s: the group rebalances; c1 rejoins at once, c2's pending id never comes.
    s.runUntil(40_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(120_000)
    const gens = eventsOfGroup(s, 'generationStarted', 'g').filter((e) => e.t > 40_000)
    expect(gens.length).toBeGreaterThan(0)
    expect(gens[0]!.members.sort()).toEqual(['c1', 'c3'])
    // The pending id expired at 65.6 s; the join phase ended then, far before the 300 s rebalance timeout.
    expect(gens[0]!.t).toBe(20_000 + 3 * LATENCY + SESSION)
    expect(groupOf(s, 'g').state).toBe('Stable')
    expect(consumerOf(s, 'c3').owned.length).toBeGreaterThan(0)
  })
})

describe('the coordinator moves: JoinGroup and SyncGroup requests it holds are answered NOT_COORDINATOR (onUnloaded)', () => {
  const LATENCY = 5

  /** Three brokers; c1 and c2 consume 4 partitions (c2 slowly), c3 joins at 20 s. */
  function build(): Simulation {
    return sim({
      cluster: { brokers: 3, networkLatencyMs: LATENCY, config: { 'broker.session.timeout.ms': 1_000 } },
      topics: [{ name: 't', partitions: 4, replicationFactor: 3 }],
      producers: [producerSpec('p', 't', { rate: 20 })],
      consumers: [c('c1'), c('c2', { processingMs: 500, config: { 'max.poll.records': 20 } })],
    })
  }

  it('members waiting for their JoinGroup answer find the new coordinator and rejoin: the rebalance completes long before the rebalance timeout', () => {
    const s = build()
    s.runUntil(20_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3', processingMs: 0, config: { 'max.poll.records': 500 } })
    // c3 and c1 (on its next heartbeat) have rejoined and wait; c2 is still inside its poll loop.
    s.runUntil(21_500)
    const g = groupOf(s, 'g')
    expect(g.state).toBe('PreparingRebalance')
    expect(consumerOf(s, 'c1').phase).toBe('joining')
    expect(consumerOf(s, 'c3').phase).toBe('joining')
    const oldCoordinator = consumerOf(s, 'c1').coordinator
    s.dispatch({ type: 'killBroker', broker: oldCoordinator })
    s.runUntil(60_000)
    const moved = eventsOf(s, 'coordinatorMoved').filter((e) => e.group === 'g')
    expect(moved).toHaveLength(1)
    expect(moved[0]!.broker).not.toBe(oldCoordinator)
    // Everyone looked the coordinator up again and found the new one.
    for (const id of ['c1', 'c2', 'c3']) {
      expect(eventsOf(s, 'coordinatorFound').some((e) => e.consumer === id && e.broker === moved[0]!.broker), id).toBe(true)
      expect(consumerOf(s, id).phase, id).toBe('stable')
    }
    const gen = eventsOfGroup(s, 'generationStarted', 'g').filter((e) => e.t > moved[0]!.t)
    expect(gen.length).toBeGreaterThan(0)
    expect(gen.at(-1)!.members.sort()).toEqual(['c1', 'c2', 'c3'])
    expect(gen.at(-1)!.t).toBeLessThan(60_000)
    expect(groupOf(s, 'g').state).toBe('Stable')
    expect(consumerOf(s, 'c3').owned.length).toBe(1)
  })

  it('the old coordinator unloads the group (Dead there) and the new one loads it as last written to __consumer_offsets: the last synced generation, Stable; a member that joined since is unknown to it', () => {
    const s = build()
    s.runUntil(20_000)
    const stable = groupOf(s, 'g').generation
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3', processingMs: 0, config: { 'max.poll.records': 500 } })
    s.runUntil(21_500)
    expect(groupOf(s, 'g').state).toBe('PreparingRebalance')
    const c3Id = consumerOf(s, 'c3').memberId
    s.dispatch({ type: 'killBroker', broker: consumerOf(s, 'c1').coordinator })
    // The controller fences the broker after broker.session.timeout.ms; the group moves then.
    s.runUntil(23_000)
    const moved = eventsOf(s, 'coordinatorMoved').find((e) => e.group === 'g')!
    // Its broker died at 21.5 s: the group is Dead (no coordinator has it) until the new leader of
    // its __consumer_offsets partition loads it.
    const changes = eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.t >= 21_500)
    const [unloaded, loaded] = changes
    expect(unloaded).toMatchObject({ t: 21_500, from: 'PreparingRebalance', to: 'Dead' })
    expect(loaded).toMatchObject({ t: moved.t, from: 'Dead', to: 'Stable' })
    expect(loaded!.reason).toMatch(/__consumer_offsets; the rebalance in progress is lost/)
    expect(eventsOf(s, 'memberRemoved').find((e) => e.t === moved.t)).toMatchObject({ consumer: 'c3', memberId: c3Id })
    expect(groupOf(s, 'g').generation).toBe(stable)
    // The rebalance starts over from the stored generation, and c3 joins again under a new member id.
    s.runUntil(60_000)
    expect(eventsOfGroup(s, 'generationStarted', 'g').filter((e) => e.t > moved.t)[0]!.generation).toBe(stable + 1)
    expect(consumerOf(s, 'c3').memberId).not.toBe(c3Id)
  })
})

describe('the coordinator goes away between JoinGroup and SyncGroup', () => {
  it('SyncGroup fails (the coordinator is gone): members find the new one and join again; cooperative members keep their partitions, nothing is lost', () => {
    const L = 5
    const s = sim({
      cluster: { brokers: 3, networkLatencyMs: L, config: { 'broker.session.timeout.ms': 1_000 } },
      topics: [{ name: 't', partitions: 4, replicationFactor: 3 }],
      producers: [producerSpec('p', 't', { rate: 20 })],
      consumers: [c('c1', { config: COOPERATIVE }), c('c2', { config: COOPERATIVE })],
    })
    s.runUntil(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    runUntilTrue(s, () => groupOf(s, 'g').state === 'CompletingRebalance', 20_000, 1)
    // The JoinGroup answers are out; the SyncGroups are on their way to a coordinator that dies now.
    s.runUntil(s.now() + L + 1)
    for (const id of ['c1', 'c2', 'c3']) expect(consumerOf(s, id).phase).toBe('syncing')
    const killedAt = s.now()
    s.dispatch({ type: 'killBroker', broker: consumerOf(s, 'c1').coordinator })
    s.runUntil(40_000)
    expect(eventsOf(s, 'partitionsLost')).toEqual([])
    expect(eventsOf(s, 'commitFailed')).toEqual([])
    // c1 and c2 never stop owning what they owned before; c3 ends up with a partition.
    expect(eventsOf(s, 'partitionsRevoked').filter((e) => e.t > killedAt).flatMap((e) => e.partitions)).toHaveLength(1)
    expect(groupOf(s, 'g').state).toBe('Stable')
    expect(groupOf(s, 'g').members.map((m) => m.clientId).sort()).toEqual(['c1', 'c2', 'c3'])
    for (const id of ['c1', 'c2', 'c3']) expect(consumerOf(s, id).owned.length, id).toBeGreaterThan(0)
  })
})

describe('no session expires while no broker coordinates the group; the coordinator that loads it restarts every session (onLoaded)', () => {
  const SESSION = 10_000

  /** One broker: killing it leaves every partition of __consumer_offsets without a leader. */
  function build(): Simulation {
    return sim({
      cluster: { brokers: 1, networkLatencyMs: 1, config: { 'broker.session.timeout.ms': 1_000 } },
      topics: [{ name: 't', partitions: 2 }],
      producers: [producerSpec('p', 't', { rate: 10 })],
      consumers: [c('c1', { config: { 'session.timeout.ms': SESSION } }), c('c2', { config: { 'session.timeout.ms': SESSION } })],
    })
  }

  it('members keep their place through a coordinator outage longer than session.timeout.ms', () => {
    const s = build()
    s.runUntil(10_000)
    const gen = groupOf(s, 'g').generation
    expect(groupOf(s, 'g').state).toBe('Stable')
    s.dispatch({ type: 'killBroker', broker: 1 })
    s.runUntil(40_000)
    expect(eventsOf(s, 'memberRemoved')).toEqual([])
    s.dispatch({ type: 'restartBroker', broker: 1 })
    s.runUntil(70_000)
    expect(eventsOf(s, 'memberRemoved')).toEqual([])
    expect(groupOf(s, 'g')).toMatchObject({ state: 'Stable', generation: gen })
    expect(groupOf(s, 'g').members.map((m) => m.clientId).sort()).toEqual(['c1', 'c2'])
  })

  it('a member that died during the outage expires session.timeout.ms after the new coordinator loaded the group', () => {
    const s = build()
    s.runUntil(10_000)
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    s.dispatch({ type: 'killBroker', broker: 1 })
    s.runUntil(40_000)
    s.dispatch({ type: 'restartBroker', broker: 1 })
    s.runUntil(70_000)
    const removed = eventsOf(s, 'memberRemoved')
    expect(removed.map((e) => e.consumer)).toEqual(['c2'])
    // Loaded at 40 s: the session restarts there, however long ago c2's last heartbeat was.
    expect(removed[0]!.t).toBe(40_000 + SESSION)
  })
})
