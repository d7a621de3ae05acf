/**
 * The block-cipher modes of `node:crypto`'s `createCipheriv` and
 * `createDecipheriv` over AES (crypto-aes.ts): ECB and CBC (PKCS#7 padding,
 * switchable), CTR (128-bit big-endian counter), OFB, CFB (128-bit feedback)
 * and GCM (any IV length, tags of 4, 8 and 12–16 bytes). Streaming follows
 * OpenSSL's EVP layer as Node exposes it: block modes emit whole blocks as
 * they fill (decryption with padding holds the last block back until
 * `final`), stream modes emit as many bytes as they receive.
 */
import { AesKey, Ghash, loadBlock, storeBlock } from './crypto-aes.js'
import { codedError } from './crypto-errors.js'

/** A mode of operation. */
export type CipherMode = 'ecb' | 'cbc' | 'ctr' | 'ofb' | 'cfb' | 'gcm'

/** One cipher of the table: what `crypto.getCipherInfo()` reports. */
export interface CipherSpec {
  /** Our canonical name (`aes-128-cbc`). */
  readonly name: string
  /** The name `getCipherInfo` reports (OpenSSL's; `id-aes128-gcm` for GCM). */
  readonly infoName: string
  readonly nid: number
  readonly mode: CipherMode
  readonly keyLength: number
  /** 0 for ECB (no IV). */
  readonly ivLength: number
  /** 16 for ECB/CBC, 1 for the stream modes. */
  readonly blockSize: number
}

const NIDS: Record<string, number> = {
  'aes-128-ecb': 418,
  'aes-128-cbc': 419,
  'aes-128-ofb': 420,
  'aes-128-cfb': 421,
  'aes-192-ecb': 422,
  'aes-192-cbc': 423,
  'aes-192-ofb': 424,
  'aes-256-ecb': 426,
  'aes-256-cbc': 427,
  'aes-256-ofb': 428,
  'aes-256-cfb': 429,
  'aes-128-gcm': 895,
  'aes-192-gcm': 898,
  'aes-256-gcm': 901,
  'aes-128-ctr': 904,
  'aes-192-ctr': 905,
  'aes-256-ctr': 906,
}

const CIPHERS = new Map<string, CipherSpec>()
for (const [name, nid] of Object.entries(NIDS)) {
  const [, bits, mode] = name.split('-') as [string, string, CipherMode]
  CIPHERS.set(name, {
    name,
    infoName: mode === 'gcm' ? `id-aes${bits}-gcm` : name,
    nid,
    mode,
    keyLength: Number(bits) / 8,
    ivLength: mode === 'ecb' ? 0 : mode === 'gcm' ? 12 : 16,
    blockSize: mode === 'ecb' || mode === 'cbc' ? 16 : 1,
  })
}
const ALIASES: Record<string, string> = { aes128: 'aes-128-cbc', aes192: 'aes-192-cbc', aes256: 'aes-256-cbc' }

/** The cipher named `name` (case-insensitive, OpenSSL's `aes128`-style aliases), or undefined. */
export function lookupCipher(name: string): CipherSpec | undefined {
  const folded = name.toLowerCase()
  return CIPHERS.get(ALIASES[folded] ?? folded)
}

/** Every cipher name we implement, sorted (a subset of Bun's `getCiphers()`). */
export const CIPHER_NAMES: readonly string[] = [...CIPHERS.keys()].sort()

/** GCM tag lengths OpenSSL accepts. */
export function isValidGcmTagLength(length: number): boolean {
  return length === 4 || length === 8 || (length >= 12 && length <= 16)
}

const openssl = (id: string, reason: string) =>
  codedError(Error, `ERR_OSSL_${reason}`, `error:${id}:Cipher functions:OPENSSL_internal:${reason}`)

/**
 * The state of one encryption or decryption. `update` and `final` return
 * the output bytes; errors are thrown as Node reports them.
 */
export class CipherState {
  readonly spec: CipherSpec
  readonly decrypt: boolean
  autoPadding = true
  private readonly key: AesKey
  /** Chaining value (CBC, CFB, OFB), counter (CTR, GCM). */
  private readonly iv = new Uint32Array(4)
  private readonly block = new Uint32Array(4)
  /** Buffered input of block modes (< 16 bytes, or 16 held back). */
  private pending = new Uint8Array(0)
  /** Keystream bytes (CTR, OFB, CFB, GCM) and how many are used. */
  private readonly stream = new Uint8Array(16)
  private streamUsed = 16
  private cfbStarted = false
  // GCM
  private ghash: Ghash | undefined
  private readonly j0 = new Uint32Array(4)
  private ghashBuffer = new Uint8Array(16)
  private ghashUsed = 0
  private aadLength = 0
  private textLength = 0
  private inText = false
  tag: Uint8Array | undefined
  authTagLength = 16

