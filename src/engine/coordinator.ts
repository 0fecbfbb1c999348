/**
 * The group coordinator of the classic rebalance protocol, as a broker runs it for one consumer
 * group (group-coordinator/.../classic/ClassicGroup.java and GroupMetadataManager.java).
 *
 * States: Empty -> PreparingRebalance -> CompletingRebalance -> Stable, and Dead.
 * A rebalance is a JoinGroup round (every known member must rejoin, or be dropped at the rebalance
 * timeout) that bumps the generation and picks a leader, then a SyncGroup round in which the leader
 * hands over the assignment it computed. Requests from older generations are fenced.
 */
import type { Sim } from './context'
import type { AssignorName, MemberSubscription, TopicPartition } from './assignors/types'
import { tpKey } from './assignors/types'
import type { GroupMember, GroupState, GroupStateName } from './model'
import { cloneData } from './clone'
import { nextHex8 } from './prng'
import type { CommitPurpose, JoinRequest } from './tasks'

export function newGroup(groupId: string): GroupState {
  return {
    groupId,
    state: 'Empty',
    generation: 0,
    protocol: null,
    leaderId: null,
    members: [],
    pending: [],
    loadedOn: -1,
    stored: null,
    unloadedMidRebalance: false,
    joinDeadline: -1,
    syncDeadline: -1,
    initialDelayActive: false,
    initialDelayRemaining: 0,
    initialDelayLast: 0,
    newMemberDuringDelay: false,
    rebalanceReason: '',
    committed: {},
    processedHigh: {},
    duplicates: 0,
    consumed: 0,
    rebalances: 0,
  }
}

function transition(sim: Sim, g: GroupState, to: GroupStateName, reason: string): void {
  if (g.state === to) return
  const from = g.state
  g.state = to
  sim.emit({ type: 'groupStateChanged', group: g.groupId, from, to, reason })
  sim.touch()
}

function member(g: GroupState, memberId: string): GroupMember | undefined {
  return g.members.find((m) => m.memberId === memberId)
}

