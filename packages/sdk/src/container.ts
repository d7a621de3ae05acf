/**
 * The container client, on any platform: talks to a kernel worker through
 * the messages of `@aspect-build/browser-runtime`'s protocol. The platform
 * entries (`browser.ts`, `node.ts`) only say how to start that worker.
 */
import {
  type BootConfig,
  type BootResult,
  type ClientMessage,
  type ClientRequest,
  destroyedError,
  fromWireError,
  fromWireValue,
  type KernelMessage,
  needsIsolationError,
  type WorkerFactory,
  type WorkerHandle,
} from '@aspect-build/browser-runtime'
import { posixPath } from '@aspect-build/virtual-fs'
import {
  checkCommand,
  checkContainerOptions,
  checkFileTree,
  checkPath,
  checkSignal,
  checkSize,
  checkSpawnOptions,
} from './options.js'
import { InputStream, OutputStream } from './streams.js'
import type {
  BunContainer,
  BunContainerOptions,
  BunProcess,
  ContainerEvents,
  ContainerFs,
  ExecOptions,
  ExecResult,
  FileTree,
  PersistenceKind,
  Signal,
  SpawnOptions,
  WatchEvent,
} from './types.js'

/** What a platform entry provides. */
export interface Platform {
  /** `browser` or `node`, for error messages. */
  name: string
  createWorker: WorkerFactory
  /** The worker script when the options name none. */
  defaultWorkerUrl(): string
  /** Whether processes can run in workers (SharedArrayBuffer usable). */
  sharedMemory: boolean
  /** Persistence kinds this platform has. */
  persistence: readonly PersistenceKind[]
}

const DEFAULT_CWD = '/home/project'
const DEFAULT_STORAGE_KEY = 'vitamin-bun'
const DEFAULT_ENV: Readonly<Record<string, string>> = {
  HOME: '/root',
  USER: 'root',
  PATH: '/usr/local/bin:/usr/bin:/bin',
  SHELL: '/bin/sh',
  TMPDIR: '/tmp',
}
/** Spawns wait for more pids when fewer than this many are left. */
const PID_LOW_WATER = 32
const UTF8_DECODER = new TextDecoder()

/** Storage keys held by live containers of this page (two containers must not share one). */
const storageInUse = new Set<string>()

/** Boots a container on `platform`: the body of every `createBunContainer`. */
export async function bootContainer(
  options: BunContainerOptions | undefined,
  platform: Platform,
): Promise<BunContainer> {
  const o = checkContainerOptions(options)
  const persistence = o.persistence ?? 'memory'
  if (!platform.persistence.includes(persistence)) {
    throw new Error(`createBunContainer(): persistence '${persistence}' is not available in the ${platform.name} host`)
  }
  const processes = o.processes ?? (platform.sharedMemory ? 'workers' : 'inline')
  if (processes === 'workers' && !platform.sharedMemory)
    throw needsIsolationError('boot', 'Running processes in workers')
  const storageKey = o.storageKey ?? DEFAULT_STORAGE_KEY
  const storageId = `${persistence}:${storageKey}`
  if (persistence !== 'memory') {
    if (storageInUse.has(storageId)) {
      throw new Error(`createBunContainer(): storageKey "${storageKey}" is in use by another container of this page`)
    }
    storageInUse.add(storageId)
  }
  const release = (): void => void storageInUse.delete(storageId)
  const workerUrl = o.workerUrl === undefined ? platform.defaultWorkerUrl() : String(o.workerUrl)
  const config: BootConfig = {
    cwd: posixPath.normalize(o.cwd ?? DEFAULT_CWD),
    env: { ...DEFAULT_ENV, ...o.env },
    files: o.files ?? {},
    persistence,
    storageKey,
    processes,
    workerUrl,
    prewarm: processes === 'workers' ? 1 : 0,
  }
  let worker: WorkerHandle
  try {
    worker = platform.createWorker(workerUrl)
  } catch (error) {
    release()
    throw error
  }
  const container = new Container(worker, config, release)
  try {
    await container.boot()
  } catch (error) {
    container.abandon()
    throw error
  }
  return container
}

