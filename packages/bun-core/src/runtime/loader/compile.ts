/**
 * Compiles one file into what the process evaluates (see `types.ts`):
 *
 * 1. TypeScript and JSX are stripped by esbuild (Bun's transpiler is a port
 *    of esbuild), keeping the module format; plain `.js` files that parse
 *    as they are skip this step.
 * 2. The result is parsed (acorn) for its facts: ESM syntax, top-level
 *    await, CommonJS variables, imports, literal `require`/`import()`.
 * 3. The format is decided as Bun decides it: `.mjs/.mts` are ESM and
 *    `.cjs/.cts` CommonJS; otherwise import/export syntax, `import.meta` or
 *    top-level await make ESM, `module`/`exports` (or, outside
 *    `"type": "module"` packages, `require`/`__filename`/`__dirname`) make
 *    CommonJS, and anything else is ESM (strict).
 * 4. `import(x)` becomes `__vbi_(x)` (the process's dynamic import).
 * 5. ES modules are converted to the wrapper's CommonJS-like form by esbuild
 *    (live bindings kept), after `top-level-await.ts` where needed; esbuild's
 *    interop helpers are removed so the process supplies its own (Bun's
 *    namespace semantics).
 *
 * Source maps compose through every step, back to the file as written.
 */
import { TranspileError, type TsconfigCompilerOptions, transpile } from '@aspect-build/bun-wasm'
import { parse as parseToml } from 'smol-toml'
import {
  analyze,
  type ModuleFacts,
  ParseError,
  parseModule,
  parseModuleOrScript,
  rewriteImportCalls,
} from './analyze.js'
import { jsoncToJson } from './resolve.js'
import { rewriteTopLevelAwait } from './top-level-await.js'
import type { ModuleFormat } from './types.js'

/** The wrapper parameter that replaces the `import` of `import(…)` (six characters: columns stay). */
export const DYNAMIC_IMPORT = '__vbi_'

/** esbuild's interop helpers that the process supplies (removed from esbuild's output). */
export const INTEROP_HELPERS: readonly string[] = [
  '__create',
  '__defProp',
  '__getOwnPropDesc',
  '__getOwnPropNames',
  '__getProtoOf',
  '__hasOwnProp',
  '__export',
  '__copyProps',
  '__reExport',
  '__toESM',
  '__toCommonJS',
]

/** How to compile. */
export interface CompileOptions {
  /** The nearest tsconfig.json's compiler options. */
  tsconfig?: TsconfigCompilerOptions
  /** The nearest package.json's `type`. */
  packageType?: string
  /** `NODE_ENV=production`: the production JSX runtime. */
  production?: boolean
  /** The loader, instead of the one the extension gives (`bun -e` code is TypeScript). */
  loader?: 'ts'
  /**
   * `bun -p`: the last statement, when it is an expression, is passed to
   * the global `__vb_completion(value)` (the script's completion value).
   */
  completion?: boolean
}

/** The global function `completion` code calls with the script's value. */
export const COMPLETION_FUNCTION = '__vb_completion'

/** A compiled file. */
export interface CompileOutput {
  format: ModuleFormat
  /** The wrapper body (JS formats) or JSON text (data formats). */
  code: string
  async: boolean
  /** Static import specifiers, in order. */
  imports: string[]
  /** Literal `require()` and `import()` specifiers. */
  references: string[]
  /** Source map (JSON) back to the original file, when the code was transformed. */
  map: string | null
}

/** A file that cannot be compiled; `line` 1-based and `column` 0-based in the original file. */
export class CompileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly lineText: string,
  ) {
    super(message)
    this.name = 'BuildError'
  }
}

type ScriptLoader = 'ts' | 'tsx' | 'jsx' | 'js'

const SCRIPT_LOADERS: Record<string, ScriptLoader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.jsx': 'jsx',
  '.js': 'jsx',
  '.mjs': 'js',
  '.cjs': 'js',
}

function extensionOf(path: string): string {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  return dot > slash ? path.slice(dot).toLowerCase() : ''
}

