/**
 * An incremental HTTP/1.1 request parser (RFC 9112), strict where laxness
 * would let two parsers disagree about where a request ends: CRLF line ends
 * only, no obs-fold, no whitespace before a header colon, `Content-Length`
 * and `Transfer-Encoding` never together, conflicting lengths rejected.
 */

import type { HttpLimits } from '../types.js'

/** A complete request. */
export interface ParsedRequest {
  /** Method token, case preserved (`GET`). */
  method: string
  /** The request-target exactly as sent (`/path?q`, `http://host/path`, `host:443`, `*`). */
  target: string
  /** Protocol version. */
  version: '1.0' | '1.1'
  /** Header fields in order; names as sent, values trimmed, bytes as Latin-1 characters. */
  headers: [string, string][]
  /** The body (dechunked), empty when there is none. */
  body: Uint8Array
  /** Whether the connection stays open after the response (HTTP/1.1 unless `close`; 1.0 only with `keep-alive`). */
  keepAlive: boolean
}

/** The request cannot be parsed; `status` is the HTTP status to answer with. */
export class HttpParseError extends Error {
  override name = 'HttpParseError'
  constructor(
    /** 400, 413, 414, 431, 501 or 505. */
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** The default {@link HttpLimits}. */
export const DEFAULT_LIMITS: Readonly<HttpLimits> = {
  requestLine: 8 * 1024,
  headerBytes: 64 * 1024,
  headerCount: 200,
  body: 64 * 1024 * 1024,
}

type State = 'line' | 'headers' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'failed'

const CR = 13
const LF = 10

// tchar (RFC 9110 §5.6.2)
const TOKEN = new Uint8Array(128)
for (const c of "!#$%&'*+-.^_`|~") TOKEN[c.charCodeAt(0)] = 1
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1

function isToken(s: string): boolean {
  if (s.length === 0) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 128 || !TOKEN[c]) return false
  }
  return true
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = ''
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!)
  return s
}

/**
 * Feed bytes with {@link push}; complete requests come back in order. Once
 * the bytes stop being a valid request, {@link error} is set, the parser
 * takes nothing more, and the connection must close after answering it.
 */
export class RequestParser {
  private readonly limits: HttpLimits
  private buf = new Uint8Array(1024)
  private start = 0
  private end = 0
  private state: State = 'line'
  private headerBytes = 0
  private current: Omit<ParsedRequest, 'body' | 'keepAlive'> | null = null
  private bodyParts: Uint8Array[] = []
  private bodySize = 0
  private remaining = 0
  /** Set when the current request's headers asked for `100-continue` and its body has not fully arrived. */
  expectingContinue = false
  /** Why parsing stopped, once it has; the status is the one to answer with. */
  error: HttpParseError | null = null

  constructor(limits?: Partial<HttpLimits>) {
    this.limits = { ...DEFAULT_LIMITS, ...limits }
  }

  /** True between requests: no byte of an unfinished request is buffered. */
  get idle(): boolean {
    return this.state === 'line' && this.start === this.end
  }

  /** Parse `data`; returns the requests it completed (those before an error, if one occurs). */
  push(data: Uint8Array): ParsedRequest[] {
    const done: ParsedRequest[] = []
    if (this.state === 'failed') return done
    this.append(data)
    try {
      while (this.step(done)) {}
    } catch (e) {
      if (!(e instanceof HttpParseError)) throw e
      this.error = e
      this.state = 'failed'
      this.expectingContinue = false
      this.buf = new Uint8Array(0)
      this.start = this.end = 0
    }
    return done
  }

  private append(data: Uint8Array): void {
    if (this.start === this.end) this.start = this.end = 0
    if (this.end + data.length > this.buf.length) {
      const live = this.end - this.start
      if (live + data.length <= this.buf.length) this.buf.copyWithin(0, this.start, this.end)
      else {
        const next = new Uint8Array(Math.max(this.buf.length * 2, live + data.length))
        next.set(this.buf.subarray(this.start, this.end))
        this.buf = next
      }
      this.start = 0
      this.end = live
    }
    this.buf.set(data, this.end)
    this.end += data.length
  }

