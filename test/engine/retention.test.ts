/**
 * Specification: retention (UnifiedLog.deleteOldSegments). By time and by size it deletes whole
 * segments, oldest first, which moves the log start offset forward; offsets are never reused. A
 * consumer whose position falls below the log start gets OFFSET_OUT_OF_RANGE and resets per
 * auto.offset.reset (none: OffsetOutOfRangeException).
 */
import { describe, expect, it } from 'vitest'
import { readRecord, TOPIC_DEFAULTS } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { eventsOf, sim } from './helpers'
import { consumerOf, consumerSpec, producerSpec, runSampled } from './spec-helpers'

const CHECK_MS = 1_000

function build(topicConfig: Record<string, unknown>, consumers: Record<string, unknown>[] = [], rate = 10): Simulation {
  return sim({
    cluster: { brokers: 1, networkLatencyMs: 1, config: { 'log.retention.check.interval.ms': CHECK_MS } },
    topics: [{ name: 't', partitions: 1, config: topicConfig }],
    producers: [producerSpec('p', 't', { rate })],
    consumers,
  })
}

const part = (s: Simulation) => s.s.topics[0]!.partitions[0]!

interface SegmentView {
  baseOffset: number
  maxTimestamp: number
  bytes: number
  records: number
}
const segments = (s: Simulation): SegmentView[] => part(s).log.segments.map((g) => ({ baseOffset: g.baseOffset, maxTimestamp: g.maxTimestamp, bytes: g.bytes, records: g.records }))

describe('retention by time (retention.ms)', () => {
  it('deletes whole segments whose newest record is older than retention.ms, oldest first; the log start offset moves to the next segment\'s base offset', () => {
    const s = build({ 'retention.ms': 10_000, 'segment.ms': 2_000 })
    let before = segments(s)
    let start = 0
    let deletions = 0
    runSampled(s, 60_000, CHECK_MS / 2, () => {
      const now = s.now()
      const after = segments(s)
      const log = part(s).log
      expect(log.logStartOffset).toBeGreaterThanOrEqual(start)
      if (log.logStartOffset > start) {
        deletions++
        // Whole segments: the new log start was a segment boundary, and every segment dropped was old enough.
        expect(before.map((g) => g.baseOffset).concat([log.logEndOffset])).toContain(log.logStartOffset)
        for (const g of before.filter((x) => x.baseOffset < log.logStartOffset)) expect(now - g.maxTimestamp).toBeGreaterThan(10_000)
      }
      if (now % CHECK_MS === 0 && after.length > 0) {
        // What survives a check is not entirely older than retention.ms (the first survivor stops the walk).
        expect(now - after[0]!.maxTimestamp).toBeLessThanOrEqual(10_000)
      }
      start = log.logStartOffset
      before = after
    })
    expect(deletions).toBeGreaterThan(10)
    const deleted = eventsOf(s, 'segmentsDeleted')
    expect(deleted.length).toBe(deletions)
    expect(deleted.reduce((n, e) => n + e.records, 0)).toBe(part(s).log.logStartOffset)
    // Records can outlive retention.ms until their segment's newest record is old enough: retention is approximate.
    const oldest = readRecord(part(s).log, part(s).log.logStartOffset)!
    expect(60_000 - oldest.timestamp).toBeGreaterThan(10_000 - 2_500)
  })

  it('never reuses offsets: reading below the log start finds nothing, and new records continue at the log end offset', () => {
    const s = build({ 'retention.ms': 5_000, 'segment.ms': 1_000 })
    s.runUntil(30_000)
    const log = part(s).log
    expect(log.logStartOffset).toBeGreaterThan(100)
    expect(readRecord(log, log.logStartOffset - 1)).toBeUndefined()
    expect(readRecord(log, log.logStartOffset)).toBeDefined()
    const end = log.logEndOffset
    s.runUntil(31_000)
    const appended = eventsOf(s, 'recordsAppended').filter((e) => e.t > 30_000)
    expect(appended[0]!.baseOffset).toBe(end)
    const offsets = appended.map((e) => e.baseOffset)
    expect(offsets).toEqual(offsets.map((_, i) => end + i))
  })

  it('keeps everything with Kafka\'s defaults (7 days, no size limit)', () => {
    expect(TOPIC_DEFAULTS['retention.ms']).toBe(604_800_000)
    expect(TOPIC_DEFAULTS['retention.bytes']).toBe(-1)
    const s = build({})
    s.runUntil(120_000)
    expect(part(s).log.logStartOffset).toBe(0)
    expect(eventsOf(s, 'segmentsDeleted')).toEqual([])
  })
})

describe('retention by size (retention.bytes)', () => {
  it('deletes the oldest segments while the partition would still hold at least retention.bytes without them', () => {
    const s = build({ 'retention.bytes': 3_000, 'segment.bytes': 1_000 }, [], 20)
    let deletions = 0
    let start = 0
    runSampled(s, 40_000, CHECK_MS, () => {
      const log = part(s).log
      if (log.logStartOffset > start) deletions++
      start = log.logStartOffset
      const segs = segments(s)
      // Right after a check: deleting the oldest segment would take the log below retention.bytes.
      if (segs.length > 1) expect(log.bytes - segs[0]!.bytes).toBeLessThan(3_000)
      expect(segs.every((g) => g.bytes <= 1_000)).toBe(true)
    })
    expect(deletions).toBeGreaterThan(10)
    expect(part(s).log.bytes).toBeGreaterThanOrEqual(3_000 - 1_000)
    const deleted = eventsOf(s, 'segmentsDeleted')
    expect(deleted.at(-1)!.logStartOffset).toBe(part(s).log.logStartOffset)
  })
})

