/**
 * Specification: the event log says what Kafka does, in Kafka's words where Kafka has words.
 * - A join phase ends because every member rejoined, because group.initial.rebalance.delay.ms ran out,
 *   or because the rebalance timeout did (completeClassicGroupJoin drops the dynamic members that did
 *   not rejoin): the log says which.
 * - A Stable member's JoinGroup carries the client's reason (KIP-800): "need to revoke partitions and
 *   re-join" for the cooperative follow-up round (ConsumerCoordinator.onJoinComplete).
 * - Exceptions the application sees carry the Java client's messages (NoOffsetForPartitionException,
 *   FencedInstanceIdException, InvalidSessionTimeoutException from the Errors enum).
 * - A static member whose poll timeout expires sends no LeaveGroup (AbstractCoordinator.maybeLeaveGroup).
 * - NOT_ENOUGH_REPLICAS_AFTER_APPEND means written but not acknowledged; producers learn a new
 *   partition count only when they refresh their metadata.
 */
import { describe, expect, it } from 'vitest'
import { describeEvent } from '../../src/engine'
import { events, eventsOf, sim } from './helpers'
import { consumerSpec, COOPERATIVE, eventsOfGroup, producerSpec } from './spec-helpers'

const c = (id: string, opts: Parameters<typeof consumerSpec>[1] = {}) => consumerSpec(id, { topics: ['t'], ...opts })
const texts = (s: ReturnType<typeof sim>) => events(s).map(describeEvent)

describe('completeClassicGroupJoin: the log says why the join phase ended', () => {
  it('the first rebalance ends when group.initial.rebalance.delay.ms is over; a later one when every member has rejoined', () => {
    const s = sim({ topics: [{ name: 't', partitions: 2 }], producers: [producerSpec('p', 't')], consumers: [c('c1')] })
    s.runUntil(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c2' })
    s.runUntil(30_000)
    const ends = eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.to === 'CompletingRebalance')
    expect(ends.map((e) => e.reason)).toEqual(['the group.initial.rebalance.delay.ms wait is over', 'every member has joined'])
  })

  it('when the rebalance timeout (max.poll.interval.ms) ends it, the log names the members that did not rejoin and were removed', () => {
    const cfg = { 'max.poll.interval.ms': 10_000 }
    const s = sim({ topics: [{ name: 't', partitions: 2 }], producers: [producerSpec('p', 't')], consumers: [c('c1', { config: cfg }), c('c2', { config: cfg })] })
    s.runUntil(10_000)
    // c2 dies silently (its session outlives the rebalance timeout); c3 joining starts a rebalance c2 never answers.
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(30_000)
    const end = eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.to === 'CompletingRebalance').at(-1)!
    expect(end.reason).toBe('the rebalance timeout (max.poll.interval.ms) expired: c2 did not rejoin and was removed')
    expect(describeEvent(end)).not.toMatch(/every member has joined/)
  })
})

