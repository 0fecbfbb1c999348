/**
 * The simulation's whole state: plain data only (no classes, no closures), so that a snapshot is
 * one structuredClone and a restore puts back every log, offset, timer and random stream.
 */
import type { AssignorName, TopicPartition } from './assignors/types'
import type { BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig } from './config'
import type { BatchColumns, PartitionLog } from './partition-log'
import type { RngStreams } from './prng'
import type { SimEvent } from './events'
import type { Task } from './tasks'

export interface BrokerState {
  id: number
  /** The process runs. */
  alive: boolean
  /** The controller fenced it after broker.session.timeout.ms without heartbeats: it is out of every ISR. */
  fenced: boolean
  /** Its replica fetchers are stalled (a slow disk or network): its follower replicas fall behind. */
  slow: boolean
  /** Bumped at every kill and restart, so timers of an earlier life are ignored. */
  epoch: number
}

/** What the leader knows of each replica (Partition.scala's remote replica state). */
export interface ReplicaState {
  /** Log end offset: the replica holds offsets below it. */
  leo: number
  /** The log end offset the leader last heard from this replica (in its fetch): what the high watermark uses. */
  leoSeenByLeader: number
  /** The last time it was caught up to the leader's log end offset (for replica.lag.time.max.ms). */
  lastCaughtUp: number
  /** Leader's log end offset at the replica's previous fetch, and when that fetch came. */
  lastFetchLeaderLeo: number
  lastFetchTime: number
  /** The leader epoch its log follows: a broker that was down through a leader change still holds the old epoch's records. */
  epoch: number
}

/** A batch of an acks=all request waiting for the high watermark to pass `end` (DelayedProduce). */
export interface PendingAck {
  request: number
  index: number
  end: number
}

/** An acks=all ProduceRequest waiting for every batch to be replicated. */
export interface PendingProduce {
  id: number
  producer: number
  inc: number
  broker: number
  batches: ProducerBatch[]
  /** Per batch: its result, or null while it waits. */
  results: ({ error: string | null; baseOffset: number } | null)[]
  remaining: number
}

/** A record that a leader change truncated away. */
export interface LostRecord {
  t: number
  topic: string
  partition: number
  offset: number
  key: string | null
  value: string
  /** Its producer had been told it was written. */
  acked: boolean
}

export interface PartitionState {
  topic: string
  partition: number
  /** Broker ids holding a replica; the first is the preferred leader. */
  replicas: number[]
  /** Broker id of the leader, or -1 when the partition is offline. */
  leader: number
  leaderEpoch: number
  /**
   * The leader epoch cache (LeaderEpochFileCache): the offset at which each leader epoch began. A
   * consumer that read under an older epoch asks where that epoch ended (OffsetsForLeaderEpoch) to
   * detect a truncation (KIP-320).
   */
  epochStarts: { epoch: number; startOffset: number }[]
  isr: number[]
  /** The store is the leader's log; every other replica holds a prefix of it, up to its `leo`. */
  log: PartitionLog
  highWatermark: number
  replicaState: Record<number, ReplicaState>
  /** Consumer fetches parked at the leader until data below the high watermark arrives or fetch.max.wait.ms passes. */
  parkedFetches: number[]
  /** Follower fetches parked until the leader appends or replica.fetch.wait.max.ms passes. */
  parkedReplicaFetches: number[]
  pendingAcks: PendingAck[]
  /** Idempotent producers (enable.idempotence): the last batch each producer appended, to drop retried duplicates. */
  producerBatches: Record<number, { seq: number; baseOffset: number }[]>
}

export interface TopicState {
  name: string
  config: TopicConfig
  partitions: PartitionState[]
  /** Kafka's own topic (__consumer_offsets): it locates group coordinators. */
  internal: boolean
  /** Records leader changes have truncated from its partitions since the run began: acknowledged (data loss) or not. */
  lost: { acked: number; unacked: number }
}

