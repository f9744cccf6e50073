import type { Redis } from 'ioredis';
import { siteLineKey, SITE_BOILERPLATE_DEFAULTS, type SiteBoilerplate, type SiteBoilerplateOptions } from '@winnow/dedup/site-boilerplate';
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
  winnowDedupSiteBoilerplate(linesKey: string, pagesKey: string, ...args: Array<string | number>): unknown;
}

/** Hosts go into keys as they are; anything else (or anything long) by its hash. */
function siteKeyPart(site: string): string {
  return /^[\w.:-]{1,200}$/.test(site) ? site.toLowerCase() : `h${siteLineKey(site)}`;
}

/** SiteBoilerplate on Redis: per site, one hash of line counts and one of pages seen, one script per page. */
export function createRedisSiteBoilerplate(opts: RedisSiteBoilerplateOptions): SiteBoilerplate {
  const { minPages, minSitePages, maxLines } = { ...SITE_BOILERPLATE_DEFAULTS, ...opts };
  const ttl = opts.ttlSeconds ?? 30 * 86_400;
  const prefix = `${keyPrefix(opts.namespace)}site:`;
  const redis = opts.redis as Redis & Partial<SiteBoilerplateCommands>;
  if (!redis.winnowDedupSiteBoilerplate) {
    redis.defineCommand('winnowDedupSiteBoilerplate', { numberOfKeys: 2, lua: SITE_BOILERPLATE_SCRIPT });
  }
  const send = commandBatch(opts.redis);
  return {
    async observe(site, docId, lineKeys) {
      const p = `${prefix}${siteKeyPart(site)}:`;
      const args = [docId, minPages, minSitePages, maxLines, ttl, ...new Set(lineKeys)];
      const answer = await send<string>((pipe) =>
        (pipe as unknown as SiteBoilerplateCommands).winnowDedupSiteBoilerplate(`${p}lines`, `${p}pages`, ...args),
      );
      return new Set(answer ? answer.split(',') : []);
    },
  };
}
