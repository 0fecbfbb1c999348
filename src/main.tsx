import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createEmbedBridge, embedderOrigin } from './embed/bridge'
import { App } from './ui/App'
import { createSimStore } from './store/sim-store'
import { plainStart, readPageOptions, replayProblemText, startOptions } from './ui/url'
import type { StartOptions } from './ui/url'
import { SimClient, workerTransport } from './worker/client'
import './ui/styles.css'

const options = readPageOptions(window.location.search)
const motionQuery = window.matchMedia?.('(prefers-reduced-motion: reduce)')
const store = createSimStore({
  reducedMotion: motionQuery?.matches ?? false,
  presenter: options.presenter,
  viewIntervalMs: 50,
  layout: { embed: options.embed, controls: options.controls },
})
motionQuery?.addEventListener?.('change', (e) => store.getState().setReducedMotion(e.matches))
// The compact embedded view sizes everything from a smaller root font (src/embed/embed.css).
if (options.embed) document.documentElement.classList.add('kafka-sim-embed')

const transport = workerTransport()
const client = new SimClient(transport, store, undefined, { perf: options.perf })

// Inside an iframe: talk to the embedding page (docs/embedding.md).
if (window.parent !== window) {
  createEmbedBridge({
    host: window,
    parent: window.parent,
    parentOrigin: embedderOrigin(window.location, document.referrer),
    store,
    client,
    origins: options.origins,
    autoplay: options.autoplay,
    warn: (text) => console.warn(text),
  })
}

function start(begin: StartOptions, problems: string[]): void {
  const showProblems = (list: string[]) => {
    if (list.length > 0) store.getState().setNotice({ kind: 'error', text: list.join(' '), source: 'url' })
  }
  void client
    .load(begin.scenario, {
      playing: options.autoplay,
      ...(begin.seed === undefined ? {} : { seed: begin.seed }),
      ...(begin.commands.length > 0 ? { commands: begin.commands } : {}),
      ...(begin.until === undefined ? {} : { until: begin.until }),
      ...(begin.lessonStep === undefined ? {} : { lessonStep: begin.lessonStep }),
      ...(begin.lessonInputs.length > 0 ? { lessonInputs: begin.lessonInputs } : {}),
    })
    .then(({ problem }) => {
      // Only the worker can tell that a shared lesson session does not fit its lesson (a changed link).
      if (problem !== null) showProblems([...problems, replayProblemText(begin, problem)])
    })
  // After load, which clears the notices of the previous scenario.
  showProblems(problems)
  client.start()
}

if (options.run === null) {
  start(plainStart(options), options.problems)
} else {
  // A shared run is compressed: reading it takes a moment (the page shows "Starting the simulation…").
  startOptions(options)
    .then(({ start: begin, problems }) => start(begin, [...options.problems, ...problems]))
    .catch((e: unknown) => start(plainStart(options), [...options.problems, `The shared run could not be opened: ${e instanceof Error ? e.message : String(e)}.`]))
}

if (options.perf) {
  // Probes for the UI benchmark (bench/ui.bench.ts).
  const inFlight = () => {
    const s = store.getState()
    return s.flows.length > 0 ? s.flows.reduce((n, f) => n + f.records, 0) : s.flights.reduce((n, f) => n + f.count, 0)
  }
  Object.assign(window, { __kafkaSimPerf: client.perf, __kafkaSimInFlight: inFlight })
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App store={store} client={client} />
  </StrictMode>,
)
