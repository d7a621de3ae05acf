import type { Builtin } from '../builtin.js'

/** `pwd`: the working directory; takes no arguments. */
export const pwd: Builtin = async (inv) => {
  if (inv.args.length > 0) {
    await inv.err('pwd: too many arguments\n')
    return 1
  }
  await inv.out(`${inv.state.cwd}\n`)
  return 0
}
