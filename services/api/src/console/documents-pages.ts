import type { FastifyInstance } from 'fastify';
import type { ClusterView, DocumentPage, DocumentView } from '@winnow/read-model';
import { apiClient, isOk, query } from './api-client.js';
import { PAGE, problemBox, reloadLink, sendPage, time } from './common.js';
import { html, type SafeHtml } from './html.js';

const FILTERS = ['q', 'jobId', 'verdict', 'lang', 'site'] as const;

const paragraphsOf = (text: string): string[] => text.split(/\n+/).map((p) => p.trim()).filter(Boolean);

/**
 * The document's text, paragraph by paragraph, with its own words (`novelText`, for a repost) marked: a
 * paragraph that belongs to the novel part is highlighted, the rest is what it copied from its sources.
 */
function highlightedText(doc: Pick<DocumentView, 'text' | 'novelText' | 'lang'>): SafeHtml {
  const novel = new Set(paragraphsOf(doc.novelText ?? ''));
  const marked = doc.novelText !== undefined && doc.novelText !== null;
  return html`<div class="doc-text" lang="${doc.lang}">${paragraphsOf(doc.text).map((p) =>
    marked && novel.has(p) ? html`<p><mark class="novel" data-novel="true">${p}</mark></p>` : html`<p${marked ? html` class="copied"` : ''}>${p}</p>`,
  )}</div>`;
}

function filterForm(q: Record<string, string | undefined>): SafeHtml {
  return html`<form method="get" action="/console/documents" class="filters" role="search" aria-label="Search documents">
<label>Search text <input name="q" type="search" value="${q.q ?? ''}" lang="ko"></label>
<label>Job <input name="jobId" value="${q.jobId ?? ''}" size="36"></label>
<label>Verdict <select name="verdict"><option value="">any</option>${['unique', 'duplicate'].map((v) => html`<option${q.verdict === v ? html` selected` : ''}>${v}</option>`)}</select></label>
<label>Language <input name="lang" value="${q.lang ?? ''}" size="5" placeholder="ko"></label>
<label>Site <input name="site" value="${q.site ?? ''}"></label>
<button type="submit">Search</button>
</form>`;
}

