/**
 * AES (FIPS 197) block encryption and GCM's GHASH (NIST SP 800-38D), the
 * primitives under `node:crypto`'s `aes-*` ciphers. Written from the
 * standards: the S-box is computed (multiplicative inverse in GF(2^8) and the
 * affine map), the round tables derived from it once, at first use.
 *
 * Blocks are processed in place as four big-endian 32-bit words, so the
 * mode code (crypto-cipher.ts) can chain them without copies.
 */

let SBOX: Uint8Array | undefined
let INV_SBOX: Uint8Array
/** Encryption tables: T0[x] = (2·S[x], S[x], S[x], 3·S[x]) as a word; T1..T3 its rotations. */
let TE: Uint32Array[]
/** Decryption tables built the same way from the inverse S-box and (14, 9, 13, 11). */
let TD: Uint32Array[]

function xtime(a: number): number {
  return ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff
}

function gmul(a: number, b: number): number {
  let p = 0
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a
    a = xtime(a)
    b >>= 1
  }
  return p
}

function init(): void {
  const sbox = new Uint8Array(256)
  const inv = new Uint8Array(256)
  // Walk the multiplicative group with generator 3 to get each element's inverse.
  const exp = new Uint8Array(256)
  const log = new Uint8Array(256)
  for (let i = 0, x = 1; i < 255; i++) {
    exp[i] = x
    log[x] = i
    x ^= xtime(x)
  }
  for (let x = 0; x < 256; x++) {
    const inverse = x === 0 ? 0 : (exp[(255 - (log[x] as number)) % 255] as number)
    let s = inverse
    for (let r = 1; r <= 4; r++) s ^= ((inverse << r) | (inverse >>> (8 - r))) & 0xff
    s ^= 0x63
    sbox[x] = s
    inv[s] = x
  }
  const te = [0, 1, 2, 3].map(() => new Uint32Array(256))
  const td = [0, 1, 2, 3].map(() => new Uint32Array(256))
  for (let x = 0; x < 256; x++) {
    const s = sbox[x] as number
    const e = ((gmul(s, 2) << 24) | (s << 16) | (s << 8) | gmul(s, 3)) >>> 0
    const v = inv[x] as number
    const d = ((gmul(v, 14) << 24) | (gmul(v, 9) << 16) | (gmul(v, 13) << 8) | gmul(v, 11)) >>> 0
    for (let t = 0; t < 4; t++) {
      ;(te[t] as Uint32Array)[x] = ((e >>> (8 * t)) | (e << (32 - 8 * t))) >>> 0
      ;(td[t] as Uint32Array)[x] = ((d >>> (8 * t)) | (d << (32 - 8 * t))) >>> 0
    }
  }
  SBOX = sbox
  INV_SBOX = inv
  TE = te
  TD = td
}

function subWord(w: number, box: Uint8Array): number {
  return (
    (((box[w >>> 24] as number) << 24) |
      ((box[(w >>> 16) & 0xff] as number) << 16) |
      ((box[(w >>> 8) & 0xff] as number) << 8) |
      (box[w & 0xff] as number)) >>>
    0
  )
}

/** An expanded AES key (16, 24 or 32 bytes). */
export class AesKey {
  readonly rounds: number
  private readonly enc: Uint32Array
  private readonly dec: Uint32Array

  constructor(key: Uint8Array) {
    if (!SBOX) init()
    const sbox = SBOX as Uint8Array
    const nk = key.length / 4
    this.rounds = nk + 6
    const total = 4 * (this.rounds + 1)
    const w = new Uint32Array(total)
    for (let i = 0; i < nk; i++) {
      w[i] =
        (((key[4 * i] as number) << 24) |
          ((key[4 * i + 1] as number) << 16) |
          ((key[4 * i + 2] as number) << 8) |
          (key[4 * i + 3] as number)) >>>
        0
    }
    let rcon = 1
    for (let i = nk; i < total; i++) {
      let t = w[i - 1] as number
      if (i % nk === 0) {
        t = subWord(((t << 8) | (t >>> 24)) >>> 0, sbox) ^ (rcon << 24)
        rcon = xtime(rcon)
      } else if (nk > 6 && i % nk === 4) {
        t = subWord(t, sbox)
      }
      w[i] = ((w[i - nk] as number) ^ t) >>> 0
    }
    this.enc = w
    // The equivalent inverse cipher: round keys reversed, InvMixColumns applied to the middle ones.
    const d = new Uint32Array(total)
    const [td0, td1, td2, td3] = TD as [Uint32Array, Uint32Array, Uint32Array, Uint32Array]
    for (let round = 0; round <= this.rounds; round++) {
      for (let c = 0; c < 4; c++) {
        const k = w[4 * (this.rounds - round) + c] as number
        d[4 * round + c] =
          round === 0 || round === this.rounds
            ? k
            : ((td0[sbox[k >>> 24] as number] as number) ^
                (td1[sbox[(k >>> 16) & 0xff] as number] as number) ^
                (td2[sbox[(k >>> 8) & 0xff] as number] as number) ^
                (td3[sbox[k & 0xff] as number] as number)) >>>
              0
      }
    }
    this.dec = d
  }

