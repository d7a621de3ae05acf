import type { Builtin } from '../builtin.js'
import { decode } from '../io.js'
import { readInput } from './head.js'

const TRY = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"

/**
 * Translates a POSIX basic regular expression to a JavaScript one: `\(`
 * `\)` `\{` `\}` `\|` `\+` `\?` are operators there, and `( ) { } | + ?`
 * plain characters.
 */
export function breToJs(bre: string): string {
  let out = ''
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i] as string
    if (c === '\\' && i + 1 < bre.length) {
      const n = bre[++i] as string
      out += '(){}|+?'.includes(n) ? n : `\\${n}`
    } else if ('(){}|+?'.includes(c)) out += `\\${c}`
    else if (c === '[') {
      // Copy a bracket expression as it is.
      let j = i + 1
      if (bre[j] === '^') j++
      if (bre[j] === ']') j++
      while (j < bre.length && bre[j] !== ']') j++
      out += bre.slice(i, j + 1)
      i = j
    } else out += c
  }
  return out
}

/** `grep [-EFGivwxcnlLqshHoz] [-e pattern] pattern [file …]` (GNU grep's output and exit codes: 0 match, 1 none, 2 error). */
export const grep: Builtin = async (inv) => {
  const flags = new Set<string>()
  const patterns: string[] = []
  const files: string[] = []
  const args = inv.args
  let onlyOperands = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (!onlyOperands && arg === '--') {
      onlyOperands = true
      continue
    }
    if (!onlyOperands && arg.length > 1 && arg.startsWith('-') && !arg.startsWith('--')) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j] as string
        if (c === 'e') {
          const value = arg.length > j + 1 ? arg.slice(j + 1) : args[++i]
          if (value === undefined) {
            await inv.err(`grep: option requires an argument -- 'e'\n${TRY}`)
            return 2
          }
          patterns.push(value)
          break
        }
        if (!'EFGivwxcnlLqshHoz'.includes(c)) {
          await inv.err(`grep: invalid option -- '${c}'\n${TRY}`)
          return 2
        }
        flags.add(c)
      }
      continue
    }
    if (patterns.length === 0 && !flags.has('e-given')) {
      patterns.push(arg)
      flags.add('e-given')
    } else files.push(arg)
  }
  if (patterns.length === 0) {
    await inv.err(TRY)
    return 2
  }
  const sources = patterns.flatMap((p) => p.split('\n'))
  let regex: RegExp
  try {
    const parts = sources.map((p) =>
      flags.has('F') ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : flags.has('E') ? p : breToJs(p),
    )
    let body = parts.map((p) => `(?:${p})`).join('|')
    if (flags.has('w')) body = `(?<![\\w])(?:${body})(?![\\w])`
    if (flags.has('x')) body = `^(?:${body})$`
    regex = new RegExp(body, `g${flags.has('i') ? 'i' : ''}u`)
  } catch {
    await inv.err('grep: Invalid regular expression\n')
    return 2
  }
  const inputs = files.length > 0 ? files : ['-']
  const showName = flags.has('H') || (inputs.length > 1 && !flags.has('h'))
  let matchedAny = false
  let failed = false
  for (const file of inputs) {
    const data = await readInput(inv, 'grep', file)
    if (data === null) {
      failed = true
      continue
    }
    const name = file === '-' ? '(standard input)' : file
    const text = decode(data)
    const eol = flags.has('z') ? '\0' : '\n'
    const lines = text.split(eol)
    if (lines[lines.length - 1] === '') lines.pop()
    let count = 0
    let out = ''
    for (const [n, line] of lines.entries()) {
      regex.lastIndex = 0
      const hit = regex.test(line)
      if (hit === flags.has('v')) continue
      count++
      if (flags.has('q') || flags.has('l') || flags.has('L') || flags.has('c')) continue
      const prefix = `${showName ? `${name}:` : ''}${flags.has('n') ? `${n + 1}:` : ''}`
      if (flags.has('o') && !flags.has('v')) {
        regex.lastIndex = 0
        for (const m of line.matchAll(regex)) if (m[0] !== '') out += `${prefix}${m[0]}${eol}`
      } else out += `${prefix}${line}${eol}`
    }
    if (count > 0) matchedAny = true
    if (flags.has('q')) {
      if (matchedAny) return 0
      continue
    }
    if (flags.has('l')) {
      if (count > 0) out = `${name}\n`
    } else if (flags.has('L')) {
      if (count === 0) out = `${name}\n`
    } else if (flags.has('c')) out = `${showName ? `${name}:` : ''}${count}\n`
    await inv.out(out)
  }
  if (failed && !(flags.has('q') && matchedAny)) return 2
  return matchedAny ? 0 : 1
}
