/**
 * The view's count of records each topic lost to leader changes (counters.lostByTopic), from the
 * engine's per-topic counts: every lost record, however many, and a rewind (a restored snapshot:
 * "Show me", "Restart step") takes the counts back with the rest of the state.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation, parseScenario } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { buildView } from '../../src/worker/view'

/** Three brokers, orders with replication factor 3 and one partition, an acks=1 producer at `rate` records/s. */
function acksOne(rate: number): Simulation {
  return createSimulation(
    parseScenario({
      version: 1,
      id: 'lost-totals',
      seed: 11,
      cluster: { brokers: 3, networkLatencyMs: 20, config: { 'replica.lag.time.max.ms': 2000, 'broker.session.timeout.ms': 1000 } },
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, config: { 'min.insync.replicas': 1 } }],
      producers: [{ id: 'producer-1', topic: 'orders', rate, config: { acks: '1', 'linger.ms': 0, 'enable.idempotence': false } }],
    }),
    { seed: 11 },
  )
}

/** Slows the followers, kills the leader while it is ahead, lets the followers run again: its tail is lost. */
function loseTail(sim: Simulation) {
  sim.runUntil(sim.now() + 1000)
  const p = sim.partition('orders', 0)!
  const leader = p.leader
  const followers = p.replicas.filter((b) => b !== leader)
  for (const f of followers) sim.dispatch({ type: 'slowBroker', broker: f })
  sim.runUntil(sim.now() + 500)
  sim.dispatch({ type: 'killBroker', broker: leader })
  for (const f of followers) sim.dispatch({ type: 'slowBroker', broker: f, slow: false })
  sim.runUntil(sim.now() + 2500)
  return leader
}

describe('lost-record totals per topic', () => {
  it('count every lost record, acknowledged (the engine\'s counters.lost) or not, beyond the few the view lists', () => {
    const sim = acksOne(200)
    expect(buildView(sim).counters.lostByTopic).toEqual({})
    loseTail(sim)
    const view = buildView(sim)
    const loss = view.counters.lostByTopic.orders!
    expect(loss.acked).toBe(sim.s.counters.lost)
    expect(loss.acked).toBeGreaterThan(20)
    const truncated = sim.s.lostRecords.filter((r) => r.topic === 'orders')
    expect(loss.acked + loss.unacked).toBe(truncated.length)
    expect(loss.unacked).toBe(truncated.filter((r) => !r.acked).length)
    // The list is the newest 20, without values.
    expect(view.lostRecords).toHaveLength(20)
    expect(view.lostRecords.at(-1)).toEqual({ ...truncated.at(-1)!, value: undefined })
    // Asking again changes nothing.
    expect(buildView(sim).counters.lostByTopic).toEqual(view.counters.lostByTopic)
  })

  it('after a rewind to before the loss (a restored snapshot) count nothing, and count again when it happens again', () => {
    const sim = acksOne(200)
    sim.runUntil(500)
    const before = sim.snapshot()
    buildView(sim)
    loseTail(sim)
    const first = buildView(sim).counters.lostByTopic.orders!
    expect(first.acked).toBeGreaterThan(0)
    sim.restore(before)
    expect(buildView(sim).counters.lostByTopic).toEqual({})
    loseTail(sim)
    // The same commands at the same times: the same loss, counted once.
    expect(buildView(sim).counters.lostByTopic.orders).toEqual(first)
    expect(sim.s.counters.lost).toBe(first.acked)
  })

  it('stay exact however long the run between two views: the engine counts, the view only reads', () => {
    const sim = acksOne(200)
    const dead = loseTail(sim)
    const seen = buildView(sim).counters.lostByTopic.orders!
    sim.dispatch({ type: 'restartBroker', broker: dead })
    sim.runUntil(sim.now() + 5000)
    // A second loss, then enough simulated time for the engine's bounded event window to move past it.
    loseTail(sim)
    const cursor = sim.s.eventCount
    while (sim.s.eventBase < cursor) sim.runUntil(sim.now() + 60_000)
    expect(sim.s.counters.lost).toBeGreaterThan(seen.acked)
    expect(buildView(sim).counters.lostByTopic.orders!.acked).toBe(sim.s.counters.lost)
  })
})
