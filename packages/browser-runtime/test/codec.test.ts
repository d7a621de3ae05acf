// Values and errors across threads: the channel codec and the wire error format.
import { createVfs, Dirent, Stats, VfsError } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'
import { decodeValue, encodeValue, fromWireError, fromWireValue, toWireError, toWireValue } from '../src/index.js'

const roundTrip = (value: unknown): unknown => decodeValue(encodeValue(value))

describe('encodeValue / decodeValue', () => {
  it('round-trips JSON values, undefined, bigints and bytes', () => {
    const value = { s: 'héllo ✓', n: -1.5, b: true, z: null, list: [1, 'two', [3]], big: 2n ** 70n }
    expect(roundTrip(value)).toEqual(value)
    expect(roundTrip(undefined)).toBeUndefined()
    expect(roundTrip('')).toBe('')
    const bytes = new Uint8Array([0, 1, 254, 255])
    const out = roundTrip({ a: bytes, b: [new Uint8Array(0), bytes.subarray(1, 3)] }) as {
      a: Uint8Array
      b: Uint8Array[]
    }
    expect(out.a).toEqual(bytes)
    expect(out.b[0]).toEqual(new Uint8Array(0))
    expect(out.b[1]).toEqual(new Uint8Array([1, 254]))
  })

  it('keeps a Node Buffer as bytes (not the array Buffer.toJSON makes)', () => {
    const out = roundTrip(Buffer.from('abc'))
    expect(out).toBeInstanceOf(Uint8Array)
    expect(Array.from(out as Uint8Array)).toEqual([97, 98, 99])
  })

  it('decodes from a view of shared memory, copying everything out', () => {
    const encoded = encodeValue({ text: 'x', data: new Uint8Array([7, 8]) })
    const shared = new Uint8Array(new SharedArrayBuffer(encoded.length + 8))
    shared.set(encoded, 8)
    const out = decodeValue(shared.subarray(8)) as { text: string; data: Uint8Array }
    shared.fill(0)
    expect(out.text).toBe('x')
    expect(Array.from(out.data)).toEqual([7, 8])
    expect(out.data.buffer).toBeInstanceOf(ArrayBuffer)
  })

  it('rebuilds Stats and Dirent with their methods', () => {
    const vfs = createVfs()
    vfs.mkdir('/d')
    vfs.writeFile('/d/f.txt', 'four')
    const stats = roundTrip(vfs.stat('/d/f.txt')) as Stats
    expect(stats).toBeInstanceOf(Stats)
    expect(stats.isFile()).toBe(true)
    expect(stats.size).toBe(4)
    expect(stats.mtimeNs).toBe(vfs.stat('/d/f.txt').mtimeNs)
    expect(stats.mtime.getTime()).toBe(Math.floor(vfs.stat('/d/f.txt').mtimeMs))
    const [dirent] = roundTrip(vfs.readdir('/d', { withFileTypes: true })) as Dirent[]
    expect(dirent).toBeInstanceOf(Dirent)
    expect([dirent?.name, dirent?.parentPath, dirent?.isFile(), dirent?.isDirectory()]).toEqual([
      'f.txt',
      '/d',
      true,
      false,
    ])
  })

  it('toWireValue output survives structured clone and fromWireValue restores the classes', () => {
    const vfs = createVfs()
    vfs.mkdir('/x')
    const cloned = structuredClone(toWireValue([vfs.lstat('/x'), ...vfs.readdir('/', { withFileTypes: true })]))
    const [stats, dirent] = fromWireValue(cloned) as [Stats, Dirent]
    expect(stats.isDirectory()).toBe(true)
    expect(dirent.isDirectory()).toBe(true)
  })
})

describe('toWireError / fromWireError', () => {
  it('rebuilds a VfsError with every field after structured clone', () => {
    const original = new VfsError('ENOENT', { syscall: 'rename', path: '/a', dest: '/b' })
    const rebuilt = fromWireError(structuredClone(toWireError(original)))
    expect(rebuilt).toBeInstanceOf(VfsError)
    expect(rebuilt).toMatchObject({ code: 'ENOENT', errno: -2, syscall: 'rename', path: '/a', dest: '/b' })
    expect(rebuilt.message).toBe(original.message)
    expect(rebuilt.stack).toBe(original.stack)
  })

  it('keeps the class of built-in errors and the fields of Node-style errors', () => {
    const type = fromWireError(toWireError(new TypeError('bad')))
    expect(type).toBeInstanceOf(TypeError)
    expect(type.message).toBe('bad')
    const node = Object.assign(new Error('spawn x ENOENT'), {
      code: 'ENOENT',
      syscall: 'spawn x',
      path: 'x',
      errno: -2,
    })
    expect(fromWireError(structuredClone(toWireError(node)))).toMatchObject({
      code: 'ENOENT',
      syscall: 'spawn x',
      path: 'x',
      errno: -2,
    })
    const custom = new Error('custom')
    custom.name = 'AbortError'
    expect(fromWireError(toWireError(custom)).name).toBe('AbortError')
  })

  it('turns a thrown non-Error into an Error', () => {
    expect(fromWireError(toWireError('plain text')).message).toBe('plain text')
    expect(fromWireError(toWireError(42)).message).toBe('42')
  })
})
