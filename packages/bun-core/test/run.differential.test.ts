/**
 * `bun run` against the real Bun: every case of the corpus (`corpus/run.ts`)
 * runs under the real Bun (npm `bun`) and in a Vitamin-Bun container (the
 * Node host), in directories with the same absolute path. Standard output,
 * standard error, the exit code and the files left behind must be identical,
 * except the parts a case lists under `differs` (each with its reason).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DifferentialRunner, startRunner } from '../../../test/support/differential.js'
import { RUN_CORPUS } from './corpus/run.js'

let runner: DifferentialRunner

beforeAll(async () => {
  runner = await startRunner()
}, 60_000)

afterAll(async () => {
  await runner?.close()
})

describe('bun run matches the real Bun', () => {
  for (const c of RUN_CORPUS) {
    it(c.name, async () => {
      const [real, ours] = await runner.both(c)
      const differs = c.differs ?? {}
      if (!differs.stdout) expect(ours.stdout, 'stdout').toBe(real.stdout)
      const columnless = (text: string) =>
        differs.positions ? text.replace(/^ *\^\n/gm, '').replace(/:(\d+):\d+\b/g, ':$1') : text
      if (!differs.stderr) expect(columnless(ours.stderr), 'stderr').toBe(columnless(real.stderr))

      if (!differs.exitCode) expect(ours.exitCode, 'exit code').toBe(real.exitCode)
      if (!differs.files) expect(ours.files, 'files').toEqual(real.files)
    }, 60_000)
  }
})
