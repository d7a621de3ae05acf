/**
 * The `vitamin_sock` import module: outgoing stream sockets for guests
 * (design §5.1), over a network proxy (`@aspect-build/network-proxy`).
 *
 * WASI preview1 can use a socket (`sock_recv`, `sock_send`, `sock_shutdown`)
 * but not create one. These five imports fill the gap; their C declarations
 * and ABI are in `include/vitamin.h`:
 *
 * | import | signature (wasm) | does |
 * |---|---|---|
 * | `sock_open` | `(af: i32, type: i32, fd_out: i32) → errno` | a new socket descriptor |
 * | `sock_connect` | `(fd: i32, host_ptr: i32, host_len: i32, port: i32) → errno` | names the peer: a host name or IP literal, UTF-8 |
 * | `sock_send` | `(fd: i32, buf: i32, len: i32, sent_out: i32) → errno` | hands request bytes over |
 * | `sock_recv` | `(fd: i32, buf: i32, len: i32, received_out: i32) → errno` | takes response bytes; 0 at end of stream |
 * | `sock_close` | `(fd: i32) → errno` | closes it |
 *
 * Socket descriptors live in the guest's one descriptor table, so
 * `fd_read`, `fd_write`, `fd_close`, `poll_oneoff` and preview1's
 * `sock_recv`/`sock_send`/`sock_shutdown` work on them too.
 *
 * The peer is always an HTTP/1.1 server reached through `fetch()` (see the
 * network proxy's `NetworkInterface` for what a guest may send and what
 * comes back). Every pointer is bounds-checked before anything happens
 * (`ERRNO_FAULT`).
 */

import * as C from './constants.js'
import type { HostContext } from './context.js'
import { WasiError } from './errno.js'
import { Descriptor, type SocketHandle } from './fd-table.js'

/** The import module name of the socket imports. */
export const SOCK_MODULE = 'vitamin_sock'

/** `af` of `sock_open`: IPv4 (wasi-libc's `AF_INET`). */
export const SOCK_AF_INET = 1
/** `af` of `sock_open`: IPv6 (wasi-libc's `AF_INET6`). */
export const SOCK_AF_INET6 = 2
/** `type` of `sock_open`: a byte stream (wasi-libc's `SOCK_STREAM`, `FILETYPE_SOCKET_STREAM`). */
export const SOCK_TYPE_STREAM: number = C.FILETYPE_SOCKET_STREAM
/** `type` of `sock_open`: datagrams (wasi-libc's `SOCK_DGRAM`) — answered `ERRNO_PROTONOSUPPORT`. */
export const SOCK_TYPE_DGRAM: number = C.FILETYPE_SOCKET_DGRAM

/**
 * What the socket imports need of a network: the socket half of
 * `NetworkInterface` from `@aspect-build/network-proxy` (which satisfies it).
 * Methods throw errors whose `code` is a POSIX name (`EBADF`, `ENOTCONN` …);
 * those map to WASI errnos.
 */
export interface SockNetwork {
  /** True when `recv` waits for data instead of returning `null`. */
  readonly blocking: boolean
  open(family: 'inet' | 'inet6', type: 'stream'): number
  connect(socket: number, host: string, port: number): void
  send(socket: number, data: Uint8Array): number
  /** Up to `maxBytes` bytes; empty at end of stream; `null` when not ready (non-blocking). */
  recv(socket: number, maxBytes: number): Uint8Array | null
  close(socket: number): void
}

/** POSIX codes a network may throw, and the WASI errno each becomes. */
const CODE_TO_ERRNO: Readonly<Record<string, number>> = {
  EACCES: C.ERRNO_ACCES,
  EAGAIN: C.ERRNO_AGAIN,
  EAFNOSUPPORT: C.ERRNO_AFNOSUPPORT,
  EBADF: C.ERRNO_BADF,
  ECONNREFUSED: C.ERRNO_CONNREFUSED,
  ECONNRESET: C.ERRNO_CONNRESET,
  EHOSTUNREACH: C.ERRNO_HOSTUNREACH,
  EINVAL: C.ERRNO_INVAL,
  EISCONN: C.ERRNO_ISCONN,
  ENETUNREACH: C.ERRNO_NETUNREACH,
  ENOTCONN: C.ERRNO_NOTCONN,
  ENOTSUP: C.ERRNO_NOTSUP,
  EPIPE: C.ERRNO_PIPE,
  EPROTOTYPE: C.ERRNO_PROTOTYPE,
  // The fetch worker is gone: nothing will ever come, as after a network outage.
  ESHUTDOWN: C.ERRNO_NETDOWN,
  ETIMEDOUT: C.ERRNO_TIMEDOUT,
}

