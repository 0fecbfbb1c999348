/**
 * The Charts panel: lag per group, lag per partition, produce and consume rates; the pure data
 * shaping in series.ts, then the panel rendered against a real store fed with samples.
 */
import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ChartsPanel } from '../../src/ui/charts/ChartsPanel'
import {
  comparePartitionNames,
  currentRun,
  describeSeries,
  describeTrend,
  groupIdsOf,
  partitionLagData,
  prepare,
  rateBetween,
  rateData,
  sortPartitionNames,
  spreadLabels,
  trendOf,
  windowStart,
} from '../../src/ui/charts/series'
import { SimProvider } from '../../src/ui/context'
import { createSimStore, MAX_SAMPLES } from '../../src/store/sim-store'
import type { SimStore } from '../../src/store/sim-store'
import type { Sample } from '../../src/worker/protocol'
import { sample as takeSample, SAMPLE_MS } from '../../src/worker/view'
import { createSimulation } from '../../src/engine'
import { builtInScenario } from '../../src/scenarios'

/** A sample; `groups` maps a group id to its cumulative consumed count and lag per partition. */
function s(t: number, produced: number, groups: Record<string, { consumed?: number; lag: Record<string, number> }> = {}): Sample {
  const consumed: Record<string, number> = {}
  const groupLag: Record<string, number> = {}
  const partitionLag: Record<string, Record<string, number>> = {}
  for (const [g, v] of Object.entries(groups)) {
    if (v.consumed !== undefined) consumed[g] = v.consumed
    partitionLag[g] = v.lag
    groupLag[g] = Object.values(v.lag).reduce((a, b) => a + b, 0)
  }
  return { t, produced, consumed, groupLag, partitionLag }
}

/**
 * Appends samples the way applyFrame does (keeping the last MAX_SAMPLES), without building a
 * whole Frame: the panel reads only `samples`, and the Frame type is free to grow.
 */
function feed(store: SimStore, samples: Sample[]) {
  act(() => store.setState((st) => ({ status: 'ready', samples: st.samples.concat(samples).slice(-MAX_SAMPLES) })))
}

function renderPanel(samples: Sample[] = []) {
  const store = createSimStore()
  const utils = render(
    <SimProvider store={store} client={{} as never}>
      <ChartsPanel redrawMs={0} />
    </SimProvider>,
  )
  if (samples.length > 0) feed(store, samples)
  return { ...utils, store, user: userEvent.setup() }
}

const figure = (name: string) => screen.getByRole('figure', { name })
const linesIn = (fig: HTMLElement) => [...fig.querySelectorAll('path.chart-line')]
const legendOf = (fig: HTMLElement) =>
  within(fig)
    .getAllByRole('listitem')
    .map((li) => li.textContent)

/** Two groups over 5 s: "fast" keeps up, "slow" falls behind on partition 1. */
function twoGroups(): Sample[] {
  const out: Sample[] = []
  for (let i = 0; i <= 10; i++) {
    const t = i * 500
    out.push(
      s(t, i * 50, {
        fast: { consumed: i * 50, lag: { 'user-activity-0': 0, 'user-activity-1': 0, 'user-activity-2': 0 } },
        slow: { consumed: i * 20, lag: { 'user-activity-0': 0, 'user-activity-1': i * 6, 'user-activity-2': 0 } },
      }),
    )
  }
  return out
}

