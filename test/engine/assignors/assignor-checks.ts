import fc from 'fast-check'
import { expect } from 'vitest'
import type { Assignment, MemberSubscription, PartitionsPerTopic, TopicPartition } from '../../../src/engine/assignors/types'
import { compareTopicPartitions, tpKey } from '../../../src/engine/assignors/types'

// Verifiers ported from apache/kafka's AbstractStickyAssignorTest and CooperativeStickyAssignorTest,
// plus the small builders the sticky assignor tests share.

export type AssignFn = (partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[]) => Assignment

export function tp(topic: string, partition: number): TopicPartition {
  return { topic, partition }
}

/** A member as Java's tests build it: `subscription(topics)` or `buildSubscriptionV2Above(topics, owned, generation)`. */
export function member(memberId: string, topics: string[], owned?: TopicPartition[], generation?: number): MemberSubscription {
  const m: MemberSubscription = { memberId, topics }
  if (owned !== undefined) m.owned = owned
  if (generation !== undefined) m.generation = generation
  return m
}

/** Java's `AbstractPartitionAssignorTest.toSortedString`: `topic-partition` strings, sorted, comma separated. */
export function sortedString(partitions: readonly TopicPartition[] | undefined): string {
  return (partitions ?? []).map(tpKey).sort().join(', ')
}

/** Parses Java's `"t1-0, t1-3"` notation. */
export function parsePartitions(text: string): TopicPartition[] {
  if (text.trim() === '') return []
  return text.split(', ').map((s) => {
    const dash = s.lastIndexOf('-')
    return tp(s.slice(0, dash), Number(s.slice(dash + 1)))
  })
}

export function sortedPartitions(partitions: readonly TopicPartition[] | undefined): TopicPartition[] {
  return [...(partitions ?? [])].sort(compareTopicPartitions)
}

/**
 * Java's `subscriptions` HashMap as the tests use it: `put` of a present member keeps its place,
 * `remove` then `put` moves it to the end. Its `members()` are in that insertion order, which is
 * what the assignors read as the JoinGroup order.
 */
export class Group {
  private readonly byId = new Map<string, MemberSubscription>()

  put(m: MemberSubscription): this {
    this.byId.set(m.memberId, m)
    return this
  }

  remove(memberId: string): this {
    this.byId.delete(memberId)
    return this
  }

  get(memberId: string): MemberSubscription {
    const m = this.byId.get(memberId)
    if (m === undefined) throw new Error(`no member ${memberId}`)
    return m
  }

  members(): MemberSubscription[] {
    return [...this.byId.values()]
  }
}

/**
 * Java's `verifyValidityAndBalance`. Validity: every member is subscribed to the topics of its
 * partitions, and no partition goes to two members. Balance: two members whose counts differ by 2+
 * share no topic (else a partition could have moved to the lighter one).
 */
export function verifyValidityAndBalance(members: MemberSubscription[], assignment: Assignment): void {
  const ids = members.map((m) => m.memberId).sort()
  expect(Object.keys(assignment).sort()).toEqual(ids)
  const byId = new Map(members.map((m) => [m.memberId, m]))
  const holder = new Map<string, string>()
  const topicsOf = new Map<string, Set<string>>()
  for (const consumer of ids) {
    const partitions = assignment[consumer] ?? []
    for (const p of partitions) {
      expect(byId.get(consumer)?.topics, `${tpKey(p)} is assigned to ${consumer}, which is not subscribed to ${p.topic}`).toContain(p.topic)
      const other = holder.get(tpKey(p))
      expect(other, `${consumer} and ${other ?? ''} share ${tpKey(p)}`).toBeUndefined()
      holder.set(tpKey(p), consumer)
    }
    topicsOf.set(consumer, new Set(partitions.map((p) => p.topic)))
  }
  for (let i = 0; i < ids.length; i++) {
    const consumer = ids[i] as string
    const len = assignment[consumer]?.length ?? 0
    for (let j = i + 1; j < ids.length; j++) {
      const other = ids[j] as string
      const otherLen = assignment[other]?.length ?? 0
      if (Math.abs(len - otherLen) <= 1) continue
      const mine = topicsOf.get(consumer) ?? new Set<string>()
      const shared = [...(topicsOf.get(other) ?? [])].filter((t) => mine.has(t))
      expect(shared, `a partition could move between ${consumer} (${len}) and ${other} (${otherLen})`).toEqual([])
    }
  }
}

