import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../src/decode.js';
import { extract } from '../src/extract.js';
import { qualityRules } from '../src/quality-rules.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, '../../../../shared');
const fixtures = join(here, 'fixtures');

describe('quality rules on real pages', () => {
  it('passes most pages of ../shared/extraction-bench (news; the rest fail named rules)', () => {
    const dir = join(shared, 'extraction-bench/html');
    const files = readdirSync(dir).filter((f) => f.endsWith('.html.gz'));
    expect(files.length).toBeGreaterThan(50);
    const passing = files.filter((f) => extract(gunzipSync(readFileSync(join(dir, f))).toString('utf8'), { url: 'https://example.com/a' }).quality.pass);
    // 64 of 72 when written; the others are short briefs, a page of repeated teasers, list pages.
    expect(passing.length / files.length).toBeGreaterThan(0.85);
  });

  it("passes the seed's Korean blog repost (its text as given, chrome lines and all)", () => {
    const seed = readFileSync(join(shared, 'seed/blog-repost-ko.txt'), 'utf8');
    const { rules, pass } = qualityRules(seed, 'ko');
    expect(Object.entries(rules).filter(([, r]) => !r.pass)).toEqual([]);
    expect(pass).toBe(true);
  });

  it.each(['euc-kr-news.html', 'jsonld-news.html', 'naver-blog.html', 'tistory-repost.html'])('passes the Korean page %s', (name) => {
    const decoded = decodeHtml(readFileSync(join(fixtures, name)));
    const doc = extract(decoded.text, { url: 'https://news.example.co.kr/a/1' });
    expect(doc.lang).toBe('ko');
    expect(doc.quality.pass).toBe(true);
  });
});
