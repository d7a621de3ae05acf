/**
 * `util.MIMEType` and `util.MIMEParams`: WHATWG MIME type parsing and
 * serialisation (https://mimesniff.spec.whatwg.org/#parsing-a-mime-type),
 * with Node's `ERR_INVALID_MIME_SYNTAX` errors.
 */
import { nodeError } from './node-a-errors.js'

const NOT_TOKEN = /[^!#$%&'*+\-.^_`|~A-Za-z0-9]/
const NOT_QUOTED_STRING = /[^\t\u0020-~\u0080-\u00FF]/
const LEADING_WHITESPACE_END = /[^\r\n\t ]|$/
const TRAILING_WHITESPACE = /[\r\n\t ]*$/
const PARAMETER_NAME_END = /[;=]|$/
const QUOTED_VALUE = /^(?:([\\]$)|[\\][\s\S]|[^"])*(?:(")|$)/u

function syntaxError(production: string, text: string, at: number): TypeError {
  return nodeError(
    TypeError,
    'ERR_INVALID_MIME_SYNTAX',
    `The MIME syntax for a ${production} in "${text}" is invalid${at !== -1 ? ` at ${at}` : ''}`,
  )
}

const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (ch) => ch.toLowerCase())

function parseEssence(text: string): [string, string, number] {
  let position = text.search(LEADING_WHITESPACE_END)
  const typeEnd = text.indexOf('/', position)
  const rawType = typeEnd === -1 ? text.slice(position) : text.slice(position, typeEnd)
  const badType = rawType.search(NOT_TOKEN)
  if (rawType === '' || badType !== -1 || typeEnd === -1) throw syntaxError('type', text, badType)
  position = typeEnd + 1
  const subtypeEnd = text.indexOf(';', position)
  const rawSubtype = subtypeEnd === -1 ? text.slice(position) : text.slice(position, subtypeEnd)
  position += rawSubtype.length
  if (subtypeEnd !== -1) position += 1
  const subtype = rawSubtype.slice(0, rawSubtype.search(TRAILING_WHITESPACE))
  const badSubtype = subtype.search(NOT_TOKEN)
  if (subtype === '' || badSubtype !== -1) throw syntaxError('subtype', text, badSubtype)
  return [asciiLower(rawType), asciiLower(subtype), position]
}

function removeBackslashes(text: string): string {
  let out = ''
  let i = 0
  for (; i < text.length - 1; i++) {
    if (text[i] === '\\') out += text[++i]
    else out += text[i]
  }
  if (i === text.length - 1) out += text[i]
  return out
}

function encodeValue(value: string): string {
  if (value.length === 0) return '""'
  if (!NOT_TOKEN.test(value)) return value
  return `"${value.replace(/["\\]/g, (ch) => `\\${ch}`)}"`
}

function parseParameters(text: string): Map<string, string> {
  const params = new Map<string, string>()
  let position = 0
  const end = text.search(TRAILING_WHITESPACE)
  while (position < end) {
    position += text.slice(position).search(LEADING_WHITESPACE_END)
    const nameEnd = text.slice(position).search(PARAMETER_NAME_END) + position
    const name = asciiLower(text.slice(position, nameEnd))
    position = nameEnd
    if (position < end) {
      const ch = text[position]
      position += 1
      if (ch === ';') continue
    }
    if (position >= end) break
    let value: string
    if (text[position] === '"') {
      position += 1
      const match = QUOTED_VALUE.exec(text.slice(position))!
      position += match[0].length
      const inside = match[1] || match[2] ? match[0].slice(0, -1) : match[0]
      value = removeBackslashes(inside)
      if (match[1]) value += '\\'
    } else {
      const valueEnd = text.indexOf(';', position)
      const raw = valueEnd === -1 ? text.slice(position) : text.slice(position, valueEnd)
      position += raw.length
      const trimmed = raw.slice(0, raw.search(TRAILING_WHITESPACE))
      if (trimmed === '') continue
      value = trimmed
    }
    if (name !== '' && !NOT_TOKEN.test(name) && !NOT_QUOTED_STRING.test(value) && !params.has(name)) {
      params.set(name, value)
    }
    position++
  }
  return params
}

/** `util.MIMEParams`: the parameters of a MIME type, parsed lazily. */
export class MIMEParams {
  #data = new Map<string, string>()
  #pending: string | null = null

  /** Parameters to be parsed from `text` on first use (what `MIMEType` builds). */
  static fromText(text: string): MIMEParams {
    const params = new MIMEParams()
    params.#pending = text
    return params
  }

  #parse(): Map<string, string> {
    if (this.#pending !== null) {
      this.#data = parseParameters(this.#pending)
      this.#pending = null
    }
    return this.#data
  }

  delete(name: string): void {
    this.#parse().delete(name)
  }

  get(name: string): string | null {
    const data = this.#parse()
    return data.has(name) ? data.get(name)! : null
  }

  has(name: string): boolean {
    return this.#parse().has(name)
  }

  set(name: string, value: string): void {
    const data = this.#parse()
    const key = `${name}`
    const text = `${value}`
    const badName = key.search(NOT_TOKEN)
    if (key.length === 0 || badName !== -1) throw syntaxError('parameter name', key, badName)
    const badValue = text.search(NOT_QUOTED_STRING)
    if (badValue !== -1) throw syntaxError('parameter value', text, badValue)
    data.set(key, text)
  }

  *entries(): IterableIterator<[string, string]> {
    yield* this.#parse().entries()
  }

  *keys(): IterableIterator<string> {
    yield* this.#parse().keys()
  }

  *values(): IterableIterator<string> {
    yield* this.#parse().values()
  }

  toString(): string {
    let out = ''
    for (const [key, value] of this.#parse()) {
      if (out.length > 0) out += ';'
      out += `${key}=${encodeValue(value)}`
    }
    return out
  }

  toJSON(): string {
    return this.toString()
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries()
  }
}

/** `util.MIMEType`. */
export class MIMEType {
  #type: string
  #subtype: string
  #params: MIMEParams

  constructor(input: string) {
    const text = `${input}`
    const [type, subtype, position] = parseEssence(text)
    this.#type = type
    this.#subtype = subtype
    this.#params = MIMEParams.fromText(text.slice(position))
  }

  get type(): string {
    return this.#type
  }

  set type(value: string) {
    const text = `${value}`
    const bad = text.search(NOT_TOKEN)
    if (text.length === 0 || bad !== -1) throw syntaxError('type', text, bad)
    this.#type = asciiLower(text)
  }

  get subtype(): string {
    return this.#subtype
  }

  set subtype(value: string) {
    const text = `${value}`
    const bad = text.search(NOT_TOKEN)
    if (text.length === 0 || bad !== -1) throw syntaxError('subtype', text, bad)
    this.#subtype = asciiLower(text)
  }

  get essence(): string {
    return `${this.#type}/${this.#subtype}`
  }

  get params(): MIMEParams {
    return this.#params
  }

  toString(): string {
    const params = this.#params.toString()
    return `${this.#type}/${this.#subtype}${params.length > 0 ? `;${params}` : ''}`
  }

  toJSON(): string {
    return this.toString()
  }
}
