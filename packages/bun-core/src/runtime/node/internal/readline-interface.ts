/**
 * readline's `Interface`: lines from an input stream, and — in terminal
 * mode — an Emacs-style line editor writing Node's ANSI sequences to the
 * output (cursor moves, kill ring, undo/redo, history with prefix search,
 * tab completion). Written to produce the bytes Bun 1.4.5 produces,
 * including its choice to echo a character typed in the middle of the line
 * without redrawing while more keys of the same chunk are pending.
 */
import { EventEmitter } from 'events'
import { on as eventsOn } from '../events.js'
import { StringDecoder } from '../string-decoder.js'
import {
  AbortError,
  codedError,
  invalidArgType,
  invalidArgValue,
  outOfRange,
  validateAbortSignal,
  validateFunction,
} from './node-b-errors.js'
import {
  characterWidth,
  charLengthAt,
  charLengthLeft,
  emitKeypressEvents,
  type Key,
  stripVTControlCharacters,
} from './readline-keys.js'

/** What the Interface needs from its process (set by each `createReadline`). */
export const readlineHooks: {
  nextTick: (fn: () => void) => void
  env: () => Record<string, string>
  inspect: (value: unknown) => string
} = {
  nextTick: (fn) => queueMicrotask(fn),
  env: () => ({}),
  inspect: (value) => String(value),
}

const CSI = '\x1b['
const kClearToLineBeginning: string = `${CSI}1K`
const kClearToLineEnd: string = `${CSI}0K`
const kClearLine: string = `${CSI}2K`
const kClearScreenDown: string = `${CSI}0J`

interface WritableLike {
  write(data: string, callback?: (error?: Error | null) => void): boolean
  columns?: number
  on?(event: string, listener: () => void): unknown
  removeListener?(event: string, listener: () => void): unknown
}

interface ReadableLike {
  on(event: string, listener: (...args: never[]) => void): unknown
  removeListener(event: string, listener: (...args: never[]) => void): unknown
  pause(): unknown
  resume(): unknown
  setRawMode?(mode: boolean): unknown
  isTTY?: boolean
  emit(event: string, ...args: unknown[]): boolean
  listenerCount(event: string): number
}

type Completer = (line: string, callback: (error: unknown, result?: [string[], string]) => void) => void

/** Options of `createInterface` / `new Interface`. */
export interface InterfaceOptions {
  input: ReadableLike
  output?: WritableLike | null
  completer?: ((line: string) => [string[], string]) | Completer
  terminal?: boolean
  history?: string[]
  historySize?: number
  removeHistoryDuplicates?: boolean
  prompt?: string
  crlfDelay?: number
  escapeCodeTimeout?: number
  tabSize?: number
  signal?: AbortSignal
}

// -- escape sequences -----------------------------------------------------------------------------

function nextTickCallback(callback: unknown): void {
  if (typeof callback === 'function') readlineHooks.nextTick(() => (callback as (e: null) => void)(null))
}

/** `readline.cursorTo(stream, x, y, callback)`. */
export function cursorTo(stream: WritableLike | null | undefined, x: number, y?: unknown, callback?: unknown): boolean {
  if (callback !== undefined) validateFunction(callback, 'callback')
  let row = y
  let done: unknown = callback
  if (typeof row === 'function') {
    done = row
    row = undefined
  }
  if (Number.isNaN(x)) throw invalidArgValue('x', x)
  if (Number.isNaN(row)) throw invalidArgValue('y', row)
  if (stream == null || (typeof x !== 'number' && typeof row !== 'number')) {
    nextTickCallback(done)
    return true
  }
  if (typeof x !== 'number') {
    throw codedError(TypeError, 'ERR_INVALID_CURSOR_POS', 'Cannot set cursor row without setting its column')
  }
  const data = typeof row !== 'number' ? `${CSI}${x + 1}G` : `${CSI}${row + 1};${x + 1}H`
  return stream.write(data, done as undefined)
}

/** `readline.moveCursor(stream, dx, dy, callback)`. */
export function moveCursor(
  stream: WritableLike | null | undefined,
  dx: number,
  dy: number,
  callback?: unknown,
): boolean {
  if (callback !== undefined) validateFunction(callback, 'callback')
  if (stream == null || !(dx || dy)) {
    nextTickCallback(callback)
    return true
  }
  let data = ''
  if (dx < 0) data += `${CSI}${-dx}D`
  else if (dx > 0) data += `${CSI}${dx}C`
  if (dy < 0) data += `${CSI}${-dy}A`
  else if (dy > 0) data += `${CSI}${dy}B`
  return stream.write(data, callback as undefined)
}

