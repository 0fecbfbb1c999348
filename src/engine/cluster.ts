/**
 * Brokers, topics and partition leaders: creating topics, adding partitions, appending produced
 * batches, answering fetches (long-polling like a broker does) and deleting old segments.
 */
import type { Sim } from './context'
import { tp } from './context'
import type { TopicConfig } from './config'
import { TOPIC_DEFAULTS } from './config'
import type { FetchRequest, PartitionState, ProducerBatch, TopicState } from './model'
import { appendBatch as appendToLog, applyRetention, fetchCount, markBatchAcked, newLog } from './partition-log'
import type { FetchedPartition } from './tasks'

/** Kafka's refusal, with the error code name and message a learner would see from the admin client. */
export class KafkaRefusal extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message)
    this.name = 'KafkaRefusal'
  }
}

export function liveBrokerIds(sim: Sim): number[] {
  return sim.s.brokers.filter((b) => b.alive).map((b) => b.id)
}

/**
 * Replica placement without racks: partition p's replicas start at a broker chosen by p and a
 * random start index, then follow round the ring, so leaders and replicas spread evenly.
 */
function placeReplicas(brokers: number[], partition: number, replicationFactor: number, startIndex: number): number[] {
  const out: number[] = []
  for (let r = 0; r < replicationFactor; r++) {
    out.push(brokers[(startIndex + partition + r) % brokers.length] as number)
  }
  return out
}

function newPartition(topic: string, partition: number, replicas: number[]): PartitionState {
  return {
    topic,
    partition,
    replicas,
    leader: replicas[0] ?? -1,
    leaderEpoch: 0,
    isr: [...replicas],
    log: newLog(),
    highWatermark: 0,
    parkedFetches: [],
  }
}

export function validateTopicName(name: string): string | null {
  if (name.length === 0) return 'Topic name is illegal, it can\'t be empty'
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."'
  if (name.length > 249) return `Topic name is illegal, it can't be longer than 249 characters, topic name: ${name}`
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`
  }
  return null
}

export function createTopic(
  sim: Sim,
  name: string,
  partitions: number,
  replicationFactor: number,
  config: Partial<TopicConfig> = {},
): TopicState {
  const invalid = validateTopicName(name)
  if (invalid) throw new KafkaRefusal('INVALID_TOPIC_EXCEPTION', invalid)
  if (sim.topic(name)) throw new KafkaRefusal('TOPIC_ALREADY_EXISTS', `Topic '${name}' already exists.`)
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new KafkaRefusal('INVALID_PARTITIONS', `Number of partitions must be larger than 0.`)
  }
  const brokers = liveBrokerIds(sim)
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new KafkaRefusal('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0.')
  }
  if (replicationFactor > brokers.length) {
    throw new KafkaRefusal(
      'INVALID_REPLICATION_FACTOR',
      `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ${replicationFactor} cannot be reached because only ${brokers.length} broker(s) are registered.`,
    )
  }
  const start = sim.rand('placement', brokers.length)
  const topic: TopicState = {
    name,
    config: { ...TOPIC_DEFAULTS, ...config },
    partitions: [],
  }
  for (let p = 0; p < partitions; p++) {
    topic.partitions.push(newPartition(name, p, placeReplicas(brokers, p, replicationFactor, start)))
  }
  sim.s.topics.push(topic)
  sim.emit({ type: 'topicCreated', topic: name, partitions, replicationFactor })
  sim.touch()
  return topic
}

/** Kafka's CreatePartitions: the count can only grow; new partitions are empty logs. */
export function addPartitions(sim: Sim, name: string, newTotal: number): void {
  const topic = sim.topic(name)
  if (!topic) throw new KafkaRefusal('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist.`)
  const current = topic.partitions.length
  if (newTotal === current) throw new KafkaRefusal('INVALID_PARTITIONS', `Topic already has ${current} partition(s).`)
  if (!Number.isInteger(newTotal) || newTotal < current) {
    throw new KafkaRefusal(
      'INVALID_PARTITIONS',
      `The topic ${name} currently has ${current} partition(s); ${newTotal} would not be an increase.`,
    )
  }
  const rf = topic.partitions[0]?.replicas.length ?? 1
  const brokers = liveBrokerIds(sim)
  if (rf > brokers.length) {
    throw new KafkaRefusal(
      'INVALID_REPLICATION_FACTOR',
      `Unable to replicate the partition ${rf} time(s): only ${brokers.length} broker(s) are available.`,
    )
  }
  const start = sim.rand('placement', brokers.length)
  for (let p = current; p < newTotal; p++) {
    topic.partitions.push(newPartition(name, p, placeReplicas(brokers, p, rf, start)))
  }
  sim.emit({ type: 'partitionsAdded', topic: name, from: current, to: newTotal })
  sim.touch()
}

/** A partition whose leader is alive. */
export function isAvailable(sim: Sim, p: PartitionState): boolean {
  return p.leader >= 0 && sim.s.brokers.some((b) => b.id === p.leader && b.alive)
}

/**
 * The leader appends a produced batch (Partition.appendRecordsToLeader). Returns the base offset,
 * or an error name when the leader refuses it.
 */
