/**
 * The built-in lessons, headless, through the engine alone: each file is a valid scenario; each
 * step's "Show me" reaches its goals, step after step in one simulation; and no step is done before
 * the learner acts (except "watch" steps, whose goals come true by themselves).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createSimulation, GOAL_CHECK_NAMES, goalCheckDocs, parseScenario, ScenarioError } from '../../src/engine'
import type { Scenario, ScenarioIssue } from '../../src/engine'
import { builtInLessons, builtInScenario, builtInScenarioIds } from '../../src/scenarios'
import { eventsOf, sim as simOf } from './helpers'
import { formatStatuses, playStep } from './lesson-runner'

/** A generous limit: lessons use teaching timings, so every step is reached within a minute or so. */
const SOLVE_LIMIT_MS = 5 * 60_000
/** How long a step is left alone to show that doing nothing does not complete it. */
const IDLE_MS = 2 * 60_000
/**
 * Seeds that change what is random in a run: which broker leads which partition, member ids, the
 * random partitioner. A link may carry any seed (?seed=), so no lesson may depend on its own.
 */
const OTHER_SEEDS = [1, 2, 5, 11, 99_999, 123_456]

const LESSON_IDS = [
  'hello-kafka',
  'partitions-and-parallelism',
  'keys-and-ordering',
  'consumer-lag-and-scaling',
  'more-consumers-than-partitions',
  'two-groups',
  'eager-vs-cooperative',
  'broker-failure-and-replication',
  'acks-and-durability',
  'retention',
]

function lessonOf(id: string): Scenario & { lesson: NonNullable<Scenario['lesson']> } {
  const scenario = builtInScenario(id)
  if (!scenario?.lesson) throw new Error(`${id} has no lesson`)
  return scenario as Scenario & { lesson: NonNullable<Scenario['lesson']> }
}

describe('the built-in lessons', () => {
  it('are the ten lessons of the course, in order, the default lesson first', () => {
    expect(builtInLessons().map((l) => l.id)).toEqual(LESSON_IDS)
    expect(builtInScenarioIds()).toEqual(LESSON_IDS)
    for (const l of builtInLessons()) {
      expect(l.title.length).toBeGreaterThan(0)
      expect(l.description.length).toBeGreaterThan(20)
    }
  })

  it('keep Hello Kafka\'s cluster, topic, producer and consumer as the plain scenario had them', () => {
    const hello = lessonOf('hello-kafka')
    expect(hello.cluster).toEqual({ brokers: 1, networkLatencyMs: 300, config: {} })
    expect(hello.topics).toEqual([{ name: 'user-activity', partitions: 1, replicationFactor: 1, config: {} }])
    expect(hello.producers.map((p) => [p.id, p.rate, p.maxRecords, p.partitioner])).toEqual([['producer-1', 1, 10, 'random']])
    expect(hello.consumers.map((c) => [c.id, c.group, c.config['auto.offset.reset']])).toEqual([['consumer-1', 'my-consumer-group', 'earliest']])
  })
})

