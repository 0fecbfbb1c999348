/**
 * One time-series chart as an accessible figure: title and caption, an SVG React renders from d3
 * scales and line shapes (d3 never touches the DOM; nothing animates), a legend where every line
 * has a colour, a dash pattern and a name, a visually hidden summary in words, and a data table.
 */
import { useId, useMemo, useState } from 'react'
import type { JSX, ReactNode } from 'react'
import { format, line, scaleLinear } from 'd3'
import { formatSimTime } from '../format'
import { describeSeries, describeTrend, formatValue, spreadLabels, trendOf, TREND_MS } from './series'
import type { ChartData, ChartSeries, SeriesStyle, Unit, ValueRow } from './series'
import { useElementWidth } from './use-element-width'

/** Dark enough on white for text and thin lines (WCAG 3:1 for graphics), told apart by dash too. */
const PALETTE = ['#2f5fd0', '#c4410c', '#2b8a3e', '#9c36b5', '#c2255c', '#0b7285', '#8a5a00', '#5f3dc4']
const DASHES = ['', '8 4', '2 3', '10 3 2 3', '4 4', '1 3', '14 4', '6 2 2 2']
const OTHERS_COLOR = '#7b8794'
const TOTAL_COLOR = '#1b2432'

export function seriesColor(style: SeriesStyle): string {
  if (style === 'others') return OTHERS_COLOR
  if (style === 'total') return TOTAL_COLOR
  return PALETTE[style % PALETTE.length] as string
}

export function seriesDash(style: SeriesStyle): string {
  if (style === 'others') return '3 3'
  if (style === 'total') return ''
  // After the palette's first round the dashes shift, so no two of the first 64 lines look alike.
  return DASHES[(style + Math.floor(style / PALETTE.length)) % DASHES.length] as string
}

function strokeWidth(style: SeriesStyle): number {
  return style === 'total' ? 2.5 : 2
}

const MARGIN = { top: 24, bottom: 38, left: 52 }
const LABEL_CHARS = 18
const CHAR_PX = 6.6
/** Below this width, line-end labels would squeeze the plot: the legend and dashes remain. */
const MIN_WIDTH_FOR_END_LABELS = 340
/** The x axis spans at least this much, so the first seconds fill the chart from the left. */
const MIN_SPAN_MS = 10_000

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

const formatSeconds = format('~g')
const formatBig = format('.2~s')

interface Layout {
  width: number
  innerWidth: number
  innerHeight: number
  right: number
  xTicks: { x: number; label: string }[]
  yTicks: { y: number; label: string }[]
  lines: { series: ChartSeries; d: string; end: { x: number; y: number } | null; labelY: number | null; endLabel: string }[]
}

