/**
 * Text normalization before hashing: NFKC, case, whitespace and punctuation variants, and removal of
 * platform boilerplate lines (ad markers, share and navigation lines) that would otherwise make
 * unrelated pages of one platform look alike.
 */

const PUNCT_GROUPS: ReadonlyArray<[string, string]> = [
  ['\u2018\u2019\u201a\u201b\u2032\u0060\u00b4', "'"],
  ['\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f', '"'],
  ['\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70', '-'],
  ['\u2026', '...'],
  ['\u00b7\u2022\u2027\u30fb\u318d', '·'],
  ['\u200b\u200c\u200d\u2060\ufeff\u00ad', ''],
];
// One pass per group with a plain replacement string: twice as fast as one pass with a replacer
// callback. The groups are disjoint and no replacement falls in a later group, so the order is moot.
const PUNCT_PASSES: ReadonlyArray<[RegExp, string]> = PUNCT_GROUPS.map(([chars, to]) => [new RegExp(`[${chars}]`, 'g'), to]);

/** NFKC, lower case, unified punctuation variants; line breaks are kept. */
function fold(s: string): string {
  let out = s.normalize('NFKC').toLowerCase();
  for (const [re, to] of PUNCT_PASSES) out = out.replace(re, to);
  return out;
}

/** NFKC, lower case, unified punctuation variants, collapsed whitespace. */
export function normalizeLine(line: string): string {
  return fold(line).replace(/\s+/g, ' ').trim();
}

// Whole normalized lines that platforms (Tistory, Naver, WordPress share bars, news sites) inject.
const BOILERPLATE_EXACT = new Set([
  '반응형', '광고', '공유하기', '구독하기', '신고하기', '좋아요', '댓글', '댓글쓰기', '목록', '이전글', '다음글',
  '맨위로', '맨 위로', 'top', 'share', 'tweet', 'share this', 'share this article', 'share this:', 'advertisement',
  'sponsored', 'ad', 'ads', 'print', 'email', 'facebook', 'twitter', 'linkedin', 'whatsapp', 'pinterest', 'reddit',
  'read more', 'continue reading', 'back to top', 'related articles', 'related', 'comments', 'loading...', 'menu',
  'skip to content', 'subscribe', 'sign up', 'log in', '로그인', '카카오스토리', '카카오톡', '페이스북', '트위터', '네이버',
  '밴드', '블로그', 'url 복사', '본문 바로가기', '기사 공유하기', '글자크기', '인쇄', '스크랩', '닫기', '더보기',
]);

const BOILERPLATE_PATTERNS: readonly RegExp[] = [
  /^\d{2,4} ?[x×*] ?\d{2,4}$/, // ad slot markers such as 728x90, 300x250
  /^(share|공유)( on| this)?[: ]*(facebook|twitter|email|kakao|카카오|페이스북|트위터|linkedin|whatsapp|[ ,·|/])*$/,
  /^(facebook|twitter|kakao|카카오톡|카카오스토리|페이스북|트위터|email|print|linkedin|whatsapp|url ?복사|[ ,·|/])+$/,
  /^(copyright|ⓒ|©|\(c\)).{0,120}(all rights reserved|무단 ?전재|재배포)/,
  /^.{0,60}(무단 ?전재|재배포) ?(및|&|and)? ?(재배포|ai ?학습|금지).{0,40}$/,
  /^(저작권자|copyright) ?[©ⓒ(]/,
  /^(follow us|subscribe to|sign up for|get our).{0,80}(newsletter|on (twitter|facebook|instagram))/,
  /^(this (article|story|post) (was|has been) (updated|corrected)).{0,0}$/,
  /^(태그|tags?|카테고리|category) ?[:#]/,
  /^#\S+( #\S+)*$/, // hashtag rows
  /^\d+ ?(comments?|개의 댓글|댓글)$/,
  /^(이 글을|이 포스트를)? ?(공감|구독)(하기|하셨다면).{0,40}$/,
];

/** True for a normalized line that is platform chrome rather than content. */
export function isBoilerplateLine(normalized: string): boolean {
  if (normalized === '') return false;
  if (BOILERPLATE_EXACT.has(normalized)) return true;
  if (normalized.length > 160) return false;
  return BOILERPLATE_PATTERNS.some((re) => re.test(normalized));
}

// Whitespace that `replace(/\s+/g, ' ')` would change: a run of two, or any whitespace but a space.
const NEEDS_COLLAPSE = /\s\s|[^\S ]/;

/** A paragraph as written and as normalized, kept together so novel text can be shown verbatim. */
export interface Paragraph {
  raw: string;
  normalized: string;
}

/**
 * Splits text into paragraphs, one per non-empty line, drops boilerplate lines, and normalizes each.
 * A line is the unit (not a blank-line block) because one page's extraction may join paragraphs
 * with single line breaks (`<br>`) where another's separates them with blank lines (`<p>`).
 */
export function paragraphsOf(text: string): Paragraph[] {
  // Split on \n alone: a \r left at a line's end is whitespace that trimming removes either way.
  const rawLines = text.split('\n');
  // Folding the whole text at once is much faster than line by line; folding never adds or
  // removes a line break, so lines stay aligned (checked, with a per-line fallback).
  let foldedLines = fold(text).split('\n');
  if (foldedLines.length !== rawLines.length) foldedLines = rawLines.map(fold);
  const out: Paragraph[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    const folded = foldedLines[i]!;
    // Most lines hold no whitespace to collapse: testing first skips building a copy (3x faster here).
    const n = (NEEDS_COLLAPSE.test(folded) ? folded.replace(/\s+/g, ' ') : folded).trim();
    if (n === '' || isBoilerplateLine(n)) continue;
    out.push({ raw: rawLines[i]!.trim(), normalized: n });
  }
  return out;
}
