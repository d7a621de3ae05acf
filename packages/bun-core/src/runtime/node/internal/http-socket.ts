/**
 * `net.Socket` and `net.Server` as far as the container's network allows.
 *
 * There is no raw TCP (see `http-common.ts`): every HTTP exchange is one
 * `fetch` or one whole request handed to a server. So `new net.Socket()`
 * and `new net.Server()` throw `ENOTSUP` saying why; the HTTP modules build
 * their objects from these classes internally, so `req.socket instanceof
 * net.Socket` and `server instanceof net.Server` hold as in Node.
 *
 * The socket of an exchange (`req.socket`, `res.socket`, the `'socket'`
 * event) describes its two ends (`remoteAddress`, `localPort` …), keeps an
 * idle timer (`setTimeout` → `'timeout'`), holds or releases the process
 * (`ref`/`unref`), and aborts the exchange on `destroy()`. No bytes flow
 * through it: writing to it fails with `ENOTSUP`, and it never has data.
 * `setNoDelay`/`setKeepAlive` accept their arguments and change nothing, as
 * there is no TCP connection underneath to tune.
 */
import type * as NodeStream from 'node:stream'
import { EventEmitter } from 'events'
import { Duplex } from '../stream.js'
import { rawTcpUnavailable } from './http-errors.js'
import { invalidArgType, outOfRange } from './node-b-errors.js'

/** The argument that lets the runtime itself construct a {@link Socket} or {@link NetServer}. */
export const INTERNAL: unique symbol = Symbol('vitamin-bun internal construction')

/** What an exchange tells its socket: where the ends are, and what destroying/ref-ing means. */
export interface SocketInit {
  remoteAddress?: string
  remotePort?: number
  remoteFamily?: string
  localAddress?: string
  localPort?: number
  localFamily?: string
  /** An https exchange (`socket.encrypted`). */
  encrypted?: boolean
  /** Called once when the socket is destroyed (the exchange is aborted). */
  onDestroy?(error: Error | null): void
  /** Holds the process alive; returns the release. */
  ref?(): () => void
}

/** `net.Socket` (see the module comment). */
export class Socket extends (Duplex as unknown as typeof NodeStream.Duplex) {
  declare remoteAddress: string | undefined
  declare remotePort: number | undefined
  declare remoteFamily: string | undefined
  declare localAddress: string | undefined
  declare localPort: number | undefined
  declare localFamily: string | undefined
  declare encrypted: boolean | undefined
  connecting = false
  timeout: number | undefined = undefined
  server: unknown = null
  _httpMessage: unknown = null
  bytesRead = 0
  declare _vbInit: SocketInit
  declare _vbTimer: ReturnType<typeof setTimeout> | null
  declare _vbRelease: (() => void) | null

  constructor(options?: unknown) {
    if (options !== INTERNAL) throw rawTcpUnavailable('new net.Socket()')
    super({ allowHalfOpen: true })
    hide(this, '_vbInit', {})
    hide(this, '_vbTimer', null)
    hide(this, '_vbRelease', null)
  }

  /** The runtime's constructor: a socket for one HTTP exchange. */
  static _forExchange(init: SocketInit): Socket {
    const socket = new Socket(INTERNAL)
    socket._vbInit = init
    socket.remoteAddress = init.remoteAddress
    socket.remotePort = init.remotePort
    socket.remoteFamily = init.remoteFamily
    socket.localAddress = init.localAddress
    socket.localPort = init.localPort
    socket.localFamily = init.localFamily
    socket.encrypted = init.encrypted === true
    socket._vbRelease = init.ref ? init.ref() : null
    return socket
  }

  get readyState(): string {
    return this.destroyed ? 'closed' : 'open'
  }

  get pending(): boolean {
    return false
  }

  get bytesWritten(): number {
    return 0
  }

  /** `{ address, family, port }` of the local end (`{}` when unknown). */
  address(): { address: string; family: string; port: number } | Record<string, never> {
    const { localAddress, localFamily, localPort } = this
    if (localAddress === undefined || localPort === undefined) return {}
    return { address: localAddress, family: localFamily ?? 'IPv4', port: localPort }
  }

  /** Emits `'timeout'` after `msecs` without activity (0 disarms); `callback` listens once. */
  setTimeout(msecs: number, callback?: () => void): this {
    if (typeof msecs !== 'number') throw invalidArgType('msecs', 'number', msecs)
    if (msecs < 0 || !Number.isFinite(msecs)) throw outOfRange('msecs', 'a non-negative finite number', msecs)
    this.timeout = msecs
    if (callback !== undefined) {
      if (typeof callback !== 'function') throw invalidArgType('callback', 'Function', callback)
      if (msecs === 0) this.removeListener('timeout', callback)
      else this.once('timeout', callback)
    }
    this._touch()
    return this
  }

  /** Activity on the exchange: the idle timer starts over. */
  _touch(): void {
    const timer = this._vbTimer
    if (timer !== null) clearTimeout(timer)
    this._vbTimer = null
    if (!this.timeout || this.destroyed) return
    this._vbTimer = setTimeout(() => {
      this._vbTimer = null
      this.emit('timeout')
    }, this.timeout)
  }

  /** The exchange is over: timers stop and the process is no longer held (the socket stays usable). */
  _release(): void {
    const timer = this._vbTimer
    if (timer !== null) clearTimeout(timer)
    this._vbTimer = null
    this.timeout = undefined
    const release = this._vbRelease
    this._vbRelease = null
    release?.()
  }

  setNoDelay(_noDelay?: boolean): this {
    return this
  }

  setKeepAlive(_enable?: boolean, _initialDelay?: number): this {
    return this
  }

  /** Holds the process alive while the exchange is open (the default). */
  ref(): this {
    if (this._vbRelease === null && !this.destroyed && this._vbInit.ref) this._vbRelease = this._vbInit.ref()
    return this
  }

  /** Lets the process exit while the exchange is open. */
  unref(): this {
    const release = this._vbRelease
    this._vbRelease = null
    release?.()
    return this
  }

  override _read(): void {}

  override _write(_chunk: unknown, _encoding: string, callback: (error?: Error | null) => void): void {
    callback(rawTcpUnavailable('Writing raw bytes to an HTTP socket'))
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this._release()
    const onDestroy = this._vbInit.onDestroy
    this._vbInit = {}
    onDestroy?.(error)
    // The exchange reports the failure on its request/response; the socket itself stays quiet.
    callback(null)
  }
}

/** `net.Server`: the base of `http.Server` (see the module comment). */
export class NetServer extends EventEmitter {
  constructor(token?: unknown) {
    if (token !== INTERNAL) throw rawTcpUnavailable('new net.Server()')
    super()
  }
}

/** Defines a non-enumerable own property (state that Node keeps behind symbols, out of inspect's way). */
export function hide(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false })
}
