/**
 * Which files `bun test` runs, by Bun's rules:
 *
 * - a test file's name ends in `.test`, `_test`, `.spec` or `_spec` before a
 *   JavaScript/TypeScript extension (`.d.ts` files are not tests);
 * - directories named `node_modules` or starting with `.` are not entered;
 * - the files directly in the working directory come first, sorted by name
 *   (ignoring case), then the subdirectories in directory order;
 * - positional arguments filter by substring of the path relative to the
 *   working directory, unless one starts with `./`, `../` or `/`: then they
 *   all are paths, files run as given (test-named or not) and directories
 *   are searched.
 */
import { type Dirent, posixPath } from '@aspect-build/virtual-fs'
import type { SyncFs } from '../runtime/host.js'
import { relativePath } from './paths.js'

const TEST_NAME = /(\.test|_test|\.spec|_spec)\.(js|jsx|ts|tsx|mjs|cjs|mts|cts)$/i
const SCRIPT = /\.(js|jsx|ts|tsx|mjs|cjs|mts|cts)$/i

/** Is `name` (a base name) a test file? */
export function isTestFileName(name: string): boolean {
  return TEST_NAME.test(name) && !/\.d\.(ts|mts|cts)$/i.test(name)
}

export interface Discovery {
  /** Absolute paths, in run order. */
  files: string[]
  /** Entries looked at (Bun prints it when filters match nothing). */
  searched: number
  /** The arguments were paths (not filters). */
  paths: boolean
  /** A single path argument that does not exist. */
  missing: string | null
}

function isDirectory(fs: SyncFs, path: string): boolean {
  try {
    return fs.stat(path).isDirectory()
  } catch {
    return false
  }
}

/** Finds the test files for `positionals` under `cwd`. */
export function discoverTests(
  fs: SyncFs,
  cwd: string,
  positionals: readonly string[],
  ignore: RegExp[] = [],
): Discovery {
  const out: Discovery = { files: [], searched: 0, paths: false, missing: null }
  const ignored = (path: string) => ignore.some((re) => re.test(relativePath(cwd, path)))

  // `linked`: the directory was reached through a symbolic link. Bun runs a file found through a
  // link under its real path (so one reached twice runs once: see `runTests`).
  const scan = (dir: string, root: boolean, linked: boolean) => {
    let entries: Dirent[]
    try {
      // With their types: only a symbolic link needs a `stat` of its own (each is a call to the kernel).
      entries = fs.readdir(dir, { withFileTypes: true }) as Dirent[]
    } catch {
      return
    }
    const files: Array<{ name: string; path: string }> = []
    const dirs: Array<{ path: string; linked: boolean }> = []
    for (const entry of entries) {
      const name = entry.name
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`
      let stat: { isDirectory(): boolean; isFile(): boolean } = entry
      const isLink = entry.isSymbolicLink()
      if (isLink) {
        try {
          stat = fs.stat(path)
        } catch {
          continue
        }
      }
      if (stat.isDirectory()) {
        if (name === 'node_modules' || name.startsWith('.')) continue
        out.searched++
        dirs.push({ path, linked: linked || isLink })
      } else if (stat.isFile()) {
        out.searched++
        if (isTestFileName(name) && !ignored(path)) files.push({ name, path: linked || isLink ? realPath(path) : path })
      }
    }
    if (root) files.sort((a, b) => compareIgnoringCase(a.name, b.name))
    for (const file of files) out.files.push(file.path)
    for (const sub of dirs) scan(sub.path, false, sub.linked)
  }
  const realPath = (path: string) => {
    try {
      return fs.realpath(path)
    } catch {
      return path
    }
  }

  const isPath = (arg: string) => arg.startsWith('/') || arg.startsWith('./') || arg.startsWith('../')
  if (positionals.some(isPath)) {
    out.paths = true
    for (const arg of positionals) {
      const path = posixPath.resolve(cwd, arg)
      if (isDirectory(fs, path)) {
        scan(path, true, false)
        continue
      }
      let isFile = false
      try {
        isFile = fs.stat(path).isFile()
      } catch {
        isFile = false
      }
      if (isFile && SCRIPT.test(path)) {
        if (!out.files.includes(path)) out.files.push(path)
      } else if (positionals.length === 1 && !isFile) out.missing = arg
    }
    return out
  }
  scan(cwd, true, false)
  if (positionals.length > 0) {
    out.files = out.files.filter((file) => {
      const rel = relativePath(cwd, file)
      return positionals.some((filter) => rel.includes(filter))
    })
  }
  return out
}

function compareIgnoringCase(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  return x < y ? -1 : x > y ? 1 : 0
}