export type KeySpec =
  | { mode: 'none' }
  /**
   * The key is the event's user_id, as in `producer.send(topic, key=event['user_id'], ...)`.
   * `skew` makes one user hot: each record is that user's with `percent` % probability (drawn from
   * the seeded 'keys' stream), otherwise the usual next user.
   */
  | { mode: 'user-id'; skew?: KeySkew }
  | { mode: 'custom'; keys: string[] }

/** A hot key: `percent` % of the records are from user_<user> (a skewed workload). */
export interface KeySkew {
  user: number
  percent: number
}

/** How a producer fills the value of each record. */
export type ValueSpec =
  /** The classic tutorial's click events: `{"user_id": "user_<i mod users>", "action": "click", "timestamp": <ms>}`. */
  | { kind: 'click-event'; users: number }
  | { kind: 'text'; text: string }

/**
 * How a producer places records that have no key. Keyed records always go to
 * `toPositive(murmur2(key)) % numPartitions`; an explicit partition always wins.
 * - `sticky`: the Java client's built-in uniform sticky partitioner (KIP-794, the default since 3.3);
 * - `round-robin`: one partition after another (Java before 2.4, KafkaJS);
 * - `random`: a random partition per record (kafka-python's default partitioner).
 */
export type NullKeyPartitioner = 'sticky' | 'round-robin' | 'random'

/** A batch in a producer's accumulator or on the wire; the leader stores its columns as they are. */
export interface ProducerBatch extends BatchColumns {
  id: number
  /** Sequence number within its partition, given at the first send (-1 before); idempotence uses it. */
  seq: number
  producer: number
  topic: string
  partition: number
  /** Creation time: delivery.timeout.ms counts from here (ProducerBatch.hasReachedDeliveryTimeout). */
  createdAt: number
  bytes: number
  /** Sends so far. */
  attempts: number
  /** When it was last put back to be retried (ProducerBatch.reenqueued), or -1. */
  lastAttemptAt: number
  /** How long it waits before that retry: retry.backoff.ms x 2^(attempts-1), capped, with jitter (KIP-580). */
  backoffMs: number
  /** The partition's leader epoch when it was last sent: a retry to a newer leader skips the backoff (KIP-951). */
  leaderEpoch: number
}

export interface ProducerState {
  /** Index in `state.producers`. */
  index: number
  id: string
  topic: string
  alive: boolean
  config: ProducerConfig
  partitioner: NullKeyPartitioner
  keys: KeySpec
  value: ValueSpec
  /** Records per second of simulated time; 0 pauses the producer. */
  rate: number
  /** Stop after this many records in total (null: no limit). */
  maxRecords: number | null
  /** Explicit partition for every record (null: let the partitioner decide). */
  fixedPartition: number | null
  /** Records generated so far. */
  generated: number
  /** Rate changes re-anchor the schedule: records due at t = anchorCount + (t - anchorTime) * rate / 1000. */
  anchorTime: number
  anchorCount: number
  /** The producer's view of the topic's partition count (refreshed every metadata.max.age.ms). */
  knownPartitions: number
  sticky: { partition: number; bytes: number } | null
  roundRobinCounter: number
  /** Per partition, the id of the last unsent batch (in `ready`): records keep going into it while it has room. */
  open: Record<number, number>
  /** Every unsent batch, oldest first (lingering, waiting for an in-flight slot, or to be retried). */
  ready: ProducerBatch[]
  inFlight: Record<number, number>
  nextBatchId: number
  /** Next sequence number per partition (idempotent producer). */
  sequences: Record<number, number>
  acked: number
  failed: number
  lastError: string | null
  /** Sum and count of acknowledgement latencies, for the average shown to learners. */
  ackLatencySum: number
  ackCount: number
  /** Bumped when the producer is restarted or reconfigured so that stale timers are ignored. */
  incarnation: number
  /**
   * enable.idempotence was set explicitly (scenario, addProducer or setProducerConfig). Explicitly
   * true with acks other than all is refused; left at its default, acks other than all turn it off.
   */
  idempotenceExplicit: boolean
  /** When the sender next wakes up for a retry backoff or a partition without a leader, or -1. */
  wakeAt: number
}

