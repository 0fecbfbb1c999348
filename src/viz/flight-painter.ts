/**
 * Draws records in flight on a canvas laid over the cluster picture. Each batch is placed at
 * `(now - sentAt) / (arrivesAt - sentAt)` along its path, from simulated time alone, so pause,
 * step and speed changes need nothing special. The painter reads the store through `subscribe`
 * and paints on animation frames; React never re-renders for a moving record.
 *
 * Endpoints are DOM elements carrying `data-anchor` ("producer:producer-1", "log-end:user-activity-0",
 * "offset:user-activity-0:3", "consumer:consumer-1"); their positions are measured only when the
 * layout changes.
 */
import { easeCubicInOut, interpolateNumber } from 'd3'
import type { SimStore } from '../store/sim-store'
import type { Flight } from '../worker/protocol'
import { keyColor, keyLabel } from './key-colors'

export interface Point {
  x: number
  y: number
}

/** Beyond this many batches in flight, the painter draws plain dots instead of labelled pills. */
export const LABELLED_LIMIT = 150

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

export function flightEndpoints(f: Flight): { from: string[]; to: string[] } {
  if (f.kind === 'produce') return { from: [`producer:${f.from}`], to: [`log-end:${f.to}`, `partition:${f.to}`] }
  return { from: [`offset:${f.from}:${f.firstOffset}`, `log-end:${f.from}`, `partition:${f.from}`], to: [`consumer:${f.to}`] }
}

export function createFlightPainter(canvas: HTMLCanvasElement, stage: HTMLElement, store: SimStore) {
  const ctx = canvas.getContext('2d')
  let anchors: Map<string, Point> | null = null
  let frame: number | null = null
  let width = 0
  let height = 0

  const measure = (): Map<string, Point> => {
    const base = stage.getBoundingClientRect()
    const map = new Map<string, Point>()
    for (const el of stage.querySelectorAll<HTMLElement>('[data-anchor]')) {
      const r = el.getBoundingClientRect()
      const side = el.dataset.anchorSide
      const x = side === 'right' ? r.right : side === 'left' ? r.left : r.left + r.width / 2
      map.set(el.dataset.anchor as string, { x: x - base.left, y: r.top + r.height / 2 - base.top })
    }
    return map
  }

  const resize = (): void => {
    const dpr = window.devicePixelRatio || 1
    width = stage.clientWidth
    height = stage.clientHeight
    canvas.width = Math.round(width * dpr)
    canvas.height = Math.round(height * dpr)
    canvas.style.width = `${width}px`
    canvas.style.height = `${height}px`
    ctx?.setTransform(dpr, 0, 0, dpr, 0, 0)
    anchors = null
    schedule()
  }

  const find = (names: string[]): Point | undefined => {
    for (const n of names) {
      const p = anchors?.get(n)
      if (p) return p
    }
    return undefined
  }

  const paint = (): void => {
    frame = null
    if (!ctx) return
    ctx.clearRect(0, 0, width, height)
    const { flights, simTime, reducedMotion } = store.getState()
    if (reducedMotion || flights.length === 0) return
    anchors ??= measure()
    const labelled = flights.length <= LABELLED_LIMIT
    ctx.font = '600 12px system-ui, sans-serif'
    ctx.textAlign = 'center'
    ctx.textBaseline = 'middle'
    for (const f of flights) {
      const ends = flightEndpoints(f)
      const from = find(ends.from)
      const to = find(ends.to)
      if (!from || !to) continue
      const p = flightPosition(from, to, flightProgress(f, simTime))
      const key = f.keys[0] ?? null
      ctx.fillStyle = keyColor(key)
      if (!labelled) {
        ctx.beginPath()
        ctx.arc(p.x, p.y, 4, 0, Math.PI * 2)
        ctx.fill()
        continue
      }
      const label = f.count > 1 ? `${keyLabel(key)} ×${f.count}` : keyLabel(key)
      const w = Math.max(26, ctx.measureText(label).width + 14)
      ctx.beginPath()
      ctx.roundRect(p.x - w / 2, p.y - 11, w, 22, 11)
      ctx.fill()
      ctx.lineWidth = 1.5
      ctx.strokeStyle = 'rgba(255,255,255,0.9)'
      ctx.stroke()
      ctx.fillStyle = '#fff'
      ctx.fillText(label, p.x, p.y + 0.5)
    }
  }

  const schedule = (): void => {
    if (frame === null) frame = requestAnimationFrame(paint)
  }

  const observer = new ResizeObserver(resize)
  observer.observe(stage)
  let lastView = store.getState().view
  const unsubscribe = store.subscribe((s) => {
    if (s.view !== lastView) {
      lastView = s.view
      anchors = null
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
      if (frame !== null) cancelAnimationFrame(frame)
    },
  }
}
