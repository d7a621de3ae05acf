/**
 * bun:sqlite against the real Bun 1.4.5: every case below is a function
 * body run once in one real Bun process (files in its temporary directory)
 * and once against `createSqliteModule()` over an in-memory VFS (files under
 * /app); the serialised results (values with their types, errors with their
 * class, name, message, code, errno and byteOffset) must be equal.
 */
import { loadSqlite } from '@aspect-build/bun-wasm/sqlite'
import { posixPath } from '@aspect-build/virtual-fs'
import { Buffer } from 'buffer'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSqliteModule } from '../src/runtime/sqlite/index.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext, createTestHost } from './support/test-host.js'

/** Case name → function body; `sqlite` (the module), `fs` (readFileSync, existsSync, readdirSync, statSync, writeFileSync, mkdirSync) and `Buffer` are in scope. */
type Cases = Record<string, string>

/** Serialises a result or an error; both sides run this very source. */
const SERIALIZE_SOURCE = `function serialize(value, depth = 0) {
  if (depth > 6) return '<deep>'
  if (value instanceof Error || (value && typeof value === 'object' && 'stack' in value && 'message' in value)) {
    const out = { thrown: value.constructor && value.constructor.name, name: value.name, message: value.message }
    for (const key of ['code', 'errno', 'byteOffset']) if (key in value) out[key] = value[key]
    out.keys = Object.keys(value)
    return out
  }
  if (value === undefined) return '<undefined>'
  if (typeof value === 'bigint') return value.toString() + 'n'
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '<-0>'
    if (!Number.isFinite(value)) return '<' + value + '>'
    return value
  }
  if (typeof value === 'function') return '<function ' + value.name + '/' + value.length + '>'
  if (typeof value === 'symbol') return '<symbol>'
  if (value instanceof ArrayBuffer) return { ArrayBuffer: Buffer.from(value).toString('hex') }
  if (ArrayBuffer.isView(value)) {
    return { [value.constructor.name]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') }
  }
  if (Array.isArray(value)) return value.map((item) => serialize(item, depth + 1))
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value)
    const out = { '<proto>': proto === null ? null : proto === Object.prototype ? 'Object' : (proto.constructor && proto.constructor.name) }
    for (const key of Object.keys(value)) out[key] = serialize(value[key], depth + 1)
    return out
  }
  return value
}`

const serialize = new Function(`return (${SERIALIZE_SOURCE})`)() as (value: unknown) => unknown

/** Runs every case in the real Bun. */
function runCasesInBun(cases: Cases): Record<string, unknown> {
  const script = `import * as sqlite from 'bun:sqlite'
import * as fs from 'node:fs'
const serialize = ${SERIALIZE_SOURCE}
const cases = ${JSON.stringify(cases)}
const out = {}
for (const [name, body] of Object.entries(cases)) {
  try {
    out[name] = serialize(new Function('sqlite', 'fs', 'Buffer', body)(sqlite, fs, Buffer))
  } catch (error) {
    out[name] = serialize(error)
  }
}
process.stdout.write('<<<' + JSON.stringify(out) + '>>>')
`
  const run = runRealBunScript(script, { timeoutMs: 120_000 })
  const match = /<<<([\s\S]*)>>>/.exec(run.stdout)
  if (!match) throw new Error(`the real Bun printed no results (exit ${run.exitCode}):\n${run.stderr}`)
  return JSON.parse(match[1] as string) as Record<string, unknown>
}

/** Runs every case against our module, over a VFS whose working directory is /app. */
function runCasesHere(cases: Cases): Record<string, unknown> {
  const host = createTestHost({ cwd: '/app' })
  const sqlite = createSqliteModule(createTestContext(host))
  const vfs = host.vfs
  const at = (path: string) => posixPath.resolve('/app', path)
  const fs = {
    readFileSync: (path: string) => Buffer.from(vfs.readFile(at(path))),
    existsSync: (path: string) => vfs.exists(at(path)),
    readdirSync: (path: string) => vfs.readdir(at(path)),
    statSync: (path: string) => vfs.stat(at(path)),
    writeFileSync: (path: string, data: string | Uint8Array) => vfs.writeFile(at(path), data),
    mkdirSync: (path: string, options?: { recursive?: boolean }) => vfs.mkdir(at(path), options),
  }
  const out: Record<string, unknown> = {}
  for (const [name, body] of Object.entries(cases)) {
    try {
      out[name] = serialize(new Function('sqlite', 'fs', 'Buffer', body)(sqlite, fs, Buffer))
    } catch (error) {
      out[name] = serialize(error)
    }
  }
  return out
}

// ---------------------------------------------------------------- the cases

