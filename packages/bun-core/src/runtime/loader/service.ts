/**
 * The module service: resolves and compiles module graphs for the processes
 * of a container. One instance lives where the compiler is (the kernel
 * worker) and serves every process, so a file is compiled once while it does
 * not change (results are cached by path and content).
 *
 * A request names entry specifiers; the service walks the static imports
 * (which must all resolve and compile: otherwise the entry fails, as Bun
 * loads nothing then) and, ahead of time, the literal `require()`/`import()`
 * specifiers (which may fail: the failure is thrown when the process
 * evaluates them).
 */
import { posixPath } from '@aspect-build/virtual-fs'
import { CompileError, type CompileOptions, type CompileOutput, compileModule } from './compile.js'
import { NODE_BUILTINS, ResolveError, type ResolveFs, Resolver } from './resolve.js'
import type { CompiledModule, GraphRequest, GraphResult, LoadFailure, ReferenceKind } from './types.js'

/** The filesystem calls the service needs. */
export type ServiceFs = ResolveFs

/** Builtin module ids the process provides (no file behind them). */
export const BUN_BUILTINS: ReadonlySet<string> = new Set(['bun', 'bun:sqlite', 'bun:test', 'bun:jsc', 'bun:ffi'])

/** True when `id` names a builtin (`node:fs`, `bun`, `bun:sqlite` …). */
export function isBuiltinId(id: string): boolean {
  return id.startsWith('node:') || BUN_BUILTINS.has(id) || id.startsWith('bun:')
}

interface CacheEntry {
  key: string
  output: CompileOutput
  /** The engine's code cache of `output.code`, stored by a process that ran it (see `storeCodeCache`). */
  codeCache?: Uint8Array
}

interface Visit {
  /** The compiled module, or why it failed. */
  module: CompiledModule | null
  failure: LoadFailure | null
}

/** Options of {@link ModuleService}. */
export interface ModuleServiceOptions {
  /** Compiles for production (`NODE_ENV=production`): the production JSX runtime. */
  production?: boolean
}

export class ModuleService {
  private readonly cache = new Map<string, CacheEntry>()
  private readonly maps = new Map<string, string>()
  /** Source text given with a request (`bun -e`), by id. */
  private readonly sources = new Map<string, string>()
  private readonly completions = new Set<string>()

  constructor(
    private readonly fs: ServiceFs,
    private readonly options: ModuleServiceOptions = {},
  ) {}

  /** The source map of the last compile of `id`, or `null`. */
  sourceMap(id: string): string | null {
    return this.maps.get(id) ?? null
  }

  /** Keeps the code cache a process made for module `id`, if `key` is still its current compile. */
  storeCodeCache(id: string, key: string, data: Uint8Array): void {
    const entry = this.cache.get(id)
    if (entry && entry.key === key && data.byteLength > 0) entry.codeCache = data
  }

  /** Resolves and compiles what `request` needs (see the file comment). */
  async loadGraph(request: GraphRequest): Promise<GraphResult> {
    const resolver = new Resolver(this.fs)
    const known = new Set(request.known)
    const visits = new Map<string, Promise<Visit>>()
    const result: GraphResult = { entries: [], modules: [], failed: [] }

    const load = (id: string): Promise<Visit> => {
      let visit = visits.get(id)
      if (!visit) {
        visit = this.compileOne(id, resolver)
        visits.set(id, visit)
        void visit.then((v) => {
          if (v.module) {
            result.modules.push(v.module)
            // Everything it may need, ahead of time; failures wait for evaluation.
            for (const dep of [...v.module.imports.map((i) => i.id), ...Object.values(v.module.resolved)])
              if (!known.has(dep) && !isBuiltinId(dep)) void load(dep)
          }
        })
      }
      return visit
    }

    /** The first failure in the static closure of `id`, depth first in import order. */
    const check = async (id: string, seen: Set<string>): Promise<LoadFailure | null> => {
      if (seen.has(id) || known.has(id) || isBuiltinId(id)) return null
      seen.add(id)
      const visit = await load(id)
      if (visit.failure) return visit.failure
      for (const dep of visit.module?.imports ?? []) {
        const failure = await check(dep.id, seen)
        if (failure) return failure
      }
      return null
    }

    for (const entry of request.entries) {
      let id: string
      try {
        if (entry.source !== undefined) {
          id = entry.specifier
          this.sources.set(id, entry.source)
          if (entry.completion) this.completions.add(id)
          else this.completions.delete(id)
          visits.delete(id)
          known.delete(id)
        } else id = this.resolve(resolver, entry.specifier, entry.referrer, entry.kind)
      } catch (error) {
        result.entries.push({ failure: failureOf(error, entry.specifier, entry.referrer) })
        continue
      }
      const failure = await check(id, new Set())
      result.entries.push(failure ? { failure } : { id })
    }
    // Let the ahead-of-time loads finish, so one request brings everything.
    for (;;) {
      const pending = [...visits.values()]
      await Promise.all(pending)
      if (visits.size === pending.length) break
    }
    for (const [id, visit] of visits) {
      const settled = await visit
      if (settled.failure) result.failed.push({ id, failure: settled.failure })
    }
    return result
  }

