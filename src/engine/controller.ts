/**
 * The cluster controller (KRaft) and broker lifecycles: a killed broker is fenced once it misses
 * heartbeats for broker.session.timeout.ms; the controller then drops it from every ISR and elects,
 * for each partition it led, the first live in-sync replica in replica order, bumping the leader
 * epoch (PartitionChangeBuilder.electAnyLeader). With none, the partition is offline, unless
 * unclean.leader.election.enable lets an out-of-sync replica lead, losing what it lacks.
 * Preferred-leader election moves leadership back to each partition's first replica.
 */
import type { Sim } from './context'
import { javaStringHash } from './assignors/java-hash'
import { advanceHighWatermark, brokerAlive, failParkedFetchesAt, failPendingProduceAt, replicaState } from './broker'
import { KafkaRefusal, createTopic, OFFSETS_TOPIC } from './cluster'
import type { BrokerState, PartitionState } from './model'
import { loadGroup, unloadGroup } from './coordinator'
import { truncateTo } from './partition-log'
import { ensureReplicaFetchers } from './replication'

const LOST_RECORDS_KEPT = 200

function broker(sim: Sim, id: number): BrokerState {
  const b = sim.s.brokers.find((x) => x.id === id)
  if (!b) throw new KafkaRefusal('BROKER_NOT_AVAILABLE', `There is no broker ${id}.`)
  return b
}

/** __consumer_offsets' 50 partitions change silently; their effect shows as coordinator moves. */
function isInternal(p: PartitionState): boolean {
  return p.topic === OFFSETS_TOPIC
}

function allPartitions(sim: Sim): PartitionState[] {
  return sim.s.topics.flatMap((t) => t.partitions)
}

/** The process dies: no goodbye. Clients connected to it see their requests fail. */
export function killBroker(sim: Sim, id: number): void {
  const b = broker(sim, id)
  if (!b.alive) throw new KafkaRefusal('INVALID_REQUEST', `Broker ${id} is already down.`)
  b.alive = false
  b.epoch++
  sim.emit({ type: 'brokerKilled', broker: id, fencedAfterMs: sim.s.cluster.broker['broker.session.timeout.ms'] })
  failPendingProduceAt(sim, id)
  failParkedFetchesAt(sim, id)
  // The groups it coordinated lose their coordinator: the requests it held fail (the connections
  // drop) and their session timers stop until another broker loads them.
  for (const g of sim.s.groups) if (g.loadedOn === id) unloadGroup(sim, g)
  for (const key of Object.keys(sim.s.replicaFetchers)) if (key.startsWith(`${id}>`)) delete sim.s.replicaFetchers[key]
  sim.at(sim.s.now + sim.s.cluster.broker['broker.session.timeout.ms'], { kind: 'brokerFence', broker: id, epoch: b.epoch })
  sim.touch()
}

/** broker.session.timeout.ms passed without a heartbeat from a dead broker: the controller fences it. */
export function onBrokerFence(sim: Sim, id: number, epoch: number): void {
  const b = broker(sim, id)
  if (b.alive || b.epoch !== epoch || b.fenced) return
  b.fenced = true
  sim.emit({ type: 'brokerFenced', broker: id })
  for (const p of allPartitions(sim)) {
    if (!p.replicas.includes(id)) continue
    // The last member of an ISR stays in it, so that it alone may lead again when it returns.
    if (p.isr.includes(id) && p.isr.length > 1) {
      p.isr = p.isr.filter((x) => x !== id)
      if (p.leader !== id) {
        if (!isInternal(p)) sim.emit({ type: 'isrChanged', topic: p.topic, partition: p.partition, isr: [...p.isr], change: `the controller removed fenced broker ${id}` })
        advanceHighWatermark(sim, p)
      }
    }
    if (p.leader === id) electLeader(sim, p, `broker ${id} was fenced`)
  }
  ensureReplicaFetchers(sim)
  sim.touch()
}

/** Elects a leader for a partition whose leader is gone. */
export function electLeader(sim: Sim, p: PartitionState, why: string): void {
  const live = (x: number) => brokerAlive(sim, x) && !sim.s.brokers.find((b) => b.id === x)?.fenced
  const clean = p.replicas.find((x) => live(x) && p.isr.includes(x))
  if (clean !== undefined) {
    setLeader(sim, p, clean, 'clean', why)
    return
  }
  const topic = sim.topic(p.topic)
  const unclean = topic?.config['unclean.leader.election.enable'] ? p.replicas.find((x) => live(x)) : undefined
  if (unclean !== undefined) {
    p.isr = [unclean]
    setLeader(sim, p, unclean, 'unclean', why)
    return
  }
  if (p.leader !== -1) {
    p.leader = -1
    p.leaderEpoch++
    if (!isInternal(p)) sim.emit({
      type: 'partitionOffline',
      topic: p.topic,
      partition: p.partition,
      reason: `${why}, and no in-sync replica is alive${topic?.config['unclean.leader.election.enable'] ? ' or any other replica' : ' (unclean.leader.election.enable=false)'}`,
    })
    onCoordinatorPartitionChanged(sim, p)
    sim.touch()
  }
}

