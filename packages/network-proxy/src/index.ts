/**
 * `@aspect-build/network-proxy`: guest network traffic over browser APIs
 * (design §5). Work in progress with the WASI host issue.
 */
export {}
