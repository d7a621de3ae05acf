/**
 * The container behaviour suite: what `createBunContainer` promises,
 * asserted through the public API only. It runs once per host and process
 * mode — Node with workers and inline (`node.test.ts`), Chromium with
 * workers and inline (`browser.browser.test.ts`) — through a factory that
 * binds the platform's `createBunContainer` and worker script.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { BunContainer, BunContainerOptions, ProcessOutput } from '../../src/types.js'

/** Boots a container for the suite (the platform binding plus its worker script). */
export type ContainerFactory = (options?: BunContainerOptions) => Promise<BunContainer>

const UTF8 = new TextEncoder()
const UTF8_DECODER = new TextDecoder()

/** Collects a stream's chunks as text, resolving at its end. */
export function collect(stream: ProcessOutput): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    stream.on('data', (chunk) => {
      text += UTF8_DECODER.decode(chunk, { stream: true })
    })
    stream.on('end', () => resolve(text + UTF8_DECODER.decode()))
  })
}

/** Resolves once `stream` has produced text containing `needle` (reading it through its ReadableStream side). */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  needle: string,
  sofar = { text: '' },
): Promise<string> {
  while (!sofar.text.includes(needle)) {
    const { done, value } = await reader.read()
    if (done) throw new Error(`stream ended before ${JSON.stringify(needle)}; got ${JSON.stringify(sofar.text)}`)
    sofar.text += UTF8_DECODER.decode(value)
  }
  return sofar.text
}

function settledState(promise: Promise<unknown>): Promise<'pending' | 'settled'> {
  return Promise.race([
    promise.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 0)),
  ])
}

