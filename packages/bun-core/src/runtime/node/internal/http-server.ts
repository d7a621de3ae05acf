/**
 * `http.Server` and `http.ServerResponse` over `RuntimeHost.listen`.
 *
 * `listen()` takes a container port synchronously (errors — the port in
 * use, a bad port, an address this machine does not have — are `'error'`
 * events a tick later, as in Bun) and `'listening'` follows a tick later.
 * Each request the host hands over becomes a socket (`'connection'`), an
 * {@link IncomingMessage} with the whole body, and a {@link ServerResponse}
 * (`'request'`). When the response ends, its status, header lines (those
 * Node would write, `Date`, `Connection`, `Keep-Alive` and framing
 * included) and collected body answer the host; then `'finish'`, the
 * response's `'close'` and the request's `'close'` follow, as in Bun. A
 * response that never ends leaves its client waiting, as in Node.
 *
 * A listening server holds the process until `close()`; `close()` stops
 * new requests at once and emits `'close'` when the requests in flight are
 * answered. Differences the transport imposes: every request has its own
 * socket (so one `'connection'` per request, not per keep-alive
 * connection); the server is not told when a client goes away; a request
 * without a `Host` header gets one from its URL instead of a 400;
 * informational responses (`writeContinue`, `writeEarlyHints`), trailers
 * and `'upgrade'`/`'connect'` cannot be carried.
 */
import { Buffer } from 'buffer'
import type { HostListener, HostRequest, HostResponse } from '../../host.js'
import type { NodeContext } from '../context.js'
import { checkInvalidHeaderChar, STATUS_CODES } from '../http-common.js'
import {
  addressInUse,
  headersSent,
  invalidChar,
  invalidHeadersArray,
  invalidStatusCode,
  listenAddressError,
  pipeUnavailable,
  serverAlreadyListen,
  serverNotRunning,
  socketHangUp,
} from './http-errors.js'
import { IncomingMessage } from './http-incoming.js'
import { type HeaderSource, type HeaderValue, OutgoingMessage } from './http-outgoing.js'
import { hide, INTERNAL, NetServer, Socket } from './http-socket.js'
import { invalidArgType, outOfRange, validateObject } from './node-b-errors.js'

/** How a response answers its request's host exchange. */
interface ResponseExchange {
  answer(response: HostResponse): void
  fail(error: Error): void
  done: boolean
}

/** `http.ServerResponse`. */
export class ServerResponse extends OutgoingMessage {
  statusCode = 200
  statusMessage: string | undefined = undefined
  req: IncomingMessage
  _sent100 = false
  _expect_continue = false
  declare _vbExchange: ResponseExchange | null

  constructor(req: IncomingMessage, _options?: unknown) {
    super()
    hide(this, '_vbExchange', null)
    if (req.method === 'HEAD') this._hasBody = false
    this.req = req
    this.sendDate = true
    this._last = true
    this.useChunkedEncodingByDefault = true
  }

