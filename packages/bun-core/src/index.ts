/**
 * `@aspect-build/bun-core`: the Bun program (CLI, run, install, build, test,
 * runtime APIs), written in TypeScript. Arrives with the "bun run" issue;
 * nothing is exported yet.
 */
export {}
