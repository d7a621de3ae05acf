/**
 * Node's Buffer encodings over plain bytes: names, byte lengths, encoding
 * into a region and decoding a range, with Node's lenient rules (hex stops at
 * the first bad pair, base64 accepts both alphabets, skips other characters
 * and stops at `=`, `ascii` writes like `latin1` and reads the low 7 bits).
 */

/** The canonical encoding names. */
export type Encoding = 'utf8' | 'utf16le' | 'latin1' | 'ascii' | 'base64' | 'base64url' | 'hex'

/** The canonical name of an encoding given by name (any case), or `undefined` for an unknown one. */
export function lookupEncoding(name: unknown): Encoding | undefined {
  switch (String(name).toLowerCase()) {
    case 'utf8':
    case 'utf-8':
      return 'utf8'
    case 'ucs2':
    case 'ucs-2':
    case 'utf16le':
    case 'utf-16le':
      return 'utf16le'
    case 'latin1':
    case 'binary':
      return 'latin1'
    case 'base64':
      return 'base64'
    case 'base64url':
      return 'base64url'
    case 'hex':
      return 'hex'
    case 'ascii':
      return 'ascii'
  }
  return undefined
}

/** Node's `normalizeEncoding`: like {@link lookupEncoding}, with `undefined`, `null` and `''` meaning UTF-8. */
export function normalizeEncoding(name: unknown): Encoding | undefined {
  return name === undefined || name === null || name === '' ? 'utf8' : lookupEncoding(name)
}

const encoder = new TextEncoder()
// Node keeps a leading BOM when decoding UTF-8; invalid sequences become U+FFFD (WHATWG rules).
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true })

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/** 6-bit value of each character code (both alphabets), 255 for the rest. */
const UNBASE64 = new Uint8Array(256).fill(255)
for (let i = 0; i < 64; i++) {
  UNBASE64[BASE64.charCodeAt(i)] = i
  UNBASE64[BASE64URL.charCodeAt(i)] = i
}
const HEX_DIGITS = '0123456789abcdef'
const HEX_PAIRS: string[] = []
for (let i = 0; i < 256; i++) HEX_PAIRS.push(HEX_DIGITS[i >> 4]! + HEX_DIGITS[i & 15]!)

function unhex(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}

/** Bytes `string` takes in `encoding` (Node's estimate for base64: trailing `=` only). */
export function byteLengthOf(string: string, encoding: Encoding): number {
  switch (encoding) {
    case 'utf8':
      return utf8Length(string)
    case 'utf16le':
      return string.length * 2
    case 'latin1':
    case 'ascii':
      return string.length
    case 'hex':
      return string.length >>> 1
    case 'base64':
    case 'base64url': {
      let n = string.length
      if (n > 0 && string.charCodeAt(n - 1) === 0x3d) n--
      if (n > 1 && string.charCodeAt(n - 1) === 0x3d) n--
      return (n * 3) >>> 2
    }
  }
}

function utf8Length(string: string): number {
  let length = 0
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i)
    if (code < 0x80) length += 1
    else if (code < 0x800) length += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < string.length) {
      const next = string.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4
        i++
      } else length += 3
    } else length += 3
  }
  return length
}

/** `string` encoded as a fresh byte array. */
export function encode(string: string, encoding: Encoding): Uint8Array {
  if (encoding === 'utf8') return encoder.encode(string)
  const bytes = new Uint8Array(byteLengthOf(string, encoding))
  const written = encodeInto(string, encoding, bytes, 0, bytes.length)
  return written === bytes.length ? bytes : bytes.subarray(0, written)
}

/**
 * Encodes `string` into `target[offset, offset + length)`, writing only whole
 * characters (whole hex pairs, whole UTF-16 units); returns the bytes written.
 */
