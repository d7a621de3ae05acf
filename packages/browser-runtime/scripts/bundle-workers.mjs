#!/usr/bin/env node
// Bundles the runtime worker script, after `tsc -b` built dist/, into one minified ES
// module per platform (identifiers kept, whitespace and syntax minified):
//   dist/browser/vitamin-bun.worker.js  for embedders to serve (export ./vitamin-bun.worker.js)
//   dist/node/worker.bundle.js          loaded by the Node host instead of dist/node/worker.js
// One file loads in a fraction of the time of the ~50 modules it replaces, and every
// process is a fresh worker that loads it.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { stripRedundantNames } from './strip-names.mjs'

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist')
for (const entry of ['browser/worker.js', 'node/worker.js']) {
  if (!existsSync(join(dist, entry))) {
    console.error(`bundle-workers: ${join(dist, entry)} is missing; build with tsc -b first`)
    process.exit(1)
  }
}
// Names: programs see the runtime's functions and classes (`Bun.inspect` prints `Timeout (#2)`,
// `Buffer.from.name` is "from"). So identifiers are not minified, and keepNames restores the
// names the bundler changes (two modules' top-level `Buffer` become `Buffer` and `Buffer31`);
// `stripRedundantNames` then drops its `__name` calls where the engine names the function
// anyway: one `Object.defineProperty` per closure otherwise (see strip-names.mjs).
const common = {
  bundle: true,
  format: 'esm',
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  sourcemap: 'linked',
  target: 'es2022',
  logLevel: 'warning',
  write: false,
}

/** Builds one bundle and writes it (and its map) with the redundant `__name` calls removed. */
async function bundle(options) {
  const result = await build({ ...common, ...options })
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.js')) {
      const { code } = stripRedundantNames(file.text)
      writeFileSync(file.path, code)
    } else writeFileSync(file.path, file.contents)
  }
}

await bundle({
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

await bundle({
  entryPoints: [join(dist, 'node/worker.js')],
  // Bundled as for browsers, so the Bun runtime is the same code on both hosts (with platform 'node',
  // esbuild would leave `events`, `buffer`, `stream` … to the host's own Node modules). Only the
  // Node host's own `node:` imports stay external.
  platform: 'browser',
  external: ['node:*'],
  outfile: join(dist, 'node/worker.bundle.js'),
})
