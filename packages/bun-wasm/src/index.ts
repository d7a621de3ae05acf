/**
 * `@aspect-build/bun-wasm`: loads the native engines a container runs. Today
 * that is esbuild-wasm, Bun's transpiler stand-in (Bun's transpiler is a port
 * of esbuild: same loaders, same JSX transform, same flags).
 *
 * The engine loads lazily, on the first {@link transpile} of a process, once
 * per worker: the `.wasm` is compiled to a `WebAssembly.Module` (kept, so a
 * host may hand it to other workers with {@link compiledEsbuildModule}) and
 * instantiated in the calling thread (`worker: false`: a process worker
 * already is a worker of its own). Transform results are cached in memory by
 * a hash of (source, path, options).
 *
 * Where the `.wasm` comes from:
 * - in Node, the `esbuild-wasm` package's `esbuild.wasm`, read from disk;
 * - in browsers, {@link DEFAULT_ESBUILD_WASM_FILE} next to the running worker
 *   script (`new URL('esbuild.wasm', self.location.href)`): a host must serve
 *   `node_modules/esbuild-wasm/esbuild.wasm` there, or call
 *   {@link configureEsbuild} with another URL or a compiled module.
 */
import * as esbuild from 'esbuild-wasm/esm/browser.js'
import { WasmFile, type WasmSource } from './wasm-file.js'

/** The esbuild loaders Bun's runtime uses for source files. */
export type SourceLoader = 'ts' | 'tsx' | 'js' | 'jsx'

/** The file name a browser host serves the engine under, next to the worker script by default. */
export const DEFAULT_ESBUILD_WASM_FILE = 'esbuild.wasm'

/** Where to get esbuild's WebAssembly from; set before the first transpile. */
export type EsbuildSource = WasmSource

const wasm = new WasmFile(DEFAULT_ESBUILD_WASM_FILE, 'esbuild-wasm/esbuild.wasm', 'configureEsbuild')
let ready: Promise<void> | null = null

/**
 * Chooses where esbuild's `.wasm` comes from. Takes effect only before the
 * engine started loading; later calls throw (the running engine stays).
 */
export function configureEsbuild(source: EsbuildSource): void {
  wasm.configure(source, 'esbuild')
}

/** The compiled esbuild module of this worker (compiling it if needed), to pass to other workers. */
export function compiledEsbuildModule(): Promise<WebAssembly.Module> {
  return wasm.module()
}

/** Loads and starts esbuild in this worker, once; later calls return the same promise. */
export function loadEsbuild(): Promise<void> {
  ready ??= (async () => {
    const wasmModule = await compiledEsbuildModule()
    // esbuild's browser build looks for `self`; Node's worker threads have none (Bun defines it too).
    const global = globalThis as { self?: unknown }
    if (global.self === undefined) global.self = globalThis
    await esbuild.initialize({ wasmModule, worker: false })
  })()
  ready.catch(() => {
    ready = null
    wasm.reset()
  })
  return ready
}

/** Compiler options of a tsconfig.json that change how a file transpiles. */
export interface TsconfigCompilerOptions {
  jsx?: string
  jsxFactory?: string
  jsxFragmentFactory?: string
  jsxImportSource?: string
  experimentalDecorators?: boolean
  useDefineForClassFields?: boolean
  verbatimModuleSyntax?: boolean
  preserveValueImports?: boolean
  target?: string
}

/** How to transpile one file. */
export interface TranspileOptions {
  /** The loader; by default from the path's extension (see {@link loaderForPath}). */
  loader?: SourceLoader
  /**
   * Output module format: `esm` (default) keeps `import`/`export` (normalised: declarations lose their
   * `export`, one export clause at the end), `cjs` rewrites them to `require`/`module.exports`,
   * `preserve` changes neither (a CommonJS file stays as it is).
   */
  format?: 'esm' | 'cjs' | 'preserve'
  /** The nearest tsconfig.json's compiler options (JSX settings, decorators …). */
  tsconfig?: TsconfigCompilerOptions
  /** `NODE_ENV === 'production'` selects `react/jsx-runtime` instead of Bun's default `react/jsx-dev-runtime`. */
  production?: boolean
  /** Global replacements, as esbuild's `define` (keys are expressions, values source text). */
  define?: Record<string, string>
  /**
   * Emit a source map (default true): returned as {@link TranspileResult.map}, or with `inline`
   * appended to the code as a `data:` URL comment. A source map comment in the input is composed
   * with the new one, so the map always leads back to the first input.
   */
  sourcemap?: boolean | 'inline'
}

