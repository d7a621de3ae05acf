import {
  createVfs,
  deleteOpfsBackend,
  isVfsError,
  type OpfsBackend,
  openOpfsBackend,
  type VfsError,
} from '@aspect-build/virtual-fs'
import { afterEach, describe, expect, it } from 'vitest'
import { behaviourSuite } from './suite/behaviour.js'
import { MOUNT, opfsSetup, rejection, tree, uniqueName } from './support/backends.js'
import { type Ops, pattern, workerOps } from './support/persistence-ops.js'

const directories: string[] = []
const workers: Worker[] = []

function freshDirectory(): string {
  const name = `vfs-tests/${uniqueName('opfs')}`
  directories.push(name)
  return name
}

function startWorker(): Ops {
  const worker = new Worker(new URL('./support/persistence-worker.ts', import.meta.url), { type: 'module' })
  workers.push(worker)
  return workerOps(worker)
}

afterEach(async () => {
  for (const worker of workers.splice(0)) worker.terminate()
  for (const name of directories.splice(0)) await deleteOpfsBackend(name)
})

async function journal(directory: string, file: 0 | 1): Promise<FileSystemFileHandle> {
  let dir = await navigator.storage.getDirectory()
  for (const part of directory.split('/')) dir = await dir.getDirectoryHandle(part)
  return dir.getFileHandle(`journal-${file}`)
}

async function readAll(handle: FileSystemFileHandle): Promise<Uint8Array> {
  return new Uint8Array(await (await handle.getFile()).arrayBuffer())
}

async function writeAll(handle: FileSystemFileHandle, bytes: Uint8Array): Promise<void> {
  const stream = await handle.createWritable()
  await stream.write(bytes.slice())
  await stream.close()
}

async function mounted(directory: string): Promise<{ backend: OpfsBackend; vfs: ReturnType<typeof createVfs> }> {
  const backend = await openOpfsBackend({ directory })
  const vfs = createVfs({ onError: () => {} })
  vfs.mount(MOUNT, backend)
  return { backend, vfs }
}

behaviourSuite('opfs', opfsSetup)

