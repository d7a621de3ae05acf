/**
 * `node:url`: the WHATWG `URL`/`URLSearchParams` (the globals), file URL
 * conversion, IDNA domain conversion, and the legacy `url.parse` /
 * `url.format` / `url.resolve` API with the real Bun's (Node 22+'s) rules.
 *
 * The legacy parser emits `DEP0169` once per process the first time it runs
 * (as Bun does, also through `format(string)`/`resolve`), and `DEP0170` once
 * for a host with an invalid port.
 */
import { Buffer } from 'buffer'
import type { NodeContext } from './context.js'
import { invalidArgType, invalidArgValue, nodeError, validateObject } from './internal/node-a-errors.js'
import { createPath } from './path.js'
import { createPunycode } from './punycode.js'
import { createQuerystring } from './querystring.js'

/** The fields of a legacy URL object (`url.parse`). */
export interface UrlObject {
  protocol: string | null
  slashes: boolean | null
  auth: string | null
  host: string | null
  port: string | null
  hostname: string | null
  hash: string | null
  search: string | null
  query: string | Record<string, string | string[]> | null
  pathname: string | null
  path: string | null
  href: string | null
}

/** The legacy `Url` class (`url.Url`). */
export interface Url extends UrlObject {
  parse(url: string, parseQueryString?: boolean, slashesDenoteHost?: boolean): Url
  format(): string
  resolve(relative: string): string
  resolveObject(relative: string | Url): Url
  parseHost(): void
}

/** `url.format(URL, options)`. */
export interface UrlFormatOptions {
  auth?: boolean
  fragment?: boolean
  search?: boolean
  unicode?: boolean
}

/** The `node:url` module. */
export interface UrlModule {
  URL: typeof URL
  URLSearchParams: typeof URLSearchParams
  /** The global `URLPattern` where the engine has one (not in Node 20). */
  URLPattern?: unknown
  Url: new () => Url
  parse(url: string, parseQueryString?: boolean, slashesDenoteHost?: boolean): Url
  format(url: string | URL | Partial<UrlObject>, options?: UrlFormatOptions): string
  resolve(from: string, to: string): string
  resolveObject(source: string, relative: string | Url): Url | string
  domainToASCII(domain: string): string
  domainToUnicode(domain: string): string
  fileURLToPath(url: string | URL, options?: { windows?: boolean }): string
  fileURLToPathBuffer(url: string | URL, options?: { windows?: boolean }): Buffer
  pathToFileURL(path: string, options?: { windows?: boolean }): URL
  urlToHttpOptions(url: URL): Record<string, unknown>
}

