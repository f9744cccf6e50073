import type { Redis } from 'ioredis';
import { hashString } from '@winnow/dedup';
import { SITE_BOILERPLATE_DEFAULTS, SITE_LINE_KEY_LENGTH, type SiteBoilerplate, type SiteBoilerplateOptions } from '@winnow/dedup';
import { commandBatch } from './command-batch.js';
import { keyPrefix } from './key-prefix.js';
import { SITE_BOILERPLATE_SCRIPT } from './site-boilerplate-script.js';

export interface RedisSiteBoilerplateOptions extends SiteBoilerplateOptions {
  redis: Redis;
  /** Keys live under `winnow:dedup:<namespace>:site:<site>:`. */
  namespace: string;
  /** Idle sites are forgotten after this long (each page seen renews it); default 30 days. */
  ttlSeconds?: number;
}

interface SiteBoilerplateCommands {
  winnowDedupSiteBoilerplateBuffer(linesKey: string, pagesKey: string, ...args: Array<string | number | Buffer>): Promise<unknown>;
}

/** Hosts go into keys as they are; anything else (or anything long) by its hash. */
function siteKeyPart(site: string): string {
  return /^[\w.:-]{1,200}$/.test(site) ? site.toLowerCase() : `h${hashString(site).toString(16)}${hashString(site, 0x9747b28c).toString(16)}`;
}

/** Where a site's line counts and pages live, and the settings a page is counted with. */
export interface SiteLineRecorder {
  keysOf(site: string): { lines: string; pages: string };
  settings: { minPages: number; minSitePages: number; maxLines: number; ttlSeconds: number };
}

export function siteLineRecorder(opts: Omit<RedisSiteBoilerplateOptions, 'redis'>): SiteLineRecorder {
  const prefix = `${keyPrefix(opts.namespace)}site:`;
  const { minPages, minSitePages, maxLines } = { ...SITE_BOILERPLATE_DEFAULTS, ...opts };
  return {
    keysOf(site) {
      const p = `${prefix}${siteKeyPart(site)}:`;
      return { lines: `${p}lines`, pages: `${p}pages` };
    },
    settings: { minPages, minSitePages, maxLines, ttlSeconds: opts.ttlSeconds ?? 30 * 86_400 },
  };
}

/** Line keys are 8 latin1 characters: one binary argument carries a page's, and an answer too. */
export function packLineKeys(keys: Iterable<string>): Buffer {
  return Buffer.from([...new Set(keys)].join(''), 'latin1');
}

export function unpackLineKeys(packed: Buffer): Set<string> {
  const keys = new Set<string>();
  const text = packed.toString('latin1');
  for (let o = 0; o + SITE_LINE_KEY_LENGTH <= text.length; o += SITE_LINE_KEY_LENGTH) keys.add(text.slice(o, o + SITE_LINE_KEY_LENGTH));
  return keys;
}

/** SiteBoilerplate on Redis: per site, one hash of line counts and one of pages seen, one script per page. */
export function createRedisSiteBoilerplate(opts: RedisSiteBoilerplateOptions): SiteBoilerplate {
  const recorder = siteLineRecorder(opts);
  const { minPages, minSitePages, maxLines, ttlSeconds } = recorder.settings;
  const redis = opts.redis as Redis & Partial<SiteBoilerplateCommands>;
  if (!redis.winnowDedupSiteBoilerplateBuffer) {
    redis.defineCommand('winnowDedupSiteBoilerplate', { numberOfKeys: 2, lua: SITE_BOILERPLATE_SCRIPT });
  }
  const send = commandBatch(opts.redis);
  return {
    async observe(site, docId, lineKeys) {
      const keys = recorder.keysOf(site);
      const answer = await send<Buffer>((c) =>
        (c as unknown as SiteBoilerplateCommands).winnowDedupSiteBoilerplateBuffer(
          keys.lines, keys.pages, docId, minPages, minSitePages, maxLines, ttlSeconds, packLineKeys(lineKeys),
        ),
      );
      return unpackLineKeys(answer);
    },
  };
}
