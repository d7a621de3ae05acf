/**
 * The operation language of the property test: random operations over a
 * small name space, applied to the reference model and to the VFS, with
 * outcomes and whole-tree snapshots in one comparable shape.
 */
import { isVfsError, type Vfs } from '@aspect-build/virtual-fs'
import fc from 'fast-check'
import { FLAGS, type MNode, type MOpen, Model, ModelError } from './reference.js'

export type Op =
  | { op: 'mkdir'; path: string }
  | { op: 'writeFile'; path: string; data: number[] }
  | { op: 'appendFile'; path: string; data: number[] }
  | { op: 'unlink'; path: string }
  | { op: 'rmdir'; path: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'symlink'; target: string; path: string }
  | { op: 'link'; from: string; to: string }
  | { op: 'truncate'; path: string; length: number }
  | { op: 'readFile'; path: string }
  | { op: 'stat'; path: string }
  | { op: 'lstat'; path: string }
  | { op: 'open'; path: string; flag: string }
  | { op: 'write'; fd: number; data: number[] }
  | { op: 'read'; fd: number; length: number }
  | { op: 'ftruncate'; fd: number; length: number }
  | { op: 'close'; fd: number }

/** What an operation did: its error code, or its result reduced to plain data. */
export type Outcome = { code: string } | { ok: unknown }

/** At most this many descriptors are open at once. */
export const MAX_OPEN = 4

/**
 * Operations over the names a, b, c, at most three deep, sometimes with a
 * trailing slash, `.`, or (with `dotDot`) `..`; symlink targets relative,
 * absolute, slash-terminated or empty.
 */
export function opArbitrary(options: { dotDot: boolean }): fc.Arbitrary<Op> {
  const name = fc.constantFrom('a', 'b', 'c')
  const component = options.dotDot
    ? fc.oneof({ weight: 12, arbitrary: name }, { weight: 1, arbitrary: fc.constantFrom('.', '..') })
    : fc.oneof({ weight: 12, arbitrary: name }, { weight: 1, arbitrary: fc.constant('.') })
  const slash = fc.oneof({ weight: 7, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant('/') })
  // Shallow paths are likelier, so that operations meet what earlier ones made.
  const depth = fc.oneof(
    { weight: 4, arbitrary: fc.constant(1) },
    { weight: 4, arbitrary: fc.constant(2) },
    { weight: 1, arbitrary: fc.constant(3) },
  )
  const path = fc
    .tuple(
      depth.chain((n) => fc.array(component, { minLength: n, maxLength: n })),
      slash,
    )
    .map(([parts, end]) => `/${parts.join('/')}${end}`)
  const target = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.array(component, { minLength: 1, maxLength: 2 }), slash).map(([p, e]) => p.join('/') + e),
    },
    { weight: 2, arbitrary: path },
    { weight: 1, arbitrary: fc.constant('') },
  )
  const data = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 })
  const length = fc.integer({ min: 0, max: 9 })
  const fd = fc.integer({ min: 0, max: MAX_OPEN - 1 })
  return fc.oneof(
    { weight: 3, arbitrary: path.map((p): Op => ({ op: 'mkdir', path: p })) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('writeFile' as const), path, data }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('appendFile' as const), path, data }) },
    { weight: 2, arbitrary: path.map((p): Op => ({ op: 'unlink', path: p })) },
    { weight: 2, arbitrary: path.map((p): Op => ({ op: 'rmdir', path: p })) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('rename' as const), from: path, to: path }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('symlink' as const), target, path }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('link' as const), from: path, to: path }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), path, length }) },
    { weight: 2, arbitrary: path.map((p): Op => ({ op: 'readFile', path: p })) },
    { weight: 1, arbitrary: path.map((p): Op => ({ op: 'stat', path: p })) },
    { weight: 1, arbitrary: path.map((p): Op => ({ op: 'lstat', path: p })) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('open' as const), path, flag: fc.constantFrom(...Object.keys(FLAGS)) }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('write' as const), fd, data }) },
    // Reads of at least one byte: Node answers a zero-length read without asking the kernel.
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('read' as const), fd, length: fc.integer({ min: 1, max: 9 }) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('ftruncate' as const), fd, length }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), fd }) },
  )
}

/** Runs `body`, turning the model's errors into an outcome. */
function modelOutcome(body: () => unknown): Outcome {
  try {
    return { ok: body() ?? null }
  } catch (error) {
    if (error instanceof ModelError) return { code: error.code }
    throw error
  }
}

/** Applies an operation to the model; `fds` are its open descriptions, oldest first. */
export function applyToModel(model: Model, fds: MOpen[], op: Op): Outcome {
  switch (op.op) {
    case 'mkdir':
      return modelOutcome(() => model.mkdir(op.path))
    case 'writeFile':
      return modelOutcome(() => model.writeFile(op.path, op.data))
    case 'appendFile':
      return modelOutcome(() => model.appendFile(op.path, op.data))
    case 'unlink':
      return modelOutcome(() => model.unlink(op.path))
    case 'rmdir':
      return modelOutcome(() => model.rmdir(op.path))
    case 'rename':
      return modelOutcome(() => model.rename(op.from, op.to))
    case 'symlink':
      return modelOutcome(() => model.symlink(op.target, op.path))
    case 'link':
      return modelOutcome(() => model.link(op.from, op.to))
    case 'truncate':
      return modelOutcome(() => model.truncate(op.path, op.length))
    case 'readFile':
      return modelOutcome(() => model.readFile(op.path))
    case 'stat':
      return modelOutcome(() => model.stat(op.path, true))
    case 'lstat':
      return modelOutcome(() => model.stat(op.path, false))
    case 'open':
      if (fds.length >= MAX_OPEN) return { ok: 'skipped' }
      return modelOutcome(() => {
        fds.push(model.open(op.path, op.flag))
      })
    default: {
      const file = fds[op.fd % Math.max(fds.length, 1)]
      if (!file) return { ok: 'no descriptor' }
      switch (op.op) {
        case 'write':
          return modelOutcome(() => model.write(file, op.data))
        case 'read':
          return modelOutcome(() => model.read(file, op.length))
        case 'ftruncate':
          return modelOutcome(() => model.ftruncate(file, op.length))
        case 'close':
          fds.splice(fds.indexOf(file), 1)
          return { ok: null }
      }
    }
  }
}

