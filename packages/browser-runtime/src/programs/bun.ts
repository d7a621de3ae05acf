/**
 * `bun` (and `bunx`): bun-core's Bun program, on the process's context.
 * The context already is nearly a `RuntimeHost`; this adds the stream
 * shapes (terminal or not, size) and the network: `fetch` of a container
 * port goes to the process listening on it, anything else to the host's
 * `fetch`.
 */
import { bunMain, type HostRequest, type HostResponse, type RuntimeHost } from '@aspect-build/bun-core'
import type { ProcessContext, Program } from './types.js'

/** The host's own `fetch`, taken before a process installs its globals (the runtime's `fetch` calls this one). */
const hostFetch: typeof fetch = globalThis.fetch.bind(globalThis)

/** Host names that mean this container. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]', '::1'])
/** Statuses whose responses have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

/** `fetch` for a process: container ports are served by their process (redirects followed as `fetch` does). */
function containerFetch(
  context: ProcessContext,
): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    let request = new Request(input, init)
    let url = new URL(request.url)
    if (!(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) return hostFetch(request)
    for (let redirects = 0; ; redirects++) {
      const body =
        request.method === 'GET' || request.method === 'HEAD' ? null : new Uint8Array(await request.arrayBuffer())
      const message: HostRequest = { method: request.method, url: request.url, headers: [...request.headers], body }
      const port = Number(url.port || 80)
      const answer: HostResponse = await context.httpRequest(port, message)
      const location = answer.headers.find(([name]) => name.toLowerCase() === 'location')?.[1]
      if (
        request.redirect === 'follow' &&
        location &&
        [301, 302, 303, 307, 308].includes(answer.status) &&
        redirects < 20
      ) {
        const next = new URL(location, url)
        const keep = answer.status === 307 || answer.status === 308
        request = new Request(
          next,
          keep ? request : { method: request.method === 'HEAD' ? 'HEAD' : 'GET', headers: request.headers },
        )
        url = next
        if (!(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) return hostFetch(request)
        continue
      }
      if (request.redirect === 'error' && location && answer.status >= 300 && answer.status < 400)
        throw new TypeError(`fetch failed: redirect to ${location} with redirect: "error"`)
      const response = new Response(
        NULL_BODY.has(answer.status) || request.method === 'HEAD'
          ? null
          : (answer.body as Uint8Array<ArrayBuffer> | null),
        {
          status: answer.status,
          statusText: answer.statusText,
          headers: answer.headers,
        },
      )
      Object.defineProperty(response, 'url', { value: request.url })
      if (redirects > 0) Object.defineProperty(response, 'redirected', { value: true })
      return response
    }
  }
}

/** The `RuntimeHost` of a process. */
export function runtimeHost(context: ProcessContext): RuntimeHost {
  const tty = context.tty
  const output = (sink: ProcessContext['stdout'], isTTY: boolean) => ({
    write: (bytes: Uint8Array) => void sink.write(bytes),
    isTTY,
    get size() {
      return isTTY ? tty : null
    },
  })
  const [stdinTTY, stdoutTTY, stderrTTY] = context.terminal
  const stdin = { read: () => context.stdin.read(), readSync: () => context.readStdinSync(), isTTY: stdinTTY }
  const stdout = output(context.stdout, stdoutTTY)
  const stderr = output(context.stderr, stderrTTY)
  // A child given this process's own streams shares them (the kernel connects it directly, terminal included);
  // the runtime knows them as the host's wrappers, the kernel link as the context's.
  const own = new Map<unknown, unknown>([
    [stdin, context.stdin],
    [stdout, context.stdout],
    [stderr, context.stderr],
  ])
  const mapStream = <T>(stream: T): T => (own.get(stream) as T | undefined) ?? stream
  return {
    pid: context.pid,
    ppid: context.ppid,
    argv: context.argv,
    env: context.env,
    cwd: context.cwd,
    fs: context.fs,
    stdin,
    stdout,
    stderr,
    modules: context.modules,
    spawn: (request) => {
      // In place: the request may carry getters (`killSignal`) read later.
      request.io = {
        stdin: mapStream(request.io.stdin),
        stdout: mapStream(request.io.stdout),
        stderr: mapStream(request.io.stderr),
      }
      return context.spawn(request)
    },

    ...(context.spawnSync ? { spawnSync: context.spawnSync } : {}),
    which: (command, path, cwd) => context.which(command, path, cwd),
    fetch: containerFetch(context),
    listen: (port, handler) => context.listen(port, handler),
    ipc: context.ipc,

    exit: (code) => context.exit(code),
    signal: context.signal,
    sharedRealm: !context.canBlock,
  }
}

export const bun: Program = {
  main: (context) => bunMain(runtimeHost(context)),
}
