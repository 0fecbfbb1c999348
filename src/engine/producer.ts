/**
 * A producer client: generates the learner's records at a rate, places each one with the
 * partitioner, collects them into per-partition batches (linger.ms, batch.size), sends batches to
 * partition leaders (max.in.flight.requests.per.connection) and handles acknowledgements and
 * retriable errors until delivery.timeout.ms.
 */
import type { Sim } from './context'
import { isAvailable } from './broker'
import { periodMs } from './config'
import type { KeySpec, ProducerBatch, ProducerState, ValueSpec } from './model'
import { toPositive, murmur2, utf8, utf8Length } from './murmur2'
import { clickEventBytes, RECORD_OVERHEAD_BYTES } from './partition-log'
import { nextFloat, nextInt32, seedStream } from './prng'

/** Errors a producer retries (they are RetriableException subclasses in the Java client). */
const RETRIABLE = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'LEADER_NOT_AVAILABLE',
  'NETWORK_EXCEPTION',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
])

// Keyed partitioning is a pure function of the key bytes, so memoising murmur2 per key is safe for
// determinism and saves the hot path from re-hashing the same few keys. Bounded to stay small.
const hashCache = new Map<string, number>()
function keyHash(key: string): number {
  let h = hashCache.get(key)
  if (h === undefined) {
    h = toPositive(murmur2(utf8(key)))
    if (hashCache.size > 50_000) hashCache.clear()
    hashCache.set(key, h)
  }
  return h
}

// User names are interned: the hot path reuses one string per user instead of building one per record.
const userNames: string[] = []
function userName(n: number): string {
  return (userNames[n] ??= `user_${n}`)
}

const userHashes: number[] = []
/** keyHash of user_<n>, by number: the commonest keys skip the string lookup too. */
function userKeyHash(n: number): number {
  let h = userHashes[n]
  if (h === undefined) h = userHashes[n] = keyHash(userName(n))
  return h
}

/** The i-th record's user number, as the tutorial's producer.py picks it: user_<i mod users>. */
function userOf(i: number, value: ValueSpec): number {
  return value.kind === 'click-event' ? i % Math.max(1, value.users) : i
}

export function recordKey(i: number, keys: KeySpec, value: ValueSpec): string | null {
  switch (keys.mode) {
    case 'none':
      return null
    case 'user-id':
      return userName(userOf(i, value))
    case 'custom':
      return keys.keys.length === 0 ? null : (keys.keys[i % keys.keys.length] as string)
  }
}

function availablePartitions(sim: Sim, p: ProducerState): number[] {
  const topic = sim.topic(p.topic)
  const out: number[] = []
  if (!topic) return out
  for (let i = 0; i < p.knownPartitions && i < topic.partitions.length; i++) {
    if (isAvailable(sim, topic.partitions[i]!)) out.push(i)
  }
  return out
}

/** Picks a partition for a record without a key, per the producer's null-key partitioner. */
function nullKeyPartition(sim: Sim, p: ProducerState, available: number[]): number {
  const pickFrom = (n: number) => toPositive(nextInt32(sim.s.rng.partitioner)) % n
  const choose = () =>
    available.length > 0 ? (available[pickFrom(available.length)] as number) : pickFrom(p.knownPartitions)
  switch (p.partitioner) {
    case 'random':
      return choose()
    case 'round-robin': {
      const n = p.roundRobinCounter++
      return available.length > 0
        ? (available[toPositive(n) % available.length] as number)
        : toPositive(n) % p.knownPartitions
    }
    case 'sticky': {
      // BuiltInPartitioner (KIP-794): stay on one partition until batch.size bytes went to it and its
      // batch is closed (so no batch is split), or 2 x batch.size regardless; then pick a random
      // available partition, which may be the same one again.
      const sticky = p.sticky
      const batchSize = p.config['batch.size']
      if (sticky && sticky.partition < p.knownPartitions) {
        // Java's enableSwitch: the partition's last batch is full (or there is none).
        const last = openBatch(p, sticky.partition)
        const closed = last === undefined || last.bytes >= batchSize
        if (!((sticky.bytes >= batchSize && closed) || sticky.bytes >= 2 * batchSize)) return sticky.partition
      }
      p.sticky = { partition: choose(), bytes: 0 }
      return p.sticky.partition
    }
  }
}

/** Size of the v2 record batch header, counted when a record opens a new batch (as Java's appendedBytes). */
const BATCH_HEADER_BYTES = 61

