/**
 * The POSIX behaviour suite: one set of tests, run once per backend (memory
 * in Node; IndexedDB and OPFS in Chromium) through a small setup file. Every
 * test works inside `target.dir`. Expected results are Linux's (checked
 * against Linux 6.x with Node's `fs` while the suite was written), not this
 * implementation's.
 */
import { constants as C, type Dirent, memoryBackend, O_ACCMODE, type Stats, type Vfs } from '@aspect-build/virtual-fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bytes, expectError, text } from './expect.js'
import type { SuiteSetup, SuiteTarget } from './types.js'

/** One inode as the reopen checks compare it. */
interface Described {
  path: string
  kind: 'file' | 'dir' | 'symlink'
  mode: number
  ino: number
  nlink: number
  size: number
  mtimeNs: bigint
  ctimeNs: bigint
  birthtimeNs: bigint
  content?: string
  target?: string
}

function kindOf(st: Stats): Described['kind'] {
  return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'file'
}

/** Every inode below `root`, described without following links (lstat before readdir, so atime does not matter). */
function describeTree(fs: Vfs, root: string): Described[] {
  const out: Described[] = []
  const visit = (path: string, rel: string): void => {
    const st = fs.lstat(path)
    const kind = kindOf(st)
    const entry: Described = {
      path: rel,
      kind,
      mode: st.mode,
      ino: st.ino,
      nlink: st.nlink,
      size: st.size,
      mtimeNs: st.mtimeNs,
      ctimeNs: st.ctimeNs,
      birthtimeNs: st.birthtimeNs,
    }
    if (kind === 'file') entry.content = Array.from(fs.readFile(path), (b) => b.toString(16)).join(',')
    if (kind === 'symlink') entry.target = fs.readlink(path)
    out.push(entry)
    if (kind === 'dir') for (const name of fs.readdir(path)) visit(`${path}/${name}`, `${rel}/${name}`)
  }
  visit(root, '.')
  return out
}

/** The bytes 0..255, twice: content no text encoding would survive. */
const BINARY = Uint8Array.from({ length: 512 }, (_, i) => i & 0xff)

/**
 * Defines the behaviour suite for one backend. `setup` makes a fresh,
 * empty target per test; its `cleanup` runs after the test.
 */
