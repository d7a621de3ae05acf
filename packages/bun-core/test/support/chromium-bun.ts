/**
 * The Chromium differential suites' shared half: a page server for
 * `run-page.ts`, one Chromium, one page per isolation mode, and `compare()`,
 * which writes a case's files to a fresh directory, runs `bun` there with the
 * real Bun and in the page's container (at the same path), and returns both.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
// @ts-expect-error: a plain .mjs helper shared with the scripts
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../../scripts/chromium.mjs'
import { type PageServer, startPageServer } from '../../../sdk/test/support/page-server.js'
import { runRealBun } from './real-bun.js'

export const CHROMIUM_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root', NO_COLOR: '1', TERM: 'dumb' }

export type Mode = 'isolated' | 'plain'

export interface Outcome {
  stdout: string
  stderr: string
  exitCode: number
}

export interface ChromiumBun {
  /** The page of a mode (loaded once, then reused). */
  page(mode: Mode): Promise<Page>
  /** Runs `bun args` on `files` under the real Bun and in the page of `mode`. */
  compare(
    mode: Mode,
    files: Record<string, string | null>,
    args: string[],
    env?: Record<string, string>,
  ): Promise<{ real: Outcome; ours: Outcome }>
}

/** Registers the suite's beforeAll/afterAll; call at the top of a test file. */
export function useChromiumBun(): ChromiumBun {
  let server: PageServer
  let browser: Browser
  const pages = new Map<Mode, Page>()

  beforeAll(async () => {
    server = await startPageServer(join(import.meta.dirname, 'run-page.ts'))
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const page = async (mode: Mode): Promise<Page> => {
    let found = pages.get(mode)
    if (!found) {
      found = await browser.newPage()
      await found.goto(`${server.url}${mode}/`)
      await found.waitForFunction(() => 'runBun' in globalThis)
      pages.set(mode, found)
    }
    return found
  }

  const compare: ChromiumBun['compare'] = async (mode, given, args, extraEnv = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'vb-chromium-'))
    try {
      const files: Record<string, string> = {}
      for (const [name, text] of Object.entries(given)) {
        if (text === null) continue
        files[name] = text
        mkdirSync(dirname(join(dir, name)), { recursive: true })
        writeFileSync(join(dir, name), text)
      }
      const env = { ...CHROMIUM_ENV, ...extraEnv }
      const real = runRealBun(args, { cwd: dir, env })
      const ours = await (await page(mode)).evaluate(
        ([d, f, a, e]) => (globalThis as unknown as { runBun(...x: unknown[]): Promise<Outcome> }).runBun(d, f, a, e),
        [dir, files, args, env] as const,
      )
      return { real, ours }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  return { page, compare }
}
