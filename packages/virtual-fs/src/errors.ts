/**
 * The one error type of the filesystem. Every failure carries a POSIX `code`
 * (`ENOENT` …), Node's negative `errno`, the `syscall` that failed and the
 * `path` (and `dest` for two-path calls), and its message reads like Node's:
 * `ENOENT: no such file or directory, open '/missing'`.
 */

/** A POSIX error code such as `ENOENT`. */
export type ErrnoCode =
  | 'EPERM'
  | 'ENOENT'
  | 'EIO'
  | 'EBADF'
  | 'EAGAIN'
  | 'EACCES'
  | 'EFAULT'
  | 'EBUSY'
  | 'EEXIST'
  | 'EXDEV'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'EINVAL'
  | 'EMFILE'
  | 'EFBIG'
  | 'ENOSPC'
  | 'ESPIPE'
  | 'EROFS'
  | 'EMLINK'
  | 'ENAMETOOLONG'
  | 'ENOSYS'
  | 'ENOTEMPTY'
  | 'ELOOP'
  | 'ENOTSUP'
  | 'ECANCELED'
  | 'ENOTCAPABLE'

/** POSIX error codes the filesystem raises, with Linux errno numbers and Node's descriptions. */
export const ERRNO: Readonly<Record<ErrnoCode, readonly [number, string]>> = {
  EPERM: [1, 'operation not permitted'],
  ENOENT: [2, 'no such file or directory'],
  EIO: [5, 'i/o error'],
  EBADF: [9, 'bad file descriptor'],
  EAGAIN: [11, 'resource temporarily unavailable'],
  EACCES: [13, 'permission denied'],
  EFAULT: [14, 'bad address in system call argument'],
  EBUSY: [16, 'resource busy or locked'],
  EEXIST: [17, 'file already exists'],
  EXDEV: [18, 'cross-device link not permitted'],
  ENOTDIR: [20, 'not a directory'],
  EISDIR: [21, 'illegal operation on a directory'],
  EINVAL: [22, 'invalid argument'],
  EMFILE: [24, 'too many open files'],
  EFBIG: [27, 'file too large'],
  ENOSPC: [28, 'no space left on device'],
  ESPIPE: [29, 'invalid seek'],
  EROFS: [30, 'read-only file system'],
  EMLINK: [31, 'too many links'],
  ENAMETOOLONG: [36, 'name too long'],
  ENOSYS: [38, 'function not implemented'],
  ENOTEMPTY: [39, 'directory not empty'],
  ELOOP: [40, 'too many symbolic links encountered'],
  ENOTSUP: [95, 'operation not supported on socket'],
  ECANCELED: [125, 'operation canceled'],
  // Not a Linux errno: WASI's capability error (its number, 76), raised when a
  // resolution confined beneath a directory would leave it.
  ENOTCAPABLE: [76, 'path escapes its directory'],
}

/** Options to attach context to a {@link VfsError}. */
export interface VfsErrorContext {
  /** The operation, named like Node's syscall (`open`, `stat`, `rename` …). */
  syscall: string
  /** The path the operation was given. */
  path?: string | undefined
  /** The second path of two-path operations (`rename`, `link`, `symlink`, `copyfile`). */
  dest?: string | undefined
  /** Replaces the default message text after `CODE: ` (rarely needed). */
  detail?: string | undefined
}

/** The filesystem's error: `code`, `errno`, `syscall`, `path`, like Node's `SystemError`. */
export class VfsError extends Error {
  override name = 'Error'
  /** POSIX code, e.g. `ENOENT`. */
  readonly code: ErrnoCode
  /** Node's errno: the negated Linux errno number (`ENOENT` → -2). */
  readonly errno: number
  /** The failing operation. */
  readonly syscall: string
  /** The path the operation was given, if any. */
  declare readonly path?: string
  /** The destination path of two-path operations, if any. */
  declare readonly dest?: string

  constructor(code: ErrnoCode, context: VfsErrorContext) {
    const [num, text] = ERRNO[code]
    let message = `${code}: ${context.detail ?? text}, ${context.syscall}`
    if (context.path !== undefined) message += ` '${context.path}'`
    if (context.dest !== undefined) message += ` -> '${context.dest}'`
    super(message)
    this.code = code
    this.errno = -num
    this.syscall = context.syscall
    if (context.path !== undefined) (this as { path?: string }).path = context.path
    if (context.dest !== undefined) (this as { dest?: string }).dest = context.dest
  }
}

/** True when `error` is a {@link VfsError}, optionally with the given code. */
export function isVfsError(error: unknown, code?: ErrnoCode): error is VfsError {
  return error instanceof VfsError && (code === undefined || error.code === code)
}

/**
 * Internal: a bare errno raised deep inside resolution, turned into a
 * {@link VfsError} with the public path and syscall at the API boundary.
 */
export class Errno {
  constructor(readonly code: ErrnoCode) {}
}

/** Throws a bare {@link Errno}; the public method adds syscall and path. */
export function fail(code: ErrnoCode): never {
  throw new Errno(code)
}
