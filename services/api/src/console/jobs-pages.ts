import type { FastifyInstance } from 'fastify';
import type { JobView } from '../job-view.js';
import { apiClient, isOk, query } from './api-client.js';
import { field, PAGE, problemBox, reloadLink, sendPage, time } from './common.js';
import { html, type SafeHtml } from './html.js';
import { sseStream, type OpenStreams } from './sse.js';

interface JobList {
  items: JobView[];
  nextCursor: string | null;
}

const COUNTS = ['discovered', 'fetched', 'failed', 'skipped', 'extracted', 'unique', 'duplicate'] as const;

const statusOf = (job: JobView): SafeHtml => html`<span class="status-${job.status}" data-status="${job.status}">${job.status}</span>`;

function hostsTable(status: number, body: unknown): SafeHtml {
  if (status !== 200) return html`<p>Per-host status is not available (HTTP ${status}).</p>`;
  const items = ((body as { items?: unknown[] }).items ?? (Array.isArray(body) ? body : [])) as Array<Record<string, unknown>>;
  if (items.length === 0) return html`<p>No host fetched yet.</p>`;
  const cols = Object.keys(items[0]!);
  const cell = (v: unknown) =>
    v === null || v === undefined ? '–' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : html`<code>${JSON.stringify(v)}</code>`;
  return html`<table aria-label="Hosts"><tr>${cols.map((c) => html`<th scope="col">${c}</th>`)}</tr>${items.map((h) => html`<tr>${cols.map((c) => html`<td>${cell(h[c])}</td>`)}</tr>`)}</table>`;
}

/** The part of a job's page that updates live: status, cancel button, counts, reasons grouped, hosts. */
function jobLive(job: JobView, hosts: { status: number; body: unknown }): SafeHtml {
  const reasons = Object.entries(job.counts.reasons ?? {}).sort((a, b) => b[1] - a[1]);
  return html`<div id="job-live">
<p>Status: ${statusOf(job)}${job.finishedAt ? html`, finished ${time(job.finishedAt)}` : ''}</p>
${job.status === 'running' ? html`<form method="post" action="/console/jobs/${job.id}/cancel" class="inline"><button type="submit">Cancel job</button></form>` : ''}
<table aria-label="Counts"><tr>${COUNTS.map((c) => html`<th scope="col">${c}</th>`)}</tr>
<tr>${COUNTS.map((c) => html`<td data-count="${c}">${job.counts[c]}</td>`)}</tr></table>
<h2>Failed and skipped, by reason</h2>
${reasons.length === 0 ? html`<p>None.</p>` : html`<table><tr><th scope="col">reason</th><th scope="col">URLs</th></tr>${reasons.map(([r, n]) => html`<tr><td><code>${r}</code></td><td>${n}</td></tr>`)}</table>`}
<h2>Hosts</h2>
${hostsTable(hosts.status, hosts.body)}
</div>`;
}

