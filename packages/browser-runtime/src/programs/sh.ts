/**
 * `sh`: Bun's shell language (bun-core's `runShell`) as a program.
 *
 *   sh -c '<script>' [$0 [$1 …]]   runs the script
 *   sh <file> [$1 …]                runs the file (relative to the working directory)
 *   sh                              runs what stdin holds, to its end
 */
import { runShell } from '@aspect-build/bun-core'
import { posixPath } from '@aspect-build/virtual-fs'
import type { ProcessContext, Program } from './types.js'

const UTF8 = new TextEncoder()
const UTF8_DECODER = new TextDecoder()

export const sh: Program = {
  async main(context) {
    const args = context.argv.slice(1)
    let script: string
    let positional: string[] = [context.argv[0] ?? 'sh']
    const first = args[0]
    if (first === '-c') {
      const text = args[1]
      if (text === undefined) return fail(context, 'sh: -c: option requires an argument', 2)
      script = text
      if (args.length > 2) positional = args.slice(2)
    } else if (first?.startsWith('-')) {
      return fail(context, `sh: ${first}: invalid option\nUsage: sh [-c script | file]`, 2)
    } else if (first !== undefined) {
      try {
        script = context.fs.readFile(posixPath.resolve(context.cwd, first), 'utf8')
        positional = args
      } catch (error) {
        const reason = (error as { code?: string }).code === 'ENOENT' ? 'No such file or directory' : String(error)
        return fail(context, `sh: ${first}: ${reason}`, 127)
      }
    } else {
      script = await readAll(context)
    }
    const result = await runShell(script, {
      fs: context.fs,
      cwd: context.cwd,
      env: { ...context.env },
      io: { stdin: context.stdin, stdout: context.stdout, stderr: context.stderr },
      spawn: (request) => context.spawn(request),
      signal: context.signal,
      argv: positional,
    })
    return result.exitCode
  },
}

async function fail(context: ProcessContext, message: string, code: number): Promise<number> {
  await context.stderr.write(UTF8.encode(`${message}\n`))
  return code
}

async function readAll(context: ProcessContext): Promise<string> {
  const decoder = UTF8_DECODER
  let text = ''
  for (;;) {
    const chunk = await context.stdin.read()
    if (chunk === null) return text + decoder.decode()
    text += decoder.decode(chunk, { stream: true })
  }
}
