/**
 * The scenario file format (version 1): a cluster, its topics, producers and consumers, and an
 * optional timeline of scripted commands. `parseScenario` checks every field and names the path of
 * each problem (`producers[0].rate: must be a number >= 0`), so a course author can fix a file
 * without reading code. docs/scenario-format.md documents the format.
 */
import { ASSIGNOR_NAMES } from './assignors/types'
import type { BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig } from './config'
import { BROKER_DEFAULTS, configMinimum, CONSUMER_DEFAULTS, HEARTBEAT_BELOW_SESSION, IDEMPOTENCE_NEEDS_ACKS_ALL, PRODUCER_DEFAULTS, TOPIC_DEFAULTS } from './config'
import type { Command, CommandType } from './commands'
import type { GoalSpec } from './goals'
import { goalIssues } from './goals'
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

/** A command run `after` ms of simulated time once a lesson step has started. */
export interface TimedCommand {
  after: number
  command: Command
}

/** A "predict, then run" question asked before the learner acts. */
export interface Prediction {
  question: string
  options: string[]
  /** Index of the right option. */
  answer: number
  explanation: string
}

export interface LessonStep {
  title: string
  /** Plain text (never HTML); paragraphs are separated by a blank line. */
  text: string
  /** The goals become true by themselves: the learner only watches (the solution may be empty). */
  watch: boolean
  /** Commands run when the step starts. */
  setup: TimedCommand[]
  /** Every goal must hold at the same moment for the step to be done. */
  goals: GoalSpec[]
  /** One sentence. */
  hint: string
  /** "Show me": commands that reach the goals. */
  solution: TimedCommand[]
  /** Command types the app refuses during this step, and why. */
  lock: CommandType[]
  lockReason: string
  prediction: Prediction | null
}

