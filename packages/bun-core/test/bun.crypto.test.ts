/**
 * Bun.CryptoHasher, Bun.sha and the Bun.SHA256-style classes against the real
 * Bun 1.4.5: each case runs in one Bun process and against
 * `createBunCrypto()`; serialised results (bytes as hex, errors as
 * name/code/message) must be equal.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createBunCrypto, createBunPassword } from '../src/runtime/bun/crypto.js'
import { type Cases, runCasesHere, runCasesInBun } from './support/cases-harness.js'
import { runRealBunScript } from './support/real-bun.js'

// ---- cases ----

const ALGORITHMS = [
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
const INPUTS = ['', 'abc', 'a'.repeat(111), 'a'.repeat(128), 'x'.repeat(3000), 'héllo ✓']

const cases: Cases = {
  algorithms: 'return Bun.CryptoHasher.algorithms',
  'algorithms fresh':
    'return [Bun.CryptoHasher.algorithms === Bun.CryptoHasher.algorithms, Object.isFrozen(Bun.CryptoHasher.algorithms)]',
  byteLengths:
    'return Bun.CryptoHasher.algorithms.map((a) => [new Bun.CryptoHasher(a).byteLength, new Bun.CryptoHasher(a).algorithm])',
  names: `return ['SHA256', 'sha-256', 'SHA-512/256', 'sha-512/224', 'RMD160', 'shake-128', 'BLAKE2B256'].map((n) => new Bun.CryptoHasher(n).algorithm)`,
  'name RSA-SHA256': `new Bun.CryptoHasher('RSA-SHA256')`,
  'name md5-sha1': `new Bun.CryptoHasher('md5-sha1')`,
  'name unknown': `new Bun.CryptoHasher('nope')`,
  'name missing': `new Bun.CryptoHasher()`,
  'name number': `new Bun.CryptoHasher(5)`,
  'without new': `Bun.CryptoHasher('sha1')`,
  'digest kinds': `const h = () => new Bun.CryptoHasher('md5').update('abc')
    return [h().digest(), h().digest('hex'), h().digest('base64'), h().digest('base64url'), h().digest('latin1'), h().digest('binary')]`,
  'digest bad encoding': `new Bun.CryptoHasher('md5').digest('bogus')`,
  'digest into 64': `const u = new Uint8Array(64); const r = new Bun.CryptoHasher('sha1').update('abc').digest(u); return [r === u, u]`,
  'digest into 100 u16': `const u = new Uint16Array(50); const r = new Bun.CryptoHasher('sha256').update('abc').digest(u); return [r === u, r]`,
  'digest into 32': `new Bun.CryptoHasher('sha256').update('abc').digest(new Uint8Array(32))`,
  'digest resets': `const h = new Bun.CryptoHasher('sha256'); h.update('abc'); return [h.digest('hex'), h.digest('hex'), h.update('abc').digest('hex')]`,
  'update encodings': `return [['YWJj', 'base64'], ['616263', 'hex'], ['abc', 'bogus'], ['é', 'latin1']].map(([d, e]) => new Bun.CryptoHasher('md5').update(d, e).digest('hex'))`,
  // Blobs are left out: a platform Blob cannot be read synchronously here (see the test below).
  'update kinds': `return [new ArrayBuffer(3), new Uint16Array([1, 2]), new DataView(new ArrayBuffer(4)), Buffer.from('abc')].map((d) => new Bun.CryptoHasher('md5').update(d).digest('hex'))`,
  'update number': `new Bun.CryptoHasher('md5').update(5)`,
  'update null': `new Bun.CryptoHasher('md5').update(null)`,
  'update returns this': `const h = new Bun.CryptoHasher('md5'); return h.update('a') === h`,
  copy: `const h = new Bun.CryptoHasher('sha256').update('a'); const c = h.copy(); c.update('b'); return [h.digest('hex'), c.digest('hex'), c.algorithm]`,
  'copy xof': `const h = new Bun.CryptoHasher('shake256').update('a'); return [h.copy().digest('hex'), h.digest('hex')]`,
  'hmac copy': `const h = new Bun.CryptoHasher('sha256', 'k').update('a'); const c = h.copy(); c.update('b'); return [h.digest('hex'), c.digest('hex')]`,
  'hmac digest twice': `const h = new Bun.CryptoHasher('sha256', 'k'); h.digest(); h.digest()`,
  'hmac update after digest': `const h = new Bun.CryptoHasher('sha256', 'k'); h.digest(); h.update('a')`,
  'hmac copy after digest': `const h = new Bun.CryptoHasher('sha256', 'k'); h.digest(); h.copy()`,
  'hmac keys': `return [Buffer.from('k'), new ArrayBuffer(2), '', null, undefined, new Uint32Array([7])].map((k) => new Bun.CryptoHasher('sha1', k).update('x').digest('hex'))`,
  'hmac key number': `new Bun.CryptoHasher('sha1', 5)`,
  'hmac key object': `new Bun.CryptoHasher('sha1', {})`,
  'hmac blake2s': `new Bun.CryptoHasher('blake2s256', 'k')`,
  'hmac shake': `new Bun.CryptoHasher('shake128', 'k')`,
  'hmac properties': `const h = new Bun.CryptoHasher('sha512', 'k'); return [h.algorithm, h.byteLength]`,
  'static hash': `return [Bun.CryptoHasher.hash('sha1', 'abc'), Bun.CryptoHasher.hash('sha1', 'abc', 'hex'), Bun.CryptoHasher.hash('md5', new ArrayBuffer(3), 'base64')]`,
  'static hash into': `const u = new Uint8Array(40); const r = Bun.CryptoHasher.hash('sha256', 'abc', u); return [r === u, u]`,
  'static hash into small': `Bun.CryptoHasher.hash('sha256', 'abc', new Uint8Array(31))`,
  'static hash bad algorithm': `Bun.CryptoHasher.hash('nope', 'abc')`,
  'static hash algorithm number': `Bun.CryptoHasher.hash(5, 'abc')`,
  'static hash bad encoding': `Bun.CryptoHasher.hash('md5', 'abc', 'bogus')`,
  'static hash bad data': `Bun.CryptoHasher.hash('md5', 5)`,
  prototype: `return [Object.getOwnPropertyNames(Bun.CryptoHasher.prototype).sort(), String(new Bun.CryptoHasher('md5'))]`,
  sha: `return [Bun.sha('abc'), Bun.sha('abc', 'hex'), Bun.sha('abc', 'base64'), Bun.sha(new Uint8Array([1, 2]))]`,
  'sha into': `const u = new Uint8Array(32); return [Bun.sha('abc', u) === u, u]`,
  'sha bad': `Bun.sha(5)`,
}
for (const algorithm of ALGORITHMS) {
  INPUTS.forEach((input, i) => {
    cases[`digest ${algorithm} #${i}`] =
      `return new Bun.CryptoHasher('${algorithm}').update(${JSON.stringify(input)}).digest('hex')`
  })
  cases[`chunked ${algorithm}`] =
    `const h = new Bun.CryptoHasher('${algorithm}'); for (let i = 0; i < 50; i++) h.update('chunk' + i); return h.digest('base64')`
  cases[`hmac ${algorithm}`] =
    `return new Bun.CryptoHasher('${algorithm}', 'secret key').update('message').digest('hex')`
  cases[`hmac long key ${algorithm}`] =
    `return new Bun.CryptoHasher('${algorithm}', 'k'.repeat(300)).update('message').digest('hex')`
}
for (const name of ['MD4', 'MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'SHA512_256']) {
  cases[`${name} class`] = `const C = Bun.${name}; const h = new C(); h.update('ab').update(Buffer.from('c'))
    return [C.name, C.byteLength, h.byteLength, h.digest(), C.hash('abc'), C.hash('abc', 'hex'), C.hash(new ArrayBuffer(1), 'base64')]`
  cases[`${name} twice`] = `const h = new Bun.${name}(); h.digest(); h.digest()`
  cases[`${name} into`] =
    `const u = new Uint8Array(Bun.${name}.byteLength); return [new Bun.${name}().update('x').digest(u) === u, u]`
  cases[`${name} into small`] = `new Bun.${name}().digest(new Uint8Array(Bun.${name}.byteLength - 1))`
  cases[`${name} hash into small`] = `Bun.${name}.hash('x', new Uint8Array(3))`
  cases[`${name} without new`] = `Bun.${name}()`
  cases[`${name} prototype`] = `return Object.getOwnPropertyNames(Bun.${name}.prototype).sort()`
  cases[`${name} update number`] = `new Bun.${name}().update(5)`
}

describe('Bun.CryptoHasher and friends against the real Bun', () => {
  let bun: Record<string, unknown>
  let ours: Record<string, unknown>

  beforeAll(async () => {
    bun = runCasesInBun(cases, {})
    ours = await runCasesHere(cases, { Bun: createBunCrypto() })
  }, 120_000)

  it('returns what Bun returns for every case', () => {
    const mismatches = Object.keys(cases).filter((name) => JSON.stringify(bun[name]) !== JSON.stringify(ours[name]))
    const lines = mismatches.map(
      (name) => `${name}: bun=${JSON.stringify(bun[name])} ours=${JSON.stringify(ours[name])}`,
    )
    expect(lines).toEqual([])
    expect(Object.keys(bun).length).toBe(Object.keys(cases).length)
  })

  it('hashes a Blob that carries its bytes, and names the limit for one that does not', () => {
    const { CryptoHasher } = createBunCrypto()
    const inMemory = Object.assign(new Blob(['abc']), { bytesSync: () => new TextEncoder().encode('abc') })
    expect(new CryptoHasher('md5').update(inMemory).digest('hex')).toBe(bun['digest md5 #1'])
    expect(() => new CryptoHasher('md5').update(new Blob(['abc']))).toThrow(/Blob whose bytes are not in memory/)
  })
})

describe('Bun.password (Argon2) against the real Bun', () => {
  const password = createBunPassword()
  const OPTIONS = [
    { algorithm: 'argon2id', memoryCost: 256, timeCost: 2 },
    { algorithm: 'argon2i', memoryCost: 64, timeCost: 1 },
    { algorithm: 'argon2d', memoryCost: 128, timeCost: 3 },
  ] as const

  it('verifies hashes the real Bun made, and Bun verifies ours', async () => {
    const ours = OPTIONS.map((o) => password.hashSync('correct horse', o))
    const script = `const ours = ${JSON.stringify(ours)}
      const made = []
      for (const o of ${JSON.stringify(OPTIONS)}) made.push(await Bun.password.hash('correct horse', o))
      made.push(await Bun.password.hash('correct horse'))
      const verdicts = []
      for (const h of ours) verdicts.push(await Bun.password.verify('correct horse', h), await Bun.password.verify('wrong', h))
      console.log(JSON.stringify({ made, verdicts }))`
    const { made, verdicts } = JSON.parse(runRealBunScript(script).stdout) as { made: string[]; verdicts: boolean[] }
    expect(verdicts).toEqual([true, false, true, false, true, false])
    for (const hash of made) {
      expect(await password.verify('correct horse', hash), hash).toBe(true)
      expect(password.verifySync('correct horsf', hash), hash).toBe(false)
    }
    // Same PHC shape as Bun's: algorithm, version, parameters, 32-byte salt and tag in unpadded base64.
    const shape = (h: string) => h.replace(/\$[A-Za-z0-9+/]{43}\$[A-Za-z0-9+/]{43}$/, '$SALT$TAG')
    expect(ours.map(shape)).toEqual(made.slice(0, 3).map(shape))
  }, 60_000)

  it('rejects bad input as Bun does', async () => {
    const cases: Cases = {
      'empty password': `await Bun.password.hash('')`,
      'unknown algorithm': `await Bun.password.hash('pw', { algorithm: 'nope' })`,
      'garbage hash': `await Bun.password.verify('pw', 'garbage')`,
      'hashSync empty': `Bun.password.hashSync('')`,
      keys: 'return Object.keys(Bun.password)',
    }
    const bun = runCasesInBun(cases, {})
    const ours = await runCasesHere(cases, { Bun: { password } })
    expect(ours).toEqual(bun)
  })

  it('names bcrypt as unavailable (Bun has it; this runtime does not)', async () => {
    await expect(password.hash('pw', { algorithm: 'bcrypt' })).rejects.toMatchObject({
      code: 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
    })
    expect(() => password.verifySync('pw', '$2b$04$OlPutPFCT6mMzpiEGY0HdO6ivDHhhBUpPx9w38Zvd5Dl.1SwbKfWe')).toThrow(
      /bcrypt/,
    )
  })
})
