/**
 * Runs the engine for the UI: turns wall time x speed into simulated steps, applies commands, and
 * builds compact frames (the cluster view when something changed, records in flight, new event
 * sentences and console lines). Plain TypeScript with no worker globals: the worker wraps it, and
 * tests and browsers without workers run it in the page.
 */
import {
  changedFromDefault,
  CONSUMER_DEFAULTS,
  createSimulation,
  describeEvent,
  groupLag,
  groupTopics,
  isRunning,
  memberLag,
  PRODUCER_DEFAULTS,
  BROKER_DEFAULTS,
  readRecord,
  rebalanceProtocol,
  rebalanceProtocolOf,
  totalLag,
} from '../engine'
import type { Command, RecordedCommand, Scenario, SimEvent, Simulation } from '../engine'
import { consumerPyLine } from './console-format'
import type { ClusterView, ConsoleLine, EventLine, Flight, Frame, FromWorker, GroupView, PartitionView, ToWorker } from './protocol'

/** Records shown per partition log. */
export const LOG_WINDOW = 16
/** At most this many console lines per frame (the rest are counted). */
const CONSOLE_PER_FRAME = 200
const EVENTS_PER_FRAME = 400
/** Wall time a single frame may catch up (after a hidden tab, a breakpoint...). */
const MAX_WALL_STEP_MS = 250
export const MIN_SPEED = 0.1
export const MAX_SPEED = 20

export class SimHost {
  private sim: Simulation | null = null
  private scenario: Scenario | null = null
  private seed = 0
  private playing = false
  private speed = 1
  private lastWall: number | null = null
  /** Fractional simulated milliseconds carried between frames (the clock moves in whole ms). */
  private carry = 0
  private eventCursor = 0
  private consoleSeq = 0
  private lastViewKey = ''

  constructor(private readonly post: (message: FromWorker) => void) {}

  handle(msg: ToWorker): void {
    try {
      this.dispatch(msg)
    } catch (e) {
      this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) })
    }
  }

  private dispatch(msg: ToWorker): void {
    switch (msg.type) {
      case 'load':
        this.load(msg.scenario, msg.seed ?? msg.scenario.seed, msg.commands ?? [], msg.playing ?? true)
        return
      case 'reset':
        if (this.scenario) this.load(this.scenario, this.seed, [], this.playing)
        return
      case 'play':
        this.playing = true
        this.lastWall = null
        return
      case 'pause':
        this.playing = false
        return
      case 'setSpeed':
        this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, msg.speed))
        return
      case 'step':
        this.playing = false
        this.sim?.stepToNextEvent()
        this.post({ type: 'frame', frame: this.frame() })
        return
      case 'command': {
        if (!this.sim) return
        const result = this.sim.dispatch(msg.command)
        this.post({ type: 'commandResult', id: msg.id, result })
        return
      }
      case 'frame':
        this.advance(msg.wallMs)
        this.post({ type: 'frame', frame: this.frame() })
        return
    }
  }

  private load(scenario: Scenario, seed: number, commands: RecordedCommand[], playing: boolean): void {
    const sim = createSimulation(scenario, { seed })
    // Replaying a session: each command at the simulated time it was first given.
    for (const { at, command } of commands) {
      sim.runUntil(at)
      sim.dispatch(command)
    }
    this.sim = sim
    this.scenario = scenario
    this.seed = seed
    this.playing = playing
    this.lastWall = null
    this.carry = 0
    this.eventCursor = 0
    this.consoleSeq = 0
    this.lastViewKey = ''
    this.post({ type: 'loaded', scenarioId: scenario.id, seed })
    this.post({ type: 'frame', frame: this.frame() })
  }

  /** The simulation, for in-thread use (tests, code panels). */
  get simulation(): Simulation | null {
    return this.sim
  }

  commands(): RecordedCommand[] {
    return this.sim ? [...this.sim.commandLog] : []
  }

  private advance(wallMs: number): void {
    if (!this.sim) return
    if (!this.playing) {
      this.lastWall = wallMs
      return
    }
    const dt = this.lastWall === null ? 0 : Math.min(MAX_WALL_STEP_MS, Math.max(0, wallMs - this.lastWall))
    this.lastWall = wallMs
    this.carry += dt * this.speed
    const whole = Math.floor(this.carry)
    this.carry -= whole
    if (whole > 0) this.sim.step(whole)
  }

  private frame(): Frame {
    const sim = this.sim
    if (!sim) return { simTime: 0, playing: false, speed: this.speed, view: null, flights: [], events: [], console: [], consoleSkipped: 0 }
    const { events, cursor } = sim.eventsSince(this.eventCursor)
    const firstSeq = cursor - events.length
    this.eventCursor = cursor
    const eventLines: EventLine[] = []
    const consoleLines: ConsoleLine[] = []
    let consoleSkipped = 0
    events.forEach((e, i) => {
      if (events.length - i <= EVENTS_PER_FRAME) eventLines.push({ seq: firstSeq + i, t: e.t, type: e.type, text: describeEvent(e) })
      if (e.type === 'recordsProcessed') consoleSkipped += this.consoleFor(sim, e, consoleLines)
    })
    const viewKey = `${sim.s.structureVersion}:${sim.s.eventCount}`
    const view = viewKey === this.lastViewKey ? null : buildView(sim)
    this.lastViewKey = viewKey
    return {
      simTime: sim.s.now,
      playing: this.playing,
      speed: this.speed,
      view,
      flights: flightsOf(sim),
      events: eventLines,
      console: consoleLines.slice(-CONSOLE_PER_FRAME),
      consoleSkipped: consoleSkipped + Math.max(0, consoleLines.length - CONSOLE_PER_FRAME),
    }
  }

  private consoleFor(sim: Simulation, e: Extract<SimEvent, { type: 'recordsProcessed' }>, out: ConsoleLine[]): number {
    const p = sim.partition(e.topic, e.partition)
    if (!p) return 0
    // Only the newest lines of a big batch are formatted; the rest are counted.
    const from = Math.max(e.from, e.to - CONSOLE_PER_FRAME + 1)
    for (let o = from; o <= e.to; o++) {
      const r = readRecord(p.log, o)
      const text = r
        ? consumerPyLine(e.topic, e.partition, o, r.key, r.value)
        : `Received: Topic=${e.topic}, Partition=${e.partition}, Offset=${o} (since deleted by retention)`
      out.push({ seq: this.consoleSeq++, t: e.t, consumer: e.consumer, group: e.group, text })
    }
    return from - e.from
  }
}

