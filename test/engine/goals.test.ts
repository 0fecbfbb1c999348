/**
 * The lesson goal checks, each against a small simulation where it holds and one where it does not.
 * A tracker only looks at what happens after it is created (a lesson step's start) and at the state.
 */
import { describe, expect, it } from 'vitest'
import { createGoalTracker, goalLabel, GOAL_CHECK_NAMES, validateGoal } from '../../src/engine'
import type { GoalSpec, GoalStatus, Simulation } from '../../src/engine'
import { fastConsumer, sim } from './helpers'

const UA = 'user-activity'

/** Follows one goal, checking it every `tick` ms of simulated time, as the app does on every frame. */
function follow(s: Simulation, goal: Record<string, unknown>) {
  const tracker = createGoalTracker(s, [goal as GoalSpec])
  let everOk = false
  const api = {
    status: (): GoalStatus => tracker.statuses()[0] as GoalStatus,
    /** Runs `ms` more, checking every tick; returns the status at the end. */
    run(ms: number, tick = 100): GoalStatus {
      const end = s.now() + ms
      while (s.now() < end) {
        s.runUntil(Math.min(end, s.now() + tick))
        tracker.update()
        everOk ||= api.status().ok
      }
      return api.status()
    },
    everOk: () => everOk,
  }
  return api
}

/** What a goal's detail adds when the step can no longer reach it. */
const RESTART = 'press Restart step to try again (this cannot be undone within the step)'

const producer = (extra: Record<string, unknown> = {}) => ({ id: 'producer-1', topic: UA, rate: 10, partitioner: 'random', config: { 'linger.ms': 0 }, ...extra })
const topic = (partitions: number, extra: Record<string, unknown> = {}) => [{ name: UA, partitions, ...extra }]

describe('goal tracker', () => {
  it('gives every goal its own label, or one made from the check and its parameters', () => {
    const s = sim()
    const t = createGoalTracker(s, [
      { check: 'topicPartitions', topic: UA, min: 3, label: 'Three partitions, please' },
      { check: 'groupMembers', group: 'g', min: 2 },
    ])
    expect(t.statuses().map((x) => x.label)).toEqual(['Three partitions, please', 'g has at least 2 members'])
    expect(goalLabel({ check: 'offlinePartitions', topic: 'orders', max: 0 })).toBe('Every partition of orders has a live leader')
  })

  it('is done only when every goal holds at the same check', () => {
    const s = sim({ topics: topic(1) })
    const t = createGoalTracker(s, [
      { check: 'topicPartitions', topic: UA, min: 1 },
      { check: 'topicPartitions', topic: UA, min: 2 },
    ])
    expect(t.done()).toBe(false)
    s.dispatch({ type: 'addPartitions', topic: UA, count: 2 })
    t.update()
    expect(t.done()).toBe(true)
  })

  it('counts only what happens after it was created (the step started)', () => {
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1')] })
    s.runUntil(20_000)
    const goal = follow(s, { check: 'groupRead', group: 'g', min: 1 })
    expect(goal.run(5000).ok).toBe(false)
    expect(goal.status().detail).toBe('g has read 0 of 1 record')
  })

  it('refuses goals that do not validate', () => {
    expect(() => createGoalTracker(sim(), [{ check: 'groupMembers', group: 'g' } as GoalSpec])).toThrow(/goals\[0\]: groupMembers needs at least one of min, max/)
  })
})

describe('validateGoal', () => {
  it('names the field at fault for an unknown check, a missing or unknown parameter, and a wrong type', () => {
    expect(validateGoal({ check: 'groupMember', group: 'g', min: 1 }, 'g0')[0]).toMatch(/^g0\.check: unknown check "groupMember"/)
    expect(validateGoal({ check: 'takeover' }, 'g0')).toEqual(['g0.group: is required by takeover'])
    expect(validateGoal({ check: 'takeover', group: 'g', grup: 'x' }, 'g0')).toEqual(['g0.grup: is not a parameter of takeover (it takes group)'])
    expect(validateGoal({ check: 'groupMembers', group: 'g', min: 'three' }, 'g0')).toEqual(['g0.min: must be a whole number >= 0, got "three"'])
    expect(validateGoal({ check: 'groupMembers', group: 'g', min: 3, max: 2 }, 'g0')).toEqual(['g0.min: is greater than max'])
    expect(validateGoal({ check: 'offsetsDiffered', groups: ['a'] }, 'g0')).toEqual(['g0.groups: must name at least two groups'])
    expect(validateGoal({ check: 'producerConfig', topic: UA, key: 'ack', value: 'all' }, 'g0')[0]).toMatch(/^g0\.key: must be a producer setting/)
    expect(validateGoal('groupMembers', 'g0')).toEqual(['g0: must be an object, got "groupMembers"'])
  })

  it('accepts every check with its required parameters', () => {
    const minimal: Record<string, Record<string, unknown>> = {
      topicRecords: { topic: UA, min: 1 },
      topicPartitions: { topic: UA, min: 1 },
      groupMembers: { group: 'g', min: 1 },
      partitionsPerMember: { group: 'g', max: 1 },
      idleMembers: { group: 'g', max: 0 },
      everyPartitionOwned: { group: 'g' },
      everyPartitionRead: { group: 'g' },
      groupRead: { group: 'g', min: 1 },
      groupReadAll: { group: 'g', topic: UA },
      sessionRead: { group: 'g', max: 0 },
      offsetsDiffered: { groups: ['a', 'b'] },
      recordsSpread: { topic: UA, last: 10, maxPartitions: 1 },
      keysTogether: { topic: UA, last: 10 },
      keySplit: { topic: UA },
      keyOrder: { group: 'g', min: 10 },
      groupLag: { group: 'g', maxPerPartition: 10 },
      hotPartition: { group: 'g', minLag: 100, othersMaxLag: 10 },
      takeover: { group: 'g' },
      rebalanced: { group: 'g' },
      assignor: { group: 'g', name: 'range' },
      offlinePartitions: { topic: UA, max: 0 },
      isrComplete: { topic: UA },
      writesAfterFailover: { topic: UA },
      ackedLost: { topic: UA, max: 0 },
      produceErrors: { topic: UA },
      producerConfig: { topic: UA, key: 'acks', value: 'all' },
      topicConfig: { topic: UA, key: 'min.insync.replicas', min: 2 },
      deletedRecords: { topic: UA, min: 1 },
      skippedRecords: { group: 'g', max: 0 },
    }
    expect(Object.keys(minimal).sort()).toEqual([...GOAL_CHECK_NAMES].sort())
    for (const [check, params] of Object.entries(minimal)) expect(validateGoal({ check, ...params }, 'g'), check).toEqual([])
  })
})

