import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file starts whole pipelines as child processes; running them one at a time keeps 2 cores usable.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // compose/ needs the compose deployment running: `npm run smoke:compose` (vitest.compose.config.ts).
    exclude: [...configDefaults.exclude, 'compose/**'],
  },
});
