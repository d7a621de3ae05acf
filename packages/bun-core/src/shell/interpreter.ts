/**
 * Runs a parsed script: statements, `&&`/`||`, pipelines (every stage runs
 * at once, joined by bounded pipes), subshells, `if`, `[[ ]]`, redirections
 * and commands (builtins first, then `ShellContext.spawn`). Behaviour follows
 * Bun's shell as observed with `bun exec`, including its surprises: `exit`
 * sets the exit code without stopping the script, a missing command exits 1,
 * pipeline stages and subshells do not change the shell.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import type { Atom, Cmd, Expr, Redirect, Script, Stmt } from './ast.js'
import { type Builtin, errorText, type Invocation, type ShellState } from './builtin.js'
import { BUILTINS } from './builtins/index.js'
import { type ExpandContext, expandAtom, expandToString, NoMatchError } from './expand.js'
import { AbortedError, BrokenPipeError, bytesSource, CollectSink, encode, nullSink, Pipe } from './io.js'
import { parse, ShellSyntaxError } from './parser.js'
import type { ByteSink, ByteSource, ShellContext, ShellFs, ShellIO, ShellResult, SpawnRequest } from './types.js'

/** Exit code of a script stopped through `ShellContext.signal` (128 + SIGTERM, as Bun's builtins use). */
export const ABORTED_EXIT_CODE = 143

/** Options beyond {@link ShellContext} that `runShell` accepts. */
export interface RunShellOptions {
  /** Positional parameters: `$0` is `argv[0]`. Defaults to the script itself, as `bun exec` does. */
  argv?: string[]
}

/** Parses and runs a script; never throws for script errors (they become stderr output and an exit code). */
export async function runShell(script: string, context: ShellContext & RunShellOptions): Promise<ShellResult> {
  const state: ShellState = {
    cwd: context.cwd,
    oldCwd: context.cwd,
    vars: new Map(),
    env: new Map(Object.entries(context.env)),
  }
  const result = (exitCode: number): ShellResult => ({ exitCode, cwd: state.cwd, env: Object.fromEntries(state.env) })
  const controller = new AbortController()
  const outer = context.signal
  const onAbort = () => controller.abort()
  if (outer?.aborted) return result(ABORTED_EXIT_CODE)
  outer?.addEventListener('abort', onAbort, { once: true })
  try {
    let ast: Script
    try {
      ast = parse(script)
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error
      const where = posixPath.join(state.cwd, '[eval]')
      await safeWrite(context.io.stderr, `error: Failed to run script ${where} due to error ${error.message}\n`)
      return result(1)
    }
    const interpreter = new Interpreter(
      context.fs,
      context.spawn,
      controller.signal,
      context.argv ?? [script],
      context.io,
    )
    const code = await interpreter.script(ast, state, context.io)
    return result(controller.signal.aborted ? ABORTED_EXIT_CODE : code)
  } catch (error) {
    if (error instanceof AbortedError || controller.signal.aborted) return result(ABORTED_EXIT_CODE)
    await safeWrite(context.io.stderr, `bun: ${error instanceof Error ? error.message : String(error)}\n`)
    return result(1)
  } finally {
    outer?.removeEventListener('abort', onAbort)
  }
}

/** Writes text or bytes to a sink, ignoring a closed pipe (for the shell's own messages). */
async function safeWrite(sink: ByteSink, data: string | Uint8Array): Promise<void> {
  try {
    await sink.write(typeof data === 'string' ? encode(data) : data)
  } catch (error) {
    if (!(error instanceof BrokenPipeError)) throw error
  }
}

function cloneState(state: ShellState): ShellState {
  return { cwd: state.cwd, oldCwd: state.oldCwd, vars: new Map(state.vars), env: new Map(state.env) }
}

/** A redirection target opened lazily: created (or truncated) on first use or on `ensure()`. */
class FileSink implements ByteSink {
  private opened = false
  constructor(
    private readonly fs: ShellFs,
    private readonly path: string,
    private readonly append: boolean,
  ) {}

  ensure(): void {
    if (this.opened) return
    if (this.append) this.fs.appendFile(this.path, new Uint8Array(0))
    else this.fs.writeFile(this.path, new Uint8Array(0))
    this.opened = true
  }

  write(chunk: Uint8Array): void {
    this.ensure()
    if (chunk.length > 0) this.fs.appendFile(this.path, chunk)
  }
}

interface OpenedRedirect {
  io: ShellIO
  /** Creates the target file now (for a command that wrote nothing). */
  ensure(): void
}

class Interpreter {
  constructor(
    private readonly fs: ShellFs,
    private readonly spawn: ShellContext['spawn'],
    private readonly signal: AbortSignal,
    private readonly positional: string[],
    /** The shell's own streams: a child writing to them gets them as they are (a terminal stays one). */
    private readonly own: ShellIO,
  ) {}

  private checkAbort(): void {
    if (this.signal.aborted) throw new AbortedError()
  }

  async script(script: Script, state: ShellState, io: ShellIO): Promise<number> {
    return this.stmts(script.stmts, state, io)
  }

