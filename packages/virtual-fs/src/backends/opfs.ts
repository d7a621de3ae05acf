/**
 * The OPFS backend: a mount's inodes in the origin private file system, kept
 * crash-consistent without multi-file atomicity by a log-structured journal.
 *
 * The store directory holds two journal files, `journal-0` and `journal-1`.
 * One is active: every commit appends one record holding the whole batch to
 * it and flushes. When the active journal grows past about twice the live
 * data, a compaction writes a snapshot of the live inodes into the other
 * file under a higher generation number, flushes it, and makes it active.
 * Loading picks the valid file with the highest generation and replays its
 * records up to the first torn or corrupt one, so a tab killed in the middle
 * of a write loses at most the batch being written: every file is old or new.
 *
 * Byte layout (all integers little-endian):
 *
 *   file     header, then records up to the end of the file
 *   header   16 bytes
 *              magic       8 bytes  "VBJRNL" 0x00 0x01
 *              generation  u32      the file with the higher one wins
 *              crc32       u32      of the 12 bytes before it
 *   record   12 bytes of frame, then the payload
 *              magic       u32      0x524A4256 (the bytes "VBJR")
 *              length      u32      payload bytes
 *              crc32       u32      of the file's generation (as a u32) followed by the
 *                                   payload, so a record left over from an older
 *                                   generation of the same file never validates
 *              payload     length bytes
 *   payload  u8 type, then
 *              0 snapshot  u32 count, count × inode (the whole live tree)
 *              1 batch     u32 count, count × u32 ino (deleted), u32 count, count × inode (stored)
 *   inode    u32 ino, u8 kind (0 file, 1 dir, 2 symlink), u32 mode, i32 uid, i32 gid,
 *            i64 atimeNs, i64 mtimeNs, i64 ctimeNs, i64 birthtimeNs, then by kind
 *              file     u32 length, the bytes
 *              dir      u32 count, count × (u32 ino, u32 name length, UTF-8 name)
 *              symlink  u32 length, UTF-8 target
 *
 * A file is valid when its header checks and its first record is a snapshot.
 * A record whose payload does not parse is treated like a torn one.
 *
 * I/O: in a dedicated worker the journals are opened with
 * `FileSystemSyncAccessHandle` (`mode: 'sync-access-handle'`): appends write
 * in place and `flush()`. A window has no sync handles, so there each write
 * goes through `createWritable({ keepExistingData: true })`
 * (`mode: 'writable'`), which Chromium commits atomically on `close()` but
 * which copies the file on each commit; prefer a worker for large trees.
 * Both modes read and write the same files. A Web Lock held while the store
 * is open keeps two tabs from appending to the same journal.
 */
import { crc32 } from '../crc32.js'
import { VfsError } from '../errors.js'
import type { InodeKind } from '../inode.js'
import type { Backend, CommitBatch, InodeRecord, PersistentStore } from '../persist.js'
import { checkOptions, describe, openError } from './common.js'

/** Options of {@link openOpfsBackend}. */
export interface OpfsBackendOptions {
  /**
   * The store's directory below `root`, `/`-separated (`'projects/app'`):
   * the storage key. Created when missing.
   */
  directory: string
  /** Directory to create the store in; default `navigator.storage.getDirectory()`. */
  root?: FileSystemDirectoryHandle
}

/** How an OPFS store writes: sync access handles (dedicated workers) or writable streams (windows). */
export type OpfsMode = 'sync-access-handle' | 'writable'

/** The state of an OPFS store's journal, for diagnostics and tests. */
export interface OpfsJournalStats {
  /** Which journal file is active: 0 (`journal-0`) or 1 (`journal-1`). */
  file: 0 | 1
  /** Generation number of the active file. */
  generation: number
  /** Bytes of the active file that hold valid records (header included). */
  journalBytes: number
  /** Bytes of encoded live inodes: what a snapshot of the tree would hold. */
  liveBytes: number
  /** Bytes of torn or corrupt tail that loading ignored (overwritten by the next commit). */
  discardedBytes: number
  /** Compactions done since the store was opened. */
  compactions: number
}

/** An OPFS store: the {@link PersistentStore} contract plus its I/O mode and journal state. */
export interface OpfsStore extends PersistentStore {
  readonly mode: OpfsMode
  stats(): OpfsJournalStats
}

