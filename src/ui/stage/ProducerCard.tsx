import { memo } from 'react'
import type { ProducerView } from '../../worker/protocol'
import { describeKeys, PARTITIONER_LABELS } from '../format'
import { SelectButton } from './SelectButton'

/** A producer: what it sends where, and how its acknowledgements are going. */
export const ProducerCard = memo(function ProducerCard({ producer: p }: { producer: ProducerView }) {
  const done = p.maxRecords !== null && p.sent >= p.maxRecords
  const progress = p.maxRecords !== null ? `${p.sent} of ${p.maxRecords} sent` : `${p.sent} sent`
  return (
    <article className="card producer" aria-label={p.id}>
      <header className="card-head" data-anchor={`producer:${p.id}`} data-anchor-side="right">
        <h3>
          <SelectButton target={{ kind: 'producer', id: p.id }}>{p.id}</SelectButton>
        </h3>
        <span className="badge">{done ? 'done' : p.rate > 0 ? `${p.rate}/s` : 'stopped'}</span>
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
        {p.keys.mode !== 'user-id' && (
          <>
            <dt>no-key partitioner</dt>
            <dd>{PARTITIONER_LABELS[p.partitioner]}</dd>
          </>
        )}
        <dt>acks</dt>
        <dd>{p.acks}</dd>
        {p.avgAckMs !== null && (
          <>
            <dt>ack latency</dt>
            <dd>{p.avgAckMs} ms on average</dd>
          </>
        )}
        {p.queued > 0 && (
          <>
            <dt>waiting</dt>
            <dd>{p.queued} batch{p.queued === 1 ? '' : 'es'} to send or retry</dd>
          </>
        )}
      </dl>
      {p.lastError && (
        <p className="error-text" role="status">
          Last error: {p.lastError}
        </p>
      )}
    </article>
  )
})
