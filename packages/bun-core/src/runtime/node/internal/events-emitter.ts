/**
 * Completes the npm `events` package's EventEmitter in place to Node 20's
 * API: every prototype method is replaced by one with Node's semantics
 * (`errorMonitor`, `captureRejections` and `Symbol.for('nodejs.rejection')`,
 * the max-listeners warning, `listenerCount(type, listener)`, Node's errors),
 * keeping the npm storage layout (`_events`, `_eventsCount`,
 * `_maxListeners`) that readable-stream reads directly.
 */
import { codedError, inspectPrimitive, invalidArgType, outOfRange, validateFunction } from './node-b-errors.js'

/** The constructor being completed (typed loosely: the npm class). */
export type EmitterClass = (new (...args: unknown[]) => Emitter) & Record<string | symbol, unknown>

type Listener = ((...args: unknown[]) => unknown) & { listener?: Listener }
type ListenerList = Listener[] & { warned?: boolean }
type EventMap = Record<string | symbol, Listener | ListenerList | undefined>

/** What an emitter instance holds. */
export interface Emitter {
  _events: EventMap
  _eventsCount: number
  _maxListeners: number | undefined
  [key: symbol]: unknown
  emit(type: string | symbol, ...args: unknown[]): boolean
  on(type: string | symbol, listener: Listener): Emitter
  removeListener(type: string | symbol, listener: Listener): Emitter
  removeAllListeners(type?: string | symbol): Emitter
  listeners(type: string | symbol): Listener[]
  getMaxListeners(): number
}

export const kCapture: unique symbol = Symbol('kCapture')
export const kShapeMode: unique symbol = Symbol('shapeMode')
export const errorMonitor: unique symbol = Symbol('events.errorMonitor')
export const captureRejectionSymbol: unique symbol = Symbol.for('nodejs.rejection')

/**
 * Where the max-listeners warning goes and how values are shown in
 * `ERR_UNHANDLED_ERROR` messages; set by each process's `createEvents`.
 */
export const emitterHooks: {
  emitWarning: (warning: Error) => void
  inspect: (value: unknown) => string
  nextTick: (fn: () => void) => void
} = {
  emitWarning: (warning) => {
    const proc = (globalThis as { process?: { emitWarning?: (w: Error) => void } }).process
    if (typeof proc?.emitWarning === 'function') proc.emitWarning(warning)
  },
  inspect: (value) => inspectPrimitive(value),
  nextTick: (fn) => queueMicrotask(fn),
}

const COMPLETED = Symbol.for('vitamin-bun.events.completed')

/** Node's `EventEmitter.init(opts)` on a fresh or reused instance. */
function initEmitter(this: Emitter, opts?: { captureRejections?: unknown }, EE?: EmitterClass): void {
  const proto = Object.getPrototypeOf(this) as Partial<Emitter> | null
  if (this._events === undefined || this._events === proto?._events) {
    this._events = Object.create(null) as EventMap
    this._eventsCount = 0
    this[kShapeMode] = false
  } else this[kShapeMode] = true
  this._maxListeners = this._maxListeners || undefined
  this[kCapture] = (EE?.prototype as Emitter | undefined)?.[kCapture] ?? false
  applyCaptureOption(this, opts)
}

/** The constructor option `captureRejections` (validated only when truthy, as Node does). */
function applyCaptureOption(emitter: Emitter, opts?: { captureRejections?: unknown }): void {
  if (opts?.captureRejections) {
    if (typeof opts.captureRejections !== 'boolean') {
      throw invalidArgType('options.captureRejections', 'boolean', opts.captureRejections)
    }
    emitter[kCapture] = opts.captureRejections
  }
}

function checkListener(listener: unknown): asserts listener is Listener {
  validateFunction(listener, 'listener')
}

function describeEmitter(target: object): string {
  const name = (target as { constructor?: { name?: string } }).constructor?.name
  return `[${name || 'Object'}]`
}

function addListener(target: Emitter, type: string | symbol, listener: Listener, prepend: boolean): Emitter {
  checkListener(listener)
  let events = target._events
  let existing: Listener | ListenerList | undefined
  if (events === undefined) {
    events = target._events = Object.create(null) as EventMap
    target._eventsCount = 0
  } else {
    if (events.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ?? listener)
      events = target._events
    }
    existing = events[type]
  }
  if (existing === undefined) {
    events[type] = listener
    ++target._eventsCount
    return target
  }
  let list: ListenerList
  if (typeof existing === 'function') {
    list = prepend ? [listener, existing] : [existing, listener]
    events[type] = list
  } else {
    list = existing
    if (prepend) list.unshift(listener)
    else list.push(listener)
  }
  const max = target.getMaxListeners()
  if (max > 0 && list.length > max && !list.warned) {
    list.warned = true
    const warning = new Error(
      `Possible EventEmitter memory leak detected. ${list.length} ${String(type)} listeners added to ` +
        `${describeEmitter(target)}. MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`,
    )
    Object.assign(warning, {
      name: 'MaxListenersExceededWarning',
      emitter: target,
      type,
      count: list.length,
    })
    emitterHooks.emitWarning(warning)
  }
  return target
}

