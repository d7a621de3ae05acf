/**
 * Errors of `node:fs` and `Bun.file`, shaped as the real Bun 1.4.5 throws
 * them: system errors are plain `Error`s with enumerable `code`, `path`,
 * (`dest`,) `syscall`, `errno` and the message `CODE: description, syscall
 * 'path' -> 'dest'`; argument errors are `TypeError`/`RangeError`s with a
 * non-enumerable `code` (`ERR_INVALID_ARG_TYPE` …) and Node's (or, where Bun
 * words them differently, Bun's) messages.
 */
import { ERRNO as VFS_ERRNO } from '@aspect-build/virtual-fs'

/** Node's error descriptions (libuv's `uv_strerror`) and Linux errno numbers, by code: the VFS's table. */
const ERRNO: Readonly<Record<string, readonly [number, string]>> = VFS_ERRNO

/** A system error as Bun builds it: `code`, `path`, `dest`, `syscall`, `errno` (in that key order). */
export interface FsSystemError extends Error {
  code: string
  errno: number
  syscall: string
  path?: string
  dest?: string
}

/** Builds a system error; `path`/`dest` are the caller's strings (relative as given). */
export function systemError(code: string, syscall: string, path?: string, dest?: string): FsSystemError {
  const [num, text] = ERRNO[code] ?? [0, code.toLowerCase()]
  let message = `${code}: ${text}, ${syscall}`
  if (path !== undefined && path !== '') message += ` '${path}'`
  if (dest !== undefined && dest !== '') message += ` -> '${dest}'`
  const error = new Error(message) as FsSystemError
  error.code = code
  if (path !== undefined && path !== '') error.path = path
  if (dest !== undefined && dest !== '') error.dest = dest
  error.syscall = syscall
  error.errno = -num
  return error
}

/** True for an error of the filesystem (a `VfsError`, or one rebuilt across a worker boundary). */
export function isSysError(error: unknown): error is { code: string; syscall: string; errno: number; path?: string } {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { syscall?: unknown }).syscall === 'string' &&
    typeof (error as { errno?: unknown }).errno === 'number'
  )
}

/**
 * Re-issues a filesystem error with the caller's path spelling: the VFS sees
 * absolute paths, Bun's messages show the path as the program wrote it.
 * `syscall` overrides the VFS's name where Bun reports another one.
 * Anything that is not a filesystem error is returned unchanged.
 */
export function withPaths(error: unknown, path?: string, dest?: string, syscall?: string): unknown {
  if (!isSysError(error)) return error
  const hadPath = (error as { path?: unknown }).path !== undefined
  const hadDest = (error as { dest?: unknown }).dest !== undefined
  return systemError(error.code, syscall ?? error.syscall, hadPath ? path : undefined, hadDest ? dest : undefined)
}

/** An error with a Node `code` (non-enumerable, as in Bun), of the given class. */
export function codedError<T extends Error>(
  Kind: new (message: string) => T,
  code: string,
  message: string,
): T & { code: string } {
  const error = new Kind(message) as T & { code: string }
  Object.defineProperty(error, 'code', { value: code, writable: true, configurable: true, enumerable: false })
  return error
}

/** `ERR_INVALID_ARG_TYPE` with Node's wording: `The "name" argument must be <expected>. Received …`. */
export function invalidArgType(name: string, expected: string, actual: unknown): TypeError {
  const what = name.includes('.') ? 'property' : 'argument'
  return codedError(
    TypeError,
    'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${what} must be ${expected}. Received ${describeReceived(actual)}`,
  )
}

/** `ERR_INVALID_ARG_TYPE` with a message of Bun's own wording (`path must be a string or TypedArray`). */
export function invalidArgTypeMessage(message: string): TypeError {
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE', message)
}

/** `ERR_INVALID_ARG_VALUE`: `The argument 'name' is invalid. Received …` (or a given reason). */
export function invalidArgValue(name: string, value: unknown, reason = 'is invalid'): TypeError {
  return codedError(
    TypeError,
    'ERR_INVALID_ARG_VALUE',
    `The ${name.includes('.') ? 'property' : 'argument'} '${name}' ${reason}. Received ${inspectValue(value)}`,
  )
}

/** `ERR_OUT_OF_RANGE`: `The value of "name" is out of range. It must be <range>. Received <value>`. */
export function outOfRange(name: string, range: string, value: unknown): RangeError {
  return codedError(
    RangeError,
    'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${formatNumber(value)}`,
  )
}

/** Node's `AbortError` (`name` 'AbortError', `code` 'ABORT_ERR'). */
export function abortError(cause?: unknown): Error {
  const error = new Error('The operation was aborted', cause === undefined ? undefined : { cause })
  error.name = 'AbortError'
  Object.defineProperty(error, 'code', { value: 'ABORT_ERR', writable: true, configurable: true, enumerable: false })
  return error
}

/** Node's "Received …" phrase for a value of the wrong type. */
export function describeReceived(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'function') return `function ${(value as { name?: string }).name || '<anonymous>'}`
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name
    if (name) return `an instance of ${name}`
    return inspectValue(value)
  }
  let shown = inspectValue(value)
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`
  return `type ${typeof value} (${shown})`
}

/** A short `util.inspect`-like rendering of a value for error messages. */
export function inspectValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value)
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value)
    case 'bigint':
      return `${value}n`
    case 'symbol':
      return value.toString()
    case 'function':
      return `[Function: ${value.name || '(anonymous)'}]`
    case 'undefined':
      return 'undefined'
    case 'boolean':
      return String(value)
    default: {
      if (value === null) return 'null'
      if (Array.isArray(value)) return `[ ${value.map(inspectValue).join(', ')} ]`.replace('[  ]', '[]')
      const entries = Object.entries(value as object)
      if (entries.length === 0) return '{}'
      return `{ ${entries.map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? '[Object]' : inspectValue(v)}`).join(', ')} }`
    }
  }
}

function quote(text: string): string {
  const escaped = text.replace(
    /[\\\n\r\t\0]/g,
    (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\x00' })[c] ?? c,
  )
  if (!text.includes("'")) return `'${escaped}'`
  if (!text.includes('"')) return `"${escaped}"`
  return `'${escaped.replace(/'/g, "\\'")}'`
}

/** Numbers in range errors: Node writes large integers with `_` separators; Bun does not. */
function formatNumber(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string') return quote(value)
  return String(value)
}