describe('topicRecords', () => {
  it('holds once the topic stores the records', () => {
    const s = sim({ topics: topic(2), producers: [producer({ maxRecords: 10 })] })
    const goal = follow(s, { check: 'topicRecords', topic: UA, min: 10 })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'user-activity stores 0 records' })
    expect(goal.run(3000)).toMatchObject({ ok: true, detail: 'user-activity stores 10 records' })
  })

  it('does not hold above max, nor for a topic that does not exist', () => {
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })] })
    expect(follow(s, { check: 'topicRecords', topic: UA, max: 5 }).run(3000).ok).toBe(false)
    expect(follow(s, { check: 'topicRecords', topic: 'orders', min: 0 }).status()).toMatchObject({ ok: false, detail: 'there is no topic orders yet' })
  })
})

describe('topicPartitions', () => {
  it('holds after partitions are added, not before', () => {
    const s = sim({ topics: topic(1) })
    const goal = follow(s, { check: 'topicPartitions', topic: UA, min: 3 })
    expect(goal.status().ok).toBe(false)
    s.dispatch({ type: 'addPartitions', topic: UA, count: 3 })
    expect(goal.run(100)).toMatchObject({ ok: true, detail: 'user-activity has 3 partitions' })
  })
})

describe('groupMembers', () => {
  it('counts the members the coordinator has whose consumer runs', () => {
    const s = sim({ topics: topic(2), consumers: [fastConsumer('c1'), fastConsumer('c2')] })
    const goal = follow(s, { check: 'groupMembers', group: 'g', min: 2 })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'g has no members' })
    expect(goal.run(10_000)).toMatchObject({ ok: true, detail: 'g has 2 members: c1, c2' })
  })

  it('stops counting a crashed member at once, though the coordinator waits for its session to time out', () => {
    const s = sim({ topics: topic(2), consumers: [fastConsumer('c1'), fastConsumer('c2')] })
    s.runUntil(10_000)
    const goal = follow(s, { check: 'groupMembers', group: 'g', min: 2 })
    s.dispatch({ type: 'crashConsumer', consumer: 'c2' })
    expect(goal.run(100)).toMatchObject({ ok: false, detail: 'g has 1 member: c1' })
    expect(s.s.groups[0]!.members).toHaveLength(2)
  })
})

describe('partitionsPerMember', () => {
  it('holds when the settled group gives every member one partition', () => {
    const s = sim({ topics: topic(2), consumers: [fastConsumer('c1'), fastConsumer('c2')] })
    expect(follow(s, { check: 'partitionsPerMember', group: 'g', min: 1, max: 1 }).run(10_000)).toMatchObject({ ok: true, detail: '2 of 2 members own exactly 1 partition (c1: 1, c2: 1)' })
  })

  it('does not hold when a member has none', () => {
    const s = sim({ topics: topic(1), consumers: [fastConsumer('c1'), fastConsumer('c2')] })
    expect(follow(s, { check: 'partitionsPerMember', group: 'g', min: 1, max: 1 }).run(10_000)).toMatchObject({ ok: false, detail: '1 of 2 members own exactly 1 partition (c1: 1, c2: 0)' })
  })
})

describe('idleMembers', () => {
  it('counts the members of a settled group that own no partition', () => {
    const s = sim({ topics: topic(1), consumers: [fastConsumer('c1'), fastConsumer('c2')] })
    const goal = follow(s, { check: 'idleMembers', group: 'g', min: 1 })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'g has no members yet' })
    expect(goal.run(10_000)).toMatchObject({ ok: true, detail: 'idle: c2' })
  })

  it('does not hold with max 0 while a member is idle, and does with one partition each', () => {
    const one = sim({ topics: topic(1), consumers: [fastConsumer('c1'), fastConsumer('c2')] })
    expect(follow(one, { check: 'idleMembers', group: 'g', max: 0 }).run(10_000).ok).toBe(false)
    const two = sim({ topics: topic(2), consumers: [fastConsumer('c1'), fastConsumer('c2')] })
    expect(follow(two, { check: 'idleMembers', group: 'g', max: 0 }).run(10_000)).toMatchObject({ ok: true, detail: 'every member owns a partition' })
  })
})

describe('everyPartitionOwned', () => {
  it("does not hold while the group still counts a crashed member, and holds again once its partition has a new owner", () => {
    const s = sim({ topics: topic(2), consumers: [fastConsumer('c1', 'g', { config: { 'session.timeout.ms': 6000 } }), fastConsumer('c2')] })
    const goal = follow(s, { check: 'everyPartitionOwned', group: 'g' })
    expect(goal.run(10_000)).toMatchObject({ ok: true, detail: '2 of 2 partitions have exactly one owner' })
    s.dispatch({ type: 'crashConsumer', consumer: 'c1' })
    expect(goal.run(1000).ok).toBe(false)
    expect(goal.status().detail).toMatch(/still counts c1, which is not running/)
    expect(goal.run(15_000).ok).toBe(true)
  })
})

