/**
 * Writes inline snapshots into test sources, as Bun does when the run ends:
 * `expect(x).toMatchInlineSnapshot()` becomes
 * `expect(x).toMatchInlineSnapshot(\`value\`)`; a value with line breaks
 * is written on lines of its own, indented two spaces past the line of the
 * call, the closing backtick at the line's indentation. An existing
 * snapshot argument is replaced (`-u`); property matchers stay first.
 */
import type { InlineWrite } from './snapshots.js'
import { escapeTemplate } from './snapshots.js'

const MATCHER = /(toMatchInlineSnapshot|toThrowErrorMatchingInlineSnapshot)\s*\(/g

/** The offset of (1-based) line/column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at)
    if (nl < 0) return text.length
    at = nl + 1
  }
  return at + column - 1
}

/** The argument list after `open` (the `(`): each argument's [start, end), and the `)` offset. */
function scanArguments(text: string, open: number): { args: Array<[number, number]>; close: number } | null {
  const args: Array<[number, number]> = []
  let depth = 0
  let start = open + 1
  let i = open + 1
  const push = (end: number) => {
    if (text.slice(start, end).trim() !== '') args.push([start, end])
  }
  while (i < text.length) {
    const ch = text[i] as string
    if (ch === '"' || ch === "'") {
      i++
      while (i < text.length && text[i] !== ch) i += text[i] === '\\' ? 2 : 1
      i++
      continue
    }
    if (ch === '`') {
      i++
      while (i < text.length && text[i] !== '`') {
        if (text[i] === '\\') i += 2
        else if (text[i] === '$' && text[i + 1] === '{') {
          let braces = 1
          i += 2
          while (i < text.length && braces > 0) {
            if (text[i] === '{') braces++
            else if (text[i] === '}') braces--
            i++
          }
        } else i++
      }
      i++
      continue
    }
    if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i)
      i = nl < 0 ? text.length : nl
      continue
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end < 0 ? text.length : end + 2
      continue
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) {
        push(i)
        return { args, close: i }
      }
      depth--
    } else if (ch === ',' && depth === 0) {
      push(i)
      start = i + 1
    }
    i++
  }
  return null
}

/** The template literal text for `value` at a call on a line indented by `indent`. */
export function inlineTemplate(value: string, indent: string): string {
  const escaped = escapeTemplate(value)
  if (!value.includes('\n')) return `\`${escaped}\``
  const body = escaped
    .split('\n')
    .map((line) => (line === '' ? '' : `${indent}  ${line}`))
    .join('\n')
  return `\`\n${body}\n${indent}\``
}

/** `source` with the inline snapshots of `writes` (all for this file) written in. */
export function applyInlineSnapshots(source: string, writes: readonly InlineWrite[]): string {
  const placed = writes
    .map((write) => {
      const from = Math.max(0, offsetOf(source, write.line, write.column) - 1)
      MATCHER.lastIndex = from
      const match = MATCHER.exec(source)
      if (!match) return null
      const open = match.index + match[0].length - 1
      const lineStart = source.lastIndexOf('\n', match.index) + 1
      const indent = /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? ''
      return { write, open, indent }
    })
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .sort((a, b) => b.open - a.open)
  let out = source
  let lastOpen = -1
  for (const { write, open, indent } of placed) {
    if (open === lastOpen) continue // the same call ran again (a loop): the first value wins
    lastOpen = open
    const scanned = scanArguments(out, open)
    if (!scanned) continue
    const template = inlineTemplate(write.value, indent)
    const { args, close } = scanned
    if (write.hasProperties) {
      const first = args[0]
      if (!first) continue
      if (args.length >= 2) {
        const second = args[1] as [number, number]
        const start =
          second[0] + (out.slice(second[0], second[1]).length - out.slice(second[0], second[1]).trimStart().length)
        out = out.slice(0, start) + template + out.slice(second[1])
      } else out = `${out.slice(0, first[1])}, ${template}${out.slice(close)}`
    } else if (args.length === 0) out = `${out.slice(0, open + 1)}${template}${out.slice(close)}`
    else {
      const arg = args[0] as [number, number]
      const text = out.slice(arg[0], arg[1])
      const start = arg[0] + (text.length - text.trimStart().length)
      const end = arg[0] + text.trimEnd().length
      out = out.slice(0, start) + template + out.slice(end)
    }
  }
  return out
}
