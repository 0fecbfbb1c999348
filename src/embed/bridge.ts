/**
 * The postMessage bridge of an embedded kafka-sim (docs/embedding.md). Events go out to the page
 * that embeds the app: `ready`, `state` (on change, with the first frame after a `reset` or
 * `loadScenario`, at most once a second while only the clock moves, and in reply to `getState`),
 * `stepCompleted`, `lessonCompleted`. Commands come in: `play`,
 * `pause`, `reset`, `loadScenario`, `getState`, accepted only from origins on the `?origins=`
 * allow-list.
 *
 * Security decisions:
 * - No allow-list: every command is ignored (the app only emits events). An embedder opts in to
 *   control by naming its origin; `*` opts in to any origin, knowingly.
 * - Events go only to allowed origins when a list is given: to the embedding page's own origin
 *   when the browser tells us what it is (`location.ancestorOrigins`, else the referrer) and it is
 *   listed, else to each listed origin (the browser drops those that do not match the parent).
 *   Without a list, or with `*`, events go to any parent (`targetOrigin` "*"): they carry nothing
 *   but the public state of a simulation.
 */
import { parseScenario, ScenarioError } from '../engine'
import type { Scenario, ScenarioIssue } from '../engine'
import { builtInScenario, builtInScenarioIds } from '../scenarios'
import type { SimStore, SimStoreState } from '../store/sim-store'
import type { SimClient } from '../worker/client'
import type { LessonFrame } from '../worker/protocol'
import { API_VERSION, COMMAND_TYPES, SOURCE } from './messages'
import type { OutMessage, StateSummary } from './messages'

/** While only the clock moves, `state` goes out at most this often (wall ms). */
export const STATE_INTERVAL_MS = 1000

/** Where messages are posted: a window (the parent, or the window a command came from). */
export interface MessageTarget {
  postMessage(message: unknown, targetOrigin: string): void
}

export interface MessageHost {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void
}

export interface BridgeOptions {
  /** The app's own window, where commands arrive. */
  host: MessageHost
  /** The embedding page's window. */
  parent: MessageTarget
  /** The embedding page's origin when the browser tells it, else null. */
  parentOrigin: string | null
  store: SimStore
  client: SimClient
  /** `?origins=`: who may send commands (`*`: anyone); empty: nobody. */
  origins: string[]
  /** `?autoplay`: whether a loaded scenario starts playing when the command does not say. */
  autoplay: boolean
  /** Told once per origin whose commands are ignored (a hint for the embedder's developer). */
  warn?: (text: string) => void
  now?: () => number
  schedule?: (callback: () => void, ms: number) => unknown
  cancel?: (handle: unknown) => void
}

export interface EmbedBridge {
  /** The summary `state` sends, or null before the first frame. */
  state(): StateSummary | null
  destroy(): void
}

/** The embedding page's origin, if the browser reveals it (Chromium and Safari: ancestorOrigins; else the referrer). */
export function embedderOrigin(location: Location, referrer: string): string | null {
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins
  if (ancestors && ancestors.length > 0) return ancestors[0] ?? null
  if (!referrer) return null
  try {
    return new URL(referrer).origin
  } catch {
    return null
  }
}

const OUT_TYPES = new Set(['ready', 'state', 'stepCompleted', 'lessonCompleted', 'loaded', 'error'])

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The state summary from the store, or null before the first view. */
export function summarize(s: SimStoreState): StateSummary | null {
  const v = s.view
  if (!v) return null
  const topics = v.topics.filter((t) => !t.internal)
  const f = s.lesson
  const spec = s.scenario?.lesson
  return {
    scenarioId: v.scenarioId,
    title: v.title,
    playing: s.playing,
    speed: s.speed,
    simTimeMs: s.simTime,
    eventLogHash: s.eventLogHash,
    lesson: f
      ? {
          id: f.lessonId,
          step: f.step,
          stepCount: f.stepCount,
          stepTitle: spec?.steps[f.step]?.title ?? '',
          stepComplete: f.complete,
          lessonComplete: f.lessonComplete,
        }
      : null,
    counts: {
      brokers: v.brokers.length,
      brokersAlive: v.brokers.filter((b) => b.alive).length,
      topics: topics.length,
      partitions: topics.reduce((n, t) => n + t.partitions.length, 0),
      producers: v.producers.length,
      groups: v.groups.length,
      consumers: v.groups.reduce((n, g) => n + g.members.length, 0),
      produced: v.counters.produced,
      consumed: v.counters.consumed,
      lost: v.counters.lost,
      lag: v.groups.reduce((n, g) => n + g.totalLag, 0),
    },
  }
}

type Load = { scenario: Scenario; seed: number | undefined; sandbox: boolean; autoplay: boolean | undefined }

function issuesMessage(lead: string, issues: ScenarioIssue[]): string {
  return `${lead}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`
}

