/**
 * Node's adapters between its streams and WHATWG streams —
 * `Readable.toWeb/fromWeb`, `Writable.toWeb/fromWeb`, `Duplex.toWeb/fromWeb`
 * — which readable-stream declares but leaves empty.
 */
import type { Duplex as NodeDuplex, Readable as NodeReadable, Writable as NodeWritable } from 'node:stream'
import { Buffer } from 'buffer'
import { AbortError, codedError, invalidArgTypeOf, validateObject } from './node-b-errors.js'

/** The classes and helpers the adapters build on (readable-stream's). */
export interface StreamParts {
  Readable: typeof NodeReadable
  Writable: typeof NodeWritable
  Duplex: typeof NodeDuplex
  finished: (stream: unknown, callback: (error?: Error | null) => void) => () => void
  destroy: (stream: unknown, error?: unknown) => void
}

interface WebReadableOptions {
  encoding?: BufferEncoding
  highWaterMark?: number
  objectMode?: boolean
  signal?: AbortSignal
}

interface WebWritableOptions {
  decodeStrings?: boolean
  highWaterMark?: number
  objectMode?: boolean
  signal?: AbortSignal
}

/** Chunk sizes for byte streams (strings of an encoded stream count their length). */
function chunkSize(chunk: unknown): number {
  const sized = chunk as { byteLength?: number; length?: number } | null
  return sized?.byteLength ?? sized?.length ?? 1
}

function strategyFor(stream: { readableObjectMode?: boolean; readableHighWaterMark?: number }, objectMode: boolean) {
  const highWaterMark = stream.readableHighWaterMark ?? (objectMode ? 16 : 65536)
  return objectMode ? new CountQueuingStrategy({ highWaterMark }) : { highWaterMark, size: chunkSize }
}

function premature(error: Error | null | undefined): Error | null | undefined {
  if ((error as { code?: string } | null | undefined)?.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new AbortError(undefined, { cause: error })
  }
  return error
}

function isWebReadable(value: unknown): value is ReadableStream {
  return typeof ReadableStream !== 'undefined' && value instanceof ReadableStream
}

function isWebWritable(value: unknown): value is WritableStream {
  return typeof WritableStream !== 'undefined' && value instanceof WritableStream
}

