/**
 * `expect(value)`: an `Expect` whose prototype holds every matcher; `.not`,
 * `.resolves` and `.rejects` make modified copies. A matcher call counts as
 * one `expect()` call for the running test (a bare `expect(x)` does not),
 * and throws an `Error` whose message is Bun's (`expect(received).toBe(expected)
 * …`) when it fails. `expect.extend` adds matchers (also usable
 * asymmetrically, `expect.toBeEven()`); `expect.assertions(n)` and
 * `expect.hasAssertions()` are checked when the test ends.
 */
import { pretty } from '../../runtime/console/style.js'
import type { Runtime } from '../../runtime/runtime.js'
import { ASSERTION_ERROR } from '../junit.js'
import type { TestSession } from '../session.js'
import {
  Any,
  Anything,
  ArrayContaining,
  CloseTo,
  CustomAsymmetric,
  equals,
  ObjectContaining,
  StringContaining,
  StringMatching,
} from './asymmetric.js'
import { diffOrLines, inspect, type MessageContext, matcherHint, printExpected, printReceived } from './format.js'
import { BUILTIN_MATCHERS, type MatcherCall, type MatcherResult } from './matchers.js'
import type { SnapshotSerializer } from './pretty-format.js'

/** What `expect` needs from its process. */
export interface ExpectHost {
  runtime: Runtime
  /** The `bun test` session, when there is one. */
  session(): TestSession | undefined
  /** Colours of the test output (stderr). */
  colors(): boolean
}

/** An error thrown by a failed matcher (the report names it `AssertionError`). */
export function assertionError(message: string, from?: (...args: never[]) => unknown): Error {
  const error = new Error(message)
  Object.defineProperty(error, ASSERTION_ERROR, { value: true })
  const capture = (Error as { captureStackTrace?: (e: object, f?: unknown) => void }).captureStackTrace
  if (capture && from) capture(error, from)
  return error
}

type Flags = { readonly not: boolean; readonly promise: '' | 'resolves' | 'rejects' }
/** The flags of `expect(x)` (shared: `.not` and friends make new ones). */
const PLAIN_FLAGS: Flags = Object.freeze({ not: false, promise: '' })

/** The custom matchers of `expect.extend`, shared by every `Expect`. */
type CustomMatcher = (this: unknown, received: unknown, ...args: unknown[]) => unknown

/**
 * What `.resolves`/`.rejects` matchers return: their check as a promise that
 * knows whether the caller took it (`await` or `.then` on it), so the runner
 * reports an un-awaited failure itself (see `TestSession.deferAssertion`).
 */
