/**
 * What the UI draws, built from the engine's state: the cluster view (structure and numbers),
 * batches in flight, plain-language notes about settings a lesson changed, and chart samples.
 */
import {
  changedFromDefault,
  CONSUMER_DEFAULTS,
  groupLag,
  groupTopics,
  isRunning,
  memberLag,
  readRecord,
  rebalanceProtocol,
  rebalanceProtocolOf,
  totalLag,
} from '../engine'
import type { ConsumerState, Simulation } from '../engine'
import { COMPACT_ABOVE } from './protocol'
import { teachingNotes } from './teaching-notes'
import type { BrokerView, ClusterView, Flight, Flow, GroupView, LostRecordView, PartitionView, RecordDetails, Sample, TopicLossView, TopicView } from './protocol'

/** Records sent per partition log: fewer when there are many partitions (the strips draw fewer). */
export const LOG_WINDOW = 10
export const COMPACT_LOG_WINDOW = 6
/** Longest value sent to the inspector. */
export const MAX_VALUE_CHARS = 10_000
/** Lost records listed per topic (the newest); the totals are counted separately. */
export const LOST_SHOWN = 20

/** The structure and numbers the UI draws, from the engine's state. */
export function buildView(sim: Simulation): ClusterView {
  const s = sim.s
  const partitionCount = s.topics.reduce((n, t) => n + (t.internal ? 0 : t.partitions.length), 0)
  const window = partitionCount > COMPACT_ABOVE ? COMPACT_LOG_WINDOW : LOG_WINDOW
  const topics = s.topics.map((t): TopicView => ({
    name: t.name,
    internal: t.internal,
    replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    config: { ...t.config },
    // The internal topic's 50 partitions are summarised by the brokers' coordinator lists, not drawn.
    partitions: t.internal
      ? []
      : t.partitions.map((p): PartitionView => {
          const records = []
          for (let o = Math.max(p.log.logStartOffset, p.log.logEndOffset - window); o < p.log.logEndOffset; o++) {
            const r = readRecord(p.log, o)
            if (r) records.push({ offset: o, key: r.key, appendedAt: r.appendedAt, acked: r.acked })
          }
          const key = `${t.name}-${p.partition}`
          const committed: Record<string, number> = {}
          const consumedUpTo: Record<string, number> = {}
          for (const g of s.groups) {
            const c = g.committed[key]
            if (c !== undefined) committed[g.groupId] = c
            const done = g.processedHigh[key]
            if (done !== undefined) consumedUpTo[g.groupId] = done
          }
          return {
            topic: t.name,
            partition: p.partition,
            leader: p.leader,
            leaderEpoch: p.leaderEpoch,
            replicas: [...p.replicas],
            isr: [...p.isr],
            replicaStates: p.replicas.map((b) => ({
              broker: b,
              leo: b === p.leader ? p.log.logEndOffset : Math.min(p.replicaState[b]?.leo ?? 0, p.log.logEndOffset),
              inIsr: p.isr.includes(b),
              leader: b === p.leader,
              alive: s.brokers.some((x) => x.id === b && x.alive),
            })),
            logStartOffset: p.log.logStartOffset,
            logEndOffset: p.log.logEndOffset,
            highWatermark: p.highWatermark,
            records,
            committed,
            consumedUpTo,
          }
        }),
  }))
  const coordinatorOf = (c: ConsumerState[]) => c.find((x) => x.coordinator >= 0 && isRunning(x))?.coordinator ?? -1
  const groups = s.groups.map((g): GroupView => {
    const lag = groupLag(s, g)
    const consumers = s.consumers.filter((c) => c.groupId === g.groupId)
    const model = consumers[consumers.length - 1]?.config ?? CONSUMER_DEFAULTS
    const strategy = model['partition.assignment.strategy']
    const memberIds = new Set(g.members.map((m) => m.memberId))
    return {
      groupId: g.groupId,
      state: g.state,
      generation: g.generation,
      assignor: g.protocol,
      protocol: rebalanceProtocolOf(g),
      configuredAssignor: strategy.join(', '),
      configuredProtocol: rebalanceProtocol(strategy),
      config: {
        strategy: [...strategy],
        autoCommit: model['enable.auto.commit'],
        autoCommitIntervalMs: model['auto.commit.interval.ms'],
        autoOffsetReset: model['auto.offset.reset'],
        sessionTimeoutMs: model['session.timeout.ms'],
        heartbeatIntervalMs: model['heartbeat.interval.ms'],
        maxPollIntervalMs: model['max.poll.interval.ms'],
        maxPollRecords: model['max.poll.records'],
      },
      leader: g.members.find((m) => m.memberId === g.leaderId)?.clientId ?? null,
      coordinator: coordinatorOf(consumers),
      topics: groupTopics(s, g.groupId),
      members: consumers.map((c) => {
        const changed: Record<string, string> = {}
        for (const k of changedFromDefault(c.config, CONSUMER_DEFAULTS)) changed[k] = JSON.stringify(c.config[k])
        return {
          id: c.id,
          memberId: c.memberId,
          phase: c.phase,
          owned: c.owned.map((x) => `${x.topic}-${x.partition}`),
          idle: isRunning(c) && c.phase === 'stable' && memberIds.has(c.memberId) && c.owned.length === 0 && g.state === 'Stable',
          processingMs: c.processingMs,
          lag: memberLag(s, c),
          isLeader: c.memberId !== '' && c.memberId === g.leaderId,
          instanceId: c.config['group.instance.id'],
          generation: c.generation,
          stopReason: c.stopReason,
          changed,
        }
      }),
      lag,
      totalLag: totalLag(lag),
      consumed: g.consumed,
      duplicates: g.duplicates,
      rebalances: g.rebalances,
    }
  })
  const brokers = s.brokers.map((b): BrokerView => {
    let leaderCount = 0
    let replicaCount = 0
    for (const t of s.topics) {
      if (t.internal) continue
      for (const p of t.partitions) {
        if (p.leader === b.id) leaderCount++
        if (p.replicas.includes(b.id)) replicaCount++
      }
    }
    return {
      id: b.id,
      alive: b.alive,
      fenced: b.fenced,
      slow: b.slow,
      leaderCount,
      replicaCount,
      coordinatorOf: groups.filter((g) => g.coordinator === b.id).map((g) => g.groupId),
    }
  })
  return {
    scenarioId: sim.scenario.id,
    title: sim.scenario.title,
    description: sim.scenario.description,
    brokers,
    topics,
    producers: s.producers.map((p) => ({
      id: p.id,
      topic: p.topic,
      rate: p.rate,
      sent: p.generated,
      acked: p.acked,
      failed: p.failed,
      maxRecords: p.maxRecords,
      keys: copyKeys(p.keys),
      value: { ...p.value },
      partitioner: p.partitioner,
      acks: p.config.acks,
      lingerMs: p.config['linger.ms'],
      batchSize: p.config['batch.size'],
      idempotence: p.config['enable.idempotence'],
      lastError: p.lastError,
      avgAckMs: p.ackCount > 0 ? Math.round(p.ackLatencySum / p.ackCount) : null,
      queued: p.ready.length,
    })),
    groups,
    counters: { ...s.counters, lostByTopic: lossesByTopic(sim) },
    lostRecords: newestLost(sim),
    networkLatencyMs: s.cluster.networkLatencyMs,
    teachingNotes: teachingNotes(sim),
  }
}