/** A network error as a {@link WasiError}; anything else unchanged (the host reports it and answers `ERRNO_IO`). */
function asWasiError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code in CODE_TO_ERRNO) {
    return new WasiError(CODE_TO_ERRNO[code]!, (error as Error).message)
  }
  return error
}

function isSockNetwork(value: unknown): value is SockNetwork {
  if (typeof value !== 'object' || value === null) return false
  const n = value as Record<string, unknown>
  return ['open', 'connect', 'send', 'recv', 'close'].every((m) => typeof n[m] === 'function')
}

const EMPTY = new Uint8Array(0)
/** Most bytes one `sock_recv` asks the network for (a guest may offer a huge buffer). */
const MAX_RECV = 1024 * 1024

/**
 * A socket descriptor's behaviour over a {@link SockNetwork} socket. Keeps
 * the bytes a peek (or a readiness probe) took from the network until they
 * are read.
 */
export class NetworkSocket implements SocketHandle {
  private held: Uint8Array = EMPTY
  private eof = false
  /** A failure that came after bytes a `recv` delivered; thrown by the next one. */
  private error: unknown = null
  private readShut = false
  private writeShut = false
  private connected = false
  private closed = false

  constructor(
    private readonly network: SockNetwork | null,
    private readonly id: number,
  ) {}

  /** `sock_connect`. Without a network every peer is unreachable (`ERRNO_NETUNREACH`), as in a sandbox with none. */
  connect(host: string, port: number): void {
    if (this.network === null) throw new WasiError(C.ERRNO_NETUNREACH, 'no network is configured')
    this.network.connect(this.id, host, port)
    this.connected = true
  }

  send(src: Uint8Array, _siflags: number): number {
    if (!this.connected) throw new WasiError(C.ERRNO_NOTCONN)
    if (this.writeShut) throw new WasiError(C.ERRNO_PIPE)
    if (src.length === 0) return 0
    // `src` may view guest memory; the network keeps what it is given.
    return this.network!.send(this.id, src.slice())
  }

  write(src: Uint8Array): number {
    return this.send(src, 0)
  }

  recv(dst: Uint8Array, riflags: number): number {
    if (!this.connected) throw new WasiError(C.ERRNO_NOTCONN)
    if (this.error !== null) {
      const e = this.error
      this.error = null
      throw e
    }
    if (dst.length === 0 || this.readShut) return 0
    const peek = (riflags & C.RIFLAGS_RECV_PEEK) !== 0
    const waitAll = (riflags & C.RIFLAGS_RECV_WAITALL) !== 0 && !peek
    let n = 0
    do {
      if (this.held.length === 0) {
        let more: boolean
        try {
          more = this.fill(dst.length - n)
        } catch (e) {
          if (n === 0) throw e
          // Deliver what arrived; a failure waits for the next call.
          if ((e as WasiError).errno !== C.ERRNO_AGAIN) this.error = e
          break
        }
        if (!more) break
      }
      const k = Math.min(this.held.length, dst.length - n)
      dst.set(this.held.subarray(0, k), n)
      n += k
      if (!peek) this.held = this.held.subarray(k)
    } while (waitAll && n < dst.length)
    return n
  }

  read(dst: Uint8Array): number {
    return this.recv(dst, 0)
  }

  /**
   * For `poll_oneoff`. On a blocking network this waits for the next bytes
   * (as stdin does): such a network cannot tell "not yet" without waiting.
   */
  readReady(): number {
    if (!this.connected || this.readShut || this.eof) return 0
    if (this.held.length > 0) return this.held.length
    try {
      return this.fill(64 * 1024) ? this.held.length : 0
    } catch (e) {
      // Not ready yet (EAGAIN) or failed: a failure is reported by the read that follows.
      return (e as WasiError).errno === C.ERRNO_AGAIN ? -1 : 0
    }
  }

  shutdown(how: number): void {
    if (!this.connected) throw new WasiError(C.ERRNO_NOTCONN)
    if (how & C.SDFLAGS_RD) {
      this.readShut = true
      this.held = EMPTY
    }
    if (how & C.SDFLAGS_WR) this.writeShut = true
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.network?.close(this.id)
  }

