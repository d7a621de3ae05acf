/**
 * The per-process state shared by `node:fs`, `node:fs/promises` and
 * `Bun.file`: path resolution against `ctx.cwd()`, error re-spelling, the
 * descriptor table (0/1/2 are the host's stdio, `/dev/stdin`, `/dev/stdout`,
 * `/dev/stderr` and `/dev/null` are devices; other descriptors are the
 * kernel's), buffered stdin, and how asynchronous forms are scheduled.
 *
 * One {@link FsCore} exists per {@link NodeContext} ({@link coreFor}), so
 * `require('fs').promises === require('fs/promises')` and descriptors opened
 * by one are known to the other.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import { Buffer } from 'buffer'
import type { RuntimeHost, SyncFs } from '../../host.js'
import type { NodeContext } from '../context.js'
import { codedError, systemError, withPaths } from './fs-errors.js'
import { type RawStats, S_IFCHR, S_IFIFO } from './fs-stats.js'

/** A stream a descriptor or path can stand for instead of a file. */
export type Device = 'stdin' | 'stdout' | 'stderr' | 'null'

const STDIO: readonly Device[] = ['stdin', 'stdout', 'stderr']
const DEVICE_PATHS: Record<string, Device> = {
  '/dev/stdin': 'stdin',
  '/dev/stdout': 'stdout',
  '/dev/stderr': 'stderr',
  '/dev/null': 'null',
  '/dev/fd/0': 'stdin',
  '/dev/fd/1': 'stdout',
  '/dev/fd/2': 'stderr',
}
/** Descriptors of opened device paths are numbered from here (far above the kernel's). */
const FIRST_DEVICE_FD = 0x40000000

/** What the core remembers about a descriptor it opened. */
export interface FdInfo {
  /** Absolute path at open time. */
  path: string
  /** `O_*` flags it was opened with. */
  flags: number
}

/** A deferred operation: run with `async` true from the callback and promise forms. */
export type Thunk<T> = (async: boolean) => T | Promise<T>

const cores = new WeakMap<NodeContext, FsCore>()

/** The one {@link FsCore} of a process. */
export function coreFor(ctx: NodeContext): FsCore {
  let core = cores.get(ctx)
  if (!core) {
    core = new FsCore(ctx)
    cores.set(ctx, core)
  }
  return core
}

/** Shared state and primitives of the filesystem builtins of one process. */
export class FsCore {
  readonly ctx: NodeContext
  readonly host: RuntimeHost
  readonly fs: SyncFs
  /** Descriptors opened through us (everything but 0/1/2). */
  readonly fds: Map<number, FdInfo> = new Map()
  /** Standard descriptors the program closed. */
  private readonly closedStdio = new Set<number>()
  /** Descriptors of opened device paths. */
  private readonly devices = new Map<number, Device>()
  private nextDeviceFd = FIRST_DEVICE_FD
  /** Bytes of stdin read from the host but not yet consumed. */
  private stdinRest: Uint8Array = new Uint8Array(0)
  private stdinEnded = false

  constructor(ctx: NodeContext) {
    this.ctx = ctx
    this.host = ctx.host
    this.fs = ctx.host.fs
  }

  /** `path` made absolute against the process's cwd, unnormalised (the VFS resolves `..` physically). */
  resolve(path: string): string {
    if (path.startsWith('/')) return path
    const cwd = this.ctx.cwd()
    return cwd === '/' ? `/${path}` : `${cwd}/${path}`
  }

  /** The prefix {@link resolve} adds to a relative path (to map results back to the caller's spelling). */
  relativePrefix(path: string): string {
    if (path.startsWith('/')) return ''
    const cwd = this.ctx.cwd()
    return cwd === '/' ? '/' : `${cwd}/`
  }

  /**
   * Runs a filesystem call, re-issuing its errors with the caller's path
   * spelling (`path`, `dest`) and, if given, Bun's `syscall` name.
   */
  sys<T>(body: () => T, path?: string, dest?: string, syscall?: string): T {
    try {
      return body()
    } catch (error) {
      throw withPaths(error, path, dest, syscall)
    }
  }

  /** `ENOENT` for an empty path, as Bun reports it (no path in the message). */
  checkNotEmpty(path: string, syscall: string): void {
    if (path === '') throw systemError('ENOENT', syscall)
  }

  // ------------------------------------------------------------ descriptors

