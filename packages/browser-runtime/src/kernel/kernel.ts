/**
 * The kernel: one per container, in its own worker. It owns the filesystem,
 * the process table and the pipes between processes, answers the client
 * (the SDK) and the processes, and never blocks — everything it does runs
 * from a message event, and a process waiting on it sleeps in its own
 * thread.
 */

import { type GraphRequest, type HostRequest, ModuleService } from '@aspect-build/bun-core'
import {
  type Backend,
  createVfs,
  memoryBackend,
  openIndexedDbBackend,
  openOpfsBackend,
  posixPath,
  type Vfs,
  VfsError,
  type Watcher,
} from '@aspect-build/virtual-fs'
import { toWireValue } from '../codec.js'
import { fromWireError, needsIsolationError, toWireError } from '../errors.js'

import type { MessageEndpoint, WorkerFactory, WorkerHandle } from '../host.js'
import { type KernelLink, runProcess } from '../process/runtime.js'
import { resolveProgram, whichProgram } from '../programs/registry.js'
import type { ScriptCompiler } from '../programs/types.js'
import {
  type BootConfig,
  type BootResult,
  type ClientMessage,
  type ClientRequest,
  DESCRIPTOR_ARGUMENTS,
  DESCRIPTOR_METHODS,
  type DescriptorMethod,
  type FileMap,
  FS_METHODS,
  type FsMethod,
  type KernelMessage,
  type KernelToProcess,
  type ProcessMessage,
  type ProcessRequest,
  type ProcessStart,
  SIGNAL_NUMBERS,
  type SignalName,
  type StdioMode,
  type SyncCall,
  type Terminal,
  type TtySize,
} from '../protocol.js'
import { createChannel, SyncChannelServer } from '../sync-channel.js'
import { Pipe } from './pipe.js'

/** What the kernel needs from its platform. */
export interface KernelHost {
  /** Starts process workers (unused when processes run inline). */
  createWorker: WorkerFactory
  /** True when `SharedArrayBuffer` and `Atomics.wait` in workers are available. */
  sharedMemory: boolean
  /** For process workers of this script: compiles module code with the engine's code cache (the Node host). */
  compileScript?: ScriptCompiler
  /** How many threads the machine runs at once (`navigator.hardwareConcurrency`); 1 when unknown. */
  parallelism?: number
}

/** With fewer cores, a spare worker loading beside a running process slows it down (see `prewarm`). */
const CORES_FOR_CONCURRENT_PREWARM = 4

/** The pipes a process's three standard streams are. */
type Stdio = [stdin: Pipe, stdout: Pipe, stderr: Pipe]

interface Process {
  readonly pid: number
  readonly ppid: number
  readonly argv: string[]
  state: 'running' | 'exited'
  readonly stdio: Stdio
  /** Whether this process created its stdin pipe (and so closes its read end at exit). */
  readonly ownsStdin: boolean
  /** Terminal size shared by every process on the same terminal (resizes update it in place). */
  readonly tty: TtySize | null
  /** Which of its standard streams are that terminal. */
  readonly terminal: Terminal
  /** Write ends of piped children's stdin, held by this process. */
  readonly childStdin: Map<number, Pipe>
  readonly children: Set<number>
  /** How messages reach the process. */
  send(message: KernelToProcess): void
  /** Answers a blocking call (worker processes only). */
  channel: SyncChannelServer | null
  worker: WorkerHandle | null
  /** Stops an inline process's link (messages both ways are dropped). */
  detach: (() => void) | null
  /** Descriptors the process opened (closed when it exits). */
  readonly fds: Set<number>
  /** Its filesystem watchers, by the process's watch id. */
  readonly watchers: Map<number, Watcher>
  /** Tells whoever started the process that it ended. */
  readonly onExit: (code: number, signal: SignalName | null) => void
}

interface SpawnSpec {
  pid: number
  ppid: number
  argv: string[]
  cwd: string
  env: Record<string, string>
  stdio: Stdio
  ownsStdin: boolean
  tty: TtySize | null
  terminal: Terminal
  onExit: (code: number, signal: SignalName | null) => void
}

const ON_TERMINAL: Terminal = [true, true, true]
const OFF_TERMINAL: Terminal = [false, false, false]

