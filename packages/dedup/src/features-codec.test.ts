import { describe, expect, it } from 'vitest';
import { EN_ARTICLE } from '../testing/contract-fixtures.js';
import { decodeFeatures, encodeFeatures } from './features-codec.js';
import { featuresOf } from './features.js';
import { EMPTY_SLOT } from './minhash.js';

describe('features codec', () => {
  it('round-trips what verification and election need, in under 1 KB for an article', () => {
    const f = featuresOf({
      docId: 'a'.repeat(32),
      text: EN_ARTICLE,
      url: 'https://news.example/a',
      canonicalUrl: 'https://news.example/a',
      site: 'news.example',
      siteName: 'News',
      publishedAt: '2024-01-02T03:04:05Z',
      citedSources: [{ text: 'via Wire', url: 'https://wire.example/x' }],
    });
    const bytes = encodeFeatures(f);
    expect(bytes.length).toBeLessThan(1024);
    const back = decodeFeatures(bytes);
    expect(back.provenance).toEqual(f.provenance);
    expect(back.contentHash).toBe(f.contentHash);
    expect(back.paragraphs).toEqual(f.paragraphs);
    expect(Array.from(back.signature)).toEqual(Array.from(f.signature));
  });

  it('round-trips the empty slots of a short text', () => {
    const f = featuresOf({ docId: 'b'.repeat(32), text: 'A short note of twelve words that fills few of the bins.' });
    expect(f.signature.filter((x) => x === EMPTY_SLOT).length).toBeGreaterThan(64);
    expect(Array.from(decodeFeatures(encodeFeatures(f)).signature)).toEqual(Array.from(f.signature));
  });
});
