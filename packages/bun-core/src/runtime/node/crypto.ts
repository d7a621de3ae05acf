/**
 * `node:crypto` for one process, as Bun 1.4.5 exposes it (Node 20's API):
 *
 * - digests: `createHash`/`Hash` (with `copy`, XOF `outputLength`), the
 *   one-shot `hash()`, `createHmac`/`Hmac`, `getHashes()`;
 * - key derivation: `pbkdf2(Sync)`, `scrypt(Sync)` (@noble/hashes),
 *   `hkdf(Sync)`;
 * - randomness: `randomBytes`, `randomFill(Sync)`, `randomInt`,
 *   `randomUUID`, `getRandomValues`; `webcrypto`/`subtle` are the global
 *   `crypto`'s;
 * - AES ciphers `createCipheriv`/`createDecipheriv` (`Cipheriv`,
 *   `Decipheriv`) in ECB, CBC, CTR, OFB, CFB and GCM modes,
 *   `getCiphers()`, `getCipherInfo()`;
 * - `KeyObject`/`createSecretKey` for secret keys, `timingSafeEqual`,
 *   `constants`, `getFips()`.
 *
 * Not provided (absent rather than stubbed): public-key cryptography (sign,
 * verify, key pairs, Diffie-Hellman, ECDH, X509, RSA encrypt), primes, the
 * legacy ciphers (DES, Blowfish, RC2, RC4), and CryptoKey arguments where a
 * synchronous key is needed.
 *
 * The asynchronous forms compute on the calling thread and deliver the
 * result from a later task, holding the process alive meanwhile.
 */

import type { TransformOptions } from 'node:stream'
import { scrypt as nobleScrypt } from '@noble/hashes/scrypt.js'
import { Buffer } from 'buffer'
import type { NodeContext } from './context.js'
import {
  CIPHER_NAMES,
  type CipherSpec,
  CipherState,
  isValidGcmTagLength,
  lookupCipher,
} from './internal/crypto-cipher.js'
import {
  asBuffer,
  bunInputBytes,
  type CodedError,
  codedError,
  encodeOutput,
  invalidArgType,
  isEncoding,
  outOfRange,
  STRING_OR_BINARY,
  toBytes,
} from './internal/crypto-errors.js'
import {
  createHmacDigest,
  type Digest,
  type DigestAlgorithm,
  hkdfBytes,
  lookupBunDigest,
  lookupHmacDigest,
  lookupNodeDigest,
  NODE_HASHES,
  pbkdf2Bytes,
} from './internal/crypto-hash.js'
import { StringDecoder, Transform } from './internal/crypto-stream.js'

type Callback<T> = (error: Error | null, value?: T) => void
type BinaryLike = string | ArrayBufferView
type AnyFn = (...args: never[]) => unknown

/** The exports object of `node:crypto`. */
export type CryptoModule = Record<string, unknown>

const KEY_TYPES = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey'
const MAX_INT32 = 2147483647

function validateString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value)
}

function validateFunction(value: unknown, name: string): asserts value is AnyFn {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value)
}

/** Node's `validateInt32`, with Bun's "and" wording of the range. */
function validateInt32(value: unknown, name: string, min: number, max = MAX_INT32): asserts value is number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (value < min || value > max) throw outOfRange(name, `>= ${min} and <= ${max}`, value)
}

const invalidDigest = (name: string) => codedError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${name}`)
const invalidState = (operation?: string) =>
  codedError(
    Error,
    'ERR_CRYPTO_INVALID_STATE',
    operation ? `Invalid state for operation ${operation}` : 'Invalid state',
  )
const hashFinalized = () => codedError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called')

/** Makes an exported class callable without `new`, as Node's function constructors are. */
function callable<C extends abstract new (...args: never[]) => object>(Class: C, onCall?: () => void): C {
  const wrapped: C = new Proxy(Class, {
    apply(target, _self, args): object {
      onCall?.()
      return Reflect.construct(target, args)
    },
    construct(target, args, newTarget): object {
      if (newTarget === wrapped) onCall?.()
      return Reflect.construct(target, args, newTarget === wrapped ? target : newTarget)
    },
  })
  return wrapped
}

// ---- KeyObject ----

const HANDLE: unique symbol = Symbol('KeyObject handle')

/** `crypto.KeyObject`: only secret keys are made here (`createSecretKey`). */
export class KeyObject {
  readonly #type: string
  /** @internal the key bytes. */
  readonly [HANDLE]: Uint8Array

  constructor(type: unknown, handle: unknown) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' is invalid. Received ${String(type)}`)
    }
    if (typeof handle !== 'object' || handle === null || !(HANDLE in handle)) {
      throw invalidArgType('handle', 'of type object', handle)
    }
    this.#type = type
    this[HANDLE] = (handle as { [HANDLE]: Uint8Array })[HANDLE]
  }

  get type(): string {
    return this.#type
  }

  equals(otherKeyObject: unknown): boolean {
    if (!(otherKeyObject instanceof KeyObject)) {
      throw invalidArgType('otherKeyObject', 'an instance of KeyObject', otherKeyObject)
    }
    const a = this[HANDLE]
    const b = otherKeyObject[HANDLE]
    return otherKeyObject.type === this.type && a.length === b.length && a.every((byte, i) => byte === b[i])
  }

  get [Symbol.toStringTag](): string {
    return 'KeyObject'
  }
}

