/**
 * `node:path`, `node:path/posix` and `node:path/win32`, as the real Bun has
 * them: the module is the POSIX implementation; `posix` and `win32` are the
 * two flavours, each with both flavours as properties again. Relative paths
 * resolve against the process's working directory (`ctx.cwd()`); win32
 * resolution on a POSIX cwd treats it as a rooted path without a drive, as
 * Bun on Linux does. `matchesGlob` follows `Bun.Glob`'s matching (Bun's
 * choice, not Node's minimatch): `*` matches dotfiles, `!` negates.
 */
import type { NodeContext } from './context.js'
import { invalidArgType, invalidArgTypeNative } from './internal/node-a-errors.js'
import { globMatch } from './internal/node-a-glob.js'

/** The fields of `path.parse` / `path.format`. */
export interface ParsedPath {
  root: string
  dir: string
  base: string
  ext: string
  name: string
}

/** One flavour of `node:path`. */
export interface PathModule {
  readonly sep: '/' | '\\'
  readonly delimiter: ':' | ';'
  resolve(...paths: string[]): string
  normalize(path: string): string
  isAbsolute(path: string): boolean
  join(...paths: string[]): string
  relative(from: string, to: string): string
  toNamespacedPath(path: string): string
  _makeLong(path: string): string
  dirname(path: string): string
  basename(path: string, suffix?: string): string
  extname(path: string): string
  format(pathObject: Partial<ParsedPath>): string
  parse(path: string): ParsedPath
  matchesGlob(path: string, pattern: string): boolean
  posix: PathModule
  win32: PathModule
}

const SLASH = 47 // '/'
const BACKSLASH = 92 // '\\'
const DOT = 46 // '.'
const COLON = 58 // ':'

const isPosixSep = (code: number): boolean => code === SLASH
const isWinSep = (code: number): boolean => code === SLASH || code === BACKSLASH
const isDriveLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

function checkPath(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw invalidArgTypeNative(name, 'string', value)
}

/**
 * Collapses `.` and `..` segments of a path without its root. `..` above the
 * start is kept when `aboveRoot` (relative paths) and dropped otherwise.
 */
function normalizeSegments(path: string, aboveRoot: boolean, sep: string, isSep: (code: number) => boolean): string {
  const out: string[] = []
  let start = 0
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && !isSep(path.charCodeAt(i))) continue
    const segment = path.slice(start, i)
    start = i + 1
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop()
      else if (aboveRoot) out.push('..')
      continue
    }
    out.push(segment)
  }
  return out.join(sep)
}

/** The extension of a final path segment (`''` for dotfiles and `..`). */
function extOf(base: string): string {
  const dot = base.lastIndexOf('.')
  if (dot <= 0 || base === '..') return ''
  return base.slice(dot)
}

/**
 * The start and end of the last segment of `path` at or after `start`,
 * ignoring trailing separators; `end === -1` when there is none.
 */
function lastSegment(path: string, start: number, isSep: (code: number) => boolean): [number, number] {
  let end = path.length
  while (end > start && isSep(path.charCodeAt(end - 1))) end--
  if (end === start) return [start, -1]
  let begin = end
  while (begin > start && !isSep(path.charCodeAt(begin - 1))) begin--
  return [begin, end]
}

/**
 * `basename` over the part of `path` from `start` (after a drive on win32).
 * With a suffix this is Node's backwards scan, quirks included: a path of
 * only separators comes back whole, and the suffix is matched against the
 * last segment only.
 */
function basenameFrom(
  path: string,
  start: number,
  suffix: string | undefined,
  isSep: (code: number) => boolean,
): string {
  if (suffix === undefined || suffix.length === 0 || suffix.length > path.length) {
    const [begin, end] = lastSegment(path, start, isSep)
    return end === -1 ? '' : path.slice(begin, end)
  }
  if (suffix === path) return ''
  let begin = start
  let end = -1
  let segmentEnd = -1
  let suffixIndex = suffix.length - 1
  for (let i = path.length - 1; i >= start; i--) {
    const code = path.charCodeAt(i)
    if (isSep(code)) {
      if (segmentEnd !== -1) {
        begin = i + 1
        break
      }
      continue
    }
    if (segmentEnd === -1) segmentEnd = i + 1
    if (suffixIndex >= 0) {
      if (code === suffix.charCodeAt(suffixIndex)) {
        if (--suffixIndex === -1) end = i
      } else {
        suffixIndex = -1
        end = segmentEnd
      }
    }
  }
  if (begin === end) end = segmentEnd
  else if (end === -1) end = path.length
  return path.slice(begin, end)
}