/** `readline.clearLine(stream, dir, callback)`: dir < 0 to the left, > 0 to the right, 0 whole line. */
export function clearLine(stream: WritableLike | null | undefined, dir: number, callback?: unknown): boolean {
  if (callback !== undefined) validateFunction(callback, 'callback')
  if (stream == null) {
    nextTickCallback(callback)
    return true
  }
  const type = dir < 0 ? kClearToLineBeginning : dir > 0 ? kClearToLineEnd : kClearLine
  return stream.write(type, callback as undefined)
}

/** `readline.clearScreenDown(stream, callback)`. */
export function clearScreenDown(stream: WritableLike | null | undefined, callback?: unknown): boolean {
  if (callback !== undefined) validateFunction(callback, 'callback')
  if (stream == null) {
    nextTickCallback(callback)
    return true
  }
  return stream.write(kClearScreenDown, callback as undefined)
}

export { CSI, kClearLine, kClearScreenDown, kClearToLineBeginning, kClearToLineEnd }

// -- the interface --------------------------------------------------------------------------------

const LINE_ENDING = /\r?\n|\r(?!\n)/g
const MIN_CRLF_DELAY = 100
const MAX_UNDO = 2048
const MAX_KILL_RING = 32

/** `Interface#question` internals, shared with readline/promises. */
export const kQuestion: unique symbol = Symbol('kQuestion')
export const kQuestionCancel: unique symbol = Symbol('kQuestionCancel')

function commonPrefix(strings: string[]): string {
  if (strings.length === 0) return ''
  if (strings.length === 1) return strings[0]!
  const sorted = [...strings].sort()
  const first = sorted[0]!
  const last = sorted[sorted.length - 1]!
  let i = 0
  while (i < first.length && first[i] === last[i]) i++
  return first.slice(0, i)
}

/**
 * What readline's and readline/promises' Interfaces share (they are
 * siblings, as in Bun: neither is an instance of the other).
 */
export class InterfaceBase extends EventEmitter {
  terminal: boolean
  line = ''
  cursor: number | undefined
  history: string[]
  historySize: number
  historyIndex = -1
  removeHistoryDuplicates: boolean
  crlfDelay: number
  escapeCodeTimeout = 500
  tabSize: number
  completer: Completer | undefined
  input: ReadableLike
  output: WritableLike | null | undefined
  /** Unset until the interface closes (as in Bun). */
  closed: boolean | undefined
  /** Unset until the interface is first paused (as in Bun). */
  paused: boolean | undefined
  prevRows = 0
  isCompletionEnabled = true

  #prompt = '> '
  #oldPrompt = ''
  #questionCallback: ((answer: string) => void) | null = null
  #decoder = new StringDecoder('utf8')
  #lineBuffer: string | null = null
  #sawReturnAt = 0
  #previousKey: Partial<Key> | undefined
  #substringSearch: string | null = null
  #undoStack: { text: string; cursor: number }[] = []
  #redoStack: { text: string; cursor: number }[] = []
  #killRing: string[] = []
  #killRingCursor = 0
  #yanking = false
  #lines: AsyncIterableIterator<unknown[]> | undefined

