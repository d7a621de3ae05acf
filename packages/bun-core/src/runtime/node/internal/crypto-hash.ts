/**
 * The message digests behind `node:crypto` (`createHash`, `createHmac`,
 * `pbkdf2`, `hkdf`, `hash`) and `Bun.CryptoHasher`: one table of algorithms
 * over `@noble/hashes` (plus MD4 and OpenSSL's `md5-sha1`, written here),
 * and the name lookups each API applies, as observed in Bun 1.4.5:
 *
 * - {@link lookupNodeDigest} (`createHash`): the canonical names
 *   case-insensitively, `sha-256`-style and `rmd160` aliases, OpenSSL's
 *   `RSA-SHA*` (case-insensitive) and its exact-case signature names
 *   (`RSA-MD5`, `sha256WithRSAEncryption`, `dsaWithSHA1` …), `md5-sha1`.
 * - {@link lookupHmacDigest} (`createHmac`, `pbkdf2`, `hkdf`): the same less
 *   the XOFs (shake), BLAKE2 and `rmd160`.
 * - {@link lookupBunDigest} (`Bun.CryptoHasher`): canonical names and the
 *   `sha-256`-style/`rmd160` aliases only.
 */
import { blake2b, blake2s } from '@noble/hashes/blake2.js'
import { md5, ripemd160, sha1 } from '@noble/hashes/legacy.js'
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js'
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128, shake256 } from '@noble/hashes/sha3.js'

/** An incremental digest. `digest()` may be called once. */
export interface Digest {
  update(data: Uint8Array): void
  /** The digest; XOFs take an output length (default: the algorithm's), others ignore it. */
  digest(outputLen?: number): Uint8Array
  /** An independent copy of the current state. */
  clone(): Digest
}

/** One algorithm of the table. */
export interface DigestAlgorithm {
  /** The canonical (lower-case) name: `sha256`, `sha512-256`, `shake128` … */
  readonly name: string
  /** Input block size in bytes (the HMAC block). */
  readonly blockLen: number
  /** Default output size in bytes. */
  readonly outputLen: number
  /** True for extendable-output functions (shake): any output length. */
  readonly xof: boolean
  /** A fresh state. */
  create(): Digest
}

interface NobleHash {
  update(data: Uint8Array): unknown
  digest(): Uint8Array
  clone(): NobleHash
}

function fromNoble(state: NobleHash): Digest {
  return {
    update: (data) => void state.update(data),
    digest: () => state.digest(),
    clone: () => fromNoble(state.clone()),
  }
}

function noble(name: string, hash: { create(): NobleHash; blockLen: number; outputLen: number }): DigestAlgorithm {
  return {
    name,
    blockLen: hash.blockLen,
    outputLen: hash.outputLen,
    xof: false,
    create: () => fromNoble(hash.create()),
  }
}

interface NobleXof extends NobleHash {
  xof(bytes: number): Uint8Array
}

function fromNobleXof(state: NobleXof, defaultLen: number): Digest {
  return {
    update: (data) => void state.update(data),
    // noble rejects a zero-length squeeze; Node returns an empty digest.
    digest: (length = defaultLen) => (length === 0 ? new Uint8Array(0) : state.xof(length)),
    clone: () => fromNobleXof(state.clone() as NobleXof, defaultLen),
  }
}

function shake(name: string, blockLen: number, outputLen: number, hash: typeof shake128): DigestAlgorithm {
  return {
    name,
    blockLen,
    outputLen,
    xof: true,
    create: () => fromNobleXof(hash.create({}) as unknown as NobleXof, outputLen),
  }
}

function blake(name: string, outputLen: number, hash: typeof blake2b | typeof blake2s): DigestAlgorithm {
  return {
    name,
    blockLen: hash.blockLen,
    outputLen,
    xof: false,
    create: () => fromNoble(hash.create({ dkLen: outputLen }) as NobleHash),
  }
}

// ---- MD4 (RFC 1320) ----

