import type { Redis } from 'ioredis';
import { DEDUP_ERRORS, DedupError } from '@winnow/dedup';
import type { DocState, Update } from '@winnow/dedup';
import { createIndex, type Index, type IndexOptions } from '@winnow/dedup';
import { decodeFeatures, encodeFeatures } from '@winnow/dedup';
import { FEATURES_VERSION, INDEXED_PARAGRAPHS, type Features } from '@winnow/dedup';
import { BUCKET_CAP, MAX_CANDIDATES } from '@winnow/dedup';
import type { SiteBoilerplate } from '@winnow/dedup';
import type { Candidate, IndexStore } from '@winnow/dedup';
import { CLAIM_SCRIPT } from './claim-script.js';
import { commandBatch } from './command-batch.js';
import { COMMIT_SCRIPT } from './commit-script.js';
import { keyPrefix } from './key-prefix.js';
import { packLineKeys, siteLineRecorder, unpackLineKeys, type SiteLineRecorder } from './redis-site-boilerplate.js';

interface RedisIndexStoreOptions {
  /**
   * The index sends its scripts in small batches of its own (command-batch.ts) whatever the client's
   * options; other commands on the client are best without `enableAutoPipelining`, which holds each
   * one until the next tick while the in-flight judgements hash their documents.
   */
  redis: Redis;
  /** Keys live under `winnow:dedup:<namespace>:`; a rebuild with new thresholds uses a fresh one. */
  namespace: string;
  /**
   * Bucket hashes per family are 2^shardBits. Redis keeps a small hash as a compact listpack, so
   * about (docs x 80 entries / 2^shardBits) entries per hash should stay under the server's
   * hash-max-listpack-entries; the default (14) suits up to a few hundred thousand documents.
   */
  shardBits?: number;
  /** Record site lines with each claim (the index's site template, one round trip per document saved). */
  siteLines?: SiteLineRecorder;
}

interface DedupCommands {
  winnowDedupClaimBuffer(...args: Array<string | Buffer | number>): Promise<unknown>;
  winnowDedupCommit(...args: Array<string | number>): Promise<unknown>;
}

/**
 * What a namespace's keys hold: the features version and this store's key layout (2: a document's
 * features, state and pending changes in one hash). Written by the first instance to use the
 * namespace and checked by every other.
 */
export const INDEX_FORMAT = `${FEATURES_VERSION}.2`;

/**
 * Claims a namespace for this format, or fails naming the namespace when it holds an index of
 * another format (whose documents new ones would never meet): rebuild into a fresh namespace.
 */
export async function checkIndexFormat(redis: Redis, namespace: string): Promise<void> {
  const key = `${keyPrefix(namespace)}format`;
  await redis.set(key, INDEX_FORMAT, 'NX');
  const found = await redis.get(key);
  if (found !== INDEX_FORMAT) {
    throw new DedupError(
      DEDUP_ERRORS.indexFormat,
      `dedup namespace ${namespace} holds an index of format ${found ?? 'unknown'}, this version writes ${INDEX_FORMAT}: ` +
        'run `winnow dedup rebuild --namespace <new>` and point DEDUP_NAMESPACE at it',
    );
  }
}

/** cjson writes empty arrays as `{}`: read lists back as arrays. */
function asArray<T>(x: unknown): T[] {
  return Array.isArray(x) ? (x as T[]) : [];
}

function parseState(json: string): DocState {
  const s = JSON.parse(json) as DocState;
  return {
    docId: s.docId,
    verdict: s.verdict,
    relation: s.relation ?? null,
    canonicalId: s.canonicalId,
    clusterId: s.clusterId,
    scores: s.scores ?? null,
    evidence: asArray<string>(s.evidence),
    sources: asArray(s.sources),
    covered: asArray<number>(s.covered),
    version: s.version ?? 0,
  };
}

/**
 * The buckets a document is indexed under, packed 9 bytes each: family (`b` LSH band, `p` paragraph
 * hash) and shard (the top `shardBits` bits, 4 bytes big-endian), which end the bucket's key as
 * they are (binary), then the field. Exact copies need no
 * bucket of their own: their signatures are equal, so they share every band.
 */
function packBuckets(f: Features, shardBits: number): Buffer {
  const shift = 32 - shardBits;
  const paragraphs = f.paragraphs.slice(0, INDEXED_PARAGRAPHS);
  const out = Buffer.allocUnsafe((f.bands.length + paragraphs.length) * 9);
  let o = 0;
  const put = (family: string, v: number): void => {
    out.write(family, o, 'latin1');
    out.writeUInt32BE(v >>> shift, o + 1);
    out.writeUInt32BE(v >>> 0, o + 5);
    o += 9;
  };
  for (const b of f.bands) put('b', b);
  for (const p of paragraphs) put('p', p.hash);
  return out;
}

