/**
 * The worker protocol: commands in, frames out, over a real MessageChannel (so every message must
 * survive structured cloning), and once through a real module Worker.
 */
import '@vitest/web-worker'
import { afterEach, describe, expect, it } from 'vitest'
import { builtInScenario } from '../../src/scenarios'
import { SimHost } from '../../src/worker/sim-host'
import { SimClient, workerTransport } from '../../src/worker/client'
import type { FrameScheduler, SimTransport } from '../../src/worker/client'
import type { Frame, FromWorker, ToWorker } from '../../src/worker/protocol'
import { createSimStore } from '../../src/store/sim-store'

const channels: MessageChannel[] = []
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close()
    c.port2.close()
  }
})

/** A SimHost on one end of a MessageChannel, a transport on the other: messages are structured-cloned. */
function channelTransport(): SimTransport {
  const channel = new MessageChannel()
  channels.push(channel)
  const host = new SimHost((m) => channel.port2.postMessage(m))
  channel.port2.onmessage = (e: MessageEvent<ToWorker>) => host.handle(e.data)
  return {
    post: (m) => channel.port1.postMessage(m),
    listen: (handler) => {
      channel.port1.onmessage = (e: MessageEvent<FromWorker>) => handler(e.data)
    },
    close: () => channel.port1.close(),
  }
}

function nextMessage(transport: SimTransport, type: FromWorker['type']): Promise<FromWorker> {
  return new Promise((resolve) => transport.listen((m) => m.type === type && resolve(m)))
}

describe('worker protocol', () => {
  it('loads a scenario and answers frame requests with frames that carry the clock, the view and new events', async () => {
    const t = channelTransport()
    const loaded = nextMessage(t, 'frame')
    t.post({ type: 'load', scenario: builtInScenario('hello-kafka')!, playing: true })
    const first = (await loaded) as Extract<FromWorker, { type: 'frame' }>
    expect(first.frame.view).toMatchObject({ kind: 'full', view: { scenarioId: 'hello-kafka' } })
    t.post({ type: 'frame', wallMs: 0 })
    await nextMessage(t, 'frame')
    const next = nextMessage(t, 'frame')
    t.post({ type: 'frame', wallMs: 200 })
    const frame = ((await next) as Extract<FromWorker, { type: 'frame' }>).frame
    expect(frame.simTime).toBe(200)
    expect(frame.playing).toBe(true)
  })

  it('answers each command with its result, including Kafka\'s refusal', async () => {
    const t = channelTransport()
    t.post({ type: 'load', scenario: builtInScenario('hello-kafka')! })
    await nextMessage(t, 'frame')
    const answer = nextMessage(t, 'commandResult')
    t.post({ type: 'command', id: 7, command: { type: 'addPartitions', topic: 'user-activity', count: 0 } })
    expect(await answer).toEqual({
      type: 'commandResult',
      id: 7,
      result: { ok: false, error: 'INVALID_PARTITIONS', message: 'The topic user-activity currently has 1 partition(s); 0 would not be an increase.' },
    })
  })

  it('reports a broken message as an error instead of dying', async () => {
    const t = channelTransport()
    const error = nextMessage(t, 'error')
    t.post({ type: 'load', scenario: { id: 'broken' } as never })
    expect(await error).toMatchObject({ type: 'error' })
  })

  it('keeps a frame small: at most one view, and never more than 200 console lines', async () => {
    const host = new SimHost(() => {})
    const frames: Frame[] = []
    const collect = new SimHost((m) => m.type === 'frame' && frames.push(m.frame))
    collect.handle({ type: 'load', scenario: builtInScenario('hello-kafka')! })
    collect.handle({ type: 'setSpeed', speed: 20 })
    for (let w = 0; w <= 2000; w += 16) collect.handle({ type: 'frame', wallMs: w })
    expect(frames.every((f) => f.console.length <= 200)).toBe(true)
    // Frames with nothing new carry no view.
    expect(frames.some((f) => f.view === null)).toBe(true)
    expect(JSON.stringify(frames.at(-1)).length).toBeLessThan(64 * 1024)
    host.handle({ type: 'pause' })
  })

  it('runs in a real module Worker behind SimClient, pulling one frame per animation frame', async () => {
    const store = createSimStore()
    let pending: ((t: number) => void) | null = null
    const frames: FrameScheduler = {
      request: (cb) => {
        pending = cb
        return 1
      },
      cancel: () => {
        pending = null
      },
    }
    const client = new SimClient(workerTransport(), store, frames)
    client.load(builtInScenario('hello-kafka')!, { playing: true })
    client.start()
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) {
        const cb = pending
        pending = null
        cb?.(i * 100)
        await new Promise((r) => setTimeout(r, 5))
      }
    }
    await until(() => store.getState().simTime >= 1000)
    expect(store.getState().status).toBe('ready')
    expect(store.getState().simTime).toBeGreaterThanOrEqual(1000)
    const result = await client.command({ type: 'addConsumer', group: 'my-consumer-group' })
    expect(result).toEqual({ ok: true })
    client.close()
  })
})
