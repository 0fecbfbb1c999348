/**
 * The messages between the main thread and the simulation worker: one module both sides import,
 * so they cannot drift apart. Commands in, compact frames out.
 */
import type { Acks, AssignorName, AutoOffsetReset, Command, CommandResult, CommandType, GoalStatus, KeySpec, NullKeyPartitioner, RecordedCommand, Scenario, ValueSpec } from '../engine'

/** Beyond this many partitions the picture draws compact logs, and frames carry fewer records per log. */
export const COMPACT_ABOVE = 12

/**
 * Record traffic: the per-record (and per-batch) lines that come in a steady stream while records
 * flow: appends, acknowledgements, records processed and offset commits. Everything else is the
 * story: joins, rebalances, generations, leader changes, broker deaths, config changes, refusals.
 */
const TRAFFIC_EVENT_TYPES: ReadonlySet<string> = new Set(['recordsAppended', 'produceAcked', 'recordsProcessed', 'offsetsCommitted'])

/** Whether an event line is record traffic rather than part of the story. */
export function isTraffic(line: { type: string }): boolean {
  return TRAFFIC_EVENT_TYPES.has(line.type)
}

/** The speed slider's range: simulated time per wall-clock time. */
export const MIN_SPEED = 0.1
export const MAX_SPEED = 20

export type ToWorker =
  | {
      type: 'load'
      scenario: Scenario
      seed?: number
      commands?: RecordedCommand[]
      playing?: boolean
      /** Run the scenario's lesson from this step (earlier steps are played through first); absent: no lesson (sandbox). */
      lessonStep?: number
      /**
       * With `lessonStep`: what a learner did in the lesson from that step on, replayed in order
       * through the lesson (a shared lesson session, `LessonSession.inputs`).
       */
      lessonInputs?: LessonInput[]
      /**
       * Run on to this simulated time (a shared link opens where it was copied): after replaying
       * `commands`; with `lessonStep`, after the lesson has started and `lessonInputs` are replayed.
       */
      until?: number
      /** Echoed in `loaded`, so the sender knows which load it answers. */
      id?: number
    }
  | { type: 'command'; id: number; command: Command }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'setSpeed'; speed: number }
  /** Runs to the next thing that happens (the next event), then pauses. */
  | { type: 'step' }
  /** Starts the scenario (or lesson) again from the beginning; the run it replaces is kept for `undoReset`. */
  | { type: 'reset' }
  /** Brings back the run the last reset replaced, while the frame says it can (`canUndoReset`). */
  | { type: 'undoReset' }
  /** Asks for the next frame; `wallMs` is the main thread's clock (performance.now()). */
  | { type: 'frame'; wallMs: number }
  /** The next frame must carry the whole view (the client could not apply a patch). */
  | { type: 'resync' }
  /** Asks for one record's details (answered with `record`). */
  | { type: 'inspect'; id: number; topic: string; partition: number; offset: number }
  /** Lesson controls: go on, show a solution, start the step again, or leave the lesson (sandbox). */
  | { type: 'lesson'; action: LessonAction | 'sandbox' }
  /** Asks for what a shared link needs to reproduce this run (answered with `session`). */
  | { type: 'session'; id: number }

export type FromWorker =
  | { type: 'frame'; frame: Frame }
  | { type: 'commandResult'; id: number; result: CommandResult }
  /**
   * The load is done. `problem`: the lesson inputs it was given could not be replayed (a changed
   * link), in words; the lesson then opened at `lessonStep` without them.
   */
  | { type: 'loaded'; id?: number; scenarioId: string; seed: number; problem?: string }
  | { type: 'record'; id: number; record: RecordDetails | null }
  | { type: 'session'; id: number; session: SessionInfo }
  | { type: 'error'; message: string }

/** A run as a shared link carries it: scenario + seed + the commands given so far, and the time now. */
export interface SessionInfo {
  scenarioId: string
  seed: number
  simTime: number
  /** Every command the simulation ran (the learner's, and a lesson's scripted ones), with the simulated time it ran at. */
  commands: RecordedCommand[]
  /** While a lesson is followed: what reproduces it (the commands above would replay it without the lesson). */
  lesson: LessonSession | null
}

/** Lesson controls that change the simulation, and so belong to a lesson session. */
export type LessonAction = 'next' | 'showMe' | 'restartStep'

/** One thing a learner did in a lesson, at the simulated time it happened: a command, or a lesson control. */
export type LessonInput = { at: number; command: Command } | { at: number; action: LessonAction }

