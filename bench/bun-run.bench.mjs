// `bun run` costs, with the real Bun measured in the same run:
//   - spawn → exit of `bun run hello.ts` in a booted, warmed container (the
//     transpiler loaded, hello.ts compiled once already), on the Node host and
//     in Chromium with and without cross-origin isolation; peer: the real Bun
//     as an OS process (`bun hello.ts`);
//   - loading a 1,000-module import graph (a binary tree of TypeScript modules,
//     each importing two and exporting a sum): the first run (every module
//     transpiled) and a later run (compiled modules cached by the kernel);
//     peer: the real Bun on the same files.
// Run `npm run build` first (packages are imported by name; Chromium loads the built worker).
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createBunContainer } from '@aspect-build/sdk/node'
import { CHROMIUM_PATH, chromiumInstalled } from '../scripts/chromium.mjs'
import { runInChromium } from './chromium-page.mjs'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const GRAPH_ROUNDS = Number(process.env.BENCH_GRAPH_ROUNDS ?? 5)
const MODULES = 1000
const root = fileURLToPath(new URL('..', import.meta.url))
const REAL_BUN = join(root, 'node_modules/bun/bin/bun.exe')

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const HELLO = { 'hello.ts': 'const greeting: string = "hello"\nconsole.log(greeting)\n' }

/** A binary tree of MODULES TypeScript modules under `index.ts`. */
function graph() {
  const files = { 'index.ts': "import { value } from './m0'\nconsole.log('sum', value)\n" }
  for (let i = 0; i < MODULES; i++) {
    const kids = [2 * i + 1, 2 * i + 2].filter((k) => k < MODULES)
    files[`m${i}.ts`] =
      kids.map((k) => `import { value as v${k} } from './m${k}'`).join('\n') +
      `\nexport const value: number = ${i}${kids.map((k) => ` + v${k}`).join('')}\n`
  }
  return files
}
const EXPECTED_SUM = (MODULES * (MODULES - 1)) / 2

/** Measures in one container; `create` boots it. Serialised into the page for Chromium. */
async function measure(create, hello, graphFiles, rounds, graphRounds) {
  const time = async (fn) => {
    const t0 = performance.now()
    await fn()
    return performance.now() - t0
  }
  const c = await create()
  await c.mount('/app', hello)
  const first = await c.exec('bun', ['run', 'hello.ts'], { cwd: '/app' })
  if (first.stdout !== 'hello\n') throw new Error(`bun run hello.ts printed ${JSON.stringify(first)}`)
  const idle = () => new Promise((resolve) => setTimeout(resolve, 150))
  const hello_ = []
  for (let i = 0; i < rounds; i++) {
    await idle()
    hello_.push(await time(() => c.exec('bun', ['run', 'hello.ts'], { cwd: '/app' })))
  }
  const cold = []
  const warm = []
  for (let r = 0; r < graphRounds; r++) {
    // A fresh directory each round: nothing compiled yet (the cache is by path and content).
    const dir = `/graph${r}`
    await c.mount(dir, graphFiles)
    let out
    cold.push(await time(async () => (out = await c.exec('bun', ['run', 'index.ts'], { cwd: dir }))))
    if (!out.stdout.startsWith('sum ')) throw new Error(`graph run printed ${JSON.stringify(out)}`)
    await idle()
    warm.push(await time(() => c.exec('bun', ['run', 'index.ts'], { cwd: dir })))
  }
  const processes = c.processes
  await c.destroy()
  return { processes, hello: hello_, cold, warm }
}

function realBun(hello, graphFiles, rounds, graphRounds) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bun-'))
  const write = (base, files) => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(base, name)), { recursive: true })
      writeFileSync(join(base, name), text)
    }
  }
  try {
    write(dir, hello)
    const run = (cwd, file) => {
      const t0 = performance.now()
      const r = spawnSync(REAL_BUN, ['run', file], { cwd, encoding: 'utf8' })
      const t = performance.now() - t0
      if (r.status !== 0) throw new Error(`the real Bun failed: ${r.stderr}`)
      return { t, stdout: r.stdout }
    }
    run(dir, 'hello.ts')
    const hello_ = []
    for (let i = 0; i < rounds; i++) hello_.push(run(dir, 'hello.ts').t)
    const cold = []
    const warm = []
    for (let r = 0; r < graphRounds; r++) {
      const g = join(dir, `graph${r}`)
      write(g, graphFiles)
      const first = run(g, 'index.ts')
      if (first.stdout !== `sum ${EXPECTED_SUM}\n`) throw new Error(`the real Bun printed ${first.stdout}`)
      cold.push(first.t)
      warm.push(run(g, 'index.ts').t)
    }
    return { hello: hello_, cold, warm }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function chromiumRuns(hello, graphFiles, rounds, graphRounds) {
  const source = `import { createBunContainer } from '@aspect-build/sdk/browser'
    const measure = ${measure.toString()}
    globalThis.bench = (hello, graphFiles, rounds, graphRounds) =>
      measure(() => createBunContainer(), hello, graphFiles, rounds, graphRounds)`
  return runInChromium(source, [hello, graphFiles, rounds, graphRounds])
}

const graphFiles = graph()
const rows = []
const real = realBun(HELLO, graphFiles, ROUNDS, GRAPH_ROUNDS)
const node = await measure(() => createBunContainer(), HELLO, graphFiles, ROUNDS, GRAPH_ROUNDS)
rows.push(['real Bun 1.4.5 (OS process)', real])
rows.push([`Vitamin-Bun, Node host (${node.processes})`, node])
if (chromiumInstalled()) {
  const browser = await chromiumRuns(HELLO, graphFiles, ROUNDS, GRAPH_ROUNDS)
  for (const [mode, r] of Object.entries(browser))
    rows.push([`Vitamin-Bun, Chromium ${mode === 'isolated' ? 'isolated' : 'not isolated'} (${r.processes})`, r])
} else {
  console.log(`(Chromium not found at ${CHROMIUM_PATH}: browser rows left out)`)
}

console.log(
  `bun run, milliseconds (median; ${ROUNDS} rounds of hello.ts, ${GRAPH_ROUNDS} of the ${MODULES}-module graph), and each ÷ the real Bun\n`,
)
console.log('| where | bun run hello.ts | 1,000 modules: first run | 1,000 modules: again |')
console.log('|---|---:|---:|---:|')
const ratio = (x, y) => (x === y ? '' : ` (${(x / y).toFixed(1)}×)`)
for (const [where, r] of rows) {
  const h = median(r.hello)
  const c = median(r.cold)
  const w = median(r.warm)
  console.log(
    `| ${where} | ${h.toFixed(1)}${ratio(h, median(real.hello))} | ${c.toFixed(1)}${ratio(c, median(real.cold))} | ${w.toFixed(1)}${ratio(w, median(real.warm))} |`,
  )
}
