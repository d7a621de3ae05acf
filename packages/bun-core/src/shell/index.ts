/**
 * Bun's shell: the language of `bun run` scripts, `bun exec` and `Bun.$`,
 * with its builtins, over a {@link ShellFs}.
 */
export type { Builtin, Invocation, ShellState } from './builtin.js'
export { BUILTINS } from './builtins/index.js'
export { ABORTED_EXIT_CODE, type RunShellOptions, runShell } from './interpreter.js'
export { parse, ShellSyntaxError } from './parser.js'
export type {
  ByteSink,
  ByteSource,
  ShellContext,
  ShellFs,
  ShellIO,
  ShellResult,
  SpawnRequest,
} from './types.js'
