/**
 * Asymmetric matchers (`expect.any(Number)`, `expect.objectContaining({…})`
 * …): objects that equality asks instead of comparing. They answer through
 * `Bun.deepEquals`' {@link ASYMMETRIC} hook and describe themselves for
 * diffs and snapshots (`Any<Number>`, `StringContaining "x"`) through
 * {@link ASYMMETRIC_DESCRIBE}, and for `Bun.inspect` through the
 * `inspect.custom` symbol.
 */
import { ASYMMETRIC, deepEquals } from '../../runtime/bun/deep-equals.js'

/** `matcher[ASYMMETRIC_DESCRIBE](print)`: the matcher as the serializer prints it. */
export const ASYMMETRIC_DESCRIBE: unique symbol = Symbol.for('vitamin-bun.test.asymmetricDescribe')
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** Deep equality with asymmetric matchers (loose, as `toEqual`). */
export function equals(a: unknown, b: unknown, strict = false): boolean {
  return deepEquals(a, b, strict)
}

export abstract class AsymmetricMatcher {
  constructor(readonly inverse = false) {}
  abstract matches(other: unknown): boolean
  abstract describe(print: (value: unknown) => string): string

  [ASYMMETRIC](other: unknown): boolean {
    const result = this.matches(other)
    return this.inverse ? !result : result
  }

  [ASYMMETRIC_DESCRIBE](print: (value: unknown) => string): string {
    return this.describe(print)
  }

  /** `asymmetricMatch` as Jest names it. */
  asymmetricMatch(other: unknown): boolean {
    return this[ASYMMETRIC](other)
  }

  [INSPECT](_depth: number, _options: unknown, inspect?: (value: unknown) => string): string {
    return this.describe((value) => (inspect ? inspect(value) : String(value)))
  }
}

function isA(ctor: unknown, value: unknown): boolean {
  switch (ctor) {
    case String:
      return typeof value === 'string' || value instanceof String
    case Number:
      return typeof value === 'number' || value instanceof Number
    case Boolean:
      return typeof value === 'boolean' || value instanceof Boolean
    case BigInt:
      return typeof value === 'bigint' || value instanceof BigInt
    case Symbol:
      return typeof value === 'symbol' || value instanceof Symbol
    case Function:
      return typeof value === 'function'
    case Object:
      // Bun's `expect.any(Object)` takes `null` too.
      return typeof value === 'object'
  }
  return typeof ctor === 'function' && value instanceof (ctor as new () => unknown)
}

export class Any extends AsymmetricMatcher {
  get [Symbol.toStringTag](): string {
    return 'ExpectAny'
  }
  constructor(readonly sample: unknown) {
    super()
  }
  matches(other: unknown): boolean {
    return isA(this.sample, other)
  }
  describe(): string {
    return `Any<${(this.sample as { name?: string }).name ?? ''}>`
  }
}

export class Anything extends AsymmetricMatcher {
  get [Symbol.toStringTag](): string {
    return 'ExpectAnything'
  }
  matches(other: unknown): boolean {
    return other !== null && other !== undefined
  }
  describe(): string {
    return 'Anything'
  }
}

export class ArrayContaining extends AsymmetricMatcher {
  get [Symbol.toStringTag](): string {
    return 'ExpectArrayContaining'
  }
  constructor(
    readonly sample: unknown[],
    inverse = false,
  ) {
    super(inverse)
  }
  matches(other: unknown): boolean {
    if (!Array.isArray(other)) return false
    return this.sample.every((item) => other.some((candidate) => equals(item, candidate)))
  }
  describe(): string {
    return this.inverse ? 'ExpectArrayNotContaining {}' : 'ExpectArrayContaining {}'
  }
}

