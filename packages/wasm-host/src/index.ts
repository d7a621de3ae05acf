/**
 * `@aspect-build/wasm-host`: the WASI preview1 host over the virtual
 * filesystem (design §4.3, §5.1, §3.3). Work in progress.
 */
export {}
