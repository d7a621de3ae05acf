import type { Builtin } from '../builtin.js'
import { encode } from '../io.js'

/** Lets timers and other tasks run (a sink that never blocks would otherwise starve them). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** `yes [expletive …]`: repeats the line until its reader goes away or the script is stopped. */
export const yes: Builtin = async (inv) => {
  const line = `${inv.args.length > 0 ? inv.args.join(' ') : 'y'}\n`
  const chunk = encode(line.repeat(Math.max(1, Math.floor(8192 / line.length))))
  for (let n = 0; ; n++) {
    await inv.out(chunk)
    if (n % 16 === 15) await yieldToEventLoop()
  }
}
