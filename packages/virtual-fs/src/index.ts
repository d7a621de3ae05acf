/**
 * `@aspect-build/virtual-fs`: the filesystem every part of a container uses —
 * the WASI host, Node's `fs`, the shell and the SDK.
 *
 * ```ts
 * import { createVfs } from '@aspect-build/virtual-fs'
 * const vfs = createVfs()
 * vfs.mkdir('/app', { recursive: true })
 * vfs.writeFile('/app/hello.txt', 'world')
 * vfs.readFile('/app/hello.txt', 'utf8') // 'world'
 * ```
 */

export type { IndexedDbBackend, IndexedDbBackendOptions } from './backends/indexeddb.js'
export { deleteIndexedDbBackend, openIndexedDbBackend } from './backends/indexeddb.js'
export type { OpfsBackend, OpfsBackendOptions, OpfsJournalStats, OpfsMode, OpfsStore } from './backends/opfs.js'
export { deleteOpfsBackend, openOpfsBackend } from './backends/opfs.js'
export * from './constants.js'
export { crc32 } from './crc32.js'
export type { ErrnoCode, VfsErrorContext } from './errors.js'
export { ERRNO, isVfsError, VfsError } from './errors.js'
export * as posixPath from './path.js'
export type { Backend, CommitBatch, InodeRecord, PersistentStore } from './persist.js'
export { memoryBackend, ROOT_INO } from './persist.js'
export type { SnapshotEntry, SnapshotRoot } from './snapshot.js'
export { decodeSnapshot, encodeSnapshot } from './snapshot.js'
export { Dirent, Stats } from './stats.js'
export type {
  Encoding,
  OpenFlags,
  PathLike,
  ResolveOptions,
  TimeLike,
  TimeSpec,
  VfsOptions,
  WatchEventType,
  Watcher,
  WatchListener,
} from './vfs.js'
export { createVfs, parseFlags, Vfs } from './vfs.js'
