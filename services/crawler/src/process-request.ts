import type { Emit } from '@winnow/bus';
import { decodeHtml } from '@winnow/extract/decode';
import type { Logger } from '@winnow/runtime/logger';
import type { JobProgress, TtlCache } from '@winnow/state/ports';
import type { CrawlRequest } from '@winnow/types/crawl-request';
import type { CrawlerConfig } from './config.js';
import { isHtmlType, mediaType } from './content-types.js';
import { discoverLinks } from './discover-links.js';
import { looksLikeXml } from './feeds-sitemaps.js';
import type { PageResult } from './fetch-page.js';
import { extractLinks } from './links.js';
import { pageMessage } from './page-message.js';
import { finalStateFor } from './reasons.js';
import type { RobotsGate } from './robots-gate.js';
import { expandSitemaps, readXmlDiscovery, type EntryBatch, type SitemapLimits } from './sitemaps.js';
import { refusalFor } from './url-policy.js';
import type { Validators } from './validators.js';

export interface ProcessDeps {
  config: CrawlerConfig;
  progress: JobProgress;
  cache: TtlCache;
  log: Logger;
  robots: RobotsGate;
  validators: Validators;
  fetch: (url: string, conditional: boolean) => Promise<PageResult>;
}

/** Raised when shutdown interrupted a fetch: the message must come back, not end as failed. */
export class Interrupted extends Error {}

/**
 * One crawl request, start to finish: scope and depth, host sitemaps, the fetch, and what follows from
 * its result. Always leaves the URL in a final state in JobProgress (or marked fetched) and returns the
 * pages.fetched message plus a crawl.request for every newly discovered URL.
 */
export async function processRequest(deps: ProcessDeps, req: CrawlRequest, signal: AbortSignal): Promise<Emit[]> {
  const { progress, config, log } = deps;
  const { job, jobId, url } = req;

  const refuse = async (reason: string, finalUrl = url, status = 0, headers: Record<string, string> = {}) => {
    const state = finalStateFor(reason);
    await progress.finish(jobId, url, state, reason);
    return pageMessage(req, { finalUrl, outcome: state, reason, status, headers });
  };

  if (req.depth > job.maxDepth) return [await refuse('max_depth')];
  // Seeds are in the job by definition; everything found later must pass scope and include/exclude.
  if (req.depth > 0) {
    const refusal = refusalFor(url, job);
    if (refusal) return [await refuse(refusal)];
  }

  const emits: Emit[] = [];
  const limits: SitemapLimits = {
    maxDocuments: config.CRAWL_MAX_SITEMAPS_PER_HOST,
    maxUrls: job.maxPages,
    maxBytes: config.CRAWL_MAX_BODY_BYTES,
  };
  if (config.CRAWL_SITEMAPS && req.depth < job.maxDepth) {
    emits.push(...(await hostSitemaps(deps, req, limits)));
  }

  const result = await deps.fetch(url, true);
  if (signal.aborted) throw new Interrupted('fetch interrupted by shutdown');

  if (result.outcome === 'refused') return [...emits, await refuse(result.reason, result.finalUrl, result.status, result.headers)];
  if (result.outcome === 'unchanged') {
    const links = await deps.validators.links(result.finalUrl);
    emits.push(...(await discoverLinks(progress, log, req, result.finalUrl, links)));
    await progress.finish(jobId, url, 'skipped', 'not_modified');
    return [...emits, pageMessage(req, { ...result, outcome: 'unchanged', reason: 'not_modified' })];
  }

  const contentType = result.headers['content-type'] ?? null;
  const type = mediaType(contentType);
  const xmlish = !isHtmlType(contentType) && (type !== null || looksLikeXml(result.body));

  if (xmlish) {
    const doc = readXmlDiscovery(result.body, result.finalUrl, limits);
    if (!doc) return [...emits, await refuse('content_type_not_allowed', result.finalUrl, result.status, result.headers)];
    const batches = await expandSitemaps((u) => deps.fetch(u, false), [], limits, { url: result.finalUrl, doc });
    emits.push(...(await discoverBatches(deps, req, batches)));
    const reason = doc.kind === 'feed' ? 'feed_expanded' : 'sitemap_expanded';
    return [...emits, await refuse(reason, result.finalUrl, result.status, result.headers)];
  }

  const decoded = decodeHtml(result.body, contentType ?? undefined);
  await progress.mark(jobId, url, 'fetched');
  const page = extractLinks(decoded.text, result.finalUrl, config.CRAWL_MAX_LINKS_PER_PAGE);
  await deps.validators.remember(result.finalUrl, result.headers, page.links);
  emits.push(...(await discoverLinks(progress, log, req, result.finalUrl, page.links)));
  emits.push(
    pageMessage(req, {
      finalUrl: result.finalUrl,
      outcome: 'fetched',
      reason: null,
      status: result.status,
      headers: result.headers,
      body: decoded.text,
      charset: decoded.charset,
      charsetSource: decoded.source,
    }),
  );
  return emits;
}

/** Sitemaps of the request's host (robots.txt Sitemap lines and /sitemap.xml), read once per job and host. */
async function hostSitemaps(deps: ProcessDeps, req: CrawlRequest, limits: SitemapLimits): Promise<Emit[]> {
  const origin = new URL(req.url).origin;
  const marker = `sitemaps-read:${req.jobId}:${origin}`;
  if ((await deps.cache.get(marker)) !== null) return [];
  await deps.cache.set(marker, '1', deps.config.CRAWL_VALIDATORS_TTL_SECONDS);
  const rules = await deps.robots.rulesFor(req.url);
  if (rules.blocked) return [];
  const roots = [...new Set([...rules.sitemaps, `${origin}/sitemap.xml`])];
  const batches = await expandSitemaps((u) => deps.fetch(u, false), roots, limits);
  return discoverBatches(deps, req, batches);
}

async function discoverBatches(deps: ProcessDeps, req: CrawlRequest, batches: EntryBatch[]): Promise<Emit[]> {
  const emits: Emit[] = [];
  for (const batch of batches) emits.push(...(await discoverLinks(deps.progress, deps.log, req, batch.from, batch.urls)));
  return emits;
}
