/** The simulation on the page's own thread (tests, and browsers without module workers). */
import type { SimTransport } from './client'
import { SimHost } from './sim-host'
import type { FromWorker } from './protocol'

/** Runs the SimHost on this thread; answers arrive asynchronously, as from a worker. */
export function inThreadTransport(): SimTransport & { host: SimHost } {
  let handler: (m: FromWorker) => void = () => {}
  const host = new SimHost((m) => queueMicrotask(() => handler(m)))
  return {
    host,
    post: (m) => host.handle(m),
    listen: (h) => {
      handler = h
    },
    close: () => {
      handler = () => {}
    },
  }
}
