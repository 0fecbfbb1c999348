/**
 * Draws what is on the wire on a canvas laid over the cluster picture. Each batch is placed at
 * `(now - sentAt) / (arrivesAt - sentAt)` along its path, from simulated time alone, so pause,
 * step and speed changes need nothing special. When too many batches fly to draw one by one, the
 * worker sends flows per link instead, drawn as lines whose width follows the records in flight,
 * labelled with their count, so nothing is lost from view. The painter reads the store through
 * `subscribe` and paints on animation frames; React never re-renders for a moving record.
 * Flows name their anchors directly; single flights are mapped to anchors by flightEndpoints.
 *
 * Endpoints are DOM elements carrying `data-anchor` ("producer:producer-1", "log-end:user-activity-0",
 * "offset:user-activity-0:3", "consumer:consumer-1", "replica:user-activity-0:2"); their positions
 * are measured only when the layout changes.
 */
import { easeCubicInOut, interpolateNumber } from 'd3'
import type { SimStore } from '../store/sim-store'
import type { Flight, Flow } from '../worker/protocol'
import { keyColor, keyLabel } from './key-colors'

export interface Point {
  x: number
  y: number
}

/** While records stream in, anchors are measured again at most this often (ms of wall time). */
const REMEASURE_MS = 250

/** Under a heavy load the canvas is redrawn at most this often (wall ms). */
const HEAVY_PAINT_MS = 66

/** Beyond this many batches in flight, plain dots replace labelled pills. */
export const LABELLED_LIMIT = 120

const FLOW_COLORS: Record<Flight['kind'], string> = { produce: '#2f5fd0', fetch: '#1f7a3a', replicate: '#7b8794' }
/** Lighter versions for the flow lines (solid colours: transparency and dashes are costly to raster). */
const FLOW_LINE_COLORS: Record<Flight['kind'], string> = { produce: '#a9bdf0', fetch: '#a7d5b4', replicate: '#cfd5de' }
/** At most this many flow lines, and labels on the busiest of them. */
const MAX_FLOW_LINES = 80
const MAX_FLOW_LABELS = 24

export function flightProgress(f: Pick<Flight, 'sentAt' | 'arrivesAt'>, now: number): number {
  if (f.arrivesAt <= f.sentAt) return 1
  return Math.min(1, Math.max(0, (now - f.sentAt) / (f.arrivesAt - f.sentAt)))
}

/** Where a flight is drawn: eased along a gentle arc between its endpoints. */
export function flightPosition(from: Point, to: Point, progress: number): Point {
  const e = easeCubicInOut(progress)
  const x = interpolateNumber(from.x, to.x)(e)
  const lift = Math.sin(Math.PI * e) * Math.min(40, Math.abs(to.x - from.x) * 0.08)
  return { x, y: interpolateNumber(from.y, to.y)(e) - lift }
}

/** Anchor names to try, best first, for each end of a flight or flow. */
export function flightEndpoints(f: Pick<Flight, 'kind' | 'from' | 'to'> & { firstOffset?: number }): { from: string[]; to: string[] } {
  switch (f.kind) {
    case 'produce':
      return { from: [`producer:${f.from}`], to: [`log-end:${f.to}`, `partition:${f.to}`] }
    case 'fetch':
      return {
        from: [...(f.firstOffset !== undefined ? [`offset:${f.from}:${f.firstOffset}`] : []), `log-end:${f.from}`, `partition:${f.from}`],
        to: [`consumer:${f.to}`],
      }
    case 'replicate': {
      const at = f.to.lastIndexOf('@')
      return { from: [`log-end:${f.from}`, `partition:${f.from}`], to: [`replica:${f.to.slice(0, at)}:${f.to.slice(at + 1)}`] }
    }
  }
}

/** Width of a flow line for the records in flight on it. */
export function flowWidth(records: number): number {
  return Math.min(12, 1.5 + Math.log2(records + 1))
}

