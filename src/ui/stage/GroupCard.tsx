import { memo, useEffect, useRef, useState } from 'react'
import type { GroupView, MemberView } from '../../worker/protocol'
import { memberColor } from '../../viz/key-colors'
import { useClient, useSim } from '../context'
import { Notice } from '../Notice'
import { SelectButton } from './SelectButton'

const STATE_HELP: Record<string, string> = {
  Empty: 'no members',
  PreparingRebalance: 'rebalancing: waiting for every member to rejoin (JoinGroup)',
  CompletingRebalance: 'rebalancing: waiting for the leader’s assignment (SyncGroup)',
  Stable: 'every partition has its reader',
  Dead: 'no coordinator has it loaded: its broker is down or it is moving to another broker; members wait, then rejoin',
}

const PROTOCOL_HELP = {
  eager: 'eager: in a rebalance every member gives up all its partitions first, so the whole group pauses',
  cooperative: 'cooperative: members keep what they keep; only partitions that move pause',
}

/** A consumer group: its state in the rebalance protocol, its lag, and its members. */
export const GroupCard = memo(function GroupCard({ group: g, color }: { group: GroupView; color: string }) {
  const client = useClient()
  const source = `addConsumer:${g.groupId}`
  const notice = useSim((s) => (s.notice?.source === source ? s.notice : null))
  const idle = g.members.filter((m) => m.idle)
  const protocol = g.protocol ?? g.configuredProtocol
  const rebalancing = g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance'
  return (
    <article className={`card group${rebalancing ? ' rebalancing' : ''}`} aria-label={`consumer group ${g.groupId}`} style={{ borderTopColor: color }}>
      <header className="card-head" data-anchor={`group:${g.groupId}`} data-anchor-side="left">
        <h3>
          <span className="muted">group</span> <SelectButton target={{ kind: 'group', groupId: g.groupId }}>{g.groupId}</SelectButton>
        </h3>
        <button type="button" onClick={() => void client.command({ type: 'addConsumer', group: g.groupId }, source)} title={`Start another consumer in ${g.groupId}`}>
          Add consumer
        </button>
      </header>
      {notice && <Notice notice={notice} />}
      <p className={`group-state state-${g.state}`} role="status" aria-live="polite">
        <strong>{g.state}</strong> · generation {g.generation}
        <span className="muted"> — {STATE_HELP[g.state]}</span>
      </p>
      <p className="group-protocol" title={PROTOCOL_HELP[protocol]}>
        {g.assignor ?? g.configuredAssignor.split(', ')[0]} assignor · {protocol} rebalancing
      </p>
      <dl className="facts">
        <dt>lag</dt>
        <dd>{Object.keys(g.lag).length > 0 ? `${g.totalLag} record${g.totalLag === 1 ? '' : 's'} behind (committed offsets)` : 'nothing committed yet'}</dd>
        <dt>consumed</dt>
        <dd>
          {g.consumed}
          {g.duplicates > 0 ? ` (${g.duplicates} duplicates: processed again after a rebalance)` : ''}
        </dd>
        {g.rebalances > 0 && (
          <>
            <dt>rebalances</dt>
            <dd>{g.rebalances}</dd>
          </>
        )}
      </dl>
      <ul className="members" aria-label={`members of ${g.groupId}`}>
        {g.members.map((m, i) => (
          <MemberCard key={m.id} groupId={g.groupId} member={m} color={memberColor(i)} rebalancing={rebalancing} protocol={protocol} />
        ))}
      </ul>
      {idle.length > 0 && (
        <p className="idle-note" role="note">
          {idle.map((m) => m.id).join(', ')} {idle.length === 1 ? 'is' : 'are'} idle: a partition is read by only one member of a group, so a group can use at
          most as many consumers as its topics have partitions.
        </p>
      )}
    </article>
  )
})

