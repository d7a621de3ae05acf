/**
 * One SQLite connection and its prepared statements, below the public
 * `Database`/`Statement` classes: opening (on the process's VFS), running
 * statements, binding, reading rows, errors, closing. Everything is
 * synchronous; no method may be entered again while a query runs a
 * JavaScript function or hook (`busy`).
 */
import type { SyncFs } from '../host.js'
import { type Engine, engine, SQLITE_DONE, SQLITE_ERROR, SQLITE_OK, SQLITE_ROW } from './engine.js'
import {
  bindingTypeError,
  busyError,
  closedError,
  closedPrepareError,
  finalizedError,
  type SQLiteError,
  sqliteError,
} from './errors.js'
import { bindValue, columnTypeName, isBindable, readColumn, readRawColumn } from './values.js'
import { acquireVfs, releaseVfs } from './vfs.js'

/** What a connection needs from its process. */
export interface SqliteHost {
  readonly fs: SyncFs
  cwd(): string
  /** Reports an error thrown by an update hook as uncaught (it cannot propagate through SQLite). */
  reportUncaught(error: unknown): void
}

/** Per-connection behaviour flags (Bun's `strict` and `safeIntegers` options). */
export interface ConnectionFlags {
  strict: boolean
  safeIntegers: boolean
}

/** The result of `run()`: rows changed, and the last inserted rowid. */
export interface Changes {
  changes: number
  lastInsertRowid: number | bigint
}

const SQLITE_DESERIALIZE_FREEONCLOSE = 1
const SQLITE_DESERIALIZE_RESIZEABLE = 2
const SQLITE_DBCONFIG_DQS_DML = 1013
const SQLITE_DBCONFIG_DQS_DDL = 1014

/** An open connection (`db` is 0 once SQLite has really closed it). */
export class Connection {
  readonly e: Engine
  readonly host: SqliteHost
  readonly flags: ConnectionFlags
  db: number
  /** `close()` was called (statements from `prepare()` may keep a closed connection alive, as `sqlite3_close_v2` does). */
  closed = false
  /** A query is running a JavaScript function or hook: every other use throws. */
  busy = false
  /** What a JavaScript function threw during the current step, rethrown when the step fails. */
  pending: { error: unknown } | null = null
  readonly statements: Set<RawStatement> = new Set()
  private released = false

  private constructor(e: Engine, host: SqliteHost, db: number, flags: ConnectionFlags) {
    this.e = e
    this.host = host
    this.db = db
    this.flags = flags
  }

  /** Opens `path` (absolute, or `:memory:`) with `sqlite3_open_v2` flags; throws SQLite's error. */
  static open(host: SqliteHost, path: string, openFlags: number, flags: ConnectionFlags): Connection {
    const e = engine()
    const vfs = acquireVfs(host.fs, () => host.cwd())
    const zName = e.allocCString(path)
    const zVfs = e.allocCString(vfs)
    let rc: number
    let db: number
    try {
      e.view().setInt32(e.out, 0, true)
      rc = e.x.sqlite3_open_v2(zName, e.out, openFlags, zVfs)
      db = e.view().getInt32(e.out, true)
    } finally {
      e.x.sqlite3_free(zName)
      e.x.sqlite3_free(zVfs)
    }
    if (rc !== SQLITE_OK) {
      const error = db ? errorOf(e, db, rc) : sqliteError(e.text(e.x.sqlite3_errstr(rc)), rc, e.codeName(rc), -1)
      if (db) e.x.sqlite3_close_v2(db)
      releaseVfs(host.fs)
      throw error
    }
    const conn = new Connection(e, host, db, flags)
    conn.configure()
    return conn
  }