class Md4 implements Digest {
  private h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476])
  private buffer = new Uint8Array(64)
  private used = 0
  private length = 0
  private readonly x = new Uint32Array(16)

  update(data: Uint8Array): void {
    this.length += data.length
    let offset = 0
    while (offset < data.length) {
      const take = Math.min(64 - this.used, data.length - offset)
      this.buffer.set(data.subarray(offset, offset + take), this.used)
      this.used += take
      offset += take
      if (this.used === 64) {
        this.block()
        this.used = 0
      }
    }
  }

  digest(): Uint8Array {
    const bits = this.length * 8
    const pad = new Uint8Array((this.used < 56 ? 56 : 120) - this.used + 8)
    pad[0] = 0x80
    const view = new DataView(pad.buffer)
    view.setUint32(pad.length - 8, bits >>> 0, true)
    view.setUint32(pad.length - 4, Math.floor(bits / 2 ** 32), true)
    this.update(pad)
    const out = new Uint8Array(16)
    const outView = new DataView(out.buffer)
    for (let i = 0; i < 4; i++) outView.setUint32(i * 4, this.h[i] as number, true)
    return out
  }

  clone(): Digest {
    const copy = new Md4()
    copy.h.set(this.h)
    copy.buffer.set(this.buffer)
    copy.used = this.used
    copy.length = this.length
    return copy
  }

  private block(): void {
    const x = this.x
    const b = this.buffer
    for (let i = 0; i < 16; i++) {
      x[i] =
        (b[i * 4] as number) |
        ((b[i * 4 + 1] as number) << 8) |
        ((b[i * 4 + 2] as number) << 16) |
        ((b[i * 4 + 3] as number) << 24)
    }
    let [a, bb, c, d] = this.h as unknown as [number, number, number, number]
    const rotl = (v: number, s: number) => (v << s) | (v >>> (32 - s))
    const F = (p: number, q: number, r: number) => (p & q) | (~p & r)
    const G = (p: number, q: number, r: number) => (p & q) | (p & r) | (q & r)
    const H = (p: number, q: number, r: number) => p ^ q ^ r
    const X = (i: number) => x[i] as number
    for (const i of [0, 4, 8, 12]) {
      a = rotl((a + F(bb, c, d) + X(i)) | 0, 3)
      d = rotl((d + F(a, bb, c) + X(i + 1)) | 0, 7)
      c = rotl((c + F(d, a, bb) + X(i + 2)) | 0, 11)
      bb = rotl((bb + F(c, d, a) + X(i + 3)) | 0, 19)
    }
    for (const i of [0, 1, 2, 3]) {
      a = rotl((a + G(bb, c, d) + X(i) + 0x5a827999) | 0, 3)
      d = rotl((d + G(a, bb, c) + X(i + 4) + 0x5a827999) | 0, 5)
      c = rotl((c + G(d, a, bb) + X(i + 8) + 0x5a827999) | 0, 9)
      bb = rotl((bb + G(c, d, a) + X(i + 12) + 0x5a827999) | 0, 13)
    }
    for (const i of [0, 2, 1, 3]) {
      a = rotl((a + H(bb, c, d) + X(i) + 0x6ed9eba1) | 0, 3)
      d = rotl((d + H(a, bb, c) + X(i + 8) + 0x6ed9eba1) | 0, 9)
      c = rotl((c + H(d, a, bb) + X(i + 4) + 0x6ed9eba1) | 0, 11)
      bb = rotl((bb + H(c, d, a) + X(i + 12) + 0x6ed9eba1) | 0, 15)
    }
    const h = this.h
    h[0] = ((h[0] as number) + a) | 0
    h[1] = ((h[1] as number) + bb) | 0
    h[2] = ((h[2] as number) + c) | 0
    h[3] = ((h[3] as number) + d) | 0
  }
}

/** OpenSSL's `md5-sha1`: MD5 and SHA-1 of the same input, concatenated (TLS 1.0's PRF digest). */
function md5sha1(a: Digest = fromNoble(md5.create()), b: Digest = fromNoble(sha1.create())): Digest {
  return {
    update(data) {
      a.update(data)
      b.update(data)
    },
    digest() {
      const out = new Uint8Array(36)
      out.set(a.digest())
      out.set(b.digest(), 16)
      return out
    },
    clone: () => md5sha1(a.clone(), b.clone()),
  }
}