export function containerSuite(label: string, factory: ContainerFactory): void {
  describe(label, () => {
    const live: BunContainer[] = []
    const boot = async (options?: BunContainerOptions): Promise<BunContainer> => {
      const container = await factory(options)
      live.push(container)
      return container
    }
    afterEach(async () => {
      await Promise.all(live.splice(0).map((c) => c.destroy()))
    })

    describe('exec', () => {
      it('separates stdout and stderr and returns the exit code', async () => {
        const c = await boot()
        const result = await c.exec('sh', ['-c', 'echo out; echo err 1>&2; exit 7'])
        expect(result).toEqual({ exitCode: 7, stdout: 'out\n', stderr: 'err\n' })
      })

      it('runs the shell builtins as programs, passing arguments through unexpanded', async () => {
        const c = await boot()
        const result = await c.exec('echo', ['a  b', "it's", '$HOME', '*'])
        expect(result).toEqual({ exitCode: 0, stdout: "a  b it's $HOME *\n", stderr: '' })
        expect((await c.exec('false')).exitCode).toBe(1)
        expect((await c.exec('/bin/sh', ['-c', 'exit 3'])).exitCode).toBe(3)
      })

      it('rejects an unknown program as Node does: ENOENT, syscall spawn <cmd>', async () => {
        const c = await boot()
        const error = await c.exec('no-such-program', ['x']).catch((e: unknown) => e)
        expect(error).toMatchObject({ code: 'ENOENT', syscall: 'spawn no-such-program', path: 'no-such-program' })
        expect((error as Error).message).toBe('spawn no-such-program ENOENT')
      })

      it('feeds stdin and closes it', async () => {
        const c = await boot()
        expect(await c.exec('cat', [], { stdin: 'line 1\nline 2\n' })).toEqual({
          exitCode: 0,
          stdout: 'line 1\nline 2\n',
          stderr: '',
        })
        const bytes = new Uint8Array([0xe2, 0x82, 0xac, 0x0a])
        expect((await c.exec('cat', [], { stdin: bytes })).stdout).toBe('€\n')
        // No stdin option: stdin is closed at once, so cat ends.
        expect(await c.exec('cat')).toEqual({ exitCode: 0, stdout: '', stderr: '' })
      })

      it('passes the container environment, per-call additions and the defaults', async () => {
        const c = await boot({ env: { FOO: 'from-container', BAR: 'old' } })
        const result = await c.exec('sh', ['-c', 'echo $FOO $BAR $HOME $PWD'], { env: { BAR: 'per-call' } })
        expect(result.stdout).toBe('from-container per-call /root /home/project\n')
        expect((await c.exec('env')).stdout).toContain('FOO=from-container\n')
      })

      it('starts in the working directory, or the cwd option resolved against it', async () => {
        const c = await boot({ cwd: '/work/app', files: { 'sub/note.txt': 'inside sub' } })
        expect(c.cwd).toBe('/work/app')
        expect((await c.exec('pwd')).stdout).toBe('/work/app\n')
        const sub = await c.exec('sh', ['-c', 'pwd; cat note.txt'], { cwd: 'sub' })
        expect(sub.stdout).toBe('/work/app/sub\ninside sub')
        expect((await c.exec('pwd', [], { cwd: '/tmp' })).stdout).toBe('/tmp\n')
      })

      it('carries large files and filesystem errors through system calls', async () => {
        const c = await boot()
        const big = 'x'.repeat(99) + '\n'
        await c.fs.writeFile('big.txt', big.repeat(3000))
        const result = await c.exec('cat', ['big.txt'])
        expect(result.stdout.length).toBe(300_000)
        expect(result.stdout).toBe(big.repeat(3000))
        const missing = await c.exec('cat', ['missing.txt'])
        expect(missing.exitCode).toBe(1)
        expect(missing.stderr).toBe('cat: missing.txt: No such file or directory\n')
      })
    })

    describe('spawn', () => {
      it('streams output as it is produced and takes stdin while running', async () => {
        const c = await boot()
        const proc = c.spawn('sh', ['-c', 'echo ready; cat; echo done'])
        expect(proc.pid).toBeGreaterThan(0)
        const reader = proc.stdout.getReader()
        const seen = { text: '' }
        await readUntil(reader, 'ready\n', seen)
        expect(await settledState(proc.exited)).toBe('pending')
        proc.stdin.write('ping\n')
        await readUntil(reader, 'ping\n', seen)
        expect(await settledState(proc.exited)).toBe('pending')
        proc.stdin.end()
        await readUntil(reader, 'done\n', seen)
        expect(await proc.exited).toBe(0)
        expect((await reader.read()).done).toBe(true)
        expect(seen.text).toBe('ready\nping\ndone\n')
      })

      it('offers stdout as data events and stdin as a WritableStream', async () => {
        const c = await boot()
        const proc = c.spawn('cat')
        const out = collect(proc.stdout)
        const writer = proc.stdin.getWriter()
        await writer.write('abc')
        await writer.write(UTF8.encode('def'))
        await writer.close()
        expect(await proc.exited).toBe(0)
        expect(await out).toBe('abcdef')
      })

      it('gives every process its own pid', async () => {
        const c = await boot()
        const procs = [c.spawn('true'), c.spawn('true'), c.spawn('true')]
        expect(new Set(procs.map((p) => p.pid)).size).toBe(3)
        expect(await Promise.all(procs.map((p) => p.exited))).toEqual([0, 0, 0])
      })

      it('rejects exited for an unknown program and ends its streams', async () => {
        const c = await boot()
        const proc = c.spawn('missing-cmd')
        await expect(proc.exited).rejects.toMatchObject({ code: 'ENOENT', syscall: 'spawn missing-cmd' })
        expect(await collect(proc.stdout)).toBe('')
        expect(proc.kill()).toBe(false)
      })

      it('kill: SIGTERM ends with 143, SIGKILL with 137, wherever the process is', async () => {
        const c = await boot()
        const waiting = c.spawn('cat')
        const sleeping = c.spawn('sleep', ['30'])
        await c.exec('true')
        expect(waiting.kill()).toBe(true)
        expect(sleeping.kill('SIGKILL')).toBe(true)
        expect(await waiting.exited).toBe(143)
        expect(await sleeping.exited).toBe(137)
        expect(waiting.kill()).toBe(false)
      })

      it('kill reaches the descendants of the process', async () => {
        const c = await boot()
        const proc = c.spawn('sh', ['-c', 'sh -c "echo started; sleep 0.4; echo late > late.txt"'])
        const reader = proc.stdout.getReader()
        await readUntil(reader, 'started')
        proc.kill()
        expect(await proc.exited).toBe(143)
        await new Promise((resolve) => setTimeout(resolve, 800))
        await expect(c.fs.stat('late.txt')).rejects.toMatchObject({ code: 'ENOENT' })
      })

      it('rejects bad arguments at once, naming them', async () => {
        const c = await boot()
        expect(() => c.spawn('sh', ['-c', 'true'], { cwdd: '/' } as never)).toThrow('Invalid option in spawn(): "cwdd"')
        expect(() => c.spawn('', [])).toThrow(TypeError)
        expect(() => c.spawn('sh', 'not-an-array' as never)).toThrow('"args" must be an array of strings in spawn()')
        expect(() => c.spawn('sh', [], { tty: { cols: 0, rows: 5 } })).toThrow('"tty.cols" must be an integer')
        await expect(c.exec('sh', [], { input: 'x' } as never)).rejects.toThrow('Invalid option in exec(): "input"')
        const proc = c.spawn('cat')
        expect(() => proc.kill('SIGSTOP' as never)).toThrow('"signal" must be one of SIGTERM, SIGKILL, SIGINT, SIGHUP')
        proc.stdin.end()
        expect(await proc.exited).toBe(0)
      })
    })

    describe('pipes and children', () => {
      it('pipes between a shell and the processes it starts', async () => {
        const c = await boot()
        // `sh` is not a builtin: each is a child process, connected to the shell's pipes.
        const result = await c.exec('sh', ['-c', 'echo hello | sh -c "cat; echo child-out" | cat; sh -c "exit 5"'])
        expect(result).toEqual({ exitCode: 5, stdout: 'hello\nchild-out\n', stderr: '' })
      })

      it('children inherit the output streams and the working directory', async () => {
        const c = await boot({ files: { 'd/f.txt': 'in d' } })
        const result = await c.exec('sh', ['-c', 'cd d && sh -c "pwd; cat f.txt; echo e 1>&2"'])
        expect(result).toEqual({ exitCode: 0, stdout: '/home/project/d\nin d', stderr: 'e\n' })
      })

      it('a child reads the stdin of its parent', async () => {
        const c = await boot()
        const result = await c.exec('sh', ['-c', 'sh -c cat'], { stdin: 'passed down\n' })
        expect(result.stdout).toBe('passed down\n')
      })

      it('a missing program inside the shell is the shell’s error, not a crash', async () => {
        const c = await boot()
        const result = await c.exec('sh', ['-c', 'nope-not-here; echo after'])
        expect(result.stderr).toBe('bun: command not found: nope-not-here\n')
        expect(result.stdout).toBe('after\n')
      })
    })

    describe('interactive shell', () => {
      it('sh -i runs lines as they come; cd and export carry over; exit ends it', async () => {
        const c = await boot({ files: { 'sub/x.txt': '' } })
        const proc = c.spawn('sh', ['-i'])
        const reader = proc.stdout.getReader()
        const seen = { text: '' }
        await readUntil(reader, '$ ', seen)
        proc.stdin.write('cd sub\n')
        await readUntil(reader, '$ $ ', seen)
        proc.stdin.write('export GREETING=hi\n')
        await readUntil(reader, '$ $ $ ', seen)
        proc.stdin.write('pwd; echo $GREETING; sh -c "echo child $GREETING"\n')
        await readUntil(reader, 'child hi\n$ ', seen)
        proc.stdin.write('exit 4\n')
        expect(await proc.exited).toBe(4)
        expect(seen.text).toBe('$ $ $ /home/project/sub\nhi\nchild hi\n$ ')
      })

      it('commands read the stdin the shell reads; EOF ends both', async () => {
        const c = await boot()
        const proc = c.spawn('sh', ['-i'], { env: { PS1: '> ' } })
        const out = collect(proc.stdout)
        proc.stdin.write('cat\n')
        proc.stdin.write('to cat\n')
        proc.stdin.end()
        expect(await proc.exited).toBe(0)
        expect(await out).toBe('> to cat\n> ')
      })

      it('is the default on a terminal', async () => {
        const c = await boot()
        const proc = c.spawn('sh', [], { tty: { cols: 80, rows: 24 } })
        const reader = proc.stdout.getReader()
        const seen = { text: '' }
        await readUntil(reader, '$ ', seen)
        proc.stdin.write('echo a; echo b 1>&2\n')
        await readUntil(reader, 'b\r\n$ ', seen)
        proc.stdin.end()
        expect(await proc.exited).toBe(0)
        expect(seen.text).toBe('$ a\r\nb\r\n$ ')
      })
    })

    describe('tty', () => {
      it('merges stderr into stdout and writes \\n as \\r\\n', async () => {
        const c = await boot()
        const proc = c.spawn('sh', ['-c', 'echo one; echo two 1>&2; echo $TERM'], { tty: { cols: 100, rows: 30 } })
        const [out, err] = await Promise.all([collect(proc.stdout), collect(proc.stderr)])
        expect(await proc.exited).toBe(0)
        expect(out).toBe('one\r\ntwo\r\nxterm-256color\r\n')
        expect(err).toBe('')
        proc.resize({ cols: 120, rows: 40 }) // after exit: ignored, no throw
        expect(() => proc.resize({ cols: -1, rows: 2 })).toThrow('"cols" must be an integer from 1 to 65535')
      })
    })

    describe('fs', () => {
      it('writes the files option into the working directory', async () => {
        const c = await boot({ files: { 'package.json': '{"name":"demo"}', 'src/a.ts': new Uint8Array([0x61]) } })
        expect(await c.fs.readFile('package.json', 'utf8')).toBe('{"name":"demo"}')
        expect(await c.fs.readFile('/home/project/src/a.ts')).toEqual(new Uint8Array([0x61]))
        expect(await c.fs.readdir('.')).toEqual(['package.json', 'src'])
      })

      it('is the filesystem processes see, both ways', async () => {
        const c = await boot()
        await c.fs.writeFile('from-sdk.txt', 'sdk wrote this')
        expect((await c.exec('cat', ['from-sdk.txt'])).stdout).toBe('sdk wrote this')
        await c.exec('sh', ['-c', 'echo process wrote this > from-process.txt'])
        expect(await c.fs.readFile('from-process.txt', { encoding: 'utf8' })).toBe('process wrote this\n')
      })

      it('has the node:fs/promises calls', async () => {
        const c = await boot()
        expect(await c.fs.mkdir('a/b/c', { recursive: true })).toBe('/home/project/a')
        await c.fs.writeFile('a/b/c/file.txt', 'x')
        await c.fs.appendFile('a/b/c/file.txt', 'y')
        expect(await c.fs.readFile('a/b/c/file.txt', 'utf8')).toBe('xy')
        const entries = await c.fs.readdir('a/b', { withFileTypes: true })
        expect(entries.map((e) => [e.name, e.isDirectory()])).toEqual([['c', true]])
        expect(await c.fs.readdir('a', { recursive: true })).toEqual(['b', 'b/c', 'b/c/file.txt'])
        const stat = await c.fs.stat('a/b/c/file.txt')
        expect(stat.isFile()).toBe(true)
        expect(stat.size).toBe(2)
        expect(stat.mtime).toBeInstanceOf(Date)
        await c.fs.rename('a/b/c/file.txt', 'moved.txt')
        await c.fs.copyFile('moved.txt', 'copy.txt')
        await c.fs.symlink('copy.txt', 'link.txt')
        expect(await c.fs.readlink('link.txt')).toBe('copy.txt')
        expect((await c.fs.lstat('link.txt')).isSymbolicLink()).toBe(true)
        expect(await c.fs.realpath('link.txt')).toBe('/home/project/copy.txt')
        await c.fs.rm('a', { recursive: true })
        await c.fs.rm('not-there', { force: true })
        await c.fs.unlink('link.txt')
        expect(await c.fs.readdir('/home/project')).toEqual(['copy.txt', 'moved.txt'])
      })

      it('rejects with the filesystem error: code, syscall, path', async () => {
        const c = await boot()
        await expect(c.fs.readFile('missing.txt')).rejects.toMatchObject({
          code: 'ENOENT',
          errno: -2,
          syscall: 'open',
          path: '/home/project/missing.txt',
        })
        await c.fs.mkdir('dir')
        await expect(c.fs.mkdir('dir')).rejects.toMatchObject({ code: 'EEXIST', syscall: 'mkdir' })
        await c.fs.writeFile('dir/f', '')
        await expect(c.fs.rmdir('dir')).rejects.toMatchObject({ code: 'ENOTEMPTY', syscall: 'rmdir' })
        await expect(c.fs.readdir('dir/f')).rejects.toMatchObject({ code: 'ENOTDIR', syscall: 'scandir' })
        await expect(c.fs.readFile('x', 'latin1' as never)).rejects.toThrow(TypeError)
        await expect(c.fs.writeFile('x', 42 as never)).rejects.toThrow('"data" must be a string or a Uint8Array')
        await expect(c.fs.mkdir('y', { recursiv: true } as never)).rejects.toThrow(
          'Invalid option in mkdir(): "recursiv"',
        )
        expect(await c.fs.readdir('.')).toEqual(['dir'])
      })

      it('watches a directory', async () => {
        const c = await boot()
        await c.fs.mkdir('w')
        const controller = new AbortController()
        const events: string[] = []
        const watching = (async () => {
          for await (const event of c.fs.watch('w', { signal: controller.signal })) {
            events.push(`${event.eventType}:${event.filename}`)
            if (events.length === 2) controller.abort()
          }
        })()
        await c.fs.writeFile('w/new.txt', 'a')
        await c.exec('sh', ['-c', 'echo more >> w/new.txt'])
        await watching
        expect(events).toEqual(['rename:new.txt', 'change:new.txt'])
        await expect(c.fs.watch('nowhere').next()).rejects.toMatchObject({ code: 'ENOENT', syscall: 'watch' })
      })
    })

    describe('mount and export', () => {
      it('mounts a file map and round-trips a snapshot into another container', async () => {
        const a = await boot()
        await a.mount('lib', { 'index.js': 'export {}', 'nested/deep.txt': 'deep' })
        await a.fs.symlink('index.js', 'lib/main.js')
        expect(await a.fs.readFile('lib/nested/deep.txt', 'utf8')).toBe('deep')
        const snapshot = await a.export('lib')
        expect(snapshot).toBeInstanceOf(Uint8Array)
        const b = await boot()
        await b.mount('/imported', snapshot)
        expect(await b.fs.readFile('/imported/nested/deep.txt', 'utf8')).toBe('deep')
        expect(await b.fs.readlink('/imported/main.js')).toBe('index.js')
        expect((await b.exec('cat', ['/imported/index.js'])).stdout).toBe('export {}')
        await expect(b.mount('bad', new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'EINVAL' })
        await expect(b.mount('bad', { 'x.txt': 5 } as never)).rejects.toThrow('"files["x.txt"]" must be a string')
        await expect(b.export('nowhere')).rejects.toMatchObject({ code: 'ENOENT' })
      })
    })

    describe('events', () => {
      it('accepts listeners for port, server-ready and error, and names an unknown event', async () => {
        const c = await boot()
        const off = c.on('error', () => undefined)
        c.on('port', () => undefined)
        c.on('server-ready', () => undefined)
        off()
        expect(() => c.on('ready' as never, () => undefined)).toThrow('Unknown event in on(): "ready"')
      })
    })

    describe('destroy', () => {
      it('kills processes, is idempotent, and every later call rejects clearly', async () => {
        const c = await boot()
        const running = c.spawn('cat')
        await c.exec('true')
        const first = c.destroy()
        expect(c.destroy()).toBe(first)
        await first
        expect(await running.exited).toBe(137)
        const destroyed = { code: 'ERR_CONTAINER_DESTROYED' }
        await expect(c.exec('true')).rejects.toMatchObject(destroyed)
        await expect(c.fs.readFile('x')).rejects.toMatchObject(destroyed)
        await expect(c.fs.writeFile('x', 'y')).rejects.toMatchObject(destroyed)
        await expect(c.mount('m', {})).rejects.toMatchObject(destroyed)
        await expect(c.export('.')).rejects.toMatchObject(destroyed)
        const late = c.spawn('true')
        await expect(late.exited).rejects.toMatchObject(destroyed)
        await expect(c.exec('true')).rejects.toThrow('this container was destroyed')
      })
    })

    describe('several containers', () => {
      it('are fully separate', async () => {
        const [a, b] = await Promise.all([boot({ files: { 'only-a.txt': 'a' } }), boot({ env: { WHO: 'b' } })])
        await expect(b.fs.readFile('only-a.txt')).rejects.toMatchObject({ code: 'ENOENT' })
        expect((await a.exec('sh', ['-c', 'echo $WHO'])).stdout).toBe('\n')
        expect((await b.exec('sh', ['-c', 'echo $WHO'])).stdout).toBe('b\n')
        const pa = a.spawn('cat')
        await a.destroy()
        expect(await pa.exited).toBe(137)
        expect((await b.exec('echo', ['still here'])).stdout).toBe('still here\n')
      })
    })

    describe('createBunContainer options', () => {
      it('rejects unknown keys and bad values, naming them', async () => {
        await expect(factory({ persistance: 'indexeddb' } as never)).rejects.toThrow(
          'Invalid option in createBunContainer(): "persistance"',
        )
        await expect(factory({ persistence: 'disk' as never })).rejects.toThrow(
          `"persistence" must be 'memory', 'indexeddb' or 'opfs' in createBunContainer()`,
        )
        await expect(factory({ cwd: 'relative' })).rejects.toThrow('"cwd" must be an absolute path')
        await expect(factory({ env: { A: 1 } as never })).rejects.toThrow('"env.A" must be a string')
        await expect(factory({ files: { 'a.txt': null } as never })).rejects.toThrow('"files["a.txt"]" must be')
        await expect(factory('x' as never)).rejects.toThrow('createBunContainer() expects an options object')
      })
    })
  })
}