  /** An in-memory connection holding a copy of `bytes` (a database image), as `sqlite3_deserialize`. */
  static deserialize(
    host: SqliteHost,
    bytes: Uint8Array,
    deserializeFlags: number,
    flags: ConnectionFlags,
  ): Connection {
    if (bytes.byteLength === 0) throw new Error('ArrayBuffer must not be empty')
    const conn = Connection.open(host, ':memory:', 0x2 | 0x4, flags)
    const e = conn.e
    const data = e.allocBytes(bytes)
    const zMain = e.allocCString('main')
    let rc: number
    try {
      const size = BigInt(bytes.byteLength)
      rc = e.x.sqlite3_deserialize(
        conn.db,
        zMain,
        data,
        size,
        size,
        deserializeFlags | SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE,
      )
    } finally {
      e.x.sqlite3_free(zMain)
    }
    if (rc !== SQLITE_OK) {
      const error = conn.error(rc)
      conn.close(true)
      throw error
    }
    return conn
  }

  /** Bun's connection defaults: extended result codes, double-quoted string literals, 4 KiB pages, a 2 MB cache. */
  private configure(): void {
    const x = this.e.x
    x.sqlite3_extended_result_codes(this.db, 1)
    x.sqlite3__wasm_db_config_ip(this.db, SQLITE_DBCONFIG_DQS_DML, 1, 0)
    x.sqlite3__wasm_db_config_ip(this.db, SQLITE_DBCONFIG_DQS_DDL, 1, 0)
    // These may fail on a file that is not a database (or is locked): SQLite then reports that at the first query, as in Bun.
    for (const pragma of ['PRAGMA page_size = 4096', 'PRAGMA cache_size = -2000']) {
      try {
        this.execInternal(pragma)
      } catch {}
    }
  }

  /** Runs a statement without results, for the connection's own use. */
  private execInternal(sql: string): void {
    const stmt = this.prepareRaw(sql, 0).stmt
    if (stmt === 0) return
    try {
      const rc = this.step(stmt)
      if (rc !== SQLITE_DONE && rc !== SQLITE_ROW) throw this.error(rc)
    } finally {
      this.e.x.sqlite3_finalize(stmt)
    }
  }

  /** The error SQLite holds for this connection (a JavaScript exception a function threw wins). */
  error(rc?: number): unknown {
    const pending = this.pending
    if (pending) {
      this.pending = null
      return pending.error
    }
    return errorOf(this.e, this.db, rc)
  }

  /** Throws unless the connection can be used now (Bun's checks for `run`). */
  checkOpen(): void {
    if (this.closed) throw closedError()
    if (this.busy) throw busyError()
  }

  /** `sqlite3_step`, marking the connection busy while SQLite may call into JavaScript. */
  step(stmt: number): number {
    this.busy = true
    try {
      return this.e.x.sqlite3_step(stmt)
    } finally {
      this.busy = false
    }
  }

  /**
   * Prepares the first statement of the `n` bytes of UTF-8 SQL at `zSql`.
   * Returns the statement (0 for text without one) and a pointer to the
   * rest; throws SQLite's error.
   */
  prepareAt(zSql: number, n: number, prepFlags: number): { stmt: number; tail: number } {
    const e = this.e
    const view = e.view()
    view.setInt32(e.out, 0, true)
    view.setInt32(e.out2, 0, true)
    const rc = e.x.sqlite3_prepare_v3(this.db, zSql, n, prepFlags, e.out, e.out2)
    const stmt = e.view().getInt32(e.out, true)
    if (rc !== SQLITE_OK) {
      if (stmt) e.x.sqlite3_finalize(stmt)
      throw this.error(rc)
    }
    const tail = e.view().getInt32(e.out2, true)
    return { stmt, tail: tail === 0 ? zSql + n : tail }
  }

  /** Prepares the first statement of `sql` (0 when it has none). */
  prepareRaw(sql: string, prepFlags: number): { stmt: number } {
    const e = this.e
    const bytes = new TextEncoder().encode(sql)
    const zSql = e.allocBytes(bytes)
    try {
      return { stmt: this.prepareAt(zSql, bytes.length, prepFlags).stmt }
    } finally {
      e.x.sqlite3_free(zSql)
    }
  }

