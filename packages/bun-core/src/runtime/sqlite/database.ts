/**
 * The public classes of `bun:sqlite` — `Database` and `Statement` — with
 * Bun's argument handling, messages and object shapes. A module instance
 * (one per process) makes its own classes over its process's filesystem.
 */

import { posixPath } from '@aspect-build/virtual-fs'
import { Buffer } from 'buffer'
import { type Changes, Connection, type RawStatement, type SqliteHost } from './connection.js'
import { sqliteConstants } from './constants.js'
import { busyError, closedError } from './errors.js'
import {
  defineAggregate,
  defineFunction,
  dropHooks,
  type FunctionFlags,
  type HookTarget,
  hookTarget,
  setUpdateHook,
} from './functions.js'

const SQLITE_OPEN_READONLY = 0x1
const SQLITE_OPEN_READWRITE = 0x2
const SQLITE_OPEN_CREATE = 0x4
const SQLITE_PREPARE_PERSISTENT = 0x1
const SQLITE_DESERIALIZE_READONLY = 0x4
const SQLITE_INSERT = 18
const SQLITE_UPDATE = 23
const SQLITE_DELETE = 9
const SQLITE_FCNTL_ERROR = 1

/** A JavaScript callback given to `bun:sqlite` (functions, hooks, transaction bodies, row classes). */
type Callable = (...args: unknown[]) => unknown

/** Values a statement can bind. */
export type SQLQueryBindings =
  | string
  | bigint
  | NodeJS.TypedArray
  | DataView
  | ArrayBuffer
  | number
  | boolean
  | null
  | undefined
  | Record<string, string | bigint | NodeJS.TypedArray | DataView | ArrayBuffer | number | boolean | null | undefined>

/** Options of `new SqliteDatabase()` (Bun's `DatabaseOptions`). */
export interface DatabaseOptions {
  readonly?: boolean
  create?: boolean
  readwrite?: boolean
  safeIntegers?: boolean
  strict?: boolean
}

/** A prepared statement of `bun:sqlite`. */
export interface SqliteStatement {
  get(...bindings: unknown[]): unknown
  all(...bindings: unknown[]): unknown[]
  values(...bindings: unknown[]): unknown[][]
  raw(...bindings: unknown[]): (Uint8Array | null)[][]
  run(...bindings: unknown[]): Changes
  iterate(...bindings: unknown[]): IterableIterator<unknown>
  [Symbol.iterator](): IterableIterator<unknown>
  as(Class: (abstract new (...args: never[]) => unknown) | undefined): SqliteStatement
  safeIntegers(enabled?: boolean): boolean | SqliteStatement
  finalize(): void
  toString(): string
  toJSON(): { sql: string; isFinalized: boolean; paramsCount: number; columnNames: string[] }
  readonly isFinalized: boolean
  readonly native: unknown
  readonly columnNames: string[]
  readonly columnTypes: string[]
  readonly declaredTypes: (string | null)[]
  readonly paramsCount: number
  readonly reader: boolean
  readonly readonly: boolean
  /** The SQL in double quotes: what `Object.prototype.toString` shows. */
  readonly [Symbol.toStringTag]: string
  [Symbol.dispose](): void
}

/** The `SqliteStatement` class (not constructible by scripts). */
export interface StatementConstructor {
  readonly prototype: SqliteStatement
}

/** A transaction function made by `db.transaction(fn)`. */
export interface TransactionFunction {
  (...args: unknown[]): unknown
  readonly default: TransactionFunction
  readonly deferred: TransactionFunction
  readonly immediate: TransactionFunction
  readonly exclusive: TransactionFunction
  readonly database: SqliteDatabase
}

