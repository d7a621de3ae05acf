/**
 * `node:zlib` for one process, as Bun 1.4.5 exposes it:
 *
 * - the DEFLATE family — `Deflate`, `Inflate`, `Gzip`, `Gunzip`,
 *   `DeflateRaw`, `InflateRaw`, `Unzip` stream classes (readable-stream
 *   Transforms, with `flush`, `params`, `reset`, `close`, `bytesWritten`),
 *   their `create*` factories, and the one-shot `deflate`/`deflateSync` …
 *   forms (callbacks; `util.promisify` works on them);
 * - options `level`, `strategy`, `windowBits`, `memLevel`, `chunkSize`,
 *   `dictionary`, `flush`, `finishFlush`, `maxOutputLength`, `info`,
 *   validated with Node's errors;
 * - `crc32`, `constants`, `codes`.
 *
 * Compression is fflate's encoder in our framing (zlib-deflate.ts):
 * output decompresses everywhere but is not byte-identical to zlib's, and
 * `strategy`/`memLevel` do not change the encoder. Decompression is our
 * decoder (zlib-inflate.ts) with zlib's error messages, `Z_DATA_ERROR`,
 * `Z_BUF_ERROR` and `Z_NEED_DICT` codes.
 *
 * Brotli and Zstandard are not available (no codec in this runtime): their
 * functions and classes throw `ERR_FEATURE_UNAVAILABLE_ON_PLATFORM`.
 */

import type { TransformOptions } from 'node:stream'
import { Buffer } from 'buffer'
import type { NodeContext } from './context.js'
import { codedError, describeReceived, invalidArgType, outOfRange } from './internal/crypto-errors.js'
import { Transform } from './internal/crypto-stream.js'
import { crc32 } from './internal/zlib-checksum.js'
import { type DeflateFormat, Deflater, type FlushKind } from './internal/zlib-deflate.js'
import { type InflateFormat, Inflater, ZlibError } from './internal/zlib-inflate.js'

/** The exports object of `node:zlib`. */
export type ZlibModule = Record<string, unknown>

