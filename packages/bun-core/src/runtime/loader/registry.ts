/**
 * The module registry of one process: evaluates what the module service
 * compiled, with Bun's semantics.
 *
 * - One registry per process, keyed by module id (absolute real path,
 *   `data:` URL, or a builtin id such as `node:fs`).
 * - ES modules (converted to functions by `compile.ts`) evaluate their
 *   static imports first, in order, awaiting those with top-level await, then
 *   their own body; CommonJS modules run when first required, as in Node.
 * - `require()` of an ES module returns its namespace (the same object
 *   `import * as` gives); `import` of CommonJS gives a namespace whose
 *   `default` is `module.exports` (or `exports.default` with `__esModule`).
 *   Namespaces are null-prototype, `Module`-tagged, sorted and, once their
 *   module has run, not extensible — like the real ones.
 * - `require()` of a module that was not loaded ahead asks the service
 *   synchronously (blocking the worker); where the host cannot block, it
 *   fails with an error naming the COOP/COEP headers.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import type { CompiledScript, RuntimeHost } from '../host.js'
import { CJS_WRAPPER_NAME, WRAPPER_NAME } from '../stack.js'
import { DYNAMIC_IMPORT, INTEROP_HELPERS } from './compile.js'
import { NODE_BUILTINS, ResolveError, Resolver } from './resolve.js'
import { isBuiltinId } from './service.js'
import { TLA_RUNNER } from './top-level-await.js'
import type { CompiledModule, GraphEntry, GraphResult, LoadFailure, ReferenceKind } from './types.js'

/** What the registry needs from the rest of the runtime. */
export interface RegistryHooks {
  host: RuntimeHost
  /** The exports of a builtin module id (`node:fs`, `bun` …); `undefined` when there is no such builtin. */
  builtin(id: string): object | undefined
  /** Prepares builtins that need asynchronous set-up before they can be required (e.g. `bun:sqlite`). */
  prepareBuiltins(ids: readonly string[]): Promise<void>
  /** `import.meta.env`: the process environment object. */
  env: Record<string, string | undefined>
  /**
   * Names every module sees as its own bindings (wrapper parameters after the
   * standard ones), with their values: the process's `process`, timers,
   * `console` … — so that modules of processes sharing one realm (inline,
   * in the kernel worker) each see their own, whatever the global object holds.
   */
  scope: Record<string, unknown>
  /** Keeps the process alive while a module loads asynchronously (`import()`); returns the release. */
  ref?(): () => void
  /** Where the wrapper layouts are recorded (shared by the registries of one process); default: the registry's own. */
  layouts?: Map<string, WrapperLayout>
}

/** Node's `Module` shape (`module` inside a CommonJS module, `require.cache` entries). */
export class Module {
  id: string
  filename: string
  path: string
  exports: unknown = {}
  loaded = false
  parent: Module | null | undefined
  children: Module[] = []
  paths: string[]
  require!: NodeRequire
  constructor(id: string, parent: Module | null | undefined = undefined) {
    this.id = id
    this.filename = id
    this.path = id.startsWith('/') ? posixPath.dirname(id) : '.'
    this.parent = parent
    this.paths = nodeModulePaths(this.path)
  }
  _compile(): never {
    throw new Error('module._compile is not supported')
  }
}

/** `require` as the wrapper receives it. */
export interface NodeRequire {
  (specifier: string): unknown
  resolve: ((specifier: string, options?: { paths?: string[] }) => string) & {
    paths(specifier: string): string[] | null
  }
  cache: Record<string, Module>
  main: Module | undefined
  extensions: Record<string, unknown>
}

/** The node_modules directories searched from `dir` upwards. */
export function nodeModulePaths(dir: string): string[] {
  if (!dir.startsWith('/')) return []
  const paths: string[] = []
  for (let at = dir; ; at = posixPath.dirname(at)) {
    if (!at.endsWith('/node_modules')) paths.push(`${at === '/' ? '' : at}/node_modules`)
    if (at === '/') return paths
  }
}

type State = 'new' | 'evaluating' | 'evaluated' | 'failed'

interface Record_ {
  id: string
  compiled: CompiledModule | null
  failure: LoadFailure | null
  module: Module
  state: State
  /** Settles when an async module (or one waiting on one) has finished. */
  promise: Promise<void> | null
  /** True once {@link promise} fulfilled (an importer that awaited it may require it synchronously). */
  settled: boolean
  error: unknown
  /** The namespace `import` sees for a CommonJS/data/builtin module (built on first import). */
  namespace: object | null
  /** For ES modules: true once `__toCommonJS` ran (its exports are defined). */
  esm: boolean
}

