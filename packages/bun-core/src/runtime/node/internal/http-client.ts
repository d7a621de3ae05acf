/**
 * `http.ClientRequest` over `RuntimeHost.fetch`.
 *
 * The request is built as Node builds it (options merged from a URL and an
 * object, validated in Node's order, `Host`/`Authorization`/`Connection`
 * and framing headers added) and sent as one `fetch` when it ends, with
 * `redirect: 'manual'` (Node does not follow redirects). Events follow the
 * real Bun: `'socket'` a tick after creation, `'finish'` once ended and
 * "flushed", `'response'` (an {@link IncomingMessage} streaming the
 * response body), the response's `'end'`, then `'close'` on the request and
 * on the response. A failure is `'error'` then `'close'`; `abort()` is
 * `'abort'`, `'error'` (`socket hang up`) and `'close'`, as in Bun.
 *
 * Differences the transport imposes: nothing leaves before `end()` (so a
 * connection error for a request never ended is never reported); a body
 * written without framing (a `GET` body without `Content-Length`) is
 * dropped as Node drops it; response header names arrive lower-cased and
 * sorted (the Fetch standard's `Headers`), duplicate fields combined; to
 * servers outside the container, hop-by-hop headers (`Connection`,
 * `Transfer-Encoding`, `Host` …) are left to `fetch`; a redirect from
 * outside that a browser hides (an opaque redirect) is an `ENOTSUP` error.
 */
import { Buffer } from 'buffer'
import type { NodeContext } from '../context.js'
import { checkIsHttpToken, isLocalHostname } from '../http-common.js'
import type { Agent } from './http-agent.js'
import {
  badRequestPort,
  connectError,
  connectionAborted,
  invalidHttpToken,
  invalidProtocol,
  invalidUrl,
  lookupError,
  opaqueRedirect,
  socketHangUp,
  unescapedCharacters,
} from './http-errors.js'
import { IncomingMessage } from './http-incoming.js'
import { type HeaderSource, type HeaderValue, OutgoingMessage } from './http-outgoing.js'
import { hide, Socket } from './http-socket.js'
import { AbortError, invalidArgType, outOfRange } from './node-b-errors.js'

/** What a module gives the requests it makes. */
export interface ClientBinding {
  ctx: NodeContext
  /** The module's global agent (`http.globalAgent`), read at each request. */
  globalAgent(): Agent
}

/** Options of `http.request` (Node's `RequestOptions`; unknown keys are kept and ignored). */
export type RequestOptions = Record<string, unknown>

/** The state of one request's exchange with the host. */
interface Exchange {
  port: number
  hostname: string
  release: (() => void) | null
  controller: AbortController | null
  closed: boolean
  responded: boolean
  error: Error | null
}

const NO_DEFAULT_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'])
/** Headers `fetch` owns for requests that leave the container. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'expect',
])
const INVALID_PATH = /[\u0000-\u0020\u007f-\uffff]/

/** Node's `urlToHttpOptions`: the request options a URL stands for. */
export function urlToHttpOptions(url: URL): RequestOptions {
  const options: RequestOptions = {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  }
  if (url.port !== '') options.port = Number(url.port)
  if (url.username || url.password)
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  return options
}

/** Parses `input` as `new URL` does, failing with Bun's `ERR_INVALID_URL`. */
export function parseUrl(input: string): URL {
  try {
    return new URL(input)
  } catch {
    throw invalidUrl(input)
  }
}

/** True for a WHATWG `URL` (of any realm). */
export function isUrl(value: unknown): value is URL {
  return (
    value instanceof URL ||
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as URL).href === 'string' &&
      typeof (value as URL).protocol === 'string' &&
      (value as { auth?: unknown }).auth === undefined &&
      (value as { path?: unknown }).path === undefined)
  )
}

function validateHost(host: unknown, name: string): string | null | undefined {
  if (host !== null && host !== undefined && typeof host !== 'string')
    throw invalidArgType(`options.${name}`, ['string', 'undefined', 'null'], host)
  return host as string | null | undefined
}

function timerDuration(value: unknown, name: string): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
  if (value < 0 || !Number.isFinite(value)) throw outOfRange(name, 'a non-negative finite number', value)
  return value
}

function validPort(port: unknown): number {
  let value: number
  if (typeof port === 'number') value = port
  else if (typeof port === 'string' && port.trim() !== '') value = Number(port)
  else throw badRequestPort(port)
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw badRequestPort(port)
  return value
}

