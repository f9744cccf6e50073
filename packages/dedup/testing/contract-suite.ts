import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Index } from '../src/dedup-index.js';
import type { DocInput } from '../src/features.js';
import {
  EN_ARTICLE,
  EN_COMMENT,
  EN_SAME_TOPIC,
  EN_TEMPLATE_BODY_A,
  EN_TEMPLATE_BODY_B,
  KO_ARTICLE,
  KO_COMMENT,
  lightlyEdited,
  repost,
  syntheticText,
  templated,
} from './contract-fixtures.js';

/** Fresh storage for one test: `open()` returns a new Index instance over that same storage. */
export interface IndexBackend {
  open(): Index;
  close(): Promise<void>;
}

export const docIdOf = (name: string): string => createHash('md5').update(name).digest('hex');

export function doc(name: string, text: string, extra: Partial<DocInput> & { day?: number } = {}): DocInput {
  const site = extra.site ?? `${name.split('-')[0]}.example`;
  const { day, ...rest } = extra;
  return {
    docId: docIdOf(name),
    text,
    url: `https://${site}/${name}`,
    canonicalUrl: `https://${site}/${name}`,
    site,
    siteName: null,
    publishedAt: day === undefined ? null : new Date(Date.UTC(2024, 0, day)).toISOString(),
    fetchedAt: '2024-06-01T00:00:00.000Z',
    citedSources: [],
    ...rest,
  };
}