  /** Take up to `max` more bytes from the network into `held`; false at end of stream. */
  private fill(max: number): boolean {
    if (this.eof) return false
    let bytes: Uint8Array | null
    try {
      bytes = this.network!.recv(this.id, Math.max(1, max))
    } catch (e) {
      throw asWasiError(e)
    }
    if (bytes === null) throw new WasiError(C.ERRNO_AGAIN)
    if (bytes.length === 0) {
      this.eof = true
      return false
    }
    this.held = bytes
    return true
  }
}

/**
 * The `vitamin_sock` imports over `ctx.network`. Throws a `TypeError` when
 * `ctx.network` is set but is not a network (the `network` option of
 * `WasiHost` must come from `createNetworkProxy()`). Without a network,
 * sockets open but every `sock_connect` answers `ERRNO_NETUNREACH`.
 */
export function createSockImports(ctx: HostContext): Record<string, (...args: never[]) => number> {
  const network = ctx.network ?? null
  if (network !== null && !isSockNetwork(network)) {
    throw new TypeError(
      'Invalid option in new WasiHost(): "network" must be a NetworkInterface (createNetworkProxy() from @aspect-build/network-proxy)',
    )
  }
  const mem = ctx.memory
  const fail = (e: unknown, syscall: string) => ctx.fail(asWasiError(e), syscall)

  /** The socket `fd` names: `ERRNO_BADF` for no descriptor, `ERRNO_NOTSOCK` for another kind. */
  const socket = (fd: number): NetworkSocket => {
    const d = ctx.fds.lookup(fd)
    if (d === undefined) throw new WasiError(C.ERRNO_BADF)
    if (!(d.stream instanceof NetworkSocket)) throw new WasiError(C.ERRNO_NOTSOCK)
    return d.stream
  }

  return {
    sock_open(af: number, type: number, fdOut: number): number {
      try {
        mem.check(fdOut, 4)
        if (af !== SOCK_AF_INET && af !== SOCK_AF_INET6) return C.ERRNO_AFNOSUPPORT
        if (type === SOCK_TYPE_DGRAM) return C.ERRNO_PROTONOSUPPORT
        if (type !== SOCK_TYPE_STREAM) return C.ERRNO_INVAL
        const id = network === null ? 0 : network.open(af === SOCK_AF_INET ? 'inet' : 'inet6', 'stream')
        const handle = new NetworkSocket(network, id)
        let fd: number
        try {
          fd = ctx.fds.insert(
            new Descriptor(C.FILETYPE_SOCKET_STREAM, C.RIGHTS_SOCKET_BASE & ~C.RIGHTS_SOCK_ACCEPT, 0, -1, handle),
          )
        } catch (e) {
          handle.close()
          throw e
        }
        mem.setU32(fdOut, fd)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return fail(e, 'sock_open')
      }
    },

    sock_connect(fd: number, hostPtr: number, hostLen: number, port: number): number {
      try {
        mem.check(hostPtr, hostLen)
        const sock = socket(fd)
        const host = mem.readStringStrict(hostPtr, hostLen)
        if (host === null) return C.ERRNO_ILSEQ
        sock.connect(host, port >>> 0)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return fail(e, 'sock_connect')
      }
    },

    sock_send(fd: number, bufPtr: number, bufLen: number, sentOut: number): number {
      try {
        mem.check(bufPtr, bufLen)
        mem.check(sentOut, 4)
        const sock = socket(fd)
        const n = sock.send(mem.subarray(bufPtr, bufLen), 0)
        mem.setU32(sentOut, n)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return fail(e, 'sock_send')
      }
    },

    sock_recv(fd: number, bufPtr: number, bufLen: number, receivedOut: number): number {
      try {
        mem.check(bufPtr, bufLen)
        mem.check(receivedOut, 4)
        const sock = socket(fd)
        // Received into a scratch buffer: the guest's memory may move while the network waits.
        const scratch = new Uint8Array(Math.min(bufLen >>> 0, MAX_RECV))
        const n = sock.recv(scratch, 0)
        mem.writeBytes(bufPtr, scratch.subarray(0, n))
        mem.setU32(receivedOut, n)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return fail(e, 'sock_recv')
      }
    },

    sock_close(fd: number): number {
      try {
        socket(fd)
        ctx.fds.close(fd)
        return C.ERRNO_SUCCESS
      } catch (e) {
        return fail(e, 'sock_close')
      }
    },
  }
}
