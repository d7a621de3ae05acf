/**
 * Completes the npm `buffer` package's `Buffer` in place so that it behaves
 * as Node 20's (and Bun 1.4.5's): every encoding (`base64url`, `latin1`/
 * `binary` included) in every method, Node's argument validation and error
 * codes/messages, the BigInt and variable-width accessors, the
 * `*Slice`/`*Write` helpers, `copyBytesFrom`, and Node's inspect output.
 * Instances stay `Uint8Array`s whose prototype is `Buffer.prototype`, so
 * every Buffer made anywhere in the runtime is the same class.
 */

import {
  byteLengthOf,
  decode,
  type Encoding,
  encode,
  encodeInto,
  lookupEncoding,
  normalizeEncoding,
} from './buffer-codec.js'
import { codedError, invalidArgType, invalidArgTypeOf, invalidArgValue, outOfRange } from './node-b-errors.js'

/** The constructor being completed (typed as Node's Buffer). */
export type BufferConstructor = typeof import('buffer').Buffer
type Buf = Uint8Array & Record<string, unknown>
type Method = (this: Buf, ...args: never[]) => unknown

/** Bun's `buffer.kMaxLength` (`constants.MAX_LENGTH`). */
export const kMaxLength: number = 2 ** 32
/** Bun's `buffer.kStringMaxLength` (`constants.MAX_STRING_LENGTH`). */
export const kStringMaxLength: number = 2 ** 31 - 1

/**
 * How Buffers inspect: `maxBytes` is `buffer.INSPECT_MAX_BYTES`; `render`
 * formats a Buffer's extra properties as one line `{ a: 1, b: "x" }` (Bun
 * uses Bun.inspect's style here, even under util.inspect).
 */
export const inspectSettings: { maxBytes: number; render: (extras: Record<string, unknown>) => string } = {
  maxBytes: 50,
  render: (extras) => renderCompact(extras, 0),
}

/** A one-line rendering in Bun.inspect's style, for the common values a Buffer's extra properties hold. */
function renderCompact(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'bigint':
      return `${value}n`
    case 'function':
      return value.name ? `[Function: ${value.name}]` : '[Function]'
    case 'symbol':
      return value.toString()
    case 'object':
      break
    default:
      return Object.is(value, -0) ? '-0' : String(value)
  }
  if (value === null) return 'null'
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    if (depth > 2) return '[Array]'
    return `[ ${value.map((item) => renderCompact(item, depth + 1)).join(', ')} ]`
  }
  const keys = Object.keys(value)
  if (keys.length === 0) return '{}'
  if (depth > 2) return '[Object ...]'
  const record = value as Record<string, unknown>
  const parts = keys.map((key) => `${key}: ${renderCompact(record[key], depth + 1)}`)
  return `{ ${parts.join(', ')} }`
}

const INSTALLED = Symbol.for('vitamin-bun.buffer.completed')
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

function bufferOutOfBounds(name?: string): RangeError {
  return codedError(
    RangeError,
    'ERR_BUFFER_OUT_OF_BOUNDS',
    name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds',
  )
}

