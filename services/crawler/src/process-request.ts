import { asTextField, Utf8Text, type Emit } from '@winnow/bus';
import { decodeIn, htmlCharset } from '@winnow/extract';
import type { Logger } from '@winnow/logging';
import { jobCompletedEvent, type JobProgress, type TtlCache } from '@winnow/crawl-state';
import type { CrawlRequest } from '@winnow/types';
import { inScope } from '@winnow/url';
import type { CrawlerConfig } from './config.js';
import { isHtmlType, mediaType } from './content-types.js';
import { discoverLinks } from './discover-links.js';
import { looksLikeXml } from './feeds-sitemaps.js';
import type { PageResult } from './fetch-page.js';
import { extractLinks, extractLinksFromUtf8 } from './links.js';
import { pageMessage } from './page-message.js';
import { finalStateFor } from './reasons.js';
import type { RobotsGate } from './robots-gate.js';
import { expandSitemaps, readXmlDiscovery, type EntryBatch, type SitemapLimits } from './sitemaps.js';
import { refusalFor } from './url-policy.js';
import { hasValidators, type ConditionalRequests } from './conditional-requests.js';

export interface ProcessDeps {
  config: CrawlerConfig;
  progress: JobProgress;
  cache: TtlCache;
  log: Logger;
  robots: RobotsGate;
  conditionalRequests: ConditionalRequests;
  /**
   * `page` sends stored validators (except those `jobId` itself stored) and applies the content-type
   * allowlist; `sitemap` takes any type (the XML decides).
   */
  fetch: (url: string, kind: 'page' | 'sitemap', jobId?: string) => Promise<PageResult>;
}

/** Raised when shutdown interrupted a fetch: the message must come back, not end as failed. */
export class Interrupted extends Error {}

/**
 * One crawl request, start to finish: scope and depth, the fetch, what follows from its result, and host
 * sitemaps. Always leaves the URL in a final state in JobProgress (or marked fetched) and returns the
 * pages.fetched message plus a crawl.request for every newly discovered URL, and the job's `job.completed`
 * event when this URL was the job's last. The final state is recorded after the discoveries, so a feed or
 * a 304 whose links are still being offered never lets its job look complete. Safe to run again for the
 * same request after a crash lost its emits: the seen-set answers 'new' again to this request for the
 * links it admitted, host sitemaps are read again by the request that claimed them, and validators the
 * job stored itself are not sent, so the page comes back whole rather than as a 304.
 */
