/**
 * The default lesson, through the engine alone: what producer.py and consumer.py do in the
 * classic tutorial, step by step as Kafka does it.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation, describeEvent, readRecord } from '../../src/engine'
import { builtInScenario } from '../../src/scenarios'
import { eventsOf, processedOffsets } from './helpers'

const hello = () => createSimulation(builtInScenario('hello-kafka')!)

describe('Hello, Kafka (hello-kafka)', () => {
  it('appends the 10 click events at offsets 0-9 of the single partition, one simulated second apart', () => {
    const s = hello()
    s.runUntil(20_000)
    const appended = eventsOf(s, 'recordsAppended')
    expect(appended.map((e) => [e.topic, e.partition, e.baseOffset, e.count])).toEqual(Array.from({ length: 10 }, (_, i) => ['user-activity', 0, i, 1]))
    const latency = s.s.cluster.networkLatencyMs
    expect(appended.map((e) => e.t)).toEqual(Array.from({ length: 10 }, (_, i) => i * 1000 + latency))
    const log = s.s.topics[0]!.partitions[0]!.log
    expect(log.logEndOffset).toBe(10)
    for (let o = 0; o < 10; o++) expect(readRecord(log, o)?.key).toBeNull()
    expect(readRecord(log, 3)?.value).toBe('{"user_id": "user_0", "action": "click", "timestamp": 3000}')
  })

  it('delivers every record to consumer-1 exactly once, in offset order, starting from offset 0 (auto.offset.reset=earliest)', () => {
    const s = hello()
    s.runUntil(20_000)
    expect(processedOffsets(s, 'my-consumer-group')).toEqual({ 'user-activity-0': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] })
    const start = eventsOf(s, 'positionSet')
    expect(start).toHaveLength(1)
    expect(start[0]).toMatchObject({ partition: 'user-activity-0', offset: 0, from: 'earliest', reason: 'no committed offset' })
    expect(s.s.counters).toMatchObject({ produced: 10, consumed: 10, duplicates: 0 })
  })

  it('goes through the classic rebalance: FindCoordinator, MEMBER_ID_REQUIRED, the initial 3 s delay, JoinGroup, SyncGroup, Stable at generation 1', () => {
    const s = hello()
    s.runUntil(20_000)
    const states = eventsOf(s, 'groupStateChanged').map((e) => `${e.from}->${e.to}`)
    expect(states).toEqual(['Empty->PreparingRebalance', 'PreparingRebalance->CompletingRebalance', 'CompletingRebalance->Stable'])
    const [joined] = eventsOf(s, 'memberJoined')
    const [prepare, complete] = eventsOf(s, 'groupStateChanged')
    const latency = s.s.cluster.networkLatencyMs
    // consumer starts at 0; FindCoordinator takes a round trip, JoinGroup (no id) and MEMBER_ID_REQUIRED another; the join with the id arrives one hop later.
    expect(eventsOf(s, 'coordinatorFound')[0]).toMatchObject({ t: 2 * latency, broker: 1, consumer: 'consumer-1' })
    expect(joined!.t).toBe(5 * latency)
    expect(prepare!.t).toBe(joined!.t)
    // group.initial.rebalance.delay.ms = 3000: the first rebalance of an empty group waits for more members.
    expect(complete!.t - prepare!.t).toBe(3000)
    const [gen] = eventsOf(s, 'generationStarted')
    expect(gen).toMatchObject({ generation: 1, protocol: 'range', leader: 'consumer-1', members: ['consumer-1'] })
    expect(joined!.memberId).toMatch(/^consumer-1-[0-9a-f]{8}$/)
  })

  it('auto-commits the position every auto.commit.interval.ms, so the group\'s committed offset reaches 10 and its lag 0', () => {
    const s = hello()
    s.runUntil(20_000)
    const commits = eventsOf(s, 'offsetsCommitted')
    expect(commits.length).toBeGreaterThan(0)
    expect(commits.at(-1)!.offsets).toEqual({ 'user-activity-0': 10 })
    expect(s.s.groups[0]!.committed).toEqual({ 'user-activity-0': 10 })
  })

  it('describes every event as a sentence', () => {
    const s = hello()
    s.runUntil(20_000)
    for (const e of s.eventsSince(0).events) expect(describeEvent(e)).toMatch(/\S.*[.)]$/)
  })

  it('leaves a second consumer idle on the single partition, then gives it the new partition after Add partition', () => {
    const s = hello()
    s.runUntil(12_000)
    s.dispatch({ type: 'addConsumer', group: 'my-consumer-group' })
    s.runUntil(20_000)
    const synced = eventsOf(s, 'assignmentSynced').at(-1)!
    expect(synced.assignment).toEqual({ 'consumer-1': ['user-activity-0'], 'consumer-2': [] })
    s.dispatch({ type: 'addPartitions', topic: 'user-activity', count: 2 })
    s.runUntil(30_000)
    // The leader notices the new partition at its next metadata refresh and rejoins; range gives p1 to consumer-2.
    expect(eventsOf(s, 'assignmentSynced').at(-1)!.assignment).toEqual({ 'consumer-1': ['user-activity-0'], 'consumer-2': ['user-activity-1'] })
  })

  it('refuses to shrink the topic, with Kafka\'s INVALID_PARTITIONS reason, and keeps everything as it was', () => {
    const s = hello()
    s.runUntil(5_000)
    s.dispatch({ type: 'addPartitions', topic: 'user-activity', count: 3 })
    const result = s.dispatch({ type: 'addPartitions', topic: 'user-activity', count: 2 })
    expect(result).toEqual({ ok: false, error: 'INVALID_PARTITIONS', message: 'The topic user-activity currently has 3 partition(s); 2 would not be an increase.' })
    expect(s.s.topics[0]!.partitions).toHaveLength(3)
    expect(eventsOf(s, 'commandRefused').at(-1)).toMatchObject({ error: 'INVALID_PARTITIONS', command: 'addPartitions' })
  })
})