export type MemberPhase =
  /** Not in the group: starting up or about to rejoin. */
  | 'unjoined'
  /** JoinGroup sent, waiting for the response. */
  | 'joining'
  /** SyncGroup sent, waiting for the assignment. */
  | 'syncing'
  /** Has an assignment for the current generation and consumes it. */
  | 'stable'
  | 'crashed'
  | 'closed'

export interface ConsumerState {
  index: number
  /** client.id, as the learner sees it: consumer-1. */
  id: string
  groupId: string
  topics: string[]
  config: ConsumerConfig
  /** Simulated time the application spends on each record. */
  processingMs: number
  phase: MemberPhase
  memberId: string
  generation: number
  /** The assignor the group chose in the last JoinGroup round, and whether it is cooperative. */
  protocol: AssignorName | null
  /** Partitions the member owns now. */
  owned: TopicPartition[]
  /** Next offset to return from poll(), per partition key "topic-p". Absent: position unknown (OffsetFetch pending). */
  positions: Record<string, number>
  /** The leader epoch each position was last validated under (KIP-320); absent until its first fetch. */
  positionEpochs: Record<string, number>
  /** Offsets the app has finished processing (next offset), per partition: what commit-after-processing commits. */
  processed: Record<string, number>
  /** Fetched records waiting for poll(): per partition key, [fromOffset, untilOffset). */
  buffer: Record<string, [number, number]>
  /** Partition keys with a fetch in flight. */
  fetching: Record<string, boolean>
  needsRejoin: boolean
  rejoinReason: string
  /** The reason sent with the current JoinGroup (KIP-800), empty for a first join. */
  joinReason: string
  /** The member is inside the application's processing loop (between poll() and the next poll()). */
  processing: boolean
  /** Records of the current poll still to process: [topic, partition, from, until]. */
  work: [string, number, number, number][]
  lastPollAt: number
  nextAutoCommitAt: number
  /** True while a JoinGroup waits for an auto-commit to finish (onJoinPrepare). */
  commitBeforeJoin: boolean
  /** This member was the leader of the last JoinGroup round. */
  isLeader: boolean
  /** When an idle poll() is due to wake up (for auto-commit), or -1. */
  wakeAt: number
  /** Partitions with an OffsetFetch in flight. */
  offsetFetchPending: Record<string, boolean>
  /** What this member last committed (or found committed), per partition. */
  lastCommitted: Record<string, number>
  /** The broker it believes coordinates its group, or -1 when it must look it up (FindCoordinator). */
  coordinator: number
  findingCoordinator: boolean
  /** Partition count per subscribed topic when the current assignment was made (leader's metadata snapshot). */
  assignedMetadata: Record<string, number>
  knownPartitions: Record<string, number>
  incarnation: number
  /** Why the member stopped, when crashed or closed. */
  stopReason: string
}

export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead'

export interface GroupMember {
  memberId: string
  clientId: string
  consumer: number
  /** The incarnation of the consumer process that sent the last request (for replies). */
  consumerInc: number
  instanceId: string | null
  topics: string[]
  owned: TopicPartition[]
  ownedGeneration: number
  /** Supported assignors in order of preference. */
  protocols: AssignorName[]
  sessionTimeoutMs: number
  rebalanceTimeoutMs: number
  /** Last heartbeat (or join/sync) seen by the coordinator. */
  lastSeen: number
  /** Joined the current rebalance round (sent JoinGroup since the group entered PreparingRebalance). */
  joined: boolean
  /** JoinGroup responses owed to this member. */
  awaitingJoin: boolean
  awaitingSync: boolean
  /** Sent SyncGroup in the current generation. */
  synced: boolean
  assignment: TopicPartition[]
}

