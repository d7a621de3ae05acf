/**
 * Terminal input decoding for `readline`: `emitKeypressEvents` turns the
 * bytes of an input stream into `keypress` events (`(str, key)` with
 * `key = { sequence, name, ctrl, meta, shift, code? }`), recognising the
 * escape sequences of xterm, gnome, rxvt, putty and the Linux console as Node
 * does; plus the display-width helpers the line editor measures with.
 */
import { StringDecoder } from '../string-decoder.js'

/** A decoded key, as `keypress` listeners receive it. */
export interface Key {
  sequence: string
  name: string | undefined
  ctrl: boolean
  meta: boolean
  shift: boolean
  code?: string
}

const ESC = '\x1b'

/** Key names of complete escape sequences (after ESC), by their code (`[A`, `OP`, `[15~` …). */
const SEQUENCE_NAMES: Record<string, [name: string, modifier?: 'shift' | 'ctrl']> = {
  '[P': ['f1'],
  '[Q': ['f2'],
  '[R': ['f3'],
  '[S': ['f4'],
  OP: ['f1'],
  OQ: ['f2'],
  OR: ['f3'],
  OS: ['f4'],
  '[11~': ['f1'],
  '[12~': ['f2'],
  '[13~': ['f3'],
  '[14~': ['f4'],
  '[200~': ['paste-start'],
  '[201~': ['paste-end'],
  '[[A': ['f1'],
  '[[B': ['f2'],
  '[[C': ['f3'],
  '[[D': ['f4'],
  '[[E': ['f5'],
  '[15~': ['f5'],
  '[17~': ['f6'],
  '[18~': ['f7'],
  '[19~': ['f8'],
  '[20~': ['f9'],
  '[21~': ['f10'],
  '[23~': ['f11'],
  '[24~': ['f12'],
  '[A': ['up'],
  '[B': ['down'],
  '[C': ['right'],
  '[D': ['left'],
  '[E': ['clear'],
  '[F': ['end'],
  '[H': ['home'],
  OA: ['up'],
  OB: ['down'],
  OC: ['right'],
  OD: ['left'],
  OE: ['clear'],
  OF: ['end'],
  OH: ['home'],
  '[1~': ['home'],
  '[2~': ['insert'],
  '[3~': ['delete'],
  '[4~': ['end'],
  '[5~': ['pageup'],
  '[6~': ['pagedown'],
  '[[5~': ['pageup'],
  '[[6~': ['pagedown'],
  '[7~': ['home'],
  '[8~': ['end'],
  '[a': ['up', 'shift'],
  '[b': ['down', 'shift'],
  '[c': ['right', 'shift'],
  '[d': ['left', 'shift'],
  '[e': ['clear', 'shift'],
  '[2$': ['insert', 'shift'],
  '[3$': ['delete', 'shift'],
  '[5$': ['pageup', 'shift'],
  '[6$': ['pagedown', 'shift'],
  '[7$': ['home', 'shift'],
  '[8$': ['end', 'shift'],
  Oa: ['up', 'ctrl'],
  Ob: ['down', 'ctrl'],
  Oc: ['right', 'ctrl'],
  Od: ['left', 'ctrl'],
  Oe: ['clear', 'ctrl'],
  '[2^': ['insert', 'ctrl'],
  '[3^': ['delete', 'ctrl'],
  '[5^': ['pageup', 'ctrl'],
  '[6^': ['pagedown', 'ctrl'],
  '[7^': ['home', 'ctrl'],
  '[8^': ['end', 'ctrl'],
  '[Z': ['tab', 'shift'],
}

const isDigit = (ch: string) => ch >= '0' && ch <= '9'

/** What the decoder does with the next character. */
type Emit = (str: string | undefined, key: Key) => void

/**
 * The keypress decoder of one stream: a small state machine fed one
 * character (code point) at a time; `''` means "no more input for now" (the
 * escape timeout), which completes a pending lone ESC.
 */
class KeyDecoder {
  /** Characters of the key being read. */
  #pending: string[] = []

  constructor(private readonly emit: Emit) {}

  feed(ch: string): void {
    this.#pending.push(ch)
    const done = this.#tryDecode()
    if (done) this.#pending = []
  }

