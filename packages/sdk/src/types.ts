/**
 * The public API of `@aspect-build/sdk`, declared once. Every platform entry
 * (`@aspect-build/sdk/browser`, `@aspect-build/sdk/node`, and the package
 * root, which picks one by the `node` export condition) binds to these
 * declarations; what a platform cannot do fails with an error that says so.
 *
 * ```ts
 * import { createBunContainer } from '@aspect-build/sdk'
 *
 * const container = await createBunContainer({
 *   files: { 'hello.txt': 'world' },
 *   workerUrl: '/vitamin-bun.worker.js',
 * })
 * const { exitCode, stdout } = await container.exec('sh', ['-c', 'cat hello.txt'])
 * await container.destroy()
 * ```
 */
import type { Dirent, Stats } from '@aspect-build/virtual-fs'

// ---------------------------------------------------------------- options

/** A flat map of files: path (relative to the directory it is written into, or absolute) → text (UTF-8) or bytes. */
export type FileTree = Record<string, string | Uint8Array>

/**
 * Where the working directory is stored.
 * - `memory` (default): gone with the container.
 * - `indexeddb`: an IndexedDB database named by `storageKey`; changes are
 *   written back in transactions a few milliseconds after they happen, and
 *   `destroy()` waits for them.
 * - `opfs`: the Origin Private File System, in the directory `storageKey`.
 *
 * Both persistent kinds survive a reload: a container created again with
 * the same `storageKey` finds the files as they were. They exist only in
 * browsers; the Node host rejects them.
 */
export type PersistenceKind = 'memory' | 'indexeddb' | 'opfs'

/** Options of {@link createBunContainer}. Unknown keys are rejected, naming the key. */
export interface BunContainerOptions {
  /**
   * Files written into the working directory at boot, parent directories
   * created. With persistence, they seed a new storage only: when the
   * storage already holds files (a reload), those are kept and `files` is
   * not written.
   */
  files?: FileTree
  /** Storage of the working directory. Default `'memory'`. */
  persistence?: PersistenceKind
  /**
   * Names the storage for `persistence` (database / directory name).
   * Default `'vitamin-bun'`. Two containers alive at once in one page cannot
   * share a key.
   */
  storageKey?: string
  /** Absolute working directory: where `files` go, where processes start, what relative paths resolve against. Default `'/home/project'`. */
  cwd?: string
  /** Environment variables added to the defaults (`HOME`, `PATH`, `USER`, `SHELL`) for every process. */
  env?: Record<string, string>
  /**
   * URL of the runtime worker script: the `@aspect-build/browser-runtime`
   * worker bundled into one ES module (browsers: `browser/worker.ts`; Node:
   * `node/worker.js` of the built package, the default there). In browsers
   * the default is `vitamin-bun.worker.js` next to the module that calls
   * `createBunContainer` — set it when your bundler puts it elsewhere.
   */
  workerUrl?: string | URL
  /**
   * Where processes run. `'workers'`: one worker each, with blocking system
   * calls over `SharedArrayBuffer` — needs cross-origin isolation in
   * browsers (COOP `same-origin` + COEP `require-corp`). `'inline'`: inside
   * the kernel worker, calling it directly; a process that must block then
   * fails with an error naming those headers. Default: `'workers'` when
   * `SharedArrayBuffer` is usable, else `'inline'`.
   */
  processes?: 'workers' | 'inline'
}

/** Options of {@link BunContainer.spawn} and {@link BunContainer.exec}. */
export interface SpawnOptions {
  /** Working directory of the process, relative to the container's. Default: the container's. */
  cwd?: string
  /** Variables added to (or replacing) the container's environment for this process. */
  env?: Record<string, string>
  /**
   * Runs the process on a terminal of this size: stdout and stderr are one
   * stream (all output arrives on `stdout`), `\n` is written as `\r\n`,
   * `TERM` defaults to `xterm-256color`, and {@link BunProcess.resize}
   * changes the size the process sees.
   */
  tty?: { cols: number; rows: number }
}

/** Options of {@link BunContainer.exec}. */
export interface ExecOptions extends SpawnOptions {
  /** Text or bytes given to the process on stdin, which is then closed. Default: stdin is closed at once. */
  stdin?: string | Uint8Array
}

// ---------------------------------------------------------------- results

/** What {@link BunContainer.exec} resolves with once the process exited and its output ended. */
export interface ExecResult {
  /** 0 on success; 128 + n when ended by signal n (SIGTERM → 143, SIGKILL → 137). */
  exitCode: number
  /** Everything written to stdout, decoded as UTF-8. */
  stdout: string
  /** Everything written to stderr, decoded as UTF-8. */
  stderr: string
}

/**
 * A process's output: a `ReadableStream` of byte chunks, delivered as the
 * process writes them (not at exit), that also has Node-style listeners.
 * Attaching a `data` listener reads the stream (it becomes locked), so use
 * either listeners or the stream — or `tee()` it first.
 */
export interface ProcessOutput extends ReadableStream<Uint8Array> {
  /** Calls `listener` with each chunk. */
  on(event: 'data', listener: (chunk: Uint8Array) => void): this
  /** Calls `listener` once the stream ended (every writer closed). */
  on(event: 'end', listener: () => void): this
}

/** A process's stdin: a `WritableStream` of text or bytes, with `write`/`end` shortcuts. */
export interface ProcessInput extends WritableStream<string | Uint8Array> {
  /** Writes text (as UTF-8) or bytes; ignored after `end()` or the process's exit. */
  write(data: string | Uint8Array): void
  /** Closes stdin: the process reads EOF once it consumed what was written. */
  end(): void
}

/** Signals {@link BunProcess.kill} can send. */
export type Signal = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP'

