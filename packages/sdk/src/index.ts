/**
 * `@aspect-build/sdk`: `createBunContainer()` for embedders (design §7).
 * Arrives with the "Containers" issue; nothing is exported yet.
 */
export {}
