import { createVfs, decodeSnapshot, isVfsError } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'

describe('snapshots', () => {
  it('round-trips a tree with symlinks, hard links, modes and nanosecond mtimes', () => {
    const a = createVfs()
    a.mkdir('/src/lib', { recursive: true })
    a.writeFile('/src/lib/a.txt', 'alpha')
    a.writeFile('/src/run.sh', '#!/bin/sh\n')
    a.chmod('/src/run.sh', 0o755)
    a.symlink('lib/a.txt', '/src/link')
    a.link('/src/lib/a.txt', '/src/hard')
    a.utimes('/src/lib/a.txt', 1n, 1_700_000_000_123_456_789n)
    const bytes = a.exportSnapshot('/src')

    const b = createVfs()
    b.importSnapshot('/dst', bytes)
    expect(b.readdir('/dst', { recursive: true })).toEqual(['hard', 'lib', 'lib/a.txt', 'link', 'run.sh'])
    expect(b.readFile('/dst/lib/a.txt', 'utf8')).toBe('alpha')
    expect(b.readlink('/dst/link')).toBe('lib/a.txt')
    expect(b.stat('/dst/run.sh').mode & 0o777).toBe(0o755)
    expect(b.stat('/dst/lib/a.txt').mtimeNs).toBe(1_700_000_000_123_456_789n)
    expect(b.stat('/dst/hard').ino).toBe(b.stat('/dst/lib/a.txt').ino)
    expect(b.stat('/dst/hard').nlink).toBe(2)
  })

  it('rejects a corrupt snapshot with EINVAL and writes nothing', () => {
    const a = createVfs()
    a.mkdir('/src')
    a.writeFile('/src/f', 'x')
    const bytes = a.exportSnapshot('/src')
    const corrupt = bytes.slice()
    corrupt[corrupt.length - 6] ^= 0xff
    expect(decodeSnapshot(corrupt)).toBeNull()
    const b = createVfs()
    let error: unknown
    try {
      b.importSnapshot('/dst', corrupt)
    } catch (e) {
      error = e
    }
    expect(isVfsError(error, 'EINVAL')).toBe(true)
    expect((error as { syscall: string }).syscall).toBe('import')
    expect(b.exists('/dst')).toBe(false)
    expect(decodeSnapshot(bytes.subarray(0, 20))).toBeNull()
  })

  it('replaces a file or a symlink standing where the snapshot has a directory, writing nothing outside', () => {
    const a = createVfs()
    a.mkdir('/src/lib', { recursive: true })
    a.writeFile('/src/lib/a.txt', 'alpha')
    a.mkdir('/src/etc')
    const bytes = a.exportSnapshot('/src')

    const b = createVfs()
    b.mkdir('/outside')
    b.mkdir('/dst')
    b.writeFile('/dst/lib', 'a file in the way')
    b.symlink('/outside', '/dst/etc')
    b.importSnapshot('/dst', bytes)
    expect(b.readFile('/dst/lib/a.txt', 'utf8')).toBe('alpha')
    expect(b.lstat('/dst/etc').isDirectory()).toBe(true)
    expect(b.readdir('/outside')).toEqual([])
  })
})
