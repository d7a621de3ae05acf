/**
 * The synchronous filesystem a process sees: the shell's `ShellFs` with
 * relative paths resolved against the process's working directory (the
 * kernel's filesystem is shared by every process, so it only ever gets
 * absolute paths).
 */
import type { ShellFs } from '@aspect-build/bun-core'
import type { FsMethod } from '../protocol.js'

/** The methods a process's filesystem has, with which of their arguments are paths. */
const PATH_ARGUMENTS: Readonly<Record<keyof ShellFs, readonly number[]>> = {
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
}

/** Builds a `ShellFs` whose every method is `call(method, args)` with paths made absolute against `cwd`. */
export function createFsProxy(call: (method: FsMethod, args: unknown[]) => unknown, cwd: string): ShellFs {
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
  return fs as unknown as ShellFs
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