  /**
   * Fixes the status line and headers (`headers` merged over those set
   * with `setHeader`); `ERR_HTTP_HEADERS_SENT` once sent,
   * `ERR_HTTP_INVALID_STATUS_CODE` outside 100–999.
   */
  writeHead(statusCode: number, reason?: string | HeaderSource, headers?: HeaderSource): this {
    if (this._header) throw headersSent('writeHead')
    const original = statusCode
    const code = statusCode | 0
    if (code < 100 || code > 999) throw invalidStatusCode(original)
    if (typeof reason === 'string') this.statusMessage = reason
    else {
      this.statusMessage ||= STATUS_CODES[code] || 'unknown'
      headers ??= reason
    }
    this.statusCode = code
    let source: Map<string, [string, HeaderValue]> | HeaderSource | null | undefined
    const stored = this._vbOutHeaders
    if (stored) {
      if (Array.isArray(headers)) {
        if (headers.length > 0 && Array.isArray(headers[0])) {
          for (const entry of headers as [string, HeaderValue][]) this.removeHeader(entry[0])
          for (const entry of headers as [string, HeaderValue][]) if (entry[0]) this.appendHeader(entry[0], entry[1])
        } else {
          if (headers.length % 2 !== 0) throw invalidHeadersArray(headers)
          for (let i = 0; i < headers.length; i += 2) this.removeHeader(headers[i] as string)
          for (let i = 0; i < headers.length; i += 2)
            if (headers[i]) this.appendHeader(headers[i] as string, headers[i + 1] as HeaderValue)
        }
      } else if (headers) {
        for (const key of Object.keys(headers))
          if (key) this.setHeader(key, (headers as Record<string, HeaderValue>)[key]!)
      }
      source = this._vbOutHeaders
    } else source = headers
    if (checkInvalidHeaderChar(this.statusMessage)) throw invalidChar('statusMessage')
    if (code === 204 || code === 304 || (code >= 100 && code <= 199)) this._hasBody = false
    this._storeHeader(`HTTP/1.1 ${code} ${this.statusMessage}\r\n`, source ?? null)
    return this
  }

  /** `writeHead` under its old name. */
  writeHeader(statusCode: number, reason?: string | HeaderSource, headers?: HeaderSource): this {
    return this.writeHead(statusCode, reason, headers)
  }

  override _implicitHeader(): void {
    this.writeHead(this.statusCode)
  }

  assignSocket(socket: Socket): void {
    socket._httpMessage = this
    this.socket = socket
    this.emit('socket', socket)
  }

  detachSocket(socket: Socket): void {
    if (socket._httpMessage === this) socket._httpMessage = null
    this.socket = null
  }

  override _deliver(): void {
    const exchange = this._vbExchange
    const body = this._hasBody ? this._body() : null
    const response: HostResponse = {
      status: this.statusCode,
      statusText: this.statusMessage ?? STATUS_CODES[this.statusCode] ?? 'unknown',
      headers: this._headerPairs(),
      body: body && body.byteLength > 0 ? body : null,
    }
    // Bun's response counts as finished at once ('finish' and 'close' follow on ticks).
    this._headerSent = true
    this._vbTick(() => {
      if (exchange && !exchange.done) {
        exchange.done = true
        exchange.answer(response)
      }
      this._vbTick(() => this._closeExchange())
      this.emit('finish')
    })
  }

  /** The response is over (answered or abandoned): `'close'` here, then on the request. */
  _closeExchange(): void {
    if (this._closed) return
    this._closed = true
    this.destroyed = true
    this.socket?._release()
    this.emit('close')
    const req = this.req
    const closeRequest = () =>
      this._vbTick(() => {
        if (!req.destroyed) req.destroy()
      })
    if (req.readableEnded) closeRequest()
    else {
      req.once('end', closeRequest)
      if (!req._consuming) req._dump()
    }
  }
}

/** Options of `http.createServer` (Node's `ServerOptions`). */
export type ServerOptions = Record<string, unknown>

/** A server's bookkeeping. */
interface ServerState {
  ctx: NodeContext
  tls: boolean
  IncomingMessage: typeof IncomingMessage
  ServerResponse: typeof ServerResponse
  listener: HostListener | null
  address: { address: string; family: string; port: number } | null
  release: (() => void) | null
  unref: boolean
  inFlight: Set<ServerResponse>
  closing: boolean
}

/** `http.Server` (see the module comment); the module binds it to its process. */
export class Server extends NetServer {
  timeout = 0
  maxRequestsPerSocket = 0
  maxHeadersCount: number | null = null
  httpAllowHalfOpen = false
  noDelay = true
  requestTimeout = 300000
  headersTimeout = 60000
  keepAliveTimeout = 5000
  keepAliveTimeoutBuffer = 1000
  connectionsCheckingInterval = 30000
  requireHostHeader = true
  rejectNonStandardBodyWrites = false
  declare _vbState: ServerState