  constructor(spec: CipherSpec, key: Uint8Array, iv: Uint8Array | null, decrypt: boolean) {
    this.spec = spec
    this.decrypt = decrypt
    this.key = new AesKey(key)
    if (spec.mode === 'gcm') {
      const h = new Uint32Array(4)
      this.key.encryptBlock(h)
      this.ghash = new Ghash(h)
      const ivBytes = iv as Uint8Array
      if (ivBytes.length === 12) {
        const padded = new Uint8Array(16)
        padded.set(ivBytes)
        padded[15] = 1
        loadBlock(padded, 0, this.j0)
      } else {
        const g = new Ghash(h)
        const padded = new Uint8Array(Math.ceil(ivBytes.length / 16) * 16 + 16)
        padded.set(ivBytes)
        new DataView(padded.buffer).setUint32(padded.length - 4, ivBytes.length * 8)
        new DataView(padded.buffer).setUint32(padded.length - 8, Math.floor((ivBytes.length * 8) / 2 ** 32))
        const words = new Uint32Array(4)
        for (let o = 0; o < padded.length; o += 16) {
          loadBlock(padded, o, words)
          g.update(words)
        }
        this.j0.set(g.state)
      }
      this.iv.set(this.j0)
      this.iv[3] = (this.iv[3]! + 1) >>> 0
    } else if (iv && iv.length === 16) {
      loadBlock(iv, 0, this.iv)
    }
  }

  /** GCM: additional authenticated data; only before the first `update`. */
  setAAD(data: Uint8Array): boolean {
    if (!this.ghash || this.inText) return false
    this.feedGhash(data)
    this.aadLength += data.length
    return true
  }

  update(data: Uint8Array): Uint8Array {
    switch (this.spec.mode) {
      case 'ecb':
      case 'cbc':
        return this.updateBlocks(data)
      case 'gcm':
        return this.updateGcm(data)
      default:
        return this.updateStream(data)
    }
  }

  final(): Uint8Array {
    const mode = this.spec.mode
    if (mode === 'ecb' || mode === 'cbc') return this.finalBlocks()
    if (mode === 'gcm') return this.finalGcm()
    return new Uint8Array(0)
  }

  // ---- ECB, CBC ----

  private updateBlocks(data: Uint8Array): Uint8Array {
    const input = concat(this.pending, data)
    let blocks = Math.floor(input.length / 16)
    if (this.decrypt && this.autoPadding && input.length % 16 === 0 && blocks > 0) blocks--
    const out = new Uint8Array(blocks * 16)
    for (let i = 0; i < blocks; i++) this.cryptBlock(input, i * 16, out)
    this.pending = input.slice(blocks * 16)
    return out
  }

  private cryptBlock(input: Uint8Array, offset: number, out: Uint8Array): void {
    const b = this.block
    loadBlock(input, offset, b)
    const cbc = this.spec.mode === 'cbc'
    if (this.decrypt) {
      const saved = cbc ? Uint32Array.from(b) : undefined
      this.key.decryptBlock(b)
      if (saved) {
        for (let i = 0; i < 4; i++) b[i] = (b[i]! ^ this.iv[i]!) >>> 0
        this.iv.set(saved)
      }
    } else {
      if (cbc) for (let i = 0; i < 4; i++) b[i] = (b[i]! ^ this.iv[i]!) >>> 0
      this.key.encryptBlock(b)
      if (cbc) this.iv.set(b)
    }
    storeBlock(b, out, offset)
  }

  private finalBlocks(): Uint8Array {
    const pending = this.pending
    this.pending = new Uint8Array(0)
    if (!this.decrypt) {
      if (!this.autoPadding) {
        if (pending.length !== 0) throw openssl('1e00006a', 'DATA_NOT_MULTIPLE_OF_BLOCK_LENGTH')
        return new Uint8Array(0)
      }
      const pad = 16 - pending.length
      const last = new Uint8Array(16)
      last.set(pending)
      last.fill(pad, pending.length)
      const out = new Uint8Array(16)
      this.cryptBlock(last, 0, out)
      return out
    }
    if (!this.autoPadding) {
      if (pending.length !== 0) throw openssl('1e00007b', 'WRONG_FINAL_BLOCK_LENGTH')
      return new Uint8Array(0)
    }
    if (pending.length !== 16) throw openssl('1e00007b', 'WRONG_FINAL_BLOCK_LENGTH')
    const out = new Uint8Array(16)
    this.cryptBlock(pending, 0, out)
    const pad = out[15]!
    if (pad < 1 || pad > 16) throw openssl('1e000065', 'BAD_DECRYPT')
    for (let i = 16 - pad; i < 16; i++) if (out[i] !== pad) throw openssl('1e000065', 'BAD_DECRYPT')
    return out.slice(0, 16 - pad)
  }

