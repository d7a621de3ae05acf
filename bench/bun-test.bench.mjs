// `bun test` on 1,000 trivial tests in one file: the run time each runner
// prints on its last line (`Ran 1000 tests across 1 file. [X]`), the real Bun
// (npm `bun`, a process per run) against Vitamin-Bun (`bun test` in a Node-host
// container, and in Chromium with and without cross-origin isolation), in the
// same run, each after WARMUP runs: the first compiles the file, the next few let
// the container's kernel, and Chromium's cache of the worker script, warm up.
// Also the time of `exec('bun', ['test'])` as seen by the embedder.
// Goal: Vitamin-Bun's printed time within 2x of the real Bun's.
// Run `npm run build` first (packages are imported by name; Chromium loads the built worker).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createBunContainer } from '@aspect-build/sdk/node'
import { CHROMIUM_PATH, chromiumInstalled } from '../scripts/chromium.mjs'
import { runInChromium } from './chromium-page.mjs'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
// Chromium caches a worker's script code only after a few loads; the Node host's kernel warms up
// over its first spawns. Every runner, the real Bun included, gets the same warm-up.
const WARMUP = 6
const TESTS = 1000
const root = fileURLToPath(new URL('..', import.meta.url))
const REAL_BUN = process.env.BUN_ORACLE ?? join(root, 'node_modules/bun/bin/bun.exe')
const ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root', NO_COLOR: '1' }

let source = "import { test, expect } from 'bun:test'\n"
for (let i = 0; i < TESTS; i++) source += `test('test ${i}', () => { expect(${i}).toBe(${i}) })\n`

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The time on Bun's `Ran N tests across M files. [X]` line, in ms. */
function printedTime(stderr) {
  const match = /Ran (\d+) tests? across \d+ files?\. \[(\d+(?:\.\d+)?)(ms|s)\]/.exec(stderr)
  if (!match || Number(match[1]) !== TESTS) throw new Error(`unexpected output:\n${stderr}`)
  return Number(match[2]) * (match[3] === 's' ? 1000 : 1)
}

const dir = mkdtempSync(join(tmpdir(), 'vb-bench-test-'))
writeFileSync(join(dir, 'many.test.ts'), source)
const real = { printed: [], wall: [] }
try {
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    const t0 = performance.now()
    const result = spawnSync(REAL_BUN, ['test'], { cwd: dir, env: ENV, encoding: 'utf8' })
    const wall = performance.now() - t0
    if (i < WARMUP) continue
    real.printed.push(printedTime(result.stderr))
    real.wall.push(wall)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

/**
 * Runs `bun test` in one container, `rounds` times after `warmup`: each run's stderr and wall
 * time. Self-contained: it is serialised into the page for Chromium.
 */
async function measure(create, files, rounds, warmup) {
  const container = await create(files)
  const stderr = []
  const wall = []
  try {
    for (let i = 0; i < rounds + warmup; i++) {
      const t0 = performance.now()
      const result = await container.exec('bun', ['test'])
      const ms = performance.now() - t0
      if (i < warmup) continue
      stderr.push(result.stderr)
      wall.push(ms)
    }
  } finally {
    await container.destroy()
  }
  return { stderr, wall, processes: container.processes }
}
const timed = (r) => ({ printed: r.stderr.map(printedTime), wall: r.wall, processes: r.processes })

const FILES = { 'many.test.ts': source }
const rows = [['real Bun 1.4.5 (a process)', real]]
const node = timed(await measure((files) => createBunContainer({ env: ENV, files }), FILES, ROUNDS, WARMUP))
rows.push(['Vitamin-Bun, Node host (workers)', node])
if (chromiumInstalled()) {
  const page = `import { createBunContainer } from '@aspect-build/sdk/browser'
    const measure = ${measure.toString()}
    globalThis.bench = (env, files, rounds, warmup) =>
      measure((f) => createBunContainer({ env, files: f }), files, rounds, warmup)`
  const browser = await runInChromium(page, [ENV, FILES, ROUNDS, WARMUP])
  for (const [mode, r] of Object.entries(browser))
    rows.push([`Vitamin-Bun, Chromium ${mode === 'isolated' ? 'isolated' : 'not isolated'} (${r.processes})`, timed(r)])
} else {
  console.log(`(Chromium not found at ${CHROMIUM_PATH}: browser rows left out)`)
}

console.log(
  `bun test, ${TESTS} trivial tests in one file, ${ROUNDS} rounds after ${WARMUP} warm-up runs; times in ms (median), and each ÷ the real Bun\n`,
)
console.log('| runner | time it prints | wall time of the run |')
console.log('|---|---:|---:|')
const ratio = (x, y) => (x === y ? '' : ` (${(x / y).toFixed(2)}×)`)
for (const [where, r] of rows) {
  const p = median(r.printed)
  const w = median(r.wall)
  console.log(
    `| ${where} | ${p.toFixed(1)}${ratio(p, median(real.printed))} | ${w.toFixed(1)}${ratio(w, median(real.wall))} |`,
  )
}
console.log(
  `\nVitamin-Bun (Node host) / real Bun (printed time): ${(median(node.printed) / median(real.printed)).toFixed(2)}x (goal: within 2x)`,
)