export function registerDocumentPages(app: FastifyInstance): void {
  app.get('/console/documents', PAGE, async (req, reply) => {
    const raw = req.query as Record<string, string | undefined>;
    const q = Object.fromEntries(FILTERS.map((k) => [k, typeof raw[k] === 'string' ? raw[k] : undefined]));
    const page = await apiClient(app, req).get<DocumentPage>(`/v1/documents${query({ ...q, cursor: raw.cursor, limit: 50 })}`);
    const body = html`${filterForm(q)}${reloadLink(req.url)}
${
  isOk(page)
    ? html`<table aria-label="Documents"><tr><th scope="col">title</th><th scope="col">site</th><th scope="col">language</th><th scope="col">verdict</th><th scope="col">fetched</th></tr>
${page.body.items.map((d) => html`<tr><td lang="${d.lang}"><a href="/console/documents/${d.id}">${d.title ?? d.url}</a></td><td>${d.site}</td><td>${d.lang}</td><td>${d.verdict}${d.relation ? html` (${d.relation})` : ''}${d.sources.length > 0 ? html`, embeds ${d.sources.length}` : ''}</td><td>${time(d.fetchedAt)}</td></tr>`)}</table>
${page.body.items.length === 0 ? html`<p>No documents match.</p>` : ''}
${page.body.nextCursor ? html`<p><a href="/console/documents${query({ ...q, cursor: page.body.nextCursor })}">More</a></p>` : ''}`
    : problemBox(page.status, page.body)
}`;
    return sendPage(reply, { title: 'Documents', section: 'documents', body, status: page.status });
  });

  app.get('/console/documents/:id', PAGE, async (req, reply) => {
    const { id } = req.params as { id: string };
    const api = apiClient(app, req);
    const res = await api.get<DocumentView>(`/v1/documents/${encodeURIComponent(id)}`);
    if (!isOk(res)) return sendPage(reply, { title: 'Document', section: 'documents', status: res.status, body: problemBox(res.status, res.body) });
    const d = res.body;
    const [cluster, sources] = await Promise.all([
      d.clusterId ? api.get<ClusterView>(`/v1/clusters/${encodeURIComponent(d.clusterId)}`) : Promise.resolve(null),
      Promise.all(d.sources.map(async (s) => ({ ref: s, doc: await api.get<DocumentView>(`/v1/documents/${encodeURIComponent(s.id)}`) }))),
    ]);
    const member = cluster && isOk(cluster) ? cluster.body.members.find((m) => m.id === d.id) : undefined;
    const body = html`
<dl>
<dt>URL</dt><dd><a href="${d.url}">${d.url}</a></dd>
${d.canonicalUrl !== d.url ? html`<dt>Canonical URL</dt><dd>${d.canonicalUrl}</dd>` : ''}
<dt>Site</dt><dd>${d.site}</dd>
<dt>Byline</dt><dd lang="${d.lang}">${d.byline ?? '–'}</dd>
<dt>Published</dt><dd>${time(d.publishedAt)}</dd>
<dt>Fetched</dt><dd>${time(d.fetchedAt)}</dd>
<dt>Language</dt><dd>${d.lang}</dd>
<dt>Verdict</dt><dd id="verdict">${d.verdict}${d.relation ? html`: ${d.relation}` : ''}${d.duplicateOf ? html` of <a href="/console/documents/${d.duplicateOf}">${d.duplicateOf}</a>` : ''}</dd>
${member ? html`<dt>Evidence</dt><dd>${member.evidence.length > 0 ? member.evidence.map((e) => html`<code>${e}</code> `) : '–'}${member.scores ? html` · jaccard ${member.scores.jaccard.toFixed(2)}, containment ${member.scores.containment.toFixed(2)}` : ''}</dd>` : ''}
</dl>
${
  sources.length > 0
    ? html`<h2>Sources it contains</h2><ul id="sources">${sources.map(({ ref, doc }) =>
        isOk(doc)
          ? html`<li><a href="/console/documents/${ref.id}" lang="${doc.body.lang}">${doc.body.title ?? doc.body.url}</a> (${doc.body.site}) · ${ref.relation}, containment ${ref.containment.toFixed(2)}</li>`
          : html`<li>${ref.id} · ${ref.relation} (not stored here)</li>`,
      )}</ul>`
    : ''
}
<h2>Text</h2>
${d.novelText ? html`<p class="legend"><mark class="novel">highlighted</mark> its own words; the rest is copied from its sources.</p>` : ''}
${highlightedText(d)}
${
  cluster === null
    ? ''
    : isOk(cluster)
      ? html`<h2>Cluster <code>${cluster.body.id}</code></h2>
${cluster.body.reasons.length > 0 ? html`<p>Canonical because: ${cluster.body.reasons.map((r) => html`<code>${r}</code> `)}</p>` : ''}
<table aria-label="Cluster members"><tr><th scope="col">member</th><th scope="col">site</th><th scope="col">verdict</th><th scope="col">evidence</th></tr>
${cluster.body.members.map((m) => html`<tr${m.id === cluster.body.canonicalId ? html` class="canonical"` : ''}><td><a href="/console/documents/${m.id}">${m.title ?? m.url}</a>${m.id === cluster.body.canonicalId ? html` <strong>(canonical)</strong>` : ''}${m.id === d.id ? ' (this document)' : ''}</td><td>${m.site}</td><td>${m.verdict}${m.relation ? html`: ${m.relation}` : ''}</td><td>${m.evidence.join(', ')}</td></tr>`)}</table>`
      : problemBox(cluster.status, cluster.body)
}
${reloadLink(`/console/documents/${d.id}`)}`;
    return sendPage(reply, { title: d.title ?? d.url, titleLang: d.lang, section: 'documents', body });
  });
}
