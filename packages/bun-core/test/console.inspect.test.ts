/**
 * Differential test of Bun's value formatting: every case is a JavaScript
 * argument list; the real Bun prints it with `console.log(...args)` (with
 * and without colours) and with `Bun.inspect(args[0], options)` for several
 * options, in one run per colour mode, and our `formatArgs`/`inspect` must
 * print the same bytes (compared as UTF-8, as a terminal receives them).
 *
 * Values are built from source in both engines. Left out, because the
 * value cannot be the same in both: engine built-ins whose property lists
 * differ between JavaScriptCore and V8 (Math, Intl, TextEncoder, Event,
 * AbortSignal, iterator prototypes…), errors whose stack is the engine's own
 * (every error here has an explicit `stack` string), function names that
 * depend on Bun's transpiler inlining, string bodies (Node adds a
 * `content-type` header), text Blob types (Bun adds `;charset=utf-8`), and the
 * order of symbol keys mixed with string keys (JavaScriptCore keeps
 * insertion order, JavaScript reveals strings first), and Headers not
 * created in sorted order (Bun lists them as inserted, Headers iterate sorted).
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { inspect as nodeInspect, types } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatArgs, type InspectOptions, inspect, setInspectHooks } from '../src/runtime/console/inspect.js'
import type { BodyInfo } from '../src/runtime/console/web.js'
import { runRealBunScript } from './support/real-bun.js'

const OPTIONS: InspectOptions[] = [
  {},
  { colors: true },
  { depth: 0 },
  { depth: 1 },
  { compact: true },
  { sorted: true },
  { depth: 3, colors: true, compact: true },
]

/** Hand-picked cases: argument lists of `console.log`. */
const CASES: string[] = [
  '(()=>{ class A { constructor(){ this.x=1 } get y(){return 2} }; return new A })()',
  '(()=>{ class A {}; return new A })()',
  '(()=>{ function f(){}; f.a=1; return f })()',
  "(()=>{ const o={}; Object.defineProperty(o,'h',{value:1,enumerable:false}); o.v=2; return o })()",
  '(()=>{ const o={ get g(){return 1}, set s(v){}, get gs(){return 1}, set gs(v){} }; return o })()',
  '{ "a-b": 1, "a b": 2, \'q"x\': 3, 1: 4, "é": 5, "ü x": 6, "日本": 7 }',
  'Object.create(null)',
  '(()=>{const o=Object.create(null); o.a=1; return o})()',
  '[1.5, -0, 0, 1e21, 1e-7, 123456789012345680000, 2**31, 2**53, -1, 0.1+0.2]',
  'new Number(3)',
  'new Number(-0)',
  'new String("abc")',
  'new Boolean(false)',
  "Object(Symbol('x'))",
  'Object(10n)',
  '/ab+c/gi',
  'new Date(0)',
  'new Date(NaN)',
  '"a\\nb\\"c\'d\\\\e\\u0001\\t"',
  '["a\\nb\\"c\'d\\\\e\\u0001\\t"]',
  '["日本", "é", "\\u{1F600}", "\\ud800"]',
  '{ s: "x" }',
  '[undefined, null, true, false]',
  '[[1,[2,[3,[4,[5]]]]]]',
  '{a:{b:{c:{d:{e:1}}}}}',
  '[{a:{b:{c:{}}}}]',
  'new Array(5)',
  '[1,,3]',
  '[1,,,,5,,]',
  'Array.from({length:120},(_, i)=>i)',
  'Object.assign([1,2],{x:1})',
  'new Uint8Array([1,2,3])',
  'new Float64Array([1.5, -0, NaN])',
  'new BigInt64Array([1n,-2n])',
  'new ArrayBuffer(4)',
  'new DataView(new ArrayBuffer(3))',
  'Buffer.from("hi")',
  'new Uint8Array(0)',
  'new Float32Array([0.1])',
  'new Uint8Array(600)',
  '(()=>{ class A { constructor(){ this.x=1 } m(){} }; return new A })()',
  '(()=>{ class A { m(){} }; return new A })()',
  '(()=>{ class A { m(){} get g(){return 1} }; return new A })()',
  '(()=>{ class A { constructor(){this.x=1} static s(){} }; class B extends A { constructor(){super(); this.y=2} get z(){return 3} }; return new B })()',
  '(()=>{ class A { get a(){return 1} }; class B extends A { get z(){return 3} }; const b = new B; b.q=1; return b })()',
  '(()=>{ const p={ pm(){}, pv: 1 }; const o=Object.create(p); o.own=1; return o })()',
  '(()=>{ const p={ pm(){}, pv: 1 }; const o=Object.create(p); return o })()',
  '(()=>{ const p={ get pg(){return 1} }; const o=Object.create(p); o.own=1; return o })()',
  '(()=>{ const p={ get pg(){return 1} }; const o=Object.create(p); return o })()',
  "(()=>{ const o={a:1}; Object.defineProperty(o,'hid',{value:2, enumerable:false}); return o })()",
  "(()=>{ const o={}; Object.defineProperty(o,'hid',{value:2, enumerable:false}); return o })()",
  "(()=>{ const o={a:1}; Object.defineProperty(o,'g',{get(){return 2}, enumerable:false}); return o })()",
  "(()=>{ const o={a:1}; Object.defineProperty(o,'g',{get(){return 2}, enumerable:true}); return o })()",
  "(()=>{ class A { constructor(){ this.x=1 } }; const a = new A; Object.defineProperty(A.prototype, 'pp', {value: 5, enumerable: true}); return a })()",
  "(()=>{ const o = {a:1, [Symbol.toStringTag]: 'Tagged'}; return o })()",
  "(()=>{ class A { get [Symbol.toStringTag](){ return 'TT' } }; const a = new A; a.x = 1; return a })()",
  '(()=>{ const o = {a:1, constructor: 5, __proto__: null}; return o })()',
  '(()=>{ const o = {a:1}; o.constructor = 5; return o })()',
  '(()=>{ const o = {"": 1, a: 2}; return o })()',
  '(()=>{ const o = {a: undefined}; return o })()',
  '(()=>{ const o = [1,2]; o[-1]=3; return o })()',
  '(()=>{ const o = {b:1, a:2, 2:3, 1:4}; return o })()',
  '(()=>{ function F(){ this.a=1 }; return new F })()',
  '(()=>{ function F(){ }; F.prototype.m = function(){}; return new F })()',
  '(()=>{ function F(){ this.z=1 }; F.prototype.m = function(){}; F.prototype.v=1; return new F })()',
  '["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", new Uint8Array(3), "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx"]',
  '["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "日本", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx"]',
  '["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", [], "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx"]',
  '["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", [[1]], "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx"]',
  '["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", new Set([1]), "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx"]',
  '["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", {}, "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx"]',
  '"plain"',
  '""',
  '"a\\nb"',
  '"tab\\there"',
  '"quote\\"d"',
  '"single\'q"',
  '"back\\\\slash"',
  '"\\x00\\x01\\x1f\\x7f"',
  '"日本語"',
  '"emoji 😀"',
  '"\\ud800 lone"',
  '"é latin1"',
  '["", "a", "日本"]',
  '{ "": 1 }',
  '{ "a b": 1, "c-d": 2, "e.f": 3, "$g": 4, "_h": 5, "1": 6, "01": 7, "-1": 8, "1.5": 9 }',
  '{ "日本": 1, "é": 2, "q\\"uote": 3, "new\\nline": 4, "日\\"本": 5 }',
  '{ a: "str", b: "日本", c: "" }',
  '{ [Symbol.iterator]: 1, [Symbol.for("reg")]: 2, [Symbol("")]: 3 }',
  '{ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: 1 } } } } } } } } } }',
  '[[[[[[[[[[1]]]]]]]]]]',
  'new Map([[{a: 1}, [1, 2]], ["k", new Map([[1, new Set([2])]])]])',
  'new Set([[1, 2], {a: 1}, "s", 1n])',
  'new Map([["a", 1], ["b", 2], ["c", 3]])',
  'new Map([[NaN, -0], [undefined, null]])',
  '[1, 2, 3, "a", "b", null, undefined, true, false, 1n, -1n, 0.5, -0.5, 1e100, -1e-100]',
  'Array.from({ length: 101 }, (_, i) => i)',
  'Array.from({ length: 150 }, (_, i) => "s" + i)',
  'Array.from({ length: 11 }, (_, i) => i)',
  'Array.from({ length: 10 }, (_, i) => i)',
  '[,]',
  '[, ,]',
  '[, 1]',
  '[1, , , , , , , , , , , , 2]',
  '(() => { const a = []; a[5] = 1; a[200] = 2; return a })()',
  '(() => { const a = [1, 2]; a.x = "y"; a[Symbol("s")] = 3; return a })()',
  '(() => { const a = [1, 2]; Object.defineProperty(a, "h", { value: 1, enumerable: false }); return a })()',
  '(() => { const a = [1]; Object.defineProperty(a, 0, { get() { return 5 }, enumerable: true }); return a })()',
  '(() => { const a = [1, 2, 3]; a.length = 5; return a })()',
  '[function () {}, function named() {}, () => {}, async () => {}, function* g() {}, async function* ag() {}, class {}, class C {}, class D extends Array {}]',
  '(() => { class A { constructor() { this.a = 1; this.b = "two" } get c() { return 3 } set d(v) {} static s() {} m() {} }; return new A() })()',
  '(() => { class A { #priv = 1; pub = 2 }; return new A() })()',
  '(() => { class A { static x = 1 }; return A })()',
  '(() => { const o = {}; o.o = o; o.arr = [o, { o }]; return o })()',
  '(() => { const a = [1]; a.push(a); return a })()',
  '(() => { const m = new Map(); m.set("self", m); return m })()',
  '(() => { const s = new Set(); s.add(s); return s })()',
  '(() => { const o = { a: 1 }; return [o, o, { o }] })()',
  'new Date(1700000000000)',
  'new Date(-1)',
  'new Date(8.64e15)',
  '[new Date(0), new Date(NaN)]',
  '/a\\/b[c]/gimsuy',
  'new RegExp("")',
  '[/x/, /y/g]',
  'new Number(1.5)',
  'new Number(NaN)',
  'new Number(-Infinity)',
  'new Boolean(true)',
  'new String("")',
  'new String("日本")',
  '[new String("s"), new Number(1), new Boolean(false)]',
  '{ s: new String("x"), n: new Number(2) }',
  'Symbol()',
  'Symbol("")',
  'Symbol("with space")',
  'Symbol.asyncIterator',
  '[Symbol(), Symbol("a")]',
  '-0',
  '[-0, 0, +0]',
  '0.1 + 0.2',
  '123456789012345678901234567890',
  '1e21',
  '1e-7',
  '0.000001',
  '-1e-7',
  '5e-324',
  '1.7976931348623157e308',
  '2 ** 31',
  '-(2 ** 31)',
  '2 ** 31 - 1',
  'NaN',
  '-Infinity',
  '123n',
  '-123n',
  '12345678901234567890123456789n',
  '0n',
  'true',
  'null',
  'undefined',
  '[null, undefined]',
  '{ u: undefined, n: null }',
  'Promise.resolve({ a: 1 })',
  'Promise.reject(new Error("x")).catch(() => {}) && (() => { const p = Promise.reject(1); p.catch(() => {}); return p })()',
  'new Promise(() => {})',
  '[Promise.resolve(1), new Promise(() => {})]',
  '{ p: Promise.resolve(1) }',
  'new WeakMap()',
  'new WeakSet()',
  '{ w: new WeakMap([[{}, 1]]) }',
  '(function () { return arguments })()',
  '(function () { return arguments })(1, "a", {})',
  'new Uint8Array([0, 127, 128, 255])',
  'new Int8Array([-128, 127])',
  'new Uint16Array([65535])',
  'new Int32Array([-1, 2147483647])',
  'new Uint32Array([4294967295])',
  'new Float32Array([1.5, NaN, Infinity, -0])',
  'new Float64Array([0.1, 1e300])',
  'new BigUint64Array([18446744073709551615n])',
  'new Uint8ClampedArray([1, 2])',
  'new Uint8Array(520)',
  'new Float64Array(515)',
  'new ArrayBuffer(0)',
  'new ArrayBuffer(3)',
  'new DataView(new ArrayBuffer(4))',
  '[new Uint8Array(2), new ArrayBuffer(2)]',
  '{ t: new Int16Array(3) }',
  'Buffer.from("hello world")',
  'Buffer.alloc(0)',
  'Buffer.alloc(51)',
  'Buffer.alloc(52)',
  '[Buffer.from("ab"), { b: Buffer.from("c") }]',
  '{ get a() { return 1 }, set b(v) {}, get c() { return 1 }, set c(v) {} }',
  'Object.assign(Object.create(null), { a: 1, b: [1] })',
  'Object.create({ inherited: 1 })',
  'Object.create(Object.create({ deep: 1 }))',
  '(() => { const p = { a: 1 }; const o = Object.create(p); o.b = 2; return o })()',
  '(() => { function F() { this.x = 1 }; F.prototype.y = 2; return new F() })()',
  '(() => { const o = { a: 1 }; Object.defineProperty(o, "b", { value: 2, enumerable: false }); Object.defineProperty(o, "c", { get() { return 3 }, enumerable: false }); return o })()',
  '(() => { const o = { constructor: "not a function", a: 1 }; return o })()',
  '{ [Symbol.toStringTag]: "Custom", x: 1 }',
  '(() => { class T { get [Symbol.toStringTag]() { return "Tag" } }; return new T() })()',
  '(() => { const o = { a: 1, b: 2 }; delete o.a; return o })()',
  '(() => { const o = {}; for (let i = 0; i < 30; i++) o["key" + i] = i; return o })()',
  '{ "__proto__": 1 }',
  'JSON.parse(\'{"__proto__": {"x": 1}}\')',
  '{ nested: { array: [1, { deep: [2, { deeper: 3 }] }] } }',
  '{ fn: function () {}, arrow: () => {}, cls: class {}, named: function n() {} }',
  '{ date: new Date(0), re: /x/, err: 1 }',
  '[new Map(), new Set(), [], {}]',
  '[[], [[]], [[], []]]',
  '{ a: [], b: {}, c: new Map(), d: new Set() }',
  '(() => { const g = (function* () { yield 1 })(); return g })()',
  '(() => { const m = new Map([[1, 2], [3, 4]]); return m.keys() })()',
  '(() => { const s = new Set(["a", "b"]); return s.entries() })()',
  '(() => { const m = new Map([[1, { a: 1 }]]); return { it: m.values() } })()',
  '{ [Symbol.for("nodejs.util.inspect.custom")]() { return "custom!" } }',
  '{ [Symbol.for("nodejs.util.inspect.custom")](depth, opts) { return { depth, opts } } }',
  '[{ [Symbol.for("nodejs.util.inspect.custom")]() { return [1, 2] } }]',
  '{ a: { [Symbol.for("nodejs.util.inspect.custom")]() { return 42 } } }',
  '{ $$typeof: Symbol.for("react.element"), type: "div", props: { className: "x", children: "hello" }, key: null }',
  '{ $$typeof: Symbol.for("react.transitional.element"), type: "span", props: {}, key: "k" }',
  '{ $$typeof: Symbol.for("react.element"), type: function Comp() {}, props: { a: 1, b: "two", children: [{ $$typeof: Symbol.for("react.element"), type: "i", props: {} }, "text"] } }',
  '{ $$typeof: Symbol.for("react.fragment"), props: { children: "x" } }',
  '{ $$typeof: Symbol.for("react.element"), type: "input", props: { type: "text", value: "v", disabled: true, placeholder: "p", name: "n" } }',
  'new Proxy({ a: 1 }, {})',
  'new Proxy([1, 2], { get() { return 9 } })',
  'new Proxy(function pf() {}, {})',
  '{ px: new Proxy(new Map([[1, 2]]), {}) }',
  '(() => { const e = new Error("m1"); e.stack = "Error: m1\\n    at foo (/x/a.js:1:2)\\n    at new Bar (/x/b.js:3:4)\\n    at async baz (/x/c.js:5:6)\\n    at /x/d.js:7:8\\n    at q (/x/e.js:9:10)"; return e })()',
  '(() => { const e = new Error("m2"); e.stack = "Error: m2\\n    at <anonymous> (/x/e.js:9:10)\\n    at eval (eval at <anonymous> (/x/f.js:1:1), <anonymous>:1:1)\\n    at foo (native)\\n    at bar (/p:1)\\n    at baz (file:///a/b.js:12:34)\\n    at Object.method [as alias] (/x/g.js:1:1)\\n    at global code (/x/h.js:2:3)\\n    at z (C:\\\\w\\\\x.js:4:5)\\n    at y (node:fs:1:2)\\n    at x (/a:b:c)\\n    at w (/q.js:0:0)"; return e })()',
  '(() => { const e = new TypeError("tt"); e.stack = "TypeError: tt\\n    at f (/a.js:1:1)"; return e })()',
  '(() => { const e = new Error("m"); e.stack = "Error: m\\n    at f (/a.js:1:1)"; e.code = "ECODE"; e.errno = -2; e.path = "/p"; e.syscall = "open"; return e })()',
  '(() => { const e = new Error("ENOENT: no such file"); e.stack = "Error: x\\n    at f (/a.js:1:1)"; e.code = "ENOENT"; return e })()',
  '(() => { const e = new Error("ENOENT:x"); e.stack = "Error: x\\n    at f (/a.js:1:1)"; e.code = "ENOENT"; return e })()',
  '(() => { const e = new TypeError("ERR_X: boom"); e.stack = "Error: x\\n    at f (/a.js:1:1)"; e.code = "ERR_X"; return e })()',
  '(() => { const e = new Error("m"); e.stack = "Error: m\\n    at f (/a.js:1:1)"; e.code = 42; return e })()',
  '(() => { const e = new Error("m"); e.stack = "Error: m\\n    at f (/a.js:1:1)"; e.name = "Custom"; return e })()',
  '(() => { const e = new Error(""); e.stack = "Error\\n    at f (/a.js:1:1)"; return e })()',
  '(() => { const e = new Error(""); e.stack = "Error\\n    at f (/a.js:1:1)"; e.name = ""; return e })()',
  '(() => { const e = new Error("multi\\nline"); e.stack = "Error\\n    at f (/a.js:1:1)"; return e })()',
  '(() => { class MyErr extends Error {}; const e = new MyErr("mine"); e.stack = "x\\n    at f (/a.js:1:1)"; return e })()',
  '(() => { class MyErr extends Error { constructor(m) { super(m); this.name = "MyErr"; this.extra = { a: 1 } } }; const e = new MyErr("mine"); e.stack = "x\\n    at f (/a.js:1:1)"; return e })()',
  '(() => { const e = new Error("props"); e.stack = "x\\n    at f (/a.js:1:1)"; Object.assign(e, { num: 1, str: "s", fn: function fx() {}, arr: [1, { a: { b: 1 } }], obj: { deep: { er: { x: 1 } } }, nul: null, undef: undefined, verylongpropertyname: 1, buf: Buffer.from("hi"), u8: new Uint8Array([104, 105]), bad: new Uint8Array([255]), date: new Date(0), map: new Map([[1, 2]]), sym: Symbol("q") }); e[Symbol("sy")] = 1; e[0] = "idx"; Object.defineProperty(e, "hidden", { value: 1, enumerable: false }); Object.defineProperty(e, "getter", { get() { return 1 }, enumerable: true }); return e })()',
  '(() => { const e = new Error("outer", { cause: new Error("inner") }); e.stack = "E\\n    at o (/o.js:1:1)"; e.cause.stack = "E\\n    at i (/i.js:1:1)"; return e })()',
  '(() => { const mk = (m) => { const e = new Error(m); e.stack = "E\\n    at " + m + " (/" + m + ".js:1:1)"; return e }; const e = mk("m4"); e.cause = mk("c1"); e.cause.cause = mk("c2"); e.cause.cause.cause = mk("c3"); return e })()',
  '(() => { const mk = (m, c) => { const e = new Error(m, c ? { cause: c } : undefined); e.stack = "E\\n    at " + m + " (/" + m + ".js:1:1)"; return e }; return mk("a", mk("b", mk("c", mk("d", mk("e"))))) })()',
  '(() => { const e = new Error("circ"); e.stack = "E\\n    at f (/a.js:1:1)"; e.cause = e; return e })()',
  '(() => { const a = new Error("a", {}); a.stack = "E\\n    at a (/a.js:1:1)"; const b = new Error("b", { cause: a }); b.stack = "E\\n    at b (/b.js:1:1)"; Object.defineProperty(a, "cause", { value: b, enumerable: false }); return a })()',
  '(() => { const e = new Error("c"); e.stack = "E\\n    at f (/a.js:1:1)"; e.cause = { a: 1 }; return e })()',
  '(() => { const e = new Error("c"); e.stack = "E\\n    at f (/a.js:1:1)"; e.cause = "str"; return e })()',
  '(() => { const e = new AggregateError([1, "two", { three: 3 }], "agg"); e.stack = "A\\n    at f (/a.js:1:1)"; return e })()',
  '(() => { const e = new Error("nested"); e.stack = "E\\n    at f (/a.js:1:1)"; return { e, arr: [e] } })()',
  '(() => { const e = new Error("deep"); e.stack = "E\\n    at f (/a.js:1:1)"; e.obj = { x: 1 }; return { a: { e } } })()',
  '(() => { const e = new Error("in map"); e.stack = "E\\n    at f (/a.js:1:1)"; return new Map([["k", e]]) })()',
  '(() => { const e = new Error("sub"); e.stack = "E\\n    at f (/a.js:1:1)"; const o = new Error("outer"); o.stack = "E\\n    at o (/o.js:1:1)"; o.sub = e; return o })()',
  '(() => { const e = new Error("custom"); e.stack = "E\\n    at f (/a.js:1:1)"; e[Symbol.for("nodejs.util.inspect.custom")] = () => "CUSTOM ERR"; return e })()',
  '(() => { const e = new Error("m"); e.stack = "E\\n    at f (/a.js:1:1)"; e.nested = { [Symbol.for("nodejs.util.inspect.custom")]() { return "inner custom" } }; return e })()',
  '(() => { const e = new Error("m"); delete e.stack; e.stack = "E\\n    at f (/a.js:1:1)"; Object.defineProperty(e, "message", { value: "redefined", enumerable: true }); return e })()',
  '(() => { const e = new Error("t"); e.stack = "E\\n" + Array.from({ length: 40 }, (_, i) => "    at f" + i + " (/a.js:" + (i + 1) + ":1)").join("\\n"); return e })()',
  '"%s", (() => { const e = new Error("in %s"); e.stack = "E\\n    at f (/a.js:1:1)"; return e })()',
  '"before", (() => { const e = new Error("two args"); e.stack = "E\\n    at f (/a.js:1:1)"; return e })(), "after"',
  '"%s|%d|%i|%f|%o|%O|%j|%c|%%|%x", "s", 42.5, 42.5, 42.5, { a: 1 }, { b: 2 }, { c: 3 }, "color:red"',
  '"%s %s", "only"',
  '"a", "b", 1, { x: 1 }',
  '"%d", "abc", "extra", 5',
  '"%i %i %i %i", 1e21, 1e-7, -3.7, 2 ** 40',
  '"%f %f %f", "3.5abc", 1e21, Symbol("x")',
  '"%d %i", Symbol("x"), Symbol("y")',
  '"%s %s %s %s %s", 1, { a: 1 }, [1, 2], null, undefined',
  '"%o", "str"',
  '"%O", "str"',
  '"%j", undefined',
  '"%%", 1',
  '"100%", 1',
  '"%", 1',
  '1, "%s", 2',
  '["a"], "a"',
  '/x/, 5',
  '"%s"',
  '"%s", "a\\nb"',
  '"a%", "b"',
  '"%5d", 1',
  '"%-s", 1',
  '"%.2f", 1.234',
  '"%%%s", 1',
  '"%%s", 1',
  '"a%%b%s", 1',
  '"%s%%%s", 1, 2',
  '"%s%s", 1, 2, 3',
  '"x%sy%sz", 1',
  '"%o %O", [1, [2, [3, [4]]]], { a: { b: { c: { d: 1 } } } }',
  '"%s", "%s", 1',
  '"%d%%", 50',
  '"%c%s", "css", "after"',
  '"é%sü", "日"',
  '"%i", "42.9px", "%f", "1.5e3"',
  '"%d", -0, "%i", -0.5',
  '"%f", -0',
  '"%d", 1.5e300',
  '"%d", 123456789012',
  '"%d", "  12  "',
  '"%d %d %d", true, null, undefined',
  '"%f %f %f", true, null, undefined',
  '"%f", 0.1',
  '"%f", 1e-7',
  '"%f", 123.456e-10',
  '"%d", 5e-324',
  '"%s", -0',
  '"%s", 1n',
  '"%o", new Map([[1, 2]])',
  '"%j", { toJSON() { return "tj" } }',
  '"%j", { a: [1, "x"] }',
  '"%j", function () {}',
  '"%s", [1, [2, 3]], { toString() { return "TS" } }',
  '"%d", 10n',
  '"%f", 10n',
  '"%s", Symbol("s")',
  '"%j", { b: 1n }',
  '"%j", (() => { const o = {}; o.o = o; return o })()',
  '"%s", { toString() { return "custom toString" } }',
  '"%s", Object.create(null)',
  '"%d", { valueOf() { return 7 } }',
  '"%s", new Date(0)',
  '"%s", [1, [2, [3]]]',
  '"%O", "x", "%o", "y"',
  '"a", "%s", "b", "c"',
  '"%s %s", "a"',
  '"", ""',
  '" ", " "',
  '"%s\\n%s", "line1", "line2"',
  '"%s", "日本語", "%d", 3',
  '"%d", "0x10"',
  '"%i", "1e3"',
  '"%f", "Infinity"',
  '"%f", "-Infinity"',
  '"%d", Infinity',
  '"%i", -Infinity',
  '"%d", NaN',
  '"%f", 1e21',
  '"%f", -1e-7',
  '"%f", 0.000001',
  '"%f", 999999999999999999999',
  'new URL("https://user:pw@example.com:8080/p/a?q=1#h")',
  'new URLSearchParams("a=1&b=2&a=3")',
  'new URLSearchParams("")',
  'new Headers({"Content-Type": "text/plain", "X-A": "1"})',
  'new Headers()',
  'new Request("https://example.com/")',
  'new Response(null)',
  'new Blob([])',
  '(()=>{ const f = new FormData(); f.append("a","1"); f.append("a","2"); f.append("b", "x"); return f })()',
  'new FormData()',
  'Symbol.iterator',
  'Symbol.for("reg")',
  'new WeakMap([[{}, 1]])',
  'new WeakSet([{}])',
  'new WeakRef({a:1})',
  'new Map([[1,2],[3,4]]).entries()',
  'new Map([[1,2],[3,4]]).keys()',
  'new Set([1,2]).values()',
  '(function*(){ yield 1 })()',
  '(async function(){})()',
  '(function(){ return arguments })(1,2)',
  'Map',
  'Object',
  'Function',
  'Promise',
  'Array.prototype.push',
  'parseInt',
  '(class extends Map {})',
  '(class Foo extends Error {})',
  '(class {})',
  '(class A { static x = 1 })',
  '(()=>{ class A {}; class B extends A {}; return B })()',
  '(()=>{ const o = { m(){} }; return o.m })()',
  '(()=>{ const o = { async *am(){} }; return o.am })()',
  '(()=>{ return function(){}.bind(null) })()',
  '(()=>{ function f(){}; return f.bind(null) })()',
  'new Proxy([1,2], {})',
  'new Proxy(new Map([[1,2]]), {})',
  '(()=>{ const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy })()',
  '(()=>{ return ({ m: function named(){} }).m })()',
  '(()=>{ function f(){}; f.displayName = "DN"; return f })()',
  '(()=>{ class A { static m(){} }; return A.m })()',
  "(()=>{ return Object.getOwnPropertyDescriptor({get x(){return 1}}, 'x').get })()",
  "(()=>{ return Object.getOwnPropertyDescriptor({set x(v){}}, 'x').set })()",
  '(()=>{ return ({ ["comp" + "uted"](){} }).computed })()',
  '(()=>{ return ({ "str key"(){} })["str key"] })()',
  '(()=>{ return ({ 123(){} })[123] })()',
  "new Function('a', 'return a')",
  '(async () => {})',
  '(async function(){})',
  '(async function af(){})',
  '(function*(){})',
  '(()=>{ function f(){}; Object.setPrototypeOf(f, null); return f })()',
  '(()=>{ function f(){}; Object.setPrototypeOf(f, {}); return f })()',
  '(()=>{ class A { static name = "Z" }; return A })()',
  '(()=>{ class A { static get name() { return "G" } }; return A })()',
  '(()=>{ return [class {}] })()',
  '(()=>{ return [class extends Map {}] })()',
  '(()=>{ class A extends null {}; return A })()',
  '(()=>{ function F(){}; class A extends F {}; return A })()',
  '(()=>{ return [function(){}] })()',
  '(()=>{ return [function(){}.bind(null), (()=>{}).bind(null)] })()',
  '(()=>{ function f(){}; return [f.bind(null).bind(null)] })()',
  '(()=>{ class A {}; return [A.bind(null)] })()',
  '[Date, RegExp, Error, TypeError, Uint8Array, ArrayBuffer, Promise.resolve, JSON.parse, BigInt, String, Number, Boolean]',
  'new FinalizationRegistry(()=>{})',
  'new SharedArrayBuffer(2)',
  'Object(1n)',
  '(()=>{ const it = new Map([[1,2]]).entries(); it.next(); return it })()',
  '(()=>{ const it = new Map([[1,{a:1}]]).values(); return [it] })()',
  '(()=>{ const it = new Set([]).values(); return it })()',
  'new Blob(["x".repeat(1023)])',
  'new Blob(["x".repeat(1024)])',
  'new Blob(["x".repeat(1536)])',
  'new Blob(["x".repeat(1024*1024)])',
  'new Blob(["x".repeat(1024*1024*3 + 5)])',
  '{r: new Request("https://x.y/")}',
  'Response.redirect("https://x.y/", 301)',
  'Response.error()',
  'Buffer.alloc(60)',
  'Object.assign(Buffer.from([1]), {a: 1})',
  '[Buffer.from("x")]',
  '{b: Buffer.from("xy")}',
  'new Float64Array([Infinity, -Infinity, 1e21, 1e-7, 5e-324])',
  'new BigUint64Array(515).length === 515 ? new BigUint64Array(515) : 0',
  'new Int16Array([-1, 32767])',
  'new Uint8ClampedArray([300])',
  'Object.assign(new Uint8Array(2), {x: 1})',
  'new Uint8Array(new ArrayBuffer(8), 2, 3)',
  'new DataView(new ArrayBuffer(8), 2, 3)',
  '[new Uint8Array(1), new Uint8Array(1)]',
  '[1, new Uint8Array(1)]',
  '(()=>{ class A { constructor(){this.x=1} }; Object.defineProperty(A.prototype, Symbol.toStringTag, {value: "PT"}); return new A })()',
  '(()=>{ class A { constructor(){this.x=1; this[Symbol.toStringTag] = "OWN"} }; return new A })()',
  '(()=>{ function Foo(){}; return {constructor: Foo, a: 1} })()',
  '(()=>{ function Foo(){}; return {constructor: Foo} })()',
  '(()=>{ class A { static name = "Z"; constructor(){this.x=1} }; return new A })()',
  "(()=>{ class A { constructor(){this.x=1} }; Object.defineProperty(A, 'name', {value: 'NM'}); return new A })()",
  '(()=>{ const o = Object.create({ [Symbol.toStringTag]: "ProtoTag" }); o.a = 1; return o })()',
  '(()=>{ class A { constructor(){this.x=1} }; A.displayName = "DISP"; return new A })()',
  '(()=>{ const p = { constructor: function Bar(){} }; const o = Object.create(p); o.a=1; return o })()',
  '(()=>{ class MyNum extends Number {}; return new MyNum(3) })()',
  '(()=>{ class MyBool extends Boolean {}; return new MyBool(false) })()',
  '(()=>{ class MyStr extends String {}; return new MyStr("s") })()',
  '(()=>{ class MyArr extends Array {}; return MyArr.from([1,2]) })()',
  '(()=>{ class MyMap extends Map {}; return new MyMap([[1,2]]) })()',
  '(()=>{ class MyErr extends Error {}; const e = new MyErr("x"); e.stack = "MyErr: x\\n    at f (/a.js:1:1)"; return [e] })()',
  '(()=>{ class MyPromise extends Promise {}; return MyPromise.resolve(1) })()',
  '(()=>{ class MyDate extends Date {}; return new MyDate(0) })()',
  '(()=>{ class MyRe extends RegExp {}; return new MyRe("a", "g") })()',
  '(()=>{ class U extends Uint8Array {}; return new U(2) })()',
  '(()=>{ class A { constructor(){ this.x = 1 } }; const a = new A; Object.setPrototypeOf(a, null); return a })()',
  "(()=>{ const o = {a:1}; Object.defineProperty(o, 'constructor', {value: function Q(){}, enumerable: false}); return o })()",
  '(()=>{ const o = Object.create(Function.prototype); o.a = 1; return o })()',
  '(() => { const a = []; a[1e9] = 1; a[5] = 2; a[2000] = 3; return a })()',
  'new Array(4294967295)',
  '"x".repeat(20000)',
  '["y".repeat(5000), { k: "z".repeat(3000) }]',
  'Object.fromEntries(Array.from({ length: 150 }, (_, i) => ["k" + i, i]))',
  'Array.from({ length: 5000 }, (_, i) => (i % 1000 === 0 ? undefined : i))',
  'new Map(Array.from({ length: 120 }, (_, i) => [i, "v" + i]))',
  'new Set(Array.from({ length: 120 }, (_, i) => i))',
  'new Event("error")',
  'new Event("message")',
  'new MessageEvent("message", { data: { x: 1 } })',
  '{ e: new MessageEvent("message", { data: "s" }) }',
  'new CustomEvent("message", { detail: 1 })',
  '(() => { const e = new Event("error"); Object.defineProperty(e, "message", { value: "boom" }); return e })()',
  'new Response(new Blob(["abc"], { type: "image/png" }))',
  'new Request("https://a.b/", { method: "POST", body: new Blob(["abcd"], { type: "image/png" }) })',
  '{ r: new Response(new Uint8Array(3), { status: 404, statusText: "NF" }) }',
  'new Response(new Uint8Array(2000))',
  'new Request("https://a.b/x?y=1", { method: "PUT", body: new Uint8Array(5), headers: { "X-Custom": "v" } })',
  '[new Response(null, { status: 204 }), new Request("https://a.b/")]',
  'new File(["x"], "f.txt", { type: "image/png", lastModified: 1 })',
  'new File([], "e.txt", { lastModified: 2 })',
  '{ f: new File(["abc"], "a.txt", { lastModified: 3 }) }',
  '(() => { const f = new FormData(); f.append("file", new File(["abc"], "a.txt", { lastModified: 2 })); f.append("s", "v"); return f })()',
  'new Blob([new Uint8Array(1536)], { type: "image/gif" })',
  'new URL("http://a.b/?" + "k=v&".repeat(40))',
  'new URL("http://a.b/p\'q\\"r`s")',
  '{ u: new URL("http://a.b/?x=1&y=2") }',
  'new URL("file:///tmp/a%20b.txt")',
  'new URLSearchParams("x=%E6%97%A5&%C3%A9=e&q=a+b")',
  'new URLSearchParams({ x: "日本", "é": "e", q: "a b" })',
  'new Headers({ a: "1", b: "2", "set-cookie": "c=1" })',
  'new Headers([["x-b", "1"], ["X-B", "2"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]])',
]

