/**
 * Runs the engine for the UI: turns wall time x speed into simulated steps, applies commands, and
 * builds compact frames (the cluster view when something changed, records in flight, new event
 * sentences and console lines). Plain TypeScript with no worker globals: the worker wraps it, and
 * tests and browsers without workers run it in the page.
 */
import { createSimulation, describeEvent, readRecord } from '../engine'
import type { Command, RecordedCommand, Scenario, SimEvent, Simulation } from '../engine'
import { consumerPyLine, consumerPyStartLine, positionNote } from './console-format'
import { LessonRunner } from './lesson-runner'
import { isTraffic, MAX_SPEED, MIN_SPEED } from './protocol'
import type { ConsoleLine, EventLine, Frame, FromWorker, LessonAction, LessonInput, Sample, ToWorker, ViewUpdate } from './protocol'
import { buildView, FLIGHT_LIMIT, flightsOf, flowsOf, recordDetails, sample, SAMPLE_MS } from './view'
import { MAX_PATCH_PARTITIONS, ViewDiffer } from './view-diff'
/** At most this many console lines and event sentences per frame (the rest are counted). */
const CONSOLE_PER_FRAME = 30
/** Event lines per frame: the newest traffic lines, and every story line up to a generous cap. */
const EVENTS_PER_FRAME = 50
const STORY_PER_FRAME = 1000
/** Wall time a single frame may catch up (after a hidden tab, a breakpoint...). */
const MAX_WALL_STEP_MS = 250
/** How long (simulated) after a reset "Undo reset" is offered. */
const UNDO_RESET_MS = 20_000

export class SimHost {
  private sim: Simulation | null = null
  private scenario: Scenario | null = null
  private seed = 0
  private playing = false
  private speed = 1
  private lastWall: number | null = null
  /** Fractional simulated milliseconds carried between frames (the clock moves in whole ms). */
  private carry = 0
  private eventCursor = 0
  private consoleSeq = 0
  private lastViewKey = ''
  private lesson: LessonRunner | null = null
  private rewoundTo: number | null = null
  /** The last patch was full: more changed partitions may be waiting for the next frames. */
  private viewBehind = false
  private readonly differ = new ViewDiffer()
  private nextSampleAt = 0
  /** The run the last reset replaced, until the learner acts again or UNDO_RESET_MS pass. */
  private beforeReset: { sim: Simulation; lesson: LessonRunner | null; eventCursor: number } | null = null

  constructor(private readonly post: (message: FromWorker) => void) {}

