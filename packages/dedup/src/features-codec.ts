import type { Features, ParagraphKey } from './features.js';
import { NUM_PERM } from './minhash.js';
import type { Provenance } from './provenance.js';

/**
 * Compact binary form of Features for a shared index (no shingle sets): 8 bytes content hash,
 * sizes, the 128 signature slots (16 bits each, little-endian), paragraph keys, then the provenance as JSON.
 * The first 8 bytes are the content hash, so a Lua script can compare versions without decoding.
 */
const SLOTS = 16;
const HEADER = SLOTS + NUM_PERM * 2 + 2;

// Reused: constructing one per call cost more than the JSON it decodes.
const DECODER = new TextDecoder();

interface CompactProvenance {
  i: string;
  u?: string | null;
  c?: string | null;
  s?: string | null;
  n?: string | null;
  t?: string | null;
  p?: number | null;
  cu?: string[];
  ct?: string[];
}

export function encodeFeatures(f: Features): Buffer {
  const p = f.provenance;
  const meta: CompactProvenance = { i: p.docId };
  if (p.url) meta.u = p.url;
  if (p.canonicalUrl && p.canonicalUrl !== p.url) meta.c = p.canonicalUrl;
  if (p.site) meta.s = p.site;
  if (p.siteName) meta.n = p.siteName;
  if (p.title) meta.t = p.title;
  if (p.publishedAt !== null) meta.p = p.publishedAt;
  if (p.citedUrls.length) meta.cu = p.citedUrls;
  if (p.citedTexts.length) meta.ct = p.citedTexts;
  const json = JSON.stringify(meta);
  const o0 = HEADER + f.paragraphs.length * 6;
  const out = Buffer.allocUnsafe(o0 + Buffer.byteLength(json));
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  out.write(f.contentHash.slice(0, 16), 0, 'hex');
  view.setUint32(8, f.size, true);
  view.setUint32(12, f.weight, true);
  for (let i = 0, at = SLOTS; i < NUM_PERM; i++, at += 2) {
    out[at] = f.signature[i]! & 0xff;
    out[at + 1] = f.signature[i]! >>> 8;
  }
  view.setUint16(HEADER - 2, f.paragraphs.length, true);
  let o = HEADER;
  for (const para of f.paragraphs) {
    view.setUint32(o, para.hash, true);
    view.setUint16(o + 4, Math.min(para.weight, 0xffff), true);
    o += 6;
  }
  out.write(json, o0, 'utf8');
  return out;
}

function provenanceFrom(json: Uint8Array): Provenance {
  const meta = JSON.parse(DECODER.decode(json)) as CompactProvenance;
  return {
    docId: meta.i,
    url: meta.u ?? null,
    canonicalUrl: meta.c ?? meta.u ?? null,
    site: meta.s ?? null,
    siteName: meta.n ?? null,
    title: meta.t ?? null,
    publishedAt: meta.p ?? null,
    citedUrls: meta.cu ?? [],
    citedTexts: meta.ct ?? [],
  };
}

/** Decoded candidates have no bands (only the document being judged needs its own). */
const NO_BANDS = new Uint32Array(0);

export function decodeFeatures(buf: Uint8Array): Features {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const contentHash = Buffer.from(buf.buffer, buf.byteOffset, 8).toString('hex');
  // Read into aligned memory: the reply's bytes can start at any offset.
  const signature = new Uint16Array(NUM_PERM);
  for (let i = 0, at = SLOTS; i < NUM_PERM; i++, at += 2) signature[i] = buf[at]! | (buf[at + 1]! << 8);
  const n = view.getUint16(HEADER - 2, true);
  const paragraphs: ParagraphKey[] = [];
  let o = HEADER;
  for (let i = 0; i < n; i++, o += 6) paragraphs.push({ hash: view.getUint32(o, true), weight: view.getUint16(o + 4, true) });
  // Parsed on first use: most candidates a claim returns are ruled out on signatures alone.
  const jsonAt = o;
  let provenance: Provenance | undefined;
  return {
    get provenance(): Provenance {
      return (provenance ??= provenanceFrom(buf.subarray(jsonAt)));
    },
    contentHash,
    size: view.getUint32(8, true),
    weight: view.getUint32(12, true),
    signature,
    bands: NO_BANDS,
    paragraphs,
  };
}