/** `http.ClientRequest` (see the module comment); the module binds it to its process. */
export class ClientRequest extends OutgoingMessage {
  method: string
  path: string
  host: string
  protocol: string
  res: IncomingMessage | null = null
  aborted = false
  timeoutCb: (() => void) | null = null
  upgradeOrConnect = false
  parser: null = null
  maxHeadersCount: number | null = null
  reusedSocket = false
  _ended = false
  declare timeout: number | undefined
  declare socketPath: string | undefined
  declare insecureHTTPParser: boolean | undefined
  declare joinDuplicateHeaders: boolean | undefined
  declare _vbBinding: ClientBinding
  declare _vbExchange: Exchange

  constructor(binding: ClientBinding, input: unknown, options?: unknown, callback?: unknown) {
    super()
    hide(this, '_vbBinding', binding)
    this._vbTick = (fn: () => void) => binding.ctx.nextTick(fn)
    let merged: RequestOptions
    if (typeof input === 'string') input = urlToHttpOptions(parseUrl(input))
    else if (isUrl(input)) input = urlToHttpOptions(input)
    else {
      callback = options
      options = input
      input = null
    }
    if (typeof options === 'function') {
      callback = options
      merged = (input as RequestOptions | null) ?? {}
    } else {
      merged = Object.assign((input as RequestOptions | null) ?? {}, options)
    }

    const defaultAgent = (merged._defaultAgent as Agent | undefined) ?? binding.globalAgent()
    let agent = merged.agent as Agent | false | null | undefined
    if (agent === false) {
      const AgentClass = defaultAgent.constructor as new () => Agent
      agent = new AgentClass()
    } else if (agent === null || agent === undefined) {
      if (typeof merged.createConnection !== 'function') agent = defaultAgent
    } else if (typeof (agent as { addRequest?: unknown }).addRequest !== 'function' && !isAgentLike(agent)) {
      throw invalidArgType('options.agent', ['Agent-like Object', 'undefined', 'false'], agent)
    }
    this.agent = agent ?? undefined
    const protocol = (merged.protocol as string | undefined) || defaultAgent.protocol
    let expectedProtocol = defaultAgent.protocol
    if ((this.agent as Agent | undefined)?.protocol) expectedProtocol = (this.agent as Agent).protocol
    if (merged.path) {
      if (INVALID_PATH.test(String(merged.path))) throw unescapedCharacters()
    }
    if (protocol !== expectedProtocol) throw invalidProtocol(protocol, expectedProtocol)
    const defaultPort = (merged.defaultPort as number | undefined) || (this.agent as Agent | undefined)?.defaultPort
    const rawPort = merged.port || defaultPort || 80
    const host = validateHost(merged.hostname, 'hostname') || validateHost(merged.host, 'host') || 'localhost'
    const setHost = merged.setHost === undefined || Boolean(merged.setHost)
    this.socketPath = merged.socketPath as string | undefined
    if (merged.timeout !== undefined) this.timeout = timerDuration(merged.timeout, 'timeout')

    let method = merged.method
    if (method !== null && method !== undefined && typeof method !== 'string')
      throw invalidArgType('options.method', 'string', method)
    if (typeof method === 'string' && method !== '') {
      if (!checkIsHttpToken(method)) throw invalidHttpToken('Method', method)
      method = method.toUpperCase()
    } else method = 'GET'
    this.method = method as string
    this.insecureHTTPParser = merged.insecureHTTPParser as boolean | undefined
    this.joinDuplicateHeaders = merged.joinDuplicateHeaders as boolean | undefined
    this.path = (merged.path as string | undefined) || '/'
    if (typeof callback === 'function') this.once('response', callback as (res: IncomingMessage) => void)
    this.useChunkedEncodingByDefault = !NO_DEFAULT_BODY.has(this.method)
    this.host = host
    this.protocol = protocol
    // Bun reports a request through a keep-alive agent as on a reused socket from the start.
    this.reusedSocket = Boolean((this.agent as Agent | undefined)?.keepAlive)
    const agentObject = this.agent as Agent | undefined
    if (agentObject) {
      if (!agentObject.keepAlive && !Number.isFinite(agentObject.maxSockets)) {
        this._last = true
        this.shouldKeepAlive = false
      } else {
        this._last = false
        this.shouldKeepAlive = true
      }
    }

    const headers = merged.headers as HeaderSource | undefined
    if (!Array.isArray(headers)) {
      if (headers)
        for (const key of Object.keys(headers)) this.setHeader(key, (headers as Record<string, HeaderValue>)[key]!)
      if (host && !this.getHeader('host') && setHost) {
        let hostHeader = host
        const ipv6 = hostHeader.indexOf(':')
        if (ipv6 !== -1 && !hostHeader.startsWith('[')) hostHeader = `[${hostHeader}]`
        if (rawPort && +rawPort !== defaultPort) hostHeader += `:${rawPort}`
        this.setHeader('Host', hostHeader)
      }
      if (merged.auth && !this.getHeader('Authorization'))
        this.setHeader('Authorization', `Basic ${Buffer.from(String(merged.auth)).toString('base64')}`)
    } else {
      this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`, headers)
    }

    const signal = merged.signal as AbortSignal | undefined
    if (signal !== undefined && signal !== null && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean'))
      throw invalidArgType('options.signal', 'AbortSignal', signal)
    const port = validPort(rawPort)
    const exchange: Exchange = {
      port,
      hostname: host,
      release: binding.ctx.ref(),
      controller: null,
      closed: false,
      responded: false,
      error: null,
    }
    hide(this, '_vbExchange', exchange)

    if (signal !== undefined && signal !== null) {
      const onAbort = () => this.destroy(new AbortError(undefined, { cause: signal.reason }))
      if (signal.aborted) binding.ctx.nextTick(onAbort)
      else {
        signal.addEventListener('abort', onAbort, { once: true })
        this.once('close', () => signal.removeEventListener('abort', onAbort))
      }
    }
    binding.ctx.nextTick(() => this._assignSocket())
  }

  /**
   * Stops the request: `'abort'`, then as `destroy()` (`'error'` socket hang
   * up, `'close'`); before the request has its socket, `'close'` then
   * `'abort'` and no error. Both as in Bun.
   */
  abort(): void {
    if (this.aborted) return
    this.aborted = true
    if (!this.socket && !this.destroyed) {
      // Before a socket: Bun emits 'close', then 'abort', and no error.
      this.destroyed = true
      this._vbExchange.controller?.abort()
      this._vbTick(() => {
        this._close()
        this.emit('abort')
      })
      return
    }
    this._vbTick(() => this.emit('abort'))
    this.destroy()
  }

  override destroy(error?: Error | null): this {
    if (this.destroyed) return this
    this.destroyed = true
    const exchange = this._vbExchange
    if (this.res) this.res._dump()
    this.errored = error ?? null
    exchange.controller?.abort()
    const res = this.res
    if (exchange && !exchange.closed) {
      if (!res) {
        exchange.error = error ?? socketHangUp()
        this._vbTick(() => {
          this.emit('error', exchange.error)
          this._close()
        })
      } else {
        if (!res.complete) {
          const reason = connectionAborted()
          if (res.listenerCount('error') > 0) res.destroy(reason)
          else res.destroy()
        }
        this._vbTick(() => this._close())
      }
    }
    this.socket?.destroy()
    return this
  }

  /** Arms an idle timer on the request's socket: `'timeout'` after `msecs` without a response or data. */
  override setTimeout(msecs: number, callback?: () => void): this {
    if (this._ended) return this
    const duration = timerDuration(msecs, 'msecs')
    if (callback) this.once('timeout', callback)
    if (this.socket) this.socket.setTimeout(duration)
    else this.once('socket', (socket: Socket) => socket.setTimeout(duration))
    return this
  }

  setNoDelay(noDelay?: boolean): void {
    this.socket?.setNoDelay(noDelay)
  }

  setSocketKeepAlive(enable?: boolean, initialDelay?: number): void {
    this.socket?.setKeepAlive(enable, initialDelay)
  }

  clearTimeout(callback?: () => void): void {
    this.setTimeout(0, callback)
  }

  override _implicitHeader(): void {
    if (this._header) throw new Error('Header already sent')
    this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`, this._vbOutHeaders)
  }

