/**
 * Specification: Kafka's defaults are the engine's defaults (ConsumerConfig, ProducerConfig,
 * LogConfig, GroupCoordinatorConfig as of Kafka 4.0), and every event the engine emits can be told
 * as a plain sentence that names who did what.
 */
import { describe, expect, it } from 'vitest'
import { BROKER_DEFAULTS, changedFromDefault, CONSUMER_DEFAULTS, describeEvent, PRODUCER_DEFAULTS, TOPIC_DEFAULTS } from '../../src/engine'
import type { SimEvent, SimEventType } from '../../src/engine'
import { events, eventsOf, sim } from './helpers'
import { consumerSpec, groupOf, producerSpec } from './spec-helpers'

describe("Kafka's defaults", () => {
  it('consumer defaults are ConsumerConfig\'s (Kafka 4.0)', () => {
    expect(CONSUMER_DEFAULTS).toMatchObject({
      'group.instance.id': null,
      'session.timeout.ms': 45_000,
      'heartbeat.interval.ms': 3_000,
      'max.poll.interval.ms': 300_000,
      'max.poll.records': 500,
      'enable.auto.commit': true,
      'auto.commit.interval.ms': 5_000,
      'auto.offset.reset': 'latest',
      'partition.assignment.strategy': ['range', 'cooperative-sticky'],
      'fetch.min.bytes': 1,
      'fetch.max.wait.ms': 500,
      'max.partition.fetch.bytes': 1_048_576,
      'metadata.max.age.ms': 300_000,
      'request.timeout.ms': 30_000,
      'retry.backoff.ms': 100,
    })
  })

  it('producer defaults are ProducerConfig\'s (Kafka 4.0: acks=all, idempotence on, linger.ms=5 since KIP-1030)', () => {
    expect(PRODUCER_DEFAULTS).toMatchObject({
      acks: 'all',
      'linger.ms': 5,
      'batch.size': 16_384,
      'max.in.flight.requests.per.connection': 5,
      'delivery.timeout.ms': 120_000,
      'request.timeout.ms': 30_000,
      'retry.backoff.ms': 100,
      // KIP-580: CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MAX_MS
      'retry.backoff.max.ms': 1_000,
      'metadata.max.age.ms': 300_000,
      'enable.idempotence': true,
    })
  })

  it('topic defaults are LogConfig\'s: 7 days of retention, no size limit, 1 GiB / 7 day segments, min.insync.replicas=1, no unclean election', () => {
    expect(TOPIC_DEFAULTS).toMatchObject({
      'retention.ms': 604_800_000,
      'retention.bytes': -1,
      'segment.bytes': 1_073_741_824,
      'segment.ms': 604_800_000,
      'min.insync.replicas': 1,
      'unclean.leader.election.enable': false,
    })
  })

  it('broker defaults are GroupCoordinatorConfig\'s and the server\'s', () => {
    expect(BROKER_DEFAULTS).toMatchObject({
      'group.initial.rebalance.delay.ms': 3_000,
      'group.min.session.timeout.ms': 6_000,
      'group.max.session.timeout.ms': 1_800_000,
      'replica.lag.time.max.ms': 30_000,
      'log.retention.check.interval.ms': 300_000,
      'num.partitions': 1,
      'default.replication.factor': 1,
      'offsets.topic.num.partitions': 50,
      'offsets.topic.replication.factor': 3,
    })
  })

  it('clients and topics built without settings get exactly the defaults, and nothing is flagged as changed for teaching', () => {
    const s = sim({
      topics: [{ name: 't', partitions: 1 }],
      producers: [{ id: 'p', topic: 't' }],
      consumers: [{ id: 'c1', group: 'g', topics: ['t'] }],
    })
    expect(s.s.consumers[0]!.config).toEqual(CONSUMER_DEFAULTS)
    expect(s.s.producers[0]!.config).toEqual(PRODUCER_DEFAULTS)
    expect(s.s.topics[0]!.config).toEqual(TOPIC_DEFAULTS)
    expect(s.s.cluster.broker).toEqual(BROKER_DEFAULTS)
    expect(changedFromDefault(s.s.consumers[0]!.config, CONSUMER_DEFAULTS)).toEqual([])
    const lesson = sim({ topics: [{ name: 't' }], consumers: [{ id: 'c1', group: 'g', topics: ['t'], config: { 'session.timeout.ms': 10_000 } }] })
    expect(changedFromDefault(lesson.s.consumers[0]!.config, CONSUMER_DEFAULTS)).toEqual(['session.timeout.ms'])
  })

  it('a default consumer joins with session.timeout.ms 45000 and max.poll.interval.ms as its rebalance timeout', () => {
    const s = sim({ topics: [{ name: 't' }], consumers: [{ id: 'c1', group: 'g', topics: ['t'] }] })
    s.runUntil(5_000)
    expect(groupOf(s, 'g').members[0]).toMatchObject({ sessionTimeoutMs: 45_000, rebalanceTimeoutMs: 300_000 })
  })

  it('the coordinator refuses a session.timeout.ms outside group.min/max.session.timeout.ms (INVALID_SESSION_TIMEOUT), and the consumer fails', () => {
    const s = sim({ topics: [{ name: 't' }], consumers: [{ id: 'c1', group: 'g', topics: ['t'], config: { 'session.timeout.ms': 5_000 } }] })
    s.runUntil(5_000)
    expect(eventsOf(s, 'consumerError')[0]!.error).toMatch(/INVALID_SESSION_TIMEOUT|InvalidSessionTimeout/)
    expect(groupOf(s, 'g').members).toEqual([])
  })
})

