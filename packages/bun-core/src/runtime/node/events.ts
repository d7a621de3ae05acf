/**
 * `node:events`. The runtime's one EventEmitter is the npm `events`
 * package's (readable-stream's streams extend it); {@link installEvents}
 * completes it in place to Node 20's API, and `require('node:events')` is
 * that class (behind a thin facade, see `emitterFacade`) carrying Node's
 * module functions: `once`, `on`, `getEventListeners`, `getMaxListeners`,
 * `setMaxListeners`, `addAbortListener`, `listenerCount`,
 * `EventEmitterAsyncResource`, `errorMonitor`, `captureRejectionSymbol` …
 *
 * Limits: the `captureRejections` constructor option reaches emitters made
 * through `require('node:events')` (and classes extending it), not streams,
 * whose base is the npm class itself; `getEventListeners` sees EventTarget
 * listeners added after {@link installEvents}.
 */
import { EventEmitter } from 'events'
import { AsyncResource } from './async-hooks.js'
import type { NodeContext } from './context.js'
import {
  captureRejectionSymbol,
  completeEventEmitter,
  type EmitterClass,
  emitterFacade,
  emitterHooks,
  errorMonitor,
} from './internal/events-emitter.js'
import {
  AbortError,
  codedError,
  inspectPrimitive,
  invalidArgType,
  invalidArgTypeOf,
  outOfRange,
  validateAbortSignal,
  validateFunction,
  validateInteger,
  validateObject,
} from './internal/node-b-errors.js'

type Listener = (...args: unknown[]) => unknown
type AnyEmitter = InstanceType<typeof EventEmitter>

export const kMaxEventTargetListeners: unique symbol = Symbol('events.maxEventTargetListeners')
export const kMaxEventTargetListenersWarned: unique symbol = Symbol('events.maxEventTargetListenersWarned')

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose')

// --- EventTarget listeners (Node can list them; the browser cannot) ------------------------------

interface TrackedListener {
  listener: EventListenerOrEventListenerObject
  capture: boolean
  /** What was registered with the platform (a wrapper for `once`). */
  registered: EventListenerOrEventListenerObject
}

const targetListeners = new WeakMap<EventTarget, Map<string, TrackedListener[]>>()
let targetsTracked = false

function captureOf(options: boolean | AddEventListenerOptions | EventListenerOptions | undefined): boolean {
  return typeof options === 'boolean' ? options : Boolean(options?.capture)
}

function trackEventTargets(): void {
  if (targetsTracked || typeof EventTarget === 'undefined') return
  targetsTracked = true
  const proto = EventTarget.prototype
  const add = proto.addEventListener
  const remove = proto.removeEventListener
  const forget = (target: EventTarget, type: string, entry: TrackedListener) => {
    const list = targetListeners.get(target)?.get(type)
    const at = list?.indexOf(entry) ?? -1
    if (at >= 0) list!.splice(at, 1)
  }
  proto.addEventListener = function addEventListener(
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if (listener == null) {
      add.call(this, type, listener, options)
      return
    }
    const name = String(type)
    const capture = captureOf(options)
    let byType = targetListeners.get(this)
    if (!byType) {
      byType = new Map()
      targetListeners.set(this, byType)
    }
    let list = byType.get(name)
    if (!list) {
      list = []
      byType.set(name, list)
    }
    if (list.some((entry) => entry.listener === listener && entry.capture === capture)) return
    const signal = typeof options === 'object' ? options.signal : undefined
    if (signal?.aborted) {
      add.call(this, name, listener, options)
      return
    }
    const entry: TrackedListener = { listener: listener!, capture, registered: listener! }
    if (typeof options === 'object' && options.once) {
      const target = this
      entry.registered = function (this: unknown, event: Event) {
        forget(target, name, entry)
        return typeof listener === 'function'
          ? listener.call(this, event)
          : (listener as EventListenerObject).handleEvent(event)
      }
    }
    list.push(entry)
    signal?.addEventListener('abort', () => forget(this, name, entry), { once: true })
    add.call(this, name, entry.registered, options)
  }
  proto.removeEventListener = function removeEventListener(
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    const name = String(type)
    const capture = captureOf(options)
    const entry = targetListeners
      .get(this)
      ?.get(name)
      ?.find((item) => item.listener === listener && item.capture === capture)
    if (entry) forget(this, name, entry)
    remove.call(this, name, entry ? entry.registered : listener, options)
  }
}

function isEventTarget(value: unknown): value is EventTarget {
  return typeof EventTarget !== 'undefined' && value instanceof EventTarget
}

function isEmitter(value: unknown): value is AnyEmitter {
  return value instanceof EventEmitter
}

