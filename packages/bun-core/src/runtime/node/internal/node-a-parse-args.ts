/**
 * `util.parseArgs` with Node's semantics: tokens (`option`, `positional`,
 * `option-terminator`), short groups (`-abc`), inline values (`--a=1`,
 * `-fFILE`), `multiple`, `default`, `allowNegative` (`--no-x`), strict-mode
 * errors (`ERR_PARSE_ARGS_*`) and argument validation.
 */
import { invalidArgTypeNative, nodeError } from './node-a-errors.js'

/** One option of `parseArgs({ options })`. */
export interface ParseArgsOption {
  type: 'string' | 'boolean'
  short?: string
  multiple?: boolean
  default?: string | boolean | string[] | boolean[]
}

/** `parseArgs` configuration. */
export interface ParseArgsConfig {
  args?: string[]
  options?: Record<string, ParseArgsOption>
  strict?: boolean
  allowPositionals?: boolean
  allowNegative?: boolean
  tokens?: boolean
}

/** A token of `parseArgs({ tokens: true })`. */
export type ParseArgsToken =
  | {
      kind: 'option'
      name: string
      rawName: string
      index: number
      value: string | undefined
      inlineValue: boolean | undefined
    }
  | { kind: 'positional'; index: number; value: string }
  | { kind: 'option-terminator'; index: number }

/** `parseArgs`'s result. */
export interface ParseArgsResult {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>
  positionals: string[]
  tokens?: ParseArgsToken[]
}

type Options = Record<string, unknown>

const own = (object: unknown, key: string): unknown =>
  object !== null && typeof object === 'object' && Object.hasOwn(object, key)
    ? (object as Record<string, unknown>)[key]
    : undefined

const optionOwn = (options: Options, name: string, key: string): unknown =>
  Object.hasOwn(options, name) ? own(options[name], key) : undefined

// Bun validates parseArgs' configuration natively: its messages end in `got <type>`.
function checkBoolean(value: unknown, name: string): void {
  if (typeof value !== 'boolean') throw invalidArgTypeNative(name, 'boolean', value)
}

function checkObject(value: unknown, name: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalidArgTypeNative(name, 'object', value)
}

function checkArray(value: unknown, name: string): asserts value is unknown[] {
  if (!Array.isArray(value)) throw invalidArgTypeNative(name, 'an instance of Array', value)
}

function checkTypedArray(value: unknown, name: string, type: string): void {
  checkArray(value, name)
  value.forEach((item, i) => {
    // Bun reports the type of the whole array here.
    if (typeof item !== type) throw invalidArgTypeNative(`${name}[${i}]`, type, value)
  })
}

function longForShort(short: string, options: Options): string {
  for (const [name, config] of Object.entries(options)) if (own(config, 'short') === short) return name
  return short
}

const isLoneShort = (arg: string): boolean => arg.length === 2 && arg[0] === '-' && arg[1] !== '-'
const isLoneLong = (arg: string): boolean => arg.length > 2 && arg.startsWith('--') && !arg.includes('=', 3)
const isLongWithValue = (arg: string): boolean => arg.length > 2 && arg.startsWith('--') && arg.includes('=', 3)

function isShortGroup(arg: string, options: Options): boolean {
  if (arg.length <= 2 || arg[0] !== '-' || arg[1] === '-') return false
  return optionOwn(options, longForShort(arg[1]!, options), 'type') !== 'string'
}

function isShortWithValue(arg: string, options: Options): boolean {
  if (arg.length <= 2 || arg[0] !== '-' || arg[1] === '-') return false
  return optionOwn(options, longForShort(arg[1]!, options), 'type') === 'string'
}

function tokenize(args: string[], options: Options): ParseArgsToken[] {
  const tokens: ParseArgsToken[] = []
  let index = -1
  let groupCount = 0
  const remaining = args.slice()
  while (remaining.length > 0) {
    const arg = remaining.shift()!
    const next = remaining[0]
    if (groupCount > 0) groupCount--
    else index++
    if (arg === '--') {
      tokens.push({ kind: 'option-terminator', index })
      for (const rest of remaining) tokens.push({ kind: 'positional', index: ++index, value: rest })
      break
    }
    if (isLoneShort(arg)) {
      const name = longForShort(arg[1]!, options)
      let value: string | undefined
      let inlineValue: boolean | undefined
      if (optionOwn(options, name, 'type') === 'string' && next != null) {
        value = remaining.shift()
        inlineValue = false
      }
      tokens.push({ kind: 'option', name, rawName: arg, index, value, inlineValue })
      if (value != null) index++
      continue
    }
    if (isShortGroup(arg, options)) {
      const expanded: string[] = []
      for (let i = 1; i < arg.length; i++) {
        const short = arg[i]!
        const name = longForShort(short, options)
        if (optionOwn(options, name, 'type') !== 'string' || i === arg.length - 1) expanded.push(`-${short}`)
        else {
          expanded.push(`-${arg.slice(i)}`)
          break
        }
      }
      remaining.unshift(...expanded)
      groupCount = expanded.length
      continue
    }
    if (isShortWithValue(arg, options)) {
      const short = arg[1]!
      tokens.push({
        kind: 'option',
        name: longForShort(short, options),
        rawName: `-${short}`,
        index,
        value: arg.slice(2),
        inlineValue: true,
      })
      continue
    }
    if (isLoneLong(arg)) {
      const name = arg.slice(2)
      let value: string | undefined
      let inlineValue: boolean | undefined
      if (optionOwn(options, name, 'type') === 'string' && next != null) {
        value = remaining.shift()
        inlineValue = false
      }
      tokens.push({ kind: 'option', name, rawName: arg, index, value, inlineValue })
      if (value != null) index++
      continue
    }
    if (isLongWithValue(arg)) {
      const equals = arg.indexOf('=')
      const name = arg.slice(2, equals)
      tokens.push({
        kind: 'option',
        name,
        rawName: `--${name}`,
        index,
        value: arg.slice(equals + 1),
        inlineValue: true,
      })
      continue
    }
    tokens.push({ kind: 'positional', index, value: arg })
  }
  return tokens
}

