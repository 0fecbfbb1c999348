/**
 * Renders the real app against an in-thread simulation whose frames the test pumps by hand, so
 * simulated time moves exactly as far as each test says.
 */
import { act, render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { App } from '../../src/ui/App'
import { createSimStore } from '../../src/store/sim-store'
import { SimClient } from '../../src/worker/client'
import { inThreadTransport } from '../../src/worker/in-thread'
import type { FrameScheduler } from '../../src/worker/client'
import { builtInScenario } from '../../src/scenarios'
import type { Scenario } from '../../src/engine'

export function manualFrames() {
  let callback: ((wallMs: number) => void) | null = null
  let handle = 0
  const scheduler: FrameScheduler = {
    request: (cb) => {
      callback = cb
      return ++handle
    },
    cancel: () => {
      callback = null
    },
  }
  return {
    scheduler,
    /** Runs one animation frame at `wallMs` and lets its answer arrive. */
    async frame(wallMs: number) {
      const cb = callback
      callback = null
      await act(async () => {
        cb?.(wallMs)
        await Promise.resolve()
        await Promise.resolve()
      })
    },
  }
}

export async function renderApp(scenario: Scenario = builtInScenario('hello-kafka')!, options: { playing?: boolean } = {}) {
  const store = createSimStore({ reducedMotion: true })
  const transport = inThreadTransport()
  const frames = manualFrames()
  const client = new SimClient(transport, store, frames.scheduler)
  let wall = 0
  await act(async () => {
    client.load(scenario, { playing: options.playing ?? true })
    client.start()
    await Promise.resolve()
  })
  const utils = render(<App store={store} client={client} />)
  const user = userEvent.setup()
  /** Advances wall time by `ms` in frames of at most 250 ms (the host's catch-up limit). */
  const advance = async (ms: number) => {
    const target = wall + ms
    while (wall < target) {
      wall = Math.min(target, wall + 250)
      await frames.frame(wall)
    }
  }
  await frames.frame(wall)
  return { ...utils, store, client, host: transport.host, user, advance, frames }
}