describe('a position below the log start (OFFSET_OUT_OF_RANGE)', () => {
  // A consumer that reads 2 records/s from a partition that gets 10/s and keeps 5 s of records.
  const slow = (policy: string) => consumerSpec('c1', { topics: ['t'], processingMs: 500, config: { 'auto.offset.reset': policy, 'max.poll.records': 5 } })

  it('earliest: the consumer jumps to the log start offset, and the positionSet event says how many records it skipped', () => {
    const s = build({ 'retention.ms': 5_000, 'segment.ms': 1_000 }, [slow('earliest')])
    s.runUntil(60_000)
    const resets = eventsOf(s, 'positionSet').filter((e) => e.reason.includes('out of range'))
    expect(resets.length).toBeGreaterThan(0)
    for (const r of resets) {
      expect(r.from).toBe('earliest')
      expect(r.skipped).toBeGreaterThan(0)
    }
    // It jumped from the out-of-range fetch offset to the log start of that moment; those records were never processed.
    const processed = new Set<number>()
    for (const e of eventsOf(s, 'recordsProcessed')) for (let o = e.from; o <= e.to; o++) processed.add(o)
    for (const r of resets) {
      const from = r.offset - r.skipped
      expect(r.reason).toMatch(new RegExp(`^offset ${from} is out of range \\(the log now starts at \\d+: retention deleted the records below it\\)$`))
      for (let o = from; o < r.offset; o++) expect(processed.has(o)).toBe(false)
    }
    // (A reset position can itself fall out of range again before it is read; the first one is read.)
    expect(processed.has(resets[0]!.offset)).toBe(true)
    expect(processed.has(resets[0]!.offset - resets[0]!.skipped - 1)).toBe(true)
    expect(s.s.counters.duplicates).toBe(0)
  })

  it('latest: the consumer jumps to the log end (high watermark), skipping everything in between', () => {
    const s = build({ 'retention.ms': 5_000, 'segment.ms': 1_000 }, [slow('latest')])
    s.runUntil(60_000)
    const resets = eventsOf(s, 'positionSet').filter((e) => e.reason.includes('out of range'))
    expect(resets.length).toBeGreaterThan(0)
    for (const r of resets) {
      expect(r.from).toBe('latest')
      expect(r.skipped).toBeGreaterThan(0)
      const appendedBy = eventsOf(s, 'recordsAppended').filter((e) => e.t <= r.t)
      const hw = appendedBy.reduce((n, e) => Math.max(n, e.baseOffset + e.count), 0)
      expect(r.offset).toBe(hw)
    }
  })

  it('none: the consumer fails with OffsetOutOfRangeException', () => {
    const s = sim({
      cluster: { brokers: 1, networkLatencyMs: 1, config: { 'log.retention.check.interval.ms': CHECK_MS } },
      topics: [{ name: 't', partitions: 1, config: { 'retention.ms': 5_000, 'segment.ms': 1_000 } }],
      producers: [producerSpec('p', 't', { rate: 10 })],
      // It starts with a committed offset of 0 (an earlier consumer committed it), then falls behind.
      consumers: [consumerSpec('seed', { topics: ['t'], config: { 'auto.commit.interval.ms': 100 } })],
    })
    s.runUntil(3_500)
    s.dispatch({ type: 'closeConsumer', consumer: 'seed' })
    s.runUntil(4_000)
    expect(Object.keys(s.s.groups[0]!.committed)).toEqual(['t-0'])
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c1', processingMs: 500, config: { 'auto.offset.reset': 'none', 'max.poll.records': 5 } })
    s.runUntil(60_000)
    const err = eventsOf(s, 'consumerError').find((e) => e.consumer === 'c1')!
    expect(err.error).toBe('OffsetOutOfRangeException')
    expect(consumerOf(s, 'c1').phase).toBe('closed')
  })

  it('a committed offset that retention has deleted is out of range too: a new consumer resets per auto.offset.reset, from the log start', () => {
    const s = sim({
      cluster: { brokers: 1, networkLatencyMs: 1, config: { 'log.retention.check.interval.ms': CHECK_MS } },
      topics: [{ name: 't', partitions: 1, config: { 'retention.ms': 5_000, 'segment.ms': 1_000 } }],
      producers: [producerSpec('p', 't', { rate: 10 })],
      consumers: [consumerSpec('first', { topics: ['t'], config: { 'auto.commit.interval.ms': 100 } })],
    })
    s.runUntil(8_000)
    s.dispatch({ type: 'closeConsumer', consumer: 'first' })
    s.runUntil(9_000)
    const committed = s.s.groups[0]!.committed['t-0']!
    s.runUntil(30_000)
    expect(part(s).log.logStartOffset).toBeGreaterThan(committed)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'second', config: { 'auto.offset.reset': 'earliest' } })
    s.runUntil(40_000)
    const set = eventsOf(s, 'positionSet').find((e) => e.consumer === 'second')!
    expect(set.from).toBe('earliest')
    expect(set.reason).toMatch(new RegExp(`committed offset ${committed}`))
    expect(set.skipped).toBe(set.offset - committed)
    expect(set.offset).toBeGreaterThan(committed)
  })
})
