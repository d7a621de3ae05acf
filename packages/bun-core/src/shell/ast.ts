/**
 * The shell's syntax tree. A script is statements; a statement is
 * expressions run in order (Bun lets `echo a > f b` hold two); an expression
 * is a command, assignments, `&&`/`||`, a pipeline, a subshell, an `if` or a
 * `[[ … ]]` test.
 */
import type { RedirectFlags } from './lexer.js'

export interface Script {
  stmts: Stmt[]
}

export interface Stmt {
  exprs: Expr[]
}

export type Expr =
  | { kind: 'assign'; assigns: Assign[] }
  | { kind: 'binary'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'pipeline'; items: Expr[] }
  | { kind: 'cmd'; cmd: Cmd }
  | { kind: 'subshell'; script: Script }
  | { kind: 'if'; clauses: IfClause[]; otherwise: Stmt[] | null }
  | { kind: 'cond'; op: CondOp; args: Atom[] }

/** `if cond; then body` or `elif cond; then body`. */
export interface IfClause {
  cond: Stmt[]
  body: Stmt[]
}

/** The `[[ … ]]` operators Bun runs (others are syntax errors). */
export type CondOp = '-f' | '-z' | '-n' | '-d' | '-c' | '==' | '!='

/** `NAME=value`. */
export interface Assign {
  name: string
  value: Atom
}

/** A simple command: per-command assignments, words, and at most one redirection. */
export interface Cmd {
  assigns: Assign[]
  words: Atom[]
  redirect: Redirect | null
}

/** A redirection; `target` is null for `2>&1` / `1>&2`. */
export interface Redirect {
  flags: RedirectFlags
  target: Atom | null
}

/** One piece of a word. `text` parts are literal (quoting has already been applied). */
export type AtomPart =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  | { kind: 'argv'; index: number }
  | { kind: 'asterisk' }
  | { kind: 'doubleAsterisk' }
  | { kind: 'braceBegin' }
  | { kind: 'comma' }
  | { kind: 'braceEnd' }
  | { kind: 'tilde' }
  | { kind: 'cmdSubst'; script: Script; quoted: boolean }

/** A word: its parts, and whether it needs brace expansion or globbing. */
export interface Atom {
  parts: AtomPart[]
  braces: boolean
  glob: boolean
}
