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
  // Taken now, and listened to without `onmessage`: a program in this worker may replace the global
  // `postMessage`/`onmessage` (a Bun Worker's `self.onmessage`) without cutting the kernel's line.
  const post = scope.postMessage.bind(scope)
  let current: ((data: unknown) => void) | null = null
  const target = scope as unknown as EventTarget
  EventTarget.prototype.addEventListener.call(target, 'message', (event) => current?.((event as MessageEvent).data))
  return {
    postMessage: (message, transfer) => post(message, { transfer: transfer ?? [] }),
    onMessage: (handler) => {
      current = handler
    },
  }
}

/** True when this context can share memory with workers (the page is cross-origin isolated). */
export function sharedMemoryAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true
}
