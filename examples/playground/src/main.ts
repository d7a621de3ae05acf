/**
 * The playground: a container from the SDK with an interactive shell in an
 * xterm.js terminal, a file tree and an editor for the selected file. The SDK
 * is on `window.vitaminBun` for the browser console.
 */
import '@xterm/xterm/css/xterm.css'
import { type BunContainer, type BunProcess, createBunContainer } from '@aspect-build/sdk/browser'
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'

type Storage = 'memory' | 'indexeddb' | 'opfs'
const STORAGE_KEY = 'vitamin-bun-playground'
const STORAGE_CHOICE = 'vitamin-bun-playground:storage'
const SEED: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'demo', version: '1.0.0', scripts: { start: 'bun run index.ts', test: 'bun test' } }, null, 2)}\n`,
  'index.ts': 'const greeting: string = "Hello from Bun-in-browser!"\nconsole.log(greeting)\n',
  'src/math.ts': 'export const add = (a: number, b: number): number => a + b\n',
  'src/math.test.ts':
    "import { expect, test } from 'bun:test'\nimport { add } from './math'\n\ntest('add', () => {\n  expect(add(2, 3)).toBe(5)\n})\n",
  'README.md': '# demo\n\nEdit files here or in the terminal; they live in the container.\n',
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const tree = $<HTMLUListElement>('tree')
const editor = $<HTMLTextAreaElement>('editor')
const current = $<HTMLSpanElement>('current')
const save = $<HTMLButtonElement>('save')
const status = $<HTMLPreElement>('status')
const storageSelect = $<HTMLSelectElement>('storage')

const storage = chosenStorage()
let selected: string | null = null

function chosenStorage(): Storage {
  const fromUrl = new URLSearchParams(location.search).get('storage')
  const value = fromUrl ?? localStorage.getItem(STORAGE_CHOICE) ?? 'memory'
  return value === 'indexeddb' || value === 'opfs' ? value : 'memory'
}

function say(text: string): void {
  status.textContent = text
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

const badge = $<HTMLSpanElement>('isolation')
badge.textContent = crossOriginIsolated
  ? 'cross-origin isolated: a worker per process'
  : 'not isolated (?coi=0): processes run in the kernel'
badge.className = `badge ${crossOriginIsolated ? 'on' : 'off'}`
storageSelect.value = storage
storageSelect.addEventListener('change', () => {
  localStorage.setItem(STORAGE_CHOICE, storageSelect.value)
  const url = new URL(location.href)
  url.searchParams.delete('storage')
  location.href = url.href
})

const container: BunContainer = await createBunContainer({
  files: SEED,
  persistence: storage,
  ...(storage === 'memory' ? {} : { storageKey: STORAGE_KEY }),
})
const home = container.cwd

// ------------------------------------------------------------------ file tree

async function render(): Promise<void> {
  const items: HTMLLIElement[] = []
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await container.fs.readdir(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      const li = document.createElement('li')
      li.textContent = `${entry.isDirectory() ? '▸ ' : ''}${entry.name}`
      li.style.paddingLeft = `${8 + depth * 14}px`
      li.dataset.path = path
      if (entry.isDirectory()) li.classList.add('dir')
      if (path === selected) li.classList.add('selected')
      li.addEventListener('click', () => void select(path))
      items.push(li)
      if (entry.isDirectory() && entry.name !== 'node_modules') await walk(path, depth + 1)
    }
  }
  await walk(home, 0)
  tree.replaceChildren(...items)
}

let renderQueued = false
function queueRender(): void {
  if (renderQueued) return
  renderQueued = true
  setTimeout(() => {
    renderQueued = false
    render().catch((error) => say(message(error)))
  }, 30)
}

async function select(path: string): Promise<void> {
  try {
    const stat = await container.fs.stat(path)
    selected = path
    current.textContent = path.slice(home.length + 1)
    if (stat.isFile()) {
      editor.value = await container.fs.readFile(path, 'utf8')
      editor.disabled = false
      save.disabled = false
      say(
        `${stat.size} bytes · mode ${(stat.mode & 0o777).toString(8)} · modified ${new Date(stat.mtimeMs).toISOString()}`,
      )
    } else {
      editor.value = ''
      editor.disabled = true
      save.disabled = true
      say(`${(await container.fs.readdir(path)).length} entries`)
    }
  } catch (error) {
    say(message(error))
  }
  await render()
}

async function attempt(action: () => Promise<void>): Promise<void> {
  try {
    await action()
  } catch (error) {
    say(message(error))
  }
  await render()
}

async function targetDir(): Promise<string> {
  if (!selected) return home
  const stat = await container.fs.stat(selected).catch(() => null)
  return stat?.isDirectory() ? selected : selected.slice(0, selected.lastIndexOf('/'))
}

$('new-file').addEventListener('click', async () => {
  const name = prompt('New file name (relative to the selected folder)')
  if (!name) return
  const dir = await targetDir()
  const path = `${dir}/${name}`
  if (
    await container.fs.stat(path).then(
      () => true,
      () => false,
    )
  ) {
    say(`${path} already exists`)
    return
  }
  await attempt(async () => {
    await container.fs.writeFile(path, '')
    say(`created ${path}`)
  })
})
$('new-dir').addEventListener('click', async () => {
  const name = prompt('New folder name')
  if (!name) return
  const dir = await targetDir()
  await attempt(() => container.fs.mkdir(`${dir}/${name}`).then(() => undefined))
})
$('delete').addEventListener('click', async () => {
  if (!selected) return
  const path = selected
  await attempt(async () => {
    await container.fs.rm(path, { recursive: true })
    selected = null
    editor.value = ''
    editor.disabled = true
    current.textContent = 'no file selected'
    say(`deleted ${path}`)
  })
})
save.addEventListener('click', async () => {
  if (!selected) return
  const path = selected
  await attempt(async () => {
    await container.fs.writeFile(path, editor.value)
    say(`saved ${path} (${(await container.fs.stat(path)).size} bytes)`)
  })
})
editor.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === 's') {
    event.preventDefault()
    save.click()
  }
})

// Files change from the terminal too: follow them.
void (async () => {
  try {
    for await (const _event of container.fs.watch(home, { recursive: true })) queueRender()
  } catch (error) {
    say(`watch stopped: ${message(error)}`)
  }
})()

// ------------------------------------------------------------------- terminal

const term = new Terminal({
  fontSize: 13,
  fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
  cursorBlink: true,
  theme: { background: '#0d0f12', foreground: '#e6e6e6', cursor: '#f9c74f' },
})
const fit = new FitAddon()
term.loadAddon(fit)
term.open($('terminal'))
fit.fit()

let shell: BunProcess
let line = ''
const history: string[] = []
let historyAt = 0

/**
 * The kernel's terminal has no line discipline yet, so the page does it:
 * echo, backspace, history, Enter sends the line, Ctrl-C stops the shell's
 * process tree and starts a fresh shell.
 */
function startShell(banner?: string): void {
  if (banner) term.write(banner)
  shell = container.spawn('sh', [], { tty: { cols: term.cols, rows: term.rows } })
  const own = shell
  own.stdout.on('data', (chunk) => term.write(chunk))
  own.stderr.on('data', (chunk) => term.write(chunk))
  own.exited.then(
    (code) => {
      if (own === shell && !destroyed) startShell(`\r\n\x1b[2m[sh exited with ${code}; new shell]\x1b[0m\r\n`)
    },
    (error) => say(message(error)),
  )
}

function replaceLine(text: string): void {
  term.write('\b \b'.repeat([...line].length))
  line = text
  term.write(text)
}

term.onData((data) => {
  if (data === '\x1b[A' || data === '\x1b[B') {
    if (history.length === 0) return
    historyAt = Math.max(0, Math.min(history.length, historyAt + (data === '\x1b[A' ? -1 : 1)))
    replaceLine(history[historyAt] ?? '')
    return
  }
  if (data.startsWith('\x1b')) return // other escape sequences: no cursor movement within the line yet
  for (const ch of data) {
    if (ch === '\r') {
      term.write('\r\n')
      shell.stdin.write(`${line}\n`)
      if (line.trim() !== '') history.push(line)
      historyAt = history.length
      line = ''
    } else if (ch === '\x7f' || ch === '\b') {
      if (line.length > 0) {
        line = [...line].slice(0, -1).join('')
        term.write('\b \b')
      }
    } else if (ch === '\x03') {
      term.write('^C\r\n')
      line = ''
      shell.kill('SIGINT')
    } else if (ch === '\x0c') {
      term.clear()
    } else if (ch >= ' ') {
      line += ch
      term.write(ch)
    }
  }
})

new ResizeObserver(() => {
  fit.fit()
  shell?.resize({ cols: term.cols, rows: term.rows })
}).observe($('terminal'))

let destroyed = false
addEventListener('pagehide', () => {
  destroyed = true
  void container.destroy()
})

startShell()
await render()
await select(`${home}/index.ts`)
term.focus()

declare global {
  interface Window {
    vitaminBun: {
      createBunContainer: typeof createBunContainer
      container: BunContainer
      storage: Storage
      /** The terminal's visible text, one string per line (for tests and the console). */
      terminalText(): string[]
    }
  }
}
window.vitaminBun = {
  createBunContainer,
  container,
  storage,
  terminalText() {
    const buffer = term.buffer.active
    const lines: string[] = []
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '')
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
    return lines
  },
}