  constructor(ctx: NodeContext, tls: boolean, options?: unknown, requestListener?: unknown) {
    super(INTERNAL)
    if (typeof options === 'function') {
      requestListener = options
      options = {}
    } else if (options === undefined || options === null) options = {}
    else validateObject(options, 'options')
    const opts = options as ServerOptions
    hide(this, '_vbState', {
      ctx,
      tls,
      IncomingMessage: (opts.IncomingMessage as typeof IncomingMessage | undefined) ?? IncomingMessage,
      ServerResponse: (opts.ServerResponse as typeof ServerResponse | undefined) ?? ServerResponse,
      listener: null,
      address: null,
      release: null,
      unref: false,
      inFlight: new Set(),
      closing: false,
    } satisfies ServerState)
    if (typeof opts.requestTimeout === 'number') this.requestTimeout = opts.requestTimeout
    if (typeof opts.headersTimeout === 'number') this.headersTimeout = opts.headersTimeout
    if (typeof opts.keepAliveTimeout === 'number') this.keepAliveTimeout = opts.keepAliveTimeout
    if (typeof opts.maxHeaderSize === 'number') hide(this, 'maxHeaderSize', opts.maxHeaderSize)
    if (typeof opts.requireHostHeader === 'boolean') this.requireHostHeader = opts.requireHostHeader
    if (typeof opts.noDelay === 'boolean') this.noDelay = opts.noDelay
    if (requestListener !== undefined) this.on('request', requestListener as (...args: unknown[]) => void)
  }

  get listening(): boolean {
    return this._vbState.listener !== null
  }

