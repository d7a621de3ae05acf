import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
// @ts-expect-error: a plain .mjs helper shared with the scripts
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs'

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

export default defineConfig({
  // Tests run against the packages' TypeScript sources (the `source` export condition), in
  // the browser (resolve) and in Node (ssr), so no build is needed between an edit and a test.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        server: { headers: isolation },
        optimizeDeps: { include: ['fast-check'] },
        test: {
          name: 'chromium',
          include: ['packages/*/test/**/*.browser.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
