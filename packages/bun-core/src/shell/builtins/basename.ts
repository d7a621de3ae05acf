import type { Builtin } from '../builtin.js'

/** The last component of a path, trailing slashes ignored (`/` stays `/`). */
export function lastComponent(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '') return path === '' ? '' : '/'
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/** `basename string …`: Bun's takes no options and prints one line per argument. */
export const basename: Builtin = async (inv) => {
  if (inv.args.length === 0) {
    await inv.err('usage: basename string\n')
    return 1
  }
  await inv.out(inv.args.map((a) => `${lastComponent(a)}\n`).join(''))
  return 0
}
