/**
 * A SQLite VFS over a process's filesystem ({@link SyncFs}): database files,
 * rollback journals and WAL files are ordinary files of the container, read
 * and written a page at a time through file descriptors, so every other
 * process (and `fs.readFileSync`) sees a database's bytes as soon as a
 * transaction commits. Atomic commit is SQLite's own: a rollback journal (or
 * WAL) is written and synced before the database file changes, so a process
 * that dies mid-commit leaves a hot journal that the next opener rolls back.
 *
 * Why not deserialize the file into memory and write it back whole? Each
 * commit would cost a copy of the whole database (and a second connection to
 * the same file would keep a stale copy); here a commit writes the changed
 * pages plus the journal, and connections see each other's commits.
 *
 * Scope of coordination: locks (SHARED/RESERVED/PENDING/EXCLUSIVE) and the
 * WAL index (shared memory) are kept per VFS registration, that is per
 * process: connections of one process coordinate exactly as SQLite's unix
 * VFS makes them. Different processes do not lock each other out (the
 * filesystem has no `fcntl` locks): they see each other's committed data,
 * but must not write the same database at the same moment, and a process
 * keeping a WAL database open does not see another process's later WAL
 * commits until it reopens it. The WAL index is heap memory; its `-shm`
 * file exists (zero-filled, sized as SQLite's would be) only so that the
 * directory looks as it does under Bun.
 *
 * Temporary files SQLite asks for without a name live in memory.
 */
import { isVfsError, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, posixPath } from '@aspect-build/virtual-fs'
import type { SyncFs } from '../host.js'
import {
  type Engine,
  engine,
  SQLITE_BUSY,
  SQLITE_CANTOPEN,
  SQLITE_IOERR,
  SQLITE_NOTFOUND,
  SQLITE_OK,
} from './engine.js'

const SQLITE_OPEN_READONLY = 0x1
const SQLITE_OPEN_READWRITE = 0x2
const SQLITE_OPEN_CREATE = 0x4
const SQLITE_OPEN_DELETEONCLOSE = 0x8
const SQLITE_OPEN_EXCLUSIVE = 0x10

const SQLITE_IOERR_READ = 266
const SQLITE_IOERR_SHORT_READ = 522
const SQLITE_IOERR_WRITE = 778
const SQLITE_IOERR_FSYNC = 1034
const SQLITE_IOERR_TRUNCATE = 1546
const SQLITE_IOERR_FSTAT = 1802
const SQLITE_IOERR_DELETE = 2570
const SQLITE_IOERR_SHMMAP = 5386
const SQLITE_IOERR_DELETE_NOENT = 5898
const SQLITE_READONLY_DIRECTORY = 1544

const LOCK_NONE = 0
const LOCK_SHARED = 1
const LOCK_RESERVED = 2
const LOCK_PENDING = 3
const LOCK_EXCLUSIVE = 4

const SHM_UNLOCK = 1
const SHM_LOCK = 2
const SHM_SHARED = 4
const SHM_NLOCK = 8

const ACCESS_EXISTS = 0

const FCNTL_LOCKSTATE = 1
const FCNTL_LAST_ERRNO = 4
const FCNTL_SIZE_HINT = 5
const FCNTL_CHUNK_SIZE = 6
const FCNTL_PERSIST_WAL = 10
const FCNTL_VFSNAME = 12
const FCNTL_POWERSAFE_OVERWRITE = 13
const FCNTL_TEMPFILENAME = 16
const FCNTL_HAS_MOVED = 20

const IOCAP_POWERSAFE_OVERWRITE = 0x1000
const SECTOR_SIZE = 4096
const MAX_PATHNAME = 1024

/** One registration of this VFS: the filesystem of one process. */
interface Registration {
  readonly id: number
  readonly name: string
  readonly fs: SyncFs
  readonly cwd: () => string
  readonly pointer: number
  users: number
  readonly locks: Map<string, LockState>
  readonly shm: Map<string, ShmState>
}

/** Who holds which lock on one database file (within a registration). */
interface LockState {
  readonly shared: Set<OpenFile>
  reserved: OpenFile | null
  pending: OpenFile | null
  exclusive: OpenFile | null
}

/** The WAL index of one database file: heap regions and the eight shm locks. */
interface ShmState {
  readonly regions: number[]
  readonly users: Set<OpenFile>
  readonly shared: Set<OpenFile>[]
  readonly exclusive: (OpenFile | null)[]
}

