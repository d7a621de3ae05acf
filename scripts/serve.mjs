#!/usr/bin/env node
import { readFile } from 'node:fs/promises'
// `npm start`: serves the playground on http://localhost:$PORT (default 8080),
// cross-origin isolated (COOP same-origin + COEP require-corp) so
// SharedArrayBuffer works; `?coi=0` serves the same page without those two
// headers, to try the non-isolated fallback. Scripts are bundled from the
// packages' TypeScript sources by esbuild on each page load.
import { createServer } from 'node:http'
import { createRequire } from 'node:module'

import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const site = join(root, 'examples/playground')
export const DEFAULT_PORT = 8080

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
}

/** Entry points bundled for the browser: URL path → source file. */
const ENTRIES = {
  '/main.js': 'src/main.ts',
  // One file serves as the kernel worker and as every process worker.
  '/vitamin-bun.worker.js': '../../packages/browser-runtime/src/browser/worker.ts',
}

/** The WebAssembly engines the worker fetches next to its script (see @aspect-build/bun-wasm). */
const require = createRequire(import.meta.url)
const ENGINES = {
  '/esbuild.wasm': require.resolve('esbuild-wasm/esbuild.wasm'),
  '/sqlite3.wasm': join(dirname(require.resolve('@sqlite.org/sqlite-wasm')), 'sqlite3.wasm'),
}

/** Starts the playground server; resolves with its URL and a close function. */
export async function startServer({ port = DEFAULT_PORT, host = '127.0.0.1', quiet = false } = {}) {
  const context = await esbuild.context({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([url, file]) => [url.slice(1, -3), join(site, file)])),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    // The Bun runtime's classes print by name (`Timeout (#2)`, `Module {…}`).
    keepNames: true,
    sourcemap: 'linked',
    write: false,
    outdir: '/',
    logLevel: 'silent',
  })
  let built = null
  const build = async () => {
    const result = await context.rebuild()
    built = new Map(result.outputFiles.map((f) => [f.path, f.contents]))
  }
  await build()

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const isolated = url.searchParams.get('coi') !== '0'
    const headers = { 'Cache-Control': 'no-store', 'Cross-Origin-Resource-Policy': 'same-origin' }
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin'
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp'
    }
    try {
      const path = url.pathname === '/' ? '/index.html' : url.pathname
      if (path === '/index.html') await build()
      let body = built.get(path) ?? (ENGINES[path] ? await readFile(ENGINES[path]) : undefined)
      if (body === undefined) {
        const file = normalize(join(site, path))
        if (!file.startsWith(site)) throw Object.assign(new Error('outside the site'), { code: 'ENOENT' })
        body = await readFile(file)
      }
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' })
      res.end(body)
    } catch (error) {
      const status = error?.code === 'ENOENT' || error?.code === 'EISDIR' ? 404 : 500
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(status === 404 ? 'Not found\n' : `Build or read failed:\n${error?.message ?? error}\n`)
    }
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const address = server.address()
  const url = `http://localhost:${address.port}/`
  if (!quiet) {
    console.log(`Vitamin-Bun playground: ${url}  (cross-origin isolated)`)
    console.log(`Without isolation:      ${url}?coi=0`)
  }
  return {
    url,
    port: address.port,
    close: async () => {
      await new Promise((resolve) => server.close(resolve))
      await context.dispose()
    },
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number (0-65535), got "${process.env.PORT}"`)
    process.exit(1)
  }
  startServer({ port }).catch((error) => {
    console.error(error.code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another port.` : error)
    process.exit(1)
  })
}
