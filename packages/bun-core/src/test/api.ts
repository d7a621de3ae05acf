/**
 * `test`/`it`/`describe` and their variants, and the hook functions, as
 * `bun:test` exports them. A variant (`test.skip`, `describe.only.each(…)`)
 * is a function carrying its configuration; its getters and methods
 * (`.skip .todo .failing .concurrent .serial .only`, `.if .skipIf .todoIf
 * .failingIf .concurrentIf .serialIf .each`) make new variants, and Bun's
 * errors when a modifier is set twice (`Cannot get .skip on test.skip`).
 *
 * During collection `test()` adds a test to the describe scope being
 * collected and `describe()` queues its callback (see `file-run.ts`); during
 * execution both throw, as in Bun. `.each(table)` declares one test per row,
 * its name formatted by {@link formatLabel}.
 */

import { isClass } from '../runtime/console/introspect.js'
import { inspectValue } from '../runtime/console-bridge.js'
import type { Runtime } from '../runtime/runtime.js'
import { framesOf } from '../runtime/stack.js'
import type { FileRun } from './file-run.js'
import { extendCfg, type HookKind, PLAIN_CFG, type ScopeCfg, type TestCallback } from './scope.js'
import type { TestSession } from './session.js'

/** How the API finds the session (throws Bun's error outside `bun test`). */
export type SessionGetter = (signature: string) => TestSession

type Kind = 'test' | 'describe'

/** `test.concurrent.skip.only.each()` — how Bun names a variant in its errors. */
function signatureOf(kind: Kind, cfg: ScopeCfg, each: boolean): string {
  let out: string = kind
  if (cfg.concurrent === 'yes') out += '.concurrent'
  else if (cfg.concurrent === 'no') out += '.serial'
  if (cfg.mode !== 'normal') out += `.${cfg.mode}`
  if (cfg.only) out += '.only'
  if (each) out += '.each()'
  return out
}

/** Parsed `(description, callback, options)`. */
interface Arguments {
  description: string | null
  callback: TestCallback | null
  timeout: number
  retry: number | undefined
  repeats: number | undefined
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null
}

/** Reads Bun's `(name, fn, options)` in any of its accepted shapes. */
export function parseArguments(
  args: unknown[],
  signature: string,
  requireCallback: boolean,
  session: TestSession,
): Arguments {
  // Indexing, not destructuring: no iterator per declared test.
  const a1 = args[0]
  const a2 = args[1]
  const a3 = args[2]
  let description: unknown
  let callback: unknown
  let options: unknown
  if (isPresent(a3)) {
    description = a1
    if (typeof a2 === 'function') {
      callback = a2
      options = a3
    } else {
      callback = a3
      options = a2
    }
  } else if (isPresent(a2)) {
    description = a1
    callback = a2
  } else if (isPresent(a1)) {
    if (typeof a1 === 'function') callback = a1
    else description = a1
  }
  let resultCallback: TestCallback | null = null
  if (!requireCallback && !isPresent(callback)) resultCallback = null
  else if (typeof callback === 'function') resultCallback = callback as TestCallback
  else throw new Error(`${signature} expects a function as the second argument`)

  let timeoutOption: number | undefined
  let retry: number | undefined
  let repeats: number | undefined
  const call = `${signature.replace(/\(\)$/, '')}()`
  if (typeof options === 'number') timeoutOption = options
  else if (typeof options === 'function')
    throw new Error(`${call} expects options to be a number or object, not a function`)
  else if (options !== null && typeof options === 'object') {
    const o = options as Record<string, unknown>
    if (o.timeout !== undefined) {
      if (typeof o.timeout !== 'number') throw new Error(`${call} expects timeout to be a number`)
      timeoutOption = o.timeout
    }
    if (o.retry !== undefined) {
      if (typeof o.retry !== 'number') throw new Error(`${call} expects retry to be a number`)
      retry = o.retry
    }
    if (o.repeats !== undefined) {
      if (typeof o.repeats !== 'number') throw new Error(`${call} expects repeats to be a number`)
      repeats = o.repeats
    }
  } else if (options !== undefined && options !== null)
    throw new Error(`${call} expects a number, object, or undefined as the third argument`)

  let name: string | null = null
  if (isPresent(description)) {
    if (isClass(description)) name = (description as { name: string }).name
    else if (typeof description === 'function' && (description as { name: string }).name)
      name = (description as { name: string }).name
    else if (typeof description === 'number' || typeof description === 'string') name = String(description)
    else throw new Error(`${call} expects first argument to be a named class, named function, number, or string`)
  }
  const timeout =
    timeoutOption !== undefined ? Math.max(0, Math.min(Math.trunc(timeoutOption), 0xffffffff)) || 0 : session.timeout
  return { description: name, callback: resultCallback, timeout, retry, repeats }
}