/** An open `sqlite3_file`: a descriptor of the filesystem, or memory for a nameless temporary file. */
interface OpenFile {
  readonly reg: Registration
  readonly path: string | null
  readonly fd: number | null
  readonly memory: MemoryFile | null
  lock: number
  persistWal: boolean
  powersafe: boolean
}

class MemoryFile {
  data: Uint8Array = new Uint8Array(0)
  size = 0
  read(into: Uint8Array, at: number): number {
    const n = Math.max(0, Math.min(into.length, this.size - at))
    into.set(this.data.subarray(at, at + n))
    return n
  }
  write(from: Uint8Array, at: number): void {
    const end = at + from.length
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.max(end, this.data.length * 2, 4096))
      grown.set(this.data.subarray(0, this.size))
      this.data = grown
    }
    if (at > this.size) this.data.fill(0, this.size, at)
    this.data.set(from, at)
    this.size = Math.max(this.size, end)
  }
  truncate(size: number): void {
    if (size < this.size) this.data.fill(0, size, this.size)
    else if (size > this.data.length) this.write(new Uint8Array(0), size)
    this.size = size
  }
}

interface Installed {
  readonly e: Engine
  readonly io: number
  readonly vfsMethods: Record<string, number>
  readonly vfsLayout: Record<string, { offset: number; sizeof: number }>
  readonly vfsSize: number
}

/** A JavaScript function installed in the wasm function table (its wasm signature says what it takes). */
type WasmCallback = (...args: never[]) => unknown

let installed: Installed | null = null
const registrations = new Map<number, Registration>()
const byFs = new WeakMap<SyncFs, Registration>()
const files = new Map<number, OpenFile>()
let nextId = 1

/**
 * The VFS name for `fs` (whose relative paths resolve against `cwd()`),
 * registering it with SQLite if needed. Each call
 * must be paired with {@link releaseVfs} once the connection opened with it
 * is closed; the VFS is unregistered when its last user releases it.
 */
export function acquireVfs(fs: SyncFs, cwd: () => string): string {
  const existing = byFs.get(fs)
  if (existing) {
    existing.users++
    return existing.name
  }
  const inst = install()
  const { e } = inst
  const id = nextId++
  const name = `vitamin-bun-${id}`
  const pointer = e.x.sqlite3_malloc(inst.vfsSize)
  const view = e.view()
  e.heap().fill(0, pointer, pointer + inst.vfsSize)
  const put = (member: string, value: number) =>
    view.setInt32(pointer + (inst.vfsLayout[member]?.offset ?? 0), value, true)
  put('iVersion', 2)
  put('szOsFile', 4)
  put('mxPathname', MAX_PATHNAME)
  put('zName', e.allocCString(name))
  for (const [member, fn] of Object.entries(inst.vfsMethods)) put(member, fn)
  const reg: Registration = { id, name, fs, cwd, pointer, users: 1, locks: new Map(), shm: new Map() }
  const rc = e.x.sqlite3_vfs_register(pointer, 0)
  if (rc !== SQLITE_OK) throw new Error(`sqlite3_vfs_register failed (${rc})`)
  registrations.set(pointer, reg)
  byFs.set(fs, reg)
  return name
}

/** Releases one use of the VFS of `fs` (see {@link acquireVfs}). */
export function releaseVfs(fs: SyncFs): void {
  const reg = byFs.get(fs)
  if (!reg || --reg.users > 0) return
  const { e } = install()
  e.x.sqlite3_vfs_unregister(reg.pointer)
  const view = e.view()
  e.x.sqlite3_free(view.getInt32(reg.pointer + (installed?.vfsLayout.zName?.offset ?? 16), true))
  e.x.sqlite3_free(reg.pointer)
  registrations.delete(reg.pointer)
  byFs.delete(fs)
}

