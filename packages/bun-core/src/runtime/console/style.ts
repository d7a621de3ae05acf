/**
 * Bun's `prettyFmt` tags: `<r>` reset, `<d>` dim, `<b>` bold, `<i>` italic,
 * `<u>` underline and the colour names. With colours off the tags are
 * dropped; with colours on they become the ANSI SGR codes Bun writes.
 */
const CODES: Record<string, string> = {
  r: '\x1b[0m',
  d: '\x1b[2m',
  b: '\x1b[1m',
  i: '\x1b[3m',
  u: '\x1b[4m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
  white: '\x1b[37m',
}

const TAG = /<(r|d|b|i|u|red|green|yellow|blue|magenta|cyan|white)>/g

const cache: [Map<string, string>, Map<string, string>] = [new Map(), new Map()]

/** Replace the tags in `template` by ANSI codes (`colors`) or nothing. */
export function pretty(template: string, colors: boolean): string {
  const memo = cache[colors ? 1 : 0]
  let out = memo.get(template)
  if (out === undefined) {
    out = template.replace(TAG, (_, name: string) => (colors ? (CODES[name] ?? '') : ''))
    if (memo.size < 4096) memo.set(template, out)
  }
  return out
}
