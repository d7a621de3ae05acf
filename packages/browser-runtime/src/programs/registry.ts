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
import { BUILTIN_PROGRAMS, builtinProgram } from './builtins.js'
import { sh } from './sh.js'
import type { Program, ProgramLoader, ProgramResolver, ResolveContext } from './types.js'

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

const resolvers: ProgramResolver[] = [byName, byBinPath]

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

/** The registry name of the program `argv0` names, or `null` when there is none. */
export function resolveProgram(argv0: string, context: ResolveContext): string | null {
  if (argv0 === '') return null
  for (const resolve of resolvers) {
    const name = resolve(argv0, context)
    if (name !== null) return name
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