export interface LessonSpec {
  title: string
  description: string
  /** One line to remember, shown when the lesson is completed. */
  cheatSheet: string
  steps: LessonStep[]
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
  /** Present when the scenario is a guided lesson. */
  lesson?: LessonSpec
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
      const n = c.number(value, p, { integer: true, min: configMinimum(k) })
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
  if (mode === 'user-id') {
    c.known(o, path, ['mode', 'skew'])
    if (o.skew === undefined) return { mode: 'user-id' }
    const so = c.object(o.skew, join(path, 'skew'))
    if (!so) return { mode: 'user-id' }
    c.known(so, join(path, 'skew'), ['user', 'percent'])
    const user = c.number(so.user, join(join(path, 'skew'), 'user'), { integer: true, min: 0, max: 1_000_000 })
    const percent = c.number(so.percent, join(join(path, 'skew'), 'percent'), { min: 0, max: 100 })
    return user !== null && percent !== null ? { mode: 'user-id', skew: { user, percent } } : { mode: 'user-id' }
  }
  c.known(o, path, ['mode'])
  return { mode: 'none' }
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
  killBroker: ['broker', 'leaderOf'],
  restartBroker: ['broker', 'allDown'],
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

const COMMAND_TYPES = Object.keys(COMMAND_FIELDS) as CommandType[]

function parseTimed(c: Checker, v: unknown, path: string): TimedCommand[] {
  if (v === undefined) return []
  const out: TimedCommand[] = []
  for (const [i, x] of (c.array(v, path) ?? []).entries()) {
    const p = join(path, i)
    const o = c.object(x, p)
    if (!o) continue
    c.known(o, p, ['after', 'command'])
    const after = o.after === undefined ? 0 : c.number(o.after, join(p, 'after'), { integer: true, min: 0, max: 3_600_000 })
    const command = parseCommand(c, o.command, join(p, 'command'))
    if (after !== null && command) out.push({ after, command })
  }
  return out
}

function parsePrediction(c: Checker, v: unknown, path: string): Prediction | null {
  if (v === undefined || v === null) return null
  const o = c.object(v, path)
  if (!o) return null
  c.known(o, path, ['question', 'options', 'answer', 'explanation'])
  const question = c.string(o.question, join(path, 'question'), { nonEmpty: true, max: 500 }) ?? ''
  const list = c.array(o.options, join(path, 'options')) ?? []
  if (Array.isArray(o.options) && (list.length < 2 || list.length > 6)) c.fail(join(path, 'options'), `must list 2 to 6 options, got ${list.length}`)
  const options = list.map((x, i) => c.string(x, join(join(path, 'options'), i), { nonEmpty: true, max: 300 }) ?? '')
  const answer = c.number(o.answer, join(path, 'answer'), { integer: true, min: 0 })
  if (answer !== null && list.length > 0 && answer >= list.length) c.fail(join(path, 'answer'), `is ${answer} but there are only ${list.length} options (the first is 0)`)
  const explanation = c.string(o.explanation, join(path, 'explanation'), { nonEmpty: true, max: 2000 }) ?? ''
  return { question, options, answer: answer ?? 0, explanation }
}

/** Topic names commands may create: createTopic anywhere in the timeline or the lesson. */
function createdTopics(commands: TimedCommand[] | TimelineEntry[]): string[] {
  return commands.flatMap(({ command }) => (command.type === 'createTopic' && typeof command.name === 'string' ? [command.name] : []))
}

function parseLesson(c: Checker, v: unknown, scenario: { title: string; description: string; topics: string[]; timeline: TimelineEntry[] }): LessonSpec | undefined {
  const path = 'lesson'
  const o = c.object(v, path)
  if (!o) return undefined
  c.known(o, path, ['title', 'description', 'cheatSheet', 'steps'])
  const title = o.title === undefined ? scenario.title : (c.string(o.title, join(path, 'title'), { nonEmpty: true, max: 120 }) ?? scenario.title)
  const description = o.description === undefined ? scenario.description : (c.string(o.description, join(path, 'description'), { max: 4000 }) ?? '')
  const cheatSheet = c.string(o.cheatSheet, join(path, 'cheatSheet'), { nonEmpty: true, max: 300 }) ?? ''
  const stepsIn = c.array(o.steps, join(path, 'steps')) ?? []
  if (Array.isArray(o.steps) && (stepsIn.length === 0 || stepsIn.length > 20)) c.fail(join(path, 'steps'), `must list 1 to 20 steps, got ${stepsIn.length}`)
  const steps: LessonStep[] = []
  stepsIn.forEach((x, i) => {
    const p = join(join(path, 'steps'), i)
    const so = c.object(x, p)
    if (!so) return
    c.known(so, p, ['title', 'text', 'watch', 'setup', 'goals', 'hint', 'solution', 'lock', 'lockReason', 'prediction'])
    if (so.watch !== undefined && typeof so.watch !== 'boolean') c.fail(join(p, 'watch'), `must be true or false, got ${describe(so.watch)}`)
    const watch = so.watch === true
    const goalsIn = c.array(so.goals, join(p, 'goals')) ?? []
    if (Array.isArray(so.goals) && goalsIn.length === 0) c.fail(join(p, 'goals'), 'must list at least one goal')
    goalsIn.forEach((g, j) => {
      for (const issue of goalIssues(g, join(join(p, 'goals'), j))) c.fail(issue.path, issue.message)
    })
    const solution = parseTimed(c, so.solution, join(p, 'solution'))
    if (so.solution === undefined) c.fail(join(p, 'solution'), watch ? 'is missing (a watch step may give an empty list)' : 'is missing: "Show me" needs commands that reach the goals')
    else if (Array.isArray(so.solution) && so.solution.length === 0 && !watch) c.fail(join(p, 'solution'), 'must list at least one command (only a "watch": true step may have none)')
    const lockIn = so.lock === undefined ? [] : (c.array(so.lock, join(p, 'lock')) ?? [])
    const lock = lockIn.map((t, j) => c.oneOf(t, join(join(p, 'lock'), j), COMMAND_TYPES)).filter((t): t is CommandType => t !== null)
    // An empty reason with nothing locked is what the parser itself writes, so it reads back.
    const noReason = so.lockReason === undefined || (so.lockReason === '' && lockIn.length === 0)
    const lockReason = noReason ? '' : (c.string(so.lockReason, join(p, 'lockReason'), { nonEmpty: true, max: 300 }) ?? '')
    if (lockIn.length > 0 && so.lockReason === undefined) c.fail(join(p, 'lockReason'), 'is required when lock is given: tell the learner why')
    steps.push({
      title: c.string(so.title, join(p, 'title'), { nonEmpty: true, max: 120 }) ?? '',
      text: c.string(so.text, join(p, 'text'), { nonEmpty: true, max: 4000 }) ?? '',
      watch,
      setup: parseTimed(c, so.setup, join(p, 'setup')),
      goals: goalsIn as GoalSpec[],
      hint: c.string(so.hint, join(p, 'hint'), { nonEmpty: true, max: 300 }) ?? '',
      solution,
      lock,
      lockReason,
      prediction: parsePrediction(c, so.prediction, join(p, 'prediction')),
    })
  })
  // Goals may only name topics the scenario has or a command creates.
  const known = new Set([...scenario.topics, ...createdTopics(scenario.timeline), ...steps.flatMap((st) => [...createdTopics(st.setup), ...createdTopics(st.solution)])])
  steps.forEach((st, i) =>
    st.goals.forEach((g, j) => {
      if (typeof g === 'object' && g !== null && typeof g.topic === 'string' && !known.has(g.topic)) {
        c.fail(join(join(join(join(path, 'steps'), i), 'goals'), j) + '.topic', `names topic "${g.topic}", which is neither in topics nor created by a command`)
      }
    }),
  )
  return { title, description, cheatSheet, steps }
}

/**
 * Checks an untrusted scenario (parsed JSON) and returns it with every default filled in.
 * Throws ScenarioError listing each problem with its field path.
 */
export function parseScenario(input: unknown): Scenario {
  const c = new Checker()
  const o = c.object(input, '')
  if (!o) throw new ScenarioError(c.issues)
  c.known(o, '', ['format', 'version', 'id', 'title', 'description', 'seed', 'cluster', 'topics', 'producers', 'consumers', 'timeline', 'lesson'])
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
        clusterIn.networkLatencyMs === undefined ? 1 : (c.number(clusterIn.networkLatencyMs, 'cluster.networkLatencyMs', { integer: true, min: 1, max: 10000 }) ?? 1),
      config: parseConfig(c, clusterIn.config, 'cluster.config', BROKER_DEFAULTS),
    }
  }

  const topics: TopicSpec[] = []
  // Every topic the file names counts, even one with another field wrong, so that a reference to it
  // is not reported as a second problem.
  const topicNames = new Set<string>()
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
    if (name !== null) topicNames.add(name)
    if (name !== null && partitions !== null && rf !== null) topics.push({ name, partitions, replicationFactor: rf, config })
  })
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
    if (spec.config['enable.idempotence'] === true && (spec.config.acks ?? PRODUCER_DEFAULTS.acks) !== 'all') {
      // ProducerConfig.postProcessAndValidateIdempotenceConfigs refuses this combination; without an
      // explicit enable.idempotence, acks other than all only turn idempotence off.
      c.fail(join(join(p, 'config'), 'enable.idempotence'), IDEMPOTENCE_NEEDS_ACKS_ALL)
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
    const config = parseConfig(c, co.config, join(p, 'config'), CONSUMER_DEFAULTS)
    const merged = { ...CONSUMER_DEFAULTS, ...config }
    if (merged['heartbeat.interval.ms'] >= merged['session.timeout.ms']) {
      c.fail(join(join(p, 'config'), 'heartbeat.interval.ms'), `${HEARTBEAT_BELOW_SESSION} (heartbeat.interval.ms ${merged['heartbeat.interval.ms']}, session.timeout.ms ${merged['session.timeout.ms']})`)
    }
    consumers.push({
      id: checkClientId(co.id, join(p, 'id'), `consumer-${i + 1}`),
      group,
      topics: list.map((t, j) => checkTopic(t, join(join(p, 'topics'), j))),
      startAt: co.startAt === undefined ? 0 : (c.number(co.startAt, join(p, 'startAt'), { integer: true, min: 0 }) ?? 0),
      processingMs: co.processingMs === undefined ? 0 : (c.number(co.processingMs, join(p, 'processingMs'), { integer: true, min: 0, max: 3_600_000 }) ?? 0),
      config,
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

  const lesson = o.lesson === undefined ? undefined : parseLesson(c, o.lesson, { title, description, topics: topics.map((t) => t.name), timeline })

  if (c.issues.length > 0) throw new ScenarioError(c.issues)
  const scenario: Scenario = { format: SCENARIO_FORMAT, version: SCENARIO_VERSION, id, title, description, seed, cluster, topics, producers, consumers, timeline }
  if (lesson) scenario.lesson = lesson
  return scenario
}
