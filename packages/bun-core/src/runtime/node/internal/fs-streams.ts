/**
 * `fs.ReadStream` and `fs.WriteStream` on `readable-stream`'s classes (the
 * ones `node:stream` exports). Like Bun, a stream opened from a path keeps
 * the absolute path (`stream.path`, error messages); `open` (with the
 * descriptor) and `ready` are emitted once it is open, `close` after it is
 * destroyed and its descriptor closed (unless `autoClose: false`).
 *
 * As in Node and Bun the constructors are plain functions (callable without
 * `new`, appliable to an object made from their prototype) and an `open()`
 * a subclass puts on its prototype is used instead of the built-in one:
 * graceful-fs (under fs-extra and many tools) wraps the streams that way.
 * They are made per process ({@link streamsFor}) since they close over its
 * {@link FsCore}.
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

/** A `FileHandle` given as `fd`: the stream closes the handle, not the bare descriptor. */
interface HandleLike {
  fd: number
  close(): Promise<void>
}

/** Options of `createReadStream`. */
export interface ReadStreamOptions {
  flags?: string | number
  encoding?: BufferEncoding | null
  /** A descriptor, or a `FileHandle` (closed with the stream when `autoClose`). */
  fd?: number | HandleLike | null
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
  fd?: number | HandleLike | null
  mode?: number
  autoClose?: boolean
  emitClose?: boolean
  start?: number
  flush?: boolean
  highWaterMark?: number
  signal?: AbortSignal
}

/** `fs.ReadStream`. */
export interface FsReadStream extends NodeReadable {
  /** Absolute path (undefined when made from a descriptor). */
  path: string | undefined
  /** The descriptor, null until open and after close. */
  fd: number | null
  flags: string | number
  mode: number
  start: number | undefined
  end: number
  pos: number | undefined
  bytesRead: number
  readonly pending: boolean
  autoClose: boolean
  /** Opens the file (what `_construct` does; subclasses may replace it, as graceful-fs does). */
  open(): void
  /** Destroys the stream; `callback` runs once it has closed. */
  close(callback?: (error?: Error | null) => void): void
}

/** `fs.WriteStream`. */
export interface FsWriteStream extends NodeWritable {
  path: string | undefined
  fd: number | null
  flags: string | number
  mode: number
  flush: boolean
  start: number | undefined
  pos: number | undefined
  bytesWritten: number
  readonly pending: boolean
  autoClose: boolean
  open(): void
  /** Ends the stream; `callback` runs once it has closed. */
  close(callback?: (error?: Error | null) => void): void
  /** Node's alias of `end()`. */
  destroySoon(): void
}

/** `fs.ReadStream` as a value: a constructor also callable without `new`. */
export interface ReadStreamConstructor {
  new (path: unknown, options?: ReadStreamOptions | string): FsReadStream
  (path: unknown, options?: ReadStreamOptions | string): FsReadStream
  prototype: FsReadStream
}

/** `fs.WriteStream` as a value. */
export interface WriteStreamConstructor {
  new (path: unknown, options?: WriteStreamOptions | string): FsWriteStream
  (path: unknown, options?: WriteStreamOptions | string): FsWriteStream
  prototype: FsWriteStream
}

/** The stream constructors of one process. */
export interface FsStreams {
  ReadStream: ReadStreamConstructor
  WriteStream: WriteStreamConstructor
}

const made = new WeakMap<FsCore, FsStreams>()

/** The stream constructors of a process (made once, so `instanceof` holds across `fs` and `FileHandle`). */
export function streamsFor(core: FsCore): FsStreams {
  let found = made.get(core)
  if (!found) {
    found = makeStreams(core, opsFor(core))
    made.set(core, found)
  }
  return found
}

/** The FileHandle given as `fd`, closed instead of the bare descriptor. */
const kHandle = Symbol('kHandle')

type ReadSelf = FsReadStream & { [kHandle]: HandleLike | null }
type WriteSelf = FsWriteStream & { [kHandle]: HandleLike | null }

