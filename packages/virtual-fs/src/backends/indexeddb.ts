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
 * A full disk makes a commit fail with a `QuotaExceededError` (see
 * {@link NO_SPACE}), and so `Vfs.sync()` with `ENOSPC`. When the browser closes
 * the connection after a storage error, the next commit reopens the database
 * (never recreating one that was deleted meanwhile).
 *
 * Works wherever `indexedDB` exists: windows, dedicated and shared workers.
 */
import type { Backend, CommitBatch, InodeRecord, PersistentStore } from '../persist.js'
import { checkOptions, describe, isInodeRecord, openError, ownBytes } from './common.js'

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
    store: new IndexedDbStore(db, factory, database),
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
  /** The open connection; null after the browser closed it (an I/O error), until the next commit reopens it. */
  private db: IDBDatabase | null = null
  /** Set by `close()`, or when another context deleted or upgraded the database: commits fail from then on. */
  private closed = false
  /** The browser's error while the last commit failed for a full disk, else null. */
  private noSpace: unknown = null

  constructor(
    db: IDBDatabase,
    private readonly factory: IDBFactory,
    private readonly name: string,
  ) {
    this.attach(db)
  }

  async commit(batch: CommitBatch): Promise<void> {
    if (batch.put.length === 0 && batch.delete.length === 0) return
    let db: IDBDatabase
    try {
      db = await this.connection()
    } catch (error) {
      // While the disk is full the browser cannot reopen (UnknownError) the database it closed for that reason.
      if (this.noSpace === null || this.closed || (error as { name?: unknown } | null)?.name !== 'UnknownError') {
        throw error
      }
      throw new DOMException(
        `no space left on the disk (${describe(this.noSpace)}; reopening the database: ${describe(error)})`,
        'QuotaExceededError',
      )
    }
    try {
      await this.write(db, batch)
      this.noSpace = null
    } catch (error) {
      // The browser may be closing this connection (its backing store failed) without having said so yet:
      // a transaction started on it now would never settle. The next commit opens a fresh one.
      this.drop(db)
      if (!isFullDisk(error)) {
        this.noSpace = null
        throw error
      }
      this.noSpace = error
      throw new DOMException(`no space left on the disk (${describe(error)})`, 'QuotaExceededError')
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.db?.close()
    this.db = null
  }

  private attach(db: IDBDatabase): void {
    this.db = db
    // Let another tab delete or upgrade the database instead of blocking it forever.
    db.onversionchange = () => {
      this.closed = true
      this.drop(db)
    }
    // The browser closes a connection whose backing store failed (a full disk, for one); the data on
    // disk is what the last completed transaction left, so the next commit may reopen and go on.
    db.onclose = () => {
      if (this.db === db) this.db = null
    }
  }

  private drop(db: IDBDatabase): void {
    db.close()
    if (this.db === db) this.db = null
  }

  private async connection(): Promise<IDBDatabase> {
    if (this.closed) throw new DOMException('the database connection is closed', 'InvalidStateError')
    if (this.db) return this.db
    const db = await openDatabase(this.factory, this.name, false)
    if (this.closed) {
      db.close()
      throw new DOMException('the database connection is closed', 'InvalidStateError')
    }
    this.attach(db)
    return db
  }

  private write(db: IDBDatabase, batch: CommitBatch): Promise<void> {
    return new Promise((resolve, reject) => {
      let tx: IDBTransaction
      try {
        tx = db.transaction(STORE, 'readwrite', { durability: 'strict' })
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
}

/**
 * Chromium reports a full disk (as opposed to a full quota: `QuotaExceededError`) by
 * the error of the file write that failed: `FILE_ERROR_NO_SPACE` in the message of
 * the database's I/O error (after which it closes the connection), or a failed
 * write of the files that hold large values (`DataError: Failed to write blobs
 * (IOError)`, whose only common cause is a full disk). The store turns those into a
 * `QuotaExceededError` naming the browser's error, so `sync()` rejects with `ENOSPC`.
 */
const NO_SPACE = /FILE_ERROR_NO_SPACE|^Failed to write blobs \(IOError\)/

/** True for the errors Chromium reports a full disk with (see {@link NO_SPACE}). */
function isFullDisk(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' && NO_SPACE.test(message)
}

/** The record as it should be cloned: file bytes in an exact-size buffer of their own. */
function storable(record: InodeRecord): InodeRecord {
  if (record.data === undefined) return record
  // Cloning a view clones its whole buffer (and a SharedArrayBuffer cannot be stored at all).
  const data = ownBytes(record.data)
  return data === record.data ? record : { ...record, data }
}

/**
 * Opens the database, creating it when missing; with `create` false a
 * missing database is an error instead (a store reopening after a lost
 * connection must not write half a tree into a database deleted meanwhile).
 */
function openDatabase(factory: IDBFactory, name: string, create = true): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, VERSION)
    request.onupgradeneeded = (event) => {
      if (!create && event.oldVersion === 0) {
        request.onerror = (e) => e.preventDefault()
        request.transaction?.abort()
        reject(new DOMException(`database "${name}" was deleted`, 'NotFoundError'))
        return
      }
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
