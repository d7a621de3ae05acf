/**
 * Streaming compression for `node:zlib` and Bun's helpers: fflate's DEFLATE
 * encoder inside zlib (RFC 1950) or gzip (RFC 1952) framing written here.
 *
 * The compressed bytes are valid DEFLATE but not byte-identical to zlib's
 * (a different encoder). The zlib header always declares a 32 KiB window,
 * whatever `windowBits` asked for, because fflate may reference that far
 * back; headers otherwise follow zlib (level flags, gzip XFL, OS = 3).
 */
import { Deflate } from 'fflate'
import { adler32, crc32 } from './zlib-checksum.js'

/** The framing around the DEFLATE data. */
export type DeflateFormat = 'raw' | 'zlib' | 'gzip'

export interface DeflaterOptions {
  /** -1 (default, 6) or 0–9. */
  level: number
  /** zlib's strategy (only reflected in the header's level flags; fflate has one strategy). */
  strategy?: number
  /** A preset dictionary (raw and zlib only). */
  dictionary?: Uint8Array
}

/** How much to flush: a sync flush ends on a byte boundary with all input decodable. */
export type FlushKind = 'none' | 'sync' | 'finish'

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

/** One compression: push bytes, flush, finish; each returns the compressed bytes produced. */
export class Deflater {
  private encoder: Deflate
  private out: Uint8Array[] = []
  private headerDone = false
  private check: number
  private size = 0
  private finished = false

  constructor(
    private readonly format: DeflateFormat,
    private readonly options: DeflaterOptions,
  ) {
    const dictionary = format === 'gzip' ? undefined : options.dictionary
    this.encoder = this.makeEncoder(options.level, dictionary)
    this.check = format === 'gzip' ? 0 : 1
  }

  private makeEncoder(level: number, dictionary?: Uint8Array): Deflate {
    const fflateLevel = (level === -1 ? 6 : level) as Level
    return new Deflate({ level: fflateLevel, ...(dictionary ? { dictionary } : {}) }, (data) => {
      if (data.length) this.out.push(data)
    })
  }

  /**
   * Continues with another level: the current encoder ends its data with a
   * sync flush (no final block) and a fresh encoder takes over; DEFLATE
   * blocks may follow each other like that.
   */
  setLevel(level: number): Uint8Array[] {
    if (this.finished) return []
    this.header()
    this.encoder.flush(true)
    this.encoder = this.makeEncoder(level)
    const out = this.out
    this.out = []
    return out
  }

  push(chunk: Uint8Array, flush: FlushKind = 'none'): Uint8Array[] {
    if (this.finished) return []
    this.header()
    if (chunk.length) {
      this.size += chunk.length
      this.check = this.format === 'gzip' ? crc32(chunk, this.check) : adler32(chunk, this.check)
    }
    if (flush === 'finish') {
      this.encoder.push(chunk, true)
      this.finished = true
      this.trailer()
    } else {
      if (chunk.length) this.encoder.push(chunk, false)
      if (flush === 'sync') this.encoder.flush(true)
    }
    const out = this.out
    this.out = []
    return out
  }

  private header(): void {
    if (this.headerDone) return
    this.headerDone = true
    const level = this.options.level === -1 ? 6 : this.options.level
    const strategy = this.options.strategy ?? 0
    if (this.format === 'zlib') {
      const levelFlags = strategy >= 2 || level < 2 ? 0 : level < 6 ? 1 : level === 6 ? 2 : 3
      const cmf = 0x78
      let flg = (levelFlags << 6) | (this.options.dictionary ? 0x20 : 0)
      flg += 31 - ((cmf * 256 + flg) % 31)
      const header = [cmf, flg]
      if (this.options.dictionary) {
        const id = adler32(this.options.dictionary, 1)
        header.push(id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff)
      }
      this.out.push(Uint8Array.from(header))
    } else if (this.format === 'gzip') {
      const xfl = level === 9 ? 2 : strategy >= 2 || level < 2 ? 4 : 0
      this.out.push(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3))
    }
  }

  private trailer(): void {
    const c = this.check >>> 0
    if (this.format === 'zlib') {
      this.out.push(Uint8Array.of(c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff))
    } else if (this.format === 'gzip') {
      const s = this.size % 2 ** 32
      this.out.push(
        Uint8Array.of(
          c & 0xff,
          (c >>> 8) & 0xff,
          (c >>> 16) & 0xff,
          c >>> 24,
          s & 0xff,
          (s >>> 8) & 0xff,
          (s >>> 16) & 0xff,
          s >>> 24,
        ),
      )
    }
  }
}
