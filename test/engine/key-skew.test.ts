/**
 * A hot key (keys: user-id with skew): a share of the events come from one user, drawn from the
 * seeded 'keys' random stream, so the same seed gives the same records.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation, parseScenario, partitionForKey, readRecord, ScenarioError } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { scenario, sim } from './helpers'

const skewed = (percent: number, seed = 1) =>
  sim(
    {
      topics: [{ name: 'user-activity', partitions: 3 }],
      producers: [{ id: 'p', topic: 'user-activity', rate: 100, maxRecords: 1000, keys: { mode: 'user-id', skew: { user: 42, percent } }, value: { kind: 'click-event', users: 10 } }],
    },
    seed,
  )

function records(s: Simulation) {
  const out: { key: string | null; value: string; partition: number }[] = []
  for (const p of s.s.topics[0]!.partitions) {
    for (let o = p.log.logStartOffset; o < p.log.logEndOffset; o++) {
      const r = readRecord(p.log, o)!
      out.push({ key: r.key, value: r.value, partition: p.partition })
    }
  }
  return out
}

describe('a hot key (keys: user-id with skew)', () => {
  it('makes about `percent` % of the events user_42\'s, keyed and valued as user_42, all in its partition', () => {
    const s = skewed(80)
    s.runUntil(20_000)
    const all = records(s)
    expect(all).toHaveLength(1000)
    const hot = all.filter((r) => r.key === 'user_42')
    expect(hot.length).toBeGreaterThan(750)
    expect(hot.length).toBeLessThan(850)
    for (const r of hot) {
      expect(r.value).toContain('"user_id": "user_42"')
      expect(r.partition).toBe(partitionForKey('user_42', 3))
    }
    for (const r of all.filter((x) => x.key !== 'user_42')) expect(r.value).toContain(`"user_id": "${r.key}"`)
  })

  it('gives the same records for the same seed, and other records for another seed', () => {
    const run = (seed: number) => {
      const s = skewed(50, seed)
      s.runUntil(20_000)
      return records(s).map((r) => r.key)
    }
    expect(run(7)).toEqual(run(7))
    expect(run(7)).not.toEqual(run(8))
  })

  it('can be switched on while producing, and refuses a percentage outside 0-100', () => {
    const s = createSimulation(scenario({ topics: [{ name: 'user-activity', partitions: 3 }], producers: [{ id: 'p', topic: 'user-activity', rate: 10, keys: { mode: 'user-id' } }] }))
    expect(s.dispatch({ type: 'setProducerKeys', producer: 'p', keys: { mode: 'user-id', skew: { user: 42, percent: 100 } } })).toEqual({ ok: true })
    s.runUntil(5000)
    expect(new Set(records(s).map((r) => r.key))).toEqual(new Set(['user_42']))
    expect(s.dispatch({ type: 'setProducerKeys', producer: 'p', keys: { mode: 'user-id', skew: { user: 42, percent: 150 } } })).toMatchObject({ ok: false, error: 'INVALID_COMMAND' })
  })

  it('is checked by parseScenario, field by field', () => {
    const bad = { ...baseFile(), producers: [{ topic: 'user-activity', keys: { mode: 'user-id', skew: { user: -1, percent: 101, share: 3 } } }] }
    expect(() => parseScenario(bad)).toThrow(ScenarioError)
    try {
      parseScenario(bad)
    } catch (e) {
      expect((e as ScenarioError).issues.map((i) => i.path)).toEqual(['producers[0].keys.skew.share', 'producers[0].keys.skew.user', 'producers[0].keys.skew.percent'])
    }
    expect(parseScenario({ ...baseFile(), producers: [{ topic: 'user-activity', keys: { mode: 'user-id', skew: { user: 42, percent: 80 } } }] }).producers[0]!.keys).toEqual({
      mode: 'user-id',
      skew: { user: 42, percent: 80 },
    })
  })
})

function baseFile() {
  return { format: 'kafka-sim/scenario', version: 1, id: 't', topics: [{ name: 'user-activity' }] }
}