  private async stmts(stmts: Stmt[], state: ShellState, io: ShellIO): Promise<number> {
    let code = 0
    for (const stmt of stmts) {
      for (const expr of stmt.exprs) {
        this.checkAbort()
        code = await this.expr(expr, state, io)
      }
    }
    return code
  }

  private async expr(expr: Expr, state: ShellState, io: ShellIO): Promise<number> {
    switch (expr.kind) {
      case 'assign':
        for (const a of expr.assigns) state.vars.set(a.name, await this.expandString(a.value, state, io))
        return 0
      case 'binary': {
        const left = await this.expr(expr.left, state, io)
        if ((expr.op === 'and') === (left === 0)) return this.expr(expr.right, state, io)
        return left
      }
      case 'pipeline':
        return this.pipeline(expr.items, state, io)
      case 'cmd':
        return this.cmd(expr.cmd, state, io)
      case 'subshell':
        return this.script(expr.script, cloneState(state), io)
      case 'if': {
        for (const clause of expr.clauses) {
          if ((await this.stmts(clause.cond, state, io)) === 0) return this.stmts(clause.body, state, io)
        }
        return expr.otherwise ? this.stmts(expr.otherwise, state, io) : 0
      }
      case 'cond':
        return this.cond(expr.op, expr.args, state, io)
    }
  }

  private async cond(op: string, args: Atom[], state: ShellState, io: ShellIO): Promise<number> {
    const values: string[] = []
    for (const a of args) values.push(await this.expandString(a, state, io))
    const [a = '', b = ''] = values
    const stat = () => {
      try {
        return this.fs.stat(posixPath.resolve(state.cwd, a))
      } catch {
        return null
      }
    }
    let ok: boolean
    switch (op) {
      case '-f':
        ok = stat()?.isFile() ?? false
        break
      case '-d':
        ok = stat()?.isDirectory() ?? false
        break
      case '-c':
        ok = stat()?.isCharacterDevice() ?? false
        break
      case '-z':
        ok = a.length === 0
        break
      case '-n':
        ok = a.length > 0
        break
      case '==':
        ok = a === b
        break
      default:
        ok = a !== b
    }
    return ok ? 0 : 1
  }

  private async pipeline(items: Expr[], state: ShellState, io: ShellIO): Promise<number> {
    const pipes = items.slice(1).map(() => new Pipe(this.signal))
    const runs = items.map(async (item, i) => {
      const stageIO: ShellIO = {
        stdin: i === 0 ? io.stdin : (pipes[i - 1] as Pipe),
        stdout: i === items.length - 1 ? io.stdout : (pipes[i] as Pipe),
        stderr: io.stderr,
      }
      try {
        return await this.expr(item, cloneState(state), stageIO)
      } catch (error) {
        if (error instanceof BrokenPipeError) return 1
        throw error
      } finally {
        if (i < items.length - 1) (pipes[i] as Pipe).closeWrite()
        if (i > 0) (pipes[i - 1] as Pipe).closeRead()
      }
    })
    const codes = await Promise.all(runs)
    return codes[codes.length - 1] as number
  }

  private expandContext(state: ShellState, io: ShellIO): ExpandContext {
    return {
      fs: this.fs,
      cwd: state.cwd,
      lookup: (name) => state.vars.get(name) ?? state.env.get(name) ?? '',
      argv: (index) => this.positional[index] ?? '',
      substitute: async (script) => {
        const sink = new CollectSink()
        await this.script(script, cloneState(state), { stdin: io.stdin, stdout: sink, stderr: io.stderr })
        return sink.text()
      },
    }
  }

  private expandString(atom: Atom, state: ShellState, io: ShellIO): Promise<string> {
    return expandToString(atom, this.expandContext(state, io))
  }

  private async cmd(cmd: Cmd, state: ShellState, io: ShellIO): Promise<number> {
    const ctx = this.expandContext(state, io)
    // Per-command assignments are all expanded before any applies (`A=1 B=$A cmd` gives B nothing).
    const local: Array<[string, string]> = []
    for (const a of cmd.assigns) local.push([a.name, await expandToString(a.value, ctx)])
    const argv: string[] = []
    try {
      for (const word of cmd.words) argv.push(...(await expandAtom(word, ctx)))
    } catch (error) {
      if (!(error instanceof NoMatchError)) throw error
      await safeWrite(io.stderr, `bun: no matches found: ${error.pattern}\n`)
      return 1
    }
    const name = argv[0]
    if (name === undefined) return 0
    const env = Object.fromEntries(state.env)
    for (const [k, v] of local) env[k] = v
    const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined

    let target: string | null = null
    if (cmd.redirect?.target) {
      let words: string[]
      try {
        words = await expandAtom(cmd.redirect.target, ctx)
      } catch (error) {
        if (!(error instanceof NoMatchError)) throw error
        await safeWrite(io.stderr, `bun: no matches found: ${error.pattern}\n`)
        return 1
      }
      if (words.length !== 1 || words[0] === '') {
        await safeWrite(io.stderr, `bun: ambiguous redirect: at \`${name}\`\n`)
        return 1
      }
      target = words[0] as string
    }

    if (builtin) {
      let opened: OpenedRedirect
      try {
        opened = this.openRedirect(cmd.redirect, target, state, io)
        opened.ensure()
      } catch (error) {
        // Bun prints this one without a newline.
        await safeWrite(io.stderr, `bun: ${errorText(error)}: ${target}`)
        return 1
      }
      return this.runBuiltin(builtin, name, argv.slice(1), env, state, opened.io)
    }

    let opened: OpenedRedirect
    try {
      opened = this.openRedirect(cmd.redirect, target, state, io)
    } catch (error) {
      await safeWrite(io.stderr, `bun: ${errorText(error)}: ${target}`)
      return 1
    }
    const code = await this.external(argv, env, state, opened.io)
    if (code === null) {
      await safeWrite(io.stderr, `bun: command not found: ${name}\n`)
      return 1
    }
    try {
      opened.ensure()
    } catch (error) {
      await safeWrite(io.stderr, `bun: ${errorText(error)}: ${target}`)
      return 1
    }
    return code
  }