const invalidValue = (message: string): TypeError =>
  nodeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message)

function unknownOption(rawName: string, allowPositionals: boolean): TypeError {
  const hint = allowPositionals
    ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(rawName)}`
    : ''
  return nodeError(TypeError, 'ERR_PARSE_ARGS_UNKNOWN_OPTION', `Unknown option '${rawName}'${hint}`)
}

/** `util.parseArgs`. `defaultArgs` stands for `process.argv` after the program and script. */
export function parseArgs(config: ParseArgsConfig | undefined, defaultArgs: () => string[]): ParseArgsResult {
  const settings = config ?? {}
  const args = own(settings, 'args') ?? defaultArgs()
  const strict = own(settings, 'strict') ?? true
  const allowPositionals = own(settings, 'allowPositionals') ?? !strict
  const returnTokens = own(settings, 'tokens') ?? false
  const allowNegative = own(settings, 'allowNegative') ?? false
  const options = (own(settings, 'options') ?? Object.create(null)) as Options
  checkArray(args, 'args')
  checkBoolean(strict, 'strict')
  checkBoolean(allowPositionals, 'allowPositionals')
  checkBoolean(returnTokens, 'tokens')
  checkBoolean(allowNegative, 'allowNegative')
  checkObject(options, 'options')
  for (const [name, option] of Object.entries(options)) {
    checkObject(option, `options.${name}`)
    const type = own(option, 'type')
    if (type !== 'string' && type !== 'boolean') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `options.${name}.type must be one of: boolean|string`)
    }
    if (Object.hasOwn(option as object, 'short')) {
      const short = own(option, 'short')
      if (typeof short !== 'string') throw invalidArgTypeNative(`options.${name}.short`, 'string', short)
      if (short.length !== 1) {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `options.${name}.short must be a single character`)
      }
    }
    const multiple = own(option, 'multiple')
    if (Object.hasOwn(option as object, 'multiple')) checkBoolean(multiple, `options.${name}.multiple`)
    const defaultValue = own(option, 'default')
    if (defaultValue !== undefined) {
      const label = `options.${name}.default`
      if (multiple) checkTypedArray(defaultValue, label, type)
      else if (typeof defaultValue !== type) throw invalidArgTypeNative(label, type, defaultValue)
    }
  }

  const tokens = tokenize(args as string[], options)
  const values = Object.create(null) as ParseArgsResult['values']
  const result: ParseArgsResult = { values, positionals: [] }
  if (returnTokens) result.tokens = tokens
  for (const token of tokens) {
    if (token.kind === 'option') {
      if (strict) {
        let name = token.name
        if (!Object.hasOwn(options, name)) {
          if (allowNegative && name.startsWith('no-')) {
            name = name.slice(3)
            if (!Object.hasOwn(options, name) || optionOwn(options, name, 'type') !== 'boolean') {
              throw unknownOption(token.rawName, allowPositionals as boolean)
            }
          } else throw unknownOption(token.rawName, allowPositionals as boolean)
        }
        const short = optionOwn(options, name, 'short')
        const shortAndLong = `${short ? `-${short}, ` : ''}--${name}`
        const type = optionOwn(options, name, 'type')
        if (type === 'string' && typeof token.value !== 'string') {
          throw invalidValue(`Option '${shortAndLong} <value>' argument missing`)
        }
        if (type === 'boolean' && token.value != null) {
          throw invalidValue(`Option '${shortAndLong}' does not take an argument`)
        }
        if (!token.inlineValue && token.value != null && token.value.length > 1 && token.value[0] === '-') {
          const example = token.rawName.startsWith('--')
            ? `'${token.rawName}=-XYZ'`
            : `'--${token.name}=-XYZ' or '${token.rawName}-XYZ'`
          throw invalidValue(
            `Option '${token.rawName}' argument is ambiguous.\nDid you forget to specify the option argument for '${token.rawName}'?\nTo specify an option argument starting with a dash use ${example}.`,
          )
        }
      }
      let name = token.name
      let value: string | boolean | undefined = token.value
      if (allowNegative && name.startsWith('no-') && value === undefined) {
        name = name.slice(3)
        value = false
      }
      storeOption(name, value, options, values)
    } else if (token.kind === 'positional') {
      if (!allowPositionals) {
        throw nodeError(
          TypeError,
          'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
          `Unexpected argument '${token.value}'. This command does not take positional arguments`,
        )
      }
      result.positionals.push(token.value)
    }
  }
  for (const [name, option] of Object.entries(options)) {
    const defaultValue = own(option, 'default')
    if (defaultValue !== undefined && values[name] === undefined && name !== '__proto__') {
      values[name] = defaultValue as string
    }
  }
  return result
}

function storeOption(
  name: string,
  value: string | boolean | undefined,
  options: Options,
  values: ParseArgsResult['values'],
): void {
  if (name === '__proto__') return
  const stored = value ?? true
  if (optionOwn(options, name, 'multiple')) {
    const list = values[name]
    if (list) (list as (string | boolean)[]).push(stored)
    else values[name] = [stored]
  } else values[name] = stored
}