/** A deterministic PRNG (mulberry32) for the generated cases. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Random nested arrays, objects and leaves of every kind: they exercise
 * Bun's running estimate of the line length, which decides where arrays
 * break.
 */
function generatedCases(count: number): string[] {
  const next = random(20240607)
  const int = (max: number) => Math.floor(next() * max)
  const leaf = (): string => {
    const r = next()
    if (r < 0.3) return String(int(10 ** (1 + int(9))) * (next() < 0.5 ? -1 : 1))
    if (r < 0.5) return JSON.stringify('x'.repeat(int(30)))
    if (r < 0.6) return ['true', 'false', 'null', 'undefined'][int(4)]!
    if (r < 0.7) return String(next() * 10 ** (int(8) - 3))
    if (r < 0.75) return `${int(10 ** 12)}n`
    if (r < 0.8) return `Symbol(${JSON.stringify('s'.repeat(int(10)))})`
    if (r < 0.85) return '"日本"'
    return String(int(100))
  }
  const value = (depth: number): string => {
    const r = next()
    if (depth > 2 || r < 0.6) return leaf()
    if (r < 0.8) return `[${Array.from({ length: int(14) }, () => value(depth + 1)).join(', ')}]`
    if (r < 0.9) return `{${Array.from({ length: int(4) }, (_, i) => `k${i}: ${value(depth + 1)}`).join(', ')}}`
    return [
      'new Map([[1, 2]])',
      'new Set([1])',
      'new Date(0)',
      '/re/g',
      'function f() {}',
      'new Uint8Array(3)',
      'Promise.resolve(1)',
      'new Number(5)',
      '[, 1, , ]',
    ][int(9)]!
  }
  return Array.from({ length: count }, () => `[${Array.from({ length: int(30) }, () => value(1)).join(', ')}]`)
}

