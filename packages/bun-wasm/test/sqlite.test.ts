/** The SQLite loader: lazy, once per worker, configurable, then synchronous. */
import {
  compiledSqliteModule,
  configureSqlite,
  isSqliteLoaded,
  loadSqlite,
  sqliteEngine,
} from '@aspect-build/bun-wasm/sqlite'
import { describe, expect, it } from 'vitest'

describe('SQLite loader', () => {
  it('is not loaded until asked, and says how to load it', () => {
    expect(isSqliteLoaded()).toBe(false)
    expect(() => sqliteEngine()).toThrow('SQLite is not loaded in this worker (await loadSqlite() first)')
  })

  it('rejects unknown options, naming the key', () => {
    expect(() => configureSqlite({ wasmUrl: 'x' } as never)).toThrow('Invalid option in configureSqlite(): "wasmUrl"')
  })

  it('loads once, from the package in Node, and the engine runs SQL synchronously', async () => {
    const first = loadSqlite()
    expect(loadSqlite()).toBe(first)
    await first
    expect(isSqliteLoaded()).toBe(true)
    const sqlite3 = sqliteEngine()
    expect(sqlite3.version.libVersion).toBe('3.54.1')
    const db = new sqlite3.oo1.DB(':memory:')
    expect(db.selectValue('select 6 * 7')).toBe(42)
    db.close()
  })

  it('keeps the compiled module for other workers, and refuses late configuration', async () => {
    const module = await compiledSqliteModule()
    expect(module).toBeInstanceOf(WebAssembly.Module)
    expect(await compiledSqliteModule()).toBe(module)
    expect(() => configureSqlite({ wasmModule: module })).toThrow('SQLite is already loading in this worker')
  })

  it('leaves no loader globals behind', () => {
    const global = globalThis as Record<string, unknown>
    expect(global.sqlite3InitModule).toBeUndefined()
    expect(global.sqlite3InitModuleState).toBeUndefined()
    expect(global.sqlite3ApiConfig).toBeUndefined()
  })
})
