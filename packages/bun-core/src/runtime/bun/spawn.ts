/**
 * Processes from JavaScript: `Bun.spawn`, `Bun.spawnSync`, `Bun.which` and
 * `Bun.$` (Bun's shell as a tagged template), over the container's
 * processes (`RuntimeHost.spawn`). Also the stream plumbing `node:child_process`
 * builds on.
 */

import { posixPath } from '@aspect-build/virtual-fs'
import { Buffer } from 'buffer'
import { runShell } from '../../shell/index.js'
import type { ByteSink, ByteSource } from '../../shell/types.js'
import type { Runtime } from '../runtime.js'

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 }
const SIGNAL_NAMES: Record<number, string> = Object.fromEntries(Object.entries(SIGNALS).map(([k, v]) => [v, k]))

/** A byte queue: what one side writes, the other reads (a pipe inside the process). */
export class ByteQueue implements ByteSource {
  private chunks: Uint8Array[] = []
  private ended = false
  private waiting: ((chunk: Uint8Array | null) => void) | null = null
  push(chunk: Uint8Array): void {
    if (this.ended || chunk.length === 0) return
    if (this.waiting) {
      const resolve = this.waiting
      this.waiting = null
      resolve(chunk)
    } else this.chunks.push(chunk)
  }
  end(): void {
    this.ended = true
    if (this.waiting) {
      const resolve = this.waiting
      this.waiting = null
      resolve(null)
    }
  }
  read(): Promise<Uint8Array | null> {
    const chunk = this.chunks.shift()
    if (chunk) return Promise.resolve(chunk)
    if (this.ended) return Promise.resolve(null)
    return new Promise((resolve) => {
      this.waiting = resolve
    })
  }
}

/** A source that yields `bytes` once. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  let done = false
  return {
    read: async () => {
      if (done || bytes.length === 0) return null
      done = true
      return bytes
    },
  }
}

/** A source at its end from the start. */
export const EMPTY_SOURCE: ByteSource = { read: async () => null }
/** A sink that drops everything. */
export const NULL_SINK: ByteSink = { write: () => undefined }

/** The error of a program that does not exist, as Bun throws it. */
export function notFoundError(command: string): Error {
  return Object.assign(new Error(`Executable not found in $PATH: "${command}"`), {
    code: 'ENOENT',
    errno: -2,
    path: command,
  })
}

type StdioOption = 'pipe' | 'inherit' | 'ignore' | null | undefined | number | unknown

/** What a spawned child's output sink does with a chunk: a ReadableStream's controller, or a file. */
function readableSink(): { sink: ByteSink & { close(): void }; stream: ReadableStream<Uint8Array> } {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let closed = false
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
    },
  })
  return {
    stream,
    sink: {
      write: (chunk) => {
        if (!closed) controller.enqueue(chunk.slice())
      },
      close: () => {
        if (closed) return
        closed = true
        controller.close()
      },
    },
  }
}

/** Bytes of a `stdin` option that is data (string, buffer, Blob, Response …), or null if it is not data. */
async function dataOf(value: unknown): Promise<Uint8Array | null> {
  if (typeof value === 'string') return new TextEncoder().encode(value)
  if (value instanceof Uint8Array) return value
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (typeof Blob !== 'undefined' && value instanceof Blob) return new Uint8Array(await value.arrayBuffer())
  if (typeof Response !== 'undefined' && value instanceof Response) return new Uint8Array(await value.arrayBuffer())
  if (value && typeof value === 'object' && typeof (value as { arrayBuffer?: unknown }).arrayBuffer === 'function')
    return new Uint8Array(await (value as { arrayBuffer(): Promise<ArrayBuffer> }).arrayBuffer())
  return null
}

/** `proc.stdin` for `stdin: 'pipe'`: Bun's FileSink (write, flush, end). */
class FileSink {
  constructor(private readonly queue: ByteQueue) {}
  write(chunk: string | ArrayBufferView | ArrayBuffer): number {
    const bytes =
      typeof chunk === 'string'
        ? new TextEncoder().encode(chunk)
        : chunk instanceof ArrayBuffer
          ? new Uint8Array(chunk)
          : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice()
    this.queue.push(bytes)
    return bytes.length
  }
  flush(): number {
    return 0
  }
  end(): number {
    this.queue.end()
    return 0
  }
  ref(): void {}
  unref(): void {}
}