const ALL = [...CASES, ...generatedCases(150)]

/** The script the real Bun runs: markers around each case's output. */
function bunScript(withOptions: boolean): string {
  return `const cases = [\n${ALL.map((source) => `  () => [${source}],`).join('\n')}\n]
const OPTIONS = ${JSON.stringify(OPTIONS)}
for (let i = 0; i < cases.length; i++) {
  console.log("\\u0001@@CASE@@" + i + "@@")
  try { console.log(...cases[i]()) } catch (e) { console.log("THROW " + e.message) }
  ${
    withOptions
      ? `console.log("@@OPTIONS@@" + JSON.stringify(OPTIONS.map((o) => { try { return Bun.inspect(cases[i]()[0], o) } catch (e) { return "THROW " + e.message } })))`
      : ''
  }
}
`
}

/**
 * Runs the real Bun over all cases, without and with colours: a driver
 * script runs each case script with its stdout sent to a file (the output
 * is larger than a pipe read by \`spawnSync\` may hold).
 */
function runBun(): { plain: string; colored: string } {
  const driver = `
const env = { ...process.env }
delete env.NO_COLOR
for (const [script, out, extra] of [["plain.ts", "plain.txt", { NO_COLOR: "1" }], ["colored.ts", "colored.txt", { FORCE_COLOR: "1" }]]) {
  const child = Bun.spawnSync({ cmd: [process.execPath, script], stdout: Bun.file(out), stderr: "inherit", env: { ...env, ...extra } })
  if (child.exitCode !== 0) process.exit(child.exitCode)
}
`
  const run = runRealBunScript(driver, {
    files: { 'plain.ts': bunScript(true), 'colored.ts': bunScript(false) },
    keep: true,
  })
  try {
    expect(run.exitCode, run.stderr).toBe(0)
    return {
      plain: readFileSync(join(run.dir, 'plain.txt'), 'utf8'),
      colored: readFileSync(join(run.dir, 'colored.txt'), 'utf8'),
    }
  } finally {
    rmSync(run.dir, { recursive: true, force: true })
  }
}

