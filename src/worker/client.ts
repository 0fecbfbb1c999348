/**
 * The main thread's handle on the simulation: sends commands, pulls one frame per animation frame
 * and feeds it to the store. The simulation runs in a module worker; tests run the same SimHost in
 * the page (./in-thread.ts), which the app never imports, so the engine is not in its bundle twice.
 */
import type { Command, CommandResult, RecordedCommand, Scenario } from '../engine'
import type { SimStore } from '../store/sim-store'
import { MAX_SPEED, MIN_SPEED } from './protocol'
import type { FromWorker, LessonAction, LessonInput, RecordDetails, SessionInfo, ToWorker } from './protocol'

export interface SimTransport {
  post(message: ToWorker): void
  listen(handler: (message: FromWorker) => void): void
  close(): void
}

export function workerTransport(): SimTransport {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' })
  return {
    post: (m) => worker.postMessage(m),
    listen: (handler) => {
      worker.onmessage = (e: MessageEvent<FromWorker>) => handler(e.data)
      worker.onerror = (e) => handler({ type: 'error', message: e.message || 'The simulation worker failed to start (this browser may not run module workers: Chrome 80, Firefox 114 and Safari 15 or later do).' })
    },
    close: () => worker.terminate(),
  }
}

/** What a load reports when the worker has done it. */
export interface LoadResult {
  /** The shared lesson session's inputs did not fit the lesson (a changed link), in words; null when all went well. */
  problem: string | null
}

export interface FrameScheduler {
  request(callback: (wallMs: number) => void): number
  cancel(handle: number): void
}

export const animationFrames: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
}

/** Frame statistics for the UI benchmark (`?perf`): sizes of what the worker sends. */
export interface PerfStats {
  frames: number
  bytes: number
  maxFrameBytes: number
}

export class SimClient {
  private nextId = 1
  /** Collected only when asked for (it serialises every frame to measure it). */
  readonly perf: PerfStats | null
  private pending = new Map<number, (r: CommandResult) => void>()
  private inspections = new Map<number, (r: RecordDetails | null) => void>()
  private sessions = new Map<number, (s: SessionInfo) => void>()
  /** Loads sent and not yet answered, by id. */
  private loads = new Map<number, (result: LoadResult) => void>()
  private waitingForFrame = false
  private frameHandle: number | null = null
  private running = false

