import type { MemberSubscription, TopicPartition } from './types'
import { compareStrings, tpKey } from './types'
import { JavaTopicPartitionHashSet } from './java-hash'

// The general path of Java's AbstractStickyAssignor (GeneralAssignmentBuilder, no racks), taken when
// the members' subscriptions differ: keep every still-valid claim, hand out the free partitions one by
// one to the least loaded subscriber, then move partitions from heavier to lighter members until no
// move can improve the balance, preferring moves that undo earlier moves (PartitionMovements).

type Owner = { consumer: string; generation: number }

/** What the general path needs from the shared preparation in sticky.ts. */
export type GeneralInput = {
  /** Topic -> partition count, for the subscribed topics that have metadata. */
  counts: Map<string, number>
  /** Members in the order Java iterates its `HashMap<String, Subscription>`. */
  order: string[]
  subscriptions: Map<string, MemberSubscription>
  /** Each member's claims that survived the generation checks, in Java's iteration order. */
  owned: Map<string, TopicPartition[]>
  maxGeneration: number
  generationOf: (memberId: string) => number
  /** A claim's partition still exists (see `isValidClaim` in sticky.ts). */
  isValidClaim: (tp: TopicPartition) => boolean
}

/** Java's `TreeSet<String>` of members ordered by (number of assigned partitions, member id). */
class MembersByLoad {
  private readonly list: string[] = []
  private readonly sizeAtInsert = new Map<string, number>()

  constructor(private readonly sizeOf: (member: string) => number) {}

  private compare(aSize: number, a: string, bSize: number, b: string): number {
    return aSize !== bSize ? aSize - bSize : compareStrings(a, b)
  }

  add(member: string): void {
    if (this.sizeAtInsert.has(member)) return
    const size = this.sizeOf(member)
    let lo = 0
    let hi = this.list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const other = this.list[mid] as string
      if (this.compare(this.sizeAtInsert.get(other) ?? 0, other, size, member) < 0) lo = mid + 1
      else hi = mid
    }
    this.list.splice(lo, 0, member)
    this.sizeAtInsert.set(member, size)
  }

  remove(member: string): void {
    if (!this.sizeAtInsert.delete(member)) return
    const index = this.list.indexOf(member)
    if (index >= 0) this.list.splice(index, 1)
  }

  first(): string | undefined {
    return this.list[0]
  }

  last(): string | undefined {
    return this.list[this.list.length - 1]
  }

  /** A snapshot, so callers may modify the set while walking it (they stop right after). */
  [Symbol.iterator](): Iterator<string> {
    return [...this.list][Symbol.iterator]()
  }
}

/** Java's `PartitionMovements`: the net moves of this rebalance, used to prefer undoing a move. */
class PartitionMovements {
  private readonly byPartition = new Map<string, { src: string; dst: string }>()
  private readonly byTopic = new Map<string, Map<string, JavaTopicPartitionHashSet>>()

  private static pairKey(src: string, dst: string): string {
    return `${src}\u0000${dst}`
  }

  private removeRecord(tp: TopicPartition): { src: string; dst: string } | undefined {
    const key = tpKey(tp)
    const pair = this.byPartition.get(key)
    if (pair === undefined) return undefined
    this.byPartition.delete(key)
    const forTopic = this.byTopic.get(tp.topic)
    const pk = PartitionMovements.pairKey(pair.src, pair.dst)
    const set = forTopic?.get(pk)
    if (forTopic !== undefined && set !== undefined) {
      set.delete(tp)
      if (set.size === 0) forTopic.delete(pk)
      if (forTopic.size === 0) this.byTopic.delete(tp.topic)
    }
    return pair
  }

