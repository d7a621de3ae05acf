/**
 * One Bun process: its event loop, `process`, globals, builtins, the `Bun`
 * object and the module registry, over a {@link RuntimeHost}.
 *
 *     const runtime = new Runtime(host, { argv: ['/usr/local/bin/bun', '/app/index.ts'] })
 *     runtime.installGlobals()
 *     const code = await runtime.runMain('/app/index.ts')   // Bun's exit code
 *
 * A process worker runs one Runtime, so its globals are the process's own.
 * Inline processes (no cross-origin isolation) share the kernel worker's
 * global object: the last one to install its globals wins for code that
 * reads `globalThis.process`; every module still gets its own `require`,
 * `module` and `import.meta`.
 */

import { createBuiltin, needsPreparation, prepareBuiltin } from './builtins.js'
import { colorsFor, createRuntimeConsole, formatRuntimeError, inspectValue } from './console-bridge.js'

import { formatUncaught } from './errors.js'

import type { RuntimeHost } from './host.js'
import { COMPLETION_FUNCTION } from './loader/compile.js'
import { ModuleRegistry, type WrapperLayout } from './loader/registry.js'
import { setBufferInspector } from './node/buffer.js'
import type { NodeContext } from './node/context.js'
import { installStream } from './node/stream.js'
import { BUN_VERSION, createProcess, type NodeProcess, ProcessExit } from './process.js'
import { installStackTraces } from './stack.js'
import { createTimers, EventLoop, type TimerFunctions } from './timers.js'
import { BunResponse } from './web.js'
import { createWebWorkerClass, reportWorkerError } from './worker.js'

/** The host's own `process` (Node workers), captured before a runtime replaces the global. */
const HOST_PROCESS = (globalThis as { process?: { on?: unknown; off?: unknown; versions?: { node?: string } } }).process
const NODE_HOST_PROCESS =
  HOST_PROCESS && typeof HOST_PROCESS.on === 'function' && typeof HOST_PROCESS.versions?.node === 'string'
    ? (HOST_PROCESS as {
        on(event: string, listener: (...args: unknown[]) => void): void
        off(event: string, listener: (...args: unknown[]) => void): void
      })
    : null

/** Options of a {@link Runtime}. */
export interface RuntimeOptions {
  /** `process.argv`: the bun executable, the script, then its arguments. */
  argv: string[]
  /** `Bun.main`: the entry script (absolute). */
  main?: string
}

export class Runtime {
  readonly loop: EventLoop
  readonly timers: TimerFunctions
  readonly process: NodeProcess
  registry: ModuleRegistry
  readonly node: NodeContext
  readonly console: Console
  main: string
  private readonly builtins = new Map<string, object>()
  private exiting = false
  private exitResolve: ((code: number) => void) | null = null
  /** Settles with the exit code when the process exits (from anywhere: `process.exit`, an uncaught error…). */
  readonly exited: Promise<number>
  private removeStackTraces: (() => void) | null = null
  private removeErrorHooks: (() => void) | null = null

  constructor(
    readonly host: RuntimeHost,
    options: RuntimeOptions,
  ) {
    this.main = options.main ?? ''
    this.exited = new Promise((resolve) => {
      this.exitResolve = resolve
    })
    this.loop = new EventLoop((error) => this.uncaught(error))
    this.timers = createTimers(this.loop)
    this.process = createProcess({
      host,
      loop: this.loop,
      timers: this.timers,
      argv: options.argv,
      exit: (code) => this.exit(code),
    })
    this.node = {
      host,
      cwd: () => (this.process.cwd as () => string)(),
      builtin: <T>(name: string) => this.requireBuiltin(name.startsWith('node:') ? name : `node:${name}`) as T,
      ref: () => this.loop.ref(),
      nextTick: this.timers.nextTick,
      emitWarning: (warning, type, code) =>
        (this.process.emitWarning as (w: unknown, t?: unknown, c?: unknown) => void)(warning, type, code),
    }
    this.console = createRuntimeConsole(this)
    this.registry = this.newRegistry()
  }

  private readonly lines = new Map<string, string[] | null>()

