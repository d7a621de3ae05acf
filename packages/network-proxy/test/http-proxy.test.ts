/**
 * createNetworkProxy() in its non-blocking form (fetch() in this thread),
 * against a node:http server on 127.0.0.1: HTTP/1.1 framing both ways,
 * connection semantics, the HTTP-plane errors the proxy generates, the
 * errno plane, the policy, the CORS proxy rewrite and option validation.
 */

import { createServer } from 'node:net'
import {
  createNetworkProxy,
  NetworkError,
  type NetworkInterface,
  type NetworkProxyOptions,
} from '@aspect-build/network-proxy'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './support/server.js'

let server: TestServer
let closedPort: number

beforeAll(async () => {
  server = await startTestServer()
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  closedPort = (probe.address() as { port: number }).port
  await new Promise((resolve) => probe.close(resolve))
})

afterAll(() => server?.close())

const encode = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'))
const decode = (b: Uint8Array) => Buffer.from(b).toString('latin1')

function connect(options: NetworkProxyOptions = {}, port = server.port) {
  const net = createNetworkProxy(options)
  const s = net.open('inet', 'stream')
  net.connect(s, '127.0.0.1', port)
  return { net, s }
}

/** Reads until `done(text)` says the bytes so far are complete, or the stream ends. */
async function read(net: NetworkInterface, s: number, done: (text: string) => boolean = () => false) {
  let text = ''
  for (;;) {
    const b = net.recv(s, 4096)
    if (b === null) {
      await net.readable(s)
      continue
    }
    if (b.length === 0) return { text, eof: true }
    text += decode(b)
    if (done(text)) return { text, eof: false }
  }
}

/** One complete response with a Content-Length body (or none). */
const lengthDone = (text: string) => {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return false
  const m = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, end))
  return text.length >= end + 4 + (m ? Number(m[1]) : 0)
}

interface Response {
  status: number
  reason: string
  headers: [string, string][]
  body: string
}

function parse(raw: string): Response {
  const end = raw.indexOf('\r\n\r\n')
  const [line, ...fields] = raw.slice(0, end).split('\r\n')
  const m = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(line!)
  expect(m, `status line ${JSON.stringify(line)}`).not.toBeNull()
  const headers = fields.map((f) => {
    const i = f.indexOf(':')
    return [f.slice(0, i).toLowerCase(), f.slice(i + 1).trim()] as [string, string]
  })
  return { status: Number(m![1]), reason: m![2]!, headers, body: raw.slice(end + 4) }
}

const header = (r: Response, name: string) => r.headers.filter(([n]) => n === name).map(([, v]) => v)

function dechunk(body: string): string {
  let out = ''
  let rest = body
  for (;;) {
    const nl = rest.indexOf('\r\n')
    const size = Number.parseInt(rest.slice(0, nl), 16)
    if (size === 0) {
      expect(rest.slice(nl)).toBe('\r\n\r\n')
      return out
    }
    out += rest.slice(nl + 2, nl + 2 + size)
    rest = rest.slice(nl + 4 + size)
  }
}

async function roundTrip(request: string, options: NetworkProxyOptions = {}, port = server.port) {
  const { net, s } = connect(options, port)
  net.send(s, encode(request))
  const { text, eof } = await read(net, s)
  return { ...parse(text), eof, net, s }
}