/** A member id the way the coordinator makes one: the client id, a dash and a random suffix. */
function newMemberId(sim: Sim, clientId: string): string {
  return `${clientId}-${nextHex8(sim.s.rng.ids)}`
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** ClassicGroupMember.matches: the same protocols with the same metadata (subscription, owned partitions, generation). */
function sameMetadata(m: GroupMember, req: JoinRequest): boolean {
  return (
    sameList([...m.topics].sort(), [...req.topics].sort()) &&
    sameList(m.protocols, req.protocols) &&
    m.ownedGeneration === req.ownedGeneration &&
    sameList(m.owned.map(tpKey), req.owned.map(tpKey))
  )
}

function rebalanceTimeout(g: GroupState): number {
  return g.members.reduce((max, m) => Math.max(max, m.rebalanceTimeoutMs), 0)
}

/** Moves the group to PreparingRebalance: every member must send JoinGroup again. */
function prepareRebalance(sim: Sim, g: GroupState, reason: string): void {
  const wasEmpty = g.state === 'Empty'
  for (const m of g.members) {
    m.joined = false
    if (m.awaitingSync) {
      // Parked SyncGroups are answered with REBALANCE_IN_PROGRESS (resetAndPropagateAssignmentWithError).
      m.awaitingSync = false
      sim.send({ kind: 'syncResponse', group: g.groupId, error: 'REBALANCE_IN_PROGRESS', generation: g.generation, assignment: [], consumer: m.consumer, inc: m.consumerInc, sentAt: sim.s.now })
    }
  }
  g.syncDeadline = -1
  g.rebalanceReason = reason
  g.rebalances++
  transition(sim, g, 'PreparingRebalance', reason)
  const delay = sim.s.cluster.broker['group.initial.rebalance.delay.ms']
  if (wasEmpty && delay > 0) {
    // group.initial.rebalance.delay.ms: the first rebalance of an empty group waits for more members.
    g.initialDelayActive = true
    g.newMemberDuringDelay = false
    g.initialDelayLast = delay
    g.initialDelayRemaining = Math.max(rebalanceTimeout(g) - delay, 0)
    g.joinDeadline = sim.s.now + delay
  } else {
    g.initialDelayActive = false
    g.joinDeadline = sim.s.now + rebalanceTimeout(g)
  }
  sim.at(g.joinDeadline, { kind: 'joinDeadline', group: g.groupId, deadline: g.joinDeadline })
}

/** hasAllMembersJoined: every member rejoined and no member id handed out by MEMBER_ID_REQUIRED is outstanding. */
function allJoined(g: GroupState): boolean {
  return g.pending.length === 0 && g.members.every((m) => m.joined)
}

function maybeCompleteJoin(sim: Sim, g: GroupState): void {
  // The first rebalance of an empty group never completes early: it waits out the initial delay.
  if (g.state !== 'PreparingRebalance' || g.initialDelayActive) return
  if (allJoined(g)) completeJoin(sim, g, 'all-joined')
}

/** What ended a join phase: everyone rejoined, the initial delay ran out, or the rebalance timeout did. */
type JoinEnd = 'all-joined' | 'initial-delay' | 'rebalance-timeout'

function names(ms: GroupMember[]): string {
  const ids = ms.map((m) => m.clientId)
  return ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1] as string}`
}

/** ClassicGroup.selectProtocol: among the assignors every member supports, the one most members prefer. */
function selectProtocol(g: GroupState): AssignorName | null {
  const first = g.members[0]
  if (!first) return null
  const candidates = first.protocols.filter((p) => g.members.every((m) => m.protocols.includes(p)))
  const votes = new Map<AssignorName, number>()
  for (const m of g.members) {
    const vote = m.protocols.find((p) => candidates.includes(p))
    if (vote) votes.set(vote, (votes.get(vote) ?? 0) + 1)
  }
  let best: AssignorName | null = null
  let bestVotes = -1
  // Ties go to the candidate listed first by the first member (Java breaks them by map order).
  for (const c of candidates) {
    const v = votes.get(c) ?? 0
    if (v > bestVotes) {
      best = c
      bestVotes = v
    }
  }
  return best
}

function toSubscription(m: GroupMember): MemberSubscription {
  const sub: MemberSubscription = { memberId: m.memberId, topics: [...m.topics], owned: m.owned.map((tp) => ({ ...tp })), generation: m.ownedGeneration }
  if (m.instanceId !== null) sub.instanceId = m.instanceId
  return sub
}

/**
 * The join phase ends (completeClassicGroupJoin): drop members that did not rejoin, bump the
 * generation, answer every JoinGroup.
 */
function completeJoin(sim: Sim, g: GroupState, end: JoinEnd): void {
  // Dynamic members that did not rejoin in time are dropped; static members keep their place.
  const late = g.members.filter((m) => !m.joined && m.instanceId === null)
  for (const m of late) removeMember(sim, g, m, 'it did not rejoin before the rebalance timeout (max.poll.interval.ms)')
  const lateStatic = g.members.filter((m) => !m.joined)
  g.initialDelayActive = false
  g.generation++
  if (g.members.length === 0) {
    g.protocol = null
    g.leaderId = null
    transition(sim, g, 'Empty', 'no members left')
    sim.emit({ type: 'generationStarted', group: g.groupId, generation: g.generation, protocol: null, leader: null, members: [] })
    // The empty group is written to __consumer_offsets.
    persist(g)
    return
  }
  g.protocol = selectProtocol(g)
  // The leader is kept while it stays; otherwise Java takes an arbitrary joined member (HashMap
  // order); the simulator takes the earliest joined one.
  if (!g.leaderId || !member(g, g.leaderId)?.joined) g.leaderId = (g.members.find((m) => m.joined) ?? (g.members[0] as GroupMember)).memberId
  transition(sim, g, 'CompletingRebalance', joinEndReason(end, late, lateStatic))
  const leader = member(g, g.leaderId) as GroupMember
  sim.emit({
    type: 'generationStarted',
    group: g.groupId,
    generation: g.generation,
    protocol: g.protocol,
    leader: leader.clientId,
    members: g.members.map((m) => m.clientId),
  })
  const subscriptions = g.members.map(toSubscription)
  // Members that do not send SyncGroup within the rebalance timeout are removed (expirePendingSync).
  g.syncDeadline = sim.s.now + rebalanceTimeout(g)
  sim.at(g.syncDeadline, { kind: 'syncDeadline', group: g.groupId, deadline: g.syncDeadline })
  for (const m of g.members) {
    m.synced = false
    m.lastSeen = sim.s.now
    m.assignment = []
    if (!m.awaitingJoin) continue
    m.awaitingJoin = false
    sim.send({
      kind: 'joinResponse',
      group: g.groupId,
      error: null,
      memberId: m.memberId,
      generation: g.generation,
      protocol: g.protocol,
      leaderId: g.leaderId,
      members: m.memberId === g.leaderId ? subscriptions : [],
      consumer: m.consumer,
      inc: m.consumerInc,
      sentAt: sim.s.now,
    })
  }
}

/** Why the join phase ended, as the group's state change says it. */
function joinEndReason(end: JoinEnd, late: GroupMember[], lateStatic: GroupMember[]): string {
  if (end === 'all-joined') return 'every member has joined'
  if (end === 'initial-delay') return 'the group.initial.rebalance.delay.ms wait is over'
  const parts: string[] = []
  if (late.length > 0) parts.push(`${names(late)} did not rejoin and ${late.length === 1 ? 'was' : 'were'} removed`)
  if (lateStatic.length > 0) parts.push(`static member${lateStatic.length === 1 ? '' : 's'} ${names(lateStatic)} did not rejoin but keep${lateStatic.length === 1 ? 's its' : ' their'} place`)
  return `the rebalance timeout (max.poll.interval.ms) expired${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`
}

/**
 * The coordinator writes the group (GroupMetadata record) to __consumer_offsets: when a generation's
 * assignment is synced, when the group becomes empty, and when a static member is replaced. A new
 * coordinator loads the group as it was last written.
 */
function persist(g: GroupState): void {
  g.stored = { generation: g.generation, protocol: g.protocol, leaderId: g.leaderId, members: cloneData(g.members) }
}

function removeMember(sim: Sim, g: GroupState, m: GroupMember, reason: string): void {
  g.members = g.members.filter((x) => x !== m)
  if (g.leaderId === m.memberId) g.leaderId = null
  sim.emit({ type: 'memberRemoved', group: g.groupId, consumer: m.clientId, memberId: m.memberId, reason })
  sim.touch()
}

/** After a member left or expired: rebalance the rest. */
function afterMemberRemoved(sim: Sim, g: GroupState, reason: string): void {
  if (g.state === 'Stable' || g.state === 'CompletingRebalance') prepareRebalance(sim, g, reason)
  else if (g.state === 'PreparingRebalance') maybeCompleteJoin(sim, g)
}

function armSessionTimer(sim: Sim, g: GroupState, m: GroupMember): void {
  sim.at(m.lastSeen + m.sessionTimeoutMs, { kind: 'sessionCheck', group: g.groupId, memberId: m.memberId })
}

/** validateMember: a request from a replaced static member is fenced; any other unknown member is unknown. */
function unknownOrFenced(sim: Sim, g: GroupState, consumer: number): string {
  const instanceId = sim.consumer(consumer).config['group.instance.id']
  return instanceId !== null && g.members.some((x) => x.instanceId === instanceId) ? 'FENCED_INSTANCE_ID' : 'UNKNOWN_MEMBER_ID'
}

function reply(sim: Sim, g: GroupState, consumer: number, inc: number, error: string | null, memberId: string): void {
  sim.send({ kind: 'joinResponse', group: g.groupId, error, memberId, generation: -1, protocol: null, leaderId: null, members: [], consumer, inc, sentAt: sim.s.now })
}

/** JoinGroup reaches the coordinator. */
export function onJoinArrive(sim: Sim, g: GroupState, req: JoinRequest, consumer: number, inc: number): void {
  const broker = sim.s.cluster.broker
  if (req.sessionTimeoutMs < broker['group.min.session.timeout.ms'] || req.sessionTimeoutMs > broker['group.max.session.timeout.ms']) {
    reply(sim, g, consumer, inc, 'INVALID_SESSION_TIMEOUT', req.memberId)
    return
  }
  if (g.members.length > 0 && !req.protocols.some((p) => g.members.every((m) => m.protocols.includes(p)))) {
    reply(sim, g, consumer, inc, 'INCONSISTENT_GROUP_PROTOCOL', req.memberId)
    return
  }
  const client = sim.consumer(consumer)
  let m = req.memberId ? member(g, req.memberId) : undefined

  if (!m && req.instanceId !== null) {
    const existing = g.members.find((x) => x.instanceId === req.instanceId)
    if (existing && req.memberId === '') {
      // A static member came back (KIP-345): it takes over its old member id's place.
      const oldId = existing.memberId
      existing.memberId = newMemberId(sim, req.instanceId)
      existing.consumer = consumer
      existing.consumerInc = inc
      existing.clientId = client.id
      existing.lastSeen = sim.s.now
      if (g.leaderId === oldId) g.leaderId = existing.memberId
      sim.emit({ type: 'memberJoined', group: g.groupId, consumer: client.id, memberId: existing.memberId })
      armSessionTimer(sim, g, existing)
      const protocolBefore = g.protocol
      update(existing, req, consumer, inc, sim.s.now)
      if (g.state === 'Stable' && selectProtocol(g) === protocolBefore) {
        // KIP-345: a static member that comes back to a Stable group causes no rebalance (as long as the
        // chosen assignor stays the same); it gets the current generation and syncs its old assignment.
        // The new member id is written to __consumer_offsets.
        persist(g)
        const leader = g.leaderId === existing.memberId
        sim.send({
          kind: 'joinResponse',
          group: g.groupId,
          error: null,
          memberId: existing.memberId,
          generation: g.generation,
          protocol: g.protocol,
          leaderId: g.leaderId,
          members: leader ? g.members.map(toSubscription) : [],
          skipAssignment: leader,
          consumer,
          inc,
          sentAt: sim.s.now,
        })
        return
      }
      m = existing
    }
  }

  if (m === undefined && req.memberId !== '' && req.instanceId !== null && g.members.some((x) => x.instanceId === req.instanceId)) {
    reply(sim, g, consumer, inc, 'FENCED_INSTANCE_ID', req.memberId)
    return
  }
  if (!m) {
    if (req.memberId === '' && req.instanceId === null) {
      // KIP-394: a new dynamic member first gets its id, then joins with it.
      const id = newMemberId(sim, client.id)
      g.pending.push(id)
      // The pending id expires after the request's session timeout unless it is used to join
      // (classicGroupJoinNewDynamicMember schedules expireClassicGroupMemberHeartbeat for it).
      sim.at(sim.s.now + req.sessionTimeoutMs, { kind: 'pendingMemberExpire', group: g.groupId, memberId: id, sessionTimeoutMs: req.sessionTimeoutMs })
      reply(sim, g, consumer, inc, 'MEMBER_ID_REQUIRED', id)
      return
    }
    if (req.memberId !== '' && !g.pending.includes(req.memberId)) {
      reply(sim, g, consumer, inc, 'UNKNOWN_MEMBER_ID', '')
      return
    }
    g.pending = g.pending.filter((id) => id !== req.memberId)
    m = {
      memberId: req.memberId || newMemberId(sim, req.instanceId ?? client.id),
      clientId: client.id,
      consumer,
      consumerInc: inc,
      instanceId: req.instanceId,
      topics: [...req.topics],
      owned: [],
      ownedGeneration: -1,
      protocols: [...req.protocols],
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      lastSeen: sim.s.now,
      joined: false,
      awaitingJoin: false,
      awaitingSync: false,
      synced: false,
      assignment: [],
    }
    g.members.push(m)
    sim.emit({ type: 'memberJoined', group: g.groupId, consumer: client.id, memberId: m.memberId })
    sim.touch()
    if (g.state === 'PreparingRebalance' && g.initialDelayActive) g.newMemberDuringDelay = true
    const reason = `${client.id} joined`
    update(m, req, consumer, inc, sim.s.now)
    if (g.state !== 'PreparingRebalance') prepareRebalance(sim, g, reason)
    m.joined = true
    m.awaitingJoin = true
    maybeCompleteJoin(sim, g)
    return
  }

  const unchanged = sameMetadata(m, req)
  update(m, req, consumer, inc, sim.s.now)
  switch (g.state) {
    case 'PreparingRebalance':
      m.joined = true
      m.awaitingJoin = true
      maybeCompleteJoin(sim, g)
      return
    case 'CompletingRebalance':
    case 'Stable':
      if (unchanged && m.memberId !== g.leaderId) {
        // Nothing changed: answer with the current generation, no rebalance.
        sim.send({ kind: 'joinResponse', group: g.groupId, error: null, memberId: m.memberId, generation: g.generation, protocol: g.protocol, leaderId: g.leaderId, members: [], consumer, inc, sentAt: sim.s.now })
        return
      }
      // Kafka logs the client's reason (KIP-800): "Updating metadata for member ... client reason: ...".
      prepareRebalance(sim, g, rejoinedReason(m, unchanged, req.reason))
      m.joined = true
      m.awaitingJoin = true
      maybeCompleteJoin(sim, g)
      return
    case 'Empty':
    case 'Dead':
      reply(sim, g, consumer, inc, 'UNKNOWN_MEMBER_ID', '')
  }
}

/** Why a member's JoinGroup in CompletingRebalance or Stable starts a rebalance, with the reason the client gave. */
function rejoinedReason(m: GroupMember, unchanged: boolean, clientReason: string): string {
  const who = unchanged ? `the leader ${m.clientId} rejoined` : `${m.clientId} rejoined with new metadata`
  return clientReason ? `${who}: ${clientReason}` : who
}

function update(m: GroupMember, req: JoinRequest, consumer: number, inc: number, now: number): void {
  m.topics = [...req.topics]
  m.protocols = [...req.protocols]
  m.owned = req.owned.map((tp) => ({ ...tp }))
  m.ownedGeneration = req.ownedGeneration
  m.sessionTimeoutMs = req.sessionTimeoutMs
  m.rebalanceTimeoutMs = req.rebalanceTimeoutMs
  m.consumer = consumer
  m.consumerInc = inc
  m.lastSeen = now
}

export function onJoinDeadline(sim: Sim, g: GroupState, deadline: number): void {
  if (g.state !== 'PreparingRebalance' || g.joinDeadline !== deadline) return
  if (g.initialDelayActive && g.newMemberDuringDelay && g.initialDelayRemaining > 0) {
    // New members arrived during the initial delay: wait again (tryCompleteInitialRebalanceElseSchedule).
    const delay = Math.min(sim.s.cluster.broker['group.initial.rebalance.delay.ms'], g.initialDelayRemaining)
    g.initialDelayRemaining = Math.max(g.initialDelayRemaining - g.initialDelayLast, 0)
    g.initialDelayLast = delay
    g.newMemberDuringDelay = false
    g.joinDeadline = sim.s.now + delay
    sim.at(g.joinDeadline, { kind: 'joinDeadline', group: g.groupId, deadline: g.joinDeadline })
    return
  }
  completeJoin(sim, g, g.initialDelayActive ? 'initial-delay' : 'rebalance-timeout')
}

export function onSyncDeadline(sim: Sim, g: GroupState, deadline: number): void {
  if (g.state !== 'CompletingRebalance' || g.syncDeadline !== deadline) return
  const late = g.members.filter((m) => !m.synced)
  if (late.length === 0) return
  for (const m of late) removeMember(sim, g, m, 'it did not send SyncGroup before the rebalance timeout')
  prepareRebalance(sim, g, 'members did not sync in time')
  maybeCompleteJoin(sim, g)
}

/** SyncGroup reaches the coordinator: the leader's carries the assignment. */
export function onSyncArrive(
  sim: Sim,
  g: GroupState,
  memberId: string,
  generation: number,
  assignment: Record<string, TopicPartition[]> | null,
  consumer: number,
  inc: number,
): void {
  const respond = (error: string | null, tps: TopicPartition[]) =>
    sim.send({ kind: 'syncResponse', group: g.groupId, error, generation: g.generation, assignment: tps, consumer, inc, sentAt: sim.s.now })
  const m = member(g, memberId)
  if (!m) return respond(unknownOrFenced(sim, g, consumer), [])
  if (generation !== g.generation) return respond('ILLEGAL_GENERATION', [])
  m.lastSeen = sim.s.now
  m.synced = true
  switch (g.state) {
    case 'PreparingRebalance':
      return respond('REBALANCE_IN_PROGRESS', [])
    case 'Stable':
      return respond(null, m.assignment)
    case 'CompletingRebalance':
      m.awaitingSync = true
      if (memberId !== g.leaderId || !assignment) return
      for (const x of g.members) x.assignment = (assignment[x.memberId] ?? []).map((tp) => ({ ...tp }))
      transition(sim, g, 'Stable', `the leader ${m.clientId} sent the assignment`)
      // setAndPropagateAssignment: the generation and its assignment are written to __consumer_offsets.
      persist(g)
      sim.emit({
        type: 'assignmentSynced',
        group: g.groupId,
        generation: g.generation,
        assignment: Object.fromEntries(g.members.map((x) => [x.clientId, x.assignment.map(tpKey)])),
      })
      for (const x of g.members) {
        armSessionTimer(sim, g, x)
        if (!x.awaitingSync) continue
        x.awaitingSync = false
        sim.send({ kind: 'syncResponse', group: g.groupId, error: null, generation: g.generation, assignment: x.assignment, consumer: x.consumer, inc: x.consumerInc, sentAt: sim.s.now })
      }
      return
    default:
      return respond('UNKNOWN_MEMBER_ID', [])
  }
}

export function onHeartbeatArrive(sim: Sim, g: GroupState, memberId: string, generation: number, consumer: number, inc: number): void {
  const m = member(g, memberId)
  let error: string | null = null
  if (!m || g.state === 'Empty' || g.state === 'Dead') error = unknownOrFenced(sim, g, consumer)
  else if (generation !== g.generation) error = 'ILLEGAL_GENERATION'
  else {
    m.lastSeen = sim.s.now
    if (g.state === 'PreparingRebalance') error = 'REBALANCE_IN_PROGRESS'
  }
  sim.send({ kind: 'heartbeatResponse', group: g.groupId, error, generation, consumer, inc, sentAt: sim.s.now })
}

export function onLeaveArrive(sim: Sim, g: GroupState, memberId: string, reason: string): void {
  const m = member(g, memberId)
  if (!m) return
  removeMember(sim, g, m, reason)
  afterMemberRemoved(sim, g, `${m.clientId} left the group`)
}

export function onSessionCheck(sim: Sim, g: GroupState, memberId: string): void {
  // No coordinator has the group loaded: its timers are gone. The next coordinator restarts every
  // member's session when it loads the group (loadGroup).
  if (g.loadedOn < 0) return
  const m = member(g, memberId)
  if (!m || m.awaitingJoin) return
  const expiresAt = m.lastSeen + m.sessionTimeoutMs
  if (sim.s.now < expiresAt) {
    sim.at(expiresAt, { kind: 'sessionCheck', group: g.groupId, memberId })
    return
  }
  removeMember(sim, g, m, `no heartbeat for session.timeout.ms (${m.sessionTimeoutMs} ms)`)
  afterMemberRemoved(sim, g, `${m.clientId}'s session timed out`)
}

