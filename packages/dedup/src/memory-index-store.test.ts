import { describe, expect, it } from 'vitest';
import { syntheticText } from '../testing/contract-fixtures.js';
import { doc, docIdOf, runIndexContract } from '../testing/contract-suite.js';
import { createIndex } from './dedup-index.js';
import { encodeFeatures } from './features-codec.js';
import { featuresOf } from './features.js';
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

  it('reads a version 1 snapshot, which kept shingles in text order: its documents compare as if claimed now', async () => {
    const text = syntheticText(33);
    // Words changed here and there: a near copy, whose scores depend on every position's shingle.
    const edited = text.split(' ').map((w, i) => (i % 23 === 5 ? 'changed' : w)).join(' ');
    const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    const original = doc('legacy-orig', text, { day: 1 });
    const f = featuresOf(original);
    const legacy: MemorySnapshot = {
      version: 1,
      entries: [
        {
          features: encodeFeatures(f).toString('base64'),
          bands: b64(f.bands),
          shingles: b64(f.shingles!),
          sequence: b64(Uint32Array.from(f.ranks!, (r) => f.shingles![r]!)),
          state: null,
          setBy: null,
          pendingSources: [],
          changed: [],
        },
      ],
    };
    const now = createIndex(createMemoryIndexStore(), { keepShingles: true });
    await now.judge(original);
    const expected = await now.judge(doc('legacy-copy', edited, { day: 2 }));
    const read = await createIndex(createMemoryIndexStore(legacy), { keepShingles: true }).judge(doc('legacy-copy', edited, { day: 2 }));
    expect(expected.match).toMatchObject({ id: original.docId, relation: 'near' });
    expect(read.match).toEqual(expected.match);
  });
});