describe('responses as HTTP/1.1 bytes', () => {
  it('a Content-Length response is passed through with its length, and the connection stays open', async () => {
    const { net, s } = connect()
    net.send(s, encode('GET /hello HTTP/1.1\r\nHost: x\r\n\r\n'))
    const first = await read(net, s, lengthDone)
    expect(first.eof).toBe(false)
    const r = parse(first.text)
    expect(r.status).toBe(200)
    expect(r.reason).toBe('OK')
    expect(header(r, 'content-length')).toEqual(['12'])
    expect(header(r, 'connection')).toEqual([])
    expect(r.body).toBe('hello world\n')
    // Keep-alive: a second request on the same socket.
    net.send(s, encode('GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))
    const second = await read(net, s)
    expect(second.eof).toBe(true)
    const r2 = parse(second.text)
    expect(header(r2, 'connection')).toEqual(['close'])
    expect(JSON.parse(r2.body).url).toBe('/echo')
  })

  it('pipelined requests are answered in order', async () => {
    const { net, s } = connect()
    net.send(
      s,
      encode(
        'GET /echo?n=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo?n=2 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo?n=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ),
    )
    const { text, eof } = await read(net, s)
    expect(eof).toBe(true)
    const urls = [...text.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1])
    expect(urls).toEqual(['/echo?n=1', '/echo?n=2', '/echo?n=3'])
  })

  it('a body without a length is chunked for an HTTP/1.1 client', async () => {
    const r = await roundTrip('GET /chunked?parts=5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(header(r, 'transfer-encoding')).toEqual(['chunked'])
    expect(header(r, 'content-length')).toEqual([])
    expect(dechunk(r.body)).toBe('part 0;part 1;part 2;part 3;part 4;')
    expect(r.eof).toBe(true)
  })

  it('... and delimited by the end of the stream for an HTTP/1.0 client', async () => {
    const r = await roundTrip('GET /chunked?parts=2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n')
    expect(header(r, 'transfer-encoding')).toEqual([])
    expect(header(r, 'connection')).toEqual(['close'])
    expect(r.body).toBe('part 0;part 1;')
    expect(r.eof).toBe(true)
  })

  it('an HTTP/1.0 keep-alive client with a known length keeps its connection', async () => {
    const { net, s } = connect()
    net.send(s, encode('GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'))
    const { text, eof } = await read(net, s, lengthDone)
    expect(eof).toBe(false)
    expect(header(parse(text), 'connection')).toEqual(['keep-alive'])
  })

  it('HEAD, 204 and 304 responses have no body, and the next response follows directly', async () => {
    const { net, s } = connect()
    net.send(
      s,
      encode(
        'HEAD /big?n=5000 HTTP/1.1\r\nHost: x\r\n\r\nGET /status?code=204 HTTP/1.1\r\nHost: x\r\n\r\n' +
          'GET /status?code=304 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ),
    )
    const { text } = await read(net, s)
    const parts = text.split(/(?=HTTP\/1\.1 )/)
    expect(parts.map((p) => p.slice(0, 12))).toEqual(['HTTP/1.1 200', 'HTTP/1.1 204', 'HTTP/1.1 304', 'HTTP/1.1 200'])
    expect(parts[0]!.endsWith('\r\n\r\n')).toBe(true)
    // A HEAD response keeps the length of the body it does not carry.
    expect(parts[0]).toContain('content-length: 5000\r\n')
    expect(parts[3]!.endsWith('\r\n\r\nhello world\n')).toBe(true)
  })

  it('a body fetch() decoded loses Content-Encoding and its stale Content-Length', async () => {
    const r = await roundTrip('GET /gzip HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n')
    expect(header(r, 'content-encoding')).toEqual([])
    expect(header(r, 'content-length')).toEqual([])
    expect(dechunk(r.body)).toBe('compressed hello '.repeat(50))
  })

  it('each Set-Cookie stays its own field; hop-by-hop fields and those named in Connection are dropped', async () => {
    const cookies = await roundTrip('GET /cookies HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(header(cookies, 'set-cookie')).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    const hop = await roundTrip('GET /hop HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(header(hop, 'keep-alive')).toEqual([])
    expect(header(hop, 'x-listed')).toEqual([])
    expect(header(hop, 'connection')).toEqual(['close'])
    expect(hop.body).toBe('hop')
  })

  it('redirects are followed by default, and passed through with redirect: "manual"', async () => {
    const followed = await roundTrip('GET /redirect HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(followed.status).toBe(200)
    expect(followed.body).toBe('hello world\n')
    const manual = await roundTrip('GET /redirect HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', {
      redirect: 'manual',
    })
    expect(manual.status).toBe(302)
    expect(header(manual, 'location')).toEqual(['/hello'])
  })
})

describe('requests as the server sees them', () => {
  it('a chunked request body arrives whole; hop-by-hop request fields do not', async () => {
    const r = await roundTrip(
      'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close, X-Private\r\nX-Private: secret\r\n' +
        'Keep-Alive: timeout=1\r\nX-Kept: yes\r\n\r\n4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n',
    )
    const echo = JSON.parse(r.body)
    expect(echo.body).toBe('abcdefg')
    expect(echo.headers['x-kept']).toBe('yes')
    expect(echo.headers['x-private']).toBeUndefined()
    expect(echo.headers['keep-alive']).toBeUndefined()
    expect(echo.headers['transfer-encoding']).toBeUndefined()
    expect(echo.headers['content-length']).toBe('7')
    expect(echo.headers.host).toBe(`127.0.0.1:${server.port}`)
  })

  it('Expect: 100-continue is answered before the body is sent', async () => {
    const { net, s } = connect()
    net.send(
      s,
      encode('PUT /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\n'),
    )
    const interim = await read(net, s, (t) => t.endsWith('\r\n\r\n'))
    expect(interim.text).toBe('HTTP/1.1 100 Continue\r\n\r\n')
    net.send(s, encode('data'))
    const final = parse((await read(net, s)).text)
    expect(final.status).toBe(200)
    const echo = JSON.parse(final.body)
    expect(echo.method).toBe('PUT')
    expect(echo.body).toBe('data')
    expect(echo.headers.expect).toBeUndefined()
  })

  it('an absolute-form target on the connected host is accepted', async () => {
    const r = await roundTrip(
      `GET http://127.0.0.1:${server.port}/echo?abs=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    )
    expect(JSON.parse(r.body).url).toBe('/echo?abs=1')
  })
})

describe('errors on the HTTP plane', () => {
  it('a malformed request gets a 400, the stream ends, and sending more is EPIPE', async () => {
    const { net, s } = connect()
    net.send(s, encode('GET / HTTP/1.1\r\nHost x\r\n\r\n'))
    const { text, eof } = await read(net, s)
    expect(eof).toBe(true)
    const r = parse(text)
    expect(r.status).toBe(400)
    expect(r.reason).toBe('Bad Request')
    expect(header(r, 'x-vitamin-proxy-error')).toEqual(['bad-request'])
    expect(header(r, 'connection')).toEqual(['close'])
    expect(header(r, 'content-type')).toEqual(['text/plain; charset=utf-8'])
    expect(r.body).toBe('vitamin network proxy: malformed header field: "Host x"\n')
    expect(() => net.send(s, encode('GET'))).toThrow(expect.objectContaining({ code: 'EPIPE', syscall: 'send' }))
  })

  it('an unsupported version is 505, a request line over the limit 414', async () => {
    const v = await roundTrip('GET / HTTP/3.0\r\n\r\n')
    expect(v.status).toBe(505)
    expect(v.body).toContain('HTTP version 3.0 is not supported')
    const long = await roundTrip(`GET /${'a'.repeat(64)} HTTP/1.1\r\n`, { limits: { requestLine: 32 } })
    expect(long.status).toBe(414)
    expect(long.reason).toBe('URI Too Long')
  })

  it('a URL the policy refuses is 403 and the keep-alive connection goes on', async () => {
    const { net, s } = connect({ allow: (url) => url.pathname !== '/echo' })
    net.send(
      s,
      encode('GET /echo HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    )
    const { text } = await read(net, s)
    const [refused, allowed] = text.split(/(?=HTTP\/1\.1 )/).map(parse)
    expect(refused!.status).toBe(403)
    expect(header(refused!, 'x-vitamin-proxy-error')).toEqual(['refused'])
    expect(refused!.body).toBe(
      `vitamin network proxy: GET http://127.0.0.1:${server.port}/echo is not allowed by the network policy\n`,
    )
    expect(allowed!.status).toBe(200)
  })

  it.each([
    ['CONNECT', 'CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 405, 'unsupported'],
    ['TRACE', 'TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 405, 'unsupported'],
    ['a target on another host', 'GET http://other.example/ HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad-request'],
    ['an asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad-request'],
    ['a GET with a body', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi', 400, 'bad-request'],
  ])('%s → %s %s', async (_, request, status, kind) => {
    const r = await roundTrip(request)
    expect(r.status).toBe(status)
    expect(header(r, 'x-vitamin-proxy-error')).toEqual([kind])
  })

  it('a fetch() that fails is 502 with the cause', async () => {
    const r = await roundTrip('GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', {}, closedPort)
    expect(r.status).toBe(502)
    expect(header(r, 'x-vitamin-proxy-error')).toEqual(['fetch-failed'])
    expect(r.body).toMatch(new RegExp(`fetch\\(GET http://127.0.0.1:${closedPort}/x\\) failed: .*ECONNREFUSED`))
    expect(r.eof).toBe(true)
  })

  it('an opaque response (status 0: a redirect a browser hides) is a 502 that says so', async () => {
    const fetch = (async () => Response.error()) as typeof globalThis.fetch
    const r = await roundTrip('GET /r HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { fetch })
    expect(r.status).toBe(502)
    expect(header(r, 'x-vitamin-proxy-error')).toEqual(['fetch-failed'])
    expect(r.body).toContain(`fetch(GET http://127.0.0.1:${server.port}/r) returned an opaque response`)
  })

  it('a response breaking off mid-body is ECONNRESET after the bytes that came, then end of stream', async () => {
    const { net, s } = connect()
    net.send(s, encode('GET /broken HTTP/1.1\r\nHost: x\r\n\r\n'))
    let got = ''
    let failure: unknown
    for (;;) {
      let b: Uint8Array | null
      try {
        b = net.recv(s, 65536)
      } catch (e) {
        failure = e
        break
      }
      if (b === null) await net.readable(s)
      else got += decode(b)
    }
    expect(failure).toBeInstanceOf(NetworkError)
    expect(failure).toMatchObject({ code: 'ECONNRESET', syscall: 'recv', address: '127.0.0.1', port: server.port })
    expect(got.slice(got.indexOf('\r\n\r\n') + 4)).toHaveLength(1000)
    expect(net.recv(s, 10)).toEqual(new Uint8Array(0))
  })
})

describe('errors on the errno plane', () => {
  const code = (c: string, syscall: string) => expect.objectContaining({ code: c, syscall })

  it('socket misuse', () => {
    const net = createNetworkProxy()
    expect(() => net.open('unix' as never, 'stream')).toThrow(code('EAFNOSUPPORT', 'socket'))
    expect(() => net.open('inet', 'dgram' as never)).toThrow(code('EPROTOTYPE', 'socket'))
    const s = net.open('inet6', 'stream')
    expect(() => net.send(s, encode('x'))).toThrow(code('ENOTCONN', 'send'))
    expect(() => net.recv(s, 1)).toThrow(code('ENOTCONN', 'recv'))
    expect(() => net.connect(s, 'bad host', 80)).toThrow(code('EINVAL', 'connect'))
    expect(() => net.connect(s, 'a@b', 80)).toThrow(code('EINVAL', 'connect'))
    expect(() => net.connect(s, '[::1', 80)).toThrow(code('EINVAL', 'connect'))
    expect(() => net.connect(s, 'h', 0)).toThrow(code('EINVAL', 'connect'))
    expect(() => net.connect(s, 'h', 70000)).toThrow(code('EINVAL', 'connect'))
    net.connect(s, '::1', 8080)
    expect(() => net.connect(s, '::1', 8080)).toThrow(code('EISCONN', 'connect'))
    expect(() => net.recv(s, 10)).toThrow(code('EAGAIN', 'recv'))
    net.close(s)
    for (const [name, call] of [
      ['connect', () => net.connect(s, 'h', 1)],
      ['send', () => net.send(s, encode('x'))],
      ['recv', () => net.recv(s, 1)],
      ['close', () => net.close(s)],
    ] as const) {
      expect(call).toThrow(code('EBADF', name))
    }
  })

  it('recv is null while the response is on its way, and readable() says when to retry', async () => {
    const { net, s } = connect()
    net.send(s, encode('GET /slow?ms=50 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))
    expect(net.recv(s, 100)).toBeNull()
    await net.readable(s)
    const b = net.recv(s, 100)
    expect(b && decode(b).startsWith('HTTP/1.1 200 OK\r\n')).toBe(true)
  })

  it('closing a socket mid-fetch aborts it and wakes its waiters; closeAll closes the rest', async () => {
    const { net, s } = connect()
    net.send(s, encode('GET /hang HTTP/1.1\r\nHost: x\r\n\r\n'))
    const waiting = net.readable(s)
    net.close(s)
    await waiting
    const t = net.open('inet', 'stream')
    net.closeAll()
    expect(() => net.close(t)).toThrow(code('EBADF', 'close'))
  })
})

describe('fetch(), the policy and options', () => {
  function recorder() {
    const calls: { url: string; init: RequestInit | undefined }[] = []
    const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init })
      return new Response('stub')
    }) as typeof globalThis.fetch
    return { calls, fetch }
  }

  it.each([
    ['an origin', ['https://registry.npmjs.org'], 'https://registry.npmjs.org/pkg', true],
    ['an origin, other scheme', ['https://registry.npmjs.org'], 'http://registry.npmjs.org/pkg', false],
    ['an origin, other port', ['http://127.0.0.1:8080'], 'http://127.0.0.1:8081/', false],
    ['a host on any scheme', ['example.com'], 'http://example.com:8080/x', true],
    ['a host is case-insensitive', ['Example.COM'], 'https://example.com/', true],
    ['a host is not its subdomain', ['example.com'], 'https://a.example.com/', false],
    ['a host and port', ['localhost:3000'], 'http://localhost:3000/', true],
    ['a host and port, other port', ['localhost:3000'], 'http://localhost:3001/', false],
    ['a host and default port', ['example.com:443'], 'https://example.com/', true],
    ['a wildcard', ['*.example.com'], 'https://a.b.example.com/', true],
    ['a wildcard is not the bare name', ['*.example.com'], 'https://example.com/', false],
    ['an IPv6 host', ['[::1]'], 'http://[::1]:9/', true],
    ['one of several', ['a.test', 'b.test'], 'http://b.test/', true],
    ['an empty list refuses all', [], 'http://a.test/', false],
  ])('allowlist with %s', async (_, allow, url, allowed) => {
    const { calls, fetch } = recorder()
    const net = createNetworkProxy({ fetch, allow })
    if (allowed) {
      expect(await (await net.fetch(url)).text()).toBe('stub')
      expect(calls.map((c) => c.url)).toEqual([new URL(url).href])
      expect(calls[0]!.init?.credentials).toBe('omit')
    } else {
      await expect(net.fetch(url)).rejects.toMatchObject({ code: 'EACCES', syscall: 'fetch' })
      expect(calls).toEqual([])
    }
  })

  it('fetch() passes method, headers and body on', async () => {
    const { calls, fetch } = recorder()
    const net = createNetworkProxy({ fetch })
    await net.fetch('https://a.test/x', { method: 'POST', headers: { 'x-a': '1' }, body: 'payload' })
    const init = calls[0]!.init!
    expect(init.method).toBe('POST')
    expect(new Headers(init.headers).get('x-a')).toBe('1')
    expect(Buffer.from(init.body as Uint8Array).toString()).toBe('payload')
  })

  it('the CORS proxy wraps the URL (template or prefix); the policy judges the real URL', async () => {
    const a = recorder()
    await createNetworkProxy({ fetch: a.fetch, corsProxy: 'https://cors.test/?url={url}', allow: ['a.test'] }).fetch(
      'https://a.test/p?q=1',
    )
    expect(a.calls[0]!.url).toBe(`https://cors.test/?url=${encodeURIComponent('https://a.test/p?q=1')}`)
    const b = recorder()
    await createNetworkProxy({ fetch: b.fetch, corsProxy: 'https://cors.test/' }).fetch('https://a.test/p')
    expect(b.calls[0]!.url).toBe('https://cors.test/https://a.test/p')
    // Sockets too.
    const c = recorder()
    const net = createNetworkProxy({ fetch: c.fetch, corsProxy: 'https://cors.test/' })
    const s = net.open('inet', 'stream')
    net.connect(s, 'a.test', 443)
    net.send(s, encode('GET /sock HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n'))
    const { text } = await read(net, s)
    expect(dechunk(parse(text).body)).toBe('stub')
    expect(c.calls[0]!.url).toBe('https://cors.test/https://a.test/sock')
    expect(c.calls[0]!.init?.credentials).toBe('omit')
  })

  it.each([
    [{ alow: [] }, 'Invalid option in createNetworkProxy(): "alow" is not an option'],
    [{ fetch: 'no' }, '"fetch" must be a function'],
    [{ redirect: 'error' }, '"redirect" must be "follow" or "manual"'],
    [{ corsProxy: 'not a url' }, '"corsProxy" must be an absolute URL'],
    [{ fetcher: {} }, '"fetcher" must be an HttpFetcher'],
    [{ limits: { lines: 1 } }, '"limits.lines" is not a limit'],
    [{ limits: { body: -1 } }, '"limits.body" must be a positive integer'],
    [{ allow: 'example.com' }, 'option "allow" must be a function or an array of strings'],
    [{ allow: ['http://'] }, 'invalid pattern in option "allow": "http://"'],
    [{ allow: ['a.test/path'] }, 'invalid pattern in option "allow": "a.test/path"'],
    [{ allow: [42] }, 'invalid pattern in option "allow": 42'],
  ])('rejects %j', (options, message) => {
    let error: unknown
    try {
      createNetworkProxy(options as never)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ code: 'EINVAL', syscall: 'createNetworkProxy' })
    expect((error as Error).message).toContain(message)
  })
})