const NAMESPACE = Symbol('vitamin-bun.namespace')
const toStringTag = { value: 'Module', enumerable: false, writable: false, configurable: false }

/** An error like Bun's `ResolveMessage`: thrown for a module that cannot be found. */
export class ResolveMessage extends Error {
  override readonly name: string = 'ResolveMessage'
  readonly code: string
  readonly specifier: string
  readonly referrer: string
  readonly importKind: string
  /** What Bun prints for it when uncaught: `Cannot find module 'x' from '/y.ts'`. */
  readonly uncaughtMessage: string
  constructor(message: string, code: string, specifier: string, referrer: string, importKind: string) {
    super(message)
    this.code = code
    this.specifier = specifier
    this.referrer = referrer
    this.importKind = importKind
    this.uncaughtMessage = `Cannot find ${isBare(specifier) ? 'package' : 'module'} '${isBare(specifier) ? packageName(specifier) : specifier}' from '${referrer}'`
    // Bun's ResolveMessage shows no own properties when printed.
    for (const key of ['code', 'specifier', 'referrer', 'importKind', 'uncaughtMessage'])
      Object.defineProperty(this, key, { enumerable: false })
  }
}

/** An error like Bun's `BuildMessage`: a module that does not compile (syntax). */
export class BuildMessage extends Error {
  override readonly name: string = 'BuildMessage'
  readonly position: { file: string; line: number; column: number; lineText: string } | null
  constructor(message: string, position: BuildMessage['position']) {
    super(message)
    this.position = position
    Object.defineProperty(this, 'position', { enumerable: false })
  }
}

function isBare(specifier: string): boolean {
  return !(
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('file:') ||
    specifier.startsWith('data:') ||
    specifier.startsWith('#')
  )
}

function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

const ISOLATION_MESSAGE =
  'require() of a module that was not loaded ahead needs to block the thread, which this page cannot do: serve it with "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" (cross-origin isolation), or use import()'

/** CommonJS wrapper parameters. */
const CJS_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname', DYNAMIC_IMPORT]
/** ES module wrapper parameters: CommonJS's, `import.meta`, top-level await and esbuild's interop helpers. */
const ESM_PARAMETERS = [...CJS_PARAMETERS, '__vb_meta', TLA_RUNNER, ...INTEROP_HELPERS]

type Wrapper = (this: unknown, ...args: unknown[]) => unknown

/** Source positions in compiled code: the wrapper adds text before line 1 only. */
export interface WrapperLayout {
  /** Characters the wrapper adds before the module code on line 1. */
  prefix: number
}

export class ModuleRegistry {
  private readonly records = new Map<string, Record_>()
  private readonly resolver: Resolver
  /** `require.cache`: the registry's modules by id (deleting an entry makes the next require re-run it). */
  readonly cache: Record<string, Module>
  main: Module | undefined
  /** Per module id, the characters the wrapper put before its first line (for stack positions). */
  readonly layouts: Map<string, WrapperLayout>
  /** Scripts compiled without a usable code cache: their caches go to the host when the process ends. */
  private uncached: Array<{ id: string; key: string; script: CompiledScript }> = []

  constructor(private readonly hooks: RegistryHooks) {
    this.layouts = hooks.layouts ?? new Map()

    this.resolver = new Resolver(hooks.host.fs)
    const records = this.records
    this.cache = new Proxy({} as Record<string, Module>, {
      get: (_, key) => (typeof key === 'string' ? records.get(key)?.module : undefined),
      has: (_, key) => typeof key === 'string' && records.get(key)?.state === 'evaluated',
      deleteProperty: (_, key) => {
        if (typeof key === 'string') records.delete(key)
        return true
      },
      set: (_, key, value) => {
        if (typeof key === 'string' && value instanceof Module) {
          records.set(key, {
            id: key,
            compiled: null,
            failure: null,
            module: value,
            state: 'evaluated',
            promise: null,
            settled: true,
            error: undefined,
            namespace: null,
            esm: false,
          })
        }
        return true
      },
      ownKeys: () => [...records.entries()].filter(([, r]) => r.state === 'evaluated').map(([id]) => id),
      getOwnPropertyDescriptor: (_, key) => {
        const record = typeof key === 'string' ? records.get(key) : undefined
        return record ? { value: record.module, enumerable: true, configurable: true, writable: true } : undefined
      },
    })
  }

