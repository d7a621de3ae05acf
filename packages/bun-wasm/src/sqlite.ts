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
import { WasmFile, type WasmSource } from './wasm-file.js'

export type { Sqlite3Static } from '@sqlite.org/sqlite-wasm'

/** The file name a browser host serves the engine under, next to the worker script by default. */
export const DEFAULT_SQLITE_WASM_FILE = 'sqlite3.wasm'

/** Where to get SQLite's WebAssembly from; set before the first {@link loadSqlite}. */
export type SqliteSource = WasmSource

const wasm = new WasmFile(DEFAULT_SQLITE_WASM_FILE, '@sqlite.org/sqlite-wasm/sqlite3.wasm', 'configureSqlite')
let ready: Promise<void> | null = null
let engine: Sqlite3Static | null = null

/**
 * Chooses where SQLite's `.wasm` comes from. Takes effect only before the
 * engine started loading; later calls throw (the running engine stays).
 */
export function configureSqlite(source: SqliteSource): void {
  wasm.configure(source, 'SQLite')
}

/** The compiled SQLite module of this worker (compiling it if needed), to pass to other workers. */
export function compiledSqliteModule(): Promise<WebAssembly.Module> {
  return wasm.module()
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
    wasm.reset()
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
