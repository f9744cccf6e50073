import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each test file boots PGlite (PostgreSQL in WebAssembly), which takes seconds on a small machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