const CONSTANTS: Record<string, number> = {
  Z_NO_FLUSH: 0,
  Z_PARTIAL_FLUSH: 1,
  Z_SYNC_FLUSH: 2,
  Z_FULL_FLUSH: 3,
  Z_FINISH: 4,
  Z_BLOCK: 5,
  Z_OK: 0,
  Z_STREAM_END: 1,
  Z_NEED_DICT: 2,
  Z_ERRNO: -1,
  Z_STREAM_ERROR: -2,
  Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4,
  Z_BUF_ERROR: -5,
  Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0,
  Z_BEST_SPEED: 1,
  Z_BEST_COMPRESSION: 9,
  Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1,
  Z_HUFFMAN_ONLY: 2,
  Z_RLE: 3,
  Z_FIXED: 4,
  Z_DEFAULT_STRATEGY: 0,
  ZLIB_VERNUM: 4880,
  DEFLATE: 1,
  INFLATE: 2,
  GZIP: 3,
  GUNZIP: 4,
  DEFLATERAW: 5,
  INFLATERAW: 6,
  UNZIP: 7,
  BROTLI_DECODE: 8,
  BROTLI_ENCODE: 9,
  ZSTD_COMPRESS: 10,
  ZSTD_DECOMPRESS: 11,
  Z_MIN_WINDOWBITS: 8,
  Z_MAX_WINDOWBITS: 15,
  Z_DEFAULT_WINDOWBITS: 15,
  Z_MIN_CHUNK: 64,
  Z_MAX_CHUNK: Number.POSITIVE_INFINITY,
  Z_DEFAULT_CHUNK: 16384,
  Z_MIN_MEMLEVEL: 1,
  Z_MAX_MEMLEVEL: 9,
  Z_DEFAULT_MEMLEVEL: 8,
  Z_MIN_LEVEL: -1,
  Z_MAX_LEVEL: 9,
  Z_DEFAULT_LEVEL: -1,
}
// Bun's brotli and zstd constants, kept for programs that read them (the codecs themselves are unavailable).
const BROTLI_ZSTD_CONSTANTS =
  'BROTLI_OPERATION_PROCESS:0,BROTLI_OPERATION_FLUSH:1,BROTLI_OPERATION_FINISH:2,BROTLI_OPERATION_EMIT_METADATA:3,BROTLI_PARAM_MODE:0,BROTLI_MODE_GENERIC:0,BROTLI_MODE_TEXT:1,BROTLI_MODE_FONT:2,BROTLI_DEFAULT_MODE:0,BROTLI_PARAM_QUALITY:1,BROTLI_MIN_QUALITY:0,BROTLI_MAX_QUALITY:11,BROTLI_DEFAULT_QUALITY:11,BROTLI_PARAM_LGWIN:2,BROTLI_MIN_WINDOW_BITS:10,BROTLI_MAX_WINDOW_BITS:24,BROTLI_LARGE_MAX_WINDOW_BITS:30,BROTLI_DEFAULT_WINDOW:22,BROTLI_PARAM_LGBLOCK:3,BROTLI_MIN_INPUT_BLOCK_BITS:16,BROTLI_MAX_INPUT_BLOCK_BITS:24,BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING:4,BROTLI_PARAM_SIZE_HINT:5,BROTLI_PARAM_LARGE_WINDOW:6,BROTLI_PARAM_NPOSTFIX:7,BROTLI_PARAM_NDIRECT:8,BROTLI_DECODER_RESULT_ERROR:0,BROTLI_DECODER_RESULT_SUCCESS:1,BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:2,BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:3,BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION:0,BROTLI_DECODER_PARAM_LARGE_WINDOW:1,BROTLI_DECODER_NO_ERROR:0,BROTLI_DECODER_SUCCESS:1,BROTLI_DECODER_NEEDS_MORE_INPUT:2,BROTLI_DECODER_NEEDS_MORE_OUTPUT:3,BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE:-1,BROTLI_DECODER_ERROR_FORMAT_RESERVED:-2,BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE:-3,BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET:-4,BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME:-5,BROTLI_DECODER_ERROR_FORMAT_CL_SPACE:-6,BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE:-7,BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT:-8,BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1:-9,BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2:-10,BROTLI_DECODER_ERROR_FORMAT_TRANSFORM:-11,BROTLI_DECODER_ERROR_FORMAT_DICTIONARY:-12,BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS:-13,BROTLI_DECODER_ERROR_FORMAT_PADDING_1:-14,BROTLI_DECODER_ERROR_FORMAT_PADDING_2:-15,BROTLI_DECODER_ERROR_FORMAT_DISTANCE:-16,BROTLI_DECODER_ERROR_FORMAT_BLOCK_SWITCH:-17,BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET:-19,BROTLI_DECODER_ERROR_INVALID_ARGUMENTS:-20,BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES:-21,BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS:-22,BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP:-25,BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1:-26,BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2:-27,BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES:-30,BROTLI_DECODER_ERROR_UNREACHABLE:-31,ZSTD_e_continue:0,ZSTD_e_flush:1,ZSTD_e_end:2,ZSTD_fast:1,ZSTD_dfast:2,ZSTD_greedy:3,ZSTD_lazy:4,ZSTD_lazy2:5,ZSTD_btlazy2:6,ZSTD_btopt:7,ZSTD_btultra:8,ZSTD_btultra2:9,ZSTD_c_compressionLevel:100,ZSTD_c_windowLog:101,ZSTD_c_hashLog:102,ZSTD_c_chainLog:103,ZSTD_c_searchLog:104,ZSTD_c_minMatch:105,ZSTD_c_targetLength:106,ZSTD_c_strategy:107,ZSTD_c_enableLongDistanceMatching:160,ZSTD_c_ldmHashLog:161,ZSTD_c_ldmMinMatch:162,ZSTD_c_ldmBucketSizeLog:163,ZSTD_c_ldmHashRateLog:164,ZSTD_c_contentSizeFlag:200,ZSTD_c_checksumFlag:201,ZSTD_c_dictIDFlag:202,ZSTD_c_nbWorkers:400,ZSTD_c_jobSize:401,ZSTD_c_overlapLog:402,ZSTD_d_windowLogMax:100,ZSTD_CLEVEL_DEFAULT:3,ZSTD_error_no_error:0,ZSTD_error_GENERIC:1,ZSTD_error_prefix_unknown:10,ZSTD_error_version_unsupported:12,ZSTD_error_frameParameter_unsupported:14,ZSTD_error_frameParameter_windowTooLarge:16,ZSTD_error_corruption_detected:20,ZSTD_error_checksum_wrong:22,ZSTD_error_literals_headerWrong:24,ZSTD_error_dictionary_corrupted:30,ZSTD_error_dictionary_wrong:32,ZSTD_error_dictionaryCreation_failed:34,ZSTD_error_parameter_unsupported:40,ZSTD_error_parameter_combination_unsupported:41,ZSTD_error_parameter_outOfBound:42,ZSTD_error_tableLog_tooLarge:44,ZSTD_error_maxSymbolValue_tooLarge:46,ZSTD_error_maxSymbolValue_tooSmall:48,ZSTD_error_stabilityCondition_notRespected:50,ZSTD_error_stage_wrong:60,ZSTD_error_init_missing:62,ZSTD_error_memory_allocation:64,ZSTD_error_workSpace_tooSmall:66,ZSTD_error_dstSize_tooSmall:70,ZSTD_error_srcSize_wrong:72,ZSTD_error_dstBuffer_null:74,ZSTD_error_noForwardProgress_destFull:80,ZSTD_error_noForwardProgress_inputEmpty:82'