export async function processRequest(deps: ProcessDeps, req: CrawlRequest, signal: AbortSignal): Promise<Emit[]> {
  const { progress, config } = deps;
  const { job, jobId, url } = req;

  let final: { state: 'failed' | 'skipped'; reason: string } | null = null;
  const refuse = (reason: string, finalUrl = url, status = 0, headers: Record<string, string> = {}) => {
    const state = finalStateFor(reason);
    final = { state, reason };
    return pageMessage(req, { finalUrl, outcome: state, reason, status, headers });
  };
  // Records the URL's final state (if it has one) once everything it discovered is recorded.
  const settle = async (emits: Emit[]): Promise<Emit[]> => {
    if (final && (await progress.finish(jobId, url, final.state, final.reason))) {
      emits.push({ topic: 'jobs.events', key: jobId, value: await jobCompletedEvent(progress, jobId) });
    }
    return emits;
  };

  // A cancelled job's queued URLs end here, skipped, so its counts still add up.
  if (await progress.cancelled(jobId)) return settle([refuse('job_cancelled')]);
  if (req.depth > job.maxDepth) return settle([refuse('max_depth')]);
  // Seeds are in the job by definition; everything found later must pass scope and include/exclude.
  if (req.depth > 0) {
    const refusal = refusalFor(url, job);
    if (refusal) return settle([refuse(refusal)]);
  }

  const limits: SitemapLimits = {
    maxDocuments: config.CRAWL_MAX_SITEMAPS_PER_HOST,
    maxUrls: job.maxPages,
    maxBytes: config.CRAWL_MAX_BODY_BYTES,
  };
  const found: EntryBatch[] = [];
  const result = await deps.fetch(url, 'page', jobId);
  if (signal.aborted) throw new Interrupted('fetch interrupted by shutdown');
  // Noted alongside the page's own bookkeeping below: independent writes, one round trip for all.
  const noted = result.outcome !== 'refused' || result.reason !== 'job_cancelled' ? noteHost(deps, req) : Promise.resolve();
  noted.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled

  let page: Emit<'pages.fetched'>;
  if (result.outcome === 'refused') {
    page = refuse(result.reason, result.finalUrl, result.status, result.headers);
  } else if (result.outcome === 'unchanged') {
    found.push({ from: result.finalUrl, urls: await deps.conditionalRequests.links(result.finalUrl) });
    final = { state: 'skipped', reason: 'not_modified' };
    page = pageMessage(req, { ...result, outcome: 'unchanged', reason: 'not_modified' });
  } else {
    const contentType = result.headers['content-type'] ?? null;
    const xmlish = !isHtmlType(contentType) && (mediaType(contentType) !== null || looksLikeXml(result.body));
    const doc = xmlish ? readXmlDiscovery(result.body, result.finalUrl, limits) : null;
    if (xmlish && !doc) {
      page = refuse('content_type_not_allowed', result.finalUrl, result.status, result.headers);
    } else if (doc) {
      found.push(...(await expandSitemaps((u) => deps.fetch(u, 'sitemap'), [], limits, { url: result.finalUrl, doc })));
      const reason = doc.kind === 'feed' ? 'feed_expanded' : 'sitemap_expanded';
      page = refuse(reason, result.finalUrl, result.status, result.headers);
    } else {
      const encoding = htmlCharset(result.body, contentType ?? undefined);
      const { charset, source } = encoding;
      // Well-formed UTF-8 (most pages) is never decoded here: its links are read from the bytes and the bus
      // writes them as the message's body. Anything else is decoded, replacing what its encoding cannot read.
      const utf8 = charset === 'utf-8' && source !== 'bom' ? Utf8Text.of(result.body) : null;
      const text = utf8 === null ? decodeIn(result.body, encoding) : null;
      // A page at the job's last depth leads nowhere in this job: its links are worth a parse only when
      // they are stored with validators, for a later job's 304.
      const linksWanted = req.depth < job.maxDepth || hasValidators(result.headers);
      const maxLinks = config.CRAWL_MAX_LINKS_PER_PAGE;
      const links = !linksWanted ? [] : (text === null ? extractLinksFromUtf8(result.body, result.finalUrl, maxLinks) : extractLinks(text, result.finalUrl, maxLinks)).links;
      await Promise.all([deps.conditionalRequests.remember(result.finalUrl, result.headers, links, jobId), progress.mark(jobId, url, 'fetched')]);
      found.push({ from: result.finalUrl, urls: links });
      page = pageMessage(req, {
        finalUrl: result.finalUrl,
        outcome: 'fetched',
        reason: null,
        status: result.status,
        headers: result.headers,
        body: utf8 === null ? text : asTextField(utf8),
        charset,
        charsetSource: source,
      });
    }
  }

  if (config.CRAWL_SITEMAPS && req.depth < job.maxDepth) found.push(...(await hostSitemaps(deps, req, limits)));
  const emits: Emit[] = [];
  for (const batch of found) emits.push(...(await discoverLinks(progress, req, batch.from, batch.urls)));
  await noted;
  emits.push(page);
  return settle(emits);
}

/** The host's robots state and politeness delay as this request met them (GET /v1/jobs/:id/hosts). */
async function noteHost(deps: ProcessDeps, req: CrawlRequest): Promise<void> {
  const rules = await deps.robots.rulesFor(req.url);
  await deps.progress.noteHost(req.jobId, new URL(req.url).host, {
    robots: rules.state,
    delayMs: rules.delayMs,
    lastFetchAt: new Date().toISOString(),
  });
}

/**
 * Sitemaps of the request's host (robots.txt Sitemap lines and /sitemap.xml), read once per job and host.
 * The marker names the request that claimed the reading, so that request, redelivered after a crash that
 * lost its emits, reads them again and republishes the URLs it admitted from them.
 */
async function hostSitemaps(deps: ProcessDeps, req: CrawlRequest, limits: SitemapLimits): Promise<EntryBatch[]> {
  // Only the job's own sites: with scope "any", every external host's sitemap would flood the job.
  const { job } = req;
  if (!inScope(req.url, job.seeds, job.scope === 'any' ? 'host' : job.scope)) return [];
  const origin = new URL(req.url).origin;
  const marker = `sitemaps-read:${req.jobId}:${origin}`;
  const claimedBy = await deps.cache.get(marker);
  if (claimedBy !== null && claimedBy !== req.url) return [];
  if (claimedBy === null) await deps.cache.set(marker, req.url, deps.config.CRAWL_VALIDATORS_TTL_SECONDS);
  const rules = await deps.robots.rulesFor(req.url);
  if (rules.blocked) return [];
  const roots = [...new Set([...rules.sitemaps, `${origin}/sitemap.xml`])];
  return expandSitemaps((u) => deps.fetch(u, 'sitemap'), roots, limits);
}
