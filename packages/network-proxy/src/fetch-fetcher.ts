/**
 * The non-blocking {@link HttpFetcher}: exchanges run in this thread over a
 * `fetch` function. The fetch worker runs this same code on its side of the
 * channel.
 *
 * This function is shipped to workers as source text (`String(fn)`), so its
 * body must stay self-contained: no imports, no module-level helpers, only
 * globals every worker has.
 */

import type { HttpFetcher, ProxyRequest, ResponseHead } from './types.js'

/** A non-blocking {@link HttpFetcher} over `fetchFn`; credentials are always omitted. */
export function createFetchFetcher(fetchFn: typeof fetch): HttpFetcher {
  interface Exchange {
    controller: AbortController
    response: Promise<Response>
    reader: ReadableStreamDefaultReader<Uint8Array> | null
    leftover: Uint8Array | null
  }
  const exchanges = new Map<number, Exchange>()
  const get = (id: number): Exchange => {
    const x = exchanges.get(id)
    if (!x) throw new Error(`unknown exchange ${id}`)
    return x
  }
  return {
    blocking: false,
    start(id: number, request: ProxyRequest): void {
      const controller = new AbortController()
      let response: Promise<Response>
      try {
        response = fetchFn(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body && request.body.length > 0 ? (request.body as Uint8Array<ArrayBuffer>) : null,
          redirect: request.redirect,
          credentials: 'omit',
          signal: controller.signal,
        })
      } catch (e) {
        response = Promise.reject(e)
      }
      // Observed later by head(); this keeps an early failure from being reported as unhandled.
      response.catch(() => {})
      exchanges.set(id, { controller, response, reader: null, leftover: null })
    },
    async head(id: number): Promise<ResponseHead> {
      const x = get(id)
      let res: Response
      try {
        res = await x.response
      } catch (e) {
        exchanges.delete(id)
        throw e
      }
      x.reader = res.body ? res.body.getReader() : null
      const headers: [string, string][] = []
      res.headers.forEach((value, name) => {
        // forEach combines Set-Cookie; getSetCookie() keeps each one apart.
        if (name !== 'set-cookie') headers.push([name, value])
      })
      const cookies = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : []
      for (const c of cookies) headers.push(['set-cookie', c])
      return { status: res.status, statusText: res.statusText, headers }
    },
    async read(id: number, maxBytes: number): Promise<Uint8Array> {
      const x = get(id)
      let chunk = x.leftover
      x.leftover = null
      while (!chunk || chunk.length === 0) {
        if (!x.reader) {
          exchanges.delete(id)
          return new Uint8Array(0)
        }
        let step: ReadableStreamReadResult<Uint8Array>
        try {
          step = await x.reader.read()
        } catch (e) {
          exchanges.delete(id)
          throw e
        }
        if (step.done) {
          exchanges.delete(id)
          return new Uint8Array(0)
        }
        chunk = step.value
      }
      const max = Math.max(1, maxBytes)
      if (chunk.length > max) {
        x.leftover = chunk.subarray(max)
        chunk = chunk.subarray(0, max)
      }
      return chunk
    },
    abort(id: number): void {
      const x = exchanges.get(id)
      if (!x) return
      exchanges.delete(id)
      x.controller.abort()
      if (x.reader) x.reader.cancel().catch(() => {})
    },
  }
}