function onceWrap(target: Emitter, type: string | symbol, listener: Listener): Listener {
  const state = { fired: false, wrapFn: undefined as unknown as Listener, target, type, listener }
  const wrapped = function (this: typeof state, ...args: unknown[]) {
    if (!this.fired) {
      this.target.removeListener(this.type, this.wrapFn)
      this.fired = true
      return this.listener.apply(this.target, args)
    }
    return undefined
  }.bind(state) as Listener
  wrapped.listener = listener
  state.wrapFn = wrapped
  return wrapped
}

function addCatch(that: Emitter, promise: unknown, type: string | symbol, args: unknown[]): void {
  if (!that[kCapture]) return
  try {
    const then = (promise as { then?: unknown }).then
    if (typeof then === 'function') {
      then.call(promise, undefined, (error: unknown) => {
        emitterHooks.nextTick(() => emitRejection(that, error, type, args))
      })
    }
  } catch (error) {
    that.emit('error', error)
  }
}

function emitRejection(that: Emitter, error: unknown, type: string | symbol, args: unknown[]): void {
  const handler = that[captureRejectionSymbol]
  if (typeof handler === 'function') {
    handler.call(that, error, type, ...args)
    return
  }
  const previous = that[kCapture]
  try {
    that[kCapture] = false
    that.emit('error', error)
  } finally {
    that[kCapture] = previous
  }
}

function unwrapListeners(list: ListenerList): Listener[] {
  return list.map((fn) => fn.listener ?? fn)
}

