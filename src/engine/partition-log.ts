/**
 * One partition's append-only log, kept the way a broker keeps it on disk: a list of segments, each
 * a list of the record batches producers sent.
 *
 * A produced batch is stored as it arrived (its record columns are shared, never copied), so an
 * append costs the same for one record or a thousand. Retention drops whole segments, exactly as
 * Kafka deletes whole segment files; fetches return whole batches, as Kafka's do. Offsets are never
 * reused: the log start offset only moves forward.
 */

/** The record columns a producer batch carries; a stored batch shares them. */
export interface BatchColumns {
  keys: (string | null)[]
  /**
   * The value as text, or null for a click event, whose text follows from `users[i]` and the
   * timestamp (see `clickEventValue`): the hot path then allocates no string per record.
   */
  values: (string | null)[]
  /** For click events, the user number in `user_<n>`; 0 otherwise. */
  users: number[]
  timestamps: number[]
}

export interface StoredBatch extends BatchColumns {
  baseOffset: number
  /** Records in the batch (the columns may be longer when shared with a batch that was split). */
  count: number
  /** Index of the producer in the simulation's producers, and its id for the batch. */
  producer: number
  batchId: number
  bytes: number
  maxTimestamp: number
  /** When the leader appended it (simulated ms): Kafka's LogAppendTime. */
  appendedAt: number
  /** The producer was told this batch is written (acks=1 or all). */
  acked: boolean
}

export interface Segment {
  baseOffset: number
  /** Timestamp of the first record: segment.ms counts from it (LogSegment.timeWaitedForRoll). */
  firstTimestamp: number
  batches: StoredBatch[]
  bytes: number
  records: number
  maxTimestamp: number
}

export interface PartitionLog {
  segments: Segment[]
  logStartOffset: number
  logEndOffset: number
  /** Bytes in all segments. */
  bytes: number
}

/** Bytes a record takes in a batch besides its key and value (v2 format, roughly). */
export const RECORD_OVERHEAD_BYTES = 14

/** The classic tutorial's click event, as producer.py's json.dumps writes it. */
export function clickEventValue(user: number, timestamp: number): string {
  return `{"user_id": "user_${user}", "action": "click", "timestamp": ${timestamp}}`
}

/** The UTF-8 length of clickEventValue(user, timestamp), without building it. */
export function clickEventBytes(user: number, timestamp: number): number {
  return 54 + digits(user) + digits(timestamp)
}

function digits(n: number): number {
  if (n < 0 || !Number.isInteger(n)) return String(n).length
  let d = 1
  while (n >= 10) {
    n = Math.floor(n / 10)
    d++
  }
  return d
}

export function newLog(): PartitionLog {
  return { segments: [], logStartOffset: 0, logEndOffset: 0, bytes: 0 }
}

export interface RollPolicy {
  segmentBytes: number
  segmentMs: number
}

/** LogSegment.shouldRoll: the active segment is full, or older than segment.ms by record time. */
function shouldRoll(seg: Segment, bytes: number, firstTimestamp: number, roll: RollPolicy): boolean {
  if (seg.records === 0) return false
  return seg.bytes + bytes > roll.segmentBytes || firstTimestamp - seg.firstTimestamp > roll.segmentMs
}

/**
 * Appends a batch at the log end offset and returns its base offset. The batch's columns are kept
 * as they are: the caller must not change them afterwards.
 */
export function appendBatch(
  log: PartitionLog,
  columns: BatchColumns,
  count: number,
  bytes: number,
  producer: number,
  batchId: number,
  roll: RollPolicy,
  appendedAt: number,
): number {
  const first = columns.timestamps[0] ?? 0
  let seg = log.segments[log.segments.length - 1]
  if (!seg || shouldRoll(seg, bytes, first, roll)) {
    seg = { baseOffset: log.logEndOffset, firstTimestamp: first, batches: [], bytes: 0, records: 0, maxTimestamp: -1 }
    log.segments.push(seg)
  }
  if (seg.records === 0) seg.firstTimestamp = first
  let maxTimestamp = -1
  for (let i = 0; i < count; i++) {
    const t = columns.timestamps[i] as number
    if (t > maxTimestamp) maxTimestamp = t
  }
  const baseOffset = log.logEndOffset
  seg.batches.push({
    keys: columns.keys,
    values: columns.values,
    users: columns.users,
    timestamps: columns.timestamps,
    baseOffset,
    count,
    producer,
    batchId,
    bytes,
    maxTimestamp,
    appendedAt,
    acked: false,
  })
  seg.bytes += bytes
  seg.records += count
  if (maxTimestamp > seg.maxTimestamp) seg.maxTimestamp = maxTimestamp
  log.bytes += bytes
  log.logEndOffset += count
  return baseOffset
}

