/**
 * Every `node:fs` operation, once: each takes the arguments of the `*Sync`
 * form, validates them at once (argument errors are thrown by the call, as
 * in Bun) and returns a {@link Thunk} that does the filesystem work. `fs.ts`
 * runs thunks immediately (`*Sync`), after the current code with a callback,
 * or as promises (`fs.promises`).
 */

import { posixPath } from '@aspect-build/virtual-fs'
import { Buffer } from 'buffer'
import { coreFor, type FsCore, fsSystemError, type Thunk } from './fs-core.js'
import {
  codedError,
  invalidArgType,
  invalidArgTypeMessage,
  isSysError,
  outOfRange,
  systemError,
  withPaths,
} from './fs-errors.js'
import { type BigIntStats, Dirent, direntType, type RawStats, StatFs, type Stats, toStats } from './fs-stats.js'
import {
  dataBytes,
  type FsEncoding,
  getOptions,
  parseFlags,
  parseMode,
  toPathString,
  toPathStringNodeStyle,
  toUnixSeconds,
  validateEncoding,
  validateFd,
  validateInteger,
  viewBytes,
} from './fs-validate.js'

/** `fs.constants` (Linux values, as Bun has them). */
export const constants: Readonly<Record<string, number>> = Object.freeze({
  UV_FS_SYMLINK_DIR: 1,
  UV_FS_SYMLINK_JUNCTION: 2,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0,
  UV_DIRENT_FILE: 1,
  UV_DIRENT_DIR: 2,
  UV_DIRENT_LINK: 3,
  UV_DIRENT_FIFO: 4,
  UV_DIRENT_SOCKET: 5,
  UV_DIRENT_CHAR: 6,
  UV_DIRENT_BLOCK: 7,
  S_IFMT: 61440,
  S_IFREG: 32768,
  S_IFDIR: 16384,
  S_IFCHR: 8192,
  S_IFBLK: 24576,
  S_IFIFO: 4096,
  S_IFLNK: 40960,
  S_IFSOCK: 49152,
  O_CREAT: 64,
  O_EXCL: 128,
  UV_FS_O_FILEMAP: 0,
  O_NOCTTY: 256,
  O_TRUNC: 512,
  O_APPEND: 1024,
  O_DIRECTORY: 65536,
  O_NOATIME: 262144,
  O_NOFOLLOW: 131072,
  O_SYNC: 1052672,
  O_DSYNC: 4096,
  O_DIRECT: 16384,
  O_NONBLOCK: 2048,
  S_IRWXU: 448,
  S_IRUSR: 256,
  S_IWUSR: 128,
  S_IXUSR: 64,
  S_IRWXG: 56,
  S_IRGRP: 32,
  S_IWGRP: 16,
  S_IXGRP: 8,
  S_IRWXO: 7,
  S_IROTH: 4,
  S_IWOTH: 2,
  S_IXOTH: 1,
  F_OK: 0,
  R_OK: 4,
  W_OK: 2,
  X_OK: 1,
  UV_FS_COPYFILE_EXCL: 1,
  COPYFILE_EXCL: 1,
  UV_FS_COPYFILE_FICLONE: 2,
  COPYFILE_FICLONE: 2,
  UV_FS_COPYFILE_FICLONE_FORCE: 4,
  COPYFILE_FICLONE_FORCE: 4,
  EXTENSIONLESS_FORMAT_JAVASCRIPT: 0,
  EXTENSIONLESS_FORMAT_WASM: 1,
})

const O_CREAT = 0o100
const O_EXCL = 0o200
const O_WRONLY = 1
const O_ACCMODE = 3
const S_IFMT = 0o170000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** Options of `readdir`. */
export interface ReaddirOptions {
  encoding?: FsEncoding | null
  withFileTypes?: boolean
  recursive?: boolean
}

/** Options of `cp`/`cpSync`. */
export interface CpOptions {
  dereference?: boolean
  errorOnExist?: boolean
  filter?: (src: string, dest: string) => boolean | Promise<boolean>
  force?: boolean
  mode?: number
  preserveTimestamps?: boolean
  recursive?: boolean
  verbatimSymlinks?: boolean
}

/**
 * The operations, bound to one process's {@link FsCore}. Each takes the
 * arguments of the `*Sync` form (validated at once) and returns the work as
 * a {@link Thunk}; results are those of the `*Sync` form.
 */
