/**
 * The vitamin_js_context bridge: C programs (test/c/js_*.c) build objects,
 * call host functions handed in as globals, catch exceptions and misuse
 * handles; the handle table is also tested directly.
 */

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createVfs } from '@aspect-build/virtual-fs'
import * as C from '@aspect-build/wasm-host'
import {
  createJsContextImports,
  type HostContext,
  JS_CONTEXT_EXCEPTION,
  JS_CONTEXT_MODULE,
  JS_HANDLE_FALSE,
  JS_HANDLE_GLOBAL,
  JS_HANDLE_NULL,
  JS_HANDLE_TRUE,
  JS_HANDLE_UNDEFINED,
  JsHandleTable,
  WasiError,
  WasiHost,
  type WasiHostOptions,
} from '@aspect-build/wasm-host'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const INCLUDE = fileURLToPath(new URL('../include/', import.meta.url))
const CACHE = fileURLToPath(new URL('../../../.cache/wasm-host/vitamin/', import.meta.url))
const FLAGS = ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', '-Wall', '-Werror', `-I${INCLUDE}`]

/** Compiles test/c/<name>.c against include/vitamin.h (cached by content). */
function buildGuest(name: string): string {
  const source = fileURLToPath(new URL(`./c/${name}.c`, import.meta.url))
  const hash = createHash('sha256')
    .update(readFileSync(source))
    .update(readFileSync(`${INCLUDE}vitamin.h`))
    .update(FLAGS.join(' '))
    .digest('hex')
    .slice(0, 16)
  const out = `${CACHE}${name}-${hash}.wasm`
  if (existsSync(out)) return out
  mkdirSync(CACHE, { recursive: true })
  const partial = `${out}.${process.pid}.tmp`
  const r = spawnSync('clang', [...FLAGS, source, '-o', partial], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`clang failed for ${name}.c:\n${r.stderr}${r.error ?? ''}`)
  renameSync(partial, out)
  return out
}

/** Host options whose JS context module (replacing the built-in one) uses `table`. */
function hostOptions(options: WasiHostOptions, table: JsHandleTable): WasiHostOptions {
  const modules = {
    ...options.modules,
    [JS_CONTEXT_MODULE]: (ctx: HostContext) => createJsContextImports(ctx, { table }),
  }
  return { ...options, modules }
}

/** Runs test/c/<name>.c with `globals` as the guest's globals object; `setup` sees the instance. */
async function runGuest(name: string, globals: object, setup?: (instance: WebAssembly.Instance) => void) {
  const table = new JsHandleTable(globals)
  const out: Uint8Array[] = []
  const err: Uint8Array[] = []
  const host = new WasiHost(
    hostOptions({ vfs: createVfs(), args: [name], stdout: (c) => out.push(c), stderr: (c) => err.push(c) }, table),
  )
  const module = await WebAssembly.compile(readFileSync(buildGuest(name)))
  const instance = await WebAssembly.instantiate(module, host.imports)
  setup?.(instance)
  const exitCode = host.start(instance)
  return {
    exitCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    table,
  }
}

/** The message the host engine gives for `fn`'s exception. */
function messageOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('did not throw')
}

