import { defineConfig } from 'vitest/config';

// PGlite boots a WebAssembly PostgreSQL on disk (the export command's tests), which takes seconds on a small, busy
// machine; the console tests' hooks start a whole distributed winnow (consumer groups joining on a shared broker),
// which took over 60 s when the machine ran other suites at a load average near 30.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 180_000 } });