  /** Decodes the pending characters if they form a complete key; `false` to wait for more. */
  #tryDecode(): boolean {
    const chars = this.#pending
    let i = 0
    let escaped = false
    const next = (): string | undefined => chars[i++]
    let ch = next()!
    let sequence = ch
    if (ch === ESC) {
      escaped = true
      const second = next()
      if (second === undefined) return false
      ch = second
      sequence += ch
      if (ch === ESC) {
        const third = next()
        if (third === undefined) return false
        ch = third
        sequence += ch
      }
    }
    const key: Key = { sequence: '', name: undefined, ctrl: false, meta: false, shift: false }
    if (escaped && (ch === 'O' || ch === '[')) {
      let code = ch
      let modifier = 0
      if (ch === 'O') {
        let c = next()
        if (c === undefined) return false
        sequence += c
        if (isDigit(c)) {
          modifier = Number(c) - 1
          c = next()
          if (c === undefined) return false
          sequence += c
        }
        code += c
      } else {
        let c = next()
        if (c === undefined) return false
        sequence += c
        if (c === '[') {
          code += c
          c = next()
          if (c === undefined) return false
          sequence += c
        }
        const commandStart = sequence.length - 1
        // Bun reads every leading digit (so `[200~`, bracketed paste, is one key).
        while (isDigit(c)) {
          c = next()
          if (c === undefined) return false
          sequence += c
        }
        if (c === ';') {
          c = next()
          if (c === undefined) return false
          sequence += c
          if (isDigit(c)) {
            const d = next()
            if (d === undefined) return false
            sequence += d
          }
        }
        const command = sequence.slice(commandStart)
        const numbered = /^(\d\d?)(;(\d))?([~^$])$/.exec(command)
        const lettered = numbered ? null : /^((\d;)?(\d))?([A-Za-z])$/.exec(command)
        if (numbered) {
          code += numbered[1]! + numbered[4]!
          modifier = Number(numbered[3] || 1) - 1
        } else if (lettered) {
          code += lettered[4]!
          modifier = Number(lettered[3] || 1) - 1
        } else code += command
      }
      key.ctrl = Boolean(modifier & 4)
      key.meta = Boolean(modifier & 10)
      key.shift = Boolean(modifier & 1)
      key.code = code
      const named = SEQUENCE_NAMES[code]
      if (named) {
        key.name = named[0]
        if (named[1] === 'shift') key.shift = true
        if (named[1] === 'ctrl') key.ctrl = true
      } else key.name = 'undefined'
    } else if (ch === '\r') {
      key.name = 'return'
      key.meta = escaped
    } else if (ch === '\n') {
      key.name = 'enter'
      key.meta = escaped
    } else if (ch === '\t') {
      key.name = 'tab'
      key.meta = escaped
    } else if (ch === '\b' || ch === '\x7f') {
      key.name = 'backspace'
      key.meta = escaped
    } else if (ch === ESC) {
      key.name = 'escape'
      key.meta = escaped
    } else if (ch === ' ') {
      key.name = 'space'
      key.meta = escaped
    } else if (!escaped && ch <= '\x1a') {
      key.name = String.fromCharCode(ch.charCodeAt(0) + 'a'.charCodeAt(0) - 1)
      key.ctrl = true
    } else if (/^[0-9A-Za-z]$/.test(ch)) {
      key.name = ch.toLowerCase()
      key.shift = /^[A-Z]$/.test(ch)
      key.meta = escaped
    } else if (escaped) {
      // The escape timeout fed '' after a lone ESC.
      key.name = ch.length ? undefined : 'escape'
      key.meta = true
    }
    key.sequence = sequence
    if (sequence.length !== 0 && (key.name !== undefined || escaped)) this.emit(escaped ? undefined : sequence, key)
    else if (charLengthAt(sequence, 0) === sequence.length) this.emit(sequence, key)
    return true
  }
}

/** UTF-16 units of the character starting at `i`. */
export function charLengthAt(text: string, i: number): number {
  if (text.length <= i) return 1
  return (text.codePointAt(i) ?? 0) >= 0x10000 ? 2 : 1
}

/** UTF-16 units of the character ending just before `i`. */
export function charLengthLeft(text: string, i: number): number {
  if (i <= 0) return 0
  if (i > 1 && (text.codePointAt(i - 2) ?? 0) >= 0x10000) return 2
  return 1
}

const DECODER: unique symbol = Symbol('readline keypress decoder')

/** Options of {@link emitKeypressEvents} (the readline Interface passes itself). */
export interface KeypressOwner {
  escapeCodeTimeout?: number
  /** Set false while a chunk has more keys to come, true for its last one. */
  isCompletionEnabled?: boolean
}

