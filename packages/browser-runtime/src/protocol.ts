/**
 * The wire protocol of a container: every message that crosses a thread
 * boundary, and the byte layout of the synchronous system-call channel.
 * This file holds types and constants only — no logic — so that both sides
 * of each boundary can be read against one definition.
 *
 * A runtime worker learns its role from its first message: a `boot`
 * request makes it the kernel, a `start` message a process.
 *
 * Three boundaries:
 *
 * 1. **Client ↔ kernel** (the SDK on the main thread and the kernel worker):
 *    {@link ClientMessage} one way, {@link KernelMessage} the other. Requests
 *    carry an `id` answered by exactly one `reply`; streams and events are
 *    pushed without being asked for.
 * 2. **Process ↔ kernel, asynchronous** ({@link ProcessMessage},
 *    {@link KernelToProcess}): output, reads of stdin that may wait, spawning
 *    children, exit. Posted in order on one port, so a process's output always
 *    reaches the kernel before its exit.
 * 3. **Process → kernel, synchronous** (the system-call channel below): a
 *    process that must block (a synchronous filesystem call, a blocking read)
 *    posts a `syscall` message and sleeps in `Atomics.wait` until the kernel
 *    has written the answer into shared memory. The kernel never blocks: it
 *    answers from its message handler.
 *
 * Without cross-origin isolation there is no `SharedArrayBuffer`: processes
 * then run inside the kernel worker, boundaries 2 and 3 become direct calls,
 * and only the messages of boundary 1 are posted.
 *
 * Errors cross every boundary as {@link WireError}, copied field by field
 * (structured clone drops `code`, `errno`, `syscall` and `path`), and are
 * rebuilt on the other side as the same class.
 */

import type { GraphRequest, HostRequest, HostResponse } from '@aspect-build/bun-core'

// ------------------------------------------------------------ shared shapes

/** An error flattened for postMessage: the fields a `VfsError` or a Node system error carries. */
export interface WireError {
  /** `Error`, `TypeError` … (a `VfsError` has the name `Error`; `kind` tells it apart). */
  name: string
  message: string
  stack?: string
  /** `vfs` for a `VfsError` (rebuilt as one), `error` for anything else. */
  kind: 'vfs' | 'error'
  /** POSIX or Node code, e.g. `ENOENT`, `ERR_INVALID_ARG_TYPE`. */
  code?: string
  errno?: number
  syscall?: string
  path?: string
  dest?: string
}

/** Signals a process can be sent. The default action of each ends the process with exit code 128 + its number. */
export type SignalName = 'SIGHUP' | 'SIGINT' | 'SIGKILL' | 'SIGPIPE' | 'SIGTERM'

/** Signal numbers (Linux), used for exit codes: SIGTERM → 143, SIGKILL → 137. */
export const SIGNAL_NUMBERS: Readonly<Record<SignalName, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGKILL: 9,
  SIGPIPE: 13,
  SIGTERM: 15,
}

/** Size of a terminal in character cells. */
export interface TtySize {
  cols: number
  rows: number
}

/** File contents to write: path → text (written as UTF-8) or bytes. */
export type FileMap = Record<string, string | Uint8Array>

/** Where processes run: one worker each (needs `SharedArrayBuffer`), or inside the kernel worker. */
export type ProcessMode = 'workers' | 'inline'

/** Storage of the working directory. */
export type Persistence = 'memory' | 'indexeddb' | 'opfs'

/**
 * Filesystem methods callable over the wire, by their `Vfs` names. The
 * kernel checks a requested method against this list before calling it.
 */
export type FsMethod =
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
  | 'link'
  | 'chmod'
  | 'truncate'
  | 'lutimes'
  | 'chown'
  | DescriptorMethod

/**
 * Descriptor methods (processes only): the descriptors belong to the process
 * that opened them and are closed when it exits. `readFd(fd, length,
 * position)` answers the bytes read (the VFS's `read` fills a caller's
 * buffer, which cannot cross threads).
 */
export type DescriptorMethod =
  | 'open'
  | 'close'
  | 'readFd'
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

/**
 * The descriptor methods, each with the positions of its descriptor
 * arguments (the kernel checks the process opened them).
 */