/** The behaviour every Index implementation must show. */
export function runIndexContract(name: string, backend: () => Promise<IndexBackend>): void {
  describe(`Index contract: ${name}`, () => {
    let b: IndexBackend;
    beforeEach(async () => {
      b = await backend();
    });
    afterEach(async () => {
      await b.close();
    });

    it('keeps unrelated documents unique, each in its own cluster', async () => {
      const index = b.open();
      const d1 = await index.judge(doc('u1-a', EN_ARTICLE));
      const d2 = await index.judge(doc('u1-b', KO_ARTICLE));
      expect(d1.state).toMatchObject({ verdict: 'unique', clusterId: d1.docId, sources: [] });
      expect(d2.state).toMatchObject({ verdict: 'unique', clusterId: d2.docId });
      expect(d2.match).toBeNull();
    });

    it('marks an exact copy as a duplicate of the original and redelivers the stored verdict', async () => {
      const index = b.open();
      const o = doc('ex-orig', EN_ARTICLE + '\n\nextra line ex', { day: 1 });
      const c = doc('ex-copy', `${o.text}\n\n728x90`, { day: 5 });
      await index.judge(o);
      const d = await index.judge(c);
      expect(d.state).toMatchObject({ verdict: 'duplicate', relation: 'exact', canonicalId: o.docId, clusterId: o.docId });
      expect(d.state.evidence).toContain('content_hash');
      const again = await index.judge(c);
      expect(again.redelivered).toBe(true);
      expect(again.state).toEqual(d.state);
    });

    it('names the earlier original even when the copy arrives first, and republishes the copy', async () => {
      const index = b.open();
      const text = `${KO_ARTICLE}\n\n복사 순서 시험`;
      const copy = doc('late-copy', text, { day: 9 });
      const orig = doc('late-orig', text, { day: 2 });
      expect((await index.judge(copy)).state).toMatchObject({ verdict: 'unique', version: 1 });
      const d = await index.judge(orig);
      expect(d.state).toMatchObject({ verdict: 'unique', clusterId: orig.docId, version: 1 });
      // The copy's state changed a second time: readers order its records by that version.
      expect(d.changed).toEqual([expect.objectContaining({ docId: copy.docId, verdict: 'duplicate', canonicalId: orig.docId, version: 2 })]);
      expect(await index.get(copy.docId)).toMatchObject({ verdict: 'duplicate', canonicalId: orig.docId });
      // A retry (say, after a failed publish) returns the changes again, so they are not lost.
      const again = await index.judge(orig);
      expect(again.redelivered).toBe(true);
      expect(again.changed).toEqual(d.changed);
    });

    it('recognises a near copy with light edits', async () => {
      const index = b.open();
      const o = doc('near-orig', `${EN_ARTICLE}\n\nnear variant`, { day: 1 });
      await index.judge(o);
      const d = await index.judge(doc('near-copy', lightlyEdited(o.text), { day: 3 }));
      expect(d.state).toMatchObject({ verdict: 'duplicate', relation: 'near', canonicalId: o.docId });
    });

    it('keeps a repost with its own comment unique, listing its source and its own text', async () => {
      const index = b.open();
      const o = doc('hanbit-a', KO_ARTICLE, { siteName: '한빛일보', site: 'hanbit.example', day: 3 });
      const r = doc('blog-a', repost(KO_ARTICLE, KO_COMMENT, '출처 : 한빛일보'), { site: 'blog.example', day: 4 });
      await index.judge(o);
      const d = await index.judge(r);
      expect(d.state.verdict).toBe('unique');
      expect(d.match?.relation).toBe('contains');
      expect(d.state.sources).toEqual([{ id: o.docId, relation: 'contains', containment: expect.any(Number) }]);
      expect(d.state.sources[0]!.containment).toBeGreaterThan(0.9);
      expect(d.novelText).toContain('고향으로 돌아가려다');
      expect(d.novelText).not.toContain('행정안전부에 따르면');
    });

    it('names the original when the repost was crawled first, and republishes the repost with its source', async () => {
      const index = b.open();
      const article = `${EN_ARTICLE}\n\nThis story was reported by the Riverside Courier.`;
      const r = doc('blog-b', repost(article, EN_COMMENT, 'via Riverside Courier'), { site: 'blog.example' });
      const o = doc('courier-b', article, { siteName: 'Riverside Courier', site: 'courier.example' });
      expect((await index.judge(r)).state).toMatchObject({ verdict: 'unique', sources: [] });
      const d = await index.judge(o);
      expect(d.state).toMatchObject({ verdict: 'unique', clusterId: o.docId });
      expect(d.match?.relation).toBe('contained_by');
      const updated = d.changed.find((s) => s.docId === r.docId);
      expect(updated).toMatchObject({ verdict: 'unique', sources: [{ id: o.docId, relation: 'contains' }], version: 2 });
      expect(await index.get(r.docId)).toMatchObject({ sources: [expect.objectContaining({ id: o.docId })] });
    });

    it('follows a citation by title or link between pages of one host, whatever the order', async () => {
      const index = b.open();
      const site = '127.0.0.1:8080';
      const o = doc('same-orig', KO_ARTICLE, { site, title: '지자체 청년 주거 지원 확대', url: `http://${site}/news/1`, canonicalUrl: `http://${site}/news/1` });
      const r = doc('same-repost', repost(KO_ARTICLE, KO_COMMENT, '출처 : 지자체 청년 주거 지원 확대'), { site, url: `http://${site}/blog/1`, canonicalUrl: `http://${site}/blog/1` });
      const l = doc('same-linker', repost(KO_ARTICLE, EN_COMMENT, '좋은 기사'), {
        site,
        url: `http://${site}/blog/2`,
        canonicalUrl: `http://${site}/blog/2`,
        links: [{ url: `http://${site}/news/1`, text: '기사 원문 보기' }],
      });
      await index.judge(r);
      await index.judge(l);
      const d = await index.judge(o);
      expect(d.state).toMatchObject({ verdict: 'unique', canonicalId: o.docId });
      for (const id of [r.docId, l.docId]) {
        expect(await index.get(id)).toMatchObject({ verdict: 'unique', sources: [expect.objectContaining({ id: o.docId })] });
      }
    });

    it('finds an article inside a repost that joins its paragraphs with single line breaks', async () => {
      const index = b.open();
      const o = doc('br-orig', EN_ARTICLE, { day: 1 });
      const joined = `${EN_ARTICLE.replace(/\n\n/g, '\n')}\n${EN_COMMENT.replace(/\n\n/g, '\n')}`;
      await index.judge(o);
      const d = await index.judge(doc('br-blog', joined, { day: 2 }));
      expect(d.match?.relation).toBe('contains');
      expect(d.state.sources.map((x) => x.id)).toEqual([o.docId]);
      expect(d.novelText).toContain('My two cents');
      expect(d.novelText).not.toContain('city council voted');
    });

    it('marks an excerpt wholly inside another document as contained_by it', async () => {
      const index = b.open();
      const full = doc('full-c', `${KO_ARTICLE}\n\n${KO_COMMENT}\n\n발췌 시험`, { day: 1 });
      const part = KO_ARTICLE.split('\n\n').slice(1, 3).join('\n\n');
      await index.judge(full);
      const d = await index.judge(doc('excerpt-c', part, { day: 2 }));
      expect(d.state).toMatchObject({ verdict: 'duplicate', relation: 'contained_by', canonicalId: full.docId });
    });

    it('keeps same-topic articles and pages sharing only a template distinct', async () => {
      const index = b.open();
      await index.judge(doc('topic-a', `${EN_ARTICLE}\n\ntopic variant`));
      const t = await index.judge(doc('topic-b', EN_SAME_TOPIC));
      expect(t.state.verdict).toBe('unique');
      await index.judge(doc('tmpl-a', templated(EN_TEMPLATE_BODY_A)));
      const d = await index.judge(doc('tmpl-b', templated(EN_TEMPLATE_BODY_B)));
      expect(d.state.verdict).toBe('unique');
      expect(d.match).toBeNull();
    });

    it('judges a re-crawled document whose content changed again, its version going on', async () => {
      const index = b.open();
      const a = doc('recrawl-a', syntheticText(81), { day: 5 });
      expect((await index.judge(a)).state).toMatchObject({ verdict: 'unique', version: 1 });
      const c = doc('recrawl-c', syntheticText(82), { day: 1 });
      await index.judge(c);
      // Re-crawled, the page now carries c's text: judged again, not returned as a redelivery.
      const again = await index.judge({ ...a, text: c.text });
      expect(again.redelivered).toBe(false);
      expect(again.state).toMatchObject({ verdict: 'duplicate', canonicalId: c.docId, version: 2 });
      expect(await index.get(a.docId)).toMatchObject({ verdict: 'duplicate', canonicalId: c.docId, version: 2 });
      // And back to text of its own: unique again, a version later.
      const back = await index.judge({ ...a, text: syntheticText(83) });
      expect(back.state).toMatchObject({ verdict: 'unique', canonicalId: a.docId, version: 3 });
      // No longer in c's cluster: when an earlier original demotes c, it does not follow c.
      const e = await index.judge(doc('recrawl-e', c.text, { day: 0 }));
      expect(e.changed.map((s) => s.docId)).toEqual([c.docId]);
      expect(await index.get(a.docId)).toMatchObject({ verdict: 'unique', version: 3 });
    });

    it('moves every duplicate of a demoted document to the new canonical', async () => {
      const index = b.open();
      const text = syntheticText(77);
      await index.judge(doc('casc-1', text, { day: 8 }));
      expect((await index.judge(doc('casc-2', text, { day: 9 }))).state.canonicalId).toBe(docIdOf('casc-1'));
      const d = await index.judge(doc('casc-0', text, { day: 1 }));
      expect(d.changed.map((s) => s.docId).sort()).toEqual([docIdOf('casc-1'), docIdOf('casc-2')].sort());
      for (const n of ['casc-1', 'casc-2']) {
        expect(await index.get(docIdOf(n))).toMatchObject({ verdict: 'duplicate', canonicalId: docIdOf('casc-0') });
      }
    });

    it('stays correct when two instances judge copies of the same documents concurrently', async () => {
      const [i1, i2] = [b.open(), b.open()];
      const docs: DocInput[] = [];
      for (let k = 0; k < 8; k++) {
        const text = syntheticText(1000 + k);
        docs.push(doc(`conc-${k}-orig`, text, { day: 1 }));
        for (let c = 1; c <= 3; c++) docs.push(doc(`conc-${k}-copy${c}`, c === 3 ? `${text} tail` : text, { day: 1 + c }));
      }
      // Interleave so that copies often arrive before their original, split across the instances.
      const order = docs.map((d, i) => ({ d, r: (i * 7919) % docs.length })).sort((a, b2) => a.r - b2.r).map((x) => x.d);
      await Promise.all(order.map((d, i) => (i % 2 === 0 ? i1 : i2).judge(d)));
      for (let k = 0; k < 8; k++) {
        const orig = docIdOf(`conc-${k}-orig`);
        expect(await i1.get(orig)).toMatchObject({ verdict: 'unique' });
        for (let c = 1; c <= 3; c++) {
          expect(await i2.get(docIdOf(`conc-${k}-copy${c}`))).toMatchObject({ verdict: 'duplicate', canonicalId: orig });
        }
      }
    });
  });
}
