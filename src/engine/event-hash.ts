/**
 * A running 53-bit hash of the event log (cyrb53-style, two 32-bit lanes), updated per event, so
 * two runs can be compared by one short string however long they ran.
 */
export type HashState = [number, number]

export function initialHash(): HashState {
  return [0xdeadbeef, 0x41c6ce57]
}

export function hashText(state: HashState, text: string): void {
  let h1 = state[0]
  let h2 = state[1]
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ 10, 2654435761)
  h2 = Math.imul(h2 ^ 10, 1597334677)
  state[0] = h1 >>> 0
  state[1] = h2 >>> 0
}

/**
 * Folds one event into the hash, field by field in the event's own (deterministic) key order:
 * strings by their UTF-16 units, integers by their value, anything else by its text. Cheaper than
 * hashing JSON.stringify(event), which matters at a million records a second.
 */
export function hashValue(state: HashState, v: unknown): void {
  if (typeof v === 'string') {
    hashText(state, v)
  } else if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
      state[0] = Math.imul(state[0] ^ v, 2654435761) >>> 0
      state[1] = Math.imul(state[1] ^ (v + 0x9e3779b9), 1597334677) >>> 0
    } else hashText(state, String(v))
  } else if (Array.isArray(v)) {
    hashText(state, '[')
    for (const x of v) hashValue(state, x)
  } else if (v !== null && typeof v === 'object') {
    hashText(state, '{')
    for (const k of Object.keys(v)) {
      hashText(state, k)
      hashValue(state, (v as Record<string, unknown>)[k])
    }
  } else {
    hashText(state, String(v))
  }
}

/** Folds an event in: its values in key order (the keys themselves follow from its type). */
export function hashEvent(state: HashState, e: object): void {
  for (const k in e) hashValue(state, (e as Record<string, unknown>)[k])
}

/** The hash as 14 hex digits. */
export function hashHex(state: HashState): string {
  let h1 = state[0]
  let h2 = state[1]
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0)
  return n.toString(16).padStart(14, '0')
}