function unknownEncoding(encoding: unknown): TypeError {
  return codedError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${String(encoding)}`)
}

function isAnyArrayBuffer(value: unknown): value is ArrayBuffer {
  return (
    value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) ||
    Object.prototype.toString.call(value) === '[object ArrayBuffer]'
  )
}

function validateNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
}

/** Node's `validateOffset`: an integer in [min, max] (messages with `&&`). */
function validateOffset(value: unknown, name: string, min = 0, max = kMaxLength): asserts value is number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value)
}

function boundsError(value: number, length: number, type?: string): never {
  if (Math.floor(value) !== value) {
    if (type) validateNumber(value, type)
    throw outOfRange(type || 'offset', 'an integer', value)
  }
  if (length < 0) throw bufferOutOfBounds()
  throw outOfRange(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value)
}

/** Read offsets: a number, then an integer with `bytes` bytes inside the buffer. */
function checkRead(buf: Uint8Array, offset: unknown, bytes: number): asserts offset is number {
  validateNumber(offset, 'offset')
  if (!(Number.isInteger(offset) && offset >= 0 && offset + bytes <= buf.length)) {
    boundsError(offset, buf.length - bytes)
  }
}

function readBytes(buf: Uint8Array, offset: number, bytes: number, signed: boolean, le: boolean): number {
  let value = 0
  if (le) for (let i = bytes - 1; i >= 0; i--) value = value * 256 + buf[offset + i]!
  else for (let i = 0; i < bytes; i++) value = value * 256 + buf[offset + i]!
  if (signed && value >= 2 ** (8 * bytes - 1)) value -= 2 ** (8 * bytes)
  return value
}

function writeBytes(buf: Uint8Array, value: number, offset: number, bytes: number, le: boolean): number {
  const lo = value >>> 0
  const hi = bytes > 4 ? Math.floor(value / 4294967296) : 0
  for (let i = 0; i < bytes; i++) {
    const byte = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff
    buf[le ? offset + i : offset + bytes - 1 - i] = byte
  }
  return offset + bytes
}

function intRange(bytes: number, signed: boolean, n: '' | 'n'): { min: number; max: number; text: string } {
  const bits = bytes * 8
  const min = signed ? -(2 ** (bits - 1)) : 0
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1
  let text: string
  if (bytes > 4) {
    text = signed
      ? `>= -(2${n} ** ${bits - 1}${n}) and < 2${n} ** ${bits - 1}${n}`
      : `>= 0${n} and < 2${n} ** ${bits}${n}`
  } else text = `>= ${min}${n} and <= ${max}${n}`
  return { min, max, text }
}

function writeInteger(buf: Uint8Array, raw: unknown, offset: unknown, bytes: number, signed: boolean, le: boolean) {
  const value = +(raw as number)
  const range = intRange(bytes, signed, '')
  if (bytes === 1) validateNumber(offset, 'offset')
  if (value > range.max || value < range.min) throw outOfRange('value', range.text, value)
  checkWriteBounds(buf, offset, bytes)
  return writeBytes(buf, value, offset, bytes, le)
}

function checkWriteBounds(buf: Uint8Array, offset: unknown, bytes: number): asserts offset is number {
  validateNumber(offset, 'offset')
  if (!(Number.isInteger(offset) && offset >= 0 && offset + bytes <= buf.length)) {
    boundsError(offset, buf.length - bytes)
  }
}

const scratch = new DataView(new ArrayBuffer(8))
// Uint8Array's own methods: the Buffer prototype overrides them with Node's signatures.
const u8fill = Uint8Array.prototype.fill
const u8indexOf = Uint8Array.prototype.indexOf
const u8lastIndexOf = Uint8Array.prototype.lastIndexOf

function readFloat(buf: Uint8Array, offset: unknown, bytes: 4 | 8, le: boolean): number {
  checkRead(buf, offset, bytes)
  for (let i = 0; i < bytes; i++) scratch.setUint8(i, buf[offset + i]!)
  return bytes === 4 ? scratch.getFloat32(0, le) : scratch.getFloat64(0, le)
}

function writeFloat(buf: Uint8Array, raw: unknown, offset: unknown, bytes: 4 | 8, le: boolean): number {
  const value = +(raw as number)
  checkWriteBounds(buf, offset, bytes)
  if (bytes === 4) scratch.setFloat32(0, value, le)
  else scratch.setFloat64(0, value, le)
  for (let i = 0; i < bytes; i++) buf[offset + i] = scratch.getUint8(i)
  return offset + bytes
}

function readBig(buf: Uint8Array, offset: unknown, signed: boolean, le: boolean): bigint {
  checkRead(buf, offset, 8)
  const first = readBytes(buf, le ? offset + 4 : offset, 4, false, le)
  const second = readBytes(buf, le ? offset : offset + 4, 4, false, le)
  const value = (BigInt(first) << 32n) | BigInt(second)
  return signed ? BigInt.asIntN(64, value) : value
}

function writeBig(buf: Uint8Array, value: unknown, offset: unknown, signed: boolean, le: boolean): number {
  if (typeof value !== 'bigint') throw invalidArgType('value', 'bigint', value)
  const min = signed ? -(2n ** 63n) : 0n
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n
  if (value < min || value > max) throw outOfRange('value', intRange(8, signed, 'n').text, value)
  checkWriteBounds(buf, offset, 8)
  const unsigned = BigInt.asUintN(64, value)
  const hi = Number(unsigned >> 32n)
  const lo = Number(unsigned & 0xffffffffn)
  writeBytes(buf, le ? lo : hi, offset, 4, le)
  writeBytes(buf, le ? hi : lo, offset + 4, 4, le)
  return offset + 8
}

function validateByteLength(byteLength: unknown): asserts byteLength is 1 | 2 | 3 | 4 | 5 | 6 {
  if (
    byteLength === 1 ||
    byteLength === 2 ||
    byteLength === 3 ||
    byteLength === 4 ||
    byteLength === 5 ||
    byteLength === 6
  )
    return
  if (typeof byteLength !== 'number') throw invalidArgType('byteLength', 'number', byteLength)
  boundsError(byteLength, 6, 'byteLength')
}

function isUint8Array(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array
}

function mustBeBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!isUint8Array(value)) throw invalidArgType(name, ['Buffer', 'Uint8Array'], value)
}

/** Node's `toInteger` of `copy`: NaN and unsafe values become `fallback`, fractions are floored. */
function toInteger(value: unknown, fallback: number): number {
  const n = +(value as number)
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) {
    return n % 1 === 0 ? n : Math.floor(n)
  }
  return fallback
}

function adjustOffset(offset: unknown, length: number): number {
  const n = Math.trunc(offset as number)
  if (n === 0 || Number.isNaN(n)) return 0
  if (n < 0) return Math.max(n + length, 0)
  return Math.min(n, length)
}

/** Node's C++ `IndexOfOffset`: where a search starts, or -1 when nothing can match. */
function searchStart(length: number, offset: number, needle: number, forward: boolean): number {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset
    if (forward || needle === 0) return 0
    return -1
  }
  if (offset + needle <= length) return offset
  if (needle === 0) return length
  return forward ? -1 : length - 1
}

function searchBytes(haystack: Uint8Array, needle: Uint8Array, offset: number, forward: boolean): number {
  const start = searchStart(haystack.length, offset, needle.length, forward)
  if (needle.length === 0) return start
  if (haystack.length === 0 || start < 0) return -1
  if ((forward && needle.length + start > haystack.length) || needle.length > haystack.length) return -1
  const first = needle[0]!
  const matchesAt = (at: number) => {
    for (let j = 1; j < needle.length; j++) if (haystack[at + j] !== needle[j]) return false
    return true
  }
  if (forward) {
    const last = haystack.length - needle.length
    for (let at = start; at <= last; at++) if (haystack[at] === first && matchesAt(at)) return at
  } else {
    for (let at = Math.min(start, haystack.length - needle.length); at >= 0; at--) {
      if (haystack[at] === first && matchesAt(at)) return at
    }
  }
  return -1
}

function indexOfImpl(
  buf: Uint8Array,
  value: unknown,
  byteOffset: unknown,
  encoding: unknown,
  forward: boolean,
): number {
  let offset: unknown = byteOffset
  let enc = encoding
  if (typeof offset === 'string') {
    enc = offset
    offset = undefined
  } else if ((offset as number) > 0x7fffffff) offset = 0x7fffffff
  else if ((offset as number) < -0x80000000) offset = -0x80000000
  let start = +(offset as number)
  if (Number.isNaN(start)) start = forward ? 0 : buf.length
  start = Math.trunc(start)
  if (typeof value === 'number') {
    const byte = (value >>> 0) & 0xff
    const from = searchStart(buf.length, start, 1, forward)
    if (from < 0 || buf.length === 0) return -1
    if (forward) return u8indexOf.call(buf, byte, from)
    return u8lastIndexOf.call(buf, byte, from)
  }
  const resolved = enc === undefined ? 'utf8' : lookupEncoding(enc)
  if (typeof value === 'string') {
    if (resolved === undefined) throw unknownEncoding(enc)
    return searchBytes(buf, encode(value, resolved), start, forward)
  }
  if (isUint8Array(value)) return searchBytes(buf, value, start, forward)
  throw invalidArgType('value', ['number', 'string', 'Buffer', 'Uint8Array'], value)
}

/** Patches `B` (the npm `buffer` package's class) once; later calls do nothing. */
export function completeBuffer(B: BufferConstructor): void {
  const statics = B as unknown as Record<string | symbol, unknown>
  if (statics[INSTALLED]) return
  Object.defineProperty(B, INSTALLED, { value: true })
  // Bundlers may rename the class (`Buffer2`); its name shows in inspect output and errors.
  Object.defineProperty(B, 'name', { value: 'Buffer', configurable: true })
  const proto = B.prototype as unknown as Record<string | symbol, unknown>

  const wrap = (bytes: Uint8Array): Buf => Object.setPrototypeOf(bytes, proto) as Buf
  const empty = (): Buf => wrap(new Uint8Array(0))

  const defineMethods = (target: object, methods: Record<string, Method | ((...args: never[]) => unknown)>) => {
    for (const [name, fn] of Object.entries(methods)) {
      Object.defineProperty(fn, 'name', { value: name })
      Object.defineProperty(target, name, { value: fn, writable: true, configurable: true, enumerable: false })
    }
  }

  const fromString = (string: string, encoding: unknown): Buf => {
    let enc: Encoding
    if (typeof encoding !== 'string') {
      if (string.length === 0) return empty()
      enc = 'utf8'
    } else {
      const found = lookupEncoding(encoding)
      if (found === undefined) throw unknownEncoding(encoding)
      if (string.length === 0) return empty()
      enc = found
    }
    return wrap(encode(string, enc))
  }

  const fromArrayBuffer = (buffer: ArrayBuffer, byteOffset: unknown, length: unknown): Buf => {
    let offset = 0
    if (byteOffset !== undefined) {
      offset = +(byteOffset as number)
      if (Number.isNaN(offset)) offset = 0
    }
    const maxLength = buffer.byteLength - offset
    if (maxLength < 0) throw bufferOutOfBounds('offset')
    let size: number
    if (length === undefined) size = maxLength
    else {
      size = +(length as number)
      if (size > 0) {
        if (size > maxLength) throw bufferOutOfBounds('length')
      } else size = 0
    }
    return wrap(new Uint8Array(buffer, offset, size))
  }

  const fromArrayLike = (value: ArrayLike<number>): Buf => {
    if (!(value.length > 0)) return empty()
    return wrap(new Uint8Array(value as ArrayLike<number>))
  }

  const from = function from(value: unknown, encodingOrOffset?: unknown, length?: unknown): Buf {
    if (typeof value === 'string') return fromString(value, encodingOrOffset)
    if (typeof value === 'object' && value !== null) {
      if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length)
      const primitive = (value as { valueOf?: () => unknown }).valueOf?.()
      if (
        primitive != null &&
        primitive !== value &&
        (typeof primitive === 'string' || typeof primitive === 'object')
      ) {
        return from(primitive, encodingOrOffset, length)
      }
      const record = value as { length?: unknown; buffer?: unknown; type?: unknown; data?: unknown }
      if (record.length !== undefined || isAnyArrayBuffer(record.buffer)) {
        if (typeof record.length !== 'number') return empty()
        return fromArrayLike(value as ArrayLike<number>)
      }
      if (record.type === 'Buffer' && Array.isArray(record.data)) return fromArrayLike(record.data)
      const toPrimitive = (value as { [Symbol.toPrimitive]?: unknown })[Symbol.toPrimitive]
      if (typeof toPrimitive === 'function') {
        const text = toPrimitive.call(value, 'string')
        if (typeof text === 'string') return fromString(text, encodingOrOffset)
      }
    }
    throw invalidArgType('first argument', ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'], value)
  }

  const validateSize = (size: unknown): number => {
    if (typeof size !== 'number') throw invalidArgType('size', 'number', size)
    if (!(size >= 0 && size <= kMaxLength)) throw outOfRange('size', `>= 0 && <= ${kMaxLength}`, size)
    return size
  }

  const fillImpl = (buf: Uint8Array, value: unknown, offset: unknown, end: unknown, encoding: unknown): Uint8Array => {
    let fillValue = value
    let start = offset
    let stop = end
    let enc: Encoding | undefined
    if (typeof fillValue === 'string') {
      if (start === undefined || typeof start === 'string') {
        encoding = start
        start = 0
        stop = buf.length
      } else if (typeof stop === 'string') {
        encoding = stop
        stop = buf.length
      }
      enc = normalizeEncoding(encoding)
      if (enc === undefined) {
        if (typeof encoding !== 'string') throw invalidArgType('encoding', 'string', encoding)
        throw unknownEncoding(encoding)
      }
      const text = fillValue as string
      if (text.length === 0) fillValue = 0
      else if (text.length === 1) {
        const code = text.charCodeAt(0)
        if ((enc === 'utf8' && code < 128) || enc === 'latin1') fillValue = code
      }
    }
    if (start === undefined) {
      start = 0
      stop = buf.length
    } else {
      validateOffset(start, 'offset')
      if (stop === undefined) stop = buf.length
      else validateOffset(stop, 'end', 0, buf.length)
      if ((start as number) >= (stop as number)) return buf
    }
    const from = start as number
    const to = stop as number
    if (typeof fillValue === 'string') {
      const bytes = encode(fillValue, enc!)
      if (bytes.length === 0) throw invalidArgValue('value', fillValue)
      repeatInto(buf, bytes, from, to)
    } else if (isUint8Array(fillValue) || ArrayBuffer.isView(fillValue)) {
      const view = fillValue as ArrayBufferView
      const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
      if (bytes.length === 0) throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', 'Buffer cannot be empty')
      repeatInto(buf, bytes, from, to)
    } else {
      if (to > buf.length) throw bufferOutOfBounds()
      const byte = typeof fillValue === 'number' ? fillValue : (Number(fillValue) >>> 0) & 255
      u8fill.call(buf, byte, from, to)
    }
    return buf
  }

  const repeatInto = (buf: Uint8Array, bytes: Uint8Array, from: number, to: number) => {
    if (to > buf.length) throw bufferOutOfBounds()
    for (let at = from; at < to; at += bytes.length) buf.set(bytes.subarray(0, Math.min(bytes.length, to - at)), at)
  }

  const alloc = function alloc(size: unknown, fill?: unknown, encoding?: unknown): Buf {
    const n = validateSize(size)
    const buf = wrap(new Uint8Array(n))
    if (fill !== undefined && fill !== 0 && n > 0) fillImpl(buf, fill, 0, buf.length, encoding)
    return buf
  }
  const allocUnsafe = function allocUnsafe(size: unknown): Buf {
    return wrap(new Uint8Array(validateSize(size)))
  }
  const allocUnsafeSlow = function allocUnsafeSlow(size: unknown): Buf {
    return wrap(new Uint8Array(validateSize(size)))
  }

  const byteLength = function byteLength(string: unknown, encoding?: unknown): number {
    if (typeof string !== 'string') {
      if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return (string as ArrayBufferView).byteLength
      throw invalidArgType('string', ['string', 'Buffer', 'ArrayBuffer'], string)
    }
    if (string.length === 0) return 0
    return byteLengthOf(string, (encoding === undefined ? 'utf8' : lookupEncoding(encoding)) ?? 'utf8')
  }

  const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
  }

  const compare = function compare(buf1: unknown, buf2: unknown): number {
    mustBeBytes(buf1, 'buf1')
    mustBeBytes(buf2, 'buf2')
    return compareBytes(buf1, buf2)
  }

  const concat = function concat(list: unknown, length?: unknown): Buf {
    if (!Array.isArray(list)) throw invalidArgType('list', 'Array', list)
    if (list.length === 0) return empty()
    let total: number
    if (length === undefined) {
      total = 0
      for (const item of list) if ((item as { length?: number })?.length) total += (item as { length: number }).length
    } else {
      validateOffset(length, 'length')
      total = length
    }
    const result = wrap(new Uint8Array(total))
    let at = 0
    for (let i = 0; i < list.length; i++) {
      const item = list[i]
      if (!isUint8Array(item)) throw invalidArgType(`list[${i}]`, ['Buffer', 'Uint8Array'], item)
      if (at >= total) continue
      const part = item.length > total - at ? item.subarray(0, total - at) : item
      result.set(part, at)
      at += part.length
    }
    return result
  }

  const copyBytesFrom = function copyBytesFrom(view: unknown, offset?: unknown, length?: unknown): Buf {
    if (!ArrayBuffer.isView(view) || view instanceof DataView) {
      throw invalidArgTypeOf('view', 'TypedArray', view)
    }
    const typed = view as unknown as Uint8Array
    const count = typed.length
    if (count === 0) return empty()
    let source = typed
    if (offset !== undefined || length !== undefined) {
      let start = 0
      if (offset !== undefined) {
        validateInteger(offset, 'offset', 0)
        if (offset >= count) return empty()
        start = offset
      }
      let end = count
      if (length !== undefined) {
        validateInteger(length, 'length', 0)
        end = start + length
      }
      source = typed.slice(start, end)
    }
    return wrap(new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice())
  }

  const isEncoding = function isEncoding(encoding: unknown): boolean {
    return typeof encoding === 'string' && encoding.length !== 0 && lookupEncoding(encoding) !== undefined
  }

  const isBuffer = function isBuffer(value: unknown): boolean {
    return value instanceof B
  }

  defineMethods(B, {
    from,
    alloc,
    allocUnsafe,
    allocUnsafeSlow,
    byteLength,
    compare,
    concat,
    copyBytesFrom,
    isEncoding,
    isBuffer,
  })
  delete statics.TYPED_ARRAY_SUPPORT

  // --- the prototype ---------------------------------------------------------

  const toStringImpl = function (this: Buf, ...args: unknown[]): string {
    if (args.length === 0) return decode(this, 'utf8')
    const [encoding, start, end] = args
    const len = this.length
    if (len === 0) return ''
    let enc: Encoding = 'utf8'
    if (encoding !== undefined) {
      const found = lookupEncoding(encoding)
      if (found === undefined) throw unknownEncoding(encoding)
      enc = found
    }
    let from = start as number
    let to = end as number
    if (from <= 0) from = 0
    else if (from >= len) return ''
    else from = Math.trunc(from) || 0
    if (to === undefined || to > len) to = len
    else to = Math.trunc(to) || 0
    if (to <= from) return ''
    return decode(this, enc, from, to)
  }

  const write = function write(
    this: Buf,
    string: unknown,
    offset?: unknown,
    length?: unknown,
    encoding?: unknown,
  ): number {
    if (typeof string !== 'string') throw invalidArgType('string', 'string', string)
    let at: number
    let count: number
    let enc = encoding
    if (offset === undefined) return encodeInto(string, 'utf8', this, 0, this.length)
    if (length === undefined && typeof offset === 'string') {
      enc = offset
      count = this.length
      at = 0
    } else {
      validateOffset(offset, 'offset', 0, this.length)
      at = offset
      const remaining = this.length - offset
      if (length === undefined) count = remaining
      else if (typeof length === 'string') {
        enc = length
        count = remaining
      } else {
        validateOffset(length, 'length', 0, this.length)
        count = Math.min(length, remaining)
      }
    }
    if (!enc) return encodeInto(string, 'utf8', this, at, count)
    const resolved = lookupEncoding(enc)
    if (resolved === undefined) throw unknownEncoding(enc)
    return encodeInto(string, resolved, this, at, count)
  }

  const fill = function fill(this: Buf, value: unknown, offset?: unknown, end?: unknown, encoding?: unknown): Buf {
    return fillImpl(this, value, offset, end, encoding) as Buf
  }

  const equals = function equals(this: Buf, otherBuffer: unknown): boolean {
    mustBeBytes(otherBuffer, 'otherBuffer')
    if (this === otherBuffer) return true
    return this.length === otherBuffer.length && compareBytes(this, otherBuffer) === 0
  }

  const compareMethod = function compare(this: Buf, ...args: unknown[]): number {
    const [target, targetStart, targetEnd, sourceStart, sourceEnd] = args
    mustBeBytes(target, 'target')
    if (args.length === 1) return compareBytes(this, target)
    const bound = (value: unknown, name: string, fallback: number, max: number): number => {
      if (value === undefined) return fallback
      if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
      if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
      if (value < 0 || value > max) throw outOfRange(name, `>= 0 and <= ${max}`, value)
      return value
    }
    const tStart = bound(targetStart, 'targetStart', 0, kMaxLength)
    const tEnd = bound(targetEnd, 'targetEnd', target.length, target.length)
    const sStart = bound(sourceStart, 'sourceStart', 0, kMaxLength)
    const sEnd = bound(sourceEnd, 'sourceEnd', this.length, this.length)
    if (sStart >= sEnd) return tStart >= tEnd ? 0 : -1
    if (tStart >= tEnd) return 1
    return compareBytes(this.subarray(sStart, sEnd), target.subarray(tStart, tEnd))
  }

  const copy = function copy(
    this: Buf,
    target: unknown,
    targetStart?: unknown,
    sourceStart?: unknown,
    sourceEnd?: unknown,
  ): number {
    mustBeBytes(target, 'target')
    let tStart = 0
    if (targetStart !== undefined) {
      tStart = toInteger(targetStart, 0)
      if (tStart < 0) throw outOfRange('targetStart', '>= 0', targetStart)
    }
    let sStart = 0
    if (sourceStart !== undefined) {
      sStart = toInteger(sourceStart, 0)
      if (sStart < 0 || sStart > this.length) throw outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart)
    }
    let sEnd = this.length
    if (sourceEnd !== undefined) {
      sEnd = toInteger(sourceEnd, 0)
      if (sEnd < 0) throw outOfRange('sourceEnd', '>= 0', sourceEnd)
    }
    if (tStart >= target.length || sStart >= sEnd) return 0
    if (sEnd - sStart > target.length - tStart) sEnd = sStart + target.length - tStart
    const count = Math.min(sEnd - sStart, this.length - sStart)
    target.set(this.subarray(sStart, sStart + count), tStart)
    return count
  }

  const subarray = function subarray(this: Buf, start?: unknown, end?: unknown): Buf {
    const length = this.length
    const from = adjustOffset(start, length)
    const to = end !== undefined ? adjustOffset(end, length) : length
    return wrap(new Uint8Array(this.buffer, this.byteOffset + from, to > from ? to - from : 0))
  }

  const swap = (size: 2 | 4 | 8) =>
    function (this: Buf): Buf {
      if (this.length % size !== 0) {
        throw codedError(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${size * 8}-bits`)
      }
      for (let i = 0; i < this.length; i += size) {
        for (let a = i, b = i + size - 1; a < b; a++, b--) {
          const t = this[a]!
          this[a] = this[b]!
          this[b] = t
        }
      }
      return this
    }

  const inspect = function inspect(this: Buf, _recurseTimes?: unknown, ctx?: unknown): string {
    const max = inspectSettings.maxBytes
    const shown = Math.min(max, this.length)
    const remaining = this.length - max
    let text = decode(this, 'hex', 0, shown)
      .replace(/(.{2})/g, '$1 ')
      .trim()
    if (remaining > 0) text += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`
    // As in Bun, extra properties show only when an inspector calls (with options), in Bun.inspect's style.
    if (ctx && typeof ctx === 'object') {
      const keys = Object.keys(this).filter((key) => !/^(0|[1-9][0-9]*)$/.test(key))
      if (keys.length > 0) {
        const extra: Record<string, unknown> = {}
        for (const key of keys) extra[key] = this[key]
        if (this.length !== 0) text += ', '
        text += inspectSettings.render(extra).slice(2, -2)
      }
    }
    return `<${(this.constructor as { name?: string } | undefined)?.name ?? 'Buffer'} ${text}>`
  }

  const sliceMethod = (encoding: Encoding) =>
    function (this: Buf, start?: unknown, end?: unknown): string {
      const from = start === undefined ? 0 : Math.trunc(Number(start))
      const to = end === undefined ? this.length : Math.trunc(Number(end))
      if (!(from >= 0) || !(to >= 0) || to > this.length || from > this.length) {
        if (to < from) return ''
        throw codedError(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range')
      }
      return decode(this, encoding, from, to)
    }

  const writeMethod = (encoding: Encoding) =>
    function (this: Buf, string: unknown, offset?: unknown, length?: unknown): number {
      if (typeof string !== 'string') throw invalidArgType('argument', 'string', string)
      const at = offset === undefined ? 0 : Math.trunc(Number(offset))
      if (!(at >= 0) || at > this.length)
        throw codedError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds')
      const max = this.length - at
      const count = length === undefined ? max : Math.min(max, Math.trunc(Number(length)))
      if (!(count >= 0))
        throw codedError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', '"length" is outside of buffer bounds')
      return encodeInto(string, encoding, this, at, count)
    }

  const methods: Record<string, Method> = {
    toString: toStringImpl,
    toLocaleString: function (this: Buf, ...args: unknown[]) {
      return toStringImpl.apply(this, args as [])
    },
    write,
    fill,
    equals,
    compare: compareMethod,
    copy,
    indexOf: function indexOf(this: Buf, value: unknown, byteOffset?: unknown, encoding?: unknown) {
      return indexOfImpl(this, value, byteOffset, encoding, true)
    },
    lastIndexOf: function lastIndexOf(this: Buf, value: unknown, byteOffset?: unknown, encoding?: unknown) {
      return indexOfImpl(this, value, byteOffset, encoding, false)
    },
    includes: function includes(this: Buf, value: unknown, byteOffset?: unknown, encoding?: unknown) {
      return indexOfImpl(this, value, byteOffset, encoding, true) !== -1
    },
    subarray,
    slice: function slice(this: Buf, start?: unknown, end?: unknown) {
      return subarray.call(this, start, end)
    },
    toJSON: function toJSON(this: Buf) {
      return { type: 'Buffer', data: Array.from(this) }
    },
    swap16: swap(2),
    swap32: swap(4),
    swap64: swap(8),
    inspect,
  }
  for (const [name, encoding] of [
    ['ascii', 'ascii'],
    ['base64', 'base64'],
    ['base64url', 'base64url'],
    ['hex', 'hex'],
    ['latin1', 'latin1'],
    ['ucs2', 'utf16le'],
    ['utf16le', 'utf16le'],
    ['utf8', 'utf8'],
  ] as const) {
    methods[`${name}Slice`] = sliceMethod(encoding)
    methods[`${name}Write`] = writeMethod(encoding)
  }

  // Fixed-width accessors: [name suffix, bytes, signed, little-endian].
  const widths: [string, number, boolean][] = [
    ['UInt8', 1, false],
    ['Int8', 1, true],
    ['UInt16', 2, false],
    ['Int16', 2, true],
    ['UInt32', 4, false],
    ['Int32', 4, true],
  ]
  for (const [suffix, bytes, signed] of widths) {
    const ends: [string, boolean][] =
      bytes === 1
        ? [['', true]]
        : [
            ['LE', true],
            ['BE', false],
          ]
    for (const [end, le] of ends) {
      methods[`read${suffix}${end}`] = function (this: Buf, offset: unknown = 0) {
        checkRead(this, offset, bytes)
        return readBytes(this, offset, bytes, signed, le)
      }
      methods[`write${suffix}${end}`] = function (this: Buf, value: unknown, offset: unknown = 0) {
        return writeInteger(this, value, offset, bytes, signed, le)
      }
    }
  }
  for (const [end, le] of [
    ['LE', true],
    ['BE', false],
  ] as const) {
    methods[`readFloat${end}`] = function (this: Buf, offset: unknown = 0) {
      return readFloat(this, offset, 4, le)
    }
    methods[`readDouble${end}`] = function (this: Buf, offset: unknown = 0) {
      return readFloat(this, offset, 8, le)
    }
    methods[`writeFloat${end}`] = function (this: Buf, value: unknown, offset: unknown = 0) {
      return writeFloat(this, value, offset, 4, le)
    }
    methods[`writeDouble${end}`] = function (this: Buf, value: unknown, offset: unknown = 0) {
      return writeFloat(this, value, offset, 8, le)
    }
    methods[`readBigUInt64${end}`] = function (this: Buf, offset: unknown = 0) {
      return readBig(this, offset, false, le)
    }
    methods[`readBigInt64${end}`] = function (this: Buf, offset: unknown = 0) {
      return readBig(this, offset, true, le)
    }
    methods[`writeBigUInt64${end}`] = function (this: Buf, value: unknown, offset: unknown = 0) {
      return writeBig(this, value, offset, false, le)
    }
    methods[`writeBigInt64${end}`] = function (this: Buf, value: unknown, offset: unknown = 0) {
      return writeBig(this, value, offset, true, le)
    }
    for (const signed of [false, true]) {
      const kind = signed ? 'Int' : 'UInt'
      methods[`read${kind}${end}`] = function (this: Buf, offset: unknown, byteLength: unknown) {
        if (offset === undefined) throw invalidArgType('offset', 'number', offset)
        validateByteLength(byteLength)
        checkRead(this, offset, byteLength)
        return readBytes(this, offset, byteLength, signed, le)
      }
      methods[`write${kind}${end}`] = function (this: Buf, value: unknown, offset: unknown, byteLength: unknown) {
        validateByteLength(byteLength)
        return writeInteger(this, value, offset, byteLength, signed, le)
      }
    }
  }
  // Node's lower-case `Uint` aliases.
  for (const name of Object.keys(methods)) {
    if (/^(read|write)(Big)?UInt/.test(name)) methods[name.replace('UInt', 'Uint')] = methods[name]!
  }
  // Bun's little-endian accessors without a suffix.
  for (const [alias, target] of [
    ['readBigInt64', 'readBigInt64LE'],
    ['readBigUInt64', 'readBigUInt64LE'],
    ['readDouble', 'readDoubleLE'],
    ['readFloat', 'readFloatLE'],
    ['readInt16', 'readInt16LE'],
    ['readInt32', 'readInt32LE'],
    ['writeDouble', 'writeDoubleLE'],
    ['writeFloat', 'writeFloatLE'],
    ['writeUInt16', 'writeUInt16LE'],
    ['writeUInt32', 'writeUInt32LE'],
    ['writeUint16', 'writeUInt16LE'],
    ['writeUint32', 'writeUInt32LE'],
  ] as const) {
    const impl = methods[target]!
    methods[alias] = function (this: Buf, ...args: never[]) {
      return impl.apply(this, args)
    }
  }
  defineMethods(proto, methods)
  Object.defineProperty(proto, INSPECT, { value: inspect, writable: true, configurable: true })
}

function validateInteger(value: unknown, name: string, min: number): asserts value is number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (value < min || value > Number.MAX_SAFE_INTEGER) {
    throw outOfRange(name, `>= ${min} && <= ${Number.MAX_SAFE_INTEGER}`, value)
  }
}

/** `true` for the npm package's class (not yet completed or completed), `false` for a host's native Buffer. */
export function isPolyfillBuffer(B: BufferConstructor): boolean {
  const statics = B as unknown as Record<string | symbol, unknown>
  return statics[INSTALLED] === true || 'TYPED_ARRAY_SUPPORT' in statics
}
