/**
 * Replication and failures (Partition.scala, PartitionChangeBuilder, ReplicationConfigs): leaders,
 * followers, the ISR, the high watermark, acks, min.insync.replicas, leader election, unclean
 * election, truncation and preferred leaders.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, parseScenario } from '../../src/engine'
import type { Command, Simulation } from '../../src/engine'
import { batchAt } from '../../src/engine/partition-log'
import { offsetsPartitionFor } from '../../src/engine/controller'
import { eventsOf } from './helpers'

const LATENCY = 5

interface Opts {
  brokers?: number
  partitions?: number
  rf?: number
  minIsr?: number
  unclean?: boolean
  acks?: 'all' | '1' | '0'
  rate?: number
  idempotence?: boolean
  consumers?: boolean
}

function cluster(o: Opts = {}): Simulation {
  return createSimulation(
    parseScenario({
      format: 'kafka-sim/scenario',
      version: 1,
      id: 'replication',
      seed: 3,
      cluster: {
        brokers: o.brokers ?? 3,
        networkLatencyMs: LATENCY,
        config: { 'replica.lag.time.max.ms': 2000, 'broker.session.timeout.ms': 1000, 'group.initial.rebalance.delay.ms': 0 },
      },
      topics: [
        {
          name: 't',
          partitions: o.partitions ?? 1,
          replicationFactor: o.rf ?? 3,
          config: { 'min.insync.replicas': o.minIsr ?? 1, 'unclean.leader.election.enable': o.unclean ?? false, 'retention.ms': -1 },
        },
      ],
      producers: [
        {
          id: 'p',
          topic: 't',
          rate: o.rate ?? 50,
          keys: { mode: 'user-id' },
          value: { kind: 'click-event', users: 7 },
          // enable.idempotence only when asked: left at its default it turns itself off for acks other than all.
          config: { acks: o.acks ?? 'all', 'linger.ms': 0, ...(o.idempotence === undefined ? {} : { 'enable.idempotence': o.idempotence }), 'delivery.timeout.ms': 120000 },
        },
      ],
      consumers: o.consumers === false ? [] : [{ id: 'c', group: 'g', topics: ['t'], config: { 'auto.offset.reset': 'earliest' } }],
    }),
  )
}

const part = (s: Simulation, n = 0) => s.s.topics.find((t) => t.name === 't')!.partitions[n]!

/**
 * The unclean-election set-up: replica c falls out of the ISR (slowed for replica.lag.time.max.ms),
 * then a and b die and c is fast again, the only live replica.
 */
function leaveOnlyAnOutOfSyncReplica(s: Simulation) {
  s.runUntil(1000)
  const p = part(s)
  const [a, b, c] = p.replicas as [number, number, number]
  s.dispatch({ type: 'slowBroker', broker: c })
  s.runUntil(4000)
  s.dispatch({ type: 'killBroker', broker: a })
  s.dispatch({ type: 'killBroker', broker: b })
  s.dispatch({ type: 'slowBroker', broker: c, slow: false })
  return { p, a, b, c }
}

/** Acknowledged batches whose records are no longer in the log (independent of the engine's own counter). */
function ackedButMissing(s: Simulation): number {
  let missing = 0
  for (const e of eventsOf(s, 'produceAcked')) {
    const p = s.partition(e.topic, e.partition)!
    const b = batchAt(p.log, e.baseOffset)
    if (!b || b.batchId !== e.batch || b.producer !== 0) missing += e.count
  }
  return missing
}

describe('replica placement', () => {
  it('puts each partition on replication-factor distinct brokers and spreads leaders over the brokers (StripedReplicaPlacer)', () => {
    const s = cluster({ brokers: 3, partitions: 6, rf: 2, consumers: false })
    const parts = s.s.topics.find((t) => t.name === 't')!.partitions
    for (const p of parts) {
      expect(new Set(p.replicas).size).toBe(2)
      expect(p.leader).toBe(p.replicas[0])
      expect(p.isr).toEqual(p.replicas)
    }
    const leaders = parts.map((p) => p.leader)
    for (const b of [1, 2, 3]) expect(leaders.filter((l) => l === b)).toHaveLength(2)
  })

  it('refuses a replication factor larger than the number of brokers (INVALID_REPLICATION_FACTOR)', () => {
    const s = cluster({ brokers: 2, rf: 2, consumers: false })
    const r = s.dispatch({ type: 'createTopic', name: 'orders', partitions: 1, replicationFactor: 3 })
    expect(r).toEqual({
      ok: false,
      error: 'INVALID_REPLICATION_FACTOR',
      message: 'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 2 broker(s) are registered.',
    })
  })
})

