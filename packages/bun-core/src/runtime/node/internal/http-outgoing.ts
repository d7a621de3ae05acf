/**
 * `http.OutgoingMessage`: the header store and body writer behind
 * `ClientRequest` and `ServerResponse`, with Node's rules for which framing
 * and connection headers a message gets (`Date`, `Connection`,
 * `Keep-Alive`, `Content-Length` or `Transfer-Encoding: chunked`).
 *
 * Headers are "sent" (`headersSent`, `_header`) at the first write, at
 * `flushHeaders()` or at `end()`, as in Node; the body is collected, and a
 * subclass delivers the message when it ends ({@link OutgoingMessage._deliver}).
 * `write()` never applies backpressure (it returns `true`; `'drain'` never
 * fires) because nothing is transmitted before the end.
 */

import type * as NodeStream from 'node:stream'
import { Buffer } from 'buffer'
import { validateHeaderName, validateHeaderValue } from '../http-common.js'
import { Stream } from '../stream.js'
import { alreadyFinished, headersSent, invalidHeadersArray, streamDestroyed, writeAfterEnd } from './http-errors.js'
import type { Socket } from './http-socket.js'
import { hide } from './http-socket.js'
import { codedError, invalidArgType } from './node-b-errors.js'

/** A header value as `setHeader` takes it. */
export type HeaderValue = string | number | readonly (string | number)[]
/** Headers as `writeHead`/`request` take them: an object, `[name, value]` pairs or a flat list. */
export type HeaderSource = Record<string, HeaderValue> | readonly [string, HeaderValue][] | readonly unknown[]

type Tick = (callback: () => void) => void

/** What `_storeHeader` learns from the headers it writes. */
interface HeaderState {
  connection: boolean
  contLen: boolean
  te: boolean
  date: boolean
  expect: boolean
  trailer: boolean
}

/** `http.OutgoingMessage` (see the module comment). */
export class OutgoingMessage extends (Stream as unknown as typeof NodeStream.Stream) {
  outputData: unknown[] = []
  outputSize = 0
  writable = true
  destroyed = false
  _last = false
  chunkedEncoding = false
  shouldKeepAlive = true
  maxRequestsOnConnectionReached = false
  _defaultKeepAlive = true
  useChunkedEncodingByDefault = true
  sendDate = false
  _removedConnection = false
  _removedContLen = false
  _removedTE = false
  strictContentLength = false
  _contentLength: number | null = null
  _hasBody = true
  _trailer = ''
  finished = false
  _headerSent = false
  _closed = false
  socket: Socket | null = null
  _header: string | null = null
  _keepAliveTimeout = 0
  _maxRequestsPerSocket = 0
  declare errored: Error | null
  declare agent: unknown
  declare _vbOutHeaders: Map<string, [string, HeaderValue]> | null
  declare _vbChunks: Uint8Array[]
  declare _vbPairs: [string, string][] | null
  declare _vbTick: Tick
  declare _vbCorked: number

  constructor(_options?: unknown) {
    super()
    hide(this, '_vbOutHeaders', null)
    hide(this, '_vbChunks', [])
    hide(this, '_vbPairs', null)
    hide(this, '_vbTick', (callback: () => void) => queueMicrotask(callback))
    hide(this, '_vbCorked', 0)
    hide(this, 'errored', null)
  }

  get connection(): Socket | null {
    return this.socket
  }

  set connection(value: Socket | null) {
    this.socket = value
  }

  get headersSent(): boolean {
    return this._header !== null
  }

  get writableEnded(): boolean {
    return this.finished
  }

  get writableFinished(): boolean {
    return this.finished && this._headerSent
  }

  get writableObjectMode(): boolean {
    return false
  }

  get writableLength(): number {
    return 0
  }

  get writableHighWaterMark(): number {
    return 16384
  }

  get writableCorked(): number {
    return this._vbCorked
  }

  get writableNeedDrain(): boolean {
    return false
  }

  cork(): void {
    this._vbCorked++
  }

  uncork(): void {
    if (this._vbCorked > 0) this._vbCorked--
  }

