import type { Redis } from 'ioredis';
import { hashString } from '@winnow/dedup/hash32';
import { SITE_BOILERPLATE_DEFAULTS, SITE_LINE_KEY_LENGTH, type SiteBoilerplate, type SiteBoilerplateOptions } from '@winnow/dedup/site-boilerplate';
import { commandBatch } from './command-batch.js';
import { keyPrefix } from './redis-store.js';
import { SITE_BOILERPLATE_SCRIPT } from './site-boilerplate-script.js';

export interface RedisSiteBoilerplateOptions extends SiteBoilerplateOptions {
  redis: Redis;
  /** Keys live under `winnow:dedup:<namespace>:site:<site>:`. */
  namespace: string;
  /** Idle sites are forgotten after this long (each page seen renews it); default 30 days. */
  ttlSeconds?: number;
}

interface SiteBoilerplateCommands {
  winnowDedupSiteBoilerplateBuffer(linesKey: string, pagesKey: string, ...args: Array<string | number | Buffer>): unknown;
}

/** Hosts go into keys as they are; anything else (or anything long) by its hash. */
function siteKeyPart(site: string): string {
  return /^[\w.:-]{1,200}$/.test(site) ? site.toLowerCase() : `h${hashString(site).toString(16)}${hashString(site, 0x9747b28c).toString(16)}`;
}

/** SiteBoilerplate on Redis: per site, one hash of line counts and one of pages seen, one script per page. */
export function createRedisSiteBoilerplate(opts: RedisSiteBoilerplateOptions): SiteBoilerplate {
  const { minPages, minSitePages, maxLines } = { ...SITE_BOILERPLATE_DEFAULTS, ...opts };
  const ttl = opts.ttlSeconds ?? 30 * 86_400;
  const prefix = `${keyPrefix(opts.namespace)}site:`;
  const redis = opts.redis as Redis & Partial<SiteBoilerplateCommands>;
  if (!redis.winnowDedupSiteBoilerplateBuffer) {
    redis.defineCommand('winnowDedupSiteBoilerplate', { numberOfKeys: 2, lua: SITE_BOILERPLATE_SCRIPT });
  }
  const send = commandBatch(opts.redis);
  return {
    async observe(site, docId, lineKeys) {
      const p = `${prefix}${siteKeyPart(site)}:`;
      // Keys are 8 latin1 characters: one binary argument carries them all, and the answer too.
      const packed = Buffer.from([...new Set(lineKeys)].join(''), 'latin1');
      const answer = await send<Buffer>((pipe) =>
        (pipe as unknown as SiteBoilerplateCommands).winnowDedupSiteBoilerplateBuffer(`${p}lines`, `${p}pages`, docId, minPages, minSitePages, maxLines, ttl, packed),
      );
      const learned = new Set<string>();
      const text = answer.toString('latin1');
      for (let o = 0; o + SITE_LINE_KEY_LENGTH <= text.length; o += SITE_LINE_KEY_LENGTH) learned.add(text.slice(o, o + SITE_LINE_KEY_LENGTH));
      return learned;
    },
  };
}
