/**
 * `node:fs/promises` (also `require('fs').promises`, the very same object):
 * every `node:fs` operation as a function returning a promise (argument
 * errors reject too), `open` giving a {@link FileHandle}, `opendir`, `cp`,
 * `watch` (an async iterator), and Bun's extras (`exists`, and the
 * descriptor calls `read`, `write`, `fstat` …).
 *
 * Factory: `createFsPromises(ctx)`; the object is made once per process.
 */
import type { NodeContext } from './context.js'
import { coreFor, type FsCore, SYMBOL_ASYNC_DISPOSE, type Thunk } from './internal/fs-core.js'
import { Dir } from './internal/fs-dir.js'
import { abortError } from './internal/fs-errors.js'
import { FileHandle, writeAll } from './internal/fs-filehandle.js'
import { constants, opsFor } from './internal/fs-ops.js'
import type { Dirent } from './internal/fs-stats.js'
import {
  getOptions,
  parseFlags,
  parseMode,
  toPathString,
  validateEncoding,
  validateSignal,
} from './internal/fs-validate.js'
import { watchAsync } from './internal/fs-watch.js'

/** The `fs/promises` module object (see Node's and Bun's docs for each function). */
export type FsPromises = typeof import('node:fs/promises') & {
  /** Bun's `fs.promises.exists(path)`. */
  exists(path: unknown): Promise<boolean>
  /** Bun's descriptor calls: `fs.*Sync`'s arguments, results as promises. */
  close(fd: number): Promise<void>
  fstat(fd: number, options?: { bigint?: boolean }): Promise<import('node:fs').Stats>
  read(fd: number, buffer: ArrayBufferView, offset?: number, length?: number, position?: number | null): Promise<number>
  write(fd: number, data: string | ArrayBufferView, ...rest: unknown[]): Promise<number>
  readv(fd: number, buffers: ArrayBufferView[], position?: number | null): Promise<number>
  writev(fd: number, buffers: ArrayBufferView[], position?: number | null): Promise<number>
  fsync(fd: number): Promise<void>
  fdatasync(fd: number): Promise<void>
  ftruncate(fd: number, len?: number): Promise<void>
  fchmod(fd: number, mode: string | number): Promise<void>
  fchown(fd: number, uid: number, gid: number): Promise<void>
  futimes(fd: number, atime: number | Date, mtime: number | Date): Promise<void>
}

const made = new WeakMap<FsCore, FsPromises>()

/** The `node:fs/promises` builtin of a process. */
export function createFsPromises(ctx: NodeContext): FsPromises {
  return promisesFor(coreFor(ctx))
}

/** The promises API over a core (one object per core). */
export function promisesFor(core: FsCore): FsPromises {
  let api = made.get(core)
  if (!api) {
    api = build(core)
    made.set(core, api)
  }
  return api
}

