import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Delivered } from '@winnow/bus';
import { createLogger } from '@winnow/logging';
import { MemoryJobProgress } from '@winnow/crawl-state';
import type { PageFetched } from '@winnow/types';
import { createMemoryBus } from '@winnow/bus';
// The worker pool loads the compiled worker, so the service is tested as built.
import { createExtractorService } from '../dist/service.js';
import { docIdFor } from '@winnow/url';
import { delivered, fetchedPage } from './pages.js';

const logger = createLogger({ level: 'silent', name: 'test' });
const settings = { EXTRACT_WORKERS: 1, EXTRACT_TIMEOUT_MS: 10_000, EXTRACT_CONCURRENCY: 4, EXTRACT_MASK_PII: false };

const article = `<html lang="en"><head><title>Bridge reopens after repairs | Valley News</title>
<link rel="canonical" href="https://news.example/bridge?utm_source=x"></head><body>
<nav><a href="/">Home</a><a href="/sports">Sports</a></nav>
<article><h1>Bridge reopens after repairs</h1>
<p>The old stone bridge over the river reopened to traffic on Monday after eight months of repairs to its arches and foundations.</p>
<p>Engineers replaced more than four hundred stones and added a drainage channel so that winter floods no longer wash out the mortar.</p>
<p>Local shops, which lost many customers during the closure, celebrated with a street market on the first weekend.</p>
</article><footer>© Valley News</footer></body></html>`;

function page(over: Partial<PageFetched> = {}): Delivered<'pages.fetched'> {
  return delivered(fetchedPage(over.url ?? 'https://news.example/bridge?ref=home', article, over));
}

describe('extractor service', () => {
  const progress = new MemoryJobProgress();
  const bus = createMemoryBus();
  const service = createExtractorService({ bus, progress, logger, config: settings });
  afterAll(() => service.stop());

  it('emits the extracted document keyed by the id of its canonical URL', async () => {
    await progress.discover('job-1', 'https://news.example/bridge?ref=home', 10);
    const outcome = await service.handle(page());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    const [emit] = outcome.emit;
    expect(emit?.topic).toBe('docs.extracted');
    const doc = emit!.value as { docId: string; title: string; text: string; canonicalUrl: string; contentHash: string };
    expect(emit?.key).toBe(docIdFor('https://news.example/bridge'));
    expect(doc.docId).toBe(emit?.key);
    expect(doc.title).toBe('Bridge reopens after repairs');
    expect(doc.text).toContain('old stone bridge');
    expect(doc.text).not.toContain('Sports');
    expect(doc.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await progress.counts('job-1')).extracted).toBe(1);
  });

  it('records a typed failure for a page without text and emits nothing', async () => {
    const url = 'https://news.example/empty';
    await progress.discover('job-1', url, 10);
    const outcome = await service.handle(page({ url, requestUrl: url, body: '<html><body><nav>Home</nav></body></html>' }));
    expect(outcome).toEqual({ kind: 'drop', reason: 'extract_empty' });
    const counts = await progress.counts('job-1');
    expect(counts.failed).toBe(1);
    expect(counts.reasons).toMatchObject({ extract_empty: 1 });
  });

  it('passes over pages the crawler did not fetch', async () => {
    const outcome = await service.handle(page({ outcome: 'failed', reason: 'http_404', status: 404, body: null }));
    expect(outcome.kind).toBe('drop');
  });

  it('abandons a page that outlives the time limit, and the pool keeps working', async () => {
    const slow = createExtractorService({ bus, progress, logger, config: { ...settings, EXTRACT_TIMEOUT_MS: 10 } });
    const huge = `<html><body>${'<div><p>word '.repeat(200_000)}</body></html>`;
    const url = 'https://news.example/huge';
    await progress.discover('job-2', url, 10);
    await progress.discover('job-2', `${url}/other`, 10);
    const outcome = await slow.handle(page({ url, requestUrl: url, jobId: 'job-2', body: huge }));
    expect(outcome).toEqual({ kind: 'drop', reason: 'extract_timeout' });
    expect((await progress.counts('job-2')).reasons).toMatchObject({ extract_timeout: 1 });
    // A job's last URL failing here completes it: the page's one output is the job's completion event.
    await progress.discover('job-3', url, 10);
    const completing = await slow.handle(page({ url, requestUrl: url, jobId: 'job-3', body: huge }));
    expect(completing).toMatchObject({
      kind: 'ok',
      emit: [{ topic: 'jobs.events', key: 'job-3', value: { type: 'job.completed', jobId: 'job-3', counts: { discovered: 1, failed: 1 } } }],
    });
    await slow.stop();
    expect((await service.handle(page())).kind).toBe('ok');
  });

  it('consumes pages.fetched from the bus and publishes docs.extracted', async () => {
    await service.start();
    await bus.publish([{ topic: 'pages.fetched', key: 'k', value: page().value }]);
    await vi.waitFor(() => expect(bus.messages('docs.extracted').length).toBeGreaterThan(0), { timeout: 5_000, interval: 25 });
    const [record] = bus.messages('docs.extracted');
    expect(record?.key).toBe(docIdFor('https://news.example/bridge'));
    expect(record?.headers.ce_type).toBe('winnow.doc.extracted.v1');
  });
});
