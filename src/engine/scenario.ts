/**
 * The scenario file format (version 1): a cluster, its topics, producers and consumers, and an
 * optional timeline of scripted commands. `parseScenario` checks every field and names the path of
 * each problem (`producers[0].rate: must be a number >= 0`), so a course author can fix a file
 * without reading code. docs/scenario-format.md documents the format.
 */
import { ASSIGNOR_NAMES } from './assignors/types'
import type { BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig } from './config'
import { BROKER_DEFAULTS, CONSUMER_DEFAULTS, PRODUCER_DEFAULTS, TOPIC_DEFAULTS } from './config'
import type { Command } from './commands'
import type { KeySpec, NullKeyPartitioner, ValueSpec } from './model'

export const SCENARIO_FORMAT = 'kafka-sim/scenario'
export const SCENARIO_VERSION = 1

export interface TopicSpec {
  name: string
  partitions: number
  replicationFactor: number
  config: Partial<TopicConfig>
}

export interface ProducerSpec {
  id: string
  topic: string
  /** Records per second of simulated time. */
  rate: number
  maxRecords: number | null
  startAt: number
  keys: KeySpec
  value: ValueSpec
  partitioner: NullKeyPartitioner
  /** Send every record to this partition (null: let the partitioner choose). */
  partition: number | null
  config: Partial<ProducerConfig>
}

export interface ConsumerSpec {
  id: string
  group: string
  topics: string[]
  startAt: number
  /** Simulated milliseconds the application spends on each record. */
  processingMs: number
  config: Partial<ConsumerConfig>
}

export interface TimelineEntry {
  at: number
  command: Command
}

export interface Scenario {
  format: typeof SCENARIO_FORMAT
  version: typeof SCENARIO_VERSION
  id: string
  title: string
  description: string
  seed: number
  cluster: { brokers: number; networkLatencyMs: number; config: Partial<BrokerConfig> }
  topics: TopicSpec[]
  producers: ProducerSpec[]
  consumers: ConsumerSpec[]
  timeline: TimelineEntry[]
}

export interface ScenarioIssue {
  path: string
  message: string
}

/** A scenario that cannot be loaded, with every problem found and the path of the field at fault. */
export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n'))
    this.name = 'ScenarioError'
  }
}

type Obj = Record<string, unknown>

class Checker {
  issues: ScenarioIssue[] = []
  fail(path: string, message: string): void {
    this.issues.push({ path, message })
  }
  object(v: unknown, path: string): Obj | null {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Obj
    this.fail(path, `must be an object, got ${describe(v)}`)
    return null
  }
  array(v: unknown, path: string): unknown[] | null {
    if (Array.isArray(v)) return v
    this.fail(path, `must be a list, got ${describe(v)}`)
    return null
  }
  string(v: unknown, path: string, opts: { nonEmpty?: boolean; max?: number } = {}): string | null {
    if (typeof v !== 'string') {
      this.fail(path, `must be text, got ${describe(v)}`)
      return null
    }
    if (opts.nonEmpty && v.trim() === '') {
      this.fail(path, 'must not be empty')
      return null
    }
    if (opts.max !== undefined && v.length > opts.max) {
      this.fail(path, `must be at most ${opts.max} characters`)
      return null
    }
    return v
  }
  number(v: unknown, path: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | null {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(path, `must be a number, got ${describe(v)}`)
      return null
    }
    if (opts.integer && !Number.isInteger(v)) {
      this.fail(path, `must be a whole number, got ${v}`)
      return null
    }
    if (opts.min !== undefined && v < opts.min) {
      this.fail(path, `must be at least ${opts.min}, got ${v}`)
      return null
    }
    if (opts.max !== undefined && v > opts.max) {
      this.fail(path, `must be at most ${opts.max}, got ${v}`)
      return null
    }
    return v
  }
  oneOf<T extends string>(v: unknown, path: string, options: readonly T[]): T | null {
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T
    this.fail(path, `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describe(v)}`)
    return null
  }
  /** Reports keys the schema does not know, suggesting the closest known one. */
  known(o: Obj, path: string, keys: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (keys.includes(k)) continue
      const near = closest(k, keys)
      this.fail(join(path, k), `unknown field${near ? ` (did you mean "${near}"?)` : ''}`)
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}...` : v}"`
  if (typeof v === 'object') return 'an object'
  return String(v)
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path ? `${path}.${key}` : key
}

