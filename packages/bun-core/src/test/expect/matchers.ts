/**
 * Every built-in matcher of Bun's `expect`, with Bun 1.4.5's messages. A
 * matcher gets the call (`not`, colours …) and the received value and
 * returns whether it passed and how to describe the failure; `expect.ts`
 * throws when `pass === not`. Matchers that reject their input outright
 * (a non-number for `toBeGreaterThan`) throw Bun's error directly.
 */

import { isMockFunction, mockStateOf } from '../mock.js'
import type { TestSession } from '../session.js'
import { matchInlineSnapshot, matchSnapshot, matchThrownSnapshot } from '../snapshot/match.js'
import { equals, isAsymmetric } from './asymmetric.js'
import { colourSegments, printDiff } from './diff.js'
import {
  colour,
  diffOrLines,
  inspect,
  type MessageContext,
  matcherHint,
  printExpected,
  printReceived,
  serializeForDiff,
} from './format.js'
import type { SnapshotSerializer } from './pretty-format.js'
import { matchesSubset } from './subset.js'

/** One matcher call. */
export interface MatcherCall extends MessageContext {
  not: boolean
  promise: '' | 'resolves' | 'rejects'
  name: string
  customMessage: string | undefined
  serializers: SnapshotSerializer[]
  session: TestSession | undefined
  isCustom: boolean
}

export interface MatcherResult {
  pass: boolean
  message(): string
}

type Matcher = (m: MatcherCall, received: unknown, ...args: unknown[]) => MatcherResult | Promise<MatcherResult>

/** A matcher and the name its messages use (aliases print the canonical name). */
export interface MatcherEntry {
  fn: Matcher
  display?: string
  /**
   * The matcher's `pass` for a plain call with at most one argument, when it
   * can tell without side effects and without its message; `undefined` when
   * it cannot (then `fn` decides). Lets a passing `expect(x).toBe(y)` skip
   * building the call record and the message closure.
   */
  quick?: (received: unknown, expected: unknown) => boolean | undefined
}

const hint = (m: MatcherCall, expected = '', name = m.name) => matcherHint(m, name, { not: m.not, expected })
const not = (m: MatcherCall) => (m.not ? 'not ' : '')
const green = (m: MatcherCall, text: string) => colour(m, 'green', text)
const red = (m: MatcherCall, text: string) => colour(m, 'red', text)

/** A number as Zig's `{d}` prints an f64: plain decimal, never an exponent. */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const text = String(n)
  if (!/e/i.test(text)) return text
  const [mantissa, exponentText] = text.split(/e/i) as [string, string]
  const exponent = Number(exponentText)
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  const point = mantissa.replace('-', '').indexOf('.')
  const intLength = (point < 0 ? digits.length : point) + exponent
  let out: string
  if (intLength <= 0) out = `0.${'0'.repeat(-intLength)}${digits}`
  else if (intLength >= digits.length) out = digits + '0'.repeat(intLength - digits.length)
  else out = `${digits.slice(0, intLength)}.${digits.slice(intLength)}`
  return negative ? `-${out}` : out
}

/** A matcher of the received value alone; `pure` when `check` runs no code of the value (no traps, no getters). */
function simple(check: (received: unknown) => boolean, pure = false): MatcherEntry {
  return {
    fn: (m, received) => ({
      pass: check(received),
      message: () => `${hint(m)}\n\nReceived: ${printReceived(m, received)}\n`,
    }),
    quick: pure ? check : undefined,
  }
}

function isPrimitive(value: unknown): boolean {
  return (typeof value !== 'object' || value === null) && typeof value !== 'function'
}

/** `equals` of two primitives (no getters, no asymmetric matchers to run); objects go the long way. */
function quickEquals(strict: boolean): (received: unknown, expected: unknown) => boolean | undefined {
  return (received, expected) =>
    isPrimitive(received) && isPrimitive(expected) ? equals(received, expected, strict) : undefined
}

function compare(op: '>' | '>=' | '<' | '<=', test: (a: number | bigint, b: number | bigint) => boolean): Matcher {
  return (m, received, expected) => {
    const ok = (v: unknown) => typeof v === 'number' || typeof v === 'bigint'
    if (!ok(received) || !ok(expected)) throw new Error('Expected and actual values must be numbers or bigints')
    return {
      pass: test(received as number, expected as number),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected: ${not(m)}${op} ${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
    }
  }
}

function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string') return value.length
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    const length = (value as { length?: unknown }).length
    if (typeof length === 'number') return length
    if (value instanceof Map || value instanceof Set) return value.size
  }
  return undefined
}

/** Splits a `toHaveProperty` path (`a.b[0].c` or `['a', 'b']`). */
function pathKeys(path: unknown): PropertyKey[] {
  if (Array.isArray(path)) return path as PropertyKey[]
  const text = String(path)
  const keys: string[] = []
  for (const part of text.split('.')) {
    const re = /([^[\]]+)|\[([^\]]*)\]/g
    let found = false
    for (let match = re.exec(part); match; match = re.exec(part)) {
      keys.push((match[1] ?? match[2]) as string)
      found = true
    }
    if (!found) keys.push(part)
  }
  return keys
}