  private addRecord(tp: TopicPartition, src: string, dst: string): void {
    this.byPartition.set(tpKey(tp), { src, dst })
    let forTopic = this.byTopic.get(tp.topic)
    if (forTopic === undefined) {
      forTopic = new Map()
      this.byTopic.set(tp.topic, forTopic)
    }
    const pk = PartitionMovements.pairKey(src, dst)
    let set = forTopic.get(pk)
    if (set === undefined) {
      set = new JavaTopicPartitionHashSet()
      forTopic.set(pk, set)
    }
    set.add(tp)
  }

  movePartition(tp: TopicPartition, oldConsumer: string, newConsumer: string): void {
    const existing = this.removeRecord(tp)
    if (existing === undefined) this.addRecord(tp, oldConsumer, newConsumer)
    else if (existing.src !== newConsumer) this.addRecord(tp, existing.src, newConsumer)
  }

  /**
   * If some partition of the same topic earlier moved the opposite way (from `newConsumer` to the
   * partition's original owner), move that one back instead. Which one, when several did, is the
   * first of a Java `HashSet<TopicPartition>`: hash order, reproduced by JavaTopicPartitionHashSet.
   */
  actualPartitionToMove(tp: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const forTopic = this.byTopic.get(tp.topic)
    if (forTopic === undefined) return tp
    const earlier = this.byPartition.get(tpKey(tp))
    const src = earlier !== undefined ? earlier.src : oldConsumer
    const reverse = forTopic.get(PartitionMovements.pairKey(newConsumer, src))
    return reverse?.first() ?? tp
  }
}

/** Sum over all pairs of members of the difference of their partition counts (Java's balance score). */
function balanceScore(assignment: Map<string, TopicPartition[]>): number {
  const sizes = [...assignment.values()].map((list) => list.length).sort((a, b) => a - b)
  let score = 0
  sizes.forEach((size, i) => {
    score += size * (2 * i - sizes.length + 1)
  })
  return score
}

function copyAssignment(assignment: Map<string, TopicPartition[]>): Map<string, TopicPartition[]> {
  const copy = new Map<string, TopicPartition[]>()
  for (const [member, list] of assignment) copy.set(member, [...list])
  return copy
}

function removeFirst(list: TopicPartition[], tp: TopicPartition): void {
  const index = list.findIndex((p) => p.topic === tp.topic && p.partition === tp.partition)
  if (index >= 0) list.splice(index, 1)
}

