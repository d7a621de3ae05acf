/**
 * `@aspect-build/sdk/node`: containers in Node. The kernel and every process
 * are `worker_threads` workers; persistence is memory only.
 */
import { createNodeWorker, NODE_WORKER_URL } from '@aspect-build/browser-runtime/node'
import { bootContainer, type Platform } from './container.js'
import type * as types from './types.js'

export type * from './types.js'

const platform: Platform = {
  name: 'Node',
  createWorker: createNodeWorker,
  defaultWorkerUrl: () => NODE_WORKER_URL,
  sharedMemory: true,
  persistence: ['memory'],
}

export const createBunContainer: typeof types.createBunContainer = (options) => bootContainer(options, platform)