/** A database connection of `bun:sqlite`. */
export interface SqliteDatabase {
  readonly filename: string
  readonly handle: number
  readonly inTransaction: boolean
  onInsert: Callable | null
  onUpdate: Callable | null
  onDelete: Callable | null
  run(sql: string, ...bindings: unknown[]): Changes
  exec(sql: string, ...bindings: unknown[]): Changes
  query(sql: string): SqliteStatement
  prepare(sql: string, params?: unknown, flags?: number): SqliteStatement
  transaction(fn: Callable, self?: unknown): TransactionFunction
  close(throwOnError?: boolean): void
  serialize(name?: string): Buffer
  loadExtension(name: string, entryPoint?: string): void
  fileControl(...args: unknown[]): number | undefined
  clearQueryCache(): void
  function(name: string, options: unknown, fn?: Callable): SqliteDatabase
  aggregate(name: string, options: unknown): SqliteDatabase
  [Symbol.dispose](): void
}

/** The `SqliteDatabase` class. */
export interface DatabaseConstructor {
  new (filename?: string | NodeJS.TypedArray | DataView, options?: DatabaseOptions | number): SqliteDatabase
  readonly prototype: SqliteDatabase
  open(filename?: string, options?: DatabaseOptions | number): SqliteDatabase
  deserialize(serialized: unknown, options?: boolean | DatabaseOptions): SqliteDatabase
  setCustomSQLite(path: string): boolean
  MAX_QUERY_CACHE_SIZE: number
}

/** The classes of one module instance. */
export interface SqliteClasses {
  Database: DatabaseConstructor
  Statement: StatementConstructor
}

/** Internal state behind a `Database`, kept off the object (its only own property is `filename`). */
interface DatabaseState {
  conn: Connection
  handle: number
  strict: boolean
  safeIntegers: boolean
  cache: Map<string, SqliteStatement>
  hooks: HookTarget
  controllers: Map<unknown, TransactionStatements>
}

/** The statements a transaction function runs, prepared when the first one is made (per database and `self`). */
interface TransactionStatements {
  begin: Record<'default' | 'deferred' | 'immediate' | 'exclusive', RawStatement>
  commit: RawStatement
  rollback: RawStatement
  savepoint: RawStatement
  release: RawStatement
  rollbackTo: RawStatement
}

const SAVEPOINT = '"\tbun sqlite transaction\t"'

function booleanOption(options: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = options[key]
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new TypeError(`Expected the "${key}" option to be a boolean`)
  return value
}

function functionOption(options: Record<string, unknown>, key: string): Callable | null {
  const value = options[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'function') throw new TypeError(`Expected the "${key}" option to be a function`)
  return value as Callable
}

function isTypedArrayLike(value: unknown): value is ArrayBufferView {
  return ArrayBuffer.isView(value)
}

function isAnyArrayBuffer(value: unknown): value is ArrayBufferLike {
  return (
    value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)
  )
}

function viewBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

// As in Bun, a database or statement that is garbage-collected is closed or finalized (a closed
// connection lingers while statements from prepare() are alive, as with sqlite3_close_v2).
const unreachableDatabases = new FinalizationRegistry<Connection>((conn) => {
  if (!conn.closed && !conn.busy) conn.close(false)
})
const unreachableStatements = new FinalizationRegistry<RawStatement>((raw) => {
  if (!raw.isFinalized && !raw.conn.busy) raw.finalize()
})