describe('C guests over vitamin_js_context', () => {
  it('builds objects, calls host functions and methods, reads values back, releases every handle', async () => {
    const recorded: unknown[] = []
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
      get length() {
        return Math.hypot(this.x, this.y)
      }
    }
    const globals = {
      add: (a: number, b: number) => a + b,
      record: (value: unknown) => {
        recorded.push(value)
      },
      upper: (s: string) => s.toUpperCase(),
      JSON,
      Point,
    }
    const r = await runGuest('js_objects', globals)
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    const loud = 'HÉLLO WÖRLD ✓'
    expect(r.stdout).toBe(
      [
        'add(2, 40): 42',
        'from_bool(7) is the true handle: 1',
        'typeof name: 5, truthy 1',
        'typeof count: 3, truthy 1',
        'typeof ok: 2, truthy 1',
        'typeof nothing: 1, truthy 0',
        'typeof child: 7, truthy 1',
        'typeof missing: 0, truthy 0',
        'child.x: 1.5',
        `JSON: ${JSON.stringify({ name: 'vitamin', count: 3, ok: true, nothing: null, child: { x: 1.5 } })}`,
        'eval: 2-4-6',
        'new Point(3, 4).length: 5',
        `upper: ${loud}`,
        `to_string into 4 bytes: status ${C.ERRNO_RANGE}, needed ${Buffer.byteLength(loud)}, buffer ####`,
        "'abc'.length: 3",
        '',
      ].join('\n'),
    )
    // The object the guest built is a real JS object on the host side.
    expect(recorded).toEqual([{ name: 'vitamin', count: 3, ok: true, nothing: null, child: { x: 1.5 } }])
    expect(r.table.size).toBe(0)
  })

  it('a thrown exception becomes VITAMIN_JS_EXCEPTION and is taken as a handle', async () => {
    const globals = {
      fail: (message: string) => {
        throw new Error(message)
      },
    }
    const r = await runGuest('js_exceptions', globals)
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    // biome-ignore lint/security/noGlobalEval: the oracle is the engine's own message for this syntax error.
    const syntax = messageOf(() => globalThis.eval('this is ( not javascript'))
    const notCallable = messageOf(() => Reflect.apply('boom' as never, undefined, []))
    const symbolToNumber = messageOf(() => Number(Symbol('s')))
    const E = JS_CONTEXT_EXCEPTION
    expect(r.stdout).toBe(
      [
        `fail('boom'): status ${E}`,
        '  name: Error',
        '  message: boom',
        'out untouched: 1',
        `take_exception with none pending: ${C.ERRNO_NOENT}`,
        `eval syntax error: status ${E}`,
        '  name: SyntaxError',
        `  message: ${syntax}`,
        `undefined.x: status ${E}`,
        '  name: TypeError',
        "  message: Cannot read properties of undefined (reading 'x')",
        `call a non-function: status ${E}`,
        '  name: TypeError',
        `  message: ${notCallable}`,
        `throw 42: status ${E}`,
        '  thrown type 3: 42',
        `Number(Symbol()): status ${E}`,
        '  name: TypeError',
        `  message: ${symbolToNumber}`,
        `frozen.a = 1: status ${E}`,
        '  name: TypeError',
        "  message: Cannot assign to property 'a' of object",
        `1.x = 1 (a primitive): status ${E}`,
        '  name: TypeError',
        "  message: Cannot create property 'x' on number",
        `a throwing getter: status ${E}`,
        '  name: RangeError',
        '  message: nope',
        `throw 2 after throw 1: status ${E}`,
        '  thrown type 3: 2',
        '',
      ].join('\n'),
    )
    expect(r.table.size).toBe(0)
  })

  it('released, stale and made-up handles are EBADF; bad pointers EFAULT; bad UTF-8 EILSEQ', async () => {
    const r = await runGuest('js_handles', {})
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    const { ERRNO_BADF: BADF, ERRNO_FAULT: FAULT, ERRNO_ILSEQ: ILSEQ } = C
    expect(r.stdout).toBe(
      [
        'dup is a new handle: 1',
        'release: 0',
        `release again: ${BADF}`,
        `typeof released: ${BADF}`,
        `get_property on released: ${BADF}`,
        `set_property with released value: ${BADF}`,
        `call with a released argument: ${BADF}`,
        'the dup still works: 0',
        '  its type: 7',
        'a stale handle is never issued again soon: 1',
        `typeof stale: ${BADF}`,
        `made-up handle 12345: ${BADF}`,
        `made-up handle 0x7fffffff: ${BADF}`,
        `made-up handle 0x80000000: ${BADF}`,
        'release null (permanent): 0',
        'typeof null after release: 0',
        '  its type: 1',
        'typeof a zeroed handle: 0',
        '  its type: 0',
        'dup global: 0',
        '  is the global handle: 1',
        `key with bad UTF-8: ${ILSEQ}`,
        `from_string with bad UTF-8: ${ILSEQ}`,
        `eval with bad UTF-8: ${ILSEQ}`,
        `create_object into a bad pointer: ${FAULT}`,
        `eval of a bad range: ${FAULT}`,
        `call with bad args: ${FAULT}`,
        `call with argc past memory: ${FAULT}`,
        `to_string into a bad buffer: ${FAULT}`,
        `take_exception into a bad pointer: ${FAULT}`,
        `bad pointer and bad handle: ${FAULT}`,
        'release the dup: 0',
        '',
      ].join('\n'),
    )
    expect(r.table.size).toBe(0)
  })

  it('a host function may call back into the guest (memory grows meanwhile) and the guest may exit from there', async () => {
    let instance: WebAssembly.Instance | undefined
    const exports = () => instance!.exports as { twice_after_growing(n: number): number; bye(code: number): void }
    const memory = () => instance!.exports.memory as WebAssembly.Memory
    let pagesBefore = 0
    let pagesAfter = 0
    const globals = {
      callGuest: (n: number) => {
        pagesBefore = memory().buffer.byteLength
        const result = exports().twice_after_growing(n)
        pagesAfter = memory().buffer.byteLength
        return result
      },
      exitVia: (code: number) => exports().bye(code),
    }
    const r = await runGuest('js_callback', globals, (i) => {
      instance = i
    })
    expect(r.stderr).toBe('')
    expect(pagesAfter).toBeGreaterThan(pagesBefore)
    expect(r.stdout).toBe('callGuest(21): status 0, result 42\nbye(7)\n')
    // proc_exit inside the callback unwound through js_context_call to WasiHost.start().
    expect(r.exitCode).toBe(7)
  })
})