  constructor(
    input: ReadableLike | InterfaceOptions,
    output?: WritableLike | null,
    completer?: InterfaceOptions['completer'],
    terminal?: boolean,
  ) {
    super()
    // An options object has an `input`; anything else is the input stream itself (Node's rule).
    const options: InterfaceOptions = (input as Partial<InterfaceOptions> | undefined)?.input
      ? (input as InterfaceOptions)
      : { input: input as ReadableLike, output, completer, terminal }
    const { history, historySize = 30, removeHistoryDuplicates = false, prompt = '> ', signal } = options
    this.input = options.input
    this.output = options.output
    if (options.escapeCodeTimeout !== undefined) {
      if (!Number.isFinite(options.escapeCodeTimeout)) {
        throw invalidArgValue('input.escapeCodeTimeout', this.escapeCodeTimeout)
      }
      this.escapeCodeTimeout = options.escapeCodeTimeout
    }
    if (signal) validateAbortSignal(signal, 'options.signal')
    if (typeof historySize !== 'number') throw invalidArgType('size', 'number', historySize)
    if (!(historySize >= 0)) throw outOfRange('size', '>= 0', historySize)
    const tabSize = options.tabSize ?? 8
    if (typeof tabSize !== 'number') throw invalidArgType('tabSize', 'number', tabSize)
    if (!Number.isInteger(tabSize)) throw outOfRange('tabSize', 'an integer', tabSize)
    if (tabSize < 1 || tabSize > 4294967295) throw outOfRange('tabSize', '>= 1 && <= 4294967295', tabSize)
    this.tabSize = tabSize
    const rawCompleter = options.completer
    if (rawCompleter !== undefined && typeof rawCompleter !== 'function')
      throw invalidArgValue('completer', rawCompleter)
    if (typeof rawCompleter === 'function') {
      this.completer =
        rawCompleter.length === 2
          ? (rawCompleter as Completer)
          : (line, callback) => callback(null, (rawCompleter as (l: string) => [string[], string])(line))
    }
    this.history = history ?? []
    this.historySize = historySize
    this.removeHistoryDuplicates = Boolean(removeHistoryDuplicates)
    this.crlfDelay = options.crlfDelay ? Math.max(MIN_CRLF_DELAY, options.crlfDelay) : MIN_CRLF_DELAY
    this.#prompt = prompt
    this.terminal =
      options.terminal === undefined
        ? Boolean((this.output as { isTTY?: boolean } | null)?.isTTY)
        : Boolean(options.terminal)

    const source = this.input
    const onError = (error: unknown) => this.emit('error', error)
    const onData = (data: unknown) => this.#normalWrite(data)
    const onEnd = () => {
      if (typeof this.#lineBuffer === 'string' && this.#lineBuffer.length > 0) this.emit('line', this.#lineBuffer)
      this.close()
    }
    const onTermEnd = () => {
      if (this.line.length > 0) this.emit('line', this.line)
      this.close()
    }
    const onKeypress = (s: string | undefined, key: Key) => {
      this.#ttyWrite(s, key)
      if (key?.sequence) {
        const code = key.sequence.codePointAt(0) ?? 0
        if (code >= 0xd800 && code <= 0xdfff) this.#refreshLine()
      }
    }
    const onResize = () => this.#refreshLine()
    source.on('error', onError)
    if (!this.terminal) {
      source.on('data', onData)
      source.on('end', onEnd)
      this.once('close', () => {
        source.removeListener('data', onData)
        source.removeListener('error', onError)
        source.removeListener('end', onEnd)
      })
    } else {
      emitKeypressEvents(source, this)
      source.on('keypress', onKeypress)
      source.on('end', onTermEnd)
      this.#setRawMode(true)
      this.cursor = 0
      this.output?.on?.('resize', onResize)
      this.once('close', () => {
        source.removeListener('keypress', onKeypress)
        source.removeListener('error', onError)
        source.removeListener('end', onTermEnd)
        this.output?.removeListener?.('resize', onResize)
      })
    }
    if (signal) {
      const onAborted = () => this.close()
      if (signal.aborted) readlineHooks.nextTick(onAborted)
      else {
        signal.addEventListener('abort', onAborted, { once: true })
        this.once('close', () => signal.removeEventListener('abort', onAborted))
      }
    }
    source.resume()
  }

  get columns(): number {
    const columns = this.output?.columns
    return columns ? columns : Number.POSITIVE_INFINITY
  }

  setPrompt(prompt: string): void {
    this.#prompt = prompt
  }

  getPrompt(): string {
    return this.#prompt
  }

  prompt(preserveCursor?: boolean): void {
    if (this.paused) this.resume()
    if (this.terminal && readlineHooks.env().TERM !== 'dumb') {
      if (!preserveCursor) this.cursor = 0
      this.#refreshLine()
    } else this.#writeToOutput(this.#prompt)
  }

  /** The callback form of `question` (readline's; readline/promises returns a promise instead). */
  protected questionWithCallback(query: string, options?: unknown, callback?: unknown): void {
    let cb = (typeof options === 'function' ? options : callback) as ((answer: string) => void) | undefined
    if (options !== null && typeof options === 'object') {
      const { signal } = options as { signal?: AbortSignal }
      if (signal) {
        validateAbortSignal(signal, 'options.signal')
        if (signal.aborted) return
        const onAbort = () => this[kQuestionCancel]()
        signal.addEventListener('abort', onAbort, { once: true })
        const cleanup = () => signal.removeEventListener('abort', onAbort)
        const original = cb
        cb =
          typeof original === 'function'
            ? (answer: string) => {
                cleanup()
                original(answer)
              }
            : cleanup
      }
    }
    if (typeof cb === 'function') this[kQuestion](query, cb)
  }

  [kQuestion](query: string, callback: (answer: string) => void): void {
    if (this.closed) throw codedError(Error, 'ERR_USE_AFTER_CLOSE', 'readline was closed')
    if (this.#questionCallback) this.prompt()
    else {
      this.#oldPrompt = this.#prompt
      this.setPrompt(query)
      this.#questionCallback = callback
      this.prompt()
    }
  }

  [kQuestionCancel](): void {
    if (this.#questionCallback) {
      this.#questionCallback = null
      this.setPrompt(this.#oldPrompt)
      this.clearLine()
    }
  }

  pause(): this {
    if (this.paused) return this
    this.input.pause()
    this.paused = true
    this.emit('pause')
    return this
  }

  resume(): this {
    if (!this.paused) return this
    this.input.resume()
    this.paused = false
    this.emit('resume')
    return this
  }

  close(): void {
    if (this.closed) return
    this.pause()
    if (this.terminal) this.#setRawMode(false)
    this.closed = true
    this.emit('close')
  }

  write(data: unknown, key?: Partial<Key>): void {
    if (this.closed) throw codedError(Error, 'ERR_USE_AFTER_CLOSE', 'readline was closed')
    if (this.paused) this.resume()
    if (this.terminal) this.#ttyWrite(data as string | undefined, key)
    else this.#normalWrite(data)
  }

  /** Ends the current line on the terminal and forgets it (Node's `clearLine()` of the Interface). */
  clearLine(): void {
    this.#moveCursor(Number.POSITIVE_INFINITY)
    this.#writeToOutput('\r\n')
    this.line = ''
    this.cursor = 0
    this.prevRows = 0
  }

  getCursorPos(): { rows: number; cols: number } {
    return this.#displayPos(this.#prompt + this.line.slice(0, this.cursor))
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<string> {
    this.#lines ??= eventsOn(this as never, 'line', { close: ['close'], highWaterMark: 1024 })
    const lines = this.#lines
    const iterator = {
      next: async () => {
        const result = await lines.next()
        return result.done ? result : { value: result.value[0] as string, done: false }
      },
      return: async () => {
        await lines.return?.()
        return { value: undefined, done: true as const }
      },
      [Symbol.asyncIterator]() {
        return iterator
      },
    }
    return iterator as AsyncIterableIterator<string>
  }

  // -- internals ------------------------------------------------------------------------------

  #setRawMode(mode: boolean): void {
    if (typeof this.input.setRawMode === 'function') this.input.setRawMode(mode)
  }

  #writeToOutput(text: string): void {
    if (typeof text !== 'string') throw invalidArgType('stringToWrite', 'string', text)
    this.output?.write(text)
  }

  #onLine(line: string): void {
    if (this.#questionCallback) {
      const callback = this.#questionCallback
      this.#questionCallback = null
      this.setPrompt(this.#oldPrompt)
      callback(line)
    } else this.emit('line', line)
  }

  #normalWrite(data: unknown): void {
    if (data === undefined) return
    let text = typeof data === 'string' ? data : this.#decoder.write(data as Uint8Array)
    if (this.#sawReturnAt && Date.now() - this.#sawReturnAt <= this.crlfDelay) {
      if (text.codePointAt(0) === 10) text = text.slice(1)
      this.#sawReturnAt = 0
    }
    LINE_ENDING.lastIndex = 0
    if (!LINE_ENDING.test(text)) {
      if (text) this.#lineBuffer = (this.#lineBuffer ?? '') + text
      return
    }
    if (this.#lineBuffer) {
      text = this.#lineBuffer + text
      this.#lineBuffer = null
    }
    this.#sawReturnAt = text.endsWith('\r') ? Date.now() : 0
    const lines: string[] = []
    let start = 0
    LINE_ENDING.lastIndex = 0
    for (let match = LINE_ENDING.exec(text); match !== null; match = LINE_ENDING.exec(text)) {
      lines.push(text.slice(start, match.index))
      start = LINE_ENDING.lastIndex
    }
    this.#lineBuffer = text.slice(start)
    for (const line of lines) this.#onLine(line)
  }

  #displayPos(text: string): { rows: number; cols: number } {
    let offset = 0
    const columns = this.columns
    let rows = 0
    for (const character of stripVTControlCharacters(text)) {
      if (character === '\n') {
        rows += Math.ceil(offset / columns) || 1
        offset = 0
        continue
      }
      if (character === '\t') {
        offset += this.tabSize - (offset % this.tabSize)
        continue
      }
      const width = characterWidth(character)
      if (width === 0 || width === 1) offset += width
      else {
        if ((offset + 1) % columns === 0) offset++
        offset += 2
      }
    }
    const cols = offset % columns
    rows += (offset - cols) / columns
    return { cols, rows }
  }

