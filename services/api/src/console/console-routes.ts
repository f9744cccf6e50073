import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { field, type FormBody, PAGE, sendPage } from './common.js';
import { registerDlqPages } from './dlq-pages.js';
import { registerDocumentPages } from './documents-pages.js';
import { html } from './html.js';
import { registerJobPages } from './jobs-pages.js';
import { registerPipelinePages } from './pipeline-pages.js';
import type { OpenStreams } from './sse.js';

const require = createRequire(import.meta.url);

/** Served by the api itself from node_modules and this package: the console needs no CDN. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'htmx.min.js': { file: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'sse.js': { file: require.resolve('htmx-ext-sse/dist/sse.min.js'), type: 'text/javascript; charset=utf-8' },
  'console.css': { file: new URL('../../console-assets/console.css', import.meta.url).pathname, type: 'text/css; charset=utf-8' },
};

const KEY_COOKIE = 'winnow_key';

function parseForm(body: string): FormBody {
  const out: FormBody = Object.create(null) as FormBody;
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The operator console under /console/: server-rendered pages that read and act through the JSON API
 * (see api-client.ts), so the same keys and scopes apply. Its forms post form-encoded bodies, parsed only
 * here: the JSON API keeps reading every body as JSON.
 */
export async function consolePlugin(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1_048_576 }, (_req, body, done) => {
    done(null, parseForm(body as string));
  });
  const streams: OpenStreams = new Set();
  app.addHook('preClose', async () => {
    for (const close of [...streams]) close();
  });

  const assets = new Map(Object.entries(ASSETS).map(([name, a]) => [name, { body: readFileSync(a.file), type: a.type }]));
  app.get('/console/assets/:name', PAGE, async (req, reply) => {
    const asset = assets.get((req.params as { name: string }).name);
    if (!asset) return reply.callNotFound();
    return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  });

  app.get('/console', PAGE, async (_req, reply) => reply.redirect('/console/jobs', 302));

  app.get('/console/key', PAGE, async (_req, reply) =>
    sendPage(reply, {
      title: 'API key',
      section: 'key',
      body: html`<p>With <code>WINNOW_API_KEYS</code> configured, the console acts with the key you enter here. It is kept in an HttpOnly, SameSite=Strict cookie of this browser (<code>winnow_key</code>), never in the page.</p>
<form method="post" action="/console/key" class="stack">
<label>API key <input name="key" type="password" autocomplete="off" size="50"></label>
<button type="submit">Use this key</button>
</form>
<form method="post" action="/console/key" class="stack"><input type="hidden" name="key" value=""><button type="submit">Forget the key</button></form>`,
    }),
  );

  app.post('/console/key', PAGE, async (req, reply) => {
    const key = field(req.body, 'key').trim();
    const attrs = 'Path=/; HttpOnly; SameSite=Strict';
    reply.header('set-cookie', key ? `${KEY_COOKIE}=${encodeURIComponent(key)}; ${attrs}` : `${KEY_COOKIE}=; ${attrs}; Max-Age=0`);
    return reply.redirect('/console/jobs', 303);
  });

  registerJobPages(app, streams);
  registerDocumentPages(app);
  registerDlqPages(app);
  registerPipelinePages(app, streams);
}
