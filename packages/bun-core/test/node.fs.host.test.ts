/**
 * What the real Bun cannot be the oracle of: how `node:fs` and `Bun.file`
 * use the host — handles held with `ctx.ref()` while a callback, watcher or
 * poller is pending, relative paths following the process's cwd, the
 * `/dev/stdin` / `/dev/stdout` devices (the oracle's stdio are sockets, which
 * Linux refuses to open by those names), and one descriptor table shared by
 * `fs`, `fs/promises` and `Bun.file`.
 */
import { describe, expect, it } from 'vitest'
import { createBunFileApi } from '../src/runtime/bun/file.js'
import { createFs } from '../src/runtime/node/fs.js'
import { createFsPromises } from '../src/runtime/node/fs-promises.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext, createTestHost } from './support/test-host.js'

function setup(options: { files?: Record<string, string>; stdin?: string } = {}) {
  const host = createTestHost({
    files: options.files ?? {},
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  })
  const ctx = createTestContext(host) as ReturnType<typeof createTestContext> & { chdir(dir: string): void }
  return { host, ctx, fs: createFs(ctx), fsp: createFsPromises(ctx), bun: createBunFileApi(ctx) }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('node:fs holds the process alive while it can call back', () => {
  it('holds a ref per pending callback and promise, releasing it before calling back', async () => {
    const { ctx, fs, fsp } = setup({ files: { 'a.txt': 'A' } })
    const seen: number[] = []
    const done = new Promise<void>((resolve) =>
      fs.readFile('a.txt', 'utf8', () => {
        seen.push(ctx.refs())
        resolve()
      }),
    )
    expect(ctx.refs()).toBe(1)
    await done
    expect(seen).toEqual([0])
    const promised = fsp.stat('missing').catch((error: { code: string }) => [error.code, ctx.refs()])
    const more = fsp.readdir('.')
    expect(ctx.refs()).toBe(2)
    expect(await promised).toEqual(['ENOENT', 1])
    await more
    expect(ctx.refs()).toBe(0)
  })

  it('keeps a ref for a persistent watcher until close, none with persistent: false or after unref', async () => {
    const { ctx, fs } = setup({ files: { 'a.txt': 'A' } })
    const watcher = fs.watch('a.txt')
    expect(ctx.refs()).toBe(1)
    watcher.unref()
    expect(ctx.refs()).toBe(0)
    watcher.ref()
    expect(ctx.refs()).toBe(1)
    watcher.close()
    expect(ctx.refs()).toBe(0)
    const quiet = fs.watch('a.txt', { persistent: false })
    expect(ctx.refs()).toBe(0)
    quiet.close()
  })

  it('keeps a ref while a file is polled by watchFile, until unwatchFile', async () => {
    const { ctx, fs } = setup({ files: { 'a.txt': 'A' } })
    const listener = () => {}
    fs.watchFile('a.txt', { interval: 10 }, listener)
    fs.watchFile('a.txt', { interval: 10 }, () => {})
    expect(ctx.refs()).toBe(1)
    fs.unwatchFile('a.txt', listener)
    expect(ctx.refs()).toBe(1)
    fs.unwatchFile('a.txt')
    expect(ctx.refs()).toBe(0)
    fs.watchFile('a.txt', { interval: 10, persistent: false }, listener)
    expect(ctx.refs()).toBe(0)
    fs.unwatchFile('a.txt')
  })

  it('holds refs while a stream is open and releases them all at its end', async () => {
    const { ctx, fs } = setup({ files: { 'a.txt': 'x'.repeat(200_000) } })
    const stream = fs.createReadStream('a.txt')
    let bytes = 0
    for await (const chunk of stream) bytes += (chunk as Buffer).length
    await tick()
    expect(bytes).toBe(200_000)
    expect(ctx.refs()).toBe(0)
  })
})

describe('when callbacks run', () => {
  it('does not depend on the program replacing setImmediate (fake timers)', async () => {
    const { fs } = setup({ files: { 'a.txt': 'A' } })
    const original = globalThis.setImmediate
    globalThis.setImmediate = (() => {
      throw new Error('fake timers')
    }) as unknown as typeof setImmediate
    try {
      const text = await new Promise((resolve) => fs.readFile('a.txt', 'utf8', (_error, data) => resolve(data)))
      expect(text).toBe('A')
    } finally {
      globalThis.setImmediate = original
    }
  })

  it('calls nothing back once the process is killed, and releases its refs', async () => {
    const host = createTestHost({ files: { 'a.txt': 'A' } })
    const kill = new AbortController()
    const ctx = createTestContext({ ...host, signal: kill.signal })
    const fs = createFs(ctx)
    const called: string[] = []
    fs.stat('a.txt', () => called.push('callback'))
    void fs.promises.stat('a.txt').then(() => called.push('promise'))
    kill.abort()
    await tick()
    expect(called).toEqual([])
    expect(ctx.refs()).toBe(0)
  })
})

describe('paths and descriptors of the process', () => {
  it('resolves relative paths against the current cwd, which can change', () => {
    const { ctx, fs, bun } = setup({ files: { '/srv/one.txt': 'one', 'two.txt': 'two' } })
    expect(fs.readFileSync('two.txt', 'utf8')).toBe('two')
    ctx.chdir('/srv')
    expect(fs.readFileSync('one.txt', 'utf8')).toBe('one')
    expect(fs.existsSync('two.txt')).toBe(false)
    expect(bun.file('one.txt').size).toBe(3)
    expect(fs.mkdirSync('a/b', { recursive: true })).toBe('a')
    expect(fs.realpathSync('a/b')).toBe('/srv/a/b')
  })

  it('resolves a BunFile path when it is used, not when it is made (as the real Bun does)', async () => {
    const script = `
      const f = Bun.file('a.txt')
      process.chdir('sub')
      console.log(await f.text(), f.name)`
    const real = runRealBunScript(script, { files: { 'a.txt': 'top', 'sub/a.txt': 'sub' } })
    const { ctx, bun } = setup({ files: { 'a.txt': 'top', 'sub/a.txt': 'sub' } })
    const f = bun.file('a.txt')
    ctx.chdir('/app/sub')
    expect(`${await f.text()} ${f.name}\n`).toBe(real.stdout)
  })

  it('shares one descriptor table between fs, fs/promises and Bun.file', async () => {
    const { fs, fsp, bun } = setup({ files: { 'a.txt': 'hello' } })
    const fd = fs.openSync('a.txt', 'r+')
    expect(await bun.file(fd).text()).toBe('hello')
    await fsp.write(fd, 'J', 0)
    expect(fs.readFileSync('a.txt', 'utf8')).toBe('Jello')
    expect(fs.promises).toBe(fsp)
    fs.closeSync(fd)
    expect(() => fs.fstatSync(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }))
  })
})

