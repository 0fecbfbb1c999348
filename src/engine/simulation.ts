/**
 * The simulation: state, clock, agenda and event log, stepped by hand.
 *
 * Simulated time is in milliseconds and moves only when the caller says so (`step`, `runUntil`,
 * `stepToNextEvent`). Every task on the agenda is plain data; every random draw comes from a seeded
 * stream in the state. A scenario, a seed and the same commands at the same times therefore give
 * the same event log, in Node and in a browser worker.
 */
import type { Sim } from './context'
import { cloneData } from './clone'
import type { Command, CommandResult } from './commands'
import { BROKER_DEFAULTS, configMinimum, CONSUMER_DEFAULTS, HEARTBEAT_BELOW_SESSION, periodMs, PRODUCER_DEFAULTS, resolveIdempotence, TOPIC_DEFAULTS } from './config'
import type { ConsumerConfig, ProducerConfig } from './config'
import { handleProduceRequest, onAckTimeout, onFetchArrive, onFetchExpire } from './broker'
import { addPartitions, createTopic, KafkaRefusal, onRetentionCheck } from './cluster'
import { addBroker, coordinatorFor, electPreferredLeaders, killBroker, onBrokerFence, onLeaderRebalanceCheck, restartBroker, setBrokerSlow } from './controller'
import { ensureReplicaFetchers, onIsrCheck, onReplicaFetchResponse, onReplicaFetchRetry, updateFollower } from './replication'
import * as consumer from './consumer'
import * as coordinator from './coordinator'
import { hashEvent, hashHex, initialHash } from './event-hash'
import { heapPop, heapPush } from './event-queue'
import type { SimEvent, SimEventInput } from './events'
import type { ConsumerState, GroupState, KeySpec, NullKeyPartitioner, PartitionState, ProducerState, SimState, TopicState } from './model'
import { nextInt, seedStreams } from './prng'
import type { RngStream } from './prng'
import * as producer from './producer'
import type { ConsumerSpec, ProducerSpec, Scenario } from './scenario'
import type { Task, TaskBody } from './tasks'

/** How many events the state keeps for readers; older ones are still counted in the hash. */
const EVENT_WINDOW = 20_000
/** More tasks than this at one simulated instant means a timer that keeps firing at the same time. */
const MAX_TASKS_PER_INSTANT = 200_000

export interface SimSnapshot {
  state: SimState
  commandCount: number
}

export interface RecordedCommand {
  at: number
  command: Command
}

export class Simulation implements Sim {
  s: SimState
  readonly scenario: Scenario
  /** Commands dispatched from outside, with the simulated time they ran at (scripted ones excluded). */
  readonly commandLog: RecordedCommand[] = []
  /** Tasks run at the current instant (see advanceTo). */
  private tasksThisInstant = 0

  constructor(scenario: Scenario, seed: number = scenario.seed) {
    this.scenario = scenario
    this.s = {
      version: 1,
      seed,
      now: 0,
      seq: 0,
      queue: [],
      rng: seedStreams(seed),
      cluster: { networkLatencyMs: scenario.cluster.networkLatencyMs, broker: { ...BROKER_DEFAULTS, ...scenario.cluster.config } },
      brokers: [],
      topics: [],
      producers: [],
      consumers: [],
      groups: [],
      counters: { produced: 0, consumed: 0, duplicates: 0, lost: 0 },
      events: [],
      eventBase: 0,
      eventCount: 0,
      eventHash: initialHash(),
      fetches: {},
      nextFetchId: 1,
      lostRecords: [],
      pendingProduce: {},
      nextRequestId: 1,
      replicaFetchers: {},
      structureVersion: 0,
    }
    for (let b = 1; b <= scenario.cluster.brokers; b++) {
      this.s.brokers.push({ id: b, alive: true, fenced: false, slow: false, epoch: 0 })
      this.emit({ type: 'brokerStarted', broker: b })
    }
    for (const t of scenario.topics) createTopic(this, t.name, t.partitions, t.replicationFactor, t.config)
    ensureReplicaFetchers(this)
    for (const p of scenario.producers) this.addProducerFromSpec(p)
    for (const c of scenario.consumers) this.addConsumerFromSpec(c)
    const broker = this.s.cluster.broker
    this.at(broker['log.retention.check.interval.ms'], { kind: 'retentionCheck' })
    this.at(Math.max(1, Math.floor(broker['replica.lag.time.max.ms'] / 2)), { kind: 'isrCheck' })
    this.at(broker['leader.imbalance.check.interval.seconds'] * 1000, { kind: 'leaderRebalanceCheck' })
    scenario.timeline.forEach((entry, index) => this.at(entry.at, { kind: 'scripted', index }))
  }

  // ---- Sim (used by the model's parts) ----