class AssertionPromise extends Promise<undefined> {
  observed = false
  static override get [Symbol.species](): PromiseConstructor {
    return Promise
  }
  constructor(
    check: PromiseLike<unknown> | ((resolve: (value: undefined) => void, reject: (error: unknown) => void) => void),
  ) {
    if (typeof check === 'function') super(check)
    else super((resolve, reject) => void check.then(() => resolve(undefined), reject))
  }
  // biome-ignore lint/suspicious/noThenProperty: a promise subclass must override then to see `await` take it
  override then<A = undefined, B = never>(
    onFulfilled?: ((value: undefined) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.observed = true
    return super.then(onFulfilled, onRejected)
  }
}

/**
 * Throws the matcher's failure when `result` disagrees with `.not` (its
 * message built only then). `from` trims the stack for synchronous calls.
 * Module-level, not a closure per call: a thousand `expect()`s stay cheap.
 */
function settle(
  self: { readonly customMessage: string | undefined },
  m: MatcherCall,
  result: MatcherResult,
  from: ((...args: never[]) => unknown) | Error,
): void {
  if (result.pass !== m.not) return
  let message = result.message()
  if (self.customMessage !== undefined) message = replaceHint(message, self.customMessage)
  if (from instanceof Error) {
    // Made at the call (its stack points there); the message is known only now.
    from.message = message
    throw from
  }
  throw assertionError(message, from)
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/** The parameter names of a function, for Bun's hint of custom matchers (`toBeDivisibleBy(d)`). */
function parameterNames(fn: (...args: never[]) => unknown): string[] {
  const source = Function.prototype.toString.call(fn)
  const match = /^[^(]*\(([^)]*)\)/.exec(source)
  if (!match) return []
  return (match[1] as string)
    .split(',')
    .map((p) =>
      p
        .trim()
        .replace(/[=:].*$/s, '')
        .trim(),
    )
    .filter((p) => p.length > 0)
}

/** Builds `expect` for a process. */
export function createExpect(
  host: ExpectHost,
): ((value?: unknown, message?: string) => object) & Record<string, unknown> {
  const custom: Record<string, CustomMatcher> = {}
  const serializers: SnapshotSerializer[] = []
  const ctx = (): MessageContext => ({ runtime: host.runtime, colors: host.colors() })

  class Expect {
    constructor(
      readonly value: unknown,
      readonly flags: Flags,
      readonly customMessage: string | undefined,
    ) {}
    get not(): Expect {
      return new Expect(this.value, { ...this.flags, not: !this.flags.not }, this.customMessage)
    }
    get resolves(): Expect {
      return new Expect(this.value, { ...this.flags, promise: 'resolves' }, this.customMessage)
    }
    get rejects(): Expect {
      return new Expect(this.value, { ...this.flags, promise: 'rejects' }, this.customMessage)
    }
  }

  /** Runs `check` on the received value (settling the promise first for `.resolves`/`.rejects`). */
  const run = (
    self: Expect,
    name: string,
    from: (...args: never[]) => unknown,
    check: (received: unknown, m: MatcherCall) => MatcherResult | Promise<MatcherResult>,
  ): unknown => {
    const session = host.session()
    const m: MatcherCall = {
      runtime: host.runtime,
      colors: session ? session.colors : false,
      not: self.flags.not,
      promise: self.flags.promise,
      name,
      customMessage: self.customMessage,
      serializers,
      session,
      isCustom: false,
    }
    if (self.flags.promise) {
      const promiseName = self.flags.promise
      const value = self.value
      if (!isPromiseLike(value)) {
        const hint = matcherHint(m, name, { promise: promiseName, not: m.not, expected: 'expected' })
        const message = `${hint}\n\nExpected promise\nReceived: ${printReceived(m, value)}\n`
        throw assertionError(message, from)
      }
      // The failure, if any, is reported at the call site (its stack is taken now, its message later).
      const site = assertionError('', from)
      const checked = Promise.resolve(value).then(
        async (resolved) => {
          if (promiseName === 'rejects') {
            const hint = matcherHint(m, name, { promise: promiseName, expected: 'expected' })
            site.message = `${hint}\n\nExpected promise that rejects\nReceived promise that resolved: Promise { <resolved> }\n`
            throw site
          }
          // Counted once the promise settled the expected way, as Bun counts it.
          session?.countExpect()
          settle(self, m, await check(resolved, m), site)
        },
        async (rejected) => {
          if (promiseName === 'resolves') {
            const hint = matcherHint(m, name, { promise: promiseName, expected: 'expected' })
            site.message = `${hint}\n\nExpected promise that resolves\nReceived promise that rejected: Promise { <rejected> }\n`
            throw site
          }
          session?.countExpect()
          settle(self, m, await check(rejected, m), site)
        },
      )
      // Bun returns undefined (it settles the check before returning); the runner awaits it instead.
      const returned = new AssertionPromise(checked)
      session?.deferAssertion(returned, () => returned.observed)
      return returned
    }
    session?.countExpect()
    const result = check(self.value, m)
    if (isPromiseLike(result)) {
      const site = assertionError('', from)
      return Promise.resolve(result).then((r) => settle(self, m, r, site))
    }
    settle(self, m, result, from)
    return undefined
  }

  const proto = Expect.prototype as unknown as Record<string, unknown>
  for (const [name, matcher] of Object.entries(BUILTIN_MATCHERS)) {
    const quick = matcher.quick
    const method = quick
      ? function (this: Expect, ...args: unknown[]): unknown {
          // A plain call that passes: counted, and nothing else to do.
          if (args.length <= 1 && this.flags.promise === '' && quick(this.value, args[0]) === !this.flags.not) {
            host.session()?.countExpect()
            return undefined
          }
          return run(this, matcher.display ?? name, method, (received, m) => matcher.fn(m, received, ...args))
        }
      : function (this: Expect, ...args: unknown[]): unknown {
          return run(this, matcher.display ?? name, method, (received, m) => matcher.fn(m, received, ...args))
        }
    Object.defineProperty(method, 'name', { value: name })
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true, enumerable: false })
  }