describe('everyPartitionRead', () => {
  it('holds when records from every partition have been read since the last rebalance', () => {
    const s = sim({ topics: topic(3), producers: [producer()], consumers: [fastConsumer('c1')] })
    expect(follow(s, { check: 'everyPartitionRead', group: 'g' }).run(10_000)).toMatchObject({ ok: true, detail: '3 of 3 partitions read since the last rebalance' })
  })

  it('does not hold when a partition receives nothing', () => {
    const s = sim({ topics: topic(3), producers: [producer({ partition: 0 })], consumers: [fastConsumer('c1')] })
    const status = follow(s, { check: 'everyPartitionRead', group: 'g' }).run(10_000)
    expect(status).toMatchObject({ ok: false, detail: '1 of 3 partitions read since the last rebalance; waiting for user-activity-1, user-activity-2' })
  })
})

describe('groupRead', () => {
  it('holds once the group has processed min records during the step, not before', () => {
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1')] })
    expect(follow(s, { check: 'groupRead', group: 'g', min: 10 }).run(10_000)).toMatchObject({ ok: true, detail: 'g has read 10 of 10 records' })
    const t = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1')] })
    expect(follow(t, { check: 'groupRead', group: 'g', min: 11 }).run(10_000).ok).toBe(false)
  })
})

describe('groupReadAll', () => {
  it('holds when the group has read every stored record once', () => {
    const s = sim({ topics: topic(2), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1')] })
    expect(follow(s, { check: 'groupReadAll', group: 'g', topic: UA }).run(10_000)).toMatchObject({ ok: true, detail: 'g has read 10 of the 10 records stored' })
  })

  it('does not hold for a group that started at the end (auto.offset.reset=latest) and skipped what was there, and says it never will', () => {
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })] })
    s.runUntil(3000)
    const goal = follow(s, { check: 'groupReadAll', group: 'late', topic: UA })
    s.dispatch({ type: 'addConsumer', group: 'late', topics: [UA] })
    expect(goal.run(10_000)).toMatchObject({
      ok: false,
      detail: `late has read 0 of the 10 records stored; its committed offset on user-activity-0 is past records it never read (it started later in the log); ${RESTART}`,
    })
  })

  it('while a group is still reading, says only how far it has got', () => {
    const slow = { processingMs: 1000, config: { 'max.poll.records': 1 } }
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1', 'g', slow)] })
    expect(follow(s, { check: 'groupReadAll', group: 'g', topic: UA }).run(8000)).toMatchObject({ ok: false, detail: expect.stringMatching(/^g has read [1-7] of the 10 records stored$/) })
  })

  it('does not hold when a record was read twice (redelivered after a crash before the commit)', () => {
    const slowCommit = { config: { 'session.timeout.ms': 6000, 'auto.commit.interval.ms': 60_000 } }
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1', 'g', slowCommit), fastConsumer('c2', 'g', slowCommit)] })
    const goal = follow(s, { check: 'groupReadAll', group: 'g', topic: UA })
    expect(goal.run(8000).ok).toBe(true)
    const owner = s.s.consumers.find((c) => c.owned.length > 0)!
    s.dispatch({ type: 'crashConsumer', consumer: owner.id })
    expect(goal.run(20_000)).toMatchObject({ ok: false, detail: `g has read 10 of the 10 records stored; 10 records were read twice; ${RESTART}` })
  })
})

describe('sessionRead', () => {
  const hello = () => sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1', 'my-consumer-group')] })

  it('holds when a restarted consumer resumes at the committed offset and prints nothing, and stays held', () => {
    const s = hello()
    s.runUntil(15_000)
    const goal = follow(s, { check: 'sessionRead', group: 'my-consumer-group', from: 'committed', max: 0 })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'no new consumer session has started yet' })
    s.dispatch({ type: 'closeConsumer', consumer: 'c1' })
    s.dispatch({ type: 'restartConsumer', consumer: 'c1' })
    expect(goal.run(10_000)).toMatchObject({ ok: true, detail: 'c1 (my-consumer-group) started from the committed offset, read to the end and printed 0 records' })
    s.dispatch({ type: 'produce', producer: 'producer-1', count: 3 })
    expect(goal.run(3000).ok).toBe(true)
  })

  it('holds for a new group that replays every record from the earliest offset', () => {
    const s = hello()
    s.runUntil(15_000)
    const goal = follow(s, { check: 'sessionRead', excludeGroups: ['my-consumer-group'], from: 'earliest', min: 10 })
    s.dispatch({ type: 'addConsumer', group: 'my-consumer-group-2', topics: [UA], config: { 'auto.offset.reset': 'earliest' } })
    expect(goal.run(10_000)).toMatchObject({ ok: true, detail: 'consumer-1 (my-consumer-group-2) started from the earliest offset, read to the end and printed 10 records' })
  })

  it('does not hold when the session started elsewhere than `from` says (and says how to start one that does), nor for sessions that began before the step', () => {
    const s = hello()
    s.runUntil(15_000)
    const goal = follow(s, { check: 'sessionRead', excludeGroups: ['my-consumer-group'], from: 'earliest', min: 10 })
    s.dispatch({ type: 'addConsumer', group: 'my-consumer-group-2', topics: [UA] })
    expect(goal.run(10_000)).toMatchObject({
      ok: false,
      detail: 'consumer-1 (my-consumer-group-2) started from the latest offset, not earliest: start a consumer in another new group with auto.offset.reset=earliest',
    })
    const same = follow(s, { check: 'sessionRead', group: 'my-consumer-group', max: 0 })
    expect(same.run(5000).ok).toBe(false)
  })
})