class Container implements BunContainer {
  readonly cwd: string
  processes: 'workers' | 'inline'
  readonly fs: ContainerFs
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  private readonly procs = new Map<number, ProcessHandle>()
  private readonly watches = new Map<number, (event: WatchEvent) => void>()
  private readonly listeners: { [E in keyof ContainerEvents]: Set<(payload: ContainerEvents[E]) => void> } = {
    port: new Set(),
    'server-ready': new Set(),
    error: new Set(),
  }
  private pids: number[] = []
  private reserving = false
  private nextRequest = 1
  private nextWatch = 1
  private destroying: Promise<void> | null = null
  /** Set when the kernel worker was lost; every call then rejects with it. */
  private lost: Error | null = null

  constructor(
    private readonly worker: WorkerHandle,
    private readonly config: BootConfig,
    private readonly release: () => void,
  ) {
    this.cwd = config.cwd
    this.processes = config.processes
    this.fs = this.createFs()
    worker.onMessage((message) => this.receive(message as KernelMessage))
    worker.onError((error) => this.workerLost(error))
  }

  async boot(): Promise<void> {
    const result = (await this.request({ op: 'boot', config: this.config })) as BootResult
    this.pids = result.pids
    this.processes = result.processes
  }

  /** Stops a container whose boot failed. */
  abandon(): void {
    this.destroying = Promise.resolve()
    this.worker.terminate()
    this.release()
  }

  // ------------------------------------------------------------ messages

