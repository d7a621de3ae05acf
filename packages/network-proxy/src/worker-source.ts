/**
 * The source text of a fetch worker: `serveFetchChannel` over
 * `createFetchFetcher(fetch)`, each function embedded with `String(fn)` and
 * wired by arguments only, so renaming by a bundler or minifier cannot break
 * the link between them.
 */

import { CHANNEL_LAYOUT } from './channel/protocol.js'
import { serveFetchChannel } from './channel/server.js'
import { createFetchFetcher } from './fetch-fetcher.js'

/**
 * A script that serves the fetch channel on `scopeExpression` (`self` in a
 * browser worker; the transferred port in a Node worker).
 */
export function fetchWorkerSource(scopeExpression: string): string {
  return (
    `'use strict';\n(${String(serveFetchChannel)})(${scopeExpression}, ${JSON.stringify(CHANNEL_LAYOUT)}, ` +
    `(${String(createFetchFetcher)})((input, init) => fetch(input, init)));\n`
  )
}