function afterNullKeyAppend(p: ProducerState, size: number, openedBatch: boolean): void {
  if (p.partitioner !== 'sticky' || !p.sticky) return
  p.sticky.bytes += size + (openedBatch ? BATCH_HEADER_BYTES : 0)
}

const sizeCache = new Map<string, number>()
/** UTF-8 size of a key or text value, memoised: the same few strings come back for every record. */
function textSize(s: string): number {
  let n = sizeCache.get(s)
  if (n === undefined) {
    n = utf8Length(s)
    if (sizeCache.size > 50_000) sizeCache.clear()
    sizeCache.set(s, n)
  }
  return n
}

function keySize(p: ProducerState, key: string | null, user: number): number {
  if (key === null) return 0
  // "user_" and the digits of the user number.
  return p.keys.mode === 'user-id' ? 5 + digitCount(user) : textSize(key)
}

function digitCount(n: number): number {
  return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : String(n).length
}

function newBatch(sim: Sim, p: ProducerState, partition: number): ProducerBatch {
  return {
    id: p.nextBatchId++,
    seq: -1,
    producer: p.index,
    topic: p.topic,
    partition,
    createdAt: sim.s.now,
    keys: [],
    values: [],
    users: [],
    timestamps: [],
    bytes: 0,
    attempts: 0,
    lastAttemptAt: -1,
    backoffMs: 0,
    leaderEpoch: -1,
  }
}

/**
 * Adds a record to its partition's last unsent batch while it has room (RecordAccumulator.append):
 * a batch keeps filling until the sender drains it, so a backed-up producer sends bigger batches.
 * Returns true if the record had to open a new batch.
 */
function appendToAccumulator(
  sim: Sim,
  p: ProducerState,
  partition: number,
  key: string | null,
  value: string | null,
  user: number,
  size: number,
  cache: (ProducerBatch | undefined)[],
): boolean {
  let batch = openBatch(p, partition, cache)
  let opened = false
  if (!batch || (batch.bytes + size > p.config['batch.size'] && batch.keys.length > 0)) {
    batch = newBatch(sim, p, partition)
    opened = true
    p.open[partition] = batch.id
    p.ready.push(batch)
    cache[partition] = batch
    if (p.config['linger.ms'] > 0) {
      sim.at(sim.s.now + p.config['linger.ms'], { kind: 'lingerExpired', partition, batch: batch.id, producer: p.index, inc: p.incarnation })
    }
  }
  batch.keys.push(key)
  batch.values.push(value)
  batch.users.push(user)
  batch.timestamps.push(sim.s.now)
  batch.bytes += size
  return opened
}

// The state names a partition's open batch by id (snapshots copy objects; they cannot share them).
// This cache, outside the state and keyed by the producer object, finds it without a search.
const openCache = new WeakMap<ProducerState, (ProducerBatch | undefined)[]>()

function cacheOf(p: ProducerState): (ProducerBatch | undefined)[] {
  let cache = openCache.get(p)
  if (!cache) openCache.set(p, (cache = []))
  return cache
}

/** The partition's last unsent batch. */
function openBatch(p: ProducerState, partition: number, cache = cacheOf(p)): ProducerBatch | undefined {
  const id = p.open[partition]
  if (id === undefined) return undefined
  const hit = cache[partition]
  if (hit && hit.id === id) return hit
  for (let i = p.ready.length - 1; i >= 0; i--) {
    const b = p.ready[i] as ProducerBatch
    if (b.id !== id) continue
    cache[partition] = b
    return b
  }
  return undefined
}

/** A batch may go: full, lingered long enough, no longer the partition's last one, or being retried. */
function sendable(sim: Sim, p: ProducerState, batch: ProducerBatch): boolean {
  return (
    batch.attempts > 0 ||
    batch.bytes >= p.config['batch.size'] ||
    p.open[batch.partition] !== batch.id ||
    sim.s.now - batch.createdAt >= p.config['linger.ms']
  )
}

