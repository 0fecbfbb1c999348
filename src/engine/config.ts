/**
 * Kafka's configuration, by Kafka's own property names, with Kafka's defaults.
 *
 * Sources (apache/kafka): clients/.../consumer/ConsumerConfig.java, clients/.../producer/ProducerConfig.java,
 * group-coordinator/.../GroupCoordinatorConfig.java, server/.../config/ReplicationConfigs.java,
 * server-common/.../ServerLogConfigs.java, storage/.../log/LogConfig.java.
 * A lesson may shorten a time to make it watchable; the UI says so whenever a value differs from these.
 */
import type { AssignorName } from './assignors/types'

export type AutoOffsetReset = 'earliest' | 'latest' | 'none'
export type Acks = 'all' | '1' | '0'

export interface ConsumerConfig {
  'group.instance.id': string | null
  'session.timeout.ms': number
  'heartbeat.interval.ms': number
  'max.poll.interval.ms': number
  'max.poll.records': number
  'enable.auto.commit': boolean
  'auto.commit.interval.ms': number
  'auto.offset.reset': AutoOffsetReset
  /** In order of preference. Java's default is [range, cooperative-sticky], so a new group uses range, eagerly. */
  'partition.assignment.strategy': AssignorName[]
  'fetch.min.bytes': number
  'fetch.max.wait.ms': number
  'max.partition.fetch.bytes': number
  'metadata.max.age.ms': number
  'request.timeout.ms': number
  'retry.backoff.ms': number
}

export const CONSUMER_DEFAULTS: Readonly<ConsumerConfig> = {
  'group.instance.id': null,
  'session.timeout.ms': 45000,
  'heartbeat.interval.ms': 3000,
  'max.poll.interval.ms': 300000,
  'max.poll.records': 500,
  'enable.auto.commit': true,
  'auto.commit.interval.ms': 5000,
  'auto.offset.reset': 'latest',
  'partition.assignment.strategy': ['range', 'cooperative-sticky'],
  'fetch.min.bytes': 1,
  'fetch.max.wait.ms': 500,
  'max.partition.fetch.bytes': 1048576,
  'metadata.max.age.ms': 300000,
  'request.timeout.ms': 30000,
  'retry.backoff.ms': 100,
}

export interface ProducerConfig {
  acks: Acks
  'linger.ms': number
  'batch.size': number
  'max.in.flight.requests.per.connection': number
  'delivery.timeout.ms': number
  'request.timeout.ms': number
  /** The first retry waits this long; each further retry of the same batch waits twice as long (KIP-580). */
  'retry.backoff.ms': number
  /** The cap of that exponential backoff; a random jitter of +-20% is applied (CommonClientConfigs.RETRY_BACKOFF_JITTER). */
  'retry.backoff.max.ms': number
  'metadata.max.age.ms': number
  /**
   * Idempotence needs acks=all (ProducerConfig.postProcessAndValidateIdempotenceConfigs): set explicitly
   * with another acks it is refused; left at its default it is turned off.
   */
  'enable.idempotence': boolean
}

export const PRODUCER_DEFAULTS: Readonly<ProducerConfig> = {
  acks: 'all',
  'linger.ms': 5,
  'batch.size': 16384,
  'max.in.flight.requests.per.connection': 5,
  'delivery.timeout.ms': 120000,
  'request.timeout.ms': 30000,
  'retry.backoff.ms': 100,
  'retry.backoff.max.ms': 1000,
  'metadata.max.age.ms': 300000,
  'enable.idempotence': true,
}

/** ProducerConfig.postProcessAndValidateIdempotenceConfigs' ConfigException when enable.idempotence=true was asked for with acks other than all. */
export const IDEMPOTENCE_NEEDS_ACKS_ALL = 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.'

/**
 * enable.idempotence as the Java producer settles it when it is built
 * (ProducerConfig.postProcessAndValidateIdempotenceConfigs): set explicitly to true with acks other
 * than all it is an error; left at its default (true) with acks other than all it is turned off, and
 * the producer logs why. `explicit` says whether the application set it.
 */
