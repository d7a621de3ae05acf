/**
 * The pieces of `expect` failure messages: the `expect(received).toBe(expected)`
 * hint, values as `Bun.inspect` prints them (green for expected, red for
 * received), and Bun's "Expected/Received or a diff" choice.
 */

import { pretty } from '../../runtime/console/style.js'
import { inspectValue } from '../../runtime/console-bridge.js'
import type { Runtime } from '../../runtime/runtime.js'
import { colourSegments, printDiff } from './diff.js'
import { prettyFormat } from './pretty-format.js'

/** What message helpers need. */
export interface MessageContext {
  runtime: Runtime
  colors: boolean
}

/** `expect(received).not.toBe(expected)` with Bun's colours. */
export function matcherHint(
  ctx: MessageContext,
  name: string,
  options: { not?: boolean; promise?: string; received?: string; expected?: string; secondArgument?: string } = {},
): string {
  const p = (t: string) => pretty(t, ctx.colors)
  const received = options.received ?? 'received'
  const expected = options.expected ?? ''
  let out = `${p('<d>')}expect(${p('<r>')}${p('<red>')}${received}${p('<r>')}${p('<d>')}).${p('<r>')}`
  if (options.promise) out += `${options.promise}${p('<d>')}.${p('<r>')}`
  if (options.not) out += `not${p('<d>')}.${p('<r>')}`
  out += `${name}${p('<d>')}(${p('<r>')}`
  if (expected) {
    // `expected, precision`: only the first is coloured; `path, value`: both, with a dim comma.
    const plainRest = expected.endsWith(', precision')
    const parts = plainRest ? [expected.slice(0, -', precision'.length)] : expected.split(', ')
    out += parts
      .map((part) =>
        part.startsWith('...') ? `...${p('<green>')}${part.slice(3)}${p('<r>')}` : `${p('<green>')}${part}${p('<r>')}`,
      )
      .join(`${p('<d>')}, ${p('<r>')}`)
    if (plainRest) out += ', precision'
  }
  out += `${p('<d>')})${p('<r>')}`
  return out
}

/** `Bun.inspect(value)` without colours. */
export function inspect(ctx: MessageContext, value: unknown): string {
  return inspectValue(ctx.runtime, value, { colors: false })
}

/** An expected value (green). */
export function printExpected(ctx: MessageContext, value: unknown): string {
  return colour(ctx, 'green', inspect(ctx, value))
}

/** A received value (red). */
export function printReceived(ctx: MessageContext, value: unknown): string {
  return colour(ctx, 'red', inspect(ctx, value))
}

/** Wraps already-formatted text in a colour. */
export function colour(ctx: MessageContext, name: 'green' | 'red' | 'd' | 'b', text: string): string {
  return ctx.colors ? `${pretty(`<${name}>`, true)}${text}${pretty('<r>', true)}` : text
}

/** The diff serialization of a value (function names left out, as in Bun's diffs). */
export function serializeForDiff(value: unknown): string {
  return prettyFormat(value, { printFunctionName: false })
}

/**
 * `toEqual`'s failure body: `Expected: x\nReceived: y\n` when both
 * serializations fit on one line, else the line diff.
 */
export function diffOrLines(ctx: MessageContext, expected: unknown, received: unknown): string {
  const e = serializeForDiff(expected)
  const r = serializeForDiff(received)
  if (!e.includes('\n') && !r.includes('\n')) {
    if (ctx.colors) return `Expected: ${colourSegments(e, r, 'green')}\nReceived: ${colourSegments(r, e, 'red')}\n`
    return `Expected: ${e}\nReceived: ${r}\n`
  }
  return printDiff(e, r, ctx.colors)
}

/** The diff of two serializations, always as lines. */
export function diffText(ctx: MessageContext, expected: string, received: string): string {
  return printDiff(expected, received, ctx.colors)
}