function describeKeys(mode: { mode: string; keys?: string[] }): string {
  if (mode.mode === 'none') return 'none'
  if (mode.mode === 'user-id') return 'user ids'
  return `custom: ${(mode.keys ?? []).join(', ')}`
}

/** The structure and numbers the UI draws, from the engine's state. */
export function buildView(sim: Simulation): ClusterView {
  const s = sim.s
  const producerName = (index: number) => s.producers[index]?.id ?? `producer-${index}`
  const topics = s.topics.map((t) => ({
    name: t.name,
    config: { ...t.config },
    partitions: t.partitions.map((p): PartitionView => {
      const records = []
      for (let o = Math.max(p.log.logStartOffset, p.log.logEndOffset - LOG_WINDOW); o < p.log.logEndOffset; o++) {
        const r = readRecord(p.log, o)
        if (r) records.push({ offset: o, key: r.key, value: r.value.length > 160 ? `${r.value.slice(0, 157)}...` : r.value, timestamp: r.timestamp, producer: producerName(r.producer) })
      }
      const committed: Record<string, number> = {}
      for (const g of s.groups) {
        const c = g.committed[`${t.name}-${p.partition}`]
        if (c !== undefined) committed[g.groupId] = c
      }
      return {
        topic: t.name,
        partition: p.partition,
        leader: p.leader,
        replicas: [...p.replicas],
        isr: [...p.isr],
        logStartOffset: p.log.logStartOffset,
        logEndOffset: p.log.logEndOffset,
        highWatermark: p.highWatermark,
        records,
        committed,
      }
    }),
  }))
  const groups = s.groups.map((g): GroupView => {
    const lag = groupLag(s, g)
    const consumers = s.consumers.filter((c) => c.groupId === g.groupId)
    const strategy = consumers[consumers.length - 1]?.config['partition.assignment.strategy'] ?? CONSUMER_DEFAULTS['partition.assignment.strategy']
    const memberIds = new Set(g.members.map((m) => m.memberId))
    return {
      groupId: g.groupId,
      state: g.state,
      generation: g.generation,
      assignor: g.protocol,
      protocol: rebalanceProtocolOf(g),
      configuredAssignor: strategy.join(', '),
      configuredProtocol: rebalanceProtocol(strategy),
      leader: g.members.find((m) => m.memberId === g.leaderId)?.clientId ?? null,
      topics: groupTopics(s, g.groupId),
      members: consumers.map((c) => {
        const changed: Record<string, string> = {}
        for (const k of changedFromDefault(c.config, CONSUMER_DEFAULTS)) changed[k] = JSON.stringify(c.config[k])
        return {
          id: c.id,
          memberId: c.memberId,
          phase: c.phase,
          owned: c.owned.map((x) => `${x.topic}-${x.partition}`),
          idle: isRunning(c) && c.phase === 'stable' && memberIds.has(c.memberId) && c.owned.length === 0 && g.state === 'Stable',
          processingMs: c.processingMs,
          lag: memberLag(s, c),
          isLeader: c.memberId !== '' && c.memberId === g.leaderId,
          changed,
        }
      }),
      lag,
      totalLag: totalLag(lag),
      consumed: g.consumed,
      duplicates: g.duplicates,
      rebalances: g.rebalances,
    }
  })
  return {
    scenarioId: sim.scenario.id,
    title: sim.scenario.title,
    description: sim.scenario.description,
    brokers: s.brokers.map((b) => ({ id: b.id, alive: b.alive })),
    topics,
    producers: s.producers.map((p) => ({
      id: p.id,
      topic: p.topic,
      rate: p.rate,
      sent: p.generated,
      acked: p.acked,
      failed: p.failed,
      maxRecords: p.maxRecords,
      keys: describeKeys(p.keys),
      partitioner: p.partitioner,
      acks: p.config.acks,
      lingerMs: p.config['linger.ms'],
      lastError: p.lastError,
      avgAckMs: p.ackCount > 0 ? Math.round(p.ackLatencySum / p.ackCount) : null,
    })),
    groups,
    counters: { ...s.counters },
    networkLatencyMs: s.cluster.networkLatencyMs,
    teachingNotes: teachingNotes(sim),
  }
}