for (const pair of BROTLI_ZSTD_CONSTANTS.split(',')) {
  const [name, value] = pair.split(':') as [string, string]
  CONSTANTS[name] = Number(value)
}
Object.freeze(CONSTANTS)

const CODES: Record<string, string | number> = {
  '0': 'Z_OK',
  '1': 'Z_STREAM_END',
  '2': 'Z_NEED_DICT',
  Z_OK: 0,
  Z_STREAM_END: 1,
  Z_NEED_DICT: 2,
  Z_ERRNO: -1,
  Z_STREAM_ERROR: -2,
  Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4,
  Z_BUF_ERROR: -5,
  Z_VERSION_ERROR: -6,
  '-1': 'Z_ERRNO',
  '-2': 'Z_STREAM_ERROR',
  '-3': 'Z_DATA_ERROR',
  '-4': 'Z_MEM_ERROR',
  '-5': 'Z_BUF_ERROR',
  '-6': 'Z_VERSION_ERROR',
}

/** The options every DEFLATE-family class takes (Node's `ZlibOptions`). */
export interface ZlibOptions extends Omit<TransformOptions, 'flush'> {
  flush?: number
  finishFlush?: number
  chunkSize?: number
  windowBits?: number
  level?: number
  memLevel?: number
  strategy?: number
  dictionary?: ArrayBufferView | ArrayBuffer
  info?: boolean
  maxOutputLength?: number
}

type Mode = 'deflate' | 'inflate' | 'gzip' | 'gunzip' | 'deflateRaw' | 'inflateRaw' | 'unzip'
const COMPRESS: Partial<Record<Mode, DeflateFormat>> = { deflate: 'zlib', gzip: 'gzip', deflateRaw: 'raw' }
const DECOMPRESS: Partial<Record<Mode, InflateFormat>> = {
  inflate: 'zlib',
  gunzip: 'gzip',
  inflateRaw: 'raw',
  unzip: 'unzip',
}
const MAX_LENGTH = 2 ** 32

