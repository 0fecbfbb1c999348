/**
 * The engine's public entry: a pure, deterministic model of the Kafka that learners meet first.
 * No DOM, no React, no worker globals: it runs the same in Node and in the browser's worker.
 */
export { murmur2, partitionForKey, toPositive, utf8 } from './murmur2'
export { assignPartitions, ASSIGNOR_NAMES, tpKey } from './assignors'
export type { Assignment, AssignorName, MemberSubscription, PartitionsPerTopic, TopicPartition } from './assignors'
export { parseScenario, ScenarioError, SCENARIO_FORMAT, SCENARIO_VERSION } from './scenario'
export type { ConsumerSpec, LessonSpec, LessonStep, Prediction, ProducerSpec, Scenario, ScenarioIssue, TimedCommand, TimelineEntry, TopicSpec } from './scenario'
export { createGoalTracker, GOAL_CHECK_NAMES, goalCheckDocs, goalIssues, goalLabel, validateGoal } from './goals'
export type { GoalCheckDoc, GoalCheckName, GoalIssue, GoalSim, GoalSpec, GoalStatus, GoalTracker } from './goals'
export { createSimulation, Simulation } from './simulation'
export type { RecordedCommand, SimSnapshot } from './simulation'
export type { Command, CommandResult, CommandType, PartitionRef } from './commands'
export { describeEvent, formatPartitions } from './events'
export type { SimEvent, SimEventType } from './events'
export type * from './model'
export { BROKER_DEFAULTS, CONSUMER_DEFAULTS, PRODUCER_DEFAULTS, TOPIC_DEFAULTS, changedFromDefault } from './config'
export type { Acks, AutoOffsetReset, BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig } from './config'
export { readRecord } from './partition-log'
export type { RecordView } from './partition-log'
export { groupLag, groupTopics, memberLag, ownersByPartition, rebalanceProtocolOf, topicPartitionsOf, totalLag } from './queries'
export { rebalanceProtocol, isRunning } from './consumer'
