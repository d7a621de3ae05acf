/**
 * The synchronous filesystem core: path resolution, the Node-named path API,
 * descriptors (design §4.3), descriptor-relative `*At` calls for the WASI
 * host, mounts (§4.1), watchers, and write-back to persistent stores.
 */
import {
  COPYFILE_EXCL,
  MAX_SYMLINK_HOPS,
  NAME_MAX,
  O_ACCMODE,
  O_APPEND,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOFOLLOW,
  O_RDONLY,
  O_RDWR,
  O_TRUNC,
  O_WRONLY,
  PATH_MAX,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from './constants.js'
import { Errno, type ErrnoCode, fail, VfsError } from './errors.js'
import { Inode, type InodeKind, type MountPoint } from './inode.js'
import * as P from './path.js'
import {
  type Backend,
  type CommitBatch,
  type InodeRecord,
  type PersistentStore,
  ROOT_INO,
  storeErrorCode,
} from './persist.js'
import { decodeSnapshot, encodeSnapshot, type SnapshotEntry } from './snapshot.js'
import { Dirent, Stats } from './stats.js'

/** A path: a string, or a `file:` URL. */
export type PathLike = string | URL

/** Text encodings `readFile`/`writeFile` accept, with Node's `Buffer` meanings (names match in any case). */
export type Encoding =
  | 'utf8'
  | 'utf-8'
  | 'latin1'
  | 'binary'
  | 'ascii'
  | 'base64'
  | 'base64url'
  | 'hex'
  | 'utf16le'
  | 'utf-16le'
  | 'ucs2'
  | 'ucs-2'

/** `open` flags: Node's strings (`'r'`, `'w+'`, `'ax'` …) or an `O_*` bit mask. */
export type OpenFlags = string | number

/** A time for `utimes`: seconds since the epoch (fractions allowed), a `Date`, or nanoseconds as a bigint. */
export type TimeLike = number | Date | bigint

/** Node's `fs.watch` event kinds. */
export type WatchEventType = 'rename' | 'change'

/** Receives watch events: the kind, and the changed name relative to the watched directory. */
export type WatchListener = (event: WatchEventType, filename: string) => void

/** A running watch; `close()` stops it. */
export interface Watcher {
  close(): void
}

/** Options of {@link createVfs}. */
export interface VfsOptions {
  /** Directory relative paths resolve against. Default `/`. */
  cwd?: string
  /** Bits cleared from the mode of created files and directories. Default `0o022`. */
  umask?: number
  /**
   * Clock in nanoseconds since the epoch. Default: wall time to the
   * microsecond, strictly increasing from call to call.
   */
  clock?: () => bigint
  /** Milliseconds a persistent mount waits to batch changes before writing back. Default 5. */
  flushDelayMs?: number
  /** Called when a background write-back fails; `sync()` also rejects with the error. */
  onError?: (error: VfsError) => void
}

/** Options of the `*At` calls. */
export interface ResolveOptions {
  /** Follow a symlink in the last component. */
  follow?: boolean
  /** Refuse to leave the starting directory (`..` above it, absolute paths or symlinks): `ENOTCAPABLE`. */
  beneath?: boolean
}

/** A time for `utimensAt`: nanoseconds, the current time, or leave unchanged. */
export type TimeSpec = bigint | 'now' | 'omit'

interface Lookup {
  /** Directory holding the last component (after following every earlier symlink). */
  parent: Inode
  /**
   * Last component; `.`/`..` when the path ended in one (then `parent` is the
   * directory it was looked up in), `` when it named the root.
   */
  name: string
  node: Inode | undefined
  /** The path, or the target of a symlink followed last, ended with a slash: the result must be a directory. */
  slash: boolean
}

interface OpenFile {
  node: Inode
  flags: number
  position: number
  path: string
}

/** A filesystem mounted in the tree. */
interface Mount extends MountPoint {
  readonly backendName: string
  readonly store: PersistentStore | null
  nextIno: number
  dirty: Set<Inode>
  removed: Set<number>
  timer: ReturnType<typeof setTimeout> | null
  flushing: Promise<void> | null
  error: VfsError | null
}

interface WatchEntry {
  /** The watched inode (as on Linux, the watch follows it through renames). */
  node: Inode
  /** Basename of the watched path: the filename of events about the inode itself. */
  name: string
  recursive: boolean
  listener: WatchListener
}

const FLAG_STRINGS: Record<string, number> = {
  r: O_RDONLY,
  rs: O_RDONLY,
  sr: O_RDONLY,
  'r+': O_RDWR,
  'rs+': O_RDWR,
  'sr+': O_RDWR,
  w: O_WRONLY | O_CREAT | O_TRUNC,
  wx: O_WRONLY | O_CREAT | O_TRUNC | O_EXCL,
  xw: O_WRONLY | O_CREAT | O_TRUNC | O_EXCL,
  'w+': O_RDWR | O_CREAT | O_TRUNC,
  'wx+': O_RDWR | O_CREAT | O_TRUNC | O_EXCL,
  'xw+': O_RDWR | O_CREAT | O_TRUNC | O_EXCL,
  a: O_WRONLY | O_CREAT | O_APPEND,
  ax: O_WRONLY | O_CREAT | O_APPEND | O_EXCL,
  xa: O_WRONLY | O_CREAT | O_APPEND | O_EXCL,
  as: O_WRONLY | O_CREAT | O_APPEND,
  sa: O_WRONLY | O_CREAT | O_APPEND,
  'a+': O_RDWR | O_CREAT | O_APPEND,
  'ax+': O_RDWR | O_CREAT | O_APPEND | O_EXCL,
  'xa+': O_RDWR | O_CREAT | O_APPEND | O_EXCL,
  'as+': O_RDWR | O_CREAT | O_APPEND,
  'sa+': O_RDWR | O_CREAT | O_APPEND,
}

const FIRST_FD = 3
const MAX_FDS = 1 << 16
const UTF8 = new TextEncoder()
// ignoreBOM keeps a leading U+FEFF in the text, as Node's Buffer#toString does.
const UTF8_DECODER = new TextDecoder('utf-8', { ignoreBOM: true })

/**
 * Creates an in-memory filesystem. Mount persistent backends on it with
 * {@link Vfs.mount}.
 */
export function createVfs(options?: VfsOptions): Vfs {
  return new Vfs(options)
}

/** The filesystem. Every method is synchronous and throws {@link VfsError}. */
export class Vfs {
  private readonly root: Inode
  private readonly mounts: Mount[] = []
  private readonly fds = new Map<number, OpenFile>()
  private nextFd = FIRST_FD
  /** Device numbers are never reused, so a stale `dev` never names a newer mount. */
  private nextDev = 1
  private readonly watchers = new Set<WatchEntry>()
  private readonly now: () => bigint
  private readonly flushDelayMs: number
  private readonly onError: ((error: VfsError) => void) | undefined
  /** The working directory itself: like a process's cwd, it follows renames. */
  private cwdDir: Inode
  /** Bits cleared from the mode of created inodes. */
  umask: number

  constructor(options: VfsOptions = {}) {
    checkOptions(options)
    this.now = options.clock ?? wallClockNs
    this.umask = options.umask ?? 0o022
    this.flushDelayMs = options.flushDelayMs ?? 5
    this.onError = options.onError
    const rootMount = this.newMount({ name: 'memory', records: [], store: null })
    this.root = rootMount.root
    this.cwdDir = this.root
    if (options.cwd !== undefined) this.chdir(options.cwd)
  }

  // ---------------------------------------------------------------- paths

  /** The directory relative paths resolve against (its current path, should it have been renamed). */
  cwd(): string {
    return this.pathOf(this.cwdDir)
  }

  /** Changes the directory relative paths resolve against. */
  chdir(path: PathLike): void {
    this.run('chdir', path, (p) => {
      const { node } = this.lookup(null, p, true, false)
      if (!node) fail('ENOENT')
      if (node.kind !== 'dir') fail('ENOTDIR')
      this.cwdDir = node
    })
  }

  // ------------------------------------------------------- path-level API

  /** Reads a whole file: bytes, or text when an encoding is given. */
  readFile(path: PathLike | number, options: { encoding: Encoding; flag?: OpenFlags } | Encoding): string
  readFile(path: PathLike | number, options?: { encoding?: null; flag?: OpenFlags } | null): Uint8Array
  readFile(
    path: PathLike | number,
    options?: { encoding?: Encoding | null; flag?: OpenFlags } | Encoding | null,
  ): Uint8Array | string {
    const opts = typeof options === 'string' ? { encoding: options } : (options ?? {})
    const encoding = opts.encoding ? canonicalEncoding(opts.encoding, 'read') : null
    let bytes: Uint8Array
    if (typeof path === 'number') {
      const file = this.file(path, 'read')
      if (!readable(file.flags)) throw new VfsError('EBADF', { syscall: 'read' })
      if (file.node.kind === 'dir') throw new VfsError('EISDIR', { syscall: 'read' })
      bytes = file.node.data.slice(Math.min(file.position, file.node.size), file.node.size)
      file.position = Math.max(file.position, file.node.size)
      this.touchAtime(file.node)
    } else {
      const flags = parseFlags(opts.flag ?? 'r')
      const node = this.run('open', path, (p) => this.openNode(null, p, flags, 0o666, false))
      // Like Node: opening a directory read-only works; reading it fails.
      if (!readable(flags)) throw new VfsError('EBADF', { syscall: 'read' })
      if (node.kind === 'dir') throw new VfsError('EISDIR', { syscall: 'read' })
      this.touchAtime(node)
      bytes = node.data.slice(0, node.size)
    }
    return encoding ? decode(bytes, encoding) : bytes
  }

  /** Writes a whole file, creating it (mode `0o666 & ~umask`) or truncating it. */
  writeFile(
    path: PathLike | number,
    data: string | ArrayBufferView | ArrayBuffer,
    options?: { encoding?: Encoding; mode?: number; flag?: OpenFlags } | Encoding,
  ): void {
    const opts = typeof options === 'string' ? { encoding: options } : (options ?? {})
    const bytes = toBytes(data, canonicalEncoding(opts.encoding ?? 'utf8', 'write'))
    if (typeof path === 'number') {
      this.write(path, bytes)
      return
    }
    const flags = parseFlags(opts.flag ?? 'w')
    const node = this.run('open', path, (p) => this.openNode(null, p, flags, opts.mode ?? 0o666, false))
    // Like Node: the open succeeds (creating or truncating), then the write fails.
    if (!writable(flags)) throw new VfsError('EBADF', { syscall: 'write' })
    try {
      if (flags & O_APPEND) {
        this.writeAt(node, bytes, node.size)
      } else if (flags & O_TRUNC && node.size === 0 && bytes.length > 0) {
        // Whole-file replacement: adopt the bytes (a copy when they are the caller's).
        node.data = typeof data === 'string' ? bytes : bytes.slice()
        node.size = bytes.length
        this.modified(node)
      } else {
        this.writeAt(node, bytes, 0)
      }
    } catch (error) {
      throw this.wrap(error, 'write', undefined)
    }
  }

  /** Appends to a file, creating it if needed. */
  appendFile(
    path: PathLike | number,
    data: string | ArrayBufferView | ArrayBuffer,
    options?: { encoding?: Encoding; mode?: number; flag?: OpenFlags } | Encoding,
  ): void {
    const opts = typeof options === 'string' ? { encoding: options } : (options ?? {})
    this.writeFile(path, data, { ...opts, flag: opts.flag ?? 'a' })
  }

  /**
   * Creates a directory (mode `mode & ~umask`, default `0o777`). With
   * `recursive`, creates missing parents too and, like Node, returns the
   * first directory it created as a prefix of the given path (`undefined`
   * when everything existed).
   */
  mkdir(path: PathLike, options?: { recursive?: boolean; mode?: number } | number): string | undefined {
    const opts = typeof options === 'number' ? { mode: options } : (options ?? {})
    const mode = opts.mode ?? 0o777
    return this.run('mkdir', path, (p) => {
      if (!opts.recursive) {
        this.mkdirIn(null, p, mode, false)
        return undefined
      }
      return this.mkdirp(p, mode)
    })
  }

  /** Lists a directory (by path or open descriptor), sorted by name. */
  readdir(path: PathLike | number, options?: { withFileTypes?: false; recursive?: boolean } | Encoding): string[]
  readdir(path: PathLike | number, options: { withFileTypes: true; recursive?: boolean }): Dirent[]
  readdir(
    path: PathLike | number,
    options?: { withFileTypes?: boolean; recursive?: boolean } | Encoding,
  ): string[] | Dirent[] {
    const opts = typeof options === 'string' ? {} : (options ?? {})
    const list = (dir: Inode, dirPath: string): Array<string | Dirent> => {
      this.touchAtime(dir)
      const out: Array<string | Dirent> = []
      const entries = dir.entries as Map<string, Inode>
      for (const name of dir.names()) {
        const child = entries.get(name) as Inode
        const node = child.mounted ? child.mounted.root : child
        out.push(opts.withFileTypes ? new Dirent(name, dirPath, node.kind) : name)
        if (opts.recursive && node.kind === 'dir') {
          for (const sub of list(node, P.join(dirPath, name))) {
            out.push(typeof sub === 'string' ? `${name}/${sub}` : sub)
          }
        }
      }
      return out
    }
    if (typeof path === 'number') {
      const file = this.file(path, 'scandir')
      if (file.node.kind !== 'dir') throw new VfsError('ENOTDIR', { syscall: 'scandir' })
      return list(file.node, file.path) as string[] | Dirent[]
    }
    return this.run('scandir', path, (p) => {
      const { node } = this.lookup(null, p, true, false)
      if (!node) fail('ENOENT')
      if (node.kind !== 'dir') fail('ENOTDIR')
      return list(node, this.absolute(p))
    }) as string[] | Dirent[]
  }

  /** Status of the file a path names, following symlinks. */
  stat(path: PathLike): Stats {
    return this.run('stat', path, (p) => new Stats(this.existing(null, p, true, false)))
  }

  /** Status of a path itself: a symlink is described, not followed. */
  lstat(path: PathLike): Stats {
    return this.run('lstat', path, (p) => new Stats(this.existing(null, p, false, false)))
  }

  /** True when the path resolves (following symlinks). Never throws. */
  exists(path: PathLike): boolean {
    try {
      return this.lookup(null, toPath(path), true, false).node !== undefined
    } catch {
      return false
    }
  }

  /** Creates a symlink at `path` pointing to `target` (stored as given, relative or absolute). */
  symlink(target: PathLike, path: PathLike): void {
    const text = toPath(target)
    const linkPath = toPath(path)
    // Node names the target as the error's `path` and the new link as `dest`.
    this.run('symlink', text, () => this.symlinkIn(null, text, linkPath, false), linkPath)
  }

  /** Reads a symlink's target. */
  readlink(path: PathLike): string {
    return this.run('readlink', path, (p) => this.readlinkIn(null, p, false))
  }

  /** Adds a hard link `newPath` to the file at `existingPath`. */
  link(existingPath: PathLike, newPath: PathLike): void {
    const from = toPath(existingPath)
    const to = toPath(newPath)
    this.run('link', from, () => this.linkIn(null, from, null, to, false, false), to)
  }

  /** Renames, replacing a file or an empty directory at the destination (POSIX `rename`). */
  rename(oldPath: PathLike, newPath: PathLike): void {
    const from = toPath(oldPath)
    const to = toPath(newPath)
    this.run('rename', from, () => this.renameIn(null, from, null, to, false), to)
  }

  /** Removes a name of a file or symlink. */
  unlink(path: PathLike): void {
    this.run('unlink', path, (p) => this.unlinkIn(null, p, false, false))
  }

  /** Removes an empty directory. */
  rmdir(path: PathLike, options?: { recursive?: boolean }): void {
    if (options?.recursive) {
      this.rm(path, { recursive: true })
      return
    }
    this.run('rmdir', path, (p) => this.unlinkIn(null, p, true, false))
  }

  /** Removes files and, with `recursive`, directories; `force` ignores a missing path. */
  rm(path: PathLike, options?: { recursive?: boolean; force?: boolean }): void {
    const p = toPath(path)
    // Like Node, a path that does not resolve is reported as lstat's failure.
    const look = this.run('lstat', p, () => this.lookup(null, p, false, false, 'bare'))
    if (!look.node) {
      if (options?.force) return
      throw new VfsError('ENOENT', { syscall: 'lstat', path: p })
    }
    this.run('rm', p, () => {
      const node = look.node as Inode
      if (look.slash && node.kind !== 'dir') fail('ENOTDIR')
      if (node.kind === 'dir') {
        if (!options?.recursive) fail('EISDIR')
        this.removeTree(look)
      } else {
        this.removeEntry(look.parent, look.name, node)
      }
    })
  }

  /** The canonical absolute path: symlinks, `.` and `..` resolved. */
  realpath(path: PathLike): string {
    return this.run('realpath', path, (p) => {
      const look = this.lookup(null, p, true, false)
      if (!look.node) fail('ENOENT')
      if (look.node.kind === 'dir') return this.pathOf(look.node)
      return P.join(this.pathOf(look.parent), look.name)
    })
  }

  /** Sets access and modification times (following symlinks). */
  utimes(path: PathLike, atime: TimeLike, mtime: TimeLike): void {
    this.run('utime', path, (p) => this.setTimes(this.existing(null, p, true, false), toNs(atime), toNs(mtime)))
  }

  /** Sets times of a symlink itself. */
  lutimes(path: PathLike, atime: TimeLike, mtime: TimeLike): void {
    this.run('lutime', path, (p) => this.setTimes(this.existing(null, p, false, false), toNs(atime), toNs(mtime)))
  }

  /** Sets permission bits. */
  chmod(path: PathLike, mode: number | string): void {
    this.run('chmod', path, (p) => this.setMode(this.existing(null, p, true, false), mode))
  }

  /** Sets owner and group ids (recorded only: every process acts as root). */
  chown(path: PathLike, uid: number, gid: number): void {
    this.run('chown', path, (p) => {
      const node = this.existing(null, p, true, false)
      node.uid = uid
      node.gid = gid
      this.changed(node)
    })
  }

  /** Sets a file's size: cut, or zero-filled when it grows. */
  truncate(path: PathLike, length = 0): void {
    this.run('open', path, (p) => {
      const node = this.existing(null, p, true, false)
      if (node.kind === 'dir') fail('EISDIR')
      this.truncateNode(node, length)
    })
  }

  /** Copies a file's content and mode; `COPYFILE_EXCL` refuses to replace the destination. */
  copyFile(src: PathLike, dest: PathLike, mode = 0): void {
    const from = toPath(src)
    const to = toPath(dest)
    this.run(
      'copyfile',
      from,
      () => {
        const source = this.existing(null, from, true, false)
        if (source.kind === 'dir') fail('EISDIR')
        // Opened without O_TRUNC: copying a file onto itself (or a hard link of it) must not empty it.
        const target = this.openNode(
          null,
          to,
          O_WRONLY | O_CREAT | (mode & COPYFILE_EXCL ? O_EXCL : 0),
          source.mode,
          false,
        )
        if (target === source) return
        target.data = source.data.slice(0, source.size)
        target.size = source.size
        target.mode = source.mode
        this.modified(target)
      },
      to,
    )
  }

  // --------------------------------------------------- descriptor-level API

  /** Opens a file or directory and returns a descriptor (numbers start at 3). */
  open(path: PathLike, flags: OpenFlags = 'r', mode = 0o666): number {
    return this.run('open', path, (p) => this.openFd(null, p, parseFlags(flags), mode, false))
  }

  /** Closes a descriptor. */
  close(fd: number): void {
    this.file(fd, 'close')
    this.fds.delete(fd)
  }

  /**
   * Reads into `buffer` at `offset`, up to `length` bytes, from `position`
   * (or from the descriptor's position, advancing it, when `position` is
   * null). Returns the bytes read; 0 at end of file.
   */
  read(
    fd: number,
    buffer: ArrayBufferView,
    offset = 0,
    length: number = buffer.byteLength - offset,
    position: number | bigint | null = null,
  ): number {
    const file = this.file(fd, 'read')
    if (!readable(file.flags)) throw new VfsError('EBADF', { syscall: 'read' })
    if (file.node.kind === 'dir') throw new VfsError('EISDIR', { syscall: 'read' })
    const view = bytesOf(buffer)
    if (offset < 0 || length < 0 || offset + length > view.length) throw new VfsError('EINVAL', { syscall: 'read' })
    const at = position === null || position === undefined ? file.position : Number(position)
    if (at < 0) throw new VfsError('EINVAL', { syscall: 'read' })
    const node = file.node
    const n = Math.max(0, Math.min(length, node.size - at))
    if (n > 0) view.set(node.data.subarray(at, at + n), offset)
    if (position === null || position === undefined) file.position = at + n
    this.touchAtime(node)
    return n
  }

  /** Reads at an explicit position without moving the descriptor's position. */
  pread(fd: number, buffer: ArrayBufferView, position: number | bigint): number {
    return this.read(fd, buffer, 0, buffer.byteLength, position)
  }

  /**
   * Writes bytes (or a string, UTF-8) at `position`, or at the descriptor's
   * position when null; with `O_APPEND`, always at the end (as Linux's
   * `pwrite` does). Returns bytes written.
   */
  write(
    fd: number,
    data: ArrayBufferView | string,
    offset = 0,
    length?: number,
    position: number | bigint | null = null,
  ): number {
    const file = this.file(fd, 'write')
    if (!writable(file.flags)) throw new VfsError('EBADF', { syscall: 'write' })
    const all = typeof data === 'string' ? UTF8.encode(data) : bytesOf(data)
    const len = length ?? all.length - offset
    if (offset < 0 || len < 0 || offset + len > all.length) throw new VfsError('EINVAL', { syscall: 'write' })
    const bytes = all.subarray(offset, offset + len)
    const node = file.node
    const explicit = position !== null && position !== undefined
    if (explicit && Number(position) < 0) throw new VfsError('EINVAL', { syscall: 'write' })
    // Writing nothing changes nothing: no append moves the position to the end, no hole is made (as Linux).
    if (bytes.length === 0) return 0
    // With O_APPEND every write goes to the end, an explicit position included (Linux's pwrite).
    const at = file.flags & O_APPEND ? node.size : explicit ? Number(position) : file.position
    try {
      this.writeAt(node, bytes, at)
    } catch (error) {
      throw this.wrap(error, 'write', undefined)
    }
    if (!explicit) file.position = at + bytes.length
    return bytes.length
  }

  /** Writes at an explicit position without moving the descriptor's position. */
  pwrite(fd: number, data: ArrayBufferView | string, position: number | bigint): number {
    return this.write(fd, data, 0, undefined, position)
  }

  /** Moves the descriptor's position (`SEEK_SET`, `SEEK_CUR`, `SEEK_END`) and returns it. */
  seek(fd: number, offset: number | bigint, whence: number = SEEK_SET): number {
    const file = this.file(fd, 'lseek')
    const delta = Number(offset)
    let base: number
    if (whence === SEEK_SET) base = 0
    else if (whence === SEEK_CUR) base = file.position
    else if (whence === SEEK_END) base = file.node.kind === 'file' ? file.node.size : 0
    else throw new VfsError('EINVAL', { syscall: 'lseek' })
    const next = base + delta
    if (!Number.isSafeInteger(next) || next < 0) throw new VfsError('EINVAL', { syscall: 'lseek' })
    file.position = next
    return next
  }

  /** Status of an open descriptor (works after the file was unlinked). */
  fstat(fd: number): Stats {
    return new Stats(this.file(fd, 'fstat').node)
  }

  /** Sets the size of the file open on `fd` (which must be open for writing). */
  ftruncate(fd: number, length = 0): void {
    const file = this.file(fd, 'ftruncate')
    // Directories are only ever open read-only, so they fail here too, as on Linux.
    if (!writable(file.flags)) throw new VfsError('EINVAL', { syscall: 'ftruncate' })
    try {
      this.truncateNode(file.node, length)
    } catch (error) {
      throw this.wrap(error, 'ftruncate', undefined)
    }
  }

  /** Sets times of the file open on `fd`. */
  futimes(fd: number, atime: TimeLike, mtime: TimeLike): void {
    this.setTimes(this.file(fd, 'futime').node, toNs(atime), toNs(mtime))
  }

  /** Sets permission bits of the file open on `fd`. */
  fchmod(fd: number, mode: number | string): void {
    this.setMode(this.file(fd, 'fchmod').node, mode)
  }

  /** Flushes a descriptor: a no-op for the in-memory tree (use {@link sync} for persistence). */
  fsync(fd: number): void {
    this.file(fd, 'fsync')
  }

  /** The `O_*` flags a descriptor was opened with (`fcntl(F_GETFL)`). */
  getFlags(fd: number): number {
    return this.file(fd, 'fcntl').flags
  }

  /** Changes the descriptor's `O_APPEND` and `O_NONBLOCK`-style status flags (`fcntl(F_SETFL)`). */
  setFlags(fd: number, flags: number): void {
    const file = this.file(fd, 'fcntl')
    file.flags =
      (file.flags & (O_ACCMODE | O_DIRECTORY | O_NOFOLLOW)) | (flags & ~(O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC))
  }

  /** Current position of a descriptor. */
  tell(fd: number): number {
    return this.file(fd, 'lseek').position
  }

  /** The path a descriptor was opened with (resolved against the cwd at open time). */
  fdPath(fd: number): string {
    return this.file(fd, 'fcntl').path
  }

  // ------------------------------------------- descriptor-relative (*at) API

  /** `openat`: opens `path` relative to the directory open on `dirFd`. */
  openAt(dirFd: number, path: string, flags: number, mode = 0o666, options: ResolveOptions = {}): number {
    const dir = this.dirOf(dirFd, 'openat')
    return this.run('open', path, (p) => this.openFd(dir, p, flags, mode, !!options.beneath))
  }

  /** `fstatat`: status of `path` relative to `dirFd`. */
  statAt(dirFd: number, path: string, options: ResolveOptions = {}): Stats {
    const dir = this.dirOf(dirFd, 'fstatat')
    return this.run('stat', path, (p) => new Stats(this.existing(dir, p, !!options.follow, !!options.beneath)))
  }

  /** `mkdirat`. */
  mkdirAt(dirFd: number, path: string, mode = 0o777, options: ResolveOptions = {}): void {
    const dir = this.dirOf(dirFd, 'mkdirat')
    this.run('mkdir', path, (p) => this.mkdirIn(dir, p, mode, !!options.beneath))
  }

  /** `unlinkat`: removes a file, or an empty directory with `removeDir`. */
  unlinkAt(dirFd: number, path: string, removeDir: boolean, options: ResolveOptions = {}): void {
    const dir = this.dirOf(dirFd, 'unlinkat')
    this.run(removeDir ? 'rmdir' : 'unlink', path, (p) => this.unlinkIn(dir, p, removeDir, !!options.beneath))
  }

  /** `renameat`. */
  renameAt(oldDirFd: number, oldPath: string, newDirFd: number, newPath: string, options: ResolveOptions = {}): void {
    const from = this.dirOf(oldDirFd, 'renameat')
    const to = this.dirOf(newDirFd, 'renameat')
    this.run('rename', oldPath, () => this.renameIn(from, oldPath, to, newPath, !!options.beneath), newPath)
  }

  /** `linkat`; `follow` resolves a symlink in `oldPath`'s last component first. */
  linkAt(oldDirFd: number, oldPath: string, newDirFd: number, newPath: string, options: ResolveOptions = {}): void {
    const from = this.dirOf(oldDirFd, 'linkat')
    const to = this.dirOf(newDirFd, 'linkat')
    this.run(
      'link',
      oldPath,
      () => this.linkIn(from, oldPath, to, newPath, !!options.follow, !!options.beneath),
      newPath,
    )
  }

  /** `symlinkat`. */
  symlinkAt(target: string, dirFd: number, path: string, options: ResolveOptions = {}): void {
    const dir = this.dirOf(dirFd, 'symlinkat')
    this.run('symlink', target, () => this.symlinkIn(dir, target, path, !!options.beneath), path)
  }

  /** `readlinkat`. */
  readlinkAt(dirFd: number, path: string, options: ResolveOptions = {}): string {
    const dir = this.dirOf(dirFd, 'readlinkat')
    return this.run('readlink', path, (p) => this.readlinkIn(dir, p, !!options.beneath))
  }

  /** `utimensat`: each time is nanoseconds, `'now'` or `'omit'`. */
  utimensAt(dirFd: number, path: string, atime: TimeSpec, mtime: TimeSpec, options: ResolveOptions = {}): void {
    const dir = this.dirOf(dirFd, 'utimensat')
    this.run('utime', path, (p) =>
      this.setTimeSpecs(this.existing(dir, p, !!options.follow, !!options.beneath), atime, mtime),
    )
  }

  /** `futimens`: like {@link utimensAt} for an open descriptor. */
  futimens(fd: number, atime: TimeSpec, mtime: TimeSpec): void {
    this.setTimeSpecs(this.file(fd, 'futimens').node, atime, mtime)
  }

  // ---------------------------------------------------------------- mounts

  /**
   * Mounts a backend's filesystem on `path` (created if missing). Lookups use
   * the longest mounted prefix; `rename` and `link` across mounts fail with
   * `EXDEV`.
   */
  mount(path: string, backend: Backend): void {
    this.run('mount', path, (p) => {
      const abs = this.absolute(p)
      if (abs === '/') fail('EBUSY')
      let at: Inode | undefined
      try {
        at = this.lookup(null, abs, true, false).node
      } catch (error) {
        if (!(error instanceof Errno && error.code === 'ENOENT')) throw error
      }
      if (!at) {
        this.mkdirp(abs, 0o777)
        at = this.existing(null, abs, true, false)
      }
      if (at.kind !== 'dir') fail('ENOTDIR')
      // `at` is a mount's root when something is already mounted there.
      if (at.mountedOn || at === this.root) fail('EBUSY')
      const mount = this.newMount(backend)
      mount.root.mountedOn = at
      mount.root.parent = at.parent
      mount.root.name = at.name
      at.mounted = mount
    })
  }

  /**
   * Unmounts the filesystem at `path` after writing back its pending changes.
   * Fails with `EBUSY` while descriptors are open on it, the cwd is inside
   * it, or other mounts sit inside it.
   */
  async unmount(path: string): Promise<void> {
    const root = this.run('umount', path, (p) => this.existing(null, p, true, false))
    const mount = root.mountedOn ? this.mounts.find((m) => m.root === root) : undefined
    if (!mount) throw new VfsError('EINVAL', { syscall: 'umount', path })
    const inside = (m: Mount): boolean => {
      for (let at = this.parentOf(m.root); ; at = this.parentOf(at)) {
        if (at.dev === mount.dev) return true
        if (at === this.root) return false
      }
    }
    let busy = this.cwdDir.dev === mount.dev
    for (const file of this.fds.values()) if (file.node.dev === mount.dev) busy = true
    if (busy || this.mounts.some((m) => m !== mount && inside(m))) {
      throw new VfsError('EBUSY', { syscall: 'umount', path })
    }
    await this.flushMount(mount)
    const at = mount.root.mountedOn as Inode
    at.mounted = null
    this.mounts.splice(this.mounts.indexOf(mount), 1)
    await mount.store?.close()
  }

  /** Mounted filesystems: where, and on which backend. */
  mountTable(): Array<{ path: string; backend: string; dev: number }> {
    return this.mounts.map((m) => ({ path: this.pathOf(m.root), backend: m.backendName, dev: m.dev }))
  }

  /**
   * Resolves when every change made so far is durable in every persistent
   * mount; rejects with `ENOSPC` (quota) or `EIO` when a store refused it.
   * Changes that failed stay pending and are retried by the next sync.
   */
  async sync(): Promise<void> {
    for (const mount of this.mounts) await this.flushMount(mount)
  }

  // ----------------------------------------------------------------- watch

  /**
   * Watches a file or directory: `rename` when a name appears or goes,
   * `change` when content or metadata changes. With `recursive`, changes
   * below subdirectories are reported too, as paths relative to `path`.
   */
  watch(path: PathLike, options: { recursive?: boolean }, listener: WatchListener): Watcher {
    const entry = this.run('watch', path, (p): WatchEntry => {
      const look = this.lookup(null, p, true, false)
      if (!look.node) fail('ENOENT')
      const name =
        look.name === '' || look.name === '.' || look.name === '..' ? P.basename(this.pathOf(look.node)) : look.name
      return { node: look.node, name, recursive: !!options.recursive, listener }
    })
    this.watchers.add(entry)
    return { close: () => void this.watchers.delete(entry) }
  }

  // ------------------------------------------------------------- snapshots

  /**
   * Exports the subtree at `path` to one binary snapshot: directories, files,
   * symlinks and hard links, with modes and times.
   */
  exportSnapshot(path: PathLike): Uint8Array {
    return this.run('export', path, (p) => {
      const top = this.existing(null, p, true, false)
      if (top.kind !== 'dir') fail('ENOTDIR')
      const entries: SnapshotEntry[] = []
      const seen = new Map<Inode, string>()
      const visit = (dir: Inode, rel: string): void => {
        for (const name of dir.names()) {
          const child = (dir.entries as Map<string, Inode>).get(name) as Inode
          const node = child.mounted ? child.mounted.root : child
          const childRel = rel === '' ? name : `${rel}/${name}`
          const first = node.kind === 'file' && node.nlink > 1 ? seen.get(node) : undefined
          if (first !== undefined) {
            entries.push({ kind: 'link', path: childRel, target: first })
            continue
          }
          if (node.kind === 'file') seen.set(node, childRel)
          entries.push({
            kind: node.kind,
            path: childRel,
            mode: node.mode,
            atimeNs: node.atimeNs,
            mtimeNs: node.mtimeNs,
            birthtimeNs: node.birthtimeNs,
            ...(node.kind === 'file' ? { data: node.content() } : {}),
            ...(node.kind === 'symlink' ? { target: node.target } : {}),
          })
          if (node.kind === 'dir') visit(node, childRel)
        }
      }
      visit(top, '')
      return encodeSnapshot({ mode: top.mode, atimeNs: top.atimeNs, mtimeNs: top.mtimeNs }, entries)
    })
  }

  /**
   * Imports a snapshot made by {@link exportSnapshot} into the directory at
   * `path` (created if missing), replacing files of the same names. A
   * corrupt snapshot fails with `EINVAL` before anything is written.
   */
  importSnapshot(path: PathLike, snapshot: Uint8Array): void {
    this.run('import', path, (p) => {
      const decoded = decodeSnapshot(snapshot)
      if (decoded === null) fail('EINVAL')
      const base = this.absolute(p)
      this.mkdirp(base, 0o777)
      const dirTimes: Array<[Inode, SnapshotEntry]> = []
      for (const entry of decoded.entries) {
        const full = `${base}/${entry.path}`
        if (entry.kind === 'dir') {
          // A file or symlink in the way is replaced: following a link here could write outside `base`.
          const look = this.lookup(null, full, false, false)
          if (look.node && look.node.kind !== 'dir') this.unlinkIn(null, full, false, false)
          this.mkdirp(full, 0o777)
          const node = this.existing(null, full, true, false)
          node.mode = (entry.mode ?? 0o755) & 0o7777
          dirTimes.push([node, entry])
          continue
        }
        const look = this.lookup(null, full, false, false)
        if (look.node) {
          if (look.node.kind === 'dir') this.removeTree(look)
          else this.unlinkIn(null, full, false, false)
        }
        if (entry.kind === 'link') {
          this.linkIn(null, `${base}/${entry.target}`, null, full, false, false)
          continue
        }
        let node: Inode
        if (entry.kind === 'symlink') {
          this.symlinkIn(null, entry.target ?? '', full, false)
          node = this.existing(null, full, false, false)
        } else {
          node = this.openNode(null, full, O_WRONLY | O_CREAT | O_TRUNC, entry.mode ?? 0o644, false)
          const data = entry.data ?? new Uint8Array(0)
          node.data = data.slice()
          node.size = data.length
        }
        node.mode = (entry.mode ?? node.mode) & 0o7777
        this.setTimes(node, entry.atimeNs ?? node.atimeNs, entry.mtimeNs ?? node.mtimeNs)
        if (entry.birthtimeNs !== undefined) node.birthtimeNs = entry.birthtimeNs
      }
      // Directory times last: creating their children moved them.
      for (const [node, entry] of dirTimes.reverse()) {
        this.setTimes(node, entry.atimeNs ?? node.atimeNs, entry.mtimeNs ?? node.mtimeNs)
        if (entry.birthtimeNs !== undefined) node.birthtimeNs = entry.birthtimeNs
      }
    })
  }

  // ============================================================ internals

  /** Runs a path operation, turning bare errnos into {@link VfsError}s that name the call and path. */
  private run<T>(syscall: string, path: PathLike, body: (path: string) => T, dest?: string): T {
    const p = toPath(path)
    try {
      return body(p)
    } catch (error) {
      throw this.wrap(error, syscall, p, dest)
    }
  }

  private wrap(error: unknown, syscall: string, path: string | undefined, dest?: string): unknown {
    if (error instanceof Errno) return new VfsError(error.code, { syscall, path, dest })
    if (error instanceof RangeError) return new VfsError('ENOSPC', { syscall, path, dest, detail: error.message })
    return error
  }

  private file(fd: number, syscall: string): OpenFile {
    const file = this.fds.get(fd)
    if (!file) throw new VfsError('EBADF', { syscall })
    return file
  }

  private dirOf(fd: number, syscall: string): Inode {
    const file = this.file(fd, syscall)
    if (file.node.kind !== 'dir') throw new VfsError('ENOTDIR', { syscall })
    return file.node
  }

  private newMount(backend: Backend): Mount {
    const dev = this.nextDev++
    const mount: Mount = {
      dev,
      backendName: backend.name,
      store: backend.store,
      root: undefined as unknown as Inode,
      nextIno: ROOT_INO + 1,
      dirty: new Set(),
      removed: new Set(),
      timer: null,
      flushing: null,
      error: null,
    }
    ;(mount as { root: Inode }).root = this.hydrate(mount, backend.records)
    this.mounts.push(mount)
    return mount
  }

  /** Builds a mount's tree from stored records; unreachable or malformed records are dropped (and deleted at the next write-back). */
  private hydrate(mount: Mount, records: readonly InodeRecord[]): Inode {
    const byIno = new Map<number, InodeRecord>()
    for (const r of records) {
      if (
        Number.isSafeInteger(r?.ino) &&
        r.ino > 0 &&
        (r.kind === 'file' || r.kind === 'dir' || r.kind === 'symlink')
      ) {
        byIno.set(r.ino, r)
      }
    }
    const now = this.now()
    const nodes = new Map<number, Inode>()
    const rootRecord = byIno.get(ROOT_INO)
    const root = this.inodeFrom(mount, rootRecord?.kind === 'dir' ? rootRecord : undefined, ROOT_INO, now)
    nodes.set(ROOT_INO, root)
    const stack: Inode[] = [root]
    while (stack.length > 0) {
      const dir = stack.pop() as Inode
      const record = byIno.get(dir.ino)
      for (const [name, ino] of record?.entries ?? []) {
        if (typeof name !== 'string' || !validName(name) || dir.entries?.has(name)) continue
        const childRecord = byIno.get(ino)
        if (!childRecord) continue
        let child = nodes.get(ino)
        if (child) {
          if (child.kind === 'dir') continue // a directory has one parent
        } else {
          child = this.inodeFrom(mount, childRecord, ino, now)
          nodes.set(ino, child)
          if (child.kind === 'dir') {
            child.parent = dir
            child.name = name
            stack.push(child)
          }
        }
        ;(dir.entries as Map<string, Inode>).set(name, child)
        if (child.kind === 'dir') dir.nlink++
        else {
          child.nlink++
          child.parent = dir
          child.name = name
        }
      }
    }
    for (const ino of byIno.keys()) if (!nodes.has(ino)) mount.removed.add(ino)
    // A loop, not Math.max(...keys): spreading 130,000+ arguments overflows the stack.
    let maxIno = ROOT_INO
    for (const ino of byIno.keys()) if (ino > maxIno) maxIno = ino
    mount.nextIno = maxIno + 1
    if (!rootRecord && mount.store) this.markDirty(root, mount)
    return root
  }

  private inodeFrom(mount: Mount, r: InodeRecord | undefined, ino: number, now: bigint): Inode {
    const node = new Inode(ino, mount.dev, r?.kind ?? 'dir', r?.mode ?? 0o755, now)
    if (!r) return node
    node.uid = r.uid | 0
    node.gid = r.gid | 0
    for (const key of ['atimeNs', 'mtimeNs', 'ctimeNs', 'birthtimeNs'] as const) {
      if (typeof r[key] === 'bigint') node[key] = r[key]
    }
    if (r.kind === 'file' && r.data instanceof Uint8Array) {
      node.data = r.data
      node.size = r.data.length
    }
    if (r.kind === 'symlink') node.target = typeof r.target === 'string' ? r.target : ''
    return node
  }

  private mountOf(node: Inode): Mount {
    return this.mounts.find((m) => m.dev === node.dev) as Mount
  }

  /**
   * Resolves `path` from `start` (the cwd when null; the root for absolute
   * paths). `follow` follows a symlink in the last component. `beneath`
   * refuses to leave `start`. `last` says what to do with the last name:
   * `resolve` it; take it `bare`, for calls that make or remove that name (a
   * trailing slash then neither follows a symlink nor demands a directory:
   * the caller checks `slash`); or, for `open` with O_CREAT, stop at the
   * first last name that has a trailing slash, as Linux does before it
   * refuses to create one (`create`).
   */
  private lookup(
    start: Inode | null,
    path: string,
    follow: boolean,
    beneath: boolean,
    last: 'resolve' | 'bare' | 'create' = 'resolve',
  ): Lookup {
    if (path === '') fail('ENOENT')
    // Limits are in UTF-8 bytes; a UTF-16 unit is 1 to 3 of them.
    if (path.length * 3 >= PATH_MAX && P.utf8Length(path) >= PATH_MAX) fail('ENAMETOOLONG')
    if (path.includes('\0')) fail('EINVAL')
    const base = start ?? this.cwdDir
    if (beneath && path.startsWith('/')) fail('ENOTCAPABLE')
    let cur = path.startsWith('/') ? this.root : base
    const stack = components(path)
    let slash = path.length > 1 && path.endsWith('/')
    let hops = 0
    const bare = last !== 'resolve'
    let lastName = ''
    // The directory the last `.`/`..` was looked up in: Linux's "parent" of such a path.
    let dotParent = cur
    while (stack.length > 0) {
      const name = stack.pop() as string
      lastName = name
      dotParent = cur
      if (cur.kind !== 'dir') fail('ENOTDIR')
      if (name === '.') continue
      if (name === '..') {
        if (beneath && cur === base) fail('ENOTCAPABLE')
        cur = this.parentOf(cur)
        continue
      }
      if (name.length * 3 > NAME_MAX && P.utf8Length(name) > NAME_MAX) fail('ENAMETOOLONG')
      let child = (cur.entries as Map<string, Inode>).get(name)
      if (child?.mounted) child = child.mounted.root
      const isLast = stack.length === 0
      if (isLast && slash && last === 'create') return { parent: cur, name, node: child, slash }
      if (child?.kind === 'symlink' && (!isLast || follow || (slash && !bare))) {
        if (++hops > MAX_SYMLINK_HOPS) fail('ELOOP')
        const target = child.target
        if (target === '') fail('ENOENT')
        if (target.startsWith('/')) {
          if (beneath) fail('ENOTCAPABLE')
          cur = this.root
        }
        // A target ending in a slash demands a directory, like a trailing slash on the path.
        if (isLast && target.length > 1 && target.endsWith('/')) slash = true
        stack.push(...components(target))
        lastName = ''
        continue
      }
      if (isLast) {
        if (slash && !bare && child && child.kind !== 'dir') fail('ENOTDIR')
        return { parent: cur, name, node: child, slash }
      }
      if (!child) fail('ENOENT')
      if (child.kind !== 'dir') fail('ENOTDIR')
      cur = child
    }
    // The path named a directory itself: the root, or one ending in `.`/`..`.
    if (lastName === '.' || lastName === '..') return { parent: dotParent, name: lastName, node: cur, slash }
    return { parent: this.parentOf(cur), name: '', node: cur, slash }
  }

  /** `path` made absolute against the cwd and normalised (lexically: symlinks stay). */
  private absolute(path: string): string {
    return path.startsWith('/') ? P.normalize(path) : P.resolve(this.cwd(), path)
  }

  private parentOf(dir: Inode): Inode {
    if (dir.mountedOn) return dir.mountedOn.parent ?? this.root
    return dir.parent ?? this.root
  }

  /** Canonical absolute path of a directory. */
  private pathOf(dir: Inode): string {
    const names: string[] = []
    let cur = dir
    while (cur !== this.root) {
      const at = cur.mountedOn ?? cur // a mount root is named by the directory it covers
      names.push(at.name)
      cur = at.parent ?? this.root
    }
    return `/${names.reverse().join('/')}`
  }

  private existing(start: Inode | null, path: string, follow: boolean, beneath: boolean): Inode {
    const { node } = this.lookup(start, path, follow, beneath)
    if (!node) fail('ENOENT')
    return node
  }

  /** Opens (and creates or truncates, per `flags`) the inode a path names, checking in Linux's order. */
  private openNode(start: Inode | null, path: string, flags: number, mode: number, beneath: boolean): Inode {
    const create = (flags & O_CREAT) !== 0
    const exclusive = create && (flags & O_EXCL) !== 0
    if (create && flags & O_DIRECTORY) fail('EINVAL')
    // O_CREAT|O_EXCL never follows a final symlink: an existing link is EEXIST.
    const look = this.lookup(start, path, !(flags & O_NOFOLLOW) && !exclusive, beneath, create ? 'create' : 'resolve')
    // A name with a trailing slash (in the path or a followed link's target) cannot be created.
    if (create && look.slash && isEntryName(look.name)) fail('EISDIR')
    let node = look.node
    if (node) {
      if (exclusive) fail('EEXIST')
      if (node.kind === 'symlink') fail(flags & O_DIRECTORY ? 'ENOTDIR' : 'ELOOP')
      if (node.kind === 'dir') {
        if (create || (flags & O_ACCMODE) !== O_RDONLY || flags & O_TRUNC) fail('EISDIR')
      } else if (flags & O_DIRECTORY) {
        fail('ENOTDIR')
      } else if (flags & O_TRUNC) {
        // Linux truncates even when the descriptor is read-only.
        this.truncateNode(node, 0)
      }
      return node
    }
    if (!create) fail('ENOENT')
    node = this.newInode(look.parent, 'file', mode & ~this.umask)
    this.addEntry(look.parent, look.name, node)
    return node
  }

  private openFd(start: Inode | null, path: string, flags: number, mode: number, beneath: boolean): number {
    // Before the open, as on Linux: a full table must not leave a newly created file behind.
    if (this.fds.size >= MAX_FDS) fail('EMFILE')
    const node = this.openNode(start, path, flags, mode, beneath)
    while (this.fds.has(this.nextFd)) this.nextFd = this.nextFd + 1 >= MAX_FDS + FIRST_FD ? FIRST_FD : this.nextFd + 1
    const fd = this.nextFd
    this.nextFd = fd + 1 >= MAX_FDS + FIRST_FD ? FIRST_FD : fd + 1
    const abs = start === null ? this.absolute(path) : path
    this.fds.set(fd, { node, flags, position: 0, path: abs })
    return fd
  }

  /** `mkdir -p` on a path as given (relative to the cwd); returns Node's "first created" prefix. */
  private mkdirp(p: string, mode: number): string | undefined {
    if (p === '') fail('ENOENT')
    let first: string | undefined
    let dir = p.startsWith('/') ? this.root : this.cwdDir
    let i = 0
    while (i < p.length) {
      if (p.charCodeAt(i) === 0x2f) {
        i++
        continue
      }
      let end = p.indexOf('/', i)
      if (end < 0) end = p.length
      const name = p.slice(i, end)
      i = end
      let node = this.lookup(dir, name, false, false).node
      if (node?.kind === 'symlink') {
        // A dangling link cannot be created through (Node reports ENOENT).
        node = this.lookup(dir, name, true, false).node
        if (!node) fail('ENOENT')
      }
      if (node === undefined) {
        dir = this.createDir(dir, name, mode)
        first ??= /[^/]/.test(p.slice(end)) ? p.slice(0, end) : p
      } else if (node.kind === 'dir') {
        dir = node
      } else {
        fail(end === p.length ? 'EEXIST' : 'ENOTDIR')
      }
    }
    return first
  }

  private mkdirIn(start: Inode | null, path: string, mode: number, beneath: boolean): void {
    const look = this.lookup(start, path, false, beneath, 'bare')
    if (look.node) fail('EEXIST')
    this.createDir(look.parent, look.name, mode)
  }

  private createDir(parent: Inode, name: string, mode: number): Inode {
    const dir = this.newInode(parent, 'dir', mode & ~this.umask)
    dir.parent = parent
    dir.name = name
    this.addEntry(parent, name, dir)
    return dir
  }

  private symlinkIn(start: Inode | null, target: string, path: string, beneath: boolean): void {
    if (target === '') fail('ENOENT')
    if (target.length * 3 >= PATH_MAX && P.utf8Length(target) >= PATH_MAX) fail('ENAMETOOLONG')
    const look = this.lookup(start, path, false, beneath, 'bare')
    if (look.node) fail('EEXIST')
    if (look.slash) fail('ENOENT')
    const link = this.newInode(look.parent, 'symlink', 0o777)
    link.target = target
    this.addEntry(look.parent, look.name, link)
  }

  private readlinkIn(start: Inode | null, path: string, beneath: boolean): string {
    const { node } = this.lookup(start, path, false, beneath)
    if (!node) fail('ENOENT')
    if (node.kind !== 'symlink') fail('EINVAL')
    return node.target
  }

  private linkIn(
    fromDir: Inode | null,
    from: string,
    toDir: Inode | null,
    to: string,
    follow: boolean,
    beneath: boolean,
  ): void {
    // Linux's order: the source, then the new name, then the device, then the kind.
    const source = this.lookup(fromDir, from, follow, beneath)
    if (!source.node) fail('ENOENT')
    const dest = this.lookup(toDir, to, false, beneath, 'bare')
    if (dest.node) fail('EEXIST')
    if (dest.slash) fail('ENOENT')
    if (dest.parent.dev !== source.node.dev) fail('EXDEV')
    if (source.node.kind === 'dir') fail('EPERM')
    this.addEntry(dest.parent, dest.name, source.node)
    this.changed(source.node)
  }

  private unlinkIn(start: Inode | null, path: string, removeDir: boolean, beneath: boolean): void {
    const look = this.lookup(start, path, false, beneath, 'bare')
    const node = look.node
    if (!node) fail('ENOENT')
    if (removeDir) {
      if (node.kind !== 'dir') fail('ENOTDIR')
      if (look.name === '.') fail('EINVAL')
      if (look.name === '..') fail('ENOTEMPTY')
      if (node === this.root || node.mountedOn || look.name === '') fail('EBUSY')
      if ((node.entries as Map<string, Inode>).size > 0) fail('ENOTEMPTY')
    } else {
      if (node.kind === 'dir') fail('EISDIR')
      if (look.slash) fail('ENOTDIR')
    }
    this.removeEntry(look.parent, look.name, node)
  }

  private removeTree(look: Lookup): void {
    const node = look.node as Inode
    if (node === this.root || node.mountedOn || look.name === '' || look.name === '.' || look.name === '..') {
      fail(look.name === '.' ? 'EINVAL' : 'EBUSY')
    }
    // Refuse before removing anything when a mount sits inside the tree.
    const busy = (dir: Inode): boolean => {
      for (const child of (dir.entries as Map<string, Inode>).values()) {
        if (child.mounted || (child.kind === 'dir' && busy(child))) return true
      }
      return false
    }
    if (busy(node)) fail('EBUSY')
    const clear = (dir: Inode): void => {
      const entries = dir.entries as Map<string, Inode>
      for (const name of [...dir.names()]) {
        const child = entries.get(name) as Inode
        if (child.kind === 'dir') clear(child)
        this.removeEntry(dir, name, child)
      }
    }
    clear(node)
    this.removeEntry(look.parent, look.name, node)
  }

  /** `rename`, with its checks in Linux's order (`do_renameat2`, then `vfs_rename`). */
  private renameIn(fromDir: Inode | null, from: string, toDir: Inode | null, to: string, beneath: boolean): void {
    const src = this.lookup(fromDir, from, false, beneath, 'bare')
    const dst = this.lookup(toDir, to, false, beneath, 'bare')
    // The two parent directories must be on one filesystem, whether or not the source exists.
    if (src.parent.dev !== dst.parent.dev) fail('EXDEV')
    if (!isEntryName(src.name) || !isEntryName(dst.name)) fail('EBUSY')
    const node = src.node
    if (!node) fail('ENOENT')
    if (node.kind !== 'dir' && (src.slash || dst.slash)) fail('ENOTDIR')
    if (node.mountedOn) fail('EBUSY')
    const existing = dst.node
    // A directory cannot move below itself; a rename cannot replace a directory that holds the source.
    if (node.kind === 'dir' && this.isAncestor(node, dst.parent)) fail('EINVAL')
    if (existing?.kind === 'dir' && this.isAncestor(existing, src.parent)) fail('ENOTEMPTY')
    if (existing === node) return
    if (dst.parent.nlink === 0) fail('ENOENT')
    if (existing) {
      if (existing.mountedOn) fail('EBUSY')
      if (node.kind === 'dir') {
        if (existing.kind !== 'dir') fail('ENOTDIR')
        if ((existing.entries as Map<string, Inode>).size > 0) fail('ENOTEMPTY')
      } else if (existing.kind === 'dir') {
        fail('EISDIR')
      }
      this.removeEntry(dst.parent, dst.name, existing)
    }
    this.detach(src.parent, src.name, node)
    if (node.kind === 'dir') {
      node.parent = dst.parent
      node.name = dst.name
    }
    this.attach(dst.parent, dst.name, node)
    node.ctimeNs = dst.parent.ctimeNs
    this.emit('rename', src.parent, src.name, node)
    this.emit('rename', dst.parent, dst.name, node)
  }

  /** True when `dir` is `node` or one of its ancestors. */
  private isAncestor(dir: Inode, node: Inode): boolean {
    for (let at = node; ; at = this.parentOf(at)) {
      if (at === dir) return true
      if (at === this.root) return false
    }
  }

  private newInode(parent: Inode, kind: InodeKind, mode: number): Inode {
    const mount = this.mountOf(parent)
    return new Inode(mount.nextIno++, mount.dev, kind, mode, this.now())
  }

  /** Adds a name for `node` in `dir`, as creation or a new hard link. */
  private addEntry(dir: Inode, name: string, node: Inode): void {
    if (!validName(name)) fail('EINVAL')
    // A removed directory (still open somewhere) takes no new entries.
    if (dir.nlink === 0) fail('ENOENT')
    this.attach(dir, name, node)
    this.emit('rename', dir, name, node)
  }

  private attach(dir: Inode, name: string, node: Inode): void {
    const entries = dir.entries as Map<string, Inode>
    entries.set(name, node)
    dir.sorted = null
    if (node.kind === 'dir') dir.nlink++
    else {
      node.nlink++
      node.parent = dir
      node.name = name
    }
    const now = this.now()
    dir.mtimeNs = now
    dir.ctimeNs = now
    this.markDirty(dir)
    this.markDirty(node)
  }

  private detach(dir: Inode, name: string, node: Inode): void {
    ;(dir.entries as Map<string, Inode>).delete(name)
    dir.sorted = null
    if (node.kind === 'dir') dir.nlink--
    else {
      node.nlink--
      if (node.parent === dir && node.name === name) node.parent = null
    }
    const now = this.now()
    dir.mtimeNs = now
    dir.ctimeNs = now
    this.markDirty(dir)
  }

  /** Removes a name; the inode lives on while descriptors hold it, and is forgotten by the store. */
  private removeEntry(dir: Inode, name: string, node: Inode): void {
    this.detach(dir, name, node)
    if (node.kind === 'dir') node.nlink = 0
    else node.ctimeNs = this.now()
    if (node.nlink === 0) this.markRemoved(node)
    else this.markDirty(node)
    this.emit('rename', dir, name, node)
  }

  private writeAt(node: Inode, bytes: Uint8Array, at: number): void {
    if (node.kind !== 'file') fail('EISDIR')
    // Linux: a zero-length write changes nothing, not even past the end.
    if (bytes.length === 0) return
    const end = at + bytes.length
    if (!Number.isSafeInteger(end)) fail('EFBIG')
    if (end > node.size) node.resize(end)
    node.data.set(bytes, at)
    this.modified(node)
  }

  private truncateNode(node: Inode, length: number): void {
    if (!Number.isSafeInteger(length) || length < 0) fail('EINVAL')
    node.resize(length)
    if (length * 4 < node.data.length && node.data.length > 4096) node.data = node.data.slice(0, length)
    this.modified(node)
  }

  /** Content changed: mtime and ctime move, watchers hear `change`. */
  private modified(node: Inode): void {
    const now = this.now()
    node.mtimeNs = now
    node.ctimeNs = now
    this.markDirty(node)
    this.emitFor(node, 'change')
  }

  /** Metadata changed: ctime moves, watchers hear `change`. */
  private changed(node: Inode): void {
    node.ctimeNs = this.now()
    this.markDirty(node)
    this.emitFor(node, 'change')
  }

  private touchAtime(node: Inode): void {
    node.atimeNs = this.now()
    this.markDirty(node)
  }

  /** Sets atime and mtime; ctime becomes `now` (one clock reading for `'now'` and ctime alike). */
  private setTimes(node: Inode, atimeNs: bigint, mtimeNs: bigint, now: bigint = this.now()): void {
    node.atimeNs = atimeNs
    node.mtimeNs = mtimeNs
    node.ctimeNs = now
    this.markDirty(node)
    this.emitFor(node, 'change')
  }

  private setTimeSpecs(node: Inode, atime: TimeSpec, mtime: TimeSpec): void {
    if (atime === 'omit' && mtime === 'omit') return
    const now = this.now()
    const pick = (spec: TimeSpec, current: bigint): bigint => (spec === 'now' ? now : spec === 'omit' ? current : spec)
    this.setTimes(node, pick(atime, node.atimeNs), pick(mtime, node.mtimeNs), now)
  }

  private setMode(node: Inode, mode: number | string): void {
    const bits = typeof mode === 'string' ? Number.parseInt(mode, 8) : mode
    if (!Number.isInteger(bits) || bits < 0) fail('EINVAL')
    node.mode = bits & 0o7777
    this.changed(node)
  }

  // ---------------------------------------------------------- write-back

  private markDirty(node: Inode, mount?: Mount): void {
    const m = mount ?? (this.mounts.length === 1 ? (this.mounts[0] as Mount) : this.mountOf(node))
    if (m.store === null) return
    m.dirty.add(node)
    this.schedule(m)
  }

  private markRemoved(node: Inode): void {
    const m = this.mountOf(node)
    if (m.store === null) return
    m.dirty.delete(node)
    m.removed.add(node.ino)
    if (node.kind === 'dir') {
      // Children were removed first; nothing else to forget.
    }
    this.schedule(m)
  }

  private schedule(mount: Mount): void {
    if (mount.timer !== null || mount.flushing !== null) return
    mount.timer = setTimeout(() => {
      mount.timer = null
      this.flushMount(mount).catch(() => {
        // Reported through onError and the next sync(); the changes stay pending.
      })
    }, this.flushDelayMs)
  }

  /** Writes a mount's pending changes back; resolves when they are durable. */
  private async flushMount(mount: Mount): Promise<void> {
    if (mount.store === null) return
    if (mount.timer !== null) {
      clearTimeout(mount.timer)
      mount.timer = null
    }
    while (mount.flushing) await mount.flushing.catch(() => undefined)
    if (mount.dirty.size === 0 && mount.removed.size === 0) {
      if (mount.error) {
        const error = mount.error
        mount.error = null
        throw error
      }
      return
    }
    const dirty = mount.dirty
    const removed = mount.removed
    mount.dirty = new Set()
    mount.removed = new Set()
    const batch: CommitBatch = { put: [], delete: [...removed] }
    for (const node of dirty) if (node.nlink > 0 || node.ino === ROOT_INO) batch.put.push(toRecord(node))
    const store = mount.store
    const attempt = store.commit(batch)
    mount.flushing = attempt
    try {
      await attempt
      mount.error = null
    } catch (cause) {
      // Keep the changes pending (newer marks win), so a later sync retries them.
      for (const node of dirty) mount.dirty.add(node)
      for (const ino of removed) mount.removed.add(ino)
      const error = new VfsError(storeErrorCode(cause), {
        syscall: 'sync',
        path: this.pathOf(mount.root),
        detail: `${storeErrorCode(cause) === 'ENOSPC' ? 'no space left on device' : 'i/o error'} (${describe(cause)})`,
      })
      mount.error = error
      this.onError?.(error)
      throw error
    } finally {
      mount.flushing = null
    }
    if (mount.dirty.size > 0 || mount.removed.size > 0) this.schedule(mount)
  }

  // ----------------------------------------------------------------- watch

  /** An entry `name` of `dir`, naming `node`, appeared, went or changed. */
  private emit(event: WatchEventType, dir: Inode, name: string, node: Inode): void {
    if (this.watchers.size === 0) return
    for (const w of this.watchers) {
      if (w.node === node) this.queue(w, event, w.name)
      else if (w.node.kind === 'dir' && (dir === w.node || (w.recursive && this.isAncestor(w.node, dir)))) {
        this.queue(w, event, this.relativeName(w.node, dir, name))
      }
    }
  }

  /** An inode's content or metadata changed. */
  private emitFor(node: Inode, event: WatchEventType): void {
    if (this.watchers.size === 0) return
    // Directories have one name; a file's latest name is exact while it has one link.
    if (node.kind === 'dir' && node !== this.root && node.nlink > 0) {
      this.emit(event, this.parentOf(node), (node.mountedOn ?? node).name, node)
      return
    }
    if (node.parent !== null && node.nlink === 1) {
      this.emit(event, node.parent, node.name, node)
      return
    }
    // The root, an unlinked inode, or a file with several names: look for it in each watched directory.
    for (const w of this.watchers) {
      if (w.node === node) this.queue(w, event, w.name)
      else if (node.nlink > 0 && w.node.kind === 'dir') {
        const found = this.findName(w.node, node, w.recursive)
        if (found !== null) this.queue(w, event, found)
      }
    }
  }

  /** `name` in `dir`, as a path relative to its ancestor `top`. */
  private relativeName(top: Inode, dir: Inode, name: string): string {
    let rel = name
    for (let at = dir; at !== top; at = this.parentOf(at)) rel = `${(at.mountedOn ?? at).name}/${rel}`
    return rel
  }

  private findName(dir: Inode, node: Inode, recursive: boolean): string | null {
    for (const [name, child] of dir.entries as Map<string, Inode>) {
      if (child === node) return name
    }
    if (!recursive) return null
    for (const [name, child] of dir.entries as Map<string, Inode>) {
      const sub = child.mounted ? child.mounted.root : child
      if (sub.kind !== 'dir') continue
      const found = this.findName(sub, node, true)
      if (found !== null) return `${name}/${found}`
    }
    return null
  }

  /** Calls the listener after the current call returns, unless the watch was closed by then. */
  private queue(w: WatchEntry, event: WatchEventType, filename: string): void {
    queueMicrotask(() => {
      if (this.watchers.has(w)) w.listener(event, filename)
    })
  }
}

// ------------------------------------------------------------------ helpers

function toRecord(node: Inode): InodeRecord {
  const record: InodeRecord = {
    ino: node.ino,
    kind: node.kind,
    mode: node.mode,
    uid: node.uid,
    gid: node.gid,
    atimeNs: node.atimeNs,
    mtimeNs: node.mtimeNs,
    ctimeNs: node.ctimeNs,
    birthtimeNs: node.birthtimeNs,
  }
  if (node.kind === 'file') record.data = node.data.slice(0, node.size)
  else if (node.kind === 'symlink') record.target = node.target
  else record.entries = [...(node.entries as Map<string, Inode>)].map(([name, child]) => [name, child.ino])
  return record
}

/** Path components, last first (a stack to pop), empty ones dropped. */
function components(path: string): string[] {
  const parts = path.split('/')
  const out: string[] = []
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '') out.push(parts[i] as string)
  return out
}

