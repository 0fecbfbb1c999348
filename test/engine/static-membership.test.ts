/**
 * Specification: static membership (KIP-345, group.instance.id). A static member that comes back
 * within session.timeout.ms takes its own place again (GroupMetadataManager.replaceStaticMember):
 * same assignment, no rebalance. Static members never send LeaveGroup; only the session timeout
 * removes them. A second process with the same instance id fences the first (FENCED_INSTANCE_ID).
 */
import { describe, expect, it } from 'vitest'
import { CONSUMER_DEFAULTS } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { eventsOf, sim } from './helpers'
import { consumerOf, consumerSpec, eventsOfGroup, groupOf, ownedKeys, partitionsProcessed, processedBetween, producerSpec } from './spec-helpers'

const staticMember = (id: string, instance: string, config: Record<string, unknown> = {}) =>
  consumerSpec(id, { topics: ['t'], config: { 'group.instance.id': instance, ...config } })

function build(consumers = [staticMember('c1', 'i1'), staticMember('c2', 'i2')], partitions = 4): Simulation {
  return sim({
    topics: [{ name: 't', partitions }],
    producers: [producerSpec('p', 't', { rate: 40, partitioner: 'round-robin' })],
    consumers,
  })
}

const SESSION = CONSUMER_DEFAULTS['session.timeout.ms']

