/**
 * Word expansion, in Bun's order and with Bun's rules: brace alternatives
 * (only when a word has `{`, `,` and `}` tokens), `~`, `$NAME`, `$0`…`$9`,
 * command substitution (split into words when unquoted), then globbing. A
 * variable's value is never split or globbed. A word that expands to nothing
 * and has no literal text in it is dropped (`echo $UNSET a` passes one
 * argument), while `""` stays an empty argument.
 */
import type { Atom, AtomPart, Script } from './ast.js'
import { type GlobPiece, glob, patternText } from './glob.js'
import type { ShellFs } from './types.js'

/** Raised when a glob matches nothing; the command does not run. */
export class NoMatchError extends Error {
  override name = 'NoMatchError'
  constructor(readonly pattern: string) {
    super(`no matches found: ${pattern}`)
  }
}

/** What expansion needs from the interpreter. */
export interface ExpandContext {
  fs: ShellFs
  cwd: string
  /** A variable's value: shell variables first, then the exported environment; '' when unset. */
  lookup(name: string): string
  /** Positional parameter `$n`; '' when absent. */
  argv(index: number): string
  /** Runs a command substitution and returns its standard output as text. */
  substitute(script: Script): Promise<string>
}

const IFS = /[ \t\n]+/

function homeOf(ctx: ExpandContext): string {
  return ctx.lookup('HOME')
}

/** Removes trailing newlines, as command substitution does. */
function stripNewlines(text: string): string {
  return text.replace(/\n+$/, '')
}

/** Splits a part list on top-level brace groups into alternatives (nested groups expand too). */
export function braceAlternatives(parts: AtomPart[]): AtomPart[][] {
  const open = parts.findIndex((p) => p.kind === 'braceBegin')
  if (open < 0) return [parts]
  // Find the matching close and the top-level commas.
  let depth = 0
  const commas: number[] = []
  let close = -1
  for (let i = open; i < parts.length; i++) {
    const k = (parts[i] as AtomPart).kind
    if (k === 'braceBegin') depth++
    else if (k === 'braceEnd') {
      depth--
      if (depth === 0) {
        close = i
        break
      }
    } else if (k === 'comma' && depth === 1) commas.push(i)
  }
  const prefix = parts.slice(0, open)
  if (close < 0 || commas.length === 0) {
    // Not a brace group: `{` stays text, and later groups may still expand.
    const rest = braceAlternatives(parts.slice(open + 1))
    return rest.map((r) => [...prefix, { kind: 'text', text: '{' } as AtomPart, ...r])
  }
  const bounds = [open, ...commas, close]
  const suffixes = braceAlternatives(parts.slice(close + 1))
  const out: AtomPart[][] = []
  for (let i = 0; i < bounds.length - 1; i++) {
    const middle = braceAlternatives(parts.slice((bounds[i] as number) + 1, bounds[i + 1]))
    for (const m of middle) for (const s of suffixes) out.push([...prefix, ...m, ...s])
  }
  return out
}

function braceText(kind: 'braceBegin' | 'comma' | 'braceEnd'): string {
  return kind === 'braceBegin' ? '{' : kind === 'comma' ? ',' : '}'
}

/** Expands parts into one string: no splitting, no globbing (assignments, `[[ ]]`, redirection names). */
export async function expandToString(atom: Atom, ctx: ExpandContext): Promise<string> {
  let out = ''
  for (const part of atom.parts) {
    switch (part.kind) {
      case 'text':
        out += part.text
        break
      case 'var':
        out += ctx.lookup(part.name)
        break
      case 'argv':
        out += ctx.argv(part.index)
        break
      case 'tilde':
        out += homeOf(ctx)
        break
      case 'cmdSubst':
        out += stripNewlines(await ctx.substitute(part.script))
        break
      case 'asterisk':
        out += '*'
        break
      case 'doubleAsterisk':
        out += '**'
        break
      default:
        out += braceText(part.kind)
    }
  }
  return out
}

interface Fields {
  /** Each field as glob pieces (literal text and stars). */
  fields: GlobPiece[][]
  /** Whether literal text (possibly empty, like `""`) was part of the word. */
  literal: boolean
}

async function expandParts(parts: AtomPart[], ctx: ExpandContext): Promise<Fields> {
  const fields: GlobPiece[][] = [[]]
  let literal = false
  const append = (piece: GlobPiece) => {
    ;(fields[fields.length - 1] as GlobPiece[]).push(piece)
  }
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        literal = true
        append(part.text)
        break
      case 'var':
        append(ctx.lookup(part.name))
        break
      case 'argv':
        append(ctx.argv(part.index))
        break
      case 'tilde':
        literal = true
        append(homeOf(ctx))
        break
      case 'asterisk':
        literal = true
        append({ star: 1 })
        break
      case 'doubleAsterisk':
        literal = true
        append({ star: 2 })
        break
      case 'braceBegin':
      case 'comma':
      case 'braceEnd':
        literal = true
        append(braceText(part.kind))
        break
      case 'cmdSubst': {
        const text = stripNewlines(await ctx.substitute(part.script))
        if (part.quoted) {
          append(text)
          break
        }
        // Whitespace separates words; the first and last join the text around them.
        text.split(IFS).forEach((w, i) => {
          if (i > 0) fields.push([])
          if (w !== '') append(w)
        })
        break
      }
    }
  }
  return { fields, literal }
}

const fieldText = (field: GlobPiece[]): string => patternText(field)

/**
 * Expands one word into arguments. Throws {@link NoMatchError} when a glob
 * matches nothing.
 */
export async function expandAtom(atom: Atom, ctx: ExpandContext): Promise<string[]> {
  if (atom.braces) {
    const alternatives = braceAlternatives(atom.parts)
    const words: string[] = []
    const patterns: GlobPiece[][] = []
    for (const alt of alternatives) {
      const { fields } = await expandParts(alt, ctx)
      for (const f of fields) {
        const text = fieldText(f)
        if (text !== '') words.push(text)
        if (atom.glob) patterns.push(f)
      }
    }
    if (!atom.glob) return words
    // Bun prints the brace words as they are, then what the braced pattern matches.
    const matches: string[] = []
    for (const p of patterns) for (const m of glob(ctx.fs, ctx.cwd, p)) if (!matches.includes(m)) matches.push(m)
    return [...words, ...matches]
  }
  const { fields, literal } = await expandParts(atom.parts, ctx)
  if (atom.glob) {
    const out: string[] = []
    for (const f of fields) {
      if (!f.some((p) => typeof p !== 'string')) {
        out.push(fieldText(f))
        continue
      }
      const matches = glob(ctx.fs, ctx.cwd, f)
      if (matches.length === 0) throw new NoMatchError(fieldText(f))
      out.push(...matches)
    }
    return out
  }
  const words = fields.map(fieldText)
  if (words.length === 1) return words[0] === '' && !literal ? [] : words
  return words.filter((w) => w !== '')
}