const GROUPS: Record<string, Cases> = {
  module: {
    exports: `return [Object.keys(sqlite).filter((k) => k !== '__esModule').sort(), sqlite.default === sqlite.Database]`,
    'Database statics': `const D = sqlite.Database
      return [D.name, D.length, D.MAX_QUERY_CACHE_SIZE, typeof D.open, typeof D.deserialize, D.setCustomSQLite('/nonexistent.so')]`,
    'Database prototype': `return Object.getOwnPropertyNames(sqlite.Database.prototype).sort()`,
    'Statement prototype': `return Object.getOwnPropertyNames(sqlite.Statement.prototype).sort()`,
    constants: `return sqlite.constants`,
    'SQLiteError is not constructible': `return new sqlite.SQLiteError('x')`,
    'SQLiteError class': `const E = sqlite.SQLiteError
      return [E.name, E.length, Object.getOwnPropertyNames(E.prototype), E.prototype.name, Object.getPrototypeOf(E.prototype) === Error.prototype]`,
  },

  open: {
    'no argument': `const db = new sqlite.Database(); return [db.filename, Object.keys(db), typeof db.handle]`,
    'empty string': `return new sqlite.Database('').filename`,
    ':memory: trimmed': `return new sqlite.Database('  :memory:  ').filename`,
    'number filename': `return new sqlite.Database(1)`,
    'null filename': `return new sqlite.Database(null)`,
    'object filename': `return new sqlite.Database({})`,
    'readonly memory': `return new sqlite.Database(':memory:', { readonly: true })`,
    'readonly anonymous': `return new sqlite.Database(undefined, { readonly: true })`,
    'readOnly misspelled': `return new sqlite.Database('x.db', { readOnly: true })`,
    'readonly + create': `return new sqlite.Database('x.db', { readonly: true, create: true })`,
    'readwrite false + readwrite': `return new sqlite.Database('x.db', { readwrite: false, create: true })`,
    'missing readonly': `return new sqlite.Database('missing-1.db', { readonly: true })`,
    'missing create false': `return new sqlite.Database('missing-2.db', { create: false })`,
    'missing readwrite': `return new sqlite.Database('missing-3.db', { readwrite: true })`,
    'missing readwrite false': `return new sqlite.Database('missing-4.db', { readwrite: false })`,
    'missing files stay missing': `return ['missing-1.db', 'missing-2.db', 'missing-3.db', 'missing-4.db'].map((f) => fs.existsSync(f))`,
    'missing directory': `return new sqlite.Database('no/such/dir/x.db')`,
    'a directory read-write': `fs.mkdirSync('adir'); return new sqlite.Database('adir')`,
    'a directory read-only': `fs.mkdirSync('adir2'); return new sqlite.Database('adir2', { readonly: true })`,
    'not a database': `fs.writeFileSync('text.txt', 'hello '.repeat(40))
      const db = new sqlite.Database('text.txt')
      try { db.query('select 1').get() } catch (e) { return [e, db.run.length] }`,
    'flags as a number (readonly, missing)': `return new sqlite.Database('missing-5.db', sqlite.constants.SQLITE_OPEN_READONLY)`,
    'flags 0': `return new sqlite.Database('flags0.db', 0)`,
    'flags read-write create': `const db = new sqlite.Database('flags.db', sqlite.constants.SQLITE_OPEN_READWRITE | sqlite.constants.SQLITE_OPEN_CREATE)
      db.run('create table t(a)'); return [db.filename, fs.existsSync('flags.db')]`,
    'options of other types are ignored': `return [new sqlite.Database('o1.db', 'x').filename, new sqlite.Database('o2.db', null).filename]`,
    'file: names are plain file names': `const db = new sqlite.Database('file:u.db?mode=ro'); db.run('create table q(a)')
      return [db.filename, fs.existsSync('u.db'), fs.existsSync('file:u.db?mode=ro')]`,
    'filename is an own data property': `const db = new sqlite.Database('f.db'); return Object.getOwnPropertyDescriptor(db, 'filename')`,
    'Database.open': `return sqlite.Database.open(':memory:').filename`,
    'handles count up': `const a = new sqlite.Database(), b = new sqlite.Database(); return b.handle - a.handle`,
    // Not \`pragma encoding\`: sqlite-wasm is built without UTF-16 (SQLITE_OMIT_UTF16), where that pragma returns no row.
    'default pragmas': `const db = new sqlite.Database('pragmas.db')
      return ['page_size', 'cache_size', 'journal_mode', 'synchronous', 'foreign_keys', 'locking_mode', 'auto_vacuum', 'busy_timeout', 'recursive_triggers', 'temp_store'].map((p) => db.query('pragma ' + p).values()[0])`,
    'double-quoted strings': `const db = new sqlite.Database(); db.run('create table q (a default "x")'); db.run('insert into q default values')
      return [db.query('select "abc" a').get(), db.query('select * from q').get()]`,
    sqlite_version: `return new sqlite.Database().query('select sqlite_version() v').get()`,
  },

  errors: {
    'no such table': `return new sqlite.Database().run('select * from nope')`,
    'syntax error': `return new sqlite.Database().run('selec 1')`,
    'syntax error offset': `return new sqlite.Database().query('select 1 from from')`,
    'error instance': `try { new sqlite.Database().run('select * from nope') } catch (e) {
        return [e instanceof sqlite.SQLiteError, e instanceof Error, Object.keys(e), String(e), e.stack.split('\\n')[0]] }`,
    constraints: `const db = new sqlite.Database()
      db.run('create table t (id integer primary key, u text unique, n not null, c check (c > 0), f references t(id))')
      db.run('pragma foreign_keys = on')
      db.run("insert into t (id, u, n, c) values (1, 'a', 1, 1)")
      const out = []
      for (const sql of ["insert into t (u, n) values ('a', 1)", "insert into t (u, n) values ('b', null)", "insert into t (id, n) values (1, 1)", "insert into t (n, c) values (1, -1)", "insert into t (n, f) values (1, 99)"]) {
        try { db.run(sql) } catch (e) { out.push(e) }
      }
      return out`,
    'readonly database': `const w = new sqlite.Database('ro.db'); w.run('create table t(a)'); w.close()
      const r = new sqlite.Database('ro.db', { readonly: true }); return r.run('insert into t values (1)')`,
    'busy: a reader holds the lock': `const a = new sqlite.Database('busy.db'); a.run('create table t(a); insert into t values (1), (2)')
      const b = new sqlite.Database('busy.db')
      const it = a.query('select * from t').iterate(); it.next()
      let err; try { b.run('insert into t values (3)') } catch (e) { err = e }
      it.return()
      return [err, b.run('insert into t values (4)'), a.query('select count(*) n from t').get()]`,
    'busy: a writer holds the lock': `const a = new sqlite.Database('busy2.db'); a.run('create table t(a)')
      const b = new sqlite.Database('busy2.db')
      a.run('begin immediate'); a.run('insert into t values (1)')
      let e1, e2; try { b.run('insert into t values (2)') } catch (e) { e1 = e }
      try { b.run('begin immediate') } catch (e) { e2 = e }
      a.run('commit')
      return [e1, e2, b.query('select count(*) n from t').get()]`,
  },

  run: {
    'insert returns changes': `const db = new sqlite.Database(); db.run('create table t(a)')
      return [db.run('insert into t values (1), (2), (3)'), db.run('create table u(a)'), db.run('select * from t'), db.run('update t set a = 1 where 0'), db.run('delete from t')]`,
    'multiple statements': `const db = new sqlite.Database()
      return [db.run('create table m (x); insert into m values (1); insert into m values (2)'), db.run('insert into m values (9); create table v(a)'), db.run('create table w(a); select 1'), db.query('select * from m').values()]`,
    'bindings go to the first statement': `const db = new sqlite.Database(); db.run('create table m (x)')
      return [db.run('insert into m values (?); insert into m values (?)', [10]), db.run('insert into m values ($a); insert into m values ($b)', { $a: 1, $b: 2 }), db.query('select * from m').values()]`,
    'bindings counted against the first statement': `const db = new sqlite.Database(); db.run('create table m (x)')
      return db.run('insert into m values (?); insert into m values (?)', [10, 20])`,
    'bindings to a first statement without parameters': `const db = new sqlite.Database()
      try { db.run('create table m (x); insert into m values (?)', [5]) } catch (e) { return [e, db.query('select * from m').values()] }
      return db.query('select * from m').values()`,
    'error midway keeps what ran': `const db = new sqlite.Database(); db.run('create table m (x)')
      let err; try { db.run('insert into m values (100); insert into nope values (1); insert into m values (101)') } catch (e) { err = e }
      return [err, db.query('select * from m').values()]`,
    'variadic bindings': `const db = new sqlite.Database(); db.run('create table m (x, y)'); db.run('insert into m values (?, ?)', 1, 'two'); return db.query('select * from m').all()`,
    'trigger changes are not counted': `const db = new sqlite.Database(); db.run('create table t(a); create table l(x)')
      db.run('create trigger tr after insert on t begin insert into l values (new.a); insert into l values (new.a); end')
      return [db.run('insert into t values (5)'), db.run('insert into l values (1)')]`,
    'empty, whitespace and comments': `const db = new sqlite.Database(); const out = []
      for (const sql of ['', '  ', '-- x', '/* y */']) { try { out.push(db.run(sql)) } catch (e) { out.push(e) } }
      return out`,
    'non-string SQL': `const db = new sqlite.Database(); const out = []
      for (const sql of [1, null, undefined, {}]) { try { out.push(db.run(sql)) } catch (e) { out.push(e) } }
      return out`,
    'exec is run': `const db = new sqlite.Database(); return [db.exec === db.run, db.exec('create table t(a); insert into t values (1)')]`,
    'safeIntegers rowid': `const db = new sqlite.Database(':memory:', { safeIntegers: true }); db.run('create table t(a)')
      return [db.run('insert into t values (1)'), db.prepare('insert into t values (1)').run(), db.prepare('insert into t values (1)').safeIntegers(false).run()]`,
    'result object': `const r = new sqlite.Database().run('select 1'); return [Object.getPrototypeOf(r) === Object.prototype, Object.keys(r)]`,
    'long multi-statement script': `const db = new sqlite.Database()
      let sql = 'create table big(a, b);'
      for (let i = 0; i < 2000; i++) sql += 'insert into big values (' + i + ", 'row " + i + "');"
      return [db.run(sql), db.query('select count(*) n, sum(a) s from big').get()]`,
  },

  bindings: {
    'value types': `const db = new sqlite.Database(); const q = db.query('select ?1 a, typeof(?1) t')
      const values = [1, 1.5, -0, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e20, 0.5, -1,
        123n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n, -(2n ** 63n) - 1n, 'str', '', 'a\\u0000b', '\\ud800', '😀', true, false, null, undefined,
        new Uint8Array([1, 2]), new Uint8Array(0), Buffer.from([3]), new Uint16Array([1, 2]), new Float64Array([1]), new Int8Array([-1]), new ArrayBuffer(2),
        new DataView(new ArrayBuffer(2)), new Uint8Array([1, 2, 3, 4]).subarray(1, 3)]
      return values.map((v) => { try { return q.get(v) } catch (e) { return e } })`,
    'invalid values': `const db = new sqlite.Database(); const q = db.query('select ?1 a')
      return [new Date(0), Symbol('x'), () => 1, new Map(), new Set(), /x/, new Error('x'), Promise.resolve(), new Number(1), new String('a')].map((v) => { try { return q.get(v) } catch (e) { return e } })`,
    'safeIntegers range': `const db = new sqlite.Database(':memory:', { safeIntegers: true }); const q = db.query('select ?1 a')
      return [2n ** 64n, -(2n ** 63n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)].map((v) => { try { return q.get(v) } catch (e) { return e } })`,
    'text in and out': `const db = new sqlite.Database()
      return [db.query('select ?1 a, length(?1) l, hex(?1) h').get('a\\u0000b'), db.query('select ?1 a, hex(?1) h').get('\\ud800'), db.query("select char(97,0,98) a, hex(char(97,0,98)) h").get(), db.query("select cast(x'ff61' as text) a").get(), db.query("select x'' a, zeroblob(0) z, cast('' as blob) c, '' e").get()]`,
    'SQL text with a NUL': `return new sqlite.Database().query("select 'a\\u0000b' a")`,
  },

  parameters: {
    positional: `const out = []
      for (const strict of [false, true]) {
        const db = new sqlite.Database(':memory:', { strict })
        const q = (sql, ...a) => { try { return db.query(sql).all(...a) } catch (e) { return e } }
        out.push(q('select ?1 a, ?2 b', 1, 2), q('select ?1 a, ?2 b', [1, 2]), q('select ?1 a, ?2 b', [1, 2], 3), q('select ?1 a, ?2 b', 1), q('select ?1 a, ?2 b', 1, 2, 3), q('select ?1 a, ?2 b', [1, 2, 3]),
          q('select ? a, ? b', 1, 2), q('select ?2 a, ?1 b', 1, 2), q('select ?3 a', 1, 2, 3), q('select ?3 a', 1), q('select $a a', 1), q('select $a a', [1]),
          q('select 1 a', 1), q('select 1 a', []), q('select 1 a', {}), q('select 1 a', { x: 1 }), q('select 1 a', [1]), q('select ?1 a', null), q('select ?1 a', undefined),
          q('select ?1 a, ?2 b', undefined, 2), q('select ?1 a, ?2 b', [, 2]), q('select ?1 a', [{}]), q('select ?1 a', [[]]), q('select ?1 a, ?2 b', 1, {}), q('select ?1 a', new Uint8Array([1])))
      }
      return out`,
    named: `const out = []
      for (const strict of [false, true]) {
        const db = new sqlite.Database(':memory:', { strict })
        const q = (sql, ...a) => { try { return db.query(sql).all(...a) } catch (e) { return e } }
        out.push(q('select $a a, :b b, @c c', { $a: 1, ':b': 2, '@c': 3 }), q('select $a a, :b b, @c c', { a: 1, b: 2, c: 3 }), q('select $a a, :b b, @c c', { a: 1, $a: 5, b: 2, c: 3 }),
          q('select $a a', { $a: 1, extra: 2 }), q('select $a a', { a: 1, extra: 2 }), q('select $a a', {}), q('select $a a, ? b', { $a: 1 }), q('select $a a, ?2 b', { $a: 1, 2: 5 }),
          q('select $a a, ?2 b', { $a: 1, '2': 5, '?2': 6 }), q('select ?1 a', { 1: 7 }), q('select $a a, $a b', { $a: 1 }), q('select :a a, $a b', { a: 1 }), q('select ?1 a', Object.create(null)),
          q('select $a a', Object.assign(Object.create(null), { $a: 3 })), q('select $a a', new (class { $a = 4 })()), q('select $a a', { get $a() { return 8 } }), q('select $a a', Object.create({ $a: 9 })),
          q('select $a a', new Proxy({ $a: 1 }, {})), q('select $a a', Object.defineProperty({}, '$a', { value: 5, enumerable: false })), q('select $a a', { [Symbol('$a')]: 1 }),
          q('select $a a', { $a: {} }), q('select $a a', { $a: 1 }, 2), q('select $a a, $b b', { $a: 1 }, { $b: 2 }))
      }
      return out`,
    'bindings persist between calls': `const db = new sqlite.Database(); const p = db.prepare('select ?1 a, ?2 b'); const n = db.prepare('select $a a, $b b')
      return [p.get(1, 2), p.get(), p.all(), n.get({ $a: 1, $b: 2 }), n.get({ $a: 3 }), db.prepare('select ?1 a').get()]`,
    'prepare with parameters': `const db = new sqlite.Database()
      return [db.prepare('select ?1 a', [5]).get(), db.prepare('select ?1 a', 5).get(), db.prepare('select $x a', { $x: 5 }).get(), db.prepare('select ?1 a', [5]).get(6), db.prepare('select ?1 a', null).get()]`,
    'prepare with wrong parameters': `const db = new sqlite.Database(); try { db.prepare('select ?1 a, ?2 b', [5]) } catch (e) { return e }`,
  },

  results: {
    'column types': `const db = new sqlite.Database()
      return db.query("select 1 i, 1.5 f, 'x' s, x'0102' b, null n, 9007199254740993 big, 9007199254740995 big2, -9007199254740995 big3, -0.0 nz, 1e308*10 inf, 2.0 two, 9223372036854775807 max, -9223372036854775808 min").get()`,
    'column types with safeIntegers': `const db = new sqlite.Database()
      return [db.query("select 1 i, 1.5 f, 9007199254740993 big, 9223372036854775807 max").safeIntegers(true).get(), new sqlite.Database(':memory:', { safeIntegers: true }).query('select 1 a, 1.5 b').get()]`,
    'safeIntegers per statement': `const db = new sqlite.Database(':memory:', { safeIntegers: true }); const s = db.query('select 2 a')
      return [s.safeIntegers(), s.safeIntegers(false) === s, s.safeIntegers(), s.get(), db.query('select 2 a').get(), s.safeIntegers(1) === s, s.safeIntegers()]`,
    'get, all, values, raw': `const db = new sqlite.Database(); db.run('create table t (id integer primary key, u text, n, b blob, r real)')
      db.run("insert into t (u, n, b, r) values ('a', 1, x'00ff', 2.5), (null, null, null, null)")
      const q = db.query('select * from t')
      return [q.get(), q.all(), q.values(), q.raw(), db.query('select * from t where id = 99').get(), db.query('select 1 where 0').all(), db.query('select 1 where 0').values()]`,
    'raw bytes': `const db = new sqlite.Database()
      return [db.prepare("select 1.5 a, 'é' b, x'01' c, null d, -1 e, 300 f, '' g, x'' h").raw(), db.prepare('select 1.5 a, 2 f').safeIntegers(true).raw()]`,
    'duplicate and odd column names': `const db = new sqlite.Database()
      const p = db.query('select 1 as __proto__, 2 as constructor').get()
      return [db.query('select 1 as a, 2 as a, 3 as b').get(), db.query('select 1 as a, 2 as a').values(), db.query('select 1 as ""').get(), Object.keys(p), Object.getPrototypeOf(p) === Object.prototype, JSON.stringify(p), db.query('select 1 as "2", 2 as "1", 3 as a').get(), db.query('select 1, 1+1, count(*)').get()]`,
    'many columns': `return Object.keys(new sqlite.Database().query('select ' + Array.from({ length: 70 }, (_, i) => i + ' c' + i).join(',')).get()).length`,
    'row prototype': `return Object.getPrototypeOf(new sqlite.Database().query('select 1 a').get()) === Object.prototype`,
    'as(Class)': `const db = new sqlite.Database()
      class P { get double() { return this.a * 2 } constructor() { this.made = true } }
      const r = db.query('select 2 a, 3 b').as(P).get()
      class S { set a(v) { this._a = v } }
      class Q {}
      const s = db.query('select 5 a').as(Q)
      return [r instanceof P, r.double, r.made, Object.keys(r), Object.getOwnPropertyDescriptor(r, 'a'), db.prepare('select 2 a').as(S).get(),
        s.all()[0] instanceof Q, s.values(), [...s.iterate()][0] instanceof Q, s.as(undefined) === s, s.get() instanceof Q, db.prepare('select 2 a').as(Object).get()]`,
    'as(bad)': `const db = new sqlite.Database(); const out = []
      function F() {}; F.prototype = null
      for (const c of [5, null, () => 1, F, 'x', {}]) { try { out.push(db.prepare('select 1 a').as(c).get()) } catch (e) { out.push(e) } }
      return out`,
    iterate: `const db = new sqlite.Database(); const s = db.prepare('select 1 a union all select 2 union all select 3')
      const it = s.iterate()
      return [[...s.iterate()], [...s], Object.prototype.toString.call(it), typeof it.next, it[Symbol.iterator]() === it]`,
    'iterate with bindings': `const db = new sqlite.Database(); const s = db.prepare('select value v from json_each(?)')
      return [[...s.iterate('[1,2,3]')], [...s.iterate(['[4]'])]]`,
    'iterator invalidated by another run': `const db = new sqlite.Database(); const s = db.prepare('select 1 a union all select 2 union all select 3')
      const out = []
      let it = s.iterate(); out.push(it.next()); out.push(s.all())
      try { it.next() } catch (e) { out.push(e) }
      out.push(it.next())
      const i1 = s.iterate(), i2 = s.iterate(); out.push(i1.next(), i2.next(), i2.next())
      const j1 = s.iterate(); out.push(j1.next()); const j2 = s.iterate(); out.push(j2.next()); try { j1.next() } catch (e) { out.push(e.message) }
      const k = s.iterate(); out.push(s.get(), k.next(), k.next())
      for (const r of s.iterate()) break
      out.push(s.get())
      return out`,
    'iterate while querying elsewhere': `const db = new sqlite.Database(); const s = db.prepare('select 1 a union all select 2'); const out = []
      for (const r of s.iterate()) out.push(r, db.query('select 5 b').get())
      return out`,
    'columnTypes, declaredTypes, columnNames': `const db = new sqlite.Database()
      db.run('create table t (a integer, b text, c, d varchar(10), e blob)')
      db.run("insert into t values (1, 'x', 2.5, 'd', x'00'), (null, null, null, null, null)")
      const s = db.query('select a, b, c, d, e, a + 1 as f from t where a = ?')
      const out = [s.columnNames, s.declaredTypes, s.columnTypes, s.paramsCount, s.reader, s.readonly, s.isFinalized]
      out.push(s.get(1), s.columnTypes, s.get(null), s.columnTypes)
      const all = db.query('select * from t'); all.all(); out.push(all.columnTypes)
      const w = db.query('insert into t (a) values (?)')
      out.push(w.reader, w.readonly, w.columnNames, w.declaredTypes, w.paramsCount)
      try { w.columnTypes } catch (e) { out.push(e) }
      out.push(db.prepare('create table z (q)').readonly, db.prepare('pragma user_version').readonly)
      return out`,
    'columnTypes runs the statement': `const db = new sqlite.Database(); const s = db.query('select 1 a union all select 2')
      const it = s.iterate(); const first = it.next(); const types = s.columnTypes
      try { it.next() } catch (e) { return [first, types, e.message] }`,
    'toString and toJSON': `const db = new sqlite.Database(); const s = db.query("select ?1, ?2, ?3, ?4, ?5, ?6")
      const before = s.toString(); s.get("it's", 1.5, 2n, new Uint8Array([1, 255]), null, true)
      return [before, s.toString(), String(s), Object.prototype.toString.call(s), JSON.stringify(s), s.toJSON()]`,
    'write statements through get/all/values': `const db = new sqlite.Database(); db.run('create table t(a)'); const w = db.query('insert into t (a) values (?)')
      return [w.run(5), w.get(6), w.all(7), w.values(8), db.query('select * from t').values()]`,
    'run on a select': `const db = new sqlite.Database(); db.run('create table t(a); insert into t values (1), (2)')
      return [db.prepare('select * from t').run(), db.prepare('select * from t where a = ?').run(1)]`,
    'prepare keeps only the first statement': `const db = new sqlite.Database()
      return [db.prepare('select 1; select 2').all(), db.prepare('select 1; selec 2').all(), db.query('select 1 a; select 2 b').all()]`,
    'prepare/query argument checks': `const db = new sqlite.Database(); const out = []
      for (const f of [() => db.query(''), () => db.query('   '), () => db.query('-- hi'), () => db.prepare('  '), () => db.prepare(''), () => db.query(1), () => db.prepare(1), () => db.prepare('-- x').all()]) {
        try { out.push(f()) } catch (e) { out.push(e) }
      }
      return out`,
  },

  statements: {
    'own properties': `const db = new sqlite.Database()
      const a = db.prepare('select 1'), b = db.prepare('select ?1')
      return [Object.keys(a), Object.keys(b), a.get === b.get, a.get === db.prepare('select 2').get]`,
    'query cache': `const db = new sqlite.Database()
      const first = db.query('select 0')
      for (let i = 1; i < 20; i++) db.query('select ' + i)
      const hit = db.query('select 0') === first
      db.query('select 20')
      const survived = db.query('select 0') === first
      for (let i = 21; i <= 40; i++) db.query('select ' + i)
      const evicted = db.query('select 0') !== first
      return [hit, survived, evicted, first.isFinalized, first.get(), db.prepare('select 1') === db.prepare('select 1')]`,
    'clearQueryCache finalizes': `const db = new sqlite.Database(); const q = db.query('select 1'); db.clearQueryCache(); return [q.isFinalized, db.query('select 1') === q]`,
    'query re-prepares a finalized statement': `const db = new sqlite.Database(); const q = db.query('select 42 a'); q.finalize()
      return [db.query('select 42 a').get(), db.query('select 42 a') === q]`,
    'MAX_QUERY_CACHE_SIZE 0 disables the cache': `const D = sqlite.Database; const before = D.MAX_QUERY_CACHE_SIZE; D.MAX_QUERY_CACHE_SIZE = 0
      try { const db = new D(); return db.query('select 1') === db.query('select 1') } finally { D.MAX_QUERY_CACHE_SIZE = before }`,
    finalize: `const db = new sqlite.Database(); const s = db.prepare('select 1 a'); const out = [s.finalize(), s.finalize(), s.isFinalized]
      for (const f of [() => s.get(), () => s.all(), () => s.run(), () => s.values(), () => s.raw(), () => [...s.iterate()], () => s.toString(), () => s.columnNames, () => s.declaredTypes,
        () => s.columnTypes, () => s.paramsCount, () => s.reader, () => s.readonly, () => s.toJSON(), () => Object.prototype.toString.call(s), () => s.safeIntegers(), () => s.as(class {}) === s]) {
        try { out.push(f()) } catch (e) { out.push(e) }
      }
      const p = db.prepare('select ?1 a'); p.finalize(); try { p.get(1) } catch (e) { out.push(e) }
      return out`,
    dispose: `const db = new sqlite.Database(); const s = db.prepare('select 1'); s[Symbol.dispose](); s[Symbol.dispose]()
      const d = new sqlite.Database(); d[Symbol.dispose]()
      let e; try { d.query('select 1') } catch (x) { e = x }
      return [s.isFinalized, e]`,
    'Statement is not constructible': `try { return new sqlite.Statement() } catch (e) { return e instanceof TypeError }`,
  },

  close: {
    'after close': `const db = new sqlite.Database(); const live = db.prepare('select 7 a'); const owned = db.query('select 8 a'); const h = db.handle
      const out = [db.close(), db.close()]
      for (const f of [() => db.inTransaction, () => db.run('select 1'), () => db.query('select 1'), () => db.prepare('select 1'), () => db.serialize(), () => live.get(), () => live.isFinalized,
        () => owned.get(), () => owned.isFinalized, () => db.handle === h, () => db.filename, () => db.transaction(() => 1)(), () => db.function('f', () => 1), () => db.loadExtension('x'),
        () => db.fileControl(sqlite.constants.SQLITE_FCNTL_DATA_VERSION, 0), () => { db.onInsert = () => 1 }, () => db.clearQueryCache(), () => live.finalize(), () => live.isFinalized]) {
        try { out.push(f()) } catch (e) { out.push(e) }
      }
      return out`,
    'close(true)': `const out = []
      { const d = new sqlite.Database(); const st = d.prepare('select 1 a'); const q = d.query('select 2 a'); out.push(d.close(true)); for (const f of [() => st.get(), () => st.isFinalized, () => q.get(), () => q.isFinalized, () => st.finalize()]) { try { out.push(f()) } catch (e) { out.push(e) } } }
      { const d = new sqlite.Database(); d.run('begin'); out.push(d.close(true)) }
      { const d = new sqlite.Database(); const it = d.prepare('select 1 union all select 2').iterate(); it.next(); out.push(d.close(true)); try { it.next() } catch (e) { out.push(e) } }
      { const d = new sqlite.Database(); d.close(); out.push(d.close(true)) }
      return out`,
    'closing keeps the file': `const d = new sqlite.Database('closing.db'); d.run('create table t(a); insert into t values (1)'); const s = d.prepare('select * from t')
      d.close()
      const stillWorks = s.all()
      s.finalize()
      const again = new sqlite.Database('closing.db')
      return [stillWorks, again.query('select * from t').all(), fs.readdirSync('.').filter((f) => f.startsWith('closing')).sort()]`,
  },

  transactions: {
    shape: `const db = new sqlite.Database(); const tx = db.transaction(() => 1)
      return [Object.getOwnPropertyNames(tx), tx.name, tx.length, Object.keys(tx), tx.database === db, tx.deferred.database === db, tx.immediate.deferred === tx.deferred, tx.default === tx,
        Object.getOwnPropertyNames(tx.deferred), Object.getOwnPropertyDescriptor(tx, 'deferred').enumerable, tx.exclusive.name]`,
    'commit and rollback': `const db = new sqlite.Database(); db.run('create table t (x unique)'); const ins = db.prepare('insert into t values (?)')
      const tx = db.transaction((a, b) => { ins.run(a); ins.run(b); return db.inTransaction })
      const out = [db.inTransaction, tx(1, 2)]
      try { tx(3, 1) } catch (e) { out.push(e) }
      out.push(db.inTransaction, db.query('select * from t').values(), tx.immediate(4, 5), tx.exclusive(6, 7), tx.deferred(8, 9), tx.default(10, 11), db.query('select count(*) n from t').get())
      return out`,
    'nested transactions are savepoints': `const db = new sqlite.Database(); db.run('create table t (x)'); const ins = db.prepare('insert into t values (?)')
      const inner = db.transaction((fail) => { ins.run(101); if (fail) throw new Error('boom'); ins.run(102) })
      const outer = db.transaction((fail) => { ins.run(100); let msg = null; try { inner(fail) } catch (e) { msg = e.message } return [msg, db.query('select count(*) n from t').get()] })
      const out = [outer(false), db.query('select * from t').values()]
      db.run('delete from t')
      out.push(outer(true), db.query('select * from t').values())
      const failing = db.transaction(() => { ins.run(1); inner(true) })
      try { failing() } catch (e) { out.push(e.message) }
      out.push(db.query('select * from t').values(), db.inTransaction)
      return out`,
    'this and arguments': `const db = new sqlite.Database()
      const o = { f: db.transaction(function (...a) { return [this === o, a] }) }
      return [db.transaction(function () { return this === undefined })(), o.f(1, 2)]`,
    'inside a manual transaction': `const db = new sqlite.Database(); db.run('create table t(a)')
      db.run('begin'); const r = db.transaction(() => { db.run('insert into t values (1)'); return db.inTransaction })(); const still = db.inTransaction; db.run('rollback')
      return [r, still, db.query('select count(*) n from t').get()]`,
    'statements inside that end the transaction': `const db = new sqlite.Database(); const out = []
      for (const sql of ['begin', 'commit', 'rollback']) { try { out.push(db.transaction(() => { db.run(sql) })()) } catch (e) { out.push(e) } out.push(db.inTransaction) }
      return out`,
    'an async function commits at once': `const db = new sqlite.Database(); const r = db.transaction(async () => 1)(); return [Object.prototype.toString.call(r), db.inTransaction]`,
    'not a function': `return new sqlite.Database().transaction(1)`,
    'a file database commits to the file': `const db = new sqlite.Database('tx.db'); db.run('create table t(a)')
      db.transaction(() => { for (let i = 0; i < 100; i++) db.run('insert into t values (?)', i) })()
      return [new sqlite.Database('tx.db', { readonly: true }).query('select count(*) n, sum(a) s from t').get(), fs.readdirSync('.').filter((f) => f.startsWith('tx.db')).sort()]`,
  },

  serialize: {
    'serialize and deserialize': `const db = new sqlite.Database(); db.run('create table t(a); insert into t values (1), (2)')
      const bytes = db.serialize()
      const d2 = sqlite.Database.deserialize(bytes)
      const out = [bytes.constructor.name, bytes.length, [...bytes.subarray(0, 20)], db.serialize('main').length, d2.filename, d2.query('select * from t').values(), d2.run('insert into t values (3)')]
      for (const f of [() => db.serialize('temp'), () => db.serialize('nope'), () => db.serialize(1), () => sqlite.Database.deserialize(bytes, true).run('insert into t values (3)'),
        () => sqlite.Database.deserialize(bytes, { readonly: true }).run('insert into t values (3)'), () => sqlite.Database.deserialize(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).query('select count(*) c from t').get(),
        () => sqlite.Database.deserialize(Buffer.from(bytes)).query('select count(*) c from t').get(), () => sqlite.Database.deserialize(bytes, { strict: true }).query('select $a a').get({ a: 1 }),
        () => sqlite.Database.deserialize(bytes, { safeIntegers: true }).query('select 1 a').get(), () => sqlite.Database.deserialize(new Uint8Array([1, 2, 3])).query('select 1').get(),
        () => sqlite.Database.deserialize(new Uint8Array(0)), () => sqlite.Database.deserialize('abc'), () => sqlite.Database.deserialize(), () => new sqlite.Database(bytes).query('select count(*) c from t').get(),
        () => new sqlite.Database(bytes, { readonly: true }).run('delete from t'), () => new sqlite.Database(new Uint8Array(0)),
        () => sqlite.Database.deserialize(new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))).query('select count(*) c from t').get()]) {
        try { out.push(f()) } catch (e) { out.push(e) }
      }
      return out`,
    'a deserialized database grows and leaves its source alone': `const db = new sqlite.Database(); db.run('create table t(a); insert into t values (1), (2)')
      const bytes = db.serialize(); const copy = bytes.slice()
      const x = sqlite.Database.deserialize(copy); x.run('insert into t select randomblob(10000) from t'); x.run('insert into t select randomblob(10000) from t')
      return [x.query('select count(*) c from t').get(), copy.equals(bytes)]`,
    'empty databases': `return [new sqlite.Database().serialize().length, new sqlite.Database('empty.db').serialize().length]`,
    'file database': `const f = new sqlite.Database('ser.db'); f.run('create table z(q)'); const s = f.serialize(); return [s.length, s.equals(fs.readFileSync('ser.db'))]`,
    'WAL database': `const f = new sqlite.Database('serw.db'); f.run('pragma journal_mode=wal'); f.run('create table z(q)'); f.run('insert into z values (1)')
      const s = f.serialize(); const out = [s.length, s[18], s[19]]
      try { out.push(sqlite.Database.deserialize(s).query('select * from z').all()) } catch (e) { out.push(e) }
      return out`,
  },

  functions: {
    'scalar function': `const db = new sqlite.Database()
      return [db.function('add2', (a, b) => a + b) === db, db.query('select add2(1, 2) r').get(), (() => { try { return db.query('select add2(1) r').get() } catch (e) { return e } })()]`,
    'argument types': `const db = new sqlite.Database()
      db.function('t', (x) => JSON.stringify([typeof x, x === null ? null : x.constructor.name, typeof x === 'bigint' ? String(x) : x instanceof Uint8Array ? Array.from(x) : x]))
      return db.query("select t(1) a, t(1.5) b, t('s') c, t(x'0102') d, t(null) e, t(9007199254740993) f, t(x'') g").get()`,
    'result types': `const db = new sqlite.Database()
      const values = { n: 1, f: 1.5, s: 's', b: new Uint8Array([1]), nul: null, u: undefined, big: 5n, t: true, fa: false, obj: {}, arr: [1], date: new Date(0), nan: NaN, hugebig: 2n ** 70n,
        buf: Buffer.from('x'), p: Promise.resolve(1), sym: Symbol(), neg0: -0, big53: 2 ** 60, ab: new ArrayBuffer(2), dv: new DataView(new ArrayBuffer(2)), u16: new Uint16Array([1]) }
      db.function('r', (k) => values[k])
      return Object.keys(values).map((k) => { try { return [k, db.query('select r(?1) v, typeof(r(?1)) t').get(k)] } catch (e) { return [k, e] } })`,
    safeIntegers: `const db = new sqlite.Database(); const sdb = new sqlite.Database(':memory:', { safeIntegers: true })
      db.function('si', { safeIntegers: true }, (a) => typeof a); db.function('big', { safeIntegers: true }, (a) => a); db.function('bo', { safeIntegers: true }, () => 2n ** 70n)
      sdb.function('ty', (a) => typeof a); sdb.function('ty2', { safeIntegers: false }, (a) => typeof a)
      const out = [db.query('select si(1) a').get(), db.query('select big(9223372036854775807) a').safeIntegers(true).get(), sdb.query('select ty(1) a, ty2(1) b').get()]
      try { out.push(db.query('select bo() a').get()) } catch (e) { out.push(e) }
      return out`,
    'throwing functions': `const db = new sqlite.Database(); db.run('create table n(a)')
      db.function('boom', () => { throw new TypeError('kaboom') }); db.function('boom2', () => { throw 42 })
      const out = []
      for (const f of [() => db.query('select boom() x').get(), () => db.query('select boom2() x').get(), () => db.run('insert into n values (boom())'), () => [...db.query('select boom() a').iterate()],
        () => db.query('select boom() a').values(), () => db.transaction(() => db.run('insert into n values (boom())'))(), () => db.inTransaction, () => db.query('select 1 ok').get()]) {
        try { out.push(f()) } catch (e) { out.push(e) }
      }
      const s = db.prepare('select boom() a'); try { s.get() } catch {} db.function('boom', () => 9); out.push(s.get())
      return out`,
    'varargs and arity': `const db = new sqlite.Database()
      db.function('cnt', { varargs: true }, (...a) => a.length); db.function('zero', () => 7); db.function('rest', (...a) => a.length); db.function('defp', (a, b = 1) => b)
      db.function('arity', (a) => 1); db.function('arity', (a, b) => 2)
      const out = [db.query('select cnt() a, cnt(1,2,3) b, zero() c, rest() d, defp(5) e, arity(0) f, arity(0, 0) g').get()]
      try { out.push(db.query('select zero(1) a').get()) } catch (e) { out.push(e) }
      return out`,
    options: `const db = new sqlite.Database(); const out = []
      db.function('det', { deterministic: true }, (a) => a); db.function('nondet', (a) => a); db.function('d', { directOnly: true }, (a) => a); db.function('inn', { innocuous: 'x' }, () => 1)
      db.run('create table ix(a)'); db.run('create index ixi on ix(det(a))')
      try { db.run('create index ixi2 on ix(nondet(a))') } catch (e) { out.push(e) }
      db.run('create view v as select d(1) x')
      try { out.push(db.query('select * from v').get()) } catch (e) { out.push(e) }
      out.push(db.query('select d(1) a, inn() b').get())
      for (const o of ['directOnly', 'varargs', 'safeIntegers', 'deterministic']) { try { db.function('o' + o, { [o]: 1 }, () => 1) } catch (e) { out.push(e) } }
      for (const o of [undefined, null, { deterministic: undefined }, { bogus: 1 }]) out.push(db.function('uo', o, () => 1) === db)
      return out`,
    'argument checks': `const db = new sqlite.Database(); const out = []
      for (const f of [() => db.function(1, () => 1), () => db.function('', () => 1), () => db.function('x'), () => db.function('x', 5, () => 1), () => db.function('x', {}, 5)]) {
        try { out.push(f()) } catch (e) { out.push(e) }
      }
      return out`,
    'overriding a builtin': `const db = new sqlite.Database(); db.function('upper', (a) => 'X'); return db.query("select upper('a') r, lower('A') l").get()`,
    'this and re-entrancy': `const db = new sqlite.Database(); const p = db.prepare('select 1 a'); const out = []
      db.function('th', function () { 'use strict'; return String(this) })
      db.function('q', () => db.query('select 1 x').get().x)
      db.function('g', () => p.get().a)
      db.function('r', () => db.run('select 1').changes)
      db.function('c', () => db.close())
      db.function('t', () => { try { return String(db.inTransaction) } catch (e) { return e.message } })
      db.function('f', () => { try { db.function('z', () => 1); return 'ok' } catch (e) { return e.message } })
      for (const sql of ['select th() r', 'select q() a', 'select g() a', 'select r() a', 'select c() a', 'select t() a', 'select f() a']) {
        try { out.push(db.query(sql).get()) } catch (e) { out.push(e) }
      }
      out.push(db.query('select 2 ok').get())
      return out`,
    'text with a NUL': `const db = new sqlite.Database(); db.function('nul', () => 'a\\u0000b'); return db.query('select nul() a, length(nul()) l').get()`,
  },

  aggregates: {
    'sum and result': `const db = new sqlite.Database(); db.run('create table n(g, v); insert into n values (1, 1), (1, 2), (2, 5)')
      db.aggregate('mysum', { start: 0, step: (acc, x) => acc + x })
      db.aggregate('avg2', { start: () => ({ s: 0, n: 0 }), step: (acc, x) => { acc.s += x; acc.n++; return acc }, result: (acc) => acc.s / acc.n })
      return [db.query('select mysum(v) s, avg2(v) a from n').get(), db.query('select g, mysum(v) s from n group by g').all(), db.query('select mysum(v) s, avg2(v) t from n where 0').get()]`,
    'accumulator semantics': `const db = new sqlite.Database(); db.run('create table n(g, v); insert into n values (1, 1), (1, 2), (2, 5)')
      db.aggregate('su', { start: () => ({ t: 0 }), step: (acc, x) => { acc.t += x }, result: (a) => a.t })
      db.aggregate('sp', { start: 5, step: (acc, x) => undefined })
      db.aggregate('sn', { start: 5, step: (acc, x) => null })
      db.aggregate('cntu', { step: (acc, x) => (acc ?? 0) + 1 })
      db.aggregate('coll', { start: () => [], step: (acc, x) => { acc.push(x); return acc }, result: (acc) => acc.join(',') })
      db.aggregate('coll2', { start: [], step: (acc, x) => { acc.push(x); return acc }, result: (acc) => acc.join(',') })
      const calls = []; db.aggregate('rc', { start: 0, step: (a, x) => a + x, result: (a) => { calls.push(a); return a } })
      let startArgs; db.aggregate('sa', { start: function (...a) { startArgs = [a.length, this === undefined]; return 0 }, step: (a, x) => a + x })
      let stepThis; db.aggregate('st', { start: 0, step: function (a, x) { stepThis = this === undefined; return a } })
      return [db.query('select g, su(v) s from n group by g').all(), db.query('select sp(v) a, sn(v) b, cntu(v) c, coll(v) d from n').get(), db.query('select coll2(v) a from n').get(), db.query('select coll2(v) a from n').get(),
        db.query('select g, rc(v) s from n group by g').all(), calls, db.query('select sa(v) a, st(v) b from n').get(), startArgs, stepThis]`,
    'window functions': `const db = new sqlite.Database(); db.run('create table n(v); insert into n values (1), (2), (5)')
      const calls = []
      db.aggregate('wsum', { start: 0, step: (a, x) => a + x, inverse: (a, x) => a - x, result: (a) => { calls.push(a); return a } })
      db.aggregate('nowin', { start: 0, step: (a, x) => a + x })
      const out = [db.query('select wsum(v) over (order by v rows between 1 preceding and current row) s from n').all(), calls]
      try { out.push(db.query('select nowin(v) over (order by v rows between 1 preceding and current row) s from n').all()) } catch (e) { out.push(e) }
      return out`,
    'varargs and arity': `const db = new sqlite.Database()
      db.aggregate('av', { varargs: true, start: 0, step: (acc, ...xs) => acc + xs.length })
      db.aggregate('none', { start: 0, step: () => 1 })
      db.aggregate('two', { start: 0, step: (acc, a, b) => acc + a * b })
      const out = [db.query('select av(1,2,3) a, two(2, 3) b').get()]
      try { out.push(db.query('select none(1) a').get()) } catch (e) { out.push(e) }
      return out`,
    'throwing callbacks': `const db = new sqlite.Database(); db.run('create table n(v); insert into n values (1), (2)'); const out = []
      db.aggregate('bs', { start: 0, step: (a, x) => { throw new Error('stepfail') } })
      db.aggregate('br', { start: 0, step: (a, x) => a, result: () => { throw new RangeError('resfail') } })
      db.aggregate('bst', { start: () => { throw new Error('startfail') }, step: (a, x) => a })
      db.aggregate('bad', { start: 0, step: (a, x) => a, result: () => ({}) })
      for (const sql of ['select bs(v) from n', 'select br(v) from n', 'select bst(v) from n', 'select bad(v) from n', 'select 1 ok']) { try { out.push(db.query(sql).get()) } catch (e) { out.push(e) } }
      return out`,
    'argument checks': `const db = new sqlite.Database(); const out = []
      for (const f of [() => db.aggregate(1, {}), () => db.aggregate('x'), () => db.aggregate('x', null), () => db.aggregate('', { step: () => 1 }), () => db.aggregate('x', { start: 0 }),
        () => db.aggregate('x', { step: 5 }), () => db.aggregate('x', { step: (a, b) => 1, result: 5 }), () => db.aggregate('x', { step: (a, b) => 1, inverse: 'x' }),
        () => db.aggregate('x', { step: (a, b) => 1, deterministic: 1 }), () => db.aggregate('x', { step: (a, b) => 1, inverse: null, result: null }) === db]) {
        try { out.push(f()) } catch (e) { out.push(e) }
      }
      return out`,
  },

  hooks: {
    'insert, update, delete': `const db = new sqlite.Database(); const ev = []
      const lab = (a) => (typeof a === 'bigint' ? a + 'n' : a === db ? 'DB' : a)
      db.run('create table h(a)')
      db.onInsert = function (...args) { ev.push(['ins', lab(this), args.length, ...args.map(lab)]) }
      db.onUpdate = (...args) => ev.push(['upd', ...args.map(lab)])
      db.onDelete = (...args) => ev.push(['del', ...args.map(lab)])
      db.run('insert into h values (1), (2)'); db.run('update h set a = 2'); db.run('delete from h where a = 2')
      db.run("attach ':memory:' as aux"); db.run('create table aux.k(a)'); db.run('insert into aux.k values (1)')
      db.run('create table wr(a primary key) without rowid'); db.run('insert into wr values (1)')
      db.run('insert into h values (5)'); db.run('insert or replace into h (rowid, a) values (3, 7)'); db.run('delete from h')
      return ev`,
    'safeIntegers rowids and rollback': `const out = []
      { const d = new sqlite.Database(':memory:', { safeIntegers: true }); d.run('create table h(a)'); d.onInsert = (db, t, rowid) => out.push(typeof rowid); d.run('insert into h values (1)') }
      { const d = new sqlite.Database(); d.run('create table h(a)'); d.onInsert = (db, t, rowid) => out.push(rowid); d.run('begin'); d.run('insert into h values (1)'); d.run('rollback') }
      return out`,
    'getters and setters': `const out = []
      const d = new sqlite.Database(); const f = () => 1
      out.push(d.onInsert, d.onUpdate, d.onDelete); d.onInsert = f; out.push(d.onInsert === f, d.onUpdate)
      d.onInsert = null; out.push(d.onInsert); d.onInsert = f; d.onInsert = undefined; out.push(d.onInsert)
      try { d.onInsert = 5 } catch (e) { out.push(e) }
      return out`,
    're-entrancy': `const d = new sqlite.Database(); d.run('create table h(a)'); let got
      d.onInsert = () => { try { got = d.query('select count(*) n from h').get() } catch (e) { got = e } }
      d.run('insert into h values (1)')
      return got`,
  },

  fileControl: {
    'memory database': `const db = new sqlite.Database(); const c = sqlite.constants; const out = []
      for (const f of [() => db.fileControl(c.SQLITE_FCNTL_PERSIST_WAL, 1), () => db.fileControl('main', c.SQLITE_FCNTL_PERSIST_WAL, -1), () => db.fileControl(c.SQLITE_FCNTL_DATA_VERSION, 0),
        () => db.fileControl(9999, 0), () => db.fileControl(c.SQLITE_FCNTL_PERSIST_WAL, new Int32Array(1)), () => db.fileControl(), () => db.fileControl(c.SQLITE_FCNTL_PERSIST_WAL, 'x'),
        () => db.fileControl(c.SQLITE_FCNTL_PERSIST_WAL, 1n), () => db.fileControl('nope', c.SQLITE_FCNTL_PERSIST_WAL, 1)]) {
        try { out.push(f()) } catch (e) { out.push(e) }
      }
      return out`,
    'file database': `const db = new sqlite.Database('fc.db'); db.run('create table t(a)'); const c = sqlite.constants
      const b = new BigInt64Array(1); b[0] = -1n
      const r = db.fileControl(c.SQLITE_FCNTL_PERSIST_WAL, b)
      return [db.fileControl(c.SQLITE_FCNTL_PERSIST_WAL, 1), r, b[0], db.fileControl(c.SQLITE_FCNTL_PERSIST_WAL), db.fileControl(c.SQLITE_FCNTL_HAS_MOVED, 0)]`,
    'persistent WAL keeps the -wal file': `const db = new sqlite.Database('pw.db'); db.run('pragma journal_mode = wal'); db.run('create table t(a)')
      db.fileControl(sqlite.constants.SQLITE_FCNTL_PERSIST_WAL, 1); db.close()
      return fs.readdirSync('.').filter((f) => f.startsWith('pw.db')).sort()`,
  },

  extensions: {
    'loadExtension argument checks': `const db = new sqlite.Database(); const out = []
      for (const f of [() => db.loadExtension(1), () => db.loadExtension()]) { try { out.push(f()) } catch (e) { out.push(e) } }
      return out`,
  },

  files: {
    'journal lifecycle': `const d = new sqlite.Database('h.db'); d.run('create table t(a)')
      const list = () => fs.readdirSync('.').filter((f) => f.startsWith('h.db')).sort()
      const out = [list(), fs.statSync('h.db').size]
      d.run('begin'); d.run('insert into t values (1)'); out.push(list()); d.run('commit'); out.push(list())
      out.push(d.query('pragma journal_mode = wal').get(), list())
      d.run('insert into t values (2)'); out.push(list(), fs.statSync('h.db-wal').size, fs.statSync('h.db-shm').size)
      d.close(); out.push(list())
      out.push(new sqlite.Database('h.db', { readonly: true }).query('select * from t').values())
      return out`,
    'the same bytes as Bun': `const d = new sqlite.Database('same.db')
      d.run('create table t (id integer primary key, name text, data blob, score real)')
      d.run('create index t_name on t(name)')
      const ins = d.prepare('insert into t (name, data, score) values (?, ?, ?)')
      d.transaction(() => { for (let i = 0; i < 500; i++) ins.run('name ' + (i * 7919 % 1000), new Uint8Array(i % 50).fill(i % 256), i / 3) })()
      d.run('delete from t where id % 3 = 0'); d.run("update t set name = name || '!' where id % 5 = 0"); d.run('vacuum')
      d.run('create table u as select * from t where id < 100'); d.run('drop table u')
      d.close()
      const bytes = fs.readFileSync('same.db')
      return [bytes.length, Buffer.from(bytes).toString('base64')]`,
    'the same WAL bytes as Bun': `const d = new sqlite.Database('samew.db'); d.run('pragma journal_mode = wal')
      d.run('create table t (a, b)'); for (let i = 0; i < 50; i++) d.run('insert into t values (?, ?)', i, 'x'.repeat(i))
      d.close()
      return Buffer.from(fs.readFileSync('samew.db')).toString('base64')`,
    'two connections see each other': `const a = new sqlite.Database('two.db'); const b = new sqlite.Database('two.db')
      a.run('create table t(a)'); a.run('insert into t values (1)')
      const out = [b.query('select * from t').values()]
      b.run('insert into t values (2)'); out.push(a.query('select * from t').values())
      a.run('pragma journal_mode = wal'); a.run('insert into t values (3)'); out.push(b.query('select * from t').values())
      b.run('insert into t values (4)'); out.push(a.query('select * from t').values())
      return out`,
    'attach a file by a relative path': `const db = new sqlite.Database(); db.run("attach 'att.db' as other"); db.run('create table other.t(a); insert into other.t values (42)')
      db.run('detach other')
      return [fs.existsSync('att.db'), new sqlite.Database('att.db').query('select * from t').get()]`,
    'database in a subdirectory': `fs.mkdirSync('sub/dir', { recursive: true }); const d = new sqlite.Database('sub/dir/x.db'); d.run('create table t(a)')
      return [d.filename, fs.readdirSync('sub/dir')]`,
  },
  sql: {
    'large values': `const db = new sqlite.Database(); const big = 'é'.repeat(300000); const blob = new Uint8Array(1 << 20).map((_, i) => i * 7)
      const r = db.query('select ?1 s, length(?1) l, ?2 b, length(?2) bl').get(big, blob)
      return [r.s === big, r.l, r.b.length, r.b[12345], r.bl]`,
    'unicode names and offsets': `const db = new sqlite.Database(); db.run('create table "tâble" ("名前" text, "ñ" int)'); db.run('insert into "tâble" values (?, ?)', 'ü', 1)
      const out = [db.query('select * from "tâble"').get(), db.query('select "名前" as "😀" from "tâble"').get()]
      try { db.query("select 'é' from nöpe") } catch (e) { out.push(e) }
      try { db.query("select 'éé', 'x' frm t") } catch (e) { out.push(e) }
      return out`,
    'schema changes under a statement': `const db = new sqlite.Database(); db.run('create table t (a); insert into t values (1)')
      const s = db.prepare('select * from t'); const out = [s.all(), s.columnNames]
      db.run('alter table t add column b default 2'); out.push(s.all(), s.columnNames)
      db.run('drop table t'); try { s.all() } catch (e) { out.push(e) }
      return out`,
    'integer arithmetic limits': `return new sqlite.Database().query('select 9223372036854775807 + 1 a, -9223372036854775808 - 1 b, 9223372036854775807 * 2 c, typeof(9223372036854775807 + 1) t, 1/0 d, 5 % 0 e').get()`,
    returning: `const db = new sqlite.Database(); db.run('create table t (id integer primary key, v)')
      return [db.query("insert into t (v) values ('a'), ('b') returning id, v").all(), db.query("update t set v = v || '!' returning *").values(), db.prepare("delete from t where id = 1 returning v").run(), db.query('select * from t').all()]`,
    'insert or ignore': `const db = new sqlite.Database(); db.run('create table t (a unique)'); db.run('insert into t values (1)')
      return [db.run('insert or ignore into t values (1)'), db.prepare('insert or ignore into t values (?)').run(1), db.run('insert or replace into t values (1)')]`,
    'manual transactions through run': `const db = new sqlite.Database(); db.run('create table t (a)')
      const out = [db.run('begin; insert into t values (1); insert into t values (2)'), db.inTransaction]
      out.push(db.run('commit'), db.inTransaction, db.run('begin'), db.run('savepoint s1'), db.run('insert into t values (3)'), db.run('rollback to s1'), db.run('release s1'), db.run('commit'), db.query('select * from t').values())
      return out`,
    'builtin functions of both builds': `const db = new sqlite.Database()
      return db.query("select json_extract('{\\"a\\":[1,2]}', '$.a[1]') j, json_group_array(value) g, sqrt(16) m, pi() p, datetime(0, 'unixepoch') d, printf('%05.1f', 3.14159) f, hex(randomblob(4)) is not null r, percentile(value, 50) pc from json_each('[1,2,3]')").get()`,
    'FTS5 and R*Tree': `const db = new sqlite.Database()
      db.run('create virtual table docs using fts5(body)'); db.run("insert into docs values ('the quick brown fox'), ('lazy dogs'), ('quick thinking')")
      db.run('create virtual table boxes using rtree(id, x0, x1)'); db.run('insert into boxes values (1, 0, 10), (2, 5, 15)')
      return [db.query("select body from docs where docs match 'quick' order by rank").values(), db.query('select id from boxes where x0 <= 7 and x1 >= 7 order by id').values()]`,
    'journal_mode on a memory database': `return new sqlite.Database().query('pragma journal_mode = wal').get()`,
    'WAL readers keep their snapshot': `const a = new sqlite.Database('snap.db'); a.run('pragma journal_mode = wal'); a.run('create table t (v); insert into t values (1), (2)')
      const b = new sqlite.Database('snap.db')
      const it = b.query('select v from t').iterate(); const first = it.next().value
      a.run('insert into t values (3)')
      const rest = [...it]
      return [first, rest, b.query('select count(*) n from t').get()]`,
    'options are truthy, not strict booleans': `const db = new sqlite.Database(':memory:', { strict: 'yes', safeIntegers: 1 })
      return [db.query('select $a a').get({ a: 2 }), (() => { try { return db.query('select $a a').get({}) } catch (e) { return e } })()]`,
    'iterate and finalize midway': `const db = new sqlite.Database(); const s = db.prepare('select 1 a union all select 2 union all select 3')
      const out = []; const it = s.iterate(); out.push(it.next()); s.finalize()
      try { out.push(it.next()) } catch (e) { out.push(e) }
      out.push(it.next())
      return out`,
    'a transaction returns what the function returns': `const db = new sqlite.Database(); db.run('create table t (a)')
      const tx = db.transaction((n) => { for (let i = 0; i < n; i++) db.run('insert into t values (?)', i); return db.query('select count(*) n from t').get() })
      return [tx(3), tx.immediate(2), db.query('select count(*) n from t').get()]`,
    'prepare flags': `const db = new sqlite.Database(); const c = sqlite.constants
      return [db.prepare('select 1 a', undefined, c.SQLITE_PREPARE_PERSISTENT).get(), db.prepare('select ?1 a', [1], 0).get(), db.prepare('select 1 a', null, '1').get()]`,
    'deserialize with numeric options': `const bytes = new sqlite.Database().serialize(); const d = new sqlite.Database(bytes, 5); return [d.filename, d.run('create table t(a)')]`,
    'statement after a failed step is usable again': `const db = new sqlite.Database(); db.run('create table t (a unique)'); const s = db.prepare('insert into t values (?)')
      const out = [s.run(1)]; try { s.run(1) } catch (e) { out.push(e) } out.push(s.run(2), db.query('select count(*) n from t').get())
      return out`,
    'foreign keys and cascades': `const db = new sqlite.Database(); db.run('pragma foreign_keys = on')
      db.run('create table p (id integer primary key); create table c (pid references p(id) on delete cascade)')
      db.run('insert into p values (1), (2); insert into c values (1), (1), (2)')
      return [db.run('delete from p where id = 1'), db.query('select count(*) n from c').get()]`,
  },
}