  /** A statement for `prepare()`/`query()` (`owned`: dies with the connection at any `close()`). */
  prepare(sql: unknown, prepFlags: number, owned: boolean): RawStatement {
    if (typeof sql !== 'string') throw new Error('Expected SQL string')
    if (this.closed) throw closedPrepareError()
    if (this.busy) throw busyError()
    const { stmt } = this.prepareRaw(sql, prepFlags)
    if (stmt === 0) throw new RangeError('Invalid SQL statement')
    const raw = new RawStatement(this, stmt, owned)
    this.statements.add(raw)
    return raw
  }

  /**
   * `db.run(sql, ...bindings)`: runs every statement of `sql`, the bindings
   * going to the first. `changes` adds up, statement by statement, the rows
   * each changed (0 for one that changed none, such as DDL).
   */
  run(sql: unknown, args: readonly unknown[]): Changes {
    if (typeof sql !== 'string') throw new Error('Expected SQL string')
    this.checkOpen()
    if (sql.length === 0) throw new Error("SQL string mustn't be blank")
    const e = this.e
    const x = e.x
    const bytes = new TextEncoder().encode(sql)
    const zSql = e.allocBytes(bytes)
    const end = zSql + bytes.length
    let at = zSql
    let first = true
    let changes = 0
    try {
      while (at < end) {
        const { stmt, tail } = this.prepareAt(at, end - at, 0)
        if (stmt === 0) break
        try {
          if (first && args.length > 0) bindArguments(this, stmt, args, this.flags.safeIntegers)
          const before = x.sqlite3_total_changes64(this.db)
          let rc: number
          do rc = this.step(stmt)
          while (rc === SQLITE_ROW)
          if (rc !== SQLITE_DONE) throw this.error(rc)
          if (x.sqlite3_total_changes64(this.db) !== before) changes += Number(x.sqlite3_changes64(this.db))
        } finally {
          x.sqlite3_finalize(stmt)
        }
        first = false
        at = tail
      }
    } finally {
      x.sqlite3_free(zSql)
    }
    if (first) throw new Error('Query contained no valid SQL statement; likely empty query.')
    const rowid = x.sqlite3_last_insert_rowid(this.db)
    return { changes, lastInsertRowid: this.flags.safeIntegers ? rowid : Number(rowid) }
  }

  /** `!sqlite3_get_autocommit`. */
  inTransaction(): boolean {
    this.checkOpen()
    return this.e.x.sqlite3_get_autocommit(this.db) === 0
  }

  /**
   * Closes: statements from `query()` (and, with `all`, every statement)
   * are finalized, then `sqlite3_close_v2`; the connection really closes when
   * its last statement is finalized.
   */
  close(all: boolean): void {
    if (this.closed) return
    if (this.busy) throw busyError()
    const statements = [...this.statements]
    for (const statement of statements) if (all || statement.owned) statement.kill()
    this.closed = true
    this.e.x.sqlite3_close_v2(this.db)
    this.releaseIfDone()
  }

  /** After the last statement of a closed connection is finalized, SQLite has closed it: let go of the VFS. */
  releaseIfDone(): void {
    if (!this.closed || this.released || this.statements.size > 0) return
    this.released = true
    this.db = 0
    releaseVfs(this.host.fs)
  }

  /** `sqlite3_serialize` of schema `name`: a copy of its bytes, or null when SQLite gives none. */
  serialize(name: string): Uint8Array | null {
    const e = this.e
    const zName = e.allocCString(name)
    try {
      e.view().setBigInt64(e.out, 0n, true)
      const p = e.x.sqlite3_serialize(this.db, zName, e.out, 0)
      if (p === 0) return null
      const size = Number(e.view().getBigInt64(e.out, true))
      const copy = e.heap().slice(p, p + size)
      e.x.sqlite3_free(p)
      return copy
    } finally {
      e.x.sqlite3_free(zName)
    }
  }
}

/** A SQLiteError from the connection's current error state. */
function errorOf(e: Engine, db: number, rc?: number): SQLiteError {
  const x = e.x
  const errno = db ? x.sqlite3_extended_errcode(db) : (rc ?? SQLITE_ERROR)
  const message = db ? e.text(x.sqlite3_errmsg(db)) : e.text(x.sqlite3_errstr(errno))
  const offset = db ? x.sqlite3_error_offset(db) : -1
  return sqliteError(message, errno, errno === SQLITE_OK ? undefined : e.codeName(errno), offset)
}

