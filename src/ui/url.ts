/**
 * What the page's URL asks for: which lesson or scenario, the seed, autoplay, the embedded view
 * and its controls, a shared run. Every problem is reported in words naming the parameter; a bad
 * URL never leaves the learner with nothing (the default lesson loads instead).
 */
import { parseScenario, ScenarioError } from '../engine'
import type { RecordedCommand, Scenario } from '../engine'
import { builtInScenario, builtInScenarioIds, defaultScenario } from '../scenarios'
import type { ControlsLevel } from '../store/sim-store'
import type { LessonInput } from '../worker/protocol'
import { decodeRun, RunLinkError } from './share/run-link'

export type { ControlsLevel }

export interface PageOptions {
  scenario: Scenario
  seed: number | undefined
  autoplay: boolean
  embed: boolean
  controls: ControlsLevel
  /**
   * Origins allowed to send commands through postMessage (embedding), normalised as browsers write
   * `event.origin`; `*` allows any origin. Empty: commands are ignored (docs/embedding.md).
   */
  origins: string[]
  /** Collect frame statistics for the UI benchmark. */
  perf: boolean
  /** Open the scenario without its lesson (everything unlocked). */
  sandbox: boolean
  /** Start in presenter mode (large type, captions) for a projector. */
  presenter: boolean
  /** The lesson step to start at (0-based; earlier steps are played through). */
  step: number
  /** `?run=`: a shared run (scenario, seed, commands or lesson inputs), still compressed; read by `startOptions`. */
  run: string | null
  /** Problems found in the URL, in plain words. */
  problems: string[]
}

function issueText(e: unknown): string {
  if (e instanceof ScenarioError) return e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  return e instanceof Error ? e.message : String(e)
}

function readStep(text: string | null, problems: string[]): number {
  if (text === null) return 0
  if (/^\d{1,2}$/.test(text) && Number(text) >= 1) return Number(text) - 1
  problems.push(`The "step" parameter must be a step number from 1, not "${text}".`)
  return 0
}

export function readPageOptions(search: string): PageOptions {
  const params = new URLSearchParams(search)
  const problems: string[] = []
  let scenario: Scenario | undefined
  const lesson = params.get('lesson')
  const raw = params.get('scenario')
  if (raw !== null) {
    try {
      scenario = parseScenario(JSON.parse(raw))
    } catch (e) {
      problems.push(`The "scenario" parameter could not be loaded: ${e instanceof SyntaxError ? `it is not valid JSON (${e.message})` : issueText(e)}.`)
    }
  } else if (lesson !== null) {
    scenario = builtInScenario(lesson)
    if (!scenario) problems.push(`There is no lesson called "${lesson}" (the lessons are: ${builtInScenarioIds().join(', ')}).`)
  }
  let seed: number | undefined
  const seedText = params.get('seed')
  if (seedText !== null) {
    if (/^\d{1,10}$/.test(seedText) && Number(seedText) <= 0xffffffff) seed = Number(seedText)
    else problems.push(`The "seed" parameter must be a whole number from 0 to 4294967295, not "${seedText}".`)
  }
  const controlsText = params.get('controls')
  let controls: ControlsLevel = 'full'
  if (controlsText !== null) {
    if (controlsText === 'none' || controlsText === 'basic' || controlsText === 'full') controls = controlsText
    else problems.push(`The "controls" parameter must be none, basic or full, not "${controlsText}".`)
  }
  const autoplayText = params.get('autoplay')
  if (autoplayText !== null && autoplayText !== '0' && autoplayText !== '1') problems.push(`The "autoplay" parameter must be 0 or 1, not "${autoplayText}".`)
  const embedText = params.get('embed')
  if (embedText !== null && !['', '1', '0', 'true', 'false'].includes(embedText)) problems.push(`The "embed" parameter takes no value (or 1 or 0), not "${embedText}".`)
  const origins: string[] = []
  for (const text of (params.get('origins') ?? '').split(',')) {
    const o = text.trim()
    if (o.length === 0) continue
    const origin = readOrigin(o)
    if (origin === null) problems.push(`The origin "${o}" in "origins" should look like https://example.com (scheme, host and port if any; no path), or be * for any origin.`)
    else if (!origins.includes(origin)) origins.push(origin)
  }
  const run = params.get('run')
  const chosen = scenario ?? defaultScenario()
  let step = readStep(params.get('step'), problems)
  const steps = chosen.lesson?.steps.length ?? 0
  if (steps > 0 && step >= steps) {
    problems.push(`The lesson "${chosen.lesson?.title ?? chosen.id}" has ${steps} steps, so there is no step ${step + 1}; it opens at step ${steps}.`)
    step = steps - 1
  }
  return {
    scenario: chosen,
    seed,
    autoplay: autoplayText !== '0',
    embed: embedText !== null && embedText !== '0' && embedText !== 'false',
    controls,
    origins,
    perf: params.has('perf'),
    sandbox: params.has('sandbox'),
    presenter: params.has('presenter'),
    step,
    run,
    problems,
  }
}