const ALGORITHMS: DigestAlgorithm[] = [
  noble('md5', md5),
  noble('sha1', sha1),
  noble('ripemd160', ripemd160),
  noble('sha224', sha224),
  noble('sha256', sha256),
  noble('sha384', sha384),
  noble('sha512', sha512),
  noble('sha512-224', sha512_224),
  noble('sha512-256', sha512_256),
  noble('sha3-224', sha3_224),
  noble('sha3-256', sha3_256),
  noble('sha3-384', sha3_384),
  noble('sha3-512', sha3_512),
  shake('shake128', 168, 16, shake128),
  shake('shake256', 136, 32, shake256),
  blake('blake2b256', 32, blake2b),
  blake('blake2b512', 64, blake2b),
  blake('blake2s256', 32, blake2s),
  { name: 'md4', blockLen: 64, outputLen: 16, xof: false, create: () => new Md4() },
  { name: 'md5-sha1', blockLen: 64, outputLen: 36, xof: false, create: () => md5sha1() },
]

const BY_NAME = new Map(ALGORITHMS.map((algorithm) => [algorithm.name, algorithm]))

/** `Bun.CryptoHasher.algorithms`, in Bun's order. */
export const BUN_HASHER_ALGORITHMS: readonly string[] = [
  'blake2b256',
  'blake2b512',
  'blake2s256',
  'md4',
  'md5',
  'ripemd160',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'sha512-224',
  'sha512-256',
  'sha3-224',
  'sha3-256',
  'sha3-384',
  'sha3-512',
  'shake128',
  'shake256',
]

/** `crypto.getHashes()` as Bun 1.4.5 reports it. */
export const NODE_HASHES: readonly string[] = [
  'md4',
  'md5',
  'ripemd160',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'sha512-224',
  'sha512-256',
  'sha3-224',
  'sha3-256',
  'sha3-384',
  'sha3-512',
]

const DASH_ALIASES: Record<string, string> = {
  'sha-1': 'sha1',
  'sha-224': 'sha224',
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
  'sha-512/224': 'sha512-224',
  'sha-512/256': 'sha512-256',
  'shake-128': 'shake128',
  'shake-256': 'shake256',
  rmd160: 'ripemd160',
}

/** OpenSSL names Node's digests accept case-insensitively. */
const OPENSSL_FOLDED: Record<string, string> = {
  'rsa-sha1': 'sha1',
  'rsa-sha224': 'sha224',
  'rsa-sha256': 'sha256',
  'rsa-sha384': 'sha384',
  'rsa-sha512': 'sha512',
}

/** OpenSSL names Node's digests accept with this exact case only. */
const OPENSSL_EXACT: Record<string, string> = {
  'RSA-MD5': 'md5',
  md5WithRSAEncryption: 'md5',
  sha1WithRSAEncryption: 'sha1',
  sha224WithRSAEncryption: 'sha224',
  sha256WithRSAEncryption: 'sha256',
  sha384WithRSAEncryption: 'sha384',
  sha512WithRSAEncryption: 'sha512',
  dsaWithSHA1: 'sha1',
  'ecdsa-with-SHA1': 'sha1',
}

/** `Bun.CryptoHasher`'s lookup; undefined when Bun rejects the name. */
export function lookupBunDigest(name: string): DigestAlgorithm | undefined {
  const folded = name.toLowerCase()
  const canonical = DASH_ALIASES[folded] ?? folded
  return canonical === 'md5-sha1' ? undefined : BY_NAME.get(canonical)
}

/** `crypto.createHash`'s lookup; undefined when Bun rejects the name. */
export function lookupNodeDigest(name: string): DigestAlgorithm | undefined {
  const folded = name.toLowerCase()
  const canonical = OPENSSL_EXACT[name] ?? OPENSSL_FOLDED[folded] ?? DASH_ALIASES[folded] ?? folded
  return BY_NAME.get(canonical)
}

