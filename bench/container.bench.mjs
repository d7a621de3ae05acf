// Container start-up costs, on the Node host and in Chromium (with and without
// cross-origin isolation), in the same run:
//   - warm boot: createBunContainer() until its first exec('true') resolved
//     (after one cold boot that loads and compiles the worker script);
//   - spawn to exit: exec('true') in a booted, idle container (a fresh process
//     each time: a worker — the kernel keeps one loaded ahead — or inline
//     without isolation);
//   - back to back: exec('true') right after the previous one (the worker
//     loaded ahead is not ready again yet: this includes loading one);
//   - exec of a shell line: exec('sh', ['-c', 'echo hi | cat']), idle container.
// Peers: a real OS process (node:child_process running /bin/true) and a bare
// worker_threads worker round trip, for scale. Goals: boot < 100 ms, spawn < 20 ms.
// Run `npm run build` first (packages are imported by name; Chromium loads the built worker).
import { spawn } from 'node:child_process'
import { Worker } from 'node:worker_threads'
import { NODE_WORKER_URL } from '@aspect-build/browser-runtime/node'
import { createBunContainer } from '@aspect-build/sdk/node'
import { CHROMIUM_PATH, chromiumInstalled } from '../scripts/chromium.mjs'
import { runInChromium } from './chromium-page.mjs'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]

async function time(fn) {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/** The measurements, against any createBunContainer (the page runs the same function, serialised). */
async function measure(create, rounds) {
  const cold = await create()
  await cold.exec('true')
  await cold.destroy()
  const boot = []
  for (let i = 0; i < rounds; i++) {
    let c
    boot.push(
      await time(async () => {
        c = await create()
        await c.exec('true')
      }),
    )
    await c.destroy()
  }
  const c = await create()
  await c.exec('true')
  const idle = () => new Promise((resolve) => setTimeout(resolve, 150))
  const spawnTimes = []
  const shellTimes = []
  const backToBack = []
  for (let i = 0; i < rounds; i++) {
    await idle()
    spawnTimes.push(await time(() => c.exec('true')))
    backToBack.push(await time(() => c.exec('true')))
    await idle()
    shellTimes.push(await time(() => c.exec('sh', ['-c', 'echo hi | cat'])))
  }
  const processes = c.processes
  await c.destroy()
  return { processes, boot, spawn: spawnTimes, backToBack, shell: shellTimes }
}

async function peers(rounds) {
  const os = []
  for (let i = 0; i < rounds; i++) {
    os.push(
      await time(
        () =>
          new Promise((resolve, reject) => {
            const child = spawn('/bin/true')
            child.on('exit', resolve)
            child.on('error', reject)
          }),
      ),
    )
  }
  const worker = []
  for (let i = 0; i < rounds; i++) {
    worker.push(
      await time(async () => {
        const w = new Worker('require("node:worker_threads").parentPort.postMessage(1)', { eval: true })
        await new Promise((resolve) => w.once('message', resolve))
        await w.terminate()
      }),
    )
  }
  return { os, worker }
}

async function chromiumRuns(rounds) {
  const source = `import { createBunContainer } from '@aspect-build/sdk/browser'
    const time = ${time.toString()}
    const measure = ${measure.toString()}
    globalThis.bench = (rounds) => measure(() => createBunContainer(), rounds)`
  return runInChromium(source, [rounds])
}

const rows = []
const row = (where, what, times, goal) =>
  rows.push({ where, what, median: median(times), p90: p90(times), goal: goal ? `< ${goal}` : '' })

const node = await measure(() => createBunContainer(), ROUNDS)
const peer = await peers(ROUNDS)
row(`Node host (${node.processes})`, 'warm boot → first exec(true)', node.boot, 100)
row(`Node host (${node.processes})`, 'spawn → exit: exec(true)', node.spawn, 20)
row(`Node host (${node.processes})`, 'back to back: exec(true)', node.backToBack)
row(`Node host (${node.processes})`, 'exec(\'sh -c "echo hi | cat"\')', node.shell)
row('peer: node:child_process', 'spawn → exit: /bin/true', peer.os)
row('peer: worker_threads', 'new Worker → first message', peer.worker)
if (chromiumInstalled()) {
  const browser = await chromiumRuns(ROUNDS)
  for (const [mode, r] of Object.entries(browser)) {
    const where = `Chromium ${mode === 'isolated' ? 'isolated' : 'not isolated'} (${r.processes})`
    row(where, 'warm boot → first exec(true)', r.boot, 100)
    row(where, 'spawn → exit: exec(true)', r.spawn, 20)
    row(where, 'back to back: exec(true)', r.backToBack)
    row(where, 'exec(\'sh -c "echo hi | cat"\')', r.shell)
  }
} else {
  console.log(`(Chromium not found at ${CHROMIUM_PATH}: browser rows left out)`)
}

const ours = median(node.spawn)
console.log(`container start-up, ${ROUNDS} rounds; times in ms (median, 90th percentile)`)
console.log(`Node host worker script: ${NODE_WORKER_URL.slice(NODE_WORKER_URL.indexOf('packages/'))}\n`)
console.log('| where | what | median | p90 | goal |')
console.log('|---|---|---:|---:|---|')
for (const r of rows)
  console.log(`| ${r.where} | ${r.what} | ${r.median.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.goal} |`)
console.log(
  `\nNode-host spawn is ${(ours / median(peer.os)).toFixed(2)}× a real OS process and ${(ours / median(peer.worker)).toFixed(2)}× a bare worker round trip.`,
)