/** A running child (`Bun.spawn`'s result). */
export class Subprocess {
  pid = 0
  exitCode: number | null = null
  signalCode: string | null = null
  killed = false
  readonly exited: Promise<number>
  readonly stdin: FileSink | undefined
  readonly stdout: ReadableStream<Uint8Array> | undefined
  readonly stderr: ReadableStream<Uint8Array> | undefined
  /** @internal */ _abort: AbortController = new AbortController()
  /** @internal */ _killSignal = 'SIGTERM'
  private release: (() => void) | null
  constructor(
    parts: {
      stdin?: FileSink
      stdout?: ReadableStream<Uint8Array>
      stderr?: ReadableStream<Uint8Array>
      exited: Promise<number>
    },
    release: () => void,
  ) {
    this.stdin = parts.stdin
    this.stdout = parts.stdout
    this.stderr = parts.stderr
    this.exited = parts.exited
    this.release = release
  }
  get readable(): ReadableStream<Uint8Array> | undefined {
    return this.stdout
  }
  kill(signal: string | number = 'SIGTERM'): void {
    if (this.exitCode !== null) return
    this.killed = true
    this._killSignal = typeof signal === 'number' ? (SIGNAL_NAMES[signal] ?? 'SIGTERM') : signal
    this._abort.abort()
  }
  ref(): void {}
  unref(): void {
    this.release?.()
    this.release = null
  }
  /** @internal */
  _finish(code: number): void {
    this.exitCode = code
    if (this.killed && code > 128) {
      this.signalCode = SIGNAL_NAMES[code - 128] ?? null
    }
    this.release?.()
    this.release = null
  }
  resourceUsage(): { maxRSS: number; cpuTime: { user: number; system: number; total: number } } {
    return { maxRSS: 0, cpuTime: { user: 0, system: 0, total: 0 } }
  }
}

interface SpawnOptions {
  cmd?: string[]
  cwd?: string
  env?: Record<string, string | undefined>
  stdin?: StdioOption
  stdout?: StdioOption
  stderr?: StdioOption
  stdio?: StdioOption[]
  onExit?: (proc: Subprocess, exitCode: number | null, signalCode: string | null, error?: Error) => void
  signal?: AbortSignal
  killSignal?: string | number
}

function normaliseArgs(first: unknown, second: unknown): { cmd: string[]; options: SpawnOptions } {
  let cmd: unknown
  let options: SpawnOptions
  if (Array.isArray(first)) {
    cmd = first
    options = (second as SpawnOptions) ?? {}
  } else if (first && typeof first === 'object') {
    options = first as SpawnOptions
    cmd = options.cmd
  } else throw Object.assign(new TypeError('cmd must be an array'), { code: 'ERR_INVALID_ARG_TYPE' })
  if (!Array.isArray(cmd) || cmd.length === 0)
    throw Object.assign(new TypeError('cmd must be an array of strings with at least one item'), {
      code: 'ERR_INVALID_ARG_TYPE',
    })
  return { cmd: cmd.map((part) => String(part)), options }
}

function envOf(runtime: Runtime, env: SpawnOptions['env']): Record<string, string> {
  const source = env ?? runtime.process.env
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(source)) if (v !== undefined) out[k] = String(v)
  return out
}

