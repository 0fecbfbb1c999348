/**
 * A consumer client in a group (classic protocol) and the application loop around it, the way
 * consumer.py runs: `for record in consumer: process(record)`.
 *
 * Client side of the rebalance (ConsumerCoordinator / AbstractCoordinator): JoinGroup happens inside
 * poll(); before rejoining, auto-commit commits and, under the eager protocol, every partition is
 * revoked; after SyncGroup the cooperative protocol revokes only what moved and rejoins at once.
 * The heartbeat thread learns of rebalances and enforces max.poll.interval.ms.
 */
import type { Sim } from './context'
import { parseTp, tp } from './context'
import { assignPartitions } from './assignors'
import { periodMs } from './config'
import type { AssignorName, MemberSubscription, TopicPartition } from './assignors/types'
import { compareTopicPartitions, tpKey } from './assignors/types'
import type { ConsumerState, PartitionState } from './model'
import type { CommitPurpose, FetchedPartition } from './tasks'

/** The rebalance protocol a consumer uses: cooperative only if every configured assignor supports it. */
export function rebalanceProtocol(strategies: readonly AssignorName[]): 'eager' | 'cooperative' {
  return strategies.length > 0 && strategies.every((s) => s === 'cooperative-sticky') ? 'cooperative' : 'eager'
}

function isCooperative(c: ConsumerState): boolean {
  return rebalanceProtocol(c.config['partition.assignment.strategy']) === 'cooperative'
}

export function isRunning(c: ConsumerState): boolean {
  return c.phase !== 'crashed' && c.phase !== 'closed'
}

function emitBase(c: ConsumerState) {
  return { group: c.groupId, consumer: c.id }
}

function dropPartition(c: ConsumerState, key: string): void {
  delete c.positions[key]
  delete c.positionEpochs[key]
  delete c.buffer[key]
  delete c.fetching[key]
  delete c.offsetFetchPending[key]
}

const NOT_IN_GROUP =
  'CommitFailedException: Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group'

// Kafka's own wording: ConsumerCoordinator.OffsetCommitResponseHandler and the Errors enum.
const REBALANCE_IN_PROGRESS_MESSAGE =
  'Offset commit cannot be completed since the consumer group is executing a rebalance at the moment. You can try completing the rebalance by calling poll() and then retry commit again'
const FENCED_INSTANCE_ID_MESSAGE =
  'The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.'
const INVALID_SESSION_TIMEOUT_MESSAGE =
  'The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).'

/** Backoff before looking for the coordinator again (the client's retry.backoff.max.ms). */
const COORDINATOR_RETRY_MS = 1000

function isCoordinatorError(error: string | null): boolean {
  return error === 'NOT_COORDINATOR' || error === 'COORDINATOR_NOT_AVAILABLE'
}

/** markCoordinatorUnknown: the next request to the coordinator first looks it up again. */
function lostCoordinator(c: ConsumerState): void {
  c.coordinator = -1
}

/**
 * ensureCoordinatorReady: true when the coordinator is known; otherwise sends FindCoordinator (to any
 * broker that is up) and returns false.
 */
export function ensureCoordinator(sim: Sim, c: ConsumerState): boolean {
  if (c.coordinator >= 0) return true
  if (c.findingCoordinator) return false
  const bootstrap = sim.s.brokers.find((b) => b.alive)
  if (!bootstrap) {
    scheduleWake(sim, c, sim.s.now + COORDINATOR_RETRY_MS)
    return false
  }
  c.findingCoordinator = true
  sim.send({ kind: 'findCoordinatorArrive', group: c.groupId, consumer: c.index, inc: c.incarnation, sentAt: sim.s.now })
  return false
}

export function onFindCoordinatorResponse(sim: Sim, c: ConsumerState, coordinator: number): void {
  c.findingCoordinator = false
  if (coordinator < 0) {
    // COORDINATOR_NOT_AVAILABLE: try again after a backoff.
    scheduleWake(sim, c, sim.s.now + COORDINATOR_RETRY_MS)
    return
  }
  if (c.coordinator !== coordinator) sim.emit({ type: 'coordinatorFound', group: c.groupId, consumer: c.id, broker: coordinator })
  c.coordinator = coordinator
  wake(sim, c)
}

