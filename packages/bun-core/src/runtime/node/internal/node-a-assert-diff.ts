/**
 * The line diff of `AssertionError` messages: Myers' shortest edit script
 * between the inspected lines of `actual` and `expected`, printed as
 * `+ actual` / `- expected` lines with long runs of equal lines collapsed,
 * as Node 22+ (and so Bun) prints it.
 */

/** ANSI codes used in assertion messages (all empty without a colour terminal). */
export interface DiffColors {
  blue: string
  green: string
  red: string
  white: string
  gray: string
  hasColors: boolean
}

export type DiffOp = { type: 'insert' | 'delete' | 'nop'; value: string }

/** Equal lines up to one trailing comma when `commaTolerant` (objects print `a: 1` last, `a: 1,` otherwise). */
function sameLine(actual: string, expected: string, commaTolerant: boolean): boolean {
  if (actual === expected) return true
  return commaTolerant && (`${actual},` === expected || actual === `${expected},`)
}

/** The edit script turning `expected` into `actual` (`insert` = only in actual). */
export function myersDiff(actual: string[], expected: string[], commaTolerant = false): DiffOp[] {
  const n = actual.length
  const m = expected.length
  const max = n + m
  const v = new Int32Array(2 * max + 2)
  const trace: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      const at = k + max
      let x = k === -d || (k !== d && v[at - 1]! < v[at + 1]!) ? v[at + 1]! : v[at - 1]! + 1
      let y = x - k
      while (x < n && y < m && sameLine(actual[x]!, expected[y]!, commaTolerant)) {
        x++
        y++
      }
      v[at] = x
      if (x >= n && y >= m) return backtrack(trace, actual, expected, commaTolerant)
    }
  }
  return []
}

function backtrack(trace: Int32Array[], actual: string[], expected: string[], commaTolerant: boolean): DiffOp[] {
  const max = actual.length + expected.length
  let x = actual.length
  let y = expected.length
  const result: DiffOp[] = []
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!
    const k = x - y
    const at = k + max
    const previousK = k === -d || (k !== d && v[at - 1]! < v[at + 1]!) ? k + 1 : k - 1
    const previousX = v[previousK + max]!
    const previousY = previousX - previousK
    while (x > previousX && y > previousY) {
      const line = actual[x - 1]!
      // Keep the comma-carrying spelling of an equal line.
      const value = commaTolerant && !line.endsWith(',') ? expected[y - 1]! : line
      result.push({ type: 'nop', value })
      x--
      y--
    }
    if (d > 0) {
      if (x > previousX) result.push({ type: 'insert', value: actual[--x]! })
      else result.push({ type: 'delete', value: expected[--y]! })
    }
  }
  return result.reverse()
}

/** Equal lines printed before a run is collapsed. */
const NOP_LINES_TO_COLLAPSE = 5

/**
 * Prints an edit script: `+`/`-` lines, at most five equal lines in a row,
 * longer runs cut to `...` plus the line just before the next change.
 * `partial` prints actual-only lines as context (partialDeepStrictEqual).
 */
export function printMyersDiff(
  diff: DiffOp[],
  colors: DiffColors,
  partial = false,
): { message: string; skipped: boolean } {
  let message = ''
  let skipped = false
  let nopCount = 0
  for (let i = 0; i < diff.length; i++) {
    const { type, value } = diff[i]!
    const previous = i > 0 ? diff[i - 1]!.type : null
    if (previous === 'nop' && type !== 'nop') {
      if (nopCount === NOP_LINES_TO_COLLAPSE + 1) {
        message += `${colors.white}  ${diff[i - 1]!.value}\n`
      } else if (nopCount === NOP_LINES_TO_COLLAPSE + 2) {
        message += `${colors.white}  ${diff[i - 2]!.value}\n`
        message += `${colors.white}  ${diff[i - 1]!.value}\n`
      } else if (nopCount >= NOP_LINES_TO_COLLAPSE + 3) {
        message += `${colors.blue}...${colors.white}\n`
        message += `${colors.white}  ${diff[i - 1]!.value}\n`
        skipped = true
      }
      nopCount = 0
    }
    if (type === 'insert') {
      if (partial) message += `${colors.gray}${colors.hasColors ? ' ' : '+'} ${value}${colors.white}\n`
      else message += `${colors.green}+${colors.white} ${value}\n`
    } else if (type === 'delete') {
      message += `${colors.red}-${colors.white} ${value}\n`
    } else {
      if (nopCount < NOP_LINES_TO_COLLAPSE) message += `${colors.white}  ${value}\n`
      nopCount++
    }
  }
  return { message: `\n${message.trimEnd()}`, skipped }
}

/** A character diff of two one-line values, coloured in place (colour terminals only). */
export function printSimpleMyersDiff(diff: DiffOp[], colors: DiffColors): string {
  let message = ''
  for (const { type, value } of diff) {
    if (type === 'insert') message += `${colors.green}${value}${colors.white}`
    else if (type === 'delete') message += `${colors.red}${value}${colors.white}`
    else message += `${colors.white}${value}${colors.white}`
  }
  return `\n${message}`
}
