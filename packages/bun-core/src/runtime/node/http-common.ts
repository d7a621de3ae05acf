/**
 * What node:http and node:https share and that does not depend on a
 * process: the protocol tables (`STATUS_CODES`, `METHODS`), header
 * validation (`validateHeaderName`, `validateHeaderValue`), and the rules
 * for turning header lines into Node's `headers` object.
 *
 * How HTTP runs in the container (the transport every class of these
 * modules is built on, see `RuntimeHost` in `../host.ts`):
 * - a client request is one `host.fetch()` sent when the request ends
 *   (`redirect: 'manual'`, so redirects reach the caller, as in Node);
 *   requests to `localhost`/`127.0.0.1`/`0.0.0.0`/`[::1]` reach a server of
 *   the container, others the network (a browser's `fetch`, CORS applies);
 * - a server is one `host.listen()`; each request arrives whole (method,
 *   URL, header pairs, whole body) and is answered whole when `res.end()`
 *   is called (chunks written before are collected into one body).
 * So bodies are whole buffers across the container boundary: a server sees
 * a request only once its client ended it, and a client reads a response
 * from a server of the container once that server ended it (responses from
 * the network stream as `fetch` delivers them).
 */

import { invalidChar, invalidHeaderValue, invalidHttpToken } from './internal/http-errors.js'

/** `http.STATUS_CODES`: reason phrases by status code (Bun 1.4.5's table). */
export const STATUS_CODES: Record<number, string> = {
  100: 'Continue',
  101: 'Switching Protocols',
  102: 'Processing',
  103: 'Early Hints',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  207: 'Multi-Status',
  208: 'Already Reported',
  226: 'IM Used',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  305: 'Use Proxy',
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
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a Teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
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
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded',
  510: 'Not Extended',
  511: 'Network Authentication Required',
}

/** `http.METHODS`: the methods the HTTP parser knows, sorted. */
export const METHODS: string[] = [
  'ACL',
  'BIND',
  'CHECKOUT',
  'CONNECT',
  'COPY',
  'DELETE',
  'GET',
  'HEAD',
  'LINK',
  'LOCK',
  'M-SEARCH',
  'MERGE',
  'MKACTIVITY',
  'MKCALENDAR',
  'MKCOL',
  'MOVE',
  'NOTIFY',
  'OPTIONS',
  'PATCH',
  'POST',
  'PROPFIND',
  'PROPPATCH',
  'PURGE',
  'PUT',
  'QUERY',
  'REBIND',
  'REPORT',
  'SEARCH',
  'SOURCE',
  'SUBSCRIBE',
  'TRACE',
  'UNBIND',
  'UNLINK',
  'UNLOCK',
  'UNSUBSCRIBE',
]

/** `http.maxHeaderSize`: the largest header block the parser accepts (16 KiB). */
export const maxHeaderSize = 16384

const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/

/** True when `value` is an HTTP token (RFC 9110 `tchar`s, at least one). */
export function checkIsHttpToken(value: string): boolean {
  return TOKEN.test(value)
}

/** True when `value` has a character a header field value cannot carry. */
export function checkInvalidHeaderChar(value: unknown): boolean {
  return INVALID_HEADER_CHAR.test(String(value))
}

/**
 * `http.validateHeaderName(name[, label])`: throws `ERR_INVALID_HTTP_TOKEN`
 * (`Header name must be a valid HTTP token ["x y"]`) unless `name` is a
 * non-empty token.
 */
export function validateHeaderName(name: unknown, label = 'Header name'): void {
  if (typeof name !== 'string' || name === '' || !checkIsHttpToken(name)) throw invalidHttpToken(label, name)
}

/**
 * `http.validateHeaderValue(name, value)`: `ERR_HTTP_INVALID_HEADER_VALUE`
 * for `undefined`, `ERR_INVALID_CHAR` for a value with a control character
 * or one above U+00FF (arrays are checked as their string form).
 */
export function validateHeaderValue(name: unknown, value: unknown): void {
  if (value === undefined) throw invalidHeaderValue(value, name)
  if (checkInvalidHeaderChar(value)) throw invalidChar('header content', name)
}

/** Header fields of which only the first occurrence counts in `message.headers`. */
const FIRST_WINS = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'referer',
  'host',
  'authorization',
  'proxy-authorization',
  'if-modified-since',
  'if-unmodified-since',
  'from',
  'location',
  'max-forwards',
  'retry-after',
  'etag',
  'last-modified',
  'server',
  'age',
  'expires',
])

/**
 * Adds one header line to a `headers` object as Node's `IncomingMessage`
 * does: names lower-cased; `set-cookie` collects an array; the fields of
 * {@link FIRST_WINS} keep their first value; `cookie` joins with `; `;
 * others join with `, ` (or, with `joinDuplicateHeaders`, always).
 */
export function addHeaderLine(
  target: Record<string, string | string[]>,
  name: string,
  value: string,
  joinDuplicates = false,
): void {
  const key = name.toLowerCase()
  const existing = target[key]
  if (key === 'set-cookie') {
    if (existing === undefined) target[key] = [value]
    else (existing as string[]).push(value)
    return
  }
  if (existing === undefined) {
    target[key] = value
    return
  }
  if (!joinDuplicates && FIRST_WINS.has(key)) return
  target[key] = `${existing as string}${key === 'cookie' ? '; ' : ', '}${value}`
}

/** `message.headersDistinct`: every field's values as an array. */
export function addDistinctHeaderLine(target: Record<string, string[]>, name: string, value: string): void {
  const key = name.toLowerCase()
  const existing = target[key]
  if (existing === undefined) target[key] = [value]
  else existing.push(value)
}

/**
 * Host names whose requests the container routes to its own servers
 * (`RuntimeHost.fetch`): `localhost`, `127.0.0.1`, `0.0.0.0`, `::1`.
 */
export function isLocalHostname(hostname: string): boolean {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
  return bare === 'localhost' || bare === '127.0.0.1' || bare === '0.0.0.0' || bare === '::1'
}
