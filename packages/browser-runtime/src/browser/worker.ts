/**
 * The runtime worker script for browsers: bundle this file (with its
 * imports) into one module and give its URL to `createBunContainer({
 * workerUrl })`. It serves as the kernel and as every process.
 */
import { serveRuntimeWorker } from '../worker-main.js'
import { createWebWorker, sharedMemoryAvailable, workerSelfEndpoint } from './index.js'

serveRuntimeWorker(workerSelfEndpoint(self as unknown as Parameters<typeof workerSelfEndpoint>[0]), {
  createWorker: createWebWorker,
  sharedMemory: sharedMemoryAvailable(),
  parallelism: navigator.hardwareConcurrency || 1,
})