  const defineCustom = (name: string, fn: CustomMatcher) => {
    custom[name] = fn
    const params = parameterNames(fn as (...args: never[]) => unknown).slice(1)
    const method = function (this: Expect, ...args: unknown[]): unknown {
      return run(this, name, method, (received, m) => callCustom(m, name, fn, params, received, args))
    }
    Object.defineProperty(method, 'name', { value: name })
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true, enumerable: false })
    const asymmetric =
      (inverse: boolean) =>
      (...args: unknown[]) =>
        new CustomAsymmetric(
          name,
          args,
          (other) => {
            const m: MatcherCall = {
              ...ctx(),
              not: false,
              promise: '',
              name,
              customMessage: undefined,
              serializers,
              session: host.session(),
              isCustom: true,
            }
            const result = fn.call(matcherContext(m), other, ...args) as { pass?: unknown }
            return Boolean(result?.pass)
          },
          inverse,
        )
    expect[name] = asymmetric(false)
    ;(expect.not as Record<string, unknown>)[name] = asymmetric(true)
  }

  /** `this` inside a custom matcher: Jest's `MatcherContext`. */
  const matcherContext = (m: MatcherCall) => ({
    isNot: m.not,
    promise: m.promise,
    equals: (a: unknown, b: unknown) => equals(a, b),
    expand: false,
    utils: {
      matcherHint: (matcher: string, received = 'received', expected = 'expected') =>
        matcherHint(m, matcher, { received, expected }),
      printReceived: (value: unknown) => printReceived(m, value),
      printExpected: (value: unknown) => printExpected(m, value),
      stringify: (value: unknown) => inspect(m, value),
      diff: (a: unknown, b: unknown) => diffOrLines(m, a, b),
      equals: (a: unknown, b: unknown) => equals(a, b),
      RECEIVED_COLOR: (text: string) => (m.colors ? `${pretty('<red>', true)}${text}${pretty('<r>', true)}` : text),
      EXPECTED_COLOR: (text: string) => (m.colors ? `${pretty('<green>', true)}${text}${pretty('<r>', true)}` : text),
    },
  })

  const callCustom = (
    m: MatcherCall,
    name: string,
    fn: CustomMatcher,
    params: string[],
    received: unknown,
    args: unknown[],
  ): MatcherResult | Promise<MatcherResult> => {
    const hint = matcherHint(m, name, { expected: params.join(', ') })
    const interpret = (result: unknown): MatcherResult => {
      if (result === null || typeof result !== 'object' || !('pass' in result)) {
        throw new Error(
          `Unexpected return from matcher function \`${name}\`.\nMatcher functions should return an object in the following format:\n  {message?: string | function, pass: boolean}\n'${inspect(m, result)}' was returned`,
        )
      }
      const r = result as { pass: unknown; message?: unknown }
      // The hint of a custom matcher never says `not` (as in Bun).
      return {
        pass: Boolean(r.pass),
        message: () => {
          const text =
            typeof r.message === 'function'
              ? String((r.message as () => unknown)())
              : typeof r.message === 'string'
                ? r.message
                : 'No message was specified for this matcher.'
          return `${hint}\n\n${text}`
        },
      }
    }
    const result = fn.call(matcherContext(m), received, ...args)
    if (isPromiseLike(result))
      return Promise.resolve(result).then(interpret, () => {
        throw new Error(`Matcher \`${name}\` returned a promise that rejected`)
      })
    return interpret(result)
  }

  const expect = ((value?: unknown, message?: string): object => new Expect(value, PLAIN_FLAGS, message)) as ((
    value?: unknown,
    message?: string,
  ) => object) &
    Record<string, unknown>

  // The checks and messages of Bun's asymmetric matcher factories (plain Errors; `expect.not.*` alike).
  const usage = (call: string, problem: string) => new Error(`${call}\n\n${problem}`)
  const arrayContaining = (sample: unknown) => {
    if (!Array.isArray(sample)) throw usage('expect.arrayContaining(array)', 'Expected a array\n')
    return sample
  }
  const objectContaining = (sample: unknown) => {
    if (sample === null || (typeof sample !== 'object' && typeof sample !== 'function'))
      throw usage('expect.objectContaining(object)', 'Expected an object\n')
    return sample as Record<PropertyKey, unknown>
  }
  const stringContaining = (sample: unknown) => {
    if (typeof sample !== 'string' && !(sample instanceof String))
      throw usage('expect.stringContaining(string)', 'Expected a string\n')
    return String(sample)
  }
  const stringMatching = (sample: unknown) => {
    if (sample instanceof RegExp) return sample
    // Bun names stringContaining in this message too.
    if (typeof sample !== 'string' && !(sample instanceof String))
      throw usage('expect.stringContaining(string)', 'Expected a string or regular expression\n')
    return String(sample)
  }
  const closeTo = (sample: unknown, precision: unknown) => {
    if (typeof sample !== 'number') throw usage('expect.closeTo(number, precision?)', 'Expected a number value')
    if (precision !== undefined && typeof precision !== 'number')
      throw usage('expect.closeTo(number, precision?)', 'Precision must be a number or undefined')
    return [sample, precision ?? 2] as const
  }
  expect.any = (...args: unknown[]) => {
    if (args.length === 0)
      throw new Error(
        'any() expects to be passed a constructor function. Please pass one or use anything() to match any object.',
      )
    if (typeof args[0] !== 'function') throw usage('expect.any(constructor)', 'Expected a constructor\n')
    return new Any(args[0])
  }
  expect.anything = () => new Anything()
  expect.arrayContaining = (sample: unknown) => new ArrayContaining(arrayContaining(sample))
  expect.objectContaining = (sample: unknown) => new ObjectContaining(objectContaining(sample))
  expect.stringContaining = (sample: unknown) => new StringContaining(stringContaining(sample))
  expect.stringMatching = (sample: unknown) => new StringMatching(stringMatching(sample))
  expect.closeTo = (sample: unknown, precision?: unknown) => new CloseTo(...closeTo(sample, precision))
  expect.not = {
    arrayContaining: (sample: unknown) => new ArrayContaining(arrayContaining(sample), true),
    objectContaining: (sample: unknown) => new ObjectContaining(objectContaining(sample), true),
    stringContaining: (sample: unknown) => new StringContaining(stringContaining(sample), true),
    stringMatching: (sample: unknown) => new StringMatching(stringMatching(sample), true),
    closeTo: (sample: unknown, precision?: unknown) => new CloseTo(...closeTo(sample, precision), true),
  }
  expect.resolvesTo = Object.create(null)
  expect.rejectsTo = Object.create(null)
  expect.extend = (matchers: unknown) => {
    if (matchers === null || typeof matchers !== 'object')
      throw new TypeError('expect.extend() expects an object of matchers')
    // Own and inherited properties (class instances keep their matchers on the prototype).
    const names: string[] = []
    for (let o: object | null = matchers as object; o && o !== Object.prototype; o = Object.getPrototypeOf(o))
      for (const name of Object.getOwnPropertyNames(o))
        if (name !== 'constructor' && !names.includes(name)) names.push(name)
    for (const name of names) {
      const fn = (matchers as Record<string, unknown>)[name]
      if (typeof fn !== 'function')
        throw new TypeError(
          `expect.extend: \`${name}\` is not a valid matcher. Must be a function, is "${fn === null ? 'null' : typeof fn}"`,
        )
      defineCustom(name, fn as CustomMatcher)
    }
  }
  expect.assertions = (n: unknown) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw new Error(`Expected value must be a non-negative integer: ${inspect(ctx(), n)}`)
    const sequence = host.session()?.currentSequence
    if (sequence) sequence.expectAssertions = { kind: 'exact', count: n }
  }
  expect.hasAssertions = () => {
    const sequence = host.session()?.currentSequence
    if (sequence) sequence.expectAssertions = { kind: 'at_least_one' }
  }
  // As Bun: a value that is neither a string nor nullish is thrown as it is; otherwise an
  // Error with an own `name` of UnreachableError (not an assertion failure: printed as `UnreachableError: …`).
  expect.unreachable = (message?: unknown) => {
    if (message !== undefined && message !== null && typeof message !== 'string') throw message
    const error = new Error(message ?? 'reached unreachable code')
    error.name = 'UnreachableError'
    const capture = (Error as { captureStackTrace?: (e: object, f?: unknown) => void }).captureStackTrace
    capture?.(error, expect.unreachable)
    throw error
  }
  expect.addSnapshotSerializer = (serializer: unknown) => {
    if (
      serializer === null ||
      typeof serializer !== 'object' ||
      typeof (serializer as SnapshotSerializer).test !== 'function'
    )
      throw new TypeError('Expected serializer to be an object with a test() function')
    serializers.unshift(serializer as SnapshotSerializer)
  }
  return expect
}

/** A custom message (`expect(x, 'msg')`) replaces the hint line. */
function replaceHint(message: string, custom: string): string {
  const nl = message.indexOf('\n')
  return nl < 0 ? custom : `${custom}${message.slice(nl)}`
}