/** Builds `Bun.spawn`, `Bun.spawnSync`, `Bun.which` and `Bun.$` for a process. */
export function createBunSpawn(runtime: Runtime): Record<string, unknown> {
  const host = runtime.host
  const cwdOf = (cwd: string | undefined) => posixPath.resolve(runtime.node.cwd(), cwd ?? '.')

  const which = (command: unknown, options: { PATH?: string; cwd?: string } = {}) => {
    if (typeof command !== 'string' || command === '') return null
    const path = options.PATH ?? runtime.process.env.PATH ?? ''
    return host.which(command, path, cwdOf(options.cwd))
  }

  const spawn = (first: unknown, second?: unknown): Subprocess => {
    const { cmd, options } = normaliseArgs(first, second)
    const env = envOf(runtime, options.env)
    const cwd = cwdOf(options.cwd)
    const command = cmd[0] as string
    if (host.which(command, env.PATH ?? '', cwd) === null) throw notFoundError(command)
    const [stdinOption, stdoutOption, stderrOption] = options.stdio ?? [options.stdin, options.stdout, options.stderr]

    let stdin: ByteSource = EMPTY_SOURCE
    let stdinSink: FileSink | undefined
    if (stdinOption === 'pipe') {
      const queue = new ByteQueue()
      stdinSink = new FileSink(queue)
      stdin = queue
    } else if (stdinOption === 'inherit' || stdinOption === 0) stdin = host.stdin
    else if (stdinOption !== null && stdinOption !== undefined && stdinOption !== 'ignore') {
      const queue = new ByteQueue()
      void dataOf(stdinOption).then((bytes) => {
        if (bytes === null && stdinOption instanceof ReadableStream) {
          void pumpStream(stdinOption as ReadableStream<Uint8Array>, queue)
          return
        }
        if (bytes) queue.push(bytes)
        queue.end()
      })
      stdin = queue
    }
    const output = (option: StdioOption, fd: 1 | 2, fallback: 'pipe' | 'inherit') => {
      const mode = option === undefined ? fallback : option
      if (mode === 'inherit' || mode === fd)
        return { sink: fd === 1 ? host.stdout : host.stderr, stream: undefined, close: () => undefined }
      if (mode === 'ignore' || mode === null) return { sink: NULL_SINK, stream: undefined, close: () => undefined }
      if (mode === 'pipe') {
        const { sink, stream } = readableSink()
        return { sink, stream, close: () => sink.close() }
      }
      const file = mode as { name?: unknown; writer?: unknown }
      if (file && typeof file === 'object' && typeof file.name === 'string') {
        const chunks: Uint8Array[] = []
        const path = posixPath.resolve(runtime.node.cwd(), file.name)
        return {
          sink: { write: (chunk: Uint8Array) => void chunks.push(chunk.slice()) },
          stream: undefined,
          close: () => host.fs.writeFile(path, Buffer.concat(chunks)),
        }
      }
      throw Object.assign(new TypeError(`Invalid stdio option: ${String(mode)}`), { code: 'ERR_INVALID_ARG_VALUE' })
    }
    const out = output(stdoutOption, 1, 'pipe')
    const err = output(stderrOption, 2, 'inherit')

    let resolveExit!: (code: number) => void
    const exited = new Promise<number>((resolve) => {
      resolveExit = resolve
    })
    const proc = new Subprocess(
      {
        exited,
        ...(stdinSink ? { stdin: stdinSink } : {}),
        ...(out.stream ? { stdout: out.stream } : {}),
        ...(err.stream ? { stderr: err.stream } : {}),
      },
      runtime.loop.ref(),
    )
    if (options.killSignal !== undefined)
      proc._killSignal =
        typeof options.killSignal === 'number' ? (SIGNAL_NAMES[options.killSignal] ?? 'SIGTERM') : options.killSignal
    options.signal?.addEventListener('abort', () => proc.kill(proc._killSignal), { once: true })
    void host
      .spawn({
        argv: cmd,
        cwd,
        env,
        io: { stdin, stdout: out.sink, stderr: err.sink },
        signal: proc._abort.signal,
        get killSignal() {
          return proc._killSignal
        },
        onPid: (pid) => {
          proc.pid = pid
        },
      })
      .then(
        (code) => {
          out.close()
          err.close()
          const exitCode = code ?? 127
          proc._finish(exitCode)
          if (options.onExit)
            runtime.loop.run(options.onExit as (...a: unknown[]) => unknown, undefined, [
              proc,
              exitCode,
              proc.signalCode,
            ])
          resolveExit(exitCode)
        },
        (error: unknown) => {
          out.close()
          err.close()
          proc._finish(1)
          if (options.onExit)
            runtime.loop.run(options.onExit as (...a: unknown[]) => unknown, undefined, [proc, null, null, error])
          resolveExit(1)
        },
      )
    return proc
  }

  const spawnSync = (first: unknown, second?: unknown) => {
    const { cmd, options } = normaliseArgs(first, second)
    const env = envOf(runtime, options.env)
    const cwd = cwdOf(options.cwd)
    if (!host.spawnSync)
      throw new Error(
        'Bun.spawnSync needs to block the thread, which this page cannot do: serve it with "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" (cross-origin isolation), or use Bun.spawn',
      )
    if (host.which(cmd[0] as string, env.PATH ?? '', cwd) === null) throw notFoundError(cmd[0] as string)
    const input = options.stdin
    let stdinBytes: Uint8Array = new Uint8Array(0)
    if (typeof input === 'string') stdinBytes = new TextEncoder().encode(input)
    else if (input instanceof Uint8Array) stdinBytes = input
    else if (ArrayBuffer.isView(input)) stdinBytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
    const result = host.spawnSync({ argv: cmd, cwd, env, stdin: stdinBytes })
    if (result === null) throw notFoundError(cmd[0] as string)
    const stdoutMode = options.stdout ?? 'pipe'
    const stderrMode = options.stderr ?? 'pipe'
    if (stdoutMode === 'inherit') host.stdout.write(result.stdout)
    if (stderrMode === 'inherit') host.stderr.write(result.stderr)
    return {
      exitCode: result.exitCode,
      signalCode: result.exitCode > 128 ? SIGNAL_NAMES[result.exitCode - 128] : undefined,
      success: result.exitCode === 0,
      stdout: stdoutMode === 'pipe' ? Buffer.from(result.stdout) : undefined,
      stderr: stderrMode === 'pipe' ? Buffer.from(result.stderr) : undefined,
      pid: 0,
      resourceUsage: { maxRSS: 0, cpuTime: { user: 0, system: 0, total: 0 } },
    }
  }

  return { spawn, spawnSync, which, $: createShell(runtime) }
}