// --- module functions --------------------------------------------------------------------------

/** `events.getEventListeners(emitterOrTarget, type)`. */
export function getEventListeners(emitterOrTarget: unknown, type: string | symbol): Listener[] {
  if (isEmitter(emitterOrTarget)) return emitterOrTarget.listeners(type) as Listener[]
  if (isEventTarget(emitterOrTarget)) {
    const list = targetListeners.get(emitterOrTarget)?.get(String(type)) ?? []
    return list.map((entry) => entry.listener as Listener)
  }
  throw codedError(
    TypeError,
    'ERR_INVALID_ARG_TYPE',
    'ERR_INVALID_ARG_TYPE: first argument must be of type EventEmitter',
  )
}

/** `events.getMaxListeners(emitterOrTarget)`. */
export function getMaxListeners(emitterOrTarget: unknown): number {
  if (isEmitter(emitterOrTarget)) return emitterOrTarget.getMaxListeners()
  if (isEventTarget(emitterOrTarget)) {
    const max = (emitterOrTarget as unknown as Record<symbol, number | undefined>)[kMaxEventTargetListeners]
    return max ?? EventEmitter.defaultMaxListeners
  }
  throw invalidArgType('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget)
}

/** `events.setMaxListeners(n, ...eventTargets)`: the default when no targets are given. */
export function setMaxListeners(n: number = EventEmitter.defaultMaxListeners, ...eventTargets: unknown[]): void {
  if (typeof n !== 'number') throw invalidArgType('setMaxListeners', 'number', n)
  if (!(n >= 0)) throw outOfRange('setMaxListeners', '>= 0', n)
  if (eventTargets.length === 0) {
    EventEmitter.defaultMaxListeners = n
    return
  }
  for (const target of eventTargets) {
    if (isEventTarget(target)) {
      const record = target as unknown as Record<symbol, unknown>
      record[kMaxEventTargetListeners] = n
      record[kMaxEventTargetListenersWarned] = false
    } else if (isEmitter(target)) target.setMaxListeners(n)
    else throw invalidArgType('eventTargets', ['EventEmitter', 'EventTarget'], target)
  }
}

function addListenerTo(emitter: unknown, name: string | symbol, listener: Listener, once: boolean): void {
  const record = emitter as Record<string, unknown>
  if (typeof record.on === 'function') {
    if (once) (emitter as AnyEmitter).once(name, listener)
    else (emitter as AnyEmitter).on(name, listener)
  } else if (typeof record.addEventListener === 'function') {
    ;(emitter as EventTarget).addEventListener(name as string, listener, { once })
  } else throw invalidArgTypeOf('emitter', 'EventEmitter', emitter)
}

function removeListenerFrom(emitter: unknown, name: string | symbol, listener: Listener): void {
  const record = emitter as Record<string, unknown>
  if (typeof record.removeListener === 'function') (emitter as AnyEmitter).removeListener(name, listener)
  else if (typeof record.removeEventListener === 'function') {
    ;(emitter as EventTarget).removeEventListener(name as string, listener)
  }
}

/** `events.addAbortListener(signal, listener)`: returns a disposable that removes the listener. */
export function addAbortListener(signal: AbortSignal, listener: (event?: Event) => void): Disposable {
  if (signal === undefined) throw invalidArgTypeOf('signal', 'AbortSignal', signal)
  validateAbortSignal(signal, 'signal')
  validateFunction(listener, 'listener')
  let remove: (() => void) | undefined
  if (signal.aborted) queueMicrotask(() => listener())
  else {
    signal.addEventListener('abort', listener, { once: true })
    remove = () => signal.removeEventListener('abort', listener)
  }
  const disposable = Object.create(null) as Disposable
  Object.defineProperty(disposable, disposeSymbol, { value: () => remove?.(), enumerable: false })
  return disposable
}

/** `events.once(emitter, name, { signal })`: resolves with the arguments of the next `name` event. */
export async function once(
  emitter: unknown,
  name: string | symbol,
  options: { signal?: AbortSignal } = {},
): Promise<unknown[]> {
  validateObject(options, 'options')
  const signal = options?.signal
  validateAbortSignal(signal, 'options.signal')
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason })
  if (!isEmitter(emitter) && typeof (emitter as EventTarget)?.addEventListener !== 'function') {
    if (typeof (emitter as { on?: unknown })?.on !== 'function')
      throw invalidArgTypeOf('emitter', 'EventEmitter', emitter)
  }
  return new Promise((resolve, reject) => {
    const errorListener = (error: unknown) => {
      removeListenerFrom(emitter, name, resolver)
      if (signal) signal.removeEventListener('abort', abortListener)
      reject(error)
    }
    const resolver = (...args: unknown[]) => {
      if (typeof (emitter as { removeListener?: unknown }).removeListener === 'function') {
        ;(emitter as AnyEmitter).removeListener('error', errorListener)
      }
      if (signal) signal.removeEventListener('abort', abortListener)
      resolve(args)
    }
    addListenerTo(emitter, name, resolver, true)
    if (name !== 'error' && typeof (emitter as { once?: unknown }).once === 'function') {
      ;(emitter as AnyEmitter).once('error', errorListener)
    }
    function abortListener() {
      removeListenerFrom(emitter, name, resolver)
      removeListenerFrom(emitter, 'error', errorListener)
      reject(new AbortError(undefined, { cause: signal?.reason }))
    }
    if (signal) signal.addEventListener('abort', abortListener, { once: true })
  })
}

