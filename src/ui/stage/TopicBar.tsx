import { memo } from 'react'
import type { TopicView } from '../../worker/protocol'
import { useClient, useSim } from '../context'
import { Notice } from '../Notice'
import { SelectButton } from './SelectButton'

/** A topic: how many partitions, how many copies of each, and the button to add a partition. */
export const TopicBar = memo(function TopicBar({ topic, brokerCount }: { topic: TopicView; brokerCount: number }) {
  const client = useClient()
  const source = `addPartitions:${topic.name}`
  const notice = useSim((s) => (s.notice?.source === source ? s.notice : null))
  const n = topic.partitions.length
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
            replication factor {topic.replicationFactor} · min.insync.replicas {topic.config['min.insync.replicas']}
          </span>
        )}
        <button type="button" onClick={() => void client.command({ type: 'addPartitions', topic: topic.name, count: n + 1 }, source)}>
          Add partition
        </button>
      </header>
      {notice && <Notice notice={notice} />}
    </article>
  )
})