describe('followers and the high watermark', () => {
  it('followers copy the leader, and the high watermark is the smallest log end offset in the ISR', () => {
    const s = cluster({ consumers: false })
    s.runUntil(2000)
    const p = part(s)
    expect(p.log.logEndOffset).toBeGreaterThan(50)
    for (const b of p.replicas) expect(p.replicaState[b]!.leo).toBeLessThanOrEqual(p.log.logEndOffset)
    const minIsrLeo = Math.min(...p.isr.map((b) => (b === p.leader ? p.log.logEndOffset : p.replicaState[b]!.leoSeenByLeader)))
    expect(p.highWatermark).toBe(minIsrLeo)
  })

  it('a replicated topic created later, in a cluster that had nothing to replicate, gets followers that fetch: its high watermark moves and acks=all writes succeed', () => {
    const s = cluster({ brokers: 1, rf: 1, consumers: false })
    s.dispatch({ type: 'addBroker' })
    s.dispatch({ type: 'addBroker' })
    expect(s.dispatch({ type: 'createTopic', name: 'orders', partitions: 2, replicationFactor: 3, config: { 'min.insync.replicas': 2 } })).toEqual({ ok: true })
    expect(s.dispatch({ type: 'addProducer', topic: 'orders', rate: 20, config: { acks: 'all' } })).toEqual({ ok: true })
    s.runUntil(s.now() + 5000)
    const parts = s.topic('orders')!.partitions
    for (const p of parts) expect(p.isr).toHaveLength(3)
    expect(Math.max(...parts.map((p) => p.highWatermark))).toBeGreaterThan(50)
    expect(eventsOf(s, 'produceAcked').some((e) => e.topic === 'orders')).toBe(true)
    expect(eventsOf(s, 'produceFailed').filter((e) => e.topic === 'orders')).toEqual([])
  })

  it('consumers read only below the high watermark: a record on the leader alone is not delivered', () => {
    const s = cluster()
    s.runUntil(1000)
    const p = part(s)
    for (const f of p.replicas.filter((b) => b !== p.leader)) s.dispatch({ type: 'slowBroker', broker: f })
    const hwBefore = p.highWatermark
    s.runUntil(1900) // still inside replica.lag.time.max.ms: the followers stay in the ISR but copy nothing
    expect(p.log.logEndOffset).toBeGreaterThan(hwBefore)
    const processed = eventsOf(s, 'recordsProcessed').reduce((m, e) => Math.max(m, e.to), -1)
    expect(processed).toBeLessThan(p.highWatermark)
  })

  it('acks=all is acknowledged only once every ISR member has the record: two more network hops than acks=1', () => {
    const latencyOf = (acks: 'all' | '1') => {
      const s = cluster({ acks, rate: 2, consumers: false })
      s.runUntil(3000)
      return eventsOf(s, 'produceAcked').at(-1)!.latencyMs
    }
    expect(latencyOf('1')).toBe(2 * LATENCY)
    expect(latencyOf('all')).toBe(4 * LATENCY)
  })

  it('acks=0 is never acknowledged, and nothing is reported back', () => {
    const s = cluster({ acks: '0', consumers: false })
    s.runUntil(1000)
    expect(eventsOf(s, 'produceAcked')).toHaveLength(0)
    expect(s.s.counters.produced).toBeGreaterThan(0)
  })
})

