import { createHash } from 'node:crypto';
import type { DocDuplicate } from '@winnow/types';
import type { DocUnique } from '@winnow/types';

/** A docId as the pipeline derives it: 32 hex characters from the canonical URL. */
export function docIdFor(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 32);
}

export interface FixtureInput {
  url: string;
  text: string;
  jobId?: string;
  title?: string | null;
  lang?: string;
  publishedAt?: string | null;
  clusterId?: string;
}

/** A valid docs.unique value for tests (store contract suite, API tests, end-to-end fixtures). */
export function uniqueDoc(input: FixtureInput, extra: Partial<DocUnique> = {}): DocUnique {
  const site = new URL(input.url).host;
  const docId = docIdFor(input.url);
  return {
    url: input.url,
    canonicalUrl: input.url,
    site,
    siteName: null,
    title: input.title === undefined ? `Title of ${input.url}` : input.title,
    byline: null,
    bylines: [],
    publishedAt: input.publishedAt ?? null,
    modifiedAt: null,
    description: null,
    lang: input.lang ?? 'en',
    text: input.text,
    markdown: input.text,
    paragraphs: input.text.split(/\n\n+/),
    links: [],
    citedSources: [],
    quality: { chars: input.text.length, words: 1, hangulSyllables: 0, linkDensity: 0, boilerplateRatio: 0, repetition: 0 },
    pii: { emails: 0, phones: 0 },
    docId,
    jobId: input.jobId ?? 'job-1',
    requestUrl: input.url,
    fetchedAt: '2026-01-02T03:04:05.000Z',
    charset: 'utf-8',
    charsetSource: 'header',
    contentHash: createHash('sha256').update(input.text).digest('hex'),
    verdict: 'unique',
    clusterId: input.clusterId ?? docId,
    sources: [],
    novelText: null,
    ...extra,
  };
}

/** A valid docs.duplicates value naming `canonical` as the original. */
export function duplicateDoc(
  input: FixtureInput,
  canonical: { docId: string; clusterId: string },
  extra: Partial<DocDuplicate> = {},
): DocDuplicate {
  const { sources: _s, novelText: _n, verdict: _v, ...base } = uniqueDoc(input);
  return {
    ...base,
    verdict: 'duplicate',
    relation: 'exact',
    canonicalId: canonical.docId,
    clusterId: canonical.clusterId,
    scores: { jaccard: 1, containment: 1, containmentOther: 1 },
    evidence: ['content_hash'],
    ...extra,
  };
}
