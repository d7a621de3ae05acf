/**
 * `@aspect-build/bun-wasm`: loads the native engines a container runs
 * (esbuild-wasm for transpiling and bundling, sqlite-wasm for `bun:sqlite`):
 * fetch, compile once, cache, lazy load per subsystem. Arrives with the
 * "bun run" issue; nothing is exported yet.
 */
export {}
