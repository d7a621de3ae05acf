/**
 * The shell's contract with whoever runs it: the container runtime (as the
 * `sh` program and the playground's interactive shell), `bun run` (for
 * package.json scripts) and `Bun.$`.
 */
import type { Vfs } from '@aspect-build/virtual-fs'

/** The filesystem calls the shell uses: the VFS itself in-process, or a synchronous proxy to a kernel with the same method names. */
export type ShellFs = Pick<
  Vfs,
  | 'readFile'
  | 'writeFile'
  | 'appendFile'
  | 'readdir'
  | 'stat'
  | 'lstat'
  | 'exists'
  | 'mkdir'
  | 'rm'
  | 'rmdir'
  | 'unlink'
  | 'rename'
  | 'copyFile'
  | 'realpath'
  | 'utimes'
  | 'symlink'
  | 'readlink'
>

/** Where a command's output goes. A returned promise is awaited before the next write (that is the only backpressure). */
export interface ByteSink {
  write(chunk: Uint8Array): void | Promise<void>
}

/** Where a command's input comes from. */
export interface ByteSource {
  /** The next chunk, or null at end of input (EOF). */
  read(): Promise<Uint8Array | null>
}

/** The three standard streams of a command or a whole script. */
export interface ShellIO {
  stdin: ByteSource
  stdout: ByteSink
  stderr: ByteSink
}

/** A command the shell does not implement itself, handed to `ShellContext.spawn`. */
export interface SpawnRequest {
  /** The program name (as written, not resolved) and its arguments, after expansion. */
  argv: string[]
  /** Absolute working directory. */
  cwd: string
  /** The complete environment of the child (exported variables plus `FOO=1 cmd` assignments). */
  env: Record<string, string>
  /** The child's streams; pipes and redirections are already applied. */
  io: ShellIO
  /** Aborted when the script is stopped, or when the pipeline the command is in no longer needs it. */
  signal?: AbortSignal
}

/** Everything a script runs against. */
export interface ShellContext {
  fs: ShellFs
  /** Absolute starting directory. */
  cwd: string
  /** The exported environment at the start; not mutated (the final one is in `ShellResult.env`). */
  env: Record<string, string>
  io: ShellIO
  /**
   * Runs a command that is not a builtin. Resolves with its exit code, or
   * null when no such program exists: the shell then prints Bun's
   * `bun: command not found: NAME` and uses exit code 1, which is what the
   * real Bun (1.4) does, not the 127 of POSIX shells.
   */
  spawn?: (request: SpawnRequest) => Promise<number | null>
  /** Aborting it stops the script (pipelines, sleep, yes) promptly. */
  signal?: AbortSignal
}

/** What a finished script leaves behind. */
export interface ShellResult {
  /** The exit code of the last command run (or of `exit N`). */
  exitCode: number
  /** The working directory at the end (after any top-level `cd`). */
  cwd: string
  /** The exported environment at the end (after any top-level `export`). */
  env: Record<string, string>
}

/**
 * Parses and runs a script; never throws for script errors (they become
 * stderr output and an exit code). The implementation is `runShell` in
 * `interpreter.ts`, exported by the package (it also accepts `argv`, the
 * positional parameters).
 */
export declare function runShell(script: string, context: ShellContext): Promise<ShellResult>
