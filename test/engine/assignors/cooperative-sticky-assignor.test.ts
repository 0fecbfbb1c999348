import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cooperativeStickyAssign, stickyAssign } from '../../../src/engine/assignors/sticky'
import type { Assignment, MemberSubscription, PartitionsPerTopic, TopicPartition } from '../../../src/engine/assignors/types'
import { tpKey } from '../../../src/engine/assignors/types'
import {
  Group,
  canonicalName,
  isFullyBalanced,
  member,
  ownershipChanges,
  parsePartitions,
  rejoin,
  seededRandom,
  stickyInput,
  settleCooperatively,
  sortedPartitions,
  sortedString,
  tp,
  verifyAllAssigned,
  verifyCooperativeValidity,
} from './assignor-checks'

// Ported from apache/kafka clients/src/test/java/org/apache/kafka/clients/consumer/
// CooperativeStickyAssignorTest.java, which runs every AbstractStickyAssignorTest case against the
// cooperative assignor; no-rack configurations only. Java checks a cooperative result with a
// verifyValidityAndBalance that first runs the follow-up rebalances (members rejoin reporting what
// they now own, same generation) until nothing is revoked: `settle` below. Java's
// `partitionsTransferringOwnership` is what this round withholds: `withheld` below.

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

/** Partitions the eager assignor gives but this cooperative round withholds: partition -> intended owner. */
function withheld(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]): Record<string, string> {
  const eager = stickyAssign(partitionsPerTopic, members)
  const round = cooperativeStickyAssign(partitionsPerTopic, members)
  const result: Record<string, string> = {}
  for (const m of members) {
    const given = new Set((round[m.memberId] ?? []).map(tpKey))
    // Same target, minus the withheld partitions, in the same order.
    expect(round[m.memberId]).toEqual((eager[m.memberId] ?? []).filter((p) => given.has(tpKey(p))))
    for (const p of eager[m.memberId] ?? []) if (!given.has(tpKey(p))) result[tpKey(p)] = m.memberId
  }
  return Object.fromEntries(Object.entries(result).sort())
}

/** One cooperative round followed by Java's follow-up rounds; returns the round and the settled result. */
function settle(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]): { round: Assignment; final: Assignment } {
  const round = cooperativeStickyAssign(partitionsPerTopic, members)
  const { assignment } = settleCooperatively(partitionsPerTopic, members, round, cooperativeStickyAssign, generationId)
  return { round, final: assignment }
}

function countOf(partitions: TopicPartition[] | undefined, t: string): number {
  return (partitions ?? []).filter((p) => p.topic === t).length
}