function isIdentifierStart(ch: string): boolean {
  return /[\p{ID_Start}$_]/u.test(ch)
}
function isIdentifierContinue(ch: string): boolean {
  return /[\p{ID_Continue}$\u200c\u200d]/u.test(ch)
}

/** A test name of `.each`, with Bun's `%s %i %d %f %j %o %p %# %%` and `$path` substitutions. */
export function formatLabel(runtime: Runtime, label: string, args: unknown[], index: number): string {
  let out = ''
  let argIndex = 0
  let i = 0
  const first = args[0]
  while (i < label.length) {
    const ch = label[i] as string
    if (ch === '$' && i + 1 < label.length && args.length > 0 && first !== null && typeof first === 'object') {
      const start = i + 1
      let end = start
      if (isIdentifierStart(label[end] as string)) {
        end++
        while (end < label.length) {
          const c = label[end] as string
          if (c === '.') {
            if (end + 1 < label.length && isIdentifierContinue(label[end + 1] as string)) end++
            else break
          } else if (isIdentifierContinue(c)) end++
          else break
        }
        const path = label.slice(start, end)
        let value: unknown = first
        for (const key of path.split('.')) {
          value = value !== null && value !== undefined ? (value as Record<string, unknown>)[key] : undefined
        }
        if (value !== undefined && value !== null) {
          out += typeof value === 'string' ? value : inspectValue(runtime, value, {})
          i = end
          continue
        }
      } else {
        while (end < label.length && isIdentifierContinue(label[end] as string) && label[end] !== '$') end++
      }
      // Bun skips the character after an unresolved `$name`.
      out += `$${label.slice(start, end)}`
      i = end + 1
      continue
    }
    if (ch === '%' && i + 1 < label.length && argIndex < args.length) {
      const arg = args[argIndex]
      const spec = label[i + 1]
      const consume = (write: boolean, fallback: string) => {
        out += write ? String(arg) : fallback
        i += 2
        argIndex++
      }
      switch (spec) {
        case 's':
          consume(typeof arg === 'string', '%s')
          continue
        case 'i':
          consume(typeof arg === 'number' && Number.isInteger(arg), '%i')
          continue
        case 'd':
          consume(typeof arg === 'number', '%d')
          continue
        case 'f':
          consume(typeof arg === 'number', '%f')
          continue
        case 'j':
        case 'o':
          out += JSON.stringify(arg) ?? ''
          i += 2
          argIndex++
          continue
        case 'p':
          out += inspectValue(runtime, arg, {})
          i += 2
          argIndex++
          continue
        case '#':
          out += String(index)
          i += 2
          continue
        case '%':
          out += '%'
          i += 2
          continue
        default:
          i += 1
          continue
      }
    }
    out += ch
    i++
  }
  return out
}

/** The line of the user code calling into the API (for the JUnit report). */
function callerLine(session: TestSession): number {
  if (session.options.junitOutfile === null) return 0
  const frames = framesOf(new Error())
  return frames[0]?.line ?? 0
}

/** Adds a test (or queues a describe) to the file being collected. Module-level: no closure per call. */
function enqueue(
  session: TestSession,
  file: FileRun,
  kind: Kind,
  base: ScopeCfg,
  line: number,
  parsed: Arguments,
  description: string | null,
  callback: TestCallback | null,
  length: number,
): void {
  if (kind === 'describe') {
    const scope = file.activeScope.appendDescribe(description, base, line)
    file.queueDescribe(scope, callback)
    return
  }
  let matches = true
  const pattern = session.options.namePattern
  if (pattern) {
    const names: string[] = []
    for (let p: typeof file.activeScope | null = file.activeScope; p; p = p.base.parent)
      if (p.base.name !== null) names.unshift(p.base.name)
    names.push(description ?? '')
    pattern.lastIndex = 0
    matches = pattern.test(names.join(' '))
  }
  file.activeScope.appendTest(
    description,
    matches ? callback : null,
    {
      timeout: parsed.timeout,
      hasDone: callback !== null && length >= 1,
      retry: parsed.retry ?? session.options.retry,
      repeats: parsed.repeats ?? 0,
      line,
      runTodo: session.options.runTodo,
    },
    matches ? base : { ...base, mode: 'filtered_out' },
  )
}