async function pumpStream(stream: ReadableStream<Uint8Array>, queue: ByteQueue): Promise<void> {
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      queue.push(value)
    }
  } finally {
    queue.end()
  }
}

// ---------------------------------------------------------------- Bun.$

/** Quotes a value as one word of Bun's shell (`$.escape`): double quotes, with `"`, `$`, `` ` `` and `\` escaped. */
export function shellEscape(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_\-./:=@%+,]+$/.test(value)) return value
  return `"${value.replace(/["$`\\]/g, '\\$&')}"`
}

function interpolate(value: unknown): string {
  if (Array.isArray(value)) return value.map(interpolate).join(' ')
  if (value && typeof value === 'object' && 'raw' in value) return String((value as { raw: unknown }).raw)
  if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string' && 'size' in value)
    return shellEscape((value as unknown as { name: string }).name)

  return shellEscape(String(value))
}

/** The result of a finished shell command. */
class ShellOutput {
  constructor(
    readonly stdout: Buffer,
    readonly stderr: Buffer,
    readonly exitCode: number,
  ) {}
  text(encoding: BufferEncoding = 'utf8'): string {
    return this.stdout.toString(encoding)
  }
  json(): unknown {
    return JSON.parse(this.stdout.toString('utf8'))
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.stdout)
  }
  arrayBuffer(): ArrayBuffer {
    return new Uint8Array(this.stdout).buffer
  }
  blob(): Blob {
    return new Blob([new Uint8Array(this.stdout)])
  }
}

/** Thrown for a non-zero exit (unless `.nothrow()`). */
export class ShellError extends Error {
  override name = 'ShellError'
  constructor(
    readonly stdout: Buffer,
    readonly stderr: Buffer,
    readonly exitCode: number,
  ) {
    super(`Failed with exit code ${exitCode}`)
  }
  text(encoding: BufferEncoding = 'utf8'): string {
    return this.stdout.toString(encoding)
  }
  json(): unknown {
    return JSON.parse(this.stdout.toString('utf8'))
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.stdout)
  }
}

interface ShellDefaults {
  cwd: string | null
  env: Record<string, string> | null
  throws: boolean
}

