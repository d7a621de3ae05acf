/**
 * The blocking network: a Node fetch worker answers over the fetch channel
 * (SharedArrayBuffer + Atomics.wait) while this thread waits. The server
 * runs in its own thread, so it answers while this one is blocked.
 */

import { createServer } from 'node:net'
import {
  assertSharedMemory,
  createNetworkProxy,
  NetworkError,
  type NetworkInterface,
  type ProxyRequest,
} from '@aspect-build/network-proxy'
import { type FetchWorker, startFetchWorker } from '@aspect-build/network-proxy/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './support/server.js'

let server: TestServer
let worker: FetchWorker
let closedPort: number

beforeAll(async () => {
  server = await startTestServer()
  worker = await startFetchWorker({ timeoutMs: 10_000 })
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  closedPort = (probe.address() as { port: number }).port
  await new Promise((resolve) => probe.close(resolve))
})

afterAll(async () => {
  await worker?.close()
  await server?.close()
})

/** Sends `request` and reads to the end of stream, synchronously; `max` bytes per recv. */
function exchangeSync(net: NetworkInterface, request: string, port = server.port, max = 65536): Buffer {
  const s = net.open('inet', 'stream')
  net.connect(s, '127.0.0.1', port)
  net.send(s, new Uint8Array(Buffer.from(request, 'latin1')))
  const parts: Buffer[] = []
  for (;;) {
    const b = net.recv(s, max)
    // A blocking network never answers "not ready".
    expect(b).not.toBeNull()
    if (b!.length === 0) break
    parts.push(Buffer.from(b!))
  }
  net.close(s)
  return Buffer.concat(parts)
}

function split(raw: Buffer) {
  const end = raw.indexOf('\r\n\r\n')
  return { head: raw.subarray(0, end).toString('latin1'), body: raw.subarray(end + 4) }
}

