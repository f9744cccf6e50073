import { expect } from 'vitest';
import { startSlowSite } from '@winnow/testing/sites';
import { waitFor } from './support/processes.js';
import { getJob, type JobView } from './support/scenario.js';

/**
 * Cancels a job mid-crawl through the REST API and checks what a user would: the job ends `cancelled`,
 * the site sees at most the request already in flight (one connection per host) after the cancel, every
 * URL the job discovered still reaches a final state (its queued ones skipped as `job_cancelled`), and
 * the job's hosts show what happened.
 */
export async function expectCancelStopsCrawl(api: string, describe: () => string): Promise<void> {
  const site = await startSlowSite();
  try {
    const res = await fetch(`${api}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seeds: [`${site.origin}/slow/0`], maxDepth: 10, maxPages: 500, scope: 'host' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as JobView;
    await waitFor('three slow pages to be fetched', async () => (site.pageRequests() >= 3 ? true : undefined), 60_000, describe);

    const cancelled = await fetch(`${api}/v1/jobs/${id}/cancel`, { method: 'POST' });
    const atCancel = site.pageRequests();
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as JobView).status).toBe('cancelled');

    const settled = await waitFor(
      'every URL of the cancelled job to reach a final state',
      async () => {
        const job = await getJob(api, id);
        const c = job.counts;
        return c['discovered']! > 0 && c['failed']! + c['skipped']! + c['unique']! + c['duplicate']! === c['discovered'] ? job : undefined;
      },
      90_000,
      describe,
    );
    expect(settled.status).toBe('cancelled');
    expect(site.pageRequests()).toBeLessThanOrEqual(atCancel + 1);
    expect(settled.counts.reasons?.['job_cancelled']).toBeGreaterThan(0);
    expect((await fetch(`${api}/v1/jobs/${id}/cancel`, { method: 'POST' })).status).toBe(200);

    const hosts = (await (await fetch(`${api}/v1/jobs/${id}/hosts`)).json()) as { items: Array<Record<string, unknown>> };
    expect(hosts.items).toEqual([
      expect.objectContaining({ host: new URL(site.origin).host, robots: 'fetched', skipped: expect.objectContaining({ job_cancelled: expect.any(Number) }) }),
    ]);
    expect(hosts.items[0]!['fetched']).toBeGreaterThanOrEqual(3);
    expect(Date.parse(String(hosts.items[0]!['lastFetchAt']))).not.toBeNaN();

    const list = (await (await fetch(`${api}/v1/jobs?status=cancelled`)).json()) as { items: JobView[] };
    expect(list.items.map((j) => j.id)).toContain(id);
  } finally {
    await site.close();
  }
}