/** Index of the last entry whose baseOffset is at or below `offset` (entries sorted by baseOffset). */
function lastStartingAtOrBefore(list: readonly { baseOffset: number }[], offset: number): number {
  let lo = 0
  let hi = list.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((list[mid] as { baseOffset: number }).baseOffset <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** Where `offset` is stored: segment and batch indexes, or null when it is not in the log. */
export function locate(log: PartitionLog, offset: number): { segment: number; batch: number } | null {
  if (offset < log.logStartOffset || offset >= log.logEndOffset) return null
  const segment = lastStartingAtOrBefore(log.segments, offset)
  return { segment, batch: lastStartingAtOrBefore((log.segments[segment] as Segment).batches, offset) }
}

export interface RecordView {
  offset: number
  key: string | null
  value: string
  timestamp: number
  /** When the leader appended it (LogAppendTime). */
  appendedAt: number
  producer: number
  batchId: number
  acked: boolean
}

/** The record at `offset`, or undefined if it is below the log start or at/after the log end. */
export function readRecord(log: PartitionLog, offset: number): RecordView | undefined {
  const at = locate(log, offset)
  if (!at) return undefined
  const b = (log.segments[at.segment] as Segment).batches[at.batch] as StoredBatch
  const i = offset - b.baseOffset
  const timestamp = b.timestamps[i] as number
  const value = b.values[i] as string | null
  return {
    offset,
    key: b.keys[i] as string | null,
    value: value ?? clickEventValue(b.users[i] as number, timestamp),
    timestamp,
    appendedAt: b.appendedAt,
    producer: b.producer,
    batchId: b.batchId,
    acked: b.acked,
  }
}

/**
 * How many records a fetch from `from` returns, reading below `until` (the high watermark) and up
 * to `maxBytes`. Like a broker, it returns whole batches, and at least the first one even if it
 * alone exceeds the limit (max.partition.fetch.bytes is a soft limit).
 */
export function fetchCount(log: PartitionLog, from: number, until: number, maxBytes: number): number {
  const at = locate(log, from)
  if (!at || until <= from) return 0
  let bytes = 0
  let end = from
  for (let s = at.segment; s < log.segments.length; s++) {
    const seg = log.segments[s] as Segment
    for (let bi = s === at.segment ? at.batch : 0; bi < seg.batches.length; bi++) {
      const b = seg.batches[bi] as StoredBatch
      const batchEnd = Math.min(b.baseOffset + b.count, until)
      if (batchEnd <= end) return end - from
      if (end > from && bytes + b.bytes > maxBytes) return end - from
      bytes += b.bytes
      end = batchEnd
      if (end >= until) return end - from
    }
  }
  return end - from
}

/** The stored batch that starts at `baseOffset`, if any. */
export function batchAt(log: PartitionLog, baseOffset: number): StoredBatch | undefined {
  const at = locate(log, baseOffset)
  if (!at) return undefined
  const b = (log.segments[at.segment] as Segment).batches[at.batch] as StoredBatch
  return b.baseOffset === baseOffset ? b : undefined
}

/** Marks the batch holding `baseOffset` as acknowledged to its producer. */
export function markBatchAcked(log: PartitionLog, baseOffset: number): void {
  const at = locate(log, baseOffset)
  if (!at) return
  const b = (log.segments[at.segment] as Segment).batches[at.batch] as StoredBatch
  if (b.baseOffset === baseOffset) b.acked = true
}

/**
 * Removes records at and after `offset` (a replica truncating to its new leader). Returns the
 * removed records, oldest first.
 */
export function truncateTo(log: PartitionLog, offset: number): RecordView[] {
  const removed: RecordView[] = []
  const from = Math.max(offset, log.logStartOffset)
  if (from >= log.logEndOffset) return removed
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
    while (seg.batches.length > 0) {
      const b = seg.batches[seg.batches.length - 1] as StoredBatch
      if (b.baseOffset >= from) {
        seg.batches.pop()
        seg.bytes -= b.bytes
        seg.records -= b.count
        log.bytes -= b.bytes
        continue
      }
      const keep = from - b.baseOffset
      if (keep < b.count) {
        // Split the batch: a fresh object with copied columns, so a shared producer batch is untouched.
        const kept = Math.round((b.bytes * keep) / b.count)
        const cut: StoredBatch = {
          ...b,
          keys: b.keys.slice(0, keep),
          values: b.values.slice(0, keep),
          users: b.users.slice(0, keep),
          timestamps: b.timestamps.slice(0, keep),
          count: keep,
          bytes: kept,
        }
        cut.maxTimestamp = Math.max(-1, ...cut.timestamps)
        seg.bytes -= b.bytes - kept
        seg.records -= b.count - keep
        log.bytes -= b.bytes - kept
        seg.batches[seg.batches.length - 1] = cut
      }
      break
    }
    seg.maxTimestamp = seg.batches.reduce((m, b) => Math.max(m, b.maxTimestamp), -1)
    break
  }
  log.logEndOffset = from
  return removed
}

export interface RetentionPolicy {
  retentionMs: number
  retentionBytes: number
}

/**
 * Deletes segments as Kafka's retention does (UnifiedLog.deleteOldSegments), oldest first and
 * stopping at the first one it may not delete: by time, a segment whose newest record is older than
 * retention.ms; by size, while the log would still be at least retention.bytes without it. Only
 * segments wholly below the high watermark go; the active segment may go too once the high
 * watermark reaches the log end (Kafka rolls a new empty one first). Returns the records removed.
 */
export function applyRetention(log: PartitionLog, now: number, highWatermark: number, policy: RetentionPolicy): number {
  let removed = 0
  const deletable = (i: number): boolean => {
    const seg = log.segments[i] as Segment
    const next = log.segments[i + 1]
    const upper = next ? next.baseOffset : log.logEndOffset
    return seg.records > 0 && highWatermark >= upper
  }
  if (policy.retentionMs >= 0) {
    while (log.segments.length > 0 && deletable(0)) {
      const seg = log.segments[0] as Segment
      if (now - seg.maxTimestamp <= policy.retentionMs) break
      removed += dropFirstSegment(log)
    }
  }
  if (policy.retentionBytes >= 0) {
    let diff = log.bytes - policy.retentionBytes
    while (log.segments.length > 0 && diff > 0 && deletable(0)) {
      const seg = log.segments[0] as Segment
      if (diff - seg.bytes < 0) break
      diff -= seg.bytes
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
  return seg.records
}
