// A syscall-heavy C program (packages/wasm-host/bench/syscalls.c: 100,000
// small writes and reads, 2,000 file creates, 10,000 stats, 20 listings of
// 2,000 entries, 2,000 unlinks) under three WASI hosts in the same run:
//   - @aspect-build/wasm-host on the virtual filesystem
//   - node:wasi on a real temporary directory
//   - @bjorn3/browser_wasi_shim on its in-memory filesystem
// The guest times each phase with CLOCK_MONOTONIC; the table shows the median
// of ROUNDS runs per phase in ms, and each peer's time as a multiple of ours.
// Run `npx tsc -b tsconfig.build.json` first (packages are imported by name).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WASI } from 'node:wasi'
import { createVfs } from '@aspect-build/virtual-fs'
import { WasiHost } from '@aspect-build/wasm-host'
import * as shim from '@bjorn3/browser_wasi_shim'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const root = fileURLToPath(new URL('..', import.meta.url))
const source = join(root, 'packages/wasm-host/bench/syscalls.c')

/** Compiles the guest with Debian's clang (cached under .cache/ by source hash). */
function build() {
  const flags = ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', '-Wall', '-Werror']
  const hash = createHash('sha256').update(readFileSync(source)).update(flags.join(' ')).digest('hex').slice(0, 16)
  const dir = join(root, '.cache/wasm-host/bench')
  const out = join(dir, `syscalls-${hash}.wasm`)
  if (existsSync(out)) return out
  mkdirSync(dir, { recursive: true })
  const result = spawnSync('clang', [...flags, source, '-o', `${out}.tmp`], { encoding: 'utf8' })
  if (result.error || result.status !== 0) {
    console.error(result.stderr || result.error?.message)
    console.error('Install the WASI toolchain: sudo apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32')
    process.exit(1)
  }
  renameSync(`${out}.tmp`, out)
  return out
}

const module = await WebAssembly.compile(readFileSync(build()))
const decoder = new TextDecoder()
const notes = new Set()

/** Parses `phase <name> <ms>` lines; fails on anything the guest reports as wrong. */
function phases(stdout, exitCode, host) {
  if (exitCode !== 0 || stdout.includes('FAILED'))
    throw new Error(`${host}: guest failed (exit ${exitCode}):\n${stdout}`)
  const out = {}
  for (const line of stdout.split('\n')) {
    const m = /^phase (\w+) ([\d.]+)$/.exec(line)
    if (m) out[m[1]] = Number(m[2])
    const listed = /^listed (\d+) of (\d+)$/.exec(line)
    if (listed && listed[1] !== listed[2]) notes.add(`${host}: readdir returned ${listed[1]} of ${listed[2]} entries`)
  }
  return out
}

const hosts = {
  '@aspect-build/wasm-host': async () => {
    const vfs = createVfs()
    vfs.mkdir('/sandbox')
    let stdout = ''
    const host = new WasiHost({
      vfs,
      args: ['bench'],
      preopens: { '/': '/sandbox' },
      stdout: (chunk) => {
        stdout += decoder.decode(chunk)
      },
    })
    const instance = await WebAssembly.instantiate(module, host.imports)
    const code = host.start(instance)
    return phases(stdout, code, 'wasm-host')
  },
  'node:wasi (real fs)': async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasi-bench-'))
    const outFile = join(dir, '.stdout')
    const { openSync, closeSync } = await import('node:fs')
    const fd = openSync(outFile, 'w')
    mkdirSync(join(dir, 'root'))
    try {
      const wasi = new WASI({
        version: 'preview1',
        args: ['bench'],
        preopens: { '/': join(dir, 'root') },
        stdout: fd,
        returnOnExit: true,
      })
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject())
      const code = wasi.start(instance)
      closeSync(fd)
      return phases(readFileSync(outFile, 'utf8'), code, 'node:wasi')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
  '@bjorn3/browser_wasi_shim': async () => {
    let stdout = ''
    const fds = [
      new shim.OpenFile(new shim.File([])),
      new shim.ConsoleStdout((chunk) => {
        stdout += decoder.decode(chunk)
      }),
      new shim.ConsoleStdout(() => {}),
      new shim.PreopenDirectory('/', new Map()),
    ]
    const wasi = new shim.WASI(['bench'], [], fds, { debug: false })
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport })
    let code
    try {
      code = wasi.start(instance)
    } catch (error) {
      if (!(error instanceof shim.WASIProcExit)) throw error
      code = error.code
    }
    return phases(stdout, code, 'browser_wasi_shim')
  },
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const results = {}
// BENCH_ONLY=wasm-host (a substring) measures fewer hosts while profiling; ours always runs first.
const only = process.env.BENCH_ONLY
for (const [name, run] of Object.entries(hosts)) {
  if (only && name !== '@aspect-build/wasm-host' && !name.includes(only)) continue
  await run() // warm-up: JIT and caches
  const rounds = []
  for (let i = 0; i < ROUNDS; i++) rounds.push(await run())
  results[name] = Object.fromEntries(Object.keys(rounds[0]).map((p) => [p, median(rounds.map((r) => r[p]))]))
  results[name].total = Object.values(results[name]).reduce((a, b) => a + b, 0)
}

const names = Object.keys(results)
const ours = results[names[0]]
const phaseNames = Object.keys(ours)
const cell = (ms, base) => (base ? `${ms.toFixed(1)} ms (${(ms / base).toFixed(1)}×)` : `${ms.toFixed(1)} ms`)
const rows = phaseNames.map((p) => [p, ...names.map((n, i) => cell(results[n][p], i === 0 ? 0 : ours[p]))])
const header = ['phase', ...names]
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
console.log(`WASI syscalls, median of ${ROUNDS} runs (×: time relative to @aspect-build/wasm-host; higher is slower)\n`)
console.log(line(header))
console.log(line(widths.map((w) => '-'.repeat(w))))
for (const r of rows) console.log(line(r))
if (notes.size) console.log(`\nNotes:\n${[...notes].map((n) => `- ${n}`).join('\n')}`)