/** Installs the method trampolines once per worker. */
function install(): Installed {
  if (installed) return installed
  const e = engine()
  const capi = e.sqlite3.capi as unknown as Record<
    string,
    { structInfo: { sizeof: number; members: Record<string, { offset: number; sizeof: number; signature: string }> } }
  >
  const vfsInfo = capi.sqlite3_vfs?.structInfo
  const ioInfo = capi.sqlite3_io_methods?.structInfo
  if (!vfsInfo || !ioInfo) throw new Error('sqlite-wasm has no sqlite3_vfs/sqlite3_io_methods struct info')
  const wasm = e.sqlite3.wasm as unknown as { installFunction(signature: string, fn: WasmCallback): number }
  const fnPtr = (info: typeof vfsInfo, member: string, fn: WasmCallback) => {
    const signature = info.members[member]?.signature
    if (!signature) throw new Error(`sqlite-wasm: no signature for ${member}`)
    return wasm.installFunction(signature, fn)
  }
  const ioMethods: Record<string, WasmCallback> = {
    xClose,
    xRead,
    xWrite,
    xTruncate,
    xSync,
    xFileSize,
    xLock,
    xUnlock,
    xCheckReservedLock,
    xFileControl,
    xSectorSize: () => SECTOR_SIZE,
    xDeviceCharacteristics: (pFile: number) => (files.get(pFile)?.powersafe === false ? 0 : IOCAP_POWERSAFE_OVERWRITE),
    xShmMap,
    xShmLock,
    xShmBarrier: () => {},
    xShmUnmap,
  }
  const io = e.x.sqlite3_malloc(ioInfo.sizeof)
  e.heap().fill(0, io, io + ioInfo.sizeof)
  const view = e.view()
  view.setInt32(io + (ioInfo.members.iVersion?.offset ?? 0), 2, true)
  for (const [member, fn] of Object.entries(ioMethods)) {
    view.setInt32(io + (ioInfo.members[member]?.offset ?? 0), fnPtr(ioInfo, member, fn), true)
  }
  const vfsFunctions: Record<string, WasmCallback> = {
    xOpen,
    xDelete,
    xAccess,
    xFullPathname,
    xRandomness,
    xSleep: (_pVfs: number, micros: number) => micros,
    xCurrentTime,
    xGetLastError: () => 0,
    xCurrentTimeInt64,
  }
  const vfsMethods: Record<string, number> = {}
  for (const [member, fn] of Object.entries(vfsFunctions)) vfsMethods[member] = fnPtr(vfsInfo, member, fn)
  installed = { e, io, vfsMethods, vfsLayout: vfsInfo.members, vfsSize: vfsInfo.sizeof }
  return installed
}

function errorCode(error: unknown): string | undefined {
  return isVfsError(error) ? error.code : (error as { code?: string } | null)?.code
}

// ------------------------------------------------------------ sqlite3_vfs

function xOpen(pVfs: number, zName: number, pFile: number, flags: number, pOutFlags: number): number {
  const reg = registrations.get(pVfs)
  if (!reg || !installed) return SQLITE_CANTOPEN
  const { e } = installed
  let outFlags = flags
  let file: OpenFile
  try {
    if (zName === 0) {
      file = newFile(reg, null, null, new MemoryFile())
    } else {
      const path = e.text(zName)
      const readWrite = (flags & SQLITE_OPEN_READWRITE) !== 0
      let mode = readWrite ? O_RDWR : O_RDONLY
      if (flags & SQLITE_OPEN_CREATE) mode |= O_CREAT
      if (flags & SQLITE_OPEN_EXCLUSIVE) mode |= O_EXCL
      let fd: number
      try {
        fd = reg.fs.open(path, mode, 0o644)
      } catch (error) {
        const code = errorCode(error)
        // As SQLite's unix VFS: a file that cannot be opened read-write (but is not a directory) is tried read-only.
        if (!readWrite || code === 'EISDIR') throw error
        if (code === 'EACCES' && (flags & SQLITE_OPEN_CREATE) !== 0 && !exists(reg.fs, path)) {
          return SQLITE_READONLY_DIRECTORY
        }
        fd = reg.fs.open(path, O_RDONLY)
        outFlags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY
      }
      // Descriptors outlive unlink, so a delete-on-close file goes at once (as on Unix).
      if (flags & SQLITE_OPEN_DELETEONCLOSE) {
        try {
          reg.fs.unlink(path)
        } catch {}
      }
      file = newFile(reg, path, fd, null)
    }
  } catch {
    return SQLITE_CANTOPEN
  }
  files.set(pFile, file)
  const view = e.view()
  view.setInt32(pFile, installed.io, true)
  if (pOutFlags) view.setInt32(pOutFlags, outFlags, true)
  return SQLITE_OK
}

function newFile(reg: Registration, path: string | null, fd: number | null, memory: MemoryFile | null): OpenFile {
  return { reg, path, fd, memory, lock: LOCK_NONE, persistWal: false, powersafe: true }
}

function exists(fs: SyncFs, path: string): boolean {
  try {
    return fs.exists(path)
  } catch {
    return false
  }
}