export function appendBatch(sim: Sim, broker: number, batch: ProducerBatch): { baseOffset: number; error: string | null } {
  const p = sim.partition(batch.topic, batch.partition)
  if (!p || p.leader !== broker || !isAvailable(sim, p)) return { baseOffset: -1, error: 'NOT_LEADER_OR_FOLLOWER' }
  const topic = sim.topic(batch.topic) as TopicState
  const producer = sim.producer(batch.producer)
  if (producer.config.acks === 'all' && p.isr.length < topic.config['min.insync.replicas']) {
    return { baseOffset: -1, error: 'NOT_ENOUGH_REPLICAS' }
  }
  const roll = { segmentBytes: topic.config['segment.bytes'], segmentMs: topic.config['segment.ms'] }
  const n = batch.keys.length
  const baseOffset = appendToLog(p.log, batch, n, batch.bytes, batch.producer, roll)
  sim.s.counters.produced += n
  sim.emit({
    type: 'recordsAppended',
    producer: producer.id,
    topic: batch.topic,
    partition: batch.partition,
    baseOffset,
    count: n,
    broker,
  })
  advanceHighWatermark(sim, p)
  return { baseOffset, error: null }
}

/**
 * The high watermark is the smallest log end offset in the ISR (Partition.maybeIncrementLeaderHW).
 * Until follower replication is modelled, every in-sync replica has what the leader has.
 */
export function advanceHighWatermark(sim: Sim, p: PartitionState): void {
  const hw = p.log.logEndOffset
  if (hw <= p.highWatermark) return
  p.highWatermark = hw
  if (p.parkedFetches.length > 0) {
    const parked = p.parkedFetches
    p.parkedFetches = []
    for (const id of parked) {
      const f = sim.s.fetches[id]
      if (f && f.parked) answerFetch(sim, f)
    }
  }
}

/** Marks a batch as acknowledged to its producer (to count acknowledged records that are later lost). */
export function markAcked(sim: Sim, topic: string, partition: number, baseOffset: number): void {
  const p = sim.partition(topic, partition)
  if (p) markBatchAcked(p.log, baseOffset)
}

/** What a fetch can return now, per partition, reading only below the high watermark. */
function collectFetch(sim: Sim, f: FetchRequest): { data: FetchedPartition[]; bytes: number } {
  const data: FetchedPartition[] = []
  let bytes = 0
  const consumer = sim.consumer(f.consumer)
  const maxBytes = consumer.config['max.partition.fetch.bytes']
  for (const req of f.partitions) {
    const p = sim.partition(req.topic, req.partition)
    if (!p || p.leader !== f.broker || !isAvailable(sim, p)) {
      data.push({ topic: req.topic, partition: req.partition, from: req.offset, until: req.offset, error: 'NOT_LEADER_OR_FOLLOWER' })
      continue
    }
    if (req.offset < p.log.logStartOffset || req.offset > p.log.logEndOffset) {
      data.push({ topic: req.topic, partition: req.partition, from: req.offset, until: req.offset, error: 'OFFSET_OUT_OF_RANGE' })
      bytes += 1
      continue
    }
    const n = fetchCount(p.log, req.offset, p.highWatermark, maxBytes)
    data.push({ topic: req.topic, partition: req.partition, from: req.offset, until: req.offset + n, error: 'NONE' })
    bytes += n
  }
  return { data, bytes }
}

function answerFetch(sim: Sim, f: FetchRequest): void {
  const { data } = collectFetch(sim, f)
  f.parked = false
  delete sim.s.fetches[f.id]
  sim.send({ kind: 'fetchResponse', fetch: f.id, broker: f.broker, data, consumer: f.consumer, inc: f.incarnation, sentAt: sim.s.now })
}

/** A fetch reaches the leader: answer at once if there is data (fetch.min.bytes=1), else park it. */
export function onFetchArrive(sim: Sim, fetchId: number): void {
  const f = sim.s.fetches[fetchId]
  if (!f) return
  const broker = sim.s.brokers.find((b) => b.id === f.broker)
  if (!broker || !broker.alive) {
    delete sim.s.fetches[fetchId]
    return
  }
  const consumer = sim.consumer(f.consumer)
  const { bytes } = collectFetch(sim, f)
  if (bytes >= consumer.config['fetch.min.bytes']) {
    answerFetch(sim, f)
    return
  }
  f.parked = true
  f.expiresAt = sim.s.now + consumer.config['fetch.max.wait.ms']
  for (const req of f.partitions) {
    const p = sim.partition(req.topic, req.partition)
    if (p) p.parkedFetches.push(f.id)
  }
  sim.at(f.expiresAt, { kind: 'fetchExpire', fetch: f.id })
}

export function onFetchExpire(sim: Sim, fetchId: number): void {
  const f = sim.s.fetches[fetchId]
  if (!f || !f.parked) return
  for (const req of f.partitions) {
    const p = sim.partition(req.topic, req.partition)
    if (p) p.parkedFetches = p.parkedFetches.filter((id) => id !== fetchId)
  }
  answerFetch(sim, f)
}

/** The periodic retention check (log.retention.check.interval.ms) on every partition. */
export function onRetentionCheck(sim: Sim): void {
  for (const topic of sim.s.topics) {
    const policy = { retentionMs: topic.config['retention.ms'], retentionBytes: topic.config['retention.bytes'] }
    for (const p of topic.partitions) {
      const removed = applyRetention(p.log, sim.s.now, p.highWatermark, policy)
      if (removed > 0) {
        sim.emit({ type: 'segmentsDeleted', topic: topic.name, partition: p.partition, records: removed, logStartOffset: p.log.logStartOffset })
        sim.touch()
      }
    }
  }
  sim.at(sim.s.now + sim.s.cluster.broker['log.retention.check.interval.ms'], { kind: 'retentionCheck' })
}

export function partitionKey(p: PartitionState): string {
  return tp(p.topic, p.partition)
}
