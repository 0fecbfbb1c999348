/**
 * Lesson mode in the worker: a SimHost running a built-in lesson, driven by hand with frame
 * requests (as the client sends one per animation frame), so simulated time moves exactly as far as
 * each test says. The engine tests (test/engine/lessons.test.ts) prove each "Show me" reaches its
 * goals through the engine alone; these check what the host adds: live goals in every frame, Next,
 * Show me and Restart step, jumping to a step (?step=), locks, the sandbox, scripted commands
 * firing at their simulated times whatever the frame rate, and a lesson session recorded, put in a
 * link and replayed.
 */
import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../src/engine'
import type { Command, CommandResult, RecordedCommand, Scenario, SimEvent, Simulation } from '../../src/engine'
import { builtInScenario } from '../../src/scenarios'
import { createSimStore } from '../../src/store/sim-store'
import { SimClient } from '../../src/worker/client'
import { inThreadTransport } from '../../src/worker/in-thread'
import type { FrameScheduler } from '../../src/worker/client'
import type { Frame, LessonFrame, LessonInput, LessonSession, SessionInfo, ToWorker } from '../../src/worker/protocol'
import { decodeRun, runQuery } from '../../src/ui/share/run-link'
import { readPageOptions, startOptions } from '../../src/ui/url'
import { SimHost } from '../../src/worker/sim-host'

function lessonScenario(id: string): Scenario {
  const scenario = builtInScenario(id)
  if (!scenario?.lesson) throw new Error(`${id} has no lesson`)
  return scenario
}

/**
 * A SimHost with the frames and command results it posts. `play(ms)` asks for frames the way the
 * client does, `frameMs` of wall time apart, until the simulation has moved `ms` further.
 */
class Driver {
  readonly frames: Frame[] = []
  readonly results = new Map<number, CommandResult>()
  readonly sessions = new Map<number, SessionInfo>()
  /** What the load could not replay (`loaded.problem`), if anything. */
  loadProblem: string | null = null
  readonly host: SimHost
  private wall = 0
  private nextId = 1

  constructor(
    scenario: Scenario,
    load: { lessonStep?: number; playing?: boolean; seed?: number; commands?: RecordedCommand[]; lessonInputs?: LessonInput[]; until?: number } = {},
    private readonly frameMs = 100,
  ) {
    this.host = new SimHost((m) => {
      if (m.type === 'frame') this.frames.push(m.frame)
      else if (m.type === 'commandResult') this.results.set(m.id, m.result)
      else if (m.type === 'session') this.sessions.set(m.id, m.session)
      else if (m.type === 'loaded') this.loadProblem = m.problem ?? null
      else if (m.type === 'error') throw new Error(m.message)
    })
    this.host.handle({ type: 'load', scenario, playing: load.playing ?? true, ...load })
    this.send({ type: 'frame', wallMs: this.wall })
  }

  send(msg: ToWorker): void {
    this.host.handle(msg)
  }

  get sim(): Simulation {
    return this.host.simulation as Simulation
  }

  get frame(): Frame {
    return this.frames.at(-1) as Frame
  }

  /** The lesson part of the newest frame (throws outside a lesson). */
  get lesson(): LessonFrame {
    const lesson = this.frame.lesson
    if (!lesson) throw new Error('no lesson in the last frame')
    return lesson
  }

  /** Plays `ms` of simulated time at speed 1, one frame request every `frameMs` of wall time. */
  play(ms: number): void {
    const target = this.sim.now() + ms
    while (this.sim.now() < target) {
      this.wall += Math.min(this.frameMs, target - this.sim.now())
      this.send({ type: 'frame', wallMs: this.wall })
    }
  }

  /** Plays until `ok` holds for the newest lesson frame; fails after `limitMs` of simulated time. */
  playUntil(ok: (l: LessonFrame) => boolean, limitMs = 5 * 60_000): number {
    const start = this.sim.now()
    while (!ok(this.lesson)) {
      if (this.sim.now() - start > limitMs) throw new Error(`not reached after ${limitMs} ms: ${JSON.stringify(this.lesson.statuses)}`)
      this.play(this.frameMs)
    }
    return this.sim.now() - start
  }

  command(command: Command): CommandResult {
    const id = this.nextId++
    this.send({ type: 'command', id, command })
    return this.results.get(id) as CommandResult
  }

  action(action: 'next' | 'showMe' | 'restartStep' | 'sandbox'): void {
    this.send({ type: 'lesson', action })
  }

  /** What Copy link asks the host for. */
  session(): SessionInfo {
    const id = this.nextId++
    this.send({ type: 'session', id })
    return this.sessions.get(id) as SessionInfo
  }

  events(type: SimEvent['type']): SimEvent[] {
    return this.sim.eventsSince(0).events.filter((e) => e.type === type)
  }
}

