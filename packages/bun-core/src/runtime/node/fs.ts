/**
 * `node:fs` for one process, over the host's synchronous filesystem
 * (`ctx.host.fs`), matching the real Bun 1.4.5: every `*Sync` function, the
 * callback forms (called back after the current code, holding `ctx.ref()`
 * meanwhile), `promises` (the `node:fs/promises` object), `createReadStream`
 * / `createWriteStream`, `watch`, `watchFile`/`unwatchFile`, `opendir`, and
 * the classes (`Stats`, `BigIntStats`, `Dirent`, `Dir`, `ReadStream`,
 * `WriteStream`, `FSWatcher`, `StatWatcher`).
 *
 * Relative paths resolve against `ctx.cwd()`; strings, Buffers/Uint8Arrays
 * and `file:` URLs are paths. Descriptors 0, 1 and 2 are the host's stdin,
 * stdout and stderr. Errors carry Bun's `code`/`syscall`/`errno`/`path` and
 * messages, with the path spelled as the program gave it.
 *
 * Not available: `glob`/`globSync`, `Utf8Stream`, and `lchmod` (absent on
 * Linux, as in Bun). `lchown` on a symlink changes nothing (the VFS records
 * owners of what links point to only; every process acts as root).
 */
import { Buffer } from 'buffer'
import { createBunFileApi } from '../bun/file.js'
import type { NodeContext } from './context.js'
import { openDirThunk, promisesFor } from './fs-promises.js'
import { coreFor, type FsCore, SYMBOL_DISPOSE, type Thunk } from './internal/fs-core.js'
import { Dir } from './internal/fs-dir.js'
import { invalidArgType } from './internal/fs-errors.js'
import { constants, opsFor } from './internal/fs-ops.js'
import { BigIntStats, Dirent, StatFs, Stats } from './internal/fs-stats.js'
import { type ReadStreamOptions, streamsFor, type WriteStreamOptions } from './internal/fs-streams.js'
import { toUnixSeconds, validateFd } from './internal/fs-validate.js'
import { FSWatcher, StatWatcher, StatWatchers, watch } from './internal/fs-watch.js'
import { customPromisifyArgs, promisifyCustom } from './util.js'

/** The `node:fs` module object (Node's API; see Node's and Bun's docs for each function). */
export type NodeFs = typeof import('node:fs')

const made = new WeakMap<FsCore, NodeFs>()

/** The `node:fs` builtin of a process. */
export function createFs(ctx: NodeContext): NodeFs {
  const core = coreFor(ctx)
  let fs = made.get(core)
  if (!fs) {
    fs = build(core)
    made.set(core, fs)
  }
  return fs
}

type Callback = (error: unknown, ...values: unknown[]) => void

