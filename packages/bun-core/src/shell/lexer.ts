/**
 * The shell's lexer: script text to tokens, with the quirks of Bun's lexer
 * (observed against `bun exec`), because scripts written for Bun rely on them:
 * only a space separates words (a tab does not), single-quoted text merges into
 * the surrounding word, `*`, `**`, `{`, `,`, `}` are their own tokens outside
 * quotes, a comment swallows its newline, errors are collected and lexing
 * stops at some of them.
 */

/** Which of the three standard streams a redirection names, plus how it opens the file. */
export interface RedirectFlags {
  stdin: boolean
  stdout: boolean
  stderr: boolean
  append: boolean
  /**
   * `1>&2` / `2>&1`: the stream named by `stdout`/`stderr` is the *target*;
   * the other one is sent to it (Bun's encoding).
   */
  duplicate: boolean
}

/** One token. Word tokens carry their text; `Text` is unquoted (or single-quoted) text. */
export type Token =
  | { t: 'Pipe' }
  | { t: 'DoublePipe' }
  | { t: 'Ampersand' }
  | { t: 'DoubleAmpersand' }
  | { t: 'Redirect'; flags: RedirectFlags }
  | { t: 'Asterisk' }
  | { t: 'DoubleAsterisk' }
  | { t: 'Semicolon' }
  | { t: 'Newline' }
  | { t: 'BraceBegin' }
  | { t: 'Comma' }
  | { t: 'BraceEnd' }
  | { t: 'CmdSubstBegin'; quoted: boolean }
  | { t: 'CmdSubstEnd' }
  | { t: 'OpenParen' }
  | { t: 'CloseParen' }
  | { t: 'Var'; name: string }
  | { t: 'VarArgv'; index: number }
  | { t: 'Text'; text: string }
  | { t: 'SingleQuotedText'; text: string }
  | { t: 'DoubleQuotedText'; text: string }
  | { t: 'DoubleBracketOpen' }
  | { t: 'DoubleBracketClose' }
  | { t: 'Delimit' }
  | { t: 'Eof' }

/** Token kinds, for `peek().t === …` checks. */
export type TokenTag = Token['t']

/** The lexer's output: tokens (ending with `Eof` unless lexing stopped early) and error messages. */
export interface LexResult {
  tokens: Token[]
  errors: string[]
}

type QuoteState = 'normal' | 'single' | 'double'
type SubshellKind = 'normal' | 'backtick' | 'dollar'
interface InputChar {
  char: string
  escaped: boolean
}

const noFlags = (): RedirectFlags => ({ stdin: false, stdout: false, stderr: false, append: false, duplicate: false })

/** Token kinds after which a space adds a word delimiter (Bun's list; `**` is not in it). */
const DELIMITED_AFTER = new Set<TokenTag>([
  'Var',
  'VarArgv',
  'Text',
  'SingleQuotedText',
  'DoubleQuotedText',
  'BraceBegin',
  'Comma',
  'BraceEnd',
  'CmdSubstEnd',
  'Asterisk',
])

const isWhitespace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n'

/** Characters a backslash escapes inside double quotes; elsewhere it stays a backslash. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n', '#'])

/** Splits a script into tokens. Never throws: problems are returned in `errors`. */
export function lex(script: string): LexResult {
  const lexer = new Lexer(Array.from(script))
  lexer.run(null)
  return { tokens: lexer.tokens, errors: lexer.errors }
}

class Lexer {
  readonly tokens: Token[] = []
  readonly errors: string[] = []
  private i = 0
  private state: QuoteState = 'normal'
  /** The characters read before the current one (for comments: `#` starts one only after whitespace). */
  private prev: InputChar | null = null
  private current: InputChar | null = null
  /** The pending word's characters since the last break. */
  private word = ''
  /** Whether the pending word has single-quoted characters (they are never a tilde, keyword or assignment). */
  private sawSingle = false

  constructor(private readonly src: string[]) {}

