/**
 * The `vitamin_js_context` import module: the JS context bridge (design
 * §3.3). A guest evaluates code, calls functions and reads and writes
 * properties in the host's JavaScript engine, naming JS values by integer
 * handles. The C declarations and the full ABI are in `include/vitamin.h`.
 *
 * Every import returns a status: 0, a WASI errno, or
 * {@link JS_CONTEXT_EXCEPTION} when JavaScript threw (the thrown value is
 * then retrievable with `js_context_take_exception`). Results are written
 * through out-pointers only on success. Status precedence: a bad pointer
 * (`ERRNO_FAULT`) is reported before a bad handle (`ERRNO_BADF`), and both
 * before any JavaScript runs.
 *
 * The bridge is not a sandbox: guest code runs with the host realm's full
 * authority (that is its purpose; the process worker is the isolation unit).
 */

import * as C from './constants.js'
import type { HostContext } from './context.js'
import { ProcExit, WasiError } from './errno.js'
import type { GuestMemory } from './memory.js'

/** The import module name of the JS context imports. */
export const JS_CONTEXT_MODULE = 'vitamin_js_context'

/** Status returned when JavaScript threw; the exception waits in `js_context_take_exception`. */
export const JS_CONTEXT_EXCEPTION = 256

/** The permanent handle of `undefined` (also what a zeroed handle variable names). */
export const JS_HANDLE_UNDEFINED = 0
/** The permanent handle of `null`. */
export const JS_HANDLE_NULL = 1
/** The permanent handle of `false`. */
export const JS_HANDLE_FALSE = 2
/** The permanent handle of `true`. */
export const JS_HANDLE_TRUE = 3
/** The permanent handle of the globals object (the `globals` option, default `globalThis`). */
export const JS_HANDLE_GLOBAL = 4

/**
 * Type codes of `js_context_typeof`: JavaScript's `typeof`, except that
 * `null` has its own code.
 */
export const JS_TYPE: Readonly<{
  UNDEFINED: 0
  NULL: 1
  BOOLEAN: 2
  NUMBER: 3
  BIGINT: 4
  STRING: 5
  SYMBOL: 6
  OBJECT: 7
  FUNCTION: 8
}> = {
  UNDEFINED: 0,
  NULL: 1,
  BOOLEAN: 2,
  NUMBER: 3,
  BIGINT: 4,
  STRING: 5,
  SYMBOL: 6,
  OBJECT: 7,
  FUNCTION: 8,
}

// Handle bits: 0 | generation (11 bits) | index (20 bits). Always a positive i32.
const INDEX_BITS = 20
const INDEX_MASK = (1 << INDEX_BITS) - 1
const MAX_GENERATION = 0x7ff
const PERMANENT = 5
/** Freed slots are reused only once this many wait, so a stale handle rarely meets its slot's next value. */
const REUSE_AFTER = 1024

/**
 * The host side of JS handles: integer ↔ value. A handle carries its slot's
 * generation, so a released or stale handle is refused (`ERRNO_BADF`) instead
 * of naming whatever reused the slot. Handles 0–4 are permanent
 * (`undefined`, `null`, `false`, `true`, the globals object); releasing them
 * does nothing. An embedder keeps the table to pass values in and out of a
 * guest.
 */
export class JsHandleTable {
  private readonly values: unknown[] = []
  private readonly generations: number[] = []
  private readonly free: number[] = []
  private freeHead = 0
  private live = 0

  /** `globals` is what {@link JS_HANDLE_GLOBAL} names. */
  constructor(globals: object = globalThis) {
    this.values.push(undefined, null, false, true, globals)
    this.generations.push(0, 0, 0, 0, 0)
  }

  /** Number of live (non-permanent) handles. */
  get size(): number {
    return this.live
  }

  /** A new handle for `value`; `undefined`, `null` and booleans get their permanent handles. Throws `ERRNO_NOMEM` when full. */
  add(value: unknown): number {
    if (value === undefined) return JS_HANDLE_UNDEFINED
    if (value === null) return JS_HANDLE_NULL
    if (value === false) return JS_HANDLE_FALSE
    if (value === true) return JS_HANDLE_TRUE
    let index: number
    if (this.free.length - this.freeHead > REUSE_AFTER) {
      index = this.free[this.freeHead++]!
      if (this.freeHead > 4096 && this.freeHead * 2 > this.free.length) {
        this.free.splice(0, this.freeHead)
        this.freeHead = 0
      }
    } else {
      index = this.values.length
      if (index > INDEX_MASK) {
        if (this.free.length === this.freeHead) throw new WasiError(C.ERRNO_NOMEM, 'no free JS handle')
        index = this.free[this.freeHead++]!
      } else {
        this.values.push(undefined)
        this.generations.push(1)
      }
    }
    this.values[index] = value
    this.live++
    return (this.generations[index]! << INDEX_BITS) | index
  }

  /** True when `handle` names a value. */
  has(handle: number): boolean {
    const index = handle & INDEX_MASK
    const generation = handle >>> INDEX_BITS
    if ((handle | 0) !== handle || handle < 0) return false
    if (index >= this.values.length || this.generations[index] !== generation) return false
    // Live slots never hold `undefined` (add() answers it with its permanent handle).
    return index < PERMANENT || this.values[index] !== undefined
  }