/** IndexStore on Redis: one Lua script claims and queries, one commits; keys namespaced. */
export function createRedisIndexStore(opts: RedisIndexStoreOptions): IndexStore {
  const redis = opts.redis as Redis & Partial<DedupCommands>;
  const prefix = keyPrefix(opts.namespace);
  const shardBits = opts.shardBits ?? 14;
  if (!redis.winnowDedupClaimBuffer) {
    redis.defineCommand('winnowDedupClaim', { numberOfKeys: 0, lua: CLAIM_SCRIPT });
    redis.defineCommand('winnowDedupCommit', { numberOfKeys: 0, lua: COMMIT_SCRIPT });
  }
  const send = commandBatch(redis);

  const sites = opts.siteLines;
  // Checked before the first claim (and again after a failed check), so that no document is judged
  // against an index it cannot match.
  let format: Promise<void> | undefined;
  return {
    recordsSiteLines: sites !== undefined,
    async claim(f, lines) {
      await (format ??= checkIndexFormat(redis, opts.namespace).catch((err: unknown) => {
        format = undefined;
        throw err;
      }));
      const args = [prefix, f.provenance.docId, encodeFeatures(f), BUCKET_CAP, MAX_CANDIDATES, packBuckets(f, shardBits)];
      if (lines && sites) {
        const keys = sites.keysOf(lines.site);
        const s = sites.settings;
        args.push(keys.lines, keys.pages, s.minPages, s.minSitePages, s.maxLines, s.ttlSeconds, packLineKeys(lines.keys), packLineKeys(lines.assumed));
      }
      const reply = await send<Buffer[]>((c) => (c as unknown as DedupCommands).winnowDedupClaimBuffer(...args));
      const kind = reply[0]!.toString();
      if (kind === 't') return { kind: 'template', learned: unpackLineKeys(reply[1]!) };
      if (kind === 'u') return { kind: 'alone', state: parseState(reply[1]!.toString()) };
      if (kind === 'r') {
        return { kind: 'redelivered', state: parseState(reply[1]!.toString()), changed: reply.slice(2).map((b) => parseState(b.toString())) };
      }
      const candidates: Candidate[] = [];
      for (let i = 1; i + 1 < reply.length; i += 2) {
        // States are parsed on first use: only candidates that pass verification need theirs.
        const st = reply[i + 1]!;
        let state: DocState | null | undefined;
        candidates.push({
          features: decodeFeatures(reply[i]!),
          get state(): DocState | null {
            return state === undefined ? (state = st.length > 0 ? parseState(st.toString()) : null) : state;
          },
        });
      }
      return { kind: 'claimed', candidates };
    },

    async commit(state, updates: Update[]) {
      const args: Array<string | number> = [prefix, state.docId, JSON.stringify(state), updates.length];
      for (const u of updates) {
        if (u.kind === 'demote') args.push('d', u.state.docId, JSON.stringify(u.state));
        else args.push('s', u.docId, JSON.stringify({ source: u.source, covered: u.covered }));
      }
      const reply = await send<string[]>((c) => (c as unknown as DedupCommands).winnowDedupCommit(...args));
      return { state: parseState(reply[0]!), changed: reply.slice(1).map(parseState) };
    },

    async get(docId) {
      const seq = await redis.hget(`${prefix}i:${docId.slice(0, 3)}`, docId.slice(3));
      if (!seq) return null;
      const st = await redis.hget(`${prefix}d:${seq}`, 's');
      return st ? parseState(st) : null;
    },
  };
}

export interface RedisIndexOptions extends Omit<RedisIndexStoreOptions, 'siteLines'>, Omit<IndexOptions, 'keepShingles' | 'siteBoilerplate'> {
  /**
   * Absent, site template lines are learned in the same namespace, recorded by each claim (as
   * createRedisSiteBoilerplate would, without a round trip of its own); null learns nothing.
   */
  siteBoilerplate?: SiteBoilerplate | null;
}

/** The Redis Index: verification on signatures and paragraph hashes (no shingle sets are stored). */
export function createRedisIndex(opts: RedisIndexOptions): Index {
  const { siteBoilerplate, ...storeOptions } = opts;
  if (siteBoilerplate === undefined) {
    const siteLines = siteLineRecorder({ namespace: opts.namespace });
    return createIndex(createRedisIndexStore({ ...storeOptions, siteLines }), { thresholds: opts.thresholds, keepShingles: false });
  }
  return createIndex(createRedisIndexStore(storeOptions), { thresholds: opts.thresholds, keepShingles: false, siteBoilerplate: siteBoilerplate ?? undefined });
}

/** Deletes every key of a namespace (tests, and dropping an index after a rebuild). */
export async function dropNamespace(redis: Redis, namespace: string): Promise<number> {
  const prefix = keyPrefix(namespace);
  let cursor = '0';
  let n = 0;
  do {
    // Bucket keys end in binary: read them as bytes, or they come back mangled and are never deleted.
    const [next, keys] = await redis.scanBuffer(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next.toString();
    if (keys.length > 0) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}