/**
 * The digests `createHmac`, `hkdf` (both: no XOFs, no BLAKE2) and `pbkdf2`
 * (no XOFs, no `md5-sha1`, no BLAKE2s, but BLAKE2b) accept, as Bun does;
 * undefined otherwise.
 */
export function lookupHmacDigest(
  name: string,
  purpose: 'hmac' | 'hkdf' | 'pbkdf2' = 'hmac',
): DigestAlgorithm | undefined {
  if (name.toLowerCase() === 'rmd160') return undefined
  const algorithm = lookupNodeDigest(name)
  if (!algorithm || algorithm.xof) return undefined
  if (purpose === 'pbkdf2') {
    return algorithm.name === 'md5-sha1' || algorithm.name === 'blake2s256' ? undefined : algorithm
  }
  return algorithm.name.startsWith('blake2') ? undefined : algorithm
}

// ---- HMAC (RFC 2104) and the KDFs built on it ----

/** An HMAC state over `algorithm` keyed with `key`; a {@link Digest} of the MAC. */
export function createHmacDigest(algorithm: DigestAlgorithm, key: Uint8Array): Digest {
  const block = algorithm.blockLen
  let k = key
  if (k.length > block) {
    const h = algorithm.create()
    h.update(k)
    k = h.digest()
  }
  const pad = new Uint8Array(block)
  pad.set(k)
  const inner = algorithm.create()
  const outer = algorithm.create()
  for (let i = 0; i < block; i++) pad[i] = (pad[i] as number) ^ 0x36
  inner.update(pad)
  for (let i = 0; i < block; i++) pad[i] = (pad[i] as number) ^ 0x36 ^ 0x5c
  outer.update(pad)
  return hmacFrom(inner, outer)
}

function hmacFrom(inner: Digest, outer: Digest): Digest {
  return {
    update: (data) => inner.update(data),
    digest() {
      outer.update(inner.digest())
      return outer.digest()
    },
    clone: () => hmacFrom(inner.clone(), outer.clone()),
  }
}

/** PBKDF2 (RFC 8018) with HMAC-`algorithm`. */
export function pbkdf2Bytes(
  algorithm: DigestAlgorithm,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  keylen: number,
): Uint8Array {
  const keyed = createHmacDigest(algorithm, password)
  const out = new Uint8Array(keylen)
  const counter = new Uint8Array(4)
  const hLen = algorithm.outputLen
  for (let blockIndex = 1, pos = 0; pos < keylen; blockIndex++, pos += hLen) {
    new DataView(counter.buffer).setUint32(0, blockIndex)
    const first = keyed.clone()
    first.update(salt)
    first.update(counter)
    let u = first.digest()
    const t = u.slice()
    for (let i = 1; i < iterations; i++) {
      const next = keyed.clone()
      next.update(u)
      u = next.digest()
      for (let j = 0; j < t.length; j++) t[j] = (t[j] as number) ^ (u[j] as number)
    }
    out.set(t.subarray(0, Math.min(hLen, keylen - pos)), pos)
  }
  return out
}

/** HKDF (RFC 5869) extract-then-expand with HMAC-`algorithm`; `length` ≤ 255 × output size. */
export function hkdfBytes(
  algorithm: DigestAlgorithm,
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Uint8Array {
  const extractor = createHmacDigest(algorithm, salt.length ? salt : new Uint8Array(algorithm.outputLen))
  extractor.update(ikm)
  const prk = createHmacDigest(algorithm, extractor.digest())
  const out = new Uint8Array(length)
  let previous = new Uint8Array(0)
  for (let i = 1, pos = 0; pos < length; i++) {
    const h = prk.clone()
    h.update(previous)
    h.update(info)
    h.update(Uint8Array.of(i))
    previous = h.digest() as Uint8Array<ArrayBuffer>
    out.set(previous.subarray(0, Math.min(previous.length, length - pos)), pos)
    pos += previous.length
  }
  return out
}
