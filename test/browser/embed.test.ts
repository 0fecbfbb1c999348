/**
 * Embedding, in real Chromium against the production build: a course page on another origin
 * embeds the app in an 800x500 iframe and drives it through the postMessage API
 * (docs/embedding.md). Also: the same scenario, seed and commands give the same event log in the
 * browser and in Node (for a lesson, for random command sequences drawn as the engine's properties
 * draw them, and for a link copied from the app), and a link copied from the app reproduces its run.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Browser, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/engine'
import { builtInScenario } from '../../src/scenarios'
import { decodeRun, runQuery } from '../../src/ui/share/run-link'
import { execute, planArb, scenarioOf } from '../engine/command-plans'
import { baseUrl, launch } from './harness'

interface Received {
  origin: string
  data: { source: 'kafka-sim'; type: string; requestId?: string; [field: string]: unknown }
}

interface State {
  scenarioId: string
  playing: boolean
  simTimeMs: number
  eventLogHash: string
  lesson: { id: string; step: number } | null
}

const COURSE_PAGE = readFileSync(join(import.meta.dirname, 'fixtures', 'course-page.html'), 'utf8')

/** Serves the course page on its own origin (127.0.0.1 on a port of its own). */
function servePage(): Promise<{ server: Server; origin: string }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/course-page.html')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(COURSE_PAGE)
      } else {
        res.writeHead(404)
        res.end()
      }
    })
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }))
  })
}

let browser: Browser
let course: { server: Server; origin: string }
let stranger: { server: Server; origin: string }

beforeAll(async () => {
  browser = await launch()
  course = await servePage()
  stranger = await servePage()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => course?.server.close(r))
  await new Promise((r) => stranger?.server.close(r))
})

const appOrigin = () => new URL(baseUrl()).origin

/** Opens the course page served from `host`, embedding the app at `appUrl`. */
async function openCoursePage(host: { origin: string }, appUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } })
  const page: Page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(`${host.origin}/course-page.html?app=${encodeURIComponent(appUrl)}`)
  const received = (type: string) => page.evaluate((t) => (window as unknown as { received: Received[] }).received.filter((m) => m.data.type === t), type)
  const send = (command: object) => page.evaluate((c) => (window as unknown as { send(c: object): void }).send(c), command)
  let requests = 0
  /** Asks for the state and waits for the answer. */
  const getState = async (): Promise<State> => {
    const requestId = `r${++requests}`
    await send({ type: 'getState', requestId })
    await expect.poll(async () => (await received('state')).some((m) => m.data.requestId === requestId), { timeout: 10_000 }).toBe(true)
    return (await received('state')).find((m) => m.data.requestId === requestId)!.data as unknown as State
  }
  const appFrame = (): Frame => {
    const frame = page.frames().find((f) => f.url().startsWith(appOrigin()))
    if (!frame) throw new Error('the app frame is not there')
    return frame
  }
  const ready = async () => {
    await expect.poll(async () => (await received('ready')).length, { timeout: 20_000 }).toBe(1)
    return (await received('ready'))[0]!
  }
  return { page, errors, received, send, getState, appFrame, ready, close: () => context.close() }
}

/** The app's address with `query` (the course page embeds it). */
const app = (query: string) => `${baseUrl()}${query}`

/** The embedded document's size against its 800x500 frame. */
function documentSize(frame: Frame) {
  return frame.evaluate(() => {
    const d = document.documentElement
    return { scrollWidth: d.scrollWidth, scrollHeight: d.scrollHeight, width: window.innerWidth, height: window.innerHeight }
  })
}

