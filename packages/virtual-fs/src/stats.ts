/** `Stats` and `Dirent`, shaped like Node's so code written for `node:fs` reads them unchanged. */
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from './constants.js'
import type { Inode, InodeKind } from './inode.js'
import { utf8Length } from './path.js'

const TYPE_BITS: Record<InodeKind, number> = { file: S_IFREG, dir: S_IFDIR, symlink: S_IFLNK }
const NS_PER_MS = 1_000_000n

/** Size in bytes that `stat` reports for a directory (as ext4 does). */
const DIR_SIZE = 4096

/** What `stat`, `lstat` and `fstat` return. Times are kept to the nanosecond in the `*Ns` fields. */
export class Stats {
  dev: number
  ino: number
  mode: number
  nlink: number
  uid: number
  gid: number
  rdev = 0
  size: number
  blksize = 4096
  blocks: number
  atimeMs: number
  mtimeMs: number
  ctimeMs: number
  birthtimeMs: number
  atimeNs: bigint
  mtimeNs: bigint
  ctimeNs: bigint
  birthtimeNs: bigint

  constructor(node: Inode) {
    this.dev = node.dev
    this.ino = node.ino
    this.mode = TYPE_BITS[node.kind] | node.mode
    this.nlink = node.nlink
    this.uid = node.uid
    this.gid = node.gid
    this.size = node.kind === 'file' ? node.size : node.kind === 'dir' ? DIR_SIZE : utf8Length(node.target)
    this.blocks = Math.ceil(this.size / 512)
    this.atimeNs = node.atimeNs
    this.mtimeNs = node.mtimeNs
    this.ctimeNs = node.ctimeNs
    this.birthtimeNs = node.birthtimeNs
    this.atimeMs = nsToMs(node.atimeNs)
    this.mtimeMs = nsToMs(node.mtimeNs)
    this.ctimeMs = nsToMs(node.ctimeNs)
    this.birthtimeMs = nsToMs(node.birthtimeNs)
  }

  get atime(): Date {
    return new Date(this.atimeMs)
  }
  get mtime(): Date {
    return new Date(this.mtimeMs)
  }
  get ctime(): Date {
    return new Date(this.ctimeMs)
  }
  get birthtime(): Date {
    return new Date(this.birthtimeMs)
  }
  isFile(): boolean {
    return (this.mode & S_IFMT) === S_IFREG
  }
  isDirectory(): boolean {
    return (this.mode & S_IFMT) === S_IFDIR
  }
  isSymbolicLink(): boolean {
    return (this.mode & S_IFMT) === S_IFLNK
  }
  isBlockDevice(): boolean {
    return false
  }
  isCharacterDevice(): boolean {
    return false
  }
  isFIFO(): boolean {
    return false
  }
  isSocket(): boolean {
    return false
  }
}

/** A directory entry, as `readdir(path, { withFileTypes: true })` returns it. */
export class Dirent {
  /** Entry name. */
  name: string
  /** Directory the entry was read from. */
  parentPath: string
  /** Node's older alias of `parentPath`. */
  path: string
  /** Entry kind. */
  readonly kind: InodeKind

  constructor(name: string, parentPath: string, kind: InodeKind) {
    this.name = name
    this.parentPath = parentPath
    this.path = parentPath
    this.kind = kind
  }
  isFile(): boolean {
    return this.kind === 'file'
  }
  isDirectory(): boolean {
    return this.kind === 'dir'
  }
  isSymbolicLink(): boolean {
    return this.kind === 'symlink'
  }
  isBlockDevice(): boolean {
    return false
  }
  isCharacterDevice(): boolean {
    return false
  }
  isFIFO(): boolean {
    return false
  }
  isSocket(): boolean {
    return false
  }
}

function nsToMs(ns: bigint): number {
  // Whole milliseconds exactly, plus the sub-millisecond fraction.
  const ms = ns / NS_PER_MS
  return Number(ms) + Number(ns - ms * NS_PER_MS) / 1e6
}
