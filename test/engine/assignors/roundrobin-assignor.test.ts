import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { roundRobinAssign } from '../../../src/engine/assignors/roundrobin'
import type { Assignment, MemberSubscription, TopicPartition } from '../../../src/engine/assignors/types'

// Ported from apache/kafka clients/src/test/java/org/apache/kafka/clients/consumer/RoundRobinAssignorTest.java.
// RoundRobinAssignor has no rack-aware logic, so every test there applies.

const topic = 'topic'
const consumerId = 'consumer'
const topic1 = 'topic1'
const topic2 = 'topic2'

function tp(t: string, partition: number): TopicPartition {
  return { topic: t, partition }
}

function member(memberId: string, topics: string[], instanceId?: string): MemberSubscription {
  return instanceId === undefined ? { memberId, topics } : { memberId, instanceId, topics }
}

/** Java's `checkStaticAssignment`: the assignment re-keyed by `group.instance.id`. */
function byInstanceId(assignment: Assignment, members: MemberSubscription[]): Record<string, TopicPartition[]> {
  const result: Record<string, TopicPartition[]> = {}
  for (const m of members) if (m.instanceId !== undefined) result[m.instanceId] = assignment[m.memberId] ?? []
  return result
}

describe('RoundRobinAssignor (partition.assignment.strategy=roundrobin)', () => {
  describe('ported from RoundRobinAssignorTest', () => {
    it('gives a member with no subscription an empty list (RoundRobinAssignorTest.testOneConsumerNoTopic)', () => {
      expect(roundRobinAssign({}, [member(consumerId, [])])).toEqual({ [consumerId]: [] })
    })

    it('skips a subscribed topic that has no metadata (RoundRobinAssignorTest.testOneConsumerNonexistentTopic)', () => {
      expect(roundRobinAssign({}, [member(consumerId, [topic])])).toEqual({ [consumerId]: [] })
    })

    it('gives a lone subscriber every partition in order (RoundRobinAssignorTest.testOneConsumerOneTopic)', () => {
      expect(roundRobinAssign({ [topic]: 3 }, [member(consumerId, [topic])])).toEqual({
        [consumerId]: [tp(topic, 0), tp(topic, 1), tp(topic, 2)],
      })
    })

    it('assigns only partitions of subscribed topics (RoundRobinAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics)', () => {
      expect(roundRobinAssign({ [topic]: 3, other: 3 }, [member(consumerId, [topic])])).toEqual({
        [consumerId]: [tp(topic, 0), tp(topic, 1), tp(topic, 2)],
      })
    })

    it('lays out all partitions by topic name, then partition (RoundRobinAssignorTest.testOneConsumerMultipleTopics)', () => {
      expect(roundRobinAssign({ [topic1]: 1, [topic2]: 2 }, [member(consumerId, [topic1, topic2])])).toEqual({
        [consumerId]: [tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)],
      })
    })

    it('leaves the later member empty when there are fewer partitions than members (RoundRobinAssignorTest.testTwoConsumersOneTopicOnePartition)', () => {
      const assignment = roundRobinAssign({ [topic]: 1 }, [member('consumer1', [topic]), member('consumer2', [topic])])
      expect(assignment).toEqual({ consumer1: [tp(topic, 0)], consumer2: [] })
    })

    it('deals one partition to each member in turn (RoundRobinAssignorTest.testTwoConsumersOneTopicTwoPartitions)', () => {
      const assignment = roundRobinAssign({ [topic]: 2 }, [member('consumer1', [topic]), member('consumer2', [topic])])
      expect(assignment).toEqual({ consumer1: [tp(topic, 0)], consumer2: [tp(topic, 1)] })
    })

    it('skips members not subscribed to the partition\'s topic and carries on from there (RoundRobinAssignorTest.testMultipleConsumersMixedTopics)', () => {
      const assignment = roundRobinAssign({ [topic1]: 3, [topic2]: 2 }, [
        member('consumer1', [topic1]),
        member('consumer2', [topic1, topic2]),
        member('consumer3', [topic1]),
      ])
      expect(assignment).toEqual({
        consumer1: [tp(topic1, 0)],
        consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
        consumer3: [tp(topic1, 2)],
      })
    })

    it('keeps dealing across topic boundaries without restarting the circle (RoundRobinAssignorTest.testTwoDynamicConsumersTwoTopicsSixPartitions)', () => {
      const assignment = roundRobinAssign({ [topic1]: 3, [topic2]: 3 }, [
        member('consumer1', [topic1, topic2]),
        member('consumer2', [topic1, topic2]),
      ])
      expect(assignment).toEqual({
        consumer1: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
        consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
      })
    })

    it('orders static members by group.instance.id, not member id (RoundRobinAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions)', () => {
      const consumer1 = 'consumer-b'
      const consumer2 = 'consumer-a'
      const assignment = roundRobinAssign({ [topic1]: 3, [topic2]: 3 }, [
        member(consumer1, [topic1, topic2], 'instance1'),
        member(consumer2, [topic1, topic2], 'instance2'),
      ])
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
      })
    })

    it('puts a static member before a dynamic one whatever their member ids (RoundRobinAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions)', () => {
      const consumer1 = 'consumer-b'
      const consumer2 = 'consumer-a'
      const assignment = roundRobinAssign({ [topic1]: 3, [topic2]: 3 }, [
        member(consumer1, [topic1, topic2], 'instance1'),
        member(consumer2, [topic1, topic2]),
      ])
      expect(assignment).toEqual({
        [consumer1]: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
        [consumer2]: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
      })
    })

    it('keeps static members on their partitions when a dynamic member is replaced (RoundRobinAssignorTest.testStaticMemberRoundRobinAssignmentPersistent)', () => {
      const partitionsPerTopic = { [topic1]: 3, [topic2]: 3 }
      const statics = [
        member('consumer1', [topic1, topic2], 'instance1'),
        member('consumer2', [topic1, topic2], 'instance2'),
        member('consumer3', [topic1, topic2], 'instance3'),
      ]
      const staticExpectation = {
        consumer1: [tp(topic1, 0), tp(topic2, 1)],
        consumer2: [tp(topic1, 1), tp(topic2, 2)],
        consumer3: [tp(topic1, 2)],
      }
      expect(roundRobinAssign(partitionsPerTopic, [...statics, member('consumer4', [topic1, topic2])])).toEqual({
        ...staticExpectation,
        consumer4: [tp(topic2, 0)],
      })
      expect(roundRobinAssign(partitionsPerTopic, [...statics, member('consumer5', [topic1, topic2])])).toEqual({
        ...staticExpectation,
        consumer5: [tp(topic2, 0)],
      })
    })

    it('keeps each group.instance.id on its partitions when member ids change (RoundRobinAssignorTest.testStaticMemberRoundRobinAssignmentPersistentAfterMemberIdChanges)', () => {
      const partitionsPerTopic = { [topic1]: 5, [topic2]: 5 }
      const before = [
        member('consumer1', [topic1, topic2], 'instance1'),
        member('consumer2', [topic1, topic2], 'instance2'),
        member('consumer3', [topic1, topic2], 'instance3'),
      ]
      const staticAssignment = byInstanceId(roundRobinAssign(partitionsPerTopic, before), before)
      expect(staticAssignment).toEqual({
        instance1: [tp(topic1, 0), tp(topic1, 3), tp(topic2, 1), tp(topic2, 4)],
        instance2: [tp(topic1, 1), tp(topic1, 4), tp(topic2, 2)],
        instance3: [tp(topic1, 2), tp(topic2, 0), tp(topic2, 3)],
      })
      // consumer3's subscription rejoins as consumer4, consumer2's as consumer5.
      const after = [
        member('consumer1', [topic1, topic2], 'instance1'),
        member('consumer4', [topic1, topic2], 'instance3'),
        member('consumer5', [topic1, topic2], 'instance2'),
      ]
      expect(byInstanceId(roundRobinAssign(partitionsPerTopic, after), after)).toEqual(staticAssignment)
    })
  })

  describe('Kafka rules the ported tests leave implicit', () => {
    it('follows the class documentation example with identical subscriptions: C0 [t0p0, t0p2, t1p1], C1 [t0p1, t1p0, t1p2] (RoundRobinAssignor javadoc)', () => {
      expect(roundRobinAssign({ t0: 3, t1: 3 }, [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])])).toEqual({
        C0: [tp('t0', 0), tp('t0', 2), tp('t1', 1)],
        C1: [tp('t0', 1), tp('t1', 0), tp('t1', 2)],
      })
    })

    it('can be badly unbalanced when subscriptions differ: C0 [t0p0], C1 [t1p0], C2 [t1p1, t2p0, t2p1, t2p2] (RoundRobinAssignor javadoc)', () => {
      const assignment = roundRobinAssign({ t0: 1, t1: 2, t2: 3 }, [
        member('C0', ['t0']),
        member('C1', ['t0', 't1']),
        member('C2', ['t0', 't1', 't2']),
      ])
      expect(assignment).toEqual({
        C0: [tp('t0', 0)],
        C1: [tp('t1', 0)],
        C2: [tp('t1', 1), tp('t2', 0), tp('t2', 1), tp('t2', 2)],
      })
    })

    it("orders member ids as plain strings, so 'consumer-10' is dealt to before 'consumer-2' (MemberInfo.compareTo)", () => {
      const assignment = roundRobinAssign({ orders: 3 }, [member('consumer-2', ['orders']), member('consumer-10', ['orders'])])
      expect(assignment).toEqual({ 'consumer-10': [tp('orders', 0), tp('orders', 2)], 'consumer-2': [tp('orders', 1)] })
    })

    it('lays topics out in plain string order (TreeSet), so t10 comes before t2', () => {
      const assignment = roundRobinAssign({ t2: 2, t10: 1 }, [member('a', ['t2', 't10']), member('b', ['t2', 't10'])])
      expect(assignment).toEqual({ a: [tp('t10', 0), tp('t2', 1)], b: [tp('t2', 0)] })
    })

    it('skips topics whose metadata lists no partitions, and gives an empty group nothing', () => {
      expect(roundRobinAssign({ empty: 0, [topic1]: 1 }, [member('consumer1', ['empty', topic1])])).toEqual({ consumer1: [tp(topic1, 0)] })
      expect(roundRobinAssign({ [topic1]: 1 }, [])).toEqual({})
    })
  })

  describe('properties', () => {
    const topicName = fc.oneof(fc.constantFrom('t1', 't2', 't10', 'orders', 'payments', 'user-activity'), fc.string({ minLength: 1, maxLength: 5 }))
    const memberId = fc.oneof(fc.nat({ max: 30 }).map((n) => `consumer-${n}`), fc.string({ minLength: 1, maxLength: 6 }))
    const members = (topics: string[], subscribed: fc.Arbitrary<string[]>) =>
      fc
        .uniqueArray(fc.record({ memberId, topics: subscribed, instanceKey: fc.option(fc.nat({ max: 99 }), { nil: undefined }) }), {
          minLength: 1,
          maxLength: 8,
          selector: (m) => m.memberId,
        })
        .map((ms) =>
          ms.map(({ memberId: id, topics: t, instanceKey }, i): MemberSubscription =>
            instanceKey === undefined ? member(id, t) : member(id, t, `instance-${instanceKey}-${i}`),
          ),
        )
    const counts = (topics: string[]) =>
      fc.subarray(topics).chain((withMetadata) => fc.tuple(...withMetadata.map(() => fc.nat({ max: 12 }))).map((n) => Object.fromEntries(withMetadata.map((t, i) => [t, n[i] ?? 0]))))
    const group = fc.uniqueArray(topicName, { minLength: 1, maxLength: 10 }).chain((topics) =>
      fc.record({ partitionsPerTopic: counts(topics), members: members(topics, fc.subarray(topics)) }),
    )
    const uniformGroup = fc.uniqueArray(topicName, { minLength: 1, maxLength: 10 }).chain((topics) =>
      fc.record({ partitionsPerTopic: counts(topics), members: members(topics, fc.constant(topics)) }),
    )

    it('gives every partition of a subscribed topic to exactly one member subscribed to it, and nothing else', () => {
      fc.assert(
        fc.property(group, ({ partitionsPerTopic, members: group }) => {
          const assignment = roundRobinAssign(partitionsPerTopic, group)
          expect(Object.keys(assignment).sort()).toEqual(group.map((m) => m.memberId).sort())
          const owners = new Map<string, string[]>()
          for (const m of group) {
            for (const p of assignment[m.memberId] ?? []) {
              expect(m.topics).toContain(p.topic)
              const key = `${p.topic}-${p.partition}`
              owners.set(key, [...(owners.get(key) ?? []), m.memberId])
            }
          }
          const expected = Object.entries(partitionsPerTopic)
            .filter(([t]) => group.some((m) => m.topics.includes(t)))
            .flatMap(([t, count]) => Array.from({ length: count }, (_, partition) => `${t}-${partition}`))
          expect([...owners.keys()].sort()).toEqual(expected.sort())
          for (const holders of owners.values()) expect(holders).toHaveLength(1)
        }),
      )
    })

    it('keeps counts within one of each other when all subscriptions are identical', () => {
      fc.assert(
        fc.property(uniformGroup, ({ partitionsPerTopic, members: group }) => {
          const sizes = Object.values(roundRobinAssign(partitionsPerTopic, group)).map((ps) => ps.length)
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
        }),
      )
    })

    it('gives the same lists, in the same order, whatever order the members and their topics arrive in', () => {
      fc.assert(
        fc.property(group, ({ partitionsPerTopic, members: group }) => {
          const shuffled = [...group].reverse().map((m) => ({ ...m, topics: [...m.topics].reverse() }))
          expect(roundRobinAssign(partitionsPerTopic, shuffled)).toEqual(roundRobinAssign(partitionsPerTopic, group))
        }),
      )
    })
  })
})
