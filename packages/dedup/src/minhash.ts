import { fmix32 } from './hash32.js';

/** 128 permutations; 32 bands of 4 rows catch pairs from Jaccard about 0.5 upward. */
export const NUM_PERM = 128;
export const BANDS = 32;
export const ROWS = 4;

function permSeeds(seed: number): { mul: Uint32Array; xor: Uint32Array } {
  const mul = new Uint32Array(NUM_PERM);
  const xor = new Uint32Array(NUM_PERM);
  let s = seed >>> 0;
  for (let i = 0; i < NUM_PERM; i++) {
    s = fmix32(s + 0x9e3779b9);
    mul[i] = (s | 1) >>> 0;
    s = fmix32(s + 0x7f4a7c15);
    xor[i] = s;
  }
  return { mul, xor };
}

const SEEDS = permSeeds(0x5eed);

/**
 * MinHash signature: for each permutation (xor, odd multiply, xorshift: a bijection on 32 bits),
 * the minimum over the shingle set. An empty set gives all 0xffffffff.
 */
export function minhash(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(NUM_PERM);
  const mul = new Int32Array(SEEDS.mul.buffer);
  const xor = new Int32Array(SEEDS.xor.buffer);
  // Permutation-major: each minimum stays in a register across the shingles. A signed minimum over
  // (v ^ 0x80000000) equals the unsigned minimum over v.
  const n = shingles.length;
  const xs = new Int32Array(shingles.buffer, shingles.byteOffset, n);
  for (let i = 0; i < NUM_PERM; i++) {
    const a = xor[i]!;
    const m = mul[i]!;
    let min = 0x7fffffff;
    for (let s = 0; s < n; s++) {
      let v = Math.imul(xs[s]! ^ a, m);
      v = v ^ (v >>> 15) ^ 0x80000000;
      if (v < min) min = v;
    }
    sig[i] = (min ^ 0x80000000) >>> 0;
  }
  return sig;
}

/**
 * Estimated Jaccard similarity: the share of equal signature slots, compared on their low 16 bits
 * because shared indexes keep only those (b-bit MinHash).
 */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let eq = 0;
  for (let i = 0; i < NUM_PERM; i++) if (((a[i]! ^ b[i]!) & 0xffff) === 0) eq++;
  return eq / NUM_PERM;
}

/** One 32-bit key per LSH band (band index mixed in, so equal rows in different bands differ). */
export function bandKeys(sig: Uint32Array): Uint32Array {
  const keys = new Uint32Array(BANDS);
  for (let b = 0; b < BANDS; b++) {
    let h = Math.imul(b + 1, 0x9e3779b1);
    for (let r = 0; r < ROWS; r++) {
      h = Math.imul(h ^ sig[b * ROWS + r]!, 0x5bd1e995);
      h ^= h >>> 13;
    }
    keys[b] = fmix32(h);
  }
  return keys;
}
