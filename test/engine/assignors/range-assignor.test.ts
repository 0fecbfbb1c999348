import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compareMemberInfo, rangeAssign } from '../../../src/engine/assignors/range'
import type { Assignment, MemberSubscription, PartitionsPerTopic, TopicPartition } from '../../../src/engine/assignors/types'

// Ported from apache/kafka clients/src/test/java/org/apache/kafka/clients/consumer/RangeAssignorTest.java,
// no-rack configurations only (the simulator has no client.rack and no broker racks).

const topic1 = 'topic1'
const topic2 = 'topic2'
const consumer1 = 'consumer1'
const consumer2 = 'consumer2'
const consumer3 = 'consumer3'
const instance1 = 'instance1'
const instance2 = 'instance2'
const instance3 = 'instance3'

function tp(topic: string, partition: number): TopicPartition {
  return { topic, partition }
}

function member(memberId: string, topics: string[], instanceId?: string): MemberSubscription {
  return instanceId === undefined ? { memberId, topics } : { memberId, instanceId, topics }
}

/** Java's `AbstractPartitionAssignorTest.toSortedString`: each partition as `topic-partition`, sorted as strings. */
function sortedString(partitions: TopicPartition[] | undefined): string {
  return (partitions ?? []).map((p) => `${p.topic}-${p.partition}`).sort().join(', ')
}

/** Java's `verifyRackAssignment` with consumers `consumer0..n-1`, reduced to the no-rack case it checks first. */
function expectNonRackAwareAssignment(topics: PartitionsPerTopic, consumerTopics: string[][], expected: string[]): void {
  const members = consumerTopics.map((topicsOfConsumer, i) => member(`consumer${i}`, topicsOfConsumer))
  const assignment = rangeAssign(topics, members)
  expect(members.map((m) => sortedString(assignment[m.memberId]))).toEqual(expected)
}

/** Java's `checkStaticAssignment`: the assignment re-keyed by `group.instance.id`. */
function byInstanceId(assignment: Assignment, members: MemberSubscription[]): Record<string, TopicPartition[]> {
  const result: Record<string, TopicPartition[]> = {}
  for (const m of members) if (m.instanceId !== undefined) result[m.instanceId] = assignment[m.memberId] ?? []
  return result
}

