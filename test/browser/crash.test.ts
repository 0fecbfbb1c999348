/**
 * A member crashes, in real Chromium: it sends no LeaveGroup, so the group coordinator keeps it
 * (and its partitions unread) until session.timeout.ms passes without a heartbeat; only then does the
 * group rebalance and another member take its partitions over.
 */
import { describe, expect, it } from 'vitest'
import { eventLines, groupCard, hideRecordTraffic, leaderLog, parseSimTime, scenarioQuery } from './app-helpers'
import { openApp, useBrowser } from './harness'

const browser = useBrowser()

const SESSION_TIMEOUT_MS = 6000
const HEARTBEAT_MS = 500

/** Two partitions, two members; the shortest session timeout a broker allows by default (group.min.session.timeout.ms). */
const SCENARIO = {
  version: 1,
  id: 'crash-a-member',
  title: 'Crash a member',
  seed: 9,
  cluster: { brokers: 1, networkLatencyMs: 100, config: { 'group.initial.rebalance.delay.ms': 0 } },
  topics: [{ name: 'user-activity', partitions: 2 }],
  producers: [{ id: 'producer-1', topic: 'user-activity', rate: 4, partitioner: 'round-robin', config: { 'linger.ms': 0 } }],
  consumers: ['consumer-1', 'consumer-2'].map((id) => ({
    id,
    group: 'my-consumer-group',
    topics: ['user-activity'],
    config: { 'auto.offset.reset': 'earliest', 'session.timeout.ms': SESSION_TIMEOUT_MS, 'heartbeat.interval.ms': HEARTBEAT_MS },
  })),
}

describe('crashing a member', () => {
  it('moves its partitions to another member only once session.timeout.ms has passed without a heartbeat, never before', async () => {
    const { page, errors, close } = await openApp(browser(), scenarioQuery(SCENARIO))
    try {
      await hideRecordTraffic(page)
      const group = groupCard(page, 'my-consumer-group')
      const first = group.getByRole('listitem', { name: 'consumer-1', exact: true })
      const second = group.getByRole('listitem', { name: 'consumer-2', exact: true })
      // Range: one partition each.
      await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('reading user-activity-0')
      await expect.poll(() => second.textContent(), { timeout: 20_000 }).toContain('reading user-activity-1')
      expect(await first.textContent()).not.toContain('user-activity-1')

      // From now on, note the simulated clock each time consumer-1's card changes.
      await first.evaluate((el) => {
        const clock = document.querySelector('[aria-label="Simulated time"] .clock-value')
        const seen: { clock: string; text: string }[] = []
        new MutationObserver(() => seen.push({ clock: clock?.textContent ?? '', text: el.querySelector('.member-status')?.textContent ?? '' })).observe(el, {
          childList: true,
          subtree: true,
          characterData: true,
        })
        Object.assign(window, { __firstMember: seen })
      })

      await second.getByRole('button', { name: 'Crash' }).click()
      await expect.poll(() => second.textContent()).toContain('crashed: the group notices only after session.timeout.ms')
      // The coordinator has not noticed: the group is still Stable and nobody reads user-activity-1.
      expect(await group.getByRole('status').textContent()).toMatch(/^Stable/)
      expect(await first.textContent()).not.toContain('user-activity-1')
      expect(await leaderLog(page, 'user-activity-1').textContent()).not.toContain('→ consumer-')

      await expect.poll(() => first.textContent(), { timeout: 30_000 }).toContain('reading user-activity-0, user-activity-1')
      expect(await leaderLog(page, 'user-activity-1').textContent()).toContain('→ consumer-1')

      const events = await eventLines(page)
      const crashed = events.find((e) => e.text.startsWith('consumer-2 crashed'))
      const removed = events.find((e) => e.text.startsWith('consumer-2 was removed from my-consumer-group: no heartbeat for session.timeout.ms (6000 ms)'))
      expect(crashed, 'the crash is in the event log').toBeDefined()
      expect(removed, 'the session timeout is in the event log').toBeDefined()
      // The coordinator counts the timeout from the last heartbeat it received, at most one
      // heartbeat interval before the crash (the log shows tenths of a second: 100 ms of slack).
      expect(removed!.t - crashed!.t).toBeGreaterThanOrEqual(SESSION_TIMEOUT_MS - HEARTBEAT_MS - 100)

      // The picture agrees: consumer-1's card showed user-activity-1 only after that.
      const changes = await page.evaluate(() => (window as unknown as { __firstMember: { clock: string; text: string }[] }).__firstMember)
      const takeover = changes.find((c) => c.text.includes('user-activity-1'))
      expect(takeover, JSON.stringify(changes)).toBeDefined()
      expect(parseSimTime(takeover!.clock)).toBeGreaterThanOrEqual(removed!.t - 100)
      expect(parseSimTime(takeover!.clock) - crashed!.t).toBeGreaterThanOrEqual(SESSION_TIMEOUT_MS - HEARTBEAT_MS - 100)

      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
