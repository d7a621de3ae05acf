import type { Builtin } from '../builtin.js'

/** Everything but the last component of a path (`.` when there is none). */
export function parentOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '') return path === '' ? '.' : '/'
  const i = trimmed.lastIndexOf('/')
  if (i < 0) return '.'
  const parent = trimmed.slice(0, i).replace(/\/+$/, '')
  return parent === '' ? '/' : parent
}

/** `dirname string …`: one line per argument. */
export const dirname: Builtin = async (inv) => {
  if (inv.args.length === 0) {
    await inv.err('usage: dirname string\n')
    return 1
  }
  await inv.out(inv.args.map((a) => `${parentOf(a)}\n`).join(''))
  return 0
}
