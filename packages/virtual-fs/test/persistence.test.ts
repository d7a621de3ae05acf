/**
 * The persistent backends end to end, in real Chromium with a profile on
 * disk: data survives a page reload; a renderer killed in the middle of a
 * large write leaves every file entirely old or entirely new; running out of
 * space surfaces as ENOSPC from `sync()`, loses nothing stored before, and
 * the refused changes are written by a later `sync()` once there is room.
 *
 * Space runs out for real: those tests give Chromium a profile on a small
 * tmpfs of its own and fill it with a ballast file (DevTools
 * `Storage.overrideQuotaForOrigin` has no effect in Debian's Chromium). They
 * need a private mount namespace (root, or unprivileged user namespaces);
 * without one they are skipped with the reason, and fail when `CI` is set.
 *
 * Runs for IndexedDB, OPFS in a window (writable streams) and OPFS in a
 * dedicated worker (sync access handles).
 */
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type BundleServer,
  type ChromiumProfile,
  crashRenderer,
  launchChromium,
  launchChromiumOnSmallDisk,
  openPage,
  type SmallDiskChromium,
  serveBundle,
  smallDiskUnsupported,
} from '../../../test/support/browser.js'
import type { BackendKind, FileSpec, Found, Ops } from './support/persistence-ops.js'

type Where = 'window' | 'worker'

interface Target {
  title: string
  kind: BackendKind
  where: Where
  /** The OPFS I/O mode the backend must report, null for IndexedDB. */
  mode: string | null
}

const TARGETS: Target[] = [
  { title: 'IndexedDB', kind: 'indexeddb', where: 'window', mode: null },
  { title: 'OPFS in a window (writable streams)', kind: 'opfs', where: 'window', mode: 'writable' },
  {
    title: 'OPFS in a dedicated worker (sync access handles)',
    kind: 'opfs',
    where: 'worker',
    mode: 'sync-access-handle',
  },
]

const MiB = 1 << 20

/**
 * What the full-disk tests write: one large file (IndexedDB keeps it in a
 * file of its own) or many small ones (IndexedDB keeps them in its database).
 */
const SHAPES: Array<{ title: string; files(version: number): Record<string, FileSpec> }> = [
  { title: 'one large file', files: (version) => ({ big: { size: 8 * MiB, version } }) },
  {
    title: 'many small files',
    files: (version) =>
      Object.fromEntries(
        Array.from({ length: 512 }, (_, i) => [`s${i}`, { size: 16 * 1024, version: version * 1000 + i }]),
      ),
  },
]

/** `inspect`'s argument: each file's only candidate version. */
function exactly(files: Record<string, FileSpec>): Record<string, FileSpec[]> {
  return Object.fromEntries(Object.entries(files).map(([name, spec]) => [name, [spec]]))
}

/** `inspect`'s answer when every file holds its version. */
function versionsOf(files: Record<string, FileSpec>): Record<string, Found> {
  return Object.fromEntries(Object.entries(files).map(([name, spec]) => [name, spec.version]))
}

/** Size of the disk the full-disk tests give Chromium's profile (the ballast, not the size, makes it full). */
const DISK = 64 * MiB
/** What those tests leave free on it before a write that cannot fit. */
const LEFT_FREE = 1 * MiB

let server: BundleServer
let browser: ChromiumProfile
/** Why this machine cannot give Chromium a small disk (null: it can). */
let smallUnsupported: string | null = null
/** The running full-disk test's Chromium. */
let small: SmallDiskChromium | null = null
let keys = 0

beforeAll(async () => {
  const source = (name: string) => fileURLToPath(new URL(`./support/${name}.ts`, import.meta.url))
  const launched = await Promise.allSettled([
    serveBundle({
      entryPoints: { page: source('persistence-page'), 'persistence-worker': source('persistence-worker') },
    }),
    launchChromium(),
    smallDiskUnsupported(),
  ])
  // Keep what started, so that afterAll closes it even when another part failed.
  const [s, b, u] = launched
  if (s.status === 'fulfilled') server = s.value
  if (b.status === 'fulfilled') browser = b.value
  if (u.status === 'fulfilled') smallUnsupported = u.value
  for (const result of launched) if (result.status === 'rejected') throw result.reason
}, 60_000)

