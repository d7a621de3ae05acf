/**
 * A streaming DEFLATE decoder (RFC 1951) with the zlib (RFC 1950) and gzip
 * (RFC 1952) wrappers, for `node:zlib` and Bun's helpers. It is written
 * here, not taken from fflate, because Node's behaviour needs what fflate's
 * inflate does not expose: where the compressed stream ends (trailers,
 * concatenated gzip members), checksum verification, and zlib's exact
 * error messages ("incorrect header check", "invalid distance too far
 * back" …), which tests and programs match on.
 *
 * Input arrives in chunks ({@link Inflater.push}); the decoder is a
 * generator that suspends whenever it runs out of input, so any chunking
 * decodes the same. Output is returned from each call.
 */
import { adler32, crc32 } from './zlib-checksum.js'

/** Which wrapper to expect: none, zlib, gzip, or either (detected from the first bytes). */
export type InflateFormat = 'raw' | 'zlib' | 'gzip' | 'unzip'

/** A zlib error: Node's `code`/`errno` pair and zlib's message. */
export class ZlibError extends Error {
  readonly code: string
  readonly errno: number
  constructor(message: string, code: 'Z_DATA_ERROR' | 'Z_BUF_ERROR' | 'Z_NEED_DICT', errno: number) {
    super(message)
    this.code = code
    this.errno = errno
  }
}

const dataError = (message: string) => new ZlibError(message, 'Z_DATA_ERROR', -3)

const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
const LEN_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
]
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
]
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

/** A decoding table: entry = symbol << 4 | code length (0: no such code), indexed by `bits` low bits. */
interface Table {
  entries: Uint16Array
  bits: number
}

/**
 * Builds the table for canonical code `lengths`, with zlib's acceptance
 * rules: over-subscribed sets fail; incomplete sets fail unless the only
 * code has length 1 (or, for literal/distance codes, there are none).
 */
function buildTable(lengths: Uint8Array | number[], codeLengthCodes: boolean): Table | null {
  const count = new Uint16Array(16)
  let max = 0
  for (const len of lengths) {
    count[len]!++
    if (len > max) max = len
  }
  count[0] = 0
  const bits = Math.max(max, 1)
  const entries = new Uint16Array(1 << bits)
  // No codes at all: zlib then reads code-length symbols as 0 (one bit each); other codes have no valid symbol.
  if (max === 0) {
    if (codeLengthCodes) entries.fill(1)
    return { entries, bits }
  }
  let left = 1
  for (let len = 1; len <= 15; len++) {
    left = left * 2 - count[len]!
    if (left < 0) return null
  }
  if (left > 0 && (codeLengthCodes || max !== 1)) return null
  const next = new Uint16Array(16)
  for (let len = 1, code = 0; len <= 15; len++) {
    code = (code + count[len - 1]!) << 1
    next[len] = code
  }
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const len = lengths[symbol]!
    if (len === 0) continue
    const code = next[len]!++
    let reversed = 0
    for (let i = 0; i < len; i++) reversed |= ((code >> i) & 1) << (len - 1 - i)
    for (let i = reversed; i < entries.length; i += 1 << len) entries[i] = (symbol << 4) | len
  }
  return { entries, bits }
}

let FIXED_LIT: Table
let FIXED_DIST: Table

function fixedTables(): void {
  const lit = new Uint8Array(288)
  lit.fill(8, 0, 144)
  lit.fill(9, 144, 256)
  lit.fill(7, 256, 280)
  lit.fill(8, 280, 288)
  FIXED_LIT = buildTable(lit, false) as Table
  // 32 five-bit codes; 30 and 31 decode but are invalid distances.
  FIXED_DIST = buildTable(new Uint8Array(32).fill(5), false) as Table
}

const WINDOW = 32768

