import { useEffect, useRef, useState } from 'react'
import type { RefObject } from 'react'

/** Width used until the element is measured, and always where ResizeObserver is missing (jsdom). */
export const DEFAULT_CHART_WIDTH = 560

/**
 * The content width of an element, followed with a ResizeObserver. Widths are rounded to whole
 * pixels, and React skips the re-render when the rounded width did not change.
 */
export function useElementWidth<T extends HTMLElement>(fallback = DEFAULT_CHART_WIDTH): [RefObject<T | null>, number] {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0)
      // A hidden tab measures 0: keep the last useful width instead of collapsing the chart.
      if (w > 0) setWidth(w)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return [ref, width]
}
