#!/usr/bin/env node
/**
 * Runs Bun's own in-process `expect*` test files (oven-sh/bun,
 * test/js/bun/test/expect*.test.{js,ts}) under the real Bun and under
 * Vitamin-Bun's `bun test`, and prints how many tests pass under each.
 *
 * Usage (after `npx tsc -b tsconfig.build.json`, since packages are imported by name):
 *   node scripts/bun-expect-suite.mjs <dir> [--filter substring] [--verbose] [--json file]
 *
 * <dir> holds the test files at its top level, with whatever they import
 * (test-interop.js, __snapshots__/, node_modules/harness …). Get them from a
 * checkout of github.com/oven-sh/bun into a temporary directory; never commit
 * them here.
 *
 * Each file runs as `bun test ./<file>` with NO_COLOR=1:
 *   - real:  the npm `bun` (BUN_ORACLE overrides), in a fresh copy of <dir>
 *            per file (snapshots it writes do not leak into the next run);
 *   - ours:  a Node-host container (`createBunContainer`) per file, <dir>
 *            copied in at /home/project.
 * The `(pass)`/`(fail)`/`(skip)`/`(todo)` lines and the summary are parsed, and
 * each test that passes under the real Bun is looked up among ours (by full
 * name, in order, so `test.each` duplicates pair up).
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const REAL_BUN = process.env.BUN_ORACLE ?? join(ROOT, 'node_modules/bun/bin/bun.exe')
const ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root', NO_COLOR: '1', TERM: 'dumb' }
const TIMEOUT_MS = Number(process.env.EXPECT_SUITE_TIMEOUT_MS ?? 120_000)

function parseArgs(argv) {
  const opts = { dir: null, filter: null, verbose: false, json: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--filter') opts.filter = argv[++i]
    else if (a === '--verbose') opts.verbose = true
    else if (a === '--json') opts.json = argv[++i]
    else if (!opts.dir) opts.dir = resolve(a)
    else throw new Error(`unexpected argument ${a}`)
  }
  if (!opts.dir) {
    console.error('usage: node scripts/bun-expect-suite.mjs <dir> [--filter s] [--verbose] [--json file]')
    process.exit(2)
  }
  return opts
}

/** Every file below `dir`: relative path → bytes. */
function readTree(dir, base = dir, out = {}) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) readTree(path, base, out)
    else out[relative(base, path)] = readFileSync(path)
  }
  return out
}

const RESULT = /^\((pass|fail|skip|todo)\) (.*?)(?: \[\d+(?:\.\d+)?m?s\])?$/

/** The result lines and the summary counts of one `bun test` run's stderr. */
function parseRun(stderr, exitCode, extra = {}) {
  const tests = []
  for (const line of stderr.split('\n')) {
    // Bun repeats the failed (and skipped, todo) tests after `N tests failed:`: counted once.
    if (/^\d+ tests? (?:failed|skipped|todo):?$/.test(line)) break
    const m = RESULT.exec(line)
    if (m) tests.push({ status: m[1], name: m[2] })
  }
  const count = (word) => {
    const m = new RegExp(`^\\s*(\\d+) ${word}$`, 'm').exec(stderr)
    return m ? Number(m[1]) : 0
  }
  return {
    exitCode,
    pass: count('pass'),
    fail: count('fail'),
    skip: count('skip'),
    todo: count('todo'),
    summary: /^\s*\d+ pass$/m.test(stderr),
    tests,
    stderr,
    ...extra,
  }
}

function runReal(dir, file) {
  const copy = mkdtempSync(join(tmpdir(), 'vb-expect-real-'))
  try {
    cpSync(dir, copy, { recursive: true })
    const r = spawnSync(REAL_BUN, ['test', `./${file}`], {
      cwd: copy,
      env: ENV,
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      maxBuffer: 256 * 1024 * 1024,
    })
    return parseRun(r.stderr ?? '', r.status ?? -1, { timedOut: r.error?.code === 'ETIMEDOUT' })
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
}

async function runOurs(files, file) {
  const { createBunContainer } = await import('@aspect-build/sdk/node')
  const container = await createBunContainer({ env: ENV, files })
  let timer
  try {
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), TIMEOUT_MS)
    })
    const r = await Promise.race([container.exec('bun', ['test', `./${file}`]), timeout])
    if (!r) return parseRun('', -1, { timedOut: true })
    return parseRun(r.stderr, r.exitCode)
  } catch (error) {
    return parseRun(`[host threw] ${error?.stack ?? error}`, -1)
  } finally {
    clearTimeout(timer)
    await container.destroy().catch(() => {})
  }
}

