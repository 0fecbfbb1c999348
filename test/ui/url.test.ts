/**
 * The page's address: the embedding parameters (?embed, ?controls, ?autoplay, ?origins) and shared
 * runs (?run=), each problem reported in words that name the parameter.
 */
import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createSimulation, parseScenario } from '../../src/engine'
import type { Command } from '../../src/engine'
import { builtInScenario, builtInScenarioIds } from '../../src/scenarios'
import { encodeRun, RUN_VERSION, runQuery, scenarioFile, toBase64Url } from '../../src/ui/share/run-link'
import type { RunPayload } from '../../src/ui/share/run-link'
import { createSimStore } from '../../src/store/sim-store'
import { readPageOptions, replayProblemText, startOptions } from '../../src/ui/url'
import { SimClient } from '../../src/worker/client'
import { inThreadTransport } from '../../src/worker/in-thread'
import type { LessonInput } from '../../src/worker/protocol'

const hello = builtInScenario('hello-kafka')!

describe('embedding parameters', () => {
  it('a plain address is the full app: not embedded, every control, playing, no command origins', () => {
    const o = readPageOptions('')
    expect(o).toMatchObject({ embed: false, controls: 'full', autoplay: true, origins: [], run: null, problems: [] })
  })

  it('?embed (with no value or 1) asks for the compact view; ?embed=0 does not', () => {
    expect(readPageOptions('?embed').embed).toBe(true)
    expect(readPageOptions('?embed=1').embed).toBe(true)
    expect(readPageOptions('?embed=0').embed).toBe(false)
    const odd = readPageOptions('?embed=yes-please')
    expect(odd.problems).toEqual(['The "embed" parameter takes no value (or 1 or 0), not "yes-please".'])
  })

  it('?controls takes none, basic or full, and names a wrong value', () => {
    expect(readPageOptions('?controls=none').controls).toBe('none')
    expect(readPageOptions('?controls=basic').controls).toBe('basic')
    const wrong = readPageOptions('?controls=some')
    expect(wrong.controls).toBe('full')
    expect(wrong.problems).toEqual(['The "controls" parameter must be none, basic or full, not "some".'])
  })

  it('?autoplay=0 starts paused', () => {
    expect(readPageOptions('?autoplay=0').autoplay).toBe(false)
    expect(readPageOptions('?autoplay=1').autoplay).toBe(true)
  })

  it('?origins lists origins as browsers write event.origin: lower case, default port and trailing slash dropped', () => {
    const o = readPageOptions(`?origins=${encodeURIComponent('https://Course.Example.com/, http://127.0.0.1:8080,https://course.example.com:443')}`)
    expect(o.origins).toEqual(['https://course.example.com', 'http://127.0.0.1:8080'])
    expect(o.problems).toEqual([])
  })

  it('?origins=* allows commands from any origin', () => {
    expect(readPageOptions('?origins=*').origins).toEqual(['*'])
  })

  it('an origin with a path, another scheme or no scheme is refused by name, and the others kept', () => {
    const o = readPageOptions(`?origins=${encodeURIComponent('https://ok.example,https://site.example/course,ftp://files.example,site.example')}`)
    expect(o.origins).toEqual(['https://ok.example'])
    expect(o.problems).toHaveLength(3)
    expect(o.problems[0]).toContain('"https://site.example/course"')
    expect(o.problems[1]).toContain('"ftp://files.example"')
    expect(o.problems[2]).toContain('"site.example"')
    expect(o.problems[0]).toContain('should look like https://example.com')
  })
})