export function createFlightPainter(canvas: HTMLCanvasElement, stage: HTMLElement, store: SimStore) {
  const ctx = canvas.getContext('2d')
  let anchors: Map<string, Point> | null = null
  let measuredAt = 0
  let stale = false
  let paintedAt = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let frame: number | null = null
  let width = 0
  let height = 0

  // The canvas covers the viewport, not the (possibly very tall) stage: painting cost follows what
  // is on screen. Anchors are therefore measured in viewport coordinates, again after a scroll.
  let clip = { x: 0, y: 0, w: 0, h: 0 }
  const measure = (): Map<string, Point> => {
    const base = stage.getBoundingClientRect()
    clip = { x: base.left, y: Math.max(0, base.top), w: base.width, h: Math.min(height, base.bottom) - Math.max(0, base.top) }
    const map = new Map<string, Point>()
    for (const el of stage.querySelectorAll<HTMLElement>('[data-anchor]')) {
      const r = el.getBoundingClientRect()
      const side = el.dataset.anchorSide
      const x = side === 'right' ? r.right : side === 'left' ? r.left : r.left + r.width / 2
      map.set(el.dataset.anchor as string, { x, y: r.top + r.height / 2 })
    }
    return map
  }

  // Canvas pixels cost most of the painting (a software compositor uploads the whole canvas each
  // frame), so under a heavy load (flows, or many dots) the canvas is drawn at half resolution.
  let scale = 0
  const resize = (): void => {
    width = window.innerWidth
    height = window.innerHeight
    scale = 0
    anchors = null
    schedule()
  }
  const setScale = (next: number): void => {
    if (next === scale || !ctx) return
    scale = next
    canvas.width = Math.round(width * scale)
    canvas.height = Math.round(height * scale)
    canvas.style.width = `${width}px`
    canvas.style.height = `${height}px`
    ctx.setTransform(scale, 0, 0, scale, 0, 0)
  }

  const find = (names: string[]): Point | undefined => {
    for (const n of names) {
      const p = anchors?.get(n)
      if (p) return p
    }
    return undefined
  }

  const paintFlights = (c: CanvasRenderingContext2D, flights: Flight[], simTime: number): void => {
    const labelled = flights.length <= LABELLED_LIMIT
    c.font = '600 12px system-ui, sans-serif'
    c.textAlign = 'center'
    c.textBaseline = 'middle'
    for (const f of flights) {
      const ends = flightEndpoints(f)
      const from = find(ends.from)
      const to = find(ends.to)
      if (!from || !to) continue
      const p = flightPosition(from, to, flightProgress(f, simTime))
      if (f.kind === 'replicate') {
        c.fillStyle = FLOW_COLORS.replicate
        c.beginPath()
        c.arc(p.x, p.y, 5, 0, Math.PI * 2)
        c.fill()
        continue
      }
      c.fillStyle = keyColor(f.key)
      if (!labelled) {
        c.beginPath()
        c.arc(p.x, p.y, 4, 0, Math.PI * 2)
        c.fill()
        continue
      }
      const label = f.count > 1 ? `${keyLabel(f.key)} ×${f.count}` : keyLabel(f.key)
      const w = Math.max(28, c.measureText(label).width + 16)
      c.beginPath()
      c.roundRect(p.x - w / 2, p.y - 12, w, 24, 12)
      c.fill()
      c.lineWidth = 2
      c.strokeStyle = 'rgba(255,255,255,0.95)'
      c.stroke()
      c.fillStyle = '#fff'
      c.fillText(label, p.x, p.y + 0.5)
    }
  }

  const paintFlows = (c: CanvasRenderingContext2D, flows: Flow[]): void => {
    // Busiest links first; only the busiest are labelled (each label is a draw and a raster).
    const sorted = [...flows].sort((a, b) => b.records - a.records)
    c.font = '600 11px system-ui, sans-serif'
    c.textAlign = 'center'
    c.textBaseline = 'middle'
    c.lineCap = 'round'
    const ends: [Flow, Point, Point][] = []
    for (const f of sorted.slice(0, MAX_FLOW_LINES)) {
      const from = anchors?.get(f.from)
      const to = anchors?.get(f.to)
      if (!from || !to) continue
      ends.push([f, from, to])
      c.strokeStyle = FLOW_LINE_COLORS[f.kind]
      c.lineWidth = flowWidth(f.records)
      c.beginPath()
      c.moveTo(from.x, from.y)
      c.lineTo(to.x, to.y)
      c.stroke()
    }
    for (const [f, from, to] of ends.slice(0, MAX_FLOW_LABELS)) {
      const mx = (from.x + to.x) / 2
      const my = (from.y + to.y) / 2
      const label = `×${f.records}`
      const w = c.measureText(label).width + 10
      c.fillStyle = '#fff'
      c.fillRect(mx - w / 2, my - 8, w, 16)
      c.fillStyle = FLOW_COLORS[f.kind]
      c.fillText(label, mx, my)
    }
  }

  const paint = (): void => {
    frame = null
    if (!ctx) return
    const { flights, flows, simTime, reducedMotion } = store.getState()
    const heavy = flows.length > 0 || flights.length > LABELLED_LIMIT
    const wall = performance.now()
    if (heavy && wall - paintedAt < HEAVY_PAINT_MS) {
      // Flows are totals per link: a few redraws a second show them; each redraw costs a full canvas upload.
      if (timer === null) timer = setTimeout(() => ((timer = null), schedule()), HEAVY_PAINT_MS - (wall - paintedAt))
      return
    }
    paintedAt = wall
    setScale((window.devicePixelRatio || 1) * (heavy ? 0.5 : 1))
    ctx.clearRect(0, 0, width, height)
    if (reducedMotion || (flights.length === 0 && flows.length === 0)) return
    // Measuring forces a layout: do it when the layout changed, and at most a few times a second
    // while the cards change under a steady stream of records.
    const now = performance.now()
    if (!anchors || (stale && now - measuredAt > REMEASURE_MS)) {
      anchors = measure()
      measuredAt = now
      stale = false
    }
    if (clip.w <= 0 || clip.h <= 0) return
    ctx.save()
    ctx.beginPath()
    ctx.rect(clip.x, clip.y, clip.w, clip.h)
    ctx.clip()
    if (flows.length > 0) paintFlows(ctx, flows)
    else paintFlights(ctx, flights, simTime)
    ctx.restore()
  }

  const schedule = (): void => {
    if (frame === null) frame = requestAnimationFrame(paint)
  }

  const observer = new ResizeObserver(() => {
    anchors = null
    schedule()
  })
  observer.observe(stage)
  window.addEventListener('resize', resize)
  let lastView = store.getState().view
  const unsubscribe = store.subscribe((s) => {
    if (s.view !== lastView) {
      // A new structure (topics, members...) moves things at once; a new patch may move them a little.
      if (!s.view || !lastView || s.view.groups.length !== lastView.groups.length || s.view.brokers !== lastView.brokers) anchors = null
      else stale = true
      lastView = s.view
    }
    schedule()
  })
  const onScroll = (): void => {
    anchors = null
    schedule()
  }
  stage.addEventListener('scroll', onScroll, true)
  window.addEventListener('scroll', onScroll, true)
  resize()

  return {
    /** Forget measured positions (after a layout change the painter cannot see). */
    invalidate(): void {
      anchors = null
      schedule()
    },
    destroy(): void {
      observer.disconnect()
      unsubscribe()
      stage.removeEventListener('scroll', onScroll, true)
      window.removeEventListener('scroll', onScroll, true)
      window.removeEventListener('resize', resize)
      if (frame !== null) cancelAnimationFrame(frame)
      if (timer !== null) clearTimeout(timer)
    },
  }
}
