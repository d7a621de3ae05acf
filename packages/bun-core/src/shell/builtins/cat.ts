import type { Builtin } from '../builtin.js'
import { errorText } from '../builtin.js'
import { decode, encode } from '../io.js'

/**
 * `cat [-nbsET] [file …]` (coreutils; Bun leaves `cat` to the system on
 * Linux): `-` or no file reads standard input, which is streamed.
 */
export const cat: Builtin = async (inv) => {
  const files: string[] = []
  let number = false
  let numberNonBlank = false
  let squeeze = false
  let showEnds = false
  let showTabs = false
  for (const arg of inv.args) {
    if (arg.length > 1 && arg.startsWith('-') && files.length === 0 && !arg.startsWith('--')) {
      for (const c of arg.slice(1)) {
        if (c === 'n') number = true
        else if (c === 'b') numberNonBlank = true
        else if (c === 's') squeeze = true
        else if (c === 'E') showEnds = true
        else if (c === 'T') showTabs = true
        else if (c === 'A') showEnds = showTabs = true
        else if (c !== 'u' && c !== 'v') {
          await inv.err(`cat: invalid option -- '${c}'\nTry 'cat --help' for more information.\n`)
          return 1
        }
      }
    } else files.push(arg)
  }
  if (files.length === 0) files.push('-')
  const plain = !number && !numberNonBlank && !squeeze && !showEnds && !showTabs
  let line = 0
  let lastBlank = false
  const transform = (text: string): string => {
    let out = ''
    for (const l of text.split(/(?<=\n)/)) {
      const blank = l === '\n'
      if (squeeze && blank && lastBlank) continue
      lastBlank = blank
      let body = l
      if (showTabs) body = body.replaceAll('\t', '^I')
      if (showEnds) body = body.replace(/\n$/, '$\n')
      if (numberNonBlank ? !blank : number) body = `${String(++line).padStart(6, ' ')}\t${body}`
      out += body
    }
    return out
  }
  let code = 0
  for (const file of files) {
    if (file === '-') {
      for (let chunk = await inv.stdin.read(); chunk; chunk = await inv.stdin.read()) {
        await inv.out(plain ? chunk : encode(transform(decode(chunk))))
      }
      continue
    }
    let data: Uint8Array
    try {
      const path = inv.resolve(file)
      if (inv.fs.stat(path).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' })
      data = inv.fs.readFile(path) as Uint8Array
    } catch (error) {
      await inv.err(`cat: ${file}: ${errorText(error)}\n`)
      code = 1
      continue
    }
    await inv.out(plain ? data : encode(transform(decode(data))))
  }
  return code
}