/** False for the names that stand for a directory itself: ``, `.`, `..`. */
function isEntryName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..'
}

function validName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0')
}

function readable(flags: number): boolean {
  return (flags & O_ACCMODE) !== O_WRONLY
}

function writable(flags: number): boolean {
  return (flags & O_ACCMODE) !== O_RDONLY
}

/** Node's flag strings or an `O_*` mask → mask. */
export function parseFlags(flags: OpenFlags): number {
  if (typeof flags === 'number') return flags
  const mask = FLAG_STRINGS[flags]
  if (mask === undefined) throw new VfsError('EINVAL', { syscall: 'open', detail: `invalid flag '${flags}'` })
  return mask
}

function toPath(path: PathLike): string {
  if (typeof path === 'string') return path
  if (path instanceof URL) {
    if (path.protocol !== 'file:') throw new VfsError('EINVAL', { syscall: 'open', detail: 'URL must be file:' })
    return decodeURIComponent(path.pathname)
  }
  throw new TypeError(`The "path" argument must be a string or a file: URL; received ${typeof path}`)
}

function bytesOf(view: ArrayBufferView | ArrayBuffer): Uint8Array {
  if (view instanceof Uint8Array) return view
  if (view instanceof ArrayBuffer) return new Uint8Array(view)
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

type CanonicalEncoding = 'utf8' | 'latin1' | 'ascii' | 'base64' | 'base64url' | 'hex' | 'utf16le'

const ENCODINGS: Record<string, CanonicalEncoding> = {
  utf8: 'utf8',
  'utf-8': 'utf8',
  latin1: 'latin1',
  binary: 'latin1',
  ascii: 'ascii',
  base64: 'base64',
  base64url: 'base64url',
  hex: 'hex',
  utf16le: 'utf16le',
  'utf-16le': 'utf16le',
  ucs2: 'utf16le',
  'ucs-2': 'utf16le',
}

/** Node's encoding names, case-insensitive; anything else is `EINVAL` (checked before any I/O). */
function canonicalEncoding(encoding: string, syscall: string): CanonicalEncoding {
  const known = ENCODINGS[encoding] ?? ENCODINGS[String(encoding).toLowerCase()]
  if (known === undefined) throw new VfsError('EINVAL', { syscall, detail: `unknown encoding '${encoding}'` })
  return known
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/** Sextet of each ASCII character, both alphabets at once (as Node's decoder accepts), -1 otherwise. */
const B64_VALUES = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1)
  for (let i = 0; i < 64; i++) {
    table[B64_ALPHABET.charCodeAt(i)] = i
    table[B64URL_ALPHABET.charCodeAt(i)] = i
  }
  return table
})()
const HEX_PAIRS = /* @__PURE__ */ Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))
/** Characters per `String.fromCharCode.apply` call: far below engines' argument limits. */
const CHUNK = 0x2000

