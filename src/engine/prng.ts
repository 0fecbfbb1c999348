/**
 * Seeded, serialisable pseudo-random numbers (sfc32, seeded through splitmix32).
 *
 * Every random draw in the engine comes from one of a few named streams, each with its own state,
 * so that adding a draw for one concern (say, key choice) never shifts the draws of another
 * (say, replica placement). The state is four plain numbers: it survives structuredClone and JSON,
 * which is what makes snapshot/restore and replays exact.
 */

export type RngState = [number, number, number, number]

export const RNG_STREAMS = ['keys', 'partitioner', 'ids', 'placement', 'backoff'] as const
export type RngStream = (typeof RNG_STREAMS)[number]
export type RngStreams = Record<RngStream, RngState>

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

function hashName(name: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** The initial state of one stream, derived from the simulation seed and the stream's name. */
export function seedStream(seed: number, name: string): RngState {
  const next = splitmix32((seed ^ hashName(name)) >>> 0)
  const state: RngState = [next(), next(), next(), next()]
  // Warm up, as sfc32's authors recommend, so that nearby seeds diverge.
  for (let i = 0; i < 12; i++) nextUint32(state)
  return state
}

export function seedStreams(seed: number): RngStreams {
  const streams = {} as RngStreams
  for (const name of RNG_STREAMS) streams[name] = seedStream(seed, name)
  return streams
}

/** Next 32-bit unsigned integer; advances `state` in place. */
export function nextUint32(state: RngState): number {
  let [a, b, c, d] = state
  a >>>= 0
  b >>>= 0
  c >>>= 0
  d >>>= 0
  const t = (((a + b) >>> 0) + d) >>> 0
  d = (d + 1) >>> 0
  a = b ^ (b >>> 9)
  b = (c + (c << 3)) >>> 0
  c = (c << 21) | (c >>> 11)
  c = (c + t) >>> 0
  state[0] = a
  state[1] = b
  state[2] = c
  state[3] = d
  return t
}

/** Uniform integer in [0, n), without modulo bias. */
export function nextInt(state: RngState, n: number): number {
  if (n <= 0) throw new RangeError(`nextInt needs a positive bound, got ${n}`)
  const limit = 0x100000000 - (0x100000000 % n)
  let x = nextUint32(state)
  while (x >= limit) x = nextUint32(state)
  return x % n
}

/** Uniform float in [0, 1). */
export function nextFloat(state: RngState): number {
  return nextUint32(state) / 0x100000000
}

/** A signed 32-bit integer, like Java's `Random.nextInt()`. */
export function nextInt32(state: RngState): number {
  return nextUint32(state) | 0
}

/** Eight lowercase hex digits, for generated ids (member ids, producer ids). */
export function nextHex8(state: RngState): string {
  return nextUint32(state).toString(16).padStart(8, '0')
}
