/**
 * The shell's builtin utilities as standalone programs: `exec('ls', ['-l'])`
 * runs the shell's `ls` on exactly those arguments (quoted, so nothing is
 * expanded twice). Builtins that only change the shell itself (`cd`,
 * `export`, `exit`) are not programs.
 */
import { BUILTINS, runShell } from '@aspect-build/bun-core'
import type { Program } from './types.js'

/** Builtins that change only the shell running them, meaningless as programs of their own. */
const SHELL_ONLY = new Set(['cd', 'export', 'exit'])

/** The shell's builtins that are programs too, by the names the shell gives them. */
export const BUILTIN_PROGRAMS: readonly string[] = Object.keys(BUILTINS).filter((name) => !SHELL_ONLY.has(name))

/** Quotes one word for Bun's shell: single quotes, with `'` written as `'\''`. */
export function quoteWord(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`
}

/** The program that runs the builtin `name` with the process's arguments. */
export function builtinProgram(name: string): Program {
  return {
    async main(context) {
      const script = [name, ...context.argv.slice(1)].map(quoteWord).join(' ')
      const result = await runShell(script, {
        fs: context.fs,
        cwd: context.cwd,
        env: { ...context.env },
        io: { stdin: context.stdin, stdout: context.stdout, stderr: context.stderr },
        spawn: (request) => context.spawn(request),
        signal: context.signal,
      })
      return result.exitCode
    },
  }
}
