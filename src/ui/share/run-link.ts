/**
 * Links that reproduce a run.
 *
 * In the sandbox a session is `scenario + seed + commands`: the link carries those three (and the
 * simulated time it was copied at), so opening it replays the same commands at the same simulated
 * times and arrives at the same state, with the same event log hash.
 *
 * In a lesson a session is `scenario + seed + the step it started at + the learner's inputs`
 * (commands, Next step, Show me, Restart step, each at its simulated time, in the order done: a
 * rewind takes the clock back). Opening the link replays the inputs through the lesson runner,
 * which issues the lesson's own scripted commands itself, and arrives at the same step, time,
 * event log and goal statuses (src/worker/lesson-runner.ts).
 *
 * Formats, shortest first:
 * - a built-in lesson at the start of a step, nothing done yet: `?lesson=<id>` (`&step=<n>` from
 *   step 2, `&seed=<s>` when not the scenario's own seed). No data.
 * - a built-in scenario in the sandbox, nothing done yet: `?lesson=<id>&sandbox`.
 * - anything else: `?run=<payload>`, where the payload is the JSON of a `RunPayload`, compressed
 *   with deflate-raw (CompressionStream) and written in base64url (RFC 4648 §5, no padding). A
 *   built-in scenario is named by its id there too, so lesson sessions stay short.
 *
 * Payload versions: 1 (sandbox runs, and lessons at the start of a step), 2 (adds a lesson
 * session's inputs, `l`, and its time, `t`). Links are written as version 2; both are read.
 */
import { parseScenario, ScenarioError } from '../../engine'
import type { Command, RecordedCommand, Scenario } from '../../engine'
import { builtInScenario, builtInScenarioIds } from '../../scenarios'
import type { LessonAction, LessonInput, LessonSession } from '../../worker/protocol'

/** The version links are written in. */
/**
 * A link opens by simulating up to its time: a hand-made link asking for years would freeze the
 * page, so links reach at most 6 simulated hours (a lesson runs for minutes).
 */
export const MAX_LINK_TIME_MS = 6 * 3_600_000

export const RUN_VERSION = 2
/** Every version still read. */
const READ_VERSIONS: readonly number[] = [1, 2]

const LESSON_ACTIONS: readonly LessonAction[] = ['next', 'showMe', 'restartStep']

/** What `?run=` carries, before compression. Field names are short: they are in every link. */
export interface RunPayload {
  /** Format version. */
  v: 1 | 2
  /** A built-in scenario, by id (unmodified)... */
  id?: string
  /** ...or the whole scenario, in the scenario file format. */
  scenario?: Scenario
  seed: number
  /** Simulated ms the link was copied at: the run opens there. */
  t?: number
  /** Sandbox: the commands given so far, `[at, command]`, at in simulated ms, in the order they ran. */
  c?: [number, Command][]
  /** Follow the scenario's lesson from this step (0-based); absent: the sandbox. */
  step?: number
  /**
   * Version 2, with `step`: the lesson session's inputs in the order given, `[at, command]` or
   * `[at, "next" | "showMe" | "restartStep"]`. Times go back after a Show me or Restart step.
   */
  l?: [number, Command | LessonAction][]
}

/** A run read from a link, ready for `SimClient.load`. */
export interface DecodedRun {
  scenario: Scenario
  seed: number
  /** Sandbox: commands to replay at their times. */
  commands: RecordedCommand[]
  /** Run on to this simulated time after the commands (or the lesson inputs). */
  until: number
  /** Follow the lesson from this step; undefined: the sandbox. */
  lessonStep: number | undefined
  /** With `lessonStep`: the learner's inputs to replay through the lesson, in order. */
  lessonInputs: LessonInput[]
}

/** A link that cannot be read, with the reason in words. */
export class RunLinkError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RunLinkError'
  }
}

// ---- bytes ----

async function pipeThrough(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter()
  // Errors (corrupt input) surface on the reading side; these promises would only repeat them.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {})
  writer.close().catch(() => {})
  const reader = stream.readable.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    chunks.push(value)
    length += value.length
  }
  const out = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new RunLinkError('it contains characters a link never has (it may have been cut or changed)')
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)
  let binary: string
  try {
    binary = atob(base64)
  } catch {
    throw new RunLinkError('it is cut short or was changed')
  }
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

function canCompress(): boolean {
  return typeof CompressionStream === 'function' && typeof DecompressionStream === 'function'
}

