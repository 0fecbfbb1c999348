/** Launching Debian's Chromium with playwright-core (never a downloaded browser). */
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

/** One Chromium for a test file: launched before its tests, closed after them. Call it at the top of the file. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => {
    if (!browser) throw new Error('Chromium is not running: useBrowser() starts it before the tests of its file')
    return browser
  }
}

export function baseUrl(): string {
  return inject('baseUrl')
}

/** Opens the app and collects page errors and console errors, which tests expect to stay empty. */
export async function openApp(browser: Browser, query = '', options: { reducedMotion?: 'reduce' | 'no-preference'; viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 900 }, reducedMotion: options.reducedMotion ?? 'no-preference' })
  const page: Page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(`${baseUrl()}${query}`)
  return { page, errors, close: () => context.close() }
}
