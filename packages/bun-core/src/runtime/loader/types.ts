/**
 * The module service's wire types: what a process asks the loader service
 * for (`GraphRequest`) and what it gets back (`GraphResult`). The service runs
 * where the compiler is (the kernel worker, once for all processes, with a
 * shared cache); the process evaluates what it receives. Plain data only:
 * these cross threads by structured clone.
 */

/** Whether a reference is an `import` (static or dynamic) or a `require()`. */
export type ReferenceKind = 'import' | 'require'

/** One module to load: `specifier` as written, from the file `referrer` (an absolute path). */
export interface GraphEntry {
  specifier: string
  referrer: string
  kind: ReferenceKind
  /**
   * Source text to compile under the id `specifier` (an absolute path that
   * need not exist), as TypeScript: `bun -e`/`-p` code.
   */
  source?: string
  /** With {@link source}: hand the value of its last expression statement to `__vb_completion` (`bun -p`). */
  completion?: boolean
}

/** A request for the graph reachable from `entries` by static imports (and literal `require`s). */
export interface GraphRequest {
  entries: GraphEntry[]
  /** Module ids the process already holds: resolved, but neither compiled nor sent again. */
  known: string[]
}

/**
 * How a compiled module evaluates:
 * - `esm`: an ES module converted to the CommonJS-like wrapper (exports are
 *   getters on `module.exports`, `__esModule` set); its static imports are
 *   evaluated before its body, in order (ESM's evaluation order);
 * - `cjs`: a CommonJS module, run as Node runs it;
 * - `json`, `toml`, `text`: data; `code` is the value's JSON text.
 */
export type ModuleFormat = 'esm' | 'cjs' | 'json' | 'toml' | 'text'

/** One compiled module. */
export interface CompiledModule {
  /** Absolute real path, or a `data:` URL. */
  id: string
  format: ModuleFormat
  /**
   * For `esm`/`cjs`: the body of the wrapper function whose parameters are
   * {@link WRAPPER_PARAMETERS}, in that order. For data formats: JSON text.
   */
  code: string
  /** True when the body uses top-level await: the wrapper is an async function. */
  async: boolean
  /** Static imports (and re-exports) in source order, each resolved to a module id. */
  imports: Array<{ specifier: string; id: string }>
  /** Other literal specifiers (`require('x')`, `import('x')`) resolved ahead: specifier → id. */
  resolved: Record<string, string>
  /** True when the service holds a source map for this module (see `ModuleHost.sourceMap`). */
  mapped: boolean
  /** Identifies this compile of the module (source and options): what a code cache is stored under. */
  cacheKey?: string
  /** The engine's code cache for `code`, made by an earlier process (see `ModuleHost.compile`). */
  codeCache?: Uint8Array
}

/** A module that could not be loaded: Bun's message, Node's code. */
export interface LoadFailure {
  /** `ResolveError` (`Cannot find module …`), `BuildError` (syntax), or `Error`. */
  name: string
  message: string
  code?: string
  specifier: string
  referrer: string
  /** For a syntax error: where, in the original source (line 1-based, column 0-based). */
  location?: { file: string; line: number; column: number; lineText: string }
}

/** What the service sends back. */
export interface GraphResult {
  /**
   * For each requested entry, in order: the module id, or why it failed (the
   * first failure in its static import closure: Bun loads nothing then).
   */
  entries: Array<{ id: string } | { failure: LoadFailure }>
  /** Every module newly compiled for this request (the process adds them to its registry). */
  modules: CompiledModule[]
  /** Modules reached only by `require()`/`import()` that failed to compile: thrown when evaluated. */
  failed: Array<{ id: string; failure: LoadFailure }>
}

/** Parameters of the function wrapping each module's code, in order. */
export const WRAPPER_PARAMETERS: readonly string[] = [
  'exports',
  'require',
  'module',
  '__filename',
  '__dirname',
  '__vb_meta',
  '__vb_import',
]
