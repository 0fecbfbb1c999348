/**
 * Specification: positions, committed offsets, auto.offset.reset, at-least-once redelivery and lag
 * (ConsumerCoordinator auto-commit, SubscriptionState / OffsetResetStrategy, kafka-consumer-groups.sh).
 */
import { describe, expect, it } from 'vitest'
import { CONSUMER_DEFAULTS, groupLag, memberLag, totalLag } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { eventsOf, processedOffsets, sim } from './helpers'
import { consumerOf, consumerSpec, groupOf, processedBetween, producerSpec, runSampled } from './spec-helpers'

function build(consumers: Record<string, unknown>[], opts: { partitions?: number; rate?: number; maxRecords?: number } = {}): Simulation {
  const producer: Record<string, unknown> = { rate: opts.rate ?? 20, partitioner: 'round-robin' }
  if (opts.maxRecords !== undefined) producer.maxRecords = opts.maxRecords
  return sim({
    topics: [{ name: 't', partitions: opts.partitions ?? 2 }],
    producers: [producerSpec('p', 't', producer)],
    consumers,
  })
}
const c = (id: string, opts: Parameters<typeof consumerSpec>[1] = {}) => consumerSpec(id, { topics: ['t'], ...opts })

describe('committed offsets', () => {
  it('the coordinator keeps one committed offset per group and partition; groups do not share them', () => {
    const s = build([c('fast', { group: 'A' }), c('slow', { group: 'B', processingMs: 200 })], { rate: 20 })
    s.runUntil(30_000)
    const a = groupOf(s, 'A').committed
    const b = groupOf(s, 'B').committed
    expect(Object.keys(a).sort()).toEqual(['t-0', 't-1'])
    expect(Object.keys(b).sort()).toEqual(['t-0', 't-1'])
    // B processes 5 records/s of the 20 produced: far behind A.
    for (const k of ['t-0', 't-1']) expect(b[k]!).toBeLessThan(a[k]! - 100)
  })

  it('enable.auto.commit: the position is committed from inside poll() every auto.commit.interval.ms, and each committed offset is the next offset after a processed record', () => {
    const s = build([c('c1', { config: { 'auto.commit.interval.ms': 2_000 } })], { rate: 20 })
    s.runUntil(40_000)
    const commits = eventsOf(s, 'offsetsCommitted').filter((e) => e.consumer === 'c1')
    expect(commits.length).toBeGreaterThanOrEqual(12)
    for (let i = 1; i < commits.length; i++) {
      const gap = commits[i]!.t - commits[i - 1]!.t
      expect(gap).toBeGreaterThanOrEqual(2_000)
      expect(gap).toBeLessThan(2_000 + 200)
    }
    const processed = processedOffsets(s, 'g')
    for (const e of commits) {
      for (const [k, offset] of Object.entries(e.offsets)) {
        const done = processedBetween(s, 0, e.t).filter((x) => `${x.topic}-${x.partition}` === k)
        expect(done.map((x) => x.to + 1)).toContain(offset)
        expect(processed[k]).toContain(offset - 1)
      }
    }
  })

  it('with the default auto.commit.interval.ms, auto-commits are 5000 ms apart', () => {
    expect(CONSUMER_DEFAULTS['auto.commit.interval.ms']).toBe(5_000)
    const s = build([c('c1')], { rate: 20 })
    s.runUntil(60_000)
    const times = eventsOf(s, 'offsetsCommitted').map((e) => e.t)
    expect(times.length).toBeGreaterThanOrEqual(9)
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(5_000)
  })

  it('auto-commit happens only inside poll(): a consumer busy processing commits only when it comes back to poll(), never on a timer', () => {
    // 200 ms per record against 20 records/s: the application is always inside a batch of up to 50 records.
    const s = build([c('c1', { processingMs: 200, config: { 'auto.commit.interval.ms': 1_000, 'max.poll.records': 50 } })], { rate: 20, partitions: 1 })
    s.runUntil(60_000)
    const commits = eventsOf(s, 'offsetsCommitted')
    const processed = eventsOf(s, 'recordsProcessed')
    expect(commits.length).toBeGreaterThanOrEqual(3)
    // Far fewer commits than one per auto.commit.interval.ms: the batches are longer than the interval.
    expect(commits.length).toBeLessThan(30)
    const latency = s.s.cluster.networkLatencyMs
    for (const e of commits) {
      // Sent from poll(), right after the previous batch's last record: and it commits exactly that position.
      const last = processed.filter((x) => x.t === e.t - latency).at(-1)
      expect(last, `commit at ${e.t}`).toBeDefined()
      expect(e.offsets).toEqual({ 't-0': last!.to + 1 })
    }
  })

  it('enable.auto.commit=false: the application commits what it processed after each poll (commitSync before the next poll)', () => {
    const s = build([c('c1', { config: { 'enable.auto.commit': false } })], { rate: 20 })
    s.runUntil(20_000)
    const processed = eventsOf(s, 'recordsProcessed')
    const commits = eventsOf(s, 'offsetsCommitted')
    expect(processed.length).toBeGreaterThan(50)
    const byTime = new Map<number, Record<string, number>>()
    for (const e of processed) byTime.set(e.t, { ...(byTime.get(e.t) ?? {}), [`${e.topic}-${e.partition}`]: e.to + 1 })
    const latency = s.s.cluster.networkLatencyMs
    for (const [t, offsets] of byTime) {
      const commit = commits.find((e) => e.t === t + latency)
      expect(commit, `commit after the poll processed at ${t}`).toBeDefined()
      expect(commit!.offsets).toEqual(offsets)
    }
  })

  it('close() commits the position before leaving (auto-commit), so the next owner starts where it stopped', () => {
    const s = build([c('c1', { config: { 'auto.commit.interval.ms': 60_000 } }), c('c2', { config: { 'auto.commit.interval.ms': 60_000 } })], { rate: 20 })
    s.runUntil(15_000)
    const pos = { ...consumerOf(s, 'c2').positions }
    s.dispatch({ type: 'closeConsumer', consumer: 'c2' })
    s.runUntil(25_000)
    const closing = eventsOf(s, 'offsetsCommitted').find((e) => e.consumer === 'c2' && e.t >= 15_000)!
    expect(closing.offsets).toEqual(pos)
    expect(s.s.counters.duplicates).toBe(0)
  })

  it('eager rebalances with auto-commit commit before revoking (onJoinPrepare), so graceful rebalances deliver nothing twice', () => {
    const s = build([c('c1'), c('c2')], { rate: 40, partitions: 4 })
    s.runUntil(12_000)
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.runUntil(24_000)
    s.dispatch({ type: 'closeConsumer', consumer: 'c1' })
    s.runUntil(36_000)
    expect(eventsOf(s, 'generationStarted').length).toBe(3)
    expect(s.s.counters.duplicates).toBe(0)
    for (const list of Object.values(processedOffsets(s, 'g'))) expect(new Set(list).size).toBe(list.length)
  })
})