  emit(event: SimEventInput): void {
    // Events are fresh object literals handed over by the caller: stamp the time in place.
    const e = event as SimEvent
    e.t = this.s.now
    const s = this.s
    s.events.push(e)
    if (s.events.length > EVENT_WINDOW) {
      const drop = s.events.length - EVENT_WINDOW / 2
      s.events.splice(0, drop)
      s.eventBase += drop
    }
    s.eventCount++
    hashEvent(s.eventHash, e)
  }

  at(time: number, task: TaskBody): void {
    // Tasks are fresh object literals owned by the agenda: stamp them in place rather than copy.
    const t = task as Task
    t.time = Math.max(time, this.s.now)
    t.seq = this.s.seq++
    heapPush(this.s.queue, t)
  }

  send(task: TaskBody): void {
    this.at(this.s.now + this.s.cluster.networkLatencyMs, task)
  }

  latency(): number {
    return this.s.cluster.networkLatencyMs
  }

  rand(stream: RngStream, n: number): number {
    return nextInt(this.s.rng[stream], n)
  }

  topic(name: string): TopicState | undefined {
    const topics = this.s.topics
    for (let i = 0; i < topics.length; i++) if ((topics[i] as TopicState).name === name) return topics[i]
    return undefined
  }

  partition(topic: string, partition: number): PartitionState | undefined {
    return this.topic(topic)?.partitions[partition]
  }

  group(groupId: string): GroupState {
    let g = this.s.groups.find((x) => x.groupId === groupId)
    if (!g) {
      g = coordinator.newGroup(groupId)
      this.s.groups.push(g)
      this.touch()
    }
    return g
  }

  producer(index: number): ProducerState {
    return this.s.producers[index] as ProducerState
  }

  consumer(index: number): ConsumerState {
    return this.s.consumers[index] as ConsumerState
  }

  touch(): void {
    this.s.structureVersion++
  }

  // ---- Public API ----

  now(): number {
    return this.s.now
  }

  /** Runs every task due at or before `time`, then sets the clock to `time`. */
  runUntil(time: number): void {
    const q = this.s.queue
    while (q.length > 0 && (q[0] as Task).time <= time) {
      const task = heapPop(q) as Task
      this.advanceTo(task.time)
      this.handle(task)
    }
    if (time > this.s.now) this.s.now = time
  }

  /**
   * Moves the clock to a task's time. A safety net: a model in which some timer fires again at the
   * same instant forever would freeze the page, so that many tasks at one instant stop the run with
   * a message instead (settings are validated so that this should never happen).
   */
  private advanceTo(time: number): void {
    if (time !== this.s.now) {
      this.s.now = time
      this.tasksThisInstant = 0
    } else if (++this.tasksThisInstant > MAX_TASKS_PER_INSTANT) {
      throw new Error(`The simulation is stuck at ${time} ms: more than ${MAX_TASKS_PER_INSTANT} things happened at that one instant (is a time setting 0?).`)
    }
  }

  step(ms: number): void {
    this.runUntil(this.s.now + ms)
  }

  /**
   * Runs tasks until at least one event happens (or `maxMs` of simulated time passes with none).
   * Returns true when an event happened.
   */
  stepToNextEvent(maxMs = 600_000): boolean {
    const before = this.s.eventCount
    const limit = this.s.now + maxMs
    const q = this.s.queue
    while (this.s.eventCount === before) {
      const next = q[0]
      if (!next || next.time > limit) {
        this.s.now = Math.max(this.s.now, Math.min(limit, next ? next.time : limit))
        return false
      }
      heapPop(q)
      this.advanceTo(next.time)
      this.handle(next)
    }
    // Finish everything else due at this same instant, so the state is consistent.
    while (q.length > 0 && (q[0] as Task).time === this.s.now) {
      this.advanceTo(this.s.now)
      this.handle(heapPop(q) as Task)
    }
    return true
  }

  /** Runs a command now. Kafka's refusals come back as `{ ok: false }` and as an event. */
  dispatch(command: Command): CommandResult {
    this.commandLog.push({ at: this.s.now, command: cloneData(command) })
    return this.apply(command)
  }

  /** Events from `cursor` on (cursors count every event since the start). */
  eventsSince(cursor: number): { events: SimEvent[]; cursor: number; missed: number } {
    const s = this.s
    const from = Math.max(cursor, s.eventBase)
    return { events: s.events.slice(from - s.eventBase), cursor: s.eventCount, missed: from - cursor }
  }

  /** The hash of every event so far: equal logs give equal hashes. */
  eventLogHash(): string {
    return hashHex(this.s.eventHash)
  }

  snapshot(): SimSnapshot {
    return { state: cloneData(this.s), commandCount: this.commandLog.length }
  }

