#!/usr/bin/env node
/**
 * Runs the official WebAssembly wasi-testsuite (its prebuilt preview1 tests)
 * under three hosts and prints a score table:
 *   - ours:  @aspect-build/wasm-host over @aspect-build/virtual-fs
 *   - node:  node:wasi on a real temporary directory
 *   - shim:  @bjorn3/browser_wasi_shim on its in-memory filesystem
 *
 * Usage (after `npx tsc -b tsconfig.build.json`, since packages are imported by name):
 *   node scripts/wasi-testsuite.mjs <checkout> [--runtime ours,node,shim] [--filter substring] [--verbose]
 *
 * <checkout> is a checkout of github.com/WebAssembly/wasi-testsuite at its
 * branch prod/testsuite-base (the prebuilt .wasm files), e.g.
 *   git -C <mirror> archive prod/testsuite-base | tar -x -C /tmp/wasi-testsuite
 * Never commit its files here.
 *
 * Each test runs in a child process (a hung or crashing host cannot take the
 * run down) with a fresh copy of the test's `root` directory. A test passes
 * when the exit code matches its JSON spec and stdout/stderr start with the
 * expected text, as the suite's own runner checks (doc/specification.md).
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const RUNTIMES = ['ours', 'node', 'shim']
const TIMEOUT_MS = 60_000

// ------------------------------------------------------------ child side

/** Runs one test under one runtime; prints one JSON line: exitCode, stdout, stderr. */
async function child(runtime, wasmPath, specJson, rootCopy) {
  const spec = JSON.parse(specJson)
  const bytes = readFileSync(wasmPath)
  const module = await WebAssembly.compile(bytes)
  const args = [basename(wasmPath), ...(spec.args ?? [])]
  const env = spec.env ?? {}
  const out = []
  const err = []
  let exitCode
  const text = (chunks) => Buffer.concat(chunks).toString('utf8')
  try {
    if (runtime === 'ours') exitCode = await runOurs(module, args, env, rootCopy, out, err)
    else if (runtime === 'node') exitCode = await runNode(module, args, env, rootCopy)
    else exitCode = await runShim(module, args, env, rootCopy, out, err)
  } catch (error) {
    err.push(Buffer.from(`\n[host threw] ${error?.stack ?? error}\n`))
    exitCode = error instanceof WebAssembly.RuntimeError ? 134 : -1
  }
  // node:wasi wrote straight to this process's stdout/stderr: the parent takes them from there.
  const direct = runtime === 'node'
  const result = { exitCode, stdout: direct ? null : text(out), stderr: direct ? null : text(err) }
  process.stdout.write(`\n@@RESULT@@${JSON.stringify(result)}\n`)
}

async function runOurs(module, args, env, rootCopy, out, err) {
  const { createVfs } = await import('@aspect-build/virtual-fs')
  const { WasiHost } = await import('@aspect-build/wasm-host')
  const vfs = createVfs()
  vfs.mkdir('/sandbox')
  if (rootCopy) copyIntoVfs(vfs, rootCopy, '/sandbox')
  const host = new WasiHost({
    vfs,
    args,
    env,
    preopens: rootCopy ? { '/': '/sandbox' } : {},
    stdout: (chunk) => out.push(Buffer.from(chunk)),
    stderr: (chunk) => err.push(Buffer.from(chunk)),
  })
  const instance = await WebAssembly.instantiate(module, host.imports)
  return host.start(instance)
}

function copyIntoVfs(vfs, from, to) {
  for (const name of readdirSync(from)) {
    const src = join(from, name)
    const st = statSync(src)
    if (st.isDirectory()) {
      vfs.mkdir(`${to}/${name}`)
      copyIntoVfs(vfs, src, `${to}/${name}`)
    } else {
      vfs.writeFile(`${to}/${name}`, readFileSync(src))
    }
  }
}

async function runNode(module, args, env, rootCopy) {
  const { WASI } = await import('node:wasi')
  // The guest gets this process's own stdio: pipes, as the suite's runner gives (uvwasi's
  // poll_oneoff refuses regular files). The parent reads the guest's output before the marker.
  const wasi = new WASI({
    version: 'preview1',
    args,
    env,
    preopens: rootCopy ? { '/': rootCopy } : {},
    returnOnExit: true,
  })
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject())
  return wasi.start(instance)
}

async function runShim(module, args, env, rootCopy, out, err) {
  const shim = await import('@bjorn3/browser_wasi_shim')
  const load = (path) => {
    const contents = new Map()
    for (const name of readdirSync(path)) {
      const p = join(path, name)
      contents.set(name, statSync(p).isDirectory() ? new shim.Directory(load(p)) : new shim.File(readFileSync(p)))
    }
    return contents
  }
  const fds = [
    new shim.OpenFile(new shim.File([])),
    new shim.ConsoleStdout((chunk) => out.push(Buffer.from(chunk))),
    new shim.ConsoleStdout((chunk) => err.push(Buffer.from(chunk))),
  ]
  if (rootCopy) fds.push(new shim.PreopenDirectory('/', load(rootCopy)))
  const wasi = new shim.WASI(
    args,
    Object.entries(env).map(([k, v]) => `${k}=${v}`),
    fds,
  )
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport })
  try {
    return wasi.start(instance)
  } catch (error) {
    if (error instanceof shim.WASIProcExit) return error.code
    throw error
  }
}

// ----------------------------------------------------------- parent side

