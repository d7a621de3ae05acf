/** The builtin commands, by name. */
import type { Builtin } from '../builtin.js'
import { basename } from './basename.js'
import { cat } from './cat.js'
import { cd } from './cd.js'
import { cp } from './cp.js'
import { dirname } from './dirname.js'
import { echo } from './echo.js'
import { env } from './env.js'
import { exportBuiltin } from './export.js'
import { grep } from './grep.js'
import { head } from './head.js'
import { ls } from './ls.js'
import { mkdir } from './mkdir.js'
import { mv } from './mv.js'
import { pwd } from './pwd.js'
import { rm } from './rm.js'
import { seq } from './seq.js'
import { sleep } from './sleep.js'
import { exit, falseBuiltin, trueBuiltin } from './status.js'
import { tail } from './tail.js'
import { touch } from './touch.js'
import { wc } from './wc.js'
import { which } from './which.js'
import { yes } from './yes.js'

/**
 * Bun's own builtins (cd echo pwd ls mkdir rm mv touch which true false exit
 * export basename dirname seq yes), plus the coreutils a browser has no
 * program for (cat cp env wc head tail grep sleep), which behave like GNU's.
 */
export const BUILTINS: Readonly<Record<string, Builtin>> = {
  basename,
  cat,
  cd,
  cp,
  dirname,
  echo,
  env,
  exit,
  export: exportBuiltin,
  false: falseBuiltin,
  grep,
  head,
  ls,
  mkdir,
  mv,
  pwd,
  rm,
  seq,
  sleep,
  tail,
  touch,
  true: trueBuiltin,
  wc,
  which,
  yes,
}
