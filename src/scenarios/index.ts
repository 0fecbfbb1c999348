/** The built-in scenarios, checked by the same parser as any file a course author loads. */
import { parseScenario } from '../engine'
import type { Scenario } from '../engine'
import helloKafka from './hello-kafka.json'

const BUILT_IN: Record<string, unknown> = {
  'hello-kafka': helloKafka,
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
