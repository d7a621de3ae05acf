/**
 * `fs.watch` (an `FSWatcher` over the VFS's watch), `fs.watchFile` /
 * `fs.unwatchFile` (`StatWatcher`s polling `stat`) and the async iterator of
 * `fs/promises`' `watch`. A persistent watcher holds a `ctx.ref()` until it
 * is closed (or `unref()`ed), as an open handle keeps Node's loop alive.
 */
import { Buffer } from 'buffer'
import { EventEmitter } from 'events'
import type { FsCore } from './fs-core.js'
import { abortError, isSysError, systemError } from './fs-errors.js'
import { type BigIntStats, type RawStats, type Stats, toStats } from './fs-stats.js'
import {
  type FsEncoding,
  getOptions,
  toPathString,
  validateCallback,
  validateEncoding,
  validateInteger,
  validateSignal,
} from './fs-validate.js'

/** Options of `fs.watch`. */
export interface WatchOptions {
  persistent?: boolean
  recursive?: boolean
  encoding?: FsEncoding
  signal?: AbortSignal
}

/** Holds or drops one ref of the process, on demand. */
class Handle {
  #release: (() => void) | null = null
  constructor(private readonly core: FsCore) {}
  ref(): void {
    if (!this.#release) this.#release = this.core.ctx.ref()
  }
  unref(): void {
    this.#release?.()
    this.#release = null
  }
}

function startWatch(
  core: FsCore,
  filename: unknown,
  options: { recursive?: unknown },
  listener: (event: 'rename' | 'change', name: string) => void,
): { close(): void } {
  const user = toPathString(filename, 'filename')
  const abs = core.resolve(user)
  try {
    if (user === '') throw systemError('ENOENT', 'watch')
    return core.fs.watch(abs, { recursive: options.recursive === true }, listener)
  } catch (error) {
    if (!isSysError(error)) throw error
    const rebuilt = systemError(error.code, 'watch', user) as Error & { filename?: string }
    rebuilt.filename = user
    throw rebuilt
  }
}

function encodeFilename(name: string, encoding: FsEncoding | null): string | Buffer {
  if (encoding === null || encoding === 'utf8' || encoding === 'utf-8') return name
  return encoding === 'buffer' ? Buffer.from(name) : Buffer.from(name).toString(encoding)
}

/** `fs.FSWatcher`: emits `change` (eventType, filename), `close` and `error`. */
export class FSWatcher extends EventEmitter {
  #watch: { close(): void } | null = null
  #handle: Handle

  /** Made by `fs.watch`. */
  constructor(core: FsCore, filename: unknown, options: WatchOptions) {
    super()
    const encoding = validateEncoding(options.encoding ?? 'utf8')
    const signal = validateSignal(options.signal)
    this.#handle = new Handle(core)
    this.#watch = startWatch(core, filename, options, (event, name) => {
      if (this.#watch) this.emit('change', event, encodeFilename(name, encoding))
    })
    if (options.persistent !== false) this.#handle.ref()
    if (signal) {
      if (signal.aborted) queueMicrotask(() => this.close())
      else signal.addEventListener('abort', () => this.close(), { once: true })
    }
  }

