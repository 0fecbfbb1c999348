/**
 * Every state change in the simulation is one of these events, stamped with simulated time.
 * `describeEvent` turns each into the plain sentence the event log shows.
 */
import type { AssignorName } from './assignors/types'
import type { GroupStateName } from './model'

type E<T extends string, F> = { t: number; type: T } & F

export type SimEvent =
  | E<'brokerStarted', { broker: number }>
  | E<'brokerKilled', { broker: number; fencedAfterMs: number }>
  | E<'brokerFenced', { broker: number }>
  | E<'brokerRestarted', { broker: number }>
  | E<'brokerSlow', { broker: number; slow: boolean }>
  | E<'leaderElected', { topic: string; partition: number; leader: number; previous: number; epoch: number; kind: 'clean' | 'unclean' | 'preferred' | 'returned'; reason: string }>
  | E<'partitionOffline', { topic: string; partition: number; reason: string }>
  | E<'isrChanged', { topic: string; partition: number; isr: number[]; change: string }>
  /** A returning replica drops what it held beyond the point its log diverged from the new leader's. */
  | E<'replicaTruncated', { topic: string; partition: number; broker: number; from: number; to: number; leader: number }>
  | E<'recordsLost', { topic: string; partition: number; from: number; to: number; acked: number; leader: number }>
  | E<'coordinatorMoved', { group: string; broker: number }>
  | E<'coordinatorFound', { group: string; consumer: string; broker: number }>
  | E<'topicCreated', { topic: string; partitions: number; replicationFactor: number }>
  | E<'partitionsAdded', { topic: string; from: number; to: number }>
  | E<'topicConfigChanged', { topic: string; setting: string; value: string }>
  | E<'brokerConfigChanged', { setting: string; value: string }>
  | E<'commandRefused', { command: string; error: string; message: string }>
  | E<'producerStarted', { producer: string; topic: string }>
  /** `note`: a consequence Kafka reports, e.g. idempotence turned off because acks is not all. */
  | E<'producerChanged', { producer: string; setting: string; value: string; note?: string }>
  | E<'producerFinished', { producer: string; records: number }>
  | E<'recordsAppended', { producer: string; topic: string; partition: number; baseOffset: number; count: number; broker: number }>
  | E<'produceAcked', { producer: string; topic: string; partition: number; baseOffset: number; count: number; batch: number; latencyMs: number }>
  | E<'produceFailed', { producer: string; topic: string; partition: number; count: number; error: string; retrying: boolean }>
  | E<'metadataUpdated', { client: string; topic: string; partitions: number }>
  | E<'consumerStarted', { consumer: string; group: string; topics: string[] }>
  | E<'consumerCrashed', { consumer: string; group: string }>
  | E<'consumerClosed', { consumer: string; group: string; reason: string }>
  | E<'consumerChanged', { consumer: string; group: string; setting: string; value: string }>
  | E<'groupStateChanged', { group: string; from: GroupStateName; to: GroupStateName; reason: string }>
  | E<'memberJoined', { group: string; consumer: string; memberId: string }>
  | E<'memberRemoved', { group: string; consumer: string; memberId: string; reason: string }>
  | E<'generationStarted', { group: string; generation: number; protocol: AssignorName | null; leader: string | null; members: string[] }>
  | E<'assignmentSynced', { group: string; generation: number; assignment: Record<string, string[]> }>
  | E<'partitionsRevoked', { group: string; consumer: string; partitions: string[] }>
  | E<'partitionsLost', { group: string; consumer: string; partitions: string[] }>
  | E<'partitionsAssigned', { group: string; consumer: string; partitions: string[] }>
  /** KIP-320: the consumer's position was past where its leader epoch ended on the new leader; it seeks back. */
  | E<'truncationDetected', { group: string; consumer: string; partition: string; position: number; offset: number }>
  | E<'positionSet', { group: string; consumer: string; partition: string; offset: number; from: 'committed' | 'earliest' | 'latest'; reason: string; skipped: number }>
  | E<'recordsProcessed', { group: string; consumer: string; topic: string; partition: number; from: number; to: number; duplicates: number }>
  | E<'offsetsCommitted', { group: string; consumer: string; offsets: Record<string, number> }>
  | E<'commitFailed', { group: string; consumer: string; error: string }>
  /** `leaves`: a dynamic member sends LeaveGroup; a static one (group.instance.id) sends nothing. */
  | E<'pollTimeoutExpired', { group: string; consumer: string; maxPollIntervalMs: number; leaves: boolean }>
  | E<'consumerError', { group: string; consumer: string; error: string; message: string }>
  | E<'segmentsDeleted', { topic: string; partition: number; records: number; logStartOffset: number }>

export type SimEventType = SimEvent['type']
/** An event before the simulation stamps it with the time. */
export type SimEventInput = SimEvent extends infer U ? (U extends SimEvent ? Omit<U, 't'> : never) : never

