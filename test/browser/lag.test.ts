/**
 * A slow member falls behind, in real Chromium: its processing time, set in the inspector, makes
 * the group process fewer records per second than are produced, and the Charts tab shows the
 * group's lag rising (read from the chart's data table, the accessible form of the chart).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { groupCard, scenarioQuery, speedKey } from './app-helpers'
import { openApp, useBrowser } from './harness'

const browser = useBrowser()

/** Ten records a second into one partition; the group commits every second, so its lag follows closely. */
const SCENARIO = {
  version: 1,
  id: 'slow-member',
  title: 'A slow member',
  seed: 4,
  cluster: { brokers: 1, networkLatencyMs: 50, config: { 'group.initial.rebalance.delay.ms': 0 } },
  topics: [{ name: 'user-activity', partitions: 1 }],
  producers: [{ id: 'producer-1', topic: 'user-activity', rate: 10, config: { 'linger.ms': 0 } }],
  consumers: [
    {
      id: 'consumer-1',
      group: 'my-consumer-group',
      topics: ['user-activity'],
      config: { 'auto.offset.reset': 'earliest', 'auto.commit.interval.ms': 1000, 'max.poll.records': 20 },
    },
  ],
}

/** The group's row in the "Lag per consumer group" data table: latest lag and its trend over the last 10 s. */
async function groupLagRow(page: Page): Promise<{ lag: number; trend: string }> {
  const figure = page.getByRole('figure', { name: 'Lag per consumer group' })
  const row = figure.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'my-consumer-group', exact: true }) })
  const cells = await row.getByRole('cell').allTextContents()
  return { lag: Number((cells[0] ?? '').replace(/,/g, '')), trend: cells[1] ?? '' }
}

describe('a slow member', () => {
  it('with 500 ms of processing per record against 10 records/s produced, its group\'s lag rises in the Charts tab', async () => {
    const { page, errors, close } = await openApp(browser(), scenarioQuery(SCENARIO))
    try {
      await speedKey(page, 'End')
      const group = groupCard(page, 'my-consumer-group')
      const member = group.getByRole('listitem', { name: 'consumer-1', exact: true })
      await expect.poll(() => member.textContent(), { timeout: 20_000 }).toContain('reading user-activity-0')

      // Keeping up: the group's lag stays small.
      await page.getByRole('tab', { name: 'Charts' }).click()
      const figure = page.getByRole('figure', { name: 'Lag per consumer group' })
      await figure.getByRole('button', { name: 'Show data as table' }).click({ timeout: 20_000 })
      await expect.poll(async () => (await groupLagRow(page)).trend, { timeout: 20_000 }).toMatch(/steady|rising|falling/)
      const before = await groupLagRow(page)
      expect(before.lag).toBeLessThan(30)

      // Slow it down in the inspector.
      await member.getByRole('button', { name: 'consumer-1', exact: true }).click()
      const inspector = page.getByRole('complementary', { name: 'Inspector' })
      const setting = inspector.getByRole('group', { name: 'Processing time (ms per record)' })
      await setting.getByRole('textbox', { name: 'Processing time (ms per record)' }).fill('500')
      await setting.getByRole('button', { name: 'Apply' }).click()
      await expect.poll(() => member.textContent(), { timeout: 10_000 }).toContain('500 ms/record')

      // 2 records/s processed against 10 produced: the lag climbs by about 8 a second of simulated time.
      await expect.poll(async () => (await groupLagRow(page)).trend, { timeout: 30_000 }).toMatch(/^rising \(\+[\d,]+\)/)
      await expect.poll(async () => (await groupLagRow(page)).lag, { timeout: 30_000 }).toBeGreaterThan(before.lag + 50)
      // The chart's summary for screen readers says the same.
      expect(await figure.locator('.charts-sr-only').textContent()).toMatch(/my-consumer-group lag: [\d,]+ records, rising/)
      // And the group card counts it.
      expect(await group.textContent()).toMatch(/lag[\d,]+ records behind \(committed offsets\)/)

      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
