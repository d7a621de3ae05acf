/** The runtime worker script for Node: the kernel and every process run as `worker_threads` workers of it. */
import { availableParallelism } from 'node:os'
import { Script } from 'node:vm'
import { parentPort } from 'node:worker_threads'
import type { ScriptCompiler } from '../programs/types.js'
import { serveRuntimeWorker } from '../worker-main.js'
import { createNodeWorker, nodePortEndpoint } from './index.js'

if (parentPort === null) throw new Error('the vitamin-bun runtime worker must run as a worker thread')

/**
 * Module code compiled with V8's code cache: a process is a fresh worker, and
 * without a cache it parses and compiles every module again (and each function
 * of it again on its first call). The kernel keeps the cache a process made
 * (bytecode of the module and of the functions it ran), so the next process
 * running the same code starts with it compiled. Browsers have no such API
 * for code made at run time; there modules are evaluated with `eval`.
 */
const compileScript: ScriptCompiler = (source, filename, cache) => {
  const script = new Script(source, {
    filename,
    ...(cache ? { cachedData: cache } : {}),
  })
  return {
    // No error decoration: errors read as they do from `eval`.
    value: script.runInThisContext({ displayErrors: false }),
    rejected: script.cachedDataRejected === true,
    createCache: () => new Uint8Array(script.createCachedData()),
  }
}

serveRuntimeWorker(nodePortEndpoint(parentPort), {
  createWorker: createNodeWorker,
  sharedMemory: true,
  compileScript,
  parallelism: availableParallelism(),
})
