/**
 * Filename globbing as Bun's shell does it: only unquoted `*` (any run of
 * characters within a name) and `**` (any number of directories, when it is
 * a whole path segment) are wildcards; `?` and `[…]` are plain characters.
 * Names starting with `.` only match a segment that starts with a literal
 * `.`; `.` and `..` never match. A trailing `/` keeps directories only and is
 * not printed, as in Bun.
 */
import type { ShellFs } from './types.js'

/** A piece of a glob pattern: literal text, `*` or `**`. */
export type GlobPiece = string | { star: 1 | 2 }

type Segment = { literal: string } | { globstar: true } | { regex: RegExp; dotOk: boolean }

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** The pattern as Bun prints it in "no matches found". */
export function patternText(pieces: GlobPiece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? p : p.star === 1 ? '*' : '**')).join('')
}

function segments(pieces: GlobPiece[]): { absolute: boolean; segs: Segment[] } {
  const raw: GlobPiece[][] = [[]]
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      ;(raw[raw.length - 1] as GlobPiece[]).push(piece)
      continue
    }
    const parts = piece.split('/')
    parts.forEach((part, i) => {
      if (i > 0) raw.push([])
      if (part !== '') (raw[raw.length - 1] as GlobPiece[]).push(part)
    })
  }
  const absolute = raw.length > 1 && (raw[0] as GlobPiece[]).length === 0
  if (absolute) raw.shift()
  const segs: Segment[] = raw.map((seg) => {
    if (seg.every((p) => typeof p === 'string')) return { literal: (seg as string[]).join('') }
    if (seg.length === 1 && typeof seg[0] !== 'string' && seg[0]?.star === 2) return { globstar: true }
    const source = seg.map((p) => (typeof p === 'string' ? escapeRegex(p) : '[^/]*')).join('')
    const first = seg[0]
    return { regex: new RegExp(`^${source}$`, 's'), dotOk: typeof first === 'string' && first.startsWith('.') }
  })
  return { absolute, segs }
}

/**
 * Expands a pattern against the filesystem. `cwd` is absolute; results are
 * written the way the pattern was (relative stays relative), sorted by
 * depth, then by name.
 */
export function glob(fs: ShellFs, cwd: string, pieces: GlobPiece[]): string[] {
  const { absolute, segs } = segments(pieces)
  const found = new Set<string>()
  const abs = (rel: string): string => (absolute ? `/${rel}` : rel === '' ? cwd : `${cwd}/${rel}`)
  const join = (rel: string, name: string): string => (rel === '' ? name : `${rel}/${name}`)
  const isDir = (rel: string): boolean => {
    try {
      return fs.stat(abs(rel)).isDirectory()
    } catch {
      return false
    }
  }
  const list = (rel: string): string[] => {
    try {
      return fs.readdir(abs(rel)) as string[]
    } catch {
      return []
    }
  }
  const walk = (index: number, rel: string): void => {
    if (index === segs.length) {
      found.add(absolute ? `/${rel}` : rel)
      return
    }
    const seg = segs[index] as Segment
    const last = index === segs.length - 1
    if ('literal' in seg) {
      if (seg.literal === '') {
        // A trailing slash: directories only, printed without it.
        if (isDir(rel)) walk(index + 1, rel)
        return
      }
      const path = join(rel, seg.literal)
      if (last) {
        try {
          fs.lstat(abs(path))
          walk(index + 1, path)
        } catch {}
      } else if (isDir(path)) walk(index + 1, path)
      return
    }
    if ('globstar' in seg) {
      walk(index + 1, rel)
      for (const name of list(rel)) {
        if (name.startsWith('.')) continue
        const path = join(rel, name)
        if (isDir(path)) walk(index, path)
        else if (last) walk(index + 1, path)
      }
      return
    }
    for (const name of list(rel)) {
      if (name === '.' || name === '..') continue
      if (name.startsWith('.') && !seg.dotOk) continue
      if (!seg.regex.test(name)) continue
      const path = join(rel, name)
      if (last) walk(index + 1, path)
      else if (isDir(path)) walk(index + 1, path)
    }
  }
  walk(0, '')
  const depth = (p: string): number => p.split('/').length
  return [...found].filter((p) => p !== '').sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))
}