function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0] as number
    d[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j] as number
      d[j] = Math.min((d[j] as number) + 1, (d[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return d[b.length] as number
}

function closest(word: string, options: readonly string[]): string | null {
  let best: string | null = null
  let bestD = Infinity
  for (const o of options) {
    const dd = distance(word.toLowerCase(), o.toLowerCase())
    if (dd < bestD) {
      bestD = dd
      best = o
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : null
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/

/** Settings where Kafka reads -1 as "no limit". */
const UNLIMITED_ALLOWED = new Set(['retention.ms', 'retention.bytes'])

/** Checks a Kafka config object against the defaults' types; returns only the keys given. */
function parseConfig<T extends object>(c: Checker, v: unknown, path: string, defaults: Readonly<T>): Partial<T> {
  if (v === undefined) return {}
  const o = c.object(v, path)
  if (!o) return {}
  c.known(o, path, Object.keys(defaults))
  const out: Partial<T> = {}
  for (const [k, value] of Object.entries(o)) {
    if (!(k in defaults)) continue
    const def = (defaults as Record<string, unknown>)[k]
    const p = join(path, k)
    if (k === 'partition.assignment.strategy') {
      const list = c.array(value, p)
      if (!list) continue
      if (list.length === 0) c.fail(p, 'must name at least one assignor')
      const names = list.map((x, i) => c.oneOf(x, join(p, i), ASSIGNOR_NAMES))
      if (names.every((x) => x !== null)) (out as Record<string, unknown>)[k] = names
    } else if (k === 'auto.offset.reset') {
      const r = c.oneOf(value, p, ['earliest', 'latest', 'none'] as const)
      if (r) (out as Record<string, unknown>)[k] = r
    } else if (k === 'acks') {
      const a = value === -1 || value === '-1' ? 'all' : typeof value === 'number' ? String(value) : value
      const r = c.oneOf(a, p, ['all', '1', '0'] as const)
      if (r) (out as Record<string, unknown>)[k] = r
    } else if (k === 'group.instance.id') {
      if (value === null) (out as Record<string, unknown>)[k] = null
      else {
        const s = c.string(value, p, { nonEmpty: true, max: 64 })
        if (s !== null) (out as Record<string, unknown>)[k] = s
      }
    } else if (typeof def === 'boolean') {
      if (typeof value === 'boolean') (out as Record<string, unknown>)[k] = value
      else c.fail(p, `must be true or false, got ${describe(value)}`)
    } else if (typeof def === 'number') {
      const n = c.number(value, p, { integer: true, min: UNLIMITED_ALLOWED.has(k) ? -1 : 0 })
      if (n !== null) (out as Record<string, unknown>)[k] = n
    }
  }
  return out
}

function parseKeys(c: Checker, v: unknown, path: string): KeySpec {
  if (v === undefined) return { mode: 'none' }
  const o = c.object(v, path)
  if (!o) return { mode: 'none' }
  const mode = c.oneOf(o.mode, join(path, 'mode'), ['none', 'user-id', 'custom'] as const)
  if (mode === 'custom') {
    c.known(o, path, ['mode', 'keys'])
    const list = c.array(o.keys, join(path, 'keys'))
    if (!list) return { mode: 'none' }
    if (list.length === 0) c.fail(join(path, 'keys'), 'must list at least one key')
    const keys = list.map((k, i) => c.string(k, join(join(path, 'keys'), i), { max: 200 }) ?? '')
    return { mode: 'custom', keys }
  }
  c.known(o, path, ['mode'])
  return mode === 'user-id' ? { mode: 'user-id' } : { mode: 'none' }
}

function parseValue(c: Checker, v: unknown, path: string): ValueSpec {
  if (v === undefined) return { kind: 'click-event', users: 3 }
  const o = c.object(v, path)
  if (!o) return { kind: 'click-event', users: 3 }
  const kind = c.oneOf(o.kind, join(path, 'kind'), ['click-event', 'text'] as const)
  if (kind === 'text') {
    c.known(o, path, ['kind', 'text'])
    return { kind: 'text', text: c.string(o.text, join(path, 'text'), { max: 10000 }) ?? '' }
  }
  c.known(o, path, ['kind', 'users'])
  const users = o.users === undefined ? 3 : c.number(o.users, join(path, 'users'), { integer: true, min: 1, max: 100000 })
  return { kind: 'click-event', users: users ?? 3 }
}

function parseCommand(c: Checker, v: unknown, path: string): Command | null {
  const o = c.object(v, path)
  if (!o) return null
  const type = c.string(o.type, join(path, 'type'), { nonEmpty: true })
  if (!type) return null
  const allowed = COMMAND_FIELDS[type as Command['type']]
  if (!allowed) {
    const near = closest(type, Object.keys(COMMAND_FIELDS))
    c.fail(join(path, 'type'), `unknown command "${type}"${near ? ` (did you mean "${near}"?)` : ''}`)
    return null
  }
  c.known(o, path, ['type', ...allowed])
  return o as unknown as Command
}

/** The fields each command takes (their values are checked when the command runs). */
const COMMAND_FIELDS: Record<Command['type'], readonly string[]> = {
  createTopic: ['name', 'partitions', 'replicationFactor', 'config'],
  addPartitions: ['topic', 'count'],
  setTopicConfig: ['topic', 'key', 'value'],
  setBrokerConfig: ['key', 'value'],
  killBroker: ['broker'],
  restartBroker: ['broker'],
  slowBroker: ['broker', 'slow'],
  addBroker: [],
  electPreferredLeaders: [],
  addProducer: ['id', 'topic', 'rate', 'maxRecords', 'keys', 'value', 'partitioner', 'config'],
  setProducerRate: ['producer', 'rate'],
  setProducerKeys: ['producer', 'keys'],
  setPartitioner: ['producer', 'partitioner'],
  setProducerConfig: ['producer', 'key', 'value'],
  produce: ['producer', 'count'],
  stopProducer: ['producer'],
  addConsumer: ['group', 'id', 'topics', 'processingMs', 'config'],
  crashConsumer: ['consumer'],
  closeConsumer: ['consumer'],
  restartConsumer: ['consumer'],
  setProcessingTime: ['consumer', 'ms'],
  setConsumerConfig: ['consumer', 'key', 'value'],
  setGroupConfig: ['group', 'key', 'value'],
  subscribe: ['consumer', 'topics'],
}

/**
 * Checks an untrusted scenario (parsed JSON) and returns it with every default filled in.
 * Throws ScenarioError listing each problem with its field path.
 */
export function parseScenario(input: unknown): Scenario {
  const c = new Checker()
  const o = c.object(input, '')
  if (!o) throw new ScenarioError(c.issues)
  c.known(o, '', ['format', 'version', 'id', 'title', 'description', 'seed', 'cluster', 'topics', 'producers', 'consumers', 'timeline'])
  if (o.format !== undefined && o.format !== SCENARIO_FORMAT) c.fail('format', `must be "${SCENARIO_FORMAT}"`)
  if (o.version !== SCENARIO_VERSION) {
    c.fail('version', o.version === undefined ? `is missing; this app reads version ${SCENARIO_VERSION}` : `this app reads version ${SCENARIO_VERSION}, got ${describe(o.version)}`)
  }
  const id = c.string(o.id, 'id', { nonEmpty: true, max: 64 }) ?? 'scenario'
  if (!ID_PATTERN.test(id)) c.fail('id', 'must use only letters, digits, ".", "_" and "-"')
  const title = o.title === undefined ? id : (c.string(o.title, 'title', { nonEmpty: true, max: 120 }) ?? id)
  const description = o.description === undefined ? '' : (c.string(o.description, 'description', { max: 4000 }) ?? '')
  const seed = o.seed === undefined ? 1 : (c.number(o.seed, 'seed', { integer: true, min: 0, max: 0xffffffff }) ?? 1)

  const clusterIn = o.cluster === undefined ? {} : c.object(o.cluster, 'cluster')
  let cluster: Scenario['cluster'] = { brokers: 1, networkLatencyMs: 1, config: {} }
  if (clusterIn) {
    c.known(clusterIn, 'cluster', ['brokers', 'networkLatencyMs', 'config'])
    cluster = {
      brokers: clusterIn.brokers === undefined ? 1 : (c.number(clusterIn.brokers, 'cluster.brokers', { integer: true, min: 1, max: 12 }) ?? 1),
      networkLatencyMs:
        clusterIn.networkLatencyMs === undefined ? 1 : (c.number(clusterIn.networkLatencyMs, 'cluster.networkLatencyMs', { integer: true, min: 0, max: 10000 }) ?? 1),
      config: parseConfig(c, clusterIn.config, 'cluster.config', BROKER_DEFAULTS),
    }
  }

  const topics: TopicSpec[] = []
  const topicsIn = o.topics === undefined ? [] : (c.array(o.topics, 'topics') ?? [])
  topicsIn.forEach((t, i) => {
    const p = join('topics', i)
    const to = c.object(t, p)
    if (!to) return
    c.known(to, p, ['name', 'partitions', 'replicationFactor', 'config'])
    const name = c.string(to.name, join(p, 'name'), { nonEmpty: true, max: 249 })
    if (name !== null && !/^[a-zA-Z0-9._-]+$/.test(name)) c.fail(join(p, 'name'), "may contain only ASCII letters, digits, '.', '_' and '-'")
    if (name !== null && topics.some((x) => x.name === name)) c.fail(join(p, 'name'), `"${name}" is listed twice`)
    const partitions = to.partitions === undefined ? 1 : c.number(to.partitions, join(p, 'partitions'), { integer: true, min: 1, max: 256 })
    const rf = to.replicationFactor === undefined ? 1 : c.number(to.replicationFactor, join(p, 'replicationFactor'), { integer: true, min: 1, max: 12 })
    if (rf !== null && rf > cluster.brokers) {
      c.fail(join(p, 'replicationFactor'), `is ${rf} but the cluster has only ${cluster.brokers} broker(s)`)
    }
    const config = parseConfig(c, to.config, join(p, 'config'), TOPIC_DEFAULTS)
    if (name !== null && partitions !== null && rf !== null) topics.push({ name, partitions, replicationFactor: rf, config })
  })
  const topicNames = new Set(topics.map((t) => t.name))
  const clientIds = new Set<string>()
  const checkClientId = (v: unknown, path: string, fallback: string): string => {
    const id = v === undefined ? fallback : c.string(v, path, { nonEmpty: true, max: 64 })
    if (id === null) return fallback
    if (!ID_PATTERN.test(id)) c.fail(path, 'must use only letters, digits, ".", "_" and "-"')
    if (clientIds.has(id)) c.fail(path, `"${id}" is used twice`)
    clientIds.add(id)
    return id
  }
  const checkTopic = (v: unknown, path: string): string => {
    const t = c.string(v, path, { nonEmpty: true })
    if (t !== null && !topicNames.has(t)) c.fail(path, `names topic "${t}", which is not in topics`)
    return t ?? ''
  }

  const producers: ProducerSpec[] = []
  const producersIn = o.producers === undefined ? [] : (c.array(o.producers, 'producers') ?? [])
  producersIn.forEach((x, i) => {
    const p = join('producers', i)
    const po = c.object(x, p)
    if (!po) return
    c.known(po, p, ['id', 'topic', 'rate', 'maxRecords', 'startAt', 'keys', 'value', 'partitioner', 'partition', 'config'])
    const spec: ProducerSpec = {
      id: checkClientId(po.id, join(p, 'id'), `producer-${i + 1}`),
      topic: checkTopic(po.topic, join(p, 'topic')),
      rate: po.rate === undefined ? 1 : (c.number(po.rate, join(p, 'rate'), { min: 0, max: 1_000_000 }) ?? 1),
      maxRecords: po.maxRecords === undefined || po.maxRecords === null ? null : c.number(po.maxRecords, join(p, 'maxRecords'), { integer: true, min: 0 }),
      startAt: po.startAt === undefined ? 0 : (c.number(po.startAt, join(p, 'startAt'), { integer: true, min: 0 }) ?? 0),
      keys: parseKeys(c, po.keys, join(p, 'keys')),
      value: parseValue(c, po.value, join(p, 'value')),
      partitioner: po.partitioner === undefined ? 'sticky' : (c.oneOf(po.partitioner, join(p, 'partitioner'), ['sticky', 'round-robin', 'random'] as const) ?? 'sticky'),
      partition: po.partition === undefined || po.partition === null ? null : c.number(po.partition, join(p, 'partition'), { integer: true, min: 0 }),
      config: parseConfig(c, po.config, join(p, 'config'), PRODUCER_DEFAULTS),
    }
    const topic = topics.find((t) => t.name === spec.topic)
    if (topic && spec.partition !== null && spec.partition >= topic.partitions) {
      c.fail(join(p, 'partition'), `is ${spec.partition} but ${topic.name} has ${topic.partitions} partition(s)`)
    }
    producers.push(spec)
  })

  const consumers: ConsumerSpec[] = []
  const consumersIn = o.consumers === undefined ? [] : (c.array(o.consumers, 'consumers') ?? [])
  consumersIn.forEach((x, i) => {
    const p = join('consumers', i)
    const co = c.object(x, p)
    if (!co) return
    c.known(co, p, ['id', 'group', 'topics', 'startAt', 'processingMs', 'config'])
    const group = c.string(co.group, join(p, 'group'), { nonEmpty: true, max: 128 }) ?? 'group'
    const list = c.array(co.topics, join(p, 'topics')) ?? []
    if (list.length === 0 && Array.isArray(co.topics)) c.fail(join(p, 'topics'), 'must name at least one topic')
    consumers.push({
      id: checkClientId(co.id, join(p, 'id'), `consumer-${i + 1}`),
      group,
      topics: list.map((t, j) => checkTopic(t, join(join(p, 'topics'), j))),
      startAt: co.startAt === undefined ? 0 : (c.number(co.startAt, join(p, 'startAt'), { integer: true, min: 0 }) ?? 0),
      processingMs: co.processingMs === undefined ? 0 : (c.number(co.processingMs, join(p, 'processingMs'), { integer: true, min: 0, max: 3_600_000 }) ?? 0),
      config: parseConfig(c, co.config, join(p, 'config'), CONSUMER_DEFAULTS),
    })
  })

  const timeline: TimelineEntry[] = []
  const timelineIn = o.timeline === undefined ? [] : (c.array(o.timeline, 'timeline') ?? [])
  timelineIn.forEach((x, i) => {
    const p = join('timeline', i)
    const to = c.object(x, p)
    if (!to) return
    c.known(to, p, ['at', 'command'])
    const at = c.number(to.at, join(p, 'at'), { integer: true, min: 0 })
    const command = parseCommand(c, to.command, join(p, 'command'))
    if (at !== null && command) timeline.push({ at, command })
  })

  if (c.issues.length > 0) throw new ScenarioError(c.issues)
  return { format: SCENARIO_FORMAT, version: SCENARIO_VERSION, id, title, description, seed, cluster, topics, producers, consumers, timeline }
}
