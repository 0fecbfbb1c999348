import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { stickyAssign } from '../../../src/engine/assignors/sticky'
import type { Assignment, MemberSubscription, PartitionsPerTopic, TopicPartition } from '../../../src/engine/assignors/types'
import { tpKey } from '../../../src/engine/assignors/types'
import {
  Group,
  canonicalName,
  isFullyBalanced,
  isSticky,
  member,
  ownershipChanges,
  parsePartitions,
  randomSublist,
  rejoin,
  seededRandom,
  stickyInput,
  sortedPartitions,
  sortedString,
  tp,
  verifyAllAssigned,
  verifyValidityAndBalance,
} from './assignor-checks'

// Ported from apache/kafka clients/src/test/java/org/apache/kafka/clients/consumer/internals/
// AbstractStickyAssignorTest.java and clients/src/test/java/org/apache/kafka/clients/consumer/
// StickyAssignorTest.java, no-rack configurations only (the simulator has no client.rack). The eager
// StickyAssignor reads a member's previous assignment and generation from its user data; here those
// are `owned` and `generation`. Java's `partitionsTransferringOwnership` is checked as the partitions
// that change owner (`ownershipChanges`), which is what the cooperative assignor withholds.

const consumerId = 'consumer'
const consumer1 = 'consumer1'
const consumer2 = 'consumer2'
const consumer3 = 'consumer3'
const consumer4 = 'consumer4'
const topic = 'topic'
const topic1 = 'topic1'
const topic2 = 'topic2'
const topic3 = 'topic3'
const generationId = 1

function assign(partitionsPerTopic: PartitionsPerTopic, group: Group | MemberSubscription[]): Assignment {
  return stickyAssign(partitionsPerTopic, group instanceof Group ? group.members() : group)
}

function countOf(partitions: TopicPartition[] | undefined, t: string): number {
  return (partitions ?? []).filter((p) => p.topic === t).length
}

