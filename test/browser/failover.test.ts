/**
 * A leader's broker dies, in real Chromium: once the controller notices (broker.session.timeout.ms)
 * it elects the first live in-sync replica, the picture draws the partition's log ("★ leader") on
 * that broker, the dead broker's card says down, and with the safe settings (replication factor 3,
 * min.insync.replicas 2, acks=all, no unclean election) no acknowledged record is lost while the
 * producer keeps getting acknowledgements. Once in a scenario made for it, once in the replication
 * lesson, and once built by hand in the sandbox of the default lesson (issue 5's browser test).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { brokerCard, eventLines, hideRecordTraffic, leaderLog, scenarioQuery, speedKey } from './app-helpers'
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

/** The last offset in the leader's log of `tp` on `broker`, from its name ("orders-0: offsets 0 to 35, ..."); -1 when empty. */
async function lastOffset(page: Page, broker: number, tp: string): Promise<number> {
  const name = (await leaderLog(brokerCard(page, broker), tp).getAttribute('aria-label')) ?? ''
  const m = /: offsets (\d+) to (\d+)/.exec(name)
  return m ? Number(m[2]) : -1
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

  it('in the default lesson opened in the sandbox: two brokers added, a topic with replication factor 3 and min.insync.replicas 2, an acks=all producer; the leader of partition 0 is killed, a follower is drawn as leader and keeps every acknowledged record', async () => {
    const { page, errors, close } = await openApp(browser())
    try {
      const heading = page.getByRole('heading', { level: 1 })
      await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toContain('Hello, Kafka')
      await page.getByRole('button', { name: 'Open in sandbox' }).click()
      const addBroker = page.getByRole('button', { name: 'Add broker' })
      await expect.poll(() => addBroker.isEnabled()).toBe(true)
      await addBroker.click()
      await brokerCard(page, 2).waitFor()
      await addBroker.click()
      await brokerCard(page, 3).waitFor()

      // A topic replicated on all three brokers, acks=all writes needing two in-sync copies. One
      // partition, so that every record goes to the partition whose leader dies.
      await page.getByRole('button', { name: 'Add topic' }).click()
      const topicForm = page.getByRole('form', { name: 'New topic' })
      await topicForm.getByLabel('Topic name').fill('orders')
      await topicForm.getByLabel('Partitions').fill('1')
      await topicForm.getByLabel('Replication factor').fill('3')
      await topicForm.getByLabel('min.insync.replicas').fill('2')
      await topicForm.getByRole('button', { name: 'Create topic' }).click()
      const topicCard = page.getByRole('article', { name: 'topic orders', exact: true })
      await expect.poll(() => topicCard.textContent(), { timeout: 10_000 }).toContain('replication factor 3 · min.insync.replicas 2')

      // With two topics, Add producer asks which one.
      await page.getByRole('button', { name: 'Add producer' }).click()
      const producerForm = page.getByRole('form', { name: 'New producer' })
      await producerForm.getByLabel('Topic').selectOption('orders')
      await producerForm.getByRole('button', { name: 'Create producer' }).click()
      const producerCard = page.getByRole('article', { name: 'producer-2', exact: true })
      await expect.poll(() => producerCard.textContent(), { timeout: 10_000 }).toContain('orders')
      // acks=all, in the producer's inspector (Kafka's default since 3.0: chosen only if it is not already).
      await producerCard.getByRole('button', { name: 'producer-2' }).click()
      const acks = page.getByRole('article', { name: 'producer producer-2', exact: true }).getByLabel('acks')
      if ((await acks.inputValue()) !== 'all') await acks.selectOption('all')
      await expect.poll(() => acks.inputValue()).toBe('all')

      await hideRecordTraffic(page)
      await speedKey(page, 'End')
      // Records flow, and both followers have caught up (they are in the ISR).
      await expect.poll(() => acked(page, 'producer-2'), { timeout: 30_000 }).toBeGreaterThan(10)
      const old = await leaderOf(page, 'orders-0', [1, 2, 3])
      expect(old).not.toBeNull()
      const oldCard = brokerCard(page, old!)
      const followers = [1, 2, 3].filter((b) => b !== old)
      for (const f of followers) {
        await expect
          .poll(() => page.getByRole('region', { name: new RegExp(`^orders-0 follower on broker ${f}: in sync`) }).count(), {
            timeout: 30_000,
            message: `the follower of orders-0 on broker ${f} has caught up and is in the ISR`,
          })
          .toBe(1)
      }

      await oldCard.getByRole('button', { name: 'Kill broker' }).click()
      const ackedAtKill = await acked(page, 'producer-2')

      // The controller notices (broker.session.timeout.ms) and elects an in-sync follower, drawn as ★ leader.
      await expect.poll(() => leaderOf(page, 'orders-0', followers), { timeout: 30_000 }).not.toBeNull()
      const next = (await leaderOf(page, 'orders-0', followers))!
      expect(await leaderLog(brokerCard(page, next), 'orders-0').textContent()).toContain('★ leader')
      expect(await oldCard.getByText('★ leader').count()).toBe(0)
      expect(await oldCard.textContent()).toContain('down (fenced by the controller)')
      const elected = (await eventLines(page)).find((e) => e.text.startsWith(`orders-0: broker ${next} is the new leader`))
      expect(elected, 'the election is in the event log').toBeDefined()

      // Every record acknowledged before the kill is in the new leader's log (offsets from 0, one
      // partition), writes go on, and nothing acknowledged is reported lost. (The log's label may be
      // drawn a frame after the producer's count: polled.)
      await expect.poll(() => lastOffset(page, next, 'orders-0'), { timeout: 10_000 }).toBeGreaterThanOrEqual(ackedAtKill - 1)
      await expect.poll(() => acked(page, 'producer-2'), { timeout: 30_000 }).toBeGreaterThan(ackedAtKill + 10)
      const ackedLater = await acked(page, 'producer-2')
      await expect.poll(() => lastOffset(page, next, 'orders-0'), { timeout: 10_000 }).toBeGreaterThanOrEqual(ackedLater - 1)
      expect(await topicCard.textContent()).not.toMatch(/acknowledged records? (was|were) lost/)
      await expectNoAcknowledgedLoss(page)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
