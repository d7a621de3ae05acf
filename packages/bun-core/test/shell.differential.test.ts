/**
 * Differential suite: every line of the corpus runs in a fresh temporary
 * directory under the real Bun (`bun exec`, what `bun run` uses for
 * package.json scripts) and under `runShell` over a VFS seeded with the same
 * files at the same path. Standard output, standard error, exit code and the
 * resulting files must be identical; where they are not, the corpus entry
 * says which part differs and why.
 *
 * The oracle is the npm package `bun` (`npm install --no-save bun`). When it
 * cannot be run the suite fails: it does not skip.
 *
 * One normalisation applies to every case: on Linux, Bun leaves `cat`, `cp`,
 * `wc`, `head`, `tail`, `grep`, `sleep` and `env` to the system and passes
 * them their resolved path as argv[0], so GNU tools print `/usr/bin/cat: …`
 * and `Try '/usr/bin/cat --help'`; ours are builtins named `cat`, so
 * `/usr/bin/` is dropped from the oracle's output before comparing.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runShell } from '@aspect-build/bun-core'
import { createVfs, type Vfs } from '@aspect-build/virtual-fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..')
const BUN = process.env.BUN_ORACLE ?? join(ROOT, 'node_modules/bun/bin/bun.exe')

/** The files every case starts with. */
const SEED: Record<string, string | null> = {
  'a.txt': 'hello\nworld\n',
  'b.txt': '',
  'notes.md': '# notes\nline two\nline three\n',
  'nums.txt': '3\n1\n2\n10\n',
  d: null,
  'd/x.txt': 'x\n',
  'd/e': null,
  'd/e/y.txt': 'y\n',
}

interface Case {
  line: string
  /** Parts not compared, each with the reason they differ. */
  differs?: { stdout?: string; stderr?: string; exitCode?: string; files?: string }
  /** Compare standard output with its lines (or words) sorted; the string says why order differs. */
  sortLines?: string
  sortWords?: string
  /** Compare standard error with its lines sorted; the string says why order differs. */
  sortStderr?: string
  /** Standard input for the line. */
  stdin?: string
}

const READDIR_ORDER = "Bun lists a directory in the host filesystem's order; the VFS lists names sorted"
const ENV_ORDER = 'the environment is printed in insertion order, which differs between Bun and the VFS run'

