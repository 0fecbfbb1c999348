/**
 * Random plans for the engine's properties: a small cluster (1-3 topics of 1-6 partitions, 1-2
 * groups, eager and cooperative, dynamic and static members) and a sequence of commands at random
 * times. test/engine/properties.test.ts checks Kafka's invariants over them in Node;
 * test/browser/embed.test.ts replays a sample of them in the real worker and compares event-log hashes.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { createSimulation, parseScenario } from '../../src/engine'
import type { Command, SimEvent, Simulation } from '../../src/engine'

const STRATEGIES = [['range'], ['roundrobin'], ['sticky'], ['cooperative-sticky'], ['range', 'cooperative-sticky']] as const
const COMMANDS = ['addConsumer', 'closeConsumer', 'crashConsumer', 'restartConsumer', 'addPartitions', 'setProcessingTime', 'subscribe', 'produce', 'setAssignor'] as const
/** Membership changes drawn more often than the rest, so that most runs rebalance several times. */
const WEIGHTED_COMMANDS = [...COMMANDS, 'addConsumer', 'addConsumer', 'restartConsumer', 'crashConsumer', 'addPartitions', 'subscribe'] as const

export interface Plan {
  seed: number
  latency: number
  initialDelay: number
  topics: { partitions: number; retention: boolean; rate: number; partitioner: 'sticky' | 'round-robin' | 'random'; keyed: boolean }[]
  groups: { strategy: number; static: boolean; autoCommit: boolean; members: { topicMask: number; processingMs: number }[] }[]
  commands: { gap: number; kind: (typeof COMMANDS)[number]; a: number; b: number; mask: number }[]
}

