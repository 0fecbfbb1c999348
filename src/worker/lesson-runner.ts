/**
 * Runs a lesson beside the simulation, in the worker: the current step's goals are checked as
 * simulated time passes; its setup and "Show me" commands run at their times; its locks refuse
 * commands with the lesson's reason.
 *
 * "Show me" goes back to where the step began (a snapshot taken before its setup) and plays the
 * solution from there, as learnGitBranching does, so the solution always meets the state it was
 * written for.
 *
 * A lesson session is the step it started at plus the learner's inputs (commands, Next step, Show
 * me, Restart step), each at the simulated time it happened. The runner records them and can
 * replay them (`replay`), so a shared link reproduces the session: the same simulation, step and
 * goal statuses. For that, nothing here depends on the frame rate: goals are checked at fixed
 * simulated times (every GOAL_CHECK_MS, and right after each input), never "once per frame".
 */
import { createGoalTracker } from '../engine'
import type { Command, CommandResult, GoalStatus, GoalTracker, LessonSpec, SimSnapshot, Simulation, TimedCommand } from '../engine'
import type { LessonAction, LessonFrame, LessonInput, LessonSession } from './protocol'

/** Simulated time a jump may spend playing one earlier step's solution. */
const JUMP_LIMIT_MS = 5 * 60_000
const JUMP_TICK_MS = 100
/**
 * Goals are checked at every multiple of this much simulated time. Some checks keep history
 * ("at some moment the offsets differed", "lag stayed low for 10 s"), so when they are checked
 * changes what they say: checking at set simulated times, not per frame, makes a session's goal
 * statuses the same at any frame rate and on replay. 50 ms is half a second of wall time at the
 * slowest speed (0.1x), and about seven checks per 60 Hz frame at the fastest (20x).
 */
const GOAL_CHECK_MS = 50
/** How far one Step (the Right arrow) may go looking for something to happen, as `stepToNextEvent`. */
const STEP_LIMIT_MS = 600_000

function nextCheck(now: number): number {
  return (Math.floor(now / GOAL_CHECK_MS) + 1) * GOAL_CHECK_MS
}

function timeWords(ms: number): string {
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')} s`
}

const ACTION_NAMES: Record<LessonAction, string> = { next: 'Next step', showMe: 'Show me', restartStep: 'Restart step' }

export class LessonRunner {
  step = 0
  private tracker: GoalTracker | null = null
  private statuses: GoalStatus[] = []
  private snapshot: SimSnapshot | null = null
  private pending: { at: number; command: Command }[] = []
  private complete = false
  private completedSteps = new Set<number>()
  private demo = false
  private startStep = 0
  private startTime = 0
  private readonly inputs: LessonInput[] = []

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
    // What those commands started at this instant happens now too (see `command`).
    sim.runUntil(now)
  }

  /** "Show me": back to the step's start (the snapshot), then its setup and solution. */
  showMe(): boolean {
    if (!this.snapshot) return false
    this.sim().restore(this.snapshot)
    this.begin(true)
    return true
  }

  /** "Restart step": back to the step's start, then its setup again. */
  restartStep(): boolean {
    if (!this.snapshot) return false
    this.sim().restore(this.snapshot)
    this.begin(false)
    return true
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

  /** Begins a session at step `index` (earlier steps played through first): what `load` does. */
  open(index: number): void {
    if (index > 0) this.jumpTo(index)
    else this.start(0)
    this.startStep = this.step
    this.startTime = this.sim().now()
    this.inputs.length = 0
  }

  /** The session so far: its start and the learner's inputs (copies). */
  session(): LessonSession {
    return { startStep: this.startStep, startTime: this.startTime, inputs: this.inputs.map((i) => structuredClone(i)) }
  }

  /**
   * Moves the simulation on to `time`: the step's scripted commands at their times, and a goal
   * check at every multiple of GOAL_CHECK_MS on the way. Live play and a replay both move time only
   * through here and `stepToNext`, so they check the goals at the same moments.
   */
  runTo(time: number): void {
    const sim = this.sim()
    for (let at = nextCheck(sim.now()); at <= time; at += GOAL_CHECK_MS) {
      this.runPending(at)
      sim.runUntil(at)
      this.update()
    }
    this.runPending(time)
    sim.runUntil(time)
  }

  /**
   * Step (the Right arrow): runs to the next thing that happens, an event or a scripted command,
   * checking the goals at the multiples of GOAL_CHECK_MS it passes, as `runTo` does.
   */
  stepToNext(): void {
    const sim = this.sim()
    const events = sim.s.eventCount
    const commands = sim.commandLog.length
    const limit = sim.now() + STEP_LIMIT_MS
    while (sim.now() < limit && sim.s.eventCount === events && sim.commandLog.length === commands) {
      const from = sim.now()
      // Every scripted command due by now has run (runTo and begin see to it), so `stop` is ahead.
      const stop = Math.min(this.nextDue(), nextCheck(from), limit)
      sim.stepToNextEvent(stop - from)
      // What is due at this instant runs now, as runTo would: the scripted command, and any task it started.
      this.runPending(sim.now())
      sim.runUntil(sim.now())
      if (sim.now() % GOAL_CHECK_MS === 0) this.update()
    }
  }

  /** A learner's command: refused when the step locks it, otherwise run and recorded, and the goals checked. */
  command(command: Command): CommandResult {
    const refused = this.refuse(command)
    if (refused) return refused
    const sim = this.sim()
    this.inputs.push({ at: sim.now(), command: structuredClone(command) })
    const result = sim.dispatch(command)
    // What the command started at this instant happens now, not at the next frame or Step: so the
    // state after an input never depends on what came between it and the next one at the same
    // simulated time (a replay settles every instant it reaches).
    sim.runUntil(sim.now())
    this.update()
    return result
  }

  /** A lesson control; recorded when it did something (Next step does nothing until the step is done). */
  act(action: LessonAction): boolean {
    const at = this.sim().now()
    let done: boolean
    switch (action) {
      case 'next':
        done = this.next()
        break
      case 'showMe':
        done = this.showMe()
        break
      case 'restartStep':
        done = this.restartStep()
        break
    }
    if (done) this.inputs.push({ at, action })
    return done
  }

  /**
   * Replays a session's inputs, in order, each at its time, then runs on to `until`. Returns null,
   * or what does not fit (a changed link) in words; the caller then starts afresh.
   */
  replay(inputs: readonly LessonInput[], until: number | undefined): string | null {
    const sim = this.sim()
    for (const [i, input] of inputs.entries()) {
      const what = `l[${i}] (${'command' in input ? input.command.type : ACTION_NAMES[input.action]} at ${timeWords(input.at)})`
      if (input.at < sim.now()) return `${what} comes before the lesson's clock at that point (${timeWords(sim.now())})`
      this.runTo(input.at)
      if ('command' in input) {
        if (this.refuse(input.command)) return `${what}: step ${this.step + 1} of the lesson does not allow that command`
        this.command(input.command)
      } else if (!this.act(input.action)) {
        return `${what}: step ${this.step + 1} was not done at that time, so Next step does nothing`
      }
    }
    if (until !== undefined) {
      if (until < sim.now()) return `"t" (${timeWords(until)}) comes before the lesson's clock after its inputs (${timeWords(sim.now())})`
      this.runTo(until)
    }
    return null
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