/** One decompression: push compressed chunks, get decompressed bytes back. */
export class Inflater {
  private input: Uint8Array = new Uint8Array(0)
  private ip = 0
  private bb = 0
  private bc = 0
  private ended = false
  private readonly gen: Generator<void, void, void>
  private done = false
  /** Output window: the last 32 KiB stay for back-references. */
  private win = new Uint8Array(WINDOW * 4)
  private wp = 0
  private emitted = 0
  /** Bytes of history available for back-references (dictionary + output). */
  private history = 0
  private chunks: Uint8Array[] = []
  private check = 0
  private checkKind: 'adler' | 'crc' | 'none' = 'none'
  private total = 0
  readonly format: InflateFormat

  constructor(
    format: InflateFormat,
    private readonly dictionary?: Uint8Array | undefined,
    private readonly windowBits = 15,
    /** Gzip: stop after the first member (Bun.gunzipSync) instead of reading concatenated members. */
    private readonly singleMember = false,
  ) {
    if (!FIXED_LIT) fixedTables()
    this.format = format
    if (format === 'raw' && dictionary) this.preset(dictionary)
    this.gen = this.run()
  }

  /** True once the compressed stream (all members) has ended. */
  get finished(): boolean {
    return this.done
  }

  /** Feeds compressed bytes; returns what could be decompressed. Throws {@link ZlibError}. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.done || chunk.length === 0) return []
    this.input = this.ip < this.input.length ? concat(this.input.subarray(this.ip), chunk) : chunk
    this.ip = 0
    this.gen.next()
    return this.take()
  }

  /**
   * Ends the input. Returns the remaining output; a stream cut short throws
   * Z_BUF_ERROR "unexpected end of file" unless `allowIncomplete`.
   */
  finish(allowIncomplete = false): Uint8Array[] {
    if (!this.done) {
      this.ended = true
      try {
        this.gen.next()
      } catch (error) {
        if (!(allowIncomplete && error instanceof ZlibError && error.code === 'Z_BUF_ERROR')) throw error
      }
    }
    return this.take()
  }

  private take(): Uint8Array[] {
    this.emit()
    const chunks = this.chunks
    this.chunks = []
    return chunks
  }

  private emit(): void {
    if (this.wp > this.emitted) {
      const bytes = this.win.slice(this.emitted, this.wp)
      this.updateCheck(bytes)
      this.chunks.push(bytes)
      this.emitted = this.wp
    }
  }

  private updateCheck(bytes: Uint8Array): void {
    this.total += bytes.length
    if (this.checkKind === 'adler') this.check = adler32(bytes, this.check)
    else if (this.checkKind === 'crc') this.check = crc32(bytes, this.check)
  }

  private preset(dictionary: Uint8Array): void {
    const tail = dictionary.subarray(Math.max(0, dictionary.length - WINDOW))
    this.win.set(tail)
    this.wp = tail.length
    this.emitted = tail.length
    this.history = tail.length
  }

  // ---- input primitives ----

  /** Suspends for more input; at the end of input, "unexpected end of file". */
  private *more(): Generator<void, void, void> {
    if (this.ended) throw new ZlibError('unexpected end of file', 'Z_BUF_ERROR', -5)
    yield
  }

  /** `n` (≤ 24) bits, least significant first. */
  private *bits(n: number): Generator<void, number, void> {
    while (this.bc < n) {
      if (this.ip >= this.input.length) yield* this.more()
      else {
        this.bb |= this.input[this.ip++]! << this.bc
        this.bc += 8
      }
    }
    const value = this.bb & ((1 << n) - 1)
    this.bb >>>= n
    this.bc -= n
    return value
  }

  private *byte(): Generator<void, number, void> {
    return yield* this.bits(8)
  }

  /** True when more input exists; false when the input has ended. Waits otherwise. */
  private *hasMore(): Generator<void, boolean, void> {
    for (;;) {
      if (this.bc >= 8 || this.ip < this.input.length) return true
      if (this.ended) return false
      yield
    }
  }

  /** Decodes one symbol; `invalid` names zlib's error for a code with no symbol. */
  private *symbol(table: Table, invalid: string): Generator<void, number, void> {
    for (;;) {
      while (this.bc < table.bits && this.ip < this.input.length) {
        this.bb |= this.input[this.ip++]! << this.bc
        this.bc += 8
      }
      const entry = table.entries[this.bb & ((1 << table.bits) - 1)]!
      const len = entry & 15
      if (len !== 0 && len <= this.bc) {
        this.bb >>>= len
        this.bc -= len
        return entry >> 4
      }
      if (this.bc >= table.bits) throw dataError(invalid)
      yield* this.more()
    }
  }

