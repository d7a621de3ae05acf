/**
 * Threads: `node:worker_threads` and Bun's Web `Worker`. A worker runs as a
 * child process of the container (`bun <file>`), which gives it its own
 * globals and module registry, as a real thread has; messages between the
 * two are structured clones carried by the kernel (`RuntimeHost.ipc`).
 *
 * The parent sends `init` (thread id, `workerData`) first; the child waits
 * for it before running its file. Both sides then exchange `message`s; the
 * child reports an uncaught error with `error` and exits with code 1.
 */

import { posixPath } from '@aspect-build/virtual-fs'
import { EventEmitter } from 'events'
import { BUN_EXEC_PATH } from './process.js'
import type { Runtime } from './runtime.js'

/** The environment variable that tells a child it is a worker (`node` or `web`). */
export const WORKER_ENV = 'VITAMIN_BUN_WORKER'

type Wire =
  | { vbWorker: 'init'; threadId: number; workerData: unknown; name: string }
  | { vbWorker: 'message'; data: unknown }
  | { vbWorker: 'error'; error: { name: string; message: string; stack?: string } }

function isWire(value: unknown): value is Wire {
  return value !== null && typeof value === 'object' && typeof (value as { vbWorker?: unknown }).vbWorker === 'string'
}

/** The worker side, when this process is one. */
interface WorkerSelf {
  kind: 'node' | 'web'
  threadId: number
  workerData: unknown
  name: string
  parentPid: number
}

const selves = new WeakMap<Runtime, WorkerSelf>()
const parents = new WeakMap<Runtime, Map<number, (message: Wire) => void>>()
let nextThreadId = 1

/** If this process is a worker, waits for its `init` from the parent (call before running the main file). */
export async function startWorkerChild(runtime: Runtime): Promise<void> {
  const env = runtime.process.env
  const kind = env[WORKER_ENV]
  if (kind !== 'node' && kind !== 'web') return
  delete env[WORKER_ENV]
  const parentPid = runtime.host.ppid
  const init = await new Promise<Wire & { vbWorker: 'init' }>((resolve) => {
    const stop = runtime.host.ipc.onMessage((from, message) => {
      if (from === parentPid && isWire(message) && message.vbWorker === 'init') {
        stop()
        resolve(message)
      }
    })
  })
  const self: WorkerSelf = { kind, threadId: init.threadId, workerData: init.workerData, name: init.name, parentPid }
  selves.set(runtime, self)
  if (kind === 'web') installWebWorkerScope(runtime, self)
}

/** When this process is a worker: reports an uncaught error to the parent and exits 1; else false. */
export function reportWorkerError(runtime: Runtime, error: unknown): boolean {
  const self = selves.get(runtime)
  if (!self) return false
  const e = error as { name?: unknown; message?: unknown; stack?: unknown }
  const wire: Wire = {
    vbWorker: 'error',
    error: {
      name: typeof e?.name === 'string' ? e.name : 'Error',
      message: typeof e?.message === 'string' ? e.message : String(error),
      ...(typeof e?.stack === 'string' ? { stack: e.stack } : {}),
    },
  }
  void runtime.host.ipc.send(self.parentPid, wire).finally(() => runtime.exit(1))
  return true
}

/** Messages from the parent, as `message` data, to `listener`; returns the unsubscribe. */
function onParentMessage(runtime: Runtime, self: WorkerSelf, listener: (data: unknown) => void): () => void {
  return runtime.host.ipc.onMessage((from, message) => {
    if (from === self.parentPid && isWire(message) && message.vbWorker === 'message') listener(message.data)
  })
}

function postToParent(runtime: Runtime, self: WorkerSelf, data: unknown): void {
  void runtime.host.ipc.send(self.parentPid, { vbWorker: 'message', data } satisfies Wire).catch(() => undefined)
}

