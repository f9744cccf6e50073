import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchSite {
  /** One origin per host (same address, different ports: different hosts for politeness). */
  origins: string[];
  /** Page URLs, N in total, spread round-robin over the hosts. */
  urls: string[];
  /** Page requests served (robots.txt and sitemap probes not counted). */
  served(): number;
  reset(): void;
  close(): Promise<void>;
}

const PARAGRAPH =
  'Winnow turns the open web into clean, deduplicated text. This paragraph is filler that gives each page a ' +
  'realistic weight, so parsing and link extraction cost what they cost on a real news page. ';

/**
 * A loopback site of `pages` pages over `hosts` servers. Page i links to its two children in a binary
 * tree (2i+1, 2i+2), so a crawl from page 0 reaches every page within log2(pages) levels, and to a few
 * pages it shares with others (the next page, one far away), which the crawler must recognise as seen.
 */
export async function startBenchSite(pages: number, hosts: number): Promise<BenchSite> {
  const servers: Server[] = [];
  const origins: string[] = [];
  let served = 0;
  const urlOf = (i: number) => `${origins[i % hosts]}/p/${i}`;
  for (let h = 0; h < hosts; h++) {
    const server = createServer((req, res) => {
      const m = /^\/p\/(\d+)$/.exec(req.url ?? '');
      const i = m ? Number(m[1]) : -1;
      if (i < 0 || i >= pages) {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>not found</h1>');
        return;
      }
      served += 1;
      const links = [2 * i + 1, 2 * i + 2, i + 1, (i * 7 + 3) % pages, 0].filter((j) => j < pages).map(urlOf);
      const body =
        `<!doctype html><html><head><meta charset="utf-8"><title>Page ${i}</title></head><body>` +
        `<nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav>` +
        `<article><h1>Page ${i}</h1>${`<p>${PARAGRAPH.repeat(4)}</p>`.repeat(8)}</article></body></html>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    origins.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return {
    origins,
    urls: Array.from({ length: pages }, (_, i) => urlOf(i)),
    served: () => served,
    reset: () => {
      served = 0;
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}