function onTerminal(parent: Process, shared: boolean[]): { tty: TtySize | null; terminal: Terminal } {
  const terminal: Terminal = [
    !!shared[0] && parent.terminal[0],
    !!shared[1] && parent.terminal[1],
    !!shared[2] && parent.terminal[2],
  ]
  return { tty: terminal.includes(true) ? parent.tty : null, terminal }
}

const PID_BATCH = 64
const UTF8 = new TextEncoder()

/** The kernel of one container, serving the client at the other end of `client`. */
export class Kernel {
  private vfs: Vfs | null = null
  private modules: ModuleService | null = null
  private config: BootConfig | null = null
  private readonly processes = new Map<number, Process>()
  private readonly watchers = new Map<number, Watcher>()
  private readonly spare: WorkerHandle[] = []
  /** Listening ports → the process serving them. */
  private readonly ports = new Map<number, Process>()
  /** HTTP requests waiting for a server's answer, by id. */
  private readonly httpWaiters = new Map<
    number,
    { server: Process; reply(value: unknown): void; fail(error: unknown): void }
  >()
  private nextHttpId = 1
  private nextPid = 1
  private booting: ClientMessage[] | null = null
  private destroyed = false

  constructor(
    private readonly client: MessageEndpoint,
    private readonly host: KernelHost,
  ) {
    client.onMessage((message) => this.receive(message as ClientMessage))
  }

  // ------------------------------------------------------------- client

  private post(message: KernelMessage, transfer?: ArrayBuffer[]): void {
    this.client.postMessage(message, transfer)
  }

  /** Handles one message from the client (the worker entry hands over the first one, which made it a kernel). */
  receive(message: ClientMessage): void {
    if (this.booting !== null) {
      this.booting.push(message)
      return
    }
    if (this.destroyed) {
      if (message.type === 'request') {
        this.post({
          type: 'reply',
          id: message.id,
          ok: false,
          error: toWireError(new Error('the kernel was destroyed')),
        })
      }
      return
    }
    switch (message.type) {
      case 'request':
        this.clientRequest(message.id, message.request)
        return
      case 'stdin': {
        const proc = this.processes.get(message.pid)
        if (proc?.ppid !== 0) return
        if (message.chunk === null) proc.stdio[0].closeWriter()
        else proc.stdio[0].write(message.chunk)
        return
      }
      case 'kill':
        this.killTree(message.pid, message.signal)
        return
      case 'resize':
        this.resize(message.pid, message.size)
        return
    }
  }

