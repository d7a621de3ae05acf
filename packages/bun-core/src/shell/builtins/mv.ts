import { posixPath } from '@aspect-build/virtual-fs'
import type { Builtin, Invocation } from '../builtin.js'
import { errorNumber, errorText, isDirectory, lexists } from '../builtin.js'
import { lastComponent } from './basename.js'

const USAGE = 'usage: mv [-f | -i | -n] [-hv] source target\n       mv [-f | -i | -n] [-v] source ... directory\n'

/** Moves one path; returns an error line and exit code (Bun's `mv` exits with the errno). */
function move(inv: Invocation, source: string, target: string): { message: string; code: number } | null {
  const from = inv.resolve(source)
  const to = inv.resolve(target)
  if (!lexists(inv, from)) return { message: `mv: ${source}: No such file or directory\n`, code: 2 }
  if (from === to) return null
  if (to.startsWith(`${from}/`)) return { message: `mv: ${target}: Invalid argument\n`, code: 22 }
  try {
    inv.fs.rename(from, to)
    return null
  } catch (error) {
    return { message: `mv: ${target}: ${errorText(error)}\n`, code: errorNumber(error) }
  }
}

/** `mv source target` or `mv source … directory`. */
export const mv: Builtin = async (inv) => {
  const operands: string[] = []
  for (const arg of inv.args) {
    if (operands.length === 0 && arg.startsWith('-')) {
      if (!/^-[fhinv]+$/.test(arg)) {
        await inv.err('mv: illegal option -- -\n')
        return 1
      }
    } else operands.push(arg)
  }
  if (operands.length < 2) {
    await inv.err(USAGE)
    return 1
  }
  const target = operands[operands.length - 1] as string
  const sources = operands.slice(0, -1)
  const targetIsDir = isDirectory(inv, inv.resolve(target))
  if (sources.length > 1 && !targetIsDir) {
    const why = lexists(inv, inv.resolve(target)) ? 'Not a directory' : 'No such file or directory'
    await inv.err(`mv: ${target}: ${why}\n`)
    return 1
  }
  let code = 0
  for (const source of sources) {
    const dest = targetIsDir ? posixPath.join(target, lastComponent(source)) : target
    const failure = move(inv, source, dest)
    if (failure) {
      await inv.err(failure.message)
      code = failure.code
    }
  }
  return code
}