describe('standard streams and device paths', () => {
  it('reads stdin through fd 0 and /dev/stdin, synchronously and not', async () => {
    const sync = setup({ stdin: 'line one\nline two\n' })
    const buffer = Buffer.alloc(5)
    expect(sync.fs.readSync(0, buffer)).toBe(5)
    expect(buffer.toString()).toBe('line ')
    expect(sync.fs.readFileSync('/dev/stdin', 'utf8')).toBe('one\nline two\n')
    expect(sync.fs.readFileSync(0, 'utf8')).toBe('')

    const callback = setup({ stdin: 'abc' })
    const got = await new Promise<string>((resolve) =>
      callback.fs.read(0, Buffer.alloc(10), 0, 10, null, (_error, n, b) =>
        resolve((b as Buffer).toString('utf8', 0, n)),
      ),
    )
    expect(got).toBe('abc')

    const stream = setup({ stdin: 'streamed' })
    let text = ''
    for await (const chunk of stream.fs.createReadStream('/dev/stdin', { encoding: 'utf8' })) text += chunk
    expect(text).toBe('streamed')

    const promised = setup({ stdin: 'promised' })
    expect(await promised.fsp.readFile('/dev/stdin', 'utf8')).toBe('promised')
    expect(await setup({ stdin: 'bun' }).bun.file('/dev/stdin').text()).toBe('bun')
  })

  it('writes to /dev/stdout and /dev/stderr, through paths, descriptors and streams', async () => {
    const { host, fs, bun } = setup()
    fs.writeFileSync('/dev/stdout', 'a\n')
    fs.appendFileSync('/dev/stderr', 'b\n')
    const fd = fs.openSync('/dev/stdout', 'w')
    fs.writeSync(fd, 'c\n')
    fs.closeSync(fd)
    fs.writeSync(1, 'd\n')
    const ws = fs.createWriteStream('/dev/stdout')
    await new Promise<void>((resolve) => ws.end('e\n', () => resolve()))
    await bun.write('/dev/stdout', 'f\n')
    await bun.write(bun.stderr, 'g\n')
    expect(host.output()).toEqual({
      stdout: 'a\nc\nd\ne\nf\n',
      stderr: 'b\ng\n',
    })
  })

  it('refuses stdio once the program closed it', () => {
    const { fs } = setup()
    fs.closeSync(1)
    expect(() => fs.writeSync(1, 'x')).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'write' }))
    expect(() => fs.closeSync(1)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'close' }))
  })
})