  /** The lines of a source file (cached; for stack positions). */
  private sourceLines(file: string): string[] | null {
    let lines = this.lines.get(file)
    if (lines === undefined) {
      const text = this.readSource(file)
      lines = text === null ? null : text.split('\n')
      this.lines.set(file, lines)
    }
    return lines
  }

  /** Reads a source file for error excerpts (only files the loader ran). */

  readSource(file: string): string | null {
    if (!file.startsWith('/')) return null
    try {
      return this.host.fs.readFile(file, 'utf8')
    } catch {
      return null
    }
  }

  /** The exports of a builtin (`node:fs`, `bun` …), created on first use; `undefined` if there is none. */
  builtin(id: string): object | undefined {
    const existing = this.builtins.get(id)
    if (existing) return existing
    const made = createBuiltin(id, this)
    if (made) this.builtins.set(id, made)
    return made
  }

  private requireBuiltin(id: string): object {
    const found = this.builtin(id)
    if (!found) throw new Error(`No such built-in module: ${id}`)
    return found
  }

  private async prepareBuiltins(ids: readonly string[]): Promise<void> {
    for (const id of ids) if (needsPreparation(id)) await prepareBuiltin(id)
  }

  private newRegistry(): ModuleRegistry {
    return new ModuleRegistry({
      host: this.host,
      builtin: (id) => this.builtin(id),
      prepareBuiltins: (ids) => this.prepareBuiltins(ids),
      env: this.process.env,
      scope: this.moduleScope(),
      layouts: this.layouts,
      ref: () => this.loop.ref(),
    })
  }

  /** Every module's wrapper layout, across the registries of this process. */
  private readonly layouts: Map<string, WrapperLayout> = new Map()

  /**
   * Starts a fresh module registry (every module loads and runs again; the
   * process, its globals and builtins stay): `bun test` runs each file so.
   * Returns the new registry, which is also {@link registry} from now on.
   */
  resetModules(): ModuleRegistry {
    this.registry = this.newRegistry()
    return this.registry
  }

  /** The bindings every module of this process gets as its own (see `RegistryHooks.scope`). */

  private moduleScope(): Record<string, unknown> {
    return {
      process: this.process,
      console: this.console,
      setTimeout: this.timers.setTimeout,
      setInterval: this.timers.setInterval,
      setImmediate: this.timers.setImmediate,
      clearTimeout: this.timers.clearTimeout,
      clearInterval: this.timers.clearInterval,
      clearImmediate: this.timers.clearImmediate,
      queueMicrotask: this.timers.queueMicrotask,
      fetch: (input: Request | string | URL, init?: RequestInit) => this.fetch(input, init),
      Response: BunResponse,
      Worker: this.webWorkerClass(),
    }
  }

  private webWorkerClass(): ReturnType<typeof createWebWorkerClass> {
    this.webWorker ??= createWebWorkerClass(this)
    return this.webWorker
  }

  private readonly replaced = new Map<string, PropertyDescriptor | undefined>()
  private webWorker: ReturnType<typeof createWebWorkerClass> | null = null

