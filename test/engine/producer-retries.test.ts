/**
 * Specification: how a producer retries and gives up, and which configurations it accepts.
 * - Retries back off exponentially (KIP-580): RecordAccumulator.shouldBackoff holds a retried batch
 *   for ExponentialBackoff(retry.backoff.ms, 2, retry.backoff.max.ms, 0.2).backoff(attempts - 1),
 *   i.e. retry.backoff.ms x 2^(attempts-1) with +-20% jitter, never more than retry.backoff.max.ms.
 *   The jitter comes from the simulation's seeded random streams.
 * - delivery.timeout.ms counts from the batch's creation (ProducerBatch.hasReachedDeliveryTimeout);
 *   an expired batch fails with Sender's TimeoutException "Expiring N record(s) for t-p:X ms has
 *   passed since batch creation".
 * - Idempotence needs acks=all (ProducerConfig.postProcessAndValidateIdempotenceConfigs): asked for
 *   explicitly with another acks it is a ConfigException; left at its default it is turned off.
 */
import { describe, expect, it } from 'vitest'
import { parseScenario, PRODUCER_DEFAULTS } from '../../src/engine'
import type { Simulation } from '../../src/engine'
import { eventsOf, sim } from './helpers'
import { producerSpec } from './spec-helpers'

const LATENCY = 1

/** One broker; t has min.insync.replicas=2 but one replica, so every acks=all write is refused (NOT_ENOUGH_REPLICAS). */
function refusing(config: Record<string, unknown> = {}, seed?: number, records = 1): Simulation {
  return sim(
    {
      cluster: { brokers: 1, networkLatencyMs: LATENCY },
      topics: [{ name: 't', partitions: 1, config: { 'min.insync.replicas': 2 } }],
      producers: [producerSpec('p', 't', { rate: 1, maxRecords: records, config })],
    },
    seed,
  )
}

const retryTimes = (s: Simulation) => eventsOf(s, 'produceFailed').filter((e) => e.retrying).map((e) => e.t)
const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - (ts[i] as number))