/** The payload as it goes into `?run=`. */
export async function encodeRun(payload: RunPayload): Promise<string> {
  if (!canCompress()) throw new RunLinkError('this browser cannot compress data (CompressionStream is missing), so it cannot make a link to this run')
  const json = new TextEncoder().encode(JSON.stringify(payload))
  return toBase64Url(await pipeThrough(json, new CompressionStream('deflate-raw')))
}

/** The raw payload of `?run=`: decompressed and parsed, not yet checked. */
export async function decodeRunPayload(text: string): Promise<unknown> {
  if (text.length === 0) throw new RunLinkError('it is empty')
  if (!canCompress()) throw new RunLinkError('this browser cannot decompress data (DecompressionStream is missing); open the link in a current browser')
  const bytes = fromBase64Url(text)
  let json: string
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await pipeThrough(bytes, new DecompressionStream('deflate-raw')))
  } catch (e) {
    if (e instanceof RunLinkError) throw e
    throw new RunLinkError('its data cannot be decompressed (the link is cut short or was changed)')
  }
  try {
    return JSON.parse(json) as unknown
  } catch {
    throw new RunLinkError('its data is not JSON (the link was changed)')
  }
}

// ---- checking a payload ----

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function wholeNumber(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
}

function issuesText(e: ScenarioError, rename: (path: string) => string = (p) => p): string {
  return e.issues.map((i) => (i.path ? `${rename(i.path)}: ${i.message}` : i.message)).join('; ')
}

/**
 * The commands, checked by the scenario parser's own command check (as a timeline of the
 * scenario), so a link accepts exactly the commands a scenario file would.
 */
function checkCommands(scenario: Scenario, list: unknown): RecordedCommand[] {
  if (list === undefined) return []
  if (!Array.isArray(list)) throw new RunLinkError('"c" (the commands) must be a list')
  const timeline: { at: unknown; command: unknown }[] = []
  let last = 0
  list.forEach((entry: unknown, i) => {
    if (!Array.isArray(entry) || entry.length !== 2) throw new RunLinkError(`c[${i}] must be [time, command]`)
    const [at, command] = entry as [unknown, unknown]
    if (!wholeNumber(at, 0, MAX_LINK_TIME_MS)) throw new RunLinkError(`c[${i}]: the time must be a whole number of milliseconds up to ${MAX_LINK_TIME_MS} (6 hours), got ${JSON.stringify(at)}`)
    if (at < last) throw new RunLinkError(`c[${i}]: the commands must be in time order (${at} ms comes after ${last} ms)`)
    last = at
    timeline.push({ at, command })
  })
  return parsedCommands(scenario, timeline, 'c')
}

/** Commands checked by the scenario parser (as the scenario's timeline); problems named `<field>[i]`. */
function parsedCommands(scenario: Scenario, timeline: { at: unknown; command: unknown }[], field: string): RecordedCommand[] {
  try {
    const checked = parseScenario({ ...scenario, lesson: undefined, timeline })
    return checked.timeline.map((t) => ({ at: t.at, command: t.command }))
  } catch (e) {
    if (e instanceof ScenarioError) throw new RunLinkError(issuesText(e, (p) => p.replace(/^timeline\[(\d+)\]\.command/, `${field}[$1]`)))
    throw e
  }
}

/**
 * A lesson session's inputs (`l`): commands checked as `c`'s are, lesson controls by name. Times are
 * not checked for order here: a rewind takes the clock back to where its step began, which only a
 * replay knows; the lesson runner checks each time as it replays.
 */
function checkLessonInputs(scenario: Scenario, list: unknown): LessonInput[] {
  if (list === undefined) return []
  if (!Array.isArray(list)) throw new RunLinkError('"l" (the lesson inputs) must be a list')
  const entries = list.map((entry: unknown, i): { at: number; input: unknown } => {
    if (!Array.isArray(entry) || entry.length !== 2) throw new RunLinkError(`l[${i}] must be [time, command or lesson control]`)
    const [at, input] = entry as [unknown, unknown]
    if (!wholeNumber(at, 0, MAX_LINK_TIME_MS)) throw new RunLinkError(`l[${i}]: the time must be a whole number of milliseconds up to ${MAX_LINK_TIME_MS} (6 hours), got ${JSON.stringify(at)}`)
    if (typeof input === 'string' && !(LESSON_ACTIONS as readonly string[]).includes(input)) {
      throw new RunLinkError(`l[${i}]: unknown lesson control ${JSON.stringify(input)} (they are: ${LESSON_ACTIONS.join(', ')})`)
    }
    return { at, input }
  })
  // Commands keep their index in `l`, so a problem names the entry at fault.
  const commands = parsedCommands(
    scenario,
    entries.map((e) => ({ at: e.at, command: typeof e.input === 'string' ? { type: 'addBroker' } : e.input })),
    'l',
  )
  return entries.map((e, i) => (typeof e.input === 'string' ? { at: e.at, action: e.input as LessonAction } : { at: e.at, command: (commands[i] as RecordedCommand).command }))
}