  private clientRequest(id: number, request: ClientRequest): void {
    const reply = (value: unknown, transfer?: ArrayBuffer[]): void =>
      this.post({ type: 'reply', id, ok: true, value }, transfer)
    const fail = (error: unknown): void => this.post({ type: 'reply', id, ok: false, error: toWireError(error) })
    if (request.op === 'boot') {
      if (this.config !== null) {
        fail(new Error('the kernel is already booted'))
        return
      }
      this.booting = []
      this.boot(request.config).then(
        (result) => {
          reply(result)
          this.flushBootQueue()
        },
        (error) => {
          fail(error)
          this.flushBootQueue()
        },
      )
      return
    }
    const vfs = this.vfs
    if (vfs === null) {
      fail(new Error('the kernel is not booted'))
      return
    }
    try {
      switch (request.op) {
        case 'spawn': {
          if (this.processes.has(request.pid)) throw new VfsError('EINVAL', { syscall: 'spawn', detail: 'pid in use' })
          const stdin = new Pipe()
          const stdout = new Pipe()
          const stderr = request.tty ? stdout : new Pipe()
          if (request.tty) stdout.addWriter()
          const started = this.spawn({
            pid: request.pid,
            ppid: 0,
            argv: request.argv,
            cwd: request.cwd,
            env: request.tty ? { TERM: 'xterm-256color', ...request.env } : request.env,
            stdio: [stdin, stdout, stderr],
            ownsStdin: true,
            tty: request.tty ? { ...request.tty } : null,
            terminal: request.tty ? ON_TERMINAL : OFF_TERMINAL,
            onExit: (code, signal) => this.post({ type: 'exit', pid: request.pid, code, signal }),
          })
          if (!started) {
            // Node's wording and fields for a program that does not exist.
            const error = new VfsError('ENOENT', { syscall: `spawn ${request.argv[0]}`, path: request.argv[0] })
            error.message = `spawn ${request.argv[0]} ENOENT`
            throw error
          }
          reply(null)
          const tty = request.tty !== null
          stdout.attach((chunk) =>
            this.post({ type: 'output', pid: request.pid, fd: 1, chunk: tty ? onlcr(chunk) : chunk }),
          )
          if (tty) this.post({ type: 'output', pid: request.pid, fd: 2, chunk: null })
          else stderr.attach((chunk) => this.post({ type: 'output', pid: request.pid, fd: 2, chunk }))
          return
        }
        case 'reserve-pids':
          reply(this.reservePids(request.count))
          return
        case 'fs': {
          if (!FS_METHODS.includes(request.method)) throw new TypeError(`unknown filesystem method '${request.method}'`)
          const method = vfs[request.method as keyof Vfs] as (...args: unknown[]) => unknown
          const value = method.apply(vfs, request.args)
          if (value instanceof Uint8Array) reply(value, ownBuffer(value))
          else reply(toWireValue(value))
          return
        }
        case 'watch': {
          const watcher = vfs.watch(request.path, { recursive: request.recursive }, (eventType, filename) =>
            this.post({ type: 'watch', watchId: request.watchId, eventType, filename }),
          )
          this.watchers.set(request.watchId, watcher)
          reply(null)
          return
        }
        case 'unwatch':
          this.watchers.get(request.watchId)?.close()
          this.watchers.delete(request.watchId)
          reply(null)
          return
        case 'mount':
          if (request.files instanceof Uint8Array) vfs.importSnapshot(request.path, request.files)
          else writeFiles(vfs, request.path, request.files)
          reply(null)
          return
        case 'export': {
          const snapshot = vfs.exportSnapshot(request.path)
          reply(snapshot, ownBuffer(snapshot))
          return
        }
        case 'destroy':
          this.destroy().then(() => reply(null), fail)
          return
        default:
          // A client of another version: answered, so that it does not wait forever.
          throw new TypeError(`unknown request '${String((request as { op?: unknown }).op)}'`)
      }
    } catch (error) {
      fail(error)
    }
  }

  private flushBootQueue(): void {
    const queued = this.booting ?? []
    this.booting = null
    for (const message of queued) this.receive(message)
  }

  private async boot(config: BootConfig): Promise<BootResult> {
    if (config.processes === 'workers' && !this.host.sharedMemory) {
      throw needsIsolationError('boot', 'Running processes in workers')
    }
    const vfs = createVfs({
      onError: (error) => this.post({ type: 'event', payload: { event: 'error', error: toWireError(error) } }),
    })
    vfs.mkdir(config.cwd, { recursive: true })
    for (const dir of ['/tmp', '/root']) vfs.mkdir(dir, { recursive: true })
    let backend: Backend = memoryBackend()
    if (config.persistence === 'indexeddb') backend = await openIndexedDbBackend({ database: config.storageKey })
    if (config.persistence === 'opfs') backend = await openOpfsBackend({ directory: config.storageKey })
    const restored = backend.records.length > 0
    if (config.persistence !== 'memory') vfs.mount(config.cwd, backend)
    if (!restored) writeFiles(vfs, config.cwd, config.files)
    this.vfs = vfs
    this.modules = new ModuleService(vfs, { production: config.env.NODE_ENV === 'production' })
    this.config = config
    this.prewarm()
    return { pids: this.reservePids(PID_BATCH), processes: config.processes, restored }
  }

  private reservePids(count: number): number[] {
    const pids: number[] = []
    for (let i = 0; i < Math.min(Math.max(count, 0), 1024); i++) pids.push(this.nextPid++)
    return pids
  }

  private async destroy(): Promise<void> {
    this.destroyed = true
    for (const pid of [...this.processes.keys()]) this.kill(pid, 'SIGKILL')
    for (const worker of this.spare.splice(0)) worker.terminate()
    for (const watcher of this.watchers.values()) watcher.close()
    this.watchers.clear()
    const vfs = this.vfs
    if (vfs === null) return
    await vfs.sync()
    // Unmounting closes the stores, releasing the storage for the next container with the same key.
    for (const mount of vfs.mountTable().reverse()) if (mount.path !== '/') await vfs.unmount(mount.path)
  }

