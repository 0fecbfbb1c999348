/**
 * Headless runs: `npm run sim -- <scenario.json | built-in id> --for 120s [--seed N] [--json]`.
 * Runs the engine without a browser and prints a summary (or one JSON object with --json).
 * `--help` prints the usage on stdout (exit code 0). A bad file or flag gets one line naming what
 * is wrong, and exit code 2.
 *
 * Kafka's internal topics (__consumer_offsets and its 50 partitions) are left out of the text
 * summary: the simulator keeps no commit records in them, so they would be 50 lines of empty logs.
 * The JSON keeps every topic and marks each with `internal`.
 */
import { readFileSync } from 'node:fs'
import { createSimulation, groupLag, parseScenario, rebalanceProtocolOf, ScenarioError } from '../engine'
import type { Scenario, Simulation } from '../engine'
import { builtInScenario, builtInScenarioIds } from '../scenarios'

export class UsageError extends Error {}

/** `--help` or `-h`: not an error; main prints HELP on stdout and exits 0. */
export class HelpRequested extends Error {}

const USAGE = 'usage: npm run sim -- <scenario.json | built-in id> --for <duration, e.g. 120s> [--seed N] [--json]'

export const HELP = [
  USAGE,
  '',
  'Runs a scenario without a browser and prints a summary of where it got to.',
  '',
  `  <scenario>     a scenario file (docs/scenario-format.md) or a built-in id: ${builtInScenarioIds().join(', ')}`,
  '  --for <time>   simulated time to run: 500ms, 120s, 2m or 1.5h (at most 7 days)',
  "  --seed N       the seed, a whole number from 0 to 4294967295 (default: the scenario's own)",
  '  --json         print one JSON object (every topic, internal ones marked "internal": true) instead of the text summary',
  '  -h, --help     print this help',
].join('\n')

export interface CliOptions {
  source: string
  forMs: number
  seed: number | undefined
  json: boolean
}

/** "120s", "2m", "500ms", "1.5h" -> milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)$/.exec(text.trim())
  if (!m) throw new UsageError(`--for: "${text}" is not a duration; write it like 120s, 2m or 500ms`)
  const n = Number(m[1])
  const unit = m[2] as string
  const ms = n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000)
  if (ms > 7 * 24 * 3_600_000) throw new UsageError('--for: at most 7 days of simulated time')
  return Math.round(ms)
}

export function parseArgs(argv: string[]): CliOptions {
  let source: string | undefined
  let forMs: number | undefined
  let seed: number | undefined
  let json = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const value = () => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`)
      return v
    }
    if (arg === '--for') forMs = parseDuration(value())
    else if (arg === '--seed') {
      const v = value()
      if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new UsageError(`--seed: "${v}" is not a whole number from 0 to 4294967295`)
      seed = Number(v)
    } else if (arg === '--json') json = true
    else if (arg === '--help' || arg === '-h') throw new HelpRequested()
    else if (arg.startsWith('--')) throw new UsageError(`unknown flag ${arg}; ${USAGE}`)
    else if (source === undefined) source = arg
    else throw new UsageError(`unexpected argument "${arg}"; ${USAGE}`)
  }
  if (source === undefined) throw new UsageError(`no scenario given; ${USAGE}`)
  if (forMs === undefined) throw new UsageError(`--for is required; ${USAGE}`)
  return { source, forMs, seed, json }
}

export function loadScenario(source: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): Scenario {
  const builtIn = builtInScenario(source)
  if (builtIn) return builtIn
  if (!source.endsWith('.json')) {
    throw new UsageError(`"${source}" is neither a built-in scenario (${builtInScenarioIds().join(', ')}) nor a .json file`)
  }
  let text: string
  try {
    text = read(source)
  } catch (e) {
    const code = (e as { code?: string }).code
    throw new UsageError(`${source}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read'}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new UsageError(`${source}: not valid JSON (${(e as Error).message})`)
  }
  try {
    return parseScenario(data)
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${source}: ${e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`)
    throw e
  }
}

/** The run's outcome as one JSON-ready object. */
export function summarize(sim: Simulation) {
  const s = sim.s
  return {
    scenario: sim.scenario.id,
    seed: s.seed,
    simTimeMs: s.now,
    eventLogHash: sim.eventLogHash(),
    events: s.eventCount,
    topics: s.topics.map((t) => ({
      name: t.name,
      /** Kafka's own topic (__consumer_offsets); the text summary leaves it out. */
      internal: t.internal,
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        leader: p.leader,
        replicas: [...p.replicas],
        isr: [...p.isr],
        logStartOffset: p.log.logStartOffset,
        logEndOffset: p.log.logEndOffset,
        highWatermark: p.highWatermark,
      })),
    })),
    groups: s.groups.map((g) => ({
      groupId: g.groupId,
      state: g.state,
      generation: g.generation,
      protocol: rebalanceProtocolOf(g),
      assignor: g.protocol,
      /** The member id of the group's leader (the member that runs the assignor), or null. */
      leader: g.members.some((m) => m.memberId === g.leaderId) ? g.leaderId : null,
      members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, assigned: m.assignment.map((tp) => `${tp.topic}-${tp.partition}`) })),
      committed: { ...g.committed },
      lag: groupLag(s, g),
    })),
    producers: s.producers.map((p) => ({ id: p.id, sent: p.generated, acked: p.acked, failed: p.failed })),
    counts: { produced: s.counters.produced, consumed: s.counters.consumed, duplicates: s.counters.duplicates },
  }
}

