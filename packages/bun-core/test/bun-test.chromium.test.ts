/**
 * `bun test` in real Chromium, through the SDK (as the playground runs it),
 * with and without cross-origin isolation: the corpus cases marked `browser`
 * run in a page's container and under the real Bun (in a directory with the
 * same path); stdout, stderr (timings normalised) and the exit code must be
 * identical.
 */
import { describe, expect, it } from 'vitest'
import { TEST_CORPUS } from './corpus/test/cases.js'
import { useChromiumBun } from './support/chromium-bun.js'

const chromiumBun = useChromiumBun()

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
      const { real, ours } = await chromiumBun.compare(mode, c.files, c.args ?? ['test'], c.env)
      expect(ours.stdout, `stdout (our stderr: ${ours.stderr})`).toBe(real.stdout)
      expect(normalise(ours.stderr), 'stderr').toBe(normalise(real.stderr))
      expect(ours.exitCode, 'exit code').toBe(real.exitCode)
    }, 60_000)
  }
})