function formatWith(sep: string, pathObject: unknown): string {
  if (
    pathObject === null ||
    (typeof pathObject !== 'object' && typeof pathObject !== 'function') ||
    Array.isArray(pathObject)
  )
    throw invalidArgTypeNative('pathObject', 'object', pathObject)
  const { root, dir, base, name, ext } = pathObject as Partial<Record<keyof ParsedPath, unknown>>
  const directory = (dir || root) as string | undefined
  let extension = ext ? String(ext) : ''
  if (extension && extension[0] !== '.') extension = `.${extension}`
  const file = base ? String(base) : `${name ? String(name) : ''}${extension}`
  if (!directory) return file
  return directory === root ? `${directory}${file}` : `${directory}${sep}${file}`
}

function checkGlobArgs(path: unknown, pattern: unknown): void {
  if (typeof path !== 'string') throw invalidArgType('path', 'string', path)
  if (typeof pattern !== 'string') throw invalidArgType('pattern', 'string', pattern)
}

function buildPosix(cwd: () => string): PathModule {
  const normalize = (path: string): string => {
    checkPath(path, 'path')
    if (path.length === 0) return '.'
    const absolute = path.charCodeAt(0) === SLASH
    const trailing = path.charCodeAt(path.length - 1) === SLASH
    let result = normalizeSegments(path, !absolute, '/', isPosixSep)
    if (result.length === 0) {
      if (absolute) return '/'
      return trailing ? './' : '.'
    }
    if (trailing) result += '/'
    return absolute ? `/${result}` : result
  }

  const resolve = (...paths: string[]): string => {
    let resolved = ''
    let absolute = false
    for (let i = paths.length - 1; i >= -1 && !absolute; i--) {
      const path = i >= 0 ? paths[i] : cwd()
      checkPath(path, `paths[${i}]`)
      if (path.length === 0) continue
      resolved = `${path}/${resolved}`
      absolute = path.charCodeAt(0) === SLASH
    }
    const normalized = normalizeSegments(resolved, !absolute, '/', isPosixSep)
    if (absolute) return `/${normalized}`
    return normalized.length > 0 ? normalized : '.'
  }

  const parse = (path: string): ParsedPath => {
    checkPath(path, 'path')
    const result: ParsedPath = { root: '', dir: '', base: '', ext: '', name: '' }
    if (path.length === 0) return result
    const absolute = path.charCodeAt(0) === SLASH
    const start = absolute ? 1 : 0
    if (absolute) result.root = '/'
    const [begin, end] = lastSegment(path, start, isPosixSep)
    if (end === -1) {
      result.dir = result.root
      return result
    }
    result.base = path.slice(begin, end)
    result.ext = extOf(result.base)
    result.name = result.base.slice(0, result.base.length - result.ext.length)
    result.dir = begin > start ? path.slice(0, begin - 1) : result.root
    return result
  }

  const posix: PathModule = {
    sep: '/',
    delimiter: ':',
    resolve,
    normalize,
    isAbsolute(path: string): boolean {
      checkPath(path, 'path')
      return path.length > 0 && path.charCodeAt(0) === SLASH
    },
    join(...paths: string[]): string {
      const parts: string[] = []
      for (let i = 0; i < paths.length; i++) {
        const path = paths[i]
        checkPath(path, `paths[${i}]`)
        if (path.length > 0) parts.push(path)
      }
      return parts.length === 0 ? '.' : normalize(parts.join('/'))
    },
    relative(from: string, to: string): string {
      checkPath(from, 'from')
      checkPath(to, 'to')
      if (from === to) return ''
      const fromParts = resolve(from).split('/').filter(Boolean)
      const toParts = resolve(to).split('/').filter(Boolean)
      let common = 0
      while (common < fromParts.length && common < toParts.length && fromParts[common] === toParts[common]) common++
      const ups = fromParts.slice(common).map(() => '..')
      return [...ups, ...toParts.slice(common)].join('/')
    },
    toNamespacedPath: (path: string): string => path,
    _makeLong: (path: string): string => path,
    dirname(path: string): string {
      checkPath(path, 'path')
      if (path.length === 0) return '.'
      const absolute = path.charCodeAt(0) === SLASH
      // The separator before the last segment (not collapsed with its
      // neighbours: `a//b` → `a/`, `//a` → `//`, as Node does).
      let i = path.length - 1
      while (i >= 1 && path.charCodeAt(i) === SLASH) i--
      while (i >= 1 && path.charCodeAt(i) !== SLASH) i--
      if (i < 1) return absolute ? '/' : '.'
      return absolute && i === 1 ? '//' : path.slice(0, i)
    },
    basename(path: string, suffix?: string): string {
      if (suffix !== undefined) checkPath(suffix, 'ext')
      checkPath(path, 'path')
      return basenameFrom(path, 0, suffix, isPosixSep)
    },
    extname(path: string): string {
      checkPath(path, 'path')
      const [begin, end] = lastSegment(path, 0, isPosixSep)
      return end === -1 ? '' : extOf(path.slice(begin, end))
    },
    format: (pathObject: Partial<ParsedPath>): string => formatWith('/', pathObject),
    parse,
    matchesGlob(path: string, pattern: string): boolean {
      checkGlobArgs(path, pattern)
      return globMatch(pattern, path)
    },
    posix: undefined as unknown as PathModule,
    win32: undefined as unknown as PathModule,
  }
  return posix
}

