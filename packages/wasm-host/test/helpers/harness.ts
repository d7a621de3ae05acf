/**
 * Calls a WasiHost's imports directly, as a guest would, against a plain
 * WebAssembly.Memory: strings and structs are placed with a bump allocator
 * and results read back with little-endian views.
 */
import { createVfs, type Vfs } from '@aspect-build/virtual-fs'
import { RIGHTS_REGULAR_FILE_BASE, WasiHost, type WasiHostOptions } from '@aspect-build/wasm-host'

/** An import called with guest-typed arguments (i32 as number, i64 as bigint). */
export type Call = (...args: Array<number | bigint>) => number

export interface Harness {
  host: WasiHost
  vfs: Vfs
  memory: WebAssembly.Memory
  /** preview1 imports by name. */
  w: Record<string, Call>
  /** wasi_unstable imports by name. */
  u: Record<string, Call>
  /** The first preopen's fd (3). */
  root: number
  /** Copies a UTF-8 string into memory: [ptr, len]. */
  str(s: string): [number, number]
  /** Reserves `n` zeroed bytes (8-aligned). */
  alloc(n: number): number
  view(): DataView
  bytes(ptr: number, len: number): Uint8Array
  u32(ptr: number): number
  u64(ptr: number): bigint
  /** Opens `path` under the root preopen (default: every file right, following symlinks); returns the new fd (throws on errno). */
  open(path: string, oflags?: number, base?: bigint, inheriting?: bigint, fdflags?: number, lookup?: number): number
  /** Like {@link open} but returns the errno and, on success, the fd. */
  tryOpen(
    path: string,
    oflags?: number,
    base?: bigint,
    inheriting?: bigint,
    fdflags?: number,
    lookup?: number,
  ): { errno: number; fd: number }
}

/** A host over a fresh VFS with `/` preopened on `/sandbox`, and memory bound directly. */
export function harness(options: Partial<Omit<WasiHostOptions, 'vfs'>> & { vfs?: Vfs } = {}, pages = 2): Harness {
  const vfs = options.vfs ?? createVfs()

  if (!vfs.exists('/sandbox')) vfs.mkdir('/sandbox')
  const host = new WasiHost({ preopens: { '/': '/sandbox' }, ...options, vfs })
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 64 })
  host.memory.bind(memory)
  let next = 1024
  const alloc = (n: number): number => {
    const p = next
    next = (next + n + 7) & ~7
    new Uint8Array(memory.buffer, p, n).fill(0)
    return p
  }
  const w = host.imports.wasi_snapshot_preview1 as unknown as Record<string, Call>
  const u = host.imports.wasi_unstable as unknown as Record<string, Call>
  const h: Harness = {
    host,
    vfs,
    memory,
    w,
    u,
    root: 3,
    alloc,
    str(s) {
      const b = new TextEncoder().encode(s)
      const p = alloc(b.length)
      new Uint8Array(memory.buffer).set(b, p)
      return [p, b.length]
    },
    view: () => new DataView(memory.buffer),
    bytes: (ptr, len) => new Uint8Array(memory.buffer).slice(ptr, ptr + len),
    u32: (ptr) => new DataView(memory.buffer).getUint32(ptr, true),
    u64: (ptr) => new DataView(memory.buffer).getBigUint64(ptr, true),
    tryOpen(path, oflags = 0, base = BigInt(RIGHTS_REGULAR_FILE_BASE), inheriting = 0n, fdflags = 0, lookup = 1) {
      const [p, l] = h.str(path)
      const out = alloc(4)
      const errno = w.path_open(h.root, lookup, p, l, oflags, base, inheriting, fdflags, out)
      return { errno, fd: errno === 0 ? h.u32(out) : -1 }
    },
    open(path, ...rest) {
      const { errno, fd } = h.tryOpen(path, ...rest)
      if (errno !== 0) throw new Error(`path_open(${path}) failed with errno ${errno}`)
      return fd
    },
  }
  return h
}
