/** `watch`: Node's `fs.watch` events (as inotify produces them on Linux) from the in-memory tree. */
import { createVfs, type Vfs, type WatchEventType } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'
import { expectError } from './suite/expect.js'

type Event = [WatchEventType, string]

/** Watches `path`, collecting events. */
function record(vfs: Vfs, path: string, recursive = false): { events: Event[]; close: () => void } {
  const events: Event[] = []
  const watcher = vfs.watch(path, { recursive }, (event, filename) => events.push([event, filename]))
  return { events, close: () => watcher.close() }
}

/** Lets queued deliveries run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** Distinct events, in order of first appearance (Node may repeat one for a single call). */
const distinct = (events: Event[]): Event[] => {
  const seen = new Set<string>()
  return events.filter((e) => {
    const key = e.join('\0')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

describe('watch', () => {
  it('reports names appearing and going as rename, content changes as change', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    const { events } = record(vfs, '/w')
    vfs.writeFile('/w/new', 'a')
    await settle()
    expect(distinct(events)).toEqual([
      ['rename', 'new'],
      ['change', 'new'],
    ])
    events.length = 0
    vfs.appendFile('/w/new', 'b')
    await settle()
    expect(distinct(events)).toEqual([['change', 'new']])
    events.length = 0
    vfs.rename('/w/new', '/w/renamed')
    await settle()
    expect(distinct(events)).toEqual([
      ['rename', 'new'],
      ['rename', 'renamed'],
    ])
    events.length = 0
    vfs.unlink('/w/renamed')
    await settle()
    expect(distinct(events)).toEqual([['rename', 'renamed']])
  })

  it('reports metadata changes (chmod, utimes, truncate) as change', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    vfs.writeFile('/w/f', 'abc')
    const { events } = record(vfs, '/w')
    vfs.chmod('/w/f', 0o600)
    vfs.utimes('/w/f', 1, 1)
    vfs.truncate('/w/f', 1)
    await settle()
    expect(events).toEqual([
      ['change', 'f'],
      ['change', 'f'],
      ['change', 'f'],
    ])
  })

  it('delivers asynchronously, after the call returns', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    const { events } = record(vfs, '/w')
    vfs.writeFile('/w/f', '')
    expect(events).toEqual([])
    await settle()
    expect(events.length).toBeGreaterThan(0)
  })

  it('reports writes through descriptors and under other hard-link names', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    vfs.mkdir('/other')
    vfs.writeFile('/w/f', '')
    vfs.link('/w/f', '/other/alias')
    const fd = vfs.open('/w/f', 'r+')
    const { events } = record(vfs, '/w')
    const file = record(vfs, '/w/f')
    vfs.write(fd, 'x')
    vfs.writeFile('/other/alias', 'y')
    await settle()
    expect(distinct(events)).toEqual([['change', 'f']])
    expect(distinct(file.events)).toEqual([['change', 'f']])
    vfs.close(fd)
  })

  it('without recursive, ignores changes below subdirectories', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w/sub', { recursive: true })
    const { events } = record(vfs, '/w')
    vfs.writeFile('/w/sub/deep', 'x')
    vfs.mkdir('/w/sub/dir')
    await settle()
    expect(events).toEqual([])
    vfs.writeFile('/w/top', 'x')
    await settle()
    expect(events.map(([, name]) => name)).toContain('top')
  })

  it('with recursive, reports changes below as paths relative to the watched directory', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w/a/b', { recursive: true })
    const { events } = record(vfs, '/w', true)
    vfs.writeFile('/w/a/b/deep', 'x')
    vfs.mkdir('/w/a/new')
    vfs.rename('/w/a/b/deep', '/w/a/new/moved')
    await settle()
    expect(distinct(events)).toEqual([
      ['rename', 'a/b/deep'],
      ['change', 'a/b/deep'],
      ['rename', 'a/new'],
      ['rename', 'a/new/moved'],
    ])
  })

  it('names the file itself when a file is watched', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    vfs.writeFile('/w/f', '')
    vfs.writeFile('/w/g', '')
    const { events } = record(vfs, '/w/f')
    vfs.writeFile('/w/g', 'not me')
    vfs.writeFile('/w/f', 'me')
    await settle()
    expect(distinct(events)).toEqual([['change', 'f']])
    events.length = 0
    vfs.unlink('/w/f')
    await settle()
    expect(distinct(events).some(([event, name]) => event === 'rename' && name === 'f')).toBe(true)
  })

  it('watches a relative path from the cwd and through symlinks', async () => {
    const vfs = createVfs({ cwd: '/' })
    vfs.mkdir('/real')
    vfs.symlink('/real', '/link')
    vfs.chdir('/')
    const { events } = record(vfs, 'link')
    vfs.writeFile('/real/x', '')
    await settle()
    expect(distinct(events)[0]).toEqual(['rename', 'x'])
  })

  it('close() stops delivery, including events already queued', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    const { events, close } = record(vfs, '/w')
    const other = record(vfs, '/w')
    vfs.writeFile('/w/queued', '')
    close()
    vfs.writeFile('/w/after', '')
    await settle()
    expect(events).toEqual([])
    expect(other.events.length).toBeGreaterThan(0)
    other.close()
    other.close()
  })

  it('follows the watched directory through a rename, as inotify does', async () => {
    const vfs = createVfs()
    vfs.mkdir('/a/w', { recursive: true })
    const { events } = record(vfs, '/a/w')
    const above = record(vfs, '/a', true)
    vfs.rename('/a', '/b')
    vfs.writeFile('/b/w/f', 'x')
    await settle()
    expect(distinct(events)).toEqual([
      ['rename', 'f'],
      ['change', 'f'],
    ])
    // The watched directory's own move is reported under the name it was watched by.
    expect(distinct(above.events)).toEqual([
      ['rename', 'a'],
      ['rename', 'w/f'],
      ['change', 'w/f'],
    ])
  })

  it('reports the removal of the watched directory under its own name', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    const { events } = record(vfs, '/w')
    vfs.rmdir('/w')
    await settle()
    expect(events).toEqual([['rename', 'w']])
  })

  it('fails with ENOENT on a missing path', () => {
    const vfs = createVfs()
    expectError(() => vfs.watch('/missing', {}, () => {}), { code: 'ENOENT', syscall: 'watch', path: '/missing' })
    vfs.writeFile('/f', '')
    expectError(() => vfs.watch('/f/x', {}, () => {}), { code: 'ENOTDIR', syscall: 'watch', path: '/f/x' })
  })

  it('a throwing listener does not stop other listeners or the filesystem', async () => {
    const vfs = createVfs()
    vfs.mkdir('/w')
    const events: string[] = []
    const thrown: unknown[] = []
    const onError = (error: unknown): void => void thrown.push(error)
    process.on('uncaughtException', onError)
    try {
      vfs.watch('/w', {}, () => {
        throw new Error('listener bug')
      })
      vfs.watch('/w', {}, (_e, name) => events.push(name))
      vfs.writeFile('/w/f', 'x')
      await settle()
    } finally {
      process.off('uncaughtException', onError)
    }
    expect(events).toContain('f')
    expect(thrown.map((e) => (e as Error).message)).toContain('listener bug')
    expect(vfs.readFile('/w/f', 'utf8')).toBe('x')
  })
})