/**
 * A lesson session: the step it started at and what the learner did since, in the order done
 * ("Show me" and "Restart step" take the clock back, so times go back after them). Replayed through
 * the same lesson runner, it gives the same simulation, step and goal statuses. The lesson's own
 * scripted commands are not inputs: the runner issues them again.
 */
export interface LessonSession {
  /** The step the session started at (earlier steps played through: `?step=`, or a step picked in the panel). */
  startStep: number
  /** Simulated time when that step began. */
  startTime: number
  inputs: LessonInput[]
}

/** A record as the partition strip draws it; the inspector asks for the rest (`inspect`). */
export interface RecordCell {
  offset: number
  /** null for a record without a key. */
  key: string | null
  /** When the leader appended it (simulated ms): the reduced-motion view highlights new cells by it. */
  appendedAt: number
  /** Its producer was told it is written (acks=1 or all). */
  acked: boolean
}

/** Everything about one record, sent when the inspector asks for it. */
export interface RecordDetails {
  topic: string
  partition: number
  offset: number
  key: string | null
  value: string
  /** The value was longer and is cut to the first MAX_VALUE_CHARS characters. */
  truncated: boolean
  timestamp: number
  producer: string
  acked: boolean
}

/** One replica of a partition, as the picture shows it on its broker. */
export interface ReplicaView {
  broker: number
  /** Log end offset of this replica. */
  leo: number
  inIsr: boolean
  leader: boolean
  /** The broker runs (a replica on a dead broker keeps what it had). */
  alive: boolean
}

export interface PartitionView {
  topic: string
  partition: number
  /** Broker id of the leader, -1 when offline. */
  leader: number
  leaderEpoch: number
  replicas: number[]
  isr: number[]
  replicaStates: ReplicaView[]
  logStartOffset: number
  logEndOffset: number
  highWatermark: number
  /** The newest records (up to a window), oldest first. */
  records: RecordCell[]
  /** Committed offset per group id. */
  committed: Record<string, number>
  /** Per group, the offset below which every record has been processed by some member (lag and "consumed by"). */
  consumedUpTo: Record<string, number>
}

export interface TopicView {
  name: string
  /** Kafka's own topic (__consumer_offsets). */
  internal: boolean
  replicationFactor: number
  partitions: PartitionView[]
  config: { 'retention.ms': number; 'retention.bytes': number; 'segment.bytes': number; 'segment.ms': number; 'min.insync.replicas': number; 'unclean.leader.election.enable': boolean }
}

export interface BrokerView {
  id: number
  alive: boolean
  /** The controller has noticed it is gone (broker.session.timeout.ms). */
  fenced: boolean
  slow: boolean
  /** Partitions it leads and replicas it holds (internal topic excluded). */
  leaderCount: number
  replicaCount: number
  /** Groups it coordinates. */
  coordinatorOf: string[]
}

export interface ProducerView {
  id: string
  topic: string
  rate: number
  sent: number
  acked: number
  failed: number
  maxRecords: number | null
  keys: KeySpec
  value: ValueSpec
  partitioner: NullKeyPartitioner
  acks: Acks
  lingerMs: number
  batchSize: number
  idempotence: boolean
  lastError: string | null
  avgAckMs: number | null
  /** Batches waiting to be sent or retried. */
  queued: number
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
  /** Records available to it but not yet returned by poll (its records-lag). */
  lag: number
  isLeader: boolean
  instanceId: string | null
  generation: number
  /** Why it stopped, when crashed or closed. */
  stopReason: string
  /** Settings of this member that differ from Kafka's defaults. */
  changed: Record<string, string>
}

export interface GroupConfigView {
  strategy: AssignorName[]
  autoCommit: boolean
  autoCommitIntervalMs: number
  autoOffsetReset: AutoOffsetReset
  sessionTimeoutMs: number
  heartbeatIntervalMs: number
  maxPollIntervalMs: number
  maxPollRecords: number
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
  config: GroupConfigView
  leader: string | null
  /** Broker coordinating the group, or -1 when none is reachable or none was looked up yet. */
  coordinator: number
  topics: string[]
  members: MemberView[]
  lag: Record<string, number>
  totalLag: number
  consumed: number
  duplicates: number
  rebalances: number
}

/** One record a leader change truncated away (the view lists only the newest of them per topic). */
export interface LostRecordView {
  t: number
  topic: string
  partition: number
  offset: number
  key: string | null
  acked: boolean
}