describe.each(LESSON_IDS)('lesson %s', (id) => {
  it('is accepted by parseScenario, with a title, a description, a cheat sheet and 2 to 4 steps', () => {
    const { lesson } = lessonOf(id)
    expect(lesson.title).not.toBe('')
    expect(lesson.description).not.toBe('')
    expect(lesson.cheatSheet).not.toBe('')
    expect(lesson.steps.length).toBeGreaterThanOrEqual(2)
    expect(lesson.steps.length).toBeLessThanOrEqual(4)
  })

  it('is written back by parseScenario in a form parseScenario reads to the same scenario (Export and shared links rely on it)', () => {
    const parsed = builtInScenario(id)!
    expect(parseScenario(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed)
  })

  it('writes every step as the checklist needs it: labelled goals, a one-sentence hint, plain text, a short "Show me"', () => {
    for (const step of lessonOf(id).lesson.steps) {
      for (const goal of step.goals) expect(goal.label, `${step.title}: goal ${goal.check}`).toMatch(/\S/)
      expect(step.hint.match(/[.!?](\s|$)/g), `${step.title}: hint`).toHaveLength(1)
      expect(step.text, `${step.title}: text`).not.toMatch(/<[a-z/!]/i)
      expect(step.solution.length, `${step.title}: solution`).toBeLessThanOrEqual(3)
      if (!step.watch) expect(step.solution.length, `${step.title}: solution`).toBeGreaterThan(0)
      if (step.prediction) expect(step.prediction.answer).toBeLessThan(step.prediction.options.length)
    }
  })

  it('reaches every step\'s goals with its "Show me", step after step in one simulation, and Kafka accepts every command', () => {
    const scenario = lessonOf(id)
    const sim = createSimulation(scenario)
    scenario.lesson.steps.forEach((step, i) => {
      const run = playStep(sim, step, { solution: true, limitMs: SOLVE_LIMIT_MS })
      expect(run.refused, `step ${i + 1} (${step.title}): refused commands`).toEqual([])
      expect(run.done, `step ${i + 1} (${step.title}) not done after ${SOLVE_LIMIT_MS / 1000} s:\n${formatStatuses(run.statuses)}`).toBe(true)
    })
  })

  it('reaches every step\'s goals with its "Show me" whatever the seed, so a solution never names a broker or member that only its own seed makes right', () => {
    const scenario = lessonOf(id)
    for (const seed of OTHER_SEEDS) {
      const sim = createSimulation(scenario, { seed })
      scenario.lesson.steps.forEach((step, i) => {
        const run = playStep(sim, step, { solution: true, limitMs: SOLVE_LIMIT_MS })
        expect(run.refused, `seed ${seed}, step ${i + 1} (${step.title}): refused commands`).toEqual([])
        expect(run.done, `seed ${seed}, step ${i + 1} (${step.title}) not done after ${SOLVE_LIMIT_MS / 1000} s:\n${formatStatuses(run.statuses)}`).toBe(true)
      })
    }
  })

  it('has no step that is done before the learner acts, except watch steps, which complete by themselves', () => {
    const sim = createSimulation(lessonOf(id))
    for (const [i, step] of lessonOf(id).lesson.steps.entries()) {
      const start = sim.snapshot()
      const idle = playStep(sim, step, { solution: false, limitMs: step.watch ? SOLVE_LIMIT_MS : IDLE_MS, runToLimit: !step.watch })
      if (step.watch) expect(idle.done, `watch step ${i + 1} (${step.title}) did not complete by itself:\n${formatStatuses(idle.statuses)}`).toBe(true)
      else expect(idle.done, `step ${i + 1} (${step.title}) was done without the learner doing anything:\n${formatStatuses(idle.statuses)}`).toBe(false)
      // Back to the step's start, then solve it to reach the next step's start.
      sim.restore(start)
      expect(playStep(sim, step, { solution: true, limitMs: SOLVE_LIMIT_MS }).done).toBe(true)
    }
  })
})

describe('More consumers than partitions, step 2: a crash before the group has committed anything', () => {
  it('still completes: the standby starts the orphaned partition where auto.offset.reset says, and the goal says so', () => {
    const scenario = lessonOf('more-consumers-than-partitions')
    const sim = createSimulation(scenario)
    const [add, crash] = scenario.lesson.steps
    // The reviewer's run: both consumers added at once, Next, and consumer-1 crashed at about 8.7 s.
    sim.runUntil(500)
    sim.dispatch({ type: 'addConsumer', group: 'my-consumer-group' })
    sim.dispatch({ type: 'addConsumer', group: 'my-consumer-group' })
    expect(playStep(sim, add!, { solution: false, limitMs: 60_000 }).done).toBe(true)
    sim.runUntil(8700)
    expect(sim.s.groups.find((g) => g.groupId === 'my-consumer-group')!.committed).toEqual({})
    // The learner presses Crash as the step starts.
    const run = playStep(sim, { ...crash!, setup: [{ after: 0, command: { type: 'crashConsumer', consumer: 'consumer-1' } }] }, { solution: false, limitMs: 60_000 })
    expect(run.done, formatStatuses(run.statuses)).toBe(true)
    expect(run.statuses[0]!.detail).toMatch(/^consumer-1 stopped; consumer-\d started user-activity-0 at offset 0: the group had not committed an offset for it yet, so auto\.offset\.reset=earliest applied$/)
  })
})

describe('a step the learner can no longer complete as things stand says how to get out', () => {
  const addConsumer = (after: number) => ({ after, command: { type: 'addConsumer' as const, group: 'my-consumer-group' } })

  it('Eager vs cooperative, step 1: a consumer added before the group consumes pauses nothing; the goal says to rebalance again while it consumes, and that works', () => {
    const scenario = lessonOf('eager-vs-cooperative')
    const step = scenario.lesson.steps[0]!
    const stuck = playStep(createSimulation(scenario), { ...step, setup: [addConsumer(0)] }, { solution: false, limitMs: 30_000, runToLimit: true })
    expect(stuck.done).toBe(false)
    expect(stuck.statuses[0]!.detail).toMatch(/; 0 of 6 partitions paused, for 0\.0 s in total; .*: rebalance the group again while it consumes, for example by adding a consumer, or press Restart step$/)
    const recovered = playStep(createSimulation(scenario), { ...step, setup: [addConsumer(0), addConsumer(30_000)] }, { solution: false, limitMs: 60_000 })
    expect(recovered.done, formatStatuses(recovered.statuses)).toBe(true)
  })

  it('Two groups, step 2: records produced before the latecomer has its partition are not for it; the goal says to produce more, and that works', () => {
    const scenario = lessonOf('two-groups')
    const [first, second] = scenario.lesson.steps
    const alerts = { after: 0, command: { type: 'addConsumer' as const, group: 'alerts', topics: ['user-activity'] } }
    const produce = (after: number) => ({ after, command: { type: 'produce' as const, producer: 'producer-1', count: 10 } })
    const sim = createSimulation(scenario)
    expect(playStep(sim, first!, { solution: true, limitMs: SOLVE_LIMIT_MS }).done).toBe(true)
    const start = sim.snapshot()
    const stuck = playStep(sim, { ...second!, setup: [alerts, produce(100)] }, { solution: false, limitMs: 30_000, runToLimit: true })
    expect(stuck.done).toBe(false)
    expect(stuck.statuses[0]!.detail).toMatch(/^consumer-\d \(alerts\) read to the end and printed 0 records: produce more records for it to read$/)
    sim.restore(start)
    const recovered = playStep(sim, { ...second!, setup: [alerts, produce(100), produce(30_000)] }, { solution: false, limitMs: 60_000 })
    expect(recovered.done, formatStatuses(recovered.statuses)).toBe(true)
  })
})

describe('naming a broker by what it does, for lesson scripts (which broker leads depends on the seed)', () => {
  const cluster = (seed: number) =>
    simOf(
      {
        cluster: { brokers: 3, networkLatencyMs: 1, config: { 'broker.session.timeout.ms': 3000 } },
        topics: [{ name: 'user-activity', partitions: 1, replicationFactor: 3 }],
      },
      seed,
    )

  it.each([1, 2, 5, 99_999])('killBroker with leaderOf kills the broker leading that partition when the command runs (seed %i)', (seed) => {
    const s = cluster(seed)
    s.runUntil(1000)
    const leader = s.partition('user-activity', 0)!.leader
    expect(s.dispatch({ type: 'killBroker', leaderOf: { topic: 'user-activity', partition: 0 } })).toEqual({ ok: true })
    expect(eventsOf(s, 'brokerKilled').map((e) => e.broker)).toEqual([leader])
    // After the failover, the same command means the new leader.
    s.runUntil(6000)
    const next = s.partition('user-activity', 0)!.leader
    expect(next).not.toBe(leader)
    s.dispatch({ type: 'killBroker', leaderOf: { topic: 'user-activity', partition: 0 } })
    expect(eventsOf(s, 'brokerKilled').map((e) => e.broker)).toEqual([leader, next])
  })

  it('restartBroker with allDown restarts every broker that is down, and is refused when none is', () => {
    const s = cluster(1)
    s.runUntil(1000)
    s.dispatch({ type: 'killBroker', broker: 1 })
    s.dispatch({ type: 'killBroker', broker: 3 })
    expect(s.dispatch({ type: 'restartBroker', allDown: true })).toEqual({ ok: true })
    expect(eventsOf(s, 'brokerRestarted').map((e) => e.broker)).toEqual([1, 3])
    expect(s.s.brokers.every((b) => b.alive)).toBe(true)
    expect(s.dispatch({ type: 'restartBroker', allDown: true })).toEqual({ ok: false, error: 'INVALID_REQUEST', message: 'No broker is down.' })
  })

  it('refuses a command that names no broker, names it twice, or names a partition that does not exist', () => {
    const s = cluster(1)
    s.runUntil(1000)
    const takesEither = { ok: false, error: 'INVALID_COMMAND', message: 'killBroker takes either broker (an id) or leaderOf: { topic, partition }.' }
    expect(s.dispatch({ type: 'killBroker' })).toEqual(takesEither)
    expect(s.dispatch({ type: 'killBroker', broker: 1, leaderOf: { topic: 'user-activity', partition: 0 } })).toEqual(takesEither)
    expect(s.dispatch({ type: 'killBroker', leaderOf: { topic: 'user-activity', partition: 4 } })).toEqual({ ok: false, error: 'UNKNOWN_TOPIC_OR_PARTITION', message: 'There is no partition user-activity-4.' })
    expect(s.dispatch({ type: 'restartBroker' })).toEqual({ ok: false, error: 'INVALID_COMMAND', message: 'restartBroker takes either broker (an id) or allDown: true.' })
    expect(s.s.brokers.every((b) => b.alive)).toBe(true)
  })

  it('parseScenario accepts both forms in a timeline or a lesson script', () => {
    expect(issuesOf(lessonFile({ solution: [{ after: 0, command: { type: 'killBroker', leaderOf: { topic: 'user-activity', partition: 0 } } }] }))).toEqual([])
    expect(issuesOf(lessonFile({ setup: [{ after: 0, command: { type: 'restartBroker', allDown: true } }] }))).toEqual([])
  })
})

/** A valid lesson scenario to break in one place at a time. */
function lessonFile(step: Record<string, unknown> = {}, lesson: Record<string, unknown> = {}) {
  return {
    format: 'kafka-sim/scenario',
    version: 1,
    id: 'broken',
    topics: [{ name: 'user-activity', partitions: 1 }],
    consumers: [{ id: 'consumer-1', group: 'g', topics: ['user-activity'] }],
    lesson: {
      cheatSheet: 'One line.',
      steps: [
        {
          title: 'A step',
          text: 'Do it.',
          goals: [{ check: 'groupMembers', group: 'g', min: 2, label: 'Two members' }],
          hint: 'Add one.',
          solution: [{ after: 0, command: { type: 'addConsumer', group: 'g' } }],
          ...step,
        },
      ],
      ...lesson,
    },
  }
}

function issuesOf(input: unknown): ScenarioIssue[] {
  try {
    parseScenario(input)
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues
    throw e
  }
  return []
}

describe('parseScenario and the lesson section', () => {
  it('accepts a lesson and fills in its defaults', () => {
    const { lesson, title } = parseScenario(lessonFile())
    expect(lesson).toEqual({
      title,
      description: '',
      cheatSheet: 'One line.',
      steps: [
        {
          title: 'A step',
          text: 'Do it.',
          watch: false,
          setup: [],
          goals: [{ check: 'groupMembers', group: 'g', min: 2, label: 'Two members' }],
          hint: 'Add one.',
          solution: [{ after: 0, command: { type: 'addConsumer', group: 'g' } }],
          lock: [],
          lockReason: '',
          prediction: null,
        },
      ],
    })
    expect(parseScenario({ ...lessonFile(), lesson: undefined }).lesson).toBeUndefined()
  })

  it('rejects an unknown check, with the path of the goal', () => {
    expect(issuesOf(lessonFile({ goals: [{ check: 'groupSize', group: 'g', min: 2 }] }))).toEqual([
      { path: 'lesson.steps[0].goals[0].check', message: expect.stringMatching(/^unknown check "groupSize"; known checks: topicRecords, /) },
    ])
  })

  it('rejects a goal with missing or mistyped parameters, naming each field', () => {
    expect(issuesOf(lessonFile({ goals: [{ check: 'takeover' }, { check: 'groupLag', group: 'g', maxPerPartition: -1 }, { check: 'groupMembers', group: 'g' }] }))).toEqual([
      { path: 'lesson.steps[0].goals[0].group', message: 'is required by takeover' },
      { path: 'lesson.steps[0].goals[1].maxPerPartition', message: 'must be a whole number >= 0, got -1' },
      { path: 'lesson.steps[0].goals[2]', message: 'groupMembers needs at least one of min, max' },
    ])
  })

  it('rejects a goal naming a topic that neither the scenario has nor a command creates', () => {
    expect(issuesOf(lessonFile({ goals: [{ check: 'topicPartitions', topic: 'orders', min: 1 }] }))).toEqual([
      { path: 'lesson.steps[0].goals[0].topic', message: 'names topic "orders", which is neither in topics nor created by a command' },
    ])
    expect(
      issuesOf(lessonFile({ goals: [{ check: 'topicPartitions', topic: 'orders', min: 1 }], solution: [{ after: 0, command: { type: 'createTopic', name: 'orders', partitions: 1 } }] })),
    ).toEqual([])
  })

  it('rejects a bad command in a solution or a setup, with its path', () => {
    expect(
      issuesOf(
        lessonFile({
          solution: [{ after: 0, command: { type: 'addConsumers', group: 'g' } }, { after: -5, command: { type: 'killBroker', brokr: 1 } }],
          setup: [{ command: { type: 'crashConsumer', consumer: 'consumer-1', when: 3 } }],
        }),
      ),
    ).toEqual([
      { path: 'lesson.steps[0].solution[0].command.type', message: 'unknown command "addConsumers" (did you mean "addConsumer"?)' },
      { path: 'lesson.steps[0].solution[1].after', message: 'must be at least 0, got -5' },
      { path: 'lesson.steps[0].solution[1].command.brokr', message: 'unknown field (did you mean "broker"?)' },
      { path: 'lesson.steps[0].setup[0].command.when', message: 'unknown field' },
    ])
  })

  it('requires a "Show me" on every step but a watch step, and a reason for every lock', () => {
    expect(issuesOf(lessonFile({ solution: [] }))).toEqual([
      { path: 'lesson.steps[0].solution', message: 'must list at least one command (only a "watch": true step may have none)' },
    ])
    expect(issuesOf(lessonFile({ solution: [], watch: true }))).toEqual([])
    expect(issuesOf(lessonFile({ lock: ['addPartition'] }))).toEqual([
      { path: 'lesson.steps[0].lock[0]', message: expect.stringMatching(/^must be one of "createTopic", "addPartitions", .*, got "addPartition"$/) },
      { path: 'lesson.steps[0].lockReason', message: 'is required when lock is given: tell the learner why' },
    ])
  })

  it('checks the step texts, the prediction and the lesson fields', () => {
    const issues = issuesOf(
      lessonFile({ hint: '', prediction: { question: 'Which?', options: ['only one'], answer: 3, explanation: 'Because.' }, colour: 'red' }, { cheatSheet: undefined }),
    )
    expect(issues).toEqual([
      { path: 'lesson.cheatSheet', message: 'must be text, got undefined' },
      { path: 'lesson.steps[0].colour', message: 'unknown field' },
      { path: 'lesson.steps[0].hint', message: 'must not be empty' },
      { path: 'lesson.steps[0].prediction.options', message: 'must list 2 to 6 options, got 1' },
      { path: 'lesson.steps[0].prediction.answer', message: 'is 3 but there are only 1 options (the first is 0)' },
    ])
    expect(issuesOf(lessonFile({}, { steps: [] }))).toEqual([{ path: 'lesson.steps', message: 'must list 1 to 20 steps, got 0' }])
  })
})

describe('docs/scenario-format.md', () => {
  const doc = readFileSync(new URL('../../docs/scenario-format.md', import.meta.url), 'utf8')

  it('documents every goal check and every parameter it takes', () => {
    const docs = goalCheckDocs()
    for (const name of GOAL_CHECK_NAMES) {
      const section = doc.split(/^### /m).find((s) => s.startsWith(`\`${name}\``))
      expect(section, `no "### \`${name}\`" section`).toBeDefined()
      for (const param of Object.keys(docs[name].params)) expect(section, `${name}.${param}`).toContain(`\`${param}\``)
    }
  })

  it('documents every field of a lesson step', () => {
    for (const field of ['title', 'text', 'watch', 'setup', 'goals', 'hint', 'solution', 'lock', 'lockReason', 'prediction', 'cheatSheet', 'after']) expect(doc).toContain(`\`${field}\``)
  })
})
