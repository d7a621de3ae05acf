/**
 * Persistence operations a test drives in a window or a dedicated worker:
 * open a backend on a VFS, write files of known content, sync, and inspect
 * which version of each file the storage holds. Used by the Chromium tests
 * (through a module worker) and by persistence.test.ts (bundled into a page
 * and its worker). Results and errors are plain data, so they cross
 * `postMessage` and `page.evaluate` unchanged.
 */
import {
  createVfs,
  deleteIndexedDbBackend,
  deleteOpfsBackend,
  isVfsError,
  openIndexedDbBackend,
  openOpfsBackend,
  type PersistentStore,
  type Vfs,
} from '@aspect-build/virtual-fs'

/** Which backend to open. */
export type BackendKind = 'indexeddb' | 'opfs'

/** A file's content: `size` bytes of the pseudo-random pattern seeded by `version`. */
export interface FileSpec {
  size: number
  version: number
}

/** What opening reported. */
export interface Opened {
  /** OPFS I/O mode, null for IndexedDB. */
  mode: string | null
  records: number
  /** OPFS: torn tail ignored by the load; IndexedDB: malformed values skipped. */
  discarded: number
}

/** An error as plain data. */
export interface PlainError {
  name: string
  message: string
  code?: string
  syscall?: string
}

/** The version each file holds: a version number, `missing`, or `mixed` (neither whole version). */
export type Found = number | 'missing' | 'mixed'

export interface Ops {
  open(kind: BackendKind, key: string): Promise<Opened>
  write(files: Record<string, FileSpec>): Promise<void>
  /** `vfs.sync()`; resolves with the error instead of rejecting. */
  sync(): Promise<PlainError | null>
  /** Starts `vfs.sync()` and returns at once (the test then kills the page mid-write). */
  startSync(): Promise<void>
  /** For each file, which of the candidate versions it holds. */
  inspect(files: Record<string, FileSpec[]>): Promise<Record<string, Found>>
  /** Names in the mount's root. */
  list(): Promise<string[]>
  close(): Promise<void>
  remove(kind: BackendKind, key: string): Promise<void>
}

export const MOUNT = '/mnt'

/** Deterministic, incompressible content (Chromium compresses large IndexedDB values). */
export function pattern(spec: FileSpec): Uint8Array {
  const out = new Uint8Array(spec.size)
  const words = new Uint32Array(out.buffer, 0, spec.size >>> 2)
  let x = Math.imul(spec.version + 1, 0x9e3779b1) >>> 0 || 1
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    words[i] = x
  }
  for (let i = words.length * 4; i < spec.size; i++) out[i] = (i ^ spec.version) & 0xff
  return out
}

function plain(error: unknown): PlainError {
  const e = error as { name?: unknown; message?: unknown }
  const out: PlainError = { name: String(e?.name ?? 'Error'), message: String(e?.message ?? error) }
  if (isVfsError(error)) {
    out.code = error.code
    out.syscall = error.syscall
  }
  return out
}

function storageKey(kind: BackendKind, key: string): string {
  return kind === 'opfs' ? `vfs-tests/${key}` : key
}

/** The operations, run right here. */
export function localOps(): Ops {
  let vfs: Vfs | null = null
  let store: PersistentStore | null = null
  const mounted = (): Vfs => {
    if (!vfs) throw new Error('open() first')
    return vfs
  }
  return {
    async open(kind, key) {
      const name = storageKey(kind, key)
      const backend =
        kind === 'opfs' ? await openOpfsBackend({ directory: name }) : await openIndexedDbBackend({ database: name })
      vfs = createVfs({ onError: () => {} })
      vfs.mount(MOUNT, backend)
      store = backend.store
      return {
        mode: backend.name === 'opfs' ? backend.mode : null,
        records: backend.records.length,
        discarded: backend.name === 'opfs' ? backend.store.stats().discardedBytes : backend.skipped,
      }
    },
    async write(files) {
      const v = mounted()
      for (const [name, spec] of Object.entries(files)) v.writeFile(`${MOUNT}/${name}`, pattern(spec))
    },
    async sync() {
      try {
        await mounted().sync()
        return null
      } catch (error) {
        return plain(error)
      }
    },
    async startSync() {
      mounted()
        .sync()
        .catch(() => {})
    },
    async inspect(files) {
      const v = mounted()
      const out: Record<string, Found> = {}
      for (const [name, candidates] of Object.entries(files)) {
        const path = `${MOUNT}/${name}`
        if (!v.exists(path)) {
          out[name] = 'missing'
          continue
        }
        const bytes = v.readFile(path)
        const match = candidates.find((c) => c.size === bytes.length && equal(bytes, pattern(c)))
        out[name] = match ? match.version : 'mixed'
      }
      return out
    },
    async list() {
      return (mounted().readdir(MOUNT) as string[]).sort()
    },
    async close() {
      await store?.close()
      vfs = null
      store = null
    },
    async remove(kind, key) {
      if (kind === 'opfs') await deleteOpfsBackend(storageKey(kind, key))
      else await deleteIndexedDbBackend(storageKey(kind, key))
    },
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

interface Request {
  id: number
  op: keyof Ops
  args: unknown[]
}

type Reply = { id: number; result: unknown } | { id: number; error: PlainError }

/** Serves {@link localOps} to the page that created this worker. */
export function serveOps(scope: {
  onmessage: ((event: MessageEvent) => void) | null
  postMessage(m: unknown): void
}): void {
  const ops = localOps() as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  scope.onmessage = async (event: MessageEvent) => {
    const { id, op, args } = event.data as Request
    try {
      scope.postMessage({
        id,
        result: await (ops[op] as (...a: unknown[]) => Promise<unknown>)(...args),
      } satisfies Reply)
    } catch (error) {
      scope.postMessage({ id, error: plain(error) } satisfies Reply)
    }
  }
}

/** The operations, run in `worker` (which called {@link serveOps}); a failure rejects with the plain error. */
export function workerOps(worker: Worker): Ops {
  let next = 1
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>()
  worker.onmessage = (event: MessageEvent) => {
    const reply = event.data as Reply
    const waiter = pending.get(reply.id)
    pending.delete(reply.id)
    if ('error' in reply) waiter?.reject(Object.assign(new Error(reply.error.message), reply.error))
    else waiter?.resolve(reply.result)
  }
  const call =
    (op: keyof Ops) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = next++
        pending.set(id, { resolve, reject })
        worker.postMessage({ id, op, args } satisfies Request)
      })
  const ops = {} as Record<keyof Ops, unknown>
  for (const op of ['open', 'write', 'sync', 'startSync', 'inspect', 'list', 'close', 'remove'] as const) {
    ops[op] = call(op)
  }
  return ops as Ops
}
