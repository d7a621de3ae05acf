/**
 * bun:sqlite in real Chromium (the browser build of sqlite-wasm, fetched from
 * a URL, as in a process worker): a file database in the VFS, WAL, a
 * user-defined function, errors — nothing of Node is needed.
 */
import { configureSqlite, loadSqlite } from '@aspect-build/bun-wasm/sqlite'
import { describe, expect, it } from 'vitest'
import { createSqliteModule } from '../src/runtime/sqlite/index.js'
import { createTestContext, createTestHost } from './support/test-host.js'

describe('bun:sqlite in a browser', () => {
  it('opens, writes and reads databases in the VFS', async () => {
    configureSqlite({ wasmURL: new URL('/node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm', location.href) })
    await loadSqlite()
    const host = createTestHost({ cwd: '/app' })
    const { Database, SQLiteError } = createSqliteModule(createTestContext(host))
    const db = new Database('app.db')
    db.run('create table users (id integer primary key, name text unique, avatar blob)')
    const insert = db.prepare('insert into users (name, avatar) values ($name, $avatar)')
    db.transaction(() => {
      for (const name of ['ada', 'grace', 'linus']) insert.run({ $name: name, $avatar: new Uint8Array([name.length]) })
    })()
    db.function('shout', (s: unknown) => String(s).toUpperCase())
    expect(db.query('select shout(name) n, avatar from users order by id').all()).toEqual([
      { n: 'ADA', avatar: new Uint8Array([3]) },
      { n: 'GRACE', avatar: new Uint8Array([5]) },
      { n: 'LINUS', avatar: new Uint8Array([5]) },
    ])
    const error = (() => {
      try {
        insert.run({ $name: 'ada', $avatar: null })
      } catch (e) {
        return e
      }
    })() as { code: string; errno: number; message: string }
    expect(error).toBeInstanceOf(SQLiteError)
    expect(error).toMatchObject({
      code: 'SQLITE_CONSTRAINT_UNIQUE',
      errno: 2067,
      message: 'UNIQUE constraint failed: users.name',
    })
    expect(db.query('pragma journal_mode = wal').get()).toEqual({ journal_mode: 'wal' })
    db.run("insert into users (name) values ('margaret')")
    expect(host.vfs.readdir('/app')).toEqual(['app.db', 'app.db-shm', 'app.db-wal'])
    insert.finalize() // a live statement would keep the connection (and its WAL) open, as sqlite3_close_v2 does
    db.close()
    expect(host.vfs.readdir('/app')).toEqual(['app.db'])
    const reopened = new Database('app.db', { readonly: true })
    expect(reopened.query('select count(*) n from users').get()).toEqual({ n: 4 })
  })
})
