import { useSim } from '../context'
import { Gone, SelectLink } from './fields'
import { plural } from './text'

export function PartitionInspector({ topic, partition }: { topic: string; partition: number }) {
  const p = useSim((s) => s.view?.topics.find((t) => t.name === topic)?.partitions.find((x) => x.partition === partition))
  const unclean = useSim((s) => s.view?.topics.find((t) => t.name === topic)?.config['unclean.leader.election.enable'] ?? false)
  const groups = useSim((s) => s.view?.groups)
  const name = `${topic}-${partition}`
  if (!p || !groups) return <Gone what={`Partition ${name}`} />
  const offline = p.leader < 0
  const leaderDown = !offline && p.replicaStates.some((r) => r.broker === p.leader && !r.alive)
  const readers = groups.filter((g) => g.topics.includes(topic) || p.committed[g.groupId] !== undefined)
  return (
    <article className="inspector-body" aria-label={`partition ${name}`}>
      <h3>
        <span className="muted">partition</span> {name}
      </h3>
      {offline && (
        <p className="offline-note">
          <strong>Offline:</strong> no live in-sync replica can lead it, so it takes no writes and serves no reads
          {unclean ? '.' : ' until one comes back (unclean.leader.election.enable is false, so an out-of-sync replica may not lead).'}
        </p>
      )}
      <dl className="facts">
        <dt>topic</dt>
        <dd>
          <SelectLink to={{ kind: 'topic', topic }}>{topic}</SelectLink>
        </dd>
        <dt>leader</dt>
        <dd>
          {offline ? (
            'none (offline)'
          ) : (
            <>
              <SelectLink to={{ kind: 'broker', id: p.leader }}>{`broker ${p.leader}`}</SelectLink>
              {leaderDown && <span className="error-text"> (down: the controller has not noticed yet, so nobody serves this partition)</span>}
            </>
          )}
        </dd>
        <dt>leader epoch</dt>
        <dd>{p.leaderEpoch}</dd>
        <dt>log start offset</dt>
        <dd>{p.logStartOffset}</dd>
        <dt>high watermark</dt>
        <dd>
          {p.highWatermark} <span className="muted">(consumers read below it)</span>
        </dd>
        <dt>log end offset</dt>
        <dd>
          {p.logEndOffset} <span className="muted">(the next record gets this offset)</span>
        </dd>
        <dt>records</dt>
        <dd>{p.logEndOffset - p.logStartOffset}</dd>
        <dt>ISR</dt>
        <dd>{p.isr.length > 0 ? p.isr.map((b) => `broker ${b}`).join(', ') : 'empty'}</dd>
      </dl>

      <table className="inspector-table">
        <caption>Replicas of {name}</caption>
        <thead>
          <tr>
            <th scope="col">broker</th>
            <th scope="col">role</th>
            <th scope="col">log end offset</th>
            <th scope="col">in sync (ISR)</th>
            <th scope="col">broker state</th>
          </tr>
        </thead>
        <tbody>
          {p.replicaStates.map((r, i) => (
            <tr key={r.broker}>
              <th scope="row">
                <SelectLink to={{ kind: 'broker', id: r.broker }}>{`broker ${r.broker}`}</SelectLink>
                {i === 0 && <span className="muted"> (preferred leader)</span>}
              </th>
              <td>{r.leader ? 'leader' : 'follower'}</td>
              <td>
                {r.leo}
                {!r.leader && r.leo < p.logEndOffset && <span className="muted"> ({p.logEndOffset - r.leo} behind)</span>}
              </td>
              <td className={r.inIsr ? 'ok-text' : 'warn-text'}>{r.inIsr ? 'in sync' : 'out of sync'}</td>
              <td className={r.alive ? 'ok-text' : 'error-text'}>{r.alive ? 'up' : 'down'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {readers.length > 0 ? (
        <table className="inspector-table">
          <caption>Consumer groups reading {name}</caption>
          <thead>
            <tr>
              <th scope="col">group</th>
              <th scope="col">committed offset</th>
              <th scope="col">lag</th>
              <th scope="col">read by</th>
            </tr>
          </thead>
          <tbody>
            {readers.map((g) => {
              const committed = p.committed[g.groupId]
              const owners = g.members.filter((m) => m.owned.includes(name))
              return (
                <tr key={g.groupId}>
                  <th scope="row">
                    <SelectLink to={{ kind: 'group', groupId: g.groupId }}>{g.groupId}</SelectLink>
                  </th>
                  <td>{committed === undefined ? 'nothing committed' : committed}</td>
                  <td>{committed === undefined ? '–' : plural(Math.max(0, p.highWatermark - committed), 'record')}</td>
                  <td>
                    {owners.length === 0
                      ? 'no member'
                      : owners.map((m) => (
                          <SelectLink key={m.id} to={{ kind: 'member', groupId: g.groupId, id: m.id }}>
                            {m.id}
                          </SelectLink>
                        ))}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">No consumer group reads this topic.</p>
      )}

      {p.records.length > 0 && (
        <>
          <h4>Newest records</h4>
          <ul className="link-list" aria-label={`newest records of ${name}`}>
            {p.records.map((r) => (
              <li key={r.offset}>
                <SelectLink to={{ kind: 'record', topic, partition, offset: r.offset }}>{`offset ${r.offset}`}</SelectLink>
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  )
}