describe('the ISR', () => {
  it('a follower that has not caught up for replica.lag.time.max.ms leaves the ISR, and rejoins once it has caught up', () => {
    const s = cluster({ consumers: false })
    s.runUntil(1000)
    const p = part(s)
    const follower = p.replicas.find((b) => b !== p.leader)!
    s.dispatch({ type: 'slowBroker', broker: follower })
    s.runUntil(1000 + 2000 + 1500)
    expect(p.isr).not.toContain(follower)
    const shrink = eventsOf(s, 'isrChanged').find((e) => !e.isr.includes(follower))!
    expect(shrink.t - 1000).toBeGreaterThanOrEqual(2000)
    expect(shrink.change).toContain('replica.lag.time.max.ms')
    s.dispatch({ type: 'slowBroker', broker: follower, slow: false })
    s.runUntil(6000)
    expect(p.isr).toContain(follower)
    expect(eventsOf(s, 'isrChanged').at(-1)!.change).toContain('caught up and rejoined the ISR')
  })

  it('acks=all with fewer in-sync replicas than min.insync.replicas is refused with NOT_ENOUGH_REPLICAS, and retried until the ISR recovers', () => {
    const s = cluster({ minIsr: 2, consumers: false })
    s.runUntil(1000)
    const p = part(s)
    for (const f of p.replicas.filter((b) => b !== p.leader)) s.dispatch({ type: 'slowBroker', broker: f })
    s.runUntil(5000)
    expect(p.isr).toEqual([p.leader])
    const refused = eventsOf(s, 'produceFailed').filter((e) => e.error === 'NOT_ENOUGH_REPLICAS')
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.every((e) => e.retrying)).toBe(true)
    const appendedWhileRefused = eventsOf(s, 'recordsAppended').filter((e) => e.t > refused[0]!.t)
    expect(appendedWhileRefused).toHaveLength(0)
    for (const f of p.replicas.filter((b) => b !== p.leader)) s.dispatch({ type: 'slowBroker', broker: f, slow: false })
    s.runUntil(9000)
    expect(p.isr.length).toBeGreaterThanOrEqual(2)
    expect(eventsOf(s, 'produceAcked').at(-1)!.t).toBeGreaterThan(8000)
  })
})

