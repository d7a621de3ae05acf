/**
 * Conversions between JavaScript values and SQLite values, as Bun makes them.
 *
 * JavaScript → SQLite (bound parameters and function results):
 * - number: INTEGER when it is a safe integer (|n| < 2^53) other than -0,
 *   otherwise REAL; NaN is NULL;
 * - bigint: INTEGER, wrapped to 64 bits (`BigInt.asIntN`), or, with
 *   `safeIntegers`, a RangeError outside the 64-bit range;
 * - string: TEXT (UTF-8; a lone surrogate becomes U+FFFD);
 * - boolean: INTEGER 1 or 0; null and undefined: NULL;
 * - ArrayBuffer, any TypedArray or DataView: BLOB of its bytes.
 *
 * SQLite → JavaScript (columns and function arguments):
 * - INTEGER: a number (the nearest double), or a bigint with `safeIntegers`;
 * - REAL: a number; TEXT: a string (invalid UTF-8 becomes U+FFFD);
 * - BLOB: a Uint8Array (a copy); NULL: null.
 */

import {
  type Engine,
  encodeUtf8,
  SQLITE_BLOB,
  SQLITE_FLOAT,
  SQLITE_INTEGER,
  SQLITE_NULL,
  SQLITE_TEXT,
} from './engine.js'
import { bigintRangeError } from './errors.js'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** The bytes of a blob-like value, or `null` when `value` is not one. */
export function blobBytes(value: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) return new Uint8Array(value)
  return null
}

/** A bigint as SQLite's 64-bit integer (wrapped, or a RangeError with `safeIntegers`). */
export function toInt64(value: bigint, safe: boolean): bigint {
  if (safe) {
    if (value < INT64_MIN || value > INT64_MAX) throw bigintRangeError(value)
    return value
  }
  return BigInt.asIntN(64, value)
}

/**
 * Binds `value` to parameter `index` (1-based) of `stmt`. Returns SQLite's
 * result code; throws a TypeError for a value of no SQLite type.
 */
export function bindValue(e: Engine, stmt: number, index: number, value: unknown, safe: boolean): number {
  const x = e.x
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return x.sqlite3_bind_null(stmt, index)
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
        return value >= -0x80000000 && value <= 0x7fffffff
          ? x.sqlite3_bind_int(stmt, index, value)
          : x.sqlite3_bind_int64(stmt, index, BigInt(value))
      }
      return x.sqlite3_bind_double(stmt, index, value)
    case 'string': {
      const bytes = encodeUtf8(value)
      return x.sqlite3_bind_text(stmt, index, e.allocBytes(bytes), bytes.length, e.dealloc)
    }
    case 'bigint':
      return x.sqlite3_bind_int64(stmt, index, toInt64(value, safe))
    case 'boolean':
      return x.sqlite3_bind_int(stmt, index, value ? 1 : 0)
    case 'undefined':
      return x.sqlite3_bind_null(stmt, index)
    default: {
      if (value === null) return x.sqlite3_bind_null(stmt, index)
      const bytes = blobBytes(value)
      if (bytes === null) return -1
      return x.sqlite3_bind_blob(stmt, index, e.allocBytes(bytes), bytes.length, e.dealloc)
    }
  }
}

/** Whether {@link bindValue} accepts `value` (checked before any parameter is bound). */
export function isBindable(value: unknown): boolean {
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'bigint':
    case 'boolean':
    case 'undefined':
      return true
    default:
      return value === null || blobBytes(value) !== null
  }
}

/** Column `i` of the current row of `stmt`. */
export function readColumn(e: Engine, stmt: number, i: number, safe: boolean): unknown {
  const x = e.x
  switch (x.sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return safe ? x.sqlite3_column_int64(stmt, i) : x.sqlite3_column_double(stmt, i)
    case SQLITE_FLOAT:
      return x.sqlite3_column_double(stmt, i)
    case SQLITE_TEXT: {
      const p = x.sqlite3_column_text(stmt, i)
      return e.text(p, x.sqlite3_column_bytes(stmt, i))
    }
    case SQLITE_BLOB: {
      const p = x.sqlite3_column_blob(stmt, i)
      const n = x.sqlite3_column_bytes(stmt, i)
      return n === 0 ? new Uint8Array(0) : e.heap().slice(p, p + n)
    }
    default:
      return null
  }
}

