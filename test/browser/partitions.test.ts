/**
 * A partition added to a running topic, in real Chromium: it appears empty on its broker, the
 * producer finds it at its next metadata refresh and records arrive in it at offset 0, 1, ...;
 * the group rebalances and a member reads it.
 */
import { describe, expect, it } from 'vitest'
import { brokerCard, leaderLog, scenarioQuery } from './app-helpers'
import { openApp, useBrowser } from './harness'

const browser = useBrowser()

/** Keyless records spread round-robin; clients refresh metadata every second so they see a new partition soon. */
const SCENARIO = {
  version: 1,
  id: 'add-a-partition',
  title: 'Add a partition',
  seed: 11,
  cluster: { brokers: 1, networkLatencyMs: 150, config: { 'group.initial.rebalance.delay.ms': 0 } },
  topics: [{ name: 'user-activity', partitions: 1 }],
  producers: [{ id: 'producer-1', topic: 'user-activity', rate: 5, partitioner: 'round-robin', config: { 'linger.ms': 0, 'metadata.max.age.ms': 1000 } }],
  consumers: [
    {
      id: 'consumer-1',
      group: 'my-consumer-group',
      topics: ['user-activity'],
      config: { 'auto.offset.reset': 'earliest', 'metadata.max.age.ms': 1000, 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 },
    },
  ],
}

describe('adding a partition', () => {
  it('draws the new partition empty on its broker, then records arrive in it from offset 0 and its reader is named', async () => {
    const { page, errors, close } = await openApp(browser(), scenarioQuery(SCENARIO))
    try {
      const topic = page.getByRole('article', { name: 'topic user-activity', exact: true })
      await expect.poll(() => leaderLog(page, 'user-activity-0').locator('.cell:not(.next)').count(), { timeout: 20_000 }).toBeGreaterThan(2)

      await topic.getByRole('button', { name: 'Add partition' }).click()
      const added = leaderLog(brokerCard(page, 1), 'user-activity-1')
      await added.waitFor()
      expect(await topic.textContent()).toContain('2 partitions on 1 broker')
      // Kafka never moves existing records: the new partition starts empty, at offset 0.
      expect(await added.getAttribute('aria-label')).toBe('user-activity-1: empty, next offset 0')

      // The producer learns of it at its next metadata refresh; round-robin then sends every other record there.
      await added.getByRole('button', { name: /^offset 0, key none$/ }).waitFor({ timeout: 20_000 })
      await expect.poll(() => added.locator('.cell:not(.next)').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3)
      expect(await added.getAttribute('aria-label')).toMatch(/^user-activity-1: offsets 0 to \d+, high watermark \d+, next offset \d+$/)

      // The group rebalances onto two partitions; its only member reads both.
      await expect.poll(() => added.textContent(), { timeout: 20_000 }).toContain('→ consumer-1')
      await expect.poll(() => page.getByLabel('Console output').textContent(), { timeout: 20_000 }).toContain('Received: Topic=user-activity, Partition=1, Offset=0,')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
