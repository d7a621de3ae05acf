/**
 * A page for end-to-end tests of the built SDK in real Chromium: the page
 * script and the runtime worker bundled by esbuild (as an embedder would),
 * served on localhost under `/isolated/` (with COOP/COEP, so
 * SharedArrayBuffer works) and `/plain/` (without them).
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'

import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'

import { build } from 'esbuild'

const root = join(import.meta.dirname, '../../../..')

export interface PageServer {
  /** Base URL, ending with `/`; pages are `${url}isolated/` and `${url}plain/`. */
  url: string
  close(): Promise<void>
}

/** Bundles `page` (a module that sets globals for the test to call) and the worker, and serves them. */
export async function startPageServer(page: string): Promise<PageServer> {
  const result = await build({
    entryPoints: {
      page,
      'vitamin-bun.worker': join(root, 'packages/browser-runtime/src/browser/worker.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    keepNames: true,
    outdir: '/',
    write: false,
    logLevel: 'silent',
  })
  const files = new Map(result.outputFiles.map((f) => [f.path, f.contents]))
  // The transpiler's WebAssembly, next to the worker script (where the runtime looks for it).
  const require = createRequire(import.meta.url)
  files.set('/esbuild.wasm', readFileSync(require.resolve('esbuild-wasm/esbuild.wasm')))
  files.set('/sqlite3.wasm', readFileSync(join(dirname(require.resolve('@sqlite.org/sqlite-wasm')), 'sqlite3.wasm')))
  files.set(
    '/index.html',
    new TextEncoder().encode('<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>'),
  )
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const [, mode, ...rest] = url.pathname.split('/')
    const body = files.get(`/${rest.join('/') || 'index.html'}`)
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' }
    if (mode === 'isolated') {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin'
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp'
    }
    if (body === undefined || (mode !== 'isolated' && mode !== 'plain')) {
      res.writeHead(404, headers).end('not found')
      return
    }
    headers['Content-Type'] = url.pathname.endsWith('.js')
      ? 'text/javascript'
      : url.pathname.endsWith('.wasm')
        ? 'application/wasm'
        : 'text/html; charset=utf-8'
    res.writeHead(200, headers).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
