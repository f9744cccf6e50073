import { afterAll, describe, expect, it, vi } from 'vitest';
import { BUS_ERRORS, createKafkaBus, createMemoryBus, ok, type Delivered, type Subscription } from '@winnow/bus';
import { MemoryJobProgress } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { createTestTopics } from '@winnow/testing';
import type { DocExtracted, PageFetched } from '@winnow/types';
import { docIdFor } from '@winnow/url';
// The worker pool loads the compiled worker, so the service is tested as built.
import { createExtractorService } from '../dist/service.js';
import { delivered, fetchedPage } from './pages.js';

const logger = createLogger({ level: 'silent', name: 'test' });
const settings = { EXTRACT_WORKERS: 1, EXTRACT_TIMEOUT_MS: 10_000, EXTRACT_CONCURRENCY: 2, EXTRACT_MASK_PII: false };
const body = `<html lang="fr"><head><title>Le pont rouvre</title></head><body><article><h1>Le pont rouvre</h1>
<p>Le vieux pont de pierre a rouvert lundi après huit mois de travaux sur ses arches et ses fondations, a annoncé la mairie.</p>
<p>Les ingénieurs ont remplacé plus de quatre cents pierres et ajouté un canal de drainage contre les crues de l’hiver.</p>
</article></body></html>`;

/** The page as a raw subscription receives it from Kafka: its JSON as bytes, not decoded. */
function raw(page: PageFetched | string): Delivered<'pages.fetched'> {
  const bytes = Buffer.from(typeof page === 'string' ? page : JSON.stringify(page));
  return { ...delivered(fetchedPage('https://unused.example/', null)), value: null, raw: bytes };
}

const summary = (o: Awaited<ReturnType<ReturnType<typeof createExtractorService>['handle']>>) =>
  o.kind === 'ok' ? o.emit.map((e) => [e.topic, e.key, e.value]) : o;

describe('extractor service on pages handed over as bytes (decoded in the worker)', () => {
  const progress = new MemoryJobProgress();
  const service = createExtractorService({ bus: createMemoryBus(), progress, logger, config: settings });
  const slow = createExtractorService({ bus: createMemoryBus(), progress, logger, config: { ...settings, EXTRACT_TIMEOUT_MS: 10 } });
  afterAll(() => Promise.all([service.stop(), slow.stop()]));

  it('gives every kind of page the outcome it gets as a decoded value', async () => {
    const huge = `<html><body>${'<div><p>mot '.repeat(200_000)}</body></html>`;
    const pages: Array<[string, PageFetched, ReturnType<typeof createExtractorService>]> = [
      ['article', fetchedPage('https://pont.example/a', body, { jobId: 'job-a' }), service],
      ['empty', fetchedPage('https://pont.example/e', '<html><body><nav>Accueil</nav></body></html>', { jobId: 'job-b' }), service],
      ['nobody', fetchedPage('https://pont.example/n', null, { jobId: 'job-b' }), service],
      ['failed', fetchedPage('https://pont.example/f', null, { jobId: 'job-b', outcome: 'failed', reason: 'http_404', status: 404 }), service],
      ['timeout', fetchedPage('https://pont.example/t', huge, { jobId: 'job-c' }), slow],
    ];
    // Each job keeps a URL open, so no page completes its job (a completion event carries its time).
    for (const [, page] of pages) {
      for (const jobId of [page.jobId, `${page.jobId}-again`]) {
        await progress.discover(jobId, page.requestUrl, 10);
        await progress.discover(jobId, 'https://pont.example/other', 10);
      }
    }
    for (const [name, page, svc] of pages) {
      const fromBytes = await svc.handle(raw(page));
      const fromValue = await svc.handle(delivered({ ...page, jobId: `${page.jobId}-again` }));
      const again = (o: unknown) => JSON.parse(JSON.stringify(o).replaceAll(`${page.jobId}-again`, page.jobId)) as unknown;
      // contentHash and text are the same; fetchedAt too: the same page was handled twice.
      expect(summary(fromBytes), name).toEqual(again(summary(fromValue)));
    }
    const [emit] = summary(await service.handle(raw(pages[0]![1]))) as Array<[string, string, DocExtracted]>;
    const [, key, doc] = emit!;
    expect(key).toBe(docIdFor('https://pont.example/a'));
    expect(doc.text).toContain('Le vieux pont de pierre a rouvert lundi');
    expect(await progress.counts('job-c')).toMatchObject({ failed: 1, reasons: { extract_timeout: 1 } });
  });

  it('dead-letters a value that is not JSON or breaks the contract, with the error the bus gives', async () => {
    expect(await service.handle(raw('{"docId": '))).toMatchObject({ kind: 'dlq', code: BUS_ERRORS.invalidMessage, error: expect.stringMatching(/^value is not JSON: /) });
    const bad = { ...fetchedPage('https://pont.example/bad', body), fetchedAt: 'mardi' };
    expect(await service.handle(raw(bad))).toMatchObject({ kind: 'dlq', code: BUS_ERRORS.invalidMessage, error: expect.stringContaining('invalid pages.fetched message: fetchedAt') });
  });
});

describe('extractor service on Kafka', () => {
  const subs: Subscription[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    await Promise.all(subs.map((s) => s.stop()));
    for (const c of cleanups.reverse()) await c();
  });

  it('extracts pages and dead-letters invalid ones, as before it read them as bytes', async () => {
    const topics = await createTestTopics('extractor-raw');
    const bus = createKafkaBus({ brokers: topics.brokers, clientId: 'extractor-raw', topicPrefix: topics.prefix, source: 'extractor' });
    const progress = new MemoryJobProgress();
    const service = createExtractorService({ bus, progress, logger, config: settings });
    cleanups.push(() => bus.stop(), () => service.stop());
    const docs: DocExtracted[] = [];
    subs.push(await bus.subscribe({ group: 'docs', topic: 'docs.extracted', handler: async (m) => (m.value && docs.push(m.value), ok()) }));
    await service.start();
    const good = fetchedPage('https://pont.example/kafka', body, { jobId: 'job-k' });
    await progress.discover('job-k', good.requestUrl, 10);
    const bad = { ...good, docId: docIdFor('https://pont.example/bad'), fetchedAt: 'mardi' };
    await bus.publish([{ topic: 'pages.fetched', key: bad.docId, value: bad }, { topic: 'pages.fetched', key: good.docId, value: good }]);
    await vi.waitFor(() => expect(docs).toHaveLength(1), { timeout: 30_000, interval: 50 });
    expect(docs[0]!.text).toContain('Le vieux pont de pierre');
    const letters = await vi.waitFor(async () => {
      const all = await bus.deadLetters('pages.fetched');
      expect(all).toHaveLength(1);
      return all;
    }, { timeout: 30_000, interval: 50 });
    expect(letters[0]).toMatchObject({ key: bad.docId, code: BUS_ERRORS.invalidMessage, stage: 'extractor', attempt: 1 });
    expect(letters[0]!.message).toContain('invalid pages.fetched message: fetchedAt');
    expect(JSON.parse(letters[0]!.value!)).toEqual(bad);
  }, 120_000);
});
