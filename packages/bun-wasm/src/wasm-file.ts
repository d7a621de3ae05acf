/**
 * Where an engine's `.wasm` comes from, and its compilation once per worker
 * (shared by the esbuild and SQLite loaders):
 * - a module the host configured (compiled by another worker, or cached);
 * - in Node, the file inside the engine's npm package, read from disk;
 * - in browsers, a URL: the configured one, or the default file name next to
 *   the running worker script. The response is compiled while it streams
 *   when the server says `application/wasm`, else from its bytes (a plain
 *   file server may not send that type).
 */

/** The host's `fetch`, taken at load: a Bun process later installs its own (which routes container ports). */
const hostFetch: typeof fetch = globalThis.fetch.bind(globalThis)

/** What the host is, decided when this module loads (before a process installs its own `process` global). */
const HOST_IS_NODE: boolean =
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string' &&
  typeof (globalThis as { document?: unknown }).document === 'undefined' &&
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined'

/** Where to get an engine's WebAssembly from; set before it first loads. */
export interface WasmSource {
  /** URL of the `.wasm` (browsers): fetched and compiled. */
  wasmURL?: string | URL
  /** An already compiled module (from another worker, or a cache). */
  wasmModule?: WebAssembly.Module
}

/** One engine's `.wasm` in this worker: its configured source and its compiled module. */
export class WasmFile {
  private source: WasmSource = {}
  private compiled: Promise<WebAssembly.Module> | null = null

  /**
   * @param file the default file name next to the worker script (`esbuild.wasm`)
   * @param packageFile the file in Node's package resolution (`esbuild-wasm/esbuild.wasm`)
   * @param configureName the public configure function, for error messages
   */
  constructor(
    private readonly file: string,
    private readonly packageFile: string,
    private readonly configureName: string,
  ) {}

  /** Sets the source; only before the engine started loading (the running engine stays). */
  configure(source: WasmSource, what: string): void {
    for (const key of Object.keys(source)) {
      if (key !== 'wasmURL' && key !== 'wasmModule')
        throw new TypeError(`Invalid option in ${this.configureName}(): "${key}"`)
    }
    if (this.compiled !== null) throw new Error(`${this.configureName}(): ${what} is already loading in this worker`)
    this.source = { ...source }
  }

  /** The compiled module (compiling it on first use). */
  module(): Promise<WebAssembly.Module> {
    this.compiled ??= this.compile()
    return this.compiled
  }

  /** Forgets a failed compilation, so the next load tries again. */
  reset(): void {
    this.compiled = null
  }

  private async compile(): Promise<WebAssembly.Module> {
    const { wasmModule, wasmURL } = this.source
    if (wasmModule) return wasmModule
    if (wasmURL === undefined && HOST_IS_NODE) {
      // Computed specifiers keep browser bundlers from trying to resolve Node's builtins.
      const fsName = 'node:fs'
      const moduleName = 'node:module'
      const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs')
      const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module')
      return WebAssembly.compile(fs.readFileSync(createRequire(import.meta.url).resolve(this.packageFile)))
    }
    const base = (globalThis as { location?: { href: string } }).location?.href
    const url = wasmURL ?? (base === undefined ? undefined : new URL(this.file, base))
    if (url === undefined)
      throw new Error(`${this.file}: no URL to load it from (call ${this.configureName}({ wasmURL }))`)
    const response = await hostFetch(url)
    if (!response.ok) throw new Error(`${this.file}: ${url} answered ${response.status} ${response.statusText}`)
    if (response.headers.get('content-type')?.startsWith('application/wasm'))
      return WebAssembly.compileStreaming(response)
    return WebAssembly.compile(await response.arrayBuffer())
  }
}
