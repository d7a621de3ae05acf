/**
 * The shell's parser: the tree it builds for each construct, and the syntax
 * errors (texts as `bun exec` prints them), which `runShell` turns into
 * `error: Failed to run script …` and exit code 1.
 */
import { parse, runShell, ShellSyntaxError } from '@aspect-build/bun-core'
import { createVfs } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'

function syntaxError(script: string): string[] {
  try {
    parse(script)
  } catch (error) {
    expect(error).toBeInstanceOf(ShellSyntaxError)
    return (error as ShellSyntaxError).messages
  }
  throw new Error(`parsed without error: ${script}`)
}

const text = (t: string) => ({ kind: 'text', text: t })

describe('shell parser: trees', () => {
  it('splits statements on ; and newlines, and keeps empty ones', () => {
    const script = parse('echo a;; echo b\necho c')
    expect(script.stmts.map((s) => s.exprs.length)).toEqual([1, 0, 1, 1])
  })

  it('builds && and || left-associatively over pipelines', () => {
    const [stmt] = parse('a | b && c || d').stmts
    const expr = stmt?.exprs[0]
    expect(expr?.kind).toBe('binary')
    if (expr?.kind !== 'binary') return
    expect(expr.op).toBe('or')
    expect(expr.left.kind).toBe('binary')
    if (expr.left.kind !== 'binary') return
    expect(expr.left.op).toBe('and')
    expect(expr.left.left.kind).toBe('pipeline')
  })

  it('separates per-command assignments from words, and keeps one redirection', () => {
    const expr = parse('A=1 B=x echo hi > out.txt').stmts[0]?.exprs[0]
    expect(expr?.kind).toBe('cmd')
    if (expr?.kind !== 'cmd') return
    expect(expr.cmd.assigns.map((a) => a.name)).toEqual(['A', 'B'])
    expect(expr.cmd.words.map((w) => w.parts)).toEqual([[text('echo')], [text('hi')]])
    expect(expr.cmd.redirect?.flags).toMatchObject({ stdout: true, append: false })
    expect(expr.cmd.redirect?.target?.parts).toEqual([text('out.txt')])
  })

  it('reads a lone assignment as a shell variable statement', () => {
    expect(parse('FOO=1').stmts[0]?.exprs[0]).toEqual({
      kind: 'assign',
      assigns: [{ name: 'FOO', value: { parts: [text('1')], braces: false, glob: false } }],
    })
  })

  it('does not take a quoted name as an assignment', () => {
    expect(parse('"A"=1').stmts[0]?.exprs[0]?.kind).toBe('cmd')
  })

  it('lets `echo a > f b` hold two commands, as Bun does', () => {
    expect(parse('echo a > f b').stmts[0]?.exprs.map((e) => e.kind)).toEqual(['cmd', 'cmd'])
  })

  it('marks globs and brace groups only for unquoted syntax', () => {
    const words = (s: string) => {
      const e = parse(s).stmts[0]?.exprs[0]
      return e?.kind === 'cmd' ? e.cmd.words.slice(1) : []
    }
    expect(words('echo *.txt "*.txt" {a,b} "{a,b}" {a}').map((w) => [w.glob, w.braces])).toEqual([
      [true, false],
      [false, false],
      [false, true],
      [false, false],
      [false, false],
    ])
  })

  it('parses variables, positional parameters, tildes and substitutions into parts', () => {
    const e = parse('echo $HOME/x $1 ~/y "$(pwd)" `pwd`').stmts[0]?.exprs[0]
    if (e?.kind !== 'cmd') throw new Error('not a command')
    const kinds = e.cmd.words.slice(1).map((w) => w.parts.map((p) => p.kind))
    expect(kinds).toEqual([['var', 'text'], ['argv'], ['tilde', 'text'], ['cmdSubst'], ['cmdSubst']])
    const quoted = e.cmd.words[4]?.parts[0]
    expect(quoted?.kind === 'cmdSubst' && quoted.quoted).toBe(true)
  })

  it('parses if / elif / else and [[ ]]', () => {
    const e = parse('if [[ -f a ]]; then echo y; elif false; then echo n; else echo z; fi').stmts[0]?.exprs[0]
    expect(e?.kind).toBe('if')
    if (e?.kind !== 'if') return
    expect(e.clauses).toHaveLength(2)
    expect(e.otherwise).toHaveLength(1)
    expect(e.clauses[0]?.cond[0]?.exprs[0]).toMatchObject({ kind: 'cond', op: '-f' })
  })

  it('parses subshells', () => {
    const e = parse('(cd d; pwd)').stmts[0]?.exprs[0]
    expect(e?.kind).toBe('subshell')
    if (e?.kind === 'subshell') expect(e.script.stmts).toHaveLength(2)
  })

  it('treats only a space (not a tab) as a word break, like Bun', () => {
    const e = parse('echo a\tb').stmts[0]?.exprs[0]
    if (e?.kind !== 'cmd') throw new Error('not a command')
    expect(e.cmd.words).toHaveLength(2)
  })
})

