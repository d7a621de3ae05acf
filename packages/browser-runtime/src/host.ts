/**
 * The two things the runtime needs from its platform, as small structural
 * interfaces: a port to exchange messages over, and a way to start a worker.
 * Browser and Node implement them in `browser/` and `node/`; nothing else in
 * the runtime knows which platform it is on.
 */

/** One side of a message channel: a worker seen from its creator, or the creator seen from a worker. */
export interface MessageEndpoint {
  /** Posts a structured-clonable message; `transfer` lists buffers to move instead of copy. */
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void
  /** Sets the function every incoming message is given to (one per endpoint; a later call replaces it). */
  onMessage(handler: (message: unknown) => void): void
}

/** A started worker. */
export interface WorkerHandle extends MessageEndpoint {
  /** Stops the worker at once, wherever it is (also inside `Atomics.wait`). Idempotent. */
  terminate(): void
  /** Sets the function called when the worker fails to load or throws an uncaught error. */
  onError(handler: (error: Error) => void): void
}

/** Starts a module worker running the script at `url`. */
export type WorkerFactory = (url: string) => WorkerHandle
