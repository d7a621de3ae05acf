/**
 * `bun run` in real Chromium, through the SDK, with and without cross-origin
 * isolation: the corpus cases marked `browser` run in a page's container and
 * under the real Bun (in a directory with the same path); stdout, stderr and
 * the exit code must be identical (or differ only as the case says).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs helper shared with the scripts
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs'
import { type PageServer, startPageServer } from '../../sdk/test/support/page-server.js'
import { RUN_CORPUS } from './corpus/run.js'
import { runRealBun } from './support/real-bun.js'

const ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root', NO_COLOR: '1', TERM: 'dumb' }

let server: PageServer
let browser: Browser
const pages = new Map<string, Page>()

beforeAll(async () => {
  server = await startPageServer(join(import.meta.dirname, 'support/run-page.ts'))
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function pageFor(mode: 'isolated' | 'plain'): Promise<Page> {
  let page = pages.get(mode)
  if (!page) {
    page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}${mode}/`)
    await page.waitForFunction(() => 'runBun' in globalThis)
    pages.set(mode, page)
  }
  return page
}

const cases = RUN_CORPUS.filter((c) => c.browser)

describe.each(['isolated', 'plain'] as const)('bun run in Chromium (%s)', (mode) => {
  it('runs processes as the isolation allows', async () => {
    const page = await pageFor(mode)
    expect(await page.evaluate(() => (globalThis as unknown as { processes(): Promise<string> }).processes())).toBe(
      mode === 'isolated' ? 'workers' : 'inline',
    )
  })
  for (const c of cases) {
    it(c.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vb-chromium-'))
      try {
        const files: Record<string, string> = {}
        for (const [name, text] of Object.entries(c.files)) {
          if (text === null) continue
          files[name] = text
          mkdirSync(dirname(join(dir, name)), { recursive: true })
          writeFileSync(join(dir, name), text)
        }
        const args = c.args ?? ['run', 'index.ts']
        const real = runRealBun(args, { cwd: dir, env: { ...ENV, ...c.env } })
        const page = await pageFor(mode)
        const ours = await page.evaluate(
          ([d, f, a, e]) =>
            (
              globalThis as unknown as {
                runBun(...x: unknown[]): Promise<{ stdout: string; stderr: string; exitCode: number }>
              }
            ).runBun(d, f, a, e),
          [dir, files, args, { ...ENV, ...c.env }] as const,
        )
        if (!c.differs?.stdout) expect(ours.stdout, `stdout (our stderr: ${ours.stderr})`).toBe(real.stdout)

        if (!c.differs?.stderr && !c.differs?.positions) expect(ours.stderr, 'stderr').toBe(real.stderr)
        if (!c.differs?.exitCode) expect(ours.exitCode, 'exit code').toBe(real.exitCode)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }, 60_000)
  }
})
