/**
 * What test/c/browser_writer.c must leave behind, checked through the VFS.
 * Shared by the Chromium test (the guest runs in a Web Worker) and its Node
 * twin, so both environments are held to one behaviour.
 */
import type { Vfs } from '@aspect-build/virtual-fs'
import { expect } from 'vitest'

/** Arguments and stdin the guest is run with. */
export const WRITER_ARGS: string[] = ['browser_writer', 'and the argument\n']
export const WRITER_STDIN = 'quiet words'

/** Checks the guest's exit code, its report and the files it wrote under `root`. */
export function expectWriterOutcome(vfs: Vfs, root: string, exitCode: number, stdout: string): void {
  expect(exitCode).toBe(3)
  expect(stdout).toBe('entries in out: 6\nslept at least 20ms: 1\nrandom bytes: 1\n')
  expect(vfs.readdir(`${root}/out`)).toEqual(['hello.txt', 'link', 'nested', 'stdin.txt'])
  expect(vfs.readFile(`${root}/out/hello.txt`, 'utf8')).toBe('hello from wasm\nand the argument\n')
  expect(vfs.readFile(`${root}/out/stdin.txt`, 'utf8')).toBe('QUIET WORDS')
  expect(vfs.readlink(`${root}/out/link`)).toBe('hello.txt')
  expect(vfs.readFile(`${root}/out/link`, 'utf8')).toBe(vfs.readFile(`${root}/out/hello.txt`, 'utf8'))
  expect(vfs.readdir(`${root}/out/nested`)).toEqual(['all-bytes.bin'])
  const bytes = vfs.readFile(`${root}/out/nested/all-bytes.bin`)
  expect([...bytes]).toEqual(Array.from({ length: 256 }, (_, i) => i))
  expect(vfs.stat(`${root}/out/nested/all-bytes.bin`).size).toBe(256)
}