export function behaviourSuite(backend: string, setup: SuiteSetup): void {
  describe(`filesystem behaviour: ${backend}`, () => {
    let target: SuiteTarget
    let fs: Vfs
    let dir: string
    /** Absolute path of `rel` inside the target directory. */
    const p = (rel: string): string => `${dir}/${rel}`
    const mtime = (path: string): bigint => fs.lstat(path).mtimeNs
    const ctime = (path: string): bigint => fs.lstat(path).ctimeNs
    const atime = (path: string): bigint => fs.lstat(path).atimeNs
    /** Swaps in the target the storage reopens as (the persistent backends' contract). */
    const reopen = async (): Promise<void> => {
      if (!target.reopen) throw new Error(`${backend} targets cannot reopen`)
      target = await target.reopen()
      fs = target.vfs
      dir = target.dir
    }
    /** A known past time, well before anything the clock returns now. */
    const PAST = 1_000_000_000_123_456_789n

    beforeEach(async () => {
      target = await setup()
      fs = target.vfs
      dir = target.dir
    })

    afterEach(async () => {
      await target.cleanup()
    })

    describe('. and ..', () => {
      it('resolves . and .. inside paths', () => {
        fs.mkdir(p('a/b'), { recursive: true })
        fs.writeFile(p('a/b/f'), 'x')
        expect(fs.stat(p('a/./b/../b/./f')).ino).toBe(fs.stat(p('a/b/f')).ino)
        expect(fs.stat(p('a/b/..')).ino).toBe(fs.stat(p('a')).ino)
        expect(fs.stat(p('a/b/../..')).ino).toBe(fs.stat(dir).ino)
        expect(fs.stat(p('.')).ino).toBe(fs.stat(dir).ino)
        expect(fs.readFile(p('a/b/../b/f'), 'utf8')).toBe('x')
      })

      it('treats .. of the root as the root', () => {
        expect(fs.stat('/..').ino).toBe(fs.stat('/').ino)
        expect(fs.stat('/../../.').ino).toBe(fs.stat('/').ino)
        expect(fs.stat(`/../..${dir}`).ino).toBe(fs.stat(dir).ino)
      })

      it('never lists . or ..', () => {
        fs.mkdir(p('d'))
        expect(fs.readdir(p('d'))).toEqual([])
        fs.writeFile(p('d/x'), '')
        expect(fs.readdir(p('d'))).toEqual(['x'])
      })

      it('needs each component before . or .. to exist and be a directory', () => {
        fs.writeFile(p('f'), '')
        expectError(() => fs.stat(p('f/.')), { code: 'ENOTDIR', syscall: 'stat', path: p('f/.') })
        expectError(() => fs.stat(p('f/..')), { code: 'ENOTDIR', syscall: 'stat', path: p('f/..') })
        expectError(() => fs.stat(p('missing/..')), { code: 'ENOENT', syscall: 'stat', path: p('missing/..') })
      })

      it('refuses to create, remove or rename . and ..', () => {
        fs.mkdir(p('d'))
        expectError(() => fs.mkdir(p('d/.')), { code: 'EEXIST', syscall: 'mkdir', path: p('d/.') })
        expectError(() => fs.rmdir(p('d/.')), { code: 'EINVAL', syscall: 'rmdir', path: p('d/.') })
        expectError(() => fs.rmdir(p('d/..')), { code: 'ENOTEMPTY', syscall: 'rmdir', path: p('d/..') })
        expectError(() => fs.rename(p('d/.'), p('e')), { code: 'EBUSY', syscall: 'rename', path: p('d/.') })
        expectError(() => fs.rename(p('d'), p('d/..')), {
          code: 'EBUSY',
          syscall: 'rename',
          path: p('d'),
          dest: p('d/..'),
        })
        expectError(() => fs.open(p('.'), C.O_CREAT | C.O_RDONLY), { code: 'EISDIR', syscall: 'open', path: p('.') })
        expect(fs.exists(p('d'))).toBe(true)
      })

      it('resolves relative paths against the cwd', () => {
        const before = fs.cwd()
        try {
          fs.mkdir(p('w'))
          fs.chdir(p('w'))
          expect(fs.cwd()).toBe(fs.realpath(p('w')))
          fs.writeFile('rel.txt', 'r')
          fs.mkdir('sub')
          expect(fs.readFile(p('w/rel.txt'), 'utf8')).toBe('r')
          expect(fs.readFile('./sub/../rel.txt', 'utf8')).toBe('r')
          expect(fs.stat('..').ino).toBe(fs.stat(dir).ino)
          expectError(() => fs.chdir('rel.txt'), { code: 'ENOTDIR', syscall: 'chdir', path: 'rel.txt' })
          expectError(() => fs.chdir('nope'), { code: 'ENOENT', syscall: 'chdir', path: 'nope' })
        } finally {
          fs.chdir(before)
        }
      })

      it('keeps the cwd on its directory when that directory is renamed', () => {
        const before = fs.cwd()
        try {
          fs.mkdir(p('old'))
          fs.chdir(p('old'))
          fs.rename(p('old'), p('new'))
          expect(fs.cwd()).toBe(fs.realpath(p('new')))
          fs.writeFile('here', 'x')
          expect(fs.readFile(p('new/here'), 'utf8')).toBe('x')
          // A removed cwd takes no new entries.
          fs.unlink('here')
          fs.rmdir(p('new'))
          expectError(() => fs.writeFile('again', 'x'), { code: 'ENOENT', syscall: 'open', path: 'again' })
        } finally {
          fs.chdir(before)
        }
      })

      it('rejects the empty path with ENOENT', () => {
        expectError(() => fs.stat(''), { code: 'ENOENT', syscall: 'stat', path: '' })
        expectError(() => fs.writeFile('', 'x'), { code: 'ENOENT', syscall: 'open', path: '' })
      })
    })

    describe('name and path limits', () => {
      it('allows 255-byte names and refuses longer ones, counting UTF-8 bytes', () => {
        fs.writeFile(p('a'.repeat(255)), '')
        fs.writeFile(p('€'.repeat(85)), '')
        expect(fs.readdir(dir).sort()).toEqual(['a'.repeat(255), '€'.repeat(85)].sort())
        expectError(() => fs.writeFile(p('a'.repeat(256)), ''), { code: 'ENAMETOOLONG', syscall: 'open' })
        // 86 three-byte characters are 86 UTF-16 units but 258 bytes.
        expectError(() => fs.mkdir(p('€'.repeat(86))), { code: 'ENAMETOOLONG', syscall: 'mkdir' })
        expectError(() => fs.stat(p('b'.repeat(256))), { code: 'ENAMETOOLONG', syscall: 'stat' })
      })

      it('refuses paths and symlink targets of 4096 bytes or more', () => {
        expect(fs.stat('/'.repeat(4095)).isDirectory()).toBe(true)
        expectError(() => fs.stat('/'.repeat(4096)), { code: 'ENAMETOOLONG', syscall: 'stat' })
        expectError(() => fs.stat(`/${'é/'.repeat(1365)}`), { code: 'ENAMETOOLONG', syscall: 'stat' })
        fs.symlink('x'.repeat(4095), p('long'))
        expect(fs.lstat(p('long')).size).toBe(4095)
        expectError(() => fs.symlink('x'.repeat(4096), p('longer')), { code: 'ENAMETOOLONG', syscall: 'symlink' })
      })
    })

    describe('symlinks', () => {
      it('follows a relative target from the link’s own directory', () => {
        fs.mkdir(p('sub'))
        fs.writeFile(p('f'), 'top')
        fs.symlink('../f', p('sub/up'))
        fs.symlink('f', p('same'))
        expect(fs.readFile(p('sub/up'), 'utf8')).toBe('top')
        expect(fs.readFile(p('same'), 'utf8')).toBe('top')
        expect(fs.stat(p('sub/up')).ino).toBe(fs.stat(p('f')).ino)
        expect(fs.readlink(p('sub/up'))).toBe('../f')
      })

      it('follows an absolute target', () => {
        fs.writeFile(p('f'), 'abs')
        fs.symlink(p('f'), p('abs'))
        expect(fs.readFile(p('abs'), 'utf8')).toBe('abs')
        expect(fs.readlink(p('abs'))).toBe(p('f'))
      })

      it('is followed in the middle of a path, to a directory', () => {
        fs.mkdir(p('real'))
        fs.writeFile(p('real/x'), 'deep')
        fs.symlink('real', p('ln'))
        expect(fs.readFile(p('ln/x'), 'utf8')).toBe('deep')
        expect(fs.stat(p('ln')).isDirectory()).toBe(true)
        expect(fs.readdir(p('ln'))).toEqual(['x'])
        fs.writeFile(p('ln/y'), 'via link')
        expect(fs.readFile(p('real/y'), 'utf8')).toBe('via link')
      })

      it('allows 40 hops and fails the 41st with ELOOP', () => {
        fs.writeFile(p('target'), 'T')
        let prev = 'target'
        for (let i = 0; i <= 40; i++) {
          fs.symlink(prev, p(`l${i}`))
          prev = `l${i}`
        }
        // l39 → … → l0 → target is 40 links followed.
        expect(fs.readFile(p('l39'), 'utf8')).toBe('T')
        expect(fs.stat(p('l39')).isFile()).toBe(true)
        expectError(() => fs.readFile(p('l40')), { code: 'ELOOP', syscall: 'open', path: p('l40') })
        expectError(() => fs.stat(p('l40')), { code: 'ELOOP', syscall: 'stat', path: p('l40') })
        expect(fs.lstat(p('l40')).isSymbolicLink()).toBe(true)
        expect(fs.readlink(p('l40'))).toBe('l39')
      })

      it('counts hops across the whole path', () => {
        fs.mkdir(p('d'))
        fs.symlink('.', p('d/s'))
        expect(fs.stat(p(`d/${'s/'.repeat(40)}.`)).ino).toBe(fs.stat(p('d')).ino)
        expectError(() => fs.stat(p(`d/${'s/'.repeat(41)}.`)), { code: 'ELOOP', syscall: 'stat' })
      })

      it('reports loops with ELOOP', () => {
        fs.symlink('self', p('self'))
        fs.symlink('b', p('a'))
        fs.symlink('a', p('b'))
        expectError(() => fs.stat(p('self')), { code: 'ELOOP', syscall: 'stat', path: p('self') })
        expectError(() => fs.readFile(p('a')), { code: 'ELOOP', syscall: 'open', path: p('a') })
        expectError(() => fs.writeFile(p('b'), 'x'), { code: 'ELOOP', syscall: 'open', path: p('b') })
        expectError(() => fs.stat(p('a/x')), { code: 'ELOOP', syscall: 'stat' })
      })

      it('lstat, readlink and unlink act on the link itself', () => {
        fs.writeFile(p('f'), 'data')
        fs.symlink('f', p('l'))
        const link = fs.lstat(p('l'))
        expect(link.isSymbolicLink()).toBe(true)
        expect(link.isFile()).toBe(false)
        expect(link.mode & C.S_IFMT).toBe(C.S_IFLNK)
        expect(link.mode & 0o777).toBe(0o777)
        expect(link.size).toBe(1)
        expect(link.ino).not.toBe(fs.stat(p('f')).ino)
        expect(fs.stat(p('l')).isFile()).toBe(true)
        fs.unlink(p('l'))
        expect(fs.exists(p('l'))).toBe(false)
        expect(fs.readFile(p('f'), 'utf8')).toBe('data')
      })

      it('reports a link’s size as the UTF-8 length of its target', () => {
        fs.symlink('abcé', p('l'))
        expect(fs.lstat(p('l')).size).toBe(5)
        expect(fs.readlink(p('l'))).toBe('abcé')
      })

      it('keeps targets as written, even ones that do not resolve', () => {
        fs.symlink('missing/../x/./y', p('odd'))
        expect(fs.readlink(p('odd'))).toBe('missing/../x/./y')
        expectError(() => fs.symlink('', p('empty')), { code: 'ENOENT', syscall: 'symlink', path: '' })
      })

      it('fails readlink on what is not a link', () => {
        fs.writeFile(p('f'), '')
        fs.mkdir(p('d'))
        fs.symlink('d', p('ld'))
        expectError(() => fs.readlink(p('f')), { code: 'EINVAL', syscall: 'readlink', path: p('f') })
        expectError(() => fs.readlink(p('d')), { code: 'EINVAL', syscall: 'readlink', path: p('d') })
        expectError(() => fs.readlink(p('ld/')), { code: 'EINVAL', syscall: 'readlink', path: p('ld/') })
        expectError(() => fs.readlink(p('nope')), { code: 'ENOENT', syscall: 'readlink', path: p('nope') })
      })

      it('refuses to replace an existing name', () => {
        fs.writeFile(p('f'), '')
        fs.symlink('x', p('dangling'))
        expectError(() => fs.symlink('t', p('f')), { code: 'EEXIST', syscall: 'symlink', path: 't', dest: p('f') })
        expectError(() => fs.symlink('t', p('dangling')), { code: 'EEXIST', syscall: 'symlink', dest: p('dangling') })
        expectError(() => fs.symlink('t', p('new/')), { code: 'ENOENT', syscall: 'symlink', dest: p('new/') })
        expectError(() => fs.symlink('t', p('nodir/l')), { code: 'ENOENT', syscall: 'symlink', dest: p('nodir/l') })
      })

      it('handles dangling links: lstat and readlink work, everything that follows fails', () => {
        fs.symlink('missing', p('dangling'))
        expect(fs.lstat(p('dangling')).isSymbolicLink()).toBe(true)
        expect(fs.readlink(p('dangling'))).toBe('missing')
        expect(fs.exists(p('dangling'))).toBe(false)
        expectError(() => fs.stat(p('dangling')), { code: 'ENOENT', syscall: 'stat', path: p('dangling') })
        expectError(() => fs.readFile(p('dangling')), { code: 'ENOENT', syscall: 'open', path: p('dangling') })
        expectError(() => fs.realpath(p('dangling')), { code: 'ENOENT', syscall: 'realpath', path: p('dangling') })
        expectError(() => fs.chmod(p('dangling'), 0o600), { code: 'ENOENT', syscall: 'chmod', path: p('dangling') })
        expectError(() => fs.mkdir(p('dangling')), { code: 'EEXIST', syscall: 'mkdir', path: p('dangling') })
        expectError(() => fs.mkdir(p('dangling/')), { code: 'EEXIST', syscall: 'mkdir', path: p('dangling/') })
        expect(fs.exists(p('missing'))).toBe(false)
      })

      it('creates the target when O_CREAT opens through a dangling link', () => {
        fs.mkdir(p('d'))
        fs.symlink('d/made', p('dangling'))
        fs.writeFile(p('dangling'), 'created')
        expect(fs.lstat(p('dangling')).isSymbolicLink()).toBe(true)
        expect(fs.readFile(p('d/made'), 'utf8')).toBe('created')
        fs.symlink('nodir/x', p('deeper'))
        expectError(() => fs.writeFile(p('deeper'), 'x'), { code: 'ENOENT', syscall: 'open', path: p('deeper') })
      })

      it('O_CREAT|O_EXCL and O_NOFOLLOW do not follow a final link', () => {
        fs.symlink('target', p('dangling'))
        expectError(() => fs.open(p('dangling'), C.O_CREAT | C.O_EXCL | C.O_WRONLY), {
          code: 'EEXIST',
          syscall: 'open',
          path: p('dangling'),
        })
        expectError(() => fs.open(p('dangling'), C.O_CREAT | C.O_NOFOLLOW | C.O_WRONLY), {
          code: 'ELOOP',
          syscall: 'open',
          path: p('dangling'),
        })
        expect(fs.exists(p('target'))).toBe(false)
        fs.writeFile(p('f'), 'x')
        fs.mkdir(p('d'))
        fs.symlink('f', p('lf'))
        fs.symlink('d', p('ld'))
        expectError(() => fs.open(p('lf'), C.O_RDONLY | C.O_NOFOLLOW), { code: 'ELOOP', syscall: 'open' })
        expectError(() => fs.open(p('ld'), C.O_RDONLY | C.O_NOFOLLOW | C.O_DIRECTORY), {
          code: 'ENOTDIR',
          syscall: 'open',
        })
        // O_NOFOLLOW only concerns the last component.
        fs.writeFile(p('d/in'), 'inside')
        const fd = fs.open(p('ld/in'), C.O_RDONLY | C.O_NOFOLLOW)
        expect(fs.fstat(fd).size).toBe(6)
        fs.close(fd)
      })

      it('utimes follows a link; lutimes sets the link’s own times', () => {
        fs.writeFile(p('f'), '')
        fs.symlink('f', p('l'))
        fs.lutimes(p('l'), 11n, 22n)
        expect(fs.lstat(p('l')).mtimeNs).toBe(22n)
        expect(fs.stat(p('f')).mtimeNs).not.toBe(22n)
        fs.utimes(p('l'), 33n, 44n)
        expect(fs.stat(p('f')).mtimeNs).toBe(44n)
        expect(fs.lstat(p('l')).mtimeNs).toBe(22n)
      })

      it('chmod follows a link', () => {
        fs.writeFile(p('f'), '')
        fs.symlink('f', p('l'))
        fs.chmod(p('l'), 0o600)
        expect(fs.stat(p('f')).mode & 0o777).toBe(0o600)
        expect(fs.lstat(p('l')).mode & 0o777).toBe(0o777)
      })

      it('rename and rm move or remove the link, not its target', () => {
        fs.mkdir(p('d'))
        fs.writeFile(p('d/x'), 'kept')
        fs.symlink('d', p('ld'))
        fs.rename(p('ld'), p('ld2'))
        expect(fs.readlink(p('ld2'))).toBe('d')
        fs.rm(p('ld2'), { recursive: true })
        expect(fs.exists(p('ld2'))).toBe(false)
        expect(fs.readFile(p('d/x'), 'utf8')).toBe('kept')
      })
    })

    describe('trailing slashes', () => {
      beforeEach(() => {
        fs.writeFile(p('file'), 'x')
        fs.mkdir(p('dir'))
        fs.symlink('dir', p('ldir'))
        fs.symlink('file', p('lfile'))
      })

      it('demand a directory when resolving', () => {
        expectError(() => fs.stat(p('file/')), { code: 'ENOTDIR', syscall: 'stat', path: p('file/') })
        expectError(() => fs.lstat(p('file/')), { code: 'ENOTDIR', syscall: 'lstat', path: p('file/') })
        expectError(() => fs.open(p('file/'), 'r'), { code: 'ENOTDIR', syscall: 'open', path: p('file/') })
        expectError(() => fs.readFile(p('lfile/')), { code: 'ENOTDIR', syscall: 'open', path: p('lfile/') })
        expect(fs.exists(p('file/'))).toBe(false)
        expect(fs.stat(p('dir/')).isDirectory()).toBe(true)
        expect(fs.readdir(p('dir/'))).toEqual([])
        // A trailing slash makes even lstat follow a link to a directory.
        expect(fs.lstat(p('ldir/')).isDirectory()).toBe(true)
        expectError(() => fs.lstat(p('lfile/')), { code: 'ENOTDIR', syscall: 'lstat', path: p('lfile/') })
      })

      it('cannot create a file', () => {
        expectError(() => fs.writeFile(p('new/'), 'x'), { code: 'EISDIR', syscall: 'open', path: p('new/') })
        expectError(() => fs.writeFile(p('file/'), 'x'), { code: 'EISDIR', syscall: 'open', path: p('file/') })
        expectError(() => fs.open(p('dir/'), 'w'), { code: 'EISDIR', syscall: 'open', path: p('dir/') })
        // The directories on the way are resolved first.
        expectError(() => fs.open(p('nodir/new/'), 'w'), { code: 'ENOENT', syscall: 'open', path: p('nodir/new/') })
        expectError(() => fs.open(p('file/new/'), 'w'), { code: 'ENOTDIR', syscall: 'open' })
        // `.` is not a name to create: EEXIST with O_EXCL, else EISDIR.
        expectError(() => fs.open(p('dir/./'), 'wx'), { code: 'EEXIST', syscall: 'open' })
        expectError(() => fs.open(p('dir/./'), 'w'), { code: 'EISDIR', syscall: 'open' })
        expect(fs.exists(p('new'))).toBe(false)
        expect(fs.readFile(p('file'), 'utf8')).toBe('x')
      })

      it('are fine on mkdir and rmdir of a directory', () => {
        fs.mkdir(p('x/'))
        expect(fs.stat(p('x')).isDirectory()).toBe(true)
        fs.rmdir(p('x/'))
        expect(fs.exists(p('x'))).toBe(false)
        expectError(() => fs.mkdir(p('file/')), { code: 'EEXIST', syscall: 'mkdir', path: p('file/') })
        expectError(() => fs.mkdir(p('dir/')), { code: 'EEXIST', syscall: 'mkdir', path: p('dir/') })
      })

      it('do not make unlink, rmdir or rename follow a final link', () => {
        expectError(() => fs.unlink(p('file/')), { code: 'ENOTDIR', syscall: 'unlink', path: p('file/') })
        expectError(() => fs.unlink(p('ldir/')), { code: 'ENOTDIR', syscall: 'unlink', path: p('ldir/') })
        expectError(() => fs.rmdir(p('ldir/')), { code: 'ENOTDIR', syscall: 'rmdir', path: p('ldir/') })
        expectError(() => fs.rename(p('ldir/'), p('n')), { code: 'ENOTDIR', syscall: 'rename', path: p('ldir/') })
        expectError(() => fs.rename(p('file/'), p('n')), { code: 'ENOTDIR', syscall: 'rename', path: p('file/') })
        expect(fs.stat(p('dir')).isDirectory()).toBe(true)
        expect(fs.lstat(p('ldir')).isSymbolicLink()).toBe(true)
      })

      it('on a rename destination require the source to be a directory', () => {
        expectError(() => fs.rename(p('file'), p('new/')), {
          code: 'ENOTDIR',
          syscall: 'rename',
          path: p('file'),
          dest: p('new/'),
        })
        fs.rename(p('dir'), p('moved/'))
        expect(fs.stat(p('moved')).isDirectory()).toBe(true)
      })

      it('at the end of a symlink’s target demand a directory too', () => {
        fs.symlink('file/', p('to-file'))
        fs.symlink('dir/', p('to-dir'))
        fs.symlink('missing/', p('to-missing'))
        expectError(() => fs.stat(p('to-file')), { code: 'ENOTDIR', syscall: 'stat', path: p('to-file') })
        expectError(() => fs.readFile(p('to-file')), { code: 'ENOTDIR', syscall: 'open' })
        expect(fs.stat(p('to-dir')).isDirectory()).toBe(true)
        expectError(() => fs.writeFile(p('to-missing'), 'x'), {
          code: 'EISDIR',
          syscall: 'open',
          path: p('to-missing'),
        })
        // Creating through a link to 'file/' stops at the slash too: EISDIR, not ENOTDIR.
        expectError(() => fs.appendFile(p('to-file'), 'x'), { code: 'EISDIR', syscall: 'open' })
        fs.symlink('self/', p('self'))
        expectError(() => fs.appendFile(p('self'), 'x'), { code: 'EISDIR', syscall: 'open' })
        expectError(() => fs.stat(p('self')), { code: 'ELOOP', syscall: 'stat' })
        expect(fs.exists(p('missing'))).toBe(false)
        expect(fs.readlink(p('to-file'))).toBe('file/')
      })

      it('make link and symlink destinations fail with ENOENT', () => {
        expectError(() => fs.link(p('file'), p('h/')), { code: 'ENOENT', syscall: 'link', dest: p('h/') })
        expectError(() => fs.link(p('file/'), p('h')), { code: 'ENOTDIR', syscall: 'link', path: p('file/') })
        expectError(() => fs.symlink('file', p('s/')), { code: 'ENOENT', syscall: 'symlink', dest: p('s/') })
      })
    })

    describe('hard links', () => {
      it('share one inode and count names in nlink', () => {
        fs.writeFile(p('a'), 'one')
        expect(fs.stat(p('a')).nlink).toBe(1)
        fs.link(p('a'), p('b'))
        const a = fs.stat(p('a'))
        const b = fs.stat(p('b'))
        expect(b.ino).toBe(a.ino)
        expect(a.nlink).toBe(2)
        fs.appendFile(p('b'), '+two')
        expect(fs.readFile(p('a'), 'utf8')).toBe('one+two')
        fs.unlink(p('a'))
        expect(fs.stat(p('b')).nlink).toBe(1)
        expect(fs.readFile(p('b'), 'utf8')).toBe('one+two')
      })

      it('can be made in another directory', () => {
        fs.mkdir(p('d'))
        fs.writeFile(p('f'), 'x')
        fs.link(p('f'), p('d/g'))
        expect(fs.stat(p('d/g')).ino).toBe(fs.stat(p('f')).ino)
        expect(fs.readdir(p('d'))).toEqual(['g'])
      })

      it('link a symlink itself, not its target', () => {
        fs.writeFile(p('f'), '')
        fs.symlink('f', p('l'))
        fs.link(p('l'), p('h'))
        expect(fs.lstat(p('h')).isSymbolicLink()).toBe(true)
        expect(fs.lstat(p('h')).ino).toBe(fs.lstat(p('l')).ino)
        expect(fs.lstat(p('l')).nlink).toBe(2)
        expect(fs.stat(p('f')).nlink).toBe(1)
      })

      it('fail on directories with EPERM, and on existing or missing names', () => {
        fs.mkdir(p('d'))
        fs.writeFile(p('f'), '')
        expectError(() => fs.link(p('d'), p('d2')), { code: 'EPERM', syscall: 'link', path: p('d'), dest: p('d2') })
        expectError(() => fs.link(p('f'), p('d')), { code: 'EEXIST', syscall: 'link', path: p('f'), dest: p('d') })
        expectError(() => fs.link(p('nope'), p('x')), {
          code: 'ENOENT',
          syscall: 'link',
          path: p('nope'),
          dest: p('x'),
        })
        expectError(() => fs.link(p('f'), p('nodir/x')), { code: 'ENOENT', syscall: 'link' })
        expect(fs.stat(p('f')).nlink).toBe(1)
      })

      it('count 2 + subdirectories for a directory', () => {
        fs.mkdir(p('d'))
        expect(fs.stat(p('d')).nlink).toBe(2)
        fs.mkdir(p('d/a'))
        fs.mkdir(p('d/b'))
        fs.writeFile(p('d/f'), '')
        fs.symlink('a', p('d/l'))
        expect(fs.stat(p('d')).nlink).toBe(4)
        fs.rmdir(p('d/a'))
        expect(fs.stat(p('d')).nlink).toBe(3)
        fs.mkdir(p('e'))
        fs.rename(p('d/b'), p('e/b'))
        expect(fs.stat(p('d')).nlink).toBe(2)
        expect(fs.stat(p('e')).nlink).toBe(3)
      })
    })

    describe('open descriptors outlive names', () => {
      it('keeps an unlinked file readable and writable through its descriptor', () => {
        fs.writeFile(p('u'), 'abc')
        const fd = fs.open(p('u'), 'r+')
        fs.unlink(p('u'))
        expect(fs.exists(p('u'))).toBe(false)
        expect(fs.fstat(fd).nlink).toBe(0)
        const buf = new Uint8Array(3)
        expect(fs.read(fd, buf, 0, 3, 0)).toBe(3)
        expect(text(buf)).toBe('abc')
        fs.seek(fd, 0, C.SEEK_END)
        expect(fs.write(fd, 'de')).toBe(2)
        expect(fs.fstat(fd).size).toBe(5)
        fs.ftruncate(fd, 4)
        const all = new Uint8Array(8)
        expect(fs.read(fd, all, 0, 8, 0)).toBe(4)
        expect(text(all.subarray(0, 4))).toBe('abcd')
        // A new file of the same name is another inode.
        fs.writeFile(p('u'), 'new')
        expect(fs.stat(p('u')).ino).not.toBe(fs.fstat(fd).ino)
        fs.close(fd)
        expect(fs.readFile(p('u'), 'utf8')).toBe('new')
      })

      it('keeps a replaced file readable through its descriptor', () => {
        fs.writeFile(p('old'), 'old content')
        fs.writeFile(p('new'), 'new content')
        const fd = fs.open(p('old'), 'r')
        fs.rename(p('new'), p('old'))
        expect(fs.readFile(fd, 'utf8')).toBe('old content')
        expect(fs.readFile(p('old'), 'utf8')).toBe('new content')
        fs.close(fd)
      })

      it('keeps a removed directory open with nlink 0', () => {
        fs.mkdir(p('d'))
        const fd = fs.open(p('d'), 'r')
        fs.rmdir(p('d'))
        const st = fs.fstat(fd)
        expect(st.isDirectory()).toBe(true)
        expect(st.nlink).toBe(0)
        expect(fs.readdir(fd)).toEqual([])
        fs.close(fd)
      })
    })

    describe('rename', () => {
      it('moves a file, keeping its inode', () => {
        fs.writeFile(p('a'), 'content')
        const ino = fs.stat(p('a')).ino
        fs.rename(p('a'), p('b'))
        expect(fs.exists(p('a'))).toBe(false)
        expect(fs.stat(p('b')).ino).toBe(ino)
        expect(fs.readFile(p('b'), 'utf8')).toBe('content')
      })

      it('replaces an existing file', () => {
        fs.writeFile(p('a'), 'A')
        fs.writeFile(p('b'), 'B')
        const ino = fs.stat(p('a')).ino
        fs.rename(p('a'), p('b'))
        expect(fs.readdir(dir)).toEqual(['b'])
        expect(fs.stat(p('b')).ino).toBe(ino)
        expect(fs.readFile(p('b'), 'utf8')).toBe('A')
      })

      it('replaces an empty directory with a directory', () => {
        fs.mkdir(p('src'))
        fs.writeFile(p('src/x'), 'x')
        fs.mkdir(p('dst'))
        fs.rename(p('src'), p('dst'))
        expect(fs.readdir(dir)).toEqual(['dst'])
        expect(fs.readFile(p('dst/x'), 'utf8')).toBe('x')
      })

      it('moves a directory with its contents and re-points ..', () => {
        fs.mkdir(p('a/b'), { recursive: true })
        fs.writeFile(p('a/b/f'), 'f')
        fs.mkdir(p('c'))
        fs.rename(p('a/b'), p('c/b'))
        expect(fs.readFile(p('c/b/f'), 'utf8')).toBe('f')
        expect(fs.stat(p('c/b/..')).ino).toBe(fs.stat(p('c')).ino)
        expect(fs.readdir(p('a'))).toEqual([])
        expect(fs.realpath(p('c/b/f'))).toBe(`${fs.realpath(dir)}/c/b/f`)
      })

      it('fails with ENOTEMPTY onto a non-empty directory', () => {
        fs.mkdir(p('a'))
        fs.mkdir(p('b'))
        fs.writeFile(p('b/x'), '')
        expectError(() => fs.rename(p('a'), p('b')), {
          code: 'ENOTEMPTY',
          syscall: 'rename',
          path: p('a'),
          dest: p('b'),
        })
        // Moving a child onto its own parent: the parent is not empty.
        expectError(() => fs.rename(p('b/x'), p('b')), { code: 'ENOTEMPTY', syscall: 'rename' })
      })

      it('fails when kinds do not match', () => {
        fs.writeFile(p('f'), '')
        fs.mkdir(p('d'))
        fs.mkdir(p('e'))
        fs.symlink('e', p('le'))
        expectError(() => fs.rename(p('f'), p('d')), { code: 'EISDIR', syscall: 'rename', path: p('f'), dest: p('d') })
        expectError(() => fs.rename(p('d'), p('f')), { code: 'ENOTDIR', syscall: 'rename', path: p('d'), dest: p('f') })
        // A symlink to a directory is not a directory.
        expectError(() => fs.rename(p('d'), p('le')), { code: 'ENOTDIR', syscall: 'rename' })
        expect(fs.stat(p('f')).isFile()).toBe(true)
        expect(fs.stat(p('d')).isDirectory()).toBe(true)
      })

      it('replaces a symlink with a file without following it', () => {
        fs.mkdir(p('d'))
        fs.symlink('d', p('ld'))
        fs.writeFile(p('f'), 'x')
        fs.rename(p('f'), p('ld'))
        expect(fs.lstat(p('ld')).isFile()).toBe(true)
        expect(fs.readdir(p('d'))).toEqual([])
      })

      it('fails with EINVAL when moving a directory into itself', () => {
        fs.mkdir(p('a/b'), { recursive: true })
        expectError(() => fs.rename(p('a'), p('a/b/c')), {
          code: 'EINVAL',
          syscall: 'rename',
          path: p('a'),
          dest: p('a/b/c'),
        })
        expectError(() => fs.rename(p('a'), p('a/c')), { code: 'EINVAL', syscall: 'rename' })
        expect(fs.readdir(p('a'))).toEqual(['b'])
      })

      it('is a no-op onto itself or another hard link of the same inode', () => {
        fs.writeFile(p('a'), 'x')
        fs.rename(p('a'), p('a'))
        expect(fs.readFile(p('a'), 'utf8')).toBe('x')
        fs.link(p('a'), p('b'))
        fs.rename(p('a'), p('b'))
        expect(fs.readdir(dir)).toEqual(['a', 'b'])
        expect(fs.stat(p('a')).nlink).toBe(2)
        fs.mkdir(p('d'))
        fs.rename(p('d'), p('d'))
        expect(fs.stat(p('d')).isDirectory()).toBe(true)
      })

      it('fails with ENOENT for a missing source or destination directory', () => {
        fs.writeFile(p('f'), '')
        expectError(() => fs.rename(p('nope'), p('x')), {
          code: 'ENOENT',
          syscall: 'rename',
          path: p('nope'),
          dest: p('x'),
        })
        expectError(() => fs.rename(p('f'), p('nodir/x')), { code: 'ENOENT', syscall: 'rename' })
        expectError(() => fs.rename(p('f'), p('f/x')), { code: 'ENOTDIR', syscall: 'rename' })
      })

      it('fails with EXDEV across mounts', async () => {
        fs.writeFile(p('f'), 'x')
        fs.mkdir(p('d'))
        fs.mount(p('mnt'), memoryBackend())
        try {
          expectError(() => fs.rename(p('f'), p('mnt/f')), {
            code: 'EXDEV',
            syscall: 'rename',
            path: p('f'),
            dest: p('mnt/f'),
          })
          expectError(() => fs.rename(p('d'), p('mnt/d')), { code: 'EXDEV', syscall: 'rename' })
          expectError(() => fs.link(p('f'), p('mnt/f')), {
            code: 'EXDEV',
            syscall: 'link',
            path: p('f'),
            dest: p('mnt/f'),
          })
          fs.writeFile(p('mnt/g'), 'y')
          expectError(() => fs.rename(p('mnt/g'), p('g')), { code: 'EXDEV', syscall: 'rename' })
          // The mount point itself cannot be renamed or removed.
          expectError(() => fs.rename(p('mnt'), p('other')), { code: 'EBUSY', syscall: 'rename' })
          expect(fs.readFile(p('f'), 'utf8')).toBe('x')
          expect(fs.readFile(p('mnt/g'), 'utf8')).toBe('y')
          fs.copyFile(p('f'), p('mnt/copy'))
          expect(fs.readFile(p('mnt/copy'), 'utf8')).toBe('x')
        } finally {
          await fs.unmount(p('mnt'))
        }
        expect(fs.readdir(p('mnt'))).toEqual([])
      })
    })

    describe('open flags', () => {
      it('O_CREAT creates; without it a missing file is ENOENT', () => {
        expectError(() => fs.open(p('f'), C.O_RDWR), { code: 'ENOENT', syscall: 'open', path: p('f') })
        const fd = fs.open(p('f'), C.O_RDWR | C.O_CREAT, 0o640)
        expect(fs.fstat(fd).isFile()).toBe(true)
        expect(fs.fstat(fd).mode & 0o777).toBe(0o640 & ~fs.umask)
        fs.close(fd)
        expectError(() => fs.open(p('nodir/f'), C.O_RDWR | C.O_CREAT), { code: 'ENOENT', syscall: 'open' })
      })

      it('O_EXCL fails on an existing file', () => {
        fs.writeFile(p('f'), 'keep')
        expectError(() => fs.open(p('f'), C.O_WRONLY | C.O_CREAT | C.O_EXCL), {
          code: 'EEXIST',
          syscall: 'open',
          path: p('f'),
        })
        expectError(() => fs.open(p('f'), 'wx'), { code: 'EEXIST', syscall: 'open', path: p('f') })
        expectError(() => fs.writeFile(p('f'), 'x', { flag: 'wx' }), { code: 'EEXIST', syscall: 'open' })
        expect(fs.readFile(p('f'), 'utf8')).toBe('keep')
        fs.close(fs.open(p('g'), 'wx'))
        expect(fs.exists(p('g'))).toBe(true)
      })

      it('O_TRUNC empties the file; r+ does not', () => {
        fs.writeFile(p('f'), 'abcdef')
        fs.close(fs.open(p('f'), 'r+'))
        expect(fs.readFile(p('f'), 'utf8')).toBe('abcdef')
        const fd = fs.open(p('f'), 'r+')
        fs.write(fd, 'XY')
        fs.close(fd)
        expect(fs.readFile(p('f'), 'utf8')).toBe('XYcdef')
        fs.close(fs.open(p('f'), C.O_WRONLY | C.O_TRUNC))
        expect(fs.stat(p('f')).size).toBe(0)
        fs.writeFile(p('f'), 'again')
        // Linux truncates even through a read-only descriptor.
        fs.close(fs.open(p('f'), C.O_RDONLY | C.O_TRUNC))
        expect(fs.stat(p('f')).size).toBe(0)
      })

      it('O_APPEND writes at the end whatever the position', () => {
        fs.writeFile(p('f'), 'abc')
        const fd = fs.open(p('f'), 'a+')
        fs.seek(fd, 0, C.SEEK_SET)
        expect(fs.write(fd, 'd')).toBe(1)
        expect(fs.tell(fd)).toBe(4)
        const buf = new Uint8Array(4)
        expect(fs.read(fd, buf, 0, 4, 0)).toBe(4)
        expect(text(buf)).toBe('abcd')
        fs.close(fd)
        const wfd = fs.open(p('f'), C.O_WRONLY | C.O_APPEND)
        fs.write(wfd, 'e')
        // Linux's pwrite appends too on an O_APPEND descriptor, whatever position it is given.
        expect(fs.pwrite(wfd, 'f', 0)).toBe(1)
        fs.close(wfd)
        expect(fs.readFile(p('f'), 'utf8')).toBe('abcdef')
      })

      it('a+ reads from the start', () => {
        fs.writeFile(p('f'), 'start')
        const fd = fs.open(p('f'), 'a+')
        const buf = new Uint8Array(5)
        expect(fs.read(fd, buf)).toBe(5)
        expect(text(buf)).toBe('start')
        fs.close(fd)
      })

      it('O_DIRECTORY opens only directories', () => {
        fs.writeFile(p('f'), '')
        fs.mkdir(p('d'))
        fs.symlink('d', p('ld'))
        expectError(() => fs.open(p('f'), C.O_RDONLY | C.O_DIRECTORY), {
          code: 'ENOTDIR',
          syscall: 'open',
          path: p('f'),
        })
        const fd = fs.open(p('d'), C.O_RDONLY | C.O_DIRECTORY)
        expect(fs.fstat(fd).isDirectory()).toBe(true)
        fs.close(fd)
        const lfd = fs.open(p('ld'), C.O_RDONLY | C.O_DIRECTORY)
        expect(fs.fstat(lfd).ino).toBe(fs.stat(p('d')).ino)
        fs.close(lfd)
        expectError(() => fs.open(p('new'), C.O_RDONLY | C.O_DIRECTORY), { code: 'ENOENT', syscall: 'open' })
        expectError(() => fs.open(p('new'), C.O_RDONLY | C.O_DIRECTORY | C.O_CREAT), {
          code: 'EINVAL',
          syscall: 'open',
        })
        expect(fs.exists(p('new'))).toBe(false)
      })

      it('opens a directory only read-only and without O_CREAT', () => {
        fs.mkdir(p('d'))
        for (const flags of [
          'w',
          'r+',
          'a',
          'w+',
          C.O_WRONLY,
          C.O_RDWR,
          C.O_RDONLY | C.O_CREAT,
          C.O_RDONLY | C.O_TRUNC,
        ]) {
          expectError(() => fs.open(p('d'), flags), { code: 'EISDIR', syscall: 'open', path: p('d') })
        }
        const fd = fs.open(p('d'), 'r')
        expectError(() => fs.read(fd, new Uint8Array(1)), { code: 'EISDIR', syscall: 'read', path: null })
        fs.close(fd)
      })

      it('maps every Node flag string to its O_* bits', () => {
        const table: Array<[string, number]> = [
          ['r', C.O_RDONLY],
          ['rs', C.O_RDONLY],
          ['r+', C.O_RDWR],
          ['rs+', C.O_RDWR],
          ['w', C.O_WRONLY | C.O_CREAT | C.O_TRUNC],
          ['wx', C.O_WRONLY | C.O_CREAT | C.O_TRUNC | C.O_EXCL],
          ['xw', C.O_WRONLY | C.O_CREAT | C.O_TRUNC | C.O_EXCL],
          ['w+', C.O_RDWR | C.O_CREAT | C.O_TRUNC],
          ['wx+', C.O_RDWR | C.O_CREAT | C.O_TRUNC | C.O_EXCL],
          ['a', C.O_WRONLY | C.O_CREAT | C.O_APPEND],
          ['ax', C.O_WRONLY | C.O_CREAT | C.O_APPEND | C.O_EXCL],
          ['a+', C.O_RDWR | C.O_CREAT | C.O_APPEND],
          ['ax+', C.O_RDWR | C.O_CREAT | C.O_APPEND | C.O_EXCL],
        ]
        for (const [flag, bits] of table) {
          const name = p(`f-${flag}`)
          if (!(bits & C.O_CREAT)) fs.writeFile(name, 'seed')
          const fd = fs.open(name, flag)
          expect([flag, fs.getFlags(fd) & (O_ACCMODE | C.O_CREAT | C.O_EXCL | C.O_TRUNC | C.O_APPEND)]).toEqual([
            flag,
            bits,
          ])
          fs.close(fd)
          // The same open through the numeric flags behaves alike.
          const again = fs.open(name, bits & ~C.O_EXCL)
          expect(fs.getFlags(again) & O_ACCMODE).toBe(bits & O_ACCMODE)
          fs.close(again)
        }
        expectError(() => fs.open(p('f-r'), 'rw'), { code: 'EINVAL', syscall: 'open' })
      })

      it('reading a write-only descriptor and writing a read-only one fail with EBADF', () => {
        fs.writeFile(p('f'), 'abc')
        const w = fs.open(p('f'), 'a')
        expectError(() => fs.read(w, new Uint8Array(1)), { code: 'EBADF', syscall: 'read', path: null })
        expectError(() => fs.readFile(w), { code: 'EBADF', syscall: 'read' })
        fs.close(w)
        const r = fs.open(p('f'), 'r')
        expectError(() => fs.write(r, 'x'), { code: 'EBADF', syscall: 'write', path: null })
        expectError(() => fs.ftruncate(r, 0), { code: 'EINVAL', syscall: 'ftruncate', path: null })
        fs.close(r)
        expectError(() => fs.readFile(p('f'), { flag: 'a' }), { code: 'EBADF', syscall: 'read' })
        expectError(() => fs.writeFile(p('f'), 'x', { flag: 'r' }), { code: 'EBADF', syscall: 'write' })
        expect(fs.readFile(p('f'), 'utf8')).toBe('abc')
      })
    })

    describe('growing files zero-fills', () => {
      it('truncate grows with zeros and never resurrects cut bytes', () => {
        fs.writeFile(p('f'), new Uint8Array([1, 2, 3, 4, 5]))
        fs.truncate(p('f'), 8)
        expect([...fs.readFile(p('f'))]).toEqual([1, 2, 3, 4, 5, 0, 0, 0])
        fs.truncate(p('f'), 2)
        fs.truncate(p('f'), 4)
        expect([...fs.readFile(p('f'))]).toEqual([1, 2, 0, 0])
        fs.truncate(p('f'))
        expect(fs.stat(p('f')).size).toBe(0)
        expectError(() => fs.truncate(p('nope'), 1), { code: 'ENOENT', syscall: 'open', path: p('nope') })
        fs.mkdir(p('d'))
        expectError(() => fs.truncate(p('d'), 1), { code: 'EISDIR', syscall: 'open', path: p('d') })
      })

      it('ftruncate grows with zeros', () => {
        fs.writeFile(p('f'), new Uint8Array([9, 9, 9]))
        const fd = fs.open(p('f'), 'r+')
        fs.ftruncate(fd, 1)
        fs.ftruncate(fd, 3)
        expect([...fs.readFile(p('f'))]).toEqual([9, 0, 0])
        fs.ftruncate(fd)
        expect(fs.fstat(fd).size).toBe(0)
        expectError(() => fs.ftruncate(fd, -1), { code: 'EINVAL', syscall: 'ftruncate', path: null })
        fs.close(fd)
      })

      it('pwrite and write past the end leave a zero-filled gap', () => {
        fs.writeFile(p('f'), new Uint8Array([7]))
        const fd = fs.open(p('f'), 'r+')
        expect(fs.pwrite(fd, new Uint8Array([8]), 4)).toBe(1)
        expect([...fs.readFile(p('f'))]).toEqual([7, 0, 0, 0, 8])
        fs.seek(fd, 7, C.SEEK_SET)
        fs.write(fd, new Uint8Array([6]))
        expect([...fs.readFile(p('f'))]).toEqual([7, 0, 0, 0, 8, 0, 0, 6])
        // A write of nothing changes nothing, not even past the end.
        expect(fs.pwrite(fd, new Uint8Array(0), 100)).toBe(0)
        expect(fs.fstat(fd).size).toBe(8)
        fs.close(fd)
      })

      it('keeps large and binary content exact', () => {
        const big = new Uint8Array(3 * 1024 * 1024 + 17)
        for (let i = 0; i < big.length; i += 4099) big[i] = (i * 31) & 0xff
        fs.writeFile(p('big'), big)
        // Compared by hand: a deep toEqual over megabytes takes seconds.
        const back = fs.readFile(p('big'))
        expect(back.length).toBe(big.length)
        expect(back.findIndex((b, i) => b !== big[i])).toBe(-1)
        fs.writeFile(p('bin'), BINARY)
        expect(fs.readFile(p('bin'))).toEqual(BINARY)
      })

      it('copies the caller’s buffer: later changes to it do not leak in', () => {
        const data = new Uint8Array([1, 2, 3])
        fs.writeFile(p('f'), data)
        data[0] = 99
        expect([...fs.readFile(p('f'))]).toEqual([1, 2, 3])
        const out = fs.readFile(p('f'))
        out[1] = 99
        expect([...fs.readFile(p('f'))]).toEqual([1, 2, 3])
      })
    })

    describe('timestamps', () => {
      it('round-trip nanoseconds exactly through utimes with bigints', () => {
        fs.writeFile(p('f'), '')
        fs.utimes(p('f'), 1_234_567_890_123_456_789n, 987_654_321_987_654_321n)
        const st = fs.stat(p('f'))
        expect(st.atimeNs).toBe(1_234_567_890_123_456_789n)
        expect(st.mtimeNs).toBe(987_654_321_987_654_321n)
        expect(st.mtimeMs).toBeCloseTo(987_654_321_987.654, 2)
        expect(st.mtime.getTime()).toBe(987_654_321_987)
        fs.utimes(p('f'), 1.5, 2.25)
        expect(fs.stat(p('f')).atimeNs).toBe(1_500_000_000n)
        expect(fs.stat(p('f')).mtimeNs).toBe(2_250_000_000n)
        fs.utimes(p('f'), new Date(3000), new Date(4000))
        expect(fs.stat(p('f')).mtimeNs).toBe(4_000_000_000n)
        expectError(() => fs.utimes(p('nope'), 1, 1), { code: 'ENOENT', syscall: 'utime', path: p('nope') })
      })

      it('sets all four times at creation', () => {
        const before = fs.lstat(dir).mtimeNs
        fs.writeFile(p('f'), 'x')
        const st = fs.stat(p('f'))
        expect(st.birthtimeNs).toBeGreaterThan(before)
        expect(st.atimeNs).toBeGreaterThanOrEqual(st.birthtimeNs)
        expect(st.mtimeNs).toBeGreaterThanOrEqual(st.birthtimeNs)
        expect(st.ctimeNs).toBeGreaterThanOrEqual(st.birthtimeNs)
      })

      it('write moves mtime and ctime, not atime or birthtime', () => {
        fs.writeFile(p('f'), 'x')
        const born = fs.stat(p('f')).birthtimeNs
        fs.utimes(p('f'), PAST, PAST)
        const c0 = ctime(p('f'))
        const fd = fs.open(p('f'), 'r+')
        fs.write(fd, 'y')
        fs.close(fd)
        const st = fs.stat(p('f'))
        expect(st.mtimeNs).toBeGreaterThan(c0)
        expect(st.ctimeNs).toBe(st.mtimeNs)
        expect(st.atimeNs).toBe(PAST)
        expect(st.birthtimeNs).toBe(born)
      })

      it('truncate and appendFile move mtime and ctime', () => {
        fs.writeFile(p('f'), 'abc')
        for (const change of [() => fs.truncate(p('f'), 1), () => fs.appendFile(p('f'), 'z')]) {
          fs.utimes(p('f'), PAST, PAST)
          const c0 = ctime(p('f'))
          change()
          const st = fs.stat(p('f'))
          expect(st.mtimeNs).toBeGreaterThan(c0)
          expect(st.ctimeNs).toBe(st.mtimeNs)
          expect(st.atimeNs).toBe(PAST)
        }
      })

      it('read moves atime only', () => {
        fs.writeFile(p('f'), 'x')
        fs.utimes(p('f'), PAST, PAST)
        const c0 = ctime(p('f'))
        expect(fs.readFile(p('f'), 'utf8')).toBe('x')
        expect(atime(p('f'))).toBeGreaterThan(c0)
        expect(mtime(p('f'))).toBe(PAST)
        expect(ctime(p('f'))).toBe(c0)
      })

      it('readdir moves the directory’s atime only', () => {
        fs.mkdir(p('d'))
        fs.utimes(p('d'), PAST, PAST)
        const c0 = ctime(p('d'))
        fs.readdir(p('d'))
        expect(atime(p('d'))).toBeGreaterThan(c0)
        expect(mtime(p('d'))).toBe(PAST)
        expect(ctime(p('d'))).toBe(c0)
      })

      it('chmod, chown, utimes and link move ctime only', () => {
        fs.writeFile(p('f'), 'x')
        const changes = [
          () => fs.chmod(p('f'), 0o600),
          () => fs.chown(p('f'), 0, 0),
          () => fs.link(p('f'), p('g')),
          () => fs.unlink(p('g')),
        ]
        for (const change of changes) {
          fs.utimes(p('f'), PAST, PAST)
          const c0 = ctime(p('f'))
          change()
          expect(ctime(p('f'))).toBeGreaterThan(c0)
          expect(mtime(p('f'))).toBe(PAST)
          expect(atime(p('f'))).toBe(PAST)
        }
        const c1 = ctime(p('f'))
        fs.utimes(p('f'), PAST, PAST + 1n)
        expect(ctime(p('f'))).toBeGreaterThan(c1)
      })

      it('rename moves the inode’s ctime and both directories’ mtime and ctime', () => {
        fs.mkdir(p('a'))
        fs.mkdir(p('b'))
        fs.writeFile(p('a/f'), 'x')
        for (const path of ['a', 'b', 'a/f']) fs.utimes(p(path), PAST, PAST)
        const c0 = ctime(p('a/f'))
        fs.rename(p('a/f'), p('b/f'))
        expect(ctime(p('b/f'))).toBeGreaterThan(c0)
        expect(mtime(p('b/f'))).toBe(PAST)
        for (const d of ['a', 'b']) {
          expect(mtime(p(d))).toBeGreaterThan(c0)
          expect(ctime(p(d))).toBeGreaterThan(c0)
        }
      })

      it('creating and removing entries moves the directory’s mtime and ctime', () => {
        fs.mkdir(p('d'))
        const ops: Array<() => void> = [
          () => fs.writeFile(p('d/f'), ''),
          () => fs.mkdir(p('d/sub')),
          () => fs.symlink('f', p('d/l')),
          () => fs.link(p('d/f'), p('d/h')),
          () => fs.unlink(p('d/h')),
          () => fs.rmdir(p('d/sub')),
          () => fs.rm(p('d/l')),
        ]
        for (const op of ops) {
          fs.utimes(p('d'), PAST, PAST)
          const c0 = ctime(p('d'))
          op()
          expect(mtime(p('d'))).toBeGreaterThan(c0)
          expect(ctime(p('d'))).toBe(mtime(p('d')))
          expect(atime(p('d'))).toBe(PAST)
        }
        // Writing a file inside does not touch the directory.
        fs.utimes(p('d'), PAST, PAST)
        fs.writeFile(p('d/f'), 'more')
        expect(mtime(p('d'))).toBe(PAST)
      })
    })

    describe('modes and umask', () => {
      it('creates files and directories with mode & ~umask', () => {
        const saved = fs.umask
        try {
          fs.umask = 0o027
          fs.writeFile(p('f'), '')
          fs.mkdir(p('d'))
          fs.writeFile(p('g'), '', { mode: 0o600 })
          fs.mkdir(p('e'), 0o775)
          fs.close(fs.open(p('h'), 'w', 0o4777))
          expect(fs.stat(p('f')).mode & 0o7777).toBe(0o640)
          expect(fs.stat(p('d')).mode & 0o7777).toBe(0o750)
          expect(fs.stat(p('g')).mode & 0o7777).toBe(0o600)
          expect(fs.stat(p('e')).mode & 0o7777).toBe(0o750)
          expect(fs.stat(p('h')).mode & 0o7777).toBe(0o4750)
          fs.umask = 0
          fs.mkdir(p('open'), 0o1777)
          expect(fs.stat(p('open')).mode & 0o7777).toBe(0o1777)
        } finally {
          fs.umask = saved
        }
      })

      it('chmod sets exactly the permission bits and keeps the type bits', () => {
        fs.writeFile(p('f'), '')
        fs.mkdir(p('d'))
        fs.chmod(p('f'), 0o7777)
        expect(fs.stat(p('f')).mode).toBe(C.S_IFREG | 0o7777)
        fs.chmod(p('f'), '640')
        expect(fs.stat(p('f')).mode).toBe(C.S_IFREG | 0o640)
        fs.chmod(p('d'), 0o700)
        expect(fs.stat(p('d')).mode).toBe(C.S_IFDIR | 0o700)
        const fd = fs.open(p('f'), 'r')
        fs.fchmod(fd, 0o444)
        fs.close(fd)
        expect(fs.stat(p('f')).mode & 0o7777).toBe(0o444)
        expectError(() => fs.chmod(p('nope'), 0o600), { code: 'ENOENT', syscall: 'chmod', path: p('nope') })
      })

      it('reports the type bits of each kind', () => {
        fs.writeFile(p('f'), '')
        fs.mkdir(p('d'))
        fs.symlink('f', p('l'))
        expect(fs.stat(p('f')).mode & C.S_IFMT).toBe(C.S_IFREG)
        expect(fs.stat(p('d')).mode & C.S_IFMT).toBe(C.S_IFDIR)
        expect(fs.lstat(p('l')).mode & C.S_IFMT).toBe(C.S_IFLNK)
        expect(fs.stat(p('d')).isDirectory()).toBe(true)
        expect(fs.stat(p('f')).isFile()).toBe(true)
      })
    })

    describe('directory listings', () => {
      it('lists names in one stable sorted order', () => {
        fs.mkdir(p('d'))
        const names = ['b', 'a', 'C', '_x', 'é', '10', '9', 'a b', 'z']
        for (const name of names) fs.writeFile(p(`d/${name}`), '')
        const sorted = [...names].sort()
        expect(fs.readdir(p('d'))).toEqual(sorted)
        fs.unlink(p('d/C'))
        fs.writeFile(p('d/0'), '')
        expect(fs.readdir(p('d'))).toEqual(['0', ...sorted.filter((n) => n !== 'C')])
        expect(fs.readdir(p('d'))).toEqual(fs.readdir(p('d')))
      })

      it('gives Dirents with kinds (links not followed) and the parent path', () => {
        fs.mkdir(p('d/sub'), { recursive: true })
        fs.writeFile(p('d/f'), '')
        fs.symlink('sub', p('d/l'))
        const entries = fs.readdir(p('d'), { withFileTypes: true })
        const summary = entries.map((e: Dirent) => [
          e.name,
          e.isFile(),
          e.isDirectory(),
          e.isSymbolicLink(),
          e.parentPath,
        ])
        expect(summary).toEqual([
          ['f', true, false, false, p('d')],
          ['l', false, false, true, p('d')],
          ['sub', false, true, false, p('d')],
        ])
      })

      it('lists recursively, without descending into linked directories', () => {
        fs.mkdir(p('t/a/b'), { recursive: true })
        fs.writeFile(p('t/a/f'), '')
        fs.writeFile(p('t/a/b/g'), '')
        fs.writeFile(p('t/z'), '')
        fs.symlink('a', p('t/la'))
        expect(fs.readdir(p('t'), { recursive: true })).toEqual(['a', 'a/b', 'a/b/g', 'a/f', 'la', 'z'])
        const dirents = fs.readdir(p('t'), { recursive: true, withFileTypes: true })
        expect(dirents.map((e) => [e.parentPath, e.name])).toEqual([
          [p('t'), 'a'],
          [p('t/a'), 'b'],
          [p('t/a/b'), 'g'],
          [p('t/a'), 'f'],
          [p('t'), 'la'],
          [p('t'), 'z'],
        ])
      })

      it('fails on files and missing paths', () => {
        fs.writeFile(p('f'), '')
        expectError(() => fs.readdir(p('f')), { code: 'ENOTDIR', syscall: 'scandir', path: p('f') })
        expectError(() => fs.readdir(p('nope')), { code: 'ENOENT', syscall: 'scandir', path: p('nope') })
      })
    })

    describe('rm, rmdir, unlink', () => {
      it('rm removes files and, with recursive, whole trees', () => {
        fs.mkdir(p('t/a/b'), { recursive: true })
        fs.writeFile(p('t/a/b/f'), '')
        fs.writeFile(p('t/g'), '')
        fs.symlink('a', p('t/l'))
        fs.rm(p('t/g'))
        expect(fs.exists(p('t/g'))).toBe(false)
        expectError(() => fs.rm(p('t')), { code: 'EISDIR', syscall: 'rm', path: p('t') })
        fs.rm(p('t'), { recursive: true })
        expect(fs.exists(p('t'))).toBe(false)
        expect(fs.readdir(dir)).toEqual([])
      })

      it('rm fails on a missing path unless forced', () => {
        expectError(() => fs.rm(p('nope')), { code: 'ENOENT', syscall: 'lstat', path: p('nope') })
        fs.rm(p('nope'), { force: true })
        fs.rm(p('nope'), { force: true, recursive: true })
        expect(fs.exists(p('nope'))).toBe(false)
      })

      it('rm refuses a tree holding a mount and removes nothing', async () => {
        fs.mkdir(p('t/a'), { recursive: true })
        fs.writeFile(p('t/a/f'), 'kept')
        fs.mount(p('t/m'), memoryBackend())
        try {
          expectError(() => fs.rm(p('t'), { recursive: true }), { code: 'EBUSY', syscall: 'rm', path: p('t') })
          expect(fs.readFile(p('t/a/f'), 'utf8')).toBe('kept')
        } finally {
          await fs.unmount(p('t/m'))
        }
        fs.rm(p('t'), { recursive: true })
        expect(fs.exists(p('t'))).toBe(false)
      })

      it('rmdir removes only empty directories', () => {
        fs.mkdir(p('d'))
        fs.writeFile(p('d/f'), '')
        fs.writeFile(p('f'), '')
        expectError(() => fs.rmdir(p('d')), { code: 'ENOTEMPTY', syscall: 'rmdir', path: p('d') })
        expectError(() => fs.rmdir(p('f')), { code: 'ENOTDIR', syscall: 'rmdir', path: p('f') })
        expectError(() => fs.rmdir(p('nope')), { code: 'ENOENT', syscall: 'rmdir', path: p('nope') })
        fs.unlink(p('d/f'))
        fs.rmdir(p('d'))
        expect(fs.exists(p('d'))).toBe(false)
      })

      it('unlink removes files and links, not directories', () => {
        fs.mkdir(p('d'))
        expectError(() => fs.unlink(p('d')), { code: 'EISDIR', syscall: 'unlink', path: p('d') })
        expectError(() => fs.unlink(p('nope')), { code: 'ENOENT', syscall: 'unlink', path: p('nope') })
        fs.symlink('nowhere', p('l'))
        fs.unlink(p('l'))
        expect(fs.readdir(dir)).toEqual(['d'])
      })
    })

    describe('mkdir', () => {
      it('fails on existing names, missing parents and file parents', () => {
        fs.mkdir(p('d'))
        fs.writeFile(p('f'), '')
        expect(fs.mkdir(p('e'))).toBeUndefined()
        expectError(() => fs.mkdir(p('d')), { code: 'EEXIST', syscall: 'mkdir', path: p('d') })
        expectError(() => fs.mkdir(p('f')), { code: 'EEXIST', syscall: 'mkdir', path: p('f') })
        expectError(() => fs.mkdir(p('a/b')), { code: 'ENOENT', syscall: 'mkdir', path: p('a/b') })
        expectError(() => fs.mkdir(p('f/b')), { code: 'ENOTDIR', syscall: 'mkdir', path: p('f/b') })
      })

      it('recursive returns the first directory it created', () => {
        expect(fs.mkdir(p('a/b/c'), { recursive: true })).toBe(p('a'))
        expect(fs.mkdir(p('a/b/c/d/e'), { recursive: true })).toBe(p('a/b/c/d'))
        expect(fs.mkdir(p('a/b'), { recursive: true })).toBeUndefined()
        expect(fs.mkdir(p('a/x/'), { recursive: true })).toBe(p('a/x/'))
        expect(fs.stat(p('a/b/c/d/e')).isDirectory()).toBe(true)
      })

      it('recursive goes through links to directories and stops at files and dangling links', () => {
        fs.mkdir(p('real'))
        fs.symlink('real', p('ln'))
        fs.symlink('missing', p('dangling'))
        fs.writeFile(p('f'), '')
        expect(fs.mkdir(p('ln/a'), { recursive: true })).toBe(p('ln/a'))
        expect(fs.stat(p('real/a')).isDirectory()).toBe(true)
        expectError(() => fs.mkdir(p('f'), { recursive: true }), { code: 'EEXIST', syscall: 'mkdir', path: p('f') })
        expectError(() => fs.mkdir(p('f/a'), { recursive: true }), {
          code: 'ENOTDIR',
          syscall: 'mkdir',
          path: p('f/a'),
        })
        expectError(() => fs.mkdir(p('dangling/a'), { recursive: true }), {
          code: 'ENOENT',
          syscall: 'mkdir',
          path: p('dangling/a'),
        })
        expect(fs.exists(p('missing'))).toBe(false)
      })
    })

    describe('realpath', () => {
      it('resolves links, . and ..', () => {
        const base = fs.realpath(dir)
        fs.mkdir(p('a/b'), { recursive: true })
        fs.writeFile(p('a/b/f'), '')
        fs.symlink('a/b', p('lb'))
        fs.symlink(p('lb/f'), p('abs'))
        fs.symlink('../lb', p('a/up'))
        expect(fs.realpath(p('lb/f'))).toBe(`${base}/a/b/f`)
        expect(fs.realpath(p('abs'))).toBe(`${base}/a/b/f`)
        expect(fs.realpath(p('a/up/../b/./f'))).toBe(`${base}/a/b/f`)
        expect(fs.realpath(p('a/up'))).toBe(`${base}/a/b`)
        expect(fs.realpath(p('a/b/..'))).toBe(`${base}/a`)
        expect(fs.realpath('/')).toBe('/')
      })

      it('fails on missing paths and files used as directories', () => {
        fs.writeFile(p('f'), '')
        expectError(() => fs.realpath(p('nope')), { code: 'ENOENT', syscall: 'realpath', path: p('nope') })
        expectError(() => fs.realpath(p('f/')), { code: 'ENOTDIR', syscall: 'realpath', path: p('f/') })
      })
    })

    describe('copyFile', () => {
      it('copies content and mode into an independent file', () => {
        fs.writeFile(p('src'), BINARY)
        fs.chmod(p('src'), 0o751)
        fs.copyFile(p('src'), p('dst'))
        expect(fs.readFile(p('dst'))).toEqual(BINARY)
        expect(fs.stat(p('dst')).mode & 0o7777).toBe(0o751)
        expect(fs.stat(p('dst')).ino).not.toBe(fs.stat(p('src')).ino)
        fs.writeFile(p('src'), 'changed')
        expect(fs.readFile(p('dst'))).toEqual(BINARY)
      })

      it('replaces the destination unless COPYFILE_EXCL', () => {
        fs.writeFile(p('src'), 'new')
        fs.writeFile(p('dst'), 'a much longer old content')
        fs.copyFile(p('src'), p('dst'))
        expect(fs.readFile(p('dst'), 'utf8')).toBe('new')
        fs.writeFile(p('dst'), 'old')
        expectError(() => fs.copyFile(p('src'), p('dst'), C.COPYFILE_EXCL), {
          code: 'EEXIST',
          syscall: 'copyfile',
          path: p('src'),
          dest: p('dst'),
        })
        expect(fs.readFile(p('dst'), 'utf8')).toBe('old')
        fs.copyFile(p('src'), p('fresh'), C.COPYFILE_EXCL)
        expect(fs.readFile(p('fresh'), 'utf8')).toBe('new')
      })

      it('copying a file onto itself or a hard link of it keeps the content', () => {
        fs.writeFile(p('f'), 'precious')
        fs.link(p('f'), p('h'))
        fs.copyFile(p('f'), p('f'))
        fs.copyFile(p('f'), p('h'))
        expect(fs.readFile(p('f'), 'utf8')).toBe('precious')
      })

      it('fails on missing sources and directories', () => {
        fs.mkdir(p('d'))
        fs.writeFile(p('f'), '')
        expectError(() => fs.copyFile(p('nope'), p('x')), {
          code: 'ENOENT',
          syscall: 'copyfile',
          path: p('nope'),
          dest: p('x'),
        })
        expectError(() => fs.copyFile(p('d'), p('x')), { code: 'EISDIR', syscall: 'copyfile', path: p('d') })
        expectError(() => fs.copyFile(p('f'), p('d')), { code: 'EISDIR', syscall: 'copyfile', dest: p('d') })
        expect(fs.exists(p('x'))).toBe(false)
      })
    })

    describe('appendFile and exists', () => {
      it('appendFile creates, then appends', () => {
        fs.appendFile(p('log'), 'one\n')
        fs.appendFile(p('log'), new Uint8Array([0x74, 0x77, 0x6f]))
        fs.appendFile(p('log'), '210a', 'hex')
        expect(fs.readFile(p('log'), 'utf8')).toBe('one\ntwo!\n')
        expect(fs.stat(p('log')).mode & 0o777).toBe(0o666 & ~fs.umask)
        fs.symlink('log', p('l'))
        fs.appendFile(p('l'), 'end')
        expect(fs.readFile(p('log'), 'utf8')).toBe('one\ntwo!\nend')
        fs.mkdir(p('d'))
        expectError(() => fs.appendFile(p('d'), 'x'), { code: 'EISDIR', syscall: 'open', path: p('d') })
      })

      it('exists is true for anything that resolves and never throws', () => {
        fs.writeFile(p('f'), '')
        fs.mkdir(p('d'))
        fs.symlink('f', p('l'))
        fs.symlink('nope', p('dangling'))
        expect(fs.exists(p('f'))).toBe(true)
        expect(fs.exists(p('d'))).toBe(true)
        expect(fs.exists(p('l'))).toBe(true)
        expect(fs.exists(p('dangling'))).toBe(false)
        expect(fs.exists(p('nope'))).toBe(false)
        expect(fs.exists(p('f/x'))).toBe(false)
        expect(fs.exists('')).toBe(false)
      })
    })

    describe('text encodings', () => {
      it('writes and reads utf8, keeping a byte-order mark and replacing invalid bytes', () => {
        fs.writeFile(p('u'), 'héllo €😀')
        expect([...fs.readFile(p('u'))]).toEqual([
          0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f, 0x20, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80,
        ])
        expect(fs.readFile(p('u'), 'utf8')).toBe('héllo €😀')
        fs.writeFile(p('bom'), new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))
        expect(fs.readFile(p('bom'), 'utf8')).toBe('\ufeffA')
        fs.writeFile(p('bad'), new Uint8Array([0xff, 0x41, 0xe2, 0x82]))
        expect(fs.readFile(p('bad'), 'utf-8')).toBe('\ufffdA\ufffd')
        fs.writeFile(p('lone'), 'a\ud800b')
        expect([...fs.readFile(p('lone'))]).toEqual([0x61, 0xef, 0xbf, 0xbd, 0x62])
      })

      it('latin1 keeps the low byte of each UTF-16 unit; ascii also clears the high bit on read', () => {
        fs.writeFile(p('l'), 'aé€😀', 'latin1')
        expect([...fs.readFile(p('l'))]).toEqual([0x61, 0xe9, 0xac, 0x3d, 0x00])
        fs.writeFile(p('b'), new Uint8Array([0x41, 0xe9, 0xff, 0x80]))
        expect(fs.readFile(p('b'), 'latin1')).toBe('A\u00e9\u00ff\u0080')
        expect(fs.readFile(p('b'), 'binary')).toBe('A\u00e9\u00ff\u0080')
        expect(fs.readFile(p('b'), 'ascii')).toBe('Ai\u007f\u0000')
      })

      it('base64 decodes leniently, like Node, and encodes with padding', () => {
        const cases: Array<[string, number[]]> = [
          ['YWJj', [0x61, 0x62, 0x63]],
          ['YQ==', [0x61]],
          ['YQ', [0x61]],
          ['Y', []],
          ['YWJjZ', [0x61, 0x62, 0x63]],
          ['Y Q\n= =', [0x61]],
          ['YQ==YQ==', [0x61]],
          ['YW$$Jj', [0x61, 0x62, 0x63]],
          ['-_8', [0xfb, 0xff]],
          ['+/8', [0xfb, 0xff]],
        ]
        for (const [input, want] of cases) {
          fs.writeFile(p('b64'), input, 'base64')
          expect([input, ...fs.readFile(p('b64'))]).toEqual([input, ...want])
        }
        fs.writeFile(p('b'), new Uint8Array([0xfb, 0xff, 0x41]))
        expect(fs.readFile(p('b'), 'base64')).toBe('+/9B')
        fs.writeFile(p('b'), new Uint8Array([0xfb, 0xff]))
        expect(fs.readFile(p('b'), 'base64')).toBe('+/8=')
        expect(fs.readFile(p('b'), 'base64url')).toBe('-_8')
        fs.writeFile(p('b'), new Uint8Array([0x61]))
        expect(fs.readFile(p('b'), 'base64')).toBe('YQ==')
      })

      it('hex stops at the first pair that is not hex, like Node', () => {
        const cases: Array<[string, number[]]> = [
          ['00ab0F', [0x00, 0xab, 0x0f]],
          ['abzz12', [0xab]],
          ['abc', [0xab]],
          ['+1ab', []],
        ]
        for (const [input, want] of cases) {
          fs.writeFile(p('h'), input, 'hex')
          expect([input, ...fs.readFile(p('h'))]).toEqual([input, ...want])
        }
        fs.writeFile(p('h'), new Uint8Array([0, 0xab, 0x0f, 0xff]))
        expect(fs.readFile(p('h'), 'hex')).toBe('00ab0fff')
      })

      it('decodes large files without running out of stack', () => {
        const big = new Uint8Array(600_000).fill(0x41)
        fs.writeFile(p('big'), big)
        expect(fs.readFile(p('big'), 'latin1').length).toBe(600_000)
        expect(fs.readFile(p('big'), 'ascii').length).toBe(600_000)
        expect(fs.readFile(p('big'), 'base64').length).toBe(800_000)
      })

      it('rejects an unknown encoding before touching the file', () => {
        expectError(() => fs.writeFile(p('x'), 'data', 'klingon' as 'utf8'), { code: 'EINVAL', syscall: 'write' })
        expect(fs.exists(p('x'))).toBe(false)
        fs.writeFile(p('y'), 'data', 'UTF-8' as 'utf8')
        expect(fs.readFile(p('y'), 'Latin1' as 'latin1')).toBe('data')
        expectError(() => fs.readFile(p('y'), 'klingon' as 'utf8'), { code: 'EINVAL', syscall: 'read' })
      })
    })

    describe('descriptors', () => {
      it('read and write move the position; pread and pwrite do not', () => {
        const fd = fs.open(p('f'), 'w+')
        expect(fd).toBeGreaterThanOrEqual(3)
        expect(fs.write(fd, 'hello world')).toBe(11)
        expect(fs.tell(fd)).toBe(11)
        const buf = new Uint8Array(5)
        expect(fs.read(fd, buf)).toBe(0)
        expect(fs.pread(fd, buf, 6)).toBe(5)
        expect(text(buf)).toBe('world')
        expect(fs.tell(fd)).toBe(11)
        expect(fs.pwrite(fd, 'J', 0)).toBe(1)
        expect(fs.tell(fd)).toBe(11)
        fs.seek(fd, 0)
        const all = new Uint8Array(20)
        expect(fs.read(fd, all)).toBe(11)
        expect(text(all.subarray(0, 11))).toBe('Jello world')
        expect(fs.read(fd, all)).toBe(0)
        fs.close(fd)
      })

      it('read and write honour offset and length in the buffer', () => {
        const fd = fs.open(p('f'), 'w+')
        const src = bytes('..abc..')
        expect(fs.write(fd, src, 2, 3)).toBe(3)
        const dst = new Uint8Array(6).fill(0x2d)
        expect(fs.read(fd, dst, 1, 3, 0)).toBe(3)
        expect(text(dst)).toBe('-abc--')
        expect(fs.write(fd, src, 0, 2, 10)).toBe(2)
        expect(fs.fstat(fd).size).toBe(12)
        expectError(() => fs.read(fd, dst, 4, 3), { code: 'EINVAL', syscall: 'read', path: null })
        expectError(() => fs.write(fd, src, 6, 5), { code: 'EINVAL', syscall: 'write', path: null })
        const view = new DataView(new ArrayBuffer(4))
        expect(fs.read(fd, view, 0, 4, 0)).toBe(4)
        expect([view.getUint8(0), view.getUint8(2), view.getUint8(3)]).toEqual([0x61, 0x63, 0])
        fs.close(fd)
      })

      it('seek with SEEK_SET, SEEK_CUR and SEEK_END; a negative result is EINVAL', () => {
        fs.writeFile(p('f'), '0123456789')
        const fd = fs.open(p('f'), 'r')
        expect(fs.seek(fd, 4, C.SEEK_SET)).toBe(4)
        expect(fs.seek(fd, 2, C.SEEK_CUR)).toBe(6)
        expect(fs.seek(fd, -3, C.SEEK_CUR)).toBe(3)
        expect(fs.seek(fd, -1, C.SEEK_END)).toBe(9)
        expect(fs.seek(fd, 5, C.SEEK_END)).toBe(15)
        expect(fs.seek(fd, 2n, C.SEEK_SET)).toBe(2)
        const buf = new Uint8Array(2)
        fs.read(fd, buf)
        expect(text(buf)).toBe('23')
        expectError(() => fs.seek(fd, -1, C.SEEK_SET), { code: 'EINVAL', syscall: 'lseek', path: null })
        expectError(() => fs.seek(fd, -11, C.SEEK_END), { code: 'EINVAL', syscall: 'lseek', path: null })
        expectError(() => fs.seek(fd, 0, 7), { code: 'EINVAL', syscall: 'lseek', path: null })
        expect(fs.tell(fd)).toBe(4)
        fs.close(fd)
      })

      it('fstat and ftruncate act on the open file', () => {
        fs.writeFile(p('f'), 'abc')
        const fd = fs.open(p('f'), 'r+')
        const st = fs.fstat(fd)
        expect(st.ino).toBe(fs.stat(p('f')).ino)
        expect(st.size).toBe(3)
        fs.ftruncate(fd, 10)
        expect(fs.fstat(fd).size).toBe(10)
        expect(fs.stat(p('f')).size).toBe(10)
        fs.close(fd)
      })

      it('readdir on a directory descriptor', () => {
        fs.mkdir(p('d'))
        fs.writeFile(p('d/b'), '')
        fs.mkdir(p('d/a'))
        const fd = fs.open(p('d'), C.O_RDONLY | C.O_DIRECTORY)
        expect(fs.readdir(fd)).toEqual(['a', 'b'])
        expect(fs.readdir(fd, { withFileTypes: true }).map((e) => [e.name, e.isDirectory()])).toEqual([
          ['a', true],
          ['b', false],
        ])
        fs.close(fd)
        const ffd = fs.open(p('d/b'), 'r')
        expectError(() => fs.readdir(ffd), { code: 'ENOTDIR', syscall: 'scandir', path: null })
        fs.close(ffd)
      })

      it('readFile and writeFile on a descriptor use its position', () => {
        const fd = fs.open(p('f'), 'w+')
        fs.write(fd, 'abcdef')
        fs.writeFile(fd, 'XY')
        fs.seek(fd, 2)
        expect(fs.readFile(fd, 'utf8')).toBe('cdefXY')
        expect(fs.readFile(fd, 'utf8')).toBe('')
        fs.close(fd)
        expect(fs.readFile(p('f'), 'utf8')).toBe('abcdefXY')
      })

      it('status flags: O_APPEND can be switched on with setFlags', () => {
        fs.writeFile(p('f'), 'ab')
        const fd = fs.open(p('f'), 'r+')
        expect(fs.getFlags(fd) & O_ACCMODE).toBe(C.O_RDWR)
        fs.setFlags(fd, C.O_APPEND)
        fs.write(fd, 'c')
        expect(fs.readFile(p('f'), 'utf8')).toBe('abc')
        expect(fs.getFlags(fd) & O_ACCMODE).toBe(C.O_RDWR)
        expect(fs.fdPath(fd)).toBe(p('f'))
        fs.close(fd)
      })

      it('gives distinct numbers to open descriptors of one file', () => {
        fs.writeFile(p('f'), 'x')
        const fds = [fs.open(p('f'), 'r'), fs.open(p('f'), 'r'), fs.open(p('f'), 'r')]
        expect(new Set(fds).size).toBe(3)
        fs.read(fds[0] as number, new Uint8Array(1))
        expect(fs.tell(fds[0] as number)).toBe(1)
        expect(fs.tell(fds[1] as number)).toBe(0)
        for (const fd of fds) fs.close(fd)
      })

      it('fails every call on a closed descriptor with EBADF', () => {
        fs.writeFile(p('f'), 'x')
        const fd = fs.open(p('f'), 'r+')
        fs.close(fd)
        const calls: Array<[string, () => unknown]> = [
          ['read', () => fs.read(fd, new Uint8Array(1))],
          ['write', () => fs.write(fd, 'x')],
          ['fstat', () => fs.fstat(fd)],
          ['close', () => fs.close(fd)],
          ['lseek', () => fs.seek(fd, 0)],
          ['ftruncate', () => fs.ftruncate(fd, 0)],
          ['fchmod', () => fs.fchmod(fd, 0o600)],
          ['futime', () => fs.futimes(fd, 1, 1)],
          ['fsync', () => fs.fsync(fd)],
          ['scandir', () => fs.readdir(fd)],
          ['read', () => fs.readFile(fd)],
        ]
        for (const [syscall, call] of calls) expectError(call, { code: 'EBADF', syscall, path: null })
        expectError(() => fs.fstat(-1), { code: 'EBADF', syscall: 'fstat' })
        expectError(() => fs.fstat(123456), { code: 'EBADF', syscall: 'fstat' })
      })
    })

    describe('after reopening the storage', () => {
      /** Builds one of everything in `root`. */
      const populate = (root: string): void => {
        fs.mkdir(`${root}/a/b/c`, { recursive: true })
        fs.writeFile(`${root}/a/text.txt`, 'hello')
        fs.writeFile(`${root}/a/b/binary`, BINARY)
        fs.writeFile(`${root}/empty`, '')
        fs.symlink('a/text.txt', `${root}/rel-link`)
        fs.symlink(`${root}/a/b`, `${root}/abs-link`)
        fs.symlink('nowhere', `${root}/dangling`)
        fs.link(`${root}/a/text.txt`, `${root}/a/b/c/hard`)
        fs.chmod(`${root}/a/b/binary`, 0o751)
        fs.chmod(`${root}/a/b`, 0o700)
        fs.utimes(`${root}/a/text.txt`, 123_456_789_012_345_678n, 1_700_000_000_987_654_321n)
        fs.lutimes(`${root}/rel-link`, 5n, 6n)
        // An unlinked file must not come back.
        fs.writeFile(`${root}/gone`, 'bye')
        fs.unlink(`${root}/gone`)
        fs.mkdir(`${root}/gone-dir`)
        fs.rmdir(`${root}/gone-dir`)
        fs.writeFile(`${root}/renamed-from`, 'moved')
        fs.rename(`${root}/renamed-from`, `${root}/a/renamed-to`)
      }

      it('every file, directory, link, inode number, nlink, mode and nanosecond time is identical', async (ctx) => {
        if (!target.reopen) {
          ctx.skip('this backend does not persist: there is nothing to reopen')
          return
        }
        populate(dir)
        const before = describeTree(fs, dir)
        await reopen()
        expect(describeTree(fs, dir)).toEqual(before)
        expect(fs.stat(`${dir}/a/b/c/hard`).ino).toBe(fs.stat(`${dir}/a/text.txt`).ino)
        expect(fs.stat(`${dir}/a/text.txt`).nlink).toBe(2)
        expect(fs.readFile(`${dir}/rel-link`, 'utf8')).toBe('hello')
        expect(fs.readdir(`${dir}/abs-link`)).toEqual(['binary', 'c'])
        expect(fs.exists(`${dir}/gone`)).toBe(false)
      })

      it('keeps changes made after a reopen, and new inodes never reuse numbers', async (ctx) => {
        if (!target.reopen) {
          ctx.skip('this backend does not persist: there is nothing to reopen')
          return
        }
        populate(dir)
        const inos = new Set(describeTree(fs, dir).map((e) => e.ino))
        await reopen()
        fs.writeFile(`${dir}/a/text.txt`, 'changed')
        fs.unlink(`${dir}/a/b/c/hard`)
        fs.writeFile(`${dir}/fresh`, 'new')
        expect(inos.has(fs.stat(`${dir}/fresh`).ino)).toBe(false)
        fs.rename(`${dir}/a/b`, `${dir}/b2`)
        const before = describeTree(fs, dir)
        await reopen()
        expect(describeTree(fs, dir)).toEqual(before)
        expect(fs.readFile(`${dir}/a/text.txt`, 'utf8')).toBe('changed')
        expect(fs.stat(`${dir}/a/text.txt`).nlink).toBe(1)
      })

      it('a file written through a descriptor survives the reopen', async (ctx) => {
        if (!target.reopen) {
          ctx.skip('this backend does not persist: there is nothing to reopen')
          return
        }
        const fd = fs.open(`${dir}/f`, 'w')
        fs.write(fd, 'part one, ')
        fs.pwrite(fd, 'PART', 0)
        fs.write(fd, 'part two')
        fs.close(fd)
        const size = fs.stat(`${dir}/f`).size
        await reopen()
        expect(fs.readFile(`${dir}/f`, 'utf8')).toBe('PART one, part two')
        expect(fs.stat(`${dir}/f`).size).toBe(size)
      })
    })
  })
}
