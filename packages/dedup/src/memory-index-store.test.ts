import { describe, expect, it } from 'vitest';
import { syntheticText } from '../testing/contract-fixtures.js';
import { doc, docIdOf, runIndexContract } from '../testing/contract-suite.js';
import { createIndex } from './dedup-index.js';
import { createMemoryIndexStore, type MemorySnapshot } from './memory-index-store.js';

runIndexContract('memory', async () => {
  const store = createMemoryIndexStore();
  return { open: () => createIndex(store, { keepShingles: true }), close: async () => {} };
});

describe('memory store snapshot', () => {
  it('restores the index and every stored state, as embedded mode does after a restart', async () => {
    const first = createMemoryIndexStore();
    const before = createIndex(first, { keepShingles: true });
    const text = syntheticText(31);
    const copy = await before.judge(doc('snap-copy', text, { day: 5 }));
    await before.judge(doc('snap-other', syntheticText(32)));
    const restored = createMemoryIndexStore(JSON.parse(JSON.stringify(first.snapshot())) as MemorySnapshot);
    const after = createIndex(restored, { keepShingles: true });
    expect((await after.judge(doc('snap-copy', text, { day: 5 }))).redelivered).toBe(true);
    const orig = await after.judge(doc('snap-orig', text, { day: 1 }));
    expect(orig.changed).toEqual([expect.objectContaining({ docId: copy.docId, verdict: 'duplicate', canonicalId: orig.docId })]);
    expect(await after.get(docIdOf('snap-other'))).toMatchObject({ verdict: 'unique' });
  });
});
