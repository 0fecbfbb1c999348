import { memo } from 'react'
import type { PartitionView, ReplicaView } from '../../worker/protocol'
import { SelectButton } from './SelectButton'

/**
 * A follower replica on its broker: how much of the leader's log it has copied, and whether it is
 * in sync (in the ISR). Drawn as a bar under the same offsets as the leader's strip.
 */
export const ReplicaRow = memo(function ReplicaRow({ partition: p, replica }: { partition: PartitionView; replica: ReplicaView }) {
  const name = `${p.topic}-${p.partition}`
  const span = Math.max(1, p.logEndOffset - p.logStartOffset)
  const have = Math.max(0, Math.min(replica.leo, p.logEndOffset) - p.logStartOffset)
  const behind = p.logEndOffset - replica.leo
  const state = !replica.alive ? 'down' : p.leader < 0 ? 'offline' : replica.inIsr ? 'in sync' : 'out of sync'
  const label = `${name} follower on broker ${replica.broker}: ${state}, has offsets below ${replica.leo} of ${p.logEndOffset}`
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
          {p.leader < 0 ? 'no leader: offline' : behind > 0 ? `${behind} behind the leader` : 'caught up'}
        </span>
      </header>
      <div className="copy-bar" role="img" aria-label={`copied ${have} of ${span} records`}>
        <div className="copy-fill" style={{ width: `${(100 * have) / span}%` }} />
        <span className="copy-text">
          log end {replica.leo} / leader {p.logEndOffset}
        </span>
      </div>
    </section>
  )
})
