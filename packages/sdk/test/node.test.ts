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
    const c = await createBunContainer({
      workerUrl: await nodeWorkerUrl(),
      env: { NO_COLOR: '1' },
      files: {
        'math.test.ts': [
          "import { expect, test } from 'bun:test'",
          'function double(n: number) {',
          '  return n * 2',
          '}',
          "test('doubles', () => expect(double(2)).toBe(4))",
          "test('fails with a trace', () => expect(double(3)).toBe(7))",
          '',
        ].join('\n'),
        'throw.ts': ['function inner() {', "  throw new Error('boom')", '}', 'inner()', ''].join('\n'),
      },
    })
    try {
      const times = (text: string) => text.replace(/\[\d+(\.\d+)?m?s\]/g, '[T]')
      const first = await c.exec('bun', ['test'])
      const second = await c.exec('bun', ['test'])
      expect(first.exitCode).toBe(1)
      expect(first.stderr).toContain('math.test.ts:6:')
      expect(times(second.stderr)).toBe(times(first.stderr))
      expect(second.exitCode).toBe(1)
      const thrown = await c.exec('bun', ['throw.ts'])
      const again = await c.exec('bun', ['throw.ts'])
      expect(thrown.stderr).toContain('at inner (/home/project/throw.ts:2:')
      expect(again.stderr).toBe(thrown.stderr)
      // An edit is a new compile: the cache of the old code is not used for it.
      await c.fs.writeFile('math.test.ts', (await c.fs.readFile('math.test.ts', 'utf8')).replace('toBe(7)', 'toBe(6)'))
      const edited = await c.exec('bun', ['test'])
      expect(edited.exitCode).toBe(0)
      expect(edited.stderr).toContain(' 2 pass')
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