function toBytes(data: string | ArrayBufferView | ArrayBuffer, encoding: CanonicalEncoding): Uint8Array {
  if (typeof data !== 'string') return bytesOf(data)
  switch (encoding) {
    case 'utf8':
      return UTF8.encode(data)
    case 'latin1':
    case 'ascii': {
      // Node keeps the low byte of each UTF-16 code unit (so an astral character gives two bytes).
      const out = new Uint8Array(data.length)
      for (let i = 0; i < data.length; i++) out[i] = data.charCodeAt(i)
      return out
    }
    case 'utf16le': {
      const out = new Uint8Array(data.length * 2)
      for (let i = 0; i < data.length; i++) {
        const unit = data.charCodeAt(i)
        out[2 * i] = unit
        out[2 * i + 1] = unit >>> 8
      }
      return out
    }
    case 'base64':
    case 'base64url': {
      // Like Node: characters outside both alphabets are skipped, the first `=` ends the data,
      // and a trailing partial byte is dropped.
      const out = new Uint8Array(Math.ceil((data.length * 3) / 4))
      let bits = 0
      let acc = 0
      let n = 0
      for (let i = 0; i < data.length; i++) {
        const c = data.charCodeAt(i)
        if (c === 0x3d) break
        const v = c < 128 ? (B64_VALUES[c] as number) : -1
        if (v < 0) continue
        acc = ((acc << 6) | v) & 0xffff
        bits += 6
        if (bits >= 8) {
          bits -= 8
          out[n++] = acc >>> bits
        }
      }
      return out.subarray(0, n)
    }
    case 'hex': {
      // Like Node: decoding stops at the first pair that is not two hex digits.
      const out = new Uint8Array(data.length >>> 1)
      for (let i = 0; i < out.length; i++) {
        const hi = hexValue(data.charCodeAt(2 * i))
        const lo = hexValue(data.charCodeAt(2 * i + 1))
        if (hi < 0 || lo < 0) return out.subarray(0, i)
        out[i] = (hi << 4) | lo
      }
      return out
    }
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const lower = c | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1
}

function decode(bytes: Uint8Array, encoding: CanonicalEncoding): string {
  switch (encoding) {
    case 'utf8':
      return UTF8_DECODER.decode(bytes)
    case 'latin1':
      return fromCodeUnits(bytes)
    case 'ascii': {
      const low = new Uint8Array(bytes.length)
      for (let i = 0; i < bytes.length; i++) low[i] = (bytes[i] as number) & 0x7f
      return fromCodeUnits(low)
    }
    case 'utf16le': {
      const units = new Uint16Array(bytes.length >>> 1)
      for (let i = 0; i < units.length; i++) units[i] = (bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8)
      return fromCodeUnits(units)
    }
    case 'base64':
    case 'base64url': {
      const alphabet = encoding === 'base64' ? B64_ALPHABET : B64URL_ALPHABET
      const parts: string[] = []
      let chunk = ''
      let i = 0
      for (; i + 2 < bytes.length; i += 3) {
        const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
        chunk += alphabet[v >>> 18] + alphabet[(v >>> 12) & 63] + alphabet[(v >>> 6) & 63] + alphabet[v & 63]
        if (chunk.length >= CHUNK) {
          parts.push(chunk)
          chunk = ''
        }
      }
      const rest = bytes.length - i
      if (rest > 0) {
        const v = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0)
        chunk += alphabet[v >>> 18] + alphabet[(v >>> 12) & 63]
        if (rest === 2) chunk += alphabet[(v >>> 6) & 63]
        if (encoding === 'base64') chunk += rest === 2 ? '=' : '=='
      }
      parts.push(chunk)
      return parts.join('')
    }
    case 'hex': {
      const parts: string[] = new Array(bytes.length)
      for (let i = 0; i < bytes.length; i++) parts[i] = HEX_PAIRS[bytes[i] as number] as string
      return parts.join('')
    }
  }
}

