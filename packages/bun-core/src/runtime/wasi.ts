/**
 * WebAssembly programs in a Bun process: `bun app.wasm` and `node:wasi`, on
 * the container's WASI host (`@aspect-build/wasm-host`) over the process's
 * filesystem. A running guest blocks its process's thread (WASI calls are
 * synchronous); its reads of stdin block too.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import { ProcExit, WasiHost } from '@aspect-build/wasm-host'
import type { Runtime } from './runtime.js'

/**
 * `bun app.wasm args…`: argv[0] is the file's path, the environment is the
 * process's, and the whole filesystem is preopened at `/` (the guest's
 * working directory is `/`), as in Bun.
 */
export async function runWasmFile(runtime: Runtime, path: string, args: string[]): Promise<number> {
  const host = runtime.host
  const module = await WebAssembly.compile(host.fs.readFile(path) as Uint8Array<ArrayBuffer>)
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(runtime.process.env)) if (typeof v === 'string') env[k] = v
  const wasi = new WasiHost({
    vfs: host.fs,
    args: [path, ...args],
    env,
    preopens: { '/': '/' },

    stdin: () => host.stdin.readSync(),
    stdout: (chunk) => host.stdout.write(chunk),
    stderr: (chunk) => host.stderr.write(chunk),
  })
  const instance = await WebAssembly.instantiate(module, wasi.imports)
  try {
    return wasi.start(instance) >>> 0
  } finally {
    wasi.close()
  }
}

interface WasiOptions {
  version?: string
  args?: string[]
  env?: Record<string, string | undefined>
  preopens?: Record<string, string>
  returnOnExit?: boolean
  stdin?: number
  stdout?: number
  stderr?: number
}

function invalid(name: string, expected: string, value: unknown): TypeError {
  return Object.assign(
    new TypeError(
      `The "${name}" argument must be of type ${expected}. Received ${value === null ? 'null' : typeof value}`,
    ),
    { code: 'ERR_INVALID_ARG_TYPE' },
  )
}

/** Builds `node:wasi` for a process. */
export function createWasiModule(runtime: Runtime): object {
  const host = runtime.host
  /** Node's `WASI` class over the WASI host. */
  class WASI {
    readonly wasiImport: Record<string, unknown>
    private readonly host: WasiHost
    private started = false
    constructor(options: WasiOptions = {}) {
      if (options === null || typeof options !== 'object') throw invalid('options', 'object', options)
      if (options.args !== undefined && !Array.isArray(options.args))
        throw invalid('options.args', 'Array', options.args)
      if (options.env !== undefined && (typeof options.env !== 'object' || options.env === null))
        throw invalid('options.env', 'object', options.env)
      const env: Record<string, string> = {}
      for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = String(v)
      const preopens: Record<string, string> = {}
      for (const [guest, real] of Object.entries(options.preopens ?? {}))
        preopens[guest] = posixPath.resolve(runtime.node.cwd(), String(real))
      const output = (fd: number | undefined, fallback: 1 | 2) => {
        const target = fd ?? fallback
        return (chunk: Uint8Array) => {
          if (target === 1) host.stdout.write(chunk)
          else if (target === 2) host.stderr.write(chunk)
          else host.fs.write(target, chunk)
        }
      }
      this.host = new WasiHost({
        vfs: host.fs,
        args: (options.args ?? []).map(String),
        env,
        preopens,
        stdin: () => host.stdin.readSync(),
        stdout: output(options.stdout, 1),
        stderr: output(options.stderr, 2),
      })
      this.wasiImport = this.host.imports.wasi_snapshot_preview1 as Record<string, unknown>
    }
    /** The import object (`{ wasi_snapshot_preview1: … }`). */
    getImportObject(): Record<string, unknown> {
      return { wasi_snapshot_preview1: this.wasiImport }
    }
    /** Bun's name for the import object. */
    getImports(): Record<string, unknown> {
      return this.getImportObject()
    }
    /** Runs `_start`; `proc_exit(n)` ends the process with `n`, as Bun's WASI does. */
    start(instance: WebAssembly.Instance): number {
      if (this.started)
        throw Object.assign(new Error('WASI instance has already started'), { code: 'ERR_WASI_ALREADY_STARTED' })
      this.started = true
      let code: number
      try {
        code = this.host.start(instance)
      } catch (error) {
        if (error instanceof ProcExit) code = error.code
        else throw error
      }
      if (code !== 0) return (runtime.process.exit as (c: number) => never)(code >>> 0)
      return code
    }
    initialize(instance: WebAssembly.Instance): void {
      if (this.started)
        throw Object.assign(new Error('WASI instance has already started'), { code: 'ERR_WASI_ALREADY_STARTED' })
      this.started = true
      this.host.initialize(instance)
    }
  }
  return { WASI }
}
