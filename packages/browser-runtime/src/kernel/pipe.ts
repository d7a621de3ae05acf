/**
 * A kernel pipe: bytes written by one or more writers, read by one reader.
 * It ends (reads give `null`) when the last writer closes, as a Unix pipe
 * does, so a child that inherited a stream keeps it open after its parent
 * exits.
 *
 * A reader either pulls (`read`, `readNow`) or is attached (`attach`) and
 * gets every chunk pushed as it is written — how output reaches the client
 * and a parent process without waiting for exit.
 */
export class Pipe {
  private readonly chunks: Uint8Array[] = []
  private readonly waiting: Array<(chunk: Uint8Array | null) => void> = []
  private writers = 1
  private consumer: ((chunk: Uint8Array | null) => void) | null = null
  private readerClosed = false

  /** True once every writer has closed and the buffered bytes are consumed. */
  get ended(): boolean {
    return this.writers === 0 && this.chunks.length === 0
  }

  /** Bytes buffered and not read yet. */
  get buffered(): number {
    let n = 0
    for (const chunk of this.chunks) n += chunk.length
    return n
  }

  /** Appends bytes; dropped once the reader went away (where a Unix writer would get EPIPE). */
  write(chunk: Uint8Array): void {
    if (this.writers === 0 || this.readerClosed || chunk.length === 0) return
    if (this.consumer) this.consumer(chunk)
    else {
      const waiter = this.waiting.shift()
      if (waiter) waiter(chunk)
      else this.chunks.push(chunk)
    }
  }

  /** One more writer holds the pipe (a child inherited it). */
  addWriter(): void {
    this.writers++
  }

  /** A writer is done; the last one ends the pipe. */
  closeWriter(): void {
    if (this.writers === 0) return
    this.writers--
    if (this.writers > 0) return
    if (this.consumer) this.consumer(null)
    if (this.chunks.length === 0) for (const waiter of this.waiting.splice(0)) waiter(null)
  }

  /** The next chunk, waiting for one; `null` at the end. */
  read(): Promise<Uint8Array | null> {
    const now = this.readNow()
    if (now !== undefined) return Promise.resolve(now)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** The next chunk if one is buffered, `null` at the end, `undefined` when a read would wait. */
  readNow(): Uint8Array | null | undefined {
    const chunk = this.chunks.shift()
    if (chunk) return chunk
    return this.writers === 0 ? null : undefined
  }

  /** Pushes every chunk (the buffered ones first) to `consumer`, then `null` at the end. */
  attach(consumer: (chunk: Uint8Array | null) => void): void {
    this.consumer = consumer
    for (const chunk of this.chunks.splice(0)) consumer(chunk)
    if (this.writers === 0) consumer(null)
  }

  /** The reader is gone: buffered and later bytes are dropped, pending reads end. */
  closeReader(): void {
    this.readerClosed = true
    this.consumer = null
    this.chunks.length = 0
    for (const waiter of this.waiting.splice(0)) waiter(null)
  }
}
