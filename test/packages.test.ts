// Every workspace package builds to dist/ with declarations and imports by name from plain Node.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const packages = readdirSync(join(root, 'packages'))

describe('workspace packages', () => {
  it('are the design’s seven, named @aspect-build/*', () => {
    expect(packages.sort()).toEqual([
      'browser-runtime',
      'bun-core',
      'bun-wasm',
      'network-proxy',
      'sdk',
      'virtual-fs',
      'wasm-host',
    ])
    for (const dir of packages) {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'))
      expect(manifest.name).toBe(`@aspect-build/${dir}`)
      expect(manifest.exports['.'].types).toBe('./dist/index.d.ts')
    }
  })

  it.each(packages)('%s imports by name from Node (dist/, with declarations)', (dir) => {
    expect(existsSync(join(root, 'packages', dir, 'dist/index.js'))).toBe(true)
    expect(existsSync(join(root, 'packages', dir, 'dist/index.d.ts'))).toBe(true)
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import('@aspect-build/${dir}'); console.log(typeof m)`],
      { cwd: root, encoding: 'utf8' },
    )
    expect(out.trim()).toBe('object')
  })

  it('resolves to the built files, not the TypeScript sources, in plain Node', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `console.log(import.meta.resolve('@aspect-build/virtual-fs'))`],
      { cwd: root, encoding: 'utf8' },
    )
    expect(out.trim()).toMatch(/packages\/virtual-fs\/dist\/index\.js$/)
  })
})
