/**
 * Module resolution with Bun's rules: relative and absolute paths with
 * extension and index probing (including `./x.js` finding `x.ts`), `file:`
 * and `data:` URLs, builtins (`node:*`, bare Node names, `bun`), package
 * `imports` (`#name`), tsconfig.json `paths`/`baseUrl`, and node_modules
 * packages with `exports` conditions (`bun`, `node`, `import` or `require`,
 * `default`) falling back to `main` and `index`.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import type { ShellFs } from '../../shell/types.js'

/** The filesystem calls resolution needs. */
export type ResolveFs = Pick<ShellFs, 'readFile' | 'stat' | 'realpath'>

/** Whether the reference is an `import` (static or dynamic) or a `require()`. */
export type ReferenceKind = 'import' | 'require'

/** Node's builtin module names (bare `path` resolves as `node:path`). */
export const NODE_BUILTINS: ReadonlySet<string> = new Set(
  (
    'assert assert/strict async_hooks buffer child_process cluster console constants crypto dgram diagnostics_channel dns ' +
    'dns/promises domain events fs fs/promises http http2 https inspector module net os path path/posix path/win32 perf_hooks ' +
    'process punycode querystring readline readline/promises repl stream stream/promises stream/web string_decoder sys ' +
    'timers timers/promises tls trace_events tty url util util/types v8 vm wasi worker_threads zlib test sqlite'
  ).split(' '),
)

/** The extensions tried, in Bun's order, for a path without one. */
export const EXTENSIONS: readonly string[] = [
  '.tsx',
  '.ts',
  '.jsx',
  '.js',
  '.mjs',
  '.cjs',
  '.mts',
  '.cts',
  '.json',
  '.toml',
]

/** A resolution failure: Bun's message, Node's code. */
export class ResolveError extends Error {
  readonly code: string = 'ERR_MODULE_NOT_FOUND'
  readonly specifier: string
  readonly referrer: string
  constructor(specifier: string, referrer: string) {
    super(`Cannot find module '${specifier}' from '${referrer}'`)
    this.name = 'ResolveError'
    this.specifier = specifier
    this.referrer = referrer
  }
}

interface PackageJson {
  name?: string
  main?: string
  module?: string
  type?: string
  exports?: unknown
  imports?: unknown
}

interface Tsconfig {
  dir: string
  baseUrl: string | null
  paths: Record<string, string[]> | null
  compilerOptions: Record<string, unknown>
}

/** Resolves specifiers against a filesystem; caches package.json and tsconfig.json reads (one per process run). */
export class Resolver {
  private readonly packages = new Map<string, PackageJson | null>()
  private readonly tsconfigs = new Map<string, Tsconfig | null>()

  constructor(
    private readonly fs: ResolveFs,
    private readonly conditions: { import: readonly string[]; require: readonly string[] } = {
      import: ['bun', 'node', 'import', 'default'],
      require: ['bun', 'node', 'require', 'default'],
    },
  ) {}

