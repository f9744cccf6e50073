import type { FixtureSite } from '@winnow/testing/sites';
import { waitFor } from './processes.js';

export interface JobView {
  id: string;
  status: 'running' | 'done' | 'cancelled';
  counts: Record<string, number> & { reasons?: Record<string, number> };
  createdAt: string;
  finishedAt: string | null;
}

export interface DocumentView {
  id: string;
  url: string;
  canonicalUrl: string;
  title: string | null;
  lang: string;
  text: string;
  verdict: 'unique' | 'duplicate';
  relation?: string | null;
  duplicateOf?: string | null;
  clusterId: string;
  sources?: Array<{ id: string; relation: string; containment: number }>;
  novelText?: string | null;
  fetchedAt: string;
}

async function json<T>(res: Response, what: string): Promise<T> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${body}`);
  return JSON.parse(body) as T;
}

/** Submits a crawl of the fixture site through the REST API, as a user would with curl. */
export async function submitJob(api: string, site: FixtureSite): Promise<JobView> {
  const res = await fetch(`${api}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seeds: [`${site.origin}/`], maxDepth: 3, maxPages: 50, scope: 'host' }),
  });
  if (res.status !== 201) throw new Error(`POST /v1/jobs answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as JobView;
}

export async function getJob(api: string, id: string): Promise<JobView> {
  return json<JobView>(await fetch(`${api}/v1/jobs/${id}`), `GET /v1/jobs/${id}`);
}

/**
 * Waits until the job is done and `settled` holds. Verdicts may still be revised after a job is done
 * (an original that arrives after its copy takes the canonical place), so a test that expects a final
 * state waits for it rather than for the first moment every URL was final.
 */
export async function waitForDone(
  api: string,
  id: string,
  settled: (job: JobView) => boolean = () => true,
  describe?: () => string,
): Promise<JobView> {
  let last: JobView | undefined;
  return waitFor(
    `job ${id} to be done`,
    async () => {
      last = await getJob(api, id);
      return last.status === 'done' && settled(last) ? last : undefined;
    },
    150_000,
    () => `last seen: ${JSON.stringify(last)}\n${describe?.() ?? ''}`,
  );
}

export async function listDocuments(api: string, query: Record<string, string>): Promise<DocumentView[]> {
  const items: DocumentView[] = [];
  let cursor: string | null = null;
  do {
    const params: URLSearchParams = new URLSearchParams({ ...query, limit: '2', ...(cursor ? { cursor } : {}) });
    const page: { items: DocumentView[]; nextCursor: string | null } = await json(
      await fetch(`${api}/v1/documents?${params}`),
      'GET /v1/documents',
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function getDocument(api: string, id: string): Promise<DocumentView> {
  return json<DocumentView>(await fetch(`${api}/v1/documents/${id}`), `GET /v1/documents/${id}`);
}
