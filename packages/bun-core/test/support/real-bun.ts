/**
 * The oracle of differential tests: the real Bun (npm package `bun`, a dev
 * dependency). `runRealBun` writes files into a fresh temporary directory and
 * runs `bun <args>` there. When the binary cannot run, it throws: suites must
 * fail, not skip, without their oracle.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..')

/** Path of the real Bun binary (`BUN_ORACLE` overrides). */
export const REAL_BUN: string = process.env.BUN_ORACLE ?? join(ROOT, 'node_modules/bun/bin/bun.exe')

export interface RealBunRun {
  stdout: string
  stderr: string
  exitCode: number
  /** The temporary directory the run used (already removed unless `keep`). */
  dir: string
}

export interface RealBunOptions {
  /** Files to create first, relative to the directory: path → contents. */
  files?: Record<string, string | Uint8Array>
  /** Extra environment (added to a minimal one: PATH, HOME, TMPDIR, NO_COLOR unless FORCE_COLOR is given). */
  env?: Record<string, string>
  stdin?: string
  /** Keep the directory (the caller removes it). */
  keep?: boolean
  /** A fixed directory instead of a fresh temporary one (it must exist). */
  cwd?: string
  timeoutMs?: number
}

/** Runs `bun ...args` in a fresh directory holding `files`. */
export function runRealBun(args: string[], options: RealBunOptions = {}): RealBunRun {
  const dir = options.cwd ?? mkdtempSync(join(tmpdir(), 'vb-oracle-'))
  try {
    for (const [name, contents] of Object.entries(options.files ?? {})) {
      const path = join(dir, name)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, contents)
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      TMPDIR: tmpdir(),
      ...(options.env?.FORCE_COLOR ? {} : { NO_COLOR: '1' }),
      ...options.env,
    }
    const result = spawnSync(REAL_BUN, args, {
      cwd: dir,
      env,
      input: options.stdin ?? '',
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 30_000,
    })
    if (result.error) throw new Error(`the real Bun (${REAL_BUN}) could not run: ${result.error.message}`)
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status ?? 128, dir }
  } finally {
    if (!options.keep && options.cwd === undefined) rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs a script (TypeScript) under the real Bun and returns what it printed. */
export function runRealBunScript(source: string, options: RealBunOptions = {}): RealBunRun {
  return runRealBun(['run', 'main.ts'], { ...options, files: { ...options.files, 'main.ts': source } })
}
