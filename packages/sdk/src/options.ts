/**
 * Runtime checks of every option object the SDK takes: an unknown key or a
 * value of the wrong kind is a `TypeError` naming the key and the call, so a
 * typo such as `persistance` fails loudly instead of being ignored.
 */
import type { BunContainerOptions, ExecOptions, FileTree, PersistenceKind, Signal, SpawnOptions } from './types.js'

const PERSISTENCE: readonly PersistenceKind[] = ['memory', 'indexeddb', 'opfs']
const SIGNALS: readonly Signal[] = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP']

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkKeys(call: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {}
  if (!isObject(options)) throw new TypeError(`${call} expects an options object, got ${describe(options)}`)
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`Invalid option in ${call}: "${key}"`)
  }
  return options
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? JSON.stringify(value) : typeof value
}

function fail(call: string, key: string, expected: string, value: unknown): never {
  throw new TypeError(`"${key}" must be ${expected} in ${call}, got ${describe(value)}`)
}

/** Checks a flat file map (path → string | Uint8Array). */
export function checkFileTree(call: string, key: string, files: unknown): FileTree {
  if (!isObject(files)) fail(call, key, 'an object mapping paths to strings or Uint8Arrays', files)
  for (const [path, content] of Object.entries(files)) {
    if (path === '') fail(call, key, 'a map with non-empty paths', path)
    if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
      fail(call, `${key}["${path}"]`, 'a string or a Uint8Array', content)
    }
  }
  return files as FileTree
}

function checkEnv(call: string, env: unknown): Record<string, string> {
  if (!isObject(env)) fail(call, 'env', 'an object of strings', env)
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string') fail(call, `env.${name}`, 'a string', value)
  }
  return env as Record<string, string>
}

function checkTty(call: string, tty: unknown, prefix: string): { cols: number; rows: number } {
  const size = checkKeys(call, tty, ['cols', 'rows'])
  for (const key of ['cols', 'rows'] as const) {
    const n = size[key]
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 0xffff) {
      fail(call, `${prefix}${key}`, 'an integer from 1 to 65535', n)
    }
  }
  return { cols: size.cols as number, rows: size.rows as number }
}

/** The validated options of `createBunContainer`, defaults not yet applied. */
export function checkContainerOptions(options: unknown): BunContainerOptions {
  const call = 'createBunContainer()'
  const o = checkKeys(call, options, ['files', 'persistence', 'storageKey', 'cwd', 'env', 'workerUrl', 'processes'])
  if (o.files !== undefined) checkFileTree(call, 'files', o.files)
  if (o.persistence !== undefined && !PERSISTENCE.includes(o.persistence as PersistenceKind)) {
    fail(call, 'persistence', "'memory', 'indexeddb' or 'opfs'", o.persistence)
  }
  if (o.storageKey !== undefined && (typeof o.storageKey !== 'string' || o.storageKey === '')) {
    fail(call, 'storageKey', 'a non-empty string', o.storageKey)
  }
  if (o.cwd !== undefined && (typeof o.cwd !== 'string' || !o.cwd.startsWith('/'))) {
    fail(call, 'cwd', 'an absolute path', o.cwd)
  }
  if (o.env !== undefined) checkEnv(call, o.env)
  if (o.workerUrl !== undefined && typeof o.workerUrl !== 'string' && !(o.workerUrl instanceof URL)) {
    fail(call, 'workerUrl', 'a string or a URL', o.workerUrl)
  }
  if (o.processes !== undefined && o.processes !== 'workers' && o.processes !== 'inline') {
    fail(call, 'processes', "'workers' or 'inline'", o.processes)
  }
  return o as BunContainerOptions
}

/** The validated options of `spawn` (and `exec`, which also takes `stdin`). */
export function checkSpawnOptions(call: 'spawn()' | 'exec()', options: unknown): ExecOptions {
  const keys = call === 'exec()' ? ['cwd', 'env', 'tty', 'stdin'] : ['cwd', 'env', 'tty']
  const o = checkKeys(call, options, keys)
  if (o.cwd !== undefined && (typeof o.cwd !== 'string' || o.cwd === '')) fail(call, 'cwd', 'a non-empty path', o.cwd)
  if (o.env !== undefined) checkEnv(call, o.env)
  if (o.tty !== undefined) checkTty(call, o.tty, 'tty.')
  if (o.stdin !== undefined && typeof o.stdin !== 'string' && !(o.stdin instanceof Uint8Array)) {
    fail(call, 'stdin', 'a string or a Uint8Array', o.stdin)
  }
  return o as SpawnOptions & ExecOptions
}

/** Checks a command and its argument list. */
export function checkCommand(call: string, cmd: unknown, args: unknown): string[] {
  if (typeof cmd !== 'string' || cmd === '') fail(call, 'cmd', 'a non-empty string', cmd)
  if (args === undefined) return [cmd]
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) fail(call, 'args', 'an array of strings', args)
  return [cmd, ...(args as string[])]
}

/** Checks a signal name. */
export function checkSignal(signal: unknown): Signal {
  if (!SIGNALS.includes(signal as Signal)) fail('kill()', 'signal', `one of ${SIGNALS.join(', ')}`, signal)
  return signal as Signal
}

/** Checks a terminal size. */
export function checkSize(size: unknown): { cols: number; rows: number } {
  return checkTty('resize()', size, '')
}

/** Checks a path argument. */
export function checkPath(call: string, path: unknown, key = 'path'): string {
  if (typeof path !== 'string' || path === '') fail(call, key, 'a non-empty string', path)
  return path
}
