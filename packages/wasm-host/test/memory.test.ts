/** GuestMemory: bounds, unsigned pointers, growth, strings, shared memory. */
import { GUEST_FAULT, GuestMemory, isGuestFault } from '@aspect-build/wasm-host'
import { describe, expect, it } from 'vitest'

const PAGE = 65536

function faults(fn: () => unknown): boolean {
  try {
    fn()
  } catch (e) {
    expect(e).toBe(GUEST_FAULT)
    return isGuestFault(e)
  }
  return false
}

describe('GuestMemory', () => {
  it('faults before a memory is bound', () => {
    const mem = new GuestMemory()
    expect(faults(() => mem.getU8(0))).toBe(true)
    expect(faults(() => mem.check(0, 1))).toBe(true)
  })

  it('checks every range against the current size', () => {
    const mem = new GuestMemory(new WebAssembly.Memory({ initial: 1 }))
    expect(mem.check(PAGE - 4, 4)).toBe(PAGE - 4)
    expect(mem.check(PAGE, 0)).toBe(PAGE)
    expect(faults(() => mem.check(PAGE - 3, 4))).toBe(true)
    expect(faults(() => mem.getU32(PAGE - 3))).toBe(true)
    expect(faults(() => mem.setU64(PAGE - 7, 1n))).toBe(true)
    expect(faults(() => mem.readBytes(1, PAGE))).toBe(true)
    expect(faults(() => mem.writeBytes(PAGE - 1, new Uint8Array(2)))).toBe(true)
  })

  it('reads negative i32 arguments as u32, and does not wrap computed lengths', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const mem = new GuestMemory(memory)
    expect(faults(() => mem.check(-4, 4))).toBe(true) // 0xfffffffc
    expect(faults(() => mem.check(0, -1))).toBe(true) // 0xffffffff bytes
    expect(faults(() => mem.check(0, 2 ** 32))).toBe(true) // would be 0 if wrapped
    expect(faults(() => mem.check(0, 0x1_0000_0010))).toBe(true)
  })

  it('reads and writes little-endian integers at any alignment', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const mem = new GuestMemory(memory)
    mem.setU32(1, 0xdeadbeef)
    expect(new Uint8Array(memory.buffer, 1, 4)).toEqual(new Uint8Array([0xef, 0xbe, 0xad, 0xde]))
    expect(mem.getU32(1)).toBe(0xdeadbeef)
    expect(mem.getI32(1)).toBe(0xdeadbeef | 0)
    mem.setU16(9, 0xabcd)
    expect(mem.getU16(9)).toBe(0xabcd)
    mem.setU64(11, 2n ** 64n - 2n)
    expect(mem.getU64(11)).toBe(2n ** 64n - 2n)
    expect(mem.getI64(11)).toBe(-2n)
    mem.setU64(21, 2 ** 52 + 3)
    expect(mem.getU64(21)).toBe(2n ** 52n + 3n)
  })

  it('follows growth: old views detach, new ranges become valid', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 3 })
    const mem = new GuestMemory(memory)
    mem.setU32(0, 7)
    expect(faults(() => mem.getU32(PAGE))).toBe(true)
    memory.grow(2)
    mem.setU32(2 * PAGE + 8, 9)
    expect(mem.getU32(2 * PAGE + 8)).toBe(9)
    expect(mem.getU32(0)).toBe(7)
    expect(mem.byteLength).toBe(3 * PAGE)
  })

  it('follows growth of shared memory, which does not detach', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true })
    const mem = new GuestMemory(memory)
    expect(mem.shared).toBe(true)
    memory.grow(1)
    mem.setU32(PAGE + 4, 5)
    expect(new DataView(memory.buffer).getUint32(PAGE + 4, true)).toBe(5)
    new Uint8Array(memory.buffer).set(new TextEncoder().encode('päth'), 100)
    expect(mem.readString(100, 5)).toBe('päth')
  })

  it('decodes UTF-8 leniently or strictly', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const mem = new GuestMemory(memory)
    const n = mem.writeString(10, 'aé€😀')
    expect(n).toBe(10)
    expect(mem.readString(10, n)).toBe('aé€😀')
    expect(mem.readStringStrict(10, n)).toBe('aé€😀')
    expect(mem.readString(10, 2)).toBe('a\ufffd') // cut in the middle of é
    expect(mem.readStringStrict(10, 2)).toBeNull()
    const long = 'x'.repeat(100)
    mem.writeString(200, long)
    expect(mem.readStringStrict(200, 100)).toBe(long)
    expect(mem.writeString(400, 'abcdef', 3)).toBe(3)
    expect(mem.readString(400, 4)).toBe('abc\0')
  })

  it('copies on readBytes, shares on subarray', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const mem = new GuestMemory(memory)
    mem.writeBytes(0, new Uint8Array([1, 2, 3]))
    const copy = mem.readBytes(0, 3)
    const view = mem.subarray(0, 3)
    mem.setU8(0, 9)
    expect([...copy]).toEqual([1, 2, 3])
    expect([...view]).toEqual([9, 2, 3])
  })
})
