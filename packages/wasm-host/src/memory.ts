/**
 * Bounds-checked access to a guest's linear memory.
 *
 * Every pointer and length that crosses the WASM boundary comes from an
 * untrusted guest. The accessors below check `[ptr, ptr + len)` against the
 * current memory size and throw {@link GuestFault} when it does not fit; the
 * import wrappers catch it and return `ERRNO_FAULT` to the guest. Nothing here
 * throws anything else for a bad pointer.
 *
 * Views are cached. `memory.grow()` detaches a non-shared buffer (its views
 * read as length 0) and grows a shared one in place behind a new
 * `SharedArrayBuffer` object; either way an access beyond the cached length
 * refreshes the views once and checks again, so the hot path is one compare.
 *
 * Pointers and lengths arrive from WASM as signed `i32`; every accessor
 * reinterprets them as unsigned (`>>> 0`), as wasm32 does.
 */

/**
 * Thrown by {@link GuestMemory} when a guest range is out of bounds (or no
 * memory is bound). Internal: import wrappers turn it into `ERRNO_FAULT` and
 * it must never reach the guest or the embedder. A single preallocated
 * instance ({@link GUEST_FAULT}) is thrown so a hostile guest hammering bad
 * pointers costs no stack captures.
 */
export class GuestFault extends Error {
  override name = 'GuestFault'
}

/** The one {@link GuestFault} instance thrown by every accessor. */
export const GUEST_FAULT: GuestFault = new GuestFault('guest memory access out of bounds')

