/**
 * `node:diagnostics_channel`: named channels with subscribers and bound
 * AsyncLocalStorage stores, and tracing channels (`traceSync`,
 * `tracePromise`, `traceCallback`) — Node 20's API as Bun 1.4.5 has it.
 * Channels are the realm's (one `channel('x')` object per name).
 */
import type { AsyncLocalStorage } from './async-hooks.js'
import type { NodeContext } from './context.js'
import {
  codedError,
  describeReceived,
  invalidArgType,
  invalidArgTypeOf,
  validateFunction,
} from './internal/node-b-errors.js'

type Subscriber = (message: unknown, name: string | symbol) => void
type Transform = (message: unknown) => unknown

/** How a throwing subscriber is reported: as an uncaught exception, on a later tick (set per process). */
let reportError: (error: unknown) => void = (error) =>
  queueMicrotask(() => {
    throw error
  })

/** A named channel. */
export class Channel {
  _subscribers: Subscriber[] = []
  _stores: Map<AsyncLocalStorage<unknown>, Transform | undefined> = new Map()
  readonly name: string | symbol

  constructor(name: string | symbol) {
    this.name = name
  }

  get hasSubscribers(): boolean {
    return this._subscribers.length > 0 || this._stores.size > 0
  }

  subscribe(subscription: Subscriber): void {
    validateFunction(subscription, 'subscription')
    this._subscribers = [...this._subscribers, subscription]
  }

  unsubscribe(subscription: Subscriber): boolean {
    const index = this._subscribers.indexOf(subscription)
    if (index === -1) return false
    this._subscribers = this._subscribers.filter((_, i) => i !== index)
    return true
  }

  bindStore(store: AsyncLocalStorage<unknown>, transform?: Transform): void {
    this._stores.set(store, transform)
  }

  unbindStore(store: AsyncLocalStorage<unknown>): boolean {
    return this._stores.delete(store)
  }

  publish(data: unknown): void {
    for (const subscriber of this._subscribers) {
      try {
        subscriber(data, this.name)
      } catch (error) {
        reportError(error)
      }
    }
  }

  /** Runs `fn` with every bound store set (through its transform of `data`), publishing `data` first. */
  runStores<R>(data: unknown, fn: (...args: never[]) => R, thisArg?: unknown, ...args: unknown[]): R {
    let run = (): R => {
      this.publish(data)
      return Reflect.apply(fn, thisArg, args) as R
    }
    for (const [store, transform] of this._stores) {
      const next = run
      run = () => {
        let value: unknown
        try {
          value = transform ? transform(data) : data
        } catch (error) {
          reportError(error)
          return next()
        }
        return store.run(value, next)
      }
    }
    return run()
  }
}

const channels = new Map<string | symbol, Channel>()

function validateName(name: unknown): asserts name is string | symbol {
  if (typeof name !== 'string' && typeof name !== 'symbol') throw invalidArgTypeOf('channel', 'string or symbol', name)
}

/** The channel named `name` (the same object every time). */
export function channel(name: string | symbol): Channel {
  validateName(name)
  let found = channels.get(name)
  if (!found) {
    found = new Channel(name)
    channels.set(name, found)
  }
  return found
}

/** Does channel `name` have subscribers? */
export function hasSubscribers(name: string | symbol): boolean {
  validateName(name)
  return channels.get(name)?.hasSubscribers ?? false
}

/** Subscribes to channel `name`. */
export function subscribe(name: string | symbol, subscription: Subscriber): void {
  channel(name).subscribe(subscription)
}

/** Unsubscribes from channel `name`; `false` when it was not subscribed. */
export function unsubscribe(name: string | symbol, subscription: Subscriber): boolean {
  validateName(name)
  return channels.get(name)?.unsubscribe(subscription) ?? false
}

const TRACE_EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const
type TraceEvent = (typeof TRACE_EVENTS)[number]
type TraceHandlers = Partial<Record<TraceEvent, Subscriber>>
type TraceContext = Record<string, unknown>

/** Five channels around one traced operation. */
export class TracingChannel {
  readonly start: Channel
  readonly end: Channel
  readonly asyncStart: Channel
  readonly asyncEnd: Channel
  readonly error: Channel

  constructor(channels: Record<TraceEvent, Channel>) {
    this.start = channels.start
    this.end = channels.end
    this.asyncStart = channels.asyncStart
    this.asyncEnd = channels.asyncEnd
    this.error = channels.error
  }

