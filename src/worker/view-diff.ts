/**
 * Frames carry the cluster view as a patch: only the partitions, groups, producers and brokers
 * that changed since the previous frame, or the whole view when the structure changed (a topic,
 * partition, group, member, producer or broker came or went). This keeps worker-to-main traffic
 * small and lets the main thread keep every unchanged piece as the very same object, so memoised
 * components skip it.
 */
import type { BrokerView, ClusterView, GroupView, PartitionView, ProducerView, ViewUpdate } from './protocol'

/** What decides whether a partition looks different: offsets, leadership, replicas, commits. */
export function partitionSignature(p: PartitionView): string {
  let out = `${p.logStartOffset}|${p.logEndOffset}|${p.highWatermark}|${p.leader}|${p.leaderEpoch}|`
  for (const r of p.replicaStates) out += `${r.broker}:${r.leo}:${r.inIsr ? 1 : 0}${r.alive ? 1 : 0}${r.leader ? 1 : 0};`
  for (const k in p.committed) out += `c${k}=${p.committed[k]},`
  for (const k in p.consumedUpTo) out += `u${k}=${p.consumedUpTo[k]},`
  for (const r of p.records) if (r.acked) out += 'a'
  return out
}

/** Names of everything, in order: when it changes, the view is sent whole. */
export function structureKey(v: ClusterView): string {
  return JSON.stringify([
    v.scenarioId,
    v.title,
    v.topics.map((t) => [t.name, t.partitions.length, t.replicationFactor, t.config]),
    v.groups.map((g) => [g.groupId, g.members.map((m) => m.id)]),
    v.producers.map((p) => p.id),
    v.brokers.map((b) => b.id),
  ])
}

/** At most this many partitions per patch; the others follow in the next frames, oldest change first. */
export const MAX_PATCH_PARTITIONS = 16

export class ViewDiffer {
  private structure = ''
  /** Where the next patch starts looking for changed partitions (so every partition gets its turn). */
  private cursor = 0
  private version = 0
  private partitions = new Map<string, string>()
  private entities = new Map<string, string>()
  private rest = ''

  reset(): void {
    this.structure = ''
    this.partitions.clear()
    this.entities.clear()
    this.rest = ''
  }

  /** The update that brings the previously sent view to `view`, or null when nothing changed. */
  diff(view: ClusterView): ViewUpdate | null {
    const structure = structureKey(view)
    if (structure !== this.structure) {
      this.structure = structure
      this.remember(view)
      return { kind: 'full', version: ++this.version, view }
    }
    const all: PartitionView[] = []
    for (const t of view.topics) for (const p of t.partitions) all.push(p)
    const partitions: PartitionView[] = []
    for (let i = 0; i < all.length && partitions.length < MAX_PATCH_PARTITIONS; i++) {
      const p = all[(this.cursor + i) % all.length] as PartitionView
      const key = `${p.topic}\u0000${p.partition}`
      const sig = partitionSignature(p)
      if (this.partitions.get(key) !== sig) {
        this.partitions.set(key, sig)
        partitions.push(p)
      }
      if (partitions.length === MAX_PATCH_PARTITIONS) this.cursor = (this.cursor + i + 1) % all.length
    }
    const changed = <T>(kind: string, list: T[], id: (x: T) => string): T[] => {
      const out: T[] = []
      for (const x of list) {
        const key = `${kind}\u0000${id(x)}`
        const sig = JSON.stringify(x)
        if (this.entities.get(key) !== sig) {
          this.entities.set(key, sig)
          out.push(x)
        }
      }
      return out
    }
    const groups = changed<GroupView>('g', view.groups, (g) => g.groupId)
    const producers = changed<ProducerView>('p', view.producers, (p) => p.id)
    const brokers = changed<BrokerView>('b', view.brokers, (b) => String(b.id))
    const rest = JSON.stringify([view.counters, view.lostRecords, view.teachingNotes, view.networkLatencyMs, view.description])
    const restChanged = rest !== this.rest
    this.rest = rest
    if (partitions.length === 0 && groups.length === 0 && producers.length === 0 && brokers.length === 0 && !restChanged) return null
    const base = this.version
    return {
      kind: 'patch',
      base,
      version: ++this.version,
      partitions,
      groups,
      producers,
      brokers,
      counters: view.counters,
      lostRecords: restChanged ? view.lostRecords : null,
      teachingNotes: restChanged ? view.teachingNotes : null,
    }
  }

  private remember(view: ClusterView): void {
    this.partitions.clear()
    this.entities.clear()
    for (const t of view.topics) for (const p of t.partitions) this.partitions.set(`${p.topic}\u0000${p.partition}`, partitionSignature(p))
    for (const g of view.groups) this.entities.set(`g\u0000${g.groupId}`, JSON.stringify(g))
    for (const p of view.producers) this.entities.set(`p\u0000${p.id}`, JSON.stringify(p))
    for (const b of view.brokers) this.entities.set(`b\u0000${b.id}`, JSON.stringify(b))
    this.rest = JSON.stringify([view.counters, view.lostRecords, view.teachingNotes, view.networkLatencyMs, view.description])
  }
}

function replaceByKey<T>(list: T[], changed: T[], key: (x: T) => string): T[] {
  if (changed.length === 0) return list
  const byKey = new Map(changed.map((x) => [key(x), x]))
  return list.map((x) => byKey.get(key(x)) ?? x)
}

/**
 * Applies an update to the view the main thread has. Unchanged pieces keep their identity. Returns
 * null when a patch does not fit the view it is given (a frame was missed): the caller then waits
 * for the next full view.
 */
export function applyViewUpdate(prev: { view: ClusterView; version: number } | null, update: ViewUpdate): { view: ClusterView; version: number } | null {
  if (update.kind === 'full') return { view: update.view, version: update.version }
  if (!prev || prev.version !== update.base) return null
  const v = prev.view
  let topics = v.topics
  if (update.partitions.length > 0) {
    const byTopic = new Map<string, PartitionView[]>()
    for (const p of update.partitions) {
      let list = byTopic.get(p.topic)
      if (!list) byTopic.set(p.topic, (list = []))
      list.push(p)
    }
    topics = v.topics.map((t) => {
      const changed = byTopic.get(t.name)
      return changed ? { ...t, partitions: replaceByKey(t.partitions, changed, (p) => String(p.partition)) } : t
    })
  }
  const view: ClusterView = {
    ...v,
    topics,
    groups: replaceByKey(v.groups, update.groups, (g) => g.groupId),
    producers: replaceByKey(v.producers, update.producers, (p) => p.id),
    brokers: replaceByKey(v.brokers, update.brokers, (b) => String(b.id)),
    counters: update.counters,
    lostRecords: update.lostRecords ?? v.lostRecords,
    teachingNotes: update.teachingNotes ?? v.teachingNotes,
  }
  return { view, version: update.version }
}
