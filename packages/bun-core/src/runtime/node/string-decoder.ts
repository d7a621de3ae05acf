/**
 * `node:string_decoder`: the npm `string_decoder` package, with what it
 * lacks against Node 20/Bun — `base64url`, Node's encoding names and errors
 * (`ERR_UNKNOWN_ENCODING`, `ERR_INVALID_ARG_TYPE`), and any ArrayBufferView
 * as input (the package expects Buffers).
 */
import { Buffer } from 'buffer'
import { StringDecoder as PackageDecoder } from 'string_decoder'
import { installBuffer } from './buffer.js'
import type { NodeContext } from './context.js'
import { normalizeEncoding } from './internal/buffer-codec.js'
import { codedError, invalidArgTypeOf } from './internal/node-b-errors.js'

function toBuffer(value: unknown): Buffer {
  if (!ArrayBuffer.isView(value)) throw invalidArgTypeOf('buf', 'Buffer, TypedArray, or DataView', value)
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
}

function urlSafe(text: string): string {
  return text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

type Step = (this: PackageDecoder, buf?: Buffer) => string

/** Node's StringDecoder: decodes byte chunks into strings without splitting characters. */
export class StringDecoder extends PackageDecoder {
  readonly #url: boolean
  readonly #write: Step
  readonly #end: Step

  constructor(encoding?: BufferEncoding) {
    const normalized = normalizeEncoding(encoding)
    if (normalized === undefined) {
      throw codedError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${String(encoding)}`)
    }
    super(normalized === 'base64url' ? 'base64' : normalized)
    this.#url = normalized === 'base64url'
    ;(this as { encoding?: string }).encoding = normalized
    // The package assigns per-encoding `write`/`end` on the instance; ours wrap them.
    const own = this as unknown as { write?: Step; end?: Step }
    this.#write = Object.hasOwn(this, 'write') ? own.write! : (PackageDecoder.prototype.write as Step)
    this.#end = Object.hasOwn(this, 'end') ? own.end! : (PackageDecoder.prototype.end as Step)
    delete own.write
    delete own.end
  }

  override write(buf: string | ArrayBufferView): string {
    if (typeof buf === 'string') return buf
    const text = this.#write.call(this, toBuffer(buf))
    return this.#url ? urlSafe(text) : text
  }

  override end(buf?: string | ArrayBufferView): string {
    let text = ''
    if (buf !== undefined) text = this.write(buf)
    const rest = this.#end.call(this)
    return text + (this.#url ? urlSafe(rest) : rest)
  }
}

/** What `require('node:string_decoder')` returns. */
export interface StringDecoderModule {
  StringDecoder: typeof StringDecoder
}

/** Builds `node:string_decoder`. */
export function createStringDecoder(_ctx: NodeContext): StringDecoderModule {
  installBuffer()
  return { StringDecoder }
}