/** A GroupMetadata record: the generation, its protocol and leader, and its members with their assignments. */
export interface StoredGroup {
  generation: number
  protocol: AssignorName | null
  leaderId: string | null
  members: GroupMember[]
}

export interface GroupState {
  groupId: string
  state: GroupStateName
  generation: number
  protocol: AssignorName | null
  leaderId: string | null
  members: GroupMember[]
  /** When the join phase ends at the latest (rebalance timeout or initial delay). */
  joinDeadline: number
  /** Member ids handed out with MEMBER_ID_REQUIRED (KIP-394) that have not joined yet; each expires after its session timeout. */
  pending: string[]
  /** The broker that has the group loaded as its coordinator, or -1 while none has (the coordinator is down or moving). */
  loadedOn: number
  /** The group as last written to __consumer_offsets (GroupMetadata record): what a new coordinator loads. */
  stored: StoredGroup | null
  /** It was unloaded (state Dead) in the middle of a rebalance, which the next coordinator will not know of. */
  unloadedMidRebalance: boolean
  /** The first rebalance of an empty group waits group.initial.rebalance.delay.ms for more members. */
  initialDelayActive: boolean
  /** What is left of the rebalance timeout for extending the initial delay, and the last delay used. */
  initialDelayRemaining: number
  initialDelayLast: number
  newMemberDuringDelay: boolean
  /** When members that have not sent SyncGroup are removed (CompletingRebalance only). */
  syncDeadline: number
  rebalanceReason: string
  /** Committed offsets: "topic-p" -> offset. */
  committed: Record<string, number>
  /** Highest offset (exclusive) any member of the group finished processing, per partition: for counting duplicates. */
  processedHigh: Record<string, number>
  duplicates: number
  consumed: number
  rebalances: number
}

export interface ClusterSettings {
  /** One-way network delay between any two nodes. Real networks: ~1 ms; lessons exaggerate it to make flights visible. */
  networkLatencyMs: number
  broker: BrokerConfig
}

export interface Counters {
  produced: number
  consumed: number
  duplicates: number
  /** Records the producer was told were written that a leader change then threw away. */
  lost: number
}

export interface SimState {
  version: 1
  seed: number
  now: number
  seq: number
  queue: Task[]
  rng: RngStreams
  cluster: ClusterSettings
  brokers: BrokerState[]
  topics: TopicState[]
  producers: ProducerState[]
  consumers: ConsumerState[]
  groups: GroupState[]
  counters: Counters
  /** Events kept for readers (a bounded window); `eventBase` is the cursor of events[0]. */
  events: SimEvent[]
  eventBase: number
  eventCount: number
  eventHash: [number, number]
  /** Fetch requests (consumers' and followers') in flight or parked, by id. */
  fetches: Record<number, FetchRequest>
  /** The newest records lost to truncation (bounded), for the UI. */
  lostRecords: LostRecord[]
  /** acks=all ProduceRequests waiting for replication, by id. */
  pendingProduce: Record<number, PendingProduce>
  nextRequestId: number
  /** Follower fetchers: "follower>leader" -> fetch id in flight (or -1 while backing off). */
  replicaFetchers: Record<string, number>
  nextFetchId: number
  /** Bumped on any change of structure (members, assignment, partitions...), so views can skip rebuilding. */
  structureVersion: number
}

export interface FetchRequest {
  id: number
  /** The consumer fetching, or -1 for a follower's replica fetch. */
  consumer: number
  /** The follower broker fetching, or -1 for a consumer fetch. */
  follower: number
  /** Incarnation of the consumer, or epoch of the follower broker, that sent it. */
  incarnation: number
  broker: number
  /** Partitions asked for, with the offset to fetch from. */
  partitions: { topic: string; partition: number; offset: number }[]
  sentAt: number
  /** When parked at the leader: the time the broker gives up waiting and answers empty. */
  expiresAt: number
  parked: boolean
}
