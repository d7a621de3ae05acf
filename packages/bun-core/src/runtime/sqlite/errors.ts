/**
 * `SQLiteError` and the plain errors `bun:sqlite` throws, with Bun's
 * messages. A `SQLiteError` carries SQLite's message (`sqlite3_errmsg`),
 * `code` (the extended result code's name, `SQLITE_CONSTRAINT_UNIQUE`;
 * absent for `SQLITE_OK`), `errno` (its number, 2067) and `byteOffset` (where
 * in the SQL text the error is, or -1: `sqlite3_error_offset`).
 */

const created = new WeakSet<object>()

/**
 * The class of SQLite's errors. As in Bun, the errors themselves are plain
 * `Error`s (named `SQLiteError`) that `instanceof SQLiteError` recognises,
 * and `new SQLiteError()` throws: only `bun:sqlite` makes them.
 */
export class SQLiteError extends Error {
  declare readonly code?: string
  declare readonly errno: number
  declare readonly byteOffset: number
  constructor(...args: unknown[]) {
    void args
    throw new Error('SQLiteError can only be constructed by bun:sqlite')
    // biome-ignore lint/correctness/noUnreachable: `super` must appear in a derived constructor.
    super()
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && created.has(value)
  }
}

/** Creates a SQLite error with Bun's own properties (`name` hidden; `code`, `errno`, `byteOffset` enumerable and read-only). */
export function sqliteError(message: string, errno: number, code: string | undefined, byteOffset: number): SQLiteError {
  const error = new Error(message) as SQLiteError
  Object.defineProperty(error, 'name', { value: 'SQLiteError', writable: true, enumerable: false, configurable: true })
  if (code !== undefined) Object.defineProperty(error, 'code', { value: code, enumerable: true })
  Object.defineProperty(error, 'errno', { value: errno, enumerable: true })
  Object.defineProperty(error, 'byteOffset', { value: byteOffset, enumerable: true })
  // V8 wrote the stack's first line when the name was still "Error"; write it again.
  const capture = (Error as { captureStackTrace?: (target: object, below?: (...args: never[]) => unknown) => void })
    .captureStackTrace
  capture?.(error, sqliteError)
  created.add(error)
  return error
}

/** Thrown by every use of a connection while one of its queries runs a JavaScript function or hook. */
export function busyError(): TypeError {
  return new TypeError('This database connection is busy executing a query')
}

/** Thrown by statement methods after `finalize()`. */
export function finalizedError(): Error {
  return new Error('Statement has finalized')
}

/** Thrown by `run`, `inTransaction` and statement methods once the database is closed. */
export function closedError(): Error {
  return new Error('Database has closed')
}

/** Thrown by `prepare`/`query` once the database is closed. */
export function closedPrepareError(): RangeError {
  return new RangeError('Cannot use a closed database')
}

/** A binding that is not a string, TypedArray, boolean, number, bigint, null or undefined. */
export function bindingTypeError(): TypeError {
  return new TypeError('Binding expected string, TypedArray, boolean, number, bigint or null')
}

/** A bigint outside SQLite's 64-bit integers, with `safeIntegers` on. */
export function bigintRangeError(value: bigint): RangeError {
  return new RangeError(`BigInt value '${value}' is out of range`)
}
