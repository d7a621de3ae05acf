import type { Builtin } from '../builtin.js'
import { errorText } from '../builtin.js'

const USAGE =
  'usage: touch [-A [-][[hh]mm]SS] [-achm] [-r file] [-t [[CC]YY]MMDDhhmm[.SS]]\n       [-d YYYY-MM-DDThh:mm:SS[.frac][tz]] file ...\n'

/** `touch file …`: creates missing files, sets times of existing ones to now. Bun supports no options. */
export const touch: Builtin = async (inv) => {
  const files: string[] = []
  for (const arg of inv.args) {
    if (files.length === 0 && arg.startsWith('-')) {
      const c = arg[1] ?? ''
      if ('acdhmr'.includes(c) && c !== '') {
        await inv.err(`touch: unsupported option, please open a GitHub issue -- -${c}\n`)
      } else {
        await inv.err('touch: illegal option -- \n')
      }
      return 1
    }
    files.push(arg)
  }
  if (files.length === 0) {
    await inv.err(USAGE)
    return 1
  }
  let code = 0
  const now = new Date()
  for (const file of files) {
    const path = inv.resolve(file)
    try {
      if (inv.fs.exists(path)) inv.fs.utimes(path, now, now)
      else inv.fs.writeFile(path, new Uint8Array(0))
    } catch (error) {
      await inv.err(`touch: ${path}: ${errorText(error)}\n`)
      code = 1
    }
  }
  return code
}
