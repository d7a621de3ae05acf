import type { Stats } from '@aspect-build/virtual-fs'
import { posixPath } from '@aspect-build/virtual-fs'
import type { Builtin, Invocation } from '../builtin.js'
import { errorCode, errorText } from '../builtin.js'

/** Option letters Bun's `ls` accepts; only a, A, d, l and R change anything. */
const ACCEPTED = new Set('abcdfghiklmnopqrstuvwxABCDFGHILNQRSTUXZ1')
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const SIX_MONTHS_MS = 180 * 24 * 60 * 60 * 1000

interface Options {
  all: boolean
  almostAll: boolean
  directories: boolean
  long: boolean
  recursive: boolean
}

function typeChar(mode: number): string {
  switch (mode & 0o170000) {
    case 0o040000:
      return 'd'
    case 0o120000:
      return 'l'
    case 0o060000:
      return 'b'
    case 0o020000:
      return 'c'
    case 0o010000:
      return 'p'
    case 0o140000:
      return 's'
    default:
      return '-'
  }
}

function permissions(mode: number): string {
  const bit = (mask: number, c: string) => (mode & mask ? c : '-')
  const exec = (x: number, special: number, on: string, off: string) =>
    mode & special ? (mode & x ? on : off) : mode & x ? 'x' : '-'
  return (
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    exec(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') +
    bit(0o020, 'w') +
    exec(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') +
    bit(0o002, 'w') +
    exec(0o001, 0o1000, 't', 'T')
  )
}

const pad = (n: number, width: number) => String(n).padStart(width, ' ')
const two = (n: number) => String(n).padStart(2, '0')

/** `Mon DD HH:MM` within six months of now, `Mon DD  YYYY` otherwise, in UTC (as Bun prints). */
function formatTime(ms: number, now: number): string {
  const d = new Date(Math.max(0, ms))
  const head = `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())}`
  const recent = ms > now - SIX_MONTHS_MS && ms <= now + SIX_MONTHS_MS
  return recent ? `${head} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}` : `${head}  ${d.getUTCFullYear()}`
}

function longLine(stat: Stats | null, name: string, now: number): string {
  if (!stat) return `?????????? ? ? ? ?            ? ${name}\n`
  return `${typeChar(stat.mode)}${permissions(stat.mode)} ${pad(stat.nlink, 3)} ${pad(stat.uid, 5)} ${pad(stat.gid, 5)} ${pad(stat.size, 8)} ${formatTime(stat.mtimeMs, now)} ${name}\n`
}

/** `ls [-aAdlR] [path …]`: one name per line, in directory order, as Bun's. */
export const ls: Builtin = async (inv) => {
  const opts: Options = { all: false, almostAll: false, directories: false, long: false, recursive: false }
  const paths: string[] = []
  for (const arg of inv.args) {
    if (paths.length === 0 && arg.startsWith('-')) {
      if (arg === '-' || arg.startsWith('--')) {
        await inv.err('ls: illegal option -- -\n')
        return 1
      }
      for (const c of arg.slice(1)) {
        if (!ACCEPTED.has(c)) {
          await inv.err(`ls: illegal option -- ${c}\n`)
          return 1
        }
        if (c === 'a') opts.all = true
        else if (c === 'A') opts.almostAll = true
        else if (c === 'd') opts.directories = true
        else if (c === 'l') opts.long = true
        else if (c === 'R') opts.recursive = true
      }
    } else paths.push(arg)
  }
  const now = Date.now()
  let failed = false
  const lstat = (path: string): Stats | null => {
    try {
      return inv.fs.lstat(inv.resolve(path))
    } catch {
      return null
    }
  }
  const entry = (dir: string | null, name: string): string => {
    if (!opts.long) return `${name}\n`
    return longLine(lstat(dir === null ? name : posixPath.join(dir, name)), name, now)
  }
  const skip = (name: string) => !opts.all && (opts.almostAll ? name === '.' || name === '..' : name.startsWith('.'))
  const list = async (path: string, header: boolean): Promise<void> => {
    let names: string[]
    try {
      names = inv.fs.readdir(inv.resolve(path)) as string[]
    } catch (error) {
      if (errorCode(error) === 'ENOTDIR') {
        await inv.out(entry(null, path))
        return
      }
      failed = true
      await inv.err(`ls: ${path}: ${errorText(error)}\n`)
      return
    }
    if (opts.directories) {
      await inv.out(`${path}\n`)
      return
    }
    let out = header ? `${path}:\n` : ''
    for (const name of ['.', '..', ...names]) if (!skip(name)) out += entry(path, name)
    await inv.out(out)
    if (!opts.recursive) return
    for (const name of names) {
      const child = path === '.' ? `./${name}` : posixPath.join(path, name)
      if (lstat(child)?.isDirectory() && !skip(name)) await list(child, true)
    }
  }
  if (paths.length === 0) await list('.', false)
  for (const path of paths) await list(path, paths.length > 1)
  return failed ? 1 : 0
}

export type { Invocation }