  override _deliver(): void {
    if (this.socket && !this.destroyed) this._send()
  }

  private _assignSocket(): void {
    if (this.destroyed) return
    const binding = this._vbBinding
    const exchange = this._vbExchange
    const address = exchange.hostname === 'localhost' ? '127.0.0.1' : exchange.hostname
    const socket = Socket._forExchange({
      remoteAddress: address,
      remotePort: exchange.port,
      remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4',
      encrypted: this.protocol === 'https:',
      onDestroy: () => {
        if (!this.destroyed) this.destroy()
      },
      ref: () => binding.ctx.ref(),
    })
    // From here the socket holds the process (its ref()/unref() move that hold).
    exchange.release?.()
    exchange.release = null
    socket._httpMessage = this
    this.socket = socket
    socket.on('timeout', () => {
      if (this.res && !this.res.complete) this.res.emit('timeout')
      this.emit('timeout')
    })
    if (this.timeout !== undefined) socket.setTimeout(this.timeout)
    this.emit('socket', socket)
    if (this.finished && !this.destroyed) this._send()
  }

  private _send(): void {
    const binding = this._vbBinding
    const exchange = this._vbExchange
    const local = isLocalHostname(exchange.hostname)
    const urlHost = exchange.hostname.includes(':') ? `[${exchange.hostname}]` : exchange.hostname
    const url = `${this.protocol}//${urlHost}:${exchange.port}${this.path}`
    const headers = this._headerPairs().filter(([name]) => local || !HOP_BY_HOP.has(name.toLowerCase()))
    const init: RequestInit = { method: this.method, headers, redirect: 'manual' }
    if (this._framed()) {
      const body = this._body()
      if (body.byteLength > 0 || !NO_DEFAULT_BODY.has(this.method)) init.body = body as BodyInit
    }
    const controller = new AbortController()
    exchange.controller = controller
    init.signal = controller.signal
    this._vbTick(() => {
      if (this.destroyed) return
      this._headerSent = true
      this.emit('finish')
      let pending: Promise<Response>
      try {
        pending = binding.ctx.host.fetch(url, init)
      } catch (error) {
        pending = Promise.reject(error)
      }
      pending.then(
        (response) => binding.ctx.nextTick(() => this._onResponse(response)),
        (error) => binding.ctx.nextTick(() => this._onFailure(error)),
      )
      this.socket?._touch()
    })
  }

