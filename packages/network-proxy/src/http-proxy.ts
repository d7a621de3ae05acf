/**
 * `createNetworkProxy()`: the {@link NetworkInterface} over `fetch()`.
 *
 * Each socket is an HTTP/1.1 connection whose server is this proxy: request
 * bytes are parsed as they arrive, each complete request becomes a fetch (in
 * order, one at a time), and each response is written back as HTTP/1.1
 * bytes. The same step code serves both fetchers: a blocking fetcher's
 * results are plain values and `recv` loops on them; a non-blocking one's are
 * promises and a small pump fills the socket's buffer in the background.
 */

import { describeError, isNetworkError, NetworkError } from './errors.js'
import { createFetchFetcher } from './fetch-fetcher.js'
import {
  encodeChunk,
  encodeHead,
  encodeProxyResponse,
  forwardableRequestHeaders,
  forwardableResponseHeaders,
  latin1Bytes,
  type ProxyErrorKind,
} from './http/message.js'
import { type ParsedRequest, RequestParser } from './http/request-parser.js'
import { compilePolicy } from './policy.js'
import type {
  HttpFetcher,
  HttpLimits,
  MaybePromise,
  NetworkInterface,
  NetworkProxyOptions,
  ResponseHead,
  SocketFamily,
  SocketId,
  SocketType,
} from './types.js'

/** Body bytes asked of the fetcher per step. */
const READ_CHUNK = 64 * 1024
/** A non-blocking socket stops fetching ahead once this much response is buffered. */
const HIGH_WATER = 1024 * 1024
const CONTINUE = latin1Bytes('HTTP/1.1 100 Continue\r\n\r\n')
const EMPTY = new Uint8Array(0)
const OPTION_KEYS: ReadonlySet<string> = new Set(['fetch', 'allow', 'corsProxy', 'redirect', 'fetcher', 'limits'])
const LIMIT_KEYS: ReadonlySet<string> = new Set(['requestLine', 'headerBytes', 'headerCount', 'body'])

type Pending = { kind: 'request'; request: ParsedRequest } | { kind: 'error'; status: number; message: string }

interface Exchange {
  id: number
  request: ParsedRequest
  /** The URL fetched (before the CORS proxy), for messages. */
  url: string
  phase: 'head' | 'body'
  framing: 'none' | 'length' | 'chunked' | 'close'
  remaining: number
  closeAfter: boolean
}

interface Connection {
  id: SocketId
  origin: string | null
  host: string
  port: number
  parser: RequestParser
  queue: Pending[]
  exchange: Exchange | null
  out: Uint8Array[]
  outBytes: number
  /** No response bytes will be added any more; EOF once `out` drains. */
  readEnded: boolean
  /** No more requests are taken; `send` fails with EPIPE. */
  writeEnded: boolean
  /** Reported by the next `recv` once `out` drains. */
  failure: NetworkError | null
  continueSent: boolean
  closed: boolean
  busy: boolean
  waiters: (() => void)[]
}

function bad(option: string, detail: string): NetworkError {
  return new NetworkError('EINVAL', {
    syscall: 'createNetworkProxy',
    detail: `Invalid option in createNetworkProxy(): "${option}" ${detail}`,
  })
}

function checkOptions(options: NetworkProxyOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new NetworkError('EINVAL', { syscall: 'createNetworkProxy', detail: 'options must be an object' })
  }
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw bad(key, 'is not an option')
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw bad('fetch', 'must be a function')
  if (options.corsProxy !== undefined) {
    if (typeof options.corsProxy !== 'string' || !URL.canParse(options.corsProxy.replace('{url}', 'x'))) {
      throw bad('corsProxy', 'must be an absolute URL')
    }
  }
  if (options.redirect !== undefined && options.redirect !== 'follow' && options.redirect !== 'manual') {
    throw bad('redirect', 'must be "follow" or "manual"')
  }
  const f = options.fetcher
  if (f !== undefined && (typeof f !== 'object' || f === null || typeof f.start !== 'function')) {
    throw bad('fetcher', 'must be an HttpFetcher')
  }
  if (options.limits !== undefined) {
    for (const [key, value] of Object.entries(options.limits)) {
      if (!LIMIT_KEYS.has(key)) throw bad(`limits.${key}`, 'is not a limit')
      if (!Number.isSafeInteger(value) || (value as number) < 1)
        throw bad(`limits.${key}`, 'must be a positive integer')
    }
  }
}

