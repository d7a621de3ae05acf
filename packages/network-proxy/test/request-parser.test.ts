/**
 * The HTTP/1.1 request parser: valid requests however they are split,
 * pipelining, bodies, connection semantics — and malformed requests, each
 * answered with the status RFC 9112 calls for.
 */

import { type HttpLimits, type ParsedRequest, RequestParser } from '@aspect-build/network-proxy'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'))
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1')

function parseAll(input: string, limits?: Partial<HttpLimits>) {
  const p = new RequestParser(limits)
  const requests = p.push(bytes(input))
  return { requests, error: p.error, parser: p }
}

function only(input: string): ParsedRequest {
  const { requests, error } = parseAll(input)
  expect(error).toBeNull()
  expect(requests).toHaveLength(1)
  return requests[0]!
}

/** A flat description to compare parses. */
const summary = (r: ParsedRequest) => ({ ...r, body: text(r.body) })

describe('valid requests', () => {
  it('a GET: method, target, version, headers in order with names as sent', () => {
    const r = only('GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nX-Multi: one\r\nx-multi:  two  \r\n\r\n')
    expect(r.method).toBe('GET')
    expect(r.target).toBe('/a/b?c=d')
    expect(r.version).toBe('1.1')
    expect(r.headers).toEqual([
      ['Host', 'example.com'],
      ['X-Multi', 'one'],
      ['x-multi', 'two'],
    ])
    expect(r.body).toHaveLength(0)
    expect(r.keepAlive).toBe(true)
  })

  it('a body framed by Content-Length (repeated identical values are one value)', () => {
    const r = only('POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\nhello')
    expect(text(r.body)).toBe('hello')
  })

  it('a chunked body, with chunk extensions and trailer fields, dechunked', () => {
    const r = only(
      'POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n' +
        '5;ext=1\r\nhello\r\n1\r\n \r\nA  \r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n',
    )
    expect(text(r.body)).toBe('hello 0123456789')
  })

  it('obs-text bytes in a value come through as Latin-1 characters', () => {
    const r = only('GET / HTTP/1.1\r\nHost: h\r\nX-Bytes: caf\xe9\r\n\r\n')
    expect(r.headers[1]).toEqual(['X-Bytes', 'caf\xe9'])
  })

  it('pipelined requests come out in order from one push; empty lines before a request are skipped', () => {
    const { requests, error, parser } = parseAll(
      '\r\nGET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n',
    )
    expect(error).toBeNull()
    expect(requests.map((r) => r.target)).toEqual(['/1', '/2', '/3'])
    expect(text(requests[1]!.body)).toBe('hi')
    expect(parser.idle).toBe(true)
  })

  it.each([
    ['HTTP/1.1 by default', 'GET / HTTP/1.1\r\nHost: h\r\n\r\n', true],
    ['HTTP/1.1 with close', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n', false],
    ['HTTP/1.1 with a token list', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, CLOSE\r\n\r\n', false],
    ['HTTP/1.0 by default', 'GET / HTTP/1.0\r\n\r\n', false],
    ['HTTP/1.0 with keep-alive', 'GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n', true],
  ])('keep-alive: %s', (_, input, keepAlive) => {
    expect(only(input).keepAlive).toBe(keepAlive)
  })

  it('flags Expect: 100-continue until the body has arrived', () => {
    const p = new RequestParser()
    expect(p.push(bytes('PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n'))).toEqual([])
    expect(p.expectingContinue).toBe(true)
    expect(p.idle).toBe(false)
    expect(p.push(bytes('abc'))).toHaveLength(1)
    expect(p.expectingContinue).toBe(false)
    expect(p.idle).toBe(true)
  })

  const corpus = [
    'GET / HTTP/1.1\r\nHost: a\r\n\r\n',
    'POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world',
    'PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n',
    'DELETE /d HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
  ]

  it('however the bytes are split, the parse is the same', () => {
    const stream = corpus.join('')
    const whole = parseAll(stream).requests.map(summary)
    expect(whole).toHaveLength(corpus.length)
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }), (cuts) => {
        const p = new RequestParser()
        const got: ParsedRequest[] = []
        let at = 0
        for (const cut of [...cuts.sort((a, b) => a - b), stream.length]) {
          got.push(...p.push(bytes(stream.slice(at, cut))))
          at = cut
        }
        expect(p.error).toBeNull()
        expect(got.map(summary)).toEqual(whole)
      }),
    )
  })

  it('byte by byte', () => {
    const p = new RequestParser()
    const got: ParsedRequest[] = []
    for (const b of bytes(corpus.join(''))) got.push(...p.push(new Uint8Array([b])))
    expect(got.map((r) => r.target)).toEqual(['/', '/form', '/c', '/d'])
    expect(text(got[2]!.body)).toBe('abc0123456789abcdef')
  })
})