function findTests(checkout) {
  const tests = []
  const testsDir = join(checkout, 'tests')
  if (!existsSync(testsDir)) throw new Error(`${checkout} has no tests/ directory: is it a wasi-testsuite checkout?`)
  for (const lang of readdirSync(testsDir).sort()) {
    const dir = join(testsDir, lang, 'testsuite', 'wasm32-wasip1')
    if (!existsSync(dir)) continue
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.wasm')) tests.push({ lang, name: file.slice(0, -5), wasm: join(dir, file) })
    }
  }
  if (tests.length === 0) {
    throw new Error(`no tests/*/testsuite/wasm32-wasip1/*.wasm under ${checkout}: check out prod/testsuite-base`)
  }
  return tests
}

function specOf(test) {
  const path = test.wasm.replace(/\.wasm$/, '.json')
  const raw = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
  return {
    args: raw.args ?? [],
    env: raw.env ?? {},
    root: raw.root ?? null,
    exit_code: raw.exit_code ?? 0,
    stdout: raw.stdout ?? null,
    stderr: raw.stderr ?? null,
  }
}

function runOne(script, runtime, test, spec) {
  let rootCopy = ''
  let scratch = ''
  if (spec.root) {
    scratch = mkdtempSync(join(tmpdir(), `wasi-ts-${runtime}-`))
    rootCopy = join(scratch, 'root')
    cpSync(join(dirname(test.wasm), spec.root), rootCopy, { recursive: true })
  }
  try {
    const started = performance.now()
    const result = spawnSync(
      process.execPath,
      [script, '--child', runtime, test.wasm, JSON.stringify(spec), rootCopy],
      {
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
        maxBuffer: 64 << 20,
      },
    )
    const ms = performance.now() - started
    const marker = result.stdout?.lastIndexOf('@@RESULT@@') ?? -1
    if (marker < 0) {
      const why = result.error ? String(result.error.message) : `child exited ${result.status} ${result.signal ?? ''}`
      return { pass: false, ms, why: `${why}\n${result.stderr ?? ''}`.trim() }
    }
    const got = JSON.parse(result.stdout.slice(marker + '@@RESULT@@'.length))
    if (got.stdout === null) got.stdout = result.stdout.slice(0, Math.max(0, marker - 1))
    if (got.stderr === null) got.stderr = result.stderr
    const problems = []
    if (got.exitCode !== spec.exit_code) problems.push(`exit code ${got.exitCode}, expected ${spec.exit_code}`)
    if (spec.stdout !== null && !got.stdout.startsWith(spec.stdout)) {
      problems.push(`stdout ${JSON.stringify(got.stdout.slice(0, 200))}, expected ${JSON.stringify(spec.stdout)}`)
    }
    if (spec.stderr !== null && !got.stderr.startsWith(spec.stderr)) {
      problems.push(`stderr ${JSON.stringify(got.stderr.slice(0, 200))}, expected ${JSON.stringify(spec.stderr)}`)
    }
    const detail = problems.length ? `${problems.join('; ')}\n${got.stderr.trim().slice(0, 2000)}` : ''
    return { pass: problems.length === 0, ms, why: detail }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
}

function parent(argv) {
  const options = { runtimes: RUNTIMES, filter: '', verbose: false, checkout: '' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--runtime') options.runtimes = argv[++i].split(',')
    else if (a === '--filter') options.filter = argv[++i]
    else if (a === '--verbose') options.verbose = true
    else if (a.startsWith('--')) throw new Error(`unknown flag ${a}`)
    else options.checkout = resolve(a)
  }
  if (!options.checkout) {
    console.error(
      'usage: node scripts/wasi-testsuite.mjs <wasi-testsuite checkout> [--runtime ours,node,shim] [--filter s] [--verbose]',
    )
    process.exit(2)
  }
  for (const r of options.runtimes) if (!RUNTIMES.includes(r)) throw new Error(`unknown runtime ${r}`)
  const script = fileURLToPath(import.meta.url)
  const tests = findTests(options.checkout).filter((t) => `${t.lang}/${t.name}`.includes(options.filter))
  const score = Object.fromEntries(options.runtimes.map((r) => [r, 0]))
  const rows = []
  for (const test of tests) {
    const spec = specOf(test)
    const row = { test: `${test.lang}/${test.name}` }
    for (const runtime of options.runtimes) {
      const r = runOne(script, runtime, test, spec)
      row[runtime] = r.pass ? 'pass' : 'FAIL'
      if (r.pass) score[runtime]++
      else if (options.verbose || runtime === 'ours') console.error(`[${runtime}] ${row.test}: ${r.why}\n`)
    }
    rows.push(row)
  }
  const width = Math.max(...rows.map((r) => r.test.length), 4)
  const head = ['test'.padEnd(width), ...options.runtimes.map((r) => r.padStart(5))].join('  ')
  console.log(head)
  console.log('-'.repeat(head.length))
  for (const row of rows)
    console.log([row.test.padEnd(width), ...options.runtimes.map((r) => row[r].padStart(5))].join('  '))
  console.log('-'.repeat(head.length))
  const names = { ours: '@aspect-build/wasm-host', node: 'node:wasi', shim: '@bjorn3/browser_wasi_shim' }
  for (const r of options.runtimes) console.log(`${names[r].padEnd(28)} ${score[r]}/${tests.length}`)
  process.exitCode = options.runtimes.includes('ours') && score.ours !== tests.length ? 1 : 0
}

if (process.argv[2] === '--child') {
  const [, , , runtime, wasm, spec, root] = process.argv
  await child(runtime, wasm, spec, root || '')
  process.exit(0)
} else {
  parent(process.argv.slice(2))
}
