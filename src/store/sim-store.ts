/**
 * The one store the UI reads: fed by frames from the simulation, plus UI state (selection,
 * notices, panels, preferences). A vanilla zustand store made by a factory, so tests get their own.
 *
 * What changes every frame (the clock and records in flight) is here too, but only the canvas
 * painter reads it, through `subscribe`, never through React state.
 */
import { createStore } from 'zustand/vanilla'
import type { Scenario } from '../engine'
import type { ClusterView, ConsoleLine, EventLine, Flight, Flow, Frame, LessonFrame, Sample } from '../worker/protocol'
import { isTraffic } from '../worker/protocol'
import { applyViewUpdate } from '../worker/view-diff'

/** Every event line, record traffic included: the newest this many. */
export const MAX_EVENT_LINES = 1000
/**
 * The story (every line that is not record traffic): the newest this many. A rebalance or a leader
 * change is a handful of lines, so this keeps the whole story of a long run, where record traffic
 * at 40 records a second would push it out of `events` within a minute.
 */
export const MAX_STORY_LINES = 5000
export const MAX_CONSOLE_LINES = 500
/** Chart samples kept: two minutes of simulated time at one sample per 500 ms. */
export const MAX_SAMPLES = 240


export interface Notice {
  kind: 'refused' | 'error' | 'info'
  text: string
  /** The control the notice belongs to, so it can be shown next to it. */
  source: string
}

/** What the inspector shows. */
export type Selection =
  | { kind: 'producer'; id: string }
  | { kind: 'broker'; id: number }
  | { kind: 'topic'; topic: string }
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'record'; topic: string; partition: number; offset: number }
  | { kind: 'group'; groupId: string }
  | { kind: 'member'; groupId: string; id: string }

export type PanelTab = 'console' | 'charts' | 'code'

/** How much of the app's controls a page shows (`?controls=`): an article may want only the picture. */
export type ControlsLevel = 'none' | 'basic' | 'full'

/** How the page is laid out: `?embed` (a compact view for an iframe) and `?controls=`. Fixed at start-up. */
export interface Layout {
  embed: boolean
  controls: ControlsLevel
}

export interface SimStoreState {
  /** The scenario being simulated (its lesson, if any, is being followed when `lesson` is set). */
  scenario: Scenario | null
  status: 'loading' | 'ready' | 'error'
  error: string | null
  simTime: number
  playing: boolean
  speed: number
  view: ClusterView | null
  /** Version of `view` in the worker's numbering, so patches apply to the view they were made for. */
  viewVersion: number
  flights: Flight[]
  flows: Flow[]
  /** The newest event lines, record traffic included (MAX_EVENT_LINES). */
  events: EventLine[]
  /** The story: every line that is not record traffic, kept much longer (MAX_STORY_LINES). */
  story: EventLine[]
  console: ConsoleLine[]
  consoleSkipped: number
  samples: Sample[]
  eventLogHash: string
  lesson: LessonFrame | null
  /** "Undo reset" can bring back the run the last reset replaced. */
  canUndoReset: boolean
  notice: Notice | null
  selection: Selection | null
  panel: PanelTab
  /** Large type, high contrast and captions, for a projector. */
  presenter: boolean
  reducedMotion: boolean
  layout: Layout
  applyFrame(frame: Frame): void
  setScenario(scenario: Scenario): void
  setNotice(notice: Notice | null): void
  setError(message: string): void
  setReducedMotion(value: boolean): void
  select(selection: Selection | null): void
  setPanel(panel: PanelTab): void
  setPresenter(on: boolean): void
  heldVersion(): number
  resetLogs(): void
}