  /**
   * The id of the module `specifier` names from the file `referrer`: an
   * absolute real path, a `data:` URL, `node:<name>` or `bun`/`bun:<name>`.
   * Throws {@link ResolveError}.
   */
  resolve(specifier: string, referrer: string, kind: ReferenceKind): string {
    if (specifier.startsWith('node:')) return specifier
    if (specifier === 'bun' || specifier.startsWith('bun:')) return specifier
    if (specifier.startsWith('data:')) return specifier
    if (NODE_BUILTINS.has(specifier)) return `node:${specifier}`
    const dir = posixPath.dirname(referrer)
    let found: string | null = null
    if (specifier.startsWith('file:')) found = this.resolvePath(decodeURIComponent(new URL(specifier).pathname))
    else if (specifier.startsWith('/')) found = this.resolvePath(specifier)
    else if (specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../'))
      found = this.resolvePath(posixPath.resolve(dir, specifier))
    else if (specifier.startsWith('#')) found = this.resolveImports(specifier, dir, kind)
    else found = this.resolveTsconfigPaths(specifier, dir) ?? this.resolvePackage(specifier, dir, kind)
    if (found === null) throw new ResolveError(specifier, referrer)
    return this.real(found)
  }

  /** The compiler options of the tsconfig.json nearest to `dir` (`{}` when there is none). */
  compilerOptions(dir: string): Record<string, unknown> {
    return this.tsconfig(dir)?.compilerOptions ?? {}
  }

  /** The nearest package.json's `type` field for a file. */
  packageType(file: string): string | undefined {
    let dir = posixPath.dirname(file)
    for (;;) {
      const pkg = this.packageJson(dir)
      if (pkg) return pkg.type
      if (dir === '/') return undefined
      dir = posixPath.dirname(dir)
    }
  }

  private real(path: string): string {
    try {
      return this.fs.realpath(path)
    } catch {
      return path
    }
  }

  private isFile(path: string): boolean {
    try {
      return this.fs.stat(path).isFile()
    } catch {
      return false
    }
  }

  private isDirectory(path: string): boolean {
    try {
      return this.fs.stat(path).isDirectory()
    } catch {
      return false
    }
  }

  /** A file path as written, with extensions, `.js`→`.ts` and directory index probing. */
  resolvePath(path: string): string | null {
    if (this.isFile(path)) return path
    for (const ext of EXTENSIONS) if (this.isFile(path + ext)) return path + ext
    const swap = /\.(m|c)?jsx?$/.exec(path)
    if (swap) {
      const stem = path.slice(0, swap.index)
      const m = swap[1] ?? ''
      const candidates = path.endsWith('x') ? ['.tsx'] : [`.${m}ts`, `.${m}tsx`]
      for (const ext of candidates) if (this.isFile(stem + ext)) return stem + ext
    }
    if (this.isDirectory(path)) return this.resolveDirectory(path)
    return null
  }

  private resolveDirectory(dir: string): string | null {
    const pkg = this.packageJson(dir)
    const main = pkg?.main
    if (typeof main === 'string' && main !== '') {
      const target = posixPath.resolve(dir, main)
      const found = this.isFile(target) ? target : (this.resolvePathNoDir(target) ?? this.indexOf(target))
      if (found) return found
    }
    return this.indexOf(dir)
  }

  private resolvePathNoDir(path: string): string | null {
    for (const ext of EXTENSIONS) if (this.isFile(path + ext)) return path + ext
    return null
  }

  private indexOf(dir: string): string | null {
    for (const ext of EXTENSIONS) if (this.isFile(`${dir}/index${ext}`)) return `${dir}/index${ext}`
    return null
  }

  private packageJson(dir: string): PackageJson | null {
    const cached = this.packages.get(dir)
    if (cached !== undefined) return cached
    let pkg: PackageJson | null = null
    try {
      const parsed = JSON.parse(this.fs.readFile(`${dir === '/' ? '' : dir}/package.json`, 'utf8')) as unknown
      if (parsed !== null && typeof parsed === 'object') pkg = parsed as PackageJson
    } catch {
      pkg = null
    }
    this.packages.set(dir, pkg)
    return pkg
  }

  private resolvePackage(specifier: string, dir: string, kind: ReferenceKind): string | null {
    const parts = specifier.split('/')
    const nameLength = specifier.startsWith('@') ? 2 : 1
    if (parts.length < nameLength || parts.slice(0, nameLength).some((p) => p === '')) return null
    const name = parts.slice(0, nameLength).join('/')
    const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.'
    // The package's own name resolves through its own exports ("self-reference").
    for (let at = dir; ; at = posixPath.dirname(at)) {
      if (!at.endsWith('/node_modules')) {
        const root = `${at === '/' ? '' : at}/node_modules/${name}`
        if (this.isDirectory(root)) {
          const pkg = this.packageJson(root)
          if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
            const target = this.resolveExports(root, pkg.exports, subpath, kind)
            if (target !== null) return target
            return null
          }
          const found = subpath === '.' ? this.resolveDirectory(root) : this.resolvePath(`${root}/${subpath.slice(2)}`)
          if (found) return found
        }
      }
      if (at === '/') return null
    }
  }

  private resolveExports(root: string, exports: unknown, subpath: string, kind: ReferenceKind): string | null {
    let map = exports
    const isSubpathMap =
      map !== null && typeof map === 'object' && !Array.isArray(map) && Object.keys(map).some((k) => k.startsWith('.'))
    if (!isSubpathMap) map = { '.': exports }
    const target = matchSubpath(map as Record<string, unknown>, subpath)
    if (target === null) return null
    const resolved = this.resolveTarget(target.value, target.star, kind)
    if (resolved === null) return null
    const file = posixPath.resolve(root, resolved)
    return this.isFile(file) ? file : null
  }

  private resolveImports(specifier: string, dir: string, kind: ReferenceKind): string | null {
    for (let at = dir; ; at = posixPath.dirname(at)) {
      const pkg = this.packageJson(at)
      if (pkg) {
        if (pkg.imports === null || typeof pkg.imports !== 'object') return null
        const target = matchSubpath(pkg.imports as Record<string, unknown>, specifier)
        if (target === null) return null
        const resolved = this.resolveTarget(target.value, target.star, kind)
        if (resolved === null) return null
        if (resolved.startsWith('./'))
          return this.isFile(posixPath.resolve(at, resolved)) ? posixPath.resolve(at, resolved) : null
        return this.resolvePackage(resolved, at, kind)
      }
      if (at === '/') return null
    }
  }