  /**
   * `listen([port[, host[, backlog]]][, callback])` or `listen(options[, callback])`:
   * takes the port now; `'listening'` (and `callback`) a tick later, or `'error'`.
   */
  listen(...args: unknown[]): this {
    const state = this._vbState
    if (state.listener) throw serverAlreadyListen()
    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as () => void) : undefined
    let port: unknown
    let host: unknown
    let path: unknown
    const first = args[0]
    if (first !== null && typeof first === 'object') {
      const options = first as { port?: unknown; host?: unknown; path?: unknown }
      port = options.port
      host = options.host
      path = options.path
    } else if (typeof first === 'string' && first.trim() !== '' && Number.isNaN(Number(first))) path = first
    else {
      port = first
      if (typeof args[1] === 'string') host = args[1]
    }
    if (callback) this.once('listening', callback)
    const fail = (error: Error) => {
      state.ctx.nextTick(() => this.emit('error', error))
      return this
    }
    if (typeof path === 'string') return fail(pipeUnavailable(path))
    let portNumber = 0
    if (typeof port === 'number' || typeof port === 'string') {
      portNumber = typeof port === 'string' ? Number(port) : port
      if (!Number.isInteger(portNumber)) return fail(outOfRange('options.port', 'an integer', port))
      if (portNumber < 0 || portNumber > 65535) return fail(outOfRange('options.port', '>= 0 and <= 65535', port))
    }
    const bound = bindAddress(host)
    if (bound instanceof Error) return fail(bound)
    let listener: HostListener
    try {
      listener = state.ctx.host.listen(portNumber, (request) => this._handle(request))
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code
      return fail(code === 'EADDRINUSE' ? addressInUse(portNumber) : (error as Error))
    }
    state.listener = listener
    state.closing = false
    state.address = { ...bound, port: listener.port }
    if (!state.unref) state.release = state.ctx.ref()
    state.ctx.nextTick(() => {
      if (state.listener === listener) this.emit('listening')
    })
    return this
  }

  /** `{ address, family, port }` while listening, else `null`. */
  address(): { address: string; family: string; port: number } | null {
    const address = this._vbState.address
    return address ? { ...address } : null
  }

  /**
   * Stops listening now; `'close'` (and `callback`) once the requests in
   * flight are answered. When not listening, `callback` gets
   * `ERR_SERVER_NOT_RUNNING` (and no `'close'` is emitted, as in Bun).
   */
  close(callback?: (error?: Error) => void): this {
    const state = this._vbState
    if (!state.listener) {
      if (typeof callback === 'function') state.ctx.nextTick(() => callback(serverNotRunning()))
      return this
    }
    if (typeof callback === 'function') this.once('close', callback)
    state.listener.close()
    state.listener = null
    state.address = null
    state.closing = true
    const release = state.release
    state.release = null
    release?.()
    this._closeIfDrained()
    return this
  }

  /** Calls back (a tick later) with the number of open connections: the requests in flight. */
  getConnections(callback: (error: Error | null, count: number) => void): this {
    const state = this._vbState
    if (typeof callback === 'function') state.ctx.nextTick(() => callback(null, state.inFlight.size))
    return this
  }

  /** Ends every request in flight (their clients see the connection reset). */
  closeAllConnections(): void {
    for (const res of [...this._vbState.inFlight]) res.destroy()
  }

  /** Ends idle keep-alive connections: over this transport no connection outlives its request. */
  closeIdleConnections(): void {}

  /** Sets the sockets' idle timeout for new requests; `callback` listens for `'timeout'`. */
  setTimeout(msecs = 0, callback?: (socket: Socket) => void): this {
    this.timeout = msecs
    if (callback) this.on('timeout', callback)
    return this
  }

  /** Holds the process while listening (the default). */
  ref(): this {
    const state = this._vbState
    state.unref = false
    if (state.listener && state.release === null) state.release = state.ctx.ref()
    return this
  }

  /** Lets the process exit while listening. */
  unref(): this {
    const state = this._vbState
    state.unref = true
    const release = state.release
    state.release = null
    release?.()
    return this
  }

  private _closeIfDrained(): void {
    const state = this._vbState
    if (!state.closing || state.inFlight.size > 0) return
    state.closing = false
    state.ctx.nextTick(() => this.emit('close'))
  }

  /** One request from the host: a socket, the request and response objects, `'request'`; answered at `res.end()`. */
  _handle(request: HostRequest): Promise<HostResponse> {
    const state = this._vbState
    return new Promise<HostResponse>((resolve, reject) => {
      let url: URL
      try {
        url = new URL(request.url)
      } catch {
        url = new URL(`http://localhost${request.url.startsWith('/') ? '' : '/'}${request.url}`)
      }
      const address = state.address
      let res: ServerResponse | null = null
      const socket = Socket._forExchange({
        remoteAddress: '127.0.0.1',
        remoteFamily: 'IPv4',
        localAddress: address?.address,
        localPort: address?.port ?? (Number(url.port) || undefined),
        localFamily: address?.family,
        encrypted: state.tls,
        onDestroy: () => {
          if (res) abandon(res, socketHangUp())
        },
      })
      socket.server = this
      socket.timeout = 0
      const req = new state.IncomingMessage(socket)
      // Its 'close' follows the response's (see _closeExchange), not its own 'end'.
      ;(req as unknown as { _readableState: { autoDestroy: boolean } })._readableState.autoDestroy = false
      req.method = request.method.toUpperCase()
      req.url = `${url.pathname}${url.search}`
      req.httpVersionMajor = 1
      req.httpVersionMinor = 1
      req.httpVersion = '1.1'
      const raw: string[] = []
      let hasHost = false
      let keepAlive = true
      for (const [name, value] of request.headers) {
        raw.push(name, value)
        const key = name.toLowerCase()
        if (key === 'host') hasHost = true
        else if (key === 'connection' && /(?:^|\W)close(?:$|\W)/i.test(value)) keepAlive = false
      }
      if (!hasHost) raw.push('Host', url.host)
      req.rawHeaders = raw
      const body = request.body
      let pushed = false
      // As in Bun: a request read to its end before its response ended closes a tick later; one
      // whose response ended first closes after the response (see _closeExchange).
      req.once('end', () =>
        state.ctx.nextTick(() => {
          if (!res?.finished && !req.destroyed) req.destroy()
        }),
      )
      req._vbPull = () => {
        if (pushed) return
        pushed = true
        if (body && body.byteLength > 0) req.push(Buffer.from(body.buffer, body.byteOffset, body.byteLength))
        req.complete = true
        req.push(null)
      }
      res = new state.ServerResponse(req)
      res._vbTick = (fn: () => void) => state.ctx.nextTick(fn)
      res.shouldKeepAlive = keepAlive
      res._keepAliveTimeout = this.keepAliveTimeout
      res._maxRequestsPerSocket = this.maxRequestsPerSocket
      const response = res
      const exchange: ResponseExchange = {
        done: false,
        answer: (answer) => {
          state.inFlight.delete(response)
          resolve(answer)
          this._closeIfDrained()
        },
        fail: (error) => {
          state.inFlight.delete(response)
          reject(error)
          this._closeIfDrained()
        },
      }
      response._vbExchange = exchange
      state.inFlight.add(response)
      socket.on('timeout', () => {
        const reqTimeout = !req.complete && req.emit('timeout', socket)
        const resTimeout = response.emit('timeout', socket)
        const serverTimeout = this.emit('timeout', socket)
        if (!reqTimeout && !resTimeout && !serverTimeout) socket.destroy()
      })
      if (this.timeout > 0) socket.setTimeout(this.timeout)
      response.assignSocket(socket)
      try {
        this.emit('connection', socket)
        this.emit('request', req, response)
      } catch (error) {
        // An uncaught exception of the process; if it survives (an 'uncaughtException' listener),
        // the client gets what Bun sends then: an empty 200 when nothing was written, else a reset.
        state.ctx.nextTick(() => {
          throw error
        })
        if (!exchange.done) {
          if (response._vbChunks.length > 0) abandon(response, socketHangUp())
          else {
            exchange.done = true
            exchange.answer({
              status: 200,
              statusText: 'OK',
              headers: [
                ['Date', new Date().toUTCString()],
                ['Transfer-Encoding', 'chunked'],
              ],
              body: null,
            })
          }
        }
      }
    })
  }
}

