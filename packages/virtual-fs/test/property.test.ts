/**
 * Property test: random sequences of operations run against the VFS and
 * against the reference model (test/model/reference.ts, written from Linux's
 * rules); after every step the outcome (success or error code, and any data
 * returned) and the whole tree (names, kinds, contents, link targets, nlink,
 * which names share an inode) must agree.
 */
import { createVfs } from '@aspect-build/virtual-fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyToModel, applyToVfs, Model, modelTree, type Op, opArbitrary, vfsTree } from './model/ops.js'
import type { MOpen } from './model/reference.js'

/** Runs `ops` on a fresh VFS and model; returns a description of the first divergence, or null. */
function divergence(ops: Op[]): string | null {
  const vfs = createVfs()
  const model = new Model()
  const vfsFds: number[] = []
  const modelFds: MOpen[] = []
  for (const [step, op] of ops.entries()) {
    const got = applyToVfs(vfs, vfsFds, op)
    const want = applyToModel(model, modelFds, op)
    const where = `step ${step}: ${JSON.stringify(op)}`
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      return `${where}\n  vfs:   ${JSON.stringify(got)}\n  model: ${JSON.stringify(want)}`
    }
    const gotTree = JSON.stringify(vfsTree(vfs))
    const wantTree = JSON.stringify(modelTree(model))
    if (gotTree !== wantTree) return `${where}\n  vfs tree:   ${gotTree}\n  model tree: ${wantTree}`
  }
  return null
}

describe('VFS against the reference model', () => {
  it('agrees on every step of random operation sequences', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary({ dotDot: true }), { minLength: 10, maxLength: 40, size: 'max' }), (ops) => {
        const problem = divergence(ops)
        if (problem !== null) throw new Error(problem)
      }),
      { numRuns: 300 },
    )
  })

  it('agrees on sequences built around hard links, renames and open descriptors', () => {
    const focused = opArbitrary({ dotDot: false }).filter((op) =>
      ['link', 'rename', 'open', 'write', 'read', 'close', 'unlink', 'writeFile', 'mkdir', 'ftruncate'].includes(op.op),
    )
    fc.assert(
      fc.property(fc.array(focused, { minLength: 10, maxLength: 40, size: 'max' }), (ops) => {
        const problem = divergence(ops)
        if (problem !== null) throw new Error(problem)
      }),
      { numRuns: 200 },
    )
  })

  it('agrees on the sequences it once found diverging', () => {
    // An empty write on an append descriptor moved its position to the end (Linux leaves it).
    const emptyAppend: Op[] = [
      { op: 'open', path: '/a', flag: 'a+' },
      { op: 'ftruncate', fd: 0, length: 1 },
      { op: 'write', fd: 0, data: [] },
      { op: 'read', fd: 0, length: 1 },
    ]
    expect(divergence(emptyAppend)).toBeNull()
  })

  it('the comparison itself notices a divergence', () => {
    // A model change the VFS never saw must be reported, or the property proves nothing.
    const vfs = createVfs()
    const model = new Model()
    model.mkdir('/a')
    expect(JSON.stringify(vfsTree(vfs))).not.toBe(JSON.stringify(modelTree(model)))
    vfs.mkdir('/a')
    expect(JSON.stringify(vfsTree(vfs))).toBe(JSON.stringify(modelTree(model)))
    vfs.writeFile('/a/f', 'x')
    model.writeFile('/a/f', [0x78])
    vfs.link('/a/f', '/g')
    model.writeFile('/g', [0x78])
    expect(JSON.stringify(vfsTree(vfs))).not.toBe(JSON.stringify(modelTree(model)))
  })
})