describe('a course page embedding the app', () => {
  it('gets ready from the app, and pauses, plays and resets it through postMessage', async () => {
    const p = await openCoursePage(course, app(`?lesson=hello-kafka&embed&origins=${encodeURIComponent(course.origin)}`))
    const ready = await p.ready()
    // Sent to the course page's origin, from the app's.
    expect(ready.origin).toBe(appOrigin())
    expect(ready.data).toEqual({ source: 'kafka-sim', type: 'ready', version: 1, scenarioId: 'hello-kafka', title: 'Hello, Kafka', commandsAllowed: true })
    expect((await p.getState()).lesson).toMatchObject({ id: 'hello-kafka', step: 0 })

    await expect.poll(async () => (await p.getState()).simTimeMs, { timeout: 10_000 }).toBeGreaterThan(1000)
    await p.send({ type: 'pause' })
    await expect.poll(async () => (await p.getState()).playing).toBe(false)
    const paused = await p.getState()
    await p.page.waitForTimeout(700)
    expect((await p.getState()).simTimeMs).toBe(paused.simTimeMs)
    // The embedded page shows it too.
    await p.appFrame().getByRole('button', { name: 'Play' }).waitFor()

    await p.send({ type: 'play' })
    await expect.poll(async () => (await p.getState()).simTimeMs, { timeout: 10_000 }).toBeGreaterThan(paused.simTimeMs)
    expect((await p.getState()).playing).toBe(true)

    await p.send({ type: 'reset' })
    await expect.poll(async () => (await p.getState()).simTimeMs, { timeout: 10_000 }).toBeLessThan(paused.simTimeMs)
    expect(p.errors).toEqual([])
    await p.close()
  })

  it('sends the state by itself as the simulation runs, a few times, not every frame', async () => {
    const p = await openCoursePage(course, app(`?lesson=hello-kafka&embed&origins=${encodeURIComponent(course.origin)}`))
    await p.ready()
    await p.page.waitForTimeout(3000)
    const states = (await p.received('state')).filter((m) => m.data.requestId === undefined)
    expect(states.length).toBeGreaterThanOrEqual(2)
    expect(states.length).toBeLessThanOrEqual(6)
    const times = states.map((s) => s.data.simTimeMs as number)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    await p.close()
  })

  it('ignores commands from a page whose origin is not on the allow-list, and sends it nothing', async () => {
    // The app allows only the course page's origin; this page is on another one.
    const p = await openCoursePage(stranger, app(`?lesson=hello-kafka&embed&origins=${encodeURIComponent(course.origin)}`))
    const frame = p.page.frameLocator('iframe')
    await frame.getByRole('button', { name: 'Pause' }).waitFor()
    const clock = () => p.appFrame().getByLabel('Simulated time').textContent()
    await p.send({ type: 'pause' })
    await p.send({ type: 'loadScenario', id: 'two-groups' })
    await p.page.waitForTimeout(1500)
    const before = await clock()
    await p.page.waitForTimeout(800)
    // Still playing the same lesson.
    expect(await frame.getByRole('button', { name: 'Pause' }).count()).toBe(1)
    expect(await clock()).not.toBe(before)
    expect(await p.appFrame().getByRole('heading', { level: 1 }).textContent()).toContain('Hello, Kafka')
    expect(await p.page.evaluate(() => (window as unknown as { received: Received[] }).received.length)).toBe(0)
    expect(p.errors).toEqual([])
    await p.close()
  })

  it('answers loadScenario with an invalid scenario with an error naming its fields, and keeps the run', async () => {
    const p = await openCoursePage(course, app(`?lesson=hello-kafka&embed&origins=${encodeURIComponent(course.origin)}`))
    await p.ready()
    await p.send({ type: 'loadScenario', requestId: 'bad', scenario: { version: 1, id: 'orders', topics: [{ name: 'orders', partitions: 300 }], producers: [{ topic: 'payments' }] } })
    await expect.poll(async () => (await p.received('error')).length).toBe(1)
    const error = (await p.received('error'))[0]!.data
    expect(error).toMatchObject({ requestId: 'bad', command: 'loadScenario' })
    expect((error.issues as { path: string }[]).map((i) => i.path)).toEqual(['topics[0].partitions', 'producers[0].topic'])
    expect(error.message).toContain('producers[0].topic: names topic "payments", which is not in topics')
    expect((await p.getState()).scenarioId).toBe('hello-kafka')

    // A valid one loads.
    await p.send({ type: 'loadScenario', id: 'two-groups', requestId: 'good' })
    await expect.poll(async () => (await p.getState()).scenarioId).toBe('two-groups')
    expect(await p.appFrame().getByRole('heading', { level: 1 }).textContent()).toContain('Two groups')
    expect(p.errors).toEqual([])
    await p.close()
  })

  it('fits its 800x500 frame without scrollbars, whatever it shows', async () => {
    const origins = `&origins=${encodeURIComponent(course.origin)}`
    const variants = [
      '?lesson=hello-kafka&embed',
      '?lesson=broker-failure-and-replication&embed',
      '?lesson=eager-vs-cooperative&embed&controls=basic',
      '?lesson=two-groups&sandbox&embed&controls=none',
    ]
    for (const query of variants) {
      const p = await openCoursePage(course, app(query + origins))
      await p.ready()
      const frame = p.appFrame()
      await p.page.waitForTimeout(1500)
      const size = await documentSize(frame)
      expect({ query, ...size }).toEqual({ query, scrollWidth: 800, scrollHeight: 500, width: 800, height: 500 })
      if (!query.includes('controls=none')) {
        // With the console and event log opened too.
        await frame.getByRole('button', { name: 'Console and event log' }).click()
        await frame.getByRole('log', { name: 'Event log' }).waitFor()
        expect({ query, opened: true, ...(await documentSize(frame)) }).toEqual({ query, opened: true, scrollWidth: 800, scrollHeight: 500, width: 800, height: 500 })
      }
      expect(p.errors).toEqual([])
      await p.close()
    }
  })

  it('with controls=none shows no controls, and with autoplay=0 starts paused', async () => {
    const p = await openCoursePage(course, app(`?lesson=hello-kafka&sandbox&embed&controls=none&autoplay=0&origins=${encodeURIComponent(course.origin)}`))
    await p.ready()
    const frame = p.appFrame()
    expect(await frame.getByRole('group', { name: 'Playback' }).getByRole('button').count()).toBe(0)
    expect(await frame.getByRole('toolbar', { name: 'Cluster actions' }).count()).toBe(0)
    expect(await frame.getByRole('button', { name: 'Add consumer' }).isVisible()).toBe(false)
    await p.page.waitForTimeout(800)
    expect(await p.getState()).toMatchObject({ playing: false, simTimeMs: 0 })
    // The course page still can: its commands are not the learner's controls.
    await p.send({ type: 'play' })
    await expect.poll(async () => (await p.getState()).simTimeMs, { timeout: 10_000 }).toBeGreaterThan(0)
    await p.close()
  })
})

