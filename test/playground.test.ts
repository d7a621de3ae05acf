// The playground as a person uses it, in real Chromium, with and without cross-origin isolation.
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: plain .mjs scripts
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs'
// @ts-expect-error: plain .mjs scripts
import { startServer } from '../scripts/serve.mjs'

let server: { url: string; close(): Promise<void> }
let browser: Browser

beforeAll(async () => {
  server = await startServer({ port: 0, quiet: true })
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }) // a fresh temporary profile per launch
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('playground', () => {
  for (const isolated of [true, false]) {
    it(`serves ${isolated ? 'with' : 'without (?coi=0)'} COOP/COEP and edits files in the VFS`, async () => {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      const response = await page.goto(isolated ? server.url : `${server.url}?coi=0`)
      const headers = response?.headers() ?? {}
      expect(headers['cross-origin-opener-policy']).toBe(isolated ? 'same-origin' : undefined)
      expect(headers['cross-origin-embedder-policy']).toBe(isolated ? 'require-corp' : undefined)
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated)
      expect(await page.evaluate(() => typeof SharedArrayBuffer === 'function')).toBe(isolated)
      await expect
        .poll(() => page.locator('#isolation').textContent())
        .toContain(isolated ? 'isolated' : 'not isolated')

      // The seeded project is listed and index.ts is open in the editor.
      const names = await page.locator('#tree li').allTextContents()
      expect(names.map((n) => n.trim())).toEqual(['README.md', 'index.ts', 'package.json', '▸ src', 'math.ts'])
      expect(await page.locator('#editor').inputValue()).toContain('Hello from Bun-in-browser!')

      // Create a file through the UI (the name comes from a prompt), type into it and save.
      page.once('dialog', (d) => d.accept('notes.txt'))
      await page.click('#new-file')
      await page.locator('#tree li', { hasText: 'notes.txt' }).click()
      await page.fill('#editor', 'written in the browser')
      await page.click('#save')
      await expect
        .poll(() => page.locator('#status').textContent())
        .toContain('saved /home/project/notes.txt (22 bytes)')
      const text = await page.evaluate(() => window.vitaminBun.vfs.readFile('/home/project/notes.txt', 'utf8'))
      expect(text).toBe('written in the browser')

      // A bad name shows the filesystem's error instead of breaking the page.
      page.once('dialog', (d) => d.accept('notes.txt'))
      await page.click('#new-file')
      await expect.poll(() => page.locator('#status').textContent()).toContain('EEXIST: file already exists, open')

      if (isolated) await page.screenshot({ path: join(process.cwd(), '.cache/playground.png') })
      expect(errors).toEqual([])
      await page.close()
    })
  }
})

declare global {
  interface Window {
    vitaminBun: { vfs: import('@aspect-build/virtual-fs').Vfs }
  }
}
