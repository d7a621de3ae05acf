/**
 * `bun run <target>`: a package.json script (with its `pre`/`post` scripts),
 * else a file, else a binary of `node_modules/.bin` — Bun's order. Scripts
 * run in Bun's shell with the `npm_*` variables and every
 * `node_modules/.bin` up the tree on `PATH`; each command is echoed to
 * stderr as `$ …` unless `--silent`.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import { RUN_HELP } from '../cli/index.js'
import type { RuntimeHost } from '../runtime/host.js'
import { Resolver } from '../runtime/loader/resolve.js'
import { BUN_EXEC_PATH, BUN_VERSION, NODE_VERSION } from '../runtime/process.js'
import { Runtime } from '../runtime/runtime.js'
import { runWasmFile } from '../runtime/wasi.js'
import { startWorkerChild } from '../runtime/worker.js'

import { runShell } from '../shell/index.js'

const UTF8 = new TextEncoder()

/** Flags that change how a target runs. */
export interface RunFlags {
  /** Do not echo script commands. */
  silent: boolean
  /** Exit 0 when there is nothing to run. */
  ifPresent: boolean
  /** `bun x`: only binaries. */
  x: boolean
}

interface PackageJson {
  path: string
  name?: string
  version?: string
  scripts: Record<string, string>
}

function writeErr(host: RuntimeHost, text: string): void {
  host.stderr.write(UTF8.encode(text))
}

/** The package.json of `dir` or the nearest directory above. */
function findPackageJson(host: RuntimeHost, dir: string): PackageJson | null {
  for (let at = dir; ; at = posixPath.dirname(at)) {
    const path = `${at === '/' ? '' : at}/package.json`
    let text: string | null = null
    try {
      text = host.fs.readFile(path, 'utf8')
    } catch {
      text = null
    }
    if (text !== null) {
      try {
        const raw = JSON.parse(text) as { name?: unknown; version?: unknown; scripts?: unknown }
        const scripts: Record<string, string> = {}
        if (raw.scripts && typeof raw.scripts === 'object')
          for (const [k, v] of Object.entries(raw.scripts)) if (typeof v === 'string') scripts[k] = v
        return {
          path,
          ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
          ...(typeof raw.version === 'string' ? { version: raw.version } : {}),
          scripts,
        }
      } catch {
        return { path, scripts: {} }
      }
    }
    if (at === '/') return null
  }
}

/** Runs `target` with `args` (see the file comment). */
export async function runTarget(host: RuntimeHost, [target, ...given]: string[], flags: RunFlags): Promise<number> {
  if (target === undefined) return listScripts(host)
  // `bun run x -- a` passes `a`: Bun drops one `--` right after the target (`bun x` keeps it).
  const args = !flags.x && given[0] === '--' ? given.slice(1) : given

  const cwd = host.cwd
  const pkg = flags.x ? null : findPackageJson(host, cwd)
  if (pkg && Object.hasOwn(pkg.scripts, target)) return runScript(host, pkg, target, args, flags)
  if (!flags.x) {
    const file = findEntry(host, cwd, target)
    if (file) return runFile(host, file, args)
  }
  const bin = findBin(host, cwd, target)
  if (bin) return runBin(host, bin, args)
  if (flags.ifPresent) return 0
  if (flags.x) {
    writeErr(host, `error: could not find "${target}" in node_modules/.bin (Vitamin-Bun cannot install packages yet)\n`)
    return 1
  }
  const pathLike = target.includes('/') || /\.[a-z]+$/i.test(target)
  writeErr(host, pathLike ? `error: Module not found "${target}"\n` : `error: Script not found "${target}"\n`)
  return 1
}

/** A file `target` names from `cwd` (with Bun's extension and index probing), or null. */
function findEntry(host: RuntimeHost, cwd: string, target: string): string | null {
  const resolver = new Resolver(host.fs)
  const path = posixPath.resolve(cwd, target)
  const found = resolver.resolvePath(path)
  if (found === null) return null
  try {
    return host.fs.realpath(found)
  } catch {
    return found
  }
}

/** `node_modules/.bin/<name>` in `cwd` or a directory above. */
function findBin(host: RuntimeHost, cwd: string, name: string): string | null {
  if (name.includes('/')) return null
  for (let at = cwd; ; at = posixPath.dirname(at)) {
    const path = `${at === '/' ? '' : at}/node_modules/.bin/${name}`
    try {
      if (host.fs.stat(path).isFile()) return path
    } catch {
      // not here
    }
    if (at === '/') return null
  }
}

/** Runs a JavaScript or TypeScript file (or a WASI program, `.wasm`) in this process. */
export async function runFile(host: RuntimeHost, path: string, args: string[]): Promise<number> {
  const runtime = new Runtime(host, { argv: [BUN_EXEC_PATH, path, ...args], main: path })
  runtime.installGlobals()
  try {
    await startWorkerChild(runtime)
    if (path.endsWith('.wasm')) return await runWasmFile(runtime, path, args)

    return await runtime.runMain(path)
  } finally {
    runtime.dispose()
  }
}