/** An opened OPFS backend, ready for `Vfs.mount`. */
export interface OpfsBackend extends Backend {
  readonly name: 'opfs'
  /** The directory it was opened with. */
  readonly directory: string
  /** Which I/O path the store uses in this context. */
  readonly mode: OpfsMode
  readonly store: OpfsStore
}

const OPTIONS = ['directory', 'root']
const FILES = ['journal-0', 'journal-1'] as const
const HEADER_MAGIC = [0x56, 0x42, 0x4a, 0x52, 0x4e, 0x4c, 0x00, 0x01]
const HEADER_SIZE = 16
const RECORD_MAGIC = 0x524a4256
const FRAME_SIZE = 12
const SNAPSHOT = 0
const BATCH = 1
const KINDS: readonly InodeKind[] = ['file', 'dir', 'symlink']
/** Fixed part of an encoded inode, before its kind's payload. */
const INODE_FIXED = 4 + 1 + 4 + 4 + 4 + 32
/** Journal growth tolerated above twice the live data before compacting (keeps small trees from compacting often). */
const COMPACT_SLACK = 1 << 20
const MAX_U32 = 0xffff_ffff
const UTF8 = new TextEncoder()
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true })

/**
 * Opens (creating if needed) the OPFS store in `options.directory` and loads
 * its inodes by replaying the journal. A torn or corrupt tail is ignored
 * (see `store.stats().discardedBytes`).
 *
 * Rejects with a `VfsError` (`syscall: 'mount'`): `EBUSY` when another
 * context has the store open, `EIO` when OPFS is unavailable or fails,
 * `ENOSPC` for quota; and with a `TypeError` for invalid options.
 */
export async function openOpfsBackend(options: OpfsBackendOptions): Promise<OpfsBackend> {
  checkOptions('openOpfsBackend', options, OPTIONS, 'directory')
  const { directory } = options
  const segments = directorySegments(directory)
  const release = await acquireLock(directory)
  const files: JournalFile[] = []
  try {
    let dir = options.root ?? (await opfsRoot())
    for (const name of segments) dir = await dir.getDirectoryHandle(name, { create: true })
    for (const name of FILES) files.push(await openJournalFile(await dir.getFileHandle(name, { create: true })))
    const [first, second] = files as [JournalFile, JournalFile]
    const store = new Store([first, second], release)
    const records = await store.load()
    return { name: 'opfs', directory, mode: first.mode, records, store }
  } catch (cause) {
    for (const file of files) await file.close().catch(() => undefined)
    release()
    if (cause instanceof VfsError) throw cause
    const name = (cause as { name?: unknown } | null)?.name
    if (name === 'NoModificationAllowedError') {
      throw new VfsError('EBUSY', { syscall: 'mount', path: directory, detail: `store in use (${describe(cause)})` })
    }
    throw openError(cause, directory)
  }
}

/**
 * Deletes the store in `directory` (resolving also when there is none).
 * Rejects while a context still has it open.
 */
export async function deleteOpfsBackend(directory: string, root?: FileSystemDirectoryHandle): Promise<void> {
  const segments = directorySegments(directory)
  let dir = root ?? (await opfsRoot())
  try {
    for (const name of segments.slice(0, -1)) dir = await dir.getDirectoryHandle(name)
    await dir.removeEntry(segments[segments.length - 1] as string, { recursive: true })
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name !== 'NotFoundError') throw error
  }
}

function directorySegments(directory: string): string[] {
  const segments = directory.split('/').filter((s) => s !== '')
  if (segments.length === 0 || segments.some((s) => s === '.' || s === '..')) {
    throw new TypeError(`openOpfsBackend(): invalid directory "${directory}"`)
  }
  return segments
}

async function opfsRoot(): Promise<FileSystemDirectoryHandle> {
  const storage = (globalThis as { navigator?: Navigator }).navigator?.storage
  if (typeof storage?.getDirectory !== 'function') throw new Error('OPFS is not available in this context')
  return storage.getDirectory()
}