function streamPath(core: FsCore, path: unknown, fd: unknown): string | undefined {
  if (fd !== undefined && fd !== null && (path === undefined || path === null)) return undefined
  if (typeof path !== 'string' && !(path instanceof Uint8Array) && !isUrl(path)) {
    throw invalidArgType('path', 'of type string or URL', path)
  }
  return core.resolve(toPathString(path))
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

function checkRange(start: unknown, end: unknown): [number | undefined, number] {
  const s = start === undefined ? undefined : validateInteger(start, 'start', 0)
  const e =
    end === undefined || end === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : validateInteger(end, 'end', 0)
  if (s !== undefined && s > e) throw outOfRange('start', `<= "end" (here: ${e})`, s)
  return [s, e]
}

function makeStreams(core: FsCore, ops: FsOps): FsStreams {
  /** Opens `stream.path`, then emits `open` and `ready` (or destroys it with the error). */
  const openFile = (stream: ReadSelf | WriteSelf, done?: (error?: Error | null) => void): void => {
    core.callback(ops.open(stream.path, stream.flags, stream.mode), (error, fd) => {
      if (error) {
        if (done) done(error as Error)
        else stream.destroy(error as Error)
        return
      }
      stream.fd = fd as number
      done?.()
      stream.emit('open', stream.fd)
      stream.emit('ready')
    })
  }

  /**
   * `_construct`: nothing to do with a descriptor; with an `open()` of a
   * subclass, wait for it to emit `open` or `error` (Node's compatibility
   * path); else open the file.
   */
  const construct = (
    stream: ReadSelf | WriteSelf,
    builtinOpen: () => void,
    callback: (error?: Error | null) => void,
  ) => {
    if (typeof stream.fd === 'number') {
      callback()
      return
    }
    if (stream.open !== builtinOpen) {
      const emit = stream.emit
      stream.emit = function (this: ReadSelf | WriteSelf, event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'open') {
          this.emit = emit
          callback()
          return emit.call(this, event, ...args)
        }
        if (event === 'error') {
          this.emit = emit
          callback(args[0] as Error)
          return false
        }
        return emit.call(this, event, ...args)
      }
      stream.open()
      return
    }
    openFile(stream, callback)
  }

  /** `_destroy`: closes the descriptor (or the FileHandle) unless `autoClose` is off. */
  const destroy = (stream: ReadSelf | WriteSelf, error: Error | null, callback: (error?: Error | null) => void) => {
    const fd = stream.fd
    if (fd === null || !stream.autoClose) {
      callback(error)
      return
    }
    stream.fd = null
    const handle = stream[kHandle]
    if (handle) {
      handle.close().then(
        () => callback(error),
        (closeError: Error) => callback(error ?? closeError),
      )
      return
    }
    core.callback(ops.close(fd), (closeError) => callback(error ?? (closeError as Error | null)))
  }

  /** `close(callback)`: destroy (or end, for writers) and call back once closed. */
  const close = (
    stream: NodeReadable | NodeWritable,
    finish: () => void,
    callback?: (error?: Error | null) => void,
  ) => {
    if (typeof callback === 'function') {
      if (stream.closed) queueMicrotask(() => callback())
      else stream.once('close', () => callback())
    }
    if (!stream.closed) finish()
  }

  const ReadStream = function ReadStream(
    this: ReadSelf | undefined,
    path: unknown,
    options?: ReadStreamOptions | string,
  ): FsReadStream | undefined {
    if (!(this instanceof ReadStream)) return new (ReadStream as unknown as ReadStreamConstructor)(path, options)
    const opts: ReadStreamOptions =
      typeof options === 'string' ? { encoding: options as BufferEncoding } : { ...(options ?? {}) }
    const encoding = validateEncoding(opts.encoding, false) as BufferEncoding | null
    const [start, end] = checkRange(opts.start, opts.end)
    const fd = streamFd(opts.fd)
    const resolved = streamPath(core, path, fd)
    const mode = parseMode(opts.mode, 'mode', 0o666)
    const flags = opts.flags ?? 'r'
    parseFlags(flags)
    Readable.call(this, {
      highWaterMark: opts.highWaterMark ?? 64 * 1024,
      encoding: encoding ?? undefined,
      emitClose: opts.emitClose ?? true,
      autoDestroy: opts.autoClose ?? true,
      signal: opts.signal,
    })
    const self = this as ReadSelf
    self.fd = fd
    self.path = resolved
    self.flags = flags
    self.mode = mode
    self.start = start
    self.end = end
    self.pos = start
    self.bytesRead = 0
    Object.defineProperty(self, kHandle, { value: streamHandle(opts.fd), writable: true })
    return undefined
  } as unknown as ReadStreamConstructor
  Object.setPrototypeOf(ReadStream, Readable)
  ReadStream.prototype = Object.create(Readable.prototype, {
    constructor: { value: ReadStream, writable: true, configurable: true },
  })
  const readOpen = function open(this: ReadSelf): void {
    openFile(this)
  }
  Object.assign(ReadStream.prototype, {
    open: readOpen,
    _construct(this: ReadSelf, callback: (error?: Error | null) => void): void {
      construct(this, readOpen, callback)
    },
    _read(this: ReadSelf, size: number): void {
      const remaining = this.end === Number.POSITIVE_INFINITY ? size : this.end - (this.pos ?? 0) + 1
      const n = Math.min(size, remaining)
      if (n <= 0) {
        this.push(null)
        return
      }
      const buffer = Buffer.allocUnsafe(n)
      core.callback(ops.read(this.fd, buffer, 0, n, this.pos ?? null), (error, got) => {
        if (error) {
          this.destroy(error as Error)
          return
        }
        const count = got as number
        if (this.pos !== undefined) this.pos += count
        this.bytesRead += count
        this.push(count > 0 ? buffer.subarray(0, count) : null)
      })
    },
    _destroy(this: ReadSelf, error: Error | null, callback: (error?: Error | null) => void): void {
      destroy(this, error, callback)
    },
    close(this: ReadSelf, callback?: (error?: Error | null) => void): void {
      close(this, () => this.destroy(), callback)
    },
  })
  defineStreamAccessors(ReadStream.prototype, '_readableState')

  const WriteStream = function WriteStream(
    this: WriteSelf | undefined,
    path: unknown,
    options?: WriteStreamOptions | string,
  ): FsWriteStream | undefined {
    if (!(this instanceof WriteStream)) return new (WriteStream as unknown as WriteStreamConstructor)(path, options)
    const opts: WriteStreamOptions =
      typeof options === 'string' ? { encoding: options as BufferEncoding } : { ...(options ?? {}) }
    const encoding = (validateEncoding(opts.encoding ?? 'utf8', false) ?? 'utf8') as BufferEncoding
    const start = opts.start === undefined ? undefined : validateInteger(opts.start, 'start', 0)
    const fd = streamFd(opts.fd)
    const resolved = streamPath(core, path, fd)
    const mode = parseMode(opts.mode, 'mode', 0o666)
    const flags = opts.flags ?? 'w'
    parseFlags(flags)
    Writable.call(this, {
      highWaterMark: opts.highWaterMark ?? 16 * 1024,
      defaultEncoding: encoding,
      decodeStrings: true,
      emitClose: opts.emitClose ?? true,
      autoDestroy: opts.autoClose ?? true,
      signal: opts.signal,
    })
    const self = this as WriteSelf
    self.fd = fd
    self.path = resolved
    self.flags = flags
    self.mode = mode
    self.flush = opts.flush === true
    self.start = start
    self.pos = start
    self.bytesWritten = 0
    Object.defineProperty(self, kHandle, { value: streamHandle(opts.fd), writable: true })
    return undefined
  } as unknown as WriteStreamConstructor
  Object.setPrototypeOf(WriteStream, Writable)
  WriteStream.prototype = Object.create(Writable.prototype, {
    constructor: { value: WriteStream, writable: true, configurable: true },
  })
  const writeOpen = function open(this: WriteSelf): void {
    openFile(this)
  }
  const writeBytes = (stream: WriteSelf, bytes: Uint8Array, callback: (error?: Error | null) => void): void => {
    core.callback(ops.write(stream.fd, bytes, 0, bytes.length, stream.pos ?? null), (error, wrote) => {
      if (error) {
        callback(error as Error)
        return
      }
      const count = wrote as number
      stream.bytesWritten += count
      if (stream.pos !== undefined) stream.pos += count
      callback()
    })
  }
  Object.assign(WriteStream.prototype, {
    open: writeOpen,
    _construct(this: WriteSelf, callback: (error?: Error | null) => void): void {
      construct(this, writeOpen, callback)
    },
    _write(this: WriteSelf, chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      writeBytes(this, chunk, callback)
    },
    _writev(
      this: WriteSelf,
      chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
      callback: (error?: Error | null) => void,
    ): void {
      writeBytes(this, Buffer.concat(chunks.map((c) => c.chunk)), callback)
    },
    _destroy(this: WriteSelf, error: Error | null, callback: (error?: Error | null) => void): void {
      destroy(this, error, callback)
    },
    close(this: WriteSelf, callback?: (error?: Error | null) => void): void {
      close(this, () => (this.writableEnded ? this.destroy() : this.end()), callback)
    },
    destroySoon(this: WriteSelf): void {
      this.end()
    },
  })
  defineStreamAccessors(WriteStream.prototype, '_writableState')

  return { ReadStream, WriteStream }
}

/** `pending` (not open yet) and `autoClose` (the stream state's `autoDestroy`), as prototype accessors like Bun's. */
function defineStreamAccessors(prototype: object, stateKey: '_readableState' | '_writableState'): void {
  Object.defineProperties(prototype, {
    pending: {
      get(this: { fd: number | null }): boolean {
        return this.fd === null
      },
      configurable: true,
    },
    autoClose: {
      get(this: Record<string, { autoDestroy: boolean } | undefined>): boolean {
        return this[stateKey]?.autoDestroy ?? true
      },
      set(this: Record<string, { autoDestroy: boolean } | undefined>, value: boolean) {
        const state = this[stateKey]
        if (state) state.autoDestroy = value
      },
      configurable: true,
    },
  })
}