describe('where the page starts', () => {
  it('without ?run, a lesson starts at the step asked for, and ?sandbox leaves its lesson out', async () => {
    const lesson = await startOptions(readPageOptions('?lesson=hello-kafka&step=2'))
    expect(lesson.start).toMatchObject({ commands: [], until: undefined, lessonStep: 1 })
    expect(lesson.start.scenario.id).toBe('hello-kafka')
    const sandbox = await startOptions(readPageOptions('?lesson=hello-kafka&sandbox'))
    expect(sandbox.start.lessonStep).toBeUndefined()
  })

  it('a step past the end of the lesson opens its last step, and says so', () => {
    const o = readPageOptions('?lesson=hello-kafka&step=99')
    expect(o.step).toBe(2)
    expect(o.problems).toEqual(['The lesson "Hello, Kafka" has 3 steps, so there is no step 99; it opens at step 3.'])
  })

  it('?run= opens the shared run: scenario, seed, commands at their times, and the time it was copied at', async () => {
    const commands = [{ at: 1200, command: { type: 'addConsumer', group: 'my-consumer-group' } as Command }]
    const query = await runQuery({ scenario: hello, seed: 7, simTime: 4000, commands, lessonStep: null })
    expect(query).toMatch(/^run=[A-Za-z0-9_-]+$/)
    const options = readPageOptions(`?${query}`)
    const { start, problems } = await startOptions(options)
    expect(problems).toEqual([])
    expect(start.scenario).toEqual(hello)
    expect(start).toMatchObject({ seed: 7, commands, until: 4000, lessonStep: undefined })
  })

  it('?run= wins over lesson, seed and step given beside it', async () => {
    const query = await runQuery({ scenario: hello, seed: 9, simTime: 10, commands: [{ at: 5, command: { type: 'addBroker' } }], lessonStep: null })
    const { start } = await startOptions(readPageOptions(`?lesson=two-groups&seed=1&step=2&${query}`))
    expect(start.scenario.id).toBe('hello-kafka')
    expect(start.seed).toBe(9)
    expect(start.lessonStep).toBeUndefined()
  })

  it('replaying the decoded run in the engine gives the same event log as the run it was copied from', async () => {
    const original = createSimulation(hello, { seed: 3 })
    original.runUntil(2500)
    original.dispatch({ type: 'addConsumer', group: 'my-consumer-group' })
    original.runUntil(6100)
    original.dispatch({ type: 'addPartitions', topic: 'user-activity', count: 2 })
    original.runUntil(9000)
    const query = await runQuery({ scenario: hello, seed: 3, simTime: original.now(), commands: original.commandLog, lessonStep: null })
    const { start } = await startOptions(readPageOptions(`?${query}`))
    const replay = createSimulation(start.scenario, { seed: start.seed })
    for (const { at, command } of start.commands) {
      replay.runUntil(at)
      replay.dispatch(command)
    }
    replay.runUntil(start.until ?? 0)
    expect(replay.now()).toBe(9000)
    expect(replay.eventLogHash()).toBe(original.eventLogHash())
  })

  async function problemFor(payload: unknown): Promise<string> {
    // Made with Node's zlib, not the app's own encoder: the format is plain deflate-raw + base64url.
    const run = toBase64Url(deflateRawSync(Buffer.from(JSON.stringify(payload))))
    const { start, problems } = await startOptions(readPageOptions(`?lesson=two-groups&run=${run}`))
    // The rest of the address is used instead.
    expect(start.scenario.id).toBe('two-groups')
    expect(problems).toHaveLength(1)
    return problems[0] as string
  }

  it('a damaged ?run= is reported in words and the rest of the address opens instead', async () => {
    const { problems, start } = await startOptions(readPageOptions('?run=not*a*link'))
    expect(start.scenario.id).toBe('hello-kafka')
    expect(problems[0]).toBe('The shared run in the "run" parameter could not be opened: it contains characters a link never has (it may have been cut or changed). "Hello, Kafka" opened instead.')
    const cut = (await encodeRun({ v: RUN_VERSION, id: 'hello-kafka', seed: 1 })).slice(0, 6)
    const truncated = await startOptions(readPageOptions(`?run=${cut}`))
    expect(truncated.problems[0]).toContain('cannot be decompressed')
  })

  it('a run naming an unknown scenario, a bad seed or an unknown command is refused, naming the field', async () => {
    expect(await problemFor({ v: 1, id: 'no-such-lesson', seed: 1 })).toContain('there is no built-in scenario called "no-such-lesson"')
    expect(await problemFor({ v: 1, id: 'hello-kafka', seed: -4 })).toContain('"seed" must be a whole number from 0 to 4294967295, got -4')
    expect(await problemFor({ v: 1, id: 'hello-kafka', seed: 1, c: [[10, { type: 'launchRocket' }]] })).toContain('c[0].type: unknown command "launchRocket"')
    expect(await problemFor({ v: 1, id: 'hello-kafka', seed: 1, c: [[50, { type: 'addBroker' }], [20, { type: 'addBroker' }]] })).toContain('c[1]: the commands must be in time order')
    expect(await problemFor({ v: 1, id: 'hello-kafka', seed: 1, c: [[50, { type: 'addBroker' }]], t: 10 })).toContain('"t" is 10 ms, before its last command (50 ms)')
    expect(await problemFor({ v: 3, id: 'hello-kafka', seed: 1 })).toContain('made by a newer version of kafka-sim')
    expect(await problemFor({ v: 0, id: 'hello-kafka', seed: 1 })).toContain('"v" must be 1 or 2')
    // Opening a link simulates up to its time: a hand-made one asking for years would freeze the page.
    expect(await problemFor({ v: 1, id: 'hello-kafka', seed: 1, t: 1e12 })).toContain('"t" (the time) must be a whole number of milliseconds up to 21600000 (6 hours), got 1000000000000')
    expect(await problemFor({ v: 1, id: 'hello-kafka', seed: 1, c: [[1e12, { type: 'addBroker' }]] })).toContain('c[0]: the time must be a whole number of milliseconds up to 21600000 (6 hours)')
  })

  it('a lesson session whose inputs are malformed is refused, naming the entry', async () => {
    const lesson = { v: 2, id: 'hello-kafka', seed: 42, step: 1 }
    expect(await problemFor({ ...lesson, l: [[10, 'skipAhead']] })).toContain('l[0]: unknown lesson control "skipAhead" (they are: next, showMe, restartStep)')
    expect(await problemFor({ ...lesson, l: [[10, 'next'], [20, { type: 'launchRocket' }]] })).toContain('l[1].type: unknown command "launchRocket"')
    expect(await problemFor({ ...lesson, l: [[-5, 'next']] })).toContain('l[0]: the time must be a whole number of milliseconds up to 21600000 (6 hours), got -5')
    expect(await problemFor({ ...lesson, l: [['next']] })).toContain('l[0] must be [time, command or lesson control]')
    expect(await problemFor({ ...lesson, l: 'next' })).toContain('"l" (the lesson inputs) must be a list')
    expect(await problemFor({ v: 2, id: 'hello-kafka', seed: 42, l: [[10, 'next']] })).toContain('it carries lesson inputs ("l") but no lesson step ("step")')
    expect(await problemFor({ ...lesson, c: [[10, { type: 'addBroker' }]] })).toContain('a lesson link carries the learner\'s inputs in "l", not commands in "c"')
    // "l" is new in version 2: a version 1 link never had it.
    expect(await problemFor({ ...lesson, v: 1, l: [[10, 'next']] })).toContain('it has fields this version does not know: l')
  })

  it('a lesson session that decodes but does not fit its lesson (changed by hand) opens the lesson at its step, and says what did not fit', async () => {
    // Well formed, but Next step at 1 s: Hello Kafka's first step cannot be done by then.
    const run = toBase64Url(deflateRawSync(Buffer.from(JSON.stringify({ v: 2, id: 'hello-kafka', seed: 42, step: 0, t: 3000, l: [[1000, 'next']] }))))
    const { start, problems } = await startOptions(readPageOptions(`?run=${run}`))
    expect(problems).toEqual([])
    const store = createSimStore()
    const client = new SimClient(inThreadTransport(), store, { request: () => 1, cancel: () => {} })
    const { problem } = await client.load(start.scenario, { playing: false, lessonStep: start.lessonStep!, lessonInputs: start.lessonInputs, until: start.until! })
    await Promise.resolve()
    expect(replayProblemText(start, problem!)).toBe(
      'The shared lesson session in the "run" parameter could not be replayed: l[0] (Next step at 1 s): step 1 was not done at that time, so Next step does nothing. "Hello, Kafka" opened at step 1 instead.',
    )
    // Nothing half-replayed: the lesson from its first step, at the start.
    expect(store.getState()).toMatchObject({ simTime: 0, lesson: { step: 0, completedSteps: [] } })
    client.close()
  })

  it('a run carrying an invalid scenario lists its problems by field path', async () => {
    const bad = { ...scenarioFile(hello), topics: [{ name: 'user-activity', partitions: 0 }] } as unknown as RunPayload['scenario']
    expect(await problemFor({ v: 1, scenario: bad, seed: 1 })).toContain('scenario.topics[0].partitions:')
  })
})

