/**
 * Sharing from the top bar: Copy link (a link that reproduces this run), Export and Import of
 * scenario JSON, and Copy embed code; and the compact embedded view with its controls levels.
 * Runs the real app over an in-thread simulation (test/ui/harness.tsx).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSimulation } from '../../src/engine'
import type { Scenario } from '../../src/engine'
import { builtInScenario } from '../../src/scenarios'
import { createSimStore } from '../../src/store/sim-store'
import { decodeRun, scenarioFile } from '../../src/ui/share/run-link'
import { readPageOptions, startOptions } from '../../src/ui/url'
import { SimClient } from '../../src/worker/client'
import type { FrameScheduler } from '../../src/worker/client'
import { inThreadTransport } from '../../src/worker/in-thread'
import { renderApp } from './harness'

type App = Awaited<ReturnType<typeof renderApp>>

const hello = builtInScenario('hello-kafka')!

let writeText: ReturnType<typeof vi.fn>
let clipboardWorks: 'yes' | 'refuses' | 'missing' = 'yes'

/**
 * Puts a clipboard the test controls in place of the one user-event installs (so after the app is
 * rendered): one that copies, one that refuses, or none at all.
 */
function installClipboard() {
  writeText = vi.fn((_text: string) => (clipboardWorks === 'refuses' ? Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) : Promise.resolve()))
  Object.defineProperty(window.navigator, 'clipboard', { value: clipboardWorks === 'missing' ? undefined : { writeText }, configurable: true })
}

async function openShare(app: App) {
  installClipboard()
  await app.user.click(screen.getByRole('button', { name: 'Share' }))
  return screen.getByRole('group', { name: 'Share' })
}

/** The app following a lesson from `step` (0-based), as ?lesson=<id>&step=<n> opens it. */
async function renderLesson(scenario: Scenario, step: number) {
  const app = await renderApp(scenario)
  await act(async () => {
    app.client.load(scenario, { playing: true, lessonStep: step })
    await Promise.resolve()
  })
  await app.advance(16)
  return app
}

function copiedText(): string {
  expect(writeText).toHaveBeenCalledTimes(1)
  return writeText.mock.calls[0]![0] as string
}

beforeEach(() => {
  clipboardWorks = 'yes'
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the Share menu', () => {
  it('is reached from the keyboard: Share opens four named actions, focus moves into it, Escape closes it and gives focus back', async () => {
    const app = await renderApp()
    const share = screen.getByRole('button', { name: 'Share' })
    share.focus()
    await app.user.keyboard('{Enter}')
    expect(share).toHaveAttribute('aria-expanded', 'true')
    const panel = screen.getByRole('group', { name: 'Share' })
    for (const name of ['Copy link', 'Export', 'Import', 'Copy embed code']) expect(within(panel).getByRole('button', { name })).toBeVisible()
    expect(within(panel).getByRole('button', { name: 'Copy link' })).toHaveFocus()
    await app.user.tab()
    expect(within(panel).getByRole('button', { name: 'Export' })).toHaveFocus()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('group', { name: 'Share' })).toBeNull()
    expect(share).toHaveFocus()
    expect(share).toHaveAttribute('aria-expanded', 'false')
  })

  it('closes when the learner clicks elsewhere in the page', async () => {
    const app = await renderApp()
    await openShare(app)
    await app.user.click(screen.getByRole('heading', { name: /kafka-sim/ }))
    expect(screen.queryByRole('group', { name: 'Share' })).toBeNull()
  })
})