  #any(): boolean {
    return TRACE_EVENTS.some((name) => this[name].hasSubscribers)
  }

  subscribe(handlers: TraceHandlers): void {
    for (const name of TRACE_EVENTS) {
      const handler = handlers[name]
      if (handler) this[name].subscribe(handler)
    }
  }

  unsubscribe(handlers: TraceHandlers): boolean {
    let done = true
    for (const name of TRACE_EVENTS) {
      const handler = handlers[name]
      if (handler && !this[name].unsubscribe(handler)) done = false
    }
    return done
  }

  traceSync<R>(fn: (...args: never[]) => R, context: TraceContext = {}, thisArg?: unknown, ...args: unknown[]): R {
    if (!this.#any()) return Reflect.apply(fn, thisArg, args) as R
    return this.start.runStores(context, () => {
      try {
        const result = Reflect.apply(fn, thisArg, args) as R
        context.result = result
        return result
      } catch (error) {
        context.error = error
        this.error.publish(context)
        throw error
      } finally {
        this.end.publish(context)
      }
    })
  }

  tracePromise<R>(
    fn: (...args: never[]) => Promise<R> | R,
    context: TraceContext = {},
    thisArg?: unknown,
    ...args: unknown[]
  ): Promise<R> {
    if (!this.#any()) return Reflect.apply(fn, thisArg, args) as Promise<R>
    const resolve = (result: R) => {
      context.result = result
      this.asyncStart.publish(context)
      this.asyncEnd.publish(context)
      return result
    }
    const reject = (error: unknown) => {
      context.error = error
      this.error.publish(context)
      this.asyncStart.publish(context)
      this.asyncEnd.publish(context)
      return Promise.reject(error)
    }
    return this.start.runStores(context, () => {
      try {
        let promise = Reflect.apply(fn, thisArg, args) as Promise<R>
        if (!(promise instanceof Promise)) promise = Promise.resolve(promise)
        return promise.then(resolve, reject)
      } catch (error) {
        context.error = error
        this.error.publish(context)
        throw error
      } finally {
        this.end.publish(context)
      }
    })
  }

  traceCallback<R>(
    fn: (...args: never[]) => R,
    position = -1,
    context: TraceContext = {},
    thisArg?: unknown,
    ...args: unknown[]
  ): R {
    if (!this.#any()) return Reflect.apply(fn, thisArg, args) as R
    const callback = args.at(position)
    validateFunction(callback, 'callback')
    const tracing = this
    function wrappedCallback(this: unknown, ...callbackArgs: unknown[]) {
      const [error, result] = callbackArgs
      if (error) {
        context.error = error
        tracing.error.publish(context)
      } else context.result = result
      return tracing.asyncStart.runStores(context, () => {
        try {
          return Reflect.apply(callback as (...a: unknown[]) => unknown, this, callbackArgs)
        } finally {
          tracing.asyncEnd.publish(context)
        }
      })
    }
    args.splice(position < 0 ? args.length + position : position, 1, wrappedCallback)
    return this.start.runStores(context, () => {
      try {
        return Reflect.apply(fn, thisArg, args) as R
      } catch (error) {
        context.error = error
        this.error.publish(context)
        throw error
      } finally {
        this.end.publish(context)
      }
    })
  }
}

/** A TracingChannel named `tracing:<name>:<event>`, or over the given five channels. */
export function tracingChannel(nameOrChannels: string | Record<TraceEvent, Channel>): TracingChannel {
  if (typeof nameOrChannels === 'string') {
    const parts = {} as Record<TraceEvent, Channel>
    for (const name of TRACE_EVENTS) parts[name] = channel(`tracing:${nameOrChannels}:${name}`)
    return new TracingChannel(parts)
  }
  if (nameOrChannels !== null && typeof nameOrChannels === 'object') {
    for (const name of TRACE_EVENTS) {
      const value = (nameOrChannels as Record<string, unknown>)[name]
      if (!(value instanceof Channel)) throw invalidArgType(`nameOrChannels.${name}`, 'Channel', value)
    }
    return new TracingChannel(nameOrChannels)
  }
  throw codedError(
    TypeError,
    'ERR_INVALID_ARG_TYPE',
    `The "nameOrChannels" argument must be an string, object, or Channel. Received ${describeReceived(nameOrChannels)}`,
  )
}

/** What `require('node:diagnostics_channel')` returns. */
export interface DiagnosticsChannelModule {
  Channel: typeof Channel
  channel: typeof channel
  hasSubscribers: typeof hasSubscribers
  subscribe: typeof subscribe
  unsubscribe: typeof unsubscribe
  tracingChannel: typeof tracingChannel
}

/** Builds `node:diagnostics_channel`; a throwing subscriber becomes this process's uncaught exception. */
export function createDiagnosticsChannel(ctx: NodeContext): DiagnosticsChannelModule {
  reportError = (error) =>
    ctx.nextTick(() => {
      throw error
    })
  return { Channel, channel, hasSubscribers, subscribe, unsubscribe, tracingChannel }
}
