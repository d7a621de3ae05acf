import type { Builtin } from '../builtin.js'

/**
 * `export [NAME[=value] …]`: with no argument, prints the environment sorted
 * by name; `NAME` alone exports an empty value (Bun does not take the shell
 * variable's).
 */
export const exportBuiltin: Builtin = async (inv) => {
  if (inv.args.length === 0) {
    const names = [...inv.state.env.keys()].sort()
    await inv.out(names.map((n) => `${n}=${inv.state.env.get(n)}\n`).join(''))
    return 0
  }
  for (const arg of inv.args) {
    const eq = arg.indexOf('=')
    if (eq < 0) inv.state.env.set(arg, '')
    else if (eq > 0) inv.state.env.set(arg.slice(0, eq), arg.slice(eq + 1))
  }
  return 0
}