/** Makes the classes of one module instance over `host`. */
export function defineSqliteClasses(host: SqliteHost): SqliteClasses {
  let nextHandle = 0
  const states = new WeakMap<object, DatabaseState>()
  const raws = new WeakMap<object, RawStatement>()
  let making = false

  const state = (db: unknown): DatabaseState => {
    const found = states.get(db as object)
    if (!found) throw new TypeError('Expected a Database')
    return found
  }
  const rawOf = (stmt: unknown): RawStatement => {
    const found = raws.get(stmt as object)
    if (!found) throw new TypeError('Expected a Statement')
    return found
  }

  // Each statement gets the variants of Bun's native methods for its parameter count as own properties.
  function getNoArgs(this: Statement) {
    return rawOf(this).get()
  }
  function allNoArgs(this: Statement) {
    return rawOf(this).all()
  }
  function valuesNoArgs(this: Statement) {
    return rawOf(this).values()
  }
  function rawNoArgs(this: Statement) {
    return rawOf(this).raw()
  }
  function runNoArgs(this: Statement) {
    return rawOf(this).run()
  }
  function iterateNoArgs(this: Statement) {
    return iterateRows(rawOf(this), [])
  }
  function getArgs(this: Statement, ...args: unknown[]) {
    return rawOf(this).get(args)
  }
  function allArgs(this: Statement, ...args: unknown[]) {
    return rawOf(this).all(args)
  }
  function valuesArgs(this: Statement, ...args: unknown[]) {
    return rawOf(this).values(args)
  }
  function rawArgs(this: Statement, ...args: unknown[]) {
    return rawOf(this).raw(args)
  }
  function runArgs(this: Statement, ...args: unknown[]) {
    return rawOf(this).run(args)
  }
  function iterateArgs(this: Statement, ...args: unknown[]) {
    return iterateRows(rawOf(this), args)
  }

  function* iterateRows(raw: RawStatement, args: unknown[]): Generator<unknown, void, undefined> {
    const { row: first, run } = raw.iterate(args)
    try {
      for (let row = first; row !== null; row = raw.iterateNext(run)) yield row
    } finally {
      raw.iterateEnd(run)
    }
  }

  class Statement {
    declare get: (...args: unknown[]) => unknown
    declare all: (...args: unknown[]) => unknown[]
    declare iterate: (...args: unknown[]) => Generator<unknown, void, undefined>
    declare values: (...args: unknown[]) => unknown[][]
    declare raw: (...args: unknown[]) => (Uint8Array | null)[][]
    declare run: (...args: unknown[]) => Changes

    constructor(raw: unknown) {
      if (!making) throw new TypeError('Statement cannot be constructed directly: use db.prepare() or db.query()')
      const native = raw as RawStatement
      raws.set(this, native)
      const noArgs = native.paramsCount === 0
      this.get = noArgs ? getNoArgs : getArgs
      this.all = noArgs ? allNoArgs : allArgs
      this.iterate = noArgs ? iterateNoArgs : iterateArgs
      this.values = noArgs ? valuesNoArgs : valuesArgs
      this.raw = noArgs ? rawNoArgs : rawArgs
      this.run = noArgs ? runNoArgs : runArgs
    }

    get isFinalized(): boolean {
      return rawOf(this).isFinalized
    }

    toJSON(): { sql: string; isFinalized: boolean; paramsCount: number; columnNames: string[] } {
      return {
        sql: this.native.toString(),
        isFinalized: this.isFinalized,
        paramsCount: this.paramsCount,
        columnNames: this.columnNames,
      }
    }

    get [Symbol.toStringTag](): string {
      return `"${this.native.toString()}"`
    }

    toString(): string {
      return this.native.toString()
    }

    get native(): RawStatement {
      return rawOf(this)
    }

    safeIntegers(enabled?: unknown): boolean | this {
      const raw = rawOf(this)
      raw.checkUsable()
      if (enabled !== undefined) {
        raw.safeIntegers = !!enabled
        return this
      }
      return raw.safeIntegers
    }

    as(Class: unknown): this {
      const raw = rawOf(this)
      if (Class === undefined) {
        raw.rowPrototype = null
        return this
      }
      if ((typeof Class !== 'function' && typeof Class !== 'object') || Class === null) {
        throw new TypeError('Expected class to be a constructor or undefined')
      }
      if (typeof Class !== 'function' || !Object.hasOwn(Class, 'prototype')) {
        throw new TypeError('Expected a constructor')
      }
      const proto = (Class as { prototype: unknown }).prototype
      if (typeof proto !== 'object' || proto === null) {
        throw new TypeError('Expected a constructor prototype to be an object')
      }
      raw.rowPrototype = proto === Object.prototype ? null : proto
      return this
    }

    get columnNames(): string[] {
      return rawOf(this).columns
    }

    get columnTypes(): string[] {
      return rawOf(this).columnTypes
    }

    get declaredTypes(): (string | null)[] {
      return rawOf(this).declaredTypes
    }

    get paramsCount(): number {
      return rawOf(this).paramsCount
    }

    get reader(): boolean {
      return rawOf(this).columnsCount > 0
    }

    get readonly(): boolean {
      return rawOf(this).readonly
    }

    finalize(): void {
      rawOf(this).finalize()
    }

    [Symbol.iterator](): Generator<unknown, void, undefined> {
      return this.iterate()
    }

    [Symbol.dispose](): void {
      if (!this.isFinalized) this.finalize()
    }
  }

  const wrap = (raw: RawStatement): Statement => {
    making = true
    try {
      const statement = new Statement(raw)
      unreachableStatements.register(statement, raw)
      return statement
    } finally {
      making = false
    }
  }

  const hookSetter = (db: Database, op: number, hook: unknown) => {
    if (hook !== null && hook !== undefined && typeof hook !== 'function') {
      throw new TypeError('Expected a function or null')
    }
    const s = state(db)
    if (s.conn.closed) throw closedError()
    setUpdateHook(s.hooks, op, (hook as Callable | null | undefined) ?? null, s.safeIntegers)
  }

  const transactionStatements = (db: Database, s: DatabaseState, self: unknown): TransactionStatements => {
    const key = self === undefined ? db : self
    let found = s.controllers.get(key)
    if (!found) {
      const prepare = (sql: string) => s.conn.prepare(sql, SQLITE_PREPARE_PERSISTENT, true)
      found = {
        begin: {
          default: prepare('BEGIN'),
          deferred: prepare('BEGIN DEFERRED'),
          immediate: prepare('BEGIN IMMEDIATE'),
          exclusive: prepare('BEGIN EXCLUSIVE'),
        },
        commit: prepare('COMMIT'),
        rollback: prepare('ROLLBACK'),
        savepoint: prepare(`SAVEPOINT ${SAVEPOINT}`),
        release: prepare(`RELEASE ${SAVEPOINT}`),
        rollbackTo: prepare(`ROLLBACK TO ${SAVEPOINT}`),
      }
      s.controllers.set(key, found)
    }
    return found
  }

  // A method, so that it has no `prototype` (as Bun's): `this` is the caller's.
  const makeTransaction = (
    fn: Callable,
    s: DatabaseState,
    c: TransactionStatements,
    kind: keyof TransactionStatements['begin'],
  ) =>
    ({
      transaction(this: unknown, ...args: unknown[]): unknown {
        const nested = s.conn.inTransaction()
        ;(nested ? c.savepoint : c.begin[kind]).run()
        try {
          const result = fn.apply(this, args)
          ;(nested ? c.release : c.commit).run()
          return result
        } catch (error) {
          if (s.conn.inTransaction()) {
            if (nested) {
              c.rollbackTo.run()
              c.release.run()
            } else {
              c.rollback.run()
            }
          }
          throw error
        }
      },
    }).transaction

  class Database {
    static MAX_QUERY_CACHE_SIZE = 20
    filename: string

    constructor(filenameGiven?: unknown, options?: unknown) {
      let strict = false
      let safeIntegers = false
      let conn: Connection
      let filename: string
      if (filenameGiven !== undefined && typeof filenameGiven !== 'string') {
        if (!isTypedArrayLike(filenameGiven)) {
          throw new TypeError(`Expected 'filename' to be a string, got '${typeof filenameGiven}'`)
        }
        let deserializeFlags = 0
        if (options && typeof options === 'object') {
          const o = options as DatabaseOptions
          strict = !!o.strict
          safeIntegers = !!o.safeIntegers
          if (o.readonly) deserializeFlags |= SQLITE_DESERIALIZE_READONLY
        }
        conn = Connection.deserialize(host, viewBytes(filenameGiven), deserializeFlags, { strict, safeIntegers })
        filename = ':memory:'
      } else {
        filename = typeof filenameGiven === 'string' ? filenameGiven.trim() : ':memory:'
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        if (typeof options === 'object' && options !== null) {
          if ('readOnly' in options) throw new TypeError('Misspelled option "readOnly" should be "readonly"')
          const { readonly, create, readwrite } = options as DatabaseOptions
          if (readonly || (readwrite !== undefined && !readwrite)) {
            if (create || readwrite) {
              throw new TypeError(
                'A read-only database ("readonly: true" or "readwrite: false") cannot have "create: true" or "readwrite: true"',
              )
            }
            flags = SQLITE_OPEN_READONLY
          } else if (!create && (create !== undefined || readwrite)) {
            flags = SQLITE_OPEN_READWRITE
          }
          safeIntegers = !!(options as DatabaseOptions).safeIntegers
          strict = !!(options as DatabaseOptions).strict
        } else if (typeof options === 'number') {
          flags = options
        }
        const anonymous = filename === '' || filename === ':memory:'
        if (anonymous && (flags & SQLITE_OPEN_READONLY) !== 0) {
          throw new Error('Cannot open an anonymous database in read-only mode.')
        }
        // Absolute paths: SQLite sees no relative path (nor a `file:` URI, which Bun does not interpret either).
        const path = anonymous ? ':memory:' : posixPath.resolve(host.cwd(), filename)
        conn = Connection.open(host, path, flags, { strict, safeIntegers })
      }
      this.filename = filename
      states.set(this, {
        conn,
        handle: nextHandle++,
        strict,
        safeIntegers,
        cache: new Map(),
        hooks: hookTarget(conn, this),
        controllers: new Map(),
      })
      unreachableDatabases.register(this, conn, conn)
    }

    get handle(): number {
      return state(this).handle
    }

    get inTransaction(): boolean {
      return state(this).conn.inTransaction()
    }

    static open(filename?: unknown, options?: unknown): Database {
      return new Database(filename, options)
    }

    loadExtension(name?: unknown, entryPoint?: unknown): void {
      void entryPoint
      if (typeof name !== 'string') throw new TypeError('Expected string')
      const { conn } = state(this)
      if (conn.closed) throw new Error("Can't do this on a closed database")
      if (conn.busy) throw busyError()
      throw new Error(
        `${name}: cannot load SQLite extensions here (bun:sqlite runs SQLite compiled to WebAssembly, which cannot load native libraries)`,
      )
    }

    serialize(optionalName?: unknown): Buffer {
      const s = state(this)
      if (s.conn.closed) throw new Error("Can't do this on a closed database")
      if (s.conn.busy) throw busyError()
      const bytes = s.conn.serialize(String(optionalName || 'main'))
      if (bytes === null) throw new Error('Out of memory')
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    }

    static deserialize(serialized: unknown, options: unknown = false): Database {
      const bytes = isAnyArrayBuffer(serialized) ? new Uint8Array(serialized) : serialized
      if (!isTypedArrayLike(bytes)) {
        throw new TypeError(`Expected 'serialized' to be a TypedArray or ArrayBuffer, got '${typeof serialized}'`)
      }
      if (typeof options === 'boolean') return new Database(bytes, { readonly: options })
      if (options && typeof options === 'object') return new Database(bytes, options)
      return new Database(bytes, 0)
    }

    [Symbol.dispose](): void {
      this.close(true)
    }

    static setCustomSQLite(path?: unknown): boolean {
      void path
      return false
    }

    fileControl(...args: unknown[]): number | undefined {
      const [first, second, third] = args
      if (typeof first === 'string' || args.length > 2) return fileControl(state(this), first, second, third)
      return fileControl(state(this), null, first, second)
    }

    close(throwOnError: unknown = false): void {
      const s = state(this)
      s.cache.clear()
      if (!s.conn.closed) {
        s.conn.close(!!throwOnError)
        unreachableDatabases.unregister(s.conn)
        dropHooks(s.hooks)
      }
    }

    clearQueryCache(): void {
      const s = state(this)
      for (const stmt of s.cache.values()) stmt.finalize()
      s.cache.clear()
    }

    run(sql?: unknown, ...bindings: unknown[]): Changes {
      const s = state(this)
      const result = s.conn.run(sql, bindings)
      return { changes: result.changes, lastInsertRowid: result.lastInsertRowid }
    }

    function(name?: unknown, options?: unknown, fn?: unknown): this {
      if (typeof options === 'function') {
        fn = options
        options = undefined
      }
      options ??= {}
      if (typeof name !== 'string') throw new TypeError('Expected first argument to be a string')
      if (typeof fn !== 'function') throw new TypeError('Expected last argument to be a function')
      if (typeof options !== 'object') throw new TypeError('Expected second argument to be an options object')
      if (!name) throw new TypeError('User-defined function name cannot be an empty string')
      const s = state(this)
      const o = options as Record<string, unknown>
      const flags: FunctionFlags = {
        safeIntegers: booleanOption(o, 'safeIntegers', s.safeIntegers),
        deterministic: booleanOption(o, 'deterministic', false),
        directOnly: booleanOption(o, 'directOnly', false),
        argumentCount: 0,
      }
      flags.argumentCount = booleanOption(o, 'varargs', false) ? -1 : (fn as Callable).length
      s.conn.checkOpen()
      defineFunction(s.conn, name, flags, fn as (...args: unknown[]) => unknown)
      return this
    }

    aggregate(name?: unknown, options?: unknown): this {
      if (typeof name !== 'string') throw new TypeError('Expected first argument to be a string')
      if (typeof options !== 'object' || !options)
        throw new TypeError('Expected second argument to be an options object')
      if (!name) throw new TypeError('User-defined function name cannot be an empty string')
      const o = options as Record<string, unknown>
      const start = o.start
      const step = functionOption(o, 'step')
      if (!step) throw new TypeError('Missing required option "step"')
      const inverse = functionOption(o, 'inverse')
      const result = functionOption(o, 'result')
      const s = state(this)
      const flags: FunctionFlags = {
        safeIntegers: booleanOption(o, 'safeIntegers', s.safeIntegers),
        deterministic: booleanOption(o, 'deterministic', false),
        directOnly: booleanOption(o, 'directOnly', false),
        argumentCount: 0,
      }
      flags.argumentCount = booleanOption(o, 'varargs', false)
        ? -1
        : Math.max(step.length, inverse ? inverse.length : 0, 1) - 1
      s.conn.checkOpen()
      defineAggregate(s.conn, name, flags, {
        start,
        step: step as (acc: unknown, ...args: unknown[]) => unknown,
        inverse: inverse as ((acc: unknown, ...args: unknown[]) => unknown) | null,
        result: result as ((acc: unknown) => unknown) | null,
      })
      return this
    }

    get onInsert(): Callable | null {
      return state(this).hooks.hooks.get(SQLITE_INSERT)?.fn ?? null
    }

    set onInsert(hook: unknown) {
      hookSetter(this, SQLITE_INSERT, hook)
    }

    get onUpdate(): Callable | null {
      return state(this).hooks.hooks.get(SQLITE_UPDATE)?.fn ?? null
    }

    set onUpdate(hook: unknown) {
      hookSetter(this, SQLITE_UPDATE, hook)
    }

    get onDelete(): Callable | null {
      return state(this).hooks.hooks.get(SQLITE_DELETE)?.fn ?? null
    }

    set onDelete(hook: unknown) {
      hookSetter(this, SQLITE_DELETE, hook)
    }

    prepare(query?: unknown, params?: unknown, flags: unknown = 0): Statement {
      const s = state(this)
      const raw = s.conn.prepare(query, Number(flags) || 0, false)
      const stmt = wrap(raw)
      if (params !== null && params !== undefined) {
        try {
          raw.bindOnly([params])
        } catch (error) {
          raw.finalize()
          throw error
        }
      }
      return stmt
    }

    query(query?: unknown): SqliteStatement {
      if (typeof query !== 'string') throw new TypeError(`Expected 'query' to be a string, got '${typeof query}'`)
      if (query.length === 0) throw new Error('SQL query cannot be empty.')
      const s = state(this)
      const cache = s.cache
      let stmt: SqliteStatement | undefined = cache.get(query)
      if (stmt !== undefined) {
        cache.delete(query)
        if (stmt.isFinalized) stmt = wrap(s.conn.prepare(query, SQLITE_PREPARE_PERSISTENT, true))
        cache.set(query, stmt)
        return stmt
      }
      stmt = wrap(s.conn.prepare(query, SQLITE_PREPARE_PERSISTENT, true))
      const max = Database.MAX_QUERY_CACHE_SIZE
      if (max > 0 && query.length <= 65536) {
        if (cache.size >= max) cache.delete(cache.keys().next().value as string)
        cache.set(query, stmt)
      }
      return stmt
    }

    transaction(fn?: unknown, self?: unknown): TransactionFunction {
      if (typeof fn !== 'function') throw new TypeError('Expected first argument to be a function')
      const s = state(this)
      const controller = transactionStatements(this, s, self)
      const kinds = ['default', 'deferred', 'immediate', 'exclusive'] as const
      const fns = kinds.map((kind) => makeTransaction(fn as Callable, s, controller, kind))
      const properties: PropertyDescriptorMap = {
        default: { value: fns[0] },
        deferred: { value: fns[1] },
        immediate: { value: fns[2] },
        exclusive: { value: fns[3] },
        database: { value: this, enumerable: true },
      }
      for (const f of fns) Object.defineProperties(f, properties)
      return fns[0] as unknown as TransactionFunction
    }
  }
  Object.defineProperty(Database.prototype, 'exec', {
    value: Database.prototype.run,
    writable: true,
    configurable: true,
    enumerable: false,
  })

  function fileControl(s: DatabaseState, dbName: unknown, op: unknown, arg: unknown): number | undefined {
    if (typeof op !== 'number') throw new Error('Expected number')
    if (s.conn.closed) return undefined
    if (s.conn.busy) throw busyError()
    const { e } = s.conn
    let buffer: Uint8Array | null = null
    if (isTypedArrayLike(arg)) {
      buffer = viewBytes(arg)
      if (buffer.byteLength < 8) throw new Error('TypedArray must be at least 8 bytes')
    } else if (arg !== undefined && arg !== null && typeof arg !== 'number') {
      throw new Error('Expected result to be a number, null or a TypedArray')
    }
    const p = e.x.sqlite3_malloc(Math.max(8, buffer ? buffer.byteLength : 8))
    const zName = typeof dbName === 'string' ? e.allocCString(dbName) : 0
    try {
      if (buffer) e.heap().set(buffer, p)
      else {
        e.view().setBigInt64(p, 0n, true)
        e.view().setInt32(p, typeof arg === 'number' ? arg | 0 : 0, true)
      }
      const rc = e.x.sqlite3_file_control(s.conn.db, zName, op, p)
      if (buffer) buffer.set(e.heap().subarray(p, p + buffer.byteLength))
      if (rc === SQLITE_FCNTL_ERROR) throw s.conn.error(rc)
      return rc
    } finally {
      e.x.sqlite3_free(p)
      if (zName) e.x.sqlite3_free(zName)
    }
  }

  Object.defineProperty(Statement, 'name', { value: 'Statement' })
  Object.defineProperty(Database, 'name', { value: 'Database' })
  return {
    Database: Database as unknown as DatabaseConstructor,
    Statement: Statement as unknown as StatementConstructor,
  }
}

export { sqliteConstants }