interface BunResult {
  log: string
  options: string[]
}

function parse(stdout: string, results: BunResult[]): void {
  for (const chunk of stdout.split('\u0001@@CASE@@').slice(1)) {
    const at = chunk.indexOf('@@')
    const index = Number(chunk.slice(0, at))
    const rest = chunk.slice(at + 2)
    const cut = rest.lastIndexOf('@@OPTIONS@@')
    const log = cut < 0 ? rest : rest.slice(0, cut)
    results[index] = { log: log.slice(1, -1), options: cut < 0 ? [] : JSON.parse(rest.slice(cut + 11)) }
  }
}

// Proxies and promise states are invisible to JavaScript: the embedder provides them. Here a
// tracking `Proxy` records targets, and Node's own inspector tells promise states.
const targets = new WeakMap<object, object | null>()
const TrackedProxy = new Proxy(Proxy, {
  construct(target, args: [object, ProxyHandler<object>]) {
    const proxy = Reflect.construct(target, args) as object
    targets.set(proxy, args[0])
    return proxy
  },
  get(target, key) {
    if (key !== 'revocable') return Reflect.get(target, key)
    return (object: object, handler: ProxyHandler<object>) => {
      const pair = Proxy.revocable(object, handler)
      targets.set(pair.proxy, object)
      return {
        proxy: pair.proxy,
        revoke() {
          targets.set(pair.proxy, null)
          pair.revoke()
        },
      }
    }
  },
})

