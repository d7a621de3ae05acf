/**
 * Where readable-stream 4.8 (Node 18's stream code) behaves differently
 * from Bun 1.4.5's streams, patched on its classes:
 * - async iteration (and so `toArray`) yields the buffered chunks one by
 *   one, as Bun does (readable-stream's `read()` joins them);
 * - `push`/`unshift`/`write` take any TypedArray or DataView as bytes, and
 *   reject other chunks with Bun's message;
 * - the operators validate their function with Bun's message;
 * - `pipeline`/`compose` without enough streams throw a readable
 *   `ERR_MISSING_ARGS` (readable-stream's message builder is broken).
 */
import type { Duplex as NodeDuplex, Readable as NodeReadable, Writable as NodeWritable } from 'node:stream'
import { Buffer } from 'buffer'
import { codedError, invalidArgType, invalidArgTypeOf } from './node-b-errors.js'

type AnyFn = (this: unknown, ...args: unknown[]) => unknown
type Proto = Record<string | symbol, unknown>

interface ReadableStateLike {
  objectMode?: boolean
  autoDestroy?: boolean
  buffer?: { head?: { data?: { length: number } } | null } | unknown[]
  bufferIndex?: number
}

const kChunkwise = Symbol('chunkwise iteration')

function chunkError(chunk: unknown): TypeError {
  return invalidArgTypeOf('chunk', 'string or an instance of Buffer, TypedArray, or DataView', chunk)
}

