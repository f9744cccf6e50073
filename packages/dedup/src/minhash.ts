import { fmix32 } from './hash32.js';

/** 128 signature slots; 16 bands of 3 rows catch pairs from Jaccard about 0.5 upward (0.88 of them at 0.5). */
export const NUM_PERM = 128;
const BANDS = 16;
const ROWS = 3;

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
const MUL = new Int32Array(SEEDS.mul.buffer);
const XOR = new Int32Array(SEEDS.xor.buffer);

export function minhash(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(NUM_PERM);
  const mul = MUL;
  const xor = XOR;
  // Permutation-major, four at a time: the minima stay in registers across the shingles. A signed
  // minimum over (v ^ 0x80000000) equals the unsigned minimum over v.
  const n = shingles.length;
  const xs = new Int32Array(shingles.buffer, shingles.byteOffset, n);
  for (let i = 0; i < NUM_PERM; i += 4) {
    const a0 = xor[i]!, m0 = mul[i]!, a1 = xor[i + 1]!, m1 = mul[i + 1]!;
    const a2 = xor[i + 2]!, m2 = mul[i + 2]!, a3 = xor[i + 3]!, m3 = mul[i + 3]!;
    let min0 = 0x7fffffff, min1 = 0x7fffffff, min2 = 0x7fffffff, min3 = 0x7fffffff;
    for (let s = 0; s < n; s++) {
      const x = xs[s]!;
      let v = Math.imul(x ^ a0, m0);
      v = v ^ (v >>> 15) ^ 0x80000000;
      if (v < min0) min0 = v;
      v = Math.imul(x ^ a1, m1);
      v = v ^ (v >>> 15) ^ 0x80000000;
      if (v < min1) min1 = v;
      v = Math.imul(x ^ a2, m2);
      v = v ^ (v >>> 15) ^ 0x80000000;
      if (v < min2) min2 = v;
      v = Math.imul(x ^ a3, m3);
      v = v ^ (v >>> 15) ^ 0x80000000;
      if (v < min3) min3 = v;
    }
    sig[i] = (min0 ^ 0x80000000) >>> 0;
    sig[i + 1] = (min1 ^ 0x80000000) >>> 0;
    sig[i + 2] = (min2 ^ 0x80000000) >>> 0;
    sig[i + 3] = (min3 ^ 0x80000000) >>> 0;
  }
  return sig;
}

/** A signature slot with no shingle (one-permutation signatures of sets smaller than the bins). */
export const EMPTY = 0xffffffff;
const BIN_BITS = 7; // 2^7 = NUM_PERM bins
const OPH_SEED = 0x3c6ef372;

/**
 * The signature Winnow indexes: one-permutation hashing (Li, Owen and Zhang, NIPS 2012). Each
 * shingle is hashed once; its low 7 bits pick one of the 128 bins and the rest is its value; a bin
 * keeps its minimum, and a bin no shingle falls in stays EMPTY. It costs one hash per shingle instead
 * of 128 (`minhash` above, kept for the plain MinHash peer in the bench), and estimates Jaccard as
 * well (`estimateJaccard`). LSH bands are cut from its densified form (`densified`).
 */
export function signatureOf(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(NUM_PERM).fill(EMPTY);
  for (let s = 0; s < shingles.length; s++) {
    const h = fmix32(shingles[s]! ^ OPH_SEED);
    const bin = h & (NUM_PERM - 1);
    const v = h >>> BIN_BITS;
    if (v < sig[bin]!) sig[bin] = v;
  }
  return sig;
}

/**
 * Optimal densification (Shrivastava, ICML 2017): an EMPTY slot takes the value of the first
 * non-empty slot a fixed probe sequence reaches (the same sequence for every document), so equal sets
 * agree slot by slot and similar sets share bands in proportion to their Jaccard. A signature with no
 * EMPTY slot (a 128-permutation one) comes back as it is; an all-EMPTY one too.
 */
export function densified(sig: Uint32Array): Uint32Array {
  if (!sig.includes(EMPTY) || sig.every((v) => v === EMPTY)) return sig;
  const out = sig.slice();
  for (let i = 0; i < NUM_PERM; i++) {
    if (sig[i] !== EMPTY) continue;
    let j = i;
    for (let attempt = 1; sig[j] === EMPTY; attempt++) {
      // After 64 probes (about one chance in 2^60 with a single filled bin left) scan instead.
      j = attempt <= 64 ? fmix32(Math.imul(i + 1, 0x9e3779b1) ^ attempt) & (NUM_PERM - 1) : (j + 1) & (NUM_PERM - 1);
    }
    out[i] = sig[j]!;
  }
  return out;
}

/** An empty bin among slots (slotsOf). */
export const EMPTY_SLOT = 0xffff;

/**
 * The signature as verification uses it: each slot's low 16 bits (b-bit MinHash: equal slots stay
 * equal, unequal ones collide once in 65535), EMPTY_SLOT for an empty bin. This is what shared
 * indexes store, so a stored candidate is compared without decoding.
 */
export function slotsOf(sig: Uint32Array): Uint16Array {
  const out = new Uint16Array(NUM_PERM);
  for (let i = 0; i < NUM_PERM; i++) {
    const v = sig[i]!;
    const low = v & 0xffff;
    out[i] = v === EMPTY ? EMPTY_SLOT : low === EMPTY_SLOT ? EMPTY_SLOT - 1 : low;
  }
  return out;
}

/**
 * Estimated Jaccard similarity: the share of equal slots among those not empty on both sides (a slot
 * empty on one side only is a shingle of the union outside the intersection). Two empty sets are equal.
 */
export function estimateJaccard(a: Uint16Array, b: Uint16Array): number {
  let eq = 0;
  let slots = 0;
  for (let i = 0; i < NUM_PERM; i++) {
    const x = a[i]!;
    if (x !== b[i]) slots++;
    else if (x !== EMPTY_SLOT) {
      eq++;
      slots++;
    }
  }
  return slots === 0 ? 1 : eq / slots;
}

/** One 32-bit key per LSH band of the densified signature (band index mixed in, so equal rows in different bands differ). */
export function bandKeys(signature: Uint32Array): Uint32Array {
  const sig = densified(signature);
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