/** Of the tests passing under `real`, those that pass in `ours` too (paired by name, in order). */
function compare(real, ours) {
  const ourStatuses = new Map()
  for (const t of ours.tests) {
    if (!ourStatuses.has(t.name)) ourStatuses.set(t.name, [])
    ourStatuses.get(t.name).push(t.status)
  }
  const seen = new Map()
  const both = []
  const onlyReal = []
  for (const t of real.tests) {
    const i = seen.get(t.name) ?? 0
    seen.set(t.name, i + 1)
    if (t.status !== 'pass') continue
    const status = ourStatuses.get(t.name)?.[i]
    if (status === 'pass') both.push(t.name)
    else onlyReal.push({ name: t.name, ours: status ?? 'missing' })
  }
  const realPassing = new Set(real.tests.filter((t) => t.status === 'pass').map((t) => t.name))
  const onlyOurs = ours.tests.filter((t) => t.status === 'pass' && !realPassing.has(t.name)).map((t) => t.name)
  return { both: both.length, onlyReal, onlyOurs }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const tree = readTree(opts.dir)
  const testFiles = readdirSync(opts.dir)
    .filter((name) => /^expect.*\.test\.[jt]sx?$/.test(name))
    .filter((name) => !opts.filter || name.includes(opts.filter))
    .sort()
  if (testFiles.length === 0) throw new Error(`no expect*.test.{js,ts} files in ${opts.dir}`)

  const rows = []
  for (const file of testFiles) {
    const real = runReal(opts.dir, file)
    const ours = await runOurs(tree, file)
    const cmp = compare(real, ours)
    rows.push({ file, real, ours, cmp })
    const total = Math.max(real.tests.length, real.pass + real.fail + real.skip + real.todo)
    process.stderr.write(
      `${file}: real ${real.pass}/${total}, ours ${ours.pass}/${ours.tests.length}, both ${cmp.both}\n`,
    )
    if (opts.verbose) {
      for (const t of cmp.onlyReal) process.stderr.write(`    real pass, ours ${t.ours}: ${t.name}\n`)
      for (const name of cmp.onlyOurs) process.stderr.write(`    ours pass, real not: ${name}\n`)
      if (!ours.summary) process.stderr.write(`    ours printed no summary:\n${indent(ours.stderr.slice(-3000))}\n`)
    }
  }

  console.log('| file | tests (real Bun) | pass, real Bun | pass, ours | pass in both | fail, real Bun | fail, ours |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  const sum = { total: 0, real: 0, ours: 0, both: 0, realFail: 0, oursFail: 0 }
  for (const { file, real, ours, cmp } of rows) {
    const total = Math.max(real.tests.length, real.pass + real.fail + real.skip + real.todo)
    const oursCell = ours.summary ? String(ours.pass) : `${ours.pass} (${ours.timedOut ? 'timed out' : 'no summary'})`
    console.log(`| ${file} | ${total} | ${real.pass} | ${oursCell} | ${cmp.both} | ${real.fail} | ${ours.fail} |`)
    sum.total += total
    sum.real += real.pass
    sum.ours += ours.pass
    sum.both += cmp.both
    sum.realFail += real.fail
    sum.oursFail += ours.fail
  }
  console.log(
    `| **total (${rows.length} files)** | ${sum.total} | ${sum.real} | ${sum.ours} | ${sum.both} | ${sum.realFail} | ${sum.oursFail} |`,
  )
  const rate = sum.real ? ((100 * sum.both) / sum.real).toFixed(1) : '—'
  console.log(`\nOf the ${sum.real} tests passing under the real Bun, ${sum.both} pass under Vitamin-Bun (${rate}%).`)

  if (opts.json) {
    const strip = ({ stderr, ...rest }) => rest
    writeFileSync(
      opts.json,
      JSON.stringify(
        rows.map(({ file, real, ours, cmp }) => ({ file, real: strip(real), ours: strip(ours), cmp })),
        null,
        2,
      ),
    )
  }
  process.exit(0)
}

const indent = (text) =>
  text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n')

await main()
