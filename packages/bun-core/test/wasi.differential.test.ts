/**
 * WebAssembly programs under `bun`: `bun app.wasm` and `node:wasi`, against
 * the real Bun. The guest is a C program (`c/wasi-app.c`) built with
 * Debian's clang for wasm32-wasi; it prints its arguments, an environment
 * variable and its working directory, reads one file, writes another (named
 * by $OUT, when set) and exits with code 3.

 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DifferentialRunner, startRunner } from '../../../test/support/differential.js'

let runner: DifferentialRunner
let wasm: Uint8Array

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vb-wasi-'))
  try {
    const out = join(dir, 'app.wasm')
    const built = spawnSync(
      'clang',
      ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', join(import.meta.dirname, 'c/wasi-app.c'), '-o', out],
      { encoding: 'utf8' },
    )
    if (built.status !== 0)
      throw new Error(`clang failed (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32):\n${built.stderr}`)
    wasm = new Uint8Array(readFileSync(out))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  runner = await startRunner()
}, 60_000)

afterAll(async () => {
  await runner?.close()
})

describe('WASI programs match the real Bun', () => {
  it('bun app.wasm: arguments, environment, no preopened directory, stdout and stderr, exit code', async () => {
    const [real, ours] = await runner.both({
      files: { 'app.wasm': wasm, 'data.txt': 'hello data\n' },
      args: ['app.wasm', 'x', 'y z'],
    })
    expect(ours.stdout).toBe(real.stdout)
    expect(ours.stderr).toBe(real.stderr)
    expect(ours.exitCode).toBe(real.exitCode)
    expect(ours.files).toEqual(real.files)
  })

  it('node:wasi with a preopened directory: reads and writes files, proc_exit ends the process', async () => {
    const script = `import { WASI } from 'node:wasi'
import { readFileSync } from 'node:fs'
const wasi = new WASI({ version: 'preview1', args: ['app', 'q'], env: { HOME: '/h', OUT: 'out.txt' }, preopens: { '/': process.cwd() } })
const module = await WebAssembly.compile(readFileSync('app.wasm'))
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport })
process.on('exit', (code) => console.log('exit', code))
wasi.start(instance)
console.log('not reached')
`
    const [real, ours] = await runner.both({
      files: { 'app.wasm': wasm, 'data.txt': 'hello data\n', 'index.mjs': script },
      args: ['index.mjs'],
    })
    expect(ours.stdout).toBe(real.stdout)
    expect(ours.stderr).toBe(real.stderr)
    expect(ours.exitCode).toBe(real.exitCode)
    expect(ours.files['out.txt']).toBe(real.files['out.txt'])
  })
})