  /** Encrypts the 4-word block `s` in place. */
  encryptBlock(s: Uint32Array): void {
    const [t0, t1, t2, t3] = TE as [Uint32Array, Uint32Array, Uint32Array, Uint32Array]
    this.run(s, this.enc, t0, t1, t2, t3, SBOX as Uint8Array, false)
  }

  /** Decrypts the 4-word block `s` in place. */
  decryptBlock(s: Uint32Array): void {
    const [t0, t1, t2, t3] = TD as [Uint32Array, Uint32Array, Uint32Array, Uint32Array]
    this.run(s, this.dec, t0, t1, t2, t3, INV_SBOX, true)
  }

  private run(
    s: Uint32Array,
    k: Uint32Array,
    t0: Uint32Array,
    t1: Uint32Array,
    t2: Uint32Array,
    t3: Uint32Array,
    box: Uint8Array,
    inverse: boolean,
  ): void {
    let a = ((s[0] as number) ^ (k[0] as number)) >>> 0
    let b = ((s[1] as number) ^ (k[1] as number)) >>> 0
    let c = ((s[2] as number) ^ (k[2] as number)) >>> 0
    let d = ((s[3] as number) ^ (k[3] as number)) >>> 0
    // Decryption's ShiftRows goes the other way: columns take bytes from c-1, c-2, c-3.
    let ki = 4
    for (let round = 1; round < this.rounds; round++) {
      let na: number
      let nb: number
      let nc: number
      let nd: number
      if (!inverse) {
        na = t0[a >>> 24]! ^ t1[(b >>> 16) & 0xff]! ^ t2[(c >>> 8) & 0xff]! ^ t3[d & 0xff]! ^ k[ki]!
        nb = t0[b >>> 24]! ^ t1[(c >>> 16) & 0xff]! ^ t2[(d >>> 8) & 0xff]! ^ t3[a & 0xff]! ^ k[ki + 1]!
        nc = t0[c >>> 24]! ^ t1[(d >>> 16) & 0xff]! ^ t2[(a >>> 8) & 0xff]! ^ t3[b & 0xff]! ^ k[ki + 2]!
        nd = t0[d >>> 24]! ^ t1[(a >>> 16) & 0xff]! ^ t2[(b >>> 8) & 0xff]! ^ t3[c & 0xff]! ^ k[ki + 3]!
      } else {
        na = t0[a >>> 24]! ^ t1[(d >>> 16) & 0xff]! ^ t2[(c >>> 8) & 0xff]! ^ t3[b & 0xff]! ^ k[ki]!
        nb = t0[b >>> 24]! ^ t1[(a >>> 16) & 0xff]! ^ t2[(d >>> 8) & 0xff]! ^ t3[c & 0xff]! ^ k[ki + 1]!
        nc = t0[c >>> 24]! ^ t1[(b >>> 16) & 0xff]! ^ t2[(a >>> 8) & 0xff]! ^ t3[d & 0xff]! ^ k[ki + 2]!
        nd = t0[d >>> 24]! ^ t1[(c >>> 16) & 0xff]! ^ t2[(b >>> 8) & 0xff]! ^ t3[a & 0xff]! ^ k[ki + 3]!
      }
      a = na >>> 0
      b = nb >>> 0
      c = nc >>> 0
      d = nd >>> 0
      ki += 4
    }
    const last = (w: number, x: number, y: number, z: number, key: number) =>
      (((box[w >>> 24]! << 24) | (box[(x >>> 16) & 0xff]! << 16) | (box[(y >>> 8) & 0xff]! << 8) | box[z & 0xff]!) ^
        key) >>>
      0
    if (!inverse) {
      s[0] = last(a, b, c, d, k[ki]!)
      s[1] = last(b, c, d, a, k[ki + 1]!)
      s[2] = last(c, d, a, b, k[ki + 2]!)
      s[3] = last(d, a, b, c, k[ki + 3]!)
    } else {
      s[0] = last(a, d, c, b, k[ki]!)
      s[1] = last(b, a, d, c, k[ki + 1]!)
      s[2] = last(c, b, a, d, k[ki + 2]!)
      s[3] = last(d, c, b, a, k[ki + 3]!)
    }
  }
}