function hasOwnOrInherited(value: unknown, key: PropertyKey): boolean {
  if (value === null || value === undefined) return false
  if (typeof value !== 'object' && typeof value !== 'function') return key in Object(value)
  return key in (value as object)
}

function thrownMessage(thrown: unknown): string {
  if (thrown !== null && typeof thrown === 'object' && 'message' in thrown) return String((thrown as Error).message)
  return String(thrown)
}

function constructorNameOf(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  return (Object(value) as { constructor?: { name?: string } }).constructor?.name ?? ''
}

const toThrow: Matcher = (m, received, expected) => {
  let threw = false
  let thrown: unknown
  let returned: unknown
  // With .rejects the reason, and with .resolves a value that is not a function, count as thrown (as in Bun).
  if (m.promise === 'rejects' || (m.promise === 'resolves' && typeof received !== 'function')) {
    threw = true
    thrown = received
  } else {
    if (typeof received !== 'function') throw new Error('Expected value must be a function')
    try {
      returned = (received as () => unknown)()
    } catch (error) {
      threw = true
      thrown = error
    }
    // A function returning a promise (an async function) throws when the promise rejects.
    if (
      !threw &&
      returned !== null &&
      typeof returned === 'object' &&
      typeof (returned as PromiseLike<unknown>).then === 'function'
    )
      return Promise.resolve(returned as PromiseLike<unknown>).then(
        (value) => judgeThrown(m, expected, false, undefined, value),
        (error: unknown) => judgeThrown(m, expected, true, error, undefined),
      )
  }
  return judgeThrown(m, expected, threw, thrown, returned)
}

function judgeThrown(
  m: MatcherCall,
  expected: unknown,
  threw: boolean,
  thrown: unknown,
  returned: unknown,
): MatcherResult {
  const h = hint(m, expected === undefined ? '' : 'expected', 'toThrow')
  const quoted = (text: string) => `"${text}"`
  if (!threw) {
    return {
      pass: false,
      message: () => `${h}\n\nReceived function did not throw\nReceived value: ${printReceived(m, returned)}\n`,
    }
  }
  const message = thrownMessage(thrown)
  if (expected === undefined) {
    return {
      pass: true,
      message: () =>
        thrown !== null && typeof thrown === 'object'
          ? `${h}\n\nError name: ${red(m, quoted(String((thrown as Error).name)))}\nError message: ${red(m, quoted(message))}\n`
          : `${h}\n\nThrown value: ${printReceived(m, thrown)}\n`,
    }
  }
  if (typeof expected === 'string') {
    return {
      pass: message.includes(expected),
      message: () =>
        `${h}\n\nExpected substring: ${not(m)}${green(m, quoted(expected))}\nReceived message: ${red(m, quoted(message))}\n`,
    }
  }
  if (expected instanceof RegExp) {
    expected.lastIndex = 0
    return {
      pass: expected.test(message),
      message: () =>
        `${h}\n\nExpected pattern: ${not(m)}${green(m, inspect(m, expected))}\nReceived message: ${red(m, quoted(message))}\n`,
    }
  }
  const ctor =
    typeof expected === 'function'
      ? expected
      : isAsymmetric(expected) && (expected as { constructor: { name: string } }).constructor.name === 'Any'
        ? (expected as unknown as { sample: unknown }).sample
        : undefined
  if (typeof ctor === 'function') {
    const pass = isAsymmetric(expected) ? equals(expected, thrown) : thrown instanceof (ctor as new () => unknown)
    const name = (ctor as { name: string }).name
    return {
      pass,
      message: () =>
        m.not
          ? `${h}\n\nExpected constructor: not ${green(m, name)}\n\nReceived message: ${red(m, quoted(message))}\n`
          : `${h}\n\nExpected constructor: ${green(m, name)}\nReceived constructor: ${red(m, constructorNameOf(thrown))}\n\nReceived message: ${red(m, quoted(message))}\n`,
    }
  }
  if (isAsymmetric(expected)) {
    return {
      pass: equals(expected, thrown),
      message: () =>
        `${h}\n\nExpected value: ${not(m)}${printExpected(m, expected)}\nReceived value: ${printReceived(m, thrown)}\n`,
    }
  }
  if (expected !== null && typeof expected === 'object' && 'message' in expected) {
    const want = String((expected as Error).message)
    return {
      pass: message === want,
      message: () =>
        `${h}\n\nExpected message: ${not(m)}${green(m, quoted(want))}\nReceived message: ${red(m, quoted(message))}\n`,
    }
  }
  throw new Error('Expected value must be a string, regular expression, error class, or error object')
}

