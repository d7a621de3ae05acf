/**
 * Bun's printers for the web platform classes it implements natively:
 * `Headers`, `URLSearchParams`, `FormData`, `Blob`, `File`, `Request`,
 * `Response` and `URL` (the last in Node's `util.inspect` style, as Bun's
 * own URL inspect hook prints it). Recognised by brand checks on the
 * platform's classes, so instances of the host's (browser's) classes print
 * as Bun's would.
 */
import type { Formatter } from './formatter.js'
import { safeDescriptor } from './introspect.js'

/** Request/Response bodies are not readable synchronously: the embedder may say what they hold. */
export interface BodyInfo {
  /** Bytes in the body. */
  size: number
  /** Content type of a Blob or FormData body (`Blob (n bytes) { type: … }`). */
  type?: string
}

export type WebKind = 'Headers' | 'URLSearchParams' | 'FormData' | 'File' | 'Blob' | 'Request' | 'Response' | 'URL'

type Check = (value: object) => boolean

/** Whether `value` may be an instance (tag or prototype chain), before the (throwing) brand check. */
function mayBe(value: object, ctor: { name: string; prototype: object }): boolean {
  try {
    return (
      Object.prototype.toString.call(value) === `[object ${ctor.name}]` ||
      Object.prototype.isPrototypeOf.call(ctor.prototype, value)
    )
  } catch {
    return false
  }
}

function brandGetter(ctor: unknown, key: string): Check {
  if (typeof ctor !== 'function') return () => false
  const get = safeDescriptor((ctor as { prototype: object }).prototype, key)?.get
  if (!get) return () => false
  const type = ctor as { name: string; prototype: object }
  return (value) => {
    if (!mayBe(value, type)) return false
    try {
      get.call(value)
      return true
    } catch {
      return false
    }
  }
}

function brandMethod(ctor: unknown, key: string): Check {
  if (typeof ctor !== 'function') return () => false
  const method = (ctor as { prototype: Record<string, unknown> }).prototype[key]
  if (typeof method !== 'function') return () => false
  const type = ctor as { name: string; prototype: object }
  return (value) => {
    if (!mayBe(value, type)) return false
    try {
      method.call(value, 'x')
      return true
    } catch {
      return false
    }
  }
}

const g = globalThis as Record<string, unknown>
const CHECKS: [WebKind, Check][] = [
  ['Headers', brandMethod(g.Headers, 'has')],
  ['URLSearchParams', brandMethod(g.URLSearchParams, 'has')],
  ['FormData', brandMethod(g.FormData, 'has')],
  ['File', brandGetter(g.File, 'lastModified')],
  ['Blob', brandGetter(g.Blob, 'size')],
  ['Request', brandGetter(g.Request, 'method')],
  ['Response', brandGetter(g.Response, 'status')],
  ['URL', brandGetter(g.URL, 'href')],
]

const eventType = safeDescriptor((g.Event as { prototype?: object } | undefined)?.prototype ?? {}, 'type')?.get

/**
 * For a DOM event of type `message` or `error` (whatever its class), the
 * name Bun prints it under (`MessageEvent`, `ErrorEvent`); other events
 * print as objects.
 */
export function eventKind(value: object): 'MessageEvent' | 'ErrorEvent' | undefined {
  if (!eventType || typeof value === 'function' || !mayBe(value, g.Event as { name: string; prototype: object }))
    return undefined
  let type: unknown
  try {
    type = eventType.call(value)
  } catch {
    return undefined
  }
  return type === 'message' ? 'MessageEvent' : type === 'error' ? 'ErrorEvent' : undefined
}

/** Which web class `value` is an instance of, if any. */
export function webObjectKind(value: object): WebKind | undefined {
  if (typeof value === 'function') return undefined
  for (const [kind, check] of CHECKS) if (check(value)) return kind
  return undefined
}

/** Bun's byte counts: `12 bytes`, `0.51 KB`, `1.0 MB` (decimal units, binary thresholds). */
export function formatSize(bytes: number): string {
  if (bytes === 0) return '0 KB'
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB']
  let magnitude = 0
  while (magnitude + 1 < units.length && bytes >= 2 ** (9 * (magnitude + 1))) magnitude++
  if (magnitude === 0) return `${bytes} bytes`
  const value = bytes / 1000 ** magnitude
  const fraction = value - Math.trunc(value)
  return `${value.toFixed(fraction <= 0.1 ? 1 : 2)} ${units[magnitude]}`
}

/** Prints a web platform object (the formatter's `Private` tag). */
export function printWebObject(f: Formatter, value: object): void {
  switch (webObjectKind(value)) {
    case 'Headers':
      printHeaders(f, value as Headers)
      return
    case 'URLSearchParams':
      printKeyedObject(f, 'URLSearchParams', groupEntries(value as URLSearchParams), true)
      return
    case 'FormData': {
      const entries = groupEntries(value as FormData)
      printKeyedObject(f, entries.length > 0 ? 'FormData' : undefined, entries, false)
      return
    }
    case 'File':
    case 'Blob':
      printBlob(f, value as Blob)
      return
    case 'Request':
      printRequest(f, value as Request)
      return
    case 'Response':
      printResponse(f, value as Response)
      return
    case 'URL':
      f.write(nodeUrl(value as URL, f.colors, f.maxDepth))
      return
    default:
      f.printObject(value)
  }
}

