/**
 * `node:net` as far as the container's network allows. Its transport
 * carries HTTP exchanges only (a `fetch` out, a whole request in; see
 * `http-common.ts`), so raw TCP cannot exist: `connect`,
 * `createConnection`, `createServer`, `new Socket()` and `new Server()`
 * throw `ENOTSUP` naming why. What does not need a socket is here in full:
 * `isIP`/`isIPv4`/`isIPv6`, `BlockList`, `SocketAddress`, the
 * auto-select-family defaults, `_normalizeArgs`. `Socket` and `Server` are
 * still the classes of the HTTP modules' sockets and servers
 * (`req.socket instanceof net.Socket`).
 */
import type { NodeContext } from './context.js'
import { rawTcpUnavailable } from './internal/http-errors.js'
import { NetServer, Socket } from './internal/http-socket.js'
import {
  codedError,
  describeReceived,
  invalidArgType,
  outOfRange,
  validateBoolean,
  validateObject,
} from './internal/node-b-errors.js'

// ------------------------------------------------------------------ addresses

const IPV4_PART = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/

/** The four bytes of a dotted-quad IPv4 address, or `null`. */
function parseIPv4(text: string): number[] | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  const bytes: number[] = []
  for (const part of parts) {
    if (!IPV4_PART.test(part)) return null
    bytes.push(Number(part))
  }
  return bytes
}

/** The eight 16-bit groups of an IPv6 address (a `%zone` suffix allowed), or `null`. */
function parseIPv6(text: string): number[] | null {
  let address = text
  const zone = address.indexOf('%')
  if (zone !== -1) {
    if (!/^[0-9a-zA-Z\-.:_]+$/.test(address.slice(zone + 1))) return null
    address = address.slice(0, zone)
  }
  const halves = address.split('::')
  if (halves.length > 2) return null
  const groupsOf = (half: string, last: boolean): number[] | null => {
    if (half === '') return []
    const out: number[] = []
    const items = half.split(':')
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!
      if (last && i === items.length - 1 && item.includes('.')) {
        const v4 = parseIPv4(item)
        if (!v4) return null
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!)
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) out.push(Number.parseInt(item, 16))
      else return null
    }
    return out
  }
  if (halves.length === 1) {
    const groups = groupsOf(halves[0]!, true)
    return groups && groups.length === 8 ? groups : null
  }
  const head = groupsOf(halves[0]!, false)
  const tail = groupsOf(halves[1]!, true)
  if (!head || !tail || head.length + tail.length > 7) return null
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail]
}

/** `net.isIPv4(input)`: a dotted quad without leading zeros. */
export function isIPv4(input: unknown): boolean {
  return parseIPv4(String(input)) !== null
}

/** `net.isIPv6(input)`: an IPv6 address in any of its text forms (zone id allowed). */
export function isIPv6(input: unknown): boolean {
  return parseIPv6(String(input)) !== null
}

/** `net.isIP(input)`: 4, 6 or 0. */
export function isIP(input: unknown): number {
  if (isIPv4(input)) return 4
  if (isIPv6(input)) return 6
  return 0
}

type Family = 'ipv4' | 'ipv6'

