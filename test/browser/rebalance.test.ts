/**
 * A consumer joins a running group, in real Chromium against the production build: the group goes
 * through a rebalance (Stable -> PreparingRebalance -> ... -> Stable at the next generation) and
 * the picture redraws who reads what.
 */
import { describe, expect, it } from 'vitest'
import { groupCard, leaderLog, scenarioQuery } from './app-helpers'
import { openApp, useBrowser } from './harness'

const browser = useBrowser()

/** One broker, four partitions, keyed records four a second, one consumer; no initial rebalance delay. */
const SCENARIO = {
  version: 1,
  id: 'add-a-consumer',
  title: 'Add a consumer',
  seed: 5,
  cluster: { brokers: 1, networkLatencyMs: 200, config: { 'group.initial.rebalance.delay.ms': 0 } },
  topics: [{ name: 'user-activity', partitions: 4 }],
  producers: [{ id: 'producer-1', topic: 'user-activity', rate: 4, keys: { mode: 'user-id' }, value: { kind: 'click-event', users: 8 }, config: { 'linger.ms': 0 } }],
  consumers: [
    {
      id: 'consumer-1',
      group: 'my-consumer-group',
      topics: ['user-activity'],
      config: { 'auto.offset.reset': 'earliest', 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 },
    },
  ],
}

describe('adding a consumer', () => {
  it('rebalances the group (PreparingRebalance, then Stable at a higher generation) and hands the new member partitions of its own, under the range assignor', async () => {
    const { page, errors, close } = await openApp(browser(), scenarioQuery(SCENARIO))
    try {
      const group = groupCard(page, 'my-consumer-group')
      const status = group.getByRole('status')
      const first = group.getByRole('listitem', { name: 'consumer-1', exact: true })
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Stable · generation 1\b/)
      await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('reading user-activity-0, user-activity-1, user-activity-2, user-activity-3')
      for (const p of [0, 1, 2, 3]) expect(await leaderLog(page, `user-activity-${p}`).textContent()).toContain('→ consumer-1')

      // Every state the group card shows from now on, in order (a rebalance at 1x lasts about a second).
      await status.evaluate((el) => {
        const seen: string[] = [el.textContent ?? '']
        new MutationObserver(() => {
          const text = el.textContent ?? ''
          if (seen[seen.length - 1] !== text) seen.push(text)
        }).observe(el, { childList: true, subtree: true, characterData: true })
        Object.assign(window, { __groupStates: seen })
      })

      await group.getByRole('button', { name: 'Add consumer' }).click()
      const second = group.getByRole('listitem', { name: 'consumer-2', exact: true })
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Stable · generation 2\b/)

      const states = (await page.evaluate(() => (window as unknown as { __groupStates: string[] }).__groupStates)).map((s) => s.split(' · ')[0])
      const preparing = states.indexOf('PreparingRebalance')
      expect(preparing, `states seen: ${states.join(' -> ')}`).toBeGreaterThan(0)
      expect(states[0]).toBe('Stable')
      expect(states.at(-1)).toBe('Stable')

      // Range over four partitions and two members (sorted by member id): two each, in order.
      await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain('reading user-activity-0, user-activity-1')
      await expect.poll(() => second.textContent(), { timeout: 10_000 }).toContain('reading user-activity-2, user-activity-3')
      for (const [p, owner] of [[0, 'consumer-1'], [1, 'consumer-1'], [2, 'consumer-2'], [3, 'consumer-2']] as const) {
        await expect.poll(() => leaderLog(page, `user-activity-${p}`).textContent(), { timeout: 10_000 }).toContain(`→ ${owner}`)
      }
      expect(await group.textContent()).toContain('range assignor · eager rebalancing')

      // The new member reads its partitions: consumer.py prints its records, prefixed with its id.
      await expect.poll(() => page.getByLabel('Console output').textContent(), { timeout: 20_000 }).toMatch(/\[consumer-2\] Received: Topic=user-activity, Partition=[23],/)

      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
