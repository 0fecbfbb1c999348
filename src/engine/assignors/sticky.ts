import type { Assignment, MemberSubscription, PartitionsPerTopic, TopicPartition } from './types'
import { compareStrings, tpKey } from './types'
import { generalAssign } from './sticky-general'
import { javaHashOrder } from './java-hash'

// Kafka's `sticky` (eager) and `cooperative-sticky` assignors, as Java's AbstractStickyAssignor runs
// them on the group leader. Only the no-rack behaviour is modelled: the simulator configures no
// `client.rack`, and without consumer racks Java never takes its rack-aware branches.
//
// Java's result depends on HashMap/HashSet iteration order in these places, all reproduced (see
// java-hash.ts), assuming the leader filled its HashMap<memberId, Subscription> in the order of
// `members` (the JoinGroup response):
// - which over-full members keep maxQuota partitions on the constrained path (first in member order);
// - how three or more claims on one partition resolve (each is compared with the latest claimant);
// - which older claimant is remembered when two claimed a partition in the same older generation;
// - which partition the general path moves back when several moved the opposite way (a HashSet of
//   TopicPartition; see PartitionMovements in sticky-general.ts).
// Topic order never matters: Java sorts topics wherever their order could show.
// Java keeps the highest generation seen in the assignor instance across rebalances; generations only
// grow, so computing it per call gives the same answers.

const NO_GENERATION = -1

/** Partition count of a topic with metadata; 0 when the topic is absent, empty or not a positive integer. */
function partitionCount(partitionsPerTopic: PartitionsPerTopic, topic: string): number {
  if (!Object.hasOwn(partitionsPerTopic, topic)) return 0
  const count = partitionsPerTopic[topic]
  return count !== undefined && Number.isInteger(count) && count > 0 ? count : 0
}

function generationOf(member: MemberSubscription | undefined): number {
  const generation = member?.generation
  return generation === undefined || !Number.isInteger(generation) || generation < 0 ? NO_GENERATION : generation
}

function removeFirst(list: TopicPartition[], tp: TopicPartition): boolean {
  const index = list.findIndex((p) => p.topic === tp.topic && p.partition === tp.partition)
  if (index >= 0) list.splice(index, 1)
  return index >= 0
}

type Prepared = {
  counts: Map<string, number>
  order: string[]
  subscriptions: Map<string, MemberSubscription>
}

type Claims = {
  allSubscriptionsEqual: boolean
  owned: Map<string, TopicPartition[]>
  /** Partitions claimed by two members of the same generation: nobody's claim counts. */
  multiplyClaimed: Set<string>
  maxGeneration: number
}

type StickyResult = {
  assignment: Map<string, TopicPartition[]>
  /** Constrained path: partition -> its new owner when it leaves a current owner; null on the general path. */
  transferring: Map<string, string> | null
}

function prepare(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]): Prepared {
  const subscriptions = new Map<string, MemberSubscription>()
  for (const member of members) subscriptions.set(member.memberId, member)
  const order = javaHashOrder(subscriptions.keys())
  // As AbstractPartitionAssignor.assign(Cluster, ...): only subscribed topics that have partitions.
  const counts = new Map<string, number>()
  for (const member of subscriptions.values()) {
    for (const topic of member.topics) {
      const count = partitionCount(partitionsPerTopic, topic)
      if (count > 0) counts.set(topic, count)
    }
  }
  return { counts, order, subscriptions }
}

/**
 * Java's `allSubscriptionsEqual`: decides the path and resolves the members' claims. A claim counts
 * unless another member claims the same partition: then the higher generation keeps it, and with equal
 * generations (no generation counts as -1) neither does. Claims from older generations that nobody
 * disputes are kept.
 *
 * Java's quirks are kept. Subscriptions are compared with the first non-empty one met in HashMap
 * order, so a member subscribed to nothing that comes first does not break equality, and then gets its
 * share on the constrained path (a Java bug; a pattern subscription matching no topic can cause it).
 * A topic listed twice makes a subscription differ from the same topics listed once. Each claim is
 * compared with the latest claimant, even one whose own claim was voided.
 */
