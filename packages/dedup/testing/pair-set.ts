/**
 * Builds labelled pairs from real article texts (read at run time, never stored in the repo):
 * exact copies, near copies with edits, reposts, contained excerpts, and hard negatives (same topic,
 * same template, a shared quotation, unrelated).
 */

export type Label = 'exact' | 'near' | 'contains' | 'contained_by' | 'distinct';

export interface LabelledPair {
  id: string;
  kind: string;
  label: Label;
  a: string;
  b: string;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const paras = (t: string): string[] => t.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

/** Reformats without changing content: case, spacing, curly quotes, ad markers and share lines. */
function reformat(t: string, r: () => number): string {
  let out = t.replace(/'/g, '\u2019').replace(/"/g, r() < 0.5 ? '\u201c' : '"').replace(/ /g, r() < 0.3 ? '  ' : ' ');
  if (r() < 0.5) out = out.replace(/\n\n/g, '\n\n\n');
  return ['728x90', 'Share this article', out, 'Advertisement', '반응형'].join('\n\n');
}

/** Near copy: about 2% of words replaced, one sentence dropped, a credit line added. */
function edit(t: string, r: () => number, vocabulary: string[]): string {
  const sentences = t.split(/(?<=[.!?])\s+/);
  if (sentences.length > 12) sentences.splice(Math.floor(r() * (sentences.length - 2)) + 1, 1);
  const words = sentences.join(' ').split(' ');
  for (let i = 0; i < words.length; i++) {
    if (r() < 0.02) words[i] = vocabulary[Math.floor(r() * vocabulary.length)]!;
  }
  return `${words.join(' ')}\n\nReporting by staff writers; editing by the news desk.`;
}

/** Shuffles the words inside each sentence: the same vocabulary and topic, different text. */
function sameTopic(t: string, r: () => number): string {
  return t
    .split(/(?<=[.!?])\s+/)
    .map((s) => {
      const w = s.split(' ');
      for (let i = w.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [w[i], w[j]] = [w[j]!, w[i]!];
      }
      return w.join(' ');
    })
    .join(' ');
}

const TEMPLATE = [
  'Subscribe to our daily briefing to get the most important stories of the day delivered straight to your inbox every morning.',
  'Our journalism depends on readers like you. Support independent reporting today and join thousands of members who keep our newsroom going.',
  'Most read this week: the stories our readers could not stop talking about, from local politics to the best new restaurants in town.',
];

export interface PairSetInput {
  /** English article bodies (the extraction bench's ground truth). */
  articles: string[];
  /** Korean pairs: a news article and the blog post that reposts it (the seed). */
  korean: Array<{ article: string; repost: string; others: string[] }>;
  seed?: number;
}

export function buildPairs(input: PairSetInput): LabelledPair[] {
  const r = rng(input.seed ?? 42);
  const arts = input.articles.filter((t) => paras(t).length >= 3 && t.length >= 800);
  const vocabulary = arts.join(' ').split(/\s+/).filter((w) => /^[a-z]{4,}$/.test(w)).slice(0, 5000);
  const out: LabelledPair[] = [];
  const push = (kind: string, label: Label, a: string, b: string): void => {
    out.push({ id: `${kind}-${out.length}`, kind, label, a, b });
  };
  arts.forEach((a, i) => {
    const other = arts[(i + 1 + Math.floor(r() * (arts.length - 1))) % arts.length]!;
    const ps = paras(a);
    const op = paras(other);
    push('exact-reformatted', 'exact', a, reformat(a, r));
    push('near-edited', 'near', a, edit(a, r, vocabulary));
    // A repost: the whole article inside a post whose own comment is 30% to 100% of its length.
    const want = a.length * (0.3 + r() * 0.7);
    const commentParas: string[] = [];
    for (const p of [...op, ...op.map((x) => `${x} (again)`)]) {
      if (commentParas.join('\n\n').length >= want) break;
      commentParas.push(p);
    }
    const comment = commentParas.join('\n\n');
    const post = `Found this one worth sharing, my notes below.\n\n${a}\n\n${comment}`;
    push('repost', 'contains', a, post);
    push('repost-reversed', 'contained_by', post, a);
    const from = Math.floor(r() * Math.max(1, ps.length - 2));
    const excerpt = ps.slice(from, from + Math.max(1, Math.round(ps.length * (0.3 + r() * 0.3)))).join('\n\n');
    push('excerpt', 'contained_by', a, excerpt);
    push('same-topic', 'distinct', a, sameTopic(a, r));
    const short = (t: string): string => paras(t).slice(0, 2).join('\n\n');
    push('same-template', 'distinct', [TEMPLATE[0], short(a), TEMPLATE[1], TEMPLATE[2]].join('\n\n'), [TEMPLATE[0], short(other), TEMPLATE[1], TEMPLATE[2]].join('\n\n'));
    const quote = ps[Math.floor(r() * ps.length)]!;
    push('shared-quote', 'distinct', a, [...op.slice(0, 3), quote, ...op.slice(3)].join('\n\n'));
    push('unrelated', 'distinct', a, other);
  });
  for (const k of input.korean) {
    const kp = paras(k.article);
    push('ko-repost', 'contains', k.article, k.repost);
    push('ko-repost-reversed', 'contained_by', k.repost, k.article);
    push('ko-exact', 'exact', k.article, reformat(k.article, r));
    push('ko-near', 'near', k.article, k.article.replace(/다\. /g, '다.\n').replace('있다', '있습니다').replace(/\[[^\]]+\] /, ''));
    push('ko-excerpt', 'contained_by', k.article, kp.slice(1, 3).join('\n\n'));
    for (const o of k.others) {
      push('ko-unrelated', 'distinct', k.article, o);
      push('ko-same-template', 'distinct', ['728x90', '반응형', '이 블로그의 다른 글도 구독하시면 매주 새로운 소식을 받아보실 수 있습니다. 많은 관심 부탁드립니다.', kp[0]!].join('\n\n'), ['728x90', '반응형', '이 블로그의 다른 글도 구독하시면 매주 새로운 소식을 받아보실 수 있습니다. 많은 관심 부탁드립니다.', paras(o)[0]!].join('\n\n'));
    }
  }
  return out;
}