/** OffsetCommit, validated as ClassicGroup.validateOffsetCommit does. */
export function onCommitArrive(
  sim: Sim,
  g: GroupState,
  memberId: string,
  generation: number,
  offsets: Record<string, number>,
  purpose: CommitPurpose,
  consumer: number,
  inc: number,
): void {
  let error: string | null = null
  const m = member(g, memberId)
  if (generation < 0 && g.state === 'Empty') error = null
  else if (!m) error = unknownOrFenced(sim, g, consumer)
  else if (generation !== g.generation) error = 'ILLEGAL_GENERATION'
  // Commits with the current generation are accepted in PreparingRebalance (how eager members commit before rejoining).
  else if (g.state === 'CompletingRebalance') error = 'REBALANCE_IN_PROGRESS'
  if (!error) {
    if (m) m.lastSeen = sim.s.now
    Object.assign(g.committed, offsets)
    const c = sim.consumer(consumer)
    sim.emit({ type: 'offsetsCommitted', group: g.groupId, consumer: c.id, offsets })
  }
  sim.send({ kind: 'commitResponse', group: g.groupId, error, offsets, purpose, consumer, inc, sentAt: sim.s.now })
}

export function onOffsetFetchArrive(sim: Sim, g: GroupState, partitions: string[], generation: number, consumer: number, inc: number): void {
  const offsets: Record<string, number | null> = {}
  for (const key of partitions) offsets[key] = g.committed[key] ?? null
  sim.send({ kind: 'offsetFetchResponse', group: g.groupId, error: null, generation, offsets, consumer, inc, sentAt: sim.s.now })
}

