/**
 * The runtime worker script, bundled from the TypeScript sources for tests
 * (plain Node cannot load the sources a worker would import). The published
 * package needs none of this: its `dist/node/worker.js` is the default.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '../../../..')
let bundled: Promise<string> | null = null

/** Bundles `@aspect-build/browser-runtime/node/worker` once per test process; resolves with its file URL. */
export function nodeWorkerUrl(): Promise<string> {
  bundled ??= (async () => {
    const dir = join(root, '.cache/sdk-tests')
    mkdirSync(dir, { recursive: true })
    const outfile = join(dir, `node-worker-${process.pid}.mjs`)
    await build({
      entryPoints: [join(root, 'packages/browser-runtime/src/node/worker.ts')],
      bundle: true,
      // As the published bundle is made (browser-runtime/scripts/bundle-workers.mjs): packages'
      // browser builds, only the Node host's own `node:` imports external, names kept.
      platform: 'browser',
      external: ['node:*'],
      keepNames: true,
      format: 'esm',
      target: 'es2022',
      conditions: ['source'],
      outfile,
      logLevel: 'silent',
    })
    return pathToFileURL(outfile).href
  })()
  return bundled
}
