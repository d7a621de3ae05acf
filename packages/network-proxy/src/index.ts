/**
 * `@aspect-build/network-proxy`: guest network traffic over browser APIs
 * (design §5). A {@link NetworkInterface} gives a WASI guest (and later the
 * runtime) stream sockets that speak HTTP/1.1 to the world through `fetch()`,
 * under one policy: an allowlist, credentials omitted, an optional CORS proxy.
 *
 * ```ts
 * import { createNetworkProxy } from '@aspect-build/network-proxy'
 * const network = createNetworkProxy({ allow: ['registry.npmjs.org'] })
 * const s = network.open('inet', 'stream')
 * network.connect(s, 'registry.npmjs.org', 443)
 * network.send(s, new TextEncoder().encode('GET / HTTP/1.1\r\nHost: registry.npmjs.org\r\nConnection: close\r\n\r\n'))
 * await network.readable(s)
 * network.recv(s, 65536) // the response's bytes: 'HTTP/1.1 200 OK\r\n…'
 * ```
 *
 * Synchronous guests need a blocking network: `startFetchWorker()` from
 * `@aspect-build/network-proxy/node` or `/browser`, passed as `fetcher`.
 */

export type {
  ChannelFetcher,
  FetchChannelOptions,
} from './channel/client.js'
export { assertSharedMemory, CROSS_ORIGIN_ISOLATION_HELP, openFetchChannel } from './channel/client.js'
export type { ChannelLayout, ChannelMessage, MessageEndpoint, SerializedError } from './channel/protocol.js'
export { CHANNEL_LAYOUT, DEFAULT_CHANNEL_BYTES } from './channel/protocol.js'
export { serveFetchChannel } from './channel/server.js'
export type { NetworkErrorCode, NetworkErrorContext } from './errors.js'
export { isNetworkError, NetworkError } from './errors.js'
export { createFetchFetcher } from './fetch-fetcher.js'
export type { ProxyErrorKind } from './http/message.js'
export { PROXY_ERROR_HEADER } from './http/message.js'
export type { ParsedRequest } from './http/request-parser.js'
export { DEFAULT_LIMITS, HttpParseError, RequestParser } from './http/request-parser.js'
export { createNetworkProxy } from './http-proxy.js'
export type {
  HttpFetcher,
  HttpLimits,
  MaybePromise,
  NetworkInterface,
  NetworkPolicy,
  NetworkProxyOptions,
  ProxyRequest,
  ResponseHead,
  SocketFamily,
  SocketId,
  SocketType,
} from './types.js'
