/**
 * Node-style errors for `node:crypto`, `node:zlib`, `Bun.CryptoHasher` and
 * Bun's compression helpers: an `Error` subclass instance (`TypeError`,
 * `RangeError` …) carrying Node's `code` and Node's message text, plus the
 * byte/encoding conversions these modules share.
 */
import { Buffer } from 'buffer'

/** An error with Node's `code` property. */
export type CodedError = Error & { code?: string; [key: string]: unknown }

/** Builds `new Ctor(message)` with `code` set (omitted when `code` is undefined). */
export function codedError(
  Ctor: new (message: string) => Error,
  code: string | undefined,
  message: string,
  extra?: Record<string, unknown>,
): CodedError {
  const error = new Ctor(message) as CodedError
  if (code !== undefined) error.code = code
  if (extra) Object.assign(error, extra)
  return error
}

/** Node's rendering of a received value at the end of an `ERR_INVALID_ARG_TYPE` message. */
export function describeReceived(value: unknown): string {
  if (value === null) return 'Received null'
  if (value === undefined) return 'Received undefined'
  if (typeof value === 'function') return `Received function ${value.name || '<anonymous>'}`
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name
    return name ? `Received an instance of ${name}` : 'Received [Object: null prototype]'
  }
  let shown: string
  if (typeof value === 'string') {
    const cut = value.length > 28 ? `${value.slice(0, 25)}...` : value
    shown = `'${cut}'`
  } else if (typeof value === 'bigint') {
    shown = `${value}n`
  } else if (typeof value === 'symbol') {
    shown = value.toString()
  } else {
    shown = String(value)
  }
  return `Received type ${typeof value} (${shown})`
}

/** `ERR_INVALID_ARG_TYPE`: `The "name" argument must be <expected>. Received …`. */
export function invalidArgType(name: string, expected: string, value: unknown): CodedError {
  const what = name.includes('.') ? `"${name}" property` : `"${name}" argument`
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The ${what} must be ${expected}. ${describeReceived(value)}`)
}

/** Node's numeric rendering in `ERR_OUT_OF_RANGE` (underscores every 3 digits past 2^32). */
export function formatRangeValue(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    return addSeparators(String(value))
  }
  if (typeof value === 'bigint') {
    const text = String(value)
    return `${value > 2n ** 32n || value < -(2n ** 32n) ? addSeparators(text) : text}n`
  }
  if (typeof value === 'string') return `'${value}'`
  return String(value)
}

function addSeparators(text: string): string {
  const sign = text.startsWith('-') ? '-' : ''
  let digits = sign ? text.slice(1) : text
  let out = ''
  while (digits.length > 3) {
    out = `_${digits.slice(-3)}${out}`
    digits = digits.slice(0, -3)
  }
  return `${sign}${digits}${out}`
}

/** `ERR_OUT_OF_RANGE`: `The value of "name" is out of range. It must be <range>. Received <value>`. */
export function outOfRange(name: string, range: string, value: unknown): CodedError {
  return codedError(
    RangeError,
    'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${formatRangeValue(value)}`,
  )
}

/** The expected-type text of an argument taking a string or binary data. */
export const STRING_OR_BINARY = 'of type string or an instance of Buffer, TypedArray, or DataView'

/** True for Buffer.from-able encodings Node knows (`utf8`, `hex`, `base64url`, `latin1`, `binary`, `ucs2` …). */
export function isEncoding(encoding: unknown): encoding is BufferEncoding {
  return typeof encoding === 'string' && Buffer.isEncoding(encoding)
}

/**
 * The bytes of `data` as Node's crypto reads them: a string in `encoding`
 * (UTF-8 when absent or unknown), any ArrayBufferView's bytes. Anything else
 * is `ERR_INVALID_ARG_TYPE` for argument `name`; ArrayBuffers are accepted
 * only when `allowArrayBuffer`.
 */
export function toBytes(
  data: unknown,
  name: string,
  encoding?: unknown,
  allowArrayBuffer = false,
  expected: string = STRING_OR_BINARY,
): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, isEncoding(encoding) ? encoding : 'utf8')
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (allowArrayBuffer && (data instanceof ArrayBuffer || isSharedArrayBuffer(data))) {
    return new Uint8Array(data as ArrayBuffer)
  }
  throw invalidArgType(name, expected, data)
}

function isSharedArrayBuffer(value: unknown): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer
}

/** Wraps bytes as a Buffer without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * Node's output conversion: a string in `encoding` when it is a known
 * encoding, otherwise the Buffer itself.
 */
export function encodeOutput(bytes: Uint8Array, encoding: unknown): Buffer | string {
  const buffer = asBuffer(bytes)
  return isEncoding(encoding) && encoding !== ('buffer' as string) ? buffer.toString(encoding) : buffer
}

/** The bytes Bun's hashers read: strings (UTF-8), ArrayBuffers, views, Blobs whose bytes are in memory. */
export function bunInputBytes(data: unknown, encoding?: unknown): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, isEncoding(encoding) ? encoding : 'utf8')
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  const sync = (data as { bytesSync?: () => Uint8Array } | null)?.bytesSync
  if (typeof sync === 'function') return sync.call(data)
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    // A platform Blob cannot be read synchronously; Bun's own Blobs (bytesSync) can.
    throw codedError(
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      'hashing a Blob whose bytes are not in memory is not supported (read it with .bytes() first)',
    )
  }
  throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'input must be a string, ArrayBuffer, ArrayBufferView or Blob')
}
