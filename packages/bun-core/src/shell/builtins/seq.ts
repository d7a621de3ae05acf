import type { Builtin } from '../builtin.js'

const USAGE = 'usage: seq [-w] [-f format] [-s string] [-t string] [first [incr]] last\n'
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

function parseF32(text: string): number | null {
  if (NUMBER.test(text)) return Math.fround(Number(text))
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity
  if (/^[+-]?nan$/i.test(text)) return Number.NaN
  return null
}

/** The shortest decimal that reads back as the same 32-bit float, without exponent (Zig's `{d}`). */
export function formatF32(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf'
  let shortest = value
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(value.toPrecision(p))
    if (Math.fround(candidate) === value) {
      shortest = candidate
      break
    }
  }
  if (shortest !== 0 && Math.abs(shortest) < 1e-6) {
    const digits = Math.min(100, 1 - Math.floor(Math.log10(Math.abs(shortest))) + 9)
    return shortest.toFixed(digits).replace(/\.?0+$/, '')
  }
  if (Math.abs(shortest) >= 1e21) return BigInt(shortest).toString()
  return String(shortest)
}

/**
 * `seq [-w] [-s sep] [-t term] [first [incr]] last`, as Bun's: 32-bit
 * floats, the separator after every number, the terminator at the end, `-w`
 * accepted and ignored.
 */
export const seq: Builtin = async (inv) => {
  const args = inv.args
  if (args.length === 0) {
    await inv.err(USAGE)
    return 1
  }
  let separator = '\n'
  let terminator = ''
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '-s' || arg === '--separator' || arg === '-t' || arg === '--terminator') {
      const value = args[++i]
      const flag = arg === '-s' || arg === '--separator' ? 's' : 't'
      if (value === undefined) {
        await inv.err(`seq: option requires an argument -- ${flag}\n`)
        return 1
      }
      if (flag === 's') separator = value
      else terminator = value
    } else if (arg.startsWith('-s')) separator = arg.slice(2)
    else if (arg.startsWith('-t')) terminator = arg.slice(2)
    else if (arg === '-w' || arg === '--fixed-width') {
    } else break
  }
  const numbers: number[] = []
  for (const arg of args.slice(i, i + 3)) {
    const n = parseF32(arg)
    if (n === null) {
      await inv.err('seq: invalid argument\n')
      return 1
    }
    numbers.push(n)
  }
  if (numbers.length === 0) {
    await inv.err(USAGE)
    return 1
  }
  let start = 1
  let end: number
  let increment = 1
  if (numbers.length === 1) {
    end = numbers[0] as number
    if (start > end) increment = -1
  } else if (numbers.length === 2) {
    ;[start, end] = numbers as [number, number]
    increment = start > end ? -1 : 1
  } else {
    ;[start, increment, end] = numbers as [number, number, number]
    if (increment === 0) {
      await inv.err('seq: zero increment\n')
      return 1
    }
    if (start > end && increment > 0) {
      await inv.err('seq: needs negative decrement\n')
      return 1
    }
    if (start < end && increment < 0) {
      await inv.err('seq: needs positive increment\n')
      return 1
    }
  }
  let buffer = ''
  for (let current = start; increment > 0 ? current <= end : current >= end; ) {
    buffer += formatF32(current) + separator
    if (buffer.length >= 65536) {
      await inv.out(buffer)
      buffer = ''
    }
    const next = Math.fround(current + increment)
    // A step too small for a 32-bit float would loop forever.
    if (next === current) break
    current = next
  }
  await inv.out(buffer + terminator)
  return 0
}
