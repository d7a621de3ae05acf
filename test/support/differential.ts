/**
 * Differential runs of `bun`: the same files under the real Bun (npm `bun`,
 * in a temporary directory) and under Vitamin-Bun (a Node-host container,
 * the files mounted at the same absolute path, so paths print alike).
 *
 * ```ts
 * const runner = await startRunner()
 * const [real, ours] = await runner.both({ files: { 'index.ts': 'console.log(1)' }, args: ['run', 'index.ts'] })
 * await runner.close()
 * ```
 */
import { spawnSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BunContainer, createBunContainer } from '@aspect-build/sdk/node'
import { createVfs } from '@aspect-build/virtual-fs'
import { nodeWorkerUrl } from '../../packages/sdk/test/support/worker-bundle.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
/** The real Bun (`BUN_ORACLE` overrides). */
export const REAL_BUN: string = process.env.BUN_ORACLE ?? join(ROOT, 'node_modules/bun/bin/bun.exe')

/** Where `bun` is inside a container; the oracle's own path is written as this in its output. */
export const CONTAINER_BUN = '/usr/local/bin/bun'

/** One command to run both ways. */
export interface DifferentialCase {
  /**
   * Files (relative paths) to create; `null` makes a directory. Files under
   * `node_modules/.bin/` are made executable (0755), as package managers do.
   */
  files: Record<string, string | Uint8Array | null>
  /** `bun` arguments (default `['run', 'index.ts']`). */
  args?: string[]
  stdin?: string
  env?: Record<string, string>
}

/** What one run printed, and the files it left. */
export interface RunOutcome {
  stdout: string
  stderr: string
  exitCode: number
  /** Every file below the case directory afterwards: path → contents (directories: `null`). */
  files: Record<string, string | null>
}

export interface DifferentialRunner {
  /** Runs the case under the real Bun and under Vitamin-Bun, in directories with the same path. */
  both(c: DifferentialCase): Promise<[RunOutcome, RunOutcome]>
  close(): Promise<void>
}

const BASE_ENV: Record<string, string> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/root',
  NO_COLOR: '1',
  TERM: 'dumb',
}

const modeOf = (name: string): number => (name.includes('node_modules/.bin/') ? 0o755 : 0o644)

function writeTree(dir: string, files: Record<string, string | Uint8Array | null>): void {
  for (const [name, contents] of Object.entries(files)) {
    const path = join(dir, name)
    if (contents === null) mkdirSync(path, { recursive: true })
    else {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, contents, { mode: modeOf(name) })
    }
  }
}

/** The case's files as a snapshot (modes kept) for `container.mount`. */
function snapshotOf(files: Record<string, string | Uint8Array | null>): Uint8Array {
  const vfs = createVfs()
  vfs.mkdir('/case', { recursive: true })
  for (const [name, contents] of Object.entries(files)) {
    const path = `/case/${name}`
    if (contents === null) vfs.mkdir(path, { recursive: true })
    else {
      vfs.mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true })
      vfs.writeFile(path, contents, { mode: modeOf(name) })
    }
  }
  return vfs.exportSnapshot('/case')
}

function readTree(dir: string, prefix = ''): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    const rel = prefix ? `${prefix}/${name}` : name
    let isDirectory: boolean
    try {
      isDirectory = statSync(path).isDirectory()
    } catch {
      continue // a dangling link
    }
    if (isDirectory) {
      out[rel] = null
      Object.assign(out, readTree(path, rel))
    } else out[rel] = readFileSync(path, 'utf8')
  }
  return out
}

/** Boots one container for a whole suite. */
export async function startRunner(): Promise<DifferentialRunner> {
  // The oracle's binary is bun.exe: a `bun` link to it goes first on the real runs' PATH.
  const binDir = mkdtempSync(join(tmpdir(), 'vb-oracle-bin-'))
  symlinkSync(REAL_BUN, join(binDir, 'bun'))
  // The oracle runs as bun.exe (npm's file name) at another path; warnings name the process id.
  const normalise = (text: string) =>
    text
      .replaceAll(REAL_BUN, CONTAINER_BUN)
      .replaceAll('`bun.exe --', '`bun --')
      .replace(/\(node:\d+\)/g, '(node:PID)')
  const container: BunContainer = await createBunContainer({ env: BASE_ENV, workerUrl: await nodeWorkerUrl() })
  const decoder = new TextDecoder()
  return {
    async both(c) {
      const dir = mkdtempSync(join(tmpdir(), 'vb-diff-'))
      try {
        writeTree(dir, c.files)
        const args = c.args ?? ['run', 'index.ts']
        const real = spawnSync(REAL_BUN, args, {
          cwd: dir,
          env: { ...BASE_ENV, PATH: `${binDir}:${BASE_ENV.PATH}`, ...c.env },
          input: c.stdin ?? '',
          encoding: 'utf8',
          timeout: 30_000,
        })
        if (real.error) throw new Error(`the real Bun could not run: ${real.error.message}`)
        const realOutcome: RunOutcome = {
          stdout: normalise(real.stdout),
          stderr: normalise(real.stderr),
          exitCode: real.status ?? 128,
          files: readTree(dir),
        }
        // The same files, at the same path, in the container.
        const snapshot = snapshotOf(c.files)
        await container.fs.mkdir(dir, { recursive: true })
        await container.mount(dir, snapshot)
        const result = await container.exec('bun', args, {
          cwd: dir,
          env: { ...BASE_ENV, ...c.env },
          ...(c.stdin !== undefined ? { stdin: c.stdin } : {}),
        })
        const ours: RunOutcome = {
          stdout: result.stdout.replace(/\(node:\d+\)/g, '(node:PID)'),
          stderr: result.stderr.replace(/\(node:\d+\)/g, '(node:PID)'),
          exitCode: result.exitCode,
          files: await containerTree(container, dir),
        }
        await container.fs.rm(dir, { recursive: true, force: true })
        void decoder
        return [realOutcome, ours]
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    close: async () => {
      rmSync(binDir, { recursive: true, force: true })
      await container.destroy()
    },
  }
}

async function containerTree(
  container: BunContainer,
  dir: string,
  prefix = '',
): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {}
  const entries = await container.fs.readdir(prefix ? `${dir}/${prefix}` : dir, { withFileTypes: true })
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) {
      out[rel] = null
      Object.assign(out, await containerTree(container, dir, rel))
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      // As the real run's tree is read: a link is its target's contents (a dangling one is left out).
      try {
        out[rel] = (await container.fs.readFile(`${dir}/${rel}`, 'utf8')) as string
      } catch {
        // dangling
      }
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
