/**
 * bun:sqlite over the container's filesystem: database files are ordinary
 * VFS files that other readers, other connections and other processes see
 * once a transaction commits; a crash at any point of a commit leaves a
 * database that opens with either the old or the new content (SQLite's
 * rollback journal, written through the VFS). Also what only this runtime
 * has: hook errors reported as uncaught, extension loading refused, the
 * SQLite VFS registered only while a connection needs it.
 */

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { loadSqlite, sqliteEngine } from '@aspect-build/bun-wasm/sqlite'
import { createVfs, type Vfs } from '@aspect-build/virtual-fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SyncFs } from '../src/runtime/host.js'
import type { NodeContext } from '../src/runtime/node/context.js'
import { createSqliteModule, type SqliteModule } from '../src/runtime/sqlite/index.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext, createTestHost } from './support/test-host.js'

beforeAll(async () => {
  await loadSqlite()
})

/** A process over `vfs` (a fresh one by default), working in /app. */
function processOn(vfs: Vfs = createVfs()): { sqlite: SqliteModule; vfs: Vfs; ctx: NodeContext } {
  const host = createTestHost({ vfs, cwd: '/app' })
  const ctx = createTestContext(host)
  return { sqlite: createSqliteModule(ctx), vfs, ctx }
}

describe('files in the VFS', () => {
  it('a committed database is in the VFS, byte for byte what SQLite serializes', () => {
    const { sqlite, vfs } = processOn()
    const db = new sqlite.Database('data.db')
    db.run('create table t (id integer primary key, v text)')
    db.run("insert into t (v) values ('one'), ('two')")
    const onDisk = vfs.readFile('/app/data.db')
    expect(onDisk.length).toBe(8192)
    expect(new TextDecoder().decode(onDisk.subarray(0, 15))).toBe('SQLite format 3')
    expect(Buffer.from(onDisk).equals(db.serialize())).toBe(true)
    expect(vfs.readdir('/app')).toEqual(['data.db'])
  })

  it('an open transaction stays out of the file until it commits', () => {
    const { sqlite, vfs } = processOn()
    const db = new sqlite.Database('tx.db')
    db.run('create table t (v)')
    const before = vfs.readFile('/app/tx.db')
    db.run('begin')
    db.run("insert into t values ('pending')")
    // Small transactions live in SQLite's page cache until COMMIT.
    expect(Buffer.from(vfs.readFile('/app/tx.db')).equals(Buffer.from(before))).toBe(true)
    db.run('commit')
    const reader = new sqlite.Database(Buffer.from(vfs.readFile('/app/tx.db')))
    expect(reader.query('select v from t').values()).toEqual([['pending']])
  })

  it('a second Database and a second process see each commit', () => {
    const first = processOn()
    const second = processOn(first.vfs)
    const a = new first.sqlite.Database('shared.db')
    a.run('create table t (v)')
    a.run('insert into t values (1)')
    const sameProcess = new first.sqlite.Database('shared.db')
    const otherProcess = new second.sqlite.Database('/app/shared.db')
    expect(sameProcess.query('select v from t').values()).toEqual([[1]])
    expect(otherProcess.query('select v from t').values()).toEqual([[1]])
    otherProcess.run('insert into t values (2)')
    // The first process's open connection notices the change (SQLite checks the file's change counter).
    expect(a.query('select v from t').values()).toEqual([[1], [2]])
    expect(sameProcess.query('select count(*) n from t').get()).toEqual({ n: 2 })
  })

  it('relative paths follow the working directory, absolute ones do not', () => {
    const host = createTestHost({ cwd: '/app' })
    host.vfs.mkdir('/data', { recursive: true })
    const ctx = createTestContext(host) as unknown as NodeContext & { chdir(dir: string): void }
    const { Database } = createSqliteModule(ctx)
    ctx.chdir('/data')
    new Database('rel.db').run('create table t (a)')
    new Database('/app/abs.db').run('create table t (a)')
    expect(host.vfs.readdir('/data')).toEqual(['rel.db'])
    expect(host.vfs.readdir('/app')).toEqual(['abs.db'])
  })

  it('WAL mode keeps commits in the -wal file until a checkpoint, then folds them in at close', () => {
    const { sqlite, vfs } = processOn()
    const db = new sqlite.Database('wal.db')
    expect(db.query('pragma journal_mode = wal').get()).toEqual({ journal_mode: 'wal' })
    db.run('create table t (v)')
    db.run('insert into t values (42)')
    expect(vfs.readdir('/app')).toEqual(['wal.db', 'wal.db-shm', 'wal.db-wal'])
    expect(vfs.stat('/app/wal.db-wal').size).toBeGreaterThan(0)
    // Another process reads the committed rows from the WAL file.
    const other = processOn(vfs)
    expect(new other.sqlite.Database('wal.db').query('select v from t').values()).toEqual([[42]])
    db.close()
    expect(vfs.readdir('/app')).toEqual(['wal.db'])
    const image = new sqlite.Database(Buffer.from(vfs.readFile('/app/wal.db')), { readonly: true })
    // The image of a WAL database says "WAL" in its header; read it as a rollback-journal one.
    expect(image.serialize()[18]).toBe(2)
  })
})