  // ---- output ----

  private put(byte: number): void {
    if (this.wp === this.win.length) this.slide()
    this.win[this.wp++] = byte
  }

  private slide(): void {
    this.emit()
    this.win.copyWithin(0, this.wp - WINDOW, this.wp)
    this.wp = WINDOW
    this.emitted = WINDOW
  }

  // ---- the decoder ----

  private *run(): Generator<void, void, void> {
    let format = this.format
    if (format === 'unzip') {
      // Gzip's magic selects gzip; anything else is read as zlib.
      while (this.input.length - this.ip < 2 && !this.ended) yield
      format = this.input[this.ip] === 0x1f && this.input[this.ip + 1] === 0x8b ? 'gzip' : 'zlib'
    }
    if (format === 'raw') {
      yield* this.inflate()
    } else if (format === 'zlib') {
      yield* this.zlibMember()
    } else {
      for (;;) {
        yield* this.gzipMember()
        if (this.singleMember) break
        // Further members follow; trailing zero bytes are padding (as in Node).
        if (!(yield* this.hasMore())) break
        const next = this.bc >= 8 ? this.bb & 0xff : this.input[this.ip]
        if (next === 0) break
      }
    }
    this.done = true
  }

  private *zlibMember(): Generator<void, void, void> {
    const cmf = yield* this.byte()
    const flg = yield* this.byte()
    if (((cmf << 8) | flg) % 31 !== 0) throw dataError('incorrect header check')
    if ((cmf & 15) !== 8) throw dataError('unknown compression method')
    if ((cmf >> 4) + 8 > this.windowBits) throw dataError('invalid window size')
    if (flg & 0x20) {
      let id = 0
      for (let i = 0; i < 4; i++) id = id * 256 + (yield* this.byte())
      if (!this.dictionary) throw new ZlibError('Missing dictionary', 'Z_NEED_DICT', 2)
      if (adler32(this.dictionary, 1) !== id) throw new ZlibError('Bad dictionary', 'Z_NEED_DICT', 2)
      this.preset(this.dictionary)
    }
    this.checkKind = 'adler'
    this.check = 1
    yield* this.inflate()
    this.emit()
    this.alignToByte()
    let expected = 0
    for (let i = 0; i < 4; i++) expected = expected * 256 + (yield* this.byte())
    if (expected !== this.check >>> 0) throw dataError('incorrect data check')
  }

  private *gzipMember(): Generator<void, void, void> {
    if ((yield* this.byte()) !== 0x1f || (yield* this.byte()) !== 0x8b) throw dataError('incorrect header check')
    if ((yield* this.byte()) !== 8) throw dataError('unknown compression method')
    const flags = yield* this.byte()
    if (flags & 0xe0) throw dataError('unknown header flags set')
    for (let i = 0; i < 6; i++) yield* this.byte() // mtime, xfl, os
    if (flags & 4) {
      const length = (yield* this.byte()) | ((yield* this.byte()) << 8)
      for (let i = 0; i < length; i++) yield* this.byte()
    }
    if (flags & 8) while ((yield* this.byte()) !== 0);
    if (flags & 16) while ((yield* this.byte()) !== 0);
    if (flags & 2) {
      yield* this.byte()
      yield* this.byte()
    }
    this.emit()
    this.checkKind = 'crc'
    this.check = 0
    this.total = 0
    yield* this.inflate()
    this.emit()
    this.alignToByte()
    let crc = 0
    let size = 0
    for (let i = 0; i < 4; i++) crc += (yield* this.byte()) * 2 ** (8 * i)
    for (let i = 0; i < 4; i++) size += (yield* this.byte()) * 2 ** (8 * i)
    if (crc !== this.check >>> 0) throw dataError('incorrect data check')
    if (size !== this.total % 2 ** 32) throw dataError('incorrect length check')
    this.checkKind = 'none'
  }

