/** Assertions on {@link VfsError}s shared by the behaviour suite and the core tests. */
import { type ErrnoCode, VfsError } from '@aspect-build/virtual-fs'
import { expect } from 'vitest'

/** What a failure must carry: `path: null` asserts the error names no path (descriptor calls). */
export interface ExpectedError {
  code: ErrnoCode
  syscall: string
  path?: string | null
  dest?: string
}

function check(error: unknown, want: ExpectedError): VfsError {
  expect(error, `expected ${want.code} from ${want.syscall}`).toBeInstanceOf(VfsError)
  const e = error as VfsError
  const got: Record<string, unknown> = { code: e.code, syscall: e.syscall }
  const expected: Record<string, unknown> = { code: want.code, syscall: want.syscall }
  if (want.path !== undefined) {
    got.path = e.path
    expected.path = want.path ?? undefined
  }
  if (want.dest !== undefined) {
    got.dest = e.dest
    expected.dest = want.dest
  }
  expect(got).toEqual(expected)
  expect(e.message.startsWith(`${want.code}: `)).toBe(true)
  return e
}

/** Runs `fn`, which must throw a VfsError with exactly this code and syscall (and path/dest when given). */
export function expectError(fn: () => unknown, want: ExpectedError): VfsError {
  try {
    fn()
  } catch (error) {
    return check(error, want)
  }
  throw new Error(`expected ${want.code} from ${want.syscall}, but the call succeeded`)
}

/** Like {@link expectError} for a call that returns a promise. */
export async function expectRejection(fn: () => Promise<unknown>, want: ExpectedError): Promise<VfsError> {
  try {
    await fn()
  } catch (error) {
    return check(error, want)
  }
  throw new Error(`expected ${want.code} from ${want.syscall}, but the call succeeded`)
}

/** UTF-8 text of bytes. */
export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes)
}

/** UTF-8 bytes of text. */
export function bytes(value: string): Uint8Array {
  return new TextEncoder().encode(value)
}
