/**
 * `node:assert` and `node:assert/strict` as the real Bun has them (Node
 * 22+'s assert): `AssertionError` messages with Myers line diffs, the
 * `Assert` class, `partialDeepStrictEqual`, `CallTracker` (deprecated,
 * `DEP0173`) and the `DEP0094` warning of `assert.fail(a, b)`. Diff colours
 * follow the process's stderr (a colour terminal), as Node's do.
 *
 * `assert.ok(falsy)` without a message reports `<value> == true`, as Bun
 * does (Node would quote the source line, which needs the module source).
 */
import type { NodeContext } from './context.js'
import { type DiffColors, myersDiff, printMyersDiff, printSimpleMyersDiff } from './internal/node-a-assert-diff.js'
import { isDeepEqual, isDeepStrictEqual } from './internal/node-a-comparisons.js'
import {
  describeReceived,
  invalidArgType,
  invalidArgValue,
  nodeError,
  validateFunction,
} from './internal/node-a-errors.js'
import { type InspectFunction, inspectFor } from './internal/node-a-inspect.js'
import * as types from './internal/node-a-types.js'

/** `new AssertionError(options)`. */
export interface AssertionErrorOptions {
  message?: string | Error
  actual?: unknown
  expected?: unknown
  operator?: string
  stackStartFn?: (...args: never[]) => unknown
  diff?: 'simple' | 'full'
}

/** `assert.AssertionError`. */
export interface AssertionError extends Error {
  generatedMessage: boolean
  code: 'ERR_ASSERTION'
  actual: unknown
  expected: unknown
  operator: string | undefined
  diff: 'simple' | 'full'
}

type Fn = (...args: never[]) => unknown
type ErrorMatcher = RegExp | Fn | object | Error

/** The assertion functions shared by `node:assert`, `node:assert/strict` and `Assert` instances. */
export interface AssertFunctions {
  fail(message?: string | Error): never
  ok(value: unknown, message?: string | Error): void
  equal(actual: unknown, expected: unknown, message?: string | Error): void
  notEqual(actual: unknown, expected: unknown, message?: string | Error): void
  deepEqual(actual: unknown, expected: unknown, message?: string | Error): void
  notDeepEqual(actual: unknown, expected: unknown, message?: string | Error): void
  deepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void
  notDeepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void
  strictEqual(actual: unknown, expected: unknown, message?: string | Error): void
  notStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void
  partialDeepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void
  throws(fn: Fn, error?: ErrorMatcher | string, message?: string | Error): void
  rejects(promiseFn: Fn | Promise<unknown>, error?: ErrorMatcher | string, message?: string | Error): Promise<void>
  doesNotThrow(fn: Fn, error?: ErrorMatcher | string, message?: string | Error): void
  doesNotReject(
    promiseFn: Fn | Promise<unknown>,
    error?: ErrorMatcher | string,
    message?: string | Error,
  ): Promise<void>
  ifError(value: unknown): void
  match(value: string, regexp: RegExp, message?: string | Error): void
  doesNotMatch(value: string, regexp: RegExp, message?: string | Error): void
}

/** The `node:assert` module: `ok` as a function, with the other assertions and classes on it. */
export interface AssertModule extends AssertFunctions {
  (value: unknown, message?: string | Error): void
  AssertionError: new (options: AssertionErrorOptions) => AssertionError
  Assert: new (options?: { diff?: 'simple' | 'full'; strict?: boolean }) => AssertFunctions
  CallTracker: new () => CallTracker
  strict: AssertModule
}

/** `assert.CallTracker` (deprecated in Node, still in Bun). */
export interface CallTracker {
  calls<T extends Fn>(fn?: T | number, exact?: number): T
  getCalls(fn: Fn): { thisArg: unknown; arguments: unknown[] }[]
  report(): { message: string; actual: number; expected: number; operator: string; stack: Error }[]
  reset(fn?: Fn): void
  verify(): void
}

const READABLE_OPERATOR: Record<string, string> = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  partialDeepStrictEqual: 'Expected values to be partially and strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
}

const MAX_SHORT_STRING_LENGTH = 12
const MAX_LONG_STRING_LENGTH = 512

/** `util.inspect` as assertion messages use it (whole values, sorted keys, getters shown). */
function inspectValue(inspect: InspectFunction, value: unknown): string {
  return inspect(value, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Number.POSITIVE_INFINITY,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
  })
}

function isObjectLike(value: unknown): value is object {
  return value !== null && typeof value === 'object'
}

/** A copy of an error without its stack, so the message does not show frames. */
function copyError(source: Error): Error {
  const target = Object.assign(Object.create(Object.getPrototypeOf(source) as object) as Error, source)
  Object.defineProperty(target, 'message', { value: source.message })
  const cause = (source as { cause?: unknown }).cause
  if (cause !== undefined) {
    Object.defineProperty(target, 'cause', { value: types.isError(cause) ? copyError(cause as Error) : cause })
  }
  return target
}

