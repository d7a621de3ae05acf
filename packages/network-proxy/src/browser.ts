/**
 * `@aspect-build/network-proxy/browser`: the blocking network for browsers. A
 * Web Worker runs the fetches while the guest's worker waits on the fetch
 * channel. It needs SharedArrayBuffer, so a cross-origin isolated page
 * (`Cross-Origin-Opener-Policy: same-origin`,
 * `Cross-Origin-Embedder-Policy: require-corp`), and a guest running in a
 * worker (a page's main thread may not block).
 */

import {
  assertSharedMemory,
  type ChannelFetcher,
  type FetchChannelOptions,
  openFetchChannel,
} from './channel/client.js'
import type { MessageEndpoint } from './channel/protocol.js'
import { fetchWorkerSource } from './worker-source.js'

export type { ChannelFetcher, FetchChannelOptions } from './channel/client.js'

/** A running fetch worker. */
export interface FetchWorker {
  /** The blocking fetcher to give `createNetworkProxy({ fetcher })`. */
  readonly fetcher: ChannelFetcher
  /** Stop the worker; later blocking calls fail with `ESHUTDOWN`. */
  close(): Promise<void>
}

/** Options of the browser's {@link startFetchWorker}. */
export interface BrowserFetchWorkerOptions extends FetchChannelOptions {
  /**
   * A worker (or port) already running the channel, for pages whose
   * Content-Security-Policy forbids `blob:` workers; its entry is:
   *
   * ```ts
   * import { CHANNEL_LAYOUT, createFetchFetcher, serveFetchChannel } from '@aspect-build/network-proxy'
   * serveFetchChannel(self, CHANNEL_LAYOUT, createFetchFetcher((input, init) => fetch(input, init)))
   * ```
   *
   * It is not terminated by `close()`. Default: a classic worker started
   * from a `blob:` URL holding the same code.
   */
  endpoint?: MessageEndpoint & { terminate?(): void }
}

/**
 * Start a fetch worker. Throws `NetworkError` `ENOTSUP` naming the COOP/COEP
 * headers when the page is not cross-origin isolated; rejects `ETIMEDOUT`
 * when the worker does not come up (a CSP forbidding `blob:` workers).
 */
export async function startFetchWorker(options: BrowserFetchWorkerOptions = {}): Promise<FetchWorker> {
  assertSharedMemory()
  const { endpoint: given, ...channel } = options
  let endpoint = given
  let url: string | undefined
  if (!endpoint) {
    url = URL.createObjectURL(new Blob([fetchWorkerSource('self')], { type: 'text/javascript' }))
    endpoint = new Worker(url, { name: 'vitamin-fetch' })
  }
  let fetcher: ChannelFetcher
  try {
    fetcher = await openFetchChannel(endpoint, channel)
  } catch (e) {
    endpoint.terminate?.()
    throw e
  } finally {
    if (url) URL.revokeObjectURL(url)
  }
  const created = given ? undefined : endpoint
  return {
    fetcher,
    async close(): Promise<void> {
      fetcher.shutdown()
      created?.terminate?.()
    },
  }
}
