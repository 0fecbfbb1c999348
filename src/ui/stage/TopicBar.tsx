import { memo } from 'react'
import type { LostRecordView, TopicView } from '../../worker/protocol'
import { useClient, useSim } from '../context'
import { Notice } from '../Notice'
import { SelectButton } from './SelectButton'

/** A topic: how many partitions, how many copies of each, and the button to add a partition. */
export const TopicBar = memo(function TopicBar({ topic, brokerCount, lost }: { topic: TopicView; brokerCount: number; lost: LostRecordView[] }) {
  const client = useClient()
  const source = `addPartitions:${topic.name}`
  const notice = useSim((s) => (s.notice?.source === source ? s.notice : null))
  const n = topic.partitions.length
  const minIsr = topic.config['min.insync.replicas']
  // Online partitions with fewer in-sync replicas than min.insync.replicas refuse acks=all writes.
  const underMinIsr = topic.partitions.filter((p) => p.leader >= 0 && p.isr.length < minIsr)
  return (
    <article className="card topic" aria-label={`topic ${topic.name}`}>
      <header className="card-head" data-anchor={`topic:${topic.name}`}>
        <h3>
          <span className="muted">topic</span> <SelectButton target={{ kind: 'topic', topic: topic.name }}>{topic.name}</SelectButton>
        </h3>
        <span className="badge">
          {n} partition{n === 1 ? '' : 's'} on {brokerCount} broker{brokerCount === 1 ? '' : 's'}
        </span>
        {topic.replicationFactor > 1 && (
          <span className="badge" title="Each partition has this many copies, on different brokers">
            replication factor {topic.replicationFactor} · min.insync.replicas {minIsr}
          </span>
        )}
        {underMinIsr.length > 0 && (
          <span className="badge warn" title="Fewer in-sync replicas than min.insync.replicas: the leader refuses acks=all writes with NOT_ENOUGH_REPLICAS">
            ⚠ below min.insync.replicas: {underMinIsr.map((p) => `${topic.name}-${p.partition} (ISR ${p.isr.length})`).join(', ')}
          </span>
        )}
        <button type="button" onClick={() => void client.command({ type: 'addPartitions', topic: topic.name, count: n + 1 }, source)} title={`Add partition ${topic.name}-${n}`}>
          Add partition
        </button>
      </header>
      {notice && <Notice notice={notice} />}
      {lost.length > 0 && <LostRecords lost={lost} />}
    </article>
  )
})

/** Records a leader change threw away: acknowledged ones are data loss the producer never heard of. */
function LostRecords({ lost }: { lost: LostRecordView[] }) {
  const acked = lost.filter((r) => r.acked)
  return (
    <details className={`lost-records${acked.length > 0 ? ' acked' : ''}`}>
      <summary>
        {acked.length > 0
          ? `${acked.length} acknowledged record${acked.length === 1 ? ' was' : 's were'} lost`
          : `${lost.length} unacknowledged record${lost.length === 1 ? ' was' : 's were'} truncated`}{' '}
        in a leader change
      </summary>
      <ul>
        {lost.map((r) => (
          <li key={`${r.partition}:${r.offset}:${r.t}`}>
            {r.topic}-{r.partition} offset {r.offset}, key {r.key ?? 'none'}: {r.acked ? 'its producer had been told it was written' : 'never acknowledged'}
          </li>
        ))}
      </ul>
    </details>
  )
}
