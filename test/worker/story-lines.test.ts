/**
 * The event log's story (joins, rebalances, leader changes...) reaches the page in full, however
 * busy a frame is: only record traffic is thinned out to the newest lines.
 */
import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../src/engine'
import { SimHost } from '../../src/worker/sim-host'
import { isTraffic } from '../../src/worker/protocol'
import type { EventLine, Frame } from '../../src/worker/protocol'

const busy = parseScenario({
  version: 1,
  id: 'busy',
  seed: 7,
  cluster: { brokers: 3, networkLatencyMs: 2, config: { 'group.initial.rebalance.delay.ms': 0 } },
  topics: [{ name: 'user-activity', partitions: 6, replicationFactor: 3 }],
  producers: [{ id: 'producer-1', topic: 'user-activity', rate: 200, config: { 'linger.ms': 0 } }],
  consumers: [1, 2, 3, 4].map((i) => ({ id: `consumer-${i}`, group: 'g', topics: ['user-activity'], startAt: i * 1500, config: { 'auto.offset.reset': 'earliest' } })),
  timeline: [{ at: 4000, command: { type: 'killBroker', broker: 2 } }],
})

describe('event lines sent by the worker', () => {
  it('carry every story event even when a frame holds thousands of traffic events, and only the newest traffic', () => {
    const frames: Frame[] = []
    const host = new SimHost((m) => m.type === 'frame' && frames.push(m.frame))
    host.handle({ type: 'load', scenario: busy, playing: true })
    host.handle({ type: 'setSpeed', speed: 20 })
    // Long frames (250 ms of wall time at 20x: 5 simulated seconds each).
    for (let w = 0; w <= 1000; w += 250) host.handle({ type: 'frame', wallMs: w })
    const lines: EventLine[] = frames.flatMap((f) => f.events)
    const sim = host.simulation!
    const story = sim.eventsSince(0).events.filter((e) => !isTraffic(e))
    expect(story.length).toBeGreaterThan(20)
    expect(lines.filter((l) => !isTraffic(l)).map((l) => l.type)).toEqual(story.map((e) => e.type))
    // Traffic was thinned: far fewer traffic lines than traffic events.
    const traffic = sim.eventsSince(0).events.length - story.length
    expect(lines.filter((l) => isTraffic(l)).length).toBeLessThan(traffic / 10)
  })
})