export const DESCRIPTOR_ARGUMENTS: Readonly<Record<DescriptorMethod, readonly number[]>> = {
  open: [],
  close: [0],
  readFd: [0],
  write: [0],
  fstat: [0],
  ftruncate: [0],
  futimes: [0],
  fchmod: [0],
  fsync: [0],
  seek: [0],
  tell: [0],
  setFlags: [0],
  futimens: [0],
  openAt: [0],
  statAt: [0],
  mkdirAt: [0],
  unlinkAt: [0],
  renameAt: [0, 2],
  linkAt: [0, 2],
  symlinkAt: [1],
  readlinkAt: [0],
  utimensAt: [0],
}

/** The descriptor methods, as a list. */
export const DESCRIPTOR_METHODS: readonly DescriptorMethod[] = Object.keys(DESCRIPTOR_ARGUMENTS) as DescriptorMethod[]

/** The filesystem methods, as a list the kernel checks requests against. */
export const FS_METHODS: readonly FsMethod[] = [
  'readFile',
  'writeFile',
  'appendFile',
  'readdir',
  'stat',
  'lstat',
  'exists',
  'mkdir',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'copyFile',
  'realpath',
  'utimes',
  'symlink',
  'readlink',
  'link',
  'chmod',
  'truncate',
  'lutimes',
  'chown',
]

/** One request's outcome. */
export type Reply =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError }

// ------------------------------------------------------ client ↔ kernel

/** What the kernel needs to boot: the validated `createBunContainer` options plus host facts. */
export interface BootConfig {
  /** Absolute working directory (created; `files` are written into it). */
  cwd: string
  /** The environment every process starts from. */
  env: Record<string, string>
  files: FileMap
  persistence: Persistence
  /** IndexedDB database name / OPFS directory for `persistence`. */
  storageKey: string
  processes: ProcessMode
  /** The worker script (this same runtime), for process workers. */
  workerUrl: string
  /** Process workers started ahead of need, so a spawn finds one loaded. */
  prewarm: number
}

/** A request from the client; answered by one {@link Reply} with the same id. */
export type ClientRequest =
  /** Boots the kernel; the reply's value is a {@link BootResult}. */
  | { op: 'boot'; config: BootConfig }
  /** Starts a process under a pid taken from the reserved pool; replies `null`, or fails with `ENOENT`. */
  | { op: 'spawn'; pid: number; argv: string[]; cwd: string; env: Record<string, string>; tty: TtySize | null }
  /** More pids for the pool; the reply's value is `number[]`. */
  | { op: 'reserve-pids'; count: number }
  /** A filesystem call; `args` have absolute paths. Stats and Dirents come back tagged (see wire-values). */
  | { op: 'fs'; method: FsMethod; args: unknown[] }
  /** Starts watching; events arrive as `watch` messages with the same `watchId`. */
  | { op: 'watch'; watchId: number; path: string; recursive: boolean }
  | { op: 'unwatch'; watchId: number }
  /** Writes files, or a snapshot from `export`, into the directory `path`. */
  | { op: 'mount'; path: string; files: FileMap | Uint8Array }
  /** Snapshot of the directory `path`; the reply's value is a `Uint8Array`. */
  | { op: 'export'; path: string }
  /** Kills every process and writes persistence back; the kernel worker may be terminated after the reply. */
  | { op: 'destroy' }

/** The reply value of `boot`. */
export interface BootResult {
  /** Pids reserved for the client's spawns. */
  pids: number[]
  processes: ProcessMode
  /** Persistence actually in use and whether stored files were found (so `files` were not written). */
  restored: boolean
}

/** Client → kernel. */
export type ClientMessage =
  | { type: 'request'; id: number; request: ClientRequest }
  /** Input for a process's stdin; `null` closes it (EOF). */
  | { type: 'stdin'; pid: number; chunk: Uint8Array | null }
  | { type: 'kill'; pid: number; signal: SignalName }
  | { type: 'resize'; pid: number; size: TtySize }

/** Events a container reports without being asked. */
export type ContainerEventMessage =
  | { event: 'port'; port: number; type: 'open' | 'close'; url: string }
  | { event: 'server-ready'; port: number; url: string }
  | { event: 'error'; error: WireError }

