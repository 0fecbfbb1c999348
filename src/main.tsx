import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/App'
import { createSimStore } from './store/sim-store'
import { inThreadTransport, SimClient, workerTransport } from './worker/client'
import { defaultScenario } from './scenarios'
import './ui/styles.css'

const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false
const store = createSimStore({ reducedMotion })
window.matchMedia?.('(prefers-reduced-motion: reduce)').addEventListener?.('change', (e) => store.getState().setReducedMotion(e.matches))

const transport = typeof Worker === 'function' ? workerTransport() : inThreadTransport()
const client = new SimClient(transport, store)
client.load(defaultScenario(), { playing: true })
client.start()

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App store={store} client={client} />
  </StrictMode>,
)