describe('StickyAssignor (partition.assignment.strategy=sticky)', () => {
  describe('ported from AbstractStickyAssignorTest', () => {
    it('gives a member subscribed to nothing an empty list (AbstractStickyAssignorTest.testOneConsumerNoTopic)', () => {
      const members = [member(consumerId, [])]
      const assignment = stickyAssign({}, members)
      expect(assignment).toEqual({ [consumerId]: [] })
      verifyValidityAndBalance(members, assignment)
      expect(isFullyBalanced(assignment)).toBe(true)
    })

    it('skips a subscribed topic with no partitions (AbstractStickyAssignorTest.testOneConsumerNonexistentTopic)', () => {
      const members = [member(consumerId, [topic])]
      const assignment = stickyAssign({ [topic]: 0 }, members)
      expect(assignment).toEqual({ [consumerId]: [] })
      expect(ownershipChanges(members, assignment)).toEqual({})
    })

    it('gives a lone member every partition in order (AbstractStickyAssignorTest.testOneConsumerOneTopic)', () => {
      const members = [member(consumerId, [topic])]
      const assignment = stickyAssign({ [topic]: 3 }, members)
      expect(assignment[consumerId]).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)])
      verifyValidityAndBalance(members, assignment)
    })

    it('ignores owned partitions of topics the member no longer subscribes to (AbstractStickyAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics)', () => {
      const members = [member(consumerId, [topic], [tp(topic, 0), tp(topic, 1), tp('other', 0), tp('other', 1)], generationId)]
      const assignment = stickyAssign({ [topic]: 2 }, members)
      expect(assignment[consumerId]).toEqual([tp(topic, 0), tp(topic, 1)])
      verifyValidityAndBalance(members, assignment)
    })

    it('gives a lone member every partition of all its topics (AbstractStickyAssignorTest.testOneConsumerMultipleTopics)', () => {
      const members = [member(consumerId, [topic1, topic2])]
      const assignment = stickyAssign({ [topic1]: 1, [topic2]: 2 }, members)
      expect(assignment[consumerId]).toEqual([tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)])
    })

    it('gives a single partition to one of two members (AbstractStickyAssignorTest.testTwoConsumersOneTopicOnePartition)', () => {
      const members = [member(consumer1, [topic]), member(consumer2, [topic])]
      const assignment = stickyAssign({ [topic]: 1 }, members)
      verifyValidityAndBalance(members, assignment)
      verifyAllAssigned({ [topic]: 1 }, members, assignment)
      expect(isFullyBalanced(assignment)).toBe(true)
    })

    it('splits two partitions between two members by member id (AbstractStickyAssignorTest.testTwoConsumersOneTopicTwoPartitions)', () => {
      const members = [member(consumer1, [topic]), member(consumer2, [topic])]
      const assignment = stickyAssign({ [topic]: 2 }, members)
      expect(assignment).toEqual({ [consumer1]: [tp(topic, 0)], [consumer2]: [tp(topic, 1)] })
    })

    it('balances mixed subscriptions with the general algorithm (AbstractStickyAssignorTest.testMultipleConsumersMixedTopicSubscriptions)', () => {
      const members = [member(consumer1, [topic1]), member(consumer2, [topic1, topic2]), member(consumer3, [topic1])]
      const assignment = stickyAssign({ [topic1]: 3, [topic2]: 2 }, members)
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 2)],
        [consumer2]: [tp(topic2, 0), tp(topic2, 1)],
        [consumer3]: [tp(topic1, 1)],
      })
      verifyValidityAndBalance(members, assignment)
      expect(isFullyBalanced(assignment)).toBe(true)
    })

    it('deals the partitions of equal subscriptions round-robin in topic order (AbstractStickyAssignorTest.testTwoConsumersTwoTopicsSixPartitions)', () => {
      const members = [member(consumer1, [topic1, topic2]), member(consumer2, [topic1, topic2])]
      const assignment = stickyAssign({ [topic1]: 3, [topic2]: 3 }, members)
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
      })
    })

    it('lets a member owning minQuota take the one extra partition (AbstractStickyAssignorTest.testConsumerOwningMinQuotaExpectedMaxQuota)', () => {
      const topics = [topic1, topic2]
      const members = [
        member(consumer1, topics, [tp(topic1, 0), tp(topic2, 1)], generationId),
        member(consumer2, topics, [tp(topic1, 1), tp(topic2, 2)], generationId),
      ]
      const assignment = stickyAssign({ [topic1]: 2, [topic2]: 3 }, members)
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic2, 1), tp(topic2, 0)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 2)],
      })
      expect(ownershipChanges(members, assignment)).toEqual({})
    })

    it('lets only as many over-full members keep maxQuota as there are extra partitions, first in Java HashMap order (AbstractStickyAssignorTest.testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers)', () => {
      // consumer2 hashes to an earlier HashMap bucket than consumer1, so Java visits it first and it keeps two.
      const topics = [topic1, topic2]
      const members = [
        member(consumer1, topics, [tp(topic1, 0), tp(topic2, 0)], generationId),
        member(consumer2, topics, [tp(topic1, 1), tp(topic2, 1)], generationId),
        member(consumer3, topics, [], generationId),
      ]
      const assignment = stickyAssign({ [topic1]: 2, [topic2]: 2 }, members)
      expect(ownershipChanges(members, assignment)).toEqual({ [tpKey(tp(topic2, 0))]: consumer3 })
      verifyValidityAndBalance(members, assignment)
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 1)],
        [consumer3]: [tp(topic2, 0)],
      })
    })

    it('keeps every owned partition when all members are under minQuota (AbstractStickyAssignorTest.testAllConsumersAreUnderMinQuota)', () => {
      const topics = [topic1, topic2]
      const members = [
        member(consumer1, topics, [tp(topic1, 0)], generationId),
        member(consumer2, topics, [tp(topic1, 1)], generationId),
        member(consumer3, topics, [], generationId),
      ]
      const assignment = stickyAssign({ [topic1]: 2, [topic2]: 3 }, members)
      expect(ownershipChanges(members, assignment)).toEqual({})
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic2, 1)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 2)],
        [consumer3]: [tp(topic2, 0)],
      })
    })

    it('moves only the newcomer\'s share when a member joins, and everything to the survivor when one leaves (AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic)', () => {
      const ppt = { [topic]: 3 }
      const group = new Group().put(member(consumer1, [topic]))
      let assignment = assign(ppt, group)
      expect(assignment[consumer1]).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)])

      group.put(member(consumer1, [topic], assignment[consumer1], generationId)).put(member(consumer2, [topic], [], generationId))
      assignment = assign(ppt, group)
      expect(ownershipChanges(group.members(), assignment)).toEqual({ [tpKey(tp(topic, 2))]: consumer2 })
      verifyValidityAndBalance(group.members(), assignment)
      expect(assignment[consumer1]).toEqual([tp(topic, 0), tp(topic, 1)])
      expect(assignment[consumer2]).toEqual([tp(topic, 2)])

      group.remove(consumer1).put(member(consumer2, [topic], assignment[consumer2], generationId))
      assignment = assign(ppt, group)
      expect(sortedPartitions(assignment[consumer2])).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)])
      expect(ownershipChanges(group.members(), assignment)).toEqual({})
    })

    it('balances each topic across members as members come and go (AbstractStickyAssignorTest.testTopicBalanceAfterReassignment)', () => {
      const allTopics = [topic1, topic2]
      const ppt = { [topic1]: 12, [topic2]: 12 }
      const group = new Group().put(member(consumer1, allTopics))
      let assignment = assign(ppt, group)
      for (const list of Object.values(assignment)) expect([countOf(list, topic1), countOf(list, topic2)]).toEqual([12, 12])

      group.put(member(consumer1, allTopics, assignment[consumer1], generationId)).put(member(consumer2, allTopics, [], generationId))
      assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      for (const list of Object.values(assignment)) expect([countOf(list, topic1), countOf(list, topic2)]).toEqual([6, 6])

      group
        .put(member(consumer1, allTopics, assignment[consumer1], generationId))
        .put(member(consumer2, allTopics, assignment[consumer2], generationId))
        .put(member(consumer3, allTopics, [], generationId))
        .put(member(consumer4, allTopics, [], generationId))
      assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      for (const list of Object.values(assignment)) expect([countOf(list, topic1), countOf(list, topic2)]).toEqual([3, 3])

      group
        .remove(consumer1)
        .remove(consumer2)
        .put(member(consumer3, allTopics, assignment[consumer3], generationId))
        .put(member(consumer4, allTopics, assignment[consumer4], generationId))
      assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      for (const list of Object.values(assignment)) expect([countOf(list, topic1), countOf(list, topic2)]).toEqual([6, 6])
      expect(ownershipChanges(group.members(), assignment)).toEqual({})
    })

    it('revokes only what the newcomers need, keeping owned partitions sorted by partition then topic (AbstractStickyAssignorTest.testAddRemoveTwoConsumersTwoTopics)', () => {
      const allTopics = [topic1, topic2]
      const ppt = { [topic1]: 3, [topic2]: 4 }
      const group = new Group().put(member(consumer1, allTopics)).put(member(consumer2, allTopics))
      let assignment = assign(ppt, group)
      expect(assignment[consumer1]).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1), tp(topic2, 3)])
      expect(assignment[consumer2]).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)])

      group
        .put(member(consumer1, allTopics, assignment[consumer1], generationId))
        .put(member(consumer2, allTopics, assignment[consumer2], generationId))
        .put(member(consumer3, allTopics, [], generationId))
        .put(member(consumer4, allTopics, [], generationId))
      assignment = assign(ppt, group)
      expect(ownershipChanges(group.members(), assignment)).toEqual({
        [tpKey(tp(topic1, 2))]: consumer3,
        [tpKey(tp(topic2, 2))]: consumer4,
        [tpKey(tp(topic2, 3))]: consumer3,
      })
      verifyValidityAndBalance(group.members(), assignment)
      expect(assignment[consumer1]).toEqual([tp(topic1, 0), tp(topic2, 1)])
      expect(assignment[consumer2]).toEqual([tp(topic2, 0), tp(topic1, 1)])
      expect(assignment[consumer3]).toEqual([tp(topic1, 2), tp(topic2, 3)])
      expect(assignment[consumer4]).toEqual([tp(topic2, 2)])

      group
        .remove(consumer1)
        .remove(consumer2)
        .put(member(consumer3, allTopics, assignment[consumer3], generationId))
        .put(member(consumer4, allTopics, assignment[consumer4], generationId))
      assignment = assign(ppt, group)
      expect(assignment[consumer3]).toEqual([tp(topic1, 2), tp(topic2, 3), tp(topic1, 0), tp(topic2, 1)])
      expect(assignment[consumer4]).toEqual([tp(topic2, 2), tp(topic1, 1), tp(topic2, 0)])
      expect(ownershipChanges(group.members(), assignment)).toEqual({})
    })

    it('balances a subscription pattern round-robin handles poorly (AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i <= 5; i++) ppt[`topic${i}`] = (i % 2) + 1
      const members = [
        member('consumer1', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']),
        member('consumer2', ['topic1', 'topic3', 'topic5']),
        member('consumer3', ['topic1', 'topic3', 'topic5']),
        member('consumer4', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']),
      ]
      const assignment = stickyAssign(ppt, members)
      verifyValidityAndBalance(members, assignment)
      verifyAllAssigned(ppt, members, assignment)
    })

    it('keeps existing partitions when a topic is added or removed (AbstractStickyAssignorTest.testAddRemoveTopicTwoConsumers)', () => {
      const ppt: PartitionsPerTopic = { [topic]: 3 }
      const group = new Group().put(member(consumer1, [topic])).put(member(consumer2, [topic]))
      let assignment = assign(ppt, group)
      expect(isFullyBalanced(assignment)).toBe(true)
      const first1 = assignment[consumer1] ?? []
      const first2 = assignment[consumer2] ?? []
      expect([first1.length, first2.length].sort()).toEqual([1, 2])

      ppt[topic2] = 3
      group.put(member(consumer1, [topic, topic2], first1, generationId)).put(member(consumer2, [topic, topic2], first2, generationId))
      assignment = assign(ppt, group)
      expect(ownershipChanges(group.members(), assignment)).toEqual({})
      verifyValidityAndBalance(group.members(), assignment)
      const second1 = assignment[consumer1] ?? []
      const second2 = assignment[consumer2] ?? []
      expect([second1.length, second2.length]).toEqual([3, 3])
      expect(second1).toEqual(expect.arrayContaining(first1))
      expect(second2).toEqual(expect.arrayContaining(first2))

      delete ppt[topic]
      group.put(member(consumer1, [topic2], second1, generationId)).put(member(consumer2, [topic2], second2, generationId))
      assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      const third1 = assignment[consumer1] ?? []
      const third2 = assignment[consumer2] ?? []
      expect([third1.length, third2.length].sort()).toEqual([1, 2])
      expect(second1).toEqual(expect.arrayContaining(third1))
      expect(second2).toEqual(expect.arrayContaining(third2))
    })

    it('keeps every partition with its previous owner when a member leaves; only the leaver\'s partitions move (AbstractStickyAssignorTest.testReassignmentAfterOneConsumerLeaves)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i < 20; i++) ppt[canonicalName('t', i, 20)] = i
      const group = new Group()
      for (let i = 1; i < 20; i++) {
        const topics: string[] = []
        for (let j = 1; j <= i; j++) topics.push(canonicalName('t', j, 20))
        group.put(member(canonicalName('c', i, 20), topics))
      }
      let assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)

      for (const m of group.members()) group.put(member(m.memberId, m.topics, assignment[m.memberId], generationId))
      // Java removes "consumer10", a name the test never created; the member meant is c10.
      const leaver = canonicalName('c', 10, 20)
      const leaversPartitions = new Set((assignment[leaver] ?? []).map(tpKey))
      group.remove(leaver)
      const before = group.members()
      assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      verifyAllAssigned(ppt, group.members(), assignment)
      expect(isSticky(before, assignment)).toBe(true)
      // Stronger than Java's check, and true here: nobody loses a partition it owned.
      for (const m of before) {
        const kept = new Set((assignment[m.memberId] ?? []).map(tpKey))
        for (const p of m.owned ?? []) if (!leaversPartitions.has(tpKey(p))) expect(kept.has(tpKey(p))).toBe(true)
      }
    })

    it('gives a newcomer without claims its share when equal subscriptions report no owned partitions (AbstractStickyAssignorTest.testReassignmentAfterOneConsumerAdded)', () => {
      const ppt = { topic: 20 }
      const group = new Group()
      for (let i = 1; i < 10; i++) group.put(member(canonicalName('c', i, 10), ['topic']))
      let assignment = assign(ppt, group)
      expect(ownershipChanges(group.members(), assignment)).toEqual({})
      verifyValidityAndBalance(group.members(), assignment)

      group.put(member(canonicalName('c', 10, 10), ['topic']))
      assignment = assign(ppt, group)
      expect(ownershipChanges(group.members(), assignment)).toEqual({})
      verifyValidityAndBalance(group.members(), assignment)
    })

    it('needs no revocation when a member of an equal-subscription group leaves (AbstractStickyAssignorTest.testSameSubscriptions)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i < 15; i++) ppt[canonicalName('t', i, 15)] = i
      const allTopics = Object.keys(ppt)
      const group = new Group()
      for (let i = 1; i < 9; i++) group.put(member(canonicalName('c', i, 9), allTopics))
      let assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)

      for (const m of group.members()) group.put(member(m.memberId, m.topics, assignment[m.memberId], generationId))
      group.remove(canonicalName('c', 5, 9))
      assignment = assign(ppt, group)
      expect(ownershipChanges(group.members(), assignment)).toEqual({})
      verifyValidityAndBalance(group.members(), assignment)
    })

    it('handles a large uniform group fast (AbstractStickyAssignorTest.testLargeAssignmentAndGroupWithUniformSubscription, scaled down from 1M partitions)', () => {
      const topicCount = 20
      const consumerCount = 500
      const ppt: PartitionsPerTopic = {}
      const topics: string[] = []
      for (let i = 0; i < topicCount; i++) {
        topics.push(canonicalName('t', i, topicCount))
        ppt[canonicalName('t', i, topicCount)] = 500
      }
      const group = new Group()
      for (let i = 0; i < consumerCount; i++) group.put(member(canonicalName('c', i, consumerCount), topics))
      const assignment = assign(ppt, group)
      for (let i = 1; i < consumerCount; i++) {
        const id = canonicalName('c', i, consumerCount)
        group.put(member(id, topics, assignment[id], generationId))
      }
      const next = assign(ppt, group)
      verifyAllAssigned(ppt, group.members(), next)
      expect(isFullyBalanced(next)).toBe(true)
    })

    it('handles a large group where one member subscribes differently (AbstractStickyAssignorTest.testLargeAssignmentAndGroupWithNonEqualSubscription, scaled down)', () => {
      const topicCount = 10
      const consumerCount = 100
      const ppt: PartitionsPerTopic = {}
      const topics: string[] = []
      for (let i = 0; i < topicCount; i++) {
        topics.push(canonicalName('t', i, topicCount))
        ppt[canonicalName('t', i, topicCount)] = 100
      }
      const subscriptionOf = (i: number): string[] => (i === consumerCount - 1 ? topics.slice(0, 1) : topics)
      const group = new Group()
      for (let i = 0; i < consumerCount; i++) group.put(member(canonicalName('c', i, consumerCount), subscriptionOf(i)))
      const assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      for (let i = 1; i < consumerCount; i++) {
        const id = canonicalName('c', i, consumerCount)
        group.put(member(id, subscriptionOf(i), assignment[id], generationId))
      }
      const next = assign(ppt, group)
      verifyValidityAndBalance(group.members(), next)
      verifyAllAssigned(ppt, group.members(), next)
    })

    it('handles two disjoint subscription groups (AbstractStickyAssignorTest.testAssignmentAndGroupWithNonEqualSubscriptionNotTimeout, scaled down)', () => {
      const topicCount = 20
      const consumerCount = 100
      const ppt: PartitionsPerTopic = {}
      const topics: string[] = []
      for (let i = 0; i < topicCount; i++) {
        topics.push(canonicalName('t', i, topicCount))
        ppt[canonicalName('t', i, topicCount)] = 20
      }
      const subscriptionOf = (i: number): string[] => (i % 4 === 0 ? topics.slice(0, topicCount / 2) : topics.slice(topicCount / 2))
      const group = new Group()
      for (let i = 0; i < consumerCount; i++) group.put(member(canonicalName('c', i, consumerCount), subscriptionOf(i)))
      const assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      for (let i = 1; i < consumerCount; i++) {
        const id = canonicalName('c', i, consumerCount)
        group.put(member(id, subscriptionOf(i), assignment[id], generationId))
      }
      const next = assign(ppt, group)
      verifyValidityAndBalance(group.members(), next)
      verifyAllAssigned(ppt, group.members(), next)
    })

    it('never assigns a partition twice when three generations claim it, in any generation order (AbstractStickyAssignorTest.testSubscriptionNotEqualAndAssignSamePartitionWith3Generation)', () => {
      const ppt = { [topic]: 6, [topic1]: 1 }
      for (const [g1, g2, g3] of [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]] as const) {
        const members = [
          member(consumer1, [topic], [tp(topic, 0), tp(topic, 2)], g1),
          member(consumer2, [topic], [tp(topic, 1), tp(topic, 2), tp(topic, 3)], g2),
          member(consumer3, [topic], [tp(topic, 2), tp(topic, 4), tp(topic, 5)], g3),
          member(consumer4, [topic1], [tp(topic1, 0)], 2),
        ]
        const assignment = stickyAssign(ppt, members)
        const all = Object.values(assignment).flat().map(tpKey)
        expect(new Set(all).size).toBe(all.length)
        for (const list of Object.values(assignment)) expect(list.length).toBeGreaterThanOrEqual(1)
        for (const list of Object.values(assignment)) expect(list.length).toBeLessThanOrEqual(2)
      }
    })

    it('stays valid and sticky when many members with random subscriptions leave (AbstractStickyAssignorTest.testLargeAssignmentWithMultipleConsumersLeavingAndRandomSubscription, seeded)', () => {
      const rand = seededRandom(42)
      const topicCount = 40
      const consumerCount = 200
      const ppt: PartitionsPerTopic = {}
      for (let i = 0; i < topicCount; i++) ppt[canonicalName('t', i, topicCount)] = rand.nextInt(10) + 1
      const group = new Group()
      for (let i = 0; i < consumerCount; i++) {
        const topics: string[] = []
        // As in Java, the bound is re-drawn on every iteration and a topic may be listed twice.
        for (let j = 0; j < rand.nextInt(20); j++) topics.push(canonicalName('t', rand.nextInt(topicCount), topicCount))
        group.put(member(canonicalName('c', i, consumerCount), topics))
      }
      let assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)

      for (let i = 1; i < consumerCount; i++) {
        const id = canonicalName('c', i, consumerCount)
        group.put(member(id, group.get(id).topics, assignment[id], generationId))
      }
      for (let i = 0; i < 50; i++) group.remove(canonicalName('c', rand.nextInt(consumerCount), consumerCount))
      const before = group.members()
      assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      verifyAllAssigned(ppt, group.members(), assignment)
      expect(isSticky(before, assignment)).toBe(true)
    })

    it('stays valid when a member adds a topic to its subscription (AbstractStickyAssignorTest.testNewSubscription)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i < 5; i++) ppt[canonicalName('t', i, 5)] = 1
      const group = new Group()
      for (let i = 0; i < 3; i++) {
        const topics: string[] = []
        for (let j = i; j <= 3 * i - 2; j++) topics.push(canonicalName('t', j, 5))
        group.put(member(canonicalName('c', i, 3), topics))
      }
      let assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)

      const c0 = group.get(canonicalName('c', 0, 3))
      group.put(member(c0.memberId, [...c0.topics, canonicalName('t', 1, 5)]))
      const before = group.members()
      assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      expect(isSticky(before, assignment)).toBe(true)
    })

    it('moves owned single-partition topics to balance mixed subscriptions (AbstractStickyAssignorTest.testMoveExistingAssignments)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i <= 6; i++) ppt[`topic${i}`] = 1
      const members = [
        member(consumer1, [topic1, topic2], [tp(topic1, 0)], generationId),
        member(consumer2, [topic1, topic2, topic3, 'topic4'], [tp(topic2, 0), tp(topic3, 0)], generationId),
        member(consumer3, [topic2, topic3, 'topic4', 'topic5', 'topic6'], [tp('topic4', 0), tp('topic5', 0), tp('topic6', 0)], generationId),
      ]
      const assignment = stickyAssign(ppt, members)
      verifyValidityAndBalance(members, assignment)
      verifyAllAssigned(ppt, members, assignment)
    })

    it('keeps each remaining member\'s partition when the leader leaves (AbstractStickyAssignorTest.testStickiness)', () => {
      const ppt = { [topic1]: 3 }
      const group = new Group()
      for (const id of [consumer1, consumer2, consumer3, consumer4]) group.put(member(id, [topic1]))
      let assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      const previously = new Map<string, TopicPartition>()
      for (const [consumer, list] of Object.entries(assignment)) {
        expect(list.length).toBeLessThanOrEqual(1)
        if (list[0] !== undefined) previously.set(consumer, list[0])
      }

      group.remove(consumer1)
      for (const id of [consumer2, consumer3, consumer4]) group.put(member(id, [topic1], assignment[id], generationId))
      assignment = assign(ppt, group)
      verifyValidityAndBalance(group.members(), assignment)
      for (const [consumer, list] of Object.entries(assignment)) {
        expect(list.length).toBe(1)
        const had = previously.get(consumer)
        if (had !== undefined) expect(list).toContainEqual(had)
      }
    })

    it('assigns the topics that exist and skips a deleted one (AbstractStickyAssignorTest.testAssignmentUpdatedForDeletedTopic)', () => {
      const members = [member(consumerId, [topic1, topic2, topic3])]
      const assignment = stickyAssign({ [topic1]: 1, [topic3]: 100 }, members)
      expect(Object.keys(assignment)).toEqual([consumerId])
      expect(assignment[consumerId]?.length).toBe(101)
      expect(ownershipChanges(members, assignment)).toEqual({})
    })

    it('returns an empty list when the only subscribed topic is deleted (AbstractStickyAssignorTest.testNoExceptionThrownWhenOnlySubscribedTopicDeleted)', () => {
      const first = stickyAssign({ [topic]: 3 }, [member(consumerId, [topic])])
      const members = [member(consumerId, [topic], first[consumerId], generationId)]
      const assignment = stickyAssign({}, members)
      expect(assignment).toEqual({ [consumerId]: [] })
    })

    it('stays valid, balanced and sticky through random subscription changes (AbstractStickyAssignorTest.testReassignmentWithRandomSubscriptionsAndChanges, seeded, 25 rounds)', () => {
      const rand = seededRandom(7)
      for (let round = 1; round <= 25; round++) {
        const numTopics = 10 + rand.nextInt(10)
        const topics: string[] = []
        const ppt: PartitionsPerTopic = {}
        for (let i = 0; i < numTopics; i++) {
          topics.push(canonicalName('t', i, 20))
          ppt[canonicalName('t', i, 20)] = i + 1
        }
        const numConsumers = 20 + rand.nextInt(20)
        let members: MemberSubscription[] = []
        for (let i = 0; i < numConsumers; i++) members.push(member(canonicalName('c', i, 40), randomSublist(rand, topics).sort()))
        let assignment = stickyAssign(ppt, members)
        verifyValidityAndBalance(members, assignment)

        members = members.map((m) => member(m.memberId, randomSublist(rand, topics).sort(), assignment[m.memberId], generationId))
        assignment = stickyAssign(ppt, members)
        verifyValidityAndBalance(members, assignment)
        verifyAllAssigned(ppt, members, assignment)
        expect(isSticky(members, assignment)).toBe(true)
      }
    })

    it('counts members that reached their quota as filled (AbstractStickyAssignorTest.testAllConsumersReachExpectedQuotaAndAreConsideredFilled)', () => {
      const members = [
        member(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId),
        member(consumer2, [topic], [tp(topic, 2)], generationId),
        member(consumer3, [topic], [], generationId),
      ]
      const assignment = stickyAssign({ [topic]: 4 }, members)
      expect(assignment).toEqual({
        [consumer1]: [tp(topic, 0), tp(topic, 1)],
        [consumer2]: [tp(topic, 2)],
        [consumer3]: [tp(topic, 3)],
      })
      expect(ownershipChanges(members, assignment)).toEqual({})
    })

    it('gives a partition claimed in two generations to the higher one (AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration)', () => {
      const claimed = [tp(topic, 0), tp(topic, 2), tp(topic2, 1)]
      const members = [member(consumer1, [topic, topic2], claimed, 10), member(consumer2, [topic, topic2], claimed, 9)]
      const assignment = stickyAssign({ [topic]: 3, [topic2]: 3 }, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual(sortedPartitions(claimed))
      expect(sortedPartitions(assignment[consumer2])).toEqual(sortedPartitions([tp(topic, 1), tp(topic2, 0), tp(topic2, 2)]))
      expect(ownershipChanges(members, assignment)).toEqual({})
      verifyValidityAndBalance(members, assignment)
    })

    it('prefers a claim with a generation over one without (AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration)', () => {
      const claimed = [tp(topic, 0), tp(topic, 2), tp(topic2, 1)]
      const members = [member(consumer1, [topic, topic2], claimed, 10), member(consumer2, [topic, topic2], claimed, -1)]
      const assignment = stickyAssign({ [topic]: 3, [topic2]: 3 }, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual(sortedPartitions(claimed))
      expect(sortedPartitions(assignment[consumer2])).toEqual(sortedPartitions([tp(topic, 1), tp(topic2, 0), tp(topic2, 2)]))
      expect(ownershipChanges(members, assignment)).toEqual({})
    })

    it('voids a partition claimed twice in the same generation, so it changes owner (AbstractStickyAssignorTest.testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration)', () => {
      const members = [
        member(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId),
        member(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], generationId),
        member(consumer3, [topic], [], generationId),
      ]
      const assignment = stickyAssign({ [topic]: 3 }, members)
      expect(ownershipChanges(members, assignment)).toEqual({ [tpKey(tp(topic, 0))]: consumer3 })
      expect(assignment).toEqual({ [consumer1]: [tp(topic, 1)], [consumer2]: [tp(topic, 2)], [consumer3]: [tp(topic, 0)] })
    })

    it('always keeps a disputed partition with the highest generation, and undisputed older claims too (AbstractStickyAssignorTest.testEnsurePartitionsAssignedToHighestGeneration)', () => {
      const topics = [topic, topic2, topic3]
      const members = [
        member(consumer1, topics, [tp(topic, 0), tp(topic2, 0), tp(topic3, 0)], 10),
        member(consumer2, topics, [tp(topic, 1), tp(topic2, 1), tp(topic3, 1)], 9),
        member(consumer3, topics, [tp(topic2, 1), tp(topic3, 0), tp(topic3, 2)], 8),
      ]
      const assignment = stickyAssign({ [topic]: 3, [topic2]: 3, [topic3]: 3 }, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual([tp(topic, 0), tp(topic2, 0), tp(topic3, 0)])
      expect(sortedPartitions(assignment[consumer2])).toEqual([tp(topic, 1), tp(topic2, 1), tp(topic3, 1)])
      expect(sortedPartitions(assignment[consumer3])).toEqual([tp(topic, 2), tp(topic2, 2), tp(topic3, 2)])
      expect(ownershipChanges(members, assignment)).toEqual({})
    })

    it('keeps older-generation claims nobody disputes and gives the newcomer the free partitions (AbstractStickyAssignorTest.testNoReassignmentOnCurrentMembers)', () => {
      const topics = [topic, topic2, topic3, topic1]
      const members = [
        member(consumer1, topics, [], -1),
        member(consumer2, topics, [tp(topic, 0), tp(topic2, 0), tp(topic1, 0)], 9),
        member(consumer3, topics, [tp(topic3, 2), tp(topic2, 2), tp(topic1, 1)], 8),
        member(consumer4, topics, [tp(topic3, 1), tp(topic, 1), tp(topic, 2)], 7),
      ]
      const assignment = stickyAssign({ [topic]: 3, [topic1]: 3, [topic2]: 3, [topic3]: 3 }, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual([tp(topic1, 2), tp(topic2, 1), tp(topic3, 0)])
      expect(ownershipChanges(members, assignment)).toEqual({})
      verifyValidityAndBalance(members, assignment)
      expect(isFullyBalanced(assignment)).toBe(true)
    })

    it('gives each disputed partition to the higher generation and keeps the rest (AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration)', () => {
      const members = [
        member(consumer1, [topic, topic2], [tp(topic, 0), tp(topic2, 1), tp(topic, 1)], 10),
        member(consumer2, [topic, topic2], [tp(topic, 0), tp(topic2, 1), tp(topic2, 2)], 8),
      ]
      const assignment = stickyAssign({ [topic]: 3, [topic2]: 3 }, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual(sortedPartitions([tp(topic, 0), tp(topic2, 1), tp(topic, 1)]))
      expect(sortedPartitions(assignment[consumer2])).toEqual(sortedPartitions([tp(topic, 2), tp(topic2, 2), tp(topic2, 0)]))
      expect(ownershipChanges(members, assignment)).toEqual({})
    })

    it('matches Java\'s non-rack-aware answer for uniform subscriptions, fresh and when already owned (AbstractStickyAssignorTest.testRackAwareAssignmentWithUniformSubscription)', () => {
      const ppt = { t1: 6, t2: 7, t3: 2 }
      const expected = ['t1-0, t1-3, t2-0, t2-3, t2-6', 't1-1, t1-4, t2-1, t2-4, t3-0', 't1-2, t1-5, t2-2, t2-5, t3-1']
      for (const owned of [undefined, expected]) {
        const members = expected.map((_, i) => member(`consumer${i}`, ['t1', 't2', 't3'], owned && parsePartitions(owned[i] ?? '')))
        const assignment = stickyAssign(ppt, members)
        expect(members.map((m) => sortedString(assignment[m.memberId]))).toEqual(expected)
      }
    })

    it('matches Java\'s non-rack-aware answer for unequal subscriptions, fresh and when already owned (AbstractStickyAssignorTest.testRackAwareAssignmentWithNonEqualSubscription)', () => {
      const ppt = { t1: 6, t2: 7, t3: 2 }
      const consumerTopics = [['t1', 't2', 't3'], ['t1', 't2', 't3'], ['t1', 't3']]
      const expected = ['t1-5, t2-0, t2-2, t2-4, t2-6', 't1-3, t2-1, t2-3, t2-5, t3-0', 't1-0, t1-1, t1-2, t1-4, t3-1']
      for (const owned of [undefined, expected]) {
        const members = consumerTopics.map((topics, i) => member(`consumer${i}`, topics, owned && parsePartitions(owned[i] ?? '')))
        const assignment = stickyAssign(ppt, members)
        expect(members.map((m) => sortedString(assignment[m.memberId]))).toEqual(expected)
      }
    })
  })

  describe('ported from StickyAssignorTest', () => {
    it('voids a partition two members claim in the same generation and gives it to a third (StickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer)', () => {
      const members = [
        member(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId),
        member(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], generationId),
        member(consumer3, [topic], [], generationId),
      ]
      const assignment = stickyAssign({ [topic]: 3 }, members)
      expect(assignment).toEqual({ [consumer1]: [tp(topic, 1)], [consumer2]: [tp(topic, 2)], [consumer3]: [tp(topic, 0)] })
      verifyValidityAndBalance(members, assignment)
    })

    it('voids a doubly claimed partition also when the counts are unequal (StickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer)', () => {
      const members = [
        member(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId),
        member(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], generationId),
        member(consumer3, [topic], [], generationId),
      ]
      const assignment = stickyAssign({ [topic]: 4 }, members)
      expect(assignment).toEqual({
        [consumer1]: [tp(topic, 1), tp(topic, 3)],
        [consumer2]: [tp(topic, 2)],
        [consumer3]: [tp(topic, 0)],
      })
    })

    for (const allEqual of [true, false]) {
      it(`keeps the newest generation's partitions through leaves and stale rejoins, ${allEqual ? 'equal' : 'unequal'} subscriptions (StickyAssignorTest.testAssignmentWithMultipleGenerations1)`, () => {
        const allTopics = [topic, topic2]
        const consumer2Topics = allEqual ? allTopics : [topic]
        const ppt = { [topic]: 6, [topic2]: 6 }
        const group = new Group()
          .put(member(consumer1, allTopics))
          .put(member(consumer2, consumer2Topics))
          .put(member(consumer3, allTopics))
        let assignment = assign(ppt, group)
        const r1 = [assignment[consumer1] ?? [], assignment[consumer2] ?? [], assignment[consumer3] ?? []] as const
        expect(r1.map((l) => l.length)).toEqual([4, 4, 4])
        verifyValidityAndBalance(group.members(), assignment)

        group.put(member(consumer1, allTopics, r1[0], generationId)).put(member(consumer2, consumer2Topics, r1[1], generationId)).remove(consumer3)
        assignment = assign(ppt, group)
        const r2c1 = assignment[consumer1] ?? []
        const r2c2 = assignment[consumer2] ?? []
        expect([r2c1.length, r2c2.length]).toEqual([6, 6])
        if (allEqual) expect(r2c1).toEqual(expect.arrayContaining(r1[0]))
        expect(r2c2).toEqual(expect.arrayContaining(r1[1]))
        verifyValidityAndBalance(group.members(), assignment)
        expect(r2c2.some((p) => r1[2].some((q) => tpKey(p) === tpKey(q)))).toBe(true)

        group.remove(consumer1).put(member(consumer2, consumer2Topics, r2c2, 2)).put(member(consumer3, allTopics, r1[2], 1))
        assignment = assign(ppt, group)
        const r3c2 = assignment[consumer2] ?? []
        const r3c3 = assignment[consumer3] ?? []
        expect([r3c2.length, r3c3.length]).toEqual([6, 6])
        expect(r3c2.filter((p) => r3c3.some((q) => tpKey(p) === tpKey(q)))).toEqual([])
        verifyValidityAndBalance(group.members(), assignment)
      })

      it(`keeps the survivor's partitions when old members rejoin with an older generation, ${allEqual ? 'equal' : 'unequal'} subscriptions (StickyAssignorTest.testAssignmentWithMultipleGenerations2)`, () => {
        const allTopics = [topic, topic2, topic3]
        const consumer1Topics = allEqual ? allTopics : [topic]
        const consumer3Topics = allEqual ? allTopics : [topic, topic2]
        const ppt = { [topic]: 4, [topic2]: 4, [topic3]: 4 }
        const group = new Group()
          .put(member(consumer1, consumer1Topics))
          .put(member(consumer2, allTopics))
          .put(member(consumer3, consumer3Topics))
        let assignment = assign(ppt, group)
        const r1 = [assignment[consumer1] ?? [], assignment[consumer2] ?? [], assignment[consumer3] ?? []] as const
        expect(r1.map((l) => l.length)).toEqual([4, 4, 4])
        verifyValidityAndBalance(group.members(), assignment)

        group.remove(consumer1).put(member(consumer2, allTopics, r1[1], 1)).remove(consumer3)
        assignment = assign(ppt, group)
        const r2c2 = assignment[consumer2] ?? []
        expect(r2c2.length).toBe(12)
        expect(r2c2).toEqual(expect.arrayContaining(r1[1]))

        group
          .put(member(consumer1, consumer1Topics, r1[0], 1))
          .put(member(consumer2, allTopics, r2c2, 2))
          .put(member(consumer3, consumer3Topics, r1[2], 1))
        assignment = assign(ppt, group)
        expect(group.members().map((m) => assignment[m.memberId]?.length)).toEqual([4, 4, 4])
        verifyValidityAndBalance(group.members(), assignment)
        expect(isFullyBalanced(assignment)).toBe(true)
      })

      it(`resolves conflicting claims from different generations in favour of the newest, ${allEqual ? 'equal' : 'unequal'} subscriptions (StickyAssignorTest.testAssignmentWithConflictingPreviousGenerations)`, () => {
        const allTopics = [topic, topic2, topic3]
        const consumer1Topics = allEqual ? allTopics : [topic]
        const consumer2Topics = allEqual ? allTopics : [topic, topic2]
        const ppt = { [topic]: 4, [topic2]: 4, [topic3]: 4 }
        const c1Partitions0 = allEqual
          ? [tp(topic, 0), tp(topic, 1), tp(topic, 2), tp(topic2, 2), tp(topic2, 3), tp(topic3, 0)]
          : [tp(topic, 0), tp(topic, 1), tp(topic, 2), tp(topic, 3)]
        const c2Partitions0 = [tp(topic, 0), tp(topic, 1), tp(topic2, 0), tp(topic2, 1), tp(topic2, 2), tp(topic2, 3)]
        const c3Partitions0 = [tp(topic, 2), tp(topic, 3), tp(topic3, 0), tp(topic3, 1), tp(topic3, 2), tp(topic3, 3)]
        const members = [
          member(consumer1, consumer1Topics, c1Partitions0, 1),
          member(consumer2, consumer2Topics, c2Partitions0, 2),
          member(consumer3, allTopics, c3Partitions0, 2),
        ]
        const assignment = stickyAssign(ppt, members)
        expect(members.map((m) => assignment[m.memberId]?.length)).toEqual([4, 4, 4])
        expect(c2Partitions0).toEqual(expect.arrayContaining(assignment[consumer2] ?? []))
        expect(c3Partitions0).toEqual(expect.arrayContaining(assignment[consumer3] ?? []))
        verifyValidityAndBalance(members, assignment)
        expect(isFullyBalanced(assignment)).toBe(true)
      })
    }

    it('honours claims without a generation next to claims with one (StickyAssignorTest.testSchemaBackwardCompatibility)', () => {
      const c1Partitions0 = [tp(topic, 0), tp(topic, 2)]
      const c2Partitions0 = [tp(topic, 1)]
      const members = [member(consumer1, [topic], c1Partitions0, 1), member(consumer2, [topic], c2Partitions0), member(consumer3, [topic])]
      const assignment = stickyAssign({ [topic]: 3 }, members)
      expect(members.map((m) => assignment[m.memberId]?.length)).toEqual([1, 1, 1])
      expect(c1Partitions0).toEqual(expect.arrayContaining(assignment[consumer1] ?? []))
      expect(c2Partitions0).toEqual(expect.arrayContaining(assignment[consumer2] ?? []))
      verifyValidityAndBalance(members, assignment)
    })

    it('keeps the partitions reported by members on older protocol versions (StickyAssignorTest.testAssignorWithOldVersionSubscriptions)', () => {
      const members = [
        member(consumer1, [topic1], [tp(topic1, 0)], generationId),
        member(consumer2, [topic1], [tp(topic1, 1)], generationId),
        member(consumer3, [topic1], [], generationId),
      ]
      const assignment = stickyAssign({ [topic1]: 3 }, members)
      expect(assignment).toEqual({ [consumer1]: [tp(topic1, 0)], [consumer2]: [tp(topic1, 1)], [consumer3]: [tp(topic1, 2)] })
    })
  })

  describe('simulator contract', () => {
    it('lists every member, ignores topics nobody subscribes to, and does not depend on member ids being sorted', () => {
      const members = [member('b', [topic]), member('a', [topic]), member('idle', ['missing'])]
      const assignment = stickyAssign({ [topic]: 3, unrelated: 5 }, members)
      expect(Object.keys(assignment).sort()).toEqual(['a', 'b', 'idle'])
      expect(assignment.idle).toEqual([])
      verifyAllAssigned({ [topic]: 3 }, members, assignment)
      expect(stickyAssign({ [topic]: 3 }, [...members].reverse())).toEqual(assignment)
    })

    it('drops a claim on a partition number the topic no longer has (Java would hand it out)', () => {
      const members = [member(consumer1, [topic], [tp(topic, 5), tp(topic, 0)], 3), member(consumer2, [topic], [], 3)]
      const assignment = stickyAssign({ [topic]: 2 }, members)
      expect(assignment).toEqual({ [consumer1]: [tp(topic, 0)], [consumer2]: [tp(topic, 1)] })
    })

    it('like Java, compares subscriptions with the first non-empty one in HashMap order, so a member subscribed to nothing that comes first shares the partitions', () => {
      // "c0" hashes to an earlier bucket than "c1" and "c2": Java meets its empty subscription first and
      // then compares the others with c1's, finds them equal and runs the constrained algorithm.
      const members = [member('c0', []), member('c1', [topic]), member('c2', [topic])]
      const assignment = stickyAssign({ [topic]: 3 }, members)
      expect(assignment).toEqual({ c0: [tp(topic, 0)], c1: [tp(topic, 1)], c2: [tp(topic, 2)] })
    })

    it('like Java, may hand a stale member an older claim on a topic it no longer subscribes to (a Java bug)', () => {
      // S rejoins with generation 3 claiming x-0 but now subscribes only to y. Java remembers S as x-0's
      // previous owner and, balancing, moves x-0 "back" to S without checking its subscription.
      const members = [
        member('S', ['y'], [tp('x', 0)], 3),
        member('B', ['x'], [tp('x', 0), tp('x', 1), tp('x', 2), tp('x', 3)], 5),
        member('C', ['x', 'y'], [], 5),
      ]
      expect(stickyAssign({ x: 4, y: 2 }, members)).toEqual({
        S: [tp('y', 1), tp('x', 0)],
        B: [tp('x', 2), tp('x', 3)],
        C: [tp('y', 0), tp('x', 1)],
      })
    })

    it('balances where Java throws a NullPointerException: a stale claimant that cannot take part in balancing', () => {
      // A subscribes to a topic with no metadata, so Java sets it aside, then looks it up as x-0's
      // previous owner and fails. We skip that shortcut and balance normally.
      const members = [
        member('A', ['missing'], [tp('x', 0)]),
        member('B', ['x'], [tp('x', 0), tp('x', 1), tp('x', 2), tp('x', 3)], 5),
        member('C', ['x'], [], 5),
      ]
      expect(stickyAssign({ x: 4 }, members)).toEqual({ A: [], B: [tp('x', 2), tp('x', 3)], C: [tp('x', 0), tp('x', 1)] })
    })

    it('assigns 1 topic x 1000 partitions to 100 members, fresh and with every partition owned: valid and balanced (npm run bench measures its speed)', () => {
      const ppt = { [topic]: 1000 }
      const fresh = Array.from({ length: 100 }, (_, i) => member(`consumer-${i}`, [topic]))
      const first = stickyAssign(ppt, fresh)
      // One member leaves and a new one joins: the leaver's partitions plus a share from everyone move.
      const next = rejoin(fresh, first, 1).slice(1).concat(member('consumer-new', [topic], [], 1))
      const second = stickyAssign(ppt, next)
      verifyAllAssigned(ppt, next, second)
      expect(isFullyBalanced(second)).toBe(true)
    })
  })

  describe('properties', () => {
    it('is valid, complete, balanced when subscriptions are equal, and sticky to the prior assignment', () => {
      fc.assert(
        fc.property(stickyInput, ({ ppt, members, uniform }) => {
          const assignment = stickyAssign(ppt, members)
          verifyValidityAndBalance(members, assignment)
          verifyAllAssigned(ppt, members, assignment)
          expect(isSticky(members, assignment)).toBe(true)
          if (uniform) {
            expect(isFullyBalanced(assignment)).toBe(true)
            // A member still within quota (at most floor(P/N) owned partitions) keeps all of them.
            const total = Object.values(ppt).reduce((a, b) => a + b, 0)
            const minQuota = Math.floor(total / members.length)
            for (const m of members) {
              const kept = new Set((assignment[m.memberId] ?? []).map(tpKey))
              const owned = m.owned ?? []
              if (owned.length <= minQuota) for (const p of owned) expect(kept.has(tpKey(p))).toBe(true)
              else expect(owned.filter((p) => kept.has(tpKey(p))).length).toBeGreaterThanOrEqual(minQuota)
            }
          }
        }),
        { numRuns: 300, seed: 20240611 },
      )
    })

    it('gives the same answer whatever the order of equal-generation claims inside a member', () => {
      fc.assert(
        fc.property(stickyInput, ({ ppt, members }) => {
          const reversed = members.map((m) => member(m.memberId, m.topics, [...(m.owned ?? [])].reverse(), m.generation))
          const a = stickyAssign(ppt, members)
          const b = stickyAssign(ppt, reversed)
          for (const m of members) expect(sortedPartitions(b[m.memberId])).toEqual(sortedPartitions(a[m.memberId]))
        }),
        { numRuns: 100, seed: 99 },
      )
    })
  })
})
