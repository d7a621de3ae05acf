/**
 * The SQLite engine as `bun:sqlite` drives it: the C functions of the
 * sqlite-wasm build called directly (pointers are numbers, 64-bit integers
 * are bigints), plus the memory helpers every caller needs. One engine per
 * worker, shared by every process that runs in it; `loadSqlite()` of
 * `@aspect-build/bun-wasm/sqlite` must have completed before the first call.
 */
import { type Sqlite3Static, sqliteEngine } from '@aspect-build/bun-wasm/sqlite'

type Ptr = number

/** The C functions `bun:sqlite` uses, with their wasm signatures. */
export interface SqliteExports {
  sqlite3_open_v2(filename: Ptr, ppDb: Ptr, flags: number, zVfs: Ptr): number
  sqlite3_close_v2(db: Ptr): number
  sqlite3_errmsg(db: Ptr): Ptr
  sqlite3_errstr(rc: number): Ptr
  sqlite3_extended_errcode(db: Ptr): number
  sqlite3_error_offset(db: Ptr): number
  sqlite3_extended_result_codes(db: Ptr, onoff: number): number
  sqlite3_prepare_v3(db: Ptr, sql: Ptr, nByte: number, flags: number, ppStmt: Ptr, pzTail: Ptr): number
  sqlite3_finalize(stmt: Ptr): number
  sqlite3_reset(stmt: Ptr): number
  sqlite3_clear_bindings(stmt: Ptr): number
  sqlite3_step(stmt: Ptr): number
  sqlite3_next_stmt(db: Ptr, stmt: Ptr): Ptr
  sqlite3_bind_parameter_count(stmt: Ptr): number
  sqlite3_bind_parameter_name(stmt: Ptr, i: number): Ptr
  sqlite3_bind_int(stmt: Ptr, i: number, value: number): number
  sqlite3_bind_int64(stmt: Ptr, i: number, value: bigint): number
  sqlite3_bind_double(stmt: Ptr, i: number, value: number): number
  sqlite3_bind_text(stmt: Ptr, i: number, text: Ptr, n: number, dtor: number): number
  sqlite3_bind_blob(stmt: Ptr, i: number, data: Ptr, n: number, dtor: number): number
  sqlite3_bind_zeroblob(stmt: Ptr, i: number, n: number): number
  sqlite3_bind_null(stmt: Ptr, i: number): number
  sqlite3_column_count(stmt: Ptr): number
  sqlite3_column_name(stmt: Ptr, i: number): Ptr
  sqlite3_column_decltype(stmt: Ptr, i: number): Ptr
  sqlite3_column_type(stmt: Ptr, i: number): number
  sqlite3_column_int64(stmt: Ptr, i: number): bigint
  sqlite3_column_double(stmt: Ptr, i: number): number
  sqlite3_column_text(stmt: Ptr, i: number): Ptr
  sqlite3_column_blob(stmt: Ptr, i: number): Ptr
  sqlite3_column_bytes(stmt: Ptr, i: number): number
  sqlite3_stmt_readonly(stmt: Ptr): number
  sqlite3_stmt_busy(stmt: Ptr): number
  sqlite3_expanded_sql(stmt: Ptr): Ptr
  sqlite3_sql(stmt: Ptr): Ptr
  sqlite3_changes64(db: Ptr): bigint
  sqlite3_total_changes64(db: Ptr): bigint
  sqlite3_last_insert_rowid(db: Ptr): bigint
  sqlite3_get_autocommit(db: Ptr): number
  sqlite3_serialize(db: Ptr, schema: Ptr, piSize: Ptr, flags: number): Ptr
  sqlite3_deserialize(db: Ptr, schema: Ptr, data: Ptr, szDb: bigint, szBuf: bigint, flags: number): number
  sqlite3_file_control(db: Ptr, dbName: Ptr, op: number, arg: Ptr): number
  sqlite3_busy_timeout(db: Ptr, ms: number): number
  sqlite3_create_function_v2(
    db: Ptr,
    name: Ptr,
    nArg: number,
    flags: number,
    pApp: Ptr,
    xFunc: Ptr,
    xStep: Ptr,
    xFinal: Ptr,
    xDestroy: Ptr,
  ): number
  sqlite3_create_window_function(
    db: Ptr,
    name: Ptr,
    nArg: number,
    flags: number,
    pApp: Ptr,
    xStep: Ptr,
    xFinal: Ptr,
    xValue: Ptr,
    xInverse: Ptr,
    xDestroy: Ptr,
  ): number
  sqlite3_update_hook(db: Ptr, callback: Ptr, arg: Ptr): Ptr
  sqlite3_user_data(context: Ptr): Ptr
  sqlite3_aggregate_context(context: Ptr, n: number): Ptr
  sqlite3_value_type(value: Ptr): number
  sqlite3_value_int64(value: Ptr): bigint
  sqlite3_value_double(value: Ptr): number
  sqlite3_value_text(value: Ptr): Ptr
  sqlite3_value_blob(value: Ptr): Ptr
  sqlite3_value_bytes(value: Ptr): number
  sqlite3_result_null(context: Ptr): void
  sqlite3_result_int64(context: Ptr, value: bigint): void
  sqlite3_result_double(context: Ptr, value: number): void
  sqlite3_result_text(context: Ptr, text: Ptr, n: number, dtor: number): void
  sqlite3_result_blob(context: Ptr, data: Ptr, n: number, dtor: number): void
  sqlite3_result_zeroblob(context: Ptr, n: number): void
  sqlite3_result_error(context: Ptr, message: Ptr, n: number): void
  sqlite3_malloc(n: number): Ptr
  sqlite3_free(p: Ptr): void
  sqlite3_randomness(n: number, p: Ptr): void
  sqlite3_vfs_find(name: Ptr): Ptr
  sqlite3_vfs_register(vfs: Ptr, makeDefault: number): number
  sqlite3_vfs_unregister(vfs: Ptr): number
  sqlite3__wasm_db_config_ip(db: Ptr, op: number, value: number, out: Ptr): number
}