class SecretKeyObject extends KeyObject {
  get symmetricKeySize(): number {
    return this[HANDLE].length
  }

  get asymmetricKeyType(): undefined {
    return undefined
  }

  export(options?: { format?: string }): Buffer | { kty: string; k: string } {
    const format = options?.format
    if (format !== undefined && format !== 'buffer' && format !== 'jwk') {
      throw codedError(
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        `The property 'options.format' must be one of: undefined, 'buffer', 'jwk'. Received '${String(format)}'`,
      )
    }
    const bytes = Buffer.from(this[HANDLE])
    return format === 'jwk' ? { kty: 'oct', k: bytes.toString('base64url') } : bytes
  }
}

function createSecretKey(key: unknown, encoding?: unknown): KeyObject {
  let bytes: Uint8Array
  if (typeof key === 'string') bytes = Buffer.from(key, isEncoding(encoding) ? encoding : 'utf8')
  else bytes = toBytes(key, 'key', undefined, true, 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView')
  return new SecretKeyObject('secret', { [HANDLE]: Uint8Array.from(bytes) })
}

/** Bytes of a secret key argument (string, binary, KeyObject); `name` for errors. */
function secretKeyBytes(key: unknown, name: string, encoding?: unknown, expected: string = KEY_TYPES): Uint8Array {
  if (key instanceof KeyObject) {
    if (key.type !== 'secret') {
      throw codedError(
        TypeError,
        'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE',
        `Invalid key object type ${key.type}, expected secret.`,
      )
    }
    return key[HANDLE]
  }
  return toBytes(key, name, encoding, true, expected)
}

// ---- Hash and Hmac ----

let hashWarned = false
let hmacWarned = false
let warn: (message: string, code: string) => void = () => {}

/** `crypto.Hash`: a digest that is also a Transform stream (write data, read the digest). */
class Hash extends Transform {
  #state: Digest | null
  #algorithm: DigestAlgorithm
  #outputLength: number | undefined

  constructor(algorithm: unknown, options?: { outputLength?: unknown } & TransformOptions) {
    super(options)
    let source: Hash | undefined
    if (algorithm instanceof Hash) {
      source = algorithm
    } else {
      validateString(algorithm, 'algorithm')
    }
    const found = source ? source.#algorithm : lookupNodeDigest(algorithm as string)
    if (!found) throw new Error('Digest method not supported')
    const outputLength = options?.outputLength
    if (outputLength !== undefined) {
      if (typeof outputLength !== 'number') throw invalidArgType('options.outputLength', 'of type number', outputLength)
      if (!Number.isInteger(outputLength) || outputLength < 0 || outputLength > 4294967295) {
        throw outOfRange('options.outputLength', '>= 0 && <= 4294967295', outputLength)
      }
      if (!found.xof && outputLength !== found.outputLen) {
        throw codedError(
          Error,
          'ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH',
          'error:06000087:public key routines:OPENSSL_internal:NOT_XOF_OR_INVALID_LENGTH',
        )
      }
    }
    this.#algorithm = found
    this.#outputLength = found.xof
      ? ((outputLength as number | undefined) ?? (source ? source.#outputLength : undefined))
      : undefined
    if (source) {
      if (!source.#state) throw hashFinalized()
      this.#state = source.#state.clone()
    } else {
      this.#state = found.create()
    }
  }

  copy(options?: { outputLength?: number }): Hash {
    if (!this.#state) throw hashFinalized()
    return new Hash(this, options)
  }

  override _transform(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.update(chunk as BinaryLike, encoding)
      callback()
    } catch (error) {
      callback(error as Error)
    }
  }

  override _flush(callback: (error?: Error | null) => void): void {
    this.push(this.digest())
    callback()
  }

  update(data: BinaryLike, inputEncoding?: BufferEncoding): this {
    if (!this.#state) throw hashFinalized()
    this.#state.update(toBytes(data, 'data', inputEncoding))
    return this
  }

  digest(): Buffer
  digest(encoding: BufferEncoding): string
  digest(encoding?: unknown): Buffer | string {
    if (!this.#state) throw hashFinalized()
    const bytes = this.#state.digest(this.#outputLength)
    this.#state = null
    return encodeOutput(bytes, encoding)
  }
}

/** `crypto.Hmac`. A second `digest()` returns an empty result, as in Node. */
class Hmac extends Transform {
  #state: Digest | null

  constructor(hmac: unknown, key: unknown, options?: TransformOptions) {
    super(options)
    validateString(hmac, 'hmac')
    const bytes = secretKeyBytes(key, 'key', options?.encoding)
    const algorithm = lookupHmacDigest(hmac)
    if (!algorithm) throw invalidDigest(hmac)
    this.#state = createHmacDigest(algorithm, bytes)
  }

  override _transform(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.update(chunk as BinaryLike, encoding)
      callback()
    } catch (error) {
      callback(error as Error)
    }
  }

  override _flush(callback: (error?: Error | null) => void): void {
    this.push(this.digest())
    callback()
  }

  update(data: BinaryLike, inputEncoding?: BufferEncoding): this {
    if (!this.#state) throw hashFinalized()
    this.#state.update(toBytes(data, 'data', inputEncoding))
    return this
  }

  digest(): Buffer
  digest(encoding: BufferEncoding): string
  digest(encoding?: unknown): Buffer | string {
    const bytes = this.#state ? this.#state.digest() : new Uint8Array(0)
    this.#state = null
    return encodeOutput(bytes, encoding)
  }
}

/** Bun's `crypto.hash()` (it shares `Bun.CryptoHasher.hash`'s checks and names). */
function hash(algorithm: unknown, data: unknown, outputEncoding: unknown = 'hex'): Buffer | string {
  if (typeof algorithm !== 'string') throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'algorithm must be a string')
  const found = lookupBunDigest(algorithm)
  if (!found) throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `Unsupported algorithm "${algorithm}"`)
  const bytes = bunInputBytes(data)
  const state = found.create()
  state.update(bytes)
  const out = state.digest()
  if (outputEncoding === 'buffer') return asBuffer(out)
  if (!isEncoding(outputEncoding)) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `Unknown encoding: ${String(outputEncoding)}`)
  }
  return asBuffer(out).toString(outputEncoding)
}

// ---- Ciphers ----

const CIPHER_STATE = Symbol('cipher state')

interface CipherOptions extends Record<string, unknown> {
  authTagLength?: number
}

function createCipherState(
  cipher: unknown,
  key: unknown,
  iv: unknown,
  options: CipherOptions | undefined,
  decrypt: boolean,
) {
  validateString(cipher, 'cipher')
  const keyBytes = secretKeyBytes(key, 'key')
  let ivBytes: Uint8Array | null = null
  if (iv !== null && iv !== undefined) ivBytes = toBytes(iv, 'iv', undefined, false)
  else if (iv === undefined) throw invalidArgType('iv', STRING_OR_BINARY, iv)
  const spec = lookupCipher(cipher)
  if (!spec) throw codedError(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher')
  if (keyBytes.length !== spec.keyLength)
    throw codedError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length')
  const invalidIv = () => codedError(TypeError, 'ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector')
  if (spec.mode === 'ecb') {
    if (ivBytes && ivBytes.length !== 0) throw invalidIv()
  } else if (spec.mode === 'gcm') {
    if (!ivBytes || ivBytes.length === 0) throw invalidIv()
  } else if (!ivBytes || ivBytes.length !== spec.ivLength) {
    throw invalidIv()
  }
  const state = new CipherState(spec, keyBytes, ivBytes, decrypt)
  const tagLength = options?.authTagLength
  if (tagLength !== undefined && spec.mode === 'gcm') {
    if (typeof tagLength !== 'number' || !isValidGcmTagLength(tagLength)) {
      throw codedError(
        TypeError,
        'ERR_CRYPTO_INVALID_AUTH_TAG',
        `Invalid authentication tag length: ${String(tagLength)}`,
      )
    }
    state.authTagLength = tagLength
  }
  return state
}

/** What Cipheriv and Decipheriv share: update/final with encodings, padding, AAD, the stream face. */
abstract class CipherBase extends Transform {
  /** @internal */
  [CIPHER_STATE]: CipherState
  #finalized = false
  #decoder: StringDecoder | undefined
  #decoderEncoding: string | undefined

  constructor(state: CipherState, options?: Record<string, unknown>) {
    super(options)
    this[CIPHER_STATE] = state
  }

  override _transform(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.push(this.update(chunk as BinaryLike, encoding))
      callback()
    } catch (error) {
      callback(error as Error)
    }
  }

  override _flush(callback: (error?: Error | null) => void): void {
    try {
      this.push(this.final())
      callback()
    } catch (error) {
      callback(error as Error)
    }
  }

  #output(bytes: Uint8Array, encoding: unknown, end: boolean): Buffer | string {
    if (!isEncoding(encoding) || (encoding as string) === 'buffer') return asBuffer(bytes)
    if (this.#decoder && this.#decoderEncoding !== normalizeEncoding(encoding)) {
      throw codedError(Error, 'ERR_INTERNAL_ASSERTION', 'Cannot change encoding')
    }
    this.#decoder ??= new StringDecoder(encoding)
    this.#decoderEncoding = normalizeEncoding(encoding)
    return end ? this.#decoder.end(asBuffer(bytes)) : this.#decoder.write(asBuffer(bytes))
  }

  update(data: BinaryLike, inputEncoding?: BufferEncoding, outputEncoding?: BufferEncoding): Buffer | string {
    if (this.#finalized) throw new Error('Trying to add data in unsupported state')
    const bytes = toBytes(data, 'data', inputEncoding)
    return this.#output(this[CIPHER_STATE].update(bytes), outputEncoding, false)
  }

  final(outputEncoding?: BufferEncoding): Buffer | string {
    if (this.#finalized) throw invalidState()
    this.#finalized = true
    return this.#output(this[CIPHER_STATE].final(), outputEncoding, true)
  }

  /** @internal */
  get finalized(): boolean {
    return this.#finalized
  }

  setAutoPadding(autoPadding = true): this {
    this[CIPHER_STATE].autoPadding = Boolean(autoPadding)
    return this
  }

  setAAD(buffer: ArrayBufferView, _options?: { plaintextLength?: number }): this {
    const bytes = toBytes(buffer, 'buffer', undefined, false, 'an instance of Buffer, TypedArray, or DataView')
    if (this.#finalized || !this[CIPHER_STATE].setAAD(bytes)) throw invalidState('setAAD')
    return this
  }
}

function normalizeEncoding(encoding: string): string {
  const lower = encoding.toLowerCase()
  if (lower === 'utf-8') return 'utf8'
  if (lower === 'binary') return 'latin1'
  if (lower === 'ucs2' || lower === 'ucs-2' || lower === 'utf-16le') return 'utf16le'
  return lower
}

/** `crypto.Cipheriv`. */
class Cipheriv extends CipherBase {
  constructor(cipher: unknown, key: unknown, iv: unknown, options?: CipherOptions) {
    super(createCipherState(cipher, key, iv, options, false), options)
  }

  getAuthTag(): Buffer {
    const state = this[CIPHER_STATE]
    if (state.spec.mode !== 'gcm' || !this.finalized || !state.tag) throw invalidState('getAuthTag')
    return Buffer.from(state.tag)
  }
}

/** `crypto.Decipheriv`. */
class Decipheriv extends CipherBase {
  constructor(cipher: unknown, key: unknown, iv: unknown, options?: CipherOptions) {
    super(createCipherState(cipher, key, iv, options, true), options)
  }

  setAuthTag(buffer: ArrayBufferView | string, encoding?: BufferEncoding): this {
    const state = this[CIPHER_STATE]
    const tag = toBytes(buffer, 'buffer', encoding, false)
    if (state.spec.mode !== 'gcm' || this.finalized || state.tag) throw invalidState('setAuthTag')
    if (!isValidGcmTagLength(tag.length)) {
      throw codedError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${tag.length}`)
    }
    state.tag = Uint8Array.from(tag)
    return this
  }
}

// Bun defines the shared cipher methods on each prototype.
for (const Class of [Cipheriv, Decipheriv]) {
  for (const key of ['setAutoPadding', 'setAAD', '_transform', '_flush', 'update', 'final'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(CipherBase.prototype, key) as PropertyDescriptor
    Object.defineProperty(Class.prototype, key, descriptor)
  }
}

function getCipherInfo(nameOrNid: unknown, options?: { keyLength?: number; ivLength?: number }) {
  let spec: CipherSpec | undefined
  if (typeof nameOrNid === 'number') spec = CIPHER_NAMES.map(lookupCipher).find((s) => s?.nid === nameOrNid)
  else if (typeof nameOrNid === 'string') spec = lookupCipher(nameOrNid)
  else throw invalidArgType('nameOrNid', 'of type string or number', nameOrNid)
  if (!spec) return undefined
  let ivLength = spec.ivLength
  if (options?.keyLength !== undefined && options.keyLength !== spec.keyLength) return undefined
  if (options?.ivLength !== undefined) {
    if (spec.mode === 'gcm') ivLength = options.ivLength
    else if (options.ivLength !== spec.ivLength) return undefined
  }
  const info: Record<string, unknown> = {
    mode: spec.mode,
    name: spec.infoName,
    nid: spec.nid,
    blockSize: spec.blockSize,
  }
  if (spec.mode !== 'ecb') info.ivLength = ivLength
  info.keyLength = spec.keyLength
  return info
}

// ---- Randomness ----

function fillRandom(bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; offset += 65536) {
    globalThis.crypto.getRandomValues(bytes.subarray(offset, Math.min(bytes.length, offset + 65536)))
  }
}

function validateSize(size: unknown, name = 'size'): asserts size is number {
  if (typeof size !== 'number') throw invalidArgType(name, 'of type number', size)
  if (Number.isNaN(size) || size < 0 || size > MAX_INT32) throw outOfRange(name, `>= 0 && <= ${MAX_INT32}`, size)
}

const RANDOM_INT_RANGE = 2 ** 48 - 1

// ---- Constants ----

const CONSTANTS: Record<string, number | string> = {
  OPENSSL_VERSION_NUMBER: 269488255,
  SSL_OP_ALL: 4,
  SSL_OP_ALLOW_NO_DHE_KEX: 0,
  SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: 0,
  SSL_OP_CIPHER_SERVER_PREFERENCE: 4194304,
  SSL_OP_CISCO_ANYCONNECT: 0,
  SSL_OP_COOKIE_EXCHANGE: 0,
  SSL_OP_CRYPTOPRO_TLSEXT_BUG: 0,
  SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: 0,
  SSL_OP_LEGACY_SERVER_CONNECT: 4,
  SSL_OP_NO_COMPRESSION: 0,
  SSL_OP_NO_ENCRYPT_THEN_MAC: 0,
  SSL_OP_NO_QUERY_MTU: 4096,
  SSL_OP_NO_RENEGOTIATION: 0,
  SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: 0,
  SSL_OP_NO_SSLv2: 0,
  SSL_OP_NO_SSLv3: 0,
  SSL_OP_NO_TICKET: 16384,
  SSL_OP_NO_TLSv1: 67108864,
  SSL_OP_NO_TLSv1_1: 268435456,
  SSL_OP_NO_TLSv1_2: 134217728,
  SSL_OP_NO_TLSv1_3: 536870912,
  SSL_OP_PRIORITIZE_CHACHA: 0,
  SSL_OP_TLS_ROLLBACK_BUG: 0,
  SSL_OP_MICROSOFT_SESS_ID_BUG: 0,
  SSL_OP_NETSCAPE_CHALLENGE_BUG: 0,
  SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG: 0,
  SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG: 0,
  SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER: 0,
  SSL_OP_MSIE_SSLV2_RSA_PADDING: 0,
  SSL_OP_SSLEAY_080_CLIENT_DH_BUG: 0,
  SSL_OP_TLS_D5_BUG: 0,
  SSL_OP_TLS_BLOCK_PADDING_BUG: 0,
  SSL_OP_SINGLE_ECDH_USE: 0,
  SSL_OP_SINGLE_DH_USE: 0,
  SSL_OP_EPHEMERAL_RSA: 0,
  SSL_OP_PKCS1_CHECK_1: 0,
  SSL_OP_PKCS1_CHECK_2: 0,
  SSL_OP_NETSCAPE_CA_DN_BUG: 0,
  SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG: 0,
  ENGINE_METHOD_RSA: 1,
  ENGINE_METHOD_DSA: 2,
  ENGINE_METHOD_DH: 4,
  ENGINE_METHOD_RAND: 8,
  ENGINE_METHOD_CIPHERS: 64,
  ENGINE_METHOD_DIGESTS: 128,
  ENGINE_METHOD_PKEY_METHS: 512,
  ENGINE_METHOD_PKEY_ASN1_METHS: 1024,
  ENGINE_METHOD_EC: 2048,
  ENGINE_METHOD_ALL: 65535,
  ENGINE_METHOD_NONE: 0,
  DH_CHECK_P_NOT_SAFE_PRIME: 2,
  DH_CHECK_P_NOT_PRIME: 1,
  DH_UNABLE_TO_CHECK_GENERATOR: 4,
  DH_NOT_SUITABLE_GENERATOR: 8,
  RSA_PKCS1_PADDING: 1,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_X931_PADDING: 5,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
  defaultCoreCipherList:
    'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA',
  defaultCipherList:
    'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA',
  TLS1_VERSION: 769,
  TLS1_1_VERSION: 770,
  TLS1_2_VERSION: 771,
  TLS1_3_VERSION: 772,
  POINT_CONVERSION_COMPRESSED: 2,
  POINT_CONVERSION_UNCOMPRESSED: 4,
  POINT_CONVERSION_HYBRID: 6,
}

// ---- KDF argument checks ----

const PASSWORD_TYPES = 'of type string or buffer'

function kdfInput(value: unknown, name: string, expected: string): Uint8Array {
  if (typeof value === 'string') return Buffer.from(value, 'utf8')
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  throw invalidArgType(name, expected, value)
}

interface ScryptParams {
  N: number
  r: number
  p: number
  maxmem: number
}

const scryptError = (code: string, reason: string) =>
  codedError(
    RangeError,
    'ERR_CRYPTO_INVALID_SCRYPT_PARAMS',
    `Invalid scrypt params: error:${code}:public key routines:OPENSSL_internal:${reason}`,
  )

function scryptParams(options: unknown): ScryptParams {
  const params: ScryptParams = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 }
  if (options === undefined || options === null) return params
  if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
  const o = options as Record<string, unknown>
  const pairs: [keyof ScryptParams, string][] = [
    ['N', 'cost'],
    ['r', 'blockSize'],
    ['p', 'parallelization'],
  ]
  for (const [short, long] of pairs) {
    if (o[short] !== undefined && o[long] !== undefined) {
      throw codedError(
        TypeError,
        'ERR_INCOMPATIBLE_OPTION_PAIR',
        `Option "${short}" cannot be used in combination with option "${long}"`,
      )
    }
    for (const key of [short, long]) {
      const value = o[key]
      if (value === undefined) continue
      if (typeof value !== 'number') {
        throw codedError(
          TypeError,
          'ERR_INVALID_ARG_TYPE',
          `The "${key}" property must be of type number, got ${typeof value}`,
        )
      }
      params[short] = value
    }
  }
  if (o.maxmem !== undefined) {
    if (typeof o.maxmem !== 'number') {
      throw codedError(
        TypeError,
        'ERR_INVALID_ARG_TYPE',
        `The "maxmem" property must be of type number, got ${typeof o.maxmem}`,
      )
    }
    params.maxmem = o.maxmem
  }
  const { N, r, p, maxmem } = params
  const invalid =
    !Number.isInteger(N) ||
    !Number.isInteger(r) ||
    !Number.isInteger(p) ||
    N < 2 ||
    (N & (N - 1)) !== 0 ||
    (r !== 0 && p > ((1 << 30) - 1) / r) ||
    (16 * r <= 63 && N >= 2 ** (16 * r))
  if (invalid) throw scryptError('06000085', 'INVALID_PARAMETERS')
  if (r !== 0 && p !== 0 && 128 * r * (N + p + 1) > maxmem) throw scryptError('06000084', 'MEMORY_LIMIT_EXCEEDED')
  return params
}

/** Builds the `node:crypto` exports for one process. */
export function createCrypto(ctx: NodeContext): CryptoModule {
  warn = (message, code) => ctx.emitWarning(message, 'DeprecationWarning', code)

  /**
   * Runs `compute` in a later task and hands its result (or error) to
   * `callback`, holding the process meanwhile. On success the callback's
   * error is `null`, or `undefined` with `undefinedError` (where Bun passes that).
   */
  function later<T>(compute: () => T, callback: Callback<T>, undefinedError = false): void {
    const release = ctx.ref()
    setTimeout(() => {
      let result: T
      try {
        result = compute()
      } catch (error) {
        release()
        callback(error as Error)
        return
      }
      release()
      callback((undefinedError ? undefined : null) as null, result)
    }, 0)
  }

  const HashExport = callable(Hash, () => {
    if (!hashWarned) {
      hashWarned = true
      warn('crypto.Hash constructor is deprecated.', 'DEP0179')
    }
  })
  const HmacExport = callable(Hmac, () => {
    if (!hmacWarned) {
      hmacWarned = true
      warn('crypto.Hmac constructor is deprecated.', 'DEP0181')
    }
  })

  function pbkdf2Check(password: unknown, salt: unknown, iterations: unknown, keylen: unknown, digest: unknown) {
    const pw = kdfInput(password, 'password', PASSWORD_TYPES)
    const s = kdfInput(salt, 'salt', PASSWORD_TYPES)
    validateInt32(iterations, 'iterations', 1)
    validateInt32(keylen, 'keylen', 0)
    validateString(digest, 'digest')
    const algorithm = lookupHmacDigest(digest, 'pbkdf2')
    if (!algorithm) throw invalidDigest(digest)
    return () => {
      if (keylen === 0) throw new Error('PBKDF2 derivation failed')
      return Buffer.from(pbkdf2Bytes(algorithm, pw, s, iterations, keylen))
    }
  }

  function scryptCheck(password: unknown, salt: unknown, keylen: unknown, options: unknown) {
    const pw = kdfInput(password, 'password', PASSWORD_TYPES)
    const s = kdfInput(salt, 'salt', PASSWORD_TYPES)
    validateInt32(keylen, 'keylen', 0)
    const { N, r, p } = scryptParams(options)
    return () => {
      if (keylen === 0) return Buffer.alloc(0)
      return Buffer.from(nobleScrypt(pw, s, { N, r, p, dkLen: keylen, maxmem: 2 ** 40 }))
    }
  }

  function hkdfCheck(digest: unknown, ikm: unknown, salt: unknown, info: unknown, keylen: unknown) {
    validateString(digest, 'digest')
    const key = secretKeyBytes(
      ikm,
      'ikm',
      undefined,
      'of type string or an instance of SecretKeyObject, ArrayBuffer, TypedArray, DataView, or Buffer',
    )
    const saltBytes = kdfInput(salt, 'salt', 'of type string, ArrayBuffer, TypedArray, Buffer')
    const infoBytes = kdfInput(info, 'info', 'of type string, ArrayBuffer, TypedArray, Buffer')
    if (typeof keylen !== 'number') throw invalidArgType('length', 'of type number', keylen)
    if (!Number.isInteger(keylen) || keylen < 0 || keylen > 2 ** 32) {
      throw outOfRange('length', '>= 0 && <= 4294967296', keylen)
    }
    if (infoBytes.length > 1024) {
      throw outOfRange('info', 'must not contain more than 1024 bytes', infoBytes.length)
    }
    const algorithm = lookupHmacDigest(digest, 'hkdf')
    if (!algorithm) throw invalidDigest(digest)
    if (keylen > 255 * algorithm.outputLen) {
      throw codedError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length')
    }
    return () => {
      if (keylen === 0) throw new Error('HKDF derivation failed')
      const out = hkdfBytes(algorithm, key, saltBytes, infoBytes, keylen)
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer
    }
  }

  function randomFillArgs(buf: unknown, offset: unknown, size: unknown): Uint8Array {
    let view: Uint8Array
    if (ArrayBuffer.isView(buf)) view = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
    else if (buf instanceof ArrayBuffer) view = new Uint8Array(buf)
    else throw invalidArgType('buf', 'of type ArrayBuffer or ArrayBufferView', buf)
    const elementSize = ArrayBuffer.isView(buf) ? ((buf as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1) : 1
    const length = view.length
    let start = 0
    if (offset !== undefined) {
      if (typeof offset !== 'number') throw invalidArgType('offset', 'of type number', offset)
      start = offset * elementSize
      if (!Number.isInteger(offset) || start < 0 || start > length) {
        throw outOfRange('offset', `>= 0 && <= ${length / elementSize}`, offset)
      }
    }
    let count = length - start
    if (size !== undefined) {
      if (typeof size !== 'number') throw invalidArgType('size', 'of type number', size)
      count = size * elementSize
      if (!Number.isInteger(size) || count < 0) throw outOfRange('size', `>= 0 && <= ${MAX_INT32}`, size)
      if (start + count > length) {
        throw outOfRange('size + offset', `<= ${length / elementSize}`, (start + count) / elementSize)
      }
    }
    return view.subarray(start, start + count)
  }

  function randomIntArgs(min: unknown, max: unknown): [number, number] {
    if (!Number.isSafeInteger(min)) throw invalidArgType('min', 'a safe integer', min)
    if (!Number.isSafeInteger(max)) throw invalidArgType('max', 'a safe integer', max)
    const lo = min as number
    const hi = max as number
    if (hi <= lo) {
      throw codedError(
        RangeError,
        'ERR_OUT_OF_RANGE',
        `The value of "max" is out of range. It must be greater than the value of "min" (${lo}). Received ${hi}`,
      )
    }
    if (hi - lo > RANDOM_INT_RANGE) throw outOfRange('max - min', `<= ${RANDOM_INT_RANGE}`, hi - lo)
    return [lo, hi]
  }

  function randomIntValue(lo: number, hi: number): number {
    const range = hi - lo
    // Rejection sampling over 48 random bits keeps the distribution uniform.
    const limit = 2 ** 48 - (2 ** 48 % range)
    const bytes = new Uint8Array(6)
    for (;;) {
      fillRandom(bytes)
      const value = bytes.reduce((acc, byte) => acc * 256 + byte, 0)
      if (value < limit) return lo + (value % range)
    }
  }

  const exports: CryptoModule = {
    Hash: HashExport,
    Hmac: HmacExport,
    Cipheriv: callable(Cipheriv),
    Decipheriv: callable(Decipheriv),
    KeyObject,
    constants: CONSTANTS,

    createHash: (algorithm: unknown, options?: Record<string, unknown>) => new Hash(algorithm, options),
    createHmac: (hmac: unknown, key: unknown, options?: Record<string, unknown>) => new Hmac(hmac, key, options),
    hash,
    getHashes: () => [...NODE_HASHES],

    createCipheriv: (cipher: unknown, key: unknown, iv: unknown, options?: CipherOptions) =>
      new Cipheriv(cipher, key, iv, options),
    createDecipheriv: (cipher: unknown, key: unknown, iv: unknown, options?: CipherOptions) =>
      new Decipheriv(cipher, key, iv, options),
    getCiphers: () => [...CIPHER_NAMES],
    getCipherInfo,

    createSecretKey,
    timingSafeEqual(buf1: unknown, buf2: unknown): boolean {
      const view = (value: unknown, name: string) => {
        if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
        if (value instanceof ArrayBuffer) return new Uint8Array(value)
        throw codedError(
          TypeError,
          'ERR_INVALID_ARG_TYPE',
          `The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`,
        )
      }
      const a = view(buf1, 'buf1')
      const b = view(buf2, 'buf2')
      if (a.length !== b.length) {
        throw codedError(
          RangeError,
          'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH',
          'Input buffers must have the same byte length',
        )
      }
      let diff = 0
      for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
      return diff === 0
    },

    pbkdf2Sync: (password: unknown, salt: unknown, iterations: unknown, keylen: unknown, digest: unknown) =>
      pbkdf2Check(password, salt, iterations, keylen, digest)(),
    pbkdf2(password: unknown, salt: unknown, iterations: unknown, keylen: unknown, digest: unknown, callback: unknown) {
      const run = pbkdf2Check(password, salt, iterations, keylen, digest)
      validateFunction(callback, 'callback')
      later(run, callback as Callback<Buffer>)
    },
    scryptSync: (password: unknown, salt: unknown, keylen: unknown, options?: unknown) =>
      scryptCheck(password, salt, keylen, options)(),
    scrypt(password: unknown, salt: unknown, keylen: unknown, options: unknown, callback?: unknown) {
      if (typeof options === 'function') {
        callback = options
        options = undefined
      }
      const run = scryptCheck(password, salt, keylen, options)
      validateFunction(callback, 'callback')
      later(run, callback as Callback<Buffer>, true)
    },
    hkdfSync: (digest: unknown, ikm: unknown, salt: unknown, info: unknown, keylen: unknown) =>
      hkdfCheck(digest, ikm, salt, info, keylen)(),
    hkdf(digest: unknown, ikm: unknown, salt: unknown, info: unknown, keylen: unknown, callback: unknown) {
      const run = hkdfCheck(digest, ikm, salt, info, keylen)
      validateFunction(callback, 'callback')
      later(run, callback as Callback<ArrayBuffer>)
    },

    randomBytes(size: unknown, callback?: unknown): Buffer | undefined {
      validateSize(size)
      if (callback !== undefined) validateFunction(callback, 'callback')
      const make = () => {
        const bytes = Buffer.alloc(size as number)
        fillRandom(bytes)
        return bytes
      }
      if (callback === undefined) return make()
      later(make, callback as Callback<Buffer>)
      return undefined
    },
    randomFillSync(buf: unknown, offset?: unknown, size?: unknown): unknown {
      fillRandom(randomFillArgs(buf, offset, size))
      return buf
    },
    randomFill(buf: unknown, offset?: unknown, size?: unknown, callback?: unknown): void {
      if (typeof offset === 'function') {
        callback = offset
        offset = undefined
        size = undefined
      } else if (typeof size === 'function') {
        callback = size
        size = undefined
      }
      const target = randomFillArgs(buf, offset, size)
      validateFunction(callback, 'callback')
      later(
        () => {
          fillRandom(target)
          return buf
        },
        callback as Callback<unknown>,
      )
    },
    randomInt(min: unknown, max?: unknown, callback?: unknown): number | undefined {
      if (typeof max === 'function' || max === undefined) {
        callback = max
        max = min
        min = 0
      }
      const [lo, hi] = randomIntArgs(min, max)
      if (callback === undefined) return randomIntValue(lo, hi)
      validateFunction(callback, 'callback')
      later(() => randomIntValue(lo, hi), callback as Callback<number>, true)
      return undefined
    },
    randomUUID(options?: unknown): string {
      if (options !== undefined && (typeof options !== 'object' || options === null)) {
        throw codedError(
          TypeError,
          'ERR_INVALID_ARG_TYPE',
          `The "options" property must be of type object, got ${typeof options}`,
        )
      }
      return globalThis.crypto.randomUUID()
    },
    getRandomValues<T extends ArrayBufferView>(array: T): T {
      return globalThis.crypto.getRandomValues(array as T & Uint8Array) as T
    },
    get webcrypto(): Crypto {
      return globalThis.crypto
    },
    get subtle(): SubtleCrypto {
      return globalThis.crypto.subtle
    },
    getFips: () => 0,
  }
  return exports
}

export type { CodedError }