/**
 * A MEMBER_ID_REQUIRED member id nobody joined with within the session timeout is dropped
 * (expireClassicGroupMemberHeartbeat -> removePendingMemberAndUpdateClassicGroup); a join phase it
 * alone was holding up completes.
 */
export function onPendingMemberExpire(sim: Sim, g: GroupState, memberId: string, sessionTimeoutMs: number): void {
  if (!g.pending.includes(memberId)) return
  g.pending = g.pending.filter((id) => id !== memberId)
  // The id is the client id, a dash and eight hex digits (newMemberId).
  const clientId = memberId.slice(0, Math.max(0, memberId.length - 9))
  sim.emit({
    type: 'memberRemoved',
    group: g.groupId,
    consumer: clientId,
    memberId,
    reason: `it never joined with the member id it was given (MEMBER_ID_REQUIRED) within session.timeout.ms (${sessionTimeoutMs} ms)`,
  })
  if (g.state === 'PreparingRebalance' && allJoined(g)) completeJoin(sim, g, 'all-joined')
}

/**
 * The group's coordinator goes away (GroupMetadataManager.onUnloaded; or its broker dies): the
 * group becomes Dead there, the JoinGroup and SyncGroup requests it holds are answered
 * NOT_COORDINATOR, so their members look the coordinator up again (FindCoordinator) and rejoin; its
 * timers stop. The next coordinator loads it from __consumer_offsets (loadGroup).
 */