describe('OPFS backend', () => {
  it('keeps files, directories, symlinks, hard links, modes and times across a reopen (window: writable streams)', async () => {
    const directory = freshDirectory()
    const { backend, vfs } = await mounted(directory)
    expect(backend.mode).toBe('writable')
    expect(backend.records).toEqual([])
    vfs.mkdir(`${MOUNT}/src/lib`, { recursive: true })
    vfs.writeFile(`${MOUNT}/src/lib/a.txt`, 'alpha')
    vfs.writeFile(`${MOUNT}/src/ünïcødé ✓`, 'names are UTF-8')
    vfs.chmod(`${MOUNT}/src/lib/a.txt`, 0o640)
    vfs.utimes(`${MOUNT}/src/lib/a.txt`, 5n, 1_700_000_000_123_456_789n)
    vfs.symlink('lib/a.txt', `${MOUNT}/src/link`)
    vfs.link(`${MOUNT}/src/lib/a.txt`, `${MOUNT}/hard`)
    vfs.writeFile(`${MOUNT}/gone`, 'x')
    await vfs.sync()
    vfs.unlink(`${MOUNT}/gone`)
    vfs.writeFile(`${MOUNT}/big`, pattern({ size: 3 << 20, version: 1 }))
    const before = tree(vfs, MOUNT)
    await vfs.sync()
    await backend.store.close()

    const again = await mounted(directory)
    expect(tree(again.vfs, MOUNT)).toEqual(before)
    expect(again.vfs.readFile(`${MOUNT}/src/link`, 'utf8')).toBe('alpha')
    expect(same(again.vfs.readFile(`${MOUNT}/big`), pattern({ size: 3 << 20, version: 1 }))).toBe(true)
    expect(again.vfs.stat(`${MOUNT}/hard`).ino).toBe(again.vfs.stat(`${MOUNT}/src/lib/a.txt`).ino)
    expect(again.vfs.stat(`${MOUNT}/hard`).mtimeNs).toBe(1_700_000_000_123_456_789n)
    expect(again.vfs.exists(`${MOUNT}/gone`)).toBe(false)
    // root, src, lib, a.txt, the unicode file, link, big: the unlinked file is gone from the journal's state.
    expect(again.backend.records).toHaveLength(7)
    await again.backend.store.close()
  })

  it('ignores a torn or corrupt tail and replays every record before it', async () => {
    const directory = freshDirectory()
    const { backend, vfs } = await mounted(directory)
    vfs.writeFile(`${MOUNT}/f`, 'old')
    await vfs.sync()
    const oldEnd = backend.store.stats().journalBytes
    vfs.writeFile(`${MOUNT}/f`, 'new')
    vfs.writeFile(`${MOUNT}/g`, 'added with it')
    await vfs.sync()
    const newEnd = backend.store.stats().journalBytes
    expect(newEnd).toBeGreaterThan(oldEnd + 12)
    await backend.store.close()
    const handle = await journal(directory, 0)
    const full = await readAll(handle)
    expect(full.length).toBe(newEnd)

    const cases: Array<[string, Uint8Array, string, number]> = [
      ['a torn frame header', full.subarray(0, oldEnd + 5), 'old', 5],
      ['a whole frame header, no payload', full.subarray(0, oldEnd + 12), 'old', 12],
      ['half the payload', full.subarray(0, (oldEnd + newEnd) >> 1), 'old', ((oldEnd + newEnd) >> 1) - oldEnd],
      ['all but the last byte', full.subarray(0, newEnd - 1), 'old', newEnd - 1 - oldEnd],
      ['a flipped payload byte', flip(full, newEnd - 3), 'old', newEnd - oldEnd],
      ['a flipped length', flip(full, oldEnd + 4), 'old', newEnd - oldEnd],
      ['garbage after the last record', concat(full, new Uint8Array(100).fill(0x5a)), 'new', 100],
    ]
    for (const [what, bytes, expected, discarded] of cases) {
      await writeAll(handle, bytes)
      const again = await mounted(directory)
      expect(again.vfs.readFile(`${MOUNT}/f`, 'utf8'), what).toBe(expected)
      expect(again.vfs.exists(`${MOUNT}/g`), what).toBe(expected === 'new')
      expect(again.backend.store.stats().discardedBytes, what).toBe(discarded)
      await again.backend.store.close()
    }

    // The next commit after a torn tail replaces it: nothing of the torn record survives.
    await writeAll(handle, full.subarray(0, oldEnd + 20))
    const torn = await mounted(directory)
    torn.vfs.writeFile(`${MOUNT}/h`, 'after the tear')
    await torn.vfs.sync()
    await torn.backend.store.close()
    const healed = await mounted(directory)
    expect(healed.backend.store.stats().discardedBytes).toBe(0)
    expect(healed.vfs.readdir(MOUNT)).toEqual(['f', 'h'])
    expect(healed.vfs.readFile(`${MOUNT}/f`, 'utf8')).toBe('old')
    await healed.backend.store.close()
  })

  it('compacts into the other journal file with a higher generation once the journal passes twice the live data', async () => {
    const directory = freshDirectory()
    const { backend, vfs } = await mounted(directory)
    const size = 700 * 1024
    let version = 0
    // Each commit compacts before it resolves when the journal has passed 2 × live + 1 MiB.
    while (backend.store.stats().compactions === 0) {
      expect(backend.store.stats().journalBytes).toBeLessThanOrEqual(2 * backend.store.stats().liveBytes + (1 << 20))
      expect(version).toBeLessThan(10)
      vfs.writeFile(`${MOUNT}/f`, pattern({ size, version: ++version }))
      await vfs.sync()
    }
    expect(version).toBe(4)
    const stats = backend.store.stats()
    expect(stats.file).toBe(1)
    expect(stats.generation).toBe(2)
    expect(stats.journalBytes).toBeLessThan(size + 1000)
    await backend.store.close()
    // The new file holds only the snapshot; the old one is still a valid, older generation.
    expect((await readAll(await journal(directory, 1))).length).toBe(stats.journalBytes)

    const again = await mounted(directory)
    expect(again.backend.store.stats()).toMatchObject({ file: 1, generation: 2, discardedBytes: 0 })
    expect(same(again.vfs.readFile(`${MOUNT}/f`), pattern({ size, version }))).toBe(true)
    again.vfs.writeFile(`${MOUNT}/after`, 'appended to the compacted journal')
    await again.vfs.sync()
    await again.backend.store.close()
    const third = await mounted(directory)
    expect(third.vfs.readFile(`${MOUNT}/after`, 'utf8')).toBe('appended to the compacted journal')
    expect(same(third.vfs.readFile(`${MOUNT}/f`), pattern({ size, version }))).toBe(true)
    await third.backend.store.close()
  })

  it('falls back to the older journal when the newer one is torn inside its snapshot (a crash mid-compaction)', async () => {
    const directory = freshDirectory()
    const { backend, vfs } = await mounted(directory)
    const size = 700 * 1024
    let version = 0
    while (backend.store.stats().compactions === 0 && version < 10) {
      vfs.writeFile(`${MOUNT}/f`, pattern({ size, version: ++version }))
      await vfs.sync()
    }
    expect(backend.store.stats().compactions).toBe(1)
    await backend.store.close()
    const newer = await journal(directory, 1)
    const bytes = await readAll(newer)
    await writeAll(newer, bytes.subarray(0, bytes.length >> 1))
    const again = await mounted(directory)
    expect(again.backend.store.stats()).toMatchObject({ file: 0, generation: 1 })
    // The old journal holds every commit up to the compaction, which ran after the last one.
    expect(same(again.vfs.readFile(`${MOUNT}/f`), pattern({ size, version }))).toBe(true)
    // Writing on goes to the older file; the torn newer one can never win later.
    again.vfs.writeFile(`${MOUNT}/f`, 'later')
    await again.vfs.sync()
    await again.backend.store.close()
    const third = await mounted(directory)
    expect(third.vfs.readFile(`${MOUNT}/f`, 'utf8')).toBe('later')
    await third.backend.store.close()
  })

  it('starts empty when no journal is valid', async () => {
    const directory = freshDirectory()
    const { backend, vfs } = await mounted(directory)
    vfs.writeFile(`${MOUNT}/f`, 'x')
    await vfs.sync()
    await backend.store.close()
    const handle = await journal(directory, 0)
    await writeAll(handle, flip(await readAll(handle), 9))
    const again = await mounted(directory)
    expect(again.backend.records).toEqual([])
    expect(again.vfs.readdir(MOUNT)).toEqual([])
    await again.backend.store.close()
  })

  it('lets one context at a time open a store: EBUSY for the second', async () => {
    const directory = freshDirectory()
    const first = await openOpfsBackend({ directory })
    const error = (await rejection(openOpfsBackend({ directory }))) as VfsError
    expect(isVfsError(error)).toBe(true)
    expect(error.code).toBe('EBUSY')
    expect(error.syscall).toBe('mount')
    await first.store.close()
    const second = await openOpfsBackend({ directory })
    await second.store.close()
  })

  it('names the bad option and refuses directories that leave the root', async () => {
    await expect(openOpfsBackend({ dir: 'x' } as never)).rejects.toThrow('Invalid option in openOpfsBackend(): "dir"')
    await expect(openOpfsBackend({ directory: 'a/../b' })).rejects.toThrow(TypeError)
    await expect(openOpfsBackend({ directory: '/' })).rejects.toThrow(TypeError)
  })

  it('fails commits on a closed store with EIO, keeping the changes pending', async () => {
    const directory = freshDirectory()
    const { backend, vfs } = await mounted(directory)
    vfs.writeFile(`${MOUNT}/a`, 'a')
    await vfs.sync()
    await backend.store.close()
    vfs.writeFile(`${MOUNT}/b`, 'b')
    const error = (await rejection(vfs.sync())) as VfsError
    expect(error.code).toBe('EIO')
    expect(error.syscall).toBe('sync')
    expect(vfs.readFile(`${MOUNT}/b`, 'utf8')).toBe('b')
  })

  describe('in a dedicated worker', () => {
    it('uses sync access handles, and the window reads what the worker wrote', async () => {
      const directory = freshDirectory()
      const key = directory.slice('vfs-tests/'.length)
      const worker = startWorker()
      const opened = await worker.open('opfs', key)
      expect(opened).toEqual({ mode: 'sync-access-handle', records: 0, discarded: 0 })
      // While the worker holds the store, the window cannot open it.
      const busy = (await rejection(openOpfsBackend({ directory }))) as VfsError
      expect(busy.code).toBe('EBUSY')
      await worker.write({ a: { size: 10, version: 1 }, b: { size: 1 << 20, version: 2 } })
      expect(await worker.sync()).toBeNull()
      await worker.write({ a: { size: 2 << 20, version: 3 } })
      expect(await worker.sync()).toBeNull()
      await worker.close()

      const { backend, vfs } = await mounted(directory)
      expect(same(vfs.readFile(`${MOUNT}/a`), pattern({ size: 2 << 20, version: 3 }))).toBe(true)
      expect(same(vfs.readFile(`${MOUNT}/b`), pattern({ size: 1 << 20, version: 2 }))).toBe(true)
      vfs.writeFile(`${MOUNT}/c`, pattern({ size: 100, version: 4 }))
      await vfs.sync()
      await backend.store.close()

      const reopened = await worker.open('opfs', key)
      expect(reopened.records).toBe(4)
      expect(await worker.inspect({ a: [{ size: 2 << 20, version: 3 }], c: [{ size: 100, version: 4 }] })).toEqual({
        a: 3,
        c: 4,
      })
      await worker.close()
    })

    it('compacts and ignores a torn tail with sync access handles too', async () => {
      const directory = freshDirectory()
      const key = directory.slice('vfs-tests/'.length)
      const worker = startWorker()
      await worker.open('opfs', key)
      for (let version = 1; version <= 8; version++) {
        await worker.write({ f: { size: 600 * 1024, version } })
        expect(await worker.sync()).toBeNull()
      }
      await worker.close()
      // With 600 KiB live, the journal compacts once it passes 2 × 600 KiB + 1 MiB: after versions 4
      // (into journal-1, generation 2) and 7 (back into journal-0, generation 3).
      const handle = await journal(directory, 0)
      const active = await readAll(handle)
      expect(generationOf(active)).toBe(3)
      expect(generationOf(await readAll(await journal(directory, 1)))).toBe(2)
      expect(active.length).toBeGreaterThan(2 * 600 * 1024)
      expect(active.length).toBeLessThan(3 * 600 * 1024)
      await writeAll(handle, concat(active, new Uint8Array(4096).fill(1)))

      const opened = await worker.open('opfs', key)
      expect(opened.discarded).toBe(4096)
      expect(await worker.inspect({ f: [{ size: 600 * 1024, version: 8 }] })).toEqual({ f: 8 })
      await worker.close()
    })
  })
})

/** The generation number in a journal file's header. */
function generationOf(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)
}

/** Byte equality (Vitest's deep equality is slow on megabytes). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice()
  out[at] = (out[at] as number) ^ 0xff
  return out
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
