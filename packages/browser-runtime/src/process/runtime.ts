/**
 * The process side: builds a program's {@link ProcessContext} on top of a
 * {@link KernelLink} and runs the program to its exit. The same code runs in
 * a process worker (the link is the worker's port plus the shared-memory
 * channel) and inline in the kernel worker (the link calls the kernel).
 */
import {
  type ByteSink,
  type ByteSource,
  type ChildRequest,
  type GraphRequest,
  type GraphResult,
  type HostRequest,
  type HostResponse,
  ProcessExit,
  type SpawnSyncRequest,
  type SpawnSyncResult,
} from '@aspect-build/bun-core'

import { fromWireError, toWireError } from '../errors.js'
import { loadProgram } from '../programs/registry.js'
import type { ProcessContext, ScriptCompiler } from '../programs/types.js'
import type {
  KernelToProcess,
  ProcessMessage,
  ProcessRequest,
  ProcessStart,
  SignalName,
  StdioMode,
  SyncCall,
  TtySize,
} from '../protocol.js'
import { createFsProxy } from './fs-proxy.js'

/** How a process reaches its kernel. */
export interface KernelLink {
  /** Posts a message to the kernel (delivered in order). */
  post(message: ProcessMessage): void
  /** Sets the handler of messages from the kernel. */
  onMessage(handler: (message: KernelToProcess) => void): void
  /** Makes a blocking call; returns its value or throws its (rebuilt) error. */
  callSync(call: SyncCall): unknown
  /**
   * Called after each write of `bytes` of output; a returned promise is
   * awaited before the write completes. Inline processes use it to yield to
   * the kernel's event loop now and then, so a program that only writes
   * cannot starve the kernel.
   */
  paceWrite?(bytes: number): Promise<void> | undefined
  /**
   * True when {@link callSync} may wait (a process worker with the shared
   * channel); false inline, where only calls answered at once work.
   */
  readonly canBlock: boolean
  /** The host's script compiler with a code cache, if it has one (the Node host). */
  readonly compileScript?: ScriptCompiler
}

/** Blocks this thread for good (a process worker after its exit: the kernel terminates it). */
function blockForever(): never {
  const word = new Int32Array(new SharedArrayBuffer(4))
  for (;;) Atomics.wait(word, 0, 0)
}

const UTF8 = new TextEncoder()

/** The host's `queueMicrotask`, taken before a program installs its own. */
const hostMicrotask: (callback: () => void) => void = globalThis.queueMicrotask.bind(globalThis)
/** Output buffered past this many bytes is posted at once. */
const COALESCE_LIMIT = 64 * 1024

/**
 * A worker process's link with its output coalesced: writes made in one
 * turn of the event loop go to the kernel as one message per run of the
 * same stream (a test runner printing a thousand lines posts a few
 * messages, not a thousand), in order, and always before any other message
 * or blocking call, so nothing overtakes output written before it.
 */
