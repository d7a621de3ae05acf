// The kernel in this thread with inline processes, driven through its client messages,
// running test programs registered next to the built-in ones.
import { posixPath, type VfsError } from '@aspect-build/virtual-fs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type ClientRequest,
  Kernel,
  type KernelMessage,
  type MessageEndpoint,
  type ProcessContext,
  registerProgram,
  type TtySize,
  type WorkerFactory,
} from '../src/index.js'

const UTF8 = new TextEncoder()
const UTF8_DECODER = new TextDecoder()

/** Registers a test program under `name`. */
function program(name: string, main: (context: ProcessContext) => Promise<number>): void {
  registerProgram(name, () => Promise.resolve({ main }))
}

const say = async (context: ProcessContext, text: string, fd: 1 | 2 = 1): Promise<void> =>
  (fd === 1 ? context.stdout : context.stderr).write(UTF8.encode(text))

program('t-size', async (context) => {
  const tty = context.tty as TtySize
  await say(context, `${tty.cols}x${tty.rows}\n`)
  await new Promise<void>((resolve) =>
    context.onResize((size) => {
      void say(context, `resized ${size.cols}x${size.rows}, seen ${tty.cols}x${tty.rows}\n`).then(resolve)
    }),
  )
  return 0
})

program('t-isatty', async (context) => {
  const flags = context.terminal.map((on) => (on ? 'tty' : '-')).join(' ')
  await say(context, `${flags} ${context.tty === null ? 'no size' : `${context.tty.cols}x${context.tty.rows}`}\n`, 2)
  return 0
})

program('t-readsync', async (context) => {
  await say(context, 'waiting\n')
  // Give the client time to write, then read what is buffered without waiting.
  await new Promise((resolve) => setTimeout(resolve, 50))
  const first = context.readStdinSync()
  await say(context, `got ${first === null ? 'EOF' : UTF8_DECODER.decode(first)}\n`)
  try {
    context.readStdinSync()
    await say(context, 'no error\n')
  } catch (error) {
    const e = error as VfsError
    await say(context, `${e.code} ${e.syscall} ${e.message}\n`)
  }
  return 0
})

program('t-signal', async (context) => {
  await say(context, 'started\n')
  await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()))
  // Too late: the process was already reported as ended; this output is dropped.
  await say(context, 'after abort\n')
  return 0
})

program('t-throw', async () => {
  throw new RangeError('boom')
})

program('t-code', async (context) => Number(context.argv[1]))

program('t-flood', async (context) => {
  const chunk = new Uint8Array(1024).fill(0x61)
  for (let i = 0; i < 4096; i++) await context.stdout.write(chunk)
  return 0
})

program('t-fs', async (context) => {
  context.fs.writeFile('rel.txt', 'relative')
  context.fs.symlink('rel.txt', 'link')
  await say(
    context,
    `${context.fs.readFile(posixPath.join(context.cwd, 'rel.txt'), 'utf8')} ${context.fs.readlink('link')}\n`,
  )
  return 0
})

interface Harness {
  request(request: ClientRequest): Promise<unknown>
  send(message: object): void
  messages: KernelMessage[]
  output(pid: number, fd?: 1 | 2): string
  exit(pid: number): Promise<{ code: number; signal: string | null }>
}

const kernels: Harness[] = []
afterEach(async () => {
  for (const k of kernels.splice(0)) await k.request({ op: 'destroy' }).catch(() => undefined)
})

