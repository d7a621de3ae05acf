/**
 * `bun run` in real Chromium, through the SDK, with and without cross-origin
 * isolation: the corpus cases marked `browser` run in a page's container and
 * under the real Bun (in a directory with the same path); stdout, stderr and
 * the exit code must be identical (or differ only as the case says).
 */
import { describe, expect, it } from 'vitest'
import { RUN_CORPUS } from './corpus/run.js'
import { useChromiumBun } from './support/chromium-bun.js'

const chromiumBun = useChromiumBun()

const cases = RUN_CORPUS.filter((c) => c.browser)

describe.each(['isolated', 'plain'] as const)('bun run in Chromium (%s)', (mode) => {
  it('runs processes as the isolation allows', async () => {
    const page = await chromiumBun.page(mode)
    expect(await page.evaluate(() => (globalThis as unknown as { processes(): Promise<string> }).processes())).toBe(
      mode === 'isolated' ? 'workers' : 'inline',
    )
  })
  for (const c of cases) {
    it(c.name, async () => {
      const { real, ours } = await chromiumBun.compare(mode, c.files, c.args ?? ['run', 'index.ts'], c.env)
      if (!c.differs?.stdout) expect(ours.stdout, `stdout (our stderr: ${ours.stderr})`).toBe(real.stdout)
      if (!c.differs?.stderr && !c.differs?.positions) expect(ours.stderr, 'stderr').toBe(real.stderr)
      if (!c.differs?.exitCode) expect(ours.exitCode, 'exit code').toBe(real.exitCode)
    }, 60_000)
  }
})
