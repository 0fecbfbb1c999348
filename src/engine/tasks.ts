/**
 * Everything the simulation will do later is a task on the agenda: plain data, so the agenda is
 * part of a snapshot. Requests and responses that cross the network carry `sentAt`, so a view can
 * draw them in flight between `sentAt` and `time` (their arrival).
 */
import type { Assignment, AssignorName, MemberSubscription, TopicPartition } from './assignors/types'
import type { ProducerBatch } from './model'

export type FetchedPartition = {
  topic: string
  partition: number
  from: number
  until: number
  error: 'NONE' | 'OFFSET_OUT_OF_RANGE' | 'NOT_LEADER_OR_FOLLOWER'
  /** The log's range as the leader answered (the fetch response carries them), with OFFSET_OUT_OF_RANGE. */
  logStartOffset?: number
  logEndOffset?: number
}

export type JoinRequest = {
  memberId: string
  instanceId: string | null
  topics: string[]
  owned: TopicPartition[]
  ownedGeneration: number
  protocols: AssignorName[]
  sessionTimeoutMs: number
  rebalanceTimeoutMs: number
  /** Why the member (re)joins, as the client says it (JoinGroupRequest.reason, KIP-800); empty for a first join. */
  reason: string
}

type ConsumerRef = { consumer: number; inc: number }
type ProducerRef = { producer: number; inc: number }
type Network = { sentAt: number }

export type TaskBody =
  // Producers
  | ({ kind: 'produceTick' } & ProducerRef)
  | ({ kind: 'lingerExpired'; partition: number; batch: number } & ProducerRef)
  | ({ kind: 'producerWake' } & ProducerRef)
  /** A ProduceRequest: at most one batch per partition led by `broker`. */
  | ({ kind: 'produceArrive'; broker: number; batches: ProducerBatch[] } & ProducerRef & Network)
  | ({
      kind: 'produceResponse'
      broker: number
      batches: ProducerBatch[]
      results: { error: string | null; baseOffset: number }[]
    } & ProducerRef &
      Network)
  | ({ kind: 'producerMetadata' } & ProducerRef)
  // Consumers (the client and its application loop)
  | ({ kind: 'consumerStart' } & ConsumerRef)
  | ({ kind: 'recordDone' } & ConsumerRef)
  | ({ kind: 'pollTimeoutCheck' } & ConsumerRef)
  | ({ kind: 'pollWake' } & ConsumerRef)
  | ({ kind: 'heartbeatTick' } & ConsumerRef)
  | ({ kind: 'consumerMetadata' } & ConsumerRef)
  | ({
      kind: 'joinResponse'
      group: string
      error: string | null
      memberId: string
      generation: number
      protocol: AssignorName | null
      leaderId: string | null
      members: MemberSubscription[]
      /** KIP-814: the leader gets the members to watch their topics but must not reassign. */
      skipAssignment?: boolean
    } & ConsumerRef &
      Network)
  | ({ kind: 'syncResponse'; group: string; error: string | null; generation: number; assignment: TopicPartition[] } & ConsumerRef & Network)
  | ({ kind: 'heartbeatResponse'; group: string; error: string | null; generation: number } & ConsumerRef & Network)
  | ({ kind: 'commitResponse'; group: string; error: string | null; offsets: Record<string, number>; purpose: CommitPurpose } & ConsumerRef & Network)
  | ({ kind: 'offsetFetchResponse'; group: string; error: string | null; generation: number; offsets: Record<string, number | null> } & ConsumerRef & Network)
  | ({ kind: 'fetchResponse'; fetch: number; broker: number; data: FetchedPartition[] } & ConsumerRef & Network)
  // Group coordinator (on a broker)
  | ({ kind: 'joinArrive'; group: string; broker: number; request: JoinRequest } & ConsumerRef & Network)
  | ({ kind: 'syncArrive'; group: string; broker: number; memberId: string; generation: number; assignment: Assignment | null } & ConsumerRef & Network)
  | ({ kind: 'heartbeatArrive'; group: string; broker: number; memberId: string; generation: number } & ConsumerRef & Network)
  | ({ kind: 'leaveArrive'; group: string; broker: number; memberId: string; reason: string } & ConsumerRef & Network)
  | ({ kind: 'commitArrive'; group: string; broker: number; memberId: string; generation: number; offsets: Record<string, number>; purpose: CommitPurpose } & ConsumerRef & Network)
  | ({ kind: 'offsetFetchArrive'; group: string; broker: number; partitions: string[]; generation: number } & ConsumerRef & Network)
  | { kind: 'sessionCheck'; group: string; memberId: string }
  | { kind: 'pendingMemberExpire'; group: string; memberId: string; sessionTimeoutMs: number }
  | { kind: 'joinDeadline'; group: string; deadline: number }
  | { kind: 'syncDeadline'; group: string; deadline: number }
  | ({ kind: 'findCoordinatorArrive'; group: string } & ConsumerRef & Network)
  | ({ kind: 'findCoordinatorResponse'; group: string; coordinator: number } & ConsumerRef & Network)
  // Partition leaders (consumer and follower fetches; consumer: -1 for a follower's)
  | ({ kind: 'fetchArrive'; fetch: number; broker: number } & ConsumerRef & Network)
  | { kind: 'fetchExpire'; fetch: number }
  | ({ kind: 'replicaFetchResponse'; fetch: number; leader: number; follower: number; epoch: number; data: FetchedPartition[] } & Network)
  | { kind: 'replicaFetchRetry'; follower: number; leader: number }
  | { kind: 'ackTimeout'; request: number }
  // Brokers and the controller
  | { kind: 'retentionCheck' }
  | { kind: 'isrCheck' }
  | { kind: 'brokerFence'; broker: number; epoch: number }
  | { kind: 'leaderRebalanceCheck' }
  // Scripted commands from a scenario's timeline
  | { kind: 'scripted'; index: number }

/** Why a consumer commits: which path of the client the commit belongs to. */
export type CommitPurpose = 'auto' | 'after-processing' | 'before-rebalance' | 'close'

export type Task = TaskBody & { time: number; seq: number }
export type TaskKind = TaskBody['kind']
