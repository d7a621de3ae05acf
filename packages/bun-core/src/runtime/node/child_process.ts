/**
 * `node:child_process` over the container's processes: `spawn`, `exec`,
 * `execFile` and their `*Sync` forms (which block the worker: they need
 * cross-origin isolation, like `Bun.spawnSync`). `shell: true` runs the
 * command with the container's `sh` (Bun's shell). `fork` is left out: it
 * exists for an IPC channel, which the container's processes do not have.
 */

import { posixPath } from '@aspect-build/virtual-fs'
import { Buffer } from 'buffer'
import { EventEmitter } from 'events'
import type { ByteSink, ByteSource } from '../../shell/types.js'
import { ByteQueue, EMPTY_SOURCE, NULL_SINK } from '../bun/spawn.js'
import type { Runtime } from '../runtime.js'
import { Readable, Writable } from './stream.js'

type Stdio = 'pipe' | 'inherit' | 'ignore' | 'overlapped' | null | undefined | number

interface SpawnOptions {
  cwd?: string | URL
  env?: Record<string, string | undefined>
  stdio?: Stdio | Stdio[]
  shell?: boolean | string
  signal?: AbortSignal
  timeout?: number
  killSignal?: string | number
  encoding?: BufferEncoding | 'buffer' | null
  input?: string | ArrayBufferView
  maxBuffer?: number
  argv0?: string
  detached?: boolean
  windowsHide?: boolean
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 }
const SIGNAL_NAMES: Record<number, string> = Object.fromEntries(Object.entries(SIGNALS).map(([k, v]) => [v, k]))

function invalidArg(name: string, expected: string, value: unknown): TypeError {
  const received =
    value === null || value === undefined
      ? String(value)
      : typeof value === 'object'
        ? `an instance of ${(value as object).constructor?.name ?? 'Object'}`
        : `type ${typeof value} (${JSON.stringify(value)})`
  return Object.assign(new TypeError(`The "${name}" argument must be of type ${expected}. Received ${received}`), {
    code: 'ERR_INVALID_ARG_TYPE',
  })
}

function stdioTriple(stdio: SpawnOptions['stdio']): [Stdio, Stdio, Stdio] {
  if (Array.isArray(stdio)) return [stdio[0] ?? 'pipe', stdio[1] ?? 'pipe', stdio[2] ?? 'pipe']
  const mode = stdio ?? 'pipe'
  return [mode, mode, mode]
}

/** The command line to run: with `shell`, `sh -c '<command and args>'`. */
function commandLine(file: string, args: readonly string[], shell: SpawnOptions['shell']): string[] {
  if (!shell) return [file, ...args]
  const line = [file, ...args].join(' ')
  return [typeof shell === 'string' ? shell : '/bin/sh', '-c', line]
}

/** A child process (Node's `ChildProcess`). */
export class ChildProcess extends EventEmitter {
  pid: number | undefined = undefined
  exitCode: number | null = null
  signalCode: string | null = null
  killed = false
  connected = false
  stdin: InstanceType<typeof Writable> | null = null
  stdout: InstanceType<typeof Readable> | null = null
  stderr: InstanceType<typeof Readable> | null = null
  stdio: Array<unknown> = [null, null, null]
  spawnfile = ''
  spawnargs: string[] = []
  /** @internal */ _abort: AbortController = new AbortController()
  /** @internal */ _killSignal = 'SIGTERM'
  /** @internal */ _release: (() => void) | null = null
  kill(signal: string | number = 'SIGTERM'): boolean {
    if (this.exitCode !== null || this.signalCode !== null) return false
    this._killSignal = typeof signal === 'number' ? (SIGNAL_NAMES[signal] ?? 'SIGTERM') : signal
    this.killed = true
    this._abort.abort()
    return true
  }
  ref(): this {
    return this
  }
  unref(): this {
    this._release?.()
    this._release = null
    return this
  }
  disconnect(): void {}
  send(): boolean {
    throw Object.assign(new Error('Channel closed'), { code: 'ERR_IPC_CHANNEL_CLOSED' })
  }
  [Symbol.dispose](): void {
    this.kill()
  }
}