/**
 * A filesystem that records a snapshot of `/app` before every write to the
 * database file, as if the process died right then.
 */
function crashRecorder(vfs: Vfs, file: string): { fs: SyncFs; snapshots: Uint8Array[] } {
  const snapshots: Uint8Array[] = []
  const descriptors = new Set<number>()
  const base = createTestHost({ vfs, cwd: '/app' }).fs
  const fs = new Proxy(base, {
    get(target, key) {
      const value = Reflect.get(target, key, target)
      if (key === 'open') {
        return (path: string, ...rest: unknown[]) => {
          const fd = (value as (...args: unknown[]) => number)(path, ...rest)
          if (path === file) descriptors.add(fd)
          return fd
        }
      }
      if (key === 'write' || key === 'ftruncate') {
        return (fd: number, ...rest: unknown[]) => {
          if (descriptors.has(fd)) snapshots.push(vfs.exportSnapshot('/app'))
          return (value as (...args: unknown[]) => unknown)(fd, ...rest)
        }
      }
      return value
    },
  })
  return { fs, snapshots }
}

describe('crash safety', () => {
  it('a process dying at any write of a commit leaves the old or the new database, never a torn one', () => {
    const vfs = createVfs()
    vfs.mkdir('/app', { recursive: true })
    const recorder = crashRecorder(vfs, '/app/crash.db')
    const host = { ...createTestHost({ vfs, cwd: '/app' }), fs: recorder.fs }
    const { Database } = createSqliteModule(createTestContext(host))
    const db = new Database('crash.db')
    db.run('create table t (id integer primary key, v text)')
    db.transaction(() => {
      for (let i = 0; i < 300; i++) db.run('insert into t (v) values (?)', `old ${i} ${'x'.repeat(40)}`)
    })()
    recorder.snapshots.length = 0
    // One commit that rewrites many pages of the database file.
    db.run("update t set v = 'new ' || id || ' ' || substr(v, 5)")
    db.run('insert into t (v) values (?)', 'added')
    const snapshots = recorder.snapshots.splice(0)
    expect(snapshots.length).toBeGreaterThan(5)
    const seen = new Set<string>()
    let hotJournals = 0
    for (const snapshot of snapshots) {
      const copy = createVfs()
      copy.importSnapshot('/app', snapshot)
      if (copy.exists('/app/crash.db-journal') && copy.stat('/app/crash.db-journal').size > 0) hotJournals++
      const { sqlite } = processOn(copy)
      const reopened = new sqlite.Database('crash.db')
      expect(reopened.query('pragma integrity_check').get()).toEqual({ integrity_check: 'ok' })
      const state = reopened.query("select count(*) n, sum(v like 'new %') updated from t").get() as {
        n: number
        updated: number
      }
      // Either before the update, after it, or after the insert that followed: never in between.
      expect([
        [300, 0],
        [300, 300],
        [301, 300],
      ]).toContainEqual([state.n, state.updated])
      seen.add(`${state.n}/${state.updated}`)
    }
    // The recorder caught the database mid-commit (a hot journal brought the old state back) and after it.
    expect(hotJournals).toBe(snapshots.length)
    expect(seen).toEqual(new Set(['300/0', '300/300']))
    // The real Bun recovers the same torn file + hot journal (taken mid-commit) to the same old state.
    const torn = createVfs()
    torn.importSnapshot('/app', snapshots[Math.floor(snapshots.length / 4)] as Uint8Array)
    expect(torn.exists('/app/crash.db-journal')).toBe(true)
    const untouched = createVfs()
    untouched.importSnapshot('/app', snapshots[0] as Uint8Array)
    // Torn indeed: some pages of the database file already have the new content.
    expect(Buffer.from(torn.readFile('/app/crash.db')).equals(Buffer.from(untouched.readFile('/app/crash.db')))).toBe(
      false,
    )
    const script = `import { Database } from 'bun:sqlite'
const db = new Database('crash.db')
console.log(JSON.stringify([db.query('pragma integrity_check').get(), db.query("select count(*) n, sum(v like 'new %') updated from t").get()]))`
    const bun = runRealBunScript(script, {
      files: { 'crash.db': torn.readFile('/app/crash.db'), 'crash.db-journal': torn.readFile('/app/crash.db-journal') },
    })
    expect(JSON.parse(bun.stdout)).toEqual([{ integrity_check: 'ok' }, { n: 300, updated: 0 }])
    // Opening rolled the journal back and removed it; the live database is the new one.
    expect(db.query("select count(*) n, sum(v like 'new %') updated from t").get()).toEqual({ n: 301, updated: 300 })
  })
})