/** An address as a 128-bit number; IPv4 as its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`). */
function addressValue(address: string, family: Family): bigint | null {
  if (family === 'ipv4') {
    const bytes = parseIPv4(address)
    if (!bytes) return null
    return (0xffffn << 32n) | BigInt(((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!)
  }
  const groups = parseIPv6(address)
  if (!groups) return null
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n)
}

function validateFamily(family: unknown, name = 'options.family'): Family {
  if (typeof family === 'string') {
    const lower = family.toLowerCase()
    if (lower === 'ipv4' || lower === 'ipv6') return lower
  }
  throw codedError(
    TypeError,
    'ERR_INVALID_ARG_VALUE',
    `The property "${name}" is invalid. Expected 'ipv4' or 'ipv6', received ${describeReceived(family)}`,
  )
}

/** Bun's own wording of a non-string address: `The "address" property must be of type string, got number`. */
function addressTypeError(name: string, value: unknown): TypeError {
  const got = value === null ? 'null' : typeof value
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" property must be of type string, got ${got}`)
}

/** Bun's `Error: Invalid socket address` with an own `code: 'ERR_INVALID_IP_ADDRESS'`. */
function invalidIpAddress(): Error {
  return Object.assign(new Error('Invalid socket address'), { code: 'ERR_INVALID_IP_ADDRESS' })
}

interface SocketAddressState {
  address: string
  port: number
  family: Family
  flowlabel: number
}

/** `net.SocketAddress`: an address, port, family and IPv6 flow label. */
export class SocketAddress {
  readonly #state: SocketAddressState

  constructor(options: { address?: unknown; port?: unknown; family?: unknown; flowlabel?: unknown } = {}) {
    validateObject(options, 'options')
    const family = options.family === undefined ? 'ipv4' : validateFamily(options.family)
    const address = options.address === undefined ? (family === 'ipv4' ? '127.0.0.1' : '::') : options.address
    if (typeof address !== 'string') throw addressTypeError('options.address', address)
    const port = options.port === undefined ? 0 : options.port
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw codedError(
        RangeError,
        'ERR_SOCKET_BAD_PORT',
        `The "options.port" argument must be a valid IP port number. Got ${describeReceived(port)}.`,
      )
    }
    const flowlabel = options.flowlabel === undefined ? 0 : options.flowlabel
    if (typeof flowlabel !== 'number') throw invalidArgType('options.flowlabel', 'number', flowlabel)
    if (!Number.isInteger(flowlabel)) throw outOfRange('options.flowlabel', 'an integer', flowlabel)
    if (flowlabel < 0 || flowlabel > 4294967295)
      throw outOfRange('options.flowlabel', '>= 0 && <= 4294967295', flowlabel)
    if (addressValue(address, family) === null) throw invalidIpAddress()
    this.#state = { address, port, family, flowlabel }
  }

  get address(): string {
    return this.#state.address
  }

  get port(): number {
    return this.#state.port
  }

  get family(): Family {
    return this.#state.family
  }

  get flowlabel(): number {
    return this.#state.flowlabel
  }

  /** The address family as the system numbers it: `AF_INET` 2, `AF_INET6` 10. */
  get addrfamily(): number {
    return this.#state.family === 'ipv4' ? 2 : 10
  }

  toJSON(): SocketAddressState {
    const { address, family, port, flowlabel } = this.#state
    return { address, family, port, flowlabel }
  }

  /** True for a `SocketAddress`. */
  static isSocketAddress(value: unknown): value is SocketAddress {
    return value instanceof SocketAddress
  }

  /** `'1.2.3.4:80'` or `'[::1]:8080'` as a `SocketAddress`; `undefined` when it is not one. */
  static parse(input: string): SocketAddress | undefined {
    if (typeof input !== 'string') throw invalidArgType('input', 'string', input)
    let url: URL
    try {
      url = new URL(`http://${input}`)
    } catch {
      return undefined
    }
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
    try {
      return new SocketAddress({
        address: hostname,
        port: url.port === '' ? 0 : Number(url.port),
        family: hostname.includes(':') ? 'ipv6' : 'ipv4',
      })
    } catch {
      return undefined
    }
  }
}

interface Rule {
  text: string
  family: Family
  matches(value: bigint): boolean
}

/** `net.BlockList`: addresses, ranges and subnets to check addresses against. */
export class BlockList {
  readonly #rules: Rule[] = []

  /** True for a `BlockList`. */
  static isBlockList(value: unknown): value is BlockList {
    return value instanceof BlockList
  }

  /** Adds one address (a string of `family`, or a `SocketAddress`). */
  addAddress(address: string | SocketAddress, family: string = 'ipv4'): void {
    const [text, fam] = this.#operand(address, family, 'address')
    const value = addressValue(text, fam)
    if (value === null) throw invalidIpAddress()
    this.#rules.unshift({
      text: `Address: ${fam === 'ipv4' ? 'IPv4' : 'IPv6'} ${text}`,
      family: fam,
      matches: (v) => v === value,
    })
  }

  /** Adds the addresses from `start` to `end`, both included. */
  addRange(start: string | SocketAddress, end: string | SocketAddress, family: string = 'ipv4'): void {
    const [from, fam] = this.#operand(start, family, 'start')
    const [to] = this.#operand(end, fam, 'end')
    const low = addressValue(from, fam)
    const high = addressValue(to, fam)
    if (low === null || high === null) throw invalidIpAddress()
    if (low > high)
      throw codedError(
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        `The "start" argument must come before end. Received ${describeReceived(start)}`,
      )
    this.#rules.unshift({
      text: `Range: ${fam === 'ipv4' ? 'IPv4' : 'IPv6'} ${from}-${to}`,
      family: fam,
      matches: (v) => v >= low && v <= high,
    })
  }

  /** Adds the subnet `network/prefix` (prefix ≤ 32 for IPv4, ≤ 128 for IPv6). */
  addSubnet(network: string | SocketAddress, prefix: number, family: string = 'ipv4'): void {
    const [text, fam] = this.#operand(network, family, 'network')
    const max = fam === 'ipv4' ? 32 : 128
    if (typeof prefix !== 'number') throw invalidArgType('prefix', 'number', prefix)
    if (!Number.isInteger(prefix)) throw outOfRange('prefix', 'an integer', prefix)
    if (prefix < 0 || prefix > max) throw outOfRange('prefix', `>= 0 && <= ${max}`, prefix)
    const value = addressValue(text, fam)
    if (value === null) throw invalidIpAddress()
    const bits = BigInt((fam === 'ipv4' ? 96 : 0) + prefix)
    const shift = 128n - bits
    const base = value >> shift
    this.#rules.unshift({
      text: `Subnet: ${fam === 'ipv4' ? 'IPv4' : 'IPv6'} ${text}/${prefix}`,
      family: fam,
      matches: (v) => v >> shift === base,
    })
  }

  /** True when `address` (of `family`) matches a rule; an invalid address matches none. */
  check(address: string | SocketAddress, family: string = 'ipv4'): boolean {
    let text: string
    let fam: Family
    if (address instanceof SocketAddress) {
      text = address.address
      fam = address.family
    } else {
      if (typeof address !== 'string') throw addressTypeError('address', address)
      text = address
      fam = validateFamily(family)
    }
    const value = addressValue(text, fam)
    if (value === null) return false
    return this.#rules.some((rule) => rule.matches(value))
  }

  /** The rules as text, newest first (`Address: IPv4 1.2.3.4`, `Range: …`, `Subnet: …`). */
  get rules(): string[] {
    return this.#rules.map((rule) => rule.text)
  }

  #operand(value: unknown, family: unknown, name: string): [string, Family] {
    if (value instanceof SocketAddress) return [value.address, value.family]
    if (typeof value !== 'string') throw addressTypeError(name, value)
    return [value, validateFamily(family)]
  }
}

