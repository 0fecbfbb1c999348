/**
 * Determinism: a scenario plus a seed plus the same commands give the same event log, every time.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/engine'
import type { Command } from '../../src/engine'
import { builtInScenario } from '../../src/scenarios'
import { events, sim } from './helpers'

const busy = {
  cluster: { brokers: 1, networkLatencyMs: 3 },
  topics: [{ name: 'user-activity', partitions: 3 }],
  producers: [
    { id: 'p1', topic: 'user-activity', rate: 200, keys: { mode: 'user-id' }, value: { kind: 'click-event', users: 17 } },
    { id: 'p2', topic: 'user-activity', rate: 150, partitioner: 'random', config: { 'linger.ms': 0 } },
  ],
  consumers: [
    { id: 'c1', group: 'g', topics: ['user-activity'], processingMs: 2, config: { 'auto.offset.reset': 'earliest' } },
    { id: 'c2', group: 'g', topics: ['user-activity'], config: { 'auto.offset.reset': 'earliest', 'enable.auto.commit': false } },
  ],
}

const script: [number, Command][] = [
  [4000, { type: 'addConsumer', group: 'g' }],
  [9000, { type: 'addPartitions', topic: 'user-activity', count: 5 }],
  [12000, { type: 'crashConsumer', consumer: 'c1' }],
  [20000, { type: 'addPartitions', topic: 'user-activity', count: 2 }],
  [30000, { type: 'setProcessingTime', consumer: 'c2', ms: 5 }],
]

function runScripted(seed: number) {
  const s = sim(busy, seed)
  for (const [at, command] of script) {
    s.runUntil(at)
    s.dispatch(command)
  }
  s.runUntil(80_000)
  return s
}

describe('determinism', () => {
  it('gives the identical event log for the same scenario and seed (hello-kafka)', () => {
    const scenario = builtInScenario('hello-kafka')!
    const a = createSimulation(scenario, { seed: 7 })
    const b = createSimulation(scenario, { seed: 7 })
    a.runUntil(30_000)
    b.runUntil(30_000)
    expect(events(a).length).toBeGreaterThan(30)
    expect(events(a)).toEqual(events(b))
    expect(a.eventLogHash()).toBe(b.eventLogHash())
  })

  it('gives the identical event log for the same seed and the same commands at the same times', () => {
    const a = runScripted(99)
    const b = runScripted(99)
    expect(events(a)).toEqual(events(b))
    expect(a.eventLogHash()).toBe(b.eventLogHash())
  })

  it('does not depend on how the clock is stepped: many small steps equal one big one', () => {
    const a = sim(busy, 5)
    const b = sim(busy, 5)
    a.runUntil(20_000)
    while (b.now() < 20_000) b.step(Math.min(17, 20_000 - b.now()))
    expect(a.eventLogHash()).toBe(b.eventLogHash())
  })

  it('changes with the seed (member ids and random partitions are drawn from it)', () => {
    expect(runScripted(1).eventLogHash()).not.toBe(runScripted(2).eventLogHash())
  })

  it('replays a session from its command log to the same event log', () => {
    const live = runScripted(3)
    const replay = sim(busy, 3)
    for (const { at, command } of live.commandLog) {
      replay.runUntil(at)
      replay.dispatch(command)
    }
    replay.runUntil(80_000)
    expect(replay.eventLogHash()).toBe(live.eventLogHash())
  })

  it('restores a snapshot exactly, random streams and timers included (time travel)', () => {
    const s = sim(busy, 11)
    s.runUntil(10_000)
    const snap = s.snapshot()
    s.dispatch({ type: 'addConsumer', group: 'g' })
    s.runUntil(25_000)
    const first = { hash: s.eventLogHash(), tail: events(s).slice(-50) }
    s.restore(snap)
    expect(s.now()).toBe(10_000)
    s.dispatch({ type: 'addConsumer', group: 'g' })
    s.runUntil(25_000)
    expect(s.eventLogHash()).toBe(first.hash)
    expect(events(s).slice(-50)).toEqual(first.tail)
  })

  it('keeps snapshots independent of the running simulation and JSON-safe', () => {
    const s = sim(busy, 4)
    s.runUntil(5_000)
    const snap = s.snapshot()
    const json = JSON.parse(JSON.stringify(snap))
    s.runUntil(9_000)
    expect(snap.state.now).toBe(5_000)
    const other = sim(busy, 4)
    other.restore(json)
    other.runUntil(9_000)
    expect(other.eventLogHash()).toBe(s.eventLogHash())
  })
})
