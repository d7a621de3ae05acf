/** The stdio streams: stdin from a byte source, stdout/stderr to callbacks. */
import type { StreamHandle } from './fd-table.js'

/**
 * Where the guest's stdin comes from:
 * - a `Uint8Array` or `string` (UTF-8): the whole input, then end of file;
 * - a function called whenever the guest reads and nothing is buffered,
 *   returning the next chunk, or `null` (or an empty chunk) for end of input
 *   at this point. It is called again on the next read, so an interactive
 *   source may deliver more after reporting end of input.
 */
export type StdinSource = Uint8Array | string | (() => Uint8Array | string | null)

/** Receives output chunks; each chunk is a copy the receiver may keep. */
export type OutputSink = (chunk: Uint8Array) => void

const EMPTY = new Uint8Array(0)
const encoder = new TextEncoder()

/** stdin over a {@link StdinSource}. */
export class StdinStream implements StreamHandle {
  private chunk: Uint8Array = EMPTY
  private offset = 0
  private readonly pull: (() => Uint8Array | string | null) | null

  constructor(source: StdinSource | undefined) {
    if (typeof source === 'function') {
      this.pull = source
    } else {
      this.pull = null
      if (source !== undefined) this.chunk = typeof source === 'string' ? encoder.encode(source) : source.slice()
    }
  }

  read(dst: Uint8Array): number {
    if (this.offset >= this.chunk.length && !this.fill()) return 0
    const n = Math.min(dst.length, this.chunk.length - this.offset)
    dst.set(this.chunk.subarray(this.offset, this.offset + n))
    this.offset += n
    return n
  }

  readReady(): number {
    if (this.offset >= this.chunk.length) this.fill()
    return this.chunk.length - this.offset
  }

  /** Pulls the next chunk from a function source; false at end of input. */
  private fill(): boolean {
    if (this.pull === null) return false
    const next = this.pull()
    if (next === null || next === undefined) return false
    const bytes = typeof next === 'string' ? encoder.encode(next) : next
    if (!(bytes instanceof Uint8Array)) throw new TypeError('stdin function must return a Uint8Array, a string or null')
    this.chunk = bytes
    this.offset = 0
    return bytes.length > 0
  }
}

/** stdout or stderr: every write is handed to the sink as a copy. */
export class OutputStream implements StreamHandle {
  constructor(private readonly sink: OutputSink | undefined) {}

  write(src: Uint8Array): number {
    if (this.sink !== undefined && src.length > 0) this.sink(src.slice())
    return src.length
  }
}
