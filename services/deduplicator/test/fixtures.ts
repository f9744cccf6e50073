import { createHash } from 'node:crypto';
import type { Delivered } from '@winnow/bus';
import type { DocExtracted } from '@winnow/types';

export interface DocSpec {
  url: string;
  text: string;
  siteName?: string | null;
  publishedAt?: string | null;
  citedSources?: DocExtracted['citedSources'];
}

/** A valid docs.extracted value. */
export function extracted(spec: DocSpec): DocExtracted {
  const site = new URL(spec.url).host;
  return {
    url: spec.url,
    canonicalUrl: spec.url,
    site,
    siteName: spec.siteName ?? null,
    title: `Title of ${spec.url}`,
    byline: null,
    bylines: [],
    publishedAt: spec.publishedAt ?? null,
    modifiedAt: null,
    description: null,
    lang: 'ko',
    text: spec.text,
    markdown: spec.text,
    paragraphs: spec.text.split(/\n\n+/),
    links: [],
    citedSources: spec.citedSources ?? [],
    quality: { chars: spec.text.length, words: 1, hangulSyllables: 0, linkDensity: 0, boilerplateRatio: 0, repetition: 0 },
    pii: { emails: 0, phones: 0 },
    docId: createHash('sha256').update(spec.url).digest('hex').slice(0, 32),
    jobId: 'job-1',
    requestUrl: spec.url,
    fetchedAt: '2026-01-02T03:04:05.000Z',
    charset: 'utf-8',
    charsetSource: 'header',
    contentHash: createHash('sha256').update(spec.text).digest('hex'),
  };
}

let offset = 0;
export function delivered(doc: DocExtracted): Delivered<'docs.extracted'> {
  return { topic: 'docs.extracted', partition: 0, offset: String(offset++), key: doc.docId, value: doc, headers: {}, attempt: 1 };
}
