/**
 * The event loop of one process, as far as JavaScript can see it: which
 * sources may still call back (refs), and the timer functions built on the
 * host's own. A process ends when its main module has run and nothing holds
 * a ref (Node's and Bun's rule: pending timers, sockets, child processes,
 * watchers … keep it alive; a pending promise alone does not).
 *
 * Ordering follows Bun: `process.nextTick` callbacks run before promise
 * callbacks queued in the same turn, then `setImmediate`, then timers.
 */

/** The host's timer functions, captured before a process installs its own globals. */
const host = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis),
  setInterval: globalThis.setInterval.bind(globalThis),
  clearInterval: globalThis.clearInterval.bind(globalThis),
  setImmediate: (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate?.bind(globalThis),
  queueMicrotask: globalThis.queueMicrotask.bind(globalThis),
}

/** Runs `fn` in a new macrotask as soon as possible (before timers), on the host. */
export const macrotask: (fn: () => void) => void = (() => {
  if (host.setImmediate) return (fn: () => void) => void host.setImmediate?.(fn)
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel()
    const queue: Array<() => void> = []
    channel.port1.onmessage = () => {
      const fn = queue.shift()
      fn?.()
    }
    return (fn: () => void) => {
      queue.push(fn)
      channel.port2.postMessage(null)
    }
  }
  return (fn: () => void) => void host.setTimeout(fn, 0)
})()

/** Keeps track of what may still call back, and tells when nothing does. */
export class EventLoop {
  private held = 0
  private waiters: Array<() => void> = []
  private checking = false
  /** Set when the process is ending: no callback runs any more. */
  stopped = false

  constructor(
    /** Called with an exception a callback threw (the process decides: handler or exit). */
    readonly uncaught: (error: unknown) => void,
  ) {}

  /** Holds the loop open until the returned function is called (idempotent). */
  ref(): () => void {
    this.held++
    let released = false
    return () => {
      if (released) return
      released = true
      this.held--
      if (this.held === 0) this.check()
    }
  }

  /** How many refs are held. */
  get refs(): number {
    return this.held
  }

  /** Resolves once no ref has been held for a whole macrotask turn. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve)
      this.check()
    })
  }

  private check(): void {
    if (this.checking || this.waiters.length === 0) return
    this.checking = true
    // Two turns: callbacks queued by host tasks that were already pending get to run (and take refs).
    macrotask(() =>
      macrotask(() => {
        this.checking = false
        if (this.held > 0) return
        const waiters = this.waiters
        this.waiters = []
        for (const resolve of waiters) resolve()
      }),
    )
  }

  /** Runs a callback from the loop: exceptions go to {@link uncaught}. */
  run(fn: (...args: unknown[]) => unknown, thisArg: unknown, args: unknown[]): void {
    if (this.stopped) return
    try {
      fn.apply(thisArg, args)
    } catch (error) {
      this.uncaught(error)
    }
  }
}

let nextTimerId = 1
/** Node's and Bun's custom-inspect key. */
export const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as typeof INSPECT

/** What `setTimeout`/`setInterval` return (Node's and Bun's `Timeout`). */
export class Timeout {
  /** @internal */ _handle: unknown = null
  /** @internal */ _release: (() => void) | null = null
  /** @internal */ _refed = true
  readonly _id: number = nextTimerId++
  _idleTimeout: number
  _onTimeout: ((...args: unknown[]) => void) | null
  _repeat: number | null
  /** @internal */ _args: unknown[]
  /** @internal */ _loop: EventLoop
  /** @internal */ _destroyed = false

  constructor(
    loop: EventLoop,
    callback: (...args: unknown[]) => void,
    delay: number,
    args: unknown[],
    repeat: boolean,
  ) {
    this._loop = loop
    this._onTimeout = callback
    this._idleTimeout = delay
    this._repeat = repeat ? delay : null
    this._args = args
    this._schedule()
  }

  /** @internal */
  _schedule(): void {
    if (this._destroyed) return
    if (this._refed && !this._release) this._release = this._loop.ref()
    const fire = () => {
      if (this._repeat === null) this._clear()
      else this._schedule()
      const callback = this._onTimeout
      if (callback) this._loop.run(callback, this, this._args)
    }
    this._handle = host.setTimeout(fire, this._idleTimeout)
  }

  /** @internal */
  _clear(): void {
    if (this._handle !== null) host.clearTimeout(this._handle as number)
    this._handle = null
    this._destroyed = true
    this._release?.()
    this._release = null
  }

  ref(): this {
    this._refed = true
    if (!this._destroyed && !this._release) this._release = this._loop.ref()
    return this
  }

