// The bundled SDK in real Chromium, on a page with and without cross-origin isolation:
// without it, processes run inline in the kernel worker, and asking for workers fails
// with an error naming COOP/COEP.
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs helper shared with the scripts
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs'
import { type PageServer, startPageServer } from './support/page-server.js'

let server: PageServer
let browser: Browser

beforeAll(async () => {
  server = await startPageServer(join(import.meta.dirname, 'support/e2e-page.ts'))
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the SDK bundled with esbuild, in Chromium', () => {
  for (const isolated of [true, false]) {
    it(`works ${isolated ? 'with' : 'without'} cross-origin isolation`, async () => {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(`${server.url}${isolated ? 'isolated' : 'plain'}/`)
      await page.waitForFunction(() => 'scenario' in globalThis)
      const report = await page.evaluate(() => (globalThis as unknown as { scenario(): Promise<unknown> }).scenario())
      expect(report).toMatchObject({
        isolated,
        processes: isolated ? 'workers' : 'inline',
        exec: { exitCode: 4, stdout: 'piped\nfrom files\n', stderr: 'oops\n' },
        firstChunk: 'ready\n',
        killed: 137,
        catB: 'via fs',
        afterDestroy: 'ERR_CONTAINER_DESTROYED',
      })
      const forced = (report as { forcedWorkers: Record<string, string> }).forcedWorkers
      if (isolated) expect(forced).toEqual({ ok: 'worker mode\n' })
      else {
        expect(forced).toMatchObject({ code: 'ENOTSUP', syscall: 'boot' })
        expect(forced.message).toContain("'Cross-Origin-Opener-Policy: same-origin'")
        expect(forced.message).toContain("'Cross-Origin-Embedder-Policy: require-corp'")
      }
      expect(errors).toEqual([])
      await page.close()
    })
  }
})
