/**
 * `fs.Stats`, `fs.BigIntStats`, `fs.Dirent` and `fs.StatFs` as Bun shows
 * them: own enumerable fields in Bun's order, the `is*()` tests on the
 * prototype, and constructors Node's way (`new Stats(dev, mode, nlink, uid,
 * gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs,
 * birthtimeMs)`, `new Dirent(name, type, path)`).
 */

export const S_IFMT = 0o170000
export const S_IFREG = 0o100000
export const S_IFDIR = 0o040000
export const S_IFCHR = 0o020000
export const S_IFBLK = 0o060000
export const S_IFIFO = 0o010000
export const S_IFLNK = 0o120000
export const S_IFSOCK = 0o140000

/** libuv's dirent types (`fs.constants.UV_DIRENT_*`). */
export const UV_DIRENT_UNKNOWN = 0
export const UV_DIRENT_FILE = 1
export const UV_DIRENT_DIR = 2
export const UV_DIRENT_LINK = 3
export const UV_DIRENT_FIFO = 4
export const UV_DIRENT_SOCKET = 5
export const UV_DIRENT_CHAR = 6
export const UV_DIRENT_BLOCK = 7

/** The `is*()` tests shared by both stats classes, on the file-type bits of `mode`. */
abstract class StatsBase<N extends number | bigint> {
  declare dev: N
  declare ino: N
  declare mode: N
  declare nlink: N
  declare uid: N
  declare gid: N
  declare rdev: N
  declare size: N
  declare blksize: N
  declare blocks: N
  declare atimeMs: N
  declare mtimeMs: N
  declare ctimeMs: N
  declare birthtimeMs: N

  /** The time as a `Date`, made on first access and then kept as an own property (as Node and Bun do). */
  #date(key: 'atime' | 'mtime' | 'ctime' | 'birthtime'): Date {
    const date = new Date(Number(this[`${key}Ms`]))
    Object.defineProperty(this, key, { value: date, writable: true, enumerable: true, configurable: true })
    return date
  }
  get atime(): Date {
    return this.#date('atime')
  }
  set atime(value: Date) {
    Object.defineProperty(this, 'atime', { value, writable: true, enumerable: true, configurable: true })
  }
  get mtime(): Date {
    return this.#date('mtime')
  }
  set mtime(value: Date) {
    Object.defineProperty(this, 'mtime', { value, writable: true, enumerable: true, configurable: true })
  }
  get ctime(): Date {
    return this.#date('ctime')
  }
  set ctime(value: Date) {
    Object.defineProperty(this, 'ctime', { value, writable: true, enumerable: true, configurable: true })
  }
  get birthtime(): Date {
    return this.#date('birthtime')
  }
  set birthtime(value: Date) {
    Object.defineProperty(this, 'birthtime', { value, writable: true, enumerable: true, configurable: true })
  }

  isBlockDevice(): boolean {
    return typeOf(this) === S_IFBLK
  }
  isCharacterDevice(): boolean {
    return typeOf(this) === S_IFCHR
  }
  isDirectory(): boolean {
    return typeOf(this) === S_IFDIR
  }
  isFIFO(): boolean {
    return typeOf(this) === S_IFIFO
  }
  isFile(): boolean {
    return typeOf(this) === S_IFREG
  }
  isSocket(): boolean {
    return typeOf(this) === S_IFSOCK
  }
  isSymbolicLink(): boolean {
    return typeOf(this) === S_IFLNK
  }
}

function typeOf(stats: { mode: number | bigint }): number {
  return Number(stats.mode) & S_IFMT
}

/** `fs.Stats`: numbers, times in milliseconds and as `Date`s. */
export class Stats extends StatsBase<number> {
  declare atimeMs: number
  declare mtimeMs: number
  declare ctimeMs: number
  declare birthtimeMs: number
  constructor(
    dev: number,
    mode: number,
    nlink: number,
    uid: number,
    gid: number,
    rdev: number,
    blksize: number,
    ino: number,
    size: number,
    blocks: number,
    atimeMs: number,
    mtimeMs: number,
    ctimeMs: number,
    birthtimeMs: number,
  ) {
    super()
    this.dev = dev
    this.ino = ino
    this.mode = mode
    this.nlink = nlink
    this.uid = uid
    this.gid = gid
    this.rdev = rdev
    this.size = size
    this.blksize = blksize
    this.blocks = blocks
    this.atimeMs = atimeMs
    this.mtimeMs = mtimeMs
    this.ctimeMs = ctimeMs
    this.birthtimeMs = birthtimeMs
  }
}