  // ---- CTR, OFB, CFB ----

  private updateStream(data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.length)
    const mode = this.spec.mode
    for (let i = 0; i < data.length; i++) {
      if (this.streamUsed === 16) this.refill()
      const byte = data[i]!
      const result = byte ^ this.stream[this.streamUsed]!
      out[i] = result
      // CFB feeds the ciphertext back: the next keystream block encrypts it.
      if (mode === 'cfb') this.stream[this.streamUsed] = this.decrypt ? byte : result
      this.streamUsed++
    }
    return out
  }

  private refill(): void {
    const mode = this.spec.mode
    const b = this.block
    if (mode === 'cfb') {
      // After the first block, `stream` holds the previous ciphertext block: it is the next input.
      if (this.cfbStarted) loadBlock(this.stream, 0, this.iv)
      this.cfbStarted = true
      b.set(this.iv)
      this.key.encryptBlock(b)
    } else if (mode === 'ofb') {
      this.key.encryptBlock(this.iv)
      b.set(this.iv)
    } else {
      b.set(this.iv)
      this.key.encryptBlock(b)
      const iv = this.iv
      for (let i = 3; i >= 0; i--) {
        iv[i] = (iv[i]! + 1) >>> 0
        if (iv[i] !== 0) break
      }
    }
    storeBlock(b, this.stream, 0)
    this.streamUsed = 0
  }

  // ---- GCM ----

  private feedGhash(data: Uint8Array): void {
    const g = this.ghash as Ghash
    const words = this.block
    let offset = 0
    while (offset < data.length) {
      const take = Math.min(16 - this.ghashUsed, data.length - offset)
      this.ghashBuffer.set(data.subarray(offset, offset + take), this.ghashUsed)
      this.ghashUsed += take
      offset += take
      if (this.ghashUsed === 16) {
        loadBlock(this.ghashBuffer, 0, words)
        g.update(words)
        this.ghashUsed = 0
      }
    }
  }

  private flushGhash(): void {
    if (this.ghashUsed === 0) return
    this.ghashBuffer.fill(0, this.ghashUsed)
    loadBlock(this.ghashBuffer, 0, this.block)
    ;(this.ghash as Ghash).update(this.block)
    this.ghashUsed = 0
  }

  private updateGcm(data: Uint8Array): Uint8Array {
    if (!this.inText) {
      this.flushGhash()
      this.inText = true
    }
    const out = new Uint8Array(data.length)
    for (let i = 0; i < data.length; i++) {
      if (this.streamUsed === 16) {
        const b = this.block
        b.set(this.iv)
        this.key.encryptBlock(b)
        this.iv[3] = (this.iv[3]! + 1) >>> 0
        storeBlock(b, this.stream, 0)
        this.streamUsed = 0
      }
      out[i] = data[i]! ^ this.stream[this.streamUsed++]!
    }
    this.feedGhash(this.decrypt ? data : out)
    this.textLength += data.length
    return out
  }

  private finalGcm(): Uint8Array {
    this.flushGhash()
    const lengths = new Uint8Array(16)
    const view = new DataView(lengths.buffer)
    view.setUint32(0, Math.floor((this.aadLength * 8) / 2 ** 32))
    view.setUint32(4, (this.aadLength * 8) >>> 0)
    view.setUint32(8, Math.floor((this.textLength * 8) / 2 ** 32))
    view.setUint32(12, (this.textLength * 8) >>> 0)
    this.feedGhash(lengths)
    const s = Uint32Array.from(this.j0)
    this.key.encryptBlock(s)
    const g = (this.ghash as Ghash).state
    for (let i = 0; i < 4; i++) s[i] = (s[i]! ^ g[i]!) >>> 0
    const full = new Uint8Array(16)
    storeBlock(s, full, 0)
    if (!this.decrypt) {
      this.tag = full.slice(0, this.authTagLength)
      return new Uint8Array(0)
    }
    const expected = this.tag
    let diff = expected ? 0 : 1
    if (expected) for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ full[i]!
    if (diff !== 0) throw new Error('Unsupported state or unable to authenticate data')
    return new Uint8Array(0)
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
