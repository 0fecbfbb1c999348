import { memo, useLayoutEffect, useRef, useState } from 'react'
import type { CSSProperties, FocusEvent, KeyboardEvent, ReactNode } from 'react'
import type { PartitionView } from '../../worker/protocol'
import { keyColor, keyLabel } from '../../viz/key-colors'
import { useSim, useSimStore } from '../context'
import type { Owner } from './colors'
import { SelectButton } from './SelectButton'
import './stage.css'

interface Props {
  partition: PartitionView
  groupColors: Record<string, string>
  owners: Owner[]
  /** Fewer, smaller cells when there are many partitions. */
  compact: boolean
}

/** Offsets appended within this much simulated time are outlined as new (the reduced-motion picture relies on it). */
const FRESH_MS = 1200

/**
 * One partition as its leader keeps it: an append-only strip of offset cells, with the log start,
 * the high watermark and the next offset (log end) marked, and one flag per group at its committed
 * offset. Records above the high watermark are not yet on every in-sync replica: consumers cannot
 * read them yet.
 *
 * Each group's flags hang in a row of their own under the strip (the first group with a committed
 * offset here in the top row, the next below it...): a flag is wider than a cell, so two groups at
 * the same or nearby offsets would otherwise print over each other ("▲ analytics mer-group").
 */
export const PartitionLog = memo(function PartitionLog({ partition: p, groupColors, owners, compact }: Props) {
  const name = `${p.topic}-${p.partition}`
  const records = p.records
  // A narrow column scrolls the strip: keep its newest end (and the next offset) in sight.
  const strip = useRef<HTMLOListElement>(null)
  useLayoutEffect(() => {
    const el = strip.current
    if (el && el.scrollWidth > el.clientWidth) el.scrollLeft = el.scrollWidth
  }, [p.logEndOffset])
  const firstShown = records[0]?.offset ?? p.logEndOffset
  const hidden = firstShown - p.logStartOffset
  const summary =
    p.logEndOffset === p.logStartOffset
      ? `${name}: empty, next offset ${p.logEndOffset}`
      : `${name}: offsets ${p.logStartOffset} to ${p.logEndOffset - 1}, high watermark ${p.highWatermark}, next offset ${p.logEndOffset}`
  const flagRows = flagRowsOf(p.committed, groupColors)
  // Flags under the right half of the strip hang leftwards from their cell's right edge: the strip
  // keeps its newest end in sight, and a flag running on past the next offset would be cut off there.
  const endward = (offset: number) => offset - firstShown >= (p.logEndOffset - firstShown) / 2
  const flagsAt = (offset: number) => Object.entries(p.committed).filter(([, o]) => o === offset)
  const olderFlags = Object.entries(p.committed).filter(([, o]) => o < firstShown)
  const count = p.logEndOffset - p.logStartOffset
  // The high watermark matters once there are followers: records at and after it are not yet on
  // every in-sync replica, so no consumer can read them. Marked where it falls.
  const showHw = p.replicas.length > 1
  // One tab stop per log (the cell last focused, else the newest); arrow keys, Home and End move
  // along the strip, so the keyboard does not have to tab through every record of every partition.
  const [focused, setFocused] = useState<number | null>(null)
  const tabStop = focused !== null && records.some((r) => r.offset === focused) ? focused : records.at(-1)?.offset
  const onFocus = (e: FocusEvent<HTMLOListElement>) => {
    const offset = (e.target as HTMLElement).dataset.offset
    if (offset !== undefined) setFocused(Number(offset))
  }
  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    const cells = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('button.cell-body'))
    const at = cells.indexOf(e.target as HTMLElement)
    if (at < 0) return
    const to = e.key === 'ArrowLeft' ? at - 1 : e.key === 'ArrowRight' ? at + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? cells.length - 1 : null
    if (to === null) return
    e.preventDefault()
    cells[Math.max(0, Math.min(cells.length - 1, to))]?.focus()
  }
  return (
    <section className={`partition leader-row${p.leader < 0 ? ' offline' : ''}${compact ? ' compact' : ''}${showHw ? ' with-hw' : ''}`} aria-label={summary} data-anchor={`partition:${name}`}>
      <header className="partition-head">
        <h4 className="partition-name">
          <SelectButton target={{ kind: 'partition', topic: p.topic, partition: p.partition }}>{name}</SelectButton>
        </h4>
        <span className="role-badge leader-badge" title="The leader takes every write and serves every read">
          ★ leader
        </span>
        <span className="partition-meta">
          {count} record{count === 1 ? '' : 's'}
          {p.replicas.length > 1 && ` · ISR ${p.isr.join(', ')}`}
        </span>
        {owners.map((o) => (
          <span key={o.group} className="owner-chip" style={{ borderColor: o.color }} title={`read by ${o.member} in ${o.group}`}>
            → {o.member}
          </span>
        ))}
      </header>
      <ol className="log" aria-label={`${name} log`} ref={strip} onFocus={onFocus} onKeyDown={onKeyDown} style={{ '--flag-rows': Math.max(1, flagRows.size) } as CSSProperties}>
        {(hidden > 0 || p.logStartOffset > 0 || olderFlags.length > 0) && (
          <li className="log-more" aria-label={hidden > 0 ? `${hidden} older records not shown` : `records before offset ${p.logStartOffset} were deleted by retention`}>
            {showHw && p.highWatermark < firstShown && <HwMarker offset={p.highWatermark} withOffset />}
            {hidden > 0 ? `…${hidden}` : `starts at ${p.logStartOffset}`}
            {olderFlags.map(([group, o]) => (
              <CommitFlag key={group} group={group} row={flagRows.get(group) ?? 0} color={groupColors[group]} title={`${group} committed offset ${o}`}>
                {group} @{o}
              </CommitFlag>
            ))}
          </li>
        )}
        {records.map((r) => (
          <RecordCell
            key={r.offset}
            name={name}
            topic={p.topic}
            partition={p.partition}
            offset={r.offset}
            recordKey={r.key}
            appendedAt={r.appendedAt}
            aboveHw={r.offset >= p.highWatermark}
            hwHere={showHw && r.offset === p.highWatermark}
            flags={flagsAt(r.offset)}
            flagRows={flagRows}
            flagsEndward={endward(r.offset)}
            groupColors={groupColors}
            tabStop={r.offset === tabStop}
          />
        ))}
        <li className={`cell next${showHw && p.highWatermark === p.logEndOffset ? ' hw-here' : ''}`} data-anchor={`log-end:${name}`} aria-label={`next offset ${p.logEndOffset}`}>
          {showHw && p.highWatermark === p.logEndOffset && <HwMarker offset={p.highWatermark} />}
          <span className={offsetClass(p.logEndOffset)}>{p.logEndOffset}</span>
          <span className="cell-key">next</span>
          {flagsAt(p.logEndOffset).map(([group]) => (
            <CommitFlag key={group} group={group} row={flagRows.get(group) ?? 0} endward color={groupColors[group]} title={`${group} committed offset ${p.logEndOffset}: it has read everything`}>
              {group}
            </CommitFlag>
          ))}
        </li>
      </ol>
    </section>
  )
})

