/**
 * Setups that run the behaviour suite (and the focused tests) against the
 * persistent backends in Chromium: each target is a fresh store mounted at
 * `/mnt` of a fresh VFS; `reopen` syncs, closes the store and mounts the same
 * storage in another VFS.
 */
import {
  type Backend,
  createVfs,
  deleteIndexedDbBackend,
  deleteOpfsBackend,
  openIndexedDbBackend,
  openOpfsBackend,
  type PersistentStore,
  type Vfs,
} from '@aspect-build/virtual-fs'
import type { SuiteSetup, SuiteTarget } from '../suite/types.js'

let counter = 0

/** A storage key no other test uses (also across page reloads of the runner). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${counter++}-${Math.random().toString(36).slice(2, 8)}`
}

/** Where every setup mounts its backend. */
export const MOUNT = '/mnt'

function setup(open: (key: string) => Promise<Backend>, remove: (key: string) => Promise<void>): SuiteSetup {
  return async () => {
    const key = uniqueName('vfs-suite')
    const target = async (): Promise<SuiteTarget> => {
      const backend = await open(key)
      const vfs = createVfs()
      vfs.mount(MOUNT, backend)
      const store = backend.store as PersistentStore
      return {
        vfs,
        dir: MOUNT,
        reopen: async () => {
          await vfs.sync()
          await store.close()
          return target()
        },
        cleanup: async () => {
          await store.close()
          await remove(key)
        },
      }
    }
    return target()
  }
}

/** Fresh IndexedDB databases. */
export const indexedDbSetup: SuiteSetup = setup(
  (database) => openIndexedDbBackend({ database }),
  (database) => deleteIndexedDbBackend(database),
)

/** Fresh OPFS directories (in a window: the `writable` mode). */
export const opfsSetup: SuiteSetup = setup(
  (directory) => openOpfsBackend({ directory: `vfs-tests/${directory}` }),
  (directory) => deleteOpfsBackend(`vfs-tests/${directory}`),
)

/** One entry of {@link tree}: everything a reopen must preserve. */
export interface TreeEntry {
  path: string
  kind: 'file' | 'dir' | 'symlink'
  mode: number
  uid: number
  gid: number
  nlink: number
  mtimeNs: bigint
  birthtimeNs: bigint
  /** File content as text (tests write text), or the symlink target. */
  content?: string
}

/** The subtree at `dir`, sorted by path, with content and metadata (inode numbers as hard-link groups). */
export function tree(vfs: Vfs, dir: string): TreeEntry[] {
  const out: TreeEntry[] = []
  for (const name of (vfs.readdir(dir, { recursive: true }) as string[]).sort()) {
    const path = `${dir}/${name}`
    const st = vfs.lstat(path)
    const kind = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'file'
    const entry: TreeEntry = {
      path: name,
      kind,
      mode: st.mode,
      uid: st.uid,
      gid: st.gid,
      nlink: st.nlink,
      mtimeNs: st.mtimeNs,
      birthtimeNs: st.birthtimeNs,
    }
    if (kind === 'file') entry.content = vfs.readFile(path, 'utf8')
    else if (kind === 'symlink') entry.content = vfs.readlink(path)
    out.push(entry)
  }
  return out
}

/** A catch-all for a promise expected to reject. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}
