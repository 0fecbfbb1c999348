/**
 * Structural sharing for frames: every frame arrives as a fresh copy (postMessage clones), so the
 * pieces that did not change are swapped back for the objects the UI already has. Components
 * memoised on their props then skip re-rendering whatever did not move.
 */
import type { BrokerView, ClusterView, GroupView, MemberView, PartitionView, ProducerView, TopicView } from '../worker/protocol'

function entries(r: Record<string, number>): string {
  let out = ''
  for (const k in r) out += `${k}=${r[k]},`
  return out
}

/** What decides whether a partition looks different: offsets, leadership, replicas, commits. */
export function partitionSignature(p: PartitionView): string {
  let replicas = ''
  for (const r of p.replicaStates) replicas += `${r.broker}:${r.leo}:${r.inIsr ? 1 : 0}${r.alive ? 1 : 0}${r.leader ? 1 : 0};`
  return `${p.logStartOffset}|${p.logEndOffset}|${p.highWatermark}|${p.leader}|${p.leaderEpoch}|${replicas}|${entries(p.committed)}|${entries(p.consumedUpTo)}`
}

function same<T>(a: T, b: T): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function reuseList<T>(prev: T[] | undefined, next: T[], key: (x: T) => string, equal: (a: T, b: T) => boolean): T[] {
  if (!prev) return next
  const byKey = new Map(prev.map((x) => [key(x), x]))
  let changed = prev.length !== next.length
  const out = next.map((x, i) => {
    const old = byKey.get(key(x))
    if (old !== undefined && equal(old, x)) {
      if (prev[i] !== old) changed = true
      return old
    }
    changed = true
    return x
  })
  return changed ? out : prev
}

function mergePartitions(prev: PartitionView[] | undefined, next: PartitionView[]): PartitionView[] {
  return reuseList(prev, next, (p) => String(p.partition), (a, b) => partitionSignature(a) === partitionSignature(b))
}

function mergeTopics(prev: TopicView[] | undefined, next: TopicView[]): TopicView[] {
  const prevByName = new Map((prev ?? []).map((t) => [t.name, t]))
  return reuseList(
    prev,
    next.map((t) => {
      const old = prevByName.get(t.name)
      const partitions = mergePartitions(old?.partitions, t.partitions)
      if (old && partitions === old.partitions && same(old.config, t.config) && old.replicationFactor === t.replicationFactor) return old
      return { ...t, partitions }
    }),
    (t) => t.name,
    (a, b) => a === b,
  )
}

function mergeGroups(prev: GroupView[] | undefined, next: GroupView[]): GroupView[] {
  const prevById = new Map((prev ?? []).map((g) => [g.groupId, g]))
  return reuseList(
    prev,
    next.map((g) => {
      const old = prevById.get(g.groupId)
      const members = reuseList<MemberView>(old?.members, g.members, (m) => m.id, same)
      const merged = { ...g, members }
      if (old && members === old.members && same({ ...old, members: 0 }, { ...merged, members: 0 })) return old
      return merged
    }),
    (g) => g.groupId,
    (a, b) => a === b,
  )
}

/** `next` with every unchanged piece replaced by the identical piece of `prev`. */
export function mergeView(prev: ClusterView | null, next: ClusterView): ClusterView {
  if (!prev) return next
  return {
    ...next,
    brokers: reuseList<BrokerView>(prev.brokers, next.brokers, (b) => String(b.id), same),
    topics: mergeTopics(prev.topics, next.topics),
    producers: reuseList<ProducerView>(prev.producers, next.producers, (p) => p.id, same),
    groups: mergeGroups(prev.groups, next.groups),
    lostRecords: same(prev.lostRecords, next.lostRecords) ? prev.lostRecords : next.lostRecords,
    teachingNotes: same(prev.teachingNotes, next.teachingNotes) ? prev.teachingNotes : next.teachingNotes,
  }
}
