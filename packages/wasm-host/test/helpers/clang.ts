/**
 * Builds the C programs of test/c with Debian's clang, for wasm32-wasi (run
 * under WasiHost) and for Linux (the oracle), and runs them. Outputs are
 * cached under .cache/wasm-host/ by a hash of the sources, flags and clang
 * version. A missing toolchain fails loudly with the command that installs it.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createVfs, type Vfs } from '@aspect-build/virtual-fs'
import { WasiHost } from '@aspect-build/wasm-host'

export const C_DIR: string = fileURLToPath(new URL('../c/', import.meta.url))
const CACHE_DIR = fileURLToPath(new URL('../../../../.cache/wasm-host/c/', import.meta.url))
const INSTALL = 'sudo apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32'

let clangVersion: string | undefined
function clang(): string {
  if (clangVersion === undefined) {
    try {
      clangVersion = execFileSync('clang', ['--version'], { encoding: 'utf8' })
    } catch {
      throw new Error(`clang is not installed; the WASI conformance programs need it. Install it with:\n  ${INSTALL}`)
    }
  }
  return clangVersion
}

export type Target = 'wasi' | 'native'

/** Compiles test/c/<name>.c for `target` (cached; `extraFlags` go last) and returns the output path. */
export function buildC(name: string, target: Target, extraFlags: string[] = []): string {
  const source = join(C_DIR, `${name}.c`)
  const flags = [
    ...(target === 'wasi' ? ['--target=wasm32-wasi', '--sysroot=/usr'] : []),
    '-O2',
    '-Wall',
    '-Werror',
    ...extraFlags,
  ]
  const hash = createHash('sha256')
    .update(readFileSync(source))
    .update(readFileSync(join(C_DIR, 'common.h')))
    .update(flags.join(' '))
    .update(clang())
    .digest('hex')
    .slice(0, 16)
  const out = join(CACHE_DIR, `${name}-${target}-${hash}${target === 'wasi' ? '.wasm' : ''}`)
  if (existsSync(out)) return out
  mkdirSync(CACHE_DIR, { recursive: true })
  const partial = `${out}.${process.pid}.tmp`
  const result = spawnSync('clang', [...flags, source, '-o', partial], { encoding: 'utf8' })
  if (result.status !== 0) {
    const hint =
      target === 'wasi' && /wasi|sysroot|rt\.builtins/i.test(result.stderr)
        ? `\nIs the WASI toolchain installed?\n  ${INSTALL}`
        : ''
    throw new Error(`clang failed for ${name}.c (${target}):\n${result.stderr}${hint}`)
  }
  renameSync(partial, out) // atomic: parallel test files may build the same program
  return out
}

/** How to run a program. */
export interface RunSpec {
  args?: string[]
  env?: Record<string, string>
  stdin?: string
}

/** What a run produced. */
export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
}

const compiled = new Map<string, WebAssembly.Module>()

/** Runs a wasm build under WasiHost with `/` preopened on a fresh VFS's `/sandbox`. */
export async function runWasi(wasmPath: string, spec: RunSpec = {}): Promise<RunResult & { vfs: Vfs }> {
  let module = compiled.get(wasmPath)
  if (!module) {
    module = await WebAssembly.compile(readFileSync(wasmPath))
    compiled.set(wasmPath, module)
  }
  const vfs = createVfs()
  vfs.mkdir('/sandbox')
  const out: Uint8Array[] = []
  const err: Uint8Array[] = []
  const host = new WasiHost({
    vfs,
    args: ['program', ...(spec.args ?? [])],
    env: spec.env ?? {},
    stdin: spec.stdin ?? '',
    preopens: { '/': '/sandbox' },
    stdout: (chunk) => out.push(chunk),
    stderr: (chunk) => err.push(chunk),
  })
  const instance = await WebAssembly.instantiate(module, host.imports)
  const exitCode = host.start(instance)
  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8')
  return { exitCode, stdout: text(out), stderr: text(err), vfs }
}

/** Runs a Linux build in a fresh temporary directory (removed afterwards unless `keep`). */
export function runNative(binPath: string, spec: RunSpec = {}): RunResult & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-host-native-'))
  const result = spawnSync(binPath, spec.args ?? [], {
    cwd: dir,
    env: spec.env ?? {},
    input: spec.stdin ?? '',
    encoding: 'utf8',
    timeout: 20_000,
  })
  if (result.error) throw result.error
  return { exitCode: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, dir }
}

/** A portable description of a file tree: kind, size, content digest, link target per path. */
export type Tree = Record<string, string>

function describe(kind: string, data: Uint8Array | null, target: string | null): string {
  if (kind === 'link') return `link -> ${target}`
  if (kind === 'dir') return 'dir'
  return `file ${data?.length} ${createHash('sha256')
    .update(data ?? new Uint8Array(0))
    .digest('hex')
    .slice(0, 12)}`
}

/** Describes a real directory tree. */
export function realTree(root: string, rel = ''): Tree {
  const out: Tree = {}
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name
    const full = join(root, path)
    const st = lstatSync(full)
    if (st.isSymbolicLink()) out[path] = describe('link', null, readlinkSync(full))
    else if (st.isDirectory()) {
      out[path] = describe('dir', null, null)
      Object.assign(out, realTree(root, path))
    } else out[path] = describe('file', readFileSync(full), null)
  }
  return out
}

/** Describes a VFS tree. */
export function vfsTree(vfs: Vfs, root: string, rel = ''): Tree {
  const out: Tree = {}
  for (const name of vfs.readdir(rel ? `${root}/${rel}` : root)) {
    const path = rel ? `${rel}/${name}` : name
    const full = `${root}/${path}`
    const st = vfs.lstat(full)
    if (st.isSymbolicLink()) out[path] = describe('link', null, vfs.readlink(full))
    else if (st.isDirectory()) {
      out[path] = describe('dir', null, null)
      Object.assign(out, vfsTree(vfs, root, path))
    } else out[path] = describe('file', vfs.readFile(full), null)
  }
  return out
}

/** Removes a native run's directory. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
