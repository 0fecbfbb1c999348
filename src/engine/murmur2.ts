/**
 * Kafka's keyed partitioning, bit for bit as the Java client does it:
 * `Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions`
 * (clients/.../producer/internals/BuiltInPartitioner.java#partitionForKey, common/utils/Utils.java).
 */

const SEED = 0x9747b28c
const M = 0x5bd1e995

/** MurmurHash2 as Java's `Utils.murmur2`: a signed 32-bit result. */
export function murmur2(data: Uint8Array): number {
  const length = data.length
  let h = (SEED ^ length) | 0
  const length4 = length >>> 2
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2
    let k =
      ((data[i4] as number) & 0xff) |
      (((data[i4 + 1] as number) & 0xff) << 8) |
      (((data[i4 + 2] as number) & 0xff) << 16) |
      (((data[i4 + 3] as number) & 0xff) << 24)
    k = Math.imul(k, M)
    k ^= k >>> 24
    k = Math.imul(k, M)
    h = Math.imul(h, M)
    h ^= k
  }
  const tail = length & ~3
  const rest = length % 4
  if (rest === 3) h ^= ((data[tail + 2] as number) & 0xff) << 16
  if (rest >= 2) h ^= ((data[tail + 1] as number) & 0xff) << 8
  if (rest >= 1) {
    h ^= (data[tail] as number) & 0xff
    h = Math.imul(h, M)
  }
  h ^= h >>> 13
  h = Math.imul(h, M)
  h ^= h >>> 15
  return h | 0
}

/** Java's `Utils.toPositive`: clears the sign bit. Not `Math.abs`. */
export function toPositive(n: number): number {
  return n & 0x7fffffff
}

/**
 * UTF-8 bytes of a string, as Kafka's `StringSerializer` (`String.getBytes(UTF_8)`) produces them.
 * Like Java, an unpaired surrogate becomes `?` (0x3f); TextEncoder would write U+FFFD instead.
 */
export function utf8(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s))
  let j = 0
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) {
      out[j++] = c
    } else if (c < 0x800) {
      out[j++] = 0xc0 | (c >> 6)
      out[j++] = 0x80 | (c & 0x3f)
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
        out[j++] = 0xf0 | (c >> 18)
        out[j++] = 0x80 | ((c >> 12) & 0x3f)
        out[j++] = 0x80 | ((c >> 6) & 0x3f)
        out[j++] = 0x80 | (c & 0x3f)
      } else {
        out[j++] = 0x3f
      }
    } else {
      out[j++] = 0xe0 | (c >> 12)
      out[j++] = 0x80 | ((c >> 6) & 0x3f)
      out[j++] = 0x80 | (c & 0x3f)
    }
  }
  return out
}

/** The number of bytes `utf8(s)` has, without allocating. */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        n += 4
        i++
      } else n += 1
    } else n += 3
  }
  return n
}

/** The partition Java's default partitioner picks for a non-null key. */
export function partitionForKey(key: string | Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`)
  }
  const bytes = typeof key === 'string' ? utf8(key) : key
  return toPositive(murmur2(bytes)) % numPartitions
}
