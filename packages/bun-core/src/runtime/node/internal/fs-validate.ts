/**
 * Argument checks and conversions of `node:fs`, with the real Bun's errors:
 * paths (string, Buffer/Uint8Array, `file:` URL), descriptors, modes, open
 * flags, encodings, option bags, times and data to write.
 */
import { Buffer } from 'buffer'
import {
  codedError,
  describeReceived,
  inspectValue,
  invalidArgType,
  invalidArgTypeMessage,
  invalidArgValue,
  outOfRange,
} from './fs-errors.js'

/** How a path argument may be given; `fd` also accepts a descriptor (checked by the caller). */
export type PathKind = 'path' | 'fd'

/** True for a WHATWG `URL` (or a lookalike, as Node's `isURL` accepts). */
export function isUrl(value: unknown): value is URL {
  return (
    value instanceof URL ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as URL).href === 'string' &&
      typeof (value as URL).protocol === 'string' &&
      (value as { auth?: unknown }).auth === undefined &&
      (value as { path?: unknown }).path === undefined)
  )
}

/** `url.fileURLToPath` for POSIX, with the errors Bun gives. */
export function fileUrlToPath(url: URL): string {
  const message = 'URL must be a non-empty "file:" path'
  if (url.protocol !== 'file:') throw codedError(TypeError, 'ERR_INVALID_URL_SCHEME', message)
  if (url.hostname !== '' && url.hostname !== 'localhost') {
    throw codedError(TypeError, 'ERR_INVALID_FILE_URL_HOST', message)
  }
  const pathname = url.pathname
  if (/%2f/i.test(pathname)) throw codedError(TypeError, 'ERR_INVALID_FILE_URL_PATH', message)
  return decodeURIComponent(pathname)
}

/**
 * A path argument as a string. `name` is the argument's name in messages
 * (`path`, `src`, `target` …); `kind: 'fd'` uses Bun's wording for calls
 * that also take a descriptor.
 */
export function toPathString(value: unknown, name = 'path', kind: PathKind = 'path'): string {
  let text: string
  if (typeof value === 'string') text = value
  else if (value instanceof Uint8Array) text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString()
  else if (isUrl(value)) text = fileUrlToPath(value)
  else {
    throw invalidArgTypeMessage(
      kind === 'fd' ? `${name} must be a string or a file descriptor` : `${name} must be a string or TypedArray`,
    )
  }
  if (text.includes('\0')) {
    throw codedError(
      TypeError,
      'ERR_INVALID_ARG_VALUE',
      `The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(text)}`,
    )
  }
  return text
}

/** Like {@link toPathString} with Node's `ERR_INVALID_ARG_TYPE` message (some calls of Bun use it). */
export function toPathStringNodeStyle(value: unknown, name: string): string {
  if (typeof value !== 'string' && !(value instanceof Uint8Array) && !isUrl(value)) {
    throw invalidArgType(name, 'of type string or an instance of Buffer or URL', value)
  }
  return toPathString(value, name)
}

/** A descriptor: an integer from 0 to 2^31-1. */
export function validateFd(fd: unknown, name = 'fd'): number {
  return validateInteger(fd, name, 0, 0x7fffffff)
}

/** An integer number in `[min, max]` with Node's errors. */
export function validateInteger(
  value: unknown,
  name: string,
  min: number = Number.MIN_SAFE_INTEGER,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value)
  return value
}

/** Node's `parseFileMode`: a uint32 or an octal string; `undefined` gives `fallback`. */
export function parseMode(value: unknown, name: string, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" property must be of type number, got ${value}`)
  }
  if (typeof value === 'string') {
    if (!/^[0-7]+$/.test(value)) {
      throw invalidArgValue(name, value, 'must be a 32-bit unsigned integer or an octal string')
    }
    return Number.parseInt(value, 8)
  }
  return validateInteger(value, name, 0, 0xffffffff)
}

const O_RDONLY = 0
const O_WRONLY = 1
const O_RDWR = 2
const O_CREAT = 0o100
const O_EXCL = 0o200
const O_TRUNC = 0o1000
const O_APPEND = 0o2000
const O_SYNC = 0o4010000

