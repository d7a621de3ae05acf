/**
 * The descriptor-relative calls the WASI host is built on (`path_open` →
 * openAt …), and `beneath`, the confinement WASI preopens rely on: nothing
 * resolved from a directory descriptor may leave it (ENOTCAPABLE).
 */
import { constants as C, createVfs, ERRNO, type Vfs } from '@aspect-build/virtual-fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { expectError, text } from './suite/expect.js'

describe('*At calls relative to a directory descriptor', () => {
  let vfs: Vfs
  let dirFd: number

  beforeEach(() => {
    vfs = createVfs()
    vfs.mkdir('/box/sub', { recursive: true })
    vfs.mkdir('/elsewhere')
    vfs.chdir('/elsewhere')
    dirFd = vfs.open('/box', C.O_RDONLY | C.O_DIRECTORY)
  })

  it('openAt resolves from the directory, not the cwd', () => {
    const fd = vfs.openAt(dirFd, 'sub/f', C.O_CREAT | C.O_RDWR, 0o640)
    vfs.write(fd, 'hi')
    vfs.close(fd)
    expect(vfs.readFile('/box/sub/f', 'utf8')).toBe('hi')
    expect(vfs.stat('/box/sub/f').mode & 0o777).toBe(0o640 & ~vfs.umask)
    expect(vfs.exists('/elsewhere/sub')).toBe(false)
    const again = vfs.openAt(dirFd, './sub/../sub/f', C.O_RDONLY)
    const buf = new Uint8Array(2)
    vfs.read(again, buf)
    expect(text(buf)).toBe('hi')
    vfs.close(again)
    expectError(() => vfs.openAt(dirFd, 'missing', C.O_RDONLY), { code: 'ENOENT', syscall: 'open', path: 'missing' })
  })

  it('statAt describes the link itself unless follow is set', () => {
    vfs.writeFile('/box/f', 'abc')
    vfs.symlink('f', '/box/l')
    expect(vfs.statAt(dirFd, 'l').isSymbolicLink()).toBe(true)
    expect(vfs.statAt(dirFd, 'l', { follow: true }).size).toBe(3)
    expect(vfs.statAt(dirFd, '.').ino).toBe(vfs.stat('/box').ino)
    expectError(() => vfs.statAt(dirFd, 'nope'), { code: 'ENOENT', syscall: 'stat', path: 'nope' })
  })

  it('mkdirAt, unlinkAt and rmdir through unlinkAt', () => {
    vfs.mkdirAt(dirFd, 'made', 0o700)
    expect(vfs.stat('/box/made').mode & 0o777).toBe(0o700)
    expectError(() => vfs.mkdirAt(dirFd, 'made'), { code: 'EEXIST', syscall: 'mkdir', path: 'made' })
    vfs.writeFile('/box/f', '')
    expectError(() => vfs.unlinkAt(dirFd, 'made', false), { code: 'EISDIR', syscall: 'unlink', path: 'made' })
    expectError(() => vfs.unlinkAt(dirFd, 'f', true), { code: 'ENOTDIR', syscall: 'rmdir', path: 'f' })
    vfs.unlinkAt(dirFd, 'made', true)
    vfs.unlinkAt(dirFd, 'f', false)
    expect(vfs.readdir('/box')).toEqual(['sub'])
  })

  it('renameAt and linkAt between two directory descriptors', () => {
    const subFd = vfs.open('/box/sub', 'r')
    vfs.writeFile('/box/f', 'x')
    vfs.renameAt(dirFd, 'f', subFd, 'g')
    expect(vfs.readFile('/box/sub/g', 'utf8')).toBe('x')
    vfs.linkAt(subFd, 'g', dirFd, 'h')
    expect(vfs.stat('/box/h').ino).toBe(vfs.stat('/box/sub/g').ino)
    expect(vfs.stat('/box/h').nlink).toBe(2)
    vfs.close(subFd)
  })

  it('linkAt links the symlink itself unless follow is set', () => {
    vfs.writeFile('/box/f', '')
    vfs.symlinkAt('f', dirFd, 'l')
    vfs.linkAt(dirFd, 'l', dirFd, 'link-to-link')
    vfs.linkAt(dirFd, 'l', dirFd, 'link-to-file', { follow: true })
    expect(vfs.lstat('/box/link-to-link').isSymbolicLink()).toBe(true)
    expect(vfs.lstat('/box/link-to-file').ino).toBe(vfs.stat('/box/f').ino)
  })

  it('symlinkAt and readlinkAt', () => {
    vfs.symlinkAt('sub/../x', dirFd, 'l')
    expect(vfs.readlinkAt(dirFd, 'l')).toBe('sub/../x')
    expect(vfs.readlink('/box/l')).toBe('sub/../x')
    expectError(() => vfs.symlinkAt('t', dirFd, 'l'), { code: 'EEXIST', syscall: 'symlink', path: 't', dest: 'l' })
    expectError(() => vfs.readlinkAt(dirFd, 'sub'), { code: 'EINVAL', syscall: 'readlink', path: 'sub' })
  })

  it('utimensAt sets nanoseconds, now or nothing, on the link or its target', () => {
    vfs.writeFile('/box/f', '')
    vfs.symlink('f', '/box/l')
    vfs.utimensAt(dirFd, 'f', 10n, 20n)
    expect([vfs.stat('/box/f').atimeNs, vfs.stat('/box/f').mtimeNs]).toEqual([10n, 20n])
    vfs.utimensAt(dirFd, 'f', 'omit', 30n)
    expect([vfs.stat('/box/f').atimeNs, vfs.stat('/box/f').mtimeNs]).toEqual([10n, 30n])
    const before = vfs.stat('/box/f').ctimeNs
    vfs.utimensAt(dirFd, 'f', 'now', 'omit')
    expect(vfs.stat('/box/f').atimeNs).toBeGreaterThan(before)
    expect(vfs.stat('/box/f').atimeNs).toBe(vfs.stat('/box/f').ctimeNs)
    vfs.utimensAt(dirFd, 'l', 1n, 2n)
    expect(vfs.lstat('/box/l').mtimeNs).toBe(2n)
    expect(vfs.stat('/box/f').mtimeNs).toBe(30n)
    vfs.utimensAt(dirFd, 'l', 3n, 4n, { follow: true })
    expect(vfs.stat('/box/f').mtimeNs).toBe(4n)
    const fd = vfs.open('/box/f', 'r')
    vfs.futimens(fd, 5n, 'omit')
    expect(vfs.stat('/box/f').atimeNs).toBe(5n)
    vfs.close(fd)
  })

  it('fails on descriptors that are not open directories', () => {
    vfs.writeFile('/box/f', '')
    const fileFd = vfs.open('/box/f', 'r')
    expectError(() => vfs.openAt(fileFd, 'x', C.O_RDONLY), { code: 'ENOTDIR', syscall: 'openat', path: null })
    expectError(() => vfs.mkdirAt(fileFd, 'x'), { code: 'ENOTDIR', syscall: 'mkdirat' })
    vfs.close(fileFd)
    expectError(() => vfs.statAt(fileFd, 'x'), { code: 'EBADF', syscall: 'fstatat', path: null })
    expectError(() => vfs.renameAt(dirFd, 'f', 999, 'g'), { code: 'EBADF', syscall: 'renameat' })
  })

  it('creates nothing in a directory removed while open', () => {
    vfs.mkdir('/box/gone')
    const goneFd = vfs.open('/box/gone', 'r')
    vfs.rmdir('/box/gone')
    expectError(() => vfs.openAt(goneFd, 'f', C.O_CREAT | C.O_WRONLY), { code: 'ENOENT', syscall: 'open', path: 'f' })
    expectError(() => vfs.mkdirAt(goneFd, 'd'), { code: 'ENOENT', syscall: 'mkdir', path: 'd' })
    vfs.writeFile('/box/f', '')
    expectError(() => vfs.renameAt(dirFd, 'f', goneFd, 'f'), { code: 'ENOENT', syscall: 'rename' })
    expect(vfs.readdir(goneFd)).toEqual([])
    vfs.close(goneFd)
  })
})

