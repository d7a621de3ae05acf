/** The mount layer (design §4.1): longest prefix wins, `..` leaves a mount, devices differ, unmount refuses busy mounts. */
import { createVfs, memoryBackend, type Vfs } from '@aspect-build/virtual-fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { expectError, expectRejection } from './suite/expect.js'

describe('mounts', () => {
  let vfs: Vfs

  beforeEach(() => {
    vfs = createVfs()
    vfs.mkdir('/project')
    vfs.writeFile('/project/covered', 'hidden while mounted')
  })

  it('routes each path to the longest mounted prefix', () => {
    vfs.mount('/project', memoryBackend())
    vfs.mount('/project/cache', memoryBackend())
    vfs.writeFile('/top', 'root fs')
    vfs.writeFile('/project/a', 'outer')
    vfs.writeFile('/project/cache/b', 'inner')
    const [root, outer, inner] = [vfs.stat('/'), vfs.stat('/project'), vfs.stat('/project/cache')]
    expect(new Set([root.dev, outer.dev, inner.dev]).size).toBe(3)
    expect(vfs.stat('/top').dev).toBe(root.dev)
    expect(vfs.stat('/project/a').dev).toBe(outer.dev)
    expect(vfs.stat('/project/cache/b').dev).toBe(inner.dev)
    expect(vfs.readdir('/project')).toEqual(['a', 'cache'])
    expect(vfs.readdir('/project/cache')).toEqual(['b'])
    // Each filesystem numbers its own inodes; the pair (dev, ino) is unique.
    expect(outer.ino).toBe(inner.ino)
  })

  it('covers the directory it is mounted on until unmounted', async () => {
    vfs.mount('/project', memoryBackend())
    expect(vfs.readdir('/project')).toEqual([])
    expect(vfs.exists('/project/covered')).toBe(false)
    vfs.writeFile('/project/new', 'on the mount')
    await vfs.unmount('/project')
    expect(vfs.readdir('/project')).toEqual(['covered'])
    expect(vfs.readFile('/project/covered', 'utf8')).toBe('hidden while mounted')
  })

  it('resolves .. at a mount root to the directory above the mount point', () => {
    vfs.mkdir('/a/b', { recursive: true })
    vfs.mount('/a/b/m', memoryBackend())
    vfs.mkdir('/a/b/m/inner')
    expect(vfs.stat('/a/b/m/..').ino).toBe(vfs.stat('/a/b').ino)
    expect(vfs.stat('/a/b/m/inner/../..').dev).toBe(vfs.stat('/a').dev)
    expect(vfs.realpath('/a/b/m/inner/..')).toBe('/a/b/m')
    expect(vfs.realpath('/a/b/m/inner/../../..')).toBe('/a')
    vfs.symlink('../../outside', '/a/b/m/inner/up')
    vfs.writeFile('/a/b/outside', 'x')
    expect(vfs.readFile('/a/b/m/inner/up', 'utf8')).toBe('x')
  })

  it('shows the mount point as a directory in its parent listing', () => {
    vfs.mount('/mnt/data', memoryBackend())
    const [entry] = vfs.readdir('/mnt', { withFileTypes: true })
    expect(entry?.name).toBe('data')
    expect(entry?.isDirectory()).toBe(true)
    expect(vfs.readdir('/', { recursive: true })).toContain('mnt/data')
  })

  it('refuses hard links and renames across mounts, allows symlinks and copies', () => {
    vfs.mount('/m', memoryBackend())
    vfs.writeFile('/f', 'x')
    expectError(() => vfs.link('/f', '/m/f'), { code: 'EXDEV', syscall: 'link', path: '/f', dest: '/m/f' })
    expectError(() => vfs.rename('/f', '/m/f'), { code: 'EXDEV', syscall: 'rename', path: '/f', dest: '/m/f' })
    // EXDEV is decided by the two parent directories, before the source is looked at (Linux's order).
    expectError(() => vfs.rename('/missing', '/m/x'), { code: 'EXDEV', syscall: 'rename' })
    vfs.symlink('/f', '/m/l')
    expect(vfs.readFile('/m/l', 'utf8')).toBe('x')
    vfs.copyFile('/f', '/m/copy')
    expect(vfs.readFile('/m/copy', 'utf8')).toBe('x')
  })

  it('refuses to remove or rename a mount point', () => {
    vfs.mount('/m', memoryBackend())
    expectError(() => vfs.rmdir('/m'), { code: 'EBUSY', syscall: 'rmdir', path: '/m' })
    expectError(() => vfs.rename('/m', '/n'), { code: 'EBUSY', syscall: 'rename', path: '/m' })
    expectError(() => vfs.rm('/m', { recursive: true }), { code: 'EBUSY', syscall: 'rm', path: '/m' })
    expect(vfs.stat('/m').isDirectory()).toBe(true)
  })

  it('unmount fails with EBUSY while descriptors are open on the mount', async () => {
    vfs.mount('/m', memoryBackend())
    vfs.writeFile('/m/f', 'x')
    const fd = vfs.open('/m/f', 'r')
    await expectRejection(() => vfs.unmount('/m'), { code: 'EBUSY', syscall: 'umount', path: '/m' })
    vfs.close(fd)
    const dirFd = vfs.open('/m', 'r')
    await expectRejection(() => vfs.unmount('/m'), { code: 'EBUSY', syscall: 'umount', path: '/m' })
    vfs.close(dirFd)
    await vfs.unmount('/m')
    expect(vfs.exists('/m/f')).toBe(false)
  })

  it('unmount fails with EBUSY while the cwd is inside the mount', async () => {
    vfs.mount('/m', memoryBackend())
    vfs.mkdir('/m/sub')
    vfs.chdir('/m/sub')
    await expectRejection(() => vfs.unmount('/m'), { code: 'EBUSY', syscall: 'umount', path: '/m' })
    vfs.chdir('/')
    await vfs.unmount('/m')
  })

  it('unmount fails with EBUSY while another mount sits inside', async () => {
    vfs.mount('/m', memoryBackend())
    vfs.mount('/m/n', memoryBackend())
    await expectRejection(() => vfs.unmount('/m'), { code: 'EBUSY', syscall: 'umount', path: '/m' })
    await vfs.unmount('/m/n')
    await vfs.unmount('/m')
    expect(vfs.mountTable().map((m) => m.path)).toEqual(['/'])
  })

  it('unmount fails on what is not a mount point', async () => {
    await expectRejection(() => vfs.unmount('/project'), { code: 'EINVAL', syscall: 'umount', path: '/project' })
    await expectRejection(() => vfs.unmount('/'), { code: 'EINVAL', syscall: 'umount', path: '/' })
    await expectRejection(() => vfs.unmount('/missing'), { code: 'ENOENT', syscall: 'umount', path: '/missing' })
  })

  it('mount refuses the root, files and an occupied mount point; creates a missing one', () => {
    vfs.writeFile('/file', '')
    expectError(() => vfs.mount('/', memoryBackend()), { code: 'EBUSY', syscall: 'mount', path: '/' })
    expectError(() => vfs.mount('/file', memoryBackend()), { code: 'ENOTDIR', syscall: 'mount', path: '/file' })
    vfs.mount('/new/place', memoryBackend())
    expectError(() => vfs.mount('/new/place', memoryBackend()), { code: 'EBUSY', syscall: 'mount', path: '/new/place' })
    expect(vfs.stat('/new').isDirectory()).toBe(true)
  })

  it('mountTable lists every mount with its backend and device, and follows renames', () => {
    vfs.mount('/project', memoryBackend())
    vfs.mkdir('/outer')
    vfs.mount('/outer/cache', { name: 'custom', records: [], store: null })
    const table = vfs.mountTable()
    expect(table.map((m) => [m.path, m.backend])).toEqual([
      ['/', 'memory'],
      ['/project', 'memory'],
      ['/outer/cache', 'custom'],
    ])
    expect(table.map((m) => m.dev)).toEqual([vfs.stat('/').dev, vfs.stat('/project').dev, vfs.stat('/outer/cache').dev])
    vfs.rename('/outer', '/moved')
    expect(vfs.mountTable().map((m) => m.path)).toEqual(['/', '/project', '/moved/cache'])
    expect(vfs.realpath('/moved/cache')).toBe('/moved/cache')
  })

  it('never reuses a device number', async () => {
    vfs.mount('/m', memoryBackend())
    const first = vfs.stat('/m').dev
    await vfs.unmount('/m')
    vfs.mount('/m', memoryBackend())
    expect(vfs.stat('/m').dev).not.toBe(first)
  })

  it('recursive watches above a mount see changes inside it', async () => {
    vfs.mount('/project', memoryBackend())
    vfs.mkdir('/project/src')
    const events: string[] = []
    const watcher = vfs.watch('/', { recursive: true }, (_event, name) => events.push(name))
    vfs.writeFile('/project/src/x', 'x')
    await new Promise((resolve) => setTimeout(resolve, 0))
    watcher.close()
    expect(events).toContain('project/src/x')
  })
})
