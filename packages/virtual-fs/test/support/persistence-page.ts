/**
 * The page persistence.test.ts drives: the persistence operations in this
 * window and in a dedicated worker (`/persistence-worker.js`), as
 * `window.persistence.window` and `window.persistence.worker`.
 */
import { localOps, type Ops, workerOps } from './persistence-ops.js'

declare global {
  interface Window {
    persistence: { window: Ops; worker: Ops }
  }
}

let worker: Ops | null = null
window.persistence = {
  window: localOps(),
  get worker(): Ops {
    worker ??= workerOps(new Worker('/persistence-worker.js', { type: 'module' }))
    return worker
  },
}
