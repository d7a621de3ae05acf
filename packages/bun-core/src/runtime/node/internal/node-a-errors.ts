/**
 * Node-style errors as the real Bun builds them: an instance of the base class
 * (`TypeError`, `RangeError` …) whose prototype carries `name`, `code` and a
 * `toString()` giving `TypeError [ERR_X]: message` (so `Object.keys(error)`
 * is empty and `error.stack` starts with `TypeError: message`, as in Bun).
 */
import { inspect } from './node-a-inspect.js'
import { addNumericSeparator, codedError, invalidArgTypeMessage } from './node-b-errors.js'

type ErrorClass = new (message?: string) => Error

/** An error of class `Base` with Node's `code` (the shared coded-error prototypes). */
export const nodeError: <T extends Error>(Base: new (message?: string) => T, code: string, message: string) => T =
  codedError

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

/**
 * Node's `ERR_INVALID_ARG_TYPE` (`The "path" argument must be of type string. Received …`), with
 * the received value described through the full `util.inspect` these modules use.
 */
export function invalidArgType(name: string, expected: string | readonly string[], actual: unknown): TypeError {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', invalidArgTypeMessage(name, expected, actual, describeReceived))
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
