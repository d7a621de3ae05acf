/** The behaviour suite on the in-memory tree, plus the time rules checked against an injected clock. */
import { constants as C, createVfs } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'
import { behaviourSuite } from './suite/behaviour.js'
import { expectError } from './suite/expect.js'

behaviourSuite('memory', async () => {
  const vfs = createVfs()
  vfs.mkdir('/home/user', { recursive: true })
  return { vfs, dir: '/home/user', cleanup: async () => {} }
})

describe('times from an injected clock', () => {
  /** A VFS whose clock returns 1000, 2000, 3000 … ns, one tick per call. */
  const ticking = () => {
    let now = 0n
    const vfs = createVfs({ clock: () => (now += 1000n) })
    return { vfs, peek: () => now }
  }

  it('stamps creation with one reading of the clock', () => {
    const { vfs, peek } = ticking()
    vfs.writeFile('/f', '')
    const st = vfs.stat('/f')
    expect(st.birthtimeNs).toBe(st.mtimeNs)
    expect(st.ctimeNs).toBe(st.mtimeNs)
    expect(st.atimeNs).toBe(st.mtimeNs)
    expect(st.mtimeNs).toBeLessThanOrEqual(peek())
    // The directory entry was added after the inode was made.
    expect(vfs.stat('/').mtimeNs).toBeGreaterThan(st.birthtimeNs)
  })

  it('moves exactly the times POSIX names, to the clock’s current reading', () => {
    const { vfs, peek } = ticking()
    vfs.mkdir('/d')
    vfs.writeFile('/d/f', 'x')
    const born = vfs.stat('/d/f')

    const fd = vfs.open('/d/f', 'r+')
    vfs.write(fd, 'y')
    const afterWrite = vfs.fstat(fd)
    expect(afterWrite.mtimeNs).toBe(peek())
    expect(afterWrite.ctimeNs).toBe(peek())
    expect(afterWrite.atimeNs).toBe(born.atimeNs)

    vfs.read(fd, new Uint8Array(1), 0, 1, 0)
    const afterRead = vfs.fstat(fd)
    expect(afterRead.atimeNs).toBe(peek())
    expect(afterRead.mtimeNs).toBe(afterWrite.mtimeNs)
    expect(afterRead.ctimeNs).toBe(afterWrite.ctimeNs)
    vfs.close(fd)

    vfs.chmod('/d/f', 0o600)
    const afterChmod = vfs.stat('/d/f')
    expect(afterChmod.ctimeNs).toBe(peek())
    expect(afterChmod.mtimeNs).toBe(afterWrite.mtimeNs)

    const dirBefore = vfs.stat('/d')
    vfs.rename('/d/f', '/d/g')
    const dirAfter = vfs.stat('/d')
    expect(dirAfter.mtimeNs).toBeGreaterThan(dirBefore.mtimeNs)
    expect(vfs.stat('/d/g').ctimeNs).toBe(peek())
    expect(vfs.stat('/d/g').birthtimeNs).toBe(born.birthtimeNs)
  })

  it('utimensAt takes "now" from the clock and leaves "omit" alone', () => {
    const { vfs, peek } = ticking()
    vfs.writeFile('/f', '')
    vfs.utimes('/f', 5n, 7n)
    const dirFd = vfs.open('/', 'r')
    vfs.utimensAt(dirFd, 'f', 'now', 'omit')
    expect(vfs.stat('/f').atimeNs).toBe(peek())
    expect(vfs.stat('/f').mtimeNs).toBe(7n)
    const ctime = vfs.stat('/f').ctimeNs
    // Both omitted: nothing changes, not even ctime.
    vfs.utimensAt(dirFd, 'f', 'omit', 'omit')
    expect(vfs.stat('/f').ctimeNs).toBe(ctime)
    vfs.close(dirFd)
  })
})

describe('descriptor table limits', () => {
  it('fails with EMFILE when full, before creating anything', () => {
    const vfs = createVfs()
    vfs.writeFile('/f', '')
    const fds: number[] = []
    for (;;) {
      try {
        fds.push(vfs.open('/f', 'r'))
      } catch (error) {
        expect((error as { code?: string }).code).toBe('EMFILE')
        break
      }
    }
    expect(fds.length).toBe(65_536)
    expectError(() => vfs.open('/new', C.O_CREAT | C.O_WRONLY), { code: 'EMFILE', syscall: 'open', path: '/new' })
    expect(vfs.exists('/new')).toBe(false)
    vfs.close(fds.pop() as number)
    const fd = vfs.open('/new', C.O_CREAT | C.O_WRONLY)
    expect(vfs.exists('/new')).toBe(true)
    vfs.close(fd)
    for (const open of fds) vfs.close(open)
  })
})
