/** The stream classes behind a process's stdout, stderr and stdin. */
import type { ProcessInput, ProcessOutput } from './types.js'

const UTF8 = new TextEncoder()

/**
 * Output of a process: a byte `ReadableStream` fed by the kernel's messages
 * as they arrive. `on('data')` reads the stream itself (so chunks written
 * before a listener was attached are not lost: they wait in the stream).
 */
export class OutputStream extends ReadableStream<Uint8Array> implements ProcessOutput {
  private readonly controller: ReadableStreamDefaultController<Uint8Array>
  private readonly dataListeners: Array<(chunk: Uint8Array) => void> = []
  private readonly endListeners: Array<() => void> = []
  private closed = false
  private pumping = false
  private endFired = false

  constructor() {
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined
    super({
      start: (c) => {
        controller = c
      },
    })
    this.controller = controller as ReadableStreamDefaultController<Uint8Array>
  }

  /** Internal: a chunk from the kernel, or `null` at the end. */
  push(chunk: Uint8Array | null): void {
    if (this.closed) return
    if (chunk === null) {
      this.closed = true
      this.controller.close()
      if (!this.pumping) this.fireEnd()
      return
    }
    this.controller.enqueue(chunk)
  }

  on(event: 'data', listener: (chunk: Uint8Array) => void): this
  on(event: 'end', listener: () => void): this
  on(event: 'data' | 'end', listener: ((chunk: Uint8Array) => void) | (() => void)): this {
    if (event === 'data') {
      this.dataListeners.push(listener as (chunk: Uint8Array) => void)
      if (!this.pumping) void this.pump()
    } else if (event === 'end') {
      if (this.endFired) queueMicrotask(listener as () => void)
      else this.endListeners.push(listener as () => void)
    } else {
      throw new TypeError(`Unknown event in on(): "${String(event)}" (expected "data" or "end")`)
    }
    return this
  }

  private async pump(): Promise<void> {
    this.pumping = true
    const reader = this.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      for (const listener of this.dataListeners) listener(value)
    }
    reader.releaseLock()
    this.fireEnd()
  }

  private fireEnd(): void {
    if (this.endFired) return
    this.endFired = true
    for (const listener of this.endListeners.splice(0)) listener()
  }
}

/**
 * Stdin of a process: a `WritableStream` whose chunks (text as UTF-8, or
 * bytes) go to the kernel, plus `write`/`end` that skip the writer.
 */
export class InputStream extends WritableStream<string | Uint8Array> implements ProcessInput {
  private readonly state: { ended: boolean; send: (chunk: Uint8Array | null) => void }

  constructor(send: (chunk: Uint8Array | null) => void) {
    const state = { ended: false, send }
    super({
      write: (chunk) => {
        if (!state.ended) send(toBytes(chunk))
      },
      close: () => {
        if (!state.ended) {
          state.ended = true
          send(null)
        }
      },
    })
    this.state = state
  }

  write(data: string | Uint8Array): void {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      throw new TypeError(`stdin.write() takes a string or a Uint8Array, got ${data === null ? 'null' : typeof data}`)
    }
    if (!this.state.ended) this.state.send(toBytes(data))
  }

  end(): void {
    if (this.state.ended) return
    this.state.ended = true
    this.state.send(null)
  }

  /** Internal: the process is gone; later writes are dropped. */
  detach(): void {
    this.state.ended = true
  }
}

/** Text as UTF-8, or a copy of bytes (the caller keeps its buffer; the copy may be transferred). */
function toBytes(chunk: string | Uint8Array): Uint8Array {
  if (typeof chunk === 'string') return UTF8.encode(chunk)
  if (chunk instanceof Uint8Array) return chunk.slice()
  throw new TypeError(`stdin takes strings or Uint8Arrays, got ${chunk === null ? 'null' : typeof chunk}`)
}