const CORPUS: Case[] = [
  // package.json-script idioms
  { line: 'rm -rf dist && mkdir dist && cp a.txt dist/ && ls dist' },
  { line: 'mkdir -p dist/js && cp -r d/* dist/js && ls -R dist', sortLines: READDIR_ORDER },
  { line: 'NODE_ENV=production env | grep NODE_ENV' },
  { line: 'echo start && cd d && ls && cd .. && echo end', sortLines: READDIR_ORDER },
  { line: 'test_var=ok; echo "value: $test_var"' },
  { line: 'echo "multi" \\\n  "line"' },
  { line: 'cat a.txt | grep -c o && echo counted' },
  { line: 'ls *.txt | wc -l' },
  { line: 'echo a 2>&1 | cat' },
  { line: 'cat nofile 2>&1 | cat' },
  { line: 'echo $(seq 3) | cat' },
  { line: 'for x in a b; do echo $x; done' },
  { line: 'echo a && (echo b || echo c) && echo d' },
  { line: 'echo $HOME | grep -c /' },
  { line: 'echo "a b c" | wc -w' },
  // echo, quoting, escapes
  { line: 'echo hi' },
  { line: 'echo' },
  { line: 'echo -n a' },
  { line: 'echo -n' },
  { line: 'echo -e "a\\tb\\nc"' },
  { line: 'echo -e "a\\cb" c' },
  { line: 'echo -nn a' },
  { line: 'echo a -n' },
  { line: 'echo -- a' },
  { line: 'echo "a\n\n"' },
  { line: 'echo "a\n" b' },
  { line: 'echo \'a\'"b"c' },
  { line: 'echo "a\\"b"' },
  { line: "echo 'a\\b'" },
  { line: 'echo a\\\\b' },
  { line: 'echo "a\\nb"' },
  { line: "echo ''" },
  { line: 'echo "" a' },
  { line: "echo '' ''x" },
  { line: 'echo a\tb' },
  { line: 'echo \\' },
  { line: 'echo a\\\nb' },
  { line: 'echo "unterminated' },
  { line: "echo 'unterminated" },
  { line: 'echo a#b' },
  { line: 'echo a # comment' },
  { line: 'echo a # c\necho b' },
  { line: '# only a comment' },
  // variables
  { line: 'X="a  b"; echo $X' },
  { line: 'X="a  b"; echo "$X" $X' },
  { line: 'FOO=1; echo $FOO' },
  { line: 'FOO=1 echo $FOO' },
  { line: 'FOO=a echo x; echo $FOO' },
  { line: 'FOO=1 BAR=2; echo $FOO$BAR' },
  { line: 'A=1=2; echo $A' },
  { line: 'A=$HOME/x; echo $A' },
  { line: 'A="$HOME"y; echo $A' },
  { line: 'echo $UNSET a' },
  { line: 'echo "$UNSET" a' },
  { line: 'echo $UNSET-x' },
  { line: 'echo $A1x' },
  { line: 'echo $' },
  { line: 'echo a$' },
  { line: 'echo \\$HOME' },
  { line: "echo '$HOME'" },
  { line: 'echo "$HOME"' },
  // Bun has no `${NAME}`: the braces are text.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell line, not a template
  { line: 'echo ${HOME}' },
  { line: 'echo $?' },
  { line: 'false; echo $?' },
  { line: 'echo $0' },
  { line: 'echo $1' },
  { line: 'echo $#' },
  { line: 'echo ~' },
  { line: 'echo ~/x' },
  { line: "echo '~'" },
  { line: 'echo a~' },
  { line: 'echo a=b' },
  { line: '"A"=1' },
  { line: 'A=a b; echo $A' },
  { line: 'export FOO=1; FOO=2; echo $FOO' },
  { line: 'FOO=2; export FOO=3; echo $FOO' },
  { line: 'FOO=1; export FOO; echo $FOO' },
  { line: 'export FOO=1; env | grep FOO' },
  { line: 'FOO=1; env | grep FOO' },
  { line: 'FOO=1; export FOO; env | grep FOO' },
  { line: 'FOO=1 env | grep FOO' },
  { line: 'FOO=1 BAR=$FOO env | grep -e FOO -e BAR', sortLines: ENV_ORDER },
  { line: 'export', sortLines: ENV_ORDER },
  { line: 'env', sortLines: ENV_ORDER },
  { line: 'export A=1 B; echo $A' },
  { line: 'export HOME; echo $HOME' },
  // command substitution
  { line: 'echo $(echo a b)' },
  { line: 'echo $(echo "1    2")' },
  { line: 'echo "$(echo "1    2")"' },
  { line: 'echo x$(echo "a b")y' },
  { line: 'echo `echo a` `echo b`' },
  { line: 'echo a`echo b`' },
  { line: 'echo $(true) a' },
  { line: 'A=$(echo hi); echo $A' },
  { line: 'echo $(cat a.txt)' },
  { line: 'echo "$(cat a.txt)"' },
  { line: 'echo $(exit 4) after' },
  { line: 'ls x$(echo "a.txt d")', sortLines: READDIR_ORDER },
  { line: 'echo $(cd d; pwd); pwd' },
  // globs and braces
  { line: 'echo *.txt', sortWords: READDIR_ORDER },
  { line: 'echo **/*.txt', sortWords: READDIR_ORDER },
  { line: 'echo d/*', sortWords: READDIR_ORDER },
  { line: 'echo */' },
  { line: 'echo *', sortWords: READDIR_ORDER },
  { line: 'echo x*' },
  { line: 'echo .*' },
  { line: 'echo a?.txt' },
  { line: 'echo [ab].txt' },
  { line: 'echo "*.txt"' },
  { line: 'echo \\*.txt' },
  { line: 'echo "*"x*' },
  { line: 'echo "a"*' },
  { line: 'echo ** a.txt' },
  { line: 'echo {a,b}' },
  { line: 'echo {a,b}{1,2}' },
  { line: 'echo {a,{b,c}}' },
  { line: 'echo {a}' },
  { line: 'echo {1..3}' },
  { line: 'echo a{,b}' },
  { line: 'echo {}' },
  { line: 'echo "{a,b}"' },
  { line: 'X=a,b; echo {$X}' },
  { line: 'echo {a,b}*', sortWords: READDIR_ORDER },
  { line: 'echo {a,b}{' },
  { line: 'ls *.md' },
  // operators, exit codes, statements
  { line: 'true && echo yes' },
  { line: 'false && echo yes' },
  { line: 'false || echo no' },
  { line: 'true || echo no' },
  { line: 'false; true' },
  { line: 'true; false' },
  { line: 'echo a;; echo b' },
  { line: ';' },
  { line: 'echo a;' },
  { line: 'echo a\necho b' },
  { line: 'exit 3' },
  { line: 'exit 3; echo b' },
  { line: 'echo a; exit 2' },
  { line: 'exit 2 && echo b' },
  { line: 'exit 2 || echo b' },
  { line: 'exit 256' },
  { line: 'exit 300' },
  { line: 'exit -1' },
  { line: 'exit a' },
  { line: 'exit 1 2' },
  { line: 'true x' },
  { line: 'false' },
  { line: 'nope' },
  { line: 'nope && echo a' },
  { line: 'nope || echo a' },
  { line: 'echo a; nope; echo b' },
  { line: 'nope 2>/dev/null' },
  { line: 'nope > o.txt' },
  // pipelines
  { line: 'echo "a b" | cat' },
  { line: 'cat a.txt | cat | cat' },
  { line: 'false | true' },
  { line: 'true | false' },
  { line: 'nope | echo a' },
  { line: 'echo a | nope' },
  { line: 'echo a | exit 3' },
  { line: 'yes | head -n 3' },
  { line: 'yes ab cd | head -n 2' },
  { line: 'seq 100000 | tail -n 1' },
  { line: 'seq 3 | wc -l' },
  { line: 'cd d | true; pwd' },
  { line: 'FOO=1 | true; echo $FOO' },
  { line: '(echo a; echo b) | cat' },
  { line: 'echo a | (cat; echo b)' },
  { line: 'ls nofile 2>&1 | cat' },
  { line: 'cat < a.txt | cat' },
  // redirections
  { line: 'echo a > out.txt; cat out.txt' },
  { line: 'echo a > out.txt; echo b >> out.txt; cat out.txt' },
  { line: 'echo a > d' },
  { line: 'echo a > nod/f' },
  { line: 'cat < nofile' },
  { line: 'cat < a.txt' },
  { line: 'ls nofile 2> err.txt; cat err.txt' },
  { line: 'ls nofile &> all.txt; cat all.txt' },
  { line: 'ls nofile &>> all.txt; ls nofile &>> all.txt; cat all.txt' },
  { line: 'echo a 1>&2' },
  { line: 'ls nofile 2>&1' },
  { line: 'echo a > f2 b; cat f2' },
  { line: 'echo a > "my file"; cat "my file"' },
  { line: 'X=o.txt; echo a > $X; cat o.txt' },
  { line: 'echo a > *.txt' },
  { line: 'echo a > x{1,2}' },
  { line: 'echo a > $NOPE' },
  { line: 'echo a > /dev/null' },
  { line: 'true > empty.txt; cat empty.txt' },
  // subshells, if, [[ ]]
  { line: '(echo sub; echo b)' },
  { line: '(cd d; pwd); pwd' },
  { line: '(exit 3); echo after' },
  { line: '(exit 3) && echo after' },
  { line: '(FOO=1; echo $FOO); echo x$FOO' },
  { line: 'if true; then echo y; fi' },
  { line: 'if false; then echo a; elif true; then echo b; else echo c; fi' },
  { line: 'if false; then echo a; else echo c; fi' },
  { line: 'if false; then echo a; fi' },
  { line: 'if cd d; then pwd; fi; pwd' },
  { line: 'if true; then exit 4; fi; echo z' },
  { line: '[[ -f a.txt ]] && echo yes' },
  { line: '[[ -d d ]] && echo yes' },
  { line: '[[ -f d ]] || echo no' },
  { line: '[[ -f nofile ]] || echo no' },
  { line: '[[ a == a ]] && echo eq' },
  { line: '[[ a != a ]] || echo ne' },
  { line: '[[ -z "" ]] && echo z' },
  { line: '[[ -n x ]] && echo n' },
  { line: 'X=a; [[ $X == a ]] && echo same' },
  // syntax errors
  { line: 'echo a |' },
  { line: 'echo a | ' },
  { line: '| echo' },
  { line: '&& echo' },
  { line: 'echo a && && echo b' },
  { line: 'echo a &' },
  { line: 'echo (a)' },
  { line: 'echo a)' },
  { line: '(echo a' },
  { line: 'echo $(echo a' },
  { line: 'echo `echo a' },
  { line: 'echo $((' },
  { line: 'echo a 2>&1 > f1' },
  { line: 'echo a > f3 > f4' },
  { line: 'echo a >&2' },
  { line: 'echo a >' },
  { line: '(echo a) > f' },
  { line: 'if true; then echo a' },
  { line: 'if true; echo a; fi' },
  { line: 'if true then echo a; fi' },
  { line: '[[ -e a.txt ]]' },
  { line: '[[ a -eq a ]]' },
  { line: '[[ -q a ]]' },
  { line: '[[ a =~ b ]]' },
  { line: 'echo [[ x' },
  { line: 'echo a]] b' },
  { line: 'echo a |& cat' },
  // cd, pwd
  { line: 'cd d && pwd' },
  { line: 'cd d; cd -; pwd' },
  { line: 'cd; pwd' },
  { line: 'cd ~; pwd' },
  { line: 'cd nonexist' },
  { line: 'cd a.txt' },
  { line: 'cd d e' },
  { line: 'cd ..; cd w; pwd' },
  { line: 'cd d/e/../; pwd' },
  { line: 'cd ./; pwd' },
  { line: 'cd ""; pwd' },
  { line: 'cd nonexist || echo fallback' },
  { line: 'cd d; env | grep PWD', sortLines: ENV_ORDER },
  { line: 'pwd x' },
  // ls
  { line: 'ls', sortLines: READDIR_ORDER },
  { line: 'ls d', sortLines: READDIR_ORDER },
  { line: 'ls a.txt d', sortLines: READDIR_ORDER },
  { line: 'ls -A d', sortLines: READDIR_ORDER },
  { line: 'ls -1', sortLines: READDIR_ORDER },
  { line: 'ls -R d', sortLines: READDIR_ORDER },
  { line: 'ls d/e/y.txt' },
  { line: 'ls -d d' },
  { line: 'ls nofile' },
  { line: 'ls nofile a.txt' },
  { line: 'ls -z' },
  { line: 'ls --all' },
  { line: 'ls -' },
  {
    line: 'ls -l d/e',
    differs: { stdout: 'the modification time is the host clock and inode data (link count, uid) are the host’s' },
  },
  // mkdir, touch, rm, mv
  { line: 'mkdir n && ls -d n' },
  { line: 'mkdir d' },
  { line: 'mkdir x/y' },
  { line: 'mkdir' },
  { line: 'mkdir -p d/e/f && ls d/e', sortLines: READDIR_ORDER },
  { line: 'mkdir -p q/r q/s; ls q', sortLines: READDIR_ORDER },
  { line: 'mkdir -pv n2/n3' },
  { line: 'mkdir -v n1' },
  { line: 'mkdir a.txt' },
  { line: 'mkdir a b a' },
  { line: 'mkdir -p a.txt/b' },
  { line: 'mkdir -z x' },
  { line: 'mkdir -m 755 z' },
  { line: 'mkdir --parents q/r' },
  { line: 'mkdir --verbose q' },
  { line: 'touch new; ls new' },
  { line: 'touch a.txt b.txt new' },
  { line: 'touch' },
  { line: 'touch n/x' },
  { line: 'touch -c zz' },
  { line: 'touch -z zz' },
  { line: 'touch d/e/y.txt/x' },
  { line: 'rm a.txt; ls', sortLines: READDIR_ORDER },
  { line: 'rm' },
  { line: 'rm nofile' },
  { line: 'rm zzz zzz2', sortStderr: 'Bun removes the operands concurrently: its messages come in any order' },
  { line: 'rm d' },
  { line: 'rm -r d' },
  { line: 'rm -R d' },
  { line: 'rm -rf d a.txt' },
  { line: 'rm -f nofile' },
  { line: 'rm -rf nofile' },
  { line: 'rm -v a.txt' },
  { line: 'rm -rv d' },
  { line: 'rm -d d/e' },
  { line: 'rm -r d/' },
  { line: 'rm d/x.txt/' },
  { line: 'rm -z' },
  { line: 'rm -i a.txt' },
  { line: 'rm --recursive d' },
  { line: 'rm --force zz' },
  { line: 'rm /' },
  { line: 'rm -rf /' },
  { line: 'rm .' },
  { line: 'mv a.txt c.txt' },
  { line: 'mv a.txt d' },
  { line: 'mv nofile x' },
  { line: 'mv a.txt' },
  { line: 'mv a.txt b.txt d/e' },
  { line: 'mv a.txt b.txt nod' },
  { line: 'mv a.txt b.txt c.txt' },
  { line: 'mv d a.txt' },
  { line: 'mv a.txt d/e/y.txt/z' },
  { line: 'mv -f a.txt x' },
  { line: 'mv -z a x' },
  { line: 'mv d d/e' },
  { line: 'mv a.txt a.txt' },
  { line: 'mv d e2' },
  { line: 'mv -- a.txt q' },
  // which, basename, dirname, seq
  { line: 'which nonexist' },
  { line: 'which' },
  { line: 'which ./a.txt' },
  {
    line: 'which cat',
    differs: {
      stdout: 'which searches $PATH: the oracle finds the host’s /usr/bin/cat, the VFS has no programs on $PATH',
      exitCode: 'same reason as stdout',
    },
  },
  { line: 'basename /a/b/c.txt' },
  { line: 'basename /a/b/' },
  { line: 'basename' },
  { line: 'basename a b' },
  { line: 'basename /' },
  { line: 'basename -s .txt a.txt' },
  { line: 'dirname /a/b/c' },
  { line: 'dirname a' },
  { line: 'dirname' },
  { line: 'dirname a/b c/d' },
  { line: 'dirname /' },
  { line: 'dirname a/b/' },
  { line: 'seq 3' },
  { line: 'seq 2 5' },
  { line: 'seq 5 2' },
  { line: 'seq 1 2 8' },
  { line: 'seq 0 0.1 0.5' },
  { line: 'seq -s , 3' },
  { line: 'seq -t X 3' },
  { line: 'seq -w 8 10' },
  { line: 'seq' },
  { line: 'seq a' },
  { line: 'seq 1 0 3' },
  { line: 'seq 1.5' },
  { line: 'seq -s' },
  { line: 'seq 1 -1 3' },
  { line: 'seq 3 1 1' },
  // coreutils the shell provides itself (GNU behaviour under Bun)
  { line: 'cat a.txt b.txt notes.md' },
  { line: 'cat nofile' },
  { line: 'cat d' },
  { line: 'cat -n notes.md' },
  { line: 'cat -z' },
  { line: 'cat', stdin: 'from stdin\n' },
  { line: 'cat - a.txt', stdin: 'in\n' },
  { line: 'cp a.txt c.txt; cat c.txt' },
  { line: 'cp a.txt d; ls d', sortLines: READDIR_ORDER },
  { line: 'cp' },
  { line: 'cp a.txt' },
  { line: 'cp nofile x' },
  { line: 'cp d x' },
  { line: 'cp -r d x; ls -R x', sortLines: READDIR_ORDER },
  { line: 'cp a.txt b.txt nod' },
  { line: 'cp -r d d/e' },
  { line: 'cp a.txt a.txt' },
  { line: 'wc a.txt' },
  { line: 'wc -l a.txt' },
  { line: 'wc a.txt b.txt' },
  { line: 'cat a.txt | wc' },
  { line: 'cat a.txt | wc -l' },
  { line: 'wc -l < a.txt' },
  { line: 'wc nofile' },
  { line: 'wc -lw a.txt' },
  { line: 'wc a.txt nofile' },
  { line: 'wc -c a.txt b.txt' },
  { line: 'wc b.txt' },
  { line: 'seq 1000 | wc' },
  { line: 'wc -m notes.md' },
  { line: 'head -n 1 a.txt b.txt' },
  { line: 'head -c 3 a.txt' },
  { line: 'head -1 a.txt' },
  { line: 'head nofile a.txt' },
  { line: 'head -n -1 a.txt' },
  { line: 'head -n x a.txt' },
  { line: 'seq 20 | head' },
  { line: 'tail -n 1 a.txt' },
  { line: 'tail -n +2 notes.md' },
  { line: 'tail -1 a.txt' },
  { line: 'tail -c 3 a.txt' },
  { line: 'tail nofile' },
  { line: 'tail -n x a.txt' },
  { line: 'seq 20 | tail -n 3' },
  { line: 'grep o a.txt' },
  { line: 'grep -n line notes.md' },
  { line: 'grep -i HELLO a.txt' },
  { line: 'grep -v hello a.txt' },
  { line: 'grep -c l a.txt b.txt' },
  { line: 'grep l a.txt b.txt' },
  { line: 'grep -l l a.txt b.txt notes.md' },
  { line: 'grep zzz a.txt' },
  { line: 'grep x nofile' },
  { line: 'grep' },
  { line: 'grep -z x a.txt' },
  { line: 'grep "^1" nums.txt' },
  { line: 'grep -E "1|2" nums.txt' },
  { line: 'grep "1\\|3" nums.txt' },
  { line: 'grep -w 1 nums.txt' },
  { line: 'grep -x 1 nums.txt' },
  { line: 'grep -o o notes.md' },
  { line: 'seq 12 | grep 1 | wc -l' },
  { line: 'sleep' },
  { line: 'sleep x' },
  { line: 'sleep 0.01 && echo slept' },
  { line: 'env nothere' },
  { line: 'env A=1 | grep A=' },
  { line: 'env -i A=1 B=2', sortLines: ENV_ORDER },
]

