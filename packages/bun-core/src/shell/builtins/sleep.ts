import type { Builtin } from '../builtin.js'
import { AbortedError } from '../io.js'

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }

/** `sleep NUMBER[smhd] …` (coreutils): waits for the sum; stopping the script ends it at once. */
export const sleep: Builtin = async (inv) => {
  if (inv.args.length === 0) {
    await inv.err("sleep: missing operand\nTry 'sleep --help' for more information.\n")
    return 1
  }
  let seconds = 0
  for (const arg of inv.args) {
    const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(arg)
    if (!m) {
      await inv.err(`sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.\n`)
      return 1
    }
    seconds += Number(m[1]) * (UNITS[m[2] as string] as number)
  }
  await new Promise<void>((resolve, reject) => {
    if (inv.signal.aborted) return reject(new AbortedError())
    const onAbort = () => {
      clearTimeout(timer)
      reject(new AbortedError())
    }
    const timer = setTimeout(() => {
      inv.signal.removeEventListener('abort', onAbort)
      resolve()
    }, seconds * 1000)
    inv.signal.addEventListener('abort', onAbort, { once: true })
  })
  return 0
}
