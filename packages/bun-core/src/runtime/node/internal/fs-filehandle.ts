/**
 * `FileHandle` of `fs/promises`: a descriptor with promise methods. Closing
 * it (or `await using`) releases the descriptor; afterwards `fd` is -1 and
 * every method rejects with `EBADF`. It emits `close` once closed.
 */
import { Buffer } from 'buffer'
import { EventEmitter } from 'events'
import { type FsCore, SYMBOL_ASYNC_DISPOSE, type Thunk } from './fs-core.js'
import { abortError, invalidArgType } from './fs-errors.js'
import { asBuffer, type FsOps, opsFor } from './fs-ops.js'
import type { BigIntStats, Stats } from './fs-stats.js'
import {
  type FsReadStream,
  type FsWriteStream,
  type ReadStreamOptions,
  streamsFor,
  type WriteStreamOptions,
} from './fs-streams.js'
import { getOptions, validateEncoding, validateSignal } from './fs-validate.js'

/** Data `writeFile` accepts: bytes, text, or (async) iterables of either. */
export type WriteFileData =
  | string
  | ArrayBufferView
  | Iterable<string | ArrayBufferView>
  | AsyncIterable<string | ArrayBufferView>

/** Writes `data` to `fd` at its position (iterables chunk by chunk). */
export async function writeAll(
  core: FsCore,
  fd: number,
  data: unknown,
  encoding: BufferEncoding,
  signal?: AbortSignal,
): Promise<void> {
  const ops = opsFor(core)
  const put = async (chunk: unknown) => {
    if (signal?.aborted) throw abortError(signal.reason)
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk
    if (!ArrayBuffer.isView(bytes)) {
      throw invalidArgType(
        'data',
        'of type string or an instance of Buffer, TypedArray, DataView, or an Iterable',
        chunk,
      )
    }
    await core.promise(ops.write(fd, bytes))
  }
  if (typeof data === 'string' || ArrayBuffer.isView(data)) return put(data)
  if (data !== null && typeof data === 'object' && (Symbol.asyncIterator in data || Symbol.iterator in data)) {
    for await (const chunk of data as AsyncIterable<unknown>) await put(chunk)
    return
  }
  throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, DataView, or an Iterable', data)
}

/** `fsPromises.FileHandle`. */
export class FileHandle extends EventEmitter {
  readonly #core: FsCore
  readonly #ops: FsOps
  #fd: number
  #closing: Promise<void> | null = null

  /** Made by `fsPromises.open`. */
  constructor(core: FsCore, fd: number) {
    super()
    this.#core = core
    this.#ops = opsFor(core)
    this.#fd = fd
  }

  /** The descriptor, -1 once closed. */
  get fd(): number {
    return this.#fd
  }