/** A string of the given UTF-16 code units, built in chunks (spreading a large array overflows the stack). */
function fromCodeUnits(units: Uint8Array | Uint16Array): string {
  if (units.length <= CHUNK) return String.fromCharCode.apply(null, units as unknown as number[])
  const parts: string[] = []
  for (let i = 0; i < units.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, units.subarray(i, i + CHUNK) as unknown as number[]))
  }
  return parts.join('')
}

function toNs(time: TimeLike): bigint {
  if (typeof time === 'bigint') return time
  if (time instanceof Date) return BigInt(time.getTime()) * 1_000_000n
  if (typeof time === 'number' && Number.isFinite(time)) {
    const whole = Math.floor(time)
    return BigInt(whole) * 1_000_000_000n + BigInt(Math.round((time - whole) * 1e9))
  }
  throw new VfsError('EINVAL', { syscall: 'utime', detail: `invalid time ${String(time)}` })
}

let lastWall = 0n
/**
 * Wall-clock time in nanoseconds (to the microsecond where the platform
 * allows), strictly increasing: two changes never share a timestamp, so
 * "did this call move ctime" has an answer.
 */
function wallClockNs(): bigint {
  const origin = typeof performance !== 'undefined' ? performance.timeOrigin + performance.now() : Date.now()
  const ns = BigInt(Math.round(origin * 1000)) * 1000n
  lastWall = ns > lastWall ? ns : lastWall + 1n
  return lastWall
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

const OPTION_KEYS = new Set(['cwd', 'umask', 'clock', 'flushDelayMs', 'onError'])
function checkOptions(options: VfsOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('createVfs() options must be an object')
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`Invalid option in createVfs(): "${key}"`)
  }
  if (
    options.umask !== undefined &&
    !(Number.isInteger(options.umask) && options.umask >= 0 && options.umask <= 0o777)
  ) {
    throw new TypeError(`Invalid option in createVfs(): "umask" must be an integer from 0 to 0o777`)
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new TypeError(`Invalid option in createVfs(): "clock" must be a function returning nanoseconds`)
  }
}

export type { ErrnoCode }