describe('KIP-800: a rejoining member says why', () => {
  it('the cooperative follow-up rebalance is started by "need to revoke partitions and re-join", not by a subscription change', () => {
    const s = sim({
      topics: [{ name: 't', partitions: 4 }],
      producers: [producerSpec('p', 't', { rate: 20 })],
      consumers: [c('c1', { config: COOPERATIVE }), c('c2', { config: COOPERATIVE })],
    })
    s.runUntil(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(30_000)
    const starts = eventsOfGroup(s, 'groupStateChanged', 'g').filter((e) => e.t > 10_000 && e.to === 'PreparingRebalance')
    expect(starts.map((e) => e.reason)).toEqual(['c3 joined', expect.stringMatching(/^c[12] rejoined with new metadata: need to revoke partitions and re-join$/)])
    expect(texts(s).join('\n')).not.toMatch(/changed its subscription/)
  })
})

describe("exceptions carry the Java client's messages", () => {
  it('NoOffsetForPartitionException: "Undefined offset with no reset policy for partitions: [...]" (SubscriptionState.resetInitializingPositions)', () => {
    const s = sim({ topics: [{ name: 't', partitions: 2 }], producers: [producerSpec('p', 't')], consumers: [c('c1', { config: { 'auto.offset.reset': 'none' } })] })
    s.runUntil(15_000)
    const err = eventsOf(s, 'consumerError')
    expect(err).toHaveLength(1)
    expect(err[0]).toMatchObject({ error: 'NoOffsetForPartitionException', message: 'Undefined offset with no reset policy for partitions: [t-0, t-1]' })
  })

  it('FencedInstanceIdException: the Errors.FENCED_INSTANCE_ID message', () => {
    const s = sim({ topics: [{ name: 't', partitions: 2 }], producers: [producerSpec('p', 't')], consumers: [c('c1', { config: { 'group.instance.id': 'i1' } })] })
    s.runUntil(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c1-new', config: { 'group.instance.id': 'i1' } })
    s.runUntil(30_000)
    const fenced = eventsOf(s, 'consumerError').find((e) => e.consumer === 'c1')!
    expect(fenced).toMatchObject({
      error: 'FencedInstanceIdException',
      message: 'The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.',
    })
    // One full stop, not two.
    expect(describeEvent(fenced)).toMatch(/member\.id\.$/)
  })

  it('InvalidSessionTimeoutException: the Errors.INVALID_SESSION_TIMEOUT message', () => {
    const s = sim({ topics: [{ name: 't' }], consumers: [c('c1', { config: { 'session.timeout.ms': 5_000 } })] })
    s.runUntil(5_000)
    expect(eventsOf(s, 'consumerError')[0]).toMatchObject({
      error: 'InvalidSessionTimeoutException',
      message: 'The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).',
    })
  })
})

describe('maybeLeaveGroup: only a dynamic member leaves when its poll timeout expires', () => {
  it('a static member is not said to leave: it sends no LeaveGroup, the session timeout decides', () => {
    const cfg = { 'max.poll.interval.ms': 10_000, 'max.poll.records': 20 }
    const s = sim({
      topics: [{ name: 't', partitions: 2 }],
      producers: [producerSpec('p', 't', { rate: 20 })],
      consumers: [{ ...c('c1', { config: { ...cfg, 'group.instance.id': 'i1' } }), processingMs: 800 }, c('c2', { config: { ...cfg } })],
    })
    s.runUntil(30_000)
    const staticOne = eventsOf(s, 'pollTimeoutExpired').find((e) => e.consumer === 'c1')!
    expect(staticOne.leaves).toBe(false)
    expect(describeEvent(staticOne)).not.toMatch(/it leaves/)
    expect(describeEvent(staticOne)).toMatch(/no LeaveGroup/)
    expect(describeEvent({ ...staticOne, consumer: 'c2', leaves: true })).toMatch(/it leaves g\.$/)
  })
})

describe('sentences that say exactly what happened', () => {
  it('a broker that comes back as the last in-sync replica leads again, said once', () => {
    const s = sim({
      cluster: { brokers: 1, networkLatencyMs: 1, config: { 'broker.session.timeout.ms': 1_000 } },
      topics: [{ name: 't' }],
    })
    s.dispatch({ type: 'killBroker', broker: 1 })
    s.runUntil(5_000)
    s.dispatch({ type: 'restartBroker', broker: 1 })
    const back = eventsOf(s, 'leaderElected').find((e) => e.topic === 't')!
    expect(back.kind).toBe('returned')
    expect(describeEvent(back)).toBe('t-0: broker 1 leads again (epoch 2) because it was the last in-sync replica and came back.')
  })

  it('adding partitions: producers move keys only once their metadata refresh shows the new count', () => {
    const s = sim({ topics: [{ name: 't', partitions: 2 }], producers: [producerSpec('p', 't', { keys: { mode: 'user-id' } })] })
    s.dispatch({ type: 'addPartitions', topic: 't', count: 3 })
    const added = describeEvent(eventsOf(s, 'partitionsAdded')[0]!)
    expect(added).toMatch(/metadata refresh \(metadata\.max\.age\.ms\)/)
    expect(added).not.toMatch(/keys now hash over/)
  })

  it('NOT_ENOUGH_REPLICAS_AFTER_APPEND: the records were written, only not acknowledged', () => {
    const e = { t: 0, type: 'produceFailed', producer: 'p', topic: 't', partition: 0, count: 3, error: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', retrying: true } as const
    expect(describeEvent(e)).toBe("p's 3 records were written to t-0 but not acknowledged: NOT_ENOUGH_REPLICAS_AFTER_APPEND (the ISR shrank below min.insync.replicas); retrying.")
    expect(describeEvent(e)).not.toMatch(/could not write/)
  })
})