function build(core: FsCore): NodeFs {
  const ops = opsFor(core)
  const sync = <T>(thunk: Thunk<T>): T => thunk(false) as T

  /**
   * The callback form of an operation: the callback is the last argument;
   * when it is missing, Bun reports the value at its position (`cbAt`).
   */
  const withCallback =
    (
      make: (...args: unknown[]) => Thunk<unknown>,
      cbAt: number,
      results?: (value: unknown, args: unknown[]) => unknown[],
      success: 'null' | 'undefined' = 'null',
    ) =>
    (...args: unknown[]): void => {
      const cb = args[args.length - 1]
      if (typeof cb !== 'function') throw invalidArgType('cb', 'of type function', args[cbAt])
      args.pop()
      const thunk = make(...args)
      core.callback(thunk, (error, value) => {
        if (error) (cb as Callback)(error)
        else if (results) (cb as Callback)(success === 'null' ? null : undefined, ...results(value, args))
        else (cb as Callback)(success === 'null' ? null : undefined, value)
      })
    }
  /** Bun calls back `access`, `cp` and `symlink` with the error argument alone. */
  const nothing = (): unknown[] => []

  const watchers = new StatWatchers(core)

  const { ReadStream, WriteStream } = streamsFor(core)

  const realpathSync = Object.assign((path: unknown, options?: unknown) => sync(ops.realpath(path, options)), {
    native: (path: unknown, options?: unknown) => sync(ops.realpath(path, options, true)),
  })
  const realpath = Object.assign(
    withCallback((path, options) => ops.realpath(path, options), 2),
    { native: withCallback((path, options) => ops.realpath(path, options, true), 2) },
  )

  /** `fs.read`: `(fd, buffer, offset, length, position, cb)`, `(fd, buffer, options?, cb)`, `(fd, options?, cb)`. */
  const read = (fd: unknown, ...rest: unknown[]): void => {
    const cb = rest.pop()
    if (typeof cb !== 'function') throw invalidArgType('cb', 'of type function', cb)
    validateFd(fd)
    let buffer = rest[0]
    let thunk: Thunk<number>
    if (!ArrayBuffer.isView(buffer)) {
      const o = (buffer ?? {}) as { buffer?: unknown; offset?: unknown; length?: unknown; position?: unknown }
      buffer = o.buffer ?? Buffer.alloc(16384)
      const view = buffer as ArrayBufferView
      const offset = o.offset ?? 0
      thunk = ops.read(fd, view, offset, o.length ?? view.byteLength - (offset as number), o.position ?? null)
    } else if (rest.length <= 2) {
      thunk = ops.read(fd, buffer, rest[1] ?? {}, undefined, undefined, 3)
    } else {
      thunk = ops.read(fd, buffer, rest[1], rest[2], rest[3])
    }
    core.callback(thunk, (error, bytesRead) => {
      if (error) (cb as Callback)(error)
      else (cb as Callback)(null, bytesRead, buffer)
    })
  }

  const fs = {
    constants,
    F_OK: 0,
    R_OK: 4,
    W_OK: 2,
    X_OK: 1,
    Stats,
    BigIntStats,
    Dirent,
    Dir,
    StatFs,
    ReadStream,
    WriteStream,
    FileReadStream: ReadStream,
    FileWriteStream: WriteStream,
    promises: promisesFor(core),
    // Bun hands a Date back unchanged.
    _toUnixTimestamp: (time: unknown, name = 'time') => (time instanceof Date ? time : toUnixSeconds(time, name)),

    // ------------------------------------------------------------- sync
    accessSync: (path: unknown, mode?: unknown) => sync(ops.access(path, mode)),
    appendFileSync: (path: unknown, data: unknown, options?: unknown) => sync(ops.appendFile(path, data, options)),
    chmodSync: (path: unknown, mode: unknown) => sync(ops.chmod(path, mode)),
    chownSync: (path: unknown, uid: unknown, gid: unknown) => sync(ops.chown(path, uid, gid)),
    closeSync: (fd: unknown) => sync(ops.close(fd)),
    copyFileSync: (src: unknown, dest: unknown, mode?: unknown) => sync(ops.copyFile(src, dest, mode)),
    cpSync: (src: unknown, dest: unknown, options?: unknown) => sync(ops.cp(src, dest, options)),
    existsSync: (path: unknown) => sync(ops.exists(path)),
    fchmodSync: (fd: unknown, mode: unknown) => sync(ops.fchmod(fd, mode)),
    fchownSync: (fd: unknown, uid: unknown, gid: unknown) => sync(ops.fchown(fd, uid, gid)),
    fdatasyncSync: (fd: unknown) => sync(ops.fdatasync(fd)),
    fstatSync: (fd: unknown, options?: unknown) => sync(ops.fstat(fd, options)),
    fsyncSync: (fd: unknown) => sync(ops.fsync(fd)),
    ftruncateSync: (fd: unknown, len?: unknown) => sync(ops.ftruncate(fd, len)),
    futimesSync: (fd: unknown, atime: unknown, mtime: unknown) => sync(ops.futimes(fd, atime, mtime)),
    lchmodSync: undefined,
    lchownSync: (path: unknown, uid: unknown, gid: unknown) => sync(ops.lchown(path, uid, gid)),
    linkSync: (existingPath: unknown, newPath: unknown) => sync(ops.link(existingPath, newPath)),
    lstatSync: (path: unknown, options?: unknown) => sync(ops.lstat(path, options)),
    lutimesSync: (path: unknown, atime: unknown, mtime: unknown) => sync(ops.lutimes(path, atime, mtime)),
    mkdirSync: (path: unknown, options?: unknown) => sync(ops.mkdir(path, options)),
    mkdtempSync: (prefix: unknown, options?: unknown) => sync(ops.mkdtemp(prefix, options)),
    openSync: (path: unknown, flags?: unknown, mode?: unknown) => sync(ops.open(path, flags, mode)),
    opendirSync: (path: unknown, options?: unknown) => sync(openDirThunk(core, path, options)),
    readdirSync: (path: unknown, options?: unknown) => sync(ops.readdir(path, options)),
    readFileSync: (path: unknown, options?: unknown) => sync(ops.readFile(path, options)),
    readlinkSync: (path: unknown, options?: unknown) => sync(ops.readlink(path, options)),
    readSync: (...args: unknown[]): number => sync(ops.read(args[0], args[1], args[2], args[3], args[4], args.length)),
    readvSync: (fd: unknown, buffers: unknown, position?: unknown) => sync(ops.readv(fd, buffers, position)),
    realpathSync,
    renameSync: (oldPath: unknown, newPath: unknown) => sync(ops.rename(oldPath, newPath)),
    rmSync: (path: unknown, options?: unknown) => sync(ops.rm(path, options)),
    rmdirSync: (path: unknown, options?: unknown) => sync(ops.rmdir(path, options)),
    statSync: (path: unknown, options?: unknown) => sync(ops.stat(path, options)),
    statfsSync: (path: unknown, options?: unknown) => sync(ops.statfs(path, options)),
    symlinkSync: (target: unknown, path: unknown, type?: unknown) => sync(ops.symlink(target, path, type)),
    truncateSync: (path: unknown, len?: unknown) => sync(ops.truncate(path, len)),
    unlinkSync: (path: unknown) => sync(ops.unlink(path)),
    utimesSync: (path: unknown, atime: unknown, mtime: unknown) => sync(ops.utimes(path, atime, mtime)),
    writeFileSync: (path: unknown, data: unknown, options?: unknown) => sync(ops.writeFile(path, data, options)),
    writeSync: (fd: unknown, buffer: unknown, offsetOrOptions?: unknown, length?: unknown, position?: unknown) =>
      sync(ops.write(fd, buffer, offsetOrOptions, length, position)),
    writevSync: (fd: unknown, buffers: unknown, position?: unknown) => sync(ops.writev(fd, buffers, position)),

    // -------------------------------------------------------- callbacks
    access: withCallback((path, mode) => ops.access(path, mode), 2, nothing),
    appendFile: withCallback((path, data, options) => ops.appendFile(path, data, options), 3),
    chmod: withCallback((path, mode) => ops.chmod(path, mode), 2),
    chown: withCallback((path, uid, gid) => ops.chown(path, uid, gid), 3),
    close(fd: unknown, callback?: unknown): void {
      const thunk = ops.close(fd)
      if (callback !== undefined && typeof callback !== 'function')
        throw invalidArgType('cb', 'of type function', callback)
      core.callback(thunk, (error) => (callback as Callback | undefined)?.(error ?? null))
    },
    copyFile: withCallback((src, dest, mode) => ops.copyFile(src, dest, mode), 3),
    cp: withCallback((src, dest, options) => ops.cp(src, dest, options), 3, nothing),
    exists(path: unknown, callback: unknown): void {
      if (typeof callback !== 'function') throw invalidArgType('cb', 'of type function', callback)
      core.callback(ops.exists(path), (_error, value) => (callback as (exists: boolean) => void)(value === true))
    },
    fchmod: withCallback((fd, mode) => ops.fchmod(fd, mode), 2),
    fchown: withCallback((fd, uid, gid) => ops.fchown(fd, uid, gid), 3),
    fdatasync: withCallback((fd) => ops.fdatasync(fd), 1),
    fstat: withCallback((fd, options) => ops.fstat(fd, options), 2),
    fsync: withCallback((fd) => ops.fsync(fd), 1),
    ftruncate: withCallback((fd, len) => ops.ftruncate(fd, len), 2),
    futimes: withCallback((fd, atime, mtime) => ops.futimes(fd, atime, mtime), 3),
    lchmod: undefined,
    lchown: withCallback((path, uid, gid) => ops.lchown(path, uid, gid), 3),
    link: withCallback((existingPath, newPath) => ops.link(existingPath, newPath), 2),
    lstat: withCallback((path, options) => ops.lstat(path, options), 2),
    lutimes: withCallback((path, atime, mtime) => ops.lutimes(path, atime, mtime), 3),
    mkdir: withCallback((path, options) => ops.mkdir(path, options), 2),
    mkdtemp: withCallback((prefix, options) => ops.mkdtemp(prefix, options), 2),
    open: withCallback((path, flags, mode) => ops.open(path, flags, mode), 3),
    opendir: withCallback((path, options) => openDirThunk(core, path, options), 2),
    read,
    readdir: withCallback((path, options) => ops.readdir(path, options), 2),
    readFile: withCallback((path, options) => ops.readFile(path, options), 2),
    readlink: withCallback((path, options) => ops.readlink(path, options), 2),
    readv: withCallback(
      (fd, buffers, position) => ops.readv(fd, buffers, position),
      3,
      (n, args) => [n, args[1]],
    ),
    realpath,
    rename: withCallback((oldPath, newPath) => ops.rename(oldPath, newPath), 2),
    rm: withCallback((path, options) => ops.rm(path, options), 2),
    rmdir: withCallback((path, options) => ops.rmdir(path, options), 2),
    stat: withCallback((path, options) => ops.stat(path, options), 2),
    statfs: withCallback((path, options) => ops.statfs(path, options), 2),
    // Bun calls back a successful symlink with `undefined` (not null) alone.
    symlink: withCallback((target, path, type) => ops.symlink(target, path, type), 3, nothing, 'undefined'),
    truncate: withCallback((path, len) => ops.truncate(path, len), 2),
    unlink: withCallback((path) => ops.unlink(path), 1),
    utimes: withCallback((path, atime, mtime) => ops.utimes(path, atime, mtime), 3),
    write: withCallback(
      (fd, buffer, offset, length, position) => ops.write(fd, buffer, offset, length, position),
      5,
      (n, args) => [n, args[1]],
    ),
    writeFile: withCallback((path, data, options) => ops.writeFile(path, data, options), 3),
    writev: withCallback(
      (fd, buffers, position) => ops.writev(fd, buffers, position),
      3,
      (n, args) => [n, args[1]],
    ),

    /** A lazy `Blob` of the file (Bun gives a `BunFile`; a missing file fails only when read). */
    openAsBlob: (path: unknown, options?: { type?: string }) =>
      Promise.resolve(createBunFileApi(core.ctx).file(path as string, options)),
    /** A new directory and a way to remove it (`using` disposes of it). */
    mkdtempDisposableSync(prefix: unknown, options?: unknown) {
      const path = sync(ops.mkdtemp(prefix, options)) as string
      const remove = () => sync(ops.rm(path, { recursive: true, force: true }))
      return { path, remove, [SYMBOL_DISPOSE]: remove }
    },

    // ------------------------------------------------ streams and watchers
    createReadStream: (path: unknown, options?: ReadStreamOptions | string) => new ReadStream(path, options),
    createWriteStream: (path: unknown, options?: WriteStreamOptions | string) => new WriteStream(path, options),
    watch: (filename: unknown, options?: unknown, listener?: unknown) => watch(core, filename, options, listener),
    watchFile: (filename: unknown, options?: unknown, listener?: unknown) =>
      watchers.watchFile(filename, options, listener),
    unwatchFile: (filename: unknown, listener?: unknown) => watchers.unwatchFile(filename, listener),
  }
  // util.promisify: `exists` resolves to its one boolean; the others to their named callback values.
  Object.defineProperty(fs.exists, promisifyCustom, {
    value: (path: unknown) => new Promise<boolean>((resolve) => fs.exists(path, resolve)),
    configurable: true,
  })
  const named: Array<[object, string[]]> = [
    [fs.read, ['bytesRead', 'buffer']],
    [fs.write, ['bytesWritten', 'buffer']],
    [fs.readv, ['bytesRead', 'buffers']],
    [fs.writev, ['bytesWritten', 'buffers']],
  ]
  for (const [fn, names] of named) Object.defineProperty(fn, customPromisifyArgs, { value: names, configurable: true })
  return fs as unknown as NodeFs
}

export { BigIntStats, Dir, Dirent, FSWatcher, StatFs, Stats, StatWatcher }
