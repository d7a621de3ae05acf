/**
 * The `process` object of one Bun process, as Bun 1.4 presents it on Linux
 * (Bun reports Node 26.3.0 compatibility). Its state — working directory,
 * environment, exit code — is this process's own; the outside world is the
 * {@link RuntimeHost}.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import { EventEmitter } from 'events'
import type { RuntimeHost } from './host.js'
import type { EventLoop, TimerFunctions } from './timers.js'

/** The Bun release whose behaviour this runtime matches (`Bun.version`). */
export const BUN_VERSION = '1.4.5'
/** The Node.js version Bun 1.4.5 reports. */
export const NODE_VERSION = '26.3.0'
/** Where `bun` lives inside a container (`process.execPath`, `Bun.which('bun')`). */
export const BUN_EXEC_PATH = '/usr/local/bin/bun'

const UTF8 = new TextEncoder()
const START = performance.now()

/** Thrown by `process.exit()` inside an inline process to unwind to the runtime (never caught by user code's intent). */
export class ProcessExit {
  constructor(readonly code: number) {}
}

/** What the process object needs from the runtime. */
export interface ProcessDeps {
  host: RuntimeHost
  loop: EventLoop
  timers: TimerFunctions
  /** `process.argv` (execPath, script, args…). */
  argv: string[]
  /** Runs the exit sequence (`exit` event, then the host's exit). */
  exit(code: number): never
}

/** A writable standard stream (stdout/stderr) off a terminal: write, end, isTTY (see {@link StdioTTYWriteStream}). */
export class StdioWriteStream extends EventEmitter {
  readonly fd: 1 | 2
  readonly writable = true
  readonly _isStdio = true
  protected readonly target: RuntimeHost['stdout']
  bytesWritten = 0
  constructor(fd: 1 | 2, target: RuntimeHost['stdout']) {
    super()
    this.fd = fd
    this.target = target
  }
  /** `true` on a terminal, else `undefined` (not `false`), as in Bun and Node. */
  get isTTY(): true | undefined {
    return this.target.isTTY ? true : undefined
  }
  write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const cb = typeof encoding === 'function' ? encoding : callback
    let bytes: Uint8Array
    if (typeof chunk === 'string') bytes = UTF8.encode(chunk)
    else if (chunk instanceof Uint8Array) bytes = chunk
    else if (ArrayBuffer.isView(chunk)) bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    else
      throw Object.assign(
        new TypeError(
          `The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${chunk === null ? 'null' : typeof chunk}`,
        ),
        { code: 'ERR_INVALID_ARG_TYPE' },
      )
    this.target.write(bytes)
    this.bytesWritten += bytes.length
    if (typeof cb === 'function') queueMicrotask(() => (cb as (e?: Error | null) => void)(null))
    return true
  }
  end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
    if (typeof chunk === 'function') (chunk as () => void)()
    else {
      if (chunk !== undefined && chunk !== null) this.write(chunk, encoding)
      const cb = typeof encoding === 'function' ? encoding : callback
      if (typeof cb === 'function') queueMicrotask(() => (cb as () => void)())
    }
    return this
  }
  cork(): void {}
  uncork(): void {}
  setDefaultEncoding(): this {
    return this
  }
  get writableLength(): number {
    return 0
  }
  get writableHighWaterMark(): number {
    return 16384
  }
  get writableNeedDrain(): boolean {
    return false
  }
  get writableEnded(): boolean {
    return false
  }
  get writableFinished(): boolean {
    return false
  }
  get destroyed(): boolean {
    return false
  }
  destroy(): this {
    return this
  }
}

/**
 * stdout/stderr on a terminal: Node's `tty.WriteStream` surface on top (size,
 * colours, cursor control). Off a terminal these are absent, as in Bun.
 */
export class StdioTTYWriteStream extends StdioWriteStream {
  get columns(): number {
    return this.target.size?.cols ?? 80
  }
  get rows(): number {
    return this.target.size?.rows ?? 24
  }
  getWindowSize(): [number, number] {
    return [this.columns, this.rows]
  }
  hasColors(count = 16): boolean {
    return count <= 2 ** 24
  }
  getColorDepth(): number {
    return 24
  }
  clearLine(dir = 0, callback?: () => void): boolean {
    this.write(dir < 0 ? '\x1b[1K' : dir > 0 ? '\x1b[0K' : '\x1b[2K', callback)
    return true
  }
  cursorTo(x: number, y?: number | (() => void), callback?: () => void): boolean {
    const cb = typeof y === 'function' ? y : callback
    this.write(typeof y === 'number' ? `\x1b[${y + 1};${x + 1}H` : `\x1b[${x + 1}G`, cb)
    return true
  }
  moveCursor(dx: number, dy: number, callback?: () => void): boolean {
    let out = ''
    if (dx < 0) out += `\x1b[${-dx}D`
    else if (dx > 0) out += `\x1b[${dx}C`
    if (dy < 0) out += `\x1b[${-dy}A`
    else if (dy > 0) out += `\x1b[${dy}B`
    this.write(out, callback)
    return true
  }
  clearScreenDown(callback?: () => void): boolean {
    this.write('\x1b[0J', callback)
    return true
  }
}