const PROTOCOL = /^[a-z0-9.+-]+:/i
const PORT = /:[0-9]*$/
const AUTH_HOST = /^\/\/[^@/]+@[^@/]+/
const SIMPLE_PATH = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/
const HOSTNAME_MAX = 255
const HOSTLESS = new Set(['javascript', 'javascript:'])
const SLASHED = new Set([
  'http',
  'http:',
  'https',
  'https:',
  'ftp',
  'ftp:',
  'gopher',
  'gopher:',
  'file',
  'file:',
  'ws',
  'ws:',
  'wss',
  'wss:',
])
/** Characters that never belong in a host, IPv6 or not (hostname spoofing checks). */
const FORBIDDEN_HOST = /[\0\t\n\r #%/:<>?@[\\\]^|]/
const FORBIDDEN_HOST_IPV6 = /[\0\t\n\r #%/<>?@\\^|]/
/** What the parser escapes in the path, query and hash. */
const AUTO_ESCAPE: Record<string, string> = {
  '\t': '%09',
  '\n': '%0A',
  '\r': '%0D',
  ' ': '%20',
  '"': '%22',
  "'": '%27',
  '<': '%3C',
  '>': '%3E',
  '\\': '%5C',
  '^': '%5E',
  '`': '%60',
  '{': '%7B',
  '|': '%7C',
  '}': '%7D',
}
/** Characters of `auth` left unescaped by `format`: `A-Z a-z 0-9 ! - . _ ~ ' ( ) * :`. */
const AUTH_SAFE = /[A-Za-z0-9!\-._~'()*:]/

const isIpv6Hostname = (hostname: string): boolean => hostname.startsWith('[') && hostname.endsWith(']')

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10 || code === 12 || code === 0xa0 || code === 0xfeff
}

function escapeAuth(auth: string): string {
  let out = ''
  for (const ch of auth) {
    if (AUTH_SAFE.test(ch)) out += ch
    else for (const byte of Buffer.from(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** `domainToASCII` as WHATWG's host setter does it (`''` when the domain is invalid). */
function hostnameThroughSetter(domain: string): string {
  const probe = (initial: string): string => {
    const url = new URL(`ws://${initial}`)
    url.hostname = domain
    return url.hostname
  }
  const first = probe('x')
  // The setter silently keeps the old host on failure: tell that apart from
  // a domain that really maps to it.
  if (first === 'x' && probe('y') !== 'x') return ''
  return first
}

export function createUrl(ctx: NodeContext): UrlModule {
  const querystring = createQuerystring(ctx)
  const punycode = createPunycode(ctx)
  const path = createPath(ctx)
  let warnedParse = false
  let warnedPort = false

  const domainToASCII = (...args: unknown[]): string => {
    if (args.length < 1) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified')
    const domain = `${args[0]}`
    if (domain === '') return ''
    return hostnameThroughSetter(domain)
  }

  const domainToUnicode = (...args: unknown[]): string => {
    if (args.length < 1) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified')
    const ascii = domainToASCII(`${args[0]}`)
    return ascii
      .split('.')
      .map((label) => {
        if (!label.toLowerCase().startsWith('xn--')) return label
        try {
          return punycode.decode(label.slice(4))
        } catch {
          return label
        }
      })
      .join('.')
  }

  /** IDNA for the legacy parser: ASCII hosts pass through, others are mapped (lenient). */
  const hostToASCII = (hostname: string): string => {
    if (!/[^\0-\x7f]/.test(hostname)) return hostname
    try {
      return hostnameThroughSetter(hostname)
    } catch {
      return ''
    }
  }

  function Url(this: Url): void {
    this.protocol = null
    this.slashes = null
    this.auth = null
    this.host = null
    this.port = null
    this.hostname = null
    this.hash = null
    this.search = null
    this.query = null
    this.pathname = null
    this.path = null
    this.href = null
  }
  const UrlClass = Url as unknown as new () => Url
  // Bun's Url.prototype is a plain object (no own `constructor`), its
  // methods enumerable.
  const proto = {} as Url
  Url.prototype = proto

  const warnParse = (): void => {
    if (warnedParse) return
    warnedParse = true
    ctx.emitWarning(
      '`url.parse()` behavior is not standardized and prone to errors that have security implications. Use the WHATWG URL API instead. CVEs are not issued for `url.parse()` vulnerabilities.',
      'DeprecationWarning',
      'DEP0169',
    )
  }

  const parseQuery = (text: string): Record<string, string | string[]> => {
    const query = querystring.parse(text)
    Object.defineProperty(query, Symbol.toStringTag, { value: 'URLSearchParams', configurable: true })
    return query
  }

  proto.parse = function parse(this: Url, url: string, parseQueryString?: boolean, slashesDenoteHost?: boolean): Url {
    if (typeof url !== 'string') throw invalidArgType('url', 'string', url)
    // Trim whitespace; backslashes before the query/hash become slashes.
    let hasHash = false
    let hasAt = false
    let start = -1
    let end = -1
    let rest = ''
    let lastPos = 0
    for (let i = 0, inWs = false, split = false; i < url.length; i++) {
      const code = url.charCodeAt(i)
      const ws = isWhitespace(code)
      if (start === -1) {
        if (ws) continue
        lastPos = start = i
      } else if (inWs) {
        if (!ws) {
          end = -1
          inWs = false
        }
      } else if (ws) {
        end = i
        inWs = true
      }
      if (!split) {
        if (code === 64) hasAt = true
        else if (code === 35) {
          hasHash = true
          split = true
        } else if (code === 63) split = true
        else if (code === 92) {
          if (i - lastPos > 0) rest += url.slice(lastPos, i)
          rest += '/'
          lastPos = i + 1
        }
      } else if (!hasHash && code === 35) hasHash = true
    }
    if (start !== -1) {
      if (lastPos === start) rest = end === -1 ? url.slice(start) : url.slice(start, end)
      else if (end === -1 && lastPos < url.length) rest += url.slice(lastPos)
      else if (end !== -1 && lastPos < end) rest += url.slice(lastPos, end)
    }

    if (!slashesDenoteHost && !hasHash && !hasAt) {
      const simple = SIMPLE_PATH.exec(rest)
      if (simple) {
        this.path = rest
        this.href = rest
        this.pathname = simple[1]!
        if (simple[2]) {
          this.search = simple[2]
          this.query = parseQueryString ? parseQuery(this.search.slice(1)) : this.search.slice(1)
        } else if (parseQueryString) {
          this.search = null
          this.query = Object.create(null) as Record<string, string>
        }
        return this
      }
    }

    const protocolMatch = PROTOCOL.exec(rest)
    let lowerProto: string | undefined
    if (protocolMatch) {
      lowerProto = protocolMatch[0].toLowerCase()
      this.protocol = lowerProto
      rest = rest.slice(protocolMatch[0].length)
    }

    // `user@server` is always a host, and `//foo/bar` resolves as host foo.
    let slashes = false
    if (slashesDenoteHost || protocolMatch || AUTH_HOST.test(rest)) {
      slashes = rest.startsWith('//')
      if (slashes && !(protocolMatch && HOSTLESS.has(lowerProto!))) {
        rest = rest.slice(2)
        this.slashes = true
      }
    }

    if (!HOSTLESS.has(lowerProto!) && (slashes || (protocolMatch && !SLASHED.has(protocolMatch[0])))) {
      // The host ends at the first of / ? #; characters never allowed in a
      // host end it too unless an @ follows (then they were the auth).
      let hostEnd = -1
      let atSign = -1
      let nonHost = -1
      for (let i = 0; i < rest.length && hostEnd === -1; i++) {
        switch (rest[i]) {
          case '\t':
          case '\n':
          case '\r':
          case ' ':
          case '"':
          case '%':
          case "'":
          case ';':
          case '<':
          case '>':
          case '\\':
          case '^':
          case '`':
          case '{':
          case '|':
          case '}':
            if (nonHost === -1) nonHost = i
            break
          case '#':
          case '/':
          case '?':
            if (nonHost === -1) nonHost = i
            hostEnd = i
            break
          case '@':
            atSign = i
            nonHost = -1
            break
        }
      }
      let hostStart = 0
      if (atSign !== -1) {
        this.auth = decodeURIComponent(rest.slice(0, atSign))
        hostStart = atSign + 1
      }
      if (nonHost === -1) {
        this.host = rest.slice(hostStart)
        rest = ''
      } else {
        this.host = rest.slice(hostStart, nonHost)
        rest = rest.slice(nonHost)
      }
      this.parseHost()
      if (typeof this.hostname !== 'string') this.hostname = ''
      const hostname: string = this.hostname
      const ipv6 = isIpv6Hostname(hostname)
      if (!ipv6) {
        for (let i = 0; i < hostname.length; i++) {
          const ch = hostname[i]
          if (ch === '/' || ch === '\\' || ch === '#' || ch === '?' || ch === ':') {
            if (ch === ':' && !warnedPort) {
              warnedPort = true
              ctx.emitWarning(
                `The URL ${url} is invalid. Future versions of Node.js will throw an error.`,
                'DeprecationWarning',
                'DEP0170',
              )
            }
            this.hostname = hostname.slice(0, i)
            rest = `/${hostname.slice(i)}${rest}`
            break
          }
        }
      }
      this.hostname = this.hostname.length > HOSTNAME_MAX ? '' : this.hostname.toLowerCase()
      if (this.hostname !== '') {
        if (ipv6) {
          if (FORBIDDEN_HOST_IPV6.test(this.hostname)) throw nodeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL')
        } else {
          this.hostname = hostToASCII(this.hostname)
          if (this.hostname === '' || FORBIDDEN_HOST.test(this.hostname)) {
            throw nodeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL')
          }
        }
      }
      this.host = (this.hostname || '') + (this.port ? `:${this.port}` : '')
      if (ipv6) {
        this.hostname = this.hostname.slice(1, -1)
        if (rest[0] !== '/') rest = `/${rest}`
      }
    }

    if (!HOSTLESS.has(lowerProto!)) rest = rest.replace(/[\t\n\r "'<>\\^`{|}]/g, (ch) => AUTO_ESCAPE[ch]!)

    let questionIdx = -1
    let hashIdx = -1
    for (let i = 0; i < rest.length; i++) {
      const code = rest.charCodeAt(i)
      if (code === 35) {
        this.hash = rest.slice(i)
        hashIdx = i
        break
      }
      if (code === 63 && questionIdx === -1) questionIdx = i
    }
    if (questionIdx !== -1) {
      const queryEnd = hashIdx === -1 ? rest.length : hashIdx
      this.search = rest.slice(questionIdx, queryEnd)
      const query = rest.slice(questionIdx + 1, queryEnd)
      this.query = parseQueryString ? parseQuery(query) : query
    } else if (parseQueryString) {
      this.search = null
      this.query = Object.create(null) as Record<string, string>
    }
    const useQuestion = questionIdx !== -1 && (hashIdx === -1 || questionIdx < hashIdx)
    const firstIdx = useQuestion ? questionIdx : hashIdx
    if (firstIdx === -1) {
      if (rest.length > 0) this.pathname = rest
    } else if (firstIdx > 0) this.pathname = rest.slice(0, firstIdx)
    if (SLASHED.has(lowerProto!) && this.hostname && !this.pathname) this.pathname = '/'
    if (this.pathname || this.search) this.path = (this.pathname || '') + (this.search || '')
    this.href = this.format()
    return this
  }

  proto.format = function format(this: Url): string {
    let auth = this.auth || ''
    if (auth) auth = `${escapeAuth(auth)}@`
    let protocol = this.protocol || ''
    let pathname = this.pathname || ''
    let hash = this.hash || ''
    let host = ''
    let query = ''
    if (this.host) host = auth + this.host
    else if (this.hostname) {
      const hostname = this.hostname
      host = auth + (hostname.includes(':') && !isIpv6Hostname(hostname) ? `[${hostname}]` : hostname)
      if (this.port) host += `:${this.port}`
    }
    // Bun serialises an object query as URLSearchParams would its own keys.
    if (this.query !== null && typeof this.query === 'object') {
      const query_ = this.query as object
      query = new URLSearchParams((Array.isArray(query_) ? query_ : { ...query_ }) as Record<string, string>).toString()
    }
    let search = this.search || (query && `?${query}`) || ''
    if (protocol && !protocol.endsWith(':')) protocol += ':'
    pathname = pathname.replace(/[#?]/g, (ch) => (ch === '#' ? '%23' : '%3F'))
    // Only slashed protocols get `//` (not mailto:, xmpp: …) unless parsed with them.
    if (this.slashes || SLASHED.has(protocol)) {
      if (this.slashes || host) {
        if (pathname && pathname[0] !== '/') pathname = `/${pathname}`
        host = `//${host}`
      } else if (protocol.startsWith('file')) host = '//'
    }
    search = search.replace(/#/g, '%23')
    if (hash && hash[0] !== '#') hash = `#${hash}`
    if (search && search[0] !== '?') search = `?${search}`
    return protocol + host + pathname + search + hash
  }

  proto.resolve = function resolve(this: Url, relative: string): string {
    return this.resolveObject(parseUrl(relative, false, true)).format()
  }

  proto.resolveObject = function resolveObject(this: Url, relativeInput: string | Url): Url {
    let relative = relativeInput as Url
    if (typeof relativeInput === 'string') {
      relative = new UrlClass()
      relative.parse(relativeInput, false, true)
    }
    const result = new UrlClass() as Url & Record<string, unknown>
    for (const key of Object.keys(this)) result[key] = (this as unknown as Record<string, unknown>)[key]
    // The hash always comes from the relative URL, even an empty one.
    result.hash = relative.hash
    if (relative.href === '') {
      result.href = result.format()
      return result
    }
    // `//host/path` takes everything but the protocol.
    if (relative.slashes && !relative.protocol) {
      for (const key of Object.keys(relative)) {
        if (key !== 'protocol') result[key] = (relative as unknown as Record<string, unknown>)[key]
      }
      if (SLASHED.has(result.protocol!) && result.hostname && !result.pathname) result.path = result.pathname = '/'
      result.href = result.format()
      return result
    }
    if (relative.protocol && relative.protocol !== result.protocol) {
      // Another protocol: unknown ones are taken whole; known ones keep
      // their host rules (file: is hostless).
      if (!SLASHED.has(relative.protocol)) {
        for (const key of Object.keys(relative)) result[key] = (relative as unknown as Record<string, unknown>)[key]
        result.href = result.format()
        return result
      }
      result.protocol = relative.protocol
      if (!relative.host && !/^file:?$/.test(relative.protocol) && !HOSTLESS.has(relative.protocol)) {
        const relPath = (relative.pathname || '').split('/')
        while (relPath.length > 0) {
          relative.host = relPath.shift()!
          if (relative.host) break
        }
        if (!relative.host) relative.host = ''
        if (!relative.hostname) relative.hostname = ''
        if (relPath[0] !== '') relPath.unshift('')
        if (relPath.length < 2) relPath.unshift('')
        result.pathname = relPath.join('/')
      } else {
        result.pathname = relative.pathname
      }
      result.search = relative.search
      result.query = relative.query
      result.host = relative.host || ''
      result.auth = relative.auth
      result.hostname = relative.hostname || relative.host
      result.port = relative.port
      if (result.pathname || result.search) result.path = (result.pathname || '') + (result.search || '')
      result.slashes = result.slashes || relative.slashes
      result.href = result.format()
      return result
    }

    const isSourceAbs = Boolean(result.pathname && result.pathname.charAt(0) === '/')
    const isRelAbs = Boolean(relative.host || (relative.pathname && relative.pathname.charAt(0) === '/'))
    let mustEndAbs: unknown = isRelAbs || isSourceAbs || (result.host && relative.pathname)
    const removeAllDots = mustEndAbs
    let srcPath: (string | undefined)[] = result.pathname ? result.pathname.split('/') : []
    const relPath: (string | undefined)[] = relative.pathname ? relative.pathname.split('/') : []
    const noLeadingSlashes = Boolean(result.protocol && !SLASHED.has(result.protocol))

    // Non-slashed URLs (mailto:) keep their "host" as the first path part,
    // so that ../.. can climb into it.
    if (noLeadingSlashes) {
      result.hostname = ''
      result.port = null
      if (result.host) {
        if (srcPath[0] === '') srcPath[0] = result.host
        else srcPath.unshift(result.host)
      }
      result.host = ''
      if (relative.protocol) {
        relative.hostname = null
        relative.port = null
        if (relative.host) {
          if (relPath[0] === '') relPath[0] = relative.host
          else relPath.unshift(relative.host)
        }
        relative.host = null
      }
      mustEndAbs = mustEndAbs && (relPath[0] === '' || srcPath[0] === '')
    }

    const takeAuthFromHost = (): void => {
      const host = result.host
      if (host && host.indexOf('@') > 0) {
        const parts = host.split('@')
        result.auth = parts.shift()!
        result.host = result.hostname = parts.shift()!
      }
    }

    if (isRelAbs) {
      if (relative.host || relative.host === '') {
        if (result.host !== relative.host) result.auth = null
        result.host = relative.host
        result.port = relative.port
      }
      if (relative.hostname || relative.hostname === '') {
        if (result.hostname !== relative.hostname) result.auth = null
        result.hostname = relative.hostname
      }
      result.search = relative.search
      result.query = relative.query
      srcPath = relPath
    } else if (relPath.length > 0) {
      srcPath.pop()
      srcPath = srcPath.concat(relPath)
      result.search = relative.search
      result.query = relative.query
    } else if (relative.search !== null && relative.search !== undefined) {
      // Only a new query (`?foo`).
      if (noLeadingSlashes) {
        result.hostname = result.host = srcPath.shift() as string
        takeAuthFromHost()
      }
      result.search = relative.search
      result.query = relative.query
      if (result.pathname !== null || result.search !== null) {
        result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '')
      }
      result.href = result.format()
      return result
    }

    if (srcPath.length === 0) {
      result.pathname = null
      result.path = result.search ? `/${result.search}` : null
      result.href = result.format()
      return result
    }

    // A path ending in . or .. gets a trailing slash; other endings do not.
    let last = srcPath.slice(-1)[0]
    const hasTrailingSlash =
      ((result.host || relative.host || srcPath.length > 1) && (last === '.' || last === '..')) || last === ''
    let up = 0
    for (let i = srcPath.length - 1; i >= 0; i--) {
      last = srcPath[i]
      if (last === '.') srcPath.splice(i, 1)
      else if (last === '..') {
        srcPath.splice(i, 1)
        up++
      } else if (up) {
        srcPath.splice(i, 1)
        up--
      }
    }
    if (!mustEndAbs && !removeAllDots) while (up--) srcPath.unshift('..')
    if (mustEndAbs && srcPath[0] !== '' && !srcPath[0]?.startsWith('/')) srcPath.unshift('')
    if (hasTrailingSlash && srcPath.join('/').slice(-1) !== '/') srcPath.push('')
    const isAbsolute = srcPath[0] === '' || Boolean(srcPath[0] && srcPath[0].charAt(0) === '/')
    if (noLeadingSlashes) {
      result.hostname = result.host = isAbsolute ? '' : srcPath.length > 0 ? (srcPath.shift() as string) : ''
      takeAuthFromHost()
    }
    mustEndAbs = mustEndAbs || (result.host && srcPath.length)
    if (mustEndAbs && !isAbsolute) srcPath.unshift('')
    if (srcPath.length > 0) result.pathname = srcPath.join('/')
    else {
      result.pathname = null
      result.path = null
    }
    if (result.pathname !== null || result.search !== null) {
      result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '')
    }
    result.auth = relative.auth || result.auth
    result.slashes = result.slashes || relative.slashes
    result.href = result.format()
    return result
  }

  proto.parseHost = function parseHost(this: Url): void {
    let host = this.host ?? ''
    const port = PORT.exec(host)
    if (port) {
      if (port[0] !== ':') this.port = port[0].slice(1)
      host = host.slice(0, host.length - port[0].length)
    }
    if (host) this.hostname = host
  }

  function parseUrl(url: unknown, parseQueryString?: boolean, slashesDenoteHost?: boolean): Url {
    warnParse()
    if (url instanceof Url) return url as Url
    const object = new UrlClass()
    object.parse(url as string, parseQueryString, slashesDenoteHost)
    return object
  }

  /** A URL or something shaped like one (Node's `isURL`: `href` and `protocol`, no legacy `auth`/`path`). */
  const isUrlLike = (value: unknown): value is URL => {
    const object = value as Partial<Record<'href' | 'protocol' | 'auth' | 'path', unknown>> | null
    return Boolean(object?.href && object.protocol && object.auth === undefined && object.path === undefined)
  }

  const schemeError = (): Error => nodeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file')
  const hostError = (): Error =>
    nodeError(TypeError, 'ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on linux')
  const pathError = (detail: string): Error =>
    nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH', `File URL path ${detail}`)

  /**
   * The file URL of `fileURLToPath({ windows })` (`strict`: a real URL) and
   * `fileURLToPathBuffer` (anything URL-shaped), Bun's JS path.
   */
  const toFileUrl = (input: unknown, strict: boolean): URL => {
    let url: URL
    if (typeof input === 'string') {
      if (!URL.canParse(input)) throw nodeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL')
      url = new URL(input)
    } else if (strict ? input instanceof URL : isUrlLike(input)) url = input as URL
    else throw invalidArgType('path', ['string', 'URL'], input)
    if (url.protocol !== 'file:') throw schemeError()
    return url
  }

  /** `fileURLToPath` on POSIX (Bun's native path: a malformed escape gives `''`). */
  const fileURLToPathPosix = (input: unknown): string => {
    let url: URL
    if (input instanceof URL) url = input
    else if (typeof input === 'string') {
      if (!URL.canParse(input)) throw schemeError()
      url = new URL(input)
    } else throw invalidArgType('url', 'string', input)
    if (url.protocol !== 'file:') throw schemeError()
    if (url.hostname !== '') throw hostError()
    if (/%2f/i.test(url.pathname)) throw pathError('must not include encoded / characters')
    try {
      return decodeURIComponent(url.pathname)
    } catch {
      return ''
    }
  }

  const fileURLToPathWin32 = (input: unknown): string => {
    const url = toFileUrl(input, true)
    if (/%2f|%5c/i.test(url.pathname)) throw pathError('must not include encoded \\ or / characters')
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname.replace(/\//g, '\\'))
    } catch {
      throw new URIError('URI error')
    }
    if (url.hostname !== '') return `\\\\${domainToUnicode(url.hostname)}${pathname}`
    const letter = pathname.charCodeAt(1) | 0x20
    if (letter < 97 || letter > 122 || pathname[2] !== ':') throw pathError('must be absolute')
    return pathname.slice(1)
  }

  const fileURLToPathBuffer = (input: unknown, options?: { windows?: boolean } | null): Buffer => {
    const url = toFileUrl(input, false)
    if (!options?.windows) {
      if (url.hostname !== '') throw hostError()
      return percentDecodeBytes(url.pathname)
    }
    const bytes = percentDecodeBytes(url.pathname.replace(/\//g, '\\'))
    if (url.hostname !== '') return Buffer.concat([Buffer.from(`\\\\${domainToUnicode(url.hostname)}`), bytes])
    const letter = (bytes[1] ?? 0) | 0x20
    if (letter < 97 || letter > 122 || bytes[2] !== 58) throw pathError('must be absolute')
    return bytes.subarray(1)
  }

  const percentDecodeBytes = (text: string): Buffer => {
    const bytes: number[] = []
    const raw = Buffer.from(text)
    for (let i = 0; i < raw.length; i++) {
      const byte = raw[i]!
      if (byte === 37 && i + 2 < raw.length) {
        const hex = String.fromCharCode(raw[i + 1]!, raw[i + 2]!)
        if (/^[0-9a-f]{2}$/i.test(hex)) {
          bytes.push(Number.parseInt(hex, 16))
          i += 2
          continue
        }
      }
      bytes.push(byte)
    }
    return Buffer.from(bytes)
  }

  const pathToFileURL = (filepath: string, options?: { windows?: boolean }): URL => {
    if (typeof filepath !== 'string') throw invalidArgType('path', 'string', filepath)
    const windows = Boolean(options?.windows)
    if (windows && filepath.startsWith('\\\\')) {
      const extended = filepath.startsWith('\\\\?\\UNC\\')
      const prefix = extended ? 8 : 2
      const hostEnd = filepath.indexOf('\\', prefix)
      if (hostEnd === -1) throw invalidArgValue('path', filepath, 'Missing UNC resource path')
      if (hostEnd === 2) throw invalidArgValue('path', filepath, 'Empty UNC servername')
      const url = new URL('file://')
      url.hostname = filepath.slice(prefix, hostEnd)
      url.pathname = encodePathChars(filepath.slice(hostEnd).replace(/\\/g, '/'), true)
      return url
    }
    let resolved = windows ? path.win32.resolve(filepath) : path.resolve(filepath)
    const last = filepath.charCodeAt(filepath.length - 1)
    const sep = windows ? '\\' : '/'
    if ((last === 47 || (windows && last === 92)) && !resolved.endsWith(sep)) resolved += '/'
    if (windows) resolved = `/${resolved.replace(/\\/g, '/')}`
    return new URL(`file://${encodePathChars(resolved, windows)}`)
  }

  const encodePathChars = (text: string, windows: boolean): string => {
    let out = text.replace(/%/g, '%25')
    if (!windows) out = out.replace(/\\/g, '%5C')
    return out
      .replace(/\n/g, '%0A')
      .replace(/\r/g, '%0D')
      .replace(/\t/g, '%09')
      .replace(/\?/g, '%3F')
      .replace(/#/g, '%23')
  }

  const format = (urlObject: unknown, options?: UrlFormatOptions): string => {
    if (typeof urlObject === 'string') return parseUrl(urlObject).format()
    if (typeof urlObject !== 'object' || urlObject === null) {
      throw invalidArgType('urlObject', ['object', 'string'], urlObject)
    }
    if (urlObject instanceof URL) {
      let fragment = true
      let unicode = false
      let search = true
      let auth = true
      if (options !== undefined && options !== null) {
        validateObject(options, 'options')
        if (options.fragment != null) fragment = Boolean(options.fragment)
        if (options.unicode != null) unicode = Boolean(options.unicode)
        if (options.search != null) search = Boolean(options.search)
        if (options.auth != null) auth = Boolean(options.auth)
      }
      const url = new URL(urlObject.href)
      if (!fragment) url.hash = ''
      if (!search) url.search = ''
      if (!auth) {
        url.username = ''
        url.password = ''
      }
      if (!unicode || url.hostname === '') return url.href
      const userinfo = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''
      const host = domainToUnicode(url.hostname) + (url.port ? `:${url.port}` : '')
      return `${url.protocol}//${userinfo}${host}${url.pathname}${url.search}${url.hash}`
    }
    return proto.format.call(urlObject as Url)
  }

  const module: UrlModule = {
    URL: globalThis.URL,
    URLSearchParams: globalThis.URLSearchParams,
    Url: UrlClass,
    parse: (url: string, parseQueryString?: boolean, slashesDenoteHost?: boolean): Url =>
      parseUrl(url, parseQueryString, slashesDenoteHost),
    format,
    resolve: (from: string, to: string): string => parseUrl(from, false, true).resolve(to),
    resolveObject: (source: string, relative: string | Url): Url | string => {
      if (!source) return relative as Url
      return parseUrl(source, false, true).resolveObject(relative)
    },
    domainToASCII: domainToASCII as (domain: string) => string,
    domainToUnicode: domainToUnicode as (domain: string) => string,
    fileURLToPath: (url: string | URL, options?: { windows?: boolean }): string =>
      options?.windows ? fileURLToPathWin32(url) : fileURLToPathPosix(url),
    fileURLToPathBuffer,
    pathToFileURL,
    urlToHttpOptions(url: URL): Record<string, unknown> {
      const { hostname, pathname, port, username, password, search } = url
      const options = Object.assign(Object.create(null) as Record<string, unknown>, url as unknown, {
        protocol: url.protocol,
        hostname: hostname?.startsWith('[') ? hostname.slice(1, -1) : hostname,
        hash: url.hash,
        search,
        pathname,
        path: `${pathname || ''}${search || ''}`,
        href: url.href,
      })
      if (port !== '') options.port = Number(port)
      if (username || password) options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`
      return options
    },
  }
  const pattern = (globalThis as { URLPattern?: unknown }).URLPattern
  if (pattern !== undefined) module.URLPattern = pattern
  return module
}