/** The newest LOST_SHOWN lost records of each topic, oldest first, without their values (nothing shows them). */
function newestLost(sim: Simulation): LostRecordView[] {
  const all = sim.s.lostRecords
  const perTopic = new Map<string, number>()
  const out: LostRecordView[] = []
  for (let i = all.length - 1; i >= 0; i--) {
    const r = all[i] as (typeof all)[number]
    const n = perTopic.get(r.topic) ?? 0
    if (n >= LOST_SHOWN) continue
    perTopic.set(r.topic, n + 1)
    out.push({ t: r.t, topic: r.topic, partition: r.partition, offset: r.offset, key: r.key, acked: r.acked })
  }
  return out.reverse()
}

/** Records lost per topic since the run began (the engine counts them as leader changes truncate). */
function lossesByTopic(sim: Simulation): Record<string, TopicLossView> {
  const out: Record<string, TopicLossView> = {}
  for (const t of sim.s.topics) if (t.lost.acked + t.lost.unacked > 0) out[t.name] = { ...t.lost }
  return out
}

/** One record's details for the inspector, or null when it is not in the log. */
export function recordDetails(sim: Simulation, topic: string, partition: number, offset: number): RecordDetails | null {
  const p = sim.partition(topic, partition)
  const r = p ? readRecord(p.log, offset) : undefined
  if (!r) return null
  return {
    topic,
    partition,
    offset,
    key: r.key,
    value: r.value.length > MAX_VALUE_CHARS ? r.value.slice(0, MAX_VALUE_CHARS) : r.value,
    truncated: r.value.length > MAX_VALUE_CHARS,
    timestamp: r.timestamp,
    producer: sim.s.producers[r.producer]?.id ?? `producer ${r.producer}`,
    acked: r.acked,
  }
}

function copyKeys(keys: ClusterView['producers'][number]['keys']): ClusterView['producers'][number]['keys'] {
  return keys.mode === 'custom' ? { mode: 'custom', keys: [...keys.keys] } : { ...keys }
}

