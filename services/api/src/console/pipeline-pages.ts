import type { FastifyInstance } from 'fastify';
import type { PipelineView } from '../pipeline-routes.js';
import { apiClient, isOk } from './api-client.js';
import { PAGE, problemBox, reloadLink, sendPage, time } from './common.js';
import { html, type SafeHtml } from './html.js';
import { sseStream, type OpenStreams } from './sse.js';

function pipelineTable(p: PipelineView): SafeHtml {
  return html`<div id="pipeline-live"><p>Sampled ${time(p.sampledAt)}</p>
${
  p.stages.length === 0
    ? html`<p>No consumer group has read anything yet.</p>`
    : html`<table aria-label="Consumer groups"><tr><th scope="col">stage (consumer group)</th><th scope="col">topic</th><th scope="col">lag</th><th scope="col">handled</th><th scope="col">messages/s</th></tr>
${p.stages.map((s) => html`<tr><td>${s.group}</td><td>${s.topic}</td><td data-lag="${s.lag}">${s.lag}</td><td>${s.position}</td><td>${s.perSecond === null ? '…' : s.perSecond.toFixed(1)}</td></tr>`)}</table>`
}</div>`;
}

export function registerPipelinePages(app: FastifyInstance, streams: OpenStreams): void {
  app.get('/console/pipeline', PAGE, async (req, reply) => {
    const res = await apiClient(app, req).get<PipelineView>('/v1/pipeline');
    const body = isOk(res)
      ? html`${reloadLink('/console/pipeline')}
<div hx-ext="sse" sse-connect="/console/pipeline/events" sse-swap="pipeline" hx-target="#pipeline-live" hx-swap="outerHTML">${pipelineTable(res.body)}</div>`
      : problemBox(res.status, res.body);
    return sendPage(reply, { title: 'Pipeline', section: 'pipeline', body, status: res.status });
  });

  app.get('/console/pipeline/events', PAGE, (req, reply) => {
    const api = apiClient(app, req);
    sseStream(streams, req, reply, 2000, async (send) => {
      const res = await api.get<PipelineView>('/v1/pipeline');
      if (!isOk(res)) return false;
      send('pipeline', pipelineTable(res.body));
      return true;
    });
  });
}