describe('auto.offset.reset', () => {
  it("defaults to latest: without a committed offset the consumer starts at the log end and never sees earlier records", () => {
    expect(CONSUMER_DEFAULTS['auto.offset.reset']).toBe('latest')
    const s = build([{ id: 'c1', group: 'g', topics: ['t'], startAt: 10_000 }], { rate: 20 })
    s.runUntil(25_000)
    const set = eventsOf(s, 'positionSet')
    expect(set.length).toBe(2)
    for (const e of set) {
      expect(e).toMatchObject({ from: 'latest', reason: 'no committed offset' })
      const p = Number(e.partition.split('-')[1])
      expect(e.offset).toBeGreaterThan(90)
      const first = eventsOf(s, 'recordsProcessed').find((x) => x.partition === p)!
      expect(first.from).toBe(e.offset)
    }
  })

  it('earliest: without a committed offset the consumer starts at the log start offset', () => {
    const s = build([c('c1', { startAt: 10_000 })], { rate: 20 })
    s.runUntil(25_000)
    for (const e of eventsOf(s, 'positionSet')) expect(e).toMatchObject({ from: 'earliest', offset: 0 })
    expect(processedOffsets(s, 'g')['t-0']!.slice(0, 3)).toEqual([0, 1, 2])
  })

  it('none: without a committed offset the consumer fails with NoOffsetForPartitionException and consumes nothing', () => {
    const s = build([c('c1', { config: { 'auto.offset.reset': 'none' } })], { rate: 20 })
    s.runUntil(15_000)
    const err = eventsOf(s, 'consumerError').find((e) => e.consumer === 'c1')!
    expect(err.error).toBe('NoOffsetForPartitionException')
    expect(consumerOf(s, 'c1').phase).toBe('closed')
    expect(eventsOf(s, 'recordsProcessed')).toEqual([])
  })

  for (const policy of ['latest', 'earliest', 'none'] as const) {
    it(`a committed offset always wins over auto.offset.reset=${policy}`, () => {
      const s = build([c('first', { config: { 'auto.commit.interval.ms': 1_000 } })], { rate: 20 })
      s.runUntil(12_000)
      s.dispatch({ type: 'closeConsumer', consumer: 'first' })
      s.runUntil(20_000)
      const committed = { ...groupOf(s, 'g').committed }
      expect(Object.keys(committed).sort()).toEqual(['t-0', 't-1'])
      s.dispatch({ type: 'addConsumer', group: 'g', id: 'second', config: { 'auto.offset.reset': policy } })
      s.runUntil(35_000)
      const set = eventsOf(s, 'positionSet').filter((e) => e.consumer === 'second')
      expect(set.map((e) => [e.partition, e.from, e.offset]).sort()).toEqual(Object.entries(committed).map(([k, o]) => [k, 'committed', o]).sort())
      expect(eventsOf(s, 'consumerError')).toEqual([])
      for (const [k, o] of Object.entries(committed)) {
        const p = Number(k.split('-')[1])
        expect(eventsOf(s, 'recordsProcessed').find((e) => e.consumer === 'second' && e.partition === p)!.from).toBe(o)
      }
    })
  }
})