export function unloadGroup(sim: Sim, g: GroupState): void {
  if (g.loadedOn < 0) return
  const broker = g.loadedOn
  g.loadedOn = -1
  g.unloadedMidRebalance = g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance'
  if (g.state !== 'Dead') {
    const from = g.state
    g.state = 'Dead'
    sim.emit({ type: 'groupStateChanged', group: g.groupId, from, to: 'Dead', reason: `broker ${broker} is no longer its coordinator (it no longer leads the group's __consumer_offsets partition)` })
  }
  for (const m of g.members) {
    if (m.awaitingJoin) {
      m.awaitingJoin = false
      reply(sim, g, m.consumer, m.consumerInc, 'NOT_COORDINATOR', m.memberId)
    }
    if (m.awaitingSync) {
      m.awaitingSync = false
      sim.send({ kind: 'syncResponse', group: g.groupId, error: 'NOT_COORDINATOR', generation: g.generation, assignment: [], consumer: m.consumer, inc: m.consumerInc, sentAt: sim.s.now })
    }
  }
  g.pending = []
  g.joinDeadline = -1
  g.syncDeadline = -1
}

/**
 * A broker becomes the group's coordinator and loads it from __consumer_offsets (the GroupMetadata
 * replay, then onLoaded): the group is what was last written, Stable with the members of its last
 * synced generation or Empty, so a rebalance in progress is lost and members that joined since are
 * unknown to it. Every member's session timer starts again now (rescheduleClassicGroupMemberHeartbeat).
 */