describe('series: shaping samples into lines', () => {
  it('keeps only the samples since the last reset (time or the produced counter going back)', () => {
    const a = [s(0, 0), s(500, 10), s(1000, 20), s(0, 0), s(500, 5)]
    expect(currentRun(a).map((x) => x.t)).toEqual([0, 500])
    const b = [s(0, 0), s(500, 10), s(1000, 3)]
    expect(currentRun(b)).toEqual([b[2]])
    const c = [s(0, 0), s(500, 10)]
    expect(currentRun(c)).toBe(c)
  })

  it('windows to the last two minutes of simulated time', () => {
    const a = Array.from({ length: 300 }, (_, i) => s(i * 500, i))
    const from = windowStart(a)
    expect(a[from]?.t).toBe(149_500 - 120_000)
    expect(windowStart(a.slice(0, 10))).toBe(0)
    expect(windowStart([])).toBe(0)
  })

  it('lists groups in the order they first appear and sorts partitions by number', () => {
    expect(groupIdsOf([s(0, 0, { b: { lag: {} } }), s(500, 0, { a: { lag: {} }, b: { lag: {} } })])).toEqual(['b', 'a'])
    expect(['t-10', 't-2', 'a-1', 't-1'].sort(comparePartitionNames)).toEqual(['a-1', 't-1', 't-2', 't-10'])
    expect(sortPartitionNames(['my-topic-10', 'my-topic-9', 'b', 'a-x'])).toEqual(['a-x', 'b', 'my-topic-9', 'my-topic-10'])
  })

  it('turns cumulative counters into records per second, with no rate across a counter that went down', () => {
    expect(rateBetween(0, 100, 1000)).toBe(100)
    expect(rateBetween(10, 60, 500)).toBe(100)
    expect(rateBetween(100, 40, 500)).toBeNull()
    expect(rateBetween(0, 10, 0)).toBeNull()
    expect(rateBetween(undefined, 10, 500)).toBeNull()
    // Uneven spacing (one sample per frame at high speed) divides by the real gap.
    const run = [s(0, 0, { g: { consumed: 0, lag: {} } }), s(1000, 100, { g: { consumed: 50, lag: {} } }), s(1250, 150, { g: { consumed: 10, lag: {} } })]
    const rates = rateData(run, ['g'])
    expect(rates.times).toEqual([1000, 1250])
    expect(rates.series.map((x) => [x.label, x.values])).toEqual([
      ['produced', [100, 200]],
      ['consumed by g', [50, null]],
    ])
  })

  it('gives the first point of the window its rate from the sample just before it', () => {
    const a = Array.from({ length: 260 }, (_, i) => s(i * 500, i * 10))
    const p = prepare(a)
    expect(p.samples[0]?.t).toBe(129_500 - 120_000)
    expect(p.rates.times[0]).toBe(p.samples[0]?.t)
    expect(p.rates.series[0]?.values[0]).toBe(20)
  })

  it('leaves a gap, not a 0, while a group has no committed offset', () => {
    const data = prepare([s(0, 0, { g: { lag: {} } }), s(500, 5, { g: { lag: { 't-0': 3 } } })]).groupLag
    expect(data.series[0]?.values).toEqual([null, 3])
  })

  it('draws every partition when there are few, the top 8 by lag plus "others" when there are many', () => {
    const few = partitionLagData(twoGroups(), 'slow')
    expect(few.series.map((x) => x.label)).toEqual(['user-activity-0', 'user-activity-1', 'user-activity-2'])
    expect(few.othersCount).toBe(0)
    expect(few.rows[0]?.label).toBe('user-activity-1')

    const lag = (t: number) => Object.fromEntries(Array.from({ length: 64 }, (_, p) => [`big-${p}`, p % 10 === 3 ? t * p : t]))
    const many = partitionLagData([s(0, 0, { g: { lag: lag(0) } }), s(500, 0, { g: { lag: lag(1) } })], 'g')
    expect(many.series).toHaveLength(9)
    expect(many.series.slice(0, 8).map((x) => x.label)).toEqual(['big-63', 'big-53', 'big-43', 'big-33', 'big-23', 'big-13', 'big-3', 'big-0'])
    expect(many.series[8]).toMatchObject({ label: '56 other partitions (total)', style: 'others', values: [0, 56] })
    expect(many.othersCount).toBe(56)
    expect(many.rows).toHaveLength(64)
  })

  it('describes a line in words: value, unit and its trend over the last 10 s', () => {
    const times = Array.from({ length: 41 }, (_, i) => i * 500)
    const rising = times.map((t) => t / 500 + 2)
    const trend = trendOf(times, rising)
    expect(trend).toEqual({ latest: 42, change: 20, spanMs: 10_000, direction: 'rising' })
    expect(describeSeries('my-consumer-group', 'lag', trend, 'records')).toBe('my-consumer-group lag: 42 records, rising over the last 10 s (+20).')
    expect(describeSeries('produced', '', trendOf([0, 500], [10, 10]), 'records/s')).toBe('produced: 10 records/s, steady over the last 0.5 s.')
    expect(describeSeries('g', 'lag', trendOf([0, 500, 1000], [5, 1, null]), 'records')).toBe('g lag: 1 record, falling over the last 0.5 s (\u22124).')
    expect(describeSeries('g', 'lag', trendOf([0], [null]), 'records')).toBe('g lag: no value yet.')
    expect(describeTrend(trend!, 'records', true)).toBe('rising (+20)')
    expect(describeTrend(trendOf([0, 500], [3, 3])!, 'records', true)).toBe('steady over 0.5 s')
  })

  it('spreads line-end labels apart and keeps them inside the plot', () => {
    expect(spreadLabels([50, 52, 200], 12, 0, 300)).toEqual([50, 62, 200])
    expect(spreadLabels([100, 99], 12, 0, 300)).toEqual([111, 99])
    expect(spreadLabels([300, 300, 300], 12, 0, 300)).toEqual([276, 288, 300])
  })
})