  #refreshLine(): void {
    const line = this.#prompt + this.line
    const displayed = this.#displayPos(line)
    const cursorPos = this.getCursorPos()
    if (this.prevRows > 0) moveCursor(this.output, 0, -this.prevRows)
    cursorTo(this.output, 0)
    clearScreenDown(this.output)
    this.#writeToOutput(line)
    if (displayed.cols === 0) this.#writeToOutput(' ')
    cursorTo(this.output, cursorPos.cols)
    const diff = displayed.rows - cursorPos.rows
    if (diff > 0) moveCursor(this.output, 0, -diff)
    this.prevRows = cursorPos.rows
  }

  #beforeEdit(text: string, cursor: number): void {
    this.#undoStack.push({ text, cursor })
    if (this.#undoStack.length > MAX_UNDO) this.#undoStack.shift()
    this.#redoStack = []
  }

  #undo(): void {
    const entry = this.#undoStack.pop()
    if (!entry) return
    this.#redoStack.push({ text: this.line, cursor: this.cursor! })
    this.line = entry.text
    this.cursor = entry.cursor
    this.#refreshLine()
  }

  #redo(): void {
    const entry = this.#redoStack.pop()
    if (!entry) return
    this.#undoStack.push({ text: this.line, cursor: this.cursor! })
    this.line = entry.text
    this.cursor = entry.cursor
    this.#refreshLine()
  }

  #insertString(text: string): void {
    this.#beforeEdit(this.line, this.cursor!)
    const cursor = this.cursor!
    if (cursor < this.line.length) {
      this.line = this.line.slice(0, cursor) + text + this.line.slice(cursor)
      this.cursor = cursor + text.length
      // Bun redraws once the last key of an input chunk is in; before that it only echoes.
      if (this.isCompletionEnabled) this.#refreshLine()
      else this.#writeToOutput(text)
      return
    }
    const before = this.getCursorPos()
    this.line += text
    this.cursor = cursor + text.length
    const after = this.getCursorPos()
    if (this.isCompletionEnabled && before.rows < after.rows) this.#refreshLine()
    else this.#writeToOutput(text)
  }

  #moveCursor(dx: number): void {
    if (dx === 0) return
    const before = this.getCursorPos()
    this.cursor = Math.min(Math.max(this.cursor! + dx, 0), this.line.length)
    const after = this.getCursorPos()
    if (before.rows === after.rows) moveCursor(this.output, after.cols - before.cols, 0)
    else this.#refreshLine()
  }

  #deleteLeft(): void {
    const cursor = this.cursor!
    if (cursor > 0 && this.line.length > 0) {
      this.#beforeEdit(this.line, cursor)
      const size = charLengthLeft(this.line, cursor)
      this.line = this.line.slice(0, cursor - size) + this.line.slice(cursor)
      this.cursor = cursor - size
      this.#refreshLine()
    }
  }

  #deleteRight(): void {
    const cursor = this.cursor!
    if (cursor < this.line.length) {
      this.#beforeEdit(this.line, cursor)
      const size = charLengthAt(this.line, cursor)
      this.line = this.line.slice(0, cursor) + this.line.slice(cursor + size)
      this.#refreshLine()
    }
  }

  #pushToKillRing(text: string): void {
    if (!text || text === this.#killRing[0]) return
    this.#killRing.unshift(text)
    this.#killRingCursor = 0
    while (this.#killRing.length > MAX_KILL_RING) this.#killRing.pop()
  }

  #yank(): void {
    if (this.#killRing.length > 0) {
      this.#yanking = true
      this.#insertString(this.#killRing[this.#killRingCursor]!)
    }
  }

  #yankPop(): void {
    if (!this.#yanking || this.#killRing.length <= 1) return
    const last = this.#killRing[this.#killRingCursor]!
    this.#killRingCursor = (this.#killRingCursor + 1) % this.#killRing.length
    const current = this.#killRing[this.#killRingCursor]!
    const head = this.line.slice(0, this.cursor! - last.length)
    const tail = this.line.slice(this.cursor!)
    this.line = head + current + tail
    this.cursor = head.length + current.length
    this.#refreshLine()
  }

  #deleteLineLeft(): void {
    this.#beforeEdit(this.line, this.cursor!)
    const removed = this.line.slice(0, this.cursor)
    this.line = this.line.slice(this.cursor)
    this.cursor = 0
    this.#pushToKillRing(removed)
    this.#refreshLine()
  }

  #deleteLineRight(): void {
    this.#beforeEdit(this.line, this.cursor!)
    const removed = this.line.slice(this.cursor)
    this.line = this.line.slice(0, this.cursor)
    this.#pushToKillRing(removed)
    this.#refreshLine()
  }

  /** Length of the word (and spaces) just left of the cursor, by code points. */
  #wordLeftLength(): number {
    const reversed = Array.from(this.line.slice(0, this.cursor)).reverse().join('')
    return /^\s*(?:[^\w\s]+|\w+)?/.exec(reversed)![0].length
  }

  #wordLeft(): void {
    if (this.cursor! > 0) this.#moveCursor(-this.#wordLeftLength())
  }

  #wordRight(): void {
    if (this.cursor! < this.line.length) {
      this.#moveCursor(/^(?:\s+|[^\w\s]+|\w+)\s*/.exec(this.line.slice(this.cursor))![0].length)
    }
  }

  #deleteWordLeft(): void {
    if (this.cursor! > 0) {
      this.#beforeEdit(this.line, this.cursor!)
      const leading = this.line.slice(0, this.cursor! - this.#wordLeftLength())
      this.line = leading + this.line.slice(this.cursor)
      this.cursor = leading.length
      this.#refreshLine()
    }
  }

  #deleteWordRight(): void {
    if (this.cursor! < this.line.length) {
      this.#beforeEdit(this.line, this.cursor!)
      const trailing = this.line.slice(this.cursor)
      const match = /^(?:\s+|\W+|\w+)\s*/.exec(trailing)!
      this.line = this.line.slice(0, this.cursor) + trailing.slice(match[0].length)
      this.#refreshLine()
    }
  }

  #addHistory(): string {
    if (this.line.length === 0) return ''
    if (this.historySize === 0) return this.line
    if (this.line.trim().length === 0) return this.line
    if (this.history.length === 0 || this.history[0] !== this.line) {
      if (this.removeHistoryDuplicates) {
        const duplicate = this.history.indexOf(this.line)
        if (duplicate !== -1) this.history.splice(duplicate, 1)
      }
      this.history.unshift(this.line)
      if (this.history.length > this.historySize) this.history.pop()
    }
    this.historyIndex = -1
    const line = this.history[0]!
    this.emit('history', this.history)
    return line
  }

  #setLine(line: string): void {
    this.line = line
  }

  #historyNext(): void {
    if (this.historyIndex < 0) return
    this.#beforeEdit(this.line, this.cursor!)
    const search = this.#substringSearch ?? ''
    let index = this.historyIndex - 1
    while (index >= 0 && (!this.history[index]!.startsWith(search) || this.line === this.history[index])) index--
    this.#setLine(index === -1 ? search : this.history[index]!)
    this.historyIndex = index
    this.cursor = this.line.length
    this.#refreshLine()
  }

  #historyPrev(): void {
    if (!(this.historyIndex < this.history.length && this.history.length)) return
    this.#beforeEdit(this.line, this.cursor!)
    const search = this.#substringSearch ?? ''
    let index = this.historyIndex + 1
    while (
      index < this.history.length &&
      (!this.history[index]!.startsWith(search) || this.line === this.history[index])
    ) {
      index++
    }
    this.#setLine(index === this.history.length ? search : this.history[index]!)
    this.historyIndex = index
    this.cursor = this.line.length
    this.#refreshLine()
  }

  #line(): void {
    const line = this.#addHistory()
    this.#undoStack = []
    this.#redoStack = []
    this.clearLine()
    this.#onLine(line)
  }

  #tabComplete(lastKeypressWasTab: boolean): void {
    this.pause()
    const text = this.line.slice(0, this.cursor)
    this.completer!(text, (error, value) => {
      this.resume()
      if (error) {
        this.#writeToOutput(`Tab completion error: ${readlineHooks.inspect(error)}`)
        return
      }
      this.#applyCompletion(lastKeypressWasTab, value)
    })
  }

  #applyCompletion(lastKeypressWasTab: boolean, value: [string[], string] | undefined): void {
    const [completions, completeOn] = value ?? [[], '']
    if (!completions || completions.length === 0) return
    const prefix = commonPrefix(completions.filter((item) => item !== ''))
    if (prefix.startsWith(completeOn) && prefix.length > completeOn.length) {
      this.#insertString(prefix.slice(completeOn.length))
      return
    }
    if (!completeOn.startsWith(prefix)) {
      const cursor = this.cursor!
      this.line = this.line.slice(0, cursor - completeOn.length) + prefix + this.line.slice(cursor)
      this.cursor = cursor - completeOn.length + prefix.length
      this.#refreshLine()
      return
    }
    if (!lastKeypressWasTab) return
    this.#beforeEdit(this.line, this.cursor!)
    const widths = completions.map((item) => Array.from(item).reduce((sum, ch) => sum + characterWidth(ch), 0))
    const width = Math.max(...widths) + 2
    let maxColumns = Math.floor(this.columns / width) || 1
    if (maxColumns === Number.POSITIVE_INFINITY) maxColumns = 1
    let output = '\r\n'
    let lineIndex = 0
    let whitespace = 0
    completions.forEach((completion, i) => {
      if (completion === '' || lineIndex === maxColumns) {
        output += '\r\n'
        lineIndex = 0
        whitespace = 0
      } else output += ' '.repeat(whitespace)
      if (completion !== '') {
        output += completion
        whitespace = width - widths[i]!
        lineIndex++
      } else output += '\r\n'
    })
    if (lineIndex !== 0) output += '\r\n\r\n'
    this.#writeToOutput(output)
    this.#refreshLine()
  }

  #ttyWrite(s: string | undefined, rawKey: Partial<Key> | undefined): void {
    const previousKey = this.#previousKey
    const key: Partial<Key> = rawKey ?? {}
    this.#previousKey = key
    if (!key.meta || key.name !== 'y') this.#yanking = false
    const plainVertical = (key.name === 'up' || key.name === 'down') && !key.ctrl && !key.meta && !key.shift
    if (plainVertical) {
      if (this.#substringSearch === null) this.#substringSearch = this.line.slice(0, this.cursor)
    } else if (this.#substringSearch !== null) {
      this.#substringSearch = null
      if (this.history.length === this.historyIndex) this.historyIndex = -1
    }
    if (typeof key.sequence === 'string') {
      const first = key.sequence.codePointAt(0)
      if (first === 0x1f) {
        this.#undo()
        return
      }
      if (first === 0x1e) {
        this.#redo()
        return
      }
    }
    if (key.name === 'escape') return
    if (key.ctrl && key.shift) {
      if (key.name === 'backspace') this.#deleteLineLeft()
      else if (key.name === 'delete') this.#deleteLineRight()
      return
    }
    if (key.ctrl) {
      this.#ctrlKey(key.name)
      return
    }
    if (key.meta) {
      switch (key.name) {
        case 'b':
          this.#wordLeft()
          return
        case 'f':
          this.#wordRight()
          return
        case 'd':
        case 'delete':
          this.#deleteWordRight()
          return
        case 'backspace':
          this.#deleteWordLeft()
          return
        case 'y':
          this.#yankPop()
          return
      }
      return
    }
    // A '\r' only matters when '\n' follows right away.
    if (this.#sawReturnAt && key.name !== 'enter') this.#sawReturnAt = 0
    switch (key.name) {
      case 'return':
        this.#sawReturnAt = Date.now()
        this.#line()
        return
      case 'enter':
        if (this.#sawReturnAt === 0 || Date.now() - this.#sawReturnAt > this.crlfDelay) this.#line()
        this.#sawReturnAt = 0
        return
      case 'backspace':
        this.#deleteLeft()
        return
      case 'delete':
        this.#deleteRight()
        return
      case 'left':
        this.#moveCursor(-charLengthLeft(this.line, this.cursor!))
        return
      case 'right':
        this.#moveCursor(charLengthAt(this.line, this.cursor!))
        return
      case 'home':
        this.#moveCursor(Number.NEGATIVE_INFINITY)
        return
      case 'end':
        this.#moveCursor(Number.POSITIVE_INFINITY)
        return
      case 'up':
        this.#historyPrev()
        return
      case 'down':
        this.#historyNext()
        return
      case 'tab':
        if (typeof this.completer === 'function' && this.isCompletionEnabled) {
          this.#tabComplete(previousKey?.name === 'tab')
          return
        }
    }
    if (typeof s !== 'string' || !s) return
    let start = 0
    LINE_ENDING.lastIndex = 0
    for (let match = LINE_ENDING.exec(s); match !== null; match = LINE_ENDING.exec(s)) {
      const end = LINE_ENDING.lastIndex
      this.#insertString(s.slice(start, match.index))
      start = end
      this.#line()
      LINE_ENDING.lastIndex = end
    }
    this.#insertString(s.slice(start))
  }

  #ctrlKey(name: string | undefined): void {
    switch (name) {
      case 'c':
        if (this.listenerCount('SIGINT') > 0) this.emit('SIGINT')
        else this.close()
        return
      case 'h':
        this.#deleteLeft()
        return
      case 'd':
        if (this.cursor === 0 && this.line.length === 0) this.close()
        else if (this.cursor! < this.line.length) this.#deleteRight()
        return
      case 'u':
        this.#deleteLineLeft()
        return
      case 'k':
        this.#deleteLineRight()
        return
      case 'a':
        this.#moveCursor(Number.NEGATIVE_INFINITY)
        return
      case 'e':
        this.#moveCursor(Number.POSITIVE_INFINITY)
        return
      case 'b':
        this.#moveCursor(-charLengthLeft(this.line, this.cursor!))
        return
      case 'f':
        this.#moveCursor(charLengthAt(this.line, this.cursor!))
        return
      case 'l':
        cursorTo(this.output, 0, 0)
        clearScreenDown(this.output)
        this.#refreshLine()
        return
      case 'n':
        this.#historyNext()
        return
      case 'p':
        this.#historyPrev()
        return
      case 'y':
        this.#yank()
        return
      case 'z':
        // The process cannot be suspended here; a listener may handle it.
        if (this.listenerCount('SIGTSTP') > 0) this.emit('SIGTSTP')
        return
      case 'w':
      case 'backspace':
        this.#deleteWordLeft()
        return
      case 'delete':
        this.#deleteWordRight()
        return
      case 'left':
        this.#wordLeft()
        return
      case 'right':
        this.#wordRight()
        return
    }
  }
}

