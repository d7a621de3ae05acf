/**
 * Bun's `prettyFmt` tags: `<r>` reset, `<d>` dim, `<b>` bold and the colour
 * names. With colours off the tags are dropped; with colours on they become
 * the ANSI SGR codes Bun writes.
 */
const CODES: Record<string, string> = {
  r: '\x1b[0m',
  d: '\x1b[2m',
  b: '\x1b[1m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
}

const TAG = /<(r|d|b|red|green|yellow|blue|magenta|cyan)>/g

/** Replace the tags in `template` by ANSI codes (`colors`) or nothing. */
export function pretty(template: string, colors: boolean): string {
  return template.replace(TAG, (_, name: string) => (colors ? (CODES[name] ?? '') : ''))
}