/** The format a path's extension forces for data files, or the script loader. */
export function loaderOf(path: string): ScriptLoader | 'json' | 'jsonc' | 'toml' | 'text' | 'file' {
  const ext = extensionOf(path)
  const script = SCRIPT_LOADERS[ext]
  if (script) return script
  if (ext === '.json') return 'json'
  if (ext === '.jsonc') return 'jsonc'
  if (ext === '.toml') return 'toml'
  if (ext === '.txt' || ext === '.md' || ext === '.html' || ext === '.css') return 'text'
  // A file without extension is a script (`bun ./tool`, `node_modules/.bin` entries), as in Bun.
  if (ext === '') return 'jsx'
  return 'file'
}

/** Compiles `source`, the contents of `path`. Throws {@link CompileError}. */
export async function compileModule(
  source: string,
  path: string,
  options: CompileOptions = {},
): Promise<CompileOutput> {
  const loader = options.loader ?? loaderOf(path)
  switch (loader) {
    case 'json':
    case 'jsonc':
      return data('json', JSON.stringify(parseJsonFile(source, path, loader === 'jsonc')))
    case 'toml':
      try {
        return data('toml', JSON.stringify(parseToml(source)))
      } catch (error) {
        const e = error as { message: string; line?: number; column?: number }
        throw new CompileError(firstLine(e.message), path, e.line ?? 1, (e.column ?? 1) - 1, '')
      }
    case 'text':
      return data('text', JSON.stringify(source))
    case 'file':
      return data('text', JSON.stringify(path))
  }
  // A `#!` line is only valid at the very start of a script, not inside the module's function: it becomes a comment.
  if (source.startsWith('#!')) source = `//${source.slice(2)}`
  return compileScript(source, path, loader, options)
}

function data(format: ModuleFormat, code: string): CompileOutput {
  return { format, code, async: false, imports: [], references: [], map: null }
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n')
  return newline < 0 ? text : text.slice(0, newline)
}

async function compileScript(
  source: string,
  path: string,
  loader: ScriptLoader,
  options: CompileOptions,
): Promise<CompileOutput> {
  const ext = extensionOf(path)
  // Step 1: JavaScript that parses as written needs no transpiling.
  let code = source
  let parsed: { program: ReturnType<typeof parseModule>; module: boolean } | null = null
  let transformed = false
  if (loader === 'js' || loader === 'jsx') {
    try {
      parsed = parseModuleOrScript(source)
    } catch {
      parsed = null
    }
  }
  if (parsed === null) {
    code = (await esbuild(source, path, loader, options, 'preserve', 'inline')).code
    transformed = true
    try {
      parsed = parseModuleOrScript(code)
    } catch (error) {
      throw locate(error, code, source, path)
    }
  }
  if (options.completion) {
    const body = (
      parsed.program as unknown as {
        body: Array<{
          type: string
          start: number
          end: number
          expression?: { start: number; end: number }
          directive?: string
        }>
      }
    ).body
    const last = body[body.length - 1]
    if (last?.type === 'ExpressionStatement' && last.expression && last.directive === undefined) {
      const { start, end } = last.expression
      code = `${code.slice(0, start)}${COMPLETION_FUNCTION}((${code.slice(start, end)}))${code.slice(end)}`
      parsed = parseModuleOrScript(code)
    }
  }
  const facts = analyze(parsed.program)
  const format = decideFormat(ext, facts, parsed.module, options.packageType)
  const references = [...new Set([...facts.requires, ...facts.dynamicImports])]

  if (format === 'cjs') {
    const body = rewriteImportCalls(code, facts.importCalls, DYNAMIC_IMPORT)
    const map = transformed ? inlineMap(body) : null
    return { format, code: map ? withoutInlineMap(body) : body, async: false, imports: [], references, map }
  }

  // Steps 4 and 5: an ES module. (Untransformed, esbuild's map refers to the file itself.)
  code = rewriteImportCalls(code, facts.importCalls, DYNAMIC_IMPORT)
  const async = facts.topLevelAwait
  if (async) {
    // Normalise (one export clause, no `export` on declarations), then move statements into async runs.
    const normal = (await esbuild(code, path, 'js', options, 'esm', 'inline')).code
    code = rewriteTopLevelAwait(normal, parseModule(normal))
  }
  const converted = await esbuild(code, path, 'js', options, 'cjs', true)
  return {
    format: 'esm',
    code: stripInteropHelpers(converted.code),

    async,
    imports: facts.staticImports,
    references,
    map: converted.map,
  }
}

