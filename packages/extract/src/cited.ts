import type { Block } from './render.js';

export interface CitedSource {
  text: string;
  url: string | null;
}

/** `출처: 서울경제`, `(출처=연합뉴스)`, `Source: Reuters`, `via The Verge`, `사진 출처 …`. */
const CITATION =
  /(?:^|(?<=[([【<]\s*))((?:사진\s*|자료\s*|원문\s*)?출처(?:\s*[:：=]\s*|\s+)[^\n)\]】>]{1,120})|(?:^|(?<=\s))((?:사진\s*|자료\s*|원문\s*)?출처\s*[:：=]\s*[^\n)\]】>]{1,120})|(?:^|(?<=[\s([]))((?:sources?|via|h\/t|hat tip)\s*[:：]\s*[^\n)\]]{1,120}|via\s+[A-Z@][^\n)\]]{0,80})/gi;
const MAYBE_CITATION = /출처|source|via|h\/t|hat tip/i;
const URL_IN_TEXT = /https?:\/\/[^\s)\]>"']+/;

/** Citations found in the main text, with the URL of the link in the same paragraph when there is one. */
export function findCitedSources(blocks: readonly Block[]): CitedSource[] {
  const out: CitedSource[] = [];
  const seen = new Set<string>();
  for (const b of blocks) {
    if (!MAYBE_CITATION.test(b.text)) continue;
    if (b.text.length > 600 && !/출처|source|via/i.test(b.text.slice(0, 40))) {
      // Long paragraphs cite in passing; only take explicit `출처` markers from them.
      if (!b.text.includes('출처')) continue;
    }
    for (const m of b.text.matchAll(CITATION)) {
      const raw = (m[1] ?? m[2] ?? m[3] ?? '').trim();
      const inText = URL_IN_TEXT.exec(raw)?.[0] ?? null;
      const withoutUrl = raw.replace(URL_IN_TEXT, '').trim().replace(/[.,;:：=]+$/, '').trim();
      const text = withoutUrl.length >= 3 && !/^(?:출처|sources?|via)$/i.test(withoutUrl) ? withoutUrl : raw.replace(/[.,;]+$/, '');
      if (text.length < 3 || seen.has(text)) continue;
      seen.add(text);
      const link = b.links.find((l) => text.includes(l.text) || l.text.includes(text.replace(/^\S+\s*[:：=]?\s*/, ''))) ?? b.links[0];
      out.push({ text, url: inText ?? link?.url ?? null });
    }
  }
  return out;
}
