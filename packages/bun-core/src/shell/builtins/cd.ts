import { posixPath } from '@aspect-build/virtual-fs'
import type { Builtin } from '../builtin.js'
import { isDirectory } from '../builtin.js'

/** `cd [dir]`: no argument goes to `$HOME`, `-` to the previous directory; an absolute path is kept as written (as Bun does). */
export const cd: Builtin = async (inv) => {
  if (inv.args.length > 1) {
    await inv.err('cd: too many arguments\n')
    return 1
  }
  const state = inv.state
  const arg = inv.args[0]
  let target: string
  if (arg === undefined) target = state.vars.get('HOME') ?? state.env.get('HOME') ?? '/'
  else if (arg === '-') target = state.oldCwd
  else if (arg === '') return 0
  else target = arg
  const next = target.startsWith('/') ? target : posixPath.resolve(state.cwd, target)
  if (!isDirectory(inv, posixPath.normalize(next))) {
    await inv.err(`cd: not a directory: ${target}\n`)
    return 1
  }
  state.oldCwd = state.cwd
  state.cwd = next
  state.env.set('OLDPWD', state.oldCwd)
  state.env.set('PWD', next)
  return 0
}
