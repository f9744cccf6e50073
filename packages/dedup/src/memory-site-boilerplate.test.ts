import { describe, expect, it } from 'vitest';
import { createMemoryIndex } from './memory-index-store.js';
import { createMemorySiteBoilerplate, type MemorySiteBoilerplate, type SiteBoilerplateSnapshot } from './memory-site-boilerplate.js';
import { runSiteBoilerplateContract } from '../testing/site-boilerplate-contract.js';

runSiteBoilerplateContract('memory', async () => {
  let shared: MemorySiteBoilerplate | null = null;
  return {
    // One storage per test: a second instance is the same object.
    open: (options) => (shared ??= createMemorySiteBoilerplate(options)),
    openIndex: (siteBoilerplate) => createMemoryIndex({ siteBoilerplate }),
    close: async () => {},
  };
});

describe('memory site boilerplate snapshot', () => {
  it('restores counts and answers, as embedded mode does after a restart', async () => {
    const first = createMemorySiteBoilerplate({ minPages: 2, minSitePages: 1 });
    await first.observe('s', 'd1', ['x', 'y']);
    const snap = JSON.parse(JSON.stringify(first.snapshot())) as SiteBoilerplateSnapshot;
    const after = createMemorySiteBoilerplate({ minPages: 2, minSitePages: 1 }, snap);
    expect((await after.observe('s', 'd1', ['x', 'y'])).size).toBe(0);
    expect([...(await after.observe('s', 'd2', ['x']))]).toEqual(['x']);
  });
});