/** Holds an exclusive Web Lock on the store until the returned function is called. */
async function acquireLock(directory: string): Promise<() => void> {
  const locks = (globalThis as { navigator?: Navigator }).navigator?.locks
  if (!locks) return () => {}
  let release = () => {}
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  const granted = await new Promise<boolean>((resolve, reject) => {
    locks
      .request(`@aspect-build/virtual-fs:opfs:${directory}`, { ifAvailable: true }, (lock) => {
        resolve(lock !== null)
        return lock === null ? undefined : held
      })
      .catch(reject)
  })
  if (!granted) throw new VfsError('EBUSY', { syscall: 'mount', path: directory, detail: 'store in use' })
  return release
}

// ------------------------------------------------------------------ store

/** Where an inode's current encoding sits in the active file. */
interface Location {
  at: number
  length: number
}

class Store implements OpfsStore {
  readonly mode: OpfsMode
  private active: 0 | 1 = 0
  private generation = 0
  private end = 0
  private liveBytes = 0
  private discardedBytes = 0
  private compactions = 0
  /** No compaction attempt before the journal passes this size (set after a failed one). */
  private retryCompactionAt = 0
  private readonly live = new Map<number, Location>()
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false
  /** Set when a failed compaction may have left the inactive file valid: writing on would lose data. */
  private broken: Error | null = null

  constructor(
    private readonly files: [JournalFile, JournalFile],
    private readonly release: () => void,
  ) {
    this.mode = files[0].mode
  }

  stats(): OpfsJournalStats {
    return {
      file: this.active,
      generation: this.generation,
      journalBytes: this.end,
      liveBytes: this.liveBytes,
      discardedBytes: this.discardedBytes,
      compactions: this.compactions,
    }
  }

  /** Picks the valid journal with the highest generation and replays it; starts a fresh one when none is valid. */
  async load(): Promise<InodeRecord[]> {
    const headers: Array<{ file: 0 | 1; generation: number }> = []
    for (const file of [0, 1] as const) {
      const generation = parseHeader(await this.files[file].read(0, HEADER_SIZE))
      if (generation !== null) headers.push({ file, generation })
    }
    headers.sort((a, b) => b.generation - a.generation)
    for (const { file, generation } of headers) {
      const size = await this.files[file].size()
      const bytes = await this.files[file].read(0, size)
      const replayed = replay(bytes, generation)
      if (replayed === null) continue
      this.active = file
      this.generation = generation
      this.end = replayed.end
      this.discardedBytes = size - replayed.end
      for (const [ino, location] of replayed.live) this.setLive(ino, location)
      return [...this.live.values()].map(({ at }) => decodeInode(bytes, at))
    }
    // Nothing valid: start generation above any header seen, so a stale file can never win.
    const generation = (headers[0]?.generation ?? 0) + 1
    const fresh = frame(generation, new Encoder().u8(SNAPSHOT).u32(0).finish())
    await this.files[0].replace([header(generation), ...fresh])
    this.active = 0
    this.generation = generation
    this.end = HEADER_SIZE + byteLength(fresh)
    return []
  }

  commit(batch: CommitBatch): Promise<void> {
    if (batch.put.length === 0 && batch.delete.length === 0) return Promise.resolve()
    return this.serial(async () => {
      if (this.broken) throw this.broken
      const encoder = new Encoder().u8(BATCH).u32(batch.delete.length)
      for (const ino of batch.delete) encoder.u32(checkIno(ino))
      encoder.u32(batch.put.length)
      const puts: Array<[number, number, number]> = []
      for (const record of batch.put) {
        const start = encoder.length
        encodeInode(encoder, record)
        puts.push([record.ino, start, encoder.length - start])
      }
      const chunks = frame(this.generation, encoder.finish())
      const at = this.end
      await this.files[this.active].writeAt(at, chunks)
      this.end = at + byteLength(chunks)
      for (const ino of batch.delete) this.setLive(ino, null)
      for (const [ino, start, length] of puts) this.setLive(ino, { at: at + FRAME_SIZE + start, length })
      if (this.end > 2 * this.liveBytes + COMPACT_SLACK && this.end > this.retryCompactionAt) {
        // The batch is already durable: a failed compaction must not fail the commit.
        await this.compact().catch(() => undefined)
      }
    })
  }

