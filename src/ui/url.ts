/**
 * What the page's URL asks for: which lesson or scenario, the seed, autoplay, the embedded view
 * and its controls. Every problem is reported in words naming the parameter; a bad URL never
 * leaves the learner with nothing (the default lesson loads instead).
 */
import { parseScenario, ScenarioError } from '../engine'
import type { Scenario } from '../engine'
import { builtInScenario, builtInScenarioIds, defaultScenario } from '../scenarios'

export type ControlsLevel = 'none' | 'basic' | 'full'

export interface PageOptions {
  scenario: Scenario
  seed: number | undefined
  autoplay: boolean
  embed: boolean
  controls: ControlsLevel
  /** Origins allowed to send commands through postMessage (embedding). */
  origins: string[]
  /** Collect frame statistics for the UI benchmark. */
  perf: boolean
  /** Open the scenario without its lesson (everything unlocked). */
  sandbox: boolean
  /** Start in presenter mode (large type, captions) for a projector. */
  presenter: boolean
  /** The lesson step to start at (0-based; earlier steps are played through). */
  step: number
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
  const origins = (params.get('origins') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0)
  for (const o of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) problems.push(`The origin "${o}" in "origins" should look like https://example.com (scheme and host, no path).`)
  }
  return {
    scenario: scenario ?? defaultScenario(),
    seed,
    autoplay: autoplayText !== '0',
    embed: params.has('embed'),
    controls,
    origins: origins.filter((o) => /^https?:\/\/[^/\s]+$/.test(o)),
    perf: params.has('perf'),
    sandbox: params.has('sandbox'),
    presenter: params.has('presenter'),
    step: readStep(params.get('step'), problems),
    problems,
  }
}