/** Every partition of every subscribed topic with metadata is assigned, to exactly one of its subscribers. */
export function verifyAllAssigned(partitionsPerTopic: PartitionsPerTopic, members: MemberSubscription[], assignment: Assignment): void {
  const expected: string[] = []
  const subscribed = new Set(members.flatMap((m) => m.topics))
  for (const [topic, count] of Object.entries(partitionsPerTopic)) {
    if (!subscribed.has(topic)) continue
    for (let p = 0; p < count; p++) expected.push(tpKey(tp(topic, p)))
  }
  const actual = Object.values(assignment).flatMap((list) => list.map(tpKey))
  expect(actual.sort()).toEqual(expected.sort())
}

/** Java's `isFullyBalanced`: the members' partition counts differ by at most one. */
export function isFullyBalanced(assignment: Assignment): boolean {
  const sizes = Object.values(assignment).map((list) => list.length)
  return sizes.length === 0 || Math.max(...sizes) - Math.min(...sizes) <= 1
}

/**
 * Partitions that change owner, as CooperativeStickyAssignor computes them: gained by a member that did
 * not report owning it while another member reported it (partition key -> new owner).
 */
export function ownershipChanges(members: MemberSubscription[], assignment: Assignment): Record<string, string> {
  const added = new Map<string, string>()
  const revoked = new Set<string>()
  for (const m of members) {
    const owned = new Set((m.owned ?? []).map(tpKey))
    const assigned = new Set((assignment[m.memberId] ?? []).map(tpKey))
    for (const key of assigned) if (!owned.has(key)) added.set(key, m.memberId)
    for (const key of owned) if (!assigned.has(key)) revoked.add(key)
  }
  return Object.fromEntries([...added].filter(([key]) => revoked.has(key)).sort())
}

/**
 * The stickiness check of Java's `isSticky` (PartitionMovements.hasCycles): within one topic, no
 * partition moved from member A to member B while another moved from B to A. A move is from the
 * member that alone claimed the partition before the rebalance to the member that gets it.
 */
export function isSticky(before: MemberSubscription[], assignment: Assignment): boolean {
  const claimants = new Map<string, string[]>()
  for (const m of before) for (const p of m.owned ?? []) claimants.set(tpKey(p), [...(claimants.get(tpKey(p)) ?? []), m.memberId])
  const moves = new Set<string>()
  for (const [consumer, list] of Object.entries(assignment)) {
    for (const p of list) {
      const from = claimants.get(tpKey(p))
      const source = from?.length === 1 ? from[0] : undefined
      if (source === undefined || source === consumer || !Object.hasOwn(assignment, source)) continue
      const move = `${p.topic}\u0000${source}\u0000${consumer}`
      const reverse = `${p.topic}\u0000${consumer}\u0000${source}`
      if (moves.has(reverse)) return false
      moves.add(move)
    }
  }
  return true
}

/**
 * Java's `verifyCooperativeValidity`: no partition is revoked from one member and given to another in
 * the same round. Returns whether anything is being revoked (a follow-up rebalance will happen).
 */
export function verifyCooperativeValidity(members: MemberSubscription[], assignment: Assignment): boolean {
  const added = new Set<string>()
  const revoked = new Set<string>()
  for (const m of members) {
    const owned = new Set((m.owned ?? []).map(tpKey))
    const assigned = new Set((assignment[m.memberId] ?? []).map(tpKey))
    for (const key of assigned) if (!owned.has(key)) added.add(key)
    for (const key of owned) if (!assigned.has(key)) revoked.add(key)
  }
  const both = [...added].filter((key) => revoked.has(key))
  expect(both, 'partitions given to a new owner in the round they are revoked from the old one').toEqual([])
  return revoked.size > 0
}