/** Node's `addEllipsis` (its slice keeps the tail of long strings; Bun's too). */
function addEllipsis(text: string): string {
  const lines = text.split('\n', 11)
  if (lines.length > 10) {
    lines.length = 10
    return `${lines.join('\n')}\n...`
  }
  if (text.length > MAX_LONG_STRING_LENGTH) return `${text.slice(MAX_LONG_STRING_LENGTH)}...`
  return text
}

function checkOperator(actual: unknown, expected: unknown, operator: string): string {
  if (
    operator === 'strictEqual' &&
    ((isObjectLike(actual) && isObjectLike(expected)) ||
      (typeof actual === 'function' && typeof expected === 'function'))
  ) {
    return 'strictEqualObject'
  }
  return operator
}

function createErrDiff(
  actual: unknown,
  expected: unknown,
  givenOperator: string,
  customMessage: string | undefined,
  colors: DiffColors,
  stderrColumns: number | null,
  inspect: InspectFunction,
): string {
  const operator = checkOperator(actual, expected, givenOperator)
  let skipped = false
  let message: string
  const actualLines = inspectValue(inspect, actual).split('\n')
  const expectedLines = inspectValue(inspect, expected).split('\n')
  let header = `${colors.green}+ actual${colors.white} ${colors.red}- expected${colors.white}`
  const simple =
    actualLines.length <= 1 && expectedLines.length <= 1 && (!isObjectLike(actual) || !isObjectLike(expected))
  if (simple) {
    const inspectedActual = actualLines[0]!
    const inspectedExpected = expectedLines[0]!
    let length = inspectedActual.length + inspectedExpected.length
    if (typeof actual === 'string') length -= 2
    if (typeof expected === 'string') length -= 2
    if (length <= MAX_SHORT_STRING_LENGTH && (actual !== 0 || expected !== 0)) {
      message = `${inspectedActual} !== ${inspectedExpected}`
      header = ''
    } else if (typeof actual === 'string' && typeof expected === 'string' && colors.hasColors) {
      header = `${colors.green}actual${colors.white} ${colors.red}expected${colors.white}`
      message = printSimpleMyersDiff(myersDiff(inspectedActual.split(''), inspectedExpected.split('')), colors)
    } else {
      message = `\n${colors.green}+${colors.white} ${inspectedActual}\n${colors.red}- ${colors.white}${inspectedExpected}`
      const bothStrings = typeof actual === 'string' && typeof expected === 'string'
      if (bothStrings && inspectedActual.length + inspectedExpected.length <= (stderrColumns ?? 80)) {
        for (let i = 0; i < inspectedActual.length; i++) {
          if (inspectedActual[i] !== inspectedExpected[i]) {
            // The first characters (and the opening quote) need no marker.
            if (i >= 3) message += `\n${' '.repeat(i + 2)}^`
            break
          }
        }
      }
    }
  } else if (actualLines.join('\n') === expectedLines.join('\n')) {
    // Equal inspections of different references (strictEqual of look-alikes).
    return `${customMessage || READABLE_OPERATOR.notIdentical}\n\n${actualLines.join('\n')}\n`
  } else {
    const diff = myersDiff(actualLines, expectedLines, isObjectLike(actual))
    const printed = printMyersDiff(diff, colors, operator === 'partialDeepStrictEqual')
    message = printed.message
    if (operator === 'partialDeepStrictEqual') {
      header = `${colors.gray}${colors.hasColors ? '' : '+ '}actual${colors.white} ${colors.red}- expected${colors.white}`
    }
    skipped = printed.skipped
  }
  const title = customMessage || READABLE_OPERATOR[operator]
  return `${title}\n${header}${skipped ? '\n... Skipped lines' : ''}\n${message}\n`
}

/** The message of an assertion without a custom one (besides the diffed operators). */
function createPlainMessage(
  actual: unknown,
  expected: unknown,
  operator: string | undefined,
  colors: DiffColors,
  inspect: InspectFunction,
): string {
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    let base = READABLE_OPERATOR[operator]!
    const lines = inspectValue(inspect, actual).split('\n')
    if (operator === 'notStrictEqual' && (isObjectLike(actual) || typeof actual === 'function')) {
      base = READABLE_OPERATOR.notStrictEqualObject!
    }
    if (lines.length > 50) {
      lines[46] = `${colors.blue}...${colors.white}`
      lines.length = 47
    }
    if (lines.length === 1) return `${base}${lines[0]!.length > 5 ? '\n\n' : ' '}${lines[0]}`
    return `${base}\n\n${lines.join('\n')}\n`
  }
  let shown = inspectValue(inspect, actual)
  let other = inspectValue(inspect, expected)
  const known = operator === undefined ? undefined : READABLE_OPERATOR[operator]
  if (operator === 'notDeepEqual' && shown === other) {
    shown = `${known}\n\n${shown}`
    if (shown.length > 1024) shown = `${shown.slice(0, 1021)}...`
    return shown
  }
  if (shown.length > MAX_LONG_STRING_LENGTH) shown = `${shown.slice(0, 509)}...`
  if (other.length > MAX_LONG_STRING_LENGTH) other = `${other.slice(0, 509)}...`
  if (operator === 'deepEqual') {
    shown = `${known}\n\n${shown}\n\nshould loosely deep-equal\n\n`
  } else {
    const unequal = READABLE_OPERATOR[`${operator}Unequal`]
    if (unequal) shown = `${unequal}\n\n${shown}\n\nshould not loosely deep-equal\n\n`
    else other = ` ${operator} ${other}`
  }
  return `${shown}${other}`
}

