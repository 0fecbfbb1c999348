/**
 * What the parts of the model (producers, consumers, the group coordinator, partition leaders)
 * need from the simulation: the state, the clock, scheduling, the network and the event log.
 */
import type { SimEventInput } from './events'
import type { ConsumerState, GroupState, PartitionState, ProducerState, SimState, TopicState } from './model'
import type { RngStream } from './prng'
import type { TaskBody } from './tasks'

export interface Sim {
  readonly s: SimState
  emit(event: SimEventInput): void
  /** Schedules a task at an absolute simulated time (never in the past). */
  at(time: number, task: TaskBody): void
  /** Sends a message: it arrives after the network latency. */
  send(task: TaskBody): void
  /** The network latency one way, in ms. */
  latency(): number
  rand(stream: RngStream, n: number): number
  topic(name: string): TopicState | undefined
  partition(topic: string, partition: number): PartitionState | undefined
  group(groupId: string): GroupState
  producer(index: number): ProducerState
  consumer(index: number): ConsumerState
  /** Marks that the structure (members, assignments, partitions, configs) changed. */
  touch(): void
}

export { tpName as tp } from './assignors/types'

/** Splits "user-activity-3" into its topic and partition. */
export function parseTp(key: string): { topic: string; partition: number } {
  const i = key.lastIndexOf('-')
  return { topic: key.slice(0, i), partition: Number(key.slice(i + 1)) }
}