/** The application calls poll(): everything the client does happens from here. */
export function poll(sim: Sim, c: ConsumerState): void {
  if (!isRunning(c) || c.processing) return
  c.lastPollAt = sim.s.now
  const inRebalance = c.phase === 'joining' || c.phase === 'syncing' || c.commitBeforeJoin
  if (!inRebalance && (c.phase === 'unjoined' || c.needsRejoin)) {
    if (!ensureCoordinator(sim, c)) return
    prepareJoin(sim, c)
  }
  if (c.phase !== 'stable' || c.commitBeforeJoin) {
    // A rebalance is under way. Under the cooperative protocol poll() does not block on it (KIP-429):
    // what the member keeps goes on being fetched and returned. Under eager, onJoinPrepare marks
    // every partition pending revocation: nothing more is returned.
    if (c.owned.length === 0 || !isCooperative(c)) return
  } else if (ensureCoordinator(sim, c)) {
    // Without a known coordinator the consumer still fetches what it owns; commits wait for it.
    maybeAutoCommit(sim, c)
    fetchMissingPositions(sim, c)
  }
  const took = takeRecords(c)
  sendFetches(sim, c)
  if (took > 0) {
    c.processing = true
    // The heartbeat thread notices an expired poll timeout within retry.backoff.ms.
    sim.at(c.lastPollAt + c.config['max.poll.interval.ms'] + c.config['retry.backoff.ms'], { kind: 'pollTimeoutCheck', consumer: c.index, inc: c.incarnation })
    processWork(sim, c)
    return
  }
  // Idle inside poll(): wake for data, a rebalance, or the next auto-commit.
  if (c.config['enable.auto.commit'] && c.nextAutoCommitAt > sim.s.now) scheduleWake(sim, c, c.nextAutoCommitAt)
}

/** Returns up to max.poll.records buffered records; their positions advance now (as in Java). */
function takeRecords(c: ConsumerState): number {
  let budget = c.config['max.poll.records']
  let took = 0
  for (const owned of c.owned) {
    if (budget <= 0) break
    const key = tpKey(owned)
    const buf = c.buffer[key]
    if (!buf || buf[0] >= buf[1]) continue
    const n = Math.min(budget, buf[1] - buf[0])
    c.work.push([owned.topic, owned.partition, buf[0], buf[0] + n])
    buf[0] += n
    if (buf[0] >= buf[1]) delete c.buffer[key]
    c.positions[key] = buf[0]
    budget -= n
    took += n
  }
  return took
}

/** Runs the application over the polled records: all at once, or one per processing time. */
function processWork(sim: Sim, c: ConsumerState): void {
  if (c.processingMs > 0) {
    sim.at(sim.s.now + c.processingMs, { kind: 'recordDone', consumer: c.index, inc: c.incarnation })
    return
  }
  for (const [topic, partition, from, until] of c.work) processed(sim, c, topic, partition, from, until)
  c.work = []
  finishBatch(sim, c)
}

export function onRecordDone(sim: Sim, c: ConsumerState): void {
  const item = c.work[0]
  if (!item) return
  const [topic, partition, from, until] = item
  processed(sim, c, topic, partition, from, from + 1)
  if (from + 1 >= until) c.work.shift()
  else item[2] = from + 1
  if (c.work.length > 0) sim.at(sim.s.now + c.processingMs, { kind: 'recordDone', consumer: c.index, inc: c.incarnation })
  else finishBatch(sim, c)
}

function processed(sim: Sim, c: ConsumerState, topic: string, partition: number, from: number, until: number): void {
  const g = sim.group(c.groupId)
  const key = tp(topic, partition)
  const high = g.processedHigh[key] ?? 0
  const duplicates = Math.max(0, Math.min(until, high) - from)
  if (until > high) g.processedHigh[key] = until
  const n = until - from
  g.consumed += n
  g.duplicates += duplicates
  sim.s.counters.consumed += n
  sim.s.counters.duplicates += duplicates
  c.processed[key] = until
  sim.emit({ type: 'recordsProcessed', ...emitBase(c), topic, partition, from, to: until - 1, duplicates })
}

/** The records of one poll are processed: commit them if the app commits itself, then poll again. */
function finishBatch(sim: Sim, c: ConsumerState): void {
  c.processing = false
  if (!c.config['enable.auto.commit'] && c.generation < 0 && c.owned.length > 0) {
    // commitSync() outside an active generation fails in the client: nothing is committed.
    sim.emit({ type: 'commitFailed', ...emitBase(c), error: NOT_IN_GROUP })
  } else if (!c.config['enable.auto.commit'] && c.generation >= 0 && c.phase === 'stable') {
    const offsets: Record<string, number> = {}
    for (const owned of c.owned) {
      const key = tpKey(owned)
      const done = c.processed[key]
      if (done !== undefined && done !== c.lastCommitted[key]) offsets[key] = done
    }
    if (Object.keys(offsets).length > 0) {
      // commitSync(): the application waits for the answer before it polls again.
      c.processing = true
      sendCommit(sim, c, offsets, 'after-processing')
      return
    }
  }
  poll(sim, c)
}