  /** Picks a target among conditions and fallbacks, substituting the `*` match. */
  private resolveTarget(target: unknown, star: string | null, kind: ReferenceKind): string | null {
    if (typeof target === 'string') return star === null ? target : target.replaceAll('*', star)
    if (Array.isArray(target)) {
      for (const item of target) {
        const found = this.resolveTarget(item, star, kind)
        if (found !== null) return found
      }
      return null
    }
    if (target !== null && typeof target === 'object') {
      const conditions = this.conditions[kind]
      for (const [key, value] of Object.entries(target)) {
        if (!conditions.includes(key)) continue
        const found = this.resolveTarget(value, star, kind)
        if (found !== null) return found
      }
    }
    return null
  }

  private tsconfig(dir: string): Tsconfig | null {
    const cached = this.tsconfigs.get(dir)
    if (cached !== undefined) return cached
    let config: Tsconfig | null = null
    const file = `${dir === '/' ? '' : dir}/tsconfig.json`
    if (this.isFile(file)) config = this.readTsconfig(file, 0)
    else if (dir !== '/') config = this.tsconfig(posixPath.dirname(dir))
    this.tsconfigs.set(dir, config)
    return config
  }

  private readTsconfig(file: string, depth: number): Tsconfig | null {
    let raw: { extends?: unknown; compilerOptions?: Record<string, unknown> }
    try {
      raw = parseJsonc(this.fs.readFile(file, 'utf8')) as typeof raw
    } catch {
      return null
    }
    const dir = posixPath.dirname(file)
    let base: Tsconfig | null = null
    if (typeof raw.extends === 'string' && depth < 8) {
      const ext = raw.extends.startsWith('.') ? posixPath.resolve(dir, raw.extends) : null
      const target = ext === null ? null : this.isFile(ext) ? ext : this.isFile(`${ext}.json`) ? `${ext}.json` : null
      if (target) base = this.readTsconfig(target, depth + 1)
    }
    const options = { ...(base?.compilerOptions ?? {}), ...(raw.compilerOptions ?? {}) }
    const own = raw.compilerOptions ?? {}
    const baseUrl = typeof own.baseUrl === 'string' ? posixPath.resolve(dir, own.baseUrl) : (base?.baseUrl ?? null)
    const paths = (own.paths as Record<string, string[]> | undefined) ?? base?.paths ?? null
    const pathsDir = own.paths ? dir : (base?.dir ?? dir)
    return { dir: pathsDir, baseUrl, paths, compilerOptions: options }
  }

  private resolveTsconfigPaths(specifier: string, dir: string): string | null {
    const config = this.tsconfig(dir)
    if (config === null) return null
    if (config.paths) {
      const match = matchSubpath(config.paths as Record<string, unknown>, specifier)
      if (match && Array.isArray(match.value)) {
        const root = config.baseUrl ?? config.dir
        for (const candidate of match.value) {
          if (typeof candidate !== 'string') continue
          const target = match.star === null ? candidate : candidate.replaceAll('*', match.star)
          const found = this.resolvePath(posixPath.resolve(root, target))
          if (found) return found
        }
      }
    }
    if (config.baseUrl) return this.resolvePath(posixPath.resolve(config.baseUrl, specifier))
    return null
  }
}

/** Finds `key` in a subpath map: an exact key, or the longest `prefix*suffix` pattern. */
function matchSubpath(map: Record<string, unknown>, key: string): { value: unknown; star: string | null } | null {
  if (Object.hasOwn(map, key) && !key.includes('*')) return { value: map[key], star: null }
  let best: { value: unknown; star: string | null; prefix: number } | null = null
  for (const pattern of Object.keys(map)) {
    const star = pattern.indexOf('*')
    if (star < 0) continue
    const prefix = pattern.slice(0, star)
    const suffix = pattern.slice(star + 1)
    if (key.length >= pattern.length - 1 && key.startsWith(prefix) && key.endsWith(suffix)) {
      if (best === null || prefix.length > best.prefix)
        best = {
          value: map[pattern],
          star: key.slice(prefix.length, key.length - suffix.length),
          prefix: prefix.length,
        }
    }
  }
  return best
}

/**
 * JSON with comments and trailing commas (tsconfig.json's and Bun's .jsonc
 * dialect) as plain JSON; comments become spaces, so positions in errors
 * still point into the original text.
 */
export function jsoncToJson(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      const start = i
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
      out += text.slice(start, i + 1)
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
      out += '\n'
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      const skipped = text.slice(i, end < 0 ? text.length : end + 2)
      out += skipped.replace(/[^\n]/g, ' ')
      i = end < 0 ? text.length : end + 1
    } else out += c
  }
  return out.replace(/,(\s*[}\]])/g, '$1')
}

/** Parses JSON with comments and trailing commas (tsconfig.json's dialect). */
export function parseJsonc(text: string): unknown {
  return JSON.parse(jsoncToJson(text))
}