describe('one run, the same in the browser and in Node', () => {
  it('a scenario and seed played in the browser give, at the time it paused, the event log hash Node computes', async () => {
    const SEED = 2024
    const p = await openCoursePage(course, app(`?lesson=broker-failure-and-replication&sandbox&seed=${SEED}&embed&origins=${encodeURIComponent(course.origin)}`))
    await p.ready()
    await expect.poll(async () => (await p.getState()).simTimeMs, { timeout: 20_000 }).toBeGreaterThan(2500)
    await p.send({ type: 'pause' })
    await expect.poll(async () => (await p.getState()).playing).toBe(false)
    await p.page.waitForTimeout(300)
    const state = await p.getState()
    expect(state.lesson).toBeNull()

    const sim = createSimulation(builtInScenario('broker-failure-and-replication')!, { seed: SEED })
    sim.runUntil(state.simTimeMs)
    expect(state.eventLogHash).toBe(sim.eventLogHash())
    // Not a coincidence of two empty logs: another seed gives another hash.
    const other = createSimulation(builtInScenario('broker-failure-and-replication')!, { seed: SEED + 1 })
    other.runUntil(state.simTimeMs)
    expect(other.eventLogHash()).not.toBe(state.eventLogHash)
    await p.close()
  })

  it('random command sequences drawn as the engine properties draw them, replayed by the worker from a ?run= link, end on the event-log hash Node computes for the same scenario, seed, commands and time', async () => {
    // The Node property (test/engine/properties.test.ts) replays these plans in Node only; here
    // the second replay is the real module worker in Chromium. A fixed fast-check seed: the same
    // plans every run.
    const plans = fc.sample(planArb, { seed: 20260501, numRuns: 5 })
    const hashes = new Set<string>()
    for (const [i, plan] of plans.entries()) {
      // Node: the plan's commands resolved against the live cluster (sim.commandLog), then a
      // quiet minute; the hash at that time, and a second Node replay agreeing with it.
      const live = execute(plan)
      const until = live.now()
      const commands = [...live.commandLog]
      const replay = createSimulation(scenarioOf(plan), { seed: plan.seed })
      for (const { at, command } of commands) {
        replay.runUntil(at)
        replay.dispatch(command)
      }
      replay.runUntil(until)
      expect(replay.eventLogHash()).toBe(live.eventLogHash())

      // Chromium: the same scenario, seed and commands as a shared-run link, opened paused in a course page.
      const query = await runQuery({ scenario: scenarioOf(plan), seed: plan.seed, simTime: until, commands, lessonStep: null })
      expect(query).toMatch(/^run=/)
      const p = await openCoursePage(course, app(`?${query}&embed&autoplay=0&origins=${encodeURIComponent(course.origin)}`))
      await p.ready()
      const state = await p.getState()
      expect({ plan: i, ...state }).toMatchObject({ plan: i, scenarioId: 'property', playing: false, simTimeMs: until, lesson: null })
      expect({ plan: i, commands: commands.length, hash: state.eventLogHash }).toEqual({ plan: i, commands: commands.length, hash: live.eventLogHash() })
      // The engine ran in a worker, not in the page.
      expect(p.page.workers().length).toBeGreaterThanOrEqual(1)
      expect(p.errors).toEqual([])
      await p.close()
      hashes.add(live.eventLogHash())
    }
    // Five different runs, not five empty logs.
    expect(hashes.size).toBe(plans.length)
  })

  it('a link copied after "Add consumer" opens the same run: its hash at the copied time is Node\'s replay of the same commands', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(app('?lesson=hello-kafka&sandbox&seed=77'))
    await page.getByRole('button', { name: 'Pause' }).waitFor()
    await page.waitForTimeout(1200)
    await page.getByRole('button', { name: 'Add consumer', exact: true }).click()
    await page.waitForTimeout(1500)
    await page.getByRole('button', { name: 'Share' }).click()
    await page.getByRole('button', { name: 'Copy link' }).click()
    await page.getByText('Link copied.').waitFor()
    const link = new URL(await page.evaluate(() => navigator.clipboard.readText()))
    expect(link.origin + link.pathname).toBe(baseUrl())
    expect([...link.searchParams.keys()]).toEqual(['run'])
    await context.close()

    const run = await decodeRun(link.searchParams.get('run')!)
    expect(run.seed).toBe(77)
    expect(run.commands).toEqual([{ at: expect.any(Number), command: { type: 'addConsumer', group: 'my-consumer-group' } }])
    expect(run.until).toBeGreaterThan(run.commands[0]!.at)

    // Opened (paused, in a course page, to read its state), it arrives at the moment it was copied...
    const p = await openCoursePage(course, `${link.href}&embed&autoplay=0&origins=${encodeURIComponent(course.origin)}`)
    await p.ready()
    const state = await p.getState()
    expect(state).toMatchObject({ scenarioId: 'hello-kafka', playing: false, simTimeMs: run.until, lesson: null })
    // ...with consumer-2 in the group...
    await p.appFrame().getByRole('listitem', { name: 'consumer-2' }).waitFor()
    // ...and the very same event log as Node replaying the commands at their times.
    const sim = createSimulation(builtInScenario('hello-kafka')!, { seed: 77 })
    for (const { at, command } of run.commands) {
      sim.runUntil(at)
      sim.dispatch(command)
    }
    sim.runUntil(run.until)
    expect(state.eventLogHash).toBe(sim.eventLogHash())
    expect(errors).toEqual([])
    expect(p.errors).toEqual([])
    await p.close()
  })
})
