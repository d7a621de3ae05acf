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

  it('rejects a worker script that does not exist', async () => {
    const error = await createBunContainer({ workerUrl: 'file:///nonexistent/worker.mjs' }).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain('/nonexistent/worker.mjs')
  })
})
