/** A reactor module (clang -mexec-model=reactor) under WasiHost.initialize(). */
import { readFileSync } from 'node:fs'
import { createVfs } from '@aspect-build/virtual-fs'
import { ProcExit, WasiHost } from '@aspect-build/wasm-host'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildC } from './helpers/clang.js'

let module: WebAssembly.Module

beforeAll(async () => {
  module = await WebAssembly.compile(readFileSync(buildC('reactor', 'wasi', ['-mexec-model=reactor'])))
}, 120_000)

describe('reactor modules', () => {
  it('runs constructors in _initialize, then serves exports with the host attached', async () => {
    const vfs = createVfs()
    vfs.mkdir('/sandbox')
    const out: string[] = []
    const host = new WasiHost({
      vfs,
      preopens: { '/': '/sandbox' },
      stdout: (chunk) => out.push(new TextDecoder().decode(chunk)),
    })
    const instance = await WebAssembly.instantiate(module, host.imports)
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('_initialize')
    host.initialize(instance)
    expect(out.join('')).toBe('initialized\n')
    const exports = instance.exports as { add(x: number): number; write_file(n: number): number; quit(c: number): void }
    expect(exports.add(2)).toBe(42)
    expect(exports.write_file(5)).toBe(5)
    expect(vfs.readFile('/sandbox/reactor.txt', 'utf8')).toBe('rrrrr')
    let exit: unknown
    try {
      exports.quit(9)
    } catch (e) {
      exit = e
    }
    expect(exit).toBeInstanceOf(ProcExit)
    expect((exit as ProcExit).code).toBe(9)
  })

  it('refuses start() on a reactor (no _start)', async () => {
    const host = new WasiHost({ vfs: createVfs() })
    const instance = await WebAssembly.instantiate(module, host.imports)
    expect(() => host.start(instance)).toThrow(/does not export _start/)
  })
})
