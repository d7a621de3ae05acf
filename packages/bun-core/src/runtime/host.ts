/**
 * The contract between the Bun runtime of one process and the container that
 * hosts it. The container (browser-runtime's process worker, or the kernel
 * worker for inline processes, or a test) builds a {@link RuntimeHost}; the
 * runtime (`process`, `Bun`, `node:*`, the module loader, the CLI) only ever
 * talks to the outside world through it.
 *
 * Everything here is synchronous where Node's and Bun's APIs are synchronous
 * (`fs.readFileSync`, `process.stdout.write`, `require`): in a process worker
 * each call is a blocking system call to the kernel; inline, a direct call.
 */
import type { Vfs } from '@aspect-build/virtual-fs'
import type { ShellFs, SpawnRequest } from '../shell/types.js'

/**
 * The filesystem a process sees, with the `Vfs` method names and semantics
 * (Node's `fs` names without `Sync`; errors are `VfsError`s with `code`,
 * `errno`, `syscall`, `path` and Node's messages). Relative paths resolve
 * against the process's working directory. Descriptors are the kernel's and
 * are closed when the process exits; 0, 1 and 2 are not in this table (the
 * runtime routes them to {@link RuntimeHost.stdin}/`stdout`/`stderr`).
 */
export type SyncFs = ShellFs &
  Pick<
    Vfs,
    | 'link'
    | 'chmod'
    | 'chown'
    | 'truncate'
    | 'lutimes'
    | 'open'
    | 'close'
    | 'read'
    | 'write'
    | 'fstat'
    | 'ftruncate'
    | 'futimes'
    | 'fchmod'
    | 'fsync'
    | 'seek'
    | 'tell'
    | 'setFlags'
    | 'futimens'
    | 'openAt'
    | 'statAt'
    | 'mkdirAt'
    | 'unlinkAt'
    | 'renameAt'
    | 'linkAt'
    | 'symlinkAt'
    | 'readlinkAt'
    | 'utimensAt'
  > & {
    /**
     * Watches a path (Node's `rename`/`change` events, `filename` relative to
     * the watched path); events arrive asynchronously. Returns the watcher.
     */
    watch(
      path: string,
      options: { recursive?: boolean },
      listener: (event: 'rename' | 'change', filename: string) => void,
    ): { close(): void }
  }

/** A standard output stream of the process. */
export interface OutputStream {
  /** Writes bytes, in order with every other write of the process; never blocks. */
  write(bytes: Uint8Array): void
  /** True when this stream is a terminal (the SDK's `tty` option). */
  readonly isTTY: boolean
  /** Terminal size in cells when {@link isTTY}; updated in place by resizes. */
  readonly size: { cols: number; rows: number } | null
}

/** The standard input of the process. */
export interface InputStream {
  /** The next chunk, waiting for one; `null` at end of input. */
  read(): Promise<Uint8Array | null>
  /**
   * The next chunk, blocking the thread until there is one; `null` at end of
   * input. Without cross-origin isolation this only succeeds when input is
   * already buffered, and otherwise throws `ENOTSUP` naming COOP/COEP.
   */
  readSync(): Uint8Array | null
  readonly isTTY: boolean
}

/**
 * A child process to start (`Bun.spawn`, `child_process`, `Bun.$`, package
 * scripts): the shell's request (argv, cwd, env, streams, abort signal), plus
 * a callback told the child's pid once it runs.
 */
export interface ChildRequest extends SpawnRequest {
  onPid?(pid: number): void
  /** Aborting sends this signal (default `SIGTERM`). */
  killSignal?: string
}

/** A child to run to completion synchronously. */
export interface SpawnSyncRequest {
  argv: string[]
  cwd: string
  env: Record<string, string>
  /** Bytes given to the child's stdin (then EOF). */
  stdin: Uint8Array
}

/** What a synchronous child leaves behind. */
export interface SpawnSyncResult {
  exitCode: number
  stdout: Uint8Array
  stderr: Uint8Array
}

/** How the module loader asks the host for compiled modules (see `loader/service.ts`). */
export interface ModuleHost {
  /**
   * Resolves and compiles the graph reachable by static imports from
   * `requests`, skipping what the process already has (`known` ids); waits as
   * long as it takes. See `GraphRequest`/`GraphResult` in `loader/types.ts`.
   */
  loadGraph(request: import('./loader/types.js').GraphRequest): Promise<import('./loader/types.js').GraphResult>
  /**
   * The same, blocking the thread. Absent where the host cannot block (inline
   * processes without cross-origin isolation): `require()` of a module that
   * was not loaded ahead then fails with an error naming COOP/COEP.
   */
  loadGraphSync?(request: import('./loader/types.js').GraphRequest): import('./loader/types.js').GraphResult
  /** The source map (JSON text) of a compiled module, for stack traces; `null` if none. */
  sourceMap(id: string): string | null
  /**
   * Compiles a module's wrapper script with the engine's code cache, where
   * the host has one (the Node host: `vm.Script`); absent, the loader uses
   * indirect `eval`. `cache` is the module's `codeCache`, if any.
   */
  compile?(source: string, filename: string, cache: Uint8Array | undefined): CompiledScript
  /** Keeps a module's code cache (made by {@link CompiledScript.createCache}) for the next processes. */
  storeCodeCache?(id: string, key: string, data: Uint8Array): void
}