  // ---------------------------------------------------------- processes

  /** Starts a process; false when no program answers to `argv[0]`. */
  private spawn(spec: SpawnSpec): boolean {
    const vfs = this.vfs as Vfs
    const config = this.config as BootConfig
    const found = resolveProgram(spec.argv[0] ?? '', { fs: vfs, cwd: spec.cwd, env: spec.env })
    if (found === null) return false
    const program = typeof found === 'string' ? found : found.name
    const argv = typeof found === 'string' ? spec.argv : [...found.argv, ...spec.argv.slice(1)]
    const start: ProcessStart = {
      type: 'start',
      pid: spec.pid,
      ppid: spec.ppid,
      argv,

      env: { ...spec.env, PWD: spec.cwd },
      cwd: spec.cwd,
      program,
      channel: null,
      tty: spec.tty === null ? null : { ...spec.tty },
      terminal: spec.terminal,
    }
    const proc: Process = {
      pid: spec.pid,
      ppid: spec.ppid,
      argv: spec.argv,
      state: 'running',
      stdio: spec.stdio,
      ownsStdin: spec.ownsStdin,
      tty: spec.tty,
      terminal: spec.terminal,
      childStdin: new Map(),
      children: new Set(),
      send: () => undefined,
      channel: null,
      worker: null,
      detach: null,
      fds: new Set(),
      watchers: new Map(),
      onExit: spec.onExit,
    }
    this.processes.set(proc.pid, proc)
    this.processes.get(spec.ppid)?.children.add(proc.pid)
    if (config.processes === 'workers') this.startWorker(proc, start)
    else this.startInline(proc, start)
    return true
  }

  private startWorker(proc: Process, start: ProcessStart): void {
    const worker = this.spare.shift() ?? this.host.createWorker((this.config as BootConfig).workerUrl)
    const channel = createChannel()
    proc.worker = worker
    proc.channel = new SyncChannelServer(channel)
    proc.send = (message) => worker.postMessage(message)
    worker.onMessage((message) => this.fromProcess(proc, message as ProcessMessage))
    worker.onError((error) => {
      if (proc.state !== 'running') return
      proc.stdio[2].write(UTF8.encode(`${proc.argv[0]}: the process worker failed: ${error.message}\n`))
      this.exit(proc, 1, null)
    })
    worker.postMessage({ ...start, channel } satisfies ProcessStart)
    if ((this.host.parallelism ?? 1) >= CORES_FOR_CONCURRENT_PREWARM) this.prewarm()
  }

  /**
   * Keeps workers loaded ahead of need, so that a spawn does not wait for a script to load.
   * Called at boot and when a process worker ends; when one starts, only on a machine with
   * cores to spare: on two cores a spare loading its script beside a running process slows it
   * (`bun test`'s 1,000 tests took ~3 ms longer, and varied more), so there the next spare is
   * loaded once the process is done.
   */
  private prewarm(): void {
    const config = this.config
    if (config === null || config.processes !== 'workers' || this.destroyed) return
    while (this.spare.length < config.prewarm) {
      const worker = this.host.createWorker(config.workerUrl)
      // A spare that fails before it is used leaves the pool (a spawn then starts a fresh one).
      worker.onError(() => {
        const at = this.spare.indexOf(worker)
        if (at >= 0) this.spare.splice(at, 1)
        worker.terminate()
      })
      this.spare.push(worker)
    }
  }

  private startInline(proc: Process, start: ProcessStart): void {
    let handler: ((message: KernelToProcess) => void) | null = null
    let attached = true
    let written = 0
    proc.send = (message) => {
      if (attached) queueMicrotask(() => attached && handler?.(message))
    }
    proc.detach = () => {
      attached = false
    }
    const link: KernelLink = {
      post: (message) => {
        if (attached) queueMicrotask(() => attached && this.fromProcess(proc, message))
      },
      onMessage: (h) => {
        handler = h
      },
      callSync: (call) => {
        if (!attached) throw new VfsError('ECANCELED', { syscall: call.op === 'fs' ? call.method : 'read' })
        return this.syncCall(proc, call, true)
      },
      canBlock: false,
      paceWrite: (bytes) => {
        written += bytes
        if (written < 64 * 1024) return undefined
        written = 0
        return nextTask()
      },
    }
    void runProcess(start, link)
  }

