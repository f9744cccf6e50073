// What `npm run images` puts into the service images (infra/lib/service-context.mjs): the built services and
// the workspaces they need, production dependencies only, no sources, tests or configs.
import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceContext } from '../lib/service-context.mjs';

describe('the service images build context', () => {
  let app: string;
  let context: string;
  beforeAll(async () => {
    context = await serviceContext(); // npm test builds the workspaces first
    app = join(context, 'app');
  }, 180_000);
  afterAll(() => rmSync(context, { recursive: true, force: true }), 120_000); // tens of thousands of links

  it("holds every service's built entry points", () => {
    for (const service of ['crawler', 'extractor', 'deduplicator', 'api']) {
      expect(existsSync(join(app, 'services', service, 'dist', 'main.js')), service).toBe(true);
      expect(existsSync(join(app, 'services', service, 'dist', 'instrumentation.js')), service).toBe(true);
    }
    expect(existsSync(join(app, 'infra', 'scripts', 'create-topics.mjs'))).toBe(true);
    expect(existsSync(join(app, 'infra', 'topics.json'))).toBe(true);
  });

  it('holds production dependencies only: no test runner, compiler, linter or testcontainers', () => {
    const modules = join(app, 'node_modules');
    expect(existsSync(join(modules, 'kafkajs'))).toBe(true);
    expect(existsSync(join(modules, 'fastify'))).toBe(true);
    for (const dev of ['vitest', 'typescript', 'eslint', 'turbo', 'testcontainers', 'playwright-core']) {
      expect(existsSync(join(modules, dev)), dev).toBe(false);
    }
    const workspaces = readdirSync(join(modules, '@winnow'));
    expect(workspaces).toContain('bus');
    for (const notNeeded of ['testing', 'e2e', 'winnow']) expect(workspaces, notNeeded).not.toContain(notNeeded);
  });

  it('holds no sources, tests, benches or TypeScript configs of its own', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        if (entry === 'node_modules') continue;
        const path = join(dir, entry);
        if (['src', 'test', 'bench', 'dist-dev'].includes(entry) || /^tsconfig.*\.json$|^vitest\.config\./.test(entry)) found.push(path);
        else if (lstatSync(path).isDirectory()) walk(path);
      }
    };
    walk(app);
    expect(found).toEqual([]);
  });
});