// Also after a failure or a timeout: closing the small-disk Chromium ends its mount namespace, and so its disk.
afterEach(async () => {
  const closing = small
  small = null
  await closing?.close()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/**
 * A fresh Chromium whose profile is on a disk of its own, for one full-disk
 * test; when this machine cannot mount one, skips the test saying why (fails
 * in CI, which must run it). Each test gets a new one: the space deleted
 * IndexedDB databases still hold counts against the origin's quota (a share
 * of the disk's size) until Chromium compacts them, so tests sharing a disk
 * would starve each other.
 */
async function smallDisk(ctx: { skip(note?: string): never }): Promise<SmallDiskChromium> {
  if (smallUnsupported !== null) {
    const why = `needs a small disk for Chromium's profile: ${smallUnsupported}`
    if (process.env.CI) throw new Error(`${why} (CI must run this test)`)
    ctx.skip(why)
  }
  small = await launchChromiumOnSmallDisk(DISK)
  return small
}

/** Calls one persistence operation in the page's window or its worker. */
function call<K extends keyof Ops>(
  page: Page,
  where: Where,
  op: K,
  ...args: Parameters<Ops[K]>
): Promise<Awaited<ReturnType<Ops[K]>>> {
  return page.evaluate(
    ([w, o, a]) => {
      const ops = (window as unknown as { persistence: Record<string, Record<string, (...x: unknown[]) => unknown>> })
        .persistence
      return (ops[w] as Record<string, (...x: unknown[]) => unknown>)[o]?.(...a)
    },
    [where, op, args] as const,
  ) as Promise<Awaited<ReturnType<Ops[K]>>>
}

async function freshPage(on: ChromiumProfile = browser): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(on.context, server.url)
  await opened.page.waitForFunction(() => 'persistence' in window)
  return opened
}

/** Opens the target's backend in a fresh page and checks the mode it reports. */
async function openStore(
  target: Target,
  key: string,
  on: ChromiumProfile = browser,
): Promise<{ page: Page; errors: string[]; discarded: number }> {
  const { page, errors } = await freshPage(on)
  const opened = await call(page, target.where, 'open', target.kind, key)
  expect(opened.mode).toBe(target.mode)
  return { page, errors, discarded: opened.discarded }
}

describe.each(TARGETS)('$title', (target) => {
  it('keeps synced files across a page reload', async () => {
    const key = `reload-${keys++}`
    const { page, errors } = await openStore(target, key)
    const files = { a: { size: 1000, version: 1 }, 'b.bin': { size: 3 * MiB + 7, version: 2 } }
    await call(page, target.where, 'write', files)
    expect(await call(page, target.where, 'sync')).toBeNull()

    await page.reload()
    await page.waitForFunction(() => 'persistence' in window)
    const opened = await call(page, target.where, 'open', target.kind, key)
    expect(opened.records).toBe(3)
    expect(await call(page, target.where, 'list')).toEqual(['a', 'b.bin'])
    expect(await call(page, target.where, 'inspect', { a: [files.a], 'b.bin': [files['b.bin']] })).toEqual({
      a: 1,
      'b.bin': 2,
    })
    await call(page, target.where, 'close')
    await call(page, target.where, 'remove', target.kind, key)
    await page.close()
    expect(errors).toEqual([])
  }, 120_000)

  it('leaves every file entirely old or entirely new when the renderer dies in the middle of a large write', async () => {
    const key = `crash-${keys++}`
    // Sizes differ per version, so a file that mixed two versions matches neither.
    const spec = (version: number): Record<string, FileSpec> => ({
      big: { size: (20 + 5 * (version % 4)) * MiB + version, version },
      small: { size: 1000 + version, version },
    })
    let { page } = await openStore(target, key)
    await call(page, target.where, 'write', spec(1))
    expect(await call(page, target.where, 'sync')).toBeNull()

    let stored = 1
    const outcomes: string[] = []
    // Kill the renderer at several moments after the write-back starts: before, during and after the write.
    for (const delayMs of [0, 20, 60, 150, 400]) {
      const next = stored + 1
      await call(page, target.where, 'write', spec(next))
      await call(page, target.where, 'startSync')
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs))
      await crashRenderer(page)

      const reopened = await openStore(target, key)
      page = reopened.page
      const candidates = (name: string) => [spec(stored)[name] as FileSpec, spec(next)[name] as FileSpec]
      const found = await call(page, target.where, 'inspect', { big: candidates('big'), small: candidates('small') })
      // Both files were in one batch: both old, or both new.
      expect([
        { big: stored, small: stored },
        { big: next, small: next },
      ]).toContainEqual(found as Record<string, Found>)
      outcomes.push(`${delayMs} ms: ${found.big === next ? 'new' : 'old'}, ${reopened.discarded} torn bytes ignored`)
      stored = found.big as number
    }
    // Which moments the kill hit depends on the machine's speed; every outcome above is a valid one.
    console.info(`${target.title}: ${outcomes.join('; ')}`)
    await call(page, target.where, 'close')
    await call(page, target.where, 'remove', target.kind, key)
    await page.close()
  }, 240_000)

  describe.each(SHAPES)('writing $title', (shape) => {
    it('reports a full disk as ENOSPC from sync() and loses nothing stored before', async (ctx) => {
      const disk = await smallDisk(ctx)
      const key = `full-${keys++}`
      const kept = { size: 2000, version: 1 }
      const { page, errors } = await openStore(target, key, disk)
      await call(page, target.where, 'write', { kept })
      expect(await call(page, target.where, 'sync')).toBeNull()

      const files = shape.files(2)
      await disk.fill(LEFT_FREE)
      try {
        await call(page, target.where, 'write', { ...files, kept: { size: 3000, version: 3 } })
        const error = await call(page, target.where, 'sync')
        expect(error).toMatchObject({ code: 'ENOSPC', syscall: 'sync' })
        expect(error?.message).toContain('QuotaExceededError')
        // The VFS keeps the unsaved changes; a second sync fails the same way.
        expect(await call(page, target.where, 'inspect', exactly(files))).toEqual(versionsOf(files))
        expect(await call(page, target.where, 'sync')).toMatchObject({ code: 'ENOSPC', syscall: 'sync' })
        await call(page, target.where, 'close')
      } finally {
        await disk.drain()
      }
      // The storage still holds exactly what was stored before the disk filled up.
      await page.reload()
      await page.waitForFunction(() => 'persistence' in window)
      await call(page, target.where, 'open', target.kind, key)
      expect(await call(page, target.where, 'list')).toEqual(['kept'])
      expect(await call(page, target.where, 'inspect', { kept: [kept] })).toEqual({ kept: 1 })
      await call(page, target.where, 'close')
      await call(page, target.where, 'remove', target.kind, key)
      await page.close()
      expect(errors).toEqual([])
    }, 60_000)

    it('retries changes a full disk refused once there is room again', async (ctx) => {
      const disk = await smallDisk(ctx)
      const key = `retry-${keys++}`
      const kept = { size: 100, version: 1 }
      const { page, errors } = await openStore(target, key, disk)
      await call(page, target.where, 'write', { kept })
      expect(await call(page, target.where, 'sync')).toBeNull()
      const files = shape.files(2)
      await disk.fill(LEFT_FREE)
      try {
        await call(page, target.where, 'write', files)
        expect(await call(page, target.where, 'sync')).toMatchObject({ code: 'ENOSPC', syscall: 'sync' })
      } finally {
        await disk.drain()
      }
      expect(await call(page, target.where, 'sync')).toBeNull()
      await call(page, target.where, 'close')
      await page.reload()
      await page.waitForFunction(() => 'persistence' in window)
      await call(page, target.where, 'open', target.kind, key)
      expect(await call(page, target.where, 'inspect', { ...exactly(files), kept: [kept] })).toEqual({
        ...versionsOf(files),
        kept: 1,
      })
      await call(page, target.where, 'close')
      await call(page, target.where, 'remove', target.kind, key)
      await page.close()
      expect(errors).toEqual([])
    }, 60_000)
  })
})

