/**
 * `Bun.Glob`: `match(path)` with Bun's glob rules (`node/internal/node-a-glob.ts`,
 * shared with `path.matchesGlob`), and `scan`/`scanSync`, which walk the
 * process's filesystem from `cwd` and yield matching paths. Directory
 * entries come in the filesystem's order, which here is sorted by name.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import { globMatch } from '../node/internal/node-a-glob.js'
import type { Runtime } from '../runtime.js'

interface ScanOptions {
  cwd?: string
  dot?: boolean
  absolute?: boolean
  onlyFiles?: boolean
  followSymlinks?: boolean
  throwErrorOnBrokenSymlink?: boolean
}

const MAGIC = /[*?[{\\]/

/** Builds the `Glob` class of a process. */
export function createGlob(runtime: Runtime): new (pattern: string) => object {
  const fs = runtime.host.fs

  class Glob {
    readonly #pattern: string
    constructor(pattern: string) {
      if (typeof pattern !== 'string')
        throw Object.assign(new TypeError('Glob pattern must be a string'), { code: 'ERR_INVALID_ARG_TYPE' })
      this.#pattern = pattern
    }

    /** True when `path` matches the pattern. */
    match(path: string): boolean {
      if (typeof path !== 'string')
        throw Object.assign(new TypeError('Glob.match: path must be a string'), { code: 'ERR_INVALID_ARG_TYPE' })
      return globMatch(this.#pattern, path)
    }

    /** The matching paths below `cwd`, synchronously. */
    *scanSync(options?: ScanOptions | string): Generator<string> {
      yield* this.#walk(typeof options === 'string' ? { cwd: options } : (options ?? {}))
    }

    /** The matching paths below `cwd`. */
    async *scan(options?: ScanOptions | string): AsyncGenerator<string> {
      for (const path of this.#walk(typeof options === 'string' ? { cwd: options } : (options ?? {}))) yield path
    }

    *#walk(options: ScanOptions): Generator<string> {
      const cwd = posixPath.resolve(runtime.node.cwd(), options.cwd ?? '.')
      const onlyFiles = options.onlyFiles !== false
      const dot = options.dot === true
      const pattern = this.#pattern.startsWith('./') ? this.#pattern.slice(2) : this.#pattern
      const segments = pattern.split('/')
      const deep = segments.includes('**') || segments.some((s) => s.includes('**'))
      const maxDepth = deep ? Number.POSITIVE_INFINITY : segments.length
      // Start below the pattern's literal prefix (`src/**/*.ts` walks only `src`).
      let prefix = ''
      for (const segment of segments.slice(0, -1)) {
        if (MAGIC.test(segment)) break
        prefix = prefix ? `${prefix}/${segment}` : segment
      }
      const absolutePattern = pattern.startsWith('/')
      const root = absolutePattern ? '/' : cwd
      const start = absolutePattern ? prefix || '/' : prefix
      const startDir = start === '' ? root : posixPath.resolve(root, start)
      const show = (rel: string) => (options.absolute || absolutePattern ? posixPath.resolve(root, rel) : rel)
      const testPath = (rel: string) => globMatch(pattern, absolutePattern ? posixPath.resolve('/', rel) : rel)
      const prefixDepth = start === '' || start === '/' ? 0 : start.split('/').length
      const seen = new Set<string>()

      function* visit(dir: string, rel: string, depth: number): Generator<string> {
        let entries: Array<{ name: string; isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }>
        try {
          entries = fs.readdir(dir, { withFileTypes: true }) as typeof entries
        } catch {
          return
        }
        for (const entry of entries) {
          const name = entry.name
          if (!dot && name.startsWith('.')) continue
          const childRel = rel === '' ? name : `${rel}/${name}`
          const childPath = dir === '/' ? `/${name}` : `${dir}/${name}`
          let isDir = entry.isDirectory()
          let isFile = entry.isFile()
          if (entry.isSymbolicLink()) {
            try {
              const target = fs.stat(childPath)
              if (options.followSymlinks) {
                isDir = target.isDirectory()
                isFile = target.isFile()
              } else isFile = !target.isDirectory()
            } catch (error) {
              if (options.throwErrorOnBrokenSymlink) throw error
              isFile = true
            }
          }
          if ((!onlyFiles || isFile) && testPath(childRel) && !seen.has(childRel)) {
            seen.add(childRel)
            yield show(childRel)
          }
          if (isDir && depth + 1 < maxDepth) yield* visit(childPath, childRel, depth + 1)
        }
      }
      if (start !== '' && start !== '/') {
        try {
          if (!fs.stat(startDir).isDirectory()) return
        } catch {
          return
        }
      }
      yield* visit(startDir, absolutePattern ? start.replace(/^\//, '') : start, prefixDepth)
    }
  }
  return Glob
}