  setHeader(name: string, value: HeaderValue): this {
    if (this._header) throw headersSent('set')
    validateHeaderName(name)
    validateHeaderValue(name, value)
    let headers = this._vbOutHeaders
    if (headers === null) {
      headers = new Map()
      this._vbOutHeaders = headers
    }
    headers.set(name.toLowerCase(), [name, value])
    return this
  }

  /** Adds a value to a header (making it a list), as Node's `appendHeader`. */
  appendHeader(name: string, value: HeaderValue): this {
    if (this._header) throw headersSent('append')
    validateHeaderName(name)
    validateHeaderValue(name, value)
    let headers = this._vbOutHeaders
    if (headers === null) {
      headers = new Map()
      this._vbOutHeaders = headers
    }
    const key = name.toLowerCase()
    const existing = headers.get(key)
    if (existing === undefined) {
      headers.set(key, [name, value])
      return this
    }
    const before = Array.isArray(existing[1]) ? [...(existing[1] as HeaderValue[])] : [existing[1]]
    const added = Array.isArray(value) ? (value as HeaderValue[]) : [value]
    existing[1] = [...before, ...added] as (string | number)[]
    return this
  }

  /**
   * Sets every header of a `Headers` or `Map` (`set-cookie` values gathered
   * into one list); `ERR_INVALID_ARG_TYPE` for anything else.
   */
  setHeaders(headers: Headers | Map<string, HeaderValue>): this {
    if (this._header) throw headersSent('set')
    if (
      !headers ||
      Array.isArray(headers) ||
      typeof (headers as Map<string, HeaderValue>).keys !== 'function' ||
      typeof (headers as Map<string, HeaderValue>).get !== 'function'
    )
      throw invalidArgType('headers', ['Headers', 'Map'], headers)
    const cookies: (string | number)[] = []
    for (const [key, value] of headers as Iterable<[string, HeaderValue]>) {
      if (key.toLowerCase() === 'set-cookie') {
        if (Array.isArray(value)) cookies.push(...(value as (string | number)[]))
        else cookies.push(value as string | number)
        continue
      }
      this.setHeader(key, value)
    }
    if (cookies.length > 0) this.setHeader('set-cookie', cookies)
    return this
  }

  /** Bun's view of the headers set so far (what `getHeaders()` returns). */
  get headers(): Record<string, HeaderValue> {
    return this.getHeaders()
  }

  get closed(): boolean {
    return this._closed
  }

  /** An outgoing message is not readable: piping it is an `'error'` (`ERR_STREAM_CANNOT_PIPE`). */
  override pipe<T>(_destination: T): T {
    this.emit('error', codedError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable'))
    return _destination
  }

  getHeader(name: string): HeaderValue | undefined {
    if (typeof name !== 'string') throw invalidArgType('name', 'string', name)
    return this._vbOutHeaders?.get(name.toLowerCase())?.[1]
  }

  /** A null-prototype object of the headers, names lower-cased. */
  getHeaders(): Record<string, HeaderValue> {
    const out = Object.create(null) as Record<string, HeaderValue>
    for (const [key, [, value]] of this._vbOutHeaders ?? []) out[key] = value
    return out
  }

  getHeaderNames(): string[] {
    return [...(this._vbOutHeaders?.keys() ?? [])]
  }

  getRawHeaderNames(): string[] {
    return [...(this._vbOutHeaders?.values() ?? [])].map(([name]) => name)
  }

  hasHeader(name: string): boolean {
    if (typeof name !== 'string') throw invalidArgType('name', 'string', name)
    return this._vbOutHeaders?.has(name.toLowerCase()) ?? false
  }

  removeHeader(name: string): void {
    if (typeof name !== 'string') throw invalidArgType('name', 'string', name)
    if (this._header) throw headersSent('remove')
    const key = name.toLowerCase()
    if (key === 'connection') this._removedConnection = true
    else if (key === 'content-length') this._removedContLen = true
    else if (key === 'transfer-encoding') this._removedTE = true
    else if (key === 'date') this.sendDate = false
    this._vbOutHeaders?.delete(key)
  }

  /** Fixes the headers now (they count as sent); the message still goes out at `end()`. */
  flushHeaders(): void {
    if (!this._header) this._implicitHeader()
  }

  /** Arms the socket's idle timer (`'timeout'` on this message too; `callback` listens). */
  setTimeout(msecs: number, callback?: () => void): this {
    if (callback) this.on('timeout', callback)
    if (this.socket) this.socket.setTimeout(msecs)
    else this.once('socket', (socket: Socket) => socket.setTimeout(msecs))
    return this
  }

  destroy(error?: Error | null): this {
    if (this.destroyed) return this
    this.destroyed = true
    this.errored = error ?? null
    if (this.socket) this.socket.destroy(error ?? undefined)
    else this.once('socket', (socket: Socket) => socket.destroy(error ?? undefined))
    return this
  }

  write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    if (typeof encoding === 'function') {
      callback = encoding
      encoding = null
    }
    return this._writeChunk(chunk, encoding as BufferEncoding | null, callback as WriteCallback | undefined, false)
  }

