/**
 * A synchronous "guest" in a Web Worker: it starts a fetch worker of its own
 * (a nested blob: worker, or with `custom` one started from
 * custom-fetch-worker.ts) and does one HTTP/1.1 exchange with blocking recv
 * calls, then posts the raw response (or the error's fields) back.
 */
import { createNetworkProxy, type NetworkError } from '@aspect-build/network-proxy'
import { startFetchWorker } from '@aspect-build/network-proxy/browser'

self.onmessage = async (event: MessageEvent<{ path: string; custom?: boolean }>) => {
  try {
    const endpoint = event.data.custom
      ? new Worker(new URL('./custom-fetch-worker.ts', import.meta.url), { type: 'module' })
      : undefined
    const worker = await startFetchWorker({ timeoutMs: 10_000, endpoint })
    const net = createNetworkProxy({ fetcher: worker.fetcher })
    const s = net.open('inet', 'stream')
    net.connect(s, location.hostname, Number(location.port))
    const request = `GET ${event.data.path} HTTP/1.1\r\nHost: ${location.host}\r\nConnection: close\r\n\r\n`
    net.send(s, new TextEncoder().encode(request))
    const chunks: Uint8Array[] = []
    let nulls = 0
    for (;;) {
      const b = net.recv(s, 100)
      if (b === null) nulls++
      else if (b.length === 0) break
      else chunks.push(b)
    }
    await worker.close()
    endpoint?.terminate()
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
    let at = 0
    for (const c of chunks) {
      bytes.set(c, at)
      at += c.length
    }
    postMessage({ ok: true, bytes, nulls, blocking: net.blocking })
  } catch (e) {
    const { code, syscall, message } = e as NetworkError
    postMessage({ ok: false, code, syscall, message })
  }
}