/** Kernel → client. */
export type KernelMessage =
  | Reply
  /** Output of a client-spawned process, as produced; `null` when the stream ends (every writer closed). */
  | { type: 'output'; pid: number; fd: 1 | 2; chunk: Uint8Array | null }
  /** A client-spawned process ended: its code, and the signal that ended it, if any. */
  | { type: 'exit'; pid: number; code: number; signal: SignalName | null }
  | { type: 'watch'; watchId: number; eventType: 'rename' | 'change'; filename: string }
  | { type: 'event'; payload: ContainerEventMessage }

// ------------------------------------------------------ process ↔ kernel

/** How a child's standard stream is connected: shared with the parent's, or a pipe the parent serves. */
export type StdioMode = 'inherit' | 'pipe'

/** The first message a process worker gets: who it is and what to run. */
export interface ProcessStart {
  type: 'start'
  pid: number
  ppid: number
  argv: string[]
  env: Record<string, string>
  cwd: string
  /** Registry name of the program to run (`sh`, `echo` …), resolved by the kernel. */
  program: string
  /** The system-call channel (layout below); `null` for inline processes, which call the kernel directly. */
  channel: SharedArrayBuffer | null
  /** The terminal's size when any standard stream is the terminal. */
  tty: TtySize | null
  /** Which standard streams (stdin, stdout, stderr) are the terminal: a child piped into `cat` is not on it. */
  terminal: Terminal
}

/** Per standard stream (stdin, stdout, stderr): is it the terminal? */
export type Terminal = readonly [stdin: boolean, stdout: boolean, stderr: boolean]

/** A call a process blocks on. Answered through the channel, never by message. */
export type SyncCall =
  /** A filesystem call with absolute paths. */
  | { op: 'fs'; method: FsMethod; args: unknown[] }
  /** Reads stdin, waiting for data; answers a `Uint8Array`, or `null` at EOF. */
  | { op: 'read'; fd: 0 }
  /** The module service (bun-core's `ModuleService.loadGraph`): answers a `GraphResult`. */
  | { op: 'modules'; request: GraphRequest }
  /** A compiled module's source map (JSON text), or `null`. */
  | { op: 'source-map'; id: string }
  /** The path a command runs as (`Bun.which`), or `null`. */
  | { op: 'which'; command: string; path: string; cwd: string }
  /**
   * Runs a child to its end with `stdin` as its input and its output piped
   * back: answers `{ exitCode, stdout, stderr }`, or `null` when no such
   * program exists (`Bun.spawnSync`, `execSync`).
   */
  | { op: 'spawn-sync'; argv: string[]; cwd: string; env: Record<string, string>; stdin: Uint8Array }
  /**
   * Listens on a container port (0: a free one from 3000 up); answers the
   * port. Fails with `EADDRINUSE`. Requests arrive as `http-request` messages.
   */
  | { op: 'listen'; port: number }
  | { op: 'unlisten'; port: number }

/** An asynchronous request of a process; answered by one {@link Reply}. */
export type ProcessRequest =
  /** Next chunk of stdin, or `null` at EOF. */
  | { op: 'read'; fd: 0 }
  /** Starts a child; replies its pid, or `null` when no such program exists. */
  | {
      op: 'spawn'
      argv: string[]
      cwd: string
      env: Record<string, string>
      stdio: [StdioMode, StdioMode, StdioMode]
    }
  /** The module service, asynchronously: replies a `GraphResult`. */
  | { op: 'modules'; request: GraphRequest }
  /** Starts watching; events arrive as `watch` messages with the same `watchId`. */
  | { op: 'watch'; watchId: number; path: string; recursive: boolean }
  | { op: 'unwatch'; watchId: number }
  /** An HTTP request to a container port: replies the server's `HostResponse`, or fails with `ECONNREFUSED`. */
  | { op: 'http'; port: number; request: HostRequest }
  /**
   * A message for this process's parent or one of its children (worker
   * threads, Bun's `Worker`): delivered as an `ipc` message; replies `null`,
   * or fails with `ESRCH` when there is no such relative.
   */
  | { op: 'ipc'; pid: number; message: unknown }

