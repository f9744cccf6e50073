import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SITE_TEMPLATE_TOP, sitePage, syntheticText } from './contract-fixtures.js';
import { doc, docIdOf } from './contract-suite.js';
import type { Index } from '../src/dedup-index.js';
import { siteLineKey, type SiteBoilerplate, type SiteBoilerplateOptions } from '../src/site-boilerplate.js';
import { normalizeLine } from '../src/normalize.js';

/** Fresh storage for one test: each `open` is a new instance over that same storage. */
export interface SiteBoilerplateBackend {
  open(options?: SiteBoilerplateOptions): SiteBoilerplate;
  /** An Index over fresh document storage that learns site boilerplate through `siteBoilerplate`. */
  openIndex(siteBoilerplate: SiteBoilerplate | undefined): Index;
  close(): Promise<void>;
}

const SITE = 'harbour-gazette.example';
// Short news briefs: inside the site's five template lines, they are mostly template.
const BRIEF_A = 'The harbour authority will close the north pier for repairs from Monday. Ferries will use the temporary dock.';
const BRIEF_B = 'A local bakery won the national bread prize for its rye loaf, beating three hundred entries.';

const page = (name: string, text: string, day = 1) => doc(name, text, { site: SITE, day });
const keys = (...lines: string[]): string[] => lines.map((l) => siteLineKey(normalizeLine(l))!);
/** The key of a made-up line, named by a short label. */
const k = (label: string): string => keys(`a line of the page called ${label}`)[0]!;

/** The behaviour every SiteBoilerplate implementation must show. */
export function runSiteBoilerplateContract(name: string, backend: () => Promise<SiteBoilerplateBackend>): void {
  describe(`SiteBoilerplate contract: ${name}`, () => {
    let b: SiteBoilerplateBackend;
    beforeEach(async () => {
      b = await backend();
    });
    afterEach(async () => {
      await b.close();
    });

    it("learns a line once enough of the site's pages hold it, and never a page's own lines", async () => {
      const sb = b.open();
      const [t] = keys(SITE_TEMPLATE_TOP[0]!);
      const answers: Array<Set<string>> = [];
      for (let i = 1; i <= 10; i++) answers.push(await sb.observe(SITE, `p${i}`, [t!, k(`own-${i}`)]));
      // Defaults: a line on 5 pages is boilerplate, once the site has 8 pages.
      expect(answers.slice(0, 7).every((a) => a.size === 0)).toBe(true);
      for (const a of answers.slice(7)) expect([...a]).toEqual([t]);
    });

    it('counts each page once: redeliveries and lines repeated on one page change nothing', async () => {
      const sb = b.open({ minPages: 3, minSitePages: 1 });
      for (let r = 0; r < 3; r++) expect((await sb.observe(SITE, 'd1', [k('x'), k('x'), k('y')])).size).toBe(0);
      expect((await sb.observe(SITE, 'd2', [k('x')])).size).toBe(0);
      expect([...(await sb.observe(SITE, 'd3', [k('x'), k('z')]))]).toEqual([k('x')]);
      // A redelivered page gets its first answer again, so it hashes as it did.
      expect((await sb.observe(SITE, 'd1', [k('x'), k('y')])).size).toBe(0);
      expect([...(await b.open({ minPages: 3, minSitePages: 1 }).observe(SITE, 'd3', [k('x'), k('z')]))]).toEqual([k('x')]);
    });

    it('keeps sites apart', async () => {
      const sb = b.open({ minPages: 2, minSitePages: 1 });
      await sb.observe('a.example', 'd1', [k('x')]);
      await sb.observe('a.example', 'd2', [k('x')]);
      expect((await sb.observe('b.example', 'd3', [k('x')])).size).toBe(0);
      expect([...(await sb.observe('a.example', 'd4', [k('x')]))]).toEqual([k('x')]);
    });

    it('tracks at most maxLines lines per site', async () => {
      const sb = b.open({ minPages: 2, minSitePages: 1, maxLines: 2 });
      await sb.observe(SITE, 'd1', [k('a'), k('b'), k('c')]);
      expect([...(await sb.observe(SITE, 'd2', [k('a'), k('b'), k('c')]))].sort()).toEqual([k('a'), k('b')].sort());
    });

    it("keeps two briefs that share only their site's learned template distinct", async () => {
      const learned = b.openIndex(b.open());
      const plain = b.openIndex(undefined);
      for (let i = 1; i <= 10; i++) {
        const p = page(`gazette-${i}`, sitePage(syntheticText(500 + i, 60)));
        await learned.judge(p);
        await plain.judge(p);
      }
      const a = page('gazette-pier', sitePage(BRIEF_A), 1);
      const bb = page('gazette-bakery', sitePage(BRIEF_B), 2);
      // Without the learned template, the two briefs look alike: the template is most of each page.
      await plain.judge(a);
      const merged = await plain.judge(bb);
      expect(merged.match).toMatchObject({ relation: 'near' });
      expect(merged.state.verdict).toBe('duplicate');
      await learned.judge(a);
      const d = await learned.judge(bb);
      expect(d.state.verdict).toBe('unique');
      expect(d.match).toBeNull();
    });

    it('gives a page redelivered after the template was learned its stored verdict', async () => {
      const index = b.openIndex(b.open());
      const early = page('gazette-early', sitePage(BRIEF_A));
      await index.judge(early);
      for (let i = 1; i <= 10; i++) await index.judge(page(`gazette-${i}`, sitePage(syntheticText(800 + i, 60))));
      // Hashed as the first time (template included), so the index knows it; its state is whatever
      // the pages judged since made of it.
      const again = await index.judge(early);
      expect(again.redelivered).toBe(true);
      expect(again.state).toEqual(await index.get(early.docId));
    });

    it("never removes a page's own lines: a copy of a brief at another address is still its duplicate", async () => {
      const index = b.openIndex(b.open());
      for (let i = 1; i <= 10; i++) await index.judge(page(`gazette-${i}`, sitePage(syntheticText(600 + i, 60))));
      // The brief's own line appears twice on its page: still one page, never boilerplate.
      const body = `${BRIEF_A}\n\n${BRIEF_A}`;
      const original = page('gazette-pier', sitePage(body), 1);
      await index.judge(original);
      const copy = await index.judge(page('gazette-pier-print', sitePage(body), 2));
      expect(copy.state).toMatchObject({ verdict: 'duplicate', canonicalId: original.docId });
      const other = await index.judge(page('gazette-bakery', sitePage(BRIEF_B)));
      expect(other.state.verdict).toBe('unique');
      expect(await index.get(docIdOf('gazette-pier'))).toMatchObject({ verdict: 'unique' });
    });
  });
}
