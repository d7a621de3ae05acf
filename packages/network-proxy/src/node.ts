/**
 * `@aspect-build/network-proxy/node`: the blocking network for Node. A
 * `worker_threads` worker runs the fetches while the guest's thread waits on
 * the fetch channel.
 *
 * ```ts
 * import { createNetworkProxy } from '@aspect-build/network-proxy'
 * import { startFetchWorker } from '@aspect-build/network-proxy/node'
 * const worker = await startFetchWorker()
 * const network = createNetworkProxy({ fetcher: worker.fetcher, allow: ['127.0.0.1'] })
 * // … run the guest …
 * await worker.close()
 * ```
 */

import { MessageChannel, Worker } from 'node:worker_threads'
import { type ChannelFetcher, type FetchChannelOptions, openFetchChannel } from './channel/client.js'
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

/**
 * Start a fetch worker (a `worker_threads` worker using Node's `fetch`). The
 * worker does not keep the process alive. Rejects with `NetworkError`
 * `ETIMEDOUT` when it does not come up, `EINVAL` for a bad option.
 */
export async function startFetchWorker(options: FetchChannelOptions = {}): Promise<FetchWorker> {
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');\n${fetchWorkerSource('workerData.port')}`,
    { eval: true, workerData: { port: port2 }, transferList: [port2] },
  )
  worker.unref()
  port1.unref()
  let fetcher: ChannelFetcher
  try {
    fetcher = await openFetchChannel(port1 as unknown as MessageEndpoint, options)
  } catch (e) {
    port1.close()
    await worker.terminate()
    throw e
  }
  return {
    fetcher,
    async close(): Promise<void> {
      fetcher.shutdown()
      port1.close()
      await worker.terminate()
    },
  }
}
