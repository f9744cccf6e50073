import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog, crawlRequests, docsUnique, type TopicName } from './catalog.js';
import { generatedFiles, repoRoot } from './generate.js';

describe('generated contract files', () => {
  it.each(generatedFiles().map((f) => [f.path, f.content]))('%s is up to date (run `npm run contracts`)', (path, content) => {
    let onDisk: string;
    try {
      onDisk = readFileSync(join(repoRoot(), path), 'utf8');
    } catch {
      throw new Error(`${path} is missing: run \`npm run contracts\``);
    }
    expect(onDisk).toBe(content);
  });
});

describe('catalog', () => {
  it('gives every topic a versioned CloudEvents type', () => {
    for (const name of Object.keys(catalog) as TopicName[]) {
      const c = catalog[name];
      expect(c.topic).toBe(name);
      expect(c.ceType).toMatch(new RegExp(`^winnow\\.[a-z.]+\\.v${c.version}$`));
    }
  });

  it('rejects a crawl request without a job', () => {
    const result = crawlRequests.schema.safeParse({ url: 'https://example.com/', depth: 0 });
    expect(result.success).toBe(false);
  });

  it('accepts a crawl request with defaults filled in', () => {
    const parsed = crawlRequests.schema.parse({
      jobId: 'j1',
      url: 'https://example.com/',
      depth: 0,
      discoveredFrom: null,
      job: { seeds: ['https://example.com/'], maxDepth: 2, maxPages: 10, scope: 'host' },
      requestedAt: new Date().toISOString(),
    });
    expect(parsed.priority).toBe(0);
    expect(parsed.job.include).toEqual([]);
  });

  it('marks only the docs.* state topics as compacted', () => {
    expect(docsUnique.compacted).toBe(true);
    expect(crawlRequests.compacted).toBe(false);
  });
});
