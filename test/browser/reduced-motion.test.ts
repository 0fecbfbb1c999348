/**
 * prefers-reduced-motion, in real Chromium: with "reduce" no record flies across the picture (the
 * flight canvas stays blank while records are produced and fetched), and each newly appended offset
 * is highlighted in place instead (class "fresh") for a moment. The normal view, on the same
 * scenario, does draw records in flight and highlights nothing.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { inkedPixels, leaderLog, pause, scenarioQuery } from './app-helpers'
import { openApp, useBrowser } from './harness'

const browser = useBrowser()

/** Records take 300 ms per hop and come four a second, so some are always on the wire. */
const SCENARIO = {
  version: 1,
  id: 'always-in-flight',
  title: 'Records in flight',
  seed: 8,
  cluster: { brokers: 1, networkLatencyMs: 300, config: { 'group.initial.rebalance.delay.ms': 0 } },
  topics: [{ name: 'user-activity', partitions: 1 }],
  producers: [{ id: 'producer-1', topic: 'user-activity', rate: 4, keys: { mode: 'user-id' }, value: { kind: 'click-event', users: 3 }, config: { 'linger.ms': 0 } }],
  consumers: [{ id: 'consumer-1', group: 'my-consumer-group', topics: ['user-activity'], config: { 'auto.offset.reset': 'earliest' } }],
}

/** Offset cells drawn in the partition's strip (not counting the "next" cell). */
function cells(page: Page) {
  return leaderLog(page, 'user-activity-0').locator('li.cell:not(.next)')
}

/** The partition's log end offset, from its accessible summary ("..., next offset 12"). */
async function logEnd(page: Page): Promise<number> {
  const label = (await leaderLog(page, 'user-activity-0').getAttribute('aria-label')) ?? ''
  return Number(/next offset (\d+)$/.exec(label)?.[1] ?? NaN)
}

describe('reduced motion', () => {
  it('draws records in flight on the canvas in the normal view, and highlights no cell', async () => {
    const { page, errors, close } = await openApp(browser(), scenarioQuery(SCENARIO), { reducedMotion: 'no-preference' })
    try {
      expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(false)
      await expect.poll(() => inkedPixels(page), { timeout: 20_000, interval: 50 }).toBeGreaterThan(0)
      await expect.poll(() => cells(page).count(), { timeout: 20_000 }).toBeGreaterThan(2)
      expect(await leaderLog(page, 'user-activity-0').locator('.cell.fresh').count()).toBe(0)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('with prefers-reduced-motion: reduce, leaves the canvas blank while records are produced and consumed, and highlights each new offset in place', async () => {
    const { page, errors, close } = await openApp(browser(), scenarioQuery(SCENARIO), { reducedMotion: 'reduce' })
    try {
      expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true)
      // Records are being produced and fetched: consumer.py has started printing.
      await expect.poll(() => page.getByLabel('Console output').textContent(), { timeout: 20_000 }).toContain('Received:')
      const before = await logEnd(page)
      const consoleBefore = ((await page.getByLabel('Console output').textContent()) ?? '').split('Received:').length

      // Look at the canvas many times while records keep moving: never a drawn pixel.
      const inked: number[] = []
      for (let i = 0; i < 20; i++) {
        inked.push(await inkedPixels(page))
        await pause(100)
      }
      expect(inked.every((n) => n === 0), `inked pixels: ${inked.join(', ')}`).toBe(true)
      // ... on a real canvas laid over the picture, not on a missing or zero-sized one.
      const size = await page.locator('canvas.flights').evaluate((c: HTMLCanvasElement) => c.width * c.height)
      expect(size).toBeGreaterThan(0)
      // Meanwhile records were appended and consumed: the blank canvas is not an idle cluster.
      expect(await logEnd(page)).toBeGreaterThan(before)
      expect(((await page.getByLabel('Console output').textContent()) ?? '').split('Received:').length).toBeGreaterThan(consoleBefore)

      // The newest offset is outlined where it landed; an old one no longer is.
      const newest = cells(page).last()
      await expect.poll(() => newest.getAttribute('class'), { timeout: 10_000 }).toContain('fresh')
      await expect.poll(() => cells(page).first().getAttribute('class'), { timeout: 10_000 }).not.toContain('fresh')
      // The outline is a style, not motion: no animation or transition runs on it.
      const style = await newest.locator('.cell-body').evaluate((el) => {
        const s = getComputedStyle(el)
        return { outline: s.outlineStyle, animation: s.animationName, transition: s.transitionDuration }
      })
      expect(style.outline).toBe('solid')
      expect(style.animation).toBe('none')
      expect(style.transition.split(',').every((d) => parseFloat(d) === 0)).toBe(true)

      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