describe('sessionRead, when the session has read everything there is but printed too few records', () => {
  it('asks for more records, and holds once the session has printed them (a latecomer at the latest offset, produced to too early)', () => {
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1', 'my-consumer-group')] })
    s.runUntil(15_000)
    const goal = follow(s, { check: 'sessionRead', excludeGroups: ['my-consumer-group'], from: 'latest', min: 1 })
    s.dispatch({ type: 'addConsumer', group: 'alerts', topics: [UA] })
    // Produced before alerts has its partition: its position, the latest offset, is after these records.
    s.dispatch({ type: 'produce', producer: 'producer-1', count: 5 })
    expect(goal.run(10_000)).toMatchObject({ ok: false, detail: 'consumer-1 (alerts) read to the end and printed 0 records: produce more records for it to read' })
    s.dispatch({ type: 'produce', producer: 'producer-1', count: 5 })
    expect(goal.run(5000)).toMatchObject({ ok: true, detail: 'consumer-1 (alerts) started from the latest offset, read to the end and printed 5 records' })
  })

  it('asks for a new session when the session printed more than max', () => {
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })] })
    s.runUntil(3000)
    const goal = follow(s, { check: 'sessionRead', group: 'g', max: 0 })
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c1', topics: [UA], config: { 'auto.offset.reset': 'earliest' } })
    expect(goal.run(10_000)).toMatchObject({ ok: false, detail: 'c1 (g) read to the end and printed 10 records, more than 0: stop it and start a new session' })
  })
})

describe('offsetsDiffered', () => {
  it('holds once two groups have committed different offsets for a partition, and stays held', () => {
    const slow = { processingMs: 1000, config: { 'max.poll.records': 1 } }
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })], consumers: [fastConsumer('c1', 'slow', slow), fastConsumer('c2', 'fast')] })
    const goal = follow(s, { check: 'offsetsDiffered', groups: ['slow', 'fast'] })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'not committed yet: slow, fast' })
    goal.run(30_000)
    expect(goal.everOk()).toBe(true)
    expect(goal.status()).toMatchObject({ ok: true, detail: expect.stringMatching(/^on user-activity-0: slow at \d, fast at 10$/) })
  })

  it('does not hold for two groups that read alike', () => {
    const s = sim({ topics: topic(1), producers: [producer({ maxRecords: 10 })] })
    s.runUntil(3000)
    s.dispatch({ type: 'addConsumer', group: 'a', topics: [UA], config: { 'auto.offset.reset': 'earliest' } })
    s.dispatch({ type: 'addConsumer', group: 'b', topics: [UA], config: { 'auto.offset.reset': 'earliest' } })
    const goal = follow(s, { check: 'offsetsDiffered', groups: ['a', 'b'] })
    expect(goal.run(30_000)).toMatchObject({ ok: false, detail: 'so far the groups have committed the same offsets' })
  })
})

describe('recordsSpread', () => {
  it('holds when a burst from the sticky partitioner lands in one partition', () => {
    const s = sim({ topics: topic(3), producers: [producer({ rate: 0, partitioner: 'sticky' })] })
    const goal = follow(s, { check: 'recordsSpread', topic: UA, last: 10, maxPartitions: 1 })
    expect(goal.status()).toMatchObject({ ok: false, detail: '0 of 10 records sent in this step' })
    s.dispatch({ type: 'produce', producer: 'producer-1', count: 10 })
    expect(goal.run(1000)).toMatchObject({ ok: true, detail: expect.stringMatching(/^the last 10 records are in 1 partition \(user-activity-\d\)$/) })
  })

  it('does not hold when round-robin deals them out', () => {
    const s = sim({ topics: topic(3), producers: [producer({ rate: 0, partitioner: 'round-robin' })] })
    const goal = follow(s, { check: 'recordsSpread', topic: UA, last: 10, maxPartitions: 1 })
    s.dispatch({ type: 'produce', producer: 'producer-1', count: 10 })
    expect(goal.run(1000)).toMatchObject({ ok: false, detail: 'the last 10 records are in 3 partitions (user-activity-0, user-activity-1, user-activity-2)' })
  })
})

describe('keysTogether', () => {
  it('holds when records are keyed by user: each key in one partition', () => {
    const s = sim({ topics: topic(3), producers: [producer({ keys: { mode: 'user-id' } })] })
    expect(follow(s, { check: 'keysTogether', topic: UA, last: 20 }).run(5000)).toMatchObject({ ok: true, detail: 'user_0 -> partition 0, user_1 -> partition 0, user_2 -> partition 1' })
  })

  it('does not hold for keyless records', () => {
    const s = sim({ topics: topic(3), producers: [producer()] })
    expect(follow(s, { check: 'keysTogether', topic: UA, last: 20 }).run(5000)).toMatchObject({ ok: false, detail: '20 of the last 20 records have no key' })
  })
})

describe('keySplit', () => {
  it('holds once adding a partition moves a key, its old records staying where they were', () => {
    const s = sim({ topics: topic(3), producers: [producer({ keys: { mode: 'user-id' }, config: { 'linger.ms': 0, 'metadata.max.age.ms': 1000 } })] })
    s.runUntil(3000)
    const goal = follow(s, { check: 'keySplit', topic: UA })
    expect(goal.run(3000)).toMatchObject({ ok: false, detail: 'every key is still in a single partition' })
    s.dispatch({ type: 'addPartitions', topic: UA, count: 4 })
    expect(goal.run(5000)).toMatchObject({ ok: true, detail: 'user_0 now has records in partitions 0 and 1' })
  })
})

