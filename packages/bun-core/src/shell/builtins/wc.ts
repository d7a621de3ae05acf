import type { Builtin } from '../builtin.js'
import { errorText } from '../builtin.js'
import { decode } from '../io.js'

interface Counts {
  lines: number
  words: number
  bytes: number
  chars: number
  maxLine: number
}

function count(data: Uint8Array): Counts {
  let lines = 0
  let words = 0
  let inWord = false
  for (const b of data) {
    if (b === 10) lines++
    const space = b === 32 || (b >= 9 && b <= 13)
    if (space) inWord = false
    else if (!inWord) {
      inWord = true
      words++
    }
  }
  const text = decode(data)
  let maxLine = 0
  for (const line of text.split('\n')) maxLine = Math.max(maxLine, line.replaceAll('\t', '        ').length)
  return { lines, words, bytes: data.length, chars: Array.from(text).length, maxLine }
}

/**
 * `wc [-clmwL] [file …]` (coreutils): columns are as wide as the total size
 * of the regular files needs, 7 when standard input or a directory is read,
 * and unpadded for a single count of a single input.
 */
export const wc: Builtin = async (inv) => {
  const sel = { l: false, w: false, c: false, m: false, L: false }
  const files: string[] = []
  for (const arg of inv.args) {
    if (arg.length > 1 && arg.startsWith('-') && !arg.startsWith('--')) {
      for (const c of arg.slice(1)) {
        if (c in sel) sel[c as keyof typeof sel] = true
        else {
          await inv.err(`wc: invalid option -- '${c}'\nTry 'wc --help' for more information.\n`)
          return 1
        }
      }
    } else files.push(arg)
  }
  if (!sel.l && !sel.w && !sel.c && !sel.m && !sel.L) sel.l = sel.w = sel.c = true
  const inputs = files.length > 0 ? files : ['-']
  const results: Array<{ name: string | null; counts: Counts | null; error?: string }> = []
  let regularTotal = 0
  let minWidth = 1
  let firstFailed = false
  for (const [i, file] of inputs.entries()) {
    if (file === '-') {
      const parts: Uint8Array[] = []
      for (let chunk = await inv.stdin.read(); chunk; chunk = await inv.stdin.read()) parts.push(chunk)
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
      let at = 0
      for (const p of parts) {
        all.set(p, at)
        at += p.length
      }
      minWidth = 7
      results.push({ name: files.length > 0 ? '-' : null, counts: count(all) })
      continue
    }
    const path = inv.resolve(file)
    try {
      const stat = inv.fs.stat(path)
      if (stat.isDirectory()) {
        minWidth = 7
        results.push({ name: file, counts: null, error: `wc: ${file}: Is a directory\n` })
        continue
      }
      regularTotal += stat.size
      results.push({ name: file, counts: count(inv.fs.readFile(path) as Uint8Array) })
    } catch (error) {
      if (i === 0) firstFailed = true
      results.push({ name: file, counts: null, error: `wc: ${file}: ${errorText(error)}\n` })
    }
  }
  const selected = (Object.keys(sel) as Array<keyof typeof sel>).filter((k) => sel[k]).length
  let width = 1
  if (!(selected === 1 && inputs.length === 1) && !firstFailed) {
    width = Math.max(String(regularTotal).length, minWidth)
  }
  const format = (c: Counts, name: string | null) => {
    const cols: number[] = []
    if (sel.l) cols.push(c.lines)
    if (sel.w) cols.push(c.words)
    if (sel.m) cols.push(c.chars)
    if (sel.c) cols.push(c.bytes)
    if (sel.L) cols.push(c.maxLine)
    return `${cols.map((n) => String(n).padStart(width, ' ')).join(' ')}${name === null ? '' : ` ${name}`}\n`
  }
  const total: Counts = { lines: 0, words: 0, bytes: 0, chars: 0, maxLine: 0 }
  let code = 0
  for (const r of results) {
    if (r.error) {
      await inv.err(r.error)
      code = 1
      // coreutils still prints zeros for a directory.
      if (r.error.endsWith('Is a directory\n'))
        await inv.out(format({ ...total, lines: 0, words: 0, bytes: 0, chars: 0, maxLine: 0 }, r.name))
      continue
    }
    const c = r.counts as Counts
    total.lines += c.lines
    total.words += c.words
    total.bytes += c.bytes
    total.chars += c.chars
    total.maxLine = Math.max(total.maxLine, c.maxLine)
    await inv.out(format(c, r.name))
  }
  if (inputs.length > 1) await inv.out(format(total, 'total'))
  return code
}
