/**
 * `node:querystring`: Node's (and Bun's) legacy query-string codec.
 * `parse` returns a null-prototype object; repeated keys collect into arrays;
 * `+` decodes as a space; malformed escapes are kept literally.
 */
import { Buffer } from 'buffer'
import type { NodeContext } from './context.js'
import { nodeError } from './internal/node-a-errors.js'

/** Options of `querystring.parse`. */
export interface ParseOptions {
  /** Most pairs to read (default 1000; 0 or less: no limit). */
  maxKeys?: number
  /** Decoder for percent-encoded keys and values (default `querystring.unescape`). */
  decodeURIComponent?: (text: string) => string
}

/** Options of `querystring.stringify`. */
export interface StringifyOptions {
  /** Encoder for keys and values (default `querystring.escape`). */
  encodeURIComponent?: (text: string) => string
}

/** The `node:querystring` module. */
export interface QuerystringModule {
  parse(text: string, sep?: string, eq?: string, options?: ParseOptions): Record<string, string | string[]>
  decode(text: string, sep?: string, eq?: string, options?: ParseOptions): Record<string, string | string[]>
  stringify(object: unknown, sep?: string, eq?: string, options?: StringifyOptions): string
  encode(object: unknown, sep?: string, eq?: string, options?: StringifyOptions): string
  escape(text: unknown): string
  unescape(text: string, decodeSpaces?: boolean): string
  unescapeBuffer(text: string, decodeSpaces?: boolean): Buffer
}

/** Characters `escape` leaves as they are: `A-Z a-z 0-9 - . _ ~ ! ' ( ) *`. */
const UNRESERVED = /[A-Za-z0-9\-._~!'()*]/
const HEX = '0123456789ABCDEF'

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 65 && code <= 70) return code - 55
  if (code >= 97 && code <= 102) return code - 87
  return -1
}

const percent = (byte: number): string => `%${HEX[byte >> 4]}${HEX[byte & 15]}`

/** Percent-encodes UTF-8 bytes of everything but the unreserved characters. */
function qsEscape(value: unknown): string {
  let text: string
  if (typeof value === 'string') text = value
  else if (typeof value === 'object') text = String(value)
  else text = `${value as string}`
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    let code = text.charCodeAt(i)
    if (code < 0x80) {
      out += UNRESERVED.test(ch) ? ch : percent(code)
    } else if (code < 0x800) {
      out += percent(0xc0 | (code >> 6)) + percent(0x80 | (code & 63))
    } else if (code < 0xd800 || code >= 0xe000) {
      out += percent(0xe0 | (code >> 12)) + percent(0x80 | ((code >> 6) & 63)) + percent(0x80 | (code & 63))
    } else {
      // Like Node, any surrogate takes the next unit as its pair without
      // checking it; only a surrogate at the very end is malformed.
      if (i + 1 >= text.length) throw nodeError(URIError, 'ERR_INVALID_URI', 'URI malformed')
      i++
      code = 0x10000 + (((code & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff))
      out +=
        percent(0xf0 | (code >> 18)) +
        percent(0x80 | ((code >> 12) & 63)) +
        percent(0x80 | ((code >> 6) & 63)) +
        percent(0x80 | (code & 63))
    }
  }
  return out
}

/**
 * Decodes `%XX` escapes into bytes, keeping malformed ones literally; other
 * characters become their low byte, as Node does.
 */
function unescapeBuffer(text: string, decodeSpaces = false): Buffer {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 43 && decodeSpaces) {
      bytes.push(32)
      continue
    }
    if (code === 37 && i < text.length - 2) {
      const high = hexValue(text.charCodeAt(i + 1))
      const low = hexValue(text.charCodeAt(i + 2))
      if (high >= 0 && low >= 0) {
        bytes.push(high * 16 + low)
        i += 2
        continue
      }
    }
    bytes.push(code & 0xff)
  }
  return Buffer.from(bytes)
}

function qsUnescape(text: string, decodeSpaces?: boolean): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return unescapeBuffer(text, decodeSpaces).toString()
  }
}

function primitiveText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
      return Number.isFinite(value) ? `${value}` : ''
    case 'bigint':
      return `${value}`
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      return ''
  }
}

function stringify(object: unknown, sep?: string, eq?: string, options?: StringifyOptions): string {
  const separator = sep || '&'
  const equals = eq || '='
  const encode = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : qsEscape
  if (object === null || typeof object !== 'object') return ''
  const fields: string[] = []
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key]
    const prefix = encode(primitiveText(key)) + equals
    if (Array.isArray(value)) {
      for (const item of value) fields.push(prefix + encode(primitiveText(item)))
    } else fields.push(prefix + encode(primitiveText(value)))
  }
  return fields.join(separator)
}

/** True when `text` holds a well-formed `%XX` escape (only then is it decoded, as in Node). */
function hasEscape(text: string): boolean {
  for (let i = text.indexOf('%'); i !== -1 && i < text.length - 2; i = text.indexOf('%', i + 1)) {
    if (hexValue(text.charCodeAt(i + 1)) >= 0 && hexValue(text.charCodeAt(i + 2)) >= 0) return true
  }
  return false
}

function parse(text: string, sep?: string, eq?: string, options?: ParseOptions): Record<string, string | string[]> {
  const result = Object.create(null) as Record<string, string | string[]>
  if (typeof text !== 'string' || text.length === 0) return result
  const separator = sep ? String(sep) : '&'
  const equals = eq ? String(eq) : '='
  let pairs = 1000
  if (options && typeof options.maxKeys === 'number') {
    pairs = options.maxKeys > 0 ? options.maxKeys : Number.POSITIVE_INFINITY
  }
  const custom = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : null
  const decode = (part: string): string => {
    if (part.length === 0) return part
    if (custom) {
      // A custom decoder sees every piece, `+` turned into `%20`.
      const spaced = part.replace(/\+/g, '%20')
      try {
        return custom(spaced)
      } catch {
        return qsUnescape(spaced, true)
      }
    }
    const spaced = part.replace(/\+/g, ' ')
    return hasEscape(spaced) ? qsUnescape(spaced, true) : spaced
  }
  const add = (key: string, value: string): void => {
    const current = result[key]
    if (current === undefined) result[key] = value
    else if (Array.isArray(current)) current.push(value)
    else result[key] = [current, value]
  }
  let start = 0
  while (start <= text.length) {
    let end = text.indexOf(separator, start)
    if (end === -1) end = text.length
    const part = text.slice(start, end)
    start = end + separator.length
    if (part.length === 0) {
      // An empty piece between separators still counts against maxKeys.
      if (end === text.length) break
      if (--pairs === 0) return result
      continue
    }
    const at = part.indexOf(equals)
    const key = at === -1 ? part : part.slice(0, at)
    const value = at === -1 ? '' : part.slice(at + equals.length)
    add(decode(key), decode(value))
    if (--pairs === 0) return result
    if (end === text.length) break
  }
  return result
}

/** `node:querystring`. */
export function createQuerystring(ctx: NodeContext): QuerystringModule {
  void ctx
  return {
    parse,
    decode: parse,
    stringify,
    encode: stringify,
    escape: qsEscape,
    unescape: qsUnescape,
    unescapeBuffer,
  }
}
