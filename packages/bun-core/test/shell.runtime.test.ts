/**
 * The shell as a host sees it: streaming pipelines, bounded pipe buffers,
 * stopping a script through the abort signal, programs run through
 * `ShellContext.spawn` (arguments, environment, directory, pipes), and
 * redirections written through the filesystem.
 */
import { runShell, type ShellContext, type SpawnRequest } from '@aspect-build/bun-core'
import { createVfs, type Vfs } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'

const enc = new TextEncoder()
const dec = new TextDecoder()

function context(vfs: Vfs, extra: Partial<ShellContext> = {}) {
  const out: string[] = []
  const err: string[] = []
  const ctx: ShellContext = {
    fs: vfs,
    cwd: '/w',
    env: { HOME: '/w', PATH: '/bin' },
    io: {
      stdin: { read: async () => null },
      stdout: { write: (c) => void out.push(dec.decode(c)) },
      stderr: { write: (c) => void err.push(dec.decode(c)) },
    },
    ...extra,
  }
  return { ctx, out: () => out.join(''), err: () => err.join('') }
}

function fresh(): Vfs {
  const vfs = createVfs()
  vfs.mkdir('/w', { recursive: true })
  return vfs
}

describe('shell runtime', () => {
  it('ends `yes | head` and keeps what `yes` may buffer bounded', async () => {
    const vfs = fresh()
    const { ctx, out } = context(vfs)
    const started = Date.now()
    const r = await runShell('yes | head -n 3', ctx)
    expect(r.exitCode).toBe(0)
    expect(out()).toBe('y\ny\ny\n')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('streams: the reader sees data before the writer finishes', async () => {
    const vfs = fresh()
    const seen: number[] = []
    // A program that writes two chunks with a pause and records when the next stage got the first.
    const spawn = async (req: SpawnRequest) => {
      if (req.argv[0] === 'slow') {
        await req.io.stdout.write(enc.encode('first\n'))
        await new Promise((r) => setTimeout(r, 50))
        seen.push(Date.now())
        await req.io.stdout.write(enc.encode('second\n'))
        return 0
      }
      if (req.argv[0] === 'stamp') {
        for (let c = await req.io.stdin.read(); c; c = await req.io.stdin.read()) {
          seen.push(Date.now())
          await req.io.stdout.write(c)
        }
        return 0
      }
      return null
    }
    const { ctx, out } = context(vfs, { spawn })
    await runShell('slow | stamp', ctx)
    expect(out()).toBe('first\nsecond\n')
    // stamp got "first" (seen[0]) before slow resumed after its pause (seen[1]).
    expect(seen[0]).toBeLessThanOrEqual(seen[1] as number)
    expect(seen).toHaveLength(3)
  })

  it('stops `sleep` and `yes` promptly when the signal aborts, with exit code 143', async () => {
    const vfs = fresh()
    for (const script of ['sleep 100', 'yes', 'yes > /dev/null', 'echo a; sleep 100; echo b']) {
      const controller = new AbortController()
      const { ctx, out } = context(vfs, { signal: controller.signal })
      setTimeout(() => controller.abort(), 30)
      const started = Date.now()
      const r = await runShell(script, ctx)
      expect(r.exitCode).toBe(143)
      expect(Date.now() - started).toBeLessThan(3000)
      expect(out()).not.toContain('b\n')
    }
  })

  it('runs other commands through spawn with argv, cwd, env and its pipes', async () => {
    const vfs = fresh()
    vfs.mkdir('/w/sub')
    const requests: SpawnRequest[] = []
    const spawn = async (req: SpawnRequest) => {
      requests.push(req)
      if (req.argv[0] !== 'upper') return null
      let text = ''
      for (let c = await req.io.stdin.read(); c; c = await req.io.stdin.read()) text += dec.decode(c)
      await req.io.stdout.write(enc.encode(text.toUpperCase()))
      await req.io.stderr.write(enc.encode('done\n'))
      return 7
    }
    const { ctx, out, err } = context(vfs, { spawn })
    const r = await runShell('export G=1; cd sub && echo hi | FOO=bar upper', ctx)
    expect(r.exitCode).toBe(7)
    expect(out()).toBe('HI\n')
    expect(err()).toBe('done\n')
    expect(requests[0]?.argv).toEqual(['upper'])
    expect(requests[0]?.cwd).toBe('/w/sub')
    expect(requests[0]?.env).toMatchObject({ G: '1', FOO: 'bar', HOME: '/w' })
  })

  it('prints Bun’s "command not found" and exits 1 when spawn finds nothing (or is absent)', async () => {
    const vfs = fresh()
    for (const spawn of [async () => null, undefined]) {
      const { ctx, err } = context(vfs, spawn ? { spawn } : {})
      const r = await runShell('nope arg > out.txt', ctx)
      expect(r.exitCode).toBe(1)
      expect(err()).toBe('bun: command not found: nope\n')
      expect(vfs.exists('/w/out.txt')).toBe(false)
    }
  })

  it('aborts a program whose pipe reader has gone', async () => {
    const vfs = fresh()
    let aborted = false
    const spawn = async (req: SpawnRequest) => {
      req.signal?.addEventListener('abort', () => {
        aborted = true
      })
      try {
        for (;;) await req.io.stdout.write(enc.encode('line\n'))
      } catch {
        return 141
      }
    }
    const { ctx, out } = context(vfs, { spawn })
    const r = await runShell('producer | head -n 1', ctx)
    expect(r.exitCode).toBe(0)
    expect(out()).toBe('line\n')
    expect(aborted).toBe(true)
  })

  it('writes redirections through the filesystem and creates the file for a silent program', async () => {
    const vfs = fresh()
    const spawn = async () => 0
    const { ctx } = context(vfs, { spawn })
    await runShell('echo one > f.txt; echo two >> f.txt; quiet > empty.txt; ls nope 2> err.txt', ctx)
    expect(vfs.readFile('/w/f.txt', 'utf8')).toBe('one\ntwo\n')
    expect(vfs.readFile('/w/empty.txt', 'utf8')).toBe('')
    expect(vfs.readFile('/w/err.txt', 'utf8')).toBe('ls: nope: No such file or directory\n')
  })

  it('reads `<` redirections and passes the result cwd and env back', async () => {
    const vfs = fresh()
    vfs.writeFile('/w/in.txt', 'a\nb\n')
    vfs.mkdir('/w/d')
    const { ctx, out } = context(vfs)
    const r = await runShell('wc -l < in.txt; export X=9; cd d', ctx)
    expect(out()).toBe('2\n')
    expect(r.cwd).toBe('/w/d')
    expect(r.env).toMatchObject({ X: '9', PWD: '/w/d' })
    expect(ctx.env).toEqual({ HOME: '/w', PATH: '/bin' })
  })

  it('uses positional parameters from argv when given', async () => {
    const vfs = fresh()
    const { ctx, out } = context(vfs)
    await runShell('echo $0 $1 $2', { ...ctx, argv: ['sh', 'one', 'two'] })
    expect(out()).toBe('sh one two\n')
  })

  it('does not throw when a sink fails: the error becomes stderr and exit code 1', async () => {
    const vfs = fresh()
    const err: string[] = []
    const r = await runShell('echo hi', {
      fs: vfs,
      cwd: '/w',
      env: {},
      io: {
        stdin: { read: async () => null },
        stdout: {
          write: () => {
            throw new Error('sink broke')
          },
        },
        stderr: { write: (c) => void err.push(dec.decode(c)) },
      },
    })
    expect(r.exitCode).toBe(1)
    expect(err.join('')).toBe('echo: sink broke\n')
  })
})
