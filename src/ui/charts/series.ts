/**
 * Pure data shaping for the charts: from the store's samples (cumulative counters and lag, one
 * sample about every 500 ms of simulated time) to a few aligned series a line chart can draw.
 * No React and no DOM here, so every rule (resets, rates, the top partitions) is unit-tested.
 */
import { format } from 'd3'
import type { Sample } from '../../worker/protocol'

/** The charts show at most the last two minutes of simulated time. */
export const WINDOW_MS = 120_000
/** "Rising over the last 10 s": the span the text summaries compare against. */
export const TREND_MS = 10_000
/** Partition lines drawn before the rest are added together into one "others" line. */
export const MAX_PARTITION_LINES = 8

/** How a series is drawn: its place in the palette, or one of the two special styles. */
export type SeriesStyle = number | 'others' | 'total'

/** A named run of values aligned with a chart's `times`: a table row, and a line when styled. */
export interface ValueRow {
  /** Stable identity (group id, partition name, "(produced)"). */
  key: string
  /** What a learner reads in the legend and the table. */
  label: string
  /** One value per entry of the chart's `times`; null where there is nothing to draw. */
  values: (number | null)[]
}

export interface ChartSeries extends ValueRow {
  style: SeriesStyle
  /** The label at the line's end when `label` is long ("my-group" for "consumed by my-group"). */
  short?: string
}

export interface ChartData {
  /** Simulated time of each point, in ms. */
  times: number[]
  series: ChartSeries[]
}

/**
 * The samples since the simulation last started over. A reset (or a freshly loaded scenario)
 * shows as time or the cluster's produced counter going backwards; what came before it belongs to
 * another run and must not be joined to what follows.
 */
export function currentRun(samples: readonly Sample[]): readonly Sample[] {
  let start = 0
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1] as Sample
    const cur = samples[i] as Sample
    if (cur.t < prev.t || cur.produced < prev.produced) start = i
  }
  return start === 0 ? samples : samples.slice(start)
}

/** Index of the first sample within `windowMs` of the last one. */
export function windowStart(samples: readonly Sample[], windowMs = WINDOW_MS): number {
  const last = samples[samples.length - 1]
  if (!last) return 0
  const from = last.t - windowMs
  let i = samples.length - 1
  while (i > 0 && (samples[i - 1] as Sample).t >= from) i--
  return i
}

/** Group ids in the order they first appear, so a group keeps its colour and dash. */
export function groupIdsOf(samples: readonly Sample[]): string[] {
  const seen = new Set<string>()
  for (const s of samples) {
    for (const g of Object.keys(s.groupLag)) seen.add(g)
    for (const g of Object.keys(s.consumed)) seen.add(g)
  }
  return [...seen]
}

interface PartitionSortKey {
  name: string
  topic: string
  partition: number
}

function partitionSortKey(name: string): PartitionSortKey {
  const m = /^(.*)-(\d+)$/.exec(name)
  return m ? { name, topic: m[1] as string, partition: Number(m[2]) } : { name, topic: name, partition: -1 }
}

function compareKeys(a: PartitionSortKey, b: PartitionSortKey): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1
  return a.partition - b.partition || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
}

/** "user-activity-10" after "user-activity-9": topic by name, then partition by number. */
export function comparePartitionNames(a: string, b: string): number {
  return compareKeys(partitionSortKey(a), partitionSortKey(b))
}

/** Partition names in `comparePartitionNames` order, each name parsed once. */
export function sortPartitionNames(names: readonly string[]): string[] {
  return names
    .map(partitionSortKey)
    .sort(compareKeys)
    .map((k) => k.name)
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true
  return false
}

/**
 * Committed-offset lag per group (what kafka-consumer-groups.sh sums), one series per group.
 * Before a group commits any offset the sample's total is 0, yet nothing is known about its lag
 * (the tool prints "-"): that is a gap in the line, not a misleading 0.
 */
export function groupLagData(samples: readonly Sample[], groups: readonly string[]): ChartData {
  const lagOf = (s: Sample, g: string): number | null => {
    const total = s.groupLag[g]
    if (total === undefined) return null
    // Only a total of 0 can mean "nothing committed"; checking just then keeps this cheap.
    const parts = s.partitionLag[g]
    return total === 0 && parts && !hasKeys(parts) ? null : total
  }
  return {
    times: samples.map((s) => s.t),
    series: groups.map((g, i) => ({ key: g, label: g, style: i, values: samples.map((s) => lagOf(s, g)) })),
  }
}

