import type { Assignment, MemberSubscription, PartitionsPerTopic, TopicPartition } from './types'
import { compareStrings } from './types'
import { compareMemberInfo } from './range'

// The classic (client-side, eager) `roundrobin` assignor, as the group leader's Java consumer runs it.

/** Partition count of a topic with metadata; 0 when the topic is absent, empty or not a positive integer. */
function partitionCount(partitionsPerTopic: PartitionsPerTopic, topic: string): number {
  if (!Object.hasOwn(partitionsPerTopic, topic)) return 0
  const count = partitionsPerTopic[topic]
  return count !== undefined && Number.isInteger(count) && count > 0 ? count : 0
}

/**
 * Assigns partitions the way Kafka's `RoundRobinAssignor` (`partition.assignment.strategy=roundrobin`)
 * does.
 *
 * Every partition of every subscribed topic is laid out in one list, topics in plain string order and
 * partitions in numeric order. The members stand in a circle in Kafka's member order (static members
 * by `group.instance.id` first, then dynamic members by member id, as plain strings). Each partition
 * goes to the next member of the circle that subscribes to its topic; members that don't are skipped,
 * and the circle carries on from there (it does not restart at each topic). With identical
 * subscriptions the counts differ by at most one; with differing ones they can be far apart.
 *
 * Each member's list is in the order the partitions were dealt: by topic name, then partition.
 *
 * @param partitionsPerTopic partition count of each topic with metadata; subscribed topics that are
 *   absent (or have no partitions) are skipped.
 * @param members the group's members and their subscriptions; member ids are unique.
 * @returns every member's partitions; members with nothing to consume get `[]`.
 */
export function roundRobinAssign(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]): Assignment {
  const byId = new Map<string, MemberSubscription>()
  for (const member of members) byId.set(member.memberId, member)

  const result = new Map<string, TopicPartition[]>()
  for (const memberId of byId.keys()) result.set(memberId, [])

  const circle = [...byId.values()].sort(compareMemberInfo).map((member) => ({
    owned: result.get(member.memberId) ?? [],
    topics: new Set(member.topics),
  }))
  const topics = [...new Set(circle.flatMap((seat) => [...seat.topics]))].sort(compareStrings)

  let cursor = 0
  for (const topic of topics) {
    const count = partitionCount(partitionsPerTopic, topic)
    for (let partition = 0; partition < count; partition++) {
      // Some member subscribes to `topic` (that is how it got into `topics`), so this stops.
      while (circle[cursor]?.topics.has(topic) === false) cursor = (cursor + 1) % circle.length
      circle[cursor]?.owned.push({ topic, partition })
      cursor = (cursor + 1) % circle.length
    }
  }

  return Object.fromEntries(result)
}
