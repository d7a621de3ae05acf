/**
 * Bun's hashing classes (https://bun.sh/docs/api/hashing), as Bun 1.4.5
 * behaves:
 *
 * - `Bun.CryptoHasher(algorithm, hmacKey?)`: `update(data, encoding?)`,
 *   `digest(encoding | TypedArray)` (a plain hasher resets after `digest`,
 *   an HMAC is consumed), `copy()`, getters `algorithm`/`byteLength`,
 *   statics `hash(algorithm, data, encoding | TypedArray)` and
 *   `algorithms`;
 * - `Bun.sha(data, encoding | TypedArray)` (SHA-512/256);
 * - the fixed-algorithm classes `Bun.MD4`, `MD5`, `SHA1`, `SHA224`,
 *   `SHA256`, `SHA384`, `SHA512`, `SHA512_256` (`update`, one `digest`,
 *   static `hash` and `byteLength`).
 *
 * Data is a string (UTF-8, or `encoding` in `update`), an ArrayBuffer, a
 * view, or a Blob whose bytes are in memory.
 */
import { argon2d, argon2i, argon2id } from '@noble/hashes/argon2.js'
import { Buffer } from 'buffer'
import { bunInputBytes, codedError, isEncoding } from '../node/internal/crypto-errors.js'
import {
  BUN_HASHER_ALGORITHMS,
  createHmacDigest,
  type Digest,
  type DigestAlgorithm,
  lookupBunDigest,
} from '../node/internal/crypto-hash.js'

/** What `digest`/`hash` accept as their output argument. */
export type DigestOutput = BufferEncoding | ArrayBufferView | undefined

const unknownEncoding = (encoding: unknown) =>
  codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `Unknown encoding: ${String(encoding)}`)

/**
 * Bun's output conversion: into a TypedArray (at least `minimum` bytes; the
 * digest goes at its start and the array is returned), a string in a known
 * encoding, or `fallback(bytes)` when no output is given.
 */
function output<T>(
  bytes: Uint8Array,
  out: unknown,
  minimum: number,
  fallback: (bytes: Uint8Array) => T,
): T | string | ArrayBufferView {
  if (out === undefined || out === null) return fallback(bytes)
  if (ArrayBuffer.isView(out)) {
    if (out.byteLength < minimum) {
      throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `TypedArray must be at least ${minimum} bytes`)
    }
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes)
    return out
  }
  if (typeof out === 'string' && out === 'buffer') return Buffer.from(bytes)
  if (!isEncoding(out)) throw unknownEncoding(out)
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(out)
}

function illegalConstructor(name: string): never {
  throw codedError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', `${name} constructor cannot be invoked without 'new'`)
}

/** A class that refuses to be called without `new`, with Bun's error. */
function requireNew<C extends abstract new (...args: never[]) => object>(Class: C, name: string): C {
  return new Proxy(Class, { apply: () => illegalConstructor(name) })
}

const hmacConsumed = () => new Error('HMAC has been consumed and is no longer usable')

function lookupOrThrow(algorithm: unknown, quoted: boolean): DigestAlgorithm {
  if (typeof algorithm !== 'string') {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'algorithm must be a string')
  }
  const found = lookupBunDigest(algorithm)
  if (!found) {
    const shown = quoted ? `"${algorithm}"` : algorithm
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `Unsupported algorithm ${shown}`)
  }
  return found
}

/** `Bun.CryptoHasher`. */
export class CryptoHasher {
  #algorithm: DigestAlgorithm
  #state: Digest
  /** The HMAC key when this is an HMAC; null for a plain hasher. */
  #hmacKey: Uint8Array | null
  #consumed = false

