/**
 * Conformance by differential testing: each C program in test/c is built for
 * Linux and for wasm32-wasi. The Linux run (in a real temporary directory) is
 * the oracle; the WASI run under WasiHost (on a VFS) must print the same
 * transcript, exit the same way and leave the same files behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildC, type RunSpec, realTree, removeDir, runNative, runWasi, vfsTree } from './helpers/clang.js'

interface Case extends RunSpec {
  program: string
  /** Exit status both builds must reach. */
  exitCode?: number
}

const CASES: Case[] = [
  { program: 'fd_ops' },
  { program: 'readdir' },
  { program: 'path_ops' },
  { program: 'symlinks' },
  { program: 'times' },
  { program: 'poll_clock' },
  {
    program: 'args_env',
    args: ['one', 'two words', '', 'é ü', '--flag=x'],
    env: { A: '1', B: 'two', EMPTY: '', UNICODE: 'ünï' },
  },
  { program: 'exit_code', args: ['return', '0'], exitCode: 0 },
  { program: 'exit_code', args: ['return', '42'], exitCode: 42 },
  { program: 'exit_code', args: ['exit', '7'], exitCode: 7 },
  { program: 'exit_code', args: ['exit', '255'], exitCode: 255 },
  { program: 'exit_code', args: ['_Exit', '3'], exitCode: 3 },
  { program: 'stdin', stdin: 'hello there\nsecond line\nthird without a newline' },
  { program: 'stdin', stdin: '' },
  { program: 'stdin', stdin: `${'ünïcödé '.repeat(500)}\n` },
]

const binaries = new Map<string, { wasi: string; native: string }>()

beforeAll(() => {
  for (const program of new Set(CASES.map((c) => c.program))) {
    binaries.set(program, { wasi: buildC(program, 'wasi'), native: buildC(program, 'native') })
  }
}, 300_000)

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) removeDir(dir)
})

describe('C programs: WASI under WasiHost behaves like Linux', () => {
  for (const c of CASES) {
    const label = [c.program, ...(c.args ?? []), c.stdin !== undefined ? `stdin ${c.stdin.length}B` : '']
      .filter(Boolean)
      .join(' ')
    it(label, async () => {
      const bins = binaries.get(c.program)!
      const native = runNative(bins.native, c)
      dirs.push(native.dir)
      const wasi = await runWasi(bins.wasi, c)
      // The oracle must itself have passed its own checks.
      expect(native.stdout).not.toContain('CHECK FAILED')
      expect(native.exitCode).toBe(c.exitCode ?? 0)
      expect(native.stdout.length).toBeGreaterThan(0)
      expect(wasi.stdout).toBe(native.stdout)
      expect(wasi.exitCode).toBe(native.exitCode)
      expect(vfsTree(wasi.vfs, '/sandbox')).toEqual(realTree(native.dir))
    })
  }
})
