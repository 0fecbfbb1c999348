import { memo } from 'react'
import type { LostRecordView, TopicLossView, TopicView } from '../../worker/protocol'
import { useClient, useSim } from '../context'
import { Notice } from '../Notice'
import { SelectButton } from './SelectButton'

interface Props {
  topic: TopicView
  brokerCount: number
  /** The newest records the topic lost (a few). */
  lost: LostRecordView[]
  /** How many it lost in all; undefined: none. */
  loss: TopicLossView | undefined
}

const sameLoss = (a: TopicLossView | undefined, b: TopicLossView | undefined) => a === b || (a !== undefined && b !== undefined && a.acked === b.acked && a.unacked === b.unacked)

/** A topic: how many partitions, how many copies of each, and the button to add a partition. */
export const TopicBar = memo(function TopicBar({ topic, brokerCount, lost, loss }: Props) {
  const client = useClient()
  const source = `addPartitions:${topic.name}`
  const notice = useSim((s) => (s.notice?.source === source ? s.notice : null))
  const n = topic.partitions.length
  const minIsr = topic.config['min.insync.replicas']
  // Online partitions with fewer in-sync replicas than min.insync.replicas refuse acks=all writes.
  const underMinIsr = topic.partitions.filter((p) => p.leader >= 0 && p.isr.length < minIsr)
  // Partitions with no leader: nothing can be written to or read from them.
  const offline = topic.partitions.filter((p) => p.leader < 0)
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
        {offline.length > 0 && (
          <span className="badge warn" title="No leader: producers and consumers can neither write nor read these partitions until a replica can lead">
            ⚠ offline: {offline.map((p) => `${topic.name}-${p.partition}`).join(', ')}
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
      <LostRecords lost={lost} loss={loss} />
    </article>
  )
},
// The totals arrive as a fresh object in every frame: compare them by value.
(a, b) => a.topic === b.topic && a.brokerCount === b.brokerCount && a.lost === b.lost && sameLoss(a.loss, b.loss))

const were = (n: number, what: string) => `${n} ${what}${n === 1 ? ' was' : 's were'}`

/**
 * Records leader changes threw away: acknowledged ones are data loss the producer never heard of.
 * The summary gives the topic's totals; the list, for detail, only the newest records.
 */
function LostRecords({ lost, loss }: { lost: LostRecordView[]; loss: TopicLossView | undefined }) {
  if (!loss) return null
  const total = loss.acked + loss.unacked
  if (total === 0) return null
  const summary =
    loss.acked > 0
      ? `${were(loss.acked, 'acknowledged record')} lost in a leader change${loss.unacked > 0 ? `, and ${loss.unacked} unacknowledged ${loss.unacked === 1 ? 'one was' : 'ones were'} truncated` : ''}`
      : `${were(loss.unacked, 'unacknowledged record')} truncated in a leader change`
  return (
    <details className={`lost-records${loss.acked > 0 ? ' acked' : ''}`}>
      <summary>{summary.charAt(0).toUpperCase() + summary.slice(1)}</summary>
      {lost.length < total && (
        <p className="lost-shown">{lost.length === 0 ? 'The records themselves are no longer listed: newer losses took their place.' : `Showing the newest ${lost.length} of ${total} records:`}</p>
      )}
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