  private _onResponse(response: Response): void {
    const exchange = this._vbExchange
    if (this.destroyed) {
      void response.body?.cancel().catch(() => undefined)
      return
    }
    if (response.type === 'opaqueredirect') {
      this._onFailure(opaqueRedirect(`${this.protocol}//${exchange.hostname}:${exchange.port}${this.path}`))
      return
    }
    exchange.responded = true
    const socket = this.socket
    socket?._touch()
    const res = new IncomingMessage(socket)
    res.req = this
    res.statusCode = response.status
    res.statusMessage = response.statusText
    res.httpVersionMajor = 1
    res.httpVersionMinor = 1
    res.httpVersion = '1.1'
    res.rawHeaders = rawHeadersOf(response.headers)
    res.joinDuplicateHeaders = Boolean(this.joinDuplicateHeaders)
    const reader = response.body?.getReader() ?? null
    res._vbPull = () => {
      if (reader === null) {
        res.complete = true
        res.push(null)
        return
      }
      reader.read().then(
        ({ done, value }) => {
          if (res.destroyed) return
          if (done) {
            res.complete = true
            res.push(null)
            return
          }
          socket?._touch()
          res.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
        },
        (error: unknown) => {
          if (res.destroyed) return
          res.destroy(this.destroyed ? undefined : mapFailure(error, exchange))
        },
      )
    }
    res._vbOnDestroy = () => {
      void reader?.cancel().catch(() => undefined)
    }
    // The request's 'close' comes before the response's (Bun's order), both a tick after 'end'.
    ;(res as unknown as { _readableState: { autoDestroy: boolean } })._readableState.autoDestroy = false
    res.on('end', () => {
      this._ended = true
      this.destroyed = true
      this._vbTick(() => {
        this._close()
        res.destroy()
      })
    })
    this.res = res
    if (!this.emit('response', res)) res._dump()
  }

  private _onFailure(error: unknown): void {
    const exchange = this._vbExchange
    if (this.destroyed || exchange.closed) return
    this.destroyed = true
    exchange.error = mapFailure(error, exchange)
    this.emit('error', exchange.error)
    this._vbTick(() => this._close())
  }

  /** The end of the exchange: `'close'` once, the process released. */
  private _close(): void {
    const exchange = this._vbExchange
    if (exchange.closed) return
    exchange.closed = true
    this.destroyed = true
    this._closed = true
    const release = exchange.release
    exchange.release = null
    release?.()
    this.socket?._release()
    this.emit('close')
  }
}

/** Flattens `Headers` into Node's `rawHeaders` (each `set-cookie` its own line). */
export function rawHeadersOf(headers: Headers): string[] {
  const raw: string[] = []
  let cookies: string[] | null = null
  const getSetCookie = (headers as Headers & { getSetCookie?: () => string[] }).getSetCookie
  for (const [name, value] of headers) {
    if (name === 'set-cookie' && typeof getSetCookie === 'function') {
      if (cookies === null) {
        cookies = getSetCookie.call(headers)
        for (const cookie of cookies) raw.push(name, cookie)
      }
      continue
    }
    raw.push(name, value)
  }
  return raw
}

function isAgentLike(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as Agent).getName === 'function'
}

function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** A failed `fetch` as Node's client reports it: a connect error, a lookup error, a hang-up, or itself. */
function mapFailure(error: unknown, exchange: Exchange): Error {
  const code = codeOf(error)
  const address = exchange.hostname === 'localhost' ? '127.0.0.1' : exchange.hostname
  switch (code) {
    case 'ECONNREFUSED':
    case 'ConnectionRefused':
      return connectError('ECONNREFUSED', address, exchange.port)
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return connectError(code, address, exchange.port)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return lookupError(exchange.hostname)
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'ConnectionClosed':
      return socketHangUp()
  }
  return error instanceof Error ? error : new Error(String(error))
}