function xDelete(pVfs: number, zName: number): number {
  const reg = registrations.get(pVfs)
  if (!reg || !installed) return SQLITE_IOERR_DELETE
  try {
    reg.fs.unlink(installed.e.text(zName))
    return SQLITE_OK
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? SQLITE_IOERR_DELETE_NOENT : SQLITE_IOERR_DELETE
  }
}

function xAccess(pVfs: number, zName: number, flags: number, pResOut: number): number {
  const reg = registrations.get(pVfs)
  if (!reg || !installed) return SQLITE_IOERR
  let result = 0
  try {
    // `exists` first: SQLite asks about journals that are usually absent, and a thrown ENOENT is costly.
    const path = installed.e.text(zName)
    if (reg.fs.exists(path)) {
      const stats = reg.fs.stat(path)
      // SQLite's unix VFS: an empty regular file does not "exist" (an empty journal is not hot).
      result = flags === ACCESS_EXISTS ? (!stats.isFile() || stats.size > 0 ? 1 : 0) : 1
    }
  } catch {
    result = 0
  }
  installed.e.view().setInt32(pResOut, result, true)
  return SQLITE_OK
}

function xFullPathname(pVfs: number, zName: number, nOut: number, zOut: number): number {
  const reg = registrations.get(pVfs)
  if (!reg || !installed) return SQLITE_CANTOPEN
  const { e } = installed
  const name = posixPath.resolve(reg.cwd(), e.text(zName))
  let full = name
  try {
    full = reg.fs.realpath(name)
  } catch {
    try {
      full = posixPath.join(reg.fs.realpath(posixPath.dirname(name)), posixPath.basename(name))
    } catch {}
  }
  const bytes = new TextEncoder().encode(full)
  if (bytes.length + 1 > nOut) return SQLITE_CANTOPEN
  const heap = e.heap()
  heap.set(bytes, zOut)
  heap[zOut + bytes.length] = 0
  return SQLITE_OK
}

function xRandomness(_pVfs: number, n: number, zOut: number): number {
  if (!installed) return 0
  const bytes = new Uint8Array(n)
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(n, i + 65536)))
  installed.e.heap().set(bytes, zOut)
  return n
}

function xCurrentTime(_pVfs: number, pOut: number): number {
  installed?.e.view().setFloat64(pOut, 2440587.5 + Date.now() / 86400000, true)
  return SQLITE_OK
}

function xCurrentTimeInt64(_pVfs: number, pOut: number): number {
  installed?.e.view().setBigInt64(pOut, 210866760000000n + BigInt(Date.now()), true)
  return SQLITE_OK
}

// ------------------------------------------------------- sqlite3_io_methods

function xClose(pFile: number): number {
  const file = files.get(pFile)
  if (!file) return SQLITE_OK
  files.delete(pFile)
  unlock(file, LOCK_NONE)
  if (file.fd !== null) {
    try {
      file.reg.fs.close(file.fd)
    } catch {
      return SQLITE_IOERR
    }
  }
  return SQLITE_OK
}

function xRead(pFile: number, pBuf: number, n: number, offset: bigint): number {
  const file = files.get(pFile)
  if (!file || !installed) return SQLITE_IOERR_READ
  const at = Number(offset)
  const into = installed.e.heap().subarray(pBuf, pBuf + n)
  let got: number
  try {
    if (file.memory) {
      got = file.memory.read(into, at)
    } else {
      got = 0
      // A descriptor read may return less than asked before the end of the file.
      while (got < n) {
        const k = file.reg.fs.read(file.fd as number, into, got, n - got, at + got)
        if (k <= 0) break
        got += k
      }
    }
  } catch {
    return SQLITE_IOERR_READ
  }
  if (got < n) {
    installed.e.heap().fill(0, pBuf + got, pBuf + n)
    return SQLITE_IOERR_SHORT_READ
  }
  return SQLITE_OK
}

function xWrite(pFile: number, pBuf: number, n: number, offset: bigint): number {
  const file = files.get(pFile)
  if (!file || !installed) return SQLITE_IOERR_WRITE
  const at = Number(offset)
  // A copy: the heap may move (grow) under a filesystem call that calls back into SQLite, and proxies copy anyway.
  const bytes = installed.e.heap().slice(pBuf, pBuf + n)
  try {
    if (file.memory) {
      file.memory.write(bytes, at)
    } else {
      let put = 0
      while (put < n) {
        const k = file.reg.fs.write(file.fd as number, bytes, put, n - put, at + put)
        if (k <= 0) return SQLITE_IOERR_WRITE
        put += k
      }
    }
  } catch {
    return SQLITE_IOERR_WRITE
  }
  return SQLITE_OK
}