describe('CooperativeStickyAssignor (partition.assignment.strategy=cooperative-sticky)', () => {
  describe('ported from AbstractStickyAssignorTest, as CooperativeStickyAssignorTest runs it', () => {
    it('gives a member subscribed to nothing an empty list (AbstractStickyAssignorTest.testOneConsumerNoTopic)', () => {
      const { round, final } = settle({}, [member(consumerId, [])])
      expect(round).toEqual({ [consumerId]: [] })
      expect(final).toEqual({ [consumerId]: [] })
    })

    it('skips a subscribed topic with no partitions (AbstractStickyAssignorTest.testOneConsumerNonexistentTopic)', () => {
      const members = [member(consumerId, [topic])]
      expect(cooperativeStickyAssign({ [topic]: 0 }, members)).toEqual({ [consumerId]: [] })
      expect(withheld({ [topic]: 0 }, members)).toEqual({})
    })

    it('gives a lone member every partition at once (AbstractStickyAssignorTest.testOneConsumerOneTopic)', () => {
      const members = [member(consumerId, [topic])]
      expect(cooperativeStickyAssign({ [topic]: 3 }, members)[consumerId]).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)])
      expect(withheld({ [topic]: 3 }, members)).toEqual({})
    })

    it('drops owned partitions of unsubscribed topics without withholding anything (AbstractStickyAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics)', () => {
      const members = [member(consumerId, [topic], [tp(topic, 0), tp(topic, 1), tp('other', 0), tp('other', 1)], generationId)]
      expect(cooperativeStickyAssign({ [topic]: 2 }, members)[consumerId]).toEqual([tp(topic, 0), tp(topic, 1)])
      expect(withheld({ [topic]: 2 }, members)).toEqual({})
    })

    it('gives a lone member every partition of all its topics (AbstractStickyAssignorTest.testOneConsumerMultipleTopics)', () => {
      const members = [member(consumerId, [topic1, topic2])]
      expect(cooperativeStickyAssign({ [topic1]: 1, [topic2]: 2 }, members)[consumerId]).toEqual([tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)])
    })

    it('gives a single partition to one of two members (AbstractStickyAssignorTest.testTwoConsumersOneTopicOnePartition)', () => {
      const members = [member(consumer1, [topic]), member(consumer2, [topic])]
      expect(withheld({ [topic]: 1 }, members)).toEqual({})
      const { final } = settle({ [topic]: 1 }, members)
      expect(isFullyBalanced(final)).toBe(true)
    })

    it('splits two partitions between two members (AbstractStickyAssignorTest.testTwoConsumersOneTopicTwoPartitions)', () => {
      const members = [member(consumer1, [topic]), member(consumer2, [topic])]
      expect(cooperativeStickyAssign({ [topic]: 2 }, members)).toEqual({ [consumer1]: [tp(topic, 0)], [consumer2]: [tp(topic, 1)] })
    })

    it('balances mixed subscriptions on the first round when nothing is owned (AbstractStickyAssignorTest.testMultipleConsumersMixedTopicSubscriptions)', () => {
      const members = [member(consumer1, [topic1]), member(consumer2, [topic1, topic2]), member(consumer3, [topic1])]
      const { round, final } = settle({ [topic1]: 3, [topic2]: 2 }, members)
      expect(round).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 2)],
        [consumer2]: [tp(topic2, 0), tp(topic2, 1)],
        [consumer3]: [tp(topic1, 1)],
      })
      expect(final).toEqual(round)
    })

    it('deals equal subscriptions round-robin (AbstractStickyAssignorTest.testTwoConsumersTwoTopicsSixPartitions)', () => {
      const members = [member(consumer1, [topic1, topic2]), member(consumer2, [topic1, topic2])]
      expect(cooperativeStickyAssign({ [topic1]: 3, [topic2]: 3 }, members)).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
      })
    })

    it('hands out a free partition at once: only partitions with an owner wait (AbstractStickyAssignorTest.testConsumerOwningMinQuotaExpectedMaxQuota)', () => {
      const topics = [topic1, topic2]
      const members = [
        member(consumer1, topics, [tp(topic1, 0), tp(topic2, 1)], generationId),
        member(consumer2, topics, [tp(topic1, 1), tp(topic2, 2)], generationId),
      ]
      expect(cooperativeStickyAssign({ [topic1]: 2, [topic2]: 3 }, members)).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic2, 1), tp(topic2, 0)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 2)],
      })
      expect(withheld({ [topic1]: 2, [topic2]: 3 }, members)).toEqual({})
    })

    it('withholds the partition an over-full member must give up, and hands it over in the follow-up round (AbstractStickyAssignorTest.testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers)', () => {
      const topics = [topic1, topic2]
      const ppt = { [topic1]: 2, [topic2]: 2 }
      const members = [
        member(consumer1, topics, [tp(topic1, 0), tp(topic2, 0)], generationId),
        member(consumer2, topics, [tp(topic1, 1), tp(topic2, 1)], generationId),
        member(consumer3, topics, [], generationId),
      ]
      expect(withheld(ppt, members)).toEqual({ [tpKey(tp(topic2, 0))]: consumer3 })
      const { round, final } = settle(ppt, members)
      expect(round[consumer3]).toEqual([])
      expect(final).toEqual({
        [consumer1]: [tp(topic1, 0)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 1)],
        [consumer3]: [tp(topic2, 0)],
      })
      expect(isFullyBalanced(final)).toBe(true)
    })

    it('needs no follow-up when every member is under minQuota (AbstractStickyAssignorTest.testAllConsumersAreUnderMinQuota)', () => {
      const topics = [topic1, topic2]
      const ppt = { [topic1]: 2, [topic2]: 3 }
      const members = [
        member(consumer1, topics, [tp(topic1, 0)], generationId),
        member(consumer2, topics, [tp(topic1, 1)], generationId),
        member(consumer3, topics, [], generationId),
      ]
      expect(withheld(ppt, members)).toEqual({})
      const { round, final } = settle(ppt, members)
      expect(final).toEqual(round)
      expect(final).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic2, 1)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 2)],
        [consumer3]: [tp(topic2, 0)],
      })
    })

    it('makes a newcomer wait one round for its share; a leaver\'s partitions move at once (AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic)', () => {
      const ppt = { [topic]: 3 }
      const group = new Group().put(member(consumer1, [topic]))
      let assignment = cooperativeStickyAssign(ppt, group.members())
      expect(assignment[consumer1]).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)])

      group.put(member(consumer1, [topic], assignment[consumer1], generationId)).put(member(consumer2, [topic], [], generationId))
      expect(withheld(ppt, group.members())).toEqual({ [tpKey(tp(topic, 2))]: consumer2 })
      assignment = settle(ppt, group.members()).final
      expect(assignment[consumer1]).toEqual([tp(topic, 0), tp(topic, 1)])
      expect(assignment[consumer2]).toEqual([tp(topic, 2)])

      group.remove(consumer1).put(member(consumer2, [topic], assignment[consumer2], generationId))
      expect(withheld(ppt, group.members())).toEqual({})
      assignment = cooperativeStickyAssign(ppt, group.members())
      expect(sortedPartitions(assignment[consumer2])).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)])
    })

    it('balances each topic across members as members come and go (AbstractStickyAssignorTest.testTopicBalanceAfterReassignment)', () => {
      const allTopics = [topic1, topic2]
      const ppt = { [topic1]: 12, [topic2]: 12 }
      const group = new Group().put(member(consumer1, allTopics))
      let assignment = settle(ppt, group.members()).final

      group.put(member(consumer1, allTopics, assignment[consumer1], generationId)).put(member(consumer2, allTopics, [], generationId))
      assignment = settle(ppt, group.members()).final
      for (const list of Object.values(assignment)) expect([countOf(list, topic1), countOf(list, topic2)]).toEqual([6, 6])

      group
        .put(member(consumer1, allTopics, assignment[consumer1], generationId))
        .put(member(consumer2, allTopics, assignment[consumer2], generationId))
        .put(member(consumer3, allTopics, [], generationId))
        .put(member(consumer4, allTopics, [], generationId))
      assignment = settle(ppt, group.members()).final
      for (const list of Object.values(assignment)) expect([countOf(list, topic1), countOf(list, topic2)]).toEqual([3, 3])

      group
        .remove(consumer1)
        .remove(consumer2)
        .put(member(consumer3, allTopics, assignment[consumer3], generationId))
        .put(member(consumer4, allTopics, assignment[consumer4], generationId))
      expect(withheld(ppt, group.members())).toEqual({})
      assignment = settle(ppt, group.members()).final
      for (const list of Object.values(assignment)) expect([countOf(list, topic1), countOf(list, topic2)]).toEqual([6, 6])
    })

    it('withholds exactly the revoked partitions from the newcomers, then settles as Java expects (AbstractStickyAssignorTest.testAddRemoveTwoConsumersTwoTopics)', () => {
      const allTopics = [topic1, topic2]
      const ppt = { [topic1]: 3, [topic2]: 4 }
      const group = new Group().put(member(consumer1, allTopics)).put(member(consumer2, allTopics))
      let assignment = settle(ppt, group.members()).final
      expect(assignment[consumer1]).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1), tp(topic2, 3)])
      expect(assignment[consumer2]).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)])

      group
        .put(member(consumer1, allTopics, assignment[consumer1], generationId))
        .put(member(consumer2, allTopics, assignment[consumer2], generationId))
        .put(member(consumer3, allTopics, [], generationId))
        .put(member(consumer4, allTopics, [], generationId))
      expect(withheld(ppt, group.members())).toEqual({
        [tpKey(tp(topic1, 2))]: consumer3,
        [tpKey(tp(topic2, 2))]: consumer4,
        [tpKey(tp(topic2, 3))]: consumer3,
      })
      const settled = settle(ppt, group.members())
      expect(settled.round[consumer3]).toEqual([])
      expect(settled.round[consumer4]).toEqual([])
      assignment = settled.final
      expect(assignment[consumer1]).toEqual([tp(topic1, 0), tp(topic2, 1)])
      expect(assignment[consumer2]).toEqual([tp(topic2, 0), tp(topic1, 1)])
      expect(assignment[consumer3]).toEqual([tp(topic1, 2), tp(topic2, 3)])
      expect(assignment[consumer4]).toEqual([tp(topic2, 2)])

      group
        .remove(consumer1)
        .remove(consumer2)
        .put(member(consumer3, allTopics, assignment[consumer3], generationId))
        .put(member(consumer4, allTopics, assignment[consumer4], generationId))
      assignment = cooperativeStickyAssign(ppt, group.members())
      expect(assignment[consumer3]).toEqual([tp(topic1, 2), tp(topic2, 3), tp(topic1, 0), tp(topic2, 1)])
      expect(assignment[consumer4]).toEqual([tp(topic2, 2), tp(topic1, 1), tp(topic2, 0)])
      expect(withheld(ppt, group.members())).toEqual({})
    })

    it('settles a subscription pattern round-robin handles poorly (AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i <= 5; i++) ppt[`topic${i}`] = (i % 2) + 1
      const members = [
        member('consumer1', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']),
        member('consumer2', ['topic1', 'topic3', 'topic5']),
        member('consumer3', ['topic1', 'topic3', 'topic5']),
        member('consumer4', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']),
      ]
      verifyAllAssigned(ppt, members, settle(ppt, members).final)
    })

    it('keeps existing partitions when a topic is added or removed, withholding nothing (AbstractStickyAssignorTest.testAddRemoveTopicTwoConsumers)', () => {
      const ppt: PartitionsPerTopic = { [topic]: 3 }
      const group = new Group().put(member(consumer1, [topic])).put(member(consumer2, [topic]))
      let assignment = settle(ppt, group.members()).final
      const first1 = assignment[consumer1] ?? []
      const first2 = assignment[consumer2] ?? []

      ppt[topic2] = 3
      group.put(member(consumer1, [topic, topic2], first1, generationId)).put(member(consumer2, [topic, topic2], first2, generationId))
      expect(withheld(ppt, group.members())).toEqual({})
      assignment = settle(ppt, group.members()).final
      const second1 = assignment[consumer1] ?? []
      const second2 = assignment[consumer2] ?? []
      expect([second1.length, second2.length]).toEqual([3, 3])
      expect(second1).toEqual(expect.arrayContaining(first1))
      expect(second2).toEqual(expect.arrayContaining(first2))

      delete ppt[topic]
      group.put(member(consumer1, [topic2], second1, generationId)).put(member(consumer2, [topic2], second2, generationId))
      expect(withheld(ppt, group.members())).toEqual({})
      assignment = settle(ppt, group.members()).final
      expect(second1).toEqual(expect.arrayContaining(assignment[consumer1] ?? []))
      expect(second2).toEqual(expect.arrayContaining(assignment[consumer2] ?? []))
    })

    it('moves only the leaver\'s partitions, so no follow-up is needed (AbstractStickyAssignorTest.testReassignmentAfterOneConsumerLeaves)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i < 20; i++) ppt[canonicalName('t', i, 20)] = i
      const group = new Group()
      for (let i = 1; i < 20; i++) {
        const topics: string[] = []
        for (let j = 1; j <= i; j++) topics.push(canonicalName('t', j, 20))
        group.put(member(canonicalName('c', i, 20), topics))
      }
      const assignment = settle(ppt, group.members()).final
      for (const m of group.members()) group.put(member(m.memberId, m.topics, assignment[m.memberId], generationId))
      group.remove(canonicalName('c', 10, 20)) // Java's test removes "consumer10", a name it never created
      const { round, final } = settle(ppt, group.members())
      verifyAllAssigned(ppt, group.members(), final)
      expect(verifyCooperativeValidity(group.members(), round)).toBe(false)
    })

    it('gives a newcomer its share when nobody reports owned partitions (AbstractStickyAssignorTest.testReassignmentAfterOneConsumerAdded)', () => {
      const ppt = { topic: 20 }
      const group = new Group()
      for (let i = 1; i < 10; i++) group.put(member(canonicalName('c', i, 10), ['topic']))
      expect(withheld(ppt, group.members())).toEqual({})
      settle(ppt, group.members())
      group.put(member(canonicalName('c', 10, 10), ['topic']))
      expect(withheld(ppt, group.members())).toEqual({})
      settle(ppt, group.members())
    })

    it('withholds nothing when a member of an equal-subscription group leaves (AbstractStickyAssignorTest.testSameSubscriptions)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i < 15; i++) ppt[canonicalName('t', i, 15)] = i
      const allTopics = Object.keys(ppt)
      const group = new Group()
      for (let i = 1; i < 9; i++) group.put(member(canonicalName('c', i, 9), allTopics))
      const assignment = settle(ppt, group.members()).final
      for (const m of group.members()) group.put(member(m.memberId, m.topics, assignment[m.memberId], generationId))
      group.remove(canonicalName('c', 5, 9))
      expect(withheld(ppt, group.members())).toEqual({})
      settle(ppt, group.members())
    })

    it('handles a large uniform group fast (AbstractStickyAssignorTest.testLargeAssignmentAndGroupWithUniformSubscription, scaled down)', () => {
      const topics = Array.from({ length: 20 }, (_, i) => canonicalName('t', i, 20))
      const ppt: PartitionsPerTopic = Object.fromEntries(topics.map((t) => [t, 500]))
      const members = Array.from({ length: 500 }, (_, i) => member(canonicalName('c', i, 500), topics))
      const assignment = cooperativeStickyAssign(ppt, members)
      const next = members.map((m, i) => (i === 0 ? m : member(m.memberId, topics, assignment[m.memberId], generationId)))
      const { final } = settle(ppt, next)
      verifyAllAssigned(ppt, next, final)
    })

    it('handles a large group where one member subscribes differently (AbstractStickyAssignorTest.testLargeAssignmentAndGroupWithNonEqualSubscription, scaled down)', () => {
      const topics = Array.from({ length: 10 }, (_, i) => canonicalName('t', i, 10))
      const ppt: PartitionsPerTopic = Object.fromEntries(topics.map((t) => [t, 100]))
      const subscriptionOf = (i: number): string[] => (i === 99 ? topics.slice(0, 1) : topics)
      const members = Array.from({ length: 100 }, (_, i) => member(canonicalName('c', i, 100), subscriptionOf(i)))
      const assignment = settle(ppt, members).final
      const next = members.map((m, i) => (i === 0 ? m : member(m.memberId, m.topics, assignment[m.memberId], generationId)))
      verifyAllAssigned(ppt, next, settle(ppt, next).final)
    })

    it('handles two disjoint subscription groups (AbstractStickyAssignorTest.testAssignmentAndGroupWithNonEqualSubscriptionNotTimeout, scaled down)', () => {
      const topics = Array.from({ length: 20 }, (_, i) => canonicalName('t', i, 20))
      const ppt: PartitionsPerTopic = Object.fromEntries(topics.map((t) => [t, 20]))
      const subscriptionOf = (i: number): string[] => (i % 4 === 0 ? topics.slice(0, 10) : topics.slice(10))
      const members = Array.from({ length: 100 }, (_, i) => member(canonicalName('c', i, 100), subscriptionOf(i)))
      const assignment = settle(ppt, members).final
      const next = members.map((m, i) => (i === 0 ? m : member(m.memberId, m.topics, assignment[m.memberId], generationId)))
      verifyAllAssigned(ppt, next, settle(ppt, next).final)
    })

    it('never gives a partition to two members when three generations claim it (AbstractStickyAssignorTest.testSubscriptionNotEqualAndAssignSamePartitionWith3Generation)', () => {
      const ppt = { [topic]: 6, [topic1]: 1 }
      for (const [g1, g2, g3] of [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]] as const) {
        const members = [
          member(consumer1, [topic], [tp(topic, 0), tp(topic, 2)], g1),
          member(consumer2, [topic], [tp(topic, 1), tp(topic, 2), tp(topic, 3)], g2),
          member(consumer3, [topic], [tp(topic, 2), tp(topic, 4), tp(topic, 5)], g3),
          member(consumer4, [topic1], [tp(topic1, 0)], 2),
        ]
        const assignment = cooperativeStickyAssign(ppt, members)
        const all = Object.values(assignment).flat().map(tpKey)
        expect(new Set(all).size).toBe(all.length)
        verifyCooperativeValidity(members, assignment)
      }
    })

    it('settles valid and complete when many members with random subscriptions leave (AbstractStickyAssignorTest.testLargeAssignmentWithMultipleConsumersLeavingAndRandomSubscription, seeded)', () => {
      const rand = seededRandom(42)
      const topicCount = 40
      const consumerCount = 200
      const ppt: PartitionsPerTopic = {}
      for (let i = 0; i < topicCount; i++) ppt[canonicalName('t', i, topicCount)] = rand.nextInt(10) + 1
      const group = new Group()
      for (let i = 0; i < consumerCount; i++) {
        const topics: string[] = []
        for (let j = 0; j < rand.nextInt(20); j++) topics.push(canonicalName('t', rand.nextInt(topicCount), topicCount))
        group.put(member(canonicalName('c', i, consumerCount), topics))
      }
      const assignment = settle(ppt, group.members()).final
      for (let i = 1; i < consumerCount; i++) {
        const id = canonicalName('c', i, consumerCount)
        group.put(member(id, group.get(id).topics, assignment[id], generationId))
      }
      for (let i = 0; i < 50; i++) group.remove(canonicalName('c', rand.nextInt(consumerCount), consumerCount))
      verifyAllAssigned(ppt, group.members(), settle(ppt, group.members()).final)
    })

    it('settles when a member adds a topic to its subscription (AbstractStickyAssignorTest.testNewSubscription)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i < 5; i++) ppt[canonicalName('t', i, 5)] = 1
      const group = new Group()
      for (let i = 0; i < 3; i++) {
        const topics: string[] = []
        for (let j = i; j <= 3 * i - 2; j++) topics.push(canonicalName('t', j, 5))
        group.put(member(canonicalName('c', i, 3), topics))
      }
      settle(ppt, group.members())
      const c0 = group.get(canonicalName('c', 0, 3))
      group.put(member(c0.memberId, [...c0.topics, canonicalName('t', 1, 5)]))
      settle(ppt, group.members())
    })

    it('moves owned single-partition topics only through a follow-up round (AbstractStickyAssignorTest.testMoveExistingAssignments)', () => {
      const ppt: PartitionsPerTopic = {}
      for (let i = 1; i <= 6; i++) ppt[`topic${i}`] = 1
      const members = [
        member(consumer1, [topic1, topic2], [tp(topic1, 0)], generationId),
        member(consumer2, [topic1, topic2, topic3, 'topic4'], [tp(topic2, 0), tp(topic3, 0)], generationId),
        member(consumer3, [topic2, topic3, 'topic4', 'topic5', 'topic6'], [tp('topic4', 0), tp('topic5', 0), tp('topic6', 0)], generationId),
      ]
      verifyAllAssigned(ppt, members, settle(ppt, members).final)
    })

    it('keeps each remaining member\'s partition when the leader leaves (AbstractStickyAssignorTest.testStickiness)', () => {
      const ppt = { [topic1]: 3 }
      const group = new Group()
      for (const id of [consumer1, consumer2, consumer3, consumer4]) group.put(member(id, [topic1]))
      let assignment = settle(ppt, group.members()).final
      const previously = new Map<string, TopicPartition>()
      for (const [consumer, list] of Object.entries(assignment)) if (list[0] !== undefined) previously.set(consumer, list[0])

      group.remove(consumer1)
      for (const id of [consumer2, consumer3, consumer4]) group.put(member(id, [topic1], assignment[id], generationId))
      expect(withheld(ppt, group.members())).toEqual({})
      assignment = settle(ppt, group.members()).final
      for (const [consumer, list] of Object.entries(assignment)) {
        expect(list.length).toBe(1)
        const had = previously.get(consumer)
        if (had !== undefined) expect(list).toContainEqual(had)
      }
    })

    it('assigns the topics that exist and skips a deleted one (AbstractStickyAssignorTest.testAssignmentUpdatedForDeletedTopic)', () => {
      const members = [member(consumerId, [topic1, topic2, topic3])]
      const assignment = cooperativeStickyAssign({ [topic1]: 1, [topic3]: 100 }, members)
      expect(assignment[consumerId]?.length).toBe(101)
    })

    it('returns an empty list when the only subscribed topic is deleted (AbstractStickyAssignorTest.testNoExceptionThrownWhenOnlySubscribedTopicDeleted)', () => {
      const first = cooperativeStickyAssign({ [topic]: 3 }, [member(consumerId, [topic])])
      expect(cooperativeStickyAssign({}, [member(consumerId, [topic], first[consumerId], generationId)])).toEqual({ [consumerId]: [] })
    })

    it('settles valid through random subscription changes (AbstractStickyAssignorTest.testReassignmentWithRandomSubscriptionsAndChanges, seeded, 25 rounds)', () => {
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
        const pick = (): string[] => {
          const selected = [...topics]
          const remove = rand.nextInt(topics.length)
          for (let i = 1; i <= remove; i++) selected.splice(rand.nextInt(selected.length), 1)
          return selected.sort()
        }
        let members: MemberSubscription[] = []
        for (let i = 0; i < numConsumers; i++) members.push(member(canonicalName('c', i, 40), pick()))
        const assignment = settle(ppt, members).final
        members = members.map((m) => member(m.memberId, pick(), assignment[m.memberId], generationId))
        verifyAllAssigned(ppt, members, settle(ppt, members).final)
      }
    })

    it('counts members that reached their quota as filled (AbstractStickyAssignorTest.testAllConsumersReachExpectedQuotaAndAreConsideredFilled)', () => {
      const members = [
        member(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId),
        member(consumer2, [topic], [tp(topic, 2)], generationId),
        member(consumer3, [topic], [], generationId),
      ]
      expect(cooperativeStickyAssign({ [topic]: 4 }, members)).toEqual({
        [consumer1]: [tp(topic, 0), tp(topic, 1)],
        [consumer2]: [tp(topic, 2)],
        [consumer3]: [tp(topic, 3)],
      })
      expect(withheld({ [topic]: 4 }, members)).toEqual({})
    })

    it('gives a partition claimed in two generations to the higher one, withholding nothing (AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration)', () => {
      const claimed = [tp(topic, 0), tp(topic, 2), tp(topic2, 1)]
      const members = [member(consumer1, [topic, topic2], claimed, 10), member(consumer2, [topic, topic2], claimed, 9)]
      const assignment = cooperativeStickyAssign({ [topic]: 3, [topic2]: 3 }, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual(sortedPartitions(claimed))
      expect(sortedPartitions(assignment[consumer2])).toEqual(sortedPartitions([tp(topic, 1), tp(topic2, 0), tp(topic2, 2)]))
      expect(withheld({ [topic]: 3, [topic2]: 3 }, members)).toEqual({})
    })

    it('prefers a claim with a generation over one without (AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration)', () => {
      const claimed = [tp(topic, 0), tp(topic, 2), tp(topic2, 1)]
      const members = [member(consumer1, [topic, topic2], claimed, 10), member(consumer2, [topic, topic2], claimed, -1)]
      const assignment = cooperativeStickyAssign({ [topic]: 3, [topic2]: 3 }, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual(sortedPartitions(claimed))
      expect(sortedPartitions(assignment[consumer2])).toEqual(sortedPartitions([tp(topic, 1), tp(topic2, 0), tp(topic2, 2)]))
    })

    it('withholds a partition claimed twice in the same generation until both claimants have let go (AbstractStickyAssignorTest.testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration)', () => {
      const members = [
        member(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId),
        member(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], generationId),
        member(consumer3, [topic], [], generationId),
      ]
      expect(withheld({ [topic]: 3 }, members)).toEqual({ [tpKey(tp(topic, 0))]: consumer3 })
      const { round, final } = settle({ [topic]: 3 }, members)
      expect(round[consumer3]).toEqual([])
      expect(final).toEqual({ [consumer1]: [tp(topic, 1)], [consumer2]: [tp(topic, 2)], [consumer3]: [tp(topic, 0)] })
    })

    it('keeps a disputed partition with the highest generation (AbstractStickyAssignorTest.testEnsurePartitionsAssignedToHighestGeneration)', () => {
      const topics = [topic, topic2, topic3]
      const members = [
        member(consumer1, topics, [tp(topic, 0), tp(topic2, 0), tp(topic3, 0)], 10),
        member(consumer2, topics, [tp(topic, 1), tp(topic2, 1), tp(topic3, 1)], 9),
        member(consumer3, topics, [tp(topic2, 1), tp(topic3, 0), tp(topic3, 2)], 8),
      ]
      const ppt = { [topic]: 3, [topic2]: 3, [topic3]: 3 }
      const assignment = cooperativeStickyAssign(ppt, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual([tp(topic, 0), tp(topic2, 0), tp(topic3, 0)])
      expect(sortedPartitions(assignment[consumer2])).toEqual([tp(topic, 1), tp(topic2, 1), tp(topic3, 1)])
      expect(sortedPartitions(assignment[consumer3])).toEqual([tp(topic, 2), tp(topic2, 2), tp(topic3, 2)])
      expect(withheld(ppt, members)).toEqual({})
    })

    it('gives the newcomer the free partitions at once (AbstractStickyAssignorTest.testNoReassignmentOnCurrentMembers)', () => {
      const topics = [topic, topic2, topic3, topic1]
      const ppt = { [topic]: 3, [topic1]: 3, [topic2]: 3, [topic3]: 3 }
      const members = [
        member(consumer1, topics, [], -1),
        member(consumer2, topics, [tp(topic, 0), tp(topic2, 0), tp(topic1, 0)], 9),
        member(consumer3, topics, [tp(topic3, 2), tp(topic2, 2), tp(topic1, 1)], 8),
        member(consumer4, topics, [tp(topic3, 1), tp(topic, 1), tp(topic, 2)], 7),
      ]
      const assignment = cooperativeStickyAssign(ppt, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual([tp(topic1, 2), tp(topic2, 1), tp(topic3, 0)])
      expect(withheld(ppt, members)).toEqual({})
      expect(isFullyBalanced(assignment)).toBe(true)
    })

    it('gives each disputed partition to the higher generation (AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration)', () => {
      const members = [
        member(consumer1, [topic, topic2], [tp(topic, 0), tp(topic2, 1), tp(topic, 1)], 10),
        member(consumer2, [topic, topic2], [tp(topic, 0), tp(topic2, 1), tp(topic2, 2)], 8),
      ]
      const assignment = cooperativeStickyAssign({ [topic]: 3, [topic2]: 3 }, members)
      expect(sortedPartitions(assignment[consumer1])).toEqual(sortedPartitions([tp(topic, 0), tp(topic2, 1), tp(topic, 1)]))
      expect(sortedPartitions(assignment[consumer2])).toEqual(sortedPartitions([tp(topic, 2), tp(topic2, 2), tp(topic2, 0)]))
    })

    it('matches Java\'s non-rack-aware answer for uniform subscriptions, fresh and when already owned (AbstractStickyAssignorTest.testRackAwareAssignmentWithUniformSubscription)', () => {
      const ppt = { t1: 6, t2: 7, t3: 2 }
      const expected = ['t1-0, t1-3, t2-0, t2-3, t2-6', 't1-1, t1-4, t2-1, t2-4, t3-0', 't1-2, t1-5, t2-2, t2-5, t3-1']
      for (const owned of [undefined, expected]) {
        const members = expected.map((_, i) => member(`consumer${i}`, ['t1', 't2', 't3'], owned && parsePartitions(owned[i] ?? '')))
        const assignment = cooperativeStickyAssign(ppt, members)
        expect(members.map((m) => sortedString(assignment[m.memberId]))).toEqual(expected)
      }
    })

    it('revokes first and completes in the next round when owned partitions must move, unequal subscriptions (AbstractStickyAssignorTest.testRackAwareAssignmentWithNonEqualSubscription)', () => {
      const ppt = { t1: 6, t2: 7, t3: 2 }
      const consumerTopics = [['t1', 't2', 't3'], ['t1', 't2', 't3'], ['t1', 't3']]
      const fresh = ['t1-5, t2-0, t2-2, t2-4, t2-6', 't1-3, t2-1, t2-3, t2-5, t3-0', 't1-0, t1-1, t1-2, t1-4, t3-1']
      const owned = ['t1-0, t1-1, t1-2, t1-3, t1-4', 't1-5, t2-0, t2-1, t2-2, t2-3', 't2-4, t2-5, t2-6, t3-0, t3-1']
      const intermediate = ['t1-2, t1-3, t1-4', 't2-0, t2-1, t2-2, t2-3', 't3-0, t3-1']
      const final = ['t1-2, t1-3, t1-4, t2-4, t2-5', 't2-0, t2-1, t2-2, t2-3, t2-6', 't1-0, t1-1, t1-5, t3-0, t3-1']
      const run = (claims: string[] | undefined): string[] => {
        const members = consumerTopics.map((topics, i) => member(`consumer${i}`, topics, claims && parsePartitions(claims[i] ?? '')))
        const assignment = cooperativeStickyAssign(ppt, members)
        return members.map((m) => sortedString(assignment[m.memberId]))
      }
      expect(run(undefined)).toEqual(fresh)
      expect(run(fresh)).toEqual(fresh)
      expect(run(owned)).toEqual(intermediate)
      expect(run(intermediate)).toEqual(final)
    })
  })

  describe('ported from CooperativeStickyAssignorTest', () => {
    it('gives a partition claimed by two members of the same generation to nobody this round (CooperativeStickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer)', () => {
      const members = [
        member(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId),
        member(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], generationId),
        member(consumer3, [topic], [], generationId),
      ]
      const { round, final } = settle({ [topic]: 3 }, members)
      expect(round).toEqual({ [consumer1]: [tp(topic, 1)], [consumer2]: [tp(topic, 2)], [consumer3]: [] })
      expect(isFullyBalanced(final)).toBe(true)
    })

    it('withholds the doubly claimed partition also when counts are unequal (CooperativeStickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer)', () => {
      const members = [
        member(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId),
        member(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], generationId),
        member(consumer3, [topic], [], generationId),
      ]
      const { round, final } = settle({ [topic]: 4 }, members)
      expect(round).toEqual({ [consumer1]: [tp(topic, 1), tp(topic, 3)], [consumer2]: [tp(topic, 2)], [consumer3]: [] })
      expect(isFullyBalanced(final)).toBe(true)
    })

    it('keeps what members on older subscription versions report (CooperativeStickyAssignorTest.testAssignorWithOldVersionSubscriptions)', () => {
      const members = [
        member(consumer1, [topic1], [tp(topic1, 0)], generationId),
        member(consumer2, [topic1], [tp(topic1, 1)], generationId),
        member(consumer3, [topic1], [], generationId),
      ]
      const { round, final } = settle({ [topic1]: 3 }, members)
      expect(round).toEqual({ [consumer1]: [tp(topic1, 0)], [consumer2]: [tp(topic1, 1)], [consumer3]: [tp(topic1, 2)] })
      expect(final).toEqual(round)
    })
  })

  describe('the follow-up round', () => {
    it('can settle on a different answer than the eager assignor gives for the same claims, even with equal subscriptions', () => {
      // Eager: m1 gives b-1 to m2. Cooperative: b-1 is withheld; in the follow-up m0 and m2 both sit at
      // minQuota and the free b-1 goes to the first by member id, m0.
      const ppt = { a: 2, b: 3 }
      const members = [
        member('m0', ['a', 'b'], [], 1),
        member('m1', ['a', 'b'], [tp('a', 0), tp('b', 0), tp('b', 1)], 1),
        member('m2', ['a', 'b'], [tp('b', 2)], 1),
      ]
      expect(stickyAssign(ppt, members)).toEqual({ m0: [tp('a', 1)], m1: [tp('a', 0), tp('b', 0)], m2: [tp('b', 2), tp('b', 1)] })
      const round = cooperativeStickyAssign(ppt, members)
      expect(round).toEqual({ m0: [tp('a', 1)], m1: [tp('a', 0), tp('b', 0)], m2: [tp('b', 2)] })
      expect(cooperativeStickyAssign(ppt, rejoin(members, round, 2))).toEqual({
        m0: [tp('a', 1), tp('b', 1)],
        m1: [tp('a', 0), tp('b', 0)],
        m2: [tp('b', 2)],
      })
    })
  })

  describe('properties', () => {
    it('never gives a partition to a new owner in the round it is taken from its old owner, withholding exactly the partitions that change owner', () => {
      fc.assert(
        fc.property(stickyInput, ({ ppt, members }) => {
          const round = cooperativeStickyAssign(ppt, members)
          verifyCooperativeValidity(members, round)
          const eager = stickyAssign(ppt, members)
          const changes = ownershipChanges(members, eager)
          for (const m of members) {
            const expected = (eager[m.memberId] ?? []).filter((p) => changes[tpKey(p)] !== m.memberId)
            expect(round[m.memberId]).toEqual(expected)
          }
        }),
        { numRuns: 300, seed: 1 },
      )
    })

    it('settles within Java\'s 4 follow-up rounds on a valid, complete assignment; with equal subscriptions one follow-up suffices and the result is fully balanced', () => {
      fc.assert(
        fc.property(stickyInput, ({ ppt, members, uniform }) => {
          const round = cooperativeStickyAssign(ppt, members)
          const { assignment, rebalances } = settleCooperatively(ppt, members, round, cooperativeStickyAssign, 6)
          verifyAllAssigned(ppt, members, assignment)
          if (uniform) {
            expect(rebalances).toBeLessThanOrEqual(1)
            expect(isFullyBalanced(assignment)).toBe(true)
          }
        }),
        { numRuns: 300, seed: 2 },
      )
    })

    it('in a follow-up round that revokes nothing, gives exactly what the eager assignor gives for the same claims (Kafka fact 6e)', () => {
      fc.assert(
        fc.property(stickyInput, ({ ppt, members }) => {
          const round = cooperativeStickyAssign(ppt, members)
          const next = rejoin(members, round, 6)
          const followUp = cooperativeStickyAssign(ppt, next)
          if (!verifyCooperativeValidity(next, followUp)) expect(followUp).toEqual(stickyAssign(ppt, next))
        }),
        { numRuns: 300, seed: 3 },
      )
    })
  })
})
