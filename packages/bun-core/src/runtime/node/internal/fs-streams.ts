/**
 * `fs.ReadStream` and `fs.WriteStream` on `readable-stream`'s classes (the
 * ones `node:stream` exports). Like Bun, a stream opened from a path keeps
 * the absolute path (`stream.path`, error messages); `open` (with the
 * descriptor) and `ready` are emitted once it is open, `close` after it is
 * destroyed and its descriptor closed (unless `autoClose: false`).
 *
 * The classes here take the process's {@link FsCore} as a first constructor
 * argument; `fs.ts` derives the public classes that take Node's arguments.
 */
import type { Readable as NodeReadable, Writable as NodeWritable } from 'node:stream'
import { Buffer } from 'buffer'
// @ts-expect-error -- readable-stream ships no type declarations; its classes are Node's (typed below).
import * as readableStream from 'readable-stream'
import type { FsCore } from './fs-core.js'
import { invalidArgType, outOfRange } from './fs-errors.js'
import { type FsOps, opsFor } from './fs-ops.js'
import { isUrl, parseFlags, parseMode, toPathString, validateEncoding, validateInteger } from './fs-validate.js'

const streams = readableStream as unknown as { Readable: typeof NodeReadable; Writable: typeof NodeWritable }
/** `readable-stream`'s `Readable` (what `node:stream` exports). */
export const Readable: typeof NodeReadable = streams.Readable
/** `readable-stream`'s `Writable`. */
export const Writable: typeof NodeWritable = streams.Writable

/** Options of `createReadStream`. */
export interface ReadStreamOptions {
  flags?: string | number
  encoding?: BufferEncoding | null
  /** A descriptor, or a `FileHandle` (closed with the stream when `autoClose`). */
  fd?: number | { fd: number } | null
  mode?: number
  autoClose?: boolean
  emitClose?: boolean
  start?: number
  end?: number
  highWaterMark?: number
  signal?: AbortSignal
}

/** Options of `createWriteStream`. */
export interface WriteStreamOptions {
  flags?: string | number
  encoding?: BufferEncoding | null
  /** A descriptor, or a `FileHandle` (closed with the stream when `autoClose`). */
  fd?: number | { fd: number } | null
  mode?: number
  autoClose?: boolean
  emitClose?: boolean
  start?: number
  flush?: boolean
  highWaterMark?: number
  signal?: AbortSignal
}

function streamPath(core: FsCore, path: unknown, fd: unknown): string | undefined {
  if (fd !== undefined && fd !== null && (path === undefined || path === null)) return undefined
  if (typeof path !== 'string' && !(path instanceof Uint8Array) && !isUrl(path)) {
    throw invalidArgType('path', 'of type string or URL', path)
  }
  return core.resolve(toPathString(path))
}

/** A `FileHandle` given as `fd`: the stream closes the handle, not the bare descriptor. */
interface HandleLike {
  fd: number
  close(): Promise<void>
}

function streamFd(fd: unknown): number | null {
  if (fd === undefined || fd === null) return null
  if (typeof fd === 'object' && typeof (fd as { fd?: unknown }).fd === 'number') return (fd as { fd: number }).fd
  return validateInteger(fd, 'fd', 0, 0x7fffffff)
}

function streamHandle(fd: unknown): HandleLike | null {
  return typeof fd === 'object' && fd !== null && typeof (fd as HandleLike).close === 'function'
    ? (fd as HandleLike)
    : null
}

/** Closes a stream's descriptor (or its FileHandle), then calls back with the stream's error first. */
function closeStreamFd(
  core: FsCore,
  ops: FsOps,
  fd: number,
  handle: HandleLike | null,
  error: Error | null,
  callback: (error?: Error | null) => void,
): void {
  if (handle) {
    handle.close().then(
      () => callback(error),
      (closeError: Error) => callback(error ?? closeError),
    )
    return
  }
  core.callback(ops.close(fd), (closeError) => callback(error ?? (closeError as Error | null)))
}

function checkRange(start: unknown, end: unknown): [number | undefined, number] {
  const s = start === undefined ? undefined : validateInteger(start, 'start', 0)
  const e =
    end === undefined || end === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : validateInteger(end, 'end', 0)
  if (s !== undefined && s > e) throw outOfRange('start', `<= "end" (here: ${e})`, s)
  return [s, e]
}

/** `fs.ReadStream`, bound to a process. */
export class FsReadStream extends Readable {
  readonly #ops: FsOps
  readonly #core: FsCore
  #handle: HandleLike | null
  path: string | undefined
  fd: number | null
  flags: string | number
  mode: number
  start: number | undefined
  end: number
  pos: number | undefined
  bytesRead = 0
  autoClose: boolean

  constructor(core: FsCore, pathArg: unknown, options?: ReadStreamOptions | string) {
    const opts: ReadStreamOptions =
      typeof options === 'string' ? { encoding: options as BufferEncoding } : { ...(options ?? {}) }
    const encoding = validateEncoding(opts.encoding, false) as BufferEncoding | null
    const [start, end] = checkRange(opts.start, opts.end)
    const fd = streamFd(opts.fd)
    const handle = streamHandle(opts.fd)
    const path = streamPath(core, pathArg, fd)
    const mode = parseMode(opts.mode, 'mode', 0o666)
    parseFlags(opts.flags ?? 'r')
    super({
      highWaterMark: opts.highWaterMark ?? 64 * 1024,
      encoding: encoding ?? undefined,
      emitClose: opts.emitClose ?? true,
      autoDestroy: opts.autoClose ?? true,
      signal: opts.signal,
    })
    this.#core = core
    this.#ops = opsFor(core)
    this.fd = fd
    this.#handle = handle
    this.path = path
    this.flags = opts.flags ?? 'r'
    this.mode = mode
    this.start = start
    this.end = end
    this.pos = start
    this.autoClose = opts.autoClose ?? true
  }

