/**
 * One partition's append-only log, kept as a list of segments the way a broker keeps it on disk.
 *
 * Records are stored column-wise per segment (keys, values, timestamps, sizes, flags) so that an
 * append is a few array pushes and retention drops whole segments, exactly as Kafka deletes whole
 * closed segments. Offsets are never reused: the log start offset only moves forward.
 */

/** Record flags. */
export const ACKED = 1

export interface Segment {
  baseOffset: number
  /** Simulated time the segment was rolled (created). */
  createdAt: number
  keys: (string | null)[]
  values: string[]
  timestamps: number[]
  sizes: number[]
  /** Producer id (index into the simulation's producers) per record. */
  producers: number[]
  flags: number[]
  bytes: number
  maxTimestamp: number
}

export interface PartitionLog {
  segments: Segment[]
  logStartOffset: number
  logEndOffset: number
  /** Bytes in all segments. */
  bytes: number
}

/** Bytes a record takes in a batch: key and value plus Kafka's per-record overhead (v2 format, roughly). */
export const RECORD_OVERHEAD_BYTES = 14

export function newLog(): PartitionLog {
  return { segments: [], logStartOffset: 0, logEndOffset: 0, bytes: 0 }
}

function newSegment(baseOffset: number, now: number): Segment {
  return {
    baseOffset,
    createdAt: now,
    keys: [],
    values: [],
    timestamps: [],
    sizes: [],
    producers: [],
    flags: [],
    bytes: 0,
    maxTimestamp: -1,
  }
}

export interface RollPolicy {
  segmentBytes: number
  segmentMs: number
}

/** The segment new records go to, rolling a new one when the active segment is full or old. */
export function activeSegment(log: PartitionLog, now: number, incomingBytes: number, roll: RollPolicy): Segment {
  const last = log.segments[log.segments.length - 1]
  if (
    last &&
    !(last.bytes > 0 && (last.bytes + incomingBytes > roll.segmentBytes || now - last.createdAt >= roll.segmentMs))
  ) {
    return last
  }
  const seg = newSegment(log.logEndOffset, now)
  log.segments.push(seg)
  return seg
}

/** Appends one record at the log end offset and returns its offset. */
export function appendRecord(
  seg: Segment,
  log: PartitionLog,
  key: string | null,
  value: string,
  timestamp: number,
  size: number,
  producer: number,
): number {
  seg.keys.push(key)
  seg.values.push(value)
  seg.timestamps.push(timestamp)
  seg.sizes.push(size)
  seg.producers.push(producer)
  seg.flags.push(0)
  seg.bytes += size
  if (timestamp > seg.maxTimestamp) seg.maxTimestamp = timestamp
  log.bytes += size
  return log.logEndOffset++
}

