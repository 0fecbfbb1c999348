/**
 * Lesson goals: checks a course author names in a scenario file (`{ "check": "groupMembers",
 * "group": "my-consumer-group", "min": 3 }`), tested against the live simulation.
 *
 * A tracker is made when a lesson step starts. Each `update()` reads the events since the last one
 * (`eventsSince`) and the state, keeps whatever history a check needs ("lag has stayed low for
 * 10 s", "at some moment the two groups' committed offsets differed") and returns one status per
 * goal: its label, whether it holds now and a plain-words detail of the progress. Checks look at
 * outcomes and invariants (owners, offsets, lag, what a consumer printed), never at which buttons
 * were pressed or at generated ids. Pure and deterministic: no DOM, no clock of its own.
 */
import { tpKey } from './assignors/types'
import { PRODUCER_DEFAULTS, TOPIC_DEFAULTS } from './config'
import { isRunning } from './consumer'
import type { SimEvent } from './events'
import type { ConsumerState, GroupState, SimState, TopicState } from './model'
import { readRecord } from './partition-log'
import { groupLag, groupTopics, topicPartitionsOf } from './queries'

export const GOAL_CHECK_NAMES = [
  'topicRecords',
  'topicPartitions',
  'groupMembers',
  'partitionsPerMember',
  'idleMembers',
  'everyPartitionOwned',
  'everyPartitionRead',
  'groupRead',
  'groupReadAll',
  'sessionRead',
  'offsetsDiffered',
  'recordsSpread',
  'keysTogether',
  'keySplit',
  'keyOrder',
  'groupLag',
  'hotPartition',
  'takeover',
  'rebalanced',
  'assignor',
  'offlinePartitions',
  'isrComplete',
  'writesAfterFailover',
  'ackedLost',
  'produceErrors',
  'producerConfig',
  'topicConfig',
  'deletedRecords',
  'skippedRecords',
] as const

export type GoalCheckName = (typeof GOAL_CHECK_NAMES)[number]

/** One goal as a scenario file states it: the check's name, its parameters, and an optional label. */
export type GoalSpec = { check: GoalCheckName; label?: string } & Record<string, unknown>

export interface GoalStatus {
  /** What the checklist shows. */
  label: string
  ok: boolean
  /** Live progress in plain words, e.g. "2 of 3 partitions have their own reader". */
  detail: string
}

export interface GoalTracker {
  /** Reads what happened since the last update and returns every goal's status. */
  update(): GoalStatus[]
  /** The statuses of the last update (or of the tracker's creation). */
  statuses(): GoalStatus[]
  /** Every goal held at the last update. */
  done(): boolean
}

/** What a tracker reads: the simulation's state and its event log. `Simulation` is one. */
export interface GoalSim {
  readonly s: SimState
  eventsSince(cursor: number): { events: SimEvent[]; cursor: number; missed: number }
}

export interface GoalIssue {
  path: string
  message: string
}

// ---- Parameters ----

type ParamKind = 'topic' | 'group' | 'groups' | 'count' | 'ms' | 'flag' | 'from' | 'value' | 'producerKey' | 'topicKey' | 'error'

interface ParamDef {
  kind: ParamKind
  required?: boolean
  doc: string
}

export interface GoalCheckDoc {
  summary: string
  params: Record<string, { required: boolean; doc: string }>
}

interface Check {
  observe?(e: SimEvent): void
  evaluate(): { ok: boolean; detail: string }
}

interface Ctx {
  sim: GoalSim
}

interface CheckDef {
  summary: string
  params: Record<string, ParamDef>
  /** Sets of parameters of which at least one must be given. */
  atLeastOne?: string[][]
  label(g: Params): string
  create(ctx: Ctx, g: Params): Check
}

/** Typed reads of a checked goal's parameters. */
class Params {
  constructor(readonly spec: GoalSpec) {}
  str(name: string): string {
    return this.spec[name] as string
  }
  optStr(name: string): string | undefined {
    const v = this.spec[name]
    return typeof v === 'string' ? v : undefined
  }
  num(name: string): number | undefined {
    const v = this.spec[name]
    return typeof v === 'number' ? v : undefined
  }
  flag(name: string): boolean {
    return this.spec[name] === true
  }
  list(name: string): string[] {
    const v = this.spec[name]
    return Array.isArray(v) ? (v as string[]) : []
  }
}

const MIN: ParamDef = { kind: 'count', doc: 'lowest accepted value' }
const MAX: ParamDef = { kind: 'count', doc: 'highest accepted value' }
const TOPIC: ParamDef = { kind: 'topic', required: true, doc: 'topic name' }
const GROUP: ParamDef = { kind: 'group', required: true, doc: 'consumer group id' }

// ---- Reading the state ----

function findGroup(s: SimState, id: string): GroupState | undefined {
  return s.groups.find((g) => g.groupId === id)
}

function findTopic(s: SimState, name: string): TopicState | undefined {
  return s.topics.find((t) => t.name === name)
}

function partitionByKey(s: SimState, key: string) {
  const i = key.lastIndexOf('-')
  return findTopic(s, key.slice(0, i))?.partitions[Number(key.slice(i + 1))]
}

/** Members the coordinator counts whose client runs as that member now. */
function liveMembers(s: SimState, g: GroupState): ConsumerState[] {
  const out: ConsumerState[] = []
  for (const m of g.members) {
    const c = s.consumers[m.consumer]
    if (c && isRunning(c) && c.memberId === m.memberId) out.push(c)
  }
  return out
}

/** The group is Stable and every member it counts runs and consumes its assignment of this generation. */
function settled(s: SimState, g: GroupState): boolean {
  if (g.state !== 'Stable' || g.members.length === 0) return false
  for (const m of g.members) {
    const c = s.consumers[m.consumer]
    if (!c || !isRunning(c) || c.memberId !== m.memberId || c.phase !== 'stable' || c.generation !== g.generation || c.needsRejoin) return false
  }
  return true
}

function groupPartitions(s: SimState, groupId: string): string[] {
  return topicPartitionsOf(s, groupTopics(s, groupId))
}

function notSettledDetail(s: SimState, groupId: string): string {
  const g = findGroup(s, groupId)
  if (!g || g.members.length === 0) return `${groupId} has no members yet`
  if (g.state !== 'Stable') return `${groupId} is rebalancing (${g.state})`
  const c = g.members.map((m) => s.consumers[m.consumer]).find((x) => !x || !isRunning(x))
  if (c) return `${groupId} still counts ${c.id}, which is not running, until its session times out`
  return `${groupId} is finishing a rebalance`
}

/** The way out of a step whose goal can no longer be met (what happened during the step cannot be undone). */
const RESTART = 'press Restart step to try again (this cannot be undone within the step)'

function inRange(n: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || n >= min) && (max === undefined || n <= max)
}

function rangeWords(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}` : `between ${min} and ${max}`
  if (min !== undefined) return `at least ${min}`
  if (max !== undefined) return max === 0 ? 'no' : `at most ${max}`
  return 'any number of'
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

function list(items: string[], max = 4): string {
  if (items.length <= max) return items.join(', ')
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`
}

function caughtUp(s: SimState, c: ConsumerState): boolean {
  if (c.owned.length === 0 || c.processing || c.work.length > 0) return false
  for (const owned of c.owned) {
    const key = tpKey(owned)
    const p = partitionByKey(s, key)
    const pos = c.positions[key]
    if (!p || pos === undefined || pos < p.highWatermark || c.buffer[key]) return false
  }
  return true
}

