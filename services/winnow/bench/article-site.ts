import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface ArticleSite {
  /** Page URLs, spread round-robin over the hosts; page 0 is the seed. */
  urls: string[];
  /** The HTML page i serves, byte for byte, so the floor extracts exactly what the crawl fetches. */
  html(i: number): string;
  close(): Promise<void>;
}

/** The real article pages of ../shared/extraction-bench (evaluation data, read at run time, never copied). */
export function readArticles(dir: string): string[] {
  const htmlDir = join(dir, 'html');
  const files = readdirSync(htmlDir).filter((f) => /\.html(\.gz)?$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no *.html or *.html.gz pages in ${htmlDir}`);
  return files.map((f) => {
    const raw = readFileSync(join(htmlDir, f));
    return (f.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  });
}

/** The article with its own links pointed at itself: they lead to the real web, or 404 on loopback. */
const withoutLinks = (article: string): string => article.replace(/(<a\b[^>]*?\shref\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/gi, '$1"#"');

/** A page split where the crawl's links go: right after <body>, where a site's navigation sits. */
function atBody(html: string): [string, string] {
  const body = /<body\b[^>]*>/i.exec(html);
  return body ? [html.slice(0, body.index + body[0].length), html.slice(body.index + body[0].length)] : ['', html];
}

const PARAGRAPH = /(<p\b[^>]*>)([\s\S]*?)(<\/p>)/gi;

/** Every paragraph's inner HTML of every article, long enough to be prose. */
function paragraphPool(articles: string[]): string[] {
  return articles.flatMap((a) => [...a.matchAll(PARAGRAPH)].map((m) => m[2] ?? '').filter((p) => p.replace(/<[^>]+>/g, '').length > 80));
}

/**
 * A page split around its paragraphs' inner HTML: `parts[0] <p> parts[1] </p> ...`, joined with one
 * paragraph between each pair. Found once per article, so that a varied page is a join, not a regular
 * expression over a 200 KB page (20,000 of them took minutes to write for the floor).
 */
function aroundParagraphs(html: string): string[] {
  const parts: string[] = [];
  let at = 0;
  for (const m of html.matchAll(PARAGRAPH)) {
    parts.push(html.slice(at, m.index + (m[1] ?? '').length));
    at = m.index + m[0].length - (m[3] ?? '').length;
  }
  parts.push(html.slice(at));
  return parts;
}

/**
 * The article split by aroundParagraphs with each paragraph replaced by one drawn (deterministically,
 * by i) from all articles: a real page's layout and real prose, but a text no other page has.
 */
function varied(parts: string[], pool: string[], i: number): string {
  let seed = Math.imul(i + 1, 2654435761) >>> 0;
  const next = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 2246822519) + 3266489917) >>> 0;
    return seed % pool.length;
  };
  let html = parts[0] ?? '';
  for (let p = 1; p < parts.length; p++) html += pool[next()]! + parts[p]!;
  return html;
}

/**
 * A loopback site of `pages` pages over `hosts` servers (one port each: separate hosts for politeness).
 * Page i is article i mod articles.length with links to 2i+1, 2i+2 (a binary tree, so a crawl from page 0
 * reaches all) and to pages others link too (i+1, one far away, the seed), which the crawler must see as seen.
 */
export async function startArticleSite(articles: string[], pages: number, hosts: number, vary = false): Promise<ArticleSite> {
  const servers: Server[] = [];
  const origins: string[] = [];
  const urlOf = (i: number) => `${origins[i % hosts]}/a/${i}`;
  // Each article is prepared once (links rewritten, split where varied pages differ): rewriting a 400 KB
  // page's links on every request made the site, one thread serving every host, the slowest part of a
  // crawl. Links are rewritten before paragraphs are drawn, so drawn paragraphs carry none either.
  const linkless = articles.map(withoutLinks);
  const pool = vary ? paragraphPool(linkless) : [];
  const split = vary ? linkless.map(aroundParagraphs) : [];
  const pageOf = (i: number): [string, string] => {
    const a = i % articles.length;
    return atBody(i < articles.length || pool.length === 0 ? linkless[a]! : varied(split[a]!, pool, i));
  };
  const nav = (i: number): string => {
    const links = [2 * i + 1, 2 * i + 2, i + 1, (i * 7 + 3) % pages, 0].filter((j) => j < pages).map(urlOf);
    return `<nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav>`;
  };
  const html = (i: number) => {
    const [head, rest] = pageOf(i);
    return `${head}${nav(i)}${rest}`;
  };
  // What the server sends: each article's two halves encoded to UTF-8 once, the page's links between them. A
  // page built as one string and encoded per request cost the site (on the cores the pipeline runs on) more
  // than a millisecond a page: a 200 KB string is a V8 large object, freshly mapped each time.
  const utf8 = ([head, rest]: [string, string]): [Buffer, Buffer] => [Buffer.from(head), Buffer.from(rest)];
  const encoded = vary ? [] : linkless.map((a) => utf8(atBody(a)));
  // Sent as three writes in one (cork): joining them was a fresh 200 KB buffer a request, filled by a copy.
  const send = (i: number, res: ServerResponse): void => {
    const [head, rest] = encoded[i % articles.length] ?? utf8(pageOf(i));
    const links = Buffer.from(nav(i));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': head.length + links.length + rest.length });
    res.cork();
    res.write(head);
    res.write(links);
    res.end(rest);
  };
  for (let h = 0; h < hosts; h++) {
    const server = createServer((req, res) => {
      const m = /^\/a\/(\d+)$/.exec(req.url ?? '');
      const i = m ? Number(m[1]) : -1;
      if (i < 0 || i >= pages) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      send(i, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    origins.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return {
    urls: Array.from({ length: pages }, (_, i) => urlOf(i)),
    html,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