  /** Adds what the service sent. */
  private accept(result: GraphResult): void {
    for (const compiled of result.modules) {
      if (this.records.get(compiled.id)?.state === 'evaluated') continue
      // The converted code requires its static imports by specifier: resolved already, like the literal references.
      for (const { specifier, id } of compiled.imports) compiled.resolved[specifier] ??= id
      this.records.set(compiled.id, this.newRecord(compiled.id, compiled, null))
    }

    for (const { id, failure } of result.failed) {
      if (!this.records.has(id)) this.records.set(id, this.newRecord(id, null, failure))
    }
  }

  private newRecord(id: string, compiled: CompiledModule | null, failure: LoadFailure | null): Record_ {
    return {
      id,
      compiled,
      failure,
      module: new Module(id),
      state: 'new',
      promise: null,
      settled: false,
      error: undefined,
      namespace: null,
      esm: compiled?.format === 'esm',
    }
  }

  private known(): string[] {
    return [...this.records.keys()]
  }

  /**
   * Loads and runs the entry module (`bun run file`): resolves with its
   * namespace once it (and any top-level await in its graph) finished.
   * Rejects with a `ResolveMessage`/`BuildMessage` when its graph does not
   * load — before anything ran.
   */
  async runMain(path: string, source?: string, completion = false): Promise<unknown> {
    const entry: GraphEntry = { specifier: path, referrer: path, kind: 'import' }
    if (source !== undefined) entry.source = source
    if (completion) entry.completion = true
    const id = await this.load(entry, 'main')
    const record = this.records.get(id) as Record_
    record.module.id = '.'
    this.main = record.module
    const pending = this.evaluate(record, null)
    if (pending) await pending
    return this.namespaceOf(record)
  }

  /** `import(specifier)` from `referrer`. */
  async dynamicImport(specifier: string, referrer: string): Promise<unknown> {
    const id = await this.load({ specifier, referrer, kind: 'import' }, 'dynamic')
    const record = this.records.get(id)
    if (!record) return this.builtinNamespace(id)
    const pending = this.evaluate(record, null)
    if (pending) await pending
    return this.namespaceOf(record)
  }

  /** Resolves and loads one entry asynchronously; returns its id. */
  private async load(entry: GraphEntry, how: 'main' | 'dynamic'): Promise<string> {
    const cheap = entry.source === undefined ? this.tryResolveLoaded(entry) : null
    if (cheap !== null) return cheap
    // Held until the module can run: a process waiting for a module does not end meanwhile.
    const release = this.hooks.ref?.()
    try {
      const result = await this.hooks.host.modules.loadGraph({ entries: [entry], known: this.known() })
      this.accept(result)
      const first = result.entries[0]
      if (!first || 'failure' in first) throw this.failureError(first?.failure, entry, how)
      await this.hooks.prepareBuiltins(this.builtinsOf(result))
      return first.id
    } finally {
      release?.()
    }
  }

  /** An id for an entry already in the registry (or a builtin), without asking the service. */
  private tryResolveLoaded(entry: GraphEntry): string | null {
    if (isBuiltinId(entry.specifier) || NODE_BUILTINS.has(entry.specifier)) {
      const id =
        entry.specifier.startsWith('node:') || entry.specifier.startsWith('bun')
          ? entry.specifier
          : `node:${entry.specifier}`
      return this.hooks.builtin(id) ? id : null
    }
    const from = this.records.get(entry.referrer)?.compiled?.resolved[entry.specifier]
    if (from && this.records.has(from)) return from
    return null
  }

  private builtinsOf(result: GraphResult): string[] {
    const ids = new Set<string>()
    for (const m of result.modules) {
      for (const i of m.imports) if (isBuiltinId(i.id)) ids.add(i.id)
      for (const id of Object.values(m.resolved)) if (isBuiltinId(id)) ids.add(id)
    }
    for (const e of result.entries) if ('id' in e && isBuiltinId(e.id)) ids.add(e.id)
    return [...ids]
  }

