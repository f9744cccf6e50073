import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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

/**
 * Points the article's own links at itself (they lead to the real web, or 404 on loopback) and returns it
 * split where the crawl's links go: right after <body>, where a site's navigation sits.
 */
function withoutLinks(article: string): [string, string] {
  const html = article.replace(/(<a\b[^>]*?\shref\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/gi, '$1"#"');
  const body = /<body\b[^>]*>/i.exec(html);
  return body ? [html.slice(0, body.index + body[0].length), html.slice(body.index + body[0].length)] : ['', html];
}

/** Every paragraph's inner HTML of every article, long enough to be prose. */
function paragraphPool(articles: string[]): string[] {
  return articles.flatMap((a) => [...a.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)].map((m) => m[1] ?? '').filter((p) => p.replace(/<[^>]+>/g, '').length > 80));
}

/**
 * Article i's page with each paragraph replaced by one drawn (deterministically, by i) from all articles: a
 * real page's layout and real prose, but a text no other page has.
 */
function varied(article: string, pool: string[], i: number): string {
  let seed = Math.imul(i + 1, 2654435761) >>> 0;
  const next = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 2246822519) + 3266489917) >>> 0;
    return seed % pool.length;
  };
  return article.replace(/(<p\b[^>]*>)[\s\S]*?(<\/p>)/gi, (_m, open: string, close: string) => `${open}${pool[next()]}${close}`);
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
  // Each page is prepared once: rewriting a 400 KB page's links on every request made the site, one
  // thread serving every host, the slowest part of a crawl. Varied pages are made when first asked for.
  const pool = vary ? paragraphPool(articles) : [];
  const prepared = new Map<number, [string, string]>();
  const pageOf = (i: number): [string, string] => {
    const key = i < articles.length || pool.length === 0 ? i % articles.length : i;
    let parts = prepared.get(key);
    if (!parts) {
      const article = articles[key % articles.length] as string;
      parts = withoutLinks(key < articles.length ? article : varied(article, pool, key));
      if (key < articles.length) prepared.set(key, parts);
    }
    return parts;
  };
  const html = (i: number) => {
    const [head, rest] = pageOf(i);
    const links = [2 * i + 1, 2 * i + 2, i + 1, (i * 7 + 3) % pages, 0].filter((j) => j < pages).map(urlOf);
    return `${head}<nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav>${rest}`;
  };
  for (let h = 0; h < hosts; h++) {
    const server = createServer((req, res) => {
      const m = /^\/a\/(\d+)$/.exec(req.url ?? '');
      const i = m ? Number(m[1]) : -1;
      if (i < 0 || i >= pages) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(i));
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
