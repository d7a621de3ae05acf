/**
 * `node:http` over the container's network (see `http-common.ts` for the
 * transport and what it changes): `request`/`get` send one `fetch` per
 * request through `RuntimeHost.fetch`, `createServer` listens through
 * `RuntimeHost.listen`. The classes are Node's (`ClientRequest`,
 * `IncomingMessage`, `OutgoingMessage`, `ServerResponse`, `Server`,
 * `Agent`); `Server` and `ClientRequest` are bound to the process that
 * required the module (they use its host), and, as in Node, can be called
 * without `new`.
 *
 * Not here: `setGlobalProxyFromEnv` with a proxy set (the page's `fetch`
 * cannot be routed through a proxy; it throws `ENOTSUP` saying so),
 * `OutgoingMessage#addTrailers` and `ServerResponse#writeContinue`/
 * `writeProcessing`/`writeEarlyHints` (trailers and informational
 * responses cannot cross the transport).
 */
import type { NodeContext } from './context.js'
import {
  METHODS,
  maxHeaderSize,
  STATUS_CODES,
  validateHeaderValue,
  validateHeaderName as validateName,
} from './http-common.js'
import { Agent, HttpsAgent } from './internal/http-agent.js'
import { type ClientBinding, ClientRequest as ClientRequestImpl } from './internal/http-client.js'
import { proxyUnavailable } from './internal/http-errors.js'
import { IncomingMessage } from './internal/http-incoming.js'
import { OutgoingMessage } from './internal/http-outgoing.js'
import { Server as ServerImpl, ServerResponse } from './internal/http-server.js'
import { validateInteger } from './internal/node-b-errors.js'
import { installStream } from './stream.js'

export { Agent, IncomingMessage, OutgoingMessage, ServerResponse }

/** `http.ClientRequest` as the module exports it: a constructor callable without `new`. */
export type ClientRequestConstructor = {
  new (input: unknown, options?: unknown, callback?: unknown): ClientRequestImpl
  (input: unknown, options?: unknown, callback?: unknown): ClientRequestImpl
  readonly prototype: ClientRequestImpl
}

/** `http.Server` as the module exports it: a constructor callable without `new`. */
export type ServerConstructor = {
  new (options?: unknown, requestListener?: unknown): ServerImpl
  (options?: unknown, requestListener?: unknown): ServerImpl
  readonly prototype: ServerImpl
}

/** What `require('node:http')` returns. */
export interface HttpModule {
  Agent: typeof Agent
  ClientRequest: ClientRequestConstructor
  CloseEvent: unknown
  IncomingMessage: typeof IncomingMessage
  METHODS: string[]
  MessageEvent: unknown
  OutgoingMessage: typeof OutgoingMessage
  STATUS_CODES: Record<number, string>
  Server: ServerConstructor
  ServerResponse: typeof ServerResponse
  WebSocket: unknown
  createServer(options?: unknown, requestListener?: unknown): ServerImpl
  get(input: unknown, options?: unknown, callback?: unknown): ClientRequestImpl
  globalAgent: Agent
  maxHeaderSize: number
  request(input: unknown, options?: unknown, callback?: unknown): ClientRequestImpl
  setGlobalProxyFromEnv(env?: Record<string, string | undefined>): () => void
  setMaxIdleHTTPParsers(max: number): void
  validateHeaderName(name: unknown, label?: string): void
  validateHeaderValue(name: unknown, value: unknown): void
}

/** One process's HTTP machinery: its bound classes and global agents (shared by node:http and node:https). */
export interface HttpBinding {
  ctx: NodeContext
  ClientRequest: ClientRequestConstructor
  Server: ServerConstructor
  HttpsServer: ServerConstructor
  httpAgent: Agent
  httpsAgent: HttpsAgent
  idleParsers: number
}

const bindings = new WeakMap<NodeContext, HttpBinding>()