  /** The device a path names (`/dev/stdin`, `/dev/stdout`, `/dev/stderr`, `/dev/null`, `/dev/fd/0-2`), or null. */
  deviceAt(path: string): Device | null {
    if (!path.startsWith('/dev/') && !path.includes('/dev/')) return null
    return DEVICE_PATHS[posixPath.normalize(this.resolve(path))] ?? null
  }

  /**
   * The device a descriptor stands for: 0, 1, 2 (until closed) and the
   * descriptors of opened device paths; null for a file. A closed standard
   * descriptor is `EBADF` (`syscall` names the call).
   */
  deviceOf(fd: number, syscall: string): Device | null {
    if (fd <= 2) {
      if (this.closedStdio.has(fd)) throw systemError('EBADF', syscall)
      return STDIO[fd] as Device
    }
    return this.devices.get(fd) ?? null
  }

  open(path: string, flags: number, mode: number, userPath: string): number {
    const abs = this.resolve(path)
    const device = this.deviceAt(abs)
    if (device) {
      const fd = this.nextDeviceFd++
      this.devices.set(fd, device)
      return fd
    }
    const fd = this.sys(() => this.fs.open(abs, flags, mode), userPath)
    this.fds.set(fd, { path: abs, flags })
    return fd
  }

  close(fd: number): void {
    if (fd <= 2) {
      this.deviceOf(fd, 'close')
      this.closedStdio.add(fd)
      return
    }
    if (this.devices.delete(fd)) return
    this.fs.close(fd)
    this.fds.delete(fd)
  }

  /** The stat record of a device: stdio is a character device on a terminal, else a pipe; `/dev/null` a character device. */
  deviceStats(device: Device): RawStats {
    let mode = S_IFCHR | 0o666
    if (device !== 'null') {
      const stream = device === 'stdin' ? this.host.stdin : device === 'stdout' ? this.host.stdout : this.host.stderr
      mode = stream.isTTY ? S_IFCHR | 0o620 : S_IFIFO | 0o600
    }
    const now = Date.now()
    return {
      dev: 0,
      ino: 0,
      mode,
      nlink: 1,
      uid: 0,
      gid: 0,
      rdev: device === 'null' ? 259 : 0,
      size: 0,
      blksize: 4096,
      blocks: 0,
      atimeMs: now,
      mtimeMs: now,
      ctimeMs: now,
      birthtimeMs: now,
    }
  }

  /** Writes to a device: stdout/stderr go to the host, `/dev/null` takes anything, stdin is `EBADF`. */
  writeDevice(device: Device, bytes: Uint8Array): number {
    if (device === 'stdin') throw systemError('EBADF', 'write')
    if (device !== 'null' && bytes.length > 0) {
      ;(device === 'stdout' ? this.host.stdout : this.host.stderr).write(bytes.slice())
    }
    return bytes.length
  }

  /** Reads from a device into `target` (stdin blocking; `/dev/null` at its end; stdout/stderr `EBADF`). */
  readDeviceSync(device: Device, target: Uint8Array, offset: number, length: number): number {
    if (device === 'null') return 0
    if (device !== 'stdin') throw systemError('EBADF', 'read')
    if (this.stdinRest.length === 0 && !this.stdinEnded) {
      const chunk = this.host.stdin.readSync()
      if (chunk === null) this.stdinEnded = true
      else this.stdinRest = chunk
    }
    return this.takeStdin(target, offset, length)
  }

  /** The same without blocking the thread. */
  async readDevice(device: Device, target: Uint8Array, offset: number, length: number): Promise<number> {
    if (device === 'null') return 0
    if (device !== 'stdin') throw systemError('EBADF', 'read')
    while (this.stdinRest.length === 0 && !this.stdinEnded) {
      const chunk = await this.host.stdin.read()
      if (chunk === null) this.stdinEnded = true
      else this.stdinRest = chunk
    }
    return this.takeStdin(target, offset, length)
  }

  /** Everything a device still gives (all of stdin; nothing from `/dev/null`), blocking or not. */
  readAllDevice(device: Device, async: false): Buffer
  readAllDevice(device: Device, async: true): Promise<Buffer>
  readAllDevice(device: Device, async: boolean): Buffer | Promise<Buffer> {
    if (device === 'null') return async ? Promise.resolve(Buffer.alloc(0)) : Buffer.alloc(0)
    if (device !== 'stdin') throw systemError('EBADF', 'read')
    const chunks: Uint8Array[] = []
    if (this.stdinRest.length > 0) chunks.push(this.stdinRest)
    this.stdinRest = new Uint8Array(0)
    if (!async) {
      while (!this.stdinEnded) {
        const chunk = this.host.stdin.readSync()
        if (chunk === null) this.stdinEnded = true
        else chunks.push(chunk)
      }
      return Buffer.concat(chunks)
    }
    return (async () => {
      while (!this.stdinEnded) {
        const chunk = await this.host.stdin.read()
        if (chunk === null) this.stdinEnded = true
        else chunks.push(chunk)
      }
      return Buffer.concat(chunks)
    })()
  }