/** `self` of a Web worker: the global `postMessage`, `onmessage` and `message` listeners talk to the parent. */
function installWebWorkerScope(runtime: Runtime, self: WorkerSelf): void {
  if (runtime.host.sharedRealm) return // the kernel's global is not this worker's to change
  const g = globalThis as unknown as Record<string, unknown>
  const target = new EventTarget()
  let handler: ((event: MessageEvent) => void) | null = null
  // A worker listening for messages stays alive until its parent terminates it or it calls close().
  let held = false
  const hold = () => {
    if (held) return
    held = true
    runtime.loop.ref()
  }

  let listeners = 0
  // Messages wait until the worker's code listens (they can arrive while its modules still load).
  const waiting: unknown[] = []
  const deliver = (data: unknown) => {
    const event = new MessageEvent('message', { data })
    handler?.call(g, event)
    target.dispatchEvent(event)
  }
  const flush = () =>
    queueMicrotask(() => {
      for (const data of waiting.splice(0)) deliver(data)
    })
  onParentMessage(runtime, self, (data) => {
    if (handler === null && listeners === 0) waiting.push(data)
    else deliver(data)
  })
  const realAdd = g.addEventListener as ((type: string, listener: unknown, options?: unknown) => void) | undefined
  const realRemove = g.removeEventListener as ((type: string, listener: unknown, options?: unknown) => void) | undefined
  Object.defineProperties(g, {
    postMessage: { value: (data: unknown) => postToParent(runtime, self, data), writable: true, configurable: true },
    onmessage: {
      get: () => handler,
      set: (fn: ((event: MessageEvent) => void) | null) => {
        handler = typeof fn === 'function' ? fn : null
        if (handler) {
          hold()
          flush()
        }
      },
      configurable: true,
    },
    addEventListener: {
      value: (type: string, listener: EventListenerOrEventListenerObject, options?: unknown) => {
        if (type === 'message') {
          hold()
          listeners++
          target.addEventListener(type, listener, options as AddEventListenerOptions)
          flush()
        } else realAdd?.call(g, type, listener, options)
      },
      writable: true,
      configurable: true,
    },
    removeEventListener: {
      value: (type: string, listener: EventListenerOrEventListenerObject, options?: unknown) => {
        if (type === 'message') target.removeEventListener(type, listener, options as EventListenerOptions)
        else realRemove?.call(g, type, listener, options)
      },
      writable: true,
      configurable: true,
    },
    close: { value: () => runtime.exit(0), writable: true, configurable: true },
    name: { value: self.name, writable: true, configurable: true },
  })
}

interface StartOptions {
  argv?: unknown[]
  env?: Record<string, string | undefined> | symbol
  workerData?: unknown
  eval?: boolean
  name?: string
}

/** Starts a worker process; `onWire` gets what it sends, `onExit` its exit code. */
function startWorker(
  runtime: Runtime,
  kind: 'node' | 'web',
  script: string,
  options: StartOptions,
  handlers: { onWire(message: Wire): void; onExit(code: number): void; onStart(pid: number): void },
): { threadId: number; send(message: Wire): void; abort: AbortController } {
  const threadId = nextThreadId++
  let routes = parents.get(runtime)
  if (!routes) {
    const table = new Map<number, (message: Wire) => void>()
    routes = table
    parents.set(runtime, table)
    runtime.host.ipc.onMessage((from, message) => {
      if (isWire(message)) table.get(from)?.(message)
    })
  }
  const env: Record<string, string> = {}
  const source = typeof options.env === 'object' && options.env !== null ? options.env : runtime.process.env
  for (const [k, v] of Object.entries(source)) if (v !== undefined) env[k] = String(v)
  env[WORKER_ENV] = kind
  const argv = options.eval
    ? [BUN_EXEC_PATH, '-e', script, ...(options.argv ?? []).map(String)]
    : [BUN_EXEC_PATH, script, ...(options.argv ?? []).map(String)]
  let pid = 0
  const queue: Wire[] = []
  const abort = new AbortController()
  const send = (message: Wire) => {
    if (pid === 0) queue.push(message)
    else void runtime.host.ipc.send(pid, message).catch(() => undefined)
  }
  const table = routes
  void runtime.host
    .spawn({
      argv,
      cwd: runtime.node.cwd(),
      env,
      io: { stdin: { read: async () => null }, stdout: runtime.host.stdout, stderr: runtime.host.stderr },
      signal: abort.signal,
      onPid: (started) => {
        pid = started
        table.set(pid, handlers.onWire)
        void runtime.host.ipc
          .send(pid, { vbWorker: 'init', threadId, workerData: options.workerData, name: options.name ?? '' })
          .then(() => {
            for (const message of queue.splice(0)) void runtime.host.ipc.send(pid, message).catch(() => undefined)
          })
        handlers.onStart(pid)
      },
    })
    .then((code) => {
      table.delete(pid)
      handlers.onExit(code ?? 1)
    })
  return { threadId, send, abort }
}