const HELLO = lessonScenario('hello-kafka')

describe('goals in every frame', () => {
  it('a lesson frame names the lesson and step and lists the step\'s goals with their labels, none met at the start', () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    expect(d.lesson).toMatchObject({ lessonId: 'hello-kafka', step: 0, stepCount: 3, complete: false, completedSteps: [], lessonComplete: false, demo: false, locked: [] })
    expect(d.lesson.statuses.map((s) => [s.label, s.ok])).toEqual([
      ['user-activity stores all 10 click events', false],
      ['my-consumer-group has read each of them once', false],
    ])
  })

  it('the goal status is live: its detail follows the simulation and it ticks when the state holds', () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    d.play(3500)
    const early = d.lesson.statuses[0]
    expect(early).toMatchObject({ ok: false, detail: expect.stringMatching(/^user-activity stores [1-4] records?$/) })
    const took = d.playUntil((l) => l.statuses[0]?.ok === true)
    expect(d.lesson.statuses[0]?.detail).toBe('user-activity stores 10 records')
    // One record a second from t=0: the tenth is stored a little after 9 s, not before.
    expect(3500 + took).toBeGreaterThan(9000)
    d.playUntil((l) => l.complete)
    expect(d.lesson.statuses.every((s) => s.ok)).toBe(true)
    expect(d.lesson.completedSteps).toEqual([0])
  })

  it('a step, once done, stays done even when a goal stops holding afterwards', () => {
    const scenario = lessonScenario('more-consumers-than-partitions')
    const d = new Driver(scenario, { lessonStep: 0 })
    d.command({ type: 'addConsumer', group: 'my-consumer-group' })
    d.command({ type: 'addConsumer', group: 'my-consumer-group' })
    d.playUntil((l) => l.complete)
    d.command({ type: 'addConsumer', group: 'my-consumer-group' })
    d.playUntil((l) => l.statuses[0]?.ok === false, 60_000)
    expect(d.lesson.complete).toBe(true)
    expect(d.lesson.completedSteps).toEqual([0])
  })

  it('outside a lesson (no lessonStep: the sandbox) frames carry no lesson', () => {
    const d = new Driver(HELLO)
    expect(d.frame.lesson).toBeNull()
    expect(d.command({ type: 'addPartitions', topic: 'user-activity', count: 3 })).toEqual({ ok: true })
  })
})

describe('Next step', () => {
  it('does nothing while the step\'s goals do not hold', () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    d.play(2000)
    d.action('next')
    expect(d.lesson.step).toBe(0)
    expect(d.lesson.complete).toBe(false)
  })

  it('once the goals hold, starts the next step with its own goals, none met', () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    d.playUntil((l) => l.complete)
    d.action('next')
    expect(d.lesson).toMatchObject({ step: 1, complete: false, completedSteps: [0], lessonComplete: false })
    expect(d.lesson.statuses.map((s) => s.label)).toEqual(HELLO.lesson?.steps[1]?.goals.map((g) => g.label))
    expect(d.lesson.statuses[0]?.ok).toBe(false)
  })

  it('does nothing on the last step, and the lesson is complete when every step is', () => {
    const d = new Driver(HELLO, { lessonStep: 2 })
    d.action('showMe')
    d.playUntil((l) => l.complete)
    expect(d.lesson).toMatchObject({ step: 2, completedSteps: [0, 1, 2], lessonComplete: true })
    d.action('next')
    expect(d.lesson.step).toBe(2)
  })
})

describe('Show me', () => {
  it('goes back to where the step began, drops what the learner did in it, and plays the solution until the goals hold', () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    d.playUntil((l) => l.complete)
    d.action('next')
    const stepStart = d.sim.now()
    const commandsAtStart = d.host.commands().length
    d.play(3000)
    // The learner tries something else first.
    expect(d.command({ type: 'addConsumer', group: 'my-consumer-group' })).toEqual({ ok: true })
    d.play(2000)
    d.action('showMe')
    expect(d.frame.simTime).toBe(stepStart)
    expect(d.frame.rewoundTo).toBe(d.sim.s.eventCount)
    expect(d.lesson).toMatchObject({ step: 1, demo: true, complete: false })
    const took = d.playUntil((l) => l.complete)
    expect(d.lesson.demo).toBe(false)
    expect(d.lesson.statuses.every((s) => s.ok)).toBe(true)
    // The learner's addConsumer is gone; the solution's commands took its place, at their times.
    const since = d.host.commands().slice(commandsAtStart)
    expect(since.map((c) => [c.at - stepStart, c.command.type])).toEqual([
      [0, 'closeConsumer'],
      [1000, 'restartConsumer'],
    ])
    expect(took).toBeLessThan(60_000)
  })

  it('plays when the simulation was paused, so the learner sees the solution', () => {
    const d = new Driver(HELLO, { lessonStep: 1, playing: false })
    expect(d.frame.playing).toBe(false)
    d.action('showMe')
    expect(d.frame.playing).toBe(true)
    d.playUntil((l) => l.complete)
  })

  it('the rewound frame carries the whole view again (the picture starts over from the step\'s start)', () => {
    const d = new Driver(HELLO, { lessonStep: 1 })
    d.play(3000)
    d.action('showMe')
    expect(d.frame.view?.kind).toBe('full')
  })
})