/** Generates one record: key, value, partition, and puts it in the accumulator. */
function produceOne(sim: Sim, p: ProducerState, cache: (ProducerBatch | undefined)[]): void {
  const i = p.generated++
  const now = sim.s.now
  let user = userOf(i, p.value)
  let key = recordKey(i, p.keys, p.value)
  const skew = p.keys.mode === 'user-id' ? p.keys.skew : undefined
  if (skew && sim.rand('keys', 100) < skew.percent) {
    // A hot user: this event is theirs, so its key (the user id) is the hot key.
    user = skew.user
    key = userName(user)
  }
  const text = p.value.kind === 'text' ? p.value.text : null
  const size = keySize(p, key, user) + (text === null ? clickEventBytes(user, now) : textSize(text)) + RECORD_OVERHEAD_BYTES
  let partition: number
  if (p.fixedPartition !== null && p.fixedPartition < p.knownPartitions) partition = p.fixedPartition
  else if (key !== null) partition = (p.keys.mode === 'user-id' ? userKeyHash(user) : keyHash(key)) % p.knownPartitions
  else partition = nullKeyPartition(sim, p, availablePartitions(sim, p))
  const opened = appendToAccumulator(sim, p, partition, key, text, text === null ? user : 0, size, cache)
  if (key === null && p.fixedPartition === null) afterNullKeyAppend(p, size, opened)
}

/** The time record number `k` (counted from the anchor) is due. */
function dueTime(p: ProducerState, k: number): number {
  return p.anchorTime + Math.ceil((k * 1000) / p.rate)
}

function finished(p: ProducerState): boolean {
  return p.maxRecords !== null && p.generated >= p.maxRecords
}

export function scheduleNextRecord(sim: Sim, p: ProducerState): void {
  if (!p.alive || p.rate <= 0 || finished(p)) return
  const k = p.generated - p.anchorCount
  sim.at(Math.max(sim.s.now, dueTime(p, k)), { kind: 'produceTick', producer: p.index, inc: p.incarnation })
}

/** Restarts the rate schedule from now (after a rate change or a restart). */
export function reanchor(sim: Sim, p: ProducerState): void {
  p.incarnation++
  p.anchorTime = sim.s.now
  p.anchorCount = p.generated
  scheduleNextRecord(sim, p)
  if (p.alive) sim.at(sim.s.now + periodMs(p.config['metadata.max.age.ms']), { kind: 'producerMetadata', producer: p.index, inc: p.incarnation })
}

export function onProduceTick(sim: Sim, p: ProducerState): void {
  if (!p.alive || p.rate <= 0) return
  const now = sim.s.now
  const dueCount = p.anchorCount + Math.floor(((now - p.anchorTime) * p.rate) / 1000) + 1
  const limit = p.maxRecords === null ? dueCount : Math.min(dueCount, p.maxRecords)
  const topic = sim.topic(p.topic)
  if (topic && p.knownPartitions > 0) {
    const cache = cacheOf(p)
    while (p.generated < limit) produceOne(sim, p, cache)
  }
  drainReady(sim, p)
  if (finished(p)) sim.emit({ type: 'producerFinished', producer: p.id, records: p.generated })
  else scheduleNextRecord(sim, p)
}

/** A burst of `count` records now, on top of the rate (the schedule is shifted so it is not disturbed). */
export function produceNow(sim: Sim, p: ProducerState, count: number): void {
  if (!sim.topic(p.topic) || p.knownPartitions === 0) return
  const cache = cacheOf(p)
  for (let i = 0; i < count; i++) produceOne(sim, p, cache)
  p.anchorCount += count
  if (p.maxRecords !== null) p.maxRecords += count
  drainReady(sim, p)
}

export function onLingerExpired(sim: Sim, p: ProducerState, partition: number, batchId: number): void {
  if (p.open[partition] === batchId) drainReady(sim, p)
}

/** Biggest ProduceRequest (max.request.size). */
const MAX_REQUEST_BYTES = 1048576

/**
 * The sender thread (Sender.sendProducerData): fails batches whose delivery.timeout.ms has passed,
 * then drains ready batches into one ProduceRequest per leader broker, at most one batch per
 * partition per request, while that broker's connection has a free in-flight slot
 * (max.in.flight.requests.per.connection). A batch being retried waits out its backoff first, and
 * so do the batches behind it in its partition (RecordAccumulator.ready looks at a partition's first
 * batch only).
 */
