import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/App'
import { createSimStore } from './store/sim-store'
import { readPageOptions } from './ui/url'
import { inThreadTransport, SimClient, workerTransport } from './worker/client'
import './ui/styles.css'

const options = readPageOptions(window.location.search)
const motionQuery = window.matchMedia?.('(prefers-reduced-motion: reduce)')
const store = createSimStore({ reducedMotion: motionQuery?.matches ?? false, presenter: options.presenter, viewIntervalMs: 50 })
motionQuery?.addEventListener?.('change', (e) => store.getState().setReducedMotion(e.matches))
if (options.problems.length > 0) store.getState().setNotice({ kind: 'error', text: options.problems.join(' '), source: 'url' })

const transport = typeof Worker === 'function' ? workerTransport() : inThreadTransport()
const client = new SimClient(transport, store, undefined, { perf: options.perf })
client.load(options.scenario, {
  playing: options.autoplay,
  ...(options.seed === undefined ? {} : { seed: options.seed }),
  ...(options.scenario.lesson && !options.sandbox ? { lessonStep: options.step } : {}),
})
client.start()
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
