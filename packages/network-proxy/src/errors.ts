/**
 * The one error type of the network layer, shaped like the filesystem's
 * `VfsError` and Node's `SystemError`: a POSIX `code`, the `syscall` that
 * failed, and where it applies the `address` and `port` of the peer.
 */

/** POSIX error codes the network layer raises. */
export type NetworkErrorCode =
  /** The policy refused the destination (`fetch()` only; sockets answer HTTP 403). */
  | 'EACCES'
  /** A socket call would wait, on a non-blocking network (nothing to read yet). */
  | 'EAGAIN'
  /** The address family is neither `inet` nor `inet6`. */
  | 'EAFNOSUPPORT'
  /** Not an open socket. */
  | 'EBADF'
  /** The response broke off after part of it was delivered. */
  | 'ECONNRESET'
  /** A bad argument: an invalid host name or port, a bad option. */
  | 'EINVAL'
  /** `connect` on a socket that is already connected. */
  | 'EISCONN'
  /** `send`/`recv` before `connect`. */
  | 'ENOTCONN'
  /** The platform cannot do this (no SharedArrayBuffer, no worker). */
  | 'ENOTSUP'
  /** `send` after the connection stopped reading requests (`Connection: close`, a bad request). */
  | 'EPIPE'
  /** The socket type is not `stream`. */
  | 'EPROTOTYPE'
  /** A blocking call to the fetch worker waited longer than its timeout. */
  | 'ETIMEDOUT'
  /** The fetch worker is gone (closed or crashed). */
  | 'ESHUTDOWN'

/** Context attached to a {@link NetworkError}. */
export interface NetworkErrorContext {
  /** The operation: `socket`, `connect`, `send`, `recv`, `close`, `fetch`, or a fetch-channel call. */
  syscall: string
  /** Replaces the default message text after `CODE: `. */
  detail?: string | undefined
  /** The destination host, when one is known. */
  address?: string | undefined
  /** The destination port, when one is known. */
  port?: number | undefined
  /** The underlying error (a rejected `fetch()` …). */
  cause?: unknown
}

const TEXT: Readonly<Record<NetworkErrorCode, string>> = {
  EACCES: 'permission denied',
  EAGAIN: 'resource temporarily unavailable',
  EAFNOSUPPORT: 'address family not supported',
  EBADF: 'bad file descriptor',
  ECONNRESET: 'connection reset by peer',
  EINVAL: 'invalid argument',
  EISCONN: 'socket is already connected',
  ENOTCONN: 'socket is not connected',
  ENOTSUP: 'operation not supported',
  EPIPE: 'broken pipe',
  EPROTOTYPE: 'protocol wrong type for socket',
  ETIMEDOUT: 'operation timed out',
  ESHUTDOWN: 'cannot send after transport endpoint shutdown',
}

/** A failed network operation. Its message reads like Node's: `ECONNRESET: connection reset by peer, recv`. */
export class NetworkError extends Error {
  override name = 'NetworkError'
  /** POSIX code, e.g. `ENOTCONN`. */
  readonly code: NetworkErrorCode
  /** The failing operation. */
  readonly syscall: string
  /** The destination host, when known. */
  declare readonly address?: string
  /** The destination port, when known. */
  declare readonly port?: number

  constructor(code: NetworkErrorCode, context: NetworkErrorContext) {
    let message = `${code}: ${context.detail ?? TEXT[code]}, ${context.syscall}`
    if (context.address !== undefined) message += ` ${context.address}${context.port ? `:${context.port}` : ''}`
    super(message, context.cause === undefined ? undefined : { cause: context.cause })
    this.code = code
    this.syscall = context.syscall
    if (context.address !== undefined) (this as { address?: string }).address = context.address
    if (context.port !== undefined) (this as { port?: number }).port = context.port
  }
}

/** True when `error` is a {@link NetworkError}, optionally with the given code. */
export function isNetworkError(error: unknown, code?: NetworkErrorCode): error is NetworkError {
  return error instanceof NetworkError && (code === undefined || error.code === code)
}

/**
 * A one-line description of any thrown value, including the `cause` chain
 * (Node's `fetch` reports `fetch failed` and hides `ECONNREFUSED` in `cause`).
 */
export function describeError(error: unknown): string {
  const parts: string[] = []
  let e: unknown = error
  for (let depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    if (typeof e === 'object') {
      const { message, code } = e as { message?: unknown; code?: unknown }
      const text = typeof message === 'string' ? message : String(e)
      parts.push(typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text)
      e = (e as { cause?: unknown }).cause
    } else {
      parts.push(String(e))
      break
    }
  }
  return parts.join(': ')
}
