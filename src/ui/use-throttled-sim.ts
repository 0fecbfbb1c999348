import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { SimStoreState } from '../store/sim-store'
import { useSimStore } from './context'

/**
 * A slice of the store that re-renders its component at most once every `ms` of wall time (the
 * newest value is shown at the end of each interval). For panels fed a stream of lines, where one
 * update per frame would cost more than it shows.
 */
export function useThrottledSim<T>(selector: (s: SimStoreState) => T, ms: number): T {
  const store = useSimStore()
  const select = useRef(selector)
  useLayoutEffect(() => {
    select.current = selector
  })
  const [value, setValue] = useState(() => selector(store.getState()))
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    let shownAt = -Infinity
    let current = select.current(store.getState())
    setValue(current)
    const flush = () => {
      timer = null
      shownAt = performance.now()
      setValue(current)
    }
    const unsubscribe = store.subscribe((s) => {
      const next = select.current(s)
      if (Object.is(next, current)) return
      current = next
      if (timer !== null) return
      const wait = shownAt + ms - performance.now()
      if (wait <= 0) flush()
      else timer = setTimeout(flush, wait)
    })
    return () => {
      unsubscribe()
      if (timer !== null) clearTimeout(timer)
    }
  }, [store, ms])
  return value
}