/** Creates `test` or `describe` (or one of their variants). */
export function createScopeFunction(
  runtime: Runtime,
  getSession: SessionGetter,
  kind: Kind,
  cfg: ScopeCfg,
  each: unknown[] | null,
  name: string,
): (...args: unknown[]) => void {
  const signature = signatureOf(kind, cfg, each !== null)
  const fn = function (this: unknown, ...args: unknown[]): void {
    const session = getSession(signature)
    const file = session.file
    if (!file || session.inPreload) throw new Error(`Cannot use ${signature} outside of a test file.`)
    if (file.phase === 'execution')
      throw new Error(`Cannot call ${signature}() inside a test. Call it inside describe() instead.`)
    if (file.phase === 'done') throw new Error(`Cannot call ${signature}() after the test run has completed`)
    const parsed = parseArguments(args, signature, !(cfg.mode === 'skip' || cfg.mode === 'todo'), session)
    const line = callerLine(session)
    const callbackLength = parsed.callback ? parsed.callback.length : 0
    let base = cfg
    if (session.options.concurrent && base.concurrent === 'inherit') base = { ...base, concurrent: 'yes' }
    if (parsed.retry !== undefined || session.options.retry > 0) {
      if (parsed.repeats !== undefined) throw new Error(`${signature}(): Cannot set both retry and repeats`)
    }
    if (each !== null) {
      for (let index = 0; index < each.length; index++) {
        const item = each[index]
        const rowArgs = Array.isArray(item) ? [...item] : [item]
        const label = parsed.description !== null ? formatLabel(runtime, parsed.description, rowArgs, index) : null
        const callback = parsed.callback
        const bound = callback
          ? (function (this: unknown, ...rest: unknown[]) {
              return callback.call(item, ...rowArgs, ...rest)
            } as TestCallback)
          : null
        enqueue(session, file, kind, base, line, parsed, label, bound, Math.max(0, callbackLength - rowArgs.length))
      }
      return
    }
    enqueue(session, file, kind, base, line, parsed, parsed.description, parsed.callback, callbackLength)
  }
  const variant = (extra: Partial<ScopeCfg>, what: string, modifier: string) => {
    if (extra.mode === 'failing' && kind === 'describe') throw new Error(`Cannot ${what} on ${signature}`)
    const extended = extendCfg(cfg, extra)
    if (!extended) throw new Error(`Cannot ${what} on ${signature}`)
    if (extra.only && extended.only) checkOnlyInCi(getSession, signature)
    return createScopeFunction(runtime, getSession, kind, extended, each, modifier)
  }
  const conditional =
    (extra: Partial<ScopeCfg>, what: string, invert: boolean, modifier: string) =>
    (...args: unknown[]) => {
      if (args.length === 0) throw new Error('Expected condition to be a boolean')
      const condition = Boolean(args[0])
      if (condition !== invert) return variant(extra, what, modifier)
      return createScopeFunction(runtime, getSession, kind, cfg, each, modifier)
    }
  const getters: Record<string, () => unknown> = {
    skip: () => variant({ mode: 'skip' }, 'get .skip', 'skip'),
    todo: () => variant({ mode: 'todo' }, 'get .todo', 'todo'),
    failing: () => variant({ mode: 'failing' }, 'get .failing', 'failing'),
    concurrent: () => variant({ concurrent: 'yes' }, 'get .concurrent', 'concurrent'),
    serial: () => variant({ concurrent: 'no' }, 'get .serial', 'serial'),
    only: () => variant({ only: true }, 'get .only', 'only'),
  }
  const methods: Record<string, (...args: unknown[]) => unknown> = {
    if: conditional({ mode: 'skip' }, 'call .if()', true, 'if'),
    skipIf: conditional({ mode: 'skip' }, 'call .skipIf()', false, 'skipIf'),
    todoIf: conditional({ mode: 'todo' }, 'call .todoIf()', false, 'todoIf'),
    failingIf: conditional({ mode: 'failing' }, 'call .failingIf()', false, 'failingIf'),
    concurrentIf: conditional({ concurrent: 'yes' }, 'call .concurrentIf()', false, 'concurrentIf'),
    serialIf: conditional({ concurrent: 'no' }, 'call .serialIf()', false, 'serialIf'),
    each: (table: unknown) => {
      if (table === undefined || table === null || !Array.isArray(table))
        throw new Error(`Expected array, got ${inspectValue(runtime, table, {})}`)
      if (each !== null) throw new Error(`Cannot each on ${signature}`)
      return createScopeFunction(runtime, getSession, kind, cfg, table, 'each')
    },
  }
  const proto = Object.create(Function.prototype) as object
  for (const [key, get] of Object.entries(getters))
    Object.defineProperty(proto, key, { get, enumerable: false, configurable: true })
  for (const [key, method] of Object.entries(methods))
    Object.defineProperty(proto, key, { value: method, enumerable: false, writable: true, configurable: true })
  Object.setPrototypeOf(fn, proto)
  Object.defineProperty(fn, 'name', { value: `bound ${name}` })
  Object.defineProperty(fn, 'length', { value: 1 })
  return fn
}