function sendCommit(sim: Sim, c: ConsumerState, offsets: Record<string, number>, purpose: CommitPurpose): void {
  sim.send({ kind: 'commitArrive', group: c.groupId, broker: c.coordinator, memberId: c.memberId, generation: c.generation, offsets, purpose, consumer: c.index, inc: c.incarnation, sentAt: sim.s.now })
}

/** Positions of owned partitions that differ from what this member last committed. */
function positionsToCommit(c: ConsumerState): Record<string, number> {
  const offsets: Record<string, number> = {}
  for (const owned of c.owned) {
    const key = tpKey(owned)
    const pos = c.positions[key]
    if (pos !== undefined && pos !== c.lastCommitted[key]) offsets[key] = pos
  }
  return offsets
}

function maybeAutoCommit(sim: Sim, c: ConsumerState): void {
  if (!c.config['enable.auto.commit'] || sim.s.now < c.nextAutoCommitAt) return
  c.nextAutoCommitAt = sim.s.now + c.config['auto.commit.interval.ms']
  // Java commits every interval even when nothing moved; the simulator skips empty commits to keep the log readable.
  const offsets = positionsToCommit(c)
  if (Object.keys(offsets).length > 0) sendCommit(sim, c, offsets, 'auto')
}

/** onJoinPrepare: commit first if auto-commit is on, then (eager) revoke everything, then JoinGroup. */
function prepareJoin(sim: Sim, c: ConsumerState): void {
  c.joinReason = c.needsRejoin ? c.rejoinReason : ''
  c.needsRejoin = false
  if (c.phase === 'stable' && c.generation < 0 && c.config['enable.auto.commit'] && Object.keys(positionsToCommit(c)).length > 0) {
    // onJoinPrepare's auto-commit fails: the member is no longer in an active generation.
    sim.emit({ type: 'commitFailed', ...emitBase(c), error: NOT_IN_GROUP })
  }
  if (c.phase === 'stable' && c.generation >= 0 && c.config['enable.auto.commit']) {
    const offsets = positionsToCommit(c)
    if (Object.keys(offsets).length > 0) {
      c.commitBeforeJoin = true
      sendCommit(sim, c, offsets, 'before-rebalance')
      return
    }
  }
  sendJoin(sim, c)
}

function sendJoin(sim: Sim, c: ConsumerState): void {
  c.commitBeforeJoin = false
  let owned = c.owned
  const ownedGeneration = c.generation
  if (c.owned.length > 0) {
    const keys = c.owned.map(tpKey)
    if (c.generation < 0) {
      // The member fell out of the group: its partitions are lost, not revoked (no commit possible).
      sim.emit({ type: 'partitionsLost', ...emitBase(c), partitions: keys })
      for (const k of keys) dropPartition(c, k)
      c.owned = []
      owned = []
    } else if (!isCooperative(c)) {
      // Eager: give up everything before rejoining; StickyAssignor still reports what it had.
      sim.emit({ type: 'partitionsRevoked', ...emitBase(c), partitions: keys })
      for (const k of keys) dropPartition(c, k)
      c.owned = []
    } else {
      // Cooperative: keep everything still subscribed.
      const gone = c.owned.filter((x) => !c.topics.includes(x.topic))
      if (gone.length > 0) {
        sim.emit({ type: 'partitionsRevoked', ...emitBase(c), partitions: gone.map(tpKey) })
        for (const x of gone) dropPartition(c, tpKey(x))
        c.owned = c.owned.filter((x) => c.topics.includes(x.topic))
      }
      owned = c.owned
    }
    sim.touch()
  }
  c.phase = 'joining'
  sim.send({
    kind: 'joinArrive',
    group: c.groupId,
    broker: c.coordinator,
    request: {
      memberId: c.memberId,
      instanceId: c.config['group.instance.id'],
      topics: [...c.topics],
      owned: owned.map((x) => ({ ...x })),
      ownedGeneration,
      protocols: [...c.config['partition.assignment.strategy']],
      sessionTimeoutMs: c.config['session.timeout.ms'],
      rebalanceTimeoutMs: c.config['max.poll.interval.ms'],
      reason: c.joinReason,
    },
    consumer: c.index,
    inc: c.incarnation,
    sentAt: sim.s.now,
  })
}