/** One event of every type, as the engine would emit it. The Record type makes a new event type fail to compile here. */
const SAMPLES: { [K in SimEventType]: Extract<SimEvent, { type: K }> } = {
  brokerStarted: { t: 0, type: 'brokerStarted', broker: 2 },
  brokerKilled: { t: 0, type: 'brokerKilled', broker: 2, fencedAfterMs: 9_000 },
  brokerFenced: { t: 0, type: 'brokerFenced', broker: 2 },
  brokerRestarted: { t: 0, type: 'brokerRestarted', broker: 2 },
  brokerSlow: { t: 0, type: 'brokerSlow', broker: 2, slow: true },
  leaderElected: { t: 0, type: 'leaderElected', topic: 'orders', partition: 1, leader: 3, previous: 2, epoch: 4, kind: 'clean', reason: 'broker 2 was fenced' },
  partitionOffline: { t: 0, type: 'partitionOffline', topic: 'orders', partition: 1, reason: 'no in-sync replica is alive' },
  isrChanged: { t: 0, type: 'isrChanged', topic: 'orders', partition: 1, isr: [1, 3], change: 'broker 2 fell behind' },
  recordsLost: { t: 0, type: 'recordsLost', topic: 'orders', partition: 1, from: 40, to: 42, acked: 1, leader: 3 },
  coordinatorMoved: { t: 0, type: 'coordinatorMoved', group: 'billing', broker: 3 },
  coordinatorFound: { t: 0, type: 'coordinatorFound', group: 'billing', consumer: 'consumer-9', broker: 3 },
  topicCreated: { t: 0, type: 'topicCreated', topic: 'orders', partitions: 3, replicationFactor: 1 },
  partitionsAdded: { t: 0, type: 'partitionsAdded', topic: 'orders', from: 3, to: 5 },
  topicConfigChanged: { t: 0, type: 'topicConfigChanged', topic: 'orders', setting: 'min.insync.replicas', value: '2' },
  brokerConfigChanged: { t: 0, type: 'brokerConfigChanged', setting: 'replica.lag.time.max.ms', value: '10000' },
  commandRefused: { t: 0, type: 'commandRefused', command: 'addPartitions', error: 'INVALID_PARTITIONS', message: 'Topic already has 3 partition(s).' },
  producerStarted: { t: 0, type: 'producerStarted', producer: 'producer-7', topic: 'orders' },
  producerChanged: { t: 0, type: 'producerChanged', producer: 'producer-7', setting: 'rate', value: '5 records/s' },
  producerFinished: { t: 0, type: 'producerFinished', producer: 'producer-7', records: 10 },
  recordsAppended: { t: 0, type: 'recordsAppended', producer: 'producer-7', topic: 'orders', partition: 2, baseOffset: 40, count: 3, broker: 2 },
  produceAcked: { t: 0, type: 'produceAcked', producer: 'producer-7', topic: 'orders', partition: 2, baseOffset: 40, count: 3, batch: 1, latencyMs: 12 },
  produceFailed: { t: 0, type: 'produceFailed', producer: 'producer-7', topic: 'orders', partition: 2, count: 3, error: 'NOT_LEADER_OR_FOLLOWER', retrying: true },
  metadataUpdated: { t: 0, type: 'metadataUpdated', client: 'consumer-9', topic: 'orders', partitions: 5 },
  consumerStarted: { t: 0, type: 'consumerStarted', consumer: 'consumer-9', group: 'billing', topics: ['orders'] },
  consumerCrashed: { t: 0, type: 'consumerCrashed', consumer: 'consumer-9', group: 'billing' },
  consumerClosed: { t: 0, type: 'consumerClosed', consumer: 'consumer-9', group: 'billing', reason: 'closed by the learner' },
  consumerChanged: { t: 0, type: 'consumerChanged', consumer: 'consumer-9', group: 'billing', setting: 'processing time', value: '5 ms per record' },
  groupStateChanged: { t: 0, type: 'groupStateChanged', group: 'billing', from: 'Stable', to: 'PreparingRebalance', reason: 'consumer-9 joined' },
  memberJoined: { t: 0, type: 'memberJoined', group: 'billing', consumer: 'consumer-9', memberId: 'consumer-9-0a1b2c3d' },
  memberRemoved: { t: 0, type: 'memberRemoved', group: 'billing', consumer: 'consumer-9', memberId: 'consumer-9-0a1b2c3d', reason: 'it left' },
  generationStarted: { t: 0, type: 'generationStarted', group: 'billing', generation: 4, protocol: 'range', leader: 'consumer-9', members: ['consumer-9', 'consumer-10'] },
  assignmentSynced: { t: 0, type: 'assignmentSynced', group: 'billing', generation: 4, assignment: { 'consumer-9': ['orders-0'], 'consumer-10': ['orders-1'] } },
  partitionsRevoked: { t: 0, type: 'partitionsRevoked', group: 'billing', consumer: 'consumer-9', partitions: ['orders-0'] },
  partitionsLost: { t: 0, type: 'partitionsLost', group: 'billing', consumer: 'consumer-9', partitions: ['orders-0'] },
  partitionsAssigned: { t: 0, type: 'partitionsAssigned', group: 'billing', consumer: 'consumer-9', partitions: ['orders-0', 'orders-2'] },
  replicaTruncated: { t: 0, type: 'replicaTruncated', topic: 'orders', partition: 0, broker: 1, from: 120, to: 100, leader: 3 },
  truncationDetected: { t: 0, type: 'truncationDetected', group: 'billing', consumer: 'consumer-9', partition: 'orders-0', position: 1597, offset: 400 },
  positionSet: { t: 0, type: 'positionSet', group: 'billing', consumer: 'consumer-9', partition: 'orders-0', offset: 17, from: 'earliest', reason: 'no committed offset', skipped: 0 },
  recordsProcessed: { t: 0, type: 'recordsProcessed', group: 'billing', consumer: 'consumer-9', topic: 'orders', partition: 0, from: 17, to: 19, duplicates: 1 },
  offsetsCommitted: { t: 0, type: 'offsetsCommitted', group: 'billing', consumer: 'consumer-9', offsets: { 'orders-0': 20 } },
  commitFailed: { t: 0, type: 'commitFailed', group: 'billing', consumer: 'consumer-9', error: 'CommitFailedException' },
  pollTimeoutExpired: { t: 0, type: 'pollTimeoutExpired', group: 'billing', consumer: 'consumer-9', maxPollIntervalMs: 300_000, leaves: true },
  consumerError: { t: 0, type: 'consumerError', group: 'billing', consumer: 'consumer-9', error: 'NoOffsetForPartitionException', message: 'no committed offset for orders-0' },
  segmentsDeleted: { t: 0, type: 'segmentsDeleted', topic: 'orders', partition: 1, records: 100, logStartOffset: 100 },
}