describe('Restart step', () => {
  it('goes back to where the step began, without a solution: nothing the learner did is kept and the goals are unmet again', () => {
    const d = new Driver(lessonScenario('more-consumers-than-partitions'), { lessonStep: 0 })
    const stepStart = d.sim.now()
    d.command({ type: 'addConsumer', group: 'my-consumer-group' })
    d.play(20_000)
    expect(d.lesson.statuses[0]?.detail).toMatch(/has 4 members/)
    d.action('restartStep')
    expect(d.frame.simTime).toBe(stepStart)
    expect(d.frame.rewoundTo).not.toBeNull()
    expect(d.lesson).toMatchObject({ step: 0, demo: false, complete: false })
    expect(d.host.commands()).toEqual([])
    d.play(30_000)
    expect(d.lesson.statuses[0]?.detail).toMatch(/has 3 members/)
    expect(d.lesson.complete).toBe(false)
  })

  it('runs the step\'s setup again', () => {
    // acks and durability, step 2: the crashed broker 1 restarts as the step begins.
    const d = new Driver(lessonScenario('acks-and-durability'), { lessonStep: 1 })
    expect(d.events('brokerRestarted')).toHaveLength(1)
    d.play(5000)
    d.action('restartStep')
    expect(d.events('brokerRestarted')).toHaveLength(1)
    expect(d.events('brokerRestarted')[0]?.t).toBe(d.sim.now())
  })
})

describe('starting at a later step (load with lessonStep, the ?step= URL)', () => {
  it('plays the earlier steps through, so the step meets the state it was written for', () => {
    const d = new Driver(HELLO, { lessonStep: 2 })
    expect(d.lesson).toMatchObject({ step: 2, completedSteps: [0, 1], complete: false, lessonComplete: false })
    expect(d.sim.partition('user-activity', 0)?.highWatermark).toBe(10)
    // Step 2's solution ran: consumer-1 was closed and restarted, and resumed from offset 10.
    expect(d.events('positionSet').filter((e) => e.type === 'positionSet' && e.from === 'committed' && e.offset === 10).length).toBeGreaterThan(0)
    expect(d.lesson.statuses[0]?.ok).toBe(false)
  })

  it('starts Partitions and parallelism\'s second step with one partition and an idle member, and its third with three partitions', () => {
    const second = new Driver(lessonScenario('partitions-and-parallelism'), { lessonStep: 1 })
    expect(second.sim.topic('user-activity')?.partitions).toHaveLength(1)
    expect(second.lesson.completedSteps).toEqual([0])
    const third = new Driver(lessonScenario('partitions-and-parallelism'), { lessonStep: 2 })
    expect(third.sim.topic('user-activity')?.partitions).toHaveLength(3)
    expect(third.lesson.completedSteps).toEqual([0, 1])
  })

  it('the played-through steps are not a "Show me" demo, and Restart step returns to the jumped-to step\'s start', () => {
    const d = new Driver(HELLO, { lessonStep: 1 })
    const stepStart = d.sim.now()
    expect(d.lesson.demo).toBe(false)
    d.play(4000)
    d.action('restartStep')
    expect(d.lesson.step).toBe(1)
    expect(d.frame.simTime).toBe(stepStart)
  })

  it('a step whose solution never reaches its goals is played through but not counted as done', () => {
    const stuck = parseScenario({
      format: 'kafka-sim/scenario',
      version: 1,
      id: 'stuck',
      topics: [{ name: 't', partitions: 1 }],
      consumers: [{ id: 'c1', group: 'g', topics: ['t'] }],
      lesson: {
        cheatSheet: 'x',
        steps: [
          { title: 'Impossible', text: 'x', goals: [{ check: 'groupMembers', group: 'g', min: 9, label: 'nine' }], hint: 'x', solution: [{ after: 0, command: { type: 'addConsumer', group: 'g' } }] },
          { title: 'Then', text: 'x', goals: [{ check: 'groupMembers', group: 'g', min: 3, label: 'three' }], hint: 'x', solution: [{ after: 0, command: { type: 'addConsumer', group: 'g' } }] },
        ],
      },
    })
    const d = new Driver(stuck, { lessonStep: 1 })
    expect(d.lesson.step).toBe(1)
    expect(d.lesson.completedSteps).toEqual([])
    expect(d.sim.eventsSince(0).events.filter((e) => e.type === 'consumerStarted')).toHaveLength(2)
    d.action('showMe')
    d.playUntil((l) => l.complete)
    expect(d.lesson).toMatchObject({ completedSteps: [1], lessonComplete: false })
  })

  it('a step number past the end starts the last step', () => {
    const d = new Driver(HELLO, { lessonStep: 99 })
    expect(d.lesson.step).toBe(2)
  })

  it('Reset starts the lesson again at its first step, from time zero', () => {
    const d = new Driver(HELLO, { lessonStep: 2 })
    d.send({ type: 'reset' })
    expect(d.frame.simTime).toBe(0)
    expect(d.lesson).toMatchObject({ step: 0, completedSteps: [] })
  })
})

