/** Words for the numbers the inspector shows. */

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** A duration in friendly units: "7 days", "45 s", "1.5 min". */
export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'min'],
    [1000, 's'],
  ]
  for (const [size, name] of units) {
    if (ms >= size) {
      const n = ms / size
      const text = Number.isInteger(n) ? String(n) : n.toFixed(1)
      return name === 'min' || name === 's' ? `${text} ${name}` : `${text} ${name}${text === '1' ? '' : 's'}`
    }
  }
  return `${ms} ms`
}

/** A Kafka time setting where -1 means no limit: "604800000 ms (7 days)". */
export function formatMsSetting(ms: number): string {
  if (ms < 0) return '-1 (no limit)'
  return ms >= 1000 ? `${ms} ms (${formatDuration(ms)})` : `${ms} ms`
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 30) return `${+(bytes / (1 << 30)).toFixed(1)} GiB`
  if (bytes >= 1 << 20) return `${+(bytes / (1 << 20)).toFixed(1)} MiB`
  if (bytes >= 1 << 10) return `${+(bytes / (1 << 10)).toFixed(1)} KiB`
  return `${bytes} bytes`
}

/** A Kafka size setting where -1 means no limit. */
export function formatBytesSetting(bytes: number): string {
  if (bytes < 0) return '-1 (no limit)'
  return bytes >= 1024 ? `${bytes} bytes (${formatBytes(bytes)})` : `${bytes} bytes`
}
