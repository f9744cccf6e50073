import { defineConfig } from 'vitest/config';

// PGlite boots a WebAssembly PostgreSQL on disk (the export command's tests), which takes seconds on a small, busy machine.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