/** A bindings object rather than a single value: a plain object (or a Proxy of one), never an array or a buffer. */
function isBindingsObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value) &&
    Object.prototype.toString.call(value) === '[object Object]'
  )
}

/**
 * Binds the arguments of a statement call, as Bun reads them: an array
 * first argument is the list of values; a plain object is named bindings
 * (`$a`, `:a`, `@a` in SQL; in the object with or without the prefix); any
 * other arguments are the values themselves. Positional values must match
 * the parameter count exactly. A named parameter missing from the object is
 * NULL, or an error in strict mode. The statement must be reset.
 */
export function bindArguments(conn: Connection, stmt: number, args: readonly unknown[], safe: boolean): void {
  const e = conn.e
  const x = e.x
  const count = x.sqlite3_bind_parameter_count(stmt)
  const first = args[0]
  const values: unknown[] = []
  if (isBindingsObject(first)) {
    const strict = conn.flags.strict
    const has = (key: string) => Object.hasOwn(first, key)
    for (let i = 1; i <= count; i++) {
      const p = x.sqlite3_bind_parameter_name(stmt, i)
      const name = p ? e.text(p) : `?${i}`
      const prefixed = name[0] === '$' || name[0] === ':' || name[0] === '@'
      const bare = prefixed ? name.slice(1) : name
      let key: string | null = null
      if (prefixed) {
        // Both spellings work; when both are present, strict prefers the bare name, otherwise the prefixed one.
        if (strict) key = has(bare) ? bare : has(name) ? name : null
        else key = has(name) ? name : has(bare) ? bare : null
      } else if (has(name)) {
        key = name
      }
      if (key === null) {
        if (strict) throw new Error(`Missing parameter "${bare}"`)
        values.push(null)
      } else {
        values.push(first[key])
      }
    }
  } else {
    const list = Array.isArray(first) ? first : args
    if (list.length !== count) throw new Error(`SQLite query expected ${count} values, received ${list.length}`)
    for (let i = 0; i < list.length; i++) values.push(list[i])
  }
  for (const value of values) if (!isBindable(value)) throw bindingTypeError()
  for (let i = 0; i < values.length; i++) {
    const rc = bindValue(e, stmt, i + 1, values[i], safe)
    if (rc !== SQLITE_OK) throw conn.error(rc)
  }
}

/** A prepared statement (Bun's native statement object, `stmt.native`). */
export class RawStatement {
  readonly conn: Connection
  stmt: number
  readonly owned: boolean
  /** Finalized by `finalize()`. */
  finalized = false
  /** Finalized by closing the database. */
  killed = false
  safeIntegers: boolean
  /** The prototype of result rows (`as(Class)`), or null for plain objects. */
  rowPrototype: object | null = null
  /** Counts executions; an iterator belongs to one. */
  runCount = 0
  private names: string[]

  constructor(conn: Connection, stmt: number, owned: boolean) {
    this.conn = conn
    this.stmt = stmt
    this.owned = owned
    this.safeIntegers = conn.flags.safeIntegers
    this.names = this.readNames()
  }

  private readNames(): string[] {
    const x = this.conn.e.x
    const n = x.sqlite3_column_count(this.stmt)
    const names: string[] = []
    for (let i = 0; i < n; i++) names.push(this.conn.e.text(x.sqlite3_column_name(this.stmt, i)))
    return names
  }

  /** Throws unless the statement can run now. */
  check(): void {
    if (this.killed) throw closedError()
    if (this.finalized) throw finalizedError()
    if (this.conn.busy) throw busyError()
  }

  /** Checks for property getters (no busy check: they do not run the statement). */
  checkUsable(): void {
    if (this.killed) throw closedError()
    if (this.finalized) throw finalizedError()
  }

  get paramsCount(): number {
    this.checkUsable()
    return this.conn.e.x.sqlite3_bind_parameter_count(this.stmt)
  }

