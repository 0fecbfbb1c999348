/**
 * Runs a lesson beside the simulation, in the worker: the current step's goals are checked on
 * every frame; its setup and "Show me" commands run at their times (recorded like any command, so
 * a shared link replays them); its locks refuse commands with the lesson's reason.
 *
 * "Show me" goes back to where the step began (a snapshot taken before its setup) and plays the
 * solution from there, as learnGitBranching does, so the solution always meets the state it was
 * written for.
 */
import { createGoalTracker } from '../engine'
import type { Command, CommandResult, GoalStatus, GoalTracker, LessonSpec, SimSnapshot, Simulation, TimedCommand } from '../engine'
import type { LessonFrame } from './protocol'

/** Simulated time a jump may spend playing one earlier step's solution. */
const JUMP_LIMIT_MS = 5 * 60_000
const JUMP_TICK_MS = 100

export class LessonRunner {
  step = 0
  private tracker: GoalTracker | null = null
  private statuses: GoalStatus[] = []
  private snapshot: SimSnapshot | null = null
  private pending: { at: number; command: Command }[] = []
  private complete = false
  private completedSteps = new Set<number>()
  private demo = false

  constructor(
    private readonly sim: () => Simulation,
    readonly lessonId: string,
    readonly lesson: LessonSpec,
  ) {}

  /** Starts step `index`: remembers where it began, runs its setup, and checks its goals from now. */
  start(index: number): void {
    const sim = this.sim()
    this.step = Math.max(0, Math.min(index, this.lesson.steps.length - 1))
    this.snapshot = sim.snapshot()
    this.begin(false)
  }

  private begin(withSolution: boolean): void {
    const sim = this.sim()
    const step = this.lesson.steps[this.step]
    if (!step) return
    this.complete = false
    this.demo = withSolution
    this.tracker = createGoalTracker(sim, step.goals)
    this.statuses = this.tracker.statuses()
    const now = sim.now()
    const timed: TimedCommand[] = [...step.setup, ...(withSolution ? step.solution : [])]
    this.pending = timed.map((t, i) => ({ t, i })).sort((a, b) => a.t.after - b.t.after || a.i - b.i).map(({ t }) => ({ at: now + t.after, command: t.command }))
    this.runPending(now)
  }

  /** "Show me": back to the step's start, then its setup and solution. Returns the simulation to use (restored). */
  showMe(): void {
    if (!this.snapshot) return
    this.sim().restore(this.snapshot)
    this.begin(true)
  }

  restartStep(): void {
    if (!this.snapshot) return
    this.sim().restore(this.snapshot)
    this.begin(false)
  }

  /** Goes on to the next step once this one is done (returns false otherwise). */
  next(): boolean {
    if (!this.complete || this.step >= this.lesson.steps.length - 1) return false
    this.start(this.step + 1)
    return true
  }

  /**
   * Starts at step `index` by playing every earlier step's setup and solution first, through the
   * engine, until each step's goals hold (as the lesson tests do).
   */
  jumpTo(index: number): void {
    const sim = this.sim()
    const target = Math.max(0, Math.min(index, this.lesson.steps.length - 1))
    for (let k = 0; k < target; k++) {
      this.step = k
      this.snapshot = sim.snapshot()
      this.begin(true)
      const start = sim.now()
      for (let t = JUMP_TICK_MS; t <= JUMP_LIMIT_MS && !this.complete; t += JUMP_TICK_MS) {
        this.runPending(start + t)
        sim.runUntil(start + t)
        this.update()
      }
      // update() marked the step done if its solution reached the goals; one that did not stays undone.
    }
    this.start(target)
  }

  /** The earliest time a scripted command of this step is due, or Infinity. */
  nextDue(): number {
    return this.pending[0]?.at ?? Infinity
  }

  /** Runs the commands due at or before `time`, each at its exact time. */
  runPending(time: number): void {
    const sim = this.sim()
    while (this.pending.length > 0 && (this.pending[0] as { at: number }).at <= time) {
      const { at, command } = this.pending.shift() as { at: number; command: Command }
      sim.runUntil(at)
      sim.dispatch(command)
    }
  }

  /** Checks the goals; a step, once done, stays done. */
  update(): void {
    if (!this.tracker) return
    this.statuses = this.tracker.update()
    if (!this.complete && this.tracker.done()) {
      this.complete = true
      this.completedSteps.add(this.step)
      this.demo = false
    }
  }

  /**
   * Kafka would accept it, but the lesson does not allow it in this step. The message says why in
   * the lesson's words, and how to get every control back.
   */
  refuse(command: Command): CommandResult | null {
    const step = this.lesson.steps[this.step]
    if (!step || !step.lock.includes(command.type)) return null
    return { ok: false, error: 'LOCKED_BY_LESSON', message: `${step.lockReason} (Locked in this step of the lesson; "Open in sandbox" unlocks every control.)` }
  }

  frame(): LessonFrame {
    return {
      lessonId: this.lessonId,
      step: this.step,
      stepCount: this.lesson.steps.length,
      statuses: this.statuses,
      complete: this.complete,
      completedSteps: [...this.completedSteps].sort((a, b) => a - b),
      lessonComplete: this.completedSteps.size === this.lesson.steps.length,
      demo: this.demo,
      locked: this.lesson.steps[this.step]?.lock ?? [],
    }
  }
}
