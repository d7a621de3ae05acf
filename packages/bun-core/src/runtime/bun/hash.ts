/**
 * `Bun.hash` and its non-cryptographic hash functions, written from the
 * algorithms' public specifications (wyhash final v4, CityHash v1.1,
 * xxHash32/64/XXH3-64, MurmurHash2/2A-64/3, CRC-32 (IEEE), Adler-32) and
 * checked value for value against Bun 1.4.5 by the differential test.
 *
 * Input conversion follows Bun: strings hash their UTF-8 bytes, views hash
 * the bytes they cover, a Blob hashes its bytes, other non-null values are
 * converted with `String()`, and `null`/`undefined` throw
 * `ERR_INVALID_ARG_TYPE`. Seeds follow Bun's numeric conversion
 * ({@link toSeed64}); 32-bit functions use the low 32 bits of it.
 */

/** Anything `Bun.hash` accepts as data. */
export type HashInput = string | ArrayBufferView | ArrayBufferLike | Blob | number | bigint | boolean | object

/** A seed: a number (truncated, saturated, negative values wrap) or a bigint (taken modulo 2^64). */
export type HashSeed = number | bigint

type Hash64 = (data: HashInput, seed?: HashSeed) => bigint
type Hash32 = (data: HashInput, seed?: HashSeed) => number

/** `Bun.hash`: wyhash with a seed, plus every algorithm as a property. */
export interface BunHash {
  (data: HashInput, seed?: HashSeed): bigint
  wyhash: Hash64
  adler32: Hash32
  crc32: Hash32
  cityHash32: Hash32
  cityHash64: Hash64
  xxHash32: Hash32
  xxHash64: Hash64
  xxHash3: Hash64
  murmur32v2: Hash32
  murmur32v3: Hash32
  murmur64v2: Hash64
}

const M64 = (1n << 64n) - 1n
const encoder = new TextEncoder()

function invalidData(): TypeError {
  const error = new TypeError('data must be a string, ArrayBuffer, ArrayBufferView or Blob') as TypeError & {
    code: string
  }
  error.code = 'ERR_INVALID_ARG_TYPE'
  return error
}

/** The bytes Bun hashes for `data`. Blobs are read synchronously when they carry their bytes (our BunFile and in-memory Blobs). */
export function toHashBytes(data: unknown): Uint8Array {
  if (data === null || data === undefined) throw invalidData()
  if (typeof data === 'string') return encoder.encode(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer) return new Uint8Array(data)
  const sync = (data as { bytesSync?: () => Uint8Array }).bytesSync
  if (typeof sync === 'function') return sync.call(data)
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    throw new TypeError(
      'Bun.hash of a Blob whose bytes are not in memory is not supported (read it with .bytes() first)',
    )
  }
  return encoder.encode(String(data))
}

/** Bun's seed conversion: numbers truncate, saturate at 2^64-1, wrap when in i64 range below 0, else 0; bigints wrap; anything else is 0. */
export function toSeed64(seed: unknown): bigint {
  if (typeof seed === 'bigint') return BigInt.asUintN(64, seed)
  if (typeof seed !== 'number' || Number.isNaN(seed)) return 0n
  const t = Math.trunc(seed)
  if (t >= 2 ** 64) return M64
  if (t >= 0) return BigInt(t)
  if (t >= -(2 ** 63)) return BigInt.asUintN(64, BigInt(t))
  return 0n
}

const toSeed32 = (seed: unknown): number => Number(toSeed64(seed) & 0xffffffffn)

// ---- little-endian reads ----

const r32 = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0
const r64 = (b: Uint8Array, i: number): bigint => BigInt(r32(b, i)) | (BigInt(r32(b, i + 4)) << 32n)
const rotl64 = (x: bigint, r: number): bigint => ((x << BigInt(r)) | (x >> BigInt(64 - r))) & M64
const rotr64 = (x: bigint, r: number): bigint => (r === 0 ? x : ((x >> BigInt(r)) | (x << BigInt(64 - r))) & M64)
const rotl32 = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0
const rotr32 = (x: number, r: number): number => (r === 0 ? x >>> 0 : ((x >>> r) | (x << (32 - r))) >>> 0)
const mul64 = (a: bigint, b: bigint): bigint => (a * b) & M64
const add64 = (a: bigint, b: bigint): bigint => (a + b) & M64
const sub64 = (a: bigint, b: bigint): bigint => (a - b) & M64
const swap64 = (x: bigint): bigint => {
  let r = 0n
  for (let i = 0; i < 8; i++) r = (r << 8n) | ((x >> BigInt(8 * i)) & 0xffn)
  return r
}
const swap32 = (x: number): number =>
  (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff)) >>> 0