describe('Copy link', () => {
  it('on a built-in lesson copies a short link that names the lesson and the step, and confirms it', async () => {
    const app = await renderLesson(hello, 1)
    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Copy link' }))
    expect(await within(panel).findByText('Link copied.')).toBeVisible()
    expect(within(panel).getByRole('status')).toHaveTextContent('It opens the lesson "Hello, Kafka" at step 2.')
    expect(copiedText()).toBe(`${window.location.origin}${window.location.pathname}?lesson=hello-kafka&step=2`)
  })

  it('in the sandbox after Add consumer carries the seed and the command at its simulated time; replayed, it gives the same event log', async () => {
    const app = await renderApp(hello)
    await app.advance(1500)
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    await app.advance(2000)
    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Copy link' }))
    await within(panel).findByText('Link copied.')
    expect(within(panel).getByRole('status')).toHaveTextContent(/It replays your 1 command and opens at \d+\.\d s, as you see it now\./)

    const link = new URL(copiedText())
    expect([...link.searchParams.keys()]).toEqual(['run'])
    const run = await decodeRun(link.searchParams.get('run')!)
    const host = app.host.simulation!
    expect(run.scenario).toEqual(hello)
    expect(run.seed).toBe(hello.seed)
    expect(run.commands).toEqual(app.host.commands())
    expect(run.commands).toEqual([{ at: expect.any(Number), command: { type: 'addConsumer', group: 'my-consumer-group' } }])
    expect(run.until).toBe(host.now())

    // The engine alone, replaying the link, reaches the same state as the app.
    const replay = createSimulation(run.scenario, { seed: run.seed })
    for (const { at, command } of run.commands) {
      replay.runUntil(at)
      replay.dispatch(command)
    }
    replay.runUntil(run.until)
    expect(replay.eventLogHash()).toBe(host.eventLogHash())
  })

  it('in a lesson, after the learner added a partition and a consumer, crashed a member, restarted the step and went on: the link opens the same session (step, time, event log, goals)', async () => {
    const partitions = builtInScenario('partitions-and-parallelism')!
    const app = await renderLesson(partitions, 1)
    const group = () => screen.getByRole('article', { name: 'consumer group my-consumer-group' })
    await app.advance(2000)
    await app.user.click(screen.getByRole('button', { name: 'Add partition' }))
    await app.advance(1000)
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    await app.advance(3000)
    await app.user.click(within(within(group()).getByRole('listitem', { name: 'consumer-1' })).getByRole('button', { name: 'Crash' }))
    await app.advance(2500)
    await app.user.click(screen.getByRole('button', { name: 'Restart step' }))
    await app.advance(1000)
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    await app.advance(3000)
    const live = app.store.getState()
    expect(live.lesson).toMatchObject({ step: 1 })

    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Copy link' }))
    await within(panel).findByText('Link copied.')
    expect(within(panel).getByRole('status')).toHaveTextContent(/It opens the lesson "Partitions and parallelism" at step 2 at \d+\.\d s, as you see it now, replaying your 4 commands and 1 lesson action\./)
    const link = new URL(copiedText())
    expect([...link.searchParams.keys()]).toEqual(['run'])
    // Short: the lesson is named by its id; the five inputs are compressed.
    expect(link.search.length).toBeLessThan(250)
    const run = await decodeRun(link.searchParams.get('run')!)
    expect(run.lessonStep).toBe(1)
    expect(run.lessonInputs.map((i) => ('command' in i ? i.command.type : i.action))).toEqual(['addPartitions', 'addConsumer', 'crashConsumer', 'restartStep', 'addConsumer'])

    // Opened as the page opens a link (src/main.tsx), in a second simulation.
    const { start, problems } = await startOptions(readPageOptions(link.search))
    expect(problems).toEqual([])
    const store = createSimStore()
    const scheduler: FrameScheduler = { request: () => 1, cancel: () => {} }
    const client = new SimClient(inThreadTransport(), store, scheduler)
    const { problem } = await client.load(start.scenario, { playing: false, lessonStep: start.lessonStep!, lessonInputs: start.lessonInputs, ...(start.until === undefined ? {} : { until: start.until }) })
    await Promise.resolve()
    expect(problem).toBeNull()
    const opened = store.getState()
    expect({ simTime: opened.simTime, eventLogHash: opened.eventLogHash, lesson: opened.lesson }).toEqual({ simTime: live.simTime, eventLogHash: live.eventLogHash, lesson: live.lesson })
    client.close()
  })

  it('in a lesson at the start of a step, with nothing done yet, stays the short ?lesson= link', async () => {
    const app = await renderLesson(hello, 2)
    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Copy link' }))
    await within(panel).findByText('Link copied.')
    expect(copiedText()).toBe(`${window.location.origin}${window.location.pathname}?lesson=hello-kafka&step=3`)
  })

  it('when the clipboard refuses, shows the link selected in a text field to copy by hand', async () => {
    clipboardWorks = 'refuses'
    const app = await renderLesson(hello, 0)
    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Copy link' }))
    const field = await within(panel).findByRole('textbox', { name: 'Link to this run' })
    expect(field).toHaveValue(`${window.location.origin}${window.location.pathname}?lesson=hello-kafka`)
    expect(field).toHaveAttribute('readonly')
    expect(field).toHaveFocus()
    expect((field as HTMLInputElement).selectionStart).toBe(0)
    expect((field as HTMLInputElement).selectionEnd).toBe((field as HTMLInputElement).value.length)
    expect(within(panel).queryByText('Link copied.')).toBeNull()
    expect(within(panel).getByRole('status')).toHaveTextContent('Copying is not allowed here')
  })

  it('without a clipboard API at all, shows the link as well', async () => {
    clipboardWorks = 'missing'
    const app = await renderLesson(hello, 0)
    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Copy link' }))
    expect(await within(panel).findByRole('textbox', { name: 'Link to this run' })).toHaveValue(`${window.location.origin}${window.location.pathname}?lesson=hello-kafka`)
  })
})