// ------------------------------------------------------------------ the run

const bun: Record<string, Record<string, unknown>> = {}
const ours: Record<string, Record<string, unknown>> = {}

beforeAll(async () => {
  await loadSqlite()
  const flat: Cases = {}
  for (const [group, cases] of Object.entries(GROUPS)) {
    for (const [name, body] of Object.entries(cases)) flat[`${group}: ${name}`] = body
  }
  const fromBun = runCasesInBun(flat)
  const fromUs = runCasesHere(flat)
  for (const group of Object.keys(GROUPS)) {
    bun[group] = {}
    ours[group] = {}
  }
  for (const key of Object.keys(flat)) {
    const group = key.slice(0, key.indexOf(': '))
    const name = key.slice(key.indexOf(': ') + 2)
    ;(bun[group] as Record<string, unknown>)[name] = fromBun[key]
    ;(ours[group] as Record<string, unknown>)[name] = fromUs[key]
  }
}, 120_000)

for (const [group, cases] of Object.entries(GROUPS)) {
  describe(group, () => {
    for (const name of Object.keys(cases)) {
      it(name, () => {
        expect(bun[group]?.[name]).not.toBeUndefined()
        expect(ours[group]?.[name]).toEqual(bun[group]?.[name])
      })
    }
  })
}
