// Kernel pipes: end of stream only after the last writer, pull and push readers.
import { describe, expect, it } from 'vitest'
import { Pipe } from '../src/index.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (chunk: Uint8Array | null | undefined): string | null | undefined =>
  chunk ? new TextDecoder().decode(chunk) : chunk

describe('Pipe', () => {
  it('buffers writes for a pulling reader and ends after the last writer closes', async () => {
    const pipe = new Pipe()
    pipe.addWriter()
    pipe.write(bytes('a'))
    expect(text(pipe.readNow())).toBe('a')
    expect(pipe.readNow()).toBeUndefined()
    const pending = pipe.read()
    pipe.write(bytes('b'))
    expect(text(await pending)).toBe('b')
    pipe.closeWriter()
    expect(pipe.readNow()).toBeUndefined()
    pipe.write(bytes('c'))
    pipe.closeWriter()
    expect(text(await pipe.read())).toBe('c')
    expect(await pipe.read()).toBeNull()
    expect(pipe.ended).toBe(true)
  })

  it('pushes buffered and later chunks to an attached consumer, then null', () => {
    const pipe = new Pipe()
    pipe.write(bytes('early'))
    const seen: Array<string | null> = []
    pipe.attach((chunk) => seen.push(chunk === null ? null : (text(chunk) as string)))
    pipe.write(bytes('late'))
    pipe.write(new Uint8Array(0))
    pipe.closeWriter()
    pipe.write(bytes('after the end'))
    expect(seen).toEqual(['early', 'late', null])
  })

  it('drops bytes once the reader went away and ends pending reads', async () => {
    const pipe = new Pipe()
    const pending = pipe.read()
    pipe.closeReader()
    expect(await pending).toBeNull()
    pipe.write(bytes('lost'))
    expect(pipe.buffered).toBe(0)
  })
})