interface KeypressStream {
  on(event: string, listener: (...args: never[]) => void): unknown
  removeListener(event: string, listener: (...args: never[]) => void): unknown
  emit(event: string, ...args: unknown[]): boolean
  listenerCount(event: string): number
  [DECODER]?: boolean
}

/**
 * `readline.emitKeypressEvents(stream, iface)`: from now on (once someone
 * listens for `keypress`), `stream`'s data is decoded into `keypress` events.
 */
export function emitKeypressEvents(stream: KeypressStream, iface: KeypressOwner = {}): void {
  if (stream[DECODER]) return
  stream[DECODER] = true
  const text = new StringDecoder('utf8')
  let decoder = new KeyDecoder((str, key) => stream.emit('keypress', str, key))
  const escapeTimeout = iface.escapeCodeTimeout ?? 500
  let timer: ReturnType<typeof setTimeout> | undefined
  const onData = (input: unknown) => {
    if (stream.listenerCount('keypress') === 0) {
      stream.removeListener('data', onData)
      stream.on('newListener', onNewListener)
      return
    }
    const chunk = typeof input === 'string' ? input : text.write(input as Uint8Array)
    if (!chunk) return
    clearTimeout(timer)
    iface.isCompletionEnabled = false
    let consumed = 0
    for (const character of chunk) {
      consumed += character.length
      if (consumed === chunk.length) iface.isCompletionEnabled = true
      try {
        decoder.feed(character)
        if (consumed === chunk.length && character === ESC) timer = setTimeout(() => decoder.feed(''), escapeTimeout)
      } catch (error) {
        // A throwing keypress listener must not leave the decoder mid-sequence.
        decoder = new KeyDecoder((str, key) => stream.emit('keypress', str, key))
        throw error
      }
    }
  }
  const onNewListener = (event: string) => {
    if (event === 'keypress') {
      stream.on('data', onData)
      stream.removeListener('newListener', onNewListener)
    }
  }
  if (stream.listenerCount('keypress') > 0) stream.on('data', onData)
  else stream.on('newListener', onNewListener)
}

// --- display width ------------------------------------------------------------------------------

const ANSI =
  /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g

/** `util.stripVTControlCharacters`. */
export function stripVTControlCharacters(text: string): string {
  return text.replace(ANSI, '')
}

const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|\p{Cf})$/u
const CONTROL = /^[\u0000-\u001f\u007f-\u009f]$/

/** East Asian wide/fullwidth ranges (and wide emoji), by code point. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    code === 0x2329 ||
    code === 0x232a ||
    (code >= 0x231a && code <= 0x231b) ||
    (code >= 0x23e9 && code <= 0x23ec) ||
    (code >= 0x25fd && code <= 0x25fe) ||
    (code >= 0x2614 && code <= 0x2615) ||
    (code >= 0x2648 && code <= 0x2653) ||
    (code >= 0x26aa && code <= 0x26ab) ||
    (code >= 0x26bd && code <= 0x26be) ||
    (code >= 0x26c4 && code <= 0x26c5) ||
    (code >= 0x2705 && code <= 0x2705) ||
    (code >= 0x270a && code <= 0x270b) ||
    (code >= 0x2753 && code <= 0x2755) ||
    (code >= 0x2795 && code <= 0x2797) ||
    (code >= 0x2b1b && code <= 0x2b1c) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xa960 && code <= 0xa97f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe10 && code <= 0xfe19) ||
    (code >= 0xfe30 && code <= 0xfe6f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x16fe0 && code <= 0x16fe4) ||
    (code >= 0x17000 && code <= 0x18cd5) ||
    (code >= 0x1b000 && code <= 0x1b2ff) ||
    (code >= 0x1f004 && code <= 0x1f004) ||
    (code >= 0x1f0cf && code <= 0x1f0cf) ||
    (code >= 0x1f18e && code <= 0x1f18e) ||
    (code >= 0x1f191 && code <= 0x1f19a) ||
    (code >= 0x1f200 && code <= 0x1f251) ||
    (code >= 0x1f300 && code <= 0x1f64f && /\p{Emoji_Presentation}/u.test(String.fromCodePoint(code))) ||
    (code >= 0x1f680 && code <= 0x1faff && /\p{Emoji_Presentation}/u.test(String.fromCodePoint(code))) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
}

/** Terminal columns of one character (0, 1 or 2). */
export function characterWidth(character: string): number {
  if (ZERO_WIDTH.test(character) || CONTROL.test(character)) return 0
  return isWide(character.codePointAt(0) ?? 0) ? 2 : 1
}