/** A script compiled by {@link ModuleHost.compile}. */
export interface CompiledScript {
  /** What the script evaluated to (the module's wrapper function). */
  value: unknown
  /** True when the engine refused the cache it was given (it compiled from source). */
  rejected: boolean
  /** The code cache of the script and of every function of it compiled so far. */
  createCache(): Uint8Array
}

/** An HTTP request to a server of the container, as plain data (it crosses threads). */
export interface HostRequest {
  method: string
  /** Absolute URL as the client sent it (`http://localhost:3000/path?q`). */
  url: string
  /** Header fields in order, names as sent. */
  headers: Array<[string, string]>
  /** The whole body; `null` for none. */
  body: Uint8Array | null
}

/** The response a server gives, as plain data. */
export interface HostResponse {
  status: number
  statusText: string
  headers: Array<[string, string]>
  body: Uint8Array | null
}

/** A listening port of this process. */
export interface HostListener {
  /** The port (a free one when 0 was asked for). */
  readonly port: number
  /** Stops listening (requests in flight still get their answers). */
  close(): void
}

/** Everything the Bun runtime of one process runs against. */
export interface RuntimeHost {
  readonly pid: number
  readonly ppid: number
  /** The arguments as spawned, program name first: `['bun', 'run', 'index.ts']`. */
  readonly argv: readonly string[]
  /** The environment (the process's own copy: `process.env` is built on it). */
  readonly env: Record<string, string>
  /** Absolute working directory at start. */
  readonly cwd: string
  readonly fs: SyncFs
  readonly stdin: InputStream
  readonly stdout: OutputStream
  readonly stderr: OutputStream
  readonly modules: ModuleHost
  /**
   * Runs a child: resolves with its exit code (128 + signal number when a
   * signal ended it) once it exited and its output was delivered to the
   * request's sinks; `null` when no such program exists. A stream of the
   * request that is this process's own (`host.stdout` …) is shared with the
   * child; any other is piped.
   */
  spawn(request: ChildRequest): Promise<number | null>
  /** The absolute path `command` runs as, searching `path` (a `PATH` value) as a shell would; `null` if none. */
  which(command: string, path: string, cwd: string): string | null
  /**
   * Messages between this process and its parent or children (worker
   * threads and Bun's `Worker` run as child processes): structured clones.
   * `send` rejects with `ESRCH` for a process that is neither. Messages that
   * arrive before the first listener are kept for it.
   */
  readonly ipc: {
    send(pid: number, message: unknown): Promise<void>
    onMessage(listener: (from: number, message: unknown) => void): () => void
  }
  /** Runs a child to completion, blocking; absent where the host cannot block. */

  spawnSync?(request: SpawnSyncRequest): SpawnSyncResult | null
  /**
   * `fetch` through the container's network policy. Requests to a port a
   * process of the container listens on (`localhost`, `127.0.0.1`,
   * `0.0.0.0`, `[::1]`) go to that process's server instead of the network.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>
  /**
   * Listens on a port of the container (`Bun.serve`, `http.createServer`):
   * the container announces it (the SDK's `port`/`server-ready` events) and
   * routes requests for it (from any process's `fetch`) to `handler`. Port 0
   * picks a free one (from 3000 up). Synchronous (`Bun.serve` returns its
   * port at once); throws `EADDRINUSE` when the port is taken.
   */
  listen(port: number, handler: (request: HostRequest) => Promise<HostResponse>): HostListener

  /**
   * Ends the process now with `code`: output written so far is delivered,
   * nothing after runs. Never returns (inline, it throws a `ProcessExit` the
   * runtime must not catch).
   */
  exit(code: number): never
  /** Aborted when the process is killed (inline processes stop at their next await). */
  readonly signal: AbortSignal
  /**
   * True when the process shares its global object with the kernel and other
   * processes (inline, without cross-origin isolation): the runtime then
   * leaves the global timers, `console`, `process` and `fetch` alone.
   */
  readonly sharedRealm?: boolean
}
