/**
 * The Console: what a terminal running the tutorial's consumer.py shows. Each session starts with
 * the command line that ran it; each record is the line consumer.py prints for it:
 * `print(f"Received: Topic={m.topic}, Partition={m.partition}, Offset={m.offset}, Key={m.key}, Value={m.value}")`
 * with kafka-python's value_deserializer `json.loads` (so the value prints as a Python dict) and no
 * key deserializer (so a key prints as bytes, b'user_1', and a missing key as None). Between them,
 * notes in parentheses (not consumer.py's output) say where a session starts reading a partition.
 */

function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of s) {
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += `\\${quote}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch < ' ') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`
    else out += ch
  }
  return out + quote
}

/** Python's repr() of a value decoded by json.loads. */
export function pyRepr(v: unknown): string {
  if (v === null) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v)
  if (typeof v === 'string') return pyString(v)
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${pyString(k)}: ${pyRepr(x)}`)
      .join(', ')}}`
  }
  return String(v)
}

function pyFloat(n: number): string {
  const s = String(n)
  return /[.e]/.test(s) ? s.replace('e+', 'e+') : `${s}.0`
}

/** Python's repr() of the bytes a string encodes to (ASCII printable as is). */
export function pyBytes(s: string): string {
  let out = "b'"
  for (const byte of new TextEncoder().encode(s)) {
    if (byte === 0x5c) out += '\\\\'
    else if (byte === 0x27) out += "\\'"
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte)
    else if (byte === 0x0a) out += '\\n'
    else if (byte === 0x09) out += '\\t'
    else if (byte === 0x0d) out += '\\r'
    else out += `\\x${byte.toString(16).padStart(2, '0')}`
  }
  return out + "'"
}

export function consumerPyLine(topic: string, partition: number, offset: number, key: string | null, value: string): string {
  let shown: string
  try {
    shown = pyRepr(JSON.parse(value))
  } catch {
    shown = `<not JSON: json.loads would raise> ${pyBytes(value)}`
  }
  return `Received: Topic=${topic}, Partition=${partition}, Offset=${offset}, Key=${key === null ? 'None' : pyBytes(key)}, Value=${shown}`
}

/** The command line a consumer.py session starts with, as the terminal shows it (a session per start or restart). */
export function consumerPyStartLine(group: string): string {
  return `$ python consumer.py  # group_id=${pyString(group)}`
}

/**
 * Where a consumer starts reading a partition it was given: at the group's committed offset, or
 * where auto_offset_reset says when the group has none (or it is out of range).
 */
export function positionNote(partition: string, offset: number, from: 'committed' | 'earliest' | 'latest', reason: string, skipped: number): string {
  if (from === 'committed') return `(${partition}: resuming at committed offset ${offset})`
  const moved = skipped > 0 ? `; ${skipped} record${skipped === 1 ? '' : 's'} skipped` : ''
  return `(${partition}: ${reason}, so auto_offset_reset='${from}' starts at offset ${offset}${moved})`
}
