/**
 * Node-style errors as the real Bun builds them: an instance of the base class
 * (`TypeError`, `RangeError` …) whose prototype carries `name`, `code` and a
 * `toString()` giving `TypeError [ERR_X]: message` (so `Object.keys(error)`
 * is empty and `error.stack` starts with `TypeError: message`, as in Bun).
 */
import { inspect } from './node-a-inspect.js'

type ErrorClass = new (message?: string) => Error

const prototypes = new Map<string, object>()

function prototypeFor(Base: ErrorClass, code: string): object {
  const key = `${Base.name}:${code}`
  let proto = prototypes.get(key)
  if (!proto) {
    proto = Object.create(Base.prototype, {
      name: { value: Base.name, writable: true, configurable: true },
      code: { value: code, writable: true, configurable: true },
      toString: {
        value(this: Error) {
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

/** An error of class `Base` with Node's `code`. */
export function nodeError<T extends Error>(Base: new (message?: string) => T, code: string, message: string): T {
  const error = new Base(message)
  Object.setPrototypeOf(error, prototypeFor(Base, code))
  return error
}

const PRIMITIVE_TYPES = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol']
const CLASS_NAME = /^([A-Z][a-z0-9]*)+$/

function listWith(items: string[], word: string): string {
  if (items.length > 2) return `${items.slice(0, -1).join(', ')}, ${word} ${items[items.length - 1]}`
  if (items.length === 2) return `${items[0]} ${word} ${items[1]}`
  return items[0] ?? ''
}

/** What Node's messages say after "Received": `type number (3)`, `an instance of Map`, `null` … */
export function describeReceived(value: unknown): string {
  if (value == null) return String(value)
  if (typeof value === 'function') return `function ${value.name}`
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor
    if (ctor && typeof ctor.name === 'string' && ctor.name) return `an instance of ${ctor.name}`
    return Object.getPrototypeOf(value) === null ? '[Object: null prototype] {}' : '[Object]'
  }
  let shown = inspect(value, { colors: false })
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`
  return `type ${typeof value} (${shown})`
}

/** Node's `ERR_INVALID_ARG_TYPE` (`The "path" argument must be of type string. Received …`). */
export function invalidArgType(name: string, expected: string | readonly string[], actual: unknown): TypeError {
  const list = typeof expected === 'string' ? [expected] : [...expected]
  let message = 'The '
  if (name.endsWith(' argument')) message += `${name} `
  else message += `"${name}" ${name.includes('.') ? 'property' : 'argument'} `
  message += 'must be '
  const types: string[] = []
  const instances: string[] = []
  const other: string[] = []
  for (const item of list) {
    if (PRIMITIVE_TYPES.includes(item)) types.push(item.toLowerCase())
    else if (CLASS_NAME.test(item)) instances.push(item)
    else other.push(item)
  }
  if (instances.length > 0) {
    const at = types.indexOf('object')
    if (at !== -1) {
      types.splice(at, 1)
      instances.push('Object')
    }
  }
  if (types.length > 0) {
    message += types.length > 1 ? `one of type ${listWith(types, 'or')}` : `of type ${types[0]}`
    if (instances.length > 0 || other.length > 0) message += ' or '
  }
  if (instances.length > 0) {
    message += `an instance of ${listWith(instances, 'or')}`
    if (other.length > 0) message += ' or '
  }
  if (other.length > 0) {
    if (other.length > 1) message += `one of ${listWith(other, 'or')}`
    else {
      if (other[0]!.toLowerCase() !== other[0]) message += 'an '
      message += other[0]
    }
  }
  message += `. Received ${describeReceived(actual)}`
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', message)
}

/**
 * `ERR_INVALID_ARG_TYPE` as Bun's native (Zig) modules word it:
 * `The "path" property must be of type string, got number`.
 */
export function invalidArgTypeNative(name: string, expected: string, actual: unknown): TypeError {
  const got = actual === null ? 'object' : Array.isArray(actual) ? 'array' : typeof actual
  const phrase = /^an? /.test(expected) ? expected : `of type ${expected}`
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" property must be ${phrase}, got ${got}`)
}

/** Node's `ERR_INVALID_ARG_VALUE`: `The argument 'name' is invalid. Received …` (or `reason`). */
export function invalidArgValue(
  name: string,
  value: unknown,
  reason = 'is invalid',
  Base: ErrorClass = TypeError,
): Error {
  const kind = name.includes('.') ? 'property' : 'argument'
  let shown = inspectValue(value)
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`
  return nodeError(Base, 'ERR_INVALID_ARG_VALUE', `The ${kind} '${name}' ${reason}. Received ${shown}`)
}

/** Node's `ERR_OUT_OF_RANGE`. */
export function outOfRange(name: string, range: string, received: unknown): RangeError {
  let shown: string
  if (typeof received === 'number' && Number.isInteger(received) && Math.abs(received) > 2 ** 32) {
    shown = addNumericSeparator(String(received))
  } else if (typeof received === 'bigint') {
    shown = String(received)
    if (received > 2n ** 32n || received < -(2n ** 32n)) shown = addNumericSeparator(shown)
    shown += 'n'
  } else shown = inspectValue(received)
  return nodeError(
    RangeError,
    'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`,
  )
}

function addNumericSeparator(digits: string): string {
  let result = ''
  let i = digits.length
  const start = digits[0] === '-' ? 1 : 0
  for (; i >= start + 4; i -= 3) result = `_${digits.slice(i - 3, i)}${result}`
  return `${digits.slice(0, i)}${result}`
}

/** `util.inspect(value)`, as error messages show values. */
export function inspectValue(value: unknown): string {
  return inspect(value)
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a string. */
export function validateString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value)
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a function. */
export function validateFunction(value: unknown, name: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw invalidArgType(name, 'Function', value)
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a plain (non-null, non-array) object. */
export function validateObject(value: unknown, name: string, allowArray = false): asserts value is object {
  if (value === null || typeof value !== 'object' || (!allowArray && Array.isArray(value))) {
    throw invalidArgType(name, 'Object', value)
  }
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a boolean. */
export function validateBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'boolean', value)
}
