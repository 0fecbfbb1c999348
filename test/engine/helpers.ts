/** Small builders for engine tests: a scenario from a few fields, and readers for the event log. */
import { createSimulation, parseScenario } from '../../src/engine'
import type { SimEvent, SimEventType, Simulation } from '../../src/engine'

export function scenario(overrides: Record<string, unknown> = {}) {
  return parseScenario({
    format: 'kafka-sim/scenario',
    version: 1,
    id: 'test',
    seed: 1,
    cluster: { brokers: 1, networkLatencyMs: 1 },
    topics: [{ name: 'user-activity', partitions: 1 }],
    producers: [],
    consumers: [],
    ...overrides,
  })
}

export function sim(overrides: Record<string, unknown> = {}, seed?: number): Simulation {
  return createSimulation(scenario(overrides), seed === undefined ? {} : { seed })
}

export function events(s: Simulation): SimEvent[] {
  return s.eventsSince(0).events
}

export function eventsOf<T extends SimEventType>(s: Simulation, type: T): Extract<SimEvent, { type: T }>[] {
  return events(s).filter((e): e is Extract<SimEvent, { type: T }> => e.type === type)
}

/** Offsets each consumer processed, per partition, in order. */
export function processedOffsets(s: Simulation, group?: string): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (const e of eventsOf(s, 'recordsProcessed')) {
    if (group && e.group !== group) continue
    const key = `${e.topic}-${e.partition}`
    for (let o = e.from; o <= e.to; o++) (out[key] ??= []).push(o)
  }
  return out
}

export const fastConsumer = (id: string, group = 'g', extra: Record<string, unknown> = {}) => ({
  id,
  group,
  topics: ['user-activity'],
  config: { 'auto.offset.reset': 'earliest', ...((extra.config as object) ?? {}) },
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'config')),
})