/** The root of a win32 path: its device (`C:`, `\\server\share`) and where the rest starts. */
interface WinRoot {
  device: string
  rootEnd: number
  absolute: boolean
}

/**
 * Parses the root of a win32 path. `uncOnlyRoot` is set when the path is
 * nothing but `\\server\share` (no separator after the share).
 */
function winRoot(path: string): WinRoot & { uncOnlyRoot: boolean } {
  const len = path.length
  const result = { device: '', rootEnd: 0, absolute: false, uncOnlyRoot: false }
  if (len === 0) return result
  const code = path.charCodeAt(0)
  if (isWinSep(code)) {
    result.absolute = true
    result.rootEnd = 1
    if (len > 1 && isWinSep(path.charCodeAt(1))) {
      let j = 2
      let last = j
      while (j < len && !isWinSep(path.charCodeAt(j))) j++
      if (j < len && j !== last) {
        const server = path.slice(last, j)
        last = j
        while (j < len && isWinSep(path.charCodeAt(j))) j++
        if (j < len && j !== last) {
          last = j
          while (j < len && !isWinSep(path.charCodeAt(j))) j++
          if (j === len || j !== last) {
            result.device = `\\\\${server}\\${path.slice(last, j)}`
            result.rootEnd = j
            result.uncOnlyRoot = j === len
          }
        }
      }
    }
  } else if (isDriveLetter(code) && len > 1 && path.charCodeAt(1) === COLON) {
    result.device = path.slice(0, 2)
    result.rootEnd = 2
    if (len > 2 && isWinSep(path.charCodeAt(2))) {
      result.absolute = true
      result.rootEnd = 3
    }
  }
  return result
}

