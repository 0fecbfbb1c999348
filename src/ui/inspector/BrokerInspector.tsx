import { useRef } from 'react'
import type { BrokerView } from '../../worker/protocol'
import { useSim } from '../context'
import { ActionButton, Gone, SelectLink, useFocusAfterSwap } from './fields'
import { plural } from './text'

function brokerState(b: BrokerView): string {
  if (b.alive) return b.slow ? 'up, slow: its follower replicas fall behind and may drop out of the ISR' : 'up'
  return b.fenced
    ? 'down, fenced: the controller removed it from every ISR'
    : 'down, not fenced yet: the controller waits broker.session.timeout.ms before it acts'
}

export function BrokerInspector({ id }: { id: number }) {
  const b = useSim((s) => s.view?.brokers.find((x) => x.id === id))
  const topics = useSim((s) => s.view?.topics)
  const actions = useRef<HTMLDivElement>(null)
  useFocusAfterSwap(actions, b?.alive)
  if (!b || !topics) return <Gone what={`Broker ${id}`} />
  const source = (control: string) => `broker:${b.id}:${control}`
  const held = topics
    .filter((t) => !t.internal)
    .flatMap((t) => t.partitions.filter((p) => p.replicas.includes(b.id)).map((p) => ({ p, leads: p.leader === b.id, inIsr: p.isr.includes(b.id) })))
  return (
    <article className="inspector-body" aria-label={`broker ${b.id}`}>
      <h3>
        <span className="muted">broker</span> {b.id}
      </h3>
      <dl className="facts">
        <dt>state</dt>
        <dd className={b.alive ? (b.slow ? 'warn-text' : 'ok-text') : 'error-text'}>{brokerState(b)}</dd>
        <dt>leads</dt>
        <dd>{plural(b.leaderCount, 'partition')}</dd>
        <dt>holds</dt>
        <dd>{plural(b.replicaCount, 'replica')}</dd>
        <dt>coordinates</dt>
        <dd>
          {b.coordinatorOf.length === 0
            ? 'no consumer group'
            : b.coordinatorOf.map((g) => (
                <SelectLink key={g} to={{ kind: 'group', groupId: g }}>
                  {g}
                </SelectLink>
              ))}
        </dd>
      </dl>
      {held.length > 0 && (
        <table className="inspector-table">
          <caption>Replicas on broker {b.id}</caption>
          <thead>
            <tr>
              <th scope="col">partition</th>
              <th scope="col">role</th>
              <th scope="col">in sync (ISR)</th>
            </tr>
          </thead>
          <tbody>
            {held.map(({ p, leads, inIsr }) => (
              <tr key={`${p.topic}-${p.partition}`}>
                <th scope="row">
                  <SelectLink to={{ kind: 'partition', topic: p.topic, partition: p.partition }}>{`${p.topic}-${p.partition}`}</SelectLink>
                </th>
                <td>{leads ? 'leader' : p.replicas[0] === b.id ? 'follower (preferred leader)' : 'follower'}</td>
                <td className={inIsr ? 'ok-text' : 'warn-text'}>{inIsr ? 'in sync' : 'out of sync'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h4>Actions</h4>
      <div className="actions" ref={actions}>
        {b.alive ? (
          <ActionButton source={source('kill')} command={{ type: 'killBroker', broker: b.id }} help="The process dies: no controlled shutdown" className="danger">
            Kill broker
          </ActionButton>
        ) : (
          <ActionButton source={source('restart')} command={{ type: 'restartBroker', broker: b.id }} help="It truncates to what the leaders have, catches up and rejoins the ISR">
            Restart broker
          </ActionButton>
        )}
        <ActionButton
          source={source('slow')}
          command={{ type: 'slowBroker', broker: b.id, slow: !b.slow }}
          pressed={b.slow}
          help={b.slow ? 'Slow now: press to bring it back to speed' : 'Its replica fetchers stall, so its followers fall behind'}
        >
          Slow broker
        </ActionButton>
        <ActionButton
          source={source('elect-preferred')}
          command={{ type: 'electPreferredLeaders' }}
          help="For every partition in the cluster: leadership back to its first replica, if that one is in sync"
        >
          Elect preferred leaders
        </ActionButton>
      </div>
    </article>
  )
}
