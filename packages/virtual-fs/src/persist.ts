/**
 * The contract between the synchronous tree and a persistent store.
 *
 * The tree is always the truth while the program runs; a store keeps a copy.
 * A mount backed by a store hydrates its tree from `records` once, then every
 * change marks inodes dirty and the mount writes them back in batches with
 * `commit`. A batch is applied atomically: after a crash the store holds
 * either everything of a batch or nothing of it, so a file is old or new,
 * never torn.
 */
import type { InodeKind } from './inode.js'

/** One inode as a store keeps it. Directory entries name children by inode number. */
export interface InodeRecord {
  ino: number
  kind: InodeKind
  /** Permission bits. */
  mode: number
  uid: number
  gid: number
  atimeNs: bigint
  mtimeNs: bigint
  ctimeNs: bigint
  birthtimeNs: bigint
  /** File content (files only). */
  data?: Uint8Array
  /** `[name, ino]` pairs (directories only). */
  entries?: [string, number][]
  /** Link target (symlinks only). */
  target?: string
}

/** What one write-back changes: inodes to store (replacing older copies) and inodes to forget. */
export interface CommitBatch {
  put: InodeRecord[]
  delete: number[]
}

/** A durable home for one mount's inodes. Implemented by the IndexedDB and OPFS backends. */
export interface PersistentStore {
  /** Applies the whole batch atomically; rejects (storing nothing of it) on failure. */
  commit(batch: CommitBatch): Promise<void>
  /** Releases the store (closes databases, file handles). */
  close(): Promise<void>
}

/** A backend ready to mount: its kind, the state it loaded, and its store (none for memory). */
export interface Backend {
  /** `memory`, `indexeddb` or `opfs`. */
  readonly name: string
  /** The inodes loaded when the backend was opened; inode 1 is the root. */
  readonly records: readonly InodeRecord[]
  /** Where changes are written back; `null` keeps the mount in memory only. */
  readonly store: PersistentStore | null
}

/** Inode number of a mount's root directory. */
export const ROOT_INO = 1

/** A memory backend: nothing to load, nothing to persist. */
export function memoryBackend(): Backend {
  return { name: 'memory', records: [], store: null }
}

/** The ways an error from a store maps onto POSIX codes. */
export function storeErrorCode(error: unknown): 'ENOSPC' | 'EIO' {
  const name = (error as { name?: unknown } | null)?.name
  return name === 'QuotaExceededError' ? 'ENOSPC' : 'EIO'
}