  /** The value `handle` names. Throws {@link WasiError} `ERRNO_BADF` for a released, stale or made-up handle. */
  get(handle: number): unknown {
    if (!this.has(handle)) throw new WasiError(C.ERRNO_BADF, `invalid JS handle ${handle}`)
    return this.values[handle & INDEX_MASK]
  }

  /** Release `handle` (a no-op for permanent ones). Throws `ERRNO_BADF` when it is not valid. */
  release(handle: number): void {
    if (!this.has(handle)) throw new WasiError(C.ERRNO_BADF, `invalid JS handle ${handle}`)
    const index = handle & INDEX_MASK
    if (index < PERMANENT) return
    this.values[index] = undefined
    const g = this.generations[index]!
    this.generations[index] = g >= MAX_GENERATION ? 1 : g + 1
    this.free.push(index)
    this.live--
  }

  /** Release every non-permanent handle (the guest is gone). */
  reset(): void {
    for (let i = PERMANENT; i < this.values.length; i++) {
      if (this.values[i] !== undefined) this.release((this.generations[i]! << INDEX_BITS) | i)
    }
  }
}

/** Options of {@link createJsContextImports}. */
export interface JsContextOptions {
  /** What {@link JS_HANDLE_GLOBAL} names. Default `globalThis`. Ignored when `table` is given. */
  globals?: object
  /** The handle table to use, so the embedder can pass values in and read results. Default: a new one. */
  table?: JsHandleTable
}

const encoder = new TextEncoder()
// Indirect eval: the guest's code runs in the global scope, never in this module's.
// biome-ignore lint/security/noGlobalEval: evaluating guest-supplied code is this bridge's purpose (design §3.3).
const indirectEval: (code: string) => unknown = globalThis.eval

function typeCode(value: unknown): number {
  if (value === null) return JS_TYPE.NULL
  switch (typeof value) {
    case 'undefined':
      return JS_TYPE.UNDEFINED
    case 'boolean':
      return JS_TYPE.BOOLEAN
    case 'number':
      return JS_TYPE.NUMBER
    case 'bigint':
      return JS_TYPE.BIGINT
    case 'string':
      return JS_TYPE.STRING
    case 'symbol':
      return JS_TYPE.SYMBOL
    case 'function':
      return JS_TYPE.FUNCTION
    default:
      return JS_TYPE.OBJECT
  }
}

/** Reads `count` u32 handles at `ptr` (checked as one range first). */
function readHandles(mem: GuestMemory, ptr: number, count: number): number[] {
  const n = count >>> 0
  if (n * 4 > 0xffffffff) throw new WasiError(C.ERRNO_FAULT)
  mem.check(ptr, n * 4)
  const out: number[] = new Array(n)
  for (let i = 0; i < n; i++) out[i] = mem.getU32((ptr >>> 0) + i * 4)
  return out
}

/**
 * The `vitamin_js_context` imports. The pending exception and the handle
 * table live as long as the imports (one guest instance).
 */