/** New lines and samples; after a rewind, first drop what no longer happened. */
function withRewind(s: SimStoreState, frame: Frame): Pick<SimStoreState, 'events' | 'story' | 'console' | 'consoleSkipped' | 'samples'> {
  const rewound = frame.rewoundTo
  const events = rewound === null ? s.events : s.events.filter((e) => e.seq < rewound)
  const story = rewound === null ? s.story : s.story.filter((e) => e.seq < rewound)
  const newStory = frame.events.filter((e) => !isTraffic(e))
  const console = rewound === null ? s.console : s.console.filter((l) => l.t <= frame.simTime)
  const samples = rewound === null ? s.samples : s.samples.filter((x) => x.t <= frame.simTime)
  return {
    events: keepLast(events, frame.events, MAX_EVENT_LINES),
    story: keepLast(story, newStory, MAX_STORY_LINES),
    console: keepLast(console, frame.console, MAX_CONSOLE_LINES),
    consoleSkipped: s.consoleSkipped + frame.consoleSkipped,
    samples: keepLast(samples, frame.samples, MAX_SAMPLES),
  }
}

function keepLast<T>(list: T[], add: T[], max: number): T[] {
  if (add.length === 0) return list
  const next = list.concat(add)
  return next.length > max ? next.slice(next.length - max) : next
}

export interface StoreOptions {
  reducedMotion?: boolean
  panel?: PanelTab
  presenter?: boolean
  layout?: Layout
  /**
   * While playing, a changed view reaches the components at most this often (wall ms): patches
   * keep arriving every frame, but re-rendering cards sixty times a second shows nothing more than
   * twenty. Records in flight and the clock still move every frame. 0 publishes every frame.
   */
  viewIntervalMs?: number
}

export function createSimStore(initial: StoreOptions = {}) {
  const interval = initial.viewIntervalMs ?? 0
  // The newest view (applied from every frame) and when a view was last handed to the components.
  let held: { view: ClusterView; version: number } | null = null
  let publishedAt = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  return createStore<SimStoreState>()((set, get) => ({
    scenario: null,
    status: 'loading',
    error: null,
    simTime: 0,
    playing: false,
    speed: 1,
    view: null,
    viewVersion: -1,
    flights: [],
    flows: [],
    events: [],
    story: [],
    console: [],
    consoleSkipped: 0,
    samples: [],
    eventLogHash: '',
    lesson: null,
    canUndoReset: false,
    notice: null,
    selection: null,
    panel: initial.panel ?? 'console',
    presenter: initial.presenter ?? false,
    reducedMotion: initial.reducedMotion ?? false,
    layout: initial.layout ?? { embed: false, controls: 'full' },
    applyFrame: (frame) =>
      set((s) => {
        let publish: { view: ClusterView; version: number } | null = null
        if (frame.view) {
          const base = held ?? (s.view ? { view: s.view, version: s.viewVersion } : null)
          const next = applyViewUpdate(base, frame.view)
          if (next) {
            held = next
            const now = typeof performance === 'undefined' ? 0 : performance.now()
            if (interval <= 0 || !frame.playing || frame.view.kind === 'full' || now - publishedAt >= interval) {
              publish = next
              publishedAt = now
            } else if (timer === null) {
              timer = setTimeout(() => {
                timer = null
                if (held && held.view !== get().view) {
                  publishedAt = performance.now()
                  set({ view: held.view, viewVersion: held.version })
                }
              }, interval - (now - publishedAt))
            }
          }
        }
        return {
        status: 'ready',
        simTime: frame.simTime,
        playing: frame.playing,
        speed: frame.speed,
        view: publish ? publish.view : s.view,
        viewVersion: publish ? publish.version : s.viewVersion,
        flights: frame.flights,
        flows: frame.flows,
        ...withRewind(s, frame),
        eventLogHash: frame.eventLogHash,
        lesson: frame.lesson,
        canUndoReset: frame.canUndoReset,
        }
      }),
    setScenario: (scenario) => set({ scenario }),
    setNotice: (notice) => set({ notice }),
    setError: (message) => set({ status: 'error', error: message }),
    setReducedMotion: (reducedMotion) => set({ reducedMotion }),
    select: (selection) => set({ selection }),
    setPanel: (panel) => set({ panel }),
    setPresenter: (presenter) => set({ presenter }),
    /** The version of the newest view applied (published or not), to check patches against. */
    heldVersion: () => held?.version ?? get().viewVersion,
    resetLogs: () => set({ events: [], story: [], console: [], consoleSkipped: 0, samples: [], notice: null, selection: null }),
  }))
}

export type SimStore = ReturnType<typeof createSimStore>
