/**
 * `Bun.file`, `Bun.write`, `FileSink` and `Bun.stdin`/`stdout`, differential
 * against the real Bun (see `node.fs.harness.ts`: the scenarios get the real
 * `Bun` global there and `createBunFileApi(ctx)` here).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { type Outcome, runBun, runOurs, type Scenario } from './node.fs.harness.js'

const scenarios: Scenario[] = [
  {
    name: 'BunFile basics',
    files: { 'f.txt': 'hello', 'j.json': '{"a":[1,2]}', 'd/x': '' },
    body: `
      const f = Bun.file('f.txt')
      log(f instanceof Blob, f.constructor.name, f.name, f.type, f.size, typeof f.lastModified, f.lastModified > 1e12)
      log(await f.text(), await f.exists(), await f.bytes(), await f.arrayBuffer())
      log(await Bun.file('j.json').json())
      try { await f.json() } catch (e) { log(e.name) }
      const chunks = []
      for await (const c of f.stream()) chunks.push(c)
      log(chunks)
      const s = f.slice(1, 3)
      log(s instanceof Blob, s.name, s.type, await s.text(), await f.slice(-2).text(), f.slice(1, 3, 'X/Y').type)
      log(await f.slice(1).slice(1, 2).text())
      const st = await f.stat()
      log(st, st instanceof fs.Stats)
      const m = Bun.file('missing.txt')
      log(m.size, m.type, await m.exists(), m.lastModified, m.name)
      for (const p of [() => m.text(), () => m.json(), () => m.bytes(), () => m.arrayBuffer(), () => m.stat(), () => m.delete(),
        () => Bun.file('d').text(), () => Bun.file('').text()]) {
        try { log(await p()) } catch (e) { log(e) }
      }
      log(Bun.file('d').size, await Bun.file('d').exists())
      log(Bun.file(new URL('file://' + fs.realpathSync('f.txt'))).name === fs.realpathSync('f.txt'), await Bun.file(Buffer.from('f.txt')).text())
      log(Bun.file('f.txt', { type: 'TEXT/PLAIN' }).type, Bun.file('f.txt', { type: '' }).type)
      for (const bad of [() => Bun.file(5.5), () => Bun.file({}), () => Bun.file(-1)]) {
        try { log(bad()) } catch (e) { log(e) }
      }
      await f.delete()
      log(await Bun.file('f.txt').exists())`,
  },
  {
    name: 'MIME types',
    body: `
      const exts = 'txt html htm css js mjs cjs ts tsx jsx json map md xml svg png jpg jpeg gif webp avif ico wasm pdf zip gz tar mp3 mp4 wav ogg webm woff woff2 ttf csv yaml yml toml sh c py rs lock jsonc bin'.split(' ')
      log(exts.map((e) => e + '=' + Bun.file('x.' + e).type))
      log(Bun.file('X.JSON').type, Bun.file('.json').type, Bun.file('a.b.json').type, Bun.file('dir.json/x').type, Bun.file('x.').type, Bun.file('noext').type)`,
    noTree: true,
  },
  {
    name: 'Bun.write',
    files: { 'src.txt': 'source', 'f.txt': 'f' },
    body: `
      log(await Bun.write('a.txt', 'text'))
      log(await Bun.write('b.bin', new Uint8Array([65, 66])))
      log(await Bun.write('c.bin', new Uint16Array([1])))
      log(await Bun.write('d.bin', new ArrayBuffer(3)))
      log(await Bun.write('e.txt', Bun.file('src.txt')))
      log(await Bun.write(Bun.file('g.txt'), new Response('resp')))
      log(await Bun.write('h.txt', new Blob(['bl', 'ob'])))
      log(await Bun.write('i.txt', 42))
      log(await Bun.write('j.txt', { a: 1 }))
      log(await Bun.write('k.txt', [1, 'a', new Uint8Array([66])]))
      log(await Bun.write('deep/er/l.txt', 'made parents'))
      log(await Bun.write(new URL('file://' + fs.realpathSync('.') + '/u.txt'), 'url'))
      log(await Bun.write('a.txt', 'over'))
      log(await Bun.file('m.txt').write('via BunFile.write'))
      log(await Bun.write('mode.txt', 'm', { mode: 0o600 }))
      for (const p of [() => Bun.write('f.txt/x', 'x'), () => Bun.write('o.txt', Bun.file('missing')),
        () => Bun.write('o.txt', null), () => Bun.write('o.txt', undefined), () => Bun.write('', 'x'),
        () => Bun.write(5.5, 'x'), () => Bun.write({}, 'x'), () => Bun.write('nd/x.txt', 'x', { createPath: false })]) {
        try { log(await p()) } catch (e) { log(e) }
      }`,
  },
  {
    name: 'FileSink',
    files: { 'e.txt': 'existing' },
    body: `
      const w = Bun.file('e.txt').writer()
      log(w.constructor.name, fs.readFileSync('e.txt', 'utf8'))
      log(w.write('new'), fs.readFileSync('e.txt', 'utf8'))
      log(w.flush(), fs.readFileSync('e.txt', 'utf8'))
      log(w.write(new Uint8Array([33])), w.write('?'), w.end(), fs.readFileSync('e.txt', 'utf8'))
      const n = Bun.file('n.txt').writer()
      n.write('a')
      n.write('b')
      log(n.end(), fs.readFileSync('n.txt', 'utf8'))
      const lazy = Bun.file('lazy.txt').writer()
      lazy.write('written without flush')
      await new Promise((r) => setTimeout(r, 10))
      lazy.end()`,
  },
  {
    name: 'Bun.stdout and Bun.stderr',
    body: `
      log(Bun.stdout instanceof Blob, Bun.stdout.name, Bun.stdin.name, Bun.stderr.type, Bun.stdout.size)
      log(await Bun.write(Bun.stdout, 'to stdout\\n'))
      const sink = Bun.stdout.writer()
      log(sink.write('sink line\\n'))
      log(sink.flush())
      sink.end()
      log(await Bun.write(1, 'via fd 1\\n'))
      log(await Bun.write(Bun.stdout, new TextEncoder().encode('bytes\\n')))`,
    noTree: true,
  },
]

const stdinScenarios: Scenario[] = [
  {
    name: 'Bun.stdin',
    body: `
      log(Bun.stdin.size, Bun.stdin.type)
      log(await Bun.stdin.text())
      log(await Bun.stdin.text())`,
    noTree: true,
  },
  {
    name: 'Bun.stdin stream',
    body: `
      let text = ''
      for await (const chunk of Bun.stdin.stream()) text += new TextDecoder().decode(chunk)
      log(text)`,
    noTree: true,
  },
]

describe('Bun.file and Bun.write against the real Bun', () => {
  let bun: Map<string, Outcome>
  let ours: Map<string, Outcome>
  beforeAll(async () => {
    bun = new Map([
      ...runBun(scenarios),
      ...runBun(stdinScenarios.slice(0, 1), 'line one\nline two\n'),
      ...runBun(stdinScenarios.slice(1), 'streamed input\n'),
    ])
    ours = new Map([
      ...(await runOurs(scenarios)),
      ...(await runOurs(stdinScenarios.slice(0, 1), 'line one\nline two\n')),
      ...(await runOurs(stdinScenarios.slice(1), 'streamed input\n')),
    ])
  }, 60_000)

  for (const scenario of [...scenarios, ...stdinScenarios]) {
    it(scenario.name, () => {
      const theirs = bun.get(scenario.name) as Outcome
      const mine = ours.get(scenario.name) as Outcome
      expect(theirs.log.length).toBeGreaterThan(0)
      expect(mine.log).toEqual(theirs.log)
      expect(mine.tree).toEqual(theirs.tree)
      expect(mine.stdout).toEqual(theirs.stdout)
    })
  }
})
