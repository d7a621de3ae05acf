/**
 * The inode model (design §4.2). One class for every kind so that property
 * access stays monomorphic on hot paths; fields that do not apply to a kind
 * keep their empty value.
 */

/** What an inode is. */
export type InodeKind = 'file' | 'dir' | 'symlink'

/** A filesystem mounted on a directory, as the resolver sees it. */
export interface MountPoint {
  /** Device number of the mounted filesystem (every inode in it has this `dev`). */
  readonly dev: number
  /** Root directory of the mounted filesystem. */
  readonly root: Inode
}

const EMPTY = new Uint8Array(0)

export class Inode {
  /** Inode number, unique within its device. */
  ino: number
  /** Device (mount) the inode belongs to. */
  dev: number
  kind: InodeKind
  /** Permission bits (`0o7777` part); the type bits come from `kind`. */
  mode: number
  uid = 0
  gid = 0
  /** Hard-link count: names for files and symlinks; `2 + subdirectories` for directories. */
  nlink = 0
  atimeNs: bigint
  mtimeNs: bigint
  ctimeNs: bigint
  birthtimeNs: bigint

  /** File bytes; only the first `size` are content, the rest is spare capacity. */
  data: Uint8Array = EMPTY
  size = 0

  /** Directory entries by name. */
  entries: Map<string, Inode> | null = null
  /** Sorted entry names, rebuilt lazily after a change. */
  sorted: string[] | null = null
  /**
   * A directory's parent and its name there (directories have exactly one).
   * For files and symlinks: the directory and name of the latest link while
   * that link exists, else null (watch names change events by it).
   */
  parent: Inode | null = null
  name = ''
  /** Set on a directory that is covered by a mount. */
  mounted: MountPoint | null = null
  /** Set on a mount's root: the directory it covers. */
  mountedOn: Inode | null = null

  /** Symlink target. */
  target = ''

  constructor(ino: number, dev: number, kind: InodeKind, mode: number, now: bigint) {
    this.ino = ino
    this.dev = dev
    this.kind = kind
    this.mode = mode & 0o7777
    this.atimeNs = now
    this.mtimeNs = now
    this.ctimeNs = now
    this.birthtimeNs = now
    if (kind === 'dir') {
      this.entries = new Map()
      this.nlink = 2
    }
  }

  /** The file's content, without spare capacity (a view, not a copy). */
  content(): Uint8Array {
    return this.data.subarray(0, this.size)
  }

  /** Sets the file's size, zero-filling when it grows. */
  resize(size: number): void {
    if (size > this.data.length) {
      const grown = new Uint8Array(Math.max(size, Math.min(this.data.length * 2, size + (64 << 20))))
      grown.set(this.data.subarray(0, this.size))
      this.data = grown
    } else if (size > this.size) {
      this.data.fill(0, this.size, size)
    }
    this.size = size
  }

  /** Sorted directory entry names (cached until the directory changes). */
  names(): string[] {
    if (this.sorted === null) this.sorted = [...(this.entries as Map<string, Inode>).keys()].sort()
    return this.sorted
  }
}