/** Index of the segment holding `offset`, or -1 when the offset is not in the log. */
export function segmentIndexOf(log: PartitionLog, offset: number): number {
  if (offset < log.logStartOffset || offset >= log.logEndOffset) return -1
  const segs = log.segments
  let lo = 0
  let hi = segs.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((segs[mid] as Segment).baseOffset <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}

export interface RecordView {
  offset: number
  key: string | null
  value: string
  timestamp: number
  size: number
  producer: number
  flags: number
}

/** The record at `offset`, or undefined if it is below the log start or at/after the log end. */
export function readRecord(log: PartitionLog, offset: number): RecordView | undefined {
  const si = segmentIndexOf(log, offset)
  if (si < 0) return undefined
  const seg = log.segments[si] as Segment
  const i = offset - seg.baseOffset
  return {
    offset,
    key: seg.keys[i] as string | null,
    value: seg.values[i] as string,
    timestamp: seg.timestamps[i] as number,
    size: seg.sizes[i] as number,
    producer: seg.producers[i] as number,
    flags: seg.flags[i] as number,
  }
}

/**
 * How many records from `from` (inclusive) up to `until` (exclusive) fit in `maxBytes`.
 * Like a broker's fetch, at least one record is returned even if it alone exceeds the limit.
 */
export function countWithinBytes(log: PartitionLog, from: number, until: number, maxBytes: number): number {
  let si = segmentIndexOf(log, from)
  if (si < 0 || until <= from) return 0
  let offset = from
  let bytes = 0
  while (offset < until && si < log.segments.length) {
    const seg = log.segments[si] as Segment
    const end = Math.min(until, seg.baseOffset + seg.sizes.length)
    for (let i = offset - seg.baseOffset; offset < end; i++, offset++) {
      const size = seg.sizes[i] as number
      if (bytes + size > maxBytes && offset > from) return offset - from
      bytes += size
    }
    si++
  }
  return offset - from
}

/** Sets `flag` on every record in [from, until). */
export function flagRange(log: PartitionLog, from: number, until: number, flag: number): void {
  let si = segmentIndexOf(log, Math.max(from, log.logStartOffset))
  if (si < 0) return
  let offset = Math.max(from, log.logStartOffset)
  const stop = Math.min(until, log.logEndOffset)
  while (offset < stop && si < log.segments.length) {
    const seg = log.segments[si] as Segment
    const end = Math.min(stop, seg.baseOffset + seg.flags.length)
    for (let i = offset - seg.baseOffset; offset < end; i++, offset++) seg.flags[i] = (seg.flags[i] as number) | flag
    si++
  }
}

/**
 * Removes records at and after `offset` (a replica truncating to its new leader). Returns the
 * removed records, oldest first.
 */
export function truncateTo(log: PartitionLog, offset: number): RecordView[] {
  const removed: RecordView[] = []
  if (offset >= log.logEndOffset) return removed
  const from = Math.max(offset, log.logStartOffset)
  for (let o = from; o < log.logEndOffset; o++) {
    const r = readRecord(log, o)
    if (r) removed.push(r)
  }
  while (log.segments.length > 0) {
    const seg = log.segments[log.segments.length - 1] as Segment
    if (seg.baseOffset >= from && log.segments.length > 1) {
      log.bytes -= seg.bytes
      log.segments.pop()
      continue
    }
    const keep = Math.max(0, from - seg.baseOffset)
    for (let i = keep; i < seg.sizes.length; i++) {
      seg.bytes -= seg.sizes[i] as number
      log.bytes -= seg.sizes[i] as number
    }
    seg.keys.length = keep
    seg.values.length = keep
    seg.timestamps.length = keep
    seg.sizes.length = keep
    seg.producers.length = keep
    seg.flags.length = keep
    seg.maxTimestamp = -1
    for (const t of seg.timestamps) if (t > seg.maxTimestamp) seg.maxTimestamp = t
    break
  }
  log.logEndOffset = Math.max(from, log.logStartOffset)
  return removed
}

export interface RetentionPolicy {
  retentionMs: number
  retentionBytes: number
}

/**
 * Deletes closed segments as Kafka's retention does (UnifiedLog.deleteOldSegments): by time, a
 * segment whose newest record is older than retention.ms; by size, the oldest segments while the
 * log would still exceed retention.bytes without them. The active (last) segment is never
 * deleted. Returns the number of records removed.
 */
export function applyRetention(log: PartitionLog, now: number, policy: RetentionPolicy): number {
  let removed = 0
  const canDelete = () => log.segments.length > 1
  if (policy.retentionMs >= 0) {
    while (canDelete()) {
      const seg = log.segments[0] as Segment
      if (seg.maxTimestamp < 0 || now - seg.maxTimestamp <= policy.retentionMs) break
      removed += dropFirstSegment(log)
    }
  }
  if (policy.retentionBytes >= 0) {
    while (canDelete()) {
      const seg = log.segments[0] as Segment
      if (log.bytes - seg.bytes < policy.retentionBytes) break
      removed += dropFirstSegment(log)
    }
  }
  return removed
}

function dropFirstSegment(log: PartitionLog): number {
  const seg = log.segments.shift() as Segment
  log.bytes -= seg.bytes
  const next = log.segments[0]
  log.logStartOffset = next ? next.baseOffset : log.logEndOffset
  return seg.sizes.length
}
