/**
 * `node:timers` and `node:timers/promises` over the process's timers.
 */
import type { TimerFunctions } from '../timers.js'

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  })
}

/** `node:timers/promises`. */
export function createTimersPromises(timers: TimerFunctions): object {
  const setTimeoutPromise = <T>(delay?: number, value?: T, options: { signal?: AbortSignal; ref?: boolean } = {}) =>
    new Promise<T | undefined>((resolve, reject) => {
      const signal = options.signal
      if (signal?.aborted) return reject(abortError(signal))
      const timer = timers.setTimeout(() => resolve(value), delay)
      if (options.ref === false) timer.unref()
      signal?.addEventListener(
        'abort',
        () => {
          timers.clearTimeout(timer)
          reject(abortError(signal))
        },
        { once: true },
      )
    })
  const setImmediatePromise = <T>(value?: T, options: { signal?: AbortSignal; ref?: boolean } = {}) =>
    new Promise<T | undefined>((resolve, reject) => {
      const signal = options.signal
      if (signal?.aborted) return reject(abortError(signal))
      const immediate = timers.setImmediate(() => resolve(value))
      if (options.ref === false) immediate.unref()
      signal?.addEventListener(
        'abort',
        () => {
          timers.clearImmediate(immediate)
          reject(abortError(signal))
        },
        { once: true },
      )
    })
  async function* setIntervalIterator<T>(
    delay?: number,
    value?: T,
    options: { signal?: AbortSignal; ref?: boolean } = {},
  ) {
    const signal = options.signal
    if (signal?.aborted) throw abortError(signal)
    let pending = 0
    let wake: (() => void) | null = null
    const timer = timers.setInterval(() => {
      pending++
      wake?.()
    }, delay)
    if (options.ref === false) timer.unref()
    const onAbort = () => wake?.()
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      for (;;) {
        if (signal?.aborted) throw abortError(signal)
        if (pending === 0)
          await new Promise<void>((resolve) => {
            wake = resolve
          })
        wake = null
        if (signal?.aborted) throw abortError(signal)
        while (pending > 0) {
          pending--
          yield value
        }
      }
    } finally {
      timers.clearInterval(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }
  return {
    setTimeout: setTimeoutPromise,
    setImmediate: setImmediatePromise,
    setInterval: setIntervalIterator,
    scheduler: {
      wait: (delay: number, options?: { signal?: AbortSignal }) => setTimeoutPromise(delay, undefined, options),
      yield: () => setImmediatePromise(),
    },
  }
}

/** `node:timers`. */
export function createTimersBuiltin(timers: TimerFunctions): object {
  return {
    setTimeout: timers.setTimeout,
    setInterval: timers.setInterval,
    setImmediate: timers.setImmediate,
    clearTimeout: timers.clearTimeout,
    clearInterval: timers.clearInterval,
    clearImmediate: timers.clearImmediate,
    promises: createTimersPromises(timers),
    active: (timer: { refresh?: () => void }) => timer.refresh?.(),
    unenroll: (timer: unknown) => timers.clearTimeout(timer),
  }
}