/** Who owns each partition of a group, followed through the assignment events. */
class Owners {
  readonly owner = new Map<string, string>()
  constructor(s: SimState, readonly group: string) {
    const g = findGroup(s, group)
    if (g) for (const c of liveMembers(s, g)) for (const o of c.owned) this.owner.set(tpKey(o), c.id)
  }
  /** Applies an event; returns the partitions a stopped member held, when one stops. */
  observe(e: SimEvent): string[] {
    if (!('group' in e) || e.group !== this.group) return []
    switch (e.type) {
      case 'partitionsAssigned':
        for (const k of e.partitions) this.owner.set(k, e.consumer)
        return []
      case 'partitionsRevoked':
      case 'partitionsLost':
        for (const k of e.partitions) if (this.owner.get(k) === e.consumer) this.owner.delete(k)
        return []
      case 'consumerCrashed':
      case 'consumerClosed': {
        const held = [...this.owner].filter(([, c]) => c === e.consumer).map(([k]) => k)
        for (const k of held) this.owner.delete(k)
        return held
      }
      default:
        return []
    }
  }
}

// ---- The checks ----

const DEFS: Record<GoalCheckName, CheckDef> = {
  topicRecords: {
    summary: 'How many records the topic stores now (all partitions, from log start to log end).',
    params: { topic: TOPIC, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => `${g.str('topic')} stores ${rangeWords(g.num('min'), g.num('max'))} records`,
    create: (ctx, g) => ({
      evaluate() {
        const t = findTopic(ctx.sim.s, g.str('topic'))
        if (!t) return { ok: false, detail: `there is no topic ${g.str('topic')} yet` }
        const n = t.partitions.reduce((sum, p) => sum + p.log.logEndOffset - p.log.logStartOffset, 0)
        return { ok: inRange(n, g.num('min'), g.num('max')), detail: `${t.name} stores ${plural(n, 'record')}` }
      },
    }),
  },

  topicPartitions: {
    summary: "The topic's partition count.",
    params: { topic: TOPIC, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => `${g.str('topic')} has ${rangeWords(g.num('min'), g.num('max'))} partitions`,
    create: (ctx, g) => ({
      evaluate() {
        const t = findTopic(ctx.sim.s, g.str('topic'))
        if (!t) return { ok: false, detail: `there is no topic ${g.str('topic')} yet` }
        const n = t.partitions.length
        return { ok: inRange(n, g.num('min'), g.num('max')), detail: `${t.name} has ${plural(n, 'partition')}` }
      },
    }),
  },

  groupMembers: {
    summary: 'How many running members the group has (members the coordinator counts whose consumer runs).',
    params: { group: GROUP, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => `${g.str('group')} has ${rangeWords(g.num('min'), g.num('max'))} members`,
    create: (ctx, g) => ({
      evaluate() {
        const grp = findGroup(ctx.sim.s, g.str('group'))
        const members = grp ? liveMembers(ctx.sim.s, grp).map((c) => c.id) : []
        const n = members.length
        return {
          ok: inRange(n, g.num('min'), g.num('max')),
          detail: n === 0 ? `${g.str('group')} has no members` : `${g.str('group')} has ${plural(n, 'member')}: ${list(members)}`,
        }
      },
    }),
  },

  partitionsPerMember: {
    summary: 'The group has settled and every member owns between min and max partitions.',
    params: { group: GROUP, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => `Every member of ${g.str('group')} owns ${rangeWords(g.num('min'), g.num('max'))} partition${g.num('max') === 1 && g.num('min') === 1 ? '' : 's'}`,
    create: (ctx, g) => ({
      evaluate() {
        const s = ctx.sim.s
        const grp = findGroup(s, g.str('group'))
        if (!grp || !settled(s, grp)) return { ok: false, detail: notSettledDetail(s, g.str('group')) }
        const members = liveMembers(s, grp)
        const good = members.filter((c) => inRange(c.owned.length, g.num('min'), g.num('max')))
        return {
          ok: good.length === members.length,
          detail: `${good.length} of ${plural(members.length, 'member')} own ${rangeWords(g.num('min'), g.num('max'))} ${g.num('max') === 1 ? 'partition' : 'partitions'} (${members.map((c) => `${c.id}: ${c.owned.length}`).join(', ')})`,
        }
      },
    }),
  },

  idleMembers: {
    summary: 'The group has settled and the number of members that own no partition is between min and max.',
    params: { group: GROUP, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => `${g.str('group')} has ${rangeWords(g.num('min'), g.num('max'))} idle members (no partition)`,
    create: (ctx, g) => ({
      evaluate() {
        const s = ctx.sim.s
        const grp = findGroup(s, g.str('group'))
        if (!grp || !settled(s, grp)) return { ok: false, detail: notSettledDetail(s, g.str('group')) }
        const idle = liveMembers(s, grp).filter((c) => c.owned.length === 0).map((c) => c.id)
        return { ok: inRange(idle.length, g.num('min'), g.num('max')), detail: idle.length === 0 ? 'every member owns a partition' : `idle: ${list(idle)}` }
      },
    }),
  },

  everyPartitionOwned: {
    summary: "The group has settled and each partition of the topics it subscribes to has exactly one owner among its running members.",
    params: { group: GROUP },
    label: (g) => `Every partition has exactly one owner in ${g.str('group')}`,
    create: (ctx, g) => ({
      evaluate() {
        const s = ctx.sim.s
        const grp = findGroup(s, g.str('group'))
        if (!grp || !settled(s, grp)) return { ok: false, detail: notSettledDetail(s, g.str('group')) }
        const count = new Map<string, number>()
        for (const c of liveMembers(s, grp)) for (const o of c.owned) count.set(tpKey(o), (count.get(tpKey(o)) ?? 0) + 1)
        const parts = groupPartitions(s, g.str('group'))
        const orphans = parts.filter((k) => !count.has(k))
        const shared = parts.filter((k) => (count.get(k) ?? 0) > 1)
        const good = parts.length - orphans.length - shared.length
        let detail = `${good} of ${plural(parts.length, 'partition')} have exactly one owner`
        if (orphans.length > 0) detail += `; no owner: ${list(orphans)}`
        if (shared.length > 0) detail += `; several owners: ${list(shared)}`
        return { ok: parts.length > 0 && good === parts.length, detail }
      },
    }),
  },

  everyPartitionRead: {
    summary: "Since the group's latest rebalance, the group has read at least minRecords records from every partition of its topics.",
    params: { group: GROUP, minRecords: { kind: 'count', doc: 'records per partition (default 1)' } },
    label: (g) => `${g.str('group')} reads from every partition after its last rebalance`,
    create: (ctx, g) => {
      let counts = new Map<string, number>()
      const min = g.num('minRecords') ?? 1
      return {
        observe(e) {
          if (e.type === 'generationStarted' && e.group === g.str('group')) counts = new Map()
          if (e.type === 'recordsProcessed' && e.group === g.str('group')) {
            const k = `${e.topic}-${e.partition}`
            counts.set(k, (counts.get(k) ?? 0) + e.to - e.from + 1)
          }
        },
        evaluate() {
          const parts = groupPartitions(ctx.sim.s, g.str('group'))
          const read = parts.filter((k) => (counts.get(k) ?? 0) >= min)
          return {
            ok: parts.length > 0 && read.length === parts.length,
            detail: `${read.length} of ${plural(parts.length, 'partition')} read since the last rebalance${read.length < parts.length && parts.length > 0 ? `; waiting for ${list(parts.filter((k) => !read.includes(k)))}` : ''}`,
          }
        },
      }
    },
  },

  groupRead: {
    summary: 'The group has processed at least min records during this step (of one topic, if topic is given).',
    params: { group: GROUP, min: { kind: 'count', required: true, doc: 'records' }, topic: { kind: 'topic', doc: 'count only this topic' } },
    label: (g) => `${g.str('group')} reads ${plural(g.num('min') ?? 0, 'record')}`,
    create: (ctx, g) => {
      let n = 0
      return {
        observe(e) {
          if (e.type === 'recordsProcessed' && e.group === g.str('group') && (g.optStr('topic') === undefined || e.topic === g.optStr('topic'))) n += e.to - e.from + 1
        },
        evaluate: () => {
          const min = g.num('min') ?? 0
          return { ok: n >= min, detail: `${g.str('group')} has read ${Math.min(n, min)} of ${plural(min, 'record')}` }
        },
      }
    },
  },

  groupReadAll: {
    summary:
      'The group has processed every record the topic stores (from log start to log end) and, during this step, processed no record twice. Records the group read before the step count as read up to the highest offset it had processed.',
    params: { group: GROUP, topic: TOPIC },
    label: (g) => `${g.str('group')} has read every record of ${g.str('topic')}, each once`,
    create: (ctx, g) => {
      const covered = new Map<string, [number, number][]>()
      const s0 = ctx.sim.s
      const grp0 = findGroup(s0, g.str('group'))
      for (const [k, high] of Object.entries(grp0?.processedHigh ?? {})) if (partitionByKey(s0, k)?.topic === g.str('topic')) covered.set(k, [[0, high]])
      let duplicates = 0
      return {
        observe(e) {
          if (e.type !== 'recordsProcessed' || e.group !== g.str('group') || e.topic !== g.str('topic')) return
          duplicates += e.duplicates
          const k = `${e.topic}-${e.partition}`
          covered.set(k, addInterval(covered.get(k) ?? [], e.from, e.to + 1))
        },
        evaluate() {
          const t = findTopic(ctx.sim.s, g.str('topic'))
          if (!t) return { ok: false, detail: `there is no topic ${g.str('topic')} yet` }
          const committed = findGroup(ctx.sim.s, g.str('group'))?.committed ?? {}
          let stored = 0
          let read = 0
          /** Partitions with records below the group's committed offset that it never read: it will not go back for them. */
          const passed: string[] = []
          for (const p of t.partitions) {
            const k = `${t.name}-${p.partition}`
            stored += p.log.logEndOffset - p.log.logStartOffset
            read += overlap(covered.get(k) ?? [], p.log.logStartOffset, p.log.logEndOffset)
            const upTo = Math.min(committed[k] ?? p.log.logStartOffset, p.log.logEndOffset)
            if (upTo > p.log.logStartOffset && overlap(covered.get(k) ?? [], p.log.logStartOffset, upTo) < upTo - p.log.logStartOffset) passed.push(k)
          }
          let detail = `${g.str('group')} has read ${read} of the ${plural(stored, 'record')} stored`
          if (duplicates > 0) detail += `; ${plural(duplicates, 'record was', 'records were')} read twice; ${RESTART}`
          else if (passed.length > 0) detail += `; its committed offset on ${list(passed)} is past records it never read (it started later in the log); ${RESTART}`
          return { ok: stored > 0 && read === stored && duplicates === 0, detail }
        },
      }
    },
  },

  sessionRead: {
    summary:
      'A consumer session that started during this step (a new consumer, or a restarted one) in the group (or in any group not listed in excludeGroups) owns partitions, has read them to the high watermark, set its positions the way `from` says, and printed between min and max records. Once met, it stays met.',
    params: {
      group: { kind: 'group', doc: 'only sessions in this group' },
      excludeGroups: { kind: 'groups', doc: 'only sessions in groups other than these' },
      from: { kind: 'from', doc: 'how the session found its starting offsets: committed, earliest or latest' },
      min: MIN,
      max: MAX,
    },
    atLeastOne: [['group', 'excludeGroups']],
    label: (g) => {
      const who = g.optStr('group') !== undefined ? `in ${g.optStr('group')}` : `in a group other than ${g.list('excludeGroups').join(' and ')}`
      const from = g.optStr('from') === 'committed' ? ' resumed from the committed offset and' : g.optStr('from') ? ` started at the ${g.optStr('from')} offset and` : ''
      return `A new consumer session ${who}${from} printed ${rangeWords(g.num('min'), g.num('max'))} records`
    },
    create: (ctx, g) => {
      interface Session {
        consumer: string
        group: string
        active: boolean
        printed: number
        froms: Set<string>
      }
      const sessions = new Map<string, Session>()
      let met: string | null = null
      const wanted = (group: string) => (g.optStr('group') === undefined || group === g.optStr('group')) && !g.list('excludeGroups').includes(group)
      return {
        observe(e) {
          if (e.type === 'consumerStarted') {
            if (wanted(e.group)) sessions.set(e.consumer, { consumer: e.consumer, group: e.group, active: true, printed: 0, froms: new Set() })
            return
          }
          if (!('consumer' in e)) return
          const session = sessions.get(e.consumer)
          if (!session || !session.active) return
          if (e.type === 'consumerCrashed' || e.type === 'consumerClosed') session.active = false
          else if (e.type === 'recordsProcessed') session.printed += e.to - e.from + 1
          else if (e.type === 'positionSet') session.froms.add(e.from)
        },
        evaluate() {
          if (met) return { ok: true, detail: met }
          const s = ctx.sim.s
          const active = [...sessions.values()].filter((x) => x.active)
          if (active.length === 0) return { ok: false, detail: 'no new consumer session has started yet' }
          const notes: string[] = []
          for (const x of active) {
            const c = s.consumers.find((y) => y.id === x.consumer)
            if (!c || !isRunning(c)) continue
            const from = g.optStr('from')
            const fromOk = from === undefined || (x.froms.size > 0 && [...x.froms].every((f) => f === from))
            const how = [...x.froms].join(' and ') || 'unknown'
            const min = g.num('min')
            const max = g.num('max')
            if (c.owned.length === 0) notes.push(`${x.consumer} (${x.group}) owns no partition`)
            else if (!caughtUp(s, c)) notes.push(`${x.consumer} (${x.group}) has printed ${plural(x.printed, 'record')} and is still reading`)
            else if (!fromOk) {
              const retry = from === 'committed' ? 'stop it and start it again once its group has committed offsets' : `start a consumer in another new group with auto.offset.reset=${from}`
              notes.push(`${x.consumer} (${x.group}) started from the ${how} offset, not ${from}: ${retry}`)
            } else if (min !== undefined && x.printed < min) {
              // It has read everything there is: only new records can still reach it.
              notes.push(`${x.consumer} (${x.group}) read to the end and printed ${plural(x.printed, 'record')}: produce more records for it to read`)
            } else if (!inRange(x.printed, min, max)) {
              notes.push(`${x.consumer} (${x.group}) read to the end and printed ${plural(x.printed, 'record')}, more than ${max ?? 0}: stop it and start a new session`)
            } else {
              met = `${x.consumer} (${x.group}) started from the ${how} offset, read to the end and printed ${plural(x.printed, 'record')}`
              return { ok: true, detail: met }
            }
          }
          return { ok: false, detail: notes.join('; ') || 'no new consumer session is running' }
        },
      }
    },
  },

  offsetsDiffered: {
    summary: 'At some moment during this step, two of the groups had different committed offsets for the same partition (both having committed one). Once met, it stays met.',
    params: { groups: { kind: 'groups', required: true, doc: 'two or more group ids' } },
    label: (g) => `At some moment ${g.list('groups').join(' and ')} had committed different offsets`,
    create: (ctx, g) => {
      let met: string | null = null
      return {
        evaluate() {
          if (met) return { ok: true, detail: met }
          const s = ctx.sim.s
          const groups = g.list('groups').map((id) => findGroup(s, id))
          const keys = new Set(groups.flatMap((x) => Object.keys(x?.committed ?? {})))
          for (const k of keys) {
            const values = groups.map((x, i) => ({ id: g.list('groups')[i] as string, v: x?.committed[k] })).filter((x) => x.v !== undefined)
            if (values.length >= 2 && new Set(values.map((x) => x.v)).size > 1) {
              met = `on ${k}: ${values.map((x) => `${x.id} at ${x.v}`).join(', ')}`
              return { ok: true, detail: met }
            }
          }
          const missing = g.list('groups').filter((id, i) => Object.keys(groups[i]?.committed ?? {}).length === 0)
          return { ok: false, detail: missing.length > 0 ? `not committed yet: ${list(missing)}` : 'so far the groups have committed the same offsets' }
        },
      }
    },
  },

  recordsSpread: {
    summary: 'Of the last `last` records appended to the topic during this step, the number of partitions they landed in is between minPartitions and maxPartitions.',
    params: {
      topic: TOPIC,
      last: { kind: 'count', required: true, doc: 'how many of the newest records to look at' },
      minPartitions: { kind: 'count', doc: 'fewest partitions' },
      maxPartitions: { kind: 'count', doc: 'most partitions' },
    },
    atLeastOne: [['minPartitions', 'maxPartitions']],
    label: (g) => `The last ${g.num('last')} records sent to ${g.str('topic')} landed in ${rangeWords(g.num('minPartitions'), g.num('maxPartitions'))} partitions`,
    create: (ctx, g) => {
      const recent: number[] = []
      const n = g.num('last') ?? 1
      return {
        observe(e) {
          if (e.type !== 'recordsAppended' || e.topic !== g.str('topic')) return
          for (let i = 0; i < e.count; i++) recent.push(e.partition)
          if (recent.length > n) recent.splice(0, recent.length - n)
        },
        evaluate() {
          if (recent.length < n) return { ok: false, detail: `${recent.length} of ${n} records sent in this step` }
          const parts = [...new Set(recent)].sort((a, b) => a - b)
          return {
            ok: inRange(parts.length, g.num('minPartitions'), g.num('maxPartitions')),
            detail: `the last ${n} records are in ${plural(parts.length, 'partition')} (${parts.map((p) => `${g.str('topic')}-${p}`).join(', ')})`,
          }
        },
      }
    },
  },

  keysTogether: {
    summary: 'Of the last `last` records appended to the topic during this step, every one has a key, and all records with the same key are in one partition.',
    params: { topic: TOPIC, last: { kind: 'count', required: true, doc: 'how many of the newest records to look at' } },
    label: (g) => `The last ${g.num('last')} records of ${g.str('topic')} have keys, each key in a single partition`,
    create: (ctx, g) => {
      const recent: { key: string | null; partition: number }[] = []
      const n = g.num('last') ?? 1
      return {
        observe(e) {
          if (e.type !== 'recordsAppended' || e.topic !== g.str('topic')) return
          const p = findTopic(ctx.sim.s, e.topic)?.partitions[e.partition]
          for (let o = e.baseOffset; o < e.baseOffset + e.count; o++) recent.push({ key: p ? (readRecord(p.log, o)?.key ?? null) : null, partition: e.partition })
          if (recent.length > n) recent.splice(0, recent.length - n)
        },
        evaluate() {
          if (recent.length < n) return { ok: false, detail: `${recent.length} of ${n} records sent in this step` }
          const keyless = recent.filter((r) => r.key === null).length
          if (keyless > 0) return { ok: false, detail: `${keyless} of the last ${n} records have no key` }
          const where = new Map<string, Set<number>>()
          for (const r of recent) {
            const set = where.get(r.key as string) ?? new Set<number>()
            set.add(r.partition)
            where.set(r.key as string, set)
          }
          const split = [...where].filter(([, ps]) => ps.size > 1)
          if (split.length > 0) return { ok: false, detail: `${split[0]![0]} is in ${split[0]![1].size} partitions` }
          return { ok: true, detail: [...where].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, ps]) => `${k} -> partition ${[...ps][0]}`).join(', ') }
        },
      }
    },
  },

  keySplit: {
    summary: 'Some key has records in at least minPartitions partitions of the topic (counting every record it stores now and every record appended during this step).',
    params: { topic: TOPIC, minPartitions: { kind: 'count', doc: 'partitions one key must span (default 2)' } },
    label: (g) => `Some key of ${g.str('topic')} has records in ${g.num('minPartitions') ?? 2} or more partitions`,
    create: (ctx, g) => {
      const where = new Map<string, Set<number>>()
      const add = (key: string | null, partition: number) => {
        if (key === null) return
        const set = where.get(key) ?? new Set<number>()
        set.add(partition)
        where.set(key, set)
      }
      const t0 = findTopic(ctx.sim.s, g.str('topic'))
      for (const p of t0?.partitions ?? []) for (let o = p.log.logStartOffset; o < p.log.logEndOffset; o++) add(readRecord(p.log, o)?.key ?? null, p.partition)
      const min = g.num('minPartitions') ?? 2
      return {
        observe(e) {
          if (e.type !== 'recordsAppended' || e.topic !== g.str('topic')) return
          const p = findTopic(ctx.sim.s, e.topic)?.partitions[e.partition]
          if (p) for (let o = e.baseOffset; o < e.baseOffset + e.count; o++) add(readRecord(p.log, o)?.key ?? null, e.partition)
        },
        evaluate() {
          const split = [...where].filter(([, ps]) => ps.size >= min).sort(([a], [b]) => (a < b ? -1 : 1))
          if (split.length === 0) return { ok: false, detail: where.size === 0 ? 'no keyed records yet' : 'every key is still in a single partition' }
          const [key, ps] = split[0]!
          return { ok: true, detail: `${key} now has records in partitions ${[...ps].sort((a, b) => a - b).join(' and ')}` }
        },
      }
    },
  },

  keyOrder: {
    summary:
      'During this step the group processed at least min keyed records (of one topic, if given), and never processed a record after a record with the same key that was produced later (records processed again are not counted).',
    params: { group: GROUP, topic: { kind: 'topic', doc: 'only this topic' }, min: { kind: 'count', required: true, doc: 'keyed records' } },
    label: (g) => `${g.str('group')} processes each key's records in the order they were produced (${g.num('min')} records)`,
    create: (ctx, g) => {
      const latest = new Map<string, number>()
      let n = 0
      let violation: string | null = null
      let violations = 0
      return {
        observe(e) {
          if (e.type !== 'recordsProcessed' || e.group !== g.str('group')) return
          if (g.optStr('topic') !== undefined && e.topic !== g.optStr('topic')) return
          const p = findTopic(ctx.sim.s, e.topic)?.partitions[e.partition]
          if (!p) return
          for (let o = e.from + e.duplicates; o <= e.to; o++) {
            const r = readRecord(p.log, o)
            if (!r || r.key === null) continue
            n++
            const seen = latest.get(r.key)
            if (seen !== undefined && r.timestamp < seen) {
              violations++
              violation ??= `${r.key}'s record from ${seconds(r.timestamp)} (${e.topic}-${e.partition}@${o}) was processed after one from ${seconds(seen)}`
            } else latest.set(r.key, Math.max(seen ?? r.timestamp, r.timestamp))
          }
        },
        evaluate() {
          const min = g.num('min') ?? 0
          if (violations > 0) return { ok: false, detail: `${plural(violations, 'record')} out of order: ${violation}; ${RESTART}` }
          return { ok: n >= min, detail: `${Math.min(n, min)} of ${min} keyed records processed, each key in order` }
        },
      }
    },
  },

  groupLag: {
    summary:
      "Every partition of the group's topics has a committed offset, its lag (high watermark minus committed offset) is at most maxPerPartition and the total at most maxTotal, and this has held for forMs without a break.",
    params: {
      group: GROUP,
      maxPerPartition: { kind: 'count', doc: 'highest lag on any partition' },
      maxTotal: { kind: 'count', doc: 'highest total lag' },
      forMs: { kind: 'ms', doc: 'how long it must hold (default 0)' },
    },
    atLeastOne: [['maxPerPartition', 'maxTotal']],
    label: (g) => {
      const parts = []
      if (g.num('maxPerPartition') !== undefined) parts.push(`lag at most ${g.num('maxPerPartition')} on every partition`)
      if (g.num('maxTotal') !== undefined) parts.push(`total lag at most ${g.num('maxTotal')}`)
      const forMs = g.num('forMs') ?? 0
      return `${g.str('group')}: ${parts.join(' and ')}${forMs > 0 ? ` for ${forMs / 1000} s` : ''}`
    },
    create: (ctx, g) => {
      let since: number | null = null
      const forMs = g.num('forMs') ?? 0
      return {
        evaluate() {
          const s = ctx.sim.s
          const grp = findGroup(s, g.str('group'))
          const parts = groupPartitions(s, g.str('group'))
          const lag = grp ? groupLag(s, grp) : {}
          const missing = parts.filter((k) => lag[k] === undefined)
          const values = parts.map((k) => lag[k] ?? 0)
          const total = values.reduce((a, b) => a + b, 0)
          const holds =
            parts.length > 0 &&
            missing.length === 0 &&
            values.every((v) => g.num('maxPerPartition') === undefined || v <= (g.num('maxPerPartition') as number)) &&
            (g.num('maxTotal') === undefined || total <= (g.num('maxTotal') as number))
          if (!holds) since = null
          else since ??= s.now
          const held = since === null ? 0 : s.now - since
          const shown = missing.length > 0 ? `no committed offset yet on ${list(missing)}` : `lag ${values.join(' / ')} (total ${total})`
          return { ok: holds && held >= forMs, detail: holds && forMs > 0 ? `${shown}; held for ${seconds(Math.min(held, forMs))} of ${seconds(forMs)}` : shown }
        },
      }
    },
  },

  hotPartition: {
    summary: "One partition of the group's topics has a lag of at least minLag while every other partition's lag is at most othersMaxLag.",
    params: {
      group: GROUP,
      minLag: { kind: 'count', required: true, doc: 'lag of the hot partition' },
      othersMaxLag: { kind: 'count', required: true, doc: 'highest lag of the others' },
    },
    label: (g) => `One partition of ${g.str('group')} lags by ${g.num('minLag')}+ while the others stay at ${g.num('othersMaxLag')} or less`,
    create: (ctx, g) => ({
      evaluate() {
        const s = ctx.sim.s
        const grp = findGroup(s, g.str('group'))
        const parts = groupPartitions(s, g.str('group'))
        const lag = grp ? groupLag(s, grp) : {}
        if (parts.length < 2 || parts.some((k) => lag[k] === undefined)) return { ok: false, detail: 'not every partition has a committed offset yet' }
        const sorted = [...parts].sort((a, b) => (lag[b] ?? 0) - (lag[a] ?? 0))
        const hot = sorted[0] as string
        const others = sorted.slice(1)
        const ok = (lag[hot] ?? 0) >= (g.num('minLag') ?? 0) && others.every((k) => (lag[k] ?? 0) <= (g.num('othersMaxLag') ?? 0))
        return { ok, detail: `${hot} lags by ${lag[hot]}; the others by ${others.map((k) => lag[k]).join(', ')}` }
      },
    }),
  },

  takeover: {
    summary:
      "During this step a member of the group that owned partitions stopped (crashed or closed), and each of its partitions was then assigned to another member, which started reading it where Kafka says: at the group's committed offset, or through auto.offset.reset when the group had no usable one. Once met, it stays met.",
    params: { group: GROUP },
    label: (g) => `In ${g.str('group')}, another member took over a stopped member's partitions`,
    create: (ctx, g) => {
      interface Handover {
        from: string
        /** Per partition: who got it, and where it started reading. */
        parts: Map<string, { to?: string; text?: string; started?: boolean; back?: boolean }>
      }
      const owners = new Owners(ctx.sim.s, g.str('group'))
      const handovers: Handover[] = []
      let met: string | null = null
      const describeHandover = (h: Handover) =>
        [...h.parts]
          .map(([k, x]) => x.text ?? (x.back ? `${h.from} took ${k} back itself` : x.to ? `${x.to} got ${k}` : `${k} (from ${h.from}) waits for a new owner`))
          .join('; ')
      return {
        observe(e) {
          const held = owners.observe(e)
          if (held.length > 0 && 'consumer' in e) {
            // A partition belongs to the newest handover only.
            for (const h of handovers) for (const k of held) h.parts.delete(k)
            handovers.push({ from: e.consumer, parts: new Map(held.map((k) => [k, {}])) })
          }
          if (!('group' in e) || e.group !== g.str('group')) return
          for (const h of handovers) {
            if (e.type === 'partitionsAssigned') {
              for (const k of e.partitions) {
                const x = h.parts.get(k)
                if (!x || x.started || x.back) continue
                // The stopped member, started again, may get its own partition back: that is no takeover.
                x.back = e.consumer === h.from
                x.to = x.back ? undefined : e.consumer
              }
            } else if (e.type === 'positionSet') {
              const x = h.parts.get(e.partition)
              if (!x || x.to !== e.consumer || x.started) continue
              x.started = true
              x.text =
                e.from === 'committed'
                  ? `${e.consumer} resumed ${e.partition} at committed offset ${e.offset}`
                  : `${e.consumer} started ${e.partition} at offset ${e.offset}: ${e.reason === 'no committed offset' ? 'the group had not committed an offset for it yet' : `the group's ${e.reason}`}, so auto.offset.reset=${e.from} applied`
            }
          }
        },
        evaluate() {
          if (met) return { ok: true, detail: met }
          if (handovers.length === 0) return { ok: false, detail: 'no member that owns partitions has stopped yet' }
          const done = handovers.find((h) => h.parts.size > 0 && [...h.parts.values()].every((x) => x.started === true))
          if (done) {
            met = `${done.from} stopped; ${describeHandover(done)}`
            return { ok: true, detail: met }
          }
          const last = handovers[handovers.length - 1] as Handover
          const back = [...last.parts.values()].some((x) => x.back)
          return { ok: false, detail: `${last.from} stopped; ${describeHandover(last)}${back ? ': stop a member that owns a partition again, and let another member take it over' : ''}` }
        },
      }
    },
  },

  rebalanced: {
    summary:
      "During this step the group went through a rebalance and has settled again with every partition owned, with between minMembers and maxMembers members. A partition is paused from the moment it loses its owner (revoked, lost, or its owner stopped) until it is assigned again; the check counts the partitions paused during the step and their paused time summed. onlyMovedRevoked requires that no member gave up a partition it owns again now (only partitions that changed owner were revoked).",
    params: {
      group: GROUP,
      minMembers: { kind: 'count', doc: 'fewest members after the rebalance' },
      maxMembers: { kind: 'count', doc: 'most members after the rebalance' },
      minPausedPartitions: { kind: 'count', doc: 'fewest partitions paused during the step' },
      maxPausedPartitions: { kind: 'count', doc: 'most partitions paused during the step' },
      minPausedPartitionMs: { kind: 'ms', doc: 'lowest paused time, summed over partitions' },
      maxPausedPartitionMs: { kind: 'ms', doc: 'highest paused time, summed over partitions' },
      onlyMovedRevoked: { kind: 'flag', doc: 'no member gave up a partition it got back' },
    },
    label: (g) => {
      const parts = [`${g.str('group')} rebalanced and settled`]
      if (g.num('minMembers') !== undefined || g.num('maxMembers') !== undefined) parts.push(`with ${rangeWords(g.num('minMembers'), g.num('maxMembers'))} members`)
      if (g.flag('onlyMovedRevoked')) parts.push('revoking only the partitions that moved')
      if (g.num('minPausedPartitions') !== undefined || g.num('maxPausedPartitions') !== undefined) {
        parts.push(`pausing ${rangeWords(g.num('minPausedPartitions'), g.num('maxPausedPartitions'))} partitions`)
      }
      if (g.num('maxPausedPartitionMs') !== undefined) parts.push(`pausing partitions for at most ${seconds(g.num('maxPausedPartitionMs') as number)} in total`)
      if (g.num('minPausedPartitionMs') !== undefined) parts.push(`pausing partitions for at least ${seconds(g.num('minPausedPartitionMs') as number)} in total`)
      return parts.join(', ')
    },
    create: (ctx, g) => {
      const group = g.str('group')
      const owners = new Owners(ctx.sim.s, group)
      const startOwners = new Map(owners.owner)
      const pausedSince = new Map<string, number>()
      const pausedEver = new Set<string>()
      /** The owner each partition had when it last lost its owner. */
      const lastOwner = new Map<string, string>()
      const revoked: { consumer: string; key: string }[] = []
      let pausedMs = 0
      let rebalances = 0
      const lose = (k: string, t: number, consumer: string) => {
        if (!pausedSince.has(k)) pausedSince.set(k, t)
        pausedEver.add(k)
        lastOwner.set(k, consumer)
      }
      return {
        observe(e) {
          if (!('group' in e) || e.group !== group) return
          if (e.type === 'partitionsRevoked' || e.type === 'partitionsLost') {
            for (const k of e.partitions) {
              if (owners.owner.get(k) === e.consumer) lose(k, e.t, e.consumer)
              if (e.type === 'partitionsRevoked') revoked.push({ consumer: e.consumer, key: k })
            }
          } else if (e.type === 'consumerCrashed' || e.type === 'consumerClosed') {
            for (const [k, c] of owners.owner) if (c === e.consumer) lose(k, e.t, c)
          } else if (e.type === 'partitionsAssigned') {
            for (const k of e.partitions) {
              const since = pausedSince.get(k)
              if (since !== undefined) pausedMs += e.t - since
              pausedSince.delete(k)
            }
          } else if (e.type === 'generationStarted' && e.members.length > 0) rebalances++
          owners.observe(e)
        },
        evaluate() {
          const s = ctx.sim.s
          const paused = pausedMs + [...pausedSince.values()].reduce((sum, t) => sum + s.now - t, 0)
          const grp = findGroup(s, group)
          const members = grp ? liveMembers(s, grp) : []
          const owned = new Map<string, string>()
          for (const c of members) for (const o of c.owned) owned.set(tpKey(o), c.id)
          const parts = groupPartitions(s, group)
          const moved = parts.filter((k) => owned.has(k) && (lastOwner.get(k) ?? startOwners.get(k) ?? owned.get(k)) !== owned.get(k)).length
          const back = revoked.filter((r) => owned.get(r.key) === r.consumer)
          const facts = [
            `${plural(members.length, 'member')}`,
            `${plural(moved, 'partition')} changed owner`,
            `${plural(revoked.length, 'revocation')}${back.length > 0 ? ` (${back.length} given straight back to the same member)` : ''}`,
            `${pausedEver.size} of ${plural(parts.length, 'partition')} paused, for ${seconds(paused)} in total`,
          ].join('; ')
          if (rebalances === 0) return { ok: false, detail: `no rebalance yet in this step; ${facts}` }
          if (!grp || !settled(s, grp)) return { ok: false, detail: `${notSettledDetail(s, group)}; ${facts}` }
          const membersOk = inRange(members.length, g.num('minMembers'), g.num('maxMembers'))
          // Paused partitions and paused time only grow during a step, and a revocation stays made.
          const tooMuch =
            (g.num('maxPausedPartitions') !== undefined && pausedEver.size > (g.num('maxPausedPartitions') as number)) ||
            (g.num('maxPausedPartitionMs') !== undefined && paused > (g.num('maxPausedPartitionMs') as number)) ||
            (g.flag('onlyMovedRevoked') && back.length > 0)
          const tooFew = !inRange(pausedEver.size, g.num('minPausedPartitions'), undefined) || !inRange(paused, g.num('minPausedPartitionMs'), undefined)
          const ok = parts.length > 0 && parts.every((k) => owned.has(k)) && membersOk && !tooMuch && !tooFew
          if (ok) return { ok, detail: facts }
          let next = ''
          if (tooMuch) next = `; ${RESTART}`
          else if (!membersOk) next = `; it needs ${rangeWords(g.num('minMembers'), g.num('maxMembers'))} members`
          else if (tooFew) {
            next = `; fewer partitions paused than the goal needs (a member that had not started consuming had nothing to give up): rebalance the group again while it consumes, for example by adding a consumer, or press Restart step`
          }
          return { ok, detail: `${facts}${next}` }
        },
      }
    },
  },

  assignor: {
    summary: 'The group has settled on the given assignor (range, roundrobin, sticky or cooperative-sticky) in its latest rebalance.',
    params: { group: GROUP, name: { kind: 'error', required: true, doc: 'assignor name' } },
    label: (g) => `${g.str('group')} uses the ${g.str('name')} assignor`,
    create: (ctx, g) => ({
      evaluate() {
        const s = ctx.sim.s
        const grp = findGroup(s, g.str('group'))
        if (!grp || !settled(s, grp)) return { ok: false, detail: notSettledDetail(s, g.str('group')) }
        const kind = grp.protocol === 'cooperative-sticky' ? 'cooperative' : 'eager'
        return { ok: grp.protocol === g.str('name'), detail: `${g.str('group')} uses ${grp.protocol} (${kind})` }
      },
    }),
  },

  offlinePartitions: {
    summary: 'How many partitions of the topic have no live leader (nobody can write to them or read from them).',
    params: { topic: TOPIC, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => (g.num('max') === 0 && g.num('min') === undefined ? `Every partition of ${g.str('topic')} has a live leader` : `${rangeWords(g.num('min'), g.num('max'))} partitions of ${g.str('topic')} are offline`.replace(/^./, (c) => c.toUpperCase())),
    create: (ctx, g) => ({
      evaluate() {
        const s = ctx.sim.s
        const t = findTopic(s, g.str('topic'))
        if (!t) return { ok: false, detail: `there is no topic ${g.str('topic')} yet` }
        const offline = t.partitions.filter((p) => p.leader < 0 || !s.brokers.some((b) => b.id === p.leader && b.alive)).map((p) => `${t.name}-${p.partition}`)
        return {
          ok: inRange(offline.length, g.num('min'), g.num('max')),
          detail: offline.length === 0 ? `all ${plural(t.partitions.length, 'partition')} of ${t.name} have a live leader` : `offline: ${list(offline)}`,
        }
      },
    }),
  },

  isrComplete: {
    summary: 'Every partition of the topic has a live leader and every one of its replicas is in the ISR.',
    params: { topic: TOPIC },
    label: (g) => `Every replica of ${g.str('topic')} is in sync`,
    create: (ctx, g) => ({
      evaluate() {
        const s = ctx.sim.s
        const t = findTopic(s, g.str('topic'))
        if (!t) return { ok: false, detail: `there is no topic ${g.str('topic')} yet` }
        const full = t.partitions.filter((p) => p.leader >= 0 && s.brokers.some((b) => b.id === p.leader && b.alive) && p.replicas.every((r) => p.isr.includes(r)))
        return { ok: full.length === t.partitions.length, detail: `${full.length} of ${plural(t.partitions.length, 'partition')} have all their replicas in sync` }
      },
    }),
  },

  writesAfterFailover: {
    summary:
      'During this step a broker died, a partition of the topic that it led got a new leader, and producers then had at least min records acknowledged on such a partition.',
    params: { topic: TOPIC, min: { kind: 'count', doc: 'records acknowledged after the failover (default 1)' } },
    label: (g) => `Writes to ${g.str('topic')} succeed on a new leader after a broker failure`,
    create: (ctx, g) => {
      const dead = new Set<number>()
      const moved = new Map<string, string>()
      let acked = 0
      return {
        observe(e) {
          if (e.type === 'brokerKilled') dead.add(e.broker)
          else if (e.type === 'leaderElected' && e.topic === g.str('topic') && dead.has(e.previous)) {
            moved.set(`${e.topic}-${e.partition}`, `${e.topic}-${e.partition} moved from broker ${e.previous} to broker ${e.leader}`)
          } else if (e.type === 'produceAcked' && moved.has(`${e.topic}-${e.partition}`)) acked += e.count
        },
        evaluate() {
          const min = g.num('min') ?? 1
          if (moved.size === 0) return { ok: false, detail: dead.size === 0 ? 'no broker has died in this step' : `no partition of ${g.str('topic')} has a new leader yet` }
          const detail = `${list([...moved.values()])}; ${plural(acked, 'record')} acknowledged there since`
          if (acked >= min) return { ok: true, detail }
          // acks=all writes wait for the ISR to have min.insync.replicas members again.
          const t = findTopic(ctx.sim.s, g.str('topic'))
          const minIsr = t?.config['min.insync.replicas'] ?? 1
          const short = t?.partitions.filter((p) => moved.has(`${t.name}-${p.partition}`) && p.isr.length < minIsr) ?? []
          const waitsForAll = ctx.sim.s.producers.some((p) => p.alive && p.topic === g.str('topic') && p.config.acks === 'all')
          if (short.length > 0 && waitsForAll) return { ok: false, detail: `${detail}; its in-sync replicas are fewer than min.insync.replicas=${minIsr}, so acks=all writes are refused until a broker comes back` }
          return { ok: false, detail }
        },
      }
    },
  },

  ackedLost: {
    summary: 'How many records of the topic that producers had been told were written were then lost to a leader change, during this step.',
    params: { topic: TOPIC, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => (g.num('max') === 0 ? `No acknowledged record of ${g.str('topic')} is lost` : `${rangeWords(g.num('min'), g.num('max'))} acknowledged records of ${g.str('topic')} are lost`.replace(/^./, (c) => c.toUpperCase())),
    create: (ctx, g) => {
      let lost = 0
      const where: string[] = []
      return {
        observe(e) {
          if (e.type !== 'recordsLost' || e.topic !== g.str('topic') || e.acked === 0) return
          lost += e.acked
          where.push(`${e.topic}-${e.partition} offsets ${e.from}-${e.to}`)
        },
        evaluate: () => {
          const detail = lost === 0 ? 'no acknowledged record lost in this step' : `${plural(lost, 'acknowledged record')} lost in this step (${list(where)})`
          const max = g.num('max')
          return { ok: inRange(lost, g.num('min'), max), detail: max !== undefined && lost > max ? `${detail}; ${RESTART}` : detail }
        },
      }
    },
  },

  produceErrors: {
    summary: "During this step producers' writes to the topic were refused or failed at least min times (with this error code, if error is given).",
    params: { topic: TOPIC, error: { kind: 'error', doc: 'error code, e.g. NOT_ENOUGH_REPLICAS' }, min: { kind: 'count', doc: 'failed requests (default 1)' } },
    label: (g) => `A producer to ${g.str('topic')} is refused${g.optStr('error') ? ` with ${g.optStr('error')}` : ''}`,
    create: (ctx, g) => {
      let n = 0
      const seen = new Set<string>()
      return {
        observe(e) {
          if (e.type !== 'produceFailed' || e.topic !== g.str('topic')) return
          // An error is a code (NOT_ENOUGH_REPLICAS) or an exception with its message ("TimeoutException: Expiring ...").
          seen.add(e.error.split(/[ :]/)[0] as string)
          const want = g.optStr('error')
          if (want === undefined || e.error === want || e.error.startsWith(`${want} `) || e.error.startsWith(`${want}:`)) n++
        },
        evaluate: () => ({
          ok: n >= (g.num('min') ?? 1),
          detail: n > 0 ? `refused ${plural(n, 'time')}${g.optStr('error') ? ` with ${g.optStr('error')}` : ''}` : seen.size > 0 ? `failures so far: ${list([...seen])}` : 'no write has failed yet',
        }),
      }
    },
  },

  producerConfig: {
    summary: 'Every running producer writing to the topic has this producer setting (at least one producer must exist).',
    params: { topic: TOPIC, key: { kind: 'producerKey', required: true, doc: 'producer setting, e.g. acks' }, value: { kind: 'value', required: true, doc: 'required value' } },
    label: (g) => `Producers to ${g.str('topic')} use ${g.str('key')}=${String(g.spec.value)}`,
    create: (ctx, g) => ({
      evaluate() {
        const ps = ctx.sim.s.producers.filter((p) => p.alive && p.topic === g.str('topic'))
        const key = g.str('key') as keyof typeof PRODUCER_DEFAULTS
        const good = ps.filter((p) => JSON.stringify(p.config[key]) === JSON.stringify(g.spec.value))
        return { ok: ps.length > 0 && good.length === ps.length, detail: ps.length === 0 ? `nobody produces to ${g.str('topic')}` : ps.map((p) => `${p.id}: ${key}=${String(p.config[key])}`).join(', ') }
      },
    }),
  },

  topicConfig: {
    summary: "The topic's setting equals value, or (for numbers) lies between min and max.",
    params: { topic: TOPIC, key: { kind: 'topicKey', required: true, doc: 'topic setting, e.g. min.insync.replicas' }, value: { kind: 'value', doc: 'required value' }, min: MIN, max: MAX },
    atLeastOne: [['value', 'min', 'max']],
    label: (g) => `${g.str('topic')} has ${g.str('key')}${g.spec.value !== undefined ? `=${String(g.spec.value)}` : ` ${rangeWords(g.num('min'), g.num('max'))}`}`,
    create: (ctx, g) => ({
      evaluate() {
        const t = findTopic(ctx.sim.s, g.str('topic'))
        if (!t) return { ok: false, detail: `there is no topic ${g.str('topic')} yet` }
        const v = t.config[g.str('key') as keyof typeof TOPIC_DEFAULTS]
        const ok = (g.spec.value === undefined || v === g.spec.value) && (typeof v !== 'number' || inRange(v, g.num('min'), g.num('max')))
        return { ok, detail: `${t.name}: ${g.str('key')}=${String(v)}` }
      },
    }),
  },

  deletedRecords: {
    summary: "How many of the topic's records retention has deleted: the sum of its partitions' log start offsets.",
    params: { topic: TOPIC, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => (g.num('max') === 0 ? `Nothing has been deleted from ${g.str('topic')}` : `Retention has deleted ${rangeWords(g.num('min'), g.num('max'))} records of ${g.str('topic')}`),
    create: (ctx, g) => ({
      evaluate() {
        const t = findTopic(ctx.sim.s, g.str('topic'))
        if (!t) return { ok: false, detail: `there is no topic ${g.str('topic')} yet` }
        const n = t.partitions.reduce((sum, p) => sum + p.log.logStartOffset, 0)
        const starts = t.partitions.map((p) => p.log.logStartOffset).join(', ')
        return { ok: inRange(n, g.num('min'), g.num('max')), detail: `${plural(n, 'record')} deleted; the log starts at offset ${starts}` }
      },
    }),
  },

  skippedRecords: {
    summary: "How many records the group's consumers skipped during this step because their offset was out of range (deleted by retention) and auto.offset.reset moved them on.",
    params: { group: GROUP, min: MIN, max: MAX },
    atLeastOne: [['min', 'max']],
    label: (g) => (g.num('max') === 0 ? `${g.str('group')} skips no record` : `${g.str('group')} skips ${rangeWords(g.num('min'), g.num('max'))} records`),
    create: (ctx, g) => {
      let skipped = 0
      return {
        observe(e) {
          if (e.type === 'positionSet' && e.group === g.str('group')) skipped += e.skipped
        },
        evaluate: () => {
          const detail = skipped === 0 ? 'no record skipped so far' : `${plural(skipped, 'record')} skipped (offset out of range, reset by auto.offset.reset)`
          const max = g.num('max')
          return { ok: inRange(skipped, g.num('min'), max), detail: max !== undefined && skipped > max ? `${detail}; ${RESTART}` : detail }
        },
      }
    },
  },
}

/** Adds [from, to) to a sorted list of disjoint intervals. */
function addInterval(list: [number, number][], from: number, to: number): [number, number][] {
  const out: [number, number][] = []
  let a = from
  let b = to
  let placed = false
  for (const [x, y] of list) {
    if (y < a) out.push([x, y])
    else if (x > b) {
      if (!placed) out.push([a, b])
      placed = true
      out.push([x, y])
    } else {
      a = Math.min(a, x)
      b = Math.max(b, y)
    }
  }
  if (!placed) out.push([a, b])
  return out
}

/** How much of [from, to) the intervals cover. */
function overlap(list: [number, number][], from: number, to: number): number {
  let n = 0
  for (const [x, y] of list) n += Math.max(0, Math.min(y, to) - Math.max(x, from))
  return n
}

// ---- Validation ----

const ID_PATTERN = /^[A-Za-z0-9._-]{1,249}$/

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'string') return `"${v}"`
  if (typeof v === 'object') return 'an object'
  return String(v)
}

function checkParam(kind: ParamKind, v: unknown, path: string): GoalIssue[] {
  const fail = (message: string) => [{ path, message }]
  switch (kind) {
    case 'topic':
    case 'group':
      return typeof v === 'string' && ID_PATTERN.test(v) ? [] : fail(`must be a ${kind} name, got ${describe(v)}`)
    case 'error':
      return typeof v === 'string' && v.trim() !== '' ? [] : fail(`must be text, got ${describe(v)}`)
    case 'groups':
      if (!Array.isArray(v) || v.length === 0) return fail(`must be a list of group names, got ${describe(v)}`)
      return v.flatMap((x, i) => checkParam('group', x, `${path}[${i}]`))
    case 'count':
    case 'ms':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? [] : fail(`must be a whole number >= 0, got ${describe(v)}`)
    case 'flag':
      return typeof v === 'boolean' ? [] : fail(`must be true or false, got ${describe(v)}`)
    case 'from':
      return v === 'committed' || v === 'earliest' || v === 'latest' ? [] : fail(`must be one of "committed", "earliest", "latest", got ${describe(v)}`)
    case 'value':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [] : fail(`must be text, a number or true/false, got ${describe(v)}`)
    case 'producerKey':
      return typeof v === 'string' && v in PRODUCER_DEFAULTS ? [] : fail(`must be a producer setting (${Object.keys(PRODUCER_DEFAULTS).join(', ')}), got ${describe(v)}`)
    case 'topicKey':
      return typeof v === 'string' && v in TOPIC_DEFAULTS ? [] : fail(`must be a topic setting (${Object.keys(TOPIC_DEFAULTS).join(', ')}), got ${describe(v)}`)
  }
}

/** Every problem with one goal, each with the path of the field at fault. */
export function goalIssues(spec: unknown, path: string): GoalIssue[] {
  const at = (k: string) => (path ? `${path}.${k}` : k)
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return [{ path, message: `must be an object, got ${describe(spec)}` }]
  const o = spec as Record<string, unknown>
  if (typeof o.check !== 'string') return [{ path: at('check'), message: `must name a check (${GOAL_CHECK_NAMES.join(', ')})` }]
  const def = (DEFS as Record<string, CheckDef | undefined>)[o.check]
  if (!def) return [{ path: at('check'), message: `unknown check "${o.check}"; known checks: ${GOAL_CHECK_NAMES.join(', ')}` }]
  const issues: GoalIssue[] = []
  for (const [k, v] of Object.entries(o)) {
    if (k === 'check') continue
    if (k === 'label') {
      if (typeof v !== 'string' || v.trim() === '' || v.length > 200) issues.push({ path: at(k), message: 'must be text of 1 to 200 characters' })
      continue
    }
    const param = def.params[k]
    if (!param) {
      issues.push({ path: at(k), message: `is not a parameter of ${o.check} (it takes ${Object.keys(def.params).join(', ')})` })
      continue
    }
    issues.push(...checkParam(param.kind, v, at(k)))
  }
  for (const [k, p] of Object.entries(def.params)) if (p.required && o[k] === undefined) issues.push({ path: at(k), message: `is required by ${o.check}` })
  for (const set of def.atLeastOne ?? []) {
    if (set.every((k) => o[k] === undefined)) issues.push({ path, message: `${o.check} needs at least one of ${set.join(', ')}` })
  }
  for (const [lo, hi] of [
    ['min', 'max'],
    ['minPartitions', 'maxPartitions'],
    ['minMembers', 'maxMembers'],
    ['minPausedPartitions', 'maxPausedPartitions'],
    ['minPausedPartitionMs', 'maxPausedPartitionMs'],
  ] as const) {
    if (typeof o[lo] === 'number' && typeof o[hi] === 'number' && (o[lo] as number) > (o[hi] as number)) issues.push({ path: at(lo), message: `is greater than ${hi}` })
  }
  if (o.check === 'offsetsDiffered' && Array.isArray(o.groups) && o.groups.length < 2) issues.push({ path: at('groups'), message: 'must name at least two groups' })
  if (o.check === 'assignor' && typeof o.name === 'string' && !['range', 'roundrobin', 'sticky', 'cooperative-sticky'].includes(o.name)) {
    issues.push({ path: at('name'), message: `must be one of "range", "roundrobin", "sticky", "cooperative-sticky", got ${describe(o.name)}` })
  }
  return issues
}

/** Every problem with one goal, as "path: message" lines. */
export function validateGoal(spec: unknown, path: string): string[] {
  return goalIssues(spec, path).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
}

/** The checklist text of a goal: its own label, or one made from the check and its parameters. */
export function goalLabel(spec: GoalSpec): string {
  return typeof spec.label === 'string' && spec.label.trim() !== '' ? spec.label : DEFS[spec.check].label(new Params(spec))
}

/** What each check tests and the parameters it takes (for documentation and authoring tools). */
export function goalCheckDocs(): Record<GoalCheckName, GoalCheckDoc> {
  const out = {} as Record<GoalCheckName, GoalCheckDoc>
  for (const name of GOAL_CHECK_NAMES) {
    const def = DEFS[name]
    out[name] = { summary: def.summary, params: Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, { required: p.required === true, doc: p.doc }])) }
  }
  return out
}

/**
 * Starts checking goals from now on (a lesson step starts). Throws if a goal is invalid (parseScenario
 * has already refused such files).
 */
export function createGoalTracker(sim: GoalSim, goals: readonly GoalSpec[]): GoalTracker {
  const problems = goals.flatMap((g, i) => validateGoal(g, `goals[${i}]`))
  if (problems.length > 0) throw new Error(`Invalid goals:\n${problems.join('\n')}`)
  const ctx: Ctx = { sim }
  const checks = goals.map((g) => ({ label: goalLabel(g), check: DEFS[g.check].create(ctx, new Params(g)) }))
  let cursor = sim.s.eventCount
  const evaluate = (): GoalStatus[] => checks.map(({ label, check }) => ({ label, ...check.evaluate() }))
  let last = evaluate()
  return {
    update() {
      const { events, cursor: next } = sim.eventsSince(cursor)
      cursor = next
      for (const e of events) for (const { check } of checks) check.observe?.(e)
      last = evaluate()
      return last
    },
    statuses: () => last,
    done: () => last.length > 0 && last.every((x) => x.ok),
  }
}