/** Runs Java's general sticky assignment. Returns member -> partitions for every member. */
export function generalAssign(input: GeneralInput): Map<string, TopicPartition[]> {
  const { counts, order, subscriptions } = input
  let currentAssignment = input.owned
  const totalPartitions = [...counts.values()].reduce((a, b) => a + b, 0)

  const topicConsumers = new Map<string, string[]>()
  for (const topic of counts.keys()) topicConsumers.set(topic, [])
  // A subscription listing a topic twice counts twice here, as in Java.
  const consumerTopics = new Map<string, string[]>()
  const consumerTopicSet = new Map<string, Set<string>>()
  for (const consumer of order) {
    const topics = (subscriptions.get(consumer)?.topics ?? []).filter((topic) => counts.has(topic))
    consumerTopics.set(consumer, topics)
    consumerTopicSet.set(consumer, new Set(topics))
    for (const topic of topics) topicConsumers.get(topic)?.push(consumer)
    if (!currentAssignment.has(consumer)) currentAssignment.set(consumer, [])
  }
  const subscribes = (consumer: string, topic: string): boolean => consumerTopicSet.get(consumer)?.has(topic) ?? false
  const potentialCount = (topic: string): number => topicConsumers.get(topic)?.length ?? 0
  const sizeOf = (consumer: string): number => currentAssignment.get(consumer)?.length ?? 0

  let currentPartitionConsumer = new Map<string, string>()
  for (const [consumer, list] of currentAssignment) for (const tp of list) currentPartitionConsumer.set(tpKey(tp), consumer)

  // Topics with fewer potential consumers first, then by name; partitions in numeric order.
  const sortedAllTopics = [...counts.keys()].sort((a, b) => potentialCount(a) - potentialCount(b) || compareStrings(a, b))
  let sortedAllPartitions: TopicPartition[] = []
  for (const topic of sortedAllTopics) {
    const count = counts.get(topic) ?? 0
    for (let partition = 0; partition < count; partition++) sortedAllPartitions.push({ topic, partition })
  }

  // prevAssignment: for partitions also claimed in an older generation, the newest older claimant.
  const prevAssignment = new Map<string, Owner>()
  for (const consumer of order) {
    const generation = input.generationOf(consumer)
    if (!(generation < input.maxGeneration)) continue
    for (const tp of subscriptions.get(consumer)?.owned ?? []) {
      if (!input.isValidClaim(tp)) continue
      const key = tpKey(tp)
      const existing = prevAssignment.get(key)
      if (existing === undefined || generation > existing.generation) prevAssignment.set(key, { consumer, generation })
    }
  }

  // Keep the claims of topics the member still subscribes to.
  let revocationRequired = false
  const assigned = new Set<string>()
  for (const [consumer, list] of currentAssignment) {
    const kept = list.filter((tp) => {
      if (!counts.has(tp.topic)) {
        currentPartitionConsumer.delete(tpKey(tp))
        return false
      }
      if (!(subscriptions.get(consumer)?.topics ?? []).includes(tp.topic)) {
        revocationRequired = true
        return false
      }
      assigned.add(tpKey(tp))
      return true
    })
    list.splice(0, list.length, ...kept)
  }
  let unassignedPartitions =
    assigned.size === 0 ? sortedAllPartitions : sortedAllPartitions.filter((tp) => !assigned.has(tpKey(tp)))

  const sorted = new MembersByLoad(sizeOf)
  for (const consumer of currentAssignment.keys()) sorted.add(consumer)
  const movements = new PartitionMovements()

  const getMaxAssignmentSize = (topics: string[]): number =>
    topics.length === counts.size ? totalPartitions : topics.reduce((sum, topic) => sum + (counts.get(topic) ?? 0), 0)

  // Same answer as Java's isBalanced, without its consumers x partitions scan: a member is short of
  // balance if some topic it subscribes to has a partition held by a member with 2+ more partitions.
  const isBalanced = (): boolean => {
    const first = sorted.first()
    const last = sorted.last()
    if (first === undefined || last === undefined) return true
    if (sizeOf(first) >= sizeOf(last) - 1) return true
    const heaviestHolder = new Map<string, number>()
    for (const list of currentAssignment.values()) {
      for (const tp of list) heaviestHolder.set(tp.topic, Math.max(heaviestHolder.get(tp.topic) ?? 0, list.length))
    }
    for (const consumer of sorted) {
      const size = sizeOf(consumer)
      const topics = consumerTopics.get(consumer) ?? []
      if (size === getMaxAssignmentSize(topics)) continue
      for (const topic of topics) if ((heaviestHolder.get(topic) ?? 0) > size + 1) return false
    }
    return true
  }

  const canConsumerParticipate = (consumer: string): boolean => {
    const partitions = currentAssignment.get(consumer) ?? []
    if (partitions.length < getMaxAssignmentSize(consumerTopics.get(consumer) ?? [])) return true
    return partitions.some((tp) => potentialCount(tp.topic) >= 2)
  }

  const processPartitionMovement = (tp: TopicPartition, newConsumer: string): void => {
    const oldConsumer = currentPartitionConsumer.get(tpKey(tp))
    if (oldConsumer === undefined) return
    sorted.remove(oldConsumer)
    sorted.remove(newConsumer)
    movements.movePartition(tp, oldConsumer, newConsumer)
    const from = currentAssignment.get(oldConsumer)
    if (from !== undefined) removeFirst(from, tp)
    currentAssignment.get(newConsumer)?.push(tp)
    currentPartitionConsumer.set(tpKey(tp), newConsumer)
    sorted.add(newConsumer)
    sorted.add(oldConsumer)
  }

  const reassignPartitionTo = (tp: TopicPartition, newConsumer: string): void => {
    const consumer = currentPartitionConsumer.get(tpKey(tp))
    if (consumer === undefined) return
    processPartitionMovement(movements.actualPartitionToMove(tp, consumer, newConsumer), newConsumer)
  }

  const reassignPartition = (tp: TopicPartition): void => {
    for (const candidate of sorted) {
      if (subscribes(candidate, tp.topic)) {
        reassignPartitionTo(tp, candidate)
        return
      }
    }
  }

  const performReassignments = (reassignable: TopicPartition[]): boolean => {
    let performed = false
    let modified: boolean
    do {
      modified = false
      for (const tp of reassignable) {
        if (isBalanced()) break
        const consumer = currentPartitionConsumer.get(tpKey(tp))
        if (consumer === undefined) continue
        const prev = prevAssignment.get(tpKey(tp))
        // Like Java, this does not check that the older claimant still subscribes to the topic: a
        // stale member that changed its subscription can be handed the partition (Java's bug; later
        // moves often, not always, take it away again). Where the claimant was set aside as fixed,
        // Java throws a NullPointerException; we skip the shortcut instead.
        if (prev !== undefined && currentAssignment.has(prev.consumer) && sizeOf(consumer) > sizeOf(prev.consumer) + 1) {
          reassignPartitionTo(tp, prev.consumer)
          performed = modified = true
          continue
        }
        for (const other of topicConsumers.get(tp.topic) ?? []) {
          if (sizeOf(consumer) > sizeOf(other) + 1) {
            reassignPartition(tp)
            performed = modified = true
            break
          }
        }
      }
    } while (modified)
    return performed
  }

  // balance()
  const lastConsumer = sorted.last()
  const initializing = lastConsumer === undefined || sizeOf(lastConsumer) === 0

  for (const tp of unassignedPartitions) {
    if (potentialCount(tp.topic) === 0) continue
    for (const consumer of sorted) {
      if (subscribes(consumer, tp.topic)) {
        sorted.remove(consumer)
        currentAssignment.get(consumer)?.push(tp)
        currentPartitionConsumer.set(tpKey(tp), consumer)
        sorted.add(consumer)
        break
      }
    }
  }

  // Partitions of topics with a single potential consumer, and members that cannot gain or lose
  // anything, take no part in the balancing.
  const fixedTopics = new Set([...counts.keys()].filter((topic) => potentialCount(topic) < 2))
  sortedAllPartitions = sortedAllPartitions.filter((tp) => !fixedTopics.has(tp.topic))
  unassignedPartitions = unassignedPartitions.filter((tp) => !fixedTopics.has(tp.topic))

  const fixedAssignments = new Map<string, TopicPartition[]>()
  for (const consumer of order) {
    if (!canConsumerParticipate(consumer)) {
      sorted.remove(consumer)
      fixedAssignments.set(consumer, currentAssignment.get(consumer) ?? [])
      currentAssignment.delete(consumer)
    }
  }

  const preBalanceAssignment = copyAssignment(currentAssignment)
  const preBalancePartitionConsumers = new Map(currentPartitionConsumer)

  // First try moving only the newly assigned partitions, unless a subscription change forces revocations.
  if (!revocationRequired) performReassignments(unassignedPartitions)
  const reassignmentPerformed = performReassignments(sortedAllPartitions)

  // Keep the result only if it is strictly better balanced than before the moves.
  if (!initializing && reassignmentPerformed && balanceScore(currentAssignment) >= balanceScore(preBalanceAssignment)) {
    currentAssignment = copyAssignment(preBalanceAssignment)
    currentPartitionConsumer = new Map(preBalancePartitionConsumers)
  }

  for (const [consumer, list] of fixedAssignments) currentAssignment.set(consumer, list)
  return currentAssignment
}
