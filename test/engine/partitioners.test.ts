/**
 * Specification: where a producer's records go (KafkaProducer.partition, BuiltInPartitioner,
 * RoundRobinPartitioner, kafka-python's DefaultPartitioner), and how topics are created and grown
 * (ReplicationControlManager.createTopics / createPartitions).
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { partitionForKey } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { eventsOf, sim } from './helpers'
import { logRecords, userOf } from './spec-helpers'

const require = createRequire(import.meta.url)
// KafkaJS's DefaultPartitioner is Java-compatible for keyed records: an independent oracle.
const { Partitioners } = require('kafkajs') as {
  Partitioners: { DefaultPartitioner: () => (args: { topic: string; partitionMetadata: { partitionId: number; leader: number }[]; message: { key: string | Buffer | null } }) => number }
}
function javaPartition(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }))
  return Partitioners.DefaultPartitioner()({ topic: 't', partitionMetadata, message: { key } })
}

/** A text value of `size - 14` characters: with the engine's 14 bytes of record overhead, each record is `size` bytes. */
const textOfSize = (size: number) => ({ kind: 'text', text: 'x'.repeat(size - 14) })

/** Sends `n` records one at a time (one produce command each, 10 ms apart) and returns their partitions in order. */
function produceOneByOne(s: Simulation, producer: string, n: number): number[] {
  const before = eventsOf(s, 'recordsAppended').length
  for (let i = 0; i < n; i++) {
    expect(s.dispatch({ type: 'produce', producer, count: 1 })).toEqual({ ok: true })
    s.step(10)
  }
  s.step(100)
  const appended = eventsOf(s, 'recordsAppended').slice(before)
  expect(appended.every((e) => e.count === 1)).toBe(true)
  return appended.map((e) => e.partition)
}

