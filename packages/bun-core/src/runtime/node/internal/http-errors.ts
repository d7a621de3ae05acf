/**
 * The errors of node:http, node:https and node:net as the real Bun 1.4.5
 * builds them. Coded errors (`ERR_*`) carry `name`/`code` on their prototype
 * (see `node-b-errors.ts`), so `Object.keys(error)` is empty as in Bun;
 * system errors (`ECONNREFUSED` …) carry their fields as own enumerable
 * properties in Bun's order, because Bun prints them under the message.
 */
import { codedError, inspectPrimitive } from './node-b-errors.js'

/** `Error [ERR_HTTP_HEADERS_SENT]: Cannot <action> headers after they are sent to the client`. */
export function headersSent(action: string): Error {
  return codedError(Error, 'ERR_HTTP_HEADERS_SENT', `Cannot ${action} headers after they are sent to the client`)
}

/** `TypeError [ERR_INVALID_HTTP_TOKEN]: <what> must be a valid HTTP token ["<value>"]`. */
export function invalidHttpToken(what: string, value: unknown): TypeError {
  return codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `${what} must be a valid HTTP token ["${String(value)}"]`)
}

/** `TypeError [ERR_HTTP_INVALID_HEADER_VALUE]: Invalid value "<value>" for header "<name>"`. */
export function invalidHeaderValue(value: unknown, name: unknown): TypeError {
  return codedError(
    TypeError,
    'ERR_HTTP_INVALID_HEADER_VALUE',
    `Invalid value "${String(value)}" for header "${String(name)}"`,
  )
}

/** `TypeError [ERR_INVALID_CHAR]: Invalid character in <what>` (with `["<field>"]` when given). */
export function invalidChar(what: string, field?: unknown): TypeError {
  const suffix = field === undefined ? '' : ` ["${String(field)}"]`
  return codedError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in ${what}${suffix}`)
}

/** `RangeError [ERR_HTTP_INVALID_STATUS_CODE]: Invalid status code: <code>`. */
export function invalidStatusCode(code: unknown): RangeError {
  return codedError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${String(code)}`)
}

/** `Error [ERR_STREAM_WRITE_AFTER_END]: write after end`. */
export function writeAfterEnd(): Error {
  return codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end')
}

/** `Error [ERR_STREAM_DESTROYED]: Cannot call <method> after a stream was destroyed`. */
export function streamDestroyed(method: string): Error {
  return codedError(Error, 'ERR_STREAM_DESTROYED', `Cannot call ${method} after a stream was destroyed`)
}

/** `Error [ERR_STREAM_ALREADY_FINISHED]: Cannot call <method> after a stream was finished`. */
export function alreadyFinished(method: string): Error {
  return codedError(Error, 'ERR_STREAM_ALREADY_FINISHED', `Cannot call ${method} after a stream was finished`)
}

/** `Error [ERR_SERVER_NOT_RUNNING]: Server is not running.` */
export function serverNotRunning(): Error {
  return codedError(Error, 'ERR_SERVER_NOT_RUNNING', 'Server is not running.')
}

/** `Error [ERR_SERVER_ALREADY_LISTEN]`. */
export function serverAlreadyListen(): Error {
  return codedError(Error, 'ERR_SERVER_ALREADY_LISTEN', 'Listen method has been called more than once without closing.')
}

/** `TypeError [ERR_INVALID_PROTOCOL]: Protocol "<p>" not supported. Expected "<e>"`. */
export function invalidProtocol(protocol: string, expected: string): TypeError {
  return codedError(TypeError, 'ERR_INVALID_PROTOCOL', `Protocol "${protocol}" not supported. Expected "${expected}"`)
}

/** `TypeError [ERR_UNESCAPED_CHARACTERS]: Request path contains unescaped characters`. */
export function unescapedCharacters(): TypeError {
  return codedError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters')
}

/** `RangeError [ERR_SOCKET_BAD_PORT]` worded as Bun's request options check: `… Received <port>`. */
export function badRequestPort(port: unknown): RangeError {
  return codedError(RangeError, 'ERR_SOCKET_BAD_PORT', `Port should be >= 0 and < 65536. Received ${String(port)}`)
}

/** `TypeError [ERR_INVALID_ARG_VALUE]: The argument 'headers' is invalid. Received …`. */
export function invalidHeadersArray(value: unknown): TypeError {
  const item = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : inspectPrimitive(v))
  let shown = Array.isArray(value) ? `[ ${value.map(item).join(', ')} ]` : item(value)
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`
  return codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'headers' is invalid. Received ${shown}`)
}

