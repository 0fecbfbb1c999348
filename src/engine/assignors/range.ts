import type { Assignment, MemberSubscription, PartitionsPerTopic, TopicPartition } from './types'
import { compareStrings } from './types'
import { javaHashOrder } from './java-hash'

// The classic (client-side, eager) `range` assignor, as the group leader's Java consumer runs it.
// Only the no-rack path is modelled: the simulator configures no `client.rack` and no broker racks,
// and with no consumer rack Java never takes its rack-matching branches.

/**
 * Kafka's `MemberInfo` order, which both `range` and `roundrobin` sort members by: static members (with
 * a `group.instance.id`) first, by instance id; then dynamic members by member id. Both compare as plain
 * strings (`String.compareTo`), so 'consumer-10' sorts before 'consumer-2'. No two members tie in a real
 * group (member ids and instance ids are unique); should two static members share an instance id, the
 * member id decides, so the result never depends on the order of the input.
 */
export function compareMemberInfo(a: MemberSubscription, b: MemberSubscription): number {
  if (a.instanceId !== undefined && b.instanceId !== undefined) {
    const byInstance = compareStrings(a.instanceId, b.instanceId)
    if (byInstance !== 0) return byInstance
  } else if (a.instanceId !== undefined) {
    return -1
  } else if (b.instanceId !== undefined) {
    return 1
  }
  return compareStrings(a.memberId, b.memberId)
}

/** Partition count of a topic with metadata; 0 when the topic is absent, empty or not a positive integer. */
function partitionCount(partitionsPerTopic: PartitionsPerTopic, topic: string): number {
  if (!Object.hasOwn(partitionsPerTopic, topic)) return 0
  const count = partitionsPerTopic[topic]
  return count !== undefined && Number.isInteger(count) && count > 0 ? count : 0
}

/**
 * Assigns partitions the way Kafka's `RangeAssignor` (`partition.assignment.strategy=range`) does.
 *
 * Topic by topic: the topic's subscribers are put in Kafka's member order (static members by
 * `group.instance.id` first, then dynamic members by member id, as plain strings) and the partitions
 * in numeric order. With `n` partitions and `c` subscribers each subscriber gets a contiguous range of
 * `floor(n / c)` partitions, and the first `n % c` subscribers one more. Topics are independent, so the
 * same members get the extra partitions of every topic with the same count and subscribers.
 *
 * A member's list holds its ranges topic by topic in the order Java iterates the leader's
 * `HashMap<String, List<PartitionInfo>>` of topics: by `String.hashCode` bucket, not alphabetically
 * (with topics `t1`..`t4`, `t4` comes first). Ties inside a bucket follow the leader's insertion order,
 * which comes from the `HashMap` of subscriptions keyed by member id; `members` stands for the order in
 * which the JoinGroup response listed them, and each member's `topics` for its subscription as sent.
 *
 * @param partitionsPerTopic partition count of each topic with metadata; subscribed topics that are
 *   absent (or have no partitions) are skipped.
 * @param members the group's members and their subscriptions; member ids are unique.
 * @returns every member's partitions; members with nothing to consume get `[]`.
 */
export function rangeAssign(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]): Assignment {
  const byId = new Map<string, MemberSubscription>()
  for (const member of members) byId.set(member.memberId, member)

  const result = new Map<string, TopicPartition[]>()
  for (const memberId of byId.keys()) result.set(memberId, [])

  // The leader's Map<memberId, Subscription>, then the HashSet of subscribed topics built from it,
  // then the HashMap of topics with metadata built from that set: the order the assignor walks topics.
  const subscriptionOrder = javaHashOrder([...byId.keys()])
  const subscriptions = subscriptionOrder.flatMap((memberId) => {
    const member = byId.get(memberId)
    return member === undefined ? [] : [member]
  })
  const subscribedTopics = javaHashOrder(subscriptions.flatMap((member) => member.topics))
  const topicOrder = javaHashOrder(subscribedTopics.filter((topic) => partitionCount(partitionsPerTopic, topic) > 0))

  const subscribersByTopic = new Map<string, MemberSubscription[]>()
  for (const member of subscriptions) {
    for (const topic of new Set(member.topics)) {
      const subscribers = subscribersByTopic.get(topic)
      if (subscribers === undefined) subscribersByTopic.set(topic, [member])
      else subscribers.push(member)
    }
  }

  for (const topic of topicOrder) {
    const subscribers = [...(subscribersByTopic.get(topic) ?? [])].sort(compareMemberInfo)
    if (subscribers.length === 0) continue
    const count = partitionCount(partitionsPerTopic, topic)
    const quota = Math.floor(count / subscribers.length)
    const withExtra = count % subscribers.length
    let next = 0
    subscribers.forEach((member, index) => {
      const owned = result.get(member.memberId)
      const take = quota + (index < withExtra ? 1 : 0)
      for (let partition = next; partition < next + take; partition++) owned?.push({ topic, partition })
      next += take
    })
  }

  return Object.fromEntries(result)
}