describe('at-least-once: a new owner resumes at the committed offset', () => {
  it('records processed but not yet committed when a member crashes are delivered again to the new owner and counted as duplicates', () => {
    const s = build([c('c1'), c('c2', { startAt: 8_000 })], { rate: 20, partitions: 1 })
    // c1 owns the single partition; c2 is idle. Crash c1 between two auto-commits.
    s.runUntil(20_000)
    const owner = ['c1', 'c2'].find((id) => consumerOf(s, id).owned.length === 1)!
    const standby = owner === 'c1' ? 'c2' : 'c1'
    s.runUntil(23_000)
    const committedAtCrash = groupOf(s, 'g').committed['t-0']!
    const processedByOwner = Math.max(...processedOffsets(s, 'g')['t-0']!) + 1
    expect(processedByOwner).toBeGreaterThan(committedAtCrash)
    s.dispatch({ type: 'crashConsumer', consumer: owner })
    s.runUntil(90_000)
    const resumed = eventsOf(s, 'positionSet').find((e) => e.consumer === standby)!
    expect(resumed).toMatchObject({ from: 'committed', offset: committedAtCrash })
    const expectedDuplicates = processedByOwner - committedAtCrash
    expect(s.s.counters.duplicates).toBe(expectedDuplicates)
    expect(groupOf(s, 'g').duplicates).toBe(expectedDuplicates)
    const again = eventsOf(s, 'recordsProcessed').filter((e) => e.consumer === standby)
    expect(again[0]!.from).toBe(committedAtCrash)
    expect(again.reduce((n, e) => n + e.duplicates, 0)).toBe(expectedDuplicates)
  })

  it('duplicates are counted per group: another group reading the same records is not affected', () => {
    const s = build([c('c1'), c('c2', { startAt: 8_000 }), c('other', { group: 'B' })], { rate: 20, partitions: 1 })
    s.runUntil(23_000)
    const owner = ['c1', 'c2'].find((id) => consumerOf(s, id).owned.length === 1)!
    s.dispatch({ type: 'crashConsumer', consumer: owner })
    s.runUntil(90_000)
    expect(groupOf(s, 'g').duplicates).toBeGreaterThan(0)
    expect(groupOf(s, 'B').duplicates).toBe(0)
    expect(s.s.counters.duplicates).toBe(groupOf(s, 'g').duplicates)
  })
})