/** Node's `checkRangesOrGetDefault`: undefined/NaN → default; wrong type or range → Node's errors. */
function numberOption(
  options: ZlibOptions,
  key: keyof ZlibOptions,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = options[key]
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return fallback
  if (typeof value !== 'number') throw invalidArgType(`options.${key}`, 'of type number', value)
  if (!Number.isFinite(value) && !(value === Number.POSITIVE_INFINITY && max === Number.POSITIVE_INFINITY)) {
    throw outOfRange(`options.${key}`, 'a finite number', value)
  }
  if (value < min || value > max) {
    throw outOfRange(
      `options.${key}`,
      max === Number.POSITIVE_INFINITY ? `>= ${min}` : `>= ${min} and <= ${max}`,
      value,
    )
  }
  return value
}

interface Settings {
  flush: number
  finishFlush: number
  level: number
  strategy: number
  windowBits: number
  chunkSize: number
  maxOutputLength: number
  dictionary: Uint8Array | undefined
}

function readOptions(mode: Mode, options: ZlibOptions | undefined): Settings {
  const o = options ?? {}
  if (typeof o !== 'object') throw invalidArgType('options', 'of type object', o)
  const dictionary = o.dictionary
  let dict: Uint8Array | undefined
  if (dictionary !== undefined) {
    if (ArrayBuffer.isView(dictionary))
      dict = new Uint8Array(dictionary.buffer, dictionary.byteOffset, dictionary.byteLength)
    else if (dictionary instanceof ArrayBuffer) dict = new Uint8Array(dictionary)
    else {
      throw invalidArgType(
        'options.dictionary',
        'an instance of Buffer, TypedArray, DataView, or ArrayBuffer',
        dictionary,
      )
    }
  }
  const decompress = mode in DECOMPRESS
  const windowBits = numberOption(o, 'windowBits', decompress ? 0 : 8, 15, 15)
  if (decompress && windowBits !== 0 && windowBits < 8) {
    throw outOfRange('options.windowBits', '>= 8 and <= 15', windowBits)
  }
  return {
    flush: numberOption(o, 'flush', 0, 5, 0),
    finishFlush: numberOption(o, 'finishFlush', 0, 5, 4),
    chunkSize: numberOption(o, 'chunkSize', 64, Number.POSITIVE_INFINITY, 16384),
    windowBits: windowBits === 0 ? 15 : windowBits,
    level: numberOption(o, 'level', -1, 9, -1),
    memLevel: numberOption(o, 'memLevel', 1, 9, 8),
    strategy: numberOption(o, 'strategy', 0, 4, 0),
    maxOutputLength: numberOption(o, 'maxOutputLength', 1, MAX_LENGTH, MAX_LENGTH),
    dictionary: dict,
  } as Settings
}

/** The codec under one stream: compression or decompression, restartable for `reset()`. */
class Codec {
  private deflater: Deflater | undefined
  private inflater: Inflater | undefined

  constructor(
    readonly mode: Mode,
    readonly settings: Settings,
  ) {
    this.reset()
  }

  reset(): void {
    const compress = COMPRESS[this.mode]
    if (compress) {
      this.deflater = new Deflater(compress, {
        level: this.settings.level,
        strategy: this.settings.strategy,
        dictionary: this.settings.dictionary,
      })
    } else {
      this.inflater = new Inflater(
        DECOMPRESS[this.mode] as InflateFormat,
        this.settings.dictionary,
        this.settings.windowBits,
      )
    }
  }

  /** Changes the compression level for what follows (a sync flush ends the earlier data). */
  params(level: number, strategy: number): Uint8Array[] {
    this.settings.level = level
    this.settings.strategy = strategy
    return this.deflater ? this.deflater.setLevel(level) : []
  }

  write(chunk: Uint8Array, flush: FlushKind): Uint8Array[] {
    if (this.deflater) return this.deflater.push(chunk, flush)
    const inflater = this.inflater as Inflater
    const out = inflater.push(chunk)
    if (flush === 'finish') out.push(...inflater.finish(this.settings.finishFlush !== CONSTANTS.Z_FINISH))
    return out
  }
}

