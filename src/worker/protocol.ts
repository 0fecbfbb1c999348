/**
 * The messages between the main thread and the simulation worker: one module both sides import,
 * so they cannot drift apart. Commands in, compact frames out.
 */
import type { Command, CommandResult, RecordedCommand, Scenario } from '../engine'

export type ToWorker =
  | { type: 'load'; scenario: Scenario; seed?: number; commands?: RecordedCommand[]; playing?: boolean }
  | { type: 'command'; id: number; command: Command }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'setSpeed'; speed: number }
  /** Runs to the next thing that happens (the next event), then pauses. */
  | { type: 'step' }
  | { type: 'reset' }
  /** Asks for the next frame; `wallMs` is the main thread's clock (performance.now()). */
  | { type: 'frame'; wallMs: number }

export type FromWorker =
  | { type: 'frame'; frame: Frame }
  | { type: 'commandResult'; id: number; result: CommandResult }
  | { type: 'loaded'; scenarioId: string; seed: number }
  | { type: 'error'; message: string }

export interface RecordCell {
  offset: number
  /** null for a record without a key. */
  key: string | null
  value: string
  timestamp: number
  producer: string
}

export interface PartitionView {
  topic: string
  partition: number
  leader: number
  replicas: number[]
  isr: number[]
  logStartOffset: number
  logEndOffset: number
  highWatermark: number
  /** The newest records (up to a window), oldest first. */
  records: RecordCell[]
  /** Committed offset per group id. */
  committed: Record<string, number>
}

export interface TopicView {
  name: string
  partitions: PartitionView[]
  config: Record<string, number | boolean>
}

export interface ProducerView {
  id: string
  topic: string
  rate: number
  sent: number
  acked: number
  failed: number
  maxRecords: number | null
  keys: string
  partitioner: string
  acks: string
  lingerMs: number
  lastError: string | null
  avgAckMs: number | null
}

export interface MemberView {
  id: string
  memberId: string
  phase: string
  /** Partition names it owns ("user-activity-0"). */
  owned: string[]
  /** Running, in the group, and owning nothing. */
  idle: boolean
  processingMs: number
  /** Records it has fetched but not yet processed, plus what is waiting on the leaders (its records-lag). */
  lag: number
  isLeader: boolean
  /** Settings of this member that differ from Kafka's defaults. */
  changed: Record<string, string>
}

export interface GroupView {
  groupId: string
  state: string
  generation: number
  assignor: string | null
  protocol: 'eager' | 'cooperative' | null
  /** The assignor and protocol its members are configured with (before the group has chosen). */
  configuredAssignor: string
  configuredProtocol: 'eager' | 'cooperative'
  leader: string | null
  topics: string[]
  members: MemberView[]
  lag: Record<string, number>
  totalLag: number
  consumed: number
  duplicates: number
  rebalances: number
}

export interface ClusterView {
  scenarioId: string
  title: string
  description: string
  brokers: { id: number; alive: boolean }[]
  topics: TopicView[]
  producers: ProducerView[]
  groups: GroupView[]
  counters: { produced: number; consumed: number; duplicates: number; lost: number }
  networkLatencyMs: number
  /** Settings a lesson changed from Kafka's defaults, to be shown to the learner. */
  teachingNotes: string[]
}

/** A batch of records on the wire, placed by the view from simulated time. */
export interface Flight {
  id: string
  kind: 'produce' | 'fetch'
  /** Producer id or partition name ("user-activity-0"). */
  from: string
  /** Partition name or consumer id. */
  to: string
  sentAt: number
  arrivesAt: number
  count: number
  /** Keys of the first few records (null: no key). */
  keys: (string | null)[]
  /** For fetches: the first offset carried. */
  firstOffset: number
}

export interface EventLine {
  seq: number
  t: number
  type: string
  text: string
}

export interface ConsoleLine {
  seq: number
  t: number
  consumer: string
  group: string
  text: string
}

export interface Frame {
  simTime: number
  playing: boolean
  speed: number
  /** Present when anything but the clock changed since the last frame. */
  view: ClusterView | null
  flights: Flight[]
  events: EventLine[]
  console: ConsoleLine[]
  /** Lines skipped because too many arrived in one frame. */
  consoleSkipped: number
}
