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
 * fast-check runs with fixed seeds so that every run is reproducible. The plans (clusters and
 * commands) are in command-plans.ts, which the browser's replay test draws from too.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, isRunning, ownersByPartition } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { execute, planArb, scenarioOf } from './command-plans'

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
