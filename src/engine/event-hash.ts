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