describe('shell parser: syntax errors (Bun’s texts)', () => {
  const cases: Array<[string, string[]]> = [
    ['echo a |', ['Unexpected EOF']],
    ['echo a | ', ['expected a command or assignment']],
    ['| echo', ['expected a command or assignment but got: "Pipe"']],
    ['&& echo', ['expected a command or assignment but got: "DoubleAmpersand"']],
    ['echo a 2>&1 > f', ['expected a command or assignment but got: "Redirect"']],
    ['echo a &', ['Background commands "&" are not supported yet.']],
    ['echo (a)', ['Unexpected token: `(`']],
    ['echo a)', ["Unexpected ')'"]],
    ['(echo a', ['Unclosed subshell']],
    ['echo $(echo a', ['Unclosed command substitution']],
    ['echo `echo a', ['Unclosed command substitution']],
    ['echo $((', ['Unclosed subshell', 'Unclosed command substitution']],
    ['echo a >&2', ['Redirection with no file']],
    ['echo a >', ['Redirection with no file']],
    ['(echo a) > f', ['Subshells with redirections are currently not supported. Please open a GitHub issue.']],
    ['if true; then echo a', ['Expected "else", "elif", or "fi" but got: Eof']],
    ['if true; echo a; fi', ['Expected "then" but got: Eof']],
    [
      '[[ -e a ]]',
      [
        'Conditional expression operation: -e, is not supported right now. Please open a GitHub issue if you would like it to be supported.',
      ],
    ],
    ['[[ -q a ]]', ['Unknown conditional expression operation: -q']],
    ['[[ a =~ b ]]', ['Unknown conditional expression operation: =~']],
    ['echo [[ x', ['Expected a conditional expression operator, but got: EOF']],
    ['echo a |& cat', ['Piping stdout and stderr (`|&`) is not supported yet. Please file an issue on GitHub.']],
  ]
  for (const [script, messages] of cases) {
    it(JSON.stringify(script), () => {
      expect(syntaxError(script)).toEqual(messages)
    })
  }

  it('runShell reports a syntax error on stderr with exit code 1 and runs nothing', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    let out = ''
    let err = ''
    const dec = new TextDecoder()
    const result = await runShell('touch made; echo a |', {
      fs: vfs,
      cwd: '/w',
      env: {},
      io: {
        stdin: { read: async () => null },
        stdout: {
          write: (c) => {
            out += dec.decode(c)
          },
        },
        stderr: {
          write: (c) => {
            err += dec.decode(c)
          },
        },
      },
    })
    expect(result.exitCode).toBe(1)
    expect(out).toBe('')
    expect(err).toBe('error: Failed to run script /w/[eval] due to error Unexpected EOF\n')
    expect(vfs.exists('/w/made')).toBe(false)
  })
})