function build(core: FsCore): FsPromises {
  const ops = opsFor(core)
  /** Runs an operation as a promise; argument errors become rejections. */
  const run =
    <A extends unknown[], T>(make: (...args: A) => Thunk<T>) =>
    (...args: A): Promise<T> => {
      try {
        return core.promise(make(...args))
      } catch (error) {
        return Promise.reject(error)
      }
    }
  const withSignal = <T>(options: unknown, body: () => Promise<T>): Promise<T> => {
    let signal: AbortSignal | undefined
    try {
      signal = validateSignal((options as { signal?: unknown } | null | undefined)?.signal)
    } catch (error) {
      return Promise.reject(error)
    }
    if (signal?.aborted) return Promise.reject(abortError(signal.reason))
    return body().then((value) => {
      if (signal?.aborted) throw abortError(signal.reason)
      return value
    })
  }

  const api = {
    access: run((path: unknown, mode?: unknown) => ops.access(path, mode)),
    appendFile: (path: unknown, data: unknown, options?: unknown) => writeFileLike(path, data, options, true),
    chmod: run((path: unknown, mode: unknown) => ops.chmod(path, mode)),
    chown: run((path: unknown, uid: unknown, gid: unknown) => ops.chown(path, uid, gid)),
    close: run((fd: unknown) => ops.close(fd)),
    constants,
    copyFile: run((src: unknown, dest: unknown, mode?: unknown) => ops.copyFile(src, dest, mode)),
    cp: run((src: unknown, dest: unknown, options?: unknown) => ops.cp(src, dest, options)),
    exists: run((path: unknown) => ops.exists(path)),
    fchmod: run((fd: unknown, mode: unknown) => ops.fchmod(fd, mode)),
    fchown: run((fd: unknown, uid: unknown, gid: unknown) => ops.fchown(fd, uid, gid)),
    fdatasync: run((fd: unknown) => ops.fdatasync(fd)),
    fstat: run((fd: unknown, options?: unknown) => ops.fstat(fd, options)),
    fsync: run((fd: unknown) => ops.fsync(fd)),
    ftruncate: run((fd: unknown, len?: unknown) => ops.ftruncate(fd, len)),
    futimes: run((fd: unknown, atime: unknown, mtime: unknown) => ops.futimes(fd, atime, mtime)),
    lchown: run((path: unknown, uid: unknown, gid: unknown) => ops.lchown(path, uid, gid)),
    link: run((existingPath: unknown, newPath: unknown) => ops.link(existingPath, newPath)),
    lstat: run((path: unknown, options?: unknown) => ops.lstat(path, options)),
    lutimes: run((path: unknown, atime: unknown, mtime: unknown) => ops.lutimes(path, atime, mtime)),
    mkdir: run((path: unknown, options?: unknown) => ops.mkdir(path, options)),
    mkdtemp: run((prefix: unknown, options?: unknown) => ops.mkdtemp(prefix, options)),
    /** A new directory and a way to remove it (`await using` disposes of it). */
    async mkdtempDisposable(prefix: unknown, options?: unknown) {
      const path = (await run(ops.mkdtemp)(prefix, options)) as string
      const remove = () => run(ops.rm)(path, { recursive: true, force: true })
      return { path, remove, [SYMBOL_ASYNC_DISPOSE]: remove }
    },
    open(path: unknown, flags?: unknown, mode?: unknown): Promise<FileHandle> {
      return run(ops.open)(path, flags, mode).then((fd) => new FileHandle(core, fd))
    },
    opendir(path: unknown, options?: unknown): Promise<Dir> {
      return run(() => openDirThunk(core, path, options))()
    },
    read: run((fd: unknown, buffer: unknown, offset?: unknown, length?: unknown, position?: unknown) =>
      ops.read(fd, buffer, offset, length, position),
    ),
    readdir: run((path: unknown, options?: unknown) => ops.readdir(path, options)),
    readFile(path: unknown, options?: unknown): Promise<string | Buffer> {
      if (path instanceof FileHandle) return withSignal(options, () => path.readFile(options))
      return withSignal(options, () => run(ops.readFile)(path, options))
    },
    readlink: run((path: unknown, options?: unknown) => ops.readlink(path, options)),
    readv: run((fd: unknown, buffers: unknown, position?: unknown) => ops.readv(fd, buffers, position)),
    realpath: run((path: unknown, options?: unknown) => ops.realpath(path, options)),
    rename: run((oldPath: unknown, newPath: unknown) => ops.rename(oldPath, newPath)),
    rm: run((path: unknown, options?: unknown) => ops.rm(path, options)),
    rmdir: run((path: unknown, options?: unknown) => ops.rmdir(path, options)),
    stat: run((path: unknown, options?: unknown) => ops.stat(path, options)),
    statfs: run((path: unknown, options?: unknown) => ops.statfs(path, options)),
    symlink: run((target: unknown, path: unknown, type?: unknown) => ops.symlink(target, path, type)),
    truncate: run((path: unknown, len?: unknown) => ops.truncate(path, len)),
    unlink: run((path: unknown) => ops.unlink(path)),
    utimes: run((path: unknown, atime: unknown, mtime: unknown) => ops.utimes(path, atime, mtime)),
    watch: (filename: unknown, options?: unknown) => watchAsync(core, filename, options),
    write: run((fd: unknown, buffer: unknown, offset?: unknown, length?: unknown, position?: unknown) =>
      ops.write(fd, buffer, offset, length, position),
    ),
    writeFile: (path: unknown, data: unknown, options?: unknown) => writeFileLike(path, data, options, false),
    writev: run((fd: unknown, buffers: unknown, position?: unknown) => ops.writev(fd, buffers, position)),
  }

  /** `writeFile`/`appendFile`: a path, a descriptor or a FileHandle; data may be an (async) iterable. */
  function writeFileLike(path: unknown, data: unknown, options: unknown, append: boolean): Promise<void> {
    return withSignal(options, async () => {
      if (path instanceof FileHandle) return path.writeFile(data, options)
      const iterable =
        typeof data === 'object' &&
        data !== null &&
        !ArrayBuffer.isView(data) &&
        (Symbol.iterator in data || Symbol.asyncIterator in data)
      if (!iterable) return run(ops.writeFile)(path, data, options, append)
      const opts = getOptions(options, {
        encoding: 'utf8' as unknown,
        mode: 0o666 as unknown,
        flag: undefined as unknown,
        signal: undefined as unknown,
      })
      const encoding = (validateEncoding(opts.encoding, false) ?? 'utf8') as BufferEncoding
      if (typeof path === 'number') return writeAll(core, path, data, encoding)
      const user = toPathString(path, 'path', 'fd')
      const fd = core.open(user, parseFlags(opts.flag, append ? 'a' : 'w'), parseMode(opts.mode, 'mode', 0o666), user)
      try {
        await writeAll(core, fd, data, encoding, validateSignal(opts.signal))
      } finally {
        core.close(fd)
      }
    })
  }

  return api as unknown as FsPromises
}

/** `opendir`: the listing is taken at once (errors name `opendir`, as Bun's do). */
export function openDirThunk(core: FsCore, path: unknown, options?: unknown): Thunk<Dir> {
  const user = toPathString(path)
  const opts = getOptions(options, { encoding: 'utf8' as unknown, recursive: false as unknown })
  const encoding = validateEncoding(opts.encoding)
  const ops = opsFor(core)
  return () => {
    core.checkNotEmpty(user, 'opendir')
    const entries = ops.readdirImpl(
      user,
      core.resolve(user),
      { encoding, withFileTypes: true, recursive: opts.recursive === true },
      'opendir',
    ) as Dirent[]
    return new Dir(core, user, entries)
  }
}
