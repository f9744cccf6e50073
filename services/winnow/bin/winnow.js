#!/usr/bin/env node
// The `winnow` command as npm links it. This file is in git, so `npm ci` on a fresh clone links it
// before anything is built; the command itself is compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('winnow: not built yet; run `npm run build` in the repository root first\n');
  process.exit(1);
}
await import(entry.href);