  private failureError(
    failure: LoadFailure | undefined,
    entry: GraphEntry,
    how: 'main' | 'dynamic' | 'require',
  ): Error {
    if (!failure) return new Error(`cannot load '${entry.specifier}'`)
    if (failure.name === 'BuildMessage') return new BuildMessage(failure.message, failure.location ?? null)
    if (failure.name === 'ResolveMessage') {
      if (how === 'require')
        return new ResolveMessage(
          `Cannot find module '${failure.specifier}'\nRequire stack:\n- ${failure.referrer}`,
          'MODULE_NOT_FOUND',
          failure.specifier,
          failure.referrer,
          'require-call',
        )
      if (how === 'dynamic')
        return new ResolveMessage(
          `Cannot find module '${failure.specifier}' imported from ${failure.referrer}`,
          'ERR_MODULE_NOT_FOUND',
          failure.specifier,
          failure.referrer,
          'dynamic-import',
        )
      return new ResolveMessage(
        `Cannot find module '${failure.specifier}' from '${failure.referrer}'`,
        'ERR_MODULE_NOT_FOUND',
        failure.specifier,
        failure.referrer,
        'import-statement',
      )
    }
    return Object.assign(new Error(failure.message), { name: failure.name, code: failure.code })
  }

  /** `require(specifier)` from the module `referrer`. */
  require(specifier: string, referrer: string, parent: Module | null): unknown {
    const id = this.resolveForRequire(specifier, referrer)
    let record = this.records.get(id)
    if (!record) {
      const builtin = isBuiltinId(id) ? this.hooks.builtin(id) : undefined
      if (builtin) return builtin
      record = this.loadSync(specifier, referrer, id)
    }
    if (record.failure) throw this.failureError(record.failure, { specifier, referrer, kind: 'require' }, 'require')
    if (parent && !parent.children.includes(record.module) && record.state === 'new') {
      record.module.parent = parent
      parent.children.push(record.module)
    }
    if (record.state === 'evaluated' && (record.promise === null || record.settled)) return record.module.exports
    const pending = this.evaluate(record, null)
    if (pending && !record.settled)
      throw new TypeError(`require() async module "${id}" is unsupported. use "await import()" instead.`)

    return record.module.exports
  }

  /** The id `specifier` names for a require from `referrer`, as the service resolved it or now. */
  private resolveForRequire(specifier: string, referrer: string): string {
    if (typeof specifier !== 'string')
      throw Object.assign(new TypeError(`The "id" argument must be of type string. Received ${describe(specifier)}`), {
        code: 'ERR_INVALID_ARG_TYPE',
      })
    const ahead = this.records.get(referrer)?.compiled?.resolved[specifier]
    if (ahead) return ahead
    const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier
    if (NODE_BUILTINS.has(bare) || isBuiltinId(specifier))
      return specifier.startsWith('node:') || specifier.startsWith('bun') ? specifier : `node:${specifier}`
    return this.resolveNow(specifier, referrer, 'require')
  }

  /** Resolves with the process's own resolver (reads package.json files through the host). */
  resolveNow(specifier: string, referrer: string, kind: ReferenceKind): string {
    try {
      return this.resolver.resolve(specifier, referrer, kind)
    } catch (error) {
      if (error instanceof ResolveError)
        throw new ResolveMessage(
          kind === 'require'
            ? `Cannot find module '${specifier}'\nRequire stack:\n- ${referrer}`
            : `Cannot find module '${specifier}' from '${referrer}'`,
          kind === 'require' ? 'MODULE_NOT_FOUND' : 'ERR_MODULE_NOT_FOUND',
          specifier,
          referrer,
          kind === 'require' ? 'require-call' : 'import-statement',
        )
      throw error
    }
  }

  private loadSync(specifier: string, referrer: string, id: string): Record_ {
    const loadGraphSync = this.hooks.host.modules.loadGraphSync
    if (!loadGraphSync) throw new Error(`Cannot load '${specifier}' from '${referrer}': ${ISOLATION_MESSAGE}`)
    const result = loadGraphSync({ entries: [{ specifier: id, referrer, kind: 'require' }], known: this.known() })
    this.accept(result)
    const first = result.entries[0]
    if (!first || 'failure' in first) {
      const failure = first?.failure
      if (failure) return this.newRecord(id, null, failure)
      throw new Error(`cannot load '${specifier}'`)
    }
    const pendingBuiltins = this.builtinsOf(result).filter((b) => !this.hooks.builtin(b))
    if (pendingBuiltins.length > 0)
      throw new Error(`require('${specifier}') needs ${pendingBuiltins.join(', ')}, which must be imported first`)
    return this.records.get(first.id) as Record_
  }

