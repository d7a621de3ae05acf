/**
 * The browser host: Web Workers as {@link WorkerHandle}s. The runtime worker
 * script itself is `browser/worker.ts`, bundled by the embedder (one file
 * serves as kernel and as every process).
 */
import type { MessageEndpoint, WorkerHandle } from '../host.js'

/** Starts the module worker at `url` (Chromium also allows this inside a worker: processes are the kernel's workers). */
export function createWebWorker(url: string): WorkerHandle {
  const worker = new Worker(url, { type: 'module' })
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (handler) => {
      worker.onmessage = (event) => handler(event.data)
    },
    onError: (handler) => {
      worker.onerror = (event) => {
        event.preventDefault()
        handler(new Error(event.message || `the worker script ${url} failed to load`))
      }
    },
    terminate: () => worker.terminate(),
  }
}

/** A worker's own side of its port, from inside the worker. */
export function workerSelfEndpoint(scope: {
  postMessage(message: unknown, options: { transfer: Transferable[] }): void
  onmessage: ((event: MessageEvent) => void) | null
}): MessageEndpoint {
  return {
    postMessage: (message, transfer) => scope.postMessage(message, { transfer: transfer ?? [] }),
    onMessage: (handler) => {
      scope.onmessage = (event) => handler(event.data)
    },
  }
}

/** True when this context can share memory with workers (the page is cross-origin isolated). */
export function sharedMemoryAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true
}