// Request/Response bodies are not readable synchronously either: tracking constructors record them.
const bodies = new WeakMap<object, BodyInfo | null>()
function bodyInfo(body: unknown): BodyInfo | null {
  if (body === undefined || body === null) return null
  if (typeof body === 'string') return { size: new TextEncoder().encode(body).length }
  if (body instanceof Blob) return body.type === '' ? { size: body.size } : { size: body.size, type: body.type }
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) return { size: body.byteLength }
  throw new Error('untracked body type')
}
const TrackedRequest = new Proxy(Request, {
  construct(target, args: [RequestInfo, RequestInit?]) {
    const request = Reflect.construct(target, args) as Request
    bodies.set(request, bodyInfo(args[1]?.body))
    return request
  },
})
const TrackedResponse = new Proxy(Response, {
  construct(target, args: [BodyInit?, ResponseInit?]) {
    const response = Reflect.construct(target, args) as Response
    bodies.set(response, bodyInfo(args[0]))
    return response
  },
})

function build(source: string): unknown[] {
  return new Function('Proxy', 'Request', 'Response', `return [${source}]`)(
    TrackedProxy,
    TrackedRequest,
    TrackedResponse,
  ) as unknown[]
}

/** What a terminal receives: UTF-8 bytes (lone surrogates become U+FFFD). */
function bytes(text: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(text))
}