describe('charts panel', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('says when there is nothing to chart yet', () => {
    renderPanel()
    expect(screen.getByText('Charts appear once the simulation runs.')).toBeInTheDocument()
    expect(screen.queryByRole('figure')).toBeNull()
  })

  it('draws one lag line per group, each named in the legend and at its end', () => {
    renderPanel(twoGroups())
    const fig = figure('Lag per consumer group')
    expect(within(fig).getByText(/as kafka-consumer-groups.sh reports it/)).toBeVisible()
    expect(linesIn(fig).map((p) => p.closest('[data-series]')?.getAttribute('data-series'))).toEqual(['fast', 'slow'])
    expect(legendOf(fig)).toEqual(['fast', 'slow'])
    // Colour is not the only signal: the two lines differ in dash pattern too, and are labelled.
    const [a, b] = linesIn(fig)
    expect(a?.getAttribute('stroke-dasharray')).not.toBe(b?.getAttribute('stroke-dasharray'))
    expect([...fig.querySelectorAll('.chart-end-label')].map((x) => x.textContent)).toEqual(['fast', 'slow'])
    expect(within(fig).getByText('Lag (records)')).toBeInTheDocument()
    expect(within(fig).getByText('Simulated time (s)')).toBeInTheDocument()
    // A text alternative in words, wired to the figure.
    expect(fig).toHaveAccessibleDescription(expect.stringContaining('slow lag: 60 records, rising over the last 5 s (+60).'))
    expect(fig).toHaveAccessibleDescription(expect.stringContaining('fast lag: 0 records, steady over the last 5 s.'))
  })

  it("shows the chosen group's partitions, and the select switches groups", async () => {
    const { user } = renderPanel(twoGroups())
    const fig = figure('Lag per partition')
    const select = within(fig).getByRole('combobox', { name: 'Consumer group' })
    expect(select).toHaveValue('fast')
    expect(legendOf(fig)).toEqual(['user-activity-0', 'user-activity-1', 'user-activity-2'])
    expect(fig).toHaveAccessibleDescription(expect.stringContaining('user-activity-1 lag: 0 records'))
    await user.selectOptions(select, 'slow')
    expect(select).toHaveValue('slow')
    expect(linesIn(fig)).toHaveLength(3)
    expect(fig).toHaveAccessibleDescription(expect.stringContaining('user-activity-1 lag: 60 records, rising'))
    await user.click(within(fig).getByRole('button', { name: 'Show data as table' }))
    const rows = within(within(fig).getByRole('table')).getAllByRole('row')
    expect(rows[1]).toHaveTextContent('user-activity-160')
  })

  it('computes rates from the cumulative counters: produced 0 -> 100 over 1 s is 100 records/s', async () => {
    const { user } = renderPanel([s(0, 0, { g: { consumed: 0, lag: {} } }), s(1000, 100, { g: { consumed: 40, lag: {} } })])
    const fig = figure('Produce and consume rates')
    expect(legendOf(fig)).toEqual(['produced', 'consumed by g'])
    await user.click(within(fig).getByRole('button', { name: 'Show data as table' }))
    const table = within(fig).getByRole('table', { name: 'Produce and consume rates: latest values at 1.0 s' })
    expect(within(table).getByRole('columnheader', { name: 'Rate (records/s)' })).toBeInTheDocument()
    expect(within(table).getByRole('rowheader', { name: 'produced' }).nextElementSibling).toHaveTextContent('100')
    expect(within(table).getByRole('rowheader', { name: 'consumed by g' }).nextElementSibling).toHaveTextContent('40')
  })

  it('starts the rates over when the simulation resets', async () => {
    const { store, user } = renderPanel([s(0, 0), s(1000, 500)])
    // A reset that the store did not see (the counters start over): no rate joins the two runs.
    feed(store, [s(0, 0), s(500, 25)])
    const fig = figure('Produce and consume rates')
    await user.click(within(fig).getByRole('button', { name: 'Show data as table' }))
    expect(within(fig).getByRole('rowheader', { name: 'produced' }).nextElementSibling).toHaveTextContent('50')
    expect(within(fig).getByRole('table')).toHaveAccessibleName('Produce and consume rates: latest values at 0.5 s')
  })

  it('shows the latest values in a real table, and hides it again', async () => {
    const { store, user } = renderPanel(twoGroups())
    const fig = figure('Lag per consumer group')
    const toggle = within(fig).getByRole('button', { name: 'Show data as table' })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await user.click(toggle)
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const table = within(fig).getByRole('table', { name: 'Lag per consumer group: latest values at 5.0 s' })
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Consumer group', 'Lag (records)', 'Last 10 s'])
    expect(within(table).getByRole('rowheader', { name: 'slow' }).parentElement).toHaveTextContent('slow60rising (+60) over 5 s')
    // New samples update the open table.
    feed(store, [s(5500, 550, { fast: { consumed: 550, lag: { 'user-activity-0': 0 } }, slow: { consumed: 220, lag: { 'user-activity-1': 70 } } })])
    expect(within(table).getByRole('rowheader', { name: 'slow' }).nextElementSibling).toHaveTextContent('70')
    await user.click(within(fig).getByRole('button', { name: 'Hide data table' }))
    expect(within(fig).queryByRole('table')).toBeNull()
  })

  it('renders group ids with HTML in them as text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>g</b>'
    const { user } = renderPanel([s(0, 0, { [evil]: { consumed: 0, lag: { 't-0': 1 } } }), s(500, 5, { [evil]: { consumed: 1, lag: { 't-0': 4 } } })])
    expect(legendOf(figure('Lag per consumer group'))).toEqual([evil])
    expect(screen.getByRole('option', { name: evil })).toBeInTheDocument()
    await user.click(within(figure('Lag per consumer group')).getByRole('button', { name: 'Show data as table' }))
    expect(screen.getByRole('rowheader', { name: evil })).toBeInTheDocument()
    expect(document.querySelector('img')).toBeNull()
    expect(document.querySelector('b')).toBeNull()
  })

  it('keeps 64 partitions readable: the 8 with the most lag, one "others" line, every partition in the table', async () => {
    const lag = (i: number) => Object.fromEntries(Array.from({ length: 64 }, (_, p) => [`user-activity-${p}`, p === 42 ? i * 30 : p < 8 ? i : 0]))
    const { user } = renderPanel(Array.from({ length: 20 }, (_, i) => s(i * 500, i * 100, { g: { consumed: i * 70, lag: lag(i) } })))
    const fig = figure('Lag per partition')
    expect(linesIn(fig)).toHaveLength(9)
    const legend = legendOf(fig)
    expect(legend[0]).toBe('user-activity-42')
    expect(legend[8]).toBe('56 other partitions (total)')
    expect(within(fig).getByText(/the other 56 are added together/)).toBeInTheDocument()
    await user.click(within(fig).getByRole('button', { name: 'Show data as table' }))
    expect(within(within(fig).getByRole('table')).getAllByRole('row')).toHaveLength(65)
  })

  it('redraws at most every 250 ms of wall time, however fast samples arrive', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const store = createSimStore()
    render(
      <SimProvider store={store} client={{} as never}>
        <ChartsPanel />
      </SimProvider>,
    )
    const samples = twoGroups()
    feed(store, samples.slice(0, 2))
    act(() => vi.advanceTimersByTime(0))
    expect(figure('Lag per consumer group')).toHaveAccessibleDescription(expect.stringContaining('slow lag: 6 records'))
    feed(store, samples.slice(2, 3))
    feed(store, samples.slice(3, 4))
    act(() => vi.advanceTimersByTime(249))
    expect(figure('Lag per consumer group')).toHaveAccessibleDescription(expect.stringContaining('slow lag: 6 records'))
    act(() => vi.advanceTimersByTime(1))
    expect(figure('Lag per consumer group')).toHaveAccessibleDescription(expect.stringContaining('slow lag: 18 records'))
  })

  it('follows its container width when ResizeObserver exists, and has a default when it does not', () => {
    const first = renderPanel(twoGroups())
    expect(figure('Lag per consumer group').querySelector('svg.chart-svg')).toHaveAttribute('width', '560')
    first.unmount()
    class FakeResizeObserver {
      constructor(private callback: ResizeObserverCallback) {}
      observe() {
        this.callback([{ contentRect: { width: 900.4 } } as ResizeObserverEntry], this as unknown as ResizeObserver)
      }
      disconnect() {}
    }
    vi.stubGlobal('ResizeObserver', FakeResizeObserver)
    renderPanel(twoGroups())
    expect(figure('Lag per consumer group').querySelector('svg.chart-svg')).toHaveAttribute('width', '900')
  })

  it('charts a real simulation: no lag before my-consumer-group commits, then its committed lag', async () => {
    const sim = createSimulation(builtInScenario('hello-kafka')!, { seed: 42 })
    const samples: Sample[] = []
    for (let t = 0; t <= 30_000; t += SAMPLE_MS) {
      samples.push(takeSample(sim))
      sim.step(SAMPLE_MS)
    }
    const firstCommit = samples.findIndex((x) => Object.keys(x.partitionLag['my-consumer-group'] ?? {}).length > 0)
    expect(firstCommit).toBeGreaterThan(2)
    const { store, user } = renderPanel(samples.slice(0, firstCommit))
    // The sample's total is 0 before any commit, but kafka-consumer-groups.sh would print "-".
    expect(within(figure('Lag per consumer group')).getByText('No group has committed an offset yet, so there is no lag to show.')).toBeInTheDocument()
    expect(within(figure('Lag per partition')).getByText('my-consumer-group has no committed offset yet, so there is no lag to show.')).toBeInTheDocument()
    expect(legendOf(figure('Produce and consume rates'))).toEqual(['produced', 'consumed by my-consumer-group'])
    feed(store, samples.slice(firstCommit))
    const fig = figure('Lag per consumer group')
    expect(legendOf(fig)).toEqual(['my-consumer-group'])
    expect(linesIn(fig)).toHaveLength(1)
    await user.click(within(fig).getByRole('button', { name: 'Show data as table' }))
    const last = samples[samples.length - 1] as Sample
    expect(within(fig).getByRole('rowheader', { name: 'my-consumer-group' }).nextElementSibling).toHaveTextContent(String(last.groupLag['my-consumer-group']))
    expect(legendOf(figure('Lag per partition'))).toEqual(['user-activity-0'])
  })
})
