/**
 * A reference model of a POSIX filesystem for the property test: a plain
 * nested map of nodes, written from Linux's rules (fs/namei.c order of
 * checks) independently of `src/vfs.ts`, and small enough to read in one go.
 * Errors are thrown as {@link ModelError} with the errno code Linux gives.
 */

export type MNode = MFile | MDir | MLink

interface Base {
  /** Identity, compared with the VFS's inode numbers. */
  readonly id: number
}
export interface MFile extends Base {
  kind: 'file'
  data: number[]
}
export interface MDir extends Base {
  kind: 'dir'
  entries: Map<string, MNode>
  parent: MDir
  removed: boolean
}
export interface MLink extends Base {
  kind: 'symlink'
  target: string
}

export class ModelError extends Error {
  constructor(readonly code: string) {
    super(code)
  }
}

function fail(code: string): never {
  throw new ModelError(code)
}

const MAX_HOPS = 40

/** Where a path led: the directory holding the last name, the name, the node if any. */
interface Found {
  parent: MDir
  name: string
  node: MNode | undefined
  slash: boolean
}

/** An open file description. */
export interface MOpen {
  node: MNode
  readable: boolean
  writable: boolean
  append: boolean
  position: number
}

/** Node's flag strings the operations use, as (create, exclusive, truncate, append, readable, writable). */
export const FLAGS: Record<string, [boolean, boolean, boolean, boolean, boolean, boolean]> = {
  r: [false, false, false, false, true, false],
  'r+': [false, false, false, false, true, true],
  w: [true, false, true, false, false, true],
  'w+': [true, false, true, false, true, true],
  wx: [true, true, true, false, false, true],
  a: [true, false, false, true, false, true],
  'a+': [true, false, false, true, true, true],
}

export class Model {
  private nextId = 1
  readonly root: MDir

  constructor() {
    const root = { id: this.nextId++, kind: 'dir', entries: new Map(), removed: false } as unknown as MDir
    root.parent = root
    this.root = root
  }

  // ------------------------------------------------------------ resolution

  /**
   * Resolves `path` (all paths are absolute here). `follow`: follow a
   * symlink named last. `bare`: a trailing slash neither follows nor checks
   * (calls that make or remove names). `create`: open with O_CREAT, which
   * stops at a last name carrying a trailing slash and refuses it.
   */
  lookup(path: string, follow: boolean, bare = false, create = false): Found {
    if (path === '') fail('ENOENT')
    return this.resolve(this.root, path, follow, bare || create, create, { n: 0 }, false)
  }

  private resolve(
    start: MDir,
    path: string,
    follow: boolean,
    bare: boolean,
    create: boolean,
    hops: { n: number },
    inherited: boolean,
  ): Found {
    const parts = path.split('/').filter((p) => p !== '')
    const slash = inherited || (path.length > 1 && path.endsWith('/'))
    let dir = path.startsWith('/') ? this.root : start
    if (parts.length === 0) return { parent: dir, name: '', node: dir, slash }
    for (const part of parts.slice(0, -1)) dir = this.step(dir, part, hops)
    const last = parts[parts.length - 1] as string
    if (last === '.') return { parent: dir, name: '.', node: dir, slash }
    if (last === '..') return { parent: dir, name: '..', node: dir.parent, slash }
    const child = dir.entries.get(last)
    if (create && slash) return { parent: dir, name: last, node: child, slash }
    if (child?.kind === 'symlink' && (follow || (slash && !bare))) {
      if (++hops.n > MAX_HOPS) fail('ELOOP')
      if (child.target === '') fail('ENOENT')
      return this.resolve(dir, child.target, true, bare, create, hops, slash)
    }
    if (slash && !bare && child && child.kind !== 'dir') fail('ENOTDIR')
    return { parent: dir, name: last, node: child, slash }
  }

  /** One directory step in the middle of a path, following symlinks fully. */
  private step(dir: MDir, part: string, hops: { n: number }): MDir {
    if (part === '.') return dir
    if (part === '..') return dir.parent
    const child = dir.entries.get(part)
    if (!child) return fail('ENOENT')
    if (child.kind === 'file') return fail('ENOTDIR')
    if (child.kind === 'dir') return child
    if (++hops.n > MAX_HOPS) fail('ELOOP')
    if (child.target === '') fail('ENOENT')
    const found = this.resolve(dir, child.target, true, false, false, hops, false)
    if (!found.node) return fail('ENOENT')
    if (found.node.kind !== 'dir') return fail('ENOTDIR')
    return found.node
  }

  private isAncestor(dir: MDir, of: MDir): boolean {
    for (let at = of; ; at = at.parent) {
      if (at === dir) return true
      if (at === this.root) return false
    }
  }

  private add(dir: MDir, name: string, node: MNode): void {
    if (dir.removed) fail('ENOENT')
    dir.entries.set(name, node)
    if (node.kind === 'dir') node.parent = dir
  }

  private newFile(): MFile {
    return { id: this.nextId++, kind: 'file', data: [] }
  }

  // ------------------------------------------------------------ operations

  mkdir(path: string): void {
    const at = this.lookup(path, false, true)
    if (at.node) fail('EEXIST')
    const dir = { id: this.nextId++, kind: 'dir', entries: new Map(), removed: false } as unknown as MDir
    this.add(at.parent, at.name, dir)
  }