  close(): Promise<void> {
    return this.serial(async () => {
      if (this.closed) return
      this.closed = true
      try {
        for (const file of this.files) await file.close()
      } finally {
        this.release()
      }
    }, true)
  }

  private serial(task: () => Promise<void>, evenIfClosed = false): Promise<void> {
    const run = this.queue.then(() => {
      if (this.closed && !evenIfClosed) throw new DOMException('the store is closed', 'InvalidStateError')
      return task()
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  private setLive(ino: number, location: Location | null): void {
    const old = this.live.get(ino)
    if (old) this.liveBytes -= old.length
    if (location) {
      this.live.set(ino, location)
      this.liveBytes += location.length
    } else {
      this.live.delete(ino)
    }
  }

  /** Writes a snapshot of the live inodes into the other file with the next generation, then switches to it. */
  private async compact(): Promise<void> {
    if (this.closed || this.broken) return
    const source = await this.files[this.active].read(0, this.end)
    const encoder = new Encoder().u8(SNAPSHOT).u32(this.live.size)
    const moved: Array<[number, Location]> = []
    for (const [ino, { at, length }] of this.live) {
      moved.push([ino, { at: HEADER_SIZE + FRAME_SIZE + encoder.length, length }])
      encoder.bytes(source.subarray(at, at + length))
    }
    const generation = this.generation + 1
    const chunks = [header(generation), ...frame(generation, encoder.finish())]
    const target = this.active === 0 ? 1 : 0
    try {
      await this.files[target].replace(chunks)
    } catch (error) {
      this.retryCompactionAt = this.end + Math.max(this.liveBytes, COMPACT_SLACK)
      try {
        await this.files[target].invalidate()
      } catch (cause) {
        this.broken = new Error(`journal left in an unknown state by a failed compaction (${describe(cause)})`)
      }
      throw error
    }
    this.active = target
    this.generation = generation
    this.end = byteLength(chunks)
    for (const [ino, location] of moved) this.live.set(ino, location)
    this.compactions++
  }
}

function checkIno(ino: number): number {
  if (!Number.isInteger(ino) || ino <= 0 || ino > MAX_U32) throw new RangeError(`inode number ${ino} out of range`)
  return ino
}

// ------------------------------------------------------------- encoding

/**
 * Builds a payload as a list of chunks: small fields are packed into scratch
 * buffers, large file contents are referenced as they are (no copy).
 */
class Encoder {
  private readonly chunks: Uint8Array<ArrayBuffer>[] = []
  private scratch = new Uint8Array(1 << 16)
  private view = new DataView(this.scratch.buffer)
  private pos = 0
  private flushed = 0

  /** Bytes encoded so far. */
  get length(): number {
    return this.flushed + this.pos
  }

  u8(value: number): this {
    this.room(1)
    this.view.setUint8(this.pos, value)
    this.pos += 1
    return this
  }

  u32(value: number): this {
    this.room(4)
    this.view.setUint32(this.pos, value, true)
    this.pos += 4
    return this
  }

  i32(value: number): this {
    this.room(4)
    this.view.setInt32(this.pos, value, true)
    this.pos += 4
    return this
  }

  i64(value: bigint): this {
    this.room(8)
    this.view.setBigInt64(this.pos, value, true)
    this.pos += 8
    return this
  }

  bytes(value: Uint8Array): this {
    if (value.length >= 1 << 14) {
      this.cut()
      // Writable streams refuse views of shared memory; those are copied.
      this.chunks.push(value.buffer instanceof ArrayBuffer ? (value as Uint8Array<ArrayBuffer>) : value.slice())
      this.flushed += value.length
    } else {
      this.room(value.length)
      this.scratch.set(value, this.pos)
      this.pos += value.length
    }
    return this
  }

  finish(): Uint8Array<ArrayBuffer>[] {
    this.cut()
    return this.chunks
  }

  private room(n: number): void {
    if (this.pos + n <= this.scratch.length) return
    this.cut()
    if (n > this.scratch.length) {
      this.scratch = new Uint8Array(n)
      this.view = new DataView(this.scratch.buffer)
    }
  }

  /** Ends the current scratch chunk; later fields go to a fresh one. */
  private cut(): void {
    if (this.pos === 0) return
    this.chunks.push(this.scratch.subarray(0, this.pos))
    this.flushed += this.pos
    this.scratch = new Uint8Array(Math.max(this.scratch.length, 1 << 16))
    this.view = new DataView(this.scratch.buffer)
    this.pos = 0
  }
}

function encodeInode(e: Encoder, r: InodeRecord): void {
  const kind = KINDS.indexOf(r.kind)
  if (kind < 0) throw new TypeError(`inode ${r.ino}: unknown kind "${r.kind}"`)
  e.u32(checkIno(r.ino))
    .u8(kind)
    .u32(r.mode >>> 0)
    .i32(r.uid | 0)
    .i32(r.gid | 0)
  e.i64(r.atimeNs).i64(r.mtimeNs).i64(r.ctimeNs).i64(r.birthtimeNs)
  if (r.kind === 'file') {
    const data = r.data ?? new Uint8Array(0)
    e.u32(data.length).bytes(data)
  } else if (r.kind === 'symlink') {
    const target = UTF8.encode(r.target ?? '')
    e.u32(target.length).bytes(target)
  } else {
    const entries = r.entries ?? []
    e.u32(entries.length)
    for (const [name, ino] of entries) {
      const bytes = UTF8.encode(name)
      e.u32(checkIno(ino)).u32(bytes.length).bytes(bytes)
    }
  }
}

function header(generation: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(HEADER_SIZE)
  const view = new DataView(out.buffer)
  out.set(HEADER_MAGIC)
  view.setUint32(8, generation, true)
  view.setUint32(12, crc32(out.subarray(0, 12)), true)
  return out
}

/** The generation of a valid header, or null. */
function parseHeader(bytes: Uint8Array): number | null {
  if (bytes.length < HEADER_SIZE) return null
  for (let i = 0; i < HEADER_MAGIC.length; i++) if (bytes[i] !== HEADER_MAGIC[i]) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE)
  if (view.getUint32(12, true) !== crc32(bytes.subarray(0, 12))) return null
  return view.getUint32(8, true)
}

/** Frames a payload: the 12-byte record header, then the payload's chunks. */
function frame(generation: number, payload: Uint8Array<ArrayBuffer>[]): Uint8Array<ArrayBuffer>[] {
  const head = new Uint8Array(FRAME_SIZE)
  const view = new DataView(head.buffer)
  let crc = crc32(u32Bytes(generation))
  for (const chunk of payload) crc = crc32(chunk, crc)
  view.setUint32(0, RECORD_MAGIC, true)
  view.setUint32(4, byteLength(payload), true)
  view.setUint32(8, crc, true)
  return [head, ...payload]
}

function u32Bytes(value: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, value, true)
  return out
}

function byteLength(chunks: readonly Uint8Array[]): number {
  let n = 0
  for (const c of chunks) n += c.length
  return n
}

// --------------------------------------------------------------- replay

/**
 * Replays a journal file: where each live inode's latest encoding is, and
 * where the valid records end. Null when the file is not valid (its first
 * record is missing, torn, or not a snapshot).
 */
function replay(bytes: Uint8Array, generation: number): { live: Map<number, Location>; end: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const seed = crc32(u32Bytes(generation))
  const live = new Map<number, Location>()
  let at = HEADER_SIZE
  let first = true
  while (at + FRAME_SIZE <= bytes.length) {
    if (view.getUint32(at, true) !== RECORD_MAGIC) break
    const length = view.getUint32(at + 4, true)
    const start = at + FRAME_SIZE
    const end = start + length
    if (end > bytes.length || length === 0) break
    if (crc32(bytes.subarray(start, end), seed) !== view.getUint32(at + 8, true)) break
    const ops = parsePayload(view, start, end)
    if (ops === null || (first && ops.type !== SNAPSHOT)) break
    if (ops.type === SNAPSHOT) live.clear()
    for (const ino of ops.deleted) live.delete(ino)
    for (const [ino, location] of ops.stored) live.set(ino, location)
    first = false
    at = end
  }
  return first ? null : { live, end: at }
}

interface Payload {
  type: number
  deleted: number[]
  stored: Array<[number, Location]>
}

/** Parses a payload's structure (not its contents' meaning); null when it is malformed. */
function parsePayload(view: DataView, start: number, end: number): Payload | null {
  let at = start
  const need = (n: number) => at + n <= end
  if (!need(5)) return null
  const type = view.getUint8(at)
  const deleted: number[] = []
  at += 1
  if (type === BATCH) {
    const count = view.getUint32(at, true)
    at += 4
    if (!need(count * 4 + 4)) return null
    for (let i = 0; i < count; i++, at += 4) deleted.push(view.getUint32(at, true))
  } else if (type !== SNAPSHOT) {
    return null
  }
  const count = view.getUint32(at, true)
  at += 4
  const stored: Array<[number, Location]> = []
  for (let i = 0; i < count; i++) {
    const length = inodeLength(view, at, end)
    if (length < 0) return null
    stored.push([view.getUint32(at, true), { at, length }])
    at += length
  }
  return at === end ? { type, deleted, stored } : null
}

/** Length of the encoded inode at `at`, or -1 when it is malformed or overruns `end`. */
function inodeLength(view: DataView, at: number, end: number): number {
  let pos = at + INODE_FIXED
  if (pos + 4 > end || view.getUint32(at, true) === 0) return -1
  const kind = view.getUint8(at + 4)
  if (kind >= KINDS.length) return -1
  const count = view.getUint32(pos, true)
  pos += 4
  if (kind !== 1) {
    pos += count
  } else {
    for (let i = 0; i < count; i++) {
      if (pos + 8 > end) return -1
      pos += 8 + view.getUint32(pos + 4, true)
    }
  }
  return pos > end ? -1 : pos - at
}

/** Decodes an inode that {@link inodeLength} accepted; file bytes are copied out of `bytes`. */
function decodeInode(bytes: Uint8Array, at: number): InodeRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const kind = KINDS[view.getUint8(at + 4)] as InodeKind
  const record: InodeRecord = {
    ino: view.getUint32(at, true),
    kind,
    mode: view.getUint32(at + 5, true),
    uid: view.getInt32(at + 9, true),
    gid: view.getInt32(at + 13, true),
    atimeNs: view.getBigInt64(at + 17, true),
    mtimeNs: view.getBigInt64(at + 25, true),
    ctimeNs: view.getBigInt64(at + 33, true),
    birthtimeNs: view.getBigInt64(at + 41, true),
  }
  let pos = at + INODE_FIXED
  const count = view.getUint32(pos, true)
  pos += 4
  if (kind === 'file') {
    record.data = bytes.slice(pos, pos + count)
  } else if (kind === 'symlink') {
    record.target = text(bytes, pos, pos + count)
  } else {
    const entries: [string, number][] = []
    for (let i = 0; i < count; i++) {
      const ino = view.getUint32(pos, true)
      const length = view.getUint32(pos + 4, true)
      entries.push([text(bytes, pos + 8, pos + 8 + length), ino])
      pos += 8 + length
    }
    record.entries = entries
  }
  return record
}

