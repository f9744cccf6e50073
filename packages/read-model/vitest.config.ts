import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // PGlite boots a WebAssembly PostgreSQL, which takes seconds on a small machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