function resolveClaims(prepared: Prepared): Claims {
  const { counts, order, subscriptions } = prepared
  let allSubscriptionsEqual = true
  const subscribedTopics = new Set<string>()
  const claimedBy = new Map<string, string>()
  const owned = new Map<string, TopicPartition[]>()
  const multiplyClaimed = new Set<string>()
  let maxGeneration = NO_GENERATION

  for (const consumer of order) {
    const subscription = subscriptions.get(consumer)
    const topics = subscription?.topics ?? []
    if (subscribedTopics.size === 0) {
      for (const topic of topics) subscribedTopics.add(topic)
    } else if (
      allSubscriptionsEqual &&
      !(topics.length === subscribedTopics.size && topics.every((topic) => subscribedTopics.has(topic)))
    ) {
      allSubscriptionsEqual = false
    }

    const generation = generationOf(subscription)
    maxGeneration = Math.max(maxGeneration, generation)
    const mine: TopicPartition[] = []
    owned.set(consumer, mine)

    for (const tp of subscription?.owned ?? []) {
      if (!isValidClaim(counts, tp)) continue
      const key = tpKey(tp)
      const other = claimedBy.get(key)
      if (other === undefined) {
        mine.push(tp)
        claimedBy.set(key, consumer)
        continue
      }
      const otherGeneration = generationOf(subscriptions.get(other))
      if (generation === otherGeneration) {
        multiplyClaimed.add(key)
        removeFirst(owned.get(other) ?? [], tp)
        claimedBy.set(key, consumer)
      } else if (generation > otherGeneration) {
        mine.push(tp)
        removeFirst(owned.get(other) ?? [], tp)
        claimedBy.set(key, consumer)
      }
    }
  }
  return { allSubscriptionsEqual, owned, multiplyClaimed, maxGeneration }
}

/**
 * A claim is considered only for a topic with metadata (as Java) and, beyond Java, only for a partition
 * the topic has: Java would hand out a claimed partition number the topic no longer has (after it was
 * re-created smaller), which no real cluster can serve.
 */
function isValidClaim(counts: Map<string, number>, tp: TopicPartition): boolean {
  const count = counts.get(tp.topic)
  return count !== undefined && Number.isInteger(tp.partition) && tp.partition >= 0 && tp.partition < count
}

/**
 * Java's ConstrainedAssignmentBuilder (no racks), for groups whose members all subscribe to the same
 * topics. With P partitions and N members every member ends with floor(P/N) or ceil(P/N) partitions,
 * and exactly P % N members with the larger number.
 */
function constrainedAssign(prepared: Prepared, claims: Claims): StickyResult {
  const { counts } = prepared
  const members = javaHashOrder(claims.owned.keys()) // Java's HashMap consumerToOwnedPartitions
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const n = members.length
  const minQuota = Math.floor(total / n)
  const maxQuota = Math.ceil(total / n)
  const expectedWithExtra = total % n
  let currentWithExtra = 0

  const assignment = new Map<string, TopicPartition[]>()
  for (const member of members) assignment.set(member, [])
  const assigned = new Set<string>()
  const revoked = new Set<string>()
  const transferring = new Map<string, string>()
  const underMin: string[] = []
  let exactlyMin: string[] = []

  // 1. Keep owned partitions up to the member's quota. Which of several over-full members keep the
  //    extra partition depends on the HashMap order of `members` (see the note at the top).
  for (const member of members) {
    const owned = [...(claims.owned.get(member) ?? [])]
      .sort((a, b) => a.partition - b.partition || compareStrings(a.topic, b.topic))
      .filter((tp) => !claims.multiplyClaimed.has(tpKey(tp)))
    const mine = assignment.get(member) ?? []
    let keep: number
    if (owned.length < minQuota) {
      keep = owned.length
      underMin.push(member)
    } else if (owned.length >= maxQuota && currentWithExtra < expectedWithExtra) {
      currentWithExtra++
      if (currentWithExtra === expectedWithExtra) exactlyMin = []
      keep = maxQuota
    } else {
      keep = minQuota
      if (currentWithExtra < expectedWithExtra) exactlyMin.push(member)
    }
    owned.forEach((tp, i) => {
      if (i < keep) {
        mine.push(tp)
        assigned.add(tpKey(tp))
      } else {
        revoked.add(tpKey(tp))
      }
    })
  }

  const unassigned: TopicPartition[] = []
  for (const topic of [...counts.keys()].sort(compareStrings)) {
    const count = counts.get(topic) ?? 0
    for (let partition = 0; partition < count; partition++) {
      if (!assigned.has(tpKey({ topic, partition }))) unassigned.push({ topic, partition })
    }
  }

  underMin.sort(compareStrings)
  exactlyMin.sort(compareStrings)

  // 2. Round-robin the rest over the members below minQuota (sorted by id), then one each to the
  //    members at minQuota that may still take one more.
  let next = 0
  for (const tp of unassigned) {
    let member: string | undefined
    if (next < underMin.length) {
      member = underMin[next++]
    } else if (underMin.length === 0) {
      member = exactlyMin.shift()
    } else {
      next = 0
      member = underMin[next++]
    }
    if (member === undefined) throw new Error('sticky assignor: no member left to take a partition')
    const mine = assignment.get(member) ?? []
    mine.push(tp)
    const key = tpKey(tp)
    if (revoked.has(key) || claims.multiplyClaimed.has(key)) transferring.set(key, member)
    if (mine.length === minQuota) {
      underMin.splice(--next, 1)
      exactlyMin.push(member)
    } else if (mine.length === maxQuota) {
      currentWithExtra++
    }
  }

  return { assignment, transferring }
}

