/**
 * Committed-offset flags: each group's flags hang in a row of their own under the strip, so two
 * groups at the same or nearby offsets (the normal state in the Two groups lesson) stay readable,
 * each flag naming its group (colour is never the only signal).
 */
import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { createSimStore } from '../../src/store/sim-store'
import { SimProvider } from '../../src/ui/context'
import { PartitionLog } from '../../src/ui/stage/PartitionLog'
import type { PartitionView } from '../../src/worker/protocol'

const COLORS = { 'my-consumer-group': '#8e24aa', analytics: '#c2185b', alerts: '#00695c' }

function partition(committed: Record<string, number>, logEndOffset = 10, logStartOffset = 0): PartitionView {
  const records = []
  for (let o = Math.max(logStartOffset, logEndOffset - 10); o < logEndOffset; o++) records.push({ offset: o, key: null, appendedAt: 0, acked: true })
  return {
    topic: 'user-activity',
    partition: 0,
    leader: 1,
    leaderEpoch: 0,
    replicas: [1],
    isr: [1],
    replicaStates: [{ broker: 1, leo: logEndOffset, inIsr: true, leader: true, alive: true }],
    logStartOffset,
    logEndOffset,
    highWatermark: logEndOffset,
    records,
    committed,
    consumedUpTo: committed,
  }
}

function renderLog(p: PartitionView) {
  const store = createSimStore({ layout: { embed: false, controls: 'full' } })
  const utils = render(
    <SimProvider store={store} client={{} as never}>
      <PartitionLog partition={p} groupColors={COLORS} owners={[]} compact={false} />
    </SimProvider>,
  )
  const flags = () =>
    [...utils.container.querySelectorAll<HTMLElement>('.commit-flag')].map((f) => ({
      group: f.dataset.group,
      text: f.textContent,
      row: f.style.getPropertyValue('--flag-row'),
      endward: f.classList.contains('endward'),
      cell: f.closest('li')?.getAttribute('aria-label') ?? f.closest('li')?.querySelector('.cell-body')?.getAttribute('aria-label'),
    }))
      .sort((a, b) => Number(a.row) - Number(b.row))
  const rows = () => utils.container.querySelector<HTMLElement>('ol.log')?.style.getPropertyValue('--flag-rows')
  return { ...utils, flags, rows }
}

describe('committed-offset flags', () => {
  it('two groups at the same offset get a row each, each flag naming its group', () => {
    const { flags, rows } = renderLog(partition({ analytics: 10, 'my-consumer-group': 10 }))
    expect(rows()).toBe('2')
    expect(flags()).toEqual([
      { group: 'my-consumer-group', text: 'my-consumer-group', row: '0', endward: true, cell: 'next offset 10' },
      { group: 'analytics', text: 'analytics', row: '1', endward: true, cell: 'next offset 10' },
    ])
  })

  it('groups at nearby offsets are in different rows too, a group keeping its row (the picture\'s order of groups)', () => {
    const { flags, rows, rerender } = renderLog(partition({ analytics: 9, 'my-consumer-group': 8, alerts: 10 }))
    expect(rows()).toBe('3')
    const byGroup = () => Object.fromEntries(flags().map((f) => [f.group, f.row]))
    expect(byGroup()).toEqual({ 'my-consumer-group': '0', analytics: '1', alerts: '2' })
    const store = createSimStore()
    rerender(
      <SimProvider store={store} client={{} as never}>
        <PartitionLog partition={partition({ analytics: 10, 'my-consumer-group': 9, alerts: 10 }, 10)} groupColors={COLORS} owners={[]} compact={false} />
      </SimProvider>,
    )
    expect(byGroup()).toEqual({ 'my-consumer-group': '0', analytics: '1', alerts: '2' })
  })

  it('one group needs one row; flags in the left half of the strip hang rightwards, in the right half leftwards', () => {
    const { flags, rows } = renderLog(partition({ analytics: 12 }, 20))
    expect(rows()).toBe('1')
    expect(flags()).toEqual([{ group: 'analytics', text: 'analytics', row: '0', endward: false, cell: 'offset 12, key none' }])
    const later = renderLog(partition({ analytics: 18 }, 20))
    expect(later.flags()[0]?.endward).toBe(true)
  })

  it('flags of offsets older than the strip shows sit on the "…n older" item, one row per group as well', () => {
    const { flags } = renderLog(partition({ analytics: 3, 'my-consumer-group': 5 }, 30))
    expect(flags().map(({ group, text, row }) => ({ group, text, row }))).toEqual([
      { group: 'my-consumer-group', text: 'my-consumer-group @5', row: '0' },
      { group: 'analytics', text: 'analytics @3', row: '1' },
    ])
  })

  it('with no committed offsets, the strip still keeps room for one row', () => {
    const { flags, rows } = renderLog(partition({}))
    expect(flags()).toEqual([])
    expect(rows()).toBe('1')
  })
})
