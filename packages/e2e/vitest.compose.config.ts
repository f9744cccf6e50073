import { defineConfig } from 'vitest/config';

// npm run smoke:compose: only the compose deployment's smoke test, against what `npm run compose:up` started.
export default defineConfig({
  test: {
    include: ['compose/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