  get columnsCount(): number {
    this.checkUsable()
    return this.conn.e.x.sqlite3_column_count(this.stmt)
  }

  get columns(): string[] {
    this.checkUsable()
    return this.columnNames().slice()
  }

  get readonly(): boolean {
    this.checkUsable()
    return this.conn.e.x.sqlite3_stmt_readonly(this.stmt) !== 0
  }

  get isFinalized(): boolean {
    return this.finalized || this.killed
  }

  get declaredTypes(): (string | null)[] {
    this.checkUsable()
    const { e } = this.conn
    const out: (string | null)[] = []
    for (let i = 0; i < e.x.sqlite3_column_count(this.stmt); i++) {
      const p = e.x.sqlite3_column_decltype(this.stmt, i)
      out.push(p ? e.text(p) : null)
    }
    return out
  }

  /**
   * The storage classes of the first row the statement yields with its
   * current bindings (`NULL` for each column when it yields none): it runs
   * the statement to find out, as Bun does. Only for read-only statements.
   */
  get columnTypes(): string[] {
    this.checkUsable()
    if (!this.readonly) {
      throw new Error('columnTypes is not available for non-read-only statements (INSERT, UPDATE, DELETE, etc.)')
    }
    this.check()
    const { e } = this.conn
    this.runCount++
    e.x.sqlite3_reset(this.stmt)
    const rc = this.conn.step(this.stmt)
    const n = e.x.sqlite3_column_count(this.stmt)
    let types: string[]
    if (rc === SQLITE_ROW)
      types = Array.from({ length: n }, (_, i) => columnTypeName(e.x.sqlite3_column_type(this.stmt, i)))
    else if (rc === SQLITE_DONE) types = new Array<string>(n).fill('NULL')
    else throw this.fail(rc)
    e.x.sqlite3_reset(this.stmt)
    return types
  }

  private columnNames(): string[] {
    if (this.conn.e.x.sqlite3_column_count(this.stmt) !== this.names.length) this.names = this.readNames()
    return this.names
  }

  /** The SQL with bound values in place (`sqlite3_expanded_sql`); "" once finalized. */
  toString(): string {
    if (this.isFinalized) return ''
    const { e } = this.conn
    const p = e.x.sqlite3_expanded_sql(this.stmt)
    if (p === 0) return ''
    const sql = e.text(p)
    e.x.sqlite3_free(p)
    return sql
  }

  /** Starts an execution: resets, and binds when arguments are given (otherwise the previous bindings stay). */
  private begin(args: readonly unknown[] | undefined): void {
    this.check()
    this.runCount++
    this.conn.e.x.sqlite3_reset(this.stmt)
    if (args !== undefined && args.length > 0) bindArguments(this.conn, this.stmt, args, this.safeIntegers)
  }

  /** Binds without running (`prepare(sql, params)`): the values stay for calls without arguments. */
  bindOnly(args: readonly unknown[]): void {
    this.check()
    this.conn.e.x.sqlite3_reset(this.stmt)
    bindArguments(this.conn, this.stmt, args, this.safeIntegers)
  }

  /** Resets after a failed step and returns the error to throw. */
  private fail(rc: number): unknown {
    const error = this.conn.error(rc)
    this.conn.e.x.sqlite3_reset(this.stmt)
    return error
  }

