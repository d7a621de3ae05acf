/**
 * `jest.useFakeTimers()` and friends, and `setSystemTime()`, as in Bun:
 * fake `setTimeout`/`setInterval` (and their clears; `setImmediate` stays
 * real) run only when the test advances the fake clock, and `Date` reads
 * the fake clock. `setSystemTime(date)` pins `Date` to a time without
 * faking timers; `setSystemTime()` unpins it.
 *
 * The process's timer functions are swapped once, before any module runs
 * ({@link installTimerDispatch}), for functions that route to the fake
 * clock while it is on: modules bind the timers when they load, so this is
 * what lets a test fake the timers of code already imported.
 */
import type { Runtime } from '../runtime/runtime.js'

interface FakeTimer {
  id: number
  callback: (...args: unknown[]) => void
  args: unknown[]
  at: number
  interval: number | null
  order: number
}

/** The clock and queue of fake timers of one process. */
class Clock {
  fake = false
  /** The fake time (ms since the epoch) when timers are fake or time is pinned. */
  now = 0
  pinned = false
  readonly timers = new Map<number, FakeTimer>()
  nextId = 1
  order = 0
}

const clocks = new WeakMap<Runtime, Clock>()
const instances = new WeakMap<Runtime, FakeTimers>()

/** Puts back the real `Date` and forgets fake timers (the run ends). */
export function disposeFakeTimers(runtime: Runtime): void {
  instances.get(runtime)?.dispose()
}
const RealDate = Date

function clockOf(runtime: Runtime): Clock {
  let clock = clocks.get(runtime)
  if (!clock) {
    clock = new Clock()
    clocks.set(runtime, clock)
  }
  return clock
}

/** What fake `setTimeout` returns (enough of Node's `Timeout`). */
class FakeTimeout {
  constructor(
    readonly _id: number,
    private readonly clock: Clock,
  ) {}
  ref(): this {
    return this
  }
  unref(): this {
    return this
  }
  hasRef(): boolean {
    return this.clock.timers.has(this._id)
  }
  refresh(): this {
    return this
  }
  [Symbol.toPrimitive](): number {
    return this._id
  }
}

/**
 * Routes the process's `setTimeout`/`setInterval`/`clearTimeout`/
 * `clearInterval` through the fake clock when it is on. Call before the
 * modules of the run load (then `runtime.resetModules()` so they bind these).
 */
export function installTimerDispatch(runtime: Runtime): void {
  const clock = clockOf(runtime)
  const timers = runtime.timers
  const real = {
    setTimeout: timers.setTimeout,
    setInterval: timers.setInterval,
    clearTimeout: timers.clearTimeout,
    clearInterval: timers.clearInterval,
  }
  const schedule = (callback: unknown, delay: unknown, args: unknown[], repeat: boolean) => {
    if (typeof callback !== 'function') return real.setTimeout(callback as never, delay as number, ...args)
    const ms = Math.max(1, Number(delay) || 0)
    const id = clock.nextId++
    clock.timers.set(id, {
      id,
      callback: callback as (...a: unknown[]) => void,
      args,
      at: clock.now + ms,
      interval: repeat ? ms : null,
      order: clock.order++,
    })
    return new FakeTimeout(id, clock) as never
  }
  const clear = (handle: unknown, realClear: (h: unknown) => void) => {
    if (handle instanceof FakeTimeout) clock.timers.delete(handle._id)
    else if (typeof handle === 'number' && clock.timers.has(handle)) clock.timers.delete(handle)
    else realClear(handle)
  }
  timers.setTimeout = (callback, delay, ...args) =>
    clock.fake ? schedule(callback, delay, args, false) : real.setTimeout(callback, delay, ...args)
  timers.setInterval = (callback, delay, ...args) =>
    clock.fake ? schedule(callback, delay, args, true) : real.setInterval(callback, delay, ...args)
  timers.clearTimeout = (handle) => clear(handle, real.clearTimeout)
  timers.clearInterval = (handle) => clear(handle, real.clearInterval)
}

/** The fake-timer API of a `bun:test` module. */
export class FakeTimers {
  private readonly clock: Clock
  private savedDate: PropertyDescriptor | undefined
  private dateInstalled = false

  constructor(runtime: Runtime) {
    this.clock = clockOf(runtime)
    instances.set(runtime, this)
  }

  /** `Date.now()` as the test sees it. */
  now(): number {
    return this.clock.fake || this.clock.pinned ? this.clock.now : RealDate.now()
  }

