/**
 * `http.IncomingMessage`: a request a server received or a response a
 * client received, as a Readable of its body. Its fields are Node's
 * (`method`, `url`, `statusCode`, `statusMessage`, `httpVersion`,
 * `rawHeaders`, lazily built `headers`/`headersDistinct`, `complete`,
 * `aborted`); where the body comes from is the exchange's business: it
 * sets a pull function (`_vbPull`) called whenever the stream wants data.
 */
import type * as NodeStream from 'node:stream'
import { addDistinctHeaderLine, addHeaderLine } from '../http-common.js'
import { Readable } from '../stream.js'
import type { Socket } from './http-socket.js'
import { hide } from './http-socket.js'

/** `http.IncomingMessage` (see the module comment). */
export class IncomingMessage extends (Readable as unknown as typeof NodeStream.Readable) {
  _consuming = false
  _dumped = false
  complete = false
  rawHeaders: string[] = []
  rawTrailers: string[] = []
  joinDuplicateHeaders = false
  aborted = false
  upgrade: boolean | null = null
  url = ''
  method: string | null = null
  statusCode: number | null = null
  statusMessage: string | null = null
  httpVersionMajor: number | null = null
  httpVersionMinor: number | null = null
  httpVersion: string | null = null
  socket: Socket | null
  declare req: unknown
  declare _vbPull: (() => void) | null
  declare _vbOnDestroy: ((error: Error | null) => void) | null
  declare _vbHeaders: Record<string, string | string[]> | null
  declare _vbHeadersDistinct: Record<string, string[]> | null

  constructor(socket?: Socket | null, options?: NodeStream.ReadableOptions) {
    super(options)
    this.socket = socket ?? null
    hide(this, '_vbPull', null)
    hide(this, '_vbOnDestroy', null)
    hide(this, '_vbHeaders', null)
    hide(this, '_vbHeadersDistinct', null)
  }

  get connection(): Socket | null {
    return this.socket
  }

  set connection(value: Socket | null) {
    this.socket = value
  }

  /** The header fields by lower-cased name, duplicates combined by Node's rules. */
  get headers(): Record<string, string | string[]> {
    let headers = this._vbHeaders
    if (headers === null) {
      headers = {}
      const raw = this.rawHeaders
      for (let i = 0; i + 1 < raw.length; i += 2)
        addHeaderLine(headers, raw[i]!, raw[i + 1]!, this.joinDuplicateHeaders)
      this._vbHeaders = headers
    }
    return headers
  }

  set headers(value: Record<string, string | string[]>) {
    this._vbHeaders = value
  }

  /** Every header field's values as an array, by lower-cased name. */
  get headersDistinct(): Record<string, string[]> {
    let headers = this._vbHeadersDistinct
    if (headers === null) {
      headers = {}
      const raw = this.rawHeaders
      for (let i = 0; i + 1 < raw.length; i += 2) addDistinctHeaderLine(headers, raw[i]!, raw[i + 1]!)
      this._vbHeadersDistinct = headers
    }
    return headers
  }

  set headersDistinct(value: Record<string, string[]>) {
    this._vbHeadersDistinct = value
  }

  /** Trailers never arrive over the container's transport (whole bodies, no chunked trailer section). */
  get trailers(): Record<string, string> {
    return {}
  }

  get trailersDistinct(): Record<string, string[]> {
    return {}
  }

  /** Adds one header line to `dest` by Node's duplicate rules (see `addHeaderLine`). */
  _addHeaderLine(field: string, value: string, dest: Record<string, string | string[]>): void {
    addHeaderLine(dest, field, value, this.joinDuplicateHeaders)
  }

  /** Arms the socket's idle timer; `callback` listens for `'timeout'` on this message. */
  setTimeout(msecs: number, callback?: () => void): this {
    if (callback) this.on('timeout', callback)
    this.socket?.setTimeout(msecs)
    return this
  }

  override _read(_size: number): void {
    if (!this._consuming) this._consuming = true
    this._vbPull?.()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.readableEnded || !this.complete) {
      this.aborted = true
      this.emit('aborted')
    }
    const onDestroy = this._vbOnDestroy
    this._vbOnDestroy = null
    onDestroy?.(error)
    callback(error)
  }

  /** Discards the body (what Node does with a response nobody listens to). */
  _dump(): void {
    if (this._dumped) return
    this._dumped = true
    this.removeAllListeners('data')
    this.resume()
  }
}
