/**
 * Keyed partitioning must be bit-for-bit Java's: toPositive(murmur2(utf8(key))) % numPartitions.
 */
import fc from 'fast-check'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { murmur2, partitionForKey, toPositive, utf8 } from '../../src/engine'

const require = createRequire(import.meta.url)
// KafkaJS's DefaultPartitioner is its Java-compatible partitioner.
const { Partitioners } = require('kafkajs') as {
  Partitioners: { DefaultPartitioner: () => (args: { topic: string; partitionMetadata: { partitionId: number; leader: number }[]; message: { key: string | Buffer | null; partition?: number | null } }) => number }
}

function kafkaJsPartition(key: string | Buffer, partitions: number): number {
  const partitioner = Partitioners.DefaultPartitioner()
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }))
  return partitioner({ topic: 't', partitionMetadata, message: { key } })
}

describe('murmur2 (Java Utils.murmur2)', () => {
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j to the signed 32-bit value Kafka\'s UtilsTest.testMurmur2 expects', (input, expected) => {
    expect(murmur2(utf8(input))).toBe(expected)
  })

  it('hashes the empty key like Java (seed mixed with length 0)', () => {
    expect(murmur2(new Uint8Array())).toBe(275646681)
  })
})

describe('toPositive', () => {
  it('clears the sign bit instead of taking the absolute value (Utils.toPositive)', () => {
    expect(toPositive(-1)).toBe(0x7fffffff)
    expect(toPositive(-2147483648)).toBe(0)
    expect(toPositive(-790332482)).toBe(-790332482 & 0x7fffffff)
    expect(toPositive(-790332482)).not.toBe(790332482)
  })
})

describe('partitionForKey (BuiltInPartitioner.partitionForKey)', () => {
  it('places foobar on partition 16 of 50, as Java does', () => {
    expect(partitionForKey('foobar', 50)).toBe(16)
  })

  it('agrees with KafkaJS\'s Java-compatible partitioner on the tutorial\'s user ids and many other keys', () => {
    const keys = ['', 'user_0', 'user_1', 'user_2', 'user-42', 'a', 'ab', 'abc', 'abcd', 'abcde', 'order-1', 'ключ', 'clé', '鍵', '🔑', 'emoji 🎉 key', 'tab\tkey', 'null', ' ']
    for (let i = 0; i < 500; i++) keys.push(`user_${i}`, `customer-${i * 7919}`)
    for (const partitions of [1, 2, 3, 6, 12, 50, 64, 97]) {
      for (const key of keys) expect(partitionForKey(key, partitions), `${JSON.stringify(key)} over ${partitions}`).toBe(kafkaJsPartition(key, partitions))
    }
  })

  it('agrees with KafkaJS for any unicode key and partition count (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 1, max: 500 }), (key, partitions) => {
        expect(partitionForKey(key, partitions)).toBe(kafkaJsPartition(key, partitions))
      }),
      { numRuns: 2000, seed: 20261124 },
    )
  })

  it('agrees with KafkaJS on raw key bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 500 }), (bytes, partitions) => {
        expect(partitionForKey(bytes, partitions)).toBe(kafkaJsPartition(Buffer.from(bytes), partitions))
      }),
      { numRuns: 2000, seed: 7 },
    )
  })

  it('encodes keys as UTF-8 the way Java\'s String.getBytes(UTF_8) does, with an unpaired surrogate as "?"', () => {
    expect([...utf8('é🔑')]).toEqual([0xc3, 0xa9, 0xf0, 0x9f, 0x94, 0x91])
    expect([...utf8('a\ud800b')]).toEqual([0x61, 0x3f, 0x62])
  })

  it('refuses a partition count that is not a positive whole number', () => {
    expect(() => partitionForKey('k', 0)).toThrow(RangeError)
    expect(() => partitionForKey('k', 1.5)).toThrow(RangeError)
  })
})