  private installDate(): void {
    if (this.dateInstalled) return
    const clock = this.clock
    const FakeDate = function (this: unknown, ...args: unknown[]) {
      if (!new.target) return new RealDate(clock.now).toString()
      return args.length === 0
        ? Reflect.construct(RealDate, [clock.now], new.target)
        : Reflect.construct(RealDate, args, new.target)
    } as unknown as DateConstructor
    Object.defineProperty(FakeDate, 'prototype', { value: RealDate.prototype })
    Object.defineProperty(FakeDate, 'name', { value: 'Date' })
    Object.defineProperty(FakeDate, 'length', { value: 7 })
    ;(FakeDate as unknown as Record<string, unknown>).now = () => clock.now
    ;(FakeDate as unknown as Record<string, unknown>).parse = RealDate.parse
    ;(FakeDate as unknown as Record<string, unknown>).UTC = RealDate.UTC
    this.savedDate = Object.getOwnPropertyDescriptor(globalThis, 'Date')
    Object.defineProperty(globalThis, 'Date', {
      value: FakeDate,
      writable: true,
      configurable: true,
      enumerable: false,
    })
    this.dateInstalled = true
  }

  private uninstallDate(): void {
    if (!this.dateInstalled) return
    if (this.savedDate) Object.defineProperty(globalThis, 'Date', this.savedDate)
    this.dateInstalled = false
  }

  /** `setSystemTime(date?)`. */
  setSystemTime(time?: unknown): void {
    if (time === undefined || time === null) {
      this.clock.pinned = false
      if (!this.clock.fake) this.uninstallDate()
      else this.clock.now = RealDate.now()
      return
    }
    const ms =
      time instanceof RealDate ? time.getTime() : typeof time === 'number' ? time : new RealDate(String(time)).getTime()
    this.clock.now = ms
    this.clock.pinned = !this.clock.fake
    this.installDate()
  }

  /** Removes everything faked (the run ends). */
  dispose(): void {
    this.clock.fake = false
    this.clock.pinned = false
    this.clock.timers.clear()
    this.uninstallDate()
  }

  private run(timer: FakeTimer): void {
    this.clock.now = Math.max(this.clock.now, timer.at)
    if (timer.interval !== null) {
      timer.at += timer.interval
      timer.order = this.clock.order++
    } else this.clock.timers.delete(timer.id)
    timer.callback(...timer.args)
  }

  private next(limit = Number.POSITIVE_INFINITY): FakeTimer | undefined {
    let best: FakeTimer | undefined
    for (const timer of this.clock.timers.values())
      if (timer.at <= limit && (!best || timer.at < best.at || (timer.at === best.at && timer.order < best.order)))
        best = timer
    return best
  }

  /** The `jest`/`vi` timer functions; each returns `self()` (for chaining). */
  api(self: () => unknown): Record<string, unknown> {
    const clock = this.clock
    return {
      useFakeTimers: (options?: { now?: number | Date }) => {
        clock.fake = true
        clock.timers.clear()
        const now = options?.now
        clock.now =
          now instanceof RealDate
            ? now.getTime()
            : typeof now === 'number'
              ? now
              : clock.pinned
                ? clock.now
                : RealDate.now()
        clock.pinned = false
        this.installDate()
        return self()
      },
      useRealTimers: () => {
        clock.fake = false
        clock.timers.clear()
        if (!clock.pinned) this.uninstallDate()
        return self()
      },
      isFakeTimers: () => clock.fake,
      getTimerCount: () => clock.timers.size,
      clearAllTimers: () => {
        clock.timers.clear()
        return self()
      },
      advanceTimersByTime: (ms: unknown) => {
        const target = clock.now + (Number(ms) || 0)
        for (let timer = this.next(target); timer; timer = this.next(target)) this.run(timer)
        clock.now = target
        return self()
      },
      advanceTimersToNextTimer: (steps: unknown) => {
        const count = typeof steps === 'number' && steps > 0 ? steps : 1
        for (let i = 0; i < count; i++) {
          const timer = this.next()
          if (!timer) break
          const at = timer.at
          for (let t = this.next(at); t; t = this.next(at)) this.run(t)
        }
        return self()
      },
      runAllTimers: () => {
        for (let i = 0; ; i++) {
          const timer = this.next()
          if (!timer) break
          if (i >= 100_000) throw new Error('Aborting after running 100000 timers, assuming an infinite loop!')
          this.run(timer)
        }
        return self()
      },
      runOnlyPendingTimers: () => {
        const pending = [...clock.timers.values()].sort((a, b) => a.at - b.at || a.order - b.order)
        for (const timer of pending) if (clock.timers.has(timer.id)) this.run(timer)
        return self()
      },
      now: () => this.now(),
      setSystemTime: (time?: unknown) => {
        this.setSystemTime(time)
        return self()
      },
    }
  }
}