  private fromProcess(proc: Process, message: ProcessMessage): void {
    if (proc.state !== 'running') return
    switch (message.type) {
      case 'syscall': {
        const channel = proc.channel
        if (channel === null) return
        try {
          const value = this.syncCall(proc, message.call, false)
          if (value instanceof Promise) {
            value.then(
              (v) => proc.state === 'running' && channel.answer(message.id, { ok: true, value: v }),
              (error) => proc.state === 'running' && channel.answer(message.id, { ok: false, error }),
            )
          } else channel.answer(message.id, { ok: true, value })
        } catch (error) {
          channel.answer(message.id, { ok: false, error })
        }
        return
      }
      case 'syscall-resume':
        proc.channel?.resume(message.id, message.channel)
        return
      case 'request':
        this.processRequest(proc, message.id, message.request)
        return
      case 'write':
        proc.stdio[message.fd].write(message.chunk)
        return
      case 'code-cache':
        this.modules?.storeCodeCache(message.id, message.key, message.data)
        return
      case 'child-stdin': {
        const pipe = proc.childStdin.get(message.pid)
        if (!pipe) return
        if (message.chunk === null) {
          proc.childStdin.delete(message.pid)
          pipe.closeWriter()
        } else pipe.write(message.chunk)
        return
      }
      case 'kill':
        this.kill(message.pid, message.signal)
        return
      case 'exit':
        this.exit(proc, message.code, null)
        return
      case 'http-response': {
        const waiter = this.httpWaiters.get(message.id)
        if (!waiter || waiter.server !== proc) return
        this.httpWaiters.delete(message.id)
        if (message.ok) waiter.reply(message.response)
        else waiter.fail(fromWireError(message.error))
        return
      }
    }
  }

  /**
   * A blocking call: its value, or a promise of it when it must wait (a read
   * of stdin with nothing buffered). Inline, waiting is impossible: the call
   * fails with the error naming the COOP/COEP headers.
   */
  private syncCall(proc: Process, call: SyncCall, inline: boolean): unknown {
    switch (call.op) {
      case 'fs':
        return this.processFs(proc, call.method, call.args)
      case 'modules':
        if (inline) throw needsIsolationError('require', 'Loading a module synchronously')
        return this.loadGraph(call.request)
      case 'source-map':
        return this.modules?.sourceMap(call.id) ?? null
      case 'which':
        return this.which(call.command, call.path, call.cwd)
      case 'spawn-sync':
        if (inline) throw needsIsolationError('spawnSync', 'Running a child process synchronously')
        return this.spawnSync(proc, call.argv, call.cwd, call.env, call.stdin)
      case 'listen':
        return this.listen(proc, call.port)
      case 'unlisten':
        this.unlisten(proc, call.port)
        return null
    }
    const now = proc.stdio[0].readNow()
    if (now !== undefined) return now
    if (inline) throw needsIsolationError('read', 'A synchronous read of stdin that has to wait for input')
    return proc.stdio[0].read()
  }

  /** A filesystem call of a process: path methods, and descriptor methods on descriptors it opened. */
  private processFs(proc: Process, name: FsMethod, args: unknown[]): unknown {
    const vfs = this.vfs as Vfs
    if (!(DESCRIPTOR_METHODS as readonly string[]).includes(name)) {
      if (!FS_METHODS.includes(name)) throw new TypeError(`unknown filesystem method '${name}'`)
      // A path method given a descriptor (readdir of an open directory) must be given one of the process's.
      if (typeof args[0] === 'number' && !proc.fds.has(args[0])) throw new VfsError('EBADF', { syscall: name })
      return (vfs[name as keyof Vfs] as (...a: unknown[]) => unknown).apply(vfs, args)
    }
    const method = name as DescriptorMethod
    for (const at of DESCRIPTOR_ARGUMENTS[method]) {
      if (!proc.fds.has(args[at] as number))
        throw new VfsError('EBADF', { syscall: method === 'readFd' ? 'read' : method })
    }
    if (method === 'open' || method === 'openAt') {
      const fd = (vfs[method] as (...a: unknown[]) => number).apply(vfs, args)
      proc.fds.add(fd)
      return fd
    }
    const fd = args[0] as number
    switch (method) {
      case 'close':
        proc.fds.delete(fd)
        return vfs.close(fd)
      case 'readFd': {
        const length = Math.max(0, Math.min(Number(args[1]) || 0, 64 * 1024 * 1024))
        const buffer = new Uint8Array(length)
        const read = vfs.read(fd, buffer, 0, length, (args[2] as number | null | undefined) ?? null)
        return buffer.subarray(0, read)
      }
      default:
        return (vfs[method] as (...a: unknown[]) => unknown).apply(vfs, args)
    }
  }

