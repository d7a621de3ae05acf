import type { Builtin } from '../builtin.js'
import { lineEnds, parseLineOptions, readInput } from './head.js'

/** `tail [-n N | -n +N | -c N] [file …]`. */
export const tail: Builtin = async (inv) => {
  const opts = await parseLineOptions(inv, 'tail')
  if (!opts) return 1
  const files = opts.files.length > 0 ? opts.files : ['-']
  let code = 0
  let headers = 0
  for (const file of files) {
    const data = await readInput(inv, 'tail', file)
    if (data === null) {
      code = 1
      continue
    }
    if (files.length > 1)
      await inv.out(`${headers++ > 0 ? '\n' : ''}==> ${file === '-' ? 'standard input' : file} <==\n`)
    let start: number
    if (opts.bytes) {
      start = opts.fromStart ? Math.max(0, opts.count - 1) : Math.max(0, data.length - opts.count)
    } else {
      const ends = lineEnds(data)
      const starts = [0, ...ends.filter((e) => e < data.length)]
      if (opts.fromStart) start = opts.count <= 1 ? 0 : (starts[opts.count - 1] ?? data.length)
      else start = opts.count === 0 ? data.length : (starts[Math.max(0, starts.length - opts.count)] ?? 0)
    }
    await inv.out(data.subarray(Math.min(start, data.length)))
  }
  return code
}