describe('keyOrder', () => {
  it('holds when the group processes each key in production order', () => {
    const s = sim({ topics: topic(3), producers: [producer({ keys: { mode: 'user-id' } })], consumers: [fastConsumer('c1'), fastConsumer('c2'), fastConsumer('c3')] })
    expect(follow(s, { check: 'keyOrder', group: 'g', min: 20 }).run(15_000)).toMatchObject({ ok: true, detail: expect.stringMatching(/keyed records processed, each key in order$/) })
  })

  it('does not hold when a key sits in two partitions and the later records are processed first', () => {
    // Older records of key k wait in partition 0 for a slow member; newer ones in partition 1 are read at once.
    const s = sim({
      topics: topic(2),
      producers: [
        { id: 'early', topic: UA, rate: 10, maxRecords: 10, partition: 0, keys: { mode: 'custom', keys: ['k'] }, config: { 'linger.ms': 0 } },
        { id: 'late', topic: UA, rate: 10, maxRecords: 10, startAt: 2000, partition: 1, keys: { mode: 'custom', keys: ['k'] }, config: { 'linger.ms': 0 } },
      ],
      consumers: [fastConsumer('c1', 'g', { processingMs: 500 }), fastConsumer('c2')],
    })
    const status = follow(s, { check: 'keyOrder', group: 'g', min: 1 }).run(30_000)
    expect(status.ok).toBe(false)
    expect(status.detail).toMatch(/records out of order: k's record from \d+\.\d s \(user-activity-0@\d+\) was processed after one from \d+\.\d s/)
  })

  it('does not hold for keyless records', () => {
    const s = sim({ topics: topic(1), producers: [producer()], consumers: [fastConsumer('c1')] })
    expect(follow(s, { check: 'keyOrder', group: 'g', min: 1 }).run(10_000)).toMatchObject({ ok: false, detail: '0 of 1 keyed records processed, each key in order' })
  })

  it('counts up to min and no further: never "28 of 20"', () => {
    const s = sim({ topics: topic(3), producers: [producer({ keys: { mode: 'user-id' } })], consumers: [fastConsumer('c1')] })
    expect(follow(s, { check: 'keyOrder', group: 'g', min: 20 }).run(15_000)).toMatchObject({ ok: true, detail: '20 of 20 keyed records processed, each key in order' })
  })
})

describe('groupLag', () => {
  it('holds only after the lag has stayed low for forMs without a break', () => {
    const s = sim({ topics: topic(2), producers: [producer()], consumers: [fastConsumer('c1', 'g', { config: { 'auto.commit.interval.ms': 500 } })] })
    const goal = follow(s, { check: 'groupLag', group: 'g', maxPerPartition: 10, forMs: 5000 })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'no committed offset yet on user-activity-0, user-activity-1' })
    let firstHeld = -1
    while (firstHeld < 0 && s.now() < 30_000) if (goal.run(100).detail.includes('held for')) firstHeld = s.now()
    expect(firstHeld).toBeGreaterThan(0)
    expect(goal.run(4000).ok).toBe(false)
    expect(goal.run(1100).ok).toBe(true)
  })

  it('does not hold for a consumer that cannot keep up', () => {
    const s = sim({ topics: topic(2), producers: [producer({ rate: 20 })], consumers: [fastConsumer('c1', 'g', { processingMs: 100 })] })
    const status = follow(s, { check: 'groupLag', group: 'g', maxPerPartition: 30 }).run(30_000)
    expect(status.ok).toBe(false)
    expect(status.detail).toMatch(/^lag \d+ \/ \d+ \(total \d+\)$/)
  })
})

describe('hotPartition', () => {
  it('holds when one hot key overloads its partition while the others keep up', () => {
    const s = sim({
      topics: topic(3),
      producers: [producer({ rate: 40, keys: { mode: 'user-id', skew: { user: 42, percent: 80 } }, value: { kind: 'click-event', users: 10 } })],
      consumers: ['c1', 'c2', 'c3'].map((id) => fastConsumer(id, 'g', { processingMs: 50, config: { 'max.poll.records': 20, 'auto.commit.interval.ms': 1000 } })),
    })
    const status = follow(s, { check: 'hotPartition', group: 'g', minLag: 100, othersMaxLag: 30 }).run(30_000)
    expect(status).toMatchObject({ ok: true, detail: expect.stringMatching(/^user-activity-1 lags by \d+; the others by \d+, \d+$/) })
  })

  it('does not hold when the load is spread evenly', () => {
    const s = sim({
      topics: topic(3),
      producers: [producer({ rate: 40 })],
      consumers: ['c1', 'c2', 'c3'].map((id) => fastConsumer(id, 'g', { processingMs: 50, config: { 'max.poll.records': 20, 'auto.commit.interval.ms': 1000 } })),
    })
    expect(follow(s, { check: 'hotPartition', group: 'g', minLag: 100, othersMaxLag: 30 }).run(30_000).ok).toBe(false)
  })
})

describe('takeover', () => {
  const standby = () =>
    sim({
      topics: topic(2),
      producers: [producer()],
      consumers: ['c1', 'c2', 'c3'].map((id) => fastConsumer(id, 'g', { config: { 'session.timeout.ms': 6000, 'auto.commit.interval.ms': 1000 } })),
    })

  it("holds when another member resumes a crashed member's partition from the committed offset", () => {
    const s = standby()
    s.runUntil(12_000)
    const goal = follow(s, { check: 'takeover', group: 'g' })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'no member that owns partitions has stopped yet' })
    const owner = s.s.consumers.find((c) => c.owned.length > 0)!
    s.dispatch({ type: 'crashConsumer', consumer: owner.id })
    expect(goal.run(500).detail).toMatch(new RegExp(`^${owner.id} stopped; user-activity-\\d \\(from ${owner.id}\\) waits for a new owner$`))
    expect(goal.run(15_000)).toMatchObject({ ok: true, detail: expect.stringMatching(new RegExp(`^${owner.id} stopped; c\\d resumed user-activity-\\d at committed offset \\d+$`)) })
  })

  it('does not hold when the stopped member owned nothing', () => {
    const s = standby()
    s.runUntil(12_000)
    const goal = follow(s, { check: 'takeover', group: 'g' })
    const idle = s.s.consumers.find((c) => c.owned.length === 0)!
    s.dispatch({ type: 'crashConsumer', consumer: idle.id })
    expect(goal.run(15_000).ok).toBe(false)
  })

  it('holds too when the group had not committed an offset yet: the new owner starts where auto.offset.reset says (a takeover all the same)', () => {
    const s = sim({ topics: topic(1), producers: [producer()], consumers: ['c1', 'c2'].map((id) => fastConsumer(id, 'g', { config: { 'session.timeout.ms': 6000, 'auto.commit.interval.ms': 60_000 } })) })
    s.runUntil(7000)
    expect(s.s.groups.find((g) => g.groupId === 'g')!.committed).toEqual({})
    const goal = follow(s, { check: 'takeover', group: 'g' })
    const owner = s.s.consumers.find((c) => c.owned.length > 0)!
    s.dispatch({ type: 'crashConsumer', consumer: owner.id })
    expect(goal.run(15_000)).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^c\d stopped; c\d started user-activity-0 at offset 0: the group had not committed an offset for it yet, so auto\.offset\.reset=earliest applied$/),
    })
  })

  it('does not count the stopped member getting its own partition back after a restart, and says what to do instead', () => {
    const s = sim({ topics: topic(1), producers: [producer()], consumers: [fastConsumer('c1', 'g', { config: { 'auto.commit.interval.ms': 1000 } })] })
    s.runUntil(8000)
    const goal = follow(s, { check: 'takeover', group: 'g' })
    s.dispatch({ type: 'closeConsumer', consumer: 'c1' })
    goal.run(1000)
    s.dispatch({ type: 'restartConsumer', consumer: 'c1' })
    expect(goal.run(10_000)).toMatchObject({
      ok: false,
      detail: 'c1 stopped; c1 took user-activity-0 back itself: stop a member that owns a partition again, and let another member take it over',
    })
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c2' })
    goal.run(10_000)
    s.dispatch({ type: 'crashConsumer', consumer: 'c1' })
    expect(goal.run(60_000)).toMatchObject({ ok: true, detail: expect.stringMatching(/^c1 stopped; c2 resumed user-activity-0 at committed offset \d+$/) })
  })
})

