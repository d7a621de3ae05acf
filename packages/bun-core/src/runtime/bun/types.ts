/**
 * The contract between the `Bun` global and the process that hosts it: the
 * module loader (`bun run`) builds a {@link BunContext} per process and calls
 * `createBun(context)`, then installs the result as `globalThis.Bun`.
 */
import type { ShellFs, ShellIO, SpawnRequest } from '../../shell/types.js'

export type { ShellFs, ShellIO, SpawnRequest }

/** What the `Bun` object of one process runs against. */
export interface BunContext {
  /** The process's synchronous filesystem (the VFS in-process, or a blocking proxy to the kernel). */
  fs: ShellFs
  /** The process's current working directory (absolute), read on every relative path. */
  cwd: () => string
  /** The process environment; `Bun.env` is this very object (mutations are visible both ways). */
  env: Record<string, string>
  /** `Bun.argv`: the executable path, the script path, then the arguments, as in Bun. */
  argv: string[]
  /** Absolute path of the entry script (`Bun.main`). */
  main: string
  /** Writes to the process's standard output (`Bun.stdout`, `Bun.write(Bun.stdout, …)`). */
  stdout: (bytes: Uint8Array) => void
  /** Writes to the process's standard error. */
  stderr: (bytes: Uint8Array) => void
  /** Starts a process in the container (as the shell would); resolves with its exit code, null if no such program. */
  spawn?: (request: SpawnRequest) => Promise<number | null>
  /**
   * Blocking variant of {@link spawn} for `Bun.spawnSync`: runs the request
   * to completion and returns the collected output. Only available where
   * the host can block (a worker with a SharedArrayBuffer bridge).
   */
  spawnSync?: (request: SpawnSyncRequest) => SpawnSyncResult | null
  /** Bun's console formatter; `Bun.inspect` delegates to it. */
  inspect?: (value: unknown, options?: object) => string
}

/** A command for {@link BunContext.spawnSync}: like {@link SpawnRequest} with buffered streams. */
export interface SpawnSyncRequest {
  argv: string[]
  cwd: string
  env: Record<string, string>
  /** Bytes fed to the child's stdin (empty for none). */
  stdin: Uint8Array
}

/** What a finished synchronous child leaves behind. */
export interface SpawnSyncResult {
  exitCode: number
  stdout: Uint8Array
  stderr: Uint8Array
}

/**
 * The `Bun` global of one process. The members are declared in `index.ts`
 * (`BunGlobal` there); this alias keeps the contract importable without
 * pulling the implementation.
 */
export type BunGlobal = import('./index.js').BunGlobal

/** Builds the `Bun` object for one process; implemented in `index.ts`. */
export declare function createBun(context: BunContext): BunGlobal
