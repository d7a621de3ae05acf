/**
 * The line diff of `expect` failures, as Bun prints it: every line of both
 * serializations (no context trimming), removed lines (in `expected`)
 * first as `- `, added lines (in `received`) as `+ `, unchanged as `  `,
 * then the counts:
 *
 *       [
 *     -   4,
 *     +   3,
 *       ]
 *
 *     - Expected  - 1
 *     + Received  + 1
 *
 * With colours, removed lines are green, added red, unchanged dim.
 */
import { pretty } from '../../runtime/console/style.js'

type Op = { kind: ' ' | '-' | '+'; line: string }

/** The shortest edit script from `a` to `b` (Myers), as a list of line operations. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length
  const m = b.length
  // Common prefix and suffix first: they keep the search small.
  let start = 0
  while (start < n && start < m && a[start] === b[start]) start++
  let endA = n
  let endB = m
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const x0 = a.slice(start, endA)
  const y0 = b.slice(start, endB)
  const middle = myers(x0, y0)
  return [
    ...a.slice(0, start).map((line) => ({ kind: ' ' as const, line })),
    ...middle,
    ...a.slice(endA).map((line) => ({ kind: ' ' as const, line })),
  ]
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length
  const m = b.length
  if (n === 0) return b.map((line) => ({ kind: '+' as const, line }))
  if (m === 0) return a.map((line) => ({ kind: '-' as const, line }))
  const max = n + m
  const offset = max
  const v = new Int32Array(2 * max + 2)
  const trace: Int32Array[] = []
  let found = false
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      let x: number
      if (k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)))
        x = v[offset + k + 1] as number
      else x = (v[offset + k - 1] as number) + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = true
        break
      }
    }
  }
  // Walk back through the trace.
  const ops: Op[] = []
  let x = n
  let y = m
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] as Int32Array
    const k = x - y
    let prevK: number
    if (k === -d || (k !== d && (vd[offset + k - 1] as number) < (vd[offset + k + 1] as number))) prevK = k + 1
    else prevK = k - 1
    const prevX = vd[offset + prevK] as number
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1] as string })
      x--
      y--
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[y - 1] as string })
      else ops.push({ kind: '-', line: a[x - 1] as string })
    }
    x = prevX
    y = prevY
  }
  ops.reverse()
  // Within a run of changes, removed lines come before added lines.
  const out: Op[] = []
  for (let i = 0; i < ops.length; ) {
    if ((ops[i] as Op).kind === ' ') {
      out.push(ops[i] as Op)
      i++
      continue
    }
    const removed: Op[] = []
    const added: Op[] = []
    while (i < ops.length && (ops[i] as Op).kind !== ' ') {
      const op = ops[i] as Op
      if (op.kind === '-') removed.push(op)
      else added.push(op)
      i++
    }
    out.push(...removed, ...added)
  }
  return out
}

/**
 * The pieces of `line` once split against `other` where they differ (common
 * prefix, changed middle, common suffix): Bun colours each piece on its own.
 */
export function segments(line: string, other: string | undefined): string[] {
  if (other === undefined || line === '') return [line]
  let start = 0
  while (start < line.length && start < other.length && line[start] === other[start]) start++
  let end = 0
  while (
    end < line.length - start &&
    end < other.length - start &&
    line[line.length - 1 - end] === other[other.length - 1 - end]
  )
    end++
  return [line.slice(0, start), line.slice(start, line.length - end), line.slice(line.length - end)].filter(
    (piece) => piece !== '',
  )
}

/** `text` split against `other`, each piece in `colour` (Bun's inline highlighting). */
export function colourSegments(text: string, other: string | undefined, colour: 'green' | 'red'): string {
  return `${segments(text, other)
    .map((piece) => `${pretty(`<r><${colour}>`, true)}${piece}`)
    .join('')}${pretty('<r>', true)}`
}

/** Bun's printed diff of two serializations (ends with a newline). */
export function printDiff(expected: string, received: string, colors: boolean): string {
  const ops = diffLines(expected.split('\n'), received.split('\n'))
  let removed = 0
  let added = 0
  let out = ''
  for (let i = 0; i < ops.length; ) {
    const op = ops[i] as Op
    if (op.kind === ' ') {
      out += colors ? `  ${pretty('<r><d>', true)}${op.line}${pretty('<r>', true)}\n` : `  ${op.line}\n`
      i++
      continue
    }
    const minus: string[] = []
    const plus: string[] = []
    while (i < ops.length && (ops[i] as Op).kind !== ' ') {
      const change = ops[i] as Op
      if (change.kind === '-') minus.push(change.line)
      else plus.push(change.line)
      i++
    }
    removed += minus.length
    added += plus.length
    minus.forEach((line, n) => {
      out += colors ? `${pretty('<green>- <r>', true)}${segmentsInColour(line, plus[n], 'green')}\n` : `- ${line}\n`
    })
    plus.forEach((line, n) => {
      out += colors ? `${pretty('<red>+ <r>', true)}${segmentsInColour(line, minus[n], 'red')}\n` : `+ ${line}\n`
    })
  }
  out += '\n'
  out += pretty(`<green>- Expected  - ${removed}<r>\n`, colors)
  out += pretty(`<red>+ Received  + ${added}<r>\n`, colors)
  return out
}

function segmentsInColour(line: string, other: string | undefined, colour: 'green' | 'red'): string {
  return segments(line, other)
    .map((piece) => `${pretty(`<${colour}>`, true)}${piece}${pretty('<r>', true)}`)
    .join('')
}