  private alignToByte(): void {
    const drop = this.bc & 7
    this.bb >>>= drop
    this.bc -= drop
  }

  private *inflate(): Generator<void, void, void> {
    let last = 0
    while (!last) {
      last = yield* this.bits(1)
      const type = yield* this.bits(2)
      if (type === 0) yield* this.stored()
      else if (type === 1) yield* this.codes(FIXED_LIT, FIXED_DIST)
      else if (type === 2) {
        const [lit, dist] = yield* this.dynamic()
        yield* this.codes(lit, dist)
      } else throw dataError('invalid block type')
    }
  }

  private *stored(): Generator<void, void, void> {
    this.alignToByte()
    const len = yield* this.bits(16)
    const nlen = yield* this.bits(16)
    if (len !== (~nlen & 0xffff)) throw dataError('invalid stored block lengths')
    for (let i = 0; i < len; i++) {
      // Whole bytes from the bit buffer first, then straight from the input.
      if (this.bc >= 8) {
        this.put(this.bb & 0xff)
        this.bb >>>= 8
        this.bc -= 8
      } else {
        while (this.ip >= this.input.length) yield* this.more()
        this.put(this.input[this.ip++]!)
      }
      this.history++
    }
  }

  private *dynamic(): Generator<void, [Table, Table], void> {
    const nlen = (yield* this.bits(5)) + 257
    const ndist = (yield* this.bits(5)) + 1
    const ncode = (yield* this.bits(4)) + 4
    if (nlen > 286 || ndist > 30) throw dataError('too many length or distance symbols')
    const codeLengths = new Uint8Array(19)
    for (let i = 0; i < ncode; i++) codeLengths[ORDER[i]!] = yield* this.bits(3)
    const codeTable = buildTable(codeLengths, true)
    if (!codeTable) throw dataError('invalid code lengths set')
    const lengths = new Uint8Array(nlen + ndist)
    for (let i = 0; i < nlen + ndist; ) {
      const symbol = yield* this.symbol(codeTable, 'invalid code lengths set')
      if (symbol < 16) {
        lengths[i++] = symbol
        continue
      }
      let repeat: number
      let value = 0
      if (symbol === 16) {
        if (i === 0) throw dataError('invalid bit length repeat')
        value = lengths[i - 1]!
        repeat = 3 + (yield* this.bits(2))
      } else if (symbol === 17) repeat = 3 + (yield* this.bits(3))
      else repeat = 11 + (yield* this.bits(7))
      if (i + repeat > nlen + ndist) throw dataError('invalid bit length repeat')
      lengths.fill(value, i, i + repeat)
      i += repeat
    }
    if (lengths[256] === 0) throw dataError('invalid code -- missing end-of-block')
    const lit = buildTable(lengths.subarray(0, nlen), false)
    if (!lit) throw dataError('invalid literal/lengths set')
    const dist = buildTable(lengths.subarray(nlen), false)
    if (!dist) throw dataError('invalid distances set')
    return [lit, dist]
  }

  private *codes(lit: Table, dist: Table): Generator<void, void, void> {
    for (;;) {
      const symbol = yield* this.symbol(lit, 'invalid literal/length code')
      if (symbol < 256) {
        this.put(symbol)
        this.history++
        continue
      }
      if (symbol === 256) return
      const index = symbol - 257
      if (index >= 29) throw dataError('invalid literal/length code')
      const length = LEN_BASE[index]! + (yield* this.bits(LEN_EXTRA[index]!))
      const d = yield* this.symbol(dist, 'invalid distance code')
      if (d >= 30) throw dataError('invalid distance code')
      const distance = DIST_BASE[d]! + (yield* this.bits(DIST_EXTRA[d]!))
      if (distance > this.history || distance > WINDOW) throw dataError('invalid distance too far back')
      for (let i = 0; i < length; i++) {
        if (this.wp === this.win.length) this.slide()
        this.win[this.wp] = this.win[this.wp - distance]!
        this.wp++
      }
      this.history += length
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
