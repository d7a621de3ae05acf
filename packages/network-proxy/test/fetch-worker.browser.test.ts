/**
 * The browser's blocking network, in real Chromium (cross-origin isolated by
 * the test server's COOP/COEP headers): a guest in a Web Worker blocks on
 * recv while its nested fetch worker fetches from the page's own origin.
 */
import { createNetworkProxy } from '@aspect-build/network-proxy'
import { startFetchWorker } from '@aspect-build/network-proxy/browser'
import { describe, expect, it } from 'vitest'

const fixture = new URL('./support/fixture.txt', import.meta.url).pathname

function split(bytes: Uint8Array) {
  const raw = new TextDecoder().decode(bytes)
  const end = raw.indexOf('\r\n\r\n')
  return { head: raw.slice(0, end), body: raw.slice(end + 4) }
}

describe('the blocking network in a browser', () => {
  it.each([
    ['a blob: fetch worker', false],
    ['a fetch worker of its own (for a strict CSP)', true],
  ])('a worker guest blocks on recv until %s has the response', async (_, custom) => {
    expect(crossOriginIsolated).toBe(true)
    const expected = await (await fetch(fixture)).text()
    const guest = new Worker(new URL('./support/blocking-guest.ts', import.meta.url), { type: 'module' })
    const reply = await new Promise<{ ok: boolean; bytes: Uint8Array; nulls: number; blocking: boolean }>(
      (resolve, reject) => {
        guest.onmessage = (e) => resolve(e.data)
        guest.onerror = (e) => reject(new Error(e.message))
        guest.postMessage({ path: fixture, custom })
      },
    )
    guest.terminate()
    expect(reply).toMatchObject({ ok: true, nulls: 0, blocking: true })
    const { head, body } = split(reply.bytes)
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
    expect(head).toContain('\r\nconnection: close')
    // Either framing, the payload is the file.
    const payload = /\r\ntransfer-encoding: chunked/.test(head) ? dechunk(body) : body
    expect(payload).toBe(expected)
  })

  it('the page itself may not block: recv fails ENOTSUP, naming the fix', async () => {
    const worker = await startFetchWorker({ timeoutMs: 5_000 })
    try {
      const net = createNetworkProxy({ fetcher: worker.fetcher })
      const s = net.open('inet', 'stream')
      net.connect(s, location.hostname, Number(location.port))
      net.send(s, new TextEncoder().encode(`GET ${fixture} HTTP/1.1\r\nHost: ${location.host}\r\n\r\n`))
      let error: unknown
      try {
        net.recv(s, 100)
      } catch (e) {
        error = e
      }
      expect(error).toMatchObject({ code: 'ENOTSUP', syscall: 'fetch' })
      expect((error as Error).message).toContain('run the guest in a worker')
    } finally {
      await worker.close()
    }
  })

  it('the non-blocking network works on the page, awaiting readable()', async () => {
    const expected = await (await fetch(fixture)).text()
    const net = createNetworkProxy()
    expect(net.blocking).toBe(false)
    const s = net.open('inet', 'stream')
    net.connect(s, location.hostname, Number(location.port))
    net.send(
      s,
      new TextEncoder().encode(`GET ${fixture} HTTP/1.1\r\nHost: ${location.host}\r\nConnection: close\r\n\r\n`),
    )
    const chunks: number[] = []
    for (;;) {
      const b = net.recv(s, 4096)
      if (b === null) await net.readable(s)
      else if (b.length === 0) break
      else chunks.push(...b)
    }
    const { head, body } = split(new Uint8Array(chunks))
    const payload = /\r\ntransfer-encoding: chunked/.test(head) ? dechunk(body) : body
    expect(payload).toBe(expected)
  })
})

function dechunk(body: string): string {
  // Chunk sizes count bytes, so work on bytes.
  const bytes = new TextEncoder().encode(body)
  const out: number[] = []
  let at = 0
  for (;;) {
    let nl = at
    while (bytes[nl] !== 13) nl++
    const size = Number.parseInt(new TextDecoder().decode(bytes.subarray(at, nl)), 16)
    if (size === 0) return new TextDecoder().decode(new Uint8Array(out))
    out.push(...bytes.subarray(nl + 2, nl + 2 + size))
    at = nl + 4 + size
  }
}
