import { createHash } from 'node:crypto';
import { combine, fmix32, hashString } from './hash32.js';
import { lowered, paragraphText, scanLines, type Paragraph } from './normalize.js';
import { citationLinesOf, crediblePublishedAt, urlKey, type Provenance } from './provenance.js';
import { distinctCount, shingledText, shingleSequence, type ShingleRanks } from './shingles.js';
import { bandKeys, signatureOf, slotsOf } from './minhash.js';
import { tokenBuffer } from './tokens.js';

/**
 * Version of the features computed from a text (tokens, shingles, signatures, bands, paragraph
 * hashes, their encoding). An index built by another version must be rebuilt: its documents' bands
 * and signatures would never meet new ones.
 */
export const FEATURES_VERSION = 2;

/** Paragraphs at least this long (normalized characters) are indexed as a second path to containment. */
const MIN_INDEXED_PARAGRAPH = 40;
/** Paragraph keys kept per document (the heaviest ones) for verification, bounding index memory. */
const MAX_PARAGRAPHS = 24;
/**
 * Of those, the heaviest ones the index files the document under (and looks it up by). A copy that
 * embeds, or is embedded in, another text shares its heaviest paragraphs with it, so a few buckets
 * find it; every bucket costs two operations per document in the shared index.
 */
export const INDEXED_PARAGRAPHS = 12;

export interface ParagraphKey {
  hash: number;
  /** Letters and digits in the paragraph. */
  weight: number;
}

/** Everything the index keeps about one document. */
export interface Features {
  provenance: Provenance;
  /** 16 hex digits of sha256 over the normalized token stream; equal means an exact copy. */
  contentHash: string;
  /** Distinct shingles. */
  size: number;
  /** Letters and digits in the normalized text. */
  weight: number;
  /** MinHash slots as verification compares them (slotsOf). */
  signature: Uint16Array;
  bands: Uint32Array;
  /** Indexed paragraphs (>= MIN_INDEXED_PARAGRAPH characters), heaviest first. */
  paragraphs: ParagraphKey[];
  /** The full shingle set; in-memory indexes keep it for exact verification, Redis keeps only the signature. */
  shingles?: Uint32Array;
  /** Each text position's shingle as its rank in `shingles` (kept with them), for token coverage. */
  ranks?: ShingleRanks;
  /** For short texts (kept with `shingles`): hashes of the space-separated words, to align them word by word. */
  words?: Uint32Array;
}

/** The document fields features are computed from; a DocExtracted fits. */
export interface DocInput {
  docId: string;
  text: string;
  url?: string | null;
  canonicalUrl?: string | null;
  site?: string | null;
  siteName?: string | null;
  publishedAt?: string | null;
  fetchedAt?: string | null;
  title?: string | null;
  citedSources?: ReadonlyArray<{ text: string; url: string | null }>;
  links?: ReadonlyArray<{ url: string; text: string }>;
}

// Anchor texts that say "this is where the text comes from".
const CITE_ANCHOR = /(출처|원문|원본|기사 ?보기|source|via|original|originally|read the full|full (story|article)|credit)/i;

/** Texts this short (in tokens) are also aligned word by word: 5-gram shingles are too coarse for them. */
const SHORT_TEXT = 100;

/** Hashes of space-separated words without their punctuation (Korean eojeol, English words). */
function wordHashes(paragraphs: string[]): Uint32Array {
  const out: number[] = [];
  for (const p of paragraphs) {
    for (const w of p.split(' ')) {
      const bare = w.replace(/[^\p{L}\p{N}\p{M}]/gu, '');
      if (bare) out.push(hashString(bare));
    }
  }
  return Uint32Array.from(out);
}

/** Hash of one normalized paragraph from its tokens' hashes, insensitive to punctuation and spacing. */
function paragraphHash(tokens: ArrayLike<number>): number {
  let h = 0x1b873593;
  for (let i = 0; i < tokens.length; i++) h = combine(h, tokens[i]!);
  return fmix32(h ^ tokens.length);
}

/** A normalized paragraph, tokenized once for everything dedup does with it. */
export interface ParagraphUnit extends Paragraph {
  /** Token hashes (tokens.ts). */
  tokens: Int32Array;
  hash: number;
  /** Letters and digits. */
  weight: number;
}

/** Where a text's tokens are scanned into, reused from text to text (grown as needed). */
const scratch = tokenBuffer(1 << 14);

/** The paragraphs of a text (or paragraphs already split) with their tokens, hashes and weights, in text order. */
export function paragraphUnits(text: string | readonly Paragraph[]): ParagraphUnit[] {
  if (typeof text !== 'string') {
    // Already folded (scanning folds again, to the same text): one line per paragraph, all kept.
    return unitsOf(text.map((p) => p.normalized).join('\n'), text.length, (i) => text[i]!)!;
  }
  const rawLines = text.split('\n');
  const kept = (i: number, folded: string): Paragraph | null => {
    const normalized = paragraphText(folded);
    return normalized === null ? null : { raw: rawLines[i]!.trim(), normalized };
  };
  // NFKC never adds or removes a line break in practice; when it does, lines are lowered one by one.
  return unitsOf(lowered(text), rawLines.length, kept) ?? unitsOf(rawLines.map(lowered).join('\n'), rawLines.length, kept)!;
}

