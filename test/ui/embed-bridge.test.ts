/**
 * The postMessage bridge of an embedded app (docs/embedding.md), over a real in-thread
 * simulation: events out to the embedding page, commands in only from allowed origins.
 */
import { describe, expect, it } from 'vitest'
import { createEmbedBridge, STATE_INTERVAL_MS } from '../../src/embed/bridge'
import type { MessageHost } from '../../src/embed/bridge'
import type { OutMessage } from '../../src/embed/messages'
import { builtInScenario } from '../../src/scenarios'
import { createSimStore } from '../../src/store/sim-store'
import { SimClient } from '../../src/worker/client'
import { inThreadTransport } from '../../src/worker/in-thread'
import type { FrameScheduler } from '../../src/worker/client'

const COURSE = 'https://course.example'
const OTHER = 'https://elsewhere.example'

interface Posted {
  message: OutMessage
  target: string
}

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

/** An embedded app: store, client and bridge, with frames, wall time and timers under the test's control. */
async function embedded(options: { origins: string[]; parentOrigin?: string | null; scenario?: string; lessonStep?: number; autoplay?: boolean; loadLater?: boolean }) {
  const store = createSimStore()
  const transport = inThreadTransport()
  let frameCallback: ((wallMs: number) => void) | null = null
  const scheduler: FrameScheduler = {
    request: (cb) => {
      frameCallback = cb
      return 1
    },
    cancel: () => {
      frameCallback = null
    },
  }
  const client = new SimClient(transport, store, scheduler)
  const posted: Posted[] = []
  const warnings: string[] = []
  const host = new EventTarget() as unknown as MessageHost
  let wall = 0
  const timers: { at: number; cb: () => void }[] = []
  const bridge = createEmbedBridge({
    host,
    parent: { postMessage: (message, target) => posted.push({ message: message as OutMessage, target }) },
    parentOrigin: options.parentOrigin === undefined ? COURSE : options.parentOrigin,
    store,
    client,
    origins: options.origins,
    autoplay: options.autoplay ?? true,
    warn: (t) => warnings.push(t),
    now: () => wall,
    schedule: (cb, ms) => {
      const timer = { at: wall + ms, cb }
      timers.push(timer)
      return timer
    },
    cancel: (t) => {
      const i = timers.indexOf(t as (typeof timers)[number])
      if (i >= 0) timers.splice(i, 1)
    },
  })
  const scenario = builtInScenario(options.scenario ?? 'hello-kafka')!
  /** What main.tsx does once it knows what to open (a shared run is decoded first). */
  const load = async () => {
    client.load(scenario, { playing: options.autoplay ?? true, ...(options.lessonStep === undefined ? {} : { lessonStep: options.lessonStep }) })
    client.start()
    await settle()
  }
  if (!options.loadLater) await load()

  /** Advances wall time in animation frames (at most 250 ms each, the host's catch-up limit), firing due timers. */
  const advance = async (ms: number) => {
    const target = wall + ms
    while (wall < target) {
      wall = Math.min(target, wall + 100)
      for (const t of timers.filter((x) => x.at <= wall)) {
        timers.splice(timers.indexOf(t), 1)
        t.cb()
      }
      const cb = frameCallback
      frameCallback = null
      cb?.(wall)
      await settle()
    }
  }
  /** Delivers a command now, before the simulation's answers (microtasks) arrive. */
  const sendNow = (data: unknown, origin = COURSE) => (host as unknown as EventTarget).dispatchEvent(new MessageEvent('message', { data, origin }))
  const send = async (data: unknown, origin = COURSE) => {
    sendNow(data, origin)
    await settle()
  }
  const of = <T extends OutMessage['type']>(type: T) => posted.filter((p) => p.message.type === type).map((p) => p.message as Extract<OutMessage, { type: T }>)
  const lastState = () => of('state').at(-1)
  return { store, client, bridge, posted, warnings, load, advance, send, sendNow, of, lastState }
}