/** Process → kernel. */
export type ProcessMessage =
  /** A blocking call: the kernel answers in the channel under this id. */
  | { type: 'syscall'; id: number; call: SyncCall }
  /** After `STATUS_TOO_BIG`: a larger channel for the pending answer of call `id` (kept for later calls too). */
  | { type: 'syscall-resume'; id: number; channel: SharedArrayBuffer }
  | { type: 'request'; id: number; request: ProcessRequest }
  | { type: 'write'; fd: 1 | 2; chunk: Uint8Array }
  /** Input for a piped child's stdin; `null` closes it. */
  | { type: 'child-stdin'; pid: number; chunk: Uint8Array | null }
  | { type: 'kill'; pid: number; signal: SignalName }
  | { type: 'exit'; code: number }
  /** The engine's code cache of module `id` as compiled under `key`, for the next processes (no reply). */
  | { type: 'code-cache'; id: string; key: string; data: Uint8Array }
  /** The answer of this process's server to an `http-request`. */
  | { type: 'http-response'; id: number; ok: true; response: HostResponse }
  | { type: 'http-response'; id: number; ok: false; error: WireError }

/** Kernel → process. */
export type KernelToProcess =
  | ProcessStart
  | Reply
  /** Output of a child's piped stdout/stderr; `null` at its end. */
  | { type: 'child-output'; pid: number; fd: 1 | 2; chunk: Uint8Array | null }
  | { type: 'child-exit'; pid: number; code: number; signal: SignalName | null }
  | { type: 'resize'; size: TtySize }
  | { type: 'watch'; watchId: number; eventType: 'rename' | 'change'; filename: string }
  /** A request for a port this process listens on; answered by an `http-response` with the same id. */
  | { type: 'http-request'; id: number; port: number; request: HostRequest }
  /** A message from the process `from` (this one's parent or child). */
  | { type: 'ipc'; from: number; message: unknown }

  /**
   * The process was killed. A process worker is terminated instead; an
   * inline process cannot be, so it is told, and its signal aborts.
   */
  | { type: 'signal'; signal: SignalName }

// ---------------------------------------------- the system-call channel

/*
 * One SharedArrayBuffer per process, written by the kernel, read by the
 * process. Little-endian (the platform's: both sides are one machine).
 *
 *   byte 0   int32  SIGNAL   id of the call the buffer answers (0: none yet)
 *   byte 4   int32  STATUS   STATUS_OK | STATUS_ERROR | STATUS_TOO_BIG
 *   byte 8   int32  LENGTH   payload bytes (STATUS_TOO_BIG: bytes needed)
 *   byte 12  int32  (reserved, 0)
 *   byte 16  …      PAYLOAD  STATUS_OK: encoded value; STATUS_ERROR: encoded WireError
 *
 * A call, with `id` counting 1, 2, … (wrapping before 2^31, never 0):
 *   1. the process posts { type: 'syscall', id, call } and loops on
 *      Atomics.wait(SIGNAL, seen) until SIGNAL === id ('not-equal' and
 *      spurious wake-ups just loop; there is no timeout);
 *   2. the kernel computes the answer, writes STATUS, LENGTH and PAYLOAD, then
 *      Atomics.store(SIGNAL, id) and Atomics.notify(SIGNAL): the store
 *      publishes the payload writes before it;
 *   3. if the answer does not fit, the kernel keeps it, answers STATUS_TOO_BIG
 *      with LENGTH = bytes needed; the process allocates a buffer of at least
 *      HEADER_BYTES + LENGTH, posts { type: 'syscall-resume', id, channel },
 *      and waits on the new buffer, which both sides use from then on.
 *
 * The payload encoding (JSON text, then raw byte blobs) is in codec.ts.
 */

/** Int32 index of the SIGNAL word. */
export const SIGNAL_INDEX = 0
/** Int32 index of the STATUS word. */
export const STATUS_INDEX = 1
/** Int32 index of the LENGTH word. */
export const LENGTH_INDEX = 2
/** Bytes before the payload. */
export const HEADER_BYTES = 16
/** The payload is the encoded value. */
export const STATUS_OK = 0
/** The payload is the encoded {@link WireError}. */
export const STATUS_ERROR = 1
/** The answer is LENGTH bytes: resume with a larger buffer. */
export const STATUS_TOO_BIG = 2
/** Size of a fresh channel. */
export const CHANNEL_BYTES: number = 64 * 1024
/** Call ids wrap to 1 after this. */
export const MAX_CALL_ID = 0x7fff_ffff
