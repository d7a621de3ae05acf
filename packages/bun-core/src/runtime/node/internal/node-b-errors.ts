/**
 * Node's coded errors for the buffer, events, stream, readline, tty,
 * perf_hooks, async_hooks and diagnostics_channel builtins, built the way the
 * real Bun builds them: an instance of the base class (`TypeError`,
 * `RangeError` …) whose prototype carries `name`, `code` and a `toString()`
 * giving `TypeError [ERR_X]: message`. So `error.code` reads as in Node while
 * `Object.keys(error)` stays empty and `error.stack` starts with
 * `TypeError: message`, as Bun prints them.
 */

type ErrorClass<T extends Error = Error> = new (message?: string) => T

const prototypes = new Map<string, object>()

function codedPrototype(Base: ErrorClass, code: string): object {
  const key = `${Base.name}\0${code}`
  let proto = prototypes.get(key)
  if (proto === undefined) {
    proto = Object.create(Base.prototype, {
      name: { value: Base.name, writable: true, configurable: true },
      code: { value: code, writable: true, configurable: true },
      toString: {
        value(this: Error): string {
          return `${this.name} [${code}]: ${this.message}`
        },
        writable: true,
        configurable: true,
      },
    }) as object
    prototypes.set(key, proto)
  }
  return proto
}

/** An error of class `Base` carrying Node's `code` (see the module comment). */
export function codedError<T extends Error>(Base: ErrorClass<T>, code: string, message: string): T {
  const error = new Base(message)
  Object.setPrototypeOf(error, codedPrototype(Base, code))
  // The frame of this helper is noise in stacks.
  const capture = (Error as { captureStackTrace?: (target: object, ctor: unknown) => void }).captureStackTrace
  if (capture) capture(error, codedError)
  return error
}

/** A short rendering of a primitive as Node's error messages (util.inspect) show it. */
export function inspectPrimitive(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const quote = !value.includes("'") ? "'" : !value.includes('"') ? '"' : !value.includes('`') ? '`' : "'"
      let body = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"')
      if (quote === "'") body = body.replace(/'/g, "\\'")
      if (quote === '"') body = body.replace(/"/g, '\\"')
      return `${quote}${body}${quote}`
    }
    case 'bigint':
      return `${value}n`
    case 'symbol':
      return value.toString()
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value)
    case 'function':
      return value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]'
    case 'object':
      if (value === null) return 'null'
      if (Array.isArray(value)) return value.length === 0 ? '[]' : '[Array]'
      return Object.getPrototypeOf(value) === null ? '[Object: null prototype] {}' : '[Object]'
    default:
      return String(value)
  }
}

/** What Node's messages say after "Received": `type number (3)`, `an instance of Map`, `null` … */
export function describeReceived(value: unknown): string {
  if (value == null) return String(value)
  if (typeof value === 'function' && value.name) return `function ${value.name}`
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name
    if (typeof name === 'string' && name !== '') return `an instance of ${name}`
    return inspectPrimitive(value)
  }
  let shown = inspectPrimitive(value)
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`
  return `type ${typeof value} (${shown})`
}

const TYPE_NAMES = new Set([
  'string',
  'function',
  'number',
  'object',
  'Function',
  'Object',
  'boolean',
  'bigint',
  'symbol',
])
const CLASS_NAME = /^([A-Z][a-z0-9]*)+$/

function joinOr(items: string[]): string {
  if (items.length > 2) return `${items.slice(0, -1).join(', ')}, or ${items[items.length - 1]}`
  return items.join(' or ')
}

/** Node's `ERR_INVALID_ARG_TYPE` message (`The "x" argument must be of type string. Received …`). */
export function invalidArgTypeMessage(
  name: string,
  expected: string | readonly string[],
  actual: unknown,
  describe: (value: unknown) => string = describeReceived,
): string {
  const list = typeof expected === 'string' ? [expected] : [...expected]
  let message = 'The '
  if (name.endsWith(' argument')) message += `${name} `
  else message += `"${name}" ${name.includes('.') ? 'property' : 'argument'} `
  message += 'must be '
  const types: string[] = []
  const instances: string[] = []
  const other: string[] = []
  for (const item of list) {
    if (TYPE_NAMES.has(item)) types.push(item.toLowerCase())
    else if (CLASS_NAME.test(item)) instances.push(item)
    else other.push(item)
  }
  if (instances.length > 0 && types.includes('object')) {
    types.splice(types.indexOf('object'), 1)
    instances.push('Object')
  }
  if (types.length > 0) {
    message += types.length > 1 ? `one of type ${joinOr(types)}` : `of type ${types[0]}`
    if (instances.length > 0 || other.length > 0) message += ' or '
  }
  if (instances.length > 0) {
    message += instances.length > 2 ? `an instance of ${joinOr(instances)}` : `an instance of ${instances.join(' or ')}`
    if (other.length > 0) message += ' or '
  }
  if (other.length > 0) {
    if (other.length > 1) message += `one of ${joinOr(other)}`
    else {
      if (other[0]!.toLowerCase() !== other[0]) message += 'an '
      message += other[0]
    }
  }
  return `${message}. Received ${describe(actual)}`
}

/** `TypeError [ERR_INVALID_ARG_TYPE]`. */
export function invalidArgType(name: string, expected: string | readonly string[], actual: unknown): TypeError {
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE', invalidArgTypeMessage(name, expected, actual))
}

/**
 * `ERR_INVALID_ARG_TYPE` worded as Bun's native checks word a single class:
 * `The "x" argument must be of type AbortSignal. Received …`.
 */
export function invalidArgTypeOf(name: string, typeName: string, actual: unknown): TypeError {
  const kind = name.includes('.') ? 'property' : 'argument'
  return codedError(
    TypeError,
    'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind} must be of type ${typeName}. Received ${describeReceived(actual)}`,
  )
}

