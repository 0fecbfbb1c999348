/**
 * Derived views of the state that readers need (the CLI, the worker's frames, lesson goals,
 * tests): lag, ownership, summaries. Pure functions of the state; nothing here changes it.
 */
import { tpKey } from './assignors/types'
import type { ConsumerState, GroupState, SimState } from './model'

export function topicPartitionsOf(state: SimState, topics: readonly string[]): string[] {
  const out: string[] = []
  for (const t of state.topics) {
    if (!topics.includes(t.name)) continue
    for (const p of t.partitions) out.push(`${t.name}-${p.partition}`)
  }
  return out
}

/** Topics any member of the group subscribes to (running members first; else any member). */
export function groupTopics(state: SimState, groupId: string): string[] {
  const topics = new Set<string>()
  for (const c of state.consumers) if (c.groupId === groupId) for (const t of c.topics) topics.add(t)
  return [...topics].sort()
}

function highWatermarkOf(state: SimState, key: string): number | undefined {
  const i = key.lastIndexOf('-')
  const topic = state.topics.find((t) => t.name === key.slice(0, i))
  return topic?.partitions[Number(key.slice(i + 1))]?.highWatermark
}

/**
 * Lag per partition the way kafka-consumer-groups.sh reports it: high watermark minus the group's
 * committed offset. Partitions the group has never committed are absent (the tool prints "-").
 */
export function groupLag(state: SimState, g: GroupState): Record<string, number> {
  const lag: Record<string, number> = {}
  for (const key of topicPartitionsOf(state, groupTopics(state, g.groupId))) {
    const committed = g.committed[key]
    const hw = highWatermarkOf(state, key)
    if (committed !== undefined && hw !== undefined) lag[key] = Math.max(0, hw - committed)
  }
  return lag
}

export function totalLag(lag: Record<string, number>): number {
  let sum = 0
  for (const v of Object.values(lag)) sum += v
  return sum
}

/** A member's lag as its own metrics see it (records-lag): high watermark minus its position. */
export function memberLag(state: SimState, c: ConsumerState): number {
  let sum = 0
  for (const owned of c.owned) {
    const key = tpKey(owned)
    const hw = highWatermarkOf(state, key) ?? 0
    const pos = c.positions[key]
    if (pos !== undefined) sum += Math.max(0, hw - pos)
  }
  return sum
}

/** The owners, in a group, of each partition right now: members the coordinator still counts whose client owns it. */
export function ownersByPartition(state: SimState, g: GroupState): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  const memberIds = new Set(g.members.map((m) => m.memberId))
  for (const c of state.consumers) {
    if (c.groupId !== g.groupId || !memberIds.has(c.memberId)) continue
    for (const owned of c.owned) (out[tpKey(owned)] ??= []).push(c.id)
  }
  return out
}

export function rebalanceProtocolOf(g: GroupState): 'eager' | 'cooperative' | null {
  if (!g.protocol) return null
  return g.protocol === 'cooperative-sticky' ? 'cooperative' : 'eager'
}