describe('locks', () => {
  const MORE = lessonScenario('more-consumers-than-partitions')

  it('a locked command is refused with LOCKED_BY_LESSON and the lesson\'s reason in words, and is not applied', () => {
    const d = new Driver(MORE, { lessonStep: 0 })
    expect(d.lesson.locked).toEqual(['addPartitions'])
    const result = d.command({ type: 'addPartitions', topic: 'user-activity', count: 6 })
    expect(result).toMatchObject({ ok: false, error: 'LOCKED_BY_LESSON' })
    const message = (result as { message: string }).message
    // Says what was refused and why, in words, not only a code.
    expect(message).toMatch(/partition/i)
    expect(message).toContain('user-activity keeps its 3 partitions')
    expect(message).not.toMatch(/LOCKED_BY_LESSON|addPartitions/)
    // ...and how to get every control back.
    expect(message).toMatch(/sandbox/i)
    d.play(5000)
    expect(d.sim.topic('user-activity')?.partitions).toHaveLength(3)
    expect(d.host.commands()).toEqual([])
  })

  it('commands the step does not lock are applied as usual', () => {
    const d = new Driver(MORE, { lessonStep: 0 })
    expect(d.command({ type: 'addConsumer', group: 'my-consumer-group' })).toEqual({ ok: true })
    expect(d.host.commands().map((c) => c.command.type)).toEqual(['addConsumer'])
  })

  it('a lesson that locks nothing lets every command through', () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    expect(d.command({ type: 'addPartitions', topic: 'user-activity', count: 2 })).toEqual({ ok: true })
  })

  it('the client shows the refusal as the lesson\'s, not as Kafka\'s', async () => {
    const store = createSimStore()
    const scheduler: FrameScheduler = { request: () => 1, cancel: () => {} }
    const client = new SimClient(inThreadTransport(), store, scheduler)
    client.load(MORE, { lessonStep: 0 })
    const result = await client.command({ type: 'addPartitions', topic: 'user-activity', count: 4 }, 'addPartitions:user-activity')
    expect(result.ok).toBe(false)
    const notice = store.getState().notice
    expect(notice?.source).toBe('addPartitions:user-activity')
    expect(notice?.text).toContain('user-activity keeps its 3 partitions')
    // Kafka would have accepted it: the notice must not read as a refusal from Kafka.
    expect(notice?.kind).not.toBe('refused')
    client.close()
  })
})

describe('Open in sandbox', () => {
  it('leaves the lesson but keeps the simulation where it is: same time, same history, still running', () => {
    const d = new Driver(lessonScenario('more-consumers-than-partitions'), { lessonStep: 0 })
    d.command({ type: 'addConsumer', group: 'my-consumer-group' })
    d.play(15_000)
    const { simTime, eventLogHash } = d.frame
    const commands = d.host.commands()
    d.action('sandbox')
    expect(d.frame.lesson).toBeNull()
    expect(d.frame.simTime).toBe(simTime)
    expect(d.frame.eventLogHash).toBe(eventLogHash)
    expect(d.frame.rewoundTo).toBeNull()
    expect(d.host.commands()).toEqual(commands)
    d.play(1000)
    expect(d.frame.simTime).toBe(simTime + 1000)
  })

  it('unlocks every command', () => {
    const d = new Driver(lessonScenario('more-consumers-than-partitions'), { lessonStep: 0 })
    expect(d.command({ type: 'addPartitions', topic: 'user-activity', count: 4 }).ok).toBe(false)
    d.action('sandbox')
    expect(d.command({ type: 'addPartitions', topic: 'user-activity', count: 4 })).toEqual({ ok: true })
    d.play(500)
    expect(d.sim.topic('user-activity')?.partitions).toHaveLength(4)
  })

  it('stays in the sandbox on Reset', () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    d.action('sandbox')
    d.send({ type: 'reset' })
    expect(d.frame.simTime).toBe(0)
    expect(d.frame.lesson).toBeNull()
  })
})