/** Patches `EE` (the npm class) once; later calls do nothing. */
export function completeEventEmitter(EE: EmitterClass): void {
  if (EE[COMPLETED]) return
  Object.defineProperty(EE, COMPLETED, { value: true })
  // Bundlers may rename the function (`EventEmitter2`); the name shows in inspect output and warnings.
  Object.defineProperty(EE, 'name', { value: 'EventEmitter', configurable: true })
  const proto = EE.prototype as Emitter

  const methods: Record<string, (this: Emitter, ...args: never[]) => unknown> = {
    setMaxListeners(this: Emitter, n: unknown) {
      if (typeof n !== 'number') throw invalidArgType('setMaxListeners', 'number', n)
      if (!(n >= 0)) throw outOfRange('setMaxListeners', '>= 0', n)
      this._maxListeners = n
      return this
    },
    getMaxListeners(this: Emitter) {
      return this._maxListeners === undefined ? (EE.defaultMaxListeners as number) : this._maxListeners
    },
    emit(this: Emitter, type: string | symbol, ...args: unknown[]) {
      let doError = type === 'error'
      const events = this._events
      if (events !== undefined) {
        if (doError && events[errorMonitor] !== undefined) this.emit(errorMonitor, ...args)
        doError = doError && events.error === undefined
      } else if (!doError) return false
      if (doError) {
        const er = args[0]
        if (er instanceof Error) throw er
        let shown: string
        try {
          shown = emitterHooks.inspect(er)
        } catch {
          shown = String(er)
        }
        const error = codedError(Error, 'ERR_UNHANDLED_ERROR', `Unhandled error. (${shown})`) as Error & {
          context?: unknown
        }
        error.context = er
        throw error
      }
      const handler = events[type]
      if (handler === undefined) return false
      if (typeof handler === 'function') {
        const result = handler.apply(this, args)
        if (result !== undefined && result !== null) addCatch(this, result, type, args)
      } else {
        const listeners = handler.slice()
        for (const listener of listeners) {
          const result = listener.apply(this, args)
          if (result !== undefined && result !== null) addCatch(this, result, type, args)
        }
      }
      return true
    },
    addListener(this: Emitter, type: string | symbol, listener: Listener) {
      return addListener(this, type, listener, false)
    },
    on(this: Emitter, type: string | symbol, listener: Listener) {
      return addListener(this, type, listener, false)
    },
    prependListener(this: Emitter, type: string | symbol, listener: Listener) {
      return addListener(this, type, listener, true)
    },
    once(this: Emitter, type: string | symbol, listener: Listener) {
      checkListener(listener)
      this.on(type, onceWrap(this, type, listener))
      return this
    },
    prependOnceListener(this: Emitter, type: string | symbol, listener: Listener) {
      checkListener(listener)
      addListener(this, type, onceWrap(this, type, listener), true)
      return this
    },
    removeListener(this: Emitter, type: string | symbol, listener: Listener) {
      checkListener(listener)
      const events = this._events
      if (events === undefined) return this
      const list = events[type]
      if (list === undefined) return this
      if (list === listener || (typeof list === 'function' && list.listener === listener)) {
        this._eventsCount -= 1
        if (this[kShapeMode]) events[type] = undefined
        else if (this._eventsCount === 0) this._events = Object.create(null) as EventMap
        else {
          delete events[type]
          if (events.removeListener) this.emit('removeListener', type, list.listener ?? listener)
        }
      } else if (typeof list !== 'function') {
        let position = -1
        for (let i = list.length - 1; i >= 0; i--) {
          if (list[i] === listener || list[i]!.listener === listener) {
            position = i
            break
          }
        }
        if (position < 0) return this
        const [removed] = list.splice(position, 1)
        if (list.length === 1) events[type] = list[0]
        if (events.removeListener !== undefined) this.emit('removeListener', type, removed!.listener ?? listener)
      }
      return this
    },
    off(this: Emitter, type: string | symbol, listener: Listener) {
      return this.removeListener(type, listener)
    },
    removeAllListeners(this: Emitter, ...args: [type?: string | symbol]) {
      const events = this._events
      if (events === undefined) return this
      const type = args[0] as string | symbol
      if (events.removeListener === undefined) {
        if (args.length === 0) {
          this._events = Object.create(null) as EventMap
          this._eventsCount = 0
        } else if (events[type] !== undefined) {
          if (--this._eventsCount === 0) this._events = Object.create(null) as EventMap
          else delete events[type]
        }
        this[kShapeMode] = false
        return this
      }
      if (args.length === 0) {
        for (const key of Reflect.ownKeys(events)) {
          if (key === 'removeListener') continue
          this.removeAllListeners(key)
        }
        this.removeAllListeners('removeListener')
        this._events = Object.create(null) as EventMap
        this._eventsCount = 0
        this[kShapeMode] = false
        return this
      }
      const listeners = events[type]
      if (typeof listeners === 'function') this.removeListener(type, listeners)
      else if (listeners !== undefined) {
        for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]!)
      }
      return this
    },
    listeners(this: Emitter, type: string | symbol) {
      const list = this._events?.[type]
      if (list === undefined) return []
      if (typeof list === 'function') return [list.listener ?? list]
      return unwrapListeners(list)
    },
    rawListeners(this: Emitter, type: string | symbol) {
      const list = this._events?.[type]
      if (list === undefined) return []
      if (typeof list === 'function') return [list]
      return list.slice()
    },
    listenerCount(this: Emitter, type: string | symbol, listener?: unknown) {
      const list = this._events?.[type]
      if (list === undefined) return 0
      if (typeof list === 'function') {
        if (listener == null) return 1
        return listener === list || listener === list.listener ? 1 : 0
      }
      if (listener == null) return list.length
      return list.filter((fn) => fn === listener || fn.listener === listener).length
    },
    eventNames(this: Emitter) {
      return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : []
    },
  }
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false })
  }
  Object.defineProperty(proto, kCapture, { value: false, writable: true, configurable: true, enumerable: false })

  EE.init = function init(this: Emitter, opts?: { captureRejections?: unknown }) {
    initEmitter.call(this, opts, EE)
  }
  EE.listenerCount = function listenerCount(emitter: Emitter, type: string | symbol) {
    return (proto as unknown as { listenerCount: (t: string | symbol) => number }).listenerCount.call(emitter, type)
  }
  Object.defineProperty(EE, 'captureRejections', {
    enumerable: true,
    configurable: true,
    get: () => (proto as Emitter)[kCapture],
    set: (value: unknown) => {
      if (typeof value !== 'boolean') throw invalidArgType('EventEmitter.captureRejections', 'boolean', value)
      ;(proto as Emitter)[kCapture] = value
    },
  })
  EE.errorMonitor = errorMonitor
  EE.captureRejectionSymbol = captureRejectionSymbol
  EE.usingDomains = false
}

/**
 * The `node:events` export: a Proxy of the npm class that keeps it as the
 * class (`instanceof`, `extends`, `prototype` are the npm ones) while adding
 * what cannot be patched in place: the constructor's `options`
 * (`captureRejections`) and Node's validation of `defaultMaxListeners`
 * (npm defines that accessor non-configurable).
 */
export function emitterFacade(EE: EmitterClass): EmitterClass {
  const facade = new Proxy(EE, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, [], newTarget) as Emitter
      applyCaptureOption(instance, args[0] as { captureRejections?: unknown } | undefined)
      return instance
    },
    set(target, key, value, receiver) {
      if (key === 'defaultMaxListeners') {
        if (typeof value !== 'number') throw invalidArgType('defaultMaxListeners', 'number', value)
        if (!(value >= 0)) throw outOfRange('defaultMaxListeners', '>= 0', value)
      }
      return Reflect.set(target, key, value, key === 'defaultMaxListeners' ? target : receiver)
    },
  })
  EE.EventEmitter = facade
  return facade
}