export interface PartitionLagData extends ChartData {
  /** Partitions summed into the "others" line (0 when every partition has its own line). */
  othersCount: number
  /** Every partition of the group, the most lag first: the data table lists them all. */
  rows: ValueRow[]
}

/**
 * Lag per partition for one group. With many partitions only the `maxLines` with the most lag
 * (latest value, then the peak in the window) get a line; the rest are added together into one
 * "others" line, so 64 partitions still read as "these few are behind, the rest are not".
 * Partitions without a committed offset have no lag yet (kafka-consumer-groups.sh prints "-").
 */
export function partitionLagData(samples: readonly Sample[], groupId: string, maxLines = MAX_PARTITION_LINES): PartitionLagData {
  // Runs whenever a sample arrives (up to every frame at high speed) over up to 240 samples x 64
  // partitions: one pass with for-in and preallocated arrays, names parsed once for sorting.
  const n = samples.length
  const times = new Array<number>(n)
  const values = new Map<string, (number | null)[]>()
  const peak = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const s = samples[i] as Sample
    times[i] = s.t
    const lag = s.partitionLag[groupId]
    if (!lag) continue
    for (const p in lag) {
      const v = lag[p] as number
      let row = values.get(p)
      if (!row) values.set(p, (row = new Array<number | null>(n).fill(null)))
      row[i] = v
      if (v > (peak.get(p) ?? 0)) peak.set(p, v)
    }
  }
  const latest = (p: string) => (values.get(p) as (number | null)[])[n - 1] ?? -1
  const order = new Map(sortPartitionNames([...values.keys()]).map((p, i) => [p, i]))
  const names = [...order.keys()]
  const byLag = [...names].sort((a, b) => latest(b) - latest(a) || (peak.get(b) ?? 0) - (peak.get(a) ?? 0) || (order.get(a) as number) - (order.get(b) as number))
  const rowOf = (p: string): ValueRow => ({ key: p, label: p, values: values.get(p) as (number | null)[] })
  const rows = byLag.map(rowOf)
  // One "others" line standing for a single partition says less than that partition's own line.
  if (names.length <= maxLines + 1) {
    return { times, series: names.map((p, i) => ({ ...rowOf(p), style: i })), othersCount: 0, rows }
  }
  const shown = byLag.slice(0, maxLines)
  const rest = byLag.slice(maxLines).map((p) => values.get(p) as (number | null)[])
  const othersValues = new Array<number | null>(n).fill(null)
  for (const row of rest) {
    for (let i = 0; i < n; i++) {
      const v = row[i]
      if (v != null) othersValues[i] = (othersValues[i] ?? 0) + v
    }
  }
  const series: ChartSeries[] = shown.map((p, i) => ({ ...rowOf(p), style: i }))
  series.push({ key: '(others)', label: `${rest.length} other partitions (total)`, short: `${rest.length} others`, style: 'others', values: othersValues })
  return { times, series, othersCount: rest.length, rows }
}

/**
 * Records per second from a cumulative counter between consecutive samples. Samples are not
 * evenly spaced at high speeds (one per frame at most), so the rate divides by the real gap.
 * A counter that goes down started over: no rate for that step.
 */
export function rateBetween(prev: number | undefined, cur: number | undefined, dtMs: number): number | null {
  if (prev === undefined || cur === undefined || dtMs <= 0 || cur < prev) return null
  return ((cur - prev) * 1000) / dtMs
}

/**
 * Produce rate (the whole cluster) and consume rate per group, over the samples of one run.
 * Rates come from the whole run but only the points from `from` on are returned, so the first
 * point of the window still has its rate.
 */
export function rateData(run: readonly Sample[], groups: readonly string[], from = 0): ChartData {
  const start = Math.max(from, 1)
  const times: number[] = []
  const produced: (number | null)[] = []
  const consumed: (number | null)[][] = groups.map(() => [])
  for (let i = start; i < run.length; i++) {
    const prev = run[i - 1] as Sample
    const cur = run[i] as Sample
    const dt = cur.t - prev.t
    times.push(cur.t)
    produced.push(rateBetween(prev.produced, cur.produced, dt))
    groups.forEach((g, k) => (consumed[k] as (number | null)[]).push(rateBetween(prev.consumed[g], cur.consumed[g], dt)))
  }
  return {
    times,
    series: [
      { key: '(produced)', label: 'produced', style: 'total', values: produced },
      ...groups.map((g, k) => ({ key: g, label: `consumed by ${g}`, short: g, style: k, values: consumed[k] as (number | null)[] })),
    ],
  }
}