/** `fs.BigIntStats` (`{ bigint: true }`): bigints, plus the `*Ns` nanosecond times. */
export class BigIntStats extends StatsBase<bigint> {
  declare atimeNs: bigint
  declare mtimeNs: bigint
  declare ctimeNs: bigint
  declare birthtimeNs: bigint
  constructor(
    dev: bigint,
    mode: bigint,
    nlink: bigint,
    uid: bigint,
    gid: bigint,
    rdev: bigint,
    blksize: bigint,
    ino: bigint,
    size: bigint,
    blocks: bigint,
    atimeNs: bigint,
    mtimeNs: bigint,
    ctimeNs: bigint,
    birthtimeNs: bigint,
  ) {
    super()
    this.dev = dev
    this.ino = ino
    this.mode = mode
    this.nlink = nlink
    this.uid = uid
    this.gid = gid
    this.rdev = rdev
    this.size = size
    this.blksize = blksize
    this.blocks = blocks
    this.atimeMs = atimeNs / 1_000_000n
    this.mtimeMs = mtimeNs / 1_000_000n
    this.ctimeMs = ctimeNs / 1_000_000n
    this.birthtimeMs = birthtimeNs / 1_000_000n
    this.atimeNs = atimeNs
    this.mtimeNs = mtimeNs
    this.ctimeNs = ctimeNs
    this.birthtimeNs = birthtimeNs
  }
}

/** The fields of a stat result as the filesystem (or the kernel across a worker boundary) gives them. */
export interface RawStats {
  dev: number
  ino: number
  mode: number
  nlink: number
  uid: number
  gid: number
  rdev?: number
  size: number
  blksize?: number
  blocks?: number
  atimeMs: number
  mtimeMs: number
  ctimeMs: number
  birthtimeMs: number
  atimeNs?: bigint
  mtimeNs?: bigint
  ctimeNs?: bigint
  birthtimeNs?: bigint
}

/** A `Stats` (or `BigIntStats` with `bigint`) from the filesystem's stat record. */
export function toStats(raw: RawStats, bigint: boolean): Stats | BigIntStats {
  const blksize = raw.blksize ?? 4096
  // Blocks of 512 bytes as a 4 KiB-block disk reports them (ext4: a 1-byte file has 8).
  const type = raw.mode & S_IFMT
  const blocks = type === S_IFREG || type === S_IFDIR ? Math.ceil(raw.size / 4096) * 8 : 0
  if (!bigint) {
    return new Stats(
      raw.dev,
      raw.mode,
      raw.nlink,
      raw.uid,
      raw.gid,
      raw.rdev ?? 0,
      blksize,
      raw.ino,
      raw.size,
      blocks,
      raw.atimeMs,
      raw.mtimeMs,
      raw.ctimeMs,
      raw.birthtimeMs,
    )
  }
  const ns = (value: bigint | undefined, ms: number): bigint => value ?? BigInt(Math.round(ms * 1e6))
  return new BigIntStats(
    BigInt(raw.dev),
    BigInt(raw.mode),
    BigInt(raw.nlink),
    BigInt(raw.uid),
    BigInt(raw.gid),
    BigInt(raw.rdev ?? 0),
    BigInt(blksize),
    BigInt(raw.ino),
    BigInt(raw.size),
    BigInt(blocks),
    ns(raw.atimeNs, raw.atimeMs),
    ns(raw.mtimeNs, raw.mtimeMs),
    ns(raw.ctimeNs, raw.ctimeMs),
    ns(raw.birthtimeNs, raw.birthtimeMs),
  )
}

/** `fs.Dirent`: a directory entry; `parentPath` (and its older alias `path`) is the listed directory. */
export class Dirent {
  name: string | Buffer
  path: string
  parentPath: string
  #type: number

  constructor(name: string | Buffer, type: number, path: string) {
    this.name = name
    this.path = path
    this.parentPath = path
    this.#type = type
  }
  isBlockDevice(): boolean {
    return this.#type === UV_DIRENT_BLOCK
  }
  isCharacterDevice(): boolean {
    return this.#type === UV_DIRENT_CHAR
  }
  isDirectory(): boolean {
    return this.#type === UV_DIRENT_DIR
  }
  isFIFO(): boolean {
    return this.#type === UV_DIRENT_FIFO
  }
  isFile(): boolean {
    return this.#type === UV_DIRENT_FILE
  }
  isSocket(): boolean {
    return this.#type === UV_DIRENT_SOCKET
  }
  isSymbolicLink(): boolean {
    return this.#type === UV_DIRENT_LINK
  }
}

/** The dirent type of a VFS entry kind (`file`, `dir`, `symlink`). */
export function direntType(kind: string | undefined): number {
  if (kind === 'file') return UV_DIRENT_FILE
  if (kind === 'dir') return UV_DIRENT_DIR
  if (kind === 'symlink') return UV_DIRENT_LINK
  return UV_DIRENT_UNKNOWN
}

/** `fs.StatFs` (`statfs`): filesystem-wide counts. */
export class StatFs<N extends number | bigint = number> {
  type: N
  bsize: N
  frsize: N
  blocks: N
  bfree: N
  bavail: N
  files: N
  ffree: N

  constructor(type: N, bsize: N, frsize: N, blocks: N, bfree: N, bavail: N, files: N, ffree: N) {
    this.type = type
    this.bsize = bsize
    this.frsize = frsize
    this.blocks = blocks
    this.bfree = bfree
    this.bavail = bavail
    this.files = files
    this.ffree = ffree
  }
}