/** A `Comparison` holder: the compared keys of a thrown error and of its expectation, for the diff. */
class Comparison {
  constructor(source: Record<string, unknown>, keys: string[], actual?: Record<string, unknown>) {
    for (const key of keys) {
      if (key in source) {
        const value = source[key]
        const seen = actual?.[key]
        ;(this as Record<string, unknown>)[key] =
          actual !== undefined && typeof seen === 'string' && types.isRegExp(value) && (value as RegExp).test(seen)
            ? seen
            : value
      }
    }
  }
}

const NO_EXCEPTION = Symbol('no exception')

/** `partialDeepStrictEqual`'s test: `expected` is contained in `actual`. */
function isPartiallyEqual(actual: unknown, expected: unknown, seen: WeakSet<object>): boolean {
  if (Object.is(actual, expected)) return true
  if (!isObjectLike(actual) || !isObjectLike(expected)) return isDeepStrictEqual(actual, expected)
  if (Array.isArray(actual) !== Array.isArray(expected)) return false
  const special = (value: object): boolean =>
    types.isDate(value) ||
    types.isRegExp(value) ||
    types.isError(value) ||
    types.isBoxedPrimitive(value) ||
    types.isAnyArrayBuffer(value) ||
    types.isDataView(value) ||
    value instanceof URL
  if (special(actual) || special(expected)) return isDeepStrictEqual(actual, expected)
  if (types.isTypedArray(actual) || types.isTypedArray(expected)) {
    if (types.typedArrayName(actual) !== types.typedArrayName(expected)) return false
    return isSubsequence(
      Array.from(actual as unknown as ArrayLike<unknown>),
      Array.from(expected as unknown as ArrayLike<unknown>),
      (a, b) => Object.is(a, b),
    )
  }
  if (types.isMap(actual) || types.isMap(expected)) {
    if (!types.isMap(actual) || !types.isMap(expected)) return false
    const a = actual as Map<unknown, unknown>
    for (const [key, value] of expected as Map<unknown, unknown>) {
      if (!a.has(key) || !isPartiallyEqual(a.get(key), value, seen)) return false
    }
    return true
  }
  if (types.isSet(actual) || types.isSet(expected)) {
    if (!types.isSet(actual) || !types.isSet(expected)) return false
    const candidates = [...(actual as Set<unknown>)]
    for (const value of expected as Set<unknown>) {
      const at = candidates.findIndex((candidate) => isPartiallyEqual(candidate, value, seen))
      if (at === -1) return false
      candidates.splice(at, 1)
    }
    return true
  }
  if (Array.isArray(actual)) {
    return isSubsequence(actual, expected as unknown[], (a, b) => isPartiallyEqual(a, b, seen))
  }
  if (seen.has(actual)) return true
  seen.add(actual)
  const keys = [
    ...Object.keys(expected),
    ...Object.getOwnPropertySymbols(expected).filter((key) =>
      Object.prototype.propertyIsEnumerable.call(expected, key),
    ),
  ]
  for (const key of keys) {
    if (!(key in actual)) return false
    if (
      !isPartiallyEqual(
        (actual as Record<PropertyKey, unknown>)[key],
        (expected as Record<PropertyKey, unknown>)[key],
        seen,
      )
    ) {
      return false
    }
  }
  return true
}

/** True when `expected`'s items match items of `actual` in the same order (greedy, which is optimal). */
function isSubsequence(actual: unknown[], expected: unknown[], equal: (a: unknown, b: unknown) => boolean): boolean {
  if (expected.length > actual.length) return false
  let i = 0
  for (const item of expected) {
    while (i < actual.length && !equal(actual[i], item)) i++
    if (i === actual.length) return false
    i++
  }
  return true
}

/** `node:assert`. */
export function createAssert(ctx: NodeContext): AssertModule {
  return buildAssert(ctx).assert
}

/** `node:assert/strict` (`assert.strict`). */
export function createAssertStrict(ctx: NodeContext): AssertModule {
  return buildAssert(ctx).assert.strict
}

const built = new WeakMap<NodeContext, { assert: AssertModule }>()