describe('a blocking network over a Node fetch worker', () => {
  it('is blocking, and a GET completes without this thread ever awaiting', () => {
    const net = createNetworkProxy({ fetcher: worker.fetcher })
    expect(net.blocking).toBe(true)
    const { head, body } = split(
      exchangeSync(net, 'GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', undefined, 7),
    )
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
    expect(head).toContain('\r\ncontent-length: 12')
    expect(body.toString()).toBe('hello world\n')
  })

  it('a 1 MiB body arrives intact across many channel reads', () => {
    const n = 1 << 20
    const net = createNetworkProxy({ fetcher: worker.fetcher })
    const { head, body } = split(exchangeSync(net, `GET /big?n=${n} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`))
    expect(head).toContain(`\r\ncontent-length: ${n}`)
    expect(body.length).toBe(n)
    for (let i = 0; i < n; i += 4099) expect(body[i]).toBe(i % 251)
  })

  it('a POST body reaches the server', () => {
    const net = createNetworkProxy({ fetcher: worker.fetcher })
    const payload = 'x'.repeat(100_000)
    const { body } = split(
      exchangeSync(
        net,
        `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n${payload}`,
      ),
    )
    const echo = JSON.parse(body.toString())
    expect(echo.bodyLength).toBe(payload.length)
  })

  it('a response head larger than the shared buffer comes over in several frames', async () => {
    const small = await startFetchWorker({ bufferBytes: 1024, timeoutMs: 10_000 })
    try {
      const net = createNetworkProxy({ fetcher: small.fetcher })
      const { head, body } = split(
        exchangeSync(net, 'GET /headers?n=60 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      )
      expect(head.length).toBeGreaterThan(6000)
      for (let i = 0; i < 60; i++) expect(head).toContain(`\r\nx-filler-${i}: ${'f'.repeat(100)}`)
      expect(body.toString()).toBe('many headers')
    } finally {
      await small.close()
    }
  })

  it("fetch()'s error crosses the channel field by field, cause included", () => {
    const request: ProxyRequest = {
      url: `http://127.0.0.1:${closedPort}/`,
      method: 'GET',
      headers: [],
      body: null,
      redirect: 'follow',
    }
    worker.fetcher.start(9001, request)
    let error: unknown
    try {
      worker.fetcher.head(9001)
    } catch (e) {
      error = e
    }
    // Node's fetch: TypeError('fetch failed') with the socket error as its cause.
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' })
    expect((error as Error).stack).toContain('TypeError: fetch failed')
    expect((error as { cause?: unknown }).cause).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' })
    // Through the proxy the same failure is a 502 naming the cause.
    const net = createNetworkProxy({ fetcher: worker.fetcher })
    const raw = exchangeSync(net, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', closedPort).toString()
    expect(raw.startsWith('HTTP/1.1 502 Bad Gateway\r\n')).toBe(true)
    expect(raw).toContain('fetch failed: ')
    expect(raw).toContain('ECONNREFUSED')
  })

  it('a response that breaks off is ECONNRESET on recv', () => {
    const net = createNetworkProxy({ fetcher: worker.fetcher })
    expect(() => exchangeSync(net, 'GET /broken HTTP/1.1\r\nHost: x\r\n\r\n')).toThrow(
      expect.objectContaining({ code: 'ECONNRESET', syscall: 'recv' }),
    )
  })

  it('a call that outlives its timeout fails ETIMEDOUT and closes the channel (later calls ESHUTDOWN)', async () => {
    const slow = await startFetchWorker({ timeoutMs: 300 })
    try {
      const net = createNetworkProxy({ fetcher: slow.fetcher })
      const started = Date.now()
      let error: unknown
      try {
        exchangeSync(net, 'GET /hang HTTP/1.1\r\nHost: x\r\n\r\n')
      } catch (e) {
        error = e
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      expect(error).toBeInstanceOf(NetworkError)
      expect(error).toMatchObject({ code: 'ETIMEDOUT', syscall: 'fetch' })
      expect(slow.fetcher.closed).toBe(true)
      expect(() => exchangeSync(net, 'GET /hello HTTP/1.1\r\nHost: x\r\n\r\n')).toThrow(
        expect.objectContaining({ code: 'ESHUTDOWN', syscall: 'fetch' }),
      )
    } finally {
      await slow.close()
    }
  })

  it('after close(), calls fail ESHUTDOWN', async () => {
    const w = await startFetchWorker()
    await w.close()
    expect(() => w.fetcher.head(1)).toThrow(expect.objectContaining({ code: 'ESHUTDOWN', syscall: 'fetch' }))
  })

  it('bad options are refused, naming the key', async () => {
    await expect(startFetchWorker({ bufferBytes: 10 })).rejects.toMatchObject({
      code: 'EINVAL',
      syscall: 'startFetchWorker',
      message: expect.stringContaining('"bufferBytes" must be an integer ≥ 1024'),
    })
    await expect(startFetchWorker({ timeout: 5 } as never)).rejects.toMatchObject({
      code: 'EINVAL',
      message: expect.stringContaining('Invalid option in startFetchWorker(): "timeout"'),
    })
  })
})

describe('assertSharedMemory', () => {
  it('names the COOP/COEP headers when memory cannot be shared', () => {
    for (const scope of [{}, { SharedArrayBuffer, crossOriginIsolated: false }]) {
      let error: unknown
      try {
        assertSharedMemory(scope)
      } catch (e) {
        error = e
      }
      expect(error).toMatchObject({ code: 'ENOTSUP', syscall: 'startFetchWorker' })
      expect((error as Error).message).toContain('Cross-Origin-Opener-Policy: same-origin')
      expect((error as Error).message).toContain('Cross-Origin-Embedder-Policy: require-corp')
    }
    expect(() => assertSharedMemory({ SharedArrayBuffer, crossOriginIsolated: true })).not.toThrow()
    expect(() => assertSharedMemory({ SharedArrayBuffer })).not.toThrow() // Node: no such flag
  })
})