  /** The next CRLF-terminated line without its CRLF, or `null` when incomplete; `limit` caps its length. */
  private line(limit: number, status: number, what: string): string | null {
    const { buf } = this
    for (let i = this.start; i < this.end; i++) {
      const c = buf[i]!
      if (c === LF) throw new HttpParseError(400, `bare LF in ${what}`)
      if (c === CR) {
        if (i + 1 === this.end) return null
        if (buf[i + 1] !== LF) throw new HttpParseError(400, `bare CR in ${what}`)
        if (i - this.start > limit) throw new HttpParseError(status, `${what} longer than ${limit} bytes`)
        const text = latin1(buf, this.start, i)
        this.start = i + 2
        return text
      }
    }
    if (this.end - this.start > limit) throw new HttpParseError(status, `${what} longer than ${limit} bytes`)
    return null
  }

  private step(done: ParsedRequest[]): boolean {
    switch (this.state) {
      case 'line': {
        // RFC 9112 §2.2: ignore empty lines before a request line.
        while (this.end - this.start >= 2 && this.buf[this.start] === CR && this.buf[this.start + 1] === LF) {
          this.start += 2
        }
        const line = this.line(this.limits.requestLine, 414, 'request line')
        if (line === null) return false
        this.current = parseRequestLine(line)
        this.state = 'headers'
        this.headerBytes = 0
        return true
      }
      case 'headers': {
        const before = this.start
        const line = this.line(this.limits.headerBytes - this.headerBytes, 431, 'header section')
        if (line === null) return false
        this.headerBytes += this.start - before
        if (line.length > 0) {
          const headers = this.current!.headers
          if (headers.length >= this.limits.headerCount) {
            throw new HttpParseError(431, `more than ${this.limits.headerCount} header fields`)
          }
          headers.push(parseField(line))
          return true
        }
        return this.beginBody()
      }
      case 'body': {
        const n = Math.min(this.remaining, this.end - this.start)
        if (n > 0) {
          this.bodyParts.push(this.buf.slice(this.start, this.start + n))
          this.start += n
          this.remaining -= n
        }
        if (this.remaining > 0) return false
        this.finish(done)
        return true
      }
      case 'chunk-size': {
        const line = this.line(1024, 400, 'chunk size line')
        if (line === null) return false
        const size = parseChunkSize(line)
        if (this.bodySize + size > this.limits.body) {
          throw new HttpParseError(413, `request body larger than ${this.limits.body} bytes`)
        }
        this.remaining = size
        this.state = size === 0 ? 'trailers' : 'chunk-data'
        return true
      }
      case 'chunk-data': {
        const n = Math.min(this.remaining, this.end - this.start)
        if (n > 0) {
          this.bodyParts.push(this.buf.slice(this.start, this.start + n))
          this.start += n
          this.remaining -= n
          this.bodySize += n
        }
        if (this.remaining > 0) return false
        this.state = 'chunk-end'
        return true
      }
      case 'chunk-end': {
        if (this.end - this.start < 2) return false
        if (this.buf[this.start] !== CR || this.buf[this.start + 1] !== LF) {
          throw new HttpParseError(400, 'chunk data not followed by CRLF')
        }
        this.start += 2
        this.state = 'chunk-size'
        return true
      }
      case 'trailers': {
        // Trailer fields are parsed for syntax and dropped: fetch() cannot send them.
        const before = this.start
        const line = this.line(this.limits.headerBytes - this.headerBytes, 431, 'trailer section')
        if (line === null) return false
        this.headerBytes += this.start - before
        if (line.length > 0) {
          parseField(line)
          return true
        }
        this.finish(done)
        return true
      }
      case 'failed':
        return false
    }
  }

