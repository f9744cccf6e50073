import type { Emit } from '@winnow/bus';
import type { JobProgress } from '@winnow/crawl-state';
import type { CrawlRequest } from '@winnow/types';
import { hostOf } from '@winnow/url';
import { tryNormalizeUrl } from '@winnow/url';
import { refusalFor } from './url-policy.js';

/**
 * Offers candidate URLs to the job at `depth` and returns crawl.requests for the ones that are new.
 * URLs are normalized first, so tracking-parameter and fragment variants of a page collapse into one.
 * The request's own URL is the discoverer: when a crash loses the emits after the seen-set took the
 * links, the redelivered request is answered 'new' again for every link it admitted, and republishes them.
 */
export async function discoverLinks(
  progress: JobProgress,
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
  // One call for the page's links: all of them recorded or, when it fails, none, and the whole message is
  // retried (a redelivery is answered 'new' again for the links this request admitted).
  const results = await progress.discoverAll(jobId, list, job.maxPages, from.url);

  const requestedAt = new Date().toISOString();
  const emits: Emit<'crawl.requests'>[] = [];
  list.forEach((url, i) => {
    if (results[i] !== 'new') return;
    emits.push({
      topic: 'crawl.requests',
      key: hostOf(url),
      value: { jobId, url, depth, discoveredFrom, priority: 0, job, requestedAt },
    });
  });
  return emits;
}
