import type { Relation } from '@winnow/types';
import type { Features } from './features.js';
import { estimateJaccard } from './minhash.js';
import { overlap } from './shingles.js';

export interface Thresholds {
  /** Both containments at or above this: a near copy. */
  near: number;
  /** Both containments at or above this, and close to each other: a near copy with edits spread over it. */
  nearSpread: number;
  /**
   * The same, when containment is estimated from signatures: it then counts shared shingles, and a
   * changed word costs five shingles but only one covered token, so the estimate runs lower.
   */
  nearSpreadEstimated: number;
  /** One containment at or above this, and `gap` above the other: one document inside the other. */
  contain: number;
  gap: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { near: 0.9, nearSpread: 0.8, nearSpreadEstimated: 0.75, contain: 0.88, gap: 0.1 };

export interface PairScores {
  jaccard: number;
  /** Share of the first document found in the second. */
  containment: number;
  /** Share of the second document found in the first. */
  containmentOther: number;
}

export interface Comparison {
  /** How the first document relates to the second, or null when they are distinct. */
  relation: Relation | null;
  scores: PairScores;
  /** How the match was established: `content_hash`, `shingles`, `minhash`, `paragraph_hash`. */
  evidence: string[];
}

// A document is compared with many candidates: the set of its paragraph hashes is built once.
const paragraphHashes = new WeakMap<Features, Set<number>>();

function hashesOf(f: Features): Set<number> {
  let s = paragraphHashes.get(f);
  if (!s) paragraphHashes.set(f, (s = new Set(f.paragraphs.map((p) => p.hash))));
  return s;
}

/** Share of each document's weight in paragraphs the other also has (0 when either has none indexed). */
function paragraphContainments(a: Features, b: Features): [number, number] {
  if (a.paragraphs.length === 0 || b.paragraphs.length === 0) return [0, 0];
  const mine = hashesOf(a);
  let wb = 0;
  let shared: number[] | null = null;
  for (const p of b.paragraphs) {
    if (!mine.has(p.hash)) continue;
    wb += p.weight;
    (shared ??= []).push(p.hash);
  }
  if (shared === null) return [0, 0];
  let wa = 0;
  for (const p of a.paragraphs) if (shared.includes(p.hash)) wa += p.weight;
  return [a.weight === 0 ? 0 : Math.min(1, wa / a.weight), b.weight === 0 ? 0 : Math.min(1, wb / b.weight)];
}

/** Length of the longest common subsequence of two short token sequences. */
function lcsLength(a: Uint32Array, b: Uint32Array): number {
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

const round = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 1e4) / 1e4;

/** Classifies a pair from its two containments. */
function classify(ca: number, cb: number, t: Thresholds = DEFAULT_THRESHOLDS): Relation | null {
  const hi = Math.max(ca, cb);
  const lo = Math.min(ca, cb);
  if (lo >= t.near) return 'near';
  if (hi >= t.contain && hi - lo >= t.gap) return ca > cb ? 'contained_by' : 'contains';
  if (lo >= t.nearSpread) return 'near';
  return null;
}

/**
 * Verifies a candidate pair: Jaccard and containment both ways, exact on full shingle sets when both
 * sides have them, otherwise estimated from MinHash and set sizes; paragraph hashes give a second,
 * exact lower bound on containment.
 */
export function compare(a: Features, b: Features, t: Thresholds = DEFAULT_THRESHOLDS): Comparison {
  if (a.size === 0 || b.size === 0) {
    return { relation: null, scores: { jaccard: 0, containment: 0, containmentOther: 0 }, evidence: [] };
  }
  if (a.contentHash === b.contentHash) {
    return { relation: 'exact', scores: { jaccard: 1, containment: 1, containmentOther: 1 }, evidence: ['content_hash'] };
  }
  let jaccard: number;
  let ca: number;
  let cb: number;
  let estimated = false;
  const evidence: string[] = [];
  if (a.shingles && b.shingles && a.ranks && b.ranks) {
    // Containment as the share of tokens covered by shared shingles: exact, and tolerant of edits.
    const o = overlap({ ranks: a.ranks, set: a.shingles }, { ranks: b.ranks, set: b.shingles });
    jaccard = o.shared / (a.size + b.size - o.shared);
    ca = o.coverageA;
    cb = o.coverageB;
    evidence.push('shingles');
    if (a.words?.length && b.words?.length) {
      // Short texts: a changed word costs five shingles of a dozen; align the words instead.
      const common = lcsLength(a.words, b.words);
      if (common / a.words.length > ca || common / b.words.length > cb) evidence.push('word_alignment');
      ca = Math.max(ca, common / a.words.length);
      cb = Math.max(cb, common / b.words.length);
    }
  } else {
    estimated = true;
    jaccard = estimateJaccard(a.signature, b.signature);
    const inter = (jaccard * (a.size + b.size)) / (1 + jaccard);
    ca = Math.min(1, inter / a.size);
    cb = Math.min(1, inter / b.size);
    evidence.push('minhash');
  }
  const [pa, pb] = paragraphContainments(a, b);
  if (pa > ca || pb > cb) evidence.push('paragraph_hash');
  ca = Math.max(ca, pa);
  cb = Math.max(cb, pb);
  const relation = classify(ca, cb, estimated ? { ...t, nearSpread: t.nearSpreadEstimated } : t);
  return { relation, scores: { jaccard: round(jaccard), containment: round(ca), containmentOther: round(cb) }, evidence };
}