function coalescing(link: KernelLink): KernelLink {
  const runs: Array<{ fd: 1 | 2; chunks: Uint8Array[] }> = []
  let bytes = 0
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (runs.length === 0) return
    const pending = runs.splice(0)
    bytes = 0
    for (const run of pending) {
      const chunk = run.chunks.length === 1 ? (run.chunks[0] as Uint8Array) : concat(run.chunks)
      link.post({ type: 'write', fd: run.fd, chunk })
    }
  }
  return {
    post: (message) => {
      if (message.type !== 'write') {
        flush()
        link.post(message)
        return
      }
      const last = runs[runs.length - 1]
      if (last && last.fd === message.fd) last.chunks.push(message.chunk)
      else runs.push({ fd: message.fd, chunks: [message.chunk] })
      bytes += message.chunk.length
      if (bytes >= COALESCE_LIMIT) flush()
      else if (!scheduled) {
        scheduled = true
        hostMicrotask(flush)
      }
    },
    onMessage: (handler) => link.onMessage(handler),
    callSync: (call) => {
      flush()
      return link.callSync(call)
    },
    canBlock: link.canBlock,
    ...(link.compileScript ? { compileScript: link.compileScript } : {}),
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  let length = 0
  for (const chunk of chunks) length += chunk.length
  const out = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/** Runs the process `start` describes; resolves once its exit was posted. */
export async function runProcess(start: ProcessStart, given: KernelLink): Promise<void> {
  // Inline processes share the kernel's thread: their writes are already direct calls.
  const link = given.canBlock ? coalescing(given) : given

  const runtime = new ProcessRuntime(start, link)
  let code: number
  try {
    const program = await loadProgram(start.program)
    code = await program.main(runtime.context)
  } catch (error) {
    code = 1
    if (error instanceof ProcessExit) code = error.code
    else if (!runtime.context.signal.aborted) {
      const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
      await runtime.context.stderr.write(UTF8.encode(`${start.argv[0]}: ${text}\n`))
    }
  }
  link.post({ type: 'exit', code })
}

interface Child {
  /** Piped output streams not ended yet. */
  open: Set<1 | 2>
  /** Writes to the parent's sinks, in order. */
  chain: Promise<void>
  sinks: { 1: ByteSink; 2: ByteSink }
  code: number | null
  /** Set when a sink refused a write: the child is stopped (SIGPIPE) and the rest of its output dropped. */
  broken: boolean
  exited: boolean
  resolve: (code: number) => void
}

class ProcessRuntime {
  readonly context: ProcessContext
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  private readonly children = new Map<number, Child>()
  private readonly resizeListeners = new Set<(size: TtySize) => void>()
  private readonly watchers = new Map<number, (event: 'rename' | 'change', filename: string) => void>()
  private nextWatch = 1
  private readonly servers = new Map<number, (request: HostRequest) => Promise<HostResponse>>()
  private readonly ipcListeners = new Set<(from: number, message: unknown) => void>()
  /** Messages that arrived before anyone listened (a worker's first message can come before its script runs). */
  private ipcBacklog: Array<[number, unknown]> = []
  private exited = false
  private readonly abort = new AbortController()
  private nextRequest = 1

  constructor(
    start: ProcessStart,
    private readonly link: KernelLink,
  ) {
    link.onMessage((message) => this.receive(message))
    const stdin: ByteSource = { read: () => this.request({ op: 'read', fd: 0 }) as Promise<Uint8Array | null> }
    const stdout = this.sink(1)
    const stderr = this.sink(2)
    const tty = start.tty === null ? null : { ...start.tty }
    this.context = {
      pid: start.pid,
      ppid: start.ppid,
      argv: start.argv,
      env: { ...start.env },
      cwd: start.cwd,
      fs: createFsProxy(
        (method, args) => link.callSync({ op: 'fs', method, args }),
        start.cwd,
        (path, options, listener) => this.watch(path, options, listener),
      ),
      stdin,
      stdout,
      stderr,
      tty,
      terminal: start.terminal,
      onResize: (listener) => {
        this.resizeListeners.add(listener)
        return () => void this.resizeListeners.delete(listener)
      },
      readStdinSync: () => link.callSync({ op: 'read', fd: 0 }) as Uint8Array | null,
      spawn: (request) => this.spawn(request),
      signal: this.abort.signal,
      modules: {
        loadGraph: (request: GraphRequest) => this.request({ op: 'modules', request }) as Promise<GraphResult>,
        ...(link.canBlock
          ? { loadGraphSync: (request: GraphRequest) => link.callSync({ op: 'modules', request }) as GraphResult }
          : {}),
        sourceMap: (id: string) => link.callSync({ op: 'source-map', id }) as string | null,
        ...(link.compileScript
          ? {
              compile: link.compileScript,
              storeCodeCache: (id: string, key: string, data: Uint8Array) =>
                link.post({ type: 'code-cache', id, key, data }),
            }
          : {}),
      },
      which: (command, path, cwd) => link.callSync({ op: 'which', command, path, cwd }) as string | null,
      listen: (port, handler) => {
        const actual = link.callSync({ op: 'listen', port }) as number
        this.servers.set(actual, handler)
        return {
          port: actual,
          close: () => {
            if (this.servers.get(actual) !== handler) return
            this.servers.delete(actual)
            link.callSync({ op: 'unlisten', port: actual })
          },
        }
      },
      httpRequest: (port, request) => this.request({ op: 'http', port, request }) as Promise<HostResponse>,
      ipc: {
        send: (pid, message) => this.request({ op: 'ipc', pid, message }) as Promise<void>,
        onMessage: (listener) => {
          this.ipcListeners.add(listener)
          const backlog = this.ipcBacklog
          this.ipcBacklog = []
          for (const [from, message] of backlog) listener(from, message)
          return () => void this.ipcListeners.delete(listener)
        },
      },
      ...(link.canBlock
        ? {
            spawnSync: (request: SpawnSyncRequest) =>
              link.callSync({ op: 'spawn-sync', ...request }) as SpawnSyncResult | null,
          }
        : {}),
      exit: (code) => {
        if (!this.exited) {
          this.exited = true
          link.post({ type: 'exit', code })
        }
        if (link.canBlock) blockForever()
        throw new ProcessExit(code)
      },
      canBlock: link.canBlock,
    }
  }

  private sink(fd: 1 | 2): ByteSink {
    return {
      write: (chunk) => {
        if (chunk.length === 0) return
        // Copy: the caller may reuse its buffer once write returns.
        this.link.post({ type: 'write', fd, chunk: chunk.slice() })
        return this.link.paceWrite?.(chunk.length)
      },
    }
  }

  private request(request: ProcessRequest): Promise<unknown> {
    const id = this.nextRequest++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.link.post({ type: 'request', id, request })
    })
  }

  private receive(message: KernelToProcess): void {
    switch (message.type) {
      case 'reply': {
        const waiter = this.pending.get(message.id)
        if (!waiter) return
        this.pending.delete(message.id)
        if (message.ok) waiter.resolve(message.value)
        else waiter.reject(fromWireError(message.error))
        return
      }
      case 'child-output':
        this.childOutput(message.pid, message.fd, message.chunk)
        return
      case 'child-exit': {
        const child = this.children.get(message.pid)
        if (!child) return
        child.exited = true
        child.code = message.code
        this.settleChild(message.pid, child)
        return
      }
      case 'resize': {
        const tty = this.context.tty
        if (tty === null) return
        tty.cols = message.size.cols
        tty.rows = message.size.rows
        for (const listener of this.resizeListeners) listener({ ...message.size })
        return
      }
      case 'watch':
        this.watchers.get(message.watchId)?.(message.eventType, message.filename)
        return
      case 'http-request':
        this.serve(message.id, message.port, message.request)
        return
      case 'ipc':
        if (this.ipcListeners.size === 0) this.ipcBacklog.push([message.from, message.message])
        for (const listener of this.ipcListeners) listener(message.from, message.message)
        return

      case 'signal':
        this.abort.abort(Object.assign(new Error(`killed by ${message.signal}`), { signal: message.signal }))
        return
      case 'start':
        return
    }
  }

  /** Answers a request for one of this process's ports with its server's response. */
  private serve(id: number, port: number, request: HostRequest): void {
    const handler = this.servers.get(port)
    const fail = (error: unknown) => this.link.post({ type: 'http-response', id, ok: false, error: toWireError(error) })
    if (!handler) {
      fail(
        Object.assign(new TypeError('ECONNREFUSED: Unable to connect. Is the computer able to access the url?'), {
          code: 'ECONNREFUSED',
        }),
      )
      return
    }
    let answer: Promise<HostResponse>
    try {
      answer = handler(request)
    } catch (error) {
      fail(error)
      return
    }
    answer.then((response) => this.link.post({ type: 'http-response', id, ok: true, response }), fail)
  }

  /** A watcher served by the kernel; its events come as `watch` messages. */
  private watch(
    path: string,
    options: { recursive?: boolean },
    listener: (event: 'rename' | 'change', filename: string) => void,
  ): { close(): void } {
    const watchId = this.nextWatch++
    this.watchers.set(watchId, listener)
    const absolute = path.startsWith('/') ? path : `${this.context.cwd}/${path}`
    void this.request({ op: 'watch', watchId, path: absolute, recursive: !!options.recursive }).catch(() => {
      this.watchers.delete(watchId)
    })
    return {
      close: () => {
        if (!this.watchers.delete(watchId)) return
        void this.request({ op: 'unwatch', watchId }).catch(() => undefined)
      },
    }
  }

  private async spawn(request: ChildRequest): Promise<number | null> {
    const { io } = request
    const mode = (mine: boolean): StdioMode => (mine ? 'inherit' : 'pipe')
    const stdio: [StdioMode, StdioMode, StdioMode] = [
      mode(io.stdin === this.context.stdin),
      mode(io.stdout === this.context.stdout),
      mode(io.stderr === this.context.stderr),
    ]
    const pid = (await this.request({
      op: 'spawn',
      argv: request.argv,
      cwd: request.cwd,
      env: request.env,
      stdio,
    })) as number | null
    if (pid === null) return null
    request.onPid?.(pid)
    return new Promise<number>((resolve) => {
      const child: Child = {
        open: new Set(),
        chain: Promise.resolve(),
        sinks: { 1: io.stdout, 2: io.stderr },
        code: null,
        broken: false,
        exited: false,
        resolve,
      }
      if (stdio[1] === 'pipe') child.open.add(1)
      if (stdio[2] === 'pipe') child.open.add(2)
      this.children.set(pid, child)
      if (stdio[0] === 'pipe') void this.pumpStdin(pid, child, io.stdin)
      const signal = request.signal
      if (signal) {
        // Read when it fires: a Subprocess's kill(signal) sets the signal just before aborting.
        const stop = (): void => {
          const signalName = (request.killSignal ?? 'SIGTERM') as SignalName
          if (!child.exited) this.link.post({ type: 'kill', pid, signal: signalName })
        }

        if (signal.aborted) stop()
        else signal.addEventListener('abort', stop, { once: true })
      }
    })
  }

  /** Copies the parent's source into a piped child stdin until either ends. */
  private async pumpStdin(pid: number, child: Child, source: ByteSource): Promise<void> {
    try {
      for (;;) {
        const chunk = await source.read()
        if (chunk === null || child.exited) break
        this.link.post({ type: 'child-stdin', pid, chunk: chunk.slice() })
      }
    } catch {
      // The source failed (its writer was aborted): the child sees the end of its input.
    }
    if (!child.exited) this.link.post({ type: 'child-stdin', pid, chunk: null })
  }

  private childOutput(pid: number, fd: 1 | 2, chunk: Uint8Array | null): void {
    const child = this.children.get(pid)
    if (!child) return
    if (chunk === null) {
      child.chain = child.chain.then(() => {
        child.open.delete(fd)
        this.settleChild(pid, child)
      })
      return
    }
    child.chain = child.chain.then(async () => {
      if (child.broken) return
      try {
        await child.sinks[fd].write(chunk)
      } catch {
        // The reader went away (a closed shell pipe): stop the child as SIGPIPE would.
        child.broken = true
        if (!child.exited) this.link.post({ type: 'kill', pid, signal: 'SIGPIPE' })
      }
    })
  }

  private settleChild(pid: number, child: Child): void {
    if (child.code === null || child.open.size > 0) return
    this.children.delete(pid)
    child.resolve(child.code)
  }
}