/** "user-activity-0,1 and orders-2" style list of partitions. */
export function formatPartitions(keys: string[]): string {
  if (keys.length === 0) return 'nothing'
  const byTopic = new Map<string, string[]>()
  for (const k of keys) {
    const i = k.lastIndexOf('-')
    const topic = k.slice(0, i)
    const list = byTopic.get(topic) ?? []
    list.push(k.slice(i + 1))
    byTopic.set(topic, list)
  }
  return [...byTopic].map(([topic, ps]) => `${topic}-${ps.join(',')}`).join(' and ')
}

/** Ends a quoted message with one full stop (Kafka's own messages sometimes end with one already). */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function range(from: number, to: number): string {
  return from === to ? `offset ${from}` : `offsets ${from}-${to}`
}

const LEADER_KIND = {
  clean: 'an in-sync replica',
  unclean: 'UNCLEAN: an out-of-sync replica, so records are lost',
  preferred: 'the preferred replica',
  returned: 'a replica that came back',
} as const

/** The event as one plain-language sentence, for the event log. */
export function describeEvent(e: SimEvent): string {
  switch (e.type) {
    case 'brokerStarted':
      return `Broker ${e.broker} started.`
    case 'brokerKilled':
      return `Broker ${e.broker} died. The controller will notice after broker.session.timeout.ms (${e.fencedAfterMs} ms) without its heartbeats.`
    case 'brokerFenced':
      return `The controller fenced broker ${e.broker}: it leaves every ISR, and the partitions it led need new leaders.`
    case 'brokerRestarted':
      return `Broker ${e.broker} restarted; its replicas catch up from their leaders.`
    case 'brokerSlow':
      return e.slow ? `Broker ${e.broker} is slow: its follower replicas stop keeping up with their leaders.` : `Broker ${e.broker} is back to normal speed.`
    case 'leaderElected':
      // A returning broker's reason already says what happened ("it was the last in-sync replica and came back").
      return e.kind === 'returned'
        ? `${e.topic}-${e.partition}: broker ${e.leader} leads again (epoch ${e.epoch}) because ${e.reason}.`
        : `${e.topic}-${e.partition}: broker ${e.leader} is the new leader (epoch ${e.epoch}, ${LEADER_KIND[e.kind]}) because ${e.reason}.`
    case 'partitionOffline':
      return `${e.topic}-${e.partition} is offline: ${e.reason}. Nobody can write to it or read from it.`
    case 'isrChanged':
      return `${e.topic}-${e.partition} ISR is now [${e.isr.join(', ')}]: ${e.change}.`
    case 'recordsLost':
      return `${e.topic}-${e.partition} lost ${range(e.from, e.to)}: the new leader, broker ${e.leader}, never had ${e.from === e.to ? 'it' : 'them'}${e.acked > 0 ? `, and ${plural(e.acked, 'record was', 'records were')} acknowledged to a producer` : ''}.`
    case 'coordinatorMoved':
      return e.broker >= 0 ? `The coordinator of ${e.group} moved to broker ${e.broker}.` : `${e.group} has no coordinator: its __consumer_offsets partition is offline.`
    case 'coordinatorFound':
      return `${e.consumer} found the coordinator of ${e.group} on broker ${e.broker}.`
    case 'topicCreated':
      return `Topic ${e.topic} created with ${plural(e.partitions, 'partition')} (replication factor ${e.replicationFactor}).`
    case 'partitionsAdded':
      return `${e.topic} grew from ${e.from} to ${plural(e.to, 'partition')}. Producers keep hashing keys over ${e.from} partitions until their next metadata refresh (metadata.max.age.ms); from then on over ${e.to}, so some keys move.`
    case 'topicConfigChanged':
      return `Topic ${e.topic}: ${e.setting} set to ${e.value}.`
    case 'brokerConfigChanged':
      return `Every broker: ${e.setting} set to ${e.value}.`
    case 'commandRefused':
      return `Refused: ${e.message} (${e.error})`
    case 'producerStarted':
      return `${e.producer} started sending to ${e.topic}.`
    case 'producerChanged':
      return `${e.producer}: ${e.setting} set to ${e.value}.${e.note ? ` ${e.note}` : ''}`
    case 'producerFinished':
      return `${e.producer} has sent all ${plural(e.records, 'record')}.`
    case 'recordsAppended':
      return `${e.topic}-${e.partition} appended ${plural(e.count, 'record')} from ${e.producer} at ${range(e.baseOffset, e.baseOffset + e.count - 1)} (leader: broker ${e.broker}).`
    case 'produceAcked':
      return `${e.producer} got the acknowledgement for ${e.topic}-${e.partition} ${range(e.baseOffset, e.baseOffset + e.count - 1)} after ${e.latencyMs} ms.`
    case 'produceFailed':
      // NOT_ENOUGH_REPLICAS_AFTER_APPEND: the leader did write the records; the ISR shrank below
      // min.insync.replicas before they were replicated, so they are not acknowledged.
      return e.error === 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'
        ? `${e.producer}'s ${plural(e.count, 'record')} ${e.count === 1 ? 'was' : 'were'} written to ${e.topic}-${e.partition} but not acknowledged: NOT_ENOUGH_REPLICAS_AFTER_APPEND (the ISR shrank below min.insync.replicas)${e.retrying ? '; retrying' : '; giving up'}.`
        : `${e.producer} could not write ${plural(e.count, 'record')} to ${e.topic}-${e.partition}: ${e.error}${e.retrying ? '; retrying' : '; giving up'}.`
    case 'metadataUpdated':
      return `${e.client} refreshed its metadata: ${e.topic} has ${plural(e.partitions, 'partition')}.`
    case 'consumerStarted':
      return `${e.consumer} started in group ${e.group}, subscribed to ${e.topics.join(', ')}.`
    case 'consumerCrashed':
      return `${e.consumer} crashed: it stops heartbeating, and ${e.group} notices only after session.timeout.ms.`
    case 'consumerClosed':
      return `${e.consumer} closed (${e.reason}).`
    case 'consumerChanged':
      return `${e.consumer}: ${e.setting} set to ${e.value}.`
    case 'groupStateChanged':
      return `${e.group}: ${e.from} -> ${e.to} (${e.reason}).`
    case 'memberJoined':
      return `${e.consumer} joined ${e.group} as member ${e.memberId}.`
    case 'memberRemoved':
      return `${e.consumer} was removed from ${e.group}: ${e.reason}.`
    case 'generationStarted':
      return e.members.length === 0
        ? `${e.group} is empty at generation ${e.generation}.`
        : `${e.group} generation ${e.generation}: ${plural(e.members.length, 'member')} (${e.members.join(', ')}), leader ${e.leader}, assignor ${e.protocol}.`
    case 'assignmentSynced': {
      const parts = Object.entries(e.assignment).map(([c, ps]) => `${formatPartitions(ps)} -> ${c}`)
      return `${e.group} generation ${e.generation} assignment: ${parts.join('; ')}.`
    }
    case 'partitionsRevoked':
      return `${e.consumer} gave up ${formatPartitions(e.partitions)} (onPartitionsRevoked).`
    case 'partitionsLost':
      return `${e.consumer} lost ${formatPartitions(e.partitions)} without committing (onPartitionsLost).`
    case 'partitionsAssigned':
      return `${e.consumer} was assigned ${formatPartitions(e.partitions)} (onPartitionsAssigned).`
    case 'replicaTruncated':
      return `Broker ${e.broker} came back with ${e.topic}-${e.partition} up to offset ${e.from - 1}, but its log diverged from the new leader's (broker ${e.leader}) at offset ${e.to}: it truncates to ${e.to} and copies the rest from the leader.`
    case 'truncationDetected':
      return `${e.consumer} found ${e.partition} truncated below its position ${e.position} (a new leader that never had those records): it goes back to offset ${e.offset}, the first offset known to diverge, and reads what the new leader wrote there.`
    case 'positionSet':
      return e.from === 'committed'
        ? `${e.consumer} resumes ${e.partition} at committed offset ${e.offset}.`
        : `${e.consumer} starts ${e.partition} at offset ${e.offset}: ${e.reason}, so auto.offset.reset=${e.from} applies${e.skipped > 0 ? ` (${plural(e.skipped, 'record')} skipped)` : ''}.`
    case 'recordsProcessed':
      return `${e.consumer} processed ${e.topic}-${e.partition} ${range(e.from, e.to)}${e.duplicates > 0 ? ` (${plural(e.duplicates, 'duplicate')}: processed before, never committed)` : ''}.`
    case 'offsetsCommitted':
      return `${e.consumer} committed ${Object.entries(e.offsets)
        .map(([tp, o]) => `${tp}@${o}`)
        .join(', ')} for ${e.group}.`
    case 'commitFailed':
      return `${e.consumer}'s commit was rejected: ${sentence(e.error)}`
    case 'pollTimeoutExpired':
      return e.leaves
        ? `${e.consumer} did not call poll() within max.poll.interval.ms (${e.maxPollIntervalMs} ms): it leaves ${e.group}.`
        : `${e.consumer} did not call poll() within max.poll.interval.ms (${e.maxPollIntervalMs} ms). As a static member it sends no LeaveGroup: ${e.group} keeps it until session.timeout.ms passes without heartbeats, and it rejoins on its next poll().`
    case 'consumerError':
      return `${e.consumer} failed with ${e.error}: ${sentence(e.message)}`
    case 'segmentsDeleted':
      return `Retention deleted ${plural(e.records, 'record')} from ${e.topic}-${e.partition}; the log now starts at offset ${e.logStartOffset}.`
  }
}
