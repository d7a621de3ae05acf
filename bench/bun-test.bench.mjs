// `bun test` on 1,000 trivial tests in one file: the run time each runner
// prints on its last line (`Ran 1000 tests across 1 file. [X]`), the real Bun
// (npm `bun`, a process per run) against Vitamin-Bun (`bun test` in a Node-host
// container), in the same run, each after WARMUP runs: the first compiles the file,
// the next few let the container's kernel warm up (its first spawns are slower).
// Also the time of `exec('bun', ['test'])` as seen by the embedder.
// Goal: Vitamin-Bun's printed time within 2x of the real Bun's.
// Run `npx tsc -b tsconfig.build.json` first (packages are imported by name).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createBunContainer } from '@aspect-build/sdk/node'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
const WARMUP = 3
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

const ours = { printed: [], wall: [] }
const container = await createBunContainer({ env: ENV, files: { 'many.test.ts': source } })
try {
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    const t0 = performance.now()
    const result = await container.exec('bun', ['test'])
    const wall = performance.now() - t0
    if (i < WARMUP) continue
    ours.printed.push(printedTime(result.stderr))
    ours.wall.push(wall)
  }
} finally {
  await container.destroy()
}

const ratio = median(ours.printed) / median(real.printed)
console.log(
  `bun test, ${TESTS} trivial tests in one file, ${ROUNDS} rounds after ${WARMUP} warm-up runs; times in ms (median)\n`,
)
console.log('| runner | time it prints | wall time of the run |')
console.log('|---|---:|---:|')
console.log(`| real Bun 1.4.5 (a process) | ${median(real.printed).toFixed(1)} | ${median(real.wall).toFixed(1)} |`)
console.log(
  `| Vitamin-Bun (Node-host container) | ${median(ours.printed).toFixed(1)} | ${median(ours.wall).toFixed(1)} |`,
)
console.log(`\nVitamin-Bun / real Bun (printed time): ${ratio.toFixed(2)}x (goal: within 2x)`)
