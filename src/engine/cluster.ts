/**
 * Topics and their partitions: creating topics (placing replicas on brokers), adding partitions,
 * and deleting old segments (retention).
 */
import type { Sim } from './context'
import type { TopicConfig } from './config'
import { TOPIC_DEFAULTS } from './config'
import type { PartitionState, TopicState } from './model'
import { applyRetention, newLog } from './partition-log'

/** Kafka's internal topic of committed offsets; the leader of a group's partition of it is the group's coordinator. */
export const OFFSETS_TOPIC = '__consumer_offsets'

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
 * Replica placement as KRaft's StripedReplicaPlacer does it without racks: a random starting broker,
 * then each partition's leader is the next broker round the (sorted) ring and its followers the
 * brokers after it; after every full turn the ring is shuffled. Brokers that are down are skipped.
 */
function placeReplicas(sim: Sim, count: number, replicationFactor: number): number[][] {
  let ring = liveBrokerIds(sim).sort((a, b) => a - b)
  let start = sim.rand('placement', ring.length)
  const out: number[][] = []
  for (let k = 0; k < count; k++) {
    if (k > 0 && k % ring.length === 0 && ring.length > 1) {
      ring = shuffle(sim, ring)
      start = 0
    }
    const first = (start + k) % ring.length
    const replicas: number[] = []
    for (let r = 0; r < replicationFactor; r++) replicas.push(ring[(first + r) % ring.length] as number)
    out.push(replicas)
  }
  return out
}

function shuffle(sim: Sim, list: number[]): number[] {
  const a = [...list]
  for (let i = a.length - 1; i > 0; i--) {
    const j = sim.rand('placement', i + 1)
    ;[a[i], a[j]] = [a[j] as number, a[i] as number]
  }
  return a
}

function newPartition(sim: Sim, topic: string, partition: number, replicas: number[]): PartitionState {
  const replicaState: PartitionState['replicaState'] = {}
  for (const b of replicas) replicaState[b] = { leo: 0, leoSeenByLeader: 0, lastCaughtUp: sim.s.now, lastFetchLeaderLeo: 0, lastFetchTime: sim.s.now, epoch: 0 }
  return {
    topic,
    partition,
    replicas,
    leader: replicas[0] ?? -1,
    leaderEpoch: 0,
    epochStarts: [{ epoch: 0, startOffset: 0 }],
    isr: [...replicas],
    log: newLog(),
    highWatermark: 0,
    replicaState,
    parkedFetches: [],
    parkedReplicaFetches: [],
    pendingAcks: [],
    producerBatches: {},
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
  internal = false,
): TopicState {
  const invalid = validateTopicName(name)
  if (invalid) throw new KafkaRefusal('INVALID_TOPIC_EXCEPTION', invalid)
  if (sim.topic(name)) throw new KafkaRefusal('TOPIC_ALREADY_EXISTS', `Topic '${name}' already exists.`)
  if (replicationFactor === -1) replicationFactor = sim.s.cluster.broker['default.replication.factor']
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new KafkaRefusal('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0, or -1 to use the default value.')
  }
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new KafkaRefusal('INVALID_PARTITIONS', 'Number of partitions was set to an invalid non-positive value.')
  }
  const brokers = liveBrokerIds(sim)
  if (replicationFactor > brokers.length) {
    throw new KafkaRefusal(
      'INVALID_REPLICATION_FACTOR',
      `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ${replicationFactor} cannot be reached because only ${brokers.length} broker(s) are registered.`,
    )
  }
  const topic: TopicState = {
    name,
    config: { ...TOPIC_DEFAULTS, ...config },
    partitions: [],
    internal,
    lost: { acked: 0, unacked: 0 },
  }
  placeReplicas(sim, partitions, replicationFactor).forEach((replicas, p) => topic.partitions.push(newPartition(sim, name, p, replicas)))
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
      `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only ${brokers.length} broker(s) are registered.`,
    )
  }
  placeReplicas(sim, newTotal - current, rf).forEach((replicas, i) => topic.partitions.push(newPartition(sim, name, current + i, replicas)))
  sim.emit({ type: 'partitionsAdded', topic: name, from: current, to: newTotal })
  sim.touch()
}

/** The periodic retention check (log.retention.check.interval.ms) on every partition. */
export function onRetentionCheck(sim: Sim): void {
  for (const topic of sim.s.topics) {
    const policy = { retentionMs: topic.config['retention.ms'], retentionBytes: topic.config['retention.bytes'] }
    if (topic.internal) continue
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