/** Runs `body`, turning VfsErrors into an outcome; any other exception is a bug and propagates. */
function vfsOutcome(body: () => unknown): Outcome {
  try {
    return { ok: body() ?? null }
  } catch (error) {
    if (isVfsError(error)) return { code: error.code }
    throw error
  }
}

function kindOf(vfs: Vfs, path: string, follow: boolean): { kind: MNode['kind']; size: number; nlink: number } {
  const st = follow ? vfs.stat(path) : vfs.lstat(path)
  const kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'file'
  return { kind, size: st.size, nlink: st.nlink }
}

/** Applies an operation to the VFS; `fds` are its open descriptors, oldest first. */
export function applyToVfs(vfs: Vfs, fds: number[], op: Op): Outcome {
  switch (op.op) {
    case 'mkdir':
      return vfsOutcome(() => void vfs.mkdir(op.path))
    case 'writeFile':
      return vfsOutcome(() => vfs.writeFile(op.path, new Uint8Array(op.data)))
    case 'appendFile':
      return vfsOutcome(() => vfs.appendFile(op.path, new Uint8Array(op.data)))
    case 'unlink':
      return vfsOutcome(() => vfs.unlink(op.path))
    case 'rmdir':
      return vfsOutcome(() => vfs.rmdir(op.path))
    case 'rename':
      return vfsOutcome(() => vfs.rename(op.from, op.to))
    case 'symlink':
      return vfsOutcome(() => vfs.symlink(op.target, op.path))
    case 'link':
      return vfsOutcome(() => vfs.link(op.from, op.to))
    case 'truncate':
      return vfsOutcome(() => vfs.truncate(op.path, op.length))
    case 'readFile':
      return vfsOutcome(() => [...vfs.readFile(op.path)])
    case 'stat':
      return vfsOutcome(() => kindOf(vfs, op.path, true))
    case 'lstat':
      return vfsOutcome(() => kindOf(vfs, op.path, false))
    case 'open':
      if (fds.length >= MAX_OPEN) return { ok: 'skipped' }
      return vfsOutcome(() => {
        fds.push(vfs.open(op.path, op.flag))
      })
    default: {
      const fd = fds[op.fd % Math.max(fds.length, 1)]
      if (fd === undefined) return { ok: 'no descriptor' }
      switch (op.op) {
        case 'write':
          return vfsOutcome(() => void vfs.write(fd, new Uint8Array(op.data)))
        case 'read':
          return vfsOutcome(() => {
            const buf = new Uint8Array(op.length)
            return [...buf.subarray(0, vfs.read(fd, buf))]
          })
        case 'ftruncate':
          return vfsOutcome(() => vfs.ftruncate(fd, op.length))
        case 'close':
          fds.splice(fds.indexOf(fd), 1)
          return vfsOutcome(() => vfs.close(fd))
      }
    }
  }
}

/** One entry of a tree snapshot. `same` names the first path of the same inode (hard links). */
export interface TreeEntry {
  path: string
  kind: MNode['kind']
  nlink: number
  same?: string
  data?: number[]
  target?: string
}

/** The model's tree, depth first in sorted order. */
export function modelTree(model: Model): TreeEntry[] {
  const out: TreeEntry[] = []
  const seen = new Map<number, string>()
  const visit = (node: MNode, path: string): void => {
    const entry: TreeEntry = { path, kind: node.kind, nlink: model.nlink(node) }
    const first = seen.get(node.id)
    if (first !== undefined) entry.same = first
    else seen.set(node.id, path)
    if (node.kind === 'file') entry.data = [...node.data]
    if (node.kind === 'symlink') entry.target = node.target
    out.push(entry)
    if (node.kind === 'dir') {
      for (const name of [...node.entries.keys()].sort()) visit(node.entries.get(name) as MNode, `${path}/${name}`)
    }
  }
  visit(model.root, '')
  return out
}

/** The VFS's tree below `root`, in the same shape (identity by inode number). */
export function vfsTree(vfs: Vfs, root = '/'): TreeEntry[] {
  const out: TreeEntry[] = []
  const seen = new Map<number, string>()
  const visit = (full: string, path: string): void => {
    const st = vfs.lstat(full)
    const kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'file'
    const entry: TreeEntry = { path, kind, nlink: st.nlink }
    const first = seen.get(st.ino)
    if (first !== undefined) entry.same = first
    else seen.set(st.ino, path)
    if (kind === 'file') entry.data = [...vfs.readFile(full)]
    if (kind === 'symlink') entry.target = vfs.readlink(full)
    out.push(entry)
    if (kind === 'dir') {
      for (const name of vfs.readdir(full)) visit(full === '/' ? `/${name}` : `${full}/${name}`, `${path}/${name}`)
    }
  }
  visit(root, '')
  return out
}

export { Model }
