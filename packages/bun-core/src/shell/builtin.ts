/**
 * The contract between the interpreter and its builtin commands, and
 * helpers the builtins share (error texts, option parsing).
 */
import type { ByteSource, ShellFs } from './types.js'

/** The mutable part of a shell: what `cd`, `export` and assignments change. Subshells get a copy. */
export interface ShellState {
  /** Absolute working directory. */
  cwd: string
  /** Directory before the last `cd` (for `cd -`). */
  oldCwd: string
  /** Shell variables (`FOO=1`): visible to expansion, not to commands. */
  vars: Map<string, string>
  /** Exported environment: visible to expansion (after `vars`) and to every command. */
  env: Map<string, string>
}

/** One run of a builtin command. */
export interface Invocation {
  /** The command name as invoked. */
  name: string
  /** Arguments after the name, expanded. */
  args: string[]
  fs: ShellFs
  /** The shell the builtin runs in; `cd` and `export` change it. */
  state: ShellState
  /** The environment a program run here would get (exported variables plus `FOO=1 cmd` assignments). */
  env: Record<string, string>
  stdin: ByteSource
  /** Writes to standard output (text is UTF-8 encoded). */
  out(data: string | Uint8Array): Promise<void>
  /** Writes to standard error. */
  err(data: string | Uint8Array): Promise<void>
  /** Aborted when the script is stopped. */
  signal: AbortSignal
  /** Resolves a path against the shell's working directory. */
  resolve(path: string): string
  /** Runs another command (builtin or program) with these streams and environment; null when it does not exist. */
  exec(argv: string[], env: Record<string, string>): Promise<number | null>
}

/** A builtin command: resolves with its exit code. */
export type Builtin = (inv: Invocation) => Promise<number>

/** `strerror` texts, as Bun and coreutils print them. */
const STRERROR: Record<string, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EIO: 'Input/output error',
  EBADF: 'Bad file descriptor',
  EACCES: 'Permission denied',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  EMFILE: 'Too many open files',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  ENAMETOOLONG: 'File name too long',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  ENOSYS: 'Function not implemented',
  ENOTSUP: 'Operation not supported',
}

/** Linux errno numbers, for the builtins that exit with one (Bun's `mv`). */
const ERRNO_NUMBER: Record<string, number> = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EBADF: 9,
  EACCES: 13,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENOSPC: 28,
  EROFS: 30,
  ENAMETOOLONG: 36,
  ENOTEMPTY: 39,
  ELOOP: 40,
}

/** The POSIX code of a filesystem error (`ENOENT` …), or undefined for other throws. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** The `strerror` text of a filesystem error. */
export function errorText(error: unknown): string {
  const code = errorCode(error)
  if (code && STRERROR[code]) return STRERROR[code] as string
  return error instanceof Error ? error.message : String(error)
}

/** The errno number of a filesystem error, 1 when unknown. */
export function errorNumber(error: unknown): number {
  return ERRNO_NUMBER[errorCode(error) ?? ''] ?? 1
}

/** Calls `fn`, returning the error instead of throwing it. */
export function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: fn() }
  } catch (error) {
    return { ok: false, error }
  }
}

/** Whether a path names a directory (following symlinks). */
export function isDirectory(inv: Invocation, path: string): boolean {
  try {
    return inv.fs.stat(path).isDirectory()
  } catch {
    return false
  }
}

/** Whether anything (even a dangling symlink) exists at a path. */
export function lexists(inv: Invocation, path: string): boolean {
  try {
    inv.fs.lstat(path)
    return true
  } catch {
    return false
  }
}
