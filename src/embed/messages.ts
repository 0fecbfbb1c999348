/**
 * The postMessage API of an embedded kafka-sim (docs/embedding.md): the messages the app sends to
 * the page that embeds it, and the commands that page may send. Plain JSON data, so any page can
 * use them without importing this module.
 */
import type { ScenarioIssue } from '../engine'

/** Every message kafka-sim sends carries this `source`, so a page can tell them from others. */
export const SOURCE = 'kafka-sim'
/** Version of this API, sent in `ready`. */
export const API_VERSION = 1

/** A small summary of the simulation, for a course page's own display or progress tracking. */
export interface StateSummary {
  scenarioId: string
  title: string
  playing: boolean
  speed: number
  /** Simulated milliseconds since the scenario started. */
  simTimeMs: number
  /** Fingerprint of every event so far: the same scenario, seed and commands give the same hash at the same simTimeMs. */
  eventLogHash: string
  /** The lesson being followed, or null (sandbox, or a scenario without a lesson). */
  lesson: {
    id: string
    /** The current step, from 0. */
    step: number
    stepCount: number
    stepTitle: string
    /** The current step's goals are met. */
    stepComplete: boolean
    lessonComplete: boolean
  } | null
  counts: {
    brokers: number
    brokersAlive: number
    topics: number
    partitions: number
    producers: number
    groups: number
    consumers: number
    produced: number
    consumed: number
    lost: number
    /** Records not yet consumed, summed over every group (committed-offset lag). */
    lag: number
  }
}

export type OutMessage =
  | { source: typeof SOURCE; type: 'ready'; version: typeof API_VERSION; scenarioId: string; title: string; commandsAllowed: boolean }
  | ({ source: typeof SOURCE; type: 'state'; requestId?: string | number } & StateSummary)
  | { source: typeof SOURCE; type: 'stepCompleted'; lessonId: string; step: number; stepTitle: string; stepCount: number }
  | { source: typeof SOURCE; type: 'lessonCompleted'; lessonId: string; title: string; stepCount: number }
  | { source: typeof SOURCE; type: 'loaded'; requestId?: string | number; scenarioId: string; title: string }
  | { source: typeof SOURCE; type: 'error'; requestId?: string | number; command: string; message: string; issues: ScenarioIssue[] }

/**
 * Commands a page may send (from an origin on `?origins=`). Any command may carry a `requestId`
 * (string or number), echoed in its reply (`state`, `loaded` or `error`).
 */
export type InCommand = { requestId?: string | number; source?: typeof SOURCE } & (
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'reset' }
  | { type: 'getState' }
  | {
      type: 'loadScenario'
      /** A built-in scenario by id... */
      id?: string
      /** ...or a scenario in the file format (an object, or its JSON text). */
      scenario?: unknown
      seed?: number
      /** Open without the lesson (everything unlocked). */
      sandbox?: boolean
      /** Start playing (default: the page's `autoplay`). */
      autoplay?: boolean
    }
)

export const COMMAND_TYPES = ['play', 'pause', 'reset', 'loadScenario', 'getState'] as const
