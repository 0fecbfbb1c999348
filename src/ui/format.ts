import type { KeySpec, NullKeyPartitioner } from '../engine'

/** Simulated time as the clock shows it: "12.3 s", "4 min 05 s". */
export function formatSimTime(ms: number): string {
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  const m = Math.floor(s / 60)
  const rest = Math.floor(s % 60)
  return `${m} min ${String(rest).padStart(2, '0')} s`
}

export function formatSpeed(speed: number): string {
  return speed < 1 ? `${speed.toFixed(1)}×` : `${Number.isInteger(speed) ? speed : speed.toFixed(1)}×`
}

/** How a producer picks keys, in words: "no key", "user id", "custom: a, b". */
export function describeKeys(keys: KeySpec): string {
  switch (keys.mode) {
    case 'none':
      return 'no key'
    case 'user-id':
      return keys.skew ? `the event's user_id (${keys.skew.percent}% are user_${keys.skew.user}: a hot key)` : "the event's user_id"
    case 'custom':
      return `custom: ${keys.keys.join(', ')}`
  }
}

export const PARTITIONER_LABELS: Record<NullKeyPartitioner, string> = {
  sticky: 'sticky (Java default)',
  'round-robin': 'round-robin',
  random: 'random (kafka-python)',
}
