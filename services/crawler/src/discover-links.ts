import type { Emit } from '@winnow/bus';
import type { JobProgress } from '@winnow/crawl-state';
import type { CrawlRequest } from '@winnow/types';
import { hostOf } from '@winnow/url';
import { tryNormalizeUrl } from '@winnow/url';
import type { Logger } from '@winnow/logging';
import { refusalFor } from './url-policy.js';

/**
 * Offers candidate URLs to the job at `depth` and returns crawl.requests for the ones that are new.
 * URLs are normalized first, so tracking-parameter and fragment variants of a page collapse into one.
 * The request's own URL is the discoverer: when a crash loses the emits after the seen-set took the
 * links, the redelivered request is answered 'new' again for every link it admitted, and republishes them.
 */
export async function discoverLinks(
  progress: JobProgress,
  log: Logger,
  from: CrawlRequest,
  discoveredFrom: string,
  candidates: readonly string[],
): Promise<Emit<'crawl.requests'>[]> {
  const { job, jobId } = from;
  const depth = from.depth + 1;
  if (depth > job.maxDepth || candidates.length === 0) return [];
  const urls = new Set<string>();
  for (const raw of candidates) {
    const url = tryNormalizeUrl(raw);
    if (url !== null && refusalFor(url, job) === null) urls.add(url);
  }
  const list = [...urls];
  const results = await Promise.allSettled(list.map((url) => progress.discover(jobId, url, job.maxPages, from.url)));
  const failures = results.filter((r) => r.status === 'rejected');
  // Nothing was recorded, so a retry of the whole message is safe; after a partial failure the URLs that
  // did register must still be emitted, and the others are simply not part of the job.
  if (failures.length > 0 && failures.length === results.length) throw (failures[0] as PromiseRejectedResult).reason;
  if (failures.length > 0) log.warn({ jobId, failed: failures.length, err: (failures[0] as PromiseRejectedResult).reason }, 'some discovered links were not recorded');

  const requestedAt = new Date().toISOString();
  const emits: Emit<'crawl.requests'>[] = [];
  list.forEach((url, i) => {
    const r = results[i];
    if (r?.status !== 'fulfilled' || r.value !== 'new') return;
    emits.push({
      topic: 'crawl.requests',
      key: hostOf(url),
      value: { jobId, url, depth, discoveredFrom, priority: 0, job, requestedAt },
    });
  });
  return emits;
}