interface Outcome {
  stdout: string
  stderr: string
  exitCode: number
  files: Record<string, string>
}

/** Reads a directory tree: path → content, or "<dir>" for a directory. */
function hostTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    const rel = prefix + name
    if (statSync(path).isDirectory()) {
      out[rel] = '<dir>'
      Object.assign(out, hostTree(path, `${rel}/`))
    } else out[rel] = readFileSync(path, 'utf8')
  }
  return out
}

function vfsTree(vfs: Vfs, dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of (vfs.readdir(dir) as string[]).sort()) {
    const path = `${dir}/${name}`
    const rel = prefix + name
    if (vfs.stat(path).isDirectory()) {
      out[rel] = '<dir>'
      Object.assign(out, vfsTree(vfs, path, `${rel}/`))
    } else out[rel] = vfs.readFile(path, 'utf8')
  }
  return out
}

let base = ''
let counter = 0

function seedHost(dir: string): void {
  for (const [path, content] of Object.entries(SEED)) {
    if (content === null) mkdirSync(join(dir, path), { recursive: true })
    else writeFileSync(join(dir, path), content)
  }
}

function runOracle(c: Case, cwd: string, env: Record<string, string>): Outcome {
  const r = spawnSync(BUN, ['exec', c.line], { cwd, env, input: c.stdin ?? '', encoding: 'utf8', timeout: 20_000 })
  if (r.error) throw r.error
  return {
    stdout: r.stdout.replaceAll('/usr/bin/', ''),
    stderr: r.stderr.replaceAll('/usr/bin/', ''),
    exitCode: r.status ?? -1,
    files: hostTree(cwd),
  }
}

