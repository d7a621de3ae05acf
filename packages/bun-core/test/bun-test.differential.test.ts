/**
 * `bun test` against the real Bun: every case of `corpus/test/cases.ts` runs
 * under the real Bun (npm `bun`) and in a Vitamin-Bun container (the Node
 * host), in directories with the same absolute path. Stdout, stderr, the
 * exit code and the files left behind (snapshot files byte for byte,
 * rewritten sources, JUnit reports) must be identical once timings are
 * normalised: the duration Bun prints after a result line (only when it
 * exceeds 10 µs, so its presence varies too), the run time, and the
 * `time`/`hostname` attributes of JUnit reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DifferentialRunner, startRunner } from '../../../test/support/differential.js'
import { TEST_CORPUS } from './corpus/test/cases.js'

let runner: DifferentialRunner

beforeAll(async () => {
  runner = await startRunner()
}, 60_000)

afterAll(async () => {
  await runner?.close()
})

const RESULT_LINE = /^(\((pass|fail|skip|todo)\) |\x1b\[0m\x1b\[3\dm[✓✗»✎])/

/** Timings out: durations after result lines dropped, other `[1.23ms]`/`[1.23s]` replaced. */
function normaliseTimings(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      RESULT_LINE.test(line)
        ? line
            .replace(/ \[\d+(?:\.\d+)?m?s\]$/, '')
            .replace(/ (\x1b\[\d+m)+\[(\x1b\[\d+m)*\d+(?:\.\d+)?m?s(\x1b\[\d+m)+\](\x1b\[\d+m)*$/, '')
        : line,
    )
    .join('\n')
    .replace(/\[(\x1b\[\d+m)*\d+(?:\.\d+)?m?s/g, '[T')
}

function normaliseFile(name: string, contents: string | null): string | null {
  if (contents === null || !name.endsWith('.xml')) return contents
  return contents.replace(/ time="[^"]*"/g, ' time="T"').replace(/ hostname="[^"]*"/g, ' hostname="H"')
}

describe('bun test matches the real Bun', () => {
  for (const c of TEST_CORPUS) {
    it(c.name, async () => {
      const [real, ours] = await runner.both({ ...c, args: c.args ?? ['test'] })
      const differs = c.differs ?? {}
      if (!differs.stdout) expect(ours.stdout, 'stdout').toBe(real.stdout)
      const columnless = (text: string) =>
        differs.positions ? text.replace(/^ *\^\n/gm, '').replace(/:(\d+):\d+\b/g, ':$1') : text
      if (!differs.stderr)
        expect(columnless(normaliseTimings(ours.stderr)), 'stderr').toBe(columnless(normaliseTimings(real.stderr)))
      if (!differs.exitCode) expect(ours.exitCode, 'exit code').toBe(real.exitCode)
      if (!differs.files) {
        const files = (outcome: typeof real) =>
          Object.fromEntries(Object.entries(outcome.files).map(([name, body]) => [name, normaliseFile(name, body)]))
        expect(files(ours), 'files').toEqual(files(real))
      }
    }, 60_000)
  }
})