export function onJoinResponse(
  sim: Sim,
  c: ConsumerState,
  error: string | null,
  memberId: string,
  generation: number,
  protocol: AssignorName | null,
  leaderId: string | null,
  members: MemberSubscription[],
  skipAssignment = false,
): void {
  if (c.phase !== 'joining') return
  if (isCoordinatorError(error)) {
    lostCoordinator(c)
    c.phase = 'unjoined'
    wake(sim, c)
    return
  }
  if (error === 'FENCED_INSTANCE_ID') {
    fenced(sim, c)
    return
  }
  if (error === 'MEMBER_ID_REQUIRED') {
    c.memberId = memberId
    sendJoin(sim, c)
    return
  }
  if (error === 'UNKNOWN_MEMBER_ID' || error === 'ILLEGAL_GENERATION') {
    c.memberId = ''
    c.generation = -1
    sendJoin(sim, c)
    return
  }
  if (error === 'INVALID_SESSION_TIMEOUT') {
    fail(sim, c, 'InvalidSessionTimeoutException', INVALID_SESSION_TIMEOUT_MESSAGE)
    return
  }
  if (error) {
    fail(sim, c, error, error === 'INCONSISTENT_GROUP_PROTOCOL' ? 'no assignor is supported by every member of the group' : 'the coordinator refused to let it join')
    return
  }
  c.memberId = memberId
  c.generation = generation
  c.protocol = protocol
  c.isLeader = leaderId === memberId
  let assignment: Record<string, TopicPartition[]> | null = null
  if (c.isLeader && skipAssignment) {
    // KIP-814: a returning static leader gets the members only to watch their topics; the
    // assignment stands.
    const partitionsPerTopic: Record<string, number> = {}
    for (const m of members) for (const t of m.topics) partitionsPerTopic[t] = sim.topic(t)?.partitions.length ?? 0
    c.assignedMetadata = { ...partitionsPerTopic }
    Object.assign(c.knownPartitions, partitionsPerTopic)
  } else if (c.isLeader && members.length > 0 && protocol) {
    // The leader runs the assignor on the group's subscriptions with the metadata it has now.
    const partitionsPerTopic: Record<string, number> = {}
    for (const m of members) {
      for (const t of m.topics) {
        const topic = sim.topic(t)
        if (topic) partitionsPerTopic[t] = topic.partitions.length
      }
    }
    assignment = assignPartitions(protocol, partitionsPerTopic, members)
    c.assignedMetadata = { ...partitionsPerTopic }
    Object.assign(c.knownPartitions, partitionsPerTopic)
  }
  c.phase = 'syncing'
  sim.send({ kind: 'syncArrive', group: c.groupId, broker: c.coordinator, memberId: c.memberId, generation: c.generation, assignment, consumer: c.index, inc: c.incarnation, sentAt: sim.s.now })
}

export function onSyncResponse(sim: Sim, c: ConsumerState, error: string | null, generation: number, assignment: TopicPartition[]): void {
  if (c.phase !== 'syncing') return
  if (error === 'FENCED_INSTANCE_ID') {
    fenced(sim, c)
    return
  }
  if (isCoordinatorError(error)) {
    // The coordinator went away (NOT_COORDINATOR from onUnloaded): find the new one and send JoinGroup
    // again. onJoinPrepare already ran for this rebalance, so nothing is committed or revoked first.
    lostCoordinator(c)
    c.phase = 'unjoined'
    wake(sim, c)
    return
  }
  if (error) {
    if (error !== 'REBALANCE_IN_PROGRESS') {
      c.generation = -1
      if (error === 'UNKNOWN_MEMBER_ID') c.memberId = ''
    }
    c.phase = 'stable'
    c.needsRejoin = true
    c.rejoinReason = error
    wake(sim, c)
    return
  }
  c.generation = generation
  const assigned = [...assignment].sort(compareTopicPartitions)
  const assignedKeys = new Set(assigned.map(tpKey))
  const ownedKeys = new Set(c.owned.map(tpKey))
  const revoked = c.owned.filter((x) => !assignedKeys.has(tpKey(x)))
  const added = assigned.filter((x) => !ownedKeys.has(tpKey(x)))
  if (revoked.length > 0) {
    // Cooperative: give up what moved, then rejoin at once so it can be handed over.
    sim.emit({ type: 'partitionsRevoked', ...emitBase(c), partitions: revoked.map(tpKey) })
    for (const x of revoked) dropPartition(c, tpKey(x))
    c.needsRejoin = true
    c.rejoinReason = 'need to revoke partitions and re-join'
  }
  c.owned = [...c.owned.filter((x) => assignedKeys.has(tpKey(x))), ...added].sort(compareTopicPartitions)
  if (added.length > 0) sim.emit({ type: 'partitionsAssigned', ...emitBase(c), partitions: added.map(tpKey) })
  c.phase = 'stable'
  sim.touch()
  wake(sim, c)
}

