import type { FastifyInstance } from 'fastify';
import { topicNames } from '@winnow/types';
import { apiClient, isOk, query } from './api-client.js';
import { field, fields, PAGE, problemBox, reloadLink, sendPage, time } from './common.js';
import { html, type SafeHtml } from './html.js';

interface DlqList {
  topic: string;
  dlq: string;
  total: number;
  codes: string[];
  items: Array<{ id: string; key: string; code: string; message: string; stage: string; attempt: number; time: string; value: string; valueTruncated: boolean; headers: Record<string, string> }>;
}

interface ReplayResult {
  topic: string;
  dryRun: boolean;
  matched: number;
  replayed: number;
  ids: string[];
  missing: string[];
}

/** Hidden fields that carry a replay's selection from the dry run to its confirmation. */
const selection = (topic: string, code: string, ids: string[]): SafeHtml =>
  html`<input type="hidden" name="topic" value="${topic}">${code ? html`<input type="hidden" name="code" value="${code}">` : ''}${ids.map((id) => html`<input type="hidden" name="ids" value="${id}">`)}`;

export function registerDlqPages(app: FastifyInstance): void {
  app.get('/console/dlq', PAGE, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const topic = typeof q.topic === 'string' && (topicNames as string[]).includes(q.topic) ? q.topic : topicNames[0]!;
    const code = typeof q.code === 'string' ? q.code : '';
    const list = await apiClient(app, req).get<DlqList>(`/v1/dlq/${topic}${query({ code, limit: 200 })}`);
    const tabs = html`<nav aria-label="DLQ topics"><ul>${topicNames.map((t) => html`<li><a href="/console/dlq${query({ topic: t })}"${t === topic ? html` aria-current="page"` : ''}>${t}.dlq</a></li>`)}</ul></nav>`;
    const body = isOk(list)
      ? html`${tabs}
<h2>${list.body.dlq}: ${list.body.total} message${list.body.total === 1 ? '' : 's'}${code ? html` with code <code>${code}</code>` : ''}</h2>
<form method="get" action="/console/dlq" class="filters" aria-label="Filter dead letters">
<input type="hidden" name="topic" value="${topic}">
<label>Error code <select name="code"><option value="">any</option>${list.body.codes.map((c) => html`<option${c === code ? html` selected` : ''}>${c}</option>`)}</select></label>
<button type="submit">Filter</button>
</form>
<form method="post" action="/console/dlq/replay" class="filters" aria-label="Replay the filtered set">
${selection(topic, code, [])}
<button type="submit">Replay all ${code ? html`with code ${code}` : 'listed'}… (dry run first)</button>
</form>
${reloadLink(req.url)}
<table aria-label="Dead letters"><tr><th scope="col">time</th><th scope="col">error code</th><th scope="col">stage</th><th scope="col">attempt</th><th scope="col">original key</th><th scope="col">error</th><th scope="col">message</th><th scope="col">replay</th></tr>
${list.body.items.map(
  (l) => html`<tr data-dead-letter="${l.id}"><td>${time(l.time)}</td><td><code>${l.code}</code></td><td>${l.stage}</td><td>${l.attempt}</td><td><code>${l.key}</code></td><td>${l.message}</td>
<td><details><summary>value${l.valueTruncated ? ' (cut)' : ''}</summary><pre>${l.value}</pre>${l.headers.traceparent ? html`<p>traceparent <code>${l.headers.traceparent}</code></p>` : ''}</details></td>
<td><form method="post" action="/console/dlq/replay" class="inline">${selection(topic, '', [l.id])}<button type="submit" aria-label="Replay ${l.id}">Replay…</button></form></td></tr>`,
)}</table>`
      : html`${tabs}${problemBox(list.status, list.body)}`;
    return sendPage(reply, { title: 'Dead letters', section: 'dlq', body, status: list.status });
  });

  // Every replay is counted first (dry run); the confirmation posts the same selection with confirm=yes.
  app.post('/console/dlq/replay', PAGE, async (req, reply) => {
    const topic = field(req.body, 'topic');
    const code = field(req.body, 'code');
    const ids = fields(req.body, 'ids');
    const confirmed = field(req.body, 'confirm') === 'yes';
    const res = await apiClient(app, req).post<ReplayResult>(`/v1/dlq/${encodeURIComponent(topic)}/replay`, {
      ...(code && { code }),
      ...(ids.length > 0 && { ids }),
      dryRun: !confirmed,
    });
    const back = html`<p><a href="/console/dlq${query({ topic, code })}">Back to ${topic}.dlq</a></p>`;
    if (!isOk(res)) return sendPage(reply, { title: 'Replay refused', section: 'dlq', status: res.status, body: html`${problemBox(res.status, res.body)}${back}` });
    const r = res.body;
    const body = confirmed
      ? html`<p role="status" id="replay-result">Replayed ${r.replayed} message${r.replayed === 1 ? '' : 's'} to ${r.topic}.</p>${back}`
      : html`<p role="status" id="replay-count">Dry run: ${r.matched} message${r.matched === 1 ? '' : 's'} of ${r.topic}.dlq would be sent back to ${r.topic} with their original headers.</p>
${r.missing.length > 0 ? html`<p class="notice">Not found: ${r.missing.join(', ')}</p>` : ''}
${r.matched > 0 ? html`<form method="post" action="/console/dlq/replay">${selection(topic, code, ids)}<input type="hidden" name="confirm" value="yes"><button type="submit">Replay ${r.matched} message${r.matched === 1 ? '' : 's'}</button></form>` : ''}${back}`;
    return sendPage(reply, { title: confirmed ? 'Replayed' : 'Replay: dry run', section: 'dlq', body });
  });
}
