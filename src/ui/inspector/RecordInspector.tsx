import { useEffect, useState } from 'react'
import type { RecordDetails } from '../../worker/protocol'
import { useClient, useSim } from '../context'
import { formatSimTime } from '../format'
import { Gone, SelectLink } from './fields'

export function RecordInspector({ topic, partition, offset }: { topic: string; partition: number; offset: number }) {
  const p = useSim((s) => s.view?.topics.find((t) => t.name === topic)?.partitions.find((x) => x.partition === partition))
  const groups = useSim((s) => s.view?.groups)
  const lostRecords = useSim((s) => s.view?.lostRecords)
  const name = `${topic}-${partition}`
  const id = `${name}@${offset}`
  const client = useClient()
  // The record's details come from the simulation on request; they are asked again when the
  // partition's leadership changes (a truncation may have replaced the record) or the ack arrives.
  const epoch = p?.leaderEpoch ?? -1
  const acked = p?.records.find((r) => r.offset === offset)?.acked
  const inLog = p !== undefined && offset >= p.logStartOffset && offset < p.logEndOffset
  const [fetched, setFetched] = useState<{ id: string; record: RecordDetails | null } | null>(null)
  useEffect(() => {
    if (!inLog) return
    let live = true
    void client.inspectRecord(topic, partition, offset).then((record) => live && setFetched({ id, record }))
    return () => {
      live = false
    }
  }, [client, topic, partition, offset, id, epoch, acked, inLog])
  const shown = fetched?.id === id ? fetched.record : null

  const what = `The record at offset ${offset} of ${name}`
  if (!p || !groups) return <Gone what={what} why={`partition ${name} is gone`} />
  const lost = (lostRecords ?? []).filter((r) => r.topic === topic && r.partition === partition && r.offset === offset)
  const lostNote =
    lost.length > 0 ? (
      <p className="lost-note">
        {lost.map((r) => `At ${formatSimTime(r.t)} a leader change truncated the record at this offset (key ${r.key ?? 'none'}${r.acked ? ', acknowledged to its producer' : ''}): it is lost.`).join(' ')}
      </p>
    ) : null
  if (offset < p.logStartOffset) return <Gone what={what} why={`retention deleted it; the log now starts at offset ${p.logStartOffset}`} />
  if (offset >= p.logEndOffset) {
    return (
      <>
        <Gone what={what} why={`the log now ends at offset ${p.logEndOffset}`} />
        {lostNote}
      </>
    )
  }

  const related = groups.filter((g) => g.topics.includes(topic) || p.committed[g.groupId] !== undefined || p.consumedUpTo[g.groupId] !== undefined)
  const consumedBy = related.filter((g) => (p.consumedUpTo[g.groupId] ?? -1) > offset).map((g) => g.groupId)
  const committedBy = related.filter((g) => (p.committed[g.groupId] ?? -1) > offset).map((g) => g.groupId)
  const aboveHw = offset >= p.highWatermark

  return (
    <article className="inspector-body" aria-label={`record at offset ${offset} of ${name}`}>
      <h3>
        <span className="muted">record</span> {name} offset {offset}
      </h3>
      {lostNote}
      {!shown && <p className="muted">Reading the record…</p>}
      <dl className="facts">
        {shown && (
          <>
            <dt>key</dt>
            <dd>{shown.key === null ? <span className="muted">no key</span> : <code>{shown.key}</code>}</dd>
            <dt>value</dt>
            <dd>
              {/* React puts the value in as text: a value full of HTML shows as the characters it is. */}
              <pre className="record-value">{shown.value}</pre>
              {shown.truncated && <span className="muted">Only the first {shown.value.length} characters are shown.</span>}
            </dd>
            <dt>timestamp</dt>
            <dd>
              {shown.timestamp} <span className="muted">(CreateTime, ms of simulated time: {formatSimTime(shown.timestamp)})</span>
            </dd>
          </>
        )}
        <dt>topic</dt>
        <dd>
          <SelectLink to={{ kind: 'topic', topic }}>{topic}</SelectLink>
        </dd>
        <dt>partition</dt>
        <dd>
          <SelectLink to={{ kind: 'partition', topic, partition }}>{String(partition)}</SelectLink>
        </dd>
        <dt>offset</dt>
        <dd>{offset}</dd>
        {shown && (
          <>
            <dt>producer</dt>
            <dd>
              <SelectLink to={{ kind: 'producer', id: shown.producer }}>{shown.producer}</SelectLink>
            </dd>
            <dt>acked</dt>
            <dd>
              {shown.acked
                ? 'yes: its producer was told it is written'
                : 'no: its producer has not been told it is written (still waiting for replicas, or acks=0, which never tells)'}
            </dd>
          </>
        )}
        <dt>replicated</dt>
        <dd>{aboveHw ? `not yet: it is above the high watermark (${p.highWatermark}), so no consumer can read it` : 'yes: below the high watermark, readable by consumers'}</dd>
        <dt>consumed by</dt>
        <dd>{consumedBy.length > 0 ? consumedBy.join(', ') : 'no group yet'}</dd>
        <dt>committed past it</dt>
        <dd>
          {committedBy.length > 0
            ? committedBy.map((g) => `${g} (committed offset ${p.committed[g]})`).join(', ')
            : 'no group yet'}
        </dd>
      </dl>
    </article>
  )
}