function groupEntries(source: { forEach(cb: (value: unknown, key: string) => void): void }): [string, unknown][] {
  const grouped = new Map<string, unknown>()
  source.forEach((value, key) => {
    if (!grouped.has(key)) grouped.set(key, value)
    else {
      const existing = grouped.get(key)
      if (Array.isArray(existing)) existing.push(value)
      else grouped.set(key, [existing, value])
    }
  })
  return [...grouped]
}

function headerEntries(headers: Headers): [string, unknown][] {
  const out = new Map<string, unknown>()
  const cookies: string[] = []
  headers.forEach((value, key) => {
    if (key === 'set-cookie') cookies.push(value)
    else out.set(key, value)
  })
  const getSetCookie = (headers as { getSetCookie?: () => string[] }).getSetCookie
  const allCookies = typeof getSetCookie === 'function' ? getSetCookie.call(headers) : cookies
  // Bun lists `set-cookie` first, then the others in the order the object holds them (its
  // insertion order; a platform Headers only reveals the sorted order).
  const entries: [string, unknown][] = allCookies.length > 0 ? [['set-cookie', allCookies]] : []
  return [...entries, ...out]
}

function printHeaders(f: Formatter, headers: Headers): void {
  f.addForNewLine(8)
  f.pretty('<r>Headers ')
  const previous = f.quoteKeys
  f.quoteKeys = true
  try {
    f.printObject({}, toEntries(headerEntries(headers)))
  } finally {
    f.quoteKeys = previous
  }
}

function toEntries(pairs: [string, unknown][]): { key: string; value: unknown }[] {
  return pairs.map(([key, value]) => ({ key, value }))
}

/** `Name {` + quoted keys, as Bun prints `URLSearchParams` and `FormData` (through their `toJSON`). */
function printKeyedObject(
  f: Formatter,
  name: string | undefined,
  pairs: [string, unknown][],
  alwaysName: boolean,
): void {
  const previous = f.quoteKeys
  f.quoteKeys = true
  try {
    if (pairs.length === 0) {
      f.write(alwaysName && name ? `${name} {}` : '{}')
      return
    }
    f.write(name ? `${name} ` : '')
    f.printObject({}, toEntries(pairs))
  } finally {
    f.quoteKeys = previous
  }
}

function printBlob(f: Formatter, blob: Blob): void {
  const isFile = webObjectKind(blob) === 'File'
  f.pretty(`<r>${isFile ? 'File' : 'Blob'}<r> (<yellow>${formatSize(blob.size)}<r>)`)
  const type = blob.type
  if (!isFile && type === '') return
  f.write(' {\n')
  f.indent += 1
  try {
    if (isFile) {
      f.writeIndent()
      f.pretty('name<d>:<r> <green>')
      f.write(JSON.stringify((blob as File).name))
      f.pretty('<r>')
      f.printComma()
      f.write('\n')
    }
    if (type !== '') {
      f.writeIndent()
      f.pretty('type<d>:<r> <green>')
      f.write(JSON.stringify(type))
      f.pretty('<r>')
      if (isFile) {
        f.printComma()
        f.write('\n')
      }
    }
    if (isFile) {
      f.writeIndent()
      f.pretty(`lastModified<d>:<r> <yellow>${(blob as File).lastModified}<r>`)
    }
    f.write('\n')
  } finally {
    f.indent -= 1
  }
  f.writeIndent()
  f.write('}')
}

type Body = { kind: 'none' } | { kind: 'blob'; info: BodyInfo } | { kind: 'stream'; stream: unknown }

/**
 * What Bun knows of a message's body: the embedder's answer (`bodyOf`), or
 * none when `body` is null; an unknown non-null body prints as the stream
 * it is (Bun's own output for a stream body).
 */
function bodyOf(f: Formatter, message: Request | Response): Body {
  const known = f.hooks.bodyOf?.(message)
  if (known !== undefined) return known === null ? { kind: 'none' } : { kind: 'blob', info: known }
  const stream = message.body
  return stream === null ? { kind: 'none' } : { kind: 'stream', stream }
}

function bodySize(body: Body): number {
  return body.kind === 'blob' ? body.info.size : 0
}

function printBody(f: Formatter, body: Body): void {
  f.writeIndent()
  if (body.kind === 'stream') {
    f.formatNested(body.stream)
    return
  }
  if (body.kind !== 'blob') return
  f.pretty(`<r>Blob<r> (<yellow>${formatSize(body.info.size)}<r>)`)
  if (body.info.type) {
    f.write(' {\n')
    f.indent += 1
    f.writeIndent()
    f.pretty('type<d>:<r> <green>')
    f.write(JSON.stringify(body.info.type))
    f.pretty('<r>\n')
    f.indent -= 1
    f.writeIndent()
    f.write('}')
  }
}