/** Scales, ticks, path data and line-end labels: everything the SVG needs, computed once per data and width. */
function layoutChart(data: ChartData, width: number, height: number): Layout {
  const { times, series } = data
  const endLabels = width >= MIN_WIDTH_FOR_END_LABELS
  const longest = endLabels ? Math.max(0, ...series.map((s) => truncate(s.short ?? s.label, LABEL_CHARS).length)) : 0
  const right = endLabels ? Math.min(Math.ceil(longest * CHAR_PX) + 16, Math.floor(width * 0.35)) : 12
  const innerWidth = Math.max(40, width - MARGIN.left - right)
  const innerHeight = Math.max(40, height - MARGIN.top - MARGIN.bottom)
  const t0 = times[0] ?? 0
  const t1 = Math.max(times[times.length - 1] ?? 0, t0 + MIN_SPAN_MS)
  const x = scaleLinear().domain([t0 / 1000, t1 / 1000]).range([0, innerWidth])
  let max = 0
  for (const s of series) for (const v of s.values) if (v != null && v > max) max = v
  const y = scaleLinear()
    .domain([0, Math.max(max, 1)])
    .nice(4)
    .range([innerHeight, 0])
  const yMax = y.domain()[1] as number
  const yFormat = yMax >= 10_000 ? formatBig : y.tickFormat(4)
  const path = line<number | null>()
    .defined((v) => v != null)
    .x((_, i) => x((times[i] as number) / 1000))
    .y((v) => y(v as number))
  const lines = series.map((s) => {
    let last = s.values.length - 1
    while (last >= 0 && s.values[last] == null) last--
    const end = last >= 0 ? { x: x((times[last] as number) / 1000), y: y(s.values[last] as number) } : null
    return { series: s, d: path(s.values) ?? '', end, labelY: null as number | null, endLabel: truncate(s.short ?? s.label, LABEL_CHARS) }
  })
  if (endLabels) {
    const ended = lines.filter((l) => l.end)
    const ys = spreadLabels(
      ended.map((l) => (l.end as { y: number }).y),
      12,
      4,
      innerHeight,
    )
    ended.forEach((l, i) => (l.labelY = ys[i] as number))
  }
  return {
    width: innerWidth + MARGIN.left + right,
    innerWidth,
    innerHeight,
    right,
    xTicks: x.ticks(Math.max(2, Math.floor(innerWidth / 60))).map((s) => ({ x: x(s), label: formatSeconds(s) })),
    yTicks: y.ticks(4).map((v) => ({ y: y(v), label: yFormat(v) })),
    lines,
  }
}

export interface LineChartProps {
  title: string
  caption: ReactNode
  data: ChartData
  unit: Unit
  /** The y axis title, with its unit: "Lag (records)". */
  yLabel: string
  /** The word after a line's name in the summaries ("lag"), or "" when the name says it all. */
  measure: string
  /** The first column of the data table: "Group", "Partition", "Line". */
  rowHeader: string
  /** Table rows when they differ from the lines (every partition, not only the drawn ones). */
  rows?: ValueRow[]
  /** Shown between the caption and the plot (a select choosing what to draw). */
  controls?: ReactNode
  /** Said instead of the plot when there is nothing to draw. */
  empty: ReactNode
  /** Said for a line with no value yet ("no committed offset yet"). */
  missing?: string
  height?: number
  className?: string
}