function ours(run: () => string): string {
  try {
    return run()
  } catch (error) {
    return `THROW ${(error as Error).message}`
  }
}

let plain: BunResult[]
let colored: BunResult[]

beforeAll(() => {
  setInspectHooks({
    bodyOf: (message) => bodies.get(message),
    proxyTarget: (value) => (targets.has(value) ? targets.get(value) : undefined),
    promiseState: (value) => {
      if (!types.isPromise(value)) return undefined
      const shown = nodeInspect(value, { depth: 0 })
      return shown.includes('<pending>') ? 'pending' : shown.includes('<rejected>') ? 'rejected' : 'fulfilled'
    },
  })
  const outputs = runBun()
  plain = []
  parse(outputs.plain, plain)
  colored = []
  parse(outputs.colored, colored)
  expect(plain.length).toBe(ALL.length)
  expect(colored.length).toBe(ALL.length)
})

describe('console.log and Bun.inspect, differential against the real Bun', () => {
  const name = (source: string) => (source.length > 100 ? `${source.slice(0, 100)}…` : source)
  it.each(ALL.map((source, index) => [index, name(source), source] as const))('#%i %s', (index, _name, source) => {
    expect(bytes(ours(() => formatArgs(build(source), { colors: false }))), 'console.log').toBe(plain[index]!.log)
    expect(bytes(ours(() => formatArgs(build(source), { colors: true }))), 'console.log, colours').toBe(
      colored[index]!.log,
    )
    OPTIONS.forEach((options, k) => {
      expect(
        ours(() => inspect(build(source)[0], options)),
        `Bun.inspect ${JSON.stringify(options)}`,
      ).toBe(plain[index]!.options[k])
    })
  })
})