describe('lag', () => {
  it('lag per partition (groupLag) is the high watermark minus the committed offset; never-committed partitions are absent', () => {
    const s = build([c('c1', { processingMs: 100, config: { 'auto.commit.interval.ms': 1_000 } })], { rate: 40, partitions: 3 })
    s.runUntil(30_000)
    const g = groupOf(s, 'g')
    const lag = groupLag(s.s, g)
    const t = s.s.topics[0]!
    for (const p of t.partitions) {
      const key = `t-${p.partition}`
      if (g.committed[key] === undefined) expect(lag[key]).toBeUndefined()
      else expect(lag[key]).toBe(p.highWatermark - g.committed[key]!)
    }
    expect(Object.keys(lag).length).toBeGreaterThan(0)
    expect(totalLag(lag)).toBe(Object.values(lag).reduce((a, b) => a + b, 0))
    // 100 ms per record against 40 records/s: the group is far behind.
    expect(totalLag(lag)).toBeGreaterThan(500)
  })

  it("a member's lag (memberLag) is the high watermark minus its position, summed over the partitions it owns", () => {
    const s = build([c('c1', { processingMs: 60 }), c('c2')], { rate: 40, partitions: 4 })
    s.runUntil(30_000)
    for (const id of ['c1', 'c2']) {
      const m = consumerOf(s, id)
      let expected = 0
      for (const o of m.owned) {
        const p = s.s.topics[0]!.partitions[o.partition]!
        expected += p.highWatermark - (m.positions[`t-${o.partition}`] ?? p.highWatermark)
      }
      expect(memberLag(s.s, m)).toBe(expected)
    }
  })

  it('per-member processing time and max.poll.records: a slow member builds lag while a fast one keeps up', () => {
    const s = build([c('fast'), c('slow', { processingMs: 80, config: { 'max.poll.records': 10 } })], { rate: 40, partitions: 2 })
    const samples: { t: number; fast: number; slow: number }[] = []
    runSampled(s, 60_000, 5_000, () => samples.push({ t: s.now(), fast: memberLag(s.s, consumerOf(s, 'fast')), slow: memberLag(s.s, consumerOf(s, 'slow')) }))
    const late = samples.filter((x) => x.t >= 15_000)
    // slow: 12.5 records/s against 20 records/s on its partition.
    for (let i = 1; i < late.length; i++) expect(late[i]!.slow).toBeGreaterThan(late[i - 1]!.slow)
    for (const x of late) expect(x.fast).toBeLessThanOrEqual(5)
    expect(late.at(-1)!.slow).toBeGreaterThan(200)
  })

  it('max.poll.records caps how many records one poll() returns', () => {
    // enable.auto.commit=false: each poll's records are followed by a commitSync round trip before the next poll,
    // so the records processed at one instant are exactly one poll's.
    const s = build([c('c1', { startAt: 10_000, config: { 'max.poll.records': 7, 'enable.auto.commit': false } })], { rate: 40, partitions: 2 })
    s.runUntil(20_000)
    const perPoll = new Map<number, number>()
    for (const e of eventsOf(s, 'recordsProcessed')) perPoll.set(e.t, (perPoll.get(e.t) ?? 0) + e.to - e.from + 1)
    expect(perPoll.size).toBeGreaterThan(20)
    expect(Math.max(...perPoll.values())).toBe(7)
  })
})