export interface FsOps {
  access(path: unknown, mode?: unknown): Thunk<null>
  exists(path: unknown): Thunk<boolean>
  readFile(file: unknown, options?: unknown): Thunk<string | Buffer>
  /** `append` makes it `appendFile` (default flag `a`). */
  writeFile(file: unknown, data: unknown, options?: unknown, append?: boolean): Thunk<void>
  appendFile(file: unknown, data: unknown, options?: unknown): Thunk<void>
  mkdir(path: unknown, options?: unknown): Thunk<string | undefined>
  mkdtemp(prefix: unknown, options?: unknown): Thunk<string | Buffer>
  readdir(path: unknown, options?: unknown): Thunk<Array<string | Buffer | Dirent>>
  stat(path: unknown, options?: unknown): Thunk<Stats | BigIntStats | undefined>
  lstat(path: unknown, options?: unknown): Thunk<Stats | BigIntStats | undefined>
  fstat(fd: unknown, options?: unknown): Thunk<Stats | BigIntStats>
  statfs(path: unknown, options?: unknown): Thunk<StatFs<number> | StatFs<bigint>>
  rm(path: unknown, options?: unknown): Thunk<void>
  rmdir(path: unknown, options?: unknown): Thunk<void>
  unlink(path: unknown): Thunk<void>
  rename(oldPath: unknown, newPath: unknown): Thunk<void>
  copyFile(src: unknown, dest: unknown, mode?: unknown): Thunk<void>
  cp(src: unknown, dest: unknown, options?: unknown): Thunk<void>
  symlink(target: unknown, path: unknown, type?: unknown): Thunk<void>
  readlink(path: unknown, options?: unknown): Thunk<string | Buffer>
  link(existingPath: unknown, newPath: unknown): Thunk<void>
  /** `native` reports errors as `realpath` (`realpathSync.native`) instead of `lstat`. */
  realpath(path: unknown, options?: unknown, native?: boolean): Thunk<string | Buffer>
  chmod(path: unknown, mode: unknown): Thunk<void>
  fchmod(fd: unknown, mode: unknown): Thunk<void>
  chown(path: unknown, uid: unknown, gid: unknown): Thunk<void>
  lchown(path: unknown, uid: unknown, gid: unknown): Thunk<void>
  fchown(fd: unknown, uid: unknown, gid: unknown): Thunk<void>
  utimes(path: unknown, atime: unknown, mtime: unknown): Thunk<void>
  lutimes(path: unknown, atime: unknown, mtime: unknown): Thunk<void>
  futimes(fd: unknown, atime: unknown, mtime: unknown): Thunk<void>
  truncate(path: unknown, len?: unknown): Thunk<void>
  ftruncate(fd: unknown, len?: unknown): Thunk<void>
  open(path: unknown, flags?: unknown, mode?: unknown): Thunk<number>
  close(fd: unknown): Thunk<void>
  /** `argc` is how many arguments the caller gave (Node reads an options object when it is 3 or fewer). */
  read(
    fd: unknown,
    buffer: unknown,
    offsetOrOptions?: unknown,
    length?: unknown,
    position?: unknown,
    argc?: number,
  ): Thunk<number>
  readv(fd: unknown, buffers: unknown, position?: unknown): Thunk<number>
  write(fd: unknown, buffer: unknown, offsetOrOptions?: unknown, length?: unknown, position?: unknown): Thunk<number>
  writev(fd: unknown, buffers: unknown, position?: unknown): Thunk<number>
  fsync(fd: unknown): Thunk<void>
  fdatasync(fd: unknown): Thunk<void>
  /** A listing (breadth-first when recursive); `syscall` renames the errors (`opendir`). */
  readdirImpl(user: string, abs: string, options: ReaddirOptions, syscall?: string): Array<string | Buffer | Dirent>
  /** The stat record of a descriptor (devices included). */
  rawFstat(fd: number): RawStats
  /** Reads into `view` from a descriptor or device (a promise only for devices read with `async`). */
  readInto(
    fd: number,
    view: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
    async: boolean,
  ): number | Promise<number>
  /** Writes bytes to a descriptor or device at `position` (null: its position). */
  writeFrom(fd: number, bytes: Uint8Array, position: number | null): number
}

const opsCache = new WeakMap<FsCore, FsOps>()

/** The operations of a core (made once). */
export function opsFor(core: FsCore): FsOps {
  let ops = opsCache.get(core)
  if (!ops) {
    ops = makeOps(core)
    opsCache.set(core, ops)
  }
  return ops
}

export { coreFor }

/** A name of a directory entry in the requested encoding. */
export function encodeName(name: string, encoding: FsEncoding | null): string | Buffer {
  if (encoding === null || encoding === 'utf8' || encoding === 'utf-8') return name
  const bytes = Buffer.from(name)
  return encoding === 'buffer' ? bytes : bytes.toString(encoding)
}

/** Bytes as a Buffer (sharing memory). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? (bytes as Buffer) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Data read, decoded per `encoding` (`null`/`buffer`: a Buffer). */
function decoded(bytes: Uint8Array, encoding: FsEncoding | null): string | Buffer {
  const buffer = asBuffer(bytes)
  return encoding === null || encoding === 'buffer' ? buffer : buffer.toString(encoding)
}

/** `ERR_INVALID_ARG_TYPE` for a buffer argument of `read`. */
function checkReadBuffer(buffer: unknown): ArrayBufferView {
  if (!ArrayBuffer.isView(buffer)) {
    throw invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer)
  }
  return buffer
}

/** Node's `validatePosition` (`-1`/`null` mean the current position); returns `null` or a number. */
function checkPosition(position: unknown): number | null {
  if (position === null || position === undefined) return null
  if (typeof position === 'number') {
    if (!Number.isInteger(position)) throw outOfRange('position', 'an integer', position)
    if (position < -1 || position > MAX_SAFE) throw outOfRange('position', `>= -1 && <= ${MAX_SAFE}`, position)
    return position === -1 ? null : position
  }
  if (typeof position === 'bigint') {
    if (position < -1n || position > 2n ** 63n - 1n) {
      throw outOfRange('position', `>= -1 && <= ${2n ** 63n - 1n}`, position)
    }
    return position === -1n ? null : Number(position)
  }
  throw invalidArgType('position', 'of type number or bigint', position)
}

function isDirMode(mode: number): boolean {
  return (mode & S_IFMT) === S_IFDIR
}

