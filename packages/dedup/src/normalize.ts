/**
 * Text normalization before hashing: NFKC, case, whitespace and punctuation variants, and removal of
 * platform boilerplate lines (ad markers, share and navigation lines) that would otherwise make
 * unrelated pages of one platform look alike.
 */
import { fmix32 } from './hash32.js';
import { classes, FNV_OFFSET, FNV_PRIME, pairClass, reserve, SINGLE, WORD, type TokenBuffer } from './tokens.js';

const PUNCT_GROUPS: ReadonlyArray<[string, string]> = [
  ['\u2018\u2019\u201a\u201b\u2032\u0060\u00b4', "'"],
  ['\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f', '"'],
  ['\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70', '-'],
  ['\u2026', '...'],
  ['\u00b7\u2022\u2027\u30fb\u318d', '·'],
  ['\u200b\u200c\u200d\u2060\ufeff\u00ad', ''],
];
const PUNCT_TO = new Map<number, string>();
for (const [chars, to] of PUNCT_GROUPS) for (const ch of chars) PUNCT_TO.set(ch.charCodeAt(0), to);
const PUNCTUATION = 1;
const SPACE = 2;
/** Per code unit: a punctuation variant, whitespace other than a line break (as `\s`), or neither. */
const SPECIAL = new Uint8Array(65536);
for (const c of PUNCT_TO.keys()) SPECIAL[c] = PUNCTUATION;
for (let c = 0; c < 65536; c++) if (c !== 10 && SPECIAL[c] === 0 && /\s/.test(String.fromCharCode(c))) SPECIAL[c] = SPACE;

/** NFKC and lower case: the first step of folding. */
export function lowered(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/**
 * NFKC, lower case, unified punctuation variants, and each run of whitespace other than line breaks
 * made one space. One scan with a table, copying the runs in between: a regex pass per group (or one
 * with a replacer) scanned the text several times over and cost twice as much.
 */
function fold(s: string): string {
  const t = lowered(s);
  const n = t.length;
  let out = '';
  let from = 0;
  for (let i = 0; i < n; i++) {
    const k = SPECIAL[t.charCodeAt(i)];
    if (k === 0) continue;
    if (k === PUNCTUATION) {
      out += t.slice(from, i) + PUNCT_TO.get(t.charCodeAt(i))!;
      from = i + 1;
      continue;
    }
    let j = i + 1;
    while (j < n && SPECIAL[t.charCodeAt(j)] === SPACE) j++;
    if (j === i + 1 && t.charCodeAt(i) === 32) continue; // a lone space stays as it is
    out += t.slice(from, i) + ' ';
    from = j;
    i = j - 1;
  }
  return from === 0 ? t : out + t.slice(from);
}

/** Variants fold maps to nothing (zero-width characters): they do not end a token. */
const VANISHES = new Uint8Array(65536);
for (const [c, to] of PUNCT_TO) if (to === '') VANISHES[c] = 1;

/** What scanLines gives: the folded text, and per line (split on \n) its tokens' end and its weight. */
export interface ScannedLines {
  folded: string;
  /** out.length after each line's tokens: line i's tokens are [tokenEnds[i - 1] (or the start), tokenEnds[i]). */
  tokenEnds: number[];
  weights: number[];
}

/**
 * fold() and tokenization in one scan of the NFKC, lower-cased text: the text folded as fold gives
 * it, and the tokens of each line (a variant folded to punctuation separates tokens, one folded to
 * nothing does not). One pass over the characters instead of two: per character, a loop costs more
 * than anything it does. Folded text scanned again gives itself and the same tokens.
 */
export function scanLines(lowered: string, out: TokenBuffer): ScannedLines {
  const cls = classes();
  const n = lowered.length;
  reserve(out, n);
  const hashes = out.hashes;
  let at = out.length;
  const tokenEnds: number[] = [];
  const weights: number[] = [];
  let folded = '';
  let from = 0;
  let h = FNV_OFFSET;
  let len = 0;
  let weight = 0;
  for (let i = 0; i < n; i++) {
    const c = lowered.charCodeAt(i);
    const special = SPECIAL[c];
    if (special === 0) {
      let k = cls[c]!;
      if (k === WORD) {
        h = Math.imul(h ^ c, FNV_PRIME);
        len++;
        continue;
      }
      let units = 1;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const lo = lowered.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          k = pairClass(c, lo);
          units = 2;
        }
      }
      if (len > 0) {
        hashes[at++] = fmix32(h);
        weight += len;
        h = FNV_OFFSET;
        len = 0;
      }
      if (k === SINGLE) {
        let s = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
        if (units === 2) s = Math.imul(s ^ lowered.charCodeAt(i + 1), FNV_PRIME);
        hashes[at++] = fmix32(s);
        weight += units;
      } else if (c === 10) {
        tokenEnds.push(at);
        weights.push(weight);
        weight = 0;
      }
      i += units - 1;
      continue;
    }
    if (special === PUNCTUATION) {
      folded += lowered.slice(from, i) + PUNCT_TO.get(c)!;
      from = i + 1;
      if (VANISHES[c] === 1) continue;
    }
    if (len > 0) {
      hashes[at++] = fmix32(h);
      weight += len;
      h = FNV_OFFSET;
      len = 0;
    }
    if (special === SPACE) {
      let j = i + 1;
      while (j < n && SPECIAL[lowered.charCodeAt(j)] === SPACE) j++;
      if (j !== i + 1 || c !== 32) {
        folded += lowered.slice(from, i) + ' ';
        from = j;
      }
      i = j - 1;
    }
  }
  if (len > 0) {
    hashes[at++] = fmix32(h);
    weight += len;
  }
  tokenEnds.push(at);
  weights.push(weight);
  out.length = at;
  return { folded: from === 0 ? lowered : folded + lowered.slice(from), tokenEnds, weights };
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

// One alternation instead of a test per pattern: most lines fail every branch at their first
// characters, and one call per line costs a twelfth of twelve.
const BOILERPLATE_ANY = new RegExp(BOILERPLATE_PATTERNS.map((re) => `(?:${re.source})`).join('|'));

/** True for a normalized line that is platform chrome rather than content. */
export function isBoilerplateLine(normalized: string): boolean {
  if (normalized === '') return false;
  if (BOILERPLATE_EXACT.has(normalized)) return true;
  if (normalized.length > 160) return false;
  return BOILERPLATE_ANY.test(normalized);
}

/** A paragraph as written and as normalized, kept together so novel text can be shown verbatim. */
export interface Paragraph {
  raw: string;
  normalized: string;
}

/** A folded line as a paragraph's normalized text, or null for an empty or boilerplate line. */
export function paragraphText(foldedLine: string): string | null {
  const n = foldedLine.trim();
  return n === '' || isBoilerplateLine(n) ? null : n;
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
  rawLines.forEach((raw, i) => {
    const normalized = paragraphText(foldedLines[i]!);
    if (normalized !== null) out.push({ raw: raw.trim(), normalized });
  });
  return out;
}