  private loadGraph(request: GraphRequest): Promise<unknown> {
    const modules = this.modules
    if (modules === null) return Promise.reject(new Error('the kernel is not booted'))
    return modules.loadGraph(request)
  }

  /** The path `command` runs as: a registry program in a `PATH` directory, or an executable file of the filesystem. */
  private which(command: string, path: string, cwd: string): string | null {
    const vfs = this.vfs as Vfs
    const isFile = (p: string) => {
      try {
        return vfs.stat(p).isFile()
      } catch {
        return false
      }
    }
    if (command.includes('/')) {
      const full = posixPath.resolve(cwd, command)
      return isFile(full) ? full : null
    }
    for (const dir of path.split(':')) {
      if (dir === '') continue
      const base = posixPath.resolve(cwd, dir)
      const full = `${base === '/' ? '' : base}/${command}`
      if (whichProgram(command, base) || isFile(full)) return full
    }
    return null
  }

  /** Takes a port for `proc` (0: the first free one from 3000) and announces it to the client. */
  private listen(proc: Process, asked: number): number {
    if (!Number.isInteger(asked) || asked < 0 || asked > 65535)
      throw Object.assign(new RangeError(`port must be an integer from 0 to 65535 (got ${asked})`), {
        code: 'ERR_SOCKET_BAD_PORT',
      })
    let port = asked
    if (port === 0) {
      port = 3000
      while (this.ports.has(port)) port++
    } else if (this.ports.has(port)) {
      throw Object.assign(new Error(`Failed to start server. Is port ${port} in use?`), {
        code: 'EADDRINUSE',
        errno: 0,
        syscall: 'listen',
      })
    }
    this.ports.set(port, proc)
    const url = `http://localhost:${port}`
    this.post({ type: 'event', payload: { event: 'port', port, type: 'open', url } })
    this.post({ type: 'event', payload: { event: 'server-ready', port, url } })
    return port
  }

  private unlisten(proc: Process, port: number): void {
    if (this.ports.get(port) !== proc) return
    this.ports.delete(port)
    this.post({ type: 'event', payload: { event: 'port', port, type: 'close', url: `http://localhost:${port}` } })
  }

  /** Hands a request to the process listening on `port`; refused when none does. */
  private httpRequest(
    port: number,
    request: HostRequest,
    reply: (value: unknown) => void,
    fail: (error: unknown) => void,
  ): void {
    const server = this.ports.get(port)
    if (server?.state !== 'running') {
      // Bun's fetch error for a port nobody listens on.
      fail(
        Object.assign(new TypeError('ECONNREFUSED: Unable to connect. Is the computer able to access the url?'), {
          code: 'ECONNREFUSED',
          errno: 0,
          path: request.url,
        }),
      )
      return
    }
    const id = this.nextHttpId++
    this.httpWaiters.set(id, { server, reply, fail })
    server.send({ type: 'http-request', id, port, request })
  }

