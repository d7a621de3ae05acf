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