function resolveScript(runtime: Runtime, filename: unknown): string {
  if (filename instanceof URL)
    return filename.protocol === 'file:' ? decodeURIComponent(filename.pathname) : filename.href
  if (typeof filename !== 'string')
    throw Object.assign(
      new TypeError(
        `The "filename" argument must be of type string or an instance of URL. Received ${typeof filename}`,
      ),
      {
        code: 'ERR_INVALID_ARG_TYPE',
      },
    )
  if (filename.startsWith('file:')) return decodeURIComponent(new URL(filename).pathname)
  return posixPath.resolve(runtime.node.cwd(), filename)
}

/** Builds `node:worker_threads` for a process. */
export function createWorkerThreads(runtime: Runtime): object {
  const self = selves.get(runtime)

  class Worker extends EventEmitter {
    readonly threadId: number
    readonly resourceLimits: Record<string, number> = {}
    private readonly channel: ReturnType<typeof startWorker>
    private release: (() => void) | null
    private exitCode: number | null = null
    private readonly exited: Promise<number>
    constructor(filename: string | URL, options: StartOptions = {}) {
      super()
      const script = options.eval ? String(filename) : resolveScript(runtime, filename)
      let resolveExit!: (code: number) => void
      this.exited = new Promise((resolve) => {
        resolveExit = resolve
      })
      this.release = runtime.loop.ref()
      this.channel = startWorker(runtime, 'node', script, options, {
        onStart: () => this.emit('online'),
        onWire: (message) => {
          if (message.vbWorker === 'message') this.emit('message', message.data)
          else if (message.vbWorker === 'error') {
            const error = Object.assign(new Error(message.error.message), { name: message.error.name })
            if (message.error.stack) error.stack = message.error.stack
            this.emit('error', error)
          }
        },
        onExit: (code) => {
          const exitCode = this.channel.abort.signal.aborted ? 1 : code
          this.exitCode = exitCode
          this.release?.()
          this.release = null
          this.emit('exit', exitCode)
          resolveExit(exitCode)
        },
      })
      this.threadId = this.channel.threadId
    }
    postMessage(data: unknown): void {
      if (this.exitCode === null) this.channel.send({ vbWorker: 'message', data })
    }
    terminate(): Promise<number> {
      if (this.exitCode === null) this.channel.abort.abort()
      return this.exited
    }
    ref(): void {
      if (this.exitCode === null) this.release ??= runtime.loop.ref()
    }
    unref(): void {
      this.release?.()
      this.release = null
    }
    getHeapSnapshot(): Promise<never> {
      return Promise.reject(new Error('getHeapSnapshot is not available in Vitamin-Bun'))
    }
  }

  let parentPort: EventEmitter | null = null
  if (self?.kind === 'node') {
    const port = new EventEmitter() as EventEmitter & Record<string, unknown>
    let release: (() => void) | null = null
    // As a MessagePort: messages wait until someone listens (a worker's first message can arrive before its code runs).
    const waiting: unknown[] = []
    onParentMessage(runtime, self, (data) => {
      if (port.listenerCount('message') > 0) port.emit('message', data)
      else waiting.push(data)
    })
    port.on('newListener', (event: string) => {
      if (event !== 'message') return
      release ??= runtime.loop.ref()
      if (waiting.length > 0)
        queueMicrotask(() => {
          for (const data of waiting.splice(0)) port.emit('message', data)
        })
    })
    port.on('removeListener', () => {
      if (port.listenerCount('message') === 0) {
        release?.()
        release = null
      }
    })
    Object.assign(port, {
      postMessage: (data: unknown) => postToParent(runtime, self, data),
      close: () => {
        release?.()
        release = null
      },
      ref: () => undefined,
      unref: () => {
        release?.()
        release = null
      },
      start: () => undefined,
    })
    parentPort = port
  }

  return {
    Worker,
    isMainThread: self === undefined,
    parentPort,
    workerData: self?.workerData ?? null,
    threadId: self?.threadId ?? 0,
    resourceLimits: {},
    SHARE_ENV: Symbol.for('nodejs.worker_threads.SHARE_ENV'),
    MessageChannel,
    MessagePort,
    BroadcastChannel,
    markAsUntransferable: () => undefined,
    isMarkedAsUntransferable: () => false,
    moveMessagePortToContext: () => {
      throw new Error('worker_threads.moveMessagePortToContext is not available in Vitamin-Bun')
    },
    receiveMessageOnPort: () => undefined,
    getEnvironmentData: (key: unknown) => environmentData.get(key),
    setEnvironmentData: (key: unknown, value: unknown) => {
      if (value === undefined) environmentData.delete(key)
      else environmentData.set(key, value)
    },
  }
}