/**
 * Scans lowered text (scanLines: folded and tokenized in one pass) and makes a unit of each line
 * `paragraph` keeps; null when the text does not have `lines` lines.
 */
function unitsOf(low: string, lines: number, paragraph: (line: number, folded: string) => Paragraph | null): ParagraphUnit[] | null {
  scratch.length = 0;
  const scan = scanLines(low, scratch);
  if (scan.tokenEnds.length !== lines) return null;
  const foldedLines = scan.folded.split('\n');
  // Units keep views of an exact copy: the scratch buffer is reused by the next text.
  const hashes = scratch.hashes.slice(0, scratch.length);
  const units: ParagraphUnit[] = [];
  let start = 0;
  for (let i = 0; i < lines; i++) {
    const end = scan.tokenEnds[i]!;
    const p = paragraph(i, foldedLines[i]!);
    if (p !== null) {
      const tokens = hashes.subarray(start, end);
      units.push({ raw: p.raw, normalized: p.normalized, tokens, hash: paragraphHash(tokens), weight: scan.weights[i]! });
    }
    start = end;
  }
  return units;
}

function provenanceOf(doc: DocInput): Provenance {
  const citedUrls: string[] = [];
  const citedTexts: string[] = [];
  for (const c of doc.citedSources ?? []) {
    const k = c.url ? urlKey(c.url) : null;
    if (k) citedUrls.push(k);
    if (c.text.trim()) citedTexts.push(c.text.normalize('NFKC').toLowerCase().trim().slice(0, 80));
  }
  for (const line of citationLinesOf(doc.text)) {
    const t = line.normalize('NFKC').toLowerCase().slice(0, 80);
    if (!citedTexts.includes(t)) citedTexts.push(t);
    const m = /https?:\/\/\S+/.exec(line);
    const k = m ? urlKey(m[0]) : null;
    if (k && !citedUrls.includes(k)) citedUrls.push(k);
  }
  for (const l of doc.links ?? []) {
    if (!CITE_ANCHOR.test(l.text)) continue;
    const k = urlKey(l.url);
    if (k && !citedUrls.includes(k)) citedUrls.push(k);
  }
  // A cross-domain rel=canonical names the original.
  if (doc.canonicalUrl && doc.url) {
    const c = urlKey(doc.canonicalUrl);
    const u = urlKey(doc.url);
    if (c && u && c.split('/')[0] !== u.split('/')[0] && !citedUrls.includes(c)) citedUrls.push(c);
  }
  return {
    docId: doc.docId,
    url: doc.url ?? null,
    canonicalUrl: doc.canonicalUrl ?? null,
    site: doc.site ?? null,
    siteName: doc.siteName ?? null,
    title: doc.title ? doc.title.slice(0, 120) : null,
    publishedAt: crediblePublishedAt(doc.publishedAt, doc.fetchedAt),
    citedUrls: citedUrls.slice(0, 8),
    citedTexts: citedTexts.slice(0, 8),
  };
}

/**
 * Computes a document's features; `keepShingles` keeps the full set for exact verification.
 * `units`: the text's paragraph units when the caller already has them (paragraphUnits(doc.text)).
 */
export function featuresOf(doc: DocInput, keepShingles = true, units: readonly ParagraphUnit[] = paragraphUnits(doc.text)): Features {
  const stream = new Int32Array(units.reduce((n, u) => n + u.tokens.length, 0));
  const paragraphs: ParagraphKey[] = [];
  let weight = 0;
  let at = 0;
  for (const u of units) {
    stream.set(u.tokens, at);
    at += u.tokens.length;
    weight += u.weight;
    if (u.normalized.length >= MIN_INDEXED_PARAGRAPH) paragraphs.push({ hash: u.hash, weight: u.weight });
  }
  const sequence = shingleSequence(stream);
  // The signature takes the minimum per bin, so repeated shingles change nothing: only exact
  // verification needs the sorted distinct set.
  const shingled = keepShingles ? shingledText(sequence) : null;
  const signature = signatureOf(shingled?.set ?? sequence);
  paragraphs.sort((a, b) => b.weight - a.weight);
  // The token-hash stream stands for the normalized text: equal streams are exact copies.
  const contentHash = createHash('sha256').update(stream).digest('hex').slice(0, 16);
  const f: Features = {
    provenance: provenanceOf(doc),
    contentHash,
    size: shingled ? shingled.set.length : distinctCount(sequence),
    weight,
    signature: slotsOf(signature),
    bands: bandKeys(signature),
    paragraphs: paragraphs.slice(0, MAX_PARAGRAPHS),
  };
  if (shingled) {
    f.shingles = shingled.set;
    f.ranks = shingled.ranks;
    if (stream.length < SHORT_TEXT) f.words = wordHashes(units.map((u) => u.normalized));
  }
  return f;
}
