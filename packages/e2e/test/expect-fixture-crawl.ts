import { expect } from 'vitest';
import type { FixtureSite } from '../src/fixture-site.js';
import { getDocument, listDocuments, type JobView } from '../src/scenario.js';

/** The fixture crawl's final state: the copy of /a has been recognised, whichever of the two came first. */
export const fixtureSettled = (job: JobView): boolean => job.counts.duplicate === 1;

/** What a finished crawl of the fixture site must show through the API, in either mode. */
export async function expectFixtureCrawl(api: string, site: FixtureSite, job: JobView): Promise<void> {
  // 9 URLs: /, /a, /b, /c, /ko, /copy-of-a (documents), /private/secret (robots), /report.pdf (type), /missing (404).
  expect(job.counts).toMatchObject({ discovered: 9, fetched: 6, extracted: 6, failed: 1, skipped: 2, unique: 5, duplicate: 1 });
  expect(job.counts.reasons).toMatchObject({ robots_disallowed: 1, http_404: 1, content_type_not_allowed: 1 });
  expect(job.finishedAt).not.toBeNull();
  expect(site.requests).not.toContain('/private/secret');

  const docs = await listDocuments(api, { jobId: job.id });
  expect(docs).toHaveLength(6);
  const byPath = new Map(docs.map((d) => [new URL(d.url).pathname, d]));
  expect([...byPath.keys()].sort()).toEqual(['/', '/a', '/b', '/c', '/copy-of-a', '/ko']);

  const korean = byPath.get('/ko')!;
  expect(korean.title).toContain('지역 도서관');
  expect(korean.text).toContain('인재를 키우는 공간');
  expect(korean.lang).toBe('ko');
  const found = await listDocuments(api, { jobId: job.id, q: '인재' });
  expect(found.map((d) => d.id)).toEqual([korean.id]);

  const alpha = byPath.get('/a')!;
  const copy = byPath.get('/copy-of-a')!;
  const [original, duplicate] = alpha.verdict === 'unique' ? [alpha, copy] : [copy, alpha];
  expect(original.verdict).toBe('unique');
  const dup = await getDocument(api, duplicate.id);
  expect(dup).toMatchObject({ verdict: 'duplicate', relation: 'exact', duplicateOf: original.id });
  expect(dup.clusterId).toBe(original.clusterId);
  expect(docs.filter((d) => d.verdict === 'unique')).toHaveLength(5);
}
