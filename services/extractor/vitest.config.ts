import { defineConfig } from 'vitest/config';

// Worker threads and multi-megabyte pages are slow on a loaded 2-core machine; no test asserts time.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