/** A `node_modules/.bin` entry: JavaScript runs here; anything else is spawned. */
async function runBin(host: RuntimeHost, bin: string, args: string[]): Promise<number> {
  let real = bin
  try {
    real = host.fs.realpath(bin)
  } catch {
    // a dangling link: spawning it reports the error
  }
  let head = ''
  try {
    head = host.fs.readFile(real, 'utf8').slice(0, 200)
  } catch {
    head = ''
  }
  const isScript = /\.(c|m)?(j|t)sx?$/.test(real) || /^#!.*\b(node|bun)\b/.test(head)
  if (isScript) return runFile(host, real, args)
  const code = await host.spawn({
    argv: [bin, ...args],
    cwd: host.cwd,
    env: host.env,
    io: { stdin: host.stdin, stdout: host.stdout, stderr: host.stderr },
  })
  if (code === null) {
    writeErr(host, `error: could not run "${bin}"\n`)
    return 1
  }
  return code
}

/** `node_modules/.bin` of `dir` and every directory above, nearest first (Bun lists the package's twice). */
function binPath(cwd: string, packageDir: string): string[] {
  const dirs = [`${packageDir === '/' ? '' : packageDir}/node_modules/.bin`]
  for (let at = cwd; ; at = posixPath.dirname(at)) {
    dirs.push(`${at === '/' ? '' : at}/node_modules/.bin`)
    if (at === '/') break
  }
  return dirs
}

/** Quotes an argument appended to a script the way Bun shows it (`a "b c"`). */
function quote(arg: string): string {
  if (/^[A-Za-z0-9_\-.,/:=@%+]+$/.test(arg)) return arg
  return `"${arg.replace(/(["\\$`])/g, '\\$1')}"`
}

/** Runs `name` with its `pre`/`post` scripts. */
async function runScript(
  host: RuntimeHost,
  pkg: PackageJson,
  name: string,
  args: string[],
  flags: RunFlags,
): Promise<number> {
  const packageDir = posixPath.dirname(pkg.path)
  const env: Record<string, string> = { ...host.env }
  env.PATH = [...binPath(host.cwd, packageDir), host.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':')
  env.npm_command = 'run-script'
  env.npm_config_local_prefix = packageDir
  env.npm_config_user_agent = `bun/${BUN_VERSION} npm/? node/v${NODE_VERSION} linux x64`
  env.npm_execpath = BUN_EXEC_PATH
  env.npm_node_execpath = BUN_EXEC_PATH
  env.npm_package_json = pkg.path
  if (pkg.name !== undefined) env.npm_package_name = pkg.name
  if (pkg.version !== undefined) env.npm_package_version = pkg.version
  const steps: Array<[string, string[]]> = []
  if (Object.hasOwn(pkg.scripts, `pre${name}`)) steps.push([`pre${name}`, []])
  steps.push([name, args])
  if (Object.hasOwn(pkg.scripts, `post${name}`)) steps.push([`post${name}`, []])
  for (const [step, stepArgs] of steps) {
    const text = (pkg.scripts[step] as string).replace(/(^|[;&|]\s*)npm run /g, '$1bun run ')
    const line = stepArgs.length ? `${text} ${stepArgs.map(quote).join(' ')}` : text
    if (!flags.silent) writeErr(host, `$ ${line}\n`)
    const result = await runShell(line, {
      fs: host.fs,
      cwd: host.cwd,
      env: { ...env, npm_lifecycle_event: step, npm_lifecycle_script: text },
      io: { stdin: host.stdin, stdout: host.stdout, stderr: host.stderr },
      spawn: (request) => host.spawn(request),
      signal: host.signal,
    })
    if (result.exitCode !== 0) {
      writeErr(host, `error: script "${step}" exited with code ${result.exitCode}\n`)
      return result.exitCode
    }
  }
  return 0
}

/** `bun run` alone: Bun's usage, then the scripts of the package.json. */
export async function listScripts(host: RuntimeHost): Promise<number> {
  let text = RUN_HELP
  const pkg = findPackageJson(host, host.cwd)
  const names = pkg ? Object.keys(pkg.scripts) : []
  if (pkg && names.length > 0) {
    text += `\npackage.json scripts (${names.length} found):\n`
    for (const name of names) text += `  $ bun run ${name}\n    ${pkg.scripts[name]}\n\n`
  } else if (pkg) {
    text += '\nNo "scripts" found in package.json.\n'
  }
  host.stdout.write(UTF8.encode(text))
  return 0
}

/** `bun exec '<line>'`: the line in Bun's shell. */
export async function runExec(host: RuntimeHost, args: string[]): Promise<number> {
  const line = args[0]
  if (line === undefined) {
    writeErr(host, 'Usage: bun exec <script>\n')
    return 1
  }
  const result = await runShell(line, {
    fs: host.fs,
    cwd: host.cwd,
    env: { ...host.env },
    io: { stdin: host.stdin, stdout: host.stdout, stderr: host.stderr },
    spawn: (request) => host.spawn(request),
    signal: host.signal,
    argv: ['bun', ...args.slice(1)],
  })
  return result.exitCode
}
