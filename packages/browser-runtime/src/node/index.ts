/**
 * The Node host: `worker_threads` workers as {@link WorkerHandle}s, and the
 * URL of the runtime worker script built next to this file.
 */
import { existsSync, statSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { MessageEndpoint, WorkerHandle } from '../host.js'

/**
 * The runtime worker script of the built package: the one-file bundle
 * (`dist/node/worker.bundle.js`, made by `npm run build:workers`) when it is
 * at least as new as the last `tsc` build of the package — it loads several
 * times faster, and every process loads it — else `dist/node/worker.js`.
 */
export const NODE_WORKER_URL: string = pickWorkerScript()

function pickWorkerScript(): string {
  const bundle = new URL('./worker.bundle.js', import.meta.url)
  const buildInfo = new URL('../.tsbuildinfo', import.meta.url)
  const fresh =
    existsSync(bundle) && (!existsSync(buildInfo) || statSync(bundle).mtimeMs >= statSync(buildInfo).mtimeMs)
  return fresh ? bundle.href : new URL('./worker.js', import.meta.url).href
}

/** Starts a `worker_threads` worker running the ES module at `url` (a `file:` URL or path). */
export function createNodeWorker(url: string): WorkerHandle {
  const worker = new Worker(url.startsWith('file:') ? new URL(url) : url)
  let errorHandler: ((error: Error) => void) | null = null
  worker.on('error', (error) => errorHandler?.(error instanceof Error ? error : new Error(String(error))))
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (handler) => {
      worker.removeAllListeners('message')
      worker.on('message', handler)
    },
    onError: (handler) => {
      errorHandler = handler
    },
    terminate: () => void worker.terminate(),
  }
}

/** A worker's side of its port to its creator (`parentPort`). */
export function nodePortEndpoint(port: {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  removeAllListeners(event: 'message'): unknown
}): MessageEndpoint {
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (handler) => {
      port.removeAllListeners('message')
      port.on('message', handler)
    },
  }
}