function xTruncate(pFile: number, size: bigint): number {
  const file = files.get(pFile)
  if (!file) return SQLITE_IOERR_TRUNCATE
  try {
    if (file.memory) file.memory.truncate(Number(size))
    else file.reg.fs.ftruncate(file.fd as number, Number(size))
  } catch {
    return SQLITE_IOERR_TRUNCATE
  }
  return SQLITE_OK
}

function xSync(pFile: number): number {
  const file = files.get(pFile)
  if (!file) return SQLITE_IOERR_FSYNC
  try {
    if (file.fd !== null) file.reg.fs.fsync(file.fd)
  } catch {
    return SQLITE_IOERR_FSYNC
  }
  return SQLITE_OK
}

function xFileSize(pFile: number, pSize: number): number {
  const file = files.get(pFile)
  if (!file || !installed) return SQLITE_IOERR_FSTAT
  let size: number
  try {
    size = file.memory ? file.memory.size : file.reg.fs.fstat(file.fd as number).size
  } catch {
    return SQLITE_IOERR_FSTAT
  }
  installed.e.view().setBigInt64(pSize, BigInt(size), true)
  return SQLITE_OK
}

function lockState(file: OpenFile): LockState | null {
  if (file.path === null) return null
  let state = file.reg.locks.get(file.path)
  if (!state) {
    state = { shared: new Set(), reserved: null, pending: null, exclusive: null }
    file.reg.locks.set(file.path, state)
  }
  return state
}

function xLock(pFile: number, level: number): number {
  const file = files.get(pFile)
  if (!file) return SQLITE_IOERR
  if (file.lock >= level) return SQLITE_OK
  const state = lockState(file)
  if (!state) {
    file.lock = level
    return SQLITE_OK
  }
  const other = (holder: OpenFile | null) => holder !== null && holder !== file
  if (level === LOCK_SHARED) {
    if (other(state.pending) || other(state.exclusive)) return SQLITE_BUSY
    state.shared.add(file)
    file.lock = LOCK_SHARED
    return SQLITE_OK
  }
  if (level === LOCK_RESERVED) {
    if (other(state.reserved) || other(state.pending) || other(state.exclusive)) return SQLITE_BUSY
    state.reserved = file
    file.lock = LOCK_RESERVED
    return SQLITE_OK
  }
  // EXCLUSIVE (via PENDING): no new readers from now on; wait for the present ones to leave.
  if (other(state.reserved) || other(state.pending) || other(state.exclusive)) return SQLITE_BUSY
  state.pending = file
  for (const reader of state.shared) {
    if (reader !== file) {
      file.lock = LOCK_PENDING
      return SQLITE_BUSY
    }
  }
  state.exclusive = file
  file.lock = LOCK_EXCLUSIVE
  return SQLITE_OK
}

function unlock(file: OpenFile, level: number): void {
  if (file.lock <= level) return
  const state = file.path === null ? null : file.reg.locks.get(file.path)
  if (state) {
    if (state.reserved === file) state.reserved = null
    if (state.pending === file) state.pending = null
    if (state.exclusive === file) state.exclusive = null
    if (level === LOCK_NONE) state.shared.delete(file)
    if (state.shared.size === 0 && !state.reserved && !state.pending && !state.exclusive) {
      file.reg.locks.delete(file.path as string)
    }
  }
  file.lock = level
}

function xUnlock(pFile: number, level: number): number {
  const file = files.get(pFile)
  if (file) unlock(file, level)
  return SQLITE_OK
}

function xCheckReservedLock(pFile: number, pResOut: number): number {
  const file = files.get(pFile)
  if (!file || !installed) return SQLITE_IOERR
  const state = file.path === null ? null : file.reg.locks.get(file.path)
  const held = state ? state.reserved !== null || state.pending !== null || state.exclusive !== null : false
  installed.e.view().setInt32(pResOut, held ? 1 : 0, true)
  return SQLITE_OK
}