// ------------------------------------------------------------------ module

/** Node's `normalizeArgs` for `connect`/`listen`: `[options, callback]`. */
export function _normalizeArgs(args: unknown[]): [Record<string, unknown>, ((...a: unknown[]) => void) | null] {
  let result: [Record<string, unknown>, ((...a: unknown[]) => void) | null]
  if (args.length === 0) result = [{}, null]
  else {
    const first = args[0]
    let options: Record<string, unknown> = {}
    if (typeof first === 'object' && first !== null) options = first as Record<string, unknown>
    else if (typeof first === 'string' && Number.isNaN(Number(first))) options.path = first
    else {
      options.port = first
      if (args.length > 1 && typeof args[1] === 'string') options.host = args[1]
    }
    const last = args[args.length - 1]
    result = [options, typeof last === 'function' ? (last as (...a: unknown[]) => void) : null]
  }
  Object.defineProperty(result, Symbol.for('normalizedArgs'), { value: true })
  return result
}

/** What `require('node:net')` returns. */
export interface NetModule {
  BlockList: typeof BlockList
  Server: typeof NetServer
  Socket: typeof Socket
  SocketAddress: typeof SocketAddress
  Stream: typeof Socket
  _normalizeArgs: typeof _normalizeArgs
  _setSimultaneousAccepts(handle?: unknown): void
  connect(...args: unknown[]): never
  createConnection(...args: unknown[]): never
  createServer(...args: unknown[]): never
  getDefaultAutoSelectFamily(): boolean
  getDefaultAutoSelectFamilyAttemptTimeout(): number
  isIP: typeof isIP
  isIPv4: typeof isIPv4
  isIPv6: typeof isIPv6
  setDefaultAutoSelectFamily(value: boolean): void
  setDefaultAutoSelectFamilyAttemptTimeout(value: number): void
}

/** Builds `node:net` (see the module comment). */
export function createNet(_ctx: NodeContext): NetModule {
  let autoSelectFamily = true
  let autoSelectFamilyAttemptTimeout = 500
  return {
    BlockList,
    Server: NetServer,
    Socket,
    SocketAddress,
    Stream: Socket,
    _normalizeArgs,
    // Only meaningful for Windows handles in Node; nothing to set elsewhere.
    _setSimultaneousAccepts(_handle?: unknown) {},
    connect() {
      throw rawTcpUnavailable('net.connect()')
    },
    createConnection() {
      throw rawTcpUnavailable('net.createConnection()')
    },
    createServer() {
      throw rawTcpUnavailable('net.createServer()')
    },
    getDefaultAutoSelectFamily: () => autoSelectFamily,
    getDefaultAutoSelectFamilyAttemptTimeout: () => autoSelectFamilyAttemptTimeout,
    isIP,
    isIPv4,
    isIPv6,
    setDefaultAutoSelectFamily(value: boolean) {
      validateBoolean(value, 'value')
      autoSelectFamily = value
    },
    setDefaultAutoSelectFamilyAttemptTimeout(value: number) {
      if (typeof value !== 'number') throw invalidArgType('value', 'number', value)
      if (!Number.isInteger(value)) throw outOfRange('value', 'an integer', value)
      if (value < 1 || value > 2147483647) throw outOfRange('value', '>= 1 && <= 2147483647', value)
      autoSelectFamilyAttemptTimeout = Math.max(value, 10)
    },
  }
}