async function boot(
  sharedMemory = false,
  processes: 'inline' | 'workers' = 'inline',
  host: { createWorker?: WorkerFactory; parallelism?: number; prewarm?: number } = {},
): Promise<Harness> {
  let toKernel: (message: unknown) => void = () => undefined
  const messages: KernelMessage[] = []
  const waiters = new Set<() => void>()
  const client: MessageEndpoint = {
    postMessage: (message) => {
      messages.push(message as KernelMessage)
      for (const wake of waiters) wake()
    },
    onMessage: (handler) => {
      toKernel = handler
    },
  }
  new Kernel(client, {
    createWorker:
      host.createWorker ??
      (() => {
        throw new Error('no workers in this test')
      }),
    sharedMemory,
    ...(host.parallelism === undefined ? {} : { parallelism: host.parallelism }),
  })
  let nextId = 1
  const until = <T>(find: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const check = (): void => {
        const found = find()
        if (found === undefined) return
        waiters.delete(check)
        resolve(found)
      }
      waiters.add(check)
      check()
    })
  const harness: Harness = {
    messages,
    // Delivered as a task, as a real port delivers: a kernel busy in microtasks does not see it.
    send: (message) => setTimeout(() => toKernel(message)),
    request: async (request) => {
      const id = nextId++
      setTimeout(() => toKernel({ type: 'request', id, request }))
      const reply = await until(() => messages.find((m) => m.type === 'reply' && m.id === id))
      if (reply.type !== 'reply') throw new Error('unreachable')
      if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error)
      return reply.value
    },
    output: (pid, fd = 1) =>
      messages
        .filter((m) => m.type === 'output' && m.pid === pid && m.fd === fd && m.chunk !== null)
        .map((m) => UTF8_DECODER.decode((m as { chunk: Uint8Array }).chunk))
        .join(''),
    exit: (pid) =>
      until(() => {
        const m = messages.find((m) => m.type === 'exit' && m.pid === pid)
        return m?.type === 'exit' ? { code: m.code, signal: m.signal } : undefined
      }),
  }
  await harness.request({
    op: 'boot',
    config: {
      cwd: '/home/project',
      env: {},
      files: {},
      persistence: 'memory',
      storageKey: 'test',
      processes,
      workerUrl: 'unused',
      prewarm: host.prewarm ?? 0,
    },
  })
  kernels.push(harness)
  return harness
}

let nextPid = 1000
function spawn(k: Harness, argv: string[], tty: TtySize | null = null): Promise<number> {
  const pid = nextPid++
  return k.request({ op: 'spawn', pid, argv, cwd: '/home/project', env: {}, tty }).then(() => pid)
}