function mustBeMock(m: MatcherCall, received: unknown): void {
  void m
  if (!isMockFunction(received)) throw new Error(`Expected value must be a mock function: ${inspect(m, received)}`)
}

const CALLS_INDENT = '              '

function callList(m: MatcherCall, items: unknown[]): string {
  return items.map((item, i) => `${CALLS_INDENT}${i + 1}: ${printReceived(m, item)}`).join('\n')
}

const calledWith: Matcher = (m, received, ...expected) => {
  mustBeMock(m, received)
  const calls = mockStateOf(received as never).calls
  const h = hint(m, '...expected')
  return {
    pass: calls.some((call) => equals(call, expected)),
    message: () => {
      if (m.not)
        return `${h}\n\nExpected mock function not to have been called with: ${printExpected(m, expected)}\nBut it was.`
      if (calls.length === 0) return `${h}\n\nExpected: ${printExpected(m, expected)}\nBut it was not called.`
      if (calls.length === 1)
        return `${h}\n\n${printDiff(serializeForDiff(expected), serializeForDiff(calls[0]), m.colors)}`
      return `${h}\n\n    Expected: ${printExpected(m, expected)}\n    Received:\n${callList(m, calls)}\n\n    Number of calls: ${calls.length}\n`
    },
  }
}

const lastCalledWith: Matcher = (m, received, ...expected) => {
  mustBeMock(m, received)
  const calls = mockStateOf(received as never).calls
  const last = calls[calls.length - 1]
  const h = hint(m, '...expected', 'toHaveBeenLastCalledWith')
  return {
    pass: calls.length > 0 && equals(last, expected),
    message: () => {
      if (calls.length === 0) return `${h}\n\nExpected: ${printExpected(m, expected)}\nBut it was not called.`
      if (m.not) return `${h}\n\nExpected: not ${printExpected(m, expected)}\nReceived: ${printReceived(m, last)}\n`
      return `${h}\n\n${printDiff(serializeForDiff(expected), serializeForDiff(last), m.colors)}`
    },
  }
}

const nthCalledWith: Matcher = (m, received, n, ...expected) => {
  mustBeMock(m, received)
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new Error('toHaveBeenNthCalledWith() first argument must be a positive integer')
  const calls = mockStateOf(received as never).calls
  const call = calls[n - 1]
  const h = hint(m, 'n, ...expected', 'toHaveBeenNthCalledWith')
  return {
    pass: n <= calls.length && equals(call, expected),
    message: () => {
      if (n > calls.length)
        return `${h}\n\nThe mock function was called ${calls.length} time${calls.length === 1 ? '' : 's'}, but call ${n} was requested.`
      if (m.not)
        return `${h}\n\nCall #${n}:\nExpected: not ${printExpected(m, expected)}\nReceived: ${printReceived(m, call)}\n`
      return `${h}\n\nCall #${n}:\n${printDiff(serializeForDiff(expected), serializeForDiff(call), m.colors)}`
    },
  }
}

function returnsOf(received: unknown): unknown[] {
  return mockStateOf(received as never)
    .results.filter((r) => r.type === 'return')
    .map((r) => r.value)
}

const calledTimes: Matcher = (m, received, expected) => {
  mustBeMock(m, received)
  if (typeof expected !== 'number' || !Number.isInteger(expected) || expected < 0)
    throw new Error(`Expected value must be a non-negative integer: ${inspect(m, expected)}`)
  const count = mockStateOf(received as never).calls.length
  return {
    pass: count === expected,
    message: () =>
      `${hint(m, 'expected', 'toHaveBeenCalledTimes')}\n\nExpected number of calls: ${not(m)}${green(m, String(expected))}\nReceived number of calls: ${red(m, String(count))}\n`,
  }
}

/** An object or a function (which can own keys too). */
function isObjectLike(value: unknown): value is object {
  return value !== null && (typeof value === 'object' || typeof value === 'function')
}

/** `received` when it can own keys; otherwise Bun's error for `toContainKey`. */
function objectReceived(m: MatcherCall, received: unknown): object {
  if (isObjectLike(received)) return received
  throw new Error(`Expected value must be an object\nReceived: ${printReceived(m, received)}`)
}

/** Bun's padded "succesful returns" lines. */
function returnsLines(m: MatcherCall, expected: string, returns: number, calls: number): string {
  return `Expected number of succesful returns: ${green(m, expected)}\nReceived number of succesful returns:    ${red(m, String(returns))}\nReceived number of calls:                ${red(m, String(calls))}\n`
}

