/**
 * String literals for the three target languages. Every string that comes from the learner (topic
 * names, keys, text values, group ids, client ids) goes through one of these, and only ever into a
 * string literal, never into a comment: a newline in a Python or JavaScript comment ends it, and
 * Java translates `\u` escapes even inside comments.
 */

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0')
}

/**
 * Characters that are legal in a literal but unsafe or invisible there: controls, format characters,
 * line and paragraph separators, lone surrogates, private-use and unassigned code points, and spaces
 * other than U+0020. They are written as escapes so the literal is exact and readable.
 */
const NEEDS_ESCAPE = /[\p{C}\p{Zl}\p{Zp}]|[^\S ]|\p{Zs}/u

function needsEscape(ch: string): boolean {
  return ch !== ' ' && NEEDS_ESCAPE.test(ch)
}

/**
 * A single-quoted literal whose value is exactly `s`; Python and JavaScript share every escape but
 * the one for code points above U+FFFF.
 */
function quoted(s: string, astral: (hexDigits: string) => string): string {
  let out = "'"
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number
    if (ch === '\\') out += '\\\\'
    else if (ch === "'") out += "\\'"
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (!needsEscape(ch)) out += ch
    else if (cp < 0x100) out += `\\x${hex(cp, 2)}`
    else if (cp > 0xffff) out += astral(hex(cp, 0))
    else out += `\\u${hex(cp, 4)}`
  }
  return out + "'"
}

/** A Python 3 string literal (single quotes) whose value is exactly `s`. */
export function pyStr(s: string): string {
  return quoted(s, (h) => `\\U${h.padStart(8, '0')}`)
}

/** A JavaScript string literal (single quotes) whose value is exactly `s`. */
export function jsStr(s: string): string {
  return quoted(s, (h) => `\\u{${h}}`)
}

/**
 * A Java string constant whose value is exactly `s` (one literal, or two concatenated after a lone
 * high surrogate), in pure ASCII (javac's source encoding depends on
 * the platform before JDK 18). Controls use octal escapes, never `\u000a`-style ones: Java replaces
 * Unicode escapes before it reads the literal, so `\u000a` would end the line and `\u0022` the string.
 */
export function javaStr(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string
    const unit = s.charCodeAt(i)
    if (ch === '\\') out += '\\\\'
    else if (ch === '"') out += '\\"'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (unit < 0x20 || unit === 0x7f) out += `\\${unit.toString(8).padStart(3, '0')}`
    else if (unit > 0x7e) {
      out += `\\u${hex(unit, 4)}`
      // javac (17) misreads `\\` right after a lone high surrogate's escape, as the start of a Unicode
      // escape: "\uD800\\u0041" does not compile. Ending the literal there and concatenating avoids it.
      const lone = unit >= 0xd800 && unit <= 0xdbff && !(s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff)
      if (lone && i < s.length - 1) out += '" + "'
    } else out += ch
  }
  return out + '"'
}

/** A number for generated code: finite values as they are, anything else as 0 (never `NaN` or `Infinity`). */
export function num(n: number): string {
  return Number.isFinite(n) ? String(n) : '0'
}