  /** Reads the next character as the quote state sees it: a backslash pair counts as one escaped char. */
  private read(at: number): { input: InputChar; width: number } | null {
    const c = this.src[at]
    if (c === undefined) return null
    if (c !== '\\' || this.state === 'single') return { input: { char: c, escaped: false }, width: 1 }
    const next = this.src[at + 1]
    // A trailing backslash ends the input (Bun drops it).
    if (next === undefined) return null
    if (this.state === 'double' && !DOUBLE_QUOTE_ESCAPABLE.has(next)) {
      return { input: { char: c, escaped: false }, width: 1 }
    }
    return { input: { char: next, escaped: true }, width: 2 }
  }

  private peek(): InputChar | null {
    return this.read(this.i)?.input ?? null
  }

  private eat(): InputChar | null {
    const r = this.read(this.i)
    if (!r) return null
    this.i += r.width
    this.prev = this.current
    this.current = r.input
    return r.input
  }

  private snapshot(): [number, InputChar | null, InputChar | null] {
    return [this.i, this.prev, this.current]
  }

  private restore(s: [number, InputChar | null, InputChar | null]): void {
    ;[this.i, this.prev, this.current] = s
  }

  private lastTag(): TokenTag | undefined {
    return this.tokens[this.tokens.length - 1]?.t
  }

  /** Lexes until the end, or until the closing token of the subshell being lexed. */
  run(inSubshell: SubshellKind | null): void {
    for (;;) {
      const input = this.eat()
      if (!input) {
        this.breakWord(true)
        break
      }
      const { char, escaped } = input
      if (!escaped) {
        const handled = this.special(char, inSubshell)
        if (handled === 'return') return
        if (handled === 'stop') return
        if (handled) continue
      } else if (char === '\n') {
        // Backslash-newline: a word break outside double quotes, nothing inside them.
        if (this.state !== 'double') this.breakWordImpl(true, true, false)
        continue
      }
      this.word += char
    }
    if (inSubshell) {
      this.errors.push(inSubshell === 'normal' ? 'Unclosed subshell' : 'Unclosed command substitution')
      return
    }
    this.tokens.push({ t: 'Eof' })
  }

