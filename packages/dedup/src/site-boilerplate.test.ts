import { describe, expect, it } from 'vitest';
import { SITE_TEMPLATE_BOTTOM, SITE_TEMPLATE_TOP, sitePage } from '../testing/contract-fixtures.js';
import { paragraphUnits } from './features.js';
import { normalizeLine } from './normalize.js';
import { siteLineKey, siteLineKeys, withoutSiteBoilerplate } from './site-boilerplate.js';

const BODY = 'The north pier closes for repairs from Monday until October.';

describe('siteLineKeys', () => {
  it('keys only lines of modest length, once each, insensitive to case, spacing and punctuation', () => {
    const long = Array.from({ length: 50 }, (_, i) => `word${i}`).join(' ');
    const text = ['short', SITE_TEMPLATE_BOTTOM[0], long, `  ${SITE_TEMPLATE_BOTTOM[0]!.toUpperCase()}  `, '728x90'].join('\n');
    expect(siteLineKeys(paragraphUnits(text))).toEqual([siteLineKey(normalizeLine(SITE_TEMPLATE_BOTTOM[0]!))]);
    expect(siteLineKey(normalizeLine(`${SITE_TEMPLATE_BOTTOM[0]!.replace(/[.,]/g, '')} !`))).toBe(siteLineKey(normalizeLine(SITE_TEMPLATE_BOTTOM[0]!)));
    expect(siteLineKey('abc')).toBeNull();
    expect(siteLineKey('-- * -- * --')).toBeNull();
  });
});

describe('withoutSiteBoilerplate', () => {
  const template = new Set(siteLineKeys(paragraphUnits([...SITE_TEMPLATE_TOP, ...SITE_TEMPLATE_BOTTOM].join('\n'))));
  const kept = (text: string, learned: ReadonlySet<string>): string =>
    withoutSiteBoilerplate(paragraphUnits(text), learned)
      .map((p) => p.raw)
      .join('\n');

  it('removes the learned lines and keeps the page body', () => {
    expect(kept(sitePage(BODY), template)).toBe(BODY);
  });

  it('keeps a page whole when nothing of it would remain', () => {
    const onlyTemplate = [...SITE_TEMPLATE_TOP, ...SITE_TEMPLATE_BOTTOM].join('\n');
    expect(kept(sitePage(''), template)).toBe(onlyTemplate);
  });

  it('returns the paragraphs unchanged when nothing is learned', () => {
    const paragraphs = paragraphUnits(sitePage(BODY));
    expect(withoutSiteBoilerplate(paragraphs, new Set())).toBe(paragraphs);
  });
});