function missingArgs(name: string): TypeError {
  return codedError(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`)
}

/** A chunk for a byte stream: bytes of a TypedArray/DataView as a Buffer, or `undefined` when invalid. */
function asByteChunk(chunk: unknown): unknown {
  if (chunk === null || chunk === undefined || typeof chunk === 'string' || chunk instanceof Uint8Array) return chunk
  if (ArrayBuffer.isView(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  return undefined
}

function firstChunkLength(state: ReadableStateLike): number | undefined {
  const buffer = state.buffer
  if (Array.isArray(buffer)) {
    const first = buffer[state.bufferIndex ?? 0] as { length?: number } | undefined
    return first?.length
  }
  return (buffer as { head?: { data?: { length: number } } | null } | undefined)?.head?.data?.length
}

/** Applies the patches (see the module comment) once. */
export function patchStreams(parts: {
  Readable: typeof NodeReadable
  Writable: typeof NodeWritable
  Duplex: typeof NodeDuplex
  module: Record<string, unknown>
}): void {
  const readable = parts.Readable.prototype as unknown as Proto
  const replace = (target: Proto, name: string | symbol, make: (original: AnyFn) => AnyFn) => {
    const original = target[name] as AnyFn
    const wrapper = make(original)
    // Keep what hangs on the original (`util.promisify.custom` of `pipeline` …) and its name.
    for (const key of Reflect.ownKeys(original)) {
      if (key === 'length' || key === 'prototype' || key === 'arguments' || key === 'caller') continue
      const descriptor = Object.getOwnPropertyDescriptor(original, key)
      if (descriptor) Object.defineProperty(wrapper, key, descriptor)
    }
    Object.defineProperty(target, name, { value: wrapper, writable: true, configurable: true })
  }

  // One chunk per `read()` while an async iterator is reading.
  replace(
    readable,
    'read',
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        const self = this as Proto & { _readableState: ReadableStateLike }
        if (args[0] === undefined && (self[kChunkwise] as number) > 0 && !self._readableState.objectMode) {
          const length = firstChunkLength(self._readableState)
          if (length !== undefined && length > 0) return original.call(this, length)
        }
        return original.apply(this, args)
      },
  )
  const chunkwise = (original: AnyFn) =>
    function (this: unknown, ...args: unknown[]) {
      const self = this as Proto
      const iterator = original.apply(this, args) as AsyncGenerator<unknown>
      self[kChunkwise] = ((self[kChunkwise] as number | undefined) ?? 0) + 1
      let active = true
      const finish = () => {
        if (active) {
          active = false
          self[kChunkwise] = (self[kChunkwise] as number) - 1
        }
      }
      for (const method of ['next', 'return', 'throw'] as const) {
        const step = iterator[method].bind(iterator) as (value?: unknown) => Promise<IteratorResult<unknown>>
        iterator[method] = async (value?: unknown) => {
          try {
            const result = await step(value)
            if (result.done) finish()
            return result
          } catch (error) {
            finish()
            throw error
          }
        }
      }
      return iterator
    }
  replace(readable, Symbol.asyncIterator, chunkwise)
  replace(readable, 'iterator', chunkwise)

  const rejectChunk = (stream: Proto & { _readableState: ReadableStateLike }, error: Error) => {
    if (stream._readableState.autoDestroy !== false) (stream.destroy as AnyFn).call(stream, error)
    else queueMicrotask(() => (stream.emit as AnyFn).call(stream, 'error', error))
  }
  for (const name of ['push', 'unshift']) {
    replace(
      readable,
      name,
      (original) =>
        function (this: unknown, chunk: unknown, ...rest: unknown[]) {
          const self = this as Proto & { _readableState: ReadableStateLike }
          if (self._readableState.objectMode) return original.call(this, chunk, ...rest)
          const bytes = asByteChunk(chunk)
          if (bytes === undefined) {
            rejectChunk(self, chunkError(chunk))
            return false
          }
          return original.call(this, bytes, ...rest)
        },
    )
  }
  for (const proto of [parts.Writable.prototype, parts.Duplex.prototype] as unknown as Proto[]) {
    replace(
      proto,
      'write',
      (original) =>
        function (this: unknown, chunk: unknown, ...rest: unknown[]) {
          const state = (this as { _writableState?: { objectMode?: boolean } })._writableState
          if (!state || state.objectMode || chunk === null) return original.call(this, chunk, ...rest)
          const bytes = asByteChunk(chunk)
          if (bytes === undefined) throw chunkError(chunk)
          return original.call(this, bytes, ...rest)
        },
    )
  }

  for (const name of ['map', 'filter', 'flatMap']) {
    replace(
      readable,
      name,
      (original) =>
        function (this: unknown, fn: unknown, ...rest: unknown[]) {
          if (typeof fn !== 'function') throw invalidArgType('fn', 'Function', fn)
          return original.call(this, fn, ...rest)
        },
    )
  }
  for (const [name, argument] of [
    ['forEach', 'fn'],
    ['some', 'fn'],
    ['every', 'fn'],
    ['find', 'fn'],
    ['reduce', 'reducer'],
  ] as const) {
    replace(
      readable,
      name,
      (original) =>
        async function (this: unknown, fn: unknown, ...rest: unknown[]) {
          if (typeof fn !== 'function') throw invalidArgType(argument, 'Function', fn)
          return original.call(this, fn, ...rest)
        },
    )
  }

  const module = parts.module
  const countStreams = (args: unknown[]) => (args.length === 1 && Array.isArray(args[0]) ? args[0].length : args.length)
  replace(
    module,
    'pipeline',
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        const streams = typeof args[args.length - 1] === 'function' ? args.slice(0, -1) : args
        if (countStreams(streams) < 2) throw missingArgs('streams')
        return original.apply(this, args)
      },
  )
  replace(
    module,
    'compose',
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        if (args.length === 0) throw missingArgs('streams')
        return original.apply(this, args)
      },
  )
  const promises = module.promises as Proto
  replace(
    promises,
    'pipeline',
    (original) =>
      async function (this: unknown, ...args: unknown[]) {
        const last = args[args.length - 1]
        const streams =
          last && typeof last === 'object' && !Array.isArray(last) && !isStreamLike(last) ? args.slice(0, -1) : args
        if (countStreams(streams) < 2) throw missingArgs('streams')
        return original.apply(this, args)
      },
  )
}

function isStreamLike(value: unknown): boolean {
  const record = value as Proto
  return (
    typeof record.pipe === 'function' ||
    typeof record.getReader === 'function' ||
    typeof record.getWriter === 'function' ||
    typeof record[Symbol.asyncIterator] === 'function' ||
    typeof record[Symbol.iterator] === 'function' ||
    (typeof record.readable === 'object' && typeof record.writable === 'object')
  )
}
