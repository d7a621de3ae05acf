/**
 * `fs.Dir` (`opendir`/`opendirSync`): a directory stream. The listing is read
 * when the directory is opened (the VFS hands out whole listings); entries
 * come out one at a time through `read`/`readSync`, the async iterator or
 * `entries()`, and a closed `Dir` refuses further use with
 * `ERR_DIR_CLOSED`.
 */
import { type FsCore, SYMBOL_ASYNC_DISPOSE, SYMBOL_DISPOSE } from './fs-core.js'
import { codedError } from './fs-errors.js'
import type { Dirent } from './fs-stats.js'
import { validateCallback } from './fs-validate.js'

/** `fs.Dir`. */
export class Dir {
  readonly #core: FsCore
  readonly #entries: Dirent[]
  #closed = false
  /** The path as given to `opendir`. */
  readonly path: string

  /** Made by `opendir`/`opendirSync` (not constructible by programs in a useful way). */
  constructor(core: FsCore, path: string, entries: Dirent[]) {
    this.#core = core
    this.path = path
    this.#entries = entries
  }

  #check(): void {
    if (this.#closed) throw codedError(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed')
  }

  /** The next entry, or `null` when there are no more. */
  readSync(): Dirent | null {
    this.#check()
    return this.#entries.shift() ?? null
  }

  /** The next entry (a promise, or through `callback(error, entry)`). */
  read(): Promise<Dirent | null>
  read(callback: (error: Error | null, entry: Dirent | null) => void): void
  read(callback?: (error: Error | null, entry: Dirent | null) => void): Promise<Dirent | null> | undefined {
    if (callback === undefined) {
      return this.#core.promise(() => this.readSync())
    }
    validateCallback(callback, 'callback')
    this.#core.callback(
      () => this.readSync(),
      (error, entry) => callback(error as Error | null, error ? null : (entry ?? null)),
    )
    return undefined
  }

  /** Closes the directory (`ERR_DIR_CLOSED` if it already was). */
  closeSync(): void {
    this.#check()
    this.#closed = true
  }

  /** Closes the directory (a promise, or through `callback(error)`). */
  close(): Promise<void>
  close(callback: (error: Error | null) => void): void
  close(callback?: (error: Error | null) => void): Promise<void> | undefined {
    if (callback === undefined) return this.#core.promise(() => this.closeSync())
    validateCallback(callback, 'callback')
    this.#core.callback(
      () => this.closeSync(),
      (error) => callback((error as Error) ?? null),
    )
    return undefined
  }

  /** Iterates the remaining entries, then closes the directory. */
  async *entries(): AsyncGenerator<Dirent, void, undefined> {
    try {
      for (;;) {
        const entry = await this.read()
        if (entry === null) break
        yield entry
      }
    } finally {
      if (!this.#closed) this.closeSync()
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<Dirent, void, undefined> {
    return this.entries()
  }

  static {
    // `using` / `await using` close the directory unless already closed. Defined by symbol value
    // (the engine's, or Node's registered one where it has none), which a class member cannot name.
    const dispose = (dir: Dir): void => {
      if (!dir.#closed) dir.closeSync()
    }
    Object.defineProperty(Dir.prototype, SYMBOL_DISPOSE, {
      value(this: Dir): void {
        dispose(this)
      },
      writable: true,
      configurable: true,
    })
    Object.defineProperty(Dir.prototype, SYMBOL_ASYNC_DISPOSE, {
      async value(this: Dir): Promise<void> {
        dispose(this)
      },
      writable: true,
      configurable: true,
    })
  }
}
