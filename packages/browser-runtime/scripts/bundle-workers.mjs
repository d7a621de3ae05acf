#!/usr/bin/env node
// Bundles the runtime worker script, after `tsc -b` built dist/, into one minified ES
// module per platform:
//   dist/browser/vitamin-bun.worker.js  for embedders to serve (export ./vitamin-bun.worker.js)
//   dist/node/worker.bundle.js          loaded by the Node host instead of dist/node/worker.js
// One file loads in a fraction of the time of the ~50 modules it replaces, and every
// process is a fresh worker that loads it.
import { copyFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist')
for (const entry of ['browser/worker.js', 'node/worker.js']) {
  if (!existsSync(join(dist, entry))) {
    console.error(`bundle-workers: ${join(dist, entry)} is missing; build with tsc -b first`)
    process.exit(1)
  }
}
// keepNames: programs see the runtime's classes (Bun.inspect prints `Timeout (#2)`, `Module {…}`).
const common = {
  bundle: true,
  format: 'esm',
  minify: true,
  keepNames: true,
  sourcemap: 'linked',
  target: 'es2022',
  logLevel: 'warning',
}
await build({
  ...common,
  entryPoints: [join(dist, 'browser/worker.js')],
  platform: 'browser',
  outfile: join(dist, 'browser/vitamin-bun.worker.js'),
})
// The engines a browser worker fetches next to its script (see @aspect-build/bun-wasm).
const require = createRequire(import.meta.url)
copyFileSync(require.resolve('esbuild-wasm/esbuild.wasm'), join(dist, 'browser/esbuild.wasm'))
const sqliteDir = dirname(
  createRequire(require.resolve('@aspect-build/bun-wasm/sqlite')).resolve('@sqlite.org/sqlite-wasm'),
)
copyFileSync(join(sqliteDir, 'sqlite3.wasm'), join(dist, 'browser/sqlite3.wasm'))

await build({
  ...common,
  entryPoints: [join(dist, 'node/worker.js')],
  // Bundled as for browsers, so the Bun runtime is the same code on both hosts (with platform 'node',
  // esbuild would leave `events`, `buffer`, `stream` … to the host's own Node modules). Only the
  // Node host's own `node:` imports stay external.
  platform: 'browser',
  external: ['node:*'],
  outfile: join(dist, 'node/worker.bundle.js'),
})
