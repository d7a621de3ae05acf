/**
 * `node:https`: node:http's machinery for `https:` URLs. `request`/`get`
 * are `http.request` with `https.globalAgent` (port 443, protocol
 * `https:`), returning an `http.ClientRequest`; the TLS itself is the
 * page's `fetch`'s business, so TLS options (`ca`, `cert`, `rejectUnauthorized`
 * …) are accepted and have no effect. `createServer` listens on a container
 * port like `http.createServer` (the container's transport is not TLS: the
 * `key`/`cert` options are accepted and unused; sockets report
 * `encrypted: true`).
 */
import type { NodeContext } from './context.js'
import { httpBinding, type ServerConstructor } from './http.js'
import { HttpsAgent } from './internal/http-agent.js'
import type { ClientRequest } from './internal/http-client.js'
import { isUrl, parseUrl, type RequestOptions, urlToHttpOptions } from './internal/http-client.js'
import type { Server } from './internal/http-server.js'

/** What `require('node:https')` returns. */
export interface HttpsModule {
  Agent: typeof HttpsAgent
  Server: ServerConstructor
  createServer(options?: unknown, requestListener?: unknown): Server
  get(input: unknown, options?: unknown, callback?: unknown): ClientRequest
  globalAgent: HttpsAgent
  request(input: unknown, options?: unknown, callback?: unknown): ClientRequest
}

/** Builds `node:https` for the process behind `ctx`. */
export function createHttps(ctx: NodeContext): HttpsModule {
  const binding = httpBinding(ctx)
  const request = (...args: unknown[]): ClientRequest => {
    let options: RequestOptions = {}
    if (typeof args[0] === 'string') options = urlToHttpOptions(parseUrl(args.shift() as string))
    else if (args[0] !== null && typeof args[0] === 'object' && isUrl(args[0]))
      options = urlToHttpOptions(args.shift() as URL)
    if (args[0] && typeof args[0] !== 'function') Object.assign(options, args.shift())
    options._defaultAgent = binding.httpsAgent
    return new binding.ClientRequest(options, ...args)
  }
  const module: HttpsModule = {
    Agent: HttpsAgent,
    Server: binding.HttpsServer,
    createServer: (options?: unknown, requestListener?: unknown) => new binding.HttpsServer(options, requestListener),
    get(...args: unknown[]): ClientRequest {
      const req = request(...args)
      req.end()
      return req
    },
    globalAgent: binding.httpsAgent,
    request,
  }
  Object.defineProperty(module, 'globalAgent', {
    get: () => binding.httpsAgent,
    set: (agent: HttpsAgent) => {
      binding.httpsAgent = agent
    },
    enumerable: true,
    configurable: true,
  })
  return module
}