function xFileControl(pFile: number, op: number, pArg: number): number {
  const file = files.get(pFile)
  if (!file || !installed) return SQLITE_NOTFOUND
  const { e } = installed
  const view = e.view()
  switch (op) {
    case FCNTL_LOCKSTATE:
      view.setInt32(pArg, file.lock, true)
      return SQLITE_OK
    case FCNTL_LAST_ERRNO:
      view.setInt32(pArg, 0, true)
      return SQLITE_OK
    case FCNTL_SIZE_HINT:
    case FCNTL_CHUNK_SIZE:
      return SQLITE_OK
    case FCNTL_PERSIST_WAL:
    case FCNTL_POWERSAFE_OVERWRITE: {
      const key = op === FCNTL_PERSIST_WAL ? 'persistWal' : 'powersafe'
      const value = view.getInt32(pArg, true)
      if (value < 0) view.setInt32(pArg, file[key] ? 1 : 0, true)
      else file[key] = value !== 0
      return SQLITE_OK
    }
    case FCNTL_VFSNAME:
      view.setInt32(pArg, e.allocCString(file.reg.name), true)
      return SQLITE_OK
    case FCNTL_TEMPFILENAME: {
      const random = new Uint8Array(8)
      crypto.getRandomValues(random)
      const suffix = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')
      view.setInt32(pArg, e.allocCString(`/tmp/etilqs_${suffix}`), true)
      return SQLITE_OK
    }
    case FCNTL_HAS_MOVED:
      view.setInt32(pArg, 0, true)
      return SQLITE_OK
    default:
      return SQLITE_NOTFOUND
  }
}

function shmState(file: OpenFile): ShmState | null {
  if (file.path === null) return null
  let state = file.reg.shm.get(file.path)
  if (!state) {
    state = {
      regions: [],
      users: new Set(),
      shared: Array.from({ length: SHM_NLOCK }, () => new Set<OpenFile>()),
      exclusive: new Array<OpenFile | null>(SHM_NLOCK).fill(null),
    }
    file.reg.shm.set(file.path, state)
  }
  return state
}

function xShmMap(pFile: number, region: number, size: number, extend: number, pp: number): number {
  const file = files.get(pFile)
  if (!file || !installed) return SQLITE_IOERR_SHMMAP
  const state = shmState(file)
  if (!state) return SQLITE_IOERR_SHMMAP
  const { e } = installed
  state.users.add(file)
  if (state.regions[region] === undefined && extend) {
    for (let i = state.regions.length; i <= region; i++) {
      const p = e.x.sqlite3_malloc(size)
      if (p === 0) return SQLITE_IOERR_SHMMAP
      e.heap().fill(0, p, p + size)
      state.regions[i] = p
    }
    try {
      const shm = `${file.path}-shm`
      if (!exists(file.reg.fs, shm)) file.reg.fs.writeFile(shm, new Uint8Array(0))
      file.reg.fs.truncate(shm, state.regions.length * size)
    } catch {}
  }
  e.view().setInt32(pp, state.regions[region] ?? 0, true)
  return SQLITE_OK
}

function xShmLock(pFile: number, offset: number, n: number, flags: number): number {
  const file = files.get(pFile)
  const state = file ? shmState(file) : null
  if (!file || !state) return SQLITE_IOERR
  const slots = Array.from({ length: n }, (_, i) => offset + i)
  if (flags & SHM_UNLOCK) {
    for (const slot of slots) {
      state.shared[slot]?.delete(file)
      if (state.exclusive[slot] === file) state.exclusive[slot] = null
    }
    return SQLITE_OK
  }
  if (!(flags & SHM_LOCK)) return SQLITE_IOERR
  if (flags & SHM_SHARED) {
    for (const slot of slots) {
      const owner = state.exclusive[slot]
      if (owner && owner !== file) return SQLITE_BUSY
    }
    for (const slot of slots) state.shared[slot]?.add(file)
    return SQLITE_OK
  }
  for (const slot of slots) {
    const owner = state.exclusive[slot]
    if (owner && owner !== file) return SQLITE_BUSY
    for (const reader of state.shared[slot] ?? []) if (reader !== file) return SQLITE_BUSY
  }
  for (const slot of slots) state.exclusive[slot] = file
  return SQLITE_OK
}

function xShmUnmap(pFile: number, deleteFlag: number): number {
  const file = files.get(pFile)
  if (!file || !installed || file.path === null) return SQLITE_OK
  const state = file.reg.shm.get(file.path)
  if (!state) return SQLITE_OK
  state.users.delete(file)
  for (let slot = 0; slot < SHM_NLOCK; slot++) {
    state.shared[slot]?.delete(file)
    if (state.exclusive[slot] === file) state.exclusive[slot] = null
  }
  if (state.users.size === 0) {
    for (const p of state.regions) installed.e.x.sqlite3_free(p)
    file.reg.shm.delete(file.path)
    if (deleteFlag) {
      try {
        file.reg.fs.unlink(`${file.path}-shm`)
      } catch {}
    }
  }
  return SQLITE_OK
}
