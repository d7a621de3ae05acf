#!/usr/bin/env node
// `npm run bench`: builds the packages, then runs every bench/*.bench.mjs in
// its own Node process (so one bench's heap and JIT state don't skew the next)
// and prints their tables. `npm run bench -- vfs` runs only matching files.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const filter = process.argv[2]
const build = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs') && (!filter || f.includes(filter)))
  .sort()
let failed = 0
for (const file of files) {
  console.log(`\n## ${file}\n`)
  const result = spawnSync(process.execPath, [join(root, 'bench', file)], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