/** Call `ok`/`fail` with a value that may or may not be a promise; returns a promise only if it was one. */
function settle<T>(value: () => MaybePromise<T>, ok: (v: T) => void, fail: (e: unknown) => void): void | Promise<void> {
  let v: MaybePromise<T>
  try {
    v = value()
  } catch (e) {
    fail(e)
    return
  }
  if (v instanceof Promise) return v.then(ok, fail)
  ok(v)
}

/** The URL origin for `host:port`; `null` when `host` is not a host name or IP literal. */
function originOf(host: string, port: number): string | null {
  if (!/^[^\s/?#@\\%]+$/.test(host)) return null
  let h = host
  if (h.includes(':')) {
    if (!h.startsWith('[')) h = `[${h}]`
    if (!/^\[[0-9a-fA-F:.]+\]$/.test(h)) return null
  }
  const scheme = port === 443 ? 'https' : 'http'
  let url: URL
  try {
    url = new URL(`${scheme}://${h}:${port}/`)
  } catch {
    return null
  }
  if (url.username || url.password || url.pathname !== '/' || url.hostname === '') return null
  return url.origin
}

/**
 * A {@link NetworkInterface} whose sockets reach HTTP servers through
 * `fetch()`. Non-blocking unless `options.fetcher` is a blocking fetcher
 * (a fetch worker). Throws `NetworkError` `EINVAL` for a bad option, naming it.
 */
export function createNetworkProxy(options: NetworkProxyOptions = {}): NetworkInterface {
  checkOptions(options)
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const allowed = compilePolicy(options.allow)
  const redirect = options.redirect ?? 'follow'
  const corsProxy = options.corsProxy
  const limits: Partial<HttpLimits> = { ...options.limits }
  const fetcher: HttpFetcher = options.fetcher ?? createFetchFetcher(fetchFn)
  const sockets = new Map<SocketId, Connection>()
  let nextSocket = 1
  let nextExchange = 1

  const viaCorsProxy = (url: string): string => {
    if (corsProxy === undefined) return url
    return corsProxy.includes('{url}') ? corsProxy.replace('{url}', encodeURIComponent(url)) : corsProxy + url
  }

  const lookup = (socket: SocketId, syscall: string): Connection => {
    const c = sockets.get(socket)
    if (!c) throw new NetworkError('EBADF', { syscall })
    return c
  }

  const connected = (socket: SocketId, syscall: string): Connection => {
    const c = lookup(socket, syscall)
    if (c.origin === null) throw new NetworkError('ENOTCONN', { syscall })
    return c
  }

  const push = (c: Connection, bytes: Uint8Array): void => {
    if (bytes.length === 0) return
    c.out.push(bytes)
    c.outBytes += bytes.length
  }

  const ready = (c: Connection): boolean =>
    c.closed || c.outBytes > 0 || c.failure !== null || c.readEnded || c.exchange === null

  const wake = (c: Connection): void => {
    if (!ready(c) || c.waiters.length === 0) return
    const waiters = c.waiters
    c.waiters = []
    for (const w of waiters) w()
  }

  const endConnection = (c: Connection): void => {
    c.readEnded = true
    c.writeEnded = true
    c.queue = []
  }

  const generated = (c: Connection, status: number, kind: ProxyErrorKind, message: string, request?: ParsedRequest) => {
    const close = kind === 'bad-request' || !request?.keepAlive
    push(c, encodeProxyResponse(status, kind, message, { close, head: request?.method.toUpperCase() === 'HEAD' }))
    if (close) endConnection(c)
  }

  /** Begin the next queued request if none is running: a fetch, or a generated response. */
  const startNext = (c: Connection): void => {
    while (c.exchange === null && !c.readEnded && c.queue.length > 0) {
      const item = c.queue.shift()!
      if (item.kind === 'error') {
        generated(c, item.status, 'bad-request', item.message)
        continue
      }
      const req = item.request
      const method = req.method.toUpperCase()
      if (method === 'CONNECT' || method === 'TRACE' || method === 'TRACK') {
        generated(c, 405, 'unsupported', `${method} is not supported: fetch() cannot send it`, req)
        continue
      }
      let url: URL
      if (req.target.startsWith('/')) {
        url = new URL(c.origin + req.target)
      } else if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(req.target) && URL.canParse(req.target)) {
        const abs = new URL(req.target)
        if (abs.host !== new URL(c.origin!).host) {
          generated(
            c,
            400,
            'bad-request',
            `request target ${req.target} is not on the connected host ${c.host}:${c.port}`,
          )
          continue
        }
        url = new URL(c.origin + abs.pathname + abs.search)
      } else {
        generated(
          c,
          400,
          'bad-request',
          `request target ${JSON.stringify(req.target)} is not origin-form or absolute-form`,
        )
        continue
      }
      if (url.origin !== c.origin) {
        generated(c, 400, 'bad-request', `request target ${JSON.stringify(req.target)} leaves ${c.origin}`)
        continue
      }
      if (!allowed(url)) {
        generated(c, 403, 'refused', `${method} ${url.href} is not allowed by the network policy`, req)
        continue
      }
      if ((method === 'GET' || method === 'HEAD') && req.body.length > 0) {
        generated(c, 400, 'bad-request', `fetch() cannot send a ${method} request with a body`)
        continue
      }
      const id = nextExchange++
      c.exchange = {
        id,
        request: req,
        url: url.href,
        phase: 'head',
        framing: 'none',
        remaining: 0,
        closeAfter: !req.keepAlive,
      }
      fetcher.start(id, {
        url: viaCorsProxy(url.href),
        method: req.method,
        headers: forwardableRequestHeaders(req.headers),
        body: req.body.length > 0 ? req.body : null,
        redirect,
      })
    }
  }

  const finish = (c: Connection, x: Exchange): void => {
    c.exchange = null
    if (x.closeAfter) endConnection(c)
    else startNext(c)
  }

  /**
   * A fetcher throws NetworkError only for its own failure (a blocking call
   * timed out, the worker is gone, this thread cannot block), never for the
   * fetch: that ends the connection with the errno instead of a 502.
   */
  const channelFailure = (e: unknown): e is NetworkError => isNetworkError(e)

  const onHead = (c: Connection, x: Exchange, head: ResponseHead): void => {
    const req = x.request
    if (head.status === 0) {
      fetcher.abort(x.id)
      c.exchange = null
      generated(
        c,
        502,
        'fetch-failed',
        `fetch(${req.method} ${x.url}) returned an opaque response (a redirect the browser hides: use redirect: 'follow')`,
        req,
      )
      startNext(c)
      return
    }
    const { headers, contentLength } = forwardableResponseHeaders(head.headers)
    const method = req.method.toUpperCase()
    const noBody = method === 'HEAD' || head.status === 204 || head.status === 304 || head.status < 200
    if (noBody) x.framing = 'none'
    else if (contentLength !== null) {
      x.framing = 'length'
      x.remaining = contentLength
    } else if (req.version === '1.1') {
      x.framing = 'chunked'
      headers.push(['transfer-encoding', 'chunked'])
    } else {
      x.framing = 'close'
      x.closeAfter = true
    }
    if (x.closeAfter) headers.push(['connection', 'close'])
    else if (req.version === '1.0') headers.push(['connection', 'keep-alive'])
    push(c, encodeHead(head.status, head.statusText, headers))
    if (x.framing === 'none' || (x.framing === 'length' && x.remaining === 0)) {
      fetcher.abort(x.id)
      finish(c, x)
    } else {
      x.phase = 'body'
    }
  }

  const onHeadError = (c: Connection, x: Exchange, e: unknown): void => {
    c.exchange = null
    if (channelFailure(e)) {
      c.failure = e
      endConnection(c)
      return
    }
    const req = x.request
    generated(c, 502, 'fetch-failed', `fetch(${req.method} ${x.url}) failed: ${describeError(e)}`, req)
    startNext(c)
  }

  const onChunk = (c: Connection, x: Exchange, chunk: Uint8Array): void => {
    if (chunk.length === 0) {
      if (x.framing === 'length' && x.remaining > 0) {
        onBodyError(c, x, new Error(`the body ended ${x.remaining} bytes short of its Content-Length`))
        return
      }
      if (x.framing === 'chunked') push(c, encodeChunk(EMPTY))
      finish(c, x)
      return
    }
    if (x.framing === 'length') {
      const n = Math.min(chunk.length, x.remaining)
      push(c, n === chunk.length ? chunk : chunk.subarray(0, n))
      x.remaining -= n
      if (x.remaining === 0) {
        fetcher.abort(x.id)
        finish(c, x)
      }
    } else if (x.framing === 'chunked') push(c, encodeChunk(chunk))
    else push(c, chunk)
  }

  const onBodyError = (c: Connection, x: Exchange, e: unknown): void => {
    fetcher.abort(x.id)
    c.exchange = null
    c.failure = channelFailure(e)
      ? e
      : new NetworkError('ECONNRESET', {
          syscall: 'recv',
          detail: `the response broke off: ${describeError(e)}`,
          address: c.host,
          port: c.port,
          cause: e,
        })
    endConnection(c)
  }

  /** One step of the running exchange. A promise when the fetcher is non-blocking. */
  const step = (c: Connection): void | Promise<void> => {
    const x = c.exchange
    if (!x) return
    // Results of an exchange that was closed or replaced meanwhile are dropped.
    const live = () => c.exchange === x && !c.closed
    if (x.phase === 'head') {
      return settle(
        () => fetcher.head(x.id),
        (head) => live() && onHead(c, x, head),
        (e) => live() && onHeadError(c, x, e),
      )
    }
    return settle(
      () => fetcher.read(x.id, READ_CHUNK),
      (chunk) => live() && onChunk(c, x, chunk),
      (e) => live() && onBodyError(c, x, e),
    )
  }

  /** Non-blocking fetchers: fill the buffer in the background, waking `readable()` waiters. */
  const pump = (c: Connection): void => {
    if (fetcher.blocking || c.busy) return
    c.busy = true
    const run = async () => {
      while (!c.closed && c.exchange !== null && c.outBytes < HIGH_WATER) {
        await step(c)
        wake(c)
      }
    }
    run().then(
      () => {
        c.busy = false
        wake(c)
      },
      (e) => {
        // step() routes every failure to the connection; this is a bug guard, not a path.
        c.busy = false
        c.failure = new NetworkError('ECONNRESET', { syscall: 'recv', detail: describeError(e) })
        endConnection(c)
        wake(c)
      },
    )
  }

  const take = (c: Connection, max: number): Uint8Array => {
    const first = c.out[0]!
    if (first.length <= max && (c.out.length === 1 || first.length === max)) {
      c.out.shift()
      c.outBytes -= first.length
      return first
    }
    const n = Math.min(max, c.outBytes)
    const result = new Uint8Array(n)
    let at = 0
    while (at < n) {
      const head = c.out[0]!
      const k = Math.min(head.length, n - at)
      result.set(head.subarray(0, k), at)
      at += k
      if (k === head.length) c.out.shift()
      else c.out[0] = head.subarray(k)
    }
    c.outBytes -= n
    return result
  }

  const network: NetworkInterface = {
    blocking: fetcher.blocking,

    open(family: SocketFamily, type: SocketType): SocketId {
      if (family !== 'inet' && family !== 'inet6') throw new NetworkError('EAFNOSUPPORT', { syscall: 'socket' })
      if (type !== 'stream') throw new NetworkError('EPROTOTYPE', { syscall: 'socket' })
      const id = nextSocket++
      sockets.set(id, {
        id,
        origin: null,
        host: '',
        port: 0,
        parser: new RequestParser(limits),
        queue: [],
        exchange: null,
        out: [],
        outBytes: 0,
        readEnded: false,
        writeEnded: false,
        failure: null,
        continueSent: false,
        closed: false,
        busy: false,
        waiters: [],
      })
      return id
    },

    connect(socket: SocketId, host: string, port: number): void {
      const c = lookup(socket, 'connect')
      if (c.origin !== null) throw new NetworkError('EISCONN', { syscall: 'connect', address: host, port })
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new NetworkError('EINVAL', { syscall: 'connect', detail: `invalid port ${port}`, address: host })
      }
      const origin = typeof host === 'string' ? originOf(host, port) : null
      if (origin === null) {
        throw new NetworkError('EINVAL', { syscall: 'connect', detail: `invalid host ${JSON.stringify(host)}` })
      }
      c.origin = origin
      c.host = host
      c.port = port
    },

    send(socket: SocketId, data: Uint8Array): number {
      const c = connected(socket, 'send')
      if (c.writeEnded) throw new NetworkError('EPIPE', { syscall: 'send', address: c.host, port: c.port })
      for (const request of c.parser.push(data)) {
        c.queue.push({ kind: 'request', request })
        c.continueSent = false
        if (!request.keepAlive) {
          c.writeEnded = true
          break
        }
      }
      const error = c.parser.error
      if (error && !c.writeEnded) {
        c.queue.push({ kind: 'error', status: error.status, message: error.message })
        c.writeEnded = true
      }
      // Answer `Expect: 100-continue` only when nothing else is owed first (RFC 9110 §10.1.1: it is optional).
      if (c.parser.expectingContinue && !c.continueSent && c.exchange === null && c.queue.length === 0) {
        push(c, CONTINUE)
        c.continueSent = true
      }
      startNext(c)
      pump(c)
      wake(c)
      return data.length
    },

    recv(socket: SocketId, maxBytes: number): Uint8Array | null {
      const c = connected(socket, 'recv')
      if (!(maxBytes > 0)) return EMPTY
      for (;;) {
        if (c.outBytes > 0) {
          const bytes = take(c, Math.floor(maxBytes))
          pump(c)
          return bytes
        }
        if (c.failure) {
          const f = c.failure
          c.failure = null
          throw f
        }
        if (c.readEnded) return EMPTY
        if (c.exchange === null) {
          throw new NetworkError('EAGAIN', {
            syscall: 'recv',
            detail: 'no complete request has been sent, so no response will come',
          })
        }
        if (!fetcher.blocking) {
          pump(c)
          return null
        }
        step(c)
      }
    },

    readable(socket: SocketId): Promise<void> {
      const c = sockets.get(socket)
      if (!c || ready(c)) return Promise.resolve()
      return new Promise((resolve) => c.waiters.push(resolve))
    },

    close(socket: SocketId): void {
      const c = lookup(socket, 'close')
      sockets.delete(socket)
      c.closed = true
      if (c.exchange) fetcher.abort(c.exchange.id)
      c.exchange = null
      c.queue = []
      c.out = []
      c.outBytes = 0
      for (const w of c.waiters) w()
      c.waiters = []
    },

    closeAll(): void {
      for (const id of [...sockets.keys()]) network.close(id)
    },

    async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
      const request = new Request(input, init)
      const url = new URL(request.url)
      if (!allowed(url)) {
        throw new NetworkError('EACCES', {
          syscall: 'fetch',
          detail: `${url.href} is not allowed by the network policy`,
        })
      }
      const body = request.body ? new Uint8Array(await request.arrayBuffer()) : null
      return fetchFn(viaCorsProxy(url.href), {
        method: request.method,
        headers: request.headers,
        body,
        redirect: request.redirect,
        signal: request.signal,
        credentials: 'omit',
      })
    },
  }
  return network
}
