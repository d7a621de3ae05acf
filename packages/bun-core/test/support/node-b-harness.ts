/**
 * Harness of the differential suites of buffer, events, stream,
 * string_decoder, readline, tty, perf_hooks, async_hooks and
 * diagnostics_channel.
 *
 * Our builtins are bundled by esbuild for the browser — so `buffer`,
 * `events`, `string_decoder` and `process` resolve to the npm packages the
 * browser bundle uses, not Node's — and the bundle is evaluated with the Node
 * globals (`process`, `Buffer`, `global`, `require`) hidden. A scenario is a
 * piece of JavaScript using `require('node:…')` and `print(…)`; the same
 * script runs under the real Bun and against our builtins, and the printed
 * lines are compared per scenario.
 */

import { EventEmitter as NodeEmitter } from 'node:events'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { NodeContext } from '../../src/runtime/node/context.js'
import { runRealBun } from './real-bun.js'
import { createTestContext, createTestHost, type TestHostOptions } from './test-host.js'

const NODE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../src/runtime/node')

/** The modules a scenario can require, by Node name, mapped to our factory's export name and file. */
const MODULES: Record<string, [file: string, factory: string]> = {
  buffer: ['buffer', 'createBuffer'],
  events: ['events', 'createEvents'],
  stream: ['stream', 'createStream'],
  'stream/promises': ['stream-promises', 'createStreamPromises'],
  'stream/web': ['stream-web', 'createStreamWeb'],
  string_decoder: ['string-decoder', 'createStringDecoder'],
  readline: ['readline', 'createReadline'],
  'readline/promises': ['readline', 'createReadlinePromises'],
  tty: ['tty', 'createTty'],
  perf_hooks: ['perf-hooks', 'createPerfHooks'],
  async_hooks: ['async-hooks', 'createAsyncHooks'],
  diagnostics_channel: ['diagnostics-channel', 'createDiagnosticsChannel'],
}

type Factory = (ctx: NodeContext) => object
/** The browser build: each file's exports. */
export type BrowserBuild = Record<string, Record<string, unknown>>

const builds = new Map<string, Promise<BrowserBuild>>()

/** Bundles our builtin files for the browser and evaluates the bundle without Node's globals (once per list). */
export function loadBrowserBuild(files: string[]): Promise<BrowserBuild> {
  const key = files.join(',')
  let cached = builds.get(key)
  if (cached) return cached
  cached = (async () => {
    const entry = files.map((file) => `export * as ${file.replace(/-/g, '_')} from './${file}.ts'`).join('\n')
    const result = await build({
      stdin: { contents: entry, resolveDir: NODE_DIR, loader: 'ts', sourcefile: 'node-b-entry.ts' },
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      write: false,
      // As the runtime's worker bundles: bundling must not rename classes (their names show).
      keepNames: true,
      logLevel: 'silent',
      target: 'es2022',
    })
    const code = result.outputFiles[0]!.text
    const module = { exports: {} as BrowserBuild }
    const hidden = [
      'process',
      'Buffer',
      'global',
      'require',
      'setImmediate',
      'clearImmediate',
      '__dirname',
      '__filename',
    ]
    new Function('module', 'exports', ...hidden, code)(module, module.exports)
    const out: BrowserBuild = {}
    for (const file of files) out[file] = (module.exports as BrowserBuild)[file.replace(/-/g, '_')]!
    return out
  })()
  builds.set(key, cached)
  return cached
}

/**
 * Scenario code printing `label => value` for each `[label, expression]`;
 * thrown errors and rejections are printed as values, promises are awaited.
 */
export function expressions(list: [label: string, expression: string][]): string {
  return list
    .map(
      ([label, expression]) => `print(${JSON.stringify(label)}, '=>', await attemptAsync(async () => (${expression})))`,
    )
    .join('\n')
}

/** Helpers every scenario script starts with (the same text runs under Bun and here). */
export const PRELUDE = `
function show(v, depth = 0) {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v)
  if (typeof v === 'bigint') return v + 'n'
  if (typeof v === 'symbol') return v.toString()
  if (typeof v === 'function') return '[function ' + v.name + ']'
  if (v === null || v === undefined) return String(v)
  if (typeof v !== 'object') return String(v)
  if (v instanceof Uint8Array) return (Buffer.isBuffer(v) ? 'Buffer' : v.constructor.name) + '<' + Array.from(v, (b) => b.toString(16).padStart(2, '0')).join(' ') + '>'
  if (v instanceof Error) return 'Error<' + v.name + '|' + v.code + '|' + v.message + '>'
  if (depth > 3) return '...'
  if (Array.isArray(v)) return '[' + v.map((x) => show(x, depth + 1)).join(', ') + ']'
  const name = v.constructor && v.constructor !== Object ? v.constructor.name + ' ' : ''
  return name + '{' + Object.keys(v).map((k) => k + ': ' + show(v[k], depth + 1)).join(', ') + '}'
}
function print(...args) { console.log(args.map((a) => show(a)).join(' ')) }
function attempt(f) { try { return f() } catch (e) { return e } }
async function attemptAsync(f) { try { return await f() } catch (e) { return e } }
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))
`

/** One differential case: JavaScript run as the body of an async function. */
export interface Scenario {
  name: string
  code: string
  /** Standard input for the script (only one scenario per run may use it). */
  stdin?: string
}