export function createJsContextImports(
  ctx: HostContext,
  options: JsContextOptions = {},
): Record<string, (...args: never[]) => number> {
  const table = options.table ?? new JsHandleTable(options.globals)
  const mem = ctx.memory
  let exception: { value: unknown } | null = null

  /** Runs host JavaScript; a throw becomes the pending exception and the status JS_CONTEXT_EXCEPTION. */
  const run = (body: () => void): number => {
    try {
      body()
      return C.ERRNO_SUCCESS
    } catch (e) {
      // A nested guest call exiting is not a JavaScript exception: it unwinds to WasiHost.start().
      if (e instanceof ProcExit) throw e
      exception = { value: e }
      return JS_CONTEXT_EXCEPTION
    } finally {
      // The JavaScript may have called into the guest and grown its memory: drop views of the old buffer.
      mem.refresh()
    }
  }

  /** A key (UTF-8, strict) at `ptr`. */
  const key = (ptr: number, len: number): string => {
    const s = mem.readStringStrict(ptr, len)
    if (s === null) throw new WasiError(C.ERRNO_ILSEQ)
    return s
  }

  /** Stores `value` as a new handle at `out`. */
  const result = (out: number, value: unknown): void => {
    const h = table.add(value)
    try {
      mem.setU32(out, h)
    } catch (e) {
      // Memory shrank under a nested guest call? Impossible for wasm, but never leak the handle.
      table.release(h)
      throw e
    }
  }

  return {
    js_context_eval(codePtr: number, codeLen: number, handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        mem.check(codePtr, codeLen)
        const code = key(codePtr, codeLen)
        let value: unknown
        const status = run(() => {
          value = indirectEval(code)
        })
        if (status === C.ERRNO_SUCCESS) result(handleOut, value)
        return status
      } catch (e) {
        return ctx.fail(e, 'js_context_eval')
      }
    },

    js_context_call(fn: number, self: number, argsPtr: number, argc: number, handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        const handles = readHandles(mem, argsPtr, argc)
        const f = table.get(fn)
        const thisArg = table.get(self)
        const args = handles.map((h) => table.get(h))
        let value: unknown
        const status = run(() => {
          value = Reflect.apply(f as (...a: unknown[]) => unknown, thisArg, args)
        })
        if (status === C.ERRNO_SUCCESS) result(handleOut, value)
        return status
      } catch (e) {
        return ctx.fail(e, 'js_context_call')
      }
    },

    js_context_construct(ctor: number, argsPtr: number, argc: number, handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        const handles = readHandles(mem, argsPtr, argc)
        const c = table.get(ctor)
        const args = handles.map((h) => table.get(h))
        let value: unknown
        const status = run(() => {
          value = Reflect.construct(c as new (...a: unknown[]) => unknown, args)
        })
        if (status === C.ERRNO_SUCCESS) result(handleOut, value)
        return status
      } catch (e) {
        return ctx.fail(e, 'js_context_construct')
      }
    },

    js_context_get_property(obj: number, keyPtr: number, keyLen: number, handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        mem.check(keyPtr, keyLen)
        const target = table.get(obj)
        const name = key(keyPtr, keyLen)
        let value: unknown
        const status = run(() => {
          // As `target[name]`: primitives are boxed (`"abc".length`), null and undefined throw a TypeError.
          if (target === null || target === undefined) {
            throw new TypeError(`Cannot read properties of ${target} (reading '${name}')`)
          }
          value = Reflect.get(Object(target), name, target)
        })
        if (status === C.ERRNO_SUCCESS) result(handleOut, value)
        return status
      } catch (e) {
        return ctx.fail(e, 'js_context_get_property')
      }
    },

    js_context_set_property(obj: number, keyPtr: number, keyLen: number, value: number): number {
      try {
        mem.check(keyPtr, keyLen)
        const target = table.get(obj)
        const v = table.get(value)
        const name = key(keyPtr, keyLen)
        return run(() => {
          // As a strict-mode `target[name] = v`: a primitive target or a refused assignment throws.
          if ((typeof target !== 'object' && typeof target !== 'function') || target === null) {
            throw new TypeError(`Cannot create property '${name}' on ${target === null ? 'null' : typeof target}`)
          }
          if (!Reflect.set(target as object, name, v, target)) {
            throw new TypeError(`Cannot assign to property '${name}' of object`)
          }
        })
      } catch (e) {
        return ctx.fail(e, 'js_context_set_property')
      }
    },

    js_context_create_object(handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        result(handleOut, {})
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_create_object')
      }
    },

    js_context_typeof(handle: number, typeOut: number): number {
      try {
        mem.check(typeOut, 4)
        mem.setU32(typeOut, typeCode(table.get(handle)))
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_typeof')
      }
    },

    js_context_from_number(value: number, handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        result(handleOut, value)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_from_number')
      }
    },

    js_context_to_number(handle: number, numberOut: number): number {
      try {
        mem.check(numberOut, 8)
        const v = table.get(handle)
        let n = 0
        const status = run(() => {
          n = Number(v)
        })
        if (status === C.ERRNO_SUCCESS) {
          const p = mem.check(numberOut, 8)
          mem.view.setFloat64(p, n, true)
        }
        return status
      } catch (e) {
        return ctx.fail(e, 'js_context_to_number')
      }
    },

    js_context_from_bool(value: number, handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        mem.setU32(handleOut, value !== 0 ? JS_HANDLE_TRUE : JS_HANDLE_FALSE)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_from_bool')
      }
    },

    js_context_to_bool(handle: number, boolOut: number): number {
      try {
        mem.check(boolOut, 4)
        mem.setU32(boolOut, table.get(handle) ? 1 : 0)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_to_bool')
      }
    },

    js_context_from_string(ptr: number, len: number, handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        mem.check(ptr, len)
        result(handleOut, key(ptr, len))
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_from_string')
      }
    },

    js_context_to_string(handle: number, buf: number, bufLen: number, neededOut: number): number {
      try {
        mem.check(neededOut, 4)
        mem.check(buf, bufLen)
        const v = table.get(handle)
        let s = ''
        const status = run(() => {
          s = String(v)
        })
        if (status !== C.ERRNO_SUCCESS) return status
        const bytes = encoder.encode(s)
        mem.setU32(neededOut, bytes.length)
        if (bytes.length > bufLen >>> 0) return C.ERRNO_RANGE
        mem.writeBytes(buf, bytes)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_to_string')
      }
    },

    js_context_dup(handle: number, handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        const v = table.get(handle)
        if (handle === JS_HANDLE_GLOBAL) mem.setU32(handleOut, JS_HANDLE_GLOBAL)
        else result(handleOut, v)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_dup')
      }
    },

    js_context_release(handle: number): number {
      try {
        table.release(handle)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_release')
      }
    },

    js_context_take_exception(handleOut: number): number {
      try {
        mem.check(handleOut, 4)
        if (exception === null) return C.ERRNO_NOENT
        result(handleOut, exception.value)
        exception = null
        return C.ERRNO_SUCCESS
      } catch (e) {
        return ctx.fail(e, 'js_context_take_exception')
      }
    },
  }
}