  /** True until the file is open. */
  get pending(): boolean {
    return this.fd === null
  }

  override _construct(callback: (error?: Error | null) => void): void {
    if (this.fd !== null) {
      callback()
      return
    }
    const path = this.path as string
    this.#core.callback(this.#ops.open(path, this.flags, this.mode), (error, fd) => {
      if (error) {
        callback(error as Error)
        return
      }
      this.fd = fd as number
      callback()
      this.emit('open', this.fd)
      this.emit('ready')
    })
  }

  override _read(size: number): void {
    const remaining = this.end === Number.POSITIVE_INFINITY ? size : this.end - (this.pos ?? 0) + 1
    const n = Math.min(size, remaining)
    if (n <= 0) {
      this.push(null)
      return
    }
    const buffer = Buffer.allocUnsafe(n)
    const position = this.pos ?? null
    this.#core.callback(this.#ops.read(this.fd as number, buffer, 0, n, position), (error, got) => {
      if (error) {
        this.destroy(error as Error)
        return
      }
      const count = got as number
      if (this.pos !== undefined) this.pos += count
      this.bytesRead += count
      this.push(count > 0 ? buffer.subarray(0, count) : null)
    })
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const fd = this.fd
    if (fd === null || !this.autoClose) {
      callback(error)
      return
    }
    this.fd = null
    closeStreamFd(this.#core, this.#ops, fd, this.#handle, error, callback)
  }

  /** Destroys the stream; `callback` runs once it has closed. */
  close(callback?: (error?: Error | null) => void): void {
    if (typeof callback === 'function') {
      if (this.closed) {
        queueMicrotask(() => callback())
        return
      }
      this.once('close', () => callback())
    }
    this.destroy()
  }
}

/** `fs.WriteStream`, bound to a process. */
export class FsWriteStream extends Writable {
  readonly #ops: FsOps
  readonly #core: FsCore
  #handle: HandleLike | null
  path: string | undefined
  fd: number | null
  flags: string | number
  mode: number
  start: number | undefined
  pos: number | undefined
  bytesWritten = 0
  autoClose: boolean

  constructor(core: FsCore, pathArg: unknown, options?: WriteStreamOptions | string) {
    const opts: WriteStreamOptions =
      typeof options === 'string' ? { encoding: options as BufferEncoding } : { ...(options ?? {}) }
    const encoding = (validateEncoding(opts.encoding ?? 'utf8', false) ?? 'utf8') as BufferEncoding
    const start = opts.start === undefined ? undefined : validateInteger(opts.start, 'start', 0)
    const fd = streamFd(opts.fd)
    const handle = streamHandle(opts.fd)
    const path = streamPath(core, pathArg, fd)
    const mode = parseMode(opts.mode, 'mode', 0o666)
    parseFlags(opts.flags ?? 'w')
    super({
      highWaterMark: opts.highWaterMark ?? 16 * 1024,
      defaultEncoding: encoding,
      decodeStrings: true,
      emitClose: opts.emitClose ?? true,
      autoDestroy: opts.autoClose ?? true,
      signal: opts.signal,
    })
    this.#core = core
    this.#ops = opsFor(core)
    this.fd = fd
    this.#handle = handle
    this.path = path
    this.flags = opts.flags ?? 'w'
    this.mode = mode
    this.start = start
    this.pos = start
    this.autoClose = opts.autoClose ?? true
  }

  /** True until the file is open. */
  get pending(): boolean {
    return this.fd === null
  }

  override _construct(callback: (error?: Error | null) => void): void {
    if (this.fd !== null) {
      callback()
      return
    }
    this.#core.callback(this.#ops.open(this.path as string, this.flags, this.mode), (error, fd) => {
      if (error) {
        callback(error as Error)
        return
      }
      this.fd = fd as number
      callback()
      this.emit('open', this.fd)
      this.emit('ready')
    })
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#writeBytes(chunk, callback)
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.#writeBytes(Buffer.concat(chunks.map((c) => c.chunk)), callback)
  }

  #writeBytes(bytes: Uint8Array, callback: (error?: Error | null) => void): void {
    const position = this.pos ?? null
    this.#core.callback(this.#ops.write(this.fd as number, bytes, 0, bytes.length, position), (error, wrote) => {
      if (error) {
        callback(error as Error)
        return
      }
      const count = wrote as number
      this.bytesWritten += count
      if (this.pos !== undefined) this.pos += count
      callback()
    })
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const fd = this.fd
    if (fd === null || !this.autoClose) {
      callback(error)
      return
    }
    this.fd = null
    closeStreamFd(this.#core, this.#ops, fd, this.#handle, error, callback)
  }

  /** Ends the stream; `callback` runs once it has closed. */
  close(callback?: (error?: Error | null) => void): void {
    if (typeof callback === 'function') {
      if (this.closed) {
        queueMicrotask(() => callback())
        return
      }
      this.once('close', () => callback())
    }
    if (this.writableEnded) this.destroy()
    else this.end()
  }

  /** Node's alias of `end()`. */
  destroySoon(): void {
    this.end()
  }
}