function includeResult(m: MatcherCall, received: string, expected: unknown): MatcherResult {
  return {
    pass: typeof expected === 'string' && received.includes(expected),
    message: () =>
      `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}include: ${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
  }
}

function snapshotHint(m: MatcherCall, args: string): string {
  return matcherHint(m, m.name, { not: m.not, expected: args })
}

export const BUILTIN_MATCHERS: Record<string, MatcherEntry> = {
  toBe: {
    quick: Object.is,
    fn: (m, received, expected) => ({
      pass: Object.is(received, expected),
      message: () => {
        const h = hint(m, 'expected')
        if (m.not) return `${h}\n\nExpected: not ${printExpected(m, expected)}\n`
        if (
          typeof received === 'string' &&
          typeof expected === 'string' &&
          (received.includes('\n') || expected.includes('\n'))
        )
          return `${h}\n\n${printDiff(serializeForDiff(expected), serializeForDiff(received), m.colors)}`
        const e = inspect(m, expected)
        const r = inspect(m, received)
        if (e === r) return `${h}\n\nExpected: ${green(m, e)}\nReceived: serializes to the same string\n`
        if (m.colors && typeof expected === 'string' && typeof received === 'string')
          return `${h}\n\nExpected: ${colourSegments(e, r, 'green')}\nReceived: ${colourSegments(r, e, 'red')}\n`
        return `${h}\n\nExpected: ${green(m, e)}\nReceived: ${red(m, r)}\n`
      },
    }),
  },
  toEqual: {
    quick: quickEquals(false),
    fn: (m, received, expected) => ({
      pass: equals(received, expected, false),
      message: () =>
        m.not
          ? `${hint(m, 'expected')}\n\nExpected: not ${green(m, serializeForDiff(expected))}\n`
          : `${hint(m, 'expected')}\n\n${diffOrLines(m, expected, received)}`,
    }),
  },
  toStrictEqual: {
    quick: quickEquals(true),
    fn: (m, received, expected) => ({
      pass: equals(received, expected, true),
      message: () =>
        m.not
          ? `${hint(m, 'expected')}\n\nExpected: not ${green(m, serializeForDiff(expected))}\n`
          : `${hint(m, 'expected')}\n\n${diffOrLines(m, expected, received)}`,
    }),
  },
  toBeTruthy: simple((v) => Boolean(v), true),
  toBeFalsy: simple((v) => !v, true),
  toBeNull: simple((v) => v === null, true),
  toBeUndefined: simple((v) => v === undefined, true),
  toBeDefined: simple((v) => v !== undefined, true),
  toBeNaN: simple((v) => typeof v === 'number' && Number.isNaN(v), true),
  toBeGreaterThan: { fn: compare('>', (a, b) => a > b) },
  toBeGreaterThanOrEqual: { fn: compare('>=', (a, b) => a >= b) },
  toBeLessThan: { fn: compare('<', (a, b) => a < b) },
  toBeLessThanOrEqual: { fn: compare('<=', (a, b) => a <= b) },
  toBeCloseTo: {
    fn: (m, received, expected, precisionArg) => {
      if (typeof expected !== 'number') throw new Error(`Expected value must be a number: ${inspect(m, expected)}`)
      if (typeof received !== 'number') throw new Error(`Received value must be a number: ${inspect(m, received)}`)
      const precision = typeof precisionArg === 'number' ? precisionArg : 2
      // Exact powers of ten (V8's `10 ** -5` is off by one ulp; Bun's is not).
      const expectedDiff = Number(`1e${-precision}`) / 2
      const receivedDiff = Math.abs(expected - received)
      const pass = received === expected || receivedDiff < expectedDiff
      return {
        pass,
        message: () =>
          `${hint(m, 'expected, precision')}\n\nExpected: ${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n\nExpected precision: ${precision}\nExpected difference: < ${green(m, plainNumber(expectedDiff))}\nReceived difference: ${red(m, plainNumber(receivedDiff))}\n`,
      }
    },
  },
  toContain: {
    fn: (m, received, expected) => {
      let pass: boolean
      if (typeof received === 'string' && typeof expected === 'string') pass = received.includes(expected)
      else if (received !== null && typeof received === 'object' && Symbol.iterator in (received as object)) {
        pass = false
        for (const item of received as Iterable<unknown>)
          if (item === expected || (Number.isNaN(item) && Number.isNaN(expected))) {
            pass = true
            break
          }
      } else
        throw new Error('Received value must be an array type, or both received and expected values must be strings.')
      return {
        pass,
        message: () =>
          `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain: ${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toContainEqual: {
    fn: (m, received, expected) => {
      // A string is searched as its characters (code points), each compared with `expected`, as Bun does.
      const iterable =
        typeof received === 'string' ||
        (received !== null && typeof received === 'object' && Symbol.iterator in (received as object))
      if (!iterable)
        throw new Error('Received value must be an array type, or both received and expected values must be strings.')
      const pass = [...(received as Iterable<unknown>)].some((item) => equals(item, expected))
      return {
        pass,
        message: () =>
          m.not
            ? `${hint(m, 'expected')}\n\nExpected to not contain: ${printExpected(m, expected)}\n`
            : `${hint(m, 'expected')}\n\nExpected to contain: ${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toHaveLength: {
    fn: (m, received, expected) => {
      const length = lengthOf(received)
      if (length === undefined)
        throw new Error(`Received value does not have a length property: ${inspect(m, received)}`)
      if (typeof expected !== 'number' || !Number.isInteger(expected) || expected < 0)
        throw new Error(`Expected value must be a non-negative integer: ${inspect(m, expected)}`)
      return {
        pass: length === expected,
        message: () =>
          m.not
            ? `${hint(m, 'expected')}\n\nExpected length: not ${green(m, String(expected))}\n`
            : `${hint(m, 'expected')}\n\nExpected length: ${green(m, String(expected))}\nReceived length: ${red(m, String(length))}\n`,
      }
    },
  },
  toHaveProperty: {
    fn: (m, received, ...args) => {
      const [path, value] = args
      const withValue = args.length > 1
      const h = hint(m, withValue ? 'path, value' : 'path')
      const keys = pathKeys(path)
      let current: unknown = received
      let found = keys.length > 0
      for (const key of keys) {
        if (!hasOwnOrInherited(current, key)) {
          found = false
          break
        }
        current = (current as Record<PropertyKey, unknown>)[key]
      }
      const shownPath = typeof path === 'string' ? `"${path}"` : inspect(m, path)
      const pass = found && (!withValue || equals(current, value))
      return {
        pass,
        message: () => {
          if (m.not) {
            if (withValue)
              return `${h}\n\nExpected path: ${green(m, shownPath)}\n\nExpected value: not ${printExpected(m, value)}\n`
            return `${h}\n\nExpected path: not ${green(m, shownPath)}\n\nReceived value: ${printReceived(m, current)}\n`
          }
          if (!found) return `${h}\n\nExpected path: ${green(m, shownPath)}\n\nUnable to find property\n`
          return `${h}\n\n${diffOrLines(m, value, current)}`
        },
      }
    },
  },
  toMatch: {
    fn: (m, received, expected) => {
      if (typeof received !== 'string') throw new Error(`Received value must be a string: ${inspect(m, received)}`)
      let pass: boolean
      // A global pattern keeps its `lastIndex` between calls, as in Bun.
      if (expected instanceof RegExp) pass = expected.test(received)
      else if (typeof expected === 'string') pass = received.includes(expected)
      else throw new Error(`Expected value must be a string or regular expression: ${inspect(m, expected)}`)
      return {
        pass,
        message: () =>
          `${hint(m, 'expected')}\n\nExpected substring or pattern: ${not(m)}${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toMatchObject: {
    fn: (m, received, expected) => {
      if (received === null || typeof received !== 'object')
        throw new Error(`${hint(m, 'expected')}\n\nMatcher error: received value must be a non-null object\n`)
      if (expected === null || typeof expected !== 'object')
        throw new Error(`${hint(m, 'expected')}\n\nMatcher error: expected value must be a non-null object\n`)
      return {
        pass: matchesSubset(received, expected),
        message: () =>
          m.not
            ? `${hint(m, 'expected')}\n\nExpected: not ${green(m, serializeForDiff(expected))}\n`
            : `${hint(m, 'expected')}\n\n${printDiff(serializeForDiff(expected), serializeForDiff(received), m.colors)}`,
      }
    },
  },
  toBeInstanceOf: {
    fn: (m, received, expected) => {
      if (typeof expected !== 'function') throw new Error(`Expected value must be a function: ${inspect(m, expected)}`)
      return {
        pass:
          received !== null &&
          (typeof received === 'object' || typeof received === 'function') &&
          received instanceof (expected as new () => unknown),
        message: () =>
          `${hint(m, 'expected')}\n\nExpected constructor: ${not(m)}${printExpected(m, expected)}\nReceived value: ${printReceived(m, received)}\n`,
      }
    },
  },
  toThrow: { fn: toThrow },
  toThrowError: { fn: toThrow, display: 'toThrow' },
  toBeTypeOf: {
    fn: (m, received, expected) => {
      const valid = ['function', 'object', 'bigint', 'boolean', 'number', 'string', 'symbol', 'undefined']
      if (typeof expected !== 'string' || !valid.includes(expected))
        throw new Error(
          "toBeTypeOf() requires a valid type string argument ('function', 'object', 'bigint', 'boolean', 'number', 'string', 'symbol', 'undefined')",
        )
      const actual = typeof received
      return {
        pass: actual === expected,
        message: () =>
          `${hint(m)}\n\nExpected type: ${not(m)}${green(m, `"${expected}"`)}\nReceived type: ${red(m, `"${actual}"`)}\nReceived value: ${printReceived(m, received)}\n`,
      }
    },
  },
  toBeArray: simple((v) => Array.isArray(v)),
  toBeArrayOfSize: {
    fn: (m, received, size) => ({
      pass: Array.isArray(received) && received.length === size,
      message: () => `${hint(m)}\n\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toBeBoolean: simple((v) => typeof v === 'boolean' || v instanceof Boolean),
  toBeTrue: simple((v) => v === true, true),
  toBeFalse: simple((v) => v === false, true),
  toBeNumber: simple((v) => typeof v === 'number' || v instanceof Number),
  toBeInteger: simple((v) => typeof v === 'number' && Number.isInteger(v), true),
  toBeFinite: simple((v) => typeof v === 'number' && Number.isFinite(v), true),
  toBePositive: simple((v) => typeof v === 'number' && v > 0 && Number.isFinite(v), true),
  toBeNegative: simple((v) => typeof v === 'number' && v < 0 && Number.isFinite(v), true),
  toBeEven: simple(
    (v) => (typeof v === 'number' && Number.isInteger(v) && v % 2 === 0) || (typeof v === 'bigint' && v % 2n === 0n),
  ),
  toBeOdd: simple(
    (v) =>
      (typeof v === 'number' && Number.isInteger(v) && Math.abs(v % 2) === 1) ||
      (typeof v === 'bigint' && v % 2n !== 0n),
  ),
  toBeWithin: {
    fn: (m, received, start, end) => {
      if (typeof start !== 'number' || typeof end !== 'number')
        throw new Error('toBeWithin() requires two numeric arguments (start, end)')
      return {
        pass: typeof received === 'number' && received >= start && received < end,
        message: () =>
          `${hint(m, 'start, end')}\n\nExpected: ${not(m)}between ${green(m, String(start))} (inclusive) and ${green(m, String(end))} (exclusive)\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toBeString: simple((v) => typeof v === 'string' || v instanceof String),
  toBeSymbol: simple((v) => typeof v === 'symbol', true),
  toBeFunction: simple((v) => typeof v === 'function', true),
  toBeDate: simple((v) => v instanceof Date),
  toBeValidDate: simple((v) => v instanceof Date && !Number.isNaN(v.getTime())),
  toBeObject: {
    fn: (m, received) => ({
      // Functions (and classes) are objects too.
      pass: received !== null && (typeof received === 'object' || typeof received === 'function'),
      message: () =>
        `${hint(m)}\n\nExpected value ${m.not ? 'not ' : ''}to be an object\n\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toBeNil: simple((v) => v === null || v === undefined, true),
  toBeEmpty: {
    fn: (m, received) => {
      let pass: boolean
      if (typeof received === 'string') pass = received.length === 0
      else if (received !== null && typeof received === 'object') {
        if (Symbol.iterator in (received as object)) {
          pass = true
          for (const _ of received as Iterable<unknown>) {
            pass = false
            break
          }
        } else pass = Object.keys(received).length === 0
      } else pass = false
      return {
        pass,
        message: () =>
          m.not
            ? `${hint(m)}\n\nExpected value not to be a string, object, or iterable\n\nReceived: ${printReceived(m, received)}\n`
            : `${hint(m)}\n\nExpected value to be empty\n\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toBeEmptyObject: simple(
    (v) =>
      v !== null &&
      typeof v === 'object' &&
      Object.keys(v).length === 0 &&
      Object.getOwnPropertySymbols(v).length === 0,
  ),
  toBeOneOf: {
    fn: (m, received, expected) => {
      if (expected === null || typeof expected !== 'object' || !(Symbol.iterator in (expected as object)))
        throw new Error('toBeOneOf() expects an array or iterable as its argument')
      const pass = [...(expected as Iterable<unknown>)].some((item) => equals(item, received))
      return {
        pass,
        message: () =>
          `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}be one of: ${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toStartWith: {
    fn: (m, received, expected) => ({
      pass: typeof received === 'string' && typeof expected === 'string' && received.startsWith(expected),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}start with: ${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toEndWith: {
    fn: (m, received, expected) => ({
      pass: typeof received === 'string' && typeof expected === 'string' && received.endsWith(expected),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}end with: ${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toInclude: {
    fn: (m, received, expected) => {
      if (typeof received !== 'string') throw new Error('toInclude() requires the first argument to be a string')
      return includeResult(m, received, expected)
    },
  },
  toIncludeRepeated: {
    fn: (m, received, expected, times) => {
      let count = 0
      if (typeof received === 'string' && typeof expected === 'string' && expected.length > 0) {
        for (let at = received.indexOf(expected); at >= 0; at = received.indexOf(expected, at + expected.length))
          count++
      }
      return {
        pass: count === times,
        message: () =>
          `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}include: ${printExpected(m, expected)} ${green(m, String(times))} times \nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toEqualIgnoringWhitespace: {
    fn: (m, received, expected) => {
      if (typeof expected !== 'string') throw new Error('toEqualIgnoringWhitespace() requires argument to be a string')
      const strip = (s: unknown) => String(s).replace(/\s/g, '')
      return {
        pass: typeof received === 'string' && typeof expected === 'string' && strip(received) === strip(expected),
        message: () =>
          `${hint(m, 'expected')}\n\nExpected: ${not(m)}${printExpected(m, expected)}\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toSatisfy: {
    fn: (m, received, predicate) => {
      if (typeof predicate !== 'function') throw new Error(`toSatisfy() argument must be a function`)
      return {
        pass: Boolean((predicate as (v: unknown) => unknown)(received)),
        message: () =>
          m.not
            ? `${hint(m, 'expected')}\n\nExpected: not ${printExpected(m, predicate)}\n`
            : `${hint(m, 'expected')}\n\nExpected: ${printExpected(m, predicate)}\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toContainKey: {
    fn: (m, received, key) => ({
      pass: Object.hasOwn(objectReceived(m, received), key as PropertyKey),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain: ${printExpected(m, key)}\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toContainKeys: {
    fn: (m, received, keys) => ({
      pass:
        isObjectLike(received) && Array.isArray(keys) && keys.every((k) => Object.hasOwn(received, k as PropertyKey)),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain: ${printExpected(m, keys)}\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toContainAllKeys: {
    fn: (m, received, keys) => {
      const own = received !== null && typeof received === 'object' ? Object.keys(received) : []
      const pass = Array.isArray(keys) && own.length === keys.length && keys.every((k) => own.includes(String(k)))
      return {
        pass,
        message: () =>
          `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain all keys: ${printExpected(m, keys)}\nReceived: ${printReceived(m, own)}\n`,
      }
    },
  },
  toContainAnyKeys: {
    fn: (m, received, keys) => ({
      pass:
        isObjectLike(received) && Array.isArray(keys) && keys.some((k) => Object.hasOwn(received, k as PropertyKey)),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain: ${printExpected(m, keys)}\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toContainValue: {
    fn: (m, received, value) => ({
      pass: received !== null && typeof received === 'object' && Object.values(received).some((v) => equals(v, value)),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain: ${printExpected(m, value)}\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toContainValues: {
    fn: (m, received, values) => ({
      pass:
        received !== null &&
        typeof received === 'object' &&
        Array.isArray(values) &&
        values.every((value) => Object.values(received).some((v) => equals(v, value))),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain: ${printExpected(m, values)}\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  toContainAllValues: {
    fn: (m, received, values) => {
      const own = received !== null && typeof received === 'object' ? Object.values(received) : []
      const pass =
        Array.isArray(values) &&
        own.length === values.length &&
        values.every((value) => own.some((v) => equals(v, value)))
      return {
        pass,
        message: () =>
          `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain all values: ${printExpected(m, values)}\nReceived: ${printReceived(m, received)}\n`,
      }
    },
  },
  toContainAnyValues: {
    fn: (m, received, values) => ({
      pass:
        received !== null &&
        typeof received === 'object' &&
        Array.isArray(values) &&
        values.some((value) => Object.values(received).some((v) => equals(v, value))),
      message: () =>
        `${hint(m, 'expected')}\n\nExpected to ${m.not ? 'not ' : ''}contain any of the following values: ${printExpected(m, values)}\nReceived: ${printReceived(m, received)}\n`,
    }),
  },
  pass: {
    fn: (m, _received, message) => ({
      pass: true,
      message: () =>
        `${matcherHint(m, 'pass', { not: true })}\n\n${message === undefined ? 'passes by .pass() assertion' : String(message)}\n`,
    }),
  },
  fail: {
    fn: (m, _received, message) => ({
      pass: false,
      message: () =>
        `${matcherHint(m, 'fail', { not: true })}\n\n${message === undefined ? 'fails by .fail() assertion' : String(message)}\n`,
    }),
  },
  toHaveBeenCalled: {
    fn: (m, received) => {
      mustBeMock(m, received)
      const count = mockStateOf(received as never).calls.length
      return {
        pass: count > 0,
        message: () =>
          `${hint(m, '', 'toHaveBeenCalled')}\n\nExpected number of calls: ${m.not ? green(m, '0') : `>= ${green(m, '1')}`}\nReceived number of calls: ${red(m, String(count))}\n`,
      }
    },
  },
  toHaveBeenCalledOnce: {
    fn: (m, received) => {
      mustBeMock(m, received)
      const count = mockStateOf(received as never).calls.length
      return {
        pass: count === 1,
        message: () =>
          `${hint(m, 'expected', 'toHaveBeenCalledOnce')}\n\nExpected number of calls: ${not(m)}${green(m, '1')}\nReceived number of calls: ${red(m, String(count))}\n`,
      }
    },
  },
  toHaveBeenCalledTimes: { fn: calledTimes },
  toHaveBeenCalledWith: { fn: calledWith },
  toHaveBeenLastCalledWith: { fn: lastCalledWith },
  toHaveBeenNthCalledWith: { fn: nthCalledWith },
  toHaveReturned: {
    fn: (m, received) => {
      mustBeMock(m, received)
      const returns = returnsOf(received).length
      const calls = mockStateOf(received as never).calls.length
      return {
        pass: returns > 0,
        message: () =>
          `${hint(m, 'expected', 'toHaveReturned')}\n\n${returnsLines(m, m.not ? '0' : '>= 1', returns, calls)}`,
      }
    },
  },
  toHaveReturnedTimes: {
    fn: (m, received, times) => {
      mustBeMock(m, received)
      const returns = returnsOf(received).length
      const calls = mockStateOf(received as never).calls.length
      return {
        pass: returns === times,
        message: () =>
          `${hint(m, 'expected', 'toHaveReturnedTimes')}\n\n${returnsLines(m, `${m.not ? '!=' : '=='} ${times}`, returns, calls)}`,
      }
    },
  },
  toHaveReturnedWith: {
    fn: (m, received, expected) => {
      mustBeMock(m, received)
      const returns = returnsOf(received)
      const h = hint(m, 'expected', 'toHaveReturnedWith')
      return {
        pass: returns.some((value) => equals(value, expected)),
        message: () => {
          if (m.not)
            return `${h}\n\nExpected mock function not to have returned: ${printExpected(m, expected)}\nBut it did.`
          if (returns.length === 1)
            return `${h}\n\nExpected: ${printExpected(m, expected)}\nReceived: ${printReceived(m, returns[0])}`
          return `${h}\n\n    Expected: ${printExpected(m, expected)}\n    Received:\n${callList(m, returns)}\n\n    Number of returns: ${returns.length}\n`
        },
      }
    },
  },
  toHaveLastReturnedWith: {
    fn: (m, received, expected) => {
      mustBeMock(m, received)
      const results = mockStateOf(received as never).results
      const last = results[results.length - 1]
      const h = hint(m, 'expected', 'toHaveBeenLastReturnedWith')
      return {
        pass: last !== undefined && last.type === 'return' && equals(last.value, expected),
        message: () => {
          if (last === undefined) return `${h}\n\nThe mock function was not called.`
          return `${h}\n\nExpected: ${not(m)}${printExpected(m, expected)}\nReceived: ${printReceived(m, last.value)}`
        },
      }
    },
  },
  toHaveNthReturnedWith: {
    fn: (m, received, n, expected) => {
      mustBeMock(m, received)
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
        throw new Error('toHaveNthReturnedWith() first argument must be a positive integer')
      const results = mockStateOf(received as never).results
      const result = results[n - 1]
      const h = hint(m, 'n, expected', 'toHaveNthReturnedWith')
      return {
        pass: result !== undefined && result.type === 'return' && equals(result.value, expected),
        message: () => {
          if (result === undefined)
            return `${h}\n\nThe mock function was called ${results.length} time${results.length === 1 ? '' : 's'}, but call ${n} was requested.`
          return `${h}\n\nCall ${n}:\nExpected: ${not(m)}${printExpected(m, expected)}\nReceived: ${printReceived(m, result.value)}`
        },
      }
    },
  },
  toMatchSnapshot: {
    fn: (m, received, ...args) => {
      if (m.not) throw new Error(`${snapshotHint(m, '')}\n\nMatcher error: Snapshot matchers cannot be used with not\n`)
      return matchSnapshot(m, received, args)
    },
  },
  toMatchInlineSnapshot: {
    fn: (m, received, ...args) => {
      if (m.not) throw new Error(`${snapshotHint(m, '')}\n\nMatcher error: Snapshot matchers cannot be used with not\n`)
      return matchInlineSnapshot(m, received, args)
    },
  },
  toThrowErrorMatchingSnapshot: {
    fn: (m, received, ...args) => {
      if (m.not) throw new Error(`${snapshotHint(m, '')}\n\nMatcher error: Snapshot matchers cannot be used with not\n`)
      return matchThrownSnapshot(m, received, args, false)
    },
  },
  toThrowErrorMatchingInlineSnapshot: {
    fn: (m, received, ...args) => {
      if (m.not) throw new Error(`${snapshotHint(m, '')}\n\nMatcher error: Snapshot matchers cannot be used with not\n`)
      return matchThrownSnapshot(m, received, args, true)
    },
  },
}

// Jest's aliases print the canonical matcher's messages.
const ALIASES: Record<string, string> = {
  toBeCalled: 'toHaveBeenCalled',
  toBeCalledTimes: 'toHaveBeenCalledTimes',
  toBeCalledWith: 'toHaveBeenCalledWith',
  lastCalledWith: 'toHaveBeenLastCalledWith',
  nthCalledWith: 'toHaveBeenNthCalledWith',
  toReturn: 'toHaveReturned',
  toReturnWith: 'toHaveReturnedWith',
  lastReturnedWith: 'toHaveLastReturnedWith',
  nthReturnedWith: 'toHaveNthReturnedWith',
}
for (const [alias, target] of Object.entries(ALIASES)) {
  const entry = BUILTIN_MATCHERS[target] as MatcherEntry
  BUILTIN_MATCHERS[alias] = { fn: entry.fn, display: target }
}
