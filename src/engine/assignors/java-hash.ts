import type { TopicPartition } from './types'

// Just enough of java.util.HashMap's layout to reproduce the iteration orders that decide the results
// of Java's assignors (RangeAssignor's topic order, AbstractStickyAssignor's member walks). Java iterates a HashMap bucket by bucket, and inside a bucket in
// insertion order (a resize splits a bucket without reordering it). The table starts at 16 buckets
// and doubles once it holds more than 3/4 of its capacity, or when a bucket grows past 8 entries
// while the table is smaller than 64. Not modelled: the red-black "tree bins" Java builds when more
// than 8 keys share one bucket of a table of 64 or more; that needs hundreds of colliding keys.

const INITIAL_CAPACITY = 16
const TREEIFY_THRESHOLD = 8
const MIN_TREEIFY_CAPACITY = 64

/** `String.hashCode()`: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, in 32-bit int arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

/** `TopicPartition.hashCode()`: 31 * (31 + partition) + topic.hashCode(), in 32-bit int arithmetic. */
export function javaTopicPartitionHash(tp: TopicPartition): number {
  return (Math.imul(31, (31 + tp.partition) | 0) + javaStringHash(tp.topic)) | 0
}

/** The bucket `java.util.HashMap` uses: the hash with its high half folded into the low half, masked. */
function javaBucket(hash: number, capacity: number): number {
  return (hash ^ (hash >>> 16)) & (capacity - 1)
}

/**
 * The iteration order of a `java.util.HashMap<String, V>` (or `HashSet<String>`) made with the default
 * constructor and filled with `put` in the given order (a repeated key keeps its first place).
 */
export function javaHashOrder(keysInInsertionOrder: Iterable<string>): string[] {
  let capacity = INITIAL_CAPACITY
  let buckets: { key: string; hash: number }[][] = Array.from({ length: capacity }, () => [])
  const seen = new Set<string>()
  const grow = (): void => {
    const old = buckets
    capacity *= 2
    buckets = Array.from({ length: capacity }, () => [])
    for (const bucket of old) for (const entry of bucket) buckets[javaBucket(entry.hash, capacity)]?.push(entry)
  }
  for (const key of keysInInsertionOrder) {
    if (seen.has(key)) continue
    seen.add(key)
    const hash = javaStringHash(key)
    const bucket = buckets[javaBucket(hash, capacity)]
    if (bucket === undefined) continue // unreachable: the index is always inside the table
    bucket.push({ key, hash })
    if (bucket.length > TREEIFY_THRESHOLD && capacity < MIN_TREEIFY_CAPACITY) grow()
    if (seen.size > capacity * 0.75) grow()
  }
  return buckets.flatMap((bucket) => bucket.map((entry) => entry.key))
}

/**
 * A `java.util.HashSet<TopicPartition>` reduced to what the sticky assignor asks of it: add, remove and
 * `iterator().next()`, the first element in Java's iteration order. The table only ever grows, as Java's.
 */
export class JavaTopicPartitionHashSet {
  private capacity = INITIAL_CAPACITY
  private nextSeq = 0
  private readonly entries = new Map<string, { tp: TopicPartition; hash: number; seq: number }>()

  get size(): number {
    return this.entries.size
  }

  add(tp: TopicPartition): void {
    const key = `${tp.topic}\u0000${tp.partition}`
    if (this.entries.has(key)) return
    const hash = javaTopicPartitionHash(tp)
    const bucket = javaBucket(hash, this.capacity)
    let chain = 0
    for (const entry of this.entries.values()) if (javaBucket(entry.hash, this.capacity) === bucket) chain++
    this.entries.set(key, { tp, hash, seq: this.nextSeq++ })
    if (chain >= TREEIFY_THRESHOLD && this.capacity < MIN_TREEIFY_CAPACITY) this.capacity *= 2
    if (this.entries.size > this.capacity * 0.75) this.capacity *= 2
  }

  delete(tp: TopicPartition): void {
    this.entries.delete(`${tp.topic}\u0000${tp.partition}`)
  }

  /** The element Java's iterator returns first: lowest bucket, then earliest inserted. */
  first(): TopicPartition | undefined {
    let best: { tp: TopicPartition; bucket: number; seq: number } | undefined
    for (const entry of this.entries.values()) {
      const bucket = javaBucket(entry.hash, this.capacity)
      if (best === undefined || bucket < best.bucket || (bucket === best.bucket && entry.seq < best.seq)) {
        best = { tp: entry.tp, bucket, seq: entry.seq }
      }
    }
    return best?.tp
  }
}