function runSticky(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]): StickyResult & Prepared {
  const prepared = prepare(partitionsPerTopic, members)
  if (prepared.order.length === 0) return { ...prepared, assignment: new Map(), transferring: new Map() }
  const claims = resolveClaims(prepared)
  if (claims.allSubscriptionsEqual) return { ...prepared, ...constrainedAssign(prepared, claims) }
  const assignment = generalAssign({
    counts: prepared.counts,
    order: prepared.order,
    subscriptions: prepared.subscriptions,
    owned: claims.owned,
    maxGeneration: claims.maxGeneration,
    generationOf: (memberId) => generationOf(prepared.subscriptions.get(memberId)),
    isValidClaim: (tp) => isValidClaim(prepared.counts, tp),
  })
  return { ...prepared, assignment, transferring: null }
}

function toAssignment(members: MemberSubscription[], assignment: Map<string, TopicPartition[]>): Assignment {
  const result: Assignment = {}
  for (const member of members) result[member.memberId] = [...(assignment.get(member.memberId) ?? [])]
  return result
}

/**
 * Assigns partitions the way Kafka's `StickyAssignor` (`partition.assignment.strategy=sticky`, eager
 * protocol) does.
 *
 * The result is as balanced as possible (member counts differ by at most one, or no partition could
 * move to a member with 2+ fewer), and keeps as many partitions as it can with the member that held
 * them. When every member subscribes to the same topics Java's fast "constrained" algorithm runs; else
 * the general one, which balances by repeatedly moving partitions from heavier to lighter members.
 *
 * A member's `owned` and `generation` stand for the previous assignment and generation the eager
 * assignor encodes in its subscription user data. A claim counts if no other member claims the same
 * partition; if one does, the higher generation wins and equal generations (absent counts as -1) void
 * both claims. Claims for topics without metadata, or that the member no longer subscribes to, are
 * dropped.
 *
 * Member lists start with the partitions kept, then the new ones in the order they were handed out.
 * Java's quirks are reproduced, including two bugs (see `resolveClaims` and sticky-general.ts); the
 * only departures are for inputs where Java fails or hands out a partition the topic does not have.
 *
 * @param partitionsPerTopic partition count of each topic with metadata; subscribed topics that are
 *   absent (or have no partitions) are skipped, and topics nobody subscribes to are ignored.
 * @param members the group's members in JoinGroup order (the order decides ties the way Java's
 *   HashMap order does); member ids are unique.
 * @returns every member's partitions; members with nothing to consume get `[]`.
 */
export function stickyAssign(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]): Assignment {
  return toAssignment(members, runSticky(partitionsPerTopic, members).assignment)
}

/**
 * Assigns partitions the way Kafka's `CooperativeStickyAssignor` (`cooperative-sticky`) does, for one
 * rebalance round.
 *
 * It computes the same target as {@link stickyAssign} from the members' `owned` partitions and
 * `generation`, then withholds every partition that would change owner: a partition that must first
 * be revoked from its current owner is given to nobody in this round. Once the members rejoin
 * reporting what they still own (the follow-up rebalance), the next round hands those partitions out.
 * On the constrained path the withheld set is what the algorithm revoked (including partitions voided
 * by a same-generation double claim); on the general path it is every partition that some member gains
 * while another member's reported `owned` list loses it.
 *
 * @param partitionsPerTopic partition count of each topic with metadata, as for {@link stickyAssign}.
 * @param members the group's members in JoinGroup order, with what each reports as owned.
 * @returns every member's partitions for this round; members with nothing to consume get `[]`.
 */
export function cooperativeStickyAssign(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]): Assignment {
  const result = runSticky(partitionsPerTopic, members)
  const transferring = result.transferring ?? computeTransferring(result.subscriptions, result.assignment)
  for (const [key, member] of transferring) {
    const list = result.assignment.get(member)
    const index = list?.findIndex((tp) => tpKey(tp) === key) ?? -1
    if (list !== undefined && index >= 0) list.splice(index, 1)
  }
  return toAssignment(members, result.assignment)
}

/** CooperativeStickyAssignor's check on the general path: gained by one member, reported owned by another. */
function computeTransferring(
  subscriptions: Map<string, MemberSubscription>,
  assignment: Map<string, TopicPartition[]>,
): Map<string, string> {
  const added = new Map<string, string>()
  const revoked = new Set<string>()
  for (const [member, assigned] of assignment) {
    const owned = subscriptions.get(member)?.owned ?? []
    const ownedKeys = new Set(owned.map(tpKey))
    const assignedKeys = new Set(assigned.map(tpKey))
    for (const tp of assigned) if (!ownedKeys.has(tpKey(tp))) added.set(tpKey(tp), member)
    for (const tp of owned) if (!assignedKeys.has(tpKey(tp))) revoked.add(tpKey(tp))
  }
  for (const key of [...added.keys()]) if (!revoked.has(key)) added.delete(key)
  return added
}
