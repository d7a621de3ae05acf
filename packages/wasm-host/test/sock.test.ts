/**
 * The vitamin_sock imports end to end: C programs (test/c/http_*.c) talk
 * HTTP/1.1 through sock_* → the network proxy → a fetch worker → a node:http
 * server on 127.0.0.1 (in its own thread, so the blocked guest thread can be
 * answered). Then the errno plane, import by import, against a bare memory.
 */

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createNetworkProxy, type NetworkInterface, type NetworkProxyOptions } from '@aspect-build/network-proxy'
import { type FetchWorker, startFetchWorker } from '@aspect-build/network-proxy/node'
import { createVfs } from '@aspect-build/virtual-fs'
import * as C from '@aspect-build/wasm-host'
import { SOCK_MODULE, type SockNetwork, WasiHost } from '@aspect-build/wasm-host'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { startTestServer, type TestServer } from '../../network-proxy/test/support/server.js'

const INCLUDE = fileURLToPath(new URL('../include/', import.meta.url))
const CACHE = fileURLToPath(new URL('../../../.cache/wasm-host/vitamin/', import.meta.url))
const FLAGS = ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', '-Wall', '-Werror', `-I${INCLUDE}`]

/** Compiles test/c/<name>.c against include/vitamin.h (cached by content). */
function buildGuest(name: string): string {
  const source = fileURLToPath(new URL(`./c/${name}.c`, import.meta.url))
  const hash = createHash('sha256')
    .update(readFileSync(source))
    .update(readFileSync(`${INCLUDE}vitamin.h`))
    .update(FLAGS.join(' '))
    .digest('hex')
    .slice(0, 16)
  const out = `${CACHE}${name}-${hash}.wasm`
  if (existsSync(out)) return out
  mkdirSync(CACHE, { recursive: true })
  const partial = `${out}.${process.pid}.tmp`
  const r = spawnSync('clang', [...FLAGS, source, '-o', partial], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`clang failed for ${name}.c:\n${r.stderr}${r.error ?? ''}`)
  renameSync(partial, out)
  return out
}

interface Run {
  exitCode: number
  stdout: string
  stderr: string
}

async function runGuest(wasm: string, args: string[], network: NetworkInterface | undefined): Promise<Run> {
  const out: Uint8Array[] = []
  const err: Uint8Array[] = []
  const host = new WasiHost({
    vfs: createVfs(),
    args: ['guest', ...args],
    network,
    stdout: (c) => out.push(c),
    stderr: (c) => err.push(c),
  })
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(readFileSync(wasm)), host.imports)
  const exitCode = host.start(instance)
  host.close()
  return { exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }
}

/** Splits a raw HTTP/1.1 response with a Content-Length or close-delimited body. */
function parseResponse(raw: string): { status: number; headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n')
  expect(end).toBeGreaterThan(0)
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n')
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine!)?.[1])
  const headers = new Map<string, string>()
  for (const line of lines) {
    const i = line.indexOf(':')
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim())
  }
  return { status, headers, body: raw.slice(end + 4) }
}

let server: TestServer
let worker: FetchWorker
let get: string
let post: string
/** A loopback port nothing listens on (taken, then released). */
let closedPort: number

beforeAll(async () => {
  get = buildGuest('http_get')
  post = buildGuest('http_post')
  server = await startTestServer()
  worker = await startFetchWorker({ timeoutMs: 10_000 })
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  closedPort = (probe.address() as { port: number }).port
  await new Promise((resolve) => probe.close(resolve))
}, 120_000)

afterAll(async () => {
  await worker?.close()
  await server?.close()
})

const network = (options: NetworkProxyOptions = {}) => createNetworkProxy({ fetcher: worker.fetcher, ...options })