export function encodeInto(
  string: string,
  encoding: Encoding,
  target: Uint8Array,
  offset: number,
  length: number,
): number {
  const end = Math.min(target.length, offset + length)
  switch (encoding) {
    case 'utf8': {
      if (end <= offset) return 0
      return encoder.encodeInto(string, target.subarray(offset, end)).written ?? 0
    }
    case 'latin1':
    case 'ascii': {
      const n = Math.min(string.length, end - offset)
      for (let i = 0; i < n; i++) target[offset + i] = string.charCodeAt(i) & 0xff
      return Math.max(n, 0)
    }
    case 'utf16le': {
      const n = Math.min(string.length, Math.floor((end - offset) / 2))
      for (let i = 0; i < n; i++) {
        const code = string.charCodeAt(i)
        target[offset + 2 * i] = code & 0xff
        target[offset + 2 * i + 1] = code >>> 8
      }
      return Math.max(n, 0) * 2
    }
    case 'hex': {
      const n = Math.min(string.length >>> 1, end - offset)
      for (let i = 0; i < n; i++) {
        const hi = unhex(string.charCodeAt(2 * i))
        const lo = unhex(string.charCodeAt(2 * i + 1))
        if (hi < 0 || lo < 0) return i
        target[offset + i] = hi * 16 + lo
      }
      return Math.max(n, 0)
    }
    case 'base64':
    case 'base64url':
      return decodeBase64Into(string, target, offset, end)
  }
}

function decodeBase64Into(string: string, target: Uint8Array, offset: number, end: number): number {
  let at = offset
  let group = 0
  let count = 0
  for (let i = 0; i < string.length && at < end; i++) {
    const code = string.charCodeAt(i)
    if (code === 0x3d) break
    const value = code < 256 ? UNBASE64[code]! : 255
    if (value === 255) continue
    group = (group << 6) | value
    count++
    if (count === 4) {
      target[at++] = group >>> 16
      if (at < end) target[at++] = (group >>> 8) & 0xff
      if (at < end) target[at++] = group & 0xff
      group = 0
      count = 0
    }
  }
  if (count === 2 && at < end) target[at++] = (group >>> 4) & 0xff
  else if (count === 3) {
    if (at < end) target[at++] = (group >>> 10) & 0xff
    if (at < end) target[at++] = (group >>> 2) & 0xff
  }
  return at - offset
}

/** `bytes[start, end)` decoded as a string. */
export function decode(bytes: Uint8Array, encoding: Encoding, start = 0, end: number = bytes.length): string {
  if (end <= start) return ''
  switch (encoding) {
    case 'utf8':
      return utf8Decoder.decode(bytes.subarray(start, end))
    case 'latin1':
      return latin1(bytes, start, end, 0xff)
    case 'ascii':
      return latin1(bytes, start, end, 0x7f)
    case 'utf16le': {
      let text = ''
      const units: number[] = []
      for (let i = start; i + 1 < end; i += 2) {
        units.push(bytes[i]! | (bytes[i + 1]! << 8))
        if (units.length === 4096) {
          text += String.fromCharCode(...units)
          units.length = 0
        }
      }
      return text + String.fromCharCode(...units)
    }
    case 'hex': {
      let text = ''
      for (let i = start; i < end; i++) text += HEX_PAIRS[bytes[i]!]
      return text
    }
    case 'base64':
      return base64(bytes, start, end, BASE64, true)
    case 'base64url':
      return base64(bytes, start, end, BASE64URL, false)
  }
}

function latin1(bytes: Uint8Array, start: number, end: number, mask: number): string {
  let text = ''
  for (let i = start; i < end; i += 4096) {
    const chunk = bytes.subarray(i, Math.min(end, i + 4096))
    text += String.fromCharCode(...(mask === 0xff ? chunk : chunk.map((b) => b & mask)))
  }
  return text
}

function base64(bytes: Uint8Array, start: number, end: number, alphabet: string, pad: boolean): string {
  let text = ''
  let i = start
  for (; i + 2 < end; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    text += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + alphabet[n & 63]!
  }
  if (end - i === 1) {
    const n = bytes[i]! << 16
    text += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + (pad ? '==' : '')
  } else if (end - i === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    text += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + (pad ? '=' : '')
  }
  return text
}