/**
 * Makes `leader` lead. Its log is the truth from now on: anything the old leader had beyond it is
 * truncated away, on every running replica, and lost. A replica on a broker that is down keeps what
 * it had until it comes back (restartBroker truncates it then).
 */
export function setLeader(sim: Sim, p: PartitionState, leader: number, kind: 'clean' | 'unclean' | 'preferred' | 'returned', why: string): void {
  const now = sim.s.now
  const newLeo = Math.min(replicaState(p, leader, now).leo, p.log.logEndOffset)
  const oldLeader = p.leader
  if (newLeo < p.log.logEndOffset) truncate(sim, p, newLeo, leader)
  p.leader = leader
  p.leaderEpoch++
  p.epochStarts.push({ epoch: p.leaderEpoch, startOffset: p.log.logEndOffset })
  for (const b of p.replicas) {
    const r = replicaState(p, b, now)
    r.leoSeenByLeader = Math.min(r.leoSeenByLeader, newLeo)
    r.lastCaughtUp = now
    if (b !== leader && !brokerAlive(sim, b)) continue
    r.leo = Math.min(r.leo, newLeo)
    r.epoch = p.leaderEpoch
  }
  const lead = replicaState(p, leader, now)
  lead.leo = lead.leoSeenByLeader = p.log.logEndOffset
  p.highWatermark = Math.min(p.highWatermark, newLeo)
  if (!isInternal(p)) sim.emit({ type: 'leaderElected', topic: p.topic, partition: p.partition, leader, previous: oldLeader, epoch: p.leaderEpoch, kind, reason: why })
  advanceHighWatermark(sim, p)
  onCoordinatorPartitionChanged(sim, p)
  ensureReplicaFetchers(sim)
  sim.touch()
}

function truncate(sim: Sim, p: PartitionState, offset: number, newLeader: number): void {
  const removed = truncateTo(p.log, offset)
  if (removed.length === 0) return
  const acked = removed.filter((r) => r.acked).length
  sim.s.counters.lost += acked
  const lost = sim.topic(p.topic)?.lost
  if (lost) {
    lost.acked += acked
    lost.unacked += removed.length - acked
  }
  for (const r of removed) {
    sim.s.lostRecords.push({ t: sim.s.now, topic: p.topic, partition: p.partition, offset: r.offset, key: r.key, value: r.value, acked: r.acked })
  }
  if (sim.s.lostRecords.length > LOST_RECORDS_KEPT) sim.s.lostRecords.splice(0, sim.s.lostRecords.length - LOST_RECORDS_KEPT)
  // The idempotent producers' state beyond the cut is gone too.
  for (const [producer, kept] of Object.entries(p.producerBatches)) {
    const left = kept.filter((b) => b.baseOffset < offset)
    if (left.length > 0) p.producerBatches[Number(producer)] = left
    else delete p.producerBatches[Number(producer)]
  }
  sim.emit({
    type: 'recordsLost',
    topic: p.topic,
    partition: p.partition,
    from: offset,
    to: offset + removed.length - 1,
    acked,
    leader: newLeader,
  })
}

/** A broker comes back: it catches up from the current leaders and may rejoin ISRs, or lead an offline partition it was in sync for. */
export function restartBroker(sim: Sim, id: number): void {
  const b = broker(sim, id)
  if (b.alive) throw new KafkaRefusal('INVALID_REQUEST', `Broker ${id} is already running.`)
  b.alive = true
  b.fenced = false
  b.slow = false
  b.epoch++
  sim.emit({ type: 'brokerRestarted', broker: id })
  for (const p of allPartitions(sim)) {
    if (!p.replicas.includes(id)) continue
    const r = replicaState(p, id, sim.s.now)
    r.lastCaughtUp = sim.s.now
    if (p.leader >= 0 && p.leader !== id) truncateReturningReplica(sim, p, id)
    if (p.leader === -1 && p.isr.includes(id)) setLeader(sim, p, id, 'returned', 'it was the last in-sync replica and came back')
    else if (p.leader === id) setLeader(sim, p, id, 'returned', 'it came back before the controller fenced it')
  }
  ensureReplicaFetchers(sim)
  sim.touch()
}

/**
 * A replica whose broker was down through leader changes asks the leader where its last epoch ended
 * (OffsetsForLeaderEpoch) and truncates its log to that offset before fetching: the records it held
 * beyond it were never on the new leader.
 */
function truncateReturningReplica(sim: Sim, p: PartitionState, id: number): void {
  const r = replicaState(p, id, sim.s.now)
  if (r.epoch === p.leaderEpoch) return
  const end = Math.min(p.epochStarts.find((x) => x.epoch > r.epoch)?.startOffset ?? p.log.logEndOffset, p.log.logEndOffset)
  const from = r.leo
  r.epoch = p.leaderEpoch
  if (from <= end) return
  r.leo = end
  r.leoSeenByLeader = Math.min(r.leoSeenByLeader, end)
  if (!isInternal(p)) sim.emit({ type: 'replicaTruncated', topic: p.topic, partition: p.partition, broker: id, from, to: end, leader: p.leader })
}

