/**
 * Before the browser tests: build the app for production and serve it with `vite preview` on
 * 127.0.0.1, the way a course page would load it. The server is our own child process, stopped by
 * its own pid afterwards (a killed `npx vite preview &` would leave an orphan).
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { build } from 'vite'
import type { TestProject } from 'vitest/node'

const root = join(import.meta.dirname, '..', '..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`vite preview did not answer at ${url}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

let server: ChildProcess | null = null

export async function setup(project: TestProject): Promise<void> {
  // Vitest sets NODE_ENV=test, which would bundle React's development build.
  const env = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ root, mode: 'production', logLevel: 'warn', configFile: join(root, 'vite.config.ts') })
  } finally {
    process.env.NODE_ENV = env
  }
  const port = await freePort()
  server = spawn(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
  })
  const url = `http://127.0.0.1:${port}/`
  await waitFor(url, 20_000)
  project.provide('baseUrl', url)
}

export async function teardown(): Promise<void> {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 100))
    if (server.exitCode === null) server.kill('SIGKILL')
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}
