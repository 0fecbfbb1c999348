/** The built-in scenarios and lessons, checked by the same parser as any file a course author loads. */
import { parseScenario } from '../engine'
import type { Scenario } from '../engine'
import helloKafka from './hello-kafka.json'
import partitionsAndParallelism from './partitions-and-parallelism.json'
import keysAndOrdering from './keys-and-ordering.json'
import consumerLagAndScaling from './consumer-lag-and-scaling.json'
import moreConsumersThanPartitions from './more-consumers-than-partitions.json'
import twoGroups from './two-groups.json'
import eagerVsCooperative from './eager-vs-cooperative.json'
import brokerFailureAndReplication from './broker-failure-and-replication.json'
import acksAndDurability from './acks-and-durability.json'
import retention from './retention.json'

/** In course order: the lessons are listed in this order. */
const BUILT_IN: Record<string, unknown> = {
  'hello-kafka': helloKafka,
  'partitions-and-parallelism': partitionsAndParallelism,
  'keys-and-ordering': keysAndOrdering,
  'consumer-lag-and-scaling': consumerLagAndScaling,
  'more-consumers-than-partitions': moreConsumersThanPartitions,
  'two-groups': twoGroups,
  'eager-vs-cooperative': eagerVsCooperative,
  'broker-failure-and-replication': brokerFailureAndReplication,
  'acks-and-durability': acksAndDurability,
  retention,
}

export const DEFAULT_SCENARIO_ID = 'hello-kafka'

export function builtInScenarioIds(): string[] {
  return Object.keys(BUILT_IN)
}

/** A built-in scenario by id, or undefined. */
export function builtInScenario(id: string): Scenario | undefined {
  const raw = BUILT_IN[id]
  return raw === undefined ? undefined : parseScenario(raw)
}

export function defaultScenario(): Scenario {
  return builtInScenario(DEFAULT_SCENARIO_ID) as Scenario
}

export interface LessonSummary {
  id: string
  title: string
  description: string
}

/** The built-in lessons in course order (the default lesson first). */
export function builtInLessons(): LessonSummary[] {
  const out: LessonSummary[] = []
  for (const id of builtInScenarioIds()) {
    const lesson = builtInScenario(id)?.lesson
    if (lesson) out.push({ id, title: lesson.title, description: lesson.description })
  }
  return out
}
