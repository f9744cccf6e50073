import { afterAll, describe, expect, it } from 'vitest';
import type { Delivered } from '@winnow/bus';
import { createMemoryBus } from '@winnow/bus';
import { createLogger } from '@winnow/logging';
import { MemoryJobProgress } from '@winnow/crawl-state';
import { createExtractorService } from '../dist/service.js';
import { delivered, fetchedPage } from './pages.js';

const logger = createLogger({ level: 'silent', name: 'test' });
const settings = { EXTRACT_WORKERS: 2, EXTRACT_TIMEOUT_MS: 30_000, EXTRACT_CONCURRENCY: 4, EXTRACT_MASK_PII: true };
const prose = 'The council approved the new budget on Tuesday, and residents can read it at the library. ';

function page(id: string, body: string | null): Delivered<'pages.fetched'> {
  return delivered(fetchedPage(`https://site.example/${id}`, body, { jobId: 'job-bad', headers: {} }));
}

describe('extractor service on bad pages', () => {
  const progress = new MemoryJobProgress();
  const service = createExtractorService({ bus: createMemoryBus(), progress, logger, config: settings });
  afterAll(() => service.stop());

  it('finishes each bad page as failed with its reason, or extracts what it can', async () => {
    const pages = {
      junk: String.fromCharCode(...Array.from({ length: 4000 }, (_, i) => (i * 131) % 256)),
      empty: '<html><body>   </body></html>',
      none: null,
      deep: `<html><body>${'<div>'.repeat(10_000)}<p>${prose.repeat(3)}</p></body></html>`,
      unclosed: `<html><body><div><p>${prose}<p>${prose.repeat(2)}<table><tr><td>${prose}`,
    };
    for (const id of Object.keys(pages)) await progress.discover('job-bad', `https://site.example/${id}`, 100);
    const outcomes = await Promise.all(Object.entries(pages).map(([id, body]) => service.handle(page(id, body))));
    expect(outcomes.map((o) => (o.kind === 'ok' ? 'ok' : o.kind === 'drop' ? o.reason : o.kind))).toEqual([
      'extract_not_html',
      'extract_empty',
      'extract_empty',
      'ok',
      'ok',
    ]);
    const counts = await progress.counts('job-bad');
    expect(counts).toMatchObject({ extracted: 2, failed: 3, reasons: { extract_not_html: 1, extract_empty: 2 } });
  });

  it('masks PII when configured and hashes the normalized text', async () => {
    const outcome = await service.handle(page('pii', `<html><body><article><p>${prose} Write to clerk@site.example or call 010-1234-5678.</p></article></body></html>`));
    if (outcome.kind !== 'ok') throw new Error(`unexpected ${outcome.kind}`);
    const doc = outcome.emit[0]?.value as { text: string; pii: { emails: number; phones: number }; contentHash: string };
    expect(doc.text).toContain('Write to [email] or call [phone].');
    expect(doc.pii).toEqual({ emails: 1, phones: 1 });
    expect(doc.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