export function loadGroup(sim: Sim, g: GroupState, broker: number): void {
  g.loadedOn = broker
  const stored = g.stored
  const members = stored ? cloneData(stored.members) : []
  const known = new Set(members.map((m) => m.memberId))
  for (const m of g.members) {
    if (known.has(m.memberId)) continue
    sim.emit({
      type: 'memberRemoved',
      group: g.groupId,
      consumer: m.clientId,
      memberId: m.memberId,
      reason: `the new coordinator, broker ${broker}, does not know it: it joined after the group was last written to __consumer_offsets`,
    })
  }
  const rebalancing = g.unloadedMidRebalance || g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance'
  g.unloadedMidRebalance = false
  for (const m of members) {
    m.lastSeen = sim.s.now
    m.joined = false
    m.awaitingJoin = false
    m.awaitingSync = false
    m.synced = true
  }
  g.members = members
  g.generation = stored?.generation ?? 0
  g.protocol = stored?.protocol ?? null
  g.leaderId = stored?.leaderId ?? null
  g.pending = []
  g.joinDeadline = -1
  g.syncDeadline = -1
  g.initialDelayActive = false
  g.newMemberDuringDelay = false
  const to: GroupStateName = members.length > 0 ? 'Stable' : 'Empty'
  if (g.state !== to) {
    const from = g.state
    g.state = to
    sim.emit({
      type: 'groupStateChanged',
      group: g.groupId,
      from,
      to,
      reason: `broker ${broker} loaded generation ${g.generation} from __consumer_offsets${rebalancing ? '; the rebalance in progress is lost' : ''}`,
    })
  }
  for (const m of members) armSessionTimer(sim, g, m)
  sim.touch()
}