/** A small lesson with a scenario timeline and a step setup, both scripted at set times. */
const SCRIPTED = parseScenario({
  format: 'kafka-sim/scenario',
  version: 1,
  id: 'scripted-demo',
  cluster: { brokers: 3 },
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
  producers: [{ id: 'producer-1', topic: 'orders', rate: 5 }],
  consumers: [{ id: 'consumer-1', group: 'billing', topics: ['orders'], config: { 'auto.offset.reset': 'earliest' } }],
  // As in a classroom demo: at 10 s add a consumer, at 30 s kill broker 2.
  timeline: [
    { at: 10_000, command: { type: 'addConsumer', group: 'billing' } },
    { at: 30_000, command: { type: 'killBroker', broker: 2 } },
  ],
  lesson: {
    cheatSheet: 'Scripted.',
    steps: [
      {
        title: 'Watch',
        text: 'Watch.',
        watch: true,
        setup: [
          { after: 2_500, command: { type: 'addConsumer', group: 'audit', topics: ['orders'] } },
          { after: 7_250, command: { type: 'addConsumer', group: 'billing' } },
        ],
        goals: [{ check: 'groupMembers', group: 'billing', min: 2, label: 'billing has two members' }],
        hint: 'Watch.',
        solution: [],
      },
      {
        title: 'Scale',
        text: 'Add a consumer.',
        // The timeline's consumer at 10 s makes three: the learner adds the fourth.
        goals: [{ check: 'groupMembers', group: 'billing', min: 4, label: 'billing has four members' }],
        hint: 'Add one.',
        solution: [{ after: 1_500, command: { type: 'addConsumer', group: 'billing' } }],
      },
    ],
  },
})

/** When each scripted command took effect, from the events it caused. */
function scriptedTimes(d: Driver): Record<string, number[]> {
  const all = d.sim.eventsSince(0).events
  return {
    auditStarted: all.filter((e) => e.type === 'consumerStarted' && e.group === 'audit').map((e) => e.t),
    billingStarted: all.filter((e) => e.type === 'consumerStarted' && e.group === 'billing' && e.consumer !== 'consumer-1').map((e) => e.t),
    broker2Killed: all.filter((e) => e.type === 'brokerKilled' && e.broker === 2).map((e) => e.t),
  }
}

describe('the console', () => {
  /** The console lines of every frame so far, as the Console panel prints them. */
  const consoleText = (d: Driver) => d.frames.flatMap((f) => f.console.map((l) => l.text))

  it('a consumer.py that is stopped and run again starts a new session in the Console: its command line again, then where it resumes (Hello Kafka, step 2)', () => {
    const d = new Driver(HELLO, { lessonStep: 1 })
    d.play(1000)
    const before = consoleText(d).length
    expect(consoleText(d).filter((t) => t.startsWith('Received: '))).toHaveLength(10)
    d.command({ type: 'closeConsumer', consumer: 'consumer-1' })
    d.play(1000)
    d.command({ type: 'restartConsumer', consumer: 'consumer-1' })
    d.playUntil((l) => l.complete)
    d.play(2000)
    expect(consoleText(d).slice(before)).toEqual(["$ python consumer.py  # group_id='my-consumer-group'", '(user-activity-0: resuming at committed offset 10)'])
    expect(d.frames.flatMap((f) => f.console).slice(before).map((l) => [l.consumer, l.kind])).toEqual([
      ['consumer-1', 'command'],
      ['consumer-1', 'note'],
    ])
  })

  it('a session that has no committed offset to resume from says that auto_offset_reset decides where it starts', () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    d.play(8000)
    expect(consoleText(d).slice(0, 3)).toEqual([
      "$ python consumer.py  # group_id='my-consumer-group'",
      "(user-activity-0: no committed offset, so auto_offset_reset='earliest' starts at offset 0)",
      "Received: Topic=user-activity, Partition=0, Offset=0, Key=None, Value={'user_id': 'user_0', 'action': 'click', 'timestamp': 0}",
    ])
  })
})

describe('"Show me" whatever the seed', () => {
  it('acks-and-durability, step 2 with seed 99999 (broker 3 leads): the solution kills the current leader, so the goals are met and the demo ends', () => {
    const d = new Driver(lessonScenario('acks-and-durability'), { lessonStep: 1, seed: 99999 })
    const leader = d.sim.partition('user-activity', 0)!.leader
    d.action('showMe')
    expect(d.lesson.demo).toBe(true)
    d.playUntil((l) => l.complete, 60_000)
    expect(d.lesson.demo).toBe(false)
    expect(d.events('brokerKilled').map((e) => (e as Extract<SimEvent, { type: 'brokerKilled' }>).broker).at(-1)).toBe(leader)
  })
})