/** The stream for `fd`: a terminal's when `target` is one. */
export function stdioWriteStream(fd: 1 | 2, target: RuntimeHost['stdout']): StdioWriteStream {
  return target.isTTY ? new StdioTTYWriteStream(fd, target) : new StdioWriteStream(fd, target)
}

/** The standard input as a readable stream: reading starts when someone listens, and holds the process open. */
export class StdinStream extends EventEmitter {
  readonly fd = 0
  private flowing = false
  private reading = false
  private ended = false
  private encoding: string | null = null
  private release: (() => void) | null = null
  private buffered: Uint8Array[] = []
  isRaw = false
  constructor(
    private readonly host: RuntimeHost,
    private readonly loop: EventLoop,
  ) {
    super()
    this.on('newListener', (event: string) => {
      if (event === 'data') queueMicrotask(() => this.resume())
      if (event === 'readable' || event === 'end') queueMicrotask(() => this.pump())
    })
  }
  /** `true` on a terminal, else `undefined` (not `false`), as in Bun and Node. */
  get isTTY(): true | undefined {
    return this.host.stdin.isTTY ? true : undefined
  }
  get readableEnded(): boolean {
    return this.ended
  }
  setEncoding(encoding: string): this {
    this.encoding = encoding
    return this
  }
  setRawMode(mode: boolean): this {
    this.isRaw = mode
    return this
  }
  resume(): this {
    this.flowing = true
    for (const chunk of this.buffered.splice(0)) this.emitChunk(chunk)
    this.pump()
    return this
  }
  pause(): this {
    this.flowing = false
    return this
  }
  isPaused(): boolean {
    return !this.flowing
  }
  ref(): this {
    return this
  }
  unref(): this {
    this.release?.()
    this.release = null
    return this
  }
  read(): unknown {
    const chunk = this.buffered.shift()
    if (chunk === undefined) {
      this.pump()
      return null
    }
    return this.convert(chunk)
  }
  private convert(chunk: Uint8Array): unknown {
    const NodeBuffer = (globalThis as { Buffer?: { from(b: Uint8Array): Uint8Array } }).Buffer
    const buffer = NodeBuffer ? NodeBuffer.from(chunk) : chunk
    return this.encoding ? new TextDecoder().decode(chunk) : buffer
  }
  private emitChunk(chunk: Uint8Array): void {
    this.emit('data', this.convert(chunk))
  }
  private pump(): void {
    if (this.reading || this.ended) return
    this.reading = true
    this.release ??= this.loop.ref()
    this.host.stdin.read().then(
      (chunk) => {
        this.reading = false
        if (chunk === null) {
          this.ended = true
          this.release?.()
          this.release = null
          this.emit('end')
          this.emit('close')
          return
        }
        if (this.flowing) this.emitChunk(chunk)
        else {
          this.buffered.push(chunk)
          this.emit('readable')
        }
        if (this.flowing || this.listenerCount('readable') > 0) this.pump()
        else {
          this.release?.()
          this.release = null
        }
      },
      (error: unknown) => {
        this.reading = false
        this.release?.()
        this.release = null
        this.emit('error', error)
      },
    )
  }
  pipe<T extends { write(chunk: unknown): unknown; end?(): unknown }>(destination: T): T {
    this.on('data', (chunk) => destination.write(chunk))
    this.on('end', () => destination.end?.())
    return destination
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<unknown> {
    for (;;) {
      const chunk = await this.host.stdin.read()
      if (chunk === null) return
      yield this.convert(chunk)
    }
  }
}

/** The `process` object: an EventEmitter with Node's fields (typed loosely: its surface is Node's). */
export type NodeProcess = EventEmitter &
  Record<string, unknown> & { env: Record<string, string>; exitCode: number | undefined }

/** Builds `process` for one Bun process. */
export function createProcess(deps: ProcessDeps): NodeProcess {
  const { host } = deps
  const emitter = new EventEmitter() as EventEmitter & Record<string, unknown>
  let cwd = host.cwd
  let exitCode: number | undefined
  let umask = 0o022

  const env = createEnv(host.env)

  const hrtime = (previous?: [number, number]): [number, number] => {
    const now = performance.now() * 1e6
    let seconds = Math.floor(now / 1e9)
    let nanos = Math.floor(now % 1e9)
    if (previous) {
      seconds -= previous[0]
      nanos -= previous[1]
      if (nanos < 0) {
        seconds--
        nanos += 1e9
      }
    }
    return [seconds, nanos]
  }
  hrtime.bigint = () => BigInt(Math.floor(performance.now() * 1e6))

  const stdout = stdioWriteStream(1, host.stdout)
  const stderr = stdioWriteStream(2, host.stderr)
  let stdin: StdinStream | null = null

  const properties: Record<string, unknown> = {
    title: BUN_EXEC_PATH,

    version: `v${NODE_VERSION}`,
    versions: {
      node: NODE_VERSION,
      bun: BUN_VERSION,
      v8: '14.6.202.34-node.20',
      uv: '1.48.0',
      modules: '147',
      napi: '10',
      unicode: '17.0',
      sqlite: '3.54.1',
    },
    arch: 'x64',
    platform: 'linux',
    release: { name: 'node', lts: false, sourceUrl: '', headersUrl: '' },
    pid: host.pid,
    ppid: host.ppid,
    execPath: BUN_EXEC_PATH,
    argv0: BUN_EXEC_PATH,
    execArgv: [],
    argv: deps.argv,
    env,
    config: { target_defaults: {}, variables: {} },
    features: {
      inspector: false,
      debug: false,
      uv: true,
      ipv6: true,
      tls_alpn: true,
      tls_sni: true,
      tls_ocsp: true,
      tls: true,
      cached_builtins: true,
      typescript: 'transform',
    },
    isBun: true,
    browser: false,
    revision: '',
    debugPort: 6499,
    noDeprecation: false,
    throwDeprecation: false,
    traceDeprecation: false,
    sourceMapsEnabled: true,
    allowedNodeEnvironmentFlags: new Set<string>(),
    stdout,
    stderr,
    nextTick: deps.timers.nextTick,
    hrtime,
    cwd: () => cwd,
    chdir: (directory: unknown) => {
      if (typeof directory !== 'string')
        throw Object.assign(
          new TypeError(`The "directory" argument must be of type string. Received ${describe(directory)}`),
          { code: 'ERR_INVALID_ARG_TYPE' },
        )
      const target = posixPath.resolve(cwd, directory)
      let isDir: boolean
      try {
        isDir = host.fs.stat(target).isDirectory()
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'ENOENT'
        throw Object.assign(
          new Error(
            `${code}: ${code === 'ENOENT' ? 'no such file or directory' : 'cannot change directory'}, chdir '${cwd}' -> '${directory}'`,
          ),
          { code, errno: code === 'ENOENT' ? -2 : -1, syscall: 'chdir', path: cwd, dest: directory },
        )
      }
      if (!isDir)
        throw Object.assign(new Error(`ENOTDIR: not a directory, chdir '${cwd}' -> '${directory}'`), {
          code: 'ENOTDIR',
          errno: -20,
          syscall: 'chdir',
          path: cwd,
          dest: directory,
        })
      cwd = target
      env.PWD = target
    },
    exit: (code?: unknown) => {
      if (code !== undefined && code !== null) setExitCode(code)
      return deps.exit(exitCode ?? 0)
    },
    reallyExit: (code?: number) => host.exit(code ?? 0),
    abort: () => host.exit(134),
    kill: (pid: number, signal: string | number = 'SIGTERM') => {
      if (pid === host.pid) {
        const name = typeof signal === 'number' ? signalName(signal) : signal
        if (emitter.listenerCount(name) > 0) {
          queueMicrotask(() => emitter.emit(name, name))
          return true
        }
        return deps.exit(128 + (SIGNALS[name] ?? 15))
      }
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH', errno: -3, syscall: 'kill' })
    },
    uptime: () => (performance.now() - START) / 1000,
    memoryUsage: Object.assign(
      () => {
        const heap = (performance as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }).memory
        const used = heap?.usedJSHeapSize ?? 0
        return { rss: used, heapTotal: heap?.totalJSHeapSize ?? used, heapUsed: used, external: 0, arrayBuffers: 0 }
      },
      { rss: () => (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0 },
    ),
    cpuUsage: (previous?: { user: number; system: number }) => {
      const user = Math.round((performance.now() - START) * 1000)
      return previous ? { user: user - previous.user, system: 0 } : { user, system: 0 }
    },
    resourceUsage: () => ({ userCPUTime: Math.round((performance.now() - START) * 1000), systemCPUTime: 0, maxRSS: 0 }),
    constrainedMemory: () => 0,
    availableMemory: () => 2 ** 32,
    umask: (mask?: number | string) => {
      const previous = umask
      if (mask !== undefined) umask = typeof mask === 'string' ? Number.parseInt(mask, 8) : mask
      return previous
    },
    getuid: () => 0,
    geteuid: () => 0,
    getgid: () => 0,
    getegid: () => 0,
    getgroups: () => [0],
    emitWarning: (warning: string | Error, type?: string | { type?: string; code?: string }, code?: string) =>
      emitWarning(warning, type, code),
    binding: (name: string) => {
      throw new Error(`No such module: ${name}`)
    },
    dlopen: () => {
      throw new Error('process.dlopen is not supported in Vitamin-Bun: native addons cannot run in a browser')
    },
    getActiveResourcesInfo: () => (deps.loop.refs > 0 ? ['Timeout'] : []),
    setSourceMapsEnabled: () => undefined,
    hasUncaughtExceptionCaptureCallback: () => false,
    setUncaughtExceptionCaptureCallback: () => undefined,
    report: { getReport: () => ({}) },
    openStdin: () => {
      const input = getStdin()
      input.resume()
      return input
    },
  }

  function getStdin(): StdinStream {
    stdin ??= new StdinStream(host, deps.loop)
    return stdin
  }

  function setExitCode(code: unknown): void {
    if (code === undefined || code === null) {
      exitCode = undefined
      return
    }
    const n = typeof code === 'string' && /^\s*-?\d+\s*$/.test(code) ? Number(code) : code
    if (typeof n !== 'number' || !Number.isInteger(n))
      throw Object.assign(new TypeError(`The "code" argument must be of type number. Received ${describe(code)}`), {
        code: 'ERR_INVALID_ARG_TYPE',
      })
    exitCode = n
  }

  const warned = new Set<string>()
  let hinted = false

  function emitWarning(warning: string | Error, type?: string | { type?: string; code?: string }, code?: string): void {
    const options = typeof type === 'object' && type !== null ? type : { type, code }
    const error =
      typeof warning === 'string'
        ? Object.assign(
            new Error(warning),
            { name: options.type ?? 'Warning' },
            options.code ? { code: options.code } : {},
          )
        : warning
    if (error.name === 'DeprecationWarning' && (properties.noDeprecation as boolean)) return
    queueMicrotask(() => {
      if (emitter.listenerCount('warning') > 0) emitter.emit('warning', error)
      const key = `${error.name}:${error.message}`
      if (warned.has(key) && error.name === 'DeprecationWarning') return
      warned.add(key)
      const codeText = (error as { code?: string }).code ? `[${(error as { code?: string }).code}] ` : ''
      // Node's format, as Bun prints it; the hint follows the first warning only.
      const hint = hinted ? '' : '(Use `bun --trace-warnings ...` to show where the warning was created)\n'
      hinted = true
      host.stderr.write(UTF8.encode(`(node:${host.pid}) ${codeText}${error.name}: ${error.message}\n${hint}`))
    })
  }

  for (const [key, value] of Object.entries(properties)) {
    Object.defineProperty(emitter, key, { value, writable: true, enumerable: true, configurable: true })
  }
  Object.defineProperty(emitter, 'exitCode', {
    get: () => exitCode,
    set: setExitCode,
    enumerable: true,
    configurable: true,
  })
  Object.defineProperty(emitter, 'stdin', { get: getStdin, enumerable: true, configurable: true })
  Object.defineProperty(emitter, 'mainModule', { value: undefined, writable: true, configurable: true })
  Object.defineProperty(emitter, Symbol.toStringTag, { value: 'process', configurable: true })
  return emitter as unknown as NodeProcess
}

/** `process.env`: string values only (assignments are converted, as Node does); `delete` works. */
function createEnv(values: Record<string, string>): Record<string, string> {
  return new Proxy(values, {
    set(target, key, value) {
      if (typeof key === 'string') target[key] = String(value)
      return true
    },
    defineProperty(target, key, descriptor) {
      if (typeof key === 'string' && 'value' in descriptor) target[key] = String(descriptor.value)
      return true
    },
  })
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
}

function signalName(n: number): string {
  return Object.keys(SIGNALS).find((k) => SIGNALS[k] === n) ?? 'SIGTERM'
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'object') return `an instance of ${(value as object).constructor?.name ?? 'Object'}`
  if (typeof value === 'string') return `type string ('${value}')`
  return `type ${typeof value} (${String(value)})`
}
