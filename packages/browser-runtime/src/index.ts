/**
 * `@aspect-build/browser-runtime`: the kernel worker, process workers and the
 * SharedArrayBuffer bridge (design §6). Arrives with the "Containers" issue;
 * nothing is exported yet.
 */
export {}
