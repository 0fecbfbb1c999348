/**
 * Builders and readers for the engine's behavioural specification (the *.test.ts files next to this
 * one). They only read the simulation's state and event log; nothing here changes the engine.
 */
import { readRecord } from '../../src/engine'
import type { ConsumerState, GroupState, RecordView, SimEvent, SimEventType, Simulation } from '../../src/engine'
import { events, eventsOf } from './helpers'

/** partition.assignment.strategy for the cooperative protocol (KIP-429). */
export const COOPERATIVE = { 'partition.assignment.strategy': ['cooperative-sticky'] }
/** partition.assignment.strategy for the eager protocol with range only. */
export const EAGER_RANGE = { 'partition.assignment.strategy': ['range'] }

/** A consumer spec that reads from the beginning (auto.offset.reset=earliest) unless told otherwise. */
export function consumerSpec(
  id: string,
  opts: { group?: string; topics?: string[]; config?: Record<string, unknown>; processingMs?: number; startAt?: number } = {},
): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    id,
    group: opts.group ?? 'g',
    topics: opts.topics ?? ['user-activity'],
    config: { 'auto.offset.reset': 'earliest', ...(opts.config ?? {}) },
  }
  if (opts.processingMs !== undefined) spec.processingMs = opts.processingMs
  if (opts.startAt !== undefined) spec.startAt = opts.startAt
  return spec
}

/** A producer spec; linger.ms=0 so each tick's records leave at once. */
export function producerSpec(id: string, topic: string, opts: Record<string, unknown> = {}): Record<string, unknown> {
  const { config, ...rest } = opts
  return { id, topic, rate: 10, config: { 'linger.ms': 0, ...((config as object) ?? {}) }, ...rest }
}

export function consumerOf(s: Simulation, id: string): ConsumerState {
  const c = s.s.consumers.find((x) => x.id === id)
  if (!c) throw new Error(`no consumer ${id}`)
  return c
}

export function groupOf(s: Simulation, groupId: string): GroupState {
  const g = s.s.groups.find((x) => x.groupId === groupId)
  if (!g) throw new Error(`no group ${groupId}`)
  return g
}

export function eventsOfGroup<T extends SimEventType>(s: Simulation, type: T, group: string): Extract<SimEvent, { type: T }>[] {
  return eventsOf(s, type).filter((e) => (e as { group?: string }).group === group)
}

/** The group's state transitions, as "From->To" strings. */
export function transitions(s: Simulation, group: string): string[] {
  return eventsOfGroup(s, 'groupStateChanged', group).map((e) => `${e.from}->${e.to}`)
}

/** Every record of every partition of a topic, read back from the logs (index = partition). */
export function logRecords(s: Simulation, topic: string): RecordView[][] {
  const t = s.s.topics.find((x) => x.name === topic)
  if (!t) throw new Error(`no topic ${topic}`)
  return t.partitions.map((p) => {
    const out: RecordView[] = []
    for (let o = p.log.logStartOffset; o < p.log.logEndOffset; o++) {
      const r = readRecord(p.log, o)
      if (r) out.push(r)
    }
    return out
  })
}

/** The user number in a click event's value ({"user_id": "user_<n>", ...}). */
export function userOf(r: RecordView): number {
  const m = /"user_(\d+)"/.exec(r.value)
  if (!m) throw new Error(`not a click event: ${r.value}`)
  return Number(m[1])
}

/** Steps the simulation to `until` in slices of `every` ms, calling `check` after each slice. */
export function runSampled(s: Simulation, until: number, every: number, check: () => void): void {
  while (s.now() < until) {
    s.step(Math.min(every, until - s.now()))
    check()
  }
}

/** recordsProcessed events with from < t <= to (optionally of one consumer or group). */
export function processedBetween(s: Simulation, from: number, to: number, filter: { consumer?: string; group?: string } = {}) {
  return eventsOf(s, 'recordsProcessed').filter(
    (e) => e.t > from && e.t <= to && (filter.consumer === undefined || e.consumer === filter.consumer) && (filter.group === undefined || e.group === filter.group),
  )
}

/** Partition keys ("topic-p") a consumer processed records of, in a set. */
export function partitionsProcessed(list: Extract<SimEvent, { type: 'recordsProcessed' }>[]): Set<string> {
  return new Set(list.map((e) => `${e.topic}-${e.partition}`))
}

/** The time of the n-th (0-based) event matching a predicate; throws when there is none. */
export function timeOf(s: Simulation, pred: (e: SimEvent) => boolean, nth = 0): number {
  const list = events(s).filter(pred)
  const e = list[nth]
  if (!e) throw new Error('no such event')
  return e.t
}

/** Runs until the predicate holds (checking every `every` ms), or throws at `limit`. */
export function runUntilTrue(s: Simulation, pred: () => boolean, limit: number, every = 10): void {
  while (!pred()) {
    if (s.now() >= limit) throw new Error(`condition not reached by t=${limit}`)
    s.step(every)
  }
}

/** Owned partition keys of a consumer, sorted. */
export function ownedKeys(c: ConsumerState): string[] {
  return c.owned.map((x) => `${x.topic}-${x.partition}`).sort()
}
