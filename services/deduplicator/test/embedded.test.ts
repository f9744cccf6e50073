import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryBus, type Outcome } from '@winnow/bus';
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

  it('reads a state log that holds the documents themselves, as versions before the documents file wrote it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dedup-embedded-'));
    const copy = extracted({ url: 'https://copies.example/3', text: EN_ARTICLE, publishedAt: '2025-04-09T00:00:00Z' });
    const orig = extracted({ url: 'https://paper.example/3', text: EN_ARTICLE, publishedAt: '2025-04-01T00:00:00Z' });
    const traceparent = `00-${'7'.repeat(32)}-${'8'.repeat(16)}-01`;
    const first = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    await first.handle({ ...delivered(copy), headers: { traceparent } });
    await first.stop();
    // The log as the earlier version wrote it: each document's packed bytes inline, base64, and no documents file.
    const logFile = join(dataDir, 'dedup-state.log');
    const docsFile = join(dataDir, 'dedup-docs.bin');
    const packed = await readFile(docsFile);
    const lines = (await readFile(logFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const inline = lines.map((l) =>
      'f' in l ? JSON.stringify({ d: l.f, z: packed.subarray(l.p as number, (l.p as number) + (l.n as number)).toString('base64'), t: l.t }) : JSON.stringify(l),
    );
    await writeFile(logFile, `${inline.join('\n')}\n`);
    await rm(docsFile);

    const second = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    const outcome = await second.handle(delivered(orig));
    await second.stop();
    const emits = outcome.kind === 'ok' ? outcome.emit : [];
    expect(emits).toContainEqual(
      expect.objectContaining({ topic: 'docs.duplicates', key: copy.docId, value: expect.objectContaining({ canonicalId: orig.docId, text: EN_ARTICLE }), traceparent }),
    );
    // The documents moved to their own file: the log no longer carries them.
    expect(await readFile(logFile, 'utf8')).not.toContain('"z":');
    expect(existsSync(docsFile)).toBe(true);
  });

  it('moves the documents to a new file at a restart once most of the file is documents stored again since, keeping each as last stored', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dedup-embedded-'));
    const orig = extracted({ url: 'https://paper.example/4', text: EN_ARTICLE, publishedAt: '2025-04-01T00:00:00Z' });
    const traceparent = `00-${'9'.repeat(32)}-${'a'.repeat(16)}-01`;
    const first = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    // The copy crawled again and again, its page changing each time: only the last version is live.
    const versions = [1, 2, 3, 4].map((v) => extracted({ url: 'https://copies.example/4', text: `${EN_ARTICLE}\n\nUpdate ${v}.`, publishedAt: '2025-04-09T00:00:00Z' }));
    for (const v of versions) await first.handle({ ...delivered(v), headers: { traceparent } });
    await first.stop();

    const second = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir, docsDeadBytes: 0 });
    const outcome = await second.handle(delivered(orig));
    await second.stop();
    const emits = outcome.kind === 'ok' ? outcome.emit : [];
    expect(emits).toContainEqual(
      expect.objectContaining({ topic: 'docs.duplicates', key: versions[3]!.docId, value: expect.objectContaining({ canonicalId: orig.docId, text: `${EN_ARTICLE}\n\nUpdate 4.` }), traceparent }),
    );
    expect(existsSync(join(dataDir, 'dedup-docs.bin'))).toBe(false);
    expect(existsSync(join(dataDir, 'dedup-docs.1.bin'))).toBe(true);

    // After another restart, on the new file: the original delivered again publishes the copy it demoted again, in full.
    const third = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    const again = await third.handle(delivered(orig));
    await third.stop();
    expect(again.kind === 'ok' ? again.emit : []).toContainEqual(
      expect.objectContaining({ topic: 'docs.duplicates', key: versions[3]!.docId, value: expect.objectContaining({ text: `${EN_ARTICLE}\n\nUpdate 4.` }), traceparent }),
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
    // As an earlier version saved it: one JSON file, no features version, and features no new document would meet.
    const alien = featuresOf({ docId: copy.docId, text: syntheticText(42), url: copy.url });
    const entry = {
      features: encodeFeatures(alien).toString('base64'),
      bands: b64(alien.bands),
      state: { docId: copy.docId, verdict: 'unique', relation: null, canonicalId: copy.docId, clusterId: copy.docId, scores: null, evidence: [], sources: [], covered: [], version: 1 },
      setBy: copy.docId,
      pendingSources: [],
      changed: [],
    };
    await writeFile(join(dataDir, 'dedup-state.json'), JSON.stringify({ index: { version: 1, entries: [entry] }, docs: [copy] }));

    const second = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    const outcome = await second.handle(delivered(orig));
    await second.stop();
    const emits = outcome.kind === 'ok' ? outcome.emit : [];
    expect(emits).toContainEqual({ topic: 'docs.unique', key: copy.docId, value: null, headers: { winnow_version: '2' } });
    // The state now lives in the log; the old file is gone.
    expect(existsSync(join(dataDir, 'dedup-state.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'dedup-state.log'))).toBe(true);
  });

  it('restarts after hundreds of documents, some copies, as it was: every verdict, version and change the same, across compactions and without a stop', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dedup-embedded-'));
    // Copies of earlier documents, and copies crawled before their originals (which then demote them).
    const copyOf = (i: number, of: number) => extracted({ url: `https://copies.example/${i}`, text: syntheticText(900 + of), publishedAt: '2025-05-01T00:00:00Z' });
    const docs = Array.from({ length: 240 }, (_, i) =>
      i % 8 === 7
        ? copyOf(i, i - 5)
        : i % 8 === 6
          ? copyOf(i, i + 3)
          : extracted({ url: `https://paper${i % 5}.example/${i}`, text: syntheticText(900 + i), publishedAt: '2025-04-01T00:00:00Z' }),
    );
    const emitsOf = (o: Outcome) => (o.kind === 'ok' ? o.emit : []);
    // A small compaction threshold: the log is rewritten several times on the way.
    const first = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir, compactBytes: 256 * 1024 });
    for (const d of docs) await first.handle(delivered(d));
    // No stop: as after a kill -9, once the last document was acknowledged.
    const second = await createEmbeddedDeduplicator({ bus: createMemoryBus(), logger, dataDir });
    // Each document delivered again: the state each instance holds for it and the documents it changed.
    const after = await Promise.all(docs.map(async (d) => emitsOf(await second.handle(delivered(d)))));
    const before = await Promise.all(docs.map(async (d) => emitsOf(await first.handle(delivered(d)))));
    expect(before.flat().filter((e) => e.topic === 'docs.duplicates').length).toBeGreaterThanOrEqual(60);
    expect(after).toEqual(before);
    // A document crawled after the restart still finds its original among the first ones.
    const late = extracted({ url: 'https://copies.example/late', text: syntheticText(900 + 3), publishedAt: '2025-06-01T00:00:00Z' });
    const found = emitsOf(await second.handle(delivered(late)));
    await second.stop();
    expect(found).toContainEqual(expect.objectContaining({ topic: 'docs.duplicates', key: late.docId, value: expect.objectContaining({ canonicalId: docs[3]!.docId }) }));
  });
});

const b64 = (a: Uint32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
