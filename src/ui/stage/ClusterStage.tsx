import { useEffect, useMemo, useRef } from 'react'
import type { LostRecordView, PartitionView } from '../../worker/protocol'
import { createFlightPainter } from '../../viz/flight-painter'
import { COMPACT_ABOVE } from '../../worker/protocol'
import { useSim, useSimStore } from '../context'
import { BrokerCard } from './BrokerCard'
import { groupColors, ownersByPartition } from './colors'
import { GroupCard } from './GroupCard'
import { ProducerCard } from './ProducerCard'
import { TopicBar } from './TopicBar'


const NONE: LostRecordView[] = []
const lostCache = new WeakMap<LostRecordView[], Map<string, LostRecordView[]>>()
let lostBefore = new Map<string, LostRecordView[]>()

const sameRecords = (a: LostRecordView[], b: LostRecordView[]) =>
  a.length === b.length && a.every((r, i) => r.t === b[i]?.t && r.partition === b[i].partition && r.offset === b[i].offset && r.acked === b[i].acked)

/** The lost records of one topic, the same array as long as its records do not change (for memo). */
function lostOf(all: LostRecordView[], topic: string): LostRecordView[] {
  if (all.length === 0) return NONE
  let byTopic = lostCache.get(all)
  if (!byTopic) {
    byTopic = new Map()
    for (const r of all) {
      const list = byTopic.get(r.topic)
      if (list) list.push(r)
      else byTopic.set(r.topic, [r])
    }
    // Frames carry the list again whenever a counter moves: a topic whose records are the same
    // keeps its array, so its card does not re-render.
    for (const [name, list] of byTopic) {
      const before = lostBefore.get(name)
      if (before && sameRecords(before, list)) byTopic.set(name, before)
    }
    lostBefore = byTopic
    lostCache.set(all, byTopic)
  }
  return byTopic.get(topic) ?? NONE
}

/** The cluster: producers on the left, brokers holding partition replicas in the middle, groups on the right. */
export function ClusterStage() {
  const view = useSim((s) => s.view)
  const stageRef = useRef<HTMLDivElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const store = useSimStore()
  const ready = view !== null

  useEffect(() => {
    // The first picture is on screen one animation frame after it is committed: mark it for the benchmark.
    if (ready && typeof performance !== 'undefined' && performance.getEntriesByName('kafka-sim:first-frame').length === 0) {
      requestAnimationFrame(() => performance.mark('kafka-sim:first-frame'))
    }
  }, [ready])

  useEffect(() => {
    const stage = stageRef.current
    const canvas = canvasRef.current
    // jsdom has no canvas: the painter runs only where one can be drawn on.
    if (!stage || !canvas || typeof ResizeObserver === 'undefined' || !canvas.getContext?.('2d')) return
    const painter = createFlightPainter(canvas, stage, store)
    return () => painter.destroy()
  }, [store, ready])

  const topics = view?.topics
  const groups = view?.groups
  const groupIds = groups?.map((g) => g.groupId).join('\u0000') ?? ''
  // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed only when the set of groups changes, so the colours stay put
  const colors = useMemo(() => (view ? groupColors(view) : {}), [groupIds])
  const owners = useMemo(() => (view ? ownersByPartition(view) : new Map()), [groups]) // eslint-disable-line react-hooks/exhaustive-deps
  const partitions = useMemo(() => (topics ?? []).filter((t) => !t.internal).flatMap((t): PartitionView[] => t.partitions), [topics])

  if (!view) return <div className="stage loading">Starting the simulation…</div>

  const visibleTopics = view.topics.filter((t) => !t.internal)
  const compact = partitions.length > COMPACT_ABOVE
  const showBrokerActions = view.brokers.length > 1 || partitions.some((p) => p.replicas.length > 1)

  return (
    <div className="stage" ref={stageRef}>
      <section className="column producers" aria-labelledby="producers-title">
        <h2 id="producers-title">Producers</h2>
        {view.producers.map((p) => (
          <ProducerCard key={p.id} producer={p} />
        ))}
        {view.producers.length === 0 && <p className="muted">No producers.</p>}
      </section>
      <section className="column brokers" aria-labelledby="brokers-title">
        <h2 id="brokers-title">Brokers and topics</h2>
        <div className="topics">
          {visibleTopics.map((t) => (
            <TopicBar key={t.name} topic={t} brokerCount={view.brokers.length} lost={lostOf(view.lostRecords, t.name)} loss={view.counters.lostByTopic[t.name]} />
          ))}
        </div>
        {view.brokers.map((b) => (
          <BrokerCard key={b.id} broker={b} partitions={partitions} groupColors={colors} owners={owners} compact={compact} showActions={showBrokerActions} />
        ))}
      </section>
      <section className="column groups" aria-labelledby="groups-title">
        <h2 id="groups-title">Consumer groups</h2>
        {view.groups.map((g) => (
          <GroupCard key={g.groupId} group={g} color={colors[g.groupId] as string} />
        ))}
        {view.groups.length === 0 && <p className="muted">No consumer groups.</p>}
      </section>
      <canvas ref={canvasRef} className="flights" aria-hidden="true" />
    </div>
  )
}