/** A transpiled file. */
export interface TranspileResult {
  code: string
  /** The source map (JSON text, version 3), or `null` when not asked for. */
  map: string | null
}

/** One diagnostic of a failed transpile, as esbuild reports it (line 1-based, column 0-based, in UTF-16 units). */
export interface TranspileMessage {
  text: string
  line: number
  column: number
  lineText: string
}

/** A transpile that failed: a syntax error, or an unsupported construct for the chosen format. */
export class TranspileError extends Error {
  override readonly name: string = 'TranspileError'
  readonly path: string
  readonly errors: readonly TranspileMessage[]
  constructor(path: string, errors: readonly TranspileMessage[]) {
    const first = errors[0]
    super(first ? `${first.text} (${path}:${first.line}:${first.column + 1})` : `cannot transpile ${path}`)
    this.path = path
    this.errors = errors
  }
}

const LOADERS: Record<string, SourceLoader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.jsx': 'jsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
}

/** The loader for a path by its extension (`.ts .mts .cts → ts`, `.tsx`, `.jsx`, `.js .mjs .cjs → js`), or `null`. */
export function loaderForPath(path: string): SourceLoader | null {
  const dot = path.lastIndexOf('.')
  if (dot < 0 || dot < path.lastIndexOf('/')) return null
  return LOADERS[path.slice(dot).toLowerCase()] ?? null
}

const cache = new Map<string, TranspileResult>()
const CACHE_LIMIT = 4096

/**
 * Transpiles one file to JavaScript with Bun's defaults: TypeScript stripped,
 * JSX with the automatic runtime (`react/jsx-dev-runtime`, or
 * `react/jsx-runtime` in production) unless tsconfig.json's `jsx` says
 * otherwise, `jsxImportSource`/`jsxFactory` honoured, ES2022+ output left as
 * is. Throws {@link TranspileError} for invalid source.
 */
export async function transpile(
  source: string,
  path: string,
  options: TranspileOptions = {},
): Promise<TranspileResult> {
  const loader = options.loader ?? loaderForPath(path) ?? 'js'
  const key = `${hash(source)}:${path}:${JSON.stringify(options)}:${loader}`
  const hit = cache.get(key)
  if (hit) return hit
  await loadEsbuild()
  const tsconfig = options.tsconfig ?? {}
  const jsxFromTsconfig = tsconfig.jsx !== undefined
  let result: esbuild.TransformResult
  try {
    result = await esbuild.transform(source, {
      loader,
      ...(options.format === 'preserve' ? {} : { format: options.format ?? 'esm' }),
      platform: 'node',
      target: 'esnext',
      sourcefile: path,
      sourcemap: options.sourcemap === false ? false : options.sourcemap === 'inline' ? 'inline' : 'external',
      sourcesContent: false,
      tsconfigRaw: { compilerOptions: tsconfig as esbuild.TsconfigRaw['compilerOptions'] },
      ...(jsxFromTsconfig ? {} : { jsx: 'automatic', jsxDev: !options.production }),
      ...(options.define ? { define: options.define } : {}),
      logLevel: 'silent',
    })
  } catch (error) {
    const failure = error as { errors?: esbuild.Message[] }
    if (!Array.isArray(failure.errors)) throw error
    throw new TranspileError(
      path,
      failure.errors.map((m) => ({
        text: m.text,
        line: m.location?.line ?? 0,
        column: m.location?.column ?? 0,
        lineText: m.location?.lineText ?? '',
      })),
    )
  }
  const out: TranspileResult = { code: result.code, map: result.map === '' ? null : result.map }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
  cache.set(key, out)
  return out
}

/** A 53-bit FNV-1a-style hash of a string (two 32-bit lanes), as a base-36 key. */
function hash(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}${text.length.toString(36)}`
}
