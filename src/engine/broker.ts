/**
 * What a partition's leader does (Partition.scala, ReplicaManager): appends produced batches,
 * keeps the high watermark at the smallest log end offset in the ISR, answers acks=all producers
 * once the high watermark passes their records, and serves fetches from consumers (below the high
 * watermark) and from followers (up to the log end), long-polling when there is nothing to send.
 */
import type { Sim } from './context'
import type { FetchRequest, PartitionState, ProducerBatch, ReplicaState } from './model'
import { appendBatch as appendToLog, fetchCount, markBatchAcked } from './partition-log'
import type { FetchedPartition } from './tasks'

/** Max bytes per partition a follower fetches at once (replica.fetch.max.bytes). */
const REPLICA_FETCH_MAX_BYTES = 1048576

export function brokerAlive(sim: Sim, id: number): boolean {
  const b = sim.s.brokers.find((x) => x.id === id)
  return b !== undefined && b.alive
}

/** A partition whose leader runs. */
export function isAvailable(sim: Sim, p: PartitionState): boolean {
  return p.leader >= 0 && brokerAlive(sim, p.leader)
}

export function replicaState(p: PartitionState, broker: number, now: number): ReplicaState {
  return (p.replicaState[broker] ??= { leo: 0, leoSeenByLeader: 0, lastCaughtUp: now, lastFetchLeaderLeo: 0, lastFetchTime: now, epoch: p.leaderEpoch })
}

/**
 * The leader appends a produced batch (Partition.appendRecordsToLeader). Returns the base offset,
 * or the error the leader answers with.
 */
