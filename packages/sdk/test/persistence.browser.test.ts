// Persistence in Chromium: the working directory survives the container (as it would a
// reload) in IndexedDB and in OPFS, under its storage key.
import { createBunContainer } from '@aspect-build/sdk/browser'
import { deleteIndexedDbBackend, deleteOpfsBackend } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'

const workerUrl = new URL('../../browser-runtime/src/browser/worker.ts', import.meta.url).href

for (const persistence of ['indexeddb', 'opfs'] as const) {
  describe(`persistence: ${persistence}`, () => {
    const remove = (key: string) => (persistence === 'indexeddb' ? deleteIndexedDbBackend(key) : deleteOpfsBackend(key))

    it('keeps the working directory for the next container with the same key; files only seed new storage', async () => {
      const storageKey = `sdk-test-${persistence}-${crypto.randomUUID()}`
      try {
        const first = await createBunContainer({ workerUrl, persistence, storageKey, files: { 'seed.txt': 'seeded' } })
        await first.fs.writeFile('edited.txt', 'from the SDK')
        await first.exec('sh', ['-c', 'mkdir -p src && echo from a process > src/made.txt'])
        await first.destroy()

        const second = await createBunContainer({
          workerUrl,
          persistence,
          storageKey,
          files: { 'seed.txt': 'a different seed', 'other.txt': 'not written' },
        })
        expect(await second.fs.readFile('seed.txt', 'utf8')).toBe('seeded')
        expect(await second.fs.readFile('edited.txt', 'utf8')).toBe('from the SDK')
        expect((await second.exec('cat', ['src/made.txt'])).stdout).toBe('from a process\n')
        await expect(second.fs.stat('other.txt')).rejects.toMatchObject({ code: 'ENOENT' })
        await second.destroy()

        const other = await createBunContainer({ workerUrl, persistence, storageKey: `${storageKey}-other` })
        expect(await other.fs.readdir('.')).toEqual([])
        await other.destroy()
        await remove(`${storageKey}-other`)
      } finally {
        await remove(storageKey)
      }
    })

    it('refuses a second live container on the same key', async () => {
      const storageKey = `sdk-test-${persistence}-${crypto.randomUUID()}`
      const first = await createBunContainer({ workerUrl, persistence, storageKey })
      await expect(createBunContainer({ workerUrl, persistence, storageKey })).rejects.toThrow(
        `createBunContainer(): storageKey "${storageKey}" is in use by another container of this page`,
      )
      await first.destroy()
      // Released by destroy: the key can be opened again.
      const again = await createBunContainer({ workerUrl, persistence, storageKey })
      await again.destroy()
      await remove(storageKey)
    })
  })
}