export function setBrokerSlow(sim: Sim, id: number, slow: boolean): void {
  const b = broker(sim, id)
  if (!b.alive) throw new KafkaRefusal('BROKER_NOT_AVAILABLE', `Broker ${id} is down.`)
  if (b.slow === slow) return
  b.slow = slow
  sim.emit({ type: 'brokerSlow', broker: id, slow })
  if (!slow) ensureReplicaFetchers(sim)
  sim.touch()
}

export function addBroker(sim: Sim): number {
  const id = sim.s.brokers.reduce((m, b) => Math.max(m, b.id), 0) + 1
  sim.s.brokers.push({ id, alive: true, fenced: false, slow: false, epoch: 0 })
  sim.emit({ type: 'brokerStarted', broker: id })
  sim.touch()
  return id
}

/** kafka-leader-election.sh --election-type preferred: each partition back to its first replica, if in sync. */
export function electPreferredLeaders(sim: Sim, only?: (p: PartitionState) => boolean): number {
  let moved = 0
  for (const p of allPartitions(sim)) {
    if (only && !only(p)) continue
    const preferred = p.replicas[0]
    if (preferred === undefined || p.leader === preferred || !brokerAlive(sim, preferred) || !p.isr.includes(preferred)) continue
    setLeader(sim, p, preferred, 'preferred', 'preferred leader election')
    moved++
  }
  return moved
}

/**
 * auto.leader.rebalance.enable: every leader.imbalance.check.interval.seconds, a broker whose share of
 * partitions not led by it (though it is their preferred leader) exceeds
 * leader.imbalance.per.broker.percentage gets them back.
 */
export function onLeaderRebalanceCheck(sim: Sim): void {
  const cfg = sim.s.cluster.broker
  if (cfg['auto.leader.rebalance.enable']) {
    for (const b of sim.s.brokers) {
      if (!b.alive) continue
      const preferredHere = allPartitions(sim).filter((p) => p.replicas[0] === b.id)
      if (preferredHere.length === 0) continue
      const imbalance = preferredHere.filter((p) => p.leader !== b.id).length / preferredHere.length
      if (imbalance * 100 > cfg['leader.imbalance.per.broker.percentage']) electPreferredLeaders(sim, (p) => p.replicas[0] === b.id)
    }
  }
  sim.at(sim.s.now + cfg['leader.imbalance.check.interval.seconds'] * 1000, { kind: 'leaderRebalanceCheck' })
}

/** Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions (GroupCoordinatorService.partitionFor). */
export function offsetsPartitionFor(groupId: string, partitions: number): number {
  const h = javaStringHash(groupId)
  return (h === -2147483648 ? 0 : Math.abs(h)) % partitions
}

/** The broker coordinating a group: the leader of its __consumer_offsets partition, or -1 when none is up. */
export function coordinatorFor(sim: Sim, groupId: string): number {
  let topic = sim.topic(OFFSETS_TOPIC)
  if (!topic) {
    const live = sim.s.brokers.filter((b) => b.alive).length
    if (live === 0) return -1
    // Real Kafka refuses to create it until offsets.topic.replication.factor brokers are registered
    // (a one-broker setup sets it to 1, as the quickstart's server.properties does); the model caps
    // it at the brokers running, so a one-broker lesson needs no setting to explain.
    const rf = Math.min(sim.s.cluster.broker['offsets.topic.replication.factor'], live)
    topic = createTopic(sim, OFFSETS_TOPIC, sim.s.cluster.broker['offsets.topic.num.partitions'], rf, {}, true)
    ensureReplicaFetchers(sim)
  }
  const p = topic.partitions[offsetsPartitionFor(groupId, topic.partitions.length)]
  return p && p.leader >= 0 && brokerAlive(sim, p.leader) ? p.leader : -1
}

/** A __consumer_offsets partition changed leader: its groups' coordinator moved. */
function onCoordinatorPartitionChanged(sim: Sim, p: PartitionState): void {
  if (p.topic !== OFFSETS_TOPIC) return
  for (const g of sim.s.groups) {
    if (offsetsPartitionFor(g.groupId, sim.topic(OFFSETS_TOPIC)?.partitions.length ?? 1) !== p.partition) continue
    sim.emit({ type: 'coordinatorMoved', group: g.groupId, broker: p.leader })
    moveGroupCoordinator(sim, g.groupId, p.leader)
  }
}

/**
 * The old coordinator unloads the group (answering the JoinGroup and SyncGroup requests it holds
 * with NOT_COORDINATOR) and the new one, if any, loads it as it was last written to
 * __consumer_offsets, restarting every member's session timer. With no leader for the partition
 * the group has no coordinator: no session expires until one loads it.
 */
function moveGroupCoordinator(sim: Sim, groupId: string, broker: number): void {
  const g = sim.group(groupId)
  if (g.loadedOn === broker && broker >= 0) return
  unloadGroup(sim, g)
  if (broker >= 0 && brokerAlive(sim, broker)) loadGroup(sim, g, broker)
}