describe('KIP-580: retries back off exponentially (RecordAccumulator.shouldBackoff, ExponentialBackoff)', () => {
  it('the k-th retry of a batch waits retry.backoff.ms x 2^(k-1) +-20%, never more than retry.backoff.max.ms', () => {
    const s = refusing()
    s.runUntil(30_000)
    const g = gaps(retryTimes(s))
    expect(g.length).toBeGreaterThan(10)
    const expMax = Math.log(1000 / 100) / Math.log(2)
    g.forEach((gap, i) => {
      const term = 100 * 2 ** Math.min(i, expMax)
      // The gap is the wait plus the request's round trip.
      expect(gap, `retry ${i + 1}`).toBeGreaterThanOrEqual(Math.floor(0.8 * term) + 2 * LATENCY)
      expect(gap, `retry ${i + 1}`).toBeLessThanOrEqual(Math.min(Math.ceil(1.2 * term), 1000) + 2 * LATENCY)
    })
    // From the fifth retry on, the wait sits at the cap (jitter only shortens it).
    for (const gap of g.slice(4)) expect(gap).toBeGreaterThanOrEqual(800 + 2 * LATENCY)
    // About one retry a second, not ten.
    expect(retryTimes(s).length).toBeLessThan(40)
  })

  it('retry.backoff.max.ms caps the wait; with it at or below retry.backoff.ms the wait is constant', () => {
    const capped = refusing({ 'retry.backoff.max.ms': 300 })
    capped.runUntil(10_000)
    for (const gap of gaps(retryTimes(capped)).slice(2)) expect(gap).toBeLessThanOrEqual(300 + 2 * LATENCY)
    const constant = refusing({ 'retry.backoff.ms': 500, 'retry.backoff.max.ms': 200 })
    constant.runUntil(10_000)
    expect(new Set(gaps(retryTimes(constant)))).toEqual(new Set([200 + 2 * LATENCY]))
  })

  it('the jitter is drawn from the seeded random streams: the same seed retries at the same times, another seed at others', () => {
    const run = (seed: number) => {
      const s = refusing({}, seed)
      s.runUntil(20_000)
      return retryTimes(s)
    }
    expect(run(7)).toEqual(run(7))
    expect(run(7)).not.toEqual(run(8))
  })

  it('batches behind a retried batch of the same partition wait for it: an idempotent producer never sees OUT_OF_ORDER_SEQUENCE_NUMBER from its own retries', () => {
    const s = sim({
      cluster: { brokers: 2, networkLatencyMs: 5, config: { 'replica.lag.time.max.ms': 1_000 } },
      topics: [{ name: 't', partitions: 1, replicationFactor: 2, config: { 'min.insync.replicas': 2 } }],
      producers: [producerSpec('p', 't', { rate: 20 })],
    })
    s.runUntil(2_000)
    const p = s.s.topics[0]!.partitions[0]!
    s.dispatch({ type: 'slowBroker', broker: p.replicas.find((b) => b !== p.leader)! })
    s.runUntil(8_000)
    s.dispatch({ type: 'slowBroker', broker: p.replicas.find((b) => b !== p.leader)!, slow: false })
    s.runUntil(15_000)
    s.dispatch({ type: 'stopProducer', producer: 'p' })
    s.runUntil(20_000)
    const failed = eventsOf(s, 'produceFailed')
    expect(failed.filter((e) => e.error === 'NOT_ENOUGH_REPLICAS').length).toBeGreaterThan(5)
    expect(failed.filter((e) => e.error === 'OUT_OF_ORDER_SEQUENCE_NUMBER')).toEqual([])
    expect(failed.filter((e) => !e.retrying)).toEqual([])
    // Every record got through exactly once, and the batches are in the log in the order they were made.
    expect(s.s.producers[0]!.acked).toBe(s.s.producers[0]!.generated)
    const ids = p.log.segments.flatMap((seg) => seg.batches.map((b) => b.batchId))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('delivery.timeout.ms counts from batch creation; an expired batch fails with a TimeoutException', () => {
  it('ProducerBatch.hasReachedDeliveryTimeout: a batch that lingered first still expires delivery.timeout.ms after it was created', () => {
    // Created at 0, first sent after linger.ms (2 s), refused at every attempt.
    const s = refusing({ 'linger.ms': 2_000, 'delivery.timeout.ms': 10_000 })
    s.runUntil(30_000)
    const given = eventsOf(s, 'produceFailed').filter((e) => !e.retrying)
    expect(given).toHaveLength(1)
    expect(given[0]!.t).toBeGreaterThanOrEqual(10_000)
    expect(given[0]!.t).toBeLessThanOrEqual(10_000 + 2 * LATENCY)
    expect(given[0]!.error).toBe(`TimeoutException: Expiring 1 record(s) for t-0:${given[0]!.t} ms has passed since batch creation`)
    expect(s.s.producers[0]!.failed).toBe(1)
  })

  it('a batch waiting for a leader that never comes expires the same way, with Sender\'s message', () => {
    const s = sim({
      cluster: { brokers: 1, networkLatencyMs: LATENCY, config: { 'broker.session.timeout.ms': 1_000 } },
      topics: [{ name: 't', partitions: 1 }],
      producers: [producerSpec('p', 't', { rate: 1, config: { 'delivery.timeout.ms': 5_000 } })],
    })
    s.runUntil(2_500)
    s.dispatch({ type: 'killBroker', broker: 1 })
    s.runUntil(20_000)
    const given = eventsOf(s, 'produceFailed').filter((e) => !e.retrying)
    expect(given.length).toBeGreaterThan(0)
    // The batch opened by the record produced at 3 s (it gathers the records that follow while there
    // is no leader) gives up exactly 5 s after it was created.
    const first = given[0]!
    expect(first.t).toBe(8_000)
    expect(first.error).toBe(`TimeoutException: Expiring ${first.count} record(s) for t-0:5000 ms has passed since batch creation`)
    expect(given.map((e) => e.error).join()).not.toMatch(/DELIVERY_TIMEOUT/)
  })
})

describe('ProducerConfig.postProcessAndValidateIdempotenceConfigs: idempotence needs acks=all', () => {
  const MESSAGE = 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.'
  const base = {
    format: 'kafka-sim/scenario',
    version: 1,
    id: 'idem',
    cluster: { brokers: 1 },
    topics: [{ name: 't' }],
  }

  it('a scenario asking for enable.idempotence=true with acks=1 is refused with Kafka\'s ConfigException message', () => {
    expect(() => parseScenario({ ...base, producers: [{ id: 'p', topic: 't', config: { acks: '1', 'enable.idempotence': true } }] })).toThrow(
      `producers[0].config.enable.idempotence: ${MESSAGE}`,
    )
    expect(() => parseScenario({ ...base, producers: [{ id: 'p', topic: 't', config: { acks: '0', 'enable.idempotence': false } }] })).not.toThrow()
  })

  it('left at its default, idempotence is turned off by acks=1 or acks=0, and the producer says so', () => {
    for (const acks of ['1', '0'] as const) {
      const s = sim({ topics: [{ name: 't' }], producers: [producerSpec('p', 't', { config: { acks } })] })
      expect(s.s.producers[0]!.config['enable.idempotence']).toBe(false)
      const said = eventsOf(s, 'producerChanged').find((e) => e.producer === 'p')!
      expect(said).toMatchObject({ setting: 'enable.idempotence', value: 'false' })
      expect(said.note).toBe(`Idempotence will be disabled because acks is set to ${acks}, not set to 'all'.`)
    }
    const s = sim({ topics: [{ name: 't' }], producers: [producerSpec('p', 't')] })
    expect(s.s.producers[0]!.config['enable.idempotence']).toBe(PRODUCER_DEFAULTS['enable.idempotence'])
    expect(eventsOf(s, 'producerChanged')).toEqual([])
  })

  it('addProducer: explicit idempotence with acks=1 is refused (INVALID_CONFIG); the default is turned off', () => {
    const s = sim({ topics: [{ name: 't' }] })
    expect(s.dispatch({ type: 'addProducer', id: 'a', topic: 't', config: { acks: '1', 'enable.idempotence': true } })).toEqual({ ok: false, error: 'INVALID_CONFIG', message: MESSAGE })
    expect(s.s.producers).toHaveLength(0)
    expect(s.dispatch({ type: 'addProducer', id: 'b', topic: 't', config: { acks: '0' } })).toEqual({ ok: true })
    expect(s.s.producers[0]!.config['enable.idempotence']).toBe(false)
    // A producer added next to it copies its settings, not the idempotence its acks turned off.
    expect(s.dispatch({ type: 'addProducer', id: 'c', topic: 't', config: { acks: 'all' } })).toEqual({ ok: true })
    expect(s.s.producers[1]!.config['enable.idempotence']).toBe(true)
  })

  it('setProducerConfig: acks=1 turns a default idempotence off (and says why) and acks=all turns it back on; an explicit one refuses acks=1', () => {
    const s = sim({ topics: [{ name: 't' }], producers: [producerSpec('p', 't')] })
    expect(s.dispatch({ type: 'setProducerConfig', producer: 'p', key: 'acks', value: '1' })).toEqual({ ok: true })
    const p = s.s.producers[0]!
    expect(p.config).toMatchObject({ acks: '1', 'enable.idempotence': false })
    expect(eventsOf(s, 'producerChanged').at(-1)!.note).toBe("Idempotence will be disabled because acks is set to 1, not set to 'all'.")
    expect(s.dispatch({ type: 'setProducerConfig', producer: 'p', key: 'enable.idempotence', value: true })).toEqual({ ok: false, error: 'INVALID_CONFIG', message: MESSAGE })
    expect(p.config['enable.idempotence']).toBe(false)
    expect(s.dispatch({ type: 'setProducerConfig', producer: 'p', key: 'acks', value: 'all' })).toEqual({ ok: true })
    expect(p.config['enable.idempotence']).toBe(true)
    expect(s.dispatch({ type: 'setProducerConfig', producer: 'p', key: 'enable.idempotence', value: true })).toEqual({ ok: true })
    expect(s.dispatch({ type: 'setProducerConfig', producer: 'p', key: 'acks', value: '1' })).toEqual({ ok: false, error: 'INVALID_CONFIG', message: MESSAGE })
    expect(p.config).toMatchObject({ acks: 'all', 'enable.idempotence': true })
  })

  it('an acks=1 producer (idempotence off by default) keeps writing after a failover that truncated its acknowledged records: no OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const s = sim({
      cluster: { brokers: 3, networkLatencyMs: 200, config: { 'broker.session.timeout.ms': 3_000, 'replica.lag.time.max.ms': 5_000 } },
      topics: [{ name: 'ua', partitions: 1, replicationFactor: 3 }],
      producers: [producerSpec('p1', 'ua', { rate: 10, partitioner: 'random', config: { acks: '1', 'delivery.timeout.ms': 20_000 } })],
    }, 42)
    s.runUntil(6_000)
    s.dispatch({ type: 'killBroker', broker: s.s.topics[0]!.partitions[0]!.leader })
    s.runUntil(60_000)
    expect(eventsOf(s, 'recordsLost').some((e) => e.acked > 0)).toBe(true)
    const failed = eventsOf(s, 'produceFailed')
    expect(failed.filter((e) => e.error === 'OUT_OF_ORDER_SEQUENCE_NUMBER')).toEqual([])
    expect(failed.filter((e) => !e.retrying)).toEqual([])
    expect(eventsOf(s, 'produceAcked').filter((e) => e.t > 50_000).length).toBeGreaterThan(50)
  })
})
