import { useEffect, useRef } from 'react'
import type { GroupView, MemberView, ProducerView, TopicView } from '../worker/protocol'
import { createFlightPainter } from '../viz/flight-painter'
import { memberColor } from '../viz/key-colors'
import { useClient, useSim, useSimStore } from './context'
import { describeKeys, PARTITIONER_LABELS } from './format'
import { Notice } from './Notice'
import { PartitionLog } from './PartitionLog'

/** The cluster: producers on the left, brokers with their partitions in the middle, groups on the right. */
export function ClusterStage() {
  const view = useSim((s) => s.view)
  const stageRef = useRef<HTMLDivElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const store = useSimStore()
  const ready = view !== null

  useEffect(() => {
    const stage = stageRef.current
    const canvas = canvasRef.current
    // jsdom has no canvas: the painter runs only where one can be drawn on.
    if (!stage || !canvas || typeof ResizeObserver === 'undefined' || !canvas.getContext?.('2d')) return
    const painter = createFlightPainter(canvas, stage, store)
    return () => painter.destroy()
  }, [store, ready])

  if (!view) return <div className="stage loading">Starting the simulation…</div>

  const groupColors: Record<string, string> = {}
  view.groups.forEach((g, i) => (groupColors[g.groupId] = memberColor(i + 3)))
  const ownersOf = (tp: string) =>
    view.groups.flatMap((g) => {
      const i = g.members.findIndex((m) => m.owned.includes(tp))
      const m = g.members[i]
      return m ? [{ group: g.groupId, member: m.id, color: memberColor(i) }] : []
    })

  return (
    <div className="stage" ref={stageRef}>
      <section className="column producers" aria-labelledby="producers-title">
        <h2 id="producers-title">Producers</h2>
        {view.producers.map((p) => (
          <ProducerCard key={p.id} producer={p} />
        ))}
      </section>
      <section className="column brokers" aria-labelledby="brokers-title">
        <h2 id="brokers-title">Brokers and topics</h2>
        {view.topics.filter((t) => !t.internal).map((t) => (
          <TopicCard key={t.name} topic={t} groupColors={groupColors} ownersOf={ownersOf} brokers={view.brokers} />
        ))}
      </section>
      <section className="column groups" aria-labelledby="groups-title">
        <h2 id="groups-title">Consumer groups</h2>
        {view.groups.map((g) => (
          <GroupCard key={g.groupId} group={g} color={groupColors[g.groupId] as string} />
        ))}
      </section>
      <canvas ref={canvasRef} className="flights" aria-hidden="true" />
    </div>
  )
}

function ProducerCard({ producer: p }: { producer: ProducerView }) {
  const progress = p.maxRecords !== null ? `${p.sent} of ${p.maxRecords} sent` : `${p.sent} sent`
  return (
    <article className="card producer" aria-label={p.id}>
      <header className="card-head" data-anchor={`producer:${p.id}`} data-anchor-side="right">
        <h3>{p.id}</h3>
        <span className="badge">{p.rate > 0 && (p.maxRecords === null || p.sent < p.maxRecords) ? `${p.rate}/s` : 'done'}</span>
      </header>
      <dl className="facts">
        <dt>topic</dt>
        <dd>{p.topic}</dd>
        <dt>records</dt>
        <dd>
          {progress} · {p.acked} acked{p.failed > 0 ? ` · ${p.failed} failed` : ''}
        </dd>
        <dt>key</dt>
        <dd>{describeKeys(p.keys)}</dd>
        <dt>no-key partitioner</dt>
        <dd>{PARTITIONER_LABELS[p.partitioner]}</dd>
        <dt>acks</dt>
        <dd>{p.acks}</dd>
        {p.avgAckMs !== null && (
          <>
            <dt>ack latency</dt>
            <dd>{p.avgAckMs} ms</dd>
          </>
        )}
      </dl>
      {p.lastError && <p className="error-text">Last error: {p.lastError}</p>}
    </article>
  )
}

function TopicCard({
  topic,
  groupColors,
  ownersOf,
  brokers,
}: {
  topic: TopicView
  groupColors: Record<string, string>
  ownersOf: (tp: string) => { group: string; member: string; color: string }[]
  brokers: { id: number; alive: boolean }[]
}) {
  const client = useClient()
  const notice = useSim((s) => (s.notice?.source === `addPartitions:${topic.name}` ? s.notice : null))
  return (
    <article className="card topic" aria-label={`topic ${topic.name}`}>
      <header className="card-head">
        <h3>
          <span className="muted">topic</span> {topic.name}
        </h3>
        <span className="badge">
          {topic.partitions.length} partition{topic.partitions.length === 1 ? '' : 's'} on {brokers.length} broker{brokers.length === 1 ? '' : 's'}
        </span>
        <button
          type="button"
          onClick={() => void client.command({ type: 'addPartitions', topic: topic.name, count: topic.partitions.length + 1 }, `addPartitions:${topic.name}`)}
        >
          Add partition
        </button>
      </header>
      {notice && <Notice notice={notice} />}
      {topic.partitions.map((p) => (
        <PartitionLog key={p.partition} partition={p} groupColors={groupColors} owners={ownersOf(`${p.topic}-${p.partition}`)} />
      ))}
    </article>
  )
}

