import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A site that would take minutes to crawl: every page under /slow/ answers after `delayMs` and links to
 * two more, so a job over it is still running when a test cancels it. `pageRequests` counts page fetches.
 */
export interface SlowSite {
  origin: string;
  pageRequests(): number;
  close(): Promise<void>;
}

const WORDS = ['harbour', 'orchestra', 'quarry', 'library', 'valley', 'museum', 'river', 'survey', 'season', 'council'];

export async function startSlowSite(delayMs = 150): Promise<SlowSite> {
  let pages = 0;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://slow').pathname;
    const match = /^\/slow\/(\d+)$/.exec(path);
    if (!match) {
      res.writeHead(path === '/robots.txt' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(path === '/robots.txt' ? 'User-agent: *\nAllow: /\n' : 'not found');
      return;
    }
    pages += 1;
    const n = Number(match[1]);
    const words = Array.from({ length: 60 }, (_, i) => WORDS[(n * 7 + i * 3) % WORDS.length]).join(' ');
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Slow page ${n}</title></head><body><article><h1>Slow page ${n}</h1>
<p>Report number ${n} from the slow archive. ${words}.</p><p>Page ${n} closes with its own line, number ${n * 31}.</p></article>
<a href="/slow/${2 * n + 1}">next</a> <a href="/slow/${2 * n + 2}">other</a></body></html>`);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    pageRequests: () => pages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