describe('what only this runtime does', () => {
  it('an update hook that throws is reported as uncaught, after the statement ran', () => {
    const ticks: (() => void)[] = []
    const ctx = {
      ...createTestContext(createTestHost()),
      nextTick: (callback: () => void) => void ticks.push(callback),
    }
    const { Database } = createSqliteModule(ctx)
    const db = new Database()
    db.run('create table h (a)')
    db.onInsert = () => {
      throw new Error('hook failed')
    }
    expect(db.run('insert into h values (1)')).toEqual({ changes: 1, lastInsertRowid: 1 })
    expect(ticks).toHaveLength(1)
    expect(() => ticks[0]?.()).toThrow('hook failed')
  })

  it('loadExtension says why it cannot work', () => {
    const { sqlite } = processOn()
    const db = new sqlite.Database()
    expect(() => db.loadExtension('./vec0')).toThrow(
      './vec0: cannot load SQLite extensions here (bun:sqlite runs SQLite compiled to WebAssembly, which cannot load native libraries)',
    )
  })

  it('registers its SQLite VFS while connections need it, and unregisters it after the last one closes', () => {
    const { sqlite } = processOn()
    const { capi } = sqliteEngine()
    const registered = () => {
      const names: string[] = []
      for (let i = 1; i < 200; i++) if (capi.sqlite3_vfs_find(`vitamin-bun-${i}`)) names.push(`vitamin-bun-${i}`)
      return names
    }
    const before = registered()
    const a = new sqlite.Database('a.db')
    const b = new sqlite.Database()
    const statement = a.prepare('select 1')
    const mine = registered().filter((name) => !before.includes(name))
    expect(mine).toHaveLength(1)
    a.close()
    b.close()
    // A statement from prepare() keeps a closed connection alive (sqlite3_close_v2), and with it the VFS.
    expect(registered()).toContain(mine[0])
    statement.finalize()
    expect(registered()).not.toContain(mine[0])
  })
})

describe('garbage collection', () => {
  it('closes a database and finalizes statements nobody can reach', async () => {
    // Node's collector, without starting the test process with --expose-gc.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const { sqlite, vfs } = processOn()
    ;(() => {
      const db = new sqlite.Database('gc.db')
      db.run('pragma journal_mode = wal')
      db.run('create table t (a)')
      db.prepare('insert into t values (1)').run()
    })()
    expect(vfs.readdir('/app')).toEqual(['gc.db', 'gc.db-shm', 'gc.db-wal'])
    for (let i = 0; i < 20 && vfs.readdir('/app').length > 1; i++) {
      gc()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    // Closing checkpointed the WAL into the database and removed it.
    expect(vfs.readdir('/app')).toEqual(['gc.db'])
  })
})