function flushKind(flag: number): FlushKind {
  if (flag === CONSTANTS.Z_FINISH) return 'finish'
  if (flag === CONSTANTS.Z_NO_FLUSH) return 'none'
  return 'sync'
}

function toInput(buffer: unknown): Uint8Array {
  if (typeof buffer === 'string') return Buffer.from(buffer, 'utf8')
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer)
  throw codedError(
    TypeError,
    'ERR_INVALID_ARG_TYPE',
    `The "buffer" argument must be of type string, Buffer, TypedArray, DataView, or ArrayBuffer. ${describeReceived(buffer)}`,
  )
}

function tooLarge(limit: number): Error {
  return codedError(RangeError, 'ERR_BUFFER_TOO_LARGE', `Cannot create a Buffer larger than ${limit} bytes`)
}

function collect(chunks: Uint8Array[], limit: number): Buffer {
  let total = 0
  for (const chunk of chunks) total += chunk.length
  if (total > limit) throw tooLarge(limit)
  return Buffer.concat(chunks, total)
}

/** Builds the `node:zlib` exports for one process. */
export function createZlib(ctx: NodeContext): ZlibModule {
  /** What every DEFLATE-family stream shares. */
  class ZlibBase extends Transform {
    /** @internal */
    _codec: Codec
    bytesWritten = 0
    readonly _defaultFlushFlag: number
    readonly _finishFlushFlag: number
    _closed = false

    constructor(mode: Mode, options?: ZlibOptions) {
      const settings = readOptions(mode, options)
      const { flush: _flush, ...streamOptions } = options ?? {}
      super({ ...streamOptions, readableHighWaterMark: settings.chunkSize })
      this._codec = new Codec(mode, settings)
      this._defaultFlushFlag = settings.flush
      this._finishFlushFlag = settings.finishFlush
    }

    get _level(): number {
      return this._codec.settings.level
    }

    get _strategy(): number {
      return this._codec.settings.strategy
    }

    override _transform(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      try {
        const bytes = toInput(chunk)
        this.bytesWritten += bytes.length
        for (const out of this._codec.write(bytes, flushKind(this._defaultFlushFlag))) this.push(Buffer.from(out))
        callback()
      } catch (error) {
        callback(error as Error)
      }
    }

    override _flush(callback: (error?: Error | null) => void): void {
      try {
        for (const out of this._codec.write(new Uint8Array(0), 'finish')) this.push(Buffer.from(out))
        callback()
      } catch (error) {
        callback(error as Error)
      }
    }

    /** Flushes pending compressed output (`kind`: a `Z_*_FLUSH` constant), then calls `callback`. */
    flush(kind?: number | (() => void), callback?: () => void): void {
      if (typeof kind === 'function') {
        callback = kind
        kind = undefined
      }
      const flag = kind ?? CONSTANTS.Z_FULL_FLUSH
      this.write(Buffer.alloc(0), () => {})
      ctx.nextTick(() => {
        try {
          for (const out of this._codec.write(new Uint8Array(0), flushKind(flag === CONSTANTS.Z_FINISH ? 2 : flag))) {
            this.push(Buffer.from(out))
          }
        } catch (error) {
          this.destroy(error as Error)
          return
        }
        callback?.()
      })
    }

    /** Changes level and strategy of a compressing stream. */
    params(level: number, strategy: number, callback?: () => void): void {
      numberOption({ level }, 'level', -1, 9, -1)
      numberOption({ strategy }, 'strategy', 0, 4, 0)
      for (const out of this._codec.params(level, strategy)) this.push(Buffer.from(out))
      if (callback) ctx.nextTick(callback)
    }

    /** Starts over (discarding state); Node allows it between members. */
    reset(): void {
      this._codec.reset()
    }

    close(callback?: () => void): void {
      if (callback) this.once('close', callback)
      this._closed = true
      this.destroy()
    }
  }

  const classes = {} as Record<Mode, new (options?: ZlibOptions) => ZlibBase>
  const names: Record<Mode, string> = {
    deflate: 'Deflate',
    inflate: 'Inflate',
    gzip: 'Gzip',
    gunzip: 'Gunzip',
    deflateRaw: 'DeflateRaw',
    inflateRaw: 'InflateRaw',
    unzip: 'Unzip',
  }
  for (const mode of Object.keys(names) as Mode[]) {
    const Class = class extends ZlibBase {
      constructor(options?: ZlibOptions) {
        super(mode, options)
      }
    }
    Object.defineProperty(Class, 'name', { value: names[mode] })
    // Node's zlib classes may be called without `new`.
    classes[mode] = new Proxy(Class, {
      apply: (target, _self, args) => Reflect.construct(target, args),
    })
  }

  function runSync(mode: Mode, buffer: unknown, options?: ZlibOptions): Buffer | { buffer: Buffer; engine: ZlibBase } {
    const input = toInput(buffer)
    const engine = new classes[mode](options)
    const settings = engine._codec.settings
    const out = engine._codec.write(input, flushKind(settings.finishFlush))
    const result = collect(out, settings.maxOutputLength)
    engine.bytesWritten = input.length
    return options?.info ? { buffer: result, engine } : result
  }

  const exports: ZlibModule = {
    constants: CONSTANTS,
    codes: CODES,
    crc32(data: unknown, value: unknown = 0): number {
      let bytes: Uint8Array
      if (typeof data === 'string') bytes = Buffer.from(data, 'utf8')
      else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      else {
        throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data)
      }
      if (typeof value !== 'number') throw invalidArgType('value', 'of type number', value)
      if (!Number.isInteger(value) || value < 0 || value > 4294967295) {
        throw outOfRange('value', '>= 0 && <= 4294967295', value)
      }
      return crc32(bytes, value)
    },
  }
  for (const mode of Object.keys(names) as Mode[]) {
    const Class = classes[mode]
    const name = names[mode]
    exports[name] = Class
    exports[`create${name}`] = (options?: ZlibOptions) => new Class(options)
    exports[`${mode}Sync`] = (buffer: unknown, options?: ZlibOptions) => runSync(mode, buffer, options)
    exports[mode] = (buffer: unknown, options?: ZlibOptions | ((...args: unknown[]) => void), callback?: unknown) => {
      if (typeof options === 'function') {
        callback = options
        options = undefined
      }
      if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback)
      const input = toInput(buffer)
      const release = ctx.ref()
      setTimeout(() => {
        let result: unknown
        try {
          result = runSync(mode, input, options as ZlibOptions | undefined)
        } catch (error) {
          release()
          ;(callback as (error: Error) => void)(error as Error)
          return
        }
        release()
        ;(callback as (error: null, result: unknown) => void)(null, result)
      }, 0)
    }
  }
  const unavailable = (name: string) => () => {
    throw codedError(
      Error,
      'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
      `The feature zlib.${name} is unavailable on the current platform, which is being used to run Bun (Vitamin-Bun has no ${name.toLowerCase().includes('brotli') ? 'Brotli' : 'Zstandard'} codec)`,
    )
  }
  for (const name of [
    'BrotliCompress',
    'BrotliDecompress',
    'createBrotliCompress',
    'createBrotliDecompress',
    'brotliCompress',
    'brotliCompressSync',
    'brotliDecompress',
    'brotliDecompressSync',
    'ZstdCompress',
    'ZstdDecompress',
    'createZstdCompress',
    'createZstdDecompress',
    'zstdCompress',
    'zstdCompressSync',
    'zstdDecompress',
    'zstdDecompressSync',
  ]) {
    exports[name] = unavailable(name)
  }
  return exports
}

export { ZlibError }
