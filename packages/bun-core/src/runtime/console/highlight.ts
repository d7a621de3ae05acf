/**
 * The syntax highlighting Bun applies to source lines above an error when
 * colours are on: a character scanner, not a parser (it colours keywords,
 * numbers, strings, comments, `new X(`, `.method(` and `;`). Lines that are
 * empty, longer than 2048 characters or not ASCII are left plain.
 */
import { pretty } from './style.js'

const MAGENTA = '\x1b[35m'
const BLUE = '\x1b[34m'
const ORANGE = '\x1b[33m'
const RED = '\x1b[31m'

const KEYWORDS: Record<string, string> = {}
for (const word of [
  'async',
  'await',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'do',
  'else',
  'break',
  'export',
  'extends',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'let',
  'new',
  'package',
  'return',
  'static',
  'super',
  'switch',
  'throw',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
]) {
  KEYWORDS[word] = MAGENTA
}
for (const word of [
  'abstract',
  'as',
  'enum',
  'implements',
  'interface',
  'private',
  'protected',
  'public',
  'type',
  'string',
  'number',
  'boolean',
  'symbol',
  'any',
  'object',
  'unknown',
  'never',
  'namespace',
  'declare',
  'readonly',
]) {
  KEYWORDS[word] = BLUE
}
for (const word of ['undefined', 'false', 'null', 'this', 'true']) KEYWORDS[word] = ORANGE
KEYWORDS.delete = RED

function isIdentifierStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_$]/.test(c)
}

function isIdentifierContinue(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c)
}

const R = '\x1b[0m'

/** `text` with Bun's ANSI highlighting when `colors`; unchanged otherwise. */
export function highlightJavaScript(text: string, colors: boolean): string {
  if (!colors || text.length > 2048 || text.length === 0 || !/^[\x00-\x7f]*$/.test(text)) return text
  return highlight(text)
}

function highlight(source: string): string {
  let out = ''
  let text = source
  let previous: string | undefined
  outer: while (text.length > 0) {
    const c = text[0]!
    if (isIdentifierStart(c)) {
      let i = 1
      while (i < text.length && isIdentifierContinue(text[i])) i++
      const word = text.slice(0, i)
      const color = Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined
      if (color !== undefined) {
        if (word !== 'as') previous = word
        out += `${R}${color}${word}${R}`
      } else {
        let written = false
        if (previous !== undefined) {
          if (previous === 'new') {
            previous = undefined
            if (text[i] === '(') {
              out += pretty(`<r><b>${word}<r>`, true)
              written = true
            }
          } else if (['abstract', 'namespace', 'declare', 'type', 'interface'].includes(previous)) {
            out += pretty(`<r><b><blue>${word}<r>`, true)
            previous = undefined
            written = true
          } else if (previous === 'import' && word === 'from') {
            out += `${R}${MAGENTA}${word}${R}`
            previous = undefined
            written = true
          }
        }
        if (!written) out += word
      }
      text = text.slice(i)
      continue
    }
    switch (c) {
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
        previous = undefined
        let i = 1
        if (text.length > 1 && c === '0' && text[1] === 'x') {
          i++
          while (i < text.length && /[0-9a-fA-F]/.test(text[i]!)) i++
        } else {
          while (i < text.length && /[0-9.eExXbBoO]/.test(text[i]!)) i++
        }
        out += pretty(`<r><yellow>${text.slice(0, i)}<r>`, true)
        text = text.slice(i)
        continue
      }
      case '`':
      case '"':
      case "'": {
        previous = undefined
        let i = 1
        while (i < text.length && text[i] !== c) {
          if (c === '`' && text[i] === '$' && text[i + 1] === '{') {
            const curlyStart = i
            i += 2
            while (i < text.length && text[i] !== '}') {
              if (text[i] === '\\') i++
              i++
            }
            out += pretty('<r><green>', true) + text.slice(0, curlyStart) + R
            out += '${'
            const inner = text.slice(curlyStart + 2, Math.min(i, text.length))
            if (inner.length > 0) out += highlight(inner)
            if (i < text.length && text[i] === '}') {
              out += '}'
              i++
            }
            text = text.slice(i)
            i = 0
            if (text.length > 0 && text[0] === c) {
              out += pretty('<r><green>`<r>', true)
              text = text.slice(1)
              continue outer
            }
            continue
          }
          if (i + 1 < text.length && text[i] === '\\') i++
          i++
        }
        if (i < text.length) i++
        out += pretty('<r><green>', true) + text.slice(0, i) + R
        text = text.slice(i)
        continue
      }
      case '/': {
        previous = undefined
        let i = 1
        if (text[1] === '/') {
          while (i < text.length && text[i] !== '\n') i++
          const comment = text.slice(0, i)
          if (text[i] === '\n') i++
          if (text[i] === '\r') i++
          out += pretty('<r><d>', true) + comment + R
          text = text.slice(i)
          continue
        }
        if (text[1] === '*') {
          i = 2
          while (i + 2 < text.length && text.slice(i, i + 2) !== '*/') i++
          if (i + 2 < text.length && text.slice(i, i + 2) === '*/') {
            i += 2
            out += pretty('<r><d>', true) + text.slice(0, i) + R
            text = text.slice(i)
            continue
          }
          i = 1
        }
        out += text.slice(0, i)
        text = text.slice(i)
        continue
      }
      case '{':
      case '}':
        if (previous !== 'import') previous = undefined
        out += c
        text = text.slice(1)
        continue
      case '[':
      case ']':
        previous = undefined
        out += c
        text = text.slice(1)
        continue
      case ';':
        previous = undefined
        out += pretty('<r><d>;<r>', true)
        text = text.slice(1)
        continue
      case '.': {
        previous = undefined
        if (text.length > 1 && (isIdentifierStart(text[1]) || text[1] === '#')) {
          let i = 2
          while (i < text.length && isIdentifierContinue(text[i])) i++
          if (text[i] === '(') {
            out += pretty('<r><i><b>', true) + text.slice(0, i) + R
            text = text.slice(i)
            continue
          }
        }
        out += c
        text = text.slice(1)
        continue
      }
      case '<':
        out += `${R}<${R}`
        text = text.slice(1)
        continue
      default:
        out += c
        text = text.slice(1)
    }
  }
  return out
}