function createShell(runtime: Runtime): unknown {
  const defaults: ShellDefaults = { cwd: null, env: null, throws: true }

  class ShellPromise implements PromiseLike<ShellOutput> {
    private quietMode = false
    private throwsMode = defaults.throws
    private cwdValue = defaults.cwd
    private envValue = defaults.env
    private started: Promise<ShellOutput> | null = null
    constructor(private readonly script: string) {
      // Runs even if never awaited, as Bun's does (after the chained options of this turn).
      queueMicrotask(() => void this.run().catch(() => undefined))
    }
    quiet(): this {
      this.quietMode = true
      return this
    }
    nothrow(): this {
      this.throwsMode = false
      return this
    }
    throws(value = true): this {
      this.throwsMode = value
      return this
    }
    cwd(dir: string): this {
      this.cwdValue = dir
      return this
    }
    env(env: Record<string, string | undefined>): this {
      const out: Record<string, string> = {}
      for (const [k, v] of Object.entries(env ?? {})) if (v !== undefined) out[k] = String(v)
      this.envValue = out
      return this
    }
    private run(): Promise<ShellOutput> {
      this.started ??= this.execute()
      return this.started
    }
    private async execute(): Promise<ShellOutput> {
      const out: Uint8Array[] = []
      const err: Uint8Array[] = []
      const host = runtime.host
      const tee = (chunks: Uint8Array[], target: ByteSink): ByteSink => ({
        write: (chunk) => {
          chunks.push(chunk.slice())
          if (!this.quietMode) return target.write(chunk)
        },
      })
      const release = runtime.loop.ref()
      try {
        const result = await runShell(this.script, {
          fs: host.fs,
          cwd: posixPath.resolve(runtime.node.cwd(), this.cwdValue ?? '.'),
          env: this.envValue ?? envOf(runtime, undefined),
          io: { stdin: EMPTY_SOURCE, stdout: tee(out, host.stdout), stderr: tee(err, host.stderr) },
          spawn: (request) => host.spawn(request),
          signal: host.signal,
        })
        const output = new ShellOutput(Buffer.concat(out), Buffer.concat(err), result.exitCode)
        if (result.exitCode !== 0 && this.throwsMode)
          throw new ShellError(output.stdout, output.stderr, result.exitCode)
        return output
      } finally {
        release()
      }
    }
    // biome-ignore lint/suspicious/noThenProperty: a shell command is awaited like a promise, as in Bun.
    then<A = ShellOutput, B = never>(
      onFulfilled?: ((value: ShellOutput) => A | PromiseLike<A>) | null,
      onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
    ): Promise<A | B> {
      return this.run().then(onFulfilled, onRejected)
    }
    catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<ShellOutput | B> {
      return this.run().catch(onRejected)
    }
    finally(onFinally?: (() => void) | null): Promise<ShellOutput> {
      return this.run().finally(onFinally)
    }
    async text(encoding: BufferEncoding = 'utf8'): Promise<string> {
      this.quietMode = true
      return (await this.run()).text(encoding)
    }
    async json(): Promise<unknown> {
      this.quietMode = true
      return (await this.run()).json()
    }
    async bytes(): Promise<Uint8Array> {
      this.quietMode = true
      return (await this.run()).bytes()
    }
    async arrayBuffer(): Promise<ArrayBuffer> {
      this.quietMode = true
      return (await this.run()).arrayBuffer()
    }
    async blob(): Promise<Blob> {
      this.quietMode = true
      return (await this.run()).blob()
    }
    async *lines(): AsyncGenerator<string> {
      this.quietMode = true
      const text = (await this.run()).text()
      yield* text.split('\n')
    }
    get [Symbol.toStringTag](): string {
      return 'ShellPromise'
    }
  }

  const $ = (strings: TemplateStringsArray | string, ...values: unknown[]) => {
    let script: string
    if (typeof strings === 'string') script = strings
    else {
      script = strings.raw[0] ?? ''
      for (let i = 0; i < values.length; i++) script += interpolate(values[i]) + (strings.raw[i + 1] ?? '')
    }
    return new ShellPromise(script)
  }
  return Object.assign($, {
    escape: (text: string) => shellEscape(String(text)),
    cwd: (dir?: string) => {
      defaults.cwd = dir ?? null
      return $
    },
    env: (env?: Record<string, string>) => {
      defaults.env = env ?? null
      return $
    },
    nothrow: () => {
      defaults.throws = false
      return $
    },
    throws: (value = true) => {
      defaults.throws = value
      return $
    },
    ShellError,
    ShellPromise,
  })
}