describe('rebalanced', () => {
  const group = (strategy: string[]) =>
    sim({
      topics: topic(4),
      producers: [producer()],
      consumers: ['c1', 'c2'].map((id) => fastConsumer(id, 'g', { config: { 'partition.assignment.strategy': strategy } })),
    })

  it('under the eager protocol, every partition pauses and members get back partitions they had revoked', () => {
    const s = group(['range'])
    s.runUntil(10_000)
    const goal = follow(s, { check: 'rebalanced', group: 'g', minMembers: 3, minPausedPartitions: 4 })
    expect(goal.status().detail).toBe('no rebalance yet in this step; 2 members; 0 partitions changed owner; 0 revocations; 0 of 4 partitions paused, for 0.0 s in total')
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    const status = goal.run(15_000)
    expect(status.ok).toBe(true)
    expect(status.detail).toMatch(/^3 members; \d partitions? changed owner; 4 revocations \(\d given straight back to the same member\); 4 of 4 partitions paused, for \d+\.\d s in total$/)
    const strict = follow(s, { check: 'rebalanced', group: 'g', onlyMovedRevoked: true })
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c4' })
    expect(strict.run(15_000).ok).toBe(false)
  })

  it('under cooperative-sticky, only the partitions that move are revoked and paused', () => {
    const s = group(['cooperative-sticky'])
    s.runUntil(10_000)
    const goal = follow(s, { check: 'rebalanced', group: 'g', minMembers: 3, onlyMovedRevoked: true, maxPausedPartitions: 1 })
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    const status = goal.run(15_000)
    expect(status).toMatchObject({ ok: true, detail: expect.stringMatching(/^3 members; 1 partition changed owner; 1 revocation; 1 of 4 partitions paused, for \d+\.\d s in total$/) })
  })

  it('a member added before the group consumed paused nothing: the detail says to rebalance again while it consumes, and that works', () => {
    const s = group(['range'])
    const goal = follow(s, { check: 'rebalanced', group: 'g', minMembers: 3, minPausedPartitions: 4 })
    // Joins during the group's first rebalance, when nobody owns a partition yet.
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    expect(goal.run(15_000)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(
        /^3 members; 0 partitions changed owner; 0 revocations; 0 of 4 partitions paused, for 0\.0 s in total; fewer partitions paused than the goal needs \(a member that had not started consuming had nothing to give up\): rebalance the group again while it consumes, for example by adding a consumer, or press Restart step$/,
      ),
    })
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c4' })
    expect(goal.run(15_000).ok).toBe(true)
  })

  it('more partitions paused than allowed cannot be undone: the detail says to restart the step', () => {
    const s = group(['cooperative-sticky'])
    s.runUntil(10_000)
    const goal = follow(s, { check: 'rebalanced', group: 'g', minMembers: 3, maxPausedPartitions: 1 })
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c3' })
    s.dispatch({ type: 'addConsumer', group: 'g', id: 'c4' })
    expect(goal.run(20_000)).toMatchObject({ ok: false, detail: expect.stringMatching(/; 2 of 4 partitions paused, for \d+\.\d s in total; press Restart step to try again \(this cannot be undone within the step\)$/) })
  })

  it('says how many members it needs when the group settled with too few', () => {
    const s = group(['range'])
    s.runUntil(10_000)
    const goal = follow(s, { check: 'rebalanced', group: 'g', minMembers: 3 })
    s.dispatch({ type: 'closeConsumer', consumer: 'c2' })
    expect(goal.run(10_000).detail).toMatch(/^1 member; .*; it needs at least 3 members$/)
  })

  it('does not hold without a rebalance during the step', () => {
    const s = group(['range'])
    s.runUntil(10_000)
    expect(follow(s, { check: 'rebalanced', group: 'g' }).run(20_000).ok).toBe(false)
  })
})

describe('assignor', () => {
  it("tells the group's chosen assignor: range by default, cooperative-sticky once every member prefers it", () => {
    const s = sim({ topics: topic(2), consumers: [fastConsumer('c1'), fastConsumer('c2')] })
    const goal = follow(s, { check: 'assignor', group: 'g', name: 'cooperative-sticky' })
    expect(goal.run(10_000)).toMatchObject({ ok: false, detail: 'g uses range (eager)' })
    s.dispatch({ type: 'setGroupConfig', group: 'g', key: 'partition.assignment.strategy', value: ['cooperative-sticky'] })
    expect(goal.run(10_000)).toMatchObject({ ok: true, detail: 'g uses cooperative-sticky (cooperative)' })
  })
})

