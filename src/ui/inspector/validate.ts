/**
 * Checks what a learner typed into a number field before anything is sent. The message names the
 * field and the range it takes, so it can be read on its own (a screen reader announces it alone).
 */

export interface NumberRule {
  min: number
  max: number
  /** Whole numbers only (most Kafka settings are ints or longs). */
  integer: boolean
  /** Words for a special value inside the range, e.g. -1: "no limit". */
  special?: { value: number; meaning: string }
}

export type Parsed = { ok: true; value: number } | { ok: false; message: string }

/** Java's Integer.MAX_VALUE: the upper bound of Kafka's int settings. */
export const INT_MAX = 2147483647

export function describeRange(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number'
  const special = rule.special ? ` (${rule.special.value} means ${rule.special.meaning})` : ''
  return `${kind} from ${rule.min} to ${rule.max}${special}`
}

/** Parses `text` as a number for the field called `label`; refuses letters, blanks, fractions where ints are needed, and anything out of range. */
export function parseNumberField(text: string, label: string, rule: NumberRule): Parsed {
  const trimmed = text.trim()
  const fail = (): Parsed => ({ ok: false, message: `${label} must be ${describeRange(rule)}.` })
  // Number('') is 0 and Number('0x10') is 16: only plain decimal notation is accepted.
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return fail()
  const value = Number(trimmed)
  if (!Number.isFinite(value)) return fail()
  if (rule.integer && !Number.isInteger(value)) return fail()
  if (value < rule.min || value > rule.max) return fail()
  return { ok: true, value }
}

/** Splits "a, b,c" into keys; empty entries are dropped. */
export function parseKeyList(text: string): string[] {
  return text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0)
}