/** Builds `node:child_process` for a process. */
export function createChildProcess(runtime: Runtime): object {
  const host = runtime.host
  const env = (options: SpawnOptions) => {
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(options.env ?? runtime.process.env)) if (v !== undefined) out[k] = String(v)
    return out
  }
  const cwdOf = (options: SpawnOptions) => {
    const cwd = options.cwd instanceof URL ? decodeURIComponent(options.cwd.pathname) : options.cwd
    return posixPath.resolve(runtime.node.cwd(), cwd ?? '.')
  }

  function spawn(file: unknown, argsOrOptions?: unknown, maybeOptions?: unknown): ChildProcess {
    if (typeof file !== 'string') throw invalidArg('file', 'string', file)
    if (file === '')
      throw Object.assign(new TypeError("The argument 'file' cannot be empty. Received ''"), {
        code: 'ERR_INVALID_ARG_VALUE',
      })
    const args = Array.isArray(argsOrOptions) ? (argsOrOptions as unknown[]).map(String) : []
    const options = ((Array.isArray(argsOrOptions) ? maybeOptions : argsOrOptions) ?? {}) as SpawnOptions
    const argv = commandLine(file, args, options.shell)
    const child = new ChildProcess()
    child.spawnfile = argv[0] as string
    child.spawnargs = argv
    const [inMode, outMode, errMode] = stdioTriple(options.stdio)

    let stdin: ByteSource = EMPTY_SOURCE
    if (inMode === 'pipe' || inMode === 'overlapped' || inMode === undefined || inMode === null) {
      const queue = new ByteQueue()
      stdin = queue
      child.stdin = new Writable({
        write(chunk: Uint8Array, _encoding: string, callback: () => void) {
          queue.push(new Uint8Array(chunk))
          callback()
        },
        final(callback: () => void) {
          queue.end()
          callback()
        },
      })
    } else if (inMode === 'inherit' || inMode === 0) stdin = host.stdin

    const readable = (mode: Stdio, fd: 1 | 2): { sink: ByteSink; stream: InstanceType<typeof Readable> | null } => {
      if (mode === 'inherit' || mode === fd) return { sink: fd === 1 ? host.stdout : host.stderr, stream: null }
      if (mode === 'ignore') return { sink: NULL_SINK, stream: null }
      const stream = new Readable({ read() {} })
      return { sink: { write: (chunk) => void stream.push(Buffer.from(chunk)) }, stream }
    }
    const out = readable(outMode, 1)
    const err = readable(errMode, 2)
    child.stdout = out.stream
    child.stderr = err.stream
    child.stdio = [child.stdin, child.stdout, child.stderr]
    if (options.killSignal !== undefined)
      child._killSignal =
        typeof options.killSignal === 'number' ? (SIGNAL_NAMES[options.killSignal] ?? 'SIGTERM') : options.killSignal
    options.signal?.addEventListener(
      'abort',
      () => {
        child.kill(child._killSignal)
        child.emit(
          'error',
          Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }),
        )
      },
      { once: true },
    )
    let timer: ReturnType<Runtime['timers']['setTimeout']> | null = null

    if (options.timeout && options.timeout > 0)
      timer = runtime.timers.setTimeout(() => child.kill(child._killSignal), options.timeout)
    child._release = runtime.loop.ref()
    const finish = (code: number | null, signal: string | null) => {
      if (timer) runtime.timers.clearTimeout(timer)
      child.exitCode = code
      child.signalCode = signal
      out.stream?.push(null)
      err.stream?.push(null)
      child.emit('exit', code, signal)
      const close = () => child.emit('close', code, signal)
      const pending = [out.stream, err.stream].filter((s) => s !== null && !s.destroyed)
      if (pending.length === 0) runtime.timers.nextTick(close)
      else {
        let left = pending.length
        for (const stream of pending) {
          stream?.once('close', () => {
            if (--left === 0) close()
          })
          // A stream nobody reads would never end: it is drained (its data dropped), as Node's are.
          if (stream && stream.listenerCount('data') === 0 && stream.listenerCount('readable') === 0) stream.resume()
        }
      }

      child._release?.()
      child._release = null
    }
    void host
      .spawn({
        argv,
        cwd: cwdOf(options),
        env: env(options),
        io: { stdin, stdout: out.sink, stderr: err.sink },
        signal: child._abort.signal,
        get killSignal() {
          return child._killSignal
        },
        onPid: (pid) => {
          child.pid = pid
          child.emit('spawn')
        },
      })
      .then(
        (code) => {
          if (code === null) {
            const error = Object.assign(new Error(`Executable not found in $PATH: "${argv[0]}"`), {
              errno: -2,
              code: 'ENOENT',
              syscall: `spawn ${file}`,
              path: file,
              spawnargs: args,
            })
            child._release?.()
            child._release = null
            out.stream?.push(null)
            err.stream?.push(null)
            child.emit('error', error)
            child.emit('close', -2, null)
            return
          }
          if (child.killed && code > 128) finish(null, SIGNAL_NAMES[code - 128] ?? child._killSignal)
          else finish(code, null)
        },
        (error: unknown) => {
          child.emit('error', error)
          finish(1, null)
        },
      )
    return child
  }

  function collect(
    child: ChildProcess,
    options: SpawnOptions,
    command: string,
    callback?: (...args: unknown[]) => void,
  ) {
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk))
    const encoding = options.encoding === undefined ? 'utf8' : options.encoding
    const decode = (chunks: Buffer[]) =>
      encoding === 'buffer' || encoding === null ? Buffer.concat(chunks) : Buffer.concat(chunks).toString(encoding)
    let done = false
    child.on('error', (error: Error) => {
      if (done) return
      done = true
      callback?.(error, decode(out), decode(err))
    })
    child.on('close', (code: number | null, signal: string | null) => {
      if (done) return
      done = true
      const stdout = decode(out)
      const stderr = decode(err)
      if (code === 0 && signal === null) callback?.(null, stdout, stderr)
      else {
        const error = Object.assign(new Error(`Command failed: ${command}\n${stderr.toString()}`), {
          code,
          killed: child.killed,
          signal,
          cmd: command,
          stdout,
          stderr,
        })
        callback?.(error, stdout, stderr)
      }
    })
  }

  function exec(command: unknown, optionsOrCallback?: unknown, maybeCallback?: unknown): ChildProcess {
    if (typeof command !== 'string') throw invalidArg('command', 'string', command)
    const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback) as
      | ((...a: unknown[]) => void)
      | undefined
    const options = (
      typeof optionsOrCallback === 'object' && optionsOrCallback ? optionsOrCallback : {}
    ) as SpawnOptions
    const child = spawn(command, { ...options, shell: options.shell ?? true, stdio: 'pipe' })
    collect(child, options, command, callback)
    return child
  }

  function execFile(file: unknown, ...rest: unknown[]): ChildProcess {
    if (typeof file !== 'string') throw invalidArg('file', 'string', file)
    const args = Array.isArray(rest[0]) ? (rest.shift() as string[]) : []
    const callback = (typeof rest[rest.length - 1] === 'function' ? rest.pop() : undefined) as
      | ((...a: unknown[]) => void)
      | undefined
    const options = (rest[0] ?? {}) as SpawnOptions
    const child = spawn(file, args, { ...options, stdio: 'pipe' })
    collect(child, options, [file, ...args].join(' '), callback)
    return child
  }

  function spawnSync(file: unknown, argsOrOptions?: unknown, maybeOptions?: unknown) {
    if (typeof file !== 'string') throw invalidArg('file', 'string', file)
    const args = Array.isArray(argsOrOptions) ? (argsOrOptions as unknown[]).map(String) : []
    const options = ((Array.isArray(argsOrOptions) ? maybeOptions : argsOrOptions) ?? {}) as SpawnOptions
    if (!host.spawnSync)
      throw new Error(
        'child_process.spawnSync needs to block the thread, which this page cannot do: serve it with "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" (cross-origin isolation)',
      )
    const argv = commandLine(file, args, options.shell)
    const input = options.input
    const stdin =
      typeof input === 'string'
        ? new TextEncoder().encode(input)
        : input
          ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
          : new Uint8Array(0)
    const result = host.spawnSync({ argv, cwd: cwdOf(options), env: env(options), stdin })
    const [, outMode, errMode] = stdioTriple(options.stdio)
    const encoding = options.encoding
    const wrap = (bytes: Uint8Array) => {
      const buffer = Buffer.from(bytes)
      return encoding && encoding !== 'buffer' ? buffer.toString(encoding) : buffer
    }
    if (result === null) {
      const error = Object.assign(new Error(`spawnSync ${file} ENOENT`), {
        errno: -2,
        code: 'ENOENT',
        syscall: `spawnSync ${file}`,
        path: file,
        spawnargs: args,
      })
      return { error, status: null, signal: null, output: null, pid: 0, stdout: null, stderr: null }
    }
    if (outMode === 'inherit') host.stdout.write(result.stdout)
    if (errMode === 'inherit') host.stderr.write(result.stderr)
    const signal =
      result.exitCode > 128 && SIGNAL_NAMES[result.exitCode - 128] ? SIGNAL_NAMES[result.exitCode - 128] : null
    const stdout = outMode === 'pipe' || outMode === undefined ? wrap(result.stdout) : null
    const stderr = errMode === 'pipe' || errMode === undefined ? wrap(result.stderr) : null
    return { pid: 0, output: [null, stdout, stderr], stdout, stderr, status: signal ? null : result.exitCode, signal }
  }

  function checkSync(result: ReturnType<typeof spawnSync>, command: string) {
    if (result.error) throw result.error
    if (result.status !== 0) {
      const stderr = result.stderr ?? ''
      throw Object.assign(new Error(`Command failed: ${command}${stderr.length ? `\n${stderr.toString()}` : ''}`), {
        status: result.status,
        signal: result.signal,
        output: result.output,
        pid: result.pid,
        stdout: result.stdout,
        stderr: result.stderr,
      })
    }
    return result.stdout
  }

  function execSync(command: unknown, options: SpawnOptions = {}) {
    if (typeof command !== 'string') throw invalidArg('command', 'string', command)
    const result = spawnSync(command, {
      ...options,
      shell: options.shell ?? true,
      stdio: options.stdio ?? ['pipe', 'pipe', 'inherit'],
    })
    return checkSync(result, command)
  }

  function execFileSync(file: unknown, argsOrOptions?: unknown, maybeOptions?: unknown) {
    if (typeof file !== 'string') throw invalidArg('file', 'string', file)
    const args = Array.isArray(argsOrOptions) ? (argsOrOptions as string[]) : []
    const options = ((Array.isArray(argsOrOptions) ? maybeOptions : argsOrOptions) ?? {}) as SpawnOptions
    const result = spawnSync(file, args, { ...options, stdio: options.stdio ?? ['pipe', 'pipe', 'inherit'] })
    return checkSync(result, [file, ...args].join(' '))
  }

  const promisifyCustom = Symbol.for('nodejs.util.promisify.custom')
  const execPromise = (command: string, options?: SpawnOptions) =>
    new Promise((resolve, reject) =>
      exec(command, options, (error: unknown, stdout: unknown, stderr: unknown) =>
        error ? reject(Object.assign(error as object, { stdout, stderr })) : resolve({ stdout, stderr }),
      ),
    )
  const execFilePromise = (file: string, args?: string[], options?: SpawnOptions) =>
    new Promise((resolve, reject) =>
      execFile(file, args ?? [], options ?? {}, (error: unknown, stdout: unknown, stderr: unknown) =>
        error ? reject(Object.assign(error as object, { stdout, stderr })) : resolve({ stdout, stderr }),
      ),
    )
  Object.defineProperty(exec, promisifyCustom, { value: execPromise })
  Object.defineProperty(execFile, promisifyCustom, { value: execFilePromise })

  return {
    ChildProcess,
    spawn,
    exec,
    execFile,
    spawnSync,
    execSync,
    execFileSync,
    fork: () => {
      throw Object.assign(
        new Error('child_process.fork() needs an IPC channel, which Vitamin-Bun processes do not have; use spawn()'),
        { code: 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM' },
      )
    },
    _forkChild: () => undefined,
  }
}
