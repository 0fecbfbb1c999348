/**
 * Specification: the two rebalance protocols of the classic group. Eager (range, roundrobin,
 * sticky): every member revokes everything in onJoinPrepare and consumes nothing until SyncGroup
 * completes. Cooperative (KIP-429, cooperative-sticky): members keep what they keep, a moving
 * partition is revoked in generation N and assigned in generation N+1 (ConsumerCoordinator
 * onJoinPrepare / onJoinComplete, CooperativeStickyAssignorTest.verifyCooperativeValidity).
 */
import { describe, expect, it } from 'vitest'
import { ownersByPartition, rebalanceProtocol, rebalanceProtocolOf } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { eventsOf, sim } from './helpers'
import { consumerOf, consumerSpec, COOPERATIVE, eventsOfGroup, groupOf, processedBetween, producerSpec, runSampled, runUntilTrue } from './spec-helpers'

function build(strategy: Record<string, unknown>, ids = ['c1', 'c2'], partitions = 4, rate = 200, latency = 1): Simulation {
  return sim({
    cluster: { brokers: 1, networkLatencyMs: latency },
    topics: [{ name: 't', partitions }],
    producers: [producerSpec('p', 't', { rate, partitioner: 'round-robin' })],
    consumers: ids.map((id) => consumerSpec(id, { topics: ['t'], config: strategy })),
  })
}

const keysOf = (list: { topic: string; partition: number }[]) => list.map((x) => `${x.topic}-${x.partition}`).sort()

describe('choosing the protocol', () => {
  it("is cooperative only when every configured assignor supports it: Kafka's default [range, cooperative-sticky] is eager and the group picks range", () => {
    expect(rebalanceProtocol(['range', 'cooperative-sticky'])).toBe('eager')
    expect(rebalanceProtocol(['cooperative-sticky'])).toBe('cooperative')
    expect(rebalanceProtocol(['sticky'])).toBe('eager')
    const s = build({})
    s.runUntil(8_000)
    expect(groupOf(s, 'g').protocol).toBe('range')
    expect(rebalanceProtocolOf(groupOf(s, 'g'))).toBe('eager')
    const co = build(COOPERATIVE)
    co.runUntil(8_000)
    expect(groupOf(co, 'g').protocol).toBe('cooperative-sticky')
    expect(rebalanceProtocolOf(groupOf(co, 'g'))).toBe('cooperative')
  })
})

describe('eager protocol', () => {
  for (const assignor of ['range', 'roundrobin', 'sticky'] as const) {
    it(`${assignor}: every member revokes all its partitions before rejoining, so nobody owns anything when the join phase completes`, () => {
      const s = build({ 'partition.assignment.strategy': [assignor] })
      s.runUntil(10_000)
      const before = { c1: keysOf(consumerOf(s, 'c1').owned), c2: keysOf(consumerOf(s, 'c2').owned) }
      expect(before.c1.length + before.c2.length).toBe(4)
      s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
      runUntilTrue(s, () => groupOf(s, 'g').state === 'CompletingRebalance', 20_000, 1)
      for (const id of ['c1', 'c2', 'c3']) expect(consumerOf(s, id).owned).toEqual([])
      for (const id of ['c1', 'c2'] as const) {
        const revoked = eventsOf(s, 'partitionsRevoked').filter((e) => e.consumer === id && e.t >= 10_000)
        expect(revoked).toHaveLength(1)
        expect([...revoked[0]!.partitions].sort()).toEqual(before[id])
      }
    })
  }

  it('nothing is consumed from the moment a member revokes until the group is Stable again and the member has its new assignment (stop-the-world)', () => {
    const s = build({ 'partition.assignment.strategy': ['range'] }, ['c1', 'c2'], 4, 200, 20)
    s.runUntil(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(20_000)
    const changes = eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.t >= 10_000)
    expect(changes.map((e) => e.to)).toEqual(['PreparingRebalance', 'CompletingRebalance', 'Stable'])
    const completing = changes[1]!.t
    const stable = changes[2]!.t
    // Between the end of the join phase and SyncGroup completing, the whole group is idle.
    expect(processedBetween(s, completing - 1, stable, { group: 'g' })).toEqual([])
    for (const id of ['c1', 'c2']) {
      const revoked = eventsOf(s, 'partitionsRevoked').find((e) => e.consumer === id && e.t >= 10_000)!
      const assigned = eventsOf(s, 'partitionsAssigned').find((e) => e.consumer === id && e.t > revoked.t)!
      expect(assigned.t).toBeGreaterThan(stable)
      expect(processedBetween(s, revoked.t - 1, assigned.t, { consumer: id })).toEqual([])
      // ...and it does consume again afterwards.
      expect(processedBetween(s, assigned.t, 20_000, { consumer: id }).length).toBeGreaterThan(0)
    }
  })

  it('a partition never has two owners in the group at any instant', () => {
    // (A modest rate keeps the whole run inside the event window the simulation keeps.)
    const s = build({ 'partition.assignment.strategy': ['range'] }, ['c1', 'c2'], 4, 40)
    runSampled(s, 40_000, 5, () => {
      if (s.now() === 10_000) s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
      if (s.now() === 25_000) s.dispatch({ type: 'closeConsumer', consumer: 'c1' })
      for (const owners of Object.values(ownersByPartition(s.s, groupOf(s, 'g')))) expect(owners.length).toBeLessThanOrEqual(1)
    })
    expect(eventsOf(s, 'generationStarted').length).toBe(3)
  })
})