/** Asks the coordinator for committed offsets of owned partitions without a position. */
function fetchMissingPositions(sim: Sim, c: ConsumerState): void {
  const missing = c.owned.map(tpKey).filter((k) => c.positions[k] === undefined && !c.offsetFetchPending[k])
  if (missing.length === 0) return
  for (const k of missing) c.offsetFetchPending[k] = true
  sim.send({ kind: 'offsetFetchArrive', group: c.groupId, broker: c.coordinator, partitions: missing, generation: c.generation, consumer: c.index, inc: c.incarnation, sentAt: sim.s.now })
}

export function onOffsetFetchResponse(sim: Sim, c: ConsumerState, error: string | null, offsets: Record<string, number | null>): void {
  if (error) {
    for (const key of Object.keys(offsets)) delete c.offsetFetchPending[key]
    if (isCoordinatorError(error)) lostCoordinator(c)
    wake(sim, c)
    return
  }
  const noOffset: string[] = []
  for (const [key, committed] of Object.entries(offsets)) {
    if (!c.offsetFetchPending[key]) continue
    delete c.offsetFetchPending[key]
    if (!c.owned.some((x) => tpKey(x) === key)) continue
    const { topic, partition } = parseTp(key)
    const p = sim.partition(topic, partition)
    if (!p) continue
    if (committed !== null && committed >= p.log.logStartOffset && committed <= p.log.logEndOffset) {
      c.positions[key] = committed
      delete c.positionEpochs[key]
      c.lastCommitted[key] = committed
      sim.emit({ type: 'positionSet', ...emitBase(c), partition: key, offset: committed, from: 'committed', reason: 'committed offset found', skipped: 0 })
      continue
    }
    if (committed !== null) c.lastCommitted[key] = committed
    if (committed === null && c.config['auto.offset.reset'] === 'none') {
      noOffset.push(key)
      continue
    }
    const reason = committed === null ? 'no committed offset' : `committed offset ${committed} is out of range`
    if (!resetPosition(sim, c, key, reason, committed ?? undefined)) return
  }
  if (noOffset.length > 0) {
    // SubscriptionState.resetInitializingPositions throws once for every partition without an offset.
    fail(sim, c, 'NoOffsetForPartitionException', `Undefined offset with no reset policy for partitions: [${noOffset.join(', ')}]`)
    return
  }
  wake(sim, c)
}

/** auto.offset.reset. Returns false when the policy is `none` and the consumer fails. */
function resetPosition(sim: Sim, c: ConsumerState, key: string, reason: string, previous?: number): boolean {
  const policy = c.config['auto.offset.reset']
  const { topic, partition } = parseTp(key)
  const p = sim.partition(topic, partition)
  if (!p) return true
  if (policy === 'none') {
    if (previous === undefined) fail(sim, c, 'NoOffsetForPartitionException', `Undefined offset with no reset policy for partitions: [${key}]`)
    else fail(sim, c, 'OffsetOutOfRangeException', `${reason} for ${key} and auto.offset.reset=none`)
    return false
  }
  const offset = policy === 'earliest' ? p.log.logStartOffset : p.highWatermark
  c.positions[key] = offset
  delete c.positionEpochs[key]
  const skipped = previous !== undefined && offset > previous ? offset - previous : 0
  sim.emit({ type: 'positionSet', ...emitBase(c), partition: key, offset, from: policy, reason, skipped })
  return true
}