function decideFormat(ext: string, facts: ModuleFacts, parsesAsModule: boolean, packageType?: string): 'esm' | 'cjs' {
  if (ext === '.cjs' || ext === '.cts') return 'cjs'
  if (ext === '.mjs' || ext === '.mts') return 'esm'
  if (facts.moduleSyntax || facts.importMeta || facts.topLevelAwait) return 'esm'
  if (!parsesAsModule || facts.usesModuleOrExports) return 'cjs'
  if (facts.usesRequireOrFilename && packageType !== 'module') return 'cjs'
  return 'esm'
}

async function esbuild(
  source: string,
  path: string,
  loader: ScriptLoader,
  options: CompileOptions,
  format: 'preserve' | 'esm' | 'cjs',
  sourcemap: true | 'inline',
): Promise<{ code: string; map: string | null }> {
  try {
    return await transpile(source, path, {
      loader,
      format,
      sourcemap,
      ...(options.tsconfig ? { tsconfig: options.tsconfig } : {}),
      ...(options.production ? { production: true } : {}),
      ...(format === 'cjs' ? { define: { 'import.meta': '__vb_meta' } } : {}),
    })
  } catch (error) {
    if (error instanceof TranspileError) {
      const first = error.errors[0]
      throw new CompileError(
        first?.text ?? error.message,
        path,
        first?.line ?? 1,
        first?.column ?? 0,
        first?.lineText ?? '',
      )
    }
    throw error
  }
}

/** A parse error of transformed code, located in the original source (best effort: same line number). */
function locate(error: unknown, code: string, source: string, path: string): CompileError {
  if (!(error instanceof ParseError)) return error as CompileError
  const before = code.slice(0, error.offset)
  const line = before.split('\n').length
  const column = error.offset - (before.lastIndexOf('\n') + 1)
  return new CompileError(error.message, path, line, column, source.split('\n')[line - 1] ?? '')
}

const MAP_COMMENT = '//# sourceMappingURL=data:application/json;base64,'

function withoutInlineMap(code: string): string {
  const at = code.lastIndexOf(MAP_COMMENT)
  return at < 0 ? code : code.slice(0, at)
}

/** The map of an inline `sourceMappingURL` comment at the end of `code`, or null. */
function inlineMap(code: string): string | null {
  const marker = MAP_COMMENT
  const at = code.lastIndexOf(marker)
  if (at < 0) return null
  try {
    return new TextDecoder().decode(
      Uint8Array.from(atob(code.slice(at + marker.length).trim()), (c) => c.charCodeAt(0)),
    )
  } catch {
    return null
  }
}

const HELPER_LINE = /^var (__[A-Za-z]+) = /

/**
 * Blanks esbuild's definitions of {@link INTEROP_HELPERS} at the top of its
 * CommonJS output (each a `var __x = …` statement; continuation lines are
 * indented or start with a closing bracket), keeping line breaks.
 */
export function stripInteropHelpers(code: string): string {
  const lines = code.split('\n')
  let i = 0
  for (; i < lines.length; i++) {
    const match = HELPER_LINE.exec(lines[i] as string)
    if (!match || !INTEROP_HELPERS.includes(match[1] as string)) break
    lines[i] = ''
    while (i + 1 < lines.length && /^[\s})\]]/.test(lines[i + 1] as string) && (lines[i + 1] as string) !== '') {
      i++
      lines[i] = ''
    }
  }
  return lines.join('\n')
}

/** JSON as Bun reads `.json` imports; `.jsonc` allows comments and trailing commas. */
function parseJsonFile(source: string, path: string, comments: boolean): unknown {
  const text = comments ? jsoncToJson(source) : source
  try {
    return JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const at = /position (\d+)/.exec(message)
    const offset = at ? Number(at[1]) : 0
    const before = text.slice(0, offset)
    const line = before.split('\n').length
    throw new CompileError(
      message,
      path,
      line,
      offset - (before.lastIndexOf('\n') + 1),
      text.split('\n')[line - 1] ?? '',
    )
  }
}