describe('C guests over vitamin_sock', () => {
  it('GET: the response arrives whole, in many small receives, and the stream ends', async () => {
    const r = await runGuest(get, ['127.0.0.1', String(server.port), '/hello'], network())
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    const res = parseResponse(r.stdout)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain')
    expect(res.headers.get('content-length')).toBe('12')
    expect(res.headers.get('connection')).toBe('close')
    expect(res.body).toBe('hello world\n')
  })

  it('GET of a streamed body: chunked framing the guest can decode', async () => {
    const r = await runGuest(get, ['127.0.0.1', String(server.port), '/chunked?parts=4'], network())
    expect(r.exitCode).toBe(0)
    const res = parseResponse(r.stdout)
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    // Decode the chunked body by hand.
    let rest = res.body
    let body = ''
    for (;;) {
      const nl = rest.indexOf('\r\n')
      const size = Number.parseInt(rest.slice(0, nl), 16)
      if (size === 0) break
      body += rest.slice(nl + 2, nl + 2 + size)
      expect(rest.slice(nl + 2 + size, nl + 4 + size)).toBe('\r\n')
      rest = rest.slice(nl + 4 + size)
    }
    expect(body).toBe('part 0;part 1;part 2;part 3;')
  })

  it('POST: headers and a body sent in pieces (sock_send, then fd_write) reach the server', async () => {
    const body = 'name=vitamin&text=ünïcödé payload'
    const r = await runGuest(post, ['127.0.0.1', String(server.port), '/echo?x=1', body], network())
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    const res = parseResponse(r.stdout)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-echo')).toBe('yes')
    const echo = JSON.parse(res.body)
    expect(echo.method).toBe('POST')
    expect(echo.url).toBe('/echo?x=1')
    expect(echo.body).toBe(body)
    expect(echo.bodyLength).toBe(Buffer.byteLength(body))
    expect(echo.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(echo.headers['x-test']).toBe('from C')
  })

  it('a URL the allowlist refuses gets a 403 from the proxy, and never reaches the server', async () => {
    const r = await runGuest(get, ['127.0.0.1', String(server.port), '/echo'], network({ allow: ['example.com'] }))
    expect(r.exitCode).toBe(0)
    const res = parseResponse(r.stdout)
    expect(res.status).toBe(403)
    expect(res.headers.get('x-vitamin-proxy-error')).toBe('refused')
    expect(res.body).toContain(`GET http://127.0.0.1:${server.port}/echo is not allowed by the network policy`)
  })

  it('a server that is not there gives a 502 naming the cause', async () => {
    const r = await runGuest(get, ['127.0.0.1', String(closedPort), '/'], network())
    expect(r.exitCode).toBe(0)
    const res = parseResponse(r.stdout)
    expect(res.status).toBe(502)
    expect(res.headers.get('x-vitamin-proxy-error')).toBe('fetch-failed')
    expect(res.body).toContain(`fetch(GET http://127.0.0.1:${closedPort}/) failed`)
    expect(res.body).toContain('ECONNREFUSED')
  })

  it('a response that breaks off is ERRNO_CONNRESET for the guest, after the bytes that came', async () => {
    const r = await runGuest(get, ['127.0.0.1', String(server.port), '/broken'], network())
    expect(r.exitCode).toBe(14)
    expect(r.stderr).toBe(`sock_recv failed: errno ${C.ERRNO_CONNRESET}\n`)
    expect(r.stdout.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true)
    expect(r.stdout).toContain('content-length: 100000')
  })

  it('without a network, sockets open but connecting is ERRNO_NETUNREACH', async () => {
    const r = await runGuest(get, ['127.0.0.1', String(server.port), '/hello'], undefined)
    expect(r.exitCode).toBe(12)
    expect(r.stderr).toBe(`sock_connect failed: errno ${C.ERRNO_NETUNREACH}\n`)
  })
})

/** A host with memory bound directly, and its sock imports called as a guest would. */
function bare(net: NetworkInterface | undefined = network()) {
  const hostErrors: unknown[] = []
  const host = new WasiHost({ vfs: createVfs(), network: net, onError: (e) => hostErrors.push(e) })
  const memory = new WebAssembly.Memory({ initial: 1 })
  host.memory.bind(memory)
  const s = host.imports[SOCK_MODULE] as unknown as Record<string, (...args: number[]) => number>
  const u8 = () => new Uint8Array(memory.buffer)
  const u32 = (p: number) => new DataView(memory.buffer).getUint32(p, true)
  const put = (p: number, text: string | Uint8Array) => {
    const b = typeof text === 'string' ? new TextEncoder().encode(text) : text
    u8().set(b, p)
    return b.length
  }
  const open = () => {
    expect(s.sock_open!(1, 6, 0)).toBe(C.ERRNO_SUCCESS)
    return u32(0)
  }
  const connect = (fd: number, host = '127.0.0.1', port = server.port) => s.sock_connect!(fd, 100, put(100, host), port)
  return { host, hostErrors, memory, s, u8, u32, put, open, connect }
}

const OUT_OF_BOUNDS = 65536 - 2 // a 4-byte out-pointer here crosses the end of one page

describe('the errno plane', () => {
  it("the proxy's NetworkInterface is what the sock imports need (checked by the typecheck)", () => {
    expectTypeOf<NetworkInterface>().toExtend<SockNetwork>()
  })

  it('sock_open: descriptors from the shared table, family and type checked, out-pointer bounds-checked', () => {
    const g = bare()
    expect(g.s.sock_open!(1, 6, 0)).toBe(C.ERRNO_SUCCESS)
    expect(g.u32(0)).toBe(3) // 0–2 are stdio, no preopens
    expect(g.s.sock_open!(2, 6, 4)).toBe(C.ERRNO_SUCCESS)
    expect(g.u32(4)).toBe(4)
    expect(g.s.sock_open!(3, 6, 0)).toBe(C.ERRNO_AFNOSUPPORT)
    expect(g.s.sock_open!(0, 6, 0)).toBe(C.ERRNO_AFNOSUPPORT)
    expect(g.s.sock_open!(1, 5, 0)).toBe(C.ERRNO_PROTONOSUPPORT)
    expect(g.s.sock_open!(1, 99, 0)).toBe(C.ERRNO_INVAL)
    expect(g.s.sock_open!(1, 6, OUT_OF_BOUNDS)).toBe(C.ERRNO_FAULT)
    expect(g.s.sock_open!(1, 6, -1)).toBe(C.ERRNO_FAULT)
    // The fault came first: no descriptor was taken.
    expect(g.host.fds.openFds()).toEqual([0, 1, 2, 3, 4])
  })

  it('sock_connect: host and port validated, bad pointers fault, the fd must be a socket', () => {
    const g = bare()
    const fd = g.open()
    expect(g.connect(fd, 'not a host')).toBe(C.ERRNO_INVAL)
    expect(g.connect(fd, 'a/b')).toBe(C.ERRNO_INVAL)
    expect(g.connect(fd, '')).toBe(C.ERRNO_INVAL)
    expect(g.connect(fd, '127.0.0.1', 0)).toBe(C.ERRNO_INVAL)
    expect(g.connect(fd, '127.0.0.1', 65536)).toBe(C.ERRNO_INVAL)
    expect(g.s.sock_connect!(fd, 100, g.put(100, new Uint8Array([0x68, 0xff, 0x68])), 80)).toBe(C.ERRNO_ILSEQ)
    expect(g.s.sock_connect!(fd, 65530, 10, 80)).toBe(C.ERRNO_FAULT)
    expect(g.connect(99)).toBe(C.ERRNO_BADF)
    expect(g.connect(1)).toBe(C.ERRNO_NOTSOCK) // stdout is not a socket
    expect(g.connect(fd, '::1')).toBe(C.ERRNO_SUCCESS)
    expect(g.connect(fd)).toBe(C.ERRNO_ISCONN)
  })

  it('sock_send / sock_recv: NOTCONN before connect, AGAIN with no request sent, faults before effects', () => {
    const g = bare()
    const fd = g.open()
    expect(g.s.sock_send!(fd, 200, g.put(200, 'GET'), 0)).toBe(C.ERRNO_NOTCONN)
    expect(g.s.sock_recv!(fd, 200, 10, 0)).toBe(C.ERRNO_NOTCONN)
    expect(g.connect(fd)).toBe(C.ERRNO_SUCCESS)
    expect(g.s.sock_recv!(fd, 200, 10, 0)).toBe(C.ERRNO_AGAIN)
    expect(g.s.sock_send!(fd, 65000, 1000, 0)).toBe(C.ERRNO_FAULT)
    expect(g.s.sock_send!(fd, 200, 3, OUT_OF_BOUNDS)).toBe(C.ERRNO_FAULT)
    expect(g.s.sock_recv!(fd, 65000, 1000, 0)).toBe(C.ERRNO_FAULT)
    expect(g.s.sock_recv!(fd, 200, 10, OUT_OF_BOUNDS)).toBe(C.ERRNO_FAULT)
    expect(g.s.sock_send!(42, 200, 3, 0)).toBe(C.ERRNO_BADF)
    expect(g.s.sock_recv!(42, 200, 3, 0)).toBe(C.ERRNO_BADF)
  })

  it('a whole exchange through the imports, then EPIPE, EOF, and a closed fd is EBADF', () => {
    const g = bare()
    const fd = g.open()
    expect(g.connect(fd)).toBe(C.ERRNO_SUCCESS)
    const req = 'GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
    expect(g.s.sock_send!(fd, 1000, g.put(1000, req), 0)).toBe(C.ERRNO_SUCCESS)
    expect(g.u32(0)).toBe(req.length)
    let text = ''
    for (;;) {
      expect(g.s.sock_recv!(fd, 2000, 4096, 4)).toBe(C.ERRNO_SUCCESS)
      const n = g.u32(4)
      if (n === 0) break
      text += Buffer.from(g.u8().slice(2000, 2000 + n)).toString()
    }
    expect(text.endsWith('\r\n\r\nhello world\n')).toBe(true)
    // After Connection: close the stream takes no more requests.
    expect(g.s.sock_send!(fd, 1000, g.put(1000, req), 0)).toBe(C.ERRNO_PIPE)
    expect(g.s.sock_recv!(fd, 2000, 10, 4)).toBe(C.ERRNO_SUCCESS)
    expect(g.u32(4)).toBe(0)
    expect(g.s.sock_close!(fd)).toBe(C.ERRNO_SUCCESS)
    expect(g.s.sock_close!(fd)).toBe(C.ERRNO_BADF)
    expect(g.s.sock_recv!(fd, 2000, 10, 4)).toBe(C.ERRNO_BADF)
    expect(g.s.sock_close!(1)).toBe(C.ERRNO_NOTSOCK)
    expect(g.host.fds.openFds()).toEqual([0, 1, 2])
  })

  it('closing the host closes the network sockets it left open', () => {
    const net = network()
    const g = bare(net)
    const fd = g.open()
    expect(g.connect(fd)).toBe(C.ERRNO_SUCCESS)
    g.host.close()
    // The proxy forgot the socket: the guest's socket id 1 is gone.
    expect(() => net.send(1, new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'send' }))
  })

  it('random arguments never throw: every call answers an errno', () => {
    const g = bare()
    const names = ['sock_open', 'sock_connect', 'sock_send', 'sock_recv', 'sock_close'] as const
    const i32 = fc.oneof(fc.integer({ min: -2, max: 70_000 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(i32, { minLength: 4, maxLength: 4 }), (name, args) => {
        // Connect only to a closed port, so no real traffic starts.
        const a = name === 'sock_connect' ? [args[0]!, args[1]!, args[2]!, 1] : args
        const errno = g.s[name]!(...a)
        expect(Number.isInteger(errno) && errno >= 0 && errno <= C.ERRNO_NOTCAPABLE).toBe(true)
      }),
      { numRuns: 2000 },
    )
    // No call was a host failure (those answer ERRNO_IO and are reported).
    expect(g.hostErrors).toEqual([])
  })
})
