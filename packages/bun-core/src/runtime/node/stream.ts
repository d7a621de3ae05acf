/**
 * `node:stream`: readable-stream v4 (Node's own stream code, packaged for
 * browsers) completed to Bun 1.4.5's module — the web-stream adapters
 * (`toWeb`/`fromWeb`), `duplexPair`, `eos`, `_isArrayBufferView`, Bun's 64 KiB
 * default high-water mark — and run on a sane tick: readable-stream calls
 * the npm `process` polyfill's `nextTick`, which in browsers is a
 * `setTimeout` (clamped to 4 ms when nested); {@link installStream} replaces
 * it with a microtask-drained queue, so ticks run before timers as in Node.
 *
 * This file is THE place the runtime's stream classes come from: fs,
 * child_process, zlib, process.stdin … import `Readable`, `Writable`,
 * `Duplex`, `Transform`, `PassThrough` from here (or from `readable-stream`,
 * which is the same module instance), so `instanceof` holds across builtins.
 */
import type * as NodeStream from 'node:stream'
// @ts-expect-error -- the polyfill ships no declarations; only `nextTick`/`browser` are used.
import processShim from 'process/browser.js'
// @ts-expect-error -- readable-stream ships no declarations; its module is Node's `stream` (typed below).
import readableStream from 'readable-stream/lib/stream.js'
import { installBuffer } from './buffer.js'
import type { NodeContext } from './context.js'
import { installEvents } from './events.js'
import { patchStreams } from './internal/stream-patches.js'
import { installWebAdapters } from './internal/stream-web-adapters.js'

/** What `require('node:stream')` is (the legacy `Stream` function carrying the module). */
export type StreamModule = typeof NodeStream
/** What `require('node:stream/promises')` returns. */
export type StreamPromisesModule = typeof import('node:stream/promises')

const stream = readableStream as StreamModule

/** The runtime's stream classes and functions (readable-stream's, shared by every builtin). */
export const Stream: typeof NodeStream.Stream = stream.Stream
export const Readable: typeof NodeStream.Readable = stream.Readable
export const Writable: typeof NodeStream.Writable = stream.Writable
export const Duplex: typeof NodeStream.Duplex = stream.Duplex
export const Transform: typeof NodeStream.Transform = stream.Transform
export const PassThrough: typeof NodeStream.PassThrough = stream.PassThrough
export const finished: typeof NodeStream.finished = stream.finished
export const addAbortSignal: typeof NodeStream.addAbortSignal = stream.addAbortSignal

type Tick = (callback: (...args: unknown[]) => void, ...args: unknown[]) => void

/** A `process.nextTick` for streams: one queue, drained in a microtask (later ticks join the same drain). */
function microtaskNextTick(): Tick {
  const queue: [(...args: unknown[]) => void, unknown[]][] = []
  let draining = false
  const drain = () => {
    // Ticks queued while draining run in this same drain, before other microtasks (Node's order).
    for (let i = 0; i < queue.length; i++) {
      const [callback, args] = queue[i]!
      try {
        callback(...args)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
    queue.length = 0
    draining = false
  }
  return (callback, ...args) => {
    queue.push([callback, args])
    if (!draining) {
      draining = true
      queueMicrotask(drain)
    }
  }
}

/** Node's `stream.duplexPair`: two Duplex ends, what is written to one is read from the other. */
export function duplexPair(options?: NodeStream.DuplexOptions): [NodeStream.Duplex, NodeStream.Duplex] {
  const sides: DuplexSide[] = [new DuplexSide(options), new DuplexSide(options)]
  sides[0]!.other = sides[1]!
  sides[1]!.other = sides[0]!
  return sides as unknown as [NodeStream.Duplex, NodeStream.Duplex]
}

class DuplexSide extends (Duplex as unknown as typeof NodeStream.Duplex) {
  other: DuplexSide | null = null
  pending: (() => void) | null = null

  override _read(): void {
    const callback = this.pending
    if (callback) {
      this.pending = null
      callback()
    }
  }

  override _write(chunk: Uint8Array, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (chunk.length === 0) {
      queueMicrotask(() => callback())
      return
    }
    this.other!.push(chunk)
    this.other!.pending = () => callback()
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.other!.on('end', () => callback())
    this.other!.push(null)
  }
}

let installed = false
let tick: Tick = microtaskNextTick()

/**
 * Completes readable-stream for the runtime (see the module comment), and
 * the Buffer and EventEmitter it uses. Idempotent; the integrator calls it
 * once at startup, and {@link createStream} does too.
 *
 * `nextTick` (taken on every call) is what stream ticks go through instead
 * of the default microtask-drained queue: pass the process's own
 * `process.nextTick` where one process owns the realm (a process worker), so
 * that stream ticks and user ticks share one queue and keep Node's order
 * (every tick before any promise job). `stdout`/`stderr` are the process's
 * standard streams: `readable.pipe()` must not end them (readable-stream
 * compares the destination with the polyfill's `process.stdout`). Where
 * readable-stream runs on Node's real `process` (the Node host), nothing is
 * replaced.
 */
export function installStream(options: { nextTick?: Tick; stdout?: object; stderr?: object } = {}): void {
  const shim = processShim as { browser?: boolean; nextTick?: Tick; stdout?: object; stderr?: object } | undefined
  const polyfilled = shim?.browser === true
  if (options.nextTick) tick = options.nextTick
  if (polyfilled && options.stdout) shim.stdout = options.stdout
  if (polyfilled && options.stderr) shim.stderr = options.stderr
  if (installed) return
  installed = true
  installBuffer()
  installEvents()
  if (polyfilled) shim.nextTick = (callback, ...args) => tick(callback, ...args)
  installWebAdapters({
    Readable,
    Writable,
    Duplex,
    finished: stream.finished as unknown as (s: unknown, cb: (error?: Error | null) => void) => () => void,
    destroy: (stream as unknown as { destroy: (s: unknown, error?: unknown) => void }).destroy,
  })
  patchStreams({ Readable, Writable, Duplex, module: stream as unknown as Record<string, unknown> })
  // Bun's default high-water mark for byte streams is 64 KiB (Node 20's: 16 KiB).
  stream.setDefaultHighWaterMark(false, 65536)
  const record = stream as unknown as Record<string, unknown>
  record.duplexPair = duplexPair
  record.eos = stream.finished
  record._isArrayBufferView = (value: unknown) => ArrayBuffer.isView(value)
  // Bun 1.4.5 no longer has the deprecated `asIndexedPairs`.
  delete (Readable.prototype as unknown as Record<string, unknown>).asIndexedPairs
  for (const [value, name] of [
    [Stream, 'Stream'],
    [Readable, 'Readable'],
    [Writable, 'Writable'],
    [Duplex, 'Duplex'],
    [Transform, 'Transform'],
    [PassThrough, 'PassThrough'],
  ] as const) {
    Object.defineProperty(value, 'name', { value: name, configurable: true })
  }
}

/** Builds `node:stream` (the module is the shared `Stream` function, as in Node). */
export function createStream(_ctx: NodeContext): StreamModule {
  installStream()
  return stream
}
