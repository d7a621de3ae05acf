/**
 * `node:async_hooks`: AsyncLocalStorage and AsyncResource over a context
 * carried in plain JavaScript, and Bun's inert `createHook`.
 *
 * How far a store reaches (the limits are those of plain JS on the browser's
 * engine, which exposes no async-context hooks):
 * - synchronously inside `run`/`exit` and after `enterWith`;
 * - into callbacks scheduled from there once {@link installAsyncContext} has
 *   patched the global scheduling functions: `setTimeout`, `setInterval`,
 *   `setImmediate`, `queueMicrotask`, and `then`/`catch`/`finally` of native
 *   promises; `AsyncResource`/`AsyncLocalStorage.bind`/`snapshot` capture it
 *   explicitly, and the runtime's `process.nextTick` should wrap its callbacks
 *   with {@link bindToCurrentContext};
 * - NOT across a native `await`: the engine resumes an async function through
 *   an internal reaction no script can observe. Code compiled with async
 *   functions lowered to generators (esbuild `supported: { 'async-await':
 *   false }`) awaits through `Promise.prototype.then` and keeps its store.
 */
import type { NodeContext } from './context.js'
import { codedError, invalidArgType, validateFunction } from './internal/node-b-errors.js'

/** The stores visible at one point of execution (never mutated: a new map per change). */
type Frame = ReadonlyMap<object, unknown>

const EMPTY: Frame = new Map()
let current: Frame = EMPTY
// Until some storage is used, scheduled callbacks are not wrapped (no cost for programs without ALS).
let tracking = false

/** The stores visible now, to be restored later by {@link runInContext}. */
export function captureContext(): Frame {
  return current
}

/** Calls `fn` with the stores of `frame` visible. */
export function runInContext<T>(frame: Frame, fn: unknown, thisArg: unknown, args: unknown[]): T {
  const previous = current
  current = frame
  try {
    return Reflect.apply(fn as (...a: unknown[]) => T, thisArg, args)
  } finally {
    current = previous
  }
}

/** `fn` bound to the stores visible now (for callbacks the runtime schedules itself, e.g. `process.nextTick`). */
export function bindToCurrentContext<F extends (...args: never[]) => unknown>(fn: F): F {
  if (!tracking || typeof fn !== 'function') return fn
  const frame = current
  return function (this: unknown, ...args: unknown[]) {
    return runInContext(frame, fn, this, args)
  } as unknown as F
}

let installed = false

/**
 * Makes stores follow callbacks scheduled through the global functions of
 * `scope` (see the module comment). Idempotent; the integrator calls it once
 * per realm at startup.
 */
export function installAsyncContext(scope: typeof globalThis = globalThis): void {
  if (installed) return
  installed = true
  const g = scope as unknown as Record<string, unknown>
  for (const name of ['setTimeout', 'setInterval', 'setImmediate']) {
    const original = g[name] as ((fn: unknown, ...rest: unknown[]) => unknown) | undefined
    if (typeof original !== 'function') continue
    g[name] = function (this: unknown, fn: unknown, ...rest: unknown[]) {
      return original.call(this, typeof fn === 'function' ? bindToCurrentContext(fn as () => void) : fn, ...rest)
    }
  }
  const queue = g.queueMicrotask as ((fn: () => void) => void) | undefined
  if (typeof queue === 'function') {
    g.queueMicrotask = function queueMicrotask(fn: () => void) {
      return queue.call(scope, typeof fn === 'function' ? bindToCurrentContext(fn) : fn)
    }
  }
  const PromiseClass = g.Promise as PromiseConstructor
  const then = PromiseClass.prototype.then
  const contextThen = function (this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
    if (!tracking) return then.call(this, onFulfilled as never, onRejected as never)
    return then.call(
      this,
      (typeof onFulfilled === 'function' ? bindToCurrentContext(onFulfilled as () => void) : onFulfilled) as never,
      (typeof onRejected === 'function' ? bindToCurrentContext(onRejected as () => void) : onRejected) as never,
    )
  }
  Object.defineProperty(PromiseClass.prototype, 'then', { value: contextThen, writable: true, configurable: true })
}