  private takeStdin(target: Uint8Array, offset: number, length: number): number {
    const n = Math.min(length, this.stdinRest.length)
    target.set(this.stdinRest.subarray(0, n), offset)
    this.stdinRest = this.stdinRest.subarray(n)
    return n
  }

  // -------------------------------------------------------------- scheduling

  /**
   * Runs `thunk` in a later task (after the current code and the microtasks
   * it queued, as Bun completes filesystem work), holding a ref meanwhile,
   * and calls back `(error)` or `(null, value)`.
   */
  callback<T>(thunk: Thunk<T>, cb: (error: unknown, value?: T) => void): void {
    const release = this.ctx.ref()
    const signal = this.host.signal
    scheduleTask(() => {
      // A killed process runs no more of its code.
      if (signal.aborted) {
        release()
        return
      }
      let result: T | Promise<T>
      try {
        result = thunk(true)
      } catch (error) {
        release()
        cb(error)
        return
      }
      if (result instanceof Promise) {
        result.then(
          (value) => {
            release()
            if (!signal.aborted) cb(null, value)
          },
          (error: unknown) => {
            release()
            if (!signal.aborted) cb(error)
          },
        )
        return
      }
      release()
      cb(null, result)
    })
  }

  /** The promise form: `thunk` runs in a later task; the process stays alive until it settles. */
  promise<T>(thunk: Thunk<T>): Promise<T> {
    const release = this.ctx.ref()
    const signal = this.host.signal
    return new Promise<T>((resolve, reject) => {
      scheduleTask(() => {
        // A killed process runs no more of its code: the promise never settles.
        if (signal.aborted) {
          release()
          return
        }
        try {
          const result = thunk(true)
          if (result instanceof Promise) result.then(resolve, reject)
          else resolve(result)
        } catch (error) {
          reject(error)
        }
      })
    }).finally(release)
  }
}

/** The host's `setImmediate` (Node's under test; none in a browser), captured before a program can replace it. */
const hostSetImmediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate?.bind(
  globalThis,
)
let pendingTasks: Array<() => void> = []
let channel: MessageChannel | null = null

/**
 * Runs `task` in a later macrotask, before timers: the host's
 * `setImmediate` where there is one, else one `MessageChannel` message per
 * batch (a worker), else a timer. Captured at load, so a program's fake
 * timers cannot stall filesystem callbacks. A task that throws is reported
 * as an uncaught error without stopping the others.
 */
export function scheduleTask(task: () => void): void {
  if (hostSetImmediate) {
    hostSetImmediate(task)
    return
  }
  if (typeof MessageChannel !== 'function') {
    setTimeout(task, 0)
    return
  }
  if (!channel) {
    channel = new MessageChannel()
    channel.port1.onmessage = () => {
      const batch = pendingTasks
      pendingTasks = []
      for (const run of batch) {
        try {
          run()
        } catch (error) {
          queueMicrotask(() => {
            throw error
          })
        }
      }
    }
  }
  pendingTasks.push(task)
  if (pendingTasks.length === 1) channel.port2.postMessage(null)
}

/** `ERR_FS_*` errors of `rm` and `cp`, which Bun raises as `SystemError`s with an `info` record. */
export function fsSystemError(
  code: string,
  prefix: string,
  info: { code: string; message: string; path: string; syscall: string; errno: number },
): Error {
  const error = codedError(
    Error,
    code,
    `${prefix}: ${info.syscall} returned ${info.code} (${info.message}) ${info.path}`,
  ) as unknown as Error & Record<string, unknown>
  error.name = 'SystemError'
  error.info = info
  error.errno = info.errno
  error.syscall = info.syscall
  error.path = info.path
  return error
}

/** `Symbol.dispose` (Node's registered symbol where the engine lacks it). */
export const SYMBOL_DISPOSE: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for('nodejs.dispose') as typeof Symbol.dispose)
/** `Symbol.asyncDispose` (Node's registered symbol where the engine lacks it). */
export const SYMBOL_ASYNC_DISPOSE: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
  (Symbol.for('nodejs.asyncDispose') as typeof Symbol.asyncDispose)