/** Who the sentence must name: the clients, the broker, the group (for the coordinator's own events) and the partitions. */
function actors(e: SimEvent): string[] {
  const o = e as unknown as Record<string, unknown>
  const out: string[] = []
  for (const k of ['producer', 'consumer', 'client']) if (typeof o[k] === 'string') out.push(o[k] as string)
  if (typeof o.broker === 'number' && o.broker >= 0) out.push(`${o.broker}`)
  if (typeof o.leader === 'number' && o.leader >= 0) out.push(`${o.leader}`)
  if (typeof o.group === 'string' && (o.consumer === undefined || ['memberJoined', 'memberRemoved', 'consumerStarted', 'coordinatorFound'].includes(e.type))) out.push(o.group as string)
  if (typeof o.topic === 'string') out.push(typeof o.partition === 'number' ? `${o.topic}-${o.partition}` : (o.topic as string))
  if (typeof o.partition === 'string') out.push(o.partition)
  if (Array.isArray(o.partitions)) for (const p of o.partitions as string[]) out.push(p.slice(p.lastIndexOf('-') + 1))
  if (Array.isArray(o.members)) out.push(...(o.members as string[]))
  if (e.type === 'assignmentSynced') out.push(...Object.keys(e.assignment))
  if (e.type === 'commandRefused') out.push(e.message)
  return out
}