describe('malformed requests', () => {
  const h = 'Host: h\r\n'
  it.each([
    ['a bare LF ending a line', 'GET / HTTP/1.1\nHost: h\n\n', 400, 'bare LF in request line'],
    ['a bare CR inside a line', 'GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n', 400, 'bare CR in header section'],
    ['two spaces in the request line', 'GET  / HTTP/1.1\r\n\r\n', 400, 'malformed request line'],
    ['a missing version', 'GET /\r\n\r\n', 400, 'malformed request line'],
    ['an invalid method token', 'G@T / HTTP/1.1\r\n\r\n', 400, 'invalid method'],
    ['a control character in the target', 'GET /\x7f HTTP/1.1\r\n\r\n', 400, 'invalid request target'],
    ['a protocol that is not HTTP', 'GET / HTTQ/1.1\r\n\r\n', 400, 'invalid protocol version'],
    ['HTTP/2.0', 'GET / HTTP/2.0\r\n\r\n', 505, 'HTTP version 2.0 is not supported'],
    ['HTTP/1.2', 'GET / HTTP/1.2\r\n\r\n', 505, 'HTTP version 1.2 is not supported'],
    ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n', 400, 'missing Host header'],
    ['two Host fields', `GET / HTTP/1.1\r\n${h}${h}\r\n`, 400, 'more than one Host header'],
    ['whitespace before the colon', 'GET / HTTP/1.1\r\nHost : h\r\n\r\n', 400, 'invalid header name'],
    ['obsolete line folding', `GET / HTTP/1.1\r\n${h}X-A: a\r\n  b\r\n\r\n`, 400, 'obsolete line folding'],
    ['a field without a colon', `GET / HTTP/1.1\r\n${h}nonsense\r\n\r\n`, 400, 'malformed header field'],
    ['an empty field name', `GET / HTTP/1.1\r\n${h}: v\r\n\r\n`, 400, 'malformed header field'],
    ['a NUL in a value', `GET / HTTP/1.1\r\n${h}X-A: a\0b\r\n\r\n`, 400, 'control character in header X-A'],
    [
      'a non-numeric Content-Length',
      `POST / HTTP/1.1\r\n${h}Content-Length: abc\r\n\r\n`,
      400,
      'invalid Content-Length',
    ],
    ['a negative Content-Length', `POST / HTTP/1.1\r\n${h}Content-Length: -1\r\n\r\n`, 400, 'invalid Content-Length'],
    ['a signed Content-Length', `POST / HTTP/1.1\r\n${h}Content-Length: +5\r\n\r\n`, 400, 'invalid Content-Length'],
    [
      'conflicting Content-Length values',
      `POST / HTTP/1.1\r\n${h}Content-Length: 5, 6\r\n\r\n`,
      400,
      'conflicting Content-Length values',
    ],
    [
      'Content-Length with Transfer-Encoding',
      `POST / HTTP/1.1\r\n${h}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n`,
      400,
      'both Content-Length and Transfer-Encoding',
    ],
    [
      'a transfer coding other than chunked',
      `POST / HTTP/1.1\r\n${h}Transfer-Encoding: gzip\r\n\r\n`,
      501,
      'unsupported Transfer-Encoding: gzip',
    ],
    [
      'chunked not last',
      `POST / HTTP/1.1\r\n${h}Transfer-Encoding: chunked, gzip\r\n\r\n`,
      501,
      'unsupported Transfer-Encoding',
    ],
    [
      'chunked twice',
      `POST / HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n`,
      400,
      'chunked applied more than once',
    ],
    [
      'Transfer-Encoding in HTTP/1.0',
      'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n',
      400,
      'Transfer-Encoding in an HTTP/1.0 request',
    ],
    [
      'a chunk size that is not hex',
      `POST / HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\n\r\nzz\r\n`,
      400,
      'invalid chunk size',
    ],
    [
      'chunk data longer than its size',
      `POST / HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n`,
      400,
      'chunk data not followed by CRLF',
    ],
  ])('%s → %i', (_, input, status, message) => {
    const { requests, error } = parseAll(input)
    expect(requests).toEqual([])
    expect(error?.status).toBe(status)
    expect(error?.message).toContain(message)
  })

  it.each([
    [
      'a request line over the limit',
      `GET /${'a'.repeat(200)} HTTP/1.1\r\n`,
      414,
      'request line longer than 100 bytes',
    ],
    ['an unfinished request line over the limit', `GET /${'a'.repeat(200)}`, 414, 'request line longer than 100'],
    ['a header section over the limit', `GET / HTTP/1.1\r\n${h}X-A: ${'v'.repeat(300)}\r\n\r\n`, 431, 'header section'],
    ['too many fields', `GET / HTTP/1.1\r\n${h}${'X: y\r\n'.repeat(10)}\r\n`, 431, 'more than 5 header fields'],
    ['a Content-Length over the limit', `POST / HTTP/1.1\r\n${h}Content-Length: 1001\r\n\r\n`, 413, 'larger than 1000'],
    [
      'chunks adding up over the limit',
      `POST / HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\n\r\n${`100\r\n${'x'.repeat(256)}\r\n`.repeat(3)}3e8\r\n`,
      413,
      'larger than 1000',
    ],
  ])('%s → %i', (_, input, status, message) => {
    const { error } = parseAll(input, { requestLine: 100, headerBytes: 200, headerCount: 5, body: 1000 })
    expect(error?.status).toBe(status)
    expect(error?.message).toContain(message)
  })

  it('requests before the error are kept; after it the parser takes nothing', () => {
    const p = new RequestParser()
    const got = p.push(bytes('GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/9.9\r\n\r\n'))
    expect(got.map((r) => r.target)).toEqual(['/ok'])
    expect(p.error?.status).toBe(505)
    expect(p.push(bytes('GET /later HTTP/1.1\r\nHost: h\r\n\r\n'))).toEqual([])
    expect(p.error?.status).toBe(505)
  })
})