describe('Export and Import', () => {
  it('Export downloads the scenario as pretty JSON named after its id, which reads back as the same scenario', async () => {
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob)
      return 'blob:kafka-sim/export'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const clicked: { download: string; href: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href })
    })
    const app = await renderApp(builtInScenario('two-groups')!)
    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Export' }))
    expect(clicked).toEqual([{ download: 'two-groups.json', href: 'blob:kafka-sim/export' }])
    expect(blobs[0]!.type).toBe('application/json')
    const text = await blobs[0]!.text()
    expect(text).toContain('\n  "format": "kafka-sim/scenario",\n')
    expect(JSON.parse(text)).toEqual(scenarioFile(builtInScenario('two-groups')!))
    expect(within(panel).getByRole('status')).toHaveTextContent('Downloaded two-groups.json.')
  })

  function fileInput(): HTMLInputElement {
    return document.querySelector('input[type="file"]') as HTMLInputElement
  }

  it('Import refuses an invalid scenario, listing each problem by its field path as text, and the simulation carries on untouched', async () => {
    const app = await renderApp(hello)
    await app.advance(1000)
    const before = { id: app.store.getState().scenario?.id, events: app.store.getState().events.length, time: app.host.simulation!.now() }
    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Import' }))
    const bad = {
      version: 1,
      id: 'broken',
      topics: [{ name: 'orders', partitions: 0 }],
      producers: [{ topic: '<img src=x onerror="alert(1)">' }],
    }
    await app.user.upload(fileInput(), new File([JSON.stringify(bad)], 'broken.json', { type: 'application/json' }))
    const alert = await within(panel).findByRole('alert')
    expect(alert).toHaveTextContent('broken.json was not loaded: it is not a valid scenario (2 problems). The simulation carries on unchanged.')
    const problems = within(alert).getAllByRole('listitem').map((li) => li.textContent)
    expect(problems).toEqual([
      expect.stringMatching(/^topics\[0\]\.partitions: /),
      'producers[0].topic: names topic "<img src=x onerror="alert(1)">", which is not in topics',
    ])
    // Text, never HTML.
    expect(alert.querySelector('img')).toBeNull()
    // Nothing was loaded: same scenario, same run, still going.
    await app.advance(500)
    expect(app.store.getState().scenario?.id).toBe(before.id)
    expect(app.host.simulation!.now()).toBeGreaterThan(before.time)
    expect(app.store.getState().events.length).toBeGreaterThanOrEqual(before.events)
  })

  it('Import refuses a file that is not JSON, saying so', async () => {
    const app = await renderApp(hello)
    const panel = await openShare(app)
    await app.user.upload(fileInput(), new File(['topics: [orders]'], 'notes.json', { type: 'application/json' }))
    expect(await within(panel).findByRole('alert')).toHaveTextContent(/^notes\.json was not loaded: it is not valid JSON \(.+\)\. The simulation carries on unchanged\.$/)
    expect(app.store.getState().scenario?.id).toBe('hello-kafka')
  })

  it('Import of a valid file opens it, following its lesson if it has one', async () => {
    const app = await renderApp(hello)
    const panel = await openShare(app)
    const mine = { version: 1, id: 'my-orders', title: 'My orders', topics: [{ name: 'orders', partitions: 3 }], producers: [{ topic: 'orders' }] }
    await app.user.upload(fileInput(), new File([JSON.stringify(mine)], 'orders.json', { type: 'application/json' }))
    expect(await within(panel).findByText('Opened “My orders” from orders.json.')).toBeVisible()
    await app.advance(16)
    expect(app.store.getState().scenario?.id).toBe('my-orders')
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('My orders')
    expect(screen.getAllByRole('region', { name: /^orders-\d: / })).toHaveLength(3)
  })

  it('an exported lesson imports back and is followed from its first step', async () => {
    const app = await renderApp(hello)
    const panel = await openShare(app)
    const file = new File([JSON.stringify(scenarioFile(builtInScenario('keys-and-ordering')!), null, 2)], 'keys-and-ordering.json', { type: 'application/json' })
    await app.user.upload(fileInput(), file)
    await within(panel).findByText(/^Opened “/)
    await app.advance(16)
    expect(app.store.getState().lesson).toMatchObject({ lessonId: 'keys-and-ordering', step: 0 })
  })
})