  /** Applies a command's redirection to its streams. Input files are read now; output files open lazily. */
  private openRedirect(
    redirect: Redirect | null,
    target: string | null,
    state: ShellState,
    io: ShellIO,
  ): OpenedRedirect {
    const none = { io, ensure() {} }
    if (!redirect) return none
    const { flags } = redirect
    if (flags.duplicate) {
      // `1>&2` is encoded as stderr+duplicate, `2>&1` as stdout+duplicate.
      if (flags.stderr) return { io: { ...io, stdout: io.stderr }, ensure() {} }
      return { io: { ...io, stderr: io.stdout }, ensure() {} }
    }
    if (target === null) return none
    const path = posixPath.resolve(state.cwd, target)
    if (flags.stdin) {
      let source: ByteSource
      if (path === '/dev/null') source = bytesSource(new Uint8Array(0))
      else if (path === '/dev/stdin') source = io.stdin
      else source = bytesSource(this.fs.readFile(path) as Uint8Array)
      return { io: { ...io, stdin: source }, ensure() {} }
    }
    let sink: ByteSink
    let ensure = () => {}
    if (path === '/dev/null') sink = nullSink
    else if (path === '/dev/stdout') sink = io.stdout
    else if (path === '/dev/stderr') sink = io.stderr
    else {
      const file = new FileSink(this.fs, path, flags.append)
      // Fail now for a target that cannot be opened (a directory, a missing parent).
      if (this.fs.exists(path) && this.fs.stat(path).isDirectory()) {
        throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' })
      }
      const parent = posixPath.dirname(path)
      if (!this.fs.exists(parent)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
      sink = file
      ensure = () => file.ensure()
    }
    return {
      io: { ...io, stdout: flags.stdout ? sink : io.stdout, stderr: flags.stderr ? sink : io.stderr },
      ensure,
    }
  }

  private async runBuiltin(
    builtin: Builtin,
    name: string,
    args: string[],
    env: Record<string, string>,
    state: ShellState,
    io: ShellIO,
  ): Promise<number> {
    const write = async (sink: ByteSink, data: string | Uint8Array) => {
      this.checkAbort()
      await sink.write(typeof data === 'string' ? encode(data) : data)
    }
    const inv: Invocation = {
      name,
      args,
      fs: this.fs,
      state,
      env,
      stdin: io.stdin,
      out: (data) => write(io.stdout, data),
      err: (data) => write(io.stderr, data),
      signal: this.signal,
      resolve: (path) => posixPath.resolve(state.cwd, path),
      exec: (argv, childEnv) => {
        const name = argv[0] as string
        const other = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined
        if (other) return this.runBuiltin(other, name, argv.slice(1), childEnv, state, io)
        return this.external(argv, childEnv, state, io)
      },
    }
    try {
      return await builtin(inv)
    } catch (error) {
      if (error instanceof BrokenPipeError) return 1
      if (error instanceof AbortedError) throw error
      await safeWrite(io.stderr, `${name}: ${errorText(error)}\n`)
      return 1
    }
  }

  /** Runs a program through `ShellContext.spawn`; null when there is no such program. */
  private async external(
    argv: string[],
    env: Record<string, string>,
    state: ShellState,
    io: ShellIO,
  ): Promise<number | null> {
    if (!this.spawn) return null
    const controller = new AbortController()
    const stop = () => controller.abort()
    this.signal.addEventListener('abort', stop, { once: true })
    // A child writing into a pipe nobody reads any more is stopped, like SIGPIPE would.
    const guard = (sink: ByteSink): ByteSink =>
      sink === this.own.stdout || sink === this.own.stderr
        ? sink
        : {
            write: async (chunk) => {
              try {
                await sink.write(chunk)
              } catch (error) {
                if (error instanceof BrokenPipeError) controller.abort()
                throw error
              }
            },
          }
    const request: SpawnRequest = {
      argv,
      cwd: state.cwd,
      env,
      io: { stdin: io.stdin, stdout: guard(io.stdout), stderr: guard(io.stderr) },
      signal: controller.signal,
    }
    try {
      return await this.spawn(request)
    } finally {
      this.signal.removeEventListener('abort', stop)
    }
  }
}
