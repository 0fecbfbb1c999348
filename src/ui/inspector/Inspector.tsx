/**
 * The inspector: details of the selected producer, topic, partition, record, group, member or
 * broker, and the controls that change it. Each kind has its own component, which subscribes to
 * its own entity in the view only (frames share unchanged pieces, so it re-renders only when that
 * entity changes).
 */
import { useId } from 'react'
import type { JSX } from 'react'
import type { Selection } from '../../store/sim-store'
import { useSim } from '../context'
import { BrokerInspector } from './BrokerInspector'
import { GroupInspector } from './GroupInspector'
import { MemberInspector } from './MemberInspector'
import { PartitionInspector } from './PartitionInspector'
import { ProducerInspector } from './ProducerInspector'
import { RecordInspector } from './RecordInspector'
import { TopicInspector } from './TopicInspector'
import './inspector.css'

export const INSPECTOR_HINT = 'Select a producer, partition, record, group, member or broker to see it here.'

/** One string per selected thing: switching to another thing starts its controls afresh. */
export function selectionKey(s: Selection): string {
  switch (s.kind) {
    case 'producer':
      return `producer:${s.id}`
    case 'broker':
      return `broker:${s.id}`
    case 'topic':
      return `topic:${s.topic}`
    case 'partition':
      return `partition:${s.topic}-${s.partition}`
    case 'record':
      return `record:${s.topic}-${s.partition}@${s.offset}`
    case 'group':
      return `group:${s.groupId}`
    case 'member':
      return `member:${s.groupId}:${s.id}`
  }
}

export function Inspector(): JSX.Element {
  const id = useId()
  const selection = useSim((s) => s.selection)
  const select = useSim((s) => s.select)
  const ready = useSim((s) => s.view !== null)
  return (
    <section className="inspector" aria-labelledby={`${id}-title`}>
      <header className="inspector-head">
        <h2 id={`${id}-title`}>Inspector</h2>
        {selection && (
          <button type="button" className="small" onClick={() => select(null)}>
            Close inspector
          </button>
        )}
      </header>
      {selection === null ? (
        <p className="inspector-hint">{INSPECTOR_HINT}</p>
      ) : !ready ? (
        <p className="inspector-hint">Waiting for the simulation…</p>
      ) : (
        <Selected key={selectionKey(selection)} selection={selection} />
      )}
    </section>
  )
}

function Selected({ selection: s }: { selection: Selection }) {
  switch (s.kind) {
    case 'producer':
      return <ProducerInspector id={s.id} />
    case 'broker':
      return <BrokerInspector id={s.id} />
    case 'topic':
      return <TopicInspector name={s.topic} />
    case 'partition':
      return <PartitionInspector topic={s.topic} partition={s.partition} />
    case 'record':
      return <RecordInspector topic={s.topic} partition={s.partition} offset={s.offset} />
    case 'group':
      return <GroupInspector groupId={s.groupId} />
    case 'member':
      return <MemberInspector groupId={s.groupId} id={s.id} />
  }
}