describe('events out', () => {
  it('says ready once the first picture is there, then sends the state', async () => {
    const app = await embedded({ origins: [COURSE], loadLater: true })
    expect(app.posted.map((p) => p.message.type)).toEqual([])
    await app.load()
    expect(app.posted[0]?.message).toEqual({ source: 'kafka-sim', type: 'ready', version: 1, scenarioId: 'hello-kafka', title: 'Hello, Kafka', commandsAllowed: true })
    expect(app.posted[1]?.message).toMatchObject({ source: 'kafka-sim', type: 'state', scenarioId: 'hello-kafka', playing: true, lesson: null })
    expect(app.of('ready')).toHaveLength(1)
  })

  it('sends the state when the clock moves at most once a second, and at once when playing stops', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(16)
    const before = app.of('state').length
    await app.advance(3000)
    const during = app.of('state').length - before
    expect(during).toBeGreaterThanOrEqual(2)
    expect(during).toBeLessThanOrEqual(Math.ceil(3000 / STATE_INTERVAL_MS))
    app.client.pause()
    expect(app.lastState()?.playing).toBe(false)
  })

  it('the state summarises the run: time, event log hash, what the cluster has', async () => {
    const app = await embedded({ origins: [COURSE], scenario: 'broker-failure-and-replication' })
    await app.advance(2000)
    app.client.pause()
    const s = app.store.getState()
    expect(app.lastState()).toMatchObject({
      scenarioId: 'broker-failure-and-replication',
      simTimeMs: s.simTime,
      eventLogHash: s.eventLogHash,
      counts: { brokers: 3, brokersAlive: 3, topics: 2, partitions: 6, producers: 2, groups: 1, consumers: 1 },
    })
    expect(app.lastState()?.simTimeMs).toBeGreaterThan(0)
  })

  it('goes to the embedding page\'s own origin when it is allowed, and to nobody when it is not', async () => {
    const allowed = await embedded({ origins: [OTHER, COURSE], parentOrigin: COURSE })
    await allowed.advance(16)
    expect(new Set(allowed.posted.map((p) => p.target))).toEqual(new Set([COURSE]))
    const stranger = await embedded({ origins: [COURSE], parentOrigin: OTHER })
    await stranger.advance(500)
    expect(stranger.posted).toEqual([])
  })

  it('goes to each allowed origin when the browser does not tell the parent\'s origin, and to any parent without a list', async () => {
    const unknownParent = await embedded({ origins: [OTHER, COURSE], parentOrigin: null })
    await unknownParent.advance(16)
    expect(unknownParent.posted.filter((p) => p.message.type === 'ready').map((p) => p.target)).toEqual([OTHER, COURSE])
    const noList = await embedded({ origins: [] })
    await noList.advance(16)
    expect(noList.posted.map((p) => p.target)).toEqual(['*', '*'])
    expect(noList.of('ready')[0]?.commandsAllowed).toBe(false)
  })

  it('reports each lesson step completed and the lesson completed, once', async () => {
    const app = await embedded({ origins: [COURSE], lessonStep: 0 })
    app.client.setSpeed(20)
    // Step 1 is a watch step: ten records produced and read.
    for (let i = 0; i < 40 && app.of('stepCompleted').length === 0; i++) await app.advance(250)
    expect(app.of('stepCompleted')).toEqual([{ source: 'kafka-sim', type: 'stepCompleted', lessonId: 'hello-kafka', step: 0, stepTitle: 'Produce, then consume', stepCount: 3 }])
    for (const step of [1, 2]) {
      app.client.lesson('next')
      await app.advance(16)
      app.client.lesson('showMe')
      for (let i = 0; i < 80 && app.of('stepCompleted').length === step; i++) await app.advance(250)
    }
    expect(app.of('stepCompleted').map((m) => m.step)).toEqual([0, 1, 2])
    expect(app.of('lessonCompleted')).toEqual([{ source: 'kafka-sim', type: 'lessonCompleted', lessonId: 'hello-kafka', title: 'Hello, Kafka', stepCount: 3 }])
    await app.advance(1000)
    expect(app.of('lessonCompleted')).toHaveLength(1)
  })

  it('does not report the steps played through to open a lesson at a later step', async () => {
    const app = await embedded({ origins: [COURSE], lessonStep: 2 })
    await app.advance(500)
    expect(app.lastState()?.lesson).toMatchObject({ id: 'hello-kafka', step: 2, stepTitle: 'A new group replays everything' })
    expect(app.of('stepCompleted')).toEqual([])
  })
})

