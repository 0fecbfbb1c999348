#!/usr/bin/env node
/**
 * `npm test`: every check, in order, with one summary at the end.
 *   1. Debian's Chromium for the browser tests (installed with apt-get when missing and we are root);
 *   2. typecheck (the app, and the engine alone without DOM types);
 *   3. lint;
 *   4. Vitest: engine (Node), ui (jsdom) and browser (the production build in headless Chromium).
 * Writes test-results/summary.json ({ passed, failed, runners }) for CI.
 *   --browser-only   only the browser tests
 *   --no-browser     skip the browser tests (and Chromium)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = new Set(process.argv.slice(2))
const browserOnly = args.has('--browser-only')
const withBrowser = !args.has('--no-browser')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const results = []
const bin = (name) => join(root, 'node_modules', '.bin', name)

function run(label, cmd, cmdArgs, opts = {}) {
  process.stdout.write(`\n▶ ${label}\n`)
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } })
  return r.status === 0
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    process.stdout.write(`\n▶ Chromium is missing: installing Debian's chromium (apt-get)\n`)
    const env = { DEBIAN_FRONTEND: 'noninteractive' }
    if (run('apt-get update', 'apt-get', ['update', '-qq'], { env }) &&
        run('apt-get install chromium', 'apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation'], { env }) &&
        existsSync(CHROMIUM)) return true
  }
  process.stderr.write(
    `\nThe browser tests need Debian's Chromium at ${CHROMIUM}.\n` +
      `Install it with:  sudo apt-get install -y --no-install-recommends chromium fonts-liberation\n` +
      `(or set CHROMIUM_PATH to a Chromium binary), then run npm test again.\n`,
  )
  return false
}

function check(name, ok) {
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 })
}

if (!browserOnly) {
  check('typecheck', run('typecheck (app)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) &&
    run('typecheck (engine: no DOM, no Node)', bin('tsc'), ['-p', 'tsconfig.engine.json', '--noEmit']))
  check('lint', run('lint', bin('eslint'), ['.', '--max-warnings', '0']))
}

const projects = browserOnly ? ['browser'] : withBrowser ? ['engine', 'ui', 'browser'] : ['engine', 'ui']
if (projects.includes('browser') && !ensureChromium()) {
  check('chromium available', false)
  projects.splice(projects.indexOf('browser'), 1)
}

mkdirSync(join(root, 'test-results'), { recursive: true })
const report = join(root, 'test-results', 'vitest.json')
const vitestOk = run(`vitest (${projects.join(', ')})`, bin('vitest'), [
  'run',
  ...projects.flatMap((p) => ['--project', p]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
], { env: { CHROMIUM_PATH: CHROMIUM } })

let vitestCounts = { passed: 0, failed: vitestOk ? 0 : 1 }
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  vitestCounts = { passed: json.numPassedTests ?? 0, failed: (json.numFailedTests ?? 0) + (vitestOk || json.numFailedTests ? 0 : 1) }
}
results.push({ name: 'vitest', ...vitestCounts })

const passed = results.reduce((n, r) => n + r.passed, 0)
const failed = results.reduce((n, r) => n + r.failed, 0)
writeFileSync(join(root, 'test-results', 'summary.json'), JSON.stringify({ passed, failed, runners: results }, null, 2))
process.stdout.write(`\n${results.map((r) => `${r.name}: ${r.passed} passed, ${r.failed} failed`).join('\n')}\n${passed} passed, ${failed} failed\n`)
process.exit(failed === 0 ? 0 : 1)