/** Low and high halves of the 128-bit product. */
const mum = (a: bigint, b: bigint): [bigint, bigint] => {
  const p = a * b
  return [p & M64, (p >> 64n) & M64]
}
const mulFold64 = (a: bigint, b: bigint): bigint => {
  const [lo, hi] = mum(a, b)
  return lo ^ hi
}

// ---- wyhash (final v4, the variant in Zig's standard library) ----

const WY = [0xa0761d6478bd642fn, 0xe7037ed1a0b428dbn, 0x8ebc6af09c88c6e3n, 0x589965cc75374cc3n]

function wyhash(data: HashInput, seed?: HashSeed): bigint {
  const p = toHashBytes(data)
  const len = p.length
  let s = toSeed64(seed)
  s ^= mulFold64(s ^ WY[0], WY[1])
  let a: bigint
  let b: bigint
  if (len <= 16) {
    if (len >= 4) {
      const q = (len >> 3) << 2
      a = (BigInt(r32(p, 0)) << 32n) | BigInt(r32(p, q))
      b = (BigInt(r32(p, len - 4)) << 32n) | BigInt(r32(p, len - 4 - q))
    } else if (len > 0) {
      a = BigInt((p[0] << 16) | (p[len >> 1] << 8) | p[len - 1])
      b = 0n
    } else {
      a = 0n
      b = 0n
    }
  } else {
    let i = len
    let o = 0
    // Zig's wyhash (Bun's) takes the 48-byte rounds only above 48 bytes, unlike the C reference (at 48).
    if (i > 48) {
      let see1 = s
      let see2 = s
      do {
        s = mulFold64(r64(p, o) ^ WY[1], r64(p, o + 8) ^ s)
        see1 = mulFold64(r64(p, o + 16) ^ WY[2], r64(p, o + 24) ^ see1)
        see2 = mulFold64(r64(p, o + 32) ^ WY[3], r64(p, o + 40) ^ see2)
        o += 48
        i -= 48
      } while (i > 48)
      s ^= see1 ^ see2
    }
    while (i > 16) {
      s = mulFold64(r64(p, o) ^ WY[1], r64(p, o + 8) ^ s)
      i -= 16
      o += 16
    }
    a = r64(p, o + i - 16)
    b = r64(p, o + i - 8)
  }
  ;[a, b] = mum(a ^ WY[1], b ^ s)
  return mulFold64(a ^ WY[0] ^ BigInt(len), b ^ WY[1])
}