/** The HTTP machinery of the process behind `ctx` (made once). */
export function httpBinding(ctx: NodeContext): HttpBinding {
  let binding = bindings.get(ctx)
  if (binding) return binding
  installStream()
  const agentOptions = { keepAlive: true, scheduling: 'lifo', timeout: 5000 }
  const made: HttpBinding = {
    ctx,
    ClientRequest: undefined as unknown as ClientRequestConstructor,
    Server: undefined as unknown as ServerConstructor,
    HttpsServer: undefined as unknown as ServerConstructor,
    httpAgent: new Agent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
    idleParsers: 1000,
  }
  const client: ClientBinding = { ctx, globalAgent: () => made.httpAgent }
  made.ClientRequest = bindClientRequest(client)
  made.Server = bindServer(ctx, false)
  // As in Bun, an https.Server is an http.Server.
  made.HttpsServer = bindServer(ctx, true, made.Server)
  binding = made
  bindings.set(ctx, binding)
  return binding
}

function bindClientRequest(client: ClientBinding): ClientRequestConstructor {
  const ClientRequest = function ClientRequest(
    this: unknown,
    input: unknown,
    options?: unknown,
    callback?: unknown,
  ): ClientRequestImpl {
    return Reflect.construct(ClientRequestImpl, [client, input, options, callback], new.target ?? ClientRequest)
  } as unknown as ClientRequestConstructor
  bindPrototype(ClientRequest, ClientRequestImpl)
  return ClientRequest
}

function bindServer(ctx: NodeContext, tls: boolean, parent?: ServerConstructor): ServerConstructor {
  const Server = function Server(this: unknown, options?: unknown, requestListener?: unknown): ServerImpl {
    return Reflect.construct(ServerImpl, [ctx, tls, options, requestListener], new.target ?? Server)
  } as unknown as ServerConstructor
  if (parent) {
    Object.defineProperty(Server, 'prototype', {
      value: Object.create(parent.prototype, { constructor: { value: Server, writable: true, configurable: true } }),
      writable: false,
    })
    Object.setPrototypeOf(Server, parent)
  } else bindPrototype(Server, ServerImpl)
  return Server
}

/**
 * Gives a per-process constructor its own prototype: a copy of the
 * implementation's methods over the implementation's parent (so the chain
 * reads as Node's, `ClientRequest → OutgoingMessage`), and patching one
 * process's class stays in that process.
 */
function bindPrototype(bound: object, impl: abstract new (...args: never[]) => unknown): void {
  const prototype = Object.create(
    Object.getPrototypeOf(impl.prototype) as object,
    Object.getOwnPropertyDescriptors(impl.prototype),
  ) as object
  Object.defineProperty(prototype, 'constructor', { value: bound, writable: true, configurable: true })
  Object.defineProperty(bound, 'prototype', { value: prototype, writable: false })
  Object.setPrototypeOf(bound, Object.getPrototypeOf(impl) as object)
}

/** Builds `node:http` for the process behind `ctx`. */
export function createHttp(ctx: NodeContext): HttpModule {
  const binding = httpBinding(ctx)
  const request = (input: unknown, options?: unknown, callback?: unknown): ClientRequestImpl =>
    new binding.ClientRequest(input, options, callback)
  const scope = globalThis as Record<string, unknown>
  const module: HttpModule = {
    Agent,
    ClientRequest: binding.ClientRequest,
    CloseEvent: scope.CloseEvent,
    IncomingMessage,
    METHODS: [...METHODS],
    MessageEvent: scope.MessageEvent,
    OutgoingMessage,
    STATUS_CODES: { ...STATUS_CODES },
    Server: binding.Server,
    ServerResponse,
    WebSocket: scope.WebSocket,
    createServer: (options?: unknown, requestListener?: unknown) => new binding.Server(options, requestListener),
    get(input: unknown, options?: unknown, callback?: unknown): ClientRequestImpl {
      const req = request(input, options, callback)
      req.end()
      return req
    },
    globalAgent: binding.httpAgent,
    maxHeaderSize,
    request,
    setGlobalProxyFromEnv(env: Record<string, string | undefined> = ctx.host.env) {
      for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy'])
        if (env[name]) throw proxyUnavailable(name)
      return function noopRestore() {}
    },
    setMaxIdleHTTPParsers(max: number) {
      validateInteger(max, 'max', 1)
      binding.idleParsers = max
    },
    validateHeaderName: (name: unknown, label?: string) => validateName(name, label),
    validateHeaderValue,
  }
  Object.defineProperty(module, 'globalAgent', {
    get: () => binding.httpAgent,
    set: (agent: Agent) => {
      binding.httpAgent = agent
    },
    enumerable: true,
    configurable: true,
  })
  return module
}