/** Reads a `loadScenario` command; a problem comes back as the fields at fault. */
export function readLoadCommand(data: Record<string, unknown>): Load | { issues: ScenarioIssue[]; message: string } {
  const fail = (path: string, message: string) => ({ issues: [{ path, message }], message: `loadScenario refused: ${path}: ${message}` })
  const known = ['type', 'source', 'id', 'scenario', 'seed', 'sandbox', 'autoplay', 'requestId']
  const extra = Object.keys(data).filter((k) => !known.includes(k))
  if (extra.length > 0) return fail(extra[0] as string, `unknown field (loadScenario takes ${known.slice(2).join(', ')})`)
  if (data.id !== undefined && data.scenario !== undefined) return fail('id', 'give either "id" (a built-in scenario) or "scenario", not both')
  if (data.seed !== undefined && !(typeof data.seed === 'number' && Number.isInteger(data.seed) && data.seed >= 0 && data.seed <= 0xffffffff)) {
    return fail('seed', `must be a whole number from 0 to 4294967295, got ${JSON.stringify(data.seed)}`)
  }
  for (const flag of ['sandbox', 'autoplay'] as const) {
    if (data[flag] !== undefined && typeof data[flag] !== 'boolean') return fail(flag, `must be true or false, got ${JSON.stringify(data[flag])}`)
  }
  let scenario: Scenario
  if (data.id !== undefined) {
    const found = typeof data.id === 'string' ? builtInScenario(data.id) : undefined
    if (!found) return fail('id', `there is no built-in scenario called ${JSON.stringify(data.id)} (they are: ${builtInScenarioIds().join(', ')})`)
    scenario = found
  } else if (data.scenario !== undefined) {
    let raw: unknown = data.scenario
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw) as unknown
      } catch (e) {
        return fail('scenario', `is text but not valid JSON (${e instanceof Error ? e.message : String(e)})`)
      }
    }
    try {
      scenario = parseScenario(raw)
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e
      return { issues: e.issues, message: issuesMessage('loadScenario refused: the scenario is not valid', e.issues) }
    }
  } else {
    return fail('scenario', 'missing: give "id" (a built-in scenario) or "scenario" (a scenario in the file format)')
  }
  return {
    scenario,
    seed: data.seed as number | undefined,
    sandbox: data.sandbox === true,
    autoplay: data.autoplay as boolean | undefined,
  }
}