/** Sends one fetch per partition leader for owned partitions with a position and nothing buffered. */
function sendFetches(sim: Sim, c: ConsumerState): void {
  const byBroker = new Map<number, { topic: string; partition: number; offset: number }[]>()
  for (const owned of c.owned) {
    const key = tpKey(owned)
    if (c.positions[key] === undefined || c.buffer[key] || c.fetching[key]) continue
    const p = sim.partition(owned.topic, owned.partition)
    if (!p || p.leader < 0) continue
    if (!validatePosition(sim, c, key, p)) return
    const pos = c.positions[key] as number
    let list = byBroker.get(p.leader)
    if (!list) byBroker.set(p.leader, (list = []))
    list.push({ topic: owned.topic, partition: owned.partition, offset: pos })
  }
  for (const [broker, partitions] of byBroker) {
    const id = sim.s.nextFetchId++
    for (const x of partitions) c.fetching[tp(x.topic, x.partition)] = true
    sim.s.fetches[id] = { id, consumer: c.index, follower: -1, incarnation: c.incarnation, broker, partitions, sentAt: sim.s.now, expiresAt: -1, parked: false }
    sim.send({ kind: 'fetchArrive', fetch: id, broker, consumer: c.index, inc: c.incarnation, sentAt: sim.s.now })
  }
}

export function onFetchResponse(sim: Sim, c: ConsumerState, data: FetchedPartition[]): void {
  for (const d of data) {
    const key = tp(d.topic, d.partition)
    delete c.fetching[key]
    if (c.positions[key] !== d.from || !c.owned.some((x) => x.topic === d.topic && x.partition === d.partition)) continue
    if (d.error === 'OFFSET_OUT_OF_RANGE') {
      if (!resetPosition(sim, c, key, outOfRange(d), d.from)) return
    } else if (d.error === 'NONE' && d.until > d.from) {
      c.buffer[key] = [d.from, d.until]
    }
  }
  wake(sim, c)
}

/**
 * KIP-320: after a leader change, a position read under an older leader epoch is checked against
 * the new leader (OffsetsForLeaderEpoch: where did that epoch end?). If the log was truncated below
 * the position (an unclean election), the consumer seeks back to the first offset known to diverge
 * ("Truncation detected for partition ..."), so it reads what the new leader wrote there; with
 * auto.offset.reset=none it fails with LogTruncationException. Returns false when it failed.
 */
function validatePosition(sim: Sim, c: ConsumerState, key: string, p: PartitionState): boolean {
  const epoch = c.positionEpochs[key]
  c.positionEpochs[key] = p.leaderEpoch
  if (epoch === undefined || epoch === p.leaderEpoch) return true
  const pos = c.positions[key] as number
  const next = p.epochStarts.find((x) => x.epoch > epoch)
  const end = next ? next.startOffset : p.log.logEndOffset
  if (pos <= end) return true
  if (c.config['auto.offset.reset'] === 'none') {
    fail(sim, c, 'LogTruncationException', `Truncation detected for partition ${key} at fetch offset ${pos}, the first offset known to diverge is ${end}, and auto.offset.reset=none`)
    return false
  }
  c.positions[key] = end
  sim.emit({ type: 'truncationDetected', ...emitBase(c), partition: key, position: pos, offset: end })
  return true
}

/** Why a fetch position is out of range, from the log's range in the leader's answer. */
function outOfRange(d: FetchedPartition): string {
  if (d.logStartOffset !== undefined && d.from < d.logStartOffset) return `offset ${d.from} is out of range (the log now starts at ${d.logStartOffset}: retention deleted the records below it)`
  if (d.logEndOffset !== undefined && d.from > d.logEndOffset) return `offset ${d.from} is out of range (the log now ends at ${d.logEndOffset}: its new leader never had the records above it)`
  return `offset ${d.from} is out of range`
}

/** Wakes an application that is blocked in poll() with nothing to do. */
export function wake(sim: Sim, c: ConsumerState): void {
  if (!isRunning(c) || c.processing) return
  poll(sim, c)
}

/** Makes sure an idle poll() wakes up by `at` (one wake-up pending at a time: the earliest). */
function scheduleWake(sim: Sim, c: ConsumerState, at: number): void {
  if (c.wakeAt > sim.s.now && c.wakeAt <= at) return
  c.wakeAt = at
  sim.at(at, { kind: 'pollWake', consumer: c.index, inc: c.incarnation })
}

export function onPollWake(sim: Sim, c: ConsumerState): void {
  if (sim.s.now !== c.wakeAt) return
  c.wakeAt = -1
  wake(sim, c)
}

/**
 * "consumer poll timeout has expired": the application has not called poll() for max.poll.interval.ms.
 * A dynamic member sends LeaveGroup; every member forgets its member id and generation
 * (resetGenerationOnLeaveGroup) and rejoins on its next poll().
 */
