/**
 * The one mapping from filesystem errors to WASI errnos, and the error a
 * host-side resource throws to answer the guest with a specific errno.
 */
import type { ErrnoCode } from '@aspect-build/virtual-fs'
import { isVfsError } from '@aspect-build/virtual-fs'
import * as C from './constants.js'

/** `VfsError.code` → WASI errno. Every code the VFS can raise is listed (the type checks it). */
export const VFS_TO_WASI_ERRNO: Readonly<Record<ErrnoCode, number>> = {
  EPERM: C.ERRNO_PERM,
  ENOENT: C.ERRNO_NOENT,
  EIO: C.ERRNO_IO,
  EBADF: C.ERRNO_BADF,
  EAGAIN: C.ERRNO_AGAIN,
  EACCES: C.ERRNO_ACCES,
  EFAULT: C.ERRNO_FAULT,
  EBUSY: C.ERRNO_BUSY,
  EEXIST: C.ERRNO_EXIST,
  EXDEV: C.ERRNO_XDEV,
  ENOTDIR: C.ERRNO_NOTDIR,
  EISDIR: C.ERRNO_ISDIR,
  EINVAL: C.ERRNO_INVAL,
  EMFILE: C.ERRNO_MFILE,
  EFBIG: C.ERRNO_FBIG,
  ENOSPC: C.ERRNO_NOSPC,
  ESPIPE: C.ERRNO_SPIPE,
  EROFS: C.ERRNO_ROFS,
  EMLINK: C.ERRNO_MLINK,
  ENAMETOOLONG: C.ERRNO_NAMETOOLONG,
  ENOSYS: C.ERRNO_NOSYS,
  ENOTEMPTY: C.ERRNO_NOTEMPTY,
  ELOOP: C.ERRNO_LOOP,
  ENOTSUP: C.ERRNO_NOTSUP,
  ECANCELED: C.ERRNO_CANCELED,
  // A resolution confined beneath its directory tried to leave it.
  ENOTCAPABLE: C.ERRNO_NOTCAPABLE,
}

/**
 * Thrown by host-side code (the host itself, stream handles such as stdio or
 * sockets, custom import modules) to answer the guest with `errno`. The import
 * wrappers catch it and return the number; it never reaches the guest.
 */
export class WasiError extends Error {
  override name = 'WasiError'
  /** The WASI errno to return (`ERRNO_*`). */
  readonly errno: number

  constructor(errno: number, message?: string) {
    super(message ?? `WASI errno ${errno}`)
    this.errno = errno
  }
}

/**
 * The WASI errno for a filesystem or host error, or `null` when `error` is
 * neither (a host bug or an embedder callback failing).
 */
export function wasiErrnoOf(error: unknown): number | null {
  if (error instanceof WasiError) return error.errno
  if (isVfsError(error)) return VFS_TO_WASI_ERRNO[error.code] ?? C.ERRNO_IO
  return null
}

/**
 * Thrown by `proc_exit` to unwind the guest. {@link WasiHost.start} catches
 * it and returns {@link code}; code that calls a guest's exports directly
 * should catch it the same way.
 */
export class ProcExit extends Error {
  override name = 'ProcExit'
  /** The exit code, as the guest gave it (u32). */
  readonly code: number

  constructor(code: number) {
    super(`proc_exit(${code})`)
    this.code = code
  }
}
