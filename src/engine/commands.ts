/**
 * Every intervention a learner, a lesson script, a shared link or a test can make: one closed
 * union. Buttons, keyboard shortcuts, timelines and replays all send these same commands.
 */
import type { BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig } from './config'
import type { KeySpec, NullKeyPartitioner, ValueSpec } from './model'

/** A partition of a topic, e.g. `{ "topic": "user-activity", "partition": 0 }`. */
export interface PartitionRef {
  topic: string
  partition: number
}

export type ConsumerConfigValue = ConsumerConfig[keyof ConsumerConfig]
export type ProducerConfigValue = ProducerConfig[keyof ProducerConfig]

export type Command =
  | { type: 'createTopic'; name: string; partitions: number; replicationFactor?: number; config?: Partial<TopicConfig> }
  /** CreatePartitions: `count` is the new total; Kafka refuses anything that is not an increase. */
  | { type: 'addPartitions'; topic: string; count: number }
  | { type: 'setTopicConfig'; topic: string; key: keyof TopicConfig; value: number | boolean }
  | { type: 'setBrokerConfig'; key: keyof BrokerConfig; value: number | boolean }
  /**
   * The broker process dies (no controlled shutdown). Name it by `broker` id, or by `leaderOf`: the
   * broker leading that partition when the command runs (lesson solutions use it, since which broker
   * leads depends on the seed).
   */
  | { type: 'killBroker'; broker?: number; leaderOf?: PartitionRef }
  /** A stopped broker starts again: the one named by `broker`, or with `allDown: true` every broker that is down. */
  | { type: 'restartBroker'; broker?: number; allDown?: boolean }
  /** A slow broker's follower replicas stop keeping up (slow: false brings it back to speed). */
  | { type: 'slowBroker'; broker: number; slow?: boolean }
  | { type: 'addBroker' }
  /** kafka-leader-election.sh --election-type preferred --all-topic-partitions */
  | { type: 'electPreferredLeaders' }
  | {
      type: 'addProducer'
      id?: string
      topic: string
      rate?: number
      maxRecords?: number | null
      keys?: KeySpec
      value?: ValueSpec
      partitioner?: NullKeyPartitioner
      config?: Partial<ProducerConfig>
    }
  | { type: 'setProducerRate'; producer: string; rate: number }
  | { type: 'setProducerKeys'; producer: string; keys: KeySpec }
  | { type: 'setPartitioner'; producer: string; partitioner: NullKeyPartitioner }
  | { type: 'setProducerConfig'; producer: string; key: keyof ProducerConfig; value: ProducerConfigValue }
  /** Sends `count` more records now, on top of the producer's rate. */
  | { type: 'produce'; producer: string; count: number }
  | { type: 'stopProducer'; producer: string }
  | { type: 'addConsumer'; group: string; id?: string; topics?: string[]; processingMs?: number; config?: Partial<ConsumerConfig> }
  | { type: 'crashConsumer'; consumer: string }
  /** consumer.close(): commits (with auto-commit) and leaves the group at once. */
  | { type: 'closeConsumer'; consumer: string }
  /** Starts a stopped consumer again with the same client.id (and group.instance.id, if static). */
  | { type: 'restartConsumer'; consumer: string }
  | { type: 'setProcessingTime'; consumer: string; ms: number }
  | { type: 'setConsumerConfig'; consumer: string; key: keyof ConsumerConfig; value: ConsumerConfigValue }
  /** Changes a setting on every running member of a group (a rolling restart with the new config). */
  | { type: 'setGroupConfig'; group: string; key: keyof ConsumerConfig; value: ConsumerConfigValue }
  | { type: 'subscribe'; consumer: string; topics: string[] }

export type CommandType = Command['type']

export type CommandResult = { ok: true } | { ok: false; error: string; message: string }