  restore(snapshot: SimSnapshot): void {
    this.s = cloneData(snapshot.state)
    this.commandLog.length = Math.min(this.commandLog.length, snapshot.commandCount)
  }

  // ---- Building clients ----

  private addProducerFromSpec(spec: ProducerSpec): ProducerState {
    const topic = this.topic(spec.topic)
    const config: ProducerConfig = { ...PRODUCER_DEFAULTS, ...spec.config }
    const idempotenceExplicit = spec.config['enable.idempotence'] !== undefined
    const idempotence = resolveIdempotence(config, idempotenceExplicit)
    if ('error' in idempotence) throw new KafkaRefusal('INVALID_CONFIG', idempotence.error)
    config['enable.idempotence'] = idempotence.idempotence
    const p: ProducerState = {
      index: this.s.producers.length,
      id: spec.id,
      topic: spec.topic,
      alive: true,
      config,
      partitioner: spec.partitioner,
      keys: cloneData(spec.keys),
      value: cloneData(spec.value),
      rate: spec.rate,
      maxRecords: spec.maxRecords,
      fixedPartition: spec.partition,
      generated: 0,
      anchorTime: spec.startAt,
      anchorCount: 0,
      knownPartitions: topic ? topic.partitions.length : 0,
      sticky: null,
      roundRobinCounter: nextInt(this.s.rng.partitioner, 0x7fffffff),
      open: {},
      ready: [],
      inFlight: {},
      nextBatchId: 1,
      sequences: {},
      acked: 0,
      failed: 0,
      lastError: null,
      ackLatencySum: 0,
      ackCount: 0,
      incarnation: 0,
      idempotenceExplicit,
      wakeAt: -1,
    }
    this.s.producers.push(p)
    this.emit({ type: 'producerStarted', producer: p.id, topic: p.topic })
    if (idempotence.note) this.emit({ type: 'producerChanged', producer: p.id, setting: 'enable.idempotence', value: 'false', note: idempotence.note })
    this.touch()
    const startAt = Math.max(this.s.now, spec.startAt)
    p.anchorTime = startAt
    producer.scheduleNextRecord(this, p)
    this.at(startAt + periodMs(p.config['metadata.max.age.ms']), { kind: 'producerMetadata', producer: p.index, inc: p.incarnation })
    return p
  }

  private addConsumerFromSpec(spec: ConsumerSpec): ConsumerState {
    const c: ConsumerState = {
      index: this.s.consumers.length,
      id: spec.id,
      groupId: spec.group,
      topics: [...spec.topics],
      config: { ...CONSUMER_DEFAULTS, ...cloneData(spec.config) },
      processingMs: spec.processingMs,
      phase: 'unjoined',
      memberId: '',
      generation: -1,
      protocol: null,
      owned: [],
      positions: {},
      positionEpochs: {},
      processed: {},
      buffer: {},
      fetching: {},
      needsRejoin: false,
      rejoinReason: '',
      joinReason: '',
      processing: false,
      work: [],
      lastPollAt: 0,
      nextAutoCommitAt: 0,
      commitBeforeJoin: false,
      isLeader: false,
      wakeAt: -1,
      offsetFetchPending: {},
      lastCommitted: {},
      coordinator: -1,
      findingCoordinator: false,
      assignedMetadata: {},
      knownPartitions: {},
      incarnation: 0,
      stopReason: '',
    }
    this.s.consumers.push(c)
    this.group(spec.group)
    this.startConsumer(c, Math.max(this.s.now, spec.startAt))
    return c
  }

  private startConsumer(c: ConsumerState, at: number): void {
    c.nextAutoCommitAt = at + c.config['auto.commit.interval.ms']
    c.lastPollAt = at
    this.at(at, { kind: 'consumerStart', consumer: c.index, inc: c.incarnation })
  }