function scriptOf(scenarios: Scenario[]): string {
  const body = scenarios
    .map(
      (s) =>
        `console.log(${JSON.stringify(`### ${s.name}`)})\n` +
        `try { await (async () => {\n${s.code}\n})() } catch (e) { print('uncaught', e) }`,
    )
    .join('\n')
  // Strict, as the oracle's ES module is.
  return `'use strict';\n${PRELUDE}\n${body}\n`
}

function split(stdout: string): Map<string, string> {
  const cases = new Map<string, string>()
  let name = ''
  let lines: string[] = []
  for (const line of stdout.split('\n')) {
    if (line.startsWith('### ')) {
      if (name) cases.set(name, lines.join('\n').trimEnd())
      name = line.slice(4)
      lines = []
    } else lines.push(line)
  }
  if (name) cases.set(name, lines.join('\n').trimEnd())
  return cases
}

/** Runs the scenarios in one real-Bun process; each scenario's printed text by name. */
export function runBun(scenarios: Scenario[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const script = scriptOf(scenarios)
  // NODE_B_DUMP=<file> keeps the oracle's script, to run it by hand when a scenario misbehaves.
  if (process.env.NODE_B_DUMP) writeFileSync(process.env.NODE_B_DUMP, script)
  const run = runRealBun(['run', 'main.mjs'], {
    files: { 'main.mjs': script },
    stdin: options.stdin,
    env: options.env,
  })
  if (run.exitCode !== 0) throw new Error(`the oracle failed (${run.exitCode}): ${run.stderr}`)
  return { cases: split(run.stdout), stderr: run.stderr }
}

/** A stand-in for the runtime's `process` (enough for scenarios): nextTick, env, warnings, stdout. */
export function fakeProcess(host: ReturnType<typeof createTestHost>) {
  const proc = new NodeEmitter() as NodeEmitter & Record<string, unknown>
  proc.env = host.env
  // As the runtime's: one queue drained in a microtask, ticks queued meanwhile join the drain.
  const ticks: [(...args: unknown[]) => void, unknown[]][] = []
  let draining = false
  const drain = () => {
    for (let i = 0; i < ticks.length; i++) {
      try {
        ticks[i]![0](...ticks[i]![1])
      } catch (error) {
        if (proc.listenerCount('uncaughtException') === 0) throw error
        proc.emit('uncaughtException', error)
      }
    }
    ticks.length = 0
    draining = false
  }
  /** How tick callbacks are bound (the runtime binds them to the AsyncLocalStorage context). */
  proc.bindCallback = (fn: (...args: unknown[]) => void) => fn
  proc.nextTick = (fn: (...args: unknown[]) => void, ...args: unknown[]) => {
    ticks.push([(proc.bindCallback as (f: typeof fn) => typeof fn)(fn), args])
    if (!draining) {
      draining = true
      queueMicrotask(drain)
    }
  }
  proc.emitWarning = (warning: string | Error, type?: string, code?: string) => {
    const error = typeof warning === 'string' ? new Error(warning) : warning
    if (typeof warning === 'string') error.name = type ?? 'Warning'
    if (code !== undefined) (error as Error & { code?: string }).code = code
    queueMicrotask(() => proc.emit('warning', error))
  }
  const write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    host.stdout.write(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
    const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined
    if (callback) queueMicrotask(callback)
    return true
  }
  // Like the runtime's process.stdout: an emitter one can write to (and pipe into).
  proc.stdout = Object.assign(new NodeEmitter(), { write, end: () => {}, isTTY: false })
  return proc
}

/** Runs the scenarios against our builtins (from `build`); each scenario's printed text by name. */
export async function runOurs(
  mods: BrowserBuild,
  scenarios: Scenario[],
  hostOptions: TestHostOptions = {},
  configure?: (ctx: NodeContext, process: ReturnType<typeof fakeProcess>) => void,
  /** Stand-ins for builtins that are not ours (`util` …), by name. */
  extra: Record<string, Factory> = {},
) {
  const host = createTestHost(hostOptions)
  const base = createTestContext(host)
  const proc = fakeProcess(host)
  const made = new Map<string, object>()
  const ctx: NodeContext = {
    host,
    cwd: base.cwd,
    ref: base.ref,
    nextTick: proc.nextTick as NodeContext['nextTick'],
    emitWarning: proc.emitWarning as NodeContext['emitWarning'],
    builtin: <T>(name: string): T => requireModule(name) as T,
  }
  configure?.(ctx, proc)
  const requireModule = (specifier: string): object => {
    const name = specifier.replace(/^node:/, '')
    const existing = made.get(name)
    if (existing) return existing
    const entry = MODULES[name]
    const factory = extra[name] ?? (entry ? (mods[entry[0]]?.[entry[1]] as Factory | undefined) : undefined)
    if (!factory) throw new Error(`no builtin '${name}' in the harness`)
    const value = factory(ctx)
    made.set(name, value)
    return value
  }
  // console.log shares the process's stdout, so output written to stdout directly keeps its place.
  const log = (...args: unknown[]) => host.stdout.write(new TextEncoder().encode(`${args.map(String).join(' ')}\n`))
  const console = { log, error: log }
  const buffer = requireModule('buffer') as { Buffer: unknown }
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>
  const run = new AsyncFunction('require', 'console', 'process', 'Buffer', scriptOf(scenarios))
  await run(requireModule, console, proc, buffer.Buffer)
  const output = host.output()
  return { cases: split(output.stdout), host, output }
}