/** UTF-8 text; invalid bytes (which only a bug could write) become U+FFFD and the mount drops the name. */
function text(bytes: Uint8Array, start: number, end: number): string {
  try {
    return UTF8_STRICT.decode(bytes.subarray(start, end))
  } catch {
    return '\ufffd'
  }
}

// ------------------------------------------------------------------ files

/** One journal file, through whichever OPFS API this context has. */
interface JournalFile {
  readonly mode: OpfsMode
  size(): Promise<number>
  /** Up to `length` bytes from `at` (fewer at the end of the file). */
  read(at: number, length: number): Promise<Uint8Array>
  /** Writes `chunks` at `at`, cuts the file there, and makes it durable. */
  writeAt(at: number, chunks: readonly Uint8Array<ArrayBuffer>[]): Promise<void>
  /** Replaces the whole content with `chunks`, durably. */
  replace(chunks: readonly Uint8Array<ArrayBuffer>[]): Promise<void>
  /** Makes the file invalid (empty) after a failed {@link replace}. */
  invalidate(): Promise<void>
  close(): Promise<void>
}

/** `FileSystemSyncAccessHandle`, which TypeScript's DOM library does not declare (it is worker-only). */
interface SyncAccessHandle {
  read(buffer: Uint8Array, options?: { at?: number }): number
  write(buffer: Uint8Array, options?: { at?: number }): number
  truncate(size: number): void
  getSize(): number
  flush(): void
  close(): void
}