describe('links made by earlier versions still open', () => {
  /** A payload as an earlier version wrote it, compressed with Node's zlib. */
  const oldLink = (payload: unknown) => toBase64Url(deflateRawSync(Buffer.from(JSON.stringify(payload))))

  it('a version 1 sandbox run: scenario by id, seed, commands and time', async () => {
    const run = oldLink({ v: 1, id: 'hello-kafka', seed: 7, t: 4000, c: [[1200, { type: 'addConsumer', group: 'my-consumer-group' }]] })
    const { start, problems } = await startOptions(readPageOptions(`?run=${run}`))
    expect(problems).toEqual([])
    expect(start).toMatchObject({ seed: 7, commands: [{ at: 1200, command: { type: 'addConsumer', group: 'my-consumer-group' } }], until: 4000, lessonStep: undefined, lessonInputs: [] })
    expect(start.scenario).toEqual(hello)
  })

  it('a version 1 lesson of the learner\'s own at a step (the whole scenario, no inputs, no time)', async () => {
    const mine = { ...scenarioFile(hello), id: 'my-hello' }
    const { start, problems } = await startOptions(readPageOptions(`?run=${oldLink({ v: 1, scenario: mine, seed: 42, step: 2 })}`))
    expect(problems).toEqual([])
    expect(start).toMatchObject({ seed: 42, commands: [], until: undefined, lessonStep: 2, lessonInputs: [] })
    expect(start.scenario.id).toBe('my-hello')
    // Version 1 lesson links never carried a time.
    expect((await startOptions(readPageOptions(`?run=${oldLink({ v: 1, id: 'hello-kafka', seed: 42, step: 1, t: 500 })}`))).problems[0]).toContain('a version 1 lesson link starts at a step and carries no time')
  })

  it('?lesson=<id>&step=<n>&seed=<s> opens the lesson at that step, as before', async () => {
    const { start } = await startOptions(readPageOptions('?lesson=acks-and-durability&step=2&seed=99999'))
    expect(start).toMatchObject({ seed: 99999, lessonStep: 1, lessonInputs: [], commands: [], until: undefined })
    expect(start.scenario.id).toBe('acks-and-durability')
  })
})