describe('leader election', () => {
  it('when the leader dies, the controller (after broker.session.timeout.ms) elects the first live in-sync replica in replica order and bumps the leader epoch', () => {
    const s = cluster()
    s.runUntil(1000)
    const p = part(s)
    const old = p.leader
    const expected = p.replicas.find((b) => b !== old)!
    s.dispatch({ type: 'killBroker', broker: old })
    s.runUntil(1999)
    expect(p.leader).toBe(old)
    s.runUntil(2000)
    expect(p.leader).toBe(expected)
    expect(p.leaderEpoch).toBe(1)
    expect(p.isr).not.toContain(old)
    expect(eventsOf(s, 'leaderElected').at(-1)).toMatchObject({ topic: 't', partition: 0, leader: expected, previous: old, epoch: 1, kind: 'clean' })
  })

  it('with acks=all, replication factor 3 and min.insync.replicas=2, killing the leader loses no acknowledged record, and writes go on', () => {
    const s = cluster({ minIsr: 2 })
    s.runUntil(1000)
    s.dispatch({ type: 'killBroker', broker: part(s).leader })
    s.runUntil(5000)
    expect(s.s.counters.lost).toBe(0)
    expect(ackedButMissing(s)).toBe(0)
    expect(eventsOf(s, 'produceAcked').filter((e) => e.t > 3000).length).toBeGreaterThan(0)
    expect(s.s.counters.consumed).toBeGreaterThanOrEqual(eventsOf(s, 'produceAcked').filter((e) => e.t < 4000).reduce((n, e) => n + e.count, 0))
  })

  it('with no live in-sync replica the partition goes offline (leader -1), and comes back when an ISR member returns', () => {
    const s = cluster({ rf: 1, brokers: 1 })
    s.runUntil(500)
    s.dispatch({ type: 'killBroker', broker: 1 })
    s.runUntil(2000)
    const p = part(s)
    expect(p.leader).toBe(-1)
    expect(eventsOf(s, 'partitionOffline')[0]!.reason).toContain('no in-sync replica is alive')
    s.dispatch({ type: 'restartBroker', broker: 1 })
    s.runUntil(2100)
    expect(p.leader).toBe(1)
    expect(eventsOf(s, 'leaderElected').at(-1)!.kind).toBe('returned')
  })

  it('acks=1: a record acknowledged by the leader but not yet on the followers is lost when the leader dies', () => {
    const s = cluster({ acks: '1' })
    s.runUntil(1000)
    const p = part(s)
    const old = p.leader
    for (const f of p.replicas.filter((b) => b !== old)) s.dispatch({ type: 'slowBroker', broker: f })
    s.runUntil(1500)
    s.dispatch({ type: 'killBroker', broker: old })
    for (const f of p.replicas.filter((b) => b !== old)) s.dispatch({ type: 'slowBroker', broker: f, slow: false })
    s.runUntil(4000)
    expect(s.s.counters.lost).toBeGreaterThan(0)
    expect(s.s.counters.lost).toBe(ackedButMissing(s))
    const lost = eventsOf(s, 'recordsLost')[0]!
    expect(lost.acked).toBe(s.s.counters.lost)
    expect(s.s.lostRecords.filter((r) => r.acked)).toHaveLength(s.s.counters.lost)
  })

  it('unclean.leader.election.enable lets an out-of-sync replica lead when no in-sync one is alive: acknowledged records are lost and the others truncate', () => {
    const s = cluster({ unclean: true })
    s.runUntil(1000)
    const p = part(s)
    const [a, b, c] = p.replicas as [number, number, number]
    s.dispatch({ type: 'slowBroker', broker: c })
    s.runUntil(4000) // c falls out of the ISR
    expect(p.isr).not.toContain(c)
    s.dispatch({ type: 'killBroker', broker: a })
    s.dispatch({ type: 'killBroker', broker: b })
    s.dispatch({ type: 'slowBroker', broker: c, slow: false })
    s.runUntil(6000)
    expect(p.leader).toBe(c)
    expect(eventsOf(s, 'leaderElected').find((e) => e.leader === c)!.kind).toBe('unclean')
    expect(s.s.counters.lost).toBeGreaterThan(0)
    expect(s.s.counters.lost).toBe(ackedButMissing(s))
    // A returning old leader truncates to the new leader's log.
    s.dispatch({ type: 'restartBroker', broker: a })
    s.runUntil(8000)
    expect(p.replicaState[a]!.leo).toBeLessThanOrEqual(p.log.logEndOffset)
  })

  it('a broker that was down through the leader change keeps its log until it returns; then it truncates to where its epoch ended on the new leader (OffsetsForLeaderEpoch), catches up and rejoins the ISR', () => {
    const s = cluster({ unclean: true })
    const { p, a, c } = leaveOnlyAnOutOfSyncReplica(s)
    s.runUntil(6000)
    const diverge = p.epochStarts.at(-1)!.startOffset
    const held = p.replicaState[a]!.leo
    // Down, it still holds the records the new leader never had.
    expect(held).toBeGreaterThan(diverge)
    s.dispatch({ type: 'restartBroker', broker: a })
    expect(eventsOf(s, 'replicaTruncated')).toMatchObject([{ topic: 't', partition: 0, broker: a, from: held, to: diverge, leader: c }])
    expect(p.replicaState[a]!.leo).toBe(diverge)
    s.runUntil(12_000)
    expect(p.isr).toContain(a)
  })

  it('KIP-320: a consumer that had read past where the unclean leader\'s log ends detects the truncation and goes back to the first offset known to diverge, reading what the new leader wrote there', () => {
    const s = cluster({ unclean: true })
    const { p, c } = leaveOnlyAnOutOfSyncReplica(s)
    s.runUntil(8000)
    expect(p.leader).toBe(c)
    const diverge = p.epochStarts.at(-1)!.startOffset
    const [detected] = eventsOf(s, 'truncationDetected')
    expect(detected).toMatchObject({ consumer: 'c', partition: 't-0', offset: diverge })
    expect(detected!.position).toBeGreaterThan(diverge)
    // Its next records start exactly there: none of the new leader's records is skipped.
    const next = eventsOf(s, 'recordsProcessed').find((e) => e.t > detected!.t)!
    expect(next.from).toBe(diverge)
  })

  it('without unclean leader election the same failure makes the partition offline instead of losing data', () => {
    const s = cluster({ unclean: false })
    // The same failure: c is alive and fast again, but out of the ISR, so it may not lead.
    const { p } = leaveOnlyAnOutOfSyncReplica(s)
    s.runUntil(6000)
    expect(p.leader).toBe(-1)
    expect(s.s.counters.lost).toBe(0)
  })

  it('a restarted broker catches up from the leader and rejoins the ISR; preferred-leader election then moves leadership back to it', () => {
    const s = cluster()
    s.runUntil(1000)
    const p = part(s)
    const preferred = p.replicas[0]!
    s.dispatch({ type: 'killBroker', broker: preferred })
    s.runUntil(3000)
    expect(p.leader).not.toBe(preferred)
    s.dispatch({ type: 'restartBroker', broker: preferred })
    s.runUntil(4000)
    expect(p.isr).toContain(preferred)
    expect(p.replicaState[preferred]!.leo).toBeGreaterThan(0)
    s.dispatch({ type: 'electPreferredLeaders' })
    expect(p.leader).toBe(preferred)
    expect(eventsOf(s, 'leaderElected').at(-1)!.kind).toBe('preferred')
  })
})

