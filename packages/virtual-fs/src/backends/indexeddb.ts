/**
 * The IndexedDB backend: one database per storage key, one object store of
 * {@link InodeRecord}s keyed by `ino` (bigint times and `Uint8Array` data are
 * structured-clonable, so records are stored as they are).
 *
 * A write-back batch is one `readwrite` transaction holding every put and
 * delete, so IndexedDB's own atomicity gives the store contract: after a crash
 * a batch is entirely there or entirely absent. Transactions ask for
 * `durability: 'strict'`, so a resolved commit (and so `Vfs.sync()`) means
 * the data reached the disk, not only the browser's cache.
 *
 * Works wherever `indexedDB` exists: windows, dedicated and shared workers.
 */
import type { Backend, CommitBatch, InodeRecord, PersistentStore } from '../persist.js'
import { checkOptions, isInodeRecord, openError, ownBytes } from './common.js'

/** Options of {@link openIndexedDbBackend}. */
export interface IndexedDbBackendOptions {
  /** Database name: the storage key. Two backends opened with the same name see the same files. */
  database: string
  /** The factory to use; default `globalThis.indexedDB`. */
  indexedDB?: IDBFactory
}

/** An opened IndexedDB backend, ready for `Vfs.mount`. */
export interface IndexedDbBackend extends Backend {
  readonly name: 'indexeddb'
  /** The database name it was opened with. */
  readonly database: string
  /** Stored values that were not well-formed inode records and were left out of `records`. */
  readonly skipped: number
  readonly store: PersistentStore
}

/** Schema version of the database; a newer one is refused rather than misread. */
const VERSION = 1
/** Object store holding the inode records, keyed by their `ino`. */
const STORE = 'inodes'
const OPTIONS = ['database', 'indexedDB']

/**
 * Opens (creating if needed) the database named `options.database` and loads
 * its inodes. Malformed stored values are skipped (and counted in `skipped`),
 * never fatal: the mount deletes unreachable inodes at its next write-back.
 *
 * Rejects with a `VfsError` (`syscall: 'mount'`, `EIO`, or `ENOSPC` for a
 * quota failure) when IndexedDB is unavailable or the database cannot be
 * opened, and with a `TypeError` for invalid options.
 */
export async function openIndexedDbBackend(options: IndexedDbBackendOptions): Promise<IndexedDbBackend> {
  checkOptions('openIndexedDbBackend', options, OPTIONS, 'database')
  const { database } = options
  const factory = options.indexedDB ?? globalThis.indexedDB
  if (!factory) throw openError(new Error('IndexedDB is not available in this context'), database)
  let db: IDBDatabase
  let values: unknown[]
  try {
    db = await openDatabase(factory, database)
  } catch (cause) {
    throw openError(cause, database)
  }
  try {
    values = await loadAll(db)
  } catch (cause) {
    db.close()
    throw openError(cause, database)
  }
  const records: InodeRecord[] = []
  for (const value of values) if (isInodeRecord(value)) records.push(value)
  return {
    name: 'indexeddb',
    database,
    records,
    skipped: values.length - records.length,
    store: new IndexedDbStore(db),
  }
}

/**
 * Deletes the database named `database` (resolving also when there is none).
 * Open connections to it (from this or another tab) are closed by their
 * stores when they see the deletion, after which their commits fail with `EIO`.
 */
export function deleteIndexedDbBackend(database: string, factory: IDBFactory = globalThis.indexedDB): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(database)
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error)
  })
}

class IndexedDbStore implements PersistentStore {
  private closed = false

  constructor(private readonly db: IDBDatabase) {
    // Let another tab delete or upgrade the database instead of blocking it forever.
    db.onversionchange = () => {
      this.closed = true
      db.close()
    }
  }

  commit(batch: CommitBatch): Promise<void> {
    if (batch.put.length === 0 && batch.delete.length === 0) return Promise.resolve()
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new DOMException('the database connection is closed', 'InvalidStateError'))
        return
      }
      let tx: IDBTransaction
      try {
        tx = this.db.transaction(STORE, 'readwrite', { durability: 'strict' })
      } catch (error) {
        reject(error)
        return
      }
      tx.oncomplete = () => resolve()
      // The transaction's error names the cause (QuotaExceededError, …); an explicit abort has none.
      tx.onabort = () => reject(tx.error ?? new DOMException('the transaction was aborted', 'AbortError'))
      try {
        const objects = tx.objectStore(STORE)
        // Deletes first: an inode in both lists is alive, as in the OPFS journal's replay.
        for (const ino of batch.delete) objects.delete(ino)
        for (const record of batch.put) objects.put(storable(record))
        if (typeof tx.commit === 'function') tx.commit()
      } catch (error) {
        // A value that cannot be cloned (DataCloneError) or a closing connection: store nothing.
        tx.onabort = () => reject(error)
        try {
          tx.abort()
        } catch {
          reject(error)
        }
      }
    })
  }

  async close(): Promise<void> {
    this.closed = true
    this.db.close()
  }
}

/** The record as it should be cloned: file bytes in an exact-size buffer of their own. */
function storable(record: InodeRecord): InodeRecord {
  if (record.data === undefined) return record
  // Cloning a view clones its whole buffer (and a SharedArrayBuffer cannot be stored at all).
  const data = ownBytes(record.data)
  return data === record.data ? record : { ...record, data }
}

function openDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, VERSION)
    request.onupgradeneeded = () => {
      const db = request.result
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'ino' })
    }
    request.onsuccess = () => {
      const db = request.result
      if (!db.objectStoreNames.contains(STORE)) {
        db.close()
        reject(new Error(`database "${name}" has no "${STORE}" object store`))
        return
      }
      resolve(db)
    }
    request.onerror = () => reject(request.error)
  })
}

function loadAll(db: IDBDatabase): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, 'readonly')
    const request = tx.objectStore(STORE).getAll()
    request.onsuccess = () => resolve(request.result)
    tx.onabort = () => reject(tx.error ?? request.error)
  })
}
