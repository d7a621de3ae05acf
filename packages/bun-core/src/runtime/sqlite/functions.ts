/**
 * JavaScript called from SQL: user-defined scalar functions
 * (`db.function`), aggregate and window functions (`db.aggregate`) and the
 * update hooks (`db.onInsert`/`onUpdate`/`onDelete`).
 *
 * One set of wasm trampolines serves every function of the worker: SQLite
 * passes back the registration's id as user data. What a function throws
 * (or an invalid result, a TypeError) fails the query and is rethrown
 * unchanged by the call that ran it; a hook's exception cannot stop SQLite
 * and is reported as uncaught instead.
 */
import type { Connection } from './connection.js'
import { type Engine, engine, SQLITE_OK, SQLITE_UTF8 } from './engine.js'
import { readValue, setResult } from './values.js'

const SQLITE_DETERMINISTIC = 0x800
const SQLITE_DIRECTONLY = 0x80000

/** How a function is registered (Bun's `FunctionOptions`). */
export interface FunctionFlags {
  deterministic: boolean
  directOnly: boolean
  safeIntegers: boolean
  /** Number of SQL arguments, or -1 for any. */
  argumentCount: number
}

interface ScalarEntry {
  kind: 'scalar'
  conn: Connection
  name: string
  safe: boolean
  fn: (...args: unknown[]) => unknown
}

interface AggregateEntry {
  kind: 'aggregate'
  conn: Connection
  name: string
  safe: boolean
  start: unknown
  step: (acc: unknown, ...args: unknown[]) => unknown
  inverse: ((acc: unknown, ...args: unknown[]) => unknown) | null
  result: ((acc: unknown) => unknown) | null
}

type Entry = ScalarEntry | AggregateEntry

interface Trampolines {
  e: Engine
  xFunc: number
  xStep: number
  xFinal: number
  xValue: number
  xInverse: number
  xDestroy: number
  xUpdate: number
  /** A static C string for `sqlite3_result_error` (the real error is rethrown from JavaScript). */
  message: number
}

let trampolines: Trampolines | null = null
const entries = new Map<number, Entry>()
const accumulators = new Map<number, Accumulator>()
const hookTargets = new Map<number, HookTarget>()
let nextEntry = 1
let nextAccumulator = 1
let nextHookTarget = 1

/** An update hook: `(database, table, rowid, schema)`, called with `this` the database. */
export type UpdateHook = (this: unknown, ...args: unknown[]) => unknown

/** The update hooks of one connection. */
export interface HookTarget {
  readonly conn: Connection
  /** The `Database` object: `this` and first argument of each hook. */
  readonly database: object
  /** By SQLite operation code (`SQLITE_INSERT` 18, `SQLITE_UPDATE` 23, `SQLITE_DELETE` 9). */
  readonly hooks: Map<number, { fn: UpdateHook; safe: boolean }>
  id: number
}

function install(): Trampolines {
  if (trampolines) return trampolines
  const e = engine()
  const wasm = e.sqlite3.wasm as unknown as {
    installFunction(signature: string, fn: (...args: never[]) => unknown): number
  }
  trampolines = {
    e,
    xFunc: wasm.installFunction('v(pip)', xFunc),
    xStep: wasm.installFunction('v(pip)', (ctx: number, argc: number, argv: number) => xStep(ctx, argc, argv, false)),
    xInverse: wasm.installFunction('v(pip)', (ctx: number, argc: number, argv: number) => xStep(ctx, argc, argv, true)),
    xFinal: wasm.installFunction('v(p)', (ctx: number) => xFinal(ctx, true)),
    xValue: wasm.installFunction('v(p)', (ctx: number) => xFinal(ctx, false)),
    xDestroy: wasm.installFunction('v(p)', (p: number) => void entries.delete(p)),
    xUpdate: wasm.installFunction('v(pippj)', xUpdate),
    message: e.allocCString('a JavaScript function threw'),
  }
  return trampolines
}

