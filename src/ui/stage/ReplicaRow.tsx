import { memo } from 'react'
import type { PartitionView, ReplicaView } from '../../worker/protocol'
import { SelectButton } from './SelectButton'

/**
 * A follower replica on its broker: how much of the leader's log it has copied, and whether it is
 * in sync (in the ISR). Drawn as a bar under the same offsets as the leader's strip, filled up to
 * the replica's log end offset, with the partition's high watermark marked on it: consumers read
 * only below the high watermark, which is the lowest log end offset in the ISR. An in-sync follower
 * is at or past it (the slowest one holds it back); one out of the ISR can fall below it.
 */
export const ReplicaRow = memo(function ReplicaRow({ partition: p, replica }: { partition: PartitionView; replica: ReplicaView }) {
  const name = `${p.topic}-${p.partition}`
  const span = Math.max(1, p.logEndOffset - p.logStartOffset)
  const have = Math.max(0, Math.min(replica.leo, p.logEndOffset) - p.logStartOffset)
  const behind = p.logEndOffset - replica.leo
  const hw = p.highWatermark
  const hwAt = Math.min(span, Math.max(0, hw - p.logStartOffset)) / span
  // The 3 px tick stays inside the bar at both ends: 0 at the start, 3 px left of the end at the end.
  const tickLeft = `calc(${100 * hwAt}% - ${3 * hwAt}px)`
  const belowHw = hw - replica.leo
  const state = !replica.alive ? 'down' : p.leader < 0 ? 'offline' : replica.inIsr ? 'in sync' : 'out of sync'
  const label = `${name} follower on broker ${replica.broker}: ${state}, has offsets below ${replica.leo} of ${p.logEndOffset}, high watermark ${hw}`
  return (
    <section className={`partition follower-row state-${state.replace(/ /g, '-')}`} aria-label={label} data-anchor={`replica:${name}:${replica.broker}`}>
      <header className="partition-head">
        <h4 className="partition-name">
          <SelectButton target={{ kind: 'partition', topic: p.topic, partition: p.partition }}>{name}</SelectButton>
        </h4>
        <span className="role-badge follower-badge">{p.leader < 0 ? 'replica, no leader' : 'follower'}</span>
        {/* Kafka keeps the last in-sync replica in the ISR when its broker dies: say it is down. */}
        <span className={`isr-badge ${replica.inIsr && replica.alive ? 'in' : 'out'}`}>{replica.inIsr ? (replica.alive ? 'in ISR' : 'last in ISR, broker down') : 'not in ISR'}</span>
        <span className="partition-meta">
          {p.leader < 0
            ? 'no leader: offline'
            : behind > 0
              ? `${behind} behind the leader`
              : behind < 0
                ? `${-behind} past the leader's log end: records the leader never had, dropped when it returns`
                : 'caught up'}
          {belowHw > 0 && `, ${belowHw} below the HW`}
        </span>
      </header>
      <div className="copy-track">
        {/* The label sits on the side of the tick with more room, so it stays inside the bar's width. */}
        <span className={`copy-hw-label${hwAt > 0.5 ? ' end' : ''}`} style={{ left: hwAt > 0.5 ? `calc(${100 * hwAt}% + ${3 - 3 * hwAt}px)` : tickLeft }} title={`high watermark ${hw}: consumers read only offsets before it`} aria-hidden="true">
          HW {hw}
        </span>
        <div className="copy-bar" role="img" aria-label={`copied ${have} of ${span} records; log end ${replica.leo}, high watermark ${hw}, leader's log end ${p.logEndOffset}`}>
          <div className="copy-fill" style={{ width: `${(100 * have) / span}%` }} />
          <div className="copy-hw" style={{ left: tickLeft }} />
          <span className="copy-text">
            log end {replica.leo} / leader {p.logEndOffset}
          </span>
        </div>
      </div>
    </section>
  )
})