export function appendBatch(sim: Sim, broker: number, batch: ProducerBatch): { baseOffset: number; error: string | null; duplicate: boolean } {
  const p = sim.partition(batch.topic, batch.partition)
  if (!p || p.leader !== broker || !isAvailable(sim, p)) return { baseOffset: -1, error: 'NOT_LEADER_OR_FOLLOWER', duplicate: false }
  const topic = sim.topic(batch.topic)
  const producer = sim.producer(batch.producer)
  if (topic && producer.config.acks === 'all' && p.isr.length < topic.config['min.insync.replicas']) {
    return { baseOffset: -1, error: 'NOT_ENOUGH_REPLICAS', duplicate: false }
  }
  const recent = p.producerBatches[batch.producer]
  const last = recent?.[recent.length - 1]
  if (producer.config['enable.idempotence'] && recent && last) {
    // Idempotence (ProducerStateEntry keeps the last 5 batches): a batch the leader already has (a
    // retry) is answered with its offset, not appended again; one that skips a sequence number waits.
    if (batch.seq <= last.seq) return { baseOffset: recent.find((b) => b.seq === batch.seq)?.baseOffset ?? -1, error: null, duplicate: true }
    if (batch.seq > last.seq + 1) return { baseOffset: -1, error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', duplicate: false }
  }
  const roll = topic ? { segmentBytes: topic.config['segment.bytes'], segmentMs: topic.config['segment.ms'] } : { segmentBytes: Infinity, segmentMs: Infinity }
  const n = batch.keys.length
  const baseOffset = appendToLog(p.log, batch, n, batch.bytes, batch.producer, batch.id, roll, sim.s.now)
  const leaderState = replicaState(p, broker, sim.s.now)
  leaderState.leo = leaderState.leoSeenByLeader = p.log.logEndOffset
  const kept = (p.producerBatches[batch.producer] ??= [])
  kept.push({ seq: batch.seq, baseOffset })
  if (kept.length > 5) kept.shift()
  sim.s.counters.produced += n
  sim.emit({ type: 'recordsAppended', producer: producer.id, topic: batch.topic, partition: batch.partition, baseOffset, count: n, broker })
  releaseParked(sim, p, 'replica')
  advanceHighWatermark(sim, p)
  return { baseOffset, error: null, duplicate: false }
}

/** Answers the parked fetches of one kind on a partition (new data arrived). */
function releaseParked(sim: Sim, p: PartitionState, kind: 'consumer' | 'replica'): void {
  const list = kind === 'consumer' ? p.parkedFetches : p.parkedReplicaFetches
  if (list.length === 0) return
  if (kind === 'consumer') p.parkedFetches = []
  else p.parkedReplicaFetches = []
  for (const id of list) {
    const f = sim.s.fetches[id]
    if (f && f.parked) answerFetch(sim, f)
  }
}

/**
 * The high watermark is the smallest log end offset in the ISR (Partition.maybeIncrementLeaderHW).
 * When it moves, consumers waiting for data are answered and acks=all producers acknowledged.
 */
export function advanceHighWatermark(sim: Sim, p: PartitionState): void {
  if (p.leader < 0) return
  let hw = p.log.logEndOffset
  for (const b of p.isr) {
    if (b === p.leader) continue
    const leo = p.replicaState[b]?.leoSeenByLeader ?? 0
    if (leo < hw) hw = leo
  }
  if (hw <= p.highWatermark) return
  p.highWatermark = hw
  releaseParked(sim, p, 'consumer')
  completePendingAcks(sim, p)
}

/**
 * A ProduceRequest reaches a leader broker: each batch (one per partition) is appended, and the
 * request is answered once every batch has its result: at once for acks=1, after replication for
 * acks=all (DelayedProduce), never for acks=0.
 */
export function handleProduceRequest(sim: Sim, broker: number, batches: ProducerBatch[], producerIndex: number, inc: number): void {
  const acks = sim.producer(producerIndex).config.acks
  if (!brokerAlive(sim, broker)) {
    // The broker is down: the connection drops and the producer hears of it (acks=0 hears nothing).
    if (acks !== '0') respond(sim, broker, producerIndex, inc, batches, batches.map(() => ({ error: 'NETWORK_EXCEPTION', baseOffset: -1 })))
    return
  }
  const results: (ProduceResult | null)[] = []
  const waits: { p: PartitionState; index: number; end: number }[] = []
  batches.forEach((batch, index) => {
    const { baseOffset, error, duplicate } = appendBatch(sim, broker, batch)
    const p = sim.partition(batch.topic, batch.partition)
    if (error || !p) results.push({ error: error ?? 'UNKNOWN_TOPIC_OR_PARTITION', baseOffset: -1 })
    else if (acks === 'all' && !duplicate && p.highWatermark < baseOffset + batch.keys.length) {
      results.push(null)
      waits.push({ p, index, end: baseOffset + batch.keys.length })
    } else results.push({ error: null, baseOffset })
  })
  if (acks === '0') return
  if (waits.length === 0) {
    respond(sim, broker, producerIndex, inc, batches, results as ProduceResult[])
    return
  }
  const id = sim.s.nextRequestId++
  const deadline = sim.s.now + sim.producer(producerIndex).config['request.timeout.ms']
  sim.s.pendingProduce[id] = { id, producer: producerIndex, inc, broker, batches, results, remaining: waits.length }
  for (const w of waits) w.p.pendingAcks.push({ request: id, index: w.index, end: w.end })
  sim.at(deadline, { kind: 'ackTimeout', request: id })
}

export interface ProduceResult {
  error: string | null
  baseOffset: number
}

/** Sends the ProduceResponse, marking the batches written successfully as acknowledged. */
function respond(sim: Sim, broker: number, producer: number, inc: number, batches: ProducerBatch[], results: ProduceResult[]): void {
  batches.forEach((b, i) => {
    const r = results[i]
    const p = sim.partition(b.topic, b.partition)
    if (r && !r.error && p) markBatchAcked(p.log, r.baseOffset)
  })
  sim.send({ kind: 'produceResponse', broker, batches, results, producer, inc, sentAt: sim.s.now })
}

function settle(sim: Sim, id: number, index: number, result: ProduceResult): void {
  const req = sim.s.pendingProduce[id]
  if (!req || req.results[index] !== null) return
  req.results[index] = result
  req.remaining--
  if (req.remaining > 0) return
  delete sim.s.pendingProduce[id]
  respond(sim, req.broker, req.producer, req.inc, req.batches, req.results as ProduceResult[])
}

function completePendingAcks(sim: Sim, p: PartitionState): void {
  if (p.pendingAcks.length === 0) return
  const topic = sim.topic(p.topic)
  const minIsr = topic ? topic.config['min.insync.replicas'] : 1
  const done = p.pendingAcks.filter((a) => p.highWatermark >= a.end)
  if (done.length === 0) return
  p.pendingAcks = p.pendingAcks.filter((a) => p.highWatermark < a.end)
  for (const a of done) {
    const baseOffset = a.end - (sim.s.pendingProduce[a.request]?.batches[a.index]?.keys.length ?? 0)
    // The ISR shrank below min.insync.replicas after the append: written, but not acknowledged.
    settle(sim, a.request, a.index, p.isr.length < minIsr ? { error: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', baseOffset: -1 } : { error: null, baseOffset })
  }
}

/** request.timeout.ms passed before replication finished: REQUEST_TIMED_OUT for what is still waiting. */
export function onAckTimeout(sim: Sim, id: number): void {
  const req = sim.s.pendingProduce[id]
  if (!req) return
  failRequest(sim, req.id, 'REQUEST_TIMED_OUT')
}

function failRequest(sim: Sim, id: number, error: string): void {
  const req = sim.s.pendingProduce[id]
  if (!req) return
  for (const b of req.batches) {
    const p = sim.partition(b.topic, b.partition)
    if (p) p.pendingAcks = p.pendingAcks.filter((a) => a.request !== id)
  }
  req.results.forEach((r, i) => {
    if (r === null) settle(sim, id, i, { error, baseOffset: -1 })
  })
}

/** A broker goes away: every acks=all producer still waiting on it gets an error (the connection dropped). */
export function failPendingProduceAt(sim: Sim, broker: number): void {
  for (const req of Object.values(sim.s.pendingProduce)) if (req.broker === broker) failRequest(sim, req.id, 'NETWORK_EXCEPTION')
}

/** Records (or the follower's next data) a fetch can return now, per partition. */
function collectFetch(sim: Sim, f: FetchRequest): { data: FetchedPartition[]; bytes: number } {
  const data: FetchedPartition[] = []
  let bytes = 0
  const replica = f.follower >= 0
  const maxBytes = replica ? REPLICA_FETCH_MAX_BYTES : sim.consumer(f.consumer).config['max.partition.fetch.bytes']
  for (const req of f.partitions) {
    const p = sim.partition(req.topic, req.partition)
    if (!p || p.leader !== f.broker || !isAvailable(sim, p)) {
      data.push({ topic: req.topic, partition: req.partition, from: req.offset, until: req.offset, error: 'NOT_LEADER_OR_FOLLOWER' })
      bytes += 1
      continue
    }
    if (req.offset < p.log.logStartOffset || req.offset > p.log.logEndOffset) {
      data.push({ topic: req.topic, partition: req.partition, from: req.offset, until: req.offset, error: 'OFFSET_OUT_OF_RANGE', logStartOffset: p.log.logStartOffset, logEndOffset: p.log.logEndOffset })
      bytes += 1
      continue
    }
    // Consumers read below the high watermark; followers up to the log end.
    const n = fetchCount(p.log, req.offset, replica ? p.log.logEndOffset : p.highWatermark, maxBytes)
    data.push({ topic: req.topic, partition: req.partition, from: req.offset, until: req.offset + n, error: 'NONE' })
    bytes += n
  }
  return { data, bytes }
}

function answerFetch(sim: Sim, f: FetchRequest, collected = collectFetch(sim, f)): void {
  f.parked = false
  delete sim.s.fetches[f.id]
  if (f.follower >= 0) {
    sim.send({ kind: 'replicaFetchResponse', fetch: f.id, leader: f.broker, follower: f.follower, epoch: f.incarnation, data: collected.data, sentAt: sim.s.now })
  } else {
    sim.send({ kind: 'fetchResponse', fetch: f.id, broker: f.broker, data: collected.data, consumer: f.consumer, inc: f.incarnation, sentAt: sim.s.now })
  }
}

/** A fetch reaches its broker: answer at once if there is data (fetch.min.bytes=1), else park it. */
export function onFetchArrive(sim: Sim, fetchId: number, updateFollower: (p: PartitionState, follower: number, offset: number) => void): void {
  const f = sim.s.fetches[fetchId]
  if (!f) return
  if (!brokerAlive(sim, f.broker)) {
    // The broker is down: the connection fails and the client hears of it.
    answerFetch(sim, f, {
      data: f.partitions.map((r) => ({ topic: r.topic, partition: r.partition, from: r.offset, until: r.offset, error: 'NOT_LEADER_OR_FOLLOWER' as const })),
      bytes: 0,
    })
    return
  }
  if (f.follower >= 0) {
    for (const req of f.partitions) {
      const p = sim.partition(req.topic, req.partition)
      if (p && p.leader === f.broker) updateFollower(p, f.follower, req.offset)
    }
  }
  const collected = collectFetch(sim, f)
  if (collected.bytes > 0) {
    answerFetch(sim, f, collected)
    return
  }
  f.parked = true
  const wait = f.follower >= 0 ? sim.s.cluster.broker['replica.fetch.wait.max.ms'] : sim.consumer(f.consumer).config['fetch.max.wait.ms']
  f.expiresAt = sim.s.now + wait
  for (const req of f.partitions) {
    const p = sim.partition(req.topic, req.partition)
    if (!p) continue
    if (f.follower >= 0) p.parkedReplicaFetches.push(f.id)
    else p.parkedFetches.push(f.id)
  }
  sim.at(f.expiresAt, { kind: 'fetchExpire', fetch: f.id })
}

export function onFetchExpire(sim: Sim, fetchId: number): void {
  const f = sim.s.fetches[fetchId]
  if (!f || !f.parked) return
  for (const req of f.partitions) {
    const p = sim.partition(req.topic, req.partition)
    if (!p) continue
    p.parkedFetches = p.parkedFetches.filter((id) => id !== fetchId)
    p.parkedReplicaFetches = p.parkedReplicaFetches.filter((id) => id !== fetchId)
  }
  answerFetch(sim, f)
}

/** Fetches parked at a broker that dies are answered with errors (their connections drop). */
export function failParkedFetchesAt(sim: Sim, broker: number): void {
  for (const f of Object.values(sim.s.fetches)) {
    if (f.broker !== broker || !f.parked) continue
    for (const req of f.partitions) {
      const p = sim.partition(req.topic, req.partition)
      if (!p) continue
      p.parkedFetches = p.parkedFetches.filter((id) => id !== f.id)
      p.parkedReplicaFetches = p.parkedReplicaFetches.filter((id) => id !== f.id)
    }
    answerFetch(sim, f, {
      data: f.partitions.map((r) => ({ topic: r.topic, partition: r.partition, from: r.offset, until: r.offset, error: 'NOT_LEADER_OR_FOLLOWER' as const })),
      bytes: 0,
    })
  }
}
