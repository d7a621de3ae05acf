/**
 * The programs a container can run, by name, and how a command name finds
 * one. Both the kernel (to resolve a spawn, failing with ENOENT before any
 * worker starts) and the process worker (to load what it runs) use this
 * module, so registrations are static: a program added here exists in every
 * container.
 *
 * Today: `sh`, and the shell's builtins as standalone programs (so that
 * `exec('ls', ['-l'])` works as it does in a terminal). Later issues plug in
 * `bun` (a loader importing bun-core) and `.wasm` files (a resolver that
 * finds the file, a loader that runs it on wasm-host's WASI host).
 */

import { posixPath } from '@aspect-build/virtual-fs'
import { BUILTIN_PROGRAMS, builtinProgram } from './builtins.js'
import { sh } from './sh.js'
import type { Program, ProgramLoader, ProgramResolver, ResolveContext, ResolvedProgram } from './types.js'

const loaders = new Map<string, ProgramLoader>([['sh', () => Promise.resolve(sh)]])
for (const name of BUILTIN_PROGRAMS) loaders.set(name, () => Promise.resolve(builtinProgram(name)))
// The Bun program: loaded on first use (it is most of the worker's code).
loaders.set('bun', () => import('./bun.js').then((m) => m.bun))
loaders.set('bunx', () => import('./bun.js').then((m) => m.bun))

/** Where each program lives, for `which`: bun in /usr/local/bin, sh in /bin, the utilities in /usr/bin. */
function homeOf(name: string): string {
  if (name === 'bun' || name === 'bunx') return '/usr/local/bin'
  if (name === 'sh') return '/bin'
  return '/usr/bin'
}

/** True when `dir/name` is where the registry program `name` lives (`Bun.which`). */
export function whichProgram(name: string, dir: string): boolean {
  return loaders.has(name) && homeOf(name) === dir
}

/** Directories whose programs are the registry's (`/bin/sh` is `sh`). */
export const BIN_DIRECTORIES: readonly string[] = ['/bin', '/usr/bin', '/usr/local/bin']

/** A bare name is a registry name. */
const byName: ProgramResolver = (argv0) => (!argv0.includes('/') && loaders.has(argv0) ? argv0 : null)

/** `/bin/sh`, `/usr/bin/env` …: a registry name in one of {@link BIN_DIRECTORIES}. */
const byBinPath: ProgramResolver = (argv0) => {
  const slash = argv0.lastIndexOf('/')
  if (slash < 0) return null
  const dir = argv0.slice(0, slash) || '/'
  const name = argv0.slice(slash + 1)
  return BIN_DIRECTORIES.includes(dir) && loaders.has(name) ? name : null
}

/**
 * A file: a path (`./tool`, `/app/x.ts`), or a name found in a `PATH`
 * directory of the filesystem. Its first line chooses the program: a `#!`
 * naming node or bun, or a JavaScript/TypeScript extension, runs it with
 * `bun`; any other script runs with `sh`. Files without an execute bit are
 * found but not run (`EACCES`, as on Linux).
 */
const byFile: ProgramResolver = (argv0, context) => {
  const { fs, cwd, env } = context
  const candidates = argv0.includes('/')
    ? [posixPath.resolve(cwd, argv0)]
    : (env.PATH ?? '')
        .split(':')
        .filter((dir) => dir !== '')
        .map((dir) => `${posixPath.resolve(cwd, dir)}/${argv0}`)
  for (const path of candidates) {
    let mode: number
    try {
      const stats = fs.stat(path)
      if (!stats.isFile()) continue
      mode = stats.mode
    } catch {
      continue
    }
    if ((mode & 0o111) === 0) continue
    return fileProgram(path, fs)
  }
  return null
}

function fileProgram(path: string, fs: ResolveContext['fs']): ResolvedProgram | null {
  let head = ''
  try {
    head = (fs.readFile(path, 'utf8') as string).slice(0, 256)
  } catch {
    head = ''
  }
  const shebang = head.startsWith('#!') ? (head.split('\n')[0] as string) : ''
  let target = path
  try {
    target = fs.realpath(path)
  } catch {
    // a dangling link: the program reports it
  }
  if (/\b(node|bun|bunx|tsx|ts-node)\b/.test(shebang) || (!shebang && /\.((c|m)?(j|t)sx?|wasm)$/.test(target)))
    return { name: 'bun', argv: ['bun', path] }
  if (/\b(sh|bash|dash|zsh)\b/.test(shebang)) return { name: 'sh', argv: ['sh', path] }
  // Neither: Bun's shell refuses it too (`Exec format error`); it is not a program here.
  return null
}

const resolvers: ProgramResolver[] = [byName, byBinPath, byFile]

/**
 * Adds (or replaces) a program under `name`. A name ending with `:` (such as
 * `wasm:`) registers a family: it loads every name with that prefix, which a
 * resolver returns with the rest filled in (`wasm:/app/main.wasm`).
 */
export function registerProgram(name: string, loader: ProgramLoader): void {
  loaders.set(name, loader)
}

/** Adds a resolver, tried after the built-in ones (for programs that are files, such as `.wasm`). */
export function registerResolver(resolver: ProgramResolver): void {
  resolvers.push(resolver)
}

/** The program `argv0` names (a registry name, or a file's program with its argv), or `null` when there is none. */
export function resolveProgram(argv0: string, context: ResolveContext): string | ResolvedProgram | null {
  if (argv0 === '') return null
  for (const resolve of resolvers) {
    const found = resolve(argv0, context)
    if (found !== null) return found
  }
  return null
}

/** Loads the program registered under `name` (a name {@link resolveProgram} returned). */
export async function loadProgram(name: string): Promise<Program> {
  const colon = name.indexOf(':')
  const loader = loaders.get(name) ?? (colon > 0 ? loaders.get(name.slice(0, colon + 1)) : undefined)
  if (!loader) throw new Error(`no program is registered as '${name}'`)
  return loader(name)
}