/** `ERR_INVALID_ARG_VALUE`: `The argument 'name' is invalid. Received …` (or another `reason`). */
export function invalidArgValue(
  name: string,
  value: unknown,
  reason = 'is invalid',
  Base: ErrorClass = TypeError,
): Error {
  const kind = name.includes('.') ? 'property' : 'argument'
  let shown = inspectPrimitive(value)
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`
  return codedError(Base, 'ERR_INVALID_ARG_VALUE', `The ${kind} '${name}' ${reason}. Received ${shown}`)
}

/** `4_294_967_296`: digits grouped by threes, as Node's range errors show large numbers. */
export function addNumericSeparator(digits: string): string {
  let result = ''
  let i = digits.length
  const start = digits[0] === '-' ? 1 : 0
  for (; i >= start + 4; i -= 3) result = `_${digits.slice(i - 3, i)}${result}`
  return `${digits.slice(0, i)}${result}`
}

/** `RangeError [ERR_OUT_OF_RANGE]`: `The value of "name" is out of range. It must be <range>. Received …`. */
export function outOfRange(name: string, range: string, received: unknown): RangeError {
  let shown: string
  if (typeof received === 'number' && Number.isInteger(received) && Math.abs(received) > 2 ** 32) {
    shown = addNumericSeparator(String(received))
  } else if (typeof received === 'bigint') {
    shown = String(received)
    if (received > 2n ** 32n || received < -(2n ** 32n)) shown = addNumericSeparator(shown)
    shown += 'n'
  } else shown = inspectPrimitive(received)
  return codedError(
    RangeError,
    'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`,
  )
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a function. */
export function validateFunction(value: unknown, name: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw invalidArgType(name, 'Function', value)
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a string. */
export function validateString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value)
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a boolean. */
export function validateBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'boolean', value)
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a non-null, non-array object (`allowArray` lifts the last). */
export function validateObject(value: unknown, name: string, allowArray = false): asserts value is object {
  if (value === null || typeof value !== 'object' || (!allowArray && Array.isArray(value))) {
    throw invalidArgType(name, 'Object', value)
  }
}

/** Node's `validateNumber`: a number within [min, max] (NaN rejected when a bound is given). */
export function validateNumber(value: unknown, name: string, min?: number, max?: number): asserts value is number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
  if (
    (min !== undefined && value < min) ||
    (max !== undefined && value > max) ||
    ((min !== undefined || max !== undefined) && Number.isNaN(value))
  ) {
    const range =
      min !== undefined && max !== undefined ? `>= ${min} && <= ${max}` : min !== undefined ? `>= ${min}` : `<= ${max}`
    throw outOfRange(name, range, value)
  }
}

/** Node's `validateInteger`: a safe integer within [min, max]. */
export function validateInteger(
  value: unknown,
  name: string,
  min: number = Number.MIN_SAFE_INTEGER,
  max: number = Number.MAX_SAFE_INTEGER,
): asserts value is number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value)
}

/**
 * Node's `AbortError` (`name` 'AbortError', `code` 'ABORT_ERR', both on the
 * prototype as in Bun), with the signal's reason as `cause`.
 */
export class AbortError extends Error {
  declare readonly code: string
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options)
  }
}
Object.defineProperties(AbortError.prototype, {
  name: { value: 'AbortError', writable: true, configurable: true },
  code: { value: 'ABORT_ERR', writable: true, configurable: true },
})

/** Throws `ERR_INVALID_ARG_TYPE` unless `signal` is undefined or an AbortSignal-like object. */
export function validateAbortSignal(signal: unknown, name: string): asserts signal is AbortSignal | undefined {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in (signal as object)))) {
    throw invalidArgTypeOf(name, 'AbortSignal', signal)
  }
}
