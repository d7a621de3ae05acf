/**
 * Header rules shared by both directions of the proxy, and the bytes of
 * HTTP/1.1 responses: status line, header section, chunk framing, and the
 * plain-text responses the proxy generates itself.
 */

import { connectionTokens } from './request-parser.js'

/** Hop-by-hop fields (RFC 9110 §7.6.1): they describe one connection, never forwarded. */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

/** Request fields `fetch()` computes itself or refuses (undici throws for some of them). */
const FETCH_MANAGED: ReadonlySet<string> = new Set(['host', 'content-length', 'expect'])

/** The request's header fields minus hop-by-hop ones, those named in `Connection`, and those fetch() manages. */
export function forwardableRequestHeaders(headers: readonly [string, string][]): [string, string][] {
  const listed = connectionTokens(headers)
  return headers.filter(([name]) => {
    const lower = name.toLowerCase()
    return !HOP_BY_HOP.has(lower) && !listed.has(lower) && !FETCH_MANAGED.has(lower)
  })
}

/** Content codings `fetch()` decodes transparently (its body is then no longer encoded). */
const DECODED_CODINGS: ReadonlySet<string> = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'zstd'])

/**
 * The response's header fields to pass on, and whether its `Content-Length`
 * still describes the body `fetch()` hands over. Hop-by-hop fields go;
 * `Content-Encoding` goes (with `Content-Length`) when `fetch()` decoded it.
 */
export function forwardableResponseHeaders(headers: readonly [string, string][]): {
  headers: [string, string][]
  contentLength: number | null
} {
  const listed = connectionTokens(headers)
  let decoded = false
  let contentLength: number | null = null
  for (const [name, value] of headers) {
    const lower = name.toLowerCase()
    if (lower === 'content-encoding') {
      const codings = value
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '' && s !== 'identity')
      decoded = codings.length > 0 && codings.every((c) => DECODED_CODINGS.has(c))
    } else if (lower === 'content-length' && /^[0-9]+$/.test(value.trim())) {
      contentLength = Number(value.trim())
    }
  }
  const out = headers.filter(([name]) => {
    const lower = name.toLowerCase()
    if (HOP_BY_HOP.has(lower) || listed.has(lower)) return false
    if (decoded && (lower === 'content-encoding' || lower === 'content-length')) return false
    return true
  })
  return { headers: out, contentLength: decoded ? null : contentLength }
}

const REASONS: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
}

/** The standard reason phrase for `status`, or an empty string. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? ''
}

const encoder = new TextEncoder()

/** Latin-1 bytes of `s` (header fields are bytes; fetch() exposes them as Latin-1 strings). */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff
  return out
}

/** The status line and header section, through the blank line. */
export function encodeHead(status: number, statusText: string, headers: readonly [string, string][]): Uint8Array {
  // A reason phrase is bytes without CR/LF; fetch() has already checked it, but be sure.
  let text = `HTTP/1.1 ${status} ${(statusText || reasonPhrase(status)).replace(/[\r\n]/g, '')}\r\n`
  for (const [name, value] of headers) text += `${name}: ${value.replace(/[\r\n]/g, '')}\r\n`
  return latin1Bytes(`${text}\r\n`)
}

/** One chunk of a chunked body (an empty `data` is the last chunk, with no trailers). */
export function encodeChunk(data: Uint8Array): Uint8Array {
  if (data.length === 0) return latin1Bytes('0\r\n\r\n')
  const size = latin1Bytes(`${data.length.toString(16)}\r\n`)
  const out = new Uint8Array(size.length + data.length + 2)
  out.set(size, 0)
  out.set(data, size.length)
  out[out.length - 2] = 13
  out[out.length - 1] = 10
  return out
}

/** The classes of responses the proxy generates itself, sent as `X-Vitamin-Proxy-Error`. */
export type ProxyErrorKind = 'bad-request' | 'refused' | 'unsupported' | 'fetch-failed'

/** The header naming a generated response's class. */
export const PROXY_ERROR_HEADER = 'X-Vitamin-Proxy-Error'

/** A complete plain-text response generated by the proxy. */
export function encodeProxyResponse(
  status: number,
  kind: ProxyErrorKind,
  message: string,
  options: { close: boolean; head?: boolean },
): Uint8Array {
  const body = encoder.encode(`vitamin network proxy: ${message}\n`)
  const headers: [string, string][] = [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Length', String(body.length)],
    [PROXY_ERROR_HEADER, kind],
  ]
  if (options.close) headers.push(['Connection', 'close'])
  const head = encodeHead(status, reasonPhrase(status), headers)
  if (options.head) return head
  const out = new Uint8Array(head.length + body.length)
  out.set(head, 0)
  out.set(body, head.length)
  return out
}