/** `TypeError [ERR_INVALID_URL]: Invalid URL` with own `code` and `input`, as Bun's URL parser throws it. */
export function invalidUrl(input: string): TypeError {
  const error = new TypeError('Invalid URL') as TypeError & { code: string; input: string }
  error.code = 'ERR_INVALID_URL'
  error.input = input
  return error
}

/** `Error: socket hang up` with an own `code: 'ECONNRESET'`: the connection ended before a response. */
export function socketHangUp(): Error {
  const error = new Error('socket hang up') as Error & { code: string }
  error.code = 'ECONNRESET'
  return error
}

/** `Error: aborted` (`ECONNRESET`): a message's peer went away before the message was complete. */
export function connectionAborted(): Error {
  const error = new Error('aborted') as Error & { code: string }
  error.code = 'ECONNRESET'
  return error
}

const ERRNO: Record<string, number> = {
  ECONNREFUSED: -111,
  ECONNRESET: -104,
  ETIMEDOUT: -110,
  EHOSTUNREACH: -113,
  ENETUNREACH: -101,
}

/**
 * A failed `connect` as Bun reports it: `connect ECONNREFUSED 127.0.0.1:3000`
 * with own `errno`, `syscall`, `port`, `address`, `code` (Bun's order).
 */
export function connectError(code: string, address: string, port: number): Error {
  const error = new Error(`connect ${code} ${address}:${port}`)
  Object.assign(error, { errno: ERRNO[code] ?? 0, syscall: 'connect', port, address, code })
  return error
}

/** A failed name lookup as Bun reports it: `getaddrinfo ENOTFOUND host` (class `DNSException`). */
export function lookupError(hostname: string): Error {
  const error = new DNSException(`getaddrinfo ENOTFOUND ${hostname}`)
  Object.assign(error, { code: 'ENOTFOUND', syscall: 'getaddrinfo', errno: 4, name: 'DNSException', hostname })
  return error
}

class DNSException extends Error {}

/** The port a server could not take, as Bun reports it: `Failed to start server. Is port N in use?`. */
export function addressInUse(port: number): Error {
  const error = new Error(`Failed to start server. Is port ${port} in use?`)
  Object.assign(error, { code: 'EADDRINUSE', syscall: 'listen', errno: 0 })
  return error
}

/** A listen address this machine does not have (`EADDRNOTAVAIL`) or cannot use (`EINVAL`). */
export function listenAddressError(code: 'EADDRNOTAVAIL' | 'EINVAL'): Error {
  const text = code === 'EINVAL' ? 'invalid argument' : 'address not available'
  const error = new Error(`${code}: ${text}, listen`)
  Object.assign(error, { code, syscall: 'listen', errno: code === 'EINVAL' ? -22 : -99 })
  return error
}

/**
 * What the container cannot do: raw TCP. Its network carries HTTP exchanges
 * (a `fetch` out, a whole request in), so a byte stream to a port has no
 * transport. `code` is `ENOTSUP`.
 */
export function rawTcpUnavailable(what: string): Error {
  const error = new Error(
    `${what} is not available in Vitamin-Bun: raw TCP sockets have no transport here (the container's network ` +
      'carries HTTP requests only, over fetch). Use fetch(), node:http or Bun.serve instead.',
  )
  Object.assign(error, { code: 'ENOTSUP' })
  return error
}

/** A Unix domain socket path for a server: there are no such sockets in the container. */
export function pipeUnavailable(path: string): Error {
  const error = new Error(
    `listen on "${path}" is not available in Vitamin-Bun: Unix domain sockets have no transport here ` +
      '(servers listen on container ports, reached over HTTP).',
  )
  Object.assign(error, { code: 'ENOTSUP', syscall: 'listen', path })
  return error
}

/** A proxy from the environment: requests go through the page's `fetch`, which cannot be routed via one. */
export function proxyUnavailable(variable: string): Error {
  const error = new Error(
    `The proxy in ${variable} cannot be used in Vitamin-Bun: HTTP requests go through the page's fetch(), ` +
      'which the browser routes itself.',
  )
  Object.assign(error, { code: 'ENOTSUP' })
  return error
}

/**
 * A redirect a browser hides: `fetch` with `redirect: 'manual'` (Node's
 * behaviour, redirects are not followed) gives scripts an opaque response
 * without status or `Location` for a server outside the container.
 */
export function opaqueRedirect(url: string): Error {
  const error = new Error(
    `${url} answered with a redirect that the browser hides from scripts (fetch with redirect: 'manual' ` +
      'gives an opaque response, without its status or Location).',
  )
  Object.assign(error, { code: 'ENOTSUP' })
  return error
}