describe('Kernel with inline processes', () => {
  it('refuses to run processes in workers without shared memory, naming COOP/COEP', async () => {
    await expect(boot(false, 'workers')).rejects.toMatchObject({
      code: 'ENOTSUP',
      syscall: 'boot',
      message: expect.stringContaining("'Cross-Origin-Opener-Policy: same-origin'"),
    })
  })

  it('tells a process on a terminal its size, and every resize', async () => {
    const k = await boot()
    const pid = await spawn(k, ['t-size'], { cols: 80, rows: 24 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    k.send({ type: 'resize', pid, size: { cols: 132, rows: 50 } })
    expect(await k.exit(pid)).toEqual({ code: 0, signal: null })
    expect(k.output(pid)).toBe('80x24\r\nresized 132x50, seen 132x50\r\n')
  })

  it('a child is on the terminal through exactly the streams it shares with its parent', async () => {
    const k = await boot()
    const pid = await spawn(
      k,
      ['sh', '-c', 't-isatty; echo x | t-isatty; t-isatty > out.txt; t-isatty 2>&1 | cat; t-isatty < out.txt'],
      { cols: 90, rows: 30 },
    )
    expect(await k.exit(pid)).toEqual({ code: 0, signal: null })
    expect(k.output(pid).split(/\r?\n/)).toEqual([
      'tty tty tty 90x30',
      '- tty tty 90x30',
      'tty - tty 90x30',
      'tty - - 90x30',
      '- tty tty 90x30',
      '',
    ])
  })

  it('reads buffered stdin synchronously, and fails a read that would wait with the COOP/COEP error', async () => {
    const k = await boot()
    const pid = await spawn(k, ['t-readsync'])
    k.send({ type: 'stdin', pid, chunk: UTF8.encode('typed ahead') })
    expect(await k.exit(pid)).toEqual({ code: 0, signal: null })
    const lines = k.output(pid).split('\n')
    expect(lines[1]).toBe('got typed ahead')
    expect(lines[2]).toMatch(/^ENOTSUP read ENOTSUP: A synchronous read of stdin that has to wait for input needs/)
    expect(lines[2]).toContain("'Cross-Origin-Embedder-Policy: require-corp'")
  })

  it('kill: the process is reported ended at once, its signal aborts, and its later output is dropped', async () => {
    const k = await boot()
    const pid = await spawn(k, ['t-signal'])
    await new Promise((resolve) => setTimeout(resolve, 20))
    k.send({ type: 'kill', pid, signal: 'SIGINT' })
    expect(await k.exit(pid)).toEqual({ code: 130, signal: 'SIGINT' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(k.output(pid)).toBe('started\n')
  })

  it('a program that throws prints its error and exits 1', async () => {
    const k = await boot()
    const pid = await spawn(k, ['t-throw'])
    expect(await k.exit(pid)).toEqual({ code: 1, signal: null })
    expect(k.output(pid, 2)).toMatch(/^t-throw: RangeError: boom\n/)
  })

  it('exit codes are taken modulo 256; a non-integer is 1', async () => {
    const k = await boot()
    const codes = await Promise.all(
      ['0', '255', '256', '300', '-1', 'NaN'].map(async (n) => (await k.exit(await spawn(k, ['t-code', n]))).code),
    )
    expect(codes).toEqual([0, 255, 0, 44, 255, 1])
  })

  it('a process that only writes does not starve the kernel', async () => {
    const k = await boot()
    const pid = await spawn(k, ['t-flood'])
    // Asked while the flood runs: answered long before its 4 MiB are written.
    await k.request({ op: 'fs', method: 'exists', args: ['/'] })
    const exitIndex = () => k.messages.findIndex((m) => m.type === 'exit' && m.pid === pid)
    expect(exitIndex()).toBe(-1)
    await k.exit(pid)
    expect(k.output(pid).length).toBe(4096 * 1024)
  })

  it('resolves relative paths against the process working directory; symlink targets stay as written', async () => {
    const k = await boot()
    const pid = await spawn(k, ['t-fs'])
    expect(await k.exit(pid)).toEqual({ code: 0, signal: null })
    expect(k.output(pid)).toBe('relative rel.txt\n')
    expect(await k.request({ op: 'fs', method: 'readlink', args: ['/home/project/link'] })).toBe('rel.txt')
  })

  it('rejects unknown requests, unknown filesystem methods and reused pids', async () => {
    const k = await boot()
    await expect(k.request({ op: 'fs', method: 'exportSnapshot' as never, args: [] })).rejects.toThrow(
      "unknown filesystem method 'exportSnapshot'",
    )
    await expect(k.request({ op: 'format-disk' } as never)).rejects.toThrow("unknown request 'format-disk'")
    const pid = await spawn(k, ['true'])
    await k.exit(pid)
    const running = await spawn(k, ['t-signal'])
    await expect(
      k.request({ op: 'spawn', pid: running, argv: ['true'], cwd: '/', env: {}, tty: null }),
    ).rejects.toMatchObject({ code: 'EINVAL', syscall: 'spawn' })
  })
})

describe('Kernel with process workers', () => {
  /** Workers that load nothing: each records what it is sent, and its process exits when told. */
  function fakeWorkers() {
    const made: Array<{ sent: unknown[]; exit(): void; terminated: boolean }> = []
    const createWorker: WorkerFactory = () => {
      let handler: (message: unknown) => void = () => undefined
      const worker = {
        sent: [] as unknown[],
        terminated: false,
        exit: () => handler({ type: 'exit', code: 0 }),
      }
      made.push(worker)
      return {
        postMessage: (message: unknown) => worker.sent.push(message),
        onMessage: (h: (message: unknown) => void) => {
          handler = h
        },
        onError: () => undefined,
        terminate: () => {
          worker.terminated = true
        },
      }
    }
    return { made, createWorker }
  }

  for (const [parallelism, atStart] of [
    [2, false],
    [8, true],
  ] as const) {
    it(`with ${parallelism} cores, loads the next spare ${atStart ? 'as a process starts' : 'once it has ended'}`, async () => {
      const workers = fakeWorkers()
      const k = await boot(true, 'workers', { createWorker: workers.createWorker, parallelism, prewarm: 1 })
      expect(workers.made.length).toBe(1) // the spare loaded at boot
      const pid = await spawn(k, ['bun', '-e', '1'])
      const first = workers.made[0] as (typeof workers.made)[number]
      expect(first.sent.some((m) => (m as { type?: string }).type === 'start')).toBe(true)
      expect(workers.made.length).toBe(atStart ? 2 : 1)
      first.exit()
      expect(await k.exit(pid)).toEqual({ code: 0, signal: null })
      expect(first.terminated).toBe(true)
      expect(workers.made.length).toBe(2)
    })
  }
})