function buildWin32(cwd: () => string, env: () => Record<string, string>): PathModule {
  const resolve = (...paths: string[]): string => {
    let device = ''
    let tail = ''
    let absolute = false
    for (let i = paths.length - 1; i >= -1; i--) {
      let path: string
      if (i >= 0) {
        path = paths[i] as string
        checkPath(path, `paths[${i}]`)
        if (path.length === 0) continue
      } else if (device.length === 0) {
        path = cwd()
      } else {
        // Windows keeps a cwd per drive in `=C:`-style variables.
        path = env()[`=${device}`] || cwd()
        if (path.slice(0, 2).toLowerCase() !== device.toLowerCase() && path.charCodeAt(2) === BACKSLASH) {
          path = `${device}\\`
        }
      }
      const root = winRoot(path)
      if (root.device.length > 0) {
        if (device.length > 0) {
          if (root.device.toLowerCase() !== device.toLowerCase()) continue
        } else device = root.device
      }
      if (absolute) {
        if (device.length > 0) break
      } else {
        tail = `${path.slice(root.rootEnd)}\\${tail}`
        absolute = root.absolute
        if (absolute && device.length > 0) break
      }
    }
    tail = normalizeSegments(tail, !absolute, '\\', isWinSep)
    return absolute ? `${device}\\${tail}` : `${device}${tail}` || '.'
  }

  const normalize = (path: string): string => {
    checkPath(path, 'path')
    const len = path.length
    if (len === 0) return '.'
    if (len === 1) return isPosixSep(path.charCodeAt(0)) ? '\\' : path
    const root = winRoot(path)
    if (root.uncOnlyRoot) return `${root.device}\\`
    let tail = root.rootEnd < len ? normalizeSegments(path.slice(root.rootEnd), !root.absolute, '\\', isWinSep) : ''
    if (tail.length === 0 && !root.absolute) tail = '.'
    if (tail.length > 0 && isWinSep(path.charCodeAt(len - 1))) tail += '\\'
    if (root.device === '') return root.absolute ? `\\${tail}` : tail
    return root.absolute ? `${root.device}\\${tail}` : `${root.device}${tail}`
  }

  const isAbsolute = (path: string): boolean => {
    checkPath(path, 'path')
    const len = path.length
    if (len === 0) return false
    const code = path.charCodeAt(0)
    return (
      isWinSep(code) || (len > 2 && isDriveLetter(code) && path.charCodeAt(1) === COLON && isWinSep(path.charCodeAt(2)))
    )
  }

  /** Where the root ends for dirname/parse: `\\server\share\` includes its separator. */
  const rootLength = (path: string): number => {
    const len = path.length
    const code = path.charCodeAt(0)
    if (len === 1) return isWinSep(code) ? 1 : 0
    if (isWinSep(code)) {
      if (!isWinSep(path.charCodeAt(1))) return 1
      let j = 2
      let last = j
      while (j < len && !isWinSep(path.charCodeAt(j))) j++
      if (j < len && j !== last) {
        last = j
        while (j < len && isWinSep(path.charCodeAt(j))) j++
        if (j < len && j !== last) {
          last = j
          while (j < len && !isWinSep(path.charCodeAt(j))) j++
          if (j === len) return j
          if (j !== last) return j + 1
        }
      }
      return 1
    }
    if (isDriveLetter(code) && path.charCodeAt(1) === COLON) return len > 2 && isWinSep(path.charCodeAt(2)) ? 3 : 2
    return 0
  }

  const win32: PathModule = {
    sep: '\\',
    delimiter: ';',
    resolve,
    normalize,
    isAbsolute,
    join(...paths: string[]): string {
      let joined: string | undefined
      let first = ''
      for (let i = 0; i < paths.length; i++) {
        const path = paths[i]
        checkPath(path, `paths[${i}]`)
        if (path.length === 0) continue
        if (joined === undefined) joined = first = path
        else joined += `\\${path}`
      }
      if (joined === undefined) return '.'
      // Keep a UNC root only when the first argument spelled it (`//server`);
      // otherwise collapse leading separators to one.
      let replace = true
      let slashes = 0
      if (isWinSep(first.charCodeAt(0))) {
        slashes++
        if (first.length > 1 && isWinSep(first.charCodeAt(1))) {
          slashes++
          if (first.length > 2) {
            if (isWinSep(first.charCodeAt(2))) slashes++
            else replace = false
          }
        }
      }
      if (replace) {
        while (slashes < joined.length && isWinSep(joined.charCodeAt(slashes))) slashes++
        if (slashes >= 2) joined = `\\${joined.slice(slashes)}`
      }
      return normalize(joined)
    },
    relative(from: string, to: string): string {
      checkPath(from, 'from')
      checkPath(to, 'to')
      if (from === to) return ''
      const fromFull = resolve(from)
      const toFull = resolve(to)
      if (fromFull === toFull) return ''
      const fromLower = fromFull.toLowerCase()
      const toLower = toFull.toLowerCase()
      if (fromLower === toLower) return ''
      const trim = (path: string): [number, number] => {
        let start = 0
        while (start < path.length && path.charCodeAt(start) === BACKSLASH) start++
        let end = path.length
        while (end - 1 > start && path.charCodeAt(end - 1) === BACKSLASH) end--
        return [start, end]
      }
      const [fromStart, fromEnd] = trim(fromLower)
      let [toStart, toEnd] = trim(toLower)
      const fromLen = fromEnd - fromStart
      const toLen = toEnd - toStart
      const length = Math.min(fromLen, toLen)
      let lastCommonSep = -1
      let i = 0
      for (; i < length; i++) {
        const code = fromLower.charCodeAt(fromStart + i)
        if (code !== toLower.charCodeAt(toStart + i)) break
        if (code === BACKSLASH) lastCommonSep = i
      }
      if (i !== length) {
        if (lastCommonSep === -1) return toFull
      } else {
        if (toLen > length) {
          if (toLower.charCodeAt(toStart + i) === BACKSLASH) return toFull.slice(toStart + i + 1)
          if (i === 2) return toFull.slice(toStart + i)
        }
        if (fromLen > length) {
          if (fromLower.charCodeAt(fromStart + i) === BACKSLASH) lastCommonSep = i
          else if (i === 2) lastCommonSep = 3
        }
        if (lastCommonSep === -1) lastCommonSep = 0
      }
      let out = ''
      for (let k = fromStart + lastCommonSep + 1; k <= fromEnd; k++) {
        if (k === fromEnd || fromLower.charCodeAt(k) === BACKSLASH) out += out.length === 0 ? '..' : '\\..'
      }
      toStart += lastCommonSep
      if (out.length > 0) return `${out}${toFull.slice(toStart, toEnd)}`
      if (toFull.charCodeAt(toStart) === BACKSLASH) toStart++
      return toFull.slice(toStart, toEnd)
    },
    toNamespacedPath(path: string): string {
      if (typeof path !== 'string' || path.length === 0) return path
      const full = resolve(path)
      if (full.length <= 2) return path
      if (full.charCodeAt(0) === BACKSLASH) {
        if (full.charCodeAt(1) === BACKSLASH) {
          const code = full.charCodeAt(2)
          if (code !== 63 && code !== DOT) return `\\\\?\\UNC\\${full.slice(2)}`
        }
      } else if (
        isDriveLetter(full.charCodeAt(0)) &&
        full.charCodeAt(1) === COLON &&
        full.charCodeAt(2) === BACKSLASH
      ) {
        return `\\\\?\\${full}`
      }
      return full
    },
    _makeLong(path: string): string {
      return win32.toNamespacedPath(path)
    },
    dirname(path: string): string {
      checkPath(path, 'path')
      const len = path.length
      if (len === 0) return '.'
      const root = rootLength(path)
      let i = len - 1
      while (i >= root && isWinSep(path.charCodeAt(i))) i--
      while (i >= root && !isWinSep(path.charCodeAt(i))) i--
      if (i < root) return root === 0 ? '.' : path.slice(0, root)
      return path.slice(0, i)
    },
    basename(path: string, suffix?: string): string {
      if (suffix !== undefined) checkPath(suffix, 'ext')
      checkPath(path, 'path')
      const start = path.length >= 2 && isDriveLetter(path.charCodeAt(0)) && path.charCodeAt(1) === COLON ? 2 : 0
      return basenameFrom(path, start, suffix, isWinSep)
    },
    extname(path: string): string {
      checkPath(path, 'path')
      const start = path.length >= 2 && isDriveLetter(path.charCodeAt(0)) && path.charCodeAt(1) === COLON ? 2 : 0
      const [begin, end] = lastSegment(path, start, isWinSep)
      return end === -1 ? '' : extOf(path.slice(begin, end))
    },
    format: (pathObject: Partial<ParsedPath>): string => formatWith('\\', pathObject),
    parse(path: string): ParsedPath {
      checkPath(path, 'path')
      const result: ParsedPath = { root: '', dir: '', base: '', ext: '', name: '' }
      const len = path.length
      if (len === 0) return result
      const root = rootLength(path)
      result.root = path.slice(0, root)
      if (root === len) {
        result.dir = result.root
        return result
      }
      const [begin, end] = lastSegment(path, root, isWinSep)
      if (end === -1) {
        result.dir = result.root
        return result
      }
      result.base = path.slice(begin, end)
      result.ext = extOf(result.base)
      result.name = result.base.slice(0, result.base.length - result.ext.length)
      result.dir = begin > root ? path.slice(0, begin - 1) : result.root
      return result
    },
    matchesGlob(path: string, pattern: string): boolean {
      checkGlobArgs(path, pattern)
      return globMatch(pattern.replace(/\\/g, '/'), path.replace(/\\/g, '/'))
    },
    posix: undefined as unknown as PathModule,
    win32: undefined as unknown as PathModule,
  }
  return win32
}

const built = new WeakMap<NodeContext, PathModule>()

function buildBoth(ctx: NodeContext): PathModule {
  let posix = built.get(ctx)
  if (posix) return posix
  posix = buildPosix(() => ctx.cwd())
  const win32 = buildWin32(
    () => ctx.cwd(),
    () => ctx.host.env,
  )
  for (const flavour of [posix, win32]) {
    flavour.posix = posix
    flavour.win32 = win32
  }
  built.set(ctx, posix)
  return posix
}

/** `node:path` (the POSIX flavour, with `.posix` and `.win32`). */
export function createPath(ctx: NodeContext): PathModule {
  return buildBoth(ctx)
}

/** `node:path/posix` (the same object as `node:path`). */
export function createPathPosix(ctx: NodeContext): PathModule {
  return buildBoth(ctx)
}

/** `node:path/win32`. */
export function createPathWin32(ctx: NodeContext): PathModule {
  return buildBoth(ctx).win32
}
