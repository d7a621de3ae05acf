import type { Builtin } from '../builtin.js'

/**
 * `env [-i] [NAME=value …] [command [arg …]]` (coreutils): prints the
 * environment, or runs a command with a changed one.
 */
export const env: Builtin = async (inv) => {
  let vars: Record<string, string> = { ...inv.env }
  let i = 0
  const args = inv.args
  for (; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '-i' || arg === '-') vars = {}
    else if (arg.startsWith('-') && arg.length > 1) {
      await inv.err(`env: invalid option -- '${arg[1]}'\nTry 'env --help' for more information.\n`)
      return 125
    } else break
  }
  for (; i < args.length; i++) {
    const arg = args[i] as string
    const eq = arg.indexOf('=')
    if (eq <= 0) break
    vars[arg.slice(0, eq)] = arg.slice(eq + 1)
  }
  const command = args.slice(i)
  if (command.length === 0) {
    await inv.out(
      Object.entries(vars)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    )
    return 0
  }
  const code = await inv.exec(command, vars)
  if (code === null) {
    await inv.err(`env: '${command[0]}': No such file or directory\n`)
    return 127
  }
  return code
}