describe('scripted commands at set times', () => {
  it.each([16, 100, 250])('a step\'s setup and the scenario\'s timeline fire at their simulated times, with frames %i ms apart', (frameMs) => {
    const d = new Driver(SCRIPTED, { lessonStep: 0 }, frameMs)
    d.play(35_000)
    expect(scriptedTimes(d)).toEqual({ auditStarted: [2_500], billingStarted: [7_250, 10_000], broker2Killed: [30_000] })
  })

  it('stepping (the Right arrow) stops at a scripted command that comes before the next event', () => {
    const d = new Driver(SCRIPTED, { lessonStep: 0, playing: false })
    let guard = 0
    while (d.sim.now() < 2_500 && guard++ < 10_000) d.send({ type: 'step' })
    expect(d.frame.simTime).toBe(2_500)
    expect(d.host.commands()).toEqual([{ at: 2_500, command: { type: 'addConsumer', group: 'audit', topics: ['orders'] } }])
    // The next step shows what the command started, at that same time.
    d.send({ type: 'step' })
    expect(scriptedTimes(d).auditStarted).toEqual([2_500])
  })

  it('"Show me" plays the solution at its time after the step\'s start', () => {
    const d = new Driver(SCRIPTED, { lessonStep: 0 })
    d.playUntil((l) => l.complete)
    d.action('next')
    const start = d.sim.now()
    d.play(700)
    d.action('showMe')
    d.playUntil((l) => l.complete)
    const solution = d.host.commands().filter((c) => c.at >= start)
    expect(solution).toEqual([{ at: start + 1_500, command: { type: 'addConsumer', group: 'billing' } }])
  })

  /** One learner's session: a lesson with setup, a command, Next, Show me; the hash after 60 s. */
  function session(frameMs: number, id: string, extra = 1): { hash: string; commands: RecordedCommand[] } {
    const d = new Driver(lessonScenario(id), { lessonStep: 0 }, frameMs)
    d.play(4_000)
    for (let i = 0; i < extra; i++) d.command({ type: 'addConsumer', group: 'my-consumer-group' })
    d.playUntil((l) => l.complete)
    // Both sessions press Next at the same simulated moment, whenever their frames noticed.
    d.play(30_000 - d.sim.now())
    d.action('next')
    d.play(2_000)
    d.action('showMe')
    d.playUntil((l) => l.complete)
    d.play(60_000 - d.sim.now())
    expect(d.frame.simTime).toBe(60_000)
    return { hash: d.frame.eventLogHash, commands: d.host.commands() }
  }

  it('a lesson session is deterministic: the same actions at the same simulated times give the same eventLogHash, whatever the frame rate', () => {
    const a = session(100, 'acks-and-durability')
    const b = session(100, 'acks-and-durability')
    const c = session(33, 'acks-and-durability')
    expect(b.hash).toBe(a.hash)
    expect(c.hash).toBe(a.hash)
    expect(c.commands).toEqual(a.commands)
    // And a different session gives a different hash (the check can fail).
    expect(session(100, 'more-consumers-than-partitions', 2).hash).not.toBe(a.hash)
  })

  it('replaying the recorded commands without the lesson gives the same eventLogHash (a shared link reproduces the run)', () => {
    const a = session(100, 'acks-and-durability')
    const replay = new Driver(lessonScenario('acks-and-durability'), { commands: a.commands })
    replay.play(60_000 - replay.sim.now())
    expect(replay.frame.eventLogHash).toBe(a.hash)
  })
})

/** What a learner sees of a lesson session: the clock, the event log, and the lesson panel. */
function seen(d: Driver) {
  const { simTime, eventLogHash, lesson } = d.frame
  return { simTime, eventLogHash, lesson }
}

/**
 * The session, at step 2 of Partitions and parallelism: the learner adds a partition and a
 * consumer, crashes a member, restarts the step, solves it, goes on, has "Show me" play step 3, and
 * copies the link a little later. Frames `frameMs` apart.
 */
function partitionsSession(frameMs: number): Driver {
  const d = new Driver(lessonScenario('partitions-and-parallelism'), { lessonStep: 1 }, frameMs)
  const start = d.sim.now()
  d.play(2_000)
  d.command({ type: 'addPartitions', topic: 'user-activity', count: 2 })
  d.play(1_500)
  d.command({ type: 'addConsumer', group: 'my-consumer-group' })
  d.play(3_000)
  d.command({ type: 'crashConsumer', consumer: 'consumer-1' })
  d.play(1_900)
  d.action('restartStep')
  d.play(1_000)
  d.command({ type: 'addPartitions', topic: 'user-activity', count: 3 })
  d.play(700)
  d.command({ type: 'addConsumer', group: 'my-consumer-group' })
  d.playUntil((l) => l.complete)
  // Next at the same simulated moment, whenever the frames noticed the step was done.
  d.play(start + 15_000 - d.sim.now())
  d.action('next')
  d.play(2_000)
  d.action('showMe')
  d.play(1_321)
  return d
}

