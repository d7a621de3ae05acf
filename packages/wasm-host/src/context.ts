/**
 * What custom import modules (the `sock_*` module in `sock.ts`, the JS
 * context bridge in `js-context.ts`) receive from the host: the guest's
 * memory, its descriptor table and the host's options. A module is a
 * function `(ctx: HostContext) => Record<string, Function>` registered under
 * its module name; {@link WasiHost} builds it once, when the host is created.
 */

import type { FdTable } from './fd-table.js'
import type { GuestMemory } from './memory.js'
import type { WasiFs } from './options.js'

/** The host state a custom import module may use. */
export interface HostContext {
  /**
   * The guest's linear memory, bounds-checked. Bound when `start()` or
   * `initialize()` runs; accessors throw `GuestFault` before that.
   */
  readonly memory: GuestMemory
  /**
   * The guest's descriptors. A module that creates descriptors (sockets)
   * inserts a `Descriptor` with a `StreamHandle`/`SocketHandle`, so that
   * `fd_read`, `fd_write`, `fd_close`, `poll_oneoff` and preview1's `sock_*`
   * work on them.
   */
  readonly fds: FdTable
  /** The filesystem the host serves. */
  readonly vfs: WasiFs
  /** The `network` option given to the host (a network proxy), if any. */
  readonly network: unknown
  /**
   * Turns an exception thrown while serving an import into the errno to
   * return: `GuestFault` → `ERRNO_FAULT`, `WasiError` → its errno, `VfsError`
   * → the mapped errno, anything else → reported to `onError` and
   * `ERRNO_IO`. Rethrows the `proc_exit` signal. Custom imports should end
   * with `catch (e) { return ctx.fail(e, 'sock_open') }`.
   */
  fail(error: unknown, syscall: string): number
}

/** Builds one custom import module from the host context. */
export type ImportModuleFactory = (ctx: HostContext) => Record<string, (...args: never[]) => unknown>