function args(e: Engine, argc: number, argv: number, safe: boolean): unknown[] {
  const out = new Array<unknown>(argc)
  const view = e.view()
  for (let i = 0; i < argc; i++) out[i] = readValue(e, view.getInt32(argv + i * 4, true), safe)
  return out
}

/** Records what JavaScript threw and makes the step fail. */
function fail(t: Trampolines, entry: Entry, context: number, error: unknown): void {
  entry.conn.pending ??= { error }
  t.e.x.sqlite3_result_error(context, t.message, -1)
}

function deliver(t: Trampolines, entry: Entry, context: number, value: unknown): void {
  if (!setResult(t.e, context, value, entry.safe)) {
    throw new TypeError(`User-defined function ${entry.name}() returned an invalid value`)
  }
}

function xFunc(context: number, argc: number, argv: number): void {
  const t = trampolines as Trampolines
  const entry = entries.get(t.e.x.sqlite3_user_data(context))
  if (entry?.kind !== 'scalar') return
  try {
    deliver(t, entry, context, entry.fn.apply(undefined, args(t.e, argc, argv, entry.safe)))
  } catch (error) {
    fail(t, entry, context, error)
  }
}

function initial(entry: AggregateEntry): unknown {
  return typeof entry.start === 'function' ? (entry.start as () => unknown).call(undefined) : entry.start
}

/** The state of one aggregate call; `windowed` once SQLite asked for a window's value (its final result then goes unused). */
interface Accumulator {
  acc: unknown
  windowed: boolean
}

/** The accumulator of the aggregate call running in `context`, created on first use. */
function accumulator(t: Trampolines, entry: AggregateEntry, context: number): Accumulator {
  const slot = t.e.x.sqlite3_aggregate_context(context, 4)
  if (slot === 0) throw new Error('Out of memory')
  const view = t.e.view()
  const id = view.getInt32(slot, true)
  const existing = accumulators.get(id)
  if (id !== 0 && existing) return existing
  const state: Accumulator = { acc: initial(entry), windowed: false }
  const next = nextAccumulator++
  accumulators.set(next, state)
  t.e.view().setInt32(slot, next, true)
  return state
}

function xStep(context: number, argc: number, argv: number, inverse: boolean): void {
  const t = trampolines as Trampolines
  const entry = entries.get(t.e.x.sqlite3_user_data(context))
  if (entry?.kind !== 'aggregate') return
  try {
    const state = accumulator(t, entry, context)
    const fn = inverse ? entry.inverse : entry.step
    if (!fn) return
    const next = fn.call(undefined, state.acc, ...args(t.e, argc, argv, entry.safe))
    if (next !== undefined) state.acc = next
  } catch (error) {
    fail(t, entry, context, error)
  }
}

/** `xFinal` (`last`: the accumulator ends) and `xValue` (a window's current value). */
function xFinal(context: number, last: boolean): void {
  const t = trampolines as Trampolines
  const entry = entries.get(t.e.x.sqlite3_user_data(context))
  if (entry?.kind !== 'aggregate') return
  const slot = t.e.x.sqlite3_aggregate_context(context, 0)
  const id = slot === 0 ? 0 : t.e.view().getInt32(slot, true)
  const state = id === 0 ? undefined : accumulators.get(id)
  if (last && id !== 0) accumulators.delete(id)
  // After a failed step SQLite still finalizes; the first error is the one to report.
  if (entry.conn.pending) return
  if (state && !last) state.windowed = true
  // As Bun: a window's result function runs for each value, not once more at the end.
  if (last && state?.windowed) {
    t.e.x.sqlite3_result_null(context)
    return
  }
  try {
    const acc = state ? state.acc : initial(entry)
    deliver(t, entry, context, entry.result ? entry.result.call(undefined, acc) : acc)
  } catch (error) {
    fail(t, entry, context, error)
  }
}

