/**
 * `sh`: Bun's shell language (bun-core's `runShell`) as a program.
 *
 *   sh -c '<script>' [$0 [$1 …]]   runs the script
 *   sh <file> [$1 …]                runs the file (relative to the working directory)
 *   sh -i, or sh on a terminal      interactive: reads stdin line by line, runs
 *                                   each line as it comes (`cd` and `export`
 *                                   carry over), prompts with $PS1 (default `$ `),
 *                                   ends at EOF or `exit [n]`
 *   sh                              runs what stdin holds, to its end
 *
 * The interactive mode has no line editing of its own: on a terminal, the
 * embedder's terminal (or a later line discipline) edits and echoes the line.
 */
import { type ByteSource, runShell } from '@aspect-build/bun-core'
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
    } else if (first === '-i' || (first === undefined && context.terminal[0])) {
      if (args.length > 1) return fail(context, 'sh: -i takes no arguments', 2)
      return interactive(context)
    } else if (first?.startsWith('-')) {
      return fail(context, `sh: ${first}: invalid option\nUsage: sh [-c script | -i | file]`, 2)
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

/** `exit`, `exit 3`: the line that ends an interactive shell (Bun's `exit` only sets the code). */
const EXIT_LINE = /^\s*exit(?:\s+(\d+))?\s*;?\s*$/

async function interactive(context: ProcessContext): Promise<number> {
  const lines = new LineReader(context.stdin)
  let cwd = context.cwd
  let env: Record<string, string> = { ...context.env }
  let code = 0
  for (;;) {
    await context.stdout.write(UTF8.encode(env.PS1 ?? '$ '))
    const line = await lines.readLine()
    if (line === null) return code
    const exit = EXIT_LINE.exec(line)
    if (exit) return exit[1] === undefined ? code : Number(exit[1]) & 0xff
    if (line.trim() === '') continue
    const result = await runShell(line, {
      fs: context.fs,
      cwd,
      env,
      // Bytes typed ahead of the next line go to the command; with none, it reads stdin itself.
      io: { stdin: lines.pending() ? lines : context.stdin, stdout: context.stdout, stderr: context.stderr },
      spawn: (request) => context.spawn(request),
      signal: context.signal,
      argv: [context.argv[0] ?? 'sh'],
    })
    cwd = result.cwd
    env = result.env
    code = result.exitCode
  }
}

/** Reads lines from a byte source, keeping what follows a line for the next reader. */
class LineReader implements ByteSource {
  private buffered = new Uint8Array(0)
  private ended = false

  constructor(private readonly source: ByteSource) {}

  /** True when bytes beyond the last line are buffered. */
  pending(): boolean {
    return this.buffered.length > 0
  }

  /** The next line without its newline; `null` at the end (a last line without newline is returned first). */
  async readLine(): Promise<string | null> {
    for (;;) {
      const newline = this.buffered.indexOf(0x0a)
      if (newline >= 0) {
        const line = this.buffered.subarray(0, newline)
        this.buffered = this.buffered.slice(newline + 1)
        return UTF8_DECODER.decode(line)
      }
      const chunk = this.ended ? null : await this.source.read()
      if (chunk === null) {
        this.ended = true
        if (this.buffered.length === 0) return null
        const rest = UTF8_DECODER.decode(this.buffered)
        this.buffered = new Uint8Array(0)
        return rest
      }
      const joined = new Uint8Array(this.buffered.length + chunk.length)
      joined.set(this.buffered)
      joined.set(chunk, this.buffered.length)
      this.buffered = joined
    }
  }

  async read(): Promise<Uint8Array | null> {
    if (this.buffered.length > 0) {
      const chunk = this.buffered
      this.buffered = new Uint8Array(0)
      return chunk
    }
    return this.ended ? null : this.source.read()
  }
}
