// 10,000 files of 1 KB in nested directories — create, stat, read, list,
// delete — on this VFS, memfs and @zenfs/core (InMemory), in the same run.
// Prints ops/s per phase (median of rounds) and each peer's ratio to ours.
import { createVfs } from '@aspect-build/virtual-fs'
import { configureSingle, InMemory, fs as zenfs } from '@zenfs/core'
import { Volume } from 'memfs'

const DIRS_1 = 10
const DIRS_2 = 10
const FILES = 100 // per leaf directory: 10 × 10 × 100 = 10,000 files
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const payload = new Uint8Array(1024).fill(97)

const leafDirs = []
for (let i = 0; i < DIRS_1; i++) for (let j = 0; j < DIRS_2; j++) leafDirs.push(`/bench/d${i}/e${j}`)
const files = leafDirs.flatMap((d) => Array.from({ length: FILES }, (_, k) => `${d}/f${k}.txt`))

/** Each subject exposes Node-style sync calls. */
async function subjects() {
  await configureSingle({ backend: InMemory })
  return {
    'vitamin-bun VFS': () => {
      const v = createVfs()
      return {
        mkdirp: (p) => v.mkdir(p, { recursive: true }),
        writeFile: (p, d) => v.writeFile(p, d),
        stat: (p) => v.stat(p),
        readFile: (p) => v.readFile(p),
        readdir: (p) => v.readdir(p),
        unlink: (p) => v.unlink(p),
        rmdir: (p) => v.rmdir(p),
      }
    },
    memfs: () => {
      const v = new Volume()
      return {
        mkdirp: (p) => v.mkdirSync(p, { recursive: true }),
        writeFile: (p, d) => v.writeFileSync(p, d),
        stat: (p) => v.statSync(p),
        readFile: (p) => v.readFileSync(p),
        readdir: (p) => v.readdirSync(p),
        unlink: (p) => v.unlinkSync(p),
        rmdir: (p) => v.rmdirSync(p),
      }
    },
    '@zenfs/core': () => {
      // ZenFS has one global fs; start each round from an empty /bench.
      if (zenfs.existsSync('/bench')) zenfs.rmSync('/bench', { recursive: true })
      return {
        mkdirp: (p) => zenfs.mkdirSync(p, { recursive: true }),
        writeFile: (p, d) => zenfs.writeFileSync(p, d),
        stat: (p) => zenfs.statSync(p),
        readFile: (p) => zenfs.readFileSync(p),
        readdir: (p) => zenfs.readdirSync(p),
        unlink: (p) => zenfs.unlinkSync(p),
        rmdir: (p) => zenfs.rmdirSync(p),
      }
    },
  }
}

const PHASES = {
  create: (fs) => {
    for (const d of leafDirs) fs.mkdirp(d)
    for (const f of files) fs.writeFile(f, payload)
    return files.length
  },
  stat: (fs) => {
    for (const f of files) if (fs.stat(f).size !== 1024) throw new Error('bad size')
    return files.length
  },
  read: (fs) => {
    for (const f of files) if (fs.readFile(f).length !== 1024) throw new Error('bad read')
    return files.length
  },
  list: (fs) => {
    let n = 0
    for (let r = 0; r < 10; r++) for (const d of leafDirs) n += fs.readdir(d).length
    if (n !== files.length * 10) throw new Error('bad listing')
    return leafDirs.length * 10
  },
  delete: (fs) => {
    for (const f of files) fs.unlink(f)
    for (const d of leafDirs) fs.rmdir(d)
    return files.length
  },
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export async function run() {
  const all = await subjects()
  const results = {}
  for (const [name, make] of Object.entries(all)) {
    const samples = Object.fromEntries(Object.keys(PHASES).map((p) => [p, []]))
    for (let round = 0; round < ROUNDS + 1; round++) {
      const fs = make()
      for (const [phase, body] of Object.entries(PHASES)) {
        const start = performance.now()
        const ops = body(fs)
        const ms = performance.now() - start
        if (round > 0) samples[phase].push(ops / (ms / 1000)) // round 0 warms up the JIT
      }
    }
    results[name] = Object.fromEntries(Object.entries(samples).map(([p, s]) => [p, median(s)]))
  }
  const ours = results['vitamin-bun VFS']
  const fmt = (n) => Math.round(n).toLocaleString('en-US')
  const lines = [
    `VFS: ${files.length.toLocaleString('en-US')} files of 1 KB in ${leafDirs.length} nested directories; ops/s, median of ${ROUNDS} rounds (higher is better)`,
    '',
    `| phase | ${Object.keys(results).join(' | ')} | ours ÷ memfs | ours ÷ ZenFS |`,
    `|---|${Object.keys(results)
      .map(() => '---:')
      .join('|')}|---:|---:|`,
  ]
  for (const phase of Object.keys(PHASES)) {
    const cells = Object.values(results).map((r) => fmt(r[phase]))
    const vsMemfs = (ours[phase] / results.memfs[phase]).toFixed(1)
    const vsZen = (ours[phase] / results['@zenfs/core'][phase]).toFixed(1)
    lines.push(`| ${phase} | ${cells.join(' | ')} | ${vsMemfs}× | ${vsZen}× |`)
  }
  console.log(lines.join('\n'))
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