  constructor(
    private readonly transport: SimTransport,
    private readonly store: SimStore,
    private readonly frames: FrameScheduler = animationFrames,
    options: { perf?: boolean } = {},
  ) {
    this.perf = options.perf ? { frames: 0, bytes: 0, maxFrameBytes: 0 } : null
    transport.listen((m) => this.receive(m))
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'frame':
        if (this.perf) {
          const bytes = JSON.stringify(m.frame).length
          this.perf.frames++
          this.perf.bytes += bytes
          this.perf.maxFrameBytes = Math.max(this.perf.maxFrameBytes, bytes)
        }
        this.store.getState().applyFrame(m.frame)
        if (m.frame.view && this.store.getState().heldVersion() !== m.frame.view.version) this.transport.post({ type: 'resync' })
        this.waitingForFrame = false
        this.scheduleFrame()
        return
      case 'commandResult': {
        const resolve = this.pending.get(m.id)
        this.pending.delete(m.id)
        resolve?.(m.result)
        return
      }
      case 'loaded': {
        if (m.id === undefined) return
        const resolve = this.loads.get(m.id)
        this.loads.delete(m.id)
        resolve?.({ problem: m.problem ?? null })
        return
      }
      case 'record': {
        const resolve = this.inspections.get(m.id)
        this.inspections.delete(m.id)
        resolve?.(m.record)
        return
      }
      case 'session': {
        const resolve = this.sessions.get(m.id)
        this.sessions.delete(m.id)
        resolve?.(m.session)
        return
      }
      case 'error':
        this.store.getState().setError(m.message)
    }
  }

  /** Starts pulling frames: at most one request in flight, one per animation frame. */
  start(): void {
    this.running = true
    this.scheduleFrame()
  }

  stop(): void {
    this.running = false
    if (this.frameHandle !== null) this.frames.cancel(this.frameHandle)
    this.frameHandle = null
  }

  private scheduleFrame(): void {
    if (!this.running || this.waitingForFrame || this.frameHandle !== null) return
    this.frameHandle = this.frames.request((wallMs) => {
      this.frameHandle = null
      this.waitingForFrame = true
      this.transport.post({ type: 'frame', wallMs })
    })
  }

  /**
   * Loads a scenario; with `lessonStep`, follows its lesson from that step (earlier steps are played
   * through), and replays `lessonInputs` through it (a shared lesson session). Resolves when the
   * worker has loaded it, with what of a shared session could not be replayed, if anything.
   */
  load(scenario: Scenario, options: { seed?: number; commands?: RecordedCommand[]; playing?: boolean; lessonStep?: number; lessonInputs?: LessonInput[]; until?: number } = {}): Promise<LoadResult> {
    const state = this.store.getState()
    state.resetLogs()
    state.setScenario(scenario)
    const id = this.nextId++
    return new Promise((resolve) => {
      this.loads.set(id, resolve)
      this.transport.post({ type: 'load', id, scenario, ...options })
    })
  }

  /** Lesson controls: next step, "Show me", restart the step, or leave the lesson for the sandbox. */
  lesson(action: LessonAction | 'sandbox'): void {
    this.transport.post({ type: 'lesson', action })
  }

  // Play, pause, step and speed show at once (the next frame confirms them), so a key pressed twice
  // before a frame arrives acts on what was asked the first time, not on a stale frame.
  play(): void {
    this.store.setState({ playing: true })
    this.transport.post({ type: 'play' })
  }

  pause(): void {
    this.store.setState({ playing: false })
    this.transport.post({ type: 'pause' })
  }

  togglePlay(): void {
    if (this.store.getState().playing) this.pause()
    else this.play()
  }

  step(): void {
    this.store.setState({ playing: false })
    this.transport.post({ type: 'step' })
  }

  reset(): void {
    this.store.getState().resetLogs()
    this.transport.post({ type: 'reset' })
  }

  /** Brings back the run the last reset replaced (offered while the store's `canUndoReset` is set). */
  undoReset(): void {
    this.store.getState().resetLogs()
    this.store.setState({ canUndoReset: false })
    this.transport.post({ type: 'undoReset' })
  }

  setSpeed(speed: number): void {
    this.store.setState({ speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) })
    this.transport.post({ type: 'setSpeed', speed })
  }

  /** Sends a command; a refusal is also put in the store as a notice for `source`. */
  command(command: Command, source: string = command.type): Promise<CommandResult> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, (result) => {
        const state = this.store.getState()
        // A lesson's lock is not Kafka refusing: Kafka would have accepted it, so it is not shown as a refusal.
        if (!result.ok) state.setNotice(result.error === 'LOCKED_BY_LESSON' ? { kind: 'info', text: result.message, source } : { kind: 'refused', text: `${result.message} (${result.error})`, source })
        else if (state.notice?.source === source) state.setNotice(null)
        resolve(result)
      })
      this.transport.post({ type: 'command', id, command })
    })
  }

  /** One record's key, value and more, for the inspector (null when it is not in the log). */
  inspectRecord(topic: string, partition: number, offset: number): Promise<RecordDetails | null> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.inspections.set(id, resolve)
      this.transport.post({ type: 'inspect', id, topic, partition, offset })
    })
  }

  /** The seed, the commands given so far and the simulated time: what a shared link needs to reproduce this run. */
  session(): Promise<SessionInfo> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.sessions.set(id, resolve)
      this.transport.post({ type: 'session', id })
    })
  }

  close(): void {
    this.stop()
    this.transport.close()
  }
}