async function runOurs(c: Case, cwd: string, env: Record<string, string>): Promise<Outcome> {
  const vfs = createVfs()
  vfs.mkdir(cwd, { recursive: true })
  vfs.mkdir(env.HOME as string, { recursive: true })
  for (const [path, content] of Object.entries(SEED)) {
    if (content === null) vfs.mkdir(`${cwd}/${path}`, { recursive: true })
    else vfs.writeFile(`${cwd}/${path}`, content)
  }
  const decoder = new TextDecoder()
  let stdout = ''
  let stderr = ''
  let input = c.stdin === undefined ? null : new TextEncoder().encode(c.stdin)
  const result = await runShell(c.line, {
    fs: vfs,
    cwd,
    env,
    io: {
      stdin: {
        read: async () => {
          const chunk = input
          input = null
          return chunk && chunk.length > 0 ? chunk : null
        },
      },
      stdout: {
        write: (chunk) => {
          stdout += decoder.decode(chunk)
        },
      },
      stderr: {
        write: (chunk) => {
          stderr += decoder.decode(chunk)
        },
      },
    },
  })
  return { stdout, stderr, exitCode: result.exitCode, files: vfsTree(vfs, cwd) }
}

const sortedLines = (text: string) => text.split('\n').sort().join('\n')
const sortedWords = (text: string) => text.split(/[ \n]/).sort().join(' ')