export const planArb: fc.Arbitrary<Plan> = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  latency: fc.integer({ min: 1, max: 5 }),
  initialDelay: fc.constantFrom(0, 1_000, 3_000),
  topics: fc.array(
    fc.record({
      partitions: fc.integer({ min: 1, max: 6 }),
      retention: fc.boolean(),
      rate: fc.integer({ min: 2, max: 25 }),
      partitioner: fc.constantFrom('sticky' as const, 'round-robin' as const, 'random' as const),
      keyed: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  groups: fc.array(
    fc.record({
      // Cooperative (index 3) is drawn half of the time: it is the protocol with the most to get wrong.
      strategy: fc.constantFrom(0, 1, 2, 3, 3, 3, 3, 4),
      static: fc.boolean(),
      autoCommit: fc.boolean(),
      members: fc.array(fc.record({ topicMask: fc.integer({ min: 1, max: 7 }), processingMs: fc.constantFrom(0, 0, 5, 20) }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  commands: fc.array(
    fc.record({ gap: fc.integer({ min: 50, max: 8_000 }), kind: fc.constantFrom(...WEIGHTED_COMMANDS), a: fc.nat(), b: fc.nat(), mask: fc.integer({ min: 1, max: 7 }) }),
    { minLength: 1, maxLength: 10 },
  ),
})

/** Shortened timeouts (as a lesson would) so that crashes and metadata changes play out quickly. */
const CONSUMER_TIMES = {
  'session.timeout.ms': 10_000,
  'heartbeat.interval.ms': 1_000,
  'max.poll.interval.ms': 20_000,
  'metadata.max.age.ms': 5_000,
  'max.poll.records': 50,
  'auto.commit.interval.ms': 2_000,
  'auto.offset.reset': 'earliest',
}
/** After the last command: long enough for session timeouts, metadata refreshes and follow-up rebalances. */
export const QUIET_MS = 60_000
/** How often the instant invariants are checked. */
const GRAIN_MS = 25

const topicName = (i: number) => `topic-${i}`
const groupName = (i: number) => `group-${i}`

function topicsOfMask(plan: Plan, mask: number): string[] {
  const out = plan.topics.map((_, i) => i).filter((i) => mask & (1 << i)).map(topicName)
  return out.length > 0 ? out : [topicName(0)]
}

export function scenarioOf(plan: Plan) {
  return parseScenario({
    format: 'kafka-sim/scenario',
    version: 1,
    id: 'property',
    seed: plan.seed,
    cluster: { brokers: 1, networkLatencyMs: plan.latency, config: { 'group.initial.rebalance.delay.ms': plan.initialDelay, 'log.retention.check.interval.ms': 5_000 } },
    topics: plan.topics.map((t, i) => ({
      name: topicName(i),
      partitions: t.partitions,
      config: t.retention ? { 'retention.ms': 20_000, 'segment.ms': 2_000 } : {},
    })),
    producers: plan.topics.map((t, i) => ({
      id: `producer-${i}`,
      topic: topicName(i),
      rate: t.rate,
      partitioner: t.partitioner,
      keys: t.keyed ? { mode: 'user-id' } : { mode: 'none' },
      value: { kind: 'click-event', users: 7 },
      config: { 'linger.ms': i % 2 === 0 ? 0 : 5, 'metadata.max.age.ms': 5_000 },
    })),
    consumers: plan.groups.flatMap((g, gi) =>
      g.members.map((m, mi) => {
        const id = `c${gi}${mi}`
        return {
          id,
          group: groupName(gi),
          topics: topicsOfMask(plan, m.topicMask),
          processingMs: m.processingMs,
          config: {
            ...CONSUMER_TIMES,
            'enable.auto.commit': g.autoCommit,
            'partition.assignment.strategy': [...STRATEGIES[g.strategy]!],
            'group.instance.id': g.static ? `instance-${id}` : null,
          },
        }
      }),
    ),
  })
}

/** Turns an abstract command into a concrete one against the simulation as it is now. */
function resolve(s: Simulation, plan: Plan, c: Plan['commands'][number]): Command {
  const consumers = s.s.consumers
  const consumer = consumers[c.a % consumers.length]!.id
  const group = groupName(c.a % plan.groups.length)
  switch (c.kind) {
    case 'addConsumer':
      return c.b % 2 === 0 ? { type: 'addConsumer', group } : { type: 'addConsumer', group, topics: topicsOfMask(plan, c.mask) }
    case 'closeConsumer':
      return { type: 'closeConsumer', consumer }
    case 'crashConsumer':
      return { type: 'crashConsumer', consumer }
    case 'restartConsumer':
      return { type: 'restartConsumer', consumer }
    case 'addPartitions': {
      const topic = s.s.topics[c.a % s.s.topics.length]!
      return { type: 'addPartitions', topic: topic.name, count: Math.min(topic.partitions.length + 1 + (c.b % 2), 8) }
    }
    case 'setProcessingTime':
      return { type: 'setProcessingTime', consumer, ms: [0, 5, 20, 50][c.b % 4]! }
    case 'subscribe':
      return { type: 'subscribe', consumer, topics: topicsOfMask(plan, c.mask) }
    case 'produce':
      return { type: 'produce', producer: `producer-${c.a % plan.topics.length}`, count: 1 + (c.b % 50) }
    case 'setAssignor':
      return { type: 'setGroupConfig', group, key: 'partition.assignment.strategy', value: [...STRATEGIES[c.b % STRATEGIES.length]!] }
  }
}

export interface RunOptions {
  /** Called after every GRAIN_MS slice and after every command. */
  onStep?: (s: Simulation, fresh: SimEvent[]) => void
}

/** Runs the plan: the commands at their times, then QUIET_MS of nothing. Every event is seen exactly once by onStep. */
export function execute(plan: Plan, opts: RunOptions = {}): Simulation {
  const s = createSimulation(scenarioOf(plan), { seed: plan.seed })
  let cursor = 0
  const pump = () => {
    const { events, cursor: next, missed } = s.eventsSince(cursor)
    expect(missed, 'events dropped before the test read them').toBe(0)
    cursor = next
    opts.onStep?.(s, events)
  }
  let at = 0
  const schedule = plan.commands.map((c) => ({ at: (at += c.gap), c }))
  const end = at + QUIET_MS
  let next = 0
  while (s.now() < end) {
    const due = schedule[next]
    const target = Math.min(s.now() + GRAIN_MS, end, due ? due.at : end)
    s.runUntil(target)
    while (schedule[next] && schedule[next]!.at <= s.now()) {
      s.dispatch(resolve(s, plan, schedule[next]!.c))
      next++
    }
    pump()
  }
  return s
}