function printField(f: Formatter, name: string, value: unknown): void {
  f.writeIndent()
  f.pretty(`<r>${name}<d>:<r> `)
  f.formatNested(value)
}

function printRequest(f: Formatter, request: Request): void {
  const body = bodyOf(f, request)
  f.write(`Request (${formatSize(bodySize(body))}) {\n`)
  f.indent += 1
  try {
    f.writeIndent()
    f.pretty('<r>method<d>:<r> ')
    f.write(`"${request.method}"`)
    f.printComma()
    f.write('\n')
    f.writeIndent()
    f.pretty('<r>url<d>:<r> "<b>')
    f.write(request.url)
    f.pretty('<r>"')
    f.printComma()
    f.write('\n')
    printField(f, 'headers', request.headers)
    if (body.kind !== 'none') {
      f.write('\n')
      printBody(f, body)
    }
    f.write('\n')
  } finally {
    f.indent -= 1
  }
  f.writeIndent()
  f.write('}')
}

function printResponse(f: Formatter, response: Response): void {
  const body = bodyOf(f, response)
  f.write(`Response (${formatSize(bodySize(body))}) {\n`)
  f.indent += 1
  try {
    printField(f, 'ok', response.ok)
    f.printComma()
    f.write('\n')
    f.writeIndent()
    f.pretty('<r>url<d>:<r> "<r><b>')
    f.write(response.url)
    f.pretty('<r>"')
    f.printComma()
    f.write('\n')
    printField(f, 'status', response.status)
    f.printComma()
    f.write('\n')
    f.writeIndent()
    f.pretty('<r>statusText<d>:<r> <r>"<b>')
    f.write(response.statusText)
    f.pretty('<r>"')
    f.printComma()
    f.write('\n')
    printField(f, 'headers', response.headers)
    f.printComma()
    f.write('\n')
    printField(f, 'redirected', response.redirected)
    f.printComma()
    f.write('\n')
    printField(f, 'bodyUsed', response.bodyUsed)
    if (body.kind !== 'none') {
      f.printComma()
      f.write('\n')
      printBody(f, body)
    }
    f.write('\n')
  } finally {
    f.indent -= 1
  }
  f.writeIndent()
  f.write('}')
}

/** Node's `util.inspect` string quoting (single quotes unless the text has them). */
export function nodeQuote(text: string, colors: boolean): string {
  let quote = "'"
  if (text.includes("'")) {
    if (!text.includes('"')) quote = '"'
    else if (!text.includes('`') && !text.includes('${')) quote = '`'
  }
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    const code = text.charCodeAt(i)
    if (c === quote || c === '\\') out += `\\${c}`
    else if (c === '\n') out += '\\n'
    else if (c === '\t') out += '\\t'
    else if (c === '\r') out += '\\r'
    else if (c === '\b') out += '\\b'
    else if (c === '\f') out += '\\f'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1)
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += c + text[i + 1]
        i++
      } else out += `\\u${code.toString(16).toUpperCase()}`
    } else out += c
  }
  const quoted = quote + out + quote
  return colors ? `\x1b[32m${quoted}\x1b[39m` : quoted
}

/** Node's `URLSearchParams { 'a' => '1' }` (one line up to 128 columns). */
function nodeSearchParams(params: URLSearchParams, colors: boolean): string {
  const output: string[] = []
  let visible = -2
  params.forEach((value, key) => {
    output.push(`${nodeQuote(key, colors)} => ${nodeQuote(value, colors)}`)
    visible += nodeQuote(key, false).length + 4 + nodeQuote(value, false).length + 2
  })
  if (output.length === 0) return 'URLSearchParams {}'
  if (visible > 128) return `URLSearchParams {\n  ${output.join(',\n  ')} }`
  return `URLSearchParams { ${output.join(', ')} }`
}

const URL_FIELDS = [
  'href',
  'origin',
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
] as const

/**
 * `URL { href: '…', … }` as Bun prints it (its URL inspect hook uses Node's
 * `util.inspect`, one level per nesting: `URL [Object]` at depth 0, the
 * search params as `[Object]` at depth 1).
 */
export function nodeUrl(url: URL, colors: boolean, depth: number): string {
  const special = (text: string) => (colors ? `\x1b[36m${text}\x1b[39m` : text)
  if (depth < 1) return `URL ${special('[Object]')}`
  const lines = URL_FIELDS.map((field) => `  ${field}: ${nodeQuote(url[field], colors)}`)
  const params = depth < 2 ? special('[Object]') : nodeSearchParams(url.searchParams, colors)
  lines.push(`  searchParams: ${params.replaceAll('\n', '\n  ')}`)
  lines.push(`  hash: ${nodeQuote(url.hash, colors)}`)
  return `URL {\n${lines.join(',\n')}\n}`
}
