#!/usr/bin/env node
// Every package the lockfile installs must run on the oldest Node the root package.json's engines.node
// admits: npm on an older Node warns (EBADENGINE) and installs it anyway, and it may then fail at run time.
// Usage: node scripts/check-engines.mjs (part of `npm run versions`).
import { readFileSync } from 'node:fs';
import semver from 'semver';

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const oldest = semver.minVersion(root.engines.node);
const wrong = Object.entries(lock.packages)
  .filter(([path, p]) => path !== '' && typeof p.engines?.node === 'string' && !semver.satisfies(oldest, p.engines.node))
  .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} needs node ${p.engines.node}`);
if (wrong.length > 0) {
  console.error(`packages that do not run on node ${oldest} (engines.node ${root.engines.node}):\n  ${wrong.join('\n  ')}`);
  console.error('pin a version that does, in the workspace that depends on it or in the root package.json\'s overrides');
  process.exit(1);
}
console.log(`engines: every package in package-lock.json runs on node ${oldest}`);
