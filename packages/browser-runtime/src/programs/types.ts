/**
 * The contract between the runtime and a program it runs. A process gets a
 * {@link ProcessContext} — the same whether it runs in its own worker or
 * inline in the kernel worker — and resolves with its exit code.
 */
import type {
  ByteSink,
  ByteSource,
  ChildRequest,
  CompiledScript,
  GraphRequest,
  GraphResult,
  HostListener,
  HostRequest,
  HostResponse,
  RuntimeHost,
  ShellFs,
  SpawnSyncRequest,
  SpawnSyncResult,
  SyncFs,
} from '@aspect-build/bun-core'

/** Compiles a module's wrapper script with the engine's code cache (a host with one: Node's `vm.Script`). */
export type ScriptCompiler = (source: string, filename: string, cache: Uint8Array | undefined) => CompiledScript

import type { Terminal, TtySize } from '../protocol.js'

/** Everything a running program sees of its process. */
export interface ProcessContext {
  readonly pid: number
  /** The parent's pid; 0 for processes started by the embedder. */
  readonly ppid: number
  /** The arguments, program name first, as given to spawn. */
  readonly argv: readonly string[]
  /** The environment (a copy the program may change). */
  readonly env: Record<string, string>
  /** Absolute working directory at start. */
  readonly cwd: string
  /**
   * The container's filesystem, synchronous. Relative paths resolve against
   * {@link cwd}. In a process worker every call is a blocking system call to
   * the kernel; inline it is a direct call.
   */
  readonly fs: SyncFs
  readonly stdin: ByteSource
  readonly stdout: ByteSink
  readonly stderr: ByteSink
  /** Terminal size when a standard stream is the terminal, else `null`; updated in place by resizes. */
  readonly tty: TtySize | null
  /** Which standard streams (stdin, stdout, stderr) are the terminal (`isatty`). */
  readonly terminal: Terminal
  /** Calls `listener` after each terminal resize; returns a function that removes it. */
  onResize(listener: (size: TtySize) => void): () => void
  /**
   * Reads stdin synchronously: the next chunk, waiting for one, or `null` at
   * EOF. Inline (no cross-origin isolation) it only succeeds when input is
   * already buffered; otherwise it throws `ENOTSUP` naming the COOP/COEP headers.
   */
  readStdinSync(): Uint8Array | null
  /**
   * Starts a child process with streams from `request.io`: a stream that is
   * this process's own is shared with the child, any other is piped through
   * this process. Resolves with the child's exit code once it exited and its
   * piped output was delivered, or with `null` when no such program exists.
   */
  spawn(request: ChildRequest): Promise<number | null>
  /** The module service of the kernel (see bun-core's `ModuleService`). */
  readonly modules: {
    loadGraph(request: GraphRequest): Promise<GraphResult>
    /** Blocking variant; absent inline (no cross-origin isolation). */
    loadGraphSync?: (request: GraphRequest) => GraphResult
    sourceMap(id: string): string | null
    /** Where the host has an engine code cache (the Node host): see bun-core's `ModuleHost.compile`. */
    compile?: ScriptCompiler
    storeCodeCache?: (id: string, key: string, data: Uint8Array) => void
  }
  /**
   * Runs a child to its end, blocking (`Bun.spawnSync`); `null` when no such
   * program exists. Absent inline (no cross-origin isolation).
   */
  readonly spawnSync?: (request: SpawnSyncRequest) => SpawnSyncResult | null
  /** Messages with this process's parent and children (see bun-core's `RuntimeHost.ipc`). */
  readonly ipc: RuntimeHost['ipc']
  /** Listens on a container port (see bun-core's `RuntimeHost.listen`). */
  listen(port: number, handler: (request: HostRequest) => Promise<HostResponse>): HostListener
  /** Sends a request to the server on a container port; rejects with `ECONNREFUSED` when none listens. */
  httpRequest(port: number, request: HostRequest): Promise<HostResponse>
  /** The absolute path `command` runs as, searching `path` (a PATH value) from `cwd`; `null` if none. */
  which(command: string, path: string, cwd: string): string | null
  /**
   * Ends the process now with `code` (its output so far is delivered). A
   * process worker blocks until the kernel terminates it; inline, this
   * throws bun-core's `ProcessExit`, which the program must let through.
   */
  exit(code: number): never
  /** True when the process runs in its own worker (blocking calls wait); false inline. */
  readonly canBlock: boolean
  /**
   * Aborted when the process is killed while it runs inline in the kernel
   * worker, which cannot be stopped from outside: the program should stop at
   * its next await (its output is already discarded and its system calls
   * fail). A process in its own worker is terminated instead, wherever it is.
   */
  readonly signal: AbortSignal
}

/** A program: its main function resolves with the exit code. A throw prints to stderr and exits 1. */
export interface Program {
  main(context: ProcessContext): Promise<number>
}

/** Loads the program registered under `name` (programs load lazily, in the worker that runs them). */
export type ProgramLoader = (name: string) => Promise<Program>

/** What a resolver may look at to find a program. */
export interface ResolveContext {
  /** The filesystem (for programs that are files, such as `.wasm`). */
  fs: Pick<ShellFs, 'exists' | 'stat' | 'readFile' | 'realpath'>
  cwd: string
  env: Record<string, string>
}

/**
 * Finds the program `argv0` names: its registry name, or `null` when this
 * resolver does not know it. Resolvers are tried in order.
 */
export type ProgramResolver = (argv0: string, context: ResolveContext) => string | ResolvedProgram | null

/** A program found as a file: the registry program that runs it, and the argv that replaces `argv[0]`. */
export interface ResolvedProgram {
  name: string
  /** Prepended to the arguments in place of `argv[0]` (`['bun', '/app/node_modules/.bin/tool']`). */
  argv: string[]
}
