/**
 * Specification: the headless CLI, `npm run sim -- <scenario.json | built-in id> --for 120s [--seed N] [--json]`.
 * It runs the engine without a browser and prints a summary, or one JSON object with --json. Anything
 * wrong with the file or the flags is one line starting with "error:" and exit code 2; --help prints the
 * usage on stdout with exit code 0.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HELP, loadScenario, main, parseArgs, summarize } from '../../src/cli/sim'
import { createSimulation } from '../../src/engine'
import { builtInScenario } from '../../src/scenarios'

function run(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  const code = main(argv, (s) => out.push(s), (s) => err.push(s))
  return { code, out, err }
}

const dir = mkdtempSync(join(tmpdir(), 'kafka-sim-cli-'))
function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const minimal = {
  format: 'kafka-sim/scenario',
  version: 1,
  id: 'two-groups',
  seed: 5,
  topics: [{ name: 'orders', partitions: 2 }],
  producers: [{ id: 'p', topic: 'orders', rate: 10, maxRecords: 40, partitioner: 'round-robin', config: { 'linger.ms': 0 } }],
  consumers: [
    { id: 'a1', group: 'A', topics: ['orders'], config: { 'auto.offset.reset': 'earliest' } },
    { id: 'b1', group: 'B', topics: ['orders'], config: { 'auto.offset.reset': 'earliest', 'partition.assignment.strategy': ['cooperative-sticky'] } },
  ],
}

describe('sim CLI: --json summary', () => {
  it('prints one JSON object with simTimeMs, eventLogHash, topics, groups and counts (hello-kafka for 20 s)', () => {
    const { code, out, err } = run(['hello-kafka', '--for', '20s', '--json'])
    expect(code).toBe(0)
    expect(err).toEqual([])
    expect(out).toHaveLength(1)
    const sum = JSON.parse(out[0]!)
    expect(sum.simTimeMs).toBe(20_000)
    expect(sum.eventLogHash).toMatch(/^[0-9a-f]+$/)
    expect(sum.topics.find((t: { name: string }) => t.name === 'user-activity')).toEqual({
      name: 'user-activity',
      internal: false,
      partitions: [expect.objectContaining({ partition: 0, logStartOffset: 0, logEndOffset: 10, highWatermark: 10 })],
    })
    // Every topic (internal ones such as __consumer_offsets included, and marked so) lists each partition's offsets.
    expect(sum.topics.map((t: { name: string; internal: boolean }) => [t.name, t.internal])).toEqual([
      ['user-activity', false],
      ['__consumer_offsets', true],
    ])
    for (const t of sum.topics) {
      expect(typeof t.name).toBe('string')
      t.partitions.forEach((p: Record<string, unknown>, i: number) => {
        expect(p).toMatchObject({ partition: i, logStartOffset: expect.any(Number), logEndOffset: expect.any(Number), highWatermark: expect.any(Number) })
      })
    }
    expect(sum.groups).toEqual([
      expect.objectContaining({
        groupId: 'my-consumer-group',
        state: 'Stable',
        generation: 1,
        protocol: 'eager',
        assignor: 'range',
        members: [expect.objectContaining({ memberId: expect.stringMatching(/^consumer-1-/), assigned: ['user-activity-0'] })],
        committed: { 'user-activity-0': 10 },
        lag: { 'user-activity-0': 0 },
      }),
    ])
    expect(sum.counts).toEqual({ produced: 10, consumed: 10, duplicates: 0 })
  })

  it("names the group's leader by its member id (consumer-1-<uuid>), the one among its members that runs the assignor", () => {
    const sum = JSON.parse(run(['hello-kafka', '--for', '20s', '--json']).out[0]!)
    const group = sum.groups[0]
    expect(group.members).toEqual([expect.objectContaining({ memberId: expect.stringMatching(/^consumer-1-/), clientId: 'consumer-1' })])
    expect(group.leader).toBe(group.members[0].memberId)
    // The engine agrees: it is the coordinator's leader id.
    const direct = createSimulation(builtInScenario('hello-kafka')!)
    direct.runUntil(20_000)
    expect(group.leader).toBe(direct.s.groups[0]!.leaderId)
  })

  it('reports the same event-log hash as the engine run directly with the same scenario and seed', () => {
    const { out } = run(['hello-kafka', '--for', '20s', '--json', '--seed', '7'])
    const direct = createSimulation(builtInScenario('hello-kafka')!, { seed: 7 })
    direct.runUntil(20_000)
    expect(JSON.parse(out[0]!).eventLogHash).toBe(direct.eventLogHash())
    expect(JSON.parse(out[0]!)).toEqual(JSON.parse(JSON.stringify(summarize(direct))))
  })

  it('is deterministic: the same seed gives the same output, another seed another hash', () => {
    const a = run(['hello-kafka', '--for', '30s', '--json', '--seed', '3'])
    const b = run(['hello-kafka', '--for', '30s', '--json', '--seed', '3'])
    const c = run(['hello-kafka', '--for', '30s', '--json', '--seed', '4'])
    expect(a.out).toEqual(b.out)
    expect(JSON.parse(a.out[0]!).eventLogHash).not.toBe(JSON.parse(c.out[0]!).eventLogHash)
  })

  it('summarizes a scenario file with several groups: one entry per group, with its protocol, assignor, members, committed offsets and lag', () => {
    const path = file('two-groups.json', JSON.stringify(minimal))
    const { code, out } = run([path, '--for', '30s', '--json'])
    expect(code).toBe(0)
    const sum = JSON.parse(out[0]!)
    expect(sum.groups.map((g: { groupId: string; protocol: string; assignor: string }) => [g.groupId, g.protocol, g.assignor])).toEqual([
      ['A', 'eager', 'range'],
      ['B', 'cooperative', 'cooperative-sticky'],
    ])
    for (const g of sum.groups) {
      expect(g.members).toHaveLength(1)
      expect([...g.members[0].assigned].sort()).toEqual(['orders-0', 'orders-1'])
      expect(g.committed).toEqual({ 'orders-0': 20, 'orders-1': 20 })
      expect(g.lag).toEqual({ 'orders-0': 0, 'orders-1': 0 })
    }
    expect(sum.counts).toEqual({ produced: 40, consumed: 80, duplicates: 0 })
  })

  it('prints a readable summary without --json', () => {
    const { code, out } = run(['hello-kafka', '--for', '20s'])
    expect(code).toBe(0)
    expect(out).toHaveLength(1)
    expect(out[0]).toContain('hello-kafka')
    expect(out[0]).toMatch(/10 produced, 10 consumed, 0 duplicates/)
    expect(out[0]).toMatch(/group my-consumer-group: Stable, generation 1/)
    expect(out[0]).toMatch(/^ {2}consumer-1-\S+ \(leader\): user-activity-0$/m)
  })

  it('leaves Kafka\'s internal topics (__consumer_offsets, 50 empty partitions) out of the text summary', () => {
    const { out } = run(['hello-kafka', '--for', '20s'])
    expect(out[0]).toContain('topic user-activity:')
    expect(out[0]).not.toContain('__consumer_offsets')
    expect(out[0]!.split('\n').length).toBeLessThan(12)
  })
})

describe('sim CLI: arguments', () => {
  it('parses durations in ms, s, m and h', () => {
    expect(parseArgs(['x.json', '--for', '500ms']).forMs).toBe(500)
    expect(parseArgs(['x.json', '--for', '120s']).forMs).toBe(120_000)
    expect(parseArgs(['x.json', '--for', '2m']).forMs).toBe(120_000)
    expect(parseArgs(['x.json', '--for', '1.5h']).forMs).toBe(5_400_000)
    expect(parseArgs(['hello-kafka', '--seed', '9', '--for', '1s', '--json'])).toEqual({ source: 'hello-kafka', forMs: 1_000, seed: 9, json: true })
  })

  it('loads a built-in scenario by id, and a file through the reader it is given', () => {
    expect(loadScenario('hello-kafka').id).toBe('hello-kafka')
    expect(loadScenario('mine.json', () => JSON.stringify(minimal)).id).toBe('two-groups')
  })
})

describe('sim CLI: --help', () => {
  for (const argv of [['--help'], ['-h'], ['hello-kafka', '--for', '10s', '--help']]) {
    it(`prints the usage on stdout and exits 0 for ${argv.join(' ')}`, () => {
      const { code, out, err } = run(argv)
      expect(code).toBe(0)
      expect(err).toEqual([])
      expect(out).toEqual([HELP])
      expect(out[0]).toMatch(/^usage: npm run sim -- <scenario\.json \| built-in id> --for/)
      for (const flag of ['--for', '--seed', '--json', '--help']) expect(out[0]).toContain(flag)
    })
  }
})

describe('sim CLI: errors are one line starting with "error:" and exit code 2', () => {
  const badJson = file('bad.json', '{ "format": "kafka-sim/scenario", "version": 1,,, }')
  const badScenario = file('bad-scenario.json', JSON.stringify({ ...minimal, version: 2, producers: [{ id: 'p', topic: 'nope', rate: -1 }] }))
  const cases: [string, string[], RegExp][] = [
    ['a file that does not exist', [join(dir, 'missing.json'), '--for', '10s'], /missing\.json: no such file/],
    ['a file that is not JSON', [badJson, '--for', '10s'], /bad\.json: not valid JSON/],
    ['a scenario the parser refuses (naming the field paths)', [badScenario, '--for', '10s'], /version.*producers\[0\]\.topic/],
    ['an unknown flag', ['hello-kafka', '--for', '10s', '--fast'], /unknown flag --fast/],
    ['a bad duration', ['hello-kafka', '--for', '10 parsecs'], /--for: "10 parsecs" is not a duration/],
    ['a bad seed', ['hello-kafka', '--for', '10s', '--seed', '-3'], /--seed/],
    ['a seed that is not a number', ['hello-kafka', '--for', '10s', '--seed', 'abc'], /--seed: "abc"/],
    ['a missing --for', ['hello-kafka'], /--for is required/],
    ['no scenario at all', ['--for', '10s'], /no scenario given/],
    ['a name that is neither a built-in id nor a .json file', ['goodbye-kafka', '--for', '10s'], /neither a built-in scenario/],
  ]
  for (const [what, argv, message] of cases) {
    it(`rejects ${what}`, () => {
      const { code, out, err } = run(argv)
      expect(code).toBe(2)
      expect(out).toEqual([])
      expect(err).toHaveLength(1)
      expect(err[0]).toMatch(/^error: /)
      expect(err[0]).not.toContain('\n')
      expect(err[0]).not.toMatch(/\bat .*:\d+:\d+/)
      expect(err[0]).toMatch(message)
    })
  }
})

describe('sim CLI: as a process', () => {
  it('runs `tsx src/cli/sim.ts hello-kafka --for 20s --json` and prints the JSON summary on stdout', { timeout: 60_000 }, () => {
    const root = resolve(import.meta.dirname, '../..')
    const stdout = execFileSync(join(root, 'node_modules/.bin/tsx'), ['src/cli/sim.ts', 'hello-kafka', '--for', '20s', '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 })
    const sum = JSON.parse(stdout)
    expect(sum).toMatchObject({ scenario: 'hello-kafka', simTimeMs: 20_000, counts: { produced: 10, consumed: 10, duplicates: 0 } })
    expect(sum.eventLogHash).toBe(JSON.parse(run(['hello-kafka', '--for', '20s', '--json']).out[0]!).eventLogHash)
  })

  it('runs `tsx src/cli/sim.ts --help`: the usage on stdout, nothing on stderr, exit code 0', { timeout: 60_000 }, () => {
    const root = resolve(import.meta.dirname, '../..')
    const done = spawnSync(join(root, 'node_modules/.bin/tsx'), ['src/cli/sim.ts', '--help'], { cwd: root, encoding: 'utf8', timeout: 60_000 })
    expect(done.status).toBe(0)
    expect(done.stdout).toBe(`${HELP}\n`)
    expect(done.stderr).toBe('')
  })
})