describe('static membership (group.instance.id)', () => {
  it('a static member that crashes and restarts within session.timeout.ms gets its old assignment back, with no rebalance and the same generation', () => {
    const s = build()
    s.runUntil(20_000)
    const gen = groupOf(s, 'g').generation
    const owned = ownedKeys(consumerOf(s, 'c2'))
    const oldId = consumerOf(s, 'c2').memberId
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    s.runUntil(40_000)
    expect(s.dispatch({ type: 'restartConsumer', consumer: 'c2' })).toEqual({ ok: true })
    s.runUntil(100_000)
    expect(eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.t > 20_000)).toEqual([])
    expect(eventsOf(s, 'memberRemoved')).toEqual([])
    expect(groupOf(s, 'g')).toMatchObject({ state: 'Stable', generation: gen })
    const c2 = consumerOf(s, 'c2')
    expect(c2.generation).toBe(gen)
    expect(ownedKeys(c2)).toEqual(owned)
    // It comes back under a new member id that replaced the old one.
    expect(c2.memberId).not.toBe(oldId)
    expect(groupOf(s, 'g').members.map((m) => m.memberId)).toEqual(expect.arrayContaining([c2.memberId]))
    expect(groupOf(s, 'g').members.map((m) => m.memberId)).not.toContain(oldId)
    // ...and resumes its partitions from the committed offsets.
    const resumed = eventsOf(s, 'positionSet').filter((e) => e.consumer === 'c2' && e.t > 40_000)
    expect(resumed.map((e) => e.partition).sort()).toEqual(owned)
    expect(resumed.every((e) => e.from === 'committed')).toBe(true)
    expect(partitionsProcessed(processedBetween(s, 40_000, 100_000, { consumer: 'c2' }))).toEqual(new Set(owned))
  })

  it("a static member's id is its group.instance.id, a dash and a random suffix (ClassicGroup.generateMemberId), from its first join on", () => {
    const s = build()
    s.runUntil(10_000)
    expect(consumerOf(s, 'c1').memberId).toMatch(/^i1-[0-9a-f]+$/)
    expect(consumerOf(s, 'c2').memberId).toMatch(/^i2-[0-9a-f]+$/)
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    s.dispatch({ type: 'restartConsumer', consumer: 'c2' })
    s.runUntil(12_000)
    expect(consumerOf(s, 'c2').memberId).toMatch(/^i2-[0-9a-f]+$/)
  })

  it('a static leader that came back without a rebalance still notices partition count changes (KIP-814: it gets the members and skips the assignment)', () => {
    const cfg = { 'metadata.max.age.ms': 5_000 }
    const s = sim({
      topics: [{ name: 't', partitions: 2 }],
      producers: [producerSpec('p', 't', { rate: 20, partitioner: 'round-robin', config: { 'metadata.max.age.ms': 1_000 } })],
      consumers: [staticMember('c1', 'i1', cfg), { ...staticMember('c2', 'i2', cfg), startAt: 500 }],
    })
    s.runUntil(20_000)
    expect(eventsOf(s, 'generationStarted').at(-1)!.leader).toBe('c1')
    const gen = groupOf(s, 'g').generation
    s.dispatch({ type: 'crashConsumer', consumer: 'c1' })
    s.runUntil(25_000)
    s.dispatch({ type: 'restartConsumer', consumer: 'c1' })
    s.runUntil(35_000)
    expect(groupOf(s, 'g').generation).toBe(gen)
    s.dispatch({ type: 'addPartitions', topic: 't', count: 4 })
    s.runUntil(80_000)
    expect(groupOf(s, 'g').generation).toBeGreaterThan(gen)
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ c1: ['t-0', 't-1'], c2: ['t-2', 't-3'] })
  })

  it("while the static member is down, nobody consumes its partitions (the group waits for it)", () => {
    const s = build()
    s.runUntil(10_000)
    const owned = ownedKeys(consumerOf(s, 'c2'))
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    s.runUntil(30_000)
    const meanwhile = partitionsProcessed(processedBetween(s, 10_000, 30_000))
    for (const k of owned) expect(meanwhile.has(k)).toBe(false)
    expect(meanwhile.size).toBeGreaterThan(0)
  })

  it('a static member that stays away longer than session.timeout.ms is removed, and the group rebalances without it', () => {
    const s = build()
    s.runUntil(10_000)
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    s.runUntil(80_000)
    const removed = eventsOf(s, 'memberRemoved').find((e) => e.consumer === 'c2')!
    expect(removed.t).toBeGreaterThan(10_000 + SESSION - CONSUMER_DEFAULTS['heartbeat.interval.ms'] - 5)
    expect(removed.t).toBeLessThanOrEqual(10_000 + SESSION + 5)
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ c1: ['t-0', 't-1', 't-2', 't-3'] })
  })

  it('static members send no LeaveGroup on close: the group notices only after session.timeout.ms', () => {
    const s = build()
    s.runUntil(10_000)
    s.dispatch({ type: 'closeConsumer', consumer: 'c2' })
    s.runUntil(80_000)
    expect(eventsOf(s, 'consumerClosed').find((e) => e.consumer === 'c2')).toBeDefined()
    const removed = eventsOf(s, 'memberRemoved').find((e) => e.consumer === 'c2')!
    expect(removed.t).toBeGreaterThan(10_000 + SESSION - CONSUMER_DEFAULTS['heartbeat.interval.ms'] - 5)
    expect(removed.reason).toMatch(/session\.timeout\.ms/)
    const firstChange = eventsOfGroup(s, 'groupStateChanged', 'g').find((e) => e.t > 10_000)!
    expect(firstChange.t).toBe(removed.t)
  })

  it('a dynamic member, by contrast, leaves at once on close', () => {
    const s = build([consumerSpec('c1', { topics: ['t'] }), consumerSpec('c2', { topics: ['t'] })])
    s.runUntil(10_000)
    s.dispatch({ type: 'closeConsumer', consumer: 'c2' })
    s.runUntil(12_000)
    expect(eventsOf(s, 'memberRemoved').find((e) => e.consumer === 'c2')!.t).toBeLessThan(10_020)
  })

  it('range orders static members by group.instance.id, ahead of dynamic members', () => {
    const s = build([staticMember('c1', 'zeta'), staticMember('c2', 'alpha'), consumerSpec('c0', { topics: ['t'] })], 6)
    s.runUntil(10_000)
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ c1: ['t-2', 't-3'], c2: ['t-0', 't-1'], c0: ['t-4', 't-5'] })
  })

  it('a second process with the same group.instance.id takes over the assignment without a rebalance and fences the first (FENCED_INSTANCE_ID is fatal)', () => {
    const s = build()
    s.runUntil(10_000)
    const gen = groupOf(s, 'g').generation
    const owned = ownedKeys(consumerOf(s, 'c2'))
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c2-new', config: { 'group.instance.id': 'i2', 'auto.offset.reset': 'earliest' } })
    s.runUntil(30_000)
    expect(groupOf(s, 'g').generation).toBe(gen)
    expect(ownedKeys(consumerOf(s, 'c2-new'))).toEqual(owned)
    const fenced = eventsOf(s, 'consumerError').find((e) => e.consumer === 'c2')!
    expect(fenced.error).toMatch(/FENCED_INSTANCE_ID|FencedInstanceId/)
    expect(consumerOf(s, 'c2').phase).toBe('closed')
    // c2-new processes what c2 had; the fenced process processes nothing after it died.
    expect(partitionsProcessed(processedBetween(s, 10_000, 30_000, { consumer: 'c2-new' }))).toEqual(new Set(owned))
    expect(processedBetween(s, fenced.t, 30_000, { consumer: 'c2' })).toEqual([])
  })

  it('the fenced process is told it was fenced (FENCED_INSTANCE_ID is fatal), never that the group is rebalancing', () => {
    const s = build()
    s.runUntil(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c2-new', config: { 'group.instance.id': 'i2', 'auto.offset.reset': 'earliest' } })
    s.runUntil(30_000)
    const seen = [...eventsOf(s, 'commitFailed'), ...eventsOf(s, 'consumerError')].filter((e) => e.consumer === 'c2').sort((a, b) => a.t - b.t)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen[0]!.type === 'commitFailed' ? seen[0]!.error : (seen[0] as { error: string }).error).toMatch(/FENCED_INSTANCE_ID|FencedInstanceId/)
    for (const e of seen) expect(JSON.stringify(e)).not.toMatch(/rebalancing/)
    // Fatal: it does not try to rejoin the group.
    expect(eventsOf(s, 'partitionsLost').filter((e) => e.consumer === 'c2')).toEqual([])
  })

  it('a static member whose poll timeout expires sends no LeaveGroup; when it polls again within session.timeout.ms it rejoins as itself and gets its assignment back without a rebalance', () => {
    const cfg = { 'max.poll.interval.ms': 10_000, 'max.poll.records': 20 }
    // c2 joins first, so it is the leader; c1 follows.
    const slow = { ...staticMember('c2', 'i2', cfg), processingMs: 800 }
    const s = build([slow, { ...staticMember('c1', 'i1', cfg), startAt: 500 }], 2)
    s.runUntil(10_000)
    expect(eventsOf(s, 'generationStarted')[0]!.leader).toBe('c2')
    const gen = groupOf(s, 'g').generation
    const owned = ownedKeys(consumerOf(s, 'c2'))
    // Its first poll took 20 records x 800 ms = 16 s: longer than max.poll.interval.ms, shorter than session.timeout.ms.
    s.runUntil(19_000)
    s.dispatch({ type: 'setProcessingTime', consumer: 'c2', ms: 0 })
    s.runUntil(60_000)
    const expired = eventsOf(s, 'pollTimeoutExpired').filter((e) => e.consumer === 'c2')
    expect(expired.length).toBeGreaterThan(0)
    expect(eventsOf(s, 'memberRemoved')).toEqual([])
    expect(eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.t > 10_000)).toEqual([])
    expect(groupOf(s, 'g').generation).toBe(gen)
    expect(ownedKeys(consumerOf(s, 'c2'))).toEqual(owned)
  })
})