  /**
   * Runs a module (and, for an ES module, its static imports first). Returns
   * a promise when top-level await is involved, else nothing. Throws what
   * the module threw.
   */
  private evaluate(record: Record_, _from: Record_ | null): Promise<void> | undefined {
    switch (record.state) {
      case 'evaluated':
        return record.promise ?? undefined
      case 'evaluating':
        return undefined
      case 'failed':
        throw record.error
    }
    if (record.failure)
      throw this.failureError(record.failure, { specifier: record.id, referrer: record.id, kind: 'import' }, 'main')
    record.state = 'evaluating'
    const compiled = record.compiled as CompiledModule
    // An ES module's namespace exists before its imports run, so a cycle back to it finds it (getters come later).
    if (compiled.format === 'esm') record.module.exports = this.newNamespace()
    try {
      const waits: Promise<void>[] = []
      if (compiled.format === 'esm') {
        for (const dep of compiled.imports) {
          const depRecord = this.records.get(dep.id)
          if (!depRecord) continue // a builtin: created when required
          const pending = this.evaluate(depRecord, record)
          if (pending) waits.push(pending)
        }
      }
      if (waits.length > 0) {
        record.promise = Promise.all(waits).then(() => this.runBody(record, compiled))
        record.state = 'evaluated'
        this.track(record, record.promise)
        return record.promise
      }
      const pending = this.runBody(record, compiled)
      record.state = 'evaluated'
      if (pending) {
        record.promise = pending
        this.track(record, pending)
      }
      return pending
    } catch (error) {
      if (compiled.format === 'esm') {
        record.state = 'failed'
        record.error = error
      } else {
        // A CommonJS module that threw is forgotten, as in Node: the next require runs it again.
        this.records.set(record.id, this.newRecord(record.id, compiled, null))
      }
      throw error
    }
  }

  private track(record: Record_, promise: Promise<void>): void {
    promise.then(
      () => {
        record.settled = true
      },
      (error) => {
        record.state = 'failed'
        record.error = error
      },
    )
  }

  private runBody(record: Record_, compiled: CompiledModule): Promise<void> | undefined {
    const module = record.module
    switch (compiled.format) {
      case 'json':
      case 'toml':
      case 'text':
        module.exports = JSON.parse(compiled.code)
        module.loaded = true
        return undefined
    }
    const id = record.id
    const filename = id
    const dirname = id.startsWith('/') ? posixPath.dirname(id) : '/'
    const require = this.makeRequire(record)
    module.require = require
    const dynamicImport = (specifier: unknown) =>
      this.dynamicImport(String(specifier), id.startsWith('/') ? id : this.hooks.host.cwd)
    const wrapper = this.compileWrapper(record, compiled)
    const scope = Object.values(this.hooks.scope)
    if (compiled.format === 'cjs') {
      wrapper.call(module.exports, module.exports, require, module, filename, dirname, dynamicImport, ...scope)
      module.loaded = true
      return undefined
    }
    const namespace = module.exports as object
    let chain: Promise<void> | null = null
    const tla = (run: () => Promise<void>) => {
      chain = chain ? chain.then(run) : run()
    }
    const helpers = this.interopHelpers(record, namespace)
    wrapper.call(
      undefined,
      namespace,
      require,
      module,
      filename,
      dirname,
      dynamicImport,
      this.importMeta(record, require),
      tla,
      ...helpers,
      ...scope,
    )
    const finish = () => {
      this.sealNamespace(namespace)
      module.loaded = true
    }
    if (chain) return (chain as Promise<void>).then(finish)
    finish()
    return undefined
  }

  private compileWrapper(record: Record_, compiled: CompiledModule): Wrapper {
    const parameters = [
      ...(compiled.format === 'esm' ? ESM_PARAMETERS : CJS_PARAMETERS),
      ...Object.keys(this.hooks.scope),
    ]

    // ES modules are strict; the directive shares line 1 with the wrapper, so only that line's columns move.
    const head =
      compiled.format === 'esm'
        ? `(function ${WRAPPER_NAME}(${parameters.join(', ')}) {"use strict";`
        : `(function ${CJS_WRAPPER_NAME}(${parameters.join(', ')}) {`

    this.layouts.set(record.id, { prefix: head.length })
    const source = `${head}${compiled.code}\n})\n//# sourceURL=${record.id.startsWith('data:') ? 'data-url' : record.id}`
    const modules = this.hooks.host.modules
    if (
      modules.compile &&
      modules.storeCodeCache &&
      compiled.cacheKey !== undefined &&
      compiled.code.length >= CODE_CACHE_MIN_LENGTH
    ) {
      // The engine's code cache, where the host has one: what an earlier process compiled is not compiled again.
      const script = modules.compile(source, record.id, compiled.codeCache)
      if (compiled.codeCache === undefined || script.rejected)
        this.uncached.push({ id: record.id, key: compiled.cacheKey, script })
      return script.value as Wrapper
    }
    return evaluateScript(source) as Wrapper
  }

