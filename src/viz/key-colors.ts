/**
 * A record's colour and short label follow its key, so the same key always looks the same; the
 * label is drawn too, because colour is never the only signal.
 */
import { schemeTableau10 } from 'd3'

export const NO_KEY_COLOR = '#7b8794'

function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

export function keyColor(key: string | null): string {
  if (key === null) return NO_KEY_COLOR
  return schemeTableau10[hash(key) % schemeTableau10.length] as string
}

/** A short label for a key: the key itself if short, else its start. "user_12" stays; null is "∅". */
export function keyLabel(key: string | null, max = 7): string {
  if (key === null) return '∅'
  return key.length <= max ? key : `${key.slice(0, max - 1)}…`
}

/** Colours for the members of a group (ownership), by position. */
const MEMBER_COLORS = ['#2f6fde', '#d9480f', '#2b8a3e', '#9c36b5', '#c2255c', '#0b7285', '#e67700', '#5f3dc4']

export function memberColor(index: number): string {
  return MEMBER_COLORS[index % MEMBER_COLORS.length] as string
}