describe('producer: keyed records', () => {
  const keys = ['user_0', 'user_1', 'order-42', '', 'ключ', '😀 emoji key', 'a-little-bit-long-string', 'K'.repeat(100)]

  it('sends a keyed record to toPositive(murmur2(utf8(key))) % numPartitions, as Java and KafkaJS DefaultPartitioner do', () => {
    const s = sim({
      topics: [{ name: 'orders', partitions: 7 }],
      producers: [{ id: 'p', topic: 'orders', rate: 100, maxRecords: 80, keys: { mode: 'custom', keys }, config: { 'linger.ms': 0 } }],
    })
    s.runUntil(3_000)
    const logs = logRecords(s, 'orders')
    expect(logs.flat()).toHaveLength(80)
    logs.forEach((records, partition) => {
      for (const r of records) {
        expect(partition).toBe(javaPartition(r.key as string, 7))
        expect(partition).toBe(partitionForKey(r.key as string, 7))
      }
    })
    // Same key, same partition, every time: each key's 10 records sit in one partition.
    for (const k of keys) expect(logs.filter((rs) => rs.some((r) => r.key === k))).toHaveLength(1)
  })

  it('hashes keyed records the same way whichever null-key partitioner is configured (partitioner.ignore.keys=false)', () => {
    for (const partitioner of ['sticky', 'round-robin', 'random']) {
      const s = sim({
        topics: [{ name: 't', partitions: 5 }],
        producers: [{ id: 'p', topic: 't', rate: 50, maxRecords: 40, partitioner, keys: { mode: 'user-id' }, value: { kind: 'click-event', users: 9 } }],
      })
      s.runUntil(3_000)
      const logs = logRecords(s, 't')
      expect(logs.flat()).toHaveLength(40)
      logs.forEach((records, partition) => records.forEach((r) => expect(partition).toBe(javaPartition(r.key as string, 5))))
    }
  })

  it('uses an explicitly given partition as is, ahead of the key hash and the partitioner', () => {
    for (const keysSpec of [{ mode: 'user-id' }, { mode: 'none' }]) {
      const s = sim({
        topics: [{ name: 't', partitions: 4 }],
        producers: [{ id: 'p', topic: 't', rate: 100, maxRecords: 50, partition: 2, keys: keysSpec, value: { kind: 'click-event', users: 20 } }],
      })
      s.runUntil(3_000)
      expect(logRecords(s, 't').map((rs) => rs.length)).toEqual([0, 0, 50, 0])
    }
  })

  it('after addPartitions, keyed records keep the old mapping until the producer refreshes its metadata (metadata.max.age.ms), then some keys move to the new count', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`)
    const s = sim({
      topics: [{ name: 't', partitions: 2 }],
      producers: [{ id: 'p', topic: 't', rate: 20, keys: { mode: 'custom', keys }, config: { 'linger.ms': 0, 'metadata.max.age.ms': 10_000 } }],
    })
    s.runUntil(2_000)
    expect(s.dispatch({ type: 'addPartitions', topic: 't', count: 6 })).toEqual({ ok: true })
    s.runUntil(16_000)
    const refresh = eventsOf(s, 'metadataUpdated').find((e) => e.client === 'p')
    expect(refresh).toMatchObject({ t: 10_000, topic: 't', partitions: 6 })
    const records = logRecords(s, 't').flatMap((rs, partition) => rs.map((r) => ({ partition, key: r.key as string, t: r.timestamp })))
    const before = records.filter((r) => r.t < 10_000)
    const after = records.filter((r) => r.t > 10_000)
    expect(before.some((r) => r.t > 2_000)).toBe(true)
    for (const r of before) expect(r.partition).toBe(javaPartition(r.key, 2))
    for (const r of after) expect(r.partition).toBe(javaPartition(r.key, 6))
    // Not vacuous: some keys really changed partition, and the new partitions received records.
    expect(keys.some((k) => javaPartition(k, 2) !== javaPartition(k, 6))).toBe(true)
    expect(after.some((r) => r.partition >= 2)).toBe(true)
  })
})

describe('producer: records without a key', () => {
  it("sticky (KIP-794 BuiltInPartitioner): stays on one partition until batch.size bytes went to it, then switches to a random partition, possibly the same one", () => {
    // Each 1000-byte record is its own batch (linger.ms=0), so 61 bytes of batch header count too:
    // 4 records make 4244 bytes (< 5000), the 5th makes 5305 (>= batch.size): the 6th record switches.
    const s = sim({
      topics: [{ name: 't', partitions: 3 }],
      producers: [{ id: 'p', topic: 't', rate: 0, partitioner: 'sticky', value: textOfSize(1000), config: { 'linger.ms': 0, 'batch.size': 5000 } }],
    })
    const seq = produceOneByOne(s, 'p', 300)
    const blocks: number[] = []
    for (let b = 0; b < seq.length / 5; b++) {
      const block = seq.slice(b * 5, b * 5 + 5)
      expect(new Set(block).size, `records ${b * 5}-${b * 5 + 4} share one partition`).toBe(1)
      blocks.push(block[0] as number)
    }
    expect(new Set(blocks)).toEqual(new Set([0, 1, 2]))
    const same = blocks.slice(1).filter((p, i) => p === blocks[i]).length
    // The current partition is not excluded from the draw (BuiltInPartitioner.nextPartition): about 1/3 of the switches.
    expect(same).toBeGreaterThan(5)
    expect(same).toBeLessThan(blocks.length - 10)
  })

  it('sticky: with linger.ms the records fill whole batches of batch.size, one partition per batch', () => {
    const s = sim({
      topics: [{ name: 't', partitions: 4 }],
      producers: [{ id: 'p', topic: 't', rate: 0, partitioner: 'sticky', value: textOfSize(1000), config: { 'linger.ms': 1000, 'batch.size': 5000 } }],
    })
    s.dispatch({ type: 'produce', producer: 'p', count: 100 })
    s.runUntil(3_000)
    const appended = eventsOf(s, 'recordsAppended')
    expect(appended.reduce((n, e) => n + e.count, 0)).toBe(100)
    expect(appended.map((e) => e.count)).toEqual(Array(20).fill(5))
  })

  it('round-robin: consecutive records go to consecutive partitions, wrapping around', () => {
    const s = sim({
      topics: [{ name: 't', partitions: 4 }],
      producers: [{ id: 'p', topic: 't', rate: 0, partitioner: 'round-robin', config: { 'linger.ms': 0 } }],
    })
    const seq = produceOneByOne(s, 'p', 40)
    const start = seq[0] as number
    expect(seq).toEqual(seq.map((_, i) => (start + i) % 4))
  })

  it('round-robin: each burst spreads evenly over the partitions', () => {
    const s = sim({
      topics: [{ name: 't', partitions: 3 }],
      producers: [{ id: 'p', topic: 't', rate: 0, partitioner: 'round-robin', value: { kind: 'click-event', users: 100000 }, config: { 'linger.ms': 50 } }],
    })
    s.dispatch({ type: 'produce', producer: 'p', count: 30 })
    s.runUntil(1_000)
    const logs = logRecords(s, 't')
    expect(logs.map((rs) => rs.length)).toEqual([10, 10, 10])
    // user_<i> is record i: partition of record i is (start + i) % 3.
    const byRecord = new Map<number, number>()
    logs.forEach((rs, p) => rs.forEach((r) => byRecord.set(userOf(r), p)))
    const start = byRecord.get(0) as number
    for (let i = 0; i < 30; i++) expect(byRecord.get(i)).toBe((start + i) % 3)
  })

  it("random (kafka-python's DefaultPartitioner): a random partition per record, not sticky", () => {
    const s = sim({
      topics: [{ name: 't', partitions: 3 }],
      producers: [{ id: 'p', topic: 't', rate: 0, partitioner: 'random', config: { 'linger.ms': 0 } }],
    })
    const seq = produceOneByOne(s, 'p', 300)
    const counts = [0, 1, 2].map((p) => seq.filter((x) => x === p).length)
    for (const n of counts) expect(n).toBeGreaterThan(60)
    const changes = seq.slice(1).filter((p, i) => p !== seq[i]).length
    // Independent draws change partition about 2/3 of the time; a sticky partitioner would change rarely.
    expect(changes).toBeGreaterThan(150)
  })

  it('null-key records only go to partitions the producer knows: new partitions are used after its metadata refresh', () => {
    const s = sim({
      topics: [{ name: 't', partitions: 2 }],
      producers: [{ id: 'p', topic: 't', rate: 50, partitioner: 'random', config: { 'linger.ms': 0, 'metadata.max.age.ms': 8_000 } }],
    })
    s.runUntil(1_000)
    s.dispatch({ type: 'addPartitions', topic: 't', count: 4 })
    s.runUntil(12_000)
    const records = logRecords(s, 't').flatMap((rs, partition) => rs.map((r) => ({ partition, t: r.timestamp })))
    expect(records.filter((r) => r.t < 8_000).every((r) => r.partition < 2)).toBe(true)
    expect(records.some((r) => r.t > 8_000 && r.partition >= 2)).toBe(true)
  })
})

describe('topics', () => {
  it('keeps several topics, each with its own partitions and its own offsets from 0', () => {
    const s = sim({
      topics: [
        { name: 'a', partitions: 2 },
        { name: 'b', partitions: 3 },
      ],
      producers: [
        { id: 'pa', topic: 'a', rate: 20, maxRecords: 20, partitioner: 'round-robin', config: { 'linger.ms': 0 } },
        { id: 'pb', topic: 'b', rate: 30, maxRecords: 30, partitioner: 'round-robin', config: { 'linger.ms': 0 } },
      ],
    })
    expect(s.dispatch({ type: 'createTopic', name: 'c', partitions: 4 })).toEqual({ ok: true })
    s.runUntil(3_000)
    expect(eventsOf(s, 'topicCreated').map((e) => [e.topic, e.partitions])).toEqual([
      ['a', 2],
      ['b', 3],
      ['c', 4],
    ])
    expect(logRecords(s, 'a').map((rs) => rs.length)).toEqual([10, 10])
    expect(logRecords(s, 'b').map((rs) => rs.length)).toEqual([10, 10, 10])
    expect(logRecords(s, 'c').map((rs) => rs.length)).toEqual([0, 0, 0, 0])
    for (const t of s.s.topics) for (const p of t.partitions) expect(logRecords(s, t.name)[p.partition]!.map((r) => r.offset)).toEqual(Array.from({ length: p.log.logEndOffset }, (_, i) => i))
  })

  it('addPartitions grows a topic: the new partitions start empty at offset 0 and the old logs are untouched', () => {
    const s = sim({
      topics: [{ name: 't', partitions: 2 }],
      producers: [{ id: 'p', topic: 't', rate: 20, maxRecords: 20, partitioner: 'round-robin', config: { 'linger.ms': 0 } }],
    })
    s.runUntil(2_000)
    expect(s.dispatch({ type: 'addPartitions', topic: 't', count: 5 })).toEqual({ ok: true })
    expect(eventsOf(s, 'partitionsAdded')).toEqual([expect.objectContaining({ topic: 't', from: 2, to: 5 })])
    const t = s.s.topics[0]!
    expect(t.partitions.map((p) => [p.partition, p.log.logStartOffset, p.log.logEndOffset])).toEqual([
      [0, 0, 10],
      [1, 0, 10],
      [2, 0, 0],
      [3, 0, 0],
      [4, 0, 0],
    ])
  })

  it("refuses addPartitions to the current count with INVALID_PARTITIONS: 'Topic already has N partition(s).'", () => {
    const s = sim({ topics: [{ name: 'orders', partitions: 3 }] })
    expect(s.dispatch({ type: 'addPartitions', topic: 'orders', count: 3 })).toEqual({ ok: false, error: 'INVALID_PARTITIONS', message: 'Topic already has 3 partition(s).' })
    expect(s.s.topics[0]!.partitions).toHaveLength(3)
    expect(eventsOf(s, 'commandRefused').at(-1)).toMatchObject({ command: 'addPartitions', error: 'INVALID_PARTITIONS' })
  })

  it("refuses to shrink a topic with INVALID_PARTITIONS: 'The topic T currently has N partition(s); M would not be an increase.'", () => {
    const s = sim({ topics: [{ name: 'orders', partitions: 3 }] })
    expect(s.dispatch({ type: 'addPartitions', topic: 'orders', count: 1 })).toEqual({
      ok: false,
      error: 'INVALID_PARTITIONS',
      message: 'The topic orders currently has 3 partition(s); 1 would not be an increase.',
    })
    expect(s.s.topics[0]!.partitions).toHaveLength(3)
    expect(eventsOf(s, 'partitionsAdded')).toHaveLength(0)
  })

  it('refuses addPartitions for a topic that does not exist (UNKNOWN_TOPIC_OR_PARTITION)', () => {
    const s = sim()
    expect(s.dispatch({ type: 'addPartitions', topic: 'nope', count: 3 })).toMatchObject({ ok: false, error: 'UNKNOWN_TOPIC_OR_PARTITION' })
  })

  it("refuses to create a topic that exists (TOPIC_ALREADY_EXISTS: \"Topic 'T' already exists.\")", () => {
    const s = sim({ topics: [{ name: 'orders', partitions: 3 }] })
    expect(s.dispatch({ type: 'createTopic', name: 'orders', partitions: 5 })).toEqual({ ok: false, error: 'TOPIC_ALREADY_EXISTS', message: "Topic 'orders' already exists." })
    expect(s.s.topics).toHaveLength(1)
    expect(s.s.topics[0]!.partitions).toHaveLength(3)
  })

  it("refuses illegal topic names with Topic.validate's messages (INVALID_TOPIC_EXCEPTION)", () => {
    const s = sim()
    const cases: [string, string][] = [
      ['', "Topic name is illegal, it can't be empty"],
      ['..', 'Topic name cannot be "." or ".."'],
      ['a'.repeat(250), `Topic name is illegal, it can't be longer than 249 characters, topic name: ${'a'.repeat(250)}`],
      ['bad/name', `Topic name "bad/name" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`],
    ]
    for (const [name, message] of cases) {
      expect(s.dispatch({ type: 'createTopic', name, partitions: 1 })).toEqual({ ok: false, error: 'INVALID_TOPIC_EXCEPTION', message })
    }
    expect(s.s.topics.map((t) => t.name)).toEqual(['user-activity'])
  })

  it("refuses a topic with no partitions (INVALID_PARTITIONS: 'Number of partitions was set to an invalid non-positive value.')", () => {
    const s = sim()
    expect(s.dispatch({ type: 'createTopic', name: 'empty', partitions: 0 })).toEqual({
      ok: false,
      error: 'INVALID_PARTITIONS',
      message: 'Number of partitions was set to an invalid non-positive value.',
    })
    expect(s.s.topics.map((t) => t.name)).toEqual(['user-activity'])
  })

  it("refuses a non-positive replication factor, before looking at the partition count (INVALID_REPLICATION_FACTOR: 'Replication factor must be larger than 0, or -1 to use the default value.')", () => {
    const s = sim()
    const refusal = { ok: false, error: 'INVALID_REPLICATION_FACTOR', message: 'Replication factor must be larger than 0, or -1 to use the default value.' }
    expect(s.dispatch({ type: 'createTopic', name: 'none', partitions: 3, replicationFactor: 0 })).toEqual(refusal)
    expect(s.dispatch({ type: 'createTopic', name: 'none', partitions: 0, replicationFactor: 0 })).toEqual(refusal)
    expect(s.s.topics.map((t) => t.name)).toEqual(['user-activity'])
  })

  it('refuses a replication factor above the number of brokers (INVALID_REPLICATION_FACTOR, the KRaft placer\'s message)', () => {
    const s = sim({ cluster: { brokers: 1, networkLatencyMs: 1 } })
    expect(s.dispatch({ type: 'createTopic', name: 'safe', partitions: 3, replicationFactor: 3 })).toEqual({
      ok: false,
      error: 'INVALID_REPLICATION_FACTOR',
      message: 'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.',
    })
    expect(s.s.topics.map((t) => t.name)).toEqual(['user-activity'])
  })
})
