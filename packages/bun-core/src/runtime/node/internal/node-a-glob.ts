/**
 * Glob matching as `Bun.Glob#match` (and so Bun's `path.matchesGlob`) does it:
 * `*` and `?` never match `/` but do match dotfiles; `**` as a whole segment
 * matches any number of segments; `[...]` (with `!`/`^` negation and ranges)
 * may match `/`; `{a,b}` alternatives nest; `\` escapes; leading `!`s negate
 * (an odd count). An unterminated `[` or `{` is literal.
 */

const compiled = new Map<string, RegExp>()

/** True when `path` matches `pattern`. */
export function globMatch(pattern: string, path: string): boolean {
  let negations = 0
  while (pattern[negations] === '!') negations++
  const body = pattern.slice(negations)
  let regex = compiled.get(body)
  if (!regex) {
    const alternatives = expandBraces(body).map(compileOne)
    regex = new RegExp(`^(?:${alternatives.join('|')})$`, 'u')
    if (compiled.size > 256) compiled.clear()
    compiled.set(body, regex)
  }
  return regex.test(path) !== (negations % 2 === 1)
}

/** The index of the `}` closing the brace at `open`, or -1. */
function closingBrace(pattern: string, open: number): number {
  let depth = 0
  for (let i = open; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\') i++
    else if (ch === '{') depth++
    else if (ch === '}' && --depth === 0) return i
  }
  return -1
}

/** Splits the inside of a brace at its top-level commas. */
function splitAlternatives(inner: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]
    if (ch === '\\') i++
    else if (ch === '{') depth++
    else if (ch === '}') depth--
    else if (ch === ',' && depth === 0) {
      parts.push(inner.slice(start, i))
      start = i + 1
    }
  }
  parts.push(inner.slice(start))
  return parts
}

/** Every pattern a brace expression stands for (`a{b,c}` → `ab`, `ac`). */
function expandBraces(pattern: string): string[] {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\') {
      i++
      continue
    }
    if (ch !== '{') continue
    const close = closingBrace(pattern, i)
    if (close === -1) return [pattern]
    const head = pattern.slice(0, i)
    const tails = expandBraces(pattern.slice(close + 1))
    const out: string[] = []
    for (const alternative of splitAlternatives(pattern.slice(i + 1, close))) {
      for (const middle of expandBraces(alternative)) for (const tail of tails) out.push(head + middle + tail)
    }
    return out
  }
  return [pattern]
}

const escapeChar = (cp: number): string => `\\u{${cp.toString(16)}}`

/** The regex source of one brace-free pattern. */
function compileOne(pattern: string): string {
  const chars = Array.from(pattern)
  let out = ''
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!
    if (ch === '\\') {
      const next = chars[i + 1]
      if (next === undefined) out += escapeChar(92)
      else {
        out += escapeChar(next.codePointAt(0)!)
        i++
      }
    } else if (ch === '*') {
      let run = 1
      while (chars[i + run] === '*') run++
      const segmentStart = i === 0 || chars[i - 1] === '/'
      const after = chars[i + run]
      if (run === 2 && segmentStart && after === undefined) out += '[^]*'
      else if (run === 2 && segmentStart && after === '/') {
        out += '(?:[^]*/)?'
        run++
      } else out += '[^/]*'
      i += run - 1
    } else if (ch === '?') {
      out += '[^/]'
    } else if (ch === '[') {
      const parsed = compileClass(chars, i)
      if (parsed) {
        out += parsed.source
        i = parsed.end
      } else out += escapeChar(91)
    } else {
      out += escapeChar(ch.codePointAt(0)!)
    }
  }
  return out
}

/** A `[...]` class starting at `open`: its regex and the index of its `]`, or null if unterminated. */
function compileClass(chars: string[], open: number): { source: string; end: number } | null {
  let i = open + 1
  let negate = false
  if (chars[i] === '!' || chars[i] === '^') {
    negate = true
    i++
  }
  const ranges: [number, number][] = []
  let first = true
  for (; i < chars.length; i++) {
    let ch = chars[i]!
    if (ch === ']' && !first) {
      const body = ranges
        .filter(([lo, hi]) => lo <= hi)
        .map(([lo, hi]) => (lo === hi ? escapeChar(lo) : `${escapeChar(lo)}-${escapeChar(hi)}`))
        .join('')
      if (body === '') return { source: negate ? '[^]' : '[]', end: i }
      return { source: `[${negate ? '^' : ''}${body}]`, end: i }
    }
    first = false
    if (ch === '\\' && i + 1 < chars.length) ch = chars[++i]!
    const lo = ch.codePointAt(0)!
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
      let hiChar = chars[i + 2]!
      i += 2
      if (hiChar === '\\' && i + 1 < chars.length) hiChar = chars[++i]!
      ranges.push([lo, hiChar.codePointAt(0)!])
    } else ranges.push([lo, lo])
  }
  return null
}
