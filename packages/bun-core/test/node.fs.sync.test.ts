/**
 * `node:fs` synchronous API, differential against the real Bun: each
 * scenario runs in both (see `node.fs.harness.ts`) and must log the same
 * values and errors, leave the same files and write the same stdout.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { type Outcome, runBun, runOurs, type Scenario } from './node.fs.harness.js'

const scenarios: Scenario[] = [
  {
    name: 'readFileSync encodings and flags',
    files: { 'a.txt': 'héllo wörld', 'd/x': '' },
    body: `
      log(fs.readFileSync('a.txt'))
      log(fs.readFileSync('a.txt', 'utf8'), fs.readFileSync('a.txt', { encoding: 'hex' }), fs.readFileSync('a.txt', 'base64'))
      log(fs.readFileSync('a.txt', 'latin1'), fs.readFileSync('a.txt', 'ucs2').length, fs.readFileSync('a.txt', 'buffer'))
      log(fs.readFileSync(Buffer.from('a.txt'), 'utf8'), fs.readFileSync(new URL('file://' + fs.realpathSync('a.txt')), 'utf8'))
      log(fs.readFileSync('new.txt', { flag: 'w+' }), fs.readFileSync('a.txt', null), fs.readFileSync('a.txt', true))
      for (const bad of [() => fs.readFileSync('missing'), () => fs.readFileSync('d'), () => fs.readFileSync('a.txt/'),
        () => fs.readFileSync('a.txt', { flag: 'a' }), () => fs.readFileSync(''), () => fs.readFileSync({}),
        () => fs.readFileSync(undefined), () => fs.readFileSync('a\\0b'), () => fs.readFileSync('a.txt', 'nope'),
        () => fs.readFileSync('a.txt', { flag: 'zz' }), () => fs.readFileSync(new URL('http://x/y')),
        () => fs.readFileSync(999), () => fs.readFileSync(new URL('file://host/x'))]) {
        try { log(bad()) } catch (e) { log(e) }
      }`,
  },
  {
    name: 'writeFileSync and appendFileSync',
    files: { 'd/keep': 'k' },
    body: `
      fs.writeFileSync('a.txt', 'abc')
      fs.writeFileSync('b.bin', new Uint16Array([1, 2]))
      fs.writeFileSync('c.bin', new DataView(new ArrayBuffer(3)))
      fs.writeFileSync('hex.bin', 'ff00', 'hex')
      fs.writeFileSync('m.txt', 'mode', { mode: 0o600 })
      fs.writeFileSync('m2.txt', 'mode', { mode: '640' })
      fs.writeFileSync('a.txt', 'Z', { flag: 'a' })
      fs.appendFileSync('a.txt', Buffer.from('!'))
      fs.appendFileSync('new.txt', 'n')
      fs.appendFileSync('new.txt', '6e', 'hex')
      fs.writeFileSync(Buffer.from('u.txt'), 'via buffer path')
      fs.writeFileSync('ab.bin', new ArrayBuffer(2))
      for (const bad of [() => fs.writeFileSync('x', 5), () => fs.writeFileSync('x', {}), () => fs.writeFileSync('x'),
        () => fs.writeFileSync('d', 'x'), () => fs.writeFileSync('nope/x', 'x'), () => fs.writeFileSync('x', 'y', 'zz'),
        () => fs.writeFileSync({}, 'x'), () => fs.writeFileSync('a.txt', 'x', { flag: 'wx' }),
        () => fs.writeFileSync('x', 'y', { mode: 'abc' }), () => fs.writeFileSync('', 'x'), () => fs.appendFileSync({}, 'x')]) {
        try { log(bad()) } catch (e) { log(e) }
      }`,
  },
  {
    name: 'stat, lstat and fstat',
    files: { 'f.txt': 'data', 'd/e/x': '1' },
    body: `
      fs.symlinkSync('f.txt', 'link')
      fs.symlinkSync('missing', 'dangling')
      log(fs.statSync('f.txt'), fs.statSync('d'), fs.lstatSync('link'), fs.statSync('link'))
      const big = fs.statSync('f.txt', { bigint: true })
      log(big, big.size, typeof big.atimeNs, big.mtimeMs === big.mtimeNs / 1000000n)
      const s = fs.statSync('f.txt')
      log(s instanceof fs.Stats, big instanceof fs.Stats, Object.keys(s), Object.keys(big))
      log(s.isFile(), s.isDirectory(), s.isSymbolicLink(), s.isFIFO(), s.isSocket(), s.isBlockDevice(), s.isCharacterDevice())
      log(s.mtime instanceof Date, s.mtime.getTime() === Math.floor(s.mtimeMs) || s.mtime.getTime() === Math.round(s.mtimeMs), s.blocks, s.blksize)
      log(fs.statSync('missing', { throwIfNoEntry: false }), fs.lstatSync('f.txt/x', { throwIfNoEntry: false }))
      log(fs.statSync(Buffer.from('f.txt')).size)
      const fd = fs.openSync('f.txt', 'r')
      log(fs.fstatSync(fd), fs.fstatSync(fd, { bigint: true }).size)
      fs.closeSync(fd)
      for (const bad of [() => fs.statSync('missing'), () => fs.statSync('dangling'), () => fs.lstatSync('missing/x'),
        () => fs.statSync('f.txt/'), () => fs.statSync(''), () => fs.statSync(5), () => fs.statSync(null),
        () => fs.fstatSync(fd), () => fs.fstatSync('1'), () => fs.fstatSync(-1), () => fs.fstatSync(1.5)]) {
        try { log(bad()) } catch (e) { log(e) }
      }`,
  },
  {
    name: 'readdirSync',
    files: { 'd/b.txt': 'b', 'd/a.txt': 'a', 'd/e/x': '1', 'd/e/f/y': '2', file: '' },
    body: `
      const sorted = (list) => list.map((e) => typeof e === 'string' ? e : e).sort((a, b) => String(a.name ?? a) < String(b.name ?? b) ? -1 : 1)
      log(sorted(fs.readdirSync('d')))
      log(sorted(fs.readdirSync('d', { withFileTypes: true })))
      log(fs.readdirSync('d', { recursive: true }).sort())
      log(fs.readdirSync('d', { recursive: true, withFileTypes: true }).map((d) => d.parentPath + ' ' + d.name + ' ' + d.isDirectory()).sort())
      log(sorted(fs.readdirSync('./d/', { withFileTypes: true })))
      log(fs.readdirSync('d', 'buffer').map(String).sort(), fs.readdirSync('d', { encoding: 'hex' }).sort())
      log(fs.readdirSync('d/e/f'), fs.readdirSync(fs.realpathSync('d/e')).sort())
      for (const bad of [() => fs.readdirSync('file'), () => fs.readdirSync('missing'), () => fs.readdirSync(5),
        () => fs.readdirSync('d', 'nope'), () => fs.readdirSync('')]) {
        try { log(bad()) } catch (e) { log(e) }
      }`,
  },
  {
    name: 'mkdirSync, mkdtempSync, rmdirSync, rmSync, unlinkSync',
    files: { 'f.txt': '1', 'full/a/b': 'x' },
    body: `
      log(fs.mkdirSync('d'), fs.mkdirSync('d/e/f', { recursive: true }), fs.mkdirSync('d/e/f', { recursive: true }))
      log(fs.mkdirSync('./x/y/', { recursive: true }), fs.mkdirSync('m', 0o700), fs.mkdirSync('m2', '755'), fs.mkdirSync('m3', { mode: 0o750 }))
      const abs = fs.realpathSync('.') + '/z/w'
      log(fs.mkdirSync(abs, { recursive: true }))
      const tmp = fs.mkdtempSync('tmp-')
      log(tmp.length, tmp.startsWith('tmp-'), fs.statSync(tmp).isDirectory(), (fs.statSync(tmp).mode & 0o777).toString(8))
      fs.rmdirSync(tmp)
      fs.rmdirSync('x/y')
      fs.unlinkSync('f.txt')
      fs.rmSync('full', { recursive: true })
      fs.rmSync('nothing', { force: true })
      fs.writeFileSync('g.txt', 'g')
      fs.rmSync('g.txt')
      fs.rmdirSync('m3', { recursive: true })
      for (const bad of [() => fs.mkdirSync('d'), () => fs.mkdirSync('g/x/y', { recursive: false }), () => fs.mkdirSync('d/e/f/../../../m/x'),
        () => fs.mkdirSync('q', { recursive: 1 }), () => fs.mkdirSync('q', { mode: 'abc' }), () => fs.mkdirSync('q', { mode: -1 }),
        () => fs.rmdirSync('d'), () => fs.rmSync('d'), () => fs.rmSync('zz'), () => fs.unlinkSync('d'), () => fs.unlinkSync('zz'),
        () => fs.rmdirSync('zz'), () => fs.rmdirSync('m2/'), () => fs.mkdtempSync('zz/x'), () => fs.mkdtempSync(5),
        () => fs.rmdirSync('nope', { recursive: true }), () => fs.mkdirSync(''), () => fs.rmSync('d', { recursive: 'yes' })]) {
        try { log(bad()) } catch (e) { log(e.code === 'ENOENT' && e.syscall === 'mkdtemp' ? e.code + ' ' + e.syscall : e) }
      }`,
  },
  {
    name: 'rename, copyFile, link, symlink, readlink, realpath',
    files: { 'a.txt': 'A', 'b.txt': 'B', 'd/in': 'i' },
    body: `
      fs.renameSync('a.txt', 'a2.txt')
      fs.copyFileSync('b.txt', 'b2.txt')
      fs.copyFileSync('b.txt', 'a2.txt')
      fs.linkSync('b.txt', 'hard')
      log(fs.statSync('b.txt').nlink, fs.statSync('hard').ino === fs.statSync('b.txt').ino)
      fs.symlinkSync('d/in', 'sym')
      fs.symlinkSync('d', 'dirlink', 'dir')
      log(fs.readlinkSync('sym'), fs.readlinkSync('sym', 'buffer'), fs.readFileSync('sym', 'utf8'))
      log(fs.realpathSync('sym').endsWith('/d/in'), fs.realpathSync('dirlink/in') === fs.realpathSync('d/in'), fs.realpathSync.native('d/../sym') === fs.realpathSync('d/in'))
      log(fs.realpathSync('.', 'buffer') instanceof Buffer, fs.readdirSync('dirlink'))
      fs.renameSync('d', 'd2')
      for (const bad of [() => fs.renameSync('zz', 'yy'), () => fs.renameSync('b.txt', 5), () => fs.renameSync('b.txt', 'd2'),
        () => fs.copyFileSync('zz', 'yy'), () => fs.copyFileSync('b.txt', 'b2.txt', fs.constants.COPYFILE_EXCL),
        () => fs.copyFileSync('b.txt', 'x', 99), () => fs.copyFileSync(5, 'x'), () => fs.copyFileSync('d2', 'x'),
        () => fs.linkSync('b.txt', 'hard'), () => fs.linkSync('zz', 'x'), () => fs.symlinkSync('b.txt', 'sym'),
        () => fs.symlinkSync('a', 'b', 'weird'), () => fs.readlinkSync('b.txt'), () => fs.readlinkSync('zz'),
        () => fs.realpathSync('zz'), () => fs.realpathSync.native('zz'), () => fs.realpathSync('sym/x'),
        () => fs.symlinkSync(5, 'x'), () => fs.readFileSync('dirlink/nope')]) {
        try { log(bad()) } catch (e) { log(e) }
      }`,
  },
  {
    name: 'cpSync',
    files: { 'src/a.txt': 'a', 'src/sub/b.txt': 'b', 'src/sub/deep/c.txt': 'c', 'f.txt': 'F', 'exists/a.txt': 'old' },
    body: `
      fs.cpSync('f.txt', 'f2.txt')
      fs.cpSync('src', 'copy', { recursive: true })
      fs.cpSync('src', 'filtered', { recursive: true, filter: (s) => !s.endsWith('b.txt') })
      fs.cpSync('src', 'exists', { recursive: true, force: false })
      fs.cpSync('f.txt', 'exists/a.txt')
      fs.symlinkSync('a.txt', 'src/lnk')
      fs.cpSync('src', 'withlink', { recursive: true, verbatimSymlinks: true })
      for (const bad of [() => fs.cpSync('zz', 'yy'), () => fs.cpSync('src', 'x'), () => fs.cpSync('src', 'src/sub/x', { recursive: true }),
        () => fs.cpSync('src', 'f.txt', { recursive: true }), () => fs.cpSync('f.txt', 'src'),
        () => fs.cpSync('f.txt', 'copy/a.txt', { force: false, errorOnExist: true }), () => fs.cpSync('f.txt', 'f.txt'),
        () => fs.cpSync({}, 'x')]) {
        try { log(bad()) } catch (e) { log(e, e.info) }
      }`,
  },
  {
    name: 'access, exists, chmod, chown, utimes, truncate',
    files: { 'f.txt': 'hello world', 'x.sh': '#!', 'd/k': '' },
    body: `
      fs.chmodSync('x.sh', 0o755)
      fs.chmodSync('f.txt', '600')
      log(fs.accessSync('f.txt'), fs.accessSync('x.sh', fs.constants.X_OK), fs.accessSync('d', fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK))
      log(fs.existsSync('f.txt'), fs.existsSync('missing'), fs.existsSync(5), fs.existsSync({}), fs.existsSync('d/'), fs.existsSync('f.txt/'), fs.existsSync(''))
      log((fs.statSync('x.sh').mode & 0o777).toString(8), (fs.statSync('f.txt').mode & 0o777).toString(8))
      fs.chownSync('f.txt', -1, -1)
      fs.utimesSync('f.txt', 1000, 2000)
      const st = fs.statSync('f.txt')
      log(st.atimeMs, st.mtimeMs, st.mtime.toISOString())
      fs.utimesSync('f.txt', new Date(5000), '3')
      log(fs.statSync('f.txt').atimeMs, fs.statSync('f.txt').mtimeMs)
      fs.truncateSync('f.txt', 5)
      log(fs.readFileSync('f.txt', 'utf8'))
      fs.truncateSync('f.txt', 8)
      log(fs.readFileSync('f.txt'))
      fs.truncateSync('f.txt')
      fs.truncateSync('x.sh', -3)
      log(fs.statSync('f.txt').size, fs.statSync('x.sh').size)
      fs.symlinkSync('f.txt', 'l')
      fs.lutimesSync('l', 10, 20)
      log(fs.lstatSync('l').mtimeMs, fs.statSync('l').mtimeMs === 20000)
      for (const bad of [() => fs.accessSync('zz'), () => fs.accessSync('f.txt', fs.constants.X_OK), () => fs.accessSync('f.txt', 99),
        () => fs.accessSync('f.txt', 'x'), () => fs.chmodSync('zz', 0o644), () => fs.chmodSync('f.txt', 'zz'),
        () => fs.chmodSync('f.txt', -1), () => fs.chmodSync('f.txt', 1.5), () => fs.chmodSync('f.txt', {}), () => fs.chmodSync('f.txt'),
        () => fs.chownSync('f.txt', 'a', 1), () => fs.chownSync('f.txt', -2, 1), () => fs.chownSync('zz', 1, 1),
        () => fs.utimesSync('zz', 1, 1), () => fs.utimesSync('f.txt', 'x', 1), () => fs.utimesSync('f.txt', NaN, 1), () => fs.utimesSync('f.txt'),
        () => fs.truncateSync('f.txt', 'a'), () => fs.truncateSync('f.txt', 1.5), () => fs.truncateSync('zz'), () => fs.truncateSync('d')]) {
        try { log(bad()) } catch (e) { log(e) }
      }`,
  },
  {
    name: 'descriptors: open, read, write, readv, writev, close',
    files: { 'f.txt': 'hello world' },
    body: `
      const fd = fs.openSync('f.txt', 'r+')
      const b = Buffer.alloc(8)
      const r = (f) => { try { log(f()) } catch (e) { log(e) } }
      r(() => [fs.readSync(fd, b, 0, 4, 0), b])
      r(() => fs.readSync(fd, b, -1, 4, 0))
      r(() => fs.readSync(fd, b, 9, 1, 0))
      r(() => fs.readSync(fd, b, 0, 9, 0))
      r(() => fs.readSync(fd, b, 0, -1, 0))
      r(() => fs.readSync(fd, b, 0, 1, -1))
      r(() => fs.readSync(fd, b, 0, 1, -2))
      r(() => fs.readSync(fd, b, 0, 1, '1'))
      r(() => fs.readSync(fd, b, 0, 1, 2n))
      r(() => fs.readSync(fd, b, 0, 1, 1.5))
      r(() => fs.readSync(fd, b, '1', 1, 0))
      r(() => fs.readSync(fd, b, 1.5, 1, 0))
      r(() => [fs.readSync(fd, b, { offset: 2, length: 3, position: 6 }), b])
      r(() => fs.readSync(fd, b, {}))
      r(() => fs.readSync(fd, b))
      r(() => fs.readSync(fd, b, 0, 0, 0))
      r(() => fs.readSync(fd, Buffer.alloc(0)))
      r(() => { const u = new Uint16Array(2); return [fs.readSync(fd, u, 0, 4, 0), Array.from(u)] })
      r(() => fs.readSync(fd, 'x'))
      r(() => fs.writeSync(fd, 'XY', 1))
      r(() => fs.writeSync(fd, '5a5a', 3, 'hex'))
      r(() => fs.writeSync(fd, Buffer.from('abcdef'), 1, 2, 8))
      r(() => fs.writeSync(fd, Buffer.from('abcdef'), 7))
      r(() => fs.writeSync(fd, Buffer.from('abcdef'), 1, 6))
      r(() => fs.writeSync(fd, Buffer.from('abcdef'), { offset: 1, length: 1, position: 0 }))
      r(() => fs.writeSync(fd, 'x', 0, 'nope'))
      r(() => fs.writeSync(fd, Buffer.from('Q'), 0, 1, 'x'))
      r(() => fs.writeSync(fd, 42))
      r(() => fs.writeSync(fd, {}))
      r(() => fs.readFileSync('f.txt', 'utf8'))
      r(() => { const a = Buffer.alloc(3), c = Buffer.alloc(4); return [fs.readvSync(fd, [a, c], 0), a, c] })
      r(() => fs.writevSync(fd, [Buffer.from('12'), Buffer.from('34')], 0))
      r(() => fs.readvSync(fd, 'x'))
      r(() => fs.writevSync(fd, ['x']))
      r(() => fs.readFileSync(fd, 'utf8'))
      r(() => { fs.ftruncateSync(fd, 4); fs.fsyncSync(fd); fs.fdatasyncSync(fd); return fs.fstatSync(fd).size })
      r(() => { fs.fchmodSync(fd, 0o640); fs.futimesSync(fd, 1, 2); return [fs.fstatSync(fd).mode.toString(8), fs.fstatSync(fd).mtimeMs] })
      fs.closeSync(fd)
      const w = fs.openSync('f.txt', 'a')
      r(() => fs.readSync(w, b))
      r(() => fs.writeSync(w, '+'))
      r(() => fs.writeFileSync(w, 'via fd'))
      r(() => fs.appendFileSync(w, '!'))
      fs.closeSync(w)
      const ro = fs.openSync('f.txt', 'r')
      r(() => fs.writeSync(ro, 'x'))
      r(() => fs.ftruncateSync(ro))
      fs.closeSync(ro)
      r(() => fs.fstatSync(ro))
      r(() => fs.closeSync(ro))
      r(() => fs.closeSync('x'))
      r(() => fs.closeSync(-1))
      r(() => fs.openSync('missing'))
      r(() => fs.openSync('f.txt', 'q'))
      r(() => fs.openSync('f.txt', 1.5))
      r(() => fs.openSync('f.txt', {}))
      r(() => fs.openSync('f.txt', 'r', 'zz'))
      r(() => fs.openSync('f.txt', 'wx'))
      r(() => fs.openSync('f.txt/', 'r'))
      const n = fs.openSync('n.txt', fs.constants.O_CREAT | fs.constants.O_WRONLY, 0o600)
      fs.writeSync(n, 'numeric flags')
      fs.closeSync(n)
      r(() => fs.readFileSync('f.txt', 'utf8'))`,
  },
  {
    name: 'stdio descriptors',
    body: `
      log(fs.writeSync(1, 'hi\\n'), fs.writeSync(1, Buffer.from('buf\\n')), fs.writeSync(1, 'XabcX', null, 'utf8'))
      fs.writeFileSync(1, 'writeFile to 1\\n')
      fs.appendFileSync(1, 'append to 1\\n')
      // What fd 1 is (pipe, socket, terminal) depends on who runs the test: only its shape is compared.
      log(typeof fs.fstatSync(1).isFIFO(), fs.fstatSync(1) instanceof fs.Stats)`,
    noTree: true,
  },
  {
    name: 'edge cases of paths, links and directories',
    files: { 'f.txt': 'F', 'd/x': 'x', 'full/a': 'a', 'empty/.keep': '' },
    body: `
      const r = (f) => { try { log(f()) } catch (e) { log(e) } }
      fs.symlinkSync('loop2', 'loop1')
      fs.symlinkSync('loop1', 'loop2')
      fs.symlinkSync('d', 'dl')
      fs.symlinkSync('../f.txt', 'd/up')
      r(() => fs.readFileSync('loop1'))
      r(() => fs.statSync('loop1'))
      r(() => fs.lstatSync('loop1').isSymbolicLink())
      r(() => fs.realpathSync('loop1'))
      r(() => fs.existsSync('loop1'))
      r(() => fs.mkdirSync('f.txt', { recursive: true }))
      r(() => fs.mkdirSync('f.txt/sub', { recursive: true }))
      r(() => fs.mkdirSync('dl/new'))
      r(() => fs.readdirSync('dl').sort())
      r(() => fs.readFileSync('d/up', 'utf8'))
      r(() => fs.realpathSync('dl/up') === fs.realpathSync('f.txt'))
      r(() => fs.statSync('d/.').isDirectory())
      r(() => fs.statSync('d/..').isDirectory())
      r(() => fs.readdirSync('d/../d').sort())
      r(() => fs.renameSync('d', 'full'))
      r(() => fs.renameSync('d', 'd/inside'))
      r(() => fs.renameSync('f.txt', 'd/x'))
      r(() => fs.renameSync('empty', 'f.txt'))
      r(() => fs.rmdirSync('empty'))
      r(() => fs.unlinkSync('dl'))
      r(() => fs.existsSync('d/x'))
      r(() => fs.writeFileSync('b64.txt', 'aGVsbG8=', { encoding: 'base64' }))
      r(() => fs.readFileSync('b64.txt', 'utf8'))
      r(() => { const fd = fs.openSync('f.txt', 'a+'); const b = Buffer.alloc(3); const n = fs.readSync(fd, b, 0, 3, 0); fs.writeSync(fd, 'Z'); fs.closeSync(fd); return [n, b] })
      r(() => fs.readFileSync('f.txt', 'utf8'))
      r(() => fs.openSync('loop1', 'wx'))
      r(() => fs.writeFileSync('dangle', 'x') ?? fs.symlinkSync('nowhere/file', 'dangle2'))
      r(() => fs.writeFileSync('dangle2', 'through'))
      r(() => fs.readdirSync('.', { withFileTypes: true }).filter((e) => e.isSymbolicLink()).map((e) => e.name).sort())
      const big = 'x'.repeat(300000)
      fs.writeFileSync('big.txt', big)
      r(() => fs.readFileSync('big.txt', 'utf8') === big)
      r(() => fs.statSync('big.txt').size)
      r(() => fs.existsSync(new URL('file://' + fs.realpathSync('big.txt'))))
      r(() => fs.unlinkSync('big.txt'))
      r(() => fs.rmSync('full', { recursive: true, force: true }))
      r(() => fs.rmSync('loop1'))`,
  },
  {
    name: '/dev/null',
    body: `
      // Only /dev/null here: the oracle's stdio are sockets (Linux refuses to open /dev/stdout then); see node.fs.host.test.ts.
      log(fs.readFileSync('/dev/null'), fs.existsSync('/dev/null'), fs.statSync('/dev/null').isCharacterDevice())
      fs.writeFileSync('/dev/null', 'discard')
      fs.appendFileSync('/dev/null', 'discard')
      const fd = fs.openSync('/dev/null', 'r+')
      log(fs.readSync(fd, Buffer.alloc(4)), fs.writeSync(fd, 'abc'), fs.fstatSync(fd).isCharacterDevice())
      fs.closeSync(fd)
      log(fs.readFileSync('/dev/null', 'utf8'), fs.accessSync('/dev/null'))`,
    noTree: true,
  },
  {
    name: 'opendirSync and Dir',
    files: { 'd/a': '1', 'd/b': '2', 'd/sub/c': '3' },
    body: `
      const dir = fs.opendirSync('d')
      log(dir.path, dir instanceof fs.Dir)
      const names = []
      let e
      while ((e = dir.readSync()) !== null) names.push(e.name + ':' + e.isDirectory() + ':' + e.parentPath)
      log(names.sort())
      dir.closeSync()
      try { dir.readSync() } catch (err) { log(err.code, err.message) }
      try { dir.closeSync() } catch (err) { log(err.code) }
      const d2 = fs.opendirSync('d')
      const seen = []
      for await (const ent of d2) seen.push(ent.name)
      log(seen.sort())
      try { d2.closeSync() } catch (err) { log(err.code) }
      const d3 = fs.opendirSync('d')
      log((await d3.read()) !== null)
      await d3.close()
      for (const bad of [() => fs.opendirSync('d/a'), () => fs.opendirSync('zz'), () => fs.opendirSync(5)]) {
        try { log(bad()) } catch (err) { log(err) }
      }`,
  },
  {
    name: 'classes and constants',
    body: `
      log(fs.constants.O_CREAT, fs.constants.COPYFILE_EXCL, fs.constants.S_IFMT, fs.constants.X_OK, fs.F_OK, fs.R_OK, fs.W_OK, fs.X_OK)
      log(Object.keys(fs.constants).length, fs.promises.constants === fs.constants || JSON.stringify(fs.promises.constants) === JSON.stringify(fs.constants))
      log(new fs.Stats(1, 0o100644, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))
      const s = new fs.Stats(1, 0o40755, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)
      log(s.isDirectory(), s.ino, s.size, s.atimeMs, s.birthtime.getTime(), Object.keys(s))
      const d = new fs.Dirent('a', fs.constants.UV_DIRENT_DIR, '/x')
      log(d, d.isDirectory(), d.isFile(), Object.keys(d))
      log(fs.ReadStream === fs.FileReadStream, fs.WriteStream === fs.FileWriteStream, typeof fs.lchmod, typeof fs.lchmodSync)
      log(fs._toUnixTimestamp(new Date(2000)), fs._toUnixTimestamp(5), fs._toUnixTimestamp('7'))`,
    noTree: true,
  },
]

describe('node:fs sync API against the real Bun', () => {
  let bun: Map<string, Outcome>
  let ours: Map<string, Outcome>
  beforeAll(async () => {
    bun = runBun(scenarios)
    ours = await runOurs(scenarios)
  }, 60_000)

  for (const scenario of scenarios) {
    it(scenario.name, () => {
      const theirs = bun.get(scenario.name) as Outcome
      const mine = ours.get(scenario.name) as Outcome
      expect(theirs.log.length).toBeGreaterThan(0)
      expect(mine.log).toEqual(theirs.log)
      expect(mine.tree).toEqual(theirs.tree)
      expect(mine.stdout).toEqual(theirs.stdout)
    })
  }
})
