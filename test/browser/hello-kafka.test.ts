/**
 * The walking skeleton, end to end in real Chromium against the production build: the default
 * lesson runs at once, every record reaches consumer.py with its partition and offset, and the
 * learner can add a consumer and a partition and see the new assignment.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApp, useBrowser } from './harness'

const browser = useBrowser()

describe('Hello, Kafka in the browser', () => {
  it('runs the default lesson at once, delivers all 10 records, and redraws the assignment after Add consumer and Add partition', async () => {
    const { page, errors, close } = await openApp(browser())
    // The page's heading names the app and the lesson it opened on.
    const heading = page.getByRole('heading', { level: 1, name: /kafka-sim/ })
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toContain('Hello, Kafka')
    // Already playing: the button offers to pause.
    await page.getByRole('button', { name: 'Pause' }).waitFor()

    // Speed up as a teacher would, with the keyboard on the Speed slider.
    const speed = page.getByRole('slider', { name: 'Speed' })
    await speed.focus()
    await page.keyboard.press('End')

    const consoleOut = page.getByLabel('Console output')
    await expect.poll(() => consoleOut.textContent(), { timeout: 30_000 }).toContain('Offset=9,')
    const text = (await consoleOut.textContent()) ?? ''
    for (let i = 0; i < 10; i++) {
      expect(text).toContain(
        `Received: Topic=user-activity, Partition=0, Offset=${i}, Key=None, Value={'user_id': 'user_${i % 3}', 'action': 'click', 'timestamp': ${i * 1000}}`,
      )
    }
    expect(text.match(/Received: /g)).toHaveLength(10)

    const group = page.getByRole('article', { name: 'consumer group my-consumer-group' })
    await page.getByRole('button', { name: 'Add consumer', exact: true }).click()
    const second = group.getByRole('listitem', { name: 'consumer-2' })
    // One partition, two consumers: the new one gets nothing and says so.
    await expect.poll(() => second.textContent(), { timeout: 30_000 }).toContain('idle: no partition assigned')
    await expect.poll(() => group.getByRole('note').textContent()).toContain('consumer-2 is idle')

    await page.getByRole('button', { name: 'Add partition', exact: true }).click()
    await page.getByRole('region', { name: /^user-activity-1: / }).waitFor()
    await expect.poll(() => second.textContent(), { timeout: 30_000 }).toContain('reading user-activity-1')
    const first = group.getByRole('listitem', { name: 'consumer-1' })
    expect(await first.textContent()).toContain('reading user-activity-0')
    // The partition log names its reader.
    await expect.poll(() => page.getByRole('region', { name: /^user-activity-1: / }).textContent()).toContain('→ consumer-2')

    // Slow down again for a calm picture, then refresh the README's screenshot.
    await speed.focus()
    await page.keyboard.press('Home')
    mkdirSync(join(import.meta.dirname, '..', '..', 'docs'), { recursive: true })
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshot.png') })

    expect(errors).toEqual([])
    await close()
  })
})