/** True when `e` is the guest-memory fault marker. */
export function isGuestFault(e: unknown): e is GuestFault {
  return e instanceof GuestFault
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8')
const strictDecoder = new TextDecoder('utf-8', { fatal: true })

/**
 * A view of one guest's linear memory. Create it unbound and {@link bind}
 * the instance's exported memory once it exists (imports are built before
 * the instance is). Call {@link check} before reading {@link u8} or
 * {@link view}: the check is what refreshes them after growth, so
 * `mem.view.getUint32(mem.check(p, 4))` would use a stale view.
 */
export class GuestMemory {
  /** The bound memory, or `null` before {@link bind}. */
  memory: WebAssembly.Memory | null = null
  /** Cached byte view of the whole memory (may be stale; use the accessors). */
  u8: Uint8Array = new Uint8Array(0)
  /** Cached DataView of the whole memory (may be stale; use the accessors). */
  view: DataView = new DataView(new ArrayBuffer(0))
  /** True when the memory is backed by a SharedArrayBuffer. */
  shared = false

  constructor(memory?: WebAssembly.Memory) {
    if (memory) this.bind(memory)
  }

  /** Attach to `memory` (an instance's `memory` export) and cache views. */
  bind(memory: WebAssembly.Memory): void {
    this.memory = memory
    this.refresh()
  }

  /** Re-read `memory.buffer` and rebuild the cached views. */
  refresh(): void {
    const memory = this.memory
    if (!memory) throw GUEST_FAULT
    const buffer = memory.buffer
    if (buffer !== this.u8.buffer) {
      this.u8 = new Uint8Array(buffer)
      this.view = new DataView(buffer)
      this.shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer
    }
  }

  /** Current memory size in bytes. */
  get byteLength(): number {
    if (this.u8.byteLength === 0) this.refresh()
    return this.u8.byteLength
  }

  /**
   * Check that `[ptr, ptr + len)` lies inside memory, refreshing the views
   * first if memory has grown. Returns `ptr` as an unsigned number.
   * Throws {@link GUEST_FAULT} otherwise. Negative arguments are guest i32s
   * and read as u32; positive ones are taken as they are (a computed length
   * of 2^32 or more faults instead of wrapping).
   */
  check(ptr: number, len: number): number {
    // Negative values are i32s from the guest: reinterpret them as u32. Larger values are
    // computed sizes (count × struct size) and must not wrap, or they would pass the check.
    if (ptr < 0) ptr >>>= 0
    if (len < 0) len >>>= 0
    if (ptr + len > this.u8.length) {
      this.refresh()
      if (ptr + len > this.u8.length) throw GUEST_FAULT
    }
    return ptr
  }

  getU8(ptr: number): number {
    const p = this.check(ptr, 1)
    return this.u8[p]!
  }

  setU8(ptr: number, value: number): void {
    const p = this.check(ptr, 1)
    this.u8[p] = value
  }

  getU16(ptr: number): number {
    const p = this.check(ptr, 2)
    return this.view.getUint16(p, true)
  }

  setU16(ptr: number, value: number): void {
    const p = this.check(ptr, 2)
    this.view.setUint16(p, value, true)
  }

  getU32(ptr: number): number {
    const p = this.check(ptr, 4)
    return this.view.getUint32(p, true)
  }

  setU32(ptr: number, value: number): void {
    const p = this.check(ptr, 4)
    this.view.setUint32(p, value, true)
  }

  /** Signed 32-bit read. */
  getI32(ptr: number): number {
    const p = this.check(ptr, 4)
    return this.view.getInt32(p, true)
  }

  getU64(ptr: number): bigint {
    const p = this.check(ptr, 8)
    return this.view.getBigUint64(p, true)
  }

  /** Write a u64; a `number` must be a non-negative safe integer. */
  setU64(ptr: number, value: bigint | number): void {
    const p = this.check(ptr, 8)
    if (typeof value === 'number') {
      // Avoid a BigInt allocation for the common case (sizes, timestamps in range).
      this.view.setUint32(p, value >>> 0, true)
      this.view.setUint32(p + 4, Math.floor(value / 0x1_0000_0000) >>> 0, true)
    } else {
      this.view.setBigUint64(p, value, true)
    }
  }

  /** Signed 64-bit read. */
  getI64(ptr: number): bigint {
    const p = this.check(ptr, 8)
    return this.view.getBigInt64(p, true)
  }

  /**
   * A live view of `[ptr, ptr + len)` (no copy). Valid only until memory
   * grows or the guest runs again; copy it if you keep it.
   */
  subarray(ptr: number, len: number): Uint8Array {
    const p = this.check(ptr, len)
    return this.u8.subarray(p, p + (len >>> 0))
  }

  /** A copy of `[ptr, ptr + len)`. */
  readBytes(ptr: number, len: number): Uint8Array {
    const p = this.check(ptr, len)
    return this.u8.slice(p, p + (len >>> 0))
  }

  /** Copy `bytes` to `ptr`. */
  writeBytes(ptr: number, bytes: Uint8Array): void {
    const p = this.check(ptr, bytes.length)
    this.u8.set(bytes, p)
  }

  /** Decode `[ptr, ptr + len)` as UTF-8, replacing invalid sequences with U+FFFD. */
  readString(ptr: number, len: number): string {
    return this.decode(ptr, len, false) as string
  }

  /**
   * Decode `[ptr, ptr + len)` as UTF-8; `null` when the bytes are not valid
   * UTF-8 (WASI paths must be: the host answers `ERRNO_ILSEQ`).
   */
  readStringStrict(ptr: number, len: number): string | null {
    return this.decode(ptr, len, true)
  }

  /**
   * Encode `s` as UTF-8 at `ptr`, writing at most `max` bytes (default: the
   * full encoding). Returns the number of bytes written.
   */
  writeString(ptr: number, s: string, max?: number): number {
    const bytes = encoder.encode(s)
    const n = max === undefined ? bytes.length : Math.min(bytes.length, max >>> 0)
    const p = this.check(ptr, n)
    this.u8.set(n === bytes.length ? bytes : bytes.subarray(0, n), p)
    return n
  }

  private decode(ptr: number, len: number, strict: boolean): string | null {
    const p = this.check(ptr, len)
    const end = p + (len >>> 0)
    const u8 = this.u8
    // Short ASCII strings (most paths) are cheaper by hand than through TextDecoder.
    if (end - p <= 64) {
      let s = ''
      let i = p
      for (; i < end; i++) {
        const c = u8[i]!
        if (c >= 0x80) break
        s += String.fromCharCode(c)
      }
      if (i === end) return s
    }
    // TextDecoder rejects views of a SharedArrayBuffer in some engines: copy those.
    const bytes = this.shared ? u8.slice(p, end) : u8.subarray(p, end)
    if (!strict) return decoder.decode(bytes)
    try {
      return strictDecoder.decode(bytes)
    } catch {
      return null
    }
  }
}
