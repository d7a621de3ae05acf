// The container behaviour suite on the Node host, with processes in workers and inline.
import { createBunContainer } from '@aspect-build/sdk/node'
import { describe, expect, it } from 'vitest'
import { containerSuite } from './support/container-suite.js'
import { nodeWorkerUrl } from './support/worker-bundle.js'

for (const processes of ['workers', 'inline'] as const) {
  containerSuite(`Node host, processes: ${processes}`, async (options) => {
    const defaults = { workerUrl: await nodeWorkerUrl(), processes }
    // Anything but an options object goes through as it is, for the validation tests.
    if (options === undefined) return createBunContainer(defaults)
    return createBunContainer(typeof options === 'object' && options !== null ? { ...defaults, ...options } : options)
  })
}

describe('Node host', () => {
  it('runs processes in workers by default', async () => {
    const c = await createBunContainer({ workerUrl: await nodeWorkerUrl() })
    expect(c.processes).toBe('workers')
    await c.destroy()
  })

  it('has no browser persistence, and says so', async () => {
    const workerUrl = await nodeWorkerUrl()
    await expect(createBunContainer({ workerUrl, persistence: 'indexeddb' })).rejects.toThrow(
      "createBunContainer(): persistence 'indexeddb' is not available in the Node host",
    )
  })

  it('runs code again from its code cache with the same output, and never runs stale code', async () => {
    // Modules of 2 KB and more get a code cache (smaller ones compile from source): these are larger.
    const passing = Array.from(
      { length: 100 },
      (_, i) => `test('doubles ${i}', () => expect(double(${i})).toBe(${2 * i}))`,
    )
    const table = `const table = [${Array.from({ length: 600 }, (_, i) => i).join(', ')}]`
    const c = await createBunContainer({
      workerUrl: await nodeWorkerUrl(),
      env: { NO_COLOR: '1' },
      files: {
        'math.test.ts': [
          "import { expect, test } from 'bun:test'",
          'function double(n: number) {',
          '  return n * 2',
          '}',
          "test('fails with a trace', () => expect(double(3)).toBe(7))",
          ...passing,
          '',
        ].join('\n'),
        'throw.ts': [table, 'function inner() {', "  throw new Error('boom ' + table.length)", '}', 'inner()', ''].join(
          '\n',
        ),
      },
    })
    try {
      // Durations go (a result line shows one only past 10 µs, as in Bun: faster from the cache, it may not).
      const times = (text: string) => text.replace(/ \[\d+(\.\d+)?m?s\]/g, '')
      const first = await c.exec('bun', ['test'])
      const second = await c.exec('bun', ['test'])
      expect(first.exitCode).toBe(1)
      expect(first.stderr).toContain('math.test.ts:5:')
      expect(first.stderr).toContain(' 100 pass')
      expect(times(second.stderr)).toBe(times(first.stderr))
      expect(second.exitCode).toBe(1)
      const thrown = await c.exec('bun', ['throw.ts'])
      const again = await c.exec('bun', ['throw.ts'])
      expect(thrown.stderr).toContain('error: boom 600')
      expect(thrown.stderr).toContain('at inner (/home/project/throw.ts:3:')
      expect(again.stderr).toBe(thrown.stderr)
      // An edit is a new compile: the cache of the old code is not used for it.
      await c.fs.writeFile('math.test.ts', (await c.fs.readFile('math.test.ts', 'utf8')).replace('toBe(7)', 'toBe(6)'))
      const edited = await c.exec('bun', ['test'])
      expect(edited.exitCode).toBe(0)
      expect(edited.stderr).toContain(' 101 pass')
    } finally {
      await c.destroy()
    }
  })

  it('bun test runs files found through symbolic links under their real paths, each once, as Bun does', async () => {
    const c = await createBunContainer({
      workerUrl: await nodeWorkerUrl(),
      env: { NO_COLOR: '1' },
      files: {
        'real/inner.test.ts': "import { test } from 'bun:test'\ntest('inner', () => {})\n",
        'shared/linked.ts': "import { test } from 'bun:test'\ntest('linked file', () => {})\n",
        'plain.test.ts': "import { test } from 'bun:test'\ntest('plain', () => {})\n",
      },
    })
    try {
      await c.fs.symlink('/home/project/shared/linked.ts', '/home/project/via.test.ts')
      await c.fs.symlink('/home/project/real', '/home/project/dirlink')
      await c.fs.symlink('/home/project/nowhere.test.ts', '/home/project/dangling.test.ts')
      const result = await c.exec('bun', ['test'])
      expect(result.exitCode).toBe(0)
      // What the real Bun 1.4.5 prints for this tree (checked by hand: the differential corpus has no
      // symbolic links): files found through a link run under their real path, in the order their
      // links were found; the file reached twice gets its header again and does not run again; the
      // dangling link is left out.
      const lines = result.stderr.replace(/ \[\d+(\.\d+)?ms\]/g, '').split('\n')
      expect(lines.slice(0, 12)).toEqual([
        '',
        'plain.test.ts:',
        '(pass) plain',
        '',
        'shared/linked.ts:',
        '(pass) linked file',
        '',
        'real/inner.test.ts:',
        '(pass) inner',
        '',
        'real/inner.test.ts:',
        '',
      ])
      expect(result.stderr).toContain('Ran 3 tests across 4 files.')
    } finally {
      await c.destroy()
    }
  })

  it('rejects a worker script that does not exist', async () => {
    const error = await createBunContainer({ workerUrl: 'file:///nonexistent/worker.mjs' }).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain('/nonexistent/worker.mjs')
  })
})
