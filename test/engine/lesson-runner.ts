/**
 * Plays a lesson step headless, through the engine alone: the step's setup (and, if asked, its
 * "Show me" solution) at their `after` times from the step's start, checking the goals every tick.
 */
import { createGoalTracker } from '../../src/engine'
import type { CommandResult, GoalStatus, LessonStep, Simulation, TimedCommand } from '../../src/engine'

export interface StepRun {
  /** Every goal held at the same check. */
  done: boolean
  /** Simulated ms from the step's start to the first check where every goal held (or to the end). */
  tookMs: number
  statuses: GoalStatus[]
  /** Commands Kafka refused, with their results. */
  refused: { command: TimedCommand; result: CommandResult }[]
}

export interface StepOptions {
  solution: boolean
  /** Give up after this much simulated time. */
  limitMs: number
  /** How often the goals are checked (the UI checks on every frame). */
  tickMs?: number
  /** Keep running until the limit even when the goals are met (for "never met" checks). */
  runToLimit?: boolean
}

export function playStep(sim: Simulation, step: LessonStep, options: StepOptions): StepRun {
  const tick = options.tickMs ?? 100
  const start = sim.now()
  const tracker = createGoalTracker(sim, step.goals)
  const due = [...step.setup, ...(options.solution ? step.solution : [])]
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.after - b.c.after || a.i - b.i)
    .map((x) => x.c)
  const refused: StepRun['refused'] = []
  let next = 0
  let statuses = tracker.update()
  let doneAt: number | null = null
  for (let t = 0; t <= options.limitMs; t += tick) {
    // Commands due within this tick run at their exact times.
    while (next < due.length && (due[next] as TimedCommand).after <= t) {
      const timed = due[next++] as TimedCommand
      sim.runUntil(start + timed.after)
      const result = sim.dispatch(timed.command)
      if (!result.ok) refused.push({ command: timed, result })
    }
    sim.runUntil(start + t)
    statuses = tracker.update()
    if (tracker.done() && doneAt === null) {
      doneAt = t
      if (!options.runToLimit) break
    }
  }
  return { done: doneAt !== null, tookMs: doneAt ?? options.limitMs, statuses, refused }
}

export function formatStatuses(statuses: GoalStatus[]): string {
  return statuses.map((s) => `${s.ok ? '[x]' : '[ ]'} ${s.label} -- ${s.detail}`).join('\n')
}