  /**
   * Gives the host the code caches of the modules this process compiled from
   * source, with the functions they ran compiled too (a test file's tests);
   * called when the process is done with them.
   */
  storeCodeCaches(): void {
    const modules = this.hooks.host.modules
    const list = this.uncached
    this.uncached = []
    if (!modules.storeCodeCache) return
    for (const { id, key, script } of list) {
      try {
        modules.storeCodeCache(id, key, script.createCache())
      } catch {
        // A cache is an optimisation: a host that cannot make or keep one runs without.
      }
    }
  }

  private makeRequire(record: Record_): NodeRequire {
    const referrer = record.id.startsWith('/') ? record.id : `${this.hooks.host.cwd}/[eval]`
    const require = ((specifier: string) => this.require(specifier, referrer, record.module)) as NodeRequire
    const resolve = ((specifier: string, options?: { paths?: string[] }) => {
      if (options?.paths) {
        for (const base of options.paths) {
          try {
            return this.resolveNow(
              specifier,
              posixPath.join(posixPath.resolve(this.hooks.host.cwd, base), '[eval]'),
              'require',
            )
          } catch {
            // next path
          }
        }
      }
      const id = this.resolveForRequire(specifier, referrer)
      return id.startsWith('node:') && !specifier.startsWith('node:') ? specifier : id
    }) as NodeRequire['resolve']
    resolve.paths = (specifier: string) =>
      NODE_BUILTINS.has(specifier) ? null : nodeModulePaths(posixPath.dirname(referrer))
    require.resolve = resolve
    require.cache = this.cache
    Object.defineProperty(require, 'main', { get: () => this.main, enumerable: true, configurable: true })
    require.extensions = Object.create(null) as Record<string, unknown>
    return require
  }

  /** A `require` for `path` (a file that need not exist): `module.createRequire`, `bun -e`. */
  createRequire(path: string): NodeRequire {
    const record = this.records.get(path) ?? this.newRecord(path, null, null)
    return this.makeRequire(record)
  }

  private importMeta(record: Record_, require: NodeRequire): object {
    const id = record.id
    const file = id.startsWith('/') ? id : ''
    const meta = Object.create(ImportMeta.prototype) as Record<string, unknown>
    const dir = file ? posixPath.dirname(file) : this.hooks.host.cwd
    const values: Record<string, unknown> = {
      url: file ? `file://${encodeURI(file).replace(/[?#]/g, encodeURIComponent)}` : id,
      path: file,
      dir,
      dirname: dir,
      file: file ? posixPath.basename(file) : '',
      filename: file,
      require,
      env: this.hooks.env,
      resolve: (specifier: string) => {
        // Paths are resolved as paths (no extension probing, no existence check), as Bun does.
        if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/'))
          return `file://${encodeURI(posixPath.resolve(dir, specifier))}`
        const resolved = this.resolveNow(specifier, file || `${dir}/[eval]`, 'import')
        return resolved.startsWith('/') ? `file://${encodeURI(resolved)}` : resolved
      },
    }
    for (const [key, value] of Object.entries(values))
      Object.defineProperty(meta, key, { value, enumerable: false, writable: true, configurable: true })
    Object.defineProperty(meta, 'main', {
      get: () => this.main === record.module,
      enumerable: false,
      configurable: true,
    })
    return meta
  }

  private newNamespace(): object {
    const namespace = Object.create(null) as object
    Object.defineProperty(namespace, Symbol.toStringTag, toStringTag)
    Object.defineProperty(namespace, NAMESPACE, { value: true })
    return namespace
  }