const STATE_HELP: Record<string, string> = {
  Empty: 'no members',
  PreparingRebalance: 'rebalancing: waiting for members to rejoin',
  CompletingRebalance: 'rebalancing: waiting for the leader’s assignment',
  Stable: 'every partition has its reader',
  Dead: 'removed',
}

function GroupCard({ group: g, color }: { group: GroupView; color: string }) {
  const client = useClient()
  const notice = useSim((s) => (s.notice?.source === `addConsumer:${g.groupId}` ? s.notice : null))
  const idle = g.members.filter((m) => m.idle)
  return (
    <article className="card group" aria-label={`consumer group ${g.groupId}`} style={{ borderTopColor: color }}>
      <header className="card-head">
        <h3>
          <span className="muted">group</span> {g.groupId}
        </h3>
        <button type="button" onClick={() => void client.command({ type: 'addConsumer', group: g.groupId }, `addConsumer:${g.groupId}`)}>
          Add consumer
        </button>
      </header>
      {notice && <Notice notice={notice} />}
      <p className={`group-state state-${g.state}`}>
        <strong>{g.state}</strong> · generation {g.generation} · {g.assignor ?? g.configuredAssignor.split(', ')[0]} ({g.protocol ?? g.configuredProtocol})
        <span className="muted"> — {STATE_HELP[g.state]}</span>
      </p>
      <dl className="facts">
        <dt>lag</dt>
        <dd>{Object.keys(g.lag).length > 0 ? `${g.totalLag} record${g.totalLag === 1 ? '' : 's'} behind (committed)` : 'nothing committed yet'}</dd>
        <dt>consumed</dt>
        <dd>
          {g.consumed}
          {g.duplicates > 0 ? ` (${g.duplicates} duplicates)` : ''}
        </dd>
      </dl>
      <ul className="members" aria-label={`members of ${g.groupId}`}>
        {g.members.map((m, i) => (
          <MemberCard key={m.id} member={m} color={memberColor(i)} />
        ))}
      </ul>
      {idle.length > 0 && (
        <p className="idle-note" role="note">
          {idle.map((m) => m.id).join(', ')} {idle.length === 1 ? 'is' : 'are'} idle: a partition is read by only one member of a group, so a
          group can use at most as many consumers as its topics have partitions.
        </p>
      )}
    </article>
  )
}

function memberStatus(m: MemberView): string {
  switch (m.phase) {
    case 'crashed':
      return 'crashed'
    case 'closed':
      return 'left the group'
    case 'unjoined':
    case 'joining':
      return 'joining the group…'
    case 'syncing':
      return 'waiting for its assignment…'
  }
  if (m.idle) return 'idle: no partition assigned'
  if (m.owned.length === 0) return 'rebalancing: consuming nothing'
  return `reading ${m.owned.join(', ')}`
}

function MemberCard({ member: m, color }: { member: MemberView; color: string }) {
  const client = useClient()
  const running = m.phase !== 'crashed' && m.phase !== 'closed'
  return (
    <li className={`member${m.idle ? ' idle' : ''}${running ? '' : ' stopped'}`} aria-label={m.id} style={{ borderLeftColor: color }}>
      <div className="member-head" data-anchor={`consumer:${m.id}`} data-anchor-side="left">
        <strong>{m.id}</strong>
        {m.isLeader && <span className="badge small" title="The group leader runs the assignor">leader</span>}
        {m.idle && <span className="badge small idle-badge">idle</span>}
      </div>
      <div className="member-status">{memberStatus(m)}</div>
      {running && m.lag > 0 && <div className="member-lag">{m.lag} to read</div>}
      {running && (
        <div className="member-actions">
          <button type="button" className="small" onClick={() => void client.command({ type: 'crashConsumer', consumer: m.id })} title="Kill the process: no goodbye, no commit">
            Crash
          </button>
          <button type="button" className="small" onClick={() => void client.command({ type: 'closeConsumer', consumer: m.id })} title="consumer.close(): commit and leave the group">
            Leave
          </button>
        </div>
      )}
    </li>
  )
}
