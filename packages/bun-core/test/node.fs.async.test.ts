/**
 * `node:fs` callback forms, `fs.promises` (with `FileHandle`), streams and
 * watchers, differential against the real Bun (see `node.fs.harness.ts`).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { type Outcome, runBun, runOurs, type Scenario } from './node.fs.harness.js'

const scenarios: Scenario[] = [
  {
    name: 'callback forms',
    files: { 'f.txt': 'hello', 'd/x': '1' },
    body: `
      const call = (name, ...args) => new Promise((resolve) => fs[name](...args, (...res) => { log(name, ...res); resolve() }))
      await call('readFile', 'f.txt', 'utf8')
      await call('readFile', 'f.txt')
      await call('readFile', 'missing')
      await call('writeFile', 'g.txt', 'G')
      await call('appendFile', 'g.txt', 'H')
      await call('stat', 'g.txt')
      await call('lstat', 'missing')
      await call('mkdir', 'a/b/c', { recursive: true })
      await call('readdir', 'd')
      await call('readdir', 'd', { withFileTypes: true })
      await call('rename', 'g.txt', 'h.txt')
      await call('copyFile', 'h.txt', 'i.txt')
      await call('unlink', 'i.txt')
      await call('access', 'h.txt')
      await call('access', 'missing')
      await call('exists', 'h.txt')
      await call('exists', 'missing')
      await call('symlink', 'h.txt', 'l')
      await call('readlink', 'l')
      await call('realpath', 'l')
      await call('chmod', 'h.txt', 0o600)
      await call('truncate', 'h.txt', 1)
      await call('rm', 'a', { recursive: true })
      await call('rmdir', 'missing')
      await new Promise((resolve) => fs.mkdtemp('zz/p', (e) => { log('mkdtemp', e.code, e.syscall, e.path.length); resolve() }))
      await call('cp', 'd', 'd2', { recursive: true })
      await call('utimes', 'h.txt', 1, 2)
      await new Promise((resolve) => fs.open('h.txt', 'r+', (err, fd) => {
        log('open', err, typeof fd)
        const buf = Buffer.alloc(4)
        fs.read(fd, buf, 0, 4, 0, (err, n, b) => {
          log('read', err, n, b === buf, b)
          fs.write(fd, 'XYZ', 0, (err, n, s) => {
            log('write', err, n, s)
            fs.write(fd, Buffer.from('!'), 0, 1, 3, (err, n, b2) => {
              log('write buffer', err, n, b2)
              fs.read(fd, { buffer: Buffer.alloc(2), position: 1 }, (err, n, b3) => {
                log('read options', err, n, b3)
                fs.fstat(fd, (err, st) => {
                  log('fstat', err, st)
                  fs.close(fd, (err) => { log('close', err); resolve() })
                })
              })
            })
          })
        })
      }))
      for (const bad of [() => fs.stat('x'), () => fs.stat('x', 5), () => fs.readFile(5, () => {}), () => fs.stat({}, () => {})]) {
        try { log(bad()) } catch (e) { log(e) }
      }
      const order = []
      fs.stat('.', () => order.push('stat'))
      Promise.resolve().then(() => order.push('microtask'))
      order.push('sync')
      await new Promise((r) => setTimeout(r, 20))
      log(order)`,
  },
  {
    name: 'fs.promises',
    files: { 'f.txt': 'hello', 'd/x': '1' },
    body: `
      const tryp = async (name, ...args) => { try { log(name, await fsp[name](...args)) } catch (e) { log(name, e) } }
      log(fs.promises === fsp)
      await tryp('readFile', 'f.txt', 'utf8')
      await tryp('readFile', 'f.txt', { encoding: 'base64' })
      await tryp('readFile', 'missing')
      await tryp('readFile', 5)
      await tryp('writeFile', 'g.txt', 'G')
      await tryp('writeFile', 'it.txt', ['a', Buffer.from('b'), 'c'])
      await tryp('writeFile', 'ait.txt', (async function* () { yield 'x'; yield 'y' })())
      await tryp('appendFile', 'g.txt', 'H')
      await tryp('stat', 'g.txt')
      await tryp('stat', 'g.txt', { bigint: true })
      await tryp('lstat', 'missing')
      await tryp('mkdir', 'a/b', { recursive: true })
      await tryp('readdir', 'd')
      await tryp('rename', 'g.txt', 'h.txt')
      await tryp('copyFile', 'h.txt', 'i.txt')
      await tryp('unlink', 'i.txt')
      await tryp('access', 'h.txt')
      await tryp('access', 'missing')
      await tryp('symlink', 'h.txt', 'l')
      await tryp('readlink', 'l')
      await tryp('chmod', 'h.txt', '600')
      await tryp('truncate', 'h.txt', 1)
      await tryp('rm', 'a', { recursive: true })
      await tryp('rmdir', 'missing')
      await tryp('cp', 'd', 'd2', { recursive: true, filter: async () => true })
      await tryp('utimes', 'h.txt', 1, 2)
      await tryp('mkdir', 5)
      await tryp('exists', 'h.txt')
      await tryp('exists', 'nope')
      const ac = new AbortController()
      ac.abort()
      await tryp('readFile', 'f.txt', { signal: ac.signal })
      await tryp('writeFile', 'sig.txt', 'x', { signal: ac.signal })
      const dir = await fsp.opendir('d')
      const names = []
      for await (const e of dir) names.push(e.name)
      log(names)`,
  },
  {
    name: 'FileHandle',
    files: { 'f.txt': 'hello world\\nsecond line\\nthird' },
    body: `
      const fh = await fsp.open('f.txt', 'r+')
      log(typeof fh.fd, fh.constructor.name)
      log(await fh.stat())
      const buf = Buffer.alloc(5)
      const r = await fh.read(buf, 0, 5, 0)
      log(r.bytesRead, r.buffer === buf, buf)
      log(await fh.read({ buffer: Buffer.alloc(3), position: 6 }))
      log(await fh.read(Buffer.alloc(4), { position: 0, length: 2 }))
      log(await fh.write('HE', 0))
      log(await fh.write(Buffer.from('LLO'), 0, 3, 2))
      log(await fh.readFile('utf8'))
      await fh.truncate(11)
      log(await fh.readv([Buffer.alloc(2), Buffer.alloc(3)], 0))
      log(await fh.writev([Buffer.from('a'), Buffer.from('b')], 0))
      await fh.chmod(0o640)
      await fh.utimes(10, 20)
      await fh.sync()
      await fh.datasync()
      log(await fh.stat())
      await fh.close()
      log(fh.fd)
      try { await fh.stat() } catch (e) { log(e) }
      try { await fh.read(Buffer.alloc(1)) } catch (e) { log(e) }
      await fh.close()
      const w = await fsp.open('w.txt', 'w')
      await w.writeFile('one ')
      await w.appendFile('two')
      await w.write('three', null, 'utf8')
      await w.close()
      log(await fsp.readFile('w.txt', 'utf8'))
      const l = await fsp.open('f.txt')
      const lines = []
      for await (const line of l.readLines()) lines.push(line)
      log(lines)
      try { await fsp.open('missing') } catch (e) { log(e) }
      try { await fsp.open('f.txt', 'zz') } catch (e) { log(e) }
      const web = await fsp.open('f.txt')
      const parts = []
      for await (const c of web.readableWebStream()) parts.push(Buffer.from(c))
      log(Buffer.concat(parts).toString().length)
      await web.close()
      const viaStream = await fsp.open('f.txt')
      let streamed = ''
      const rs = viaStream.createReadStream({ encoding: 'utf8', start: 2 })
      for await (const c of rs) streamed += c
      await new Promise((r) => setTimeout(r, 10))
      log(streamed, viaStream.fd, rs.fd)
      // Node 20 (the test host) has no \`await using\` syntax: call the disposer as it would.
      const h = await fsp.open('f.txt')
      log((await h.readFile()).length, typeof h[Symbol.asyncDispose])
      await h[Symbol.asyncDispose]()
      log(h.fd)`,
  },
  {
    name: 'read and write streams',
    files: { 'f.txt': 'hello world, this is a file' },
    body: `
      const events = []
      const rs = fs.createReadStream('f.txt', { start: 2, end: 8, highWaterMark: 3, encoding: 'utf8' })
      log(rs.pending, rs.fd, rs.path, rs.bytesRead, rs.start, rs.end, rs.flags, rs.mode, rs.autoClose, rs instanceof fs.ReadStream)
      for (const e of ['open', 'ready', 'data', 'end', 'close', 'error']) rs.on(e, (a) => events.push(e + ':' + (typeof a === 'number' ? 'fd' : a)))
      await new Promise((r) => rs.on('close', r))
      log(events, rs.bytesRead, rs.pending)
      const chunks = []
      for await (const c of fs.createReadStream('f.txt', { highWaterMark: 10 })) chunks.push(c)
      log(chunks)
      const ws = fs.createWriteStream('out.txt')
      const wev = []
      for (const e of ['open', 'ready', 'finish', 'close', 'error']) ws.on(e, (a) => wev.push(e + ':' + typeof a))
      log(ws.pending, ws.bytesWritten, ws.path, ws.flags, ws instanceof fs.WriteStream)
      ws.write('abc')
      ws.write(Buffer.from('def'))
      await new Promise((r) => ws.end('ghi', r))
      await new Promise((r) => ws.on('close', r))
      log(wev, ws.bytesWritten, fs.readFileSync('out.txt', 'utf8'))
      const ws2 = fs.createWriteStream('f.txt', { flags: 'r+', start: 5 })
      ws2.end('_____')
      await new Promise((r) => ws2.on('close', r))
      log(fs.readFileSync('f.txt', 'utf8'))
      const ap = fs.createWriteStream('out.txt', { flags: 'a' })
      ap.end('+more')
      await new Promise((r) => ap.on('close', r))
      log(fs.readFileSync('out.txt', 'utf8'))
      const bad = fs.createReadStream('missing.txt')
      await new Promise((r) => { bad.on('error', (e) => { log('error', e); }); bad.on('close', r) })
      const badw = fs.createWriteStream('nodir/x.txt')
      await new Promise((r) => { badw.on('error', (e) => log('werror', e)); badw.on('close', r) })
      const fd = fs.openSync('f.txt', 'r')
      const viaFd = fs.createReadStream(null, { fd, encoding: 'utf8' })
      let text = ''
      for await (const c of viaFd) text += c
      log(text, viaFd.path)
      const early = fs.createReadStream('f.txt')
      await new Promise((r) => early.close(r))
      log(early.destroyed)
      for (const f of [() => fs.createReadStream('f.txt', { start: 5, end: 2 }), () => fs.createReadStream('f.txt', { start: -1 }),
        () => fs.createReadStream('f.txt', { start: 'x' }), () => fs.createReadStream(5), () => fs.createWriteStream('x', { start: -1 })]) {
        try { f() } catch (e) { log(e) }
      }`,
  },
  {
    name: 'watch, watchFile and fs/promises watch',
    files: { 'f.txt': 'a', 'wd/keep': '' },
    body: `
      try { fs.watch('zz') } catch (e) { log(e, e.filename) }
      const dirEvents = new Set()
      const w = fs.watch('wd', (ev, name) => dirEvents.add(ev + ' ' + name))
      log(w.constructor.name, typeof fs.FSWatcher, typeof w.ref, typeof w.unref)
      const fileEvents = new Set()
      const wf = fs.watch('f.txt', { encoding: 'buffer' }, (ev, name) => fileEvents.add(ev + ' ' + Buffer.isBuffer(name) + ' ' + name))
      await new Promise((r) => setTimeout(r, 20))
      fs.writeFileSync('wd/new.txt', 'x')
      await new Promise((r) => setTimeout(r, 50))
      fs.appendFileSync('f.txt', 'b')
      await new Promise((r) => setTimeout(r, 50))
      const closed = new Promise((r) => w.on('close', r))
      w.close()
      wf.close()
      w.close()
      await closed
      log([...dirEvents].sort(), [...fileEvents].sort())
      const sw = await new Promise((resolve) => {
        const watcher = fs.watchFile('f.txt', { interval: 20 }, (curr, prev) => {
          fs.unwatchFile('f.txt')
          resolve([watcher.constructor.name, curr.size, prev.size])
        })
        setTimeout(() => fs.appendFileSync('f.txt', 'c'), 40)
      })
      log(sw)
      const missing = await new Promise((resolve) => {
        fs.watchFile('zz.txt', { interval: 20 }, (curr, prev) => {
          fs.unwatchFile('zz.txt')
          resolve([curr.size, prev.size, curr.mtimeMs, curr.isFile()])
        })
      })
      log(missing)
      try { fsp.watch('zz2') } catch (e) { log('fsp.watch', e) }
      const ac = new AbortController()
      const seen = new Set()
      const loop = (async () => {
        try {
          for await (const ev of fsp.watch('wd', { signal: ac.signal })) seen.add(ev.eventType + ' ' + ev.filename)
        } catch (e) { log('fsp.watch ended', e.name, e.code, e.message) }
      })()
      await new Promise((r) => setTimeout(r, 20))
      fs.writeFileSync('wd/other.txt', 'y')
      await new Promise((r) => setTimeout(r, 50))
      ac.abort()
      await loop
      log([...seen].sort())`,
  },
  {
    name: 'piping streams and more watch events',
    files: { 'src.txt': 'abcdefghij'.repeat(1000), 'w/sub/f': '1' },
    body: `
      await new Promise((resolve, reject) => {
        const out = fs.createWriteStream('dst.txt')
        fs.createReadStream('src.txt', { highWaterMark: 1024 }).pipe(out)
        out.on('close', resolve)
        out.on('error', reject)
      })
      log(fs.readFileSync('dst.txt').equals(fs.readFileSync('src.txt')))
      const rs = fs.createReadStream('src.txt', { start: 10, end: 19 })
      rs.pause()
      await new Promise((r) => rs.once('readable', r))
      log(String(rs.read()))
      rs.destroy()
      await new Promise((r) => rs.on('close', r))
      const seen = new Set()
      const w = fs.watch('w', { recursive: true }, (ev, name) => seen.add(ev + ' ' + name))
      await new Promise((r) => setTimeout(r, 20))
      fs.writeFileSync('w/sub/g', '2')
      await new Promise((r) => setTimeout(r, 30))
      fs.renameSync('w/sub/g', 'w/sub/h')
      await new Promise((r) => setTimeout(r, 30))
      fs.unlinkSync('w/sub/h')
      await new Promise((r) => setTimeout(r, 30))
      w.close()
      log([...seen].sort())`,
  },
  {
    name: 'streams wrapped the graceful-fs way',
    files: { 'f.txt': 'graceful', 'g.txt': '' },
    body: `
      log(typeof fs.ReadStream, fs.ReadStream.length, fs.WriteStream.length, Object.getPrototypeOf(fs.ReadStream.prototype).constructor.name)
      log(Object.getOwnPropertyNames(fs.ReadStream.prototype).sort(), Object.getOwnPropertyNames(fs.WriteStream.prototype).sort())
      const plain = fs.ReadStream('f.txt')
      log(plain instanceof fs.ReadStream, plain.autoClose, Object.keys(plain).filter((k) => !k.startsWith('_')).sort())
      plain.destroy()
      const o = Object.create(fs.ReadStream.prototype)
      fs.ReadStream.apply(o, ['f.txt'])
      log(o.path.endsWith('f.txt'), o.pending)
      o.destroy()
      function RS(path, options) {
        if (this instanceof RS) return fs.ReadStream.apply(this, arguments), this
        return RS.apply(Object.create(RS.prototype), arguments)
      }
      RS.prototype = Object.create(fs.ReadStream.prototype)
      RS.prototype.open = function () {
        const that = this
        fs.open(that.path, that.flags, that.mode, (err, fd) => {
          if (err) { if (that.autoClose) that.destroy(); that.emit('error', err) }
          else { that.fd = fd; that.emit('open', fd); that.read() }
        })
      }
      const g = new RS('f.txt', { encoding: 'utf8' })
      let text = ''
      await new Promise((resolve) => { g.on('data', (c) => { text += c }); g.on('close', resolve) })
      log(text, g instanceof fs.ReadStream)
      const bad = RS('missing')
      await new Promise((resolve) => { bad.on('error', (e) => log(e)); bad.on('close', resolve) })
      function WS(path, options) {
        if (this instanceof WS) return fs.WriteStream.apply(this, arguments), this
        return WS.apply(Object.create(WS.prototype), arguments)
      }
      WS.prototype = Object.create(fs.WriteStream.prototype)
      WS.prototype.open = function () {
        const that = this
        fs.open(that.path, that.flags, that.mode, (err, fd) => {
          if (err) { that.destroy(); that.emit('error', err) }
          else { that.fd = fd; that.emit('open', fd) }
        })
      }
      const w = new WS('g.txt')
      await new Promise((resolve) => { w.on('close', resolve); w.end('written through a subclass') })
      log(fs.readFileSync('g.txt', 'utf8'), w.bytesWritten)`,
  },
  {
    name: 'util.promisify of the callback forms',
    files: { 'f.txt': 'abc' },
    body: `
      const fd = fs.openSync('f.txt', 'r+')
      log(await util.promisify(fs.read)(fd, Buffer.alloc(3), 0, 3, 0))
      log(await util.promisify(fs.write)(fd, 'Z', 0))
      log(await util.promisify(fs.write)(fd, Buffer.from('Y'), 0, 1, 1))
      log(await util.promisify(fs.exists)('f.txt'), await util.promisify(fs.exists)('nope'))
      log(await util.promisify(fs.readv)(fd, [Buffer.alloc(2)], 0))
      log(await util.promisify(fs.writev)(fd, [Buffer.from('Q')], 2))
      log(await util.promisify(fs.stat)('f.txt'))
      log(await util.promisify(fs.readFile)('f.txt', 'utf8'))
      try { await util.promisify(fs.readFile)('missing') } catch (e) { log(e) }
      fs.closeSync(fd)`,
  },
  {
    name: 'openAsBlob and disposable temporary directories',
    files: { 'f.txt': 'a\nb' },
    body: `
      const b = await fs.openAsBlob('f.txt')
      log(b instanceof Blob, b.name, b.type, b.size, await b.text(), (await fs.openAsBlob('f.txt', { type: 'x/y' })).type)
      const lazy = await fs.openAsBlob('missing')
      try { await lazy.text() } catch (e) { log(e) }
      const d = fs.mkdtempDisposableSync('tmpx-')
      log(Object.keys(d), d.path.startsWith('tmpx-'), d.path.length, fs.statSync(d.path).isDirectory(), typeof d[Symbol.dispose])
      fs.writeFileSync(d.path + '/inner', 'x')
      d.remove()
      log(fs.existsSync(d.path))
      const p = await fsp.mkdtempDisposable('tmpy-')
      log(Object.keys(p), fs.existsSync(p.path), typeof p[Symbol.asyncDispose])
      await p.remove()
      log(fs.existsSync(p.path))`,
  },
]

/** Each reads the standard input, so each runs in a batch of its own. */
const stdinScenarios: Scenario[] = [
  {
    name: 'stdin through fd 0, synchronously',
    body: `
      const b = Buffer.alloc(5)
      log(fs.readSync(0, b), b)
      log(fs.readFileSync(0, 'utf8'))
      log(fs.readFileSync(0, 'utf8'))`,
    noTree: true,
  },
  {
    name: 'stdin through fd 0, with callbacks',
    body: `
      const text = await new Promise((resolve) => fs.readFile(0, 'utf8', (e, t) => resolve(e ?? t)))
      log(text)`,
    noTree: true,
  },
  {
    name: 'stdin through a stream on fd 0',
    body: `
      let text = ''
      for await (const chunk of fs.createReadStream(null, { fd: 0, encoding: 'utf8' })) text += chunk
      log(text)`,
    noTree: true,
  },
]
const STDIN = 'line one\nline two\n'

describe('node:fs asynchronous API against the real Bun', () => {
  let bun: Map<string, Outcome>
  let ours: Map<string, Outcome>
  beforeAll(async () => {
    bun = runBun(scenarios)
    ours = await runOurs(scenarios)
    for (const scenario of stdinScenarios) {
      bun = new Map([...bun, ...runBun([scenario], STDIN)])
      ours = new Map([...ours, ...(await runOurs([scenario], STDIN))])
    }
  }, 60_000)

  for (const scenario of [...scenarios, ...stdinScenarios]) {
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