describe('Copy embed code', () => {
  it('gives an 800x500 iframe of this lesson with the embed parameters, escaped for HTML', async () => {
    const app = await renderLesson(hello, 0)
    const panel = await openShare(app)
    await app.user.selectOptions(within(panel).getByRole('combobox', { name: 'Controls' }), 'basic')
    await app.user.click(within(panel).getByRole('checkbox', { name: 'Start playing' }))
    await app.user.click(within(panel).getByRole('button', { name: 'Copy embed code' }))
    expect(await within(panel).findByText('Embed code copied.')).toBeVisible()
    const base = `${window.location.origin}${window.location.pathname}`
    expect(copiedText()).toBe(
      `<iframe src="${base}?lesson=hello-kafka&amp;embed&amp;controls=basic&amp;autoplay=0" width="800" height="500" title="kafka-sim: Hello, Kafka" style="border: 0" loading="lazy" allow="clipboard-write"></iframe>`,
    )
  })

  it('for a scenario of the learner\'s own, carries the scenario in the link, and its title escaped', async () => {
    const mine = { ...hello, id: 'quotes', title: 'Say "hi" & <wave>', lesson: undefined }
    delete mine.lesson
    const app = await renderApp(mine)
    const panel = await openShare(app)
    await app.user.click(within(panel).getByRole('button', { name: 'Copy embed code' }))
    await within(panel).findByText('Embed code copied.')
    const code = copiedText()
    expect(code).toMatch(/^<iframe src="[^"]+\?run=[A-Za-z0-9_-]+&amp;embed" width="800" height="500" /)
    expect(code).toContain('title="kafka-sim: Say &quot;hi&quot; &amp; &lt;wave&gt;"')
    const src = new URL(code.match(/src="([^"]+)"/)![1]!.replace(/&amp;/g, '&'))
    expect((await decodeRun(src.searchParams.get('run')!)).scenario).toEqual(mine)
  })
})

