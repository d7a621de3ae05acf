import type { Builtin } from '../builtin.js'

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
}

/** Interprets `echo -e` escapes; `stop` is set by `\c` (no further output). */
function interpretEscapes(text: string): { text: string; stop: boolean } {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    const next = text[i + 1]
    if (c !== '\\' || next === undefined) {
      out += c
      continue
    }
    if (next === 'c') return { text: out, stop: true }
    if (next in ESCAPES) {
      out += ESCAPES[next]
      i++
    } else if (next === '0') {
      const m = /^[0-7]{0,3}/.exec(text.slice(i + 2))?.[0] ?? ''
      out += String.fromCharCode(Number.parseInt(m || '0', 8) & 0xff)
      i += 1 + m.length
    } else if (next === 'x') {
      const m = /^[0-9a-fA-F]{0,2}/.exec(text.slice(i + 2))?.[0] ?? ''
      if (m === '') out += '\\x'
      else out += String.fromCharCode(Number.parseInt(m, 16))
      i += 1 + m.length
    } else {
      out += c + next
      i++
    }
  }
  return { text: out, stop: false }
}

/**
 * `echo [-neE] [arg …]`. Like Bun's, a last argument ending in newlines
 * prints one newline instead of adding another.
 */
export const echo: Builtin = async (inv) => {
  let noNewline = false
  let escapes = false
  let start = 0
  for (const arg of inv.args) {
    if (!/^-[neE]+$/.test(arg)) break
    for (const f of arg.slice(1)) {
      if (f === 'n') noNewline = true
      else escapes = f === 'e'
    }
    start++
  }
  const args = inv.args.slice(start)
  let out = ''
  let endsWithNewline = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const last = i === args.length - 1
    if (escapes) {
      const r = interpretEscapes(arg)
      out += r.text
      if (r.stop) {
        await inv.out(out)
        return 0
      }
    } else if (last && arg.endsWith('\n')) {
      endsWithNewline = true
      out += arg.replace(/\n+$/, '\n')
    } else {
      out += arg
    }
    if (!last) out += ' '
  }
  if (!endsWithNewline && !noNewline) out += '\n'
  await inv.out(out)
  return 0
}
