import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '@winnow/bus';
import { EN_ARTICLE, sitePage, syntheticText } from '@winnow/dedup/testing';
import { encodeFeatures } from '@winnow/dedup';
import { featuresOf } from '@winnow/dedup';
import { createEmbeddedDeduplicator } from '../src/embedded.js';
import { delivered, extracted } from './fixtures.js';

const logger = pino({ level: 'silent' });

describe('embedded deduplicator', () => {
  it('keeps its index across a restart, so a copy found later still points to the original', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dedup-embedded-'));
    const copy = extracted({ url: 'https://copies.example/1', text: EN_ARTICLE, publishedAt: '2025-04-09T00:00:00Z' });
    const orig = extracted({ url: 'https://paper.example/1', text: EN_ARTICLE, publishedAt: '2025-04-01T00:00:00Z' });
    const first = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    const traceparent = `00-${'5'.repeat(32)}-${'6'.repeat(16)}-01`;
    expect(await first.handle({ ...delivered(copy), headers: { traceparent } })).toMatchObject({ kind: 'ok' });
    await first.stop();

    const second = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    const outcome = await second.handle(delivered(orig));
    await second.stop();
    expect(outcome.kind).toBe('ok');
    const emits = outcome.kind === 'ok' ? outcome.emit : [];
    // The copy judged before the restart is withdrawn and republished as a duplicate, in full, in its own trace.
    expect(emits).toContainEqual({ topic: 'docs.unique', key: copy.docId, value: null, headers: { winnow_version: '2' }, traceparent });
    expect(emits).toContainEqual(
      expect.objectContaining({
        topic: 'docs.duplicates',
        key: copy.docId,
        value: expect.objectContaining({ canonicalId: orig.docId, text: EN_ARTICLE }),
        traceparent,
      }),
    );
  });

  it("keeps a site's learned template across a restart: two briefs sharing only it stay distinct", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dedup-embedded-'));
    const page = (path: string, body: string) => extracted({ url: `https://gazette.example/${path}`, text: sitePage(body), publishedAt: '2025-04-01T00:00:00Z' });
    const first = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    for (let i = 1; i <= 10; i++) await first.handle(delivered(page(`news/${i}`, syntheticText(700 + i, 60))));
    await first.stop();

    const second = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    await second.handle(delivered(page('pier', 'The harbour authority will close the north pier for repairs from Monday. Ferries will use the temporary dock.')));
    const bakery = page('bakery', 'A local bakery won the national bread prize for its rye loaf, beating three hundred entries.');
    const outcome = await second.handle(delivered(bakery));
    await second.stop();
    const emits = outcome.kind === 'ok' ? outcome.emit : [];
    expect(emits).toContainEqual(expect.objectContaining({ topic: 'docs.unique', key: bakery.docId }));
    expect(emits.some((e) => e.topic === 'docs.duplicates')).toBe(false);
  });

  it('rebuilds an index saved by a version that computed features differently, so saved documents are still found', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dedup-embedded-'));
    const copy = extracted({ url: 'https://copies.example/2', text: EN_ARTICLE, publishedAt: '2025-04-09T00:00:00Z' });
    const orig = extracted({ url: 'https://paper.example/2', text: EN_ARTICLE, publishedAt: '2025-04-01T00:00:00Z' });
    const first = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    await first.handle(delivered(copy));
    await first.stop();
    // As an earlier version saved it: no features version, and features no new document would meet.
    const file = join(dataDir, 'dedup-state.json');
    type Entry = { features: string; bands: string; shingles?: string; sequence?: string };
    const saved = JSON.parse(await readFile(file, 'utf8')) as { index: { featuresVersion?: number; entries: Entry[] } };
    delete saved.index.featuresVersion;
    const b64 = (a: Uint32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    for (const e of saved.index.entries) {
      const alien = featuresOf({ docId: copy.docId, text: syntheticText(42), url: copy.url });
      Object.assign(e, { features: encodeFeatures(alien).toString('base64'), bands: b64(alien.bands), shingles: b64(alien.shingles!), sequence: b64(alien.sequence!) });
    }
    await writeFile(file, JSON.stringify(saved));

    const second = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    const outcome = await second.handle(delivered(orig));
    await second.stop();
    const emits = outcome.kind === 'ok' ? outcome.emit : [];
    expect(emits).toContainEqual({ topic: 'docs.unique', key: copy.docId, value: null, headers: { winnow_version: '2' } });
  });
});