function makeOps(core: FsCore): FsOps {
  const fs = core.fs
  const sys = core.sys.bind(core)

  const rawStat = (abs: string, user: string, follow: boolean, syscall?: string): RawStats => {
    const device = core.deviceAt(abs)
    if (device) return core.deviceStats(device)
    return sys(() => (follow ? fs.stat(abs) : fs.lstat(abs)) as unknown as RawStats, user, undefined, syscall)
  }

  const rawFstat = (fd: number): RawStats => {
    const device = core.deviceOf(fd, 'fstat')
    if (device) return core.deviceStats(device)
    return fs.fstat(fd) as unknown as RawStats
  }

  /** Reads `length` bytes into `view` at `offset` from `position` (null: the descriptor's position). */
  const readInto = (
    fd: number,
    view: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
    async: boolean,
  ): number | Promise<number> => {
    const device = core.deviceOf(fd, 'read')
    if (device) {
      return async ? core.readDevice(device, view, offset, length) : core.readDeviceSync(device, view, offset, length)
    }
    return fs.read(fd, view, offset, length, position)
  }

  const writeFrom = (fd: number, bytes: Uint8Array, position: number | null): number => {
    const device = core.deviceOf(fd, 'write')
    if (device) return core.writeDevice(device, bytes)
    return fs.write(fd, bytes, 0, bytes.length, position)
  }

  /** Whole contents of a descriptor from its position, or of a path opened with `flag`. */
  const readWhole = (file: unknown, flag: number, async: boolean): Uint8Array | Promise<Uint8Array> => {
    if (typeof file === 'number') {
      const device = core.deviceOf(file, 'read')
      if (device) return async ? core.readAllDevice(device, true) : core.readAllDevice(device, false)
      return fs.readFile(file) as Uint8Array
    }
    const user = file as string
    core.checkNotEmpty(user, 'open')
    const abs = core.resolve(user)
    const device = core.deviceAt(abs)
    if (device) return async ? core.readAllDevice(device, true) : core.readAllDevice(device, false)
    return sys(() => fs.readFile(abs, { flag }) as Uint8Array, user)
  }

  const pathArg = (path: unknown, name = 'path'): [string, string] => {
    const user = toPathString(path, name)
    return [user, core.resolve(user)]
  }

  /** `fd` argument, or a path string (for the calls taking either). */
  const fileArg = (file: unknown, name = 'path'): number | string => {
    if (typeof file === 'number') return validateFd(file)
    return toPathString(file, name, 'fd')
  }

  const listDir = (abs: string, user: string, syscall?: string) =>
    sys(
      () => fs.readdir(abs, { withFileTypes: true }) as unknown as Array<{ name: string; kind?: string }>,
      user,
      undefined,
      syscall,
    )

  /** `readdir`, breadth-first when recursive (like Bun): names relative to the listed directory. */
  const readdirImpl = (
    user: string,
    abs: string,
    options: ReaddirOptions,
    syscall?: string,
  ): Array<string | Buffer | Dirent> => {
    const encoding = options.encoding ?? null
    const out: Array<string | Buffer | Dirent> = []
    const queue: Array<[string, string]> = [['', abs]]
    for (let next = 0; next < queue.length; next++) {
      const [rel, dirAbs] = queue[next] as [string, string]
      const entries = rel === '' ? listDir(dirAbs, user, syscall) : listDirQuiet(dirAbs)
      const parent = rel === '' ? user : posixPath.normalize(`${user}/${rel}`)
      for (const entry of entries) {
        const name = entry.name
        const relName = rel === '' ? name : `${rel}/${name}`
        if (options.withFileTypes) {
          out.push(new Dirent(encodeName(name, encoding), direntType(kindOf(entry)), parent))
        } else {
          out.push(encodeName(relName, encoding))
        }
        if (options.recursive && kindOf(entry) === 'dir') queue.push([relName, `${dirAbs}/${name}`])
      }
    }
    return out
  }

  const listDirQuiet = (abs: string) => {
    try {
      return fs.readdir(abs, { withFileTypes: true }) as unknown as Array<{ name: string; kind?: string }>
    } catch {
      return []
    }
  }

  const statsOf = (raw: RawStats, bigint: unknown): Stats | BigIntStats => toStats(raw, bigint === true)

  const chownImpl = (abs: string, user: string, uid: number, gid: number, follow: boolean) => {
    const current = rawStat(abs, user, follow, follow ? 'chown' : 'lchown')
    if (!follow && (current.mode & S_IFMT) === S_IFLNK) return // see lchown
    sys(() => fs.chown(abs, uid === -1 ? current.uid : uid, gid === -1 ? current.gid : gid), user)
  }

  const checkId = (value: unknown, name: string): number => validateInteger(value, name, -1, 0xffffffff)

  const mkdtempName = (prefix: string): string => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
    let suffix = ''
    const random = new Uint8Array(6)
    crypto.getRandomValues(random)
    for (const byte of random) suffix += chars[byte % chars.length]
    return `${prefix}${suffix}`
  }

  const modeRange = (mode: unknown): number => {
    if (mode === undefined || mode === null) return 0
    if (typeof mode !== 'number') throw invalidArgTypeMessage('mode must be int32 or null/undefined')
    if (!Number.isInteger(mode) || mode < 0 || mode > 7) {
      throw codedError(RangeError, 'ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 and <= 7')
    }
    return mode
  }

  const ops = {
    access(path: unknown, mode?: unknown): Thunk<null> {
      const [user, abs] = pathArg(path)
      const bits = modeRange(mode)
      // Bun returns null, not undefined.
      return (): null => {
        core.checkNotEmpty(user, 'access')
        const st = rawStat(abs, user, true, 'access')
        // Every process acts as root: only execution needs a bit, and only on files.
        if (bits & 1 && !isDirMode(st.mode) && (st.mode & 0o111) === 0) throw systemError('EACCES', 'access', user)
        return null
      }
    },

    exists(path: unknown): Thunk<boolean> {
      let abs: string
      try {
        const user = toPathString(path)
        if (user === '') return () => false
        abs = core.resolve(user)
      } catch {
        return () => false
      }
      return () => {
        try {
          return core.deviceAt(abs) !== null || fs.exists(abs)
        } catch {
          return false
        }
      }
    },

    readFile(file: unknown, options?: unknown): Thunk<string | Buffer> {
      const target = fileArg(file)
      const opts = getOptions(options, { encoding: null as unknown, flag: 'r' as unknown })
      const encoding = validateEncoding(opts.encoding)
      const flag = parseFlags(opts.flag, 'r')
      return (async) => {
        const bytes = readWhole(target, flag, async)
        return bytes instanceof Promise ? bytes.then((b) => decoded(b, encoding)) : decoded(bytes, encoding)
      }
    },

    writeFile(file: unknown, data: unknown, options?: unknown, append = false): Thunk<void> {
      const target = fileArg(file)
      const opts = getOptions(options, {
        encoding: 'utf8' as unknown,
        mode: 0o666 as unknown,
        flag: (append ? 'a' : 'w') as unknown,
      })
      const encoding = (validateEncoding(opts.encoding, false) ?? 'utf8') as BufferEncoding
      const flags = parseFlags(opts.flag, append ? 'a' : 'w')
      const mode = parseMode(opts.mode, 'mode', 0o666)
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : dataBytes(data, encoding)
      return () => {
        if (typeof target === 'number') {
          writeFrom(target, bytes, null)
          return
        }
        core.checkNotEmpty(target, 'open')
        const abs = core.resolve(target)
        const device = core.deviceAt(abs)
        if (device) core.writeDevice(device, bytes)
        else sys(() => fs.writeFile(abs, bytes, { mode, flag: flags }), target)
      }
    },

    appendFile(file: unknown, data: unknown, options?: unknown): Thunk<void> {
      return ops.writeFile(file, data, options, true)
    },

    mkdir(path: unknown, options?: unknown): Thunk<string | undefined> {
      const [user, abs] = pathArg(path)
      let recursive = false
      let mode = 0o777
      if (typeof options === 'number' || typeof options === 'string') mode = parseMode(options, 'mode')
      else if (typeof options === 'object' && options !== null) {
        const o = options as { recursive?: unknown; mode?: unknown }
        if (o.recursive !== undefined) {
          if (typeof o.recursive !== 'boolean') {
            throw invalidArgTypeMessage(`The "recursive" property must be of type boolean, got ${typeof o.recursive}`)
          }
          recursive = o.recursive
        }
        mode = parseMode(o.mode, 'mode', 0o777)
      }
      return () => {
        core.checkNotEmpty(user, 'mkdir')
        const made = sys(() => fs.mkdir(abs, { recursive, mode }), user)
        if (!recursive || made === undefined) return undefined
        const prefix = core.relativePrefix(user)
        return prefix === '' ? made : made.slice(prefix.length)
      }
    },

    mkdtemp(prefix: unknown, options?: unknown): Thunk<string | Buffer> {
      if (typeof prefix !== 'string' && !(prefix instanceof Uint8Array) && !(prefix instanceof URL)) {
        throw invalidArgType('prefix', 'of type string, Buffer, or URL', prefix)
      }
      const user = toPathString(prefix, 'prefix')
      const encoding = validateEncoding(getOptions(options, { encoding: 'utf8' as unknown }).encoding)
      return () => {
        for (;;) {
          const name = mkdtempName(user)
          const abs = core.resolve(name)
          try {
            sys(() => fs.mkdir(abs, { mode: 0o700 }), name, undefined, 'mkdtemp')
            return encodeName(name, encoding)
          } catch (error) {
            if (!(isSysError(error) && error.code === 'EEXIST')) throw error
          }
        }
      }
    },

    readdir(path: unknown, options?: unknown): Thunk<Array<string | Buffer | Dirent>> {
      const [user, abs] = pathArg(path)
      const opts = getOptions(options, { encoding: 'utf8' as unknown, withFileTypes: false, recursive: false })
      const encoding = validateEncoding(opts.encoding)
      return () => {
        core.checkNotEmpty(user, 'scandir')
        return readdirImpl(user, abs, {
          encoding,
          withFileTypes: !!opts.withFileTypes,
          recursive: !!opts.recursive,
        })
      }
    },

    stat(path: unknown, options?: unknown): Thunk<Stats | BigIntStats | undefined> {
      return statLike(path, options, true)
    },

    lstat(path: unknown, options?: unknown): Thunk<Stats | BigIntStats | undefined> {
      return statLike(path, options, false)
    },

    fstat(fd: unknown, options?: unknown): Thunk<Stats | BigIntStats> {
      const n = validateFd(fd)
      const bigint = (options as { bigint?: unknown } | undefined)?.bigint
      return () => statsOf(rawFstat(n), bigint)
    },

    statfs(path: unknown, options?: unknown): Thunk<StatFs<number> | StatFs<bigint>> {
      const [user, abs] = pathArg(path)
      const bigint = (options as { bigint?: unknown } | undefined)?.bigint === true
      return () => {
        core.checkNotEmpty(user, 'statfs')
        sys(() => fs.stat(abs), user, undefined, 'statfs')
        // An in-memory tmpfs: Linux's TMPFS_MAGIC, 4 KiB blocks, no fixed limit to report but a large one.
        const values = [0x01021994, 4096, 4096, 1 << 24, 1 << 24, 1 << 24, 1 << 20, 1 << 20]
        return bigint
          ? new StatFs<bigint>(
              ...(values.map(BigInt) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]),
            )
          : new StatFs<number>(...(values as [number, number, number, number, number, number, number, number]))
      }
    },

    rm(path: unknown, options?: unknown): Thunk<void> {
      const [user, abs] = pathArg(path)
      const opts = (typeof options === 'object' && options !== null ? options : {}) as {
        recursive?: unknown
        force?: unknown
      }
      for (const key of ['recursive', 'force'] as const) {
        if (opts[key] !== undefined && typeof opts[key] !== 'boolean') {
          throw invalidArgTypeMessage(`The "options.${key}" property must be of type boolean.`)
        }
      }
      return () => {
        core.checkNotEmpty(user, 'lstat')
        try {
          fs.rm(abs, { recursive: opts.recursive === true, force: opts.force === true })
        } catch (error) {
          if (isSysError(error) && error.code === 'EISDIR' && error.syscall === 'rm') {
            throw fsSystemError('ERR_FS_EISDIR', 'Path is a directory', {
              code: 'EISDIR',
              message: 'is a directory',
              path: user,
              syscall: 'rm',
              errno: 21,
            })
          }
          throw withPaths(error, user)
        }
      }
    },

    rmdir(path: unknown, options?: unknown): Thunk<void> {
      const [user, abs] = pathArg(path)
      const recursive = (options as { recursive?: unknown } | undefined)?.recursive === true
      if (recursive) return ops.rm(path, { recursive: true })
      return () => {
        core.checkNotEmpty(user, 'rmdir')
        sys(() => fs.rmdir(abs), user)
      }
    },

    unlink(path: unknown): Thunk<void> {
      const [user, abs] = pathArg(path)
      return () => {
        core.checkNotEmpty(user, 'unlink')
        sys(() => fs.unlink(abs), user)
      }
    },

    rename(oldPath: unknown, newPath: unknown): Thunk<void> {
      const from = toPathStringNodeStyle(oldPath, 'oldPath')
      const to = toPathStringNodeStyle(newPath, 'newPath')
      return () => {
        if (from === '' || to === '') throw systemError('ENOENT', 'rename', from, to)
        sys(() => fs.rename(core.resolve(from), core.resolve(to)), from, to)
      }
    },

    copyFile(src: unknown, dest: unknown, mode?: unknown): Thunk<void> {
      const from = toPathString(src, 'src')
      const to = toPathString(dest, 'dest')
      const bits = modeRange(mode)
      return () => {
        if (from === '' || to === '') throw systemError('ENOENT', 'copyfile', from, to)
        const source = core.resolve(from)
        try {
          fs.copyFile(source, core.resolve(to), bits & 1)
        } catch (error) {
          // Bun (copy_file_range on Linux) reports a directory source as ENOTSUP.
          if (
            isSysError(error) &&
            error.code === 'EISDIR' &&
            isDirMode((fs.stat(source) as unknown as RawStats).mode)
          ) {
            throw systemError('ENOTSUP', 'copyfile', from, to)
          }
          throw withPaths(error, from, to)
        }
      }
    },

    cp(src: unknown, dest: unknown, options?: unknown): Thunk<void> {
      const from = toPathStringNodeStyle(src, 'src')
      const to = toPathStringNodeStyle(dest, 'dest')
      const opts = { force: true, ...((typeof options === 'object' && options !== null ? options : {}) as CpOptions) }
      if (opts.filter !== undefined && typeof opts.filter !== 'function') {
        throw invalidArgType('options.filter', 'of type function', opts.filter)
      }
      return (async) => (async ? cpAsync(from, to, opts) : cpSync(from, to, opts))
    },

    symlink(target: unknown, path: unknown, type?: unknown): Thunk<void> {
      const text = toPathString(target, 'target')
      const user = toPathString(path, 'path')
      if (type !== undefined && type !== null && type !== 'dir' && type !== 'file' && type !== 'junction') {
        throw codedError(
          TypeError,
          'ERR_INVALID_ARG_VALUE',
          `Symlink type must be one of "dir", "file", or "junction". Received ${JSON.stringify(type)}`,
        )
      }
      return () => {
        if (user === '') throw systemError('ENOENT', 'symlink', text, user)
        sys(() => fs.symlink(text, core.resolve(user)), text, user)
      }
    },

    readlink(path: unknown, options?: unknown): Thunk<string | Buffer> {
      const [user, abs] = pathArg(path)
      const encoding = validateEncoding(getOptions(options, { encoding: 'utf8' as unknown }).encoding)
      return () => {
        core.checkNotEmpty(user, 'readlink')
        return encodeName(
          sys(() => fs.readlink(abs), user),
          encoding,
        )
      }
    },

    link(existingPath: unknown, newPath: unknown): Thunk<void> {
      const from = toPathString(existingPath, 'existingPath')
      const to = toPathString(newPath, 'newPath')
      return () => {
        if (from === '' || to === '') throw systemError('ENOENT', 'link', from, to)
        sys(() => fs.link(core.resolve(from), core.resolve(to)), from, to)
      }
    },

    realpath(path: unknown, options?: unknown, native = false): Thunk<string | Buffer> {
      const [user, abs] = pathArg(path)
      const encoding = validateEncoding(getOptions(options, { encoding: 'utf8' as unknown }).encoding)
      return () => {
        core.checkNotEmpty(user, native ? 'realpath' : 'lstat')
        return encodeName(
          sys(() => fs.realpath(abs), user, undefined, native ? 'realpath' : 'lstat'),
          encoding,
        )
      }
    },

    chmod(path: unknown, mode: unknown): Thunk<void> {
      const [user, abs] = pathArg(path)
      const bits = parseMode(mode, 'mode')
      return () => {
        core.checkNotEmpty(user, 'chmod')
        sys(() => fs.chmod(abs, bits), user)
      }
    },

    fchmod(fd: unknown, mode: unknown): Thunk<void> {
      const n = validateFd(fd)
      const bits = parseMode(mode, 'mode')
      return () => {
        if (core.deviceOf(n, 'fchmod')) return // a pipe, terminal or /dev/null: no file mode to change here
        fs.fchmod(n, bits)
      }
    },

    chown(path: unknown, uid: unknown, gid: unknown): Thunk<void> {
      const [user, abs] = pathArg(path)
      const u = checkId(uid, 'uid')
      const g = checkId(gid, 'gid')
      return () => {
        core.checkNotEmpty(user, 'chown')
        chownImpl(abs, user, u, g, true)
      }
    },

    lchown(path: unknown, uid: unknown, gid: unknown): Thunk<void> {
      const [user, abs] = pathArg(path)
      const u = checkId(uid, 'uid')
      const g = checkId(gid, 'gid')
      return () => {
        core.checkNotEmpty(user, 'lchown')
        chownImpl(abs, user, u, g, false)
      }
    },

    fchown(fd: unknown, uid: unknown, gid: unknown): Thunk<void> {
      const n = validateFd(fd)
      const u = checkId(uid, 'uid')
      const g = checkId(gid, 'gid')
      return () => {
        if (core.deviceOf(n, 'fchown')) return
        const info = core.fds.get(n)
        const st = fs.fstat(n) as unknown as RawStats
        if (!info) throw systemError('EBADF', 'fchown')
        sys(() => fs.chown(info.path, u === -1 ? st.uid : u, g === -1 ? st.gid : g), undefined, undefined, 'fchown')
      }
    },

    utimes(path: unknown, atime: unknown, mtime: unknown): Thunk<void> {
      const [user, abs] = pathArg(path)
      const a = toUnixSeconds(atime, 'atime')
      const m = toUnixSeconds(mtime, 'mtime')
      return () => {
        core.checkNotEmpty(user, 'utime')
        sys(() => fs.utimes(abs, a, m), user)
      }
    },

    lutimes(path: unknown, atime: unknown, mtime: unknown): Thunk<void> {
      const [user, abs] = pathArg(path)
      const a = toUnixSeconds(atime, 'atime')
      const m = toUnixSeconds(mtime, 'mtime')
      return () => {
        core.checkNotEmpty(user, 'lutime')
        sys(() => fs.lutimes(abs, a, m), user)
      }
    },

    futimes(fd: unknown, atime: unknown, mtime: unknown): Thunk<void> {
      const n = validateFd(fd)
      const a = toUnixSeconds(atime, 'atime')
      const m = toUnixSeconds(mtime, 'mtime')
      return () => {
        if (core.deviceOf(n, 'futime')) return
        fs.futimes(n, a, m)
      }
    },

    truncate(path: unknown, len?: unknown): Thunk<void> {
      if (typeof path === 'number') return ops.ftruncate(path, len)
      const [user, abs] = pathArg(path)
      const length = len === undefined || len === null ? 0 : Math.max(0, validateInteger(len, 'len'))
      return () => {
        core.checkNotEmpty(user, 'truncate')
        sys(() => fs.truncate(abs, length), user, undefined, 'truncate')
      }
    },

    ftruncate(fd: unknown, len?: unknown): Thunk<void> {
      const n = validateFd(fd)
      const length = len === undefined || len === null ? 0 : Math.max(0, validateInteger(len, 'len'))
      return () => {
        if (core.deviceOf(n, 'ftruncate')) throw systemError('EINVAL', 'ftruncate')
        fs.ftruncate(n, length)
      }
    },

    open(path: unknown, flags?: unknown, mode?: unknown): Thunk<number> {
      const user = toPathString(path)
      const mask = parseFlags(flags, 'r')
      const bits = parseMode(mode, 'mode', 0o666)
      return () => {
        core.checkNotEmpty(user, 'open')
        return core.open(user, mask, bits, user)
      }
    },

    close(fd: unknown): Thunk<void> {
      const n = validateFd(fd)
      return () => core.close(n)
    },

    read(
      fd: unknown,
      buffer: unknown,
      offsetOrOptions?: unknown,
      length?: unknown,
      position?: unknown,
      argc = 5,
    ): Thunk<number> {
      const n = validateFd(fd)
      const view = viewBytes(checkReadBuffer(buffer))
      let offset = offsetOrOptions
      let len = length
      let pos = position
      if (argc <= 3 || (typeof offsetOrOptions === 'object' && offsetOrOptions !== null)) {
        const o = (offsetOrOptions ?? {}) as { offset?: unknown; length?: unknown; position?: unknown }
        offset = o.offset ?? 0
        len = o.length ?? view.byteLength - (typeof offset === 'number' ? offset : 0)
        pos = o.position ?? null
      }
      const off = offset === undefined ? 0 : validateInteger(offset, 'offset', 0)
      const count = typeof len === 'number' ? len | 0 : len === undefined ? view.byteLength - off : Number(len) | 0
      if (count === 0) return () => 0
      if (count < 0) throw outOfRange('length', '>= 0', count)
      if (off + count > view.byteLength) {
        throw outOfRange('length', `<= ${Math.max(0, view.byteLength - off)}`, count)
      }
      const at = checkPosition(pos)
      return (async) => readInto(n, view, off, count, at, async)
    },

    readv(fd: unknown, buffers: unknown, position?: unknown): Thunk<number> {
      const n = validateFd(fd)
      if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
        throw invalidArgTypeMessage('Expected ArrayBufferView[]')
      }
      const at = typeof position === 'number' || typeof position === 'bigint' ? checkPosition(position) : null
      const views = (buffers as ArrayBufferView[]).map(viewBytes)
      return (async) => {
        if (async && core.deviceOf(n, 'read')) {
          return (async () => {
            let total = 0
            for (const view of views) {
              const got = await readInto(n, view, 0, view.byteLength, null, true)
              total += got
              if (got < view.byteLength) break
            }
            return total
          })()
        }
        let total = 0
        let pos = at
        for (const view of views) {
          const got = readInto(n, view, 0, view.byteLength, pos, false) as number
          total += got
          if (pos !== null) pos += got
          if (got < view.byteLength) break
        }
        return total
      }
    },

    write(
      fd: unknown,
      buffer: unknown,
      offsetOrOptions?: unknown,
      length?: unknown,
      position?: unknown,
    ): Thunk<number> {
      const n = validateFd(fd)
      let bytes: Uint8Array
      let at: number | null
      if (ArrayBuffer.isView(buffer)) {
        const view = viewBytes(buffer)
        let offset = offsetOrOptions
        let len = length
        let pos = position
        if (typeof offset === 'object' && offset !== null) {
          const o = offset as { offset?: unknown; length?: unknown; position?: unknown }
          offset = o.offset ?? 0
          len = o.length ?? view.byteLength - (typeof offset === 'number' ? offset : 0)
          pos = o.position ?? null
        }
        const off = typeof offset === 'number' ? offset : 0
        const count = typeof len === 'number' ? len : view.byteLength - off
        if (off > view.byteLength) throw outOfRange('offset', `<= ${view.byteLength}`, off)
        if (count < 0 || count > view.byteLength - off) {
          throw codedError(
            RangeError,
            'ERR_OUT_OF_RANGE',
            `The value of "length" is out of range. It must be >= 0 and <= ${view.byteLength - off}. Received ${count}`,
          )
        }
        validateInteger(off, 'offset', 0)
        bytes = view.subarray(off, off + count)
        at = typeof pos === 'number' && pos >= 0 ? pos : typeof pos === 'bigint' && pos >= 0n ? Number(pos) : null
      } else if (typeof buffer === 'string') {
        const encoding = (validateEncoding(length, false) ?? 'utf8') as BufferEncoding
        bytes = Buffer.from(buffer, encoding)
        at = typeof offsetOrOptions === 'number' && offsetOrOptions >= 0 ? offsetOrOptions : null
      } else {
        throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer)
      }
      return () => writeFrom(n, bytes, at)
    },

    writev(fd: unknown, buffers: unknown, position?: unknown): Thunk<number> {
      const n = validateFd(fd)
      if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
        throw invalidArgTypeMessage('Expected ArrayBufferView[]')
      }
      const at = typeof position === 'number' && position >= 0 ? position : null
      return () => {
        let total = 0
        let pos = at
        for (const b of buffers as ArrayBufferView[]) {
          const wrote = writeFrom(n, viewBytes(b), pos)
          total += wrote
          if (pos !== null) pos += wrote
        }
        return total
      }
    },

    fsync(fd: unknown): Thunk<void> {
      const n = validateFd(fd)
      return () => {
        if (core.deviceOf(n, 'fsync')) throw systemError('EINVAL', 'fsync')
        fs.fsync(n)
      }
    },

    fdatasync(fd: unknown): Thunk<void> {
      const n = validateFd(fd)
      return () => {
        if (core.deviceOf(n, 'fdatasync')) throw systemError('EINVAL', 'fdatasync')
        sys(() => fs.fsync(n), undefined, undefined, 'fdatasync')
      }
    },
  }

  function statLike(path: unknown, options: unknown, follow: boolean): Thunk<Stats | BigIntStats | undefined> {
    const [user, abs] = pathArg(path)
    const o = (typeof options === 'object' && options !== null ? options : {}) as {
      bigint?: unknown
      throwIfNoEntry?: unknown
    }
    const syscall = follow ? 'stat' : 'lstat'
    return () => {
      try {
        core.checkNotEmpty(user, syscall)
        return statsOf(rawStat(abs, user, follow), o.bigint)
      } catch (error) {
        if (o.throwIfNoEntry === false && isSysError(error) && error.code === 'ENOENT') {
          return undefined
        }
        throw error
      }
    }
  }

  // ------------------------------------------------------------------- cp

  interface CpPlan {
    src: string
    dest: string
    srcStat: RawStats
    destStat: RawStats | undefined
  }

  const cpError = (code: string, prefix: string, errno: number, sysCode: string, message: string, path: string) =>
    fsSystemError(code, prefix, { message, path, syscall: 'cp', errno, code: sysCode } as never)

  const tryStat = (abs: string, follow: boolean): RawStats | undefined => {
    try {
      return (follow ? fs.stat(abs) : fs.lstat(abs)) as unknown as RawStats
    } catch (error) {
      if (isSysError(error) && error.code === 'ENOENT') return undefined
      throw error
    }
  }

  const isSubdir = (parent: string, child: string): boolean => {
    const a = posixPath.normalize(core.resolve(parent)).split('/').filter(Boolean)
    const b = posixPath.normalize(core.resolve(child)).split('/').filter(Boolean)
    return a.every((part, i) => b[i] === part)
  }

  /** Node's `checkPaths`: the checks before anything is copied. */
  const cpCheck = (src: string, dest: string, opts: CpOptions, top: boolean): CpPlan => {
    const srcAbs = core.resolve(src)
    const srcStat = sys(
      () => (opts.dereference ? fs.stat(srcAbs) : fs.lstat(srcAbs)) as unknown as RawStats,
      src,
      undefined,
      opts.dereference ? 'stat' : 'lstat',
    )
    const destStat = tryStat(core.resolve(dest), !!opts.dereference)
    if (destStat && destStat.ino === srcStat.ino && destStat.dev === srcStat.dev) {
      throw cpError('ERR_FS_CP_EINVAL', 'Invalid src or dest', 22, 'EINVAL', 'src and dest cannot be the same', dest)
    }
    const srcIsDir = isDirMode(srcStat.mode)
    if (destStat) {
      if (srcIsDir && !isDirMode(destStat.mode)) {
        throw cpError(
          'ERR_FS_CP_DIR_TO_NON_DIR',
          'Cannot overwrite non-directory with directory',
          21,
          'EISDIR',
          `cannot overwrite non-directory ${dest} with directory ${src}`,
          dest,
        )
      }
      if (!srcIsDir && isDirMode(destStat.mode)) {
        throw cpError(
          'ERR_FS_CP_NON_DIR_TO_DIR',
          'Cannot overwrite directory with non-directory',
          20,
          'ENOTDIR',
          `cannot overwrite directory ${dest} with non-directory ${src}`,
          dest,
        )
      }
    }
    if (top && srcIsDir && isSubdir(src, dest)) {
      throw cpError(
        'ERR_FS_CP_EINVAL',
        'Invalid src or dest',
        22,
        'EINVAL',
        `cannot copy ${src} to a subdirectory of self ${dest}`,
        dest,
      )
    }
    return { src, dest, srcStat, destStat }
  }

  /** Copies one checked entry; returns the children of a directory still to copy. */
  const cpOne = (plan: CpPlan, opts: CpOptions): Array<[string, string]> => {
    const { src, dest, srcStat, destStat } = plan
    const srcAbs = core.resolve(src)
    const destAbs = core.resolve(dest)
    const kind = srcStat.mode & S_IFMT
    if (kind === S_IFDIR) {
      if (!opts.recursive) {
        throw fsSystemError('ERR_FS_EISDIR', 'Path is a directory', {
          message: `${src} is a directory (not copied)`,
          path: src,
          syscall: 'cp',
          errno: 21,
          code: 'EISDIR',
        } as never)
      }
      if (!destStat) {
        sys(() => fs.mkdir(destAbs, { mode: srcStat.mode & 0o7777 }), dest)
        sys(() => fs.chmod(destAbs, srcStat.mode & 0o7777), dest)
      }
      const names = sys(() => fs.readdir(srcAbs) as string[], src)
      return names.map((name) => [posixPath.normalize(`${src}/${name}`), posixPath.normalize(`${dest}/${name}`)])
    }
    if (kind === S_IFLNK) {
      let target = sys(() => fs.readlink(srcAbs), src)
      if (!opts.verbatimSymlinks && !target.startsWith('/')) {
        target = posixPath.resolve(posixPath.dirname(posixPath.normalize(srcAbs)), target)
      }
      if (destStat) sys(() => fs.unlink(destAbs), dest)
      sys(() => fs.symlink(target, destAbs), target, dest)
      return []
    }
    if (destStat) {
      if (opts.force) sys(() => fs.unlink(destAbs), dest)
      else if (opts.errorOnExist) {
        throw cpError('ERR_FS_CP_EEXIST', 'Target already exists', 17, 'EEXIST', `${dest} already exists`, dest)
      } else return []
    }
    sys(() => fs.copyFile(srcAbs, destAbs), src, dest)
    if (opts.mode !== undefined) sys(() => fs.chmod(destAbs, srcStat.mode & 0o7777), dest)
    if (opts.preserveTimestamps) {
      sys(() => fs.utimes(destAbs, srcStat.atimeMs / 1000, srcStat.mtimeMs / 1000), dest)
    }
    return []
  }

  const cpSync = (src: string, dest: string, opts: CpOptions): void => {
    const walk = (s: string, d: string, top: boolean): void => {
      if (opts.filter) {
        const keep = opts.filter(s, d)
        if (keep instanceof Promise) {
          throw codedError(TypeError, 'ERR_INVALID_RETURN_VALUE', 'Expected a boolean from the filter function')
        }
        if (!keep) return
      }
      const plan = cpCheck(s, d, opts, top)
      for (const [cs, cd] of cpOne(plan, opts)) walk(cs, cd, false)
    }
    walk(src, dest, true)
  }

  const cpAsync = async (src: string, dest: string, opts: CpOptions): Promise<void> => {
    const walk = async (s: string, d: string, top: boolean): Promise<void> => {
      if (opts.filter && !(await opts.filter(s, d))) return
      const plan = cpCheck(s, d, opts, top)
      for (const [cs, cd] of cpOne(plan, opts)) await walk(cs, cd, false)
    }
    await walk(src, dest, true)
  }

  return { ...ops, readdirImpl, rawFstat, readInto, writeFrom }
}

/** Re-exported for the `Dir` class and `Bun.file`. */
export { O_ACCMODE, O_CREAT, O_EXCL, O_WRONLY }

function kindOf(entry: { kind?: string; isDirectory?: () => boolean; isSymbolicLink?: () => boolean }): string {
  if (entry.kind) return entry.kind
  if (entry.isDirectory?.()) return 'dir'
  if (entry.isSymbolicLink?.()) return 'symlink'
  return 'file'
}
