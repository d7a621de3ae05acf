/**
 * `Bun.serve`: an HTTP server on a port of the container. Requests from any
 * process's `fetch` to `localhost:<port>` reach its `fetch` handler (or its
 * `routes`); the embedder is told of the port (the SDK's `port` and
 * `server-ready` events). Request and response bodies cross as whole
 * buffers. WebSocket upgrades and Unix sockets are not available.
 */
import type { HostRequest, HostResponse } from '../host.js'
import type { Runtime } from '../runtime.js'

type Handler = (request: Request, server: Server) => Response | Promise<Response> | undefined | Promise<undefined>
type RouteValue = Response | Handler | Partial<Record<string, Response | Handler>> | false

interface ServeOptions {
  port?: number | string
  hostname?: string
  fetch?: Handler
  routes?: Record<string, RouteValue>
  error?: (error: Error) => Response | Promise<Response> | undefined
  development?: boolean | { hmr?: boolean; console?: boolean }
  websocket?: unknown
  unix?: string
  id?: string
  idleTimeout?: number
  static?: Record<string, Response>
}

interface Route {
  method: string | null
  parts: string[]
  value: Response | Handler
}

function compileRoutes(routes: Record<string, RouteValue> | undefined): Route[] {
  const out: Route[] = []
  for (const [path, value] of Object.entries(routes ?? {})) {
    if (value === false || value === undefined) continue
    const parts = path.split('/').filter((p) => p !== '')
    if (value instanceof Response || typeof value === 'function') out.push({ method: null, parts, value })
    else
      for (const [method, handler] of Object.entries(value))
        if (handler) out.push({ method: method.toUpperCase(), parts, value: handler })
  }
  // Exact paths first, then parameters, then wildcards (Bun's precedence).
  const rank = (r: Route) => (r.parts.some((p) => p === '*') ? 2 : r.parts.some((p) => p.startsWith(':')) ? 1 : 0)
  return out.sort((a, b) => rank(a) - rank(b))
}

function matchRoute(
  routes: Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | null {
  const segments = pathname.split('/').filter((p) => p !== '')
  for (const route of routes) {
    if (route.method !== null && route.method !== method && !(route.method === 'GET' && method === 'HEAD')) continue
    const params: Record<string, string> = {}
    let ok = true
    for (let i = 0; i < route.parts.length; i++) {
      const part = route.parts[i] as string
      if (part === '*') {
        ok = true
        break
      }
      const segment = segments[i]
      if (segment === undefined) {
        ok = false
        break
      }
      if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segment)
      else if (part !== segment) {
        ok = false
        break
      }
      if (i === route.parts.length - 1 && segments.length !== route.parts.length) ok = false
    }
    if (route.parts.length === 0 && segments.length > 0) ok = false
    if (ok) return { route, params }
  }
  return null
}

/** A running server (`Bun.serve`'s result). */
export interface Server {
  readonly port: number
  readonly hostname: string
  readonly url: URL
  readonly development: boolean
  readonly id: string
  readonly pendingRequests: number
  readonly pendingWebSockets: number
  stop(closeActiveConnections?: boolean): Promise<void>
  reload(options: ServeOptions): Server
  fetch(request: Request | string): Promise<Response>
  requestIP(request: Request): { address: string; family: string; port: number } | null
  upgrade(request: Request): boolean
  publish(): number
  subscriberCount(): number
  timeout(request: Request, seconds: number): void
  ref(): void
  unref(): void
}

