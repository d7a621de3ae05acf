import type { Builtin } from '../builtin.js'

/** `true`: exits 0. */
export const trueBuiltin: Builtin = async () => 0

/** `false`: exits 1. */
export const falseBuiltin: Builtin = async () => 1

/**
 * `exit [n]`: sets the exit code (n modulo 256). As in Bun, it does not stop
 * the script: only the last command's code is the script's.
 */
export const exit: Builtin = async (inv) => {
  if (inv.args.length === 0) return 0
  if (inv.args.length > 1) {
    await inv.err('exit: too many arguments\n')
    return 1
  }
  const arg = inv.args[0] as string
  if (!/^\+?\d+$/.test(arg)) {
    await inv.err('exit: numeric argument required\n')
    return 1
  }
  return Number(BigInt(arg) % 256n)
}