export function checkPollTimeout(sim: Sim, c: ConsumerState): boolean {
  const maxPoll = c.config['max.poll.interval.ms']
  if (!isRunning(c) || !c.processing || c.generation < 0 || sim.s.now - c.lastPollAt <= maxPoll) return false
  const leaves = c.config['group.instance.id'] === null
  sim.emit({ type: 'pollTimeoutExpired', ...emitBase(c), maxPollIntervalMs: maxPoll, leaves })
  if (leaves) {
    sim.send({ kind: 'leaveArrive', group: c.groupId, broker: c.coordinator, memberId: c.memberId, reason: 'its poll timeout expired (max.poll.interval.ms)', consumer: c.index, inc: c.incarnation, sentAt: sim.s.now })
  }
  c.memberId = ''
  c.generation = -1
  c.needsRejoin = true
  c.rejoinReason = 'poll timeout expired'
  return true
}

/** The heartbeat thread: heartbeats, and the max.poll.interval.ms check. */
export function onHeartbeatTick(sim: Sim, c: ConsumerState): void {
  if (!isRunning(c)) return
  if (checkPollTimeout(sim, c)) {
    // handled: the member left
  } else if (c.generation >= 0 && c.memberId && (c.phase === 'stable' || c.phase === 'syncing') && ensureCoordinator(sim, c)) {
    sim.send({ kind: 'heartbeatArrive', group: c.groupId, broker: c.coordinator, memberId: c.memberId, generation: c.generation, consumer: c.index, inc: c.incarnation, sentAt: sim.s.now })
  }
  sim.at(sim.s.now + periodMs(c.config['heartbeat.interval.ms']), { kind: 'heartbeatTick', consumer: c.index, inc: c.incarnation })
}

export function onHeartbeatResponse(sim: Sim, c: ConsumerState, error: string | null, generation: number): void {
  if (!error || generation !== c.generation || !isRunning(c)) return
  if (isCoordinatorError(error)) {
    lostCoordinator(c)
    return
  }
  if (error === 'REBALANCE_IN_PROGRESS') {
    if (!c.needsRejoin) {
      c.needsRejoin = true
      c.rejoinReason = 'the group is rebalancing'
    }
  } else if (error === 'ILLEGAL_GENERATION' || error === 'UNKNOWN_MEMBER_ID') {
    c.generation = -1
    if (error === 'UNKNOWN_MEMBER_ID') c.memberId = ''
    c.needsRejoin = true
    c.rejoinReason = error
  } else if (error === 'FENCED_INSTANCE_ID') {
    fenced(sim, c)
    return
  }
  wake(sim, c)
}

export function onCommitResponse(sim: Sim, c: ConsumerState, error: string | null, offsets: Record<string, number>, purpose: CommitPurpose): void {
  if (error === 'FENCED_INSTANCE_ID' && isRunning(c)) {
    fenced(sim, c)
    return
  }
  if (!error) Object.assign(c.lastCommitted, offsets)
  else if (isCoordinatorError(error)) {
    // Retriable: the offsets stay uncommitted and go with the next commit.
    lostCoordinator(c)
    if (purpose === 'before-rebalance' && c.commitBeforeJoin) {
      c.commitBeforeJoin = false
      c.phase = c.phase === 'joining' ? 'unjoined' : c.phase
      c.needsRejoin = true
    }
  } else {
    sim.emit({ type: 'commitFailed', ...emitBase(c), error: commitError(error) })
    if (purpose !== 'close' && isRunning(c)) {
      if (error !== 'REBALANCE_IN_PROGRESS') c.generation = -1
      c.needsRejoin = true
      c.rejoinReason = error
    }
  }
  switch (purpose) {
    case 'before-rebalance':
      if (c.commitBeforeJoin && isRunning(c)) sendJoin(sim, c)
      else wake(sim, c)
      return
    case 'after-processing':
      c.processing = false
      poll(sim, c)
      return
    case 'close':
      sendLeave(sim, c, 'it closed')
      return
    case 'auto':
      wake(sim, c)
  }
}

function sendLeave(sim: Sim, c: ConsumerState, reason: string): void {
  // Static members (group.instance.id) do not send LeaveGroup on close: the session timeout removes them.
  if (c.config['group.instance.id'] !== null || !c.memberId) return
  sim.send({ kind: 'leaveArrive', group: c.groupId, broker: c.coordinator, memberId: c.memberId, reason, consumer: c.index, inc: c.incarnation, sentAt: sim.s.now })
}

