import { estimateJaccard, minhash, slotsOf } from '../src/minhash.js';
import { shingledText } from '../src/shingles.js';
import { hashString } from '../src/hash32.js';
import type { Label } from '../testing/pair-set.js';

/** The peer: plain MinHash, 128 permutations over character 5-grams, one threshold (0.8). */
export function baselineSignature(text: string): Uint16Array {
  const t = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const grams = new Uint32Array(Math.max(1, t.length - 4));
  for (let i = 0; i + 5 <= t.length; i++) grams[i] = hashString(t.slice(i, i + 5));
  return slotsOf(minhash(shingledText(grams).set));
}

export function baselineVerdict(a: string, b: string, threshold = 0.8): Label {
  const j = estimateJaccard(baselineSignature(a), baselineSignature(b));
  if (j === 1) return 'exact';
  return j >= threshold ? 'near' : 'distinct';
}
