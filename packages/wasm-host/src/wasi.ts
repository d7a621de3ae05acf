/**
 * The WASI preview1 host over the virtual filesystem (design §4.3).
 *
 * ```ts
 * const vfs = createVfs()
 * vfs.mkdir('/sandbox')
 * const host = new WasiHost({ vfs, args: ['app'], preopens: { '/': '/sandbox' }, stdout: (b) => out.push(b) })
 * const { instance } = await WebAssembly.instantiate(bytes, host.imports)
 * const exitCode = host.start(instance)
 * ```
 *
 * Every import checks its pointers against memory and returns an errno
 * (`ERRNO_FAULT` for a bad pointer); only `proc_exit` throws, and `start()`
 * catches it. The `wasi_unstable` module (preview0) shares the functions
 * whose ABI did not change and adapts the rest (whence order, filestat and
 * subscription layouts).
 */
import {
  O_APPEND,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOFOLLOW,
  O_RDONLY,
  O_RDWR,
  O_TRUNC,
  S_IFDIR,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  type Stats,
  type TimeSpec,
} from '@aspect-build/virtual-fs'
import { type ResolvedClock, resolveClock } from './clock.js'
import * as C from './constants.js'
import type { HostContext } from './context.js'
import { ProcExit, WasiError, wasiErrnoOf } from './errno.js'
import { Descriptor, FdTable, type SocketHandle } from './fd-table.js'
import { createJsContextImports, JS_CONTEXT_MODULE } from './js-context.js'
import { GuestFault, GuestMemory } from './memory.js'
import type { WasiFs } from './options.js'
import { checkOptions, type WasiHostOptions } from './options.js'
import { createSockImports, SOCK_MODULE } from './sock.js'
import { OutputStream, StdinStream } from './stdio.js'

// Re-exported for code that imports it from here.
export { ProcExit }

/** A guest import: numbers for i32 parameters, bigints for i64. */
type ImportFunction = (...args: never[]) => unknown

/** Largest file size a guest may create (`ERRNO_FBIG` beyond), so one call cannot exhaust host memory. */
export const MAX_FILE_SIZE: number = 2 ** 31

const PATH_MAX = 4096
const RANDOM_CHUNK = 65536
const MASK_RIGHTS = BigInt(C.RIGHTS_ALL)
const encoder = new TextEncoder()

/** Signals whose default action is to do nothing (chld, cont, stop, tstp, ttin, ttou, urg, winch). */
const HARMLESS_SIGNALS = new Set([
  C.SIGNAL_CHLD,
  C.SIGNAL_CONT,
  C.SIGNAL_STOP,
  C.SIGNAL_TSTP,
  C.SIGNAL_TTIN,
  C.SIGNAL_TTOU,
  C.SIGNAL_URG,
  C.SIGNAL_WINCH,
])

function filetypeOfMode(mode: number): number {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return C.FILETYPE_REGULAR_FILE
    case S_IFDIR:
      return C.FILETYPE_DIRECTORY
    case S_IFLNK:
      return C.FILETYPE_SYMBOLIC_LINK
    default:
      return C.FILETYPE_UNKNOWN
  }
}

/** Writes a non-negative safe integer as a little-endian u64 (the caller checked the range). */
function setNumberU64(view: DataView, at: number, value: number): void {
  view.setUint32(at, value % 0x1_0000_0000, true)
  view.setUint32(at + 4, Math.floor(value / 0x1_0000_0000), true)
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false
  return true
}

/** Rights bits of an i64 rights argument (undefined bits dropped). */
function toRights(value: bigint): number {
  return Number(BigInt.asUintN(64, value) & MASK_RIGHTS)
}

/** A u64 argument as a number, or -1 beyond 2^53. */
function toU64(value: bigint): number {
  const v = BigInt.asUintN(64, value)
  return v > 9007199254740991n ? -1 : Number(v)
}

/** Encodes NUL-terminated strings back to back, with each one's offset. */
function packStrings(strings: readonly string[]): { bytes: Uint8Array; offsets: number[] } {
  const parts = strings.map((s) => encoder.encode(`${s}\0`))
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  const offsets: number[] = []
  let at = 0
  for (const p of parts) {
    offsets.push(at)
    bytes.set(p, at)
    at += p.length
  }
  return { bytes, offsets }
}

/**
 * A WASI preview1 host for one guest instance. Build it, instantiate the
 * module with {@link imports}, then call {@link start} (commands) or
 * {@link initialize} (reactors).
 */
export class WasiHost {
  /**
   * The whole import object: `wasi_snapshot_preview1`, `wasi_unstable`, and
   * the custom modules. Pass it to `WebAssembly.instantiate`.
   */
  readonly imports: Record<string, Record<string, ImportFunction>>
  /** The guest's memory (bound by {@link start} / {@link initialize}). */
  readonly memory: GuestMemory = new GuestMemory()
  /** The guest's descriptors: 0–2 stdio, preopens from 3. */
  readonly fds: FdTable
  /** The filesystem served. */
  readonly vfs: WasiFs

  private readonly clock: ResolvedClock
  private readonly args: { bytes: Uint8Array; offsets: number[] }
  private readonly env: { bytes: Uint8Array; offsets: number[] }
  private readonly onError: (error: unknown, syscall: string) => void
  private readonly context: HostContext
  private started = false

