/**
 * Followers copy their leaders (ReplicaFetcherThread): each follower broker runs one fetcher per
 * leader broker, asking for every partition it follows there from its own log end offset. The leader
 * learns each follower's log end offset from its fetches, moves the high watermark, and shrinks or
 * grows the ISR (Partition.maybeShrinkIsr / maybeExpandIsr, replica.lag.time.max.ms).
 */
import type { Sim } from './context'
import { tp } from './context'
import { advanceHighWatermark, brokerAlive, replicaState } from './broker'
import { OFFSETS_TOPIC } from './cluster'
import type { PartitionState } from './model'
import type { FetchedPartition } from './tasks'

/** Retry delay of a follower's fetcher after an error (replica.fetch.backoff.ms). */
const REPLICA_FETCH_BACKOFF_MS = 1000

function pairKey(follower: number, leader: number): string {
  return `${follower}>${leader}`
}

/** Starts a fetch for every (follower, leader) pair that should be fetching and is not. */
export function ensureReplicaFetchers(sim: Sim): void {
  const s = sim.s
  const wanted = new Map<string, { follower: number; leader: number; partitions: { topic: string; partition: number; offset: number }[] }>()
  for (const topic of s.topics) {
    for (const p of topic.partitions) {
      if (p.leader < 0 || p.replicas.length < 2 || !brokerAlive(sim, p.leader)) continue
      for (const f of p.replicas) {
        if (f === p.leader) continue
        const b = s.brokers.find((x) => x.id === f)
        if (!b || !b.alive || b.slow) continue
        const key = pairKey(f, p.leader)
        if (s.replicaFetchers[key] !== undefined) continue
        let entry = wanted.get(key)
        if (!entry) wanted.set(key, (entry = { follower: f, leader: p.leader, partitions: [] }))
        entry.partitions.push({ topic: p.topic, partition: p.partition, offset: replicaState(p, f, s.now).leo })
      }
    }
  }
  for (const [key, w] of wanted) {
    const id = s.nextFetchId++
    const epoch = s.brokers.find((x) => x.id === w.follower)?.epoch ?? 0
    s.fetches[id] = { id, consumer: -1, follower: w.follower, incarnation: epoch, broker: w.leader, partitions: w.partitions, sentAt: s.now, expiresAt: -1, parked: false }
    s.replicaFetchers[key] = id
    sim.send({ kind: 'fetchArrive', fetch: id, broker: w.leader, consumer: -1, inc: epoch, sentAt: s.now })
  }
}

/**
 * The leader reads a follower's fetch: the offset it asks for is its log end offset. Updates the
 * follower's catch-up time (Replica.updateFetchState), adds it back to the ISR once it has caught up
 * to the high watermark, and moves the high watermark.
 */
export function updateFollower(sim: Sim, p: PartitionState, follower: number, offset: number): void {
  const now = sim.s.now
  const r = replicaState(p, follower, now)
  const leaderLeo = p.log.logEndOffset
  r.leoSeenByLeader = Math.min(offset, leaderLeo)
  if (offset >= leaderLeo) r.lastCaughtUp = now
  else if (offset >= r.lastFetchLeaderLeo) r.lastCaughtUp = Math.max(r.lastCaughtUp, r.lastFetchTime)
  r.lastFetchLeaderLeo = leaderLeo
  r.lastFetchTime = now
  if (!p.isr.includes(follower) && r.leoSeenByLeader >= p.highWatermark && brokerAlive(sim, follower)) {
    p.isr = p.replicas.filter((b) => b === follower || p.isr.includes(b))
    if (p.topic !== OFFSETS_TOPIC) sim.emit({ type: 'isrChanged', topic: p.topic, partition: p.partition, isr: [...p.isr], change: `broker ${follower} caught up and rejoined the ISR` })
    sim.touch()
  }
  advanceHighWatermark(sim, p)
}

/** A follower receives its leader's answer: it appends what came and fetches again at once. */
export function onReplicaFetchResponse(sim: Sim, fetchId: number, leader: number, follower: number, epoch: number, data: FetchedPartition[]): void {
  const s = sim.s
  const key = pairKey(follower, leader)
  if (s.replicaFetchers[key] === fetchId) delete s.replicaFetchers[key]
  const b = s.brokers.find((x) => x.id === follower)
  if (!b || !b.alive || b.epoch !== epoch) return
  let failed = false
  for (const d of data) {
    const p = sim.partition(d.topic, d.partition)
    if (!p || p.leader !== leader) continue
    if (d.error !== 'NONE') {
      failed = true
      continue
    }
    const r = replicaState(p, follower, s.now)
    if (r.leo === d.from && d.until > d.from) r.leo = Math.min(d.until, p.log.logEndOffset)
  }
  if (failed) {
    s.replicaFetchers[key] = -1
    sim.at(s.now + REPLICA_FETCH_BACKOFF_MS, { kind: 'replicaFetchRetry', follower, leader })
    return
  }
  ensureReplicaFetchers(sim)
}

export function onReplicaFetchRetry(sim: Sim, follower: number, leader: number): void {
  const key = pairKey(follower, leader)
  if (sim.s.replicaFetchers[key] === -1) delete sim.s.replicaFetchers[key]
  ensureReplicaFetchers(sim)
}

/**
 * The leader's periodic ISR check (Partition.maybeShrinkIsr): a follower that has not caught up for
 * replica.lag.time.max.ms leaves the ISR; a smaller ISR may let the high watermark move on.
 */
export function onIsrCheck(sim: Sim): void {
  const s = sim.s
  const maxLag = s.cluster.broker['replica.lag.time.max.ms']
  for (const topic of s.topics) {
    for (const p of topic.partitions) {
      if (p.leader < 0 || p.isr.length < 2 || !brokerAlive(sim, p.leader)) continue
      const out = p.isr.filter((b) => b !== p.leader && s.now - replicaState(p, b, s.now).lastCaughtUp > maxLag)
      if (out.length === 0) continue
      p.isr = p.isr.filter((b) => !out.includes(b))
      if (!topic.internal) sim.emit({
        type: 'isrChanged',
        topic: p.topic,
        partition: p.partition,
        isr: [...p.isr],
        change: `broker ${out.join(', ')} fell behind for more than replica.lag.time.max.ms (${maxLag} ms) and left the ISR`,
      })
      sim.touch()
      advanceHighWatermark(sim, p)
    }
  }
  sim.at(s.now + Math.max(1, Math.floor(maxLag / 2)), { kind: 'isrCheck' })
}

export function replicaKey(p: PartitionState): string {
  return tp(p.topic, p.partition)
}