export interface Prepared {
  /** The samples drawn: this run, last two minutes. */
  samples: readonly Sample[]
  groups: string[]
  groupLag: ChartData
  rates: ChartData
}

/** Everything the panel draws that does not depend on a choice in the UI. */
export function prepare(all: readonly Sample[], windowMs = WINDOW_MS): Prepared {
  const run = currentRun(all)
  const from = windowStart(run, windowMs)
  const samples = from === 0 ? run : run.slice(from)
  const groups = groupIdsOf(samples)
  return { samples, groups, groupLag: groupLagData(samples, groups), rates: rateData(run, groups, from) }
}

export type Direction = 'rising' | 'falling' | 'steady'

export interface Trend {
  latest: number
  /** Latest minus the value `spanMs` earlier. */
  change: number
  spanMs: number
  direction: Direction
}

/** The latest value of a series and how it moved over the last `overMs` (or as long as it has). */
export function trendOf(times: readonly number[], values: readonly (number | null)[], overMs = TREND_MS): Trend | null {
  let last = values.length - 1
  while (last >= 0 && values[last] == null) last--
  if (last < 0) return null
  const latest = values[last] as number
  const t1 = times[last] as number
  let first = last
  for (let i = last - 1; i >= 0; i--) {
    if ((times[i] as number) < t1 - overMs) break
    if (values[i] != null) first = i
  }
  const change = latest - (values[first] as number)
  // Rates are noisy sample to sample: under 1 % of the latest value reads as steady.
  const tolerance = Math.abs(latest) * 0.01
  const direction: Direction = change > tolerance ? 'rising' : change < -tolerance ? 'falling' : 'steady'
  return { latest, change, spanMs: t1 - (times[first] as number), direction }
}

/** Nudges label positions (sorted by value, in px) apart by at least `gap`, inside [lo, hi]. */
export function spreadLabels(ys: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i)
  const placed = order.map((o) => Math.min(hi, Math.max(lo, o.y)))
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k] as number, (placed[k - 1] as number) + gap)
  // Pushed past the bottom: shift the tail back up, as far as the top allows.
  const over = (placed[placed.length - 1] ?? hi) - hi
  if (over > 0) {
    placed[placed.length - 1] = hi
    for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.max(lo, Math.min(placed[k] as number, (placed[k + 1] as number) - gap))
  }
  const out = new Array<number>(ys.length)
  order.forEach((o, k) => (out[o.i] = placed[k] as number))
  return out
}

export type Unit = 'records' | 'records/s'

const formatCount = format(',.0f')
const formatRate = format(',.1~f')
const formatSpan = format('~g')

/** A value as the table and the summaries print it: "1,204" records, "33.3" records/s. */
export function formatValue(value: number, unit: Unit): string {
  return unit === 'records' ? formatCount(value) : formatRate(value)
}

/** "42 records", "1 record", "12.5 records/s". */
export function withUnit(value: number, unit: Unit): string {
  const text = formatValue(value, unit)
  return unit === 'records' && text === '1' ? '1 record' : `${text} ${unit}`
}

/** "10 s", "2.5 s". */
export function formatSpanMs(ms: number): string {
  return `${formatSpan(Math.round(ms / 100) / 10)} s`
}

/**
 * The trend in words: "rising over the last 10 s (+12)", "steady over the last 10 s". The compact
 * form is for a table column already headed "Last 10 s": "rising (+12)", or "rising (+12) over 5 s"
 * while the run is younger than that.
 */
export function describeTrend(trend: Trend, unit: Unit, compact = false): string {
  if (trend.spanMs <= 0) return 'first sample'
  const sign = trend.change > 0 ? '+' : '\u2212'
  const change = trend.direction === 'steady' ? '' : ` (${sign}${formatValue(Math.abs(trend.change), unit)})`
  if (compact) return `${trend.direction}${change}${trend.spanMs < TREND_MS ? ` over ${formatSpanMs(trend.spanMs)}` : ''}`
  return `${trend.direction} over the last ${formatSpanMs(trend.spanMs)}${change}`
}

/**
 * One sentence per line for screen readers:
 * "my-consumer-group lag: 42 records, rising over the last 10 s (+12)."
 */
export function describeSeries(label: string, measure: string, trend: Trend | null, unit: Unit, missing = 'no value yet'): string {
  const name = measure ? `${label} ${measure}` : label
  if (!trend) return `${name}: ${missing}.`
  return `${name}: ${withUnit(trend.latest, unit)}, ${describeTrend(trend, unit)}.`
}