interface CellProps {
  name: string
  topic: string
  partition: number
  offset: number
  recordKey: string | null
  appendedAt: number
  aboveHw: boolean
  hwHere: boolean
  flags: [string, number][]
  flagRows: Map<string, number>
  /** The cell is in the right half of the strip: its flags hang leftwards. */
  flagsEndward: boolean
  groupColors: Record<string, string>
  /** The strip's one cell reachable with Tab. */
  tabStop: boolean
}

/**
 * The high watermark: consumers read only the records before it. When it falls among the older
 * records the strip does not show (a follower far behind, still in the ISR), the marker sits on the
 * "…n older" item and names its offset.
 */
function HwMarker({ offset, withOffset = false }: { offset: number; withOffset?: boolean }) {
  return (
    <span className="hw-marker" title={`high watermark ${offset}: consumers read only offsets before it`} style={withOffset ? { left: 0, whiteSpace: 'nowrap' } : undefined}>
      {withOffset ? `HW ${offset}` : 'HW'}
    </span>
  )
}

/**
 * The row of each group's flags: groups with a committed offset on this partition, in the order the
 * picture lists groups (their colours' order), so a group keeps its row while others move.
 */
function flagRowsOf(committed: Record<string, number>, groupColors: Record<string, string>): Map<string, number> {
  const order = Object.keys(groupColors)
  const groups = Object.keys(committed).sort((a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0))
  return new Map(groups.map((g, i) => [g, i]))
}

function rank(order: string[], group: string): number {
  const i = order.indexOf(group)
  return i < 0 ? order.length : i
}

/** A group's committed-offset flag, in its group's row under the strip; the group's name is always written on it. */
function CommitFlag({ group, row, endward = false, color, title, children }: { group: string; row: number; endward?: boolean; color: string | undefined; title: string; children: ReactNode }) {
  return (
    <span className={`commit-flag${endward ? ' endward' : ''}`} data-group={group} style={{ background: color, '--flag-row': row } as CSSProperties} title={title}>
      {children}
    </span>
  )
}

function RecordCell({ name, topic, partition, offset, recordKey, appendedAt, aboveHw, hwHere, flags, flagRows, flagsEndward, groupColors, tabStop }: CellProps) {
  const store = useSimStore()
  const fresh = useSim((s) => s.reducedMotion && s.simTime - appendedAt < FRESH_MS)
  const selected = useSim((s) => s.selection?.kind === 'record' && s.selection.topic === topic && s.selection.partition === partition && s.selection.offset === offset)
  // Without the inspector (an embed with fewer than full controls) a cell is a picture, not a control.
  const inspectable = useSim((s) => s.layout.controls === 'full')
  const label = `offset ${offset}, key ${recordKey ?? 'none'}${aboveHw ? ', not yet on every in-sync replica' : ''}`
  const body = (
    <>
      <span className={offsetClass(offset)}>{offset}</span>
      <span className="cell-key">{keyLabel(recordKey, 6)}</span>
    </>
  )
  return (
    <li className={`cell${aboveHw ? ' above-hw' : ''}${hwHere ? ' hw-here' : ''}${fresh ? ' fresh' : ''}${selected ? ' selected' : ''}`} data-anchor={`offset:${name}:${offset}`}>
      {hwHere && <HwMarker offset={offset} />}
      {inspectable ? (
        <button
          type="button"
          className="cell-body"
          style={{ background: keyColor(recordKey) }}
          aria-label={label}
          aria-pressed={selected}
          tabIndex={tabStop ? 0 : -1}
          data-offset={offset}
          onClick={() => store.getState().select(selected ? null : { kind: 'record', topic, partition, offset })}
        >
          {body}
        </button>
      ) : (
        <span className="cell-body" style={{ background: keyColor(recordKey) }} title={label}>
          {body}
        </span>
      )}
      {flags.map(([group]) => (
        <CommitFlag key={group} group={group} row={flagRows.get(group) ?? 0} endward={flagsEndward} color={groupColors[group]} title={`${group} committed offset ${offset}`}>
          {group}
        </CommitFlag>
      ))}
    </li>
  )
}

/** The offset's text class: smaller type for long offsets so they stay inside the cell. */
function offsetClass(offset: number): string {
  const digits = String(offset).length
  return digits < 4 ? 'cell-offset' : `cell-offset digits-${Math.min(digits, 5)}`
}
