/**
 * Specification as properties: random small clusters (1-3 topics of 1-6 partitions, 1-2 groups,
 * eager and cooperative, dynamic and static members) driven by random command sequences at random
 * times. Whatever happens, Kafka's invariants hold:
 * - every partition's offsets are contiguous from the log start: no gaps, no offset used twice;
 * - at every instant a partition has at most one owner in a group;
 * - once the group has settled (Stable, every member synced at the current generation, nothing
 *   pending), every subscribed partition has exactly one owner among its running members;
 * - a committed offset is never beyond the log end offset;
 * - replaying the scenario, seed and command log gives the same event log.
 * fast-check runs with fixed seeds so that every run is reproducible.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, isRunning, ownersByPartition, parseScenario } from '../../src/engine'
import type { Command, SimEvent, Simulation } from '../../src/engine'

// ---- The plan: a scenario and the commands to throw at it ----

const STRATEGIES = [['range'], ['roundrobin'], ['sticky'], ['cooperative-sticky'], ['range', 'cooperative-sticky']] as const
const COMMANDS = ['addConsumer', 'closeConsumer', 'crashConsumer', 'restartConsumer', 'addPartitions', 'setProcessingTime', 'subscribe', 'produce', 'setAssignor'] as const
/** Membership changes drawn more often than the rest, so that most runs rebalance several times. */
const WEIGHTED_COMMANDS = [...COMMANDS, 'addConsumer', 'addConsumer', 'restartConsumer', 'crashConsumer', 'addPartitions', 'subscribe'] as const

interface Plan {
  seed: number
  latency: number
  initialDelay: number
  topics: { partitions: number; retention: boolean; rate: number; partitioner: 'sticky' | 'round-robin' | 'random'; keyed: boolean }[]
  groups: { strategy: number; static: boolean; autoCommit: boolean; members: { topicMask: number; processingMs: number }[] }[]
  commands: { gap: number; kind: (typeof COMMANDS)[number]; a: number; b: number; mask: number }[]
}