/** Beyond this many batches in flight, frames carry flows per link instead of single batches. */
export const FLIGHT_LIMIT = 100

/** Batches on the wire right now: produce requests, fetch responses with records, and follower copies. */
export function flightsOf(sim: Simulation): Flight[] {
  const out: Flight[] = []
  const s = sim.s
  for (const task of s.queue) {
    if (task.kind === 'produceArrive') {
      for (const b of task.batches) {
        out.push({
          kind: 'produce',
          from: s.producers[b.producer]?.id ?? '',
          to: `${b.topic}-${b.partition}`,
          sentAt: task.sentAt,
          arrivesAt: task.time,
          count: b.keys.length,
          key: b.keys[0] ?? null,
          firstOffset: -1,
        })
      }
    } else if (task.kind === 'fetchResponse') {
      const consumer = s.consumers[task.consumer]
      if (!consumer) continue
      for (const d of task.data) {
        if (d.until <= d.from) continue
        const p = sim.partition(d.topic, d.partition)
        out.push({
          kind: 'fetch',
          from: `${d.topic}-${d.partition}`,
          to: consumer.id,
          sentAt: task.sentAt,
          arrivesAt: task.time,
          count: d.until - d.from,
          key: p ? (readRecord(p.log, d.from)?.key ?? null) : null,
          firstOffset: d.from,
        })
      }
    } else if (task.kind === 'replicaFetchResponse') {
      for (const d of task.data) {
        if (d.until <= d.from || d.topic === '__consumer_offsets') continue
        out.push({
          kind: 'replicate',
          from: `${d.topic}-${d.partition}`,
          to: `${d.topic}-${d.partition}@${task.follower}`,
          sentAt: task.sentAt,
          arrivesAt: task.time,
          count: d.until - d.from,
          key: null,
          firstOffset: d.from,
        })
      }
    }
  }
  out.sort((a, b) => a.sentAt - b.sentAt || a.arrivesAt - b.arrivesAt)
  return out
}

/** Beyond this many links, flows are summed per producer -> topic and topic -> group. */
export const FINE_FLOWS_LIMIT = 40

/**
 * What is in flight, summed per link (the flows view): per producer -> partition and partition ->
 * consumer while there are few links, else per producer -> topic and topic -> group, the picture
 * of a busy cluster that stays readable. Follower copies are left out of the coarse picture.
 */
export function flowsOf(sim: Simulation, flights: Flight[]): Flow[] {
  const add = (map: Map<string, Flow>, kind: Flow['kind'], from: string, to: string, count: number) => {
    const key = `${kind}\u0000${from}\u0000${to}`
    let flow = map.get(key)
    if (!flow) map.set(key, (flow = { kind, from, to, batches: 0, records: 0 }))
    flow.batches++
    flow.records += count
  }
  const fine = new Map<string, Flow>()
  for (const f of flights) {
    if (f.kind === 'produce') add(fine, 'produce', `producer:${f.from}`, `partition:${f.to}`, f.count)
    else if (f.kind === 'fetch') add(fine, 'fetch', `partition:${f.from}`, `consumer:${f.to}`, f.count)
    else {
      const at = f.to.lastIndexOf('@')
      add(fine, 'replicate', `partition:${f.from}`, `replica:${f.to.slice(0, at)}:${f.to.slice(at + 1)}`, f.count)
    }
  }
  if (fine.size <= FINE_FLOWS_LIMIT) return [...fine.values()]
  const topicOf = (tp: string) => tp.slice(0, tp.lastIndexOf('-'))
  const groupOf = new Map(sim.s.consumers.map((c) => [c.id, c.groupId]))
  const coarse = new Map<string, Flow>()
  for (const f of flights) {
    if (f.kind === 'produce') add(coarse, 'produce', `producer:${f.from}`, `topic:${topicOf(f.to)}`, f.count)
    else if (f.kind === 'fetch') add(coarse, 'fetch', `topic:${topicOf(f.from)}`, `group:${groupOf.get(f.to) ?? ''}`, f.count)
  }
  return [...coarse.values()]
}

/** Simulated milliseconds between chart samples. */
export const SAMPLE_MS = 500

export function sample(sim: Simulation): Sample {
  const s = sim.s
  const consumed: Record<string, number> = {}
  const groupLagOut: Record<string, number> = {}
  const partitionLag: Record<string, Record<string, number>> = {}
  for (const g of s.groups) {
    consumed[g.groupId] = g.consumed
    const lag = groupLag(s, g)
    partitionLag[g.groupId] = lag
    groupLagOut[g.groupId] = totalLag(lag)
  }
  return { t: s.now, produced: s.counters.produced, consumed, groupLag: groupLagOut, partitionLag }
}
