import { describe, expect, it } from 'vitest';
import { EN_ARTICLE, EN_COMMENT, EN_SAME_TOPIC, KO_ARTICLE, KO_COMMENT, lightlyEdited, repost } from '../testing/contract-fixtures.js';
import { judgePair } from './pairs.js';

describe('judgePair (b relative to a)', () => {
  it('finds exact copies despite case, spacing, punctuation variants and ad markers', async () => {
    const b = `728x90\n\n${EN_ARTICLE.toUpperCase().replace(/'/g, '’').replace(/\n\n/g, '\n \n')}`;
    expect(await judgePair(EN_ARTICLE, b)).toEqual({ verdict: 'exact', jaccard: 1, containment: 1 });
  });

  it('finds near copies', async () => {
    expect((await judgePair(EN_ARTICLE, lightlyEdited(EN_ARTICLE))).verdict).toBe('near');
    expect((await judgePair(KO_ARTICLE, lightlyEdited(KO_ARTICLE))).verdict).toBe('near');
  });

  it('finds a repost containing the article, and the article inside the repost', async () => {
    const blog = repost(KO_ARTICLE, KO_COMMENT, '출처 : 한빛일보');
    expect(await judgePair(KO_ARTICLE, blog)).toMatchObject({ verdict: 'contains', containment: 1 });
    expect(await judgePair(blog, KO_ARTICLE)).toMatchObject({ verdict: 'contained_by', containment: 1 });
    expect((await judgePair(EN_ARTICLE, repost(EN_ARTICLE, EN_COMMENT, 'via Courier'))).verdict).toBe('contains');
  });

  it('aligns short texts word by word: one changed word is near, a formula with other facts is not', async () => {
    const s = 'The quick brown fox jumps over the lazy dog near the river bank today.';
    expect((await judgePair(s, s.replace('jumps', 'jumped'))).verdict).toBe('near');
    const ko = '삼성전자는 2분기 영업이익이 10조원으로 지난해 같은 기간보다 12% 증가했다고 밝혔다.';
    expect((await judgePair(ko, 'LG전자는 3분기 영업이익이 1조원으로 지난해 같은 기간보다 5% 감소했다고 밝혔다.')).verdict).toBe('distinct');
  });

  it('keeps same-topic articles and unrelated texts distinct', async () => {
    expect((await judgePair(EN_ARTICLE, EN_SAME_TOPIC)).verdict).toBe('distinct');
    expect((await judgePair(KO_ARTICLE, KO_COMMENT)).verdict).toBe('distinct');
  });
});
