// The playground as a person uses it, in real Chromium, with and without cross-origin isolation:
// typing into the terminal, watching the file tree follow, editing a file, switching storage.
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: plain .mjs scripts
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs'
// @ts-expect-error: plain .mjs scripts
import { startServer } from '../scripts/serve.mjs'

let server: { url: string; close(): Promise<void> }
let browser: Browser

beforeAll(async () => {
  server = await startServer({ port: 0, quiet: true })
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }) // fresh temporary profile
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function open(page: Page, query: string): Promise<string[]> {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${server.url}${query}`)
  await page.waitForFunction(() => window.vitaminBun?.container !== undefined, null, { timeout: 30_000 })
  await expect.poll(() => terminal(page), { timeout: 15_000 }).toContain('$ ')
  return errors
}

async function terminal(page: Page): Promise<string> {
  return (await page.evaluate(() => window.vitaminBun.terminalText())).join('\n')
}

/** Types a line into the terminal as keystrokes, then Enter. */
async function type(page: Page, line: string): Promise<void> {
  await page.click('#terminal')
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

async function treeNames(page: Page): Promise<string[]> {
  return (await page.locator('#tree li').allTextContents()).map((n) => n.trim())
}

describe('playground', () => {
  for (const isolated of [true, false]) {
    it(`runs a shell in the terminal and edits files ${isolated ? 'cross-origin isolated' : 'without isolation (?coi=0)'}`, async () => {
      const page = await browser.newPage()
      const response = page.waitForResponse(
        (r) => r.url().startsWith(server.url) && r.request().resourceType() === 'document',
      )
      const errors = await open(page, isolated ? '' : '?coi=0')
      const headers = (await response).headers()
      expect(headers['cross-origin-opener-policy']).toBe(isolated ? 'same-origin' : undefined)
      expect(headers['cross-origin-embedder-policy']).toBe(isolated ? 'require-corp' : undefined)
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated)
      expect(await page.evaluate(() => window.vitaminBun.container.processes)).toBe(isolated ? 'workers' : 'inline')

      // The seeded project is listed and index.ts is open in the editor.
      await expect
        .poll(() => treeNames(page))
        .toEqual(['README.md', 'index.ts', 'package.json', '▸ src', 'math.test.ts', 'math.ts'])
      expect(await page.locator('#editor').inputValue()).toContain('Hello from Bun-in-browser!')

      // A command typed in the terminal writes a file; the tree follows.
      await type(page, 'echo hello from the shell > made.txt && ls')
      await expect.poll(() => terminal(page)).toMatch(/README\.md\s+index\.ts\s+made\.txt/)
      await expect.poll(() => treeNames(page)).toContain('made.txt')

      // The editor changes it; the shell sees the change.
      await page.locator('#tree li', { hasText: 'made.txt' }).click()
      await expect.poll(() => page.locator('#editor').inputValue()).toBe('hello from the shell\n')
      await page.fill('#editor', 'edited in the browser\n')
      await page.click('#save')
      await expect
        .poll(() => page.locator('#status').textContent())
        .toContain('saved /home/project/made.txt (22 bytes)')
      await type(page, 'cat made.txt | wc -c')
      await expect.poll(() => terminal(page)).toMatch(/cat made\.txt \| wc -c\s*\n22\n/)

      // Bun itself: a TypeScript file, a package.json script, an uncaught error with its source line.
      await type(page, 'bun run index.ts')
      await expect
        .poll(() => terminal(page), { timeout: 30_000 })
        .toMatch(/\$ bun run index\.ts\s*\nHello from Bun-in-browser!\n/)
      await type(page, 'bun run start')
      await expect
        .poll(() => terminal(page), { timeout: 30_000 })
        .toMatch(/\$ bun run start\s*\n\$ bun run index\.ts\s*\nHello from Bun-in-browser!\n\$ $/m)

      // bun test with Bun's terminal reporter (✓ lines in a TTY), then a failing run's exit code.
      await type(page, 'bun test')
      await expect
        .poll(() => terminal(page), { timeout: 30_000 })
        .toMatch(
          /\$ bun test\s*\nbun test v1\.4\.5[^\n]*\n\s*\nsrc\/math\.test\.ts:\n✓ add[^\n]*\n\s*\n 1 pass\n 0 fail\n 1 expect\(\) calls\nRan 1 test across 1 file\./,
        )
      await type(page, 'bun test -t nomatch || echo the run failed')
      await expect
        .poll(() => terminal(page), { timeout: 30_000 })
        .toMatch(
          /error: regex "nomatch" matched 0 tests\. Searched 1 file \(skipping 1 test\) \[[\d.]+m?s\]\nthe run failed\n/,
        )
      await type(page, `bun -e 'const x: number = 2; console.log({ x, list: [x, "two"] })'`)
      await expect
        .poll(() => terminal(page), { timeout: 30_000 })
        .toMatch(/\{\s*\n\s+x: 2,\s*\n\s+list: \[ 2, "two" \],\s*\n\}/)
      await type(page, `bun -e 'throw new TypeError("from the terminal")'`)
      await expect
        .poll(() => terminal(page), { timeout: 30_000 })
        .toMatch(/TypeError: from the terminal[\s\S]*Bun v1\.4\.5 \(Linux x64\)/)

      // Bun's message for an unknown command; Ctrl-C stops a running command and a new shell takes over.

      await type(page, 'nope')
      await expect.poll(() => terminal(page)).toContain('bun: command not found: nope')
      await type(page, 'sleep 60')
      await page.keyboard.press('Control+C')
      await expect.poll(() => terminal(page)).toContain('[sh exited with 130; new shell]')
      await type(page, 'pwd')
      await expect.poll(() => terminal(page)).toMatch(/\$ pwd\s*\n\/home\/project\n/)

      if (isolated) await page.screenshot({ path: join(process.cwd(), '.cache/playground.png') })
      expect(errors).toEqual([])
      await page.close()
    }, 90_000)
  }

  for (const storage of ['indexeddb', 'opfs']) {
    it(`keeps the project across a reload with ${storage} storage`, async () => {
      const context = await browser.newContext()
      const page = await context.newPage()
      await open(page, `?storage=${storage}`)
      expect(await page.evaluate(() => window.vitaminBun.storage)).toBe(storage)
      await type(page, `echo kept > kept-${storage}.txt`)
      await expect.poll(() => treeNames(page)).toContain(`kept-${storage}.txt`)
      // Let the write-back happen as a user would: by time passing, then reload.
      await page.waitForTimeout(500)
      await page.reload()
      await page.waitForFunction(() => window.vitaminBun?.container !== undefined, null, { timeout: 30_000 })
      await expect.poll(() => treeNames(page)).toContain(`kept-${storage}.txt`)
      // The shell's prompt first: a line typed before it would be echoed ahead of the prompt.
      await expect.poll(() => terminal(page), { timeout: 15_000 }).toContain('$ ')

      await type(page, `cat kept-${storage}.txt`)
      await expect.poll(() => terminal(page)).toMatch(/\nkept\n/)
      await context.close()
    }, 90_000)
  }
})

declare global {
  interface Window {
    vitaminBun: {
      container: { processes: string }
      storage: string
      terminalText(): string[]
    }
  }
}