const replicated = (rf: number, extra: Record<string, unknown> = {}) =>
  sim({
    cluster: { brokers: 3, networkLatencyMs: 1, config: { 'broker.session.timeout.ms': 3000, 'replica.lag.time.max.ms': 5000 } },
    topics: [{ name: UA, partitions: 3, replicationFactor: rf, ...extra }],
    producers: [producer({ keys: { mode: 'user-id' }, value: { kind: 'click-event', users: 6 } })],
  })

describe('offlinePartitions', () => {
  it('counts partitions without a live leader: with RF 1, the dead broker\'s partition', () => {
    const s = replicated(1)
    s.runUntil(2000)
    const goal = follow(s, { check: 'offlinePartitions', topic: UA, min: 1 })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'all 3 partitions of user-activity have a live leader' })
    s.dispatch({ type: 'killBroker', broker: 2 })
    expect(goal.run(5000)).toMatchObject({ ok: true, detail: 'offline: user-activity-1' })
  })

  it('with RF 3, every partition has a live leader again once the controller elects a follower', () => {
    const s = replicated(3)
    s.runUntil(2000)
    const goal = follow(s, { check: 'offlinePartitions', topic: UA, max: 0 })
    s.dispatch({ type: 'killBroker', broker: 2 })
    expect(goal.run(1000).ok).toBe(false)
    expect(goal.run(4000).ok).toBe(true)
  })
})

describe('isrComplete', () => {
  it('does not hold while a replica is out of the ISR, and holds again once it has caught up', () => {
    const s = replicated(3)
    s.runUntil(2000)
    const goal = follow(s, { check: 'isrComplete', topic: UA })
    expect(goal.status()).toMatchObject({ ok: true, detail: '3 of 3 partitions have all their replicas in sync' })
    s.dispatch({ type: 'killBroker', broker: 2 })
    expect(goal.run(5000)).toMatchObject({ ok: false, detail: '0 of 3 partitions have all their replicas in sync' })
    s.dispatch({ type: 'restartBroker', broker: 2 })
    expect(goal.run(5000).ok).toBe(true)
  })
})

describe('writesAfterFailover', () => {
  it('holds when writes are acknowledged on a partition whose leader moved off a dead broker', () => {
    const s = replicated(3)
    s.runUntil(2000)
    const goal = follow(s, { check: 'writesAfterFailover', topic: UA })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'no broker has died in this step' })
    s.dispatch({ type: 'killBroker', broker: 2 })
    expect(goal.run(1000).detail).toBe('no partition of user-activity has a new leader yet')
    expect(goal.run(5000)).toMatchObject({ ok: true, detail: expect.stringMatching(/^user-activity-1 moved from broker 2 to broker \d; \d+ records? acknowledged there since$/) })
  })

  it('says why acknowledgements do not come back: acks=all with fewer in-sync replicas than min.insync.replicas', () => {
    const s = replicated(3, { config: { 'min.insync.replicas': 2 } })
    s.runUntil(2000)
    const goal = follow(s, { check: 'writesAfterFailover', topic: UA })
    const leader = s.s.topics[0]!.partitions[0]!.leader
    s.dispatch({ type: 'killBroker', broker: leader })
    // A second broker down: one in-sync replica left, fewer than 2.
    s.dispatch({ type: 'killBroker', broker: [1, 2, 3].find((b) => b !== leader)! })
    expect(goal.run(15_000)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/; 0 records acknowledged there since; its in-sync replicas are fewer than min\.insync\.replicas=2, so acks=all writes are refused until a broker comes back$/),
    })
    s.dispatch({ type: 'restartBroker', allDown: true })
    expect(goal.run(15_000).ok).toBe(true)
  })

  it('does not hold with RF 1: nothing can fail over', () => {
    const s = replicated(1)
    s.runUntil(2000)
    const goal = follow(s, { check: 'writesAfterFailover', topic: UA })
    s.dispatch({ type: 'killBroker', broker: 2 })
    expect(goal.run(10_000).ok).toBe(false)
  })
})

describe('ackedLost', () => {
  const leaderCrash = (acks: string) => {
    const s = sim({
      cluster: { brokers: 3, networkLatencyMs: 200, config: { 'broker.session.timeout.ms': 3000 } },
      topics: [{ name: UA, partitions: 1, replicationFactor: 3 }],
      producers: [producer({ config: { acks, 'enable.idempotence': acks === 'all', 'linger.ms': 0 } })],
    })
    s.runUntil(5000)
    return s
  }

  it('counts acknowledged records that a leader change threw away (acks=1)', () => {
    const s = leaderCrash('1')
    const goal = follow(s, { check: 'ackedLost', topic: UA, min: 1 })
    s.dispatch({ type: 'killBroker', broker: s.s.topics[0]!.partitions[0]!.leader })
    expect(goal.run(5000)).toMatchObject({ ok: true, detail: expect.stringMatching(/^\d+ acknowledged records? lost in this step \(user-activity-0 offsets \d+-\d+\)$/) })
  })

  it('finds none with acks=all', () => {
    const s = leaderCrash('all')
    const lost = follow(s, { check: 'ackedLost', topic: UA, min: 1 })
    const none = follow(s, { check: 'ackedLost', topic: UA, max: 0 })
    s.dispatch({ type: 'killBroker', broker: s.s.topics[0]!.partitions[0]!.leader })
    expect(lost.run(5000)).toMatchObject({ ok: false, detail: 'no acknowledged record lost in this step' })
    expect(none.status().ok).toBe(true)
  })

  it('a loss, once it has happened, cannot be undone: "max": 0 says to restart the step', () => {
    const s = leaderCrash('1')
    const none = follow(s, { check: 'ackedLost', topic: UA, max: 0 })
    s.dispatch({ type: 'killBroker', leaderOf: { topic: UA, partition: 0 } })
    expect(none.run(5000)).toMatchObject({ ok: false, detail: expect.stringMatching(/^\d+ acknowledged records? lost in this step \(user-activity-0 offsets \d+-\d+\); press Restart step to try again/) })
  })
})

