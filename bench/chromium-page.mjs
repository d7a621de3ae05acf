// Runs a bench function in real Chromium pages through the browser SDK, as an embedder would:
// the page script is bundled from `source` (which sets `globalThis.bench`), and served with the
// runtime's shipped worker files (`packages/browser-runtime/dist/browser`), with cross-origin
// isolation (processes in workers) and without (processes inline).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(root, 'packages/browser-runtime/dist/browser')

/**
 * Calls `globalThis.bench(...args)` in a page per mode; resolves with each mode's result.
 * `source` is an ES module that may import `@aspect-build/sdk/browser`.
 */
export async function runInChromium(source, args, modes = ['isolated', 'plain']) {
  const page = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  })
  const files = {
    '/page.js': page.outputFiles[0].contents,
    '/vitamin-bun.worker.js': readFileSync(join(DIST, 'vitamin-bun.worker.js')),
    '/esbuild.wasm': readFileSync(join(DIST, 'esbuild.wasm')),
    '/sqlite3.wasm': readFileSync(join(DIST, 'sqlite3.wasm')),
    '/': '<!doctype html><script type="module" src="page.js"></script>',
  }
  const server = createServer((req, res) => {
    const [, mode, ...rest] = new URL(req.url, 'http://x').pathname.split('/')
    const path = `/${rest.join('/')}`
    const body = files[path]
    const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.wasm') ? 'application/wasm' : 'text/html'
    const headers = { 'Content-Type': type }
    if (mode === 'isolated') {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin'
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp'
    }
    res.writeHead(body === undefined ? 404 : 200, headers).end(body ?? '')
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const results = {}
  try {
    for (const mode of modes) {
      const tab = await browser.newPage()
      await tab.goto(`http://localhost:${server.address().port}/${mode}/`)
      await tab.waitForFunction(() => 'bench' in globalThis)
      results[mode] = await tab.evaluate((a) => globalThis.bench(...a), args)
      await tab.close()
    }
  } finally {
    await browser.close()
    server.close()
  }
  return results
}
