/**
 * Specification: topic configs are validated as Kafka's LogConfig validates them (ConfigDef
 * atLeast(...) validators): min.insync.replicas at least 1, retention.ms at least -1 (-1: no
 * limit), segment.ms at least 1. A refused change leaves the topic as it was; an accepted one
 * applies at once.
 */
import { describe, expect, it } from 'vitest'
import { parseScenario, ScenarioError } from '../../src/engine'
import { sim } from './helpers'

function topicSim() {
  return sim({ topics: [{ name: 't', partitions: 1 }], producers: [], consumers: [] })
}

describe('incrementalAlterConfigs validation (LogConfig)', () => {
  it('min.insync.replicas below 1 is refused with INVALID_CONFIG and the topic keeps its value', () => {
    const s = topicSim()
    const r = s.dispatch({ type: 'setTopicConfig', topic: 't', key: 'min.insync.replicas', value: 0 })
    expect(r).toMatchObject({ ok: false, error: 'INVALID_CONFIG' })
    expect(r.ok ? '' : r.message).toContain('Value must be at least 1')
    expect(s.s.topics[0]!.config['min.insync.replicas']).toBe(1)
  })

  it('retention.ms accepts -1 (keep forever) but nothing lower', () => {
    const s = topicSim()
    expect(s.dispatch({ type: 'setTopicConfig', topic: 't', key: 'retention.ms', value: -1 }).ok).toBe(true)
    expect(s.s.topics[0]!.config['retention.ms']).toBe(-1)
    const r = s.dispatch({ type: 'setTopicConfig', topic: 't', key: 'retention.ms', value: -2 })
    expect(r).toMatchObject({ ok: false, error: 'INVALID_CONFIG' })
    expect(s.s.topics[0]!.config['retention.ms']).toBe(-1)
  })

  it('segment.ms must be at least 1 ms', () => {
    const s = topicSim()
    expect(s.dispatch({ type: 'setTopicConfig', topic: 't', key: 'segment.ms', value: 0 })).toMatchObject({ ok: false, error: 'INVALID_CONFIG' })
    expect(s.dispatch({ type: 'setTopicConfig', topic: 't', key: 'segment.ms', value: 1 }).ok).toBe(true)
  })

  it('a value of the wrong type or a fraction is refused', () => {
    const s = topicSim()
    expect(s.dispatch({ type: 'setTopicConfig', topic: 't', key: 'min.insync.replicas', value: true }).ok).toBe(false)
    expect(s.dispatch({ type: 'setTopicConfig', topic: 't', key: 'retention.ms', value: 1.5 }).ok).toBe(false)
    expect(s.dispatch({ type: 'setTopicConfig', topic: 't', key: 'unclean.leader.election.enable', value: 1 }).ok).toBe(false)
  })

  it('an unknown topic is refused with UNKNOWN_TOPIC_OR_PARTITION', () => {
    expect(topicSim().dispatch({ type: 'setTopicConfig', topic: 'nope', key: 'retention.ms', value: 1000 })).toMatchObject({ ok: false, error: 'UNKNOWN_TOPIC_OR_PARTITION' })
  })

  it('a scenario file is held to the same minimums, naming the field', () => {
    const bad = { version: 1, id: 'x', topics: [{ name: 't', partitions: 1, config: { 'min.insync.replicas': 0 } }] }
    try {
      parseScenario(bad)
      expect.unreachable('a min.insync.replicas of 0 must be refused')
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError)
      expect((e as ScenarioError).issues.map((i) => i.path)).toContain('topics[0].config.min.insync.replicas')
    }
  })
})