// `await using server = …`: close() as a promise (under Node's symbol where the engine has no
// Symbol.asyncDispose yet).
Object.defineProperty(
  Server.prototype,
  (Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('nodejs.asyncDispose'),
  {
    value: function asyncDispose(this: Server): Promise<void> {
      return new Promise((resolve, reject) => {
        this.close((error) => (error ? reject(error) : resolve()))
      })
    },
    writable: true,
    configurable: true,
  },
)

/** A response that will never be answered (destroyed): its client sees the connection go. */
function abandon(res: ServerResponse, error: Error): void {
  const exchange = res._vbExchange
  if (exchange && !exchange.done) {
    exchange.done = true
    exchange.fail(error)
  }
  res.destroyed = true
  res._vbTick(() => res._closeExchange())
}

/** The address a server binds for `host` (Bun's answers), or the error listening there gives. */
function bindAddress(host: unknown): { address: string; family: string } | Error {
  if (host === undefined || host === null || host === '' || host === '::') return { address: '::', family: 'IPv6' }
  if (typeof host !== 'string') throw invalidArgType('options.host', 'string', host)
  if (host === 'localhost') return { address: '127.0.0.1', family: 'IPv4' }
  if (host === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(host)) return { address: host, family: 'IPv4' }
  if (host === '::1') return { address: '::1', family: 'IPv6' }
  if (/^[\d.]+$/.test(host) || host.includes(':')) return listenAddressError('EADDRNOTAVAIL')
  return listenAddressError('EINVAL')
}