  constructor(algorithm: unknown, hmacKey?: unknown) {
    this.#algorithm = lookupOrThrow(algorithm, false)
    if (hmacKey === undefined || hmacKey === null) {
      this.#hmacKey = null
      this.#state = this.#algorithm.create()
      return
    }
    let key: Uint8Array
    if (typeof hmacKey === 'string') key = Buffer.from(hmacKey, 'utf8')
    else if (ArrayBuffer.isView(hmacKey)) key = new Uint8Array(hmacKey.buffer, hmacKey.byteOffset, hmacKey.byteLength)
    else if (hmacKey instanceof ArrayBuffer) key = new Uint8Array(hmacKey)
    else {
      throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'hmacKey must be a string, ArrayBuffer or ArrayBufferView')
    }
    const name = this.#algorithm.name
    if (this.#algorithm.xof || name === 'blake2s256') {
      const error = new Error('HMAC is not supported for this algorithm yet')
      error.name = 'TODOError'
      throw error
    }
    this.#hmacKey = Uint8Array.from(key)
    this.#state = createHmacDigest(this.#algorithm, this.#hmacKey)
  }

  /** Every algorithm name the constructor accepts (a fresh array each time, as in Bun). */
  static get algorithms(): string[] {
    return [...BUN_HASHER_ALGORITHMS]
  }

  /** One-shot digest: a Buffer, a string in `encoding`, or written into a TypedArray. */
  static hash(algorithm: unknown, data: unknown, out?: DigestOutput): Buffer | string | ArrayBufferView {
    const found = lookupOrThrow(algorithm, true)
    const state = found.create()
    state.update(bunInputBytes(data))
    return output(state.digest(), out, found.outputLen, (bytes) => Buffer.from(bytes))
  }

  /** The canonical algorithm name (`sha256` for `SHA-256`). */
  get algorithm(): string {
    return this.#algorithm.name
  }

  /** The digest size in bytes. */
  get byteLength(): number {
    return this.#algorithm.outputLen
  }

  update(data: unknown, encoding?: BufferEncoding): this {
    if (this.#consumed) throw hmacConsumed()
    this.#state.update(bunInputBytes(data, encoding))
    return this
  }

  /**
   * The digest. A plain hasher starts over afterwards; an HMAC cannot be used
   * again. A TypedArray output must hold 64 bytes (Bun checks the largest
   * digest size, whatever the algorithm).
   */
  digest(out?: DigestOutput): Buffer | string | ArrayBufferView {
    if (this.#consumed) throw hmacConsumed()
    const bytes = this.#state.digest()
    if (this.#hmacKey) this.#consumed = true
    else this.#state = this.#algorithm.create()
    return output(bytes, out, 64, (b) => Buffer.from(b))
  }

  /** An independent hasher with the same state. */
  copy(): CryptoHasher {
    if (this.#consumed) throw hmacConsumed()
    const copy = new CryptoHasher(this.#algorithm.name)
    copy.#init(this.#algorithm, this.#state.clone(), this.#hmacKey)
    return copy
  }

  #init(algorithm: DigestAlgorithm, state: Digest, hmacKey: Uint8Array | null): void {
    this.#algorithm = algorithm
    this.#state = state
    this.#hmacKey = hmacKey
    this.#consumed = false
  }

  get [Symbol.toStringTag](): string {
    return 'CryptoHasher'
  }
}

/** A fixed-algorithm hasher class (`Bun.SHA256` …). */
export interface FixedHasherClass {
  new (): FixedHasher
  readonly byteLength: number
  hash(data: unknown, out?: DigestOutput): Uint8Array | string | ArrayBufferView
}

/** An instance of a fixed-algorithm hasher: one digest per instance. */
export interface FixedHasher {
  readonly byteLength: number
  update(data: unknown, encoding?: BufferEncoding): FixedHasher
  digest(out?: DigestOutput): Uint8Array | string | ArrayBufferView
}

function fixedHasher(className: string, algorithmName: string): FixedHasherClass {
  const algorithm = lookupBunDigest(algorithmName) as DigestAlgorithm
  const size = algorithm.outputLen
  const Fixed = class {
    #state: Digest | null = algorithm.create()

    static get byteLength(): number {
      return size
    }

    static hash(data: unknown, out?: DigestOutput): Uint8Array | string | ArrayBufferView {
      const state = algorithm.create()
      state.update(bunInputBytes(data))
      return output(state.digest(), out, size, (bytes) => bytes)
    }

    get byteLength(): number {
      return size
    }

    update(data: unknown, encoding?: BufferEncoding): this {
      if (!this.#state) throw alreadyDigested()
      this.#state.update(bunInputBytes(data, encoding))
      return this
    }

    digest(out?: DigestOutput): Uint8Array | string | ArrayBufferView {
      if (!this.#state) throw alreadyDigested()
      const bytes = this.#state.digest()
      this.#state = null
      return output(bytes, out, size, (b) => b)
    }
  }
  const alreadyDigested = () =>
    codedError(
      Error,
      'ERR_INVALID_STATE',
      `${className} hasher already digested, create a new instance to digest again`,
    )
  Object.defineProperty(Fixed, 'name', { value: className })
  return requireNew(Fixed, className) as unknown as FixedHasherClass
}

// ---- Bun.password (Argon2 only) ----

type Argon2Name = 'argon2id' | 'argon2i' | 'argon2d'
const ARGON2 = { argon2id, argon2i, argon2d }

/** Options of `Bun.password.hash` (https://bun.sh/docs/api/hashing#bun-password). */
export interface PasswordHashOptions {
  algorithm?: 'argon2id' | 'argon2i' | 'argon2d' | 'bcrypt'
  /** Argon2 memory in KiB (default 65536). */
  memoryCost?: number
  /** Argon2 passes (default 2). */
  timeCost?: number
  cost?: number
}

/** `Bun.password`. Argon2 (id, i, d) only: bcrypt hashes and verifications throw a clear error. */
export interface BunPassword {
  hash(password: unknown, options?: PasswordHashOptions | string): Promise<string>
  hashSync(password: unknown, options?: PasswordHashOptions | string): string
  verify(password: unknown, hash: unknown, algorithm?: string): Promise<boolean>
  verifySync(password: unknown, hash: unknown, algorithm?: string): boolean
}

function passwordBytes(password: unknown): Uint8Array {
  const bytes = bunInputBytes(password)
  return bytes
}

const noBcrypt = () =>
  codedError(
    Error,
    'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
    'Bun.password: bcrypt is not available in Vitamin-Bun (use argon2id)',
  )

function hashPasswordSync(password: unknown, options?: PasswordHashOptions | string): string {
  const bytes = passwordBytes(password)
  if (bytes.length === 0) throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'password must not be empty')
  const o: PasswordHashOptions = typeof options === 'string' ? { algorithm: options as Argon2Name } : (options ?? {})
  const algorithm = o.algorithm ?? 'argon2id'
  if (algorithm === 'bcrypt') throw noBcrypt()
  if (!(algorithm in ARGON2)) {
    throw codedError(
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      `Expected algorithm to be a unknown algorithm, expected one of: "bcrypt", "argon2id", "argon2d", "argon2i" (default is "argon2id") for 'hash'.`,
    )
  }
  const m = o.memoryCost ?? 65536
  const t = o.timeCost ?? 2
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(32))
  const tag = ARGON2[algorithm as Argon2Name](bytes, salt, { m, t, p: 1, dkLen: 32 })
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/=+$/, '')
  return `$${algorithm}$v=19$m=${m},t=${t},p=1$${b64(salt)}$${b64(tag)}`
}

const PHC = /^\$(argon2id|argon2i|argon2d)\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

function verifyPasswordSync(password: unknown, hash: unknown): boolean {
  const bytes = passwordBytes(password)
  if (typeof hash !== 'string') throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'hash must be a string')
  if (/^\$2[abxy]?\$/.test(hash)) throw noBcrypt()
  const match = PHC.exec(hash)
  if (!match) {
    throw codedError(
      Error,
      'PASSWORD_UNSUPPORTED_ALGORITHM',
      'Password verification failed with error "UnsupportedAlgorithm"',
    )
  }
  if (bytes.length === 0) return false
  const [, algorithm, m, t, p, salt, expected] = match as unknown as [
    string,
    Argon2Name,
    string,
    string,
    string,
    string,
    string,
  ]
  const want = Buffer.from(expected, 'base64')
  const got = ARGON2[algorithm](bytes, Buffer.from(salt, 'base64'), {
    m: Number(m),
    t: Number(t),
    p: Number(p),
    dkLen: want.length,
  })
  let diff = 0
  for (let i = 0; i < want.length; i++) diff |= want[i]! ^ got[i]!
  return diff === 0
}

/** Builds `Bun.password` (hashing runs on the calling thread; the async forms resolve in a later task). */
export function createBunPassword(): BunPassword {
  const later = <T>(run: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(run())
        } catch (error) {
          reject(error)
        }
      }, 0),
    )
  return {
    hash: (password, options) => later(() => hashPasswordSync(password, options)),
    hashSync: hashPasswordSync,
    verify: (password, hash) => later(() => verifyPasswordSync(password, hash)),
    verifySync: (password, hash) => verifyPasswordSync(password, hash),
  }
}