const environmentData = new Map<unknown, unknown>()

/** Bun's global `Worker` (Web Workers' API) for a process. */
export function createWebWorkerClass(
  runtime: Runtime,
): new (
  url: string | URL,
  options?: { name?: string },
) => EventTarget {
  return class Worker extends EventTarget {
    onmessage: ((event: MessageEvent) => void) | null = null
    onerror: ((event: ErrorEvent) => void) | null = null
    private readonly channel: ReturnType<typeof startWorker>
    private release: (() => void) | null
    private done = false
    constructor(url: string | URL, options: { name?: string; env?: Record<string, string> } = {}) {
      super()
      const script = resolveScript(runtime, url)
      this.release = runtime.loop.ref()
      this.channel = startWorker(
        runtime,
        'web',
        script,
        { ...(options.name ? { name: options.name } : {}), ...(options.env ? { env: options.env } : {}) },
        {
          onStart: () => this.dispatchEvent(new Event('open')),
          onWire: (message) => {
            if (message.vbWorker === 'message') {
              const event = new MessageEvent('message', { data: message.data })
              this.onmessage?.call(this, event)
              this.dispatchEvent(event)
            } else if (message.vbWorker === 'error') {
              const error = Object.assign(new Error(message.error.message), { name: message.error.name })
              const text = `${message.error.name}: ${message.error.message}`
              // Node's worker threads have no ErrorEvent class: an Event carries the same fields there.
              const event =
                typeof ErrorEvent === 'function'
                  ? new ErrorEvent('error', { error, message: text })
                  : (Object.assign(new Event('error'), { error, message: text }) as ErrorEvent)

              this.onerror?.call(this, event)
              this.dispatchEvent(event)
            }
          },
          onExit: (code) => {
            this.done = true
            this.release?.()
            this.release = null
            this.dispatchEvent(Object.assign(new Event('close'), { code }))
          },
        },
      )
    }
    postMessage(data: unknown): void {
      if (!this.done) this.channel.send({ vbWorker: 'message', data })
    }
    terminate(): void {
      if (!this.done) this.channel.abort.abort()
    }
    ref(): void {
      if (!this.done) this.release ??= runtime.loop.ref()
    }
    unref(): void {
      this.release?.()
      this.release = null
    }
  }
}