export function formatSummary(sum: ReturnType<typeof summarize>): string {
  const lines = [`${sum.scenario} (seed ${sum.seed}) after ${(sum.simTimeMs / 1000).toFixed(1)} s of simulated time: ${sum.events} events, hash ${sum.eventLogHash}`]
  lines.push(`records: ${sum.counts.produced} produced, ${sum.counts.consumed} consumed, ${sum.counts.duplicates} duplicates`)
  for (const t of sum.topics) {
    if (t.internal) continue
    lines.push(`topic ${t.name}:`)
    for (const p of t.partitions) lines.push(`  ${t.name}-${p.partition}  log ${p.logStartOffset}..${p.logEndOffset}  high watermark ${p.highWatermark}  leader ${p.leader}`)
  }
  for (const g of sum.groups) {
    lines.push(`group ${g.groupId}: ${g.state}, generation ${g.generation}, ${g.assignor ?? 'no assignor yet'} (${g.protocol ?? '-'})`)
    for (const m of g.members) lines.push(`  ${m.memberId}${m.memberId === g.leader ? ' (leader)' : ''}: ${m.assigned.length > 0 ? m.assigned.join(', ') : 'idle'}`)
    for (const [tp, c] of Object.entries(g.committed)) lines.push(`  committed ${tp} = ${c}, lag ${g.lag[tp] ?? '-'}`)
  }
  return lines.join('\n')
}

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const options = parseArgs(argv)
    const scenario = loadScenario(options.source)
    let sim: ReturnType<typeof createSimulation>
    try {
      sim = createSimulation(scenario, options.seed === undefined ? {} : { seed: options.seed })
    } catch (e) {
      // Kafka refused something the file sets up (a topic it cannot create, say): bad input, like a parse error.
      throw new UsageError(`${options.source}: the scenario cannot start: ${e instanceof Error ? e.message : String(e)}`)
    }
    sim.runUntil(options.forMs)
    const sum = summarize(sim)
    out(options.json ? JSON.stringify(sum, null, 2) : formatSummary(sum))
    return 0
  } catch (e) {
    if (e instanceof HelpRequested) {
      out(HELP)
      return 0
    }
    if (e instanceof UsageError) {
      err(`error: ${e.message}`)
      return 2
    }
    err(`error: ${e instanceof Error ? e.message : String(e)}`)
    return 1
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() as string)
if (isMain) {
  process.exitCode = main(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`))
}
