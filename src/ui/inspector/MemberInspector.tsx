import { useRef } from 'react'
import type { ConsumerConfig } from '../../engine'
import { CONSUMER_DEFAULTS } from '../../engine'
import type { MemberView } from '../../worker/protocol'
import { useSim } from '../context'
import { ActionButton, Gone, NumberSetting, SelectLink, useFocusAfterSwap } from './fields'
import { plural } from './text'

function phaseText(m: MemberView): string {
  switch (m.phase) {
    case 'crashed':
      return 'crashed: the process died without leaving the group'
    case 'closed':
      return 'closed: it left the group'
    case 'unjoined':
      return 'not in the group yet (starting, or about to rejoin)'
    case 'joining':
      return 'joining: JoinGroup sent, waiting for the response'
    case 'syncing':
      return 'syncing: SyncGroup sent, waiting for its assignment'
    case 'stable':
      return m.idle ? 'stable, idle: no partition assigned' : 'stable: consuming its assignment'
    default:
      return m.phase
  }
}

export function isStopped(m: MemberView): boolean {
  return m.phase === 'crashed' || m.phase === 'closed'
}

export function MemberInspector({ groupId, id }: { groupId: string; id: string }) {
  const m = useSim((s) => s.view?.groups.find((g) => g.groupId === groupId)?.members.find((x) => x.id === id))
  const actions = useRef<HTMLDivElement>(null)
  useFocusAfterSwap(actions, m ? isStopped(m) : null)
  if (!m) return <Gone what={`Member ${id} of ${groupId}`} />
  const source = (control: string) => `member:${groupId}:${m.id}:${control}`
  const stopped = isStopped(m)
  const changed = Object.entries(m.changed).filter(([k]) => k !== 'group.instance.id')
  return (
    <article className="inspector-body" aria-label={`member ${m.id}`}>
      <h3>
        <span className="muted">member</span> {m.id}
      </h3>
      <dl className="facts">
        <dt>group</dt>
        <dd>
          <SelectLink to={{ kind: 'group', groupId }}>{groupId}</SelectLink>
        </dd>
        <dt>status</dt>
        <dd>{phaseText(m)}</dd>
        {stopped && (
          <>
            <dt>why it stopped</dt>
            <dd>{m.stopReason || 'unknown'}</dd>
          </>
        )}
        <dt>owned partitions</dt>
        <dd>
          {m.owned.length === 0
            ? 'none'
            : m.owned.map((tp) => {
                const cut = tp.lastIndexOf('-')
                return (
                  <SelectLink key={tp} to={{ kind: 'partition', topic: tp.slice(0, cut), partition: Number(tp.slice(cut + 1)) }}>
                    {tp}
                  </SelectLink>
                )
              })}
        </dd>
        <dt>idle</dt>
        <dd>{m.idle ? 'yes: the group has more members than partitions to give them' : 'no'}</dd>
        <dt>lag</dt>
        <dd>{stopped ? '–' : `${plural(m.lag, 'record')} available but not yet returned by poll()`}</dd>
        <dt>group leader</dt>
        <dd>{m.isLeader ? 'yes: it runs the assignor' : 'no'}</dd>
        <dt>static member</dt>
        <dd>{m.instanceId !== null ? `yes, group.instance.id = ${m.instanceId}` : 'no (dynamic membership)'}</dd>
        <dt>member id</dt>
        <dd>
          <code>{m.memberId || 'none yet'}</code>
        </dd>
        <dt>generation</dt>
        <dd>{m.generation}</dd>
        <dt>processing time</dt>
        <dd>{m.processingMs} ms per record</dd>
      </dl>
      {changed.length > 0 && (
        <>
          <h4>Settings that differ from Kafka&rsquo;s defaults</h4>
          <ul className="changed-list">
            {changed.map(([k, v]) => (
              <li key={k}>
                <code>{k}</code> = {v} <span className="kafka-default">Kafka&rsquo;s default: {JSON.stringify(CONSUMER_DEFAULTS[k as keyof ConsumerConfig])}</span>
              </li>
            ))}
          </ul>
        </>
      )}

      <h4>Actions</h4>
      <div className="actions" ref={actions}>
        {stopped ? (
          <ActionButton source={source('restart')} command={{ type: 'restartConsumer', consumer: m.id }} help="Starts it again with the same client.id">
            Restart
          </ActionButton>
        ) : (
          <>
            <ActionButton source={source('crash')} command={{ type: 'crashConsumer', consumer: m.id }} help="Kill the process: no goodbye, no commit">
              Crash
            </ActionButton>
            <ActionButton source={source('leave')} command={{ type: 'closeConsumer', consumer: m.id }} help="consumer.close(): commit and leave the group">
              Leave
            </ActionButton>
          </>
        )}
      </div>
      <NumberSetting
        label="Processing time (ms per record)"
        unit="ms"
        value={m.processingMs}
        source={source('processing-time')}
        rule={{ min: 0, max: 3_600_000, integer: true }}
        toCommand={(ms) => ({ type: 'setProcessingTime', consumer: m.id, ms })}
        help="Simulated time the application spends on each record; a slow member falls behind."
      />
    </article>
  )
}