/** Starts the bridge: events out to `parent`, commands in from allowed origins. */
export function createEmbedBridge(options: BridgeOptions): EmbedBridge {
  const { store, client, parent, origins } = options
  const now = options.now ?? (() => performance.now())
  const schedule = options.schedule ?? ((cb, ms) => setTimeout(cb, ms))
  const cancel = options.cancel ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const anyOrigin = origins.includes('*')
  const allowed = (origin: string) => anyOrigin || origins.includes(origin)
  // Where events go (see the decisions at the top of this file).
  const targets: string[] =
    origins.length === 0 || anyOrigin ? ['*'] : options.parentOrigin !== null ? (origins.includes(options.parentOrigin) ? [options.parentOrigin] : []) : origins

  const post = (message: OutMessage) => {
    for (const target of targets) parent.postMessage(message, target)
  }
  const reply = (e: MessageEvent, message: OutMessage) => {
    const source = e.source as MessageTarget | null
    const to = source && source !== parent ? source : parent
    to.postMessage(message, e.origin && e.origin !== 'null' ? e.origin : '*')
  }

  let ready = false
  const waiting: MessageEvent[] = []
  let lastKey = ''
  let lastSentAt = -Infinity
  let lastClock = ''
  let timer: unknown = null
  let reportedError: string | null = null
  /**
   * After a `reset` or `loadScenario`, the first frame of the new run goes out at once (its key may
   * be the old one: the same scenario, playing as before, at step 0 of the same lesson). A frame of
   * the old run can still arrive after the command (one was in flight): the new run is known by its
   * clock, which starts again below where the command found it (or at 0), and by its scenario.
   */
  let fresh: { before: number; scenarioId: string | null } | null = null
  /** Lesson steps already reported (or done before we started watching), per lesson run. */
  let track: { lessonId: string; reported: Set<number>; done: boolean } | null = null
  const warned = new Set<string>()

  const stateMessage = (s: SimStoreState, id?: string | number): OutMessage | null => {
    const summary = summarize(s)
    return summary ? { source: SOURCE, type: 'state', ...(id === undefined ? {} : { requestId: id }), ...summary } : null
  }

  const sendState = () => {
    if (timer !== null) {
      cancel(timer)
      timer = null
    }
    const s = store.getState()
    const message = stateMessage(s)
    if (!message) return
    lastSentAt = now()
    lastClock = `${s.simTime}:${s.eventLogHash}`
    post(message)
  }

  const followLesson = (f: LessonFrame | null) => {
    if (!f) {
      track = null
      return
    }
    const restarted = track !== null && [...track.reported].some((step) => !f.completedSteps.includes(step))
    if (track === null || track.lessonId !== f.lessonId || restarted) {
      // A new lesson run: what is already done (steps played through to reach a linked step) is not news.
      track = { lessonId: f.lessonId, reported: new Set(f.completedSteps), done: f.lessonComplete }
      return
    }
    const spec = store.getState().scenario?.lesson
    for (const step of f.completedSteps) {
      if (track.reported.has(step)) continue
      track.reported.add(step)
      post({ source: SOURCE, type: 'stepCompleted', lessonId: f.lessonId, step, stepTitle: spec?.steps[step]?.title ?? '', stepCount: f.stepCount })
    }
    if (f.lessonComplete && !track.done) {
      track.done = true
      post({ source: SOURCE, type: 'lessonCompleted', lessonId: f.lessonId, title: spec?.title ?? f.lessonId, stepCount: f.stepCount })
    }
  }

  const onStore = (s: SimStoreState) => {
    if (s.status === 'error' && s.error !== reportedError) {
      reportedError = s.error
      post({ source: SOURCE, type: 'error', command: '', message: `The simulation stopped: ${s.error ?? 'unknown error'}`, issues: [] })
    }
    if (!ready) {
      if (s.status !== 'ready' || !s.view) return
      ready = true
      post({ source: SOURCE, type: 'ready', version: API_VERSION, scenarioId: s.view.scenarioId, title: s.view.title, commandsAllowed: origins.length > 0 })
      followLesson(s.lesson)
      lastKey = keyOf(s)
      sendState()
      for (const e of waiting.splice(0)) handle(e)
      return
    }
    followLesson(s.lesson)
    const key = keyOf(s)
    if (fresh && s.view && (s.simTime < fresh.before || s.simTime === 0) && (fresh.scenarioId === null || s.view.scenarioId === fresh.scenarioId)) {
      fresh = null
      lastKey = key
      sendState()
      return
    }
    if (key !== lastKey) {
      lastKey = key
      sendState()
      return
    }
    if (timer === null && `${s.simTime}:${s.eventLogHash}` !== lastClock) {
      timer = schedule(
        () => {
          timer = null
          sendState()
        },
        Math.max(0, lastSentAt + STATE_INTERVAL_MS - now()),
      )
    }
  }

  const handle = (e: MessageEvent) => {
    const data = e.data as Record<string, unknown>
    const type = data.type as string
    const id = typeof data.requestId === 'string' || typeof data.requestId === 'number' ? data.requestId : undefined
    const withId = id === undefined ? {} : { requestId: id }
    switch (type) {
      case 'play':
        client.play()
        return
      case 'pause':
        client.pause()
        return
      case 'reset':
        client.reset()
        fresh = { before: store.getState().simTime, scenarioId: null }
        return
      case 'getState': {
        const message = stateMessage(store.getState(), id)
        if (message) reply(e, message)
        return
      }
      case 'loadScenario': {
        const load = readLoadCommand(data)
        if ('issues' in load) {
          reply(e, { source: SOURCE, type: 'error', ...withId, command: 'loadScenario', message: load.message, issues: load.issues })
          return
        }
        const { scenario } = load
        const before = store.getState().simTime
        void client.load(scenario, {
          playing: load.autoplay ?? options.autoplay,
          ...(load.seed === undefined ? {} : { seed: load.seed }),
          ...(scenario.lesson && !load.sandbox ? { lessonStep: 0 } : {}),
        })
        fresh = { before, scenarioId: scenario.id }
        reply(e, { source: SOURCE, type: 'loaded', ...withId, scenarioId: scenario.id, title: scenario.title })
        return
      }
      default:
        reply(e, {
          source: SOURCE,
          type: 'error',
          ...withId,
          command: type,
          message: `Unknown command "${type}". The commands are: ${COMMAND_TYPES.join(', ')}.`,
          issues: [{ path: 'type', message: `unknown command "${type}"` }],
        })
    }
  }

  const onMessage = (e: MessageEvent) => {
    const data: unknown = e.data
    // Other scripts talk through postMessage too: only objects shaped like our commands are ours.
    if (!isObject(data) || typeof data.type !== 'string') return
    if (data.source !== undefined && data.source !== SOURCE) return
    if (OUT_TYPES.has(data.type)) return
    if (!allowed(e.origin)) {
      if (!warned.has(e.origin)) {
        warned.add(e.origin)
        const why = origins.length === 0 ? 'this page has no ?origins= allow-list, so commands are off' : `${e.origin} is not in ?origins=`
        options.warn?.(`kafka-sim ignored the "${data.type}" command from ${e.origin}: ${why} (see docs/embedding.md).`)
      }
      return
    }
    if (ready) handle(e)
    else waiting.push(e)
  }

  options.host.addEventListener('message', onMessage)
  const unsubscribe = store.subscribe(onStore)
  onStore(store.getState())

  return {
    state: () => summarize(store.getState()),
    destroy: () => {
      unsubscribe()
      options.host.removeEventListener('message', onMessage)
      if (timer !== null) cancel(timer)
    },
  }
}

/** What makes a `state` go out at once: playing or not, the scenario, the lesson step and its completion. */
function keyOf(s: SimStoreState): string {
  const f = s.lesson
  return `${s.playing}|${s.view?.scenarioId ?? ''}|${f ? `${f.lessonId}:${f.step}:${f.complete}:${f.lessonComplete}` : '-'}`
}