describe('commands in', () => {
  it('pause, play and reset from an allowed origin act on the simulation', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(2000)
    await app.send({ type: 'pause' })
    await app.advance(300)
    const paused = app.store.getState().simTime
    expect(app.store.getState().playing).toBe(false)
    await app.advance(1000)
    expect(app.store.getState().simTime).toBe(paused)
    await app.send({ source: 'kafka-sim', type: 'play' })
    await app.advance(500)
    expect(app.store.getState().simTime).toBeGreaterThan(paused)
    await app.send({ type: 'reset' })
    await app.advance(16)
    expect(app.store.getState().simTime).toBeLessThan(paused)
  })

  /** Advances frame by frame until a clock-driven `state` has just gone out, so the next one is a second away. */
  async function justAfterState(app: Awaited<ReturnType<typeof embedded>>) {
    const count = app.of('state').length
    for (let i = 0; i < 30 && app.of('state').length === count; i++) await app.advance(100)
    expect(app.of('state').length).toBeGreaterThan(count)
  }

  it('reset sends the new run\'s state at once, not a second later with the clock', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(2000)
    await justAfterState(app)
    const before = app.store.getState().simTime
    const count = app.of('state').length
    await app.send({ type: 'reset' })
    await app.advance(16)
    const sent = app.of('state').slice(count)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ scenarioId: 'hello-kafka', playing: true })
    expect(sent[0]!.simTimeMs).toBeLessThan(before)
    expect(sent[0]!.simTimeMs).toBe(0)
    expect(sent[0]!.eventLogHash).toBe(app.store.getState().eventLogHash)
  })

  it('a frame of the old run arriving after the reset is not taken for the new run', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(2000)
    await justAfterState(app)
    const old = app.store.getState()
    const count = app.of('state').length
    app.sendNow({ type: 'reset' })
    // The answer to a frame request sent before the reset, arriving before the new run's first frame.
    app.store.getState().applyFrame({ simTime: old.simTime + 16, playing: true, speed: 1, view: null, flights: [], flows: [], events: [], console: [], consoleSkipped: 0, samples: [], eventLogHash: old.eventLogHash, lesson: null, rewoundTo: null, canUndoReset: false })
    expect(app.of('state').slice(count)).toEqual([])
    await settle()
    expect(app.of('state').slice(count)).toEqual([expect.objectContaining({ simTimeMs: 0 })])
  })

  it('reset while paused sends the state at once too', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(2000)
    await app.send({ type: 'pause' })
    await app.advance(16)
    const count = app.of('state').length
    await app.send({ type: 'reset' })
    await app.advance(16)
    expect(app.of('state').slice(count)).toEqual([expect.objectContaining({ type: 'state', playing: false, simTimeMs: 0 })])
  })

  it('loadScenario sends the loaded run\'s state at once, the same scenario with another seed as well', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(1500)
    await justAfterState(app)
    let count = app.of('state').length
    await app.send({ type: 'loadScenario', id: 'hello-kafka', sandbox: true, seed: 7 })
    await app.advance(16)
    expect(app.of('state').slice(count)).toEqual([expect.objectContaining({ scenarioId: 'hello-kafka', simTimeMs: 0, lesson: null })])
    await app.advance(1500)
    await justAfterState(app)
    count = app.of('state').length
    await app.send({ type: 'loadScenario', id: 'two-groups' })
    await app.advance(16)
    expect(app.of('state').slice(count)).toEqual([expect.objectContaining({ scenarioId: 'two-groups', simTimeMs: 0, lesson: expect.objectContaining({ id: 'two-groups', step: 0 }) })])
  })

  it('getState answers at once, echoing the requestId', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(500)
    app.posted.length = 0
    await app.send({ type: 'getState', requestId: 'q1' })
    expect(app.posted).toHaveLength(1)
    expect(app.posted[0]).toMatchObject({ target: COURSE, message: { type: 'state', requestId: 'q1', simTimeMs: app.store.getState().simTime } })
  })

  it('a command from an origin not on the list is ignored, and the developer is told once', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(500)
    await app.send({ type: 'pause' }, OTHER)
    await app.send({ type: 'reset' }, OTHER)
    await app.send({ type: 'getState' }, OTHER)
    await app.advance(500)
    expect(app.store.getState().playing).toBe(true)
    expect(app.store.getState().simTime).toBeGreaterThan(500)
    expect(app.of('state').some((s) => s.requestId !== undefined)).toBe(false)
    expect(app.warnings).toEqual([`kafka-sim ignored the "pause" command from ${OTHER}: ${OTHER} is not in ?origins= (see docs/embedding.md).`])
  })

  it('without an allow-list every command is ignored', async () => {
    const app = await embedded({ origins: [] })
    await app.advance(500)
    await app.send({ type: 'pause' })
    await app.advance(100)
    expect(app.store.getState().playing).toBe(true)
    expect(app.warnings[0]).toContain('this page has no ?origins= allow-list, so commands are off')
  })

  it('?origins=* lets any origin command', async () => {
    const app = await embedded({ origins: ['*'] })
    await app.advance(500)
    await app.send({ type: 'pause' }, 'null')
    expect(app.store.getState().playing).toBe(false)
  })

  it('other scripts\' messages are ignored silently', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(100)
    const count = app.posted.length
    await app.send('hello')
    await app.send({ source: 'react-devtools-bridge', type: 'pause' })
    await app.send({ type: 'state', simTimeMs: 1 })
    expect(app.store.getState().playing).toBe(true)
    expect(app.posted.slice(count).filter((p) => p.message.type === 'error')).toEqual([])
  })

  it('an unknown command gets an error naming the commands there are', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(100)
    await app.send({ type: 'fastForward', requestId: 7 })
    expect(app.of('error')[0]).toEqual({
      source: 'kafka-sim',
      type: 'error',
      requestId: 7,
      command: 'fastForward',
      message: 'Unknown command "fastForward". The commands are: play, pause, reset, loadScenario, getState.',
      issues: [{ path: 'type', message: 'unknown command "fastForward"' }],
    })
  })

  it('loadScenario opens a built-in scenario by id, or a scenario given whole', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(100)
    await app.send({ type: 'loadScenario', id: 'two-groups', sandbox: true, requestId: 'a' })
    expect(app.of('loaded')).toEqual([{ source: 'kafka-sim', type: 'loaded', requestId: 'a', scenarioId: 'two-groups', title: 'Two groups (publish/subscribe)' }])
    await app.advance(100)
    expect(app.lastState()).toMatchObject({ scenarioId: 'two-groups', lesson: null })
    const mine = { version: 1, id: 'mine', topics: [{ name: 'orders', partitions: 2 }], producers: [{ topic: 'orders' }] }
    await app.send({ type: 'loadScenario', scenario: JSON.stringify(mine), seed: 5, autoplay: false })
    await app.advance(100)
    expect(app.lastState()).toMatchObject({ scenarioId: 'mine', playing: false, counts: { partitions: 2, producers: 1 } })
  })

  it('loadScenario with an invalid scenario answers with an error naming each field, and the run carries on', async () => {
    const app = await embedded({ origins: [COURSE] })
    await app.advance(1000)
    const before = app.store.getState().simTime
    const bad = { version: 1, id: 'bad one', topics: [{ name: 'orders', partitions: 0 }] }
    await app.send({ type: 'loadScenario', scenario: bad, requestId: 'b' })
    const error = app.of('error')[0]!
    expect(error).toMatchObject({ type: 'error', requestId: 'b', command: 'loadScenario' })
    expect(error.issues.map((i) => i.path)).toEqual(['id', 'topics[0].partitions'])
    expect(error.message).toMatch(/^loadScenario refused: the scenario is not valid: id: .+; topics\[0\]\.partitions: .+/)
    await app.send({ type: 'loadScenario', id: 'no-such' })
    expect(app.of('error')[1]?.issues).toEqual([{ path: 'id', message: expect.stringContaining('there is no built-in scenario called "no-such"') }])
    await app.send({ type: 'loadScenario', id: 'two-groups', seed: 'abc' })
    expect(app.of('error')[2]?.issues[0]?.path).toBe('seed')
    await app.advance(100)
    expect(app.lastState()?.scenarioId).toBe('hello-kafka')
    expect(app.store.getState().simTime).toBeGreaterThan(before)
  })

  it('commands sent before the app is ready wait for it', async () => {
    const app = await embedded({ origins: [COURSE], loadLater: true })
    await app.send({ type: 'pause' })
    await app.send({ type: 'getState', requestId: 'early' })
    expect(app.posted).toEqual([])
    await app.load()
    await app.advance(500)
    expect(app.store.getState().playing).toBe(false)
    expect(app.store.getState().simTime).toBe(0)
    expect(app.of('state').filter((s) => s.requestId === 'early')).toHaveLength(1)
  })
})
