// The container behaviour suite in Chromium (cross-origin isolated: vitest serves COOP/COEP),
// with processes in workers and inline.
import { createBunContainer } from '@aspect-build/sdk/browser'
import { describe, expect, it } from 'vitest'
import { containerSuite } from './support/container-suite.js'

// Vite serves the worker script from the TypeScript sources, imports resolved.
const workerUrl = new URL('../../browser-runtime/src/browser/worker.ts', import.meta.url).href

describe('Chromium', () => {
  it('is cross-origin isolated, so processes run in workers by default', async () => {
    expect(crossOriginIsolated).toBe(true)
    const c = await createBunContainer({ workerUrl })
    expect(c.processes).toBe('workers')
    expect((await c.exec('sh', ['-c', 'echo in a worker'])).stdout).toBe('in a worker\n')
    await c.destroy()
  })
})

for (const processes of ['workers', 'inline'] as const) {
  containerSuite(`Chromium, processes: ${processes}`, (options) => {
    if (options === undefined) return createBunContainer({ workerUrl, processes })
    // Anything but an options object goes through as it is, for the validation tests.
    return createBunContainer(
      typeof options === 'object' && options !== null ? { workerUrl, processes, ...options } : options,
    )
  })
}