  private post(message: ClientMessage, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer)
  }

  private request(request: ClientRequest, transfer?: ArrayBuffer[]): Promise<unknown> {
    if (this.lost) return Promise.reject(this.lost)
    const id = this.nextRequest++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.post({ type: 'request', id, request }, transfer)
    })
  }

  /** A request made by the embedder: rejected once the container is destroyed. */
  private call(request: ClientRequest, transfer?: ArrayBuffer[]): Promise<unknown> {
    if (this.destroying) return Promise.reject(destroyedError(`${opName(request)}()`))
    return this.request(request, transfer)
  }

  private receive(message: KernelMessage): void {
    switch (message.type) {
      case 'reply': {
        const waiter = this.pending.get(message.id)
        if (!waiter) return
        this.pending.delete(message.id)
        if (message.ok) waiter.resolve(message.value)
        else waiter.reject(fromWireError(message.error))
        return
      }
      case 'output':
        this.procs.get(message.pid)?.output(message.fd, message.chunk)
        return
      case 'exit':
        this.procs.get(message.pid)?.exit(message.code)
        return
      case 'watch':
        this.watches.get(message.watchId)?.({ eventType: message.eventType, filename: message.filename })
        return
      case 'event': {
        const payload = message.payload
        if (payload.event === 'error') {
          const error = fromWireError(payload.error)
          this.emit('error', { message: error.message, error })
        } else if (payload.event === 'port') {
          this.emit('port', { port: payload.port, type: payload.type, url: payload.url })
        } else {
          this.emit('server-ready', { port: payload.port, url: payload.url })
        }
        return
      }
    }
  }

  private emit<E extends keyof ContainerEvents>(event: E, payload: ContainerEvents[E]): void {
    for (const listener of this.listeners[event]) listener(payload)
  }

  /** Owns the error of a lost kernel worker: every pending and later call rejects with it. */
  private workerLost(cause: Error): void {
    if (this.lost) return
    const error = Object.assign(new Error(`the container's kernel worker failed: ${cause.message}`), {
      code: 'ERR_WORKER_FAILED',
      cause,
    })
    this.lost = error
    for (const waiter of this.pending.values()) waiter.reject(error)
    this.pending.clear()
    for (const proc of this.procs.values()) proc.fail(error)
    this.procs.clear()
    this.emit('error', { message: error.message, error })
  }

  /** Internal: a process handle is done with its pid. */
  forget(pid: number): void {
    this.procs.delete(pid)
  }

  // --------------------------------------------------------- processes

  spawn(cmd: string, args?: readonly string[], options?: SpawnOptions): BunProcess {
    return this.start('spawn()', cmd, args, checkSpawnOptions('spawn()', options))
  }

  async exec(cmd: string, args?: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    const o = checkSpawnOptions('exec()', options)
    const proc = this.start('exec()', cmd, args, o)
    const out: Uint8Array[] = []
    const err: Uint8Array[] = []
    const ended = Promise.all([
      new Promise<void>((resolve) => proc.stdout.on('data', (c) => out.push(c)).on('end', resolve)),
      new Promise<void>((resolve) => proc.stderr.on('data', (c) => err.push(c)).on('end', resolve)),
    ])
    if (o.stdin !== undefined) proc.stdin.write(o.stdin)
    proc.stdin.end()
    const exitCode = await proc.exited
    await ended
    return { exitCode, stdout: decode(out), stderr: decode(err) }
  }

  private start(call: string, cmd: string, args: readonly string[] | undefined, o: SpawnOptions): ProcessHandle {
    const argv = checkCommand(call, cmd, args)
    const tty = o.tty ? { cols: o.tty.cols, rows: o.tty.rows } : null
    if (this.destroying || this.lost) {
      const handle = new ProcessHandle(this, 0, tty !== null)
      handle.fail(this.lost ?? destroyedError(call))
      return handle
    }
    const pid = this.pids.shift()
    if (pid === undefined) {
      throw Object.assign(new Error(`${call}: too many processes started without yielding to the event loop`), {
        code: 'EAGAIN',
        syscall: 'spawn',
      })
    }
    this.topUpPids()
    const handle = new ProcessHandle(this, pid, tty !== null)
    this.procs.set(pid, handle)
    const cwd = o.cwd === undefined ? this.cwd : posixPath.resolve(this.cwd, o.cwd)
    this.request({ op: 'spawn', pid, argv, cwd, env: { ...this.config.env, ...o.env }, tty }).catch((error) =>
      handle.fail(error),
    )
    return handle
  }

  private topUpPids(): void {
    if (this.pids.length >= PID_LOW_WATER || this.reserving) return
    this.reserving = true
    this.request({ op: 'reserve-pids', count: 64 }).then(
      (pids) => {
        this.reserving = false
        this.pids.push(...(pids as number[]))
      },
      () => {
        this.reserving = false
      },
    )
  }

  /** Internal: posts to a process. */
  send(message: ClientMessage, transfer?: ArrayBuffer[]): void {
    if (!this.destroying && !this.lost) this.post(message, transfer)
  }

  // ---------------------------------------------------------- filesystem

  private abs(call: string, path: unknown, key?: string): string {
    return posixPath.resolve(this.cwd, checkPath(call, path, key))
  }

  private createFs(): ContainerFs {
    const fsCall = (method: Extract<ClientRequest, { op: 'fs' }>['method'], args: unknown[]): Promise<unknown> =>
      this.call({ op: 'fs', method, args }).then(fromWireValue)
    const data = (call: string, value: unknown): string | Uint8Array => {
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
        throw new TypeError(`"data" must be a string or a Uint8Array in ${call}, got ${typeof value}`)
      }
      return value
    }
    // Each method checks its arguments before anything is sent, so a bad call rejects without side effects.
    const guard =
      <A extends unknown[], R>(body: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> => {
        try {
          return body(...args)
        } catch (error) {
          return Promise.reject(error)
        }
      }
    const fs = {
      readFile: guard((path: string, options?: unknown) => {
        const encoding =
          typeof options === 'object' && options !== null ? (options as { encoding?: unknown }).encoding : options
        if (encoding !== undefined && encoding !== null && encoding !== 'utf8' && encoding !== 'utf-8') {
          throw new TypeError(
            `readFile() supports the encodings 'utf8' and 'utf-8' (or none, for bytes), got ${String(encoding)}`,
          )
        }
        return fsCall('readFile', encoding ? [this.abs('readFile()', path), 'utf8'] : [this.abs('readFile()', path)])
      }),
      writeFile: guard((path: string, value: string | Uint8Array) =>
        fsCall('writeFile', [this.abs('writeFile()', path), data('writeFile()', value)]),
      ),
      appendFile: guard((path: string, value: string | Uint8Array) =>
        fsCall('appendFile', [this.abs('appendFile()', path), data('appendFile()', value)]),
      ),
      readdir: guard((path: string, options?: { withFileTypes?: boolean; recursive?: boolean }) =>
        fsCall('readdir', [this.abs('readdir()', path), pick(options, ['withFileTypes', 'recursive'], 'readdir()')]),
      ),
      mkdir: guard((path: string, options?: { recursive?: boolean; mode?: number }) =>
        fsCall('mkdir', [this.abs('mkdir()', path), pick(options, ['recursive', 'mode'], 'mkdir()')]),
      ),
      rm: guard((path: string, options?: { recursive?: boolean; force?: boolean }) =>
        fsCall('rm', [this.abs('rm()', path), pick(options, ['recursive', 'force'], 'rm()')]),
      ),
      rmdir: guard((path: string) => fsCall('rmdir', [this.abs('rmdir()', path)])),
      unlink: guard((path: string) => fsCall('unlink', [this.abs('unlink()', path)])),
      rename: guard((from: string, to: string) =>
        fsCall('rename', [this.abs('rename()', from, 'oldPath'), this.abs('rename()', to, 'newPath')]),
      ),
      copyFile: guard((from: string, to: string) =>
        fsCall('copyFile', [this.abs('copyFile()', from, 'src'), this.abs('copyFile()', to, 'dest')]),
      ),
      stat: guard((path: string) => fsCall('stat', [this.abs('stat()', path)])),
      lstat: guard((path: string) => fsCall('lstat', [this.abs('lstat()', path)])),
      symlink: guard((target: string, path: string) =>
        fsCall('symlink', [checkPath('symlink()', target, 'target'), this.abs('symlink()', path)]),
      ),
      readlink: guard((path: string) => fsCall('readlink', [this.abs('readlink()', path)])),
      realpath: guard((path: string) => fsCall('realpath', [this.abs('realpath()', path)])),
      watch: (path: string, options?: { recursive?: boolean; signal?: AbortSignal }) => this.watch(path, options),
    }
    return fs as ContainerFs
  }

  private watch(
    path: string,
    options?: { recursive?: boolean; signal?: AbortSignal },
  ): AsyncIterableIterator<WatchEvent> {
    const o = pick(options, ['recursive', 'signal'], 'watch()') ?? {}
    const absPath = this.abs('watch()', path)
    const watchId = this.nextWatch++
    const queue: WatchEvent[] = []
    let wake: (() => void) | null = null
    let done = false
    let failure: Error | null = null
    const close = (): void => {
      if (done) return
      done = true
      this.watches.delete(watchId)
      if (!this.destroying && !this.lost) this.request({ op: 'unwatch', watchId }).catch(() => undefined)
      wake?.()
    }
    this.watches.set(watchId, (event) => {
      queue.push(event)
      wake?.()
    })
    const ready = this.call({ op: 'watch', watchId, path: absPath, recursive: o.recursive === true }).catch(
      (error: Error) => {
        failure = error
        done = true
        this.watches.delete(watchId)
        wake?.()
      },
    )
    const signal = o.signal as AbortSignal | undefined
    if (signal?.aborted) close()
    else signal?.addEventListener('abort', close, { once: true })
    const iterator: AsyncIterableIterator<WatchEvent> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        await ready
        for (;;) {
          if (failure) {
            const error = failure
            failure = null
            throw error
          }
          const event = queue.shift()
          if (event) return { done: false, value: event }
          if (done) return { done: true, value: undefined }
          await new Promise<void>((resolve) => {
            wake = resolve
          })
          wake = null
        }
      },
      return: async () => {
        close()
        return { done: true, value: undefined }
      },
    }
    return iterator
  }

  mount(path: string, files: FileTree | Uint8Array): Promise<void> {
    try {
      const absPath = this.abs('mount()', path)
      const content = files instanceof Uint8Array ? files.slice() : checkFileTree('mount()', 'files', files)
      return this.call({ op: 'mount', path: absPath, files: content }).then(() => undefined)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  export(path: string): Promise<Uint8Array> {
    try {
      return this.call({ op: 'export', path: this.abs('export()', path) }) as Promise<Uint8Array>
    } catch (error) {
      return Promise.reject(error)
    }
  }

  // -------------------------------------------------------------- events

  on<E extends keyof ContainerEvents>(event: E, listener: (payload: ContainerEvents[E]) => void): () => void {
    const set = this.listeners[event] as Set<(payload: ContainerEvents[E]) => void> | undefined
    if (!set)
      throw new TypeError(`Unknown event in on(): "${String(event)}" (expected "port", "server-ready" or "error")`)
    if (typeof listener !== 'function') throw new TypeError('on() takes a listener function')
    set.add(listener)
    return () => void set.delete(listener)
  }

  // ------------------------------------------------------------- destroy

  destroy(): Promise<void> {
    if (this.destroying) return this.destroying
    const finish = (): void => {
      this.worker.terminate()
      this.release()
      const error = destroyedError('destroy()')
      for (const waiter of this.pending.values()) waiter.reject(error)
      this.pending.clear()
      for (const proc of this.procs.values()) proc.fail(error)
      this.procs.clear()
      for (const watch of this.watches.keys()) this.watches.delete(watch)
    }
    this.destroying = this.lost
      ? Promise.resolve().then(finish)
      : this.request({ op: 'destroy' }).then(finish, (error) => {
          finish()
          throw error
        })
    return this.destroying
  }
}

/** The process handle of the embedder. */
class ProcessHandle implements BunProcess {
  readonly stdout: OutputStream = new OutputStream()
  readonly stderr: OutputStream = new OutputStream()
  readonly stdin: InputStream
  readonly exited: Promise<number>
  private settle!: { resolve(code: number): void; reject(error: Error): void }
  private code: number | null = null
  private failed = false
  private open = 2

  constructor(
    private readonly container: Container,
    readonly pid: number,
    private readonly tty: boolean,
  ) {
    this.exited = new Promise<number>((resolve, reject) => {
      this.settle = { resolve, reject }
    })
    // Marked handled: a caller that only reads output must not get an unhandled rejection.
    this.exited.catch(() => undefined)
    this.stdin = new InputStream((chunk) => {
      if (this.code !== null || this.failed) return
      const transfer = chunk && chunk.buffer instanceof ArrayBuffer ? [chunk.buffer] : undefined
      this.container.send({ type: 'stdin', pid, chunk }, transfer)
    })
  }

  output(fd: 1 | 2, chunk: Uint8Array | null): void {
    ;(fd === 1 ? this.stdout : this.stderr).push(chunk)
    if (chunk === null && --this.open === 0 && this.code !== null) this.container.forget(this.pid)
  }

  exit(code: number): void {
    if (this.code !== null || this.failed) return
    this.code = code
    this.stdin.detach()
    this.settle.resolve(code)
    if (this.open === 0) this.container.forget(this.pid)
  }

  /** The process could not start, or its container went away. */
  fail(error: Error): void {
    if (this.code !== null || this.failed) return
    this.failed = true
    this.stdin.detach()
    this.stdout.push(null)
    this.stderr.push(null)
    this.settle.reject(error)
  }

  kill(signal: Signal = 'SIGTERM'): boolean {
    checkSignal(signal)
    if (this.code !== null || this.failed) return false
    this.container.send({ type: 'kill', pid: this.pid, signal })
    return true
  }

  resize(size: { cols: number; rows: number }): void {
    const checked = checkSize(size)
    if (!this.tty || this.code !== null || this.failed) return
    this.container.send({ type: 'resize', pid: this.pid, size: checked })
  }
}

function decode(chunks: Uint8Array[]): string {
  let length = 0
  for (const chunk of chunks) length += chunk.length
  const all = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    all.set(chunk, at)
    at += chunk.length
  }
  return UTF8_DECODER.decode(all)
}

/** Copies the allowed keys of an options object, rejecting unknown ones. */
function pick<T extends object>(options: T | undefined, keys: readonly string[], call: string): T | undefined {
  if (options === undefined || options === null) return undefined
  if (typeof options !== 'object') throw new TypeError(`${call} expects an options object, got ${typeof options}`)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (!keys.includes(key)) throw new TypeError(`Invalid option in ${call}: "${key}"`)
    out[key] = value
  }
  return out as T
}

function opName(request: ClientRequest): string {
  return request.op === 'fs' ? request.method : request.op
}
