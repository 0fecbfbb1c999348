/**
 * Small helpers the browser tests share on top of harness.ts: scenarios passed in the URL, the
 * Speed slider, the event log read with its simulated times, and the pixels of the flight canvas.
 */
import type { Locator, Page } from 'playwright-core'

/** `?scenario=<url-encoded JSON>`, the way a course page links to its own scenario. */
export function scenarioQuery(scenario: object): string {
  return `?scenario=${encodeURIComponent(JSON.stringify(scenario))}`
}

/** Moves the Speed slider with the keyboard, as a teacher would: End is 20x, Home 0.1x. */
export async function speedKey(page: Page, key: 'End' | 'Home' | 'ArrowLeft' | 'ArrowRight'): Promise<void> {
  const speed = page.getByRole('slider', { name: 'Speed' })
  await speed.focus()
  await page.keyboard.press(key)
}

/** Simulated milliseconds from the app's time format ("12.3 s", "2 min 05 s"). */
export function parseSimTime(text: string): number {
  const min = /^(\d+) min (\d+) s$/.exec(text.trim())
  if (min) return (Number(min[1]) * 60 + Number(min[2])) * 1000
  const s = /^([\d.]+) s$/.exec(text.trim())
  if (!s) throw new Error(`not a simulated time: "${text}"`)
  return Math.round(Number(s[1]) * 1000)
}

export interface EventLine {
  /** Simulated time in ms (to the tenth of a second the log shows). */
  t: number
  text: string
}

/** The sentences the Event log shows now, each with its simulated time. */
export async function eventLines(page: Page): Promise<EventLine[]> {
  const rows = await page
    .getByRole('log', { name: 'Event log' })
    .locator('li')
    .evaluateAll((items) => items.map((li) => ({ time: li.querySelector('time')?.textContent ?? '', text: li.textContent ?? '' })))
  return rows.map((r) => ({ t: parseSimTime(r.time), text: r.text.slice(r.time.length).trim() }))
}

/** Hides record traffic in the Event log, so the group's and the cluster's story stays on screen. */
export async function hideRecordTraffic(page: Page): Promise<void> {
  const box = page.getByRole('checkbox', { name: 'record traffic' })
  if (await box.isChecked()) await box.uncheck()
}

/** How many pixels of the canvas of records in flight are not transparent. */
export function inkedPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.flights')
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx || canvas.width === 0 || canvas.height === 0) return 0
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
    let n = 0
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++
    return n
  })
}

/** The picture's card of a broker, a group or a producer (the inspector's articles share their names). */
export function brokerCard(page: Page, id: number): Locator {
  return page.getByRole('region', { name: 'Brokers and topics' }).getByRole('article', { name: `broker ${id}`, exact: true })
}

export function groupCard(page: Page, id: string): Locator {
  return page.getByRole('region', { name: 'Consumer groups' }).getByRole('article', { name: `consumer group ${id}`, exact: true })
}

/** The leader's log of a partition, named by its offsets summary ("orders-0: offsets 0 to 9, ..."). */
export function leaderLog(scope: Page | Locator, tp: string): Locator {
  return scope.getByRole('region', { name: new RegExp(`^${tp}: `) })
}

/** Waits `ms` of wall time between two looks at the page (never used to assert how long something took). */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
