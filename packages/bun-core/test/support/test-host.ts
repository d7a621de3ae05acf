/**
 * A {@link RuntimeHost} over an in-memory VFS for unit tests of the runtime
 * and its builtins: output is collected, the module host and children are
 * absent (calls fail), `exit` throws {@link TestExit}.
 */
import { createVfs, type Vfs } from '@aspect-build/virtual-fs'
import type { RuntimeHost, SyncFs } from '../../src/runtime/host.js'
import type { NodeContext } from '../../src/runtime/node/context.js'

/** Thrown by the test host's `exit(code)`. */
export class TestExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`)
  }
}

export interface TestHost extends RuntimeHost {
  readonly vfs: Vfs
  /** Everything written to stdout/stderr so far, decoded. */
  output(): { stdout: string; stderr: string }
}

export interface TestHostOptions {
  cwd?: string
  env?: Record<string, string>
  argv?: string[]
  files?: Record<string, string | Uint8Array>
  stdin?: string
  vfs?: Vfs
}

/** A host whose filesystem is a fresh VFS holding `files` under `cwd` (default `/app`). */
export function createTestHost(options: TestHostOptions = {}): TestHost {
  const cwd = options.cwd ?? '/app'
  const vfs = options.vfs ?? createVfs()
  vfs.mkdir(cwd, { recursive: true })
  for (const [name, contents] of Object.entries(options.files ?? {})) {
    const path = name.startsWith('/') ? name : `${cwd}/${name}`
    vfs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true })
    vfs.writeFile(path, contents)
  }
  const servers = new Map<number, Parameters<RuntimeHost['listen']>[1]>()
  const out: Uint8Array[] = []

  const err: Uint8Array[] = []
  let stdin: Uint8Array | null = options.stdin === undefined ? null : new TextEncoder().encode(options.stdin)
  const decode = (chunks: Uint8Array[]) => new TextDecoder().decode(Buffer.concat(chunks))
  const fs = new Proxy(vfs, {
    get(target, key) {
      const value = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  }) as unknown as SyncFs
  return {
    vfs,
    pid: 42,
    ppid: 1,
    argv: options.argv ?? ['bun'],
    env: { ...(options.env ?? { PATH: '/usr/bin:/bin', HOME: '/root' }) },
    cwd,
    fs,
    stdin: {
      isTTY: false,
      read: async () => {
        const chunk = stdin
        stdin = null
        return chunk
      },
      readSync: () => {
        const chunk = stdin
        stdin = null
        return chunk
      },
    },
    stdout: { isTTY: false, size: null, write: (bytes) => void out.push(bytes.slice()) },
    stderr: { isTTY: false, size: null, write: (bytes) => void err.push(bytes.slice()) },
    modules: {
      loadGraph: () => Promise.reject(new Error('the test host has no module loader')),
      sourceMap: () => null,
    },
    spawn: () => Promise.resolve(null),
    which: () => null,
    ipc: {
      send: () => Promise.reject(Object.assign(new Error('the test host has no other processes'), { code: 'ESRCH' })),
      onMessage: () => () => undefined,
    },

    fetch: async (input, init) => {
      const request = new Request(input, init)
      const url = new URL(request.url)
      if (!['localhost', '127.0.0.1', '0.0.0.0', '[::1]'].includes(url.hostname)) return fetch(request)
      const handler = servers.get(Number(url.port || 80))
      if (!handler)
        throw Object.assign(new TypeError('ECONNREFUSED: Unable to connect. Is the computer able to access the url?'), {
          code: 'ECONNREFUSED',
          errno: 0,
          path: request.url,
        })
      const body =
        request.method === 'GET' || request.method === 'HEAD' ? null : new Uint8Array(await request.arrayBuffer())
      const answer = await handler({ method: request.method, url: request.url, headers: [...request.headers], body })
      return new Response(answer.body as Uint8Array<ArrayBuffer> | null, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      })
    },
    listen: (port, handler) => {
      let chosen = port
      if (chosen === 0) for (chosen = 3000; servers.has(chosen); chosen++);
      else if (servers.has(chosen))
        throw Object.assign(new Error(`Failed to start server. Is port ${chosen} in use?`), {
          code: 'EADDRINUSE',
          errno: 0,
          syscall: 'listen',
        })
      servers.set(chosen, handler)
      return { port: chosen, close: () => void servers.delete(chosen) }
    },
    exit: (code) => {
      throw new TestExit(code)
    },
    signal: new AbortController().signal,
    output: () => ({ stdout: decode(out), stderr: decode(err) }),
  }
}

/**
 * A {@link NodeContext} over a test host. `builtins` supplies other builtins
 * a module under test asks for (`ctx.builtin('events')`); `refs()` tells how
 * many handles are held.
 */
export function createTestContext(
  host: RuntimeHost = createTestHost(),
  builtins: Record<string, (ctx: NodeContext) => object> = {},
): NodeContext & { refs(): number } {
  let cwd = host.cwd
  let held = 0
  const made = new Map<string, object>()
  const ctx: NodeContext & { refs(): number; chdir(dir: string): void } = {
    host,
    cwd: () => cwd,
    chdir: (dir: string) => {
      cwd = dir
    },
    builtin<T>(name: string): T {
      const existing = made.get(name)
      if (existing) return existing as T
      const factory = builtins[name]
      if (!factory) throw new Error(`the test context has no builtin '${name}'`)
      const value = factory(ctx)
      made.set(name, value)
      return value as T
    },
    ref() {
      held++
      let released = false
      return () => {
        if (released) return
        released = true
        held--
      }
    },
    nextTick: (callback, ...args) => queueMicrotask(() => callback(...args)),
    emitWarning: (warning) => {
      host.stderr.write(new TextEncoder().encode(`warning: ${String(warning)}\n`))
    },
    refs: () => held,
  }
  return ctx
}