/** `AsyncLocalStorage`: a store visible to the code run inside `run` (see the module comment for its reach). */
export class AsyncLocalStorage<T> {
  readonly #name: string
  readonly #defaultValue: T | undefined
  #enabled = false

  constructor(options?: { name?: string; defaultValue?: T }) {
    this.#name = options?.name === undefined ? '' : String(options.name)
    this.#defaultValue = options?.defaultValue
  }

  /** Binds `fn` to the stores visible now. */
  static bind<F extends (...args: never[]) => unknown>(fn: F): F {
    validateFunction(fn, 'fn')
    const frame = current
    return function (this: unknown, ...args: unknown[]) {
      return runInContext(frame, fn, this, args)
    } as unknown as F
  }

  /** Returns a function that runs its argument with the stores visible now. */
  static snapshot(): <R, A extends unknown[]>(fn: (...args: A) => R, ...args: A) => R {
    const frame = current
    return (fn, ...args) => runInContext(frame, fn, undefined, args)
  }

  get name(): string {
    return this.#name
  }

  /** The store of the innermost `run`/`enterWith` around the caller, or the default value. */
  getStore(): T | undefined {
    if (this.#enabled && current.has(this)) return current.get(this) as T
    return this.#defaultValue
  }

  run<R, A extends unknown[]>(store: T, fn: (...args: A) => R, ...args: A): R {
    this.#enable()
    const next = new Map(current)
    next.set(this, store)
    return runInContext(next, fn, undefined, args)
  }

  exit<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): R {
    if (!current.has(this)) return Reflect.apply(fn, undefined, args) as R
    const next = new Map(current)
    next.delete(this)
    return runInContext(next, fn, undefined, args)
  }

  /** Makes `store` visible for the rest of the current synchronous execution and what it schedules. */
  enterWith(store: T): void {
    this.#enable()
    const next = new Map(current)
    next.set(this, store)
    current = next
  }

  /** Hides the store until the next `run`/`enterWith`. */
  disable(): void {
    this.#enabled = false
    if (current.has(this)) {
      const next = new Map(current)
      next.delete(this)
      current = next
    }
  }

  #enable(): void {
    this.#enabled = true
    tracking = true
  }
}

let nextAsyncId = 1

/** `AsyncResource`: captures the stores visible at construction and runs functions within them. */
export class AsyncResource {
  readonly type: string
  readonly #asyncId: number
  readonly #triggerAsyncId: number
  readonly #frame: Frame

  constructor(type: string, options?: number | { triggerAsyncId?: number; requireManualDestroy?: boolean }) {
    if (typeof type !== 'string') throw invalidArgType('type', 'string', type)
    const trigger = typeof options === 'number' ? options : (options?.triggerAsyncId ?? 0)
    if (!Number.isSafeInteger(trigger) || trigger < -1) {
      throw codedError(RangeError, 'ERR_INVALID_ASYNC_ID', `Invalid triggerAsyncId value: ${String(trigger)}`)
    }
    this.type = type
    this.#asyncId = nextAsyncId++
    this.#triggerAsyncId = trigger
    this.#frame = current
  }

  /** A function that calls `fn` in a new resource's scope (named `type`, or `fn`'s name). */
  static bind<F extends (...args: never[]) => unknown>(fn: F, type?: string, thisArg?: unknown): F {
    validateFunction(fn, 'fn')
    return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg)
  }

  asyncId(): number {
    return this.#asyncId
  }

  triggerAsyncId(): number {
    return this.#triggerAsyncId
  }

  runInAsyncScope<R>(fn: (...args: never[]) => R, thisArg?: unknown, ...args: unknown[]): R {
    return runInContext(this.#frame, fn, thisArg, args)
  }

  bind<F extends (...args: never[]) => unknown>(fn: F, thisArg?: unknown): F {
    validateFunction(fn, 'fn')
    const resource = this
    const bound = function bound(this: unknown, ...args: unknown[]) {
      return resource.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args)
    }
    Object.defineProperty(bound, 'length', { value: fn.length, configurable: true })
    return bound as unknown as F
  }

  /** No hooks observe resources here: nothing to emit. */
  emitDestroy(): void {}

  /** Deprecated in Node; kept inert as in Bun. */
  emitBefore(): void {}

  /** Deprecated in Node; kept inert as in Bun. */
  emitAfter(): void {}
}