describe('the group coordinator', () => {
  it('lives on the leader of __consumer_offsets partition abs(groupId.hashCode()) % 50', () => {
    expect(offsetsPartitionFor('my-consumer-group', 50)).toBe(Math.abs(javaHash('my-consumer-group')) % 50)
    const s = cluster()
    s.runUntil(500)
    const found = eventsOf(s, 'coordinatorFound')[0]!
    const offsets = s.s.topics.find((t) => t.name === '__consumer_offsets')!
    expect(offsets.partitions).toHaveLength(50)
    expect(found.broker).toBe(offsets.partitions[offsetsPartitionFor('g', 50)]!.leader)
  })

  it('when the coordinator\'s broker dies, members find the new coordinator and the group carries on', () => {
    const s = cluster()
    s.runUntil(1000)
    const coordinator = eventsOf(s, 'coordinatorFound')[0]!.broker
    s.dispatch({ type: 'killBroker', broker: coordinator })
    s.runUntil(8000)
    const moved = eventsOf(s, 'coordinatorMoved')
    expect(moved[0]!.broker).not.toBe(coordinator)
    expect(eventsOf(s, 'coordinatorFound').at(-1)!.broker).toBe(moved[0]!.broker)
    expect(eventsOf(s, 'offsetsCommitted').filter((e) => e.t > moved[0]!.t).length).toBeGreaterThan(0)
    expect(s.s.groups[0]!.state).toBe('Stable')
  })
})

describe('idempotence', () => {
  it('an idempotent producer\'s retries never duplicate a record', () => {
    const s = cluster({ minIsr: 2 })
    s.runUntil(1000)
    const p = part(s)
    s.dispatch({ type: 'killBroker', broker: p.leader })
    s.runUntil(6000)
    const keysSeen = new Set<string>()
    let duplicates = 0
    for (const seg of p.log.segments) for (const b of seg.batches) {
      const id = `${b.producer}:${b.batchId}`
      if (keysSeen.has(id)) duplicates++
      keysSeen.add(id)
    }
    expect(duplicates).toBe(0)
  })
})

function javaHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

describe('durability properties (fast-check)', () => {
  const failures = fc.array(
    fc.record({
      at: fc.integer({ min: 1, max: 40 }).map((x) => x * 150),
      what: fc.constantFrom('kill', 'restart', 'slow', 'unslow'),
      broker: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 12 },
  )

  function run(unclean: boolean, plan: { at: number; what: string; broker: number }[]): Simulation {
    const s = cluster({ minIsr: 2, unclean, rate: 40 })
    for (const step of [...plan].sort((a, b) => a.at - b.at)) {
      s.runUntil(step.at)
      const cmd: Command =
        step.what === 'kill'
          ? { type: 'killBroker', broker: step.broker }
          : step.what === 'restart'
            ? { type: 'restartBroker', broker: step.broker }
            : { type: 'slowBroker', broker: step.broker, slow: step.what === 'slow' }
      s.dispatch(cmd)
    }
    s.runUntil(9000)
    return s
  }

  it('with acks=all, replication factor 3, min.insync.replicas=2 and unclean election off, no acknowledged record is ever lost under random kills, restarts and slowdowns', () => {
    fc.assert(
      fc.property(failures, (plan) => {
        const s = run(false, plan)
        expect(s.s.counters.lost).toBe(0)
        expect(ackedButMissing(s)).toBe(0)
      }),
      { numRuns: 60, seed: 424242 },
    )
  }, 60_000)

  it('with unclean election on, the search finds a loss, and the engine\'s lost count always agrees with the records that went missing', () => {
    const found = fc.check(
      fc.property(failures, (plan) => run(true, plan).s.counters.lost === 0),
      { numRuns: 300, seed: 99, endOnFailure: true },
    )
    expect(found.failed).toBe(true)
    fc.assert(
      fc.property(failures, (plan) => {
        const s = run(true, plan)
        expect(s.s.counters.lost).toBe(ackedButMissing(s))
      }),
      { numRuns: 60, seed: 7 },
    )
  }, 60_000)
})
