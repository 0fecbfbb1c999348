/**
 * A leader's broker dies, in real Chromium: once the controller notices (broker.session.timeout.ms)
 * it elects the first live in-sync replica, the picture draws the partition's log ("★ leader") on
 * that broker, the dead broker's card says down, and with the safe settings (replication factor 3,
 * min.insync.replicas 2, acks=all, no unclean election) no acknowledged record is lost while the
 * producer keeps getting acknowledgements.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { brokerCard, eventLines, hideRecordTraffic, leaderLog, scenarioQuery } from './app-helpers'
import { openApp, useBrowser } from './harness'

const browser = useBrowser()

/** Three brokers, orders replicated three times with the safe settings; the controller notices a death after 2 s. */
const SAFE = {
  version: 1,
  id: 'leader-failover',
  title: 'Leader failover',
  seed: 42,
  cluster: {
    brokers: 3,
    networkLatencyMs: 150,
    config: { 'broker.session.timeout.ms': 2000, 'replica.lag.time.max.ms': 5000, 'group.initial.rebalance.delay.ms': 0 },
  },
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, config: { 'min.insync.replicas': 2, 'unclean.leader.election.enable': false } }],
  producers: [
    {
      id: 'producer-1',
      topic: 'orders',
      rate: 5,
      keys: { mode: 'user-id' },
      value: { kind: 'click-event', users: 6 },
      config: { acks: 'all', 'enable.idempotence': true, 'linger.ms': 0, 'metadata.max.age.ms': 2000 },
    },
  ],
  consumers: [{ id: 'consumer-1', group: 'my-consumer-group', topics: ['orders'], config: { 'auto.offset.reset': 'earliest', 'metadata.max.age.ms': 2000 } }],
}

/** The broker whose card holds the leader's log of `tp`. */
async function leaderOf(page: Page, tp: string, brokers: number[]): Promise<number | null> {
  for (const b of brokers) if ((await leaderLog(brokerCard(page, b), tp).count()) === 1) return b
  return null
}

/** "12 sent · 11 acked" on a producer card: the acknowledged count. */
async function acked(page: Page, producer: string): Promise<number> {
  const text = (await page.getByRole('article', { name: producer, exact: true }).textContent()) ?? ''
  return Number(/(\d+) acked/.exec(text)?.[1] ?? NaN)
}

/** No topic lists an acknowledged record as lost, and the event log never says one was. */
async function expectNoAcknowledgedLoss(page: Page) {
  const body = (await page.locator('body').textContent()) ?? ''
  expect(body).not.toMatch(/acknowledged records? (was|were) lost/)
  expect(body).not.toContain('acknowledged to a producer')
  expect(body).not.toContain('UNCLEAN')
  expect(await page.locator('.lost-records.acked').count()).toBe(0)
}

describe('killing the leader\'s broker', () => {
  it('with replication factor 3, min.insync.replicas 2 and acks=all: a follower becomes leader and is drawn so, the old broker is down, and no acknowledged record is lost', async () => {
    const { page, errors, close } = await openApp(browser(), scenarioQuery(SAFE))
    try {
      await hideRecordTraffic(page)
      await expect.poll(() => acked(page, 'producer-1'), { timeout: 20_000 }).toBeGreaterThan(5)
      const old = await leaderOf(page, 'orders-0', [1, 2, 3])
      expect(old).not.toBeNull()
      const oldCard = brokerCard(page, old!)
      const followers = [1, 2, 3].filter((b) => b !== old)
      for (const f of followers) {
        expect(await page.getByRole('region', { name: new RegExp(`^orders-0 follower on broker ${f}: in sync`) }).count()).toBe(1)
      }

      await oldCard.getByRole('button', { name: 'Kill broker' }).click()
      await expect.poll(() => oldCard.textContent()).toContain('down (the controller has not noticed yet)')
      const ackedAtKill = await acked(page, 'producer-1')

      // broker.session.timeout.ms later the controller fences it and elects an in-sync follower.
      await expect.poll(() => oldCard.textContent(), { timeout: 20_000 }).toContain('down (fenced by the controller)')
      await expect.poll(() => leaderOf(page, 'orders-0', followers), { timeout: 20_000 }).not.toBeNull()
      const next = (await leaderOf(page, 'orders-0', followers))!
      expect(await leaderLog(brokerCard(page, next), 'orders-0').textContent()).toContain('★ leader')
      // The dead broker leads nothing any more; its copy of orders-0 is drawn as a replica that is down.
      expect(await oldCard.getByText('★ leader').count()).toBe(0)
      expect(await oldCard.getByRole('region', { name: new RegExp(`^orders-0 follower on broker ${old}: down`) }).count()).toBe(1)
      const elected = (await eventLines(page)).find((e) => e.text.startsWith(`orders-0: broker ${next} is the new leader (epoch 1, an in-sync replica)`))
      expect(elected, 'the election is in the event log').toBeDefined()

      // Writes go on: the producer keeps getting acknowledgements from the new leaders.
      await expect.poll(() => acked(page, 'producer-1'), { timeout: 20_000 }).toBeGreaterThan(ackedAtKill + 10)
      await expectNoAcknowledgedLoss(page)

      // A calm moment after the failover, records in flight, for the docs.
      mkdirSync(join(import.meta.dirname, '..', '..', 'docs'), { recursive: true })
      await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshot-replication.png') })

      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('in the broker-failure-and-replication lesson: orders fails over to another broker and loses no acknowledged record', async () => {
    const { page, errors, close } = await openApp(browser(), '?lesson=broker-failure-and-replication')
    try {
      await expect.poll(() => acked(page, 'producer-2'), { timeout: 20_000 }).toBeGreaterThan(3)
      const old = await leaderOf(page, 'orders-0', [1, 2, 3])
      expect(old).not.toBeNull()
      const followers = [1, 2, 3].filter((b) => b !== old)
      await brokerCard(page, old!).getByRole('button', { name: 'Kill broker' }).click()
      const ackedAtKill = await acked(page, 'producer-2')
      await expect.poll(() => leaderOf(page, 'orders-0', followers), { timeout: 20_000 }).not.toBeNull()
      expect(await brokerCard(page, old!).textContent()).toContain('down (fenced by the controller)')
      await expect.poll(() => acked(page, 'producer-2'), { timeout: 20_000 }).toBeGreaterThan(ackedAtKill + 5)
      await expectNoAcknowledgedLoss(page)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
