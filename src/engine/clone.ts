/**
 * Deep copy of the simulation's plain data (objects, arrays, primitives). The state is kept
 * JSON-compatible on purpose, so this is all a snapshot needs, in Node and in a worker alike.
 */
export function cloneData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    const n = value.length
    const out = new Array(n)
    for (let i = 0; i < n; i++) out[i] = cloneData(value[i])
    return out as T
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = cloneData((value as Record<string, unknown>)[key])
  return out as T
}