/** SQLite's result and type codes used here (from sqlite3.h). */
export const SQLITE_OK = 0
export const SQLITE_ERROR = 1
export const SQLITE_BUSY = 5
export const SQLITE_NOMEM = 7
export const SQLITE_IOERR = 10
export const SQLITE_NOTFOUND = 12
export const SQLITE_CANTOPEN = 14
export const SQLITE_MISUSE = 21
export const SQLITE_ROW = 100
export const SQLITE_DONE = 101
export const SQLITE_INTEGER = 1
export const SQLITE_FLOAT = 2
export const SQLITE_TEXT = 3
export const SQLITE_BLOB = 4
export const SQLITE_NULL = 5
export const SQLITE_UTF8 = 1
/** The `sqlite3_destructor_type` that makes SQLite copy a buffer. */
export const SQLITE_TRANSIENT = -1

/** The loaded engine: raw functions, the library object, and memory helpers. */
export interface Engine {
  readonly sqlite3: Sqlite3Static
  readonly x: SqliteExports
  /** The wasm heap as bytes (re-created when memory grows). */
  heap(): Uint8Array
  /** The wasm heap as a DataView (re-created when memory grows). */
  view(): DataView
  /** Copies bytes into a fresh `sqlite3_malloc` block (at least 1 byte, so never NULL); the caller frees it. */
  allocBytes(bytes: Uint8Array): Ptr
  /** A NUL-terminated UTF-8 copy of `text` in a fresh `sqlite3_malloc` block; the caller frees it. */
  allocCString(text: string): Ptr
  /** UTF-8 text at `p` of `n` bytes (or up to the NUL when `n` is omitted); invalid bytes become U+FFFD. */
  text(p: Ptr, n?: number): string
  /** Eight bytes of scratch memory for out-parameters (one call at a time; never re-entered across SQLite calls). */
  readonly out: Ptr
  /** A second scratch slot, for calls with two out-parameters. */
  readonly out2: Ptr
  /** The function-table pointer of `sqlite3_free`, usable as a destructor that hands a buffer to SQLite. */
  readonly dealloc: number
  /** A name for a result code (`SQLITE_CONSTRAINT_UNIQUE`), or undefined for an unknown one. */
  codeName(rc: number): string | undefined
}

let loaded: Engine | null = null

const UTF8_DECODER = new TextDecoder()
const UTF8_ENCODER = new TextEncoder()

/** The engine of this worker; throws if SQLite is not loaded. */
export function engine(): Engine {
  if (loaded !== null) return loaded
  const sqlite3 = sqliteEngine()
  const x = sqlite3.wasm.exports as unknown as SqliteExports
  const memory = (sqlite3.wasm as unknown as { memory: WebAssembly.Memory }).memory
  let buffer: ArrayBuffer | null = null
  let bytes = new Uint8Array(0)
  let dataView = new DataView(new ArrayBuffer(0))
  const refresh = (): void => {
    if (memory.buffer !== buffer) {
      buffer = memory.buffer
      bytes = new Uint8Array(buffer)
      dataView = new DataView(buffer)
    }
  }
  const heap = (): Uint8Array => {
    refresh()
    return bytes
  }
  const scratch = x.sqlite3_malloc(16)
  const rcName = (sqlite3.capi as unknown as { sqlite3_js_rc_str(rc: number): string | undefined }).sqlite3_js_rc_str
  const engineObject: Engine = {
    sqlite3,
    x,
    heap,
    view: () => {
      refresh()
      return dataView
    },
    allocBytes(data) {
      const p = x.sqlite3_malloc(Math.max(1, data.length))
      if (p === 0) throw new Error('Out of memory')
      heap().set(data, p)
      return p
    },
    allocCString(value) {
      const encoded = UTF8_ENCODER.encode(value)
      const p = x.sqlite3_malloc(encoded.length + 1)
      if (p === 0) throw new Error('Out of memory')
      const h = heap()
      h.set(encoded, p)
      h[p + encoded.length] = 0
      return p
    },
    text(p, n) {
      const h = heap()
      let end: number
      if (n === undefined) {
        end = p
        while (h[end] !== 0) end++
      } else {
        end = p + n
      }
      return decodeUtf8(h, p, end)
    },
    out: scratch,
    out2: scratch + 8,
    dealloc: (sqlite3.capi as unknown as { SQLITE_WASM_DEALLOC: number }).SQLITE_WASM_DEALLOC,
    codeName: (rc) => rcName(rc),
  }
  loaded = engineObject
  return engineObject
}

/** UTF-8 → string; short ASCII runs skip TextDecoder (most column values are short). */
function decodeUtf8(h: Uint8Array, start: number, end: number): string {
  if (end - start > 32) return UTF8_DECODER.decode(h.subarray(start, end))
  let out = ''
  for (let i = start; i < end; i++) {
    const c = h[i] as number
    if (c >= 0x80) return UTF8_DECODER.decode(h.subarray(start, end))
    out += String.fromCharCode(c)
  }
  return out
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as Bun binds them). */
export function encodeUtf8(value: string): Uint8Array {
  return UTF8_ENCODER.encode(value)
}
