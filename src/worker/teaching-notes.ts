/**
 * The "Settings changed for teaching" list: one plain sentence for every setting of the running
 * simulation that differs from Kafka's default (lessons shorten timings and sizes so that nobody
 * waits minutes), with both values in words, and a warning where real Kafka would refuse the value.
 */
import { BROKER_DEFAULTS, changedFromDefault, CONSUMER_DEFAULTS, PRODUCER_DEFAULTS, TOPIC_DEFAULTS } from '../engine'
import type { Simulation } from '../engine'

const KIB = 1024
const MIB = 1024 * KIB
const GIB = 1024 * MIB

/** KIP-1030 (Kafka 4.0): a topic's segment.bytes (and the broker's log.segment.bytes) may not be below 1 MiB. */
export const KAFKA4_MIN_SEGMENT_BYTES = MIB

/** 30000 -> "30 s", 300000 -> "5 min", 604800000 -> "7 days". */
export function durationWords(ms: number): string {
  const units: [number, string, string][] = [
    [86_400_000, 'day', 'days'],
    [3_600_000, 'hour', 'hours'],
    [60_000, 'min', 'min'],
    [1000, 's', 's'],
  ]
  for (const [size, one, many] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${ms === size ? one : many}`
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`
}

/** 1073741824 -> "1 GiB", 1048576 -> "1 MiB", 2000 -> "2000 bytes". */
export function bytesWords(n: number): string {
  for (const [size, unit] of [
    [GIB, 'GiB'],
    [MIB, 'MiB'],
    [KIB, 'KiB'],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`
  }
  return `${n} bytes`
}

/** A setting's value as the note shows it: the raw value, and in words where the name says what it measures. */
function shown(key: string, value: unknown): string {
  const raw = JSON.stringify(value)
  if (typeof value !== 'number' || value < 0) return raw
  const words = key.endsWith('.ms') ? durationWords(value) : key.endsWith('.bytes') ? bytesWords(value) : null
  if (words === null) return raw
  return words.startsWith(`${raw} `) ? words : `${raw} (${words})`
}

function changed(what: string, key: string, value: unknown, kafkaDefault: unknown): string {
  return `${what} ${key} = ${shown(key, value)}; Kafka's default: ${shown(key, kafkaDefault)}.`
}

/** Plain sentences for every setting the simulation runs with that differs from Kafka's defaults. */
export function teachingNotes(sim: Simulation): string[] {
  const s = sim.s
  const notes: string[] = []
  const add = (line: string) => {
    if (!notes.includes(line)) notes.push(line)
  }
  if (s.cluster.networkLatencyMs > 5) add(`Network delay is ${s.cluster.networkLatencyMs} ms per hop so you can watch records travel (a real data centre: about 1 ms).`)
  for (const k of changedFromDefault(s.cluster.broker, BROKER_DEFAULTS)) add(changed('Broker', k, s.cluster.broker[k], BROKER_DEFAULTS[k]))
  for (const t of s.topics) {
    if (t.internal) continue
    for (const k of changedFromDefault(t.config, TOPIC_DEFAULTS)) {
      let line = changed(`Topic ${t.name}:`, k, t.config[k], TOPIC_DEFAULTS[k])
      if (k === 'segment.bytes' && t.config[k] < KAFKA4_MIN_SEGMENT_BYTES) {
        line += ` Shortened for teaching, so that segments fill and roll within seconds: real Kafka 4 requires at least ${KAFKA4_MIN_SEGMENT_BYTES} bytes (1 MiB, KIP-1030) and would refuse this value.`
      }
      add(line)
    }
  }
  for (const c of s.consumers) {
    for (const k of changedFromDefault(c.config, CONSUMER_DEFAULTS)) {
      if (k === 'group.instance.id') continue
      add(changed('Consumer', k, c.config[k], CONSUMER_DEFAULTS[k]))
    }
  }
  for (const p of s.producers) {
    for (const k of changedFromDefault(p.config, PRODUCER_DEFAULTS)) add(changed('Producer', k, p.config[k], PRODUCER_DEFAULTS[k]))
  }
  return notes
}