function buildAssert(ctx: NodeContext): { assert: AssertModule } {
  const existing = built.get(ctx)
  if (existing) return existing
  const env = ctx.host.env
  const inspect = inspectFor(ctx)
  let warnedFail = false
  let warnedTracker = false

  /** Node's `internal/util/colors`, refreshed per error: colours only on a colour stderr. */
  const diffColors = (): DiffColors => {
    const stderr = ctx.host.stderr
    let hasColors = false
    if (stderr.isTTY) {
      const force = env.FORCE_COLOR
      if (force !== undefined) hasColors = !(force === '0' || force === 'false')
      else hasColors = env.NO_COLOR === undefined && env.NODE_DISABLE_COLORS === undefined && env.TERM !== 'dumb'
    }
    if (!hasColors) return { blue: '', green: '', red: '', white: '', gray: '', hasColors: false }
    return {
      blue: '\x1b[34m',
      green: '\x1b[32m',
      red: '\x1b[31m',
      white: '\x1b[39m',
      gray: '\x1b[90m',
      hasColors: true,
    }
  }

  /** The `diff` option of each `Assert` instance; assertions called on one report it. */
  const instanceDiff = new WeakMap<object, 'simple' | 'full'>()
  let activeDiff: 'simple' | 'full' = 'simple'
  const withDiff = <T>(self: unknown, run: () => T): T => {
    const previous = activeDiff
    activeDiff = (self !== null && typeof self === 'object' && instanceDiff.get(self)) || 'simple'
    try {
      return run()
    } finally {
      activeDiff = previous
    }
  }

  class AssertionErrorClass extends Error {
    declare generatedMessage: boolean
    declare code: 'ERR_ASSERTION'
    declare actual: unknown
    declare expected: unknown
    declare operator: string | undefined
    declare diff: 'simple' | 'full'

    constructor(options: AssertionErrorOptions) {
      if (options === null || typeof options !== 'object') throw invalidArgType('options', 'Object', options)
      const { message, operator, stackStartFn, diff = activeDiff } = options
      let { actual, expected } = options
      const colors = diffColors()
      const columns = ctx.host.stderr.isTTY ? (ctx.host.stderr.size?.cols ?? 80) : null
      let text: string
      if (message != null) {
        text =
          operator === 'deepStrictEqual' || operator === 'strictEqual' || operator === 'partialDeepStrictEqual'
            ? createErrDiff(actual, expected, operator, String(message), colors, columns, inspect)
            : String(message)
      } else {
        if (actual instanceof Error && expected instanceof Error && 'stack' in actual && 'stack' in expected) {
          actual = copyError(actual)
          expected = copyError(expected)
        }
        if (operator === 'deepStrictEqual' || operator === 'strictEqual' || operator === 'partialDeepStrictEqual') {
          text = createErrDiff(actual, expected, operator, undefined, colors, columns, inspect)
        } else text = createPlainMessage(actual, expected, operator, colors, inspect)
      }
      super(text)
      Object.defineProperty(this, 'name', {
        value: 'AssertionError [ERR_ASSERTION]',
        enumerable: false,
        writable: true,
        configurable: true,
      })
      this.generatedMessage = !message
      this.actual = actual
      this.expected = expected
      this.operator = operator
      this.code = 'ERR_ASSERTION'
      this.diff = diff
      // The stack header names the code, as Node's and Bun's do.
      const capture = (Error as { captureStackTrace?: (target: object, fn?: Fn) => void }).captureStackTrace
      if (typeof capture === 'function')
        capture(this, (stackStartFn as Fn | undefined) ?? (AssertionErrorClass as unknown as Fn))
      else if (typeof this.stack === 'string') {
        const frames = this.stack.indexOf('\n    at')
        this.stack = `AssertionError [ERR_ASSERTION]: ${text}${frames === -1 ? '' : this.stack.slice(frames)}`
      }
      void this.stack
      this.name = 'AssertionError'
    }

    override toString(): string {
      return `${this.name} [${this.code}]: ${this.message}`
    }

    [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: object): string {
      const actual = this.actual
      const expected = this.expected
      if (typeof actual === 'string') this.actual = addEllipsis(actual)
      if (typeof expected === 'string') this.expected = addEllipsis(expected)
      const result = inspect(this, { ...options, customInspect: false, depth: 0 })
      this.actual = actual
      this.expected = expected
      return result
    }
  }
  Object.defineProperty(AssertionErrorClass, 'name', { value: 'AssertionError' })
  const AssertionError = AssertionErrorClass as unknown as AssertModule['AssertionError']

  function innerFail(options: AssertionErrorOptions): never {
    if (options.message instanceof Error) throw options.message
    throw new AssertionError(options)
  }

  const missingArgs = (): TypeError =>
    nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "actual" and "expected" arguments must be specified')

  function innerOk(fn: Fn, argCount: number, value: unknown, message: unknown): void {
    if (value) return
    let generated = false
    let text = message
    if (argCount === 0) {
      generated = true
      text = 'No value argument passed to `assert.ok()`'
    } else if (message == null) {
      generated = true
    } else if (types.isError(message)) {
      throw message
    }
    const error = new AssertionError({
      actual: value,
      expected: true,
      message: text as string | undefined,
      operator: '==',
      stackStartFn: fn,
    })
    error.generatedMessage = generated
    throw error
  }

  function getActual(fn: unknown): unknown {
    validateFunction(fn, 'fn')
    try {
      ;(fn as () => unknown)()
    } catch (error) {
      return error
    }
    return NO_EXCEPTION
  }

  function isPromiseLike(value: unknown): value is Promise<unknown> {
    return (
      types.isPromise(value) ||
      (isObjectLike(value) &&
        typeof (value as { then?: unknown }).then === 'function' &&
        typeof (value as { catch?: unknown }).catch === 'function')
    )
  }

  async function waitForActual(promiseFn: unknown): Promise<unknown> {
    let promise: unknown
    if (typeof promiseFn === 'function') {
      promise = promiseFn()
      if (!isPromiseLike(promise)) {
        throw nodeError(
          TypeError,
          'ERR_INVALID_RETURN_VALUE',
          `Expected instance of Promise to be returned from the "promiseFn" function but got ${describeReceived(promise)}.`,
        )
      }
    } else if (isPromiseLike(promiseFn)) {
      promise = promiseFn
    } else {
      throw invalidArgType('promiseFn', ['Function', 'Promise'], promiseFn)
    }
    try {
      await promise
    } catch (error) {
      return error
    }
    return NO_EXCEPTION
  }

  function compareExceptionKey(
    actual: Record<string, unknown>,
    expected: Record<string, unknown>,
    key: string,
    message: unknown,
    keys: string[],
    fn: Fn,
  ): void {
    if (!(key in actual) || !isDeepStrictEqual(actual[key], expected[key])) {
      if (!message) {
        const a = new Comparison(actual, keys)
        const b = new Comparison(expected, keys, actual)
        const error = new AssertionError({ actual: a, expected: b, operator: 'deepStrictEqual', stackStartFn: fn })
        error.actual = actual
        error.expected = expected
        error.operator = fn.name
        throw error
      }
      innerFail({ actual, expected, message: message as string, operator: fn.name, stackStartFn: fn })
    }
  }

  function expectedException(actual: unknown, expected: unknown, message: unknown, fn: Fn): void {
    let generated = false
    let throwError = false
    let text = message as string | undefined
    if (typeof expected !== 'function') {
      if (types.isRegExp(expected)) {
        const input = String(actual)
        if ((expected as RegExp).exec(input) !== null) return
        if (!text) {
          generated = true
          text = `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(input)}\n`
        }
        throwError = true
      } else if (!isObjectLike(actual)) {
        const error = new AssertionError({
          actual,
          expected,
          message: text,
          operator: 'deepStrictEqual',
          stackStartFn: fn,
        })
        error.operator = fn.name
        throw error
      } else {
        const keys = Object.keys(expected as object)
        if (expected instanceof Error) keys.push('name', 'message')
        else if (keys.length === 0) throw invalidArgValue('error', expected, 'may not be an empty object')
        const actualRecord = actual as Record<string, unknown>
        const expectedRecord = expected as Record<string, unknown>
        for (const key of keys) {
          const wanted = expectedRecord[key]
          if (
            typeof actualRecord[key] === 'string' &&
            types.isRegExp(wanted) &&
            (wanted as RegExp).exec(actualRecord[key] as string) !== null
          ) {
            continue
          }
          compareExceptionKey(actualRecord, expectedRecord, key, text, keys, fn)
        }
        return
      }
    } else if (
      (expected as { prototype?: unknown }).prototype !== undefined &&
      actual instanceof (expected as new () => unknown)
    ) {
      return
    } else if (Object.prototype.isPrototypeOf.call(Error, expected)) {
      if (!text) {
        generated = true
        text = `The error is expected to be an instance of "${(expected as Fn).name}". Received `
        if (types.isError(actual)) {
          const error = actual as Error
          const name = error.constructor?.name || error.name
          if ((expected as Fn).name === name) text += 'an error with identical name but a different prototype.'
          else text += `"${name}"`
          if (error.message) text += `\n\nError message:\n\n${error.message}`
        } else {
          text += `"${inspect(actual, { depth: -1 })}"`
        }
      }
      throwError = true
    } else {
      const result = Reflect.apply(expected as Fn, {}, [actual])
      if (result !== true) {
        if (!text) {
          generated = true
          const name = (expected as Fn).name ? `"${(expected as Fn).name}" ` : ''
          text = `The ${name}validation function is expected to return "true". Received ${inspect(result)}`
          if (types.isError(actual)) text += `\n\nCaught error:\n\n${actual}`
        }
        throwError = true
      }
    }
    if (throwError) {
      const error = new AssertionError({ actual, expected, message: text, operator: fn.name, stackStartFn: fn })
      error.generatedMessage = generated
      throw error
    }
  }

  const errorArgumentTypes = ['Object', 'Error', 'Function', 'RegExp']

  function expectsError(fn: Fn, actual: unknown, ...rest: unknown[]): void {
    let [error, message] = rest
    if (typeof error === 'string') {
      if (rest.length === 2) throw invalidArgType('error', errorArgumentTypes, error)
      if (isObjectLike(actual)) {
        if ((actual as { message?: unknown }).message === error) {
          throw nodeError(
            TypeError,
            'ERR_AMBIGUOUS_ARGUMENT',
            `The "error/message" argument is ambiguous. The error message "${(actual as { message: string }).message}" is identical to the message.`,
          )
        }
      } else if (actual === error) {
        throw nodeError(
          TypeError,
          'ERR_AMBIGUOUS_ARGUMENT',
          `The "error/message" argument is ambiguous. The error "${actual}" is identical to the message.`,
        )
      }
      message = error
      error = undefined
    } else if (error != null && typeof error !== 'object' && typeof error !== 'function') {
      throw invalidArgType('error', errorArgumentTypes, error)
    }
    if (actual === NO_EXCEPTION) {
      let details = ''
      const name = (error as { name?: unknown } | undefined)?.name
      if (name) details += ` (${name})`
      details += message ? `: ${message}` : '.'
      const kind = fn === rejects ? 'rejection' : 'exception'
      innerFail({
        actual: undefined,
        expected: error,
        operator: fn.name,
        message: `Missing expected ${kind}${details}`,
        stackStartFn: fn,
      })
    }
    if (!error) return
    expectedException(actual, error, message, fn)
  }

  function hasMatchingError(actual: unknown, expected: unknown): boolean {
    if (typeof expected !== 'function') {
      if (types.isRegExp(expected)) return (expected as RegExp).exec(String(actual)) !== null
      throw invalidArgType('expected', ['Function', 'RegExp'], expected)
    }
    if (
      (expected as { prototype?: unknown }).prototype !== undefined &&
      actual instanceof (expected as new () => unknown)
    ) {
      return true
    }
    if (Object.prototype.isPrototypeOf.call(Error, expected)) return false
    return Reflect.apply(expected as Fn, {}, [actual]) === true
  }

  function expectsNoError(fn: Fn, actual: unknown, error?: unknown, message?: unknown): void {
    if (actual === NO_EXCEPTION) return
    if (typeof error === 'string') {
      message = error
      error = undefined
    }
    if (!error || hasMatchingError(actual, error)) {
      const details = message ? `: ${message}` : '.'
      const kind = fn === doesNotReject ? 'rejection' : 'exception'
      innerFail({
        actual,
        expected: error,
        operator: fn.name,
        message: `Got unwanted ${kind}${details}\nActual message: "${(actual as { message?: unknown } | null)?.message}"`,
        stackStartFn: fn,
      })
    }
    throw actual
  }

  function internalMatch(value: unknown, regexp: unknown, message: unknown, fn: Fn): void {
    if (!types.isRegExp(regexp)) throw invalidArgType('regexp', 'RegExp', regexp)
    const wantMatch = fn === match
    if (typeof value !== 'string' || ((regexp as RegExp).exec(value) !== null) !== wantMatch) {
      if (message instanceof Error) throw message
      const generated = !message
      const text =
        (message as string) ||
        (typeof value !== 'string'
          ? `The "string" argument must be of type string. Received type ${typeof value} (${inspect(value)})`
          : `${wantMatch ? 'The input did not match the regular expression ' : 'The input was expected to not match the regular expression '}${inspect(regexp)}. Input:\n\n${inspect(value)}\n`)
      const error = new AssertionError({
        actual: value,
        expected: regexp,
        message: text,
        operator: fn.name,
        stackStartFn: fn,
      })
      error.generatedMessage = generated
      throw error
    }
  }

  function ok(...args: unknown[]): void {
    innerOk(ok, args.length, args[0], args[1])
  }

  function fail(...args: unknown[]): never {
    let [actual, expected, message, operator, stackStartFn] = args
    let internalMessage = false
    if (actual == null && args.length <= 1) {
      internalMessage = true
      message = 'Failed'
    } else if (args.length === 1) {
      message = actual
      actual = undefined
    } else {
      if (!warnedFail) {
        warnedFail = true
        ctx.emitWarning(
          'assert.fail() with more than one argument is deprecated. Please use assert.strictEqual() instead or only pass a message.',
          'DeprecationWarning',
          'DEP0094',
        )
      }
      if (args.length === 2) operator = '!='
    }
    if (message instanceof Error) throw message
    const error = new AssertionError({
      actual,
      expected,
      operator: operator === undefined ? 'fail' : (operator as string),
      stackStartFn: (stackStartFn as Fn) || fail,
      message: message as string,
    })
    if (internalMessage) error.generatedMessage = true
    throw error
  }

  function equal(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    // biome-ignore lint/suspicious/noDoubleEquals: assert.equal is loose equality
    if (actual != expected && (!Number.isNaN(actual) || !Number.isNaN(expected))) {
      innerFail({ actual, expected, message: message as string, operator: '==', stackStartFn: equal })
    }
  }

  function notEqual(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    // biome-ignore lint/suspicious/noDoubleEquals: assert.notEqual is loose equality
    if (actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))) {
      innerFail({ actual, expected, message: message as string, operator: '!=', stackStartFn: notEqual })
    }
  }

  function deepEqual(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    if (!isDeepEqual(actual, expected)) {
      innerFail({ actual, expected, message: message as string, operator: 'deepEqual', stackStartFn: deepEqual })
    }
  }

  function notDeepEqual(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    if (isDeepEqual(actual, expected)) {
      innerFail({ actual, expected, message: message as string, operator: 'notDeepEqual', stackStartFn: notDeepEqual })
    }
  }

  function deepStrictEqual(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    if (!isDeepStrictEqual(actual, expected)) {
      innerFail({
        actual,
        expected,
        message: message as string,
        operator: 'deepStrictEqual',
        stackStartFn: deepStrictEqual,
      })
    }
  }

  function notDeepStrictEqual(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    if (isDeepStrictEqual(actual, expected)) {
      innerFail({
        actual,
        expected,
        message: message as string,
        operator: 'notDeepStrictEqual',
        stackStartFn: notDeepStrictEqual,
      })
    }
  }

  function strictEqual(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    if (!Object.is(actual, expected)) {
      innerFail({ actual, expected, message: message as string, operator: 'strictEqual', stackStartFn: strictEqual })
    }
  }

  function notStrictEqual(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    if (Object.is(actual, expected)) {
      innerFail({
        actual,
        expected,
        message: message as string,
        operator: 'notStrictEqual',
        stackStartFn: notStrictEqual,
      })
    }
  }

  function partialDeepStrictEqual(...args: unknown[]): void {
    if (args.length < 2) throw missingArgs()
    const [actual, expected, message] = args
    if (!isPartiallyEqual(actual, expected, new WeakSet())) {
      innerFail({
        actual,
        expected,
        message: message as string,
        operator: 'partialDeepStrictEqual',
        stackStartFn: partialDeepStrictEqual,
      })
    }
  }

  function throws(fn: unknown, ...rest: unknown[]): void {
    expectsError(throws, getActual(fn), ...rest)
  }

  async function rejects(promiseFn: unknown, ...rest: unknown[]): Promise<void> {
    expectsError(rejects, await waitForActual(promiseFn), ...rest)
  }

  function doesNotThrow(fn: unknown, ...rest: unknown[]): void {
    expectsNoError(doesNotThrow, getActual(fn), ...rest)
  }

  async function doesNotReject(promiseFn: unknown, ...rest: unknown[]): Promise<void> {
    expectsNoError(doesNotReject, await waitForActual(promiseFn), ...rest)
  }

  function ifError(value: unknown): void {
    if (value === null || value === undefined) return
    let message = 'ifError got unwanted exception: '
    const error = value as { message?: unknown; constructor?: { name?: string }; stack?: unknown }
    if (typeof value === 'object' && typeof error.message === 'string') {
      message += error.message.length === 0 && error.constructor ? error.constructor.name : error.message
    } else message += inspect(value)
    const failure = new AssertionError({
      actual: value,
      expected: null,
      operator: 'ifError',
      message,
      stackStartFn: ifError,
    })
    const original = error.stack
    if (typeof original === 'string') {
      const start = original.indexOf('\n    at')
      if (start !== -1) {
        const originalFrames = original.slice(start + 1).split('\n')
        let frames = String(failure.stack).split('\n')
        for (const frame of originalFrames) {
          const at = frames.indexOf(frame)
          if (at !== -1) {
            frames = frames.slice(0, at)
            break
          }
        }
        failure.stack = `${frames.join('\n')}\n${originalFrames.join('\n')}`
      }
    }
    throw failure
  }

  function match(value: unknown, regexp: unknown, message?: unknown): void {
    internalMatch(value, regexp, message, match)
  }

  function doesNotMatch(value: unknown, regexp: unknown, message?: unknown): void {
    internalMatch(value, regexp, message, doesNotMatch)
  }

  const functions = {
    fail,
    ok,
    equal,
    notEqual,
    deepEqual,
    notDeepEqual,
    deepStrictEqual,
    notDeepStrictEqual,
    strictEqual,
    notStrictEqual,
    partialDeepStrictEqual,
    throws,
    rejects,
    doesNotThrow,
    doesNotReject,
    ifError,
    match,
    doesNotMatch,
  }

  /** `assert.Assert`: the assertions as methods; `strict` (default) makes the loose ones strict. */
  class Assert {
    constructor(options: { diff?: unknown; strict?: unknown } = {}) {
      const diff = (options as { diff?: unknown } | null)?.diff ?? 'simple'
      if (diff !== 'simple' && diff !== 'full') {
        throw invalidArgValue('options.diff', diff, "must be one of: 'simple', 'full'")
      }
      ;(this as Record<string, unknown>).AssertionError = AssertionError
      instanceDiff.set(this, diff)
      const strict = (options as { strict?: unknown } | null)?.strict ?? true
      if (strict) {
        Object.assign(this, {
          equal: methods.strictEqual,
          deepEqual: methods.deepStrictEqual,
          notEqual: methods.notStrictEqual,
          notDeepEqual: methods.notDeepStrictEqual,
        })
      }
    }
  }
  /** The assertions as methods: they report their instance's `diff` option. */
  const methods: Record<string, Fn> = {}
  for (const [name, fn] of Object.entries(functions)) {
    const method = {
      [name](this: unknown, ...args: unknown[]): unknown {
        return withDiff(this, () => (fn as (...a: unknown[]) => unknown)(...args))
      },
    }[name]!
    methods[name] = method as Fn
    Object.defineProperty(Assert.prototype, name, { value: method, writable: true, configurable: true })
  }

  class CallTrackerClass {
    #calls = new Map<
      Fn,
      { exact: number; actual: number; name: string; calls: { thisArg: unknown; arguments: unknown[] }[]; stack: Error }
    >()

    constructor() {
      if (!warnedTracker) {
        warnedTracker = true
        ctx.emitWarning('assert.CallTracker is deprecated.', 'DeprecationWarning', 'DEP0173')
      }
    }

    calls<T extends Fn>(fn?: T | number, exact = 1): T {
      let target: Fn = () => {}
      let expectedCalls = exact
      if (typeof fn === 'number') expectedCalls = fn
      else if (fn !== undefined) target = fn
      if (typeof expectedCalls !== 'number') throw invalidArgType('exact', 'number', expectedCalls)
      if (expectedCalls < 0 || !Number.isInteger(expectedCalls)) {
        throw nodeError(
          RangeError,
          'ERR_OUT_OF_RANGE',
          `The value of "exact" is out of range. It must be >= 0 && <= 4294967295. Received ${expectedCalls}`,
        )
      }
      const context = {
        exact: expectedCalls,
        actual: 0,
        name: target.name || 'calls',
        calls: [] as { thisArg: unknown; arguments: unknown[] }[],
        stack: new Error(),
      }
      const tracked = new Proxy(target, {
        apply(fn, thisArg, argList) {
          context.actual++
          context.calls.push({ thisArg, arguments: argList })
          return Reflect.apply(fn, thisArg, argList)
        },
      })
      this.#calls.set(tracked as Fn, context)
      return tracked as T
    }

    getCalls(fn: Fn): { thisArg: unknown; arguments: unknown[] }[] {
      const context = this.#calls.get(fn)
      if (!context) throw invalidArgValue('fn', fn, 'is not a tracked function')
      return [...context.calls]
    }

    report(): { message: string; actual: number; expected: number; operator: string; stack: Error }[] {
      const errors: { message: string; actual: number; expected: number; operator: string; stack: Error }[] = []
      for (const context of this.#calls.values()) {
        if (context.actual !== context.exact) {
          errors.push({
            message: `Expected the ${context.name} function to be executed ${context.exact} time(s) but was executed ${context.actual} time(s).`,
            actual: context.actual,
            expected: context.exact,
            operator: context.name,
            stack: context.stack,
          })
        }
      }
      return errors
    }

    reset(fn?: Fn): void {
      if (fn === undefined) {
        for (const context of this.#calls.values()) {
          context.actual = 0
          context.calls = []
        }
        return
      }
      const context = this.#calls.get(fn)
      if (!context) throw invalidArgValue('fn', fn, 'is not a tracked function')
      context.actual = 0
      context.calls = []
    }

    verify(): void {
      const errors = this.report()
      if (errors.length === 0) return
      const message =
        errors.length === 1 ? errors[0]!.message : 'Functions were not called the expected number of times'
      throw new AssertionError({ message, operator: 'verify', actual: undefined, expected: undefined })
    }
  }
  Object.defineProperty(CallTrackerClass, 'name', { value: 'CallTracker' })

  const makeModule = (strict: boolean): AssertModule => {
    const base = strict
      ? function strict(...args: unknown[]): void {
          innerOk(base, args.length, args[0], args[1])
        }
      : ok
    if (strict) Object.defineProperty(base, 'name', { value: 'strict' })
    const module = base as unknown as AssertModule
    Object.assign(module, functions, {
      AssertionError,
      Assert: Assert as unknown as AssertModule['Assert'],
      CallTracker: CallTrackerClass as unknown as AssertModule['CallTracker'],
    })
    if (strict) {
      Object.assign(module, {
        equal: strictEqual,
        deepEqual: deepStrictEqual,
        notEqual: notStrictEqual,
        notDeepEqual: notDeepStrictEqual,
      })
    }
    return module
  }
  const assert = makeModule(false)
  const strict = makeModule(true)
  assert.strict = strict
  strict.strict = strict
  const result = { assert }
  built.set(ctx, result)
  return result
}