/**
 * An allowed origin as a browser writes `event.origin` ("https://example.com", default port
 * dropped, lower case), or `*`; null when it is not one.
 */
function readOrigin(text: string): string | null {
  if (text === '*') return '*'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null
  // "https://example.com/" is accepted, but not "https://example.com/course".
  if (!/^https?:\/\/[^/]+\/?$/i.test(text)) return null
  return url.origin
}

/** What the simulation starts with: a scenario, its seed, and for a shared run what to replay. */
export interface StartOptions {
  scenario: Scenario
  seed: number | undefined
  /** Sandbox: commands to replay at their times. */
  commands: RecordedCommand[]
  /** After the commands (or the lesson inputs), run on to this simulated time (where a shared run was copied). */
  until: number | undefined
  /** Follow the scenario's lesson from this step; undefined: the sandbox. */
  lessonStep: number | undefined
  /** With `lessonStep`: a shared lesson session's inputs, replayed through the lesson in order. */
  lessonInputs: LessonInput[]
}

/**
 * What the page says when the worker could not replay a shared lesson session (`LoadResult.problem`):
 * the link decoded, but its inputs do not fit the lesson (it was changed), so the lesson opened at
 * its step without them.
 */
export function replayProblemText(start: StartOptions, problem: string): string {
  return `The shared lesson session in the "run" parameter could not be replayed: ${problem}. "${start.scenario.title}" opened at step ${(start.lessonStep ?? 0) + 1} instead.`
}

/** Where the page starts without a shared run: the lesson (from `step`) or, with `sandbox`, the scenario alone. */
export function plainStart(options: PageOptions): StartOptions {
  return {
    scenario: options.scenario,
    seed: options.seed,
    commands: [],
    until: undefined,
    lessonStep: options.scenario.lesson && !options.sandbox ? options.step : undefined,
    lessonInputs: [],
  }
}

/**
 * Where the page starts. `?run=` (a shared run) takes precedence over `lesson`, `scenario`,
 * `seed`, `step` and `sandbox`; when it cannot be read, the problem is reported and the rest of
 * the URL is used instead.
 */
export async function startOptions(options: PageOptions): Promise<{ start: StartOptions; problems: string[] }> {
  const fallback = plainStart(options)
  if (options.run === null) return { start: fallback, problems: [] }
  try {
    const run = await decodeRun(options.run)
    const replays = run.commands.length > 0 || run.lessonInputs.length > 0 || run.until > 0
    return {
      start: { scenario: run.scenario, seed: run.seed, commands: run.commands, until: replays ? run.until : undefined, lessonStep: run.lessonStep, lessonInputs: run.lessonInputs },
      problems: [],
    }
  } catch (e) {
    if (!(e instanceof RunLinkError)) throw e
    return { start: fallback, problems: [`The shared run in the "run" parameter could not be opened: ${e.message}. "${options.scenario.title}" opened instead.`] }
  }
}