export function drainReady(sim: Sim, p: ProducerState): void {
  if (p.ready.length === 0) return
  const now = sim.s.now
  const deliveryTimeout = p.config['delivery.timeout.ms']
  let wakeAt = Infinity
  const maxInFlight = p.config['max.in.flight.requests.per.connection']
  for (;;) {
    // Most calls (a new record, a lingering batch) find nothing to send: check before building anything.
    let any = false
    for (const b of p.ready) {
      if (sendable(sim, p, b)) {
        any = true
        break
      }
    }
    if (!any) break
    // One request per broker; a producer writes to one topic, so partition numbers identify batches.
    const requests: { broker: number; batches: ProducerBatch[]; bytes: number; partitions: number[] }[] = []
    const keep: ProducerBatch[] = []
    // Partitions whose first batch must wait (backoff, no leader): the batches behind it wait too.
    let held: number[] | null = null
    for (const batch of p.ready) {
      if (now - batch.createdAt >= deliveryTimeout) {
        // RecordAccumulator.expiredBatches: delivery.timeout.ms counts from the batch's creation.
        expireBatch(sim, p, batch)
        continue
      }
      if (held !== null && held.includes(batch.partition)) {
        keep.push(batch)
        continue
      }
      if (!sendable(sim, p, batch)) {
        keep.push(batch)
        continue
      }
      const part = sim.partition(batch.topic, batch.partition)
      if (!part || !isAvailable(sim, part)) {
        // No leader: look again after retry.backoff.ms (the metadata refresh backoff).
        keep.push(batch)
        ;(held ??= []).push(batch.partition)
        wakeAt = Math.min(wakeAt, now + p.config['retry.backoff.ms'], batch.createdAt + deliveryTimeout)
        continue
      }
      if (batch.attempts > 0 && part.leaderEpoch === batch.leaderEpoch && now < batch.lastAttemptAt + batch.backoffMs) {
        // RecordAccumulator.shouldBackoff: a retry waits unless the partition has a new leader.
        keep.push(batch)
        ;(held ??= []).push(batch.partition)
        wakeAt = Math.min(wakeAt, batch.lastAttemptAt + batch.backoffMs, batch.createdAt + deliveryTimeout)
        continue
      }
      const broker = part.leader
      let req = requests.find((r) => r.broker === broker)
      if (!req) {
        if ((p.inFlight[broker] ?? 0) >= maxInFlight) {
          keep.push(batch)
          continue
        }
        requests.push((req = { broker, batches: [], bytes: 0, partitions: [] }))
      }
      if (req.partitions.includes(batch.partition) || (req.batches.length > 0 && req.bytes + batch.bytes > MAX_REQUEST_BYTES)) {
        keep.push(batch)
        continue
      }
      req.partitions.push(batch.partition)
      req.bytes += batch.bytes
      if (batch.seq < 0) {
        batch.seq = p.sequences[batch.partition] ?? 0
        p.sequences[batch.partition] = batch.seq + 1
      }
      batch.attempts++
      batch.leaderEpoch = part.leaderEpoch
      if (p.open[batch.partition] === batch.id) delete p.open[batch.partition]
      req.batches.push(batch)
    }
    p.ready = keep
    for (const req of requests) {
      // acks=0 requests get no response: they do not hold an in-flight slot.
      if (p.config.acks !== '0') p.inFlight[req.broker] = (p.inFlight[req.broker] ?? 0) + 1
      sim.send({ kind: 'produceArrive', broker: req.broker, batches: req.batches, producer: p.index, inc: p.incarnation, sentAt: now })
    }
    if (requests.length === 0) break
  }
  if (wakeAt < Infinity) scheduleWake(sim, p, wakeAt)
}

/** Makes sure the sender wakes up by `at` (one wake-up pending at a time: the earliest). */
function scheduleWake(sim: Sim, p: ProducerState, at: number): void {
  if (p.wakeAt > sim.s.now && p.wakeAt <= at) return
  p.wakeAt = at
  sim.at(at, { kind: 'producerWake', producer: p.index, inc: p.incarnation })
}

/** The sender wakes up for a backoff that ended or to look for a leader again. */
export function onProducerWake(sim: Sim, p: ProducerState): void {
  if (sim.s.now !== p.wakeAt) return
  p.wakeAt = -1
  drainReady(sim, p)
}

/**
 * The wait before the retry of a batch that has been sent `attempts` times: Kafka's
 * ExponentialBackoff(retry.backoff.ms, 2, retry.backoff.max.ms, 0.2). The term is
 * retry.backoff.ms x 2^(attempts-1), its exponent capped where the term reaches
 * retry.backoff.max.ms; a uniform jitter factor in [0.8, 1.2) from the seeded 'backoff' stream
 * multiplies it; the result is truncated and never exceeds retry.backoff.max.ms. With
 * retry.backoff.max.ms at or below retry.backoff.ms the wait is retry.backoff.max.ms, constant.
 */