interface OnOptions {
  signal?: AbortSignal
  close?: (string | symbol)[]
  highWaterMark?: number
  highWatermark?: number
  lowWaterMark?: number
  lowWatermark?: number
}

const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype)

/**
 * `events.on(emitter, name, options)`: an async iterator of the argument
 * arrays of `name` events; an `error` event rejects it, a `close` event or
 * `return()` ends it; past `highWaterMark` buffered events the emitter is
 * paused (when it can be) and resumed below `lowWaterMark`.
 */
export function on(
  emitter: unknown,
  event: string | symbol,
  options: OnOptions = {},
): AsyncIterableIterator<unknown[]> {
  validateObject(options, 'options')
  const signal = options.signal
  validateAbortSignal(signal, 'options.signal')
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason })
  const high = options.highWaterMark ?? options.highWatermark ?? Number.MAX_SAFE_INTEGER
  validateInteger(high, 'options.highWaterMark', 1)
  const low = options.lowWaterMark ?? options.lowWatermark ?? 1
  validateInteger(low, 'options.lowWaterMark', 1)

  const events: unknown[][] = []
  const waiting: { resolve: (r: IteratorResult<unknown[]>) => void; reject: (e: unknown) => void }[] = []
  const added: [string | symbol, Listener][] = []
  let error: unknown = null
  let finished = false
  let paused = false
  const pausable = emitter as { pause?: () => void; resume?: () => void }

  const listen = (name: string | symbol, listener: Listener) => {
    addListenerTo(emitter, name, listener, false)
    added.push([name, listener])
  }
  const eventHandler = (...args: unknown[]) => {
    const pending = waiting.shift()
    if (pending) {
      pending.resolve({ value: args, done: false })
      return
    }
    events.push(args)
    if (!paused && events.length > high && typeof pausable.pause === 'function') {
      paused = true
      pausable.pause()
    }
  }
  const errorHandler = (err: unknown) => {
    const pending = waiting.shift()
    if (pending) pending.reject(err)
    else error = err
    void closeHandler()
  }
  const abortListener = () => errorHandler(new AbortError(undefined, { cause: signal?.reason }))
  const closeHandler = (): Promise<IteratorResult<unknown[]>> => {
    if (signal) signal.removeEventListener('abort', abortListener)
    for (const [name, listener] of added.splice(0)) removeListenerFrom(emitter, name, listener)
    finished = true
    const done: IteratorResult<unknown[]> = { value: undefined, done: true }
    for (const pending of waiting.splice(0)) pending.resolve(done)
    return Promise.resolve(done)
  }

  const iterator = Object.setPrototypeOf(
    {
      next(): Promise<IteratorResult<unknown[]>> {
        if (events.length > 0) {
          const value = events.shift()!
          if (paused && events.length < low) {
            pausable.resume?.()
            paused = false
          }
          return Promise.resolve({ value, done: false })
        }
        if (error) {
          const failure = Promise.reject(error)
          error = null
          return failure
        }
        if (finished) return closeHandler()
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }))
      },
      return(): Promise<IteratorResult<unknown[]>> {
        return closeHandler()
      },
      throw(err: unknown): void {
        if (!(err instanceof Error)) throw invalidArgTypeOf('EventEmitter.AsyncIterator', 'Error', err)
        errorHandler(err)
      },
      [Symbol.asyncIterator]() {
        return this
      },
    },
    AsyncIteratorPrototype,
  ) as AsyncIterableIterator<unknown[]>

  listen(event, eventHandler)
  if (event !== 'error' && typeof (emitter as { on?: unknown }).on === 'function') listen('error', errorHandler)
  for (const name of options.close ?? []) listen(name, closeHandler as Listener)
  if (signal) signal.addEventListener('abort', abortListener, { once: true })
  return iterator
}

