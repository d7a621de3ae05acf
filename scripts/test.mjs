#!/usr/bin/env node
// `npm test`: every suite — typecheck, lint, build, Node and Chromium tests —
// then one closing line `N passed, N failed` summing them all.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHROMIUM_PATH, chromiumInstalled } from './chromium.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const APT = 'apt-get update && apt-get install -y chromium'
let passed = 0
let failed = 0

function run(label, cmd, args, options = {}) {
  console.log(`\n── ${label}: ${cmd} ${args.join(' ')}`)
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options })
  return result.status === 0
}

function step(label, cmd, args) {
  if (run(label, cmd, args)) passed++
  else {
    failed++
    console.log(`✗ ${label} failed`)
  }
}

function ensureChromium() {
  if (chromiumInstalled()) return true
  const isRoot = process.getuid?.() === 0
  const hasApt = existsSync('/usr/bin/apt-get')
  if (isRoot && hasApt) {
    console.log(`Chromium is missing at ${CHROMIUM_PATH}; installing it: ${APT}`)
    if (run('install chromium', 'sh', ['-c', APT]) && chromiumInstalled()) return true
  }
  console.error(
    `\nChromium is needed for the browser suites and is not at ${CHROMIUM_PATH}.\nInstall it with:\n  sudo sh -c '${APT}'\n(or set CHROMIUM_PATH to a Chromium binary) and run npm test again.`,
  )
  return false
}

if (!ensureChromium()) process.exit(1)

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])
step('lint', 'npx', ['biome', 'check', '.'])
step('build', 'npm', ['run', 'build'])

const outDir = join(root, '.cache')
mkdirSync(outDir, { recursive: true })
const report = join(outDir, 'vitest-report.json')
rmSync(report, { force: true })
run('tests (Node and Chromium)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
])
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed += json.numPassedTests
  failed += json.numFailedTests + (json.numFailedTestSuites ?? 0)
  if (json.numTotalTests === 0) {
    console.log('✗ vitest ran no test')
    failed++
  }
} else {
  console.log('✗ vitest wrote no report')
  failed++
}

console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