/** Checks a payload read from a link; every problem is a RunLinkError naming the field. */
export function checkRunPayload(raw: unknown): DecodedRun {
  if (!isObject(raw)) throw new RunLinkError('its data is not a run')
  if (typeof raw.v !== 'number' || !READ_VERSIONS.includes(raw.v)) {
    throw new RunLinkError(typeof raw.v === 'number' && raw.v > RUN_VERSION ? 'it was made by a newer version of kafka-sim' : `"v" must be ${READ_VERSIONS.join(' or ')}`)
  }
  const version = raw.v
  const known = ['v', 'id', 'scenario', 'seed', 't', 'c', 'step', ...(version >= 2 ? ['l'] : [])]
  const unknown = Object.keys(raw).filter((k) => !known.includes(k))
  if (unknown.length > 0) throw new RunLinkError(`it has fields this version does not know: ${unknown.join(', ')}`)
  let scenario: Scenario
  if (raw.id !== undefined && raw.scenario !== undefined) throw new RunLinkError('it names a built-in scenario ("id") and carries one ("scenario"); it must do one of the two')
  if (raw.id !== undefined) {
    const found = typeof raw.id === 'string' ? builtInScenario(raw.id) : undefined
    if (!found) throw new RunLinkError(`there is no built-in scenario called ${JSON.stringify(raw.id)} (they are: ${builtInScenarioIds().join(', ')})`)
    scenario = found
  } else if (raw.scenario !== undefined) {
    try {
      scenario = parseScenario(raw.scenario)
    } catch (e) {
      if (e instanceof ScenarioError) throw new RunLinkError(`its scenario is not valid: ${issuesText(e, (p) => `scenario.${p}`)}`)
      throw e
    }
  } else {
    throw new RunLinkError('it names no scenario ("id" or "scenario")')
  }
  if (!wholeNumber(raw.seed, 0, 0xffffffff)) throw new RunLinkError(`"seed" must be a whole number from 0 to 4294967295, got ${JSON.stringify(raw.seed)}`)
  const commands = checkCommands(scenario, raw.c)
  const lastAt = commands.length > 0 ? (commands[commands.length - 1] as RecordedCommand).at : 0
  let until = lastAt
  if (raw.t !== undefined) {
    if (!wholeNumber(raw.t, 0, MAX_LINK_TIME_MS)) throw new RunLinkError(`"t" (the time) must be a whole number of milliseconds up to ${MAX_LINK_TIME_MS} (6 hours), got ${JSON.stringify(raw.t)}`)
    if (raw.t < lastAt) throw new RunLinkError(`"t" is ${raw.t} ms, before its last command (${lastAt} ms)`)
    until = raw.t
  }
  let lessonStep: number | undefined
  let lessonInputs: LessonInput[] = []
  if (raw.step !== undefined) {
    const steps = scenario.lesson?.steps.length ?? 0
    if (steps === 0) throw new RunLinkError('it asks for a lesson step, but its scenario has no lesson')
    if (!wholeNumber(raw.step, 0, steps - 1)) throw new RunLinkError(`"step" must be a step index from 0 to ${steps - 1}, got ${JSON.stringify(raw.step)}`)
    if (commands.length > 0) throw new RunLinkError(`a lesson link carries the learner's inputs in ${version >= 2 ? '"l"' : 'a newer link format'}, not commands in "c"`)
    if (version < 2 && until > 0) throw new RunLinkError('a version 1 lesson link starts at a step and carries no time')
    lessonStep = raw.step
    lessonInputs = checkLessonInputs(scenario, raw.l)
  } else if (raw.l !== undefined) {
    throw new RunLinkError('it carries lesson inputs ("l") but no lesson step ("step")')
  }
  return { scenario, seed: raw.seed, commands, until, lessonStep, lessonInputs }
}

/** Reads `?run=`: decompresses, parses and checks it. Throws a RunLinkError in words. */
export async function decodeRun(text: string): Promise<DecodedRun> {
  return checkRunPayload(await decodeRunPayload(text))
}

// ---- making links ----

/** The scenario in the file format, ready for JSON: `parseScenario` reads it back to the same scenario. */
export function scenarioFile(scenario: Scenario): Scenario {
  return JSON.parse(JSON.stringify(scenario)) as Scenario
}