/** `events.listenerCount(emitter, type)` (deprecated in Node). */
export function listenerCount(emitter: AnyEmitter, type: string | symbol): number {
  return emitter.listenerCount(type)
}

const kResource = Symbol('kAsyncResource')

/** The AsyncResource of an EventEmitterAsyncResource (`eventEmitter` points back). */
class EventEmitterReferencingAsyncResource extends AsyncResource {
  readonly #emitter: AnyEmitter
  constructor(
    emitter: AnyEmitter,
    type: string,
    options?: { triggerAsyncId?: number; requireManualDestroy?: boolean },
  ) {
    super(type, options)
    this.#emitter = emitter
  }
  get eventEmitter(): AnyEmitter {
    return this.#emitter
  }
}

let asyncResourceClass: (new (options?: string | { name?: string }) => AnyEmitter) | undefined

/** `events.EventEmitterAsyncResource`: an EventEmitter whose listeners run in its AsyncResource's scope. */
function eventEmitterAsyncResource(Base: EmitterClass): new (options?: string | { name?: string }) => AnyEmitter {
  asyncResourceClass ??= class EventEmitterAsyncResource extends (Base as unknown as typeof EventEmitter) {
    declare [kResource]: EventEmitterReferencingAsyncResource
    constructor(options?: string | { name?: string; triggerAsyncId?: number; captureRejections?: boolean }) {
      let name: string
      let opts = options
      if (typeof opts === 'string') {
        name = opts
        opts = undefined
      } else {
        if (new.target === asyncResourceClass && typeof opts?.name !== 'string') {
          throw invalidArgType('options.name', 'string', opts?.name)
        }
        name = opts?.name || new.target.name
      }
      super(opts as object)
      this[kResource] = new EventEmitterReferencingAsyncResource(this, name, opts as object)
    }
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      const emit = super.emit.bind(this) as (...a: unknown[]) => boolean
      return this[kResource].runInAsyncScope(emit, this, event, ...args)
    }
    emitDestroy(): void {
      this[kResource].emitDestroy()
    }
    get asyncId(): number {
      return this[kResource].asyncId()
    }
    get triggerAsyncId(): number {
      return this[kResource].triggerAsyncId()
    }
    get asyncResource(): EventEmitterReferencingAsyncResource {
      return this[kResource]
    }
  }
  return asyncResourceClass
}

let installedFacade: EmitterClass | undefined

/**
 * Completes the runtime's EventEmitter (see the module comment) and starts
 * listing EventTarget listeners for `getEventListeners`. Idempotent; the
 * integrator calls it once at startup, and {@link createEvents} does too.
 * Returns what `require('node:events')` is.
 */
export function installEvents(): EmitterClass {
  if (installedFacade) return installedFacade
  const EE = EventEmitter as unknown as EmitterClass
  // Where `'events'` is the host's own module (code run directly in Node, such as unit tests), it is
  // Node's complete EventEmitter already, and its statics cannot be redefined: leave it as it is.
  const native = Object.getOwnPropertyDescriptor(EE, 'captureRejections')?.configurable === false
  if (native) {
    installedFacade = EE
    return EE
  }
  completeEventEmitter(EE)

  trackEventTargets()
  const facade = emitterFacade(EE)
  Object.assign(EE, {
    once,
    on,
    getEventListeners,
    getMaxListeners,
    setMaxListeners,
    addAbortListener,
    listenerCount,
    kMaxEventTargetListeners,
    kMaxEventTargetListenersWarned,
  })
  Object.defineProperty(EE, 'EventEmitterAsyncResource', {
    enumerable: true,
    configurable: true,
    get: () => eventEmitterAsyncResource(facade),
  })
  installedFacade = facade
  return facade
}

/**
 * Builds `node:events` for one process: the shared EventEmitter class (the
 * module is the class, as in Node). The max-listeners warning goes to this
 * process's `emitWarning` and `ERR_UNHANDLED_ERROR` messages use its
 * `util.inspect` (the last process to load the module wins, for the classes
 * are shared).
 */
export function createEvents(ctx: NodeContext): EmitterClass {
  const facade = installEvents()
  emitterHooks.emitWarning = (warning) => ctx.emitWarning(warning)
  emitterHooks.nextTick = (fn) => ctx.nextTick(fn)
  emitterHooks.inspect = (value) => {
    let util: { inspect?: (v: unknown) => string } | undefined
    try {
      util = ctx.builtin<{ inspect?: (v: unknown) => string }>('util')
    } catch {
      util = undefined
    }
    return typeof util?.inspect === 'function' ? util.inspect(value) : inspectPrimitive(value)
  }
  return facade
}

export { captureRejectionSymbol, errorMonitor }