  /** A child run to its end, its output collected (the parent waits in its worker). */
  private spawnSync(
    parent: Process,
    argv: string[],
    cwd: string,
    env: Record<string, string>,
    input: Uint8Array,
  ): Promise<{ exitCode: number; stdout: Uint8Array; stderr: Uint8Array } | null> {
    const stdin = new Pipe()
    const stdout = new Pipe()
    const stderr = new Pipe()
    return new Promise((resolve) => {
      const collected: { 1: Uint8Array[]; 2: Uint8Array[] } = { 1: [], 2: [] }
      let code: number | null = null
      let open = 2
      const finish = () => {
        if (code === null || open > 0) return
        resolve({ exitCode: code, stdout: concatBytes(collected[1]), stderr: concatBytes(collected[2]) })
      }
      const started = this.spawn({
        pid: this.nextPid++,
        ppid: parent.pid,
        argv,
        cwd,
        env,
        stdio: [stdin, stdout, stderr],
        ownsStdin: true,
        tty: null,
        terminal: OFF_TERMINAL,
        onExit: (exitCode) => {
          code = exitCode
          finish()
        },
      })
      if (!started) {
        resolve(null)
        return
      }
      if (input.length > 0) stdin.write(input)
      stdin.closeWriter()
      for (const fd of [1, 2] as const)
        (fd === 1 ? stdout : stderr).attach((chunk) => {
          if (chunk === null) {
            open--
            finish()
          } else collected[fd].push(chunk)
        })
    })
  }

  private processRequest(proc: Process, id: number, request: ProcessRequest): void {
    const reply = (value: unknown): void => proc.send({ type: 'reply', id, ok: true, value })
    const fail = (error: unknown): void => proc.send({ type: 'reply', id, ok: false, error: toWireError(error) })
    switch (request.op) {
      case 'modules':
        this.loadGraph(request.request).then(reply, fail)
        return
      case 'http':
        this.httpRequest(request.port, request.request, reply, fail)
        return
      case 'ipc': {
        const target = this.processes.get(request.pid)
        if (!target || (target.ppid !== proc.pid && proc.ppid !== target.pid)) {
          fail(Object.assign(new Error(`no process ${request.pid} related to ${proc.pid}`), { code: 'ESRCH' }))
          return
        }
        // Inline processes share a realm: the message is copied, as posting it would.
        const message = target.worker === null ? structuredClone(request.message) : request.message
        target.send({ type: 'ipc', from: proc.pid, message })
        reply(null)
        return
      }

      case 'watch':
        try {
          const vfs = this.vfs as Vfs
          const watcher = vfs.watch(request.path, { recursive: request.recursive }, (eventType, filename) =>
            proc.send({ type: 'watch', watchId: request.watchId, eventType, filename }),
          )
          proc.watchers.set(request.watchId, watcher)
          reply(null)
        } catch (error) {
          fail(error)
        }
        return
      case 'unwatch':
        proc.watchers.get(request.watchId)?.close()
        proc.watchers.delete(request.watchId)
        reply(null)
        return
      case 'read':
        proc.stdio[0].read().then(reply, fail)
        return
      case 'spawn':
        try {
          this.spawnChild(proc, request.argv, request.cwd, request.env, request.stdio, reply)
        } catch (error) {
          fail(error)
        }
        return
    }
  }

  private spawnChild(
    parent: Process,
    argv: string[],
    cwd: string,
    env: Record<string, string>,
    modes: [StdioMode, StdioMode, StdioMode],
    reply: (pid: number | null) => void,
  ): void {
    const pid = this.nextPid++
    const [inStdin, inStdout, inStderr] = modes.map((m) => m === 'inherit')
    const stdin = inStdin ? parent.stdio[0] : new Pipe()
    const stdout = inStdout ? parent.stdio[1] : new Pipe()
    const stderr = inStderr ? parent.stdio[2] : new Pipe()
    const started = this.spawn({
      pid,
      ppid: parent.pid,
      argv,
      cwd,
      env,
      stdio: [stdin, stdout, stderr],
      ownsStdin: !inStdin,
      // A stream the child shares with its parent is the terminal when the parent's is.
      ...onTerminal(parent, [inStdin, inStdout, inStderr]),
      onExit: (code, signal) => parent.send({ type: 'child-exit', pid, code, signal }),
    })
    if (!started) {
      reply(null)
      return
    }
    if (inStdout) stdout.addWriter()
    if (inStderr) stderr.addWriter()
    if (!inStdin) parent.childStdin.set(pid, stdin)
    reply(pid)
    // Attached after the reply, so the parent knows the pid before the first chunk.
    const forward = (fd: 1 | 2, pipe: Pipe): void =>
      pipe.attach((chunk) => {
        if (parent.state === 'running') parent.send({ type: 'child-output', pid, fd, chunk })
        else pipe.closeReader()
      })
    if (!inStdout) forward(1, stdout)
    if (!inStderr) forward(2, stderr)
  }

