/**
 * Bun's synchronous compression helpers (https://bun.sh/docs/api/utils):
 * `Bun.deflateSync`/`Bun.inflateSync` (raw DEFLATE by default; `inflateSync`
 * reads zlib with `windowBits` 8–15, gzip with 16–31, either with 32+) and
 * `Bun.gzipSync`/`Bun.gunzipSync` (one gzip member). Results are
 * Uint8Arrays; errors are plain Errors with zlib's message, or "Zlib
 * returned an error" for input that ends early, as in Bun 1.4.5.
 *
 * Compressed bytes come from fflate's encoder, so they differ from Bun's
 * (zlib's) while decompressing to the same data. `Bun.zstdCompressSync` and
 * the asynchronous zstd helpers are not provided (no Zstandard codec here).
 */
import { Buffer } from 'buffer'
import { codedError } from '../node/internal/crypto-errors.js'
import { type DeflateFormat, Deflater } from '../node/internal/zlib-deflate.js'
import { type InflateFormat, Inflater, ZlibError } from '../node/internal/zlib-inflate.js'

/** `ZlibCompressionOptions` of Bun's helpers. */
export interface ZlibCompressionOptions {
  level?: number
  memLevel?: number
  windowBits?: number
  strategy?: number
  library?: 'zlib' | 'libdeflate'
}

/** Data the helpers accept. */
export type CompressInput = string | ArrayBuffer | ArrayBufferView

/** The compression members of the `Bun` global. */
export interface BunCompress {
  deflateSync(data: CompressInput, options?: ZlibCompressionOptions): Uint8Array
  inflateSync(data: CompressInput, options?: ZlibCompressionOptions): Uint8Array
  gzipSync(data: CompressInput, options?: ZlibCompressionOptions): Uint8Array
  gunzipSync(data: CompressInput, options?: ZlibCompressionOptions): Uint8Array
}

function input(data: unknown): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'data must be a string, ArrayBuffer or ArrayBufferView')
}

function options(value: unknown): ZlibCompressionOptions {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object') {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'ZlibCompressionOptions must be an object')
  }
  const o = value as ZlibCompressionOptions
  if (o.memLevel !== undefined) {
    const memLevel = Number(o.memLevel) | 0
    if (memLevel < 1 || memLevel > 9) {
      throw codedError(
        RangeError,
        'ERR_OUT_OF_RANGE',
        `The value of "ZlibCompressionOptions.memLevel" is out of range. It must be >= 1 && <= 9. Received ${memLevel}`,
      )
    }
  }
  return o
}

function compress(format: DeflateFormat, data: unknown, rawOptions: unknown): Uint8Array {
  const bytes = input(data)
  const o = options(rawOptions)
  // Bun converts the level to an integer (a non-number is 0) and lets zlib reject the range.
  const level = o.level === undefined ? -1 : Number(o.level) | 0
  if (level < -1 || level > 9) throw new Error('Zlib error: Invalid argument')
  const chunks = new Deflater(format, { level, strategy: Number(o.strategy ?? 0) | 0 }).push(bytes, 'finish')
  return Uint8Array.from(Buffer.concat(chunks))
}

function decompress(format: InflateFormat, data: unknown, rawOptions: unknown, singleMember: boolean): Uint8Array {
  const bytes = input(data)
  options(rawOptions)
  const inflater = new Inflater(format, undefined, 15, singleMember)
  try {
    const chunks = inflater.push(bytes)
    chunks.push(...inflater.finish())
    return Uint8Array.from(Buffer.concat(chunks))
  } catch (error) {
    if (error instanceof ZlibError) {
      throw new Error(error.code === 'Z_BUF_ERROR' ? 'Zlib returned an error' : error.message)
    }
    throw error
  }
}

/** The format `Bun.inflateSync` reads for `windowBits`. */
function inflateFormat(windowBits: unknown): InflateFormat {
  if (typeof windowBits !== 'number' || windowBits <= 0) return 'raw'
  if (windowBits >= 32) return 'unzip'
  return windowBits >= 16 ? 'gzip' : 'zlib'
}

/** Builds `Bun.deflateSync`, `Bun.inflateSync`, `Bun.gzipSync` and `Bun.gunzipSync`. */
export function createBunCompress(): BunCompress {
  return {
    deflateSync: (data, o) => compress('raw', data, o),
    inflateSync: (data, o) => decompress(inflateFormat(options(o).windowBits), data, o, false),
    gzipSync: (data, o) => compress('gzip', data, o),
    gunzipSync: (data, o) => decompress('gzip', data, o, true),
  }
}