/** Plain sentences for every setting the scenario changed from Kafka's defaults. */
export function teachingNotes(sim: Simulation): string[] {
  const s = sim.s
  const notes: string[] = []
  if (s.cluster.networkLatencyMs > 5) notes.push(`Network delay is ${s.cluster.networkLatencyMs} ms per hop so you can watch records travel (a real data centre: about 1 ms).`)
  for (const k of changedFromDefault(s.cluster.broker, BROKER_DEFAULTS)) notes.push(`Broker ${k} = ${s.cluster.broker[k]} (Kafka's default: ${BROKER_DEFAULTS[k]}).`)
  const seen = new Set<string>()
  for (const c of s.consumers) {
    for (const k of changedFromDefault(c.config, CONSUMER_DEFAULTS)) {
      const line = `Consumer ${k} = ${JSON.stringify(c.config[k])} (Kafka's default: ${JSON.stringify(CONSUMER_DEFAULTS[k])}).`
      if (!seen.has(line)) notes.push(line)
      seen.add(line)
    }
  }
  for (const p of s.producers) {
    for (const k of changedFromDefault(p.config, PRODUCER_DEFAULTS)) {
      const line = `Producer ${k} = ${JSON.stringify(p.config[k])} (Kafka's default: ${JSON.stringify(PRODUCER_DEFAULTS[k])}).`
      if (!seen.has(line)) notes.push(line)
      seen.add(line)
    }
  }
  return notes
}

/** Batches on the wire right now: produce requests and non-empty fetch responses. */
export function flightsOf(sim: Simulation): Flight[] {
  const out: Flight[] = []
  for (const task of sim.s.queue) {
    if (task.kind === 'produceArrive') {
      const b = task.batch
      out.push({
        id: `p:${sim.s.producers[b.producer]?.id}:${b.id}:${b.attempts}`,
        kind: 'produce',
        from: sim.s.producers[b.producer]?.id ?? '',
        to: `${b.topic}-${b.partition}`,
        sentAt: task.sentAt,
        arrivesAt: task.time,
        count: b.keys.length,
        keys: b.keys.slice(0, 8),
        firstOffset: -1,
      })
    } else if (task.kind === 'fetchResponse') {
      const consumer = sim.s.consumers[task.consumer]
      for (const d of task.data) {
        if (d.until <= d.from || !consumer) continue
        const p = sim.partition(d.topic, d.partition)
        const keys: (string | null)[] = []
        for (let o = d.from; o < Math.min(d.until, d.from + 8); o++) keys.push(p ? (readRecord(p.log, o)?.key ?? null) : null)
        out.push({
          id: `f:${task.fetch}:${d.topic}-${d.partition}`,
          kind: 'fetch',
          from: `${d.topic}-${d.partition}`,
          to: consumer.id,
          sentAt: task.sentAt,
          arrivesAt: task.time,
          count: d.until - d.from,
          keys,
          firstOffset: d.from,
        })
      }
    }
  }
  out.sort((a, b) => a.sentAt - b.sentAt || (a.id < b.id ? -1 : 1))
  return out
}

export type { Command, ToWorker }