  /** Ends a process: closes its streams, stops its worker, tells its parent (or the client). */
  private exit(proc: Process, code: number, signal: SignalName | null): void {
    if (proc.state !== 'running') return
    proc.state = 'exited'
    this.processes.delete(proc.pid)
    this.processes.get(proc.ppid)?.children.delete(proc.pid)
    if (proc.worker) {
      proc.worker.terminate()
      this.prewarm()
    }
    proc.detach?.()
    const vfs = this.vfs
    for (const fd of proc.fds) {
      try {
        vfs?.close(fd)
      } catch {
        // already closed
      }
    }
    proc.fds.clear()
    for (const watcher of proc.watchers.values()) watcher.close()
    proc.watchers.clear()
    for (const [port, owner] of [...this.ports]) if (owner === proc) this.unlisten(proc, port)
    for (const [id, waiter] of [...this.httpWaiters]) {
      if (waiter.server !== proc) continue
      this.httpWaiters.delete(id)
      waiter.fail(
        Object.assign(new TypeError('ECONNRESET: The socket connection was closed unexpectedly.'), {
          code: 'ECONNRESET',
          errno: 0,
        }),
      )
    }
    const [stdin, stdout, stderr] = proc.stdio
    stdout.closeWriter()
    stderr.closeWriter()
    if (proc.ownsStdin) stdin.closeReader()
    for (const pipe of proc.childStdin.values()) pipe.closeWriter()
    proc.childStdin.clear()
    proc.onExit(Number.isInteger(code) ? code & 0xff : 1, signal)
  }

  /** Sends a signal: its default action ends the process with 128 + the signal's number. */
  private kill(pid: number, signal: SignalName): void {
    const proc = this.processes.get(pid)
    if (!proc) return
    // Inline processes cannot be stopped from outside: their signal aborts and their link is cut.
    if (proc.worker === null) proc.send({ type: 'signal', signal })
    this.exit(proc, 128 + SIGNAL_NUMBERS[signal], signal)
  }

  /** Signals a process and its descendants, as a terminal signals its foreground process group. */
  private killTree(pid: number, signal: SignalName): void {
    const proc = this.processes.get(pid)
    if (!proc) return
    for (const child of [...proc.children]) this.killTree(child, signal)
    this.kill(pid, signal)
  }

  private resize(pid: number, size: TtySize): void {
    const tty = this.processes.get(pid)?.tty
    if (!tty) return
    tty.cols = size.cols
    tty.rows = size.rows
    for (const proc of this.processes.values()) if (proc.tty === tty) proc.send({ type: 'resize', size: { ...size } })
  }
}

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/** Writes a flat map of files below `dir`, creating parent directories. */

function writeFiles(vfs: Vfs, dir: string, files: FileMap): void {
  for (const [name, content] of Object.entries(files)) {
    const path = posixPath.resolve(dir, name)
    vfs.mkdir(posixPath.dirname(path), { recursive: true })
    vfs.writeFile(path, content)
  }
}

/** A terminal's output translation (ONLCR): `\n` becomes `\r\n`. */
function onlcr(chunk: Uint8Array | null): Uint8Array | null {
  if (chunk === null || !chunk.includes(0x0a)) return chunk
  let count = 0
  for (const byte of chunk) if (byte === 0x0a) count++
  const out = new Uint8Array(chunk.length + count)
  let at = 0
  for (const byte of chunk) {
    if (byte === 0x0a) out[at++] = 0x0d
    out[at++] = byte
  }
  return out
}

/** Resolves after the event loop has run other tasks (no timer clamping). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel()
    port1.onmessage = () => {
      port1.close()
      port2.close()
      resolve()
    }
    port2.postMessage(null)
  })
}

/** The buffer to transfer with `bytes` (fresh results of readFile and exportSnapshot) when they span all of it. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer[] {
  const buffer = bytes.buffer
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? [buffer]
    : []
}