describe('RangeAssignor (partition.assignment.strategy=range)', () => {
  describe('ported from RangeAssignorTest', () => {
    it('gives a member with no subscription an empty list (RangeAssignorTest.testOneConsumerNoTopic)', () => {
      expect(rangeAssign({}, [member(consumer1, [])])).toEqual({ [consumer1]: [] })
    })

    it('skips a subscribed topic that has no metadata (RangeAssignorTest.testOneConsumerNonexistentTopic)', () => {
      expect(rangeAssign({}, [member(consumer1, [topic1])])).toEqual({ [consumer1]: [] })
    })

    it('gives a lone subscriber every partition of its topic (RangeAssignorTest.testOneConsumerOneTopic)', () => {
      expect(rangeAssign({ [topic1]: 3 }, [member(consumer1, [topic1])])).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 1), tp(topic1, 2)],
      })
    })

    it('assigns only partitions of subscribed topics (RangeAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics)', () => {
      expect(rangeAssign({ [topic1]: 3, other: 3 }, [member(consumer1, [topic1])])).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 1), tp(topic1, 2)],
      })
    })

    it('gives a lone subscriber every partition of all its topics (RangeAssignorTest.testOneConsumerMultipleTopics)', () => {
      expect(rangeAssign({ [topic1]: 1, [topic2]: 2 }, [member(consumer1, [topic1, topic2])])).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)],
      })
    })

    it('leaves the later member empty when a topic has fewer partitions than subscribers (RangeAssignorTest.testTwoConsumersOneTopicOnePartition)', () => {
      const assignment = rangeAssign({ [topic1]: 1 }, [member(consumer1, [topic1]), member(consumer2, [topic1])])
      expect(assignment).toEqual({ [consumer1]: [tp(topic1, 0)], [consumer2]: [] })
    })

    it('splits a topic evenly when its subscribers divide its partitions (RangeAssignorTest.testTwoConsumersOneTopicTwoPartitions)', () => {
      const assignment = rangeAssign({ [topic1]: 2 }, [member(consumer1, [topic1]), member(consumer2, [topic1])])
      expect(assignment).toEqual({ [consumer1]: [tp(topic1, 0)], [consumer2]: [tp(topic1, 1)] })
    })

    it('ranges each topic over its own subscribers only (RangeAssignorTest.testMultipleConsumersMixedTopics)', () => {
      const assignment = rangeAssign({ [topic1]: 3, [topic2]: 2 }, [
        member(consumer1, [topic1]),
        member(consumer2, [topic1, topic2]),
        member(consumer3, [topic1]),
      ])
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
        [consumer3]: [tp(topic1, 2)],
      })
    })

    it('gives the first n % c members of every topic one extra partition, in contiguous ranges (RangeAssignorTest.testTwoConsumersTwoTopicsSixPartitions)', () => {
      const assignment = rangeAssign({ [topic1]: 3, [topic2]: 3 }, [
        member(consumer1, [topic1, topic2]),
        member(consumer2, [topic1, topic2]),
      ])
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
        [consumer2]: [tp(topic1, 2), tp(topic2, 2)],
      })
    })

    it('orders static members by group.instance.id, not member id (RangeAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions)', () => {
      const consumerIdLow = 'consumer-b'
      const consumerIdHigh = 'consumer-a'
      const assignment = rangeAssign({ [topic1]: 3, [topic2]: 3 }, [
        member(consumerIdLow, [topic1, topic2], instance1),
        member(consumerIdHigh, [topic1, topic2], instance2),
      ])
      expect(assignment).toEqual({
        [consumerIdLow]: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
        [consumerIdHigh]: [tp(topic1, 2), tp(topic2, 2)],
      })
    })

    it('puts a static member before a dynamic one whatever their member ids (RangeAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions)', () => {
      const consumerIdLow = 'consumer-b'
      const consumerIdHigh = 'consumer-a'
      const assignment = rangeAssign({ [topic1]: 3, [topic2]: 3 }, [
        member(consumerIdLow, [topic1, topic2], instance1),
        member(consumerIdHigh, [topic1, topic2]),
      ])
      expect(assignment).toEqual({
        [consumerIdLow]: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
        [consumerIdHigh]: [tp(topic1, 2), tp(topic2, 2)],
      })
    })

    it('keeps static members on their partitions when a dynamic member is replaced (RangeAssignorTest.testStaticMemberRangeAssignmentPersistent)', () => {
      const partitionsPerTopic = { [topic1]: 5, [topic2]: 4 }
      const statics = [
        member(consumer1, [topic1, topic2], instance1),
        member(consumer2, [topic1, topic2], instance2),
        member(consumer3, [topic1, topic2], instance3),
      ]
      const staticExpectation = {
        [consumer1]: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0)],
        [consumer2]: [tp(topic1, 2), tp(topic2, 1)],
        [consumer3]: [tp(topic1, 3), tp(topic2, 2)],
      }
      expect(rangeAssign(partitionsPerTopic, [...statics, member('consumer4', [topic1, topic2])])).toEqual({
        ...staticExpectation,
        consumer4: [tp(topic1, 4), tp(topic2, 3)],
      })
      expect(rangeAssign(partitionsPerTopic, [...statics, member('consumer5', [topic1, topic2])])).toEqual({
        ...staticExpectation,
        consumer5: [tp(topic1, 4), tp(topic2, 3)],
      })
    })

    it('keeps each group.instance.id on its partitions when member ids change (RangeAssignorTest.testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges)', () => {
      const partitionsPerTopic = { [topic1]: 5, [topic2]: 5 }
      const before = [
        member(consumer1, [topic1, topic2], instance1),
        member(consumer2, [topic1, topic2], instance2),
        member(consumer3, [topic1, topic2], instance3),
      ]
      const staticAssignment = byInstanceId(rangeAssign(partitionsPerTopic, before), before)
      expect(staticAssignment).toEqual({
        [instance1]: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
        [instance2]: [tp(topic1, 2), tp(topic1, 3), tp(topic2, 2), tp(topic2, 3)],
        [instance3]: [tp(topic1, 4), tp(topic2, 4)],
      })
      // consumer3's subscription rejoins as consumer4, consumer2's as consumer5.
      const after = [
        member(consumer1, [topic1, topic2], instance1),
        member('consumer4', [topic1, topic2], instance3),
        member('consumer5', [topic1, topic2], instance2),
      ]
      expect(byInstanceId(rangeAssign(partitionsPerTopic, after), after)).toEqual(staticAssignment)
    })

    // The rack tests below also check the plain, no-rack assignment first (verifyNonRackAwareAssignment,
    // or a layout where every rack holds every partition); only that part applies to the simulator.
    it('balances every topic separately, so the first members collect the extras of each (RangeAssignorTest.testRackAwareAssignmentWithUniformSubscription, no-rack part)', () => {
      const all = ['t1', 't2', 't3']
      expectNonRackAwareAssignment({ t1: 6, t2: 7, t3: 2 }, [all, all, all], [
        't1-0, t1-1, t2-0, t2-1, t2-2, t3-0',
        't1-2, t1-3, t2-3, t2-4, t3-1',
        't1-4, t1-5, t2-5, t2-6',
      ])
    })

    it('divides a topic among its own subscribers only (RangeAssignorTest.testRackAwareAssignmentWithNonEqualSubscription, no-rack part)', () => {
      const all = ['t1', 't2', 't3']
      expectNonRackAwareAssignment({ t1: 6, t2: 7, t3: 2 }, [all, all, ['t1', 't3']], [
        't1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0',
        't1-2, t1-3, t2-4, t2-5, t2-6, t3-1',
        't1-4, t1-5',
      ])
    })

    it('co-partitions topics with equal partition counts and subscribers (RangeAssignorTest.testRackAwareAssignmentWithUniformPartitions, no-rack part)', () => {
      const all = ['t1', 't2', 't3']
      expectNonRackAwareAssignment({ t1: 5, t2: 5, t3: 5 }, [all, all, all], [
        't1-0, t1-1, t2-0, t2-1, t3-0, t3-1',
        't1-2, t1-3, t2-2, t2-3, t3-2, t3-3',
        't1-4, t2-4, t3-4',
      ])
    })

    it('co-partitions the topics that share subscribers (RangeAssignorTest.testRackAwareAssignmentWithUniformPartitionsNonEqualSubscription, no-rack part)', () => {
      const all = ['t1', 't2', 't3']
      expectNonRackAwareAssignment({ t1: 5, t2: 5, t3: 5 }, [all, all, ['t1', 't3']], [
        't1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1',
        't1-2, t1-3, t2-3, t2-4, t3-2, t3-3',
        't1-4, t3-4',
      ])
    })

    it('co-partitions t1/t2 and t3/t4 across their own subscribers (RangeAssignorTest.testRackAwareAssignmentWithCoPartitioning, no-rack part)', () => {
      const topics = { t1: 6, t2: 6, t3: 2, t4: 2 }
      expectNonRackAwareAssignment(topics, [['t1', 't2'], ['t1', 't2'], ['t3', 't4'], ['t3', 't4']], [
        't1-0, t1-1, t1-2, t2-0, t2-1, t2-2',
        't1-3, t1-4, t1-5, t2-3, t2-4, t2-5',
        't3-0, t4-0',
        't3-1, t4-1',
      ])
      const all = ['t1', 't2', 't3', 't4']
      expectNonRackAwareAssignment(topics, [all, all, all, all], [
        't1-0, t1-1, t2-0, t2-1, t3-0, t4-0',
        't1-2, t1-3, t2-2, t2-3, t3-1, t4-1',
        't1-4, t2-4',
        't1-5, t2-5',
      ])
    })

    it('co-partitions equal-sized topics and skips subscribed topics without metadata (RangeAssignorTest.testCoPartitionedAssignmentWithSameSubscription, no-rack part)', () => {
      const topicList = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']
      expectNonRackAwareAssignment({ t1: 6, t2: 6, t3: 2, t4: 2, t5: 4, t6: 4 }, [topicList, topicList, topicList], [
        't1-0, t1-1, t2-0, t2-1, t3-0, t4-0, t5-0, t5-1, t6-0, t6-1',
        't1-2, t1-3, t2-2, t2-3, t3-1, t4-1, t5-2, t6-2',
        't1-4, t1-5, t2-4, t2-5, t5-3, t6-3',
      ])
    })
  })

  describe('Kafka rules the ported tests leave implicit', () => {
    it('follows the class documentation example: C0 [t0p0, t0p1, t1p0, t1p1], C1 [t0p2, t1p2] (RangeAssignor javadoc)', () => {
      expect(rangeAssign({ t0: 3, t1: 3 }, [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])])).toEqual({
        C0: [tp('t0', 0), tp('t0', 1), tp('t1', 0), tp('t1', 1)],
        C1: [tp('t0', 2), tp('t1', 2)],
      })
    })

    it("orders member ids as plain strings, so 'consumer-10' ranks before 'consumer-2' (MemberInfo.compareTo)", () => {
      const assignment = rangeAssign({ orders: 3 }, [member('consumer-2', ['orders']), member('consumer-10', ['orders'])])
      expect(assignment).toEqual({ 'consumer-10': [tp('orders', 0), tp('orders', 1)], 'consumer-2': [tp('orders', 2)] })
      expect(compareMemberInfo(member('consumer-10', []), member('consumer-2', []))).toBeLessThan(0)
    })

    it('orders static members by instance id as plain strings and before every dynamic member (AbstractPartitionAssignorTest.testMemberInfoSortingSomeGroupInstanceId)', () => {
      const m1 = member('a', [])
      const m2 = member('b', [], 'y')
      const m3 = member('c', [], 'x')
      expect([m1, m2, m3].sort(compareMemberInfo)).toEqual([m3, m2, m1])
      const all = [member('a', [], 'y'), member('b', [], 'z'), member('c', [], 'x')]
      expect([...all].sort(compareMemberInfo).map((m) => m.memberId)).toEqual(['c', 'a', 'b'])
    })

    it('lists each member\'s ranges topic by topic in java.util.HashMap order of topic names, so t4 comes before t1', () => {
      // String.hashCode puts t4 in bucket 0 and t1..t3 in buckets 13..15 of a 16-bucket table.
      const all = ['t1', 't2', 't3', 't4']
      const assignment = rangeAssign({ t1: 6, t2: 6, t3: 2, t4: 2 }, ['consumer0', 'consumer1', 'consumer2', 'consumer3'].map((id) => member(id, all)))
      expect(assignment).toEqual({
        consumer0: [tp('t4', 0), tp('t1', 0), tp('t1', 1), tp('t2', 0), tp('t2', 1), tp('t3', 0)],
        consumer1: [tp('t4', 1), tp('t1', 2), tp('t1', 3), tp('t2', 2), tp('t2', 3), tp('t3', 1)],
        consumer2: [tp('t1', 4), tp('t2', 4)],
        consumer3: [tp('t1', 5), tp('t2', 5)],
      })
    })

    it('lists user-activity, payments, orders in that (hash) order, whatever order the member subscribed in', () => {
      const topics = { orders: 4, payments: 3, 'user-activity': 2 }
      const expected = {
        'consumer-10': [tp('user-activity', 0), tp('payments', 0), tp('payments', 1), tp('orders', 0), tp('orders', 1)],
        'consumer-2': [tp('user-activity', 1), tp('payments', 2), tp('orders', 2), tp('orders', 3)],
      }
      const subscribed = ['orders', 'payments', 'user-activity']
      expect(rangeAssign(topics, [member('consumer-2', subscribed), member('consumer-10', subscribed)])).toEqual(expected)
      const reversed = [...subscribed].reverse()
      expect(rangeAssign(topics, [member('consumer-10', reversed), member('consumer-2', reversed)])).toEqual(expected)
    })

    it('skips topics whose metadata lists no partitions, as AbstractPartitionAssignor does', () => {
      expect(rangeAssign({ empty: 0, [topic1]: 1 }, [member(consumer1, ['empty', topic1])])).toEqual({ [consumer1]: [tp(topic1, 0)] })
    })

    it('counts a member that lists a topic twice once (the rack-aware RangeAssignor keys subscribers by member id)', () => {
      const assignment = rangeAssign({ [topic1]: 4 }, [member(consumer1, [topic1, topic1]), member(consumer2, [topic1])])
      expect(assignment).toEqual({ [consumer1]: [tp(topic1, 0), tp(topic1, 1)], [consumer2]: [tp(topic1, 2), tp(topic1, 3)] })
    })

    it('treats topic names and member ids that look like Object properties as plain names', () => {
      const partitionsPerTopic: PartitionsPerTopic = Object.fromEntries([['__proto__', 2]])
      const assignment = rangeAssign(partitionsPerTopic, [member('__proto__', ['__proto__', 'constructor', 'toString'])])
      expect(Object.keys(assignment)).toEqual(['__proto__'])
      expect(assignment['__proto__']).toEqual([tp('__proto__', 0), tp('__proto__', 1)])
    })
  })

  describe('properties', () => {
    const topicName = fc.oneof(
      fc.constantFrom('t1', 't2', 't3', 't4', 't10', 'orders', 'payments', 'user-activity', 'topic1', 'topic2'),
      fc.string({ minLength: 1, maxLength: 5 }),
    )
    const memberId = fc.oneof(fc.nat({ max: 30 }).map((n) => `consumer-${n}`), fc.string({ minLength: 1, maxLength: 6 }))
    const group = fc
      .uniqueArray(topicName, { minLength: 1, maxLength: 10 })
      .chain((topics) =>
        fc.record({
          partitionsPerTopic: fc
            .subarray(topics)
            .chain((withMetadata) => fc.tuple(...withMetadata.map(() => fc.nat({ max: 12 }))).map((counts) => Object.fromEntries(withMetadata.map((t, i) => [t, counts[i] ?? 0])))),
          members: fc
            .uniqueArray(fc.record({ memberId, topics: fc.subarray(topics), instanceKey: fc.option(fc.nat({ max: 99 }), { nil: undefined }) }), {
              minLength: 1,
              maxLength: 8,
              selector: (m) => m.memberId,
            })
            .map((ms) =>
              ms.map(({ memberId: id, topics: subscribed, instanceKey }, i): MemberSubscription =>
                instanceKey === undefined ? member(id, subscribed) : member(id, subscribed, `instance-${instanceKey}-${i}`),
              ),
            ),
        }),
      )

    it('gives every partition of a subscribed topic to exactly one member subscribed to it, and nothing else', () => {
      fc.assert(
        fc.property(group, ({ partitionsPerTopic, members }) => {
          const assignment = rangeAssign(partitionsPerTopic, members)
          expect(Object.keys(assignment).sort()).toEqual(members.map((m) => m.memberId).sort())
          const owners = new Map<string, string[]>()
          for (const m of members) {
            for (const p of assignment[m.memberId] ?? []) {
              expect(m.topics).toContain(p.topic)
              const key = `${p.topic}-${p.partition}`
              owners.set(key, [...(owners.get(key) ?? []), m.memberId])
            }
          }
          const expected = Object.entries(partitionsPerTopic)
            .filter(([topic]) => members.some((m) => m.topics.includes(topic)))
            .flatMap(([topic, count]) => Array.from({ length: count }, (_, partition) => `${topic}-${partition}`))
          expect([...owners.keys()].sort()).toEqual(expected.sort())
          for (const holders of owners.values()) expect(holders).toHaveLength(1)
        }),
      )
    })

    it("gives each topic's subscribers counts differing by at most one, larger counts and lower partitions to the first in Kafka's order", () => {
      fc.assert(
        fc.property(group, ({ partitionsPerTopic, members }) => {
          const assignment = rangeAssign(partitionsPerTopic, members)
          for (const [topic, count] of Object.entries(partitionsPerTopic)) {
            const subscribers = members.filter((m) => m.topics.includes(topic)).sort(compareMemberInfo)
            if (subscribers.length === 0) continue
            const ranges = subscribers.map((m) => (assignment[m.memberId] ?? []).filter((p) => p.topic === topic).map((p) => p.partition))
            const counts = ranges.map((r) => r.length)
            expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
            for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1] ?? 0)
            // Contiguous ranges, handed out in member order: together they read 0, 1, ..., count - 1.
            expect(ranges.flat()).toEqual(Array.from({ length: count }, (_, p) => p))
          }
        }),
      )
    })

    it('gives each member the same partitions whatever order the members and their topics arrive in', () => {
      fc.assert(
        fc.property(group, fc.nat(), ({ partitionsPerTopic, members }, seed) => {
          const shuffled = [...members].reverse().map((m, i) => ({ ...m, topics: i % 2 === seed % 2 ? [...m.topics].reverse() : m.topics }))
          const asSets = (a: Assignment) => Object.fromEntries(Object.entries(a).map(([id, ps]) => [id, sortedString(ps)]))
          expect(asSets(rangeAssign(partitionsPerTopic, shuffled))).toEqual(asSets(rangeAssign(partitionsPerTopic, members)))
        }),
      )
    })
  })
})
