import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface FixtureServer {
  port: number;
  /** `http://<hostname>:<port>` for a fixture host name the test resolver maps to this server. */
  origin(hostname?: string): string;
  /** Paths requested, in order, with their request headers and arrival time (from `now`, default Date.now). */
  requests: { path: string; headers: IncomingMessage['headers']; at: number }[];
  hits(path: string): number;
  close(): Promise<void>;
}

/** A loopback HTTP server with a fixed route table; unknown paths are 404s. */
export async function startFixtureServer(
  routes: Record<string, Route>,
  host = '127.0.0.1',
  now: () => number = Date.now,
): Promise<FixtureServer> {
  const requests: FixtureServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers, at: now() });
    const route = routes[path] ?? routes[path.split('?')[0]!];
    if (route) return route(req, res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: (hostname = host) => `http://${hostname}:${port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const html =
  (body: string, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };

export const bytes =
  (body: Buffer, headers: Record<string, string>): Route =>
  (_req, res) => {
    res.writeHead(200, headers).end(body);
  };

export const redirect =
  (location: string, status = 301): Route =>
  (_req, res) => {
    res.writeHead(status, { location }).end();
  };

export const text =
  (body: string, status = 200, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
  };

export const page = (title: string, links: string[] = [], extra = ''): string =>
  `<!doctype html><html><head><title>${title}</title>${extra}</head><body><h1>${title}</h1>` +
  links.map((l) => `<a href="${l}">${l}</a>`).join(' ') +
  '</body></html>';