/** consumer.close(): commit (if auto-commit), then LeaveGroup. */
export function closeConsumer(sim: Sim, c: ConsumerState, reason: string, commit = true): void {
  if (!isRunning(c)) return
  const offsets = commit && c.generation >= 0 && c.config['enable.auto.commit'] ? positionsToCommit(c) : {}
  c.phase = 'closed'
  c.stopReason = reason
  c.processing = false
  c.work = []
  sim.emit({ type: 'consumerClosed', ...emitBase(c), reason })
  if (c.owned.length > 0) sim.emit({ type: 'partitionsRevoked', ...emitBase(c), partitions: c.owned.map(tpKey) })
  if (Object.keys(offsets).length > 0 && c.memberId) sendCommit(sim, c, offsets, 'close')
  else if (commit) sendLeave(sim, c, reason === 'closed by the learner' ? 'it closed' : reason)
  c.owned = []
  sim.touch()
}

/** The process dies: no commit, no LeaveGroup; the coordinator notices after session.timeout.ms. */
export function crashConsumer(sim: Sim, c: ConsumerState): void {
  if (!isRunning(c)) return
  c.phase = 'crashed'
  c.stopReason = 'crashed'
  c.processing = false
  c.work = []
  c.incarnation++
  sim.emit({ type: 'consumerCrashed', ...emitBase(c) })
  sim.touch()
}

/** The exception the client raises for a failed commit, as Java's ConsumerCoordinator words it. */
function commitError(error: string): string {
  switch (error) {
    case 'ILLEGAL_GENERATION':
    case 'UNKNOWN_MEMBER_ID':
      return `CommitFailedException (${error}): Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member`
    case 'REBALANCE_IN_PROGRESS':
      return `RebalanceInProgressException: ${REBALANCE_IN_PROGRESS_MESSAGE}`
    case 'FENCED_INSTANCE_ID':
      return `FencedInstanceIdException: ${FENCED_INSTANCE_ID_MESSAGE}`
    default:
      return error
  }
}

/** Another process with the same group.instance.id took this member's place: fatal (FencedInstanceIdException). */
function fenced(sim: Sim, c: ConsumerState): void {
  // Fatal: nothing more is sent in this member's name, not even the commit on close.
  fail(sim, c, 'FencedInstanceIdException', FENCED_INSTANCE_ID_MESSAGE, false)
}

function fail(sim: Sim, c: ConsumerState, error: string, message: string, commitOnClose = true): void {
  sim.emit({ type: 'consumerError', ...emitBase(c), error, message })
  closeConsumer(sim, c, `${error} escaped poll()`, commitOnClose)
}

export function onConsumerMetadata(sim: Sim, c: ConsumerState): void {
  if (!isRunning(c)) return
  let changed = false
  // The leader tracks every topic the group subscribes to (updateGroupSubscription), not only its own.
  const watched = c.isLeader ? [...new Set([...c.topics, ...Object.keys(c.assignedMetadata)])] : c.topics
  for (const t of watched) {
    const topic = sim.topic(t)
    const n = topic ? topic.partitions.length : 0
    if (c.knownPartitions[t] !== n) {
      c.knownPartitions[t] = n
      changed = true
      sim.emit({ type: 'metadataUpdated', client: c.id, topic: t, partitions: n })
    }
  }
  // Only the leader compares the metadata with what the assignment was computed from.
  if (changed && c.isLeader && c.phase === 'stable') {
    const differs = watched.some((t) => c.assignedMetadata[t] !== undefined && c.assignedMetadata[t] !== c.knownPartitions[t])
    if (differs && !c.needsRejoin) {
      c.needsRejoin = true
      c.rejoinReason = 'cached metadata has changed'
      wake(sim, c)
    }
  }
  sim.at(sim.s.now + periodMs(c.config['metadata.max.age.ms']), { kind: 'consumerMetadata', consumer: c.index, inc: c.incarnation })
}

export function onConsumerStart(sim: Sim, c: ConsumerState): void {
  sim.at(sim.s.now + periodMs(c.config['heartbeat.interval.ms']), { kind: 'heartbeatTick', consumer: c.index, inc: c.incarnation })
  sim.at(sim.s.now + periodMs(c.config['metadata.max.age.ms']), { kind: 'consumerMetadata', consumer: c.index, inc: c.incarnation })
  for (const t of c.topics) c.knownPartitions[t] = sim.topic(t)?.partitions.length ?? 0
  poll(sim, c)
}