export function registerJobPages(app: FastifyInstance, streams: OpenStreams): void {
  app.get('/console/jobs', PAGE, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const api = apiClient(app, req);
    const list = await api.get<JobList>(`/v1/jobs${query({ status: q.status, cursor: q.cursor, limit: 50 })}`);
    const body = html`
<form method="post" action="/console/jobs" class="stack" aria-label="Submit a job">
<label>Seed URLs, one per line <textarea name="seeds" rows="3" cols="60" required></textarea></label>
<label>Max depth <input name="maxDepth" type="number" min="0" max="100" value="2"></label>
<label>Max pages <input name="maxPages" type="number" min="1" value="100"></label>
<button type="submit">Submit job</button>
</form>
<form method="get" action="/console/jobs" class="filters" aria-label="Filter jobs">
<label>Status <select name="status"><option value="">any</option>${['running', 'done', 'cancelled'].map((s) => html`<option${q.status === s ? html` selected` : ''}>${s}</option>`)}</select></label>
<button type="submit">Filter</button>
</form>
${reloadLink(req.url)}
${
  isOk(list)
    ? html`<table aria-label="Jobs"><tr><th scope="col">job</th><th scope="col">status</th><th scope="col">seeds</th><th scope="col">discovered</th><th scope="col">unique</th><th scope="col">duplicate</th><th scope="col">created</th></tr>
${list.body.items.map((j) => html`<tr><td><a href="/console/jobs/${j.id}">${j.id}</a></td><td>${statusOf(j)}</td><td>${j.seeds.join(' ')}</td><td>${j.counts.discovered}</td><td>${j.counts.unique}</td><td>${j.counts.duplicate}</td><td>${time(j.createdAt)}</td></tr>`)}</table>
${list.body.nextCursor ? html`<p><a href="/console/jobs${query({ status: q.status, cursor: list.body.nextCursor })}">Older jobs</a></p>` : ''}`
    : problemBox(list.status, list.body)
}`;
    return sendPage(reply, { title: 'Jobs', section: 'jobs', body, status: list.status });
  });

  app.post('/console/jobs', PAGE, async (req, reply) => {
    const seeds = field(req.body, 'seeds').split(/\s+/).filter(Boolean);
    const payload = {
      seeds,
      ...(field(req.body, 'maxDepth') !== '' && { maxDepth: Number(field(req.body, 'maxDepth')) }),
      ...(field(req.body, 'maxPages') !== '' && { maxPages: Number(field(req.body, 'maxPages')) }),
    };
    const created = await apiClient(app, req).post<JobView>('/v1/jobs', payload);
    if (isOk(created)) return reply.redirect(`/console/jobs/${created.body.id}`, 303);
    return sendPage(reply, { title: 'Job not submitted', section: 'jobs', status: created.status, body: html`${problemBox(created.status, created.body)}<p><a href="/console/jobs">Back to jobs</a></p>` });
  });

  app.get('/console/jobs/:id', PAGE, async (req, reply) => {
    const { id } = req.params as { id: string };
    const api = apiClient(app, req);
    const job = await api.get<JobView>(`/v1/jobs/${encodeURIComponent(id)}`);
    if (!isOk(job)) return sendPage(reply, { title: 'Job', section: 'jobs', status: job.status, body: problemBox(job.status, job.body) });
    const hosts = await api.get<unknown>(`/v1/jobs/${encodeURIComponent(id)}/hosts`);
    const j = job.body;
    const live =
      j.status === 'running'
        ? html`<div hx-ext="sse" sse-connect="/console/jobs/${j.id}/events" sse-swap="job" sse-close="end" hx-target="#job-live" hx-swap="outerHTML">${jobLive(j, hosts)}</div>`
        : jobLive(j, hosts);
    const body = html`
<p>Seeds: ${j.seeds.map((s) => html`<a href="${s}">${s}</a> `)} · depth ${j.maxDepth} · at most ${j.maxPages} pages · scope ${j.scope} · created ${time(j.createdAt)}</p>
${reloadLink(`/console/jobs/${j.id}`)}
<p><a href="/console/documents${query({ jobId: j.id })}">Documents of this job</a></p>
${live}`;
    return sendPage(reply, { title: `Job ${j.id}`, section: 'jobs', body });
  });

  app.post('/console/jobs/:id/cancel', PAGE, async (req, reply) => {
    const { id } = req.params as { id: string };
    const res = await apiClient(app, req).post<JobView>(`/v1/jobs/${encodeURIComponent(id)}/cancel`);
    if (isOk(res)) return reply.redirect(`/console/jobs/${encodeURIComponent(id)}`, 303);
    return sendPage(reply, { title: 'Job not cancelled', section: 'jobs', status: res.status, body: html`${problemBox(res.status, res.body)}<p><a href="/console/jobs/${id}">Back to the job</a></p>` });
  });

  // Live counts: one `job` event per second with the fragment above, then `end` once the job stopped running.
  app.get('/console/jobs/:id/events', PAGE, (req, reply) => {
    const { id } = req.params as { id: string };
    const api = apiClient(app, req);
    sseStream(streams, req, reply, 1000, async (send) => {
      const job = await api.get<JobView>(`/v1/jobs/${encodeURIComponent(id)}`);
      if (!isOk(job)) {
        send('end', problemBox(job.status, job.body));
        return false;
      }
      send('job', jobLive(job.body, await api.get<unknown>(`/v1/jobs/${encodeURIComponent(id)}/hosts`)));
      if (job.body.status !== 'running') {
        send('end', html``);
        return false;
      }
      return true;
    });
  });
}