describe('shell: differential against the real Bun (`bun exec`)', () => {
  beforeAll(() => {
    const probe = existsSync(BUN) ? spawnSync(BUN, ['--version'], { encoding: 'utf8' }) : null
    if (probe?.status !== 0) {
      throw new Error(
        `The real Bun (the oracle of this suite) cannot be run at ${BUN}. Install it with \`npm install --no-save bun\` at the repository root, or point BUN_ORACLE at a bun binary.`,
      )
    }
    base = mkdtempSync(join(tmpdir(), 'vitamin-shell-'))
  })
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true })
  })

  it('has a corpus without duplicate lines', () => {
    const lines = CORPUS.map((c) => c.line)
    expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([])
  })

  for (const c of CORPUS) {
    it(JSON.stringify(c.line), async () => {
      const root = join(base, String(counter++))
      const cwd = join(root, 'w')
      const home = join(root, 'home')
      mkdirSync(cwd, { recursive: true })
      mkdirSync(home)
      seedHost(cwd)
      const env = { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C' }
      const oracle = runOracle(c, cwd, env)
      const ours = await runOurs(c, cwd, env)
      const norm = (o: Outcome) => ({
        stdout: c.differs?.stdout
          ? '(not compared)'
          : c.sortLines
            ? sortedLines(o.stdout)
            : c.sortWords
              ? sortedWords(o.stdout)
              : o.stdout,
        stderr: c.differs?.stderr ? '(not compared)' : c.sortStderr ? sortedLines(o.stderr) : o.stderr,
        exitCode: c.differs?.exitCode ? -1 : o.exitCode,
        files: c.differs?.files ? {} : o.files,
      })
      expect(norm(ours)).toEqual(norm(oracle))
    })
  }
})
