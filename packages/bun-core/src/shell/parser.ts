/**
 * The shell's parser: tokens to a {@link Script}. It follows Bun's grammar,
 * including its limits (one redirection per command, no `&`, no redirected
 * subshells, a handful of `[[ ]]` operators) and reports the same messages.
 */
import type { Assign, Atom, AtomPart, CondOp, Expr, IfClause, Script, Stmt } from './ast.js'
import { lex, type Token, type TokenTag } from './lexer.js'

/** A script that cannot be run: the messages are Bun's, one per line. */
export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError'
  constructor(readonly messages: string[]) {
    super(messages.join('\n'))
  }
}

/** Parses a script; throws {@link ShellSyntaxError} for lexing or parsing errors. */
export function parse(script: string): Script {
  const { tokens, errors } = lex(script)
  if (errors.length > 0) throw new ShellSyntaxError(errors)
  return new Parser(tokens).script(null)
}

type Closing = 'CloseParen' | 'CmdSubstEnd' | null

/** The `[[ ]]` operators taking one operand: every `-x` flag bash knows. */
const UNARY_OPS = new Set('abcdefghkprstuwxGLNOSovRzn'.split('').map((c) => `-${c}`))
const BINARY_OPS = new Set(['-ef', '-nt', '-ot', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge'])
const SUPPORTED_OPS = new Set<string>(['-f', '-z', '-n', '-d', '-c', '==', '!='])

/** How Bun names a token in "but got: …" messages of `[[ ]]`. */
function humanReadable(token: Token): string {
  switch (token.t) {
    case 'Pipe':
      return '`|`'
    case 'DoublePipe':
      return '`||`'
    case 'Ampersand':
      return '`&`'
    case 'DoubleAmpersand':
      return '`&&`'
    case 'Redirect':
      return '`>`'
    case 'Asterisk':
      return '`*`'
    case 'DoubleAsterisk':
      return '`**`'
    case 'Semicolon':
      return '`;`'
    case 'Newline':
      return '`\\n`'
    case 'BraceBegin':
      return '`{`'
    case 'Comma':
      return '`,`'
    case 'BraceEnd':
      return '`}`'
    case 'CmdSubstBegin':
      return '`$(`'
    case 'CmdSubstEnd':
      return '`)`'
    case 'OpenParen':
      return '`(`'
    case 'CloseParen':
      return '`)'
    case 'Var':
      return token.name
    case 'VarArgv':
      return `$${token.index}`
    case 'Text':
    case 'SingleQuotedText':
    case 'DoubleQuotedText':
      return token.text
    case 'DoubleBracketOpen':
      return '[['
    case 'DoubleBracketClose':
      return ']]'
    case 'Delimit':
      return 'Delimit'
    case 'Eof':
      return 'EOF'
  }
}

const IF_WORDS = ['if', 'then', 'elif', 'else', 'fi'] as const
type IfWord = (typeof IF_WORDS)[number]

class Parser {
  private current = 0
  private closing: Closing = null

  constructor(private readonly tokens: Token[]) {}

  private fail(message: string): never {
    throw new ShellSyntaxError([message])
  }

  private peek(n = 0): Token {
    return this.tokens[Math.min(this.current + n, this.tokens.length - 1)] as Token
  }

  /** At the end of input, or of the subshell being parsed: the token stays put. */
  private atEnd(): boolean {
    const t = this.peek().t
    return t === 'Eof' || (this.closing !== null && t === this.closing)
  }

  private advance(): Token {
    const token = this.peek()
    if (!this.atEnd()) this.current++
    return token
  }

  private check(...tags: TokenTag[]): boolean {
    return tags.includes(this.peek().t)
  }

  private match(...tags: TokenTag[]): boolean {
    if (!this.check(...tags)) return false
    this.advance()
    return true
  }

  private isTerminator(token: Token): boolean {
    const t = token.t
    return t === 'Semicolon' || t === 'Newline' || t === 'Eof' || (this.closing !== null && t === this.closing)
  }

  /** Whether a token ends a word. */
  private delimits(token: Token): boolean {
    return token.t === 'Delimit' || this.isTerminator(token)
  }

  private skipNewlines(): void {
    while (this.match('Newline')) {}
  }

  /** Parses statements until the end, or until `closing` (which is then stepped over). */
  script(closing: Closing): Script {
    const outer = this.closing
    this.closing = closing
    const stmts: Stmt[] = []
    if (this.tokens.length === 1 && this.peek().t === 'Eof') return { stmts }
    while (!this.atEnd()) {
      this.skipNewlines()
      stmts.push(this.stmt())
      this.skipNewlines()
    }
    this.closing = outer
    // Step over the subshell's closing token (the end of input stays).
    if (closing !== null && this.peek().t === closing) this.current++
    return { stmts }
  }

  private stmt(): Stmt {
    const exprs: Expr[] = []
    while (!this.isTerminator(this.peek())) {
      const expr = this.binary()
      if (this.match('Ampersand')) this.fail('Background commands "&" are not supported yet.')
      exprs.push(expr)
    }
    // The statement's terminator is consumed, except the end of input or of a subshell.
    if (!this.atEnd()) this.advance()
    return { exprs }
  }

  private binary(): Expr {
    let left = this.pipeline()
    while (this.check('DoubleAmpersand', 'DoublePipe')) {
      const op = this.advance().t === 'DoubleAmpersand' ? 'and' : 'or'
      const right = this.pipeline()
      left = { kind: 'binary', op, left, right }
    }
    return left
  }

  private pipeline(): Expr {
    const first = this.compound()
    if (!this.check('Pipe')) return first
    const items = [first]
    while (this.match('Pipe')) items.push(this.compound())
    return { kind: 'pipeline', items }
  }

  private compound(): Expr {
    if (this.check('OpenParen')) {
      this.advance()
      const script = this.script('CloseParen')
      const redirect = this.redirect()
      if (redirect) this.fail('Subshells with redirections are currently not supported. Please open a GitHub issue.')
      return { kind: 'subshell', script }
    }
    if (this.isIfWord(this.peek(), 'if')) return this.ifClause()
    if (this.check('DoubleBracketOpen')) return this.cond()
    return this.simpleCmd()
  }

  private isIfWord(token: Token, word: IfWord): boolean {
    return token.t === 'Text' && token.text === word
  }

  private ifWordOf(token: Token): IfWord | null {
    if (token.t !== 'Text') return null
    return (IF_WORDS as readonly string[]).includes(token.text) ? (token.text as IfWord) : null
  }

  /** Consumes `word` when it is a whole word here. */
  private matchIfWord(word: IfWord): boolean {
    if (this.isIfWord(this.peek(), word) && this.delimits(this.peek(1))) {
      this.advance()
      this.advance()
      return true
    }
    return false
  }

  private expectIfWord(word: IfWord): void {
    if (!this.matchIfWord(word)) this.fail(`Expected "${word}" but got: ${this.peek().t}`)
  }

  /** Statements until one of the `until` keywords (or the end). */
  private ifBody(until: IfWord[]): Stmt[] {
    const stmts: Stmt[] = []
    for (;;) {
      const word = this.ifWordOf(this.peek())
      if ((word && until.includes(word)) || this.atEnd()) return stmts
      this.skipNewlines()
      stmts.push(this.stmt())
      this.skipNewlines()
    }
  }

  private ifClause(): Expr {
    this.expectIfWord('if')
    const clauses: IfClause[] = []
    const cond = this.ifBody(['then'])
    if (!this.matchIfWord('then')) this.fail(`Expected "then" but got: ${this.peek().t}`)
    clauses.push({ cond, body: this.ifBody(['else', 'elif', 'fi']) })
    let otherwise: Stmt[] | null = null
    const word = this.ifWordOf(this.peek())
    if (word === null || word === 'if' || word === 'then') {
      this.fail(`Expected "else", "elif", or "fi" but got: ${this.peek().t}`)
    }
    while (this.ifWordOf(this.peek()) === 'elif') {
      this.expectIfWord('elif')
      const elifCond = this.ifBody(['then'])
      if (!this.matchIfWord('then')) this.fail(`Expected "then" but got: ${this.peek().t}`)
      clauses.push({ cond: elifCond, body: this.ifBody(['elif', 'else', 'fi']) })
    }
    if (this.ifWordOf(this.peek()) === 'else') {
      this.expectIfWord('else')
      otherwise = this.ifBody(['fi'])
    }
    if (!this.matchIfWord('fi')) this.fail(`Expected "fi" but got: ${this.peek().t}`)
    return { kind: 'if', clauses, otherwise }
  }

  private cond(): Expr {
    this.advance()
    const first = this.peek()
    if (first.t === 'Text' && first.text.startsWith('-')) {
      if (!UNARY_OPS.has(first.text)) this.fail(`Unknown conditional expression operation: ${first.text}`)
      this.checkSupported(first.text)
      this.advance()
      if (!this.match('Delimit')) this.fail('Expected a single, simple word')
      const arg = this.atom()
      if (!arg) this.fail(`Expected a word, but got: ${humanReadable(this.peek())}`)
      if (!this.match('DoubleBracketClose')) this.fail(`Expected "]]" but got: ${humanReadable(this.peek())}`)
      return { kind: 'cond', op: first.text as CondOp, args: [arg] }
    }
    const left = this.atom()
    if (!left) this.fail(`Expected a conditional expression operand, but got: ${humanReadable(this.peek())}`)
    const opToken = this.peek()
    if (opToken.t !== 'Text') {
      this.fail(`Expected a conditional expression operator, but got: ${humanReadable(opToken)}`)
    }
    this.advance()
    if (!this.match('Delimit')) this.fail('Expected a single, simple word')
    if (!BINARY_OPS.has(opToken.text)) this.fail(`Unknown conditional expression operation: ${opToken.text}`)
    this.checkSupported(opToken.text)
    const right = this.atom()
    if (!right) this.fail(`Expected a word, but got: ${humanReadable(this.peek())}`)
    if (!this.match('DoubleBracketClose')) this.fail(`Expected "]]" but got: ${humanReadable(this.peek())}`)
    return { kind: 'cond', op: opToken.text as CondOp, args: [left, right] }
  }

  private checkSupported(op: string): void {
    if (!SUPPORTED_OPS.has(op)) {
      this.fail(
        `Conditional expression operation: ${op}, is not supported right now. Please open a GitHub issue if you would like it to be supported.`,
      )
    }
  }

  private simpleCmd(): Expr {
    const assigns: Assign[] = []
    while (!this.isTerminator(this.peek())) {
      const assign = this.assign()
      if (!assign) break
      assigns.push(assign)
    }
    if (this.isTerminator(this.peek())) {
      if (assigns.length === 0) this.fail('expected a command or assignment')
      return { kind: 'assign', assigns }
    }
    const name = this.atom()
    if (!name) {
      if (assigns.length === 0) this.fail(`expected a command or assignment but got: "${this.peek().t}"`)
      return { kind: 'assign', assigns }
    }
    const words = [name]
    for (let arg = this.atom(); arg; arg = this.atom()) words.push(arg)
    return { kind: 'cmd', cmd: { assigns, words, redirect: this.redirect() } }
  }

  private redirect(): { flags: import('./lexer.js').RedirectFlags; target: Atom | null } | null {
    const token = this.peek()
    if (token.t !== 'Redirect') return null
    this.advance()
    const target = this.atom()
    if (!target && !token.flags.duplicate) this.fail('Redirection with no file')
    return { flags: token.flags, target }
  }

  /** `NAME=value` at the start of a command; null (nothing consumed) when the word is not one. */
  private assign(): Assign | null {
    const token = this.peek()
    if (token.t !== 'Text') return null
    const eq = token.text.indexOf('=')
    const name = token.text.slice(0, eq)
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return null
    this.advance()
    const rest = token.text.slice(eq + 1)
    if (this.delimits(this.peek())) {
      this.advance()
      return { name, value: { parts: [{ kind: 'text', text: rest }], braces: false, glob: false } }
    }
    const value = this.atom()
    if (!value) this.fail('Expected an atom')
    if (rest !== '') value.parts.unshift({ kind: 'text', text: rest })
    return { name, value }
  }

  /** One word, or null when the next token does not start one. */
  private atom(): Atom | null {
    const parts: AtomPart[] = []
    let braceOpen = false
    let braceClose = false
    let comma = false
    let glob = false
    for (;;) {
      const token = this.peek()
      if (token.t === 'Delimit') {
        this.advance()
        break
      }
      if (this.isTerminator(token)) break
      const nextDelimits = this.delimits(this.peek(1))
      switch (token.t) {
        case 'Asterisk':
        case 'DoubleAsterisk':
          glob = true
          parts.push({ kind: token.t === 'Asterisk' ? 'asterisk' : 'doubleAsterisk' })
          break
        case 'BraceBegin':
          braceOpen = true
          parts.push({ kind: 'braceBegin' })
          break
        case 'BraceEnd':
          braceClose = true
          parts.push({ kind: 'braceEnd' })
          break
        case 'Comma':
          comma = true
          parts.push({ kind: 'comma' })
          break
        case 'CmdSubstBegin': {
          this.advance()
          const script = this.script('CmdSubstEnd')
          parts.push({ kind: 'cmdSubst', script, quoted: token.quoted })
          if (this.delimits(this.peek())) {
            this.match('Delimit')
            return finish()
          }
          continue
        }
        case 'Text':
          if (token.text.startsWith('~')) {
            parts.push({ kind: 'tilde' })
            if (token.text.length > 1) parts.push({ kind: 'text', text: token.text.slice(1) })
          } else {
            parts.push({ kind: 'text', text: token.text })
          }
          break
        case 'SingleQuotedText':
        case 'DoubleQuotedText':
          parts.push({ kind: 'text', text: token.text })
          break
        case 'Var':
          parts.push({ kind: 'var', name: token.name })
          break
        case 'VarArgv':
          parts.push({ kind: 'argv', index: token.index })
          break
        case 'OpenParen':
        case 'CloseParen':
          this.fail(`Unexpected token: \`${token.t === 'OpenParen' ? '(' : ')'}\``)
          break
        default:
          // An operator: Bun drops a word that runs into one without a delimiter.
          return null
      }
      this.advance()
      if (nextDelimits) {
        this.match('Delimit')
        break
      }
    }
    return finish()

    function finish(): Atom | null {
      if (parts.length === 0) return null
      return { parts, braces: parts.length > 1 && braceOpen && braceClose && comma, glob }
    }
  }
}