/** How many records leader changes have truncated from one topic's partitions since the run began. */
export interface TopicLossView {
  /** Records their producer had been told were written: data loss. */
  acked: number
  /** Records never acknowledged: their producer retries them or reports them failed. */
  unacked: number
}

export interface ClusterView {
  scenarioId: string
  title: string
  description: string
  brokers: BrokerView[]
  topics: TopicView[]
  producers: ProducerView[]
  groups: GroupView[]
  counters: {
    produced: number
    consumed: number
    duplicates: number
    /** Acknowledged records lost to leader changes, all topics together. */
    lost: number
    /**
     * Per topic that has lost records (absent: none lost). Here rather than beside `lostRecords`
     * because counters travel in every patch: the totals are a few numbers, the list is not.
     */
    lostByTopic: Record<string, TopicLossView>
  }
  /** The newest records lost per topic (at most LOST_SHOWN each); the totals are in `counters.lostByTopic`. */
  lostRecords: LostRecordView[]
  networkLatencyMs: number
  /** Settings a lesson changed from Kafka's defaults, to be shown to the learner. */
  teachingNotes: string[]
}

/** One point of the charts' time series, taken every SAMPLE_MS of simulated time. */
export interface Sample {
  t: number
  produced: number
  /** Records processed so far, per group. */
  consumed: Record<string, number>
  /** Committed-offset lag per group, total and per partition. */
  groupLag: Record<string, number>
  partitionLag: Record<string, Record<string, number>>
}

export type ViewUpdate =
  | { kind: 'full'; version: number; view: ClusterView }
  | {
      kind: 'patch'
      /** The version this patch applies to. */
      base: number
      version: number
      partitions: PartitionView[]
      groups: GroupView[]
      producers: ProducerView[]
      brokers: BrokerView[]
      counters: ClusterView['counters']
      lostRecords: LostRecordView[] | null
      teachingNotes: string[] | null
    }

/** A batch of records on the wire, placed by the view from simulated time. */
export interface Flight {
  /** Producer to leader, leader to consumer, or leader to follower. */
  kind: 'produce' | 'fetch' | 'replicate'
  /** Producer id, or partition name ("user-activity-0"). */
  from: string
  /** Partition name, consumer id, or "user-activity-0@2" (the replica on broker 2). */
  to: string
  sentAt: number
  arrivesAt: number
  count: number
  /** Key of the first record (null: no key). */
  key: string | null
  /** For fetches: the first offset carried. */
  firstOffset: number
}

/**
 * Records in flight on one link, drawn as a line when there are too many batches to draw one by
 * one. `from` and `to` name the picture's anchors directly ("producer:producer-1", "topic:orders",
 * "group:billing", "partition:orders-3", "consumer:c1").
 */
export interface Flow {
  kind: Flight['kind']
  from: string
  to: string
  batches: number
  records: number
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
  /** What the line is: a printed record (the default), the command line a session started with, or a note on where it reads from. */
  kind?: 'record' | 'command' | 'note'
}

export interface Frame {
  simTime: number
  playing: boolean
  speed: number
  /** The cluster view, whole or as a patch; null when nothing but the clock changed. */
  view: ViewUpdate | null
  /** Batches in flight, when there are few enough to draw one by one. */
  flights: Flight[]
  /** Otherwise, what is in flight per link. */
  flows: Flow[]
  events: EventLine[]
  console: ConsoleLine[]
  /** Lines skipped because too many arrived in one frame. */
  consoleSkipped: number
  /** New samples for the charts. */
  samples: Sample[]
  /** The running hash of the event log: equal runs show equal fingerprints. */
  eventLogHash: string
  /** The lesson's live state, or null outside a lesson (sandbox). */
  lesson: LessonFrame | null
  /**
   * Set when the simulation went back in time ("Show me", restart step): the number of events it
   * went back to. Lines and samples from after that point no longer happened.
   */
  rewoundTo: number | null
  /** A reset just replaced a run that "Undo reset" can still bring back (until the learner acts, or 20 simulated seconds). */
  canUndoReset: boolean
}

export interface LessonFrame {
  lessonId: string
  step: number
  stepCount: number
  /** The current step's goals, checked on every frame. */
  statuses: GoalStatus[]
  /** Every goal of the current step held together (it stays done). */
  complete: boolean
  completedSteps: number[]
  lessonComplete: boolean
  /** "Show me" is playing the solution. */
  demo: boolean
  /** Command types refused in this step. */
  locked: CommandType[]
}