/** The hashing members of the `Bun` global. */
export interface BunCrypto {
  CryptoHasher: typeof CryptoHasher
  sha: (data: unknown, out?: DigestOutput) => Uint8Array | string | ArrayBufferView
  MD4: FixedHasherClass
  MD5: FixedHasherClass
  SHA1: FixedHasherClass
  SHA224: FixedHasherClass
  SHA256: FixedHasherClass
  SHA384: FixedHasherClass
  SHA512: FixedHasherClass
  SHA512_256: FixedHasherClass
}

/** Builds `Bun.CryptoHasher`, `Bun.sha` and the `Bun.SHA*`/`MD*` classes. */
export function createBunCrypto(): BunCrypto {
  const SHA512_256 = fixedHasher('SHA512_256', 'sha512-256')
  return {
    CryptoHasher: requireNew(CryptoHasher, 'CryptoHasher'),
    sha: (data, out) => SHA512_256.hash(data, out),
    MD4: fixedHasher('MD4', 'md4'),
    MD5: fixedHasher('MD5', 'md5'),
    SHA1: fixedHasher('SHA1', 'sha1'),
    SHA224: fixedHasher('SHA224', 'sha224'),
    SHA256: fixedHasher('SHA256', 'sha256'),
    SHA384: fixedHasher('SHA384', 'sha384'),
    SHA512: fixedHasher('SHA512', 'sha512'),
    SHA512_256,
  }
}
