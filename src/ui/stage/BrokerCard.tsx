import { memo } from 'react'
import type { BrokerView, PartitionView } from '../../worker/protocol'
import { useClient, useSim } from '../context'
import { Notice } from '../Notice'
import type { Owner } from './colors'
import { ownersKey } from './colors'
import { PartitionLog } from './PartitionLog'
import { ReplicaRow } from './ReplicaRow'
import { SelectButton } from './SelectButton'

interface Props {
  broker: BrokerView
  /** Every partition of every (non-internal) topic. */
  partitions: PartitionView[]
  groupColors: Record<string, string>
  owners: Map<string, Owner[]>
  compact: boolean
  /** Show the kill/slow buttons (hidden in the simplest lessons with one broker). */
  showActions: boolean
}

function brokerStatus(b: BrokerView): string {
  if (!b.alive) return b.fenced ? 'down (fenced by the controller)' : 'down (the controller has not noticed yet)'
  return b.slow ? 'up, slow' : 'up'
}

/** A broker and the replicas it holds: full logs where it leads, copy bars where it follows. */
export const BrokerCard = memo(function BrokerCard({ broker: b, partitions, groupColors, owners, compact, showActions }: Props) {
  const client = useClient()
  const source = `broker:${b.id}`
  const notice = useSim((s) => (s.notice?.source === source ? s.notice : null))
  const held = partitions.filter((p) => p.replicas.includes(b.id))
  const leading = held.filter((p) => p.leader === b.id)
  const following = held.filter((p) => p.leader !== b.id)
  return (
    <article className={`card broker${b.alive ? '' : ' down'}${b.slow ? ' slow' : ''}`} aria-label={`broker ${b.id}`}>
      <header className="card-head">
        <h3>
          <SelectButton target={{ kind: 'broker', id: b.id }}>Broker {b.id}</SelectButton>
        </h3>
        <span className={`badge status-${b.alive ? (b.slow ? 'slow' : 'up') : 'down'}`}>{brokerStatus(b)}</span>
        {showActions &&
          (b.alive ? (
            <>
              <button type="button" className="small" onClick={() => void client.command({ type: 'killBroker', broker: b.id }, source)} title={`Stop broker ${b.id} abruptly`}>
                Kill broker
              </button>
              <button type="button" className="small" aria-pressed={b.slow} onClick={() => void client.command({ type: 'slowBroker', broker: b.id, slow: !b.slow }, source)} title={`Make broker ${b.id} a slow follower (it falls out of the ISR)`}>
                Slow broker
              </button>
            </>
          ) : (
            <button type="button" className="small" onClick={() => void client.command({ type: 'restartBroker', broker: b.id }, source)} title={`Start broker ${b.id} again: it truncates, catches up and rejoins the ISR`}>
              Restart broker
            </button>
          ))}
      </header>
      {notice && <Notice notice={notice} />}
      <p className="broker-meta">
        leads {b.leaderCount} of the {b.replicaCount} replica{b.replicaCount === 1 ? '' : 's'} it holds
        {b.coordinatorOf.length > 0 && ` · coordinator of ${b.coordinatorOf.join(', ')}`}
      </p>
      {held.length === 0 && <p className="muted empty-broker">No partitions here: Kafka never moves existing partitions to a new broker by itself.</p>}
      {leading.map((p) => {
        const tp = `${p.topic}-${p.partition}`
        return <MemoLog key={tp} partition={p} groupColors={groupColors} owners={owners.get(tp)} compact={compact} />
      })}
      {following.map((p) => {
        const replica = p.replicaStates.find((r) => r.broker === b.id)
        return replica ? <ReplicaRow key={`${p.topic}-${p.partition}`} partition={p} replica={replica} /> : null
      })}
    </article>
  )
})

/** Re-renders a partition only when it or its readers change. */
const MemoLog = memo(
  function MemoLog({ partition, groupColors, owners, compact }: { partition: PartitionView; groupColors: Record<string, string>; owners: Owner[] | undefined; compact: boolean }) {
    return <PartitionLog partition={partition} groupColors={groupColors} owners={owners ?? NO_OWNERS} compact={compact} />
  },
  (a, b) => a.partition === b.partition && a.groupColors === b.groupColors && a.compact === b.compact && ownersKey(a.owners) === ownersKey(b.owners),
)

const NO_OWNERS: Owner[] = []