  private resolve(resolver: Resolver, specifier: string, referrer: string, kind: ReferenceKind): string {
    const id = resolver.resolve(specifier, referrer, kind)
    if (id.startsWith('node:') && !NODE_BUILTINS.has(id.slice(5))) throw new ResolveError(specifier, referrer)
    return id
  }

  private async compileOne(id: string, resolver: Resolver): Promise<Visit> {
    let entry: CacheEntry
    try {
      entry = await this.compile(id, resolver)
    } catch (error) {
      return { module: null, failure: failureOf(error, id, id) }
    }
    const output = entry.output
    const module: CompiledModule = {
      id,
      format: output.format,
      code: output.code,
      async: output.async,
      imports: [],
      resolved: {},
      mapped: output.map !== null,
      cacheKey: entry.key,
      ...(entry.codeCache ? { codeCache: entry.codeCache } : {}),
    }
    for (const specifier of output.imports) {
      try {
        module.imports.push({ specifier, id: this.resolve(resolver, specifier, id, 'import') })
      } catch (error) {
        return { module: null, failure: failureOf(error, specifier, id) }
      }
    }
    for (const specifier of output.references) {
      try {
        module.resolved[specifier] = this.resolve(resolver, specifier, id, 'require')
      } catch {
        // Resolved again, and reported, when the process evaluates the reference.
      }
    }
    return { module, failure: null }
  }

  private async compile(id: string, resolver: Resolver): Promise<CacheEntry> {
    const { source, path } = this.read(id)
    const dir = path.startsWith('/') ? posixPath.dirname(path) : '/'
    const tsconfig = resolver.compilerOptions(dir)
    const options: CompileOptions = {
      tsconfig: pickTsconfig(tsconfig),
      ...(path.startsWith('/') ? { packageType: resolver.packageType(path) } : {}),
      ...(this.options.production ? { production: true } : {}),
    }
    const key = `${hashText(source)}:${JSON.stringify(options)}:${this.completions.has(id)}`
    const cached = this.cache.get(id)
    if (cached && cached.key === key) return cached
    const given = this.sources.has(id)
    const output = await compileModule(
      source,
      path,
      given ? { ...options, loader: 'ts', ...(this.completions.has(id) ? { completion: true } : {}) } : options,
    )
    const entry: CacheEntry = { key, output }
    this.cache.set(id, entry)
    if (output.map) this.maps.set(id, output.map)
    else this.maps.delete(id)
    return entry
  }

  /** The source of a module id: a file, or the body of a `data:` URL (with a path giving its loader). */
  private read(id: string): { source: string; path: string } {
    const given = this.sources.get(id)
    if (given !== undefined) return { source: given, path: id }
    if (id.startsWith('data:')) {
      const comma = id.indexOf(',')
      const header = id.slice(5, comma < 0 ? id.length : comma)
      const body = comma < 0 ? '' : id.slice(comma + 1)
      const base64 = header.endsWith(';base64')
      const mime = (base64 ? header.slice(0, -7) : header).split(';')[0] ?? ''
      const source = base64
        ? new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)))
        : decodeURIComponent(body)
      const ext = mime.includes('json') ? '.json' : mime.includes('typescript') ? '.ts' : '.js'
      return { source, path: `/data-url${ext}` }
    }
    return { source: this.fs.readFile(id, 'utf8'), path: id }
  }
}

function pickTsconfig(options: Record<string, unknown>): CompileOptions['tsconfig'] {
  const picked: Record<string, unknown> = {}
  for (const key of [
    'jsx',
    'jsxFactory',
    'jsxFragmentFactory',
    'jsxImportSource',
    'experimentalDecorators',
    'useDefineForClassFields',
    'verbatimModuleSyntax',
    'preserveValueImports',
  ]) {
    if (options[key] !== undefined) picked[key] = options[key]
  }
  return picked as CompileOptions['tsconfig']
}

function failureOf(error: unknown, specifier: string, referrer: string): LoadFailure {
  if (error instanceof ResolveError)
    return { name: 'ResolveMessage', message: error.message, code: error.code, specifier, referrer }
  if (error instanceof CompileError)
    return {
      name: 'BuildMessage',
      message: error.message,
      specifier,
      referrer,
      location: { file: error.file, line: error.line, column: error.column, lineText: error.lineText },
    }
  const e = error as { name?: string; message?: string; code?: string }
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(error),
    ...(e?.code ? { code: e.code } : {}),
    specifier,
    referrer,
  }
}

/** A 53-bit hash of a string, as a key (two 32-bit FNV-1a-style lanes). */
function hashText(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}${text.length.toString(36)}`
}