async function openJournalFile(handle: FileSystemFileHandle): Promise<JournalFile> {
  const create = (handle as { createSyncAccessHandle?: () => Promise<SyncAccessHandle> }).createSyncAccessHandle
  if (typeof create === 'function') return new SyncJournalFile(await create.call(handle))
  return new WritableJournalFile(handle)
}

class SyncJournalFile implements JournalFile {
  readonly mode = 'sync-access-handle'

  constructor(private readonly handle: SyncAccessHandle) {}

  async size(): Promise<number> {
    return this.handle.getSize()
  }

  async read(at: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(Math.max(0, Math.min(length, this.handle.getSize() - at)))
    let done = 0
    while (done < out.length) {
      const n = this.handle.read(out.subarray(done), { at: at + done })
      if (n <= 0) break
      done += n
    }
    return out.subarray(0, done)
  }

  async writeAt(at: number, chunks: readonly Uint8Array<ArrayBuffer>[]): Promise<void> {
    try {
      let pos = at
      for (const chunk of chunks) {
        let done = 0
        while (done < chunk.length) {
          const n = this.handle.write(chunk.subarray(done), { at: pos + done })
          if (n <= 0) throw new DOMException('short write', 'InvalidStateError')
          done += n
        }
        pos += chunk.length
      }
      if (this.handle.getSize() !== pos) this.handle.truncate(pos)
      this.handle.flush()
    } catch (error) {
      // Drop the partial record now; if that fails too, the next append overwrites it.
      try {
        this.handle.truncate(at)
        this.handle.flush()
      } catch {}
      throw error
    }
  }