/** What `createHook` returns: Bun's hooks never fire, and neither do these. */
export interface AsyncHook {
  enable(): AsyncHook
  disable(): AsyncHook
}

const HOOK_NAMES = ['init', 'before', 'after', 'destroy', 'promiseResolve'] as const

/** `createHook`: validates the callbacks as Node does and returns an inert hook (as Bun does). */
export function createHook(callbacks: Partial<Record<(typeof HOOK_NAMES)[number], unknown>>): AsyncHook {
  for (const name of HOOK_NAMES) {
    const callback = callbacks?.[name]
    if (callback !== undefined && typeof callback !== 'function') {
      throw codedError(TypeError, 'ERR_ASYNC_CALLBACK', `hook.${name} must be a function`)
    }
  }
  const hook: AsyncHook = {
    enable: () => hook,
    disable: () => hook,
  }
  return hook
}

/** Bun's `asyncWrapProviders` table (provider names → numbers). */
const PROVIDERS =
  'NONE DIRHANDLE DNSCHANNEL ELDHISTOGRAM FILEHANDLE FILEHANDLECLOSEREQ FIXEDSIZEBLOBCOPY FSEVENTWRAP ' +
  'FSREQCALLBACK FSREQPROMISE GETADDRINFOREQWRAP GETNAMEINFOREQWRAP HEAPSNAPSHOT HTTP2SESSION HTTP2STREAM ' +
  'HTTP2PING HTTP2SETTINGS HTTPINCOMINGMESSAGE HTTPCLIENTREQUEST JSSTREAM JSUDPWRAP MESSAGEPORT ' +
  'PIPECONNECTWRAP PIPESERVERWRAP PIPEWRAP PROCESSWRAP PROMISE QUERYWRAP SHUTDOWNWRAP SIGNALWRAP STATWATCHER ' +
  'STREAMPIPE TCPCONNECTWRAP TCPSERVERWRAP TCPWRAP TTYWRAP UDPSENDWRAP UDPWRAP SIGINTWATCHDOG WORKER ' +
  'WORKERHEAPSNAPSHOT WRITEWRAP ZLIB CHECKPRIMEREQUEST PBKDF2REQUEST KEYPAIRGENREQUEST KEYGENREQUEST ' +
  'KEYEXPORTREQUEST CIPHERREQUEST DERIVEBITSREQUEST HASHREQUEST RANDOMBYTESREQUEST RANDOMPRIMEREQUEST ' +
  'SCRYPTREQUEST SIGNREQUEST TLSWRAP VERIFYREQUEST INSPECTORJSBINDING'

/** What `require('node:async_hooks')` returns. */
export interface AsyncHooksModule {
  AsyncLocalStorage: typeof AsyncLocalStorage
  AsyncResource: typeof AsyncResource
  createHook: typeof createHook
  /** Always 0: no async ids are tracked (as in Bun). */
  executionAsyncId(): number
  /** Always 0 (as in Bun). */
  triggerAsyncId(): number
  /** An empty resource object. */
  executionAsyncResource(): object
  asyncWrapProviders: Readonly<Record<string, number>>
}

/** Builds `node:async_hooks` (classes and the context are shared by all processes of a realm). */
export function createAsyncHooks(_ctx: NodeContext): AsyncHooksModule {
  const providers: Record<string, number> = {}
  PROVIDERS.split(' ').forEach((name, index) => {
    providers[name] = index
  })
  const resource = {}
  return {
    AsyncLocalStorage,
    AsyncResource,
    createHook,
    executionAsyncId: () => 0,
    triggerAsyncId: () => 0,
    executionAsyncResource: () => resource,
    asyncWrapProviders: providers,
  }
}
