import { defineConfig } from 'vitest/config';

// The embedded restart tests judge hundreds of documents and reopen their state files: past vitest's 5 s default
// when the machine is busy.
export default defineConfig({ test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 } });