  /** Sorts a namespace's keys (they arrive in declaration order) and freezes its shape. */
  private sealNamespace(namespace: object): void {
    const descriptors = Object.getOwnPropertyDescriptors(namespace) as Record<string, PropertyDescriptor>
    const names = Object.keys(descriptors).sort()
    for (const name of names) delete (namespace as Record<string, unknown>)[name]
    for (const name of names)
      Object.defineProperty(namespace, name, { ...(descriptors[name] as PropertyDescriptor), configurable: false })
    Object.preventExtensions(namespace)
  }

  /** The namespace `import` sees for a record. */
  private namespaceOf(record: Record_): object {
    const exports = record.module.exports
    if (isNamespace(exports)) return exports as object
    record.namespace ??= this.cjsNamespace(exports)
    return record.namespace
  }

  private builtinNamespace(id: string): object {
    return this.cjsNamespace(this.hooks.builtin(id))
  }

  /** A namespace for CommonJS exports: its keys, plus `default` (Bun honours `__esModule`). */
  cjsNamespace(exports: unknown): object {
    if (isNamespace(exports)) return exports as object
    const namespace = this.newNamespace()
    const source = exports as Record<string, unknown>
    const esModule = exports !== null && typeof exports === 'object' && source.__esModule === true
    if ((typeof exports === 'object' && exports !== null) || typeof exports === 'function') {
      for (const key of Object.keys(exports)) {
        if (key === 'default') continue
        Object.defineProperty(namespace, key, { get: () => source[key], enumerable: true, configurable: true })
      }
    }
    const fallback = exports
    Object.defineProperty(namespace, 'default', {
      get: () => (esModule && 'default' in source ? source.default : fallback),
      enumerable: true,
      configurable: true,
    })
    this.sealNamespace(namespace)
    return namespace
  }

  /** esbuild's interop helpers with Bun's semantics, in {@link ESM_PARAMETERS} order. */
  private interopHelpers(record: Record_, namespace: object): unknown[] {
    const defineExports = (target: object, all: Record<string, () => unknown>) => {
      for (const name in all)
        Object.defineProperty(target, name, { get: all[name], enumerable: true, configurable: true })
    }
    const copyProps = (to: object, from: unknown, except?: string) => {
      if ((from && typeof from === 'object') || typeof from === 'function') {
        for (const key of Object.getOwnPropertyNames(from)) {
          if (Object.hasOwn(to, key) || key === except) continue
          const descriptor = Object.getOwnPropertyDescriptor(from, key)
          Object.defineProperty(to, key, {
            get: () => (from as Record<string, unknown>)[key],
            enumerable: !descriptor || !!descriptor.enumerable,
            configurable: true,
          })
        }
      }
      return to
    }
    const reExport = (target: object, mod: unknown, second?: object) => {
      copyProps(target, mod, 'default')
      if (second) copyProps(second, mod, 'default')
    }
    const toESM = (mod: unknown) => {
      if (isNamespace(mod)) return mod
      // Find the record whose exports these are, to share its namespace.
      for (const other of this.records.values())
        if (other.module.exports === mod && other.state !== 'new') return this.namespaceOf(other)
      return this.cjsNamespace(mod)
    }
    const toCommonJS = (exports: object) => {
      // The namespace was created before the module ran (cycles see it); copy the getters over.
      if (exports !== namespace) copyProps(namespace, exports)
      record.esm = true
      return namespace
    }
    return [
      Object.create,
      Object.defineProperty,
      Object.getOwnPropertyDescriptor,
      Object.getOwnPropertyNames,
      Object.getPrototypeOf,
      Object.prototype.hasOwnProperty,
      defineExports,
      copyProps,
      reExport,
      toESM,
      toCommonJS,
    ]
  }
}

/** Global (indirect) eval: module code runs in the global scope, like a script, never in ours. */
// biome-ignore lint/security/noGlobalEval: running the user's program is what a runtime is for.
const evaluateScript: (source: string) => unknown = globalThis.eval

/**
 * Modules shorter than this compile from source: making, sending and keeping
 * a cache costs more than compiling a small module (a graph of 1,000 tiny
 * modules ran slower with caches than without).
 */
const CODE_CACHE_MIN_LENGTH = 2048

/** `import.meta`'s class (Bun prints it as `ImportMeta {}`). */
class ImportMeta {}

function isNamespace(value: unknown): boolean {
  return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[NAMESPACE] === true
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'object') return `an instance of ${(value as object).constructor?.name ?? 'Object'}`
  return `type ${typeof value} (${String(value)})`
}
