/**
 * The SQLite loader in real Chromium: the browser build of sqlite-wasm,
 * fetched from a configured URL (a host serves `sqlite3.wasm` next to its
 * worker script; the test server serves it from node_modules), with the
 * library's OPFS VFSes kept off.
 */
import { configureSqlite, isSqliteLoaded, loadSqlite, sqliteEngine } from '@aspect-build/bun-wasm/sqlite'
import { describe, expect, it } from 'vitest'

describe('SQLite loader in a browser', () => {
  it('fetches, compiles and starts the engine from wasmURL', async () => {
    configureSqlite({ wasmURL: new URL('/node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm', location.href) })
    await loadSqlite()
    expect(isSqliteLoaded()).toBe(true)
    const sqlite3 = sqliteEngine()
    const db = new sqlite3.oo1.DB(':memory:')
    expect(db.selectValue("select group_concat(value, '+') from json_each('[1,2,3]')")).toBe('1+2+3')
    db.close()
    for (const name of ['opfs', 'opfs-sahpool', 'opfs-wl']) expect(sqlite3.capi.sqlite3_vfs_find(name)).toBeFalsy()
    const global = globalThis as Record<string, unknown>
    expect(global.sqlite3InitModule).toBeUndefined()
  })
})
