/**
 * `@aspect-build/sdk`: `createBunContainer()` and the types of the public
 * API. This is the browser binding; in Node the package root resolves to
 * `@aspect-build/sdk/node` instead (the `node` export condition).
 */
export * from './browser.js'
