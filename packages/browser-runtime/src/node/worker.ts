/** The runtime worker script for Node: the kernel and every process run as `worker_threads` workers of it. */
import { parentPort } from 'node:worker_threads'
import { serveRuntimeWorker } from '../worker-main.js'
import { createNodeWorker, nodePortEndpoint } from './index.js'

if (parentPort === null) throw new Error('the vitamin-bun runtime worker must run as a worker thread')
serveRuntimeWorker(nodePortEndpoint(parentPort), { createWorker: createNodeWorker, sharedMemory: true })