describe('produceErrors', () => {
  it('holds when writes are refused with the named error: too few in-sync replicas for min.insync.replicas', () => {
    const s = replicated(2, { config: { 'min.insync.replicas': 2 } })
    s.runUntil(2000)
    const goal = follow(s, { check: 'produceErrors', topic: UA, error: 'NOT_ENOUGH_REPLICAS' })
    const other = follow(s, { check: 'produceErrors', topic: UA, error: 'REQUEST_TIMED_OUT' })
    expect(goal.status()).toMatchObject({ ok: false, detail: 'no write has failed yet' })
    s.dispatch({ type: 'killBroker', broker: 2 })
    goal.run(10_000)
    expect(goal.status()).toMatchObject({ ok: true, detail: expect.stringMatching(/^refused \d+ times? with NOT_ENOUGH_REPLICAS$/) })
    expect(other.run(0).ok).toBe(false)
  })

  it('names an exception as well as an error code: TimeoutException matches Sender\'s "TimeoutException: Expiring ..." failures', () => {
    const s = sim({
      cluster: { brokers: 1, networkLatencyMs: 1, config: { 'broker.session.timeout.ms': 1000 } },
      topics: topic(1),
      producers: [producer({ config: { 'delivery.timeout.ms': 3000 } })],
    })
    s.runUntil(1000)
    const goal = follow(s, { check: 'produceErrors', topic: UA, error: 'TimeoutException' })
    s.dispatch({ type: 'killBroker', broker: 1 })
    expect(goal.run(10_000)).toMatchObject({ ok: true, detail: expect.stringMatching(/^refused \d+ times? with TimeoutException$/) })
  })
})

describe('producerConfig', () => {
  it('holds while every producer to the topic has the setting', () => {
    const s = sim({ topics: topic(1), producers: [producer()] })
    const goal = follow(s, { check: 'producerConfig', topic: UA, key: 'acks', value: 'all' })
    expect(goal.status()).toMatchObject({ ok: true, detail: 'producer-1: acks=all' })
    s.dispatch({ type: 'setProducerConfig', producer: 'producer-1', key: 'acks', value: '1' })
    expect(goal.run(100)).toMatchObject({ ok: false, detail: 'producer-1: acks=1' })
  })

  it('does not hold when nobody produces to the topic', () => {
    expect(follow(sim({ topics: topic(1) }), { check: 'producerConfig', topic: UA, key: 'acks', value: 'all' }).status()).toMatchObject({ ok: false, detail: 'nobody produces to user-activity' })
  })
})

describe('topicConfig', () => {
  it('holds once the setting is in range or equal to value', () => {
    const s = sim({ topics: topic(1) })
    const min = follow(s, { check: 'topicConfig', topic: UA, key: 'min.insync.replicas', min: 2 })
    const unclean = follow(s, { check: 'topicConfig', topic: UA, key: 'unclean.leader.election.enable', value: false })
    expect(min.status()).toMatchObject({ ok: false, detail: 'user-activity: min.insync.replicas=1' })
    expect(unclean.status().ok).toBe(true)
    s.dispatch({ type: 'setTopicConfig', topic: UA, key: 'min.insync.replicas', value: 2 })
    expect(min.run(100).ok).toBe(true)
  })
})

describe('deletedRecords', () => {
  it('holds once retention has deleted a segment', () => {
    const s = sim({
      cluster: { brokers: 1, networkLatencyMs: 1, config: { 'log.retention.check.interval.ms': 1000 } },
      topics: topic(1, { config: { 'retention.ms': 5000, 'segment.bytes': 1000 } }),
      producers: [producer()],
    })
    const goal = follow(s, { check: 'deletedRecords', topic: UA, min: 1 })
    expect(goal.status()).toMatchObject({ ok: false, detail: '0 records deleted; the log starts at offset 0' })
    expect(goal.run(15_000)).toMatchObject({ ok: true, detail: expect.stringMatching(/^\d+ records deleted; the log starts at offset \d+$/) })
  })

  it('does not hold under the default retention of 7 days', () => {
    const s = sim({ topics: topic(1), producers: [producer()] })
    expect(follow(s, { check: 'deletedRecords', topic: UA, min: 1 }).run(15_000).ok).toBe(false)
  })
})

describe('skippedRecords', () => {
  const retention = () =>
    sim({
      cluster: { brokers: 1, networkLatencyMs: 1, config: { 'log.retention.check.interval.ms': 1000 } },
      topics: topic(1, { config: { 'retention.ms': 5000, 'segment.bytes': 1000 } }),
      producers: [producer()],
      consumers: [fastConsumer('audit-1', 'audit', { config: { 'auto.commit.interval.ms': 1000 } })],
    })

  it('counts records a consumer skipped because retention deleted them first', () => {
    const s = retention()
    s.runUntil(8000)
    const goal = follow(s, { check: 'skippedRecords', group: 'audit', min: 1 })
    s.dispatch({ type: 'closeConsumer', consumer: 'audit-1' })
    goal.run(20_000)
    s.dispatch({ type: 'restartConsumer', consumer: 'audit-1' })
    expect(goal.run(10_000)).toMatchObject({ ok: true, detail: expect.stringMatching(/^\d+ records skipped \(offset out of range, reset by auto.offset.reset\)$/) })
  })

  it('"max": 0 says to restart the step once a record was skipped', () => {
    const s = retention()
    s.runUntil(8000)
    const goal = follow(s, { check: 'skippedRecords', group: 'audit', max: 0 })
    s.dispatch({ type: 'closeConsumer', consumer: 'audit-1' })
    goal.run(20_000)
    s.dispatch({ type: 'restartConsumer', consumer: 'audit-1' })
    expect(goal.run(10_000)).toMatchObject({ ok: false, detail: expect.stringMatching(/^\d+ records skipped \(offset out of range, reset by auto.offset.reset\); press Restart step to try again/) })
  })

  it('finds none for a consumer that keeps up', () => {
    const s = retention()
    expect(follow(s, { check: 'skippedRecords', group: 'audit', max: 0 }).run(30_000)).toMatchObject({ ok: true, detail: 'no record skipped so far' })
  })
})