// ---- CRC-32 (IEEE, reflected) and Adler-32 ----

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(data: HashInput, seed?: HashSeed): number {
  const p = toHashBytes(data)
  // The seed continues a previous CRC, as zlib's crc32(crc, buf, len) does.
  let c = ~toSeed32(seed)
  for (let i = 0; i < p.length; i++) c = CRC_TABLE[(c ^ p[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}

/** Bun ignores the seed of adler32 (it always starts from 1). */
function adler32(data: HashInput, _seed?: HashSeed): number {
  const p = toHashBytes(data)
  let a = 1
  let b = 0
  for (let i = 0; i < p.length; ) {
    const end = Math.min(p.length, i + 3800)
    for (; i < end; i++) {
      a += p[i]
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

// ---- xxHash32 / xxHash64 ----

const P32 = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1]

function xxHash32(data: HashInput, seed?: HashSeed): number {
  const p = toHashBytes(data)
  const len = p.length
  const s = toSeed32(seed)
  const round = (acc: number, lane: number): number =>
    Math.imul(rotl32((acc + Math.imul(lane, P32[1])) >>> 0, 13), P32[0])
  let h: number
  let i = 0
  if (len >= 16) {
    let v1 = (s + P32[0] + P32[1]) >>> 0
    let v2 = (s + P32[1]) >>> 0
    let v3 = s
    let v4 = (s - P32[0]) >>> 0
    for (; i + 16 <= len; i += 16) {
      v1 = round(v1, r32(p, i))
      v2 = round(v2, r32(p, i + 4))
      v3 = round(v3, r32(p, i + 8))
      v4 = round(v4, r32(p, i + 12))
    }
    h = rotl32(v1 >>> 0, 1) + rotl32(v2 >>> 0, 7) + rotl32(v3 >>> 0, 12) + rotl32(v4 >>> 0, 18)
  } else {
    h = s + P32[4]
  }
  h = (h + len) >>> 0
  for (; i + 4 <= len; i += 4) h = Math.imul(rotl32((h + Math.imul(r32(p, i), P32[2])) >>> 0, 17), P32[3])
  for (; i < len; i++) h = Math.imul(rotl32((h + Math.imul(p[i], P32[4])) >>> 0, 11), P32[0])
  h ^= h >>> 15
  h = Math.imul(h, P32[1])
  h ^= h >>> 13
  h = Math.imul(h, P32[2])
  h ^= h >>> 16
  return h >>> 0
}

const P64 = [0x9e3779b185ebca87n, 0xc2b2ae3d27d4eb4fn, 0x165667b19e3779f9n, 0x85ebca77c2b2ae63n, 0x27d4eb2f165667c5n]

const xx64Round = (acc: bigint, lane: bigint): bigint => mul64(rotl64(add64(acc, mul64(lane, P64[1])), 31), P64[0])

function xx64Avalanche(h: bigint): bigint {
  h ^= h >> 33n
  h = mul64(h, P64[1])
  h ^= h >> 29n
  h = mul64(h, P64[2])
  return h ^ (h >> 32n)
}

function xxHash64(data: HashInput, seed?: HashSeed): bigint {
  const p = toHashBytes(data)
  const len = p.length
  const s = toSeed64(seed)
  let h: bigint
  let i = 0
  if (len >= 32) {
    const v = [add64(add64(s, P64[0]), P64[1]), add64(s, P64[1]), s, sub64(s, P64[0])]
    for (; i + 32 <= len; i += 32) for (let k = 0; k < 4; k++) v[k] = xx64Round(v[k], r64(p, i + 8 * k))
    h = (rotl64(v[0], 1) + rotl64(v[1], 7) + rotl64(v[2], 12) + rotl64(v[3], 18)) & M64
    for (const lane of v) h = add64(mul64(h ^ xx64Round(0n, lane), P64[0]), P64[3])
  } else {
    h = add64(s, P64[4])
  }
  h = add64(h, BigInt(len))
  for (; i + 8 <= len; i += 8) h = add64(mul64(rotl64(h ^ xx64Round(0n, r64(p, i)), 27), P64[0]), P64[3])
  for (; i + 4 <= len; i += 4) h = add64(mul64(rotl64(h ^ mul64(BigInt(r32(p, i)), P64[0]), 23), P64[1]), P64[2])
  for (; i < len; i++) h = mul64(rotl64(h ^ mul64(BigInt(p[i]), P64[4]), 11), P64[0])
  return xx64Avalanche(h)
}

// ---- XXH3 (64-bit) ----

const XXH3_SECRET = Uint8Array.from(
  (
    'b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671fcb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c' +
    '3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364' +
    'eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e'
  ).match(/../g) as string[],
  (h) => Number.parseInt(h, 16),
)
const MX1 = 0x165667919e3779f9n
const MX2 = 0x9fb21c651e98df25n

function xxh3Avalanche(h: bigint): bigint {
  h ^= h >> 37n
  h = mul64(h, MX1)
  return h ^ (h >> 32n)
}

function rrmxmx(h: bigint, len: number): bigint {
  h ^= rotl64(h, 49) ^ rotl64(h, 24)
  h = mul64(h, MX2)
  h ^= (h >> 35n) + BigInt(len)
  h = mul64(h, MX2)
  return h ^ (h >> 28n)
}

const mix16B = (p: Uint8Array, i: number, sec: Uint8Array, j: number, seed: bigint): bigint =>
  mulFold64(r64(p, i) ^ add64(r64(sec, j), seed), r64(p, i + 8) ^ sub64(r64(sec, j + 8), seed))

function xxh3Long(p: Uint8Array, sec: Uint8Array): bigint {
  const len = p.length
  const acc = [BigInt(P32[2]), P64[0], P64[1], P64[2], P64[3], BigInt(P32[1]), P64[4], BigInt(P32[0])]
  const stripe = (i: number, j: number): void => {
    for (let k = 0; k < 8; k++) {
      const v = r64(p, i + 8 * k)
      const key = v ^ r64(sec, j + 8 * k)
      acc[k ^ 1] = add64(acc[k ^ 1], v)
      acc[k] = add64(acc[k], (key & 0xffffffffn) * (key >> 32n))
    }
  }
  const stripesPerBlock = (sec.length - 64) / 8
  const blockLen = 64 * stripesPerBlock
  const blocks = Math.floor((len - 1) / blockLen)
  for (let n = 0; n < blocks; n++) {
    for (let s = 0; s < stripesPerBlock; s++) stripe(n * blockLen + s * 64, s * 8)
    for (let k = 0; k < 8; k++) {
      let a = acc[k]
      a ^= a >> 47n
      a ^= r64(sec, sec.length - 64 + 8 * k)
      acc[k] = mul64(a, BigInt(P32[0]))
    }
  }
  const lastStripes = Math.floor((len - 1 - blockLen * blocks) / 64)
  for (let s = 0; s < lastStripes; s++) stripe(blocks * blockLen + s * 64, s * 8)
  stripe(len - 64, sec.length - 64 - 7)
  let result = mul64(BigInt(len), P64[0])
  for (let k = 0; k < 4; k++) {
    result = add64(result, mulFold64(acc[2 * k] ^ r64(sec, 11 + 16 * k), acc[2 * k + 1] ^ r64(sec, 11 + 16 * k + 8)))
  }
  return xxh3Avalanche(result)
}

function xxHash3(data: HashInput, seed?: HashSeed): bigint {
  const p = toHashBytes(data)
  const len = p.length
  // Bun passes xxHash3 a 32-bit seed (the low 32 bits of the converted seed).
  const s = BigInt(toSeed32(seed))
  const k = XXH3_SECRET
  if (len === 0) return xx64Avalanche(s ^ r64(k, 56) ^ r64(k, 64))
  if (len <= 3) {
    const combined = ((p[0] << 16) | (p[len >> 1] << 24) | p[len - 1] | (len << 8)) >>> 0
    return xx64Avalanche(BigInt(combined) ^ add64(BigInt((r32(k, 0) ^ r32(k, 4)) >>> 0), s))
  }
  if (len <= 8) {
    const s2 = s ^ (BigInt(swap32(Number(s & 0xffffffffn))) << 32n)
    const input64 = add64(BigInt(r32(p, len - 4)), BigInt(r32(p, 0)) << 32n)
    return rrmxmx(input64 ^ sub64(r64(k, 8) ^ r64(k, 16), s2), len)
  }
  if (len <= 16) {
    const lo = r64(p, 0) ^ add64(r64(k, 24) ^ r64(k, 32), s)
    const hi = r64(p, len - 8) ^ sub64(r64(k, 40) ^ r64(k, 48), s)
    return xxh3Avalanche((BigInt(len) + swap64(lo) + hi + mulFold64(lo, hi)) & M64)
  }
  if (len <= 128) {
    let acc = mul64(BigInt(len), P64[0])
    if (len > 32) {
      if (len > 64) {
        if (len > 96) acc += mix16B(p, 48, k, 96, s) + mix16B(p, len - 64, k, 112, s)
        acc += mix16B(p, 32, k, 64, s) + mix16B(p, len - 48, k, 80, s)
      }
      acc += mix16B(p, 16, k, 32, s) + mix16B(p, len - 32, k, 48, s)
    }
    acc += mix16B(p, 0, k, 0, s) + mix16B(p, len - 16, k, 16, s)
    return xxh3Avalanche(acc & M64)
  }
  if (len <= 240) {
    let acc = mul64(BigInt(len), P64[0])
    const rounds = Math.floor(len / 16)
    for (let i = 0; i < 8; i++) acc += mix16B(p, 16 * i, k, 16 * i, s)
    acc = xxh3Avalanche(acc & M64)
    for (let i = 8; i < rounds; i++) acc += mix16B(p, 16 * i, k, 16 * (i - 8) + 3, s)
    acc += mix16B(p, len - 16, k, 136 - 17, s)
    return xxh3Avalanche(acc & M64)
  }
  if (s === 0n) return xxh3Long(p, k)
  const custom = new Uint8Array(k.length)
  const view = new DataView(custom.buffer)
  for (let i = 0; i < k.length; i += 16) {
    view.setBigUint64(i, add64(r64(k, i), s), true)
    view.setBigUint64(i + 8, sub64(r64(k, i + 8), s), true)
  }
  return xxh3Long(p, custom)
}

// ---- MurmurHash2 (32), MurmurHash64A, MurmurHash3 x86_32 ----

function murmur32v2(data: HashInput, seed?: HashSeed): number {
  const p = toHashBytes(data)
  const m = 0x5bd1e995
  let len = p.length
  let h = (toSeed32(seed) ^ len) >>> 0
  let i = 0
  for (; len >= 4; i += 4, len -= 4) {
    let k = Math.imul(r32(p, i), m)
    k ^= k >>> 24
    k = Math.imul(k, m)
    h = Math.imul(h, m) ^ k
  }
  if (len === 3) h ^= p[i + 2] << 16
  if (len >= 2) h ^= p[i + 1] << 8
  if (len >= 1) h = Math.imul(h ^ p[i], m)
  h ^= h >>> 13
  h = Math.imul(h, m)
  h ^= h >>> 15
  return h >>> 0
}

function murmur64v2(data: HashInput, seed?: HashSeed): bigint {
  const p = toHashBytes(data)
  const m = 0xc6a4a7935bd1e995n
  const len = p.length
  let h = toSeed64(seed) ^ mul64(BigInt(len), m)
  const end = len - (len % 8)
  for (let i = 0; i < end; i += 8) {
    let k = mul64(r64(p, i), m)
    k ^= k >> 47n
    k = mul64(k, m)
    h = mul64(h ^ k, m)
  }
  const rest = len & 7
  if (rest) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(p[end + j]) << BigInt(8 * j)
    h = mul64(h, m)
  }
  h ^= h >> 47n
  h = mul64(h, m)
  return h ^ (h >> 47n)
}

const C1 = 0xcc9e2d51
const C2 = 0x1b873593

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function murmur32v3(data: HashInput, seed?: HashSeed): number {
  const p = toHashBytes(data)
  const len = p.length
  let h = toSeed32(seed)
  const end = len - (len % 4)
  for (let i = 0; i < end; i += 4) {
    const k = Math.imul(rotl32(Math.imul(r32(p, i), C1) >>> 0, 15), C2)
    h = (Math.imul(rotl32((h ^ k) >>> 0, 13), 5) + 0xe6546b64) >>> 0
  }
  let k1 = 0
  const rest = len & 3
  if (rest === 3) k1 ^= p[end + 2] << 16
  if (rest >= 2) k1 ^= p[end + 1] << 8
  if (rest >= 1) {
    k1 ^= p[end]
    h ^= Math.imul(rotl32(Math.imul(k1, C1) >>> 0, 15), C2)
  }
  return fmix32((h ^ len) >>> 0)
}

// ---- CityHash v1.1 ----

const K0 = 0xc3a5c85c97cb3127n
const K1 = 0xb492b66fbe98f273n
const K2 = 0x9ae16a3b2f90404fn

function hashLen16(u: bigint, v: bigint, mul = 0x9ddfea08eb382d69n): bigint {
  let a = mul64(u ^ v, mul)
  a ^= a >> 47n
  let b = mul64(v ^ a, mul)
  b ^= b >> 47n
  return mul64(b, mul)
}
const shiftMix = (v: bigint): bigint => v ^ (v >> 47n)

function weak32(p: Uint8Array, i: number, a: bigint, b: bigint): [bigint, bigint] {
  const w = r64(p, i)
  const x = r64(p, i + 8)
  const y = r64(p, i + 16)
  const z = r64(p, i + 24)
  a = add64(a, w)
  b = rotr64((b + a + z) & M64, 21)
  const c = a
  a = (a + x + y) & M64
  b = add64(b, rotr64(a, 44))
  return [add64(a, z), add64(b, c)]
}

function city64(p: Uint8Array): bigint {
  const len = p.length
  const L = BigInt(len)
  if (len <= 16) {
    if (len >= 8) {
      const mul = K2 + L * 2n
      const a = add64(r64(p, 0), K2)
      const b = r64(p, len - 8)
      const c = add64(mul64(rotr64(b, 37), mul), a)
      const d = mul64(add64(rotr64(a, 25), b), mul)
      return hashLen16(c, d, mul)
    }
    if (len >= 4) {
      const mul = K2 + L * 2n
      return hashLen16(L + (BigInt(r32(p, 0)) << 3n), BigInt(r32(p, len - 4)), mul)
    }
    if (len > 0) {
      const y = (p[0] + (p[len >> 1] << 8)) >>> 0
      const z = (len + (p[len - 1] << 2)) >>> 0
      return mul64(shiftMix(mul64(BigInt(y), K2) ^ mul64(BigInt(z), K0)), K2)
    }
    return K2
  }
  if (len <= 32) {
    const mul = K2 + L * 2n
    const a = mul64(r64(p, 0), K1)
    const b = r64(p, 8)
    const c = mul64(r64(p, len - 8), mul)
    const d = mul64(r64(p, len - 16), K2)
    return hashLen16((rotr64(add64(a, b), 43) + rotr64(c, 30) + d) & M64, (a + rotr64(add64(b, K2), 18) + c) & M64, mul)
  }
  if (len <= 64) {
    const mul = K2 + L * 2n
    let a = mul64(r64(p, 0), K2)
    let b = r64(p, 8)
    const c = r64(p, len - 24)
    const d = r64(p, len - 32)
    const e = mul64(r64(p, 16), K2)
    const f = mul64(r64(p, 24), 9n)
    const g = r64(p, len - 8)
    const h = mul64(r64(p, len - 16), mul)
    const u = add64(rotr64(add64(a, g), 43), mul64(add64(rotr64(b, 30), c), 9n))
    const v = ((add64(a, g) ^ d) + f + 1n) & M64
    const w = add64(swap64(mul64(add64(u, v), mul)), h)
    const x = add64(rotr64(add64(e, f), 42), c)
    const y = mul64(add64(swap64(mul64(add64(v, w), mul)), g), mul)
    const z = (e + f + c) & M64
    a = add64(swap64(add64(mul64(add64(x, z), mul), y)), b)
    b = mul64(shiftMix((mul64(add64(z, a), mul) + d + h) & M64), mul)
    return add64(b, x)
  }
  let x = r64(p, len - 40)
  let y = add64(r64(p, len - 16), r64(p, len - 56))
  let z = hashLen16(add64(r64(p, len - 48), L), r64(p, len - 24))
  let v = weak32(p, len - 64, L, z)
  let w = weak32(p, len - 32, add64(y, K1), x)
  x = add64(mul64(x, K1), r64(p, 0))
  let o = 0
  for (let left = (len - 1) & ~63; left !== 0; left -= 64, o += 64) {
    x = mul64(rotr64((x + y + v[0] + r64(p, o + 8)) & M64, 37), K1)
    y = mul64(rotr64((y + v[1] + r64(p, o + 48)) & M64, 42), K1)
    x ^= w[1]
    y = (y + v[0] + r64(p, o + 40)) & M64
    z = mul64(rotr64(add64(z, w[0]), 33), K1)
    v = weak32(p, o, mul64(v[1], K1), add64(x, w[0]))
    w = weak32(p, o + 32, add64(z, w[1]), add64(y, r64(p, o + 16)))
    ;[z, x] = [x, z]
  }
  return hashLen16((hashLen16(v[0], w[0]) + mul64(shiftMix(y), K1) + z) & M64, add64(hashLen16(v[1], w[1]), x))
}

/** Always CityHash64WithSeed, as in Bun: without a seed, the seed is 0 (so `cityHash64("")` is 0). */
function cityHash64(data: HashInput, seed?: HashSeed): bigint {
  return hashLen16(sub64(city64(toHashBytes(data)), K2), toSeed64(seed))
}

const mur = (a: number, h: number): number => {
  a = Math.imul(rotr32(Math.imul(a, C1) >>> 0, 17), C2)
  h = rotr32((h ^ a) >>> 0, 19)
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0
}

/** CityHash32 has no seed; Bun ignores one. */
function cityHash32(data: HashInput, _seed?: HashSeed): number {
  const p = toHashBytes(data)
  const len = p.length
  if (len <= 4) {
    let b = 0
    let c = 9
    for (let i = 0; i < len; i++) {
      const v = (p[i] << 24) >> 24 // signed char
      b = (Math.imul(b, C1) + v) >>> 0
      c = (c ^ b) >>> 0
    }
    return fmix32(mur(b, mur(len, c)))
  }
  if (len <= 12) {
    let a = len
    let b = Math.imul(len, 5) >>> 0
    let c = 9
    const d = b
    a = (a + r32(p, 0)) >>> 0
    b = (b + r32(p, len - 4)) >>> 0
    c = (c + r32(p, (len >> 1) & 4)) >>> 0
    return fmix32(mur(c, mur(b, mur(a, d))))
  }
  if (len <= 24) {
    const a = r32(p, (len >> 1) - 4)
    const b = r32(p, 4)
    const c = r32(p, len - 8)
    const d = r32(p, len >> 1)
    const e = r32(p, 0)
    const f = r32(p, len - 4)
    return fmix32(mur(f, mur(e, mur(d, mur(c, mur(b, mur(a, len)))))))
  }
  const mix = (x: number): number => Math.imul(rotr32(Math.imul(x, C1) >>> 0, 17), C2) >>> 0
  const step = (h: number, x: number, r: number): number => (Math.imul(rotr32((h ^ x) >>> 0, r), 5) + 0xe6546b64) >>> 0
  let h = len
  let g = Math.imul(C1, len) >>> 0
  let f = g
  h = step(h, mix(r32(p, len - 4)), 19)
  h = step(h, mix(r32(p, len - 16)), 19)
  g = step(g, mix(r32(p, len - 8)), 19)
  g = step(g, mix(r32(p, len - 12)), 19)
  f = (Math.imul(rotr32((f + mix(r32(p, len - 20))) >>> 0, 19), 5) + 0xe6546b64) >>> 0
  let iters = Math.floor((len - 1) / 20)
  let o = 0
  do {
    const a0 = mix(r32(p, o))
    const a1 = r32(p, o + 4)
    const a2 = mix(r32(p, o + 8))
    const a3 = mix(r32(p, o + 12))
    const a4 = r32(p, o + 16)
    h = step(h, a0, 18)
    f = Math.imul(rotr32((f + a1) >>> 0, 19), C1) >>> 0
    g = (Math.imul(rotr32((g + a2) >>> 0, 18), 5) + 0xe6546b64) >>> 0
    h = step(h, (a3 + a1) >>> 0, 19)
    g = Math.imul(swap32((g ^ a4) >>> 0), 5) >>> 0
    h = swap32((h + Math.imul(a4, 5)) >>> 0)
    f = (f + a0) >>> 0
    // PERMUTE3(f, h, g): swap(f, h); swap(f, g)
    ;[f, h, g] = [g, f, h]
    o += 20
  } while (--iters !== 0)
  g = Math.imul(rotr32(Math.imul(rotr32(g, 11), C1) >>> 0, 17), C1) >>> 0
  f = Math.imul(rotr32(Math.imul(rotr32(f, 11), C1) >>> 0, 17), C1) >>> 0
  h = (Math.imul(rotr32((h + g) >>> 0, 19), 5) + 0xe6546b64) >>> 0
  h = Math.imul(rotr32(h, 17), C1) >>> 0
  h = (Math.imul(rotr32((h + f) >>> 0, 19), 5) + 0xe6546b64) >>> 0
  h = Math.imul(rotr32(h, 17), C1) >>> 0
  return h
}

/** Builds `Bun.hash`: callable (wyhash) with every algorithm attached. */
export function createHash(): BunHash {
  const hash = function hash(data: HashInput, seed?: HashSeed): bigint {
    return wyhash(data, seed)
  } as BunHash
  Object.assign(hash, {
    wyhash,
    adler32,
    crc32,
    cityHash32,
    cityHash64,
    xxHash32,
    xxHash64,
    xxHash3,
    murmur32v2,
    murmur32v3,
    murmur64v2,
  })
  return hash
}
