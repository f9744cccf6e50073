import { expect } from 'vitest';
import { BLOG_COMMENT, NEWS_PARAGRAPHS, type FixtureSite } from '@winnow/testing/sites';
import { waitFor } from './support/processes.js';
import { getDocument, listDocuments, type JobView } from './support/scenario.js';

/** The fixture crawl's final state: the copy of /a has been recognised, whichever of the two came first. */
export const fixtureSettled = (job: JobView): boolean => job.counts.duplicate === 1 && job.counts.unique === 7;

/** What a finished crawl of the fixture site must show through the API, in either mode. */
export async function expectFixtureCrawl(api: string, site: FixtureSite, job: JobView): Promise<void> {
  // 11 URLs: /, /a, /b, /c, /ko, /copy-of-a, /blog/museum, /news/museum (documents), /private/secret (robots),
  // /report.pdf (type), /missing (404).
  expect(job.counts).toMatchObject({ discovered: 11, fetched: 8, extracted: 8, failed: 1, skipped: 2, unique: 7, duplicate: 1 });
  expect(job.counts.reasons).toMatchObject({ robots_disallowed: 1, http_404: 1, content_type_not_allowed: 1 });
  expect(job.finishedAt).not.toBeNull();
  expect(site.requests).not.toContain('/private/secret');

  const docs = await listDocuments(api, { jobId: job.id });
  expect(docs).toHaveLength(8);
  const byPath = new Map(docs.map((d) => [new URL(d.url).pathname, d]));
  expect([...byPath.keys()].sort()).toEqual(['/', '/a', '/b', '/blog/museum', '/c', '/copy-of-a', '/ko', '/news/museum']);

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
  expect(docs.filter((d) => d.verdict === 'unique')).toHaveLength(7);

  // The repost, crawled before its original: it stays unique, names the article as its source and
  // keeps the blogger's own words as its novel text; the article is its own cluster's canonical.
  expect(site.requests.indexOf('/blog/museum')).toBeLessThan(site.requests.indexOf('/news/museum'));
  const news = byPath.get('/news/museum')!;
  // Its record naming the source is republished when the article is judged: it may still be on its way.
  const blog = await waitFor('the repost to name its source', async () => {
    const d = await getDocument(api, byPath.get('/blog/museum')!.id);
    return d.sources?.length ? d : undefined;
  }, 30_000);
  expect(await getDocument(api, news.id)).toMatchObject({ verdict: 'unique', sources: [] });
  expect(blog).toMatchObject({ verdict: 'unique', sources: [expect.objectContaining({ id: news.id, relation: 'contains' })] });
  expect(blog.novelText).toContain(BLOG_COMMENT[0]!.slice(0, 20));
  expect(blog.novelText).not.toContain(NEWS_PARAGRAPHS[0]!.slice(0, 20));
}
