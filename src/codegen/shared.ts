/** What the three generators share: the input types, a normalised view of a producer, small helpers. */
import type { AssignorName, ConsumerConfig, KeySpec, NullKeyPartitioner, ProducerConfig, ValueSpec } from '../engine'
import { CONSUMER_DEFAULTS, PRODUCER_DEFAULTS } from '../engine'

export type CodeLanguage = 'python' | 'java' | 'javascript'

/** A producer as the simulation runs it (the fields of `ProducerState` that decide what it sends). */
export interface ProducerCodeInput {
  id: string
  topic: string
  keys: KeySpec
  value: ValueSpec
  partitioner: NullKeyPartitioner
  /** Records per second; 0 pauses the producer. */
  rate: number
  /** Stop after this many records (null: run forever). */
  maxRecords: number | null
  config: ProducerConfig
  /** Explicit partition for every record (null: the partitioner decides). */
  fixedPartition: number | null
}

/** A consumer (or any member of a group: they share one config) as the simulation runs it. */
export interface ConsumerCodeInput {
  id: string
  groupId: string
  topics: string[]
  /** Simulated time the application spends on each record. */
  processingMs: number
  config: ConsumerConfig
}

/** Where the generated clients connect. */
export const BOOTSTRAP = 'localhost:9092'

/** The key each record gets, normalised: a custom list with no keys sends no keys, as the engine does. */
export type KeyPlan = { mode: 'none' } | { mode: 'user-id' } | { mode: 'custom'; keys: string[] }

export function keyPlan(keys: KeySpec): KeyPlan {
  if (keys.mode === 'custom' && keys.keys.length === 0) return { mode: 'none' }
  return keys
}

/** True when some records have neither a key nor an explicit partition, so the partitioner decides. */
export function usesNullKeyPartitioner(input: ProducerCodeInput): boolean {
  return keyPlan(input.keys).mode === 'none' && input.fixedPartition === null
}

/** Users of the click events (the engine treats fewer than one as one). */
export function users(value: ValueSpec): number {
  return value.kind === 'click-event' ? Math.max(1, Math.floor(value.users)) : 1
}

/** True when the simulated producer is paused (rate 0): the generated code then sends one record a second. */
export function paused(rate: number): boolean {
  return !Number.isFinite(rate) || rate <= 0
}

/** Milliseconds between two records at `rate` records per second (1000 when paused). */
export function delayMs(rate: number): number {
  return paused(rate) ? 1000 : Math.round(1000 / rate)
}

/** `rate` as words for a comment. */
export function rateWords(rate: number): string {
  if (paused(rate)) return 'the simulated producer is paused (rate 0); this sends 1 record per second'
  return `${rate} record${rate === 1 ? '' : 's'} per second, as in the simulation`
}

/** Whether a producer setting differs from the simulator's default (what the learner changed). */
export function producerChanged<K extends keyof ProducerConfig>(config: ProducerConfig, key: K): boolean {
  return config[key] !== PRODUCER_DEFAULTS[key]
}

/** Whether a consumer setting differs from the simulator's default (what the learner changed). */
export function consumerChanged<K extends keyof ConsumerConfig>(config: ConsumerConfig, key: K): boolean {
  return JSON.stringify(config[key]) !== JSON.stringify(CONSUMER_DEFAULTS[key])
}

export function sameList(a: readonly AssignorName[], b: readonly AssignorName[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Finite non-negative integer, or the fallback (for counts such as maxRecords and a partition). */
export function count(n: number, fallback = 0): number {
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback
}

/** Seconds for Python's time.sleep: up to 6 decimals, no trailing zeros. */
export function seconds(ms: number): string {
  const s = Math.round(ms * 1000) / 1_000_000
  return Number.isFinite(s) ? String(s) : '0'
}

/** A little builder for generated source: lines, with indentation. */
export class Lines {
  private readonly out: string[] = []

  add(indent: number, ...lines: string[]): this {
    for (const l of lines) this.out.push(l === '' ? '' : ' '.repeat(indent) + l)
    return this
  }

  blank(): this {
    if (this.out.length > 0 && this.out[this.out.length - 1] !== '') this.out.push('')
    return this
  }

  toString(): string {
    while (this.out.length > 0 && this.out[this.out.length - 1] === '') this.out.pop()
    return this.out.join('\n') + '\n'
  }
}