describe('cooperative protocol (cooperative-sticky)', () => {
  it('a partition that changes owner is revoked in generation N (assigned to nobody) and assigned to its new owner in generation N+1', () => {
    const s = build(COOPERATIVE)
    s.runUntil(10_000)
    const gen = groupOf(s, 'g').generation
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(30_000)
    const syncs = eventsOf(s, 'assignmentSynced').filter((e) => e.t >= 10_000)
    expect(syncs.map((e) => e.generation)).toEqual([gen + 1, gen + 2])
    const [n, n1] = syncs
    expect(n!.assignment.c3).toEqual([])
    const moving = [...n1!.assignment.c3!]
    expect(moving.length).toBe(1)
    const allN = Object.values(n!.assignment).flat()
    for (const k of moving) expect(allN).not.toContain(k)
    // The old owner revoked exactly those after generation N's SyncGroup, and rejoined.
    const revoked = eventsOf(s, 'partitionsRevoked').filter((e) => e.t >= 10_000)
    expect(revoked).toHaveLength(1)
    expect(revoked[0]!.partitions).toEqual(moving)
    expect(revoked[0]!.t).toBeGreaterThan(n!.t)
    expect(revoked[0]!.t).toBeLessThan(n1!.t)
    const assigned = eventsOf(s, 'partitionsAssigned').filter((e) => e.t >= 10_000)
    expect(assigned).toEqual([expect.objectContaining({ consumer: 'c3', partitions: moving })])
    // Balanced at the end: 2, 1, 1.
    expect(Object.values(n1!.assignment).map((ps) => ps.length).sort()).toEqual([1, 1, 2])
  })

  it('nothing is revoked and added for one member in the same round (verifyCooperativeValidity)', () => {
    const s = build(COOPERATIVE, ['c1', 'c2'], 6, 5)
    s.runUntil(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(25_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c4' })
    s.runUntil(40_000)
    s.dispatch({ type: 'closeConsumer', consumer: 'c1' })
    s.runUntil(55_000)
    s.dispatch({ type: 'addPartitions', topic: 't', count: 9 })
    s.dispatch({ type: 'setGroupConfig', group: 'g', key: 'metadata.max.age.ms', value: 1_000 })
    s.runUntil(400_000)
    const syncs = eventsOf(s, 'assignmentSynced')
    expect(syncs.length).toBeGreaterThanOrEqual(7)
    for (let i = 1; i < syncs.length; i++) {
      const prev = syncs[i - 1]!.assignment
      const cur = syncs[i]!.assignment
      for (const [member, now] of Object.entries(cur)) {
        const before = prev[member] ?? []
        const added = now.filter((k) => !before.includes(k))
        const removed = before.filter((k) => !now.includes(k))
        expect(added.length === 0 || removed.length === 0, `${member} in generation ${syncs[i]!.generation}: +${added} -${removed}`).toBe(true)
      }
    }
  })

  it('members keep processing the partitions they keep throughout the rebalance (no stop-the-world)', () => {
    // 200 records/s over 4 partitions: c1 has records of its kept partition every few ms.
    const s = build(COOPERATIVE, ['c1', 'c2'], 4, 200, 20)
    s.runUntil(10_000)
    const keptByC1 = keysOf(consumerOf(s, 'c1').owned)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(30_000)
    const stillC1 = keptByC1.filter((k) => keysOf(consumerOf(s, 'c1').owned).includes(k))
    expect(stillC1.length).toBeGreaterThan(0)
    const stable = eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.t >= 10_000 && e.to === 'Stable').at(-1)!
    const times = processedBetween(s, 10_000, stable.t + 500, { consumer: 'c1' })
      .filter((e) => stillC1.includes(`${e.topic}-${e.partition}`))
      .map((e) => e.t)
    let gap = 0
    for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!)
    expect(times.length).toBeGreaterThan(10)
    // One fetch round trip and a poll at most; a pause for the JoinGroup/SyncGroup rounds would show as seconds.
    expect(gap).toBeLessThanOrEqual(500)
  })

  it('a member that leaves causes no revocation on the others: its partitions are orphans and are assigned at once, in one round', () => {
    const s = build(COOPERATIVE, ['c1', 'c2', 'c3'], 6)
    s.runUntil(10_000)
    const gen = groupOf(s, 'g').generation
    const before = { c1: keysOf(consumerOf(s, 'c1').owned), c2: keysOf(consumerOf(s, 'c2').owned), c3: keysOf(consumerOf(s, 'c3').owned) }
    s.dispatch({ type: 'closeConsumer', consumer: 'c3' })
    s.runUntil(30_000)
    expect(eventsOf(s, 'partitionsRevoked').filter((e) => e.t > 10_000 && e.consumer !== 'c3')).toEqual([])
    const syncs = eventsOf(s, 'assignmentSynced').filter((e) => e.t > 10_000)
    expect(syncs.map((e) => e.generation)).toEqual([gen + 1])
    const after = syncs[0]!.assignment
    for (const id of ['c1', 'c2'] as const) for (const k of before[id]) expect(after[id]).toContain(k)
    expect([...after.c1!, ...after.c2!].sort()).toEqual([...before.c1, ...before.c2, ...before.c3].sort())
  })

  it('a partition never has two owners in the group at any instant, while members join and leave', () => {
    const s = build(COOPERATIVE, ['c1', 'c2'], 6, 40)
    runSampled(s, 60_000, 5, () => {
      if (s.now() === 10_000) s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
      if (s.now() === 20_000) s.dispatch({ type: 'addConsumer', group: 'g', id: 'c4' })
      if (s.now() === 35_000) s.dispatch({ type: 'closeConsumer', consumer: 'c2' })
      for (const owners of Object.values(ownersByPartition(s.s, groupOf(s, 'g')))) expect(owners.length).toBeLessThanOrEqual(1)
    })
    expect(eventsOf(s, 'generationStarted').length).toBeGreaterThanOrEqual(5)
  })
})