  /**
   * Makes this process's globals the global object's: `process`, `Bun`,
   * `Buffer`, timers, `console`, `fetch`. A process that shares its realm
   * with the kernel (`host.sharedRealm`) installs only `Bun` and `Buffer`:
   * the kernel's own code (and esbuild's) must keep the host's timers, and
   * modules get the process's through their scope anyway.
   */
  installGlobals(): void {
    const g = globalThis as unknown as Record<string, unknown>
    const define = (name: string, value: unknown) => {
      if (!this.replaced.has(name)) this.replaced.set(name, Object.getOwnPropertyDescriptor(g, name))
      Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false })
    }
    // Node's streams tick through this process's nextTick queue (one queue, Node's order).
    installStream({
      nextTick: this.timers.nextTick,
      stdout: this.process.stdout as object,
      stderr: this.process.stderr as object,
    })
    setBufferInspector((extras) => inspectValue(this, extras))
    const buffer = this.builtin('node:buffer') as { Buffer?: unknown } | undefined
    if (buffer?.Buffer) define('Buffer', buffer.Buffer)
    // `Bun` is built on first use (most programs never touch it, and it is the largest global):
    // an accessor that becomes, the first time it is read, the read-only enumerable value Bun has
    // (configurable, unlike Bun's, so that `dispose` can put the realm's own back). Without a
    // setter, assigning to it is what assigning to a read-only property is: an error in strict code.
    if (!this.replaced.has('Bun')) this.replaced.set('Bun', Object.getOwnPropertyDescriptor(g, 'Bun'))
    Object.defineProperty(g, 'Bun', {
      get: () => {
        const value = this.builtin('bun')
        Object.defineProperty(g, 'Bun', { value, writable: false, enumerable: true, configurable: true })
        return value
      },
      enumerable: true,
      configurable: true,
    })
    if (!this.host.sharedRealm) {
      const scope = this.moduleScope()
      define('process', this.process)
      define('global', globalThis)
      // Bun has `self` (Node's worker threads do not): a Web worker's code sets `self.onmessage`.
      if (typeof (g as { self?: unknown }).self === 'undefined') define('self', globalThis)

      for (const [name, value] of Object.entries(scope)) define(name, value)
      // Bun's `perf_hooks.performance` is the global one, marks and observers included.
      const perf = this.builtin('node:perf_hooks') as Record<string, unknown> | undefined
      if (perf)
        for (const name of [
          'performance',
          'Performance',
          'PerformanceEntry',
          'PerformanceMark',
          'PerformanceMeasure',
          'PerformanceObserver',
          'PerformanceObserverEntryList',
          'PerformanceResourceTiming',
        ])
          if (perf[name] !== undefined) define(name, perf[name])
    }

    this.removeErrorHooks ??= this.hookHostErrors()
    this.removeStackTraces ??= installStackTraces({
      sourceMap: (id) => (this.layouts.has(id) ? this.host.modules.sourceMap(id) : null),
      prefix: (id) => this.layouts.get(id)?.prefix ?? 0,
      isInternal: (file) => !this.layouts.has(file),
      lineText: (file, line) => this.sourceLines(file)?.[line - 1] ?? null,
    })
  }

  /** `fetch` that keeps the process alive while the request is in flight. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const release = this.loop.ref()
    return this.host.fetch(input, init).finally(release)
  }

  /**
   * Runs the entry module to the end of the process: evaluation, then until
   * nothing holds the loop open, `beforeExit`, `exit`. Resolves with the
   * exit code (also when the process exits early).
   */
  async runMain(path: string, source?: string, print?: (value: unknown) => Promise<void>): Promise<number> {
    this.main = path
    void this.run(async () => {
      let value: unknown
      let printed = false
      const g = globalThis as Record<string, unknown>
      if (print)
        g[COMPLETION_FUNCTION] = (v: unknown) => {
          value = v
          printed = true
        }
      await this.registry.runMain(path, source, print !== undefined)
      if (print) await print(printed ? value : undefined)
    })
    return this.exited
  }

  /** Runs `body`, then the end of the process (see {@link runMain}). */
  async run(body: () => Promise<void>): Promise<void> {
    try {
      await body()
    } catch (error) {
      if (error instanceof ProcessExit) return
      this.uncaught(error)
      return
    }
    await this.drain()
  }

  /** Waits until the loop is idle, emitting `beforeExit` (which may start more work) each time; then exits. */
  private async drain(): Promise<void> {
    for (;;) {
      await this.loop.whenIdle()
      if (this.exiting) return
      const before = this.loop.refs
      this.safeEmit('beforeExit', this.process.exitCode ?? 0)
      await Promise.resolve()
      if (this.loop.refs === before && this.loop.refs === 0) {
        await this.loop.whenIdle()
        if (this.loop.refs === 0) break
      }
    }
    try {
      this.exit(this.process.exitCode ?? 0)
    } catch (error) {
      if (!(error instanceof ProcessExit)) throw error
    }
  }

  private safeEmit(event: string, ...args: unknown[]): void {
    try {
      this.process.emit(event, ...args)
    } catch (error) {
      if (error instanceof ProcessExit) throw error
      this.uncaught(error)
    }
  }

  /** Ends the process: `exit` listeners run once, then the host ends it. Never returns. */
  exit(code: number): never {
    if (!this.exiting) {
      this.exiting = true
      this.process.exitCode = code
      try {
        this.process.emit('exit', code)
      } catch (error) {
        if (!(error instanceof ProcessExit)) this.printUncaught(error)
      }
      code = (this.process.exitCode as number | undefined) ?? code
      this.loop.stopped = true
      this.registry.storeCodeCaches()
      this.exitResolve?.(code & 0xff)
    }
    return this.host.exit(code & 0xff)
  }

  /** An exception nothing caught: `uncaughtException` listeners, or Bun's report and exit code 1. */
  uncaught(error: unknown): void {
    if (error instanceof ProcessExit || this.exiting) return
    if (this.process.listenerCount('uncaughtException') === 0 && reportWorkerError(this, error)) return
    if (this.process.listenerCount('uncaughtException') > 0) {
      try {
        this.process.emit('uncaughtException', error, 'uncaughtException')
        return
      } catch (again) {
        if (again instanceof ProcessExit) return
        error = again
      }
    }
    this.printUncaught(error)
    try {
      this.exit(1)
    } catch (exit) {
      if (!(exit instanceof ProcessExit)) throw exit
    }
  }

  /** A promise rejection nothing handled: `unhandledRejection` listeners, or Bun's report and exit code 1. */
  unhandledRejection(reason: unknown, promise: Promise<unknown>): void {
    if (this.exiting) return
    if (this.process.listenerCount('unhandledRejection') > 0) {
      try {
        this.process.emit('unhandledRejection', reason, promise)
      } catch (error) {
        this.uncaught(error)
      }
      return
    }
    this.uncaught(reason)
  }

  /** Writes an error to stderr as `console.error(error)` would (Bun's format, with the source excerpt). */
  printError(error: unknown): void {
    const text = formatRuntimeError(this, error, colorsFor(this, this.host.stderr))
    this.host.stderr.write(new TextEncoder().encode(`${text}\n`))
  }

  /** Writes Bun's report of an uncaught error to stderr. */
  printUncaught(error: unknown): void {
    const colors = colorsFor(this, this.host.stderr)
    const text = formatUncaught(
      error,
      (e) => formatRuntimeError(this, e, colors),
      (value) => inspectValue(this, value, { colors }),
      colors,
      BUN_VERSION,
    )

    this.host.stderr.write(new TextEncoder().encode(text))
  }

  /**
   * Routes the host's unhandled rejections and stray exceptions to this
   * process (Node workers: the host process's events; browsers: the global
   * scope's `unhandledrejection` and `error` events).
   */
  private hookHostErrors(): () => void {
    const onRejection = (reason: unknown, promise: unknown) =>
      this.unhandledRejection(reason, promise as Promise<unknown>)
    const onError = (error: unknown) => this.uncaught(error)
    if (NODE_HOST_PROCESS) {
      NODE_HOST_PROCESS.on('unhandledRejection', onRejection)
      NODE_HOST_PROCESS.on('uncaughtException', onError)
      return () => {
        NODE_HOST_PROCESS.off('unhandledRejection', onRejection)
        NODE_HOST_PROCESS.off('uncaughtException', onError)
      }
    }
    const scope = globalThis as unknown as {
      addEventListener?: (type: string, listener: (event: Event) => void) => void
      removeEventListener?: (type: string, listener: (event: Event) => void) => void
    }
    if (typeof scope.addEventListener !== 'function') return () => undefined
    const rejection = (event: Event) => {
      event.preventDefault()
      const e = event as Event & { reason?: unknown; promise?: unknown }
      onRejection(e.reason, e.promise)
    }
    const error = (event: Event) => {
      event.preventDefault()
      onError((event as Event & { error?: unknown }).error)
    }
    scope.addEventListener('unhandledrejection', rejection)
    scope.addEventListener('error', error)
    return () => {
      scope.removeEventListener?.('unhandledrejection', rejection)
      scope.removeEventListener?.('error', error)
    }
  }

  /** Removes what {@link installGlobals} installed that outlives the process (stack trace mapping, error hooks). */
  dispose(): void {
    this.registry.storeCodeCaches()
    const g = globalThis as unknown as Record<string, unknown>
    for (const [name, descriptor] of this.replaced) {
      if (descriptor) Object.defineProperty(g, name, descriptor)
      else delete g[name]
    }
    this.replaced.clear()
    this.removeStackTraces?.()
    this.removeStackTraces = null
    this.removeErrorHooks?.()
    this.removeErrorHooks = null
  }
}