function checkOnlyInCi(getSession: SessionGetter, signature: string): void {
  const session = getSession(signature)
  if (session.ci)
    throw new Error(
      '.only is disabled in CI environments to prevent accidentally skipping tests. To override, set the environment variable CI=false.',
    )
}

/** `beforeAll`/`beforeEach`/`afterEach`/`afterAll`/`onTestFinished`. */
export function createHook(getSession: SessionGetter, kind: HookKind | 'onTestFinished'): (...args: unknown[]) => void {
  const signature = `${kind}()`
  const hook = (...args: unknown[]): void => {
    const session = getSession(signature)
    // Hooks take (fn, timeout | options) as well as (name, fn, options).
    const parsed = parseArguments(typeof args[0] === 'function' ? [undefined, ...args] : args, signature, true, session)
    const callback = parsed.callback as TestCallback
    const options = { timeout: parsed.timeout, hasDone: callback.length > 0 }
    if (session.inPreload || !session.file) {
      if (kind === 'onTestFinished') throw new Error(`Cannot call ${kind}() here. Call it inside a test instead.`)
      session.ensurePreloadScope().appendHook(kind, callback, options)
      return
    }
    const file = session.file
    if (file.phase === 'collection') {
      if (kind === 'onTestFinished')
        throw new Error(
          'Cannot call onTestFinished() here. It cannot be called inside a concurrent test. Call it inside describe() instead.',
        )
      file.activeScope.appendHook(kind, callback, options)
      return
    }
    if (file.phase === 'execution') {
      if (kind === 'afterAll' || kind === 'afterEach' || kind === 'onTestFinished') {
        const sequence = session.currentSequence
        const entry = session.currentTestEntry
        if (!sequence || !entry)
          throw new Error(
            `Cannot call ${kind}() here. It cannot be called inside a concurrent test. Call it inside describe() instead.`,
          )
        const added = file.root.appendHook('afterEach', callback, options)
        file.root.afterEach.pop()
        if (kind === 'onTestFinished') (added as typeof added & { onFinished?: boolean }).onFinished = true
        sequence.finished.push(added)
        return
      }
      throw new Error(`Cannot call ${kind}() inside a test. Call it inside describe() instead.`)
    }
    throw new Error(`Cannot call ${kind}() after the test run has completed`)
  }
  Object.defineProperty(hook, 'name', { value: kind })
  return hook
}

/** `test` and friends for the module: plain variants of both kinds. */
export function createScopeFunctions(
  runtime: Runtime,
  getSession: SessionGetter,
): {
  test: (...args: unknown[]) => void
  describe: (...args: unknown[]) => void
  xtest: (...args: unknown[]) => void
  xdescribe: (...args: unknown[]) => void
} {
  return {
    test: createScopeFunction(runtime, getSession, 'test', PLAIN_CFG, null, 'test'),
    describe: createScopeFunction(runtime, getSession, 'describe', PLAIN_CFG, null, 'describe'),
    xtest: createScopeFunction(runtime, getSession, 'test', { ...PLAIN_CFG, mode: 'skip' }, null, 'xtest'),
    xdescribe: createScopeFunction(runtime, getSession, 'describe', { ...PLAIN_CFG, mode: 'skip' }, null, 'xdescribe'),
  }
}
