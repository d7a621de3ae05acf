/**
 * The contract between the one behaviour suite (`behaviour.ts`) and the files
 * that run it against a backend (memory in Node; IndexedDB and OPFS in
 * Chromium).
 */
import type { Vfs } from '@aspect-build/virtual-fs'

/** A filesystem to test: `dir` is an empty directory on the backend under test. */
export interface SuiteTarget {
  vfs: Vfs
  /** Absolute path of an empty directory on the backend (a mount point for persistent backends). */
  dir: string
  /**
   * Persistent backends only: writes everything back (`vfs.sync()`), drops
   * this VFS, and mounts the same storage in a fresh VFS. Whatever was in
   * `dir` must be there again, byte for byte, with the same metadata.
   */
  reopen?: () => Promise<SuiteTarget>
  /** Removes the storage (databases, OPFS files) the target used. */
  cleanup(): Promise<void>
}

/** Makes a fresh, empty target for one test. */
export type SuiteSetup = () => Promise<SuiteTarget>
