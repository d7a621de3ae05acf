// The worker bundles' post-processing: esbuild's keepNames calls that the engine makes redundant are
// blanked, the ones that restore a renamed symbol's name stay, and every name comes out as written.
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script
import { stripRedundantNames } from '../scripts/strip-names.mjs'

/** Two modules with the same top-level names (the bundler renames the second module's), bundled as the workers are. */
const FILES: Record<string, string> = {
  '/a.js': `
    export function helper() { return 'a' }
    export class Thing {}
    export const arrow = () => 1
    export const table = { method: () => 2, named: function inner() {}, anon: function () {} }
    export let assigned
    assigned = () => 3
    export class WithField { handler = () => 4; static { this.tag = 'x' } }
    export const holder = {}
    holder.member = () => 5
    export const Klass = class {}
    export function make() { const local = () => 6; return local }
  `,
  '/b.js': `
    export function helper() { return 'b' }
    export class Thing {}
    export const arrow = () => 7
  `,
  '/entry.js': `
    import * as a from '/a.js'
    import * as b from '/b.js'
    globalThis.__names = {
      aHelper: a.helper.name, bHelper: b.helper.name, aThing: a.Thing.name, bThing: b.Thing.name,
      aArrow: a.arrow.name, bArrow: b.arrow.name, method: a.table.method.name, named: a.table.named.name,
      anon: a.table.anon.name, assigned: a.assigned.name, field: new a.WithField().handler.name,
      member: a.holder.member.name, klass: a.Klass.name, local: a.make().name, tag: a.WithField.tag,
    }
  `,
}

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: ['/entry.js'],
    bundle: true,
    format: 'esm',
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'memory',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => ({ path: args.path, namespace: 'memory' }))
          b.onLoad({ filter: /.*/, namespace: 'memory' }, (args) => ({ contents: FILES[args.path], loader: 'js' }))
        },
      },
    ],
  })
  return result.outputFiles[0]?.text ?? ''
}

function run(code: string): Record<string, string> {
  const g = globalThis as { __names?: Record<string, string> }
  delete g.__names
  new Function(code.replace(/^export\s*\{\s*\};?/m, ''))()
  return g.__names ?? {}
}

describe('stripRedundantNames', () => {
  it('keeps every name while dropping the calls the engine makes redundant', async () => {
    const code = await bundle()
    const before = run(code)
    const { code: stripped, removed, kept } = stripRedundantNames(code)
    expect(run(stripped)).toEqual(before)
    expect(before).toEqual({
      aHelper: 'helper',
      bHelper: 'helper',
      aThing: 'Thing',
      bThing: 'Thing',
      aArrow: 'arrow',
      bArrow: 'arrow',
      method: 'method',
      named: 'inner',
      anon: 'anon',
      assigned: 'assigned',
      field: 'handler',
      member: '', // the language names no function assigned to a member, and keepNames adds none
      klass: 'Klass',
      local: 'local',
      tag: 'x',
    })
    expect(removed).toBeGreaterThan(0)
    // The second module's renamed symbols still need theirs.
    expect(kept).toBeGreaterThanOrEqual(2)
    expect(stripped).toMatch(/__name\(helper2,\s*"helper"\)/)
    expect(stripped).toMatch(/__name\(Thing2,\s*"Thing"\)|__name\(this,\s*"Thing"\)/)
  })

  it('changes no character outside the calls it removes (lines and columns stay for the source map)', async () => {
    const code = await bundle()
    const { code: stripped } = stripRedundantNames(code)
    expect(stripped.length).toBe(code.length)
    expect(stripped.split('\n').map((line: string) => line.length)).toEqual(
      code.split('\n').map((line: string) => line.length),
    )
  })
})