export function resolveIdempotence(config: ProducerConfig, explicit: boolean): { error: string } | { idempotence: boolean; note: string | null } {
  if (explicit) return config['enable.idempotence'] && config.acks !== 'all' ? { error: IDEMPOTENCE_NEEDS_ACKS_ALL } : { idempotence: config['enable.idempotence'], note: null }
  if (config.acks === 'all') return { idempotence: true, note: null }
  return { idempotence: false, note: `Idempotence will be disabled because acks is set to ${config.acks}, not set to 'all'.` }
}

/**
 * The lowest value Kafka's ConfigDef accepts for a numeric setting (its atLeast(...) validators, in
 * LogConfig, ServerLogConfigs, ReplicationConfigs, GroupCoordinatorConfig, ConsumerConfig and
 * ProducerConfig); -1 means "no limit" for retention. Settings not listed must be at least 0.
 */
export const CONFIG_MINIMUM: Readonly<Record<string, number>> = {
  'retention.ms': -1,
  'retention.bytes': -1,
  'segment.bytes': 14,
  'segment.ms': 1,
  'min.insync.replicas': 1,
  'log.retention.check.interval.ms': 1,
  'leader.imbalance.check.interval.seconds': 1,
  'num.partitions': 1,
  'offsets.topic.num.partitions': 1,
  'offsets.topic.replication.factor': 1,
  'max.poll.records': 1,
  'max.poll.interval.ms': 1,
  'max.in.flight.requests.per.connection': 1,
}

/** The Java consumer's check when it is built (GroupRebalanceConfig / Heartbeat). */
export const HEARTBEAT_BELOW_SESSION = 'Heartbeat must be set lower than the session timeout'

/**
 * How often a periodic client timer fires. Kafka accepts 0 for heartbeat.interval.ms and
 * metadata.max.age.ms (the client then acts on every poll, at most once per round trip); the model
 * fires at most once per simulated millisecond.
 */
export function periodMs(ms: number): number {
  return Math.max(1, ms)
}

export function configMinimum(key: string): number {
  return CONFIG_MINIMUM[key] ?? 0
}

export interface TopicConfig {
  'retention.ms': number
  'retention.bytes': number
  'segment.bytes': number
  'segment.ms': number
  'min.insync.replicas': number
  'unclean.leader.election.enable': boolean
}

export const TOPIC_DEFAULTS: Readonly<TopicConfig> = {
  'retention.ms': 604800000,
  'retention.bytes': -1,
  'segment.bytes': 1073741824,
  'segment.ms': 604800000,
  'min.insync.replicas': 1,
  'unclean.leader.election.enable': false,
}

export interface BrokerConfig {
  'group.initial.rebalance.delay.ms': number
  'group.min.session.timeout.ms': number
  'group.max.session.timeout.ms': number
  'replica.lag.time.max.ms': number
  'replica.fetch.wait.max.ms': number
  'log.retention.check.interval.ms': number
  'num.partitions': number
  'default.replication.factor': number
  'offsets.topic.num.partitions': number
  'offsets.topic.replication.factor': number
  'broker.session.timeout.ms': number
  'auto.leader.rebalance.enable': boolean
  'leader.imbalance.check.interval.seconds': number
  'leader.imbalance.per.broker.percentage': number
}

export const BROKER_DEFAULTS: Readonly<BrokerConfig> = {
  'group.initial.rebalance.delay.ms': 3000,
  'group.min.session.timeout.ms': 6000,
  'group.max.session.timeout.ms': 1800000,
  'replica.lag.time.max.ms': 30000,
  'replica.fetch.wait.max.ms': 500,
  'log.retention.check.interval.ms': 300000,
  'num.partitions': 1,
  'default.replication.factor': 1,
  'offsets.topic.num.partitions': 50,
  'offsets.topic.replication.factor': 3,
  'broker.session.timeout.ms': 9000,
  'auto.leader.rebalance.enable': true,
  'leader.imbalance.check.interval.seconds': 300,
  'leader.imbalance.per.broker.percentage': 10,
}

/** The keys of a config whose value differs from Kafka's default: what the UI flags as "changed for teaching". */
export function changedFromDefault<T extends object>(config: T, defaults: Readonly<T>): (keyof T)[] {
  const out: (keyof T)[] = []
  for (const k of Object.keys(defaults) as (keyof T)[]) {
    if (JSON.stringify(config[k]) !== JSON.stringify(defaults[k])) out.push(k)
  }
  return out
}
