/**
 * `http.Agent` / `https.Agent`: the options object a request carries.
 *
 * Agents pool sockets in Node; over the container's transport every request
 * is its own `fetch`, so there is no pool: `sockets`, `freeSockets` and
 * `requests` stay empty, `destroy()` has nothing to close. What an agent
 * decides still holds: `keepAlive` (the request's `Connection` header),
 * `defaultPort` and `protocol` (which URLs a module accepts), `getName()`.
 * Subclasses overriding `createConnection`/`addRequest` are not called.
 */
import { EventEmitter } from 'events'

/** The options of an agent (Node's `AgentOptions`, kept as given). */
export type AgentOptions = Record<string, unknown>

/** `http.Agent` (see the module comment). */
export class Agent extends EventEmitter {
  static defaultMaxSockets: number = Number.POSITIVE_INFINITY
  options: AgentOptions
  defaultPort = 80
  protocol = 'http:'
  requests: Record<string, unknown[]> = Object.create(null)
  sockets: Record<string, unknown[]> = Object.create(null)
  freeSockets: Record<string, unknown[]> = Object.create(null)
  keepAliveMsecs: number
  keepAlive: boolean
  maxSockets: number
  maxFreeSockets: number
  scheduling: string
  maxTotalSockets: number
  totalSocketCount = 0
  agentKeepAliveTimeoutBuffer = 1000

  constructor(options?: AgentOptions | null) {
    super()
    const given = options !== null && typeof options === 'object' ? options : {}
    this.options = { ...given }
    if (this.options.noDelay === undefined) this.options.noDelay = true
    this.options.path = null
    this.keepAliveMsecs = (given.keepAliveMsecs as number) || 1000
    this.keepAlive = (given.keepAlive as boolean) || false
    this.maxSockets = (given.maxSockets as number) || Agent.defaultMaxSockets
    this.maxFreeSockets = (given.maxFreeSockets as number) || 256
    this.scheduling = (given.scheduling as string) || 'lifo'
    this.maxTotalSockets = (given.maxTotalSockets as number) || Number.POSITIVE_INFINITY
  }

  /** The pool key of a request's options: `host:port:localAddress[:family]`. */
  getName(options: { host?: string; port?: number | string; localAddress?: string; family?: number } = {}): string {
    let name = options.host || 'localhost'
    name += ':'
    if (options.port) name += options.port
    name += ':'
    if (options.localAddress) name += options.localAddress
    if (options.family === 4 || options.family === 6) name += `:${options.family}`
    return name
  }

  /** Closes the pooled sockets: there are none over this transport. */
  destroy(): void {}
}

/** `https.Agent`: an agent for `https:` URLs (port 443). */
export class HttpsAgent extends Agent {
  constructor(options?: AgentOptions | null) {
    super(options)
    this.defaultPort = 443
    this.protocol = 'https:'
  }
}
Object.defineProperty(HttpsAgent, 'name', { value: 'Agent' })