describe('the embedded view and its controls levels', () => {
  async function renderWithLayout(embed: boolean, controls: 'none' | 'basic' | 'full') {
    const app = await renderApp(hello)
    act(() => app.store.setState({ layout: { embed, controls } }))
    return app
  }

  it('controls=basic: play/pause and reset only; no step, speed, cluster actions, lesson, share or inspector', async () => {
    const app = await renderWithLayout(true, 'basic')
    const playback = screen.getByRole('group', { name: 'Playback' })
    expect(within(playback).getAllByRole('button').map((b) => b.textContent)).toEqual(['Pause', 'Reset'])
    expect(screen.queryByRole('slider', { name: 'Speed' })).toBeNull()
    expect(screen.queryByRole('toolbar', { name: 'Cluster actions' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Presenter mode' })).toBeNull()
    await app.user.click(within(playback).getByRole('button', { name: 'Pause' }))
    await app.advance(16)
    expect(app.store.getState().playing).toBe(false)
    // Without an inspector, names and record cells in the picture are text, not buttons that do nothing.
    expect(screen.getByText('producer-1')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'producer-1' })).toBeNull()
    expect(screen.queryAllByRole('button', { name: /^offset \d+/ })).toEqual([])
    expect(screen.queryByRole('complementary', { name: 'Inspector' })).toBeNull()
  })

  it('controls=none: no controls at all, and the keyboard shortcuts are off', async () => {
    const app = await renderWithLayout(true, 'none')
    expect(within(screen.getByRole('group', { name: 'Playback' })).queryAllByRole('button')).toEqual([])
    expect(screen.getByLabelText('Simulated time')).toBeVisible()
    act(() => {
      fireEvent.keyDown(window, { key: ' ' })
      fireEvent.keyDown(window, { key: 'r' })
    })
    await app.advance(16)
    expect(app.store.getState().playing).toBe(true)
    // Not even the panels open: an illustration shows the picture and the newest event.
    expect(screen.queryByRole('button', { name: 'Console and event log' })).toBeNull()
  })

  it('controls=full in an embed keeps every control, the shortcuts included', async () => {
    const app = await renderWithLayout(true, 'full')
    expect(screen.getByRole('slider', { name: 'Speed' })).toBeVisible()
    expect(screen.getByRole('toolbar', { name: 'Cluster actions' })).toBeVisible()
    expect(screen.getByRole('button', { name: 'Share' })).toBeVisible()
    act(() => {
      fireEvent.keyDown(window, { key: ' ' })
    })
    await app.advance(16)
    expect(app.store.getState().playing).toBe(false)
  })

  it('the embed names the app as a link to the full app in a new tab, and keeps the panels behind a button under the newest event', async () => {
    const app = await renderWithLayout(true, 'full')
    const brand = screen.getByRole('link', { name: /^kafka-sim/ })
    expect(brand).toHaveAttribute('target', '_blank')
    expect(brand).toHaveAttribute('rel', expect.stringContaining('noopener'))
    expect(screen.queryByRole('log', { name: 'Event log' })).toBeNull()
    await app.advance(2000)
    await waitFor(() => expect(screen.getByLabelText('Newest event')).toHaveTextContent(/^\d+\.\d s .+/))
    const toggle = screen.getByRole('button', { name: 'Console and event log' })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await app.user.click(toggle)
    expect(screen.getByRole('log', { name: 'Event log' })).toBeVisible()
    expect(screen.getByRole('tab', { name: 'Console' })).toBeVisible()
    expect(screen.getByRole('button', { name: 'Hide panels' })).toHaveAttribute('aria-expanded', 'true')
    // Escape inside the panels closes them and gives the focus back to their button.
    screen.getByRole('tab', { name: 'Console' }).focus()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('log', { name: 'Event log' })).toBeNull()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Console and event log' }))
  })

  it('outside an embed, the app is unchanged: no link brand, panels always shown', async () => {
    await renderApp(hello)
    expect(screen.queryByRole('link', { name: /^kafka-sim/ })).toBeNull()
    expect(screen.getByRole('log', { name: 'Event log' })).toBeVisible()
  })
})

describe('problems with the page address', () => {
  it('are shown under the top bar, as text, until dismissed', async () => {
    const app = await renderApp(hello)
    act(() => app.store.getState().setNotice({ kind: 'error', text: 'The "seed" parameter must be a whole number from 0 to 4294967295, not "<b>x</b>".', source: 'url' }))
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('The "seed" parameter must be a whole number from 0 to 4294967295, not "<b>x</b>".')
    expect(alert.querySelector('b')).toBeNull()
    await app.user.click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
