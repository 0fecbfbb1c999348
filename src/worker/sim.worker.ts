/// <reference lib="webworker" />
/** The simulation worker: it only routes messages to a SimHost and posts its answers back. */
import { SimHost } from './sim-host'
import type { FromWorker, ToWorker } from './protocol'

const scope = self as unknown as DedicatedWorkerGlobalScope
const host = new SimHost((message: FromWorker) => scope.postMessage(message))
scope.onmessage = (e: MessageEvent<ToWorker>) => host.handle(e.data)
