/** Options of {@link WasiHost}, and their validation. */
import type { Vfs } from '@aspect-build/virtual-fs'
import type { WasiClock } from './clock.js'
import type { ImportModuleFactory } from './context.js'
import type { OutputSink, StdinSource } from './stdio.js'

/** Options of `new WasiHost()`. Unknown keys are rejected, naming the key. */
/**
 * The filesystem calls the host makes, by their `Vfs` names and semantics: a
 * `Vfs` (`createVfs()`), or anything with these methods — a process of a
 * container passes a proxy whose every call is a system call to its kernel.
 */
export type WasiFs = Pick<
  Vfs,
  | 'open'
  | 'openAt'
  | 'close'
  | 'read'
  | 'write'
  | 'seek'
  | 'tell'
  | 'fstat'
  | 'statAt'
  | 'ftruncate'
  | 'fsync'
  | 'futimens'
  | 'utimensAt'
  | 'setFlags'
  | 'readdir'
  | 'mkdir'
  | 'mkdirAt'
  | 'unlinkAt'
  | 'renameAt'
  | 'linkAt'
  | 'symlinkAt'
  | 'readlinkAt'
>

/** The methods a {@link WasiFs} must have (checked when a host is created). */
export const WASI_FS_METHODS: readonly (keyof WasiFs)[] = [
  'open',
  'openAt',
  'close',
  'read',
  'write',
  'seek',
  'tell',
  'fstat',
  'statAt',
  'ftruncate',
  'fsync',
  'futimens',
  'utimensAt',
  'setFlags',
  'readdir',
  'mkdir',
  'mkdirAt',
  'unlinkAt',
  'renameAt',
  'linkAt',
  'symlinkAt',
  'readlinkAt',
]

export interface WasiHostOptions {
  /** The filesystem preopened directories live in (`createVfs()` from `@aspect-build/virtual-fs`, or a {@link WasiFs}). Required. */
  vfs: WasiFs
  /** The guest's `argv`, program name first (`args_get`). Default `[]`. Strings must not contain NUL. */
  args?: readonly string[]
  /**
   * The guest's environment (`environ_get`), as `NAME: value`. Nothing is
   * inherited. Names must not be empty or contain `=` or NUL; values must not contain NUL.
   */
  env?: Readonly<Record<string, string>>
  /**
   * Directories the guest may use: guest path → VFS path, e.g.
   * `{ '/': '/sandbox' }`. They become fds 3, 4 … in this order. Each VFS
   * path must be an existing directory. Guests cannot resolve paths outside
   * them (`..`, absolute symlinks: `ERRNO_NOTCAPABLE`). Default: none.
   */
  preopens?: Readonly<Record<string, string>>
  /** fd 0. Default: empty (immediate end of file). See {@link StdinSource}. */
  stdin?: StdinSource
  /** fd 1: called with each written chunk (a copy). Default: output is discarded. */
  stdout?: OutputSink
  /** fd 2: called with each written chunk (a copy). Default: output is discarded. */
  stderr?: OutputSink
  /** A network proxy (`@aspect-build/network-proxy`), handed to the `sock_*` import module. */
  network?: unknown
  /** Clock source; see {@link WasiClock}. Default: the platform's clocks. */
  clock?: WasiClock
  /**
   * Extra import modules by module name, built with the host's context
   * (see `HostContext`) when the host is created. An entry may replace a
   * built-in custom module (`vitamin_sock`, `vitamin_js_context`), e.g.
   * `{ vitamin_js_context: (ctx) => createJsContextImports(ctx, { table }) }`
   * to share a handle table; the WASI modules cannot be replaced.
   */
  modules?: Readonly<Record<string, ImportModuleFactory>>
  /**
   * Called when serving an import failed for a reason that is not the
   * guest's: a host bug, or a `stdout`/`stdin` callback throwing. The guest
   * gets `ERRNO_IO`. Default: `console.error`.
   */
  onError?: (error: unknown, syscall: string) => void
}

const KEYS = new Set([
  'vfs',
  'args',
  'env',
  'preopens',
  'stdin',
  'stdout',
  'stderr',
  'network',
  'clock',
  'modules',
  'onError',
])

function bad(key: string, why: string): TypeError {
  return new TypeError(`Invalid option in new WasiHost(): "${key}" ${why}`)
}

/** Throws a `TypeError` naming the first bad key of `options`. */
export function checkOptions(options: WasiHostOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('new WasiHost() options must be an object')
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new TypeError(`Invalid option in new WasiHost(): "${key}"`)
  }
  const fs = options.vfs as unknown as Record<string, unknown> | null
  if (typeof fs !== 'object' || fs === null || WASI_FS_METHODS.some((m) => typeof fs[m] !== 'function'))
    throw bad('vfs', 'must be a Vfs (createVfs() from @aspect-build/virtual-fs) or have its methods')

  if (options.args !== undefined) {
    if (!Array.isArray(options.args)) throw bad('args', 'must be an array of strings')
    for (const arg of options.args) {
      if (typeof arg !== 'string' || arg.includes('\0')) throw bad('args', 'must hold strings without NUL')
    }
  }
  if (options.env !== undefined) {
    if (typeof options.env !== 'object' || options.env === null) throw bad('env', 'must be an object of strings')
    for (const [name, value] of Object.entries(options.env)) {
      if (name === '' || name.includes('=') || name.includes('\0')) {
        throw bad('env', `has an invalid variable name ${JSON.stringify(name)}`)
      }
      if (typeof value !== 'string' || value.includes('\0')) {
        throw bad('env', `value of ${JSON.stringify(name)} must be a string without NUL`)
      }
    }
  }
  if (options.preopens !== undefined) {
    if (typeof options.preopens !== 'object' || options.preopens === null) {
      throw bad('preopens', 'must map guest paths to VFS paths')
    }
    for (const [guest, host] of Object.entries(options.preopens)) {
      if (guest === '' || guest.includes('\0'))
        throw bad('preopens', `has an invalid guest path ${JSON.stringify(guest)}`)
      if (typeof host !== 'string' || host === '')
        throw bad('preopens', `must map ${JSON.stringify(guest)} to a VFS path`)
    }
  }
  const stdin = options.stdin
  if (
    stdin !== undefined &&
    typeof stdin !== 'string' &&
    typeof stdin !== 'function' &&
    !(stdin instanceof Uint8Array)
  ) {
    throw bad('stdin', 'must be a Uint8Array, a string or a function')
  }
  for (const key of ['stdout', 'stderr', 'onError'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') throw bad(key, 'must be a function')
  }
  if (options.clock !== undefined) {
    if (typeof options.clock !== 'object' || options.clock === null) throw bad('clock', 'must be an object')
    for (const fn of ['realtime', 'monotonic', 'cputime', 'sleep'] as const) {
      const member = options.clock[fn]
      if (member !== undefined && typeof member !== 'function') throw bad('clock', `member "${fn}" must be a function`)
    }
    const res = options.clock.resolution
    if (res !== undefined && (typeof res !== 'bigint' || res <= 0n)) {
      throw bad('clock', 'member "resolution" must be a positive bigint')
    }
  }
  if (options.modules !== undefined) {
    if (typeof options.modules !== 'object' || options.modules === null) throw bad('modules', 'must be an object')
    for (const [name, factory] of Object.entries(options.modules)) {
      if (typeof factory !== 'function') throw bad('modules', `entry ${JSON.stringify(name)} must be a function`)
    }
  }
}