  /** Stops watching; emits `close` once. */
  close(): void {
    if (!this.#watch) return
    this.#watch.close()
    this.#watch = null
    this.#handle.unref()
    queueMicrotask(() => this.emit('close'))
  }

  /** Keeps the process alive while watching (the default for persistent watchers). */
  ref(): this {
    if (this.#watch) this.#handle.ref()
    return this
  }

  /** Lets the process exit while watching. */
  unref(): this {
    this.#handle.unref()
    return this
  }
}

/** `fs.watch(filename[, options][, listener])`. */
export function watch(core: FsCore, filename: unknown, options?: unknown, listener?: unknown): FSWatcher {
  if (typeof options === 'function') {
    listener = options
    options = undefined
  }
  const opts = getOptions(options, {}) as WatchOptions
  const watcher = new FSWatcher(core, filename, opts)
  if (listener !== undefined) watcher.on('change', validateCallback(listener, 'listener') as () => void)
  return watcher
}

/** `fs.StatWatcher`: polls a path's stat and emits `change` (current, previous) when it differs. */
export class StatWatcher extends EventEmitter {
  readonly #core: FsCore
  readonly #abs: string
  readonly #bigint: boolean
  #timer: ReturnType<typeof setInterval> | null = null
  #handle: Handle
  #previous: Stats | BigIntStats | null = null

  /** Made by `fs.watchFile`. */
  constructor(core: FsCore, abs: string, bigint: boolean) {
    super()
    this.#core = core
    this.#abs = abs
    this.#bigint = bigint
    this.#handle = new Handle(core)
  }

  /** Starts polling every `interval` ms. */
  start(interval: number, persistent: boolean): void {
    if (this.#timer) return
    this.#previous = this.#stat()
    // Like Node (libuv's fs_poll), a missing file is reported once right away, with zeroed stats.
    if (this.#previous.mode === 0 || this.#previous.mode === 0n) {
      const zero = this.#previous
      queueMicrotask(() => {
        if (this.#timer) this.emit('change', zero, zero)
      })
    }
    this.#timer = setInterval(() => this.#poll(), interval)
    if (persistent) this.#handle.ref()
  }

  #stat(): Stats | BigIntStats {
    try {
      return toStats(this.#core.fs.stat(this.#abs) as unknown as RawStats, this.#bigint)
    } catch {
      const zero: RawStats = {
        dev: 0,
        ino: 0,
        mode: 0,
        nlink: 0,
        uid: 0,
        gid: 0,
        size: 0,
        blocks: 0,
        blksize: 0,
        atimeMs: 0,
        mtimeMs: 0,
        ctimeMs: 0,
        birthtimeMs: 0,
      }
      return toStats(zero, this.#bigint)
    }
  }

  #poll(): void {
    const current = this.#stat()
    const previous = this.#previous as Stats | BigIntStats
    const same = (['dev', 'ino', 'mode', 'nlink', 'uid', 'gid', 'size', 'mtimeMs', 'ctimeMs'] as const).every(
      (key) => current[key] === previous[key],
    )
    if (same) return
    this.#previous = current
    this.emit('change', current, previous)
  }

  /** Stops polling (no more `change` events). */
  stop(): void {
    if (!this.#timer) return
    clearInterval(this.#timer)
    this.#timer = null
    this.#handle.unref()
    this.emit('stop')
  }

  ref(): this {
    if (this.#timer) this.#handle.ref()
    return this
  }

  unref(): this {
    this.#handle.unref()
    return this
  }
}

/** The `watchFile` registry of a process: one StatWatcher per absolute path. */
export class StatWatchers {
  readonly #watchers = new Map<string, StatWatcher>()
  constructor(private readonly core: FsCore) {}

  /** `fs.watchFile(filename[, options], listener)`. */
  watchFile(filename: unknown, options?: unknown, listener?: unknown): StatWatcher {
    if (typeof options === 'function') {
      listener = options
      options = undefined
    }
    const abs = this.core.resolve(toPathString(filename, 'filename'))
    const opts = {
      interval: 5007,
      persistent: true,
      bigint: false,
      ...(typeof options === 'object' && options ? options : {}),
    } as {
      interval: unknown
      persistent: unknown
      bigint: unknown
    }
    const interval = validateInteger(opts.interval, 'interval', 0, 0x7fffffff)
    validateCallback(listener, 'listener')
    let watcher = this.#watchers.get(abs)
    if (!watcher) {
      watcher = new StatWatcher(this.core, abs, opts.bigint === true)
      watcher.start(interval, opts.persistent !== false)
      this.#watchers.set(abs, watcher)
    }
    watcher.on('change', listener as () => void)
    return watcher
  }

  /** `fs.unwatchFile(filename[, listener])`: removes one listener, or all. */
  unwatchFile(filename: unknown, listener?: unknown): void {
    const abs = this.core.resolve(toPathString(filename, 'filename'))
    const watcher = this.#watchers.get(abs)
    if (!watcher) return
    if (typeof listener === 'function') watcher.removeListener('change', listener as () => void)
    else watcher.removeAllListeners('change')
    if (watcher.listenerCount('change') === 0) {
      watcher.stop()
      this.#watchers.delete(abs)
    }
  }
}

/** A change reported by `fs/promises`' `watch`. */
export interface WatchEvent {
  eventType: 'rename' | 'change'
  filename: string | Buffer
}

/** `fsPromises.watch(filename[, options])`: an async iterator of changes; abort with `signal`. */
export function watchAsync(core: FsCore, filename: unknown, options?: unknown): AsyncIterableIterator<WatchEvent> {
  const opts = getOptions(options, {}) as WatchOptions
  const encoding = validateEncoding(opts.encoding ?? 'utf8')
  const signal = validateSignal(opts.signal)
  const queue: WatchEvent[] = []
  let waiting: ((result: IteratorResult<WatchEvent>) => void) | null = null
  let failing: ((error: unknown) => void) | null = null
  let done = false
  let abortedError: Error | null = null
  const handle = new Handle(core)
  const watcher = startWatch(core, filename, opts, (eventType, name) => {
    const event = { eventType, filename: encodeFilename(name, encoding) }
    if (waiting) {
      const resolve = waiting
      waiting = null
      failing = null
      resolve({ value: event, done: false })
    } else queue.push(event)
  })
  if (opts.persistent !== false) handle.ref()
  const finish = () => {
    if (done) return
    done = true
    watcher.close()
    handle.unref()
  }
  const onAbort = () => {
    abortedError = abortError(signal?.reason)
    finish()
    if (failing) {
      const reject = failing
      waiting = null
      failing = null
      reject(abortedError)
    }
  }
  if (signal) {
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  }
  const iterator: AsyncIterableIterator<WatchEvent> = {
    next(): Promise<IteratorResult<WatchEvent>> {
      if (abortedError) return Promise.reject(abortedError)
      const event = queue.shift()
      if (event) return Promise.resolve({ value: event, done: false })
      if (done) return Promise.resolve({ value: undefined, done: true })
      return new Promise((resolve, reject) => {
        waiting = resolve
        failing = reject
      })
    },
    return(): Promise<IteratorResult<WatchEvent>> {
      finish()
      signal?.removeEventListener('abort', onAbort)
      if (waiting) {
        const resolve = waiting
        waiting = null
        failing = null
        resolve({ value: undefined, done: true })
      }
      return Promise.resolve({ value: undefined, done: true })
    },
    [Symbol.asyncIterator]() {
      return iterator
    },
  }
  return iterator
}