describe('links that reproduce a run', () => {
  it('every built-in scenario, written out in the file format, reads back as the same scenario', () => {
    for (const id of builtInScenarioIds()) {
      const scenario = builtInScenario(id)!
      expect(parseScenario(JSON.parse(JSON.stringify(scenarioFile(scenario))))).toEqual(scenario)
    }
  })

  it('a built-in lesson followed from the start of a step is linked by its id alone, with the step from step 2', async () => {
    expect(await runQuery({ scenario: hello, seed: hello.seed, simTime: 5000, commands: [], lessonStep: 0 })).toBe('lesson=hello-kafka')
    expect(await runQuery({ scenario: hello, seed: hello.seed, simTime: 5000, commands: [{ at: 10, command: { type: 'addBroker' } }], lessonStep: 2 })).toBe('lesson=hello-kafka&step=3')
    expect(await runQuery({ scenario: hello, seed: 99, simTime: 0, commands: [], lessonStep: 1 })).toBe('lesson=hello-kafka&step=2&seed=99')
  })

  it('a lesson session with inputs is a ?run= naming the lesson by id: its first step, the inputs in the order given (times go back after a rewind), and the time', async () => {
    const inputs: LessonInput[] = [
      { at: 3000, command: { type: 'addConsumer', group: 'my-consumer-group' } },
      { at: 5000, action: 'restartStep' },
      { at: 1200, command: { type: 'addPartitions', topic: 'user-activity', count: 2 } },
      { at: 9000, action: 'next' },
    ]
    const query = await runQuery({ scenario: hello, seed: 5, simTime: 12_345, commands: [], lessonStep: 2, lesson: { startStep: 1, startTime: 1000, inputs } })
    expect(query).toMatch(/^run=[A-Za-z0-9_-]+$/)
    expect(query.length).toBeLessThan(250)
    const { start, problems } = await startOptions(readPageOptions(`?${query}`))
    expect(problems).toEqual([])
    expect(start.scenario).toEqual(hello)
    // The step the session started at, not the one it reached: the replay goes on from there.
    expect(start).toMatchObject({ seed: 5, lessonStep: 1, lessonInputs: inputs, commands: [], until: 12_345 })
  })

  it('a lesson session with no inputs but time passed carries the time; at the start of its step it is the short ?lesson= link', async () => {
    const later = await runQuery({ scenario: hello, seed: hello.seed, simTime: 8000, commands: [], lessonStep: 0, lesson: { startStep: 0, startTime: 0, inputs: [] } })
    expect(later).toMatch(/^run=/)
    expect((await startOptions(readPageOptions(`?${later}`))).start).toMatchObject({ lessonStep: 0, lessonInputs: [], until: 8000 })
    expect(await runQuery({ scenario: hello, seed: hello.seed, simTime: 6400, commands: [], lessonStep: 1, lesson: { startStep: 1, startTime: 6400, inputs: [] } })).toBe('lesson=hello-kafka&step=2')
  })

  it('a built-in scenario in the sandbox with nothing done yet is linked by its id', async () => {
    expect(await runQuery({ scenario: hello, seed: hello.seed, simTime: 3000, commands: [], lessonStep: null })).toBe('lesson=hello-kafka&sandbox')
  })

  it('a changed scenario travels whole, compressed: the link is much shorter than the JSON', async () => {
    const changed = { ...hello, id: 'my-hello', title: 'My hello' }
    const query = await runQuery({ scenario: changed, seed: 1, simTime: 0, commands: [], lessonStep: null })
    expect(query.startsWith('run=')).toBe(true)
    expect(query.length).toBeLessThan(JSON.stringify(changed).length / 2)
    const { start } = await startOptions(readPageOptions(`?${query}`))
    expect(start.scenario).toEqual(changed)
  })
})
