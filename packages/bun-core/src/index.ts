/**
 * `@aspect-build/bun-core`: the Bun program (CLI, run, install, build, test,
 * runtime APIs), written in TypeScript. So far: the shell (`runShell`), which
 * runs `bun run` scripts, `bun exec` and `Bun.$`.
 */
export * from './shell/index.js'