/** readline's Interface (see the module comment). */
export class Interface extends InterfaceBase {
  question(query: string, options?: unknown, callback?: unknown): void {
    this.questionWithCallback(query, options, callback)
  }
}

/** The promises API's completer may return a promise: adapt it to the callback form. */
function callbackCompleter(completer: InterfaceOptions['completer']): InterfaceOptions['completer'] {
  if (typeof completer !== 'function' || completer.length === 2) return completer
  const original = completer as (line: string) => unknown
  return (line: string, callback: (error: unknown, result?: [string[], string]) => void) => {
    Promise.resolve()
      .then(() => original(line))
      .then(
        (result) => callback(null, result as [string[], string]),
        (error) => callback(error),
      )
  }
}

/** readline/promises' Interface: `question()` returns a promise (rejects with AbortError on abort). */
export class PromisesInterface extends InterfaceBase {
  constructor(
    input: ReadableLike | InterfaceOptions,
    output?: WritableLike | null,
    completer?: InterfaceOptions['completer'],
    terminal?: boolean,
  ) {
    if ((input as Partial<InterfaceOptions> | undefined)?.input) {
      const options = input as InterfaceOptions
      super({ ...options, completer: callbackCompleter(options.completer) })
    } else super(input, output, callbackCompleter(completer), terminal)
  }

  question(query: string, options?: unknown): Promise<string> {
    return new Promise((resolve, reject) => {
      let callback: (answer: string) => void = resolve
      const signal = (options as { signal?: AbortSignal } | undefined)?.signal
      if (signal) {
        validateAbortSignal(signal, 'options.signal')
        if (signal.aborted) {
          reject(new AbortError(undefined, { cause: signal.reason }))
          return
        }
        const onAbort = () => {
          this[kQuestionCancel]()
          reject(new AbortError(undefined, { cause: signal.reason }))
        }
        signal.addEventListener('abort', onAbort, { once: true })
        callback = (answer) => {
          signal.removeEventListener('abort', onAbort)
          resolve(answer)
        }
      }
      this[kQuestion](query, callback)
    }) as Promise<string>
  }
}