  handle(msg: ToWorker): void {
    try {
      this.dispatch(msg)
    } catch (e) {
      this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) })
    }
  }

  private dispatch(msg: ToWorker): void {
    switch (msg.type) {
      case 'load':
        this.load(msg.scenario, msg.seed ?? msg.scenario.seed, msg.commands ?? [], msg.playing ?? true, msg.lessonStep, msg.until, msg.lessonInputs, msg.id)
        return
      case 'reset': {
        if (!this.scenario) return
        const replaced = this.sim && this.sim.now() > 0 ? { sim: this.sim, lesson: this.lesson, eventCursor: this.eventCursor } : null
        this.load(this.scenario, this.seed, [], this.playing, this.lesson ? 0 : undefined)
        // The next frame offers to undo it.
        this.beforeReset = replaced
        return
      }
      case 'undoReset': {
        const kept = this.beforeReset
        if (!kept) return
        this.beforeReset = null
        this.sim = kept.sim
        this.lesson = kept.lesson
        // The event log and console show the newest of what had happened; the reset run's lines go.
        this.eventCursor = Math.max(0, kept.eventCursor - STORY_PER_FRAME)
        this.rewoundTo = 0
        this.lastWall = null
        this.lastViewKey = ''
        this.differ.reset()
        this.nextSampleAt = 0
        this.post({ type: 'frame', frame: this.frame() })
        return
      }
      case 'lesson':
        this.beforeReset = null
        this.lessonAction(msg.action)
        this.post({ type: 'frame', frame: this.frame() })
        return
      case 'play':
        this.playing = true
        this.lastWall = null
        return
      case 'pause':
        this.playing = false
        return
      case 'setSpeed':
        this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, msg.speed))
        return
      case 'step':
        this.playing = false
        if (this.sim) {
          // In a lesson, a scripted command due before the next event is the next thing that happens.
          if (this.lesson) this.lesson.stepToNext()
          else this.sim.stepToNextEvent()
        }
        this.post({ type: 'frame', frame: this.frame() })
        return
      case 'command': {
        if (!this.sim) return
        this.beforeReset = null
        // In a lesson, the runner records it (a shared link replays it) and checks the goals.
        const result = this.lesson ? this.lesson.command(msg.command) : this.dispatchNow(msg.command)
        this.post({ type: 'commandResult', id: msg.id, result })
        return
      }
      case 'resync':
        this.differ.reset()
        this.lastViewKey = ''
        return
      case 'session':
        this.post({
          type: 'session',
          id: msg.id,
          session: { scenarioId: this.scenario?.id ?? '', seed: this.seed, simTime: this.sim?.now() ?? 0, commands: this.commands(), lesson: this.lesson?.session() ?? null },
        })
        return
      case 'inspect':
        this.post({ type: 'record', id: msg.id, record: this.sim ? recordDetails(this.sim, msg.topic, msg.partition, msg.offset) : null })
        return
      case 'frame':
        this.advance(msg.wallMs)
        this.post({ type: 'frame', frame: this.frame() })
        return
    }
  }

  private lessonAction(action: LessonAction | 'sandbox'): void {
    const lesson = this.lesson
    if (!lesson) return
    if (action === 'sandbox') {
      this.lesson = null
      return
    }
    // The runner records it (a shared link replays it).
    lesson.act(action)
    if (action === 'showMe') this.playing = true
    this.rewound(action)
  }

  /** A restored snapshot ("Show me", "Restart step") rewinds the clock: the view and the event cursor start over from it. */
  private rewound(action: LessonAction): void {
    if (action === 'showMe' || action === 'restartStep') {
      this.differ.reset()
      this.lastViewKey = ''
      this.nextSampleAt = 0
      if (this.sim) {
        this.eventCursor = Math.min(this.eventCursor, this.sim.s.eventCount)
        this.rewoundTo = this.sim.s.eventCount
      }
    }
  }

  /**
   * Starts a run. Without a lesson: `commands` replayed at their times, then on to `until` (a shared
   * sandbox run). With `lessonStep`: the lesson from that step, then `lessonInputs` replayed through
   * it and on to `until` (a shared lesson session); inputs that do not fit are reported in the
   * `loaded` message and the lesson opens at `lessonStep` without them.
   */
  private load(scenario: Scenario, seed: number, commands: RecordedCommand[], playing: boolean, lessonStep?: number, until?: number, lessonInputs?: LessonInput[], id?: number): void {
    this.beforeReset = null
    const following = scenario.lesson !== undefined && lessonStep !== undefined
    const start = (): Simulation => {
      const sim = createSimulation(scenario, { seed })
      // Replaying a session: each command at the simulated time it was first given.
      for (const { at, command } of commands) {
        sim.runUntil(at)
        sim.dispatch(command)
      }
      if (until !== undefined && !following) sim.runUntil(until)
      this.sim = sim
      this.lesson = null
      if (scenario.lesson && lessonStep !== undefined) {
        this.lesson = new LessonRunner(() => this.sim as Simulation, scenario.id, scenario.lesson)
        this.lesson.open(lessonStep)
      }
      return sim
    }
    start()
    let problem: string | null = null
    if (this.lesson && (lessonInputs !== undefined || until !== undefined)) {
      problem = this.lesson.replay(lessonInputs ?? [], until)
      // Start afresh rather than keep a half-replayed session.
      if (problem !== null) start()
    }
    this.scenario = scenario
    this.seed = seed
    this.playing = playing
    this.lastWall = null
    this.carry = 0
    this.eventCursor = 0
    this.consoleSeq = 0
    this.lastViewKey = ''
    this.differ.reset()
    this.nextSampleAt = 0
    this.post({ type: 'loaded', ...(id === undefined ? {} : { id }), scenarioId: scenario.id, seed, ...(problem === null ? {} : { problem }) })
    this.post({ type: 'frame', frame: this.frame() })
  }

  /**
   * A sandbox command: run, and what it started at this instant run too, as a replay of the command
   * log does (it runs every task due before the next command), so two commands at one simulated
   * time replay alike whatever happened between them.
   */
  private dispatchNow(command: Command) {
    const sim = this.sim as Simulation
    const result = sim.dispatch(command)
    sim.runUntil(sim.now())
    return result
  }

  /** The simulation, for in-thread use (tests, code panels). */
  get simulation(): Simulation | null {
    return this.sim
  }

  commands(): RecordedCommand[] {
    return this.sim ? [...this.sim.commandLog] : []
  }

  private advance(wallMs: number): void {
    if (!this.sim) return
    if (!this.playing) {
      this.lastWall = wallMs
      return
    }
    const dt = this.lastWall === null ? 0 : Math.min(MAX_WALL_STEP_MS, Math.max(0, wallMs - this.lastWall))
    this.lastWall = wallMs
    this.carry += dt * this.speed
    const whole = Math.floor(this.carry)
    this.carry -= whole
    if (whole > 0) {
      const target = this.sim.now() + whole
      // A lesson's scripted commands and goal checks happen at set simulated times on the way.
      if (this.lesson) this.lesson.runTo(target)
      else this.sim.runUntil(target)
    }
  }

  private frame(): Frame {
    const sim = this.sim
    if (!sim) return { simTime: 0, playing: false, speed: this.speed, view: null, flights: [], flows: [], events: [], console: [], consoleSkipped: 0, samples: [], eventLogHash: '', lesson: null, rewoundTo: null, canUndoReset: false }
    if (this.beforeReset && sim.now() > UNDO_RESET_MS) this.beforeReset = null
    // The lesson's goals are not checked here: the runner checks them at set simulated times, so
    // what they say does not depend on the frame rate (lesson-runner.ts).
    const { events, cursor } = sim.eventsSince(this.eventCursor)
    const firstSeq = cursor - events.length
    this.eventCursor = cursor
    // Under a heavy stream most record traffic is counted, not formatted, so a frame costs about the
    // same however much happened since the last one.
    const eventLines: EventLine[] = []
    // Newest first: the last EVENTS_PER_FRAME events whatever they are, and every story event
    // (joins, rebalances, leader changes...) up to STORY_PER_FRAME, so a busy frame loses no story.
    let story = 0
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i] as SimEvent
      const recent = i >= events.length - EVENTS_PER_FRAME
      const traffic = isTraffic(e)
      if (!recent && (traffic || story >= STORY_PER_FRAME)) continue
      if (!traffic) story++
      eventLines.push({ seq: firstSeq + i, t: e.t, type: e.type, text: describeEvent(e) })
    }
    eventLines.reverse()
    const consoleLines: ConsoleLine[] = []
    let consoleSkipped = 0
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i] as SimEvent
      const room = CONSOLE_PER_FRAME - consoleLines.length
      if (e.type === 'recordsProcessed') {
        consoleSkipped += room > 0 ? this.consoleFor(sim, e, consoleLines, room) : e.to - e.from + 1
        continue
      }
      // A session's first line, as the terminal shows it, and where it starts reading.
      let line: ConsoleLine | null = null
      if (e.type === 'consumerStarted') line = { seq: 0, t: e.t, consumer: e.consumer, group: e.group, kind: 'command', text: consumerPyStartLine(e.group) }
      else if (e.type === 'positionSet') line = { seq: 0, t: e.t, consumer: e.consumer, group: e.group, kind: 'note', text: positionNote(e.partition, e.offset, e.from, e.reason, e.skipped) }
      if (!line) continue
      if (room > 0) consoleLines.push(line)
      else consoleSkipped++
    }
    consoleLines.reverse()
    for (const line of consoleLines) line.seq = this.consoleSeq++
    const samples: Sample[] = []
    if (sim.s.now >= this.nextSampleAt) {
      samples.push(sample(sim))
      this.nextSampleAt = (Math.floor(sim.s.now / SAMPLE_MS) + 1) * SAMPLE_MS
    }
    return {
      simTime: sim.s.now,
      playing: this.playing,
      speed: this.speed,
      view: this.viewUpdate(sim),
      ...this.inFlight(sim),
      events: eventLines,
      console: consoleLines,
      consoleSkipped,
      samples,
      eventLogHash: sim.eventLogHash(),
      lesson: this.lesson?.frame() ?? null,
      rewoundTo: this.takeRewind(),
      canUndoReset: this.beforeReset !== null,
    }
  }

  private takeRewind(): number | null {
    const r = this.rewoundTo
    this.rewoundTo = null
    return r
  }

  /**
   * The view update for this frame. A patch carries at most MAX_PATCH_PARTITIONS partitions: when
   * many change at once the rest follow in the next frames, so no frame is heavy.
   */
  private viewUpdate(sim: Simulation): ViewUpdate | null {
    const key = `${sim.s.structureVersion}:${sim.s.eventCount}`
    if (key === this.lastViewKey && !this.viewBehind) return null
    this.lastViewKey = key
    const update = this.differ.diff(buildView(sim))
    this.viewBehind = update !== null && update.kind === 'patch' && update.partitions.length === MAX_PATCH_PARTITIONS
    return update
  }

  private inFlight(sim: Simulation): { flights: Frame['flights']; flows: Frame['flows'] } {
    const flights = flightsOf(sim)
    return flights.length > FLIGHT_LIMIT ? { flights: [], flows: flowsOf(sim, flights) } : { flights, flows: [] }
  }

  /** Formats the newest `room` lines of a processed batch into `out` (newest first); returns how many it skipped. */
  private consoleFor(sim: Simulation, e: Extract<SimEvent, { type: 'recordsProcessed' }>, out: ConsoleLine[], room: number): number {
    const p = sim.partition(e.topic, e.partition)
    if (!p) return e.to - e.from + 1
    const from = Math.max(e.from, e.to - room + 1)
    for (let o = e.to; o >= from; o--) {
      const r = readRecord(p.log, o)
      const text = r
        ? consumerPyLine(e.topic, e.partition, o, r.key, r.value)
        : `Received: Topic=${e.topic}, Partition=${e.partition}, Offset=${o} (since deleted by retention)`
      out.push({ seq: 0, t: e.t, consumer: e.consumer, group: e.group, text })
    }
    return from - e.from
  }

}

export type { Command, ToWorker }
