/**
 * `@aspect-build/bun-wasm/sqlite`: loads SQLite (the `@sqlite.org/sqlite-wasm`
 * build), the engine under `bun:sqlite`.
 *
 * The engine loads lazily, once per worker: {@link loadSqlite} compiles the
 * `.wasm` to a `WebAssembly.Module` (kept, so a host may hand it to other
 * workers with {@link compiledSqliteModule}), instantiates it in the calling
 * thread and runs the library's bootstrap. Everything after that is
 * synchronous, as Bun's API is: {@link sqliteEngine} returns the loaded
 * library and throws if {@link loadSqlite} has not completed.
 *
 * The library's own storage back-ends stay off: its OPFS VFSes (which would
 * start workers of their own) are disabled before bootstrap, and its default
 * VFS (an Emscripten in-memory filesystem) is never used by `bun:sqlite`,
 * which registers a VFS over the process's filesystem instead.
 *
 * Where the `.wasm` comes from:
 * - in Node, the `@sqlite.org/sqlite-wasm` package's `sqlite3.wasm`, read from disk;
 * - in browsers, {@link DEFAULT_SQLITE_WASM_FILE} next to the running worker
 *   script (`new URL('sqlite3.wasm', self.location.href)`): a host must serve
 *   `node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm` there, or call
 *   {@link configureSqlite} with another URL or a compiled module.
 */
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm'

/** The host's `fetch`, taken at load: a Bun process later installs its own (which routes container ports). */
const hostFetch: typeof fetch = globalThis.fetch.bind(globalThis)

export type { Sqlite3Static } from '@sqlite.org/sqlite-wasm'

/** What the host is, decided when this module loads (before a process installs its own `process` global). */
const HOST_IS_NODE: boolean =
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string' &&
  typeof (globalThis as { document?: unknown }).document === 'undefined' &&
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined'

/** The file name a browser host serves the engine under, next to the worker script by default. */
export const DEFAULT_SQLITE_WASM_FILE = 'sqlite3.wasm'

/** Where to get SQLite's WebAssembly from; set before the first {@link loadSqlite}. */
export interface SqliteSource {
  /** URL of `sqlite3.wasm` (browsers): fetched and compiled. */
  wasmURL?: string | URL
  /** An already compiled module (from {@link compiledSqliteModule} of another worker, or a cache). */
  wasmModule?: WebAssembly.Module
}

let configured: SqliteSource = {}
let compiled: Promise<WebAssembly.Module> | null = null
let ready: Promise<void> | null = null
let engine: Sqlite3Static | null = null

/**
 * Chooses where SQLite's `.wasm` comes from. Takes effect only before the
 * engine started loading; later calls throw (the running engine stays).
 */
export function configureSqlite(source: SqliteSource): void {
  for (const key of Object.keys(source)) {
    if (key !== 'wasmURL' && key !== 'wasmModule') throw new TypeError(`Invalid option in configureSqlite(): "${key}"`)
  }
  if (compiled !== null) throw new Error('configureSqlite(): SQLite is already loading in this worker')
  configured = { ...source }
}

/** The compiled SQLite module of this worker (compiling it if needed), to pass to other workers. */
export function compiledSqliteModule(): Promise<WebAssembly.Module> {
  compiled ??= compileSqlite()
  return compiled
}

async function compileSqlite(): Promise<WebAssembly.Module> {
  if (configured.wasmModule) return configured.wasmModule
  if (configured.wasmURL === undefined && HOST_IS_NODE) {
    // Computed specifiers keep browser bundlers from trying to resolve Node's builtins.
    const fsName = 'node:fs'
    const moduleName = 'node:module'
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs')
    const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module')
    const file = createRequire(import.meta.url).resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm')
    return WebAssembly.compile(fs.readFileSync(file))
  }
  const base = (globalThis as { location?: { href: string } }).location?.href
  const url = configured.wasmURL ?? (base === undefined ? undefined : new URL(DEFAULT_SQLITE_WASM_FILE, base))
  if (url === undefined) throw new Error('sqlite3.wasm: no URL to load it from (call configureSqlite({ wasmURL }))')
  const response = await hostFetch(url)
  if (!response.ok) throw new Error(`sqlite3.wasm: ${url} answered ${response.status} ${response.statusText}`)
  // compileStreaming insists on the application/wasm MIME type; a plain file server may not send it.
  if (response.headers.get('content-type')?.startsWith('application/wasm'))
    return WebAssembly.compileStreaming(response)
  return WebAssembly.compile(await response.arrayBuffer())
}

/** The Emscripten module options sqlite-wasm's init function accepts (its typings hide them). */
interface EmscriptenOptions {
  instantiateWasm(
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): object
  print(text: string): void
  printErr(text: string): void
}

/** Loads and starts SQLite in this worker, once; later calls return the same promise. */
export function loadSqlite(): Promise<void> {
  ready ??= (async () => {
    const wasmModule = await compiledSqliteModule()
    const global = globalThis as Record<string, unknown>
    // Read by the library's bootstrap (which deletes it): no OPFS VFSes, no console chatter.
    global.sqlite3ApiConfig = {
      disable: { vfs: { opfs: true, 'opfs-vfs': true, 'opfs-sahpool': true, 'opfs-wl': true } },
      warn: () => {},
      debug: () => {},
      log: () => {},
    }
    const { default: init } = await import('@sqlite.org/sqlite-wasm')
    // Emscripten waits for `receive` without a failure path: a failed instantiation rejects this instead.
    let fail: (error: unknown) => void = () => {}
    const failed = new Promise<never>((_, reject) => {
      fail = reject
    })
    const options: EmscriptenOptions = {
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), fail)
        return {}
      },
      print: () => {},
      printErr: () => {},
    }
    const start = init as unknown as (options: EmscriptenOptions) => Promise<Sqlite3Static>
    const sqlite3 = await Promise.race([start(options), failed])
    // The library leaves its loader on the global object; a process should not see it.
    delete global.sqlite3InitModule
    delete global.sqlite3InitModuleState
    engine = sqlite3
  })()
  ready.catch(() => {
    ready = null
    compiled = null
  })
  return ready
}

/** Whether {@link loadSqlite} has completed in this worker. */
export function isSqliteLoaded(): boolean {
  return engine !== null
}

/**
 * The loaded SQLite library of this worker. Throws if {@link loadSqlite} has
 * not completed: `bun:sqlite` is synchronous, so the host loads the engine
 * before a process can import it.
 */
export function sqliteEngine(): Sqlite3Static {
  if (engine === null) throw new Error('SQLite is not loaded in this worker (await loadSqlite() first)')
  return engine
}
