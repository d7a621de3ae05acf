/**
 * `node:buffer`. The runtime's one `Buffer` class is the npm `buffer`
 * package's (every builtin imports it from `'buffer'`); {@link installBuffer}
 * completes it in place to Node 20's/Bun's behaviour, and the module's
 * exports add Node's functions around it.
 *
 * Where the bundle targets Node (the Node host), `'buffer'` is Node's own
 * Buffer, already complete: {@link installBuffer} then leaves it alone.
 */
import { Buffer } from 'buffer'
import type { NodeContext } from './context.js'
import { decode, encode, lookupEncoding } from './internal/buffer-codec.js'
import {
  completeBuffer,
  inspectSettings,
  isPolyfillBuffer,
  kMaxLength,
  kStringMaxLength,
} from './internal/buffer-install.js'
import { codedError, invalidArgType, outOfRange } from './internal/node-b-errors.js'

/** What `require('node:buffer')` returns. */
export interface BufferModule {
  Buffer: typeof Buffer
  SlowBuffer: (size: number) => Buffer
  Blob: typeof Blob
  File: typeof File
  atob: typeof atob
  btoa: typeof btoa
  /** `{ MAX_LENGTH, MAX_STRING_LENGTH }`. */
  constants: { MAX_LENGTH: number; MAX_STRING_LENGTH: number }
  kMaxLength: number
  kStringMaxLength: number
  /** Bytes shown by a Buffer's inspect output (default 50; settable, a number >= 0). */
  INSPECT_MAX_BYTES: number
  isAscii(input: ArrayBufferView | ArrayBuffer): boolean
  isUtf8(input: ArrayBufferView | ArrayBuffer): boolean
  /** The Blob a `URL.createObjectURL()` URL names, or `undefined`. */
  resolveObjectURL(id: string): Blob | undefined
  transcode(source: Uint8Array, fromEncoding: string, toEncoding: string): Buffer
}

const objectUrls = new Map<string, Blob>()
let urlsHooked = false

/**
 * Completes the runtime's `Buffer` (see the module comment) and records the
 * Blobs given to `URL.createObjectURL` so `resolveObjectURL` can find them.
 * Idempotent; the integrator calls it once at startup, before user code, and
 * every factory here calls it too.
 */
export function installBuffer(): void {
  if (isPolyfillBuffer(Buffer)) completeBuffer(Buffer)
  if (!urlsHooked && typeof URL.createObjectURL === 'function') {
    urlsHooked = true
    const create = URL.createObjectURL
    const revoke = URL.revokeObjectURL
    URL.createObjectURL = function createObjectURL(object: Blob | MediaSource): string {
      const url = create.call(URL, object)
      if (object instanceof Blob) objectUrls.set(url, object)
      return url
    }
    URL.revokeObjectURL = function revokeObjectURL(url: string): void {
      objectUrls.delete(String(url))
      revoke.call(URL, url)
    }
  }
}

function bytesOf(input: unknown): Uint8Array {
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
  if (
    input instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)
  ) {
    return new Uint8Array(input)
  }
  throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'First argument must be an ArrayBufferView')
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** `buffer.isUtf8`. */
export function isUtf8(input: ArrayBufferView | ArrayBuffer): boolean {
  try {
    strictUtf8.decode(bytesOf(input))
    return true
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_INVALID_ARG_TYPE') throw error
    return false
  }
}

/** `buffer.isAscii`. */
export function isAscii(input: ArrayBufferView | ArrayBuffer): boolean {
  const bytes = bytesOf(input)
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false
  return true
}

function transcodeError(code: string, errno: number): Error {
  const error = new Error(`Unable to transcode Buffer [${code}]`) as Error & { code: string; errno: number }
  error.code = code
  error.errno = errno
  return error
}

const TRANSCODABLE = new Set(['ascii', 'latin1', 'utf16le', 'utf8'])

/** `buffer.transcode`: between ascii, latin1 (binary), ucs2 (utf16le) and utf8, as ICU does it. */
export function transcode(source: Uint8Array, fromEncoding: string, toEncoding: string): Buffer {
  if (!(source instanceof Uint8Array)) throw invalidArgType('source', ['Buffer', 'Uint8Array'], source)
  if (source.length === 0) return Buffer.alloc(0)
  const from = lookupEncoding(fromEncoding)
  const to = lookupEncoding(toEncoding)
  if (!from || !to || !TRANSCODABLE.has(from) || !TRANSCODABLE.has(to)) {
    throw transcodeError('U_ILLEGAL_ARGUMENT_ERROR', 1)
  }
  let text: string
  if (from === 'utf8') {
    try {
      text = strictUtf8.decode(source)
    } catch {
      throw transcodeError('U_INVALID_CHAR_FOUND', 10)
    }
  } else if (from === 'ascii') {
    text = Array.from(source, (byte) => (byte < 0x80 ? String.fromCharCode(byte) : '\ufffd')).join('')
  } else text = decode(source, from)
  if (to === 'latin1' || to === 'ascii') {
    const limit = to === 'ascii' ? 0x7f : 0xff
    let narrowed = ''
    for (const char of text) narrowed += char.codePointAt(0)! <= limit ? char : '?'
    text = narrowed
  }
  const bytes = encode(text, to)
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
}

/**
 * Sets how a Buffer's extra (non-index) properties render inside its inspect
 * output: `render(extras)` returns the object on one line in Bun.inspect's
 * style, braces included (`{ foo: 1, bar: "x" }`). The integrator passes the
 * console module's formatter; a built-in one handles common values until then.
 */
export function setBufferInspector(render: (extras: Record<string, unknown>) => string): void {
  inspectSettings.render = render
}

/** `buffer.resolveObjectURL`. */
export function resolveObjectURL(id: string): Blob | undefined {
  return objectUrls.get(String(id))
}

/** `buffer.SlowBuffer` (deprecated): an uninitialised-looking (here zeroed) Buffer of `size` bytes. */
export const SlowBuffer: (size: number) => Buffer = (() => {
  function SlowBuffer(size: number): Buffer {
    if (typeof size !== 'number') throw invalidArgType('size', 'number', size)
    if (!(size >= 0 && size <= kMaxLength)) throw outOfRange('size', `>= 0 && <= ${kMaxLength}`, size)
    return Buffer.allocUnsafeSlow(size)
  }
  SlowBuffer.prototype = Buffer.prototype
  return SlowBuffer
})()

/** Builds `node:buffer` for one process (the classes and state are shared by all). */
export function createBuffer(_ctx: NodeContext): BufferModule {
  installBuffer()
  const exports = {
    Buffer,
    SlowBuffer,
    Blob: globalThis.Blob,
    File: globalThis.File,
    atob: globalThis.atob,
    btoa: globalThis.btoa,
    constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
    kMaxLength,
    kStringMaxLength,
    isAscii,
    isUtf8,
    resolveObjectURL,
    transcode,
  } as BufferModule
  Object.defineProperty(exports, 'INSPECT_MAX_BYTES', {
    enumerable: true,
    get: () => inspectSettings.maxBytes,
    set: (value: unknown) => {
      if (typeof value !== 'number') throw invalidArgType('INSPECT_MAX_BYTES', 'number', value)
      if (!(value >= 0)) throw outOfRange('INSPECT_MAX_BYTES', '>= 0', value)
      inspectSettings.maxBytes = value
    },
  })
  return exports
}