/** Node's flag strings as `O_*` masks (Linux values). */
const FLAGS: Record<string, number> = {
  r: O_RDONLY,
  rs: O_RDONLY | O_SYNC,
  sr: O_RDONLY | O_SYNC,
  'r+': O_RDWR,
  'rs+': O_RDWR | O_SYNC,
  'sr+': O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY,
  wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR,
  'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY,
  ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  'a+': O_APPEND | O_CREAT | O_RDWR,
  'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
}

/** Node's `stringToFlags`: a flag string or an int32 mask; `undefined`/`null` gives `fallback`. */
export function parseFlags(value: unknown, fallback = 'r', name = 'flags'): number {
  if (value === undefined || value === null) return FLAGS[fallback] as number
  if (typeof value === 'number') return validateInteger(value, name, -0x80000000, 0x7fffffff)
  if (typeof value === 'string') {
    const mask = FLAGS[value]
    if (mask !== undefined) return mask
  }
  throw invalidArgValue(name, value)
}

/** The encodings Node's `Buffer` knows, plus `buffer` (bytes) where a call allows it. */
export type FsEncoding = BufferEncoding | 'buffer'

/** Checks an encoding name; `null`/`undefined` are returned as `null`. */
export function validateEncoding(value: unknown, allowBuffer = true): FsEncoding | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') {
    if (allowBuffer && value === 'buffer') return 'buffer'
    if (Buffer.isEncoding(value)) return value as BufferEncoding
  }
  throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `encoding '${String(value)}' is an invalid encoding`)
}

/**
 * Node's `getOptions`: a string is the encoding, an object is merged over
 * the defaults; Bun ignores options of any other type.
 */
export function getOptions<T extends object>(options: unknown, defaults: T): T & { encoding?: unknown } {
  if (typeof options === 'string') return { ...defaults, encoding: options }
  if (typeof options === 'object' && options !== null) return { ...defaults, ...options }
  return { ...defaults }
}

/** Node's `toUnixTimestamp`: seconds since the epoch from a number, numeric string or Date. */
export function toUnixSeconds(time: unknown, name: string): number {
  if (time === undefined) throw invalidArgTypeMessage(`${name} is required`)
  if (typeof time === 'string' && time.trim() !== '' && !Number.isNaN(Number(time))) return Number(time)
  if (typeof time === 'number' && Number.isFinite(time)) return time < 0 ? Date.now() / 1000 : time
  if (time instanceof Date) return time.getTime() / 1000
  if (typeof time === 'bigint') return Number(time)
  throw invalidArgTypeMessage(`${name} must be a number or a Date`)
}

/** The bytes of an `ArrayBufferView` (any typed array or DataView). */
export function viewBytes(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

/** Data for `writeFile`/`appendFile`: a string (in `encoding`) or any `ArrayBufferView`. */
export function dataBytes(data: unknown, encoding: BufferEncoding = 'utf8'): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, encoding)
  if (ArrayBuffer.isView(data)) return viewBytes(data)
  if (data === undefined) throw invalidArgTypeMessage('data is required')
  throw invalidArgTypeMessage(
    'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView',
  )
}

/** Checks an `AbortSignal` option (Node's `validateAbortSignal`). */
export function validateSignal(signal: unknown, name = 'options.signal'): AbortSignal | undefined {
  if (signal === undefined) return undefined
  if (signal === null || typeof signal !== 'object' || !('aborted' in signal)) {
    throw invalidArgType(name, 'an instance of AbortSignal', signal)
  }
  return signal as AbortSignal
}

/** Checks a callback (`ERR_INVALID_ARG_TYPE`, Node's wording). */
export function validateCallback(callback: unknown, name = 'cb'): (...args: never[]) => unknown {
  if (typeof callback !== 'function') {
    throw invalidArgType(name, 'of type function', callback)
  }
  return callback as (...args: never[]) => unknown
}

/** A boolean option (`ERR_INVALID_ARG_TYPE`, Node's wording). */
export function validateBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'of type boolean', value)
  return value
}

/** Re-exported for call sites that build their own messages. */
export { describeReceived, inspectValue }
