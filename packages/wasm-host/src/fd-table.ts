/**
 * The guest's descriptor table. A WASI fd names a {@link Descriptor}: a VFS
 * descriptor (file or directory, with its own VFS fd), or a stream (stdio,
 * sockets, anything a custom import module adds) behind a
 * {@link StreamHandle}. Rights and fdflags live here, not in the VFS.
 */

import { ERRNO_BADF, ERRNO_MFILE, ERRNO_NOTCAPABLE } from './constants.js'
import { WasiError } from './errno.js'
import type { WasiFs } from './options.js'

/**
 * A non-file descriptor's behaviour: stdio, sockets, pipes. Methods return a
 * byte count or throw {@link WasiError} (e.g. `ERRNO_AGAIN` when a
 * non-blocking stream has nothing to give). They may block (a worker waiting
 * on a SharedArrayBuffer channel) but must not return a Promise.
 */
export interface StreamHandle {
  /** Read into `dst`; returns bytes read, 0 at end of stream. Absent: `ERRNO_BADF` on read. */
  read?(dst: Uint8Array): number
  /** Write from `src` (valid only during the call: copy to keep); returns bytes written. Absent: `ERRNO_BADF`. */
  write?(src: Uint8Array): number
  /**
   * For `poll_oneoff`: bytes readable now without blocking (0 at end of
   * stream), or -1 when not ready. Absent: always ready.
   */
  readReady?(): number
  /** For `poll_oneoff`: bytes writable now, or -1 when not ready. Absent: always ready. */
  writeReady?(): number
  /** `fd_fdstat_set_flags` changed the descriptor's `FDFLAGS_*` (e.g. NONBLOCK). */
  setFlags?(fdflags: number): void
  /** Release resources; called once when the last guest fd naming it closes. */
  close?(): void
}

/**
 * A socket's behaviour, for `sock_recv`, `sock_send`, `sock_shutdown` and
 * `sock_accept` (descriptors whose filetype is `FILETYPE_SOCKET_*`).
 */
export interface SocketHandle extends StreamHandle {
  /** `sock_recv`: fill `dst` honouring `RIFLAGS_*` (PEEK, WAITALL); returns bytes, 0 at end of stream. */
  recv(dst: Uint8Array, riflags: number): number
  /** `sock_send`: returns bytes sent. */
  send(src: Uint8Array, siflags: number): number
  /** `sock_shutdown`: `SDFLAGS_RD`, `SDFLAGS_WR` or both. */
  shutdown(how: number): void
  /** `sock_accept` on a listening socket: the connection, as a new handle. Absent: `ERRNO_NOTSUP`. */
  accept?(fdflags: number): SocketHandle
}

/** One entry of the descriptor table. */
export class Descriptor {
  /** `FILETYPE_*` of what the descriptor names (fixed at open). */
  filetype: number
  /** `RIGHTS_*` the descriptor holds. */
  rightsBase: number
  /** `RIGHTS_*` descriptors opened through it may hold. */
  rightsInheriting: number
  /** `FDFLAGS_*`. */
  fdflags = 0
  /** The VFS descriptor behind a file or directory; -1 for streams. */
  vfsFd: number
  /** The stream behind a non-VFS descriptor; `null` for files and directories. */
  stream: StreamHandle | null
  /** For a preopened directory: the name the guest sees (`fd_prestat_dir_name`). */
  preopen: string | null = null
  /** `fd_readdir` snapshot: `.`, `..`, then the names, taken at cookie 0. */
  dirNames: string[] | null = null

  constructor(
    filetype: number,
    rightsBase: number,
    rightsInheriting: number,
    vfsFd: number,
    stream: StreamHandle | null,
  ) {
    this.filetype = filetype
    this.rightsBase = rightsBase
    this.rightsInheriting = rightsInheriting
    this.vfsFd = vfsFd
    this.stream = stream
  }
}

/** Highest number of simultaneously open guest descriptors. */
export const MAX_GUEST_FDS: number = 1 << 16

/**
 * Guest fd → {@link Descriptor}. New descriptors take the lowest free number
 * (POSIX's rule), so 0–2 are stdio and preopens follow from 3.
 */
export class FdTable {
  private readonly slots: Array<Descriptor | undefined> = []
  private count = 0
  /** Lowest index that may be free (every index below it is taken). */
  private lowestFree = 0

  constructor(private readonly vfs: WasiFs) {}

  /** The descriptor `fd` names, or `undefined`. */
  lookup(fd: number): Descriptor | undefined {
    return this.slots[fd >>> 0]
  }

  /**
   * The descriptor `fd` names, checking it holds every bit of `rights`.
   * Throws {@link WasiError} `ERRNO_BADF` (no such fd) or `ERRNO_NOTCAPABLE`.
   */
  get(fd: number, rights: number): Descriptor {
    const d = this.slots[fd >>> 0]
    if (d === undefined) throw new WasiError(ERRNO_BADF)
    if ((d.rightsBase & rights) !== rights) throw new WasiError(ERRNO_NOTCAPABLE)
    return d
  }

  /** Adds `d` at the lowest free number and returns it; `ERRNO_MFILE` when full. */
  insert(d: Descriptor): number {
    if (this.count >= MAX_GUEST_FDS) throw new WasiError(ERRNO_MFILE)
    let fd = this.lowestFree
    while (this.slots[fd] !== undefined) fd++
    this.slots[fd] = d
    this.count++
    this.lowestFree = fd + 1
    return fd
  }

  /** Removes `fd` from the table without closing what it names; returns it. */
  take(fd: number): Descriptor {
    const n = fd >>> 0
    const d = this.slots[n]
    if (d === undefined) throw new WasiError(ERRNO_BADF)
    this.slots[n] = undefined
    this.count--
    if (n < this.lowestFree) this.lowestFree = n
    return d
  }

  /** Puts `d` at `fd` (which must be free). Used by `fd_renumber`. */
  place(fd: number, d: Descriptor): void {
    const n = fd >>> 0
    if (this.slots[n] === undefined) this.count++
    this.slots[n] = d
  }

  /** Closes `fd`: the VFS descriptor or the stream behind it. */
  close(fd: number): void {
    this.release(this.take(fd))
  }

  /** Closes what a descriptor (already out of the table) names. */
  release(d: Descriptor): void {
    if (d.vfsFd >= 0) {
      const vfsFd = d.vfsFd
      d.vfsFd = -1
      this.vfs.close(vfsFd)
    } else if (d.stream) {
      const stream = d.stream
      d.stream = null
      stream.close?.()
    }
  }

  /** Closes every descriptor (host teardown). Errors from stream handles are collected, not thrown. */
  closeAll(): unknown[] {
    const errors: unknown[] = []
    for (let fd = 0; fd < this.slots.length; fd++) {
      if (this.slots[fd] === undefined) continue
      try {
        this.close(fd)
      } catch (error) {
        errors.push(error)
      }
    }
    return errors
  }

  /** Numbers of the open descriptors, ascending. */
  openFds(): number[] {
    const out: number[] = []
    for (let fd = 0; fd < this.slots.length; fd++) if (this.slots[fd] !== undefined) out.push(fd)
    return out
  }
}
