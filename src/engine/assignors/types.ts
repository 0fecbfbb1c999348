/** A partition of a topic, named the Kafka way: `user-activity-0` is `{ topic: 'user-activity', partition: 0 }`. */
export type TopicPartition = { topic: string; partition: number }

/** What a member reports in JoinGroup: its subscription and, for the sticky assignors, what it owns. */
export type MemberSubscription = {
  memberId: string
  /** `group.instance.id` of a static member (KIP-345). */
  instanceId?: string
  topics: string[]
  /** Partitions the member owned, as reported in JoinGroup (`ownedPartitions`). */
  owned?: TopicPartition[]
  /** The generation in which it owned them; absent or -1 means none. */
  generation?: number
}

/** The `partition.assignment.strategy` names, as Java's assignors return from `name()`. */
export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky'

export const ASSIGNOR_NAMES: readonly AssignorName[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky']

/** memberId -> the partitions it is assigned. Every member is present, possibly with no partitions. */
export type Assignment = Record<string, TopicPartition[]>

/** topic -> number of partitions; topics without metadata are simply absent. */
export type PartitionsPerTopic = Record<string, number>

// Partition names are interned: hot paths look them up instead of building a string each time.
const names = new Map<string, string[]>()

/** The Kafka name of a partition: `user-activity-0`. */
export function tpName(topic: string, partition: number): string {
  let list = names.get(topic)
  if (list === undefined) {
    if (names.size > 10_000) names.clear()
    names.set(topic, (list = []))
  }
  return (list[partition] ??= `${topic}-${partition}`)
}

export function tpKey(tp: TopicPartition): string {
  return tpName(tp.topic, tp.partition)
}

/** Java's `TopicPartition` order used by the assignors' sorted collections: topic, then partition. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1
  return a.partition - b.partition
}

/** Plain string order, as Java's `String.compareTo` on the ASCII ids Kafka generates. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