describe('describeEvent', () => {
  for (const [type, e] of Object.entries(SAMPLES) as [SimEventType, SimEvent][]) {
    it(`tells a ${type} event as one non-empty sentence that names its actors`, () => {
      const text = describeEvent(e)
      expect(text.trim().length).toBeGreaterThan(10)
      expect(text).not.toMatch(/undefined|NaN|\[object/)
      expect(text).toMatch(/[.)!]$/)
      for (const a of actors(e)) expect(text, `${type}: ${text}`).toContain(a)
    })
  }

  it('tells every event of a busy run (rebalances, commits, a crash, a refusal, retention) as such a sentence', () => {
    const s = sim({
      cluster: { brokers: 1, networkLatencyMs: 2, config: { 'log.retention.check.interval.ms': 2_000 } },
      topics: [{ name: 't', partitions: 3, config: { 'retention.ms': 8_000, 'segment.ms': 1_000 } }],
      producers: [producerSpec('p', 't', { rate: 20, keys: { mode: 'user-id' }, config: { 'metadata.max.age.ms': 5_000 } })],
      consumers: [
        consumerSpec('c1', { topics: ['t'], config: { 'metadata.max.age.ms': 5_000 } }),
        consumerSpec('c2', { topics: ['t'], processingMs: 300, config: { 'max.poll.interval.ms': 5_000, 'max.poll.records': 30 } }),
        consumerSpec('c3', { group: 'other', topics: ['t'], config: { 'auto.offset.reset': 'none' } }),
      ],
    })
    s.runUntil(10_000)
    s.dispatch({ type: 'addPartitions', topic: 't', count: 2 })
    s.dispatch({ type: 'addPartitions', topic: 't', count: 4 })
    s.dispatch({ type: 'crashConsumer', consumer: 'c1' })
    s.dispatch({ type: 'setProducerRate', producer: 'p', rate: 10 })
    s.runUntil(70_000)
    const seen = new Set(events(s).map((e) => e.type))
    for (const t of ['commandRefused', 'partitionsAdded', 'consumerCrashed', 'pollTimeoutExpired', 'partitionsLost', 'consumerError', 'segmentsDeleted', 'metadataUpdated', 'producerChanged', 'memberRemoved']) {
      expect(seen.has(t as SimEventType), t).toBe(true)
    }
    for (const e of events(s)) {
      const text = describeEvent(e)
      expect(text.trim().length).toBeGreaterThan(10)
      expect(text).not.toMatch(/undefined|NaN|\[object/)
      for (const a of actors(e)) expect(text, `${e.type}: ${text}`).toContain(a)
    }
  })
})
