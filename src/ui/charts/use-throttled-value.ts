import { useEffect, useRef, useState } from 'react'

/**
 * `value`, but changing at most once every `ms` of wall time: the newest value is shown at the
 * end of each interval (a throttle, not a debounce, so a steady stream still moves). With
 * `ms <= 0` the value passes straight through.
 */
export function useThrottledValue<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value)
  const shownAt = useRef(-Infinity)
  useEffect(() => {
    if (ms <= 0 || Object.is(value, shown)) return
    const wait = Math.max(0, shownAt.current + ms - performance.now())
    const timer = setTimeout(() => {
      shownAt.current = performance.now()
      setShown(value)
    }, wait)
    return () => clearTimeout(timer)
  }, [value, shown, ms])
  return ms <= 0 ? value : shown
}