describe('a lesson session in a link', () => {
  it('records the learner\'s inputs in the order given, each at its simulated time, and not the lesson\'s own scripted commands', () => {
    const d = partitionsSession(100)
    const session = d.session().lesson as LessonSession
    expect(session.startStep).toBe(1)
    const start = session.startTime
    expect(session.inputs.map((i) => ('command' in i ? i.command.type : i.action))).toEqual([
      'addPartitions',
      'addConsumer',
      'crashConsumer',
      'restartStep',
      'addPartitions',
      'addConsumer',
      'next',
      'showMe',
    ])
    // Restart step took the clock back to the step's start: the input after it is earlier than the one before.
    const [, , crash, restart, again] = session.inputs as LessonInput[]
    expect(crash!.at).toBe(start + 6_500)
    expect(restart!.at).toBe(start + 8_400)
    expect(again!.at).toBe(start + 1_000)
    // The commands the simulation ran include Show me's solution, which is no input of the learner's.
    expect(d.host.commands().some((c) => c.command.type === 'setPartitioner')).toBe(true)
    expect(session.inputs.some((i) => 'command' in i && i.command.type === 'setPartitioner')).toBe(false)
  })

  it('copied as a link and opened, replays to the same step, time, event log and goal statuses, at another frame rate', async () => {
    const d = partitionsSession(100)
    const info = d.session()
    const scenario = lessonScenario('partitions-and-parallelism')
    const query = await runQuery({ scenario, seed: info.seed, simTime: info.simTime, commands: info.commands, lessonStep: d.lesson.step, lesson: info.lesson as LessonSession })
    // Short: the lesson by its id, the inputs compressed.
    expect(query).toMatch(/^run=[A-Za-z0-9_-]+$/)
    expect(query.length).toBeLessThan(300)
    const { start, problems } = await startOptions(readPageOptions(`?${query}`))
    expect(problems).toEqual([])
    expect(start.lessonStep).toBe(1)
    expect(start.commands).toEqual([])

    const opened = new Driver(start.scenario, { lessonStep: start.lessonStep, lessonInputs: start.lessonInputs, until: start.until, seed: start.seed, playing: false }, 33)
    expect(opened.loadProblem).toBeNull()
    const want = seen(d)
    // Show me has played step 3's solution through: every goal ticked, every step done.
    expect(want.lesson).toMatchObject({ step: 2, demo: false, complete: true, completedSteps: [0, 1, 2], lessonComplete: true })
    expect(want.lesson?.statuses.every((g) => g.ok)).toBe(true)
    expect(seen(opened)).toEqual(want)
    // And both go on alike: the session is the same, not only its picture.
    d.play(20_000)
    opened.send({ type: 'play' })
    opened.play(20_000)
    expect(seen(opened)).toEqual(seen(d))
    // The opened session records on from where the link left off.
    expect(opened.session().lesson?.inputs).toEqual(info.lesson?.inputs)
  })

  it('the replay needs the learner\'s inputs: without them the lesson at the same step and time is a different run', async () => {
    const d = partitionsSession(100)
    const info = d.session()
    const bare = new Driver(lessonScenario('partitions-and-parallelism'), { lessonStep: 1, until: info.simTime, playing: false })
    expect(bare.frame.simTime).toBe(d.frame.simTime)
    expect(bare.frame.eventLogHash).not.toBe(d.frame.eventLogHash)
    expect(bare.lesson.step).toBe(1)
  })

  it('goal statuses do not depend on the frame rate: the same session with frames 16 ms and 250 ms apart ends with the same statuses and completed steps', () => {
    const a = partitionsSession(16)
    const b = partitionsSession(250)
    expect(seen(b)).toEqual(seen(a))
  })

  it('a goal that keeps history ("lag stays low for 10 s") says the same at any frame rate: goals are checked at set simulated times, not per frame', () => {
    const lag = (frameMs: number) => {
      const d = new Driver(lessonScenario('consumer-lag-and-scaling'), { lessonStep: 0 }, frameMs)
      d.play(3_000)
      d.command({ type: 'addConsumer', group: 'my-consumer-group' })
      d.command({ type: 'addConsumer', group: 'my-consumer-group' })
      d.play(12_000)
      return d.lesson.statuses[0]
    }
    const fine = lag(16)
    expect(fine?.detail).toMatch(/held for \d+\.\d s of 10\.0 s$/)
    expect(lag(250)).toEqual(fine)
    expect(lag(100)).toEqual(fine)
  })

  it('a session started at step 1 with Next and Show me across steps replays the same, Hello Kafka', async () => {
    const d = new Driver(HELLO, { lessonStep: 0 })
    d.play(1_200)
    d.command({ type: 'addConsumer', group: 'my-consumer-group' })
    d.playUntil((l) => l.complete)
    d.play(20_000 - d.sim.now())
    d.action('next')
    d.play(500)
    d.action('showMe')
    d.playUntil((l) => l.complete)
    d.play(40_000 - d.sim.now())
    d.action('next')
    d.play(3_000)
    const info = d.session()
    const query = await runQuery({ scenario: HELLO, seed: info.seed, simTime: info.simTime, commands: info.commands, lessonStep: d.lesson.step, lesson: info.lesson as LessonSession })
    const run = await decodeRun(new URLSearchParams(query).get('run') as string)
    const opened = new Driver(run.scenario, { lessonStep: run.lessonStep, lessonInputs: run.lessonInputs, until: run.until, seed: run.seed }, 250)
    expect(seen(opened)).toEqual(seen(d))
    expect(opened.lesson).toMatchObject({ step: 2, completedSteps: [0, 1] })
  })

  it('a session stepped with the Right arrow (paused) replays the same as one played', async () => {
    const d = new Driver(SCRIPTED, { lessonStep: 0, playing: false })
    // Through the step's scripted command at 2.5 s, with a command of the learner's on the way.
    for (let i = 0; i < 40; i++) d.send({ type: 'step' })
    d.command({ type: 'addConsumer', group: 'billing' })
    while (d.sim.now() < 3_000) d.send({ type: 'step' })
    d.command({ type: 'setProducerRate', producer: 'producer-1', rate: 9 })
    expect(d.host.commands().map((c) => c.command.type)).toEqual(['addConsumer', 'addConsumer', 'setProducerRate'])
    d.send({ type: 'play' })
    d.play(4_000)
    const info = d.session()
    const opened = new Driver(SCRIPTED, { lessonStep: 0, lessonInputs: info.lesson?.inputs, until: info.simTime, playing: false }, 250)
    expect(opened.loadProblem).toBeNull()
    expect(seen(opened)).toEqual(seen(d))
  })

  it('Undo reset brings the session back with its inputs, so a link copied after it still reproduces the run', () => {
    const d = partitionsSession(100)
    const before = d.session()
    d.send({ type: 'reset' })
    expect(d.session().lesson).toEqual({ startStep: 0, startTime: 0, inputs: [] })
    d.send({ type: 'undoReset' })
    expect(d.session().lesson).toEqual(before.lesson)
  })

  describe('inputs that do not fit the lesson (a changed link) are reported, and the lesson opens at the link\'s step without them', () => {
    function opened(lessonInputs: LessonInput[], until?: number): Driver {
      return new Driver(lessonScenario('more-consumers-than-partitions'), { lessonStep: 0, lessonInputs, ...(until === undefined ? {} : { until }) })
    }

    it('an input earlier than the clock at that point', () => {
      const d = opened([
        { at: 5_000, command: { type: 'addConsumer', group: 'my-consumer-group' } },
        { at: 3_000, command: { type: 'addConsumer', group: 'my-consumer-group' } },
      ])
      expect(d.loadProblem).toBe("l[1] (addConsumer at 3 s) comes before the lesson's clock at that point (5 s)")
      expect(d.frame.simTime).toBe(0)
      expect(d.lesson).toMatchObject({ step: 0, completedSteps: [] })
      expect(d.host.commands()).toEqual([])
      expect(d.session().lesson?.inputs).toEqual([])
    })

    it('Next step before the step is done', () => {
      const d = opened([{ at: 1_000, action: 'next' }])
      expect(d.loadProblem).toBe('l[0] (Next step at 1 s): step 1 was not done at that time, so Next step does nothing')
      expect(d.lesson.step).toBe(0)
    })

    it('a command the step locks', () => {
      const d = opened([{ at: 1_000, command: { type: 'addPartitions', topic: 'user-activity', count: 6 } }])
      expect(d.loadProblem).toBe('l[0] (addPartitions at 1 s): step 1 of the lesson does not allow that command')
      expect(d.sim.topic('user-activity')?.partitions).toHaveLength(3)
    })

    it('a time "t" before the last input', () => {
      const d = opened([{ at: 4_000, command: { type: 'addConsumer', group: 'my-consumer-group' } }], 2_500)
      expect(d.loadProblem).toBe(`"t" (2.5 s) comes before the lesson's clock after its inputs (4 s)`)
      expect(d.frame.simTime).toBe(0)
    })
  })
})
