import {
  createVfs,
  deleteIndexedDbBackend,
  isVfsError,
  openIndexedDbBackend,
  type VfsError,
} from '@aspect-build/virtual-fs'
import { afterEach, describe, expect, it } from 'vitest'
import { behaviourSuite } from './suite/behaviour.js'
import { indexedDbSetup, MOUNT, rejection, tree, uniqueName } from './support/backends.js'

const databases: string[] = []
function freshDatabase(): string {
  const name = uniqueName('vfs-idb')
  databases.push(name)
  return name
}

afterEach(async () => {
  for (const name of databases.splice(0)) await deleteIndexedDbBackend(name)
})

function rawOpen(name: string, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version)
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains('inodes'))
        request.result.createObjectStore('inodes', { keyPath: 'ino' })
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function rawPut(db: IDBDatabase, values: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('inodes', 'readwrite')
    for (const value of values) tx.objectStore('inodes').put(value)
    tx.oncomplete = () => resolve()
    tx.onabort = () => reject(tx.error)
  })
}

function rawCount(db: IDBDatabase): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = db.transaction('inodes').objectStore('inodes').count()
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

behaviourSuite('indexeddb', indexedDbSetup)

describe('IndexedDB backend', () => {
  it('keeps files, directories, symlinks, hard links, modes and times across a reopen', async () => {
    const database = freshDatabase()
    const vfs = createVfs()
    const backend = await openIndexedDbBackend({ database })
    expect(backend.name).toBe('indexeddb')
    expect(backend.records).toEqual([])
    vfs.mount(MOUNT, backend)
    vfs.mkdir(`${MOUNT}/src/lib`, { recursive: true })
    vfs.writeFile(`${MOUNT}/src/lib/a.txt`, 'alpha')
    vfs.writeFile(`${MOUNT}/src/empty`, '')
    vfs.chmod(`${MOUNT}/src/lib/a.txt`, 0o600)
    vfs.utimes(`${MOUNT}/src/lib/a.txt`, 5n, 1_700_000_000_123_456_789n)
    vfs.symlink('lib/a.txt', `${MOUNT}/src/link`)
    vfs.link(`${MOUNT}/src/lib/a.txt`, `${MOUNT}/hard`)
    vfs.writeFile(`${MOUNT}/gone`, 'x')
    await vfs.sync()
    vfs.unlink(`${MOUNT}/gone`)
    const before = tree(vfs, MOUNT)
    await vfs.sync()
    await backend.store.close()

    const again = await openIndexedDbBackend({ database })
    const other = createVfs()
    other.mount(MOUNT, again)
    expect(tree(other, MOUNT)).toEqual(before)
    expect(other.readFile(`${MOUNT}/src/link`, 'utf8')).toBe('alpha')
    expect(other.stat(`${MOUNT}/hard`).ino).toBe(other.stat(`${MOUNT}/src/lib/a.txt`).ino)
    expect(other.stat(`${MOUNT}/hard`).nlink).toBe(2)
    expect(other.stat(`${MOUNT}/hard`).mtimeNs).toBe(1_700_000_000_123_456_789n)
    expect(other.stat(`${MOUNT}/hard`).mode & 0o777).toBe(0o600)
    expect(other.exists(`${MOUNT}/gone`)).toBe(false)
    // The unlinked file's record was deleted, not just unreferenced: root, src, lib, a.txt, empty, link.
    expect(again.records).toHaveLength(6)
    await again.store.close()
  })

  it('stores file bytes exactly, including views into larger buffers', async () => {
    const database = freshDatabase()
    const backend = await openIndexedDbBackend({ database })
    const bytes = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff)
    await backend.store.commit({
      put: [
        {
          ino: 1,
          kind: 'dir',
          mode: 0o755,
          uid: 0,
          gid: 0,
          atimeNs: 1n,
          mtimeNs: 1n,
          ctimeNs: 1n,
          birthtimeNs: 1n,
          entries: [['f', 2]],
        },
        {
          ino: 2,
          kind: 'file',
          mode: 0o644,
          uid: 0,
          gid: 0,
          atimeNs: 2n,
          mtimeNs: 2n,
          ctimeNs: 2n,
          birthtimeNs: 2n,
          data: bytes.subarray(10, 1010),
        },
      ],
      delete: [],
    })
    await backend.store.close()
    const again = await openIndexedDbBackend({ database })
    const file = again.records.find((r) => r.ino === 2)
    expect(file?.data).toEqual(bytes.slice(10, 1010))
    expect(file?.data?.buffer.byteLength).toBe(1000)
    await again.store.close()
  })

  it('skips malformed stored values and counts them', async () => {
    const database = freshDatabase()
    const db = await rawOpen(database, 1)
    const t = { uid: 0, gid: 0, atimeNs: 1n, mtimeNs: 1n, ctimeNs: 1n, birthtimeNs: 1n }
    await rawPut(db, [
      {
        ino: 1,
        kind: 'dir',
        mode: 0o755,
        ...t,
        entries: [
          ['ok', 2],
          ['bad', 3],
          ['fifo', 4],
          ['str', 5],
        ],
      },
      { ino: 2, kind: 'file', mode: 0o644, ...t, data: new TextEncoder().encode('fine') },
      { ino: 3, kind: 'file', mode: 0o644, ...t, data: 'not bytes' },
      { ino: 4, kind: 'fifo', mode: 0o644, ...t },
      { ino: 5, kind: 'symlink', mode: 0o777, ...t, atimeNs: 5 },
      { ino: 'six', kind: 'file', mode: 0o644, ...t, data: new Uint8Array(1) },
      { ino: 7.5, kind: 'file', mode: 0o644, ...t, data: new Uint8Array(1) },
      { ino: 8, kind: 'dir', mode: 0o755, ...t, entries: [['x', 'y']] },
    ])
    db.close()
    const backend = await openIndexedDbBackend({ database })
    expect(backend.skipped).toBe(6)
    expect(backend.records.map((r) => r.ino).sort()).toEqual([1, 2])
    const vfs = createVfs()
    vfs.mount(MOUNT, backend)
    expect(vfs.readdir(MOUNT)).toEqual(['ok'])
    expect(vfs.readFile(`${MOUNT}/ok`, 'utf8')).toBe('fine')
    // The mount keeps working: new inodes are numbered above every valid one.
    vfs.writeFile(`${MOUNT}/new`, 'n')
    await vfs.sync()
    await backend.store.close()
    const again = await openIndexedDbBackend({ database })
    expect(again.records.map((r) => r.ino).sort()).toEqual([1, 2, 3])
    await again.store.close()
  })

  it('refuses a database written by a newer schema with EIO and leaves it alone', async () => {
    const database = freshDatabase()
    const db = await rawOpen(database, 7)
    await rawPut(db, [{ ino: 1, anything: true }])
    db.close()
    const error = (await rejection(openIndexedDbBackend({ database }))) as VfsError
    expect(isVfsError(error)).toBe(true)
    expect(error.code).toBe('EIO')
    expect(error.syscall).toBe('mount')
    expect(error.message).toContain('VersionError')
    const check = await rawOpen(database)
    expect(check.version).toBe(7)
    expect(await rawCount(check)).toBe(1)
    check.close()
  })

  it('names the bad option', async () => {
    await expect(openIndexedDbBackend({ databse: 'x' } as never)).rejects.toThrow(
      'Invalid option in openIndexedDbBackend(): "databse"',
    )
    await expect(openIndexedDbBackend({ database: '' })).rejects.toThrow(TypeError)
  })

  it('fails sync with EIO after the store was closed, keeping the changes pending', async () => {
    const database = freshDatabase()
    const backend = await openIndexedDbBackend({ database })
    const vfs = createVfs({ onError: () => {} })
    vfs.mount(MOUNT, backend)
    vfs.writeFile(`${MOUNT}/a`, 'a')
    await vfs.sync()
    await backend.store.close()
    vfs.writeFile(`${MOUNT}/b`, 'b')
    const error = (await rejection(vfs.sync())) as VfsError
    expect(error.code).toBe('EIO')
    expect(error.syscall).toBe('sync')
    expect(vfs.readFile(`${MOUNT}/b`, 'utf8')).toBe('b')
  })

  // A full quota (ENOSPC) is proved in persistence.test.ts: Vitest's Playwright context is off the
  // record, and Chromium ignores Storage.overrideQuotaForOrigin there.
})