describe('IndexedDB after the browser closed the connection for a full disk', () => {
  it('does not recreate a database deleted while it had no connection', async (ctx) => {
    const disk = await smallDisk(ctx)
    const key = `lost-${keys++}`
    const { page, errors } = await openStore(TARGETS[0] as Target, key, disk)
    await call(page, 'window', 'write', { kept: { size: 100, version: 1 } })
    expect(await call(page, 'window', 'sync')).toBeNull()
    await disk.fill(LEFT_FREE)
    try {
      // Small values go to the database itself, whose write error makes Chromium close the connection.
      await call(page, 'window', 'write', (SHAPES[1] as (typeof SHAPES)[number]).files(2))
      expect(await call(page, 'window', 'sync')).toMatchObject({ code: 'ENOSPC', syscall: 'sync' })
    } finally {
      await disk.drain()
    }
    // Another context deletes the database while this store has no connection to be told through.
    await call(page, 'worker', 'remove', 'indexeddb', key)
    const error = await call(page, 'window', 'sync')
    expect(error).toMatchObject({ code: 'EIO', syscall: 'sync' })
    expect(error?.message).toContain(`database "${key}" was deleted`)
    const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
    expect(names).not.toContain(key)
    await call(page, 'window', 'close')
    await page.close()
    expect(errors).toEqual([])
  }, 60_000)
})