  private beginBody(): boolean {
    const req = this.current!
    let contentLength: number | null = null
    let chunked = false
    let hosts = 0
    let expect = false
    for (const [name, value] of req.headers) {
      const lower = name.toLowerCase()
      if (lower === 'content-length') {
        for (const part of value.split(',')) {
          const v = part.trim()
          if (!/^[0-9]+$/.test(v)) throw new HttpParseError(400, `invalid Content-Length: ${JSON.stringify(value)}`)
          const n = Number(v)
          if (contentLength !== null && n !== contentLength) {
            throw new HttpParseError(400, 'conflicting Content-Length values')
          }
          contentLength = n
        }
      } else if (lower === 'transfer-encoding') {
        if (chunked) throw new HttpParseError(400, 'chunked applied more than once')
        const codings = value
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== '')
        if (codings.length === 0) throw new HttpParseError(400, 'empty Transfer-Encoding')
        if (codings.some((c, i) => c !== 'chunked' || i !== codings.length - 1)) {
          throw new HttpParseError(501, `unsupported Transfer-Encoding: ${value}`)
        }
        chunked = true
      } else if (lower === 'host') {
        hosts++
      } else if (lower === 'expect') {
        expect = value.trim().toLowerCase() === '100-continue'
      }
    }
    if (chunked && contentLength !== null) {
      throw new HttpParseError(400, 'both Content-Length and Transfer-Encoding')
    }
    if (chunked && req.version === '1.0') throw new HttpParseError(400, 'Transfer-Encoding in an HTTP/1.0 request')
    if (req.version === '1.1' && hosts !== 1) {
      throw new HttpParseError(400, hosts === 0 ? 'missing Host header' : 'more than one Host header')
    }
    this.bodyParts = []
    this.bodySize = 0
    if (chunked) {
      this.state = 'chunk-size'
      this.expectingContinue = expect
      return true
    }
    if (contentLength !== null && contentLength > this.limits.body) {
      throw new HttpParseError(413, `request body larger than ${this.limits.body} bytes`)
    }
    this.remaining = contentLength ?? 0
    this.state = 'body'
    this.expectingContinue = expect && this.remaining > 0
    return true
  }

  private finish(done: ParsedRequest[]): void {
    const req = this.current!
    let body: Uint8Array
    if (this.bodyParts.length === 1) body = this.bodyParts[0]!
    else {
      body = new Uint8Array(this.bodyParts.reduce((n, p) => n + p.length, 0))
      let at = 0
      for (const p of this.bodyParts) {
        body.set(p, at)
        at += p.length
      }
    }
    done.push({ ...req, body, keepAlive: keepAlive(req.version, req.headers) })
    this.current = null
    this.bodyParts = []
    this.expectingContinue = false
    this.state = 'line'
  }
}

function parseRequestLine(line: string): Omit<ParsedRequest, 'body' | 'keepAlive'> {
  const parts = line.split(' ')
  if (parts.length !== 3) throw new HttpParseError(400, `malformed request line: ${JSON.stringify(line)}`)
  const [method, target, proto] = parts as [string, string, string]
  if (!isToken(method)) throw new HttpParseError(400, `invalid method: ${JSON.stringify(method)}`)
  if (target.length === 0 || !/^[\x21-\x7e]+$/.test(target)) {
    throw new HttpParseError(400, `invalid request target: ${JSON.stringify(target)}`)
  }
  const m = /^HTTP\/([0-9])\.([0-9])$/.exec(proto)
  if (!m) throw new HttpParseError(400, `invalid protocol version: ${JSON.stringify(proto)}`)
  if (m[1] !== '1' || (m[2] !== '0' && m[2] !== '1')) {
    throw new HttpParseError(505, `HTTP version ${m[1]}.${m[2]} is not supported`)
  }
  return { method, target, version: m[2] === '0' ? '1.0' : '1.1', headers: [] }
}

function parseField(line: string): [string, string] {
  const c = line.charCodeAt(0)
  if (c === 0x20 || c === 0x09) throw new HttpParseError(400, 'obsolete line folding in header section')
  const colon = line.indexOf(':')
  if (colon <= 0) throw new HttpParseError(400, `malformed header field: ${JSON.stringify(line)}`)
  const name = line.slice(0, colon)
  if (!isToken(name)) throw new HttpParseError(400, `invalid header name: ${JSON.stringify(name)}`)
  const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')
  // field-value: VCHAR, obs-text, SP, HTAB — no other control characters.
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) throw new HttpParseError(400, `control character in header ${name}`)
  return [name, value]
}

function parseChunkSize(line: string): number {
  const semi = line.indexOf(';')
  const hex = (semi === -1 ? line : line.slice(0, semi)).replace(/[ \t]+$/, '')
  if (!/^[0-9a-fA-F]{1,15}$/.test(hex)) throw new HttpParseError(400, `invalid chunk size: ${JSON.stringify(line)}`)
  return Number.parseInt(hex, 16)
}

function keepAlive(version: '1.0' | '1.1', headers: [string, string][]): boolean {
  const tokens = connectionTokens(headers)
  return version === '1.1' ? !tokens.has('close') : tokens.has('keep-alive') && !tokens.has('close')
}

/** The lower-cased tokens of every `Connection` field. */
export function connectionTokens(headers: readonly (readonly [string, string])[]): Set<string> {
  const tokens = new Set<string>()
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'connection') continue
    for (const t of value.split(',')) {
      const v = t.trim().toLowerCase()
      if (v) tokens.add(v)
    }
  }
  return tokens
}
