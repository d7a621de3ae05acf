/**
 * The synchronous filesystem a process sees: the shell's `ShellFs` with
 * relative paths resolved against the process's working directory (the
 * kernel's filesystem is shared by every process, so it only ever gets
 * absolute paths).
 */
import type { SyncFs } from '@aspect-build/bun-core'
import type { FsMethod } from '../protocol.js'

/** The methods a process's filesystem has, with which of their arguments are paths (`read` and `watch` are special). */
const PATH_ARGUMENTS: Readonly<Record<Exclude<keyof SyncFs, 'read' | 'watch'>, readonly number[]>> = {
  readFile: [0],
  writeFile: [0],
  appendFile: [0],
  readdir: [0],
  stat: [0],
  lstat: [0],
  exists: [0],
  mkdir: [0],
  rm: [0],
  rmdir: [0],
  unlink: [0],
  rename: [0, 1],
  copyFile: [0, 1],
  realpath: [0],
  utimes: [0],
  // The target of a symlink is stored as written; only where it is created resolves.
  symlink: [1],
  readlink: [0],
  link: [0, 1],
  chmod: [0],
  chown: [0],
  truncate: [0],
  lutimes: [0],
  open: [0],
  close: [],
  write: [],
  fstat: [],
  ftruncate: [],
  futimes: [],
  fchmod: [],
  fsync: [],
  seek: [],
  tell: [],
  setFlags: [],
  futimens: [],
  // The *At calls take a path relative to a directory descriptor: nothing to make absolute.
  openAt: [],
  statAt: [],
  mkdirAt: [],
  unlinkAt: [],
  renameAt: [],
  linkAt: [],
  symlinkAt: [],
  readlinkAt: [],
  utimensAt: [],
}

/** Watching, which the proxy cannot do by calls alone: the process runtime serves it. */
export type WatchFunction = SyncFs['watch']

/**
 * Builds a `SyncFs` whose every method is `call(method, args)` with paths
 * made absolute against `cwd`; `read` fills the caller's buffer from the
 * bytes `readFd` answers.
 */
export function createFsProxy(
  call: (method: FsMethod, args: unknown[]) => unknown,
  cwd: string,
  watch: WatchFunction = () => {
    throw new Error('watching is not available here')
  },
): SyncFs {
  const fs: Record<string, (...args: unknown[]) => unknown> = {}
  for (const [method, paths] of Object.entries(PATH_ARGUMENTS)) {
    fs[method] = (...args: unknown[]) => {
      for (const at of paths) {
        const value = args[at]
        if (typeof value === 'string') args[at] = absolute(cwd, value)
        else if (value instanceof URL)
          args[at] = value.protocol === 'file:' ? decodeURIComponent(value.pathname) : value
      }
      return call(method as FsMethod, args)
    }
  }
  fs.read = (...args: unknown[]) => {
    const [fd, buffer, offset = 0, length, position = null] = args as [
      number,
      ArrayBufferView,
      number | undefined,
      number | undefined,
      number | bigint | null | undefined,
    ]
    const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    const want = length ?? view.length - offset
    if (offset < 0 || want < 0 || offset + want > view.length)
      throw Object.assign(new RangeError('offset or length out of range'), { code: 'ERR_OUT_OF_RANGE' })
    const bytes = call('readFd', [
      fd,
      want,
      position === null || position === undefined ? null : Number(position),
    ]) as Uint8Array
    view.set(bytes, offset)
    return bytes.length
  }
  fs.watch = watch as (...args: unknown[]) => unknown
  return fs as unknown as SyncFs
}

/**
 * `path` made absolute by prefixing `cwd`, not normalised: the filesystem
 * itself resolves `..` after symlinks and keeps a trailing slash meaningful.
 * An empty path stays empty (it names nothing: ENOENT).
 */
export function absolute(cwd: string, path: string): string {
  if (path === '' || path.startsWith('/')) return path
  return cwd === '/' ? `/${path}` : `${cwd}/${path}`
}