  unref(): this {
    this._refed = false
    this._release?.()
    this._release = null
    return this
  }

  hasRef(): boolean {
    return this._refed && !this._destroyed
  }

  refresh(): this {
    if (this._destroyed) return this
    if (this._handle !== null) host.clearTimeout(this._handle as number)
    this._schedule()
    return this
  }

  close(): this {
    this._clear()
    return this
  }

  [Symbol.toPrimitive](): number {
    return this._id
  }

  [Symbol.dispose](): void {
    this._clear()
  }

  [INSPECT](): string {
    return `Timeout (#${this._id})`
  }
}

/** What `setImmediate` returns. */
export class Immediate {
  /** @internal */ _release: (() => void) | null
  /** @internal */ _cancelled = false
  /** @internal */ _refed = true
  constructor(
    /** @internal */ readonly _loop: EventLoop,
    readonly _onImmediate: (...args: unknown[]) => void,
    /** @internal */ readonly _argv: unknown[],
  ) {
    this._release = _loop.ref()
    macrotask(() => {
      const release = this._release
      this._release = null
      if (!this._cancelled) _loop.run(_onImmediate, this, _argv)
      release?.()
    })
  }
  ref(): this {
    this._refed = true
    if (!this._cancelled && !this._release) this._release = this._loop.ref()
    return this
  }
  unref(): this {
    this._refed = false
    this._release?.()
    this._release = null
    return this
  }
  hasRef(): boolean {
    return this._refed && !this._cancelled
  }
  [Symbol.dispose](): void {
    this._cancelled = true
    this.unref()
  }
}

function checkCallback(callback: unknown): asserts callback is (...args: unknown[]) => void {
  if (typeof callback !== 'function') {
    const received =
      callback === undefined || callback === null ? String(callback) : `type ${typeof callback} (${String(callback)})`
    throw Object.assign(new TypeError(`The "callback" argument must be of type function. Received ${received}`), {
      code: 'ERR_INVALID_ARG_TYPE',
    })
  }
}

function delayOf(value: unknown): number {
  const delay = Number(value)
  return Number.isFinite(delay) && delay >= 1 ? Math.min(delay, 2 ** 31 - 1) : 1
}

/** The timer functions of one process (the globals and `node:timers`). */
export interface TimerFunctions {
  setTimeout(callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]): Timeout
  setInterval(callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]): Timeout
  setImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]): Immediate
  clearTimeout(timer: unknown): void
  clearInterval(timer: unknown): void
  clearImmediate(immediate: unknown): void
  queueMicrotask(callback: () => void): void
  nextTick(callback: (...args: unknown[]) => void, ...args: unknown[]): void
}

/** Builds the timer functions of a process over its loop. */
export function createTimers(loop: EventLoop): TimerFunctions {
  const byId = new Map<number, Timeout>()
  let ticks: Array<[(...args: unknown[]) => void, unknown[]]> = []
  let draining = false
  const drainTicks = () => {
    draining = false
    while (ticks.length > 0) {
      const batch = ticks
      ticks = []
      for (const [fn, args] of batch) loop.run(fn, undefined, args)
    }
  }
  const clear = (timer: unknown) => {
    if (timer instanceof Timeout) {
      timer._clear()
      byId.delete(timer._id)
    } else if (typeof timer === 'number' || typeof timer === 'string') {
      const found = byId.get(Number(timer))
      found?._clear()
      byId.delete(Number(timer))
    }
  }
  const track = (timer: Timeout) => {
    byId.set(timer._id, timer)
    const original = timer._clear.bind(timer)
    timer._clear = () => {
      original()
      if (timer._repeat === null || timer._destroyed) byId.delete(timer._id)
    }
    return timer
  }
  return {
    setTimeout(callback, delay, ...args) {
      checkCallback(callback)
      return track(new Timeout(loop, callback, delayOf(delay), args, false))
    },
    setInterval(callback, delay, ...args) {
      checkCallback(callback)
      return track(new Timeout(loop, callback, delayOf(delay), args, true))
    },
    setImmediate(callback, ...args) {
      checkCallback(callback)
      return new Immediate(loop, callback, args)
    },
    clearTimeout: clear,
    clearInterval: clear,
    clearImmediate(immediate) {
      if (immediate instanceof Immediate) {
        immediate._cancelled = true
        immediate.unref()
      }
    },
    queueMicrotask(callback) {
      checkCallback(callback)
      host.queueMicrotask(() => loop.run(callback, undefined, []))
    },
    nextTick(callback, ...args) {
      checkCallback(callback)
      ticks.push([callback, args])
      if (!draining) {
        draining = true
        host.queueMicrotask(drainTicks)
      }
    },
  }
}