const planArb: fc.Arbitrary<Plan> = fc.record({
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
const QUIET_MS = 60_000
/** How often the instant invariants are checked. */
const GRAIN_MS = 25

const topicName = (i: number) => `topic-${i}`
const groupName = (i: number) => `group-${i}`

function topicsOfMask(plan: Plan, mask: number): string[] {
  const out = plan.topics.map((_, i) => i).filter((i) => mask & (1 << i)).map(topicName)
  return out.length > 0 ? out : [topicName(0)]
}

function scenarioOf(plan: Plan) {
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

interface RunOptions {
  /** Called after every GRAIN_MS slice and after every command. */
  onStep?: (s: Simulation, fresh: SimEvent[]) => void
}

/** Runs the plan: the commands at their times, then QUIET_MS of nothing. Every event is seen exactly once by onStep. */
function execute(plan: Plan, opts: RunOptions = {}): Simulation {
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

const RUNS = { numRuns: 50, endOnFailure: true }
/** Per-test time limit: each property runs a few dozen simulations of about two simulated minutes. */
const LIMIT = { timeout: 30_000 }

/** A cheap assertion for the hot per-step checks (expect() in a loop of thousands is slow). */
function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message())
}

// ---- Checks ----

function checkLogStructure(s: Simulation): void {
  for (const t of s.s.topics) {
    for (const p of t.partitions) {
      const log = p.log
      expect(log.logStartOffset).toBeGreaterThanOrEqual(0)
      expect(log.logStartOffset).toBeLessThanOrEqual(log.logEndOffset)
      let expected = log.segments.length > 0 ? log.segments[0]!.baseOffset : log.logEndOffset
      expect(expected).toBe(log.logStartOffset)
      for (const seg of log.segments) {
        expect(seg.baseOffset).toBe(expected)
        for (const b of seg.batches) {
          expect(b.baseOffset, `${t.name}-${p.partition}: batch at ${b.baseOffset}, expected ${expected}`).toBe(expected)
          expected += b.count
        }
      }
      expect(expected).toBe(log.logEndOffset)
    }
  }
}

/** Groups whose every member is a running client that has synced the current generation and wants nothing more. */
function settled(s: Simulation, groupId: string): boolean {
  const g = s.s.groups.find((x) => x.groupId === groupId)!
  if (g.state !== 'Stable' || g.members.length === 0) return false
  return g.members.every((m) => {
    const c = s.s.consumers.find((x) => x.groupId === groupId && x.memberId === m.memberId)
    return c !== undefined && isRunning(c) && c.phase === 'stable' && c.generation === g.generation && !c.needsRejoin && !c.commitBeforeJoin
  })
}

describe('properties over random command sequences', () => {
  it('offsets in every partition are contiguous from the log start: no gaps and no offset used twice', LIMIT, () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const next: Record<string, number> = {}
        const s = execute(plan, {
          onStep: (sim, fresh) => {
            for (const e of fresh) {
              if (e.type === 'recordsAppended') {
                const k = `${e.topic}-${e.partition}`
                check(e.baseOffset === (next[k] ?? 0), () => `${k} appended at ${e.baseOffset}, expected ${next[k] ?? 0}`)
                next[k] = e.baseOffset + e.count
              } else if (e.type === 'recordsProcessed') {
                const p = sim.s.topics.find((t) => t.name === e.topic)!.partitions[e.partition]!
                check(e.from >= 0 && e.from <= e.to && e.to < p.log.logEndOffset, () => `${e.consumer} processed ${e.topic}-${e.partition} ${e.from}-${e.to}, log end ${p.log.logEndOffset}`)
              }
            }
          },
        })
        checkLogStructure(s)
        for (const t of s.s.topics) for (const p of t.partitions) expect(p.log.logEndOffset).toBe(next[`${t.name}-${p.partition}`] ?? 0)
      }),
      { seed: 20240601, ...RUNS },
    )
  })

  it('at every instant, a partition has at most one owner in a group (eager and cooperative)', LIMIT, () => {
    let owned = 0
    fc.assert(
      fc.property(planArb, (plan) => {
        execute(plan, {
          onStep: (sim) => {
            for (const g of sim.s.groups) {
              for (const [tp, owners] of Object.entries(ownersByPartition(sim.s, g))) {
                check(owners.length <= 1, () => `t=${sim.now()} ${g.groupId} ${tp} is owned by ${owners.join(', ')}`)
                owned++
              }
            }
          },
        })
      }),
      { seed: 424242, ...RUNS },
    )
    // Not vacuous: partitions were owned at a great many of the instants checked.
    expect(owned).toBeGreaterThan(RUNS.numRuns * 1_000)
  })

  it('once a group has settled, every subscribed partition has exactly one owner among its running members, who subscribes to it; and a group with running members does settle', LIMIT, () => {
    let checked = 0
    fc.assert(
      fc.property(planArb, (plan) => {
        const s = execute(plan)
        for (const g of s.s.groups) {
          const running = s.s.consumers.filter((c) => c.groupId === g.groupId && isRunning(c))
          if (running.length === 0) continue
          checked++
          // QUIET_MS after the last command, with polls far shorter than max.poll.interval.ms: the group has settled.
          expect(settled(s, g.groupId), `${g.groupId} is ${g.state} at generation ${g.generation}`).toBe(true)
          const members = g.members.map((m) => s.s.consumers.find((c) => c.memberId === m.memberId)!)
          const topics = new Set(members.flatMap((c) => c.topics))
          for (const topic of topics) {
            const count = s.s.topics.find((t) => t.name === topic)!.partitions.length
            for (let p = 0; p < count; p++) {
              const owners = members.filter((c) => c.owned.some((x) => x.topic === topic && x.partition === p))
              expect(owners.map((c) => c.id), `${g.groupId} ${topic}-${p}`).toHaveLength(1)
              expect(owners[0]!.topics).toContain(topic)
            }
          }
          for (const c of members) for (const x of c.owned) expect(topics.has(x.topic)).toBe(true)
        }
      }),
      { seed: 7, ...RUNS },
    )
    // Not vacuous: most runs end with at least one group that still has running members.
    expect(checked).toBeGreaterThan(RUNS.numRuns / 2)
  })

  it('a committed offset is never beyond the log end offset', LIMIT, () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        execute(plan, {
          onStep: (sim) => {
            const end: Record<string, number> = {}
            for (const t of sim.s.topics) for (const p of t.partitions) end[`${t.name}-${p.partition}`] = p.log.logEndOffset
            for (const g of sim.s.groups) {
              for (const [k, offset] of Object.entries(g.committed)) {
                check(offset >= 0 && offset <= (end[k] ?? -1), () => `t=${sim.now()} ${g.groupId} committed ${k}@${offset}, log end ${end[k]}`)
              }
            }
          },
        })
      }),
      { seed: 99, ...RUNS },
    )
  })

  it('replaying the same scenario, seed and command log (sim.commandLog) gives the same event-log hash', LIMIT, () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const live = execute(plan)
        const replay = createSimulation(scenarioOf(plan), { seed: plan.seed })
        for (const { at, command } of live.commandLog) {
          replay.runUntil(at)
          replay.dispatch(command)
        }
        replay.runUntil(live.now())
        expect(replay.s.eventCount).toBe(live.s.eventCount)
        expect(replay.eventLogHash()).toBe(live.eventLogHash())
      }),
      { seed: 31337, numRuns: 25, endOnFailure: true },
    )
  })
})
