/**
 * `@aspect-build/sdk/browser`: containers in a web page. The kernel is a
 * module Web Worker; processes are its workers when the page is
 * cross-origin isolated, else they run inside it.
 */
import { createWebWorker, sharedMemoryAvailable } from '@aspect-build/browser-runtime/browser'
import { bootContainer, type Platform } from './container.js'
import type * as types from './types.js'

export type * from './types.js'

const platform: Platform = {
  name: 'browser',
  createWorker: createWebWorker,
  defaultWorkerUrl: () => new URL('vitamin-bun.worker.js', import.meta.url).href,
  get sharedMemory() {
    return sharedMemoryAvailable()
  },
  persistence: ['memory', 'indexeddb', 'opfs'],
}

export const createBunContainer: typeof types.createBunContainer = (options) => bootContainer(options, platform)