  /**
   * Validates `options` (a `TypeError` names the bad key), opens the
   * preopened directories (a `VfsError` if one is missing) and builds
   * {@link imports}.
   */
  constructor(options: WasiHostOptions) {
    checkOptions(options)
    this.vfs = options.vfs
    this.fds = new FdTable(this.vfs)
    this.clock = resolveClock(options.clock)
    this.args = packStrings(options.args ?? [])
    this.env = packStrings(Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`))
    this.onError =
      options.onError ??
      ((error, syscall) => {
        console.error(`WasiHost: ${syscall} failed inside the host`, error)
      })

    const stdio = C.RIGHTS_CHARACTER_DEVICE_BASE
    this.fds.insert(new Descriptor(C.FILETYPE_CHARACTER_DEVICE, stdio, 0, -1, new StdinStream(options.stdin)))
    this.fds.insert(new Descriptor(C.FILETYPE_CHARACTER_DEVICE, stdio, 0, -1, new OutputStream(options.stdout)))
    this.fds.insert(new Descriptor(C.FILETYPE_CHARACTER_DEVICE, stdio, 0, -1, new OutputStream(options.stderr)))
    this.context = {
      memory: this.memory,
      fds: this.fds,
      vfs: this.vfs,
      network: options.network,
      fail: (error, syscall) => this.fail(error, syscall),
    }
    const preview1 = this.preview1Imports()
    this.imports = {
      [C.WASI_SNAPSHOT_PREVIEW1]: preview1,
      [C.WASI_UNSTABLE]: this.unstableImports(preview1),
    }
    try {
      for (const [guestPath, vfsPath] of Object.entries(options.preopens ?? {})) {
        const vfsFd = this.vfs.open(vfsPath, O_RDONLY | O_DIRECTORY)
        const d = new Descriptor(
          C.FILETYPE_DIRECTORY,
          C.RIGHTS_DIRECTORY_BASE,
          C.RIGHTS_DIRECTORY_INHERITING,
          vfsFd,
          null,
        )
        d.preopen = guestPath
        this.fds.insert(d)
      }
      // The custom modules (sock.ts, js-context.ts), which the `modules` option may replace or extend.
      for (const [name, factory] of Object.entries({ ...customModules(), ...options.modules })) {
        if (name in this.imports) throw new TypeError(`Invalid option in new WasiHost(): "modules" redefines "${name}"`)
        this.imports[name] = factory(this.context) as Record<string, ImportFunction>
      }
    } catch (error) {
      // Leave the VFS as it was: no descriptor of a host that was never built stays open.
      this.fds.closeAll()
      throw error
    }
  }

  // ------------------------------------------------------------ lifecycle

  /**
   * Runs a command module: binds its `memory` export and calls `_start`.
   * Returns 0 when `_start` returns, or N for `proc_exit(N)` (N as the guest
   * passed it, a u32). A trap or another exception from the guest
   * propagates. A host runs one instance once.
   */
  start(instance: WebAssembly.Instance): number {
    const entry = instance?.exports?._start
    if (typeof entry !== 'function') throw new TypeError('WasiHost.start(): the instance does not export _start')
    this.attach(instance, 'start')
    try {
      ;(entry as () => void)()
      return 0
    } catch (error) {
      if (error instanceof ProcExit) return error.code
      throw error
    }
  }

  /**
   * Prepares a reactor module: binds its `memory` export and calls
   * `_initialize` if it exports one. Its other exports may be called
   * afterwards (catch {@link ProcExit} around them).
   */
  initialize(instance: WebAssembly.Instance): void {
    if (typeof instance?.exports?._start === 'function') {
      throw new TypeError('WasiHost.initialize(): the instance exports _start; use start() for command modules')
    }
    const init = instance?.exports?._initialize
    if (init !== undefined && typeof init !== 'function') {
      throw new TypeError('WasiHost.initialize(): _initialize is not a function')
    }
    this.attach(instance, 'initialize')
    if (init !== undefined) (init as () => void)()
  }

  /** Closes every descriptor the guest left open. The host is unusable afterwards. */
  close(): void {
    for (const error of this.fds.closeAll()) this.onError(error, 'close')
  }

  private attach(instance: WebAssembly.Instance, method: string): void {
    if (this.started) throw new Error(`WasiHost.${method}(): this host already runs an instance`)
    const memory = instance?.exports?.memory
    if (!(memory instanceof WebAssembly.Memory)) {
      throw new TypeError(`WasiHost.${method}(): the instance does not export its memory as "memory"`)
    }
    this.started = true
    this.memory.bind(memory)
  }

  // -------------------------------------------------------------- helpers

  /** Turns an exception into the errno to return; rethrows {@link ProcExit}. */
  private fail(error: unknown, syscall: string): number {
    if (error instanceof WasiError) return error.errno
    if (error instanceof GuestFault) return C.ERRNO_FAULT
    if (error instanceof ProcExit) throw error
    const errno = wasiErrnoOf(error)
    if (errno !== null) return errno
    try {
      this.onError(error, syscall)
    } catch {
      // The embedder's error hook failed too; the guest still gets an errno.
    }
    return C.ERRNO_IO
  }

  /** A directory descriptor holding `rights`: `ERRNO_BADF`, `ERRNO_NOTDIR` or `ERRNO_NOTCAPABLE` otherwise. */
  private dir(fd: number, rights: number): Descriptor {
    const d = this.fds.lookup(fd)
    if (d === undefined) throw new WasiError(C.ERRNO_BADF)
    if (d.filetype !== C.FILETYPE_DIRECTORY) throw new WasiError(C.ERRNO_NOTDIR)
    if ((d.rightsBase & rights) !== rights) throw new WasiError(C.ERRNO_NOTCAPABLE)
    return d
  }

  /** A descriptor to read from: a directory answers `ERRNO_ISDIR` (as Linux's read(2)) before rights are checked. */
  private readable(fd: number, rights: number): Descriptor {
    const d = this.fds.lookup(fd)
    if (d === undefined) throw new WasiError(C.ERRNO_BADF)
    if (d.filetype === C.FILETYPE_DIRECTORY) throw new WasiError(C.ERRNO_ISDIR)
    if ((d.rightsBase & rights) !== rights) throw new WasiError(C.ERRNO_NOTCAPABLE)
    return d
  }

  /** A guest path: `ERRNO_FAULT` out of bounds, `ERRNO_NAMETOOLONG`, `ERRNO_ILSEQ` for invalid UTF-8. */
  private path(ptr: number, len: number): string {
    this.memory.check(ptr, len)
    if (len >>> 0 > PATH_MAX) throw new WasiError(C.ERRNO_NAMETOOLONG)
    const path = this.memory.readStringStrict(ptr, len)
    if (path === null) throw new WasiError(C.ERRNO_ILSEQ)
    return path
  }

  /** Time arguments of `*_filestat_set_times`: `ERRNO_INVAL` for unknown or contradictory flags. */
  private timeSpecs(atim: bigint, mtim: bigint, fstFlags: number): [TimeSpec, TimeSpec] {
    if (fstFlags & ~C.FSTFLAGS_ALL) throw new WasiError(C.ERRNO_INVAL)
    if (fstFlags & C.FSTFLAGS_ATIM && fstFlags & C.FSTFLAGS_ATIM_NOW) throw new WasiError(C.ERRNO_INVAL)
    if (fstFlags & C.FSTFLAGS_MTIM && fstFlags & C.FSTFLAGS_MTIM_NOW) throw new WasiError(C.ERRNO_INVAL)
    const a: TimeSpec =
      fstFlags & C.FSTFLAGS_ATIM_NOW ? 'now' : fstFlags & C.FSTFLAGS_ATIM ? BigInt.asUintN(64, atim) : 'omit'
    const m: TimeSpec =
      fstFlags & C.FSTFLAGS_MTIM_NOW ? 'now' : fstFlags & C.FSTFLAGS_MTIM ? BigInt.asUintN(64, mtim) : 'omit'
    return [a, m]
  }

  /** Writes a `filestat` (preview1 layout, or wasi_unstable's with a u32 nlink). */
  private writeFilestat(ptr: number, st: Stats | null, filetype: number, unstable: boolean): void {
    const mem = this.memory
    const size = unstable ? C.UNSTABLE_FILESTAT_SIZE : C.FILESTAT_SIZE
    const p = mem.check(ptr, size)
    mem.u8.fill(0, p, p + size)
    const v = mem.view
    if (st === null) {
      v.setUint8(p + 16, filetype)
      return
    }
    // The range is checked: write numbers as two u32 halves, with no BigInt allocation per stat.
    setNumberU64(v, p, st.dev)
    setNumberU64(v, p + 8, st.ino)
    v.setUint8(p + 16, filetypeOfMode(st.mode))
    const o = unstable ? 24 : 32
    if (unstable) v.setUint32(p + 20, st.nlink, true)
    else setNumberU64(v, p + 24, st.nlink)
    setNumberU64(v, p + o, st.size)
    v.setBigUint64(p + o + 8, st.atimeNs, true)
    v.setBigUint64(p + o + 16, st.mtimeNs, true)
    v.setBigUint64(p + o + 24, st.ctimeNs, true)
  }

  private clockNow(id: number): bigint | null {
    switch (id) {
      case C.CLOCKID_REALTIME:
        return this.clock.realtime()
      case C.CLOCKID_MONOTONIC:
        return this.clock.monotonic()
      case C.CLOCKID_PROCESS_CPUTIME_ID:
      case C.CLOCKID_THREAD_CPUTIME_ID:
        return this.clock.cputime()
      default:
        return null
    }
  }

  // ------------------------------------------------------------------------
  // The preview1 imports. Each method is the import of the same name, with
  // its wasm ABI: i32 parameters as numbers (pointers and lengths read as
  // u32), i64 parameters as bigints; results go through out-pointers and the
  // return value is an errno (`ERRNO_*`). Calling them directly is how tests
  // and custom bridges drive the host without a guest.

  // ------------------------------------------------------- args, environ

  args_get(argv: number, argvBuf: number): number {
    try {
      return this.writeStrings(this.args, argv, argvBuf)
    } catch (e) {
      return this.fail(e, 'args_get')
    }
  }

  args_sizes_get(argcPtr: number, bufSizePtr: number): number {
    try {
      return this.writeSizes(this.args, argcPtr, bufSizePtr)
    } catch (e) {
      return this.fail(e, 'args_sizes_get')
    }
  }

  environ_get(environ: number, environBuf: number): number {
    try {
      return this.writeStrings(this.env, environ, environBuf)
    } catch (e) {
      return this.fail(e, 'environ_get')
    }
  }

  environ_sizes_get(countPtr: number, bufSizePtr: number): number {
    try {
      return this.writeSizes(this.env, countPtr, bufSizePtr)
    } catch (e) {
      return this.fail(e, 'environ_sizes_get')
    }
  }

  private writeStrings(list: { bytes: Uint8Array; offsets: number[] }, ptrs: number, buf: number): number {
    const mem = this.memory
    const n = list.offsets.length
    const p = mem.check(ptrs, n * 4)
    const b = mem.check(buf, list.bytes.length)
    for (let i = 0; i < n; i++) mem.setU32(p + i * 4, (b + (list.offsets[i] as number)) >>> 0)
    mem.u8.set(list.bytes, b)
    return C.ERRNO_SUCCESS
  }

  private writeSizes(list: { bytes: Uint8Array; offsets: number[] }, countPtr: number, sizePtr: number): number {
    this.memory.check(countPtr, 4)
    this.memory.check(sizePtr, 4)
    this.memory.setU32(countPtr, list.offsets.length)
    this.memory.setU32(sizePtr, list.bytes.length)
    return C.ERRNO_SUCCESS
  }

  // --------------------------------------------------------------- clocks

  clock_res_get(id: number, resPtr: number): number {
    try {
      this.memory.check(resPtr, 8)
      if (id >>> 0 > C.CLOCKID_THREAD_CPUTIME_ID) return C.ERRNO_INVAL
      this.memory.setU64(resPtr, this.clock.resolution)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'clock_res_get')
    }
  }

  clock_time_get(id: number, _precision: bigint, timePtr: number): number {
    try {
      this.memory.check(timePtr, 8)
      const now = this.clockNow(id >>> 0)
      if (now === null) return C.ERRNO_INVAL
      this.memory.setU64(timePtr, now)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'clock_time_get')
    }
  }

  // ---------------------------------------------------------- descriptors

  fd_advise(fd: number, _offset: bigint, _len: bigint, advice: number): number {
    try {
      const d = this.fds.get(fd, C.RIGHTS_FD_ADVISE)
      if (advice >>> 0 > C.ADVICE_NOREUSE) return C.ERRNO_INVAL
      if (d.filetype === C.FILETYPE_DIRECTORY) return C.ERRNO_BADF
      if (d.vfsFd < 0) return C.ERRNO_SPIPE
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_advise')
    }
  }

  fd_allocate(fd: number, offset: bigint, len: bigint): number {
    try {
      const d = this.fds.get(fd, C.RIGHTS_FD_ALLOCATE)
      if (d.filetype === C.FILETYPE_DIRECTORY) return C.ERRNO_BADF
      if (d.vfsFd < 0) return C.ERRNO_SPIPE
      const off = toU64(offset)
      const n = toU64(len)
      if (off < 0 || n < 0) return C.ERRNO_FBIG
      if (n === 0) return C.ERRNO_INVAL
      const end = off + n
      if (end > MAX_FILE_SIZE) return C.ERRNO_FBIG
      if (end > this.vfs.fstat(d.vfsFd).size) this.vfs.ftruncate(d.vfsFd, end)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_allocate')
    }
  }

  fd_close(fd: number): number {
    try {
      this.fds.close(fd)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_close')
    }
  }

  fd_datasync(fd: number): number {
    try {
      const d = this.fds.get(fd, C.RIGHTS_FD_DATASYNC)
      if (d.vfsFd < 0) return C.ERRNO_INVAL
      this.vfs.fsync(d.vfsFd)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_datasync')
    }
  }

  fd_fdstat_get(fd: number, statPtr: number): number {
    try {
      const mem = this.memory
      const p = mem.check(statPtr, C.FDSTAT_SIZE)
      const d = this.fds.get(fd, 0)
      mem.u8.fill(0, p, p + C.FDSTAT_SIZE)
      mem.view.setUint8(p, d.filetype)
      mem.view.setUint16(p + 2, d.fdflags, true)
      mem.setU64(p + 8, d.rightsBase)
      mem.setU64(p + 16, d.rightsInheriting)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_fdstat_get')
    }
  }

  fd_fdstat_set_flags(fd: number, flags: number): number {
    try {
      const d = this.fds.get(fd, C.RIGHTS_FD_FDSTAT_SET_FLAGS)
      if (flags & ~C.FDFLAGS_ALL) return C.ERRNO_INVAL
      if (d.vfsFd >= 0) this.vfs.setFlags(d.vfsFd, flags & C.FDFLAGS_APPEND ? O_APPEND : 0)
      else d.stream?.setFlags?.(flags)
      d.fdflags = flags
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_fdstat_set_flags')
    }
  }

  fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number {
    try {
      const d = this.fds.get(fd, 0)
      const b = toRights(base)
      const i = toRights(inheriting)
      if ((b & ~d.rightsBase) !== 0 || (i & ~d.rightsInheriting) !== 0) return C.ERRNO_NOTCAPABLE
      d.rightsBase = b
      d.rightsInheriting = i
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_fdstat_set_rights')
    }
  }

  fd_filestat_get(fd: number, bufPtr: number): number {
    return this.fdFilestatGet(fd, bufPtr, false)
  }

  private fdFilestatGet(fd: number, bufPtr: number, unstable: boolean): number {
    try {
      this.memory.check(bufPtr, unstable ? C.UNSTABLE_FILESTAT_SIZE : C.FILESTAT_SIZE)
      const d = this.fds.get(fd, C.RIGHTS_FD_FILESTAT_GET)
      this.writeFilestat(bufPtr, d.vfsFd >= 0 ? this.vfs.fstat(d.vfsFd) : null, d.filetype, unstable)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_filestat_get')
    }
  }

  fd_filestat_set_size(fd: number, size: bigint): number {
    try {
      const d = this.fds.get(fd, C.RIGHTS_FD_FILESTAT_SET_SIZE)
      if (d.filetype === C.FILETYPE_DIRECTORY) return C.ERRNO_ISDIR
      if (d.vfsFd < 0) return C.ERRNO_INVAL
      const n = toU64(size)
      if (n < 0 || n > MAX_FILE_SIZE) return C.ERRNO_FBIG
      this.vfs.ftruncate(d.vfsFd, n)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_filestat_set_size')
    }
  }

  fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, fstFlags: number): number {
    try {
      const d = this.fds.get(fd, C.RIGHTS_FD_FILESTAT_SET_TIMES)
      const [a, m] = this.timeSpecs(atim, mtim, fstFlags)
      if (d.vfsFd < 0) return C.ERRNO_SUCCESS
      this.vfs.futimens(d.vfsFd, a, m)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_filestat_set_times')
    }
  }

  fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
    try {
      const mem = this.memory
      iovs = mem.check(iovs, (iovsLen >>> 0) * C.IOVEC_SIZE)
      mem.check(nreadPtr, 4)
      const d = this.readable(fd, C.RIGHTS_FD_READ | C.RIGHTS_FD_SEEK)
      if (d.vfsFd < 0) return C.ERRNO_SPIPE
      let at = toU64(offset)
      if (at < 0) at = Number.MAX_SAFE_INTEGER
      let total = 0
      for (let i = 0; i < iovsLen >>> 0; i++) {
        const buf = mem.getU32(iovs + i * 8)
        const len = mem.getU32(iovs + i * 8 + 4)
        const p = mem.check(buf, len)
        if (len === 0) continue
        const n = this.vfs.read(d.vfsFd, mem.u8, p, len, at)
        total += n
        at += n
        if (n < len) break
      }
      mem.setU32(nreadPtr, total)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_pread')
    }
  }

  fd_prestat_get(fd: number, bufPtr: number): number {
    try {
      const mem = this.memory
      const p = mem.check(bufPtr, C.PRESTAT_SIZE)
      const d = this.fds.get(fd, 0)
      if (d.preopen === null) return C.ERRNO_BADF
      mem.u8.fill(0, p, p + C.PRESTAT_SIZE)
      mem.view.setUint8(p, C.PREOPENTYPE_DIR)
      mem.setU32(p + 4, encoder.encode(d.preopen).length)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_prestat_get')
    }
  }

  fd_prestat_dir_name(fd: number, pathPtr: number, pathLen: number): number {
    try {
      const d = this.fds.get(fd, 0)
      if (d.preopen === null) return C.ERRNO_BADF
      const name = encoder.encode(d.preopen)
      if (pathLen >>> 0 < name.length) return C.ERRNO_NAMETOOLONG
      this.memory.writeBytes(pathPtr, name)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_prestat_dir_name')
    }
  }

  fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
    try {
      const mem = this.memory
      iovs = mem.check(iovs, (iovsLen >>> 0) * C.IOVEC_SIZE)
      mem.check(nwrittenPtr, 4)
      const d = this.fds.get(fd, C.RIGHTS_FD_WRITE | C.RIGHTS_FD_SEEK)
      if (d.filetype === C.FILETYPE_DIRECTORY) return C.ERRNO_ISDIR
      if (d.vfsFd < 0) return C.ERRNO_SPIPE
      let at = toU64(offset)
      let total = 0
      for (let i = 0; i < iovsLen >>> 0; i++) {
        const buf = mem.getU32(iovs + i * 8)
        const len = mem.getU32(iovs + i * 8 + 4)
        const p = mem.check(buf, len)
        if (len === 0) continue
        if (at < 0 || at + len > MAX_FILE_SIZE) {
          if (total > 0) break
          return C.ERRNO_FBIG
        }
        total += this.vfs.write(d.vfsFd, mem.u8, p, len, at)
        at += len
      }
      mem.setU32(nwrittenPtr, total)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_pwrite')
    }
  }

  fd_read(fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
    try {
      const mem = this.memory
      iovs = mem.check(iovs, (iovsLen >>> 0) * C.IOVEC_SIZE)
      mem.check(nreadPtr, 4)
      const d = this.readable(fd, C.RIGHTS_FD_READ)
      const vfsFd = d.vfsFd
      let total = 0
      for (let i = 0; i < iovsLen >>> 0; i++) {
        const buf = mem.getU32(iovs + i * 8)
        const len = mem.getU32(iovs + i * 8 + 4)
        const p = mem.check(buf, len)
        if (len === 0) continue
        let n: number
        if (vfsFd >= 0) {
          n = this.vfs.read(vfsFd, mem.u8, p, len, null)
        } else {
          const stream = d.stream
          if (!stream?.read) return C.ERRNO_BADF
          n = stream.read(mem.u8.subarray(p, p + len))
        }
        total += n
        if (n < len) break
      }
      mem.setU32(nreadPtr, total)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_read')
    }
  }

  fd_readdir(fd: number, buf: number, bufLen: number, cookie: bigint, bufusedPtr: number): number {
    try {
      const mem = this.memory
      const start = mem.check(buf, bufLen)
      mem.check(bufusedPtr, 4)
      const d = this.fds.get(fd, C.RIGHTS_FD_READDIR)
      if (d.filetype !== C.FILETYPE_DIRECTORY) return C.ERRNO_NOTDIR
      const position = BigInt.asUintN(64, cookie)
      if (position === 0n || d.dirNames === null) d.dirNames = ['.', '..', ...this.vfs.readdir(d.vfsFd)]
      const names = d.dirNames
      const capacity = bufLen >>> 0
      let used = 0
      const header = new Uint8Array(C.DIRENT_SIZE)
      const hv = new DataView(header.buffer)
      for (let i = position > BigInt(names.length) ? names.length : Number(position); i < names.length; i++) {
        const name = names[i] as string
        let st: Stats
        try {
          if (name === '.') st = this.vfs.fstat(d.vfsFd)
          else if (name === '..') st = d.preopen !== null ? this.vfs.fstat(d.vfsFd) : this.vfs.statAt(d.vfsFd, '..')
          else st = this.vfs.statAt(d.vfsFd, name)
        } catch {
          continue // removed since the listing was taken
        }
        // Most names are ASCII: their bytes are their char codes, written without an encoder.
        const ascii = isAscii(name)
        const nameBytes = ascii ? null : encoder.encode(name)
        const nameLen = ascii ? name.length : (nameBytes as Uint8Array).length
        hv.setUint32(0, i + 1, true) // d_next (the high half stays 0)
        setNumberU64(hv, 8, st.ino) // d_ino
        hv.setUint32(16, nameLen, true)
        hv.setUint32(20, filetypeOfMode(st.mode), true)
        // The last entry is cut at the buffer's end: the guest sees bufused == buf_len and asks again.
        const room = capacity - used
        const u8 = mem.u8
        if (room <= C.DIRENT_SIZE) {
          u8.set(header.subarray(0, room), start + used)
          used = capacity
          break
        }
        u8.set(header, start + used)
        used += C.DIRENT_SIZE
        const n = Math.min(nameLen, capacity - used)
        const at = start + used
        if (nameBytes === null) for (let k = 0; k < n; k++) u8[at + k] = name.charCodeAt(k)
        else u8.set(nameBytes.subarray(0, n), at)
        used += n
        if (used === capacity) break
      }
      mem.setU32(bufusedPtr, used)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_readdir')
    }
  }

  fd_renumber(fd: number, to: number): number {
    try {
      this.fds.get(fd, 0)
      this.fds.get(to, 0)
      if (fd >>> 0 === to >>> 0) return C.ERRNO_SUCCESS
      const old = this.fds.take(to)
      this.fds.place(to, this.fds.take(fd))
      this.fds.release(old)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_renumber')
    }
  }

  fd_seek(fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
    return this.fdSeek(fd, offset, whence, newOffsetPtr)
  }

  private fdSeek(fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
    try {
      this.memory.check(newOffsetPtr, 8)
      const tellOnly = whence === C.WHENCE_CUR && offset === 0n
      const d = this.fds.get(fd, tellOnly ? C.RIGHTS_FD_TELL : C.RIGHTS_FD_SEEK)
      if (d.filetype === C.FILETYPE_DIRECTORY) return C.ERRNO_ISDIR
      if (d.vfsFd < 0) return C.ERRNO_SPIPE
      if (whence >>> 0 > C.WHENCE_END) return C.ERRNO_INVAL
      const delta = BigInt.asIntN(64, offset)
      if (delta > 9007199254740991n || delta < -9007199254740991n) return C.ERRNO_INVAL
      // WHENCE_* equal the VFS's SEEK_* (set 0, cur 1, end 2).
      const next = this.vfs.seek(d.vfsFd, Number(delta), whence)
      this.memory.setU64(newOffsetPtr, next)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_seek')
    }
  }

  fd_sync(fd: number): number {
    try {
      const d = this.fds.get(fd, C.RIGHTS_FD_SYNC)
      if (d.vfsFd < 0) return C.ERRNO_INVAL
      this.vfs.fsync(d.vfsFd)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_sync')
    }
  }

  fd_tell(fd: number, offsetPtr: number): number {
    try {
      this.memory.check(offsetPtr, 8)
      const d = this.fds.get(fd, C.RIGHTS_FD_TELL)
      if (d.filetype === C.FILETYPE_DIRECTORY) return C.ERRNO_ISDIR
      if (d.vfsFd < 0) return C.ERRNO_SPIPE
      this.memory.setU64(offsetPtr, this.vfs.tell(d.vfsFd))
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_tell')
    }
  }

  fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
    try {
      const mem = this.memory
      iovs = mem.check(iovs, (iovsLen >>> 0) * C.IOVEC_SIZE)
      mem.check(nwrittenPtr, 4)
      const d = this.fds.get(fd, C.RIGHTS_FD_WRITE)
      const count = iovsLen >>> 0
      let total = 0
      if (d.vfsFd >= 0) {
        const vfsFd = d.vfsFd
        for (let i = 0; i < count; i++) {
          const buf = mem.getU32(iovs + i * 8)
          const len = mem.getU32(iovs + i * 8 + 4)
          const p = mem.check(buf, len)
          if (len === 0) continue
          if (this.vfs.tell(vfsFd) + len > MAX_FILE_SIZE && !(d.fdflags & C.FDFLAGS_APPEND)) {
            if (total > 0) break
            return C.ERRNO_FBIG
          }
          total += this.vfs.write(vfsFd, mem.u8, p, len, null)
        }
      } else {
        if (d.filetype === C.FILETYPE_DIRECTORY) return C.ERRNO_ISDIR
        const stream = d.stream
        if (!stream?.write) return C.ERRNO_BADF
        // Streams get one chunk per call: gather the iovecs.
        if (count === 1) {
          const p = mem.check(mem.getU32(iovs), mem.getU32(iovs + 4))
          total = stream.write(mem.u8.subarray(p, p + mem.getU32(iovs + 4)))
        } else {
          let size = 0
          for (let i = 0; i < count; i++) {
            size += mem.getU32(iovs + i * 8 + 4)
            mem.check(mem.getU32(iovs + i * 8), mem.getU32(iovs + i * 8 + 4))
          }
          if (size > 0) {
            const chunk = new Uint8Array(size)
            let at = 0
            for (let i = 0; i < count; i++) {
              const p = mem.getU32(iovs + i * 8) >>> 0
              const len = mem.getU32(iovs + i * 8 + 4)
              chunk.set(mem.u8.subarray(p, p + len), at)
              at += len
            }
            total = stream.write(chunk)
          }
        }
      }
      mem.setU32(nwrittenPtr, total)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'fd_write')
    }
  }

  // ----------------------------------------------------------------- paths

  path_create_directory(fd: number, pathPtr: number, pathLen: number): number {
    try {
      const d = this.dir(fd, C.RIGHTS_PATH_CREATE_DIRECTORY)
      this.vfs.mkdirAt(d.vfsFd, this.path(pathPtr, pathLen), 0o777, { beneath: true })
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_create_directory')
    }
  }

  path_filestat_get(fd: number, flags: number, pathPtr: number, pathLen: number, bufPtr: number): number {
    return this.pathFilestatGet(fd, flags, pathPtr, pathLen, bufPtr, false)
  }

  private pathFilestatGet(
    fd: number,
    flags: number,
    pathPtr: number,
    pathLen: number,
    bufPtr: number,
    unstable: boolean,
  ): number {
    try {
      this.memory.check(bufPtr, unstable ? C.UNSTABLE_FILESTAT_SIZE : C.FILESTAT_SIZE)
      const d = this.dir(fd, C.RIGHTS_PATH_FILESTAT_GET)
      const path = this.path(pathPtr, pathLen)
      const follow = (flags & C.LOOKUPFLAGS_SYMLINK_FOLLOW) !== 0
      const st = this.vfs.statAt(d.vfsFd, path, { follow, beneath: true })
      this.writeFilestat(bufPtr, st, 0, unstable)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_filestat_get')
    }
  }

  path_filestat_set_times(
    fd: number,
    flags: number,
    pathPtr: number,
    pathLen: number,
    atim: bigint,
    mtim: bigint,
    fstFlags: number,
  ): number {
    try {
      const d = this.dir(fd, C.RIGHTS_PATH_FILESTAT_SET_TIMES)
      const path = this.path(pathPtr, pathLen)
      const [a, m] = this.timeSpecs(atim, mtim, fstFlags)
      const follow = (flags & C.LOOKUPFLAGS_SYMLINK_FOLLOW) !== 0
      this.vfs.utimensAt(d.vfsFd, path, a, m, { follow, beneath: true })
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_filestat_set_times')
    }
  }

  path_link(
    oldFd: number,
    oldFlags: number,
    oldPathPtr: number,
    oldPathLen: number,
    newFd: number,
    newPathPtr: number,
    newPathLen: number,
  ): number {
    try {
      const from = this.dir(oldFd, C.RIGHTS_PATH_LINK_SOURCE)
      const to = this.dir(newFd, C.RIGHTS_PATH_LINK_TARGET)
      const oldPath = this.path(oldPathPtr, oldPathLen)
      const newPath = this.path(newPathPtr, newPathLen)
      const follow = (oldFlags & C.LOOKUPFLAGS_SYMLINK_FOLLOW) !== 0
      this.vfs.linkAt(from.vfsFd, oldPath, to.vfsFd, newPath, { follow, beneath: true })
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_link')
    }
  }

  path_open(
    fd: number,
    dirflags: number,
    pathPtr: number,
    pathLen: number,
    oflags: number,
    rightsBase: bigint,
    rightsInheriting: bigint,
    fdflags: number,
    fdPtr: number,
  ): number {
    try {
      this.memory.check(fdPtr, 4)
      if (oflags & ~C.OFLAGS_ALL || fdflags & ~C.FDFLAGS_ALL) return C.ERRNO_INVAL
      let needed = C.RIGHTS_PATH_OPEN
      if (oflags & C.OFLAGS_CREAT) needed |= C.RIGHTS_PATH_CREATE_FILE
      if (oflags & C.OFLAGS_TRUNC) needed |= C.RIGHTS_PATH_FILESTAT_SET_SIZE
      const d = this.dir(fd, needed)
      const path = this.path(pathPtr, pathLen)
      // Rights no file or directory can hold (sockets', undefined bits) are dropped, as the spec
      // allows; asking for an applicable right the directory cannot pass on is refused.
      const base = toRights(rightsBase) & C.RIGHTS_DIRECTORY_INHERITING
      const inheriting = toRights(rightsInheriting) & C.RIGHTS_DIRECTORY_INHERITING
      if ((base & ~d.rightsInheriting) !== 0 || (inheriting & ~d.rightsInheriting) !== 0) {
        return C.ERRNO_NOTCAPABLE
      }
      let flags = oflags & C.OFLAGS_DIRECTORY ? O_DIRECTORY : 0
      if (!(dirflags & C.LOOKUPFLAGS_SYMLINK_FOLLOW)) flags |= O_NOFOLLOW
      if (oflags & C.OFLAGS_CREAT) flags |= O_CREAT
      if (oflags & C.OFLAGS_EXCL) flags |= O_EXCL
      if (oflags & C.OFLAGS_TRUNC) flags |= O_TRUNC
      if (fdflags & C.FDFLAGS_APPEND) flags |= O_APPEND
      // Access is the VFS's business only for writes: a directory refuses them (EISDIR), and
      // O_TRUNC needs a writable open. Rights decide everything else.
      if (base & C.RIGHTS_WRITE_ACCESS || oflags & C.OFLAGS_TRUNC) flags |= O_RDWR
      else flags |= O_RDONLY
      const vfsFd = this.vfs.openAt(d.vfsFd, path, flags, 0o666, { beneath: true })
      let guestFd: number
      try {
        const filetype = filetypeOfMode(this.vfs.fstat(vfsFd).mode)
        const isDir = filetype === C.FILETYPE_DIRECTORY
        const entry = new Descriptor(
          filetype,
          base & (isDir ? C.RIGHTS_DIRECTORY_BASE : C.RIGHTS_REGULAR_FILE_BASE),
          isDir ? inheriting & C.RIGHTS_DIRECTORY_INHERITING : 0,
          vfsFd,
          null,
        )
        entry.fdflags = fdflags
        guestFd = this.fds.insert(entry)
      } catch (error) {
        this.vfs.close(vfsFd)
        throw error
      }
      this.memory.setU32(fdPtr, guestFd)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_open')
    }
  }

  path_readlink(fd: number, pathPtr: number, pathLen: number, buf: number, bufLen: number, bufusedPtr: number): number {
    try {
      this.memory.check(buf, bufLen)
      this.memory.check(bufusedPtr, 4)
      const d = this.dir(fd, C.RIGHTS_PATH_READLINK)
      const target = encoder.encode(this.vfs.readlinkAt(d.vfsFd, this.path(pathPtr, pathLen), { beneath: true }))
      const n = Math.min(target.length, bufLen >>> 0)
      this.memory.writeBytes(buf, target.subarray(0, n))
      this.memory.setU32(bufusedPtr, n)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_readlink')
    }
  }

  path_remove_directory(fd: number, pathPtr: number, pathLen: number): number {
    try {
      const d = this.dir(fd, C.RIGHTS_PATH_REMOVE_DIRECTORY)
      this.vfs.unlinkAt(d.vfsFd, this.path(pathPtr, pathLen), true, { beneath: true })
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_remove_directory')
    }
  }

  path_rename(
    fd: number,
    oldPathPtr: number,
    oldPathLen: number,
    newFd: number,
    newPathPtr: number,
    newPathLen: number,
  ): number {
    try {
      const from = this.dir(fd, C.RIGHTS_PATH_RENAME_SOURCE)
      const to = this.dir(newFd, C.RIGHTS_PATH_RENAME_TARGET)
      const oldPath = this.path(oldPathPtr, oldPathLen)
      const newPath = this.path(newPathPtr, newPathLen)
      this.vfs.renameAt(from.vfsFd, oldPath, to.vfsFd, newPath, { beneath: true })
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_rename')
    }
  }

  path_symlink(oldPathPtr: number, oldPathLen: number, fd: number, newPathPtr: number, newPathLen: number): number {
    try {
      const d = this.dir(fd, C.RIGHTS_PATH_SYMLINK)
      const target = this.path(oldPathPtr, oldPathLen)
      // An absolute target would name something outside every capability the guest holds.
      if (target.startsWith('/')) return C.ERRNO_NOTCAPABLE
      this.vfs.symlinkAt(target, d.vfsFd, this.path(newPathPtr, newPathLen), { beneath: true })
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_symlink')
    }
  }

  path_unlink_file(fd: number, pathPtr: number, pathLen: number): number {
    try {
      const d = this.dir(fd, C.RIGHTS_PATH_UNLINK_FILE)
      this.vfs.unlinkAt(d.vfsFd, this.path(pathPtr, pathLen), false, { beneath: true })
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'path_unlink_file')
    }
  }

  // ------------------------------------------------------------------ poll

  poll_oneoff(inPtr: number, outPtr: number, nsubscriptions: number, neventsPtr: number): number {
    return this.pollOneoff(inPtr, outPtr, nsubscriptions, neventsPtr, false)
  }

  private pollOneoff(inPtr: number, outPtr: number, nsubs: number, neventsPtr: number, unstable: boolean): number {
    try {
      const mem = this.memory
      const n = nsubs >>> 0
      const subSize = unstable ? C.UNSTABLE_SUBSCRIPTION_SIZE : C.SUBSCRIPTION_SIZE
      const clockAt = unstable ? 24 : 16
      mem.check(inPtr, n * subSize)
      mem.check(outPtr, n * C.EVENT_SIZE)
      mem.check(neventsPtr, 4)
      if (n === 0) return C.ERRNO_INVAL
      const inBase = inPtr >>> 0
      const outBase = outPtr >>> 0
      let nevents = 0
      // Pending clocks: [subscription index, clock id, deadline]; pending streams: subscription index.
      const clocks: Array<[number, number, bigint]> = []
      const waiting: number[] = []
      for (let i = 0; i < n; i++) {
        const s = inBase + i * subSize
        const type = mem.view.getUint8(s + 8)
        if (type === C.EVENTTYPE_CLOCK) {
          const id = mem.view.getUint32(s + clockAt, true)
          const timeout = mem.view.getBigUint64(s + clockAt + 8, true)
          const flags = mem.view.getUint16(s + clockAt + 24, true)
          const now = this.clockNow(id)
          if (now === null || flags & ~C.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME) {
            this.writeEvent(outBase + nevents++ * C.EVENT_SIZE, mem.view.getBigUint64(s, true), C.ERRNO_INVAL, type, 0)
            continue
          }
          const deadline = flags & C.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME ? timeout : now + timeout
          clocks.push([i, id, deadline])
        } else if (type === C.EVENTTYPE_FD_READ || type === C.EVENTTYPE_FD_WRITE) {
          if (this.pollFd(inBase + i * subSize, outBase + nevents * C.EVENT_SIZE)) nevents++
          else waiting.push(i)
        } else {
          return C.ERRNO_INVAL
        }
      }
      // Nothing ready: wait for the first clock, re-checking streams that are not ready yet.
      while (true) {
        let soonest: bigint | null = null
        for (let k = 0; k < clocks.length; k++) {
          const [i, id, deadline] = clocks[k] as [number, number, bigint]
          const left = deadline - (this.clockNow(id) as bigint)
          if (left <= 0n) {
            const userdata = mem.view.getBigUint64(inBase + i * subSize, true)
            this.writeEvent(outBase + nevents++ * C.EVENT_SIZE, userdata, C.ERRNO_SUCCESS, C.EVENTTYPE_CLOCK, 0)
            clocks.splice(k--, 1)
          } else if (soonest === null || left < soonest) {
            soonest = left
          }
        }
        if (nevents > 0) break
        if (waiting.length > 0) {
          // Streams signal nothing: look again every millisecond (or sooner, for a clock due first).
          this.clock.sleep(soonest !== null && soonest < 1_000_000n ? soonest : 1_000_000n)
          for (let k = 0; k < waiting.length; k++) {
            if (this.pollFd(inBase + (waiting[k] as number) * subSize, outBase + nevents * C.EVENT_SIZE)) {
              nevents++
              waiting.splice(k--, 1)
            }
          }
          if (nevents > 0) break
        } else if (soonest !== null) {
          this.clock.sleep(soonest)
        } else {
          break
        }
      }
      mem.setU32(neventsPtr, nevents)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'poll_oneoff')
    }
  }

  /** Writes one `event` at `q` (already checked). */
  private writeEvent(q: number, userdata: bigint, error: number, type: number, nbytes: number): void {
    const mem = this.memory
    mem.u8.fill(0, q, q + C.EVENT_SIZE)
    mem.view.setBigUint64(q, userdata, true)
    mem.view.setUint16(q + 8, error, true)
    mem.view.setUint8(q + 10, type)
    setNumberU64(mem.view, q + 16, nbytes)
  }

  /**
   * Looks at the fd_read/fd_write subscription at `s`: when the descriptor is
   * ready, or cannot be waited on (an error event), writes the event at `q`
   * and returns true; false while it is not ready.
   */
  private pollFd(s: number, q: number): boolean {
    const view = this.memory.view
    const userdata = view.getBigUint64(s, true)
    const type = view.getUint8(s + 8)
    const d = this.fds.lookup(view.getUint32(s + 16, true))
    if (d === undefined) {
      this.writeEvent(q, userdata, C.ERRNO_BADF, type, 0)
      return true
    }
    const right = type === C.EVENTTYPE_FD_READ ? C.RIGHTS_FD_READ : C.RIGHTS_FD_WRITE
    if ((d.rightsBase & right) !== right) {
      this.writeEvent(q, userdata, C.ERRNO_NOTCAPABLE, type, 0)
      return true
    }
    if (d.vfsFd >= 0) {
      // Files and directories are always ready; a read reports the bytes left.
      let nbytes = 0
      if (type === C.EVENTTYPE_FD_READ && d.filetype === C.FILETYPE_REGULAR_FILE) {
        nbytes = Math.max(0, this.vfs.fstat(d.vfsFd).size - this.vfs.tell(d.vfsFd))
      }
      this.writeEvent(q, userdata, C.ERRNO_SUCCESS, type, nbytes)
      return true
    }
    const stream = d.stream
    const reading = type === C.EVENTTYPE_FD_READ
    if (!stream || !(reading ? stream.read : stream.write)) {
      this.writeEvent(q, userdata, C.ERRNO_BADF, type, 0)
      return true
    }
    const ready = (reading ? stream.readReady?.() : stream.writeReady?.()) ?? 0
    if (ready < 0) return false
    this.writeEvent(q, userdata, C.ERRNO_SUCCESS, type, ready)
    return true
  }

  // --------------------------------------------------------------- process

  proc_exit(code: number): never {
    throw new ProcExit(code >>> 0)
  }

  proc_raise(sig: number): number {
    const s = sig >>> 0
    if (s > C.SIGNAL_SYS) return C.ERRNO_INVAL
    if (s === C.SIGNAL_NONE || HARMLESS_SIGNALS.has(s)) return C.ERRNO_SUCCESS
    // Every other signal's default action ends the process, as a shell reports it: 128 + signal.
    // WASI numbers match Linux's up to SIGTERM (15); from SIGCHLD on, Linux's are one higher.
    throw new ProcExit(128 + (s <= C.SIGNAL_TERM ? s : s + 1))
  }

  sched_yield(): number {
    return C.ERRNO_SUCCESS
  }

  random_get(buf: number, bufLen: number): number {
    try {
      const mem = this.memory
      const p = mem.check(buf, bufLen)
      const len = bufLen >>> 0
      // getRandomValues refuses views of shared memory and more than 64 KiB at once.
      const scratch = mem.shared ? new Uint8Array(Math.min(len, RANDOM_CHUNK)) : null
      for (let at = 0; at < len; at += RANDOM_CHUNK) {
        const n = Math.min(RANDOM_CHUNK, len - at)
        if (scratch) {
          const part = scratch.subarray(0, n)
          crypto.getRandomValues(part)
          mem.u8.set(part, p + at)
        } else {
          crypto.getRandomValues(mem.u8.subarray(p + at, p + at + n))
        }
      }
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'random_get')
    }
  }

  // --------------------------------------------------------------- sockets

  /** A socket descriptor: `ERRNO_BADF` (no such fd), `ERRNO_NOTSOCK`, `ERRNO_NOTCAPABLE`. */
  private socket(fd: number, rights: number): SocketHandle {
    const d = this.fds.lookup(fd)
    if (d === undefined) throw new WasiError(C.ERRNO_BADF)
    if (d.filetype !== C.FILETYPE_SOCKET_STREAM && d.filetype !== C.FILETYPE_SOCKET_DGRAM) {
      throw new WasiError(C.ERRNO_NOTSOCK)
    }
    if ((d.rightsBase & rights) !== rights) throw new WasiError(C.ERRNO_NOTCAPABLE)
    if (d.stream === null) throw new WasiError(C.ERRNO_BADF)
    return d.stream as SocketHandle
  }

  sock_accept(fd: number, flags: number, fdPtr: number): number {
    try {
      this.memory.check(fdPtr, 4)
      const listener = this.socket(fd, C.RIGHTS_SOCK_ACCEPT)
      if (flags & ~C.FDFLAGS_NONBLOCK) return C.ERRNO_INVAL
      if (!listener.accept) return C.ERRNO_NOTSUP
      const parent = this.fds.lookup(fd) as Descriptor
      const conn = listener.accept(flags)
      const d = new Descriptor(parent.filetype, C.RIGHTS_SOCKET_BASE & ~C.RIGHTS_SOCK_ACCEPT, 0, -1, conn)
      d.fdflags = flags
      let guestFd: number
      try {
        guestFd = this.fds.insert(d)
      } catch (error) {
        conn.close?.()
        throw error
      }
      this.memory.setU32(fdPtr, guestFd)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'sock_accept')
    }
  }

  sock_recv(
    fd: number,
    riData: number,
    riDataLen: number,
    riFlags: number,
    roDatalenPtr: number,
    roFlagsPtr: number,
  ): number {
    try {
      const mem = this.memory
      riData = mem.check(riData, (riDataLen >>> 0) * C.IOVEC_SIZE)
      mem.check(roDatalenPtr, 4)
      mem.check(roFlagsPtr, 2)
      const sock = this.socket(fd, C.RIGHTS_FD_READ)
      if (riFlags & ~(C.RIFLAGS_RECV_PEEK | C.RIFLAGS_RECV_WAITALL)) return C.ERRNO_INVAL
      const count = riDataLen >>> 0
      let size = 0
      for (let i = 0; i < count; i++) {
        const len = mem.getU32(riData + i * 8 + 4)
        mem.check(mem.getU32(riData + i * 8), len)
        size += len
      }
      // One receive into a scratch buffer, scattered over the iovecs (a peek must see one message).
      const scratch = new Uint8Array(size)
      const n = size === 0 ? 0 : sock.recv(scratch, riFlags)
      let at = 0
      for (let i = 0; i < count && at < n; i++) {
        const p = mem.getU32(riData + i * 8) >>> 0
        const len = Math.min(mem.getU32(riData + i * 8 + 4), n - at)
        mem.u8.set(scratch.subarray(at, at + len), p)
        at += len
      }
      mem.setU32(roDatalenPtr, n)
      mem.setU16(roFlagsPtr, 0)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'sock_recv')
    }
  }

  sock_send(fd: number, siData: number, siDataLen: number, siFlags: number, soDatalenPtr: number): number {
    try {
      const mem = this.memory
      siData = mem.check(siData, (siDataLen >>> 0) * C.IOVEC_SIZE)
      mem.check(soDatalenPtr, 4)
      const sock = this.socket(fd, C.RIGHTS_FD_WRITE)
      if (siFlags !== 0) return C.ERRNO_INVAL
      const count = siDataLen >>> 0
      let size = 0
      for (let i = 0; i < count; i++) {
        const len = mem.getU32(siData + i * 8 + 4)
        mem.check(mem.getU32(siData + i * 8), len)
        size += len
      }
      const chunk = new Uint8Array(size)
      let at = 0
      for (let i = 0; i < count; i++) {
        const p = mem.getU32(siData + i * 8) >>> 0
        const len = mem.getU32(siData + i * 8 + 4)
        chunk.set(mem.u8.subarray(p, p + len), at)
        at += len
      }
      mem.setU32(soDatalenPtr, size === 0 ? 0 : sock.send(chunk, siFlags))
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'sock_send')
    }
  }

  sock_shutdown(fd: number, how: number): number {
    try {
      const sock = this.socket(fd, C.RIGHTS_SOCK_SHUTDOWN)
      if (how === 0 || how & ~(C.SDFLAGS_RD | C.SDFLAGS_WR)) return C.ERRNO_INVAL
      sock.shutdown(how)
      return C.ERRNO_SUCCESS
    } catch (e) {
      return this.fail(e, 'sock_shutdown')
    }
  }

  // --------------------------------------------------------- import objects

  private preview1Imports(): Record<string, ImportFunction> {
    const names = [
      'args_get',
      'args_sizes_get',
      'environ_get',
      'environ_sizes_get',
      'clock_res_get',
      'clock_time_get',
      'fd_advise',
      'fd_allocate',
      'fd_close',
      'fd_datasync',
      'fd_fdstat_get',
      'fd_fdstat_set_flags',
      'fd_fdstat_set_rights',
      'fd_filestat_get',
      'fd_filestat_set_size',
      'fd_filestat_set_times',
      'fd_pread',
      'fd_prestat_get',
      'fd_prestat_dir_name',
      'fd_pwrite',
      'fd_read',
      'fd_readdir',
      'fd_renumber',
      'fd_seek',
      'fd_sync',
      'fd_tell',
      'fd_write',
      'path_create_directory',
      'path_filestat_get',
      'path_filestat_set_times',
      'path_link',
      'path_open',
      'path_readlink',
      'path_remove_directory',
      'path_rename',
      'path_symlink',
      'path_unlink_file',
      'poll_oneoff',
      'proc_exit',
      'proc_raise',
      'sched_yield',
      'random_get',
      'sock_accept',
      'sock_recv',
      'sock_send',
      'sock_shutdown',
    ] as const
    const out: Record<string, ImportFunction> = {}
    for (const name of names) out[name] = (this[name] as ImportFunction).bind(this)
    return out
  }

  /** wasi_unstable: the preview1 functions, except those whose ABI changed. */
  private unstableImports(preview1: Record<string, ImportFunction>): Record<string, ImportFunction> {
    const out: Record<string, ImportFunction> = { ...preview1 }
    delete out.sock_accept
    // wasi_unstable's whence is cur 0, end 1, set 2.
    out.fd_seek = (fd: number, offset: bigint, whence: number, newOffsetPtr: number): number => {
      const w = whence === 0 ? C.WHENCE_CUR : whence === 1 ? C.WHENCE_END : whence === 2 ? C.WHENCE_SET : 0xff
      return this.fdSeek(fd, offset, w, newOffsetPtr)
    }
    out.fd_filestat_get = (fd: number, bufPtr: number): number => this.fdFilestatGet(fd, bufPtr, true)
    out.path_filestat_get = (fd: number, flags: number, pathPtr: number, pathLen: number, bufPtr: number): number =>
      this.pathFilestatGet(fd, flags, pathPtr, pathLen, bufPtr, true)
    out.poll_oneoff = (inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number =>
      this.pollOneoff(inPtr, outPtr, nsubs, neventsPtr, true)
    return out
  }
}

/**
 * The custom import modules built into every host: the `vitamin_sock`
 * sockets (sock.ts) and the `vitamin_js_context` bridge (js-context.ts).
 * This is the one place they plug in.
 */
function customModules(): Record<string, (ctx: HostContext) => Record<string, ImportFunction>> {
  return {
    [SOCK_MODULE]: createSockImports,
    [JS_CONTEXT_MODULE]: (ctx) => createJsContextImports(ctx),
  }
}