/** Builds `Bun.serve` for a process. */
export function createServe(runtime: Runtime): (options: ServeOptions) => Server {
  return function serve(options: ServeOptions): Server {
    if (options === null || typeof options !== 'object')
      throw Object.assign(new TypeError('Bun.serve expects an object'), { code: 'ERR_INVALID_ARG_TYPE' })
    if (options.unix !== undefined)
      throw new Error('Bun.serve({ unix }): Unix sockets are not available in Vitamin-Bun')
    let handlers = {
      fetch: options.fetch,
      error: options.error,
      routes: compileRoutes(options.routes ?? options.static),
    }
    if (!handlers.fetch && handlers.routes.length === 0)
      throw Object.assign(new TypeError('Bun.serve expects a fetch handler or routes'), {
        code: 'ERR_INVALID_ARG_TYPE',
      })
    const env = runtime.process.env
    const asked = options.port ?? env.BUN_PORT ?? env.PORT ?? env.NODE_PORT ?? 3000
    const portNumber = Number(asked)
    const development =
      options.development === undefined ? env.NODE_ENV !== 'production' : options.development !== false
    let pending = 0
    let release: (() => void) | null = null
    let stopped = false

    const respond = async (request: Request): Promise<Response> => {
      const url = new URL(request.url)
      const matched = matchRoute(handlers.routes, request.method, url.pathname)
      try {
        if (matched) {
          const { route, params } = matched
          if (route.value instanceof Response) return route.value.clone()
          Object.defineProperty(request, 'params', { value: params, enumerable: true, configurable: true })
          const out = await route.value(request, server)
          if (out instanceof Response) return out
        }
        if (handlers.fetch) {
          const out = await handlers.fetch.call(server, request, server)
          if (out instanceof Response) return out
          if (out === undefined) return new Response(null, { status: 404 })
          throw new TypeError(`Expected a Response object, but received '${String(out)}'`)
        }
        return new Response(null, { status: 404 })
      } catch (error) {
        if (handlers.error) {
          const out = await handlers.error.call(server, error as Error)
          if (out instanceof Response) return out
        }
        runtime.printError(error)
        return new Response(development ? `${(error as Error)?.stack ?? String(error)}` : 'Internal Server Error', {
          status: 500,
          headers: { 'content-type': 'text/plain;charset=utf-8' },
        })
      }
    }

    const handle = async (message: HostRequest): Promise<HostResponse> => {
      pending++
      try {
        const request = new Request(message.url, {
          method: message.method,
          headers: message.headers,
          body: message.body as Uint8Array<ArrayBuffer> | null,
        })
        const response = await respond(request)
        const body = response.body === null ? null : new Uint8Array(await response.arrayBuffer())
        const headers: Array<[string, string]> = [...response.headers]
        if (!response.headers.has('date')) headers.push(['date', new Date().toUTCString()])
        if (body !== null && !response.headers.has('content-length'))
          headers.push(['content-length', String(body.length)])
        return { status: response.status, statusText: response.statusText, headers, body }
      } finally {
        pending--
      }
    }

    const listener = runtime.host.listen(portNumber, handle)
    release = runtime.loop.ref()

    const hostname = options.hostname && options.hostname !== '0.0.0.0' ? options.hostname : 'localhost'
    const server: Server = {
      get port() {
        return listener.port
      },
      hostname,
      get url() {
        return new URL(`http://${hostname}:${listener.port}/`)
      },
      development,
      id: options.id ?? '',
      get pendingRequests() {
        return pending
      },
      pendingWebSockets: 0,
      async stop() {
        if (stopped) return
        stopped = true
        listener.close()
        release?.()
        release = null
      },
      reload(next: ServeOptions) {
        handlers = {
          fetch: next.fetch ?? handlers.fetch,
          error: next.error ?? handlers.error,
          routes: next.routes ? compileRoutes(next.routes) : handlers.routes,
        }
        return server
      },
      fetch: (request) => respond(typeof request === 'string' ? new Request(request) : request),
      requestIP: () => ({ address: '127.0.0.1', family: 'IPv4', port: 0 }),
      upgrade: () => false,
      publish: () => 0,
      subscriberCount: () => 0,
      timeout: () => undefined,
      ref() {
        if (!stopped && !release) release = runtime.loop.ref()
      },
      unref() {
        release?.()
        release = null
      },
    }
    if (options.websocket !== undefined)
      (runtime.process.emitWarning as (warning: string) => void)(
        'Bun.serve: WebSocket servers are not available in Vitamin-Bun; upgrade() returns false',
      )

    return server
  }
}