describe('JsHandleTable', () => {
  const badf = expect.objectContaining({ errno: C.ERRNO_BADF })

  it('gives undefined, null, booleans and the globals their permanent handles', () => {
    const globals = { g: 1 }
    const t = new JsHandleTable(globals)
    expect(t.add(undefined)).toBe(JS_HANDLE_UNDEFINED)
    expect(t.add(null)).toBe(JS_HANDLE_NULL)
    expect(t.add(false)).toBe(JS_HANDLE_FALSE)
    expect(t.add(true)).toBe(JS_HANDLE_TRUE)
    expect(t.get(JS_HANDLE_GLOBAL)).toBe(globals)
    expect(t.size).toBe(0)
    t.release(JS_HANDLE_GLOBAL)
    expect(t.get(JS_HANDLE_GLOBAL)).toBe(globals)
  })

  it('puts the generation above the index, and refuses a handle once released', () => {
    const t = new JsHandleTable()
    const value = { v: 1 }
    const h = t.add(value)
    expect(h & 0xfffff).toBe(5)
    expect(h >>> 20).toBe(1)
    expect(h).toBeGreaterThan(0)
    expect(t.get(h)).toBe(value)
    expect(t.size).toBe(1)
    t.release(h)
    expect(t.size).toBe(0)
    expect(t.has(h)).toBe(false)
    expect(() => t.get(h)).toThrow(badf)
    expect(() => t.release(h)).toThrow(badf)
    expect(() => t.get(h)).toThrow(WasiError)
    // Not an i32 handle at all.
    for (const bad of [1.5, -1, 2 ** 31, Number.NaN]) expect(t.has(bad)).toBe(false)
  })

  it('reuses a slot only after 1024 others were freed, and then under a new generation', () => {
    const t = new JsHandleTable()
    const first = t.add('first')
    t.release(first)
    const later: number[] = []
    for (let i = 0; i < 1024; i++) later.push(t.add(i))
    expect(later.every((h) => (h & 0xfffff) !== (first & 0xfffff))).toBe(true)
    for (const h of later) t.release(h)
    const reused = t.add('reused')
    expect(reused & 0xfffff).toBe(first & 0xfffff)
    expect(reused >>> 20).toBe((first >>> 20) + 1)
    expect(() => t.get(first)).toThrow(badf)
    expect(t.get(reused)).toBe('reused')
  })

  it('reset() releases everything but the permanent handles', () => {
    const t = new JsHandleTable()
    const hs = [t.add(1), t.add('two'), t.add({})]
    t.reset()
    expect(t.size).toBe(0)
    for (const h of hs) expect(() => t.get(h)).toThrow(badf)
    expect(t.get(JS_HANDLE_NULL)).toBe(null)
  })

  it('answers ERRNO_NOMEM when all 2^20 slots are live', () => {
    const t = new JsHandleTable()
    for (let i = 5; i < 1 << 20; i++) t.add(i)
    expect(() => t.add('one too many')).toThrow(expect.objectContaining({ errno: C.ERRNO_NOMEM }))
    t.release((1 << 20) | 6)
    expect(t.add('fits again') & 0xfffff).toBe(6)
  })
})

describe('a hostile guest', () => {
  it('random arguments to every import never throw: each call answers a status', () => {
    const table = new JsHandleTable({})
    const hostErrors: unknown[] = []
    const host = new WasiHost(hostOptions({ vfs: createVfs(), onError: (e) => hostErrors.push(e) }, table))
    const memory = new WebAssembly.Memory({ initial: 1 })
    host.memory.bind(memory)
    const js = host.imports[JS_CONTEXT_MODULE] as unknown as Record<string, (...args: number[]) => number>
    const names = Object.keys(js)
    expect(names).toHaveLength(16)
    // Small numbers hit valid pointers and live handles; large ones hit neither.
    const arg = fc.oneof(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 70_000 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.constantFrom(JS_HANDLE_GLOBAL, (1 << 20) | 5, (1 << 20) | 6),
    )
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(arg, { minLength: 5, maxLength: 5 }), (name, args) => {
        const status = js[name]!(...args)
        expect(Number.isInteger(status)).toBe(true)
        expect((status >= 0 && status <= C.ERRNO_NOTCAPABLE) || status === JS_CONTEXT_EXCEPTION).toBe(true)
      }),
      { numRuns: 5000 },
    )
    // No call was a host failure (those answer ERRNO_IO and are reported).
    expect(hostErrors).toEqual([])
  })
})