function memberStatus(m: MemberView, rebalancing: boolean, protocol: 'eager' | 'cooperative'): string {
  switch (m.phase) {
    case 'crashed':
      return 'crashed: the group notices only after session.timeout.ms'
    case 'closed':
      return m.stopReason && m.stopReason !== 'closed by the learner' ? `stopped: ${m.stopReason}` : 'left the group'
    case 'unjoined':
      return 'joining the group…'
    case 'joining':
      // A member that was in a generation before gave up its partitions (eager); a new one has none to give up.
      return rebalancing && protocol === 'eager' && m.owned.length === 0 && m.generation > 0 ? 'paused: gave up its partitions, rejoining (JoinGroup)' : 'joining the group (JoinGroup)…'
    case 'syncing':
      return 'waiting for its assignment (SyncGroup)…'
  }
  if (m.idle) return 'idle: no partition assigned'
  if (m.owned.length === 0) return rebalancing ? 'paused: waiting for the rebalance' : 'no partitions'
  return `${rebalancing && protocol === 'cooperative' ? 'keeps reading' : 'reading'} ${m.owned.join(', ')}`
}

/** How long a partition chip stays marked as just assigned or given up (wall time). */
const CHANGE_MARK_MS = 2500

const MemberCard = memo(function MemberCard({
  groupId,
  member: m,
  color,
  rebalancing,
  protocol,
}: {
  groupId: string
  member: MemberView
  color: string
  rebalancing: boolean
  protocol: 'eager' | 'cooperative'
}) {
  const client = useClient()
  const source = `member:${m.id}`
  const notice = useSim((s) => (s.notice?.source === source ? s.notice : null))
  const running = m.phase !== 'crashed' && m.phase !== 'closed'
  const previous = useRef<string[]>(m.owned)
  const [changes, setChanges] = useState<{ added: string[]; removed: string[] }>({ added: [], removed: [] })
  useEffect(() => {
    const before = previous.current
    previous.current = m.owned
    const added = m.owned.filter((x) => !before.includes(x))
    const removed = before.filter((x) => !m.owned.includes(x))
    if (added.length === 0 && removed.length === 0) return
    setChanges({ added, removed })
    const timer = setTimeout(() => setChanges({ added: [], removed: [] }), CHANGE_MARK_MS)
    return () => clearTimeout(timer)
  }, [m.owned])
  return (
    <li className={`member${m.idle ? ' idle' : ''}${running ? '' : ' stopped'}`} aria-label={m.id} style={{ borderLeftColor: color }}>
      <div className="member-head" data-anchor={`consumer:${m.id}`} data-anchor-side="left">
        <strong>
          <SelectButton target={{ kind: 'member', groupId, id: m.id }}>{m.id}</SelectButton>
        </strong>
        {m.isLeader && (
          <span className="badge small" title="The group leader runs the assignor">
            leader
          </span>
        )}
        {m.idle && <span className="badge small idle-badge">idle</span>}
        {m.instanceId !== null && (
          <span className="badge small" title="Static member (group.instance.id)">
            static
          </span>
        )}
        {m.processingMs > 0 && <span className="badge small">{m.processingMs} ms/record</span>}
      </div>
      <div className="member-status">{memberStatus(m, rebalancing, protocol)}</div>
      {m.owned.length > 0 && (
        <ul className="chips" aria-label={`${m.id} owns`}>
          {m.owned.map((tp) => (
            <li key={tp} className={`chip${changes.added.includes(tp) ? ' just-assigned' : ''}`} style={{ borderColor: color }}>
              {tp}
              {changes.added.includes(tp) && <span className="visually-hidden"> (just assigned)</span>}
            </li>
          ))}
        </ul>
      )}
      {changes.removed.length > 0 && <div className="member-change">gave up {changes.removed.join(', ')}</div>}
      {running && m.lag > 0 && <div className="member-lag">{m.lag} to read</div>}
      {notice && <Notice notice={notice} />}
      <div className="member-actions">
        {running ? (
          <>
            <button type="button" className="small" onClick={() => void client.command({ type: 'crashConsumer', consumer: m.id }, source)} title={`Crash ${m.id}: kill the process, no goodbye, no commit`}>
              Crash
            </button>
            <button type="button" className="small" onClick={() => void client.command({ type: 'closeConsumer', consumer: m.id }, source)} title={`${m.id} calls consumer.close(): commit and leave the group`}>
              Leave
            </button>
          </>
        ) : (
          <button type="button" className="small" onClick={() => void client.command({ type: 'restartConsumer', consumer: m.id }, source)} title={`Start ${m.id} (consumer.py) again with the same client.id`}>
            Restart
          </button>
        )}
      </div>
    </li>
  )
})