  private row(): Record<string, unknown> {
    const { e } = this.conn
    const names = this.columnNames()
    const safe = this.safeIntegers
    const proto = this.rowPrototype
    const row: Record<string, unknown> = proto === null ? {} : (Object.create(proto) as Record<string, unknown>)
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string
      const value = readColumn(e, this.stmt, i, safe)
      if (proto === null && name !== '__proto__') row[name] = value
      else Object.defineProperty(row, name, { value, writable: true, enumerable: true, configurable: true })
    }
    return row
  }

  private valuesRow(): unknown[] {
    const { e } = this.conn
    const n = e.x.sqlite3_column_count(this.stmt)
    const out = new Array<unknown>(n)
    for (let i = 0; i < n; i++) out[i] = readColumn(e, this.stmt, i, this.safeIntegers)
    return out
  }

  private rawRow(): (Uint8Array | null)[] {
    const { e } = this.conn
    const n = e.x.sqlite3_column_count(this.stmt)
    const out = new Array<Uint8Array | null>(n)
    for (let i = 0; i < n; i++) out[i] = readRawColumn(e, this.stmt, i)
    return out
  }

  private collect<T>(args: readonly unknown[] | undefined, read: () => T): T[] {
    this.begin(args)
    const rows: T[] = []
    let rc = this.conn.step(this.stmt)
    while (rc === SQLITE_ROW) {
      rows.push(read())
      rc = this.conn.step(this.stmt)
    }
    if (rc !== SQLITE_DONE) throw this.fail(rc)
    this.conn.e.x.sqlite3_reset(this.stmt)
    return rows
  }

  get(args?: readonly unknown[]): Record<string, unknown> | null {
    this.begin(args)
    const rc = this.conn.step(this.stmt)
    if (rc === SQLITE_ROW) {
      const row = this.row()
      this.conn.e.x.sqlite3_reset(this.stmt)
      return row
    }
    if (rc !== SQLITE_DONE) throw this.fail(rc)
    this.conn.e.x.sqlite3_reset(this.stmt)
    return null
  }

  all(args?: readonly unknown[]): Record<string, unknown>[] {
    return this.collect(args, () => this.row())
  }

  values(args?: readonly unknown[]): unknown[][] {
    return this.collect(args, () => this.valuesRow())
  }

  raw(args?: readonly unknown[]): (Uint8Array | null)[][] {
    return this.collect(args, () => this.rawRow())
  }

  run(args?: readonly unknown[]): Changes {
    this.begin(args)
    const { x } = this.conn.e
    const db = this.conn.db
    const before = x.sqlite3_total_changes64(db)
    let rc: number
    do rc = this.conn.step(this.stmt)
    while (rc === SQLITE_ROW)
    if (rc !== SQLITE_DONE) throw this.fail(rc)
    const changes = x.sqlite3_total_changes64(db) !== before ? Number(x.sqlite3_changes64(db)) : 0
    const rowid = x.sqlite3_last_insert_rowid(db)
    x.sqlite3_reset(this.stmt)
    return { changes, lastInsertRowid: this.safeIntegers ? rowid : Number(rowid) }
  }

  /** Starts an iteration: the first row (or null) and the execution it belongs to. */
  iterate(args?: readonly unknown[]): { row: Record<string, unknown> | null; run: number } {
    this.begin(args)
    return { row: this.next(), run: this.runCount }
  }

  /** The next row of execution `run`, or null at the end; throws if the statement was run again since. */
  iterateNext(run: number): Record<string, unknown> | null {
    if (run !== this.runCount) {
      throw new Error(
        'This iterator was invalidated: its statement was run again. Use db.prepare() to get a statement with a cursor of its own.',
      )
    }
    this.check()
    return this.next()
  }

  /** Ends execution `run` (a `break` out of the loop): resets the statement unless it was run again. */
  iterateEnd(run: number): void {
    if (run === this.runCount && !this.isFinalized) this.conn.e.x.sqlite3_reset(this.stmt)
  }

  private next(): Record<string, unknown> | null {
    const rc = this.conn.step(this.stmt)
    if (rc === SQLITE_ROW) return this.row()
    if (rc !== SQLITE_DONE) throw this.fail(rc)
    this.conn.e.x.sqlite3_reset(this.stmt)
    return null
  }

  /** `finalize()`: idempotent. */
  finalize(): void {
    if (this.isFinalized) return
    if (this.conn.busy) throw busyError()
    this.finalized = true
    this.release()
  }

  /** Finalized by the database's `close()`. */
  kill(): void {
    if (this.isFinalized) return
    this.killed = true
    this.release()
  }

  private release(): void {
    this.conn.e.x.sqlite3_finalize(this.stmt)
    this.stmt = 0
    this.conn.statements.delete(this)
    this.conn.releaseIfDone()
  }
}