/** Installs the six adapters on the classes of `parts`. */
export function installWebAdapters(parts: StreamParts): void {
  const { Readable, Writable, Duplex, finished, destroy } = parts

  const readableToWeb = (readable: NodeReadable, options?: { strategy?: QueuingStrategy }): ReadableStream => {
    if (!(readable instanceof Readable) && typeof (readable as { on?: unknown })?.on !== 'function') {
      throw invalidArgTypeOf('streamReadable', 'stream.Readable', readable)
    }
    const objectMode = readable.readableObjectMode
    let controller!: ReadableStreamDefaultController
    const onData = (chunk: unknown) => {
      // Copy Buffers so the web side owns its bytes.
      const value = Buffer.isBuffer(chunk) && !objectMode ? new Uint8Array(chunk) : chunk
      controller.enqueue(value)
      if ((controller.desiredSize ?? 0) <= 0) readable.pause()
    }
    const cleanup = finished(readable, (error) => {
      cleanup()
      readable.on('error', () => {})
      readable.off('data', onData)
      const failure = premature(error)
      if (failure) controller.error(failure)
      else controller.close()
    })
    readable.on('data', onData)
    return new ReadableStream(
      {
        start(c) {
          controller = c
        },
        pull() {
          readable.resume()
        },
        cancel(reason) {
          destroy(readable, reason)
        },
      },
      options?.strategy ?? strategyFor(readable, objectMode),
    )
  }

  const readableFromWeb = (readableStream: ReadableStream, options: WebReadableOptions = {}): NodeReadable => {
    if (!isWebReadable(readableStream)) throw invalidArgTypeOf('readableStream', 'ReadableStream', readableStream)
    validateObject(options, 'options')
    const { highWaterMark, encoding, objectMode = false, signal } = options
    const reader = readableStream.getReader()
    let closed = false
    const readable: NodeReadable = new Readable({
      objectMode,
      highWaterMark,
      encoding,
      signal,
      read() {
        reader.read().then(
          (chunk) => {
            if (chunk.done) readable.push(null)
            else readable.push(chunk.value)
          },
          (error) => destroy(readable, error),
        )
      },
      destroy(error, callback) {
        const done = () => {
          try {
            callback(error)
          } catch (thrown) {
            // A destroy callback that throws must not become an unhandled rejection here.
            queueMicrotask(() => {
              throw thrown
            })
          }
        }
        if (!closed) {
          reader.cancel(error).then(done, done)
          return
        }
        done()
      },
    })
    reader.closed.then(
      () => {
        closed = true
      },
      (error) => {
        closed = true
        destroy(readable, error)
      },
    )
    return readable
  }

  const writableToWeb = (writable: NodeWritable): WritableStream => {
    if (!(writable instanceof Writable) && typeof (writable as { write?: unknown })?.write !== 'function') {
      throw invalidArgTypeOf('streamWritable', 'stream.Writable', writable)
    }
    let controller!: WritableStreamDefaultController
    let backpressure: { promise: Promise<void>; resolve: () => void } | undefined
    let closed: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined
    const deferred = () => {
      let resolve!: () => void
      let reject!: (e: unknown) => void
      const promise = new Promise<void>((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    }
    const onDrain = () => {
      backpressure?.resolve()
      backpressure = undefined
    }
    const cleanup = finished(writable, (error) => {
      cleanup()
      writable.on('error', () => {})
      writable.off('drain', onDrain)
      const failure = premature(error)
      if (failure) {
        backpressure?.resolve()
        backpressure = undefined
        controller.error(failure)
        if (closed) closed.reject(failure)
        return
      }
      if (closed) closed.resolve()
      else {
        closed = deferred()
        closed.resolve()
      }
    })
    writable.on('drain', onDrain)
    const highWaterMark = writable.writableHighWaterMark
    // As Node: chunks count one each (a string written to the web side has no byte length yet).
    const strategy = writable.writableObjectMode ? new CountQueuingStrategy({ highWaterMark }) : { highWaterMark }
    return new WritableStream(
      {
        start(c) {
          controller = c
        },
        write(chunk) {
          if (writable.writableNeedDrain || !writable.write(chunk)) {
            backpressure = deferred()
            return backpressure.promise
          }
          return undefined
        },
        abort(reason) {
          destroy(writable, reason)
        },
        close() {
          if (closed === undefined && !writable.writableEnded) {
            closed = deferred()
            writable.end()
            return closed.promise
          }
          controller = undefined as unknown as WritableStreamDefaultController
          return Promise.resolve()
        },
      },
      strategy,
    )
  }

  const writableFromWeb = (writableStream: WritableStream, options: WebWritableOptions = {}): NodeWritable => {
    if (!isWebWritable(writableStream)) throw invalidArgTypeOf('writableStream', 'WritableStream', writableStream)
    validateObject(options, 'options')
    const { highWaterMark, decodeStrings = true, objectMode = false, signal } = options
    const writer = writableStream.getWriter()
    let closed = false
    const writable: NodeWritable = new Writable({
      highWaterMark,
      objectMode,
      decodeStrings,
      signal,
      write(chunk, encoding, callback) {
        let value = chunk
        if (typeof value === 'string' && decodeStrings && !objectMode) value = Buffer.from(value, encoding)
        const done = (error?: unknown) => callback(error as Error | null | undefined)
        writer.ready.then(() => writer.write(value).then(() => done(), done), done)
      },
      destroy(error, callback) {
        const done = () => callback(error)
        if (!closed) {
          if (error != null) writer.abort(error).then(done, done)
          else writer.close().then(done, done)
          return
        }
        done()
      },
      final(callback) {
        const done = (error?: unknown) => callback(error as Error | null | undefined)
        if (!closed) writer.close().then(() => done(), done)
        else done()
      },
    })
    writer.closed.then(
      () => {
        closed = true
        if (!writable.writableEnded) {
          destroy(writable, codedError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'))
        }
      },
      (error) => {
        closed = true
        destroy(writable, error)
      },
    )
    return writable
  }

  const duplexToWeb = (duplex: NodeDuplex): { readable: ReadableStream; writable: WritableStream } => {
    if (!(duplex instanceof Duplex)) throw invalidArgTypeOf('duplex', 'stream.Duplex', duplex)
    return { readable: readableToWeb(duplex), writable: writableToWeb(duplex) }
  }

  const duplexFromWeb = (
    pair: { readable: ReadableStream; writable: WritableStream },
    options: WebReadableOptions & WebWritableOptions = {},
  ): NodeDuplex => {
    validateObject(pair, 'pair')
    const { readable: readableStream, writable: writableStream } = pair
    if (!isWebReadable(readableStream)) throw invalidArgTypeOf('pair.readable', 'ReadableStream', readableStream)
    if (!isWebWritable(writableStream)) throw invalidArgTypeOf('pair.writable', 'WritableStream', writableStream)
    validateObject(options, 'options')
    const {
      allowHalfOpen = false,
      objectMode = false,
      encoding,
      decodeStrings = true,
      highWaterMark,
      signal,
    } = options as WebReadableOptions & WebWritableOptions & { allowHalfOpen?: boolean }
    const writer = writableStream.getWriter()
    const reader = readableStream.getReader()
    let writableClosed = false
    let readableClosed = false
    const duplex: NodeDuplex = new Duplex({
      allowHalfOpen,
      highWaterMark,
      objectMode,
      encoding,
      decodeStrings,
      signal,
      write(chunk, encoding, callback) {
        let value = chunk
        if (typeof value === 'string' && decodeStrings && !objectMode) value = Buffer.from(value, encoding)
        const done = (error?: unknown) => callback(error as Error | null | undefined)
        writer.ready.then(() => writer.write(value).then(() => done(), done), done)
      },
      final(callback) {
        const done = (error?: unknown) => callback(error as Error | null | undefined)
        if (!writableClosed) writer.close().then(() => done(), done)
        else done()
      },
      read() {
        reader.read().then(
          (chunk) => {
            if (chunk.done) duplex.push(null)
            else duplex.push(chunk.value)
          },
          (error) => destroy(duplex, error),
        )
      },
      destroy(error, callback) {
        const done = () => callback(error)
        const pending: Promise<unknown>[] = []
        if (!writableClosed) pending.push(error != null ? writer.abort(error) : writer.close())
        if (!readableClosed) pending.push(reader.cancel(error))
        if (pending.length === 0) done()
        else Promise.allSettled(pending).then(done)
      },
    })
    writer.closed.then(
      () => {
        writableClosed = true
        if (!duplex.writableEnded) destroy(duplex, codedError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'))
      },
      (error) => {
        writableClosed = true
        readableClosed = true
        destroy(duplex, error)
      },
    )
    reader.closed.then(
      () => {
        readableClosed = true
      },
      (error) => {
        writableClosed = true
        readableClosed = true
        destroy(duplex, error)
      },
    )
    return duplex
  }

  const statics: [object, string, unknown][] = [
    [Readable, 'toWeb', readableToWeb],
    [Readable, 'fromWeb', readableFromWeb],
    [Writable, 'toWeb', writableToWeb],
    [Writable, 'fromWeb', writableFromWeb],
    [Duplex, 'toWeb', duplexToWeb],
    [Duplex, 'fromWeb', duplexFromWeb],
  ]
  for (const [target, name, value] of statics) {
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: true })
  }
}