  open(path: string, flag: string): MOpen {
    const [create, exclusive, truncate, append, readable, writable] = FLAGS[flag] as boolean[]
    const at = this.lookup(path, !exclusive, false, !!create)
    if (create && at.slash && at.name !== '.' && at.name !== '..' && at.name !== '') fail('EISDIR')
    let node = at.node
    if (node) {
      if (exclusive) fail('EEXIST')
      if (node.kind === 'symlink') fail('ELOOP')
      if (node.kind === 'dir') {
        if (create || writable || truncate) fail('EISDIR')
      } else if (truncate) {
        node.data = []
      }
    } else {
      if (!create) fail('ENOENT')
      if (at.slash) fail('EISDIR')
      node = this.newFile()
      this.add(at.parent, at.name, node)
    }
    return { node, readable: !!readable, writable: !!writable, append: !!append, position: 0 }
  }

  write(file: MOpen, data: number[]): void {
    if (!file.writable) fail('EBADF')
    const node = file.node as MFile
    if (data.length === 0) return
    const at = file.append ? node.data.length : file.position
    while (node.data.length < at) node.data.push(0)
    for (let i = 0; i < data.length; i++) node.data[at + i] = data[i] as number
    file.position = at + data.length
  }

  read(file: MOpen, length: number): number[] {
    if (!file.readable) fail('EBADF')
    if (file.node.kind === 'dir') fail('EISDIR')
    const data = (file.node as MFile).data
    const out = data.slice(file.position, file.position + length)
    file.position += out.length
    return out
  }

  ftruncate(file: MOpen, length: number): void {
    if (!file.writable) fail('EINVAL')
    const node = file.node as MFile
    node.data = node.data.slice(0, length)
    while (node.data.length < length) node.data.push(0)
  }

  writeFile(path: string, data: number[]): void {
    this.write(this.open(path, 'w'), data)
  }

  appendFile(path: string, data: number[]): void {
    this.write(this.open(path, 'a'), data)
  }

  readFile(path: string): number[] {
    const file = this.open(path, 'r')
    return this.read(file, Number.MAX_SAFE_INTEGER)
  }

  truncate(path: string, length: number): void {
    const file = this.open(path, 'r+')
    this.ftruncate(file, length)
  }

  unlink(path: string): void {
    const at = this.lookup(path, false, true)
    if (!at.node) fail('ENOENT')
    if (at.node.kind === 'dir') fail('EISDIR')
    if (at.slash) fail('ENOTDIR')
    at.parent.entries.delete(at.name)
  }

  rmdir(path: string): void {
    const at = this.lookup(path, false, true)
    if (!at.node) fail('ENOENT')
    if (at.node.kind !== 'dir') fail('ENOTDIR')
    if (at.name === '.') fail('EINVAL')
    if (at.name === '..') fail('ENOTEMPTY')
    if (at.name === '') fail('EBUSY')
    if (at.node.entries.size > 0) fail('ENOTEMPTY')
    at.parent.entries.delete(at.name)
    at.node.removed = true
  }

  rename(from: string, to: string): void {
    const src = this.lookup(from, false, true)
    const dst = this.lookup(to, false, true)
    const dotted = (n: string): boolean => n === '' || n === '.' || n === '..'
    if (dotted(src.name) || dotted(dst.name)) fail('EBUSY')
    const node = src.node
    if (!node) fail('ENOENT')
    if (node.kind !== 'dir' && (src.slash || dst.slash)) fail('ENOTDIR')
    if (node.kind === 'dir' && this.isAncestor(node, dst.parent)) fail('EINVAL')
    const existing = dst.node
    if (existing?.kind === 'dir' && this.isAncestor(existing, src.parent)) fail('ENOTEMPTY')
    if (existing === node) return
    if (existing) {
      if (node.kind === 'dir') {
        if (existing.kind !== 'dir') fail('ENOTDIR')
        if ((existing as MDir).entries.size > 0) fail('ENOTEMPTY')
      } else if (existing.kind === 'dir') {
        fail('EISDIR')
      }
      if (existing.kind === 'dir') existing.removed = true
    }
    src.parent.entries.delete(src.name)
    this.add(dst.parent, dst.name, node)
  }

  symlink(target: string, path: string): void {
    if (target === '') fail('ENOENT')
    const at = this.lookup(path, false, true)
    if (at.node) fail('EEXIST')
    if (at.slash) fail('ENOENT')
    this.add(at.parent, at.name, { id: this.nextId++, kind: 'symlink', target })
  }

  link(from: string, to: string): void {
    const src = this.lookup(from, false)
    if (!src.node) fail('ENOENT')
    const dst = this.lookup(to, false, true)
    if (dst.node) fail('EEXIST')
    if (dst.slash) fail('ENOENT')
    if (src.node.kind === 'dir') fail('EPERM')
    this.add(dst.parent, dst.name, src.node)
  }

  /** What stat/lstat would say, reduced to what the model knows. */
  stat(path: string, follow: boolean): { kind: MNode['kind']; size: number; nlink: number } {
    const at = this.lookup(path, follow)
    if (!at.node) return fail('ENOENT')
    return { kind: at.node.kind, size: this.size(at.node), nlink: this.nlink(at.node) }
  }

  // ------------------------------------------------------------- inspection

  size(node: MNode): number {
    if (node.kind === 'file') return node.data.length
    if (node.kind === 'symlink') return new TextEncoder().encode(node.target).length
    return 4096
  }

  /** Names of a node in the tree (files, links), or 2 + subdirectories (directories). */
  nlink(node: MNode): number {
    if (node.kind === 'dir') {
      if (node.removed) return 0
      let subdirs = 0
      for (const child of node.entries.values()) if (child.kind === 'dir') subdirs++
      return 2 + subdirs
    }
    let count = 0
    const visit = (dir: MDir): void => {
      for (const child of dir.entries.values()) {
        if (child === node) count++
        if (child.kind === 'dir') visit(child)
      }
    }
    visit(this.root)
    return count
  }
}