describe('beneath: resolution confined to the starting directory', () => {
  let vfs: Vfs
  let box: number
  const confined = { beneath: true }
  const capable = (fn: () => unknown, syscall: string, path?: string): void => {
    const error = expectError(fn, { code: 'ENOTCAPABLE', syscall, ...(path === undefined ? {} : { path }) })
    expect(error.errno).toBe(-(ERRNO.ENOTCAPABLE[0] as number))
  }

  beforeEach(() => {
    vfs = createVfs()
    vfs.mkdir('/box/sub', { recursive: true })
    vfs.writeFile('/box/sub/f', 'inside')
    vfs.writeFile('/secret', 'outside')
    vfs.symlink('/secret', '/box/abs')
    vfs.symlink('../secret', '/box/up')
    vfs.symlink('sub/f', '/box/down')
    vfs.symlink('../sub/f', '/box/sub/sibling')
    vfs.symlink('/box/sub/f', '/box/abs-inside')
    box = vfs.open('/box', C.O_RDONLY | C.O_DIRECTORY)
  })

  it('allows paths that stay inside, .. included', () => {
    const fd = vfs.openAt(box, 'sub/../sub/./f', C.O_RDONLY, 0, confined)
    expect(vfs.fstat(fd).size).toBe(6)
    vfs.close(fd)
    expect(vfs.statAt(box, '.', confined).ino).toBe(vfs.stat('/box').ino)
    expect(vfs.statAt(box, 'down', { beneath: true, follow: true }).size).toBe(6)
    expect(vfs.statAt(box, 'sub/sibling', { beneath: true, follow: true }).size).toBe(6)
  })

  it('refuses .. above the start', () => {
    capable(() => vfs.openAt(box, '..', C.O_RDONLY, 0, confined), 'open', '..')
    capable(() => vfs.openAt(box, '../secret', C.O_RDONLY, 0, confined), 'open', '../secret')
    capable(() => vfs.openAt(box, 'sub/../../secret', C.O_RDONLY, 0, confined), 'open')
    capable(() => vfs.statAt(box, 'sub/../..', confined), 'stat')
    // Without beneath, the same path is fine.
    const fd = vfs.openAt(box, '../secret', C.O_RDONLY)
    vfs.close(fd)
  })

  it('refuses absolute paths', () => {
    capable(() => vfs.openAt(box, '/secret', C.O_RDONLY, 0, confined), 'open', '/secret')
    capable(() => vfs.openAt(box, '/box/sub/f', C.O_RDONLY, 0, confined), 'open')
    capable(() => vfs.mkdirAt(box, '/new', 0o777, confined), 'mkdir')
    expect(vfs.exists('/new')).toBe(false)
  })

  it('refuses symlinks that are absolute or climb out, wherever they sit in the path', () => {
    capable(() => vfs.openAt(box, 'abs', C.O_RDONLY, 0, confined), 'open', 'abs')
    capable(() => vfs.openAt(box, 'abs-inside', C.O_RDONLY, 0, confined), 'open')
    capable(() => vfs.openAt(box, 'up', C.O_RDONLY, 0, confined), 'open', 'up')
    capable(() => vfs.statAt(box, 'up', { beneath: true, follow: true }), 'stat')
    vfs.symlink('/', '/box/root')
    capable(() => vfs.statAt(box, 'root/secret', confined), 'stat')
    // O_CREAT through an escaping link must not create anything outside.
    vfs.symlink('../created', '/box/escape')
    capable(() => vfs.openAt(box, 'escape', C.O_CREAT | C.O_WRONLY, 0o644, confined), 'open')
    expect(vfs.exists('/created')).toBe(false)
  })

  it('still reads and lists links without following them', () => {
    expect(vfs.readlinkAt(box, 'abs', confined)).toBe('/secret')
    expect(vfs.statAt(box, 'abs', confined).isSymbolicLink()).toBe(true)
    vfs.unlinkAt(box, 'abs', false, confined)
    expect(vfs.exists('/secret')).toBe(true)
  })

  it('confines every *At call', () => {
    const sub = vfs.open('/box/sub', 'r')
    capable(() => vfs.mkdirAt(sub, '../../evil', 0o777, confined), 'mkdir')
    capable(() => vfs.unlinkAt(box, '../secret', false, confined), 'unlink')
    capable(() => vfs.renameAt(box, 'sub/f', box, '../stolen', confined), 'rename')
    capable(() => vfs.renameAt(box, '../secret', box, 'taken', confined), 'rename')
    capable(() => vfs.linkAt(box, '../secret', box, 'hard', confined), 'link')
    capable(() => vfs.linkAt(box, 'up', box, 'hard', { beneath: true, follow: true }), 'link')
    capable(() => vfs.symlinkAt('x', box, '../evil-link', confined), 'symlink')
    capable(() => vfs.readlinkAt(box, '../box/abs', confined), 'readlink')
    capable(() => vfs.utimensAt(box, 'up', 1n, 1n, { beneath: true, follow: true }), 'utime')
    capable(() => vfs.statAt(sub, '../..', confined), 'stat')
    expect(vfs.readFile('/secret', 'utf8')).toBe('outside')
    expect(vfs.readdir('/').sort()).toEqual(['box', 'secret'])
    vfs.close(sub)
  })

  it('holds at a mount root: .. from it is refused too', () => {
    vfs.mount('/box/mnt', { name: 'memory', records: [], store: null })
    const mnt = vfs.open('/box/mnt', 'r')
    capable(() => vfs.statAt(mnt, '..', confined), 'stat')
    expect(vfs.statAt(box, 'mnt', confined).dev).not.toBe(vfs.statAt(box, 'sub', confined).dev)
    vfs.close(mnt)
  })
})
