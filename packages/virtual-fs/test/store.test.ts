/**
 * The behaviour suite, reopen checks included, on a mount written back to an
 * in-memory `PersistentStore` double. It runs the write-back and hydration
 * path in Node; the IndexedDB and OPFS stores run the same suite in Chromium.
 */
import { type CommitBatch, createVfs, type InodeRecord, type PersistentStore } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'
import { behaviourSuite } from './suite/behaviour.js'
import type { SuiteTarget } from './suite/types.js'

/** A store that keeps structured clones of records, as IndexedDB would. */
function storeDouble(records: Map<number, InodeRecord>): PersistentStore & { commits: CommitBatch[] } {
  const commits: CommitBatch[] = []
  return {
    commits,
    async commit(batch) {
      const copy = structuredClone(batch)
      commits.push(copy)
      for (const ino of copy.delete) records.delete(ino)
      for (const record of copy.put) records.set(record.ino, record)
    },
    async close() {},
  }
}

function open(records: Map<number, InodeRecord>): SuiteTarget {
  const vfs = createVfs()
  vfs.mount('/data', {
    name: 'store-double',
    records: structuredClone([...records.values()]),
    store: storeDouble(records),
  })
  return {
    vfs,
    dir: '/data',
    reopen: async () => {
      await vfs.sync()
      return open(records)
    },
    cleanup: async () => {
      await vfs.sync()
      records.clear()
    },
  }
}

behaviourSuite('store double', async () => open(new Map()))

describe('write-back to a store', () => {
  it('mounts a store of 150,000 inodes', () => {
    const records = new Map<number, InodeRecord>()
    const t = { atimeNs: 1n, mtimeNs: 2n, ctimeNs: 3n, birthtimeNs: 4n, uid: 0, gid: 0 }
    const entries: [string, number][] = []
    for (let ino = 2; ino <= 150_001; ino++) {
      records.set(ino, { ino, kind: 'file', mode: 0o644, data: new Uint8Array([ino & 0xff]), ...t })
      entries.push([`f${ino}`, ino])
    }
    records.set(1, { ino: 1, kind: 'dir', mode: 0o755, entries, ...t })
    const target = open(records)
    expect(target.vfs.readdir('/data').length).toBe(150_000)
    expect([...target.vfs.readFile('/data/f150001')]).toEqual([150_001 & 0xff])
    target.vfs.writeFile('/data/new', '')
    expect(target.vfs.stat('/data/new').ino).toBe(150_002)
  })

  it('stores nothing of a removed file and forgets its inode', async () => {
    const records = new Map<number, InodeRecord>()
    const target = open(records)
    target.vfs.writeFile('/data/f', 'x')
    await target.vfs.sync()
    const ino = target.vfs.stat('/data/f').ino
    expect(records.get(ino)?.data).toEqual(new TextEncoder().encode('x'))
    target.vfs.unlink('/data/f')
    await target.vfs.sync()
    expect(records.has(ino)).toBe(false)
    expect(records.get(1)?.entries).toEqual([])
  })
})
