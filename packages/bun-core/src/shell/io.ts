/**
 * Streams inside the shell: pipes between pipeline stages (bounded, so `yes`
 * cannot fill memory, and closable from the reading end, so `yes | head`
 * ends), in-memory sources and sinks, and text helpers.
 */
import type { ByteSink, ByteSource } from './types.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** UTF-8 bytes of a string. */
export const encode = (text: string): Uint8Array => encoder.encode(text)
/** A string from UTF-8 bytes (invalid sequences become U+FFFD). */
export const decode = (bytes: Uint8Array): string => decoder.decode(bytes)

/** Thrown by a write to a pipe whose reader has gone (the shell's SIGPIPE). */
export class BrokenPipeError extends Error {
  override name = 'BrokenPipeError'
  constructor() {
    super('broken pipe')
  }
}

/** Thrown out of a wait when the script is stopped through `ShellContext.signal`. */
export class AbortedError extends Error {
  override name = 'AbortedError'
  constructor() {
    super('aborted')
  }
}

/** Bytes a pipe holds before its writer waits for the reader. */
export const PIPE_CAPACITY: number = 64 * 1024

/**
 * A one-way pipe. `write` resolves once the chunk is buffered (waiting while
 * the buffer is full), rejects with {@link BrokenPipeError} once the reader
 * has closed; `read` returns null after the writer has closed and the buffer
 * is drained.
 */
export class Pipe implements ByteSource, ByteSink {
  private readonly chunks: Uint8Array[] = []
  private buffered = 0
  private writerClosed = false
  private readerClosed = false
  /** Everyone waiting for a change (data, room, a close or the abort). */
  private waiters: Array<() => void> = []

  constructor(
    private readonly signal: AbortSignal,
    private readonly capacity: number = PIPE_CAPACITY,
  ) {
    signal.addEventListener('abort', () => this.wake(), { once: true })
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w()
  }

  private changed(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  async write(chunk: Uint8Array): Promise<void> {
    while (!this.readerClosed && this.buffered >= this.capacity) {
      if (this.signal.aborted) throw new AbortedError()
      await this.changed()
    }
    if (this.signal.aborted) throw new AbortedError()
    if (this.readerClosed) throw new BrokenPipeError()
    if (this.writerClosed || chunk.length === 0) return
    // Copied: the writer may reuse its buffer.
    this.chunks.push(chunk.slice())
    this.buffered += chunk.length
    this.wake()
  }

  async read(): Promise<Uint8Array | null> {
    while (this.chunks.length === 0) {
      if (this.writerClosed || this.readerClosed) return null
      if (this.signal.aborted) throw new AbortedError()
      await this.changed()
    }
    const chunk = this.chunks.shift() as Uint8Array
    this.buffered -= chunk.length
    this.wake()
    return chunk
  }

  /** The writer is done: the reader sees EOF after the buffered bytes. */
  closeWrite(): void {
    this.writerClosed = true
    this.wake()
  }

  /** The reader is gone: buffered bytes are dropped and later writes fail. */
  closeRead(): void {
    this.readerClosed = true
    this.chunks.length = 0
    this.buffered = 0
    this.wake()
  }
}

/** A source with nothing in it. */
export const emptySource: ByteSource = { read: async () => null }

/** A source that yields one buffer, then EOF. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  let done = bytes.length === 0
  return {
    async read() {
      if (done) return null
      done = true
      return bytes
    },
  }
}

/** A sink that keeps everything written to it. */
export class CollectSink implements ByteSink {
  private readonly chunks: Uint8Array[] = []
  private length = 0

  write(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice())
    this.length += chunk.length
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length)
    let at = 0
    for (const c of this.chunks) {
      out.set(c, at)
      at += c.length
    }
    return out
  }

  text(): string {
    return decode(this.bytes())
  }
}

/** A sink that drops everything (`/dev/null`). */
export const nullSink: ByteSink = { write() {} }

/**
 * Reads a source line by line (a line keeps its `\n`; the last may lack it).
 * Stops early when the callback returns false.
 */
export async function forEachLine(
  source: ByteSource,
  onLine: (line: Uint8Array) => Promise<boolean | undefined> | boolean | undefined,
): Promise<void> {
  let pending: Uint8Array = new Uint8Array(0)
  for (let chunk = await source.read(); chunk; chunk = await source.read()) {
    let data = pending.length > 0 ? concat(pending, chunk) : chunk
    let start = 0
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      if ((await onLine(data.subarray(start, nl + 1))) === false) return
      start = nl + 1
    }
    data = data.subarray(start)
    pending = data.slice()
  }
  if (pending.length > 0) await onLine(pending)
}

/** Reads a source to its end. */
export async function readAll(source: ByteSource): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for (let chunk = await source.read(); chunk; chunk = await source.read()) parts.push(chunk)
  return concat(...parts)
}

/** Joins byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