  end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
    if (typeof chunk === 'function') {
      callback = chunk
      chunk = null
      encoding = null
    } else if (typeof encoding === 'function') {
      callback = encoding
      encoding = null
    }
    const done = callback as WriteCallback | undefined
    if (chunk !== null && chunk !== undefined) {
      if (this.finished) {
        this._writeError(writeAfterEnd(), done)
        return this
      }
      if (this.socket) this.socket.cork()
      this._writeChunk(chunk, encoding as BufferEncoding | null, undefined, true)
      if (this.socket) this.socket.uncork()
    } else if (this.finished) {
      if (typeof done === 'function') {
        if (!this.writableFinished) this.on('finish', done)
        else this._vbTick(() => done(alreadyFinished('end')))
      }
      return this
    } else if (!this._header) {
      this._contentLength = 0
      this._implicitHeader()
    }
    if (typeof done === 'function') this.once('finish', done)
    this.finished = true
    this._deliver()
    return this
  }

  /** The body written so far, as one buffer (empty when the message has no body). */
  _body(): Uint8Array {
    const chunks = this._vbChunks
    if (chunks.length === 1) return chunks[0]!
    return Buffer.concat(chunks)
  }

  /** The header lines fixed by `_storeHeader`, names as written. */
  _headerPairs(): [string, string][] {
    return this._vbPairs ?? []
  }

  /** Sends the message; called once by `end()`. Subclasses implement it. */
  _deliver(): void {
    throw new Error('OutgoingMessage is abstract: use http.ClientRequest or http.ServerResponse')
  }

  /** Fixes the headers from the stored ones; subclasses give the first line. */
  _implicitHeader(): void {
    throw codedError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The _implicitHeader() method is not implemented')
  }

  private _writeError(error: Error, callback: WriteCallback | undefined): void {
    this._vbTick(() => {
      callback?.(error)
      if (!this.destroyed) this.emit('error', error)
    })
  }

  private _writeChunk(
    chunk: unknown,
    encoding: BufferEncoding | null,
    callback: WriteCallback | undefined,
    fromEnd: boolean,
  ): boolean {
    if (typeof callback !== 'function') callback = undefined
    let error: Error | null = null
    if (this.finished) error = writeAfterEnd()
    else if (this.destroyed) error = streamDestroyed('write')
    if (error) {
      if (!this.destroyed) this._writeError(error, callback)
      else if (callback) {
        const done = callback
        this._vbTick(() => done(error))
      }
      return false
    }
    if (chunk === null) throw codedError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream')
    let bytes: Uint8Array
    if (typeof chunk === 'string') bytes = Buffer.from(chunk, encoding ?? 'utf8')
    else if (chunk instanceof Uint8Array) bytes = chunk
    else throw invalidArgType('chunk', ['string', 'Buffer', 'Uint8Array'], chunk)
    if (!this._header) {
      if (fromEnd) this._contentLength = bytes.byteLength
      this._implicitHeader()
    }
    if (!this._hasBody) {
      if (callback) this._vbTick(callback)
      return true
    }
    if (bytes.byteLength > 0) this._vbChunks.push(Buffer.from(bytes))
    if (callback) this._vbTick(callback)
    return true
  }

  /**
   * Fixes the header block: `headers` (the stored map when it is
   * `this._vbOutHeaders`, else an object, pairs or a flat list, validated),
   * then `Date`, `Connection`/`Keep-Alive` and the framing header by Node's
   * rules. Sets `_header` (the text a socket would carry).
   */
  _storeHeader(firstLine: string, headers: Map<string, [string, HeaderValue]> | HeaderSource | null): void {
    const state: HeaderState = {
      connection: false,
      contLen: false,
      te: false,
      date: false,
      expect: false,
      trailer: false,
    }
    const pairs: [string, string][] = []
    const store = (name: string, value: unknown, validate: boolean) => {
      if (validate) validateHeaderValue(name, value)
      pairs.push([name, String(value)])
      this._matchHeader(state, name, String(value))
    }
    const process = (name: unknown, value: unknown, validate: boolean) => {
      if (validate) validateHeaderName(name)
      const key = name as string
      if (Array.isArray(value)) {
        if (value.length < 2 || key.toLowerCase() !== 'cookie') {
          for (const item of value) store(key, item, validate)
          return
        }
        value = value.join('; ')
      }
      store(key, value, validate)
    }
    if (headers instanceof Map) {
      for (const [name, value] of headers.values()) process(name, value, false)
    } else if (Array.isArray(headers)) {
      if (headers.length > 0 && Array.isArray(headers[0])) {
        for (const entry of headers as [string, HeaderValue][]) process(entry[0], entry[1], true)
      } else {
        if (headers.length % 2 !== 0) throw invalidHeadersArray(headers)
        for (let i = 0; i < headers.length; i += 2) process(headers[i], headers[i + 1], true)
      }
    } else if (headers) {
      for (const key of Object.keys(headers)) process(key, (headers as Record<string, unknown>)[key], true)
    }
    if (this.sendDate && !state.date) pairs.push(['Date', new Date().toUTCString()])
    if (!state.connection) {
      const keepAlive = this.shouldKeepAlive && (state.contLen || this.useChunkedEncodingByDefault || this.agent)
      if (keepAlive && this.maxRequestsOnConnectionReached) pairs.push(['Connection', 'close'])
      else if (keepAlive) {
        pairs.push(['Connection', 'keep-alive'])
        if (this._keepAliveTimeout && this._defaultKeepAlive) {
          const max = this._maxRequestsPerSocket > 0 ? `, max=${this._maxRequestsPerSocket}` : ''
          pairs.push(['Keep-Alive', `timeout=${Math.floor(this._keepAliveTimeout / 1000)}${max}`])
        }
      } else {
        this._last = true
        pairs.push(['Connection', 'close'])
      }
    }
    if (!state.contLen && !state.te) {
      if (!this._hasBody) this.chunkedEncoding = false
      else if (!this.useChunkedEncodingByDefault) this._last = true
      else if (!state.trailer && !this._removedContLen && typeof this._contentLength === 'number')
        pairs.push(['Content-Length', String(this._contentLength)])
      else if (!this._removedTE) {
        pairs.push(['Transfer-Encoding', 'chunked'])
        this.chunkedEncoding = true
      } else this._last = true
    }
    this._vbPairs = pairs
    this._header = `${firstLine}${pairs.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`
    this._headerSent = false
  }

  /** True when the body travels with the message (it has framing: a length or chunks). */
  _framed(): boolean {
    if (!this._hasBody) return false
    if (this.chunkedEncoding) return true
    return this._headerPairs().some(([name]) => name.toLowerCase() === 'content-length')
  }

  private _matchHeader(state: HeaderState, name: string, value: string): void {
    const key = name.toLowerCase()
    switch (key) {
      case 'connection':
        state.connection = true
        this._removedConnection = false
        if (/(?:^|\W)close(?:$|\W)/i.test(value)) this._last = true
        else this.shouldKeepAlive = true
        break
      case 'transfer-encoding':
        state.te = true
        this._removedTE = false
        if (/(?:^|\W)chunked(?:$|\W)/i.test(value)) this.chunkedEncoding = true
        break
      case 'content-length':
        state.contLen = true
        this._contentLength = +value
        this._removedContLen = false
        break
      case 'date':
      case 'expect':
      case 'trailer':
        state[key] = true
        break
      case 'keep-alive':
        this._defaultKeepAlive = false
        break
    }
  }
}

type WriteCallback = (error?: Error | null) => void