export function retryBackoffMs(sim: Sim, p: ProducerState, attempts: number): number {
  const max = p.config['retry.backoff.max.ms']
  const initial = Math.min(max, p.config['retry.backoff.ms'])
  const expMax = max > initial ? Math.log(max / Math.max(initial, 1)) / Math.log(RETRY_BACKOFF_EXP_BASE) : 0
  if (expMax === 0) return initial
  const term = initial * Math.pow(RETRY_BACKOFF_EXP_BASE, Math.min(attempts - 1, expMax))
  // Older snapshots may lack the stream: seed it like the others.
  const stream = (sim.s.rng.backoff ??= seedStream(sim.s.seed, 'backoff'))
  const factor = 1 - RETRY_BACKOFF_JITTER + 2 * RETRY_BACKOFF_JITTER * nextFloat(stream)
  return Math.min(Math.floor(factor * term), max)
}

/** CommonClientConfigs.RETRY_BACKOFF_EXP_BASE and RETRY_BACKOFF_JITTER. */
const RETRY_BACKOFF_EXP_BASE = 2
const RETRY_BACKOFF_JITTER = 0.2

/** delivery.timeout.ms passed since the batch was created: Sender.sendProducerData fails it with a TimeoutException. */
function expireBatch(sim: Sim, p: ProducerState, batch: ProducerBatch): void {
  const n = batch.keys.length
  failBatch(sim, p, batch, `TimeoutException: Expiring ${n} record(s) for ${batch.topic}-${batch.partition}:${sim.s.now - batch.createdAt} ms has passed since batch creation`)
}

function failBatch(sim: Sim, p: ProducerState, batch: ProducerBatch, error: string): void {
  p.failed += batch.keys.length
  p.lastError = error
  sim.emit({ type: 'produceFailed', producer: p.id, topic: batch.topic, partition: batch.partition, count: batch.keys.length, error, retrying: false })
  sim.touch()
}

/** Puts a batch to retry back in line: before later batches of its partition, so order is kept. */
function requeue(sim: Sim, p: ProducerState, batch: ProducerBatch): void {
  batch.lastAttemptAt = sim.s.now
  batch.backoffMs = retryBackoffMs(sim, p, batch.attempts)
  // In sequence order among its partition's batches (RecordAccumulator.insertInSequenceOrder): before
  // the first later or unsent one, else after the earlier ones already put back.
  let at = -1
  let lastEarlier = -1
  for (let i = 0; i < p.ready.length; i++) {
    const b = p.ready[i] as ProducerBatch
    if (b.partition !== batch.partition) continue
    if (b.seq < 0 || b.seq > batch.seq) {
      at = i
      break
    }
    lastEarlier = i
  }
  p.ready.splice(at >= 0 ? at : lastEarlier + 1, 0, batch)
}

/** The ProduceResponse: per batch, acknowledged, to retry, or failed. */
export function onProduceResponse(sim: Sim, p: ProducerState, broker: number, batches: ProducerBatch[], results: { error: string | null; baseOffset: number }[]): void {
  p.inFlight[broker] = Math.max(0, (p.inFlight[broker] ?? 0) - 1)
  batches.forEach((batch, i) => {
    const { error, baseOffset } = results[i] ?? { error: 'UNKNOWN_SERVER_ERROR', baseOffset: -1 }
    if (error) {
      if (sim.s.now - batch.createdAt >= p.config['delivery.timeout.ms']) {
        // The sender expires in-flight batches too (getExpiredInflightBatches): no retry.
        expireBatch(sim, p, batch)
      } else if (RETRIABLE.has(error)) {
        p.lastError = error
        sim.emit({ type: 'produceFailed', producer: p.id, topic: batch.topic, partition: batch.partition, count: batch.keys.length, error, retrying: true })
        requeue(sim, p, batch)
      } else {
        failBatch(sim, p, batch, error)
      }
      return
    }
    p.acked += batch.keys.length
    const latencyMs = sim.s.now - batch.createdAt
    p.ackLatencySum += latencyMs
    p.ackCount++
    p.lastError = null
    sim.emit({ type: 'produceAcked', producer: p.id, topic: batch.topic, partition: batch.partition, baseOffset, count: batch.keys.length, batch: batch.id, latencyMs })
  })
  drainReady(sim, p)
}

export function onProducerMetadata(sim: Sim, p: ProducerState): void {
  if (!p.alive) return
  const topic = sim.topic(p.topic)
  const n = topic ? topic.partitions.length : 0
  if (n !== p.knownPartitions) {
    p.knownPartitions = n
    sim.emit({ type: 'metadataUpdated', client: p.id, topic: p.topic, partitions: n })
    sim.touch()
  }
  sim.at(sim.s.now + periodMs(p.config['metadata.max.age.ms']), { kind: 'producerMetadata', producer: p.index, inc: p.incarnation })
}
