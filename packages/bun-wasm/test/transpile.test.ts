/** esbuild-wasm as Bun's transpiler: loaders, JSX defaults, tsconfig, source maps, errors, the cache. */
import { configureEsbuild, loaderForPath, TranspileError, transpile } from '@aspect-build/bun-wasm'
import { describe, expect, it } from 'vitest'

describe('transpile', () => {
  it('strips TypeScript and keeps ES modules', async () => {
    const { code, map } = await transpile('const a: number = 1\nexport { a }\n', '/app/a.ts')
    expect(code).toContain('const a = 1')
    expect(code).not.toContain(': number')
    expect(code).toContain('export {')
    expect(JSON.parse(map as string).version).toBe(3)
  })

  it('uses the automatic JSX runtime, dev variant, as Bun does', async () => {
    const { code } = await transpile('export const e = <div id="x" />', '/app/e.tsx')
    expect(code).toContain('from "react/jsx-dev-runtime"')
    const production = await transpile('export const e = <div />', '/app/e.jsx', { production: true })
    expect(production.code).toContain('from "react/jsx-runtime"')
  })

  it('honours tsconfig JSX settings', async () => {
    const classic = await transpile('export const e = <b />', '/app/c.tsx', {
      tsconfig: { jsx: 'react', jsxFactory: 'h' },
    })
    expect(classic.code).toContain('h("b"')
    const source = await transpile('export const e = <b />', '/app/p.tsx', {
      tsconfig: { jsx: 'react-jsx', jsxImportSource: 'preact' },
    })
    expect(source.code).toContain('from "preact/jsx-runtime"')
  })

  it('converts to CommonJS on request', async () => {
    const { code } = await transpile('import { x } from "./x"\nexport const y = x', '/app/y.ts', { format: 'cjs' })
    expect(code).toContain('require("./x")')
    expect(code).toContain('module.exports')
  })

  it('reports syntax errors with their position', async () => {
    const error = await transpile('const = 1', '/app/bad.ts').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TranspileError)
    const failure = error as TranspileError
    expect(failure.path).toBe('/app/bad.ts')
    expect(failure.errors[0]).toMatchObject({ line: 1, column: 6, lineText: 'const = 1' })
  })

  it('returns the cached result for the same input', async () => {
    const first = await transpile('export const z = 1 as number', '/app/z.ts')
    const second = await transpile('export const z = 1 as number', '/app/z.ts')
    expect(second).toBe(first)
    const other = await transpile('export const z = 2 as number', '/app/z.ts')
    expect(other).not.toBe(first)
  })

  it('picks loaders by extension', () => {
    expect(
      ['a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.jsx', 'a.js', 'a.mjs', 'a.cjs', 'a.json', 'dir.ts/a'].map(loaderForPath),
    ).toEqual(['ts', 'ts', 'ts', 'tsx', 'jsx', 'js', 'js', 'js', null, null])
  })

  it('rejects unknown options and late configuration', async () => {
    expect(() => configureEsbuild({ wasmUrl: 'x' } as never)).toThrow('Invalid option in configureEsbuild(): "wasmUrl"')
    await transpile('1', '/app/one.js')
    expect(() => configureEsbuild({ wasmURL: 'http://localhost/esbuild.wasm' })).toThrow('already loading')
  })
})