/** The built-in scenario this one is, unmodified, or null. */
export function builtInIdOf(scenario: Scenario): string | null {
  const same = builtInScenario(scenario.id)
  return same && JSON.stringify(same) === JSON.stringify(scenario) ? scenario.id : null
}

/** What is being simulated, as the page knows it. */
export interface RunState {
  scenario: Scenario
  seed: number
  /** Simulated ms now. */
  simTime: number
  /** Every command run so far (replayed in the sandbox). */
  commands: RecordedCommand[]
  /** The lesson step being followed; null: the sandbox (no lesson, or left for the sandbox). */
  lessonStep: number | null
  /**
   * With `lessonStep`: the lesson session that led there (`SimClient.session()`). Absent: the link
   * opens the lesson at the start of `lessonStep`.
   */
  lesson?: LessonSession
}

/** Nothing done in the session and no time passed since its step began: `?lesson=&step=` reproduces it. */
export function atStepStart(session: LessonSession, simTime: number): boolean {
  return session.inputs.length === 0 && simTime === session.startTime
}

function lessonInputEntry(input: LessonInput): [number, Command | LessonAction] {
  return 'command' in input ? [input.at, input.command] : [input.at, input.action]
}

/** The page address without query or fragment: links are built on it, so they work wherever the app is hosted. */
export function appBase(location: { origin: string; pathname: string }): string {
  return `${location.origin}${location.pathname}`
}

function query(params: [string, string | null][]): string {
  return params.map(([k, v]) => (v === null ? k : `${k}=${encodeURIComponent(v)}`)).join('&')
}

/**
 * The query (without "?") that reproduces this run: for a lesson being followed, the step it
 * started at, the learner's inputs and the time; else the scenario, seed, commands and time.
 */
export async function runQuery(state: RunState): Promise<string> {
  const { scenario, seed } = state
  const id = builtInIdOf(scenario)
  const seedParam: [string, string][] = seed === scenario.seed ? [] : [['seed', String(seed)]]
  if (state.lessonStep !== null && scenario.lesson) {
    const session = state.lesson ?? { startStep: state.lessonStep, startTime: state.simTime, inputs: [] }
    const step = session.startStep
    const fresh = atStepStart(session, state.simTime)
    if (id && fresh) return query([['lesson', id], ...(step > 0 ? [['step', String(step + 1)] as [string, string]] : []), ...seedParam])
    const payload: RunPayload = {
      v: RUN_VERSION,
      ...(id ? { id } : { scenario: scenarioFile(scenario) }),
      seed,
      step,
      ...(fresh ? {} : { t: state.simTime }),
      ...(session.inputs.length > 0 ? { l: session.inputs.map(lessonInputEntry) } : {}),
    }
    return query([['run', await encodeRun(payload)]])
  }
  if (id && state.commands.length === 0) return query([['lesson', id], ['sandbox', null], ...seedParam])
  const payload: RunPayload = {
    v: RUN_VERSION,
    ...(id ? { id } : { scenario: scenarioFile(scenario) }),
    seed,
    t: state.simTime,
    c: state.commands.map((c): [number, Command] => [c.at, c.command]),
  }
  return query([['run', await encodeRun(payload)]])
}

/** The scenario alone, as it starts (no commands, no time): the basis of the embed code. */
export async function scenarioQuery(scenario: Scenario, seed: number, sandbox: boolean): Promise<string> {
  const id = builtInIdOf(scenario)
  const seedParam: [string, string][] = seed === scenario.seed ? [] : [['seed', String(seed)]]
  if (id) return query([['lesson', id], ...(sandbox ? [['sandbox', null] as [string, null]] : []), ...seedParam])
  const following = !sandbox && scenario.lesson !== undefined
  return query([['run', await encodeRun({ v: RUN_VERSION, scenario: scenarioFile(scenario), seed, ...(following ? { step: 0 } : {}) })]])
}

export interface EmbedOptions {
  controls: 'none' | 'basic' | 'full'
  autoplay: boolean
}

/** Escapes text for a double-quoted HTML attribute. */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** The `<iframe>` a course page pastes: 800x500, titled, with the embed parameters. */
export function embedSnippet(base: string, scenarioParams: string, title: string, options: EmbedOptions): string {
  const params = [scenarioParams, 'embed', ...(options.controls === 'full' ? [] : [`controls=${options.controls}`]), ...(options.autoplay ? [] : ['autoplay=0'])]
  const src = `${base}?${params.join('&')}`
  return `<iframe src="${attribute(src)}" width="800" height="500" title="${attribute(`kafka-sim: ${title}`)}" style="border: 0" loading="lazy" allow="clipboard-write"></iframe>`
}