/** A running (or finished) process started by {@link BunContainer.spawn}. */
export interface BunProcess {
  /** Process id in the container. */
  readonly pid: number
  readonly stdout: ProcessOutput
  /** Stderr; with `tty`, it ends at once (all output is on stdout). */
  readonly stderr: ProcessOutput
  readonly stdin: ProcessInput
  /**
   * The exit code once the process ended. Rejects when it could not start:
   * no such program (`code: 'ENOENT'`, `syscall: 'spawn <cmd>'`, like Node),
   * or a destroyed container (`code: 'ERR_CONTAINER_DESTROYED'`).
   */
  readonly exited: Promise<number>
  /**
   * Sends a signal (default `SIGTERM`) to the process and its descendants,
   * as a terminal signals its foreground process group. A process in a
   * worker is stopped wherever it is; the exit code is 128 + the signal's
   * number. Returns false when the process had already exited.
   */
  kill(signal?: Signal): boolean
  /** Changes the terminal size (processes started with `tty` only; ignored otherwise). */
  resize(size: { cols: number; rows: number }): void
}

/** A change {@link ContainerFs.watch} reports: like Node's `fs.promises.watch`. */
export interface WatchEvent {
  /** `rename` when a name appeared or went, `change` when content or metadata changed. */
  eventType: 'rename' | 'change'
  /** The changed name, relative to the watched directory (or the file's own name). */
  filename: string
}

/**
 * The container's filesystem, named like `node:fs/promises`. Relative paths
 * resolve against the working directory. Failures reject with the
 * filesystem's error: `code` (`ENOENT` …), `errno`, `syscall`, `path`.
 */
export interface ContainerFs {
  readFile(path: string): Promise<Uint8Array>
  readFile(path: string, encoding: 'utf8' | 'utf-8' | { encoding: 'utf8' | 'utf-8' }): Promise<string>
  /** Writes a whole file (creating or truncating it); text is written as UTF-8. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>
  appendFile(path: string, data: string | Uint8Array): Promise<void>
  /** Names in a directory, sorted; `withFileTypes` gives `Dirent`s; `recursive` descends. */
  readdir(path: string, options?: { withFileTypes?: false; recursive?: boolean }): Promise<string[]>
  readdir(path: string, options: { withFileTypes: true; recursive?: boolean }): Promise<Dirent[]>
  /** Creates a directory; `recursive` creates parents and resolves with the first one created. */
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<string | undefined>
  /** Removes a file, or a directory tree with `recursive`; `force` ignores a missing path. */
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>
  rmdir(path: string): Promise<void>
  unlink(path: string): Promise<void>
  rename(oldPath: string, newPath: string): Promise<void>
  copyFile(src: string, dest: string): Promise<void>
  /** Status, following symlinks. */
  stat(path: string): Promise<Stats>
  /** Status of a symlink itself. */
  lstat(path: string): Promise<Stats>
  symlink(target: string, path: string): Promise<void>
  readlink(path: string): Promise<string>
  realpath(path: string): Promise<string>
  /**
   * Watches a file or directory (below it too, with `recursive`). Iterate
   * the result; it ends when `signal` aborts or the loop breaks. A missing
   * path rejects the first iteration with `ENOENT`.
   */
  watch(path: string, options?: { recursive?: boolean; signal?: AbortSignal }): AsyncIterableIterator<WatchEvent>
}

/** Events of {@link BunContainer.on}. */
export interface ContainerEvents {
  /** A process started listening on a port (arrives with the network milestone). */
  port: { port: number; type: 'open' | 'close'; url: string }
  /** A server is ready to take requests at `url` (arrives with the network milestone). */
  'server-ready': { port: number; url: string }
  /** An error not tied to a call: a failed persistence write-back, a lost worker. */
  error: { message: string; error: Error }
}

/** A container: a filesystem and processes, isolated from every other container. */
export interface BunContainer {
  /** Absolute working directory. */
  readonly cwd: string
  /** `workers` or `inline`: where processes ended up running. */
  readonly processes: 'workers' | 'inline'
  /** The filesystem. */
  readonly fs: ContainerFs
  /**
   * Runs `cmd` with `args` to its end and collects its output. Rejects only
   * when it could not start (see {@link BunProcess.exited}); a failing
   * command resolves with its exit code.
   */
  exec(cmd: string, args?: readonly string[], options?: ExecOptions): Promise<ExecResult>
  /** Starts `cmd` with `args` and returns at once; output streams as it is produced. */
  spawn(cmd: string, args?: readonly string[], options?: SpawnOptions): BunProcess
  /**
   * Writes files into the directory `path` (relative to the working
   * directory; created with its parents): a flat map, or a snapshot made by
   * {@link export}. Files of the same names are replaced; others stay.
   */
  mount(path: string, files: FileTree | Uint8Array): Promise<void>
  /** A snapshot of the directory `path` — files, directories, symlinks, modes, times — that {@link mount} accepts. */
  export(path: string): Promise<Uint8Array>
  /** Listens to an event; returns a function that stops listening. */
  on<E extends keyof ContainerEvents>(event: E, listener: (payload: ContainerEvents[E]) => void): () => void
  /**
   * Kills every process, writes persistence back (resolving once it is
   * durable) and stops the workers. Idempotent: later calls return the same
   * promise. Afterwards every call rejects (`code: 'ERR_CONTAINER_DESTROYED'`).
   */
  destroy(): Promise<void>
}

/**
 * Boots a container: starts its kernel worker, writes `files`, opens
 * persistence. Rejects on invalid options (naming the bad key, e.g.
 * `Invalid option in createBunContainer(): "persistance"`), or when the
 * worker script or the storage cannot be opened.
 */
export declare function createBunContainer(options?: BunContainerOptions): Promise<BunContainer>