/** The members after a round: each reports what it was just assigned, with the given generation. */
export function rejoin(members: MemberSubscription[], assignment: Assignment, generation: number): MemberSubscription[] {
  return members.map((m) => member(m.memberId, m.topics, [...(assignment[m.memberId] ?? [])], generation))
}

/**
 * CooperativeStickyAssignorTest's `verifyValidityAndBalance`: while a round revokes something, run the
 * follow-up rebalance (members report their new lists with the same generation, as Java's test does),
 * at most 4 times; then check the final assignment with the eager verifier.
 */
export function settleCooperatively(
  partitionsPerTopic: PartitionsPerTopic,
  members: MemberSubscription[],
  assignment: Assignment,
  assign: AssignFn,
  generation = 1,
): { assignment: Assignment; members: MemberSubscription[]; rebalances: number } {
  let current = assignment
  let currentMembers = members
  let rebalances = 0
  while (verifyCooperativeValidity(currentMembers, current)) {
    currentMembers = rejoin(currentMembers, current, generation)
    current = assign(partitionsPerTopic, currentMembers)
    rebalances++
    expect(rebalances).toBeLessThanOrEqual(4)
  }
  verifyValidityAndBalance(currentMembers, current)
  return { assignment: current, members: currentMembers, rebalances }
}

/** Java's test naming: `getCanonicalName("c", 7, 20)` is `c07`. */
export function canonicalName(prefix: string, i: number, max: number): string {
  return prefix + String(i).padStart(String(max).length, '0')
}

/** A small seeded generator (mulberry32) with the `nextInt(bound)` the Java tests use. */
export function seededRandom(seed: number): { nextInt: (bound: number) => number } {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { nextInt: (bound: number) => Math.floor(next() * bound) }
}

/** Java's `getRandomSublist`: the list with a random number (less than its length) of random items removed. */
export function randomSublist(rand: { nextInt: (bound: number) => number }, list: string[]): string[] {
  const selected = [...list]
  const howManyToRemove = rand.nextInt(list.length)
  for (let i = 1; i <= howManyToRemove; i++) selected.splice(rand.nextInt(selected.length), 1)
  return selected
}

/**
 * A random sticky-assignor input for property tests: 1 to 5 topics of 0 to 8 partitions, 1 to 7
 * members with non-empty subscriptions (all equal when `uniform`), and a prior assignment in which
 * each partition is owned by a random member or by nobody (some owners may have left).
 */
export const stickyInput = fc
  .record({
    counts: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 5 }),
    memberCount: fc.integer({ min: 1, max: 7 }),
    uniform: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map(({ counts, memberCount, uniform, seed }) => {
    const rand = seededRandom(seed)
    const topics = counts.map((_, i) => `t${i}`)
    const ppt: PartitionsPerTopic = Object.fromEntries(topics.map((t, i) => [t, counts[i] ?? 0]))
    const ids = Array.from({ length: memberCount }, (_, i) => `m${i}`)
    const subs = ids.map(() => {
      if (uniform) return topics
      const picked = topics.filter(() => rand.nextInt(2) === 0)
      return picked.length > 0 ? picked : [topics[rand.nextInt(topics.length)] as string]
    })
    const owned = new Map<string, TopicPartition[]>(ids.map((id) => [id, []]))
    for (const [t, count] of Object.entries(ppt)) {
      for (let p = 0; p < count; p++) {
        const owner = rand.nextInt(memberCount + 2)
        if (owner < memberCount) owned.get(ids[owner] as string)?.push(tp(t, p))
      }
    }
    const members = ids.map((id, i) => member(id, subs[i] ?? [], owned.get(id), 5))
    return { ppt, members, uniform }
  })
