/** Frames carry view patches; applying them gives exactly the view the worker has, and keeps unchanged pieces identical. */
import { describe, expect, it } from 'vitest'
import { createSimulation, parseScenario } from '../../src/engine'
import { buildView } from '../../src/worker/view'
import { applyViewUpdate, ViewDiffer } from '../../src/worker/view-diff'
import type { ClusterView } from '../../src/worker/protocol'

function sim() {
  return createSimulation(
    parseScenario({
      format: 'kafka-sim/scenario',
      version: 1,
      id: 'diff',
      cluster: { brokers: 2, networkLatencyMs: 5 },
      topics: [{ name: 't', partitions: 4, replicationFactor: 2 }],
      producers: [{ id: 'p', topic: 't', rate: 3, keys: { mode: 'custom', keys: ['a'] } }],
      consumers: [{ id: 'c1', group: 'g', topics: ['t'], config: { 'auto.offset.reset': 'earliest' } }],
    }),
  )
}

describe('view patches', () => {
  it('sends the whole view first, then only what changed; applying every update reproduces the worker\'s view', () => {
    const s = sim()
    const differ = new ViewDiffer()
    let held: { view: ClusterView; version: number } | null = null
    let patches = 0
    for (let t = 0; t < 20_000; t += 97) {
      s.runUntil(t)
      const update = differ.diff(buildView(s))
      if (!update) continue
      if (update.kind === 'patch') {
        patches++
        // Only the one partition that key 'a' maps to ever gets records.
        expect(update.partitions.length).toBeLessThanOrEqual(4)
      }
      held = applyViewUpdate(held, update)
      expect(held).not.toBeNull()
      expect(held!.view).toEqual(buildView(s))
    }
    expect(patches).toBeGreaterThan(10)
  })

  it('keeps partitions that did not change as the very same objects', () => {
    const s = sim()
    const differ = new ViewDiffer()
    s.runUntil(5_000)
    const first = applyViewUpdate(null, differ.diff(buildView(s))!)!
    s.runUntil(6_000)
    const update = differ.diff(buildView(s))!
    expect(update.kind).toBe('patch')
    const next = applyViewUpdate(first, update)!
    const changed = new Set(update.kind === 'patch' ? update.partitions.map((p) => p.partition) : [])
    for (const p of next.view.topics[0]!.partitions) {
      if (changed.has(p.partition)) expect(p).not.toBe(first.view.topics[0]!.partitions[p.partition])
      else expect(p).toBe(first.view.topics[0]!.partitions[p.partition])
    }
  })

  it('sends the whole view again when the structure changes (a partition is added)', () => {
    const s = sim()
    const differ = new ViewDiffer()
    s.runUntil(1_000)
    differ.diff(buildView(s))
    s.dispatch({ type: 'addPartitions', topic: 't', count: 5 })
    expect(differ.diff(buildView(s))).toMatchObject({ kind: 'full' })
  })

  it('refuses a patch made for another version, so the client asks for the whole view again', () => {
    const s = sim()
    const differ = new ViewDiffer()
    s.runUntil(1_000)
    const first = applyViewUpdate(null, differ.diff(buildView(s))!)!
    s.runUntil(2_000)
    differ.diff(buildView(s))
    s.runUntil(3_000)
    const skipped = differ.diff(buildView(s))!
    expect(applyViewUpdate(first, skipped)).toBeNull()
  })
})