export function LineChart({ title, caption, data, unit, yLabel, measure, rowHeader, rows, controls, empty, missing = 'no value yet', height = 220, className }: LineChartProps): JSX.Element {
  const [plotRef, width] = useElementWidth<HTMLDivElement>()
  const [showTable, setShowTable] = useState(false)
  const id = useId()
  const hasData = data.series.some((s) => s.values.some((v) => v != null))
  const layout = useMemo(() => (hasData ? layoutChart(data, width, height) : null), [hasData, data, width, height])
  const summary = useMemo(() => data.series.map((s) => describeSeries(s.label, measure, trendOf(data.times, s.values), unit, missing)).join(' '), [data, measure, unit, missing])
  const titleId = `${id}-title`
  const captionId = `${id}-caption`
  const summaryId = `${id}-summary`
  const tableId = `${id}-table`
  const latestT = data.times[data.times.length - 1]

  return (
    <figure className={`chart${className ? ` ${className}` : ''}`} aria-labelledby={titleId} aria-describedby={hasData ? `${captionId} ${summaryId}` : captionId}>
      <figcaption className="chart-head">
        <h3 id={titleId} className="chart-title">
          {title}
        </h3>
        <p id={captionId} className="chart-caption">
          {caption}
        </p>
      </figcaption>
      {controls}
      <div ref={plotRef} className="chart-plot">
        {layout ? (
          // The viewBox lets the default width shrink to fit until the container is measured.
          <svg
            className="chart-svg"
            width={layout.width}
            height={height}
            viewBox={`0 0 ${layout.width} ${height}`}
            aria-hidden="true"
            focusable="false"
          >
            <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
              <text className="chart-axis-title" x={-MARGIN.left + 2} y={-10}>
                {yLabel}
              </text>
              {layout.yTicks.map((t) => (
                <g key={`y${t.label}`} transform={`translate(0,${t.y})`}>
                  <line className="chart-grid" x1={0} x2={layout.innerWidth} />
                  <text className="chart-tick" x={-6} dy="0.32em" textAnchor="end">
                    {t.label}
                  </text>
                </g>
              ))}
              <line className="chart-axis" x1={0} x2={layout.innerWidth} y1={layout.innerHeight} y2={layout.innerHeight} />
              {layout.xTicks.map((t) => (
                <g key={`x${t.label}`} transform={`translate(${t.x},${layout.innerHeight})`}>
                  <line className="chart-axis" y2={5} />
                  <text className="chart-tick" y={17} textAnchor="middle">
                    {t.label}
                  </text>
                </g>
              ))}
              <text className="chart-axis-title" x={layout.innerWidth / 2} y={layout.innerHeight + 33} textAnchor="middle">
                Simulated time (s)
              </text>
              {layout.lines.map(({ series: s, d, end, labelY, endLabel }) => (
                <g key={s.key} className="chart-series" data-series={s.key}>
                  <path
                    className="chart-line"
                    d={d}
                    fill="none"
                    stroke={seriesColor(s.style)}
                    strokeWidth={strokeWidth(s.style)}
                    strokeDasharray={seriesDash(s.style) || undefined}
                    strokeLinejoin="round"
                  />
                  {end && <circle className="chart-end" cx={end.x} cy={end.y} r={3} fill={seriesColor(s.style)} />}
                  {end && labelY !== null && (
                    <text className="chart-end-label" x={layout.innerWidth + 8} y={labelY} dy="0.32em" fill={seriesColor(s.style)}>
                      {endLabel}
                    </text>
                  )}
                </g>
              ))}
            </g>
          </svg>
        ) : (
          <p className="chart-empty">{empty}</p>
        )}
      </div>
      {hasData && (
        <>
          <ul className="chart-legend" aria-label={`Legend: ${title}`}>
            {data.series.map((s) => (
              <li key={s.key}>
                <svg width={30} height={10} aria-hidden="true" focusable="false">
                  <line x1={1} x2={29} y1={5} y2={5} stroke={seriesColor(s.style)} strokeWidth={strokeWidth(s.style)} strokeDasharray={seriesDash(s.style) || undefined} />
                </svg>
                <span className="chart-legend-label">{s.label}</span>
              </li>
            ))}
          </ul>
          <p id={summaryId} className="charts-sr-only">
            {summary}
          </p>
          <button type="button" className="small chart-table-toggle" aria-expanded={showTable} aria-controls={showTable ? tableId : undefined} onClick={() => setShowTable((v) => !v)}>
            {showTable ? 'Hide data table' : 'Show data as table'}
          </button>
          {showTable && <DataTable id={tableId} title={title} at={latestT} rows={rows ?? data.series} times={data.times} unit={unit} rowHeader={rowHeader} valueHeader={yLabel} missing={missing} />}
        </>
      )}
    </figure>
  )
}

function DataTable(props: { id: string; title: string; at: number | undefined; rows: ValueRow[]; times: number[]; unit: Unit; rowHeader: string; valueHeader: string; missing: string }) {
  const { id, title, at, rows, times, unit, rowHeader, valueHeader, missing } = props
  return (
    <div className="chart-table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table id={id} className="chart-table">
        <caption id={`${id}-caption`}>
          {title}: latest values{at !== undefined ? ` at ${formatSimTime(at)}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            <th scope="col" className="num">
              {valueHeader}
            </th>
            <th scope="col">Last {TREND_MS / 1000} s</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const trend = trendOf(times, r.values)
            return (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{trend ? formatValue(trend.latest, unit) : '–'}</td>
                <td>{trend ? describeTrend(trend, unit, true) : missing}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