function register(conn: Connection, name: string, flags: FunctionFlags, entry: Entry): void {
  const t = install()
  const { e } = t
  const id = nextEntry++
  entries.set(id, entry)
  const zName = e.allocCString(name)
  let bits = SQLITE_UTF8
  if (flags.deterministic) bits |= SQLITE_DETERMINISTIC
  if (flags.directOnly) bits |= SQLITE_DIRECTONLY
  let rc: number
  try {
    if (entry.kind === 'scalar') {
      rc = e.x.sqlite3_create_function_v2(conn.db, zName, flags.argumentCount, bits, id, t.xFunc, 0, 0, t.xDestroy)
    } else if (entry.inverse) {
      rc = e.x.sqlite3_create_window_function(
        conn.db,
        zName,
        flags.argumentCount,
        bits,
        id,
        t.xStep,
        t.xFinal,
        t.xValue,
        t.xInverse,
        t.xDestroy,
      )
    } else {
      rc = e.x.sqlite3_create_function_v2(
        conn.db,
        zName,
        flags.argumentCount,
        bits,
        id,
        0,
        t.xStep,
        t.xFinal,
        t.xDestroy,
      )
    }
  } finally {
    e.x.sqlite3_free(zName)
  }
  // On failure SQLite has already called xDestroy, which removed the entry.
  if (rc !== SQLITE_OK) throw conn.error(rc)
}

/** `db.function(name, options, fn)` once its arguments are checked. */
export function defineFunction(
  conn: Connection,
  name: string,
  flags: FunctionFlags,
  fn: (...args: unknown[]) => unknown,
): void {
  register(conn, name, flags, { kind: 'scalar', conn, name, safe: flags.safeIntegers, fn })
}

/** `db.aggregate(name, options)` once its arguments are checked. */
export function defineAggregate(
  conn: Connection,
  name: string,
  flags: FunctionFlags,
  parts: Pick<AggregateEntry, 'start' | 'step' | 'inverse' | 'result'>,
): void {
  register(conn, name, flags, { kind: 'aggregate', conn, name, safe: flags.safeIntegers, ...parts })
}

/** The hooks of a connection (created with the `Database`). */
export function hookTarget(conn: Connection, database: object): HookTarget {
  return { conn, database, hooks: new Map(), id: 0 }
}

/** Sets (or, with null, removes) the hook for SQLite operation `op`; installs or removes SQLite's update hook as needed. */
export function setUpdateHook(target: HookTarget, op: number, fn: UpdateHook | null, safe: boolean): void {
  const t = install()
  if (fn === null) target.hooks.delete(op)
  else target.hooks.set(op, { fn, safe })
  const db = target.conn.db
  if (target.hooks.size > 0 && target.id === 0) {
    target.id = nextHookTarget++
    hookTargets.set(target.id, target)
    t.e.x.sqlite3_update_hook(db, t.xUpdate, target.id)
  } else if (target.hooks.size === 0 && target.id !== 0) {
    hookTargets.delete(target.id)
    target.id = 0
    if (db !== 0) t.e.x.sqlite3_update_hook(db, 0, 0)
  }
}

/** Forgets the hooks of a closed connection. */
export function dropHooks(target: HookTarget): void {
  if (target.id !== 0) hookTargets.delete(target.id)
  target.id = 0
  target.hooks.clear()
}

function xUpdate(arg: number, op: number, zDb: number, zTable: number, rowid: bigint): void {
  const t = trampolines as Trampolines
  const target = hookTargets.get(arg)
  const hook = target?.hooks.get(op)
  if (!target || !hook) return
  try {
    const schema = t.e.text(zDb)
    const table = t.e.text(zTable)
    hook.fn.call(target.database, target.database, table, hook.safe ? rowid : Number(rowid), schema)
  } catch (error) {
    target.conn.host.reportUncaught(error)
  }
}
