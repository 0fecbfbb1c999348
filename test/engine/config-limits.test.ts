/**
 * Settings Kafka refuses are refused here too, with Kafka's words, in a scenario file and as a
 * command; settings Kafka accepts at 0 run without freezing the simulation; and a config change is
 * an event like every other change of state.
 */
import { describe, expect, it } from 'vitest'
import { ScenarioError } from '../../src/engine'
import { eventsOf, scenario, sim } from './helpers'

const oneConsumer = (config: Record<string, unknown>) => ({
  producers: [{ id: 'producer-1', topic: 'user-activity', rate: 10 }],
  consumers: [{ id: 'consumer-1', group: 'g', topics: ['user-activity'], config }],
})

function scenarioIssues(overrides: Record<string, unknown>): string[] {
  try {
    scenario(overrides)
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues.map((i) => `${i.path}: ${i.message}`)
    throw e
  }
  return []
}

describe("Kafka's ConfigDef minimums (atLeast(1))", () => {
  it.each([
    ['cluster.config', 'log.retention.check.interval.ms'],
    ['cluster.config', 'leader.imbalance.check.interval.seconds'],
    ['cluster.config', 'offsets.topic.num.partitions'],
    ['cluster.config', 'offsets.topic.replication.factor'],
    ['cluster.config', 'num.partitions'],
  ])('%s.%s = 0 is refused in a scenario file, naming the field', (_, key) => {
    expect(scenarioIssues({ cluster: { brokers: 1, networkLatencyMs: 1, config: { [key]: 0 } } })).toEqual([`cluster.config.${key}: must be at least 1, got 0`])
  })

  it('max.poll.records, max.poll.interval.ms (consumer) and max.in.flight.requests.per.connection (producer) must be at least 1', () => {
    expect(scenarioIssues(oneConsumer({ 'max.poll.records': 0 }))).toEqual(['consumers[0].config.max.poll.records: must be at least 1, got 0'])
    expect(scenarioIssues(oneConsumer({ 'max.poll.interval.ms': 0 }))).toEqual(['consumers[0].config.max.poll.interval.ms: must be at least 1, got 0'])
    const s = sim(oneConsumer({}))
    expect(s.dispatch({ type: 'setProducerConfig', producer: 'producer-1', key: 'max.in.flight.requests.per.connection', value: 0 })).toMatchObject({
      ok: false,
      message: 'Invalid value 0 for configuration max.in.flight.requests.per.connection: Value must be at least 1.',
    })
  })

  it('a broker setting below its minimum is refused as a command too, and nothing changes', () => {
    const s = sim()
    const result = s.dispatch({ type: 'setBrokerConfig', key: 'log.retention.check.interval.ms', value: 0 })
    expect(result).toMatchObject({ ok: false, error: 'INVALID_CONFIG', message: 'Invalid value 0 for configuration log.retention.check.interval.ms: Value must be at least 1.' })
    expect(s.s.cluster.broker['log.retention.check.interval.ms']).toBe(300000)
  })

  it('a network hop takes at least 1 ms', () => {
    expect(scenarioIssues({ cluster: { brokers: 1, networkLatencyMs: 0 } })).toEqual(['cluster.networkLatencyMs: must be at least 1, got 0'])
  })
})

describe('heartbeat.interval.ms must be lower than session.timeout.ms (the Java consumer refuses to start otherwise)', () => {
  it('in a scenario file', () => {
    expect(scenarioIssues(oneConsumer({ 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 6000 }))).toEqual([
      'consumers[0].config.heartbeat.interval.ms: Heartbeat must be set lower than the session timeout (heartbeat.interval.ms 6000, session.timeout.ms 6000)',
    ])
  })

  it('as a command, leaving the consumer as it was', () => {
    const s = sim(oneConsumer({}))
    const result = s.dispatch({ type: 'setConsumerConfig', consumer: 'consumer-1', key: 'heartbeat.interval.ms', value: 45000 })
    expect(result).toMatchObject({ ok: false, error: 'INVALID_CONFIG', message: 'Heartbeat must be set lower than the session timeout (heartbeat.interval.ms 45000, session.timeout.ms 45000).' })
    expect(s.s.consumers[0]!.config['heartbeat.interval.ms']).toBe(3000)
  })
})

describe('settings Kafka accepts at 0 keep the simulation moving', () => {
  it.each([
    ['consumer heartbeat.interval.ms', oneConsumer({ 'heartbeat.interval.ms': 0, 'auto.offset.reset': 'earliest' })],
    ['consumer metadata.max.age.ms', oneConsumer({ 'metadata.max.age.ms': 0, 'auto.offset.reset': 'earliest' })],
    ['consumer fetch.max.wait.ms', oneConsumer({ 'fetch.max.wait.ms': 0, 'auto.offset.reset': 'earliest' })],
    ['producer metadata.max.age.ms', { producers: [{ id: 'producer-1', topic: 'user-activity', rate: 10, config: { 'metadata.max.age.ms': 0 } }] }],
  ])('%s = 0: ten simulated seconds pass and records flow', (_, overrides) => {
    const s = sim(overrides)
    s.runUntil(10_000)
    expect(s.now()).toBe(10_000)
    expect(eventsOf(s, 'recordsAppended').length).toBeGreaterThan(0)
  })
})

describe('every state change is an event: configuration', () => {
  it('setTopicConfig and setBrokerConfig each emit an event naming the setting and its new value', () => {
    const s = sim()
    s.dispatch({ type: 'setTopicConfig', topic: 'user-activity', key: 'retention.ms', value: 60000 })
    s.dispatch({ type: 'setBrokerConfig', key: 'replica.lag.time.max.ms', value: 10000 })
    expect(eventsOf(s, 'topicConfigChanged')).toMatchObject([{ topic: 'user-activity', setting: 'retention.ms', value: '60000' }])
    expect(eventsOf(s, 'brokerConfigChanged')).toMatchObject([{ setting: 'replica.lag.time.max.ms', value: '10000' }])
  })
})

describe('a scenario file with a wrong field reports that field alone', () => {
  it('a topic with an invalid partition count is still a topic its consumers may name', () => {
    expect(
      scenarioIssues({
        topics: [{ name: 'user-activity', partitions: 1 }, { name: 'orders', partitions: 0 }],
        consumers: [{ id: 'consumer-1', group: 'g', topics: ['orders'] }],
      }),
    ).toEqual(['topics[1].partitions: must be at least 1, got 0'])
  })
})