/** Reads 16 bytes at `offset` into four big-endian words. */
export function loadBlock(bytes: Uint8Array, offset: number, into: Uint32Array): void {
  for (let i = 0; i < 4; i++) {
    const o = offset + 4 * i
    into[i] = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0
  }
}

/** Writes four big-endian words as 16 bytes at `offset`. */
export function storeBlock(words: Uint32Array, bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 4; i++) {
    const w = words[i]!
    const o = offset + 4 * i
    bytes[o] = w >>> 24
    bytes[o + 1] = (w >>> 16) & 0xff
    bytes[o + 2] = (w >>> 8) & 0xff
    bytes[o + 3] = w & 0xff
  }
}

/**
 * GHASH over GF(2^128) with hash key H, fed whole 16-byte blocks
 * (callers zero-pad). Multiplication uses a 16-entry table of H·x for
 * 4-bit chunks (Shoup's method), with the reduction table R.
 */
export class Ghash {
  private readonly table: Uint32Array[] = []
  readonly state: Uint32Array = new Uint32Array(4)
  private static readonly R = [
    0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0, 0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0,
    0xa9c0, 0xb5e0,
  ]

  constructor(h: Uint32Array) {
    // table[i] = i·H, where bit order follows GCM's reflected convention (i's bit 3 is x^0).
    const t: Uint32Array[] = new Array(16)
    t[0] = new Uint32Array(4)
    t[8] = Uint32Array.from(h)
    for (let i = 4; i > 0; i >>= 1) {
      const v = Uint32Array.from(t[i * 2] as Uint32Array)
      const carry = v[3]! & 1
      v[3] = (v[3]! >>> 1) | (v[2]! << 31)
      v[2] = (v[2]! >>> 1) | (v[1]! << 31)
      v[1] = (v[1]! >>> 1) | (v[0]! << 31)
      v[0] = (v[0]! >>> 1) ^ (carry ? 0xe1000000 : 0)
      t[i] = v
    }
    for (const i of [2, 4, 8]) {
      for (let j = 1; j < i; j++) {
        const a = t[i] as Uint32Array
        const b = t[j] as Uint32Array
        t[i + j] = Uint32Array.of(a[0]! ^ b[0]!, a[1]! ^ b[1]!, a[2]! ^ b[2]!, a[3]! ^ b[3]!)
      }
    }
    this.table = t
  }

  /** state = (state ⊕ block) · H. */
  update(block: Uint32Array): void {
    const s = this.state
    const x = [s[0]! ^ block[0]!, s[1]! ^ block[1]!, s[2]! ^ block[2]!, s[3]! ^ block[3]!]
    let z0 = 0
    let z1 = 0
    let z2 = 0
    let z3 = 0
    // Process nibbles from the last (highest power of x) to the first.
    for (let i = 31; i >= 0; i--) {
      const word = x[i >>> 3]!
      const nibble = (word >>> ((7 - (i & 7)) * 4)) & 0xf
      if (i !== 31) {
        const rem = z3 & 0xf
        z3 = (z3 >>> 4) | (z2 << 28)
        z2 = (z2 >>> 4) | (z1 << 28)
        z1 = (z1 >>> 4) | (z0 << 28)
        z0 = (z0 >>> 4) ^ (Ghash.R[rem]! << 16)
      }
      const m = this.table[nibble]!
      z0 ^= m[0]!
      z1 ^= m[1]!
      z2 ^= m[2]!
      z3 ^= m[3]!
    }
    s[0] = z0 >>> 0
    s[1] = z1 >>> 0
    s[2] = z2 >>> 0
    s[3] = z3 >>> 0
  }
}