  async replace(chunks: readonly Uint8Array<ArrayBuffer>[]): Promise<void> {
    this.handle.truncate(0)
    await this.writeAt(0, chunks)
  }

  async invalidate(): Promise<void> {
    this.handle.truncate(0)
    this.handle.flush()
  }

  async close(): Promise<void> {
    this.handle.close()
  }
}

/**
 * Largest single write to a writable stream. Chromium streams each write to
 * the browser through a data pipe; when the browser refuses a write larger
 * than the pipe holds (a full disk), the renderer may see the pipe close
 * (`AbortError: Failed to write data to data pipe`, about one 8 MiB write in
 * three on a full disk) instead of the browser's `QuotaExceededError`; writes
 * of 1 MiB got the `QuotaExceededError` every time.
 */
const WRITABLE_PIECE = 1 << 20

class WritableJournalFile implements JournalFile {
  readonly mode = 'writable'

  constructor(private readonly handle: FileSystemFileHandle) {}

  async size(): Promise<number> {
    return (await this.handle.getFile()).size
  }

  async read(at: number, length: number): Promise<Uint8Array> {
    const file = await this.handle.getFile()
    return new Uint8Array(await file.slice(at, at + length).arrayBuffer())
  }

  async writeAt(at: number, chunks: readonly Uint8Array<ArrayBuffer>[]): Promise<void> {
    await this.write(true, at, chunks)
  }

  async replace(chunks: readonly Uint8Array<ArrayBuffer>[]): Promise<void> {
    await this.write(false, 0, chunks)
  }

  async invalidate(): Promise<void> {
    // A failed write was aborted, and an aborted writable changes nothing: the file is as it was.
  }

  async close(): Promise<void> {}

  /** Writes through a swap file that replaces the file on `close()`; an error aborts it and changes nothing. */
  private async write(
    keepExistingData: boolean,
    at: number,
    chunks: readonly Uint8Array<ArrayBuffer>[],
  ): Promise<void> {
    const stream = await this.handle.createWritable({ keepExistingData })
    try {
      let pos = at
      for (const chunk of chunks) {
        for (let done = 0; done < chunk.length; done += WRITABLE_PIECE) {
          const piece = chunk.subarray(done, done + WRITABLE_PIECE)
          await stream.write({ type: 'write', position: pos, data: piece })
          pos += piece.length
        }
      }
      await stream.truncate(pos)
      await stream.close()
    } catch (error) {
      await stream.abort().catch(() => undefined)
      throw error
    }
  }
}