/**
 * Column `i` as Bun's `raw()` gives it: the value's bytes (INTEGER as a
 * 64-bit and REAL as a 64-bit float, little-endian; TEXT as UTF-8; BLOB as
 * is), or null.
 */
export function readRawColumn(e: Engine, stmt: number, i: number): Uint8Array | null {
  const x = e.x
  switch (x.sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: {
      const out = new Uint8Array(8)
      new DataView(out.buffer).setBigInt64(0, x.sqlite3_column_int64(stmt, i), true)
      return out
    }
    case SQLITE_FLOAT: {
      const out = new Uint8Array(8)
      new DataView(out.buffer).setFloat64(0, x.sqlite3_column_double(stmt, i), true)
      return out
    }
    case SQLITE_TEXT: {
      const p = x.sqlite3_column_text(stmt, i)
      const n = x.sqlite3_column_bytes(stmt, i)
      return n === 0 ? new Uint8Array(0) : e.heap().slice(p, p + n)
    }
    case SQLITE_BLOB: {
      const p = x.sqlite3_column_blob(stmt, i)
      const n = x.sqlite3_column_bytes(stmt, i)
      return n === 0 ? new Uint8Array(0) : e.heap().slice(p, p + n)
    }
    default:
      return null
  }
}

/** The name Bun's `columnTypes` gives a column's storage class. */
export function columnTypeName(type: number): string {
  switch (type) {
    case SQLITE_INTEGER:
      return 'INTEGER'
    case SQLITE_FLOAT:
      return 'FLOAT'
    case SQLITE_TEXT:
      return 'TEXT'
    case SQLITE_BLOB:
      return 'BLOB'
    default:
      return 'NULL'
  }
}

/** A `sqlite3_value*` (a function argument) as JavaScript. */
export function readValue(e: Engine, value: number, safe: boolean): unknown {
  const x = e.x
  switch (x.sqlite3_value_type(value)) {
    case SQLITE_INTEGER:
      return safe ? x.sqlite3_value_int64(value) : Number(x.sqlite3_value_int64(value))
    case SQLITE_FLOAT:
      return x.sqlite3_value_double(value)
    case SQLITE_TEXT: {
      const p = x.sqlite3_value_text(value)
      return e.text(p, x.sqlite3_value_bytes(value))
    }
    case SQLITE_BLOB: {
      const p = x.sqlite3_value_blob(value)
      const n = x.sqlite3_value_bytes(value)
      return n === 0 ? new Uint8Array(0) : e.heap().slice(p, p + n)
    }
    case SQLITE_NULL:
      return null
    default:
      return null
  }
}

/**
 * Sets `value` as the result of a function call. Returns false (setting
 * nothing) for a value of no SQLite type; throws a RangeError for an
 * out-of-range bigint with `safeIntegers`.
 */
export function setResult(e: Engine, context: number, value: unknown, safe: boolean): boolean {
  const x = e.x
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) x.sqlite3_result_null(context)
      else if (Number.isSafeInteger(value) && !Object.is(value, -0)) x.sqlite3_result_int64(context, BigInt(value))
      else x.sqlite3_result_double(context, value)
      return true
    case 'string': {
      const bytes = encodeUtf8(value)
      x.sqlite3_result_text(context, e.allocBytes(bytes), bytes.length, e.dealloc)
      return true
    }
    case 'bigint':
      x.sqlite3_result_int64(context, toInt64(value, safe))
      return true
    case 'boolean':
      x.sqlite3_result_int64(context, value ? 1n : 0n)
      return true
    case 'undefined':
      x.sqlite3_result_null(context)
      return true
    default: {
      if (value === null) {
        x.sqlite3_result_null(context)
        return true
      }
      const bytes = blobBytes(value)
      if (bytes === null) return false
      x.sqlite3_result_blob(context, e.allocBytes(bytes), bytes.length, e.dealloc)
      return true
    }
  }
}