export class ObjectContaining extends AsymmetricMatcher {
  get [Symbol.toStringTag](): string {
    return 'ExpectObjectContaining'
  }
  constructor(
    readonly sample: Record<PropertyKey, unknown>,
    inverse = false,
  ) {
    super(inverse)
  }
  matches(other: unknown): boolean {
    if (other === null || other === undefined || (typeof other !== 'object' && typeof other !== 'function'))
      return false
    for (const key of Reflect.ownKeys(this.sample)) {
      if (!(key in (other as object))) return false
      if (!equals(this.sample[key], (other as Record<PropertyKey, unknown>)[key])) return false
    }
    return true
  }
  describe(print: (value: unknown) => string): string {
    return `${this.inverse ? 'ObjectNotContaining' : 'ObjectContaining'} ${print(this.sample)}`
  }
}

export class StringContaining extends AsymmetricMatcher {
  get [Symbol.toStringTag](): string {
    return 'ExpectStringContaining'
  }
  constructor(
    readonly sample: string,
    inverse = false,
  ) {
    super(inverse)
  }
  matches(other: unknown): boolean {
    return typeof other === 'string' && other.includes(this.sample)
  }
  describe(): string {
    return `${this.inverse ? 'StringNotContaining' : 'StringContaining'} "${this.sample}"`
  }
}

export class StringMatching extends AsymmetricMatcher {
  get [Symbol.toStringTag](): string {
    return 'ExpectStringMatching'
  }
  readonly pattern: RegExp
  constructor(sample: string | RegExp, inverse = false) {
    super(inverse)
    this.pattern = typeof sample === 'string' ? new RegExp(sample) : sample
  }
  matches(other: unknown): boolean {
    if (typeof other !== 'string') return false
    this.pattern.lastIndex = 0
    return this.pattern.test(other)
  }
  describe(): string {
    return `${this.inverse ? 'StringNotMatching' : 'StringMatching'} /${this.pattern.source}/${this.pattern.flags}`
  }
}

export class CloseTo extends AsymmetricMatcher {
  get [Symbol.toStringTag](): string {
    return 'ExpectCloseTo'
  }
  constructor(
    readonly sample: number,
    readonly precision = 2,
    inverse = false,
  ) {
    super(inverse)
  }
  /** A value that is not a number matches neither `closeTo` nor `not.closeTo` (as in Bun). */
  override [ASYMMETRIC](other: unknown): boolean {
    return typeof other === 'number' && super[ASYMMETRIC](other)
  }
  matches(other: unknown): boolean {
    if (typeof other !== 'number') return false
    if (other === Number.POSITIVE_INFINITY && this.sample === Number.POSITIVE_INFINITY) return true
    if (other === Number.NEGATIVE_INFINITY && this.sample === Number.NEGATIVE_INFINITY) return true
    return Math.abs(this.sample - other) < 10 ** -this.precision / 2
  }
  describe(): string {
    // Bun prints the inverse without a space: `NumberNotCloseTo1 (2 digits)`.
    return `${this.inverse ? 'NumberNotCloseTo' : 'NumberCloseTo '}${this.sample} (${this.precision} digit${this.precision === 1 ? '' : 's'})`
  }
}

/** A matcher made by `expect.extend` used asymmetrically (`expect.toBeEven()`). */
export class CustomAsymmetric extends AsymmetricMatcher {
  get [Symbol.toStringTag](): string {
    return 'ExpectCustomAsymmetricMatcher'
  }
  constructor(
    readonly name: string,
    readonly args: unknown[],
    readonly check: (other: unknown) => boolean,
    inverse = false,
  ) {
    super(inverse)
  }
  matches(other: unknown): boolean {
    return this.check(other)
  }
  describe(print: (value: unknown) => string): string {
    // Bun: `[not ]name` and the arguments printed as an array (`_toBeDivisibleBy [ 3 ]`).
    return `${this.inverse ? 'not ' : ''}${this.name} ${print(this.args)}`
  }
}

export function isAsymmetric(value: unknown): value is AsymmetricMatcher {
  return (
    value !== null && typeof value === 'object' && typeof (value as Record<symbol, unknown>)[ASYMMETRIC] === 'function'
  )
}
