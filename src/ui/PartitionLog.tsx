import type { PartitionView } from '../worker/protocol'
import { keyColor, keyLabel } from '../viz/key-colors'

interface Props {
  partition: PartitionView
  /** Group id -> the member colour used for its committed-offset flag. */
  groupColors: Record<string, string>
  /** The member reading this partition in each group, to label the row. */
  owners: { group: string; member: string; color: string }[]
}

/**
 * One partition as Kafka keeps it: an append-only strip of offset cells, with markers for the log
 * start, the high watermark and the next offset (log end), and one flag per group at its committed
 * offset.
 */
export function PartitionLog({ partition: p, groupColors, owners }: Props) {
  const name = `${p.topic}-${p.partition}`
  const hidden = p.records.length > 0 ? (p.records[0] as { offset: number }).offset - p.logStartOffset : p.logEndOffset - p.logStartOffset
  const summary =
    p.logEndOffset === p.logStartOffset
      ? `${name}: empty, next offset ${p.logEndOffset}`
      : `${name}: offsets ${p.logStartOffset} to ${p.logEndOffset - 1}, high watermark ${p.highWatermark}, next offset ${p.logEndOffset}`
  const firstShown = p.records[0]?.offset ?? p.logEndOffset
  const flagsAt = (offset: number) => Object.entries(p.committed).filter(([, o]) => o === offset)
  const olderFlags = Object.entries(p.committed).filter(([, o]) => o < firstShown)
  return (
    <section className="partition" aria-label={summary} data-anchor={`partition:${name}`}>
      <header className="partition-head">
        <h4 className="partition-name">{name}</h4>
        <span className="partition-meta">
          leader broker {p.leader >= 0 ? p.leader : 'none'} · {p.logEndOffset - p.logStartOffset} record{p.logEndOffset - p.logStartOffset === 1 ? '' : 's'}
        </span>
        {owners.length > 0 && (
          <span className="partition-owners">
            {owners.map((o) => (
              <span key={o.group} className="owner-chip" style={{ borderColor: o.color }} title={`read by ${o.member} in ${o.group}`}>
                → {o.member}
              </span>
            ))}
          </span>
        )}
      </header>
      <ol className="log" aria-label={`${name} log`}>
        {(hidden > 0 || p.logStartOffset > 0 || olderFlags.length > 0) && (
          <li className="log-more" aria-label={hidden > 0 ? `${hidden} older records not shown` : `records before offset ${p.logStartOffset} deleted by retention`}>
            {hidden > 0 ? `…${hidden}` : `start ${p.logStartOffset}`}
            {olderFlags.map(([group, o]) => (
              <span key={group} className="commit-flag" style={{ background: groupColors[group] }} title={`${group} committed offset ${o}`}>
                {group} @{o}
              </span>
            ))}
          </li>
        )}
        {p.records.map((r) => {
          const flags = flagsAt(r.offset)
          const aboveHw = r.offset >= p.highWatermark
          return (
            <li
              key={r.offset}
              className={`cell${aboveHw ? ' above-hw' : ''}`}
              data-anchor={`offset:${name}:${r.offset}`}
              aria-label={`offset ${r.offset}, key ${r.key ?? 'none'}${aboveHw ? ', not yet replicated (above the high watermark)' : ''}`}
              title={r.value}
            >
              <span className="cell-body" style={{ background: keyColor(r.key) }}>
                <span className="cell-offset">{r.offset}</span>
                <span className="cell-key">{keyLabel(r.key, 6)}</span>
              </span>
              {flags.map(([group]) => (
                <span key={group} className="commit-flag" style={{ background: groupColors[group] }} title={`${group} committed offset ${r.offset}`}>
                  {group}
                </span>
              ))}
            </li>
          )
        })}
        <li className="cell next" data-anchor={`log-end:${name}`} aria-label={`next offset ${p.logEndOffset}`}>
          <span className="cell-offset">{p.logEndOffset}</span>
          <span className="cell-key">next</span>
          {flagsAt(p.logEndOffset).map(([group]) => (
            <span key={group} className="commit-flag" style={{ background: groupColors[group] }} title={`${group} committed offset ${p.logEndOffset}: it has read everything`}>
              {group}
            </span>
          ))}
        </li>
      </ol>
    </section>
  )
}
