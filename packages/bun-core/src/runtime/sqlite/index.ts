/**
 * `bun:sqlite` for one process: `createSqliteModule(ctx)` returns the module
 * object (`Database` — also the default export —, `Statement`, `constants`,
 * `SQLiteError`), as Bun documents it (https://bun.sh/docs/api/sqlite).
 *
 * The engine is SQLite 3.54 compiled to WebAssembly (`@sqlite.org/sqlite-wasm`),
 * loaded by `loadSqlite()` of `@aspect-build/bun-wasm/sqlite`: the host must
 * await it before a script uses the module (the loader's `prepareBuiltin`;
 * creating the module object needs no engine); after that every call is synchronous, as in Bun. Database files live in
 * the process's filesystem (`ctx.host.fs`, relative to `ctx.cwd()`); see
 * `vfs.ts` for how they are read and written and what processes share.
 *
 * Differences from Bun that cannot be helped (the engine is another build
 * of the same SQLite 3.54.1):
 * - `loadExtension` throws (WebAssembly cannot load native libraries);
 *   `Database.setCustomSQLite` returns false, as Bun does on Linux;
 * - sqlite-wasm's compile options: no FTS3/FTS4 (FTS5 is there), no GEOPOLY,
 *   no RBU, no `UPDATE`/`DELETE ... LIMIT`, at most 32766 parameters per
 *   statement (Bun: 250000), no UTF-16 (`PRAGMA encoding` returns no row);
 * - `file:` URIs are interpreted in `ATTACH` (not in `new Database()`);
 * - processes do not lock each other out of a database file (see `vfs.ts`).
 */
import type { NodeContext } from '../node/context.js'
import { sqliteConstants } from './constants.js'
import { type DatabaseConstructor, defineSqliteClasses, type StatementConstructor } from './database.js'
import { SQLiteError } from './errors.js'

export type {
  DatabaseConstructor,
  DatabaseOptions,
  SqliteDatabase,
  SqliteStatement,
  StatementConstructor,
} from './database.js'
export { SQLiteError } from './errors.js'

/** The exports of `bun:sqlite`. */
export interface SqliteModule {
  Database: DatabaseConstructor
  Statement: StatementConstructor
  SQLiteError: typeof SQLiteError
  constants: Record<string, number>
  default: DatabaseConstructor
}

/** Creates `bun:sqlite` for the process of `ctx`. SQLite must be loaded (`loadSqlite()`). */
export function createSqliteModule(ctx: NodeContext): SqliteModule {
  const { Database, Statement } = defineSqliteClasses({
    fs: ctx.host.fs,
    cwd: () => ctx.cwd(),
    reportUncaught: (error) =>
      ctx.nextTick(() => {
        throw error
      }),
  })
  return { Database, SQLiteError, Statement, constants: sqliteConstants(), default: Database }
}
