/**
 * The Charts panel: lag per group, lag per partition of one group, and produce and consume rates,
 * over the last two minutes of simulated time. Everything comes from the store's samples; the
 * derived series are memoised on the samples array, which changes only when a sample arrives.
 */
import { memo, useId, useMemo, useState } from 'react'
import type { JSX } from 'react'
import { useSim } from '../context'
import type { Sample } from '../../worker/protocol'
import { LineChart } from './LineChart'
import { MAX_PARTITION_LINES, partitionLagData, prepare, WINDOW_MS } from './series'
import { useThrottledValue } from './use-throttled-value'
import './charts.css'

/**
 * Wall-clock milliseconds between redraws. At high speeds a sample arrives every frame; redrawing
 * the three charts 60 times a second tells a learner nothing that 4 times a second does not, and
 * cost about 13 ms of main-thread work per frame with 64 partitions in headless Chromium (about
 * 2 ms throttled). At 1x speed samples come every 500 ms and are drawn as they arrive.
 */
export const REDRAW_MS = 250

export function ChartsPanel({ redrawMs = REDRAW_MS }: { redrawMs?: number } = {}): JSX.Element {
  const latest = useSim((s) => s.samples)
  const samples = useThrottledValue(latest, redrawMs)
  return <Charts samples={samples} />
}

/** Re-renders only when the (throttled) samples change, not on every store update. */
const Charts = memo(function Charts({ samples }: { samples: Sample[] }): JSX.Element {
  const prepared = useMemo(() => prepare(samples), [samples])
  const [chosen, setChosen] = useState<string | null>(null)
  const { groups } = prepared
  // The chosen group while it exists, else the first: a reset or a new scenario needs no cleanup.
  const group = chosen !== null && groups.includes(chosen) ? chosen : (groups[0] ?? null)
  const partitions = useMemo(() => (group === null ? null : partitionLagData(prepared.samples, group)), [prepared, group])
  const selectId = useId()

  return (
    <section className="panel charts" aria-labelledby="charts-title">
      <div className="panel-head">
        <h2 id="charts-title">
          Charts <span className="muted">— last {WINDOW_MS / 60_000} minutes of simulated time</span>
        </h2>
      </div>
      {samples.length === 0 ? (
        <p className="charts-empty">Charts appear once the simulation runs.</p>
      ) : (
        <div className="charts-grid">
          <LineChart
            title="Lag per consumer group"
            caption="Records each group has not committed yet, summed over its partitions (high watermark minus committed offset, as kafka-consumer-groups.sh reports it). A line that keeps rising means the group is falling behind its producers."
            data={prepared.groupLag}
            unit="records"
            yLabel="Lag (records)"
            measure="lag"
            rowHeader="Consumer group"
            missing="no committed offset yet"
            empty={groups.length === 0 ? 'No consumer group yet.' : 'No group has committed an offset yet, so there is no lag to show.'}
          />
          <LineChart
            title="Lag per partition"
            caption={partitionCaption(group, partitions?.othersCount ?? 0)}
            data={partitions ?? { times: [], series: [] }}
            rows={partitions?.rows}
            unit="records"
            yLabel="Lag (records)"
            measure="lag"
            rowHeader="Partition"
            missing="no committed offset yet"
            controls={
              groups.length > 0 && (
                <div className="chart-controls">
                  <label htmlFor={selectId}>Consumer group</label>
                  <select id={selectId} value={group ?? ''} onChange={(e) => setChosen(e.target.value)}>
                    {groups.map((g) => (
                      <option key={g} value={g}>
                        {g}
                      </option>
                    ))}
                  </select>
                </div>
              )
            }
            empty={group === null ? 'No consumer group yet.' : `${group} has no committed offset yet, so there is no lag to show.`}
          />
          <LineChart
            className="chart-wide"
            title="Produce and consume rates"
            caption="Records per second: written by all producers together, and processed by each consumer group, measured between consecutive samples. When a group processes fewer records per second than are produced, its lag grows."
            data={prepared.rates}
            unit="records/s"
            yLabel="Rate (records/s)"
            measure=""
            rowHeader="Line"
            empty="Rates appear after the second sample (half a second of simulated time)."
          />
        </div>
      )}
    </section>
  )
})

function partitionCaption(group: string | null, others: number): string {
  const base = `Committed-offset lag of each partition ${group === null ? 'a group reads' : `${group} reads`}. One partition staying high while the others sit at 0 is a hot partition: a key that gets most records, or a slow member owning it.`
  if (others === 0) return base
  return `${base} The ${MAX_PARTITION_LINES} partitions with the most lag have a line each; the other ${others} are added together into one line. The table lists every partition.`
}
