/**
 * `node:punycode`: RFC 3492 Punycode and IDNA label mapping, with the API and
 * error messages of punycode.js 2.1.0 (what Node and Bun expose).
 */
import type { NodeContext } from './context.js'

/** The `node:punycode` module. */
export interface PunycodeModule {
  readonly version: string
  readonly ucs2: { decode(text: string): number[]; encode(codePoints: readonly number[]): string }
  decode(input: string): string
  encode(input: string): string
  toASCII(domain: string): string
  toUnicode(domain: string): string
}

const MAX_INT = 2147483647
const BASE = 36
const T_MIN = 1
const T_MAX = 26
const SKEW = 38
const DAMP = 700
const INITIAL_BIAS = 72
const INITIAL_N = 128

const ERRORS = {
  overflow: 'Overflow: input needs wider integers to process',
  'not-basic': 'Illegal input >= 0x80 (not a basic code point)',
  'invalid-input': 'Invalid input',
} as const

function fail(kind: keyof typeof ERRORS): never {
  throw new RangeError(ERRORS[kind])
}

/** Code points of a string; a lone surrogate stays one unit. */
function ucs2decode(text: string): number[] {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if ((next & 0xfc00) === 0xdc00) {
        out.push(((code & 0x3ff) << 10) + (next & 0x3ff) + 0x10000)
        i++
        continue
      }
    }
    out.push(code)
  }
  return out
}

function ucs2encode(codePoints: readonly number[]): string {
  return String.fromCodePoint(...codePoints)
}

/** The digit value of a basic code point, or BASE when it is not a digit. */
function digitOf(code: number): number {
  if (code >= 0x30 && code < 0x3a) return 26 + (code - 0x30)
  if (code >= 0x41 && code < 0x5b) return code - 0x41
  if (code >= 0x61 && code < 0x7b) return code - 0x61
  return BASE
}

/** The lowercase basic code point of a digit (0–25 → a–z, 26–35 → 0–9). */
const basicOf = (digit: number): number => digit + 22 + (digit < 26 ? 75 : 0)

function threshold(k: number, bias: number): number {
  if (k <= bias) return T_MIN
  if (k >= bias + T_MAX) return T_MAX
  return k - bias
}

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1
  d += Math.floor(d / points)
  let k = 0
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN))
    k += BASE
  }
  return Math.floor(k + ((BASE - T_MIN + 1) * d) / (d + SKEW))
}

function decode(input: string): string {
  const output: number[] = []
  let n = INITIAL_N
  let bias = INITIAL_BIAS
  let i = 0
  const basic = Math.max(input.lastIndexOf('-'), 0)
  for (let j = 0; j < basic; j++) {
    const code = input.charCodeAt(j)
    if (code >= 0x80) fail('not-basic')
    output.push(code)
  }
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length; ) {
    const oldI = i
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= input.length) fail('invalid-input')
      const digit = digitOf(input.charCodeAt(index++))
      if (digit >= BASE) fail('invalid-input')
      if (digit > Math.floor((MAX_INT - i) / w)) fail('overflow')
      i += digit * w
      const t = threshold(k, bias)
      if (digit < t) break
      if (w > Math.floor(MAX_INT / (BASE - t))) fail('overflow')
      w *= BASE - t
    }
    const length = output.length + 1
    bias = adapt(i - oldI, length, oldI === 0)
    if (Math.floor(i / length) > MAX_INT - n) fail('overflow')
    n += Math.floor(i / length)
    i %= length
    output.splice(i++, 0, n)
  }
  return String.fromCodePoint(...output)
}

function encode(text: string): string {
  const input = ucs2decode(text)
  let out = ''
  for (const code of input) if (code < 0x80) out += String.fromCharCode(code)
  const basicLength = out.length
  let handled = basicLength
  if (basicLength > 0) out += '-'
  let n = INITIAL_N
  let delta = 0
  let bias = INITIAL_BIAS
  while (handled < input.length) {
    let m = MAX_INT
    for (const code of input) if (code >= n && code < m) m = code
    const next = handled + 1
    if (m - n > Math.floor((MAX_INT - delta) / next)) fail('overflow')
    delta += (m - n) * next
    n = m
    for (const code of input) {
      if (code < n && ++delta > MAX_INT) fail('overflow')
      if (code !== n) continue
      let q = delta
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias)
        if (q < t) break
        out += String.fromCharCode(basicOf(t + ((q - t) % (BASE - t))))
        q = Math.floor((q - t) / (BASE - t))
      }
      out += String.fromCharCode(basicOf(q))
      bias = adapt(delta, next, handled === basicLength)
      delta = 0
      handled++
    }
    delta++
    n++
  }
  return out
}

/** Applies `map` to each label; a local part before `@` is kept as it is (punycode.js keeps only one `@`). */
function mapDomain(domain: string, map: (label: string) => string): string {
  const parts = domain.split('@')
  let prefix = ''
  let host = domain
  if (parts.length > 1) {
    prefix = `${parts[0]}@`
    host = parts[1]!
  }
  return (
    prefix +
    host
      .replace(/[\x2E\u3002\uFF0E\uFF61]/g, '.')
      .split('.')
      .map(map)
      .join('.')
  )
}

/** `node:punycode`. */
export function createPunycode(ctx: NodeContext): PunycodeModule {
  void ctx
  return {
    version: '2.1.0',
    ucs2: { decode: ucs2decode, encode: ucs2encode },
    decode,
    encode,
    toASCII: (domain: string): string =>
      mapDomain(domain, (label) => (/[^\0-\x7F]/.test(label) ? `xn--${encode(label)}` : label)),
    toUnicode: (domain: string): string =>
      mapDomain(domain, (label) => (/^xn--/.test(label) ? decode(label.slice(4).toLowerCase()) : label)),
  }
}