  private nextClientId(prefix: string): string {
    const used = new Set([...this.s.consumers.map((c) => c.id), ...this.s.producers.map((p) => p.id)])
    for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`
  }

  // ---- The agenda ----

  private handle(task: Task): void {
    switch (task.kind) {
      case 'produceTick': {
        const p = this.producer(task.producer)
        if (p.incarnation === task.inc) producer.onProduceTick(this, p)
        return
      }
      case 'lingerExpired':
        return producer.onLingerExpired(this, this.producer(task.producer), task.partition, task.batch)
      case 'producerWake':
        return producer.onProducerWake(this, this.producer(task.producer))
      case 'produceArrive':
        return handleProduceRequest(this, task.broker, task.batches, task.producer, task.inc)
      case 'produceResponse':
        return producer.onProduceResponse(this, this.producer(task.producer), task.broker, task.batches, task.results)
      case 'producerMetadata': {
        const p = this.producer(task.producer)
        if (p.incarnation === task.inc) producer.onProducerMetadata(this, p)
        return
      }
      case 'findCoordinatorArrive': {
        const coord = this.s.brokers.some((b) => b.alive) ? coordinatorFor(this, task.group) : -1
        return this.send({ kind: 'findCoordinatorResponse', group: task.group, coordinator: coord, consumer: task.consumer, inc: task.inc, sentAt: this.s.now })
      }
      case 'joinArrive':
      case 'syncArrive':
      case 'heartbeatArrive':
      case 'leaveArrive':
      case 'commitArrive':
      case 'offsetFetchArrive':
        return this.handleCoordinatorRequest(task)
      case 'sessionCheck':
        return coordinator.onSessionCheck(this, this.group(task.group), task.memberId)
      case 'pendingMemberExpire':
        return coordinator.onPendingMemberExpire(this, this.group(task.group), task.memberId, task.sessionTimeoutMs)
      case 'joinDeadline':
        return coordinator.onJoinDeadline(this, this.group(task.group), task.deadline)
      case 'syncDeadline':
        return coordinator.onSyncDeadline(this, this.group(task.group), task.deadline)
      case 'fetchArrive':
        return onFetchArrive(this, task.fetch, (p, follower, offset) => updateFollower(this, p, follower, offset))
      case 'fetchExpire':
        return onFetchExpire(this, task.fetch)
      case 'replicaFetchResponse':
        return onReplicaFetchResponse(this, task.fetch, task.leader, task.follower, task.epoch, task.data)
      case 'replicaFetchRetry':
        return onReplicaFetchRetry(this, task.follower, task.leader)
      case 'ackTimeout':
        return onAckTimeout(this, task.request)
      case 'retentionCheck':
        return onRetentionCheck(this)
      case 'isrCheck':
        return onIsrCheck(this)
      case 'brokerFence':
        return onBrokerFence(this, task.broker, task.epoch)
      case 'leaderRebalanceCheck':
        return onLeaderRebalanceCheck(this)
      case 'scripted': {
        const entry = this.scenario.timeline[task.index]
        if (entry) this.apply(entry.command)
        return
      }
      default:
        return this.handleConsumerTask(task)
    }
  }

  /**
   * A request for a group's coordinator: served if it reached the broker that coordinates the group,
   * else answered NOT_COORDINATOR (or COORDINATOR_NOT_AVAILABLE when no broker can), and the client
   * looks the coordinator up again.
   */
  private handleCoordinatorRequest(task: Extract<Task, { kind: 'joinArrive' | 'syncArrive' | 'heartbeatArrive' | 'leaveArrive' | 'commitArrive' | 'offsetFetchArrive' }>): void {
    const coord = coordinatorFor(this, task.group)
    if (coord !== task.broker || coord < 0) {
      const error = coord < 0 ? 'COORDINATOR_NOT_AVAILABLE' : 'NOT_COORDINATOR'
      const base = { group: task.group, consumer: task.consumer, inc: task.inc, sentAt: this.s.now }
      switch (task.kind) {
        case 'joinArrive':
          return this.send({ kind: 'joinResponse', ...base, error, memberId: task.request.memberId, generation: -1, protocol: null, leaderId: null, members: [] })
        case 'syncArrive':
          return this.send({ kind: 'syncResponse', ...base, error, generation: task.generation, assignment: [] })
        case 'heartbeatArrive':
          return this.send({ kind: 'heartbeatResponse', ...base, error, generation: task.generation })
        case 'commitArrive':
          return this.send({ kind: 'commitResponse', ...base, error, offsets: task.offsets, purpose: task.purpose })
        case 'offsetFetchArrive':
          return this.send({ kind: 'offsetFetchResponse', ...base, error, generation: task.generation, offsets: Object.fromEntries(task.partitions.map((k) => [k, null])) })
        case 'leaveArrive':
          return
      }
    }
    const g = this.group(task.group)
    // The first request a coordinator serves for a group loads it (later moves load it in the controller).
    if (g.loadedOn !== coord) coordinator.loadGroup(this, g, coord)
    switch (task.kind) {
      case 'joinArrive':
        return coordinator.onJoinArrive(this, g, task.request, task.consumer, task.inc)
      case 'syncArrive':
        return coordinator.onSyncArrive(this, g, task.memberId, task.generation, task.assignment, task.consumer, task.inc)
      case 'heartbeatArrive':
        return coordinator.onHeartbeatArrive(this, g, task.memberId, task.generation, task.consumer, task.inc)
      case 'leaveArrive':
        return coordinator.onLeaveArrive(this, g, task.memberId, task.reason)
      case 'commitArrive':
        return coordinator.onCommitArrive(this, g, task.memberId, task.generation, task.offsets, task.purpose, task.consumer, task.inc)
      case 'offsetFetchArrive':
        return coordinator.onOffsetFetchArrive(this, g, task.partitions, task.generation, task.consumer, task.inc)
    }
  }

  private handleConsumerTask(task: Task): void {
    if (!('consumer' in task)) return
    const c = this.consumer(task.consumer)
    if (c.incarnation !== task.inc) return
    if (task.kind === 'commitResponse') return consumer.onCommitResponse(this, c, task.error, task.offsets, task.purpose)
    if (!consumer.isRunning(c)) return
    switch (task.kind) {
      case 'consumerStart':
        this.emit({ type: 'consumerStarted', consumer: c.id, group: c.groupId, topics: [...c.topics] })
        this.touch()
        return consumer.onConsumerStart(this, c)
      case 'recordDone':
        return consumer.onRecordDone(this, c)
      case 'pollTimeoutCheck':
        consumer.checkPollTimeout(this, c)
        return
      case 'pollWake':
        return consumer.onPollWake(this, c)
      case 'heartbeatTick':
        return consumer.onHeartbeatTick(this, c)
      case 'consumerMetadata':
        return consumer.onConsumerMetadata(this, c)
      case 'joinResponse':
        return consumer.onJoinResponse(this, c, task.error, task.memberId, task.generation, task.protocol, task.leaderId, task.members, task.skipAssignment)
      case 'syncResponse':
        return consumer.onSyncResponse(this, c, task.error, task.generation, task.assignment)
      case 'heartbeatResponse':
        return consumer.onHeartbeatResponse(this, c, task.error, task.generation)
      case 'offsetFetchResponse':
        return consumer.onOffsetFetchResponse(this, c, task.error, task.offsets)
      case 'findCoordinatorResponse':
        return consumer.onFindCoordinatorResponse(this, c, task.coordinator)
      case 'fetchResponse':
        return consumer.onFetchResponse(this, c, task.data)
    }
  }

  // ---- Commands ----

  private findProducer(id: string): ProducerState {
    const p = this.s.producers.find((x) => x.id === id)
    if (!p) throw new KafkaRefusal('UNKNOWN_CLIENT', `There is no producer called "${id}".`)
    return p
  }

  private findConsumer(id: string): ConsumerState {
    const c = this.s.consumers.find((x) => x.id === id)
    if (!c) throw new KafkaRefusal('UNKNOWN_CLIENT', `There is no consumer called "${id}".`)
    return c
  }

  /** killBroker's target: the broker named by id, or the one leading `leaderOf` now. */
  private brokerToKill(cmd: Extract<Command, { type: 'killBroker' }>): number {
    if (typeof cmd.broker === 'number' && cmd.leaderOf === undefined) return cmd.broker
    const ref = cmd.leaderOf
    if (cmd.broker !== undefined || typeof ref !== 'object' || ref === null || typeof ref.topic !== 'string' || !Number.isInteger(ref.partition)) {
      throw new KafkaRefusal('INVALID_COMMAND', 'killBroker takes either broker (an id) or leaderOf: { topic, partition }.')
    }
    const p = this.partition(ref.topic, ref.partition)
    if (!p) throw new KafkaRefusal('UNKNOWN_TOPIC_OR_PARTITION', `There is no partition ${ref.topic}-${ref.partition}.`)
    if (p.leader < 0) throw new KafkaRefusal('LEADER_NOT_AVAILABLE', `${ref.topic}-${ref.partition} has no leader.`)
    return p.leader
  }

  private apply(command: Command): CommandResult {
    try {
      this.run(command)
      return { ok: true }
    } catch (e) {
      if (!(e instanceof KafkaRefusal)) throw e
      this.emit({ type: 'commandRefused', command: command.type, error: e.error, message: e.message })
      return { ok: false, error: e.error, message: e.message }
    }
  }

  private run(cmd: Command): void {
    switch (cmd.type) {
      // New replicas start fetching from their leaders (a cluster that had nothing to replicate has no fetchers yet).
      case 'createTopic':
        createTopic(this, cmd.name, cmd.partitions, cmd.replicationFactor ?? this.s.cluster.broker['default.replication.factor'], cmd.config ?? {})
        ensureReplicaFetchers(this)
        return
      case 'addPartitions':
        addPartitions(this, cmd.topic, cmd.count)
        ensureReplicaFetchers(this)
        return
      case 'setTopicConfig': {
        const topic = this.topic(cmd.topic)
        if (!topic) throw new KafkaRefusal('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${cmd.topic}' does not exist.`)
        setConfig(topic.config, TOPIC_DEFAULTS, cmd.key, cmd.value)
        this.emit({ type: 'topicConfigChanged', topic: topic.name, setting: cmd.key, value: String(cmd.value) })
        this.touch()
        return
      }
      case 'setBrokerConfig': {
        setConfig(this.s.cluster.broker, BROKER_DEFAULTS, cmd.key, cmd.value)
        this.emit({ type: 'brokerConfigChanged', setting: cmd.key, value: String(cmd.value) })
        this.touch()
        return
      }
      case 'killBroker':
        return killBroker(this, this.brokerToKill(cmd))
      case 'restartBroker': {
        if (cmd.allDown === true ? cmd.broker !== undefined : typeof cmd.broker !== 'number') {
          throw new KafkaRefusal('INVALID_COMMAND', 'restartBroker takes either broker (an id) or allDown: true.')
        }
        if (typeof cmd.broker === 'number') return restartBroker(this, cmd.broker)
        const down = this.s.brokers.filter((b) => !b.alive)
        if (down.length === 0) throw new KafkaRefusal('INVALID_REQUEST', 'No broker is down.')
        for (const b of down) restartBroker(this, b.id)
        return
      }
      case 'slowBroker':
        return setBrokerSlow(this, cmd.broker, cmd.slow ?? true)
      case 'addBroker':
        addBroker(this)
        return
      case 'electPreferredLeaders':
        electPreferredLeaders(this)
        return
      case 'addProducer': {
        if (!this.topic(cmd.topic)) throw new KafkaRefusal('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${cmd.topic}' does not exist.`)
        const id = cmd.id ?? this.nextClientId('producer')
        if (this.s.producers.some((p) => p.id === id) || this.s.consumers.some((c) => c.id === id)) {
          throw new KafkaRefusal('INVALID_COMMAND', `The name "${id}" is already taken.`)
        }
        const base = this.s.producers.find((p) => p.topic === cmd.topic)
        const config: Partial<ProducerConfig> = { ...(base?.config ?? {}), ...(cmd.config ?? {}) }
        // Only an explicit enable.idempotence carries over; a default one is settled again against acks.
        if (cmd.config?.['enable.idempotence'] === undefined && !base?.idempotenceExplicit) delete config['enable.idempotence']
        this.addProducerFromSpec({
          id,
          topic: cmd.topic,
          rate: cmd.rate ?? base?.rate ?? 1,
          maxRecords: cmd.maxRecords ?? null,
          startAt: this.s.now,
          keys: cmd.keys ?? base?.keys ?? { mode: 'none' },
          value: cmd.value ?? base?.value ?? { kind: 'click-event', users: 3 },
          partitioner: cmd.partitioner ?? base?.partitioner ?? 'sticky',
          partition: null,
          config,
        })
        return
      }
      case 'setProducerRate': {
        const p = this.findProducer(cmd.producer)
        if (!Number.isFinite(cmd.rate) || cmd.rate < 0 || cmd.rate > 1_000_000) {
          throw new KafkaRefusal('INVALID_COMMAND', `A rate must be between 0 and 1000000 records per second, not ${cmd.rate}.`)
        }
        p.rate = cmd.rate
        if (p.maxRecords !== null && p.generated >= p.maxRecords) p.maxRecords = null
        producer.reanchor(this, p)
        this.emit({ type: 'producerChanged', producer: p.id, setting: 'rate', value: `${cmd.rate} records/s` })
        this.touch()
        return
      }
      case 'setProducerKeys': {
        const p = this.findProducer(cmd.producer)
        const skew = cmd.keys.mode === 'user-id' ? cmd.keys.skew : undefined
        if (skew && !(Number.isInteger(skew.user) && skew.user >= 0 && Number.isFinite(skew.percent) && skew.percent >= 0 && skew.percent <= 100)) {
          throw new KafkaRefusal('INVALID_COMMAND', 'A hot key needs a user number and a percentage between 0 and 100.')
        }
        p.keys = cloneData(cmd.keys)
        this.emit({ type: 'producerChanged', producer: p.id, setting: 'keys', value: describeKeys(cmd.keys) })
        this.touch()
        return
      }
      case 'setPartitioner': {
        const p = this.findProducer(cmd.producer)
        if (!['sticky', 'round-robin', 'random'].includes(cmd.partitioner)) {
          throw new KafkaRefusal('INVALID_COMMAND', `Unknown partitioner "${cmd.partitioner}".`)
        }
        p.partitioner = cmd.partitioner as NullKeyPartitioner
        p.sticky = null
        this.emit({ type: 'producerChanged', producer: p.id, setting: 'partitioner', value: cmd.partitioner })
        this.touch()
        return
      }
      case 'setProducerConfig': {
        const p = this.findProducer(cmd.producer)
        const next: ProducerConfig = { ...p.config }
        setConfig(next, PRODUCER_DEFAULTS, cmd.key, cmd.value)
        // The change acts like a producer built with the new config: idempotence is settled against acks again.
        const explicit = p.idempotenceExplicit || cmd.key === 'enable.idempotence'
        if (!explicit) next['enable.idempotence'] = PRODUCER_DEFAULTS['enable.idempotence']
        const idempotence = resolveIdempotence(next, explicit)
        if ('error' in idempotence) throw new KafkaRefusal('INVALID_CONFIG', idempotence.error)
        next['enable.idempotence'] = idempotence.idempotence
        const was = p.config['enable.idempotence']
        Object.assign(p.config, next)
        p.idempotenceExplicit = explicit
        const event: SimEventInput = { type: 'producerChanged', producer: p.id, setting: cmd.key, value: String(cmd.value) }
        if (cmd.key !== 'enable.idempotence' && was !== idempotence.idempotence) {
          event.note = idempotence.note ?? 'Idempotence is on again: enable.idempotence was never set, and its default is true.'
        }
        this.emit(event)
        this.touch()
        return
      }
      case 'produce': {
        const p = this.findProducer(cmd.producer)
        if (!Number.isInteger(cmd.count) || cmd.count < 1 || cmd.count > 100_000) {
          throw new KafkaRefusal('INVALID_COMMAND', `Can send between 1 and 100000 records at once, not ${cmd.count}.`)
        }
        producer.produceNow(this, p, cmd.count)
        return
      }
      case 'stopProducer': {
        const p = this.findProducer(cmd.producer)
        p.rate = 0
        producer.reanchor(this, p)
        this.emit({ type: 'producerChanged', producer: p.id, setting: 'rate', value: '0 records/s (stopped)' })
        this.touch()
        return
      }
      case 'addConsumer': {
        const id = cmd.id ?? this.nextClientId('consumer')
        if (this.s.producers.some((p) => p.id === id) || this.s.consumers.some((c) => c.id === id)) {
          throw new KafkaRefusal('INVALID_COMMAND', `The name "${id}" is already taken.`)
        }
        // A new member is started like the others in its group (same code, same config), unless told otherwise.
        const like = [...this.s.consumers].reverse().find((c) => c.groupId === cmd.group)
        const topics = cmd.topics ?? like?.topics ?? this.s.topics.slice(0, 1).map((t) => t.name)
        for (const t of topics) {
          if (!this.topic(t)) throw new KafkaRefusal('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${t}' does not exist.`)
        }
        if (topics.length === 0) throw new KafkaRefusal('INVALID_COMMAND', 'A consumer must subscribe to at least one topic.')
        const config: Partial<ConsumerConfig> = { ...(like ? cloneData(like.config) : {}), ...(cmd.config ?? {}) }
        if (like && like.config['group.instance.id'] !== null && cmd.config?.['group.instance.id'] === undefined) {
          config['group.instance.id'] = id
        }
        this.addConsumerFromSpec({ id, group: cmd.group, topics, startAt: this.s.now, processingMs: cmd.processingMs ?? like?.processingMs ?? 0, config })
        return
      }
      case 'crashConsumer':
        return consumer.crashConsumer(this, this.findConsumer(cmd.consumer))
      case 'closeConsumer':
        return consumer.closeConsumer(this, this.findConsumer(cmd.consumer), 'closed by the learner')
      case 'restartConsumer': {
        const c = this.findConsumer(cmd.consumer)
        if (consumer.isRunning(c)) throw new KafkaRefusal('INVALID_COMMAND', `${c.id} is already running.`)
        resetConsumer(c)
        this.startConsumer(c, this.s.now)
        return
      }
      case 'setProcessingTime': {
        const c = this.findConsumer(cmd.consumer)
        if (!Number.isFinite(cmd.ms) || cmd.ms < 0 || cmd.ms > 3_600_000) {
          throw new KafkaRefusal('INVALID_COMMAND', `Processing time must be between 0 and 3600000 ms, not ${cmd.ms}.`)
        }
        c.processingMs = Math.round(cmd.ms)
        this.emit({ type: 'consumerChanged', consumer: c.id, group: c.groupId, setting: 'processing time', value: `${c.processingMs} ms per record` })
        this.touch()
        return
      }
      case 'setConsumerConfig': {
        const c = this.findConsumer(cmd.consumer)
        this.reconfigure(c, cmd.key, cmd.value)
        return
      }
      case 'setGroupConfig': {
        const members = this.s.consumers.filter((c) => c.groupId === cmd.group)
        if (members.length === 0) throw new KafkaRefusal('INVALID_COMMAND', `There is no consumer group called "${cmd.group}".`)
        for (const c of members) this.reconfigure(c, cmd.key, cmd.value)
        return
      }
      case 'subscribe': {
        const c = this.findConsumer(cmd.consumer)
        if (cmd.topics.length === 0) throw new KafkaRefusal('INVALID_COMMAND', 'A consumer must subscribe to at least one topic.')
        for (const t of cmd.topics) {
          if (!this.topic(t)) throw new KafkaRefusal('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${t}' does not exist.`)
        }
        c.topics = [...cmd.topics]
        this.emit({ type: 'consumerChanged', consumer: c.id, group: c.groupId, setting: 'subscription', value: cmd.topics.join(', ') })
        if (consumer.isRunning(c)) {
          c.needsRejoin = true
          c.rejoinReason = 'subscription changed'
          consumer.wake(this, c)
        }
        this.touch()
        return
      }
    }
  }

  /** A config change takes effect the way a restart with the new config would: the member rejoins. */
  private reconfigure(c: ConsumerState, key: keyof ConsumerConfig, value: unknown): void {
    const next: ConsumerConfig = { ...c.config }
    setConfig(next, CONSUMER_DEFAULTS, key, value)
    if (next['heartbeat.interval.ms'] >= next['session.timeout.ms']) {
      throw new KafkaRefusal('INVALID_CONFIG', `${HEARTBEAT_BELOW_SESSION} (heartbeat.interval.ms ${next['heartbeat.interval.ms']}, session.timeout.ms ${next['session.timeout.ms']}).`)
    }
    Object.assign(c.config, next)
    this.emit({ type: 'consumerChanged', consumer: c.id, group: c.groupId, setting: key, value: Array.isArray(value) ? value.join(', ') : String(value) })
    if (consumer.isRunning(c) && REJOIN_KEYS.has(key)) {
      c.needsRejoin = true
      c.rejoinReason = `${key} changed`
      consumer.wake(this, c)
    }
    this.touch()
  }
}

const REJOIN_KEYS = new Set<keyof ConsumerConfig>(['partition.assignment.strategy', 'session.timeout.ms', 'max.poll.interval.ms', 'group.instance.id'])

function describeKeys(keys: KeySpec): string {
  switch (keys.mode) {
    case 'none':
      return 'no key'
    case 'user-id':
      return keys.skew ? `user id (${keys.skew.percent}% of events from user_${keys.skew.user})` : 'user id'
    case 'custom':
      return keys.keys.join(', ')
  }
}

function setConfig<T extends object>(config: T, defaults: Readonly<T>, key: keyof T, value: unknown): void {
  const def = defaults[key]
  const ok =
    key in defaults &&
    (Array.isArray(def)
      ? Array.isArray(value) && value.length > 0
      : def === null
        ? value === null || (typeof value === 'string' && value.length > 0)
        : typeof def === typeof value)
  if (!ok) throw new KafkaRefusal('INVALID_CONFIG', `${String(key)} cannot be set to ${JSON.stringify(value)}.`)
  if (typeof value === 'number') {
    // Kafka's ConfigDef wording: "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1".
    const min = configMinimum(String(key))
    if (!Number.isInteger(value) || value < min) {
      throw new KafkaRefusal('INVALID_CONFIG', `Invalid value ${String(value)} for configuration ${String(key)}: ${Number.isInteger(value) ? `Value must be at least ${min}` : 'Not a whole number'}${min === -1 ? ' (-1 means no limit)' : ''}.`)
    }
  }
  if (key === 'acks' && !['all', '1', '0'].includes(value as string)) {
    throw new KafkaRefusal('INVALID_CONFIG', `Invalid value ${String(value)} for configuration acks: String must be one of: all, -1, 0, 1`)
  }
  if (key === 'auto.offset.reset' && !['earliest', 'latest', 'none'].includes(value as string)) {
    throw new KafkaRefusal('INVALID_CONFIG', `Invalid value ${String(value)} for configuration auto.offset.reset: String must be one of: latest, earliest, none`)
  }
  config[key] = cloneData(value) as T[keyof T]
}

function resetConsumer(c: ConsumerState): void {
  c.incarnation++
  c.phase = 'unjoined'
  c.memberId = ''
  c.generation = -1
  c.protocol = null
  c.owned = []
  c.positions = {}
  c.positionEpochs = {}
  c.processed = {}
  c.buffer = {}
  c.fetching = {}
  c.needsRejoin = false
  c.joinReason = ''
  c.processing = false
  c.work = []
  c.commitBeforeJoin = false
  c.isLeader = false
  c.wakeAt = -1
  c.offsetFetchPending = {}
  c.lastCommitted = {}
  c.assignedMetadata = {}
  c.stopReason = ''
}

/** Creates a simulation from a checked scenario. */
export function createSimulation(scenario: Scenario, options: { seed?: number } = {}): Simulation {
  return new Simulation(scenario, options.seed ?? scenario.seed)
}
