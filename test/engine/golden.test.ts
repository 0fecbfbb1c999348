/**
 * Golden event logs: every built-in scenario, run headless for a simulated minute with its own
 * seed, tells exactly the story recorded in test/engine/golden/<id>.txt. An unintended change of
 * behaviour anywhere in the engine changes a sentence, a time or the hash, and fails here. A
 * missing golden file fails too (it is never written silently).
 *
 * After an intended change, regenerate with `GOLDEN_UPDATE=1 npx vitest run --project engine test/engine/golden.test.ts`
 * and read the diff of the .txt files: it is the behaviour change, in words.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createSimulation, describeEvent } from '../../src/engine'
import { builtInScenario, builtInScenarioIds } from '../../src/scenarios'

const RUN_MS = 60_000
/** Lines kept in a golden file; the hash covers every event of the run. */
const SHOWN = 250

function goldenLog(id: string): string {
  const scenario = builtInScenario(id)
  if (!scenario) throw new Error(`no built-in scenario ${id}`)
  const sim = createSimulation(scenario)
  sim.runUntil(RUN_MS)
  const { events } = sim.eventsSince(0)
  const lines = events.slice(0, SHOWN).map((e) => `${(e.t / 1000).toFixed(3).padStart(8)} s  ${describeEvent(e)}`)
  const more = events.length > SHOWN ? [`... and ${events.length - SHOWN} more events`] : []
  return [
    `# ${id}: the first ${RUN_MS / 1000} simulated seconds, seed ${scenario.seed}`,
    `# ${events.length} events, event-log hash ${sim.eventLogHash()}`,
    ...lines,
    ...more,
    '',
  ].join('\n')
}

describe('golden event logs of the built-in scenarios', () => {
  it('covers every built-in scenario', () => {
    expect(builtInScenarioIds().length).toBeGreaterThanOrEqual(10)
  })

  for (const id of builtInScenarioIds()) {
    it(`${id} tells the same story as its golden log`, () => {
      const file = fileURLToPath(new URL(`golden/${id}.txt`, import.meta.url))
      const actual = goldenLog(id)
      if (process.env.GOLDEN_UPDATE === '1') writeFileSync(file, actual)
      expect(existsSync(file), `${file} is missing: generate it with GOLDEN_UPDATE=1`).toBe(true)
      expect(actual).toBe(readFileSync(file, 'utf8'))
    })
  }
})
