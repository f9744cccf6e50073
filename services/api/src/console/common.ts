import type { FastifyReply } from 'fastify';
import type { Problem } from './api-client.js';
import { html, type SafeHtml } from './html.js';
import { layout, type Section } from './layout.js';

/** Route options of every console page: HTML for people, left out of the OpenAPI document. */
export const PAGE = { schema: { hide: true } };

/** A form body as the console's forms send it (application/x-www-form-urlencoded). */
export type FormBody = Record<string, string | string[]>;

export const field = (body: unknown, name: string): string => {
  const v = (body as FormBody | undefined)?.[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

export const fields = (body: unknown, name: string): string[] => {
  const v = (body as FormBody | undefined)?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

/** What the API refused, shown in words; a missing key points to the key form. */
export function problemBox(status: number, body: unknown): SafeHtml {
  const p = body as Partial<Problem>;
  const hint =
    status === 401
      ? html` <a href="/console/key">Enter an API key</a>.`
      : status === 403
        ? html` Your key lacks the scope this needs; <a href="/console/key">use another key</a>.`
        : '';
  return html`<p class="error" role="alert"><strong>${p.title ?? `HTTP ${status}`}</strong>: ${p.detail ?? ''} <code>${p.code ?? ''}</code>${hint}</p>`;
}

export function sendPage(reply: FastifyReply, opts: { title: string; titleLang?: string; section: Section; body: SafeHtml; status?: number }): FastifyReply {
  const keySet = /(?:^|;\s*)winnow_key=[^;]+/.test(reply.request.headers.cookie ?? '');
  return reply
    .code(opts.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(layout({ ...opts, keySet }));
}

/** A link that reloads the page: the no-JavaScript way to see fresh figures. */
export const reloadLink = (href: string): SafeHtml => html`<p><a href="${href}" role="button">Reload</a></p>`;

export const time = (iso: string | null | undefined): SafeHtml => (iso ? html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>` : html`–`);
