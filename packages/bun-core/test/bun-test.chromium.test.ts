/**
 * `bun test` in real Chromium, through the SDK (as the playground runs it),
 * with and without cross-origin isolation: the corpus cases marked `browser`
 * run in a page's container and under the real Bun (in a directory with the
 * same path); stdout, stderr (timings normalised) and the exit code must be
 * identical.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs helper shared with the scripts
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs'
import { type PageServer, startPageServer } from '../../sdk/test/support/page-server.js'
import { TEST_CORPUS } from './corpus/test/cases.js'
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
    await page.goto(`${server.url}${mode}/`)
    await page.waitForFunction(() => 'runBun' in globalThis)
    pages.set(mode, page)
  }
  return page
}

/** Durations after result lines dropped (their presence varies), other times replaced. */
function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^\((pass|fail|skip|todo)\) /.test(line) ? line.replace(/ \[\d+(?:\.\d+)?m?s\]$/, '') : line))
    .join('\n')
    .replace(/\[\d+(?:\.\d+)?m?s\]/g, '[T]')
}

const cases = TEST_CORPUS.filter((c) => c.browser)

describe.each(['isolated', 'plain'] as const)('bun test in Chromium (%s)', (mode) => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vb-chromium-test-'))
      try {
        const files: Record<string, string> = {}
        for (const [name, text] of Object.entries(c.files)) {
          if (text === null) continue
          files[name] = text
          mkdirSync(dirname(join(dir, name)), { recursive: true })
          writeFileSync(join(dir, name), text)
        }
        const args = c.args ?? ['test']
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
        expect(ours.stdout, `stdout (our stderr: ${ours.stderr})`).toBe(real.stdout)
        expect(normalise(ours.stderr), 'stderr').toBe(normalise(real.stderr))
        expect(ours.exitCode, 'exit code').toBe(real.exitCode)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }, 60_000)
  }
})
