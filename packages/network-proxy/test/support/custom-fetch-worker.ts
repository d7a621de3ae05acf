// A fetch worker entry of one's own (for pages whose CSP forbids blob: workers), as browser.ts documents it.
import { CHANNEL_LAYOUT, createFetchFetcher, serveFetchChannel } from '@aspect-build/network-proxy'

serveFetchChannel(
  self,
  CHANNEL_LAYOUT,
  createFetchFetcher((input, init) => fetch(input, init)),
)