  /**
   * Handles an unescaped character with a meaning. Returns true when it was
   * consumed, false when it is a plain character of the word, 'return' when
   * the subshell being lexed has closed and 'stop' when lexing must stop.
   */
  private special(char: string, inSubshell: SubshellKind | null): boolean | 'return' | 'stop' {
    const quoted = this.state !== 'normal'
    switch (char) {
      case '[':
      case ']': {
        if (quoted) return false
        const p = this.peek()
        if (!p || p.escaped || p.char !== char) return false
        const snap = this.snapshot()
        this.eat()
        const p2 = this.peek()
        if (!p2) {
          this.breakWord(true)
          // Bun emits a closing `]]` for a trailing `[[` as well.
          this.tokens.push({ t: 'DoubleBracketClose' })
          return true
        }
        const closers = char === '[' ? ' \r\n\t' : ' \r\n\t;&|>'
        if (!p2.escaped && closers.includes(p2.char)) {
          this.breakWord(true)
          this.tokens.push({ t: char === '[' ? 'DoubleBracketOpen' : 'DoubleBracketClose' })
          return true
        }
        this.restore(snap)
        return false
      }
      case '#': {
        if (quoted) return false
        if (this.prev && !isWhitespace(this.prev.char)) return false
        this.breakWord(true)
        // The comment runs to the end of the line, newline included.
        for (let c = this.eat(); c; c = this.eat()) {
          if (!c.escaped && c.char === '\n') break
        }
        return true
      }
      case ';':
        if (quoted) return false
        this.breakWord(true)
        this.tokens.push({ t: 'Semicolon' })
        return true
      case '\n':
        if (quoted) return false
        this.breakWordImpl(true, true, false)
        this.tokens.push({ t: 'Newline' })
        return true
      case '*': {
        if (quoted) return false
        const next = this.peek()
        if (next && !next.escaped && next.char === '*') {
          this.eat()
          this.breakWord(false)
          this.tokens.push({ t: 'DoubleAsterisk' })
          return true
        }
        this.breakWord(false)
        this.tokens.push({ t: 'Asterisk' })
        return true
      }
      case '{':
      case ',':
      case '}':
        if (quoted) return false
        this.breakWord(false)
        this.tokens.push({ t: char === '{' ? 'BraceBegin' : char === ',' ? 'Comma' : 'BraceEnd' })
        return true
      case '`':
        if (this.state === 'single') return false
        if (inSubshell === 'backtick') {
          this.breakWordOperator()
          if (this.lastTag() !== 'Delimit') this.tokens.push({ t: 'Delimit' })
          this.tokens.push({ t: 'CmdSubstEnd' })
          return 'return'
        }
        // Bun does not end the pending word here, so text before a backtick leaks into the substitution.
        this.subshell('backtick')
        return true
      case '$': {
        if (this.state === 'single') return false
        const next = this.peek()
        if (next && !next.escaped && next.char === '(') {
          this.breakWord(false)
          this.subshell('dollar')
          return true
        }
        this.breakWord(false)
        this.variable(inSubshell)
        return true
      }
      case '(':
        if (quoted) return false
        this.breakWord(true)
        this.subshell('normal')
        return true
      case ')':
        if (quoted) return false
        if (inSubshell !== 'dollar' && inSubshell !== 'normal') {
          this.errors.push("Unexpected ')'")
          return true
        }
        this.breakWord(true)
        if (inSubshell === 'dollar') {
          const last = this.lastTag()
          if (last !== 'Delimit' && last !== 'Semicolon' && last !== 'Eof' && last !== 'Newline') {
            this.tokens.push({ t: 'Delimit' })
          }
          this.tokens.push({ t: 'CmdSubstEnd' })
        } else {
          this.tokens.push({ t: 'CloseParen' })
        }
        return 'return'
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9': {
        if (quoted) return false
        const snap = this.snapshot()
        const flags = this.fdRedirect(char)
        if (flags) {
          this.breakWord(true)
          this.tokens.push({ t: 'Redirect', flags })
          return true
        }
        this.restore(snap)
        return false
      }
      case '|': {
        if (quoted) return false
        this.breakWordOperator()
        const next = this.peek()
        if (!next) {
          this.errors.push('Unexpected EOF')
          return 'stop'
        }
        if (!next.escaped && next.char === '&') {
          this.errors.push('Piping stdout and stderr (`|&`) is not supported yet. Please file an issue on GitHub.')
          return 'stop'
        }
        if (!next.escaped && next.char === '|') {
          this.eat()
          this.tokens.push({ t: 'DoublePipe' })
        } else {
          this.tokens.push({ t: 'Pipe' })
        }
        return true
      }
      case '>':
      case '<': {
        if (quoted) return false
        this.breakWordOperator()
        const flags = noFlags()
        if (char === '>') flags.stdout = true
        else flags.stdin = true
        if (this.doubled(char)) flags.append = true
        this.tokens.push({ t: 'Redirect', flags })
        return true
      }
      case '&': {
        if (quoted) return false
        this.breakWordOperator()
        const next = this.peek()
        if (!next) {
          this.tokens.push({ t: 'Ampersand' })
          return true
        }
        if (!next.escaped && next.char === '>') {
          this.eat()
          const flags = noFlags()
          flags.stdout = true
          flags.stderr = true
          if (this.doubled('>')) flags.append = true
          this.tokens.push({ t: 'Redirect', flags })
        } else if (!next.escaped && next.char === '&') {
          this.eat()
          this.tokens.push({ t: 'DoubleAmpersand' })
        } else {
          this.tokens.push({ t: 'Ampersand' })
        }
        return true
      }
      case "'":
        if (this.state === 'single') {
          // `''` is an empty word, not nothing.
          if (this.prev && !this.prev.escaped && this.prev.char === "'" && this.word === '') {
            this.tokens.push({ t: 'SingleQuotedText', text: '' })
          }
          this.state = 'normal'
          return true
        }
        if (this.state === 'normal') {
          this.state = 'single'
          this.sawSingle = true
          return true
        }
        return false
      case '"':
        if (this.state === 'single') return false
        this.breakWord(false)
        this.state = this.state === 'normal' ? 'double' : 'normal'
        return true
      case ' ':
        if (this.state !== 'normal') return false
        this.breakWordImpl(true, true, false)
        return true
      default:
        return false
    }
  }

  /** After `>` or `<`: eats a second one (`>>`, `<<`) and says whether it did. */
  private doubled(char: string): boolean {
    const next = this.peek()
    if (next && !next.escaped && next.char === char) {
      this.eat()
      return true
    }
    return false
  }

  /** `0<`, `1>`, `2>`, `2>>`, `2>&1`, `1>&2`; null (caller backtracks) when the digit is just text. */
  private fdRedirect(first: string): RedirectFlags | null {
    const flags = noFlags()
    if (first === '0') flags.stdin = true
    else if (first === '1') flags.stdout = true
    else if (first === '2') flags.stderr = true
    else return null
    const next = this.peek()
    if (!next || next.escaped) return null
    if (next.char === '<') {
      this.eat()
      if (this.doubled('<')) flags.append = true
      return flags
    }
    if (next.char !== '>') return null
    this.eat()
    if (this.doubled('>')) flags.append = true
    const amp = this.peek()
    if (amp && !amp.escaped && amp.char === '&') {
      this.eat()
      const target = this.peek()
      if (!target) return flags
      if (target.char === '1' && !flags.stdout && flags.stderr) {
        this.eat()
        return { ...flags, duplicate: true, stdout: true, stderr: false }
      }
      if (target.char === '2' && !flags.stderr && flags.stdout) {
        this.eat()
        return { ...flags, duplicate: true, stderr: true, stdout: false }
      }
      return null
    }
    return flags
  }

  /** `$NAME`, `$0`…`$9`; a `$` without a name is the text `$`. */
  private variable(inSubshell: SubshellKind | null): void {
    let name = ''
    const first = this.peek()
    if (first && first.char >= '0' && first.char <= '9') {
      this.eat()
      this.tokens.push({ t: 'VarArgv', index: Number(first.char) })
      return
    }
    if (first && /[A-Za-z_]/.test(first.char)) {
      for (let p = this.peek(); p; p = this.peek()) {
        if (!p.escaped && ((inSubshell === 'backtick' && p.char === '`') || (inSubshell && p.char === ')'))) break
        if (!/[A-Za-z0-9_]/.test(p.char)) break
        this.eat()
        name += p.char
      }
    }
    if (name === '') {
      this.word += '$'
      this.breakWord(false)
      return
    }
    this.tokens.push({ t: 'Var', name })
  }

  /** Lexes a `( … )`, `$( … )` or `` ` … ` `` body in place, between its begin and end tokens. */
  private subshell(kind: SubshellKind): void {
    if (kind === 'dollar') this.eat()
    if (kind === 'normal') this.tokens.push({ t: 'OpenParen' })
    else this.tokens.push({ t: 'CmdSubstBegin', quoted: this.state === 'double' })
    const outer = this.state
    this.state = 'normal'
    this.run(kind)
    this.state = outer
  }

  private breakWord(addDelimiter: boolean): void {
    this.breakWordImpl(addDelimiter, false, false)
  }

  private breakWordOperator(): void {
    this.breakWordImpl(true, false, true)
  }

  /** Ends the pending word: emits it as a token of the current quote state, and a delimiter when asked. */
  private breakWordImpl(addDelimiter: boolean, inNormalSpace: boolean, inOperator: boolean): void {
    const emptyQuotes =
      this.state === 'double' &&
      this.current?.char === '"' &&
      !this.current.escaped &&
      this.prev?.char === '"' &&
      !this.prev.escaped
    if (this.word !== '' || emptyQuotes) {
      const text = this.word
      this.tokens.push(
        this.state === 'double'
          ? { t: 'DoubleQuotedText', text }
          : this.state === 'single' || this.sawSingle
            ? { t: 'SingleQuotedText', text }
            : { t: 'Text', text },
      )
      if (addDelimiter) this.tokens.push({ t: 'Delimit' })
    } else if ((inNormalSpace || inOperator) && DELIMITED_AFTER.has(this.lastTag() as TokenTag)) {
      this.tokens.push({ t: 'Delimit' })
    }
    this.word = ''
    this.sawSingle = false
  }
}
