import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

/**
 * Three test projects, one runner:
 * - engine: the pure Kafka model in Node (proves it needs no DOM);
 * - ui: components, store and worker protocol in jsdom;
 * - browser: the production build in Debian's Chromium, driven by playwright-core
 *   (scripts/test.mjs builds the app and makes sure Chromium is installed first).
 */
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'engine',
          environment: 'node',
          include: ['test/engine/**/*.test.ts', 'test/cli/**/*.test.ts'],
          // Property tests and whole lessons run for seconds; on a busy 2-core machine, more. (Timeouts
          // only catch hangs here: performance targets live in the benchmarks.)
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          environment: 'jsdom',
          testTimeout: 30_000,
          include: ['test/ui/**/*.test.{ts,tsx}', 'test/worker/**/*.test.ts'],
          setupFiles: ['test/ui/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
