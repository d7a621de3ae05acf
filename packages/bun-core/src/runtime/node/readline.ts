/**
 * `node:readline` and `node:readline/promises`: the line reader/editor
 * `Interface` (see `internal/readline-interface.ts`), the cursor helpers
 * writing Node's ANSI sequences, `emitKeypressEvents`, and the promises
 * `Readline` batch writer.
 *
 * Terminal-mode editing keys: printable input, Enter/Return (CRLF-aware),
 * Backspace/Delete, arrows, Home/End, Ctrl-A/E/B/F/H/D/U/K/W/L/N/P/Y/C, Meta-B/F/D/Y/Backspace,
 * Ctrl-Left/Right/Delete/Backspace, history with prefix search, tab completion,
 * undo (Ctrl-_) and redo (Ctrl-^). Ctrl-Z emits `SIGTSTP` when someone listens
 * and otherwise does nothing (a process cannot be suspended here).
 */
import type { NodeContext } from './context.js'
import { installEvents } from './events.js'
import { invalidArgType, invalidArgTypeOf, outOfRange, validateBoolean } from './internal/node-b-errors.js'
import {
  CSI,
  clearLine,
  clearScreenDown,
  cursorTo,
  Interface,
  type InterfaceOptions,
  kClearLine,
  kClearScreenDown,
  kClearToLineBeginning,
  kClearToLineEnd,
  moveCursor,
  PromisesInterface,
  readlineHooks,
} from './internal/readline-interface.js'
import { emitKeypressEvents } from './internal/readline-keys.js'

type Output = InterfaceOptions['output']
type Input = InterfaceOptions['input']

function validateInteger(value: unknown, name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value)
}

/** readline/promises' `Readline`: queues cursor/clear sequences for a stream, written on `commit()`. */
export class Readline {
  readonly #stream: { write(data: string, callback?: () => void): unknown }
  readonly #autoCommit: boolean
  #todo: string[] = []

  constructor(stream: { write(data: string, callback?: () => void): unknown }, options?: { autoCommit?: boolean }) {
    if (typeof (stream as { write?: unknown } | null)?.write !== 'function') {
      throw invalidArgTypeOf('stream', 'Writable', stream)
    }
    this.#stream = stream
    let autoCommit = false
    if (options?.autoCommit != null) {
      validateBoolean(options.autoCommit, 'options.autoCommit')
      autoCommit = options.autoCommit
    }
    this.#autoCommit = autoCommit
  }

  #queue(data: string): void {
    if (this.#autoCommit) readlineHooks.nextTick(() => this.#stream.write(data))
    else this.#todo.push(data)
  }

  cursorTo(x: number, y?: number): this {
    validateInteger(x, 'x')
    if (y != null) validateInteger(y, 'y')
    this.#queue(y == null ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`)
    return this
  }

  moveCursor(dx: number, dy: number): this {
    if (dx || dy) {
      validateInteger(dx, 'dx')
      validateInteger(dy, 'dy')
      let data = ''
      if (dx < 0) data += `${CSI}${-dx}D`
      else if (dx > 0) data += `${CSI}${dx}C`
      if (dy < 0) data += `${CSI}${-dy}A`
      else if (dy > 0) data += `${CSI}${dy}B`
      this.#queue(data)
    }
    return this
  }

  clearLine(dir: -1 | 0 | 1): this {
    validateInteger(dir, 'dir', -1, 1)
    this.#queue(dir < 0 ? kClearToLineBeginning : dir > 0 ? kClearToLineEnd : kClearLine)
    return this
  }

  clearScreenDown(): this {
    this.#queue(kClearScreenDown)
    return this
  }

  commit(): Promise<void> {
    return new Promise((resolve) => {
      this.#stream.write(this.#todo.join(''), resolve)
      this.#todo = []
    })
  }

  rollback(): this {
    this.#todo = []
    return this
  }
}

function interfaceArgs(
  input: Input | InterfaceOptions,
  output?: Output,
  completer?: InterfaceOptions['completer'],
  terminal?: boolean,
): ConstructorParameters<typeof Interface> {
  return [input, output, completer, terminal]
}

/** What `require('node:readline/promises')` returns. */
export interface ReadlinePromisesModule {
  Interface: typeof PromisesInterface
  Readline: typeof Readline
  createInterface(
    input: Input | InterfaceOptions,
    output?: Output,
    completer?: InterfaceOptions['completer'],
    terminal?: boolean,
  ): PromisesInterface
}

/** What `require('node:readline')` returns. */
export interface ReadlineModule {
  Interface: typeof Interface
  createInterface(
    input: Input | InterfaceOptions,
    output?: Output,
    completer?: InterfaceOptions['completer'],
    terminal?: boolean,
  ): Interface
  clearLine: typeof clearLine
  clearScreenDown: typeof clearScreenDown
  cursorTo: typeof cursorTo
  moveCursor: typeof moveCursor
  emitKeypressEvents: typeof emitKeypressEvents
  promises: ReadlinePromisesModule
}

function configure(ctx: NodeContext): void {
  installEvents()
  readlineHooks.nextTick = (fn) => ctx.nextTick(fn)
  readlineHooks.env = () => ctx.host.env
  readlineHooks.inspect = (value) => {
    try {
      const util = ctx.builtin<{ inspect?: (v: unknown) => string }>('util')
      if (typeof util?.inspect === 'function') return util.inspect(value)
    } catch {
      // util is another builtin; without it, a plain rendering.
    }
    return value instanceof Error ? String(value.stack ?? value) : String(value)
  }
}

/** Builds `node:readline/promises`. */
export function createReadlinePromises(ctx: NodeContext): ReadlinePromisesModule {
  configure(ctx)
  return {
    Interface: PromisesInterface,
    Readline,
    createInterface: (input, output, completer, terminal) =>
      new PromisesInterface(...interfaceArgs(input, output, completer, terminal)),
  }
}

/** Builds `node:readline`. */
export function createReadline(ctx: NodeContext): ReadlineModule {
  configure(ctx)
  return {
    Interface,
    createInterface: (input, output, completer, terminal) =>
      new Interface(...interfaceArgs(input, output, completer, terminal)),
    clearLine,
    clearScreenDown,
    cursorTo,
    moveCursor,
    emitKeypressEvents,
    promises: createReadlinePromises(ctx),
  }
}