  #run<T>(syscall: string, make: (fd: number) => Thunk<T>): Promise<T> {
    if (this.#fd === -1 || this.#closing) return Promise.reject(closedError(syscall))
    try {
      return this.#core.promise(make(this.#fd))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  appendFile(data: unknown, options?: unknown): Promise<void> {
    return this.writeFile(data, options)
  }

  chmod(mode: unknown): Promise<void> {
    return this.#run('fchmod', (fd) => this.#ops.fchmod(fd, mode))
  }

  chown(uid: unknown, gid: unknown): Promise<void> {
    return this.#run('fchown', (fd) => this.#ops.fchown(fd, uid, gid))
  }

  datasync(): Promise<void> {
    return this.#run('fdatasync', (fd) => this.#ops.fdatasync(fd))
  }

  sync(): Promise<void> {
    return this.#run('fsync', (fd) => this.#ops.fsync(fd))
  }

  /** Reads into a buffer (default: a new 16 KiB one): `{ bytesRead, buffer }`. */
  async read(
    buffer?: unknown,
    offset?: unknown,
    length?: unknown,
    position?: unknown,
  ): Promise<{ bytesRead: number; buffer: ArrayBufferView }> {
    let target = buffer
    let off = offset
    let len = length
    let pos = position
    if (!ArrayBuffer.isView(buffer)) {
      const o = (buffer ?? {}) as { buffer?: unknown; offset?: unknown; length?: unknown; position?: unknown }
      target = o.buffer ?? Buffer.alloc(16384)
      off = o.offset
      len = o.length
      pos = o.position
    } else if (typeof offset === 'object' && offset !== null) {
      const o = offset as { offset?: unknown; length?: unknown; position?: unknown }
      off = o.offset
      len = o.length
      pos = o.position
    }
    const view = target as ArrayBufferView
    off ??= 0
    len ??= view.byteLength - (off as number)
    const bytesRead = await this.#run('read', (fd) => this.#ops.read(fd, view, off, len, pos ?? null))
    return { buffer: view, bytesRead }
  }

  /** Reads to the end from the current position: a Buffer, or text with an encoding. */
  readFile(options?: unknown): Promise<string | Buffer> {
    const opts = getOptions(options, { encoding: null as unknown, signal: undefined as unknown })
    const signal = validateSignal(opts.signal)
    if (signal?.aborted) return Promise.reject(abortError(signal.reason))
    return this.#run('readFile', (fd) => this.#ops.readFile(fd, { encoding: opts.encoding }))
  }

  /**
   * Lines of the file (from the current position), without their line ends:
   * a `readline.Interface` (`crlfDelay: Infinity`) when the process has
   * `node:readline`, else an async iterator of the same lines.
   */
  readLines(options?: ReadStreamOptions): AsyncIterable<string> {
    let readline: { createInterface(options: object): AsyncIterable<string> } | null = null
    try {
      readline = this.#core.ctx.builtin('readline')
    } catch {
      readline = null
    }
    if (readline)
      return readline.createInterface({ input: this.createReadStream(options), crlfDelay: Number.POSITIVE_INFINITY })
    return lines(this.createReadStream({ ...(options ?? {}), encoding: options?.encoding ?? 'utf8' }))
  }

  async readv(buffers: unknown, position?: unknown): Promise<{ bytesRead: number; buffers: ArrayBufferView[] }> {
    const bytesRead = await this.#run('read', (fd) => this.#ops.readv(fd, buffers, position))
    return { bytesRead, buffers: buffers as ArrayBufferView[] }
  }

  stat(options?: unknown): Promise<Stats | BigIntStats> {
    return this.#run('fstat', (fd) => this.#ops.fstat(fd, options))
  }

  truncate(len?: unknown): Promise<void> {
    return this.#run('ftruncate', (fd) => this.#ops.ftruncate(fd, len))
  }

  utimes(atime: unknown, mtime: unknown): Promise<void> {
    return this.#run('futime', (fd) => this.#ops.futimes(fd, atime, mtime))
  }

  /** `write(buffer[, offset[, length[, position]]])` or `write(string[, position[, encoding]])`. */
  async write(
    data: unknown,
    offsetOrOptions?: unknown,
    length?: unknown,
    position?: unknown,
  ): Promise<{ bytesWritten: number; buffer: unknown }> {
    const bytesWritten = await this.#run('write', (fd) => this.#ops.write(fd, data, offsetOrOptions, length, position))
    return { buffer: data, bytesWritten }
  }

  async writev(buffers: unknown, position?: unknown): Promise<{ bytesWritten: number; buffers: ArrayBufferView[] }> {
    const bytesWritten = await this.#run('write', (fd) => this.#ops.writev(fd, buffers, position))
    return { bytesWritten, buffers: buffers as ArrayBufferView[] }
  }

  /** Writes the data at the current position (strings and iterables too). */
  writeFile(data: unknown, options?: unknown): Promise<void> {
    if (this.#fd === -1 || this.#closing) return Promise.reject(closedError('writeFile'))
    const opts = getOptions(options, { encoding: 'utf8' as unknown, signal: undefined as unknown })
    const encoding = (validateEncoding(opts.encoding, false) ?? 'utf8') as BufferEncoding
    return writeAll(this.#core, this.#fd, data, encoding, validateSignal(opts.signal))
  }

  /** A read stream on this handle; with `autoClose` (the default) it closes the handle when done. */
  createReadStream(options?: ReadStreamOptions): FsReadStream {
    return new (streamsFor(this.#core).ReadStream)(undefined, { ...(options ?? {}), fd: this })
  }

  /** A write stream on this handle; with `autoClose` (the default) it closes the handle when done. */
  createWriteStream(options?: WriteStreamOptions): FsWriteStream {
    return new (streamsFor(this.#core).WriteStream)(undefined, { ...(options ?? {}), fd: this })
  }

  /** A web `ReadableStream` of the file's bytes from the current position. */
  readableWebStream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const { bytesRead, buffer } = await this.read(Buffer.alloc(64 * 1024))
        if (bytesRead === 0) controller.close()
        else controller.enqueue(asBuffer(buffer as Uint8Array).subarray(0, bytesRead))
      },
    })
  }

  /** Closes the descriptor (once; later calls share the first one's result). */
  close(): Promise<void> {
    if (this.#closing) return this.#closing
    if (this.#fd === -1) return Promise.resolve()
    const fd = this.#fd
    this.#closing = this.#core.promise(this.#ops.close(fd)).then(() => {
      this.#fd = -1
      this.emit('close')
    })
    return this.#closing
  }
}

// `await using handle = await fsp.open(…)` closes it.
Object.defineProperty(FileHandle.prototype, SYMBOL_ASYNC_DISPOSE, {
  value(this: FileHandle): Promise<void> {
    return this.close()
  },
  writable: true,
  configurable: true,
})

/** What Bun rejects with once a handle is closed: `SystemError: Bad file descriptor` (no errno). */
function closedError(syscall: string): Error {
  const error = new Error('Bad file descriptor') as Error & { code: string; syscall: string }
  error.code = 'EBADF'
  error.name = 'SystemError'
  error.syscall = syscall
  return error
}

/** Splits a text stream into lines (`\n` or `\r\n` ends; a last line without an end is kept). */
async function* lines(stream: AsyncIterable<unknown>): AsyncGenerator<string, void, undefined> {
  let rest = ''
  for await (const chunk of stream) {
    rest += String(chunk)
    let at = rest.indexOf('\n')
    while (at >= 0) {
      yield rest.slice(0, at).replace(/\r$/, '')
      rest = rest.slice(at + 1)
      at = rest.indexOf('\n')
    }
  }
  if (rest !== '') yield rest
}
