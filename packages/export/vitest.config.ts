import { defineConfig } from 'vitest/config';

// PGlite boots a WebAssembly PostgreSQL and the read-back test runs Python: seconds on a small machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
